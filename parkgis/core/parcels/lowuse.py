"""低效用地 (inefficiently used land) classes per 标准地 parcel — 湖州's five, read from the register:

- **批而未供** (approved, not supplied): in the register but not yet sold (stage 储备 … 挂牌);
- **供而未用** (supplied, not used): sold, contracted or delivered, not started (no ``actual_start`` by the date);
- **用而未尽** (used, not fully): started, and 容积率 or 建筑系数 below the bounds that apply (listing / tables);
- **建而未投** (built, not producing): completed (竣工) but not producing;
- **投而未达标** (producing below standard): producing (投产 / 达产复核) with 投资强度, 亩均税收 or 亩均产值
  below its bound.

A parcel recorded as reclaimed (收回) is in no class. 用而未尽 and 投而未达标 may both hold; the others follow
the stage. ``reasons`` say which figure put the parcel in a class.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .indicators import ParcelCheck, check_parcel
from .model import MAIN_LINE, ParcelRecord, Stage
from .thresholds import ThresholdTable

APPROVED_NOT_SUPPLIED = "批而未供"
SUPPLIED_NOT_USED = "供而未用"
USED_NOT_FULLY = "用而未尽"
BUILT_NOT_PRODUCING = "建而未投"
PRODUCING_BELOW_STANDARD = "投而未达标"

CLASSES: tuple[str, ...] = (APPROVED_NOT_SUPPLIED, SUPPLIED_NOT_USED, USED_NOT_FULLY, BUILT_NOT_PRODUCING,
                            PRODUCING_BELOW_STANDARD)

_USE_INDICATORS = ("floor_area_ratio", "building_coverage")
_OUTPUT_INDICATORS = ("investment_intensity", "tax_per_mu", "output_per_mu")


@dataclass
class LowUse:
    """The 低效用地 classes of one parcel (empty: efficiently used, or not judged) and why."""

    id: str
    classes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"id": self.id, "classes": list(self.classes), "reasons": list(self.reasons)}


def _rank(stage: Stage) -> int:
    return MAIN_LINE.index(stage) if stage in MAIN_LINE else -1


def classify_low_use(parcel: ParcelRecord, tables: Sequence[ThresholdTable] | None = None,
                     as_of: _dt.date | None = None, check: ParcelCheck | None = None) -> LowUse:
    """The 低效用地 classes of ``parcel`` (module docstring). ``check`` reuses an indicator check already made."""
    out = LowUse(parcel.id)
    stage = parcel.stage
    if stage == Stage.RECLAIMED:
        return out
    started = parcel.actual_start is not None and (as_of is None or parcel.actual_start <= as_of)
    rank = _rank(stage)
    if stage == Stage.IDLE:
        rank = _rank(Stage.STARTED) if started else _rank(Stage.DELIVERED)
    if 0 <= rank < _rank(Stage.SOLD):
        out.classes.append(APPROVED_NOT_SUPPLIED)
        out.reasons.append(f"stage {stage.value}: not sold yet")
        return out
    if not started and rank < _rank(Stage.STARTED):
        out.classes.append(SUPPLIED_NOT_USED)
        out.reasons.append(f"stage {stage.value}: sold but not started")
        return out
    if check is None:
        check = check_parcel(parcel, tables)
    for code in _USE_INDICATORS:
        result = check.result(code)
        if result is not None and result.passed is False:
            if USED_NOT_FULLY not in out.classes:
                out.classes.append(USED_NOT_FULLY)
            out.reasons.append(f"{result.name} {result.value:g} below the bound {_threshold_text(result.threshold)}")
    if stage == Stage.COMPLETED:
        out.classes.append(BUILT_NOT_PRODUCING)
        out.reasons.append("completed but not producing")
    if stage in (Stage.PRODUCING, Stage.REVIEWED):
        for code in _OUTPUT_INDICATORS:
            result = check.result(code)
            if result is not None and result.passed is False:
                if PRODUCING_BELOW_STANDARD not in out.classes:
                    out.classes.append(PRODUCING_BELOW_STANDARD)
                out.reasons.append(f"{result.name} {result.value:g} below the bound "
                                   f"{_threshold_text(result.threshold)}")
    return out


def _threshold_text(threshold) -> str:
    if isinstance(threshold, list):
        return next((f"{v:g}" for v in threshold if v is not None), "")
    return f"{threshold:g}" if isinstance(threshold, float | int) else str(threshold)


def classify_all(parcels: Iterable[ParcelRecord], tables: Sequence[ThresholdTable] | None = None,
                 as_of: _dt.date | None = None) -> list[LowUse]:
    if tables is None:
        from .thresholds import load_tables

        tables = load_tables()
    return [classify_low_use(p, tables, as_of) for p in parcels]
