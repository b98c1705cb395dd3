"""亩均 evaluation (亩均论英雄): annual figures per enterprise / parcel → a weighted score → grades A/B/C/D.

The rule set is data (``resources/evaluation/default.toml``; the keys are explained in that file): the
indicators (a numerator column over a denominator column, a weight), how a value is scored against the
benchmark (the area's aggregate figure by default), the cut-offs of the grades as cumulative shares of the
ranked firms, one-vote vetoes (安全生产, 环境保护: the firm gets D and is not ranked) and exemptions (新办企业:
never below C).

Scoring, vectorised over the whole table (pandas / numpy): ``score_i = Σ_k weight_k × min(value_ik /
benchmark_k, cap)``; a value that cannot be computed (a missing figure, a zero denominator) scores 0 for that
indicator. Ranking: among the firms not vetoed, by score, best first, ties sharing the better rank
(``method="min"``). A firm ranked r of n gets the first grade whose cut-off share s has r ≤ s × n: with the
default cut-offs (A 25 %, B 70 %, C 95 %, D 100 %) 1 000 firms give exactly A 250 / B 450 / C 250 / D 50.

The annual-figures table (XLSX or CSV) is read by :func:`read_figures`, with Chinese headers
(:data:`HEADER_ALIASES`).
"""

from __future__ import annotations

import csv
import io
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..area import SQM_PER_MU
from ..errors import DataError
from ..fsutil import require_readable
from ..resources import resource_path

#: the canonical columns of the annual figures
COLUMNS: tuple[str, ...] = (
    "year", "firm_id", "firm_name", "parcel_id", "area_mu", "tax_wan", "sales_wan", "value_added_wan",
    "energy_tce", "rd_wan", "staff", "new_firm", "safety_veto", "environment_veto",
)
NUMBER_COLUMNS = ("area_mu", "tax_wan", "sales_wan", "value_added_wan", "energy_tce", "rd_wan", "staff")
FLAG_COLUMNS = ("new_firm", "safety_veto", "environment_veto")

#: accepted headers (after blanks are removed and full-width brackets made ASCII) of each column
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "year": ("年度", "年份", "year"),
    "firm_id": ("企业编号", "统一社会信用代码", "信用代码", "firm_id"),
    "firm_name": ("企业名称", "企业", "firm_name", "name"),
    "parcel_id": ("地块编号", "DKBH", "parcel_id"),
    "area_mu": ("用地面积(亩)", "占地面积(亩)", "面积(亩)", "用地面积", "area_mu"),
    "area_m2": ("用地面积(m²)", "用地面积(平方米)", "用地面积(㎡)", "area_m2"),
    "tax_wan": ("税收(万元)", "实缴税金(万元)", "税收实际贡献(万元)", "税收", "tax_wan"),
    "sales_wan": ("销售收入(万元)", "营业收入(万元)", "主营业务收入(万元)", "销售收入", "sales_wan"),
    "value_added_wan": ("工业增加值(万元)", "增加值(万元)", "工业增加值", "value_added_wan"),
    "energy_tce": ("综合能耗(吨标准煤)", "能耗(吨标准煤)", "综合能耗", "energy_tce"),
    "rd_wan": ("研发经费(万元)", "研发投入(万元)", "R&D经费支出(万元)", "研发经费", "rd_wan"),
    "staff": ("从业人员(人)", "年平均从业人员(人)", "从业人员", "职工人数", "staff"),
    "new_firm": ("新办企业", "是否新办企业", "new_firm"),
    "safety_veto": ("安全生产一票否决", "安全生产事故", "safety_veto"),
    "environment_veto": ("环保一票否决", "环境保护一票否决", "环境违法", "environment_veto"),
}

GRADES_ORDER = ("A", "B", "C", "D")
BENCHMARKS = ("aggregate", "mean", "median")
_YES = {"是", "y", "yes", "true", "1", "√", "有"}
_NO = {"否", "n", "no", "false", "0", "", "无", "nan", "none"}


# ------------------------------------------------------------------------------------------ rule set
@dataclass(frozen=True)
class EvaluationIndicator:
    code: str
    name: str
    weight: float
    numerator: str
    denominator: str
    unit: str = ""
    scale: float = 1.0


@dataclass(frozen=True)
class Veto:
    column: str
    name: str
    grade: str = "D"


@dataclass(frozen=True)
class Exemption:
    column: str
    name: str
    worst: str = "C"


