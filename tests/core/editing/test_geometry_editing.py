"""Geometry editing through the edit session (the scripting contract of issue 11): one undo step per
call, topological steps across three polygons, refusals that name the feature and change nothing, and
the commit's audit rows."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest
import shapely
from editing_project import A, B, C, X, Y, at, make_project

from parkgis.core.editing.operations import EditRefused
from parkgis.core.project import Project


def wkb(edit, fid):
    return shapely.to_wkb(edit.feature(fid).geometry)


def test_a_vertex_shared_by_three_polygons_moves_in_all_three_and_undo_takes_all_back(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    before = {f: wkb(edit, f) for f in (1, 2, 3)}
    edit.move_vertex(1, (0, 0, 1), at(110, 120), topological=True)
    assert at(110, 120) in edit.feature(1).geometry.exterior.coords
    assert at(110, 120) in edit.feature(2).geometry.exterior.coords
    assert at(110, 120) in edit.feature(3).geometry.exterior.coords
    assert at(100, 100) not in [c for f in (1, 2, 3) for c in edit.feature(f).geometry.exterior.coords]
    assert len(project.undo_stack) == 1
    edit.undo()
    assert {f: wkb(edit, f) for f in (1, 2, 3)} == before
    edit.redo()
    assert at(110, 120) in edit.feature(3).geometry.exterior.coords


def test_without_topology_only_the_feature_moves(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_vertex(1, (0, 0, 1), at(110, 120))
    assert not edit.is_changed(2) and not edit.is_changed(3)


def test_a_drag_is_one_undo_step_even_when_it_reaches_neighbours(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    for k in range(1, 6):
        edit.move_vertex(1, (0, 0, 1), at(100 + k, 100 + k), topological=True, merge_key="drag-1")
    assert len(project.undo_stack) == 1
    assert edit.feature(2).geometry.exterior.coords[2] == at(105, 105)
    edit.undo()
    for fid, original in zip((1, 2, 3), (A, B, C), strict=True):
        assert edit.feature(fid).geometry.equals_exact(original, 0)


def test_inserting_a_vertex_on_a_shared_edge_adds_it_to_the_neighbour(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.insert_vertex(1, (0, 0, 1), at(100, 50), topological=True)   # on the edge A | B
    assert at(100, 50) in edit.feature(1).geometry.exterior.coords
    assert at(100, 50) in edit.feature(2).geometry.exterior.coords
    assert not edit.is_changed(3) and len(project.undo_stack) == 1
    edit.move_vertex(1, (0, 0, 1), at(120, 50), topological=True)
    assert edit.feature(1).geometry.area + edit.feature(2).geometry.area == 20_000.0   # still no gap, no overlap
    assert edit.feature(1).geometry.area == 10_000 + 100 * 20 / 2


def test_split_at_30_m_then_undo_restores_exactly_and_removes_the_new_fid(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    original = wkb(edit, 1)
    fids = edit.split(1, [at(30, -10), at(30, 110)])
    assert fids[0] == 1 and len(fids) == 2 and fids[1] > 3
    assert edit.feature(1).geometry.area == 7_000.0 and edit.feature(fids[1]).geometry.area == 3_000.0
    assert edit.feature(fids[1]).attributes == edit.feature(1).attributes
    assert len(project.undo_stack) == 1
    edit.undo()
    assert wkb(edit, 1) == original
    assert edit.feature(fids[1]) is None and fids[1] not in edit.fids()
    edit.redo()
    assert edit.feature(fids[1]).geometry.area == 3_000.0


def test_topological_editing_keeps_working_after_a_split(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    _, piece = edit.split(1, [at(30, -10), at(30, 110)], topological=True)
    assert at(30, 100) in edit.feature(3).geometry.exterior.coords   # the cut point reached the neighbour
    vertex = list(edit.feature(1).geometry.exterior.coords).index(at(30, 100))
    edit.move_vertex(1, (0, 0, vertex), at(40, 100), topological=True)
    for fid in (1, piece, 3):
        assert at(40, 100) in edit.feature(fid).geometry.exterior.coords
    total = sum(edit.feature(f).geometry.area for f in (1, piece, 2, 3))
    assert total == pytest.approx(40_000.0, abs=1e-6)


def test_merge_keeps_the_chosen_feature_and_its_attributes(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    assert edit.merge([1, 2], keep=2) == 2
    assert edit.feature(2).geometry.area == 20_000.0 and edit.feature(1) is None
    assert edit.feature(2).attributes["DKBH"] == "A-02"
    with pytest.raises(EditRefused, match="features of different layers cannot be merged"):
        edit.merge([2, ("生态保护红线", 1)])
    edit.undo()
    assert edit.feature(1).geometry.equals_exact(A, 0) and edit.feature(2).geometry.equals_exact(B, 0)


def test_reshape_and_fill_gap_exact_areas(tmp_path):
    ring = [shapely.box(X + 100, Y, X + 200, Y + 100), shapely.box(X, Y + 100, X + 200, Y + 200),
            shapely.box(X - 100, Y, X, Y + 200), shapely.box(X - 100, Y - 100, X + 200, Y)]
    project = make_project(tmp_path, ring)
    edit = project.edit("地块")
    fid = edit.fill_gap(at(50, 50))
    assert edit.feature(fid).geometry.area == 10_000.0
    edit.reshape(fid, [at(-10, 50), at(50, 50), at(50, -10)])
    assert edit.feature(fid).geometry.area == 7_500.0
    with pytest.raises(EditRefused, match="feature 1: the point lies inside an existing feature"):
        edit.fill_gap(at(150, 50))


def test_avoid_overlap_clips_and_refuses_an_invalid_neighbour_naming_it(tmp_path):
    bow_tie = shapely.Polygon([at(250, 0), at(350, 100), at(350, 0), at(250, 100)])
    project = make_project(tmp_path, (A, bow_tie))
    edit = project.edit("地块")
    fid = edit.add_feature(shapely.box(X + 80, Y, X + 180, Y + 100), {"DKBH": "新"}, avoid_overlap=True)
    assert edit.feature(fid).geometry.area == 8_000.0            # 100 × 100 less the 20 × 100 over A
    steps = len(project.undo_stack)
    with pytest.raises(EditRefused) as caught:
        edit.add_feature(shapely.box(X + 200, Y, X + 300, Y + 100), {"DKBH": "新2"}, avoid_overlap=True)
    assert "neighbour feature 2 is invalid" in str(caught.value) and caught.value.neighbours == (2,)
    assert len(project.undo_stack) == steps and len(edit.fids()) == 3
    with pytest.raises(EditRefused, match="splits the shape into 2 parts"):
        edit.add_feature(shapely.box(X - 50, Y + 40, X + 220, Y + 60), avoid_overlap=True)   # across A and 3


def test_a_split_line_that_misses_names_the_feature_and_changes_nothing(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    with pytest.raises(EditRefused) as caught:
        edit.split(2, [at(300, 0), at(400, 0)])
    assert caught.value.fid == 2
    assert str(caught.value).endswith("(layer 地块): feature 2: the split line does not cross the feature "
                                      "(it must cross it from one side to the other)")
    assert not edit.has_changes and len(project.undo_stack) == 0
    assert project.recoverable() == []     # no journal entry either


def test_rings_parts_and_multipart_addressing_through_the_session(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.add_ring(1, shapely.box(X + 10, Y + 10, X + 20, Y + 20))
    edit.add_part(1, shapely.box(X + 300, Y + 300, X + 310, Y + 310))
    edit.move_vertex(1, (1, 0, 0), at(320, 290))                 # the new part's first vertex
    geometry = edit.feature(1).geometry
    assert geometry.geom_type == "MultiPolygon" and geometry.geoms[1].exterior.coords[-1] == at(320, 290)
    edit.move_vertices(1, [(0, 1, 0), (0, 1, 1), (0, 1, 2), (0, 1, 3)], 5, 5)   # the whole hole
    assert edit.feature(1).geometry.geoms[0].interiors[0].bounds == (X + 15, Y + 15, X + 25, Y + 25)
    edit.delete_ring(1, 0, 1)
    edit.delete_part(1, 1)
    assert edit.feature(1).geometry.area == 10_000.0
    with pytest.raises(EditRefused, match="feature 1: the geometry has no part 3"):
        edit.delete_vertex(1, (3, 0, 0))
    assert len(project.undo_stack) == 6


def test_rubber_band_selection_moves_shared_vertices_topologically(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_vertices(1, [(0, 0, 0), (0, 0, 1)], 10, 0, topological=True)   # the edge A | B moves right
    assert edit.feature(2).geometry.area == 9_000.0 and edit.feature(1).geometry.area == 11_000.0
    assert at(110, 100) in edit.feature(3).geometry.exterior.coords
    assert len(project.undo_stack) == 1


def test_move_rotate_and_paste_with_reprojection(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_features([1, 2], 1000, 0)
    assert edit.feature(1).geometry.equals(shapely.box(X + 1000, Y, X + 1100, Y + 100))
    edit.rotate_features([1, 2], 90)              # about the centre of both: (1100, 50)
    assert shapely.normalize(edit.feature(1).geometry).equals_exact(
        shapely.normalize(shapely.box(X + 1050, Y - 50, X + 1150, Y + 50)), 1e-6)
    source = gpd.GeoDataFrame({"DKBH": ["外"], "OTHER": [1]}, geometry=[shapely.box(X + 800, Y, X + 900, Y + 100)],
                              crs=4545).to_crs(4490)
    (fid,) = edit.paste_features(source)
    pasted = edit.feature(fid)
    assert pasted.attributes["DKBH"] == "外" and "OTHER" not in pasted.attributes
    assert pasted.geometry.area == pytest.approx(10_000.0, rel=1e-6)
    assert pasted.geometry.bounds[0] == pytest.approx(X + 800, abs=1e-3)


def test_commit_writes_an_audit_row_per_changed_fid(tmp_path):
    project = make_project(tmp_path)
    with project.edit("地块") as edit:
        _, piece = edit.split(1, [at(30, -10), at(30, 110)], topological=True)
    rows = sorted((r["fid"], r["action"]) for r in project.audit_log() if r.get("fid") is not None)
    assert rows == [(1, "geometry"), (3, "geometry"), (piece, "add")]
    read = pyogrio.read_dataframe(project.path, layer="地块", fid_as_index=True)
    assert read.loc[1].geometry.area == 7_000.0 and read.loc[piece].geometry.area == 3_000.0


def test_the_readme_editing_example_runs(tmp_path, capsys):
    import re
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- scripting-example-editing -->\s*```python\n(.*?)```", readme, re.S)
    assert block, "README has no editing example block"
    project = make_project(tmp_path)
    namespace: dict = {}
    exec(compile(block.group(1).replace('"园区.gpkg"', repr(str(project.path))), "README", "exec"), namespace)
    assert "feature 2: the split line does not cross the feature" in capsys.readouterr().out
    reopened = Project.open(project.path)
    layer = reopened.layer("地块")
    piece, new = namespace["piece"], namespace["new"]
    moved = at(110, 105)
    for fid in (1, 2, 3):
        assert moved in layer.feature(fid).geometry.exterior.coords
    assert layer.feature(piece).geometry.area == 3_000.0
    assert layer.feature(new).geometry.area == 40 * 50          # nothing to clip below the parcels
    assert layer.feature(new).attributes["DKBH"] == "B4-09"


def test_deleting_a_shared_vertex_topologically_deletes_it_in_the_neighbours(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    corner, _ = edit.nearest_vertex(1, at(100, 100))
    edit.delete_vertex(1, corner, topological=True)
    for fid in (1, 2, 3):
        assert at(100, 100) not in edit.feature(fid).geometry.exterior.coords
    assert edit.feature(1).geometry.area == 5_000.0          # A loses its corner: a right triangle 100 × 100 / 2
    assert len(project.undo_stack) == 1
    triangle = shapely.Polygon([at(300, 0), at(400, 0), at(300, 100)])
    other = shapely.box(X + 200, Y, X + 300, Y + 100)
    (tmp_path / "2").mkdir()
    project = make_project(tmp_path / "2", (other, triangle))
    edit = project.edit("地块")
    with pytest.raises(EditRefused, match="feature 1: the shared vertex cannot be deleted in neighbour feature 2: deleting vertex") as caught:
        edit.delete_vertex(1, edit.nearest_vertex(1, at(300, 0))[0], topological=True)
    assert caught.value.neighbours == (2,) and not edit.has_changes


def test_new_polygons_join_a_layer_of_multipolygons_as_multipolygons(tmp_path):
    project = make_project(tmp_path, [shapely.MultiPolygon([A]), shapely.MultiPolygon([B])])
    edit = project.edit("地块")
    fid = edit.add_feature(shapely.box(X + 300, Y, X + 400, Y + 100))
    assert edit.feature(fid).geometry.geom_type == "MultiPolygon"
    fids = edit.split(1, [at(30, -10), at(30, 110)])
    assert {edit.feature(f).geometry.geom_type for f in fids} == {"MultiPolygon"}
    edit.commit()
    assert set(pyogrio.read_dataframe(project.path, layer="地块").geom_type) == {"MultiPolygon"}


def test_coordinates_in_the_map_crs_are_taken_into_the_layer_crs(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    lonlat = gpd.GeoSeries([shapely.Point(at(50, 50))], crs=4545).to_crs(4490).iloc[0]
    x, y = edit.to_layer_crs((lonlat.x, lonlat.y), 4490)
    assert (x, y) == pytest.approx(at(50, 50), abs=1e-6)
    assert edit.to_layer_crs(A, 4545) is A
