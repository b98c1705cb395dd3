"""Benchmark of the conflict check (issue 3 §5). Prints figures; it is not a pass/fail test.

    python benchmarks/bench_check.py --scale small
    python benchmarks/bench_check.py --scale large --baseline-timeout 900

Times, in the same run:
1. ``parkgis check`` end to end in a fresh process (read 5 GeoPackages, validate, all rules, write
   JSON), with the child's peak RSS; and the same in-process with a breakdown;
2. the naive baseline: ``geopandas.overlay`` per layer against the dissolved constraint layer
   (and parcels against parcels), in a child process with a timeout;
3. ``sjoin`` + vectorised ``shapely.intersection`` + per-parcel union (no covers/relate shortcuts);
4. the incremental re-check of 1 000 random parcels moved by up to 5 m (p50/p95).
Both baselines get the parcels repaired first (``make_valid``): a single bow-tie aborts them otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

#: file → (layer role, overlay kind, rule name)
LAYERS = {"eco": ("eco_redline", "intersection", "eco_redline"), "farmland": ("farmland", "intersection", "farmland"),
          "udb": ("udb", "difference", "outside_udb"), "park": ("park", "difference", "outside_park")}


def _read(data: Path):
    import pyogrio

    return {name: pyogrio.read_dataframe(data / f"{name}.gpkg", use_arrow=True)
            for name in ("parcels", *LAYERS)}


def _repaired_parcels(gdf):
    from parkgis.core.analysis import repair

    gdf = gdf[["DKBH", "geometry"]].copy()
    fixed, _, _ = repair(gdf.geometry.values)
    gdf["geometry"] = fixed
    return gdf[~gdf.geometry.is_empty]


def baseline_overlay(data: Path) -> dict:
    """Dissolve each constraint layer, overlay the parcels with it; parcels with parcels."""
    import geopandas as gpd

    t0 = time.perf_counter()
    layers = _read(data)
    parcels = _repaired_parcels(layers["parcels"])
    totals = {}
    for name, (_, how, rule) in LAYERS.items():
        dissolved = layers[name][["geometry"]].dissolve()
        res = gpd.overlay(parcels, dissolved, how=how, keep_geom_type=True)
        totals[rule] = float(res.area.sum())
    pairs = gpd.overlay(parcels, parcels, how="intersection", keep_geom_type=True)
    pairs = pairs[pairs["DKBH_1"] != pairs["DKBH_2"]]
    totals["parcel_overlap"] = float(pairs.dissolve("DKBH_1").area.sum())
    return {"seconds": time.perf_counter() - t0, "totals": totals}


def baseline_sjoin(data: Path) -> dict:
    """sjoin for candidate pairs, vectorised intersection on every pair, union per parcel."""
    import geopandas as gpd
    import numpy as np
    import shapely

    t0 = time.perf_counter()
    layers = _read(data)
    parcels = _repaired_parcels(layers["parcels"])
    pg = parcels.geometry.values
    totals = {}

    def union_per_parcel(pidx, pieces):
        s = gpd.GeoSeries(pieces, index=pidx)
        return s.groupby(level=0).agg(lambda x: shapely.union_all(np.asarray(x)))

    for name, (_, how, rule) in LAYERS.items():
        layer = layers[name][["geometry"]]
        j = gpd.sjoin(parcels, layer, predicate="intersects")
        pidx = j.index.to_numpy()
        pieces = shapely.intersection(np.asarray(pg)[pidx], layer.geometry.values[j["index_right"].to_numpy()])
        unions = union_per_parcel(pidx, pieces)
        if how == "intersection":
            totals[rule] = float(shapely.area(unions.values).sum())
        else:
            outside = shapely.area(np.asarray(pg)).copy()
            outside[unions.index.to_numpy()] = shapely.area(
                shapely.difference(np.asarray(pg)[unions.index.to_numpy()], np.asarray(unions.values)))
            totals[rule] = float(outside.sum())
    j = gpd.sjoin(parcels, parcels[["geometry"]], predicate="intersects")
    j = j[j.index != j["index_right"]]
    pidx = j.index.to_numpy()
    pieces = shapely.intersection(np.asarray(pg)[pidx], np.asarray(pg)[j["index_right"].to_numpy()])
    totals["parcel_overlap"] = float(shapely.area(union_per_parcel(pidx, pieces).values).sum())
    return {"seconds": time.perf_counter() - t0, "totals": totals}


def engine_in_process(data: Path) -> dict:
    from parkgis.core.analysis import ConflictIndex
    from parkgis.core.io import read_layers
    from parkgis.core.report import write_json

    t0 = time.perf_counter()
    layers = {name: read_layers(data / f"{name}.gpkg") for name in ("parcels", *LAYERS)}
    t1 = time.perf_counter()
    index = ConflictIndex(layers["parcels"], {role: layers[name] for name, (role, _, _) in LAYERS.items()})
    t2 = time.perf_counter()
    result = index.run()
    t3 = time.perf_counter()
    write_json(result, data / "bench_inprocess.json")
    t4 = time.perf_counter()
    totals: dict[str, float] = {}
    sliver_totals: dict[str, float] = {}
    for p in result.parcels:
        for c in p.conflicts:
            totals[c.rule] = totals.get(c.rule, 0.0) + c.area_m2
        for s in p.slivers:
            sliver_totals[s.rule] = sliver_totals.get(s.rule, 0.0) + s.area_m2
    return {"read": t1 - t0, "prepare": t2 - t1, "rules": t3 - t2, "write_json": t4 - t3, "total": t4 - t0,
            "totals": totals, "sliver_totals": sliver_totals, "summary": result.summary, "index": index}


def incremental(index, n: int, seed: int = 1) -> dict:
    import numpy as np
    import shapely

    rng = np.random.default_rng(seed)
    rows = rng.choice(np.flatnonzero(index.present), size=min(n, int(index.present.sum())), replace=False)
    times = []
    for row in rows:
        moved = shapely.affinity.translate(index.geoms[row], *rng.uniform(-5, 5, 2))
        t0 = time.perf_counter()
        index.check_geometry(moved, parcel_index=int(row))
        times.append(time.perf_counter() - t0)
    ms = np.array(times) * 1000
    patch = []
    for row in rows:   # committing an edit: the index patched in place, by fid (issue 10: ≤ 2 ms)
        moved = shapely.affinity.translate(index.geoms[row], *rng.uniform(-5, 5, 2))
        t0 = time.perf_counter()
        index.update_parcel(int(index.fids[row]), moved)
        patch.append(time.perf_counter() - t0)
    patch_ms = np.array(patch) * 1000
    return {"n": len(ms), "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "max_ms": float(ms.max()), "patch_p50_ms": float(np.percentile(patch_ms, 50)),
            "patch_max_ms": float(patch_ms.max())}


def _child(kind: str, data: Path, timeout: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--data", str(data)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "timeout": timeout, "wall": time.perf_counter() - t0}
    if proc.returncode != 0:
        return {"seconds": None, "error": proc.stderr.strip().splitlines()[-1:], "wall": time.perf_counter() - t0}
    out = json.loads(proc.stdout)
    out["wall"] = time.perf_counter() - t0
    return out


def _cli(data: Path) -> dict:
    cmd = [sys.executable, "-m", "parkgis", "check", "--parcels", str(data / "parcels.gpkg"),
           "--farmland", str(data / "farmland.gpkg"), "--eco", str(data / "eco.gpkg"),
           "--udb", str(data / "udb.gpkg"), "--park", str(data / "park.gpkg"), "-o", str(data / "bench_cli.json")]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"parkgis check failed: {proc.stderr}")
    return {"wall": wall, "peak_rss_mb": max(peak, before) / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", default="small", help="tiny | small | large")
    ap.add_argument("--data", type=Path, help="data folder (generated there if missing)")
    ap.add_argument("--baseline-timeout", type=float, default=600.0, help="seconds allowed to each baseline")
    ap.add_argument("--skip-overlay", action="store_true", help="skip the slow geopandas.overlay baseline")
    ap.add_argument("--incremental", type=int, default=1000, help="parcels to re-check incrementally")
    ap.add_argument("--child", choices=["overlay", "sjoin"], help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        fn = baseline_overlay if a.child == "overlay" else baseline_sjoin
        out = fn(a.data)
        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out))
        return

    from synthetic_city import SCALES, generate

    data = a.data or Path(os.environ.get("TMPDIR", "/tmp")) / f"parkgis_bench_{a.scale}"
    if not (data / "parcels.gpkg").exists():
        t0 = time.perf_counter()
        generate(a.scale if a.scale in SCALES else int(a.scale), data)
        print(f"generated {a.scale} data in {time.perf_counter() - t0:.1f} s → {data}")
    import pyogrio

    counts = {n: pyogrio.read_info(data / f"{n}.gpkg")["features"] for n in ("parcels", *LAYERS)}
    print(f"data: {data}  " + "  ".join(f"{k}={v}" for k, v in counts.items()))

    cli = _cli(data)
    print(f"parkgis check end to end (new process): {cli['wall']:.2f} s wall, child peak RSS "
          f"{cli['peak_rss_mb']:.0f} MB")
    eng = engine_in_process(data)
    print(f"  in process: read {eng['read']:.2f} s, prepare {eng['prepare']:.2f} s, rules {eng['rules']:.2f} s, "
          f"write JSON {eng['write_json']:.2f} s = {eng['total']:.2f} s   summary {eng['summary']}")
    sj = _child("sjoin", data, a.baseline_timeout)
    ov = {"seconds": None, "skipped": True} if a.skip_overlay else _child("overlay", data, a.baseline_timeout)

    def show(name, res):
        if res.get("seconds") is None:
            why = "skipped" if res.get("skipped") else (f"> {res['timeout']:.0f} s (timed out)" if "timeout" in res
                                                        else f"failed: {res.get('error')}")
            print(f"{name}: {why}")
            return
        ratio = res["seconds"] / eng["total"]
        print(f"{name}: {res['seconds']:.2f} s (peak RSS {res['peak_rss_mb']:.0f} MB)  → parkgis is "
              f"{ratio:.1f}× faster (in-process) / {res['seconds'] / cli['wall']:.1f}× (end to end)")

    show("baseline sjoin + vectorised intersection", sj)
    show("baseline geopandas.overlay per layer", ov)
    if "timeout" in ov:
        print(f"  → parkgis is > {ov['timeout'] / cli['wall']:.0f}× faster end to end")
    print("conflict totals m² (parkgis excludes slivers; sliver totals in brackets) vs baselines:")
    for rule in ("eco_redline", "farmland", "outside_udb", "outside_park", "parcel_overlap"):
        ours = eng["totals"].get(rule, 0.0)
        slv = eng["sliver_totals"].get(rule, 0.0)
        others = "  ".join(f"{k} {r['totals'][rule]:.1f}" for k, r in (("sjoin", sj), ("overlay", ov))
                           if r.get("totals"))
        print(f"  {rule:15s} parkgis {ours:.1f} (+{slv:.1f})  {others}")
    if a.incremental:
        t0 = time.perf_counter()
        index = eng["index"]
        index.check_geometry(index.geoms[0], parcel_index=0)   # builds the constraint-side trees
        warm = time.perf_counter() - t0
        inc = incremental(index, a.incremental)
        print(f"incremental re-check of {inc['n']} moved parcels: p50 {inc['p50_ms']:.2f} ms, "
              f"p95 {inc['p95_ms']:.2f} ms, max {inc['max_ms']:.2f} ms (first call, building trees: {warm:.2f} s)")
        print(f"patching the index after a commit (update_parcel by fid): p50 {inc['patch_p50_ms']:.3f} ms, "
              f"max {inc['patch_max_ms']:.3f} ms")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
