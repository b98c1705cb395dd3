"""Speed of the 标准地 evaluators (issue 12): 亩均 grading of a 1 000-firm table (target: well under a
second) and of the 1 248-firm county, idle-land evaluation (部令第53号) of 10 000 parcels, and the indicator
check of 10 000 parcels against the bundled threshold tables.

Prints the median of several runs of each.

    .venv/bin/python benchmarks/bench_parcels.py [N_PARCELS]
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time

import numpy as np
import pandas as pd

from parkgis.core.parcels.evaluation import default_rules, grade
from parkgis.core.parcels.idle import evaluate_idle_all
from parkgis.core.parcels.indicators import check_parcels
from parkgis.core.parcels.model import ParcelRecord, Stage
from parkgis.core.parcels.thresholds import load_tables

PARKS = ("准格尔经济开发区", "达拉特经济开发区", "鄂托克经济开发区", "上海庙经济开发区", "苏里格经济开发区",
         "蒙苏经济开发区", "鄂尔多斯高新技术产业开发区", "杭锦经济开发区", "园区外")


def firms(n: int, rng) -> pd.DataFrame:
    return pd.DataFrame({
        "year": 2025, "firm_id": [f"F{k:05d}" for k in range(n)], "firm_name": [f"企业{k}" for k in range(n)],
        "parcel_id": [f"P-{k:05d}" for k in range(n)], "area_mu": rng.uniform(5, 300, n),
        "tax_wan": rng.lognormal(4, 1.2, n), "sales_wan": rng.lognormal(8, 1.0, n),
        "value_added_wan": rng.lognormal(6.5, 1.0, n), "energy_tce": rng.lognormal(7, 1.5, n),
        "rd_wan": rng.lognormal(3, 1.5, n), "staff": rng.integers(5, 2000, n),
        "new_firm": rng.random(n) < 0.05, "safety_veto": rng.random(n) < 0.01, "environment_veto": rng.random(n) < 0.01,
    })


def parcels(n: int, rng) -> list[ParcelRecord]:
    start = dt.date(2023, 1, 1)
    out = []
    for k in range(n):
        agreed = start + dt.timedelta(days=int(rng.integers(0, 1200)))
        started = rng.random() < 0.6
        out.append(ParcelRecord(
            f"P-{k:05d}", park=PARKS[k % len(PARKS)], industry=("新材料", "C26", "")[k % 3],
            area_m2=float(rng.uniform(5_000, 200_000)), land_price_wan=float(rng.uniform(100, 3000)),
            agreed_start=agreed, actual_start=agreed + dt.timedelta(days=int(rng.integers(-30, 500))) if started else None,
            suspended_since=agreed + dt.timedelta(days=200) if started and rng.random() < 0.2 else None,
            developed_share=float(rng.random()), invested_share=float(rng.random()),
            committed_investment_wan=float(rng.uniform(1_000, 50_000)), annual_tax_wan=float(rng.uniform(0, 2_000)),
            building_area_m2=float(rng.uniform(1_000, 200_000)), government_delay_days=int(rng.integers(0, 2)) * 60,
            idle_cause="政府原因" if rng.random() < 0.05 else "", stage=Stage.DELIVERED))
    return out


def median_time(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    n_parcels = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = np.random.default_rng(12)
    rules = default_rules()
    for n in (1_000, 1_248, 10_000):
        table = firms(n, rng)
        seconds = median_time(lambda table=table: grade(table, rules))
        counts = grade(table, rules).counts()
        print(f"亩均 grading, {n:>6} firms: {seconds * 1000:8.1f} ms  ({counts})")
    records = parcels(n_parcels, rng)
    as_of = dt.date(2026, 12, 4)
    seconds = median_time(lambda: evaluate_idle_all(records, as_of), runs=5)
    statuses = evaluate_idle_all(records, as_of)
    summary = {s: sum(x.status == s for x in statuses) for s in ("ok", "due", "idle", "reclaim")}
    print(f"idle land, {n_parcels} parcels:    {seconds * 1000:8.1f} ms  ({summary})")
    tables = load_tables()
    seconds = median_time(lambda: check_parcels(records, tables), runs=3)
    print(f"indicator check, {n_parcels} parcels: {seconds * 1000:8.1f} ms  ({len(tables)} tables)")


if __name__ == "__main__":
    main()
