"""What the desktop's register dock and 园区看板 compute (parkgis.core.parcels.views), on hand-made records with
figures worked out by hand: B4-01's 70 256.33 m² = 105.3845 亩, the idle flip at day 366, the reclaim at 731."""

from __future__ import annotations

import datetime as _dt

import pytest

from parkgis.core.parcels import views as V
from parkgis.core.parcels.figures import AnnualFigures
from parkgis.core.parcels.model import Event, ParcelRecord, Stage

AS_OF = _dt.date(2026, 12, 4)


def parcel(pid, park, stage, area_m2, agreed_start=None, actual_start=None, **kw):
    return ParcelRecord(pid, name=pid, park=park, stage=stage, area_m2=area_m2, agreed_start=agreed_start,
                        actual_start=actual_start, **kw)


@pytest.fixture
def records():
    return [
        parcel("B4-01", "准格尔", Stage.LISTED, 70_256.33),
        # agreed start 366 days before AS_OF, not started: idle (day 366)
        parcel("I-366", "准格尔", Stage.DELIVERED, 6_666.67, agreed_start=AS_OF - _dt.timedelta(days=366),
               land_price_wan=629.0),
        # 365 days: still due
        parcel("D-365", "准格尔", Stage.DELIVERED, 6_666.67, agreed_start=AS_OF - _dt.timedelta(days=365)),
        # 731 days: 无偿收回 candidate
        parcel("R-731", "杭锦", Stage.IDLE, 13_333.33, agreed_start=AS_OF - _dt.timedelta(days=731)),
        # agreed start in 20 days: an alert within 30 days, not idle
        parcel("S-20", "杭锦", Stage.CONTRACTED, 3_333.33, agreed_start=AS_OF + _dt.timedelta(days=20)),
        parcel("P-1", "杭锦", Stage.PRODUCING, 20_000.0, agreed_start=_dt.date(2024, 1, 1),
               actual_start=_dt.date(2023, 12, 1)),
    ]


def test_rows_filters_and_alert_summary(records):
    rows = V.register_rows(records, AS_OF, {"P-1": "A"})
    assert [r.id for r in rows] == sorted(r.id for r in records)
    status = {r.id: r.idle.status for r in rows}
    assert status == {"B4-01": "ok", "I-366": "idle", "D-365": "due", "R-731": "reclaim", "S-20": "ok", "P-1": "ok"}
    assert rows[0].values()[4] == pytest.approx(105.3845, abs=5e-5)   # B4-01 in 亩
    assert [r.id for r in V.filter_rows(rows, V.RowFilter(park="杭锦"))] == ["P-1", "R-731", "S-20"]
    # D-365's idle deadline is tomorrow: an alert, as is S-20's agreed start in 20 days
    assert [r.id for r in V.filter_rows(rows, V.RowFilter(idle="alerts"))] == ["D-365", "I-366", "R-731", "S-20"]
    assert [r.id for r in V.filter_rows(rows, V.RowFilter(grade="A"))] == ["P-1"]
    assert len(V.filter_rows(rows, V.RowFilter(grade=V.NO_GRADE))) == 5
    assert [r.id for r in V.filter_rows(rows, V.RowFilter(stage=Stage.DELIVERED, text="366"))] == ["I-366"]
    summary = V.alert_summary([r.idle for r in rows])
    assert summary.text == "闲置 2 · 30 天内到期 2"
    assert set(summary.idle) == {"I-366", "R-731"} and summary.due == ("D-365", "S-20")
    assert any(line.startswith("D-365 认定闲置期限 2026-12-05，还有 1 天") for line in summary.lines)
    assert any(line.startswith("S-20 约定开工期限") and "部令第53号" in line for line in summary.lines)
    assert any(line.startswith("R-731") and "第十四条第（二）项" in line for line in summary.lines)


def test_due_within_counts_a_deadline_tomorrow(records):
    rows = {r.id: r for r in V.register_rows(records, AS_OF)}
    assert V.due_within(rows["D-365"].idle, 30)
    assert not V.due_within(rows["I-366"].idle, 30)   # already idle: counted as idle, not as due


