"""The pure geometry edits: exact areas (arithmetic oracles), vertex addressing over shells, holes and
parts, and the refusals that name their reason."""

from __future__ import annotations

import pytest
import shapely

from parkgis.core.editing import geometry_ops as ops
from parkgis.core.editing.geometry_ops import GeometryRefused

X, Y = 500_000.0, 4_400_000.0
SQUARE = shapely.box(X, Y, X + 100, Y + 100)          # 100 m × 100 m in EPSG:4545


def at(dx, dy):
    return (X + dx, Y + dy)


def test_split_at_x_30_gives_3000_and_7000_square_metres():
    pieces = ops.split(SQUARE, [at(30, -10), at(30, 110)])
    assert [p.area for p in pieces] == [7000.0, 3000.0]       # 70 × 100, 30 × 100; largest first
    assert shapely.union_all(pieces).equals(SQUARE)


def test_split_of_a_multipolygon_keeps_the_uncut_part_with_the_largest_piece():
    far = shapely.box(X + 300, Y, X + 310, Y + 10)
    pieces = ops.split(shapely.MultiPolygon([SQUARE, far]), [at(30, -10), at(30, 110)])
    assert [round(p.area, 9) for p in pieces] == [7100.0, 3000.0]


@pytest.mark.parametrize("line", [[at(200, 0), at(300, 0)], [at(20, 20), at(80, 80)]])
def test_a_split_line_that_does_not_cross_is_refused(line):
    with pytest.raises(GeometryRefused, match="does not cross"):
        ops.split(SQUARE, line)


def test_merge_is_the_union():
    merged = ops.merge([shapely.box(X, Y, X + 30, Y + 100), shapely.box(X + 30, Y, X + 100, Y + 100)])
    assert merged.area == 10_000.0 and merged.geom_type == "Polygon"
    apart = ops.merge([SQUARE, shapely.box(X + 300, Y, X + 310, Y + 10)])
    assert apart.geom_type == "MultiPolygon" and apart.area == 10_100.0


def test_reshape_inward_cuts_the_smaller_side_and_outward_adds():
    cut = ops.reshape(SQUARE, [at(-10, 50), at(50, 50), at(50, -10)])   # corner 50 × 50 cut away
    assert cut.area == 7_500.0
    grown = ops.reshape(SQUARE, [at(30, 90), at(30, 130), at(70, 130), at(70, 90)])   # + 40 × 30
    assert grown.area == 11_200.0 and grown.is_valid
    with pytest.raises(GeometryRefused, match="does not cross the feature's boundary twice"):
        ops.reshape(SQUARE, [at(20, 20), at(150, 20)])


def test_a_reshape_line_crossing_four_times_replaces_the_boundary_from_its_first_to_its_last_crossing():
    # in at the left (y 50), out and back through the top, out at the right: the part above the line
    # goes, the bump above the top edge comes: 100 × 50 + 40 × 60
    line = [at(-10, 50), at(30, 50), at(30, 110), at(70, 110), at(70, 50), at(110, 50)]
    assert ops.reshape(SQUARE, line).area == 7_400.0
    # leaving at the right higher up (y 80) keeps 30 × 30 more
    line = [at(-10, 50), at(30, 50), at(30, 110), at(70, 110), at(70, 80), at(110, 80)]
    out = ops.reshape(SQUARE, line)
    assert out.area == 8_300.0 and out.is_valid


def test_reshape_of_a_hole():
    holed = shapely.Polygon(SQUARE.exterior.coords, [shapely.box(X + 20, Y + 20, X + 40, Y + 40).exterior.coords])
    out = ops.reshape(holed, [at(30, 30), at(30, 60), at(60, 60), at(60, 30), at(30, 30)])
    # the hole 20..40 grows by the 30×30 square 30..60 minus the 10×10 they share: 400 + 900 - 100
    assert out.area == pytest.approx(10_000 - 1_200, abs=1e-6)


def test_fill_gap_between_four_parcels():
    around = [shapely.box(X + 100, Y, X + 200, Y + 100), shapely.box(X, Y + 100, X + 200, Y + 200),
              shapely.box(X - 100, Y, X, Y + 200), shapely.box(X - 100, Y - 100, X + 200, Y)]
    gap = ops.fill_gap(at(50, 50), around)
    assert gap.area == 10_000.0 and gap.equals(SQUARE)
    with pytest.raises(GeometryRefused, match="inside an existing feature"):
        ops.fill_gap(at(150, 50), around)
    with pytest.raises(GeometryRefused, match="not in a gap"):
        ops.fill_gap(at(50, 50), around[:3])


