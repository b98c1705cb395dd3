"""The bundled sample project (layers/ordos_sample.gpkg) and its recipe (layers/make_sample.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from parkgis.core.area import m2_to_mu, planar_area
from parkgis.core.project import Project
from parkgis.core.roles import Role

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "layers" / "ordos_sample.gpkg"
RECIPE = REPO / "layers" / "make_sample.py"

PARKS = {
    "蒙苏经济开发区": "伊金霍洛旗",
    "鄂托克经济开发区": "鄂托克旗",
    "准格尔经济开发区": "准格尔旗",
    "上海庙经济开发区": "鄂托克前旗",
    "鄂尔多斯高新技术产业开发区": "东胜区",
    "达拉特经济开发区": "达拉特旗",
    "苏里格经济开发区": "乌审旗",
    "杭锦经济开发区": "杭锦旗",
}
ROLES = {"园区四至": Role.PARK, "城镇开发边界": Role.UDB, "生态保护红线": Role.ECO_REDLINE,
         "永久基本农田": Role.FARMLAND, "三区空间": Role.ZONES, "地块": Role.PARCELS}


@pytest.fixture(scope="module")
def recipe():
    spec = importlib.util.spec_from_file_location("parkgis_make_sample", RECIPE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.open(SAMPLE)


@pytest.fixture(scope="module")
def banners(recipe, realdata):
    return recipe.load_ordos_banners(realdata)


@pytest.fixture(scope="module")
def rebuilt(recipe, realdata):
    return recipe.build_sample_layers(realdata)


def test_file_is_small_enough_to_commit():
    assert SAMPLE.is_file()
    assert SAMPLE.stat().st_size < 3_000_000


def test_layers_roles_and_crs(project):
    assert [layer.name for layer in project.layers] == ["三区空间", "生态保护红线", "永久基本农田", "城镇开发边界",
                                                        "园区四至", "地块"]
    for layer in project.layers:
        assert layer.role is ROLES[layer.name]
        assert layer.epsg == 4525, layer.name
    assert project.crs.to_epsg() == 4525
    # constraint layers are read-only, parcels are editable
    assert [layer.locked for layer in project.layers] == [True, True, True, True, True, False]


def test_the_eight_parks(project):
    parks = project.layers_by_role(Role.PARK)[0].gdf
    assert dict(zip(parks["YQMC"], parks["SSQX"], strict=True)) == PARKS
    areas_km2 = planar_area(parks.geometry, 4525) / 1e6
    assert np.all((areas_km2 > 5) & (areas_km2 < 60)), areas_km2
    # irregular shapes, not boxes: far from filling their bounding box, and many vertices
    fill = areas_km2 * 1e6 / shapely.area(shapely.envelope(parks.geometry.values))
    assert np.all(fill < 0.85), fill
    assert np.all(shapely.get_num_coordinates(parks.geometry.values) > 20)


def test_gcj02_inverse_round_trips(recipe):
    lon = np.array([106.9, 108.6, 109.78, 111.08])
    lat = np.array([38.3, 40.38, 39.78, 40.08])
    g_lon, g_lat = recipe.wgs84_to_gcj02(lon, lat)
    # the obfuscation moves Ordos points by a few hundred metres ...
    assert np.all(np.hypot((g_lon - lon) * 85_000, (g_lat - lat) * 111_000) > 100)
    # ... and the iterative inverse takes them back to well under a millimetre
    w_lon, w_lat = recipe.gcj02_to_wgs84(g_lon, g_lat)
    assert np.max(np.abs(w_lon - lon)) < 1e-9
    assert np.max(np.abs(w_lat - lat)) < 1e-9


def test_parks_lie_inside_their_banner_of_the_real_ordos_boundary(project, banners):
    assert set(banners) == set(PARKS.values()) | {"康巴什区"}
    ordos = shapely.union_all(list(banners.values()))
    parks = project.layers_by_role(Role.PARK)[0].gdf
    for name, geom in zip(parks["YQMC"], parks.geometry, strict=True):
        assert ordos.contains(geom), name
        assert banners[PARKS[name]].contains(geom), name
    margin = ordos.buffer(1.0)
    for layer in project.layers:
        inside = shapely.contains(margin, shapely.make_valid(layer.gdf.geometry.values))
        assert inside.all(), (layer.name, int((~inside).sum()))


def test_about_a_thousand_parcels_with_standard_land(project):
    parcels = project.layers_by_role(Role.PARCELS)[0].gdf
    assert 1000 <= len(parcels) <= 1050
    assert parcels["DKBH"].is_unique
    assert set(parcels["YQMC"]) == set(PARKS)
    assert set(parcels["YDYH"]) <= {"1001", "1101", "0901", "0801", "1303", "1301", "1310", "1402"}
    std = parcels[parcels["BZD"] == "是"]
    assert 30 <= len(std) <= 60
    assert set(std["SMZQJD"]) == {"储备", "前期开发", "挂牌", "成交", "开工", "竣工", "投产"}
    for column in ("TZQD", "RJL", "MJSS", "JZMD", "LDL", "XZBGBL"):
        assert std[column].notna().all(), column
    assert parcels.loc[parcels["BZD"] == "否", "TZQD"].isna().all()
    # YDMJ is the planar area in the project CRS
    area = planar_area(parcels.geometry.make_valid(), 4525)
    assert np.allclose(parcels["YDMJ"], area, atol=0.006)


def test_listing_b4_01(project):
    parcels = project.layers_by_role(Role.PARCELS)[0].gdf
    row = parcels[parcels["DKBH"] == "ZGE-B4-01"].iloc[0]
    area = float(planar_area([row.geometry], 4525)[0])
    assert area == pytest.approx(70256.33, abs=0.01)
    assert round(m2_to_mu(area), 4) == 105.3845
    assert row["YDMJ"] == 70256.33 and row["YDMJM"] == 105.3845
    assert (row["YQMC"], row["YDYH"], row["TDYT"], row["BZD"], row["SMZQJD"]) == (
        "准格尔经济开发区", "1001", "工业", "是", "挂牌")
    assert (row["CRNX"], row["QPJ"], row["TZQD"], row["MJSS"], row["RJL"]) == (50, 629.0, 134.0, 3.0, 0.65)
    assert (row["JZMD"], row["LDL"], row["XZBGBL"]) == (40.0, 20.0, 7.0)
    # 界址点 at 1 mm: the coordinates are whole millimetres
    coords = shapely.get_coordinates(row.geometry)
    assert np.allclose(coords * 1000, np.round(coords * 1000), atol=1e-6)


def test_farmland_fields(project):
    farm = project.layers_by_role(Role.FARMLAND)[0].gdf
    assert 300 <= len(farm) <= 800
    assert farm["KCXS"].between(0.02, 0.12).all()
    assert set(farm["DLBM"]) <= {"0101", "0102", "0103"}
    assert dict(zip(farm["DLBM"], farm["DLMC"], strict=True)) == {"0101": "水田", "0102": "水浇地", "0103": "旱地"}
    # TBMJ is the ellipsoidal area (椭球面积), as in the national land survey: checked against
    # Karney's geodesic area (pyproj Geod) of each patch's rings densified here every metre
    tbmj = [geodesic_area(g, 4525) for g in farm.geometry.values[:20]]
    assert np.allclose(farm["TBMJ"].to_numpy()[:20], tbmj, atol=0.006)
    assert np.allclose(farm["TBDLMJ"], farm["TBMJ"] - farm["KCMJ"], atol=0.011)


def _densified_lonlat(ring, to_geo, step_m=1.0):
    xy = np.asarray(ring.coords)[:, :2]
    pts = []
    for (x0, y0), (x1, y1) in zip(xy[:-1], xy[1:], strict=True):
        n = max(1, int(np.ceil(np.hypot(x1 - x0, y1 - y0) / step_m)))
        s = np.arange(n) / n
        pts.append(np.c_[x0 + (x1 - x0) * s, y0 + (y1 - y0) * s])
    pts = np.vstack(pts)
    return to_geo.transform(pts[:, 0], pts[:, 1])


def geodesic_area(geom, epsg: int) -> float:
    """Shells minus holes, each ring's geodesic area on the CGCS2000 ellipsoid."""
    from pyproj import Geod, Transformer

    geod = Geod(a=6378137.0, rf=298.257222101)
    to_geo = Transformer.from_crs(epsg, 4490, always_xy=True)
    total = 0.0
    for poly in shapely.get_parts(geom):
        total += abs(geod.polygon_area_perimeter(*_densified_lonlat(poly.exterior, to_geo))[0])
        total -= sum(abs(geod.polygon_area_perimeter(*_densified_lonlat(r, to_geo))[0]) for r in poly.interiors)
    return total


