"""界址点成果表: the data (numbering, coordinates, edges, areas, 四至) and the XLSX / CSV renderings."""

from __future__ import annotations

import csv
import io

import geopandas as gpd
import pytest
import shapely
from openpyxl import load_workbook
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Point, Polygon, box

from parkgis.core.errors import DataError, UsageError
from parkgis.core.io import read_layers, write_layers
from parkgis.core.layers import VectorLayer
from parkgis.core.report.boundary_points import (
    AREA_NOTE,
    TABLE_HEADERS,
    TITLE,
    boundary_point_schedule,
    render_csv,
    sheet_names,
    write_csv,
    write_schedule,
    write_xlsx,
)
from parkgis.core.roles import Role

TXT = "zuobiao_txt_parcel_format"
E0, N0 = 37_600_000.0, 4_400_000.0  # zone 37, 100 km east of the central meridian (~112.2°E): 椭球面积 < 平面面积


def frame(geoms, crs=4525, **columns) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(columns, geometry=list(geoms), crs=crs)


def geodesic_area(geom, crs=4525) -> float:
    """Independent 椭球面积: pyproj's geodesic area of the ring densified to 1 m (GRS80 = CGCS2000 to
    well below a mm² here)."""
    to_ll = Transformer.from_crs(crs, 4490, always_xy=True)
    total = 0.0
    for poly in getattr(geom, "geoms", [geom]):
        for k, ring in enumerate([poly.exterior, *poly.interiors]):
            lon, lat = to_ll.transform(*shapely.segmentize(ring, 1.0).xy)
            area = abs(Geod(ellps="GRS80").polygon_area_perimeter(lon, lat)[0])
            total += -area if k else area
    return total


def rows_of(table) -> list[tuple]:
    return [(p.point_id, p.ring_no, p.x, p.y, p.edge_m, p.closing) for p in table.points]


# ------------------------------------------------------------------------------------------ data


def test_box_100_by_200():
    geom = box(E0, N0, E0 + 100, N0 + 200)
    schedule = boundary_point_schedule(frame([geom], DKBH=["A-01"], DKMC=["标准地一号"]))
    assert (schedule.crs, schedule.precision, schedule.digits) == ("EPSG:4525", 0.001, 3)
    assert schedule.crs_zh == "2000国家大地坐标系，高斯-克吕格投影，3度带，第37带（EPSG:4525）"
    (t,) = schedule.parcels
    assert (t.parcel_id, t.name, t.point_count, len(t.rings)) == ("A-01", "标准地一号", 4, 1)
    # clockwise from the north-west corner; X is the northing, Y the zone-prefixed easting
    assert rows_of(t) == [
        ("J1", 1, 4_400_200.0, 37_600_000.0, 100.0, False),
        ("J2", 1, 4_400_200.0, 37_600_100.0, 200.0, False),
        ("J3", 1, 4_400_000.0, 37_600_100.0, 100.0, False),
        ("J4", 1, 4_400_000.0, 37_600_000.0, 200.0, False),
        ("J1", 1, 4_400_200.0, 37_600_000.0, None, True),
    ]
    assert (t.planar.m2, t.planar.mu, t.planar.ha) == (20_000.0, 30.0, 2.0)
    assert t.ellipsoidal.m2 == pytest.approx(geodesic_area(geom), abs=0.01)
    assert round(t.ellipsoidal.m2, 2) == 19_995.07  # 20000 / k², k ≈ 1 + y²/2R² = 1.000123 at 100 km
    assert t.sizhi == {"东至": "", "南至": "", "西至": "", "北至": ""}
    # ties go to the first point in numbering order
    assert [(e.direction, e.point_id, e.x, e.y) for e in t.extremes] == [
        ("东", "J2", 4_400_200.0, 37_600_100.0), ("南", "J3", 4_400_000.0, 37_600_100.0),
        ("西", "J1", 4_400_200.0, 37_600_000.0), ("北", "J1", 4_400_200.0, 37_600_000.0)]


