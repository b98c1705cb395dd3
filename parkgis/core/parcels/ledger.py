"""The 台账 (ledger) of the 标准地 register: three tables a park keeps in Excel, read and written here.

- **登记表** (the register): one row per parcel, a column for every field a planner fills in
  (:class:`~parkgis.core.parcels.model.ParcelRecord`), each control indicator bound with its unit and
  direction in the header (``固定资产投资强度（万元/亩）≥``, ``容积率下限`` / ``容积率上限``), 七通一平 as a
  ``、``-separated list;
- **事件表** (the lifecycle events): 地块编号, 事件编号, 阶段, 日期, 记录人, 备注, 更正 (the 事件编号 this row
  corrects), 更正原因, 原因 (闲置: 政府原因 …), 原阶段 (the stage before the event), 录入时间;
- **年度数据** (annual figures, :class:`~parkgis.core.parcels.figures.AnnualFigures`): 地块编号, 企业名称,
  年度, 税收, 销售收入, 工业增加值, 综合能耗, 研发投入, 从业人员, 用地面积（亩）, 安全生产一票否决, 环境保护一票否决,
  新办企业 (是/否), 备注.

XLSX: one workbook, one sheet per table (named as above; on import a sheet under another name is told by its
headers). CSV: one file per table — ``FILE.csv`` the
register, ``FILE.events.csv`` the events, ``FILE.figures.csv`` the figures (``FILE.事件表.csv`` and
``FILE.年度数据.csv`` are read too); written as UTF-8 with a byte-order mark so that Excel opens them, read in
UTF-8 (with or without the mark), GBK/GB18030 or UTF-16.

The headers the export writes are the ones the import reads (:data:`REGISTER_COLUMNS`, :data:`EVENT_COLUMNS`,
:data:`FIGURE_COLUMNS`). Header matching ignores blanks, letter case and the width of brackets and digits
(``（万元）`` = ``(万元)``), takes ``>=`` for ``≥``, knows the field codes of Chinese data (DKBH, TZQD …) and
converts a few other units (an area in 亩 or 公顷, money in 元, an intensity in 万元/公顷 = 15 × 万元/亩).

Reading is separated from deciding: :func:`read_ledger` parses the cells (dates as ``2026-11-25``,
``2026/11/25``, ``2026年11月25日`` or Excel date cells; numbers with thousands separators and full-width
digits; stages through :func:`~parkgis.core.parcels.model.parse_stage`) and :func:`plan_import` holds the
result against the register and the parcel layer. Every problem is a :class:`Problem` naming the sheet, the
spreadsheet's row (the header is row 1) and the column header; an import with any problem writes nothing.

Rules of the import (:func:`plan_import`):

- a column that is absent leaves its field as it is; a present column with an empty cell clears the field;
- a 地块编号 must name a register entry or a feature of the parcel layer (a 台账 registers the parcels drawn on
  the map: such a number becomes a new register entry linked to its feature); a number that names neither is
  refused, and so is a number twice in the 登记表;
- a recorded event is never changed by an import: a row that repeats it (same 事件编号, or same 阶段 and 日期)
  is no change, a row that differs from it is refused — a wrong entry is corrected by a new row whose 更正
  is the 事件编号 of the entry it corrects;
- the 当前阶段 of a registered parcel changes only with an event of that stage in the 事件表;
- impossible dates are refused: a date that does not exist, a start (or contract, delivery, completion)
  before the sale, a completion before the start, an event before the event of an earlier stage.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import io
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..area import SQM_PER_MU
from .dates import parse_date
from .figures import AnnualFigures
from .model import (
    ASSESSMENT_ITEMS,
    INDICATORS,
    MAIN_LINE,
    PREPARATION_ITEMS,
    Bound,
    Direction,
    Event,
    ParcelRecord,
    Stage,
    parse_stage,
)

REGISTER_SHEET = "登记表"
EVENTS_SHEET = "事件表"
FIGURES_SHEET = "年度数据"
SHEETS = (REGISTER_SHEET, EVENTS_SHEET, FIGURES_SHEET)

#: other names a sheet goes by (matched like headers)
SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    REGISTER_SHEET: ("登记表", "地块登记表", "标准地台账", "台账", "地块", "register", "parcels"),
    EVENTS_SHEET: ("事件表", "事件", "生命周期", "生命周期事件", "events"),
    FIGURES_SHEET: ("年度数据", "年度", "亩均数据", "亩均评价数据", "figures"),
}

#: the CSV files of one 台账: the register is FILE.csv, the others FILE.<suffix>.csv
CSV_SUFFIXES: dict[str, tuple[str, ...]] = {
    EVENTS_SHEET: ("events", "事件表"),
    FIGURES_SHEET: ("figures", "年度数据"),
}

ITEM_SEPARATORS = re.compile(r"[、,，;；/／\s]+")


# --------------------------------------------------------------------------- columns

@dataclass(frozen=True)
class Column:
    """One column of a 台账 table: its header, the field it fills (``key``), the kind of value, the unit
    (in the header too), an example cell, other headers that mean it (field codes, other wordings) and
    other units it may come in (header → factor to our unit)."""

    header: str
    key: str
    kind: str                    # text | number | int | date | stage | share | items:<list> | year
    unit: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    optional_export: bool = False   # written only when some row has a value (a rarely used bound)
    alt_units: tuple[tuple[str, float], ...] = ()


_AREA_UNITS = (("亩", SQM_PER_MU), ("公顷", 10_000.0), ("ha", 10_000.0))
_MONEY_UNITS = (("元", 1e-4),)


def _c(header: str, key: str, kind: str = "text", unit: str = "", example: str = "", *aliases: str,
       required: bool = False, alt_units=()) -> Column:
    return Column(header, key, kind, unit, example, tuple(aliases), required, False, tuple(alt_units))


def _with_unit(name: str, unit: str) -> str:
    return f"{name}（{unit}）" if unit else name


def _bound_columns() -> list[Column]:
    examples = {"investment_intensity": "134", "tax_per_mu": "3", "floor_area_ratio": ("0.65", "2.5"),
                "building_coverage": "40", "green_ratio": "20", "admin_ratio": "7", "output_per_mu": "300",
                "energy_value_added": "0.5", "emission_value_added": "",
                "environmental_standard": "GB 8978-1996 一级", "industry_admission": "新材料、现代煤化工"}
    out: list[Column] = []
    for ind in INDICATORS:
        named = _with_unit(ind.name, ind.unit)
        alt = (("万元/公顷", 1 / 15),) if ind.unit == "万元/亩" else ()
        key = f"bound.{ind.code}"
        if ind.direction is Direction.RANGE:
            low, high = examples.get(ind.code, ("", ""))
            out.append(_c(_with_unit(f"{ind.name}下限", ind.unit), f"{key}.minimum", "number", ind.unit, low,
                          f"{named}≥", f"{ind.name}≥", alt_units=alt))
            out.append(_c(_with_unit(f"{ind.name}上限", ind.unit), f"{key}.maximum", "number", ind.unit, high,
                          f"{named}≤", f"{ind.name}≤", alt_units=alt))
        elif ind.direction is Direction.TEXT:
            out.append(_c(ind.name, f"{key}.text", "text", "", examples.get(ind.code, ""), *ind.field_codes))
        else:
            main, other = ("minimum", "maximum") if ind.direction is Direction.AT_LEAST else ("maximum", "minimum")
            sign, other_sign = ("≥", "≤") if main == "minimum" else ("≤", "≥")
            out.append(_c(f"{named}{sign}", f"{key}.{main}", "number", ind.unit, examples.get(ind.code, ""),
                          named, f"{ind.name}{sign}", *ind.field_codes, alt_units=alt))
            out.append(dataclasses.replace(
                _c(f"{named}{other_sign}", f"{key}.{other}", "number", ind.unit, "", f"{ind.name}{other_sign}",
                   alt_units=alt), optional_export=True))
    return out


#: indicators whose actual value a record may carry in ``ParcelRecord.measured`` (the others have fields)
MEASURED_CODES = ("floor_area_ratio", "building_coverage", "green_ratio", "admin_ratio", "energy_value_added",
                  "emission_value_added")


def _measured_columns() -> list[Column]:
    if "measured" not in {f.name for f in dataclasses.fields(ParcelRecord)}:
        return []
    from .model import INDICATORS_BY_CODE

    out = []
    for code in MEASURED_CODES:
        ind = INDICATORS_BY_CODE[code]
        out.append(_c(_with_unit(f"{ind.name}实际值", ind.unit), f"measured.{code}", "number", ind.unit, "",
                      _with_unit(f"{ind.name}实测", ind.unit)))
    return out


#: the 登记表 columns, in the order the export writes them
REGISTER_COLUMNS: tuple[Column, ...] = (
    _c("地块编号", "id", "text", "", "ZGE-B4-01", "DKBH", "宗地编号", "地块号", "编号", required=True),
    _c("地块名称", "name", "text", "", "准格尔经济开发区B4-01地块", "DKMC", "宗地名称"),
    _c("园区名称", "park", "text", "", "准格尔经济开发区", "YQMC", "园区", "所属园区"),
    _c("用地用海代码", "use_code", "text", "", "1001", "YDYH", "用地用海编码", "用途代码"),
    _c("用地用海类型", "use_name", "text", "", "工业用地", "YDYHMC", "土地用途", "TDYT", "用地性质"),
    _c("产业类别", "industry", "text", "", "新材料", "行业类别", "行业", "产业"),
    _c("所属旗区", "region", "text", "", "准格尔旗", "SSQX", "旗区", "行政区"),
    _c("用地面积（m²）", "area_m2", "number", "m²", "70256.33", "YDMJ", "面积（m²）", "出让面积（m²）",
       alt_units=_AREA_UNITS),
    _c("椭球面积（m²）", "ellipsoidal_area_m2", "number", "m²", "70227.12", alt_units=_AREA_UNITS),
    _c("勘测定界面积（m²）", "declared_area_m2", "number", "m²", "70256.33", alt_units=_AREA_UNITS),
    _c("出让年限（年）", "term_years", "int", "年", "50", "CRNX"),
    _c("起拍价（万元）", "starting_price_wan", "number", "万元", "629", "QPJ", alt_units=_MONEY_UNITS),
    _c("竞买保证金（万元）", "deposit_wan", "number", "万元", "629", "保证金（万元）", alt_units=_MONEY_UNITS),
    _c("增价幅度（万元）", "increment_wan", "number", "万元", "10", alt_units=_MONEY_UNITS),
    _c("竞得人", "buyer", "text", "", "内蒙古某某新材料有限公司", "受让人", "竞得单位"),
    _c("成交价（万元）", "land_price_wan", "number", "万元", "629", "CJJ", "出让价款（万元）", "成交价款（万元）",
       alt_units=_MONEY_UNITS),
    _c("出让合同编号", "contract_no", "text", "", "15062220250001", "合同编号"),
    _c("出让合同签订日期", "contract_date", "date", "", "2025-06-20", "合同签订日期"),
    _c("投资建设协议编号", "agreement_no", "text", "", "ZGE-XY-2025-01", "协议编号"),
    _c("投资建设协议签订日期", "agreement_date", "date", "", "2025-06-20", "协议签订日期"),
    _c("挂牌日期", "listed_on", "date", "", "2025-05-10", "GPRQ", "公告日期"),
    _c("成交日期", "sold_on", "date", "", "2025-06-10"),
    _c("交地日期", "delivered_on", "date", "", "2025-07-01"),
    _c("约定开工日期", "agreed_start", "date", "", "2025-12-31", "YDKGRQ"),
    _c("约定竣工日期", "agreed_completion", "date", "", "2027-12-31", "YDJGRQ"),
    _c("实际开工日期", "actual_start", "date", "", "2026-03-15", "SJKGRQ"),
    _c("实际竣工日期", "actual_completion", "date", "", "", "SJJGRQ"),
    _c("承诺固定资产投资（万元）", "committed_investment_wan", "number", "万元", "14122", "承诺投资（万元）",
       "承诺投资额（万元）", alt_units=_MONEY_UNITS),
    _c("已完成投资（万元）", "invested_wan", "number", "万元", "3000", "完成投资（万元）", alt_units=_MONEY_UNITS),
    _c("已开发面积比例（0–1）", "developed_share", "share", "0–1", "0.4", "已开发面积比例", "已动工开发面积比例"),
    _c("已完成投资比例（0–1）", "invested_share", "share", "0–1", "0.21", "已完成投资比例", "投资完成比例"),
    _c("中止开发建设日期", "suspended_since", "date", "", "", "停工日期"),
    _c("年税收（万元）", "annual_tax_wan", "number", "万元", "320", alt_units=_MONEY_UNITS),
    _c("年产值（万元）", "annual_output_wan", "number", "万元", "31600", alt_units=_MONEY_UNITS),
    _c("计容建筑面积（m²）", "building_area_m2", "number", "m²", "70256", "总建筑面积（m²）"),
    _c("当前阶段", "stage", "stage", "", "开工", "生命周期阶段", "SMZQJD", "阶段"),
    _c("七通一平（已完成）", "preparation_done", "items:preparation", "", "给水、排水、电、路", "QTYP", "七通一平"),
    _c("区域评估（已完成）", "assessments_done", "items:assessments", "", "环境影响评价、节能评价", "区域评估"),
    *_bound_columns(),
    *_measured_columns(),
    _c("闲置原因", "idle_cause", "text", "", "企业原因"),
    _c("政府原因延误（天）", "government_delay_days", "int", "天", "0", "政府原因延误"),
    _c("备注", "note", "text", "", "", "BZ"),
)

#: the 事件表 columns
EVENT_COLUMNS: tuple[Column, ...] = (
    _c("地块编号", "parcel_id", "text", "", "ZGE-B4-01", "DKBH", "宗地编号", "编号", required=True),
    _c("事件编号", "id", "int", "", "12"),
    _c("阶段", "stage", "stage", "", "开工", "生命周期阶段", "事件", required=True),
    _c("日期", "date", "date", "", "2026-03-15", "事件日期", required=True),
    _c("记录人", "by", "text", "", "张三", "录入人", "经办人"),
    _c("备注", "note", "text", "", "", "说明"),
    _c("更正", "corrects", "int", "", "", "更正事件编号", "更正事件"),
    _c("更正原因", "reason", "text", "", "按施工许可证日期更正", "更正理由"),
    _c("原因", "cause", "text", "", "政府原因", "闲置原因"),
    _c("原阶段", "from_stage", "stage", "", "交地", "前一阶段"),
    _c("录入时间", "recorded_at", "text", "", "2026-03-16T09:30:00"),
)

#: the 年度数据 columns (consumed by the 亩均 evaluation)
FIGURE_COLUMNS: tuple[Column, ...] = (
    _c("地块编号", "parcel_id", "text", "", "ZGE-B4-01", "DKBH", "宗地编号", "parcel_id"),
    _c("企业名称", "enterprise", "text", "", "内蒙古某某新材料有限公司", "企业", "纳税人名称", "单位名称", "firm_name", "name"),
    _c("统一社会信用代码", "firm_id", "text", "", "91150622MA0XXXXXXX", "企业编号", "信用代码", "firm_id"),
    _c("年度", "year", "year", "", "2025", "年份", "year", required=True),
    _c("税收（万元）", "tax_wan", "number", "万元", "320", "实缴税金（万元）", "税收总额（万元）", "税收实际贡献（万元）",
       "tax_wan", alt_units=_MONEY_UNITS),
    _c("销售收入（万元）", "sales_wan", "number", "万元", "31600", "营业收入（万元）", "主营业务收入（万元）", "sales_wan",
       alt_units=_MONEY_UNITS),
    _c("工业增加值（万元）", "value_added_wan", "number", "万元", "8200", "增加值（万元）", "value_added_wan",
       alt_units=_MONEY_UNITS),
    _c("综合能耗（吨标准煤）", "energy_tce", "number", "吨标准煤", "12000", "能耗（吨标准煤）", "综合能耗（吨标煤）",
       "energy_tce"),
    _c("研发投入（万元）", "rd_wan", "number", "万元", "950", "研发经费（万元）", "R&D经费支出（万元）", "rd_wan",
       alt_units=_MONEY_UNITS),
    _c("从业人员（人）", "staff", "int", "人", "180", "从业人员", "从业人数", "年平均职工人数", "年平均从业人员（人）",
       "职工人数", "staff"),
    _c("用地面积（亩）", "area_mu", "number", "亩", "", "占地面积（亩）", "面积（亩）", "area_mu",
       alt_units=(("m2", 1 / SQM_PER_MU), ("公顷", 15.0))),
    _c("安全生产一票否决", "safety_veto", "bool", "", "否", "安全否决", "安全生产事故", "safety_veto"),
    _c("环境保护一票否决", "environment_veto", "bool", "", "否", "环保否决", "环境否决", "环保一票否决", "环境违法",
       "environment_veto"),
    _c("新办企业", "new_firm", "bool", "", "否", "新设企业", "是否新办企业", "new_firm"),
    _c("备注", "note", "text", "", ""),
)

TABLE_COLUMNS: dict[str, tuple[Column, ...]] = {
    REGISTER_SHEET: REGISTER_COLUMNS, EVENTS_SHEET: EVENT_COLUMNS, FIGURES_SHEET: FIGURE_COLUMNS,
}


def normalize_header(text: object) -> str:
    """A header as compared: NFKC (full-width brackets and digits), no blanks, lower case, one kind of dash,
    ``>=`` as ``≥``, ``平方米``/``㎡`` as ``m2``."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = "".join(s.split()).lower()
    for old, new in ((">=", "≥"), ("<=", "≤"), ("≧", "≥"), ("≦", "≤"), ("【", "("), ("】", ")"), ("[", "("),
                     ("]", ")"), ("〔", "("), ("〕", ")"), ("平方米", "m2"), ("–", "-"), ("—", "-"), ("~", "-"),
                     ("*", ""), (":", "")):
        s = s.replace(old, new)
    return s


