"""The PostGIS store: a parkgis project held in one schema of a PostgreSQL/PostGIS database, for a
team (the bureau and the park committees) editing one city-wide set of parcels.

The same contract as the GeoPackage store (:mod:`parkgis.core.store.base`), in the database:

- each layer is a table ``fid bigint PRIMARY KEY, geom geometry, <attributes>, parkgis_version``;
  a trigger moves ``parkgis_version`` on at every UPDATE by anyone (QGIS, psql, another parkgis) and
  records the version of a deleted feature in ``parkgis_deleted``, so a stale commit is refused even
  when the other edit came from a program that knows nothing of versions;
- a commit is one transaction of ``UPDATE … WHERE fid = %s AND parkgis_version = %s`` statements
  (optimistic locking: under READ COMMITTED a concurrent commit makes the WHERE fail, never lose an
  edit; nothing blocks the other editors the way ``SELECT … FOR UPDATE`` does); a feature whose
  version moved on is a :class:`~parkgis.core.store.base.FeatureConflict` with base, theirs and mine;
- ``parkgis_audit`` has the GeoPackage audit's columns plus ``db_user`` (the database role); a
  commit is recorded once in ``parkgis_commits`` under its id, so a commit whose connection dropped
  during COMMIT is looked up after reconnecting — never written twice, never reported lost;
- the trigger sends ``NOTIFY parkgis_<schema>, '<layer_id>:<fid>:<version>'`` (sessions listen to be
  told before their save that someone else changed a feature they edit).

psycopg 3 is imported here only (lazily): the rest of parkgis runs without it.

Connection URLs: ``postgresql://USER@HOST:PORT/DB?schema=S`` (schema default ``parkgis``). The
password comes from the URL, ``PGPASSWORD``, ``~/.pgpass``, the system keyring (service ``parkgis``,
when the ``keyring`` package is installed) or a prompt the caller passes (the desktop's dialog); it
is never written into a project file or a log, and every message shows the URL with it masked.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import DataError, UsageError
from .base import ChangeSet, CommitResult, FeatureConflict, FeatureState, HistoryEntry, now_text
from .values import is_missing

DEFAULT_SCHEMA = "parkgis"
VERSION_COLUMN = "parkgis_version"
GEOMETRY_COLUMN = "geom"
CONNECT_TIMEOUT_S = 10
BUSY_TIMEOUT_S = 5.0
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
#: the constraint roles (三区三线 and the park boundary) a planner may read but not change
CONSTRAINT_ROLE_VALUES = ("park", "udb", "eco_redline", "farmland", "zones")


def is_database_url(text) -> bool:
    return isinstance(text, str) and text.startswith(("postgresql://", "postgres://"))


def is_team_location(text) -> bool:
    """Whether a project argument names a team-database project: a ``postgresql://`` URL or a saved
    connection profile ``profile:NAME`` (:mod:`parkgis.core.store.profiles`)."""
    from .profiles import is_profile_ref
    return is_database_url(text) or is_profile_ref(text)


def open_team_store(location: str, *, password_prompt=None) -> PostGISStore:
    """The store of the team-database project at ``location`` (a URL or ``profile:NAME``), checked to be
    a parkgis project, without reading its layers: for the commands that need only the register's
    tables (the caller closes it)."""
    from .profiles import resolve
    store = PostGISStore(resolve(location), password_prompt=password_prompt)
    try:
        store.read_project()
    except BaseException:
        store.close()
        raise
    return store


def mask_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (for every message and log)."""
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@]*@", r"\1:***@", url)


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _psycopg():
    try:
        import psycopg
    except ImportError:
        raise UsageError("the team database needs psycopg 3: pip install 'parkgis[team]' "
                         "(or pip install 'psycopg[binary]')") from None
    return psycopg


#: libpq's sslmode values (a URL's ``?sslmode=``; a connection profile's field)
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


class ConnectionInfo:
    """A parsed ``postgresql://`` URL. ``label`` is the URL without a password (for messages)."""

    def __init__(self, url: str):
        if not is_database_url(url):
            raise UsageError(f"not a database URL: {mask_url(str(url))} (postgresql://USER@HOST:PORT/DB?schema=S)")
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.host = parts.hostname or "localhost"
        try:
            self.port = parts.port or 5432
        except ValueError:
            raise UsageError(f"{mask_url(url)}: the port is not a number") from None
        self.database = unquote(parts.path.lstrip("/")) or None
        if not self.database:
            raise UsageError(f"{mask_url(url)}: the URL names no database (postgresql://USER@HOST:PORT/DB)")
        self.schema = (query.get("schema") or [DEFAULT_SCHEMA])[0]
        if not _IDENTIFIER.match(self.schema):
            raise UsageError(f"{mask_url(url)}: schema {self.schema} is not a plain SQL name (letters, digits, _)")
        self.sslmode = (query.get("sslmode") or [None])[0]
        if self.sslmode is not None and self.sslmode not in SSL_MODES:
            raise UsageError(f"{mask_url(url)}: sslmode {self.sslmode} is not one of {', '.join(SSL_MODES)}")
        self.label = self._label()

    def _label(self) -> str:
        user = f"{self.user}@" if self.user else ""
        ssl = f"&sslmode={self.sslmode}" if self.sslmode else ""
        return f"postgresql://{user}{self.host}:{self.port}/{self.database}?schema={self.schema}{ssl}"

    def with_schema(self, schema: str) -> ConnectionInfo:
        other = ConnectionInfo(self.label)
        if not _IDENTIFIER.match(schema):
            raise UsageError(f"schema {schema} is not a plain SQL name (letters, digits, _)")
        other.schema, other.password, other.sslmode = schema, self.password, self.sslmode
        other.label = other._label()
        return other

    def keyring_key(self) -> str:
        return f"{self.user or ''}@{self.host}:{self.port}/{self.database}"


def _keyring_password(info: ConnectionInfo) -> str | None:
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password("parkgis", info.keyring_key())
    except Exception:   # no keyring backend on this machine: as if none were installed
        return None


def connect(info: ConnectionInfo, *, password_prompt: Callable[[str], str | None] | None = None,
            autocommit: bool = False):
    """A psycopg connection; the password from the URL, libpq's own sources (``PGPASSWORD``,
    ``.pgpass``), the keyring, then ``password_prompt(label)``. Failures become one clear DataError."""
    psycopg = _psycopg()
    tried_keyring = tried_prompt = False
    password = info.password
    while True:
        kwargs = dict(host=info.host, port=info.port, dbname=info.database, connect_timeout=CONNECT_TIMEOUT_S,
                      autocommit=autocommit, application_name="parkgis")
        if info.user:
            kwargs["user"] = info.user
        if info.sslmode:
            kwargs["sslmode"] = info.sslmode
        if password is not None:
            kwargs["password"] = password
        try:
            con = psycopg.connect(**kwargs)
            info.password = password if password is not None else info.password
            return con
        except psycopg.OperationalError as exc:
            text = str(exc)
            if "no password supplied" in text or ("password authentication failed" in text and password is None):
                if not tried_keyring:
                    tried_keyring = True
                    found = _keyring_password(info)
                    if found is not None:
                        password = found
                        continue
                if not tried_prompt and password_prompt is not None:
                    tried_prompt = True
                    answer = password_prompt(info.label)
                    if answer:
                        password = answer
                        continue
                if "no password supplied" in text:
                    raise DataError(info.label, "the server asks for a password: set PGPASSWORD, add a .pgpass "
                                                "entry or store it in the system keyring (service parkgis)") from None
            raise connection_error(info, exc) from None


