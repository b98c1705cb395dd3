"""Topological moves and validation findings against hand-drawn coordinates (issue 16 item 6: the
mutants of the editing code in ``benchmarks/mutants.py``)."""

from __future__ import annotations

import shapely
from editing_project import X, Y, at, make_project

from parkgis.core.editing.validation import validate


def ring(edit, fid):
    return sorted(set(edit.feature(fid).geometry.exterior.coords))


def test_a_topological_move_moves_the_shared_vertex_in_every_feature_and_nothing_else(tmp_path):
    project = make_project(tmp_path)      # A, B side by side, C above: all three have a vertex at (100, 100)
    edit = project.edit("地块")
    edit.move_vertex(1, (0, 0, 1), at(110, 120), topological=True)
    # A was (0,0) (100,0) (100,100) (0,100); B (100,0) (200,0) (200,100) (100,100); C's bottom (0,100) (100,100) (200,100)
    assert ring(edit, 1) == sorted([at(0, 0), at(100, 0), at(110, 120), at(0, 100)])
    assert ring(edit, 2) == sorted([at(100, 0), at(200, 0), at(200, 100), at(110, 120)])
    assert ring(edit, 3) == sorted([at(0, 100), at(110, 120), at(200, 100), at(200, 200), at(0, 200)])
    # shoelace by hand: A = 10 000 + the triangle (100,0)-(110,120)-(100,100) of 500 + (0,100)-(110,120)-(100,100) of 1 000
    assert edit.feature(1).geometry.area == 10_000 + 500 + 1_000


def test_a_move_without_topology_leaves_the_neighbours(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_vertex(1, (0, 0, 1), at(110, 120))
    assert ring(edit, 2) == sorted([at(100, 0), at(200, 0), at(200, 100), at(100, 100)])


def test_a_sliver_lost_away_from_every_neighbour_is_no_gap(tmp_path):
    # a 5 cm notch in A's west side (y 10–90): neither B (east) nor C (north) touches the strip
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.set_geometry(1, shapely.Polygon([at(0, 0), at(100, 0), at(100, 100), at(0, 100), at(0, 90), at(0.05, 90),
                                          at(0.05, 10), at(0, 10)]))
    assert [f.code for f in validate(edit)] == []
    # the same 5 cm taken on the east side, against B: a gap, named against B
    edit.set_geometry(1, shapely.box(X, Y, X + 99.95, Y + 100))
    (gap,) = validate(edit)
    assert (gap.code, gap.fid, gap.neighbour) == ("gap", 1, 2)
