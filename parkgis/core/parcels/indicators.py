"""Check a 标准地 parcel's figures against the bounds that apply to it (its listing and the threshold tables,
:mod:`.thresholds`): each control indicator passes, fails or cannot be judged (no value).

Where the figures come from (register units):

- 固定资产投资强度 = committed investment (承诺固定资产投资, 万元) / area (亩);
- 容积率 = 计容建筑面积 / area (m²), or ``measured["floor_area_ratio"]``;
- 亩均税收 = annual tax / area (亩); 亩均产值 = annual output / area (亩);
- 建筑系数, 绿地率, 行政办公比例, 单位能耗增加值, 单位排放增加值: ``measured[code]``;
- 环境标准, 产业准入: text, never judged by the program (``passed`` is None: a person checks them).

``required_total`` is the total that the parcel's area requires at the threshold: for a 万元/亩 indicator the
万元 (134 万元/亩 × 105.3845 亩 = 14 121.5 万元 of investment), for 容积率 the 计容建筑面积 in m², for a % of
the area the m² (建筑系数: the least building footprint; 绿地率: the most green area).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import INDICATORS, Direction, ParcelRecord
from .thresholds import EffectiveBound, TableChoice, ThresholdTable, choose_tables, effective_bounds

#: a comparison tolerance: figures typed to 2 decimals must not fail on the 15th
_EPS = 1e-9


@dataclass(frozen=True)
class IndicatorResult:
    """One control indicator of one parcel. ``threshold`` is the minimum for ≥, the maximum for ≤,
    ``[min, max]`` for a range (either may be None) and the text for a standard; ``passed`` is True, False
    or None (no value, no bound, or a text checked by a person)."""

    code: str
    name: str
    value: float | None
    unit: str
    direction: str
    threshold: float | list | str | None
    passed: bool | None
    required_total: float | None = None
    required_total_unit: str = ""
    basis: str = ""               # listing | table | listing+table
    source: str | None = None     # the table that stated the table's part
    illustrative: bool = False    # the table figure is a placeholder
    note: str = ""

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "value": _round(self.value), "unit": self.unit,
                "direction": self.direction, "threshold": _round_threshold(self.threshold),
                "passed": self.passed, "required_total": _round(self.required_total),
                "required_total_unit": self.required_total_unit, "basis": self.basis, "source": self.source,
                "illustrative": self.illustrative, "note": self.note}


@dataclass
class ParcelCheck:
    """All indicators of one parcel: ``table`` is the primary threshold table (None when none applies),
    ``reason`` why it was chosen."""

    id: str
    table: str | None
    reason: str
    indicators: list[IndicatorResult] = field(default_factory=list)
    step: str | None = None                   # the step of the fallback chain the table was found at
    skipped: tuple[str, ...] = ()             # the more specific steps that had no table

    @property
    def failed(self) -> list[IndicatorResult]:
        return [r for r in self.indicators if r.passed is False]

    @property
    def passed(self) -> bool | None:
        """False when any indicator fails, True when all judged pass, None when none could be judged."""
        judged = [r.passed for r in self.indicators if r.passed is not None]
        if not judged:
            return None
        return all(judged)

    def result(self, code: str) -> IndicatorResult | None:
        return next((r for r in self.indicators if r.code == code), None)

    def as_json(self) -> dict:
        return {"id": self.id, "table": self.table, "step": self.step, "reason": self.reason,
                "skipped": list(self.skipped), "indicators": [r.as_json() for r in self.indicators]}


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def _round_threshold(threshold):
    if isinstance(threshold, list):
        return [_round(v) for v in threshold]
    if isinstance(threshold, float | int) and not isinstance(threshold, bool):
        return _round(threshold)
    return threshold


def indicator_value(parcel: ParcelRecord, code: str) -> float | None:
    """The parcel's actual figure for indicator ``code`` in register units (module docstring), or None."""
    mu = parcel.area_mu
    if code in parcel.measured and parcel.measured[code] is not None:
        return float(parcel.measured[code])

    def per_mu(amount: float | None) -> float | None:
        return None if amount is None or not mu else amount / mu

    if code == "investment_intensity":
        return per_mu(parcel.committed_investment_wan)
    if code == "tax_per_mu":
        return per_mu(parcel.annual_tax_wan)
    if code == "output_per_mu":
        return per_mu(parcel.annual_output_wan)
    if code == "floor_area_ratio":
        if parcel.building_area_m2 is None or not parcel.area_m2:
            return None
        return parcel.building_area_m2 / parcel.area_m2
    return None


