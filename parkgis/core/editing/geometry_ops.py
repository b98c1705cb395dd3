"""Geometry edits as pure functions on shapely polygons (the operations behind the map's editing tools
and :class:`~parkgis.core.editing.session.EditSession`).

A vertex is addressed as ``(part, ring, index)``: ``part`` counts the polygons of a MultiPolygon (0 for
a Polygon), ``ring`` 0 is the shell and 1, 2, … the holes, ``index`` counts the ring's vertices
without the closing one (the closing vertex is vertex 0: moving 0 moves both). Coordinates are in the
geometry's own CRS. Every function returns a new geometry and never changes its input; a request that
cannot be carried out raises :class:`GeometryRefused` with the reason (and the neighbours at fault).

Examples
--------
>>> import shapely
>>> square = shapely.box(500_000, 4_400_000, 500_100, 4_400_100)
>>> [round(p.area) for p in split(square, shapely.LineString([(500_030, 4_399_990), (500_030, 4_400_110)]))]
[7000, 3000]
>>> move_vertex(square, (0, 0, 0), (500_110, 4_399_990)).exterior.coords[-1]
(500110.0, 4399990.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
import shapely.affinity
import shapely.ops

from ..errors import UsageError

Vertex = tuple[int, int, int]

#: Pieces below this area (in the layer's units²) are overlay noise, never a part of a result.
NOISE_AREA = 1e-6


class GeometryRefused(UsageError):
    """A geometry edit that cannot be carried out; ``reason`` says why, ``neighbours`` names the other
    features at fault (their ids, as given), if any. The input geometry is unchanged."""

    def __init__(self, *, reason: str, neighbours: Sequence[Any] = ()):
        self.reason = reason
        self.neighbours = tuple(neighbours)
        super().__init__(reason)


# ---------------------------------------------------------------------------------------- structure

def _polygonal(geometry) -> None:
    if geometry is None:
        raise GeometryRefused(reason="the feature has no geometry")
    if not isinstance(geometry, shapely.Polygon | shapely.MultiPolygon):
        raise GeometryRefused(reason=f"the geometry is a {geometry.geom_type}, not a polygon")
    if geometry.is_empty:
        raise GeometryRefused(reason="the geometry is empty")


def _parts(geometry) -> list:
    return list(geometry.geoms) if isinstance(geometry, shapely.MultiPolygon) else [geometry]


def _rings(polygon) -> list[np.ndarray]:
    """The rings of one polygon as closed coordinate arrays, shell first."""
    z = shapely.has_z(polygon)
    return [shapely.get_coordinates(polygon.exterior, include_z=z),
            *(shapely.get_coordinates(r, include_z=z) for r in polygon.interiors)]


def _compose(parts: list[list[np.ndarray]], multi: bool):
    polygons = [shapely.Polygon(rings[0], rings[1:]) for rings in parts]
    if multi or len(polygons) > 1:
        return shapely.MultiPolygon(polygons)
    return polygons[0]


def ring_table(geometry) -> dict[tuple[int, int], tuple[int, int]]:
    """``(part, ring) → (start, count)`` in ``shapely.get_coordinates(geometry)`` (count with the
    closing vertex). One C call per array, no loop over vertices."""
    parts = np.asarray(_parts(geometry), dtype=object)
    rings, which = shapely.get_rings(parts, return_index=True)
    counts = shapely.get_num_coordinates(rings)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    first = np.searchsorted(which, which)       # position of each part's shell
    return {(int(p), int(k - f)): (int(s), int(c))
            for k, (p, f, s, c) in enumerate(zip(which, first, starts, counts, strict=True))}


def vertex_count(geometry, part: int = 0, ring: int = 0) -> int:
    """How many vertices the ring has, the closing one not counted."""
    return _locate(geometry, (part, ring, 0))[1] - 1


def _locate(geometry, vertex: Vertex, *, allow_end: bool = False) -> tuple[int, int, int]:
    """(start, count, index) of ``vertex``; the closing vertex (index count-1) is read as 0."""
    _polygonal(geometry)
    try:
        part, ring, index = (int(v) for v in vertex)
    except (TypeError, ValueError):
        raise GeometryRefused(reason=f"a vertex is (part, ring, index), not {vertex!r}") from None
    table = ring_table(geometry)
    if (part, ring) not in table:
        parts = len(_parts(geometry))
        if not 0 <= part < parts:
            raise GeometryRefused(reason=f"the geometry has no part {part} (it has {parts})")
        holes = sum(1 for (p, _r) in table if p == part) - 1
        raise GeometryRefused(reason=f"part {part} has no ring {ring} (0 is the shell; it has {holes} hole(s))")
    start, count = table[(part, ring)]
    n = count - 1
    if index < 0:
        index += n
    if allow_end and index == n:
        return start, count, index
    if index == n:
        index = 0
    if not 0 <= index < n:
        raise GeometryRefused(reason=f"ring {ring} of part {part} has no vertex {vertex[2]} (it has {n})")
    return start, count, index


def vertex_at(geometry, vertex: Vertex) -> tuple[float, ...]:
    start, _count, index = _locate(geometry, vertex)
    return tuple(float(v) for v in shapely.get_coordinates(geometry, include_z=shapely.has_z(geometry))[start + index])


def _point(point, z: bool, like=None) -> np.ndarray:
    if isinstance(point, shapely.Point):
        xy = [point.x, point.y] + ([point.z] if point.has_z else [])
    else:
        xy = [float(v) for v in point]
    if len(xy) < 2 or not np.isfinite(xy[:2]).all():
        raise GeometryRefused(reason=f"{point!r} is not a point (x, y)")
    if z:
        xy = xy[:2] + [xy[2] if len(xy) > 2 else (float(like[2]) if like is not None else 0.0)]
    return np.asarray(xy[:3 if z else 2], dtype=float)


# ---------------------------------------------------------------------------------------- vertices
def address_of_row(geometry, row: int) -> Vertex:
    """The vertex address of row ``row`` of ``shapely.get_coordinates(geometry)``."""
    for (part, ring), (start, count) in ring_table(geometry).items():
        if start <= row < start + count:
            return (part, ring, 0 if row == start + count - 1 else row - start)
    raise GeometryRefused(reason=f"the geometry has no part {row} (it has {len(_parts(geometry))})")


def nearest_vertex(geometry, point) -> tuple[Vertex, float]:
    """The vertex of ``geometry`` nearest to ``point`` and its distance (one numpy pass; for the vertex
    tool's hit test and for scripts that know a place rather than an index)."""
    _polygonal(geometry)
    xy = _point(point, False)
    coords = shapely.get_coordinates(geometry)
    d = np.hypot(coords[:, 0] - xy[0], coords[:, 1] - xy[1])
    row = int(np.argmin(d))
    return address_of_row(geometry, row), float(d[row])


def nearest_segment(geometry, point) -> tuple[Vertex, float, tuple[float, float]]:
    """Where a vertex added at the segment nearest to ``point`` goes: (the address to pass to
    :func:`insert_vertex`, the distance, the foot of the perpendicular on the segment)."""
    _polygonal(geometry)
    xy = _point(point, False)
    coords = shapely.get_coordinates(geometry)
    a, b = coords[:-1], coords[1:]
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.clip(np.divide(np.einsum("ij,ij->i", xy - a, ab), length2, out=np.zeros_like(length2),
                          where=length2 > 0), 0.0, 1.0)
    foot = a + ab * t[:, None]
    d = np.hypot(foot[:, 0] - xy[0], foot[:, 1] - xy[1])
    ends = np.zeros(len(d), dtype=bool)        # the step from one ring's closing vertex to the next ring
    for start, count in ring_table(geometry).values():
        if start + count - 1 < len(ends):
            ends[start + count - 1] = True
    d[ends] = np.inf
    row = int(np.argmin(d))
    part, ring, index = address_of_row(geometry, row)
    return (part, ring, index + 1), float(d[row]), (float(foot[row, 0]), float(foot[row, 1]))



def move_vertex(geometry, vertex: Vertex, to) -> Any:
    """``geometry`` with ``vertex`` at ``to`` (both ends of the ring for vertex 0)."""
    return move_vertices(geometry, [vertex], to=to)


def move_vertices(geometry, vertices: Iterable[Vertex], dx: float = 0.0, dy: float = 0.0, *, to=None) -> Any:
    """``geometry`` with each of ``vertices`` moved by (dx, dy) (a rubber-band selection dragged), or
    all set to ``to``. A vertex named twice moves once."""
    z = bool(shapely.has_z(geometry)) if geometry is not None else False
    coords = shapely.get_coordinates(geometry, include_z=z) if geometry is not None else None
    rows: set[int] = set()
    for vertex in vertices:
        start, count, index = _locate(geometry, vertex)
        rows.add(start + index)
        if index == 0:
            rows.add(start + count - 1)
    if not rows:
        return geometry
    rows_ = np.fromiter(rows, dtype=np.intp)
    if to is not None:
        coords[rows_] = _point(to, z, coords[rows_[0]])
    else:
        coords[rows_, 0] += float(dx)
        coords[rows_, 1] += float(dy)
    return shapely.set_coordinates(geometry, coords)


def insert_vertex(geometry, vertex: Vertex, point) -> Any:
    """``geometry`` with a new vertex at ``point`` that becomes ``vertex``: it goes between vertex
    index-1 and index (index = the ring's vertex count appends it before the closing vertex)."""
    start, count, index = _locate(geometry, vertex, allow_end=True)
    part, ring = int(vertex[0]), int(vertex[1])
    parts = [_rings(p) for p in _parts(geometry)]
    old = parts[part][ring]
    new = _point(point, old.shape[1] == 3)
    open_ = old[:-1]
    if index == 0:   # before the first vertex = after the last one: the ring keeps its start
        index = len(open_)
    ring_coords = np.concatenate([open_[:index], new[None, :], open_[index:]])
    parts[part][ring] = np.concatenate([ring_coords, ring_coords[:1]])
    return _compose(parts, isinstance(geometry, shapely.MultiPolygon))


def delete_vertex(geometry, vertex: Vertex) -> Any:
    """``geometry`` without ``vertex``; refused when the ring would keep fewer than 3 distinct points."""
    _start, count, index = _locate(geometry, vertex)
    part, ring = int(vertex[0]), int(vertex[1])
    parts = [_rings(p) for p in _parts(geometry)]
    open_ = np.delete(parts[part][ring][:-1], index, axis=0)
    distinct = len(np.unique(open_[:, :2], axis=0))
    if distinct < 3 and ring == 0:
        raise GeometryRefused(reason=f"deleting vertex {index} leaves the shell of part {part} with {distinct} "
                                     "distinct points (a ring needs 3): delete the part instead")
    if distinct < 3:
        raise GeometryRefused(reason=f"deleting vertex {index} leaves hole {ring} of part {part} with {distinct} "
                                     "distinct points (a ring needs 3): delete the ring instead")
    parts[part][ring] = np.concatenate([open_, open_[:1]])
    return _compose(parts, isinstance(geometry, shapely.MultiPolygon))


# ---------------------------------------------------------------------------------------- rings, parts

def _as_polygon(shape, hole: bool):
    if isinstance(shape, shapely.Polygon):
        polygon = shape
    elif isinstance(shape, shapely.LinearRing | shapely.LineString):
        polygon = shapely.Polygon(shape.coords)
    else:
        try:
            polygon = shapely.Polygon(shape)
        except (TypeError, ValueError, shapely.errors.GEOSException):
            raise GeometryRefused(reason="the new ring or part is not a ring of points") from None
    if polygon.is_empty or len(np.unique(shapely.get_coordinates(polygon.exterior), axis=0)) < 3:
        raise GeometryRefused(reason="the new ring or part has fewer than 3 distinct points")
    if not polygon.is_valid:
        raise GeometryRefused(reason=f"the new ring or part is invalid ({shapely.is_valid_reason(polygon)})")
    if hole and len(polygon.interiors):
        raise GeometryRefused(reason="a new ring cannot have holes of its own")
    return polygon


def add_ring(geometry, ring, part: int | None = None) -> Any:
    """``geometry`` with a new hole ``ring`` (coordinates, a ring or a polygon), in ``part`` or in the
    part that contains it. Refused when it does not lie inside one part's interior."""
    _polygonal(geometry)
    hole = _as_polygon(ring, True)
    parts = _parts(geometry)
    candidates = range(len(parts)) if part is None else [int(part)]
    for k in candidates:
        if not 0 <= k < len(parts):
            raise GeometryRefused(reason=f"the geometry has no part {k} (it has {len(parts)})")
        if parts[k].contains(hole):
            rings = _rings(parts[k])
            z = rings[0].shape[1] == 3
            coords = shapely.get_coordinates(hole.exterior, include_z=z)
            rings.append(coords)
            out = [_rings(p) if j != k else rings for j, p in enumerate(parts)]
            return _compose(out, isinstance(geometry, shapely.MultiPolygon))
    raise GeometryRefused(reason="the new ring does not lie inside a part (a hole must be inside the shell and "
                                 "clear of the other holes)")


def delete_ring(geometry, part: int, ring: int) -> Any:
    """``geometry`` without hole ``ring`` (≥ 1) of ``part``."""
    _locate(geometry, (part, ring, 0))
    if int(ring) == 0:
        raise GeometryRefused(reason="ring 0 is the shell: delete the part instead")
    parts = [_rings(p) for p in _parts(geometry)]
    del parts[int(part)][int(ring)]
    return _compose(parts, isinstance(geometry, shapely.MultiPolygon))


def add_part(geometry, polygon) -> Any:
    """``geometry`` as a MultiPolygon with ``polygon`` as a new part; refused when it overlaps a part
    (the result would be invalid: draw a reshape or merge instead)."""
    _polygonal(geometry)
    new = _as_polygon(polygon, False)
    for k, p in enumerate(_parts(geometry)):
        if shapely.area(shapely.intersection(p, new)) > NOISE_AREA:
            raise GeometryRefused(reason=f"the new part overlaps part {k}")
    z = shapely.has_z(geometry)
    parts = [_rings(p) for p in _parts(geometry)] + [[shapely.get_coordinates(r, include_z=z) for r in
                                                       (new.exterior, *new.interiors)]]
    return _compose(parts, True)


def delete_part(geometry, part: int) -> Any:
    """``geometry`` without ``part``; refused for the only part (delete the feature instead). A
    MultiPolygon left with one part stays a MultiPolygon (the layer's type)."""
    _locate(geometry, (part, 0, 0))
    parts = [_rings(p) for p in _parts(geometry)]
    if len(parts) == 1:
        raise GeometryRefused(reason="the geometry has only this part: delete the feature instead")
    del parts[int(part)]
    return _compose(parts, True)


# ---------------------------------------------------------------------------------------- whole shapes

def translate(geometry, dx: float, dy: float) -> Any:
    return shapely.affinity.translate(geometry, xoff=float(dx), yoff=float(dy))


def rotate(geometry, angle: float, center=None) -> Any:
    """``geometry`` turned by ``angle`` degrees counter-clockwise about ``center`` (x, y; default its
    centroid)."""
    origin = "centroid" if center is None else tuple(float(v) for v in _point(center, False))
    return shapely.affinity.rotate(geometry, float(angle), origin=origin)


def _line(line) -> shapely.LineString:
    if isinstance(line, shapely.LineString):
        out = line
    else:
        try:
            out = shapely.LineString(line)
        except (TypeError, ValueError, shapely.errors.GEOSException):
            raise GeometryRefused(reason="the line is not a sequence of points") from None
    if out.is_empty or len(out.coords) < 2 or out.length == 0:
        raise GeometryRefused(reason="the line needs two distinct points")
    return out


def _polygons_of(geometry) -> list:
    parts = shapely.get_parts(geometry)
    return [p for p in parts if isinstance(p, shapely.Polygon) and p.area > NOISE_AREA]


def split(geometry, line) -> list:
    """The pieces of ``geometry`` cut by ``line``, largest first (Polygons; a MultiPolygon's parts the
    line does not cut go with the largest piece). Refused when the line cuts nothing."""
    _polygonal(geometry)
    line = _line(line)
    cut, kept = [], []
    for part in _parts(geometry):
        pieces = _polygons_of(shapely.ops.split(part, line)) if part.intersects(line) else [part]
        (cut if len(pieces) > 1 else kept).append(pieces if len(pieces) > 1 else part)
    if not cut:
        raise GeometryRefused(reason="the split line does not cross the feature (it must cross it from one "
                                     "side to the other)")
    pieces = sorted((p for ps in cut for p in ps), key=lambda p: -p.area)
    if kept:
        pieces[0] = shapely.MultiPolygon([pieces[0], *kept])
    return pieces


def merge(geometries: Sequence) -> Any:
    """The union of ``geometries`` (a Polygon, or a MultiPolygon when they do not touch)."""
    if len(geometries) < 2:
        raise GeometryRefused(reason="merging needs at least two features")
    for g in geometries:
        _polygonal(g)
    out = shapely.union_all(np.asarray(geometries, dtype=object))
    polygons = _polygons_of(out)
    if not polygons:
        raise GeometryRefused(reason="the merged geometry is empty")
    return polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)


