"""The editing foundation in the real window (offscreen): a crashed session's edits offered on open,
the feature history dock and its restore, a conflict on save resolved per feature, the selection
kept by fid. What counts is the project file on disk, read back with GDAL."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pyogrio
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from parkgis.core.project import Project  # noqa: E402
from parkgis.gui.edit_dialogs import ConflictDialog, RecoveryDialog  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402


def names_on_disk(path):
    frame = pyogrio.read_dataframe(path, layer="地块", fid_as_index=True)
    return dict(zip(frame.index.tolist(), frame["name"].tolist(), strict=True))


def answer_next(kind, act):
    """Run ``act(dialog)`` on the next modal dialog of type ``kind`` that comes up."""
    seen = []

    def poll(tries=[0]):  # noqa: B006 — a counter shared by the retries
        box = QApplication.activeModalWidget()
        if isinstance(box, kind):
            seen.append(box)
            act(box)
            return
        tries[0] += 1
        if tries[0] < 250:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def window(qtbot, zh, settings):
    win = MainWindow(settings, interactive=True)
    yield win
    win.interactive = False
    win.close()
    win.deleteLater()


def crash_a_session(path, fid, value):
    """A real process edits a name and is killed before saving."""
    script = textwrap.dedent(f"""
        import sys, parkgis
        project = parkgis.open_project(sys.argv[1])
        project.edit("地块").set_attribute({fid}, "name", {value!r})
        print("done", flush=True)
        import time; time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "done"
    child.send_signal(signal.SIGKILL)
    child.communicate()


def test_edits_of_a_crashed_session_are_offered_on_open_and_saved(window, sample_project):
    before = names_on_disk(sample_project)
    fid = min(before)
    crash_a_session(sample_project, fid, "崩溃前的编辑")
    seen = answer_next(RecoveryDialog, lambda box: box.recover_button.click())
    assert window.open_project_path(sample_project)
    assert len(seen) == 1 and "1" in seen[0].text()
    assert names_on_disk(sample_project) == before                 # recovered, not saved yet
    assert window.is_modified() and window.isWindowModified()
    window.show_attribute_table(window.project.layer("地块"))
    model = window.table_panel.model
    row = [r for r in range(model.rowCount()) if model.fid(r) == fid][0]
    assert model.index(row, model.columns.index("name")).data() == "崩溃前的编辑"
    assert window.save_project()
    assert names_on_disk(sample_project)[fid] == "崩溃前的编辑"
    assert Project.open(sample_project).recoverable() == []


def test_discarding_the_recovery_removes_the_journal(window, sample_project):
    before = names_on_disk(sample_project)
    crash_a_session(sample_project, min(before), "不要了")
    answer_next(RecoveryDialog, lambda box: box.discard_button.click())
    assert window.open_project_path(sample_project)
    assert not window.is_modified()
    assert Project.open(sample_project).recoverable() == []
    assert names_on_disk(sample_project) == before


def test_the_history_dock_shows_versions_and_restores_one_undoably(window, sample_project, qtbot):
    project = Project.open(sample_project)
    fid = min(names_on_disk(sample_project))
    original = names_on_disk(sample_project)[fid]
    with project.edit("地块") as edit:
        edit.set_attribute(fid, "name", "第二版")
    project.close()
    assert window.open_project_path(sample_project)
    layer = window.project.layer("地块")
    window.history_dock.show()
    window.selection.select_fids(layer, [fid])
    panel = window.history_panel
    assert panel.table.rowCount() == 2
    assert [panel.table.item(r, 3).text() for r in range(2)] == ["最初存储", "属性已修改"]
    panel.table.selectRow(0)
    assert window.canvas.overlay("history") is not None                     # the old version drawn
    assert panel.restore_button.isEnabled()
    panel.restore_button.click()
    assert window.is_modified()
    assert window.undo_stack.undo_text.startswith(f"恢复 地块 #{fid} 第 1 版")
    window.act_undo.trigger()
    assert not window.is_modified()
    window.act_redo.trigger()
    assert window.save_project()
    assert names_on_disk(sample_project)[fid] == original
    assert [h.operation for h in Project.open(sample_project).history("地块", fid)] == \
        ["stored", "attributes", "restore"]


