"""Idle land (闲置土地) as of a date: a pure evaluator of 《闲置土地处置办法》 (国土资源部令第53号, 2012).

The articles it applies. What was checked against published copies of the 2012 text (found with the
project's search tool): **第二条** (both paragraphs, verbatim), **第八条** (government-caused delay: "属于政府、
政府有关部门的行为造成动工开发延迟的 … 依照本办法第十二条和第十三条规定处置", verbatim) and **第三十二条**
(已投资额、总投资额 exclude the land price and taxes, verbatim). **第十四条**: its content — 20 % 土地闲置费 at
one year, 无偿收回 at two, "除本办法第八条规定情形外" — is confirmed by reports of the text published with it
(财新 2012-06-07 and others), but the article *number* was not seen in the sources at hand: it is the number
as we know the text, to be checked against the gazette.

- **第二条** (definition): land not started (未动工开发) more than one year after the start date agreed in the
  contract (约定的动工开发日期) is idle; so is land started with less than ⅓ of the area developed or less than
  25 % of the total investment made (land price and taxes excluded, 第三十二条) whose development has been
  suspended for one year.
- **第十四条** (一) one year: 土地闲置费 of 20 % of the land price; (二) two years: 无偿收回 (reclaimed without
  compensation).
- **第八条** (government-caused delay): the holder shows the delay was the government's (planning changes,
  delivery late, …); such land is handled by 第十二条/第十三条 (extension, change of use, …), **not** by the
  fee and reclaim of 第十四条.

How the register's fields are read (:class:`~parkgis.core.parcels.model.ParcelRecord`):

- Only a sold parcel (stage 成交 or later, or 闲置/收回) is judged: before the sale there is no holder of
  a land-use right (国有建设用地使用权人) the rules apply to.
- The clock runs from ``agreed_start`` (not started: ``actual_start`` empty or later than the date) or from
  ``suspended_since`` (started, below ⅓ developed or 25 % invested). ``days_late`` = days since then minus
  ``government_delay_days``: **the clock does not run for the government's days** (第八条), so every deadline
  moves by them.
- Day 1 … 365 late: ``due`` (the agreed date has passed, the year is running); day 366 … 730: ``idle``;
  day 731 on: ``reclaim`` (a 无偿收回 candidate). Day 0 and before: ``ok``.
- A parcel whose cause (``idle_cause`` or the cause on its current 闲置 event) is the government's is never
  charged a fee nor proposed for reclaim: its status stops at ``idle``, ``fee_wan`` is 0 and the article is
  第八条.
- ``fee_wan`` = 20 % of ``land_price_wan`` for ``idle`` and ``reclaim`` (the fee of the first year).

Alerts come ahead of each deadline (start, idle, reclaim) at 90, 30 and 0 days by default (settable), each
citing its article.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import ParcelRecord, Stage

REGULATION = "《闲置土地处置办法》（国土资源部令第53号）"

ARTICLE_START = "出让合同约定的动工开发日期；部令第53号第二条"
ARTICLE_DEFINITION = "部令第53号第二条"
ARTICLE_DEFINITION_SUSPENDED = "部令第53号第二条第二款"
ARTICLE_FEE = "部令第53号第二条、第十四条第（一）项"
ARTICLE_RECLAIM = "部令第53号第十四条第（二）项"
ARTICLE_GOVERNMENT = "部令第53号第八条"

STATUSES = ("ok", "due", "idle", "reclaim")

#: stages before the sale: no holder of a land-use right yet, so 部令第53号 does not apply
_BEFORE_SALE = frozenset({Stage.RESERVE, Stage.PREPARATION, Stage.ASSESSMENT, Stage.LISTED})


@dataclass(frozen=True)
class IdleRules:
    """The figures of 部令第53号, settable (a local rule may be stricter): idle when more than
    ``idle_after_days`` late, a reclaim candidate when more than ``reclaim_after_days`` late."""

    idle_after_days: int = 365
    reclaim_after_days: int = 730
    fee_share: float = 0.20
    developed_share_below: float = 1.0 / 3.0
    invested_share_below: float = 0.25
    alert_days: tuple[int, ...] = (90, 30, 0)


DEFAULT_RULES = IdleRules()


@dataclass(frozen=True)
class Alert:
    """A deadline coming within one of the alert windows: ``deadline`` is ``start``, ``idle`` or ``reclaim``,
    ``days_left`` the days from the as-of date to it (0: today), ``window`` the alert window it falls in."""

    parcel: str
    deadline: str
    date: _dt.date
    days_left: int
    window: int
    article: str

    def as_json(self) -> dict:
        return {"parcel": self.parcel, "deadline": self.deadline, "date": self.date.isoformat(),
                "days_left": self.days_left, "window": self.window, "article": self.article}


@dataclass
class IdleStatus:
    """One parcel's standing under 部令第53号 as of a date (module docstring). ``clock`` says which rule
    runs: ``not_started``, ``suspended`` or None (none runs: started and working, or no agreed date)."""

    id: str
    status: str
    days_late: int
    fee_wan: float | None
    next_deadline: _dt.date | None
    article: str | None
    cause: str | None             # government | enterprise | None (nothing late)
    clock: str | None = None
    clock_from: _dt.date | None = None
    government_delay_days: int = 0
    deadlines: dict[str, _dt.date] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict:
        return {"id": self.id, "status": self.status, "days_late": self.days_late, "fee_wan": self.fee_wan,
                "next_deadline": None if self.next_deadline is None else self.next_deadline.isoformat(),
                "article": self.article, "cause": self.cause, "clock": self.clock,
                "clock_from": None if self.clock_from is None else self.clock_from.isoformat(),
                "government_delay_days": self.government_delay_days,
                "deadlines": {k: v.isoformat() for k, v in self.deadlines.items()},
                "alerts": [a.as_json() for a in self.alerts], "note": self.note}


def is_government_cause(text: str | None) -> bool:
    """Whether a recorded cause (闲置原因) names the government (政府原因, 政府及有关部门, ``government``)."""
    text = (text or "").strip()
    return "政府" in text or "government" in text.lower()


def recorded_cause(parcel: ParcelRecord) -> str:
    """The cause recorded on the parcel, else on its latest current 闲置 event."""
    if parcel.idle_cause.strip():
        return parcel.idle_cause.strip()
    for event in reversed(parcel.current_events()):
        if event.stage == Stage.IDLE and event.cause.strip():
            return event.cause.strip()
    return ""


def _share(parcel: ParcelRecord) -> tuple[float | None, float | None]:
    invested = parcel.invested_share
    if invested is None and parcel.invested_wan is not None and parcel.committed_investment_wan:
        invested = parcel.invested_wan / parcel.committed_investment_wan
    return parcel.developed_share, invested


def _below_development(parcel: ParcelRecord, rules: IdleRules) -> bool | None:
    """True when the started parcel is below ⅓ developed or 25 % invested; None when neither is known."""
    developed, invested = _share(parcel)
    if developed is None and invested is None:
        return None
    return ((developed is not None and developed < rules.developed_share_below)
            or (invested is not None and invested < rules.invested_share_below))


def evaluate_idle(parcel: ParcelRecord, as_of: _dt.date, rules: IdleRules = DEFAULT_RULES) -> IdleStatus:
    """``parcel`` under 部令第53号 on ``as_of`` (module docstring)."""
    government_days = max(int(parcel.government_delay_days or 0), 0)
    cause_text = recorded_cause(parcel)
    government = is_government_cause(cause_text)
    started = parcel.actual_start is not None and parcel.actual_start <= as_of
    notes: list[str] = []

    if parcel.stage in _BEFORE_SALE:
        return IdleStatus(parcel.id, "ok", 0, None, None, None, None,
                          note="not sold yet: there is no land-use right holder the idle-land rules apply to")
    if not started:
        if parcel.agreed_start is None:
            return IdleStatus(parcel.id, "ok", 0, None, None, None, None,
                              note="no agreed start date: the idle-land rules do not run yet")
        clock, origin = "not_started", parcel.agreed_start
        idle_article, start_deadline = ARTICLE_FEE, True
    else:
        if parcel.agreed_start is not None and parcel.actual_start > parcel.agreed_start:
            late = (parcel.actual_start - parcel.agreed_start).days
            notes.append(f"started {late} day(s) after the agreed start date")
        below = _below_development(parcel, rules)
        if parcel.suspended_since is None or parcel.suspended_since > as_of or not below:
            if parcel.suspended_since is not None and parcel.suspended_since <= as_of and below is None:
                notes.append("suspended, but neither the developed nor the invested share is recorded")
            return IdleStatus(parcel.id, "ok", 0, None, None, None, None, note="; ".join(notes))
        clock, origin = "suspended", parcel.suspended_since
        idle_article, start_deadline = ARTICLE_DEFINITION_SUSPENDED + "、第十四条第（一）项", False

    shift = _dt.timedelta(days=government_days)
    deadlines: dict[str, _dt.date] = {}
    if start_deadline:
        deadlines["start"] = origin + shift
    deadlines["idle"] = origin + _dt.timedelta(days=rules.idle_after_days + 1) + shift
    if not government:
        deadlines["reclaim"] = origin + _dt.timedelta(days=rules.reclaim_after_days + 1) + shift

    days_late = max((as_of - origin).days - government_days, 0)
    if days_late == 0:
        status = "ok"
    elif days_late <= rules.idle_after_days:
        status = "due"
    elif days_late <= rules.reclaim_after_days or government:
        status = "idle"
    else:
        status = "reclaim"

    if status == "ok":
        article = None
    elif government:
        article = ARTICLE_GOVERNMENT
    elif status == "due":
        article = ARTICLE_DEFINITION if clock == "not_started" else ARTICLE_DEFINITION_SUSPENDED
    elif status == "idle":
        article = idle_article
    else:
        article = ARTICLE_RECLAIM

    fee: float | None = None
    if status in ("idle", "reclaim"):
        if government:
            fee = 0.0
        elif parcel.land_price_wan is not None:
            fee = round(parcel.land_price_wan * rules.fee_share, 4)
        else:
            notes.append("no land price recorded: the fee cannot be computed")
    if government_days:
        notes.append(f"government-caused delay of {government_days} day(s) not counted (第八条)")
    if government and status != "ok":
        notes.append("the delay is the government's: no fee and no reclaim (第八条, handled by 第十二条/第十三条)")

    next_deadline = None
    if "start" in deadlines and as_of <= deadlines["start"]:
        next_deadline = deadlines["start"]
    elif as_of < deadlines["idle"]:
        next_deadline = deadlines["idle"]
    elif "reclaim" in deadlines and as_of < deadlines["reclaim"]:
        next_deadline = deadlines["reclaim"]

    result = IdleStatus(parcel.id, status, days_late, fee, next_deadline, article,
                        None if status == "ok" else "government" if government else "enterprise",
                        clock, origin, government_days, deadlines, note="; ".join(notes))
    result.alerts = _alerts(parcel.id, deadlines, as_of, rules.alert_days, clock, government)
    return result


def _alerts(parcel_id: str, deadlines: dict[str, _dt.date], as_of: _dt.date, windows: Sequence[int],
            clock: str, government: bool) -> list[Alert]:
    if not windows:
        return []
    ordered = sorted({int(w) for w in windows})
    articles = {
        "start": ARTICLE_START,
        "idle": ARTICLE_GOVERNMENT if government else (ARTICLE_FEE if clock == "not_started"
                                                       else ARTICLE_DEFINITION_SUSPENDED + "、第十四条第（一）项"),
        "reclaim": ARTICLE_RECLAIM,
    }
    out = []
    for kind, date in deadlines.items():
        days_left = (date - as_of).days
        if days_left < 0:
            continue
        window = next((w for w in ordered if days_left <= w), None)
        if window is not None:
            out.append(Alert(parcel_id, kind, date, days_left, window, articles[kind]))
    return out


def evaluate_idle_all(parcels: Iterable[ParcelRecord], as_of: _dt.date,
                      rules: IdleRules = DEFAULT_RULES) -> list[IdleStatus]:
    """:func:`evaluate_idle` for each parcel, in the given order."""
    return [evaluate_idle(p, as_of, rules) for p in parcels]


def alerts(statuses: Iterable[IdleStatus]) -> list[Alert]:
    """Every alert of ``statuses``, the nearest deadline first."""
    return sorted((a for s in statuses for a in s.alerts), key=lambda a: (a.days_left, a.parcel))


def idle_rules(alert_days: Sequence[int] | None = None, **overrides) -> IdleRules:
    """:data:`DEFAULT_RULES` with the alert windows (days ahead; ≥ 0) and any figure replaced."""
    values = {**DEFAULT_RULES.__dict__, **overrides}
    if alert_days is not None:
        days = tuple(int(d) for d in alert_days)
        if any(d < 0 for d in days):
            raise ValueError("alert days must be ≥ 0")
        values["alert_days"] = days
    return IdleRules(**values)