def test_polygon_with_hole():
    shell = [(E0, N0), (E0 + 100, N0), (E0 + 100, N0 + 100), (E0, N0 + 100)]
    hole = [(E0 + 40, N0 + 40), (E0 + 40, N0 + 60), (E0 + 60, N0 + 60), (E0 + 60, N0 + 40)]
    geom = Polygon(shell, [hole])
    (t,) = boundary_point_schedule(frame([geom], DKBH=["H"])).parcels
    assert t.ring_holes == (False, True) and t.point_count == 8
    assert rows_of(t)[5:] == [
        ("J5", 2, 4_400_060.0, 37_600_040.0, 20.0, False),
        ("J6", 2, 4_400_060.0, 37_600_060.0, 20.0, False),
        ("J7", 2, 4_400_040.0, 37_600_060.0, 20.0, False),
        ("J8", 2, 4_400_040.0, 37_600_040.0, 20.0, False),
        ("J5", 2, 4_400_060.0, 37_600_040.0, None, True),
    ]
    assert t.planar.m2 == 9_600.0
    assert t.ellipsoidal.m2 == pytest.approx(geodesic_area(geom), abs=0.01)
    text = render_csv(boundary_point_schedule(frame([geom], DKBH=["H"])))
    assert "第1圈（外边界）\r\n" in text and "第2圈（内边界，面积扣除）\r\nJ5,2,4400060.000,37600040.000,20.000" in text


def test_multipolygon_numbering_runs_on_across_parts():
    west, east = box(E0, N0, E0 + 10, N0 + 10), box(E0 + 50, N0, E0 + 80, N0 + 10)
    (t,) = boundary_point_schedule(frame([MultiPolygon([west, east])], DKBH=["M"])).parcels
    assert t.ring_holes == (False, False) and t.point_count == 8
    assert [(p.point_id, p.ring_no, p.edge_m) for p in t.rings[1]] == [
        ("J5", 2, 30.0), ("J6", 2, 10.0), ("J7", 2, 30.0), ("J8", 2, 10.0), ("J5", 2, None)]
    assert t.planar.m2 == 400.0 and t.planar.mu == pytest.approx(0.6)
    assert [(e.direction, e.point_id) for e in t.extremes] == [("东", "J6"), ("南", "J3"), ("西", "J1"), ("北", "J1")]


def test_hangzhou_real_file(realdata):
    (layer,) = read_layers(realdata / TXT / "hangzhou_pengbu_B-R-14.txt")
    schedule = boundary_point_schedule(layer)
    assert schedule.precision == 0.001  # 精度=3 in the file, a digit count
    assert schedule.crs == "EPSG:4528" and "第40带" in schedule.crs_zh
    (t,) = schedule.parcels
    assert (t.parcel_id, t.name) == ("1", "彭埠单元B/R-14地块")
    assert t.point_count == 65 and len(t.points) == 66  # 界址点数=66 in the file counts the closing line
    first = t.points[0]
    assert (first.point_id, first.x, first.y, first.edge_m) == ("J1", 3_353_315.388, 40_520_760.267, 39.748)
    assert t.points[-1].closing and (t.points[-1].x, t.points[-1].y) == (first.x, first.y)
    # the file declares 5.7089 公顷: the ellipsoidal area to 4 decimals, the planar one is 5.7090
    assert round(t.ellipsoidal.ha, 4) == 5.7089 and round(t.planar.ha, 4) == 5.7090
    assert round(t.planar.m2, 2) == 57_089.50


def test_points_agree_with_the_coordinate_file_writer(realdata, tmp_path):
    """The 成果表 and the coordinate TXT of one parcel list the same 点号, 圈号 and digits."""
    (layer,) = read_layers(realdata / TXT / "hangzhou_pengbu_B-R-14.txt")
    out = tmp_path / "again.txt"
    write_layers([layer], out)
    lines = out.read_text(encoding="utf-8").splitlines()
    point_lines = lines[lines.index("[地块坐标]") + 2:]
    (t,) = boundary_point_schedule(layer).parcels
    assert point_lines == [f"{p.point_id},{p.ring_no},{p.x:.3f},{p.y:.3f}" for p in t.points]


def test_sizhi_fields_and_extreme_points():
    gdf = frame([box(E0, N0, E0 + 100, N0 + 200)], DKBH=["A"], zdszd=["规划路"], SZ_NZ=["B4-02地块"], 西至=["河道"])
    schedule = boundary_point_schedule(gdf)
    assert schedule.sizhi_fields == {"东至": "zdszd", "南至": "SZ_NZ", "西至": "西至"}
    assert schedule.parcels[0].sizhi == {"东至": "规划路", "南至": "B4-02地块", "西至": "河道", "北至": ""}


