import pytest
from pyproj import CRS

from parkgis.core.crs import (
    epsg_of,
    gk3_epsg,
    gk3_zone_from_lon,
    gk6_epsg,
    gk_zone_of_epsg,
    infer_crs_from_bounds,
    is_cgcs2000,
    legacy_datum,
    working_crs,
)


@pytest.mark.parametrize(("lon", "zone"), [(109.49, 36), (109.5, 37), (106.48, 35), (111.44, 37), (108.0, 36)])
def test_zone_from_longitude(lon, zone):
    assert gk3_zone_from_lon(lon) == zone


def test_epsg_codes_of_zones_match_pyproj_names():
    assert gk3_epsg(36) == 4524 and gk3_epsg(37) == 4525
    assert gk3_epsg(36, prefixed=False) == 4545 and gk3_epsg(37, prefixed=False) == 4546
    for zone in range(25, 46):
        assert CRS.from_epsg(gk3_epsg(zone)).name == f"CGCS2000 / 3-degree Gauss-Kruger zone {zone}"
        assert CRS.from_epsg(gk3_epsg(zone, prefixed=False)).name == f"CGCS2000 / 3-degree Gauss-Kruger CM {3 * zone}E"
    for zone in range(13, 24):
        assert CRS.from_epsg(gk6_epsg(zone)).name == f"CGCS2000 / Gauss-Kruger zone {zone}"
        assert CRS.from_epsg(gk6_epsg(zone, prefixed=False)).name == f"CGCS2000 / Gauss-Kruger CM {6 * zone - 3}E"
    with pytest.raises(ValueError):
        gk3_epsg(46)


def test_zone_description_round_trip():
    zone = gk_zone_of_epsg(4525)
    assert (zone.width, zone.zone, zone.prefixed, zone.central_meridian, zone.false_easting) == (3, 37, True, 111.0, 37_500_000)
    assert gk_zone_of_epsg(4546).central_meridian == 111.0 and not gk_zone_of_epsg(4546).prefixed
    assert gk_zone_of_epsg(4326) is None


def test_esri_wkt_is_normalised_to_epsg():
    for code in (4490, 4524, 4525, 4546):
        assert epsg_of(CRS.from_epsg(code).to_wkt("WKT1_ESRI")) == code


def test_legacy_datums_are_flagged_not_cgcs2000():
    for code in (2383, 4610):  # Xian 1980 / 3-degree GK CM 114E, Xian 1980 geographic
        assert legacy_datum(code) == "西安80"
        assert not is_cgcs2000(code)
    assert legacy_datum(4214) == "北京54"
    assert legacy_datum(4525) is None and is_cgcs2000(4525) and is_cgcs2000(4490)


def test_inference_from_zone_prefixed_eastings():
    guess = infer_crs_from_bounds(37_480_000, 4_300_000, 37_520_000, 4_320_000)
    assert guess.epsg == 4525 and not guess.swapped_xy and "zone prefix 37" in guess.reason


def test_inference_detects_swapped_xy():
    guess = infer_crs_from_bounds(4_300_000, 36_480_000, 4_320_000, 36_520_000)
    assert guess.epsg == 4524 and guess.swapped_xy


def test_inference_from_lonlat_in_china_is_cgcs2000():
    assert infer_crs_from_bounds(109.5, 39.5, 110.0, 40.0).epsg == 4490


def test_no_guess_without_zone_prefix():
    guess = infer_crs_from_bounds(526_438, 3_504_055, 535_022, 3_505_986)
    assert guess.epsg is None and "no zone prefix" in guess.reason


def test_working_crs_never_web_mercator():
    assert working_crs(4490, 109.99).to_epsg() == 4525
    assert working_crs(3857, 108.2).to_epsg() == 4524
    assert working_crs(4525).to_epsg() == 4525
