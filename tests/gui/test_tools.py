"""Map tools fed synthetic events: first against a fake host (no window), then through the canvas."""

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
from parkgis.gui.tools import (  # noqa: E402
    IdentifyTool,
    MapEvent,
    MeasureTool,
    PanTool,
    SelectTool,
    ZoomBoxTool,
)

VIEW = MapView(X0 + 50, Y0 + 50, 1.0, 200, 200)   # 1 m per pixel; pixel (100, 100) = map (X0+50, Y0+50)


class FakeHost:
    def __init__(self):
        self.view, self.crs = VIEW, 4525
        self.calls = []

    def set_view(self, view, final):
        self.view = view
        self.calls.append(("view", final))

    def identify_at(self, x, y, tol):
        self.calls.append(("identify", x, y, tol))

    def select_at(self, x, y, tol, mode):
        self.calls.append(("select_at", x, y, tol, mode))

    def select_in(self, bounds, mode):
        self.calls.append(("select_in", bounds, mode))

    def tool_changed(self, tool):
        self.calls.append(("changed",))


def ev(kind, px, py, button=None, **kw):
    return MapEvent.at(kind, VIEW, px, py, button=button, **kw)


def test_pan_drags_the_map_and_settles_sharp():
    host = FakeHost()
    tool = PanTool(host)
    assert not tool.press(ev("press", 100, 100, "right"))
    assert tool.press(ev("press", 100, 100, "left"))
    tool.move(ev("move", 130, 90))
    tool.release(ev("release", 150, 80, "left"))
    # content moved 50 px right and 20 px up: the centre went 50 m west and 20 m south
    assert (host.view.cx, host.view.cy) == pytest.approx((X0, Y0 + 30))
    assert [c for c in host.calls if c[0] == "view"] == [("view", False), ("view", False), ("view", True)]
    assert not tool.dragging


def test_zoom_box_fits_the_box_click_zooms_twice():
    host = FakeHost()
    tool = ZoomBoxTool(host)
    tool.press(ev("press", 20, 20, "left"))
    tool.move(ev("move", 60, 50))
    assert tool.rubber() == [("rect", (X0 - 30, Y0 + 130, X0 + 10, Y0 + 100))]
    tool.release(ev("release", 70, 70, "left"))
    assert host.view.mpp == pytest.approx(50 / 200)                       # 50 m box into 200 px
    assert (host.view.cx, host.view.cy) == pytest.approx((X0 - 5, Y0 + 105))
    assert tool.rubber() == []
    host.view = VIEW
    tool.press(ev("press", 100, 100, "left"))
    tool.release(ev("release", 101, 101, "left"))                        # a click
    assert host.view.mpp == pytest.approx(0.5)


def test_zoom_box_with_shift_zooms_out():
    host = FakeHost()
    tool = ZoomBoxTool(host)
    tool.press(ev("press", 50, 50, "left"))
    tool.release(ev("release", 150, 150, "left", shift=True))             # a box half the view
    assert host.view.mpp == pytest.approx(2.0)


def test_identify_clicks_with_a_pixel_tolerance_and_ignores_drags():
    host = FakeHost()
    tool = IdentifyTool(host)
    tool.press(ev("press", 100, 100, "left"))
    tool.release(ev("release", 100, 100, "left"))
    assert host.calls[-2] == ("identify", X0 + 50, Y0 + 50, 4.0)
    n = len(host.calls)
    tool.press(ev("press", 100, 100, "left"))
    tool.release(ev("release", 150, 150, "left"))
    assert not [c for c in host.calls[n:] if c[0] == "identify"]


