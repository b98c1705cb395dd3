"""The 导出网页地图 dialog: layer and field choices reach the page, the export runs on a worker thread
and writes atomically, bad choices are refused before anything is written, and the File menu
gets its action through ``install(window)``."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("folium")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402

from parkgis.core.project import Project  # noqa: E402
from parkgis.gui import webmap_dialog  # noqa: E402
from parkgis.gui.webmap_dialog import WebMapExportDialog, default_aliases  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"
DATA_RE = re.compile(r'<script type="application/json" id="pk-data">(.*?)</script>', re.S)


@pytest.fixture
def project(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "ordos_sample.gpkg")
    return Project.open(tmp_path / "ordos_sample.gpkg")


@pytest.fixture
def english(en):
    return en


@pytest.fixture
def chinese(zh):
    return zh


def page_data(path: Path) -> dict:
    return json.loads(DATA_RE.search(path.read_text(encoding="utf-8")).group(1))


def make_dialog(qtbot, project, settings, tmp_path):
    dialog = WebMapExportDialog(project, settings=settings, interactive=False)
    qtbot.addWidget(dialog)
    dialog.out_edit.setText(str(tmp_path / "out" / "园区.html"))
    (tmp_path / "out").mkdir()
    return dialog


def export(dialog, qtbot):
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as blocker:
        assert dialog.export()
        # busy while the worker runs: inputs locked, the dialog refuses to close
        assert dialog.is_running() and not dialog.progress.isHidden()
        assert not dialog.export_button.isEnabled() and not dialog.layer_tree.isEnabled()
        dialog.reject()
        assert dialog.is_running()
    return Path(blocker.args[0])


def test_defaults_follow_the_project(qtbot, chinese, project, settings, tmp_path):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    tree = dialog.layer_tree
    # top layer first, as in the layer panel; every drawable layer checked
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == \
        ["地块", "园区四至", "城镇开发边界", "永久基本农田", "生态保护红线", "三区空间"]
    assert dialog.selected_layers() == [lyr.name for lyr in project.layers]
    assert tree.currentItem().text(0) == "地块"             # the parcels' fields are shown first
    assert tree.topLevelItem(0).text(2) == "1,025"
    assert dialog.field_table.rowCount() == 23
    by_field = {dialog.field_table.item(r, 0).text(): dialog.field_table.item(r, 1).text()
                for r in range(dialog.field_table.rowCount())}
    assert by_field["DKBH"] == "地块编号"
    assert by_field["RJL"] == "容积率 ≥"                       # 标准地 indicators carry their bound
    assert by_field["TZQD"] == "固定资产投资强度（万元/亩）≥"
    assert dialog.fields_option() is None                      # nothing changed: the page's defaults
    assert dialog.title_edit.placeholderText() == "鄂尔多斯园区示例工程 · 园区规划图"
    assert dialog.options()["basemap"] == "none" and dialog.options()["colour_by"] == "status"
    assert default_aliases(project.layer("园区四至"))["YQMC"] == "园区名称"


def test_export_writes_the_chosen_layers_fields_and_title(qtbot, chinese, project, settings, tmp_path,
                                                          monkeypatch):
    from parkgis import webmap

    threads = []
    real = webmap.render_webmap

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(webmap, "render_webmap", spy)
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    dialog.set_layer_checked("永久基本农田", False)
    dialog.set_field("地块", "DKBH", alias="宗地编号")
    dialog.set_field("地块", "QPJ", shown=False)
    dialog.title_edit.setText("准格尔 <b>园区</b> 规划")
    dialog.colour_combo.setCurrentIndex(dialog.colour_combo.findData("lifecycle"))
    path = export(dialog, qtbot)

    assert threads and threads[0] is not threading.main_thread()
    assert path == tmp_path / "out" / "园区.html"
    assert sorted(p.name for p in path.parent.iterdir()) == ["园区.html"]   # atomic: no temporary left
    data = page_data(path)
    assert [lyr["name"] for lyr in data["layers"]] == ["三区空间", "生态保护红线", "城镇开发边界", "园区四至", "地块"]
    parcels = next(lyr for lyr in data["layers"] if lyr["name"] == "地块")
    assert "宗地编号" in parcels["fields"] and "地块编号" not in parcels["fields"]
    assert "起拍价（万元）" not in parcels["fields"]
    assert "容积率 ≥" in parcels["fields"]                  # unchanged aliases kept
    assert len(parcels["features"]) == 1025
    assert data["title"] == "准格尔 <b>园区</b> 规划" and data["scheme"] == "lifecycle"
    html = path.read_text(encoding="utf-8")
    assert "<title>准格尔 &lt;b&gt;园区&lt;/b&gt; 规划</title>" in html     # the title is escaped
    assert "<b>园区</b>" not in html

    result = dialog.last_result
    assert result["size"] == path.stat().st_size
    assert result["summary"] == {"compliant": 971, "constrained": 11, "prohibited": 43}
    assert "已导出 园区.html" in dialog.status_label.text()
    assert "符合 971，有条件 11，不符合 43。" in dialog.status_label.text()
    # the offer to preview: enabled and the default button now
    assert dialog.preview_button.isEnabled() and dialog.preview_button.isDefault()
    assert not dialog.is_running() and dialog.export_button.isEnabled()
    assert settings.value("webmap/colour_by") == "lifecycle"

    opened = []
    dialog.preview_callback = opened.append
    dialog.preview_button.click()
    assert opened == [str(path)]


def test_the_page_is_rendered_from_a_snapshot_not_the_live_project(qtbot, chinese, project, settings, tmp_path):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    for name in ("生态保护红线", "永久基本农田", "城镇开发边界", "园区四至"):
        dialog.set_layer_checked(name, False)
    with qtbot.waitSignal(dialog.exported, timeout=120_000) as blocker:
        assert dialog.export()
        # an edit made while the worker runs does not reach this export
        project.layer("地块").gdf.iloc[0, project.layer("地块").gdf.columns.get_loc("DKMC")] = "导出后才改的名称"
    assert "导出后才改的名称" not in Path(blocker.args[0]).read_text(encoding="utf-8")


@pytest.mark.parametrize(("basemap", "key", "url", "expected"), [
    ("tianditu", "", "", "天地图底图需要密钥（tk）。"),
    ("url", "", "", "请输入瓦片 URL。"),
    ("url", "", "https://tiles.example.org/tile.png", "--basemap 瓦片地址须含 {z}、{x} 和 {y}"),
])
def test_bad_base_map_choices_write_nothing(qtbot, chinese, project, settings, tmp_path, basemap, key, url,
                                            expected):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    dialog.basemap_combo.setCurrentIndex(dialog.basemap_combo.findData(basemap))
    assert dialog.key_edit.isVisibleTo(dialog) == (basemap == "tianditu")
    assert dialog.url_edit.isVisibleTo(dialog) == (basemap == "url")
    dialog.key_edit.setText(key)
    dialog.url_edit.setText(url)
    assert not dialog.export()
    assert expected in dialog.status_label.text()
    assert not dialog.is_running()
    assert list((tmp_path / "out").iterdir()) == []


def test_no_layer_and_missing_folder_are_refused(qtbot, chinese, project, settings, tmp_path):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    dialog.none_button.click()
    assert dialog.selected_layers() == [] and not dialog.export_button.isEnabled()
    assert not dialog.export() and dialog.status_label.text() == "请至少选择一个图层。"
    dialog.all_button.click()
    dialog.out_edit.setText(str(tmp_path / "nowhere" / "map.html"))
    assert not dialog.export()
    assert dialog.status_label.text() == f"文件夹 {tmp_path / 'nowhere'} 不存在。"


def test_tianditu_choice_reaches_the_page(qtbot, chinese, project, settings, tmp_path):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    for name in ("永久基本农田", "生态保护红线"):
        dialog.set_layer_checked(name, False)
    dialog.basemap_combo.setCurrentIndex(dialog.basemap_combo.findData("tianditu"))
    dialog.key_edit.setText("0123456789abcdef0123456789abcdef")
    data = page_data(export(dialog, qtbot))
    assert [b["name"] for b in data["basemaps"]] == ["天地图矢量", "天地图影像"]
    assert "tk=0123456789abcdef0123456789abcdef" in data["basemaps"][0]["tiles"][0]["url"]
    assert settings.value("webmap/basemap") == "tianditu"


def test_chinese_ui(qtbot, chinese, project, settings, tmp_path):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    assert dialog.windowTitle() == "导出网页地图"
    assert dialog.export_button.text() == "导出"
    assert dialog.basemap_combo.itemText(0) == "无底图（离线）"


def test_install_adds_the_file_menu_actions(qtbot, chinese, settings, project):
    from parkgis.gui.main_window import MainWindow

    window = MainWindow(settings=settings, interactive=False)
    qtbot.addWidget(window)
    action = webmap_dialog.install(window)
    assert webmap_dialog.install(window) is action            # idempotent
    assert action.objectName() == "actExportWebMap"
    preview = window.findChild(QAction, "actPreviewWebMap")
    menu = window.menu_file
    names = [a.objectName() for a in menu.actions()]
    assert names.index("actExportWebMap") + 1 == names.index("actPreviewWebMap")
    assert menu.actions().index(preview) < menu.actions().index(window.act_exit)
    assert not action.isEnabled()                              # no project yet
    window.set_project(project)
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(WebMapExportDialog)
    assert dialog is not None and dialog.isVisible() and dialog.project is project
    assert dialog.windowModality() != Qt.WindowModality.NonModal
    dialog.reject()


def test_two_exports_in_a_row_on_one_worker_thread(qtbot, chinese, project, settings, tmp_path, monkeypatch):
    """The second export reuses the dialog's worker thread and its PROJ context: on a QThreadPool thread
    pyproj's context was freed with the per-run thread state and this second run segfaulted."""
    from parkgis import webmap

    threads = []
    real = webmap.render_webmap

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(webmap, "render_webmap", spy)
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    for name in ("永久基本农田", "生态保护红线", "城镇开发边界"):
        dialog.set_layer_checked(name, False)
    first = export(dialog, qtbot)
    dialog.out_edit.setText(str(tmp_path / "out" / "第二版.html"))
    second = export(dialog, qtbot)
    assert len(threads) == 2 and threads[0] is threads[1] and threads[0] is not threading.main_thread()
    assert page_data(first)["layers"][-1]["name"] == page_data(second)["layers"][-1]["name"] == "地块"


