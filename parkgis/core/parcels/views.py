"""What the desktop's register dock, its map colouring and the park dashboard (园区看板) show, computed from the
register without Qt: one :class:`RegisterRow` per parcel (with its idle-land status and 亩均 grade), the
filters, the colouring schemes (by 阶段, 闲置状态 or 等级) and the dashboard's figures per park.

Definitions the dashboard uses (area in 亩 from the planar area):

- **listed** (已挂牌) — the parcel reached 挂牌 or a later stage of the main line, or a branch after the sale
  (闲置; 收回 counts too: the land was offered and sold before it was taken back);
- **sold** (已出让) — 成交 or later, 闲置, 收回;
- **started** (已开工) — 开工 or later, or an actual start date (实际开工) on or before the as-of date;
- **idle area over time** — at the end of each month, the area whose idle-land status
  (:func:`~parkgis.core.parcels.idle.evaluate_idle` as of that day) is 闲置 or 无偿收回 candidate.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .idle import IdleStatus, alerts, evaluate_idle, evaluate_idle_all
from .model import MAIN_LINE, ParcelRecord, Stage

#: the idle-land statuses in order, with their Chinese names
IDLE_LABELS: dict[str, str] = {"ok": "正常", "due": "已逾期", "idle": "闲置", "reclaim": "无偿收回候选"}
#: fill colours of the idle-land statuses (green, amber, red, dark red)
IDLE_COLOURS: dict[str, str] = {"ok": "#8bc98e", "due": "#ffc069", "idle": "#ef6f6c", "reclaim": "#8e1b1b"}
#: fill colours of the 亩均 grades A–D
GRADE_COLOURS: dict[str, str] = {"A": "#1a9850", "B": "#91cf60", "C": "#fee08b", "D": "#d73027"}
#: fill colours of the lifecycle stages (the web map's lifecycle scheme uses the same ones)
STAGE_COLOURS: dict[Stage, str] = {
    Stage.RESERVE: "#cfd8dc", Stage.PREPARATION: "#b3d4ea", Stage.ASSESSMENT: "#7fb3d5",
    Stage.LISTED: "#4a8cc2", Stage.SOLD: "#f6c26b", Stage.CONTRACTED: "#f29e4c", Stage.DELIVERED: "#e8743b",
    Stage.STARTED: "#b7dfa5", Stage.COMPLETED: "#74c476", Stage.PRODUCING: "#31a354",
    Stage.REVIEWED: "#006d2c", Stage.IDLE: "#c51b7d", Stage.RECLAIMED: "#6a3d9a",
}
#: the colouring keys of the register dock, in the order its 着色 choice lists them
COLOUR_KEYS = ("stage", "idle", "grade")
NO_GRADE = "未评价"
NO_GRADE_COLOUR = "#e0e0e0"


@dataclass
class RegisterRow:
    """One parcel as the register dock lists it."""

    record: ParcelRecord
    idle: IdleStatus
    grade: str | None = None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def idle_label(self) -> str:
        return IDLE_LABELS.get(self.idle.status, self.idle.status)

    def values(self) -> list[object]:
        """The table's columns: 地块编号, 名称, 园区, 阶段, 面积 亩, 约定开工, 实际开工, 闲置状态, 等级."""
        r = self.record
        return [r.id, r.name, r.park, r.stage.value, r.area_mu, r.agreed_start, r.actual_start,
                self.idle_label, self.grade or ""]


def register_rows(parcels: Iterable[ParcelRecord], as_of: _dt.date,
                  grades: Mapping[str, str] | None = None) -> list[RegisterRow]:
    """The dock's rows, in 地块编号 order: each parcel with its idle-land status as of ``as_of``."""
    records = sorted(parcels, key=lambda r: r.id)
    statuses = evaluate_idle_all(records, as_of)
    grades = grades or {}
    return [RegisterRow(r, s, grades.get(r.id)) for r, s in zip(records, statuses, strict=True)]


