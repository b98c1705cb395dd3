"""用地用途 × 三区 matrix (use_zone_matrix rules): hand-computable boxes, the rule-set loader, incremental path."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import Polygon, box

from parkgis.core.analysis import ConflictIndex, check_parcels, default_ruleset, parse_ruleset
from parkgis.core.analysis.engine import use_codes
from parkgis.core.errors import DataError

CRS = 4545
X0, Y0 = 500_000.0, 4_400_000.0

TOWN, FARM, ECO = "城镇空间", "农业空间", "生态空间"


def layer(geoms, **cols):
    geoms = [shapely.affinity.translate(g, X0, Y0) if g is not None else None for g in geoms]
    return gpd.GeoDataFrame(cols or None, geometry=geoms, crs=CRS)


def parcels(geoms, codes, ids=None):
    return layer(geoms, DKBH=ids or [chr(ord("A") + i) for i in range(len(geoms))], YDYH=codes)


def zones(*items, field="SQLX"):
    """items: (geometry, zone type, id)"""
    return layer([g for g, _, _ in items], **{field: [z for _, z, _ in items], "BSM": [i for _, _, i in items]})


# town on the left (x < 50), ecological space on the right
HALVES = zones((box(-100, -100, 50, 200), TOWN, "Z1"), (box(50, -100, 200, 200), ECO, "Z2"))


def run(p, z=HALVES, ruleset=None, **options):
    return check_parcels(p, {"zones": z}, ruleset, **options)


def test_industrial_parcel_half_in_ecological_space_is_prohibited():
    r = run(parcels([box(0, 0, 100, 100)], ["1001"]))
    (p,) = r.parcels
    c = p.conflict("use_zone")
    assert (c.severity, c.area_m2, c.share, c.with_ids) == ("prohibited", 5000.0, 0.5, ["Z2"])
    assert (c.area_mu, c.area_ha) == (pytest.approx(7.5), pytest.approx(0.5))
    assert c.detail == "用地用海 1001（按 10 行）：位于生态空间（禁止）5000.00 m²"
    assert p.status == "prohibited" and p.notes == []
    assert "use_zone" in r.rules_checked
    d = r.to_json_dict()["parcels"][0]["conflicts"][0]
    assert (d["rule"], d["area_m2"], d["area_mu"], d["area_ha"], d["share"], d["with"]) == \
        ("use_zone", 5000.0, 7.5, 0.5, 0.5, ["Z2"])


def test_parcel_wholly_in_town_space_is_compliant():
    (p,) = run(parcels([box(-50, 0, 50, 100)], ["1101"])).parcels    # edge on the zone boundary
    assert p.conflicts == [] and p.slivers == [] and p.status == "compliant"


def test_same_parcel_allowed_use_is_compliant_in_any_zone():
    (p,) = run(parcels([box(0, 0, 100, 100)], ["0103"])).parcels    # 耕地 is allowed in 生态空间
    assert p.conflicts == []


def test_overlapping_zone_features_count_once():
    z = zones((box(-100, -100, 50, 200), TOWN, "Z1"), (box(50, 0, 100, 100), ECO, "E1"),
              (box(60, -50, 150, 150), ECO, "E2"), (box(70, 20, 90, 40), ECO, "E3"))
    c = run(parcels([box(0, 0, 100, 100)], ["0901"]), z).parcels[0].conflict("use_zone")
    assert c.area_m2 == 5000.0 and c.share == 0.5
    assert sorted(c.with_ids) == ["E1", "E2", "E3"]


def test_unknown_code_takes_the_default_row():
    z = zones((box(-100, -100, 50, 200), TOWN, "Z1"), (box(50, -100, 200, 200), FARM, "F1"))
    r = run(parcels([box(0, 0, 100, 100), box(0, 200, 100, 300), box(-40, 0, 40, 50)], ["9999", "1001", "9999"]), z)
    a, b, c = r.parcels
    ca = a.conflict("use_zone")
    # default row: 农业空间 constrained
    assert (ca.severity, ca.area_m2, ca.share, ca.with_ids) == ("constrained", 5000.0, 0.5, ["F1"])
    assert ca.detail == "用地用海 9999（矩阵未列出，按默认行）：位于农业空间（限制）5000.00 m²"
    assert a.status == "constrained"
    assert b.conflict("use_zone") is None     # outside every zone: nothing to compare with
    assert c.conflict("use_zone") is None     # default row allows 城镇空间


def test_numeric_codes_get_their_leading_zero_back():
    assert use_codes(pd.Series([1001, 701, 7, None])).tolist() == ["1001", "0701", "07", ""]
    assert use_codes(pd.Series([1001.0, 70101.0, np.nan])).tolist() == ["1001", "070101", ""]
    assert use_codes(pd.Series([" 0901 ", "", None, "1001.0"])).tolist() == ["0901", "", "", "1001"]
    p = parcels([box(0, 0, 100, 100)], [701])              # 0701 城镇住宅用地, stored as a number
    c = run(p).parcels[0].conflict("use_zone")
    assert (c.severity, c.area_m2) == ("prohibited", 5000.0)
    assert c.detail.startswith("用地用海 0701（按 07 行）")


def test_longest_prefix_wins():
    # 0703 农村宅基地 is constrained in 生态空间 although 07 is prohibited there
    c = run(parcels([box(0, 0, 100, 100)], ["070301"])).parcels[0].conflict("use_zone")
    assert (c.severity, c.area_m2) == ("constrained", 5000.0)


def test_parcel_without_a_use_code_gets_a_note_not_a_conflict():
    r = run(parcels([box(0, 0, 100, 100), box(0, 200, 100, 300), box(20, 0, 80, 50)], [None, " ", "1001"]))
    a, b, c = r.parcels
    assert a.conflict("use_zone") is None and b.conflicts == []
    assert a.notes == ["未填写用地用海代码（YDYH），未审查用地用途不符合三区管控"]
    assert b.notes == a.notes and c.notes == []
    assert c.conflict("use_zone").area_m2 == 1500.0
    (w,) = [w for w in r.warnings if "用地用海" in w]
    assert "2 parcel(s)" in w and "A, B" in w and "YDYH" in w
    d = r.to_json_dict()
    assert d["parcels"][0]["notes"] == a.notes and "notes" not in d["parcels"][2]
    assert json.loads(r.to_json_text()) == d


def test_rule_not_checked_without_zones_layer_or_use_field():
    r = check_parcels(parcels([box(0, 0, 100, 100)], ["1001"]), {})
    assert r.rules_skipped["use_zone"] == "未提供三区空间图层"
    assert "use_zone" not in r.rules_checked
    p = layer([box(0, 0, 100, 100)], DKBH=["A"])
    r = check_parcels(p, {"zones": HALVES})
    assert "YDYH" in r.rules_skipped["use_zone"] and r.parcels[0].conflicts == []


def test_zone_spellings_codes_and_unknown_values():
    z = zones((box(-100, -100, 0, 200), " czkj ", "Z1"), (box(0, -100, 25, 200), "生态", "Z2"),
              (box(25, -100, 50, 200), "STKJ", "Z3"), (box(50, -100, 200, 200), "湖泊", "Z4"), field="三区类型")
    r = run(parcels([box(-50, 0, 100, 100)], ["1001"]), z)
    c = r.parcels[0].conflict("use_zone")
    assert (c.area_m2, sorted(c.with_ids)) == (5000.0, ["Z2", "Z3"])
    assert any("湖泊" in w and "1 zone feature(s)" in w for w in r.warnings)


def test_zones_layer_without_a_zone_field_is_a_data_error():
    z = layer([box(0, 0, 10, 10)], NAME=["x"])
    with pytest.raises(DataError, match="SQLX"):
        run(parcels([box(0, 0, 100, 100)], ["1001"]), z)


MIXED = {"rules": {"uz": {
    "kind": "use_zone_matrix", "use_field": "YDYH", "zone_field": "SQLX",
    "matrix": {"10": {FARM: "constrained", ECO: "禁止"}, "default": {TOWN: "allowed", FARM: "allowed", ECO: "allowed"}},
}}}


def test_worst_level_among_non_sliver_zones_and_slivers_listed():
    rs = parse_ruleset(MIXED)
    assert rs.rule("uz").severity == "prohibited" and rs.rule("uz").layer == "zones"
    z = zones((box(0, 0, 60, 100), TOWN, "T"), (box(60, 0, 99.95, 100), FARM, "F"), (box(99.95, 0, 200, 100), ECO, "E"))
    (p,) = run(parcels([box(0, 0, 100, 100)], ["1001"]), z, rs).parcels
    c = p.conflict("uz")
    # the 0.05 m strip in 生态空间 is a sliver on its own: it does not make the parcel prohibited,
    # though, touching the 农业空间 piece, it is part of the conflict geometry (as for any rule)
    assert c.severity == "constrained" and c.area_m2 == pytest.approx(4000.0)
    assert sorted(c.with_ids) == ["E", "F"]
    assert c.detail == "用地用海 1001（按 10 行）：位于农业空间（限制）3995.00 m²"
    z = zones((box(0, 0, 60, 100), FARM, "F"), (box(60, 0, 100, 100), ECO, "E"))
    (p,) = run(parcels([box(0, 0, 100, 100)], ["1001"]), z, rs).parcels
    c = p.conflict("uz")
    assert (c.severity, c.area_m2, c.share) == ("prohibited", 10000.0, 1.0)
    assert c.detail == "用地用海 1001（按 10 行）：位于农业空间（限制）6000.00 m²；位于生态空间（禁止）4000.00 m²"
    # an isolated sliver in a prohibited zone is listed, not a conflict
    z = zones((box(0, 0, 99.95, 100), TOWN, "T"), (box(99.95, 0, 200, 100), ECO, "E"))
    (p,) = run(parcels([box(0, 0, 100, 100)], ["1001"]), z, rs).parcels
    assert p.conflicts == [] and [(s.rule, round(s.area_m2, 6)) for s in p.slivers] == [("uz", 5.0)]


def random_case(seed, n_parcels=50, n_zones=30):
    rng = np.random.default_rng(seed)

    def blobs(n, size):
        out = []
        for _ in range(n):
            cx, cy = rng.uniform(0, 1000, 2)
            k = rng.integers(5, 12)
            ang = (np.arange(k) + rng.uniform(0, 0.8, k)) * 2 * np.pi / k
            r = rng.uniform(size * 0.3, size, k)
            out.append(Polygon(np.c_[cx + r * np.cos(ang), cy + r * np.sin(ang)]))
        return out

    codes = rng.choice(["1001", "1101", "0901", "0701", "070301", "1201", "0103", "9999", ""], n_parcels).tolist()
    p = parcels(blobs(n_parcels, 80), codes, ids=[f"P{i}" for i in range(n_parcels)])
    z = layer(blobs(n_zones, 200), SQLX=rng.choice([TOWN, FARM, ECO], n_zones).tolist(),
              BSM=[f"Z{i}" for i in range(n_zones)])
    return p, z


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_incremental_agrees_with_bulk(seed):
    p, z = random_case(seed)
    index = ConflictIndex(p, {"zones": z})
    bulk = index.run()
    assert any(c.rule == "use_zone" and c.severity == "prohibited" for x in bulk.parcels for c in x.conflicts)
    assert any(c.rule == "use_zone" and c.severity == "constrained" for x in bulk.parcels for c in x.conflicts)
    for i, want in enumerate(bulk.parcels):
        got = index.check_geometry(index.geoms[i], parcel_index=i)
        assert got.status == want.status and got.notes == want.notes
        a, b = got.conflict("use_zone"), want.conflict("use_zone")
        assert (a is None) == (b is None)
        if a is not None:
            assert (a.severity, a.detail, sorted(a.with_ids)) == (b.severity, b.detail, sorted(b.with_ids))
            assert a.area_m2 == pytest.approx(b.area_m2, abs=1e-6)
        assert [s.area_m2 for s in got.slivers] == pytest.approx([s.area_m2 for s in want.slivers], abs=1e-6)
    # brute force: the area inside zones that do not allow the parcel's use, zones dissolved
    rs = default_ruleset().rule("use_zone").matrix
    zg = index.features["use_zone"].geoms
    zt = index.features["use_zone"].zone
    for i, want in enumerate(bulk.parcels):
        code = use_codes(p["YDYH"].iloc[[i]])[0]
        if not code:
            continue
        bad = [k for k, lv in enumerate(rs.levels(rs.row_of(code))) if lv != "allowed"]
        ref = shapely.intersection(index.geoms[i], shapely.union_all(zg[np.isin(zt, bad)])).area
        got = want.conflict("use_zone")
        slivers = sum(s.area_m2 for s in want.slivers if s.rule == "use_zone")
        assert (got.area_m2 if got else 0.0) + slivers == pytest.approx(ref, abs=0.01)


def test_incremental_edit_move_and_use_code_override():
    index = ConflictIndex(parcels([box(-100, 0, 0, 100)], ["1001"]), {"zones": HALVES})
    assert index.run().parcels[0].conflicts == []
    moved = shapely.affinity.translate(index.geoms[0], 75, 0)        # 25 m into 生态空间
    c = index.check_geometry(moved, parcel_index=0).conflict("use_zone")
    assert (c.severity, c.area_m2, c.share) == ("prohibited", 2500.0, 0.25)
    c = index.check_geometry(moved, parcel_index=0, use_code="1201").conflict("use_zone")
    assert (c.severity, c.area_m2) == ("constrained", 2500.0)       # 交通运输用地
    assert index.check_geometry(moved, parcel_index=0, use_code="0301").conflicts == []
    drawn = index.check_geometry(moved)                               # a new parcel with no attributes yet
    assert drawn.conflict("use_zone") is None and drawn.notes == ["未填写用地用海代码（YDYH），未审查用地用途不符合三区管控"]
    index.update_parcel(1, moved, use_code="0901")
    c = index.run().parcels[0].conflict("use_zone")
    assert (c.severity, c.area_m2) == ("prohibited", 2500.0) and c.detail.startswith("用地用海 0901")


def test_default_ruleset_rule():
    r = default_ruleset().rule("use_zone")
    m = r.matrix
    assert (r.kind, r.layer, r.severity) == ("use_zone_matrix", "zones", "prohibited")
    assert m.use_fields[0] == "YDYH" and m.zone_fields[0] == "SQLX" and m.zones == (TOWN, FARM, ECO)
    for code in ("1001", "1101", "0901", "0701"):
        assert m.levels(m.row_of(code)) == ("allowed", "prohibited", "prohibited"), code
    assert "中发〔2019〕18号" in r.basis


def matrix_rule(**changes):
    spec = {"kind": "use_zone_matrix", "use_field": "YDYH", "zone_field": "SQLX",
            "matrix": {"10": {ECO: "prohibited"}, "default": {TOWN: "allowed", ECO: "constrained"}}}
    spec.update(changes)
    return {"rules": {"uz": {k: v for k, v in spec.items() if v is not None}}}


@pytest.mark.parametrize("changes,message", [
    ({"matrix": {"10": {ECO: "forbidden"}, "default": {TOWN: "allowed", ECO: "allowed"}}},
     "rule uz: matrix row '10': 生态空间 = 'forbidden' is not a severity"),
    ({"use_field": None}, "rule uz: a use_zone_matrix rule needs use_field"),
    ({"zone_field": None}, "rule uz: a use_zone_matrix rule needs zone_field"),
    ({"zone_field": []}, "rule uz: zone_field must be a field name"),
    ({"matrix": None}, "rule uz: a use_zone_matrix rule needs a matrix"),
    ({"matrix": {"10": {ECO: "prohibited"}}}, "rule uz: the matrix needs a default row"),
    ({"matrix": {"10": {ECO: "prohibited"}, "default": {TOWN: "allowed"}},
      "zone_values": {TOWN: ["城镇"], ECO: ["生态"]}}, "gives no level for 生态空间"),
    ({"matrix": {"10": {"水域": "prohibited"}, "default": {TOWN: "allowed", ECO: "allowed"}}},
     "names unknown zone type(s) 水域"),
    ({"matrix": {"10": "prohibited", "default": {TOWN: "allowed", ECO: "allowed"}}}, "matrix row '10' must be a table"),
    ({"matrix": {"10": {ECO: "allowed"}, "default": {TOWN: "allowed", ECO: "allowed"}}}, "allows every use"),
    ({"severity": "prohibited"}, "the matrix cells set the severity"),
    ({"layer": "roads"}, "unknown layer 'roads'"),
    ({"zone_values": {TOWN: ["城镇"], ECO: ["城镇"]}}, "listed under both"),
    ({"zone_values": {TOWN: "城镇"}}, "zone_values.城镇空间 must be a list"),
])
def test_malformed_matrix_is_refused_naming_the_rule(changes, message):
    with pytest.raises(DataError) as info:
        parse_ruleset(matrix_rule(**changes), source="rules.toml")
    assert message in str(info.value) and str(info.value).startswith("rules.toml")


def test_matrix_from_toml_file(tmp_path):
    from parkgis.core.analysis import load_ruleset

    f = tmp_path / "r.toml"
    f.write_text('[rules.uz]\nkind = "use_zone_matrix"\nuse_field = "YDYH"\nzone_field = ["SQLX", "三区类型"]\n'
                 '[rules.uz.zone_values]\n"生态空间" = ["生态", 3]\n"城镇空间" = ["城镇", 1]\n'
                 '[rules.uz.matrix]\n10 = { "生态空间" = "禁止" }\n'
                 'default = { "生态空间" = "允许", "城镇空间" = "允许" }\n', encoding="utf-8")
    rs = load_ruleset(f)
    z = zones((box(-100, -100, 50, 200), 1, "Z1"), (box(50, -100, 200, 200), 3, "Z2"))
    c = run(parcels([box(0, 0, 100, 100)], ["1001"]), z, rs).parcels[0].conflict("uz")
    assert (c.severity, c.area_m2, c.with_ids) == ("prohibited", 5000.0, ["Z2"])
    # a zone-type code read from a DBF as a float still matches
    z["SQLX"] = z["SQLX"].astype(float)
    assert run(parcels([box(0, 0, 100, 100)], ["1001"]), z, rs).parcels[0].conflict("uz").area_m2 == 5000.0
