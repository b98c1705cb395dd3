"""The 台账 against a project: plan an import (every problem, what would change), apply it as ONE commit of
the register's edit session (audited, all or nothing, one undo step per parcel), export the register.

    plan = plan_project_import(project, "台账.xlsx")     # reads the file, the register, the parcel layers
    if plan.ok:
        result = apply_import(project, plan)              # one transaction: register, events, figures
    export_ledger(project, "台账.xlsx")                   # or 台账.csv (+ .events.csv, .figures.csv)

The rules are those of :mod:`parkgis.core.parcels.ledger`; here the parcel layers give the numbers a 台账 may
register (a feature of a layer of role 地块 with that 地块编号 — DKBH …: a new register entry linked to it,
its own attributes — YDMJ, TZQD, RJL … — and areas as the base the 台账's cells overlay), and the lifecycle
(:mod:`parkgis.core.parcels.lifecycle`) checks the new events: an illegal transition is a problem at the
event's row, as the register's edit session would refuse it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from . import lifecycle
from .figures import StoredFigures, figures_change_builder, load_figures
from .ledger import (
    EVENTS_SHEET,
    ImportPlan,
    ParcelPlan,
    Problem,
    plan_import,
    read_ledger,
    sort_problems,
    write_ledger,
)
from .model import Bound, Event, ParcelRecord


def layer_parcels(project, wanted: set[str] | None = None
                  ) -> tuple[dict[str, tuple[str, int]], dict[str, ParcelRecord], list[str]]:
    """The 地块编号 of the features of the project's parcel layers: (number → (layer id, fid), number → the
    record the feature's own attributes give — for the 标准地 among them, and only for the ``wanted``
    numbers when given: their areas are computed, which costs time on a city's layer —, warnings)."""
    from ..roles import Role
    from ..store.values import is_missing
    from .register import LAYER_FIELDS, _field_of, register_from_layer

    links: dict[str, tuple[str, int]] = {}
    bases: dict[str, ParcelRecord] = {}
    warnings: list[str] = []
    for layer in project.layers_by_role(Role.PARCELS):
        gdf = layer.gdf
        id_field = _field_of([c for c in gdf.columns if c != gdf.geometry.name], LAYER_FIELDS["id"])
        if id_field is None:
            continue
        positions = []
        for position, (fid, value) in enumerate(zip(gdf.index, gdf[id_field].tolist(), strict=True)):
            if is_missing(value) or not str(value).strip():
                continue
            number = str(value).strip()
            if number not in links:
                links[number] = (layer.id, int(fid))
                if wanted is None or number in wanted:
                    positions.append(position)
        if not positions:
            continue
        part = _LayerPart(layer.id, layer.name, gdf.iloc[positions])
        try:
            for record in register_from_layer(project, part):
                bases.setdefault(record.id, record)
        except DataError as exc:   # a layer attribute that cannot be read: the 台账 alone gives the record
            warnings.append(f"{layer.name}: its attributes are not taken as a base ({exc.problem})")
    return links, bases, warnings


@dataclass
class _LayerPart:
    """Some features of a layer, as :func:`~.register.register_from_layer` reads a layer."""

    id: str
    name: str
    gdf: object


def _ledger_numbers(ledger) -> set[str]:
    """The 地块编号 a 台账's register and events name (those that may become new entries)."""
    out = set()
    for table, key in ((ledger.register, "id"), (ledger.events, "parcel_id")):
        if table is not None:
            out |= {v for _row, values in table.rows if isinstance(v := values.get(key), str) and v}
    return out


@dataclass
class ProjectImport:
    """A planned import of a 台账 into a project: the plan and what it was made against."""

    plan: ImportPlan
    register: dict[str, ParcelRecord]
    stored_figures: list[StoredFigures] = field(default_factory=list)


def plan_project_import(project, path: str | Path) -> ProjectImport:
    """Read the 台账 at ``path`` and hold it against the project's register, parcel layers and stored figures:
    the problems (cells, numbers, dates, lifecycle) and the changes. Writes nothing."""
    from .register import load_register

    ledger = read_ledger(path)
    register = dict(load_register(project).parcels)
    links, bases, warnings = layer_parcels(project, _ledger_numbers(ledger) - set(register))
    stored = load_figures(project) if project.is_database or (project.path is not None
                                                                  and Path(project.path).exists()) else []
    layer_parcels_arg = {pid: (bases[pid] if pid in bases and bases[pid].layer_id else link)
                         for pid, link in links.items()}
    plan = plan_import(ledger, register, layer_parcels_arg, [s.figures for s in stored])
    plan.warnings += warnings
    lifecycle_problems(plan, register, ledger.events.header("stage") if ledger.events else "阶段")
    sort_problems(plan.problems, ledger)
    return ProjectImport(plan, register, stored)


