"""``parkgis validate FILE.txt [--json]``: exit codes and one line per finding with its line number."""

from __future__ import annotations

import json

import pytest

from parkgis.cli.main import run_cli

TXT = "zuobiao_txt_parcel_format"

BAD = """[属性描述]
坐标系=2000国家大地坐标系
带号=37
[地块坐标]
5,1.0000,A,甲,面,,,,@
J1,1,4400100.000,37500000.000
J2,1,4400100.000
J3,1,4400000.000,37500100.000
J4,1,4400000.000,37500000.000
J1,1,4400100.000,37500000.000
5,0.2500,B,乙,面,,,,@
J1,1,4400050.000,37500200.000
J2,1,4400050.000,37500250.000
J3,1,4400000.000,37500250.000
J4,1,4400000.000,37500200.000
J1,1,4400050.000,37500200.000
"""


def test_real_file_with_warnings_only_exits_0(realdata, capsys):
    path = realdata / TXT / "longjie-sir_txt2shp_testfile.txt"
    assert run_cli(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:70: warning: parcel 010031: ring 1 does not end by repeating its first point J1: closed " \
           "[ring_not_closed]" in out
    assert out[-1].startswith(f"{path}: 1/1 parcel(s) readable, 0 error(s), 1 warning(s), 2 note(s)")
    assert "EPSG:4523" in out[-1]


def test_clean_file_prints_only_the_summary(realdata, capsys):
    path = realdata / TXT / "hangzhou_pengbu_B-R-14.txt"
    assert run_cli(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "0 error(s), 0 warning(s), 0 note(s)" in out[0] and "EPSG:4528" in out[0]


def test_errors_exit_1_with_line_numbers(tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text(BAD, encoding="utf-8")
    assert run_cli(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{path}:7: error: parcel A: point line has 3 field(s), expected 4 (点号,圈号,X,Y): "
                      "'J2,1,4400100.000' [bad_point_line]")
    assert "1/2 parcel(s) readable, 1 error(s)" in out[-1]


def test_json_report(tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_text(BAD, encoding="utf-8")
    assert run_cli(["validate", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["crs"] == "EPSG:4525" and report["summary"]["errors"] == 1
    assert [(f["line"], f["parcel"], f["code"]) for f in report["findings"]] == [(7, "A", "bad_point_line")]
    assert [(p["id"], p["readable"]) for p in report["parcels"]] == [("A", False), ("B", True)]
    assert report["parcels"][1]["area_m2"] == pytest.approx(2500.0)


def test_headerless_file_needs_crs(realdata, capsys):
    path = realdata / TXT / "htoooth_txt2shp_TEST1.txt"
    assert run_cli(["validate", str(path)]) == 1
    assert f"{path}:1: error: the zone cannot be determined" in capsys.readouterr().out
    assert run_cli(["validate", str(path), "--crs", "4546", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["crs"] == "EPSG:4546" and report["crs_assumed"] is True
    assert round(report["parcels"][0]["area_ha"], 2) == 79.89


def test_missing_file_is_a_data_error(tmp_path, capsys):
    assert run_cli(["validate", str(tmp_path / "nope.txt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("parkgis validate: error: ") and "nope.txt: file not found" in err
