"""The conflict dialog's versions side by side on the map, in the real window (offscreen): a real
conflict — two edit sessions on one GeoPackage project — met on save, the dialog opened as the app
opens it; the panes' figures against hand-derived areas (squares in EPSG:4545, 1 亩 = 10000/15 m²), the
pixels of each pane showing its own version, and each button's outcome read back from the file."""

from __future__ import annotations

import os

import geopandas as gpd
import pytest
import shapely

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QApplication  # noqa: E402

from parkgis.core.layers import VectorLayer  # noqa: E402
from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.edit_dialogs import ConflictDialog  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402

X0, Y0 = 500_000, 4_400_000      # EPSG:4545


def box(a, b, c, d):
    return shapely.box(X0 + a, Y0 + b, X0 + c, Y0 + d)


BASE = box(100, 100, 300, 300)          # 40 000 m² = 60 亩
THEIRS = box(100, 100, 330, 300)        # east edge 30 m out: 46 000 m² = 69 亩, 1 000 m² of it in the red line
MINE = box(100, 100, 300, 320)          # north edge 20 m out: 44 000 m² = 66 亩
ONLY_MINE = (X0 + 200, Y0 + 310)        # in mine's northern strip, in no other version
ONLY_THEIRS = (X0 + 312, Y0 + 250)      # in theirs' eastern strip, outside the red line
OUTSIDE = (X0 + 200, Y0 + 350)          # in no version


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(settings, interactive=True)
    yield win
    win.interactive = False
    win.close()
    win.deleteLater()


def make_project(tmp_path, red_lines):
    path = tmp_path / "园区.gpkg"
    project = Project.create(path)
    parcels = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"], "RJL": [1.0, 1.0], "YT": ["工业", "工业"]},
                               geometry=[BASE, box(400, 100, 600, 300)], crs=4545)
    project.add_layer(VectorLayer("城镇开发边界", gpd.GeoDataFrame({"NAME": ["开发边界"]},
                                                                geometry=[box(0, 0, 1000, 1000)], crs=4545),
                                  role=Role.UDB))
    project.add_layer(VectorLayer("生态保护红线", gpd.GeoDataFrame({"NAME": ["红线"] * len(red_lines)},
                                                                geometry=red_lines, crs=4545), role=Role.ECO_REDLINE))
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.save()
    project.close()
    return path


def meet_conflict(window, path):
    """Mine is edited in the window; meanwhile another planner saves theirs."""
    assert window.open_project_path(path)
    session = window.project.edit(window.project.layer("地块"))
    session.set_geometry(1, MINE)
    session.set_attribute(1, "DKBH", "A-01甲")
    other = Project.open(path)
    with other.edit("地块") as edit:
        edit.set_geometry(1, THEIRS)
        edit.set_attribute(1, "RJL", 1.2)
    other.close()


def on_dialog(act):
    """Run ``act(dialog)`` on the conflict dialog when the save opens it (modal: from a timer)."""
    from PySide6.QtCore import QTimer

    seen = []

    def poll(tries=[0]):  # noqa: B006 — a counter shared by the retries
        box = QApplication.activeModalWidget()
        if isinstance(box, ConflictDialog):
            seen.append(box)
            try:
                act(box)
            except BaseException as exc:  # noqa: BLE001 — raised again in the test
                seen.append(exc)
                box.reject()
            return
        tries[0] += 1
        if tries[0] < 500:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)
    return seen


def pixel(pane, xy):
    canvas = pane.canvas
    assert canvas.wait_for_render()
    image = canvas.render_to_image()
    px, py = canvas.view.to_screen(*xy)
    return image.pixelColor(int(px), int(py))


def is_blue(c):
    return c.blue() - c.red() > 60


def is_orange(c):
    return c.red() - c.blue() > 60


def is_green(c):
    return c.green() - c.red() > 40 and c.green() - c.blue() > 20


def saved_parcel(path):
    return Project.open(path).layer("地块").feature(1)


