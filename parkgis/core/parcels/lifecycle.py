"""The 标准地 lifecycle as a state machine: which stage may follow which, under which guard, with dated events.

The transition table (:data:`TRANSITIONS`)::

    储备      → 前期开发                      (七通一平 items are recorded as a set on the parcel)
    前期开发  → 区域评估
    区域评估  → 挂牌                          (区域评估/定标: assessments done, indicators set)
    挂牌      → 成交 | 储备                   (储备: 流拍 or withdrawn, back to the reserve)
    成交      → 出让合同                      (出让合同 + 投资建设协议)
    出让合同  → 交地 | 闲置
    交地      → 开工 | 闲置
    开工      → 竣工 | 闲置                   (闲置 from 开工: development suspended, 部令第53号 第二条)
    竣工      → 投产
    投产      → 达产复核
    达产复核  → (final)
    闲置      → 开工 | 交地 | 收回            (开工: construction starts or resumes; 交地: land not yet
                                               delivered when it was declared idle; 收回: 无偿/有偿收回)
    收回      → 储备                          (reclaimed land returns to the reserve, to be offered again)

Guards, besides the table: an event's date is never before the previous event's date (the same day is
allowed: 成交 and 出让合同 are often signed together); 闲置 needs an agreed start date (约定开工日期) and a date
after it — the 监管系统 warns only after the contracted start has passed; 开工 needs the land delivered (a 交地
event or ``delivered_on``) — also when construction starts after an idle period; 交地 after 闲置 only when the
land was not delivered yet. A parcel already at a stage cannot enter it again.

Every refusal is a :class:`TransitionError` naming the parcel, the current stage, the requested one and the
reason. A wrong entry is not overwritten: :meth:`parkgis.core.parcels.register.RegisterSession.correct_event`
records a correcting event and keeps the old one as superseded; :func:`check_history` validates the corrected
chain with the same rules.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..errors import UsageError
from .model import MAIN_LINE, Event, ParcelRecord, Stage, parse_stage

TRANSITIONS: dict[Stage, tuple[Stage, ...]] = {
    Stage.RESERVE: (Stage.PREPARATION,),
    Stage.PREPARATION: (Stage.ASSESSMENT,),
    Stage.ASSESSMENT: (Stage.LISTED,),
    Stage.LISTED: (Stage.SOLD, Stage.RESERVE),
    Stage.SOLD: (Stage.CONTRACTED,),
    Stage.CONTRACTED: (Stage.DELIVERED, Stage.IDLE),
    Stage.DELIVERED: (Stage.STARTED, Stage.IDLE),
    Stage.STARTED: (Stage.COMPLETED, Stage.IDLE),
    Stage.COMPLETED: (Stage.PRODUCING,),
    Stage.PRODUCING: (Stage.REVIEWED,),
    Stage.REVIEWED: (),
    Stage.IDLE: (Stage.STARTED, Stage.DELIVERED, Stage.RECLAIMED),
    Stage.RECLAIMED: (Stage.RESERVE,),
}

#: the stages after which the land counts as delivered (交地 done)
_DELIVERED_OR_LATER = frozenset(MAIN_LINE[MAIN_LINE.index(Stage.DELIVERED):])


class TransitionError(UsageError):
    """A lifecycle event refused: ``parcel``, ``current`` and ``requested`` stage (text when the requested
    name is no stage) and ``reason``."""

    def __init__(self, parcel: str, current: Stage | None, requested: Stage | str, reason: str):
        self.parcel, self.current, self.requested, self.reason = parcel, current, requested, reason
        requested_text = requested.value if isinstance(requested, Stage) else str(requested)
        current_text = current.value if current is not None else "(none)"
        super().__init__(f"parcel {parcel}: cannot go from {current_text} to {requested_text}: {reason}")


def stage_names() -> str:
    return ", ".join(s.value for s in Stage)


def require_stage(parcel: str, current: Stage | None, name: object) -> Stage:
    """The stage ``name`` names, or a TransitionError listing the stages."""
    stage = parse_stage(name)
    if stage is None:
        raise TransitionError(parcel, current, str(name), f"no lifecycle stage is named {name}; stages: {stage_names()}")
    return stage


def predecessors(stage: Stage) -> list[Stage]:
    return [s for s, nexts in TRANSITIONS.items() if stage in nexts]


def allowed_next(stage: Stage) -> tuple[Stage, ...]:
    """The stages that may follow ``stage`` (before the guards)."""
    return TRANSITIONS[stage]


def _delivered(record: ParcelRecord, earlier: Iterable[Event], date: _dt.date) -> bool:
    if record.delivered_on is not None and record.delivered_on <= date:
        return True
    return any(e.stage == Stage.DELIVERED for e in earlier)


def check_step(record: ParcelRecord, current: Stage | None, stage: Stage, date: _dt.date,
               earlier: list[Event]) -> None:
    """Refuse (TransitionError) the event ``stage`` on ``date`` for a parcel at ``current`` whose current
    events so far are ``earlier`` (in order). ``current`` None: the stage before the register's first
    event is unknown, only the guards apply."""
    pid = record.id
    if earlier and date < earlier[-1].date:
        last = earlier[-1]
        raise TransitionError(pid, current, stage, f"the date {date.isoformat()} is before the previous event "
                                                   f"({last.stage.value} on {last.date.isoformat()})")
    if current is not None:
        if stage == current:
            raise TransitionError(pid, current, stage, "the parcel is already at this stage")
        if stage not in TRANSITIONS[current]:
            before = "、".join(s.value for s in predecessors(stage)) or "(nothing)"
            nexts = "、".join(s.value for s in TRANSITIONS[current]) or "(nothing: a final stage)"
            raise TransitionError(pid, current, stage, f"{stage.value} may only follow {before}; "
                                                       f"after {current.value} comes {nexts}")
    if stage == Stage.IDLE:
        if record.agreed_start is None:
            raise TransitionError(pid, current, stage, "no agreed start date (约定开工日期) is recorded; set "
                                                       "agreed_start first")
        if date <= record.agreed_start:
            raise TransitionError(pid, current, stage, f"the date {date.isoformat()} is not after the agreed "
                                                       f"start date {record.agreed_start.isoformat()}")
    if stage == Stage.STARTED and not _delivered(record, earlier, date) and \
            (current is None or current not in _DELIVERED_OR_LATER):
        raise TransitionError(pid, current, stage, "the land has not been delivered (交地) yet")
    if stage == Stage.DELIVERED and current == Stage.IDLE and _delivered(record, earlier, date):
        raise TransitionError(pid, current, stage, "the land was already delivered (交地)")


def check_transition(record: ParcelRecord, stage: object, date: _dt.date) -> Stage:
    """The stage of a new event on ``record`` (at ``record.stage``, with ``record.events``), or a
    TransitionError saying why it is refused."""
    requested = require_stage(record.id, record.stage, stage)
    check_step(record, record.stage, requested, date, record.current_events())
    return requested


def check_history(record: ParcelRecord, events: list[Event], start: Stage | None) -> Stage | None:
    """Validate a whole chain of current events, in the order they happened (a correction takes the place of
    the event it corrects, so a date moved past the next event's is refused), from the stage ``start`` the
    parcel had before its first event (None: unknown); returns the stage the chain ends at (None: no events)."""
    chain = list(events)
    current = start
    for k, event in enumerate(chain):
        check_step(record, current, event.stage, event.date, chain[:k])
        current = event.stage
    return current if chain else None
