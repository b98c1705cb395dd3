"""Areas: units, planar, and ellipsoidal (椭球面积) checked against an independent implementation of
the 国土调查办发〔2008〕32号 series formula."""

import math

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely import box

from parkgis.core.area import (
    AreaFigures,
    area_figures,
    ellipsoidal_area,
    m2_to_ha,
    m2_to_mu,
    planar_area,
)

A_CGCS2000 = 6378137.0
F_CGCS2000 = 1 / 298.257222101


def _series_zone_area_per_radian(lat: np.ndarray) -> np.ndarray:
    """Area between the equator and latitude ``lat`` per radian of longitude, by the series of the
    2008 national formula (trapezoid of the ellipsoid between two parallels: B1 = 0, B2 = lat)."""
    e2 = 2 * F_CGCS2000 - F_CGCS2000**2
    b = A_CGCS2000 * (1 - F_CGCS2000)
    e4, e6, e8 = e2**2, e2**3, e2**4
    a_ = 1 + 3 / 6 * e2 + 30 / 80 * e4 + 35 / 112 * e6 + 630 / 2304 * e8
    b_ = 1 / 6 * e2 + 15 / 80 * e4 + 21 / 112 * e6 + 420 / 2304 * e8
    c_ = 3 / 80 * e4 + 7 / 112 * e6 + 180 / 2304 * e8
    d_ = 1 / 112 * e6 + 45 / 2304 * e8
    e_ = 5 / 2304 * e8
    dB, Bm = lat, lat / 2
    return 2 * b * b * (a_ * np.sin(dB / 2) * np.cos(Bm) - b_ * np.sin(3 * dB / 2) * np.cos(3 * Bm)
                        + c_ * np.sin(5 * dB / 2) * np.cos(5 * Bm) - d_ * np.sin(7 * dB / 2) * np.cos(7 * Bm)
                        + e_ * np.sin(9 * dB / 2) * np.cos(9 * Bm))


def official_formula_area(polygon, epsg: int) -> float:
    """Sum of ellipsoidal strips under each (1 m densified) edge, strip areas from the 2008 series."""
    to_geo = Transformer.from_crs(epsg, 4490, always_xy=True)
    total = 0.0
    for ring_index, ring in enumerate([polygon.exterior, *polygon.interiors]):
        coords = shapely.get_coordinates(shapely.segmentize(ring, 1.0))
        lon, lat = to_geo.transform(coords[:, 0], coords[:, 1])
        lam, F = np.radians(lon), _series_zone_area_per_radian(np.radians(lat))
        signed = np.sum((lam[1:] - lam[:-1]) * (F[1:] + F[:-1]) / 2)
        total += abs(signed) if ring_index == 0 else -abs(signed)
    return total


def test_units():
    assert m2_to_mu(10000) == pytest.approx(15.0)
    assert m2_to_ha(10000) == 1.0
    fig = AreaFigures(70256.33)
    assert fig.mu == pytest.approx(105.384495) and fig.ha == pytest.approx(7.025633)
    assert fig.format_zh() == "70256.33 平方米（105.38 亩，7.0256 公顷）"


def test_planar_area_refuses_degrees_and_web_mercator():
    with pytest.raises(ValueError):
        planar_area([box(109, 39, 109.01, 39.01)], 4490)
    with pytest.raises(ValueError):
        planar_area([box(0, 0, 1, 1)], 3857)
    assert planar_area([box(37_500_000, 4_400_000, 37_500_100, 4_400_200)], 4525)[0] == 20000.0


# 1 km² squares across Ordos: both zones, at the central meridians and near the zone edges
ORDOS_SQUARES = [
    (4524, 36_500_000, 4_400_000),   # CM 108°E
    (4524, 36_620_000, 4_200_000),   # ~109.4°E, east edge of zone 36
    (4525, 37_380_000, 4_450_000),   # ~109.6°E, west edge of zone 37
    (4525, 37_500_000, 4_300_000),   # CM 111°E
    (4525, 37_530_000, 4_470_000),   # ~111.35°E, north-east Ordos
    (4523, 35_640_000, 4_350_000),   # zone 35 sliver ~106.6°E
]


