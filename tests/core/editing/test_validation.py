"""Validation before commit: each check finds its problem at the right place with the rule set's sliver
tolerances, each repair is one undoable step, a flagged commit is refused unless accepted, and an
accepted flag stays in the audit."""

from __future__ import annotations

import pytest
import shapely
from editing_project import A, B, X, Y, at, make_project

from parkgis.core.editing.validation import ValidationError, accepted_findings, repair, validate
from parkgis.core.messages import localize


def codes(findings):
    return sorted((f.code, f.fid) for f in findings)


def test_a_clean_edit_has_no_findings(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_vertex(1, (0, 0, 1), at(110, 120), topological=True)   # neighbours follow: no gap, no overlap
    assert validate(edit) == []
    edit.commit(validate=True)


def test_an_invalid_geometry_is_found_where_geos_says_and_made_valid(tmp_path):
    project = make_project(tmp_path, (A, shapely.box(X + 300, Y, X + 400, Y + 100)))
    edit = project.edit("地块")
    edit.set_geometry(2, shapely.Polygon([at(300, 0), at(400, 100), at(400, 0), at(300, 100)]))   # a bow tie
    (finding,) = validate(edit)
    assert finding.code == "invalid_geometry" and finding.fid == 2 and (finding.x, finding.y) == at(350, 50)
    assert "Self-intersection" in finding.message and "自相交" in finding.text()
    steps = len(project.undo_stack)
    repair(edit, finding)
    assert edit.feature(2).geometry.is_valid and edit.feature(2).geometry.area == 5_000.0   # two 50 × 100 / 2
    assert len(project.undo_stack) == steps + 1 and validate(edit) == []
    edit.undo()
    assert not edit.feature(2).geometry.is_valid


def test_overlap_and_sliver_overlap_use_the_rule_set_tolerances(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_vertex(1, (0, 0, 0), at(105, 0))            # a 5 m × 100 m / 2 = 250 m² wedge into B
    (finding,) = validate(edit)
    assert (finding.code, finding.fid, finding.neighbour) == ("overlap", 1, 2)
    assert finding.message == "overlaps feature 2 by 250 m²"
    assert B.contains(shapely.Point(finding.x, finding.y))
    repair(edit, finding)
    assert edit.feature(1).geometry.area == pytest.approx(10_000.0, abs=1e-6) and validate(edit) == []
    edit.undo()
    edit.undo()
    edit.move_vertex(1, (0, 0, 0), at(100.05, 0))          # 0.05 m × 100 m / 2 = 2.5 m², mean width < 0.1 m
    (finding,) = validate(edit)
    assert finding.code == "sliver_overlap" and "2.5 m²" in finding.message


def test_a_gap_left_against_a_neighbour_is_found_and_filled(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_vertex(1, (0, 0, 0), at(99.96, 0))           # pulled 4 cm off B, not topologically
    (finding,) = validate(edit)
    assert (finding.code, finding.neighbour) == ("gap", 2) and "2 m²" in finding.message   # 0.04 × 100 / 2
    repair(edit, finding)
    assert edit.feature(1).geometry.area == pytest.approx(10_000.0, abs=1e-6)
    assert validate(edit) == []


def test_a_sliver_part_and_a_ring_with_too_few_points(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.add_part(1, shapely.box(X + 300, Y, X + 300.05, Y + 10))            # 0.5 m², 5 cm wide
    (finding,) = validate(edit)
    assert finding.code == "sliver" and finding.part == 1
    repair(edit, finding)
    assert edit.feature(1).geometry.area == 10_000.0
    degenerate = shapely.Polygon([at(0, 0), at(10, 0), at(10, 0), at(0, 0)])
    assert len(shapely.get_coordinates(degenerate)) == 4
    fid = edit.add_feature(degenerate)
    found = [f for f in validate(edit) if f.fid == fid]
    assert "few_points" in [f.code for f in found]


def test_commit_with_findings_is_refused_unless_accepted_and_the_flag_stays_in_the_audit(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    edit.move_vertex(1, (0, 0, 0), at(105, 0))
    with pytest.raises(ValidationError) as caught:
        edit.commit(validate=True)
    assert "1 problem(s) found before commit" in str(caught.value)
    assert "feature 1: overlaps feature 2 by 250 m²" in str(caught.value)
    assert "与要素 2 重叠 250 m²" in localize(str(caught.value))
    assert edit.has_changes and project.layer("地块").feature(1).geometry.equals_exact(A, 0)   # nothing written
    edit.commit(accept_findings=True)
    rows = [r for r in project.audit_log() if r.get("fid") == 1]
    assert rows[-1]["reason"].startswith("accepted at commit with findings: overlap: overlaps feature 2")
    assert accepted_findings(project, "地块") == {1: "overlap: overlaps feature 2 by 250 m²"}
    edit.move_vertex(1, (0, 0, 0), at(100, 0))                  # put right and committed cleanly: flag gone
    edit.commit(validate=True)
    assert accepted_findings(project, "地块") == {}


def test_the_default_commit_stays_lenient(tmp_path):
    project = make_project(tmp_path)
    with project.edit("地块") as edit:
        edit.move_vertex(1, (0, 0, 0), at(105, 0))
    assert project.layer("地块").feature(1).geometry.area == 10_250.0
    edit = project.edit("地块")
    edit.validate_on_commit = True
    edit.move_vertex(1, (0, 0, 0), at(106, 0))
    with pytest.raises(ValidationError):
        project.save()                                          # the desktop's save path validates