def connection_error(info: ConnectionInfo, exc: Exception) -> DataError:
    text = str(exc)
    if "password authentication failed" in text:
        return DataError(info.label, f"wrong password for user {info.user or '(default)'}, or no such user")
    if "does not exist" in text and "database" in text:
        return DataError(info.label, f"the server has no database {info.database}")
    if "Connection refused" in text or "could not connect" in text or "timeout expired" in text \
            or "Name or service not known" in text or "could not translate host name" in text:
        return DataError(info.label, f"cannot reach the database server at {info.host}:{info.port} "
                                     "(not running, or a firewall); your local work is kept")
    if "no pg_hba.conf entry" in text:
        return DataError(info.label, "the server does not accept this user from this machine (pg_hba.conf)")
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return DataError(info.label, f"the database refused the connection: {mask_url(first)}")


# ---------------------------------------------------------------------- schema

def schema_sql(schema: str) -> list[str]:
    """The parkgis tables of a project schema (idempotent)."""
    s = quote(schema)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {s}",
        f"CREATE TABLE IF NOT EXISTS {s}.parkgis_project (key text PRIMARY KEY, value text)",
        f"CREATE TABLE IF NOT EXISTS {s}.parkgis_layers (name text PRIMARY KEY, layer_id text UNIQUE NOT NULL, "
        "position integer, role text, locked integer, visible integer, style text, source_path text, "
        "source_layer text, driver text, source_crs text, crs_assumed text, encoding text, encoding_source text, "
        "imported_at text, approval text, data_date text, revision integer, metadata text, srid integer)",
        f"CREATE TABLE IF NOT EXISTS {s}.parkgis_audit (id bigserial PRIMARY KEY, at text NOT NULL, \"user\" text, "
        "action text NOT NULL, layer text, feature text, detail text, geometry_before bytea, geometry_after bytea, "
        "layer_id text, fid bigint, version integer, session_id text, reason text, attributes_before text, "
        "attributes_after text, client text, db_user text NOT NULL DEFAULT current_user, commit_id text)",
        f"CREATE INDEX IF NOT EXISTS parkgis_audit_feature ON {s}.parkgis_audit(layer_id, fid)",
        f"CREATE TABLE IF NOT EXISTS {s}.parkgis_deleted (layer_id text NOT NULL, fid bigint NOT NULL, "
        "version integer NOT NULL, PRIMARY KEY (layer_id, fid))",
        f"CREATE TABLE IF NOT EXISTS {s}.parkgis_commits (commit_id text PRIMARY KEY, at text NOT NULL, "
        "db_user text NOT NULL DEFAULT current_user, layer_id text, versions text NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {s}.layer_styles (id serial PRIMARY KEY, f_table_catalog varchar, "
        "f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, stylename text, styleqml text, "
        "stylesld text, useasdefault boolean, description text, owner varchar(63) DEFAULT current_user, ui text, "
        "update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)",
        # one trigger function per schema: SECURITY DEFINER so that a planner's delete records its
        # tombstone without a grant on parkgis_deleted; the NOTIFY tells the other sessions
        f"""CREATE OR REPLACE FUNCTION {s}.parkgis_track_version() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = {s}, public AS $body$
        BEGIN
          IF TG_OP = 'UPDATE' THEN
            NEW.{VERSION_COLUMN} := OLD.{VERSION_COLUMN} + 1;
            PERFORM pg_notify('parkgis_{schema}', TG_ARGV[0] || ':' || NEW.fid || ':' || NEW.{VERSION_COLUMN});
            RETURN NEW;
          END IF;
          INSERT INTO parkgis_deleted(layer_id, fid, version) VALUES (TG_ARGV[0], OLD.fid, OLD.{VERSION_COLUMN} + 1)
            ON CONFLICT (layer_id, fid) DO UPDATE SET version = EXCLUDED.version;
          PERFORM pg_notify('parkgis_{schema}', TG_ARGV[0] || ':' || OLD.fid || ':' || (OLD.{VERSION_COLUMN} + 1));
          RETURN OLD;
        END $body$""",
    ]


def fid_sequence(layer_id: str) -> str:
    return "parkgis_fid_" + re.sub(r"[^a-z0-9_]", "_", layer_id.lower())[:48]


def layer_table_sql(schema: str, table: str, layer_id: str, columns: list[tuple[str, str]],
                    srid: int | None) -> list[str]:
    """The table of a layer (``srid`` None: an attribute table without geometry, e.g. the 标准地 register's),
    its fid sequence and, second, its version triggers."""
    s, t = quote(schema), quote(table)
    seq = quote(fid_sequence(layer_id))
    cols = "".join(f", {quote(name)} {kind}" for name, kind in columns)
    lid = layer_id.replace("'", "''")
    geometry = "" if srid is None else f"{GEOMETRY_COLUMN} geometry(Geometry, {int(srid)}), "
    return [
        f"CREATE SEQUENCE {s}.{seq}",
        f"CREATE TABLE {s}.{t} (fid bigint PRIMARY KEY DEFAULT nextval('{schema}.{fid_sequence(layer_id)}'), "
        f"{geometry}{cols.lstrip(', ')}{', ' if cols else ''}{VERSION_COLUMN} integer NOT NULL DEFAULT 1)",
        f"ALTER SEQUENCE {s}.{seq} OWNED BY {s}.{t}.fid",
        *([] if srid is None else [f"CREATE INDEX ON {s}.{t} USING gist ({GEOMETRY_COLUMN})"]),
    ], [
        f"CREATE TRIGGER parkgis_version_update BEFORE UPDATE ON {s}.{t} FOR EACH ROW "
        f"EXECUTE FUNCTION {s}.parkgis_track_version('{lid}')",
        f"CREATE TRIGGER parkgis_version_delete AFTER DELETE ON {s}.{t} FOR EACH ROW "
        f"EXECUTE FUNCTION {s}.parkgis_track_version('{lid}')",
    ]


def pg_value(value):
    """A value psycopg adapts (numpy scalars → Python, missing → NULL, pandas times → datetime)."""
    import numpy as np
    import pandas as pd

    if value is None or type(value) in (str, int, bool):
        return value
    if is_missing(value):
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _python_value(value):
    import decimal
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


# ---------------------------------------------------------------------- the store

