"""Geometry snapshots for rendering: flat coordinate arrays taken once per layer revision.

A snapshot is built from the layer's shapely geometries (immutable, so a worker thread may read
them while the GUI goes on) and is itself immutable. Drawing a view from it is pure numpy: cull
rings by bounding box, turn features smaller than a pixel into dots, drop vertices that fall on
the same (half-)pixel as their predecessor — the level of detail a planner sees at that scale.
No Qt here, so this is tested without a display.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from .view import MapView

_POINT, _LINESTRING, _LINEARRING, _POLYGON = 0, 1, 2, 3


@dataclass(frozen=True)
class GeometrySnapshot:
    """Every ring and line of a layer as one coordinate array, in the canvas CRS."""

    xy: np.ndarray              # (V, 2) float64 vertices of all rings/lines, ring after ring
    offsets: np.ndarray         # (R + 1,) int64: ring i is xy[offsets[i]:offsets[i + 1]]
    closed: np.ndarray          # (R,) bool: polygon ring (filled) vs open line
    shell: np.ndarray           # (R,) bool: first ring of a polygon or a line (its holes follow it)
    feature: np.ndarray         # (R,) int64: row of the feature each ring belongs to
    ring_bounds: np.ndarray     # (R, 4) minx, miny, maxx, maxy per ring
    points: np.ndarray          # (P, 2) point features
    bounds: tuple[float, float, float, float] | None
    point_feature: np.ndarray | None = None   # (P,) int64: row of the feature each point belongs to

    @property
    def ring_count(self) -> int:
        return len(self.offsets) - 1

    @property
    def vertex_ring(self) -> np.ndarray:
        """Ring index of every vertex."""
        return np.repeat(np.arange(self.ring_count), np.diff(self.offsets))


#: features per batch when snapshotting: shapely's get_parts/get_rings hold the GIL, and one call
#: over 200 000 farmland patches stalled the GUI thread for 240 ms; batches keep each call short
SNAPSHOT_BATCH = 10_000


def build_snapshot(geoms, transform=None) -> GeometrySnapshot:
    """Snapshot an array of shapely geometries.

    ``transform`` (``f(x, y) -> (x, y)`` on arrays, e.g. a pyproj ``Transformer.transform``) brings
    coordinates into the canvas CRS when the layer is in another one.
    """
    geoms = np.asarray(geoms, dtype=object)
    if len(geoms) <= SNAPSHOT_BATCH:
        return _build_snapshot(geoms, transform)
    parts = [_build_snapshot(geoms[a:a + SNAPSHOT_BATCH], transform) for a in range(0, len(geoms), SNAPSHOT_BATCH)]
    shifts = np.cumsum([0] + [len(p.xy) for p in parts[:-1]])
    offsets = np.concatenate([[0]] + [p.offsets[1:] + shift for p, shift in zip(parts, shifts, strict=True)])
    boxes = [p.bounds for p in parts if p.bounds is not None]
    bounds = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
              max(b[3] for b in boxes)) if boxes else None
    return GeometrySnapshot(
        np.concatenate([p.xy for p in parts]), offsets.astype(np.int64),
        np.concatenate([p.closed for p in parts]), np.concatenate([p.shell for p in parts]),
        np.concatenate([p.feature + k * SNAPSHOT_BATCH for k, p in enumerate(parts)]).astype(np.int64),
        np.concatenate([p.ring_bounds for p in parts]), np.concatenate([p.points for p in parts]), bounds,
        np.concatenate([p.point_feature + k * SNAPSHOT_BATCH for k, p in enumerate(parts)]).astype(np.int64))


def _build_snapshot(geoms: np.ndarray, transform=None) -> GeometrySnapshot:
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    rows = np.flatnonzero(present)
    kinds = shapely.get_type_id(geoms[rows])
    if (kinds <= _POLYGON).all():  # single parts only (the usual parcel/patch layer): no get_parts copy
        parts, part_idx = geoms[rows], np.arange(len(rows))
    else:
        parts, part_idx = shapely.get_parts(geoms[rows], return_index=True)
    # a GeometryCollection inside a collection is rare in planning data; flatten once more
    nested = shapely.get_type_id(parts) == 7
    if nested.any():
        sub, sub_idx = shapely.get_parts(parts[nested], return_index=True)
        part_idx = np.concatenate([part_idx[~nested], part_idx[nested][sub_idx]])
        parts = np.concatenate([parts[~nested], sub])
    part_feature = rows[part_idx]
    types = shapely.get_type_id(parts)

    is_poly = types == _POLYGON
    polys = parts[is_poly]
    # shells one way, holes the other: winding fill keeps holes. Only polygons with holes need it
    # (a lone shell fills either way), and orienting all 200 000 farmland patches cost 0.45 s
    n_holes = shapely.get_num_interior_rings(polys)
    holed = n_holes > 0
    # a polygon without holes stands for its own shell: get_coordinates gives the shell's vertices.
    # Making a LinearRing object per polygon (get_rings) was half the snapshot time (0.25 s on
    # 200 000 farmland patches); only polygons with holes are split into rings
    ring_counts = n_holes + 1
    ring_part = np.repeat(np.arange(len(polys)), ring_counts)
    rings = np.empty(len(ring_part), dtype=object)
    first_ring = np.cumsum(ring_counts) - ring_counts
    rings[first_ring[~holed]] = polys[~holed]
    if holed.any():
        oriented = shapely.orient_polygons(polys[holed])
        hr, h_idx = shapely.get_rings(oriented, return_index=True)
        h_counts = ring_counts[holed]
        within = np.arange(len(hr)) - np.repeat(np.cumsum(h_counts) - h_counts, h_counts)
        rings[first_ring[holed][h_idx] + within] = hr
    ring_feature = part_feature[is_poly][ring_part]
    ring_shell = np.ones(len(rings), bool)
    ring_shell[1:] = ring_part[1:] != ring_part[:-1]
    is_line = (types == _LINESTRING) | (types == _LINEARRING)
    lines = parts[is_line]
    all_rings = np.concatenate([rings, lines])
    closed = np.concatenate([np.ones(len(rings), bool), np.zeros(len(lines), bool)])
    shell = np.concatenate([ring_shell, np.ones(len(lines), bool)])
    feature = np.concatenate([ring_feature, part_feature[is_line]]).astype(np.int64)

    xy, vidx = shapely.get_coordinates(all_rings, return_index=True)
    counts = np.bincount(vidx, minlength=len(all_rings))
    keep = counts >= 2
    if not keep.all():
        xy = xy[keep[vidx]]
        counts, closed, feature = counts[keep], closed[keep], feature[keep]
        shell = shell[keep]
    is_point = types == _POINT
    points = shapely.get_coordinates(parts[is_point])
    point_feature = part_feature[is_point].astype(np.int64)

    if transform is not None:
        if len(xy):
            x, y = transform(xy[:, 0], xy[:, 1])
            xy = np.column_stack([x, y])
        if len(points):
            x, y = transform(points[:, 0], points[:, 1])
            points = np.column_stack([x, y])

    offsets = np.zeros(len(counts) + 1, np.int64)
    np.cumsum(counts, out=offsets[1:])
    if len(counts):
        starts = offsets[:-1]
        ring_bounds = np.column_stack([
            np.minimum.reduceat(xy[:, 0], starts), np.minimum.reduceat(xy[:, 1], starts),
            np.maximum.reduceat(xy[:, 0], starts), np.maximum.reduceat(xy[:, 1], starts),
        ])
    else:
        ring_bounds = np.empty((0, 4))
    # the layer's bounds from the ring boxes (a pass over every vertex cost ~0.1 s per 200 000 rings)
    boxes = ring_bounds[np.isfinite(ring_bounds).all(axis=1)]
    if len(points):
        fp = points[np.isfinite(points).all(axis=1)]
        boxes = np.concatenate([boxes, np.column_stack([fp, fp])])
    bounds = ((float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()),
               float(boxes[:, 3].max())) if len(boxes) else None)
    return GeometrySnapshot(xy, offsets, closed, shell, feature, ring_bounds, points, bounds, point_feature)


@dataclass(frozen=True)
class ScreenGeometry:
    """What to draw for one view, in pixel coordinates."""

    xy: np.ndarray          # (V, 2) kept vertices
    offsets: np.ndarray     # (R + 1,) ring boundaries in ``xy``
    closed: np.ndarray      # (R,) bool
    shell: np.ndarray       # (R,) bool: a ring its holes follow (paths may only be split before one)
    dots: np.ndarray        # (D, 2) features too small to draw as shapes, one dot each
    feature: np.ndarray | None = None   # (R,) feature row of each ring (categorized styles)

    @property
    def ring_count(self) -> int:
        return len(self.offsets) - 1


def screen_geometry(snap: GeometrySnapshot, view: MapView, *, min_size_px: float = 1.0,
                    quantum_px: float = 0.5, hidden_rows=None) -> ScreenGeometry:
    """Cull, level-of-detail and simplify ``snap`` for ``view``.

    A ring whose bounding box is smaller than ``min_size_px`` becomes a dot (one per feature);
    consecutive vertices on the same ``quantum_px`` grid cell collapse into one, which bounds the
    vertex count by the pixels a ring crosses, however detailed the data. Features at the rows
    ``hidden_rows`` are left out: an edit session draws its own version of them, and the snapshot
    of 300 000 features is kept rather than rebuilt for each edit.
    """
    minx, miny, maxx, maxy = view.extent()
    rb = snap.ring_bounds
    visible = (rb[:, 2] >= minx) & (rb[:, 0] <= maxx) & (rb[:, 3] >= miny) & (rb[:, 1] <= maxy)
    hidden_rows = None if hidden_rows is None or not len(hidden_rows) else np.asarray(hidden_rows, np.int64)
    if hidden_rows is not None:
        visible &= ~np.isin(snap.feature, hidden_rows)
    size_px = np.maximum(rb[:, 2] - rb[:, 0], rb[:, 3] - rb[:, 1]) / view.mpp
    small = visible & (size_px < min_size_px)
    big = visible & ~small

    # one dot per small feature (its first small ring's centre) — dense areas stay visible
    dots = np.empty((0, 2))
    if small.any():
        idx = np.flatnonzero(small)
        _, first = np.unique(snap.feature[idx], return_index=True)
        sel = rb[idx[first]]
        dots = np.column_stack([((sel[:, 0] + sel[:, 2]) / 2 - view.x0) / view.mpp,
                                (view.y0 - (sel[:, 1] + sel[:, 3]) / 2) / view.mpp])
    if len(snap.points):
        p = snap.points
        inside = (p[:, 0] >= minx) & (p[:, 0] <= maxx) & (p[:, 1] >= miny) & (p[:, 1] <= maxy)
        if hidden_rows is not None and snap.point_feature is not None:
            inside &= ~np.isin(snap.point_feature, hidden_rows)
        p = p[inside]
        dots = np.concatenate([dots, np.column_stack([(p[:, 0] - view.x0) / view.mpp,
                                                      (view.y0 - p[:, 1]) / view.mpp])])

    rings = np.flatnonzero(big)
    if not len(rings):
        return ScreenGeometry(np.empty((0, 2)), np.zeros(1, np.int64), np.zeros(0, bool), np.zeros(0, bool), dots,
                              np.zeros(0, np.int64))
    starts, ends = snap.offsets[rings], snap.offsets[rings + 1]
    counts = ends - starts
    # gather the vertices of the visible rings without a Python loop
    total = int(counts.sum())
    ring_of = np.repeat(np.arange(len(rings)), counts)
    within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    src = starts[ring_of] + within
    px = (snap.xy[src, 0] - view.x0) / view.mpp
    py = (view.y0 - snap.xy[src, 1]) / view.mpp

    q = np.floor(px / quantum_px).astype(np.int64), np.floor(py / quantum_px).astype(np.int64)
    keep = np.ones(total, bool)
    keep[1:] = (q[0][1:] != q[0][:-1]) | (q[1][1:] != q[1][:-1])
    first = within == 0
    last = within == counts[ring_of] - 1
    keep |= first | last
    px, py, ring_of = px[keep], py[keep], ring_of[keep]
    kept = np.bincount(ring_of, minlength=len(rings))
    closed = snap.closed[rings]
    shell = snap.shell[rings]
    feature = snap.feature[rings]
    ok = np.where(closed, kept >= 3, kept >= 2)
    if not ok.all():
        # rings that collapsed onto a pixel or two still mark their place with a dot
        offs = np.concatenate([[0], np.cumsum(kept)[:-1]])
        lost = offs[~ok & closed]
        dots = np.concatenate([dots, np.column_stack([px[lost], py[lost]])])
        vmask = ok[ring_of]
        px, py = px[vmask], py[vmask]
        kept, closed, shell, feature = kept[ok], closed[ok], shell[ok], feature[ok]
    offsets = np.zeros(len(kept) + 1, np.int64)
    np.cumsum(kept, out=offsets[1:])
    xy = np.column_stack([px, py])
    xy, offsets = _simplify_heavy(xy, offsets, closed, quantum_px)
    if len(shell):
        shell[0] = True  # the first ring drawn starts a path whatever it was
    return ScreenGeometry(xy, offsets, closed, shell, dots, feature)


#: rings with more screen vertices than this are simplified (Douglas-Peucker) before drawing
HEAVY_RING = 48


def _simplify_heavy(xy: np.ndarray, offsets: np.ndarray, closed: np.ndarray,
                    tolerance_px: float) -> tuple[np.ndarray, np.ndarray]:
    """Douglas-Peucker at ``tolerance_px`` for the rings with many vertices (noisy red lines,
    boundaries): a fifth of the vertices, no visible change, several times faster to stroke."""
    counts = np.diff(offsets)
    heavy = np.flatnonzero(counts > HEAVY_RING)
    if not len(heavy):
        return xy, offsets
    ring_of = np.repeat(np.arange(len(heavy)), counts[heavy])
    within = np.arange(len(ring_of)) - np.repeat(np.cumsum(counts[heavy]) - counts[heavy], counts[heavy])
    src = offsets[heavy][ring_of] + within
    lines = shapely.linestrings(xy[src], indices=ring_of)
    simple = shapely.simplify(lines, tolerance_px, preserve_topology=False)
    n_new = shapely.get_num_coordinates(simple)
    ok = n_new >= np.where(closed[heavy], 4, 2)   # a ring collapsed by DP keeps its vertices
    if not ok.any():
        return xy, offsets
    new_counts = counts.copy()
    new_counts[heavy[ok]] = n_new[ok]
    new_offsets = np.zeros(len(new_counts) + 1, np.int64)
    np.cumsum(new_counts, out=new_offsets[1:])
    out = np.empty((int(new_offsets[-1]), 2))
    # rings kept as they were: copied across with the same repeat/within trick
    keep = np.ones(len(counts), bool)
    keep[heavy[ok]] = False
    kidx = np.flatnonzero(keep)
    kc = counts[kidx]
    k_ring = np.repeat(np.arange(len(kidx)), kc)
    k_within = np.arange(int(kc.sum())) - np.repeat(np.cumsum(kc) - kc, kc)
    out[new_offsets[kidx][k_ring] + k_within] = xy[offsets[kidx][k_ring] + k_within]
    # simplified rings: their coordinates come ring after ring from shapely
    coords = shapely.get_coordinates(simple[ok])
    sidx = heavy[ok]
    sc = new_counts[sidx]
    s_ring = np.repeat(np.arange(len(sidx)), sc)
    s_within = np.arange(int(sc.sum())) - np.repeat(np.cumsum(sc) - sc, sc)
    out[new_offsets[sidx][s_ring] + s_within] = coords
    return out, new_offsets