# ---------------------------------------------------------------------- the lifecycle of the new events

def _split(p: ParcelPlan):
    """(the new events that are no correction, in the order they are recorded; the corrections, in row order)."""
    base = [n for n in p.new_events if n.event.corrects is None and n.corrects_new is None]
    base.sort(key=lambda n: (n.event.date, n.row))
    corrections = sorted((n for n in p.new_events if n not in base), key=lambda n: n.row)
    return base, corrections


def lifecycle_problems(plan: ImportPlan, register: dict[str, ParcelRecord], stage_column: str) -> None:
    """Add to ``plan`` a problem for each new event the lifecycle refuses (at the event's row), checked as
    :func:`apply_import` will record them: new parcels with their history (``add_parcel``), then for
    registered ones each event after the recorded ones (``record_event``), then the corrections
    (``correct_event``)."""
    from .register import STAGE_DATE_FIELDS

    flagged = {pr.row for pr in plan.problems if pr.sheet == EVENTS_SHEET}
    for p in plan.parcels:
        if not p.new_events or any(n.row in flagged for n in p.new_events):
            continue          # an impossible date of its events is listed already: not twice
        record = dataclasses.replace(p.record, events=[])
        old = register.get(p.id)
        base, corrections = _split(p)
        failing = None
        try:
            if old is None:                # added with its history, corrections in it, checked whole (add_parcel)
                corrected = {n.corrects_new for n in p.new_events if n.corrects_new is not None}
                current = sorted((n for k, n in enumerate(p.new_events) if k not in corrected),
                                 key=lambda n: (n.event.date, n.row))
                if current:
                    lifecycle.check_history(record, [n.event for n in current], current[0].event.from_stage)
                continue
            else:                          # each event after the recorded ones (record_event)
                chain = list(old.current_events())
                start = chain[0].from_stage if chain else old.stage
                current = old.stage
                for n in base:
                    failing = n
                    lifecycle.check_step(record, current, n.event.stage, n.event.date, chain)
                    chain.append(n.event)
                    current = n.event.stage
                    date_field = STAGE_DATE_FIELDS.get(current)
                    if date_field and getattr(record, date_field) is None:
                        setattr(record, date_field, n.event.date)
            for n in corrections:          # then the corrections (correct_event)
                failing = n
                if n.corrects_new is None:
                    chain = [e for e in chain if e.id != n.event.corrects]
                else:
                    target = p.new_events[n.corrects_new].event
                    chain = [e for e in chain if e is not target]
                chain.append(n.event)
                lifecycle.check_history(record, chain, start)
        except lifecycle.TransitionError as exc:
            row = failing.row if failing is not None else _failing_row(p, exc)
            plan.problems.append(Problem(EVENTS_SHEET, row, stage_column, str(exc)))


def _failing_row(p: ParcelPlan, exc: lifecycle.TransitionError) -> int:
    """The row of the event a whole-history check refused: the first new event of the requested stage."""
    for n in p.new_events:
        if n.event.stage == exc.requested:
            return n.row
    return p.new_events[0].row


# ---------------------------------------------------------------------- applying

@dataclass
class ImportResult:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    events: int = 0
    figures_added: int = 0
    figures_changed: int = 0


def _settable(record: ParcelRecord, key: str, value):
    """(set() keyword, value) for a planned field change."""
    if key.startswith("bound."):
        _b, code, _part = key.split(".")
        return "bounds", {code: record.bounds.get(code) or Bound()}
    if key.startswith("measured."):
        return "measured", dict(record.measured)
    return key, value


def _set_values(p: ParcelPlan) -> dict:
    """The ``set`` keywords of a changed parcel's planned field changes (bounds whole per indicator)."""
    values = dict(_settable(p.record, f.key, f.new) for f in p.fields if f.key != "stage")
    bounds = {f.key.split(".")[1]: p.record.bounds.get(f.key.split(".")[1]) or Bound()
              for f in p.fields if f.key.startswith("bound.")}
    if bounds:
        values["bounds"] = bounds
    return values