class PostGISStore:
    """The store of one project schema. ``tables`` maps layer id → table name.

    ``retry_seconds``: how long a commit whose connection dropped keeps reconnecting before it
    gives up with a DataError (0: at once; the edits stay in the session either way)."""

    def __init__(self, url: str | ConnectionInfo, tables: dict[str, str] | None = None, *,
                 password_prompt: Callable[[str], str | None] | None = None, retry_seconds: float = 0.0,
                 client: str = "parkgis"):
        self.info = url if isinstance(url, ConnectionInfo) else ConnectionInfo(url)
        self.tables: dict[str, str] = dict(tables or {})
        self.password_prompt = password_prompt
        self.retry_seconds = retry_seconds
        self.client = client
        self._con = None
        self._layouts: dict[str, tuple[list[str], int]] = {}
        self._uncertain: tuple[str, tuple, CommitResult] | None = None
        self.connections_opened = 0     # > 1: the store reconnected (a dropped connection, a restart)

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def schema(self) -> str:
        return self.info.schema

    @property
    def path(self):   # the name errors carry (a store has no file)
        return self.info.label

    # ------------------------------------------------------------------ connections
    def connection(self):
        psycopg = _psycopg()
        if self._con is not None and not self._con.closed and self._con.info.transaction_status \
                != psycopg.pq.TransactionStatus.UNKNOWN:
            return self._con
        self.close()
        self._con = connect(self.info, password_prompt=self.password_prompt)
        self._con.autocommit = True
        self.connections_opened += 1
        return self._con

    def close(self) -> None:
        if self._con is not None:
            try:
                self._con.close()
            except Exception:
                pass
            self._con = None

    def __del__(self):   # a project dropped without close(): its connection goes with it, quietly
        self.close()

    def _query(self, sql: str, params=None) -> list[tuple]:
        psycopg = _psycopg()
        try:
            with self.connection().cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description else []
        except psycopg.errors.InsufficientPrivilege as exc:
            raise DataError(self.label, f"permission denied: {_first_line(exc)}") from None
        except psycopg.OperationalError as exc:
            self.close()
            raise connection_error(self.info, exc) from None

    def _t(self, layer_id: str) -> str:
        try:
            return f"{quote(self.schema)}.{quote(self.tables[layer_id])}"
        except KeyError:
            raise DataError(self.label, f"the database has no layer with id {layer_id}; publish it first") from None

    def _layout(self, layer_id: str) -> tuple[list[str], int | None]:
        """The attribute columns of a layer table and its SRID (None: a table without geometry)."""
        if layer_id not in self._layouts:
            table = self.tables[layer_id]
            rows = self._query("SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND "
                               "table_name = %s ORDER BY ordinal_position", (self.schema, table))
            columns = [r[0] for r in rows if r[0] not in ("fid", GEOMETRY_COLUMN, VERSION_COLUMN)]
            if any(r[0] == GEOMETRY_COLUMN for r in rows):
                srid = self._query("SELECT Find_SRID(%s, %s, %s)", (self.schema, table, GEOMETRY_COLUMN))[0][0]
                self._layouts[layer_id] = (columns, int(srid or 0))
            else:
                self._layouts[layer_id] = (columns, None)
        return self._layouts[layer_id]

    def attribute_tables(self, names: Iterable[str]) -> list[str]:
        """Those of ``names`` that are tables of this schema carried by the store (the 标准地 register's),
        added to :attr:`tables` under their own name as layer id."""
        found = []
        for name in names:      # a table known already is not asked for again (one query per missing one)
            if self.tables.get(name) == name or self._query(
                    "SELECT to_regclass(%s)", (f"{self.schema}.{quote(name)}",))[0][0] is not None:
                self.tables.setdefault(name, name)
                found.append(name)
        return found

    def rows(self, layer_id: str) -> dict[int, tuple[int, FeatureState]]:
        """fid → (version, state) of every row of an attribute table (no geometry), in fid order."""
        columns, _srid = self._layout(layer_id)
        selected = "".join(f", {quote(c)}" for c in columns)
        out = {}
        for row in self._query(f"SELECT fid, {VERSION_COLUMN}{selected} FROM {self._t(layer_id)} ORDER BY fid"):
            out[int(row[0])] = (int(row[1]), FeatureState(None, {c: _python_value(v)
                                                                for c, v in zip(columns, row[2:], strict=True)}))
        return out

    # ------------------------------------------------------------------ reading
    def versions(self, layer_id: str) -> dict[int, int]:
        """fid → version for the features changed since they were first stored (others: 1)."""
        rows = self._query(f"SELECT fid, {VERSION_COLUMN} FROM {self._t(layer_id)} WHERE {VERSION_COLUMN} <> 1")
        rows += self._query(f"SELECT fid, version FROM {quote(self.schema)}.parkgis_deleted WHERE layer_id = %s",
                            (layer_id,))
        return {int(f): int(v) for f, v in rows}

    def change_token(self) -> tuple:
        return tuple(self._query(f"SELECT coalesce(max(id), 0) FROM {quote(self.schema)}.parkgis_audit")[0])

    def current(self, layer_id: str, fids: Iterable[int]) -> dict[int, tuple[int, FeatureState | None]]:
        fids = [int(f) for f in fids]
        psycopg = _psycopg()
        self._layout(layer_id)
        try:
            with self.connection().cursor() as cur:
                return self._current(cur, layer_id, fids)
        except psycopg.OperationalError as exc:
            self.close()
            raise connection_error(self.info, exc) from None

    def _current(self, cur, layer_id: str, fids: list[int]) -> dict[int, tuple[int, FeatureState | None]]:
        import shapely
        columns, _srid = self._layout(layer_id)
        selected = "".join(f", {quote(c)}" for c in columns)
        out: dict[int, tuple[int, FeatureState | None]] = {}
        if not fids:
            return out
        geometry = "NULL" if _srid is None else f"ST_AsBinary({GEOMETRY_COLUMN})"
        cur.execute(f"SELECT fid, {VERSION_COLUMN}, {geometry}{selected} FROM {self._t(layer_id)} "
                    "WHERE fid = ANY(%s)", (fids,))
        for row in cur.fetchall():
            geometry = shapely.from_wkb(bytes(row[2])) if row[2] is not None else None
            out[int(row[0])] = (int(row[1]), FeatureState(geometry, {c: _python_value(v)
                                                                    for c, v in zip(columns, row[3:], strict=True)}))
        missing = [f for f in fids if f not in out]
        if missing:
            cur.execute(f"SELECT fid, version FROM {quote(self.schema)}.parkgis_deleted WHERE layer_id = %s "
                        "AND fid = ANY(%s)", (layer_id, missing))
            gone = {int(f): int(v) for f, v in cur.fetchall()}
            for fid in missing:
                out[fid] = (gone.get(fid, 0), None)
        return out

    def next_fid(self, layer_id: str) -> int:
        last, called = self._query(f"SELECT last_value, is_called FROM {quote(self.schema)}.{quote(fid_sequence(layer_id))}")[0]
        return int(last) + 1 if called else int(last)

    def reserve_fids(self, layer_id: str, count: int, at_least: int = 1) -> list[int]:
        """``count`` new fids from the layer's sequence (never given twice, to anyone)."""
        seq = f"{quote(self.schema)}.{quote(fid_sequence(layer_id))}"
        regclass = f"{self.schema}.{fid_sequence(layer_id)}"
        if self.next_fid(layer_id) < at_least:
            self._query("SELECT setval(%s::regclass, greatest(%s, (SELECT last_value FROM " + seq + ")))",
                        (regclass, at_least - 1))
        rows = self._query("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (regclass, int(count)))
        return [int(r[0]) for r in rows]

    # ------------------------------------------------------------------ committing
    def commit(self, changes: ChangeSet, *, on_conflict: str = "raise") -> CommitResult:
        """One transaction: each feature written only if its version is still the one the editor
        read; the audit rows and the commit record with it. ``on_conflict`` "raise" writes nothing
        when any feature conflicts, "skip" writes the others."""
        return self.commit_all([changes], on_conflict=on_conflict)[0]

    def commit_all(self, change_sets: list[ChangeSet], *, on_conflict: str = "raise") -> list[CommitResult]:
        """Several change sets (of several tables: the register's parcels and events) in ONE transaction,
        as :meth:`commit` writes one: all or nothing; a conflict in any set raises its ConflictError."""
        psycopg = _psycopg()
        if not change_sets:
            return []
        changes = change_sets[0]     # the set errors name
        key = tuple(_change_key(c) for c in change_sets)
        if self._uncertain is not None:
            landed = self._resolve_uncertain(key)
            if landed is not None:
                return landed
        commit_id = uuid.uuid4().hex
        deadline = time.monotonic() + self.retry_seconds
        while True:
            stage = "connecting"
            try:
                try:
                    con = self.connection()
                except DataError:
                    if time.monotonic() < deadline:    # the server restarting: try again until the deadline
                        time.sleep(0.5)
                        continue
                    raise
                con.autocommit = False
                try:
                    stage = "writing features"
                    results = []
                    for number, change_set in enumerate(change_sets):
                        changes = change_set
                        results.append(self._commit_once(con, change_set, on_conflict,
                                                         commit_id if number == 0 else f"{commit_id}-{number}"))
                    stage = "committing"
                    con.commit()
                    return results
                except BaseException:
                    if not con.closed:
                        try:
                            con.rollback()
                        except Exception:
                            pass
                    raise
                finally:
                    if not con.closed:
                        con.autocommit = True
            except psycopg.errors.LockNotAvailable:
                raise DataError(self.label, f"commit failed while {stage}: another program is writing the project "
                                            f"(waited {BUSY_TIMEOUT_S:g} s); nothing was written, try again") from None
            except psycopg.errors.InsufficientPrivilege:
                raise DataError(self.label, f"permission denied: database user {self._user()} may not change "
                                            f"table {self.tables.get(changes.layer_id)} (layer {changes.layer_name}); "
                                            "nothing was written, your edits are kept — ask the administrator "
                                            "for the role that may edit it", layer=changes.layer_name) from None
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                self.close()
                if stage == "committing":   # did COMMIT reach the server? asked again after reconnecting
                    self._uncertain = (commit_id, key, None)
                if time.monotonic() < deadline:
                    time.sleep(0.5)
                    if self._uncertain is not None:
                        try:
                            landed = self._resolve_uncertain(key)
                        except DataError:
                            continue
                        if landed is not None:
                            return landed
                    continue
                if self._uncertain is not None:
                    try:
                        landed = self._resolve_uncertain(key)
                    except DataError:
                        landed = None
                    if landed is not None:
                        return landed
                    if self._uncertain is not None:
                        raise DataError(self.label, "the connection to the database was lost while committing; "
                                                    "whether the commit arrived is checked at the next commit; "
                                                    "your edits are kept") from None
                raise DataError(self.label, f"commit failed while {stage}: the connection to the database was "
                                            f"lost ({_first_line(exc)}); nothing was written, your edits are kept"
                                ) from None
            except psycopg.Error as exc:
                self.close()
                raise DataError(self.label, f"commit failed while {stage}: {_first_line(exc)}; nothing was written",
                                layer=changes.layer_name) from None

    def _user(self) -> str:
        try:
            return self._query("SELECT current_user")[0][0]
        except DataError:
            return self.info.user or "?"

    def _resolve_uncertain(self, key: tuple) -> list[CommitResult] | None:
        """After a connection lost during COMMIT: the results when that commit arrived (and the
        change sets asked for now are the same), else None; the doubt is cleared either way."""
        commit_id, uncertain_key, _ = self._uncertain
        rows = self._query(f"SELECT versions FROM {quote(self.schema)}.parkgis_commits WHERE commit_id = %s",
                           (commit_id,))
        self._uncertain = None
        if not rows or uncertain_key != key:
            return None
        results = []
        for number in range(len(key)):      # one transaction: the first set's record means all arrived
            one = commit_id if number == 0 else f"{commit_id}-{number}"
            stored = rows[0][0] if number == 0 else self._query(
                f"SELECT versions FROM {quote(self.schema)}.parkgis_commits WHERE commit_id = %s", (one,))[0][0]
            stored = json.loads(stored)
            audit = self._query(f"SELECT id FROM {quote(self.schema)}.parkgis_audit WHERE commit_id = %s ORDER BY id",
                                (one,))
            versions = {int(k): int(v) for k, v in stored["versions"].items()}
            results.append(CommitResult([int(f) for f in stored["committed"]], [], versions, [int(r[0]) for r in audit]))
        return results

    def _commit_once(self, con, changes: ChangeSet, on_conflict: str, commit_id: str) -> CommitResult:
        from .base import ConflictError
        columns, srid = self._layout(changes.layer_id)
        table = self._t(changes.layer_id)
        conflicts, accepted, versions = [], [], {}
        with con.cursor() as cur:
            # a feature locked by another writer (psql, QGIS mid-transaction) is waited for, then refused
            cur.execute(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
            for change in changes.changes:
                after = change.after
                if after is not None:
                    unknown = [k for k in after.attributes if k not in columns]
                    if unknown:
                        raise _psycopg().errors.UndefinedColumn(
                            f"the layer table has no column {', '.join(unknown)}")
                new_version = self._write_one(cur, table, change, srid)
                if new_version is None:
                    conflicts.append(change)
                else:
                    accepted.append(change)
                    versions[change.fid] = new_version
            if conflicts:
                current = self._current(cur, changes.layer_id, [c.fid for c in conflicts])
                found = [FeatureConflict(c.fid, c.base_version, current[c.fid][0], c.before, current[c.fid][1],
                                         c.after) for c in conflicts]
                if on_conflict != "skip":
                    con.rollback()
                    raise ConflictError(self.label, changes.layer_name, found)
            else:
                found = []
            audit_ids = self._write_audit(cur, changes, accepted, versions, commit_id)
            cur.execute(f"INSERT INTO {quote(self.schema)}.parkgis_commits(commit_id, at, layer_id, versions) "
                        "VALUES (%s, %s, %s, %s)",
                        (commit_id, now_text(), changes.layer_id,
                         json.dumps({"committed": [c.fid for c in accepted], "versions": versions})))
        return CommitResult([c.fid for c in accepted], found, versions, audit_ids)

    def _write_one(self, cur, table: str, change, srid: int) -> int | None:
        """Write one feature if its version is the expected one: its new version, or None."""
        import shapely
        after = change.after
        if change.before is None and change.base_version == 0:     # added
            names = list(after.attributes)
            values = [pg_value(v) for v in after.attributes.values()]
            if srid is None:     # an attribute table
                column, placeholder = "", ""
            else:
                column, placeholder = f", {GEOMETRY_COLUMN}", f", ST_SetSRID(ST_GeomFromWKB(%s), {srid})"
                values.insert(0, None if after.geometry is None else shapely.to_wkb(after.geometry, flavor="iso"))
            cur.execute(f"INSERT INTO {table} (fid{column}{''.join(', ' + quote(n) for n in names)}) "
                        f"VALUES (%s{placeholder}{', %s' * len(names)}) "
                        f"ON CONFLICT (fid) DO NOTHING RETURNING {VERSION_COLUMN}",
                        (change.fid, *values))
            row = cur.fetchone()
            return None if row is None else int(row[0])
        if after is None:                                           # deleted
            cur.execute(f"DELETE FROM {table} WHERE fid = %s AND {VERSION_COLUMN} = %s RETURNING {VERSION_COLUMN}",
                        (change.fid, change.base_version))
            row = cur.fetchone()
            return None if row is None else 0
        from .base import _geometries_equal
        from .values import values_equal
        assignments, values = [], []
        if srid is not None and (change.before is None
                                 or not _geometries_equal(change.before.geometry, after.geometry)):
            assignments.append(f"{GEOMETRY_COLUMN} = ST_SetSRID(ST_GeomFromWKB(%s), {srid})")
            values.append(None if after.geometry is None else shapely.to_wkb(after.geometry, flavor="iso"))
        old = change.before.attributes if change.before is not None else {}
        for name, value in after.attributes.items():
            if change.before is None or not values_equal(value, old.get(name)):
                assignments.append(f"{quote(name)} = %s")
                values.append(pg_value(value))
        if not assignments:   # nothing changed: the version still moves on (the trigger)
            assignments.append("fid = fid")
        cur.execute(f"UPDATE {table} SET {', '.join(assignments)} WHERE fid = %s AND {VERSION_COLUMN} = %s "
                    f"RETURNING {VERSION_COLUMN}", (*values, change.fid, change.base_version))
        row = cur.fetchone()
        return None if row is None else int(row[0])

    def _write_audit(self, cur, changes: ChangeSet, accepted, versions: dict[int, int], commit_id: str) -> list[int]:
        from .base import _values_equal
        from .geopackage import _attributes_json, _wkb
        at = now_text()
        ids = []
        for change in accepted:
            operation = changes.operation or change.operation
            if change.before is not None and change.after is not None:
                old = change.before.attributes
                changed = [k for k, v in change.after.attributes.items() if not _values_equal({k: v}, {k: old.get(k)})]
                detail = json.dumps({"changed": changed}, ensure_ascii=False)
            else:
                detail = "{}"
            cur.execute(
                f"INSERT INTO {quote(self.schema)}.parkgis_audit(at, \"user\", action, layer, feature, detail, "
                "geometry_before, geometry_after, layer_id, fid, version, session_id, reason, attributes_before, "
                "attributes_after, client, commit_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s, %s) RETURNING id",
                (at, changes.user, operation, changes.layer_name, str(change.fid), detail, _wkb(change.before),
                 _wkb(change.after), changes.layer_id, change.fid, versions.get(change.fid, 0), changes.session_id,
                 change.note or changes.reason, _attributes_json(change.before), _attributes_json(change.after),
                 changes.client or self.client, commit_id))
            ids.append(int(cur.fetchone()[0]))
        return ids

    # ------------------------------------------------------------------ history
    def audit_rows(self, layer_id: str | None = None, fid: int | None = None) -> list[dict]:
        where, args = [], []
        if layer_id is not None:
            where.append("layer_id = %s")
            args.append(layer_id)
        if fid is not None:
            where.append("fid = %s")
            args.append(int(fid))
        psycopg = _psycopg()
        try:
            with self.connection().cursor(row_factory=psycopg.rows.dict_row) as cur:
                cur.execute(f"SELECT * FROM {quote(self.schema)}.parkgis_audit"
                            + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id", args)
                rows = cur.fetchall()
        except psycopg.OperationalError as exc:
            self.close()
            raise connection_error(self.info, exc) from None
        for row in rows:
            for key in ("geometry_before", "geometry_after"):
                if isinstance(row.get(key), memoryview):
                    row[key] = bytes(row[key])
        return rows

    def history(self, layer_id: str, fid: int) -> list[HistoryEntry]:
        from .geopackage import _state
        rows = [r for r in self.audit_rows(layer_id, fid) if r.get("fid") is not None]
        if not rows:
            version, state = self.current(layer_id, [fid]).get(int(fid), (0, None))
            return [HistoryEntry(1, None, None, "stored", state)] if state is not None else []
        entries = []
        if rows[0]["action"] != "add":
            entries.append(HistoryEntry(1, None, None, "stored", _state(rows[0], "before")))
        for row in rows:
            entries.append(HistoryEntry(len(entries) + 1, row["at"], row["user"], row["action"], _state(row, "after"),
                                        row.get("session_id"), row.get("reason"), row["id"]))
        return entries

    def register_rows(self) -> dict[str, tuple[list[str], list[tuple], dict[int, int]]]:
        """The 标准地 register tables of the project: ``table → (column names, rows, versions)`` — the
        rows without the version column, the versions (fid → version, deleted rows' included) apart;
        a table the schema lacks is left out."""
        out = {}
        for table in self.attribute_tables(REGISTER_TABLES):
            columns, _srid = self._layout(table)
            rows = self.rows(table)
            versions = {fid: version for fid, (version, _state) in rows.items()}
            versions.update(self.versions(table))      # tombstones of deleted rows
            out[table] = (["fid", *columns], [(fid, *(state.attributes[c] for c in columns))
                                               for fid, (_v, state) in rows.items()], versions)
        return out

    def describe(self) -> dict:
        """Connect and read the project's layer rows (a connection test): ``{"url", "layers":
        [names]}``; the DataError of a wrong password, an unreachable server, a schema that is no
        parkgis project."""
        try:
            _settings, rows = self.read_project()
        finally:
            self.close()
        return {"url": self.label, "layers": [row["name"] for row in rows]}

    def listener(self, *, prompt: bool = True) -> ChangeListener:
        """A LISTEN connection told of every committed feature change in this project schema
        (``prompt=False``: never ask for a password — from a worker thread)."""
        return ChangeListener(self, prompt=prompt)

    # ------------------------------------------------------------------ project metadata
    def read_project(self) -> tuple[dict, list[dict]]:
        """The project's settings and layer rows; a DataError when the schema is no parkgis project."""
        psycopg = _psycopg()
        found = self._query("SELECT to_regclass(%s), to_regclass(%s)",
                            (f"{self.schema}.parkgis_project", f"{self.schema}.parkgis_layers"))[0]
        if found[0] is None or found[1] is None:
            exists = self._query("SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.schema,))
            if not exists:
                raise DataError(self.label, f"the database has no schema {self.schema} "
                                            "(publish a project there with parkgis db publish)")
            raise DataError(self.label, f"schema {self.schema} is not a parkgis project (no parkgis_project table); "
                                        "publish a project there with parkgis db publish")
        settings = {k: json.loads(v) for k, v in self._query(f"SELECT key, value FROM {quote(self.schema)}.parkgis_project")}
        with self.connection().cursor(row_factory=psycopg.rows.dict_row) as cur:
            cur.execute(f"SELECT * FROM {quote(self.schema)}.parkgis_layers ORDER BY position")
            layers = cur.fetchall()
        for row in layers:
            keys = self._query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                               "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary",
                               (f'{self.schema}."{row["name"]}"',))
            if [k[0] for k in keys] != ["fid"]:
                raise DataError(self.label, f"table {row['name']} has no primary key fid: parkgis cannot tell its "
                                            "features apart; add one (ALTER TABLE … ADD PRIMARY KEY (fid)) or "
                                            "publish the layer again", layer=row["name"])
        return settings, layers

    def read_layer_frame(self, layer_id: str, crs):
        """The features of a layer as a GeoDataFrame indexed by fid."""
        import geopandas as gpd
        import pandas as pd
        import shapely
        columns, _srid = self._layout(layer_id)
        selected = "".join(f", {quote(c)}" for c in columns)
        rows = self._query(f"SELECT fid, ST_AsBinary({GEOMETRY_COLUMN}){selected} FROM {self._t(layer_id)} ORDER BY fid")
        frame = pd.DataFrame([[_python_value(v) for v in r[2:]] for r in rows], columns=columns,
                             index=pd.Index([int(r[0]) for r in rows], name="fid", dtype="int64"))
        geometry = [shapely.from_wkb(bytes(r[1])) if r[1] is not None else None for r in rows]
        return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, index=frame.index, crs=crs), crs=crs)

    def save_metadata(self, settings: dict, layer_rows: list[tuple], audit: list[dict] = ()) -> None:
        """Rewrite the settings and the layer rows (roles, styles, locks) in one transaction, with
        the project-level audit entries (set role, lock layer …)."""
        from .schema import AUDIT_COLUMNS
        psycopg = _psycopg()
        con = self.connection()
        try:
            with con.transaction(), con.cursor() as cur:
                cur.execute(f"DELETE FROM {quote(self.schema)}.parkgis_project")
                cur.executemany(f"INSERT INTO {quote(self.schema)}.parkgis_project(key, value) VALUES (%s, %s)",
                                [(k, json.dumps(v, ensure_ascii=False)) for k, v in settings.items()])
                for row in layer_rows:
                    cur.execute(f"UPDATE {quote(self.schema)}.parkgis_layers SET position = %s, role = %s, locked = %s, "
                                "visible = %s, style = %s, revision = %s WHERE layer_id = %s", row)
                if audit:
                    cur.executemany(f"INSERT INTO {quote(self.schema)}.parkgis_audit"
                                    f"({', '.join(quote(c) for c in AUDIT_COLUMNS)}) "
                                    f"VALUES ({', '.join(['%s'] * len(AUDIT_COLUMNS))})",
                                    [tuple(entry.get(c) for c in AUDIT_COLUMNS) for entry in audit])
        except psycopg.errors.InsufficientPrivilege:
            raise DataError(self.label, f"permission denied: database user {self._user()} may not change the "
                                        "project settings; nothing was written") from None
        except psycopg.OperationalError as exc:
            self.close()
            raise connection_error(self.info, exc) from None


class ChangeListener:
    """``LISTEN parkgis_<schema>`` on a connection of its own: :meth:`poll` returns the feature
    changes committed since the last call — ``(layer_id, fid, version)``, by anyone, parkgis or not
    (the trigger sends them) — waiting up to ``timeout`` seconds for the first. The desktop polls it
    from a worker and asks the edit sessions :meth:`~parkgis.core.editing.session.EditSession.changed_elsewhere`
    when one of their features is named; a GeoPackage project has no listener and is polled."""

    def __init__(self, store: PostGISStore, *, prompt: bool = True):
        self.store = store
        self.channel = f"parkgis_{store.schema}"
        self._con = connect(store.info, password_prompt=store.password_prompt if prompt else None, autocommit=True)
        psycopg = _psycopg()
        try:
            self._con.execute(f"LISTEN {quote(self.channel)}")
        except psycopg.Error as exc:   # dropped between connecting and listening
            self.close()
            raise connection_error(self.store.info, exc) from None

    def poll(self, timeout: float = 0.0) -> list[tuple[str, int, int]]:
        psycopg = _psycopg()
        out = []
        try:
            for note in self._con.notifies(timeout=timeout, stop_after=None if timeout == 0 else 1):
                out.append(_parse_note(note.payload))
            if out:   # the rest that arrived with the first, without waiting
                for note in self._con.notifies(timeout=0.05):
                    out.append(_parse_note(note.payload))
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:   # dropped, or closed
            raise connection_error(self.store.info, exc) from None
        return out

    def close(self) -> None:
        try:
            self._con.close()
        except Exception:
            pass

    def __del__(self):
        self.close()


def _parse_note(payload: str) -> tuple[str, int, int]:
    layer_id, fid, version = payload.rsplit(":", 2)
    return layer_id, int(fid), int(version)


def _change_key(changes: ChangeSet) -> tuple:
    return (changes.layer_id, tuple((c.fid, c.base_version, c.after is None) for c in changes.changes))


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return mask_url(text.splitlines()[0]) if text else type(exc).__name__




# ---------------------------------------------------------------------- publish

#: the 标准地 register's tables and the 台账's annual figures (:mod:`parkgis.core.parcels.register`, ``.figures``)
REGISTER_TABLES = ("parkgis_parcels", "parkgis_parcel_events", "parkgis_parcel_figures")


def _pg_type(dtype) -> str:
    import pandas as pd
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "bigint"
    if pd.api.types.is_float_dtype(dtype):
        return "double precision"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "timestamp"
    return "text"


def publish_project(project_path, url: str, *, schema: str | None = None,
                    password_prompt: Callable[[str], str | None] | None = None) -> dict:
    """Publish a local project GeoPackage into a new schema of a PostGIS database: every layer with
    its fids and feature versions, the layer rows (roles, styles, locks, provenance), the QGIS
    styles, the register tables (``parkgis_parcels``, ``parkgis_parcel_events``) when the project
    has them, and the audit. One transaction: a failure leaves no schema behind. The schema must not
    exist yet (nothing is overwritten). Returns ``{"schema", "url", "layers": {name: features},
    "audit_rows", "register_tables"}``."""
    import sqlite3

    import shapely

    from ..project import _LAYER_COLUMNS, Project
    from ..styles import qgis_qml
    from .geopackage import read_audit
    from .schema import AUDIT_COLUMNS

    psycopg = _psycopg()
    info = ConnectionInfo(url)
    if schema:
        info = info.with_schema(schema)
    project = Project.open(project_path)
    con = connect(info, password_prompt=password_prompt)
    s = quote(info.schema)
    counts: dict[str, int] = {}
    try:
        with con.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (info.schema,))
            if cur.fetchone():
                raise DataError(info.label, f"schema {info.schema} already exists; publish into a new schema "
                                            "(--schema NAME) or drop it first")
            cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
            if cur.fetchone() is None:
                raise DataError(info.label, "the database has no PostGIS extension "
                                            "(CREATE EXTENSION postgis, as its owner)")
            for sql in schema_sql(info.schema):
                cur.execute(sql)
            for position, layer in enumerate(project.layers):
                gdf = layer.gdf
                geometry_name = gdf.geometry.name
                attributes = [c for c in gdf.columns if c != geometry_name]
                bad = [c for c in attributes if c.lower() in ("fid", GEOMETRY_COLUMN, VERSION_COLUMN)]
                if bad:
                    raise DataError(info.label, f"layer {layer.name} has a column named {bad[0]}, which parkgis "
                                                "uses itself in the database; rename it first", layer=layer.name)
                from ..crs import epsg_of
                srid = epsg_of(gdf.crs) if gdf.crs is not None else 0
                create, triggers = layer_table_sql(info.schema, layer.name, layer.id,
                                                   [(c, _pg_type(gdf[c].dtype)) for c in attributes], srid or 0)
                for sql in create:
                    cur.execute(sql)
                table = f"{s}.{quote(layer.name)}"
                names = "".join(f", {quote(c)}" for c in attributes)
                wkb = shapely.to_wkb(gdf.geometry.values, flavor="iso")
                rows = []
                for k, fid in enumerate(gdf.index):
                    values = [pg_value(gdf[c].iat[k]) for c in attributes]
                    rows.append((int(fid), wkb[k], *values, int(layer.versions.get(int(fid), 1))))
                cur.executemany(f"INSERT INTO {table} (fid, {GEOMETRY_COLUMN}{names}, {VERSION_COLUMN}) VALUES "
                                f"(%s, ST_SetSRID(ST_GeomFromWKB(%s), {int(srid or 0)}){', %s' * len(attributes)}, %s)",
                                rows)
                gone = [(layer.id, fid, v) for fid, v in layer.versions.items() if fid not in gdf.index]
                cur.executemany(f"INSERT INTO {s}.parkgis_deleted(layer_id, fid, version) VALUES (%s, %s, %s)", gone)
                cur.execute("SELECT setval(%s::regclass, %s, true)",
                            (f"{info.schema}.{fid_sequence(layer.id)}", max(layer.next_fid - 1, int(gdf.index.max())
                                                                           if len(gdf) else 0, 1)))
                for sql in triggers:
                    cur.execute(sql)
                p = layer.provenance
                values = dict(name=layer.name, layer_id=layer.id, position=position, role=layer.role.value,
                              locked=int(bool(layer.locked)), visible=int(layer.visible),
                              style=json.dumps(layer.style, ensure_ascii=False), source_path=p.source_path,
                              source_layer=p.source_layer, driver=p.driver, source_crs=p.source_crs,
                              crs_assumed=p.crs_assumed, encoding=p.encoding, encoding_source=p.encoding_source,
                              imported_at=p.imported_at, approval=p.approval, data_date=p.data_date,
                              revision=layer.revision,
                              metadata=json.dumps(p.metadata, ensure_ascii=False, default=str) if p.metadata else None)
                assert set(values) == set(_LAYER_COLUMNS)
                cur.execute(f"INSERT INTO {s}.parkgis_layers({', '.join(values)}, srid) "
                            f"VALUES ({', '.join(['%s'] * len(values))}, %s)", (*values.values(), srid or 0))
                cur.execute(f"INSERT INTO {s}.layer_styles(f_table_catalog, f_table_schema, f_table_name, "
                            "f_geometry_column, stylename, styleqml, stylesld, useasdefault, description, ui, type) "
                            "VALUES (%s, %s, %s, %s, %s, %s, '', true, 'parkgis default style', '', %s)",
                            (info.database, info.schema, layer.name, GEOMETRY_COLUMN, layer.name,
                             qgis_qml(layer.style), _geometry_kind(gdf)))
                counts[layer.name] = len(gdf)
            cur.executemany(f"INSERT INTO {s}.parkgis_project(key, value) VALUES (%s, %s)",
                            [(k, json.dumps(v, ensure_ascii=False)) for k, v in project.settings.items()])
            lite = sqlite3.connect(f"file:{project.path}?mode=ro", uri=True)
            try:
                audit = read_audit(lite)
                registers = _copy_register_tables(lite, cur, info.schema)
            finally:
                lite.close()
            columns = [c for c in AUDIT_COLUMNS]
            cur.executemany(f"INSERT INTO {s}.parkgis_audit(id, {', '.join(quote(c) for c in columns)}) "
                            f"VALUES (%s{', %s' * len(columns)})",
                            [(r["id"], *[bytes(r[c]) if isinstance(r[c], memoryview) else r[c] for c in columns])
                             for r in audit])
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{info.schema}.parkgis_audit', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {s}.parkgis_audit), false)")
        con.commit()
    except psycopg.errors.InsufficientPrivilege as exc:
        con.rollback()
        raise DataError(info.label, f"permission denied: {_first_line(exc)}; nothing was published") from None
    except psycopg.OperationalError as exc:
        raise connection_error(info, exc) from None
    except psycopg.Error as exc:
        con.rollback()
        raise DataError(info.label, f"publishing failed: {_first_line(exc)}; nothing was published") from None
    except BaseException:
        if not con.closed:
            con.rollback()
        raise
    finally:
        con.close()
        project.close()
    return {"schema": info.schema, "url": info.label, "layers": counts, "audit_rows": len(audit),
            "register_tables": registers}