@dataclass(frozen=True)
class EvaluationRules:
    indicators: tuple[EvaluationIndicator, ...]
    grades: tuple[tuple[str, float], ...]      # (grade, cumulative share), best first
    vetoes: tuple[Veto, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    benchmark: str = "aggregate"
    cap: float = 2.0
    name: str = ""
    version: str = ""
    source: str = ""
    path: str | None = None

    @property
    def grade_names(self) -> tuple[str, ...]:
        return tuple(g for g, _ in self.grades)

    def columns_needed(self) -> set[str]:
        return {c for i in self.indicators for c in (i.numerator, i.denominator)}


_RULE_TOP = {"name", "version", "source", "settings", "indicators", "grades", "vetoes", "exemptions"}
_RULE_SETTINGS = {"benchmark", "cap"}
_RULE_INDICATOR = {"name", "weight", "numerator", "denominator", "unit", "scale"}


def default_rules_path() -> Path:
    return resource_path("evaluation", "default.toml")


def load_rules(path: str | Path | None = None) -> EvaluationRules:
    """Read and validate an evaluation rule set (the default one when ``path`` is None); a bad one is a
    :class:`DataError` naming the file and the key."""
    path = require_readable(path) if path is not None else default_rules_path()
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise DataError(path, "evaluation rule set not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(path, f"not a valid TOML evaluation rule set: {exc}") from None
    except UnicodeDecodeError:
        raise DataError(path, "an evaluation rule set must be UTF-8 TOML") from None
    return parse_rules(data, source=str(path))


def _positive(value: object, key: str, fail, *, zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value \
            or value < 0 or (value == 0 and not zero):
        raise fail(f"{key}: must be a number {'≥' if zero else '>'} 0, not {value!r}")
    return float(value)


def parse_rules(data: dict, *, source: str = "<evaluation rules>") -> EvaluationRules:
    def fail(problem: str) -> DataError:
        return DataError(source, problem)

    def unknown(found, allowed, key):
        extra = sorted(set(found) - allowed)
        if extra:
            raise fail(f"{key}: unknown key(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}")

    unknown(data, _RULE_TOP, "(top level)")
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise fail("settings: must be a table")
    unknown(settings, _RULE_SETTINGS, "settings")
    benchmark = settings.get("benchmark", "aggregate")
    if benchmark not in BENCHMARKS:
        raise fail(f"settings.benchmark: {benchmark!r} is not one of {', '.join(BENCHMARKS)}")
    cap = _positive(settings.get("cap", 2.0), "settings.cap", fail)

    known_columns = set(COLUMNS)
    section = data.get("indicators")
    if not isinstance(section, dict) or not section:
        raise fail("indicators: a rule set needs at least one [indicators.CODE]")
    indicators = []
    for code, spec in section.items():
        key = f"indicators.{code}"
        if not isinstance(spec, dict):
            raise fail(f"{key}: must be a table")
        unknown(spec, _RULE_INDICATOR, key)
        for required in ("weight", "numerator", "denominator"):
            if required not in spec:
                raise fail(f"{key}.{required}: missing")
        for part in ("numerator", "denominator"):
            if spec[part] not in known_columns or spec[part] in FLAG_COLUMNS:
                raise fail(f"{key}.{part}: {spec[part]!r} is not a figure column; "
                           f"known: {', '.join(NUMBER_COLUMNS)}")
        indicators.append(EvaluationIndicator(
            code, str(spec.get("name", code)), _positive(spec["weight"], f"{key}.weight", fail, zero=True),
            spec["numerator"], spec["denominator"], str(spec.get("unit", "")),
            _positive(spec.get("scale", 1.0), f"{key}.scale", fail)))
    if not any(i.weight > 0 for i in indicators):
        raise fail("indicators: every weight is 0")

    grades_spec = data.get("grades")
    if not isinstance(grades_spec, dict) or not grades_spec:
        raise fail("grades: give the cut-offs, e.g. A = 0.25, B = 0.70, C = 0.95, D = 1.0")
    grades = []
    previous = 0.0
    for grade, share in grades_spec.items():
        value = _positive(share, f"grades.{grade}", fail)
        if value > 1.0:
            raise fail(f"grades.{grade}: a cumulative share is at most 1, not {share!r}")
        if value < previous:
            raise fail(f"grades.{grade}: the cut-offs must grow from the best grade to the worst")
        previous = value
        grades.append((str(grade), value))
    if grades[-1][1] != 1.0:
        raise fail(f"grades.{grades[-1][0]}: the last grade must reach 1.0 (every firm gets a grade)")
    names = [g for g, _ in grades]

    def entries(key: str, required: tuple[str, ...]):
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise fail(f"{key}: must be [[{key}]] tables")
        for n, item in enumerate(items, 1):
            unknown(item, {"column", "name", *required}, f"{key}[{n}]")
            if item.get("column") not in FLAG_COLUMNS:
                raise fail(f"{key}[{n}].column: {item.get('column')!r} is not a yes/no column; "
                           f"known: {', '.join(FLAG_COLUMNS)}")
            for r in required:
                if item.get(r, names[-1]) not in names:
                    raise fail(f"{key}[{n}].{r}: {item.get(r)!r} is not a grade ({', '.join(names)})")
            yield n, item

    vetoes = tuple(Veto(i["column"], str(i.get("name", i["column"])), i.get("grade", names[-1]))
                   for _n, i in entries("vetoes", ("grade",)))
    exemptions = tuple(Exemption(i["column"], str(i.get("name", i["column"])),
                                 i.get("worst", names[-2] if len(names) > 1 else names[-1]))
                       for _n, i in entries("exemptions", ("worst",)))
    return EvaluationRules(tuple(indicators), tuple(grades), vetoes, exemptions, benchmark, cap,
                           str(data.get("name", "")), str(data.get("version", "")), str(data.get("source", "")),
                           source)


def default_rules() -> EvaluationRules:
    return load_rules(None)


# ------------------------------------------------------------------------------------------ grading
@dataclass
class EvaluationResult:
    """``table``: the input rows with, per indicator, ``value_<code>`` and ``score_<code>``, then ``score``,
    ``rank`` (None for a vetoed firm), ``grade``, ``vetoed`` (the veto's name or ""), ``exempt``."""

    table: pd.DataFrame
    rules: EvaluationRules
    benchmarks: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = self.table["grade"].value_counts()
        return {g: int(counts.get(g, 0)) for g in self.rules.grade_names}


def _flags(series: pd.Series | None, n: int) -> np.ndarray:
    if series is None:
        return np.zeros(n, dtype=bool)
    if series.dtype == bool:
        return series.to_numpy()
    return series.map(lambda v: _flag_value(v) is True).to_numpy(dtype=bool)


def _flag_value(value) -> bool | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    if isinstance(value, bool | np.bool_):
        return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def grade(figures: pd.DataFrame, rules: EvaluationRules | None = None) -> EvaluationResult:
    """Score and grade every row of ``figures`` (canonical columns, :data:`COLUMNS`) under ``rules``."""
    rules = rules or default_rules()
    table = figures.copy()
    n = len(table)
    vetoed_name = np.full(n, "", dtype=object)
    veto_grade = np.full(n, "", dtype=object)
    for veto in rules.vetoes:
        hit = _flags(table.get(veto.column), n) & (vetoed_name == "")
        vetoed_name[hit] = veto.name
        veto_grade[hit] = veto.grade
    vetoed = vetoed_name != ""
    ranked = ~vetoed

    total = np.zeros(n)
    benchmarks: dict[str, float] = {}
    for ind in rules.indicators:
        num = pd.to_numeric(table.get(ind.numerator), errors="coerce").to_numpy(dtype=float) \
            if ind.numerator in table else np.full(n, np.nan)
        den = pd.to_numeric(table.get(ind.denominator), errors="coerce").to_numpy(dtype=float) \
            if ind.denominator in table else np.full(n, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, num / den, np.nan) * ind.scale
        usable = ranked & np.isfinite(value)
        if rules.benchmark == "aggregate":
            ok = usable & np.isfinite(num) & (den > 0)
            den_sum = den[ok].sum()
            bench = float(num[ok].sum() / den_sum * ind.scale) if den_sum > 0 else float("nan")
        elif rules.benchmark == "mean":
            bench = float(value[usable].mean()) if usable.any() else float("nan")
        else:
            bench = float(np.median(value[usable])) if usable.any() else float("nan")
        benchmarks[ind.code] = bench
        if bench > 0 and math.isfinite(bench):
            with np.errstate(invalid="ignore"):
                score = np.clip(value / bench, 0.0, rules.cap) * ind.weight
        else:
            score = np.zeros(n)
        score = np.where(np.isfinite(score), score, 0.0)
        table[f"value_{ind.code}"] = value
        table[f"score_{ind.code}"] = score
        total += score
    table["score"] = total

    ranks = np.full(n, np.nan)
    count = int(ranked.sum())
    if count:
        ranks[ranked] = pd.Series(total[ranked]).rank(method="min", ascending=False).to_numpy()
    names = np.array(rules.grade_names, dtype=object)
    order = {g: k for k, g in enumerate(rules.grade_names)}
    level = np.full(n, len(names) - 1)            # index into names: 0 is the best grade
    if count:
        # the first grade whose cumulative share covers the rank; from the worst up so the best wins
        for k in range(len(names) - 1, -1, -1):
            level[ranked & (ranks <= rules.grades[k][1] * count + 1e-9)] = k
    for veto in rules.vetoes:
        level[vetoed & (veto_grade == veto.grade)] = order[veto.grade]

    exempt_name = np.full(n, "", dtype=object)
    for exemption in rules.exemptions:
        hit = _flags(table.get(exemption.column), n) & ~vetoed
        level[hit] = np.minimum(level[hit], order[exemption.worst])
        exempt_name[hit & (exempt_name == "")] = exemption.name
    grades = names[level]
    table["rank"] = pd.array([None if math.isnan(r) else int(r) for r in ranks], dtype="Int64")
    table["grade"] = grades
    table["vetoed"] = vetoed_name
    table["exempt"] = exempt_name
    return EvaluationResult(table, rules, benchmarks)


# ------------------------------------------------------------------------------------------ reading
def _header_key(text: object) -> str:
    key = "".join(str(text or "").split())
    return key.replace("（", "(").replace("）", ")").replace("㎡", "m²").lower()


_ALIAS_INDEX = {_header_key(a): col for col, aliases in HEADER_ALIASES.items() for a in aliases}


def _read_rows(path: Path) -> tuple[list[str], list[list]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        try:
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:   # noqa: BLE001 - any unreadable workbook is a data error
            raise DataError(path, f"not a readable XLSX workbook: {exc}") from None
        try:
            sheet = next((ws for ws in book.worksheets if ws.title.strip() in ("年度数据", "亩均数据", "figures")),
                         book.worksheets[0])   # a whole 台账 workbook: its 年度数据 sheet
            rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    elif suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DataError(path, "a CSV table must be UTF-8 or GBK/GB18030")
        rows = [list(r) for r in csv.reader(io.StringIO(text))]
    else:
        raise DataError(path, "the annual figures are read from .xlsx or .csv")
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise DataError(path, "the table is empty")
    return [str(h or "").strip() for h in rows[0]], rows[1:]


def _number(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", "")
    if text in ("", "-", "—"):
        return None
    return float(text)


def read_figures(path: str | Path, *, year: int | None = None) -> pd.DataFrame:
    """The annual figures of an XLSX or CSV table (Chinese headers, :data:`HEADER_ALIASES`), in canonical
    columns. Every bad cell is listed (row as the spreadsheet numbers it, column header): one
    :class:`DataError`. ``year`` keeps only that year's rows when the table has a 年度 column."""
    path = require_readable(path)
    if not path.is_file():
        raise DataError(path, "annual figures table not found")
    headers, rows = _read_rows(path)
    columns: dict[int, str] = {}
    problems: list[str] = []
    for k, header in enumerate(headers):
        col = _ALIAS_INDEX.get(_header_key(header))
        if col is None:
            continue
        if col in columns.values():
            problems.append(f"column {header}: a second column for {col}")
        columns[k] = col
    found = set(columns.values())
    if not found & {"firm_id", "firm_name", "parcel_id"}:
        problems.append("no column names the firm or parcel (企业名称, 企业编号 or 地块编号)")
    if "area_mu" not in found and "area_m2" not in found and "parcel_id" not in found:
        problems.append("no area column (用地面积(亩)) and no 地块编号 to take the area from")
    if problems:
        raise DataError(path, "\n".join(problems))
    records = []
    for r, row in enumerate(rows, start=2):
        record: dict = {}
        for k, col in columns.items():
            value = row[k] if k < len(row) else None
            header = headers[k]
            if col in NUMBER_COLUMNS or col == "area_m2":
                try:
                    number = _number(value)
                except ValueError:
                    problems.append(f"row {r}, column {header}: not a number: {value!r}")
                    continue
                if number is not None and number < 0:
                    problems.append(f"row {r}, column {header}: negative: {value!r}")
                record[col] = number
            elif col in FLAG_COLUMNS:
                flag = _flag_value(value)
                if flag is None:
                    problems.append(f"row {r}, column {header}: not yes/no (是/否): {value!r}")
                record[col] = bool(flag)
            elif col == "year":
                try:
                    number = _number(value)
                    record[col] = None if number is None else int(number)
                except ValueError:
                    problems.append(f"row {r}, column {header}: not a year: {value!r}")
            else:
                record[col] = "" if value is None else str(value).strip()
        records.append(record)
    if problems:
        raise DataError(path, "\n".join(problems[:50]) + (f"\n… {len(problems) - 50} more" if len(problems) > 50 else ""))
    table = pd.DataFrame.from_records(records)
    if "area_m2" in table:
        area = table["area_m2"] / SQM_PER_MU
        table["area_mu"] = table["area_mu"].fillna(area) if "area_mu" in table else area
        table = table.drop(columns=["area_m2"])
    for col in COLUMNS:
        if col not in table:
            table[col] = False if col in FLAG_COLUMNS else np.nan if col in NUMBER_COLUMNS else \
                None if col == "year" else ""
    if year is not None and table["year"].notna().any():
        table = table[table["year"] == year].reset_index(drop=True)
    return table[list(COLUMNS)]


def figures_frame(records) -> pd.DataFrame:
    """The annual figures of ``records`` (objects or dicts with the canonical names, e.g. the ledger's
    ``AnnualFigures``, whose ``enterprise`` is the firm's name) as a table in canonical columns."""
    rows = []
    for record in records:
        get = record.get if isinstance(record, Mapping) else (lambda k, d=None, r=record: getattr(r, k, d))
        row = {col: get(col, None) for col in COLUMNS}
        if not row["firm_name"]:
            row["firm_name"] = get("enterprise", "") or ""
        rows.append(row)
    table = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    for col in COLUMNS:
        if col in FLAG_COLUMNS:
            table[col] = table[col].map(lambda v: bool(_flag_value(v)))
        elif col in NUMBER_COLUMNS:
            table[col] = pd.to_numeric(table[col], errors="coerce")
        elif col != "year":
            table[col] = table[col].fillna("").astype(str)
    return table


def fill_areas(figures: pd.DataFrame, areas_mu: Mapping[str, float]) -> pd.DataFrame:
    """Rows without an area take their parcel's (``areas_mu``: 地块编号 → 亩, e.g. from the register)."""
    out = figures.copy()
    out["area_mu"] = pd.to_numeric(out["area_mu"], errors="coerce").astype(float)
    missing = out["area_mu"].isna() & out["parcel_id"].astype(str).isin(areas_mu)
    if missing.any():
        out.loc[missing, "area_mu"] = out.loc[missing, "parcel_id"].astype(str).map(areas_mu).astype(float)
    return out


def result_rows(result: EvaluationResult) -> list[dict]:
    """The graded rows as plain dicts (JSON-ready), in rank order (vetoed firms last)."""
    rows = []
    table = result.table.assign(_order=result.table["rank"].astype("Float64").fillna(np.inf))
    for _, row in table.sort_values(["_order", "score"], ascending=[True, False], kind="stable").iterrows():
        indicators = {}
        for ind in result.rules.indicators:
            value = row[f"value_{ind.code}"]
            indicators[ind.code] = {"name": ind.name, "value": None if not np.isfinite(value) else round(float(value), 4),
                                    "unit": ind.unit, "score": round(float(row[f"score_{ind.code}"]), 4)}
        rows.append({
            "id": row["firm_id"] or row["firm_name"] or row["parcel_id"], "name": row["firm_name"],
            "parcel": row["parcel_id"] or None, "score": round(float(row["score"]), 4),
            "rank": None if pd.isna(row["rank"]) else int(row["rank"]), "grade": row["grade"],
            "vetoed": row["vetoed"] or None, "exempt": row["exempt"] or None, "indicators": indicators,
        })
    return rows


def _safe(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def grades_by_parcel(result: EvaluationResult) -> dict[str, str]:
    """地块编号 → grade (for colouring the map); a parcel with several firms takes the worst grade."""
    order = {g: k for k, g in enumerate(result.rules.grade_names)}
    out: dict[str, str] = {}
    for parcel, g in zip(result.table["parcel_id"].astype(str), result.table["grade"], strict=True):
        parcel = _safe(parcel)
        if not parcel:
            continue
        if parcel not in out or order[g] > order[out[parcel]]:
            out[parcel] = g
    return out


def summary(result: EvaluationResult, rules: EvaluationRules | None = None) -> dict:
    """Counts per grade and the benchmarks."""
    return {"counts": result.counts(), "firms": len(result.table),
            "benchmarks": {k: (None if not math.isfinite(v) else round(v, 4)) for k, v in result.benchmarks.items()}}


__all__: Sequence[str] = (
    "COLUMNS", "EvaluationResult", "EvaluationRules", "default_rules", "fill_areas", "grade", "grades_by_parcel",
    "load_rules", "parse_rules", "read_figures", "result_rows", "summary",
)