def test_remarks_and_other_two_letter_codes_are_not_sizhi(tmp_path):
    # BZ is 备注 (core.fields), DZ 地址, XZ 性质: none of them is a neighbour of the parcel
    gdf = frame([box(E0, N0, E0 + 100, N0 + 200)], DKBH=["A"], BZ=["待拆迁，暂缓供地"], DZ=["康巴什区纬三路"],
                NZ=["x"], XZ=["工业"], ZDSZB=["铁路"])
    schedule = boundary_point_schedule(gdf)
    assert schedule.sizhi_fields == {"北至": "ZDSZB"}
    assert schedule.parcels[0].sizhi == {"东至": "", "南至": "", "西至": "", "北至": "铁路"}
    write_csv(schedule, tmp_path / "out.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    sizhi = [row for row in rows if row and row[0] in ("东至", "南至", "西至", "北至")]
    assert sizhi == [["东至", ""], ["南至", ""], ["西至", ""], ["北至", "铁路"]]
    assert not any("待拆迁" in cell or "纬三路" in cell for row in rows for cell in row)


def test_sizhi_names_come_from_the_field_table():
    from parkgis.core.fields import FIELD_ALIASES, sizhi_fields

    assert sizhi_fields("北至") == ("北至", "ZDSZB", "SZBZ", "SZ_BZ", "BEIZHI")
    for direction in ("东至", "南至", "西至", "北至"):
        assert all(FIELD_ALIASES.get(code, direction) == direction for code in sizhi_fields(direction))
    assert FIELD_ALIASES["BZ"] == "备注" and "BZ" not in sizhi_fields("北至")


def test_precision_rounds_coordinates_and_edges():
    geom = Polygon([(E0 + 0.1234, N0 + 0.4567), (E0 + 10.0049, N0 + 0.4567), (E0 + 10.0049, N0 + 5.5555)])
    schedule = boundary_point_schedule(frame([geom], DKBH=["P"]), precision=0.01)
    assert schedule.digits == 2
    # the south-west vertex is nearest the north-west corner of the box; then clockwise: NE, SE
    assert [(p.point_id, p.x, p.y) for p in schedule.parcels[0].points] == [
        ("J1", 4_400_000.46, 37_600_000.12), ("J2", 4_400_005.56, 37_600_010.0), ("J3", 4_400_000.46, 37_600_010.0),
        ("J1", 4_400_000.46, 37_600_000.12)]
    # edges from the printed coordinates: hypot(9.88, 5.10) = 11.1187...
    assert [p.edge_m for p in schedule.parcels[0].points] == [11.12, 5.1, 9.88, None]
    assert "J1,1,4400000.46,37600000.12,11.12" in render_csv(schedule)
    assert "J2,1,4400005.56,37600010.00,5.10" in render_csv(schedule)


def test_declared_precision_of_a_coordinate_file_is_the_default(realdata, tmp_path):
    text = (realdata / TXT / "hangzhou_pengbu_B-R-14.txt").read_text(encoding="utf-8").replace("精度=3", "精度=0.01")
    path = tmp_path / "p.txt"
    path.write_text(text, encoding="utf-8")
    (layer,) = read_layers(path)
    assert boundary_point_schedule(layer).precision == 0.01
    assert boundary_point_schedule(layer, precision=0.001).precision == 0.001


def test_geographic_input_is_listed_in_its_gk_zone():
    gdf = frame([box(111.0, 39.5, 111.001, 39.501)], crs=4490, DKBH=["G"])
    schedule = boundary_point_schedule(gdf)
    assert schedule.crs == "EPSG:4525"
    assert 37_500_000 <= schedule.parcels[0].points[0].y <= 37_500_100


def test_fields_and_bad_input():
    geom = box(E0, N0, E0 + 1, N0 + 1)
    gdf = frame([geom, None, geom], BSM=[7.0, 8.0, None])
    schedule = boundary_point_schedule(gdf, source="x.shp")
    assert [t.parcel_id for t in schedule.parcels] == ["7", "#3"]  # 7.0 read from a DBF is 7
    assert [t.row for t in schedule.parcels] == [1, 3]
    assert schedule.warnings == ("x.shp: parcel 8 has no geometry: left out",)
    with pytest.raises(DataError, match="id field 'DKBH' not found; fields: BSM"):
        boundary_point_schedule(gdf, id_field="DKBH")
    with pytest.raises(DataError, match="1 Point feature"):
        boundary_point_schedule(frame([geom, Point(E0, N0)], DKBH=["A", "B"]))
    with pytest.raises(UsageError, match="precision"):
        boundary_point_schedule(frame([geom]), precision=0)
    with pytest.raises(UsageError, match="no CRS"):
        boundary_point_schedule(gpd.GeoDataFrame(geometry=[geom]))
    with pytest.raises(DataError, match="no parcel polygon"):
        boundary_point_schedule(frame([None], DKBH=["A"]))


def test_no_id_field_names_parcels_by_row():
    schedule = boundary_point_schedule(VectorLayer("红线", frame([box(E0, N0, E0 + 1, N0 + 1)]), Role.PARCELS))
    assert schedule.parcels[0].parcel_id == "#1"
    assert schedule.source == "红线" and "no id field" in schedule.warnings[0]


def test_sheet_names():
    assert sheet_names(["A-01", "a-01", "B/1:[x]", "", "地块汇总", "x" * 40, "x" * 40, "History"]) == [
        "A-01", "a-01(2)", "B_1__x_", "地块4", "地块汇总(2)", "x" * 31, "x" * 28 + "(2)", "History(2)"]


# ------------------------------------------------------------------------------------------ renderers


def test_xlsx_reads_back(tmp_path):
    shell = [(E0, N0), (E0 + 100, N0), (E0 + 100, N0 + 200), (E0, N0 + 200)]
    hole = [(E0 + 40, N0 + 40), (E0 + 40, N0 + 60), (E0 + 60, N0 + 60), (E0 + 60, N0 + 40)]
    gdf = frame([box(E0, N0, E0 + 100, N0 + 200), Polygon(shell, [hole])], DKBH=["A-01", "A-01"],
                DKMC=["一号", "二号"], 东至=["规划一路", None])
    schedule = boundary_point_schedule(gdf)
    path = tmp_path / "界址点成果表.xlsx"
    write_xlsx(schedule, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["地块汇总", "A-01", "A-01(2)"]
    summary = [r for r in wb["地块汇总"].iter_rows(values_only=True) if r[0] in (1, 2)]
    assert summary == [(1, "A-01", "一号", 4, 20000.0, 30.0, 2.0, round(schedule.parcels[0].ellipsoidal.m2, 2),
                        round(schedule.parcels[0].ellipsoidal.mu, 4), round(schedule.parcels[0].ellipsoidal.ha, 4),
                        "A-01"),
                       (2, "A-01", "二号", 8, 19600.0, 29.4, 1.96, round(schedule.parcels[1].ellipsoidal.m2, 2),
                        round(schedule.parcels[1].ellipsoidal.mu, 4), round(schedule.parcels[1].ellipsoidal.ha, 4),
                        "A-01(2)")]

    ws = wb["A-01"]
    assert ws["A1"].value == TITLE and ws["A1"].font.bold and "A1:E1" in {str(r) for r in ws.merged_cells.ranges}
    header = {r[0]: r[1:] for r in ws.iter_rows(min_row=2, max_row=19, values_only=True)}
    assert header["地块编号"][0] == "A-01" and header["地块名称"][0] == "一号"
    assert header["坐标系"][0] == "2000国家大地坐标系，高斯-克吕格投影，3度带，第37带（EPSG:4525）"
    assert header["精度（米）"][0] == 0.001
    assert header["平面面积"][:3] == (20000.0, 30.0, 2.0)
    assert header["平面面积投影带"][0] == "第37带（EPSG:4525）"
    assert header["东至"][0] == "规划一路" and header["北至"][0] is None
    assert header["最东"][:3] == ("J2", 4_400_200.0, 37_600_100.0)
    assert header["界址点个数"][:3] == (4, "圈数", 1)
    count_row = next(r for r in ws.iter_rows(min_row=2, max_row=19) if r[0].value == "界址点个数")
    assert [c.font.bold for c in count_row[:4]] == [True, False, True, False]
    assert [c.number_format for c in next(r for r in ws.iter_rows(min_row=2, max_row=19)
                                          if r[0].value == "平面面积")[1:4]] == ["0.00", "0.0000", "0.0000"]
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "点号")
    assert tuple(c.value for c in ws[head]) == TABLE_HEADERS and all(c.font.bold for c in ws[head])
    assert ws.print_title_rows == f"${head}:${head}"
    body = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=head + 1, max_row=head + 9)]
    # each 边长 on its own row between the two points it joins
    assert body == [("J1", 1, 4_400_200.0, 37_600_000.0, None), (None, None, None, None, 100.0),
                    ("J2", 1, 4_400_200.0, 37_600_100.0, None), (None, None, None, None, 200.0),
                    ("J3", 1, 4_400_000.0, 37_600_100.0, None), (None, None, None, None, 100.0),
                    ("J4", 1, 4_400_000.0, 37_600_000.0, None), (None, None, None, None, 200.0),
                    ("J1", 1, 4_400_200.0, 37_600_000.0, None)]
    assert ws.cell(row=head + 1, column=3).number_format == "0.000"
    assert ws.column_dimensions["C"].width >= 14 and ws.page_setup.orientation == "portrait"

    ws2 = wb["A-01(2)"]
    first_cells = [r[0] for r in ws2.iter_rows(values_only=True)]
    assert [c for c in first_cells if isinstance(c, str) and c.startswith("第")] == [
        "第1圈（外边界）", "第2圈（内边界，面积扣除）"]
    table = [r[:2] for r in ws2.iter_rows(min_row=head + 1, values_only=True)
             if isinstance(r[0], str) and r[0].startswith("J")]
    assert table == [("J1", 1), ("J2", 1), ("J3", 1), ("J4", 1), ("J1", 1),
                     ("J5", 2), ("J6", 2), ("J7", 2), ("J8", 2), ("J5", 2)]


