"""``parkgis idle``: which 标准地 parcels are idle (闲置土地, 部令第53号) as of a date, the 土地闲置费, the
无偿收回 candidates, and the deadlines coming (alerts 90, 30 and 0 days ahead by default).

    parkgis idle PROJECT [--as-of DATE] [--alert-days 90,30,0] [--json]
"""

from __future__ import annotations

import datetime as _dt

from ..core.errors import UsageError
from .parcels_check import dumps, load_records, number_text, print_table


def register(sub) -> None:
    p = sub.add_parser("idle", help="idle land (部令第53号) as of a date, with fees and deadline alerts",
                       description="Each parcel under 《闲置土地处置办法》 (部令第53号) as of a date: ok, due "
                                   "(the agreed start date has passed), idle (more than a year late: 土地闲置费 "
                                   "20 % of the land price) or reclaim (more than two years: 无偿收回). "
                                   "Government-caused delays do not count (第八条).")
    p.add_argument("project")
    p.add_argument("--as-of", metavar="DATE", help="the date (2026-11-25, 2026/11/25, 2026年11月25日); today by default")
    p.add_argument("--alert-days", metavar="N,N,…", default="90,30,0",
                   help="alert this many days ahead of each deadline (default 90,30,0)")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.set_defaults(func=run_idle)


def _as_of(text: str | None) -> _dt.date:
    if not text:
        return _dt.date.today()
    from ..core.parcels.dates import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _alert_days(text: str) -> tuple[int, ...]:
    try:
        days = tuple(int(p) for p in text.replace("，", ",").split(",") if p.strip())
    except ValueError:
        raise UsageError(f"--alert-days: {text} is not a list of whole numbers of days") from None
    if any(d < 0 for d in days):
        raise UsageError(f"--alert-days: {text}: days ahead are ≥ 0")
    return days


_STATUS_ZH = {"ok": "正常", "due": "已逾期（未满一年）", "idle": "闲置", "reclaim": "可无偿收回"}
_CAUSE_ZH = {"government": "政府原因", "enterprise": "企业原因", None: ""}
_DEADLINE_ZH = {"start": "约定开工", "idle": "认定闲置", "reclaim": "无偿收回"}
_ORDER = {"reclaim": 0, "idle": 1, "due": 2, "ok": 3}


def run_idle(args) -> int:
    from ..core.parcels.idle import alerts, evaluate_idle_all, idle_rules

    as_of = _as_of(args.as_of)
    rules = idle_rules(_alert_days(args.alert_days))
    statuses = evaluate_idle_all(load_records(args.project), as_of, rules)
    coming = alerts(statuses)
    if args.json:
        dumps({"as_of": as_of.isoformat(), "parcels": [s.as_json() for s in statuses],
               "alerts": [a.as_json() for a in coming]})
        return 0
    print(f"闲置土地（部令第53号），截至 {as_of.isoformat()}")
    ordered = sorted(statuses, key=lambda s: (_ORDER[s.status], -s.days_late, s.id))
    print_table(["地块编号", "状态", "逾期天数", "闲置费（万元）", "下一期限", "原因", "依据"],
                [[s.id, _STATUS_ZH[s.status], s.days_late or "", number_text(s.fee_wan),
                  "" if s.next_deadline is None else s.next_deadline.isoformat(), _CAUSE_ZH[s.cause],
                  s.article or ""] for s in ordered])
    counts = {k: sum(s.status == k for s in statuses) for k in _ORDER}
    print(f"合计 {len(statuses)} 宗：闲置 {counts['idle']}，可无偿收回 {counts['reclaim']}，"
          f"已逾期 {counts['due']}，正常 {counts['ok']}")
    if coming:
        print()
        print("临近期限提醒")
        print_table(["地块编号", "期限", "日期", "剩余天数", "依据"],
                    [[a.parcel, _DEADLINE_ZH[a.deadline], a.date.isoformat(), a.days_left, a.article]
                     for a in coming])
    return 0
