"""Geometry snapshots and per-view level of detail (pure numpy, no display needed)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from parkgis.mapview.geometry import build_snapshot, screen_geometry
from parkgis.mapview.view import MapView


def test_snapshot_flattens_parts_rings_lines_points():
    holed = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (4, 2), (4, 4), (2, 4)]])
    multi = shapely.MultiPolygon([shapely.box(20, 0, 21, 1), shapely.box(30, 0, 31, 1)])
    line = shapely.LineString([(0, 20), (5, 25)])
    point = shapely.Point(7, 7)
    snap = build_snapshot(np.array([holed, None, multi, line, point, shapely.Polygon()], dtype=object))
    assert snap.ring_count == 5                       # shell + hole, two parts, one line
    assert snap.closed.tolist() == [True, True, True, True, False]
    assert snap.feature.tolist() == [0, 0, 2, 2, 3]   # rings remember their feature row
    assert snap.shell.tolist() == [True, False, True, True, True]
    assert snap.points.tolist() == [[7.0, 7.0]]
    assert snap.bounds == (0.0, 0.0, 31.0, 25.0)
    assert snap.ring_bounds[1].tolist() == [2.0, 2.0, 4.0, 4.0]
    # shells and holes wind opposite ways so a winding fill keeps the hole empty
    shell, hole = (snap.xy[snap.offsets[i]:snap.offsets[i + 1]] for i in (0, 1))
    assert shapely.is_ccw(shapely.LinearRing(shell)) != shapely.is_ccw(shapely.LinearRing(hole))


def test_snapshot_reprojects_with_the_given_transform():
    snap = build_snapshot(np.array([shapely.box(0, 0, 1, 1)]), transform=lambda x, y: (x + 100, y * 2))
    assert snap.bounds == (100.0, 0.0, 101.0, 2.0)


def test_screen_geometry_culls_and_turns_subpixel_features_into_dots():
    geoms = np.array([shapely.box(0, 0, 50, 50),          # visible, big
                      shapely.box(500, 500, 550, 550),    # outside the view
                      shapely.box(60, 60, 60.4, 60.4)],   # visible, 0.4 px: a dot
                     dtype=object)
    snap = build_snapshot(geoms)
    view = MapView(cx=50, cy=50, mpp=1.0, width=100, height=100)
    sg = screen_geometry(snap, view)
    assert sg.ring_count == 1
    assert sg.xy.min(axis=0).tolist() == [0.0, 50.0] and sg.xy.max(axis=0).tolist() == [50.0, 100.0]
    assert sg.dots.tolist() == [pytest.approx([60.2, 39.8])]


def test_screen_geometry_drops_vertices_on_the_same_half_pixel():
    # a 1 000-vertex circle of radius 10 m seen at 1 m/px: vertices bunch up 16 per pixel
    circle = shapely.Point(0, 0).buffer(10, quad_segs=250)
    snap = build_snapshot(np.array([circle]))
    sharp = screen_geometry(snap, MapView(0, 0, 0.001, 40_000, 40_000))
    coarse = screen_geometry(snap, MapView(0, 0, 1.0, 40, 40))
    # zoomed in, Douglas-Peucker at half a pixel drops the vertices a screen cannot show, and the
    # drawn ring stays within half a pixel of the true one
    assert 40 < len(sharp.xy) < 1001
    true_ring = shapely.Point(20_000, 20_000).buffer(10_000, quad_segs=250).exterior
    assert shapely.hausdorff_distance(shapely.LinearRing(sharp.xy), true_ring) <= 0.5
    assert 10 < len(coarse.xy) < 60  # bounded by the pixels the ring crosses, not the vertex count
    small_ring = shapely.Point(20, 20).buffer(10, quad_segs=250).exterior
    assert shapely.hausdorff_distance(shapely.LinearRing(coarse.xy), small_ring) <= 1.0
    assert np.array_equal(coarse.xy[0], coarse.xy[-1])  # rings stay closed


def test_snapshot_keeps_ring_order_when_simple_and_holed_polygons_mix():
    holed = shapely.Polygon([(10, 0), (20, 0), (20, 10), (10, 10)],
                            [[(12, 2), (14, 2), (14, 4), (12, 4)], [(16, 6), (18, 6), (18, 8), (16, 8)]])
    geoms = np.array([shapely.box(0, 0, 1, 1), holed, shapely.box(30, 0, 32, 2)], dtype=object)
    snap = build_snapshot(geoms)
    assert snap.feature.tolist() == [0, 1, 1, 1, 2]
    assert snap.shell.tolist() == [True, True, False, False, True]
    assert snap.ring_bounds.tolist() == [[0, 0, 1, 1], [10, 0, 20, 10], [12, 2, 14, 4], [16, 6, 18, 8],
                                         [30, 0, 32, 2]]
    assert np.diff(snap.offsets).tolist() == [5, 5, 5, 5, 5]
    assert snap.bounds == (0.0, 0.0, 32.0, 10.0)


def test_hidden_rows_leave_out_every_ring_and_point_of_those_features():
    holed = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (4, 2), (4, 4), (2, 4)]])
    multi = shapely.MultiPolygon([shapely.box(20, 0, 30, 10), shapely.box(40, 0, 50, 10)])
    geoms = np.array([holed, multi, shapely.box(60, 0, 70, 10), shapely.Point(5, 5), shapely.Point(25, 5)],
                     dtype=object)
    snap = build_snapshot(geoms)
    view = MapView(35, 5, 0.1, 1000, 200)
    everything = screen_geometry(snap, view)
    assert everything.feature.tolist() == [0, 0, 1, 1, 2] and len(everything.dots) == 2
    sg = screen_geometry(snap, view, hidden_rows=[1, 3])
    assert sg.feature.tolist() == [0, 0, 2]           # both parts of feature 1 gone, the others kept
    assert sg.dots.tolist() == [[(25 - view.x0) / view.mpp, (view.y0 - 5) / view.mpp]]   # point 3 gone
    assert screen_geometry(snap, view, hidden_rows=[]).feature.tolist() == everything.feature.tolist()


def test_point_rows_survive_batched_snapshots(monkeypatch):
    import parkgis.mapview.geometry as geometry
    monkeypatch.setattr(geometry, "SNAPSHOT_BATCH", 2)
    geoms = np.array([shapely.box(0, 0, 1, 1), shapely.Point(5, 5), shapely.box(2, 0, 3, 1),
                      shapely.Point(7, 7), shapely.Point(9, 9)], dtype=object)
    snap = build_snapshot(geoms)
    assert snap.point_feature.tolist() == [1, 3, 4]
    assert snap.points.tolist() == [[5.0, 5.0], [7.0, 7.0], [9.0, 9.0]]
