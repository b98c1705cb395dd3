"""The conflict engine on hand-computable cases (axis-aligned boxes), bad input, incremental path."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from shapely import MultiPolygon, Polygon, box

from parkgis.core.analysis import ConflictIndex, check_parcels, parse_ruleset
from parkgis.core.errors import DataError
from parkgis.core.feedback import Cancelled, Feedback

CRS = 4545
X0, Y0 = 500_000.0, 4_400_000.0   # near the central meridian 108°E, latitude ~39.7°N (Ordos)


def layer(geoms, crs=CRS, **cols):
    geoms = [shapely.affinity.translate(g, X0, Y0) if g is not None else None for g in geoms]
    return gpd.GeoDataFrame(cols or None, geometry=geoms, crs=crs)


def parcels(*geoms, ids=None):
    return layer(list(geoms), DKBH=ids or [chr(ord("A") + i) for i in range(len(geoms))])


def run(p, **constraints):
    return check_parcels(p, constraints)


def only(result):
    assert len(result.parcels) == 1
    return result.parcels[0]


def test_overlap_area_share_and_with():
    r = run(parcels(box(0, 0, 100, 100)), eco_redline=layer([box(50, 0, 150, 100)], BSM=["R1"]))
    p = only(r)
    c = p.conflict("eco_redline")
    assert (c.area_m2, c.share, c.with_ids, c.severity) == (5000.0, 0.5, ["R1"], "prohibited")
    assert p.status == "prohibited"
    assert r.crs == "EPSG:4545"
    assert r.summary == {"parcels": 1, "compliant": 0, "constrained": 0, "prohibited": 1}


def test_touch_is_not_overlap():
    p = only(run(parcels(box(0, 0, 100, 100)), eco_redline=layer([box(100, 0, 200, 100)]),
                 farmland=layer([box(100, 100, 200, 200)])))
    assert p.conflicts == [] and p.slivers == [] and p.status == "compliant"


def test_holes_in_constraint_and_parcel():
    eco = Polygon(box(-50, -50, 150, 150).exterior.coords, [box(0, 0, 100, 50).exterior.coords])
    assert only(run(parcels(box(0, 0, 100, 100)), eco_redline=layer([eco]))).conflict("eco_redline").area_m2 \
        == pytest.approx(5000.0, abs=1e-9)
    holed = Polygon(box(0, 0, 100, 100).exterior.coords, [box(25, 25, 75, 75).exterior.coords])
    p = only(run(parcels(holed), eco_redline=layer([box(-10, -10, 110, 110)])))
    assert p.area_m2 == 7500.0
    assert (p.conflict("eco_redline").area_m2, p.conflict("eco_redline").share) == (7500.0, 1.0)
    # the hole itself is not in conflict: a red line that lies only inside the hole does not touch it
    p = only(run(parcels(holed), eco_redline=layer([box(30, 30, 70, 70)])))
    assert p.conflicts == []


def test_multipolygon_parcel():
    mp = MultiPolygon([box(0, 0, 10, 10), box(20, 0, 30, 10)])
    p = only(run(parcels(mp), farmland=layer([box(5, 0, 25, 10)])))
    assert p.area_m2 == 200.0
    assert (p.conflict("farmland").area_m2, p.conflict("farmland").share) == (100.0, 0.5)


def test_overlapping_constraint_features_count_once():
    eco = layer([box(0, 0, 60, 100), box(40, 0, 100, 100), box(-50, -50, 150, 150)], BSM=[1, 2, 3])
    c = only(run(parcels(box(0, 0, 100, 100)), eco_redline=eco)).conflict("eco_redline")
    assert c.area_m2 == 10000.0 and c.share == 1.0
    assert sorted(c.with_ids) == ["1", "2", "3"]
    eco = layer([box(0, 0, 60, 100), box(40, 0, 100, 50)], BSM=[1, 2])
    c = only(run(parcels(box(0, 0, 100, 100)), eco_redline=eco)).conflict("eco_redline")
    assert c.area_m2 == 6000.0 + 40 * 50


def test_sliver_by_width_and_by_area_is_listed_not_a_conflict():
    # 0.05 m × 100 m strip: 5 m² but mean width 2·5/200.1 < 0.10 m
    p = only(run(parcels(box(0, 0, 100, 100)), eco_redline=layer([box(99.95, 0, 200, 100)])))
    assert p.conflicts == [] and p.status == "compliant"
    (s,) = p.slivers
    assert s.rule == "eco_redline"
    assert s.area_m2 == pytest.approx(5.0, abs=1e-6)
    assert s.mean_width_m == pytest.approx(10 / 200.1, abs=1e-9)
    # 0.5 m × 0.5 m: wide enough but below 1 m²
    p = only(run(parcels(box(0, 0, 100, 100)), eco_redline=layer([box(99.5, 99.5, 120, 120)])))
    assert p.conflicts == [] and [x.area_m2 for x in p.slivers] == [pytest.approx(0.25)]
    # exactly 1 m² is not below the tolerance: a conflict
    p = only(run(parcels(box(0, 0, 100, 100)), eco_redline=layer([box(99, 99, 120, 120)])))
    assert p.conflict("eco_redline").area_m2 == pytest.approx(1.0)


def test_sliver_beside_a_real_overlap_names_only_the_real_feature():
    eco = layer([box(0, 0, 50, 100), box(99.95, 0, 200, 100)], BSM=["big", "edge"])
    p = only(run(parcels(box(0, 0, 100, 100)), eco_redline=eco))
    c = p.conflict("eco_redline")
    assert c.area_m2 == pytest.approx(5000.0) and c.with_ids == ["big"]
    assert [round(s.area_m2, 6) for s in p.slivers] == [5.0]


def test_tolerances_are_settings():
    r = check_parcels(parcels(box(0, 0, 100, 100)), {"eco_redline": layer([box(99.95, 0, 200, 100)])},
                      min_area=0.0, min_width=0.0)
    assert only(r).conflict("eco_redline").area_m2 == pytest.approx(5.0)
    assert (r.min_area, r.min_width) == (0.0, 0.0)


def test_bow_tie_is_repaired_and_flagged():
    bow = Polygon([(0, 0), (100, 100), (100, 0), (0, 100), (0, 0)])
    p = only(run(parcels(bow), eco_redline=layer([box(0, 0, 50, 100)])))
    assert p.area_m2 == pytest.approx(5000.0)
    inv = p.conflict("invalid_geometry")
    assert inv.severity == "constrained" and "Self-intersection" in inv.detail
    assert p.conflict("eco_redline").area_m2 == pytest.approx(2500.0)
    assert p.status == "prohibited"


def test_empty_and_missing_parcel_geometry_flagged_run_goes_on():
    p = parcels(box(0, 0, 10, 10), None, Polygon())
    r = run(p, eco_redline=layer([box(0, 0, 5, 10)]))
    assert [x.status for x in r.parcels] == ["prohibited", "constrained", "constrained"]
    assert r.parcels[1].conflict("invalid_geometry").area_m2 == 0.0
    assert r.parcels[1].area_m2 == 0.0


def test_outside_udb_and_park():
    p = only(run(parcels(box(0, 0, 100, 100)), udb=layer([box(0, 0, 100, 60)], BSM=["U1"]),
                 park=layer([box(0, 0, 50, 100), box(50, 0, 100, 100)])))
    c = p.conflict("outside_udb")
    assert (c.area_m2, c.share, c.severity, c.with_ids) == (4000.0, 0.4, "prohibited", ["U1"])
    assert p.conflict("outside_park") is None and p.slivers == []   # two adjoining park parts cover it
    far = only(run(parcels(box(0, 0, 100, 100)), udb=layer([box(1000, 1000, 2000, 2000)])))
    assert far.conflict("outside_udb").area_m2 == 10000.0 and far.conflict("outside_udb").with_ids == []


def test_outside_by_a_sliver_is_not_a_conflict():
    p = only(run(parcels(box(0, 0, 100, 100)), udb=layer([box(0, 0, 99.98, 100)])))
    assert p.conflicts == [] and len(p.slivers) == 1 and p.slivers[0].rule == "outside_udb"


def test_parcel_overlap_neighbours_and_duplicates():
    r = run(parcels(box(0, 0, 100, 100), box(100, 0, 200, 100), box(150, 50, 250, 150), box(150, 50, 250, 150)))
    a, b, c, d = r.parcels
    assert a.conflicts == []                                  # shares an edge with B only
    assert b.conflict("parcel_overlap").area_m2 == 2500.0 and sorted(b.conflict("parcel_overlap").with_ids) == ["C", "D"]
    assert c.conflict("parcel_overlap").area_m2 == 10000.0 and sorted(c.conflict("parcel_overlap").with_ids) == ["B", "D"]
    assert d.conflict("parcel_overlap").share == 1.0


def test_farmland_gross_and_net_per_patch_kcxs():
    farm = layer([box(0, 0, 50, 100), box(50, 0, 100, 100)], BSM=["F1", "F2"], KCXS=[0.1, 0.2])
    c = only(run(parcels(box(0, 0, 100, 100)), farmland=farm)).conflict("farmland")
    assert c.area_m2 == 10000.0
    assert c.net_area_m2 == pytest.approx(5000 * 0.9 + 5000 * 0.8)
    # overlapping patches: each square metre is deducted once, by the first patch that holds it;
    # a percentage KCXS (20 = 20 %) is read as such
    farm = layer([box(0, 0, 60, 100), box(40, 0, 100, 100)], BSM=["F1", "F2"], KCXS=[0.1, 20])
    c = only(run(parcels(box(0, 0, 100, 100)), farmland=farm)).conflict("farmland")
    assert c.area_m2 == 10000.0
    assert c.net_area_m2 == pytest.approx(6000 * 0.9 + 4000 * 0.8)
    # no KCXS field: net equals gross
    c = only(run(parcels(box(0, 0, 100, 100)), farmland=layer([box(0, 0, 50, 100)]))).conflict("farmland")
    assert c.net_area_m2 == c.area_m2 == 5000.0


def test_bad_kcxs_is_a_data_error():
    with pytest.raises(DataError, match="KCXS"):
        run(parcels(box(0, 0, 1, 1)), farmland=layer([box(0, 0, 1, 1)], KCXS=[-0.5]))


def test_mixed_crs_constraint_in_4490():
    to_geo = Transformer.from_crs(CRS, 4490, always_xy=True)
    eco_local = shapely.affinity.translate(box(50, 0, 150, 100), X0, Y0)
    eco_geo = shapely.transform(eco_local, to_geo.transform, interleaved=False)
    eco = gpd.GeoDataFrame(geometry=[eco_geo], crs=4490)
    c = only(run(parcels(box(0, 0, 100, 100)), eco_redline=eco)).conflict("eco_redline")
    assert c.area_m2 == pytest.approx(5000.0, abs=1e-4)


def test_geographic_parcels_are_checked_in_their_gk_zone():
    to_geo = Transformer.from_crs(CRS, 4490, always_xy=True)
    p = parcels(box(0, 0, 100, 100))
    p = p.set_geometry(shapely.transform(p.geometry.values, to_geo.transform, interleaved=False)).set_crs(
        4490, allow_override=True)
    r = run(p, eco_redline=layer([box(50, 0, 150, 100)]))
    assert r.crs == "EPSG:4524"   # 108.0°E → 3° zone 36, zone-prefixed
    assert only(r).area_m2 == pytest.approx(10000.0, rel=1e-6)
    assert only(r).conflict("eco_redline").share == pytest.approx(0.5, rel=1e-6)


def test_ellipsoidal_area_is_close_to_planar_near_the_central_meridian():
    p = only(run(parcels(box(0, 0, 1000, 1000))))
    # GK scale factor on the central meridian is 1: the two areas agree to a few 1e-5
    assert p.ellipsoidal_area_m2 == pytest.approx(1e6, rel=5e-5)


def test_ids_missing_duplicated_and_detected():
    p = layer([box(0, 0, 1, 1), box(2, 0, 3, 1), box(4, 0, 5, 1), box(6, 0, 7, 1)], DKBH=[None, "A", "A", "B"],
              DKMC=["一", "二", "三", "四"])
    r = run(p)
    assert [x.id for x in r.parcels] == ["#1", "A#2", "A#3", "B"]
    assert [x.name for x in r.parcels] == ["一", "二", "三", "四"]
    assert any("without DKBH" in w for w in r.warnings) and any("duplicated DKBH" in w for w in r.warnings)
    r = run(layer([box(0, 0, 1, 1)]))
    assert r.parcels[0].id == "#1" and r.id_field is None
    with pytest.raises(DataError, match="id field 'XX'"):
        check_parcels(p, id_field="XX")


def test_bad_input_is_a_data_error():
    with pytest.raises(DataError, match="parcels layer is empty"):
        run(parcels().iloc[:0])
    with pytest.raises(DataError, match="no CRS"):
        run(parcels(box(0, 0, 1, 1)).set_crs(None, allow_override=True))
    with pytest.raises(DataError, match="must hold polygons"):
        run(parcels(box(0, 0, 1, 1)), eco_redline=layer([shapely.LineString([(0, 0), (1, 1)])]))
    with pytest.raises(DataError, match="eco_redline layer is empty"):
        run(parcels(box(0, 0, 1, 1)), eco_redline=layer([box(0, 0, 1, 1)]).iloc[:0])


def test_rules_without_a_layer_are_skipped_and_said_so():
    r = run(parcels(box(0, 0, 1, 1)))
    assert set(r.rules_skipped) == {"eco_redline", "farmland", "outside_udb", "outside_park", "cultivated_land",
                                    "use_zone"}
    assert r.rules_checked == ["parcel_overlap", "invalid_geometry"]


def test_extra_rule_ordinary_cultivated_land_from_dltb():
    dltb = layer([box(0, 0, 50, 100), box(50, 0, 100, 100)], DLBM=["0103", "0301"], BSM=["T1", "T2"])
    p = only(run(parcels(box(0, 0, 100, 100)), landuse=dltb))
    c = p.conflict("cultivated_land")
    assert (c.area_m2, c.severity, c.with_ids) == (5000.0, "constrained", ["T1"])
    assert p.status == "constrained"


def test_custom_ruleset_changes_severity():
    rs = parse_ruleset({"rules": {"eco_redline": {"severity": "constrained"}}})
    r = check_parcels(parcels(box(0, 0, 10, 10)), {"eco_redline": layer([box(0, 0, 5, 10)])}, rs)
    assert only(r).status == "constrained" and r.rules_checked == ["eco_redline"]


def test_json_contract_shape():
    r = run(parcels(box(0, 0, 100, 100), ids=["A-02"]), farmland=layer([box(0, 0, 50, 50)], BSM=["F"]))
    d = r.to_json_dict()
    assert list(d) == ["crs", "settings", "parcels", "summary"]
    assert d["settings"] == {"min_area": 1.0, "min_width": 0.1}
    (pd_,) = d["parcels"]
    assert list(pd_) == ["id", "name", "status", "area_m2", "area_mu", "area_ha", "ellipsoidal_area_m2",
                         "area_zone", "area_crs", "fid", "conflicts", "slivers"]
    assert pd_["fid"] == 1                      # the parcel's fid in its layer (1… for an import)
    assert (pd_["area_zone"], pd_["area_crs"]) == (36, "EPSG:4524")   # EPSG:4545 is CM 108°E = zone 36
    assert (pd_["id"], pd_["status"], pd_["area_m2"], pd_["area_mu"], pd_["area_ha"]) == \
        ("A-02", "prohibited", 10000.0, 15.0, 1.0)
    (c,) = pd_["conflicts"]
    assert {k: c[k] for k in ("rule", "severity", "area_m2", "area_mu", "area_ha", "share", "with")} == \
        {"rule": "farmland", "severity": "prohibited", "area_m2": 2500.0, "area_mu": 3.75, "area_ha": 0.25,
         "share": 0.25, "with": ["F"]}
    assert d["summary"] == {"parcels": 1, "compliant": 0, "constrained": 0, "prohibited": 1}


def test_feedback_progress_and_cancel():
    seen = []
    fb = Feedback(lambda f, m: seen.append(f))
    run_ = ConflictIndex(parcels(box(0, 0, 1, 1)), {}).run(fb)
    assert seen[-1] == 1.0 and seen == sorted(seen) and run_.parcels
    fb = Feedback()
    fb.cancel()
    with pytest.raises(Cancelled):
        ConflictIndex(parcels(box(0, 0, 1, 1)), {}).run(fb)


def random_layers(seed, n_parcels=60, n_feats=40):
    rng = np.random.default_rng(seed)

    def blobs(n, size):
        out = []
        for _ in range(n):
            cx, cy = rng.uniform(0, 1000, 2)
            k = rng.integers(5, 12)
            ang = (np.arange(k) + rng.uniform(0, 0.8, k)) * 2 * np.pi / k   # star-shaped: simple
            r = rng.uniform(size * 0.3, size, k)
            out.append(Polygon(np.c_[cx + r * np.cos(ang), cy + r * np.sin(ang)]))
        return out

    return blobs(n_parcels, 80), blobs(n_feats, 150)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_brute_force_overlay(seed):
    pg, fg = random_layers(seed)
    p = parcels(*pg, ids=[f"P{i}" for i in range(len(pg))])
    f = layer(fg, BSM=[f"F{i}" for i in range(len(fg))])
    udb = layer(fg[:10])
    r = check_parcels(p, {"eco_redline": f, "udb": udb}, min_area=0.0, min_width=0.0)
    # brute force: overlay against the dissolved layer, summed per parcel
    p["pid"] = range(len(p))
    ref = gpd.overlay(p, f.dissolve(), how="intersection", keep_geom_type=True)
    ref_area = ref.area.groupby(ref["pid"]).sum().reindex(range(len(p)), fill_value=0.0)
    out = gpd.overlay(p, udb.dissolve(), how="difference", keep_geom_type=True)
    out_area = out.area.groupby(out["pid"]).sum().reindex(range(len(p)), fill_value=0.0)
    geoms = p.geometry.values
    for i, res in enumerate(r.parcels):
        got = res.conflict("eco_redline")
        assert (got.area_m2 if got else 0.0) == pytest.approx(ref_area[i], abs=0.01)
        got = res.conflict("outside_udb")
        assert (got.area_m2 if got else 0.0) == pytest.approx(out_area[i], abs=0.01)
        others = shapely.union_all(np.delete(geoms, i))
        got = res.conflict("parcel_overlap")
        assert (got.area_m2 if got else 0.0) == pytest.approx(shapely.intersection(geoms[i], others).area, abs=0.01)


@pytest.mark.parametrize("seed", [4, 5])
def test_incremental_agrees_with_bulk(seed):
    pg, fg = random_layers(seed)
    p = parcels(*pg, ids=[f"P{i}" for i in range(len(pg))])
    farm = layer(fg, BSM=[f"F{i}" for i in range(len(fg))], KCXS=np.linspace(0, 0.2, len(fg)))
    index = ConflictIndex(p, {"farmland": farm, "park": layer(fg[:8]), "eco_redline": layer(fg[8:20])})
    bulk = index.run()
    geoms = index.geoms
    for i, want in enumerate(bulk.parcels):
        got = index.check_geometry(geoms[i], parcel_index=i)
        assert got.id == want.id and got.status == want.status
        assert [c.rule for c in got.conflicts] == [c.rule for c in want.conflicts]
        for a, b in zip(got.conflicts, want.conflicts, strict=True):
            assert a.area_m2 == pytest.approx(b.area_m2, abs=1e-6)
            assert sorted(a.with_ids) == sorted(b.with_ids)
            assert (a.net_area_m2 or 0) == pytest.approx(b.net_area_m2 or 0, abs=1e-6)
        assert got.ellipsoidal_area_m2 == pytest.approx(want.ellipsoidal_area_m2, abs=1e-6)
        assert len(got.slivers) == len(want.slivers)


def test_incremental_moved_parcel():
    p = parcels(box(0, 0, 100, 100), box(200, 0, 300, 100))
    index = ConflictIndex(p, {"eco_redline": layer([box(150, 0, 400, 100)], BSM=["R"])})
    moved = shapely.affinity.translate(index.geoms[0], 90, 0)   # now overlaps B by 0 and R by 40 m
    got = index.check_geometry(moved, parcel_index=0)
    assert got.conflict("eco_redline").area_m2 == pytest.approx(4000.0)
    assert got.conflict("parcel_overlap") is None
    moved = shapely.affinity.translate(index.geoms[0], 150, 0)
    got = index.check_geometry(moved, parcel_index=0)
    assert got.conflict("parcel_overlap").area_m2 == pytest.approx(5000.0)
    assert got.conflict("parcel_overlap").with_ids == ["B"]


def test_sliver_is_reported_on_its_own_parcel():
    r = run(parcels(box(-500, 0, -400, 100), box(0, 0, 100, 100)), eco_redline=layer([box(99.95, 0, 200, 100)]))
    assert r.parcels[0].slivers == [] and len(r.parcels[1].slivers) == 1


def test_fast_ellipsoidal_area_agrees_with_densified_geodesic_area():
    from pyproj import CRS as _CRS

    from parkgis.core.analysis.engine import ellipsoidal_areas
    from parkgis.core.area import ellipsoidal_area

    rng = np.random.default_rng(7)
    geoms = []
    for side in (5.0, 100.0, 800.0, 1500.0):   # 1500 m takes the densified path
        for _ in range(3):
            x, y = 650_000 + rng.uniform(-1e5, 1e5), 4_390_000 + rng.uniform(-1e5, 1e5)
            geoms.append(shapely.affinity.rotate(box(x, y, x + side, y + side * 0.6), rng.uniform(0, 90)))
    geoms.append(Polygon())
    geoms = np.array(geoms, dtype=object)
    fast = ellipsoidal_areas(geoms, _CRS.from_epsg(4545))
    ref = ellipsoidal_area(geoms, 4545, max_segment_m=1.0)
    assert np.abs(fast - ref).max() < 0.01
    assert fast[-1] == 0.0
    # 150 km off the central meridian the ellipsoidal area is visibly smaller than the planar one
    assert np.all(fast[:-1] < shapely.area(geoms[:-1]))


def test_parcel_inside_another_and_t_junction_neighbours():
    big = box(0, 0, 100, 100)
    inner = box(10, 10, 20, 20)
    # right neighbours: their shared edge with `big` has an extra vertex on one side only (a T-junction)
    right_a, right_b = box(100, 0, 150, 50), box(100, 50, 150, 100)
    r = run(parcels(big, inner, right_a, right_b))
    a, b, c, d = r.parcels
    assert a.conflict("parcel_overlap").area_m2 == 100.0 and a.conflict("parcel_overlap").with_ids == ["B"]
    assert b.conflict("parcel_overlap").share == 1.0
    assert c.conflicts == [] and d.conflicts == []


def test_numeric_feature_ids_lose_the_float_suffix():
    eco = layer([box(0, 0, 50, 100)], BSM=[12.0])
    assert only(run(parcels(box(0, 0, 100, 100)), eco_redline=eco)).conflict("eco_redline").with_ids == ["12"]
    p = layer([box(0, 0, 1, 1), box(2, 0, 3, 1)], BSM=[7.0, None])
    assert [x.id for x in run(p).parcels] == ["7", "#2"]


def test_update_parcel_then_rerun_and_geometry_in_another_crs():
    p = parcels(box(0, 0, 100, 100), box(200, 0, 300, 100))
    index = ConflictIndex(p, {"eco_redline": layer([box(150, 0, 400, 100)], BSM=["R"])})
    assert index.run().parcels[0].conflicts == []
    index.update_parcel(1, shapely.affinity.translate(index.geoms[0], 150, 0))   # by fid (1: the first parcel)
    r = index.run()
    assert r.parcels[0].conflict("eco_redline").area_m2 == pytest.approx(10000.0)
    assert r.parcels[0].conflict("parcel_overlap").with_ids == ["B"]
    # an edit arriving in lon/lat (e.g. from a web map) is projected to the check's CRS first
    to_geo = Transformer.from_crs(CRS, 4490, always_xy=True)
    geo = shapely.transform(index.geoms[1], to_geo.transform, interleaved=False)
    got = index.check_geometry(geo, parcel_index=1, crs=4490)
    assert got.conflict("eco_redline").area_m2 == pytest.approx(10000.0, abs=1e-3)
    assert got.id == "B"


def test_fast_json_text_equals_the_json_dict():
    import json

    pg, fg = random_layers(9)
    p = parcels(*pg, ids=[f"P\"{i}\\" for i in range(len(pg))])
    p["DKMC"] = ["名称\n" if i % 3 else None for i in range(len(p))]
    p.loc[0, "geometry"] = shapely.affinity.translate(Polygon([(0, 0), (10, 10), (10, 0), (0, 10)]), X0, Y0)
    farm = layer(fg, BSM=[f"F{i}" for i in range(len(fg))], KCXS=np.linspace(0, 0.2, len(fg)))
    r = check_parcels(p, {"farmland": farm, "eco_redline": layer(fg[:10]), "park": layer(fg[10:20])})
    assert {c.rule for x in r.parcels for c in x.conflicts} >= {"farmland", "invalid_geometry", "parcel_overlap"}
    assert json.loads(r.to_json_text()) == r.to_json_dict()


def test_the_callers_geometries_are_never_prepared_nor_replaced():
    """The GUI runs the check on a worker thread over the live project's geometry objects while the map
    and the attribute table read them: ``shapely.prepare`` writes into an object and a prepared geometry
    builds its indexes lazily without a lock, so the engine prepares private copies only."""
    bow_tie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])
    p = parcels(box(0, 0, 100, 100), box(200, 0, 300, 100), bow_tie)
    eco = layer([box(50, 0, 250, 100), Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])], BSM=["R1", "R2"])
    farm = layer([box(-50, -50, 20, 20)], BSM=["F"])
    theirs = [np.asarray(g.geometry.values, dtype=object) for g in (p, eco, farm)]
    before = [a.copy() for a in theirs]
    index = ConflictIndex(p, {"eco_redline": eco, "farmland": farm})
    result = index.run()
    got = index.check_geometry(p.geometry.values[0], parcel_index=0)
    assert result.parcels[0].conflict("eco_redline").area_m2 == got.conflict("eco_redline").area_m2 == 5050.0
    assert shapely.is_prepared(index.geoms[:2]).all()          # the engine's own copies are prepared
    for now, then in zip(theirs, before, strict=True):
        assert all(a is b for a, b in zip(now, then, strict=True))   # same objects, none repaired in place
        assert not shapely.is_prepared(now).any()
    assert not shapely.is_valid(p.geometry.values[2])             # the bow-tie stays what the user drew


def test_affected_area_counts_ground_in_several_conflicts_once():
    """Red line over x 50–100, park only over x 0–60: the rules overlap on x 60–100. The sum over
    rules is 9 000 m², the part of the parcel in conflict is 5 000 m² (涉及面积)."""
    p = only(run(parcels(box(0, 0, 100, 100)), eco_redline=layer([box(50, 0, 150, 100)]),
                 park=layer([box(-10, -10, 60, 110)])))
    assert sorted(c.area_m2 for c in p.conflicts) == [4000.0, 5000.0]
    assert p.affected_area_m2() == 5000.0
    apart = only(run(parcels(box(0, 0, 100, 100)), eco_redline=layer([box(-50, 0, 30, 100)]),
                     park=layer([box(-10, -10, 70, 110)])))          # 3 000 m² each, side by side
    assert apart.affected_area_m2() == 6000.0
    for c in apart.conflicts:   # as read back from JSON: no pieces, the largest conflict stands in
        c.geometry = None
    assert apart.affected_area_m2() == 3000.0
    bow_tie = only(run(parcels(Polygon([(0, 0), (100, 100), (100, 0), (0, 100)]))))
    assert [c.rule for c in bow_tie.conflicts] == ["invalid_geometry"] and bow_tie.affected_area_m2() == 0.0


def test_update_parcel_patches_in_place_by_fid_and_queries_see_the_edit():
    """An edit patches one parcel without rebuilding the tree; the live check of another parcel
    must see the moved parcel where it is now, not where the tree last saw it (oracle: a fresh
    index built on the edited layer)."""
    import geopandas as gpd

    from parkgis.core.layers import VectorLayer
    geoms = [box(X0 + i * 200, Y0, X0 + i * 200 + 100, Y0 + 100) for i in range(6)]
    gdf = gpd.GeoDataFrame({"DKBH": [f"P{i}" for i in range(6)]}, geometry=geoms, crs=CRS)
    gdf.index = pd.Index([10, 11, 12, 13, 14, 15], name="fid")       # fids as a GeoPackage keeps them
    layer = VectorLayer("地块", gdf)
    index = ConflictIndex(layer, {})
    tree = index.parcel_tree
    moved = shapely.affinity.translate(geoms[0], 650, 0)             # now over P3 (x 600..700)
    index.update_parcel(10, moved)
    assert index.parcel_tree is tree                                 # not rebuilt
    assert index.fids[index.position(10)] == 10
    got = index.check_geometry(index.geoms[index.position(13)], fid=13).conflict("parcel_overlap")
    edited = gdf.copy()
    edited.loc[10, "geometry"] = moved
    expected = ConflictIndex(VectorLayer("地块", edited), {}).run()
    assert got.with_ids == ["P0"]
    assert got.area_m2 == pytest.approx(expected.parcels[3].conflict("parcel_overlap").area_m2)
    # the old place is free again
    assert index.check_geometry(index.geoms[index.position(11)], fid=11).conflict("parcel_overlap") is None
    # and the bulk path agrees with the fresh index
    assert [(p.fid, p.status) for p in index.run().parcels] == [(p.fid, p.status) for p in expected.parcels]
    with pytest.raises(Exception, match="no parcel with fid 99"):
        index.update_parcel(99, moved)


def test_real_ids_print_in_their_shortest_exact_form():
    # 150602123456789024.0 is the float nearest the 18-digit BSM 150602123456789023: it prints with the
    # 17 digits the float carries (repr's shortest round trip), never with digits of its binary expansion
    bsm = 150602123456789023.0
    assert repr(bsm) == "1.5060212345678902e+17"
    p = layer([box(0, 0, 1, 1), box(2, 0, 3, 1), box(4, 0, 5, 1)], BSM=[bsm, 1.5, 3.0])
    r = run(p)
    assert [x.id for x in r.parcels] == ["150602123456789020", "1.5", "3"]
    assert float(r.parcels[0].id) == bsm
    warning, = [w for w in r.warnings if "2^53" in w]
    assert "1 id(s) in BSM are whole numbers beyond 2^53 held in a floating-point field" in warning
    assert "(first: row 1, 150602123456789020)" in warning
    eco = layer([box(0, 0, 50, 100)], BSM=[bsm])
    assert only(run(parcels(box(0, 0, 100, 100)), eco_redline=eco)).conflict("eco_redline").with_ids == \
        ["150602123456789020"]


def test_real_ids_within_float_precision_are_not_flagged():
    r = run(layer([box(0, 0, 1, 1), box(2, 0, 3, 1)], BSM=[9007199254740991.0, 2.0]))
    assert [x.id for x in r.parcels] == ["9007199254740991", "2"]
    assert not [w for w in r.warnings if "2^53" in w]
