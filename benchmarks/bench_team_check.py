"""The conflict check inside PostGIS against the desktop engine on the synthetic city (issue 15 item 4).
Prints figures; not a pass/fail test.

    .venv/bin/python benchmarks/bench_team_check.py [--scale tiny|small|large|N] [--clients 4] [--changed 100]

The city is published into a private PostgreSQL 15 + PostGIS 3 server on loopback
(``tests/pgserver.py``). Every check runs as users run it, ``python -m parkgis check URL …`` in
its own process, and the client's peak RSS is that process's VmHWM (``/proc/self/status``):

- desktop: ``parkgis check URL`` (the project loaded into the client, the engine in memory);
- database: ``parkgis check URL --in-database`` (the overlay inside PostGIS, chunk by chunk);
- N at once: N such processes started together against the one server (desktop: each loads the
  project itself); the wall time of the batch and the worst client's RSS;
- incremental: 100 parcels moved through parkgis commits, then ``--in-database --changed-since
  COMMIT`` (only those, and the parcels overlapping them) against a full check;
- agreement: the desktop's and the database's JSON compared parcel by parcel (identical, or
  equal with areas to 0.01 m²).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))


#: runs ``parkgis ARGS`` as ``python -m parkgis`` does and writes the process's peak RSS (VmHWM) to a
#: file: the child's own figure, where ``ru_maxrss`` of a forked child also counts the parent's
#: memory at the fork (Linux keeps the pre-exec high-water mark), the whole city in this script
PEAK_RSS_RUNNER = ("import sys; from parkgis.cli.main import run_cli; code = run_cli(sys.argv[2:]); "
                   "open(sys.argv[1], 'w').write(next(l.split()[1] for l in open('/proc/self/status') "
                   "if l.startswith('VmHWM'))); sys.exit(code)")


def run_clients(commands: list[list[str]], env: dict) -> tuple[float, list[int]]:
    """Start the ``parkgis`` commands together; (wall seconds until the last ends, peak RSS in MiB of
    each process)."""
    started = time.perf_counter()
    logs = [tempfile.TemporaryFile() for _ in commands]
    peaks = [tempfile.NamedTemporaryFile(suffix=".rss", delete=False) for _ in commands]
    procs = [subprocess.Popen([sys.executable, "-c", PEAK_RSS_RUNNER, peak.name, *cmd], env=env,
                              stdout=subprocess.DEVNULL, stderr=log)
             for cmd, log, peak in zip(commands, logs, peaks, strict=True)]
    rss = []
    for proc, log, peak in zip(procs, logs, peaks, strict=True):
        proc.wait()
        log.seek(0)
        err = log.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise SystemExit(f"bench_team_check: parkgis {' '.join(commands[0])} failed: {err[-2000:]}")
        rss.append(int(Path(peak.name).read_text()) // 1024)   # VmHWM is in kB
        os.unlink(peak.name)
    return time.perf_counter() - started, rss


def check_command(url: str, out: Path, *extra: str) -> list[str]:
    return ["check", url, "--format", "json", "-o", str(out), *extra]


def agreement(desktop: dict, database: dict) -> tuple[int, int, list[str]]:
    """(identical parcels, parcels equal with areas to 0.01 m², a few differences)."""
    from compare_check_json import parcels_agree

    by_fid = {p["fid"]: p for p in database["parcels"]}
    identical = close = 0
    shown: list[str] = []
    for want in desktop["parcels"]:
        got = by_fid.get(want["fid"])
        identical += got == want
        why = parcels_agree(want, got)
        close += why is None
        if why is not None and len(shown) < 5:
            shown.append(f"{want['id']}: {why}")
    return identical, close, shown


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", default="tiny")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--changed", type=int, default=100)
    args = ap.parse_args(argv)
    import shapely
    import synthetic_city
    from pgserver import ADMIN_PASSWORD, LocalPostgres, ServerUnavailable

    from parkgis.core.project import Project
    from parkgis.core.store.base import ChangeSet, FeatureChange, FeatureState, now_text
    from parkgis.core.store.postgis import PostGISStore, publish_project

    scale = args.scale if args.scale in synthetic_city.SCALES else int(args.scale)
    server = LocalPostgres()
    try:
        server.start()
    except ServerUnavailable as exc:
        print(f"bench_team_check: no PostgreSQL server: {exc}")
        server.stop()
        return 0
    env = dict(os.environ, PGPASSWORD=ADMIN_PASSWORD, PYTHONPATH=str(HERE.parent))
    os.environ["PGPASSWORD"] = ADMIN_PASSWORD
    lines = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-team-check-") as tmp:
            tmp = Path(tmp)
            paths = synthetic_city.generate(scale, tmp / "city")
            project_path = tmp / "city.gpkg"
            project = Project(project_path)
            for name, role in (("parcels", "parcels"), ("farmland", "farmland"), ("eco", "eco_redline"),
                               ("udb", "udb"), ("park", "park")):
                project.add_file(paths[name], role=role, name=name)
            project.save()
            project.close()
            url = server.url(schema="city")
            t = time.perf_counter()
            publish_project(project_path, url)
            publish_s = time.perf_counter() - t

            desk, db = tmp / "desktop.json", tmp / "database.json"
            desk_s, (desk_rss,) = run_clients([check_command(url, desk)], env)
            db_s, (db_rss,) = run_clients([check_command(url, db, "--in-database")], env)
            desktop = json.loads(desk.read_text(encoding="utf-8"))
            database = json.loads(db.read_text(encoding="utf-8"))
            n = len(desktop["parcels"])
            identical, close, shown = agreement(desktop, database)
            keys_same = desktop.keys() == database.keys() and desktop["summary"] == database["summary"]

            k = args.clients
            desk_k_s, desk_k_rss = run_clients([check_command(url, tmp / f"d{i}.json") for i in range(k)], env)
            db_k_s, db_k_rss = run_clients([check_command(url, tmp / f"b{i}.json", "--in-database")
                                            for i in range(k)], env)

            # incremental: move `changed` parcels by 0.5 m through parkgis commits
            store = PostGISStore(url)
            _settings, rows = store.read_project()
            layer_id = next(r["layer_id"] for r in rows if r["role"] == "parcels")
            store.tables.update({r["layer_id"]: r["name"] for r in rows})
            since = now_text()
            step = max(n // max(args.changed, 1), 1)
            fids = [int(p["fid"]) for p in desktop["parcels"][::step][:args.changed]]
            current = store.current(layer_id, fids)
            changes = [FeatureChange(fid, state, FeatureState(shapely.affinity.translate(state.geometry, 0.5, 0.0),
                                                              state.attributes), version)
                       for fid, (version, state) in current.items()]
            store.commit(ChangeSet(layer_id, "parcels", changes, session_id="bench"))
            store.close()
            inc = tmp / "incremental.json"
            inc_s, (inc_rss,) = run_clients([check_command(url, inc, "--in-database", "--changed-since", since)], env)
            full_after = tmp / "full_after.json"
            full_s, _ = run_clients([check_command(url, full_after, "--in-database")], env)
            desk_after = tmp / "desktop_after.json"
            desk_after_s, _ = run_clients([check_command(url, desk_after)], env)
            incremental = json.loads(inc.read_text(encoding="utf-8"))
            after = {p["fid"]: p for p in json.loads(desk_after.read_text(encoding="utf-8"))["parcels"]}
            rechecked = len(incremental["parcels"])
            inc_same = sum(p == after[p["fid"]] for p in incremental["parcels"])
    finally:
        server.stop()
    lines.append(f"== synthetic city, {n} parcels; publish to PostGIS {publish_s:.1f} s")
    lines.append(f"   1 client : desktop {desk_s:6.2f} s, peak RSS {desk_rss:5d} MiB | "
                 f"database {db_s:6.2f} s, peak RSS {db_rss:5d} MiB")
    lines.append(f"   {k} clients: desktop {desk_k_s:6.2f} s, peak RSS {max(desk_k_rss):5d} MiB each "
                 f"(sum {sum(desk_k_rss)}) | database {db_k_s:6.2f} s, peak RSS {max(db_k_rss):5d} MiB each "
                 f"(sum {sum(db_k_rss)})")
    lines.append(f"   incremental: {args.changed} parcels moved; --changed-since re-checks {rechecked} parcels in "
                 f"{inc_s:.2f} s (peak RSS {inc_rss} MiB) against a full database check {full_s:.2f} s and a "
                 f"full desktop check {desk_after_s:.2f} s; {inc_same}/{rechecked} identical to the desktop's")
    lines.append(f"   agreement: {identical}/{n} parcels identical JSON, {close}/{n} equal with areas to 0.01 m²; "
                 f"top-level keys and summary {'the same' if keys_same else 'DIFFER'}")
    lines.extend(f"   differs: {line}" for line in shown)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
