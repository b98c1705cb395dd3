"""``parkgis parcels import|export`` run as a user runs them, on real projects made in tmp_path (a parcel layer
of real EPSG:4545 coordinates and a register with events, a correction and annual figures)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys

import geopandas as gpd
import openpyxl
import pytest
import shapely

from parkgis.cli.main import run_cli
from parkgis.core.layers import VectorLayer
from parkgis.core.parcels.figures import AnnualFigures, figures_change_builder, load_figures
from parkgis.core.parcels.model import Bound, ParcelRecord, Stage
from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project
from parkgis.core.roles import Role

D = dt.date
IDS = ["ZGE-B4-01", "ZGE-B4-02", "ZGE-B4-03"]


def parkgis(*argv):
    return subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True,
                          env={**os.environ, "PARKGIS_LANG": "en"})


def parcel_layer_project(path):
    """A project with a parcel layer of three plots in 3° zone 36 (EPSG:4545, CM 108°E), keyed by DKBH."""
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": IDS, "DKMC": ["B4-01", "B4-02", "B4-03"]},
                           geometry=[shapely.box(500_000, 4_400_000, 500_100, 4_400_100),
                                     shapely.box(500_200, 4_400_000, 500_300, 4_400_100),
                                     shapely.box(500_400, 4_400_000, 500_500, 4_400_100)], crs=4545)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    return Project.open(path)


def b4_01(layer_id) -> ParcelRecord:
    return ParcelRecord(
        "ZGE-B4-01", name="准格尔经济开发区B4-01地块", park="准格尔经济开发区", use_code="1001", use_name="工业用地",
        industry="新材料", region="准格尔旗", layer_id=layer_id, fid=1, area_m2=70256.33,
        ellipsoidal_area_m2=70227.12, declared_area_m2=70256.3, term_years=50, starting_price_wan=629.0,
        deposit_wan=629.0, increment_wan=10.0, buyer="内蒙古某新材料有限公司", land_price_wan=629.0,
        contract_no="15062220250001", contract_date=D(2025, 6, 20), agreement_no="XY-2025-01",
        agreement_date=D(2025, 6, 20), listed_on=D(2025, 5, 10), agreed_start=D(2025, 12, 31),
        agreed_completion=D(2027, 12, 31), committed_investment_wan=14000.0, invested_wan=2940.0,
        developed_share=0.4, invested_share=0.21, annual_tax_wan=320.0, annual_output_wan=31600.0,
        building_area_m2=70256.0, stage=Stage.LISTED, preparation_done=frozenset({"给水", "排水", "电", "路"}),
        assessments_done=frozenset({"环境影响评价"}),
        bounds={"investment_intensity": Bound(minimum=134.0), "tax_per_mu": Bound(minimum=3.0),
                "floor_area_ratio": Bound(minimum=0.65, maximum=2.5), "building_coverage": Bound(minimum=40.0),
                "green_ratio": Bound(maximum=20.0), "admin_ratio": Bound(maximum=7.0),
                "environmental_standard": Bound(text="GB 8978-1996 一级")},
        idle_cause="", government_delay_days=0, note="-起拍价按评估价")


FIGURES = [AnnualFigures(2025, "ZGE-B4-01", "内蒙古某新材料有限公司", firm_id="91150622MA0XXXXXXX", tax_wan=320.0,
                         sales_wan=31600.0, value_added_wan=8200.0, energy_tce=12000.0, rd_wan=950.0, staff=180,
                         new_firm=True),
           AnnualFigures(2025, "", "园区外某企业", tax_wan=12.5, area_mu=20.0, safety_veto=True, note="对照")]


def registered_project(path):
    """The parcel-layer project with B4-01 in the register: sold, contracted, delivered, started — the start
    first entered wrongly and corrected —, and one listed parcel; two rows of annual figures."""
    project = parcel_layer_project(path)
    layer_id = project.layer("地块").id
    with project.edit_register() as reg:
        reg.add_parcel(b4_01(layer_id))
        reg.add_parcel(ParcelRecord("ZGE-B4-02", name="B4-02", park="准格尔经济开发区", layer_id=layer_id, fid=2,
                                    stage=Stage.LISTED, listed_on=D(2026, 10, 1), starting_price_wan=90.0))
        reg.record_event("ZGE-B4-01", "成交", "2025-06-10", by="张三", note="网上挂牌成交")
        reg.record_event("ZGE-B4-01", "出让合同", "2025-06-20", by="张三")
        reg.record_event("ZGE-B4-01", "交地", "2025-07-01", by="李四")
        wrong = reg.record_event("ZGE-B4-01", "开工", "2026-03-01", by="李四", note="误录")
        reg.commit()
        wrong = reg.final_id(wrong)
        reg.correct_event(wrong, date="2026-03-15", by="王五", reason="施工许可证日期为 3 月 15 日")
        reg.commit(also=figures_change_builder([(None, f) for f in FIGURES]))
    return Project.open(path)


def _comparable(record: ParcelRecord):
    """A record as the round trip must keep it: every field (the map link by fid only: a layer id is the
    project's own), and the events by content — the correction named by the position of what it corrects."""
    events = sorted(record.events, key=lambda e: (e.date, e.id))
    position = {e.id: k for k, e in enumerate(events)}
    return (dataclasses.replace(record, layer_id=None, events=[]),
            [(e.stage, e.date, e.by, e.note, e.cause, e.reason, e.recorded_at, e.superseded,
              None if e.corrects is None else position[e.corrects]) for e in events])


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_into_a_fresh_project_gives_the_same_register(tmp_path, suffix, capsys):
    source = registered_project(tmp_path / "园区.gpkg")
    assert run_cli(["parcels", "export", str(source.path), str(tmp_path / f"台账{suffix}")]) == 0
    target = parcel_layer_project(tmp_path / "新园区.gpkg")
    assert run_cli(["parcels", "import", str(target.path), str(tmp_path / f"台账{suffix}")]) == 0
    before, after = load_register(source.path).parcels, load_register(target.path).parcels
    assert sorted(after) == sorted(before) == ["ZGE-B4-01", "ZGE-B4-02"]
    for pid in before:
        assert _comparable(after[pid]) == _comparable(before[pid])
        assert after[pid].layer_id == Project.open(target.path).layer("地块").id
    assert len(before["ZGE-B4-01"].events) == 5 and sum(e.superseded for e in before["ZGE-B4-01"].events) == 1
    def figures(path):
        return sorted((s.figures for s in load_figures(path)), key=lambda f: f.key)

    assert figures(target.path) == figures(source.path) == sorted(FIGURES, key=lambda f: f.key)
    # and importing it again changes nothing — not a byte
    data = target.path.read_bytes()
    capsys.readouterr()
    assert run_cli(["parcels", "import", str(target.path), str(tmp_path / f"台账{suffix}")]) == 0
    assert "nothing to change" in capsys.readouterr().err
    assert target.path.read_bytes() == data


def test_import_is_one_audited_commit(tmp_path):
    project = parcel_layer_project(tmp_path / "园区.gpkg")
    path = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记表"
    ws.append(["地块编号", "成交价（万元）", "约定开工日期"])
    ws.append(["ZGE-B4-03", 500, "2026年12月31日"])
    wb.save(path)
    assert run_cli(["parcels", "import", str(project.path), str(path)]) == 0
    record = load_register(project.path).get("ZGE-B4-03")
    assert (record.land_price_wan, record.agreed_start, record.fid, record.name) == (500.0, D(2026, 12, 31), 3, "B4-03")
    assert record.area_m2 == pytest.approx(10_000.0, abs=0.01)    # the feature's own area, in its zone
    audit = [a for a in Project.open(project.path).audit_log() if a.get("layer") in ("标准地台账", "标准地事件")]
    assert len(audit) == 1 and audit[0]["action"] == "import" and audit[0]["reason"] == "台账导入 台账.xlsx"


def _bad_workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记表"
    for row in (["地块编号", "成交价（万元）", "成交日期", "实际开工日期", "当前阶段", "已开发面积比例（0–1）"],
                ["ZGE-B4-01", "六百", "2025-06-10", "2025-06-01", None, 0.4],      # row 2
                ["ZGE-X-99", 629, None, None, None, None],                         # row 3
                ["ZGE-B4-01", 629, None, None, None, None],                        # row 4
                ["ZGE-B4-02", 629, "2026-02-30", None, "动工", 1.2]):              # row 5
        ws.append(row)
    ev = wb.create_sheet("事件表")
    ev.append(["地块编号", "阶段", "日期"])
    ev.append(["ZGE-B4-02", "竣工", "2026-05-01"])                               # 挂牌 → 竣工: illegal
    wb.save(path)
    return path


EXPECTED_PROBLEMS = [
    ("登记表", 2, "成交价（万元）", "六百 is not a number"),
    ("登记表", 2, "实际开工日期", "实际开工日期 2025-06-01 lies before the sale (成交日期 2025-06-10)"),
    ("登记表", 3, "地块编号", "ZGE-X-99 names no parcel of the register nor a feature of the parcel layer"),
    ("登记表", 4, "地块编号", "ZGE-B4-01 appears twice (also in row 2)"),
    ("登记表", 5, "成交日期", "2026-02-30 is not a date: month 2 of 2026 has 28 days"),
    ("登记表", 5, "当前阶段", "动工 is not a stage: use one of 储备、前期开发、区域评估、挂牌、成交、出让合同、交地、开工、竣工、"
                            "投产、达产复核、闲置、收回"),
    ("登记表", 5, "已开发面积比例（0–1）", "the share 1.2 lies outside 0–1 (write 35 % as 0.35 or 35%)"),
]


def test_a_refused_import_lists_every_problem_and_leaves_the_project_byte_identical(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    data = project.path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())
    bad = _bad_workbook(tmp_path / "bad.xlsx")
    proc = parkgis("parcels", "import", project.path, bad)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    for sheet, row, column, message in EXPECTED_PROBLEMS:
        assert f"parkgis parcels: error: {bad}: {sheet} row {row}, column {column}: {message}" in lines
    transition = [line for line in lines if "事件表 row 2, column 阶段" in line]
    assert len(transition) == 1 and "cannot go from 挂牌 to 竣工" in transition[0]
    assert lines[-1] == f"parkgis parcels: error: {bad}: {len(EXPECTED_PROBLEMS) + 1} problem(s); nothing imported"
    assert "Traceback" not in proc.stderr
    assert project.path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files + ["bad.xlsx"])   # no journal, no temporary


