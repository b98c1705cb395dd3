"""Measuring lengths and areas (planar and ellipsoidal) and finding features by location."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod, Transformer

from parkgis.core.measure import measure_area, measure_length
from parkgis.core.query import features_at, features_in

X0, Y0 = 37_500_000.0, 4_400_000.0   # EPSG:4525, GK zone 37 (Ordos)


def test_length_planar_is_exact_and_ellipsoidal_is_the_geodesic():
    pts = [(X0, Y0), (X0 + 300, Y0 + 400), (X0 + 300, Y0 + 1400)]
    m = measure_length(pts, 4525)
    assert m.planar_m == pytest.approx(1500.0, abs=1e-9)
    assert m.segments == 2
    lon, lat = Transformer.from_crs(4525, 4490, always_xy=True).transform([p[0] for p in pts], [p[1] for p in pts])
    assert m.ellipsoidal_m == pytest.approx(Geod(ellps="GRS80").line_length(lon, lat), rel=1e-9)
    # near the central meridian (111°E) the GK scale factor is 1: the two agree to < 0.01 %
    assert m.ellipsoidal_m == pytest.approx(1500.0, rel=1e-4)
    assert measure_length(pts[:1], 4525).planar_m == 0.0


def test_length_in_geographic_coordinates_is_measured_in_the_gk_zone():
    lonlat = [(109.0, 39.0), (109.01, 39.0)]
    m = measure_length(lonlat, 4490)
    assert m.ellipsoidal_m == pytest.approx(Geod(ellps="GRS80").line_length([109.0, 109.01], [39.0, 39.0]), rel=1e-9)
    assert m.planar_m == pytest.approx(m.ellipsoidal_m, rel=1e-3)


def test_area_in_three_units_planar_and_ellipsoidal():
    square = [(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100), (X0, Y0 + 100)]
    m = measure_area(square, 4525)
    assert m.planar.m2 == pytest.approx(10000.0)
    assert m.planar.mu == pytest.approx(15.0)
    assert m.planar.ha == pytest.approx(1.0)
    assert m.perimeter_m == pytest.approx(400.0)
    # the reference: Karney's geodesic area of the square's edges densified here every 0.5 m
    dense = [(X0 + 0.5 * i, Y0) for i in range(200)] + [(X0 + 100, Y0 + 0.5 * i) for i in range(200)] \
        + [(X0 + 100 - 0.5 * i, Y0 + 100) for i in range(200)] + [(X0, Y0 + 100 - 0.5 * i) for i in range(200)]
    lon, lat = Transformer.from_crs(4525, 4490, always_xy=True).transform(*zip(*dense, strict=True))
    expected = abs(Geod(a=6378137.0, rf=298.257222101).polygon_area_perimeter(lon, lat)[0])
    assert m.ellipsoidal.m2 == pytest.approx(expected, abs=1e-4)
    assert m.ellipsoidal.kind == "ellipsoidal"
    assert measure_area(square[:2], 4525).planar.m2 == 0.0


def test_self_crossing_click_path_measures_its_enclosed_area():
    bowtie = [(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)]
    assert measure_area(bowtie, 4525).planar.m2 == pytest.approx(5000.0)


def test_features_at_and_in():
    gdf = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 10, 10), shapely.box(5, 5, 15, 15),
                                     shapely.LineString([(20, 0), (20, 10)])], crs=4545)
    assert features_at(gdf, 7, 7).tolist() == [0, 1]
    assert features_at(gdf, 2, 2).tolist() == [0]
    assert features_at(gdf, 21, 5).tolist() == []
    assert features_at(gdf, 21, 5, 1.5).tolist() == [2]
    assert features_in(gdf, (12, 12, 30, 1)).tolist() == [1, 2]       # any corner order
    assert features_in(gdf, (-1, -1, 11, 11), contained=True).tolist() == [0]
    empty = gdf.iloc[:0]
    assert features_at(empty, 0, 0).tolist() == [] and features_in(empty, (0, 0, 1, 1)).tolist() == []
