"""The 标准地 register, stored in the project GeoPackage and edited like geometry: in an edit session with
undo/redo, a crash journal, version-conflict detection and one audit row per committed change.

Storage — two GeoPackage ``attributes`` tables (no geometry), created on demand by the first commit:

- ``parkgis_parcels``: one row per parcel (地块编号 in ``parcel_id``, unique), every :class:`ParcelRecord`
  field as a column (dates as ISO text; the 七通一平 and 区域评估 sets as JSON lists; each control indicator's
  bound as ``bound_<code>_min`` / ``bound_<code>_max`` — ``bound_<code>`` for the text ones —, any other
  bound in ``bounds_other``; the map link as ``feature_layer_id``/``feature_fid``);
- ``parkgis_parcel_events``: one row per lifecycle event (``parcel_id``, ``stage``, ``from_stage``, ``date``,
  ``by_name``, ``note``, ``recorded_at``, ``corrects``, ``superseded``, ``cause``, ``reason``); the event id is
  the row's fid.

Both tables are carried by the same :class:`~parkgis.core.store.geopackage.GeoPackageStore` as the layers: a
row is a feature without geometry, its version kept by the same triggers in ``parkgis_feature_versions``
(layer id = table name), each committed change one ``parkgis_audit`` row (who, when, the changed columns,
the whole row before and after), written in the same transaction. A commit refuses rows someone else
changed since the session read them (:class:`~parkgis.core.store.base.ConflictError`); a failed commit
writes nothing — not even the tables.

Reading::

    register = load_register(project)          # or load_register("园区.gpkg")
    record = register.get("ZGE-B4-01")         # ParcelRecord (events attached) or None
    for parcel_id, record in register.parcels.items(): ...

Editing (each call is one undo step on ``project.undo_stack``, journalled before it returns; the ``with``
block commits on normal exit and rolls back on an exception)::

    with project.edit_register() as reg:
        reg.add_parcel(ParcelRecord("ZGE-B4-01", name="…", park="准格尔经济开发区", stage=Stage.LISTED))
        reg.set("ZGE-B4-01", land_price_wan=629, agreed_start="2027-06-30")   # keys: REGISTER_FIELDS
        reg.set("ZGE-B4-01", bounds={"investment_intensity": Bound(minimum=134)})
        reg.set_many({"ZGE-B4-01": {"annual_tax_wan": 320}, "ZGE-B4-02": {"buyer": "…"}})  # one undo step
        reg.add_parcels([record1, record2])      # one undo step; add_parcel(record) for one
        event_id = reg.record_event("ZGE-B4-01", "成交", "2026-11-25", by="王工", note="挂牌成交")
        reg.correct_event(event_id, date="2026-11-26", by="王工", reason="成交确认书日期")
        reg.undo(); reg.redo()                  # the project's undo stack
        reg.get("ZGE-B4-01")                    # the record as it is in this session
    # or: reg = project.edit_register(); …; reg.commit(reason="…"); reg.close()

``set`` refuses an unknown key or a bad value (UsageError naming both); ``record_event`` refuses an illegal
transition (:class:`~parkgis.core.parcels.lifecycle.TransitionError`, see that module for the table);
``correct_event`` never overwrites: it adds a correcting event (``corrects`` = the old id, ``reason``) and
marks the old one ``superseded`` — one undo step, two audit rows. Recording 交地/开工/竣工/挂牌/成交/出让合同
also fills the parcel's date field of that stage (``delivered_on``, ``actual_start`` …) when it is empty.

From a layer: :func:`register_from_layer` reads a parcel layer's own attributes (DKBH, DKMC, YQMC, YDYH, YDMJ,
BZD=是, TZQD, RJL, MJSS, JZMD, LDL, XZBGBL, CRNX, SMZQJD, QTYP, QPJ, CJJ, GPRQ, YDKGRQ, SJKGRQ …) into
records (not stored: add them with ``add_parcel``), with planar (own zone) and 椭球 areas computed.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..commands import Command
from ..errors import DataError, UsageError
from ..store.base import ChangeSet, CommitResult, FeatureChange, FeatureState, now_text, user_name
from ..store.schema import quote, table_exists
from . import lifecycle
from .dates import parse_date
from .model import (
    ASSESSMENT_ITEMS,
    INDICATORS,
    INDICATORS_BY_CODE,
    PREPARATION_ITEMS,
    Bound,
    Direction,
    Event,
    ParcelRecord,
    Stage,
    parse_stage,
)

if TYPE_CHECKING:
    from ..project import Project

PARCELS_TABLE = "parkgis_parcels"
EVENTS_TABLE = "parkgis_parcel_events"
REGISTER_TABLES = (PARCELS_TABLE, EVENTS_TABLE)
#: the names the audit gives the two tables (its ``layer`` column)
TABLE_LABELS = {PARCELS_TABLE: "标准地台账", EVENTS_TABLE: "标准地事件"}
#: key of the register's session in ``project.sessions`` (beside the layers' sessions, keyed by layer id)
SESSION_KEY = PARCELS_TABLE


# ---------------------------------------------------------------------- columns

@dataclass(frozen=True)
class Column:
    """A column of ``parkgis_parcels``: its SQL type, the ParcelRecord attribute and the value kind."""

    name: str
    sql: str
    attribute: str
    kind: str   # text | real | int | date | stage | set | share | money


def _record_columns() -> list[Column]:
    renamed = {"id": "parcel_id", "layer_id": "feature_layer_id", "fid": "feature_fid"}
    shares = {"developed_share", "invested_share"}
    out = []
    for f in fields(ParcelRecord):
        if f.name in ("events", "bounds"):
            continue
        name = renamed.get(f.name, f.name)
        kind = {"preparation_done": "set", "assessments_done": "set", "stage": "stage",
                "measured": "measured"}.get(f.name)   # measured: indicator code → actual figure, as JSON
        if kind is None:
            text = str(f.type)
            if f.name in shares:
                kind = "share"
            elif "date" in text:
                kind = "date"
            elif "float" in text:
                kind = "real"
            elif "int" in text:
                kind = "int"
            else:
                kind = "text"
        sql = {"real": "REAL", "share": "REAL", "int": "INTEGER"}.get(kind, "TEXT")
        if name == "parcel_id":
            sql = "TEXT NOT NULL UNIQUE"
        out.append(Column(name, sql, f.name, kind))
    return out


RECORD_COLUMNS: tuple[Column, ...] = tuple(_record_columns())


def _bound_columns() -> list[tuple[str, str, str]]:
    """(column, indicator code, part) for each indicator bound: min/max for numbers, text for the others."""
    out = []
    for d in INDICATORS:
        if d.direction == Direction.TEXT:
            out.append((f"bound_{d.code}", d.code, "text"))
        else:
            out.append((f"bound_{d.code}_min", d.code, "minimum"))
            out.append((f"bound_{d.code}_max", d.code, "maximum"))
    return out


BOUND_COLUMNS: tuple[tuple[str, str, str], ...] = tuple(_bound_columns())
PARCEL_COLUMNS: tuple[str, ...] = (*(c.name for c in RECORD_COLUMNS), *(c for c, _, _ in BOUND_COLUMNS),
                                   "bounds_other")
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("parcel_id", "TEXT NOT NULL"), ("stage", "TEXT NOT NULL"), ("from_stage", "TEXT"), ("date", "TEXT NOT NULL"),
    ("by_name", "TEXT"), ("note", "TEXT"), ("recorded_at", "TEXT"), ("corrects", "INTEGER"),
    ("superseded", "INTEGER NOT NULL DEFAULT 0"), ("cause", "TEXT"), ("reason", "TEXT"),
)

_COLUMNS_BY_ATTRIBUTE = {c.attribute: c for c in RECORD_COLUMNS}
_COLUMNS_BY_NAME = {c.name: c for c in RECORD_COLUMNS}
#: what ``set`` accepts: every record attribute but the key, the stage (events change it) and the events
REGISTER_FIELDS: tuple[str, ...] = tuple(
    [c.attribute for c in RECORD_COLUMNS if c.attribute not in ("id", "stage")]
    + [c for c, _, _ in BOUND_COLUMNS] + ["bounds"])

#: the date field a stage's event fills when it is empty
STAGE_DATE_FIELDS: dict[Stage, str] = {
    Stage.LISTED: "listed_on", Stage.SOLD: "sold_on", Stage.CONTRACTED: "contract_date",
    Stage.DELIVERED: "delivered_on", Stage.STARTED: "actual_start", Stage.COMPLETED: "actual_completion",
}


def _create_sql() -> list[str]:
    parcel_cols = ", ".join([f"{quote(c.name)} {c.sql}" for c in RECORD_COLUMNS]
                            + [f"{quote(c)} {'TEXT' if part == 'text' else 'REAL'}" for c, _, part in BOUND_COLUMNS]
                            + ['"bounds_other" TEXT'])
    event_cols = ", ".join(f"{quote(c)} {sql}" for c, sql in EVENT_COLUMNS)
    return [
        f"CREATE TABLE IF NOT EXISTS {PARCELS_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, {parcel_cols})",
        f"CREATE TABLE IF NOT EXISTS {EVENTS_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, {event_cols})",
        f"CREATE INDEX IF NOT EXISTS {EVENTS_TABLE}_parcel ON {EVENTS_TABLE}(parcel_id)",
    ]


def ensure_register_tables(con: sqlite3.Connection) -> None:
    """Create the register's tables (inside the caller's transaction), registered in ``gpkg_contents`` as
    GeoPackage attribute tables, with the store's version triggers. Columns a later parkgis added are added
    to an older file's table."""
    from ..store.geopackage import prepare_file
    from ..store.schema import columns_of

    for sql in _create_sql():
        con.execute(sql)
    present = set(columns_of(con, PARCELS_TABLE))
    for column in RECORD_COLUMNS:
        if column.name not in present:
            con.execute(f"ALTER TABLE {PARCELS_TABLE} ADD COLUMN {quote(column.name)} "
                        f"{column.sql.replace(' NOT NULL UNIQUE', '')}")
    for name, _code, part in BOUND_COLUMNS:
        if name not in present:
            con.execute(f"ALTER TABLE {PARCELS_TABLE} ADD COLUMN {quote(name)} {'TEXT' if part == 'text' else 'REAL'}")
    if "bounds_other" not in present:
        con.execute(f"ALTER TABLE {PARCELS_TABLE} ADD COLUMN bounds_other TEXT")
    present = set(columns_of(con, EVENTS_TABLE))
    for name, sql in EVENT_COLUMNS:
        if name not in present:
            con.execute(f"ALTER TABLE {EVENTS_TABLE} ADD COLUMN {quote(name)} {sql.replace(' NOT NULL', '')}")
    for table, text in ((PARCELS_TABLE, "parkgis 标准地 register: one row per parcel"),
                        (EVENTS_TABLE, "parkgis 标准地 register: lifecycle events")):
        con.execute("INSERT OR IGNORE INTO gpkg_contents(table_name, data_type, identifier, description, last_change) "
                    "VALUES (?, 'attributes', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))", (table, table, text))
    prepare_file(con, {t: t for t in REGISTER_TABLES})