def test_editing_the_field_table_changes_the_popup_fields(qtbot, chinese, project, settings, tmp_path):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    table = dialog.field_table
    row = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    table.item(row["YQMC"], 1).setText("所在园区")
    table.item(row["BZD"], 0).setCheckState(Qt.CheckState.Unchecked)
    # switching layers keeps the edits of the one left
    dialog.layer_tree.setCurrentItem(dialog.layer_tree.topLevelItem(1))
    assert dialog.field_box.title() == "弹窗字段 — 园区四至"
    dialog.fields_none.click()
    chosen = dialog.fields_option()
    assert set(chosen) == {"地块", "园区四至"}
    assert chosen["园区四至"] == {}
    assert chosen["地块"]["YQMC"] == "所在园区" and "BZD" not in chosen["地块"]
    assert chosen["地块"]["DKBH"] == "地块编号" and len(chosen["地块"]) == 22
    dialog.layer_tree.setCurrentItem(dialog.layer_tree.topLevelItem(0))
    assert table.item(row["YQMC"], 1).text() == "所在园区"
    dialog.fields_reset.click()
    assert table.item(row["YQMC"], 1).text() == "园区名称"


def test_a_layer_without_crs_cannot_be_chosen(qtbot, chinese, project, settings, tmp_path):
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer

    project.layers.append(VectorLayer("无坐标系", gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(0, 0, 1, 1)])))
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    item = dialog.layer_tree.topLevelItem(0)
    assert item.text(0) == "无坐标系"
    assert item.checkState(0) == Qt.CheckState.Unchecked and not item.flags() & Qt.ItemFlag.ItemIsEnabled
    dialog.all_button.click()
    assert "无坐标系" not in dialog.selected_layers()