def _strip_unit(norm: str) -> tuple[str, str | None]:
    """(the header without a trailing ``(unit)`` — the ≥/≤ sign kept —, the unit or None)."""
    m = re.fullmatch(r"(.*?)\(([^()]*)\)([≥≤]?)", norm)
    if not m:
        return norm, None
    return m.group(1) + m.group(3), m.group(2)


@dataclass(frozen=True)
class _HeaderMatch:
    column: Column
    factor: float = 1.0


def _header_index(columns: Iterable[Column]) -> dict[str, _HeaderMatch]:
    index: dict[str, _HeaderMatch] = {}
    for col in columns:
        for text in (col.header, *col.aliases):
            norm = normalize_header(text)
            index.setdefault(norm, _HeaderMatch(col))
            bare, unit = _strip_unit(norm)
            if unit is not None:
                for alt, factor in col.alt_units:
                    index.setdefault(bare[:-1] + f"({alt})" + bare[-1] if bare.endswith(("≥", "≤"))
                                     else f"{bare}({alt})", _HeaderMatch(col, factor))
                if col.unit != "m²":   # an area without its unit could be 亩 as well as m²: never guessed
                    index.setdefault(bare, _HeaderMatch(col))
    return index


_INDEXES = {sheet: _header_index(cols) for sheet, cols in TABLE_COLUMNS.items()}
# the 亩均 evaluation's own name of an area in m² (parkgis.core.parcels.evaluation reads the same tables)
_INDEXES[FIGURES_SHEET].setdefault("area_m2", _HeaderMatch(next(c for c in FIGURE_COLUMNS if c.key == "area_mu"),
                                                           1 / SQM_PER_MU))