@dataclass(frozen=True)
class RowFilter:
    """The dock's filters; None (or "") lets every value through. ``idle`` is a status (ok|due|idle|reclaim)
    or ``"alerts"`` (闲置, 无偿收回候选 or a deadline within the alert window: what the status bar counts)."""

    park: str | None = None
    stage: Stage | None = None
    industry: str | None = None
    idle: str | None = None
    grade: str | None = None
    text: str = ""
    alert_days: int = 30

    def accepts(self, row: RegisterRow) -> bool:
        r = row.record
        if self.park and r.park != self.park:
            return False
        if self.stage is not None and r.stage != self.stage:
            return False
        if self.industry and r.industry != self.industry:
            return False
        if self.idle == "alerts":
            if not (is_idle(row.idle) or due_within(row.idle, self.alert_days)):
                return False
        elif self.idle and row.idle.status != self.idle:
            return False
        if self.grade:
            if (row.grade or NO_GRADE) != self.grade:
                return False
        text = self.text.strip().lower()
        if text and not any(text in str(v).lower() for v in (r.id, r.name, r.park, r.industry, r.buyer)):
            return False
        return True


def filter_rows(rows: Sequence[RegisterRow], row_filter: RowFilter) -> list[RegisterRow]:
    return [row for row in rows if row_filter.accepts(row)]


def is_idle(status: IdleStatus) -> bool:
    """Idle as 部令第53号 defines it: 闲置 or past two years (无偿收回 candidate)."""
    return status.status in ("idle", "reclaim")


def due_within(status: IdleStatus, days: int) -> bool:
    """A deadline (agreed start, idle, reclaim) comes within ``days`` (today included) and the parcel is not
    idle yet."""
    return not is_idle(status) and any(0 <= a.days_left <= days for a in status.alerts)


@dataclass(frozen=True)
class AlertSummary:
    """What the status bar shows: the idle parcels and those with a deadline within ``days``, each alert
    citing its article."""

    idle: tuple[str, ...]
    due: tuple[str, ...]
    days: int
    lines: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return f"闲置 {len(self.idle)} · {self.days} 天内到期 {len(self.due)}"


DEADLINE_NAMES = {"start": "约定开工", "idle": "认定闲置", "reclaim": "无偿收回"}


def alert_summary(statuses: Sequence[IdleStatus], days: int = 30) -> AlertSummary:
    """The idle parcels and the ones due within ``days``; ``lines``: one text per idle parcel and per alert,
    each with its article (the status bar's tooltip)."""
    idle = tuple(s.id for s in statuses if is_idle(s))
    due = tuple(s.id for s in statuses if due_within(s, days))
    lines = [f"{s.id} 闲置 {s.days_late} 天（{s.article}）" if s.status == "idle" else
             f"{s.id} 逾期 {s.days_late} 天，无偿收回候选（{s.article}）"
             for s in statuses if is_idle(s)]
    lines += [f"{a.parcel} {DEADLINE_NAMES.get(a.deadline, a.deadline)}期限 {a.date.isoformat()}，"
              f"还有 {a.days_left} 天（{a.article}）"
              for a in alerts(s for s in statuses if s.id in due) if a.days_left <= days]
    return AlertSummary(idle, due, days, tuple(lines))


# ---------------------------------------------------------------------- colouring

@dataclass(frozen=True)
class Colouring:
    """Parcels coloured by a key: each parcel's class, the classes in legend order with their colours."""

    key: str
    label: str
    classes: tuple[tuple[str, str], ...]     # (class label, "#rrggbb")
    by_parcel: dict[str, str] = field(default_factory=dict)   # parcel id → class label

    def counts(self) -> dict[str, int]:
        out = {label: 0 for label, _ in self.classes}
        for label in self.by_parcel.values():
            out[label] = out.get(label, 0) + 1
        return out


