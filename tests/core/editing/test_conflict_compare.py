"""The three-way comparison of a conflicting parcel (三方对比): areas in m² and 亩, the change and the
differing area against the base, and each version's 三区三线 check — on a real project file edited by
two sessions, with every figure derived by hand from squares in EPSG:4545 (1 亩 = 10000/15 m²)."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from parkgis.core.editing.compare import compare_conflict
from parkgis.core.editing.merge import merge_three_way
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.store.base import ConflictError, FeatureConflict, FeatureState, user_name

X0, Y0 = 500_000, 4_400_000      # EPSG:4545
MU = 10000 / 15


def box(a, b, c, d):
    return shapely.box(X0 + a, Y0 + b, X0 + c, Y0 + d)


BASE = box(100, 100, 300, 300)          # 200 × 200 = 40 000 m² = 60 亩
THEIRS = box(100, 100, 330, 300)        # east edge 30 m out: 46 000 m² = 69 亩
MINE = box(100, 100, 300, 320)          # north edge 20 m out: 44 000 m² = 66 亩


def conflicting_project(tmp_path, red_lines):
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    parcels = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"], "RJL": [1.0, 1.0], "YT": ["工业", "工业"]},
                               geometry=[BASE, box(400, 100, 600, 300)], crs=4545)
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.add_layer(VectorLayer("生态保护红线", gpd.GeoDataFrame({"NAME": ["红线"] * len(red_lines)},
                                                                geometry=red_lines, crs=4545), role=Role.ECO_REDLINE))
    project.add_layer(VectorLayer("城镇开发边界", gpd.GeoDataFrame({"NAME": ["开发边界"]},
                                                                geometry=[box(0, 0, 1000, 1000)], crs=4545),
                                  role=Role.UDB))
    project.save()
    alice, bob = Project.open(path), Project.open(path)     # both read version 1
    with bob.edit("地块") as edit:                  # theirs: the east edge, and the plot ratio
        edit.set_geometry(1, THEIRS)
        edit.set_attribute(1, "RJL", 1.2)
    bob.close()
    session = alice.edit("地块")                    # mine: the north edge, and the parcel number
    session.set_geometry(1, MINE)
    session.set_attribute(1, "DKBH", "A-01甲")
    with pytest.raises(ConflictError) as caught:
        session.commit()
    (conflict,) = caught.value.conflicts
    return session, conflict


def test_each_version_has_its_areas_changes_and_red_line_check_and_the_merge_is_offered(tmp_path):
    red = box(320, 0, 380, 200)          # only theirs reaches it: x 320–330, y 100–200 = 1 000 m² = 1.5 亩
    session, conflict = conflicting_project(tmp_path, [red])
    comparison = session.compare_conflict(conflict, session.propose_merge(1))
    v = comparison.versions
    assert list(v) == ["base", "theirs", "mine", "merged"]
    assert {k: x.area_m2 for k, x in v.items()} == pytest.approx(
        {"base": 40_000, "theirs": 46_000, "mine": 44_000, "merged": 50_000})   # merged: both strips, no corner
    assert {k: x.area_mu for k, x in v.items()} == pytest.approx({"base": 60, "theirs": 69, "mine": 66, "merged": 75})
    assert {k: x.change_mu for k, x in v.items()} == pytest.approx({"base": 0, "theirs": 9, "mine": 6, "merged": 15})
    assert {k: x.differs_mu for k, x in v.items()} == pytest.approx({"base": 0, "theirs": 9, "mine": 6, "merged": 15})
    assert {k: x.status for k, x in v.items()} == {"base": "compliant", "theirs": "prohibited", "mine": "compliant",
                                                   "merged": "prohibited"}
    assert [(f.rule, f.label, round(f.area_m2, 6)) for f in v["theirs"].control_findings] == \
        [("eco_redline", "占用生态保护红线", 1000.0)]
    assert v["theirs"].control_findings[0].area_mu == pytest.approx(1.5)
    assert [round(f.area_m2, 6) for f in v["merged"].control_findings] == [1000.0]
    assert v["mine"].control_findings == [] and v["base"].control_findings == []
    (piece,) = v["theirs"].pieces                                         # the piece to draw, in the layer CRS
    assert piece[0] == "eco_redline" and piece[2].equals(box(320, 100, 330, 200))
    assert v["mine"].pieces == []
    assert v["theirs"].user == user_name() and v["theirs"].at            # from the audit
    assert comparison.label == "A-01"
    assert comparison.can_merge and comparison.merge_refused == []       # the merge brings no new overlap
    rows = {r.name: r for r in comparison.fields}
    assert (rows["DKBH"].changed_by, rows["DKBH"].merged) == ("mine", "A-01甲")
    assert (rows["RJL"].changed_by, rows["RJL"].base, rows["RJL"].theirs, rows["RJL"].mine, rows["RJL"].merged) == \
        ("theirs", 1.0, 1.2, 1.0, 1.2)
    assert rows["YT"].changed_by == "" and not rows["YT"].clash
    assert comparison.extent == pytest.approx((X0 + 100, Y0 + 100, X0 + 330, Y0 + 320))


def test_a_merge_that_overlaps_the_red_line_more_than_either_version_is_not_offered(tmp_path):
    # theirs reaches the first patch (1 000 m²), mine the second: x 100–150, y 310–320 = 500 m² = 0.75 亩
    session, conflict = conflicting_project(tmp_path, [box(320, 0, 380, 200), box(0, 310, 150, 400)])
    proposal = session.propose_merge(1)
    assert proposal.merged                                  # geometrically it merges …
    comparison = session.compare_conflict(conflict, proposal)
    merged = comparison.versions["merged"]
    assert merged.control_area_m2("eco_redline") == pytest.approx(1500.0)
    assert comparison.versions["mine"].control_findings[0].area_mu == pytest.approx(0.75)
    assert not comparison.can_merge                          # … but overlaps 2.25 亩, more than each side
    assert comparison.merge_refused == ["the merged feature conflicts with 三区三线 (占用生态保护红线: 2.2500 亩, "
                                        "theirs 1.5000 亩, mine 0.7500 亩)"]


def test_a_moved_parcel_differs_from_its_base_without_changing_its_area_and_clashing_fields_are_named():
    moved = shapely.affinity.translate(BASE, 3.0, 0.0)      # 3 m east: two strips 3 × 200 = 1 200 m² = 1.8 亩
    conflict = FeatureConflict(1, 1, 2, FeatureState(BASE, {"RJL": 1.0}), FeatureState(moved, {"RJL": 1.2}),
                               FeatureState(box(100, 100, 310, 300), {"RJL": 1.5}))
    merge = merge_three_way(conflict.base, conflict.theirs, conflict.mine)
    comparison = compare_conflict(conflict, merge)
    theirs, mine = comparison.versions["theirs"], comparison.versions["mine"]
    assert theirs.change_mu == pytest.approx(0.0) and theirs.differs_m2 == pytest.approx(1200.0)
    assert theirs.differs_mu == pytest.approx(1.8)
    assert mine.change_mu == pytest.approx(2000 / MU) and mine.differs_mu == pytest.approx(3.0)
    assert "merged" not in comparison.versions and not comparison.can_merge
    assert comparison.fields[0].clash and comparison.fields[0].changed_by == "both"
    assert comparison.merge_refused[0] == "field RJL (容积率) was changed on both sides (1.2 there, 1.5 here)"
    assert theirs.status is None                             # no check given: nothing claimed
    shrunk = compare_conflict(FeatureConflict(1, 1, 2, conflict.base, FeatureState(box(100, 100, 280, 300), {}),
                                              conflict.mine), None).versions["theirs"]
    assert shrunk.change_mu == pytest.approx(-6.0) and shrunk.differs_mu == pytest.approx(6.0)   # 20 × 200 m² less
    deleted = compare_conflict(FeatureConflict(1, 1, 2, conflict.base, None, conflict.mine), None)
    assert deleted.versions["theirs"].deleted and deleted.versions["theirs"].area_m2 is None
    assert deleted.merge_refused == ["no merge was proposed for this feature"]
