"""Editing benchmark (issue 11 targets), offscreen, on the real MapCanvas and a project file.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_editing.py                 # large city
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_editing.py --scale small --json

Data: the conflict benchmark's synthetic city (benchmarks/synthetic_city.py: at the large scale
100 000 parcels, 200 000 farmland patches, red lines, UDB and parks), generated once under
``$TMPDIR/parkgis_bench_<scale>`` like bench_check.py, saved there once as a project GeoPackage and
copied for each run (edits are committed into the copy, journalled as in the desktop app). Two
polygons of 10 000 vertices sharing a 9 998-vertex boundary are added for the drag and the
topological move.

Figures (targets from issue 11):
- vertex_drag_ms_median: one mouse-move event of a vertex drag on a 10 000-vertex polygon — snap
  query (the dragged vertex excluded), ``edit.move_vertex(..., merge_key=...)`` and a synchronous
  canvas repaint with the tool's rubber band (the two edges at the vertex)                   ≤ 8 ms
- live_feedback_ms_p95: one mouse-move event of a vertex drag on a city parcel with the live check —
  ``LiveChecker.update`` (areas, every rule, parcel-vs-parcel) and the repaint with the overlap
  pieces and the shape as rubber bands                                                       ≤ 16 ms
- topological_move_ms: ``edit.move_vertex(..., topological=True)`` of a vertex shared by the two
  10 000-vertex polygons (median)                                                           ≤ 16 ms
- snapping_ready_ms: from making the SnapIndex (parcels + farmland) to every tile of a 4 km × 2.5 km
  view ready, built by ``prepare(view, budget_ms=20)`` from the event loop                ≤ 100 ms
- max_gui_stall_ms: the longest single blocking step of all the above, and the longest gap of a 5 ms
  QTimer heartbeat while the live index is built on its worker thread                        ≤ 50 ms
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

WIDTH, HEIGHT = 1600, 1000
LAYERS = (("parcels", "parcels"), ("farmland", "farmland"), ("eco", "eco_redline"), ("udb", "udb"), ("park", "park"))
SHARED_VERTICES = 9_998


def data_folder(scale: str) -> Path:
    from synthetic_city import SCALES, generate

    data = Path(os.environ.get("TMPDIR", "/tmp")) / f"parkgis_bench_{scale}"
    if not (data / "parcels.gpkg").exists() or not (data / "park.gpkg").exists():
        t0 = time.perf_counter()
        generate(scale if scale in SCALES else int(scale), data)
        print(f"generated {scale} data in {time.perf_counter() - t0:.1f} s → {data}", file=sys.stderr)
    return data


def project_file(data: Path) -> Path:
    """The city as a project GeoPackage, made once (reading + saving 300 000 polygons: seconds)."""
    from parkgis.core.io import read_layers
    from parkgis.core.project import Project
    from parkgis.core.roles import Role

    path = data / "bench_editing_project.gpkg"
    if path.exists():
        return path
    tmp = data / "bench_editing_project.tmp.gpkg"
    tmp.unlink(missing_ok=True)
    project = Project.create(tmp, crs=4545)
    for name, role in LAYERS:
        for layer in read_layers(data / f"{name}.gpkg"):
            layer.role = Role(role)
            layer.locked = layer.role != Role.PARCELS
            layer.name = {"parcels": "地块", "farmland": "永久基本农田", "eco": "生态保护红线", "udb": "城镇开发边界",
                          "park": "园区"}[name]
            project.add_layer(layer)
    project.save()
    project.close()
    tmp.replace(path)
    return path


def twin_polygons(x0: float, y0: float) -> tuple[shapely.Polygon, shapely.Polygon]:
    """Two polygons of ~10 000 vertices sharing a wavy 9 998-vertex boundary (5 km long)."""
    t = np.linspace(0.0, 1.0, SHARED_VERTICES)
    line = np.c_[x0 + 6.0 * np.sin(t * 400.0) + 2.0 * np.sin(t * 3100.0), y0 + 5000.0 * t]
    west = np.vstack([line, [[x0 - 800.0, y0 + 5000.0], [x0 - 800.0, y0]]])
    east = np.vstack([line[::-1], [[x0 + 800.0, y0], [x0 + 800.0, y0 + 5000.0]]])
    return shapely.orient_polygons(shapely.Polygon(west)), shapely.orient_polygons(shapely.Polygon(east))


class BenchTool:
    """A map tool that only draws rubber bands (what the vertex tool shows while dragging)."""

    cursor = "cross"

    def __init__(self) -> None:
        self.items: list = []

    def rubber(self):
        return self.items

    def reset(self) -> None:
        self.items = []


def pump(app, seconds: float = 0.0) -> None:
    end = time.perf_counter() + seconds
    app.processEvents()
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", default="large", help="tiny | small | large | a parcel count (default large)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--moves", type=int, default=200, help="mouse-move events per measurement")
    a = ap.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from parkgis.core.editing.live import live_checker
    from parkgis.core.editing.snapping import SnapIndex
    from parkgis.core.project import Project
    from parkgis.gui.canvas import MapCanvas, MapView

    data = data_folder(a.scale)
    source = project_file(data)
    work = Path(tempfile.mkdtemp(prefix="bench-editing-"))
    path = work / "city.gpkg"
    shutil.copyfile(source, path)
    stalls: dict[str, float] = {}
    out: dict = {"scale": a.scale, "cores": os.cpu_count()}
    try:
        t0 = time.perf_counter()
        project = Project.open(path)
        out["open_project_s"] = time.perf_counter() - t0
        parcels = project.layer("地块")
        farmland = project.layer("永久基本农田")
        out["features"] = {lyr.name: len(lyr.gdf) for lyr in project.layers}

        bx0, by0, bx1, by1 = parcels.gdf.total_bounds
        twin_x, twin_y = float(bx1) + 30_000.0, float(by0)
        west, east = twin_polygons(twin_x, twin_y)
        with project.edit(parcels) as edit:
            fid_w, fid_e = edit.add_features([(west, {"DKBH": "BENCH-W"}), (east, {"DKBH": "BENCH-E"})])
        edit = project.edit(parcels)

        app = QApplication.instance() or QApplication([])
        canvas = MapCanvas()
        canvas.resize(WIDTH, HEIGHT)
        canvas.show()
        canvas.set_layers(project.layers, project.crs, zoom_full=False)
        tool = BenchTool()
        canvas.set_tool(tool)

        def show(cx: float, cy: float, span_x: float = 4000.0) -> MapView:
            half_x, half_y = span_x / 2, span_x * HEIGHT / WIDTH / 2
            canvas.set_view(MapView.fit((cx - half_x, cy - half_y, cx + half_x, cy + half_y), WIDTH, HEIGHT,
                                        margin=0.0), True)
            t = time.perf_counter()
            while canvas.is_rendering() and time.perf_counter() - t < 120:
                pump(app, 0.005)
            pump(app, 0.05)
            return canvas.view

        # ------------------------------------------------------------ snapping ready
        city_x, city_y = (bx0 + bx1) / 2, (by0 + by1) / 2
        view = show(city_x, city_y)
        extent = view.extent()
        t_start = time.perf_counter()
        snap = SnapIndex(project, [parcels, farmland])
        steps = []
        while True:
            t = time.perf_counter()
            ready = snap.prepare(extent, budget_ms=20.0)
            steps.append(ms(t))
            if ready:
                break
            app.processEvents()   # the GUI timer's turn between steps
        out["snapping_ready_ms"] = ms(t_start)
        out["snapping_prepare_calls"] = len(steps)
        out["snapping_longest_step_ms"] = snap.stats["longest_step_ms"]
        stalls["snapping prepare call"] = max(steps)
        rng = np.random.default_rng(7)
        qs = []
        for _ in range(300):
            p = (rng.uniform(extent[0], extent[2]), rng.uniform(extent[1], extent[3]))
            t = time.perf_counter()
            snap.snap(p, 3 * view.mpp)
            qs.append(ms(t))
        out["snap_query_ms_median"] = statistics.median(qs)
        out["snap_query_ms_max"] = max(qs)
        stalls["snap query"] = max(qs)

        # ------------------------------------------------------------ vertex drag, 10 000 vertices
        view = show(twin_x - 800.0, twin_y, 1500.0)
        snap.close()
        snap = SnapIndex(project, [parcels, farmland])
        while not snap.prepare(view.extent(), 20.0):
            app.processEvents()
        # the south-west corner: dragged anywhere without making the polygon invalid
        corner = SHARED_VERTICES + 1
        vertex = (0, 0, corner)
        geom = edit.feature(fid_w).geometry
        ring = shapely.get_coordinates(geom.exterior)
        n = len(ring) - 1
        drag = []
        parts: dict[str, list[float]] = {"snap": [], "move_vertex": [], "repaint": []}
        steps_before = len(project.undo_stack)
        ox, oy = ring[corner]
        prev, nxt = tuple(ring[corner - 1]), tuple(ring[(corner + 1) % n])
        for k in range(a.moves):
            to = (ox - 0.3 * k, oy + 0.05 * k)
            t = time.perf_counter()
            m = snap.snap(to, 3 * view.mpp, exclude=(parcels.id, fid_w, vertex))
            target = m.point if m is not None else to
            t1 = time.perf_counter()
            edit.move_vertex(fid_w, vertex, target, merge_key="bench-drag")
            t2 = time.perf_counter()
            tool.items = [("line", [prev, target, nxt])]
            canvas.repaint()
            drag.append(ms(t))
            parts["snap"].append((t1 - t) * 1000)
            parts["move_vertex"].append((t2 - t1) * 1000)
            parts["repaint"].append(ms(t2))
            app.processEvents()
        out["vertex_drag_ms_median"] = statistics.median(drag)
        out["vertex_drag_ms_p95"] = float(np.percentile(drag, 95))
        out["vertex_drag_parts_ms_median"] = {k: statistics.median(v) for k, v in parts.items()}
        stalls["vertex drag event"] = max(drag)
        out["vertex_drag_undo_steps"] = len(project.undo_stack) - steps_before
        # the same drag with the whole 10 000-vertex outline as the rubber band (how the canvas
        # paints a "line" rubber today: one marker per vertex)
        full = []
        coords_now = [tuple(c) for c in shapely.get_coordinates(edit.feature(fid_w).geometry.exterior)]
        for _ in range(20):
            tool.items = [("line", coords_now)]
            t = time.perf_counter()
            canvas.repaint()
            full.append(ms(t))
        out["repaint_full_outline_10k_ms_median"] = statistics.median(full)

        # ------------------------------------------------------------ topological move of a shared vertex
        shared = (0, 0, 3_000)
        sx, sy = shapely.get_coordinates(edit.feature(fid_w).geometry.exterior)[3_000]
        topo = []
        for _ in range(40):
            to = (sx + 0.01, sy)   # along x: the boundary stays monotonic in y, the polygons valid
            t = time.perf_counter()
            edit.move_vertex(fid_w, shared, to, topological=True, merge_key="bench-topo")
            topo.append(ms(t))
            sx, sy = to
        east_coords = shapely.get_coordinates(edit.feature(fid_e).geometry)
        followed = bool(np.any(np.all(np.isclose(east_coords, [sx, sy], atol=1e-9, rtol=0), axis=1)))
        out["topological_move_ms"] = statistics.median(topo)
        out["topological_move_ms_max"] = max(topo)
        out["topological_neighbour_followed"] = followed
        out["twin_polygons_valid"] = bool(edit.feature(fid_w).geometry.is_valid and edit.feature(fid_e).geometry.is_valid)
        stalls["topological move"] = max(topo)

        # ------------------------------------------------------------ live compliance feedback
        checker = live_checker(project, parcels)
        heartbeat = QTimer()
        heartbeat.setInterval(5)
        clock = QElapsedTimer()
        gaps: list[float] = []
        last = [None]

        def tick():
            now = clock.nsecsElapsed() / 1e6
            if last[0] is not None:
                gaps.append(now - last[0])
            last[0] = now
        heartbeat.timeout.connect(tick)
        clock.start()
        last[0] = 0.0
        heartbeat.start()
        t = time.perf_counter()
        checker.prepare(background=True)
        stalls["live index: start (snapshot on the GUI thread)"] = ms(t)
        t_build = time.perf_counter()
        while not checker.ready:
            pump(app, 0.002)
            checker._collect()
        heartbeat.stop()
        out["live_index_build_s"] = time.perf_counter() - t_build
        out["live_build_heartbeat_max_gap_ms"] = max(gaps) if gaps else 0.0
        stalls["heartbeat gap while the live index builds"] = out["live_build_heartbeat_max_gap_ms"]

        city = parcels.gdf.cx[bx0 + 3000:bx1 - 3000, by0 + 3000:by1 - 3000]
        chosen = rng.choice(city.index.to_numpy(), size=20, replace=False)
        live, statuses = [], {}
        for fid in chosen.tolist():
            g = edit.feature(fid).geometry
            cx, cy = g.centroid.x, g.centroid.y
            show(cx, cy, 600.0)
            checker.begin(fid)
            exterior = shapely.get_coordinates(g.exterior)
            for k in range(max(10, a.moves // 20)):
                pts = exterior.copy()
                pts[0] += (0.8 * k, 0.5 * k)
                pts[-1] = pts[0]
                shape = shapely.Polygon(pts)
                t = time.perf_counter()
                result = checker.update(shape)
                # the overlap pieces (each polygon's shell) and the shape, painted over the cached images
                tool.items = [("polygon", [tuple(c) for c in shapely.get_coordinates(part.exterior)])
                              for piece in result.pieces for part in shapely.get_parts(piece.geometry)
                              if part.geom_type == "Polygon"]
                tool.items += [("line", [tuple(c) for c in pts])]
                canvas.repaint()
                live.append(ms(t))
                statuses[result.status] = statuses.get(result.status, 0) + 1
                app.processEvents()
            checker.end()
        out["live_feedback_ms_median"] = statistics.median(live)
        out["live_feedback_ms_p95"] = float(np.percentile(live, 95))
        out["live_feedback_statuses"] = statuses
        stalls["live feedback event"] = max(live)

        out["max_gui_stall_ms"] = max(stalls.values())
        out["max_gui_stall_step"] = max(stalls, key=stalls.get)
        out["stalls_ms"] = stalls
        edit.rollback()
        snap.close()
        checker.close()
        canvas.close()
        project.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if a.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    targets = {"vertex_drag_ms_median": 8, "live_feedback_ms_p95": 16, "topological_move_ms": 16,
               "snapping_ready_ms": 100, "max_gui_stall_ms": 50}
    print(f"bench_editing  scale={a.scale}  {out['features']}  cores={out['cores']}")
    for key, target in targets.items():
        value = out[key]
        print(f"  {key:28s} {value:8.2f} ms   target ≤ {target} ms  {'ok' if value <= target else 'MISSED'}")
    print(f"  snapping: {out['snapping_prepare_calls']} prepare calls, longest build step "
          f"{out['snapping_longest_step_ms']:.1f} ms; query median {out['snap_query_ms_median']:.2f} ms, "
          f"max {out['snap_query_ms_max']:.2f} ms")
    print("  vertex drag per event (median): " + ", ".join(f"{k} {v:.2f} ms" for k, v in
                                                        out["vertex_drag_parts_ms_median"].items()))
    print(f"  vertex drag p95 {out['vertex_drag_ms_p95']:.2f} ms; a repaint with the whole 10 000-vertex "
          f"outline as rubber band: {out['repaint_full_outline_10k_ms_median']:.1f} ms")
    print(f"  topological move max {out['topological_move_ms_max']:.2f} ms, neighbour followed: "
          f"{out['topological_neighbour_followed']}")
    print(f"  live feedback median {out['live_feedback_ms_median']:.2f} ms ({out['live_feedback_statuses']}); "
          f"live index built in {out['live_index_build_s']:.2f} s on a worker thread, heartbeat max gap "
          f"{out['live_build_heartbeat_max_gap_ms']:.1f} ms")
    print(f"  longest GUI stall: {out['max_gui_stall_step']} ({out['max_gui_stall_ms']:.1f} ms)")
    print(f"  (project opened in {out['open_project_s']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
