"""``parkgis check`` end to end: the DESIGN §4 interface, report formats, bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import geopandas as gpd
import pytest
import shapely.affinity
from openpyxl import load_workbook
from shapely import Polygon, box

from parkgis.cli.main import run_cli
from parkgis.core.project import Project

X0, Y0 = 500_000.0, 4_400_000.0


def t(g):
    return shapely.affinity.translate(g, X0, Y0)


@pytest.fixture
def files(tmp_path):
    parcels = gpd.GeoDataFrame(
        {"DKBH": ["A-01", "A-02", "A-03", "A-04"], "DKMC": ["标准地一号", "<img src=x onerror=alert(1)>", "三号", "四号"]},
        geometry=[t(box(0, 0, 100, 100)), t(box(100, 0, 200, 100)),
                  t(Polygon([(0, 200), (100, 300), (100, 200), (0, 300)])), t(box(300, 0, 400, 100))], crs=4545)
    parcels.to_file(tmp_path / "parcels.gpkg")
    gpd.GeoDataFrame({"BSM": ["F1"], "KCXS": [0.1]}, geometry=[t(box(150, 0, 300, 100))], crs=4545) \
        .to_crs(4490).to_file(tmp_path / "farm.shp")
    gpd.GeoDataFrame({"BSM": ["E1"]}, geometry=[t(box(-50, 0, 50, 100))], crs=4545) \
        .to_file(tmp_path / "eco.geojson")
    gpd.GeoDataFrame({"BSM": ["U1"]}, geometry=[t(box(-1000, -1000, 1000, 250))], crs=4545) \
        .to_file(tmp_path / "udb.gpkg")
    gpd.GeoDataFrame({"MC": ["园区"]}, geometry=[t(box(0, 0, 400, 100))], crs=4545).to_file(tmp_path / "park.gpkg")
    return tmp_path


def args(d, *extra):
    return ["check", "--parcels", str(d / "parcels.gpkg"), "--farmland", str(d / "farm.shp"), "--eco",
            str(d / "eco.geojson"), "--udb", str(d / "udb.gpkg"), "--park", str(d / "park.gpkg"), *extra]


def test_json_to_stdout_is_the_contract(files, capsys):
    assert run_cli(args(files)) == 0
    out = capsys.readouterr().out
    doc = json.loads(out)   # nothing but JSON on stdout
    assert doc["crs"] == "EPSG:4545" and doc["settings"] == {"min_area": 1.0, "min_width": 0.1}
    by_id = {p["id"]: p for p in doc["parcels"]}
    a1, a2, a3, a4 = (by_id[k] for k in ("A-01", "A-02", "A-03", "A-04"))
    assert a1["status"] == "prohibited" and [c["rule"] for c in a1["conflicts"]] == ["eco_redline"]
    assert a1["conflicts"][0]["area_m2"] == 5000.0 and a1["conflicts"][0]["with"] == ["E1"]
    farm = a2["conflicts"][0]
    assert (farm["rule"], farm["with"], farm["share"]) == ("farmland", ["F1"], 0.5)
    assert farm["area_m2"] == pytest.approx(5000.0, abs=1e-3)
    assert farm["net_area_m2"] == pytest.approx(4500.0, abs=1e-3)
    assert {c["rule"] for c in a3["conflicts"]} == {"invalid_geometry", "outside_udb", "outside_park"}
    outside = next(c for c in a3["conflicts"] if c["rule"] == "outside_udb")
    assert outside["area_m2"] == pytest.approx(2 * 1250.0)   # the upper halves of both bow-tie triangles
    assert a4["status"] == "compliant" and a4["conflicts"] == []   # touches the farmland patch only
    assert doc["summary"] == {"parcels": 4, "compliant": 1, "constrained": 0, "prohibited": 3}


def test_options_min_area_id_field_and_format_from_extension(files, tmp_path):
    out = tmp_path / "r.json"
    assert run_cli(args(files, "--min-area", "6000", "--id-field", "DKMC", "-o", str(out))) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["settings"]["min_area"] == 6000.0
    first = doc["parcels"][0]
    assert first["id"] == "标准地一号"
    assert first["conflicts"] == [] and first["slivers"][0]["area_m2"] == 5000.0


def test_csv_xlsx_html_gpkg(files, tmp_path):
    for fmt in ("csv", "xlsx", "html", "gpkg"):
        assert run_cli(args(files, "--format", fmt, "-o", str(tmp_path / f"r.{fmt}"))) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["地块编号", "地块名称", "审查结论", "规则代码"]
    assert len(rows) == 1 + 4 * 6   # parcels × rules checked (no landuse layer: 耕地 rule skipped)
    wb = load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == ["汇总", "审查明细", "数据来源"]
    assert wb["审查明细"].max_row == 1 + 4 * 6
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "合规性审查报告" in page and "厅字〔2019〕48号" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    conflicts = gpd.read_file(tmp_path / "r.gpkg", layer="conflicts")
    assert set(conflicts["rule"]) == {"eco_redline", "farmland", "outside_udb", "outside_park", "invalid_geometry"}
    eco = conflicts[conflicts["rule"] == "eco_redline"]
    assert eco.area.sum() == pytest.approx(5000.0)
    assert len(gpd.read_file(tmp_path / "r.gpkg", layer="parcels")) == 4


def test_project_mode(files, tmp_path, capsys):
    project = Project.create(tmp_path / "p.gpkg")
    for name, role in (("parcels.gpkg", "parcels"), ("farm.shp", "farmland"), ("eco.geojson", "eco_redline")):
        project.add_file(files / name, role=role)
    project.save()
    assert run_cli(["check", str(tmp_path / "p.gpkg")]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["parcels"] == 4
    assert {c["rule"] for p in doc["parcels"] for c in p["conflicts"]} == {"eco_redline", "farmland",
                                                                          "invalid_geometry"}


def test_bad_usage_exits_2(files, capsys):
    assert run_cli(["check"]) == 2
    assert run_cli(["check", str(files / "p.gpkg"), "--parcels", str(files / "parcels.gpkg")]) == 2
    assert run_cli(["check", "--parcels", str(files / "parcels.gpkg"), "--format", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err


@pytest.mark.parametrize("content,message", [
    ('[rules.foo]\nseverity = "prohibited"\n', "unknown rule 'foo'"),
    ('[rules.eco_redline]\nlayer = "nope"\n', "unknown layer 'nope'"),
    ('[rules.eco_redline]\nseverity = "fatal"\n', "severity must be one of"),
    ('[rules.eco_redline]\ncolour = "red"\n', "unknown key(s) colour"),
    ("[rules.eco_redline\n", "not a valid TOML"),
])
def test_bad_rule_set_exits_1_without_output(files, tmp_path, capsys, content, message):
    rules = tmp_path / "rules.toml"
    rules.write_text(content, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert run_cli(args(files, "--rules", str(rules), "-o", str(out))) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "rules.toml" in err[0]
    assert not out.exists() and list(tmp_path.glob("*parkgis-tmp*")) == []


def test_bad_data_exits_1_one_line(files, tmp_path, capsys):
    empty = tmp_path / "empty.gpkg"
    gpd.GeoDataFrame({"DKBH": []}, geometry=[], crs=4545).to_file(empty)
    lines = gpd.GeoDataFrame(geometry=[shapely.LineString([(X0, Y0), (X0 + 5, Y0 + 5)])], crs=4545)
    lines.to_file(tmp_path / "eco_lines.gpkg")
    points = tmp_path / "points.gpkg"
    gpd.GeoDataFrame({"DKBH": ["P"]}, geometry=[shapely.Point(X0, Y0)], crs=4545).to_file(points)
    nocrs = tmp_path / "nocrs.shp"
    with pytest.warns(UserWarning, match="crs"):   # small local numbers, no .prj: nothing to infer
        gpd.GeoDataFrame({"DKBH": ["P"]}, geometry=[box(0, 0, 10, 10)]).to_file(nocrs)
    cases = [
        (["check", "--parcels", str(points)], "holds no polygons"),
        (["check", "--parcels", str(nocrs)], "outside the CGCS2000 Gauss-Krüger zones"),
        (["check", "--parcels", str(tmp_path / "missing.shp")], "file not found"),
        (["check", "--parcels", str(empty)], "empty"),
        (["check", "--parcels", str(files / "parcels.gpkg"), "--eco", str(tmp_path / "eco_lines.gpkg")],
         "must hold polygons"),
        (["check", "--parcels", str(files / "parcels.gpkg"), "--id-field", "NOPE"], "id field 'NOPE'"),
    ]
    for argv, message in cases:
        out = tmp_path / "out.json"
        assert run_cli([*argv, "-o", str(out)]) == 1, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert err and message in err[-1] and not out.exists(), (argv, err)


def test_duplicate_ids_reported_run_continues(tmp_path, capsys):
    gpd.GeoDataFrame({"DKBH": ["A", "A", None]}, geometry=[t(box(0, 0, 1, 1)), t(box(2, 0, 3, 1)), t(box(4, 0, 5, 1))],
                     crs=4545).to_file(tmp_path / "p.gpkg")
    assert run_cli(["check", "--parcels", str(tmp_path / "p.gpkg")]) == 0
    captured = capsys.readouterr()
    assert [p["id"] for p in json.loads(captured.out)["parcels"]] == ["A#1", "A#2", "#3"]
    assert "duplicated DKBH" in captured.err and "without DKBH" in captured.err


def test_subprocess_stdout_is_pure_json_and_no_traceback(files):
    proc = subprocess.run([sys.executable, "-m", "parkgis", *args(files)], capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["summary"]["parcels"] == 4
    proc = subprocess.run([sys.executable, "-m", "parkgis", "check", "--parcels", str(files / "nope.gpkg")],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 1 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_zones_option_feeds_the_land_use_zone_rule(tmp_path, capsys):
    """An industrial parcel (YDYH 1001) half in 城镇空间, half in 生态空间: prohibited on half its area."""
    import json

    from geopandas import GeoDataFrame
    from shapely import box

    from parkgis.__main__ import main

    parcels = GeoDataFrame({"DKBH": ["A-01"], "YDYH": ["1001"]}, geometry=[box(37_500_000, 4_400_000, 37_500_200, 4_400_100)],
                           crs=4525)
    zones = GeoDataFrame({"SQLX": ["城镇空间", "生态空间"]},
                         geometry=[box(37_499_000, 4_399_000, 37_500_100, 4_401_000),
                                   box(37_500_100, 4_399_000, 37_501_000, 4_401_000)], crs=4525)
    parcels.to_file(tmp_path / "parcels.gpkg")
    zones.to_file(tmp_path / "zones.gpkg")
    code = main(["check", "--parcels", str(tmp_path / "parcels.gpkg"), "--zones", str(tmp_path / "zones.gpkg"),
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    (parcel,) = out["parcels"]
    (conflict,) = [c for c in parcel["conflicts"] if c["rule"] == "use_zone"]
    assert (conflict["severity"], conflict["area_m2"], conflict["share"]) == ("prohibited", 10000.0, 0.5)
    assert parcel["status"] == "prohibited"