def _arc(ring_line, s_from: float, s_to: float) -> np.ndarray:
    """The ring's coordinates walked forward from ``s_from`` to ``s_to`` (wrapping past its start)."""
    if s_to > s_from:
        return shapely.get_coordinates(shapely.ops.substring(ring_line, s_from, s_to))
    head = shapely.get_coordinates(shapely.ops.substring(ring_line, s_from, ring_line.length))
    tail = shapely.get_coordinates(shapely.ops.substring(ring_line, 0.0, s_to))
    return np.concatenate([head, tail[1:]]) if len(tail) else head


def _ring_reshaped(ring: np.ndarray, line: shapely.LineString):
    """The ring with the stretch between the line's first and last crossing replaced by the line (the
    larger of the two rings so made, as QGIS does), or None when the line crosses it fewer than twice."""
    ring_line = shapely.LinearRing(ring)
    hits = shapely.get_coordinates(shapely.intersection(line, ring_line))
    along = sorted({float(line.project(shapely.Point(c))) for c in hits})
    if len(along) < 2:
        return None
    b = shapely.get_coordinates(shapely.ops.substring(line, along[0], along[-1]))
    p0, p1 = b[0], b[-1]
    s0, s1 = ring_line.project(shapely.Point(p0)), ring_line.project(shapely.Point(p1))
    if s0 == s1:
        return None
    candidates = []
    # the bridge p0→p1, then back to p0 along the ring one way round or the other
    for tail in (_arc(ring_line, s1, s0), _arc(ring_line, s0, s1)[::-1]):
        coords = np.concatenate([b, tail[1:-1], b[:1]])
        polygon = shapely.Polygon(coords)
        if polygon.is_valid and polygon.area > NOISE_AREA:
            candidates.append(polygon)
    if not candidates:
        return None
    return shapely.get_coordinates(max(candidates, key=lambda p: p.area).exterior)


