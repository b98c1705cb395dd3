"""Layer tree context menu actions and the add-layer dialog (encoding preview, CRS, role)."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

pytest.importorskip("PySide6")

from guitools import X0, Y0, box_layer  # noqa: E402

from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.add_layer_dialog import AddLayerDialog  # noqa: E402
from parkgis.gui.layer_model import LockedRole  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402

NAMES = ["准格尔经济开发区", "达拉特经济开发区"]


@pytest.fixture
def window(qtbot, settings, zh, tmp_path):
    project = Project.create(tmp_path / "l.gpkg")
    project.add_layer(box_layer("生态保护红线", Role.ECO_REDLINE, [(0, 0, 10, 10)]))
    project.add_layer(box_layer("园区四至", Role.PARK, [(0, 0, 1000, 1000)]))
    project.add_layer(box_layer("地块", Role.PARCELS, [(100, 100, 300, 300)]))
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.set_project(project)
    return win


def names(win):
    return [win.layer_model.index(r, 0).data() for r in range(win.layer_model.rowCount())]


def test_context_menu_lists_the_layer_actions(window):
    layer = window.project.layer("地块")
    texts = [a.text() for a in window.layer_menu(layer).actions() if not a.isSeparator()]
    assert texts == ["缩放到图层", "打开属性表", "上移", "下移", "置顶", "置底", "锁定（只读）", "设置图层类型", "样式",
                     "移除图层…"]
    enabled = {a.text(): a.isEnabled() for a in window.layer_menu(layer).actions()}
    assert not enabled["上移"] and enabled["下移"]          # already on top


def test_reorder_moves_the_layer_everywhere(window):
    parcels = window.project.layer("地块")
    window.move_layer(parcels, 0)                                    # to the bottom
    assert [lyr.name for lyr in window.project.layers] == ["地块", "生态保护红线", "园区四至"]
    assert names(window) == ["园区四至", "生态保护红线", "地块"]         # legend: top first
    assert window.canvas.layers()[0] is parcels
    assert window.project.dirty
    assert window.layer_model.layer_at(window.layer_view.currentIndex()) is parcels
    assert window.project.audit_log()[-1]["action"] == "reorder layers"


def test_remove_lock_and_role(window):
    parcels = window.project.layer("地块")
    window.selection.select(parcels, [0])
    assert window.remove_layer(parcels, confirm=False)
    assert names(window) == ["园区四至", "生态保护红线"]
    assert window.selection.count() == 0
    assert parcels not in window.canvas.layers()
    assert window.table_panel.layer_combo.count() == 2
    park = window.project.layer("园区四至")
    window.set_layer_locked(park, False)
    assert not park.locked and window.layer_model.index_of(park).data(LockedRole) is False
    window.set_layer_role(park, Role.PARCELS)
    assert park.role == Role.PARCELS
    assert window.layer_model.index_of(park, 1).data() == "地块/标准地"


def test_zoom_to_layer(window):
    window.zoom_to_layer(window.project.layer("生态保护红线"))
    x0, y0, x1, y1 = window.canvas.view.extent()
    assert x0 <= X0 and X0 + 10 <= x1 and x1 - x0 < 100


@pytest.fixture
def gbk_shapefile(tmp_path):
    """A GBK shapefile without .cpg and without .prj, in GK zone 37 coordinates (as bureaus send them)."""
    path = tmp_path / "园区.shp"
    gdf = gpd.GeoDataFrame({"YQMC": NAMES, "MJ": [1.5, 2.5]},
                           geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100),
                                     shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 100)], crs=4525)
    gdf.to_file(path, encoding="GBK", engine="pyogrio")
    for suffix in (".cpg", ".prj"):
        path.with_suffix(suffix).unlink(missing_ok=True)
    return path


def preview_column(dialog, name):
    header = [dialog.preview.horizontalHeaderItem(j).text() for j in range(dialog.preview.columnCount())]
    j = header.index(name)
    return [dialog.preview.item(i, j).text() for i in range(dialog.preview.rowCount())]


def test_dialog_shows_the_detected_encoding_and_lets_the_user_change_it(qtbot, zh, gbk_shapefile):
    dialog = AddLayerDialog(gbk_shapefile)
    qtbot.addWidget(dialog)
    layer = dialog.current_layer()
    assert layer.provenance.encoding.upper() in ("GBK", "GB18030")
    assert dialog.encoding_note.text().startswith("当前：")
    assert preview_column(dialog, "YQMC") == NAMES
    dialog.encoding_combo.setCurrentIndex(dialog.encoding_combo.findData("Latin-1"))
    garbled = preview_column(dialog, "YQMC")
    assert garbled != NAMES and dialog.current_layer().provenance.encoding_source == "explicit"
    dialog.encoding_combo.setCurrentIndex(0)                         # back to "as detected"
    assert preview_column(dialog, "YQMC") == NAMES


def test_dialog_shows_the_crs_assumption_and_role(qtbot, zh, gbk_shapefile):
    dialog = AddLayerDialog(gbk_shapefile)
    qtbot.addWidget(dialog)
    layer = dialog.current_layer()
    assert layer.epsg == 4525 and layer.provenance.crs_assumed
    assert "推定为 EPSG:4525" in dialog.crs_note.text()
    assert dialog.crs_edit.text() == "4525"
    dialog.crs_edit.setText("4524")                                  # the planner knows better
    dialog.crs_apply.click()
    assert dialog.current_layer().epsg == 4524
    assert "given by the user" in dialog.current_layer().provenance.crs_assumed
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.PARK.value))
    assert dialog.current_layer().role == Role.PARK and dialog.current_layer().locked


def test_dialog_result_goes_into_the_project(qtbot, settings, zh, gbk_shapefile):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    dialog = AddLayerDialog(gbk_shapefile)
    qtbot.addWidget(dialog)
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.PARK.value))
    added = win.add_layers(dialog.layers, gbk_shapefile)
    assert [lyr.role for lyr in added] == [Role.PARK]
    assert win.project is not None and win.project.layers[0].gdf["YQMC"].tolist() == NAMES
    assert win.stack.currentWidget() is win.canvas


def test_dialog_on_a_broken_file_says_why(qtbot, zh, tmp_path):
    bad = tmp_path / "坏.shp"
    bad.write_bytes(b"\x00\x00\x27\x0a" + b"\x00" * 40)
    dialog = AddLayerDialog(bad)
    qtbot.addWidget(dialog)
    assert dialog.error and dialog.layers == []
    assert dialog.message.text() == dialog.error
    assert not dialog.buttons.buttons()[0].isEnabled() or not dialog.layers