def grab(dialog, name):
    """PARKGIS_GRAB=DIR saves the dialog as DIR/NAME.png (to look at it)."""
    if os.environ.get("PARKGIS_GRAB"):
        for pane in dialog.panes.values():
            pane.canvas.wait_for_render()
        QApplication.processEvents()
        dialog.grab().save(os.path.join(os.environ["PARKGIS_GRAB"], f"{name}.png"))


def check_panes_zh(dialog):
    dialog.resize(1280, 860)
    QApplication.processEvents()
    panes = dialog.panes
    assert all(panes[v].isVisibleTo(dialog) for v in ("base", "theirs", "mine", "merged"))
    assert panes["base"].title.text() == "原始（您开始编辑时的版本）"
    assert panes["theirs"].title.text().startswith("对方（他人已保存）\n由 ")
    assert panes["mine"].title.text() == "我的（未保存）"
    assert panes["merged"].title.text() == "合并结果"
    areas = {v: p.area_label.text() for v, p in panes.items()}
    assert areas == {"base": "面积：40,000.00 平方米（60.0000 亩）", "theirs": "面积：46,000.00 平方米（69.0000 亩）",
                     "mine": "面积：44,000.00 平方米（66.0000 亩）", "merged": "面积：50,000.00 平方米（75.0000 亩）"}
    assert [panes[v].change_label.text() for v in ("theirs", "mine", "merged")] == [
        "较原始增减：+9.0000 亩", "较原始增减：+6.0000 亩", "较原始增减：+15.0000 亩"]
    assert [panes[v].differs_label.text() for v in ("theirs", "mine", "merged")] == [
        "与原始不重合的面积：9.0000 亩", "与原始不重合的面积：6.0000 亩", "与原始不重合的面积：15.0000 亩"]
    assert [panes[v].check_label.text() for v in ("base", "theirs", "mine", "merged")] == [
        "三区三线：符合", "三区三线：占用生态保护红线 1.5000 亩", "三区三线：符合", "三区三线：占用生态保护红线 1.5000 亩"]
    # each pane draws its own version: mine's strip only on 我的 and 合并结果, theirs' only on 对方 and 合并结果
    assert is_blue(pixel(panes["mine"], ONLY_MINE)) and not is_orange(pixel(panes["mine"], ONLY_THEIRS))
    assert is_orange(pixel(panes["theirs"], ONLY_THEIRS)) and not is_blue(pixel(panes["theirs"], ONLY_MINE))
    assert pixel(panes["theirs"], ONLY_MINE) == pixel(panes["theirs"], OUTSIDE)
    assert pixel(panes["base"], ONLY_MINE) == pixel(panes["base"], OUTSIDE)
    assert is_green(pixel(panes["merged"], ONLY_MINE)) and is_green(pixel(panes["merged"], ONLY_THEIRS))
    assert {p.canvas.view for p in panes.values()} == {panes["base"].canvas.view}      # one extent
    fields = dialog.fields_table
    rows = {fields.item(r, 0).text(): [fields.item(r, c).text() for c in range(1, 5)] for r in range(fields.rowCount())}
    assert rows == {"地块编号": ["A-01", "A-01", "A-01甲", "A-01甲"], "容积率": ["1.0", "1.2", "1.0", "1.2"]}
    assert dialog.merge_button.isEnabled() and dialog.merge_reason.text() == ""


