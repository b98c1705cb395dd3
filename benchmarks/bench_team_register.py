"""The 标准地 register's commands on a team database against the same commands on the project file:
the sample project (42 parcels, 242 events) published into a private PostgreSQL 15 + PostGIS 3 server
on loopback (tests/pgserver.py); each command a real ``parkgis`` process, the median of ``--runs``.

    .venv/bin/python benchmarks/bench_team_register.py [--runs 3]

Prints one line per location; not a pass/fail test."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

COMMANDS = {
    "parcels list --json": ("parcels", "list", "{p}", "--json"),
    "precheck ZGE-B4-01 --json": ("precheck", "{p}", "--parcel", "ZGE-B4-01", "--json"),
    "parcels set (one audited commit)": ("parcels", "set", "{p}", "DLT-E8-02", "buyer=鄂尔多斯市甲公司"),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    from pgserver import ADMIN_PASSWORD, LocalPostgres, ServerUnavailable

    server = LocalPostgres()
    try:
        server.start()
    except ServerUnavailable as exc:
        print(f"bench_team_register: no PostgreSQL server: {exc}")
        server.stop()
        return 0
    env = {**os.environ, "PGPASSWORD": ADMIN_PASSWORD}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-team-register-") as tmp:
            local = Path(tmp) / "ordos.gpkg"
            shutil.copy(ROOT / "layers" / "ordos_sample.gpkg", local)
            subprocess.run([sys.executable, "-m", "parkgis", "db", "publish", str(local), server.url(), "--schema",
                            "bench_register"], check=True, capture_output=True, env=env)
            for label, where in (("file", str(local)), ("database", server.url(schema="bench_register"))):
                figures = []
                for name, command in COMMANDS.items():
                    times = []
                    for _ in range(args.runs):
                        start = time.perf_counter()
                        done = subprocess.run([sys.executable, "-m", "parkgis",
                                               *(part.format(p=where) for part in command)],
                                              capture_output=True, text=True, env=env)
                        times.append(time.perf_counter() - start)
                        if done.returncode != 0:
                            raise SystemExit(f"{name} on the {label}: {done.stderr.strip()}")
                    figures.append(f"{name} {statistics.median(times):.2f} s")
                print(f"{label:8s}  " + " | ".join(figures))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
