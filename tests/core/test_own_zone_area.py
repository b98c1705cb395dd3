"""Issue 9 item 3: every planar area is taken in the parcel's OWN 3° Gauss-Krüger zone (DESIGN §3),
whatever zone the data is held in. Oracle: the coordinates transformed with pyproj directly into the
zone's EPSG code here in the test, and shapely's area of that."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely import box

from parkgis.core.analysis import check_parcels
from parkgis.core.area import NO_ZONE, area_figures, geometry_zones, own_zone_planar_area
from parkgis.core.crs import gk3_zone_crs, gk3_zone_of_crs

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"

# ~107.5°E (zone 36) and ~111°E (zone 37), both held in zone 37 (EPSG:4525), latitude ~38.8°N
WEST = box(37_200_000, 4_300_000, 37_200_400, 4_300_300)
EAST = box(37_500_000, 4_300_000, 37_500_400, 4_300_300)


def oracle_area(geom, src: int, dst: int) -> float:
    return float(shapely.transform(geom, Transformer.from_crs(src, dst, always_xy=True).transform,
                                   interleaved=False).area)


def test_zone_crs_codes_match_pyproj_names():
    for zone in (25, 35, 36, 37, 45):
        assert gk3_zone_crs(zone).name == f"CGCS2000 / 3-degree Gauss-Kruger zone {zone}"
        assert gk3_zone_crs(zone, 4610).name == f"Xian 1980 / 3-degree Gauss-Kruger zone {zone}"
        assert gk3_zone_crs(zone, 4214).name == f"Beijing 1954 / 3-degree Gauss-Kruger zone {zone}"
    assert (gk3_zone_of_crs(4525), gk3_zone_of_crs(4546), gk3_zone_of_crs(4524)) == (37, 37, 36)
    assert gk3_zone_of_crs(32649) is None and gk3_zone_of_crs(4490) is None   # UTM is not GK


def test_parcel_outside_the_crs_zone_is_measured_in_its_own_zone():
    zoned = own_zone_planar_area([WEST, EAST], 4525)
    assert zoned.zones.tolist() == [36, 37]
    assert zoned.labels == {36: "EPSG:4524", 37: "EPSG:4525"}
    assert zoned.m2[0] == pytest.approx(oracle_area(WEST, 4525, 4524), rel=1e-12)
    assert zoned.m2[1] == EAST.area                       # already in its zone: measured as it stands
    # the bug: zone 37's area of a zone-36 parcel is ~0.28 % too large
    assert WEST.area / zoned.m2[0] - 1 == pytest.approx(0.0022, abs=0.0008)
    assert zoned.outside_source_zone().tolist() == [True, False]


def test_unprefixed_cm_crs_is_its_zone_and_geographic_goes_to_its_zone():
    sq = box(500_000, 4_300_000, 500_400, 4_300_300)       # EPSG:4546 = CM 111°E = zone 37
    zoned = own_zone_planar_area([sq], 4546)
    assert zoned.zones.tolist() == [37] and zoned.m2[0] == sq.area and not zoned.outside_source_zone().any()
    geo = shapely.transform(WEST, Transformer.from_crs(4525, 4490, always_xy=True).transform, interleaved=False)
    planar, ellipsoidal = area_figures(geo, 4490)
    assert (planar.zone, planar.zone_crs) == (36, "EPSG:4524")
    assert planar.m2 == pytest.approx(oracle_area(geo, 4490, 4524), rel=1e-12)
    lon, lat = shapely.get_coordinates(geo).T
    geod_area = abs(Geod(ellps="GRS80").polygon_area_perimeter(lon, lat)[0])
    assert ellipsoidal.m2 == pytest.approx(geod_area, rel=2e-6)


def test_legacy_datum_is_measured_in_a_zone_of_its_own_datum():
    zoned = own_zone_planar_area([WEST], 2361)               # Xian 1980 / 3° zone 37
    assert zoned.labels == {36: "EPSG:2360"}
    assert zoned.m2[0] == pytest.approx(oracle_area(WEST, 2361, 2360), rel=1e-12)


def test_missing_and_empty_geometries_have_no_zone():
    zones = geometry_zones(np.array([None, shapely.Polygon(), EAST], dtype=object), 4525)
    assert zones.tolist() == [NO_ZONE, NO_ZONE, 37]


def test_check_gives_parcel_and_conflict_areas_in_the_parcels_own_zone():
    parcels = gpd.GeoDataFrame({"DKBH": ["W", "E"]}, geometry=[WEST, EAST], crs=4525)
    red_w = box(37_200_200, 4_299_000, 37_201_000, 4_301_000)
    red = gpd.GeoDataFrame({"BSM": ["R"]}, geometry=[red_w], crs=4525)
    farm = gpd.GeoDataFrame({"BSM": ["F"], "KCXS": [0.1]}, geometry=[WEST.buffer(-50)], crs=4525)
    r = check_parcels(parcels, {"eco_redline": red, "farmland": farm})
    w, e = r.parcel("W"), r.parcel("E")
    assert r.crs == "EPSG:4525"
    assert (w.area_zone, w.area_crs, e.area_zone, e.area_crs) == (36, "EPSG:4524", 37, "EPSG:4525")
    assert w.area_m2 == pytest.approx(oracle_area(WEST, 4525, 4524), rel=1e-12)
    assert e.area_m2 == EAST.area
    c = w.conflict("eco_redline")
    expected = oracle_area(WEST.intersection(red_w), 4525, 4524)
    assert c.area_m2 == pytest.approx(expected, rel=1e-9)
    assert c.share == pytest.approx(expected / w.area_m2, rel=1e-9)
    f = w.conflict("farmland")
    gross = oracle_area(WEST.buffer(-50), 4525, 4524)
    assert f.area_m2 == pytest.approx(gross, rel=1e-9)
    assert f.net_area_m2 == pytest.approx(gross * 0.9, rel=1e-9)
    assert w.affected_area_m2() == pytest.approx(
        oracle_area(shapely.union(WEST.intersection(red_w), WEST.buffer(-50)), 4525, 4524), rel=1e-9)
    # the JSON contract names the zone per parcel (both serialisations agree)
    d = r.to_json_dict()
    assert json.loads(r.to_json_text()) == d
    pw = d["parcels"][0]
    assert (pw["area_zone"], pw["area_crs"]) == (36, "EPSG:4524")
    assert pw["area_m2"] == round(oracle_area(WEST, 4525, 4524), 4)
    # and says that the project's CRS puts a parcel outside its zone
    (note,) = [w for w in r.warnings if "outside zone 37" in w]
    assert "1 parcel(s)" in note and "W" in note and "EPSG:4524" in note


def test_incremental_check_measures_in_the_own_zone_too():
    from parkgis.core.analysis import ConflictIndex

    parcels = gpd.GeoDataFrame({"DKBH": ["E"]}, geometry=[EAST], crs=4525)
    index = ConflictIndex(parcels, {})
    p = index.check_geometry(WEST, parcel_id="W")
    assert (p.area_zone, p.area_m2) == (36, pytest.approx(oracle_area(WEST, 4525, 4524), rel=1e-12))


def test_sample_shm_g9_01_planar_area_in_zone_36():
    """The issue's figure: SHM-G9-01 (上海庙, zone 36) came out 167 527.9 m² taken in zone 37."""
    gdf = pyogrio.read_dataframe(SAMPLE, layer="地块")
    row = gdf[gdf["DKBH"] == "SHM-G9-01"]
    geom = row.geometry.values[0]
    r = check_parcels(gdf[gdf["DKBH"] == "SHM-G9-01"].reset_index(drop=True), {})
    p = r.parcels[0]
    assert (p.area_zone, p.area_crs) == (36, "EPSG:4524")
    expected = oracle_area(geom, 4525, 4524)
    assert p.area_m2 == pytest.approx(expected, rel=1e-12)
    assert geom.area == pytest.approx(167_527.9, abs=0.1)          # what was reported before
    # own-zone planar and 椭球 now differ by what DESIGN §3 says (< 0.045 %), not 0.3 %
    assert abs(p.area_m2 / p.ellipsoidal_area_m2 - 1) < 4.5e-4


