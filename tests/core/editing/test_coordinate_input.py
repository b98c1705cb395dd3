"""Typed coordinates: surveyors' X/Y with zone prefixes, 度分秒, distance and bearing, pasted 界址点, TXT parcels."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from pyproj import Transformer

from parkgis.core.editing.coordinate_input import (
    load_coordtxt_parcel,
    parse_angle,
    parse_point,
    parse_point_list,
)
from parkgis.core.errors import DataError, UsageError
from parkgis.core.io.coordtxt import parse_coordtxt

REAL = Path(__file__).resolve().parents[4] / "shared" / "realdata" / "zuobiao_txt_parcel_format"
HANGZHOU = REAL / "hangzhou_pengbu_B-R-14.txt"


@pytest.mark.parametrize("text", ["4400123.45, 37512345.6", "X=4400123.45 Y=37_512_345.6",
                                  "Y=37512345.6 X=4400123.45", "北 4400123.45 东 37512345.6",
                                  "4400123.45\t37512345.6", "X：4400123.45，Y：37512345.6"])
def test_surveyors_order_with_zone_prefix_in_a_prefixed_layer(text):
    p = parse_point(text, 4525)          # zone 37, prefixed
    assert (p.x, p.y, p.kind, p.note) == (37512345.6, 4400123.45, "xy", None)


def test_zone_prefix_and_central_meridian_crs_and_an_unprefixed_easting():
    # EPSG:4546 is zone 37 without the prefix (CM 111°E)
    assert parse_point("4400123.45, 37512345.6", 4546).xy == pytest.approx((512345.6, 4400123.45), abs=1e-6)
    assert parse_point("4400123.45, 512345.6", 4525).xy == pytest.approx((37512345.6, 4400123.45), abs=1e-6)
    assert parse_point("4400123.45, 512345.6", 4546).xy == (512345.6, 4400123.45)


def test_another_zone_is_transformed_into_the_layers_and_said_so():
    p = parse_point("4400123.45, 37512345.6", 4524)     # zone-37 coordinates into a zone-36 layer
    expected = Transformer.from_crs(4525, 4524, always_xy=True).transform(37512345.6, 4400123.45)
    assert p.xy == pytest.approx(expected, abs=1e-6)
    assert p.note == "zone 37 coordinates transformed into zone 36"
    # into a geographic layer
    lonlat = parse_point("4400123.45, 37512345.6", 4490)
    assert lonlat.xy == pytest.approx(Transformer.from_crs(4525, 4490, always_xy=True)
                                      .transform(37512345.6, 4400123.45), abs=1e-9)


def test_bad_plane_coordinates_name_the_problem():
    with pytest.raises(UsageError, match="looks like an easting .* type X \\(北\\) first"):
        parse_point("37512345.6, 4400123.45", 4525)
    with pytest.raises(UsageError, match="no zone prefix and the layer's CRS \\(EPSG:4490\\)"):
        parse_point("4400123.45, 512345.6", 4490)
    with pytest.raises(UsageError, match="zone prefix 24 is no Gauss-Krüger zone"):
        parse_point("4400123.45, 24512345.6", 4525)
    with pytest.raises(UsageError, match="'abc' is not understood"):
        parse_point("4400123.45 abc 37512345.6", 4525)
    with pytest.raises(UsageError, match="type two values"):
        parse_point("4400123.45", 4525)


def test_longitude_latitude_decimal_and_dms():
    assert parse_angle("109°45'30.5\"") == pytest.approx(109 + 45 / 60 + 30.5 / 3600, abs=1e-12)
    assert parse_angle("109°45′30.5″") == parse_angle("109d45m30.5s") == parse_angle("109:45:30.5")
    lon, lat = 109 + 45 / 60 + 30.5 / 3600, 39 + 36 / 60 + 12 / 3600
    expected = Transformer.from_crs(4490, 4525, always_xy=True).transform(lon, lat)
    for text in ("109°45'30.5\", 39°36'12\"", "39°36'12\" 109°45'30.5\"", "经度 109:45:30.5 纬度 39:36:12",
                 "纬度 39:36:12 经度 109:45:30.5", f"E{lon} N{lat}", f"{lon}, {lat}"):
        p = parse_point(text, 4525)
        assert p.kind == "lonlat" and p.xy == pytest.approx(expected, abs=1e-6), text
    with pytest.raises(UsageError, match="minutes and seconds must be below 60"):
        parse_point("109°75'30\", 39°36'12\"", 4525)
    with pytest.raises(UsageError, match="not in China"):
        parse_point("E9.5 N39.6", 4525)


def test_distance_and_bearing_from_the_last_point():
    last = (37_500_000.0, 4_400_000.0)
    east = parse_point("D=100 A=90", 4525, last=last)
    assert east.xy == pytest.approx((37_500_100.0, 4_400_000.0), abs=1e-9) and east.kind == "polar"
    south_west = parse_point("距离 50 方位角 225°00'00\"", 4525, last=last)
    assert south_west.xy == pytest.approx((37_500_000.0 - 50 / 2 ** 0.5, 4_400_000.0 - 50 / 2 ** 0.5), abs=1e-9)
    assert parse_point("@100,30°", 4525, last=last).xy == pytest.approx((37_500_050.0, 4_400_000.0 + 100 * 3 ** 0.5 / 2))
    with pytest.raises(UsageError, match="there is none yet"):
        parse_point("D=100 A=90", 4525)
    with pytest.raises(UsageError, match="bearing must be below 360"):
        parse_point("D=100 A=361", 4525, last=last)


def test_a_pasted_list_of_boundary_points_makes_the_polygon():
    text = "点号,X,Y\nJ1,4400000,37500000\nJ2,4400000,37500100\nJ3,4400100,37500100\nJ4,4400100,37500000\nJ1,4400000,37500000\n"
    geom = parse_point_list(text, 4525)
    assert geom.equals(shapely.box(37_500_000, 4_400_000, 37_500_100, 4_400_100)) and geom.area == 10_000
    # tab separated, no names, no closing point, unprefixed eastings
    geom = parse_point_list("4400000\t500000\n4400000\t500100\n4400100\t500100\n4400100\t500000", 4525)
    assert geom.equals(shapely.box(37_500_000, 4_400_000, 37_500_100, 4_400_100))


def test_a_pasted_list_with_a_hole_by_ring_numbers_or_by_closing_points():
    shell = [(4400000, 500000), (4400000, 500100), (4400100, 500100), (4400100, 500000)]
    hole = [(4400020, 500020), (4400020, 500040), (4400040, 500040), (4400040, 500020)]
    by_ring = "\n".join([f"J{k},1,{x},{y}" for k, (x, y) in enumerate(shell, 1)]
                        + [f"K{k},2,{x},{y}" for k, (x, y) in enumerate(hole, 1)])
    closing = "\n".join([f"{x} {y}" for x, y in [*shell, shell[0], *hole, hole[0]]])
    for text in (by_ring, closing):
        geom = parse_point_list(text, 4546)
        assert geom.geom_type == "Polygon" and len(geom.interiors) == 1
        assert geom.area == 10_000 - 400


def test_pasted_list_errors_name_the_line():
    with pytest.raises(UsageError, match="^line 3: 'x12' is not a coordinate"):
        parse_point_list("J1,4400000,37500000\nJ2,4400000,37500100\nJ3,x12,37500100", 4525)
    with pytest.raises(UsageError, match="^line 2: X 37500100.000 looks like an easting"):
        parse_point_list("J1,4400000,37500000\nJ2,37500100,4400000\n", 4525)
    with pytest.raises(UsageError, match="^line 1: the ring starting here has 2 distinct point"):
        parse_point_list("J1,4400000,37500000\nJ2,4400000,37500100\n", 4525)
    with pytest.raises(UsageError, match="^line 4: point J1 comes back with other coordinates than on line 1"):
        parse_point_list("J1,4400000,37500000\nJ2,4400000,37500100\nJ3,4400100,37500100\nJ1,4400001,37500000", 4525)
    with pytest.raises(UsageError, match="invalid polygon: Self-intersection"):
        parse_point_list("4400000 37500000\n4400100 37500100\n4400000 37500100\n4400100 37500000", 4525)


def test_a_ministry_txt_parcel_in_the_layers_crs():
    doc = parse_coordtxt(HANGZHOU)
    (parcel,) = doc.parcels
    prefixed = load_coordtxt_parcel(HANGZHOU, 4528)          # zone 40, prefixed: as written
    assert doc.crs.to_epsg() == 4528 and prefixed.equals_exact(parcel.geometry, 0)
    unprefixed = load_coordtxt_parcel(HANGZHOU, 4549)        # zone 40, CM 120°E: the prefix taken off
    assert unprefixed.equals_exact(shapely.affinity.translate(parcel.geometry, -40_000_000), 1e-6)
    assert unprefixed.area == pytest.approx(57_089, rel=1e-3)   # 地块面积 5.7089 公顷
    assert load_coordtxt_parcel(HANGZHOU, 4528, 1).equals_exact(prefixed, 0)
    with pytest.raises(DataError, match="has no parcel number 2"):
        load_coordtxt_parcel(HANGZHOU, 4528, 2)


def test_a_txt_with_a_broken_parcel_refuses_it_naming_the_line(tmp_path):
    path = tmp_path / "坏.txt"
    path.write_text("[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=37\n[地块坐标]\n"
                    "3,1.0,A,甲,面,,,,@\nJ1,1,4400000,37500000\nJ2,1,4400000,37500100\nJ1,1,4400000,37500000\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="line 7: ring 1 has 2 distinct point"):
        load_coordtxt_parcel(path, 4525)