def test_a_conflict_on_save_is_resolved_per_feature(window, sample_project):
    assert window.open_project_path(sample_project)
    fids = sorted(names_on_disk(sample_project))
    session = window.project.edit(window.project.layer("地块"))
    session.set_attribute(fids[0], "name", "我的一")
    session.set_attribute(fids[1], "name", "我的二")
    other = Project.open(sample_project)                 # another planner saves the same two parcels
    with other.edit("地块") as edit:
        edit.set_attribute(fids[0], "name", "他的一")
        edit.set_attribute(fids[1], "name", "他的二")
    other.close()

    def choose(dialog: ConflictDialog):
        assert sorted(c.fid for c in dialog.conflicts) == fids[:2]
        dialog.choices[0].setCurrentIndex(dialog.choices[0].findData("theirs"))
        dialog.choices[1].setCurrentIndex(dialog.choices[1].findData("mine"))
        dialog.done(QDialog.DialogCode.Accepted)
    seen = answer_next(ConflictDialog, choose)
    assert window.save_project()
    assert seen
    on_disk = names_on_disk(sample_project)
    assert (on_disk[fids[0]], on_disk[fids[1]]) == ("他的一", "我的二")
    assert not window.is_modified()


def test_a_conflict_of_different_changes_is_offered_merged_with_the_check_and_saved_merged(window, sample_project):
    import shapely
    assert window.open_project_path(sample_project)
    fid = sorted(names_on_disk(sample_project))[0]
    session = window.project.edit(window.project.layer("地块"))
    session.set_attribute(fid, "name", "我的名字")
    other = Project.open(sample_project)                 # another planner moves the same parcel's boundary
    moved = shapely.affinity.translate(other.layer("地块").feature(fid).geometry, 3.0, 0.0)
    with other.edit("地块") as edit:
        edit.set_geometry(fid, moved)
    other.close()

    def choose(dialog: ConflictDialog):
        box = dialog.choices[0]
        assert box.currentData() == "merge"                      # offered first: nothing clashes
        assert "合并结果" in box.toolTip() and "审查" in box.toolTip()
        dialog.done(QDialog.DialogCode.Accepted)
    seen = answer_next(ConflictDialog, choose)
    assert window.save_project()
    assert seen
    saved = Project.open(sample_project).layer("地块").feature(fid)
    assert saved.attributes["name"] == "我的名字"
    assert saved.geometry.equals(moved)


def test_the_selection_is_kept_by_fid_when_a_feature_before_it_goes(window, sample_project):
    assert window.open_project_path(sample_project)
    layer = window.project.layer("地块")
    fids = sorted(layer.gdf.index)
    window.selection.select_fids(layer, [fids[2]])
    with window.project.edit(layer) as edit:   # commits and closes
        edit.delete_feature(fids[0])
    assert window.selection.selected_fids(layer).tolist() == [fids[2]]
    assert window.selection.selected(layer).tolist() == [1]          # its row moved up, it stayed selected


def test_geometry_edits_not_yet_saved_are_drawn_as_they_are_in_the_session(window, sample_project):
    import shapely
    assert window.open_project_path(sample_project)
    layer = window.project.layer("地块")
    fid = int(layer.gdf.index[0])
    moved = shapely.affinity.translate(layer.feature(fid).geometry, 25.0, 0.0)
    window.project.edit(layer).set_geometry(fid, moved)
    overlay = window.canvas.overlay(f"session:{layer.id}")
    assert overlay is not None and len(overlay.gdf) == 1
    assert shapely.to_wkb(overlay.gdf.geometry.iloc[0]) == shapely.to_wkb(moved)
    window.act_undo.trigger()
    assert window.canvas.overlay(f"session:{layer.id}") is None
    window.act_redo.trigger()
    assert window.save_project()                      # committed: the layer itself now draws it
    assert window.canvas.overlay(f"session:{layer.id}") is None
    assert layer.feature(fid).geometry.equals_exact(moved, 0)