def colouring(rows: Sequence[RegisterRow], key: str) -> Colouring:
    """The rows coloured by ``key`` (``stage`` 阶段, ``idle`` 闲置状态 or ``grade`` 等级)."""
    if key == "stage":
        classes = tuple((s.value, STAGE_COLOURS[s]) for s in Stage)
        return Colouring(key, "阶段", classes, {r.id: r.record.stage.value for r in rows})
    if key == "idle":
        classes = tuple((IDLE_LABELS[s], IDLE_COLOURS[s]) for s in IDLE_LABELS)
        return Colouring(key, "闲置状态", classes, {r.id: r.idle_label for r in rows})
    if key == "grade":
        classes = (*GRADE_COLOURS.items(), (NO_GRADE, NO_GRADE_COLOUR))
        return Colouring(key, "亩均等级", classes, {r.id: r.grade or NO_GRADE for r in rows})
    raise ValueError(f"colour key must be one of {', '.join(COLOUR_KEYS)}, not {key!r}")


# ---------------------------------------------------------------------- grades

def latest_grades(project) -> tuple[int | None, dict[str, str]]:
    """The 亩均 grade of each parcel for the latest year of annual figures the project stores (the year,
    parcel id → grade); (None, {}) when it stores none."""
    from .evaluation import figures_frame, fill_areas, grade, grades_by_parcel
    from .figures import load_figures
    from .register import load_register

    records = [getattr(s, "figures", s) for s in load_figures(project)]
    if not records:
        return None, {}
    year = max(f.year for f in records)
    frame = figures_frame([f for f in records if f.year == year])
    areas = {r.id: r.area_mu for r in load_register(project) if r.area_mu}
    result = grade(fill_areas(frame, areas))
    return year, grades_by_parcel(result)


# ---------------------------------------------------------------------- dashboard

_SOLD_FROM = MAIN_LINE.index(Stage.SOLD)
_LISTED_FROM = MAIN_LINE.index(Stage.LISTED)
_STARTED_FROM = MAIN_LINE.index(Stage.STARTED)


def _rank(stage: Stage) -> int:
    """Position on the main line; 闲置 and 收回 rank as sold (they come after a sale)."""
    return MAIN_LINE.index(stage) if stage in MAIN_LINE else _SOLD_FROM


def is_listed(record: ParcelRecord) -> bool:
    return _rank(record.stage) >= _LISTED_FROM


def is_sold(record: ParcelRecord) -> bool:
    return _rank(record.stage) >= _SOLD_FROM


def is_started(record: ParcelRecord, as_of: _dt.date) -> bool:
    if record.stage in MAIN_LINE and MAIN_LINE.index(record.stage) >= _STARTED_FROM:
        return True
    return record.actual_start is not None and record.actual_start <= as_of


def _mu(record: ParcelRecord) -> float:
    return record.area_mu or 0.0


@dataclass
class ParkFigures:
    """One park's figures for the dashboard (areas in 亩)."""

    park: str
    count_by_stage: dict[Stage, int] = field(default_factory=dict)
    area_by_stage: dict[Stage, float] = field(default_factory=dict)
    listed_mu: float = 0.0
    sold_mu: float = 0.0
    started_mu: float = 0.0
    idle_mu: float = 0.0
    #: 亩均税收 and 亩均销售收入 (万元/亩) of the parcels with annual figures of ``year`` (None: no figures)
    tax_per_mu: float | None = None
    sales_per_mu: float | None = None

    @property
    def count(self) -> int:
        return sum(self.count_by_stage.values())

    @property
    def area_mu(self) -> float:
        return sum(self.area_by_stage.values())


@dataclass
class Dashboard:
    as_of: _dt.date
    parks: list[ParkFigures]
    #: (month end, idle area in 亩) from the first event's month to the as-of date's
    idle_by_month: list[tuple[_dt.date, float]]
    figures_year: int | None = None


