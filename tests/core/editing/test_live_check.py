"""Live compliance feedback: edit.live_check(geometry) gives the conflict check's own answer."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from parkgis.core.analysis import check_project
from parkgis.core.editing.live import LiveChecker, conflict_changes, live_checker
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.report import result_json
from parkgis.core.roles import Role

X0, Y0 = 500_000.0, 4_400_000.0


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def make_project(tmp_path=None):
    project = Project(None if tmp_path is None else tmp_path / "园区.gpkg")
    parcels = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02", "A-03"], "DKMC": ["一号", "二号", "三号"]}, crs=4545,
                               geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100), box(300, 0, 400, 100)])
    layers = [
        VectorLayer("地块", parcels, role=Role.PARCELS),
        VectorLayer("生态保护红线", gpd.GeoDataFrame({"BSM": ["H1"]}, crs=4545, geometry=[box(-50, 150, 500, 300)]),
                    role=Role.ECO_REDLINE),
        VectorLayer("永久基本农田", gpd.GeoDataFrame({"BSM": ["N1", "N2"], "KCXS": [0.1, 0.05]}, crs=4545,
                                                     geometry=[box(-100, -100, 30, 40), box(150, -100, 260, 20)]),
                    role=Role.FARMLAND),
        VectorLayer("城镇开发边界", gpd.GeoDataFrame({"BSM": ["U1"]}, crs=4545, geometry=[box(-20, -20, 450, 140)]),
                    role=Role.UDB),
        VectorLayer("园区", gpd.GeoDataFrame({"BSM": ["P1"]}, crs=4545, geometry=[box(-10, -10, 420, 130)]),
                    role=Role.PARK),
    ]
    for layer in layers:
        project.add_layer(layer)
    return project


def cli_entry(project, fid):
    """The parcel's entry of ``parkgis check --format json`` (the CLI's text, parsed)."""
    doc = json.loads(result_json(check_project(project)))
    (entry,) = [p for p in doc["parcels"] if p["fid"] == fid]
    return entry


# a reshape of A-01 that reaches into the red line, over farmland N1, over A-02, outside the UDB and the park
RESHAPED = shapely.Polygon([(X0 - 40, Y0 - 30), (X0 + 130, Y0 - 30), (X0 + 130, Y0 + 200), (X0 - 40, Y0 + 200)])


def test_live_check_of_a_reshape_equals_the_check_after_the_edit_key_by_key():
    project = make_project()
    edit = project.edit("地块")
    live = edit.live_check(RESHAPED, fid=1)
    before = cli_entry(project, 1)
    assert before["status"] != live["status"] or before["area_m2"] != live["area_m2"]   # the shape matters
    edit.set_geometry(1, RESHAPED)
    edit.commit()
    expected = cli_entry(project, 1)
    assert list(live) == list(expected)
    for key in expected:
        assert live[key] == expected[key], key
    rules = {c["rule"] for c in live["conflicts"]}
    assert rules == {"eco_redline", "farmland", "outside_udb", "outside_park", "parcel_overlap"}
    overlap = next(c for c in live["conflicts"] if c["rule"] == "parcel_overlap")
    assert overlap["area_m2"] == pytest.approx(30 * 100) and overlap["with"] == ["A-02"]
    assert live["area_m2"] == pytest.approx(170 * 230)
    assert live["area_mu"] == pytest.approx(170 * 230 / (10000 / 15))
    assert live["ellipsoidal_area_m2"] == pytest.approx(live["area_m2"], rel=1e-3)


def test_live_check_sees_the_sessions_uncommitted_changes_of_other_parcels():
    project = make_project()
    edit = project.edit("地块")
    assert not [c for c in edit.live_check(box(0, 0, 100, 100), fid=1)["conflicts"] if c["rule"] == "parcel_overlap"]
    # A-03 moved (uncommitted) onto A-01; A-04 added over it: both must count as other parcels now
    edit.set_geometry(3, box(60, 0, 160, 100))
    fid4 = edit.add_feature(box(-10, 50, 40, 90), {"DKBH": "A-04"})
    live = edit.live_check(box(0, 0, 100, 100), fid=1)
    overlap = next(c for c in live["conflicts"] if c["rule"] == "parcel_overlap")
    assert sorted(overlap["with"]) == ["A-03", "A-04"]
    assert overlap["area_m2"] == pytest.approx(40 * 100 + 40 * 40)
    edit.commit()
    assert live == cli_entry(project, 1)
    # and a deletion
    edit.delete_feature(fid4)
    live = edit.live_check(box(0, 0, 100, 100), fid=1)
    assert next(c for c in live["conflicts"] if c["rule"] == "parcel_overlap")["with"] == ["A-03"]
    edit.commit()
    assert live == cli_entry(project, 1)


def test_live_check_of_a_new_parcel_equals_the_check_of_it_once_added():
    project = make_project()
    edit = project.edit("地块")
    shape = box(180, 50, 320, 180)
    live = edit.live_check(shape)
    assert live["id"] == "(edited)" and live["fid"] is None
    fid = edit.add_feature(shape, {"DKBH": "A-05"})
    edit.commit()
    expected = cli_entry(project, fid)
    assert {k: v for k, v in live.items() if k not in ("id", "fid", "name")} == \
        {k: v for k, v in expected.items() if k not in ("id", "fid", "name")}


def test_the_stroke_api_gives_pieces_to_draw_and_reuses_one_index(tmp_path):
    project = make_project()
    layer = project.layer("地块")
    checker = live_checker(project, layer)
    assert live_checker(project, layer) is checker
    checker.begin(1)
    index = checker._index
    first = checker.update(box(0, 0, 100, 100))
    assert first.status == "prohibited"                 # farmland N1 under the corner
    moved = checker.update(box(0, 60, 100, 160))
    assert checker._index is index                      # nothing rebuilt per move
    rules = {p.rule for p in moved.pieces}
    assert "eco_redline" in rules
    red = next(p for p in moved.pieces if p.rule == "eco_redline")
    assert red.geometry.area == pytest.approx(100 * 10) and red.geometry.bounds == (X0, Y0 + 150, X0 + 100, Y0 + 160)
    checker.end()
    checker.close()
    assert live_checker(project, layer) is not checker


def test_a_background_build_and_a_constraint_edit_rebuild():
    project = make_project()
    layer = project.layer("地块")
    checker = LiveChecker(project, layer)
    assert checker.prepare(background=True) is False
    assert checker.wait(30)
    assert checker.update(box(0, 0, 100, 100), fid=1).json["status"] == "prohibited"
    farmland = project.layer("永久基本农田")
    project.set_locked(farmland.name, False)
    with project.edit(farmland) as edit:
        edit.delete_feature(1)
    assert not checker.ready
    result = checker.update(box(0, 0, 100, 100), fid=1)
    assert result.json["status"] == "compliant"


def test_on_a_park_layer_the_shape_is_checked_against_the_other_constraints():
    project = make_project()
    park = project.layer("园区")
    project.set_locked(park.name, False)
    edit = project.edit(park)
    result = edit.live_check(box(-10, -10, 420, 200), fid=1)
    rules = {c["rule"] for c in result["conflicts"]}
    assert "eco_redline" in rules and "outside_park" not in rules


def test_a_conflict_the_drag_removes_stays_listed_with_no_area_and_its_loss():
    before = {"conflicts": [{"rule": "farmland", "severity": "prohibited", "area_m2": 120.0, "share": 0.1},
                            {"rule": "eco_redline", "severity": "prohibited", "area_m2": 50.0, "share": 0.05}]}
    now = {"conflicts": [{"rule": "eco_redline", "severity": "prohibited", "area_m2": 80.0, "share": 0.08}]}
    rows = conflict_changes(now, before)
    assert [(c["rule"], c["area_m2"], delta) for c, delta in rows] == [("eco_redline", 80.0, 30.0),
                                                                       ("farmland", 0.0, -120.0)]
    assert [(c["rule"], delta) for c, delta in conflict_changes(now, None)] == [("eco_redline", None)]
    assert before["conflicts"][0]["area_m2"] == 120.0        # the baseline is not changed