def _required_total(parcel: ParcelRecord, code: str, unit: str, amount: float | None) -> tuple[float | None, str]:
    if amount is None:
        return None, ""
    if unit == "万元/亩":
        mu = parcel.area_mu
        return (None, "") if mu is None else (amount * mu, "万元")
    if code == "floor_area_ratio" or unit == "%":
        if parcel.area_m2 is None:
            return None, ""
        return amount * parcel.area_m2 / (100.0 if unit == "%" else 1.0), "m²"
    return None, ""


def check_indicator(parcel: ParcelRecord, code: str, bound: EffectiveBound | None) -> IndicatorResult:
    """One indicator of ``parcel`` against ``bound`` (None: no bound applies; the value is still given)."""
    definition = next(d for d in INDICATORS if d.code == code)
    direction = definition.direction
    value = indicator_value(parcel, code)
    if bound is None:
        return IndicatorResult(code, definition.name, value, definition.unit, direction.value, None, None)
    common = {"basis": bound.basis, "source": bound.table, "illustrative": bound.illustrative, "note": bound.note}
    if direction == Direction.TEXT or bound.text is not None:
        return IndicatorResult(code, definition.name, None, definition.unit, Direction.TEXT.value, bound.text, None,
                               **common)
    minimum, maximum = bound.minimum, bound.maximum
    if direction == Direction.RANGE:
        threshold: float | list | None = [minimum, maximum]
        total_at = minimum if minimum is not None else maximum
    elif direction == Direction.AT_MOST:
        threshold, total_at = maximum, maximum
    else:
        threshold, total_at = minimum, minimum
    required, required_unit = _required_total(parcel, code, definition.unit, total_at)
    if value is None:
        passed = None
    else:
        passed = True
        if minimum is not None and direction != Direction.AT_MOST and value < minimum - _EPS:
            passed = False
        if maximum is not None and direction != Direction.AT_LEAST and value > maximum + _EPS:
            passed = False
    return IndicatorResult(code, definition.name, value, definition.unit, direction.value, threshold, passed,
                           required, required_unit, **common)


def check_parcel(parcel: ParcelRecord, tables: Sequence[ThresholdTable] | None = None,
                 choice: TableChoice | None = None, *, all_indicators: bool = False) -> ParcelCheck:
    """Every indicator of ``parcel`` that has a bound (and, with ``all_indicators``, the others too, with
    ``passed`` None), against its listing and the tables chosen by :func:`choose_tables`."""
    if choice is None:
        if tables is None:
            from .thresholds import load_tables

            tables = load_tables()
        choice = choose_tables(parcel, tables)
    bounds = effective_bounds(parcel, choice)
    results = [check_indicator(parcel, d.code, bounds.get(d.code)) for d in INDICATORS
               if all_indicators or d.code in bounds]
    return ParcelCheck(parcel.id, choice.table_id, choice.reason, results, choice.step, choice.skipped)


def check_parcels(parcels: Iterable[ParcelRecord], tables: Sequence[ThresholdTable] | None = None) -> list[ParcelCheck]:
    """:func:`check_parcel` for each parcel (the tables loaded once)."""
    if tables is None:
        from .thresholds import load_tables

        tables = load_tables()
    return [check_parcel(p, tables) for p in parcels]
