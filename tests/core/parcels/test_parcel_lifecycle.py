"""The lifecycle state machine: the legal paths, and every kind of refusal with its reason."""

from __future__ import annotations

import datetime as dt

import pytest

from parkgis.core.errors import UsageError
from parkgis.core.messages import localize
from parkgis.core.parcels.lifecycle import TRANSITIONS, TransitionError, check_transition
from parkgis.core.parcels.model import MAIN_LINE, Event, ParcelRecord, Stage

D = dt.date


def walk(record: ParcelRecord, *steps) -> ParcelRecord:
    """Apply (stage, date) steps as record_event does, for the pure checks."""
    for stage, date in steps:
        new = check_transition(record, stage, date)
        record.events.append(Event(new, date, id=len(record.events) + 1, from_stage=record.stage))
        record.stage = new
        if new == Stage.DELIVERED:
            record.delivered_on = record.delivered_on or date
    return record


def refused(record, stage, date) -> TransitionError:
    with pytest.raises(TransitionError) as caught:
        check_transition(record, stage, date)
    error = caught.value
    assert isinstance(error, UsageError)          # the CLI's exit 2
    assert error.parcel == record.id
    assert localize(str(error)) != str(error)     # Chinese for the whole message
    return error


def test_the_whole_main_line_in_order():
    record = ParcelRecord("B4-01")
    day = D(2025, 1, 1)
    steps = [(s, day + dt.timedelta(days=30 * k)) for k, s in enumerate(MAIN_LINE[1:])]
    walk(record, *steps)
    assert record.stage == Stage.REVIEWED
    assert [e.stage for e in record.events] == list(MAIN_LINE[1:])
    assert TRANSITIONS[Stage.REVIEWED] == ()


def test_stage_names_and_spellings_are_accepted():
    record = ParcelRecord("B4-01", stage=Stage.LISTED)
    assert check_transition(record, "成交", D(2026, 1, 1)) == Stage.SOLD
    assert check_transition(record, "SOLD", D(2026, 1, 1)) == Stage.SOLD
    assert check_transition(ParcelRecord("x", stage=Stage.ASSESSMENT), "公告/挂牌", D(2026, 1, 1)) == Stage.LISTED


def test_a_stage_name_that_does_not_exist():
    error = refused(ParcelRecord("B4-01", stage=Stage.LISTED), "拍卖中", D(2026, 1, 1))
    assert error.current == Stage.LISTED and error.requested == "拍卖中"
    assert str(error).startswith("parcel B4-01: cannot go from 挂牌 to 拍卖中: no lifecycle stage is named 拍卖中; "
                                 "stages: 储备, 前期开发")


def test_started_before_delivered():
    error = refused(ParcelRecord("B4-01", stage=Stage.CONTRACTED), "开工", D(2026, 1, 1))
    assert (error.current, error.requested) == (Stage.CONTRACTED, Stage.STARTED)
    assert str(error) == ("parcel B4-01: cannot go from 出让合同 to 开工: 开工 may only follow 交地、闲置; "
                          "after 出让合同 comes 交地、闲置")
    assert localize(str(error)) == ("地块 B4-01：不能从“出让合同”转为“开工”：“开工”只能接在“交地、闲置”之后；"
                                    "“出让合同”之后应为“交地、闲置”")


def test_skipping_a_stage_of_the_main_line():
    error = refused(ParcelRecord("B4-01", stage=Stage.RESERVE), "挂牌", D(2026, 1, 1))
    assert "挂牌 may only follow 区域评估" in error.reason


def test_a_date_before_the_previous_event():
    record = walk(ParcelRecord("B4-01", stage=Stage.LISTED), (Stage.SOLD, D(2026, 11, 25)))
    error = refused(record, "出让合同", D(2026, 11, 24))
    assert error.reason == "the date 2026-11-24 is before the previous event (成交 on 2026-11-25)"
    assert check_transition(record, "出让合同", D(2026, 11, 25)) == Stage.CONTRACTED   # the same day is fine


