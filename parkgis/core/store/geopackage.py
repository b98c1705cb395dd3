"""The GeoPackage store: commits change sets into the project file with plain SQLite, in one
transaction with their audit rows, without rewriting the file.

Why SQLite directly and not GDAL: GDAL opens the whole dataset, cannot take the write lock up
front, and cannot check a feature's version and write it in the same transaction. SQLite's own
locking makes two processes (or two machines on a network share, as bureaus share files) safe:
``BEGIN IMMEDIATE`` takes the write lock before anything is read, a busy file is waited for
(``BUSY_TIMEOUT_S``), then refused with a clear message.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..errors import DataError
from . import gpkg_geometry
from .base import ChangeSet, CommitResult, FeatureConflict, FeatureState, HistoryEntry, now_text
from .schema import (
    AUDIT_COLUMNS,
    columns_of,
    ensure_audit_table,
    ensure_versions_table,
    install_version_triggers,
    quote,
    table_exists,
)
from .values import from_json, to_json, to_sql

BUSY_TIMEOUT_S = 5.0


class GeoPackageStore:
    """The store of one project GeoPackage. ``tables`` maps layer id → table name."""

    def __init__(self, path: str | os.PathLike[str], tables: dict[str, str] | None = None):
        self.path = Path(path)
        self.tables: dict[str, str] = dict(tables or {})
        self._con: sqlite3.Connection | None = None
        self._identity: tuple | None = None
        self._prepared: set[str] = set()

    # ------------------------------------------------------------------ connections

    def connect(self, *, readonly: bool = False) -> sqlite3.Connection:
        if not self.path.exists():
            raise DataError(self.path, "the project file no longer exists (moved or deleted?); save it again")
        try:
            if readonly:
                con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                                      isolation_level=None)
            else:
                con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise DataError(self.path, f"cannot be opened: {exc}") from None
        gpkg_geometry.register_functions(con)
        return con

    def _connection(self) -> sqlite3.Connection:
        """The store's connection, kept open between calls (a commit then costs no open, no schema
        look-up); reopened when the file was replaced (a whole-file save renames a new file over
        it). An open connection holds no lock outside a transaction, so other processes are free."""
        try:
            stat = os.stat(self.path)
        except OSError:
            raise DataError(self.path, "the project file no longer exists (moved or deleted?); save it again") from None
        identity = (stat.st_dev, stat.st_ino)
        if self._con is None or self._identity != identity:
            self.close()
            self._con = self.connect()
            self._identity = identity
            self._prepared = set()
        return self._con

    def close(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            except sqlite3.Error:
                pass
            self._con = None

    def _table(self, layer_id: str) -> str:
        try:
            return self.tables[layer_id]
        except KeyError:
            raise DataError(self.path, f"the file has no layer with id {layer_id}; save the project first") from None

    # ------------------------------------------------------------------ reading

    def versions(self, layer_id: str) -> dict[int, int]:
        """fid → version for the features changed since they were first stored (others: 1)."""
        con = self._connection()
        if not table_exists(con, "parkgis_feature_versions"):
            return {}
        return dict(con.execute("SELECT fid, version FROM parkgis_feature_versions WHERE layer_id = ?",
                                (layer_id,)))

    def change_token(self) -> tuple:
        """A value that changes whenever any feature or the audit changes: a whole-file save
        compares it with the value at open to refuse overwriting someone else's commits."""
        con = self._connection()
        return _change_token(con)

    def current(self, layer_id: str, fids: Iterable[int]) -> dict[int, tuple[int, FeatureState | None]]:
        con = self._connection()
        return _current(con, self._table(layer_id), layer_id, list(fids))

    def next_fid(self, layer_id: str) -> int:
        con = self._connection()
        return _next_fid(con, self._table(layer_id))

    def reserve_fids(self, layer_id: str, count: int, at_least: int = 1) -> list[int]:
        """Reserve ``count`` new fids in the file (never reused, also by other processes)."""
        table = self._table(layer_id)
        con = self._connection()
        try:
            _begin(con, self.path, "reserving feature ids")
            first = max(_next_fid(con, table), at_least)
            last = first + count - 1
            if con.execute("SELECT 1 FROM sqlite_sequence WHERE name = ?", (table,)).fetchone():
                con.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (last, table))
            else:
                con.execute("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, last))
            con.execute("COMMIT")
            return list(range(first, last + 1))
        except sqlite3.Error as exc:
            _rollback(con)
            raise _sql_error(self.path, "reserving feature ids", exc) from None

    # ------------------------------------------------------------------ committing

    def commit(self, changes: ChangeSet, *, on_conflict: str = "raise") -> CommitResult:
        """Write a change set in one transaction with its audit rows. ``on_conflict``: "raise"
        (nothing written when any feature changed since it was read) or "skip" (write the others)."""
        return self.commit_all([changes], on_conflict=on_conflict)[0]

    def commit_all(self, change_sets, *, on_conflict: str = "raise", prepare=None) -> list[CommitResult]:
        """Write several change sets (of several layers or attribute tables) in ONE transaction: all or
        nothing. ``prepare(connection)``, when given, runs first inside the transaction (create a table
        on demand, allocate ids) and may return the change sets to write instead of ``change_sets`` —
        so that a failed commit leaves the file exactly as it was."""
        con = self._connection()
        stage = ["taking the write lock"]   # what the commit was doing, named by a failure
        try:
            _begin(con, self.path, stage[0])
            if prepare is not None:
                stage[0] = "preparing the tables"
                prepared = prepare(con)
                if prepared is not None:
                    change_sets = prepared
            results = []
            for changes in change_sets:
                results.append(self._commit_in(con, changes, on_conflict, stage))
            stage[0] = "committing"
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(con)
            raise _sql_error(self.path, stage[0], exc) from None
        except BaseException:
            _rollback(con)
            raise
        return results

    def _commit_in(self, con: sqlite3.Connection, changes: ChangeSet, on_conflict: str,
                   stage: list[str]) -> CommitResult:
        """One change set inside the open transaction (see :meth:`commit_all`)."""
        from .base import ConflictError

        stage[0] = "checking feature versions"
        table = self._table(changes.layer_id)
        if changes.layer_id not in self._prepared:
            _ensure_version_triggers(con, table, changes.layer_id)
            ensure_audit_table(con)
            self._prepared.add(changes.layer_id)
        columns, geometry_column, srs_id = _layout(con, table)
        fids = [c.fid for c in changes.changes]
        current = _current(con, table, changes.layer_id, fids, columns, geometry_column)
        conflicts, accepted = [], []
        for change in changes.changes:
            version, state = current.get(change.fid, (0, None))
            if version != change.base_version:
                conflicts.append(FeatureConflict(change.fid, change.base_version, version, change.before,
                                                 state, change.after))
            else:
                accepted.append(change)
        if conflicts and on_conflict != "skip":
            raise ConflictError(self.path, changes.layer_name, conflicts)
        stage[0] = "writing features"
        _apply_all(con, table, columns, geometry_column, srs_id, accepted)
        stage[0] = "writing the audit"
        versions = _versions_of(con, table, changes.layer_id, [c.fid for c in accepted])
        audit_ids = _write_audit(con, changes, accepted, versions, srs_id)
        stage[0] = "updating the layer extent"
        _touch_contents(con, table, accepted)
        return CommitResult([c.fid for c in accepted], conflicts, versions, audit_ids)

    # ------------------------------------------------------------------ history

    def audit_rows(self, layer_id: str | None = None, fid: int | None = None) -> list[dict]:
        con = self._connection()
        return read_audit(con, layer_id, fid)

    def history(self, layer_id: str, fid: int) -> list[HistoryEntry]:
        """The versions of a feature, oldest first, rebuilt from its audit rows: version 1 is the
        state before the first recorded change (as imported), each change makes the next."""
        rows = [r for r in self.audit_rows(layer_id, fid) if r.get("fid") is not None]
        if not rows:
            con = self._connection()
            found = _current(con, self._table(layer_id), layer_id, [fid])
            version, state = found.get(fid, (0, None))
            return [HistoryEntry(1, None, None, "stored", state)] if state is not None else []
        entries = []
        first = rows[0]
        if first["action"] != "add":
            entries.append(HistoryEntry(1, None, None, "stored", _state(first, "before")))
        for row in rows:
            entries.append(HistoryEntry(len(entries) + 1, row["at"], row["user"], row["action"], _state(row, "after"),
                                        row.get("session_id"), row.get("reason"), row["id"]))
        return entries


# ---------------------------------------------------------------------- SQL helpers

def _begin(con: sqlite3.Connection, path: Path, stage: str) -> None:
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise _sql_error(path, stage, exc) from None


def _rollback(con: sqlite3.Connection) -> None:
    try:
        if con.in_transaction:
            con.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _sql_error(path: Path, stage: str, exc: sqlite3.Error) -> DataError:
    text = str(exc)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        why = (f"another program is writing the project (waited {BUSY_TIMEOUT_S:g} s); "
               "nothing was written, try again")
    elif "readonly" in lowered or "read-only" in lowered:
        why = "the file is read-only; nothing was written (Save As to a folder you can write)"
    elif "full" in lowered or "disk i/o" in lowered or "too large" in lowered:
        why = f"the disk is full or failed ({text}); nothing was written, the file is intact"
    else:
        why = f"{text}; nothing was written, the file is intact"
    return DataError(path, f"commit failed while {stage}: {why}")


def _ensure_version_triggers(con, table: str, layer_id: str) -> None:
    """A GeoPackage parkgis did not write (or wrote before format 2) gets its version triggers
    at the first commit, inside the commit's transaction."""
    name = f"parkgis_version_{layer_id}_update"
    if con.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone() is None:
        prepare_file(con, {layer_id: table})


def _change_token(con: sqlite3.Connection) -> tuple:
    versions = (con.execute("SELECT count(*), coalesce(sum(version), 0) FROM parkgis_feature_versions").fetchone()
                if table_exists(con, "parkgis_feature_versions") else (0, 0))
    audit = (con.execute("SELECT coalesce(max(id), 0) FROM parkgis_audit").fetchone()[0]
             if table_exists(con, "parkgis_audit") else 0)
    return (*versions, audit)


def _layout(con: sqlite3.Connection, table: str) -> tuple[list[str], str, int]:
    row = con.execute("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)).fetchone()
    if row is None:
        # a GeoPackage "attributes" table (the 标准地 register): features without geometry, same versions/audit
        if con.execute("SELECT 1 FROM gpkg_contents WHERE table_name = ? AND data_type = 'attributes'",
                       (table,)).fetchone() is not None:
            return [c for c in columns_of(con, table) if c != "fid"], None, 0
        raise sqlite3.DatabaseError(f"layer table {table} is missing from the file")
    geometry_column, srs_id = row
    columns = [c for c in columns_of(con, table) if c not in ("fid", geometry_column)]
    return columns, geometry_column, int(srs_id)


def _next_fid(con: sqlite3.Connection, table: str) -> int:
    seq = con.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone() \
        if table_exists(con, "sqlite_sequence") else None
    top = con.execute(f"SELECT coalesce(max(fid), 0) FROM {quote(table)}").fetchone()[0]
    return max(int(seq[0]) if seq else 0, int(top)) + 1


def _versions_of(con, table: str, layer_id: str, fids: list[int]) -> dict[int, int]:
    found = _current(con, table, layer_id, fids, with_state=False)
    return {fid: version for fid, (version, _state) in found.items()}


def _current(con, table: str, layer_id: str, fids: list[int], columns=None, geometry_column=None,
             with_state: bool = True) -> dict[int, tuple[int, FeatureState | None]]:
    """fid → (version, state) for the given fids; a fid not in the table has (version, None),
    version 0 when it never existed."""
    if columns is None:
        columns, geometry_column, _srs = _layout(con, table)
    out: dict[int, tuple[int, FeatureState | None]] = {}
    has_versions = table_exists(con, "parkgis_feature_versions")
    selected = ", ".join([quote(geometry_column) if geometry_column else "NULL", *(quote(c) for c in columns)])
    for start in range(0, len(fids), 500):
        chunk = [int(f) for f in fids[start:start + 500]]
        marks = ", ".join("?" * len(chunk))
        versions = dict(con.execute(f"SELECT fid, version FROM parkgis_feature_versions WHERE layer_id = ? "
                                    f"AND fid IN ({marks})", (layer_id, *chunk))) if has_versions else {}
        present = {}
        query = f"SELECT fid, {selected} FROM {quote(table)} WHERE fid IN ({marks})" if with_state else \
            f"SELECT fid FROM {quote(table)} WHERE fid IN ({marks})"
        for row in con.execute(query, chunk):
            present[row[0]] = (FeatureState(gpkg_geometry.decode(row[1]), dict(zip(columns, row[2:], strict=True)))
                               if with_state else None)
        for fid in chunk:
            if fid in present:
                out[fid] = (versions.get(fid, 1), present[fid])
            else:
                out[fid] = (versions.get(fid, 0), None)
    return out


def _apply_all(con, table: str, columns: list[str], geometry_column: str, srs_id: int, changes) -> None:
    """Write the changes, grouped so that one statement serves every feature changing the same
    columns (executemany), and a geometry is written only when it changed: an attribute edit then
    leaves the R-tree and its triggers alone."""
    from .base import _geometries_equal, _values_equal
    deletes, inserts, updates = [], {}, {}
    for change in changes:
        after = change.after
        if after is None:
            deletes.append((change.fid,))
            continue
        unknown = [k for k in after.attributes if k not in columns]
        if unknown:
            raise sqlite3.DatabaseError(f"the file's layer has no column {', '.join(unknown)} (save the project first)")
        if change.before is None:
            if geometry_column is None:
                names = tuple(after.attributes)
                row = (change.fid, *map(to_sql, after.attributes.values()))
            else:
                names = (geometry_column, *after.attributes)
                row = (change.fid, gpkg_geometry.encode(after.geometry, srs_id), *map(to_sql, after.attributes.values()))
            inserts.setdefault(names, []).append(row)
            continue
        before = change.before
        names, values = [], []
        if geometry_column is not None and not _geometries_equal(before.geometry, after.geometry):
            names.append(geometry_column)
            values.append(gpkg_geometry.encode(after.geometry, srs_id))
        for key, value in after.attributes.items():
            if not _values_equal({key: value}, {key: before.attributes.get(key)}) or key not in before.attributes:
                names.append(key)
                values.append(to_sql(value))
        if not names and geometry_column is None:   # an attribute row: rewrite its first column
            first = columns[0]
            names, values = [first], [to_sql(after.attributes.get(first, before.attributes.get(first)))]
        elif not names:   # rewrite one column so that the version still moves on
            names, values = [geometry_column], [gpkg_geometry.encode(after.geometry, srs_id)]
        updates.setdefault(tuple(names), []).append((*values, change.fid))
    if deletes:
        con.executemany(f"DELETE FROM {quote(table)} WHERE fid = ?", deletes)
    for names, rows in updates.items():
        assignments = ", ".join(f"{quote(n)} = ?" for n in names)
        con.executemany(f"UPDATE {quote(table)} SET {assignments} WHERE fid = ?", rows)
    for names, rows in inserts.items():
        con.executemany(f"INSERT INTO {quote(table)} (fid, {', '.join(quote(n) for n in names)}) "
                        f"VALUES (?, {', '.join('?' * len(names))})", rows)


def _attributes_json(state: FeatureState | None, keys=None) -> str | None:
    if state is None:
        return None
    items = state.attributes if keys is None else {k: state.attributes.get(k) for k in keys}
    return json.dumps({k: to_json(v) for k, v in items.items()}, ensure_ascii=False)


def _write_audit(con, changes: ChangeSet, accepted, versions: dict[int, int], srs_id: int) -> list[int]:
    import numpy as np
    import shapely

    from .base import _values_equal
    at = now_text()
    # all geometries in one call each (a per-feature call dominated a 1 000-feature commit)
    before = shapely.to_wkb(np.array([c.before.geometry if c.before is not None else None for c in accepted],
                                     dtype=object), flavor="iso")
    after = shapely.to_wkb(np.array([c.after.geometry if c.after is not None else None for c in accepted],
                                    dtype=object), flavor="iso")
    rows = []
    for k, change in enumerate(accepted):
        operation = changes.operation or change.operation
        if change.before is not None and change.after is not None:
            old = change.before.attributes
            changed = [key for key, v in change.after.attributes.items() if not _values_equal({key: v}, {key: old.get(key)})]
            detail = json.dumps({"changed": changed}, ensure_ascii=False)
        else:
            detail = "{}"
        rows.append((at, changes.user, operation, changes.layer_name, str(change.fid), detail,
                     before[k], after[k], changes.layer_id, change.fid,
                     versions.get(change.fid, 0), changes.session_id, change.note or changes.reason,
                     _attributes_json(change.before), _attributes_json(change.after), changes.client))
    con.executemany(f"INSERT INTO parkgis_audit({', '.join(AUDIT_COLUMNS)}) "
                    f"VALUES ({', '.join('?' * len(AUDIT_COLUMNS))})", rows)
    if not rows:
        return []
    return sorted(r[0] for r in con.execute("SELECT id FROM parkgis_audit ORDER BY id DESC LIMIT ?", (len(rows),)))


def _wkb(state: FeatureState | None) -> bytes | None:
    import shapely
    if state is None or state.geometry is None:
        return None
    return shapely.to_wkb(state.geometry, flavor="iso")


def _touch_contents(con, table: str, changes) -> None:
    """Mark the layer changed and grow its extent to hold the new geometries (GeoPackage's extent is
    informative and must only contain the features: it is not shrunk, which would need a scan)."""
    boxes = [c.after.geometry.bounds for c in changes
             if c.after is not None and c.after.geometry is not None and not c.after.geometry.is_empty]
    row = con.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?", (table,)).fetchone()
    if boxes and row is not None:
        def pick(fn, i, known):
            values = [b[i] for b in boxes] + ([known] if known is not None else [])
            return fn(values)
        con.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
                    (pick(min, 0, row[0]), pick(min, 1, row[1]), pick(max, 2, row[2]), pick(max, 3, row[3]), table))
    con.execute("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE table_name = ?",
                (table,))


def read_audit(con: sqlite3.Connection, layer_id: str | None = None, fid: int | None = None) -> list[dict]:
    if not table_exists(con, "parkgis_audit"):
        return []
    con.row_factory = sqlite3.Row
    try:
        present = set(columns_of(con, "parkgis_audit"))
        where, args = [], []
        if layer_id is not None and "layer_id" in present:
            where.append("layer_id = ?")
            args.append(layer_id)
        if fid is not None and "fid" in present:
            where.append("fid = ?")
            args.append(int(fid))
        sql = "SELECT * FROM parkgis_audit" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        rows = [dict(r) for r in con.execute(sql, args)]
    finally:
        con.row_factory = None
    for row in rows:
        for column in AUDIT_COLUMNS:
            row.setdefault(column, None)
    return rows


def _state(row: dict, side: str) -> FeatureState | None:
    import shapely
    attributes = row.get(f"attributes_{side}")
    if attributes is None:
        return None
    wkb = row.get(f"geometry_{side}")
    geometry = shapely.from_wkb(bytes(wkb)) if isinstance(wkb, bytes | memoryview) else None
    return FeatureState(geometry, {k: from_json(v) for k, v in json.loads(attributes).items()})


def prepare_file(con: sqlite3.Connection, tables: dict[str, str]) -> None:
    """Make a freshly written project file ready for commits: version table and triggers."""
    ensure_versions_table(con)
    ensure_audit_table(con)
    for layer_id, table in tables.items():
        install_version_triggers(con, table, layer_id)
