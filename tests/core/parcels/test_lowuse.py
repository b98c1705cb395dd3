"""低效用地 classes from the register and the bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from parkgis.core.parcels.lowuse import (
    APPROVED_NOT_SUPPLIED,
    BUILT_NOT_PRODUCING,
    PRODUCING_BELOW_STANDARD,
    SUPPLIED_NOT_USED,
    USED_NOT_FULLY,
    classify_all,
    classify_low_use,
)
from parkgis.core.parcels.model import ParcelRecord, Stage
from parkgis.core.parcels.thresholds import load_tables

M2 = 70256.33


def b4_01(**fields) -> ParcelRecord:
    return ParcelRecord("ZGE-B4-01", name="准格尔经济开发区B4-01地块", park="准格尔经济开发区", use_code="1001",
                        area_m2=M2, land_price_wan=629, **fields)


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.mark.parametrize("stage", [Stage.RESERVE, Stage.PREPARATION, Stage.ASSESSMENT, Stage.LISTED])
def test_approved_not_supplied(tables, stage):
    assert classify_low_use(b4_01(stage=stage), tables).classes == [APPROVED_NOT_SUPPLIED]


@pytest.mark.parametrize("stage", [Stage.SOLD, Stage.CONTRACTED, Stage.DELIVERED])
def test_supplied_not_used(tables, stage):
    assert classify_low_use(b4_01(stage=stage), tables).classes == [SUPPLIED_NOT_USED]


def test_idle_and_reclaimed(tables):
    assert classify_low_use(b4_01(stage=Stage.IDLE), tables).classes == [SUPPLIED_NOT_USED]
    assert classify_low_use(b4_01(stage=Stage.RECLAIMED), tables).classes == []


def test_used_not_fully_from_floor_area_ratio_or_coverage(tables):
    started = dict(stage=Stage.STARTED, actual_start=dt.date(2026, 3, 1))
    assert classify_low_use(b4_01(**started, building_area_m2=0.65 * M2), tables).classes == []
    low = classify_low_use(b4_01(**started, building_area_m2=0.5 * M2), tables)
    assert low.classes == [USED_NOT_FULLY] and "容积率 0.5 below the bound 0.65" in low.reasons[0]
    sparse = classify_low_use(b4_01(**started, measured={"building_coverage": 35}), tables)
    assert sparse.classes == [USED_NOT_FULLY]


def test_built_not_producing_and_producing_below_standard(tables):
    done = dict(actual_start=dt.date(2026, 3, 1), building_area_m2=0.8 * M2)
    assert classify_low_use(b4_01(stage=Stage.COMPLETED, **done), tables).classes == [BUILT_NOT_PRODUCING]
    fine = b4_01(stage=Stage.PRODUCING, annual_tax_wan=320, committed_investment_wan=14200, **done)
    assert classify_low_use(fine, tables).classes == []
    poor = b4_01(stage=Stage.PRODUCING, annual_tax_wan=100, committed_investment_wan=14200, **done)
    assert classify_low_use(poor, tables).classes == [PRODUCING_BELOW_STANDARD]
    both = b4_01(stage=Stage.REVIEWED, annual_tax_wan=100, actual_start=dt.date(2026, 3, 1),
                 building_area_m2=0.3 * M2)
    assert classify_low_use(both, tables).classes == [USED_NOT_FULLY, PRODUCING_BELOW_STANDARD]


def test_classify_all(tables):
    out = classify_all([b4_01(stage=Stage.LISTED), b4_01(stage=Stage.SOLD)], tables)
    assert [o.classes for o in out] == [[APPROVED_NOT_SUPPLIED], [SUPPLIED_NOT_USED]]
    assert out[0].as_json() == {"id": "ZGE-B4-01", "classes": ["批而未供"], "reasons": ["stage 挂牌: not sold yet"]}