def test_geometry_is_valid_except_the_deliberate_bow_tie(project):
    for layer in project.layers:
        invalid = layer.gdf[~layer.gdf.is_valid]
        if layer.role is Role.PARCELS:
            assert list(invalid["DKBH"]) == ["GX-G8-02"]
            assert "Self-intersection" in shapely.is_valid_reason(invalid.geometry.values[0])
        else:
            assert len(invalid) == 0, layer.name


#: DESIGN §3: the default severity of each rule
PROHIBITED_RULES = {"eco_redline", "farmland", "outside_udb"}
CONSTRAINED_RULES = {"outside_park", "parcel_overlap", "invalid_geometry"}


def test_the_check_finds_what_the_recipe_planted_parcel_by_parcel(project, recipe, realdata):
    """Compared with the recipe's own record of the conflicts it built in (``conflict_notes``), not
    with counts: every planted conflict is found on its parcel, and every other finding is one the
    recipe implies — the partner of a planted overlap, a red-line parcel also outside the UDB (the
    UDB is drawn around the red line), a 用地用海 × 三区 conflict where the parcel leaves the UDB."""
    from parkgis.core.analysis.engine import check_parcels

    planted = recipe.conflict_notes(realdata)
    assert set(planted.values()) == PROHIBITED_RULES | CONSTRAINED_RULES
    constraints = {role.value: project.layers_by_role(role)
                   for role in (Role.ECO_REDLINE, Role.FARMLAND, Role.UDB, Role.PARK, Role.ZONES)}
    result = check_parcels(project.layers_by_role(Role.PARCELS)[0], constraints)
    parcels = {p.id: p for p in result.parcels}
    assert set(planted) <= set(parcels)
    for p in result.parcels:
        rules = {c.rule for c in p.conflicts}
        rule = planted.get(p.id)
        if rule is None:
            if rules:   # only a neighbour of a parcel planted as an overlap
                assert rules == {"parcel_overlap"}, (p.id, rules)
                assert any(planted.get(w) == "parcel_overlap" for w in p.conflict("parcel_overlap").with_ids), p.id
                assert p.status == "constrained", p.id
            else:
                assert p.status == "compliant", p.id
            continue
        assert rule in rules, (p.id, rule, rules)
        extra = rules - {rule}
        if "outside_udb" in extra:
            assert rule == "eco_redline", (p.id, rule, rules)
        if "use_zone" in extra:
            assert "outside_udb" in rules, (p.id, rules)
        assert extra <= {"outside_udb", "use_zone"}, (p.id, rule, rules)
        want = "prohibited" if rules & PROHIBITED_RULES else "constrained"
        assert p.status == want, (p.id, rule, rules, p.status)
    b4 = parcels["ZGE-B4-01"]
    assert b4.status == "compliant" and "ZGE-B4-01" not in planted


