"""Threshold tables of the 标准地 control indicators (控制指标), kept as data in ``resources/thresholds/``.

A table is one TOML file (``[table]`` metadata with its source document, 文号 and date, then
``[indicators.CODE]`` entries and, in the national table, ``[matrix.CODE]`` entries by region class ×
industry). Tables are validated on load: a bad table is a :class:`DataError` naming the file and the key.

**Which table applies to a parcel** — the fallback chain, most specific first:

1. ``park+industry``   a park table (``park = ...``) listing the parcel's industry;
2. ``park``            a park table for every industry of that park;
3. ``region+industry`` a region table (``regions = [...]``) listing the parcel's industry;
4. ``region``          a region table for every industry;
5. ``national``        the national table (工业项目建设用地控制指标).

The *primary* table is the first step that matches (it names the result: :attr:`TableChoice.table`); each
indicator then takes its threshold from the first table along the chain that states it, so a park table that
only sets 投资强度 and 亩均税收 still gets 建筑系数 and 绿地率 from the national floor. The region of a parcel
is :attr:`ParcelRecord.region`, else the region its park's table names.

**A parcel's own listing bounds** (:attr:`ParcelRecord.bounds`, the 出让条件 the buyer signed) are binding
for that parcel and the table is the floor: the effective bound is the *stricter* of the two (for ≥ the
larger minimum, for ≤ the smaller maximum; a range combines both ends). A listing laxer than the table is
reported in the bound's note (the listing should not have been offered that way) and the table applies.

Units: tables may state 投资强度 in 万元/公顷 (national tables) or 元/平方米; they are converted to the
register's units (:data:`~parkgis.core.parcels.model.INDICATORS`): 万元/公顷 = 15 × 万元/亩, i.e.
1 万元/公顷 = 1/15 万元/亩; 1 元/平方米 = 1/15 万元/亩 too (666.67 m² × 1 元 = 0.0667 万元). Shares
stated as ``ratio`` (0–1) become %.

容积率 from building data: :func:`floor_area_ratio_from_buildings` (a storey taller than 8 m counts twice).
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..area import MU_PER_HA, SQM_PER_MU
from ..errors import DataError
from ..fsutil import require_readable
from ..resources import resource_path
from .model import INDICATORS_BY_CODE, Bound, Direction, ParcelRecord

#: the steps of the fallback chain, most specific first
CHAIN: tuple[str, ...] = ("park+industry", "park", "region+industry", "region", "national")

_TABLE_KEYS = {"id", "name", "park", "regions", "industries", "document", "date", "source", "illustrative",
               "note", "region_class", "default_region_class"}
_ENTRY_KEYS = {"min", "max", "text", "unit", "illustrative", "note"}
_MATRIX_KEYS = {"unit", "region_classes", "values", "illustrative", "note", "names"}
_TOP_KEYS = {"table", "indicators", "matrix"}

#: factor from a table's unit to the register's unit of the same quantity: register = table × factor
UNIT_FACTORS: dict[tuple[str, str], float] = {
    ("万元/亩", "万元/亩"): 1.0,
    ("万元/公顷", "万元/亩"): 1.0 / MU_PER_HA,
    ("元/平方米", "万元/亩"): SQM_PER_MU / 10000.0,
    ("元/m²", "万元/亩"): SQM_PER_MU / 10000.0,
    ("%", "%"): 1.0,
    ("ratio", "%"): 100.0,
    ("", ""): 1.0,
}


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (``convert(2010, "万元/公顷", "万元/亩") == 134``).
    Raises ValueError for a pair with no known factor."""
    factor = UNIT_FACTORS.get((from_unit, to_unit))
    if factor is None:
        raise ValueError(f"no conversion from {from_unit!r} to {to_unit!r}")
    return value * factor


def wan_per_ha_to_wan_per_mu(value: float) -> float:
    """万元/公顷 → 万元/亩 (÷ 15)."""
    return value / MU_PER_HA


def wan_per_mu_to_wan_per_ha(value: float) -> float:
    """万元/亩 → 万元/公顷 (× 15)."""
    return value * MU_PER_HA


@dataclass(frozen=True)
class ThresholdEntry:
    """One indicator's threshold in a table, already in the register's unit. ``stated`` keeps the table's
    own figure and unit (``"2010 万元/公顷"``) for reports."""

    code: str
    minimum: float | None = None
    maximum: float | None = None
    text: str | None = None
    illustrative: bool = False
    note: str = ""
    stated: str = ""


