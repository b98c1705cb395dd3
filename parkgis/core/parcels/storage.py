"""Carrying the 标准地 register's tables over a whole-file save of the project (the save writes the layers
and the parkgis tables into a new file; the register's tables, their row versions and id counters come
from the file being replaced, unchanged)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..store.schema import columns_of, install_version_triggers, quote, table_exists

#: the register's tables (``parkgis.core.parcels.register`` names them; repeated here to keep the save light)
REGISTER_TABLES = ("parkgis_parcels", "parkgis_parcel_events",
                   "parkgis_parcel_figures")   # the 台账's annual figures (parkgis.core.parcels.figures)


def write_register_rows(con: sqlite3.Connection,
                        tables: dict[str, tuple[list[str], list[tuple], dict[int, int]]]) -> None:
    """Write register rows read elsewhere (a team database's copies: ``table → (column names, rows,
    versions)``) into the file open as ``con`` as its register tables (inside the caller's transaction),
    with the ``gpkg_contents`` rows, version triggers and id counters of a register parkgis made, and
    each row's version as the database had it (deleted rows' too)."""
    from .figures import FIGURES_TABLE, ensure_figures_table
    from .register import ensure_register_tables

    if not tables:
        return
    ensure_register_tables(con)
    if FIGURES_TABLE in tables:
        ensure_figures_table(con)
    for table, (names, rows, versions) in tables.items():
        present = set(columns_of(con, table))
        keep = [k for k, name in enumerate(names) if name in present]
        con.execute(f"DELETE FROM {quote(table)}")
        con.executemany(f"INSERT INTO {quote(table)} ({', '.join(quote(names[k]) for k in keep)}) "
                        f"VALUES ({', '.join('?' * len(keep))})", [tuple(row[k] for k in keep) for row in rows])
        con.execute("DELETE FROM parkgis_feature_versions WHERE layer_id = ?", (table,))
        con.executemany("INSERT INTO parkgis_feature_versions(layer_id, fid, version) VALUES (?, ?, ?)",
                        [(table, int(fid), int(version)) for fid, version in versions.items()])
        con.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
        con.execute("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)",
                    (table, max([0, *(int(f) for f in versions), *(int(r[0]) for r in rows)])))


def copy_register_tables(source: Path, con: sqlite3.Connection) -> None:
    """Copy the register's tables from the project file ``source`` into the file open as ``con`` (inside
    the caller's transaction): schema, rows, ``gpkg_contents`` rows, row versions, id counters, triggers."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        for table in REGISTER_TABLES:
            if not table_exists(src, table):
                continue
            sql = src.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
            indexes = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                                 "AND sql IS NOT NULL", (table,))]
            cursor = src.execute(f"SELECT * FROM {quote(table)}")
            names = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            contents = src.execute("SELECT table_name, data_type, identifier, description, last_change "
                                   "FROM gpkg_contents WHERE table_name = ?", (table,)).fetchone()
            versions = (src.execute("SELECT layer_id, fid, version FROM parkgis_feature_versions WHERE layer_id = ?",
                                    (table,)).fetchall() if table_exists(src, "parkgis_feature_versions") else [])
            seq = src.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone() \
                if table_exists(src, "sqlite_sequence") else None
            con.execute(f"DROP TABLE IF EXISTS {quote(table)}")
            con.execute(sql)
            for index_sql in indexes:
                con.execute(index_sql)
            con.executemany(f"INSERT INTO {quote(table)} ({', '.join(map(quote, names))}) "
                            f"VALUES ({', '.join('?' * len(names))})", rows)
            con.execute("DELETE FROM gpkg_contents WHERE table_name = ?", (table,))
            if contents is not None:
                con.execute("INSERT INTO gpkg_contents(table_name, data_type, identifier, description, last_change) "
                            "VALUES (?, ?, ?, ?, ?)", contents)
            con.execute("DELETE FROM parkgis_feature_versions WHERE layer_id = ?", (table,))
            con.executemany("INSERT INTO parkgis_feature_versions(layer_id, fid, version) VALUES (?, ?, ?)", versions)
            con.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            if seq is not None:
                con.execute("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", (table, seq[0]))
            install_version_triggers(con, table, table)
    finally:
        src.close()
