"""界址点成果表 of a city's parcels (issue 9 item 12): time and peak memory of ``parkgis
boundary-points`` on a synthetic 7 832-parcel layer, as XLSX (one sheet per parcel) and as CSV.
Prints figures; it is not a pass/fail test. Target: seconds, and under 300 MB.

    .venv/bin/python benchmarks/bench_boundary_points.py [--parcels 7832] [--keep DIR]

Parcels: the jittered cadastral tessellation of ``synthetic_city`` (EPSG:4545, ~100 m lots) with
each edge split every ~15 m (about 28 界址点 per parcel, as surveyed lots have), 1 in 20 with a hole
and 1 in 50 in two parts, written to a GeoPackage with 地块编号, 地块名称 and 四至 fields. Each
run is a fresh process (the CLI in-process there), which reports its own peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def synthetic_parcels(n: int, path: Path) -> dict:
    import pyogrio
    from synthetic_city import parcels

    gdf, _ = parcels(np.random.default_rng(9), n)
    gdf = gdf.iloc[:n].copy()
    geoms = shapely.segmentize(shapely.make_valid(gdf.geometry.values), 15.0)
    for k in range(0, n, 20):   # a courtyard hole
        c = shapely.centroid(geoms[k])
        geoms[k] = geoms[k].difference(c.buffer(8, quad_segs=2))
    for k in range(7, n, 50):   # a detached second part (an annex lot)
        x0, y0, _, _ = geoms[k].bounds
        geoms[k] = shapely.union(geoms[k], shapely.box(x0 - 40, y0 - 40, x0 - 25, y0 - 25))
    gdf = gdf.set_geometry(list(geoms))
    gdf["东至"] = "规划路"
    gdf["北至"] = "相邻地块"
    gdf["BZ"] = "备注"
    pyogrio.write_dataframe(gdf, path, layer="地块")
    return {"parcels": len(gdf), "points": int(shapely.get_num_coordinates(geoms).sum())}


def child(args: list[str]) -> None:
    from parkgis.cli.main import run_cli

    t0 = time.perf_counter()
    rc = run_cli(args)
    print(json.dumps({"rc": rc, "seconds": time.perf_counter() - t0,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def measure(src: Path, out: Path, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", "boundary-points", str(src), "-o", str(out)]
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if proc.returncode != 0:
        raise SystemExit(f"boundary-points failed: {proc.stderr[-2000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["wall"] = time.perf_counter() - t0
    res["size_mb"] = out.stat().st_size / 1e6
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parcels", type=int, default=7832)
    ap.add_argument("--keep", type=Path, help="folder for the data and the outputs (default: a temporary one)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed to each run")
    ap.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = a.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        src = folder / "parcels.gpkg"
        t0 = time.perf_counter()
        made = synthetic_parcels(a.parcels, src) if not src.exists() or a.keep is None else None
        if made:
            print(f"{made['parcels']} parcels, {made['points']} vertices, written in {time.perf_counter() - t0:.1f} s")
        for ext in ("xlsx", "csv"):
            res = measure(src, folder / f"界址点成果表.{ext}", a.timeout)
            if "timeout" in res:
                print(f"{ext}: more than {res['timeout']:.0f} s (stopped)")
                continue
            print(f"{ext}: {res['wall']:.1f} s wall ({res['seconds']:.1f} s in the command), peak RSS "
                  f"{res['peak_rss_mb']:.0f} MB, output {res['size_mb']:.1f} MB")


if __name__ == "__main__":
    main()