def test_reports_state_the_zone(tmp_path):
    from parkgis.core.report.check_report import ROW_HEADERS, render_html, write_csv

    parcels = gpd.GeoDataFrame({"DKBH": ["W"]}, geometry=[WEST], crs=4525)
    r = check_parcels(parcels, {"eco_redline": gpd.GeoDataFrame(geometry=[WEST], crs=4525)})
    write_csv(r, tmp_path / "r.csv")
    with open(tmp_path / "r.csv", encoding="utf-8-sig") as fh:
        header, row = list(csv.reader(fh))[:2]
    assert header == ROW_HEADERS and row[header.index("平面面积投影带")] == "第36带（EPSG:4524）"
    assert float(row[header.index("地块面积(平方米)")]) == round(oracle_area(WEST, 4525, 4524), 2)
    assert "按第36带（EPSG:4524）计算" in render_html(r)


def test_boundary_point_schedule_area_in_own_zone():
    from parkgis.core.report.boundary_points import boundary_point_schedule, header_rows

    layer = gpd.GeoDataFrame({"DKBH": ["W"]}, geometry=[WEST], crs=4525)
    schedule = boundary_point_schedule(layer)
    (p,) = schedule.parcels
    assert p.planar.m2 == pytest.approx(oracle_area(WEST, 4525, 4524), rel=1e-12)
    assert ("平面面积投影带", "第36带（EPSG:4524）") in [r.cells for r in header_rows(p, schedule)]
    assert any("outside zone 37" in w for w in schedule.warnings)


