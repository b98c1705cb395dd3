"""Snapping: vertices, segments and intersections of chosen layers, lazily per tile, patched by edits."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from parkgis.core.editing.snapping import SnapIndex, explode
from parkgis.core.errors import UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

X0, Y0 = 500_000.0, 4_400_000.0


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def make_project():
    project = Project()
    parcels = gpd.GeoDataFrame({"DKBH": ["A", "B", "C"]}, crs=4545, geometry=[
        box(0, 0, 100, 100), box(50, 50, 150, 150), box(400, 0, 500, 100)])
    red = gpd.GeoDataFrame({"HXMC": ["红线"]}, crs=4545, geometry=[box(3000, 3000, 3100, 3100)])
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.add_layer(VectorLayer("生态保护红线", red, role=Role.ECO_REDLINE))
    return project


def test_snaps_to_the_nearest_vertex_with_its_address_and_tooltip():
    project = make_project()
    index = SnapIndex(project, [project.layer("地块")])
    m = index.snap((X0 + 101.2, Y0 + 0.9), 3.0)
    assert m.kind == "vertex" and m.point == (X0 + 100, Y0 + 0)
    assert (m.layer_name, m.fid) == ("地块", 1)
    assert m.layer_id == project.layer("地块").id
    # shapely.box rings run (x1,y0) → (x1,y1) → (x0,y1) → (x0,y0): the vertex (100, 0) is index 0
    assert m.vertex == (0, 0, 0)
    assert m.distance == pytest.approx(np.hypot(1.2, 0.9))
    assert m.description() == "顶点 · 地块 fid 1"
    assert m.description("en") == "vertex · 地块 fid 1"
    assert index.snap((X0 + 250, Y0 + 50), 3.0) is None


def test_snaps_to_a_segment_at_the_foot_of_the_perpendicular():
    project = make_project()
    index = SnapIndex(project, [project.layer("地块")])
    m = index.snap((X0 + 430.0, Y0 + 101.5), 2.0)
    assert m.kind == "segment" and m.fid == 3
    assert m.point == (X0 + 430.0, Y0 + 100.0)
    assert m.vertex == (0, 0, 1)          # the edge from (500, 100) to (400, 100)
    assert m.description() == "线段 · 地块 fid 3"
    assert index.snap((X0 + 430.0, Y0 + 101.5), 2.0, kinds=["vertex"]) is None


def test_snaps_to_the_crossing_of_two_features_edges():
    project = make_project()
    index = SnapIndex(project, [project.layer("地块")])
    # A's right edge x = 100 crosses B's bottom edge y = 50 at (100, 50), a vertex of neither
    m = index.snap((X0 + 100.6, Y0 + 50.8), 3.0)
    assert m.kind == "intersection"
    assert m.point == pytest.approx((X0 + 100.0, Y0 + 50.0), abs=1e-9)
    assert {m.fid, m.other[2]} == {1, 2}
    assert m.description() in ("交点 · 地块 fid 1 × 地块 fid 2", "交点 · 地块 fid 2 × 地块 fid 1")
    # without intersections the same point falls on a segment
    assert index.snap((X0 + 100.6, Y0 + 50.8), 3.0, kinds=["vertex", "segment"]).kind == "segment"
    # a vertex wins over a farther crossing
    near_vertex = index.snap((X0 + 50.5, Y0 + 51.0), 3.0)
    assert near_vertex.kind == "vertex" and near_vertex.point == (X0 + 50, Y0 + 50)


def test_exclude_the_dragged_vertex_or_the_whole_feature():
    project = make_project()
    layer = project.layer("地块")
    index = SnapIndex(project, [layer])
    dragged = (layer.id, 2, (0, 0, 3))        # B's corner (50, 50): shell index 3
    assert index.snap((X0 + 50.5, Y0 + 51.0), 3.0).vertex == (0, 0, 3)
    assert index.snap((X0 + 50.5, Y0 + 51.0), 3.0, exclude=dragged) is None
    # its two edges (2: (50,150)→(50,50) and 3: (50,50)→(150,50)) are not targets either
    assert index.snap((X0 + 120, Y0 + 50.5), 1.0).vertex == (0, 0, 3)
    assert index.snap((X0 + 120, Y0 + 50.5), 1.0, exclude=dragged) is None
    assert index.snap((X0 + 50.5, Y0 + 120), 1.0, exclude=dragged) is None
    # the other edges of B still are
    assert index.snap((X0 + 150.5, Y0 + 120), 1.0, exclude=dragged).vertex == (0, 0, 0)
    # the last vertex (index 3) excludes the ring's closing segment; index 0 does too
    assert index.snap((X0 + 150.5, Y0 + 120), 1.0, exclude=(layer.id, 2, (0, 0, 0))) is None
    assert index.snap((X0 + 120, Y0 + 50.5), 1.0, exclude=(layer.id, 2, (0, 0, 0))) is None
    assert index.snap((X0 + 150.5, Y0 + 150.5), 3.0, exclude=(layer.id, 2)) is None
    assert index.snap((X0 + 150.5, Y0 + 150.5), 3.0, exclude=[(layer.id, 1), (layer.id, 2)]) is None
    assert index.snap((X0 + 150.5, Y0 + 150.5), 3.0, exclude=[(layer.id, 1)]).fid == 2


def test_parts_and_holes_are_addressed_part_ring_index():
    shell = [(0, 0), (100, 0), (100, 100), (0, 100)]
    hole = [(20, 20), (20, 40), (40, 40), (40, 20)]
    poly = shapely.Polygon([(X0 + x, Y0 + y) for x, y in shell], [[(X0 + x, Y0 + y) for x, y in hole]])
    multi = shapely.MultiPolygon([box(300, 0, 400, 100), poly])
    coords, owner, last = explode(np.array([multi], dtype=object))
    assert len(coords) == 5 + 5 + 5 and last.sum() == 3
    project = Project()
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame(geometry=[multi], crs=4545), role=Role.PARCELS))
    index = SnapIndex(project)
    m = index.snap((X0 + 40.4, Y0 + 40.3), 1.0)
    assert m.kind == "vertex" and m.vertex == (1, 1, 2) and m.point == (X0 + 40, Y0 + 40)
    m = index.snap((X0 + 30, Y0 + 20.2), 1.0)
    assert m.kind == "segment" and m.vertex == (1, 1, 3) and m.point == (X0 + 30, Y0 + 20)


def test_the_index_follows_an_edit_session_and_its_undo():
    project = make_project()
    layer = project.layer("地块")
    index = SnapIndex(project, [layer])
    assert index.snap((X0 + 400, Y0 + 0), 1.0).fid == 3            # tiles built here
    edit = project.edit(layer)
    edit.set_geometry(3, box(400, 0, 520, 100))
    assert index.snap((X0 + 520, Y0 + 0), 1.0).fid == 3
    assert index.snap((X0 + 500, Y0 + 0), 1.0).kind == "segment"   # the old corner is gone
    new = edit.add_feature(box(600, 0, 700, 100), {"DKBH": "D"})
    assert index.snap((X0 + 700, Y0 + 100), 1.0).fid == new
    edit.delete_feature(1)
    assert index.snap((X0 + 0, Y0 + 0), 1.0) is None
    edit.undo()
    assert index.snap((X0 + 0, Y0 + 0), 1.0).fid == 1
    edit.undo()
    edit.undo()
    assert index.snap((X0 + 500, Y0 + 0), 1.0).kind == "vertex"
    assert index.snap((X0 + 520, Y0 + 0), 1.0) is None
    # a feature moved far away (into tiles not built yet, out of tiles that were) is found there
    edit.set_geometry(2, box(5000, 5000, 5100, 5100))
    assert index.snap((X0 + 5100, Y0 + 5100), 1.0).fid == 2
    assert index.snap((X0 + 150, Y0 + 150), 1.0) is None
    edit.rollback()
    assert index.snap((X0 + 150, Y0 + 150), 1.0).fid == 2
    index.close()
    edit.set_geometry(2, box(5000, 5000, 5100, 5100))
    assert index.snap((X0 + 150, Y0 + 150), 1.0).fid == 2          # closed: no longer follows


def test_tiles_are_built_lazily_and_prepare_is_incremental():
    project = make_project()
    index = SnapIndex(project, cell=500.0)
    assert not index._tiles
    far = (X0 + 2900, Y0 + 2900, X0 + 3200, Y0 + 3200)
    assert not index.is_ready(far)
    assert index.prepare(far, budget_ms=1000)
    assert index.is_ready(far) and len(index._tiles) == 4
    assert index.snap((X0 + 3100, Y0 + 3100), 1.0).layer_name == "生态保护红线"
    # on-demand build with no budget left: one step at most, then only ready tiles are used
    other = SnapIndex(project, cell=500.0)
    other.prepare((X0, Y0, X0 + 1, Y0 + 1), budget_ms=0)
    assert other.stats["steps"] == 1


def test_bad_kinds_and_no_layers_are_refused():
    project = make_project()
    with pytest.raises(UsageError, match="unknown snapping kind"):
        SnapIndex(project).snap((X0, Y0), 1.0, kinds=["corner"])
    with pytest.raises(UsageError, match="at least one layer"):
        SnapIndex(project, [])


def test_a_feature_across_many_tiles_is_patched_in_each_tile_when_read():
    project = make_project()
    layer = project.layer("地块")
    index = SnapIndex(project, [layer], cell=50.0)
    long = box(0, 1000, 400, 1010)                 # spans eight tiles
    edit = project.edit(layer)
    fid = edit.add_feature(long, {"DKBH": "L"})
    assert index.prepare((X0, Y0 + 990, X0 + 410, Y0 + 1020), budget_ms=1000)
    assert index.snap((X0 + 200, Y0 + 1010.5), 1.0).fid == fid        # on the top edge, mid-way
    edit.set_geometry(fid, box(0, 1000, 400, 1005))
    assert index._dirty                                                 # patched lazily…
    assert index.snap((X0 + 200, Y0 + 1010.5), 1.0) is None            # …but never read stale
    assert index.snap((X0 + 10, Y0 + 1010.5), 1.0) is None
    assert index.snap((X0 + 390, Y0 + 1005.4), 1.0).point == (X0 + 390, Y0 + 1005)
    assert index.snap((X0 + 400.2, Y0 + 1005.1), 1.0).kind == "vertex"


def test_a_script_query_waits_for_its_tiles_a_map_tool_query_does_not():
    project = make_project()
    tool = SnapIndex(project, [project.layer("地块")])
    assert tool.snap((X0 + 101.2, Y0 + 0.9), 3.0, budget_ms=0) is None      # nothing built yet: no wait
    script = SnapIndex(project, [project.layer("地块")])
    assert script.snap((X0 + 101.2, Y0 + 0.9), 3.0).point == (X0 + 100, Y0 + 0)   # built first, however long