def test_a_layer_added_to_the_project_by_anyone_reaches_the_views(window, sample_project):
    """No dialog pushes layers into the panel or the map: the window follows the project's events."""
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer
    assert window.open_project_path(sample_project)
    crs = window.project.crs
    extra = VectorLayer("脚本添加", gpd.GeoDataFrame({"n": [1]}, geometry=[shapely.box(0, 0, 50, 50)], crs=crs))
    window.project.add_layer(extra)
    assert extra in window.layer_model.layers()
    assert extra in window.canvas.layers()
    window.project.remove_layer("脚本添加")
    assert extra not in window.layer_model.layers() and extra not in window.canvas.layers()


def test_features_deleted_or_moved_in_a_session_are_not_drawn_from_the_layer(window, sample_project):
    import shapely
    assert window.open_project_path(sample_project)
    layer = window.project.layer("地块")
    fid, moved_fid = (int(f) for f in layer.gdf.index[:2])
    window.project.edit(layer).delete_feature(fid)
    window.project.edit(layer).set_geometry(moved_fid, shapely.affinity.translate(
        layer.feature(moved_fid).geometry, 500.0, 0.0))
    assert window.canvas.hidden_rows(layer) == tuple(sorted(layer.positions([fid, moved_fid]).tolist()))
    window.act_undo.trigger()                             # the move undone: only the deleted one hidden
    assert window.canvas.hidden_rows(layer) == (layer.position(fid),)
    window.act_undo.trigger()
    assert window.canvas.hidden_rows(layer) == ()
    window.act_redo.trigger()
    assert window.save_project()                          # committed: the layer no longer has it at all
    assert window.canvas.hidden_rows(layer) == ()
    assert not layer.has_feature(fid)


def test_the_desktop_opens_a_team_database_asks_the_password_and_saves_into_it(window, postgis_server, tmp_path,
                                                                             monkeypatch):
    import geopandas as gpd
    import shapely
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.layers import VectorLayer
    from parkgis.core.roles import Role
    from parkgis.core.store.postgis import publish_project

    local = tmp_path / "园区.gpkg"
    project = Project(local)
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame(
        {"name": ["甲"]}, geometry=[shapely.box(500_000, 4_400_000, 500_100, 4_400_100)], crs=4545),
        role=Role.PARCELS))
    project.save()
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema="gui_team")
    publish_project(local, url)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    asked = []
    monkeypatch.setattr(window, "_ask_password", lambda label: asked.append(label) or ADMIN_PASSWORD)
    assert window.open_project_path(url)
    assert asked == [url] and "(未保存)" not in window.windowTitle()
    window.project.edit(window.project.layer("地块")).set_attribute(1, "name", "乙")
    assert window.check_changed_elsewhere() == []
    other = Project.open(url, password_prompt=lambda label: ADMIN_PASSWORD)   # a colleague moves the parcel
    with other.edit("地块") as edit:
        edit.set_geometry(1, shapely.box(500_000, 4_400_000, 500_090, 4_400_100))
    other.close()
    (changed,) = window.check_changed_elsewhere()
    assert changed[0] == "地块" and changed[1].fid == 1
    assert "他人已修改您正在编辑的要素：地块 #1" in window.statusBar().currentMessage()
    answer_next(ConflictDialog, lambda dialog: dialog.done(QDialog.DialogCode.Accepted))   # 合并, the default
    assert window.save_project()
    rows = postgis_server.admin_sql('SELECT name, parkgis_version, ST_Area(geom) FROM gui_team."地块"')
    assert rows == [("乙", 3, 9000.0)]                            # both edits: merged
    window.project.close()