def test_the_zones_add_conflicts_only_where_the_three_lines_already_prohibit(project):
    """三区 × 用地用海: only parcels that reach out of the UDB (into 农业空间 or the red line's 生态空间)."""
    from parkgis.core.analysis.engine import check_parcels

    roles = (Role.ECO_REDLINE, Role.FARMLAND, Role.UDB, Role.PARK)
    parcels = project.layers_by_role(Role.PARCELS)[0]
    without = check_parcels(parcels, {role.value: project.layers_by_role(role) for role in roles})
    with_zones = check_parcels(parcels, {role.value: project.layers_by_role(role) for role in (*roles, Role.ZONES)})
    assert [p.status for p in with_zones.parcels] == [p.status for p in without.parcels]
    use_zone = {p.id: c for p in with_zones.parcels for c in p.conflicts if c.rule == "use_zone"}
    assert len(use_zone) == 20
    assert sorted(c.severity for c in use_zone.values()).count("prohibited") == 13
    for p in with_zones.parcels:
        if p.id in use_zone:
            assert p.status == "prohibited", p.id
            assert "outside_udb" in {c.rule for c in p.conflicts}, p.id


def test_zones_partition_the_neighbourhood_of_parks_and_towns(project):
    layer = project.layers_by_role(Role.ZONES)[0]
    # drawn by type, light: the zones lie under every other layer
    assert layer.style["categorized"]["field"] == "SQLX"
    assert set(layer.style["categorized"]["colors"]) == {"城镇空间", "农业空间", "生态空间"}
    assert layer.style["fill_opacity"] <= 0.5
    zones = layer.gdf
    assert list(zones.columns.drop("geometry")) == ["BSM", "SQLX", "XZQDM", "XZQMC", "SQMJ", "BZ"]
    # one multipolygon per zone type and banner: 城镇/农业 in all nine, 生态 in six
    assert len(zones) == 24
    assert zones["SQLX"].value_counts().to_dict() == {"城镇空间": 9, "农业空间": 9, "生态空间": 6}
    assert zones.groupby("XZQMC")["SQLX"].apply(lambda s: s.is_unique).all()
    assert zones["BSM"].is_unique
    assert np.allclose(zones["SQMJ"], shapely.area(zones.geometry.values), atol=0.006)
    geoms = zones.geometry.values
    # no overlap: neighbouring features share their edges exactly
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = left < right
    assert shapely.area(shapely.intersection(geoms[left[pairs]], geoms[right[pairs]])).sum() < 1e-6
    by_type = {t: shapely.union_all(zones.geometry[zones["SQLX"] == t].values) for t in ("城镇空间", "农业空间", "生态空间")}
    region = shapely.union_all(geoms)
    assert sum(g.area for g in by_type.values()) == pytest.approx(region.area, abs=1e-3)
    # plausible proportions (km²): mostly 农业空间 (farmland and grazing land) around the towns
    assert [round(g.area / 1e6) for g in by_type.values()] == [617, 6989, 188]

    def layer_union(role):
        return shapely.union_all(project.layers_by_role(role)[0].gdf.geometry.values)

    udb, eco, farm = layer_union(Role.UDB), layer_union(Role.ECO_REDLINE), layer_union(Role.FARMLAND)
    # UDB ⊆ 城镇空间 (up to the UDB's millimetre rounding)
    assert shapely.difference(udb, by_type["城镇空间"]).area < 0.1
    # the red line inside the zoned region lies in 生态空间 ∪ 城镇空间, and 城镇空间 stops at it
    # (what it shares with 城镇空间 are millimetre slivers along the UDB, below the check's 1 m²)
    zoned_eco = shapely.intersection(eco, region)
    assert zoned_eco.area > 100e6
    assert shapely.difference(zoned_eco, shapely.union(by_type["生态空间"], by_type["城镇空间"])).area < 0.1
    assert shapely.intersection(zoned_eco, by_type["城镇空间"]).area < 1.0
    # permanent farmland: all of it zoned, in 农业空间 except the patches laid on parcels (城镇空间)
    assert shapely.difference(farm, region).area < 0.1
    assert shapely.intersection(farm, by_type["农业空间"]).area / farm.area > 0.99
    assert shapely.intersection(farm, by_type["生态空间"]).area < 0.1
    # irregular, not boxes
    assert np.all(shapely.get_num_coordinates(geoms) > 30)


