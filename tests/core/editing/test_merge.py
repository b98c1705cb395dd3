"""Three-way merge after a conflict: fields changed on different sides merge, boundary changes to
different edges merge into the valid union of both (re-checked against 三区三线 before it is offered),
the same field or the same part of the boundary changed on both sides is a clash. On a real project
file, two sessions as two editors."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from parkgis.core.editing.merge import merge_three_way
from parkgis.core.errors import UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.store.base import ConflictError, FeatureState

X0, Y0 = 500_000, 4_400_000      # EPSG:4545
BASE = shapely.box(X0, Y0, X0 + 100, Y0 + 100)


def test_fields_changed_on_different_sides_merge_and_the_same_field_clashes():
    base = FeatureState(BASE, {"DKBH": "A-01", "RJL": 1.0, "YT": "工业"})
    theirs = FeatureState(BASE, {"DKBH": "A-01", "RJL": 1.2, "YT": "工业"})
    mine = FeatureState(BASE, {"DKBH": "A-01甲", "RJL": 1.0, "YT": "工业"})
    merged = merge_three_way(base, theirs, mine)
    assert merged.merged and merged.state.attributes == {"DKBH": "A-01甲", "RJL": 1.2, "YT": "工业"}
    assert (merged.fields_from_theirs, merged.fields_from_mine) == (["RJL"], ["DKBH"])
    clash = merge_three_way(base, theirs, FeatureState(BASE, {"DKBH": "A-01", "RJL": 1.5, "YT": "工业"}))
    assert not clash.merged and clash.clashes == ["field RJL (容积率) was changed on both sides (1.2 there, 1.5 here)"]
    # a field of no known code is named as it stands
    plain = merge_three_way(base, FeatureState(BASE, {**base.attributes, "YT": "仓储"}),
                            FeatureState(BASE, {**base.attributes, "YT": "物流"}))
    assert plain.clashes == ["field YT was changed on both sides ('仓储' there, '物流' here)"]


def test_two_edges_moved_on_two_sides_merge_into_both_and_the_same_edge_clashes():
    base = FeatureState(BASE, {"RJL": 1.0})
    east = FeatureState(shapely.box(X0, Y0, X0 + 110, Y0 + 100), {"RJL": 1.0})     # +1 000 m²
    north = FeatureState(shapely.box(X0, Y0, X0 + 100, Y0 + 120), {"RJL": 1.0})    # +2 000 m²
    merged = merge_three_way(base, north, east)
    assert merged.merged and merged.geometry_from == "merged"
    assert merged.state.geometry.area == pytest.approx(13_000.0)       # the corner 10 × 20 added by neither
    assert merged.state.geometry.is_valid and merged.state.geometry.geom_type == "Polygon"
    assert merged.area_change_mu == {"theirs": 3.0, "mine": 1.5, "merged": 4.5}   # 2 000 m² = 3 亩
    further_east = FeatureState(shapely.box(X0, Y0, X0 + 130, Y0 + 100), {"RJL": 1.0})
    clash = merge_three_way(base, further_east, east)
    assert not clash.merged and clash.clashes[0].startswith("the boundary was changed on both sides in the same place")
    deleted = merge_three_way(base, None, east)
    assert deleted.clashes == ["the feature was deleted by someone else and changed here"]


def test_a_session_merges_after_a_conflict_with_the_red_line_rechecked(tmp_path):
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame({"DKBH": ["A-01"], "RJL": [1.0]}, geometry=[BASE], crs=4545),
                                  role=Role.PARCELS))
    red = shapely.box(X0, Y0 + 110, X0 + 50, Y0 + 200)      # touches only the northern strip bob adds
    project.add_layer(VectorLayer("生态保护红线", gpd.GeoDataFrame({"NAME": ["红线"]}, geometry=[red], crs=4545),
                                  role=Role.ECO_REDLINE))
    project.save()
    alice, bob = Project.open(path), Project.open(path)
    with bob.edit("地块") as edit:
        edit.set_geometry(1, shapely.box(X0, Y0, X0 + 100, Y0 + 120))
        edit.set_attribute(1, "DKBH", "A-01改")
    session = alice.edit("地块")
    session.set_geometry(1, shapely.box(X0, Y0, X0 + 110, Y0 + 100))
    session.set_attribute(1, "RJL", 1.3)
    with pytest.raises(ConflictError):
        session.commit()
    proposal = session.propose_merge(1)
    assert proposal.merged and proposal.state.attributes == {"DKBH": "A-01改", "RJL": 1.3}
    assert [(rule, severity, round(area, 2)) for rule, severity, area in proposal.findings] == \
        [("eco_redline", "prohibited", 500.0)]                 # 50 × 10 of bob's strip in the red line
    session.accept_merge(1, proposal)
    session.commit()
    final = Project.open(path).layer("地块").feature(1)
    assert final.geometry.area == pytest.approx(13_000.0) and final.attributes == {"DKBH": "A-01改", "RJL": 1.3}
    with pytest.raises(UsageError, match="has no change in this session"):
        session.propose_merge(1)