def test_moving_vertex_0_moves_the_closing_vertex_too():
    out = ops.move_vertex(SQUARE, (0, 0, 0), at(110, -10))
    coords = list(out.exterior.coords)
    assert coords[0] == coords[-1] == at(110, -10) and len(coords) == 5
    assert ops.move_vertex(SQUARE, (0, 0, 4), at(110, -10)).equals_exact(out, 0)   # the closing one = 0


def test_insert_and_delete_vertices():
    out = ops.insert_vertex(SQUARE, (0, 0, 1), at(100, 50))
    assert list(out.exterior.coords)[1] == at(100, 50) and out.area == 10_000.0
    assert ops.delete_vertex(out, (0, 0, 1)).equals_exact(SQUARE, 0)
    triangle = shapely.Polygon([at(0, 0), at(10, 0), at(0, 10)])
    with pytest.raises(GeometryRefused, match="with 2 distinct points"):
        ops.delete_vertex(triangle, (0, 0, 2))


def test_holes_and_parts_are_addressed_by_part_ring_index():
    holed = ops.add_ring(SQUARE, shapely.box(X + 10, Y + 10, X + 20, Y + 20))
    assert holed.area == 9_900.0
    multi = ops.add_part(holed, shapely.box(X + 300, Y, X + 310, Y + 10))
    assert multi.geom_type == "MultiPolygon" and multi.area == 10_000.0
    moved = ops.move_vertex(multi, (0, 1, 0), at(10, 5))        # the hole's first vertex (20,10) → (10,5)
    assert moved.geoms[0].interiors[0].coords[0] == at(10, 5) == moved.geoms[0].interiors[0].coords[-1]
    # the hole (10,5) (20,20) (10,20) (10,10) has 75 m² by the shoelace formula, 25 less than the 10 × 10 one
    assert moved.area == pytest.approx(10_000 + 25, abs=1e-9)
    second = ops.move_vertex(multi, (1, 0, 2), at(320, 20))
    assert second.geoms[1].exterior.coords[2] == at(320, 20) and second.geoms[0].equals_exact(multi.geoms[0], 0)
    assert ops.move_vertices(multi, [(1, 0, 0), (1, 0, 1), (1, 0, 2), (1, 0, 3)], 5, 5).geoms[1].equals(
        shapely.box(X + 305, Y + 5, X + 315, Y + 15))
    assert ops.delete_ring(multi, 0, 1).area == 10_100.0
    assert ops.delete_part(multi, 1).area == 9_900.0
    with pytest.raises(GeometryRefused, match="no part 2"):
        ops.move_vertex(multi, (2, 0, 0), at(0, 0))
    with pytest.raises(GeometryRefused, match="no ring 2"):
        ops.move_vertex(multi, (0, 2, 0), at(0, 0))
    with pytest.raises(GeometryRefused, match="has no vertex 9"):
        ops.move_vertex(multi, (0, 1, 9), at(0, 0))
    with pytest.raises(GeometryRefused, match="ring 0 is the shell"):
        ops.delete_ring(multi, 0, 0)
    with pytest.raises(GeometryRefused, match="only this part"):
        ops.delete_part(SQUARE, 0)
    with pytest.raises(GeometryRefused, match="does not lie inside"):
        ops.add_ring(SQUARE, shapely.box(X + 90, Y + 90, X + 120, Y + 120))
    with pytest.raises(GeometryRefused, match="overlaps part 0"):
        ops.add_part(SQUARE, shapely.box(X + 90, Y + 90, X + 120, Y + 120))


def test_translate_and_rotate():
    assert ops.translate(SQUARE, 10, -5).equals(shapely.box(X + 10, Y - 5, X + 110, Y + 95))
    turned = ops.rotate(SQUARE, 90, at(0, 0))
    assert shapely.normalize(turned).equals_exact(shapely.normalize(shapely.box(X - 100, Y, X, Y + 100)), 1e-6)


def test_clip_against_neighbours():
    assert ops.clip_against(SQUARE, [(3, shapely.box(X + 80, Y - 10, X + 200, Y + 200))]).area == 8_000.0
    bow_tie = shapely.Polygon([at(50, 0), at(150, 100), at(150, 0), at(50, 100)])
    with pytest.raises(GeometryRefused, match="neighbour feature 7 is invalid") as caught:
        ops.clip_against(SQUARE, [(7, bow_tie)])
    assert caught.value.neighbours == (7,)
    with pytest.raises(GeometryRefused, match="leaves nothing") as caught:
        ops.clip_against(SQUARE, [(4, shapely.box(X - 1, Y - 1, X + 101, Y + 101))])
    with pytest.raises(GeometryRefused, match="splits the shape into 2 parts") as caught:
        ops.clip_against(SQUARE, [(5, shapely.box(X + 40, Y - 10, X + 60, Y + 110))])
    assert caught.value.neighbours == (5,)