# ---------------------------------------------------------------------- values

def _float(name: str, value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise UsageError(f"{name}: {value} is not a number")
    try:
        number = float(str(value).strip().replace(",", "").replace("，", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{name}: {value} is not a number") from None
    if not math.isfinite(number):
        raise UsageError(f"{name}: {value} is not a number")
    return number


def _set_items(name: str, value: Any, vocabulary: tuple[str, ...]) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        items = [p.strip() for p in value.replace("，", ",").replace("、", ",").replace(";", ",").split(",")]
    else:
        items = [str(p).strip() for p in value]
    items = [p for p in items if p]
    unknown = [p for p in items if p not in vocabulary]
    if unknown:
        raise UsageError(f"{name}: unknown item(s) {'、'.join(unknown)}; items: {'、'.join(vocabulary)}")
    return frozenset(items)


def coerce_field(name: str, value: Any) -> Any:
    """The ParcelRecord value of field ``name`` from a script's or a command line's ``value`` (text is
    parsed: dates in any :func:`~.dates.parse_date` spelling, numbers, sets as ``给水,排水``); a UsageError
    names the field and the problem. An empty text or None clears the field."""
    column = _COLUMNS_BY_ATTRIBUTE.get(name)
    if column is None:
        raise UsageError(f"unknown register field {name}; fields: {', '.join(REGISTER_FIELDS)}")
    kind = column.kind
    if kind == "date":
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            raise UsageError(f"{name}: {exc}") from None
    if kind in ("real", "share"):
        number = _float(name, value)
        if number is None:
            return None
        if kind == "share" and not 0.0 <= number <= 1.0:
            raise UsageError(f"{name}: {value} is not a share between 0 and 1 (write 0.3 for 30 %)")
        if name.endswith(("_wan", "_m2")) and number < 0:
            raise UsageError(f"{name}: {value} is negative")
        return number
    if kind == "int":
        number = _float(name, value)
        if number is None:
            return None if name != "government_delay_days" else 0
        if number != int(number):
            raise UsageError(f"{name}: {value} is not a whole number")
        if number < 0:
            raise UsageError(f"{name}: {value} is negative")
        return int(number)
    if kind == "set":
        return _set_items(name, value, PREPARATION_ITEMS if name == "preparation_done" else ASSESSMENT_ITEMS)
    if kind == "measured":
        return _measured(name, value)
    if kind == "stage":
        stage = parse_stage(value)
        if stage is None:
            raise UsageError(f"{name}: no lifecycle stage is named {value}; stages: {lifecycle.stage_names()}")
        return stage
    if name == "layer_id":   # the map link: None when absent, never ""
        return None if value is None or not str(value).strip() else str(value).strip()
    return "" if value is None else str(value).strip()


def _measured(name: str, value: Any) -> dict[str, float]:
    """``measured`` from a mapping or a text ``building_coverage=42,green_ratio=15`` (indicator codes)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        pairs = [p.split("=", 1) for p in value.replace("，", ",").split(",") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise UsageError(f"{name}: write code=value pairs, e.g. building_coverage=42,green_ratio=15")
        value = {k.strip(): v.strip() for k, v in pairs}
    out = {}
    for code, figure in dict(value).items():
        if code not in INDICATORS_BY_CODE or INDICATORS_BY_CODE[code].direction == Direction.TEXT:
            raise UsageError(f"{name}: unknown indicator {code}; indicators: {', '.join(INDICATORS_BY_CODE)}")
        number = _float(f"{name}.{code}", figure)
        if number is not None:
            out[code] = number
    return out


def _bound_from_json(value: Any) -> Bound:
    return Bound(value.get("minimum"), value.get("maximum"), value.get("text"))


def record_to_row(record: ParcelRecord) -> dict[str, Any]:
    """The ``parkgis_parcels`` row (column → SQL value) of a record."""
    row: dict[str, Any] = {}
    for column in RECORD_COLUMNS:
        value = getattr(record, column.attribute)
        if column.kind == "date":
            value = None if value is None else value.isoformat()
        elif column.kind == "stage":
            value = Stage(value).value
        elif column.kind == "set":
            order = PREPARATION_ITEMS if column.attribute == "preparation_done" else ASSESSMENT_ITEMS
            value = json.dumps(sorted(value, key=lambda v: (order.index(v) if v in order else len(order), v)),
                               ensure_ascii=False)
        elif column.kind in ("real", "share") and value is not None:
            value = float(value)
        elif column.kind == "int" and value is not None:
            value = int(value)
        elif column.kind == "measured":
            value = json.dumps({k: float(v) for k, v in value.items()}, sort_keys=True) if value else None
        row[column.name] = value
    other = {}
    for code, bound in record.bounds.items():
        definition = INDICATORS_BY_CODE.get(code)
        if definition is None:
            other[code] = {"minimum": bound.minimum, "maximum": bound.maximum, "text": bound.text}
            continue
        if definition.direction == Direction.TEXT:
            row[f"bound_{code}"] = bound.text
            if bound.minimum is not None or bound.maximum is not None:
                other[code] = {"minimum": bound.minimum, "maximum": bound.maximum, "text": None}
        else:
            row[f"bound_{code}_min"] = None if bound.minimum is None else float(bound.minimum)
            row[f"bound_{code}_max"] = None if bound.maximum is None else float(bound.maximum)
            if bound.text is not None:
                other[code] = {"minimum": None, "maximum": None, "text": bound.text}
    for name, _code, _part in BOUND_COLUMNS:
        row.setdefault(name, None)
    row["bounds_other"] = json.dumps(other, ensure_ascii=False, sort_keys=True) if other else None
    return row


def row_to_record(row: Mapping[str, Any]) -> ParcelRecord:
    """The record of a ``parkgis_parcels`` row (without its events)."""
    values: dict[str, Any] = {}
    for column in RECORD_COLUMNS:
        value = row.get(column.name)
        if column.kind == "date":
            value = None if value in (None, "") else _dt.date.fromisoformat(str(value))
        elif column.kind == "stage":
            value = parse_stage(value) or Stage.RESERVE
        elif column.kind == "set":
            value = frozenset(json.loads(value)) if value else frozenset()
        elif column.kind == "measured":
            value = {k: float(v) for k, v in json.loads(value).items()} if value else {}
        elif column.kind in ("real", "share") and value is not None:
            value = float(value)
        elif column.kind == "int":
            value = (0 if column.attribute == "government_delay_days" else None) if value is None else int(value)
        elif column.kind == "text" and value is None and column.attribute not in ("layer_id",):
            value = ""
        values[column.attribute] = value
    bounds: dict[str, dict] = {}
    for name, code, part in BOUND_COLUMNS:
        value = row.get(name)
        if value is not None:
            bounds.setdefault(code, {})[part] = float(value) if part != "text" else str(value)
    other = json.loads(row["bounds_other"]) if row.get("bounds_other") else {}
    for code, parts in other.items():
        merged = bounds.setdefault(code, {})
        for part, value in parts.items():
            if value is not None:
                merged[part] = value
    values["bounds"] = {code: _bound_from_json(parts) for code, parts in bounds.items()}
    return ParcelRecord(**values)


def event_to_row(event: Event, parcel_id: str) -> dict[str, Any]:
    return {"parcel_id": parcel_id, "stage": Stage(event.stage).value,
            "from_stage": None if event.from_stage is None else Stage(event.from_stage).value,
            "date": event.date.isoformat(), "by_name": event.by, "note": event.note,
            "recorded_at": event.recorded_at, "corrects": event.corrects, "superseded": int(bool(event.superseded)),
            "cause": event.cause, "reason": event.reason}


def row_to_event(fid: int, row: Mapping[str, Any]) -> Event:
    return Event(stage=parse_stage(row["stage"]) or Stage.RESERVE, date=_dt.date.fromisoformat(str(row["date"])),
                 by=row.get("by_name") or "", note=row.get("note") or "", id=int(fid),
                 recorded_at=row.get("recorded_at") or "",
                 corrects=None if row.get("corrects") is None else int(row["corrects"]),
                 superseded=bool(row.get("superseded")), cause=row.get("cause") or "",
                 from_stage=parse_stage(row["from_stage"]) if row.get("from_stage") else None,
                 reason=row.get("reason") or "")


# ---------------------------------------------------------------------- reading

@dataclass
class Register:
    """The register as stored: ``parcels`` by 地块编号 (events attached, in date order), and where from."""

    parcels: dict[str, ParcelRecord] = field(default_factory=dict)
    path: Path | None = None

    def get(self, parcel_id: str) -> ParcelRecord | None:
        return self.parcels.get(str(parcel_id).strip())

    def require(self, parcel_id: str) -> ParcelRecord:
        """The record of ``parcel_id``, or a UsageError naming the known ones."""
        record = self.get(parcel_id)
        if record is None:
            raise UsageError(unknown_parcel_message(parcel_id, self.parcels))
        return record

    def __iter__(self) -> Iterator[ParcelRecord]:
        return iter(self.parcels.values())

    def __len__(self) -> int:
        return len(self.parcels)

    def event(self, event_id: int) -> tuple[ParcelRecord, Event] | None:
        for record in self.parcels.values():
            for event in record.events:
                if event.id == event_id:
                    return record, event
        return None


def unknown_parcel_message(parcel_id: str, known: Iterable[str]) -> str:
    names = sorted(known)
    shown = ", ".join(names[:12]) + (f" (+{len(names) - 12})" if len(names) > 12 else "")
    return f"the register has no parcel {parcel_id}; parcels: {shown or '(none)'}"


_Rows = dict[int, tuple[int, FeatureState]]


def read_tables(con: sqlite3.Connection) -> dict[str, _Rows]:
    """table → fid → (version, state) of both register tables (empty when the file has none)."""
    out: dict[str, _Rows] = {PARCELS_TABLE: {}, EVENTS_TABLE: {}}
    has_versions = table_exists(con, "parkgis_feature_versions")
    for table in REGISTER_TABLES:
        if not table_exists(con, table):
            continue
        versions = dict(con.execute("SELECT fid, version FROM parkgis_feature_versions WHERE layer_id = ?",
                                    (table,))) if has_versions else {}
        cursor = con.execute(f"SELECT * FROM {quote(table)} ORDER BY fid")
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values, strict=True))
            fid = int(row.pop("fid"))
            out[table][fid] = (versions.get(fid, 1), FeatureState(None, row))
    return out


def _read_file(path: Path) -> dict[str, _Rows]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DataError(path, f"cannot be opened: {exc}") from None
    try:
        return read_tables(con)
    except sqlite3.DatabaseError as exc:
        raise DataError(path, f"the register tables cannot be read ({exc})") from None
    finally:
        con.close()


def read_project_tables(project: Project) -> dict[str, _Rows]:
    """table → fid → (version, state) of both register tables of a project: its file, or its team
    database (empty tables when it has none yet)."""
    if project.is_database:
        store = project.store
        present = store.attribute_tables(REGISTER_TABLES)
        return {table: store.rows(table) if table in present else {} for table in REGISTER_TABLES}
    path = project.path
    if path is None or not Path(path).exists():
        return {PARCELS_TABLE: {}, EVENTS_TABLE: {}}
    return _read_file(Path(path))


def build_register(parcel_rows: Mapping[int, Mapping[str, Any]], event_rows: Mapping[int, Mapping[str, Any]],
                   path: Path | None = None) -> Register:
    parcels: dict[str, ParcelRecord] = {}
    for _fid, row in sorted(parcel_rows.items()):
        record = row_to_record(row)
        parcels[record.id] = record
    for fid, row in sorted(event_rows.items()):
        record = parcels.get(row["parcel_id"])
        if record is not None:
            record.events.append(row_to_event(fid, row))
    for record in parcels.values():
        record.events.sort(key=lambda e: (e.date, e.id or 0))
    return Register(parcels, path)


def load_register(project: Project | str | PathLike[str]) -> Register:
    """The register stored in a project (a :class:`~parkgis.core.project.Project` or the path of its file):
    empty when the project has none yet. Uncommitted edits of an open session are not in it (see
    :meth:`RegisterSession.register`)."""
    from ..store.postgis import is_team_location, open_team_store
    if is_team_location(project):     # a team database: its register tables only, not its layers
        store = open_team_store(project)
        try:
            present = store.attribute_tables(REGISTER_TABLES)
            tables = {table: store.rows(table) if table in present else {} for table in REGISTER_TABLES}
        finally:
            store.close()
        path = None
    elif isinstance(project, str | PathLike):
        path = Path(project)
        if not path.exists():
            return Register({}, path)
        tables = _read_file(path)
    else:
        path = project.path
        tables = read_project_tables(project)
    return build_register({f: s.attributes for f, (_v, s) in tables[PARCELS_TABLE].items()},
                          {f: s.attributes for f, (_v, s) in tables[EVENTS_TABLE].items()}, path)


# ---------------------------------------------------------------------- editing

_Key = tuple[str, int]    # (table, fid)


class RegisterEdit(Command):
    """One undo step of the register: rows go from ``before`` to ``after`` states (None: absent)."""

    def __init__(self, session: RegisterSession, text: str, before: dict[_Key, FeatureState | None],
                 after: dict[_Key, FeatureState | None]):
        self.session, self.text, self.before, self.after = session, text, before, after

    def do(self) -> None:
        self.session._put(self.after)

    def undo(self) -> None:
        self.session._put(self.before)


class RegisterSession:
    """The edit session of a project's register (see the module docstring for the calls). Open it with
    :meth:`parkgis.core.project.Project.edit_register`; it lives in ``project.sessions`` so that the
    project's save commits it and its dirty flag counts it."""

    def __init__(self, project: Project):
        self.project = project
        self.id = uuid.uuid4().hex[:16]
        self.started_at = now_text()
        self.closed = False
        self._file: dict[_Key, tuple[int, FeatureState]] = {}   # the rows as committed (read, then our commits)
        self._committed: dict[_Key, FeatureState | None] = {}   # state at first touch (None: new)
        self._base: dict[_Key, int] = {}                         # version at first touch (0: new)
        self._working: dict[_Key, FeatureState | None] = {}
        self._labels: dict[_Key, tuple[str, str | None]] = {}    # audit operation and reason of a row
        self._next_fid: dict[str, int] = {}
        self._journals: dict[str, Any] = {}
        #: table → provisional id → id in the file, of the last commit (see :meth:`final_id`)
        self.last_ids: dict[str, dict[int, int]] = {}
        self._reload()

    # ------------------------------------------------------------------ reading

    def _reload(self) -> None:
        path = self.project.path
        tables = read_project_tables(self.project)
        self._file = {(table, fid): entry for table, rows in tables.items() for fid, entry in rows.items()}
        self._next_fid = {t: 1 + max([f for (tt, f) in self._file if tt == t], default=0) for t in REGISTER_TABLES}
        if self.project.is_database:    # new rows get their ids from the tables' sequences at the commit
            return
        if path is not None and path.exists():
            try:
                con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    if table_exists(con, "sqlite_sequence"):
                        for name, seq in con.execute("SELECT name, seq FROM sqlite_sequence"):
                            if name in self._next_fid:
                                self._next_fid[name] = max(self._next_fid[name], int(seq) + 1)
                finally:
                    con.close()
            except sqlite3.Error:
                pass

    def _state(self, key: _Key) -> FeatureState | None:
        if key in self._working:
            return self._working[key]
        entry = self._file.get(key)
        return None if entry is None else entry[1]

    def _rows(self, table: str) -> dict[int, dict[str, Any]]:
        keys = {k for k in (*self._file, *self._working) if k[0] == table}
        out = {}
        for key in keys:
            state = self._state(key)
            if state is not None:
                out[key[1]] = state.attributes
        return out

    def register(self) -> Register:
        """The register as it is in this session (uncommitted edits included)."""
        return build_register(self._rows(PARCELS_TABLE), self._rows(EVENTS_TABLE), self.project.path)

    @property
    def parcels(self) -> dict[str, ParcelRecord]:
        return self.register().parcels

    def get(self, parcel_id: str) -> ParcelRecord | None:
        return self.register().get(parcel_id)

    def _parcel_fid(self, parcel_id: str) -> int:
        parcel_id = str(parcel_id).strip()
        rows = self._rows(PARCELS_TABLE)
        for fid, row in rows.items():
            if row["parcel_id"] == parcel_id:
                return fid
        raise UsageError(unknown_parcel_message(parcel_id, (r["parcel_id"] for r in rows.values())))

    @property
    def has_changes(self) -> bool:
        return any(self.changes().values())

    def changes(self) -> dict[str, list[FeatureChange]]:
        """table → the rows that differ from their committed state."""
        out: dict[str, list[FeatureChange]] = {t: [] for t in REGISTER_TABLES}
        for key, state in self._working.items():
            before = self._committed[key]
            if before is None and state is None:
                continue
            if before is not None and state is not None and state.same_as(before):
                continue
            label, note = self._labels.get(key, (None, None))
            out[key[0]].append(FeatureChange(key[1], before, state, self._base[key], label, note))
        for rows in out.values():
            rows.sort(key=lambda c: c.fid)
        return out

    # ------------------------------------------------------------------ changes

    def add_parcel(self, record: ParcelRecord, *, check: bool = True) -> None:
        """Add a parcel (its ``events`` too, as its history). Refuses an empty or taken 地块编号; with
        ``check`` the events must form a legal chain (:func:`~.lifecycle.check_history`); the parcel's
        stage is then the last event's."""
        parcel_id = str(record.id or "").strip()
        if not parcel_id:
            raise UsageError("a parcel needs its 地块编号 (id)")
        if any(r["parcel_id"] == parcel_id for r in self._rows(PARCELS_TABLE).values()):
            raise UsageError(f"the register already has a parcel {parcel_id}")
        self._add(record, list(record.events), check)

    def add_parcels(self, records: Iterable[ParcelRecord], *, check: bool = True, text: str | None = None) -> None:
        """Add several parcels (with their events) as one undo step."""
        before: dict[_Key, FeatureState | None] = {}
        after: dict[_Key, FeatureState | None] = {}
        seen = {r["parcel_id"] for r in self._rows(PARCELS_TABLE).values()}
        records = list(records)
        for record in records:
            parcel_id = str(record.id or "").strip()
            if not parcel_id:
                raise UsageError("a parcel needs its 地块编号 (id)")
            if parcel_id in seen:
                raise UsageError(f"the register already has a parcel {parcel_id}")
            seen.add(parcel_id)
            b, a = self._addition(record, check)
            before.update(b)
            after.update(a)
        if records:
            self._push(text or f"添加 {len(records)} 个标准地", before, after)

    def _add(self, record: ParcelRecord, events: list[Event], check: bool) -> None:
        before, after = self._addition(record, check, events)
        self._push(f"添加标准地 {record.id}", before, after)

    def _addition(self, record: ParcelRecord, check: bool, events: list[Event] | None = None):
        """The (before, after) rows adding ``record`` with ``events`` (in the order they were recorded: ids
        are given in that order; an event's ``corrects`` may name another's ``id``; superseded events are
        kept out of the lifecycle chain)."""
        parcel_id = str(record.id).strip()
        given = list(record.events if events is None else events)
        # every field checked (and text normalised) as ``set`` checks it: a share of 1.5 or an unknown
        # 七通一平 item is refused here too, naming the parcel
        values = {}
        for column in RECORD_COLUMNS:
            if column.attribute in ("id", "stage"):
                continue
            try:
                values[column.attribute] = coerce_field(column.attribute, getattr(record, column.attribute))
            except UsageError as exc:
                raise UsageError(f"parcel {parcel_id}: {exc}") from None
        record = replace(record, id=parcel_id, events=[], **values)
        normalised = []
        for event in given:
            stage = parse_stage(event.stage)
            if stage is None:
                raise lifecycle.TransitionError(parcel_id, None, str(event.stage),
                                                f"no lifecycle stage is named {event.stage}; "
                                                f"stages: {lifecycle.stage_names()}")
            if not isinstance(event.date, _dt.date):
                event = replace(event, date=_event_date(parcel_id, None, stage, event.date))
            normalised.append(replace(event, stage=stage))
        fids = [self._new_fid(EVENTS_TABLE) for _ in normalised]
        id_map = {e.id: fid for e, fid in zip(normalised, fids, strict=True) if e.id is not None}
        order = sorted(range(len(normalised)), key=lambda k: (normalised[k].date, k))
        chain_positions = [k for k in order if not normalised[k].superseded]
        for n, k in enumerate(chain_positions):   # each event's from_stage: the stage before it in the chain
            if n:
                normalised[k] = replace(normalised[k], from_stage=normalised[chain_positions[n - 1]].stage)
        chain = [replace(normalised[k], id=fids[k]) for k in chain_positions]
        if chain:
            if check:
                lifecycle.check_history(record, chain, chain[0].from_stage)
            record = replace(record, stage=chain[-1].stage)
        before: dict[_Key, FeatureState | None] = {}
        after: dict[_Key, FeatureState | None] = {}
        key = (PARCELS_TABLE, self._new_fid(PARCELS_TABLE))
        before[key], after[key] = None, FeatureState(None, record_to_row(record))
        for event, fid in zip(normalised, fids, strict=True):
            corrects = id_map.get(event.corrects, event.corrects) if event.corrects is not None else None
            ev = replace(event, by=event.by or "", recorded_at=event.recorded_at or now_text(), corrects=corrects)
            ekey = (EVENTS_TABLE, fid)
            before[ekey], after[ekey] = None, FeatureState(None, event_to_row(ev, parcel_id))
        return before, after

    def set(self, parcel_id: str, **values: Any) -> None:
        """Set register fields of a parcel (one undo step). Keys: :data:`REGISTER_FIELDS` — the record's
        attributes (``land_price_wan``, ``agreed_start`` …), a bound's column (``bound_investment_intensity_min``)
        or ``bounds`` (indicator code → :class:`Bound`, merged into the parcel's). The stage is changed by
        :meth:`record_event`, never set."""
        key, old, new = self._set_row(parcel_id, values)
        record = row_to_record(old.attributes)
        self._push(f"编辑标准地 {record.id} {'、'.join(values)}", {key: old}, {key: new})

    def set_many(self, values_by_parcel: Mapping[str, Mapping[str, Any]], *, text: str | None = None) -> None:
        """:meth:`set` of several parcels as one undo step (a 台账 import): all checked before any is set."""
        before, after = {}, {}
        for parcel_id, values in values_by_parcel.items():
            key, old, new = self._set_row(parcel_id, dict(values), base=after)
            before.setdefault(key, old)
            after[key] = new
        if after:
            self._push(text or f"编辑 {len(after)} 个标准地", before, after)

    def _set_row(self, parcel_id: str, values: Mapping[str, Any], base: Mapping | None = None):
        """(row key, state before, state after) of setting ``values`` on a parcel; nothing is changed."""
        if not values:
            raise UsageError("nothing to set: give KEY=VALUE")
        fid = self._parcel_fid(parcel_id)
        key = (PARCELS_TABLE, fid)
        old = (base or {}).get(key) or self._state(key)
        record = row_to_record(old.attributes)
        row = dict(old.attributes)
        bound_names = {c for c, _, _ in BOUND_COLUMNS}
        for name, value in values.items():
            if name == "stage":
                raise UsageError("stage is changed by a lifecycle event: use parcels stage (record_event), "
                                 "not set")
            if name == "id":
                raise UsageError("the 地块编号 (id) of a parcel cannot be set")
            if name == "bounds":
                merged = dict(row_to_record(row).bounds)
                for code, bound in dict(value or {}).items():
                    if not isinstance(bound, Bound):
                        raise UsageError(f"bounds: {code} is not a Bound")
                    merged[code] = bound
                bound_row = record_to_row(replace(row_to_record(row), bounds=merged))
                for column in (*bound_names, "bounds_other"):
                    row[column] = bound_row[column]
                continue
            if name in bound_names:
                part = next(p for c, _, p in BOUND_COLUMNS if c == name)
                if part == "text":
                    row[name] = None if value is None or not str(value).strip() else str(value).strip()
                else:
                    row[name] = _float(name, value)
                continue
            coerced = coerce_field(name, value)
            column = _COLUMNS_BY_ATTRIBUTE[name]
            row[column.name] = record_to_row(replace(record, **{name: coerced}))[column.name]
        return key, old, FeatureState(None, row)

    def record_event(self, parcel_id: str, stage: object, date: object, *, by: str | None = None,
                     note: str = "", cause: str = "") -> int:
        """Record a lifecycle event (one undo step); returns its id (final once committed: see
        :meth:`commit`). Refused with a :class:`~.lifecycle.TransitionError` when the transition is illegal."""
        fid = self._parcel_fid(parcel_id)
        record = self._record(fid)
        when = _event_date(record.id, record.stage, stage, date)
        new_stage = lifecycle.check_transition(record, stage, when)
        event = Event(new_stage, when, by=by if by is not None else user_name(), note=note or "",
                      recorded_at=now_text(), cause=cause or "", from_stage=record.stage)
        event_fid = self._new_fid(EVENTS_TABLE)
        updates: dict[str, Any] = {"stage": new_stage}
        date_field = STAGE_DATE_FIELDS.get(new_stage)
        if date_field and getattr(record, date_field) is None:
            updates[date_field] = when
        if new_stage == Stage.IDLE and cause:
            updates["idle_cause"] = cause
        pkey, ekey = (PARCELS_TABLE, fid), (EVENTS_TABLE, event_fid)
        old = self._state(pkey)
        row = record_to_row(replace(row_to_record(old.attributes), **updates))
        self._labels[ekey] = ("stage", note or None)
        self._push(f"标准地 {record.id} {new_stage.value} {when.isoformat()}",
                   {pkey: old, ekey: None},
                   {pkey: FeatureState(None, row), ekey: FeatureState(None, event_to_row(event, record.id))})
        return event_fid

    def correct_event(self, event_id: int, *, date: object = None, stage: object = None, note: str | None = None,
                      by: str | None = None, reason: str, cause: str | None = None) -> int:
        """Correct a wrong lifecycle entry: a new event (``corrects`` = ``event_id``, the ``reason``) replaces
        it and the old one is kept, marked superseded — one undo step. The corrected history must be legal
        (same rules as :meth:`record_event`). Returns the correcting event's id."""
        if not str(reason or "").strip():
            raise UsageError("a correction needs its reason")
        ekey = (EVENTS_TABLE, int(event_id))
        old_state = self._state(ekey)
        if old_state is None:
            raise UsageError(f"the register has no event {event_id}")
        old_event = row_to_event(event_id, old_state.attributes)
        parcel_id = old_state.attributes["parcel_id"]
        if old_event.superseded:
            raise UsageError(f"event {event_id} of parcel {parcel_id} was already corrected; correct the "
                             "correcting event instead")
        fid = self._parcel_fid(parcel_id)
        record = self._record(fid)
        new_stage = old_event.stage if stage is None else lifecycle.require_stage(parcel_id, record.stage, stage)
        when = old_event.date if date is None else _event_date(parcel_id, record.stage, new_stage, date)
        new_fid = self._new_fid(EVENTS_TABLE)
        new_event = Event(new_stage, when, by=by if by is not None else user_name(),
                          note=old_event.note if note is None else note, id=new_fid, recorded_at=now_text(),
                          corrects=int(event_id), cause=old_event.cause if cause is None else cause,
                          from_stage=old_event.from_stage, reason=str(reason).strip())
        chain = [new_event if e.id == int(event_id) else e for e in record.current_events()]
        first = min(record.current_events(), key=lambda e: (e.date, e.id or 0))
        start = first.from_stage
        if first.id == int(event_id):
            start = old_event.from_stage
        end = lifecycle.check_history(record_for_check(record, old_event), chain, start)
        updates: dict[str, Any] = {"stage": end if end is not None else record.stage}
        for stage_of in {old_event.stage, new_stage}:
            date_field = STAGE_DATE_FIELDS.get(stage_of)
            if date_field and getattr(record, date_field) == old_event.date:
                same = sorted(e.date for e in chain if e.stage == stage_of)
                updates[date_field] = same[0] if same else None
            elif date_field and stage_of == new_stage and getattr(record, date_field) is None:
                updates[date_field] = when
        pkey, nkey = (PARCELS_TABLE, fid), (EVENTS_TABLE, new_fid)
        old_parcel = self._state(pkey)
        row = record_to_row(replace(row_to_record(old_parcel.attributes), **updates))
        superseded = dict(old_state.attributes, superseded=1)
        self._labels[ekey] = ("superseded", str(reason).strip())
        self._labels[nkey] = ("correct", str(reason).strip())
        self._push(f"更正标准地 {parcel_id} 事件 #{event_id}",
                   {pkey: old_parcel, ekey: old_state, nkey: None},
                   {pkey: FeatureState(None, row), ekey: FeatureState(None, superseded),
                    nkey: FeatureState(None, event_to_row(new_event, parcel_id))})
        return new_fid

    def _record(self, fid: int) -> ParcelRecord:
        row = self._state((PARCELS_TABLE, fid)).attributes
        record = row_to_record(row)
        record.events = sorted((row_to_event(f, r) for f, r in self._rows(EVENTS_TABLE).items()
                                if r["parcel_id"] == record.id), key=lambda e: (e.date, e.id or 0))
        return record

    # ------------------------------------------------------------------ undo

    def undo(self) -> None:
        self.project.undo_stack.undo()

    def redo(self) -> None:
        self.project.undo_stack.redo()

    # ------------------------------------------------------------------ commit

    def commit(self, *, reason: str | None = None, operation: str | None = None,
               on_conflict: str = "raise", also=None) -> list[CommitResult]:
        """Write the changed rows of both tables in one transaction with their audit rows (creating the
        tables on the first commit). New rows get their final ids in the file (the ids this session
        handed out are kept unless another program took them meanwhile). A row changed in the file since
        this session read it: :class:`~parkgis.core.store.base.ConflictError`, nothing written.

        ``also`` — ``(tables, build)``: change sets of other attribute tables (layer id → table in ``tables``)
        that ``build(connection)`` makes inside the same transaction, committed with the register's, all or
        nothing (the 台账 import's annual figures, :mod:`parkgis.core.parcels.figures`)."""
        self._check_open()
        pending = self.changes()
        if not any(pending.values()) and also is None:
            return []
        if self.project.is_database:
            return self._commit_database(pending, reason=reason, operation=operation, on_conflict=on_conflict,
                                         also=also)
        if self.project.path is None:
            raise UsageError("the project has no file yet: save it first")
        from ..store.geopackage import GeoPackageStore

        id_maps: dict[str, dict[int, int]] = {}
        order: list[str] = []

        def prepare(con: sqlite3.Connection) -> list[ChangeSet]:
            ensure_register_tables(con)
            sets = []
            for table in REGISTER_TABLES:
                top = con.execute(f"SELECT coalesce(max(fid), 0) FROM {quote(table)}").fetchone()[0]
                seq = con.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
                next_free = max(int(top), int(seq[0]) if seq else 0) + 1
                mapping = {}
                for change in pending[table]:
                    if change.before is None and change.base_version == 0 and change.fid < next_free:
                        mapping[change.fid] = None
                taken = {c.fid for c in pending[table]}
                for old in sorted(mapping):
                    while next_free in taken:
                        next_free += 1
                    mapping[old] = next_free
                    next_free += 1
                id_maps[table] = mapping
            event_map = id_maps[EVENTS_TABLE]
            for table in REGISTER_TABLES:
                changes = []
                for change in pending[table]:
                    after = change.after
                    if table == EVENTS_TABLE and after is not None and after.attributes.get("corrects") in event_map:
                        after = FeatureState(None, dict(after.attributes,
                                                        corrects=event_map[after.attributes["corrects"]]))
                    changes.append(replace(change, fid=id_maps[table].get(change.fid, change.fid), after=after))
                if changes:
                    order.append(table)
                    sets.append(ChangeSet(table, TABLE_LABELS[table], changes, session_id=self.id, reason=reason,
                                          operation=operation))
            if also is not None:
                sets += also[1](con)
            return sets

        tables = {t: t for t in REGISTER_TABLES}
        if also is not None:
            tables.update(also[0])
        store = GeoPackageStore(self.project.path, tables)
        try:
            results = store.commit_all([], on_conflict=on_conflict, prepare=prepare)
            token = store.change_token()
        finally:
            store.close()
        touched = {(c.after or c.before).attributes["parcel_id"] for rows in pending.values() for c in rows}
        self._after_commit(id_maps, order, results[:len(order)])
        self.project._token = token
        self.project._emit_dirty()
        self._announce(touched)
        return results

    def _commit_database(self, pending: dict[str, list[FeatureChange]], *, reason, operation, on_conflict,
                         also) -> list[CommitResult]:
        """:meth:`commit` into a team database: new rows take ids from the tables' sequences (never given
        twice, to anyone), then every change set in one transaction of the PostGIS store."""
        from ..store.postgis import ensure_attribute_tables
        from .figures import FIGURES_TABLE, figures_table_sql
        store = self.project.store
        tables = (*REGISTER_TABLES, *([FIGURES_TABLE] if also is not None else []))
        written = {name for changes in pending.values() for c in changes if c.after is not None
                   for name in c.after.attributes}
        present = store.attribute_tables(tables)
        have = {name for table in present for name in store._layout(table)[0]}
        if len(present) < len(tables) or not written <= have or also is not None:
            lite = sqlite3.connect(":memory:")     # the tables as this parkgis defines them
            try:
                for sql in (*_create_sql(), *([figures_table_sql()] if also is not None else [])):
                    lite.execute(sql)
                ensure_attribute_tables(store, lite)
            finally:
                lite.close()
        id_maps: dict[str, dict[int, int]] = {}
        for table in REGISTER_TABLES:
            new = sorted(c.fid for c in pending[table] if c.before is None and c.base_version == 0)
            id_maps[table] = dict(zip(new, store.reserve_fids(table, len(new)), strict=True)) if new else {}
        event_map = id_maps[EVENTS_TABLE]
        order, sets = [], []
        for table in REGISTER_TABLES:
            changes = []
            for change in pending[table]:
                after = change.after
                if table == EVENTS_TABLE and after is not None and after.attributes.get("corrects") in event_map:
                    after = FeatureState(None, dict(after.attributes, corrects=event_map[after.attributes["corrects"]]))
                changes.append(replace(change, fid=id_maps[table].get(change.fid, change.fid), after=after))
            if changes:
                order.append(table)
                sets.append(ChangeSet(table, TABLE_LABELS[table], changes, session_id=self.id, reason=reason,
                                      operation=operation))
        if also is not None:
            sets += also[1](None, new_fids=lambda count: store.reserve_fids(FIGURES_TABLE, count) if count else [])
        results = store.commit_all(sets, on_conflict=on_conflict)
        touched = {(c.after or c.before).attributes["parcel_id"] for rows in pending.values() for c in rows}
        self._after_commit(id_maps, order, results[:len(order)])
        self.project._token = store.change_token()
        self.project._emit_dirty()
        self._announce(touched)
        return results

    def final_id(self, event_id: int, table: str = EVENTS_TABLE) -> int:
        """The id in the file of an event (or a row of ``table``) this session created, after its commit
        (the id ``record_event`` returned, unless another program took it meanwhile)."""
        return self.last_ids.get(table, {}).get(int(event_id), int(event_id))

    def _after_commit(self, id_maps: dict[str, dict[int, int]], order: list[str],
                      results: list[CommitResult]) -> None:
        self.last_ids = {t: dict(m) for t, m in id_maps.items()}
        def rekey(key: _Key) -> _Key:
            return (key[0], id_maps.get(key[0], {}).get(key[1], key[1]))

        def restate(key: _Key, state: FeatureState | None) -> FeatureState | None:
            if state is None or key[0] != EVENTS_TABLE:
                return state
            corrects = state.attributes.get("corrects")
            mapped = id_maps.get(EVENTS_TABLE, {}).get(corrects, corrects) if corrects is not None else None
            return state if mapped == corrects else FeatureState(None, dict(state.attributes, corrects=mapped))

        versions = {(table, fid): version for table, result in zip(order, results, strict=True)
                    for fid, version in result.versions.items()}
        # the file now holds the working states of every changed row: they are the committed view
        for key, state in list(self._working.items()):
            new_key = rekey(key)
            state = restate(key, state)
            if state is None:
                self._file.pop(new_key, None)
            elif new_key in versions:
                self._file[new_key] = (versions[new_key], state)
        self._working.clear()
        self._committed.clear()
        self._base.clear()
        self._labels.clear()
        for table, mapping in id_maps.items():
            if mapping:
                self._next_fid[table] = max(self._next_fid[table], max(mapping.values()) + 1)
        # the steps stay on the stack (undoing one after the commit is a new change): give them the final ids
        stack = self.project.undo_stack
        for command in (*stack._done, *stack._undone):
            if isinstance(command, RegisterEdit) and command.session is self:
                command.before = {rekey(k): restate(k, v) for k, v in command.before.items()}
                command.after = {rekey(k): restate(k, v) for k, v in command.after.items()}
        self._close_journals(remove=True)

    def rollback(self) -> None:
        """Discard every change of this session."""
        touched = self._parcel_ids(self._working) | {state.attributes["parcel_id"] for state in
                                                     self._committed.values() if state is not None}
        self._working.clear()
        self._committed.clear()
        self._base.clear()
        self._labels.clear()
        self._close_journals(remove=True)
        self.project.undo_stack.discard(lambda c: isinstance(c, RegisterEdit) and c.session is self)
        self.project._emit_dirty()
        self._announce(touched)

    def close(self) -> None:
        if self.closed:
            return
        if self.has_changes:
            raise UsageError("the edit session of the register has uncommitted changes: commit or roll back first")
        self.rollback()
        self._end()

    def _end(self) -> None:
        self.closed = True
        if self.project.sessions.get(SESSION_KEY) is self:
            del self.project.sessions[SESSION_KEY]
        self.project._emit_dirty()

    def __enter__(self) -> RegisterSession:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.closed:
            return
        if exc_type is None:
            self.commit()
            self.close()
        else:
            self.rollback()
            self._end()

    # ------------------------------------------------------------------ internals

    def _check_open(self) -> None:
        if self.closed:
            raise UsageError("the edit session of the register is closed")

    def _new_fid(self, table: str) -> int:
        fid = self._next_fid[table]
        self._next_fid[table] = fid + 1
        return fid

    def _push(self, text: str, before: dict, after: dict) -> None:
        self._check_open()
        self.project.undo_stack.push(RegisterEdit(self, text, before, after))

    def _put(self, states: dict[_Key, FeatureState | None]) -> None:
        if self.closed:
            raise UsageError("the edit session of the register is closed")
        for key in states:
            if key not in self._committed:
                entry = self._file.get(key)
                self._committed[key] = None if entry is None else entry[1]
                self._base[key] = 0 if entry is None else entry[0]
        self._journal(states)
        touched = self._parcel_ids(states)
        for key, state in states.items():
            self._working[key] = state
        touched |= self._parcel_ids(states)
        self.project._emit_dirty()
        self._announce(touched)

    def _parcel_ids(self, keys: Iterable[_Key]) -> set[str]:
        out = set()
        for key in keys:
            state = self._state(key)
            if state is not None:
                out.add(state.attributes["parcel_id"])
        return out

    def _announce(self, parcel_ids: set[str]) -> None:
        signal = getattr(getattr(self.project, "events", None), "register_changed", None)
        if signal is not None and parcel_ids:
            signal.emit(sorted(parcel_ids))

    def _journal(self, states: dict[_Key, FeatureState | None]) -> None:
        anchor = self.project.journal_anchor
        if anchor is None:
            return
        from ..editing.journal import Journal, journal_path

        for table in REGISTER_TABLES:
            items = [(fid, self._base[(t, fid)], self._committed[(t, fid)] is None, state)
                     for (t, fid), state in states.items() if t == table]
            if not items:
                continue
            journal = self._journals.get(table)
            if journal is None:
                journal = Journal(journal_path(anchor, f"{self.id}-{table}"), {
                    "session": self.id, "layer_id": table, "layer": TABLE_LABELS[table], "user": user_name(),
                    "started": self.started_at, "project": anchor.name})
                self._journals[table] = journal
            journal.record_states(items)

    def _close_journals(self, *, remove: bool) -> None:
        for journal in self._journals.values():
            journal.close(remove=remove)
        self._journals.clear()

    def recover(self, content, *, apply_conflicts: bool = False) -> tuple[list[int], list[int]]:
        """Replay a crashed register session's journal (one table's) into this session, uncommitted.
        Returns (applied ids, conflicting ids): a row changed in the file since the crash is left out
        unless ``apply_conflicts``."""
        table = content.layer_id
        applied, conflicts = [], []
        before, after = {}, {}
        for fid, (base, added, state) in sorted(content.states.items()):
            key = (table, fid)
            if added:
                if key in self._file:   # its provisional id was taken since: a new one, never an overwrite
                    key = (table, self._new_fid(table))
            elif self._file.get(key, (0, None))[0] != base and not apply_conflicts:
                conflicts.append(fid)
                continue
            before[key], after[key] = self._state(key), state
            self._next_fid[table] = max(self._next_fid[table], key[1] + 1)
            applied.append(fid)
        if after:
            self._push(f"恢复未提交的标准地编辑 {TABLE_LABELS.get(table, table)}", before, after)
        return applied, conflicts


def record_for_check(record: ParcelRecord, replaced: Event) -> ParcelRecord:
    """``record`` as the lifecycle checks a corrected chain against it: a date field that only the replaced
    event set no longer vouches for its stage (e.g. ``delivered_on`` of a 交地 entry being corrected)."""
    date_field = STAGE_DATE_FIELDS.get(replaced.stage)
    if date_field and getattr(record, date_field) == replaced.date:
        return replace(record, **{date_field: None})
    return record


def _event_date(parcel_id: str, current: Stage | None, stage: object, value: object) -> _dt.date:
    try:
        return parse_date(value)
    except ValueError as exc:
        requested = parse_stage(stage) or str(stage)
        raise lifecycle.TransitionError(parcel_id, current, requested, str(exc)) from None


# ---------------------------------------------------------------------- from a layer

#: layer field → ParcelRecord attribute (the sample's and common Chinese planning field codes)
LAYER_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("DKBH", "地块编号"), "name": ("DKMC", "地块名称"), "park": ("YQMC", "园区名称"),
    "use_code": ("YDYH", "用地用海代码"), "use_name": ("YDYHMC", "用地用海类型"),
    "industry": ("CYLB", "ZDCY", "产业类别"), "region": ("SSQX", "所属旗区"),
    "declared_area_m2": ("YDMJ", "用地面积"), "term_years": ("CRNX", "出让年限"),
    "starting_price_wan": ("QPJ", "起拍价"), "deposit_wan": ("BZJ", "竞买保证金"), "increment_wan": ("ZJFD", "增价幅度"),
    "buyer": ("JDR", "SRR", "竞得人", "受让人"), "land_price_wan": ("CJJ", "成交价"),
    "contract_no": ("HTBH", "出让合同编号"), "contract_date": ("HTRQ", "合同签订日期"),
    "listed_on": ("GPRQ", "挂牌日期"), "sold_on": ("CJRQ", "成交日期"), "delivered_on": ("JDRQ", "交地日期"),
    "agreed_start": ("YDKGRQ", "约定开工日期"), "agreed_completion": ("YDJGRQ", "约定竣工日期"),
    "actual_start": ("SJKGRQ", "实际开工日期"), "actual_completion": ("SJJGRQ", "实际竣工日期"),
    "committed_investment_wan": ("CNTZ", "承诺投资"), "stage": ("SMZQJD", "生命周期阶段"),
    "preparation_done": ("QTYP", "七通一平"),
}
#: a field saying whether a feature is a 标准地 (BZD = 是)
STANDARD_LAND_FIELDS = ("BZD", "是否标准地")
_YES = {"是", "1", "true", "yes", "y", "t"}


def _field_of(columns: Iterable[str], names: tuple[str, ...]) -> str | None:
    upper = {str(c).upper(): c for c in columns}
    for name in names:
        if name.upper() in upper:
            return upper[name.upper()]
    return None


def register_from_layer(project: Project, layer) -> list[ParcelRecord]:
    """Records of the 标准地 of a parcel layer (a layer name or a VectorLayer of ``project``) from its own
    attributes: the features with BZD = 是 (all features when the layer has no such field) and a 地块编号.
    Areas are computed: planar in each parcel's own 3° zone and 椭球 (``parkgis.core.area``); the layer's
    declared area (YDMJ) is kept as ``declared_area_m2``; each indicator's field (TZQD, RJL …) becomes its
    bound in the indicator's direction. Each record is linked to its feature (``layer_id``, ``fid``).
    A value that cannot be read is a DataError naming the feature and the field."""
    from ..area import ellipsoidal_area, own_zone_planar_area
    from ..store.values import is_missing

    layer = project.layer(layer) if isinstance(layer, str) else layer
    gdf = layer.gdf
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    id_field = _field_of(columns, LAYER_FIELDS["id"])
    if id_field is None:
        raise DataError(project.location, "no 地块编号 field (DKBH) to key the register by", layer=layer.name)
    flag = _field_of(columns, STANDARD_LAND_FIELDS)
    picked = []
    for position, fid in enumerate(gdf.index):
        value = gdf[id_field].iat[position]
        if is_missing(value) or not str(value).strip():
            continue
        if flag is not None:
            mark = gdf[flag].iat[position]
            if is_missing(mark) or str(mark).strip().lower() not in _YES:
                continue
        picked.append((position, int(fid)))
    if not picked:
        return []
    geometries = [gdf.geometry.iat[p] for p, _ in picked]
    planar = own_zone_planar_area(geometries, gdf.crs).m2 if gdf.crs is not None else [None] * len(picked)
    try:
        ellipsoidal = ellipsoidal_area(geometries, gdf.crs) if gdf.crs is not None else [None] * len(picked)
    except Exception:   # noqa: BLE001 — coordinates outside the CRS's area: no 椭球 area, the planar one stands
        ellipsoidal = [None] * len(picked)
    fields_of = {attr: _field_of(columns, names) for attr, names in LAYER_FIELDS.items()}
    indicator_fields = {d.code: _field_of(columns, d.field_codes) for d in INDICATORS}
    records = []
    for k, (position, fid) in enumerate(picked):
        values: dict[str, Any] = {"layer_id": layer.id, "fid": fid}
        where = f"feature {fid}"
        for attr, column in fields_of.items():
            if column is None:
                continue
            raw = gdf[column].iat[position]
            if is_missing(raw) or (isinstance(raw, str) and not raw.strip()):
                continue
            if attr == "id":
                values["id"] = str(raw).strip()
                continue
            try:
                values[attr] = coerce_field(attr, raw.item() if hasattr(raw, "item") else raw)
            except UsageError as exc:
                raise DataError(project.location, f"{where}, field {column}: {exc}", layer=layer.name) from None
        bounds = {}
        for code, column in indicator_fields.items():
            if column is None:
                continue
            raw = gdf[column].iat[position]
            if is_missing(raw) or (isinstance(raw, str) and not raw.strip()):
                continue
            definition = INDICATORS_BY_CODE[code]
            if definition.direction == Direction.TEXT:
                bounds[code] = Bound(text=str(raw).strip())
                continue
            try:
                number = _float(column, raw.item() if hasattr(raw, "item") else raw)
            except UsageError as exc:
                raise DataError(project.location, f"{where}, field {column}: {exc}", layer=layer.name) from None
            bounds[code] = Bound(maximum=number) if definition.direction == Direction.AT_MOST else Bound(minimum=number)
        values["bounds"] = bounds
        if planar[k] is not None:
            values["area_m2"] = round(float(planar[k]), 2)
        if ellipsoidal[k] is not None and math.isfinite(float(ellipsoidal[k])):
            values["ellipsoidal_area_m2"] = round(float(ellipsoidal[k]), 2)
        records.append(ParcelRecord(**values))
    return records


def area_fields(project: Project, layer_id: str, fids: Iterable[int]) -> dict[int, tuple[float, float | None]]:
    """fid → (planar m² in the own zone, 椭球 m²) of features of a layer of ``project``."""
    from ..area import ellipsoidal_area, own_zone_planar_area

    layer = project.layer_by_id(layer_id)
    fids = [int(f) for f in fids if layer.has_feature(int(f))]
    geometries = [layer.feature(f).geometry for f in fids]
    if not geometries:
        return {}
    planar = own_zone_planar_area(geometries, layer.gdf.crs).m2
    try:
        ellipsoidal = ellipsoidal_area(geometries, layer.gdf.crs)
    except Exception:   # noqa: BLE001
        ellipsoidal = [None] * len(fids)
    return {f: (float(p), None if e is None else float(e)) for f, p, e in zip(fids, planar, ellipsoidal, strict=True)}
