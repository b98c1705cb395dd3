"""The 台账 (parkgis.core.parcels.ledger): XLSX/CSV round trip, tolerant headers and cells, every kind of bad
input reported at its sheet, row and column."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import pytest

from parkgis.core.messages import localize
from parkgis.core.parcels.figures import AnnualFigures
from parkgis.core.parcels.ledger import (
    EVENT_COLUMNS,
    FIGURE_COLUMNS,
    REGISTER_COLUMNS,
    Problem,
    csv_paths,
    match_header,
    plan_import,
    read_ledger,
    write_ledger,
)
from parkgis.core.parcels.model import INDICATORS, Bound, Direction, Event, ParcelRecord, Stage

D = dt.date


def b4_01() -> ParcelRecord:
    """The 准格尔经济开发区 B4-01 listing (DESIGN §5) with every register field filled."""
    record = ParcelRecord(
        "ZGE-B4-01", name="准格尔经济开发区B4-01地块", park="准格尔经济开发区", use_code="1001", use_name="工业用地",
        industry="新材料", region="准格尔旗", area_m2=70256.33, ellipsoidal_area_m2=70227.118, declared_area_m2=70256.3,
        term_years=50, starting_price_wan=629.0, deposit_wan=629.0, increment_wan=10.0, buyer="内蒙古某新材料有限公司",
        land_price_wan=629.0, contract_no="15062220250001", contract_date=D(2025, 6, 20), agreement_no="XY-2025-01",
        agreement_date=D(2025, 6, 20), listed_on=D(2025, 5, 10), sold_on=D(2025, 6, 10), delivered_on=D(2025, 7, 1),
        agreed_start=D(2025, 12, 31), agreed_completion=D(2027, 12, 31), actual_start=D(2026, 3, 15),
        actual_completion=D(2027, 11, 30), committed_investment_wan=14000.0, invested_wan=2940.0,
        developed_share=0.4, invested_share=0.21, suspended_since=D(2026, 9, 1), annual_tax_wan=320.0,
        annual_output_wan=31600.0, building_area_m2=70256.0, stage=Stage.STARTED,
        preparation_done=frozenset({"给水", "排水", "电", "路", "场地平整"}),
        assessments_done=frozenset({"环境影响评价", "节能评价"}),
        bounds={"investment_intensity": Bound(minimum=134.0), "tax_per_mu": Bound(minimum=3.0),
                "floor_area_ratio": Bound(minimum=0.65, maximum=2.5), "building_coverage": Bound(minimum=40.0),
                "green_ratio": Bound(maximum=20.0), "admin_ratio": Bound(maximum=7.0),
                "output_per_mu": Bound(minimum=300.0, maximum=5000.0),
                "energy_value_added": Bound(minimum=0.5), "emission_value_added": Bound(minimum=12.5),
                "environmental_standard": Bound(text="GB 8978-1996 一级"),
                "industry_admission": Bound(text="新材料、现代煤化工")},
        idle_cause="企业原因", government_delay_days=30, note="=HYPERLINK(\"x\") 不是公式",
        events=[Event(Stage.SOLD, D(2025, 6, 10), by="张三", note="网上挂牌成交", id=1, recorded_at="2025-06-10T10:00:00"),
                Event(Stage.CONTRACTED, D(2025, 6, 20), by="张三", id=2),
                Event(Stage.DELIVERED, D(2025, 7, 1), by="李四", id=3),
                Event(Stage.STARTED, D(2026, 3, 1), by="李四", note="-误录", id=4, superseded=True),
                Event(Stage.STARTED, D(2026, 3, 15), by="王五", note="按施工许可更正", id=5, corrects=4,
                      reason="施工许可证日期为 3 月 15 日", from_stage=Stage.DELIVERED)])
    record.events[0].from_stage = Stage.CONTRACTED   # hypothetical: a first event's 原阶段 is carried too
    if hasattr(record, "measured"):
        record.measured = {"building_coverage": 43.5, "green_ratio": 15.0}
    return record


def other() -> ParcelRecord:
    return ParcelRecord("ZGE-B4-02", name="B4-02", park="准格尔经济开发区", area_m2=10000.0, stage=Stage.LISTED,
                        listed_on=D(2026, 10, 1), starting_price_wan=90.0)


FIGURES = [AnnualFigures(2025, "ZGE-B4-01", "内蒙古某新材料有限公司", tax_wan=320.0, sales_wan=31600.0,
                         value_added_wan=8200.0, energy_tce=12000.0, rd_wan=950.0, staff=180, new_firm=True,
                         note="新投产"),
           AnnualFigures(2025, "", "园区外某企业", tax_wan=12.5, area_mu=20.0, safety_veto=True)]
LINKS = {"ZGE-B4-01": ("parcels-layer", 1), "ZGE-B4-02": ("parcels-layer", 2), "ZGE-B4-03": ("parcels-layer", 3)}


def _event_content(events):
    """Events as comparable content: (stage, date, by, note, cause, recorded_at, superseded, what it corrects)
    with the corrected event named by its position, not its id."""
    ordered = sorted(events, key=lambda e: (e.date, e.stage.value))
    return ordered


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_into_an_empty_register_gives_every_field_event_and_figure(tmp_path, suffix):
    records = [b4_01(), other()]
    written = write_ledger(tmp_path / f"台账{suffix}", records, FIGURES)
    assert len(written) == (1 if suffix == ".xlsx" else 3)
    ledger = read_ledger(written[0])
    assert ledger.problems == [] and ledger.warnings == []
    plan = plan_import(ledger, {}, LINKS, [])
    assert plan.problems == []
    assert [p.action for p in plan.parcels] == ["added", "added"]
    for original, planned in zip(records, plan.parcels, strict=True):
        expected = dataclasses.replace(original, events=[], layer_id="parcels-layer", fid=LINKS[original.id][1])
        assert planned.record == expected                   # every field, bounds and the 七通一平 set included
        new = planned.new_events
        assert [(n.event.stage, n.event.date, n.event.by, n.event.note, n.event.cause, n.event.recorded_at,
                 n.event.reason, n.event.from_stage) for n in new] == \
            [(e.stage, e.date, e.by, e.note, e.cause, e.recorded_at, e.reason, e.from_stage) for e in original.events]
        assert [n.file_id for n in new] == [e.id for e in original.events]
        # the correction of event 4 by event 5 comes back as a link between the two new events
        corrections = [(n.file_id, new[n.corrects_new].file_id) for n in new if n.corrects_new is not None]
        assert corrections == [(e.id, e.corrects) for e in original.events if e.corrects is not None]
    assert [f.figures for f in plan.figures] == sorted(FIGURES, key=lambda f: (f.parcel_id, f.enterprise))
    assert all(f.old is None for f in plan.figures)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_into_the_same_register_changes_nothing(tmp_path, suffix):
    records = [b4_01(), other()]
    path = write_ledger(tmp_path / f"台账{suffix}", records, FIGURES)[0]
    plan = plan_import(read_ledger(path), {r.id: r for r in records}, LINKS, FIGURES)
    assert plan.problems == []
    assert [p.action for p in plan.parcels] == ["unchanged", "unchanged"]
    assert plan.figures == [] and not plan.has_changes


def test_export_headers_are_the_import_headers(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [b4_01()], FIGURES)[0]
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["登记表", "事件表", "年度数据", "填表说明"]
    guide = [[c.value for c in row] for row in wb["填表说明"].iter_rows(min_row=2)]
    assert ["登记表", "固定资产投资强度（万元/亩）≥", "万元/亩", "134", None] in guide
    assert len(guide) == sum(len([c for c in wb[s][1]]) for s in ("登记表", "事件表", "年度数据"))
    for sheet, columns in (("登记表", REGISTER_COLUMNS), ("事件表", EVENT_COLUMNS), ("年度数据", FIGURE_COLUMNS)):
        headers = [c.value for c in wb[sheet][1]]
        for header in headers:
            found = match_header(sheet, header)
            assert found is not None and found[0].header == header and found[1] == 1.0
        assert set(headers) >= {c.header for c in columns if not c.optional_export}
    register = [c.value for c in wb["登记表"][1]]
    assert "固定资产投资强度（万元/亩）≥" in register and "容积率下限" in register and "容积率上限" in register
    assert "绿地率（%）≤" in register and "七通一平（已完成）" in register
    assert "亩均产值（万元/亩）≤" in register      # a rarely used opposite bound is written when a parcel has one
    row = {h: c.value for h, c in zip(register, wb["登记表"][2], strict=True)}
    assert row["七通一平（已完成）"] == "给水、排水、电、路、场地平整"
    assert row["成交日期"] == dt.datetime(2025, 6, 10) and wb["登记表"].cell(2, register.index("成交日期") + 1).is_date
    assert row["备注"].startswith("=") and wb["登记表"].cell(2, register.index("备注") + 1).data_type == "s"
    assert [c.value for c in wb["事件表"][1]][:4] == ["地块编号", "事件编号", "阶段", "日期"]


def test_every_indicator_has_its_bound_columns():
    headers = {c.header for c in REGISTER_COLUMNS}
    for ind in INDICATORS:
        unit = f"（{ind.unit}）" if ind.unit else ""
        if ind.direction is Direction.RANGE:
            assert {f"{ind.name}下限{unit}", f"{ind.name}上限{unit}"} <= headers
        elif ind.direction is Direction.TEXT:
            assert ind.name in headers
        else:
            assert f"{ind.name}{unit}{'≥' if ind.direction is Direction.AT_LEAST else '≤'}" in headers


@pytest.mark.parametrize("written,header,factor", [
    ("固定资产投资强度 (万元/亩) >=", "固定资产投资强度（万元/亩）≥", 1.0),
    ("固定资产投资强度【万元/亩】≥", "固定资产投资强度（万元/亩）≥", 1.0),
    ("TZQD", "固定资产投资强度（万元/亩）≥", 1.0),
    ("固定资产投资强度（万元/公顷）≥", "固定资产投资强度（万元/亩）≥", 1 / 15),
    (" 成交价（万元） ", "成交价（万元）", 1.0),
    ("成交价", "成交价（万元）", 1.0),
    ("成交价（元）", "成交价（万元）", 1e-4),
    ("用地面积（亩）", "用地面积（m²）", 10000 / 15),
    ("用地面积(平方米)", "用地面积（m²）", 1.0),
    ("用地面积（㎡）", "用地面积（m²）", 1.0),
    ("DKBH", "地块编号", 1.0),
    ("容积率≥", "容积率下限", 1.0),
    ("已开发面积比例(0-1)", "已开发面积比例（0–1）", 1.0),
])
def test_tolerant_headers(written, header, factor):
    column, got = match_header("登记表", written)
    assert column.header == header
    assert got == pytest.approx(factor)


def test_an_area_without_its_unit_is_not_guessed():
    assert match_header("登记表", "用地面积") is None     # 亩 or m²? the planner must say


def _workbook(path, register=None, events=None, figures=None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in (("登记表", register), ("事件表", events), ("年度数据", figures)):
        if rows is not None:
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(row)
    wb.save(path)
    return path


def test_dates_in_all_four_forms_including_a_real_excel_date_cell(tmp_path):
    path = tmp_path / "dates.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记表"
    ws.append(["地块编号", "挂牌日期", "成交日期", "约定开工日期", "约定竣工日期"])
    ws.append(["ZGE-B4-01", "2026-11-25", "2026/11/25", "2026年11月25日", dt.date(2026, 11, 25)])
    ws.append(["ZGE-B4-02", "２０２６年１１月２５日", 46351, " 2026-11-25 ", dt.datetime(2026, 11, 25, 0, 0)])
    wb.save(path)
    cell = openpyxl.load_workbook(path)["登记表"]["E2"]
    assert cell.is_date                                 # a true Excel date cell, as Excel itself writes it
    plan = plan_import(read_ledger(path), {}, LINKS)
    assert plan.problems == []
    for p in plan.parcels:
        r = p.record
        assert r.listed_on == r.sold_on == r.agreed_start == r.agreed_completion == D(2026, 11, 25)


def test_numbers_with_separators_full_width_digits_and_units(tmp_path):
    path = _workbook(tmp_path / "n.xlsx", register=[
        ["地块编号", "承诺固定资产投资（万元）", "固定资产投资强度（万元/亩）≥", "已开发面积比例（0–1）", "出让年限（年）",
         "用地面积（亩）"],
        ["ZGE-B4-01", "14,121.5", "１３４", "35%", "50", "105.3845"],
        ["ZGE-B4-02", 14121.5, "134万元/亩", 0.35, 50.0, 15],
    ])
    plan = plan_import(read_ledger(path), {}, LINKS)
    assert plan.problems == []
    for p in plan.parcels:
        r = p.record
        assert r.committed_investment_wan == 14121.5
        assert r.bounds["investment_intensity"] == Bound(minimum=134.0)
        assert r.developed_share == pytest.approx(0.35)
        assert r.term_years == 50
    assert plan.parcels[0].record.area_m2 == pytest.approx(70256.33, abs=0.005)   # 105.3845 亩
    assert plan.parcels[1].record.area_m2 == pytest.approx(10000.0)


def _bad_ledger(tmp_path):
    return _workbook(
        tmp_path / "bad.xlsx",
        register=[
            ["准格尔经济开发区标准地台账"],                                          # a title row: the header is row 2
            ["地块编号", "成交价（万元）", "成交日期", "实际开工日期", "当前阶段", "已开发面积比例（0–1）", "挂牌日期"],
            ["ZGE-B4-01", "六百二十九", "2025-06-10", "2025-03-01", "开工", 0.4, "2025-05-10"],   # row 3
            ["XX-99", 629, None, None, None, None, None],                                     # row 4
            ["ZGE-B4-01", 629, None, None, None, None, None],                                 # row 5
            ["ZGE-B4-02", 629, "2026-02-30", None, "动工中", 1.5, None],                      # row 6
        ],
        events=[
            ["地块编号", "阶段", "记录人"],                                                   # no 日期 column
            ["ZGE-B4-01", "开工", "张三"],
        ],
        figures=[
            ["地块编号", "年度", "税收（万元）", "从业人员（人）"],
            ["ZGE-B4-01", 2025, "3,2O0", 12],                                                 # a letter O
            ["ZGE-B4-01", "2025年", 320, 12.5],
            ["ZGE-B4-03", 2025, 1, 1],
            ["ZGE-B4-03", 2025, 2, 2],
        ])


def test_every_kind_of_bad_input_at_its_sheet_row_and_column(tmp_path):
    plan = plan_import(read_ledger(_bad_ledger(tmp_path)), {}, LINKS)
    assert plan.problems == [
        Problem("登记表", 3, "成交价（万元）", "六百二十九 is not a number"),
        Problem("登记表", 3, "实际开工日期", "实际开工日期 2025-03-01 lies before the sale (成交日期 2025-06-10)"),
        Problem("登记表", 4, "地块编号", "XX-99 names no parcel of the register nor a feature of the parcel layer"),
        Problem("登记表", 5, "地块编号", "ZGE-B4-01 appears twice (also in row 3)"),
        Problem("登记表", 6, "成交日期", "2026-02-30 is not a date: month 2 of 2026 has 28 days"),
        Problem("登记表", 6, "当前阶段", "动工中 is not a stage: use one of 储备、前期开发、区域评估、挂牌、成交、出让合同、交地、"
                                      "开工、竣工、投产、达产复核、闲置、收回"),
        Problem("登记表", 6, "已开发面积比例（0–1）", "the share 1.5 lies outside 0–1 (write 35 % as 0.35 or 35%)"),
        Problem("事件表", 1, "日期", "the column is missing"),
        Problem("年度数据", 2, "税收（万元）", "3,2O0 is not a number"),
        Problem("年度数据", 3, "从业人员（人）", "12.5 is not a whole number"),
        Problem("年度数据", 5, "年度", "the figures of ZGE-B4-03 for 2025 appear twice (also in row 4)"),
    ]


def test_every_problem_reads_in_chinese(tmp_path):
    plan = plan_import(read_ledger(_bad_ledger(tmp_path)), {}, LINKS)
    for problem in plan.problems:
        zh = localize(str(problem))
        assert zh != str(problem) and "row" not in zh and "column" not in zh, zh
    assert localize(str(plan.problems[0])) == "登记表 第 3 行 成交价（万元） 列：六百二十九 不是数字"


def test_a_start_before_the_sale_in_the_events(tmp_path):
    path = _workbook(tmp_path / "e.xlsx", events=[
        ["地块编号", "阶段", "日期", "记录人"],
        ["ZGE-B4-01", "成交", "2025-06-10", "张三"],
        ["ZGE-B4-01", "开工", "2025-06-01", "张三"],
    ])
    plan = plan_import(read_ledger(path), {}, LINKS)
    assert plan.problems == [Problem("事件表", 3, "日期", "开工 on 2025-06-01 lies before the sale (成交 2025-06-10)")]
    # the same against a sale the register holds
    registered = ParcelRecord("ZGE-B4-01", sold_on=D(2025, 6, 10), stage=Stage.DELIVERED)
    path = _workbook(tmp_path / "e2.xlsx", events=[["地块编号", "阶段", "日期"], ["ZGE-B4-01", "开工", "2025-06-09"]])
    plan = plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS)
    assert plan.problems == [Problem("事件表", 2, "日期", "开工 on 2025-06-09 lies before the sale (成交 2025-06-10)")]
    path = _workbook(tmp_path / "e3.xlsx", events=[["地块编号", "阶段", "日期"], ["ZGE-B4-01", "开工", "2025-06-10"]])
    assert plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS).problems == []   # the same day is no error


def test_a_recorded_event_is_never_changed_by_an_import_but_corrected(tmp_path):
    registered = b4_01()
    tables = [["地块编号", "事件编号", "阶段", "日期", "记录人", "备注", "更正", "更正原因"]]
    path = _workbook(tmp_path / "c.xlsx", events=tables + [["ZGE-B4-01", 5, "开工", "2026-03-20", "王五", "", None,
                                                            None]])
    plan = plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS)
    assert plan.problems == [Problem("事件表", 2, "日期", "event 5 is recorded as 开工 on 2026-03-15: an import does not "
                                                         "change a recorded event; correct it with a new row whose 更正 is 5")]
    path = _workbook(tmp_path / "c2.xlsx", events=tables + [["ZGE-B4-01", None, "开工", "2026-03-20", "王五", "复核更正", 5,
                                                             "施工许可证日期"]])
    plan = plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS)
    assert plan.problems == []
    (p,) = plan.changes
    (new,) = p.new_events
    assert (new.event.stage, new.event.date, new.event.corrects) == (Stage.STARTED, D(2026, 3, 20), 5)
    path = _workbook(tmp_path / "c3.xlsx", events=tables + [["ZGE-B4-01", None, "开工", "2026-03-20", "", "", 77, "x"]])
    assert plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS).problems == [
        Problem("事件表", 2, "更正", "77 names no event of parcel ZGE-B4-01")]
    path = _workbook(tmp_path / "c4.xlsx", events=tables + [["ZGE-B4-01", None, "开工", "2026-03-20", "", "", 5, None]])
    assert plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS).problems == [
        Problem("事件表", 2, "更正原因", "a correction needs its reason (更正原因)")]


def test_the_stage_changes_only_with_an_event(tmp_path):
    registered = ParcelRecord("ZGE-B4-01", sold_on=D(2025, 6, 10), stage=Stage.DELIVERED)
    path = _workbook(tmp_path / "s.xlsx", register=[["地块编号", "当前阶段"], ["ZGE-B4-01", "开工"]])
    assert plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS).problems == [
        Problem("登记表", 2, "当前阶段", "the stage changes from 交地 to 开工 only with a dated event in the 事件表 "
                                      "(阶段 开工, 日期)")]
    path = _workbook(tmp_path / "s2.xlsx", register=[["地块编号", "当前阶段"], ["ZGE-B4-01", "开工"]],
                     events=[["地块编号", "阶段", "日期"], ["ZGE-B4-01", "开工", "2026-03-15"]])
    plan = plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS)
    assert plan.problems == []
    (p,) = plan.changes
    assert [(f.key, f.old, f.new) for f in p.fields] == [("stage", Stage.DELIVERED, Stage.STARTED)]
    # the row must state where the events lead, not a stage on the way
    path = _workbook(tmp_path / "s4.xlsx", register=[["地块编号", "当前阶段"], ["ZGE-B4-01", "开工"]],
                     events=[["地块编号", "阶段", "日期"], ["ZGE-B4-01", "开工", "2026-03-15"],
                             ["ZGE-B4-01", "竣工", "2027-03-15"]])
    assert plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS).problems == [
        Problem("登记表", 2, "当前阶段", "the stage 开工 is not where the events in the 事件表 lead (竣工)")]
    # an event alone moves the stage on too
    path = _workbook(tmp_path / "s3.xlsx", events=[["地块编号", "阶段", "日期"], ["ZGE-B4-01", "开工", "2026-03-15"]])
    (p,) = plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS).changes
    assert p.record.stage is Stage.STARTED


def test_changes_are_listed_old_to_new_and_an_empty_cell_clears(tmp_path):
    registered = b4_01()
    path = _workbook(tmp_path / "ch.xlsx", register=[
        ["地块编号", "成交价（万元）", "竞得人", "七通一平（已完成）", "固定资产投资强度（万元/亩）≥"],
        ["ZGE-B4-01", 650, None, "给水、排水、电、路、场地平整、燃气", 134]])
    plan = plan_import(read_ledger(path), {"ZGE-B4-01": registered}, LINKS)
    assert plan.problems == []
    (p,) = plan.changes
    assert p.action == "changed"
    assert [(f.column, f.old, f.new) for f in p.fields] == [
        ("成交价（万元）", 629.0, 650.0), ("竞得人", "内蒙古某新材料有限公司", ""),
        ("七通一平（已完成）", registered.preparation_done, registered.preparation_done | {"燃气"})]
    assert p.record.name == registered.name                  # a column that is absent changes nothing


def test_unknown_items_and_a_column_twice(tmp_path):
    path = _workbook(tmp_path / "i.xlsx", register=[
        ["地块编号", "七通一平", "DKBH"], ["ZGE-B4-01", "通电、通网", "ZGE-B4-01"]])
    ledger = read_ledger(path)
    assert ledger.problems == [
        Problem("登记表", 1, "DKBH", "the column appears twice (also as 地块编号)"),
        Problem("登记表", 2, "七通一平", "通网 is not an item of 七通一平: use 给水、排水、电、通讯、路、燃气、热力、场地平整"),
    ]


def test_an_unknown_column_is_a_warning_not_a_refusal(tmp_path):
    path = _workbook(tmp_path / "w.xlsx", register=[["序号", "地块编号", "联系人电话"], [1, "ZGE-B4-01", "138"]])
    ledger = read_ledger(path)
    assert ledger.problems == []
    assert ledger.warnings == ["登记表, column 联系人电话: not a column of the 登记表; ignored"]


def test_a_gbk_csv(tmp_path):
    path = tmp_path / "台账.csv"
    text = ("地块编号,地块名称,园区名称,成交价（万元）,成交日期,当前阶段,七通一平（已完成）\r\n"
            "ZGE-B4-01,准格尔经济开发区B4-01地块,准格尔经济开发区,\"1,629\",2025年6月10日,成交,给水、排水\r\n")
    path.write_bytes(text.encode("gbk"))
    (events_path := tmp_path / "台账.events.csv").write_bytes(
        "地块编号,阶段,日期,记录人\r\nZGE-B4-01,成交,2025/6/10,张三\r\n".encode("gbk"))
    ledger = read_ledger(path)
    assert ledger.problems == []
    plan = plan_import(ledger, {}, LINKS)
    (p,) = plan.parcels
    assert (p.record.name, p.record.park, p.record.land_price_wan, p.record.sold_on, p.record.stage) == \
        ("准格尔经济开发区B4-01地块", "准格尔经济开发区", 1629.0, D(2025, 6, 10), Stage.SOLD)
    assert p.record.preparation_done == {"给水", "排水"}
    assert [(n.event.stage, n.event.by) for n in p.new_events] == [(Stage.SOLD, "张三")]
    assert events_path.exists()


def test_a_csv_is_utf8_with_bom_and_formula_text_is_guarded(tmp_path):
    paths = write_ledger(tmp_path / "t.csv", [b4_01()], FIGURES)
    assert paths == list(csv_paths(tmp_path / "t.csv").values())
    for path in paths:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    text = paths[0].read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "70256.33" in text and "2025-06-10" in text


def test_a_lone_figures_csv_is_told_by_its_headers(tmp_path):
    path = tmp_path / "2025年亩均数据.csv"
    path.write_text("企业名称,年度,税收（万元）,安全生产一票否决\n某企业,2025,10,是\n", encoding="utf-8")
    ledger = read_ledger(path)
    assert ledger.register is None and ledger.problems == []
    plan = plan_import(ledger, {}, LINKS)
    assert [f.figures for f in plan.figures] == [AnnualFigures(2025, "", "某企业", tax_wan=10.0, safety_veto=True)]


def test_the_readme_documents_every_header():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### 标准地 台账"):]
    rows = {line.split("|")[1].strip().rstrip(" *¹²").strip() for line in section.splitlines()
            if line.startswith("| ")}
    for columns in (REGISTER_COLUMNS, EVENT_COLUMNS, FIGURE_COLUMNS):
        for column in columns:
            assert column.header in rows, column.header


def test_a_formula_without_its_computed_value_is_not_taken_for_an_empty_cell(tmp_path):
    path = _workbook(tmp_path / "f.xlsx", register=[["地块编号", "成交价（万元）", "起拍价（万元）"],
                                                    ["ZGE-B4-01", "=C2*1", 629]])
    assert read_ledger(path).problems == [Problem(
        "登记表", 2, "成交价（万元）", "the cell holds a formula without a computed value: open and save the file in "
                                  "Excel, or paste the values")]


@pytest.mark.parametrize("start,problem", [(D(2025, 6, 10), False), (D(2025, 6, 9), True)])
def test_a_start_on_the_day_of_the_sale_is_fine_a_day_before_is_not(tmp_path, start, problem):
    path = _workbook(tmp_path / "d.xlsx", register=[["地块编号", "成交日期", "实际开工日期", "约定开工日期"],
                                                    ["ZGE-B4-01", "2025-06-10", start, start]])
    problems = plan_import(read_ledger(path), {}, LINKS).problems
    assert [(p.column, p.row) for p in problems] == ([("实际开工日期", 2), ("约定开工日期", 2)] if problem else [])


@pytest.mark.parametrize("cell,share", [("0", 0.0), ("1", 1.0), ("100%", 1.0), ("0.35", 0.35), ("35 %", 0.35),
                                        ("1.01", None), ("-0.1", None), ("101%", None)])
def test_shares_at_their_bounds(tmp_path, cell, share):
    path = _workbook(tmp_path / "s.xlsx", register=[["地块编号", "已完成投资比例（0–1）"], ["ZGE-B4-01", cell]])
    plan = plan_import(read_ledger(path), {}, LINKS)
    if share is None:
        assert [(p.row, p.column) for p in plan.problems] == [(2, "已完成投资比例（0–1）")]
    else:
        assert plan.problems == [] and plan.parcels[0].record.invested_share == pytest.approx(share)


@pytest.mark.parametrize("cell", ["1,62,9", "1.2.3", "12a", "１２O", "--5", "nan", "inf"])
def test_malformed_numbers_are_refused(tmp_path, cell):
    path = _workbook(tmp_path / "m.xlsx", register=[["地块编号", "成交价（万元）"], ["ZGE-B4-01", cell]])
    assert [(p.row, p.column) for p in read_ledger(path).problems] == [(2, "成交价（万元）")]


def test_sheets_under_names_of_their_own_are_told_by_their_headers(tmp_path):
    path = tmp_path / "园区台账2026.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["地块编号", "地块名称", "成交价（万元）"])
    ws.append(["ZGE-B4-01", "B4-01", 629])
    ws2 = wb.create_sheet("2025年亩均")
    ws2.append(["企业名称", "年度", "税收（万元）"])
    ws2.append(["某企业", 2025, 12])
    ws3 = wb.create_sheet("说明")
    ws3.append(["本台账由园区管委会填报"])
    wb.save(path)
    ledger = read_ledger(path)
    assert (ledger.register.source, ledger.figures.source, ledger.events) == ("Sheet1", "2025年亩均", None)
    assert ledger.problems == []


@pytest.mark.parametrize("header,key,factor", [
    # the headers the 亩均 evaluation's own reader accepts (parkgis.core.parcels.evaluation) read the same here
    ("年份", "year", 1.0), ("企业编号", "firm_id", 1.0), ("统一社会信用代码", "firm_id", 1.0), ("企业", "enterprise", 1.0),
    ("用地面积(亩)", "area_mu", 1.0), ("占地面积(亩)", "area_mu", 1.0), ("用地面积", "area_mu", 1.0),
    ("用地面积(㎡)", "area_mu", 15 / 10000), ("area_m2", "area_mu", 15 / 10000), ("税收实际贡献(万元)", "tax_wan", 1.0),
    ("主营业务收入(万元)", "sales_wan", 1.0), ("工业增加值", "value_added_wan", 1.0), ("综合能耗", "energy_tce", 1.0),
    ("R&D经费支出(万元)", "rd_wan", 1.0), ("年平均从业人员(人)", "staff", 1.0), ("职工人数", "staff", 1.0),
    ("是否新办企业", "new_firm", 1.0), ("安全生产事故", "safety_veto", 1.0), ("环保一票否决", "environment_veto", 1.0),
    ("环境违法", "environment_veto", 1.0), ("tax_wan", "tax_wan", 1.0),
])
def test_figure_headers_of_the_evaluation_reader(header, key, factor):
    column, got = match_header("年度数据", header)
    assert column.key == key and got == pytest.approx(factor)