def _geometry_kind(gdf) -> str:
    kinds = set(gdf.geometry.geom_type.dropna())
    return "Polygon" if kinds & {"Polygon", "MultiPolygon"} else "Line" if kinds & {"LineString", "MultiLineString"} \
        else "Point"


def _copy_register_tables(lite, cur, schema: str, only: Iterable[str] = REGISTER_TABLES) -> list[str]:
    """The register tables of a project as attribute tables of the schema (no geometry), column for
    column, each with its fid sequence, its rows' versions, its deleted rows' tombstones and the version
    triggers of a layer table: the register is committed with the same optimistic locking."""
    copied = []
    has_versions = lite.execute("SELECT 1 FROM sqlite_master WHERE name = 'parkgis_feature_versions'").fetchone()
    has_sequence = lite.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone()
    for table in only:
        if lite.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is None:
            continue
        info = lite.execute(f"PRAGMA table_info({quote(table)})").fetchall()
        names = [row[1] for row in info]
        if names.count("fid") != 1 or VERSION_COLUMN in names:
            raise DataError(str(table), "the register table has no fid column (or one named parkgis_version)")
        columns = [(row[1], _pg_kind(row[2]) + (" NOT NULL" if row[3] else ""))
                   for row in info if row[1] != "fid"]
        create, triggers = layer_table_sql(schema, table, table, columns, None)
        for sql in create:
            cur.execute(sql)
        for index in lite.execute(f"PRAGMA index_list({quote(table)})").fetchall():
            keys = [r[2] for r in lite.execute(f"PRAGMA index_info({quote(index[1])})")]
            if index[2] and keys and "fid" not in keys:      # UNIQUE (地块编号): kept by the database too
                cur.execute(f"ALTER TABLE {quote(schema)}.{quote(table)} ADD UNIQUE ({', '.join(quote(k) for k in keys)})")
        columns = [(name, kind.split()[0]) for name, kind in columns]
        versions = dict(lite.execute("SELECT fid, version FROM parkgis_feature_versions WHERE layer_id = ?",
                                     (table,))) if has_versions else {}
        selected = ", ".join(quote(n) for n, _k in columns)
        rows = lite.execute(f"SELECT fid{', ' + selected if columns else ''} FROM {quote(table)} ORDER BY fid").fetchall()
        if rows:
            cur.executemany(f"INSERT INTO {quote(schema)}.{quote(table)} (fid{', ' + selected if columns else ''}, "
                            f"{VERSION_COLUMN}) VALUES (%s{', %s' * len(columns)}, %s)",
                            [(*row, int(versions.get(row[0], 1))) for row in rows])
        present = {row[0] for row in rows}
        cur.executemany(f"INSERT INTO {quote(schema)}.parkgis_deleted(layer_id, fid, version) VALUES (%s, %s, %s)",
                        [(table, int(f), int(v)) for f, v in versions.items() if f not in present])
        seq = lite.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone() if has_sequence else None
        top = max([int(seq[0]) if seq else 0, *(int(f) for f in present), *(int(f) for f in versions), 1])
        cur.execute("SELECT setval(%s::regclass, %s, true)", (f"{schema}.{fid_sequence(table)}", top))
        for sql in triggers:
            cur.execute(sql)
        copied.append(table)
    return copied