def test_csv_reads_back(tmp_path):
    gdf = frame([box(E0, N0, E0 + 100, N0 + 200), box(E0, N0 + 300, E0 + 10, N0 + 310)], DKBH=["A", "B"],
                北至=["铁路", "山体"])
    path = tmp_path / "out.csv"
    write_csv(boundary_point_schedule(gdf), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows needs the BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    starts = [i for i, r in enumerate(rows) if r == [TITLE]]
    assert starts == [0, 27]  # one blank line between parcels
    block = rows[:26]
    assert block[1] == ["地块编号", "A"] and block[4] == ["精度（米）", "0.001"]
    assert block[6] == ["平面面积", "20000.00", "30.0000", "2.0000"]
    assert block[8] == ["平面面积投影带", "第37带（EPSG:4525）"]
    assert block[12] == ["北至", "铁路"]
    assert block[13] == ["四至界址点", "点号", "X（北）/米", "Y（东）/米"]
    assert block[17] == ["最北", "J1", "4400200.000", "37600000.000"]
    assert block[18] == ["界址点个数", "4", "圈数", "1"]
    assert block[19] == [] and block[20] == list(TABLE_HEADERS)
    assert block[21:26] == [["J1", "1", "4400200.000", "37600000.000", "100.000"],
                            ["J2", "1", "4400200.000", "37600100.000", "200.000"],
                            ["J3", "1", "4400000.000", "37600100.000", "100.000"],
                            ["J4", "1", "4400000.000", "37600000.000", "200.000"],
                            ["J1", "1", "4400200.000", "37600000.000", ""]]
    assert rows[26] == [] and rows[28] == ["地块编号", "B"]


def test_write_schedule_by_extension_and_atomically(tmp_path):
    schedule = boundary_point_schedule(frame([box(E0, N0, E0 + 1, N0 + 1)], DKBH=["A"]))
    with pytest.raises(UsageError, match=r"\.xlsx or \.csv"):
        write_schedule(schedule, tmp_path / "out.pdf")
    write_schedule(schedule, tmp_path / "out.xlsx")
    write_schedule(schedule, tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.xlsx"]  # no temporaries left


@pytest.mark.parametrize("wkt", [
    "POLYGON Z ((37600000 4400000 1050.5, 37600100 4400000 1051, 37600100 4400200 1052, 37600000 4400200 1053, "
    "37600000 4400000 1050.5))",
    "POLYGON M ((37600000 4400000 1, 37600100 4400000 2, 37600100 4400200 3, 37600000 4400200 4, 37600000 4400000 1))",
    "POLYGON ZM ((37600000 4400000 10 1, 37600100 4400000 11 2, 37600100 4400200 12 3, 37600000 4400200 13 4, "
    "37600000 4400000 10 1))",
])
def test_z_and_m_are_dropped_and_said(wkt, tmp_path):
    flat = boundary_point_schedule(frame([box(E0, N0, E0 + 100, N0 + 200)], DKBH=["A"]))
    schedule = boundary_point_schedule(frame([shapely.from_wkt(wkt)], DKBH=["A"]), source="zm.gpkg")
    assert rows_of(schedule.parcels[0]) == rows_of(flat.parcels[0])
    assert schedule.parcels[0].planar.m2 == 20_000.0
    # the same square written from another vertex: the same 椭球面积 to rounding
    assert schedule.parcels[0].ellipsoidal.m2 == pytest.approx(flat.parcels[0].ellipsoidal.m2, abs=1e-6)
    assert schedule.warnings == ("zm.gpkg: 1 parcel(s) carry Z or M values (first: parcel A): the table lists "
                                 "planar X/Y, Z and M dropped",)
    write_xlsx(schedule, tmp_path / "zm.xlsx")
    assert render_csv(schedule) == render_csv(flat)


def test_multipart_with_holes_in_z():
    shell = [(E0, N0, 5), (E0 + 100, N0, 5), (E0 + 100, N0 + 100, 5), (E0, N0 + 100, 5)]
    hole = [(E0 + 40, N0 + 40, 5), (E0 + 40, N0 + 60, 5), (E0 + 60, N0 + 60, 5), (E0 + 60, N0 + 40, 5)]
    geom = MultiPolygon([Polygon(shell, [hole]), box(E0 + 200, N0, E0 + 210, N0 + 10)])
    geom = shapely.force_3d(geom, 7.0)
    (t,) = boundary_point_schedule(frame([geom], DKBH=["M"])).parcels
    assert [p.point_id for p in t.points if not p.closing] == [f"J{k}" for k in range(1, 13)]
    assert t.ring_holes == (False, True, False) and t.point_count == 12
    assert (t.rings[1][0].x, t.rings[1][0].y) == (N0 + 60, E0 + 40)   # the hole from its north-west vertex
    assert t.planar.m2 == 100 * 100 - 20 * 20 + 10 * 10


@pytest.mark.parametrize("wkt, problem", [
    ("POLYGON ((37650000 4400000, 37650000 4400000, 37650000 4400000, 37650000 4400000))",
     "the outer ring has 1 distinct point(s); a parcel boundary needs at least 3"),
    ("POLYGON ((37650000 4400000, 37650010 4400000, 37650000 4400000, 37650000 4400000))",
     "the outer ring has 2 distinct point(s); a parcel boundary needs at least 3"),
    ("POLYGON ((37650000 4400000, 37650010 4400000, 37650020 4400000, 37650000 4400000))",
     "the polygon has no area (its points lie on one line)"),
    ("MULTIPOLYGON (((37650000 4400000, 37650010 4400000, 37650010 4400010, 37650000 4400000)), "
     "((37650100 4400000, 37650100 4400000, 37650100 4400000, 37650100 4400000)))",
     "the outer ring of part 2 has 1 distinct point(s); a parcel boundary needs at least 3"),
])
def test_degenerate_polygons_are_refused_by_name(wkt, problem):
    gdf = frame([box(E0, N0, E0 + 1, N0 + 1), shapely.from_wkt(wkt)], DKBH=["OK", "坏-1"])
    with pytest.raises(DataError) as err:
        boundary_point_schedule(gdf, source="dk.gpkg")
    assert str(err.value) == f"dk.gpkg: feature 坏-1: {problem}"


def test_tables_are_built_on_demand_and_not_kept():
    import gc
    import weakref

    geoms = [box(E0 + 20 * k, N0, E0 + 20 * k + 10, N0 + 10) for k in range(50)]
    schedule = boundary_point_schedule(frame(geoms, DKBH=[f"P{k}" for k in range(50)]))
    assert len(schedule.parcels) == 50 and schedule.parcels[-1].parcel_id == "P49"
    assert [s.point_count for s in schedule.parcels.summaries()] == [4] * 50
    first = schedule.parcels[0]
    ref = weakref.ref(first)
    del first
    gc.collect()
    assert ref() is None                                 # nothing in the schedule holds a built table
    assert schedule.parcels[0] == schedule.parcels[0]    # and building again gives the same table


def test_a_real_parcel_id_is_printed_in_its_shortest_exact_form():
    gdf = gpd.GeoDataFrame({"DKBH": [150602123456789023.0, 7.0]},
                           geometry=[box(37_500_000, 4_400_000, 37_500_010, 4_400_010),
                                     box(37_500_100, 4_400_000, 37_500_110, 4_400_010)], crs=4525)
    schedule = boundary_point_schedule(VectorLayer("dk", gdf))
    assert [p.parcel_id for p in schedule.parcels] == ["150602123456789020", "7"]   # was ...024


# ------------------------------------------------------------------------------------------ XLSX layout


def _merges(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def _widths(ws) -> dict[int, float]:
    # a run of equal columns may be stored as one <col min= max=> element
    return {i: d.width for d in ws.column_dimensions.values() for i in range(d.min, d.max + 1)}


def test_xlsx_layout_for_print(tmp_path):
    """What the printed 成果表 relies on, read back by openpyxl (a reader independent of the writer):
    merges, heights, widths, borders, fills, page setup, print titles, footer, links."""
    shell = [(E0, N0), (E0 + 100, N0), (E0 + 100, N0 + 200), (E0, N0 + 200)]
    hole = [(E0 + 40, N0 + 40), (E0 + 40, N0 + 60), (E0 + 60, N0 + 60), (E0 + 60, N0 + 40)]
    gdf = frame([box(E0, N0, E0 + 100, N0 + 200), Polygon(shell, [hole])], DKBH=["A-01", "O'Brien"],
                DKMC=["一号", "http://example.invalid"])
    path = tmp_path / "out.xlsx"
    write_xlsx(boundary_point_schedule(gdf, source="dk.gpkg"), path)
    wb = load_workbook(path)

    summary = wb["地块汇总"]
    assert summary.freeze_panes == "A8"          # title, 4 info rows, a blank row, the column titles
    assert _widths(summary) == dict(enumerate((6, 16, 24, 10, 14, 12, 12, 14, 12, 12, 16), start=1))
    titles = [c for c in summary[7]]
    assert [c.value for c in titles][:2] == ["序号", "地块编号"]
    assert all(c.font.bold and c.fill.fgColor.rgb[-6:] == "DDEBF7" and c.border.left.style == "thin"
               for c in titles)
    assert [c.number_format for c in summary[8][4:10]] == ["0.00", "0.0000", "0.0000", "0.00", "0.0000", "0.0000"]
    # the 工作表 column links inside the workbook, to the parcel's sheet (an apostrophe doubled)
    links = [(summary.cell(row=r, column=11).value, summary.cell(row=r, column=11).hyperlink) for r in (8, 9)]
    assert [(v, h.location, h.target) for v, h in links] == [("A-01", "'A-01'!A1", None),
                                                           ("O'Brien", "'O''Brien'!A1", None)]
    assert summary.cell(row=9, column=3).value == "http://example.invalid"
    assert summary.cell(row=9, column=3).hyperlink is None        # a name is text, not a link

    ws = wb["A-01"]
    assert _widths(ws) == {1: 14, 2: 12, 3: 17, 4: 17, 5: 12}
    assert ws.row_dimensions[1].height == 30 and ws["A1"].font.sz == 16
    assert ws["A1"].alignment.horizontal == "center"
    first = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    pairs = ("地块编号", "地块名称", "坐标系", "精度（米）", "平面面积投影带", "东至", "南至", "西至", "北至")
    assert _merges(ws) == {"A1:E1", *(f"B{first[k]}:E{first[k]}" for k in pairs),
                           f"A{first['说明：' + AREA_NOTE]}:E{first['说明：' + AREA_NOTE]}"}
    assert ws.row_dimensions[first["说明：" + AREA_NOTE]].height == 48
    assert ws.cell(row=first["说明：" + AREA_NOTE], column=1).alignment.wrap_text
    assert ws.cell(row=first["坐标系"], column=2).alignment.wrap_text
    head = first["点号"]
    assert ws.print_title_rows == f"${head}:${head}"
    assert all(c.fill.fgColor.rgb[-6:] == "DDEBF7" and c.alignment.horizontal == "center" for c in ws[head])
    # every cell of the point table is boxed, the empty ones too; coordinates and 边长 at the 精度
    point_row, edge_row = ws[head + 1], ws[head + 2]
    assert all(c.border.left.style == c.border.bottom.style == "thin" for c in (*point_row, *edge_row))
    assert [c.number_format for c in point_row[2:4]] == ["0.000", "0.000"] and edge_row[4].number_format == "0.000"
    assert [c.alignment.horizontal for c in point_row[:2]] == ["center", "center"]
    assert ws.cell(row=first["精度（米）"], column=2).number_format == "0.000"
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToHeight) == ("portrait", 9, 0)   # 9: A4
    assert setup.fitToWidth in (None, 1)          # absent means 1 (ECMA-376 default)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_options.horizontalCentered
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"

    ws2 = wb["O'Brien"]
    heading = next(r for r in range(1, ws2.max_row + 1) if ws2.cell(row=r, column=1).value == "第2圈（内边界，面积扣除）")
    assert f"A{heading}:E{heading}" in _merges(ws2) and ws2.cell(row=heading, column=1).font.bold


def test_control_characters_in_ids_and_names(tmp_path):
    # a DBF text with a stray control character: no XML can hold it raw; the sheet name drops it
    # and the cell keeps it in Excel's own escape (_xHHHH_), which Excel shows as the character
    gdf = frame([box(E0, N0, E0 + 10, N0 + 10)], DKBH=["A\x07-1"], DKMC=["名\x01称"])
    schedule = boundary_point_schedule(gdf)
    assert sheet_names(["A\x07-1", "B\x1f"]) == ["A_-1", "B_"]
    write_xlsx(schedule, tmp_path / "c.xlsx")
    ws = load_workbook(tmp_path / "c.xlsx")["A_-1"]
    assert (ws["B2"].value, ws["B3"].value) == ("A_x0007_-1", "名_x0001_称")


def test_xlsx_of_many_parcels_holds_few_files_open(tmp_path):
    """A workbook of thousands of sheets must not keep a file open per sheet (xlsxwriter's
    constant-memory mode does): a 1 024-file limit, common on Linux, would stop a city's 成果表."""
    resource = pytest.importorskip("resource")
    import os

    n = 300
    geoms = [box(E0 + 20 * k, N0, E0 + 20 * k + 10, N0 + 10) for k in range(n)]
    schedule = boundary_point_schedule(frame(geoms, DKBH=[f"P{k}" for k in range(n)]))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    open_now = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 64
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(open_now + 100, hard), hard))
    try:
        write_xlsx(schedule, tmp_path / "many.xlsx")
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    wb = load_workbook(tmp_path / "many.xlsx", read_only=True)
    assert len(wb.sheetnames) == n + 1 and wb.sheetnames[-1] == "P299"


def test_a_failed_xlsx_leaves_nothing(tmp_path, monkeypatch):
    import tempfile

    from parkgis.core.report.boundary_points import BoundaryPointSchedule

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    good = boundary_point_schedule(frame([box(E0 + 20 * k, N0, E0 + 20 * k + 10, N0 + 10) for k in range(5)],
                                         DKBH=[f"P{k}" for k in range(5)]))

    class Failing(list):
        """The summary reads all the parcels; the sheets then fail at the fourth."""
        passes = 0

        def __iter__(self):
            self.passes += 1
            yield from self[:3] if self.passes > 1 else self[:]
            if self.passes > 1:
                raise OSError("disk full")

    broken = BoundaryPointSchedule(crs=good.crs, crs_zh=good.crs_zh, precision=good.precision,
                                   parcels=Failing(good.parcels))
    with pytest.raises(OSError, match="disk full"):
        write_xlsx(broken, tmp_path / "b.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["scratch"] and list(scratch.iterdir()) == []
