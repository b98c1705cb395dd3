"""Map tools fed synthetic events against a fake host: no window, no Qt (runs without PySide6)."""

from __future__ import annotations

import pytest

from parkgis.mapview.tools import IdentifyTool, MapEvent, MeasureTool, PanTool, SelectTool, ZoomBoxTool
from parkgis.mapview.view import MapView

X0, Y0 = 37_500_000.0, 4_400_000.0    # in EPSG:4525 (CGCS2000 / 3-degree GK zone 37), as tests/gui/guitools

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


def test_the_map_view_package_imports_without_qt():
    import subprocess
    import sys

    # PySide6 made unimportable: the tools, the view and the geometry snapshots still load and work
    code = ("import sys; sys.modules['PySide6'] = None\n"
            "import parkgis.mapview, parkgis.mapview.geometry\n"
            "from parkgis.mapview import MapView, PanTool\n"
            "assert not [m for m in sys.modules if m.startswith(('PySide6.', 'parkgis.gui'))]\n"
            "print(MapView(0, 0, 1.0, 10, 10).to_map(0, 0))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "(-5.0, 5.0)"
