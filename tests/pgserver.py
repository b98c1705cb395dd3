"""A throw-away PostgreSQL 15 + PostGIS 3 server on loopback for the tests and the team benchmark.

Its own data directory under a fresh temporary folder, an unprivileged free port, its socket in that
folder, password authentication over TCP (so a wrong password is refused as in a bureau). PostgreSQL
refuses to run as root: as root the server runs as the ``postgres`` user the Debian package creates
(or uid 65534 when there is none), through ``setpriv``. The Debian package's own cluster service is
never used (``pg_lsclusters`` may list it "down": that is fine).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN = Path(os.environ.get("PARKGIS_PG_BIN", "/usr/lib/postgresql/15/bin"))
ADMIN = "parkgis_admin"
ADMIN_PASSWORD = "admin-secret-7"
DATABASE = "parkgis_test"


class ServerUnavailable(RuntimeError):
    """The server could not be started: the reason, for a skip message."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="parkgis-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self.host = "127.0.0.1"
        self._prefix: list[str] = []
        self._uid = os.getuid()

    # ------------------------------------------------------------------ commands
    def _run(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        try:
            done = subprocess.run([*self._prefix, *args], capture_output=True, text=True, timeout=timeout,
                                  cwd=self.root)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ServerUnavailable(f"{args[0]}: {exc}") from None
        if check and done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise ServerUnavailable(f"{Path(args[0]).name} failed: {' | '.join(tail)}")
        return done

    def start(self) -> LocalPostgres:
        for tool in ("initdb", "pg_ctl"):
            if not (PG_BIN / tool).exists():
                raise ServerUnavailable(f"{PG_BIN / tool} not found (apt-get install postgresql-15 postgresql-15-postgis-3)")
        if not Path("/usr/share/postgresql/15/extension/postgis.control").exists():
            raise ServerUnavailable("PostGIS 3 for PostgreSQL 15 is not installed (apt-get install postgresql-15-postgis-3)")
        os.chmod(self.root, 0o755)
        if self._uid == 0:
            try:
                entry = pwd.getpwnam("postgres")
                uid, gid = entry.pw_uid, entry.pw_gid
            except KeyError:
                uid, gid = 65534, 65534
            if shutil.which("setpriv") is None:
                raise ServerUnavailable("running as root and setpriv is missing (util-linux)")
            self._prefix = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups"]
            os.chown(self.root, uid, gid)
        pwfile = self.root / "pw"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        if self._uid == 0:
            os.chown(pwfile, *_owner(self.root))
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", ADMIN, "--pwfile", str(pwfile),
                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
        pwfile.unlink()
        self._pg_ctl("start")
        self.admin_sql(f"CREATE DATABASE {DATABASE}", database="postgres")
        self.admin_sql("CREATE EXTENSION IF NOT EXISTS postgis")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses={self.host} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(str(PG_BIN / "pg_ctl"), action, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
                  "-o", options, *extra)

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every open connection is dropped."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------------ access
    def url(self, user: str = ADMIN, database: str = DATABASE, schema: str | None = None) -> str:
        query = f"?schema={schema}" if schema else ""
        return f"postgresql://{user}@{self.host}:{self.port}/{database}{query}"

    def connect(self, user: str = ADMIN, password: str = ADMIN_PASSWORD, database: str = DATABASE):
        import psycopg
        return psycopg.connect(host=self.host, port=self.port, user=user, password=password, dbname=database,
                               autocommit=True, connect_timeout=10)

    def admin_sql(self, sql: str, params=None, database: str = DATABASE):
        deadline = time.monotonic() + 20
        while True:
            try:
                con = self.connect(database=database)
                break
            except Exception as exc:   # the server is still coming up after a restart
                if time.monotonic() > deadline:
                    raise ServerUnavailable(f"cannot connect: {exc}") from None
                time.sleep(0.2)
        try:
            with con.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchall() if cur.description else None
        finally:
            con.close()


def _owner(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_uid, st.st_gid
