"""Commit speed of edit sessions (issue 10): a project of 300 000 parcels in one GeoPackage.

Prints: open, commit of 1 changed feature (median of 30; attribute and geometry), 1 000 changed
features, a save after an attribute edit, and a whole-file save ("Save As"). Targets: 1 feature
≤ 20 ms median, 1 000 features ≤ 150 ms, no save costing seconds after an edit.

    .venv/bin/python benchmarks/bench_commit.py [N_FEATURES]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role


def build(path: Path, n: int) -> None:
    side = int(np.ceil(np.sqrt(n)))
    i = np.arange(n)
    x0, y0 = 37_500_000 + (i % side) * 60.0, 4_400_000 + (i // side) * 60.0
    geoms = shapely.box(x0, y0, x0 + 50, y0 + 50)
    gdf = gpd.GeoDataFrame({"DKBH": [f"P{k:06d}" for k in i], "RJL": np.round(1 + (i % 30) / 10, 1),
                            "YDYH": np.where(i % 2, "1001", "0601")}, geometry=geoms, crs=4525)
    project = Project(path)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    folder = Path(tempfile.mkdtemp(prefix="bench-commit-"))
    path = folder / "园区.gpkg"
    t = timed(lambda: build(path, n))
    print(f"features: {n}; build + first save: {t / 1000:.1f} s")
    project = None

    def do_open():
        nonlocal project
        project = Project.open(path)
    print(f"open: {timed(do_open) / 1000:.2f} s")
    rng = np.random.default_rng(1)

    def one_attribute():
        fid = int(rng.integers(1, n + 1))
        edit = project.edit("地块")
        edit.set_attribute(fid, "RJL", float(rng.integers(10, 40)) / 10)
        edit.commit()

    def one_geometry():
        fid = int(rng.integers(1, n + 1))
        edit = project.edit("地块")
        g = edit.feature(fid).geometry
        edit.set_geometry(fid, shapely.affinity.translate(g, 1.0, 0.0))
        edit.commit()

    for label, fn in (("attribute", one_attribute), ("geometry", one_geometry)):
        samples = [timed(fn) for _ in range(30)]
        print(f"commit 1 feature ({label}): median {statistics.median(samples):.1f} ms, "
              f"max {max(samples):.1f} ms (target ≤ 20 ms median)")

    def thousand():
        edit = project.edit("地块")
        for fid in rng.choice(np.arange(1, n + 1), 1000, replace=False):
            edit.set_attribute(int(fid), "YDYH", "1002")
        edit.commit()
    setup = time.perf_counter()
    edit = project.edit("地块")
    fids = rng.choice(np.arange(1, n + 1), 1000, replace=False)
    for fid in fids:
        edit.set_attribute(int(fid), "YDYH", "1003")
    edit_ms = (time.perf_counter() - setup) * 1000
    commit_ms = timed(edit.commit)
    print(f"1 000 features: edits {edit_ms:.0f} ms, commit {commit_ms:.0f} ms (target ≤ 150 ms)")

    def save_after_edit():
        one_attribute()
        project.layer("地块").style["fill"] = "#ffcc00"
        project.dirty = True
        project.save()
    print(f"save after an attribute edit: {timed(save_after_edit):.0f} ms")
    print(f"whole-file save (Save As): {timed(lambda: project.save(folder / 'copy.gpkg')) / 1000:.2f} s")


if __name__ == "__main__":
    main()