def test_recipe_rebuilds_the_committed_file(project, rebuilt):
    """Re-running the recipe gives the same layers, attributes and geometries as the committed file."""
    assert [layer.name for layer in rebuilt] == [layer.name for layer in project.layers]
    for new in rebuilt:
        old = project.layer(new.name)
        assert new.role is old.role
        assert len(new.gdf) == len(old.gdf), new.name
        attrs_new = new.gdf.drop(columns=new.gdf.geometry.name).reset_index(drop=True)
        attrs_old = old.gdf.drop(columns=old.gdf.geometry.name).reset_index(drop=True)[list(attrs_new.columns)]
        for column in attrs_new.columns:
            a, b = attrs_new[column].to_numpy(dtype=object), attrs_old[column].to_numpy(dtype=object)
            same = [(x == y) or (_missing(x) and _missing(y)) for x, y in zip(a, b, strict=True)]
            assert all(same), (new.name, column)
        g_new = np.asarray(shapely.normalize(new.gdf.geometry.values))
        g_old = np.asarray(shapely.normalize(old.gdf.geometry.values))
        same = shapely.equals_exact(g_new, g_old, tolerance=1e-6)
        # Another GEOS/PROJ release may place an overlay vertex or a rounded millimetre differently;
        # such features must still cover the same ground to within 0.01 m².
        for i in np.flatnonzero(~same):
            a, b = shapely.make_valid(g_new[i]), shapely.make_valid(g_old[i])
            assert shapely.area(shapely.symmetric_difference(a, b)) < 0.01, (new.name, i)


def test_recipe_is_deterministic(recipe, realdata, rebuilt):
    again = recipe.build_sample_layers(realdata)
    for a, b in zip(rebuilt, again, strict=True):
        assert a.gdf.drop(columns="geometry").equals(b.gdf.drop(columns="geometry")), a.name
        assert list(shapely.to_wkb(a.gdf.geometry.values)) == list(shapely.to_wkb(b.gdf.geometry.values)), a.name


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
