"""The team database under load (issue 15): N concurrent editors × M edits each against one PostGIS
project, on a private PostgreSQL 15 server on loopback (``tests/pgserver.py``). Prints figures; it
is not a pass/fail test (it does exit 1 when an update was lost or written twice).

    .venv/bin/python benchmarks/bench_team.py [--clients 2 8] [--edits 1000] [--parcels 200] [--no-restart]

Each editor is its own process with its own PostGISStore, as each desktop is. An edit is a
read-modify-write of a random parcel of the park (30 % of them on 10 "hot" parcels that everybody
edits): read it, then commit with the version read — every other edit an attribute edit (RJL), every
other a geometry edit (the parcel's east edge moved), each also adding 1 to the parcel's EDITS
counter. A conflict (someone committed the parcel since it was read) is counted, the parcel read
again and the edit retried, so every editor makes exactly M edits. Every editor's first edit is to
hot parcel 1 from the version it read before the common start, so at least N − 1 conflicts happen
whatever the scheduling (on a loaded machine the editors may otherwise hardly overlap).

Checked at the end, from the database itself:
- lost updates: Σ EDITS over the parcels must equal the number of edits committed (a lost update
  — one editor overwriting another's increment — makes it smaller);
- written twice: the audit must hold exactly one row per committed edit, and each parcel's version
  must be 1 + its EDITS;
- commit latency per editor (p50 / p95 of the successful commit calls, in ms).

The restart run restarts the server (``pg_ctl restart -m fast``) when half the edits are done:
every editor's connection is dropped mid-whatever; the stores reconnect (``retry_seconds``) and
resume; a commit whose COMMIT went out just before the drop is looked up in ``parkgis_commits``
instead of being written again.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

X0, Y0 = 500_000.0, 4_400_000.0      # EPSG:4545 (CGCS2000 / 3° GK, CM 108°E), Ordos
HOT = 10


def build_project(path: Path, parcels: int) -> None:
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer
    from parkgis.core.project import Project
    from parkgis.core.roles import Role

    side = int(parcels ** 0.5 + 0.999)
    boxes = [shapely.box(X0 + 120 * (i % side), Y0 + 120 * (i // side), X0 + 120 * (i % side) + 100,
                         Y0 + 120 * (i // side) + 100) for i in range(parcels)]
    gdf = gpd.GeoDataFrame({"DKBH": [f"P-{i + 1:04d}" for i in range(parcels)], "RJL": [1.0] * parcels,
                            "EDITS": [0] * parcels}, geometry=boxes, crs=4545)
    project = Project(path)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()


def editor(index: int, url: str, password: str, layer_id: str, parcels: int, edits: int, progress, out,
           ready=None, go=None) -> None:
    try:
        _editor(index, url, password, layer_id, parcels, edits, progress, out, ready, go)
    except BaseException as exc:   # reported, so that the run fails instead of waiting for this editor
        out.put({"editor": index, "error": f"{type(exc).__name__}: {exc}"})
        raise


def _editor(index: int, url: str, password: str, layer_id: str, parcels: int, edits: int, progress, out,
            ready=None, go=None) -> None:
    import shapely

    from parkgis.core.errors import DataError
    from parkgis.core.store.base import ChangeSet, ConflictError, FeatureChange, FeatureState
    from parkgis.core.store.postgis import PostGISStore

    os.environ["PGPASSWORD"] = password
    if os.environ.get("BENCH_TEAM_DEBUG"):
        import faulthandler
        faulthandler.dump_traceback_later(float(os.environ["BENCH_TEAM_DEBUG"]), exit=True)
    store = PostGISStore(url, {layer_id: "地块"}, retry_seconds=60, client=f"bench-editor-{index}")
    # every editor's first edit is to hot parcel 1 from the version read before the start: however the
    # machine schedules the processes, all but one of those first commits meet a conflict
    first_read = store.current(layer_id, [1])[1]
    if ready is not None:
        # start together: a process spawned on a loaded machine may otherwise begin after the others
        # are done, and editors that never overlap never conflict
        with ready.get_lock():
            ready.value += 1
        go.wait(120)
    rng = random.Random(1000 + index)
    latencies, conflicts, reconnect_waits = [], 0, 0
    done = 0
    while done < edits:
        if first_read is not None:
            fid = 1
        else:
            fid = rng.randint(1, HOT) if rng.random() < 0.3 else rng.randint(1, parcels)
        while True:
            if first_read is not None:
                (version, state), first_read = first_read, None
            else:
                try:
                    version, state = store.current(layer_id, [fid])[fid]
                except DataError:          # the server restarting: read again
                    reconnect_waits += 1
                    time.sleep(0.2)
                    continue
            attributes = dict(state.attributes, EDITS=int(state.attributes["EDITS"]) + 1)
            if done % 2 == 0:
                attributes["RJL"] = round(float(state.attributes["RJL"]) + 0.01, 4)
                geometry = state.geometry
            else:
                minx, miny, maxx, maxy = state.geometry.bounds
                geometry = shapely.box(minx, miny, X0 + 120 * ((fid - 1) % int(parcels ** 0.5 + 0.999)) + 100
                                       + rng.uniform(-5, 5), maxy)
            change = FeatureChange(fid, state, FeatureState(geometry, attributes), version)
            started = time.perf_counter()
            try:
                store.commit(ChangeSet(layer_id, "地块", [change], session_id=f"editor-{index}"))
            except ConflictError:
                conflicts += 1
                continue
            latencies.append(time.perf_counter() - started)
            break
        done += 1
        with progress.get_lock():
            progress.value += 1
    store.close()
    out.put({"editor": index, "edits": done, "conflicts": conflicts, "latencies": latencies,
             "read_retries": reconnect_waits, "reconnects": store.connections_opened - 1})


def run(server, clients: int, edits: int, parcels: int, restart: bool, workdir: Path) -> dict:
    import psycopg  # noqa: F401  (fail early when missing)
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.project import Project
    from parkgis.core.store.postgis import publish_project

    os.environ["PGPASSWORD"] = ADMIN_PASSWORD
    schema = f"bench_{clients}_{'restart' if restart else 'plain'}"
    path = workdir / f"{schema}.gpkg"
    build_project(path, parcels)
    url = server.url(schema=schema)
    publish_project(path, url)
    project = Project.open(url)
    layer_id = project.layer("地块").id
    project.close()
    ctx = mp.get_context("spawn")
    progress, out = ctx.Value("i", 0), ctx.Queue()
    ready, go = ctx.Value("i", 0), ctx.Event()
    procs = [ctx.Process(target=editor, args=(i, url, ADMIN_PASSWORD, layer_id, parcels, edits, progress, out,
                                              ready, go))
             for i in range(clients)]
    for p in procs:
        p.start()
    deadline = time.monotonic() + 120
    while ready.value < clients and time.monotonic() < deadline and all(p.is_alive() for p in procs):
        time.sleep(0.02)
    go.set()
    started = time.perf_counter()
    restarted_at = None
    if restart:
        while progress.value < clients * edits // 2 and any(p.is_alive() for p in procs):
            time.sleep(0.05)
        restarted_at = progress.value
        t = time.perf_counter()
        server.restart()
        restart_s = time.perf_counter() - t
    results = [out.get(timeout=3600) for _ in procs]
    for p in procs:
        p.join()
    errors = [r for r in results if "error" in r]
    if errors:
        raise RuntimeError("; ".join(f"editor {r['editor']}: {r['error']}" for r in errors))
    wall = time.perf_counter() - started
    committed = sum(r["edits"] for r in results)
    total_edits, = server.admin_sql(f'SELECT sum("EDITS") FROM {schema}."地块"')[0]
    audit_rows, = server.admin_sql(f"SELECT count(*) FROM {schema}.parkgis_audit WHERE fid IS NOT NULL")[0]
    bad_versions, = server.admin_sql(f'SELECT count(*) FROM {schema}."地块" WHERE parkgis_version <> 1 + "EDITS"')[0]
    report = {"clients": clients, "edits_each": edits, "committed": committed, "sum_EDITS": int(total_edits),
              "lost_updates": committed - int(total_edits), "audit_rows": int(audit_rows),
              "written_twice": int(audit_rows) - committed, "parcels_version_mismatch": int(bad_versions),
              "conflicts": sum(r["conflicts"] for r in results), "wall_s": round(wall, 2),
              "edits_per_s": round(committed / wall, 1), "restart": restart}
    if restart:
        report.update(restarted_after_edits=restarted_at, restart_s=round(restart_s, 2),
                      read_retries=sum(r["read_retries"] for r in results),
                      reconnects=sum(r["reconnects"] for r in results))
    report["per_editor"] = [{"editor": r["editor"], "conflicts": r["conflicts"],
                             "p50_ms": round(1000 * statistics.median(r["latencies"]), 2),
                             "p95_ms": round(1000 * _p95(r["latencies"]), 2)} for r in sorted(results, key=lambda r: r["editor"])]
    return report


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def print_report(report: dict) -> None:
    head = (f"{report['clients']} editors × {report['edits_each']} edits"
            + (" (server restarted mid-run)" if report["restart"] else ""))
    print(f"== {head}")
    print(f"   committed {report['committed']}, Σ EDITS {report['sum_EDITS']}: lost updates {report['lost_updates']}; "
          f"audit rows {report['audit_rows']}: written twice {report['written_twice']}; "
          f"version ≠ 1 + EDITS on {report['parcels_version_mismatch']} parcels")
    print(f"   conflicts detected and retried: {report['conflicts']}; {report['wall_s']} s wall, "
          f"{report['edits_per_s']} edits/s")
    if report["restart"]:
        print(f"   restart after {report['restarted_after_edits']} edits, pg_ctl restart took {report['restart_s']} s, "
              f"{report['reconnects']} reconnections, {report['read_retries']} reads retried")
    for e in report["per_editor"]:
        print(f"   editor {e['editor']}: commit p50 {e['p50_ms']} ms, p95 {e['p95_ms']} ms, {e['conflicts']} conflicts")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[2, 8])
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--parcels", type=int, default=200)
    parser.add_argument("--no-restart", action="store_true", help="skip the runs with a server restart")
    args = parser.parse_args(argv)
    from pgserver import LocalPostgres, ServerUnavailable

    server = LocalPostgres()
    try:
        server.start()
    except ServerUnavailable as exc:
        print(f"bench_team: no PostgreSQL server: {exc}")
        server.stop()
        return 0
    failed = False
    try:
        with tempfile.TemporaryDirectory(prefix="bench-team-") as tmp:
            for clients in args.clients:
                for restart in ((False,) if args.no_restart else (False, True)):
                    report = run(server, clients, args.edits, args.parcels, restart, Path(tmp))
                    print_report(report)
                    failed |= bool(report["lost_updates"] or report["written_twice"]
                                   or report["parcels_version_mismatch"])
    finally:
        server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