def reshape(geometry, line) -> Any:
    """``geometry`` with the boundary between the line's first and last crossing of a ring replaced by
    the line: a line through the interior cuts the smaller side away, a line outside adds the area it
    encloses (QGIS's 重塑要素). Refused when the line does not cross a ring twice, or the result is invalid."""
    _polygonal(geometry)
    line = _line(line)
    parts = [_rings(p) for p in _parts(geometry)]
    changed = False
    for rings in parts:
        for k, ring in enumerate(rings):
            new = _ring_reshaped(ring[:, :2], line)
            if new is not None:
                rings[k] = new
                changed = True
                break
        if changed:
            break
    if not changed:
        raise GeometryRefused(reason="the reshape line does not cross the feature's boundary twice")
    out = _compose(parts, isinstance(geometry, shapely.MultiPolygon))
    if not out.is_valid:
        raise GeometryRefused(reason=f"the reshaped geometry would be invalid ({shapely.is_valid_reason(out)})")
    return out


def fill_gap(point, neighbours: Sequence) -> Any:
    """The gap under ``point``: the area enclosed by ``neighbours`` (geometries) that none of them covers,
    as a Polygon. Refused when the point lies inside a neighbour or in no enclosed gap."""
    p = shapely.Point(_point(point, False))
    geoms = np.asarray([g for g in neighbours if g is not None and not g.is_empty], dtype=object)
    if len(geoms):
        inside = np.flatnonzero(shapely.covers(geoms, p))
        if len(inside):
            raise GeometryRefused(reason="the point lies inside an existing feature, not in a gap",
                                  neighbours=[int(i) for i in inside])
    union = shapely.union_all(shapely.make_valid(geoms)) if len(geoms) else shapely.Polygon()
    for part in _polygons_of(union):
        for hole in part.interiors:
            filled = shapely.Polygon(hole)
            if filled.covers(p):
                gap = [g for g in _polygons_of(shapely.difference(filled, union)) if g.covers(p)]
                if gap:
                    return gap[0]
    raise GeometryRefused(reason="the point is not in a gap enclosed by features")