def match_header(sheet: str, header: object) -> tuple[Column, float] | None:
    """The column of table ``sheet`` a header names (and the factor converting its unit to ours), or None."""
    m = _INDEXES[sheet].get(normalize_header(header))
    return (m.column, m.factor) if m else None


# --------------------------------------------------------------------------- problems

@dataclass(frozen=True)
class Problem:
    """One thing wrong in a 台账: the table (sheet), the spreadsheet's row (header = 1), the column header as
    the file writes it, and what is wrong (fixed English, localized through the message catalog)."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return f"{self.sheet} row {self.row}, column {self.column}: {self.message}"
        if self.row is not None:
            return f"{self.sheet} row {self.row}: {self.message}"
        if self.column:
            return f"{self.sheet}, column {self.column}: {self.message}"
        return f"{self.sheet}: {self.message}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


# --------------------------------------------------------------------------- cell values

def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        from ..fields import float_text

        return float_text(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ") if value.time() != _dt.time() else value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r":   # the CSV formula guard of the export
        text = text[1:]
    return text


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or \
        (isinstance(value, float) and math.isnan(value))


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?", re.I)
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_number(value: object, unit: str = "") -> float:
    """A number from a cell: a number, or text with thousands separators (``14,121.5``), full-width digits
    (``１３４``), blanks, or the column's unit after it (``134万元/亩``). Raises ValueError."""
    if isinstance(value, bool) or isinstance(value, (_dt.date, _dt.datetime)):
        raise ValueError(f"{_text(value)} is not a number")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a number")
        return float(value)
    raw = str(value).strip()
    text = "".join(_nfkc(raw).split()).replace("'", "").replace("\u2212", "-")
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    if _GROUPED_NUMBER.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(text):
        raise ValueError(f"{raw} is not a number")
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{raw} is not a number")
    return number


def parse_whole(value: object, unit: str = "") -> int:
    number = parse_number(value, unit)
    if number != int(number):
        raise ValueError(f"{_text(value)} is not a whole number")
    return int(number)


def parse_share(value: object) -> float:
    """A share 0–1: a number, or a percentage written as text (``35%`` = 0.35). Raises ValueError."""
    if isinstance(value, str) and _nfkc(value).endswith("%"):
        share = parse_number(_nfkc(value)[:-1]) / 100
    else:
        share = parse_number(value)
    if not 0 <= share <= 1:
        raise ValueError(f"the share {_text(value)} lies outside 0–1 (write 35 % as 0.35 or 35%)")
    return share


_YES = {"是", "yes", "y", "true", "1", "√", "✓", "✔", "有", "否决"}
_NO = {"否", "no", "n", "false", "0", "×", "✗", "无", "-"}


def parse_yes_no(value: object) -> bool:
    """是/否 (yes/no, 1/0, √/×) from a cell. Raises ValueError."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = _nfkc(_text(value)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"{_text(value)} is not 是 or 否")


_ITEM_ALIASES = {
    "preparation": {"供水": "给水", "通水": "给水", "上水": "给水", "下水": "排水", "雨污水": "排水", "通电": "电",
                    "供电": "电", "电力": "电", "通信": "通讯", "电信": "通讯", "道路": "路", "通路": "路",
                    "供气": "燃气", "通气": "燃气", "天然气": "燃气", "供热": "热力", "供暖": "热力", "通暖": "热力",
                    "平整": "场地平整", "土地平整": "场地平整"},
    "assessments": {"环评": "环境影响评价", "能评": "节能评价", "地灾": "地质灾害危险性评估", "压覆矿": "压覆矿产资源评估",
                    "水保": "水土保持", "洪评": "洪水影响评价", "文物": "文物考古调查", "地震": "地震安全性评价"},
}
_ITEM_LISTS = {"preparation": PREPARATION_ITEMS, "assessments": ASSESSMENT_ITEMS}
_ITEM_NAMES = {"preparation": "七通一平", "assessments": "区域评估"}


def parse_items(value: object, which: str) -> frozenset[str]:
    """A set of 七通一平 (``which="preparation"``) or 区域评估 items from a ``、``/``,``-separated list; a
    common other name (通电, 道路, 环评 …) is taken for its item. Raises ValueError naming an unknown item."""
    known = _ITEM_LISTS[which]
    out = set()
    for part in ITEM_SEPARATORS.split(_nfkc(_text(value))):
        if not part:
            continue
        item = part if part in known else _ITEM_ALIASES[which].get(part)
        if item is None:
            raise ValueError(f"{part} is not an item of {_ITEM_NAMES[which]}: use {'、'.join(known)}")
        out.add(item)
    return frozenset(out)


def items_text(items: Iterable[str], which: str) -> str:
    """The items in their list's order, joined by ``、``."""
    chosen = set(items)
    known = _ITEM_LISTS[which]
    return "、".join([i for i in known if i in chosen] + sorted(chosen - set(known)))