@pytest.mark.parametrize(("epsg", "x", "y"), ORDOS_SQUARES)
def test_ellipsoidal_area_agrees_with_official_formula_to_a_hundredth_of_m2(epsg, x, y):
    square = box(x, y, x + 1000, y + 1000)
    ours = ellipsoidal_area([square], epsg)[0]
    reference = official_formula_area(square, epsg)
    assert abs(ours - reference) < 0.01, (ours, reference)


def test_ellipsoidal_area_subtracts_holes_whatever_the_ring_orientation():
    outer = box(37_440_000, 4_400_000, 37_441_000, 4_401_000)
    hole = box(37_440_100, 4_400_100, 37_440_300, 4_400_300)
    polygon = shapely.Polygon(outer.exterior.coords, [hole.exterior.coords])  # hole oriented like the shell
    with_hole = ellipsoidal_area([polygon], 4525)[0]
    full = ellipsoidal_area([outer], 4525)[0]
    hole_area = ellipsoidal_area([hole], 4525)[0]
    assert with_hole == pytest.approx(full - hole_area, abs=0.01)
    assert with_hole == pytest.approx(official_formula_area(polygon, 4525), abs=0.01)


def test_ellipsoidal_area_of_geographic_input():
    to_geo = Transformer.from_crs(4525, 4490, always_xy=True)
    square = box(37_500_000, 4_300_000, 37_501_000, 4_301_000)
    geographic = shapely.transform(shapely.segmentize(square, 1.0), to_geo.transform, interleaved=False)
    a_geo = ellipsoidal_area([geographic], 4490)[0]
    assert a_geo == pytest.approx(official_formula_area(square, 4525), abs=0.05)


def test_area_figures_gives_planar_and_ellipsoidal():
    square = box(37_440_000, 4_400_000, 37_441_000, 4_401_000)
    planar, ellipsoidal = area_figures(square, 4525)
    assert planar.m2 == 1_000_000.0 and planar.kind == "planar"
    assert ellipsoidal.kind == "ellipsoidal"
    # GK scale at 60 km from the CM: k ≈ 1 + y²/(2R²) → area ratio ≈ 1 − y²/R² (≈ 0.009 %)
    assert 1 - ellipsoidal.m2 / planar.m2 == pytest.approx((60_000 / 6_371_000) ** 2, rel=0.05)
    assert math.isclose(planar.mu, 1500.0)


def test_agrees_with_pyproj_geodesic_area_on_oriented_densified_rings():
    """A second, independent reference: pyproj's geodesic polygon area (Karney) on the CGCS2000
    ellipsoid, after orienting rings (shell counter-clockwise, holes clockwise)."""
    from pyproj import Geod

    geod = Geod(a=6378137.0, rf=298.257222101)
    to_geo = Transformer.from_crs(4524, 4490, always_xy=True)
    outer = box(36_610_000, 4_250_000, 36_612_000, 4_251_500)
    polygon = outer.difference(box(36_610_500, 4_250_500, 36_610_900, 4_250_700))
    multi = shapely.MultiPolygon([polygon, box(36_615_000, 4_250_000, 36_615_300, 4_250_300)])
    geographic = shapely.transform(shapely.segmentize(multi, 1.0), to_geo.transform, interleaved=False)
    reference = abs(geod.geometry_area_perimeter(shapely.orient_polygons(geographic))[0])
    assert ellipsoidal_area([multi], 4524)[0] == pytest.approx(reference, abs=0.01)