def apply_import(project, planned: ProjectImport, *, reason: str | None = None) -> ImportResult:
    """Write a problem-free plan as ONE commit of the register's edit session (parcels, events and the annual
    figures in one transaction, each change audited; an error anywhere writes nothing)."""
    from ..errors import UsageError

    plan = planned.plan
    if not plan.ok:
        raise UsageError("the 台账 has problems: nothing imported")
    result = ImportResult()
    why = reason or f"台账导入 {Path(plan.path).name}"
    session = project.edit_register()
    try:
        added = [dataclasses.replace(p.record, events=_history(p)) for p in plan.changes if p.action == "added"]
        if added:                      # each with its history as the 台账 records it, corrections and all
            session.add_parcels(added, check=True, text=f"台账导入 {len(added)} 个标准地")
            result.added = [r.id for r in added]
        changed = [p for p in plan.changes if p.action != "added"]
        result.changed = [p.id for p in changed]
        values_by_parcel = {p.id: _set_values(p) for p in changed}
        values_by_parcel = {pid: values for pid, values in values_by_parcel.items() if values}
        if values_by_parcel:           # every field of every parcel: one undo step, all checked first
            session.set_many(values_by_parcel, text=f"台账导入 {len(values_by_parcel)} 个标准地的字段")
        for p in changed:              # then the events, each after the recorded ones, then the corrections
            base, corrections = _split(p)
            ids: dict[int, int] = {}
            for n in base:
                ids[p.new_events.index(n)] = session.record_event(
                    p.id, n.event.stage, n.event.date, by=n.event.by or None, note=n.event.note, cause=n.event.cause)
            _correct(session, p, corrections, ids)
        for p in plan.changes:
            result.events += len(p.new_events)
        figure_changes = []
        by_key = {s.figures.key: s for s in planned.stored_figures}
        for f in plan.figures:
            figure_changes.append((by_key.get(f.old.key) if f.old is not None else None, f.figures))
            if f.old is None:
                result.figures_added += 1
            else:
                result.figures_changed += 1
        also = figures_change_builder(figure_changes, session_id=session.id, reason=why, operation="import") \
            if figure_changes else None
        session.commit(reason=why, operation="import", also=also)
    except BaseException:
        session.rollback()
        session.close()
        raise
    session.close()
    return result


def _history(p: ParcelPlan) -> list[Event]:
    """A new parcel's events in the order they were recorded (by 事件编号, else by row), each correction
    naming what it corrects by a temporary id (position + 1) and the corrected ones superseded."""
    order = sorted(range(len(p.new_events)), key=lambda k: (p.new_events[k].file_id is None,
                                                             p.new_events[k].file_id or 0, p.new_events[k].row))
    position = {k: n for n, k in enumerate(order)}
    events = []
    for k in order:
        n = p.new_events[k]
        corrects = n.event.corrects if n.corrects_new is None else position[n.corrects_new] + 1
        events.append(dataclasses.replace(n.event, id=position[k] + 1, corrects=corrects, superseded=False))
    for event in events:
        if event.corrects is not None:
            events[event.corrects - 1].superseded = True
    return events


def _correct(session, p: ParcelPlan, corrections, ids: dict[int, int]) -> None:
    pending = list(corrections)
    while pending:
        progressed = False
        for n in list(pending):
            target = n.event.corrects if n.corrects_new is None else ids.get(n.corrects_new)
            if target is None:
                continue       # corrects a correction not made yet
            ids[p.new_events.index(n)] = session.correct_event(
                target, date=n.event.date, stage=n.event.stage, note=n.event.note, by=n.event.by or None,
                reason=getattr(n.event, "reason", "") or "台账导入更正", cause=n.event.cause)
            pending.remove(n)
            progressed = True
        if not progressed:
            raise DataError(None, f"parcel {p.id}: the corrections in the 事件表 correct each other in a circle")


# ---------------------------------------------------------------------- export

def export_ledger(project, path: str | Path) -> list[Path]:
    """Write the project's register (every parcel, every event — superseded ones too, with 更正 naming what
    corrects them) and its annual figures as a 台账 at ``path`` (.xlsx or .csv); atomically."""
    from .register import load_register

    register = load_register(project)
    figures = [s.figures for s in load_figures(project)] if project.is_database or project.path is not None else []
    return write_ledger(path, list(register.parcels.values()), figures)

