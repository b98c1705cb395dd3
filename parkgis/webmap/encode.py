"""Geometry for the page: a copy reprojected to EPSG:4326, simplified where the detail is
invisible, quantised and delta-encoded.

- Simplification (``simplify_m``, default 0.1 m) runs in the layer's projected CRS before
  reprojection: at the deepest zoom the page allows (z19, ≈ 0.23 m/px at 40°N) a 0.1 m
  displacement is below half a pixel. Areas in popups come from the original geometry.
- Coordinates are quantised to 1e-6° (≈ 0.11 m north–south, 0.085 m east–west at 40°N) and
  delta-encoded per ring: ``[x0, y0, dx1, dy1, ...]`` integers; the page divides by ``Q``.
  Ring closing points and points that coincide after quantisation are dropped; a ring left with
  fewer than 3 points (a polygon part narrower than the quantum) is dropped.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import CRS

from ..core.crs import to_crs

#: quantisation: units per degree
Q = 1_000_000
METRES_PER_DEGREE = 111_320.0

_POLYGONAL = (3, 6)
_LINEAR = (1, 2, 5)
_PUNTAL = (0, 4)


def to_lonlat(geoms: np.ndarray, crs, *, simplify_m: float = 0.1) -> np.ndarray:
    """``geoms`` (in ``crs``) simplified by ``simplify_m`` metres and reprojected to EPSG:4326."""
    crs = to_crs(crs)
    geoms = np.asarray(geoms, dtype=object)
    if simplify_m and simplify_m > 0:
        tolerance = simplify_m if crs.is_projected else simplify_m / METRES_PER_DEGREE
        geoms = shapely.simplify(geoms, tolerance, preserve_topology=True)
    target = CRS.from_epsg(4326)
    if crs.equals(target):
        return geoms
    from pyproj import Transformer

    transformer = Transformer.from_crs(crs, target, always_xy=True)

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geoms, project)


def _family(geom) -> tuple[str | None, object]:
    """("A" polygons | "L" lines | "P" points | None, the geometry reduced to that family)."""
    if geom is None or shapely.is_empty(geom):
        return None, None
    tid = shapely.get_type_id(geom)
    if tid in _POLYGONAL:
        return "A", geom
    if tid in _LINEAR:
        return "L", geom
    if tid in _PUNTAL:
        return "P", geom
    parts = shapely.get_parts(geom)
    for kind, ids, make in (("A", _POLYGONAL, shapely.multipolygons), ("L", _LINEAR, shapely.multilinestrings),
                            ("P", _PUNTAL, shapely.multipoints)):
        picked = [p for p in parts if shapely.get_type_id(p) in ids and not shapely.is_empty(p)]
        if picked:
            flat = [q for p in picked for q in shapely.get_parts(p)]
            return kind, make(flat)
    return None, None


def _runs(coords: np.ndarray, offsets: np.ndarray, *, closed: bool, min_points: int) -> list[list[int] | None]:
    """Quantise and delta-encode each run ``coords[offsets[k]:offsets[k+1]]``; ``None`` for a run
    left with fewer than ``min_points`` points."""
    n_runs = len(offsets) - 1
    if n_runs == 0:
        return []
    ints = np.round(coords[:, :2] * Q).astype(np.int64)
    n = len(ints)
    starts = np.zeros(n, dtype=bool)
    starts[offsets[:-1][offsets[:-1] < n]] = True
    keep = np.ones(n, dtype=bool)
    if n > 1:
        same = np.all(ints[1:] == ints[:-1], axis=1)
        keep[1:] = ~same
    keep |= starts
    if closed:
        lasts = offsets[1:] - 1
        lasts = lasts[(lasts >= 0) & (offsets[1:] > offsets[:-1])]
        keep[lasts] = False
        # a dropped closing point may leave a last point equal to the first: harmless for Leaflet
    run_of = np.repeat(np.arange(n_runs), np.diff(offsets))
    kept = ints[keep]
    kept_run = run_of[keep]
    counts = np.bincount(kept_run, minlength=n_runs)
    new_offsets = np.concatenate([[0], np.cumsum(counts)])
    deltas = kept.copy()
    if len(kept) > 1:
        deltas[1:] = kept[1:] - kept[:-1]
    deltas[new_offsets[:-1][counts > 0]] = kept[new_offsets[:-1][counts > 0]]
    flat = deltas.ravel().tolist()
    out: list[list[int] | None] = []
    for k in range(n_runs):
        if counts[k] < min_points:
            out.append(None)
        else:
            out.append(flat[2 * new_offsets[k]: 2 * new_offsets[k + 1]])
    return out


def encode_geometries(geoms: np.ndarray) -> list[list | None]:
    """Encode EPSG:4326 geometries for the page: per feature ``["A", [[ring, ...], ...]]``,
    ``["L", [line, ...]]``, ``["P", run]`` or ``None`` (empty/missing or lost to quantisation)."""
    geoms = np.asarray(geoms, dtype=object)
    out: list[list | None] = [None] * len(geoms)
    families: dict[str, tuple[list[int], list]] = {"A": ([], []), "L": ([], []), "P": ([], [])}
    for i, geom in enumerate(geoms):
        kind, reduced = _family(geom)
        if kind is not None:
            families[kind][0].append(i)
            families[kind][1].append(reduced)
    idx, parts = families["A"]
    if idx:
        multi = np.array([g if shapely.get_type_id(g) == 6 else shapely.multipolygons([g]) for g in parts],
                         dtype=object)
        _, coords, (ring_off, poly_off, multi_off) = shapely.to_ragged_array(multi)
        rings = _runs(coords, ring_off, closed=True, min_points=3)
        for j, i in enumerate(idx):
            polys = []
            for p in range(multi_off[j], multi_off[j + 1]):
                shell, *holes = rings[poly_off[p]:poly_off[p + 1]]
                if shell is None:
                    continue
                polys.append([shell, *(h for h in holes if h is not None)])
            out[i] = ["A", polys] if polys else None
    idx, parts = families["L"]
    if idx:
        multi = np.array([shapely.multilinestrings([shapely.linestrings(shapely.get_coordinates(p))
                                                    for p in shapely.get_parts(g)]) for g in parts], dtype=object)
        _, coords, (line_off, multi_off) = shapely.to_ragged_array(multi)
        lines = _runs(coords, line_off, closed=False, min_points=2)
        for j, i in enumerate(idx):
            kept = [ln for ln in lines[multi_off[j]:multi_off[j + 1]] if ln is not None]
            out[i] = ["L", kept] if kept else None
    idx, parts = families["P"]
    for j, i in enumerate(idx):
        coords = shapely.get_coordinates(parts[j])
        run = _runs(coords, np.array([0, len(coords)]), closed=False, min_points=1)[0]
        out[i] = ["P", run] if run else None
    return out


def lonlat_bounds(geoms: np.ndarray) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of EPSG:4326 geometries (Leaflet order), or None."""
    geoms = np.asarray(geoms, dtype=object)
    present = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))] if len(geoms) else geoms
    if not len(present):
        return None
    minx, miny, maxx, maxy = shapely.total_bounds(present)
    return [[round(float(miny), 6), round(float(minx), 6)], [round(float(maxy), 6), round(float(maxx), 6)]]
