"""Snapping (捕捉) to the vertices, segments and intersections of chosen layers, built lazily per tile.

A :class:`SnapIndex` covers some layers of a project as they are *now*: the committed data plus the
changes of an open edit session (it listens to the project's ``features_changed`` and
``layers_changed`` events and patches the tiles a changed feature touches). Nothing is built up
front: the index is a grid of square tiles (1 km by default; 0.01° in a geographic CRS), and a tile
is made — its vertices and segments as flat numpy arrays — only when a query or :meth:`prepare`
needs it. Every build step (a slice of a layer's bounding boxes, one tile) is small, so the GUI can
call ``prepare(visible_extent, budget_ms=20)`` from a timer and never block for long; a query uses
the tiles that are ready and builds at most ``budget_ms`` of missing ones on demand.

Intersections are found at query time: a crossing point within the tolerance of the cursor lies on
two segments that are each within the tolerance, so only the (few) segments near the cursor are
intersected, pairwise, between different features.

Coordinates are in the index's CRS (the project's by default; a layer in another CRS is
transformed), tolerances in map units (a tool converts its pixel tolerance with the view's scale).

Examples
--------
>>> import geopandas as gpd, shapely
>>> from parkgis.core.layers import VectorLayer
>>> from parkgis.core.project import Project
>>> project = Project()
>>> gdf = gpd.GeoDataFrame(geometry=[shapely.box(500_000, 4_400_000, 500_100, 4_400_100)], crs=4545)
>>> layer = project.add_layer(VectorLayer("地块", gdf))
>>> index = SnapIndex(project, [layer])
>>> match = index.snap((500_099.0, 4_400_098.5), 3.0)
>>> match.kind, match.point, match.vertex, match.description()
('vertex', (500100.0, 4400100.0), (0, 0, 1), '顶点 · 地块 fid 1')
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from ..errors import UsageError
from ..messages import localize

VERTEX, SEGMENT, INTERSECTION = "vertex", "segment", "intersection"
KINDS = (VERTEX, SEGMENT, INTERSECTION)

#: rows of a layer's bounding boxes computed per build step (≈ 5 ms for polygons)
BOUNDS_CHUNK = 50_000
#: default tile side in map units: metres in a projected CRS, degrees in a geographic one
CELL_M, CELL_DEG = 1000.0, 0.01


@dataclass(frozen=True)
class SnapMatch:
    """What a point snapped to.

    ``vertex`` is the ``(part, ring, index)`` of the vertex (``kind == "vertex"``) or of the
    segment's first vertex (``"segment"``: the segment from ``index`` to ``index + 1``; for an
    intersection, the segment of the first feature). ``other`` is ``(layer_id, layer_name, fid,
    (part, ring, index))`` of the second feature of an intersection."""

    point: tuple[float, float]
    kind: str
    layer_id: str
    layer_name: str
    fid: int
    vertex: tuple[int, int, int]
    distance: float
    other: tuple[str, str, int, tuple[int, int, int]] | None = None

    @property
    def segment(self) -> tuple[int, int, int] | None:
        return self.vertex if self.kind in (SEGMENT, INTERSECTION) else None

    def description(self, language: str | None = "zh_CN") -> str:
        """Tooltip text: ``顶点 · 地块 fid 17`` (``vertex · 地块 fid 17`` in English)."""
        if self.kind == INTERSECTION and self.other is not None:
            text = f"intersection · {self.layer_name} fid {self.fid} × {self.other[1]} fid {self.other[2]}"
        elif self.kind == SEGMENT:
            text = f"segment · {self.layer_name} fid {self.fid}"
        else:
            text = f"vertex · {self.layer_name} fid {self.fid}"
        return localize(text, language)


class _Tile:
    """The vertices and segments of the chosen layers inside one grid cell, as flat arrays.

    Vertex rows: x, y, layer (index into the chosen layers), fid, part, ring, index — each vertex
    in exactly the tile that contains it (a ring's closing point is not a vertex of its own).
    Segment rows: x0, y0, x1, y1 and the same owner columns (index = first vertex), in every tile
    their box meets."""

    __slots__ = ("seg", "seg_owner", "vert", "vert_owner")

    def __init__(self, vert: np.ndarray, vert_owner: np.ndarray, seg: np.ndarray, seg_owner: np.ndarray):
        self.vert, self.vert_owner, self.seg, self.seg_owner = vert, vert_owner, seg, seg_owner


_OWNER_COLUMNS = 5   # layer, fid, part, ring, index (int64)


def explode(geoms: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every coordinate of ``geoms`` with its address, vectorised.

    Returns ``(coords, owner, last)``: ``coords`` (n × 2), ``owner`` (n × 4: row of the geometry
    — or ``rows[i]`` when given —, part, ring, index in the ring) and ``last`` (the coordinate closes
    a polygon ring: a repeat of the ring's first one). Rings are numbered 0 = shell, 1… = holes;
    a line or point part is ring 0."""
    coords, owner, last, _end = _explode(geoms, rows)
    return coords, owner, last


def _explode(geoms, rows=None):
    """:func:`explode` and ``end``: the coordinate is the last of its ring or line."""
    geoms = np.asarray(geoms, dtype=object)
    parts, pidx = shapely.get_parts(geoms, return_index=True)
    if not len(parts):
        return (np.empty((0, 2)), np.empty((0, 4), dtype=np.int64), np.empty(0, dtype=bool),
                np.empty(0, dtype=bool))
    part_no = np.arange(len(parts)) - np.searchsorted(pidx, pidx)
    poly = shapely.get_type_id(parts) == 3
    poly_at = np.flatnonzero(poly)
    rings, ridx = shapely.get_rings(parts[poly_at], return_index=True)
    ring_no = np.arange(len(rings)) - np.searchsorted(ridx, ridx)
    other = np.flatnonzero(~poly)
    lines = np.concatenate([rings, parts[other]])
    line_part = np.concatenate([poly_at[ridx], other])
    line_ring = np.concatenate([ring_no, np.zeros(len(other), dtype=np.int64)])
    line_closed = np.concatenate([np.ones(len(rings), dtype=bool), np.zeros(len(other), dtype=bool)])
    coords, cidx = shapely.get_coordinates(lines, return_index=True)
    index = np.arange(len(coords)) - np.searchsorted(cidx, cidx)
    end = np.r_[cidx[1:] != cidx[:-1], True] if len(cidx) else np.empty(0, dtype=bool)
    last = end & line_closed[cidx]
    part = line_part[cidx]
    owner_rows = pidx[part] if rows is None else np.asarray(rows)[pidx[part]]
    owner = np.stack([owner_rows, part_no[part], line_ring[cidx], index], axis=1).astype(np.int64)
    return coords, owner, last, end


class _LayerBase:
    """One chosen layer's committed features as boxes in the index CRS, bucketed by grid cell, and
    the features changed since (``overrides``: fid → geometry in the index CRS, None = deleted)."""

    def __init__(self, layer, transform):
        self.layer = layer
        gdf = layer.gdf
        self.geoms = np.array(gdf.geometry.values, dtype=object, copy=True)   # a commit writes in place
        self.fids = np.asarray(gdf.index, dtype=np.int64)
        self.fid_index = pd.Index(self.fids)
        self.transform = transform
        self.bounds = np.full((len(self.geoms), 4), np.nan)
        self.done = 0                       # rows whose bounds are computed
        self.buckets: tuple | None = None   # (sorted keys, order, big rows) once every row is done
        self.overrides: dict[int, object] = {}
        self.override_bounds: dict[int, np.ndarray] = {}

    @property
    def ready(self) -> bool:
        return self.buckets is not None

    def step(self, cell: float) -> None:
        """One bounded step of the base build: a chunk of boxes, or the bucketing."""
        if self.done < len(self.geoms):
            stop = min(self.done + BOUNDS_CHUNK, len(self.geoms))
            chunk = self.geoms[self.done:stop]
            if self.transform is not None:
                chunk = shapely.transform(chunk, self.transform, interleaved=False)
                self.geoms[self.done:stop] = chunk
            self.bounds[self.done:stop] = shapely.bounds(chunk)
            self.done = stop
            return
        b = self.bounds
        ok = np.isfinite(b).all(axis=1)
        big = ok & (((b[:, 2] - b[:, 0]) > cell) | ((b[:, 3] - b[:, 1]) > cell))
        small = np.flatnonzero(ok & ~big)
        keys = _cell_keys((b[small, 0] + b[small, 2]) / 2, (b[small, 1] + b[small, 3]) / 2, cell)
        order = np.argsort(keys, kind="stable")
        self.buckets = (keys[order], small[order], np.flatnonzero(big))

    def candidates(self, box: tuple[float, float, float, float], cell: float) -> tuple[np.ndarray, list[int]]:
        """Base rows and overridden fids whose boxes meet ``box``."""
        keys, rows, big = self.buckets
        x0, y0, x1, y1 = box
        i0, j0 = math.floor(x0 / cell) - 1, math.floor(y0 / cell) - 1
        i1, j1 = math.floor(x1 / cell), math.floor(y1 / cell)
        picked = [big]
        for i in range(i0, i1 + 1):   # a small feature's centre lies at most half a cell outside the box
            lo, hi = np.searchsorted(keys, [_key(i, j0), _key(i, j1) + 1])
            picked.append(rows[lo:hi])
        cand = np.concatenate(picked)
        b = self.bounds[cand]
        cand = cand[(b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0)]
        if self.overrides:
            changed = self.fid_index.get_indexer(list(self.overrides))
            cand = cand[~np.isin(cand, changed[changed >= 0])]
        extra = [fid for fid, ob in self.override_bounds.items()
                 if ob[0] <= x1 and ob[2] >= x0 and ob[1] <= y1 and ob[3] >= y0]
        return cand, extra

    def old_box(self, fid: int) -> np.ndarray | None:
        """The box of ``fid`` as the tiles hold it now."""
        if fid in self.overrides:
            return self.override_bounds.get(fid)
        pos = self.fid_index.get_indexer([fid])[0]
        if pos < 0 or pos >= self.done:
            return None
        box = self.bounds[pos]
        return box if np.isfinite(box).all() else None


def _key(i: int | np.ndarray, j: int | np.ndarray):
    # row-major cell key, columns then rows: a column of cells is one contiguous key range
    return (np.asarray(i, dtype=np.int64) + (1 << 29)) * (1 << 31) + (np.asarray(j, dtype=np.int64) + (1 << 29))


def _cell_keys(x: np.ndarray, y: np.ndarray, cell: float) -> np.ndarray:
    return _key(np.floor(x / cell).astype(np.int64), np.floor(y / cell).astype(np.int64))


class SnapIndex:
    """Snapping to ``layers`` of ``project`` (layers or layer ids; default: every layer).

    ``crs``: the CRS of points and tolerances (default the project's); ``cell``: the tile side in
    map units. Call :meth:`close` when the tool ends (it stops listening to the project)."""

    def __init__(self, project, layers: Iterable | None = None, *, crs=None, cell: float | None = None):
        from ..crs import to_crs

        self.project = project
        chosen = list(project.layers) if layers is None else [
            project.layer_by_id(x) if isinstance(x, str) else x for x in layers]
        if not chosen:
            raise UsageError("choose at least one layer to snap to")
        target = crs if crs is not None else (project.crs if getattr(project, "crs", None) is not None
                                              else chosen[0].crs)
        self.crs = to_crs(target) if target is not None else None
        self.cell = float(cell) if cell is not None else (
            CELL_DEG if self.crs is not None and self.crs.is_geographic else CELL_M)
        self.layers = chosen
        self._bases = [_LayerBase(layer, self._transformer(layer)) for layer in chosen]
        self._tiles: dict[tuple[int, int], _Tile] = {}
        self._dirty: dict[tuple[int, int], set[tuple[int, int]]] = {}   # tile → (layer, fid) changed since
        self.stats = {"steps": 0, "longest_step_ms": 0.0}
        project.events.features_changed.connect(self._on_features_changed)
        project.events.layers_changed.connect(self._on_layers_changed)

    # ---------------------------------------------------------------- building

    def _transformer(self, layer):
        from pyproj import Transformer

        from ..crs import to_crs

        if self.crs is None or layer.crs is None or to_crs(layer.crs).equals(self.crs):
            return None
        return Transformer.from_crs(to_crs(layer.crs), self.crs, always_xy=True).transform

    def tiles_for(self, extent: Sequence[float]) -> list[tuple[int, int]]:
        """The grid cells that ``extent`` (x0, y0, x1, y1) meets, nearest the centre first."""
        x0, y0, x1, y1 = extent
        c = self.cell
        i0, i1 = math.floor(x0 / c), math.floor(x1 / c)
        j0, j1 = math.floor(y0 / c), math.floor(y1 / c)
        cx, cy = (x0 + x1) / 2 / c - 0.5, (y0 + y1) / 2 / c - 0.5
        cells = [(i, j) for i in range(i0, i1 + 1) for j in range(j0, j1 + 1)]
        return sorted(cells, key=lambda ij: (ij[0] - cx) ** 2 + (ij[1] - cy) ** 2)

    def is_ready(self, extent: Sequence[float]) -> bool:
        """Whether every tile of ``extent`` is built."""
        return all(b.ready for b in self._bases) and all(t in self._tiles for t in self.tiles_for(extent))

    def prepare(self, extent: Sequence[float], budget_ms: float = 20.0) -> bool:
        """Build what ``extent`` needs for at most about ``budget_ms`` (each step is short: a slice of
        50 000 boxes or one tile); True when the extent is ready. Call again (from a timer) until it
        is."""
        deadline = time.perf_counter() + budget_ms / 1000.0
        while True:
            step = self._next_step(extent)
            if step is None:
                return True
            t0 = time.perf_counter()
            step()
            took = (time.perf_counter() - t0) * 1000.0
            self.stats["steps"] += 1
            self.stats["longest_step_ms"] = max(self.stats["longest_step_ms"], took)
            if time.perf_counter() >= deadline:
                return self._next_step(extent) is None

    def _next_step(self, extent):
        for base in self._bases:
            if not base.ready:
                return lambda base=base: base.step(self.cell)
        for key in self.tiles_for(extent):
            if key not in self._tiles:
                return lambda key=key: self._build_tile(key)
        return None

    def _tile_box(self, key: tuple[int, int]) -> tuple[float, float, float, float]:
        c = self.cell
        return key[0] * c, key[1] * c, (key[0] + 1) * c, (key[1] + 1) * c

    def _build_tile(self, key: tuple[int, int]) -> None:
        box = self._tile_box(key)
        verts, vowners, segs, sowners = [], [], [], []
        for li, base in enumerate(self._bases):
            rows, extra = base.candidates(box, self.cell)
            geoms = np.concatenate([base.geoms[rows], np.array([base.overrides[f] for f in extra], dtype=object)])
            fids = np.concatenate([base.fids[rows], np.array(extra, dtype=np.int64)])
            v, vo, s, so = self._rows(li, geoms, fids, [box])
            verts += v
            vowners += vo
            segs += s
            sowners += so
        self._tiles[key] = _Tile(*_stack(verts, vowners, segs, sowners))

    def _rows(self, li: int, geoms: np.ndarray, fids: np.ndarray, boxes: list) -> tuple[list, list, list, list]:
        """Per box in ``boxes``: the vertex and segment rows of ``geoms`` (layer ``li``) inside it."""
        out: tuple[list, list, list, list] = ([], [], [], [])
        if not len(geoms):
            return out
        coords, owner, last, end = _explode(geoms)
        x, y = coords[:, 0], coords[:, 1]
        # segment k joins coordinate k to k + 1 of the same ring or line
        x0s, x1s, y0s, y1s = x[:-1], x[1:], y[:-1], y[1:]
        sxmin, sxmax = np.minimum(x0s, x1s), np.maximum(x0s, x1s)
        symin, symax = np.minimum(y0s, y1s), np.maximum(y0s, y1s)
        joined = ~end[:-1]
        is_vertex = ~last

        def rows_of(at: np.ndarray) -> np.ndarray:
            o = np.empty((len(at), _OWNER_COLUMNS), dtype=np.int64)
            o[:, 0] = li
            o[:, 1] = fids[owner[at, 0]]
            o[:, 2:] = owner[at, 1:]
            return o

        for bx0, by0, bx1, by1 in boxes:
            vi = np.flatnonzero(is_vertex & (x >= bx0) & (x < bx1) & (y >= by0) & (y < by1))
            # half-open like the vertices: a segment is in the tiles floor(min/cell)…floor(max/cell), the
            # ones tiles_for() names for its box, so a patch finds every copy
            si = np.flatnonzero(joined & (sxmin < bx1) & (sxmax >= bx0) & (symin < by1) & (symax >= by0))
            out[0].append(coords[vi])
            out[1].append(rows_of(vi))
            out[2].append(np.concatenate([coords[si], coords[si + 1]], axis=1))
            out[3].append(rows_of(si))
        return out

    # ---------------------------------------------------------------- patching

    def _layer_index(self, layer_id: str) -> int | None:
        for li, layer in enumerate(self.layers):
            if layer.id == layer_id:
                return li
        return None

    def _current_geometry(self, layer, fid: int):
        session = self.project.session_for(layer) if hasattr(self.project, "session_for") else None
        state = session.feature(fid) if session is not None else layer.feature(fid)
        return None if state is None else state.geometry

    def _on_features_changed(self, layer_id: str, fids) -> None:
        li = self._layer_index(layer_id)
        if li is None:
            return
        base = self._bases[li]
        layer = self.layers[li]
        changed, boxes = [], []
        for fid in (int(f) for f in fids):
            old = base.old_box(fid)
            geom = self._current_geometry(layer, fid)
            if geom is not None and (shapely.is_missing(geom) or shapely.is_empty(geom)):
                geom = None
            if geom is not None and base.transform is not None:
                geom = shapely.transform(geom, base.transform, interleaved=False)
            base.overrides[fid] = geom
            if geom is None:
                base.override_bounds.pop(fid, None)
            else:
                base.override_bounds[fid] = np.asarray(shapely.bounds(geom), dtype=float)
            changed.append(fid)
            for box in (old, base.override_bounds.get(fid)):
                if box is not None:
                    boxes.append(box)
        if not changed or not self._tiles:
            return
        # the tiles are patched when next read (a drag changes its feature on every mouse move, and
        # a query reads one or two of the tiles that feature spans)
        for key in {k for box in boxes for k in self.tiles_for(box) if k in self._tiles}:
            self._dirty.setdefault(key, set()).update((li, fid) for fid in changed)

    def _tile(self, key: tuple[int, int]) -> _Tile:
        """A ready tile, with the changes made since it was built."""
        pending = self._dirty.pop(key, None)
        if pending is None:
            return self._tiles[key]
        tile = self._tiles[key]
        box = [self._tile_box(key)]
        verts, vowners, segs, sowners = [], [], [], []
        drop_v = np.zeros(len(tile.vert_owner), dtype=bool)
        drop_s = np.zeros(len(tile.seg_owner), dtype=bool)
        for li in {li for li, _ in pending}:
            fids = np.array([fid for lj, fid in pending if lj == li], dtype=np.int64)
            drop_v |= (tile.vert_owner[:, 0] == li) & np.isin(tile.vert_owner[:, 1], fids)
            drop_s |= (tile.seg_owner[:, 0] == li) & np.isin(tile.seg_owner[:, 1], fids)
            base = self._bases[li]
            live = [int(f) for f in fids if base.overrides.get(int(f)) is not None]
            if live:
                v, vo, sg, so = self._rows(li, np.array([base.overrides[f] for f in live], dtype=object),
                                           np.array(live, dtype=np.int64), box)
                verts += v
                vowners += vo
                segs += sg
                sowners += so
        tile = _Tile(*_stack([tile.vert[~drop_v], *verts], [tile.vert_owner[~drop_v], *vowners],
                             [tile.seg[~drop_s], *segs], [tile.seg_owner[~drop_s], *sowners]))
        self._tiles[key] = tile
        return tile

    def _on_layers_changed(self, action: str, layer_id: str) -> None:
        li = self._layer_index(layer_id)
        if li is None or action in ("renamed", "restyled", "visible", "moved", "locked", "role"):
            return
        if action == "removed":
            del self.layers[li]
            del self._bases[li]
            if not self.layers:
                self._tiles.clear()
                self._dirty.clear()
                return
            self._bases = [_LayerBase(layer, self._transformer(layer)) for layer in self.layers]
        else:   # the layer's data was replaced: start it again
            self._bases[li] = _LayerBase(self.layers[li], self._transformer(self.layers[li]))
        self._tiles.clear()
        self._dirty.clear()

    def close(self) -> None:
        """Stop following the project's changes."""
        self.project.events.features_changed.disconnect(self._on_features_changed)
        self.project.events.layers_changed.disconnect(self._on_layers_changed)

    # ---------------------------------------------------------------- queries

    def snap(self, point: Sequence[float], tolerance: float, *, kinds: Iterable[str] = KINDS,
             exclude=None, budget_ms: float | None = None) -> SnapMatch | None:
        """What ``point`` snaps to within ``tolerance`` (map units): the nearest vertex or
        intersection, else the nearest point on a segment; None when nothing is that close.

        ``kinds``: any of ``"vertex"``, ``"segment"``, ``"intersection"``. ``exclude``: a
        ``(layer_id, fid)`` pair (the whole feature) or ``(layer_id, fid, (part, ring, index))`` (one
        vertex and its two segments: the vertex being dragged), or a list of them. ``budget_ms``: tiles not
        built yet are built for at most that long and the query uses the tiles that are ready (the map
        tools pass 5 ms: a mouse move never waits); None (scripts) builds what the query needs first.
        """
        kinds = set(kinds)
        unknown = kinds - set(KINDS)
        if unknown:
            raise UsageError(f"unknown snapping kind(s) {', '.join(sorted(unknown))}; use vertex, segment or intersection")
        x, y = float(point[0]), float(point[1])
        t = float(tolerance)
        box = (x - t, y - t, x + t, y + t)
        self.prepare(box, math.inf if budget_ms is None else budget_ms)
        tiles = [self._tile(k) for k in self.tiles_for(box) if k in self._tiles]
        if not tiles:
            return None
        best: tuple[float, SnapMatch] | None = None
        if VERTEX in kinds:
            vert = np.concatenate([tl.vert for tl in tiles])
            vown = np.concatenate([tl.vert_owner for tl in tiles])
            d = np.hypot(vert[:, 0] - x, vert[:, 1] - y)
            ok = (d <= t) & self._kept(vown, exclude, vertex=True)
            if ok.any():
                k = np.flatnonzero(ok)[np.argmin(d[ok])]
                best = (float(d[k]), self._match(VERTEX, vert[k], vown[k], float(d[k])))
        segs, sown, near = None, None, None
        if SEGMENT in kinds or INTERSECTION in kinds:
            segs = np.concatenate([tl.seg for tl in tiles])
            sown = np.concatenate([tl.seg_owner for tl in tiles])
            # a segment across tiles comes once per tile: harmless for the nearest one and its crossings
            d, px, py = _point_segment(x, y, segs)
            near = np.flatnonzero((d <= t) & self._kept(sown, exclude, vertex=False))
        if INTERSECTION in kinds and near is not None and len(near) > 1:
            hit = _crossings(segs[near], sown[near], x, y, t)
            if hit is not None:
                dist, (xi, yi), a, b = hit
                if best is None or dist < best[0]:
                    ma, mb = sown[near[a]], sown[near[b]]
                    other = self.layers[int(mb[0])]
                    best = (dist, self._match(INTERSECTION, (xi, yi), ma, dist,
                                              other=(other.id, other.name, int(mb[1]), tuple(int(v) for v in mb[2:5]))))
        if best is None and SEGMENT in kinds and near is not None and len(near):
            k = near[np.argmin(d[near])]
            best = (float(d[k]), self._match(SEGMENT, (px[k], py[k]), sown[k], float(d[k])))
        return None if best is None else best[1]

    def _kept(self, owners: np.ndarray, exclude, *, vertex: bool) -> np.ndarray:
        keep = np.ones(len(owners), dtype=bool)
        if not exclude:
            return keep
        items = [exclude] if isinstance(exclude[0], str) else list(exclude)
        for item in items:
            li = self._layer_index(item[0])
            if li is None:
                continue
            mine = (owners[:, 0] == li) & (owners[:, 1] == int(item[1]))
            if len(item) > 2 and item[2] is not None:
                part, ring, index = (int(v) for v in item[2])
                mine &= (owners[:, 2] == part) & (owners[:, 3] == ring)
                if vertex:
                    mine &= owners[:, 4] == index
                else:   # the segments that end at the vertex: index - 1 (or the ring's last) and index
                    closing = self._ring_last_segment(li, int(item[1]), part, ring)
                    before = index - 1 if index > 0 else closing
                    mine &= (owners[:, 4] == index) | (owners[:, 4] == before)
            keep &= ~mine
        return keep

    def _ring_last_segment(self, li: int, fid: int, part: int, ring: int) -> int:
        geom = self._current_geometry(self.layers[li], fid)
        if geom is None:
            return -1
        parts = shapely.get_parts(geom)
        if part >= len(parts):
            return -1
        p = parts[part]
        if p.geom_type == "Polygon":
            rings = shapely.get_rings(p)
            if ring >= len(rings):
                return -1
            return int(shapely.get_num_coordinates(rings[ring])) - 2
        return -1

    def _match(self, kind: str, xy, owner: np.ndarray, distance: float, other=None) -> SnapMatch:
        layer = self.layers[int(owner[0])]
        return SnapMatch(point=(float(xy[0]), float(xy[1])), kind=kind, layer_id=layer.id, layer_name=layer.name,
                         fid=int(owner[1]), vertex=(int(owner[2]), int(owner[3]), int(owner[4])),
                         distance=distance, other=other)


def _stack(verts, vowners, segs, sowners) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    def cat(parts, width, dtype):
        parts = [p for p in parts if len(p)]
        return np.concatenate(parts) if parts else np.empty((0, width), dtype=dtype)
    return (cat(verts, 2, float), cat(vowners, _OWNER_COLUMNS, np.int64), cat(segs, 4, float),
            cat(sowners, _OWNER_COLUMNS, np.int64))


def _point_segment(x: float, y: float, seg: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance from (x, y) to each segment and the nearest point on it."""
    x0, y0, x1, y1 = seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3]
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(length2 > 0, ((x - x0) * dx + (y - y0) * dy) / length2, 0.0)
    s = np.clip(s, 0.0, 1.0)
    px, py = x0 + s * dx, y0 + s * dy
    return np.hypot(px - x, py - y), px, py


def _crossings(seg: np.ndarray, owner: np.ndarray, x: float, y: float, t: float):
    """The nearest proper crossing (inside both segments, not at a vertex) between segments of
    different features within ``t`` of (x, y): (distance, point, i, j) or None."""
    n = len(seg)
    i, j = np.triu_indices(n, k=1)
    feature = owner[:, :2]
    different = (feature[i] != feature[j]).any(axis=1)
    i, j = i[different], j[different]
    if not len(i):
        return None
    p, r = seg[i, :2], seg[i, 2:] - seg[i, :2]
    q, s = seg[j, :2], seg[j, 2:] - seg[j, :2]
    denom = r[:, 0] * s[:, 1] - r[:, 1] * s[:, 0]
    qp = q - p
    with np.errstate(invalid="ignore", divide="ignore"):
        u = (qp[:, 0] * s[:, 1] - qp[:, 1] * s[:, 0]) / denom
        v = (qp[:, 0] * r[:, 1] - qp[:, 1] * r[:, 0]) / denom
    eps = 1e-9
    ok = (np.abs(denom) > 0) & (u > eps) & (u < 1 - eps) & (v > eps) & (v < 1 - eps)
    if not ok.any():
        return None
    xi, yi = p[ok, 0] + u[ok] * r[ok, 0], p[ok, 1] + u[ok] * r[ok, 1]
    d = np.hypot(xi - x, yi - y)
    within = d <= t
    if not within.any():
        return None
    k = np.flatnonzero(within)[np.argmin(d[within])]
    return float(d[k]), (float(xi[k]), float(yi[k])), int(i[ok][k]), int(j[ok][k])


__all__ = ["INTERSECTION", "KINDS", "SEGMENT", "VERTEX", "SnapIndex", "SnapMatch", "explode"]
