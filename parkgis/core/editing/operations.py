"""The geometry editing operations of an edit session (the scripting contract of the map's editing
tools): vertices, rings, parts, split, merge, reshape, fill gap, move, rotate, paste, avoid overlap
and topological editing.

Each call is one undo step on ``project.undo_stack`` — a topological step that changes several
features too — and a refused call raises :class:`EditRefused` (naming the layer, the feature and the
reason) before anything changed: no undo step, no journal entry. Vertices are ``(part, ring, index)``
(see :mod:`.geometry_ops`), coordinates in the layer's CRS.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import shapely

from ..errors import DataError
from ..store.base import FeatureState
from . import geometry_ops as ops
from . import topology

#: fill_gap looks no further than this many features around the click.
_GAP_SEARCH_LIMIT = 2_000


class EditRefused(DataError):
    """A geometry edit refused; nothing was changed. ``fid`` is the feature edited (None for a new
    one), ``reason`` why, ``neighbours`` the fids of other features at fault (an invalid neighbour)."""

    def __init__(self, session, fid: int | None, reason: str, neighbours: Sequence[int] = ()):
        self.layer_name, self.fid, self.reason, self.neighbours = session.layer.name, fid, reason, tuple(neighbours)
        path = session.project.path
        if path is not None:
            super().__init__(path, reason, feature=fid, layer=session.layer.name)
        else:   # no file to name: the layer leads, as the session's other errors do
            where = f"layer {self.layer_name}" + (f", feature {fid}" if fid is not None else "")
            super().__init__(None, f"{where}: {reason}")


class GeometryOperations:
    """Mixed into :class:`~parkgis.core.editing.session.EditSession`."""

    # ------------------------------------------------------------------ helpers

    @property
    def tolerance(self) -> float:
        """Vertices closer than this per axis are one shared vertex (topological editing)."""
        value = getattr(self, "_tolerance", None)
        if value is None:   # reading the layer's CRS costs more than a whole topological move
            cached = getattr(self, "_default_tolerance", None)
            if cached is None or cached[0] is not self.layer.gdf:
                self._default_tolerance = (self.layer.gdf, topology.default_tolerance(self.layer))
            return self._default_tolerance[1]
        return value

    @tolerance.setter
    def tolerance(self, value: float | None) -> None:
        self._tolerance = None if value is None else float(value)

    @property
    def index(self) -> topology.SessionIndex:
        """The current geometries of the layer for neighbour queries (built on first use)."""
        if getattr(self, "_index", None) is None:
            self._index = topology.SessionIndex(self)
        return self._index

    def _release_index(self) -> None:
        index = getattr(self, "_index", None)
        if index is not None:
            self.project.events.features_changed.disconnect(index._features_changed)
            self._index = None

    @contextlib.contextmanager
    def _refusing(self, fid: int | None):
        try:
            yield
        except ops.GeometryRefused as exc:
            raise EditRefused(self, fid, exc.reason, exc.neighbours) from None

    def _geometry(self, fid: int):
        state = self._require(int(fid))
        if state.geometry is None or state.geometry.is_empty:
            raise EditRefused(self, int(fid), "the feature has no geometry")
        return state.geometry

    def _like_layer(self, geometry):
        """A new Polygon as a MultiPolygon in a layer of MultiPolygons (as shapefiles and most bureau
        data are): a GeoPackage layer keeps one geometry type."""
        cached = getattr(self, "_multi", None)
        if cached is None or cached[0] is not self.layer.gdf:
            geoms = np.asarray(self.layer.gdf.geometry.values[:1000], dtype=object)
            present = geoms[~shapely.is_missing(geoms)]
            multi = bool(len(present)) and bool((shapely.get_type_id(present) == 6).all())
            self._multi = cached = (self.layer.gdf, multi)
        if cached[1] and isinstance(geometry, shapely.Polygon):
            return shapely.MultiPolygon([geometry])
        return geometry

    def to_layer_crs(self, geometry, crs):
        """``geometry`` (or an (x, y) point) given in ``crs`` (the map's), in the layer's CRS — a layer of
        another CRS than the project is edited in its own."""
        if crs is None:
            return geometry
        transformer = self._transformer(crs)
        if transformer is None:
            return geometry
        if isinstance(geometry, shapely.Geometry):
            return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
        x, y = transformer.transform(float(geometry[0]), float(geometry[1]))
        return (x, y)

    def _transformer(self, crs):
        """The map-to-layer transformer for ``crs`` (None: the same CRS), kept per CRS: building one
        costs milliseconds, which a drag in another CRS would pay on every mouse move."""
        cache = getattr(self, "_transformers", None)
        if cache is None or cache[0] is not self.layer.gdf:
            self._transformers = cache = (self.layer.gdf, {})
        key = crs if isinstance(crs, int | str) else getattr(crs, "srs", None) or str(crs)
        if key not in cache[1]:
            import pyproj

            from ..crs import to_crs
            target = self.layer.crs
            source = to_crs(crs)
            cache[1][key] = None if target is None or source.equals(target) else \
                pyproj.Transformer.from_crs(source, target, always_xy=True)
        return cache[1][key]

    def _push_geometries(self, geometries: Mapping[int, Any], text: str, merge_key: object = None) -> None:
        """One undo step setting the geometries of existing features (fid → geometry)."""
        before, after = {}, {}
        for fid, geometry in geometries.items():
            old = self._require(int(fid))
            before[int(fid)] = old
            after[int(fid)] = FeatureState(self._checked_geometry(geometry, like=old.geometry), dict(old.attributes))
        self._push(text, before, after, merge_key=merge_key)

    def _neighbours(self, geometry, skip=()) -> list[tuple[int, Any]]:
        skip = {int(f) for f in skip}
        return [(f, g) for f, g in self.index.query(geometry, predicate="intersects") if f not in skip]

    def _avoiding_overlap(self, geometry, fid: int | None, skip=()):
        with self._refusing(fid):
            return ops.clip_against(geometry, self._neighbours(geometry, skip=skip))

    # ------------------------------------------------------------------ finding vertices, validating

    def nearest_vertex(self, fid: int, point) -> tuple[ops.Vertex, float]:
        """The (part, ring, index) of the vertex of ``fid`` nearest to ``point``, and its distance."""
        fid = int(fid)
        with self._refusing(fid):
            return ops.nearest_vertex(self._geometry(fid), point)

    def nearest_segment(self, fid: int, point) -> tuple[ops.Vertex, float, tuple[float, float]]:
        """Where :meth:`insert_vertex` puts a vertex on the segment of ``fid`` nearest to ``point``:
        (vertex address, distance, the point on the segment)."""
        fid = int(fid)
        with self._refusing(fid):
            return ops.nearest_segment(self._geometry(fid), point)

    def validate(self, fids=None, ruleset=None) -> list:
        """The findings of the changed features (see :mod:`.validation`)."""
        from .validation import validate
        return validate(self, fids, ruleset)

    def repair(self, finding) -> None:
        """Apply a finding's repair as one undo step."""
        from .validation import repair
        repair(self, finding)

    # ------------------------------------------------------------------ vertices

    def move_vertex(self, fid: int, vertex: ops.Vertex, to, topological: bool = False, *,
                    merge_key: object = None) -> None:
        """Move ``vertex`` of feature ``fid`` to ``to`` (x, y). ``topological``: every vertex of the
        layer's features at the same place moves with it (the neighbours sharing it, three or more
        too). Calls with the same ``merge_key`` (a whole drag) merge into one undo step."""
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            moved = {fid: ops.move_vertex(geometry, vertex, to)}
            if topological:
                old = ops.vertex_at(geometry, vertex)
                new = ops._point(to, False)
                moved.update(topology.shared_vertex_moves(self.index, old, new, self.tolerance))
        self._push_geometries(moved, f"移动节点 {self.layer.name} #{fid}" + (" (拓扑)" if len(moved) > 1 else ""),
                              merge_key=None if merge_key is None else ("vertex", fid, merge_key))

    def move_vertices(self, fid: int, vertices: Iterable[ops.Vertex], dx: float, dy: float,
                      topological: bool = False, *, merge_key: object = None) -> None:
        """Move several vertices of ``fid`` by (dx, dy) together (a rubber-band selection)."""
        fid = int(fid)
        vertices = list(vertices)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            moved = {fid: ops.move_vertices(geometry, vertices, dx, dy)}
            if topological and vertices:
                # the selected vertices are found again among all the coincident ones, the feature's own too
                olds = shapely.get_coordinates(geometry)[ops.vertex_rows(geometry, vertices)]
                moved.update(topology.shared_vertices_moved_by(self.index, olds, float(dx), float(dy), self.tolerance))
        self._push_geometries(moved, f"移动 {len(vertices)} 个节点 {self.layer.name} #{fid}",
                              merge_key=None if merge_key is None else ("vertices", fid, merge_key))

    def insert_vertex(self, fid: int, vertex: ops.Vertex, point, topological: bool = False) -> None:
        """Insert ``point`` as ``vertex`` (between index-1 and index). ``topological``: also into the
        neighbours whose edge it lies on."""
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            changed = {fid: ops.insert_vertex(geometry, vertex, point)}
            if topological:
                changed.update(topology.topological_points(self.index, [ops._point(point, False)], self.tolerance,
                                                           skip=[fid]))
        self._push_geometries(changed, f"添加节点 {self.layer.name} #{fid}")

    def delete_vertex(self, fid: int, vertex: ops.Vertex, topological: bool = False) -> None:
        """Delete ``vertex``. ``topological``: also from the neighbours sharing it (refused, naming
        the neighbour, when one would keep fewer than 3 points)."""
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            changed = {fid: ops.delete_vertex(geometry, vertex)}
            if topological:
                changed.update(topology.shared_vertex_deletions(self.index, ops.vertex_at(geometry, vertex),
                                                                self.tolerance, skip=[fid]))
        self._push_geometries(changed, f"删除节点 {self.layer.name} #{fid}")

    # ------------------------------------------------------------------ rings and parts

    def add_ring(self, fid: int, ring, part: int | None = None) -> None:
        """Cut a hole ``ring`` (coordinates or a polygon) into ``fid`` (in ``part``, or the part that holds it)."""
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            new = ops.add_ring(geometry, ring, part)
        self._push_geometries({fid: new}, f"添加内环 {self.layer.name} #{fid}")

    def delete_ring(self, fid: int, part: int, ring: int) -> None:
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            new = ops.delete_ring(geometry, part, ring)
        self._push_geometries({fid: new}, f"删除内环 {self.layer.name} #{fid}")

    def add_part(self, fid: int, polygon) -> None:
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            new = ops.add_part(geometry, polygon)
        self._push_geometries({fid: new}, f"添加部件 {self.layer.name} #{fid}")

    def delete_part(self, fid: int, part: int) -> None:
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            new = ops.delete_part(geometry, part)
        self._push_geometries({fid: new}, f"删除部件 {self.layer.name} #{fid}")

    # ------------------------------------------------------------------ whole features

    def move_features(self, fids: Iterable[int], dx: float, dy: float, *, merge_key: object = None) -> None:
        fids = [int(f) for f in fids]
        moved = {fid: ops.translate(self._geometry(fid), dx, dy) for fid in fids}
        self._push_geometries(moved, f"移动 {len(fids)} 个要素 {self.layer.name}",
                              merge_key=None if merge_key is None else ("move", tuple(fids), merge_key))

    def rotate_features(self, fids: Iterable[int], angle: float, center=None, *, merge_key: object = None) -> None:
        """Turn features by ``angle`` degrees counter-clockwise about ``center`` (x, y; default the
        centre of their common bounding box, so that they turn together)."""
        fids = [int(f) for f in fids]
        geometries = {fid: self._geometry(fid) for fid in fids}
        if center is None:
            xmin, ymin, xmax, ymax = shapely.total_bounds(np.asarray(list(geometries.values()), dtype=object))
            center = ((xmin + xmax) / 2, (ymin + ymax) / 2)
        with self._refusing(fids[0] if fids else None):
            turned = {fid: ops.rotate(g, angle, center) for fid, g in geometries.items()}
        self._push_geometries(turned, f"旋转 {len(fids)} 个要素 {self.layer.name}",
                              merge_key=None if merge_key is None else ("rotate", tuple(fids), merge_key))

    def split(self, fid: int, line, topological: bool = False, *, merge_key: object = None) -> list[int]:
        """Cut ``fid`` by ``line``: it keeps the largest piece, the others become new features with its
        attributes. Returns ``[fid, new fid, ...]``. ``topological``: the cut points are added to the
        neighbours' edges they lie on, so that the pieces and the neighbours stay joined. Splits with the
        same ``merge_key`` (one line across several features) are one undo step."""
        fid = int(fid)
        old = self._require(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            pieces = ops.split(geometry, line)
        multi = isinstance(geometry, shapely.MultiPolygon)
        pieces = [shapely.MultiPolygon([p]) if multi and isinstance(p, shapely.Polygon) else p for p in pieces]
        extra = {}
        if topological:
            new_points = topology.new_vertices(self.index.coordinates(fid, geometry),
                                               shapely.get_coordinates(np.asarray(pieces, dtype=object)))
            with self._refusing(fid):
                extra = topology.topological_points(self.index, new_points, self.tolerance, skip=[fid])
        new_fids = self._new_fids(len(pieces) - 1)
        states_before = {fid: old, **dict.fromkeys(new_fids)}
        states_after = {fid: FeatureState(self._checked_geometry(pieces[0], like=geometry), dict(old.attributes))}
        for new_fid, piece in zip(new_fids, pieces[1:], strict=True):
            states_after[new_fid] = FeatureState(self._checked_geometry(piece, like=geometry), dict(old.attributes))
        for other, g in extra.items():
            state = self._require(other)
            states_before[other] = state
            states_after[other] = FeatureState(self._checked_geometry(g, like=state.geometry), dict(state.attributes))
        if merge_key is None:
            self._push(f"分割 {self.layer.name} #{fid} 为 {len(pieces)} 块", states_before, states_after)
        else:
            self._push(f"沿分割线分割 {self.layer.name} 的要素", states_before, states_after,
                       merge_key=("split", merge_key))
        return [fid, *new_fids]

    def merge(self, fids: Iterable, keep: int | None = None) -> int:
        """Union the features ``fids`` into ``keep`` (default the first; it keeps its fid and
        attributes), deleting the others. A fid may be given as (layer name, fid): features of another
        layer are refused."""
        plain = []
        for item in fids:
            if isinstance(item, tuple):
                name, number = item
                name = getattr(name, "name", name)
                if name != self.layer.name:
                    raise EditRefused(self, int(number), f"feature {number} is in layer {name}: features of "
                                                         "different layers cannot be merged")
                item = number
            plain.append(int(item))
        plain = list(dict.fromkeys(plain))
        keep = plain[0] if keep is None and plain else int(keep) if keep is not None else None
        if keep not in plain:
            raise EditRefused(self, keep, "the feature to keep is not among the features merged")
        geometries = [self._geometry(f) for f in plain]
        with self._refusing(keep):
            merged = ops.merge(geometries)
        kept = self._require(keep)
        if isinstance(kept.geometry, shapely.MultiPolygon) and isinstance(merged, shapely.Polygon):
            merged = shapely.MultiPolygon([merged])
        before = {f: self._require(f) for f in plain}
        after = {f: None for f in plain if f != keep}
        after[keep] = FeatureState(self._checked_geometry(merged, like=kept.geometry), dict(kept.attributes))
        self._push(f"合并 {len(plain)} 个要素 {self.layer.name} 为 #{keep}", before, after)
        return keep

    def reshape(self, fid: int, line, avoid_overlap: bool = False, topological: bool = False) -> None:
        """Replace the boundary of ``fid`` between the line's crossings by the line (重塑).
        ``topological``: the new vertices that lie on neighbours' edges are added to them too."""
        fid = int(fid)
        geometry = self._geometry(fid)
        with self._refusing(fid):
            new = ops.reshape(geometry, line)
        if avoid_overlap:
            new = self._avoiding_overlap(new, fid, skip=[fid])
        changed = {fid: new}
        if topological:
            points = topology.new_vertices(self.index.coordinates(fid, geometry), shapely.get_coordinates(new))
            with self._refusing(fid):
                changed.update(topology.topological_points(self.index, points, self.tolerance, skip=[fid]))
        self._push_geometries(changed, f"重塑 {self.layer.name} #{fid}")

    def fill_gap(self, point, attributes: Mapping[str, Any] | None = None) -> int:
        """A new feature filling the gap between existing features under ``point`` (填补空隙)."""
        gap = self._like_layer(self._gap_at(point))
        (fid,) = self.add_features([(gap, attributes or {})], text=f"填补空隙 {self.layer.name}")
        return fid

    def _gap_at(self, point):
        with self._refusing(None):
            p = ops._point(point, False)
        geoms = self.index.query(shapely.Point(p))
        covering = [f for f, g in geoms if g.covers(shapely.Point(p))]
        if covering:
            raise EditRefused(self, covering[0], "the point lies inside an existing feature, not in a gap")
        full = self.index.bounds()
        if full is None:
            raise EditRefused(self, None, "the point is not in a gap enclosed by features")
        radius = max(float(full[2] - full[0]), float(full[3] - full[1])) / 1000 or 1.0
        while True:
            area = shapely.box(p[0] - radius, p[1] - radius, p[0] + radius, p[1] + radius)
            near = self.index.query(area, predicate="intersects")
            covers_all = area.covers(shapely.box(*full))
            if len(near) > _GAP_SEARCH_LIMIT and not covers_all:
                # a click in open land would union the whole city: what so many features surround is no gap
                raise EditRefused(self, None, "the point is not in a gap enclosed by features")
            try:
                gap = ops.fill_gap(p, [g for _, g in near])
            except ops.GeometryRefused as exc:
                if covers_all:
                    raise EditRefused(self, None, exc.reason) from None
            else:
                # a gap reaching the search box's edge may be open beyond it: look wider
                if covers_all or area.buffer(-radius * 1e-9).contains(gap):
                    return gap
            radius *= 2

    def add_feature(self, geometry, attributes: Mapping[str, Any] | None = None, avoid_overlap: bool = False,
                    topological: bool = False) -> int:
        """Add a feature; ``avoid_overlap`` clips it against the layer's features first, refusing
        (naming the neighbour) when that cannot be done. ``topological``: its vertices that lie on
        neighbours' edges are added to them (one undo step with the new feature)."""
        geometry = self._checked_geometry(geometry)
        if avoid_overlap:
            geometry = self._avoiding_overlap(geometry, None)
        geometry = self._like_layer(geometry)
        if not topological or geometry is None:
            (fid,) = self.add_features([(geometry, attributes or {})])
            return fid
        with self._refusing(None):
            extra = topology.topological_points(self.index, np.unique(shapely.get_coordinates(geometry), axis=0),
                                                self.tolerance)
        state = self._new_state(geometry, attributes or {})
        (fid,) = self._new_fids(1)
        before, after = {fid: None}, {fid: state}
        for other, g in extra.items():
            old = self._require(other)
            before[other] = old
            after[other] = FeatureState(self._checked_geometry(g, like=old.geometry), dict(old.attributes))
        self._push(f"添加要素 {self.layer.name} #{fid} (拓扑)", before, after)
        return fid

    def paste_features(self, features, crs=None, avoid_overlap: bool = False) -> list[int]:
        """Add copies of features from another layer (a GeoDataFrame, a VectorLayer, or (geometry,
        attributes) pairs in ``crs``), reprojected to this layer's CRS; attributes of columns this layer
        lacks are dropped. Returns the new fids."""
        import geopandas as gpd

        from ..crs import crs_label, legacy_datum, to_crs

        gdf = getattr(features, "gdf", features)
        if isinstance(gdf, gpd.GeoDataFrame):
            source = to_crs(crs) if crs is not None else gdf.crs
            geometries = list(gdf.geometry.values)
            names = [c for c in gdf.columns if c != gdf.geometry.name and c in self.columns]
            rows = [{c: row[c] for c in names} for row in gdf[names].to_dict("records")] if names else \
                [{} for _ in geometries]
        else:
            pairs = list(features)
            source = to_crs(crs) if crs is not None else None
            geometries = [g for g, _ in pairs]
            rows = [{k: v for k, v in dict(a or {}).items() if k in self.columns} for _, a in pairs]
        target = self.layer.crs
        if source is not None and target is not None and not to_crs(source).equals(target):
            if legacy_datum(source) != legacy_datum(target):
                raise EditRefused(self, None, f"the features are in {crs_label(source)} and the layer in "
                                              f"{crs_label(target)}: pasting between datums needs explicit "
                                              "transformation parameters")
            geometries = list(gpd.GeoSeries(geometries, crs=source).to_crs(target).values)
        rows = [{k: (None if _missing(v) else v) for k, v in r.items()} for r in rows]
        if avoid_overlap:
            geometries = [self._avoiding_overlap(self._checked_geometry(g), None) for g in geometries]
        geometries = [self._like_layer(g) for g in geometries]
        return self.add_features(list(zip(geometries, rows, strict=True)),
                                 text=f"粘贴 {len(geometries)} 个要素到 {self.layer.name}")


def _missing(value) -> bool:
    from ..store.values import is_missing
    return is_missing(value)


__all__ = ["EditRefused", "GeometryOperations"]
