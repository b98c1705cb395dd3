"""The main window: Chinese by default, opens a project, lists its layers, draws them."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402

from parkgis.gui.layer_model import Column  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402


def menu_titles(win):
    return [a.text() for a in win.menuBar().actions()]


@pytest.fixture
def window(qtbot, settings):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    return win


def test_chinese_is_the_default_language(zh, qtbot, settings):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    assert menu_titles(win) == ["文件(&F)", "编辑(&E)", "视图(&V)", "分析(&A)", "工具(&T)", "帮助(&H)"]
    assert win.menu_file.title().replace("(&F)", "") == "文件"
    file_items = [a.text() for a in win.menu_file.actions() if not a.isSeparator()]
    assert file_items == ["新建项目(&N)…", "打开项目(&O)…", "连接团队数据库(&T)…", "最近项目(&R)", "保存(&S)", "另存为(&A)…", "添加图层(&L)…",
                          "导出网页地图(&W)…", "预览网页地图(&P)…", "退出(&X)"]
    tool_items = [a.text() for a in win.menu_tools.actions() if not a.isSeparator()]
    assert "坐标文件检查(&C)…" in tool_items
    assert [a.text() for a in win.menu_help.actions()] == ["关于 parkgis(&A)"]
    assert win.welcome.hint.text() == "打开项目或添加图层开始"
    assert win.layer_dock.windowTitle() == "图层"


def test_english_by_setting(qapp, settings, monkeypatch, qtbot):
    from parkgis.gui.app import create_application
    from parkgis.gui.i18n import choose_language

    settings.setValue("ui/language", "en")
    monkeypatch.delenv("PARKGIS_LANG", raising=False)
    assert choose_language(settings) == "en"
    monkeypatch.setenv("PARKGIS_LANG", "zh_CN")
    assert choose_language(settings) == "zh_CN"   # the environment beats the setting
    monkeypatch.setenv("PARKGIS_LANG", "en")
    create_application(settings=settings)
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    assert menu_titles(win) == ["&File", "&Edit", "&View", "&Analysis", "&Tools", "&Help"]


def test_first_run_shows_where_to_start(window):
    assert window.stack.currentWidget() is window.welcome
    assert window.layer_model.rowCount() == 0
    assert not window.act_save.isEnabled() and not window.act_zoom_full.isEnabled()


def test_open_project_lists_and_draws_its_layers(window, sample_project, qtbot, settings):
    assert window.open_project_path(sample_project)
    model = window.layer_model
    names = [model.data(model.index(r, Column.NAME)) for r in range(model.rowCount())]
    assert names == ["地块", "园区四至", "城镇开发边界", "永久基本农田", "生态保护红线"]
    assert model.data(model.index(0, Column.FEATURES)) == "3"
    assert window.stack.currentWidget() is window.canvas
    assert "园区测试" in window.windowTitle()
    assert window.crs_label.text().startswith("EPSG:4525")
    assert window.act_save.isEnabled()
    assert settings.value("recent/projects")[0].endswith("园区测试.gpkg")
    assert window.canvas.wait_for_render(10)
    # the canvas shows the whole project: parcel (100..300, 100..300) is drawn in its fill colour
    from guitools import X0, Y0

    px, py = window.canvas.view.to_screen(X0 + 200, Y0 + 200)
    image = window.canvas.render_to_image()
    r, g, b, _ = image.pixelColor(int(px), int(py)).getRgb()
    assert (r, g, b) != image.pixelColor(2, 2).getRgb()[:3]
    assert abs(r - 187) < 40 and abs(g - 150) < 40 and abs(b - 116) < 40  # 工业用地 over the park


def test_status_bar_shows_planner_coordinates(window, sample_project):
    window.open_project_path(sample_project)
    window._show_cursor(37_500_123.4567, 4_400_456.789)
    text = window.coord_label.text()
    assert text.index("4400456.789") < text.index("37500123.457")  # X (northing) first, then Y (easting)
    # and the same point in CGCS2000 lon/lat: zone 37 is centred on 111°E, the false easting 500 km
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(4525, 4490, always_xy=True).transform(37_500_123.4567, 4_400_456.789)
    assert abs(lon - 111.0) < 0.01 and f"{lon:.6f}" in text and f"{lat:.6f}" in text
    assert window.scale_label.text()


def test_full_extent_shortcut(window):
    assert window.act_zoom_full.shortcut() == QKeySequence("Ctrl+Shift+F")


def test_a_bad_file_is_reported_and_changes_nothing(window, sample_project, tmp_path):
    assert window.open_project_path(sample_project)
    bad = tmp_path / "坏文件.gpkg"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert not window.open_project_path(bad)
    assert window.last_error is not None and "坏文件.gpkg" in window.last_error[1]
    assert window.layer_model.rowCount() == 5
    assert not window.open_project_path(tmp_path / "missing.gpkg")


def test_visibility_checkbox_redraws_the_canvas(window, sample_project):
    window.open_project_path(sample_project)
    model = window.layer_model
    parcels = model.layer_at(model.index(0, 0))
    model.setData(model.index(0, 0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert parcels.visible is False
    assert window.canvas.wait_for_render(10)


def test_add_layer_without_a_project_starts_an_unsaved_one(window, tmp_path):
    from guitools import box_layer

    from parkgis.core.roles import Role

    src = tmp_path / "生态保护红线.geojson"
    box_layer("x", Role.REFERENCE, [(0, 0, 50, 50), (60, 0, 90, 30)]).gdf.to_file(src, driver="GeoJSON")
    assert window.add_layer_path(src)
    assert window.project is not None and window.project.path is None
    model = window.layer_model
    assert model.rowCount() == 1
    assert model.data(model.index(0, Column.FEATURES)) == "2"
    assert model.data(model.index(0, Column.LOCK), Qt.ItemDataRole.DecorationRole) is not None  # red line: locked
    assert window.canvas.view is not None and window.stack.currentWidget() is window.canvas
    assert window.isWindowModified()


def test_add_layer_reports_bad_input(window, sample_project, tmp_path):
    window.open_project_path(sample_project)
    empty = tmp_path / "空.shp"
    empty.write_bytes(b"")
    assert not window.add_layer_path(empty)
    assert "空.shp" in window.last_error[1]
    assert window.layer_model.rowCount() == 5


def test_a_geopackage_of_another_tool_opens_with_every_kind_of_layer(window, tmp_path):
    """No parkgis tables, a point and a line layer, an empty layer and a layer without CRS: the
    project opens, every layer is listed, the map draws, and saving keeps them all."""
    import pyogrio
    from geopandas import GeoDataFrame
    from shapely import LineString, Point, box

    path = tmp_path / "其他软件.gpkg"
    parcels = GeoDataFrame({"DKBH": ["A", "B"]}, geometry=[box(37_500_000, 4_400_000, 37_500_100, 4_400_100),
                                                            box(37_500_200, 4_400_000, 37_500_300, 4_400_100)], crs=4525)
    pyogrio.write_dataframe(parcels, path, layer="地块", driver="GPKG")
    pyogrio.write_dataframe(GeoDataFrame({"n": [1]}, geometry=[Point(37_500_050, 4_400_050)], crs=4525), path,
                            layer="界址点", driver="GPKG")
    pyogrio.write_dataframe(GeoDataFrame({"n": [1]}, geometry=[LineString([(37_500_000, 4_399_990),
                                                                           (37_500_300, 4_399_990)])], crs=4525),
                            path, layer="道路中线", driver="GPKG")
    pyogrio.write_dataframe(GeoDataFrame({"n": []}, geometry=[], crs=4525), path, layer="空图层", driver="GPKG",
                            geometry_type="Polygon")
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)  # the point of this layer
        pyogrio.write_dataframe(GeoDataFrame({"n": [1]}, geometry=[box(0, 0, 10, 10)], crs=None), path,
                                layer="无坐标系", driver="GPKG")
    assert window.open_project_path(path)
    model = window.layer_model
    names = {model.data(model.index(row, 0)) for row in range(model.rowCount())}
    assert names == {"地块", "界址点", "道路中线", "空图层", "无坐标系"}
    assert window.canvas.wait_for_render(10)
    assert window.last_error is None
    window.project.save()
    from parkgis.core.project import Project

    assert {layer.name for layer in Project.open(path).layers} == names


def test_core_messages_follow_the_ui_language(qtbot, settings, sample_project, tmp_path, request):
    """The core writes 'FILE: the file is empty (0 bytes)'; the Chinese UI shows it in Chinese, the
    English UI as it is."""
    empty = tmp_path / "空.shp"
    empty.write_bytes(b"")
    shown = {}
    for language in ("zh", "en"):
        request.getfixturevalue(language)
        win = MainWindow(settings, interactive=False)
        qtbot.addWidget(win)
        assert win.open_project_path(sample_project)
        assert not win.add_layer_path(empty)
        shown[language] = win.last_error[1]
    assert shown["zh"] == f"{empty}：文件为空（0 字节）"
    assert shown["en"] == f"{empty}: the file is empty (0 bytes)"