@dataclass(frozen=True)
class Matrix:
    """A national-style matrix: an indicator's threshold by region class (columns) × industry code (rows).
    A row may hold one figure for all classes."""

    code: str
    unit: str
    region_classes: tuple[str, ...]
    values: Mapping[str, tuple[float, ...]]
    names: Mapping[str, str] = field(default_factory=dict)   # industry code → its name
    illustrative: bool = False
    note: str = ""

    def entry(self, industry_code: str, region_class: str | None) -> ThresholdEntry | None:
        row = self.values.get(industry_code)
        if row is None:
            return None
        if len(row) == 1:
            stated_value, column = row[0], None
        else:
            if region_class not in self.region_classes:
                return None
            column = self.region_classes.index(region_class)
            stated_value = row[column]
        target = INDICATORS_BY_CODE[self.code].unit
        value = convert(stated_value, self.unit, target)
        where = f"{self.names.get(industry_code, industry_code)}" + (f"，{region_class}" if column is not None else "")
        stated = f"{_fmt(stated_value)} {self.unit}".strip() + f"（{where}）"
        minimum, maximum = (value, None) if INDICATORS_BY_CODE[self.code].direction != Direction.AT_MOST \
            else (None, value)
        return ThresholdEntry(self.code, minimum, maximum, None, self.illustrative, self.note, stated)


@dataclass(frozen=True)
class ThresholdTable:
    """One threshold table (a file of ``resources/thresholds/``)."""

    id: str
    name: str
    path: str
    park: str = ""
    regions: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    document: str = ""            # 文号, e.g. 国土资发〔2008〕24号
    date: _dt.date | None = None  # the document's date
    source: str = ""
    illustrative: bool = False    # figures are placeholders, not the official ones
    note: str = ""
    region_class: str = ""        # a region table: the national region class (地区分类) of its land
    default_region_class: str = ""   # the national table: the class used when no region table names one
    indicators: Mapping[str, ThresholdEntry] = field(default_factory=dict)
    matrices: Mapping[str, Matrix] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return "park" if self.park else "region" if self.regions else "national"

    def entry(self, code: str, industry: str = "", region_class: str | None = None) -> ThresholdEntry | None:
        """This table's threshold for indicator ``code`` (a plain entry wins over a matrix cell)."""
        if code in self.indicators:
            return self.indicators[code]
        matrix = self.matrices.get(code)
        if matrix is None:
            return None
        industry_code = industry_code_of(industry, matrix.names)
        if industry_code is None:
            return None
        return matrix.entry(industry_code, region_class or self.default_region_class or None)

    def describe(self) -> str:
        parts = [self.name]
        if self.document:
            parts.append(self.document)
        if self.date:
            parts.append(self.date.isoformat())
        if self.illustrative:
            parts.append("示意数据，非正式指标")
        return "，".join(parts)


# ------------------------------------------------------------------------------------------ loading
def default_thresholds_dir() -> Path:
    return resource_path("thresholds")