_SQLITE_KINDS = {"INTEGER": "bigint", "REAL": "double precision", "BLOB": "bytea", "BOOLEAN": "boolean"}


def _pg_kind(sqlite_type: str | None) -> str:
    return _SQLITE_KINDS.get((sqlite_type or "").upper().split("(")[0], "text")


def ensure_attribute_tables(store: PostGISStore, lite) -> list[str]:
    """Make the store's schema hold the register tables as the SQLite database ``lite`` defines them (an
    empty in-memory one made by the register's own DDL): the missing tables created, the columns a later
    parkgis added to an existing table added — in one transaction. Returns the tables created."""
    psycopg = _psycopg()
    con = store.connection()
    wanted = [t for t in REGISTER_TABLES if lite.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                                         "name = ?", (t,)).fetchone()]
    present = store.attribute_tables(wanted)
    try:
        with con.transaction(), con.cursor() as cur:
            made = _copy_register_tables(lite, cur, store.schema, only=[t for t in wanted if t not in present])
            for table in present:
                cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND "
                            "table_name = %s", (store.schema, table))
                have = {r[0] for r in cur.fetchall()}
                for row in lite.execute(f"PRAGMA table_info({quote(table)})").fetchall():
                    if row[1] not in have:
                        cur.execute(f"ALTER TABLE {quote(store.schema)}.{quote(table)} ADD COLUMN {quote(row[1])} "
                                    f"{_pg_kind(row[2])}")
                        store._layouts.pop(table, None)
    except psycopg.errors.InsufficientPrivilege as exc:
        raise DataError(store.label, f"permission denied: {_first_line(exc)}; the register's tables must be "
                                     "created or upgraded by the schema's owner (publish the project with its "
                                     "register)") from None
    except psycopg.OperationalError as exc:
        store.close()
        raise connection_error(store.info, exc) from None
    store.attribute_tables(made)
    return made


