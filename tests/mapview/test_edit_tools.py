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
from parkgis.mapview.edit_tools import (
    AddPartTool,
    DeletePartTool,
    DeleteRingTool,
    DrawPolygonTool,
    FillGapTool,
    MoveFeatureTool,
    ReshapeTool,
    RotateFeatureTool,
    SplitTool,
    VertexTool,
)
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
        self.selected: list[int] = []
        self.topological = self.avoid_overlap = False

    def session(self):
        return self.edit

    def snap(self, x, y, exclude=None):
        self.excluded = exclude
        return self._snap(x, y) if self._snap else None

    def selected_fids(self):
        return list(self.selected)

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


def test_a_line_across_two_parcels_splits_both_in_one_undo_step(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    before = {f: wkb(host.edit, f) for f in (1, 2)}
    tool = SplitTool(host)
    split_along(tool, host, [(X - 10, Y + 40), (X + 410, Y + 40)])      # across both squares at y = 40
    assert [len(fids) for fids in tool.result] == [2, 2] and len(project.undo_stack) == 1
    assert sorted(host.edit.feature(f).geometry.area for fids in tool.result for f in fids) == [
        4_000.0, 4_000.0, 6_000.0, 6_000.0]
    project.undo_stack.undo()                                            # one Ctrl+Z takes back both
    assert {f: wkb(host.edit, f) for f in (1, 2)} == before and host.edit.fids() == [1, 2]
    project.undo_stack.redo()
    assert len(host.edit.fids()) == 4


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
    host.language = "en"                            # an English UI gets the refusal in English
    split_along(tool, host, [(X + 150, Y - 10), (X + 150, Y + 110)])
    assert host.messages[-1].endswith("the split line crosses no feature of the layer")


def drag(tool, host, path, **kw):
    (x0, y0), *rest = path
    tool.press(ev(host, "press", x0, y0, "left", **kw))
    for x, y in rest:
        tool.move(ev(host, "move", x, y, **kw))
    tool.release(ev(host, "release", *path[-1], "left", **kw))


# ------------------------------------------------------------------ rings and parts

def test_a_ring_drawn_with_ctrl_cuts_a_hole_and_the_delete_ring_tool_removes_it(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = DrawPolygonTool(host)
    corners = [(X + 40, Y + 40), (X + 60, Y + 40), (X + 60, Y + 60), (X + 40, Y + 60)]
    tool.press(ev(host, "press", *corners[0], "left", ctrl=True))     # Ctrl on the first point: a hole
    tool.release(ev(host, "release", *corners[0], "left"))
    for x, y in corners[1:]:
        click(tool, host, x, y)
    key(tool, "enter")
    holed = host.edit.feature(1).geometry
    assert holed.area == 9_600.0 and len(holed.interiors) == 1 and len(project.undo_stack) == 1
    assert tool.mode == "feature"                 # the next drawing is a feature again
    DeleteRingTool(host).clicked(host.edit, (X + 45, Y + 45))
    assert host.edit.feature(1).geometry.area == 10_000.0
    remover = DeleteRingTool(host)
    click(remover, host, X + 20, Y + 20)          # not in a hole: refused, nothing changed
    assert host.messages[-1].endswith("点击处没有图层要素的内环") and len(project.undo_stack) == 2


def test_a_part_drawn_with_shift_joins_the_selected_feature_and_delete_part_removes_it(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = AddPartTool(host)
    for x, y in ((X + 120, Y), (X + 150, Y), (X + 150, Y + 30)):
        click(tool, host, x, y)
    key(tool, "enter")
    assert host.messages[-1].endswith("请先选中要添加部件的那一个要素") and len(project.undo_stack) == 0
    key(tool, "escape")
    host.selected = [1]
    tool = DrawPolygonTool(host)
    tool.press(ev(host, "press", X + 120, Y, "left", shift=True))
    tool.release(ev(host, "release", X + 120, Y, "left"))
    for x, y in ((X + 150, Y), (X + 150, Y + 30), (X + 120, Y + 30)):
        click(tool, host, x, y)
    key(tool, "enter")
    two = host.edit.feature(1).geometry
    assert two.geom_type == "MultiPolygon" and len(two.geoms) == 2 and two.area == 10_900.0
    click(DeletePartTool(host), host, X + 130, Y + 10)
    assert host.edit.feature(1).geometry.area == 10_000.0 and len(project.undo_stack) == 2


# ------------------------------------------------------------------ reshape, fill gap

def test_reshaping_cuts_a_notch_of_800_and_adds_a_bulge_of_1200_outside(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = ReshapeTool(host)
    split_along(tool, host, [(X + 30, Y + 110), (X + 30, Y + 80), (X + 70, Y + 80), (X + 70, Y + 110)])
    assert tool.reshaped == 1 and host.edit.feature(1).geometry.area == 9_200.0
    split_along(tool, host, [(X + 90, Y + 20), (X + 130, Y + 20), (X + 130, Y + 60), (X + 90, Y + 60)])
    assert host.edit.feature(1).geometry.area == 9_200.0 + 30 * 40   # the bulge beyond x = 100
    assert host.edit.feature(2).geometry.equals_exact(FAR, 0) and len(project.undo_stack) == 2
    host.edit.undo()
    host.edit.undo()
    assert host.edit.feature(1).geometry.equals_exact(SQUARE, 0)


def test_a_click_in_the_hole_between_four_parcels_fills_it_with_1600(tmp_path):
    frame = (shapely.box(X, Y, X + 30, Y + 100), shapely.box(X + 70, Y, X + 100, Y + 100),
             shapely.box(X + 30, Y, X + 70, Y + 30), shapely.box(X + 30, Y + 70, X + 70, Y + 100))
    project = make_project(tmp_path, geometries=frame)
    host = Host(project)
    tool = FillGapTool(host)
    click(tool, host, X + 50, Y + 50)
    gap = host.edit.feature(tool.added).geometry
    assert gap.area == 1_600.0 and gap.equals(shapely.box(X + 30, Y + 30, X + 70, Y + 70))
    click(tool, host, X + 300, Y + 300)           # open land: refused with the reason
    assert len(project.undo_stack) == 1 and host.messages


# ------------------------------------------------------------------ move and rotate

def test_dragging_a_feature_moves_it_by_the_drag_in_one_step(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = MoveFeatureTool(host)
    drag(tool, host, [(X + 50, Y + 50), (X + 55, Y + 52), (X + 60, Y + 55)])
    assert host.edit.feature(1).geometry.equals_exact(shapely.box(X + 10, Y + 5, X + 110, Y + 105), 0)
    assert len(project.undo_stack) == 1 and host.edit.feature(2).geometry.equals_exact(FAR, 0)
    host.selected = [1, 2]                          # a selected feature takes the others selected along
    drag(tool, host, [(X + 350, Y + 50), (X + 350, Y + 20)])
    assert host.edit.feature(2).geometry.bounds == (X + 300, Y - 30, X + 400, Y + 70)
    assert host.edit.feature(1).geometry.bounds == (X + 10, Y - 25, X + 110, Y + 75)
    assert len(project.undo_stack) == 2


def test_dragging_a_quarter_turn_rotates_a_rectangle_about_its_centre(tmp_path):
    rect = shapely.box(X, Y + 200, X + 100, Y + 240)
    project = make_project(tmp_path, geometries=(rect,))
    host = Host(project)
    tool = RotateFeatureTool(host)
    tool.press(ev(host, "press", X + 90, Y + 220, "left"))
    tool.move(ev(host, "move", X + 50, Y + 260))
    assert tool.angle(tool._drag) == 90.0
    tool.release(ev(host, "release", X + 50, Y + 260, "left"))
    turned = host.edit.feature(1).geometry
    assert [round(v, 6) for v in turned.bounds] == [X + 30, Y + 170, X + 70, Y + 270]
    assert round(turned.area, 6) == 4_000.0 and len(project.undo_stack) == 1


# ------------------------------------------------------------------ several vertices, topology

def test_a_rubber_band_selects_the_top_edge_and_dragging_moves_both_vertices_in_one_step(tmp_path):
    project = make_project(tmp_path)
    host = Host(project)
    tool = VertexTool(host)
    drag(tool, host, [(X - 10, Y + 90), (X + 50, Y + 105), (X + 110, Y + 110)])
    assert tool.fid == 1 and sorted(tool.vertices) == [(0, 0, 1), (0, 0, 2)]     # box(): (100,100), (0,100)
    assert ("selected", [(X + 100, Y + 100), (X, Y + 100)]) in tool.rubber()
    drag(tool, host, [(X, Y + 100), (X, Y + 105), (X, Y + 110), (X, Y + 120)])
    assert host.edit.feature(1).geometry.equals(shapely.box(X, Y, X + 100, Y + 120))
    assert len(project.undo_stack) == 1
    assert sorted(host.excluded) == [(host.edit.layer.id, 1, (0, 0, 1)), (host.edit.layer.id, 1, (0, 0, 2))]
    assert key(tool, "delete")                     # a square less two corners: refused, nothing changed
    assert len(project.undo_stack) == 1 and host.messages
    assert host.edit.feature(1).geometry.equals(shapely.box(X, Y, X + 100, Y + 120))
    host.edit.insert_vertex(1, (0, 0, 2), (X + 50, Y + 120))
    drag(tool, host, [(X - 10, Y + 110), (X + 110, Y + 130)])       # the top three
    assert len(tool.vertices) == 3
    tool.vertices.remove((0, 0, 2))                # the middle one stays
    assert key(tool, "delete")                     # two deleted in one step: the triangle below is left
    assert len(project.undo_stack) == 3
    assert host.edit.feature(1).geometry.equals(shapely.Polygon([(X, Y), (X + 100, Y), (X + 50, Y + 120)]))


def test_with_topological_editing_the_shared_corner_moves_in_both_squares(tmp_path):
    left, right = shapely.box(X, Y, X + 100, Y + 100), shapely.box(X + 100, Y, X + 200, Y + 100)
    project = make_project(tmp_path, geometries=(left, right))
    host = Host(project)
    tool = VertexTool(host)
    drag(tool, host, [(X + 100, Y + 100), (X + 105, Y + 110), (X + 110, Y + 120)])
    assert (X + 100, Y + 100) in host.edit.feature(2).geometry.exterior.coords    # off: the neighbour stays
    host.edit.undo()
    host.topological = True
    drag(tool, host, [(X + 100, Y + 100), (X + 105, Y + 110), (X + 110, Y + 120)])
    for fid in (1, 2):
        assert (X + 110, Y + 120) in host.edit.feature(fid).geometry.exterior.coords
    assert len(project.undo_stack) == 1
    host.edit.undo()
    assert host.edit.feature(1).geometry.equals_exact(left, 0)
    assert host.edit.feature(2).geometry.equals_exact(right, 0)


# ------------------------------------------------------------------ live compliance feedback

def test_a_vertex_dragged_into_the_red_line_shows_the_overlap_as_the_conflict_check_counts_it(tmp_path):
    from parkgis.mapview.edit_tools import LiveFeedback

    redline = shapely.box(X + 80, Y - 50, X + 200, Y + 150)
    project = make_project(tmp_path)
    project.add_layer(VectorLayer("生态保护红线", gpd.GeoDataFrame(geometry=[redline], crs=4545),
                                  role=Role.ECO_REDLINE))
    host = Host(project)
    live = LiveFeedback(project, host.edit.layer)
    seen = []
    live.listeners.append(seen.append)
    host.live_update, host.live_end = live.update, live.end
    tool = VertexTool(host)
    drag_path = [(X + 100, Y + 100), (X + 120, Y + 100), (X + 150, Y + 100)]
    tool.press(ev(host, "press", *drag_path[0], "left"))
    for x, y in drag_path[1:]:
        tool.move(ev(host, "move", x, y))
    eco = [c for c in tool.live.json["conflicts"] if c["rule"] == "eco_redline"]
    # the square's right 20 m plus the triangle to (150, 100): 20 × 100 + 50 × 100 / 2
    assert eco[0]["area_m2"] == 4_500.0 and tool.live.status == "prohibited"
    assert len(seen) == 2 and seen[0].json["conflicts"][0]["area_m2"] == 2_000.0 + 10 * 100   # at (120, 100)
    overlaps = [spec for spec in tool.rubber() if spec[0] == "overlap"]
    assert overlaps and overlaps[0][1][0] == "prohibited" and overlaps[0][1][2].area == 4_500.0
    moved = tool._drag["moved"]
    assert host.edit.live_check(moved, 1)["conflicts"] == tool.live.json["conflicts"]   # the check's answer
    tool.release(ev(host, "release", *drag_path[-1], "left"))
    assert seen[-1] is None and tool.live is None and not [s for s in tool.rubber() if s[0] == "overlap"]
    assert host.edit.feature(1).geometry.area == 10_000.0 + 50 * 100 / 2


# ------------------------------------------------------------------ a layer in another CRS than the map

def test_on_a_map_in_lon_lat_the_tools_edit_the_layer_in_its_own_crs(tmp_path):
    from pyproj import Transformer

    project = make_project(tmp_path)
    host = Host(project)
    to_map = Transformer.from_crs(4545, 4490, always_xy=True).transform
    host.crs = 4490                                           # the map in CGCS2000 longitude/latitude
    lon, lat = to_map(X + 200, Y + 50)
    host.view = MapView(lon, lat, 1e-5, 600, 400)             # ≈ 1 m per pixel
    corners = [(X + 120, Y), (X + 180, Y), (X + 180, Y + 60), (X + 120, Y + 60)]
    tool = DrawPolygonTool(host)
    for x, y in corners:
        click(tool, host, *to_map(x, y))
    key(tool, "enter")
    added = host.edit.feature(tool.added).geometry
    assert added.equals_exact(shapely.Polygon(corners), 1e-6)       # in EPSG:4545 metres, not degrees
    assert abs(added.area - 3_600.0) < 1e-6
    vertex_tool = VertexTool(host)
    vertex_tool.move(ev(host, "move", *to_map(X + 100, Y + 100)))
    hover = vertex_tool.hover
    assert hover is not None and hover[0] == 1
    assert max(abs(a - b) for a, b in zip(hover[2], to_map(X + 100, Y + 100), strict=True)) < 1e-9  # shown in map CRS
    drag(vertex_tool, host, [to_map(X + 100, Y + 100), to_map(X + 105, Y + 110), to_map(X + 110, Y + 120)])
    moved = shapely.get_coordinates(host.edit.feature(1).geometry)
    assert min(abs(px - (X + 110)) + abs(py - (Y + 120)) for px, py in moved) < 1e-6


def test_dragging_a_vertex_of_a_10000_vertex_parcel_redraws_only_its_two_segments(tmp_path):
    import math

    import numpy as np

    t = np.linspace(0, 2 * math.pi, 10_000, endpoint=False)
    ring = np.c_[X + 500 + 400 * np.cos(t), Y + 500 + 400 * np.sin(t)]
    project = make_project(tmp_path, geometries=(shapely.Polygon(ring),))
    host = Host(project)
    host.view = MapView(X + 900, Y + 500, 0.5, 1200, 800)
    tool = VertexTool(host)
    tool.press(ev(host, "press", X + 900, Y + 500, "left"))
    tool.move(ev(host, "move", X + 910, Y + 506))
    specs = tool.rubber()
    lines = [data for kind, data in specs if kind == "line"]
    assert [kind for kind, _ in specs] == ["line", "vertex"] and len(lines[0]) == 3
    assert lines[0][1] == (X + 910, Y + 506)
    assert lines[0][0] == tuple(ring[-1]) and lines[0][2] == tuple(ring[1])    # the neighbours of vertex 0
    tool.release(ev(host, "release", X + 910, Y + 506, "left"))
    assert shapely.get_num_coordinates(host.edit.feature(1).geometry) == 10_001
    assert tuple(host.edit.feature(1).geometry.exterior.coords[0]) == (X + 910, Y + 506)


def test_the_live_result_carries_the_feature_as_it_was_before_the_drag(tmp_path):
    from parkgis.mapview.edit_tools import LiveFeedback

    redline = shapely.box(X + 80, Y - 50, X + 200, Y + 150)     # the square's right 20 m lie in it
    project = make_project(tmp_path)
    project.add_layer(VectorLayer("生态保护红线", gpd.GeoDataFrame(geometry=[redline], crs=4545),
                                  role=Role.ECO_REDLINE))
    host = Host(project)
    live = LiveFeedback(project, host.edit.layer)
    host.live_update, host.live_end = live.update, live.end
    tool = VertexTool(host)
    tool.press(ev(host, "press", X + 100, Y + 100, "left"))
    for x in (X + 90, X + 60):            # the top right corner dragged left, out of the red line
        tool.move(ev(host, "move", x, Y + 100))
    before = {c["rule"]: c["area_m2"] for c in tool.live.baseline["conflicts"]}
    now = {c["rule"]: c["area_m2"] for c in tool.live.json["conflicts"]}
    assert before["eco_redline"] == 2_000.0 and tool.live.baseline["area_m2"] == 10_000.0
    # the right edge runs from (100, 0) to (60, 100): in the red line the triangle 20 m wide × 50 m high
    assert now["eco_redline"] == 20 * 50 / 2
    assert tool.live.json["area_m2"] == 10_000.0 - 40 * 100 / 2
    tool.release(ev(host, "release", X + 60, Y + 100, "left"))
    assert live.baseline is None
    tool.press(ev(host, "press", X + 60, Y + 100, "left"))          # the next drag starts from the new shape
    tool.move(ev(host, "move", X + 50, Y + 100))
    assert tool.live.baseline["area_m2"] == 10_000.0 - 40 * 100 / 2