def load_table(path: str | Path) -> ThresholdTable:
    """Read and validate one threshold table file."""
    path = require_readable(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise DataError(path, "threshold table not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(path, f"not a valid TOML threshold table: {exc}") from None
    except UnicodeDecodeError:
        raise DataError(path, "a threshold table must be UTF-8 TOML") from None
    return parse_table(data, source=str(path))


def load_tables(folder: str | Path | None = None) -> list[ThresholdTable]:
    """Every table under ``folder`` (recursively; the bundled ``resources/thresholds`` by default).
    Two tables with the same id are refused."""
    root = Path(folder) if folder is not None else default_thresholds_dir()
    if not root.is_dir():
        raise DataError(root, "threshold table folder not found")
    tables: list[ThresholdTable] = []
    seen: dict[str, str] = {}
    for path in sorted(root.rglob("*.toml")):
        table = load_table(path)
        if table.id in seen:
            raise DataError(path, f"table.id: {table.id} is already used by {seen[table.id]}")
        seen[table.id] = str(path)
        tables.append(table)
    return tables


def _fmt(value: float) -> str:
    return f"{value:g}"


def _number(value: object, key: str, fail) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(f"{key}: must be a number, not {value!r}")
    if value != value or value < 0:
        raise fail(f"{key}: must be a number ≥ 0, not {value!r}")
    return float(value)


def _strings(value: object, key: str, fail) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"{key}: must be a list of names")
    return tuple(v.strip() for v in value)


def _text(value: object, key: str, fail) -> str:
    if not isinstance(value, str):
        raise fail(f"{key}: must be text, not {value!r}")
    return value.strip()


def _flag(value: object, key: str, fail) -> bool:
    if not isinstance(value, bool):
        raise fail(f"{key}: must be true or false, not {value!r}")
    return value


def _unknown(found: Iterable[str], allowed: set[str], key: str, fail) -> None:
    extra = sorted(set(found) - allowed)
    if extra:
        raise fail(f"{key}: unknown key(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}")


def _indicator(code: str, key: str, fail):
    definition = INDICATORS_BY_CODE.get(code)
    if definition is None:
        raise fail(f"{key}: unknown indicator {code!r}; known: {', '.join(INDICATORS_BY_CODE)}")
    return definition


def _unit(stated: object, target: str, key: str, fail) -> str:
    unit = target if stated is None else _text(stated, f"{key}.unit", fail)
    if (unit, target) not in UNIT_FACTORS:
        known = ", ".join(sorted(f for f, t in UNIT_FACTORS if t == target)) or "(none)"
        raise fail(f"{key}.unit: {unit!r} cannot be converted to {target or 'a plain number'}; "
                   f"known units: {known}")
    return unit


def parse_table(data: dict, *, source: str = "<threshold table>") -> ThresholdTable:
    """Validate a table already read from TOML (``source`` names it in errors)."""
    def fail(problem: str) -> DataError:
        return DataError(source, problem)

    _unknown(data, _TOP_KEYS, "(top level)", fail)
    meta = data.get("table")
    if not isinstance(meta, dict):
        raise fail("table: a threshold table needs a [table] section (id, name, document, date)")
    _unknown(meta, _TABLE_KEYS, "table", fail)
    for required in ("id", "name", "document", "date"):
        if required not in meta:
            raise fail(f"table.{required}: missing (every table names its source document and date)")
    table_id = _text(meta["id"], "table.id", fail)
    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", table_id):
        raise fail(f"table.id: {table_id!r} must be letters, digits, _ . or -")
    date = meta["date"]
    if not isinstance(date, _dt.date) or isinstance(date, _dt.datetime):
        raise fail(f"table.date: must be a TOML date such as 2025-03-31, not {date!r}")
    park = _text(meta.get("park", ""), "table.park", fail)
    regions = _strings(meta["regions"], "table.regions", fail) if "regions" in meta else ()
    illustrative = _flag(meta.get("illustrative", False), "table.illustrative", fail)
    note = _text(meta.get("note", ""), "table.note", fail)
    if illustrative and not note:
        raise fail("table.note: an illustrative table must say why its figures are not the official ones")

    indicators: dict[str, ThresholdEntry] = {}
    section = data.get("indicators", {})
    if not isinstance(section, dict):
        raise fail("indicators: must be a table of [indicators.CODE] entries")
    for code, spec in section.items():
        key = f"indicators.{code}"
        definition = _indicator(code, key, fail)
        if not isinstance(spec, dict):
            raise fail(f"{key}: must be a table (min, max, text, unit)")
        _unknown(spec, _ENTRY_KEYS, key, fail)
        entry_illustrative = illustrative or _flag(spec.get("illustrative", False), f"{key}.illustrative", fail)
        entry_note = _text(spec.get("note", ""), f"{key}.note", fail)
        if definition.direction == Direction.TEXT:
            if "text" not in spec or "min" in spec or "max" in spec:
                raise fail(f"{key}: {definition.name} is a standard or a list: give text, not min/max")
            indicators[code] = ThresholdEntry(code, text=_text(spec["text"], f"{key}.text", fail),
                                              illustrative=entry_illustrative, note=entry_note)
            continue
        if "text" in spec:
            raise fail(f"{key}.text: {definition.name} takes min/max, not text")
        unit = _unit(spec.get("unit"), definition.unit, key, fail)
        minimum = _number(spec["min"], f"{key}.min", fail) if "min" in spec else None
        maximum = _number(spec["max"], f"{key}.max", fail) if "max" in spec else None
        if minimum is None and maximum is None:
            raise fail(f"{key}: give min or max")
        if definition.direction == Direction.AT_LEAST and maximum is not None:
            raise fail(f"{key}.max: {definition.name} is held as ≥: give min")
        if definition.direction == Direction.AT_MOST and minimum is not None:
            raise fail(f"{key}.min: {definition.name} is held as ≤: give max")
        if minimum is not None and maximum is not None and minimum > maximum:
            raise fail(f"{key}: min {_fmt(minimum)} is above max {_fmt(maximum)}")
        stated = " – ".join(_fmt(v) for v in (minimum, maximum) if v is not None) + (f" {unit}" if unit else "")
        indicators[code] = ThresholdEntry(
            code, None if minimum is None else convert(minimum, unit, definition.unit),
            None if maximum is None else convert(maximum, unit, definition.unit), None,
            entry_illustrative, entry_note, stated)

    matrices: dict[str, Matrix] = {}
    section = data.get("matrix", {})
    if not isinstance(section, dict):
        raise fail("matrix: must be a table of [matrix.CODE] entries")
    for code, spec in section.items():
        key = f"matrix.{code}"
        definition = _indicator(code, key, fail)
        if definition.direction in (Direction.TEXT, Direction.RANGE) and code != "floor_area_ratio":
            raise fail(f"{key}: {definition.name} cannot be given as a matrix")
        if not isinstance(spec, dict):
            raise fail(f"{key}: must be a table (unit, region_classes, values)")
        _unknown(spec, _MATRIX_KEYS, key, fail)
        unit = _unit(spec.get("unit"), definition.unit, key, fail)
        classes = _strings(spec.get("region_classes", []), f"{key}.region_classes", fail) \
            if spec.get("region_classes") else ()
        values = spec.get("values")
        if not isinstance(values, dict) or not values:
            raise fail(f"{key}.values: give industry code = [one figure per region class] (or one figure)")
        rows: dict[str, tuple[float, ...]] = {}
        for industry, row in values.items():
            row_key = f"{key}.values.{industry}"
            cells = row if isinstance(row, list) else [row]
            if len(cells) != 1 and len(cells) != len(classes):
                raise fail(f"{row_key}: {len(cells)} figure(s) for {len(classes)} region class(es)")
            rows[industry] = tuple(_number(v, row_key, fail) for v in cells)
        names = spec.get("names", {})
        if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
            raise fail(f"{key}.names: must map industry codes to names")
        matrices[code] = Matrix(code, unit, classes, rows, dict(names),
                                illustrative or _flag(spec.get("illustrative", False), f"{key}.illustrative", fail),
                                _text(spec.get("note", ""), f"{key}.note", fail))

    if not indicators and not matrices:
        raise fail("indicators: the table sets no threshold")
    region_class = _text(meta.get("region_class", ""), "table.region_class", fail)
    default_class = _text(meta.get("default_region_class", ""), "table.default_region_class", fail)
    return ThresholdTable(
        id=table_id, name=_text(meta["name"], "table.name", fail), path=source, park=park, regions=regions,
        industries=_strings(meta["industries"], "table.industries", fail) if "industries" in meta else (),
        document=_text(meta["document"], "table.document", fail), date=date,
        source=_text(meta.get("source", ""), "table.source", fail), illustrative=illustrative, note=note,
        region_class=region_class, default_region_class=default_class, indicators=indicators,
        matrices=matrices)


# ------------------------------------------------------------------------------------------ choosing
def _key(text: str) -> str:
    return "".join(str(text or "").split())


def industry_code_of(industry: str, names: Mapping[str, str] | None = None) -> str | None:
    """The 2-digit 国民经济行业分类 code an industry text carries (``"C26"``, ``"26 化学原料…"``), or the code
    whose name the text names; None when it names none."""
    text = _key(industry)
    if not text:
        return None
    match = re.match(r"^[A-Za-z]?(\d{2})", text)
    if match:
        return match.group(1)
    for code, name in (names or {}).items():
        if _key(name) and (_key(name) in text or text in _key(name)):
            return code
    return None


def _industry_matches(table: ThresholdTable, industry: str) -> bool:
    text = _key(industry)
    if not text:
        return False
    code = industry_code_of(text)
    for item in table.industries:
        item_key = _key(item)
        if item_key == text or (len(item_key) >= 2 and item_key in text):
            return True
        if code is not None and industry_code_of(item_key) == code:
            return True
    return False


def _region_matches(table: ThresholdTable, region: str) -> bool:
    key = _key(region)
    return bool(key) and any(_key(r) == key for r in table.regions)


@dataclass(frozen=True)
class TableChoice:
    """The tables that apply to a parcel: ``table`` (the primary one), the ``step`` of the chain it was found
    at, ``reason`` (why, in words), ``chain``: every (step, table) that matched, most specific first, and
    ``skipped``: the steps before ``step`` that had no table."""

    table: ThresholdTable | None
    step: str | None
    reason: str
    chain: tuple[tuple[str, ThresholdTable], ...] = ()
    region: str = ""
    skipped: tuple[str, ...] = ()   # the more specific steps that had no table

    @property
    def table_id(self) -> str | None:
        return None if self.table is None else self.table.id

    def region_class(self) -> str | None:
        for _step, table in self.chain:
            if table.region_class:
                return table.region_class
        return None


def _newest_first(tables: Iterable[ThresholdTable]) -> list[ThresholdTable]:
    return sorted(tables, key=lambda t: (t.date or _dt.date.min, t.id), reverse=True)


def choose_tables(parcel: ParcelRecord, tables: Sequence[ThresholdTable]) -> TableChoice:
    """Walk the fallback chain (module docstring) for ``parcel``. At one step several tables may match (two
    documents for the same park): the newest document comes first."""
    park = _key(parcel.park)
    park_tables = [t for t in tables if t.park and _key(t.park) == park] if park else []
    region = parcel.region.strip()
    if not region:
        region = next((t.regions[0] for t in park_tables if t.regions), "")
    region_tables = [t for t in tables if not t.park and _region_matches(t, region)]
    national = [t for t in tables if t.level == "national"]
    steps = {
        "park+industry": [t for t in park_tables if t.industries and _industry_matches(t, parcel.industry)],
        "park": [t for t in park_tables if not t.industries],
        "region+industry": [t for t in region_tables if t.industries and _industry_matches(t, parcel.industry)],
        "region": [t for t in region_tables if not t.industries],
        "national": [t for t in national if not t.industries or _industry_matches(t, parcel.industry)],
    }
    chain = tuple((step, t) for step in CHAIN for t in _newest_first(steps[step]))
    if not chain:
        return TableChoice(None, None, "no threshold table applies (no park, region or national table)", (),
                           region)
    step, table = chain[0]
    reason = {
        "park+industry": f"park+industry: {table.id} is the table of park {parcel.park} and industry {parcel.industry}",
        "park": f"park: {table.id} is the table of park {parcel.park}",
        "region+industry": f"region+industry: {table.id} is the table of region {region} and industry {parcel.industry}",
        "region": f"region: {table.id} is the table of region {region}",
        "national": f"national: {table.id} is the national table",
    }[step]
    return TableChoice(table, step, reason, chain, region, CHAIN[:CHAIN.index(step)])


# ------------------------------------------------------------------------------------------ bounds
@dataclass(frozen=True)
class EffectiveBound:
    """The bound a parcel is checked against for one indicator (register units). ``basis`` says where it
    comes from: ``"listing"``, ``"table"`` or ``"listing+table"`` (each end from the stricter one);
    ``table`` is the id of the table that stated the table's part; ``note`` flags a listing laxer than the
    table and illustrative figures."""

    code: str
    minimum: float | None
    maximum: float | None
    text: str | None
    basis: str
    table: str | None = None
    illustrative: bool = False
    note: str = ""
    stated: str = ""

    def as_bound(self) -> Bound:
        return Bound(self.minimum, self.maximum, self.text)


def _stricter(listing: float | None, table: float | None, larger: bool) -> tuple[float | None, str | None]:
    """(the stricter value, which side it came from)."""
    if listing is None:
        return table, None if table is None else "table"
    if table is None:
        return listing, "listing"
    if larger:
        return (listing, "listing") if listing >= table else (table, "table")
    return (listing, "listing") if listing <= table else (table, "table")


def effective_bounds(parcel: ParcelRecord, choice: TableChoice) -> dict[str, EffectiveBound]:
    """For each indicator the parcel's listing or its tables bound: the bound it is checked against."""
    region_class = choice.region_class()
    table_entries: dict[str, tuple[ThresholdTable, ThresholdEntry]] = {}
    for _step, table in choice.chain:
        for code in INDICATORS_BY_CODE:
            if code not in table_entries:
                entry = table.entry(code, parcel.industry, region_class)
                if entry is not None:
                    table_entries[code] = (table, entry)
    out: dict[str, EffectiveBound] = {}
    for code in INDICATORS_BY_CODE:
        listing = parcel.bounds.get(code)
        found = table_entries.get(code)
        if listing is None and found is None:
            continue
        table, entry = found if found else (None, None)
        if entry is None:
            out[code] = EffectiveBound(code, listing.minimum, listing.maximum, listing.text, "listing")
            continue
        notes = [entry.note] if entry.note else []
        if listing is None:
            out[code] = EffectiveBound(code, entry.minimum, entry.maximum, entry.text, "table", table.id,
                                       entry.illustrative, "; ".join(notes), entry.stated)
            continue
        if entry.text is not None or listing.text is not None:
            text = listing.text or entry.text
            out[code] = EffectiveBound(code, None, None, text, "listing" if listing.text else "table", table.id,
                                       entry.illustrative, "; ".join(notes), entry.stated)
            continue
        minimum, min_side = _stricter(listing.minimum, entry.minimum, larger=True)
        maximum, max_side = _stricter(listing.maximum, entry.maximum, larger=False)
        if listing.minimum is not None and entry.minimum is not None and listing.minimum < entry.minimum:
            notes.append(f"the listing's minimum {_fmt(listing.minimum)} is below the table's "
                         f"{_fmt(entry.minimum)} ({table.id}): the table applies")
        if listing.maximum is not None and entry.maximum is not None and listing.maximum > entry.maximum:
            notes.append(f"the listing's maximum {_fmt(listing.maximum)} is above the table's "
                         f"{_fmt(entry.maximum)} ({table.id}): the table applies")
        sides = {s for s in (min_side, max_side) if s}
        basis = "listing+table" if sides == {"listing", "table"} else sides.pop() if sides else "listing"
        out[code] = EffectiveBound(code, minimum, maximum, None, basis, table.id,
                                   entry.illustrative and "table" in basis, "; ".join(notes), entry.stated)
    return out


# ------------------------------------------------------------------------------------------ 容积率
#: a storey higher than this counts twice in 容积率 (工业项目建设用地控制指标)
DOUBLE_STOREY_HEIGHT_M = 8.0


@dataclass(frozen=True)
class Building:
    """A building on the plot: footprint (基底面积, m²), height (m) and storeys (层数); ``storey_heights``
    (m, one per storey) when storeys differ."""

    footprint_m2: float
    height_m: float | None = None
    storeys: int = 1
    storey_heights: tuple[float, ...] = ()

    def counted_floor_area(self) -> float:
        """计容建筑面积: footprint × storeys, a storey taller than 8 m counted twice. Without per-storey
        heights every storey is height / storeys high."""
        heights = self.storey_heights
        if not heights:
            storeys = max(int(self.storeys or 1), 1)
            each = (self.height_m or 0.0) / storeys
            heights = (each,) * storeys
        return self.footprint_m2 * sum(2 if h > DOUBLE_STOREY_HEIGHT_M else 1 for h in heights)


def floor_area_ratio_from_buildings(buildings: Iterable[Building | tuple | Mapping], plot_area_m2: float) -> float:
    """容积率 = Σ 计容建筑面积 / plot area. A building is a :class:`Building`, a ``(footprint_m2, height_m,
    storeys)`` tuple or a mapping with those keys. A storey taller than 8 m counts twice: a 10 m single-
    storey shed covering half the plot gives 1.0."""
    if not plot_area_m2 or plot_area_m2 <= 0:
        raise ValueError("the plot area must be positive")
    total = 0.0
    for b in buildings:
        if isinstance(b, Mapping):
            b = Building(float(b["footprint_m2"]), b.get("height_m"), int(b.get("storeys", 1) or 1),
                         tuple(b.get("storey_heights", ())))
        elif not isinstance(b, Building):
            b = Building(*b)
        total += b.counted_floor_area()
    return total / plot_area_m2
