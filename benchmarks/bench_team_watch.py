"""Live change warning latency: how long after another client's commit returns the LISTEN thread
(``parkgis.core.store.watch``) calls back with it — and how long after a ``pg_ctl restart -m fast``
the watch is live again.

    .venv/bin/python benchmarks/bench_team_watch.py [--commits 200]

Starts a private PostgreSQL server (tests/pgserver.py), publishes a 20-parcel project, and makes
``--commits`` one-feature commits from a second project (one process, its own connection),
each waiting for its notification before the next."""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))


def make_project(path: Path) -> Path:
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer
    from parkgis.core.project import Project
    from parkgis.core.roles import Role

    project = Project(path)
    boxes = [shapely.box(500_000 + 120 * i, 4_400_000, 500_100 + 120 * i, 4_400_100) for i in range(20)]
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame({"RJL": [1.0] * 20}, geometry=boxes, crs=4545),
                                  role=Role.PARCELS))
    project.save()
    return path


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=200)
    args = parser.parse_args(argv)
    from pgserver import ADMIN_PASSWORD, LocalPostgres, ServerUnavailable

    from parkgis.core.project import Project
    from parkgis.core.store.postgis import publish_project
    from parkgis.core.store.watch import watch_changes

    server = LocalPostgres()
    try:
        server.start()
    except ServerUnavailable as exc:
        print(f"bench_team_watch: no PostgreSQL server: {exc}")
        server.stop()
        return 0
    import os
    os.environ["PGPASSWORD"] = ADMIN_PASSWORD
    try:
        with tempfile.TemporaryDirectory(prefix="bench-watch-") as tmp:
            url = server.url(schema="bench_watch")
            publish_project(make_project(Path(tmp) / "p.gpkg"), url)
            watched, writer = Project.open(url), Project.open(url)
            notes, states = queue.Queue(), queue.Queue()
            watcher = watch_changes(watched, lambda *n: notes.put((time.perf_counter(), n)), states.put)
            assert states.get(timeout=30) is True
            latencies = []
            for k in range(args.commits):
                fid = 1 + k % 20
                with writer.edit("地块") as edit:
                    edit.set_attribute(fid, "RJL", 2.0 + k)   # never the stored 1.0: always a change
                done = time.perf_counter()
                try:
                    heard, note = notes.get(timeout=30)
                except queue.Empty:
                    raise SystemExit(f"no notification for commit {k} (fid {fid}); live={watcher.live} error={watcher.last_error}") from None
                assert note[1] == fid
                latencies.append((heard - done) * 1000)
            restart_at = time.perf_counter()
            server.restart()
            restarted = time.perf_counter()
            assert states.get(timeout=60) is False
            assert states.get(timeout=60) is True
            live_again = time.perf_counter()
            watcher.stop(wait=True)
            watched.close()
            writer.close()
    finally:
        server.stop()
    print(f"commit returned → callback, {len(latencies)} commits: p50 {statistics.median(latencies):.2f} ms, "
          f"p95 {percentile(latencies, 0.95):.2f} ms, max {max(latencies):.2f} ms")
    print(f"pg_ctl restart -m fast took {restarted - restart_at:.2f} s; the watch was live again "
          f"{live_again - restarted:.2f} s after it returned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