@pytest.mark.parametrize("button", ["keep_theirs_button", "keep_mine_button", "merge_button"])
def test_the_versions_are_drawn_side_by_side_and_each_button_saves_its_choice(window, zh, tmp_path, button):
    path = make_project(tmp_path, [box(320, 0, 380, 200)])
    meet_conflict(window, path)

    def act(dialog):
        check_panes_zh(dialog)
        grab(dialog, "conflict_zh")
        if button == "merge_button":                 # zoom into one pane: every pane follows, all on one view
            panes = dialog.panes
            before = panes["theirs"].canvas.view
            panes["mine"].canvas.zoom_by(2.0)
            assert panes["theirs"].canvas.view != before
            assert {p.canvas.view for p in panes.values()} == {panes["mine"].canvas.view}
            assert is_blue(pixel(panes["mine"], ONLY_MINE)) and is_orange(pixel(panes["theirs"], ONLY_THEIRS))
        getattr(dialog, button).click()              # one feature: the choice closes the dialog
    seen = on_dialog(act)
    assert window.save_project()
    assert seen and not isinstance(seen[-1], BaseException), seen[-1]
    saved = saved_parcel(path)
    if button == "keep_theirs_button":
        assert saved.geometry.equals(THEIRS) and (saved.attributes["DKBH"], saved.attributes["RJL"]) == ("A-01", 1.2)
    elif button == "keep_mine_button":
        assert saved.geometry.equals(MINE) and (saved.attributes["DKBH"], saved.attributes["RJL"]) == ("A-01甲", 1.0)
    else:
        assert saved.geometry.area == pytest.approx(50_000.0)
        assert saved.geometry.equals(shapely.union(THEIRS, MINE))       # both strips, not the corner
        assert (saved.attributes["DKBH"], saved.attributes["RJL"]) == ("A-01甲", 1.2)
    assert not window.is_modified()


def test_a_merge_that_would_overlap_the_red_line_more_is_refused_and_says_why(window, zh, tmp_path):
    # mine also reaches a red-line patch (x 100–150, y 310–320 = 500 m² = 0.75 亩): merged 1 500 m² = 2.25 亩
    path = make_project(tmp_path, [box(320, 0, 380, 200), box(0, 310, 150, 400)])
    meet_conflict(window, path)

    def act(dialog):
        dialog.resize(1280, 860)
        assert not dialog.merge_button.isEnabled()
        assert dialog.merge_reason.text() == ("无法合并：合并结果与三区三线冲突（占用生态保护红线：2.2500 亩，"
                                              "对方版本 1.5000 亩，我的版本 0.7500 亩）")
        assert dialog.panes["mine"].check_label.text() == "三区三线：占用生态保护红线 0.7500 亩"
        assert dialog.choices[0].findData("merge") == -1
        dialog.merge_button.click()                  # disabled: nothing happens
        assert dialog.isVisible()
        grab(dialog, "conflict_refused_zh")
        dialog.keep_mine_button.click()
    seen = on_dialog(act)
    assert window.save_project()
    assert seen and not isinstance(seen[-1], BaseException), seen[-1]
    assert saved_parcel(path).geometry.equals(MINE)


def test_the_panes_in_english(window, en, tmp_path):
    path = make_project(tmp_path, [box(320, 0, 380, 200)])
    meet_conflict(window, path)

    def act(dialog):
        dialog.resize(1280, 860)
        panes = dialog.panes
        assert panes["mine"].area_label.text() == "Area: 44,000.00 m² (66.0000 mu)"
        assert panes["theirs"].change_label.text() == "Change against the original: +9.0000 mu"
        assert panes["merged"].differs_label.text() == "Area that differs from the original: 15.0000 mu"
        assert panes["theirs"].check_label.text() == "三区三线: in the ecological red line 1.5000 mu"
        assert panes["base"].check_label.text() == "三区三线: compliant"
        QApplication.processEvents()
        assert {p.canvas.view for p in panes.values()} == {panes["base"].canvas.view}      # one extent
        assert is_orange(pixel(panes["theirs"], ONLY_THEIRS)) and is_blue(pixel(panes["mine"], ONLY_MINE))
        assert (dialog.keep_theirs_button.text(), dialog.keep_mine_button.text(), dialog.merge_button.text()) == \
            ("Keep theirs", "Keep mine", "Merge")
        grab(dialog, "conflict_en")
        dialog.keep_theirs_button.click()
    seen = on_dialog(act)
    assert window.save_project()
    assert seen and not isinstance(seen[-1], BaseException), seen[-1]
    assert saved_parcel(path).geometry.equals(THEIRS)