def _stage_names() -> str:
    return "、".join(s.value for s in Stage)


def _not_negative(value: object, number: float):
    """Money, areas, counts and indicator bounds are never negative."""
    if number < 0:
        raise ValueError(f"{_text(value)} is negative")
    return number


#: fields whose empty cell means their default, not "unknown"
_BLANK_DEFAULTS = {"government_delay_days": 0}


def parse_cell(column: Column, value: object, factor: float = 1.0):
    """The value of one cell for ``column`` (None for an empty cell). Raises ValueError with the reason."""
    if value is _UNCOMPUTED:
        raise ValueError("the cell holds a formula without a computed value: open and save the file in Excel, "
                         "or paste the values")
    if _blank(value):
        if column.key in _BLANK_DEFAULTS:
            return _BLANK_DEFAULTS[column.key]
        if column.kind == "bool":
            return False
        return "" if column.kind == "text" else frozenset() if column.kind.startswith("items:") else None
    kind = column.kind
    if kind == "text":
        return _text(value)
    if kind == "number":
        return _not_negative(value, parse_number(value, column.unit) * factor)
    if kind == "int":
        return _not_negative(value, parse_whole(value, column.unit))
    if kind == "year":
        text = _nfkc(_text(value))
        year = parse_whole(text[:-1] if text.endswith("年") else value)
        if not 1900 <= year <= 2200:
            raise ValueError(f"{_text(value)} is not a year")
        return year
    if kind == "share":
        return parse_share(value)
    if kind == "bool":
        return parse_yes_no(value)
    if kind == "date":
        return parse_date(value if not isinstance(value, str) else _nfkc(value))
    if kind == "stage":
        stage = parse_stage(_nfkc(_text(value)))
        if stage is None:
            raise ValueError(f"{_text(value)} is not a stage: use one of {_stage_names()}")
        return stage
    if kind.startswith("items:"):
        return parse_items(value, kind.split(":", 1)[1])
    raise AssertionError(kind)


# --------------------------------------------------------------------------- reading

@dataclass
class Table:
    """One table as read: which columns it has (key → header as written), and its rows (spreadsheet row
    number, key → parsed value) — rows with a bad cell keep the cells that parsed."""

    sheet: str
    source: str                  # the sheet's title in a workbook, the file's name for a CSV
    header_row: int = 1
    columns: dict[str, str] = field(default_factory=dict)
    rows: list[tuple[int, dict]] = field(default_factory=list)
    file: Path | None = None     # the file the table is in

    @property
    def title(self) -> str:
        """How a problem names the table: the workbook's sheet title, or the table's name for a CSV file
        (whose own name is the problem's file)."""
        return self.sheet if self.file is None or self.file.suffix.lower() == ".csv" else self.source

    def rows_by_number(self) -> dict[int, dict]:
        return dict(self.rows)

    def header(self, key: str) -> str:
        return self.columns.get(key) or next(c.header for c in TABLE_COLUMNS[self.sheet] if c.key == key)


@dataclass
class Ledger:
    """A 台账 as read from a file: its tables (None where the file has none), the problems found in the
    cells and the warnings (an unknown column, ignored)."""

    path: Path
    register: Table | None = None
    events: Table | None = None
    figures: Table | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def table(self, sheet: str) -> Table | None:
        return {REGISTER_SHEET: self.register, EVENTS_SHEET: self.events, FIGURES_SHEET: self.figures}[sheet]


def _read_table(sheet: str, source: str, rows: Iterable[tuple[int, list]], problems: list[Problem],
                warnings: list[str]) -> Table:
    columns = TABLE_COLUMNS[sheet]
    materialized = [(n, list(r)) for n, r in rows]
    # the header is the first of the first ten rows naming a column of the table (a title row may precede it)
    header_at = None
    for k, (_n, cells) in enumerate(materialized[:10]):
        if any(not _blank(c) and match_header(sheet, c) for c in cells):
            header_at = k
            break
    table = Table(sheet, source)
    if header_at is None:
        first = materialized[0][0] if materialized else 1
        for col in columns:
            if col.required:
                problems.append(Problem(sheet, first, col.header, "the column is missing"))
        return table
    header_row, header_cells = materialized[header_at]
    table.header_row = header_row
    picked: dict[int, tuple[Column, float, str]] = {}
    for position, cell in enumerate(header_cells):
        if _blank(cell):
            continue
        written = _text(cell)
        found = match_header(sheet, cell)
        if found is None:
            if normalize_header(written) not in ("序号", "no", "no."):
                warnings.append(f"{sheet}, column {written}: not a column of the {sheet}; ignored")
            continue
        col, factor = found
        if col.key in table.columns:
            problems.append(Problem(sheet, header_row, written,
                                    f"the column appears twice (also as {table.columns[col.key]})"))
            continue
        table.columns[col.key] = written
        picked[position] = (col, factor, written)
    for col in columns:
        if col.required and col.key not in table.columns:
            problems.append(Problem(sheet, header_row, col.header, "the column is missing"))
    for number, cells in materialized[header_at + 1:]:
        if all(_blank(c) for c in cells):
            continue
        values: dict = {}
        for position, (col, factor, written) in picked.items():
            value = cells[position] if position < len(cells) else None
            try:
                values[col.key] = parse_cell(col, value, factor)
            except ValueError as exc:
                problems.append(Problem(sheet, number, written, str(exc)))
                values[col.key] = _BAD
        table.rows.append((number, values))
    return table


class _Bad:
    """A cell that did not parse (its problem is listed): the row's other cells are still checked."""

    def __repr__(self) -> str:
        return "<bad cell>"


_BAD = _Bad()


def _sheet_of(title: str) -> str | None:
    norm = normalize_header(title)
    for sheet, names in SHEET_ALIASES.items():
        if norm in (normalize_header(n) for n in names):
            return sheet
    return None


