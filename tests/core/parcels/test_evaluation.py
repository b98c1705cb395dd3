"""亩均 evaluation: a 20-firm table graded by hand, vetoes, the new-firm exemption, ties at a cut-off, the
county's real result, the rule set as data, and the annual-figures reader."""

from __future__ import annotations

import copy
import time
import tomllib

import numpy as np
import pandas as pd
import pytest

from parkgis.core.errors import DataError
from parkgis.core.parcels.evaluation import (
    COLUMNS,
    default_rules,
    default_rules_path,
    figures_frame,
    fill_areas,
    grade,
    grades_by_parcel,
    parse_rules,
    read_figures,
    result_rows,
)


def firms(factors, **flags) -> pd.DataFrame:
    """Firm i has every figure proportional to its factor f: on 10 亩, tax 10 f, sales 100 f, value added
    50 f on 50 t of energy (单位能耗增加值 f), R&D 1 % of sales, 10 staff (全员劳动生产率 5 f)."""
    f = np.asarray(factors, dtype=float)
    n = len(f)
    table = pd.DataFrame({
        "year": 2025, "firm_id": [f"F{k + 1:02d}" for k in range(n)], "firm_name": [f"企业{k + 1}" for k in range(n)],
        "parcel_id": [f"P-{k + 1:02d}" for k in range(n)], "area_mu": 10.0, "tax_wan": 10 * f, "sales_wan": 100 * f,
        "value_added_wan": 50 * f, "energy_tce": 50.0, "rd_wan": 1 * f, "staff": 10,
        "new_firm": False, "safety_veto": False, "environment_veto": False})
    for column, ids in flags.items():
        table.loc[table["firm_id"].isin(ids), column] = True
    return table


def by_id(result):
    return dict(zip(result.table["firm_id"], result.table["grade"], strict=True))


def test_twenty_firms_by_hand():
    # factors 1 … 20: the benchmark of every ratio is the aggregate, i.e. mean f = 10.5 times the unit; every
    # firm has the same 研发投入 (1 %: 15 points); so score_i = (45 + 20 + 15 + 5) × i / 10.5 + 15
    result = grade(firms(range(1, 21)))
    scores = dict(zip(result.table["firm_id"], result.table["score"], strict=True))
    assert scores["F20"] == pytest.approx(85 * 20 / 10.5 + 15)            # 176.905
    assert scores["F01"] == pytest.approx(85 / 10.5 + 15)                 # 23.095
    assert scores["F10"] == pytest.approx(85 * 10 / 10.5 + 15)
    assert result.benchmarks["tax_per_mu"] == pytest.approx(10.5)
    assert result.benchmarks["rd_intensity"] == pytest.approx(1.0)
    # 20 ranked firms: A ranks 1–5 (r ≤ 5), B 6–14 (r ≤ 14), C 15–19 (r ≤ 19), D 20
    g = by_id(result)
    assert [g[f"F{k:02d}"] for k in range(20, 0, -1)] == list("AAAAA" + "BBBBBBBBB" + "CCCCC" + "D")
    assert result.counts() == {"A": 5, "B": 9, "C": 5, "D": 1}
    ranks = dict(zip(result.table["firm_id"], result.table["rank"], strict=True))
    assert ranks["F20"] == 1 and ranks["F01"] == 20


def test_the_cap_limits_one_huge_figure():
    table = firms([1] * 19 + [1000])
    result = grade(table)
    top = result.table.set_index("firm_id").loc["F20"]
    assert top["score_tax_per_mu"] == pytest.approx(45 * 2.0)           # capped at 2 × the weight


def test_a_veto_gives_d_and_is_not_ranked():
    result = grade(firms(range(1, 21), safety_veto=["F20"], environment_veto=["F05"]))
    g = by_id(result)
    assert g["F20"] == "D" and g["F05"] == "D"
    row = result.table.set_index("firm_id")
    assert pd.isna(row.loc["F20", "rank"]) and row.loc["F20", "vetoed"] == "安全生产一票否决"
    assert row.loc["F05", "vetoed"] == "环境保护一票否决"
    # 18 firms ranked: A r ≤ 4.5 → 4, B r ≤ 12.6 → 8 more, C r ≤ 17.1 → 5 more, D the last one
    ranked = [g[f"F{k:02d}"] for k in range(19, 0, -1) if k != 5]
    assert ranked == list("AAAA" + "BBBBBBBB" + "CCCCC" + "D")
    assert row.loc["F19", "rank"] == 1
    assert result.counts() == {"A": 4, "B": 8, "C": 5, "D": 3}


def test_new_firms_are_never_d():
    result = grade(firms(range(1, 21), new_firm=["F01", "F20"]))
    g = by_id(result)
    assert g["F01"] == "C"                     # would be D
    assert g["F20"] == "A"                     # the exemption never lowers a grade
    assert result.table.set_index("firm_id").loc["F01", "exempt"] == "新办企业（不评 D）"
    # a vetoed new firm still gets the veto's grade
    vetoed = grade(firms(range(1, 21), new_firm=["F03"], safety_veto=["F03"]))
    assert by_id(vetoed)["F03"] == "D"


