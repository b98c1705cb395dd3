"""Map tools through the canvas (Qt events) and the window; the tools alone: tests/mapview/test_map_tools.py."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from guitools import X0, Y0, box_layer  # noqa: E402
from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402

from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.canvas import MapCanvas, MapView  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402
from parkgis.mapview.tools import MapEvent, MeasureTool, SelectTool  # noqa: E402

VIEW = MapView(X0 + 50, Y0 + 50, 1.0, 200, 200)   # 1 m per pixel; pixel (100, 100) = map (X0+50, Y0+50)


# --- through the canvas (Qt events, no window shown) -------------------------------------------------
def mouse(canvas, kind, pos, button, buttons=None, mods=Qt.KeyboardModifier.NoModifier):
    types = {"press": QMouseEvent.Type.MouseButtonPress, "move": QMouseEvent.Type.MouseMove,
             "release": QMouseEvent.Type.MouseButtonRelease, "double": QMouseEvent.Type.MouseButtonDblClick}
    e = QMouseEvent(types[kind], QPointF(*pos), QPointF(*pos), button,
                    buttons if buttons is not None else button, mods)
    handler = {"press": canvas.mousePressEvent, "move": canvas.mouseMoveEvent,
               "release": canvas.mouseReleaseEvent, "double": canvas.mouseDoubleClickEvent}[kind]
    handler(e)


@pytest.fixture
def canvas(qtbot):
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(200, 200)
    c.set_layers([box_layer("地块", Role.PARCELS, [(0, 0, 100, 100)])])
    c.set_view(VIEW)
    return c


def test_middle_drag_pans_whatever_the_tool(canvas):
    canvas.set_tool(MeasureTool(canvas))
    mid = Qt.MouseButton.MiddleButton
    mouse(canvas, "press", (100, 100), mid)
    mouse(canvas, "move", (120, 100), Qt.MouseButton.NoButton, mid)
    mouse(canvas, "release", (140, 100), mid, Qt.MouseButton.NoButton)
    assert canvas.view.cx == pytest.approx(X0 + 10)
    assert canvas.tool.points == []                                       # the measure tool saw nothing


def test_space_drag_pans(canvas, qtbot):
    canvas.set_tool(SelectTool(canvas))
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    left = Qt.MouseButton.LeftButton
    mouse(canvas, "press", (100, 100), left)
    mouse(canvas, "move", (100, 130), Qt.MouseButton.NoButton, left)
    mouse(canvas, "release", (100, 130), left, Qt.MouseButton.NoButton)
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.view.cy == pytest.approx(Y0 + 80)


def test_canvas_measure_via_qt_events(canvas, qtbot):
    tool = MeasureTool(canvas)
    canvas.set_tool(tool)
    left = Qt.MouseButton.LeftButton
    for pos in ((0, 100), (100, 100)):
        mouse(canvas, "press", pos, left)
        mouse(canvas, "release", pos, left, Qt.MouseButton.NoButton)
    mouse(canvas, "double", (100, 100), left)
    assert tool.finished and tool.result.planar_m == pytest.approx(100.0)
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert tool.points == []


# --- through the window ------------------------------------------------------------------------------
@pytest.fixture
def window(qtbot, settings, zh, tmp_path):
    project = Project.create(tmp_path / "t.gpkg")
    project.add_layer(box_layer("园区四至", Role.PARK, [(0, 0, 1000, 1000)]))
    project.add_layer(box_layer("地块", Role.PARCELS, [(100, 100, 300, 300), (300, 100, 500, 300)]))
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.set_project(project)
    return win


def test_identify_lists_features_across_layers(window):
    found = window.identify_at(X0 + 150, Y0 + 150, 1.0)
    assert [(layer.name, rows) for layer, rows in found] == [("地块", [0]), ("园区四至", [0])]
    tree = window.identify_tree
    assert tree.topLevelItemCount() == 2
    parcel = tree.topLevelItem(0).child(0)
    fields = {parcel.child(i).text(0): parcel.child(i).text(1) for i in range(parcel.childCount())}
    assert fields["name"] == "地块-0"
    assert fields["（平面面积）"] == "40,000.00 m² | 60.0000 亩 | 4.0000 公顷 （第 37 带，EPSG:4525）"
    window.identify_at(X0 + 5000, Y0, 1.0)
    assert tree.topLevelItem(0).text(0) == "此处无要素"


def test_identify_names_known_fields_in_chinese(window):
    parcels = window.project.layer("地块")
    parcels.gdf["DKBH"] = ["A-01", "A-02"]
    parcels.gdf["tzqd"] = [300.0, 280.0]
    window.identify_at(X0 + 150, Y0 + 150, 1.0)
    parcel = window.identify_tree.topLevelItem(0).child(0)
    rows = {parcel.child(i).text(0): (parcel.child(i).text(1), parcel.child(i).toolTip(0),
                                      parcel.child(i).data(0, Qt.ItemDataRole.UserRole))
            for i in range(parcel.childCount())}
    assert rows["地块编号"] == ("A-01", "地块编号（DKBH）", "DKBH")
    assert rows["投资强度（万元/亩）"] == ("300.0", "投资强度（万元/亩）（tzqd）", "tzqd")
    assert rows["name"] == ("地块-0", "name", "name")


def test_select_tools_in_the_window(window):
    parcels = window.project.layer("地块")
    window.select_at(X0 + 350, Y0 + 150, 1.0)
    assert window.selection.selected(parcels).tolist() == [1]
    window.select_at(X0 + 150, Y0 + 150, 1.0, "add")
    assert window.selection.selected(parcels).tolist() == [0, 1]
    window.layer_view.setCurrentIndex(window.layer_model.index_of(parcels))
    window.select_in((X0 + 250, Y0 + 0, X0 + 260, Y0 + 400))
    assert window.selection.selected(parcels).tolist() == [0]
    park = window.project.layer("园区四至")
    assert window.selection.selected(park).tolist() == []                 # only the chosen layer
    window.select_at(X0 + 5000, Y0, 1.0)                                  # click on nothing clears
    assert window.selection.count() == 0


def test_measure_text_in_three_units(window):
    window.set_tool("measure_area")
    tool = window.canvas.tool
    view = window.canvas.view
    for x, y in ((0, 0), (100, 0), (100, 100), (0, 100)):
        px, py = view.to_screen(X0 + x, Y0 + y)
        tool.press(MapEvent.at("press", view, px, py, button="left"))
    tool.finish()
    lines = window.measure_lines(tool)
    assert lines[0].startswith("面积（平面）：10,000.0")
    assert "亩" in lines[0] and "公顷" in lines[0]
    assert window.canvas._info_lines == lines
    assert window.tool_actions["measure_area"].isChecked()


def test_identify_a_one_point_polygon_says_it_has_no_area(window):
    import shapely

    parcels = window.project.layer("地块")
    # the first feature (fid 1; .loc takes fids) made a polygon of one repeated point
    parcels.gdf.loc[parcels.fid_at(0), parcels.gdf.geometry.name] = shapely.Polygon([(X0 + 150, Y0 + 150)] * 4)
    found = window.identify_at(X0 + 150, Y0 + 150, 1.0)
    assert [(layer.name, rows) for layer, rows in found][0] == ("地块", [0])
    parcel = window.identify_tree.topLevelItem(0).child(0)
    fields = {parcel.child(i).text(0): parcel.child(i).text(1) for i in range(parcel.childCount())}
    assert fields["（椭球面积）"].startswith("0.00 m²")
    assert fields["（图形）"] == "无面积：所有点位于同一点或同一直线上"
