"""The parkgis tables inside a project GeoPackage that the store needs beside the layers.

- ``parkgis_feature_versions (layer_id, fid, version)``: a feature's version, kept by triggers on
  each layer table, so a change made by any program that writes the file (another parkgis, QGIS,
  GDAL) moves the version on and a stale commit is refused. A feature with no row is at version 1.
- ``parkgis_audit``: one row per committed change of a feature (and the project-level entries).
"""

from __future__ import annotations

import sqlite3

AUDIT_COLUMNS = ("at", "user", "action", "layer", "feature", "detail", "geometry_before", "geometry_after",
                 "layer_id", "fid", "version", "session_id", "reason", "attributes_before", "attributes_after",
                 "client")
_AUDIT_EXTRA = {"layer_id": "TEXT", "fid": "INTEGER", "version": "INTEGER", "session_id": "TEXT", "reason": "TEXT",
                "attributes_before": "TEXT", "attributes_after": "TEXT", "client": "TEXT"}


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def table_exists(con: sqlite3.Connection, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def columns_of(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f"PRAGMA main.table_info({quote(table)})")]


def ensure_audit_table(con: sqlite3.Connection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS parkgis_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, "
                "user TEXT, action TEXT NOT NULL, layer TEXT, feature TEXT, detail TEXT, geometry_before BLOB, "
                "geometry_after BLOB)")
    present = set(columns_of(con, "parkgis_audit"))
    for column, kind in _AUDIT_EXTRA.items():
        if column not in present:   # a project of format 1: the columns a feature's history needs
            con.execute(f"ALTER TABLE parkgis_audit ADD COLUMN {column} {kind}")
    con.execute("CREATE INDEX IF NOT EXISTS parkgis_audit_feature ON parkgis_audit(layer_id, fid)")


def ensure_versions_table(con: sqlite3.Connection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS parkgis_feature_versions (layer_id TEXT NOT NULL, fid INTEGER NOT NULL, "
                "version INTEGER NOT NULL, PRIMARY KEY (layer_id, fid)) WITHOUT ROWID")


def install_version_triggers(con: sqlite3.Connection, table: str, layer_id: str, fid_column: str = "fid") -> None:
    """Triggers on a layer table that move a feature's version on at every insert, update and delete."""
    lid = layer_id.replace("'", "''")
    fid = quote(fid_column)
    for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        name = quote(f"parkgis_version_{layer_id}_{event.lower()}")
        first = 1 if event == "INSERT" else 2
        con.execute(f"DROP TRIGGER IF EXISTS main.{name}")
        con.execute(
            f"CREATE TRIGGER main.{name} AFTER {event} ON {quote(table)} BEGIN "
            f"INSERT INTO parkgis_feature_versions(layer_id, fid, version) VALUES ('{lid}', {row}.{fid}, {first}) "
            f"ON CONFLICT(layer_id, fid) DO UPDATE SET version = version + 1; END")
    # an UPDATE that changes the fid itself also moves the old fid's version on
    name = quote(f"parkgis_version_{layer_id}_refid")
    con.execute(f"DROP TRIGGER IF EXISTS main.{name}")
    con.execute(
        f"CREATE TRIGGER main.{name} AFTER UPDATE ON {quote(table)} WHEN OLD.{fid} != NEW.{fid} BEGIN "
        f"INSERT INTO parkgis_feature_versions(layer_id, fid, version) VALUES ('{lid}', OLD.{fid}, 2) "
        f"ON CONFLICT(layer_id, fid) DO UPDATE SET version = version + 1; END")