def test_already_at_the_stage():
    error = refused(ParcelRecord("B4-01", stage=Stage.SOLD), "成交", D(2026, 1, 1))
    assert error.reason == "the parcel is already at this stage"


def test_a_final_stage_has_no_next():
    error = refused(ParcelRecord("B4-01", stage=Stage.REVIEWED), "闲置", D(2026, 1, 1))
    assert error.reason.endswith("after 达产复核 comes (nothing: a final stage)")


def test_idle_needs_an_agreed_start_and_a_date_after_it():
    record = ParcelRecord("B4-01", stage=Stage.CONTRACTED)
    error = refused(record, "闲置", D(2027, 1, 1))
    assert error.reason == "no agreed start date (约定开工日期) is recorded; set agreed_start first"
    record.agreed_start = D(2026, 6, 30)
    error = refused(record, "闲置", D(2026, 6, 30))            # on the agreed day: not yet late
    assert error.reason == "the date 2026-06-30 is not after the agreed start date 2026-06-30"
    assert check_transition(record, "闲置", D(2026, 7, 1)) == Stage.IDLE


@pytest.mark.parametrize("start", [Stage.CONTRACTED, Stage.DELIVERED, Stage.STARTED])
def test_idle_is_reachable_from_contract_delivery_and_start(start):
    record = ParcelRecord("B4-01", stage=start, agreed_start=D(2026, 6, 30))
    assert check_transition(record, "闲置", D(2027, 7, 1)) == Stage.IDLE


@pytest.mark.parametrize("start", [Stage.SOLD, Stage.COMPLETED, Stage.LISTED])
def test_idle_is_not_reachable_from_other_stages(start):
    record = ParcelRecord("B4-01", stage=start, agreed_start=D(2026, 6, 30))
    assert "闲置 may only follow 出让合同、交地、开工" in refused(record, "闲置", D(2027, 7, 1)).reason


def test_after_idle_construction_resumes_only_on_delivered_land():
    record = walk(ParcelRecord("B4-01", stage=Stage.CONTRACTED, agreed_start=D(2026, 6, 30)),
                  (Stage.IDLE, D(2027, 7, 1)))
    error = refused(record, "开工", D(2027, 8, 1))
    assert error.reason == "the land has not been delivered (交地) yet"
    walk(record, (Stage.DELIVERED, D(2027, 8, 1)))
    assert check_transition(record, "开工", D(2027, 8, 2)) == Stage.STARTED
    delivered_then_idle = walk(ParcelRecord("C", stage=Stage.DELIVERED, delivered_on=D(2026, 1, 1),
                                            agreed_start=D(2026, 6, 30)), (Stage.IDLE, D(2027, 7, 1)))
    assert check_transition(delivered_then_idle, "开工", D(2027, 9, 1)) == Stage.STARTED
    assert refused(delivered_then_idle, "交地", D(2027, 9, 1)).reason == "the land was already delivered (交地)"


def test_reclaimed_from_idle_and_back_to_the_reserve():
    record = walk(ParcelRecord("B4-01", stage=Stage.DELIVERED, delivered_on=D(2024, 1, 1),
                               agreed_start=D(2024, 6, 30)),
                  (Stage.IDLE, D(2025, 7, 1)), (Stage.RECLAIMED, D(2026, 7, 1)), (Stage.RESERVE, D(2026, 8, 1)))
    assert record.stage == Stage.RESERVE
    assert "收回 may only follow 闲置" in refused(ParcelRecord("x", stage=Stage.STARTED), "收回", D(2026, 1, 1)).reason


def test_an_unsold_listing_returns_to_the_reserve():
    assert check_transition(ParcelRecord("B4-01", stage=Stage.LISTED), "储备", D(2026, 1, 1)) == Stage.RESERVE