def test_a_failed_export_keeps_the_previous_file(qtbot, chinese, project, settings, tmp_path, monkeypatch):
    from parkgis import webmap
    from parkgis.core.errors import DataError

    def broken(*_args, **_kwargs):
        raise DataError("地块", "no drawable geometry", layer="地块")

    monkeypatch.setattr(webmap, "render_webmap", broken)
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    out = tmp_path / "out" / "园区.html"
    out.write_text("上一版地图", encoding="utf-8")
    with qtbot.waitSignal(dialog.failed, timeout=60_000) as blocker:
        assert dialog.export()
    assert "no drawable geometry" in blocker.args[0]
    assert out.read_text(encoding="utf-8") == "上一版地图"
    assert sorted(p.name for p in out.parent.iterdir()) == ["园区.html"]
    assert dialog.status_label.text().startswith("网页地图未写出：")
    assert not dialog.is_running() and dialog.close_button.isEnabled() and not dialog.preview_button.isEnabled()


def test_the_export_signals_belong_to_the_dialog(qtbot, chinese, project, settings, tmp_path):
    """The worker's messenger is a child of the dialog, so Qt deletes it on the GUI thread with the
    dialog; an unparented one died with the finished task on the worker thread, racing the GUI thread
    (a crash under load)."""
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    messenger = dialog._signals
    export(dialog, qtbot)
    assert dialog._signals is messenger and messenger.parent() is dialog
    export(dialog, qtbot)   # the second export reuses it
    assert dialog._signals is messenger


def test_an_export_can_be_cancelled_and_writes_nothing(qtbot, chinese, project, settings, tmp_path):
    dialog = make_dialog(qtbot, project, settings, tmp_path)
    with qtbot.waitSignal(dialog.cancelled, timeout=60_000):
        assert dialog.export()
        assert dialog.cancel_button.isVisible() or not dialog.isVisible()
        assert dialog.cancel_button.isEnabled()
        dialog.cancel_button.click()
        assert not dialog.cancel_button.isEnabled()
    assert not dialog.is_running() and dialog.export_button.isEnabled()
    assert dialog.status_label.text() == "已取消导出，未写出任何文件。"
    assert list((tmp_path / "out").iterdir()) == []
    path = export(dialog, qtbot)          # and the next one runs to the end
    assert path.exists()