def _read_xlsx(path: Path, ledger: Ledger) -> None:
    from openpyxl import load_workbook

    from ..errors import DataError

    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:   # openpyxl raises zipfile, KeyError, ValueError … for a damaged file
        raise DataError(path, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    try:
        found: dict[str, object] = {}
        for ws in workbook.worksheets:
            sheet = _sheet_of(ws.title)
            if sheet and sheet not in found:
                found[sheet] = ws
        for ws in workbook.worksheets:          # a sheet under a name of its own: told by its headers
            if ws in found.values() or _sheet_of(ws.title) or normalize_header(ws.title) == GUIDE_SHEET:
                continue
            head = [(n, list(r)) for n, r in enumerate(ws.iter_rows(min_row=1, max_row=10, values_only=True), 1)]
            for sheet in (FIGURES_SHEET, EVENTS_SHEET, REGISTER_SHEET):
                if sheet not in found and _looks_like(sheet, head):
                    found[sheet] = ws
                    break
        if not found and len(workbook.worksheets) == 1:
            found[REGISTER_SHEET] = workbook.worksheets[0]    # a one-sheet 台账 is the register
        if not found:
            names = ", ".join(ws.title for ws in workbook.worksheets)
            raise DataError(path, f"no sheet named {', '.join(SHEETS)} (the workbook has {names})")
        uncomputed = _uncomputed_formulas(path, [ws.title for ws in found.values()]) if _has_formulas(path) else {}
        for sheet, ws in found.items():
            blanks = uncomputed.get(ws.title, set())
            rows = ((n, [_UNCOMPUTED if (n, k) in blanks else v for k, v in enumerate(r)])
                    for n, r in enumerate(ws.iter_rows(min_row=1, values_only=True), 1))
            table = _read_table(sheet, ws.title, rows, ledger.problems, ledger.warnings)
            table.file = path
            setattr(ledger, _ATTR[sheet], table)
    finally:
        workbook.close()


class _Uncomputed:
    """A formula cell whose value Excel never computed (a file written by a program, not saved in Excel):
    its value is unknown — not empty, which would clear the field."""


_UNCOMPUTED = _Uncomputed()


def _has_formulas(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return any(b"<f" in archive.read(name) for name in archive.namelist()
                       if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _uncomputed_formulas(path: Path, titles: list[str]) -> dict[str, set[tuple[int, int]]]:
    """sheet title → (row, column index) of the formula cells that hold no computed value."""
    from openpyxl import load_workbook

    formulas = load_workbook(path, data_only=False)
    values = load_workbook(path, data_only=True)
    try:
        out: dict[str, set[tuple[int, int]]] = {}
        for title in titles:
            cells = set()
            for row in formulas[title].iter_rows(min_row=1):
                for cell in row:
                    if cell.data_type == "f" and values[title].cell(cell.row, cell.column).value is None:
                        cells.add((cell.row, cell.column - 1))
            out[title] = cells
        return out
    finally:
        formulas.close()
        values.close()


_ATTR = {REGISTER_SHEET: "register", EVENTS_SHEET: "events", FIGURES_SHEET: "figures"}


def csv_paths(path: str | Path) -> dict[str, Path]:
    """The files of a CSV 台账 named by its register file ``FILE.csv``: table → path (existing or not, in
    the names the export writes)."""
    path = Path(path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return {REGISTER_SHEET: path, EVENTS_SHEET: path.with_name(f"{stem}.events.csv"),
            FIGURES_SHEET: path.with_name(f"{stem}.figures.csv")}


def _csv_table_of(path: Path) -> tuple[str, str]:
    """(the table a CSV file holds by its name, the stem of its 台账)."""
    name = path.name[: -len(path.suffix)]
    for sheet, suffixes in CSV_SUFFIXES.items():
        for suffix in suffixes:
            if name.lower().endswith("." + suffix.lower()):
                return sheet, name[: -len(suffix) - 1]
    return REGISTER_SHEET, name


def _csv_rows(path: Path) -> list[tuple[int, list]]:
    from ..errors import DataError
    from ..io.encoding import decode_text

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(path, exc.strerror or str(exc)) from None
    text, _encoding, _how = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)]
    except csv.Error as exc:
        raise DataError(path, f"not a readable CSV file ({exc})") from None


def _read_csv(path: Path, ledger: Ledger) -> None:
    sheet, stem = _csv_table_of(path)
    files = {sheet: path}
    if sheet == REGISTER_SHEET:      # the register names its 台账: read the events and figures beside it
        for other, suffixes in CSV_SUFFIXES.items():
            for suffix in suffixes:
                candidate = path.with_name(f"{stem}.{suffix}{path.suffix}")
                if candidate.exists():
                    files[other] = candidate
                    break
    for table_sheet, file in files.items():
        rows = _csv_rows(file)
        if table_sheet == REGISTER_SHEET and file == path and rows and not _looks_like(REGISTER_SHEET, rows):
            # a lone CSV of events or figures under a name of its own: told apart by its headers
            for other in (FIGURES_SHEET, EVENTS_SHEET):
                if _looks_like(other, rows):
                    table_sheet = other
                    break
        table = _read_table(table_sheet, file.name, rows, ledger.problems, ledger.warnings)
        table.file = file
        setattr(ledger, _ATTR[table_sheet], table)


def _looks_like(sheet: str, rows: list[tuple[int, list]]) -> bool:
    """Whether the first rows hold every required header of ``sheet`` and (for the register) a column no
    other table has."""
    for _n, cells in rows[:10]:
        keys = {m[0].key for c in cells if not _blank(c) and (m := match_header(sheet, c))}
        if all(col.key in keys for col in TABLE_COLUMNS[sheet] if col.required):
            if sheet != REGISTER_SHEET:
                return True
            return bool(keys - {"id", "note", "stage"})
    return False


def read_ledger(path: str | Path) -> Ledger:
    """Read a 台账 (``.xlsx``, or ``.csv`` with its sibling files): every cell parsed, every problem listed.

    Raises DataError only when the file cannot be read at all (not found, not a workbook, no known sheet)."""
    from ..errors import DataError

    path = Path(path)
    if not path.exists():
        raise DataError(path, "file not found")
    ledger = Ledger(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _read_xlsx(path, ledger)
    elif suffix in (".csv", ".txt"):
        _read_csv(path, ledger)
    else:
        raise DataError(path, "a 台账 is read from .xlsx or .csv")
    return ledger


# --------------------------------------------------------------------------- writing

def _get(record: object, key: str):
    if key.startswith("measured."):
        return record.measured.get(key.split(".", 1)[1])
    if key.startswith("bound."):
        _b, code, part = key.split(".")
        bound = record.bounds.get(code)
        return None if bound is None else getattr(bound, part)
    return getattr(record, key)


def _row_values(columns: Iterable[Column], record: object) -> list:
    out = []
    for col in columns:
        value = _get(record, col.key)
        if col.kind.startswith("items:"):
            value = items_text(value, col.kind.split(":", 1)[1]) if value else ""
        elif isinstance(value, Stage):
            value = value.value
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif value is None:
            value = ""
        out.append(value)
    return out


def _event_rows(records: Iterable[ParcelRecord]) -> list[dict]:
    rows = []
    for record in records:
        for event in sorted(record.events, key=lambda e: (e.date, e.id or 0)):
            rows.append({"parcel_id": record.id, **dataclasses.asdict(event)})
    return rows


class _Obj:
    def __init__(self, values: dict):
        self.__dict__.update(values)


def ledger_tables(records: Iterable[ParcelRecord], figures: Iterable[AnnualFigures] = ()
                  ) -> dict[str, tuple[list[str], list[list]]]:
    """The three tables of a 台账: sheet → (headers, rows of cell values: str, float, int, date or '')."""
    records = sorted(records, key=lambda r: r.id)
    register_columns = [c for c in REGISTER_COLUMNS
                        if not c.optional_export or any(_get(r, c.key) is not None for r in records)]
    events = [_Obj(e) for e in _event_rows(records)]
    for e in events:
        e.stage = Stage(e.stage)
    figures = sorted(figures, key=lambda f: (f.parcel_id, f.enterprise, f.year))
    return {
        REGISTER_SHEET: ([c.header for c in register_columns], [_row_values(register_columns, r) for r in records]),
        EVENTS_SHEET: ([c.header for c in EVENT_COLUMNS], [_row_values(EVENT_COLUMNS, e) for e in events]),
        FIGURES_SHEET: ([c.header for c in FIGURE_COLUMNS], [_row_values(FIGURE_COLUMNS, f) for f in figures]),
    }


def write_ledger(path: str | Path, records: Iterable[ParcelRecord], figures: Iterable[AnnualFigures] = ()) -> list[Path]:
    """Write the 台账 of ``records`` (with their events) and ``figures`` to ``path`` (.xlsx: one workbook;
    .csv: FILE.csv, FILE.events.csv, FILE.figures.csv), each file atomically and all of them or none (each is
    written aside first; only when all are complete do they replace their targets). Returns the files written.
    A parkgis project is refused as a target."""
    from ..errors import UsageError
    from ..fsutil import atomic_output

    path = Path(path)
    tables = ledger_tables(records, figures)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        with atomic_output(path) as tmp:
            _write_xlsx(tmp, tables)
        return [path]
    if suffix == ".csv":
        import contextlib

        targets = csv_paths(path)
        with contextlib.ExitStack() as stack:
            temporaries = {sheet: stack.enter_context(atomic_output(target)) for sheet, target in targets.items()}
            for sheet, tmp in temporaries.items():
                _write_csv(tmp, *tables[sheet])
        return list(targets.values())
    raise UsageError(f"{path}: a 台账 is written as .xlsx or .csv")


def _write_csv(path: Path, headers: list[str], rows: list[list]) -> None:
    from ..fields import float_text
    from ..report.cells import csv_text

    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([float_text(v) if isinstance(v, float) else
                             v.isoformat() if isinstance(v, _dt.date) else csv_text(v) for v in row])


def _write_xlsx(path: Path, tables: dict[str, tuple[list[str], list[list]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..report.cells import no_formulas, unknown

    workbook = Workbook()
    workbook.remove(workbook.active)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet, (headers, rows) in tables.items():
        ws = workbook.create_sheet(sheet)
        ws.append(headers)
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            ws.append([None if (v == "" or unknown(v)) else v for v in row])
        for col_cells in ws.iter_cols(min_row=2):
            for cell in col_cells:
                if isinstance(cell.value, _dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"
        for k, header in enumerate(headers, 1):
            width = max([len(header) * 2] + [len(str(r[k - 1])) * 1.3 for r in rows[:200]])
            ws.column_dimensions[get_column_letter(k)].width = min(max(width, 8), 40)
        ws.freeze_panes = "B2" if sheet == REGISTER_SHEET else "A2"
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append(["表", "列名", "单位", "示例", "说明"])
    for cell in guide[1]:
        cell.font, cell.fill = bold, fill
    for sheet, (headers, _rows) in tables.items():
        by_header = {c.header: c for c in TABLE_COLUMNS[sheet]}
        for header in headers:
            column = by_header[header]
            guide.append([sheet, header, _unit_text(column), column.example or None, _kind_text(column)])
    for letter, width in zip("ABCDE", (10, 36, 14, 28, 40), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    no_formulas(workbook)
    workbook.save(path)


#: the explanatory sheet of an exported workbook (never read on import)
GUIDE_SHEET = "填表说明"


def _unit_text(column: Column) -> str:
    return {"date": "日期", "stage": "阶段", "bool": "是/否"}.get(column.kind) or \
        ("列表（、分隔）" if column.kind.startswith("items:") else column.unit)


def _kind_text(column: Column) -> str:
    notes = {"id": "必填；须为登记簿中的地块或地块图层中的要素", "parcel_id": "地块编号或企业名称至少填一项",
             "corrects": "被更正事件的事件编号（更正时须填更正原因）", "stage": "储备、前期开发、区域评估、挂牌、成交、"
             "出让合同、交地、开工、竣工、投产、达产复核、闲置、收回", "year": "必填", "date": "必填",
             "preparation_done": "、".join(PREPARATION_ITEMS), "assessments_done": "、".join(ASSESSMENT_ITEMS)}
    explained = notes.get(column.key, "")
    if column.kind == "share":
        explained = "0–1（35% 写作 0.35 或 35%）"
    elif column.kind == "date" and not explained:
        explained = "2026-11-25、2026/11/25、2026年11月25日 或 Excel 日期"   # Chinese already: the sheet's text
    return explained


# --------------------------------------------------------------------------- planning an import

@dataclass
class FieldChange:
    key: str          # ParcelRecord attribute, or bound.<code>.<minimum|maximum|text>
    column: str       # the header as the file writes it
    old: object
    new: object


@dataclass
class NewEvent:
    """An event the import adds: the row it comes from, the event (``corrects`` set when it corrects a
    recorded event) and, when it corrects another new event of the same file, that one's index in
    :attr:`ParcelPlan.new_events` (``corrects_new``)."""

    row: int
    event: Event
    file_id: int | None = None
    corrects_new: int | None = None


@dataclass
class ParcelPlan:
    """What the import does to one parcel: ``added`` (a new register entry, linked to its feature),
    ``changed`` or ``unchanged``; the record as it will be (events not included: see ``new_events``)."""

    id: str
    action: str
    record: ParcelRecord
    fields: list[FieldChange] = field(default_factory=list)
    new_events: list[NewEvent] = field(default_factory=list)
    link: tuple[str, int] | None = None        # (layer id, fid) of the feature a new entry is linked to


@dataclass
class FigurePlan:
    row: int
    figures: AnnualFigures
    old: AnnualFigures | None = None           # None: added


@dataclass
class ImportPlan:
    """The outcome of holding a 台账 against the register: the problems (an import with any writes
    nothing), and per parcel what would change, and the annual figures added or changed."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parcels: list[ParcelPlan] = field(default_factory=list)
    figures: list[FigurePlan] = field(default_factory=list)
    #: table → (the file it is in, how it is named there: a workbook's sheet title)
    places: dict[str, tuple[Path, str]] = field(default_factory=dict)

    def located(self, problem: Problem) -> tuple[Path, Problem]:
        """(the file a problem lies in, the problem naming its sheet as the file does: ``Sheet1 row 3 …`` in a
        workbook whose register sheet is Sheet1; for a CSV 台账 the file is FILE.events.csv for the events)."""
        file, title = self.places.get(problem.sheet, (self.path, problem.sheet))
        return file, dataclasses.replace(problem, sheet=title)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes(self) -> list[ParcelPlan]:
        return [p for p in self.parcels if p.action != "unchanged"]

    @property
    def has_changes(self) -> bool:
        return bool(self.changes) or bool(self.figures)

    def as_dict(self) -> dict:
        """The JSON shape of ``parkgis parcels import --json`` (without ``written``)."""
        return {
            "file": str(self.path),
            "problems": [{**self.located(p)[1].as_dict(), "table": p.sheet, "file": str(self.located(p)[0])}
                         for p in self.problems],
            "warnings": list(self.warnings),
            "parcels": [{
                "id": p.id, "action": p.action,
                "fields": [{"field": f.key, "column": f.column, "old": _json_value(f.old), "new": _json_value(f.new)}
                           for f in p.fields],
                "events": [{"row": e.row, "stage": e.event.stage.value, "date": e.event.date.isoformat(),
                            "by": e.event.by, "note": e.event.note,
                            "corrects": e.event.corrects if e.corrects_new is None else f"row {p.new_events[e.corrects_new].row}"}
                           for e in p.new_events],
            } for p in self.changes],
            "figures": {"added": sum(1 for f in self.figures if f.old is None),
                        "changed": sum(1 for f in self.figures if f.old is not None)},
        }


def _json_value(value):
    if isinstance(value, Stage):
        return value.value
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def _set(record: ParcelRecord, key: str, value) -> None:
    if key.startswith("measured."):
        measured = dict(record.measured)
        if value is None:
            measured.pop(key.split(".", 1)[1], None)
        else:
            measured[key.split(".", 1)[1]] = value
        record.measured = measured
        return
    if key.startswith("bound."):
        _b, code, part = key.split(".")
        if part == "text" and not value:
            value = None
        old = record.bounds.get(code) or Bound()
        new = dataclasses.replace(old, **{part: value})
        bounds = dict(record.bounds)
        if new == Bound():
            bounds.pop(code, None)
        else:
            bounds[code] = new
        record.bounds = bounds
        return
    setattr(record, key, value)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    if a in ("", None) and b in ("", None):
        return True
    return a == b


#: the date fields that cannot lie before the sale (成交日期), with their order among themselves
_AFTER_SALE = ("contract_date", "delivered_on", "agreed_start", "agreed_completion", "actual_start",
               "actual_completion", "suspended_since")
_ORDERED_PAIRS = (("listed_on", "sold_on"), ("agreed_start", "agreed_completion"),
                  ("actual_start", "actual_completion"))
_FIELD_NAMES = {c.key: c.header for c in REGISTER_COLUMNS}


def plan_import(ledger: Ledger, register: Mapping[str, ParcelRecord],
                layer_parcels: Mapping[str, tuple[str, int]] | Collection[str] = (),
                figures: Iterable[AnnualFigures] = ()) -> ImportPlan:
    """Hold the 台账 ``ledger`` against the ``register`` (地块编号 → record with its events), the parcels of the
    parcel layer (地块编号 → (layer id, fid), or the record the feature's own attributes give — the base a new
    entry's cells overlay —, or just the numbers) and the recorded annual ``figures``: the
    problems, and what would change (see the module docstring for the rules). Nothing is written."""
    plan = ImportPlan(ledger.path, list(ledger.problems), list(ledger.warnings))
    for sheet in SHEETS:
        table = ledger.table(sheet)
        if table is not None and table.file is not None:
            plan.places[sheet] = (table.file, table.title)
    links = dict(layer_parcels) if isinstance(layer_parcels, Mapping) else {k: None for k in layer_parcels}
    known = set(register) | set(links)
    plans: dict[str, ParcelPlan] = {}
    register_rows: dict[str, int] = {}

    def plan_for(pid: str) -> ParcelPlan:
        if pid not in plans:
            if pid in register:
                plans[pid] = ParcelPlan(pid, "unchanged", dataclasses.replace(register[pid], events=[]))
            else:
                link = links.get(pid)
                if isinstance(link, ParcelRecord):     # the feature's own attributes are the base
                    record = dataclasses.replace(link, events=[])
                    link = (record.layer_id, record.fid) if record.layer_id else None
                else:
                    record = ParcelRecord(pid)
                    if link:
                        record.layer_id, record.fid = link
                plans[pid] = ParcelPlan(pid, "added", record, link=link)
        return plans[pid]

    def parcel_id(table: Table, row: int, values: dict, key: str = "id") -> str | None:
        pid = values.get(key)
        if pid is _BAD:
            return None
        if not pid:
            plan.problems.append(Problem(table.sheet, row, table.header(key), "the 地块编号 is empty"))
            return None
        if pid not in known:
            plan.problems.append(Problem(table.sheet, row, table.header(key),
                                         f"{pid} names no parcel of the register nor a feature of the parcel layer"))
            return None
        return pid

    # ---------------------------------------------------------------- the register
    if ledger.register is not None:
        table = ledger.register
        for row, values in table.rows:
            pid = parcel_id(table, row, values)
            if pid is None:
                continue
            if pid in register_rows:
                plan.problems.append(Problem(table.sheet, row, table.header("id"),
                                             f"{pid} appears twice (also in row {register_rows[pid]})"))
                continue
            register_rows[pid] = row
            p = plan_for(pid)
            old = register.get(pid)
            for key, value in values.items():
                if key == "id" or value is _BAD:
                    continue
                if key == "stage":
                    continue                      # decided with the events, below
                before = _get(p.record, key)
                if key.startswith("bound.") or not _same(before, value):
                    _set(p.record, key, value)
                after = _get(p.record, key)
                if old is not None and not _same(_get(old, key), after):
                    p.fields.append(FieldChange(key, table.header(key), _get(old, key), after))
            if old is None and values.get("stage") not in (None, _BAD):
                p.record.stage = values["stage"]

    # ---------------------------------------------------------------- the events
    if ledger.events is not None:
        _plan_events(ledger.events, register, plan, plan_for, parcel_id)

    # ---------------------------------------------------------------- the stage
    stated: dict[str, tuple[int, Stage]] = {}      # registered parcels whose row states another stage
    if ledger.register is not None and "stage" in ledger.register.columns:
        for row, values in ledger.register.rows:
            pid, stage = values.get("id"), values.get("stage")
            if pid in register and register_rows.get(pid) == row and stage not in (None, _BAD) \
                    and stage != register[pid].stage:
                stated[pid] = (row, stage)
    for pid, p in plans.items():
        current = _current_timeline(p, register.get(pid))
        latest = max(current, key=lambda e: (e.date, _rank(e.stage))).stage if current else None
        if pid in stated:
            row, stage = stated[pid]
            if p.new_events and stage == latest:
                p.fields.append(FieldChange("stage", ledger.register.header("stage"), register[pid].stage, stage))
                p.record.stage = stage
            elif p.new_events:
                plan.problems.append(Problem(
                    REGISTER_SHEET, row, ledger.register.header("stage"),
                    f"the stage {stage.value} is not where the events in the {EVENTS_SHEET} lead ({latest.value})"))
            else:
                plan.problems.append(Problem(
                    REGISTER_SHEET, row, ledger.register.header("stage"),
                    f"the stage changes from {register[pid].stage.value} to {stage.value} only with a dated event "
                    f"in the {EVENTS_SHEET} (阶段 {stage.value}, 日期)"))
        elif p.new_events and latest is not None and latest != p.record.stage:
            stated_stage = ledger.register.rows_by_number().get(register_rows[pid], {}).get("stage") \
                if p.action == "added" and pid in register_rows else None
            if stated_stage not in (None, _BAD):    # a new entry's row states its stage: the events must agree
                plan.problems.append(Problem(
                    REGISTER_SHEET, register_rows[pid], ledger.register.header("stage"),
                    f"the stage {stated_stage.value} is not where the events in the {EVENTS_SHEET} lead "
                    f"({latest.value})"))
                continue
            if p.action != "added":
                p.fields.append(FieldChange("stage", "当前阶段", p.record.stage, latest))
            p.record.stage = latest

    # ---------------------------------------------------------------- dates that cannot be
    for pid, p in plans.items():
        _date_problems(p, register.get(pid), ledger, register_rows.get(pid), plan.problems)
        if p.action == "unchanged" and (p.fields or p.new_events):
            p.action = "changed"

    # ---------------------------------------------------------------- annual figures
    if ledger.figures is not None:
        _plan_figures(ledger.figures, known, list(figures), plan)

    plan.parcels = sorted(plans.values(), key=lambda p: p.id)
    sort_problems(plan.problems, ledger)
    return plan


def sort_problems(problems: list[Problem], ledger: Ledger) -> None:
    """In reading order: by table, row, then the column's place in the file."""
    places = {}
    for sheet in SHEETS:
        table = ledger.table(sheet)
        if table is not None:
            places[sheet] = {header: k for k, header in enumerate(table.columns.values())}
    problems.sort(key=lambda pr: (SHEETS.index(pr.sheet) if pr.sheet in SHEETS else 9, pr.row or 0,
                                  places.get(pr.sheet, {}).get(pr.column, 999)))


def _rank(stage: Stage) -> int:
    return MAIN_LINE.index(stage) if stage in MAIN_LINE else len(MAIN_LINE) + (stage is Stage.RECLAIMED)


def _current_timeline(p: ParcelPlan, old: ParcelRecord | None) -> list[Event]:
    """The parcel's events after the import, without the superseded and the corrected ones."""
    corrected_ids = {e.event.corrects for e in p.new_events if e.event.corrects is not None}
    corrected_new = {e.corrects_new for e in p.new_events if e.corrects_new is not None}
    recorded = [e for e in (old.events if old else []) if not e.superseded and e.id not in corrected_ids]
    return recorded + [n.event for k, n in enumerate(p.new_events) if k not in corrected_new]


def _event_core(event: Event) -> tuple:
    return (event.stage, event.date, event.by or "", event.note or "", event.cause or "")


def _plan_events(table: Table, register: Mapping[str, ParcelRecord], plan: ImportPlan, plan_for, parcel_id) -> None:
    seen_rows: dict[tuple, int] = {}
    by_file_id: dict[tuple[str, int], tuple[str, int | None, int | None]] = {}   # → (kind, register id, new index)
    pending: list[tuple[str, int, int, int]] = []   # (pid, new index, row, 更正 value)
    for row, values in table.rows:
        pid = parcel_id(table, row, values, "parcel_id")
        if pid is None or any(values.get(k) is _BAD for k in ("stage", "date", "id", "corrects")):
            continue
        stage, date = values.get("stage"), values.get("date")
        missing = [k for k in ("stage", "date") if values.get(k) is None]
        for key in missing:
            if key not in table.columns:     # the missing column is listed once, not for every row
                continue
            plan.problems.append(Problem(table.sheet, row, table.header(key), "the cell is empty"))
        if missing:
            continue
        event = Event(stage, date, by=values.get("by") or "", note=values.get("note") or "",
                      cause=values.get("cause") or "", recorded_at=values.get("recorded_at") or "")
        if values.get("reason"):
            event.reason = values["reason"]
        if values.get("from_stage") not in (None, _BAD):
            event.from_stage = values["from_stage"]
        if values.get("corrects") is not None and not values.get("reason") and _HAS_REASON:
            plan.problems.append(Problem(table.sheet, row, table.header("reason"),
                                         "a correction needs its reason (更正原因)"))
            continue
        file_id = values.get("id")
        key = (pid, *_event_core(event), values.get("corrects"))
        if key in seen_rows:
            plan.problems.append(Problem(table.sheet, row, table.header("stage"),
                                         f"the same event as row {seen_rows[key]}"))
            continue
        seen_rows[key] = row
        recorded = register[pid].events if pid in register else []
        match = None
        if file_id is not None:
            match = next((e for e in recorded if e.id == file_id), None)
            if match is not None and (match.stage, match.date) != (stage, date):
                plan.problems.append(Problem(
                    table.sheet, row, table.header("date") if match.stage == stage else table.header("stage"),
                    f"event {file_id} is recorded as {match.stage.value} on {match.date.isoformat()}: an import "
                    f"does not change a recorded event; correct it with a new row whose 更正 is {file_id}"))
                continue
        if match is None:
            match = next((e for e in recorded if not e.superseded and (e.stage, e.date) == (stage, date)), None)
        if match is not None:
            if (match.by or "", match.note or "", match.cause or "") != (event.by, event.note, event.cause):
                column = table.header("note") if (match.note or "") != event.note else \
                    table.header("by") if (match.by or "") != event.by else table.header("cause")
                plan.problems.append(Problem(
                    table.sheet, row, column,
                    f"event {match.id} ({match.stage.value} on {match.date.isoformat()}) is recorded with other "
                    f"记录人/备注/原因: an import does not change a recorded event; correct it with a new row whose "
                    f"更正 is {match.id}"))
                continue
            if file_id is not None:
                by_file_id[(pid, file_id)] = ("recorded", match.id, None)
            continue
        p = plan_for(pid)
        p.new_events.append(NewEvent(row, event, file_id))
        index = len(p.new_events) - 1
        if file_id is not None:
            by_file_id[(pid, file_id)] = ("new", None, index)
        if values.get("corrects") is not None:
            pending.append((pid, index, row, values["corrects"]))
    for pid, index, row, corrects in pending:
        p = plan_for(pid)
        target = by_file_id.get((pid, corrects))
        if target is None and pid in register and any(e.id == corrects for e in register[pid].events):
            target = ("recorded", corrects, None)
        if target is None:
            plan.problems.append(Problem(table.sheet, row, table.header("corrects"),
                                         f"{corrects} names no event of parcel {pid}"))
        elif target[0] == "recorded":
            p.new_events[index].event.corrects = target[1]
        elif target[2] == index:
            plan.problems.append(Problem(table.sheet, row, table.header("corrects"), "the row corrects itself"))
        else:
            p.new_events[index].corrects_new = target[2]


def _date_problems(p: ParcelPlan, old: ParcelRecord | None, ledger: Ledger, register_row: int | None,
                   problems: list[Problem]) -> None:
    """Dates that cannot be: a start (contract, delivery …) before the sale, a completion before the start,
    an event before an earlier stage's event. Reported at a cell of this file (the later date's where both
    are; nothing when neither value comes from the file)."""
    record = p.record
    table = ledger.register
    in_file = set(table.columns) if (table is not None and register_row is not None) else set()

    def column(key: str) -> str:
        return table.header(key) if table is not None else _FIELD_NAMES.get(key, key)

    def report(earlier: str, later: str, message: str) -> None:
        for key in (later, earlier):
            if key in in_file:
                problems.append(Problem(REGISTER_SHEET, register_row, column(key), message))
                return

    sold = record.sold_on
    if sold is not None:
        for key in _AFTER_SALE:
            value = getattr(record, key)
            if value is not None and value < sold:
                report("sold_on", key, f"{_FIELD_NAMES[key]} {value.isoformat()} lies before the sale "
                                       f"(成交日期 {sold.isoformat()})")
    for earlier, later in _ORDERED_PAIRS:
        a, b = getattr(record, earlier), getattr(record, later)
        if a is not None and b is not None and b < a:
            report(earlier, later, f"{_FIELD_NAMES[later]} {b.isoformat()} lies before "
                                   f"{_FIELD_NAMES[earlier]} {a.isoformat()}")
    # events: on the main line, no event before the event of an earlier stage (corrected ones left out)
    corrected_ids = {e.event.corrects for e in p.new_events if e.event.corrects is not None}
    corrected_new = {e.corrects_new for e in p.new_events if e.corrects_new is not None}
    recorded = [(None, e) for e in (old.events if old else []) if not e.superseded and e.id not in corrected_ids]
    new = [(n, n.event) for k, n in enumerate(p.new_events) if k not in corrected_new]
    timeline = [(source, e) for source, e in recorded + new if e.stage in MAIN_LINE]
    if sold is not None and not any(e.stage is Stage.SOLD for _s, e in timeline):
        timeline.append((None, Event(Stage.SOLD, sold)))
    events_table = ledger.events
    for source, event in timeline:
        if source is None:
            continue
        rank = MAIN_LINE.index(event.stage)
        for _other_source, other in timeline:
            if MAIN_LINE.index(other.stage) < rank and other.date > event.date:
                what = "the sale" if other.stage is Stage.SOLD else other.stage.value
                problems.append(Problem(EVENTS_SHEET, source.row, events_table.header("date"),
                                        f"{event.stage.value} on {event.date.isoformat()} lies before {what} "
                                        f"({other.stage.value} {other.date.isoformat()})"))
                break


def _plan_figures(table: Table, known: set[str], recorded: list[AnnualFigures], plan: ImportPlan) -> None:
    existing = {f.key: f for f in recorded}
    seen: dict[tuple, int] = {}
    for row, values in table.rows:
        if any(v is _BAD for v in values.values()):
            continue
        pid = values.get("parcel_id") or ""
        enterprise = values.get("enterprise") or ""
        if not pid and not enterprise:
            plan.problems.append(Problem(table.sheet, row, table.header("parcel_id"),
                                         "the row names neither a 地块编号 nor an enterprise"))
            continue
        if pid and pid not in known:
            plan.problems.append(Problem(table.sheet, row, table.header("parcel_id"),
                                         f"{pid} names no parcel of the register nor a feature of the parcel layer"))
            continue
        if values.get("year") is None:
            plan.problems.append(Problem(table.sheet, row, table.header("year"), "the cell is empty"))
            continue
        figures = AnnualFigures(**{k: v for k, v in values.items() if k in _FIGURE_FIELDS})
        for text_key in ("parcel_id", "enterprise", "firm_id", "note"):
            setattr(figures, text_key, getattr(figures, text_key) or "")
        if figures.key in seen:
            plan.problems.append(Problem(table.sheet, row, table.header("year"),
                                         f"the figures of {pid or enterprise} for {figures.year} appear twice "
                                         f"(also in row {seen[figures.key]})"))
            continue
        seen[figures.key] = row
        old = existing.get(figures.key)
        if old is not None:
            merged = dataclasses.replace(old, **{k: v for k, v in dataclasses.asdict(figures).items()
                                                 if k in values or k in ("parcel_id", "enterprise")})
            if merged == old:
                continue
            figures = merged
        plan.figures.append(FigurePlan(row, figures, old))


_FIGURE_FIELDS = {f.name for f in dataclasses.fields(AnnualFigures)}
_HAS_REASON = "reason" in {f.name for f in dataclasses.fields(Event)}
