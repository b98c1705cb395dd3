"""``parkgis boundary-points``: real files, projects (the declared 精度 kept), layer choice, exit codes."""

from __future__ import annotations

import csv
import io

import geopandas as gpd
import pyogrio
from openpyxl import load_workbook
from shapely.geometry import LineString, Point, Polygon, box

from parkgis.cli.main import run_cli
from parkgis.core.project import Project

TXT = "zuobiao_txt_parcel_format"


def csv_rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_real_coordinate_file_to_xlsx(realdata, tmp_path, capsys):
    out = tmp_path / "成果表.xlsx"
    assert run_cli(["boundary-points", str(realdata / TXT / "hangzhou_pengbu_B-R-14.txt"), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{out}: 界址点成果表 of 1 parcel(s), 65 point(s), 精度 0.001 m, EPSG:4528" in err
    wb = load_workbook(out)
    assert wb.sheetnames == ["地块汇总", "1"]
    ws = wb["1"]
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "点号")
    assert [c.value for c in ws[head + 1]][:4] == ["J1", 1, 3_353_315.388, 40_520_760.267]
    assert ws.cell(row=head + 2, column=5).value == 39.748


def test_project_keeps_the_declared_precision(realdata, tmp_path):
    text = (realdata / TXT / "hangzhou_pengbu_B-R-14.txt").read_text(encoding="utf-8").replace("精度=3", "精度=0.01")
    txt = tmp_path / "B-R-14.txt"
    txt.write_text(text, encoding="utf-8")
    project_path = tmp_path / "园区.gpkg"
    project = Project.create(project_path)
    project.add_file(txt)
    project.save()

    out = tmp_path / "out.csv"
    assert run_cli(["boundary-points", str(project_path), "-o", str(out)]) == 0
    rows = csv_rows(out)
    assert ["精度（米）", "0.01"] in rows
    # 边长 from the printed coordinates: J2 is (3353339.15, 40520792.13), hypot(23.76, 31.86) = 39.744
    assert ["J1", "1", "3353315.39", "40520760.27", "39.74"] in rows
    assert run_cli(["boundary-points", str(project_path), "-o", str(out), "--precision", "0.001"]) == 0
    assert ["J1", "1", "3353315.388", "40520760.267", "39.748"] in csv_rows(out)


def test_layer_choice_in_a_multi_layer_file(tmp_path, capsys):
    gpkg = tmp_path / "layers.gpkg"
    parcels = gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[box(37_500_000, 4_400_000, 37_500_010, 4_400_010)],
                               crs=4525)
    other = gpd.GeoDataFrame({"MC": ["园区"]}, geometry=[box(37_499_000, 4_399_000, 37_501_000, 4_401_000)],
                             crs=4525)
    roads = gpd.GeoDataFrame({"MC": ["路"]}, geometry=[LineString([(37_500_000, 4_400_000), (37_500_100, 4_400_000)])],
                             crs=4525)
    pyogrio.write_dataframe(parcels, gpkg, layer="甲")
    pyogrio.write_dataframe(other, gpkg, layer="乙")
    pyogrio.write_dataframe(roads, gpkg, layer="道路")
    out = tmp_path / "out.csv"
    assert run_cli(["boundary-points", str(gpkg), "-o", str(out)]) == 2
    assert "choose one with --layer" in capsys.readouterr().err and not out.exists()
    assert run_cli(["boundary-points", str(gpkg), "-o", str(out), "--layer", "甲"]) == 0
    assert ["地块编号", "A"] in csv_rows(out)
    assert run_cli(["boundary-points", str(gpkg), "-o", str(out), "--layer", "乙", "--id-field", "MC"]) == 0
    assert ["地块编号", "园区"] in csv_rows(out)


def test_bad_usage_and_bad_data_write_nothing(realdata, tmp_path, capsys):
    src = str(realdata / TXT / "hangzhou_pengbu_B-R-14.txt")
    assert run_cli(["boundary-points", src, "-o", str(tmp_path / "x.pdf")]) == 2
    assert run_cli(["boundary-points", src, "-o", str(tmp_path / "x.csv"), "--precision", "5"]) == 2
    assert run_cli(["boundary-points", str(tmp_path / "missing.shp"), "-o", str(tmp_path / "x.csv")]) == 1
    assert run_cli(["boundary-points", src, "-o", str(tmp_path / "x.csv"), "--id-field", "NOPE"]) == 1
    points = tmp_path / "points.geojson"
    gpd.GeoDataFrame({"id": [1]}, geometry=[Point(111.0, 39.5)], crs=4490).to_file(points)
    assert run_cli(["boundary-points", str(points), "-o", str(tmp_path / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "error: " in err and "Traceback" not in err
    assert "a 界址点成果表 lists polygons; the layer has 1 Point feature(s)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["points.geojson"]


def test_selected_parcels_only(tmp_path, capsys):
    gpkg = tmp_path / "地块.gpkg"
    parcels = gpd.GeoDataFrame({"DKBH": ["A", "B", "C"]},
                               geometry=[box(37_500_000 + 20 * k, 4_400_000, 37_500_010 + 20 * k, 4_400_010)
                                         for k in range(3)], crs=4525)
    pyogrio.write_dataframe(parcels, gpkg, layer="地块")
    out = tmp_path / "out.xlsx"
    assert run_cli(["boundary-points", str(gpkg), "-o", str(out), "--parcel", "C", "--parcel", "A"]) == 0
    assert f"{out}: 界址点成果表 of 2 parcel(s), 8 point(s)" in capsys.readouterr().err
    assert load_workbook(out).sheetnames == ["地块汇总", "A", "C"]   # in the layer's order
    assert run_cli(["boundary-points", str(gpkg), "-o", str(tmp_path / "x.csv"), "--parcel", "A",
                    "--parcel", "Z9"]) == 1
    err = capsys.readouterr().err
    assert "no parcel with 地块编号 Z9 (field DKBH); the layer has 3 parcel(s), e.g. A, B, C" in err
    assert not (tmp_path / "x.csv").exists()


def test_degenerate_polygon_is_one_error_naming_the_parcel(tmp_path, capsys):
    gpkg = tmp_path / "地块.gpkg"
    same = (37_500_000, 4_400_000)
    parcels = gpd.GeoDataFrame({"DKBH": ["A", "B-7"]},
                               geometry=[box(37_500_000, 4_400_000, 37_500_010, 4_400_010),
                                         Polygon([same, same, same, same])], crs=4525)
    pyogrio.write_dataframe(parcels, gpkg, layer="地块")
    assert run_cli(["boundary-points", str(gpkg), "-o", str(tmp_path / "x.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{gpkg}: feature B-7: the outer ring has 1 distinct point(s); a parcel boundary needs at least 3" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["地块.gpkg"]
