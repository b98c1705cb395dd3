"""Web map size and speed: a 5 000-parcel project → HTML file size, build time, and open + draw
time in headless Chromium (offline). Target (issue 6): opens and draws within 2 s.

    .venv/bin/python benchmarks/bench_webmap.py [--parcels 5000] [--runs 3] [--keep DIR]

Parcels: a jittered grid of ~80 m lots (6–9 vertices each, realistic attributes, 10 % 标准地 with
indicators and lifecycle stages) laid over the 准格尔 park of the sample project, whose 三区三线
layers are used as they are, so the conflict check has real work. Chromium timings:

- in-page: ``performance.now()`` (from navigation start) after the page script has built every
  layer and a forced layout: file read + HTML/JS parse + JSON parse + Leaflet drawing the SVG;
- screenshot wall time minus the wall time for an empty page: adds paint, minus browser start.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "webmap"))

from webmap_browser import chromium_path, offline_flags, screenshot  # noqa: E402

from parkgis.core.layers import VectorLayer  # noqa: E402
from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.webmap import render_webmap  # noqa: E402

STAGES = ["储备", "前期开发", "挂牌", "成交", "开工", "竣工", "投产"]
CODES = ["1001", "1001", "1001", "1101", "0901", "1303", "1402"]


def synthetic_project(n: int) -> Project:
    sample = Project.open(REPO / "layers" / "ordos_sample.gpkg")
    project = Project()
    for lyr in sample.layers:
        if lyr.role != Role.PARCELS:
            project.add_layer(VectorLayer(name=lyr.name, gdf=lyr.gdf, role=lyr.role, style=lyr.style))
    park = sample.layer("园区四至").gdf
    x0, y0 = park.geometry.iloc[0].centroid.coords[0]
    rng = np.random.default_rng(6)
    cols = int(np.ceil(np.sqrt(n * 1.4)))
    lot_w, lot_h = 80.0, 60.0
    geoms, rows = [], []
    for i in range(n):
        r, c = divmod(i, cols)
        bx, by = x0 - cols * lot_w / 2 + c * lot_w, y0 - (n / cols) * lot_h / 2 + r * lot_h
        k = int(rng.integers(6, 10))
        # corners plus extra points along the edges, jittered by up to 0.5 m
        t = np.sort(rng.uniform(0, 4, k))
        t[:4] = [0, 1, 2, 3] if k >= 4 else t[:4]
        t = np.sort(t)
        pts = []
        for s in t:
            side, f = int(s) % 4, s - int(s)
            w, h = lot_w - 6, lot_h - 6
            pts.append([(bx + f * w, by), (bx + w, by + f * h), (bx + w - f * w, by + h), (bx, by + h - f * h)][side])
        pts = np.array(pts) + rng.uniform(-0.5, 0.5, (len(pts), 2))
        geoms.append(shapely.Polygon(pts).buffer(0))
        std = i % 10 == 0
        rows.append({"DKBH": f"BM-{r:03d}-{c:03d}", "DKMC": f"示例地块{r}-{c}", "YDYH": CODES[i % len(CODES)],
                     "YDMJ": round(float(geoms[-1].area), 2), "BZD": "是" if std else "否",
                     "TZQD": 134.0 if std else None, "RJL": 0.8 if std else None, "MJSS": 3.0 if std else None,
                     "SMZQJD": STAGES[i % len(STAGES)] if std else None})
    parcels = gpd.GeoDataFrame(rows, geometry=geoms, crs=park.crs)
    project.add_layer(VectorLayer(name="地块", gdf=parcels, role=Role.PARCELS))
    project.settings["name"] = f"基准测试 {n} 地块"
    return project


BENCH_SCRIPT = """<script>
(function () {
  document.body.getBoundingClientRect();
  var st = window.parkgisWebmap.state;
  var pre = document.createElement('pre');
  pre.id = 'pk-bench';
  pre.textContent = JSON.stringify({ready: st.readyAt, laidOut: performance.now(),
    paths: document.querySelectorAll('.folium-map svg path').length});
  document.body.appendChild(pre);
}());
</script>"""


def chromium_in_page(page: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([chromium_path(), *offline_flags(tmp), "--window-size=1400,900", "--dump-dom",
                               page.as_uri()], capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="pk-bench">(.*?)</pre>', proc.stdout, re.S)
    if not m:
        raise RuntimeError(proc.stderr[-1000:])
    return json.loads(m.group(1).replace("&quot;", '"'))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parcels", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="folder to keep the page and screenshot in")
    args = ap.parse_args()
    if chromium_path() is None:
        print("chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    project = synthetic_project(args.parcels)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = render_webmap(project)
    t_render = time.perf_counter() - t0
    out_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="pk-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "bench.html"
    page.write_text(result.html, encoding="utf-8")
    probe = out_dir / "bench_probe.html"
    probe.write_text(result.html.replace("</html>", BENCH_SCRIPT + "</html>"), encoding="utf-8")
    blank = out_dir / "blank.html"
    blank.write_text("<!DOCTYPE html><html><body></body></html>", encoding="utf-8")
    size = page.stat().st_size
    features = sum(1 for _ in re.finditer(r'"g":\[', result.html))
    in_page = [chromium_in_page(probe) for _ in range(args.runs)]
    shots = [screenshot(page, out_dir / "bench.png", budget_ms=None) for _ in range(args.runs)]
    blanks = [screenshot(blank, out_dir / "blank.png", budget_ms=None) for _ in range(args.runs)]
    print(f"parcels: {args.parcels}  features on the page: {features}  (project built in {t_build:.2f} s)")
    print(f"render (check + encode + folium): {t_render:.2f} s   summary: {result.summary}")
    print(f"file size: {size / 1e6:.2f} MB ({size} bytes)")
    print(f"chromium in-page, script ready: {statistics.median(r['ready'] for r in in_page):.0f} ms; "
          f"after layout: {statistics.median(r['laidOut'] for r in in_page):.0f} ms  "
          f"(median of {args.runs}; SVG paths {in_page[0]['paths']})")
    print(f"chromium screenshot wall: {statistics.median(shots):.2f} s, empty page {statistics.median(blanks):.2f} s, "
          f"difference {statistics.median(shots) - statistics.median(blanks):.2f} s")
    print(f"page kept in {out_dir}" if args.keep else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
