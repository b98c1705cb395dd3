"""Speed of the 标准地 register (issue 12): adding N parcels with 5 events each in one commit, reading the
register back, one ``set`` and one ``record_event`` committed on the full register, and ``parkgis parcels
list --json`` on it.

    .venv/bin/python benchmarks/bench_register.py [N_PARCELS]      # default 1 000; files in a temporary folder
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

from parkgis.cli.main import run_cli
from parkgis.core.parcels.model import Bound, Event, ParcelRecord, Stage
from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project

D = dt.date


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-register-"))
    project = Project.create(folder / "bench.gpkg", crs=4545)
    history = [(Stage.LISTED, D(2025, 5, 10)), (Stage.SOLD, D(2025, 6, 10)), (Stage.CONTRACTED, D(2025, 6, 20)),
               (Stage.DELIVERED, D(2025, 7, 1)), (Stage.STARTED, D(2026, 3, 1))]
    records = [ParcelRecord(f"P-{k:05d}", name=f"地块{k}", park="准格尔经济开发区", area_m2=10000.0 + k,
                            land_price_wan=600.0, agreed_start=D(2026, 1, 1),
                            bounds={"investment_intensity": Bound(minimum=134.0)},
                            events=[Event(s, d, by="bench", from_stage=Stage.ASSESSMENT if i == 0 else None)
                                    for i, (s, d) in enumerate(history)]) for k in range(n)]
    t = time.perf_counter()
    with project.edit_register() as reg:
        reg.add_parcels(records)
    add = time.perf_counter() - t
    t = time.perf_counter()
    register = load_register(project)
    load = time.perf_counter() - t
    assert len(register) == n
    t = time.perf_counter()
    with project.edit_register() as reg:
        reg.set("P-00000", land_price_wan=629)
    set_one = time.perf_counter() - t
    t = time.perf_counter()
    with project.edit_register() as reg:
        reg.record_event("P-00001", Stage.COMPLETED, D(2026, 11, 1), by="bench")
    event_one = time.perf_counter() - t
    t = time.perf_counter()
    with redirect_stdout(io.StringIO()):
        assert run_cli(["parcels", "list", str(project.path), "--json"]) == 0
    listing = time.perf_counter() - t
    size = project.path.stat().st_size / 1e6
    print(f"{n} parcels, {5 * n} events: add (one commit) {add:.2f} s, load_register {load:.2f} s, "
          f"set+commit {set_one:.3f} s, record_event+commit {event_one:.3f} s, parcels list --json {listing:.2f} s, "
          f"file {size:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
