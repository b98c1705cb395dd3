"""Idle land under 部令第53号: the boundary days, the fee, government delays, the started-but-suspended rule
and the alerts."""

from __future__ import annotations

import datetime as dt

import pytest

from parkgis.core.parcels.idle import (
    ARTICLE_DEFINITION,
    ARTICLE_FEE,
    ARTICLE_GOVERNMENT,
    ARTICLE_RECLAIM,
    alerts,
    evaluate_idle,
    evaluate_idle_all,
    idle_rules,
)
from parkgis.core.parcels.model import Event, ParcelRecord, Stage

AGREED = dt.date(2025, 3, 1)


def parcel(**fields) -> ParcelRecord:
    base = {"area_m2": 70256.33, "land_price_wan": 629, "agreed_start": AGREED, "stage": Stage.DELIVERED}
    base.update(fields)
    return ParcelRecord("ZGE-B4-01", park="准格尔经济开发区", **base)


def day(n: int) -> dt.date:
    return AGREED + dt.timedelta(days=n)


@pytest.mark.parametrize("n,status,article", [
    (-10, "ok", None),
    (0, "ok", None),
    (1, "due", ARTICLE_DEFINITION),
    (365, "due", ARTICLE_DEFINITION),
    (366, "idle", ARTICLE_FEE),
    (730, "idle", ARTICLE_FEE),
    (731, "reclaim", ARTICLE_RECLAIM),
    (2000, "reclaim", ARTICLE_RECLAIM),
])
def test_boundary_days(n, status, article):
    s = evaluate_idle(parcel(), day(n))
    assert s.status == status
    assert s.article == article
    assert s.days_late == max(n, 0)
    assert s.cause == (None if status == "ok" else "enterprise")


def test_the_fee_is_20_percent_of_the_land_price():
    assert evaluate_idle(parcel(), day(365)).fee_wan is None
    assert evaluate_idle(parcel(), day(366)).fee_wan == pytest.approx(125.8)
    assert evaluate_idle(parcel(), day(731)).fee_wan == pytest.approx(125.8)
    no_price = evaluate_idle(parcel(land_price_wan=None), day(400))
    assert no_price.status == "idle" and no_price.fee_wan is None and "no land price" in no_price.note


def test_next_deadline_and_deadlines():
    s = evaluate_idle(parcel(), day(-5))
    assert s.next_deadline == AGREED
    assert s.deadlines == {"start": AGREED, "idle": day(366), "reclaim": day(731)}
    assert evaluate_idle(parcel(), day(0)).next_deadline == AGREED
    assert evaluate_idle(parcel(), day(1)).next_deadline == day(366)
    assert evaluate_idle(parcel(), day(365)).next_deadline == day(366)
    assert evaluate_idle(parcel(), day(366)).next_deadline == day(731)
    assert evaluate_idle(parcel(), day(731)).next_deadline is None


def test_government_delay_days_shift_the_clock():
    p = parcel(government_delay_days=30)
    assert evaluate_idle(p, day(366)).days_late == 336         # the government's 30 days do not count
    assert evaluate_idle(p, day(366)).status == "due"
    assert evaluate_idle(p, day(395)).status == "due"
    assert evaluate_idle(p, day(396)).days_late == 366
    assert evaluate_idle(p, day(396)).status == "idle"
    assert evaluate_idle(p, day(760)).status == "idle"
    assert evaluate_idle(p, day(761)).status == "reclaim"
    assert evaluate_idle(p, day(396)).deadlines["idle"] == day(396)
    assert "government-caused delay of 30 day(s) not counted" in evaluate_idle(p, day(400)).note
    assert evaluate_idle(p, day(400)).cause == "enterprise"      # the rest of the delay is the holder's


def test_a_government_caused_delay_is_not_feed_nor_reclaimed():
    p = parcel(idle_cause="政府原因（规划调整）")
    s = evaluate_idle(p, day(900))
    assert s.status == "idle" and s.fee_wan == 0 and s.cause == "government" and s.article == ARTICLE_GOVERNMENT
    assert "reclaim" not in s.deadlines and s.next_deadline is None
    # the cause may sit on the current 闲置 event instead of the parcel
    evented = parcel(events=[Event(Stage.IDLE, day(400), cause="政府原因", id=1)])
    assert evaluate_idle(evented, day(900)).cause == "government"
    superseded = parcel(events=[Event(Stage.IDLE, day(400), cause="政府原因", id=1, superseded=True)])
    assert evaluate_idle(superseded, day(900)).status == "reclaim"