def test_select_click_and_rectangle_with_modifiers():
    host = FakeHost()
    tool = SelectTool(host)
    tool.press(ev("press", 100, 100, "left"))
    tool.release(ev("release", 100, 100, "left", shift=True))
    assert host.calls[-2] == ("select_at", X0 + 50, Y0 + 50, 4.0, "add")
    tool.press(ev("press", 10, 10, "left"))
    tool.move(ev("move", 50, 50))
    assert tool.rubber()[0][0] == "rect"
    tool.release(ev("release", 60, 40, "left", ctrl=True))
    assert host.calls[-2] == ("select_in", (X0 - 40, Y0 + 110, X0 + 10, Y0 + 140), "toggle")
    tool.press(ev("press", 10, 10, "left"))
    tool.key(MapEvent("key", key="escape"))
    assert tool.rubber() == []


def test_measure_distance_live_then_finished():
    host = FakeHost()
    tool = MeasureTool(host)
    tool.press(ev("press", 0, 100, "left"))
    tool.release(ev("release", 0, 100, "left"))
    assert tool.result is None
    tool.move(ev("move", 30, 60))                                         # hover: 30-40-50 triangle
    assert tool.result.planar_m == pytest.approx(50.0)
    tool.press(ev("press", 30, 60, "left"))
    tool.press(ev("press", 30, 160, "left"))
    tool.double(ev("double", 30, 160, "left"))                            # ends; no extra vertex
    assert tool.finished and len(tool.points) == 3
    assert tool.result.planar_m == pytest.approx(150.0)
    assert tool.result.ellipsoidal_m == pytest.approx(150.0, rel=1e-3)
    tool.move(ev("move", 199, 199))                                       # finished: no hover
    assert tool.result.planar_m == pytest.approx(150.0)
    tool.press(ev("press", 0, 0, "left"))                                 # a new measurement
    assert tool.points == [(X0 - 50, Y0 + 150)] and tool.result is None


def test_measure_area_shows_three_units_backspace_and_escape():
    host = FakeHost()
    tool = MeasureTool(host, area=True)
    for px, py in ((0, 0), (100, 0), (100, 150), (0, 150), (50, 50)):
        tool.press(ev("press", px, py, "left"))
    tool.key(MapEvent("key", key="backspace"))                            # drop the stray last click
    tool.press(ev("press", 0, 0, "right"))                                # right-click ends
    assert tool.finished
    r = tool.result
    assert r.planar.m2 == pytest.approx(15000.0)
    assert r.planar.mu == pytest.approx(22.5) and r.planar.ha == pytest.approx(1.5)
    assert r.perimeter_m == pytest.approx(500.0)
    assert r.ellipsoidal.m2 == pytest.approx(15000.0, rel=1e-3)
    assert tool.rubber()[0][0] == "polygon"
    tool.key(MapEvent("key", key="escape"))
    assert tool.points == [] and tool.result is None and tool.rubber() == []


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
def window(qtbot, settings, en, tmp_path):
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
    assert fields["(planar area)"] == "40,000.00 m² | 60.0000 mu | 4.0000 ha (zone 37, EPSG:4525)"
    window.identify_at(X0 + 5000, Y0, 1.0)
    assert tree.topLevelItem(0).text(0) == "No feature here"


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
    assert lines[0].startswith("Area (planar): 10,000.0")
    assert "mu" in lines[0] and "ha" in lines[0]
    assert window.canvas._info_lines == lines
    assert window.tool_actions["measure_area"].isChecked()


def test_identify_a_one_point_polygon_says_it_has_no_area(window):
    import shapely

    parcels = window.project.layer("地块")
    parcels.gdf.loc[parcels.gdf.index[0], parcels.gdf.geometry.name] = shapely.Polygon([(X0 + 150, Y0 + 150)] * 4)
    found = window.identify_at(X0 + 150, Y0 + 150, 1.0)
    assert [(layer.name, rows) for layer, rows in found][0] == ("地块", [0])
    parcel = window.identify_tree.topLevelItem(0).child(0)
    fields = {parcel.child(i).text(0): parcel.child(i).text(1) for i in range(parcel.childCount())}
    assert fields["(ellipsoidal area)"].startswith("0.00 m²")
    assert fields["(geometry)"] == "no area: all its points lie on one spot or one line"
