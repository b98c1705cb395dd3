"""Before the save: the features being edited that someone else committed meanwhile (他人修改提醒),
asked of every open edit session (the poll) or only for the features a LISTEN notification names,
each with the three versions and who made the change (from the audit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ..store.base import FeatureConflict


class ChangedElsewhere(NamedTuple):
    layer: str                 # the layer's name
    conflict: FeatureConflict  # base, theirs (what the store has now) and mine
    user: str | None           # who committed theirs (None: written outside parkgis, no audit row)


def edited_bases(project) -> dict[tuple[str, int], int]:
    """``(layer_id, fid) → version read`` of every feature an open session changes (not new ones)."""
    out = {}
    for session in list(project.sessions.values()):
        for change in session.changes():
            if change.base_version > 0:
                out[(session.layer.id, int(change.fid))] = change.base_version
    return out


def concerns_sessions(project, notes: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The notifications ``(layer_id, fid, version)`` about a feature some session edits, at a version
    other than the one it read — without asking the database (the cheap filter of every NOTIFY)."""
    bases = edited_bases(project)
    return [(layer_id, int(fid), int(version)) for layer_id, fid, version in notes
            if (layer_id, int(fid)) in bases and bases[(layer_id, int(fid))] != int(version)]


def changed_elsewhere(project, notes: Iterable[tuple[str, int, int]] | None = None) -> list[ChangedElsewhere]:
    """The edited features someone else committed since their session read them; with ``notes``
    (LISTEN's ``(layer_id, fid, version)``) only those features are asked."""
    wanted = None if notes is None else {(layer_id, int(fid)) for layer_id, fid, _v in notes}
    found = []
    for session in list(project.sessions.values()):
        if wanted is not None and not any(layer_id == session.layer.id for layer_id, _fid in wanted):
            continue
        for conflict in session.changed_elsewhere():
            if wanted is None or (session.layer.id, conflict.fid) in wanted:
                found.append(ChangedElsewhere(session.layer.name, conflict,
                                              changed_by(project, session.layer.id, conflict.fid,
                                                         conflict.current_version)))
    return found


def changed_by(project, layer_id: str, fid: int, version: int) -> str | None:
    """Who committed version ``version`` of a feature: the audit row's user (and database role when
    it differs); for a deletion the last row. None when no audit row has it (psql, QGIS)."""
    rows = [r for r in project.store.audit_rows(layer_id, int(fid)) if r.get("fid") is not None]
    exact = [r for r in rows if r.get("version") is not None and int(r["version"]) == int(version)]
    row = exact[-1] if exact else (rows[-1] if rows and version == 0 else None)
    if row is None:
        return None
    user, db_user = row.get("user"), row.get("db_user")
    if user and db_user and db_user != user:
        return f"{user} ({db_user})"
    return user or db_user