@pytest.mark.parametrize("stage", [Stage.RESERVE, Stage.PREPARATION, Stage.ASSESSMENT, Stage.LISTED])
def test_a_parcel_not_sold_is_not_judged(stage):
    s = evaluate_idle(parcel(stage=stage), day(900))
    assert s.status == "ok" and s.alerts == [] and "not sold yet" in s.note


@pytest.mark.parametrize("stage", [Stage.SOLD, Stage.CONTRACTED, Stage.DELIVERED, Stage.IDLE])
def test_a_sold_parcel_is_judged(stage):
    assert evaluate_idle(parcel(stage=stage), day(900)).status == "reclaim"


def test_no_agreed_start_or_started_in_time():
    assert evaluate_idle(parcel(agreed_start=None), day(900)).status == "ok"
    started = parcel(actual_start=day(100))
    s = evaluate_idle(started, day(900))
    assert s.status == "ok" and s.article is None and "started 100 day(s) after" in s.note
    assert evaluate_idle(started, day(99)).status == "due"          # not started yet on that day


def test_started_below_a_third_and_suspended_a_year():
    since = day(200)
    below = parcel(actual_start=day(10), suspended_since=since, developed_share=0.30, invested_share=0.5)
    assert evaluate_idle(below, since + dt.timedelta(days=365)).status == "due"
    s = evaluate_idle(below, since + dt.timedelta(days=366))
    assert s.status == "idle" and s.clock == "suspended" and s.clock_from == since and s.fee_wan == pytest.approx(125.8)
    assert "第二条第二款" in s.article
    # ⅓ exactly is not below ⅓; 25 % exactly is not below 25 %
    at_third = parcel(actual_start=day(10), suspended_since=since, developed_share=1 / 3, invested_share=0.25)
    assert evaluate_idle(at_third, since + dt.timedelta(days=400)).status == "ok"
    invested = parcel(actual_start=day(10), suspended_since=since, developed_share=0.9, invested_share=0.24)
    assert evaluate_idle(invested, since + dt.timedelta(days=400)).status == "idle"
    # the invested share from the amounts when no share is recorded
    amounts = parcel(actual_start=day(10), suspended_since=since, invested_wan=3000,
                     committed_investment_wan=14000)
    assert evaluate_idle(amounts, since + dt.timedelta(days=400)).status == "idle"
    unknown = parcel(actual_start=day(10), suspended_since=since)
    s = evaluate_idle(unknown, since + dt.timedelta(days=400))
    assert s.status == "ok" and "neither the developed nor the invested share" in s.note


def test_alerts_ahead_of_each_deadline():
    def windows(n, **kw):
        s = evaluate_idle(parcel(), day(n), idle_rules(**kw))
        return [(a.deadline, a.days_left, a.window) for a in s.alerts]

    assert windows(-91) == []
    assert windows(-90) == [("start", 90, 90)]
    assert windows(-31) == [("start", 31, 90)]
    assert windows(-30) == [("start", 30, 30)]
    assert windows(0) == [("start", 0, 0)]
    assert windows(1) == []
    assert windows(366 - 90) == [("idle", 90, 90)]
    assert windows(366) == [("idle", 0, 0)]
    assert windows(731 - 30) == [("reclaim", 30, 30)]
    assert windows(732) == []
    assert windows(-60, alert_days=(60,)) == [("start", 60, 60)]
    assert windows(-61, alert_days=(60,)) == []
    s = evaluate_idle(parcel(), day(366))
    assert s.alerts[0].article == ARTICLE_FEE
    assert evaluate_idle(parcel(), day(700)).alerts[0].article == ARTICLE_RECLAIM
    with pytest.raises(ValueError):
        idle_rules(alert_days=(-1,))


def test_many_parcels_and_alerts_in_order():
    parcels = [parcel(agreed_start=day(-k)) for k in range(5)]
    for k, p in enumerate(parcels):
        p.id = f"P{k}"
    statuses = evaluate_idle_all(parcels, day(330))
    assert [s.id for s in statuses] == ["P0", "P1", "P2", "P3", "P4"]
    nearest = alerts(statuses)
    assert [a.days_left for a in nearest] == sorted(a.days_left for a in nearest)
    assert nearest[0].parcel == "P4"
    assert statuses[0].as_json()["next_deadline"] == day(366).isoformat()
