"""The 标准地 register (standard-land parcels offered for sale): its vocabulary in :mod:`.model`."""

from .model import (
    ASSESSMENT_ITEMS,
    INDICATORS,
    INDICATORS_BY_CODE,
    MAIN_LINE,
    PREPARATION_ITEMS,
    Bound,
    Direction,
    Event,
    IndicatorDef,
    ParcelRecord,
    Stage,
    parse_stage,
)

__all__ = [
    "ASSESSMENT_ITEMS", "INDICATORS", "INDICATORS_BY_CODE", "MAIN_LINE", "PREPARATION_ITEMS", "Bound", "Direction",
    "Event", "IndicatorDef", "ParcelRecord", "Stage", "parse_stage",
]
