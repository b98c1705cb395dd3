"""``parkgis precheck`` and ``parkgis boundary-points --parcel`` on real project files, run as users run them."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest
from precheck_fixture import make_project

from parkgis.cli.main import run_cli


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "测试园区.gpkg"
    make_project(path)
    return path


def _json(capsys, argv):
    code = run_cli(argv)
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_json_of_one_parcel(project, capsys):
    code, data = _json(capsys, ["precheck", str(project), "--parcel", "A-02", "--json"])
    assert code == 0                                   # a verdict is an answer, not an error
    (entry,) = data["parcels"]
    assert entry["id"] == "A-02" and entry["verdict"] == "不可出让"
    red = next(i for i in entry["items"] if i["code"] == "eco_redline")
    assert red["status"] == "fail" and red["figures"]["area_m2"] == 1000.0
    assert {i["code"] for i in entry["items"]} >= {"eco_redline", "farmland", "outside_udb", "outside_park",
                                                   "use_zone", "parcel_overlap", "indicators", "net_land", "area",
                                                   "stage", "sold_overlap", "idle"}
    assert set(entry["sizhi"]) == {"东至", "西至", "南至", "北至"}
    assert data["settings"]["area_basis"] == "ellipsoidal"


def test_all_listed_and_summary(project, capsys):
    code, data = _json(capsys, ["precheck", str(project), "--all-listed", "--json"])
    assert code == 0
    assert [p["id"] for p in data["parcels"]] == ["A-01", "A-02", "A-03", "A-05"]
    assert [p["verdict"] for p in data["parcels"]] == ["可以出让", "不可出让", "不可出让", "不可出让"]
    assert data["summary"] == {"parcels": 4, "可以出让": 1, "不可出让": 3, "需补充": 0}


def test_area_tolerance_option(project, capsys):
    _code, data = _json(capsys, ["precheck", str(project), "--parcel", "A-03", "--json", "--area-tolerance", "0.02"])
    assert next(i for i in data["parcels"][0]["items"] if i["code"] == "area")["status"] == "pass"


def test_unknown_parcel_is_a_data_error(project, capsys):
    assert run_cli(["precheck", str(project), "--parcel", "Z-99"]) == 1
    assert "Z-99" in capsys.readouterr().err


def test_bad_usage(project, capsys):
    with pytest.raises(SystemExit) as raised:                              # neither --parcel nor --all-listed
        run_cli(["precheck", str(project)])
    assert raised.value.code == 2
    assert run_cli(["precheck", str(project), "--parcel", "A-01", "-o", "x.txt"]) == 2


def test_outputs(project, tmp_path, capsys):
    pdf, docx_path, html, xlsx = (tmp_path / f"a.{ext}" for ext in ("pdf", "docx", "html", "xlsx"))
    for out in (pdf, docx_path, html, xlsx):
        assert run_cli(["precheck", str(project), "--parcel", "A-01", "A-02", "-o", str(out)]) == 0
        assert out.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
    assert html.read_text(encoding="utf-8").count('<section class="dossier">') == 2
    ws = openpyxl.load_workbook(xlsx).active
    assert ws.cell(3, 2).value == "A-01"
    folder = tmp_path / "batch"
    assert run_cli(["precheck", str(project), "--all-listed", "-o", str(folder) + "/"]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"{i}.{e}" for i in ("A-01", "A-02", "A-03", "A-05") for e in ("pdf", "docx")]
                           + ["拍前体检汇总.xlsx"])


def test_as_a_process(project):
    run = subprocess.run([sys.executable, "-m", "parkgis", "precheck", str(project), "--parcel", "A-01"],
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert "结论：可以出让" in run.stdout


def test_boundary_points_one_parcel(project, tmp_path, capsys):
    out = tmp_path / "jzd.xlsx"
    assert run_cli(["boundary-points", str(project), "--parcel", "A-01", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 2                    # the summary sheet and A-01's
    assert run_cli(["boundary-points", str(project), "--parcel", "Z-99", "-o", str(out)]) == 1