def test_colouring_classes_and_counts(records):
    rows = V.register_rows(records, AS_OF)
    stage = V.colouring(rows, "stage")
    assert stage.by_parcel["B4-01"] == "挂牌"
    assert dict(stage.classes)["挂牌"] == V.STAGE_COLOURS[Stage.LISTED]
    idle = V.colouring(rows, "idle").counts()
    assert idle == {"正常": 3, "已逾期": 1, "闲置": 1, "无偿收回候选": 1}
    assert V.colouring(rows, "grade").counts()[V.NO_GRADE] == 6
    with pytest.raises(ValueError):
        V.colouring(rows, "colour")


def test_dashboard_per_park(records):
    figures = [AnnualFigures(2025, parcel_id="P-1", tax_wan=90.0, sales_wan=3000.0),
               AnnualFigures(2025, parcel_id="S-20", tax_wan=10.0, sales_wan=0.0),
               AnnualFigures(2024, parcel_id="P-1", tax_wan=1e6)]       # not the latest year: left out
    board = V.dashboard(records, AS_OF, figures)
    parks = {p.park: p for p in board.parks}
    mu = 666.6666666666666   # m² per 亩 (10000 / 15)
    assert [p.park for p in board.parks] == ["准格尔", "杭锦"]         # the larger area first
    z, h = parks["准格尔"], parks["杭锦"]
    assert z.count == 3 and z.count_by_stage == {Stage.LISTED: 1, Stage.DELIVERED: 2}
    assert z.listed_mu == pytest.approx((70_256.33 + 2 * 6_666.67) / mu)
    assert z.sold_mu == pytest.approx(2 * 6_666.67 / mu)
    assert z.started_mu == 0
    assert z.idle_mu == pytest.approx(6_666.67 / mu)
    assert h.sold_mu == pytest.approx((13_333.33 + 3_333.33 + 20_000) / mu)   # 闲置 counts as sold
    assert h.started_mu == pytest.approx(20_000 / mu)
    assert h.idle_mu == pytest.approx(13_333.33 / mu)
    assert board.figures_year == 2025
    assert h.tax_per_mu == pytest.approx(100.0 / ((20_000 + 3_333.33) / mu))
    assert h.sales_per_mu == pytest.approx(3000.0 / ((20_000 + 3_333.33) / mu))
    assert z.tax_per_mu is None
    # idle area at month ends: R-731 idle since day 366 (2025-12-04 + …), I-366 since today
    last = board.idle_by_month[-1]
    assert last[0] == AS_OF and last[1] == pytest.approx((13_333.33 + 6_666.67) / mu, abs=1e-3)
    nov = dict(board.idle_by_month)[_dt.date(2026, 11, 30)]
    assert nov == pytest.approx(13_333.33 / mu, abs=1e-3)


def test_month_ends():
    assert V.month_ends(_dt.date(2025, 11, 15), _dt.date(2026, 2, 3)) == [
        _dt.date(2025, 11, 30), _dt.date(2025, 12, 31), _dt.date(2026, 1, 31), _dt.date(2026, 2, 3)]
    assert V.month_ends(_dt.date(2024, 2, 1), _dt.date(2024, 2, 29)) == [_dt.date(2024, 2, 29)]


def test_idle_history_starts_at_the_first_event():
    rec = parcel("X", "p", Stage.DELIVERED, 666.67, agreed_start=_dt.date(2025, 1, 1))
    rec.events = [Event(Stage.DELIVERED, _dt.date(2024, 12, 1))]
    months = V.idle_area_by_month([rec], _dt.date(2026, 3, 15), months=None)
    assert months[0][0] == _dt.date(2024, 12, 31)
    idle_from = dict(months)
    assert idle_from[_dt.date(2025, 12, 31)] == 0            # day 364
    assert idle_from[_dt.date(2026, 1, 31)] == pytest.approx(1.0, abs=1e-3)   # day 395: idle