def geodesic_area_of_gk_ring(coords, epsg: int, step_m: float = 1.0) -> float:
    """Karney's geodesic area (pyproj Geod) of a ring given in a GK zone, its straight plane edges
    followed by points every ``step_m`` computed here with numpy (not with shapely's segmentize)."""
    from pyproj import Geod

    ring = np.asarray(coords, dtype=float)
    pts = []
    for (x0, y0), (x1, y1) in zip(ring[:-1], ring[1:], strict=True):
        n = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / step_m))
        s = np.arange(n) / n
        pts.append(np.c_[x0 + (x1 - x0) * s, y0 + (y1 - y0) * s])
    pts = np.vstack(pts)
    lon, lat = Transformer.from_crs(epsg, 4490, always_xy=True).transform(pts[:, 0], pts[:, 1])
    return abs(Geod(a=A_CGCS2000, rf=1 / F_CGCS2000).polygon_area_perimeter(lon, lat)[0])


@pytest.mark.parametrize(("epsg", "x", "y", "size"), [
    (4525, 37_620_000, 4_300_000, 5_000),    # ~112.4°E, the east edge of zone 37: 25 km²
    (4524, 36_380_000, 4_450_000, 3_000),    # ~106.6°E, the west edge of zone 36
])
def test_large_parcel_far_from_the_central_meridian_follows_the_straight_gk_edges(epsg, x, y, size):
    """Between two vertices 5 km apart the straight GK edge and the geodesic differ: the area on the
    ellipsoid of the surveyed (straight) boundary needs the edges densified. Without it the 25 km²
    square is off by 1.6 m²; with it it agrees with the independent reference to 0.01 m²."""
    square = box(x, y, x + size, y + size)
    reference = geodesic_area_of_gk_ring(square.exterior.coords, epsg)
    assert ellipsoidal_area([square], epsg)[0] == pytest.approx(reference, abs=0.01)


def test_empty_missing_and_non_polygons_have_zero_area():
    geoms = [None, shapely.Polygon(), shapely.Point(37_500_000, 4_400_000), box(37_500_000, 4_400_000, 37_500_010, 4_400_010)]
    areas = ellipsoidal_area(geoms, 4525)
    assert areas[:3].tolist() == [0.0, 0.0, 0.0] and areas[3] == pytest.approx(100.0, rel=1e-3)


def test_bulk_area_is_vectorised():
    import time

    x = 37_400_000 + (np.arange(20_000) % 200) * 120.0
    y = 4_300_000 + (np.arange(20_000) // 200) * 120.0
    squares = shapely.box(x, y, x + 100, y + 100)
    start = time.perf_counter()
    areas = ellipsoidal_area(squares, 4525, max_segment_m=25.0)
    assert time.perf_counter() - start < 5.0  # generous: a per-polygon Python loop takes far longer
    precise = ellipsoidal_area(squares[::97], 4525, max_segment_m=1.0)
    assert np.max(np.abs(areas[::97] - precise)) < 1e-4  # 25 m edges lose nothing measurable
    # and the GK scale correction is there: area ratio ≈ 1 − (Δx/R)² off the central meridian
    dx = x[::97] + 50 - 37_500_000
    assert np.allclose(precise / 10_000, 1 - (dx / 6_371_000) ** 2, atol=2e-6)


def test_degenerate_polygons_have_zero_area_not_a_geos_error():
    # GEOS refuses to densify a ring of one repeated point ("point array must contain 0 or >1 elements")
    spot = shapely.Polygon([(37_500_000, 4_400_000)] * 4)
    line = shapely.Polygon([(37_500_000, 4_400_000), (37_500_010, 4_400_000), (37_500_000, 4_400_000)] * 1
                           + [(37_500_000, 4_400_000)])
    square = box(37_500_100, 4_400_100, 37_500_200, 4_400_200)
    with_spot = shapely.MultiPolygon([spot, square])
    areas = ellipsoidal_area([spot, line, with_spot, square], 4525)
    assert areas[0] == 0.0 and areas[1] == pytest.approx(0.0, abs=1e-6)
    assert areas[2] == areas[3] == pytest.approx(10_000.0, rel=1e-4)   # the spot adds nothing to its sibling
    planar, ell = area_figures(spot, 4525)
    assert (planar.m2, ell.m2) == (0.0, 0.0)
    geographic = shapely.Polygon([(110.0, 39.0)] * 4)
    assert ellipsoidal_area([geographic, None], 4490).tolist() == [0.0, 0.0]
