"""Ministry coordinate TXT (部标坐标文件): the real files of shared/realdata and synthetic variants."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from parkgis.core.area import ellipsoidal_area
from parkgis.core.errors import DataError, UsageError
from parkgis.core.io import format_for_read, read_layers, write_layers
from parkgis.core.io.coordtxt import (
    Finding,
    parse_coordtxt,
    parse_precision,
    ring_points_clockwise_from_nw,
    sniff,
)
from parkgis.core.layers import VectorLayer
from parkgis.core.roles import Role

TXT = "zuobiao_txt_parcel_format"

HEADER = """[属性描述]
格式版本号=1.01版本
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=37
精度=0.001
转换参数=,,,,,,
[地块坐标]
"""


def square(x0: float, y0: float, size: float, ring: int = 1, start: int = 1, close: bool = True,
           prefix: float = 37_000_000) -> list[str]:
    """Point lines of an axis-aligned square; x0 is the easting (without prefix), y0 the northing."""
    corners = [(y0 + size, x0), (y0 + size, x0 + size), (y0, x0 + size), (y0, x0)]
    lines = [f"J{start + i},{ring},{n:.3f},{prefix + e:.3f}" for i, (n, e) in enumerate(corners)]
    if close:
        lines.append(lines[0])
    return lines


def write(tmp_path, text: str, name: str = "parcels.txt", encoding: str = "utf-8", newline: str = "\n"):
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def codes(doc) -> list[str]:
    return [f.code for f in doc.findings]


def only(doc, code: str) -> Finding:
    found = [f for f in doc.findings if f.code == code]
    assert len(found) == 1, (code, doc.findings)
    return found[0]


# ---------------------------------------------------------------------------------------------- real files


def test_longjie_real_file_zone_from_prefix_and_unclosed_ring(realdata):
    path = realdata / TXT / "longjie-sir_txt2shp_testfile.txt"
    doc = parse_coordtxt(path)
    assert doc.encoding == "UTF-8"
    assert doc.metadata["分带"] == "3度带" and doc.metadata["带号"] == ""
    assert doc.crs.to_epsg() == 4523 and doc.zone == 35
    assert doc.errors == []
    (parcel,) = doc.parcels
    assert parcel.point_lines == 63
    assert parcel.attrs["JZDS"] == 63 and parcel.attrs["DKMJ"] is None
    assert parcel.attrs["DKBH"] == "010031" and parcel.attrs["DKMC"] == "32" and parcel.attrs["DKYT"] == "地块1"
    closed = only(doc, "ring_not_closed")
    assert (closed.severity, closed.line, closed.parcel) == ("warning", 70, "010031")
    assert only(doc, "zone_from_prefix").line == 5
    assert only(doc, "no_declared_area").line == 7
    geom = parcel.geometry
    assert geom.is_valid and len(geom.exterior.coords) == 64
    assert round(geom.area, 2) == 466.17
    # the parcel lies at about 105.22°E, 25.62°N (Guizhou)
    lon, lat = gpd.GeoSeries([geom.centroid], crs=4523).to_crs(4490).iloc[0].coords[0]
    assert round(lon, 2) == 105.22 and round(lat, 2) == 25.62

    (layer,) = read_layers(path)
    assert layer.name == "地块" and layer.role is Role.PARCELS and layer.epsg == 4523
    assert list(layer.gdf.columns[:8]) == ["JZDS", "DKMJ", "DKBH", "DKMC", "TXSX", "TFH", "DKYT", "DLBM"]
    assert layer.provenance.driver == "coordtxt"
    assert layer.provenance.encoding == "UTF-8" and layer.provenance.encoding_source == "detected"
    assert "prefix" in layer.provenance.crs_assumed  # 带号 was empty: the zone is inferred
    assert any("ring_not_closed" in w for w in layer.warnings)


def test_hangzhou_real_file_declared_area_and_point_count(realdata):
    path = realdata / TXT / "hangzhou_pengbu_B-R-14.txt"
    doc = parse_coordtxt(path)
    assert doc.findings == []
    assert doc.crs.to_epsg() == 4528 and doc.crs_assumed is False
    assert doc.precision == pytest.approx(0.001)  # 精度=3 is a digit count
    assert doc.metadata["转换参数"] == "0,0,0,0,0,0,0"
    assert doc.metadata["数据产生日期"] == "2019-4-19"
    (parcel,) = doc.parcels
    assert parcel.attrs["JZDS"] == 66 and parcel.point_lines == 66
    assert parcel.attrs["DKMJ"] == pytest.approx(5.7089)
    assert parcel.attrs["DKMC"] == "彭埠单元B/R-14地块" and parcel.attrs["TXSX"] == "面"
    assert len(parcel.geometry.exterior.coords) == 66  # 65 points + closing J01
    assert round(parcel.planar_m2, 2) == 57089.50
    # the declared 5.7089 公顷 is the ellipsoidal area (planar rounds to 5.7090)
    assert round(parcel.ellipsoidal_m2 / 10_000, 4) == 5.7089
    (layer,) = read_layers(path)
    assert layer.provenance.crs_assumed is None and layer.provenance.data_date == "2019-4-19"
    assert layer.gdf.iloc[0]["DKBH"] == "1" and layer.gdf.iloc[0]["JZDS"] == 66


def test_headerless_point_list_needs_the_crs(realdata):
    path = realdata / TXT / "htoooth_txt2shp_TEST1.txt"
    with pytest.raises(DataError, match="supply the CRS"):
        read_layers(path)
    doc = parse_coordtxt(path)
    assert only(doc, "no_zone").severity == "error"
    (layer,) = read_layers(path, crs=4546)
    assert layer.epsg == 4546 and layer.provenance.crs_assumed.startswith("supplied by the user")
    geom = layer.gdf.geometry.iloc[0]
    assert geom.is_valid and len(geom.exterior.coords) == 430  # 429 points, closed by the reader
    assert round(geom.area / 10_000, 2) == 79.89
    minx, miny, maxx, maxy = geom.bounds
    assert (round(minx), round(maxx)) == (526438, 535022) and (round(miny), round(maxy)) == (3504055, 3505986)
    assert only(parse_coordtxt(path, crs=4546), "ring_not_closed").line == 429


def test_registry_picks_coordtxt_for_txt_files(realdata, tmp_path):
    for name in ("longjie-sir_txt2shp_testfile.txt", "hangzhou_pengbu_B-R-14.txt", "htoooth_txt2shp_TEST1.txt"):
        assert format_for_read(realdata / TXT / name).name == "coordtxt"
    other = write(tmp_path, "meeting notes\nnothing to see here\n", "notes.txt")
    assert not sniff(other, other.read_bytes())
    with pytest.raises(DataError):
        read_layers(other)


# ---------------------------------------------------------------------------------------------- variants


def test_gbk_without_bom_and_crlf(tmp_path):
    text = HEADER + "5,1.0000,A-01,标准地一号,面,,工业用地,0601,@\n" + "\n".join(square(500_000, 4_400_000, 100))
    path = write(tmp_path, text, encoding="gbk", newline="\r\n")
    doc = parse_coordtxt(path)
    assert (doc.encoding, doc.encoding_source) == ("GB18030", "detected")
    assert doc.findings == []
    (layer,) = read_layers(path)
    row = layer.gdf.iloc[0]
    assert (row["DKBH"], row["DKMC"], row["DKYT"], row["DLBM"]) == ("A-01", "标准地一号", "工业用地", "0601")
    assert layer.epsg == 4525 and layer.gdf.geometry.iloc[0].area == pytest.approx(10_000)
    assert layer.provenance.encoding == "GB18030"


def test_utf8_bom_and_spaces_inside_fields(tmp_path):
    body = ["5 , 1.0 , A-02 , 标准地二号 , 面 , , , , @"]
    body += [" ,".join(f" {v} " for v in ln.split(",")) for ln in square(500_000, 4_400_000, 100)]
    path = write(tmp_path, HEADER + "\n".join(body) + "\n", encoding="utf-8-sig")
    doc = parse_coordtxt(path)
    assert (doc.encoding, doc.encoding_source) == ("UTF-8", "bom")
    assert doc.findings == []
    assert doc.parcels[0].attrs["DKMC"] == "标准地二号"
    assert doc.parcels[0].geometry.area == pytest.approx(10_000)


def test_explicit_encoding_beats_detection(tmp_path):
    text = HEADER + "5,1,A,地块,面,,,,@\n" + "\n".join(square(500_000, 4_400_000, 100))
    path = write(tmp_path, text, encoding="gbk")
    doc = parse_coordtxt(path, encoding="gbk")
    assert (doc.encoding, doc.encoding_source) == ("GBK", "explicit")
    with pytest.raises(DataError, match="cannot decode as utf-8"):
        parse_coordtxt(path, encoding="utf-8")


def test_holes_written_before_shells_are_assembled_by_containment(tmp_path):
    hole = square(500_040, 4_400_040, 20, ring=1, start=1)
    shell = square(500_000, 4_400_000, 100, ring=2, start=5)
    path = write(tmp_path, HEADER + "10,0.9600,H-1,有洞地块,面,,,,@\n" + "\n".join(hole + shell) + "\n")
    doc = parse_coordtxt(path)
    assert doc.findings == []
    geom = doc.parcels[0].geometry
    assert isinstance(geom, Polygon) and len(geom.interiors) == 1
    assert geom.area == pytest.approx(10_000 - 400)
    assert geom.exterior.is_ccw and not geom.interiors[0].is_ccw  # oriented for 椭球面积


def test_ring_numbers_restarting_per_part(tmp_path):
    part_a = square(500_000, 4_400_000, 100, ring=1, start=1) + square(500_040, 4_400_040, 20, ring=2, start=5)
    part_b = square(500_300, 4_400_000, 50, ring=1, start=9)
    path = write(tmp_path, HEADER + "15,1.2100,M-1,两块,面,,,,@\n" + "\n".join(part_a + part_b) + "\n")
    doc = parse_coordtxt(path)
    assert codes(doc) == ["multipart"]
    geom = doc.parcels[0].geometry
    assert isinstance(geom, MultiPolygon) and len(geom.geoms) == 2
    assert sorted(len(p.interiors) for p in geom.geoms) == [0, 1]
    assert geom.area == pytest.approx(10_000 - 400 + 2_500)


def test_nested_island_inside_a_hole_is_a_second_part(tmp_path):
    rings = (square(500_000, 4_400_000, 100, ring=1) + square(500_020, 4_400_020, 60, ring=2, start=5)
             + square(500_040, 4_400_040, 20, ring=3, start=9))
    path = write(tmp_path, HEADER + "15,,N,岛,面,,,,@\n" + "\n".join(rings) + "\n")
    geom = parse_coordtxt(path).parcels[0].geometry
    assert isinstance(geom, MultiPolygon) and geom.area == pytest.approx(10_000 - 3_600 + 400)


def test_area_declared_in_square_metres_is_reported(tmp_path):
    path = write(tmp_path, HEADER + "5,10000,A,,面,,,,@\n" + "\n".join(square(500_000, 4_400_000, 100)) + "\n")
    finding = only(parse_coordtxt(path), "area_in_m2")
    assert (finding.severity, finding.line, finding.parcel) == ("warning", 11, "A")


def test_area_mismatch_over_one_percent_is_reported_and_under_is_not(tmp_path):
    lines = "\n".join(square(500_000, 4_400_000, 100))
    ok = write(tmp_path, HEADER + "5,1.0090,A,,面,,,,@\n" + lines + "\n", "ok.txt")
    assert parse_coordtxt(ok).findings == []
    bad = write(tmp_path, HEADER + "5,1.0200,A,,面,,,,@\n" + lines + "\n", "bad.txt")
    finding = only(parse_coordtxt(bad), "area_mismatch")
    assert finding.line == 11 and finding.params["diff_ha"] == pytest.approx(0.02)


def test_point_count_mismatch(tmp_path):
    path = write(tmp_path, HEADER + "7,1,A,,面,,,,@\n" + "\n".join(square(500_000, 4_400_000, 100)) + "\n")
    finding = only(parse_coordtxt(path), "point_count_mismatch")
    assert (finding.line, finding.params["declared"], finding.params["found"]) == (11, 7, 5)


def test_swapped_columns_are_detected_and_fixed(tmp_path):
    swapped = [",".join([ln.split(",")[0], ln.split(",")[1], ln.split(",")[3], ln.split(",")[2]])
               for ln in square(500_000, 4_400_000, 100)]
    path = write(tmp_path, HEADER + "5,1,S,,面,,,,@\n" + "\n".join(swapped) + "\n")
    doc = parse_coordtxt(path)
    finding = only(doc, "swapped_xy")
    assert (finding.severity, finding.line) == ("warning", 12)
    assert doc.swapped_xy and doc.crs.to_epsg() == 4525
    assert doc.parcels[0].geometry.equals(box(37_500_000, 4_400_000, 37_500_100, 4_400_100))


def test_swapped_columns_without_prefix(tmp_path):
    text = HEADER.replace("带号=37", "带号=37") + "5,1,S,,面,,,,@\n" + "\n".join(
        f"J{i},1,{e:.3f},{n:.3f}" for i, (e, n) in enumerate(
            [(500_000, 4_400_100), (500_100, 4_400_100), (500_100, 4_400_000), (500_000, 4_400_000),
             (500_000, 4_400_100)], start=1))
    doc = parse_coordtxt(write(tmp_path, text))
    assert doc.swapped_xy and doc.crs.to_epsg() == 4546
    assert doc.parcels[0].geometry.equals(box(500_000, 4_400_000, 500_100, 4_400_100))


def test_two_parcels_in_one_file(tmp_path):
    text = (HEADER + "5,1.0000,A-01,甲,面,,工业用地,,@\n" + "\n".join(square(500_000, 4_400_000, 100)) + "\n"
            + "5,0.2500,A-02,乙,面,,,,@\n" + "\n".join(square(500_200, 4_400_000, 50)) + "\n")
    (layer,) = read_layers(write(tmp_path, text))
    assert list(layer.gdf["DKBH"]) == ["A-01", "A-02"] and list(layer.gdf["DKMC"]) == ["甲", "乙"]
    assert list(layer.gdf.geometry.area.round(3)) == [10_000, 2_500]
    assert list(layer.gdf["DKMJ"]) == [1.0, 0.25]


def test_zone_mismatch_between_header_and_prefix(tmp_path):
    text = HEADER.replace("带号=37", "带号=36") + "5,1,A,,面,,,,@\n" + "\n".join(square(500_000, 4_400_000, 100))
    doc = parse_coordtxt(write(tmp_path, text))
    finding = only(doc, "zone_mismatch")
    assert (finding.severity, finding.line) == ("warning", 7)
    assert doc.crs.to_epsg() == 4525  # the coordinates' own prefix wins


def test_zone_from_header_without_prefix(tmp_path):
    text = HEADER + "5,1,A,,面,,,,@\n" + "\n".join(square(500_000, 4_400_000, 100, prefix=0))
    doc = parse_coordtxt(write(tmp_path, text))
    assert doc.findings == [] and doc.crs.to_epsg() == 4546 and not doc.crs_assumed


def test_legacy_datum_is_kept_and_flagged(tmp_path):
    text = HEADER.replace("2000国家大地坐标系", "1980西安坐标系") + "5,1,A,,面,,,,@\n" + "\n".join(
        square(500_000, 4_400_000, 100))
    doc = parse_coordtxt(write(tmp_path, text))
    assert only(doc, "legacy_datum").line == 3
    (layer,) = read_layers(write(tmp_path, text, "x.txt"))
    assert layer.epsg == 2361 and layer.legacy_datum == "西安80"


def test_header_variants_and_extra_sections(tmp_path):
    text = (HEADER.replace("几度分带=3", "分带=3度带").replace("精度=0.001", "精度=2")
            + "5,1,A,,面,,,,@\n" + "\n".join(square(500_000, 4_400_000, 100)) + "\n[备注]\n审核人=张三\n")
    doc = parse_coordtxt(write(tmp_path, text))
    assert doc.precision == pytest.approx(0.01)
    assert doc.extra_sections == {"备注": ["审核人=张三"]}
    assert only(doc, "extra_section").line == 17
    assert only(doc, "more_digits_than_precision").params == {"decimals": 3, "declared": 2}
    assert doc.crs.to_epsg() == 4525
    (layer,) = read_layers(write(tmp_path, text, "y.txt"))
    meta = layer.provenance.metadata["coordtxt"]
    assert meta["extra_sections"] == {"备注": ["审核人=张三"]}
    assert meta["precision"] == pytest.approx(0.01) and meta["metadata"]["分带"] == "3度带"
    assert meta["metadata"]["坐标系"] == "2000国家大地坐标系" and meta["swapped_xy"] is False


@pytest.mark.parametrize(("text", "value"), [("0.001", 0.001), ("3", 0.001), ("0.0001米", 0.0001), ("1", 0.1),
                                             ("0.01", 0.01), ("", None)])
def test_parse_precision(text, value):
    assert parse_precision(text) == (pytest.approx(value) if value else None)


def test_short_and_misaligned_parcel_headers(tmp_path):
    text = (HEADER + "5,1.0000,A-01,@\n" + "\n".join(square(500_000, 4_400_000, 100)) + "\n"
            + "甲,乙,A-02,,面,,,,@\n" + "\n".join(square(500_200, 4_400_000, 50)) + "\n")
    doc = parse_coordtxt(write(tmp_path, text))
    assert only(doc, "short_parcel_header").line == 11
    assert only(doc, "misaligned_parcel_header").line == 17
    assert [p.attrs["DKBH"] for p in doc.parcels] == ["A-01", "A-02"]
    assert doc.parcels[1].attrs["JZDS"] is None and doc.errors == []


# ---------------------------------------------------------------------------------------------- bad input

GOOD_SECOND = "5,0.2500,B,乙,面,,,,@\n" + "\n".join(square(500_200, 4_400_000, 50)) + "\n"


@pytest.mark.parametrize(("bad_line", "code"), [
    ("J2,1,4400100.000", "bad_point_line"),
    ("J2,1,4400100.000,37500l00.000", "bad_coordinate"),
])
def test_bad_point_line_reports_line_and_keeps_other_parcels(tmp_path, bad_line, code):
    lines = square(500_000, 4_400_000, 100)
    lines[1] = bad_line
    path = write(tmp_path, HEADER + "5,1,A,甲,面,,,,@\n" + "\n".join(lines) + "\n" + GOOD_SECOND)
    doc = parse_coordtxt(path)
    finding = only(doc, code)
    assert (finding.severity, finding.line, finding.parcel) == ("error", 13, "A")
    (layer,) = read_layers(path)
    assert list(layer.gdf["DKBH"]) == ["B"]
    assert any(w.startswith("13: error: parcel A:") and w.endswith(f"[{code}]") for w in layer.warnings)
    with pytest.raises(DataError, match="line 13"):
        read_layers(path, strict=True)


def test_ring_of_two_points(tmp_path):
    text = (HEADER + "3,1,A,甲,面,,,,@\nJ1,1,4400000.000,37500000.000\nJ2,1,4400100.000,37500000.000\n"
            "J1,1,4400000.000,37500000.000\n" + GOOD_SECOND)
    path = write(tmp_path, text)
    finding = only(parse_coordtxt(path), "ring_too_short")
    assert (finding.severity, finding.line, finding.parcel) == ("error", 12, "A")
    assert list(read_layers(path)[0].gdf["DKBH"]) == ["B"]


def test_header_without_coordinate_section(tmp_path):
    path = write(tmp_path, HEADER.replace("[地块坐标]\n", ""))
    finding = only(parse_coordtxt(path), "no_coordinate_section")
    assert (finding.severity, finding.line) == ("error", 9)
    with pytest.raises(DataError, match="no \\[地块坐标\\] section"):
        read_layers(path)


def test_strict_conversion_writes_nothing(tmp_path):
    lines = square(500_000, 4_400_000, 100)
    lines[2] = "J3,1,4400000.000"
    src = write(tmp_path, HEADER + "5,1,A,甲,面,,,,@\n" + "\n".join(lines) + "\n" + GOOD_SECOND)
    dst = tmp_path / "out.gpkg"

    def convert(strict: bool) -> None:
        write_layers(read_layers(src, strict=strict), dst)

    with pytest.raises(DataError):
        convert(strict=True)
    assert not dst.exists() and list(tmp_path.iterdir()) == [src]
    convert(strict=False)
    assert len(read_layers(dst)[0].gdf) == 1


# ---------------------------------------------------------------------------------------------- writer


def parcels_layer(geoms, crs=4525, **columns) -> VectorLayer:
    gdf = gpd.GeoDataFrame(columns, geometry=list(geoms), crs=crs)
    return VectorLayer("地块", gdf, Role.PARCELS)


def test_clockwise_from_north_west():
    ring = [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]  # counter-clockwise, NW corner is (0, 10)
    assert ring_points_clockwise_from_nw(ring) == [(0, 10), (10, 10), (10, 0), (0, 0)]


def test_writer_standard_layout(tmp_path):
    layer = parcels_layer([box(37_500_000, 4_400_000, 37_500_100, 4_400_100)], DKBH=["A-01"], DKMC=["甲,乙"],
                          DKYT=["工业用地"])
    out = tmp_path / "out.txt"
    write_layers([layer], out)
    text = out.read_bytes().decode("utf-8")
    assert "\r\n" in text
    lines = text.splitlines()
    assert lines[0] == "[属性描述]" and "带号=37" in lines and "几度分带=3" in lines and "精度=0.001" in lines
    assert "坐标系=2000国家大地坐标系" in lines and "面积类型=平面面积" in lines
    start = lines.index("[地块坐标]")
    assert lines[start + 1] == "5,1.0000,A-01,甲，乙,面,,工业用地,,@"
    assert lines[start + 2:] == ["J1,1,4400100.000,37500000.000", "J2,1,4400100.000,37500100.000",
                                 "J3,1,4400000.000,37500100.000", "J4,1,4400000.000,37500000.000",
                                 "J1,1,4400100.000,37500000.000"]
    doc = parse_coordtxt(out)
    assert doc.findings == [] and doc.parcels[0].geometry.equals(layer.gdf.geometry.iloc[0])


def test_writer_holes_parts_gbk_and_ellipsoidal_area(tmp_path):
    # 150 km east of the central meridian, where planar and ellipsoidal areas differ by ~0.05 %
    shell = box(650_000, 4_400_000, 650_100, 4_400_100)
    with_hole = Polygon(shell.exterior, [box(650_040, 4_400_040, 650_060, 4_400_060).exterior])
    multi = MultiPolygon([with_hole, box(650_300, 4_400_000, 650_350, 4_400_050)])
    layer = parcels_layer([multi], crs=4546, DKMC=["标准地"])  # CM 111°E without prefix: written with it
    out = tmp_path / "gbk.txt"
    write_layers([layer], out, encoding="GBK", extra={"area": "ellipsoidal"})
    text = out.read_bytes().decode("gbk")
    assert "带号=37" in text and "面积类型=椭球面积" in text and ",标准地," in text
    doc = parse_coordtxt(out)
    assert doc.encoding == "GB18030" and codes(doc) == ["multipart"] and doc.crs.to_epsg() == 4525
    geom = doc.parcels[0].geometry
    assert geom.area == pytest.approx(multi.area)
    assert shapely.equals(shapely.transform(geom, lambda xy: xy - [37_000_000, 0]), multi)
    assert [p.attrs["JZDS"] for p in doc.parcels] == [15]
    expected_ha = ellipsoidal_area([multi], 4546)[0] / 10_000
    assert doc.parcels[0].attrs["DKMJ"] == pytest.approx(round(expected_ha, 4))
    assert abs(expected_ha - multi.area / 10_000) > 0.00005  # planar would have written another figure
    ring_ids = [ln.split(",")[1] for ln in text.splitlines() if ln.startswith("J")]
    assert sorted(set(ring_ids)) == ["1", "2", "3"]


def test_writer_refuses_points_and_writes_nothing(tmp_path):
    layer = parcels_layer([shapely.Point(37_500_000, 4_400_000)])
    out = tmp_path / "p.txt"
    with pytest.raises(DataError, match="holds polygons"):
        write_layers([layer], out)
    assert not out.exists() and list(tmp_path.iterdir()) == []
    with pytest.raises(UsageError):
        write_layers([parcels_layer([box(0, 0, 1, 1)], crs=None)], out)


def test_writer_from_geographic_uses_gk_zone(tmp_path):
    gk = box(37_500_000, 4_400_000, 37_500_100, 4_400_100)
    layer = parcels_layer(gpd.GeoSeries([gk], crs=4525).to_crs(4490), crs=4490)
    out = tmp_path / "geo.txt"
    write_layers([layer], out)
    doc = parse_coordtxt(out)
    assert doc.crs.to_epsg() == 4525 and doc.parcels[0].geometry.area == pytest.approx(10_000, abs=0.01)


def _coordinates(path) -> set[tuple[str, str]]:
    doc = parse_coordtxt(path)
    digits = 3
    return {(f"{p.x:.{digits}f}", f"{p.y:.{digits}f}") for parcel in doc.parcels for p in parcel.points}


@pytest.mark.parametrize("name", ["hangzhou_pengbu_B-R-14.txt", "longjie-sir_txt2shp_testfile.txt"])
def test_round_trip_txt_gpkg_txt_keeps_coordinates_at_precision(realdata, tmp_path, name):
    src = realdata / TXT / name
    (layer,) = read_layers(src)
    gpkg = tmp_path / "parcels.gpkg"
    write_layers([layer], gpkg)
    (from_gpkg,) = read_layers(gpkg)
    out = tmp_path / "again.txt"
    write_layers([from_gpkg], out, precision=0.001)
    assert _coordinates(out) == _coordinates(src)
    again = parse_coordtxt(out)
    assert again.errors == [] and again.crs.to_epsg() == layer.epsg
    assert again.parcels[0].attrs["DKBH"] == layer.gdf.iloc[0]["DKBH"]
    assert again.parcels[0].geometry.equals(layer.gdf.geometry.iloc[0])
    # the file we write always closes its rings and counts the closing lines
    assert "ring_not_closed" not in codes(again) and "point_count_mismatch" not in codes(again)


def test_direct_rewrite_keeps_declared_precision(realdata, tmp_path):
    (layer,) = read_layers(realdata / TXT / "hangzhou_pengbu_B-R-14.txt")
    out = tmp_path / "x.txt"
    write_layers([layer], out)
    assert "精度=0.001" in out.read_text(encoding="utf-8")
    with pytest.raises(UsageError):
        write_layers([layer], tmp_path / "bad.txt", extra={"area": "cadastral"})


# ---------------------------------------------------------------------------------------------- issue 9 item 7


def _doc_text(zone: int, parcel_id: str, easting: float, northing: float, prefix: float = 0) -> str:
    return (HEADER.replace("带号=37", f"带号={zone}") + f"5,1.0000,{parcel_id},地块,面,,工业用地,0601,@\n"
            + "\n".join(square(easting, northing, 100, prefix=prefix)) + "\n")


@pytest.mark.parametrize("prefixed", [False, True])
def test_concatenated_documents_are_each_read_in_their_own_zone(tmp_path, prefixed):
    # `cat a.txt b.txt`: 鄂托克 in zone 36, 东胜 in zone 37; one shared 带号 moved the first by ~255 km
    a = _doc_text(36, "ETK-01", 400_000, 4_200_000, prefix=36e6 if prefixed else 0)
    b = _doc_text(37, "DS-01", 500_000, 4_400_000, prefix=37e6 if prefixed else 0)
    alone_a = read_layers(write(tmp_path, a, "a.txt"))[0].gdf
    alone_b = read_layers(write(tmp_path, b, "b.txt"))[0].gdf
    path = write(tmp_path, a + b, "ab.txt")
    doc = parse_coordtxt(path)
    assert doc.errors == []
    assert [d["line"] for d in doc.documents] == [1, 17]
    assert [d["metadata"]["带号"] for d in doc.documents] == ["36", "37"]
    moved = only(doc, "document_in_other_zone")
    assert (moved.severity, moved.line) == ("warning", 17)
    assert moved.params["crs"] == alone_b.crs.to_string() and moved.params["target"] == alone_a.crs.to_string()
    (layer,) = read_layers(path)
    assert layer.gdf.crs == alone_a.crs and list(layer.gdf["DKBH"]) == ["ETK-01", "DS-01"]
    # each parcel where it is when its document is read alone
    assert layer.gdf.geometry.iloc[0].equals(alone_a.geometry.iloc[0])
    expected_b = alone_b.to_crs(alone_a.crs).geometry.iloc[0]
    assert shapely.equals_exact(layer.gdf.geometry.iloc[1], expected_b, tolerance=1e-6)
    lonlat = layer.gdf.to_crs(4490).geometry.representative_point()
    assert 106.8 < lonlat.x.iloc[0] < 106.9 and 111.0 < lonlat.x.iloc[1] < 111.01
    # the areas are those of each parcel in its own zone
    assert [p.planar_m2 for p in doc.parcels] == [10_000.0, 10_000.0]


def test_concatenated_documents_in_one_zone_are_one_layer(tmp_path):
    text = _doc_text(37, "A", 500_000, 4_400_000) + _doc_text(37, "B", 500_200, 4_400_000)
    doc = parse_coordtxt(write(tmp_path, text))
    assert codes(doc) == ["several_documents"] and doc.crs.to_epsg() == 4546
    assert [p.index for p in doc.parcels] == [1, 2]
    assert doc.parcels[1].geometry.equals(box(500_200, 4_400_000, 500_300, 4_400_100))


def test_concatenated_document_on_another_datum_is_refused(tmp_path):
    b = _doc_text(37, "XA-01", 500_000, 4_400_000).replace("2000国家大地坐标系", "1980西安坐标系")
    doc = parse_coordtxt(write(tmp_path, _doc_text(37, "A", 500_000, 4_400_000) + b))
    refused = only(doc, "document_not_placed")
    assert (refused.severity, refused.line, refused.parcel) == ("error", 27, "XA-01")
    (layer,) = read_layers(write(tmp_path, _doc_text(37, "A", 500_000, 4_400_000) + b, "x.txt"))
    assert list(layer.gdf["DKBH"]) == ["A"]


def test_tab_separated_header_keeps_fields_in_place(tmp_path):
    text = ("[属性描述]\n坐标系\t=\t2000国家大地坐标系\n几度分带\t3\n带号＝37\n精度：0.001\n[地块坐标]\n"
            "5\t1.0000\tA-01\t地块一\t面\t\t工业用地\t0601\t@\n"
            + "\n".join(ln.replace(",", "\t") for ln in square(500_000, 4_400_000, 100)) + "\n")
    doc = parse_coordtxt(write(tmp_path, text))
    assert doc.metadata == {"坐标系": "2000国家大地坐标系", "几度分带": "3", "带号": "37", "精度": "0.001"}
    assert doc.parcels[0].attrs == {"JZDS": 5, "DKMJ": 1.0, "DKBH": "A-01", "DKMC": "地块一", "TXSX": "面",
                                    "TFH": "", "DKYT": "工业用地", "DLBM": "0601"}
    assert doc.findings == [] and doc.crs.to_epsg() == 4525
    assert doc.parcels[0].geometry.equals(box(37_500_000, 4_400_000, 37_500_100, 4_400_100))


def test_full_width_commas_and_tab_padded_commas(tmp_path):
    text = (HEADER + "5，1.0000，A-01，地块一，面，，工业用地，0601，@\n"
            + "\n".join(ln.replace(",", ",\t") for ln in square(500_000, 4_400_000, 100)) + "\n")
    doc = parse_coordtxt(write(tmp_path, text))
    assert doc.parcels[0].attrs["DKYT"] == "工业用地" and doc.parcels[0].attrs["DLBM"] == "0601"
    assert doc.findings == []


def test_declared_field_order_line(tmp_path):
    # a field-name line in the file: the parcel header lines follow its order, not the standard one
    text = (HEADER + "地块编号,地块名称,界址点数,地块面积,记录图形属性(点/线/面),地类编码,审批文号,@\n"
            "A-01,地块一,5,1.0000,面,0601,内政土发〔2024〕1号,@\n"
            + "\n".join(square(500_000, 4_400_000, 100)) + "\n")
    doc = parse_coordtxt(write(tmp_path, text))
    assert codes(doc) == ["field_order_declared", "extra_parcel_fields"]
    (parcel,) = doc.parcels
    assert parcel.attrs == {"JZDS": 5, "DKMJ": 1.0, "DKBH": "A-01", "DKMC": "地块一", "TXSX": "面",
                            "TFH": "", "DKYT": "", "DLBM": "0601"}
    assert parcel.extra_fields == ["内政土发〔2024〕1号"]


def _decimal_commas(text: str) -> str:
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text)


def test_decimal_commas_are_read_as_decimal_points_and_said(tmp_path):
    dots = HEADER + "5,1.0050,A-01,地块一,面,,工业用地,0601,@\n" + "\n".join(
        f"J{i},1,{n},{e}" for i, (n, e) in enumerate(
            [("4400100.25", "37500000.75"), ("4400100.25", "37500100.5"), ("4400000.125", "37500100.5"),
             ("4400000.125", "37500000.75"), ("4400100.25", "37500000.75")], start=1)) + "\n"
    reference = parse_coordtxt(write(tmp_path, dots, "dots.txt"))
    doc = parse_coordtxt(write(tmp_path, _decimal_commas(dots)))
    assert doc.precision == 0.001 and doc.parcels[0].attrs["DKMJ"] == 1.005
    assert doc.parcels[0].geometry.equals(reference.parcels[0].geometry)
    assert doc.parcels[0].geometry.is_valid
    warning = only(doc, "decimal_comma")
    assert (warning.severity, warning.line, warning.params["count"]) == ("warning", 12, 5)
    assert only(doc, "decimal_comma_area").message == \
        "地块面积 is written with a decimal comma (1,0050): read as 1.005"
    assert doc.errors == []


def test_decimal_commas_in_a_tab_separated_file_and_with_one_decimal_only(tmp_path):
    tabbed = HEADER + "5\t1,0000\tA\t\t面\t\t\t\t@\n" + "\n".join(
        ln.replace(",", "\t").replace(".000", ",000") for ln in square(500_000, 4_400_000, 100)) + "\n"
    doc = parse_coordtxt(write(tmp_path, tabbed))
    assert doc.parcels[0].geometry.equals(box(37_500_000, 4_400_000, 37_500_100, 4_400_100))
    assert only(doc, "decimal_comma").params["count"] == 5 and doc.parcels[0].attrs["DKMJ"] == 1.0
    # only the northings have decimals: J1,1,4400100,5,37500000 is 4400100.5 / 37500000
    one = HEADER + "5,1,A,,面,,,,@\n" + "\n".join(
        f"J{i},1,{n},5,{e}" for i, (n, e) in enumerate(
            [(4_400_100, 37_500_000), (4_400_100, 37_500_100), (4_400_000, 37_500_100), (4_400_000, 37_500_000),
             (4_400_100, 37_500_000)], start=1)) + "\n"
    doc = parse_coordtxt(write(tmp_path, one, "one.txt"))
    assert doc.parcels[0].geometry.equals(box(37_500_000, 4_400_000.5, 37_500_100, 4_400_100.5))


def test_eastings_a_zone_cannot_have_are_refused(tmp_path):
    # the bow-tie of a decimal-comma file read naively: Y = the decimals of the northing, a few hundred metres
    text = HEADER + "5,1,A,,面,,,,@\n" + "\n".join(
        ["J1,1,4400100.000,870.000", "J2,1,4400100.000,45.000", "J3,1,4400000.000,870.000",
         "J4,1,4400000.000,45.000", "J1,1,4400100.000,870.000"]) + "\n"
    path = write(tmp_path, text)
    error = only(parse_coordtxt(path), "easting_out_of_zone")
    assert (error.severity, error.line, error.parcel) == ("error", 12, "A")
    assert error.message == ("easting Y=870.000 (point J1) is not inside zone 37 of EPSG:4546 (100–900 km after "
                             "the zone prefix): the coordinates contradict the zone")
    with pytest.raises(DataError, match="line 12: easting Y=870.000"):
        read_layers(path)


def test_duplicate_parcel_ids_are_reported_with_both_lines(tmp_path):
    text = (HEADER + "5,1.0000,A-01,甲,面,,,,@\n" + "\n".join(square(500_000, 4_400_000, 100)) + "\n"
            + "5,0.2500,A-02,乙,面,,,,@\n" + "\n".join(square(500_200, 4_400_000, 50)) + "\n"
            + "5,0.2500,A-01,丙,面,,,,@\n" + "\n".join(square(500_400, 4_400_000, 50)) + "\n")
    doc = parse_coordtxt(write(tmp_path, text))
    dup = only(doc, "duplicate_parcel_id")
    assert (dup.severity, dup.line, dup.parcel) == ("warning", 23, "A-01")
    assert dup.message == "地块编号 A-01 is used by 2 parcels (header lines 11, 23): ids must be unique"
    assert dup.params["lines"] == [11, 23]


def test_writer_lists_planar_xy_of_z_and_m_polygons(tmp_path):
    flat = box(37_500_000, 4_400_000, 37_500_100, 4_400_100)
    write_layers([parcels_layer([flat], DKBH=["A-01"])], tmp_path / "flat.txt", extra={"date": "2025-01-01"})
    for wkt in (shapely.force_3d(flat, 1050.0).wkt, "POLYGON ZM ((37500000 4400000 1 2, 37500100 4400000 1 2, "
                                                    "37500100 4400100 1 2, 37500000 4400100 1 2, 37500000 4400000 1 2))"):
        out = tmp_path / "zm.txt"
        write_layers([parcels_layer([shapely.from_wkt(wkt)], DKBH=["A-01"])], out, extra={"date": "2025-01-01"})
        assert out.read_bytes() == (tmp_path / "flat.txt").read_bytes()


def test_writer_refuses_a_polygon_of_one_repeated_point(tmp_path):
    same = (37_500_000, 4_400_000)
    layer = parcels_layer([box(37_500_000, 4_400_000, 37_500_100, 4_400_100), Polygon([same] * 4)],
                          DKBH=["A-01", "A-02"])
    out = tmp_path / "p.txt"
    with pytest.raises(DataError) as err:
        write_layers([layer], out)
    assert str(err.value) == (f"{out} (layer {layer.name}): feature A-02: the outer ring has 1 distinct point(s); "
                              "a parcel boundary needs at least 3")
    assert list(tmp_path.iterdir()) == []