def clip_against(geometry, neighbours: Sequence[tuple[Any, Any]]) -> Any:
    """``geometry`` minus its ``neighbours`` ((id, geometry) pairs): avoid overlap. Refused, naming the
    neighbours, when one of them is invalid (it cannot be clipped against reliably), when nothing would
    be left, or when the cut would split a single polygon into parts."""
    _polygonal(geometry)
    near = [(nid, g) for nid, g in neighbours if g is not None and not g.is_empty and g.intersects(geometry)]
    bad = [(nid, g) for nid, g in near if not g.is_valid]
    if bad:
        nid, g = bad[0]
        raise GeometryRefused(reason=f"neighbour feature {nid} is invalid ({shapely.is_valid_reason(g)}): the new "
                                     "shape cannot be clipped against it — repair that feature, or add without "
                                     "avoiding overlap", neighbours=[n for n, _ in bad])
    overlapping = [(nid, g) for nid, g in near if shapely.area(shapely.intersection(geometry, g)) > NOISE_AREA]
    if not overlapping:
        return geometry
    cut = shapely.difference(geometry, shapely.union_all(np.asarray([g for _, g in overlapping], dtype=object)))
    pieces = _polygons_of(cut)
    names = ", ".join(str(nid) for nid, _ in overlapping)
    ids = [nid for nid, _ in overlapping]
    if not pieces:
        raise GeometryRefused(reason=f"avoiding overlap with feature(s) {names} leaves nothing of the shape",
                              neighbours=ids)
    if len(pieces) > len(_parts(geometry)):
        raise GeometryRefused(reason=f"avoiding overlap with feature(s) {names} splits the shape into "
                                     f"{len(pieces)} parts", neighbours=ids)
    if isinstance(geometry, shapely.MultiPolygon):
        return shapely.MultiPolygon(pieces)
    return pieces[0]


__all__ = ["GeometryRefused", "Vertex", "add_part", "add_ring", "clip_against", "delete_part", "delete_ring",
           "delete_vertex", "fill_gap", "insert_vertex", "merge", "move_vertex", "move_vertices", "nearest_segment",
           "nearest_vertex", "address_of_row", "reshape",
           "ring_table", "rotate", "split", "translate", "vertex_at", "vertex_count"]