def test_a_refused_import_as_json(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    data = project.path.read_bytes()
    proc = parkgis("parcels", "import", project.path, _bad_workbook(tmp_path / "bad.xlsx"), "--json")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert [(p["sheet"], p["row"], p["column"], p["message"]) for p in out["problems"]][:7] == EXPECTED_PROBLEMS
    assert out["written"] is False
    assert project.path.read_bytes() == data


def test_dry_run_lists_the_changes_and_writes_nothing(tmp_path, capsys):
    project = registered_project(tmp_path / "园区.gpkg")
    path = tmp_path / "台账.xlsx"
    assert run_cli(["parcels", "export", str(project.path), str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["登记表"]
    headers = [c.value for c in ws[1]]
    ws.cell(2, headers.index("成交价（万元）") + 1, "650")
    ws.append(["ZGE-B4-03", "B4-03"])                                   # a feature of the layer, not registered
    ev = wb["事件表"]
    ev.append(["ZGE-B4-01", None, "竣工", "2027-11-30", "王五"])
    wb.save(path)
    data = project.path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())
    capsys.readouterr()
    assert run_cli(["parcels", "import", str(project.path), str(path), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "ZGE-B4-01: 成交价（万元）: 629 → 650; 当前阶段: 开工 → 竣工; new event 竣工 2027-11-30 (王五)",
        "ZGE-B4-03: added (linked to feature 3, 储备)",
    ]
    assert "dry run" in err and "nothing written" in err
    assert project.path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == files
    assert run_cli(["parcels", "import", str(project.path), str(path), "--dry-run", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["dry_run"] is True and got["written"] is False and got["problems"] == []
    changed = {p["id"]: p for p in got["parcels"]}
    assert changed["ZGE-B4-01"]["fields"][0] == {"field": "land_price_wan", "column": "成交价（万元）", "old": 629.0,
                                                 "new": 650.0}
    assert changed["ZGE-B4-01"]["events"] == [{"row": 7, "stage": "竣工", "date": "2027-11-30", "by": "王五", "note": "",
                                               "corrects": None}]
    assert changed["ZGE-B4-03"]["action"] == "added"
    assert project.path.read_bytes() == data
    # the same import for real
    assert run_cli(["parcels", "import", str(project.path), str(path)]) == 0
    register = load_register(project.path)
    assert register.get("ZGE-B4-01").land_price_wan == 650.0
    assert register.get("ZGE-B4-01").stage is Stage.COMPLETED
    assert register.get("ZGE-B4-01").actual_completion == D(2027, 11, 30)
    assert register.get("ZGE-B4-03").fid == 3


def test_export_refuses_to_overwrite_the_project_and_writes_atomically(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    data = project.path.read_bytes()
    proc = parkgis("parcels", "export", project.path, project.path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert project.path.read_bytes() == data
    proc = parkgis("parcels", "export", project.path, tmp_path / "台账.csv")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["台账.csv", "台账.events.csv", "台账.figures.csv", "园区.gpkg"]   # no temporary left
    assert (tmp_path / "台账.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert project.path.read_bytes() == data


def test_usage_errors(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    proc = parkgis("parcels", "export", project.path, tmp_path / "台账.txt")
    assert proc.returncode == 2 and ".xlsx or .csv" in proc.stderr
    proc = parkgis("parcels", "import", project.path, tmp_path / "missing.xlsx")
    assert proc.returncode == 1 and "file not found" in proc.stderr


def test_changed_annual_figures_are_updated_and_audited(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    path = tmp_path / "台账.xlsx"
    assert run_cli(["parcels", "export", str(project.path), str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["年度数据"]
    headers = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, headers.index("企业名称") + 1).value == "园区外某企业")
    ws.cell(row, headers.index("税收（万元）") + 1, "13.5")
    ws.append(["ZGE-B4-02", "某新企业", None, "2026年", 1])
    wb.save(path)
    assert run_cli(["parcels", "import", str(project.path), str(path)]) == 0
    stored = {s.figures.key: s for s in load_figures(project.path)}
    assert stored[("", "园区外某企业", 2025)].figures.tax_wan == 13.5
    assert stored[("", "园区外某企业", 2025)].version == 2
    assert stored[("ZGE-B4-02", "某新企业", 2026)].figures.tax_wan == 1.0
    audit = [a for a in Project.open(project.path).audit_log() if a.get("layer") == "亩均年度数据"]
    assert [a["action"] for a in audit][-2:] == ["import", "import"]
    assert audit[-1]["reason"] == "台账导入 台账.xlsx"
    proc = parkgis("history", project.path, "--layer", "亩均年度数据", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert {r["layer"] for r in rows} == {"亩均年度数据"}
    # two rows stored with the register, then the import: row 2 changed (its version 2), row 3 added
    assert [(r["operation"], r["fid"], r["version"]) for r in rows] == [("add", 1, 1), ("add", 2, 1), ("import", 2, 2),
                                                                        ("import", 3, 1)]


def test_problems_in_chinese(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    bad = _bad_workbook(tmp_path / "bad.xlsx")
    proc = subprocess.run([sys.executable, "-m", "parkgis", "parcels", "import", str(project.path), str(bad)],
                          capture_output=True, text=True, env={**os.environ, "PARKGIS_LANG": "zh_CN"})
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert f"parkgis parcels：错误：{bad}：登记表 第 2 行 成交价（万元） 列：六百 不是数字" in lines
    assert f"parkgis parcels：错误：{bad}：登记表 第 5 行 成交日期 列：2026-02-30 不是有效日期：2026 年 2 月只有 28 天" in lines
    assert lines[-1] == f"parkgis parcels：错误：{bad}：发现 8 个问题；未导入任何内容"
    assert not any(re.search(r"\b(row|column|is not)\b", line) for line in lines), lines


def test_the_figures_survive_a_whole_file_save(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    before = sorted((s.figures for s in load_figures(project.path)), key=lambda f: f.key)
    gdf = gpd.GeoDataFrame({"name": ["园区"]}, geometry=[shapely.box(499_000, 4_399_000, 501_000, 4_401_000)], crs=4545)
    project.add_layer(VectorLayer("园区范围", gdf, role=Role.PARK))
    project.save()                                   # layers added: the whole file is written anew
    assert sorted((s.figures for s in load_figures(project.path)), key=lambda f: f.key) == before
    assert len(load_register(project.path).parcels) == 2


def test_dry_run_lists_the_same_problems(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    data = project.path.read_bytes()
    bad = _bad_workbook(tmp_path / "bad.xlsx")
    real, dry = parkgis("parcels", "import", project.path, bad), parkgis("parcels", "import", project.path, bad, "--dry-run")
    assert real.returncode == dry.returncode == 1
    assert dry.stderr == real.stderr and "row 5, column 当前阶段" in dry.stderr
    assert project.path.read_bytes() == data


def test_a_problem_names_the_file_and_the_sheet_it_lies_in(tmp_path):
    project = registered_project(tmp_path / "园区.gpkg")
    (tmp_path / "台账.csv").write_text("地块编号,成交价（万元）\nZGE-B4-01,629\n", encoding="utf-8")
    events = tmp_path / "台账.events.csv"
    events.write_text("地块编号,阶段,日期\nZGE-B4-01,竣工,2026-13-01\n", encoding="utf-8")
    proc = parkgis("parcels", "import", project.path, tmp_path / "台账.csv")
    assert proc.returncode == 1
    assert f"parkgis parcels: error: {events}: 事件表 row 2, column 日期: 2026-13-01 is not a date: there is no month " \
           f"13" in proc.stderr.splitlines()
    proc = parkgis("parcels", "import", project.path, tmp_path / "台账.csv", "--json")
    (problem,) = json.loads(proc.stdout)["problems"]
    assert problem == {"sheet": "事件表", "table": "事件表", "file": str(events), "row": 2, "column": "日期",
                       "message": "2026-13-01 is not a date: there is no month 13"}
    # a workbook whose register is a sheet of another name: the problem names that sheet
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["地块编号", "地块名称", "成交价（万元）"])
    wb.active.append(["ZGE-B4-01", "B4-01", "约600"])
    wb.save(tmp_path / "台账.xlsx")
    proc = parkgis("parcels", "import", project.path, tmp_path / "台账.xlsx")
    assert f"parkgis parcels: error: {tmp_path / '台账.xlsx'}: Sheet1 row 2, column 成交价（万元）: 约600 is not a number" \
        in proc.stderr.splitlines()