def month_ends(first: _dt.date, last: _dt.date) -> list[_dt.date]:
    """The last day of each month from ``first``'s to ``last``'s (``last`` itself closes the list)."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
        out.append(min(nxt - _dt.timedelta(days=1), last))
        year, month = nxt.year, nxt.month
    return out


def idle_area_by_month(parcels: Sequence[ParcelRecord], as_of: _dt.date,
                       months: int | None = None) -> list[tuple[_dt.date, float]]:
    """The idle area (闲置 or 无偿收回 candidate, 亩) at each month end up to ``as_of``, from the month of the
    earliest event (or the last ``months`` months)."""
    dates = [e.date for p in parcels for e in p.current_events()] + \
            [p.agreed_start for p in parcels if p.agreed_start]
    if not dates:
        return []
    first = min(dates)
    if months is not None:
        back = _dt.date(as_of.year, as_of.month, 1)
        for _ in range(months - 1):
            back = (back - _dt.timedelta(days=1)).replace(day=1)
        first = max(first, back)
    out = []
    for day in month_ends(first, as_of):
        area = sum(_mu(p) for p in parcels if evaluate_idle(p, day).status in ("idle", "reclaim"))
        out.append((day, round(area, 4)))
    return out


def dashboard(parcels: Iterable[ParcelRecord], as_of: _dt.date, figures=None, *,
              months: int | None = 24) -> Dashboard:
    """The park dashboard's figures: per park (in the order of their total area, largest first) the count and
    area by stage, the listed / sold / started / idle area, and 亩均 figures when ``figures`` (a list of
    :class:`~parkgis.core.parcels.figures.AnnualFigures`) are given (the latest year); and the idle area at
    each month end."""
    records = list(parcels)
    by_park: dict[str, ParkFigures] = {}
    statuses = {s.id: s for s in evaluate_idle_all(records, as_of)}
    for r in records:
        pf = by_park.setdefault(r.park or "（未填园区）", ParkFigures(r.park or "（未填园区）"))
        pf.count_by_stage[r.stage] = pf.count_by_stage.get(r.stage, 0) + 1
        pf.area_by_stage[r.stage] = pf.area_by_stage.get(r.stage, 0.0) + _mu(r)
        if is_listed(r):
            pf.listed_mu += _mu(r)
        if is_sold(r):
            pf.sold_mu += _mu(r)
        if is_started(r, as_of):
            pf.started_mu += _mu(r)
        if is_idle(statuses[r.id]):
            pf.idle_mu += _mu(r)
    year = None
    figures = [getattr(f, "figures", f) for f in (figures or [])]
    if figures:
        year = max(f.year for f in figures)
        park_of = {r.id: (r.park or "（未填园区）") for r in records}
        area_of = {r.id: _mu(r) for r in records}
        sums: dict[str, list[float]] = {}
        for f in figures:
            if f.year != year or f.parcel_id not in park_of:
                continue
            s = sums.setdefault(park_of[f.parcel_id], [0.0, 0.0, 0.0])
            s[0] += f.tax_wan or 0.0
            s[1] += f.sales_wan or 0.0
            s[2] += f.area_mu or area_of[f.parcel_id]
        for park, (tax, sales, area) in sums.items():
            if area > 0:
                by_park[park].tax_per_mu = tax / area
                by_park[park].sales_per_mu = sales / area
    parks = sorted(by_park.values(), key=lambda p: (-p.area_mu, p.park))
    return Dashboard(as_of, parks, idle_area_by_month(records, as_of, months), year)


__all__ = ["COLOUR_KEYS", "GRADE_COLOURS", "IDLE_COLOURS", "IDLE_LABELS", "NO_GRADE", "STAGE_COLOURS",
           "AlertSummary", "Colouring", "Dashboard", "ParkFigures", "RegisterRow", "RowFilter", "alert_summary",
           "colouring", "dashboard", "due_within", "filter_rows", "idle_area_by_month", "is_idle", "is_listed",
           "is_sold", "is_started", "latest_grades", "month_ends", "register_rows"]
