"""The live change warning in the real window (offscreen) against the private PostgreSQL server: a
colleague's commit to a feature an open session edits is said in the status bar within 2 s, naming
the feature and the colleague, and marked on the map; a commit to a feature nobody edits here says
nothing."""

from __future__ import annotations

import itertools
import os

import pytest

pytest.importorskip("PySide6")

import geopandas as gpd  # noqa: E402
import shapely  # noqa: E402

from parkgis.core.layers import VectorLayer  # noqa: E402
from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402
from parkgis.gui.team_watch import OVERLAY  # noqa: E402

X0, Y0 = 500_000, 4_400_000
WARNING = "他人已修改您正在编辑的要素："
SCHEMAS = itertools.count(1)


@pytest.fixture
def window(qtbot, zh, settings):
    win = MainWindow(settings, interactive=False)
    yield win
    win.close()
    win.deleteLater()


@pytest.fixture
def team_url(postgis_server, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.store.postgis import grant_role, publish_project
    local = tmp_path / "园区.gpkg"
    project = Project(local)
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame(
        {"name": ["甲", "乙"]}, geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100),
                                         shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 100)], crs=4545),
        role=Role.PARCELS))
    project.save()
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema=f"gui_live_{next(SCHEMAS)}_{os.getpid()}")
    publish_project(local, url)
    postgis_server.admin_sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'colleague_zhao') "
                             "THEN CREATE ROLE colleague_zhao LOGIN PASSWORD 'zhao-pw'; END IF; END $$")
    grant_role(url, "editor", ["colleague_zhao"])
    return url


def colleague_commits(url, fid, geometry=None, name=None):
    other = Project.open(url.replace("parkgis_admin@", "colleague_zhao:zhao-pw@"))
    with other.edit("地块") as edit:
        if geometry is not None:
            edit.set_geometry(fid, geometry)
        if name is not None:
            edit.set_attribute(fid, "name", name)
    other.close()


def test_a_colleagues_commit_to_a_feature_being_edited_is_warned_within_two_seconds(window, qtbot, team_url):
    assert window.open_project_path(team_url)
    watch = window.team_watch
    qtbot.waitUntil(lambda: watch.listening, timeout=5000)
    window.project.edit(window.project.layer("地块")).set_attribute(1, "name", "丙")
    window.statusBar().clearMessage()
    # a commit to the parcel nobody edits here: heard, and nothing said
    with qtbot.waitSignal(watch._bridge.changed, timeout=5000, check_params_cb=lambda _l, fid, _v: fid == 2):
        colleague_commits(team_url, 2, name="乙改")
    qtbot.waitUntil(lambda: not watch._gather.isActive(), timeout=2000)
    assert WARNING not in window.statusBar().currentMessage()
    assert window.canvas.overlay(OVERLAY) is None
    # the parcel being edited: the warning within 2 s, naming it and who changed it
    moved = shapely.box(X0, Y0, X0 + 90, Y0 + 100)
    with qtbot.waitSignal(watch.warned, timeout=2000) as warned:
        colleague_commits(team_url, 1, geometry=moved)
    (item,) = warned.args[0]
    assert (item.layer, item.conflict.fid, item.conflict.base_version, item.conflict.current_version) == \
        ("地块", 1, 1, 2)
    message = window.statusBar().currentMessage()
    assert WARNING in message and "地块 #1（" in message and "colleague_zhao" in message and "修改）" in message
    mark = window.canvas.overlay(OVERLAY)
    (geometry,) = mark.gdf.geometry
    assert geometry.equals_exact(moved, 0)
    window.canvas.wait_for_render()
    window.canvas.grab().save("/tmp/teamlive_warning.png")
    window.project.discard_edits()                           # rolled back: the mark goes
    qtbot.waitUntil(lambda: window.canvas.overlay(OVERLAY) is None, timeout=2000)


def test_save_as_writes_a_team_database_project_to_a_file_that_is_then_edited(window, qtbot, team_url, tmp_path,
                                                                             monkeypatch):
    import pyogrio
    from PySide6.QtWidgets import QFileDialog
    assert window.open_project_path(team_url)
    qtbot.waitUntil(lambda: window.team_watch.listening, timeout=5000)
    target = tmp_path / "另存.gpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.save_project_as()
    frame = pyogrio.read_dataframe(target, layer="地块", fid_as_index=True)
    assert dict(zip(frame.index, frame["name"], strict=True)) == {1: "甲", 2: "乙"}
    assert not window.project.is_database and window.project.path == target
    assert window.team_watch.watcher is None                        # nothing to listen to on a file
    assert "另存为 另存.gpkg" in window.statusBar().currentMessage()
    window.project.edit(window.project.layer("地块")).set_attribute(2, "name", "丁")
    assert window.save_project()
    assert pyogrio.read_dataframe(target, layer="地块", fid_as_index=True).loc[2, "name"] == "丁"
    rows = Project.open(team_url).layer("地块")                      # the database is untouched
    assert rows.feature(2).attributes["name"] == "乙"
