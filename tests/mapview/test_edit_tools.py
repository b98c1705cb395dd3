"""The map editing tools fed synthetic events on a real project GeoPackage (EPSG:4545, Ordos): no Qt.

The host is the smallest thing a canvas is for the tools: a view, the edit session of the current
layer, an optional snap and a status line."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.mapview.edit_tools import DrawPolygonTool, SplitTool, VertexTool
from parkgis.mapview.tools import MapEvent
from parkgis.mapview.view import MapView

X, Y = 500_000.0, 4_400_000.0
SQUARE = shapely.box(X, Y, X + 100, Y + 100)
FAR = shapely.box(X + 300, Y, X + 400, Y + 100)


def make_project(tmp_path, geometries=(SQUARE, FAR)) -> Project:
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": [f"A-0{k + 1}" for k in range(len(geometries))]},
                           geometry=list(geometries), crs=4545)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    return Project.open(path)


class Host:
    """1 m per pixel, 600 × 400 px, the square at pixels (100..200, 100..200)."""

    def __init__(self, project, snap=None):
        self.project, self.crs = project, 4545
        self.view = MapView(X + 200, Y + 50, 1.0, 600, 400)
        self.edit = project.edit("地块")
        self.messages: list[str] = []
        self.changes = 0
        self._snap = snap

    def session(self):
        return self.edit

    def snap(self, x, y):
        return self._snap(x, y) if self._snap else None

    def status(self, message):
        self.messages.append(message)

    def tool_changed(self, tool):
        self.changes += 1


def ev(host, kind, x, y, button=None, **kw):
    px, py = host.view.to_screen(x, y)
    return MapEvent(kind, px, py, x, y, button=button, **kw)


def click(tool, host, x, y):
    tool.press(ev(host, "press", x, y, "left"))
    tool.release(ev(host, "release", x, y, "left"))


def key(tool, name):
    return tool.key(MapEvent("key", key=name))


def wkb(edit, fid):
    return shapely.to_wkb(edit.feature(fid).geometry)


# ------------------------------------------------------------------ draw a polygon

def test_drawing_a_square_adds_a_feature_of_exactly_10000_square_metres(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = DrawPolygonTool(host)
    x0, y0 = X + 120, Y
    for dx, dy in ((0, 0), (100, 0), (100, 100), (55, 170)):
        click(tool, host, x0 + dx, y0 + dy)
    assert key(tool, "backspace")                        # the stray point goes
    tool.move(ev(host, "move", x0 + 3, y0 + 97))
    assert tool.rubber()[0] == ("polygon", [(x0, y0), (x0 + 100, y0), (x0 + 100, y0 + 100), (x0 + 3, y0 + 97)])
    assert len(project.undo_stack) == 0                  # drawing changes nothing until it is closed
    click(tool, host, x0, y0 + 100)
    tool.double(ev(host, "double", x0, y0 + 100, "left"))   # Qt: press, release, double, release
    tool.release(ev(host, "release", x0, y0 + 100, "left"))
    assert tool.added is not None and len(project.undo_stack) == 1
    added = host.edit.feature(tool.added).geometry
    assert added.area == 10_000.0
    assert added.equals(shapely.box(x0, y0, x0 + 100, y0 + 100))
    assert tool.points == [] and tool.rubber() == []
    host.edit.commit()
    back = pyogrio.read_dataframe(project.path, layer="地块")
    assert sorted(back.geometry.area.round(6)) == [10_000.0, 10_000.0, 10_000.0]


def test_enter_closes_escape_cancels_and_two_points_are_refused(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = DrawPolygonTool(host)
    for x, y in ((X + 120, Y), (X + 150, Y), (X + 150, Y + 30)):
        click(tool, host, x, y)
    assert key(tool, "escape")
    assert tool.points == [] and len(project.undo_stack) == 0
    click(tool, host, X + 120, Y)
    click(tool, host, X + 150, Y)
    key(tool, "enter")
    assert host.messages == ["面至少需要 3 个点"] and len(project.undo_stack) == 0
    click(tool, host, X + 150, Y + 40)
    key(tool, "enter")
    assert len(project.undo_stack) == 1
    assert host.edit.feature(tool.added).geometry.area == 600.0    # the triangle 30 × 40 / 2


def test_drawn_points_snap_and_the_rubber_shows_the_snap_marker(tmp_path):
    project = make_project(tmp_path)
    corner = (X + 100, Y + 100)

    def snap(x, y):
        return (*corner, "顶点 地块 #1") if abs(x - corner[0]) < 8 and abs(y - corner[1]) < 8 else None

    host = Host(project, snap=snap)
    tool = DrawPolygonTool(host)
    tool.move(ev(host, "move", X + 103, Y + 98))
    assert ("snap", (X + 100, Y + 100, "顶点 地块 #1")) in tool.rubber()
    click(tool, host, X + 103, Y + 98)
    assert tool.points == [corner]


# ------------------------------------------------------------------ vertex tool

def test_dragging_a_vertex_moves_it_in_one_undo_step_and_undo_restores_the_wkb(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    before = wkb(host.edit, 1)
    events = []
    project.events.features_changed.connect(lambda layer_id, fids: events.append(fids))
    tool = VertexTool(host)
    tool.move(ev(host, "move", X + 103, Y + 104))      # hover: within 8 px of the corner (100, 100)
    assert ("vertex", (X + 100, Y + 100)) in tool.rubber()
    tool.press(ev(host, "press", X + 103, Y + 104, "left"))
    tool.move(ev(host, "move", X + 104, Y + 102))      # within the click slop: not yet a drag
    assert not tool.dragging
    for k in range(4, 11):
        tool.move(ev(host, "move", X + 100 + k, Y + 100 + 2 * k))
        # the rubber band shows the moved shape; the session, the layer and its image are untouched
        assert tool.rubber()[0] == ("polygon", [(X + 100, Y), (X + 100 + k, Y + 100 + 2 * k), (X, Y + 100),
                                                (X, Y), (X + 100, Y)])
    assert events == [] and len(project.undo_stack) == 0 and not host.edit.is_changed(1)
    tool.release(ev(host, "release", X + 110, Y + 120, "left"))
    assert len(project.undo_stack) == 1 and events
    moved = host.edit.feature(1).geometry
    assert (X + 110, Y + 120) in moved.exterior.coords and (X + 100, Y + 100) not in moved.exterior.coords
    assert moved.area == 10_000.0 + 100 * 20 / 2 + 100 * 10 / 2     # two triangles added to the square
    host.edit.undo()
    assert wkb(host.edit, 1) == before


def test_a_press_beyond_8_pixels_grabs_nothing_and_a_drag_changes_nothing(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = VertexTool(host)
    tool.press(ev(host, "press", X + 109, Y + 100, "left"))   # 9 px from the corner
    tool.move(ev(host, "move", X + 130, Y + 130))
    tool.release(ev(host, "release", X + 130, Y + 130, "left"))
    assert len(project.undo_stack) == 0 and not host.edit.is_changed(1)
    host.view = MapView(X + 200, Y + 50, 2.0, 600, 400)       # 2 m per pixel: 9 m is 4.5 px
    tool.press(ev(host, "press", X + 109, Y + 100, "left"))
    tool.move(ev(host, "move", X + 130, Y + 130))
    tool.release(ev(host, "release", X + 130, Y + 130, "left"))
    assert (X + 130, Y + 130) in host.edit.feature(1).geometry.exterior.coords


def test_double_click_on_a_segment_adds_a_vertex_and_delete_removes_it(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = VertexTool(host)
    click(tool, host, X + 50, Y + 103)
    tool.double(ev(host, "double", X + 50, Y + 103, "left"))
    shell = list(host.edit.feature(1).geometry.exterior.coords)
    assert (X + 50, Y + 100) in shell and len(shell) == 6 and len(project.undo_stack) == 1
    assert key(tool, "delete")                              # the vertex just added is selected
    assert list(host.edit.feature(1).geometry.exterior.coords) == list(SQUARE.exterior.coords)
    assert len(project.undo_stack) == 2


def test_deleting_a_vertex_of_a_triangle_is_refused_and_reported(tmp_path):
    triangle = shapely.Polygon([(X, Y), (X + 100, Y), (X + 100, Y + 100)])
    project = make_project(tmp_path, geometries=(triangle,))
    host = Host(project)
    before = wkb(host.edit, 1)
    tool = VertexTool(host)
    click(tool, host, X + 100, Y + 100)
    assert key(tool, "delete")
    assert wkb(host.edit, 1) == before and len(project.undo_stack) == 0
    assert len(host.messages) == 1 and "要素 1" in host.messages[0]


# ------------------------------------------------------------------ split

def split_along(tool, host, points):
    for x, y in points:
        click(tool, host, x, y)
    key(tool, "enter")


def test_splitting_the_square_at_x_30_gives_3000_and_7000(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = SplitTool(host)
    split_along(tool, host, [(X + 30, Y - 10), (X + 30, Y + 110)])
    assert len(tool.result) == 1 and len(project.undo_stack) == 1
    fids = tool.result[0]
    assert sorted(host.edit.feature(f).geometry.area for f in fids) == [3_000.0, 7_000.0]
    assert host.edit.feature(2).geometry.equals_exact(FAR, 0)     # the far square is not crossed
    host.edit.commit()
    back = pyogrio.read_dataframe(project.path, layer="地块")
    assert sorted(back.geometry.area.round(6)) == [3_000.0, 7_000.0, 10_000.0]


def test_a_split_line_not_crossing_changes_nothing_and_says_why(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    before = {f: wkb(host.edit, f) for f in (1, 2)}
    tool = SplitTool(host)
    split_along(tool, host, [(X + 30, Y + 10), (X + 30, Y + 50)])     # ends inside the square
    assert len(project.undo_stack) == 0 and {f: wkb(host.edit, f) for f in (1, 2)} == before
    assert len(host.messages) == 1 and "分割线没有穿过该要素" in host.messages[0]
    assert tool.points == [(X + 30, Y + 10), (X + 30, Y + 50)]     # the line stays to be fixed or Esc'd
    key(tool, "escape")
    split_along(tool, host, [(X + 150, Y - 10), (X + 150, Y + 110)])   # between the squares
    assert host.messages[-1].endswith("分割线没有穿过该图层的任何要素")
    assert len(project.undo_stack) == 0 and not host.edit.has_changes