def test_adding_parcels_outside_the_project_zone_warns():
    from parkgis.core.layers import VectorLayer
    from parkgis.core.project import Project
    from parkgis.core.roles import Role

    project = Project()
    project.add_layer(VectorLayer("红线", gpd.GeoDataFrame(geometry=[EAST], crs=4525), role=Role.ECO_REDLINE))
    east = project.add_layer(VectorLayer("地块1", gpd.GeoDataFrame({"DKBH": ["E"]}, geometry=[EAST], crs=4525),
                                         role=Role.PARCELS))
    assert not [w for w in east.warnings if "outside zone" in w]
    # the same parcels given in lon/lat: reprojected into the project's zone 37, they lie in zone 36
    geo = gpd.GeoDataFrame({"DKBH": ["W-1"]}, geometry=[WEST], crs=4525).to_crs(4490)
    west = project.add_layer(VectorLayer("地块2", geo, role=Role.PARCELS))
    (note,) = [w for w in west.warnings if "outside zone" in w]
    assert note.startswith("1 parcel(s) lie outside zone 37 of EPSG:4525 (in zone 36: W-1)")


def test_a_layer_added_far_outside_the_project_is_said_so(realdata):
    """Issue 9 item 9, in core: the zone-35 coordinate file (105.22°E, 25.62°N) into an Ordos project."""
    from parkgis.core.project import Project, far_away_note

    project = Project.open(SAMPLE)
    (far,) = project.add_file(realdata / "zuobiao_txt_parcel_format" / "longjie-sir_txt2shp_testfile.txt")
    note, zone_note = far.placement_notes
    assert note in far.warnings and zone_note in far.warnings
    assert zone_note.startswith("1 parcel(s) lie outside zone 37 of EPSG:4525 (in zone 35: 010031)")
    ordos = project.layer("地块").gdf.total_bounds
    # the gap between the boxes (the far parcel lies south-west of all the others), in the project's CRS
    b = far.gdf.total_bounds
    x0 = min(lyr.gdf.total_bounds[0] for lyr in project.layers if lyr is not far)
    y0 = min(lyr.gdf.total_bounds[1] for lyr in project.layers if lyr is not far)
    gap = np.hypot(x0 - b[2], y0 - b[3])
    assert note.startswith(f"the layer lies {gap / 1000:,.0f} km outside the extent of the project's other layers")
    assert "(its centre at 105.22°E, 25.62°N;" in note
    # a layer beside the project, or inside it, is not "far away"
    assert far_away_note(ordos, [ordos], 4525) is None
    near = (ordos[2] + 10_000, ordos[1], ordos[2] + 20_000, ordos[1] + 10_000)
    assert far_away_note(near, [ordos], 4525) is None