def test_a_conflict_in_the_team_database_is_shown_side_by_side_and_merged_into_it(window, zh, postgis_server,
                                                                                  tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.store.postgis import publish_project

    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema=f"panes_{os.getpid()}")
    publish_project(make_project(tmp_path, [box(320, 0, 380, 200)]), url)
    meet_conflict(window, url)

    def act(dialog):
        check_panes_zh(dialog)                         # the same figures and pixels as on the GeoPackage
        dialog.merge_button.click()
    seen = on_dialog(act)
    assert window.save_project()
    assert seen and not isinstance(seen[-1], BaseException), seen[-1]
    schema = url.rsplit("schema=", 1)[1]
    rows = postgis_server.admin_sql(f'SELECT "DKBH", "RJL", ST_Area(geom) FROM {schema}."地块" WHERE fid = 1')
    assert rows == [("A-01甲", 1.2, 50000.0)]
    window.project.close()


def test_with_two_features_a_choice_shows_the_next_and_a_clashing_field_is_highlighted(window, zh, tmp_path):
    path = make_project(tmp_path, [box(320, 0, 380, 200)])
    assert window.open_project_path(path)
    session = window.project.edit(window.project.layer("地块"))
    session.set_geometry(1, MINE)
    session.set_attribute(2, "RJL", 3.0)
    other = Project.open(path)
    with other.edit("地块") as edit:
        edit.set_geometry(1, THEIRS)
        edit.set_attribute(2, "RJL", 2.0)            # the same field, another value: no merge
    other.close()

    def act(dialog):
        dialog.resize(1280, 860)
        assert [c.fid for c in dialog.conflicts] == [1, 2]
        assert dialog.detail_title.text() == "要素 1（A-01）：各版本对照" and dialog.merge_button.isEnabled()
        dialog.keep_theirs_button.click()
        assert dialog.isVisible() and dialog.current_row() == 1          # on to the next feature
        assert dialog.detail_title.text() == "要素 2（A-02）：各版本对照"
        assert dialog.panes["mine"].area_label.text() == "面积：40,000.00 平方米（60.0000 亩）"
        assert not dialog.panes["merged"].isVisibleTo(dialog)          # no merge: no merged pane
        assert not dialog.merge_button.isEnabled()
        assert dialog.merge_reason.text().startswith("无法合并：") and "RJL" in dialog.merge_reason.text()
        table = dialog.fields_table
        assert [table.item(0, c).text() for c in range(4)] == ["容积率", "1.0", "2.0", "3.0"]
        assert table.item(0, 2).background().color().name() == "#ffc9c9"      # changed on both sides
        grab(dialog, "conflict_clash_zh")
        dialog.keep_mine_button.click()
    seen = on_dialog(act)
    assert window.save_project()
    assert seen and not isinstance(seen[-1], BaseException), seen[-1]
    saved = Project.open(path).layer("地块")
    assert saved.feature(1).geometry.equals(THEIRS) and saved.feature(2).attributes["RJL"] == 3.0


def test_a_parcel_deleted_by_someone_else_is_shown_deleted_and_keep_theirs_deletes_it(window, zh, tmp_path):
    path = make_project(tmp_path, [box(320, 0, 380, 200)])
    assert window.open_project_path(path)
    window.project.edit(window.project.layer("地块")).set_geometry(1, MINE)
    other = Project.open(path)
    with other.edit("地块") as edit:
        edit.delete_feature(1)
    other.close()

    def act(dialog):
        dialog.resize(1280, 860)
        panes = dialog.panes
        assert panes["theirs"].area_label.text() == "此版本中已删除" and panes["theirs"].check_label.text() == ""
        assert panes["mine"].area_label.text() == "面积：44,000.00 平方米（66.0000 亩）"
        assert pixel(panes["theirs"], ONLY_MINE) == pixel(panes["theirs"], OUTSIDE)
        assert not dialog.merge_button.isEnabled() and dialog.merge_reason.text().startswith("无法合并：")
        dialog.keep_theirs_button.click()
    seen = on_dialog(act)
    assert window.save_project()
    assert seen and not isinstance(seen[-1], BaseException), seen[-1]
    assert not Project.open(path).layer("地块").has_feature(1)
