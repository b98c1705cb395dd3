"""Speed of the 台账 (issue 12): import of N parcels (5 lifecycle events and a row of annual figures each) into a
project whose parcel layer holds them, the export, and planning the re-import of the export (no change).

    .venv/bin/python benchmarks/bench_ledger.py [N_PARCELS]      # default 1 000; files in a temporary folder
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.parcels.figures import AnnualFigures
from parkgis.core.parcels.ledger import write_ledger
from parkgis.core.parcels.ledger_io import apply_import, export_ledger, plan_project_import
from parkgis.core.parcels.model import Bound, Event, ParcelRecord, Stage
from parkgis.core.project import Project
from parkgis.core.roles import Role

D = dt.date


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    ids = [f"P-{k:05d}" for k in range(n)]
    boxes = [shapely.box(500_000 + 120 * (k % 100), 4_400_000 + 120 * (k // 100),
                         500_100 + 120 * (k % 100), 4_400_100 + 120 * (k // 100)) for k in range(n)]
    project = Project(folder / "bench.gpkg")
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame({"DKBH": ids}, geometry=boxes, crs=4545),
                                  role=Role.PARCELS))
    project.save()
    project = Project.open(folder / "bench.gpkg")
    history = [(Stage.LISTED, D(2025, 5, 10)), (Stage.SOLD, D(2025, 6, 10)), (Stage.CONTRACTED, D(2025, 6, 20)),
               (Stage.DELIVERED, D(2025, 7, 1)), (Stage.STARTED, D(2026, 3, 1))]
    records = [ParcelRecord(pid, name=f"地块{pid}", park="准格尔经济开发区", land_price_wan=600.0 + k,
                            sold_on=D(2025, 6, 10), agreed_start=D(2025, 12, 31), stage=Stage.STARTED,
                            bounds={"investment_intensity": Bound(minimum=134.0)},
                            events=[Event(s, d, id=j + 1) for j, (s, d) in enumerate(history)])
               for k, pid in enumerate(ids)]
    figures = [AnnualFigures(2025, pid, f"企业{pid}", tax_wan=300.0, sales_wan=3000.0) for pid in ids]
    write_ledger(folder / "台账.xlsx", records, figures)

    start = time.perf_counter()
    planned = plan_project_import(project, folder / "台账.xlsx")
    planned_at = time.perf_counter()
    assert planned.plan.ok, planned.plan.problems[:3]
    result = apply_import(project, planned)
    applied_at = time.perf_counter()
    export_ledger(Project.open(project.path), folder / "back.xlsx")
    exported_at = time.perf_counter()
    again = plan_project_import(Project.open(project.path), folder / "back.xlsx")
    replanned_at = time.perf_counter()
    print(f"{n} parcels, {result.events} events, {result.figures_added} rows of figures: "
          f"read + plan {planned_at - start:.2f} s, apply (one commit) {applied_at - planned_at:.2f} s, "
          f"export {exported_at - applied_at:.2f} s, re-import plan {replanned_at - exported_at:.2f} s "
          f"({len(again.plan.changes)} changes, {len(again.plan.problems)} problems)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
