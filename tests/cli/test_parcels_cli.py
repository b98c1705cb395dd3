"""``parkgis parcels list|set|stage|correct|from-layer`` on a real project file, run as users run it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import geopandas as gpd
import pytest
from shapely import box

from parkgis.cli.main import run_cli
from parkgis.core.layers import VectorLayer
from parkgis.core.parcels.model import ParcelRecord, Stage
from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project
from parkgis.core.roles import Role

D = dt.date


@pytest.fixture()
def project_path(tmp_path):
    project = Project.create(tmp_path / "园区.gpkg", crs=4545)
    gdf = gpd.GeoDataFrame({"DKBH": ["ZGE-B4-01", "ZGE-B4-02"], "BZD": ["是", "是"],
                            "YQMC": ["准格尔经济开发区", "达拉特经济开发区"], "DKMC": ["B4-01地块", "B4-02地块"],
                            "SMZQJD": ["挂牌", "出让合同"], "CJJ": [None, 500.0], "YDKGRQ": [None, "2025-06-30"]},
                           geometry=[box(500_000, 4_400_000, 500_100, 4_400_100),
                                     box(500_200, 4_400_000, 500_300, 4_400_050)], crs=4545)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    assert run_cli(["parcels", "from-layer", str(project.path)]) == 0
    return project.path


def cli(capsys, *argv) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run_cli(["parcels", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_the_contract_keys(project_path, capsys):
    code, out, _ = cli(capsys, "list", project_path, "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["parcels"]
    first = data["parcels"][0]
    for key in ("id", "name", "park", "stage", "area_m2", "ellipsoidal_area_m2", "area_mu", "agreed_start",
                "actual_start", "land_price_wan", "events"):
        assert key in first
    assert first["id"] == "ZGE-B4-01" and first["stage"] == "挂牌" and first["park"] == "准格尔经济开发区"
    assert first["area_m2"] == 10000.0 and first["area_mu"] == 15.0
    assert first["ellipsoidal_area_m2"] == pytest.approx(10000.0, rel=2e-3)
    second = data["parcels"][1]
    assert second["agreed_start"] == "2025-06-30" and second["land_price_wan"] == 500.0
    assert cli(capsys, "stage", project_path, "ZGE-B4-01", "成交", "--date", "2026/11/25", "--by", "王工",
               "--note", "挂牌成交")[0] == 0
    events = json.loads(cli(capsys, "list", project_path, "--json")[1])["parcels"][0]["events"]
    assert [{k: e[k] for k in ("stage", "date", "by", "note")} for e in events] == \
        [{"stage": "成交", "date": "2026-11-25", "by": "王工", "note": "挂牌成交"}]


def test_list_filters_by_stage_and_park_and_prints_a_table(project_path, capsys):
    ids = lambda *a: [p["id"] for p in json.loads(cli(capsys, "list", project_path, "--json", *a)[1])["parcels"]]  # noqa: E731
    assert ids("--stage", "出让合同") == ["ZGE-B4-02"]
    assert ids("--stage", "签约") == ["ZGE-B4-02"]       # an accepted spelling
    assert ids("--park", "准格尔") == ["ZGE-B4-01"]
    assert ids("--stage", "开工") == []
    code, _, err = cli(capsys, "list", project_path, "--stage", "拍卖中")
    assert code == 2 and "no lifecycle stage is named 拍卖中" in err
    code, out, _ = cli(capsys, "list", project_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["地块编号", "地块名称", "园区", "阶段", "面积（亩）", "约定开工", "实际开工",
                                "成交价（万元）", "最近事件"]
    assert lines[1].split()[:5] == ["ZGE-B4-01", "B4-01地块", "准格尔经济开发区", "挂牌", "15.0000"]
    assert lines[-1] == "共 2 个标准地"


@pytest.mark.parametrize("key, value, expected", [
    ("agreed_start", "2026-11-25", D(2026, 11, 25)),
    ("agreed_start", "2026/11/25", D(2026, 11, 25)),
    ("agreed_start", "2026年11月25日", D(2026, 11, 25)),
    ("agreed_completion", "2028/6/30", D(2028, 6, 30)),
    ("actual_start", "2027年1月5日", D(2027, 1, 5)),
    ("land_price_wan", "629", 629.0),
    ("committed_investment_wan", "14121.5", 14121.5),
    ("annual_tax_wan", "320", 320.0),
    ("developed_share", "0.3", 0.3),
    ("invested_share", "1", 1.0),
    ("invested_share", "0", 0.0),
])
def test_set_every_contract_key(project_path, capsys, key, value, expected):
    code, _, err = cli(capsys, "set", project_path, "ZGE-B4-01", f"{key}={value}")
    assert code == 0, err
    assert getattr(load_register(project_path).get("ZGE-B4-01"), key) == expected
    audit = [r for r in Project.open(project_path).audit_log() if r.get("layer_id") == "parkgis_parcels"]
    assert json.loads(audit[-1]["detail"]) == {"changed": [key]}


def test_set_several_keys_at_once_and_clear_one(project_path, capsys):
    assert cli(capsys, "set", project_path, "ZGE-B4-02", "land_price_wan=650.5", "agreed_start=",
               "bound_investment_intensity_min=134")[0] == 0
    record = load_register(project_path).get("ZGE-B4-02")
    assert record.land_price_wan == 650.5 and record.agreed_start is None
    assert record.bounds["investment_intensity"].minimum == 134.0


@pytest.mark.parametrize("argv, message", [
    (["invested_share=1.5"], "invested_share: 1.5 is not a share between 0 and 1"),
    (["developed_share=-0.2"], "developed_share: -0.2 is not a share between 0 and 1"),
    (["agreed_start=2026-02-30"], "agreed_start: 2026-02-30 is not a date: month 2 of 2026 has 28 days"),
    (["land_price_wan=abc"], "land_price_wan: abc is not a number"),
    (["colour=red"], "unknown register field colour; fields: name, park"),
    (["land_price_wan"], "land_price_wan: write KEY=VALUE"),
    (["stage=开工"], "stage is changed by a lifecycle event"),
    (["land_price_wan=600", "agreed_start=2026-13-01"], "there is no month 13"),
])
def test_a_refused_set_leaves_the_file_unchanged(project_path, capsys, argv, message):
    before = project_path.read_bytes()
    code, out, err = cli(capsys, "set", project_path, "ZGE-B4-01", *argv)
    assert code == 2
    assert message in err and err.count("\n") == 1 and err.startswith("parkgis parcels: error: ")
    assert project_path.read_bytes() == before


def test_an_unknown_parcel_is_named(project_path, capsys):
    before = project_path.read_bytes()
    code, _, err = cli(capsys, "set", project_path, "ZGE-X", "land_price_wan=1")
    assert code == 2 and "the register has no parcel ZGE-X; parcels: ZGE-B4-01, ZGE-B4-02" in err
    code, _, err = cli(capsys, "stage", project_path, "ZGE-X", "成交", "--date", "2026-01-01")
    assert code == 2 and "no parcel ZGE-X" in err
    assert project_path.read_bytes() == before


def test_stage_records_an_event_and_refuses_an_illegal_one(project_path, capsys):
    code, _, err = cli(capsys, "stage", project_path, "ZGE-B4-02", "交地", "--date", "2025年3月1日", "--by", "李工")
    assert code == 0 and "出让合同 → 交地 2025-03-01" in err
    record = load_register(project_path).get("ZGE-B4-02")
    assert record.stage == Stage.DELIVERED and record.delivered_on == D(2025, 3, 1)
    before = project_path.read_bytes()
    for argv, message in [
        (["ZGE-B4-01", "开工", "--date", "2026-12-01"],
         "parcel ZGE-B4-01: cannot go from 挂牌 to 开工: 开工 may only follow 交地、闲置; after 挂牌 comes 成交、储备"),
        (["ZGE-B4-02", "开工", "--date", "2025-02-28"],
         "the date 2025-02-28 is before the previous event (交地 on 2025-03-01)"),
        (["ZGE-B4-02", "开工", "--date", "2025-02-30"], "2025-02-30 is not a date: month 2 of 2025 has 28 days"),
        (["ZGE-B4-02", "动工", "--date", "2025-04-01"], "no lifecycle stage is named 动工"),
        (["ZGE-B4-02", "闲置", "--date", "2025-06-30"], "is not after the agreed start date 2025-06-30"),
    ]:
        code, _, err = cli(capsys, "stage", project_path, *argv)
        assert code == 2 and message in err, err
    assert project_path.read_bytes() == before
    assert cli(capsys, "stage", project_path, "ZGE-B4-02", "闲置", "--date", "2026-07-01", "--cause", "企业原因")[0] == 0
    record = load_register(project_path).get("ZGE-B4-02")
    assert record.stage == Stage.IDLE and record.idle_cause == "企业原因"


def test_correct_keeps_the_wrong_entry(project_path, capsys):
    assert cli(capsys, "stage", project_path, "ZGE-B4-02", "交地", "--date", "2025-03-01")[0] == 0
    wrong = load_register(project_path).get("ZGE-B4-02").events[0].id
    code, _, err = cli(capsys, "correct", project_path, wrong, "--date", "2025-03-10", "--reason", "以交地确认书为准")
    assert code == 0, err
    parcel = json.loads(cli(capsys, "list", project_path, "--json")[1])["parcels"][1]
    assert [(e["date"], e["corrects"]) for e in parcel["events"]] == [("2025-03-10", wrong)]
    assert [e["date"] for e in parcel["superseded_events"]] == ["2025-03-01"]
    assert parcel["delivered_on"] == "2025-03-10"
    code, _, err = cli(capsys, "correct", project_path, wrong, "--date", "2025-03-11", "--reason", "x")
    assert code == 2 and "already corrected" in err


def test_the_module_runs_as_users_run_it(project_path):
    done = subprocess.run([sys.executable, "-m", "parkgis", "parcels", "list", str(project_path), "--json"],
                          capture_output=True, text=True, env={"PARKGIS_LANG": "en", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert [p["id"] for p in json.loads(done.stdout)["parcels"]] == ["ZGE-B4-01", "ZGE-B4-02"]
    done = subprocess.run([sys.executable, "-m", "parkgis", "parcels"], capture_output=True, text=True)
    assert done.returncode == 2 and "list" in done.stderr


def test_from_layer_leaves_registered_parcels_alone(project_path, capsys):
    assert cli(capsys, "set", project_path, "ZGE-B4-01", "land_price_wan=629")[0] == 0
    code, _, err = cli(capsys, "from-layer", project_path)
    assert code == 0 and "2 parcel(s) already in the register were left as they are" in err
    assert load_register(project_path).get("ZGE-B4-01").land_price_wan == 629.0
    assert sorted(load_register(project_path).parcels) == ["ZGE-B4-01", "ZGE-B4-02"]


def test_an_empty_register_lists_nothing(tmp_path, capsys):
    project = Project.create(tmp_path / "空.gpkg", crs=4545)
    code, out, _ = cli(capsys, "list", project.path, "--json")
    assert code == 0 and json.loads(out) == {"parcels": []}
    assert ParcelRecord("x").stage == Stage.RESERVE


def test_history_lists_the_register_rows(project_path, capsys):
    assert cli(capsys, "set", project_path, "ZGE-B4-01", "land_price_wan=629")[0] == 0
    capsys.readouterr()
    assert run_cli(["history", str(project_path), "--layer", "标准地台账", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["layer"], r["fid"], r["operation"], r["changed"]) for r in rows] == [
        ("标准地台账", 1, "add", None), ("标准地台账", 2, "add", None),
        ("标准地台账", 1, "attributes", ["land_price_wan"])]
    assert run_cli(["history", str(project_path), "--layer", "parkgis_parcels", "--fid", "1", "--json"]) == 0
    versions = json.loads(capsys.readouterr().out)
    assert [(v["version"], v["attributes"]["land_price_wan"]) for v in versions] == [(1, None), (2, 629.0)]