# ---------------------------------------------------------------------- roles

#: role → what its members may do: "read" every table; "edit" the layers of these roles
ROLE_KINDS = {
    "viewer": (),
    "planner": ("parcels",),                               # 地块 and the register, never 三区三线
    "editor": ("parcels", "reference", *CONSTRAINT_ROLE_VALUES),
}


def group_role(schema: str, kind: str) -> str:
    return f"{schema}_{kind}"


def grant_role(url: str, kind: str, members: Iterable[str] = (), *,
               password_prompt: Callable[[str], str | None] | None = None) -> dict:
    """Create (if needed) the group role ``<schema>_<kind>`` with the table privileges of ``kind``
    (viewer: read; planner: read, edit parcel layers and the register, never the 三区三线 layers;
    editor: every layer) and grant it to ``members`` (existing database users). Enforced by the
    database itself: a write the role may not make is refused whoever sends it (QGIS, psql)."""
    if kind not in ROLE_KINDS:
        raise UsageError(f"unknown role {kind}; roles: {', '.join(ROLE_KINDS)}")
    info = ConnectionInfo(url)
    store = PostGISStore(info, password_prompt=password_prompt)
    _settings, layers = store.read_project()
    psycopg = _psycopg()
    group = group_role(info.schema, kind)
    s = quote(info.schema)
    editable = [row for row in layers if row["role"] in ROLE_KINDS[kind]]
    members = list(members)
    con = store.connection()
    try:
        with con.transaction(), con.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (group,))
            if cur.fetchone() is None:
                cur.execute(f"CREATE ROLE {quote(group)} NOLOGIN")
            cur.execute(f"GRANT USAGE ON SCHEMA {s} TO {quote(group)}")
            cur.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {quote(group)}")
            cur.execute(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {quote(group)}")
            if editable:
                cur.execute(f"GRANT INSERT ON {s}.parkgis_audit, {s}.parkgis_commits TO {quote(group)}")
                cur.execute(f"GRANT USAGE, SELECT ON SEQUENCE {s}.parkgis_audit_id_seq TO {quote(group)}")
                for row in editable:
                    cur.execute(f"GRANT INSERT, UPDATE, DELETE ON {s}.{quote(row['name'])} TO {quote(group)}")
                    cur.execute(f"GRANT USAGE, SELECT, UPDATE ON SEQUENCE {s}.{quote(fid_sequence(row['layer_id']))} "
                                f"TO {quote(group)}")
                if "parcels" in ROLE_KINDS[kind]:
                    for table in REGISTER_TABLES:
                        cur.execute("SELECT to_regclass(%s)", (f"{info.schema}.{table}",))
                        if cur.fetchone()[0] is not None:
                            cur.execute(f"GRANT INSERT, UPDATE, DELETE ON {s}.{quote(table)} TO {quote(group)}")
                            cur.execute(f"GRANT USAGE, SELECT, UPDATE ON SEQUENCE {s}.{quote(fid_sequence(table))} "
                                        f"TO {quote(group)}")
            for member in members:
                cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (member,))
                if cur.fetchone() is None:
                    raise DataError(info.label, f"the database has no user {member} "
                                                f"(CREATE ROLE {member} LOGIN PASSWORD '…' first)")
                cur.execute(f"GRANT {quote(group)} TO {quote(member)}")
    except psycopg.errors.InsufficientPrivilege as exc:
        raise DataError(info.label, f"permission denied: {_first_line(exc)}; only the schema's owner can grant "
                                    "roles") from None
    except psycopg.OperationalError as exc:
        raise connection_error(info, exc) from None
    finally:
        store.close()
    return {"role": group, "members": members, "editable": [row["name"] for row in editable],
            "read_only": [row["name"] for row in layers if row not in editable]}
