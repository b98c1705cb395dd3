"""``parkgis parcels check``, ``parkgis idle`` and ``parkgis evaluate`` on a real project file (register stored
in the GeoPackage), run as users run them."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys

import geopandas as gpd
import pytest
import shapely

from parkgis.cli.main import run_cli
from parkgis.core.layers import VectorLayer
from parkgis.core.parcels.model import Bound, ParcelRecord, Stage
from parkgis.core.project import Project
from parkgis.core.roles import Role

B4_01_M2 = 70256.33
AGREED = dt.date(2025, 3, 1)


def _day(n: int) -> str:
    return (AGREED + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "准格尔园区.gpkg"
    p = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": ["ZGE-B4-01", "ZGE-B4-02", "ZGE-B4-03", "DLT-A1-01"]}, geometry=[
        shapely.box(500_000, 4_400_000, 500_265, 4_400_265), shapely.box(500_300, 4_400_000, 500_400, 4_400_100),
        shapely.box(500_500, 4_400_000, 500_600, 4_400_100), shapely.box(500_700, 4_400_000, 500_800, 4_400_100)],
        crs=4545)
    p.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    p.save()
    p = Project.open(path)
    with p.edit_register() as reg:
        reg.add_parcel(ParcelRecord("ZGE-B4-01", name="准格尔经济开发区B4-01地块", park="准格尔经济开发区",
                                    use_code="1001", area_m2=B4_01_M2, land_price_wan=629, agreed_start=AGREED,
                                    committed_investment_wan=14000, annual_tax_wan=320, stage=Stage.DELIVERED))
        reg.add_parcel(ParcelRecord("ZGE-B4-02", park="准格尔经济开发区", area_m2=10000, land_price_wan=90,
                                    agreed_start=AGREED + dt.timedelta(days=30), government_delay_days=0,
                                    idle_cause="政府原因（规划调整）", stage=Stage.DELIVERED))
        reg.add_parcel(ParcelRecord("ZGE-B4-03", park="准格尔经济开发区", area_m2=10000, land_price_wan=100,
                                    agreed_start=AGREED + dt.timedelta(days=-400), stage=Stage.DELIVERED,
                                    bounds={"investment_intensity": Bound(minimum=150)},
                                    committed_investment_wan=2200))
        reg.add_parcel(ParcelRecord("DLT-A1-01", park="达拉特经济开发区", area_m2=10000, stage=Stage.LISTED,
                                    committed_investment_wan=3000, measured={"green_ratio": 12.0}))
    return path


def _json(capsys, argv):
    code = run_cli(argv)
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def parkgis(*argv):
    return subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True,
                          env={**os.environ, "PARKGIS_LANG": "en"})


# ------------------------------------------------------------------------------------------ idle
def test_idle_json_on_the_boundary_days(project, capsys):
    def status(n):
        data = _json(capsys, ["idle", str(project), "--as-of", _day(n), "--json"])
        return {p["id"]: p for p in data["parcels"]}["ZGE-B4-01"]

    assert status(365)["status"] == "due"
    idle = status(366)
    assert (idle["status"], idle["days_late"], idle["fee_wan"]) == ("idle", 366, 125.8)
    assert "第十四条" in idle["article"] and idle["cause"] == "enterprise"
    assert idle["next_deadline"] == _day(731)
    assert status(730)["status"] == "idle"
    assert status(731)["status"] == "reclaim"


def test_idle_json_shape_government_cause_and_alerts(project, capsys):
    data = _json(capsys, ["idle", str(project), "--as-of", "2026年3月2日", "--json"])
    assert data["as_of"] == "2026-03-02"
    by_id = {p["id"]: p for p in data["parcels"]}
    for p in data["parcels"]:
        assert set(p) >= {"id", "status", "days_late", "fee_wan", "next_deadline", "article", "cause"}
        assert p["status"] in ("ok", "due", "idle", "reclaim")
    assert by_id["ZGE-B4-02"]["cause"] == "government" and by_id["ZGE-B4-02"]["fee_wan"] is None
    assert by_id["ZGE-B4-03"]["status"] == "reclaim"        # 766 days late
    assert by_id["DLT-A1-01"]["status"] == "ok"             # no agreed start
    # B4-01 is 366 days late on 2026-03-02: its 0-day alert (becomes idle today)
    assert {"parcel": "ZGE-B4-01", "deadline": "idle", "date": "2026-03-02", "days_left": 0, "window": 0,
            "article": by_id["ZGE-B4-01"]["article"]} in data["alerts"]
    narrow = _json(capsys, ["idle", str(project), "--as-of", "2026-03-01", "--alert-days", "0", "--json"])
    assert narrow["alerts"] == []


def test_idle_text_and_bad_input(project, capsys):
    assert run_cli(["idle", str(project), "--as-of", "2027-03-02"]) == 0
    out = capsys.readouterr().out
    assert "截至 2027-03-02" in out and "ZGE-B4-01" in out and "可无偿收回" in out and "125.8" in out
    assert run_cli(["idle", str(project), "--as-of", "2026-02-30"]) == 2
    assert "--as-of" in capsys.readouterr().err
    assert run_cli(["idle", str(project), "--alert-days", "ninety"]) == 2
    missing = parkgis("idle", project.with_name("none.gpkg"))
    assert missing.returncode == 1 and "none.gpkg: project file not found" in missing.stderr
    assert missing.stderr.count("\n") == 1


def test_idle_as_a_process(project):
    proc = parkgis("idle", project, "--as-of", _day(731), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {p["id"]: p["status"] for p in data["parcels"]}["ZGE-B4-01"] == "reclaim"


# ------------------------------------------------------------------------------------------ parcels check
def _check_via_parser(project, *extra):
    """``register_parcels`` on a parser of our own: runs whether or not the ``parcels`` command is there."""
    from parkgis.cli.parcels_check import register_parcels

    parser = argparse.ArgumentParser()
    register_parcels(parser.add_subparsers())
    args = parser.parse_args(["check", str(project), *extra])
    return args.func(args)


def _assert_b4_01(data):
    b4 = {p["id"]: p for p in data["parcels"]}["ZGE-B4-01"]
    assert b4["table"] == "park-zhungeer"
    ind = {i["code"]: i for i in b4["indicators"]}
    for item in b4["indicators"]:
        assert set(item) >= {"code", "name", "value", "unit", "direction", "threshold", "passed", "required_total"}
    assert ind["investment_intensity"]["passed"] is False
    assert ind["investment_intensity"]["required_total"] == pytest.approx(14121.5, abs=0.05)
    assert ind["investment_intensity"]["threshold"] == 134 and ind["investment_intensity"]["unit"] == "万元/亩"
    assert ind["tax_per_mu"]["passed"] is True
    assert ind["floor_area_ratio"]["passed"] is None
    assert b4["low_use"]["classes"] == ["供而未用"]                      # delivered, not started


def test_parcels_check_json_via_register_parcels(project, capsys):
    assert _check_via_parser(project, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    _assert_b4_01(data)
    by_id = {p["id"]: p for p in data["parcels"]}
    b403 = {i["code"]: i for i in by_id["ZGE-B4-03"]["indicators"]}["investment_intensity"]
    assert (b403["threshold"], b403["passed"], b403["basis"]) == (150, False, "listing")   # the listing binds
    dlt = {i["code"]: i for i in by_id["DLT-A1-01"]["indicators"]}
    assert by_id["DLT-A1-01"]["table"] == "park-dalate"
    assert dlt["green_ratio"]["passed"] is True and dlt["investment_intensity"]["illustrative"] is True
    assert _check_via_parser(project, "--parcel", "ZGE-B4-01", "--json") == 0
    assert [p["id"] for p in json.loads(capsys.readouterr().out)["parcels"]] == ["ZGE-B4-01"]


def test_parcels_check_text_and_unknown_parcel(project, capsys):
    assert _check_via_parser(project, "--parcel", "ZGE-B4-01") == 0
    out = capsys.readouterr().out
    assert "固定资产投资强度" in out and "不通过" in out and "14,121.52 万元" in out and "park-zhungeer" in out
    from parkgis.core.errors import UsageError

    with pytest.raises(UsageError, match="no parcel NOPE in the register"):
        _check_via_parser(project, "--parcel", "NOPE")


@pytest.mark.skipif(importlib.util.find_spec("parkgis.cli.parcels") is None,
                    reason="the `parkgis parcels` command (helper store) is not merged on this branch")
def test_parcels_check_as_users_run_it(project):
    proc = parkgis("parcels", "check", project, "--json")
    assert proc.returncode == 0, proc.stderr
    _assert_b4_01(json.loads(proc.stdout))
    bad = parkgis("parcels", "check", project, "--parcel", "NOPE")
    assert bad.returncode == 2 and "NOPE" in bad.stderr


# ------------------------------------------------------------------------------------------ evaluate
def _figures_csv(tmp_path):
    headers = "企业名称,地块编号,年度,用地面积（亩）,税收（万元）,销售收入（万元）,工业增加值（万元）,综合能耗（吨标准煤）," \
              "研发投入（万元）,从业人员（人）,新办企业,安全生产一票否决"
    rows = [f"企业{k},P-{k:02d},2025,10,{10 * k},{100 * k},{50 * k},50,{k},10,否,否" for k in range(1, 20)]
    rows.append("内蒙古甲公司,ZGE-B4-01,2025,,320,31600,8200,12000,950,180,否,否")   # area from the register
    rows.append("内蒙古甲公司,ZGE-B4-01,2024,,300,30000,8000,12000,900,180,否,否")   # another year
    path = tmp_path / "年度数据.csv"
    path.write_text("\n".join([headers, *rows]), encoding="utf-8-sig")
    return path


def test_evaluate_json(project, tmp_path, capsys):
    figures = _figures_csv(tmp_path)
    data = _json(capsys, ["evaluate", str(project), "--year", "2025", "--figures", str(figures), "--json"])
    assert data["year"] == 2025 and data["summary"]["firms"] == 20
    assert data["summary"]["counts"] == {"A": 5, "B": 9, "C": 5, "D": 1}
    firms = {f["parcel"]: f for f in data["firms"]}
    assert firms["P-01"]["grade"] == "D" and firms["P-19"]["grade"] == "A"
    assert firms["ZGE-B4-01"]["indicators"]["tax_per_mu"]["value"] == pytest.approx(320 / 105.3845, abs=1e-3)
    assert data["parcels"]["ZGE-B4-01"] == firms["ZGE-B4-01"]["grade"]
    assert data["firms"][0]["rank"] == 1


def test_evaluate_text_and_errors(project, tmp_path, capsys):
    figures = _figures_csv(tmp_path)
    assert run_cli(["evaluate", str(project), "--year", "2025", "--figures", str(figures)]) == 0
    out = capsys.readouterr().out
    assert "2025 年度亩均效益评价" in out and "等级分布：A 5，B 9，C 5，D 1" in out
    assert run_cli(["evaluate", str(project), "--year", "2025"]) == 2          # nothing stored, no --figures
    assert "--figures" in capsys.readouterr().err
    assert run_cli(["evaluate", str(project), "--year", "2019", "--figures", str(figures)]) == 1
    assert "no annual figures for 2019" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("企业名称,用地面积（亩）,税收（万元）\n甲,10,很多\n", encoding="utf-8")
    proc = parkgis("evaluate", project, "--year", "2025", "--figures", bad)
    assert proc.returncode == 1 and "row 2, column 税收（万元）: not a number" in proc.stderr


def test_evaluate_reads_the_figures_stored_in_the_project(project, capsys):
    figures_module = pytest.importorskip("parkgis.core.parcels.figures")
    if not hasattr(figures_module, "figures_change_builder"):
        pytest.skip("the stored annual figures (helper ledger) are not merged on this branch")
    records = [figures_module.AnnualFigures(year=2025, parcel_id=f"P-{k:02d}", enterprise=f"企业{k}", area_mu=10,
                                            tax_wan=10 * k, sales_wan=100 * k, value_added_wan=50 * k, energy_tce=50,
                                            rd_wan=k, staff=10) for k in range(1, 21)]
    p = Project.open(project)
    session = p.edit_register()
    session.commit(also=figures_module.figures_change_builder([(None, f) for f in records]))
    session.close()
    data = _json(capsys, ["evaluate", str(project), "--year", "2025", "--json"])
    assert data["summary"]["counts"] == {"A": 5, "B": 9, "C": 5, "D": 1}
    assert {f["parcel"]: f["grade"] for f in data["firms"]}["P-20"] == "A"


# ------------------------------------------------------------------------------------------ the sample
SAMPLE = __import__("pathlib").Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


def test_idle_shows_the_samples_idle_parcels_and_the_ones_due_soon(capsys):
    from parkgis.core.parcels.register import load_register

    if not load_register(SAMPLE).parcels:
        pytest.skip("the sample carries no register on this branch")
    data = _json(capsys, ["idle", str(SAMPLE), "--as-of", "2026-11-25", "--json"])
    late = sorted(p["id"] for p in data["parcels"] if p["status"] in ("idle", "reclaim"))
    assert late == ["DLT-H7-01", "ETK-N9-01", "HJ-O3-04", "SHM-J8-04", "ZGE-E6-02"]
    assert all(p["fee_wan"] and p["fee_wan"] > 0 for p in data["parcels"] if p["id"] in late)
    alerts = {a["parcel"]: (a["deadline"], a["date"], a["window"]) for a in data["alerts"]}
    assert alerts["MS-V10-02"] == ("idle", "2026-12-12", 30)
    assert alerts["HJ-O7-04"] == ("idle", "2027-01-11", 90)      # a year of suspension from 2026-01-10
    b4 = {p["id"]: p for p in _json(capsys, ["parcels", "check", str(SAMPLE), "--parcel", "ZGE-B4-01",
                                               "--json"])["parcels"]}["ZGE-B4-01"]
    assert b4["table"] == "park-zhungeer"
    ind = {i["code"]: i for i in b4["indicators"]}
    assert ind["investment_intensity"]["required_total"] == pytest.approx(14121.5, abs=0.05)
