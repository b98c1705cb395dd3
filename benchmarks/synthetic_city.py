"""Deterministic synthetic city-scale data near Ordos (EPSG:4545, CGCS2000 3° GK, CM 108°E) for the
conflict-check benchmark.

    python benchmarks/synthetic_city.py --scale small -o /tmp/city_small
    python benchmarks/synthetic_city.py --scale large -o /tmp/city_large

What it makes (issue 3 §5), scaled by the parcel count N:
- parcels.gpkg: a tessellation of jittered quadrilaterals (shared edges, like a cadastral map) of
  about 100 m × 100 m; 1 % enlarged so they encroach on their neighbours, 0.2 % duplicated, 0.1 %
  bow-ties (two vertices swapped);
- farmland.gpkg (永久基本农田): 2·N small irregular 8-vertex patches with KCXS, mostly in the rural
  ring around the city, 3 % inside the built-up area;
- eco.gpkg (生态保护红线): ~N/350 noisy blobs (≥ 30) of 500–10 000 vertices, a few reaching into the city;
- udb.gpkg (城镇开发边界): 4 multipolygons (one per city quadrant) of ~5 000 vertices per part, whose
  wavy boundary cuts through the outer parcels;
- park.gpkg (园区四至): 8 parks tiling the city with gaps, so some parcels lie outside every park.
The same seed gives byte-for-byte the same coordinates.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

CRS = 4545
ORIGIN = (650_000.0, 4_390_000.0)   # ~109.75°E, 39.6°N: Ordos, 150 km east of the 108°E meridian
CELL = 100.0
SCALES = {"tiny": 1_000, "small": 10_000, "large": 100_000}


def _noisy_ring(rng, cx, cy, rx, ry, n, amp, waves=7):
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    phase = rng.uniform(0, 2 * np.pi, 3)
    wobble = (np.sin(waves * t + phase[0]) * 0.5 + np.sin((2 * waves + 3) * t + phase[1]) * 0.3
              + np.sin(31 * t + phase[2]) * 0.2)
    r = 1.0 + amp * wobble + rng.normal(0, amp * 0.05, n)
    return np.c_[cx + rx * r * np.cos(t), cy + ry * r * np.sin(t)]


def parcels(rng, n_parcels):
    side = int(math.ceil(math.sqrt(n_parcels)))
    nx = ny = side
    gx, gy = np.meshgrid(np.arange(nx + 1) * CELL, np.arange(ny + 1) * CELL, indexing="ij")
    gx = gx + rng.uniform(-15, 15, gx.shape) + ORIGIN[0]
    gy = gy + rng.uniform(-15, 15, gy.shape) + ORIGIN[1]
    i, j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    i, j = i.ravel(), j.ravel()
    corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1), (i, j)]
    coords = np.stack([np.stack([gx[a, b], gy[a, b]], axis=-1) for a, b in corners], axis=1)
    coords = coords[:n_parcels]
    n = len(coords)
    centre = coords[:, :4].mean(axis=1, keepdims=True)
    grow = rng.random(n) < 0.01
    coords[grow] = centre[grow] + (coords[grow] - centre[grow]) * 1.08        # encroach on neighbours
    bow = np.flatnonzero(rng.random(n) < 0.001)
    coords[bow, 1], coords[bow, 2] = coords[bow, 2].copy(), coords[bow, 1].copy()   # bow-tie
    geoms = shapely.polygons(coords)
    ids = np.array([f"DK{k:06d}" for k in range(n)], dtype=object)
    dup = np.flatnonzero(rng.random(n) < 0.002)
    geoms = np.concatenate([geoms, geoms[dup]])
    ids = np.concatenate([ids, np.array([f"DK{k:06d}D" for k in dup], dtype=object)])
    extent = (ORIGIN[0], ORIGIN[1], ORIGIN[0] + nx * CELL, ORIGIN[1] + ny * CELL)
    return gpd.GeoDataFrame({"DKBH": ids, "DKMC": [f"地块{k}" for k in range(len(ids))]},
                            geometry=geoms, crs=CRS), extent


def farmland(rng, n_patches, extent):
    x0, y0, x1, y1 = extent
    w = x1 - x0
    ring = max(w * 0.6, math.sqrt(n_patches * 1.6) * CELL / 2)
    inside = int(n_patches * 0.03)
    outside = n_patches - inside
    # rural cells on a grid around the city, chosen without replacement so patches rarely overlap
    side = int(math.ceil((w + 2 * ring) / CELL))
    cx, cy = np.meshgrid(np.arange(side), np.arange(side), indexing="ij")
    px = x0 - ring + cx.ravel() * CELL
    py = y0 - ring + cy.ravel() * CELL
    rural = ~((px > x0 - CELL) & (px < x1) & (py > y0 - CELL) & (py < y1))
    pick = rng.choice(np.flatnonzero(rural), size=min(outside, int(rural.sum())), replace=False)
    centres = np.c_[px[pick] + CELL / 2, py[pick] + CELL / 2]
    centres = np.concatenate([centres, np.c_[rng.uniform(x0, x1, inside), rng.uniform(y0, y1, inside)]])
    k = 8
    t = (np.arange(k) + rng.uniform(0, 0.7, (len(centres), k))) * 2 * np.pi / k
    r = rng.uniform(18, 48, (len(centres), k))
    ring_xy = np.stack([centres[:, :1] + r * np.cos(t), centres[:, 1:] + r * np.sin(t)], axis=-1)
    ring_xy = np.concatenate([ring_xy, ring_xy[:, :1]], axis=1)
    geoms = shapely.polygons(ring_xy)
    n = len(geoms)
    return gpd.GeoDataFrame({"BSM": [f"JBNT{k:07d}" for k in range(n)],
                             "DLBM": rng.choice(["0101", "0102", "0103"], n),
                             "KCXS": np.round(rng.uniform(0.02, 0.15, n), 4)}, geometry=geoms, crs=CRS)


def red_lines(rng, n, extent):
    x0, y0, x1, y1 = extent
    w = x1 - x0
    geoms = []
    for k in range(n):
        if k % 10 == 0:   # a few reach into the city
            cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
            radius = rng.uniform(150, 500)
        else:
            angle = rng.uniform(0, 2 * np.pi)
            dist = rng.uniform(0.75, 1.6) * w
            cx, cy = (x0 + x1) / 2 + dist * np.cos(angle), (y0 + y1) / 2 + dist * np.sin(angle)
            radius = rng.uniform(400, 2500)
        vertices = int(rng.choice([500, 1000, 2000, 5000, 10000], p=[0.4, 0.3, 0.15, 0.1, 0.05]))
        ring = _noisy_ring(rng, cx, cy, radius, radius * rng.uniform(0.5, 1.0), vertices, 0.25)
        geoms.append(shapely.make_valid(shapely.Polygon(ring)))
    geoms = [shapely.union_all(shapely.get_parts(g)[shapely.get_type_id(shapely.get_parts(g)) == 3])
             for g in geoms]
    return gpd.GeoDataFrame({"BSM": [f"STHX{k:04d}" for k in range(n)]}, geometry=geoms, crs=CRS)


def udb(rng, extent):
    x0, y0, x1, y1 = extent
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    hw, hh = (x1 - x0) / 2, (y1 - y0) / 2
    geoms = []
    for qx, qy in ((-1, -1), (1, -1), (-1, 1), (1, 1)):
        # a wavy "superellipse" around the quadrant: its edge cuts the outermost parcels
        t = np.linspace(0, 2 * np.pi, 5000, endpoint=False)
        p = 8.0
        ct, st = np.cos(t), np.sin(t)
        sx = np.sign(ct) * np.abs(ct) ** (2 / p)
        sy = np.sign(st) * np.abs(st) ** (2 / p)
        wave = 1.0 + 0.012 * np.sin(40 * t + rng.uniform(0, 6)) + rng.normal(0, 0.0008, t.size)
        cx, cy = mx + qx * hw / 2, my + qy * hh / 2
        main = shapely.Polygon(np.c_[cx + sx * hw / 2 * 1.005 * wave, cy + sy * hh / 2 * 1.005 * wave])
        islet = shapely.Polygon(_noisy_ring(rng, cx + qx * hw * 0.8, cy + qy * hh * 0.8, hw * 0.08, hh * 0.05,
                                            5000, 0.1))
        parts = [shapely.make_valid(main), shapely.make_valid(islet)]
        geoms.append(shapely.multipolygons([q for g in parts for q in shapely.get_parts(g)
                                            if q.geom_type == "Polygon"]))
    return gpd.GeoDataFrame({"BSM": [f"CZKFBJ{k}" for k in range(4)]}, geometry=geoms, crs=CRS)


def parks(rng, extent):
    x0, y0, x1, y1 = extent
    w, h = (x1 - x0) / 4, (y1 - y0) / 2
    geoms = []
    for k in range(8):
        i, j = k % 4, k // 4
        gap = 0.04 * w
        bx0, by0 = x0 + i * w + gap, y0 + j * h + gap
        box = np.array([[bx0, by0], [bx0 + w - 2 * gap, by0], [bx0 + w - 2 * gap, by0 + h - 2 * gap],
                        [bx0, by0 + h - 2 * gap]])
        dense = shapely.segmentize(shapely.Polygon(box), w / 50)
        xy = shapely.get_coordinates(dense)[:-1]
        xy = xy + rng.normal(0, 5, xy.shape)
        geoms.append(shapely.make_valid(shapely.Polygon(xy)))
    return gpd.GeoDataFrame({"YQMC": [f"园区{k + 1}" for k in range(8)]}, geometry=geoms, crs=CRS)


def generate(scale: str | int, out: Path, seed: int = 20240611) -> dict[str, Path]:
    n = SCALES[scale] if isinstance(scale, str) else int(scale)
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    p, extent = parcels(rng, n)
    layers = {"parcels": p, "farmland": farmland(rng, 2 * n, extent),
              "eco": red_lines(rng, max(30, int(n / 350)), extent), "udb": udb(rng, extent), "park": parks(rng, extent)}
    paths = {}
    for name, gdf in layers.items():
        path = out / f"{name}.gpkg"
        if path.exists():
            path.unlink()
        gdf.to_file(path, driver="GPKG", engine="pyogrio", use_arrow=True)
        paths[name] = path
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", default="small", help="tiny | small | large | a parcel count")
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20240611)
    a = ap.parse_args()
    scale = a.scale if a.scale in SCALES else int(a.scale)
    t0 = time.perf_counter()
    paths = generate(scale, a.out, a.seed)
    for name, path in paths.items():
        print(f"{name:9s} {path}  {path.stat().st_size / 1e6:7.1f} MB")
    print(f"generated in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