def test_ties_at_a_cut_off_share_the_better_grade():
    # ranks 5 and 6 tie: both rank 5, both A
    factors = list(range(1, 21))
    factors[14] = factors[15]                  # F15 gets F16's figures
    g = by_id(grade(firms(factors)))
    assert g["F15"] == g["F16"] == "A"
    assert g["F14"] == "B"


def test_default_cut_offs_on_1000_firms_exactly():
    result = grade(firms(np.linspace(1, 50, 1000)))
    # a ≤ written as < (or a rounding of s × n) moves one firm across each line
    assert result.counts() == {"A": 250, "B": 450, "C": 250, "D": 50}


def _county_rules(**grades):
    data = tomllib.loads(default_rules_path().read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["grades"] = grades
    return parse_rules(data, source="county.toml")


def test_the_real_county():
    # A county graded 1 248 firms A 134 / B 439 / C 575 / D 100. Its cut-offs were not 25/70/95 %: the
    # default ones give 312 / 561 / 312 / 63 on the same firms, so a rule set of its own is data.
    table = firms(np.linspace(1, 80, 1248))
    assert grade(table).counts() == {"A": 312, "B": 561, "C": 312, "D": 63}
    county = _county_rules(A=134 / 1248, B=573 / 1248, C=1148 / 1248, D=1.0)
    result = grade(table, county)
    assert result.counts() == {"A": 134, "B": 439, "C": 575, "D": 100}
    ranks = result.table.set_index("rank")["grade"]
    assert (ranks.loc[134], ranks.loc[135], ranks.loc[573], ranks.loc[574], ranks.loc[1148], ranks.loc[1149]) == \
        ("A", "B", "B", "C", "C", "D")


def test_grading_1000_firms_is_fast():
    rng = np.random.default_rng(12)
    table = firms(rng.uniform(0.1, 30, 1000))
    table["energy_tce"] = rng.uniform(1, 500, 1000)
    start = time.perf_counter()
    grade(table)
    assert time.perf_counter() - start < 0.5


def test_missing_figures_score_zero_for_that_indicator():
    table = firms(range(1, 21))
    table.loc[0, "energy_tce"] = 0            # a zero denominator
    table.loc[1, "rd_wan"] = np.nan
    result = grade(table).table.set_index("firm_id")
    assert result.loc["F01", "score_value_added_per_energy"] == 0
    assert result.loc["F02", "score_rd_intensity"] == 0
    assert np.isfinite(result["score"]).all()


@pytest.mark.parametrize("change,key", [
    (lambda d: d["grades"].update(B=0.2), "grades.B: the cut-offs must grow"),
    (lambda d: d["grades"].update(D=0.99), "grades.D: the last grade must reach 1.0"),
    (lambda d: d["grades"].update(A=1.5), "grades.A: a cumulative share is at most 1"),
    (lambda d: d["indicators"]["tax_per_mu"].update(weight=-1), "indicators.tax_per_mu.weight"),
    (lambda d: d["indicators"]["tax_per_mu"].update(numerator="profit"), "indicators.tax_per_mu.numerator"),
    (lambda d: d["indicators"]["tax_per_mu"].update(colour=1), "indicators.tax_per_mu: unknown key(s) colour"),
    (lambda d: d["settings"].update(benchmark="best"), "settings.benchmark"),
    (lambda d: d["vetoes"][0].update(grade="E"), "vetoes[1].grade: 'E' is not a grade"),
    (lambda d: d["exemptions"][0].update(column="tax_wan"), "exemptions[1].column"),
    (lambda d: d.update(colour="red"), "(top level): unknown key(s) colour"),
])
def test_a_bad_rule_set_names_the_file_and_key(change, key):
    data = copy.deepcopy(tomllib.loads(default_rules_path().read_text(encoding="utf-8")))
    change(data)
    with pytest.raises(DataError) as err:
        parse_rules(data, source="/rules/bad.toml")
    assert str(err.value).startswith("/rules/bad.toml: ") and key in str(err.value)


def test_the_default_rule_set():
    rules = default_rules()
    assert [(i.name, i.weight) for i in rules.indicators] == [
        ("亩均税收", 45), ("亩均销售收入", 20), ("单位能耗增加值", 15), ("研发投入", 15), ("全员劳动生产率", 5)]
    assert rules.grades == (("A", 0.25), ("B", 0.70), ("C", 0.95), ("D", 1.0))


# ------------------------------------------------------------------------------------------ reading
HEADERS = ["企业名称", "地块编号", "年度", "用地面积（亩）", "税收（万元）", "销售收入（万元）", "工业增加值（万元）",
           "综合能耗（吨标准煤）", "研发投入（万元）", "从业人员（人）", "新办企业", "安全生产一票否决"]


def test_read_figures_csv_and_xlsx(tmp_path):
    rows = [["内蒙古甲公司", "ZGE-B4-01", 2025, "", 320, 31600, 8200, 12000, 950, 180, "否", "否"],
            ["内蒙古乙公司", "ZGE-B4-02", 2025, 50, 80, 9000, 2000, 3000, 20, 60, "是", ""],
            ["内蒙古乙公司", "ZGE-B4-02", 2024, 50, 70, 8000, 1900, 3000, 20, 60, "是", ""]]
    csv_path = tmp_path / "figures.csv"
    csv_path.write_text("\n".join(",".join(str(v) for v in r) for r in [HEADERS, *rows]), encoding="gbk")
    table = read_figures(csv_path, year=2025)
    assert list(table.columns) == list(COLUMNS)
    assert len(table) == 2 and table.loc[1, "new_firm"] and not table.loc[0, "new_firm"]
    assert table.loc[0, "tax_wan"] == 320 and np.isnan(table.loc[0, "area_mu"])
    filled = fill_areas(table, {"ZGE-B4-01": 105.3845})
    assert filled.loc[0, "area_mu"] == pytest.approx(105.3845)

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r in [HEADERS, *rows]:
        sheet.append(r)
    xlsx = tmp_path / "figures.xlsx"
    book.save(xlsx)
    again = read_figures(xlsx, year=2025)
    assert again[["firm_name", "tax_wan", "new_firm"]].equals(table[["firm_name", "tax_wan", "new_firm"]])


def test_read_figures_lists_every_bad_cell(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([",".join(HEADERS),
                               "甲,P1,2025,10,很多,100,50,50,1,10,否,否",
                               "乙,P2,2025,10,5,100,50,50,1,10,也许,否"]), encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_figures(path)
    text = str(err.value)
    assert text.startswith(str(path))
    assert "row 2, column 税收（万元）: not a number: '很多'" in text
    assert "row 3, column 新办企业: not yes/no (是/否): '也许'" in text
    path.write_text("名称,数值\n甲,1\n", encoding="utf-8")
    with pytest.raises(DataError, match="no column names the firm or parcel"):
        read_figures(path)


def test_rows_grades_by_parcel_and_records():
    records = [{"year": 2025, "parcel_id": f"P{k}", "enterprise": f"企业{k}", "area_mu": 10, "tax_wan": k,
                "sales_wan": 10 * k, "value_added_wan": 5 * k, "energy_tce": 5, "rd_wan": k / 10, "staff": 10}
               for k in range(1, 21)]
    table = figures_frame(records)
    assert table.loc[0, "firm_name"] == "企业1" and not table.loc[0, "new_firm"]
    result = grade(table)
    rows = result_rows(result)
    assert rows[0]["parcel"] == "P20" and rows[0]["grade"] == "A" and rows[0]["rank"] == 1
    assert rows[-1]["grade"] == "D"
    assert set(rows[0]["indicators"]) == {"tax_per_mu", "sales_per_mu", "value_added_per_energy", "rd_intensity",
                                          "labour_productivity"}
    assert grades_by_parcel(result)["P1"] == "D"


def test_fill_areas_when_none_is_missing():
    table = figures_frame([{"year": 2025, "parcel_id": "P1", "area_mu": 10.0, "tax_wan": 1}])
    assert fill_areas(table, {"P1": 99.0}).loc[0, "area_mu"] == 10.0
    assert fill_areas(figures_frame([{"year": 2025, "parcel_id": "P1", "tax_wan": 1}]), {"P1": 99.0}).loc[0, "area_mu"] == 99.0


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_reads_the_figures_of_a_ledger_the_ledger_wrote(tmp_path, ext):
    ledger = pytest.importorskip("parkgis.core.parcels.ledger")
    figures_module = pytest.importorskip("parkgis.core.parcels.figures")
    from parkgis.core.parcels.model import ParcelRecord

    records = [figures_module.AnnualFigures(year=2025, parcel_id=f"P{k}", enterprise=f"企业{k}", tax_wan=10 * k,
                                            sales_wan=100 * k, value_added_wan=50 * k, energy_tce=50, rd_wan=k,
                                            staff=10, area_mu=10, new_firm=(k == 1)) for k in range(1, 21)]
    paths = ledger.write_ledger(tmp_path / f"台账.{ext}", [ParcelRecord(f"P{k}", area_m2=10000) for k in range(1, 21)],
                                records)
    source = next((p for p in paths if "figures" in p.name), paths[0])
    table = read_figures(source, year=2025)
    assert len(table) == 20 and table.loc[0, "firm_name"] == "企业1" and table.loc[0, "new_firm"]
    assert grade(table).counts() == {"A": 5, "B": 9, "C": 6, "D": 0}      # 企业1, the last, is new: C
