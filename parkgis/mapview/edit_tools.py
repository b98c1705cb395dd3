"""Map editing tools over the edit session's operations: draw a polygon (with holes and parts), the
vertex tool, move and rotate features, split, reshape, fill a gap, add and delete rings and parts.

Like :mod:`.tools` they use no Qt: the canvas feeds :class:`~.tools.MapEvent` and paints
:meth:`rubber`. Besides the host interface of :mod:`.tools` an editing host gives:

- ``host.session()``: the :class:`~parkgis.core.editing.session.EditSession` of the current layer, or
  None (the host tells the user why: no layer chosen, a locked layer — :data:`NO_SESSION`);
- ``host.snap(x, y, exclude=None)``: ``(x, y, text)`` of the snapped place (text names what was
  snapped to), or None (snapping off, nothing near); ``exclude`` is the snapping index's exclusion
  (the vertex being dragged must not snap to itself);
- ``host.status(message)``: show a refusal (the tool changed nothing), worded in ``host.language``
  (optional; Chinese by default);
- optional: ``host.selected_fids()`` (the selected features of the edited layer), ``host.topological``
  and ``host.avoid_overlap`` (the toolbar toggles, read at each operation), ``host.live_update(geometry,
  fid)`` → a :class:`~parkgis.core.editing.live.LiveResult` or None and ``host.live_end()`` (the live
  compliance check of the shape being drawn or dragged, in the layer's CRS).

Every change goes through one session call (one undo step); a gesture in progress only changes the
rubber band (and asks the live check), so a mouse move never changes the layer, never writes the
journal and never starts a render. Coordinates of events and rubber bands are in the map's CRS
(``host.crs``), the session's in the layer's.

Rubber specs besides those of :mod:`.tools`: ``("vertices", [(x, y), ...])`` vertex markers,
``("selected", [(x, y), ...])`` selected vertices, ``("vertex", (x, y))`` the hovered vertex,
``("segment", [(x, y), (x, y)])`` the hovered segment, ``("dashed", [(x, y), ...])`` a line still
being drawn (the part from the last point to the cursor), ``("snap", (x, y, text))`` the snap marker
and ``("overlap", (severity, rule, geometry))`` a live conflict piece (a shapely geometry, map CRS).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import shapely

from ..core.editing import geometry_ops as ops
from ..core.errors import ParkgisError
from ..core.messages import localize, localize_error
from .tools import CLICK_SLOP_PX, MapEvent, MapTool

#: hit radius of vertices and segments, in pixels
EDIT_TOLERANCE_PX = 8.0
#: outlines of more vertices than this are not redrawn whole while a vertex is dragged
LARGE_OUTLINE = 2000
#: what a host says when no layer is chosen to edit
NO_SESSION = "no layer is being edited: choose a polygon layer in the layers panel"

_drag_ids = itertools.count(1)


def _outlines(geometry) -> list[tuple[str, list[tuple[float, float]]]]:
    """Rubber specs drawing a polygon's parts (filled shells, holes as lines)."""
    out = []
    if geometry is None or geometry.is_empty:
        return out
    for polygon in getattr(geometry, "geoms", [geometry]):
        if not isinstance(polygon, shapely.Polygon):
            continue
        out.append(("polygon", [tuple(c[:2]) for c in polygon.exterior.coords]))
        out.extend(("line", [tuple(c[:2]) for c in hole.coords]) for hole in polygon.interiors)
    return out


class _EditTool(MapTool):
    cursor = "cross"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.snapped: tuple[float, float, str] | None = None
        self.live = None              # the last LiveResult of the shape being drawn or dragged
        self._live_session = None

    # ----------------------------------------------------------------- host helpers
    def _session(self):
        return self.host.session()

    @property
    def topological(self) -> bool:
        return bool(getattr(self.host, "topological", False))

    @property
    def avoid_overlap(self) -> bool:
        return bool(getattr(self.host, "avoid_overlap", False))

    def _selected(self) -> list[int]:
        chosen = getattr(self.host, "selected_fids", None)
        return [int(f) for f in chosen()] if chosen is not None else []

    def _tolerance(self) -> float:
        return EDIT_TOLERANCE_PX * self.host.view.mpp

    def _snap(self, e: MapEvent, exclude=None) -> tuple[float, float]:
        """The event's map point, snapped when the host snaps it (the marker follows)."""
        hit = self.host.snap(e.x, e.y) if exclude is None else self.host.snap(e.x, e.y, exclude=exclude)
        self.snapped = None if hit is None else (float(hit[0]), float(hit[1]), str(hit[2]))
        return (e.x, e.y) if hit is None else (float(hit[0]), float(hit[1]))

    def _crs(self):
        return getattr(self.host, "crs", None)

    def _to_layer(self, session, geometry):
        return session.to_layer_crs(geometry, self._crs())

    def _to_map(self, session, geometry):
        """Layer coordinates shown on the map (the inverse of ``to_layer_crs``)."""
        t = self._map_transformer(session)
        if t is None:
            return geometry
        if not isinstance(geometry, shapely.Geometry):
            return t.transform(float(geometry[0]), float(geometry[1]))
        return shapely.transform(geometry, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))

    def _map_transformer(self, session):
        """The layer-to-map transformer (None: the same CRS), kept per layer and map CRS: comparing
        CRSs costs more than a whole mouse move."""
        crs, layer = self._crs(), session.layer
        key = (id(layer.gdf), str(crs))
        cached = getattr(self, "_map_t", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        from ..core.crs import to_crs
        target = layer.crs
        t = None
        if crs is not None and target is not None and not to_crs(crs).equals(target):
            import pyproj
            t = pyproj.Transformer.from_crs(target, to_crs(crs), always_xy=True)
        self._map_t = (key, t)
        return t

    def _refused(self, exc: ParkgisError) -> None:
        self.host.status(localize_error(exc, self._language()))

    def _say(self, message: str) -> None:
        self.host.status(localize(message, self._language()))

    def _language(self) -> str:
        return getattr(self.host, "language", None) or "zh_CN"

    def _changed(self) -> None:
        self.host.tool_changed(self)

    def _snap_rubber(self) -> list:
        return [] if self.snapped is None else [("snap", self.snapped)]

    def _feature_at(self, session, x: float, y: float) -> int | None:
        """The fid of the edited layer's feature under the map point (the selected one first)."""
        p = self._to_layer(session, (x, y))
        tol = self._tolerance()
        area = shapely.box(p[0] - tol, p[1] - tol, p[0] + tol, p[1] + tol)
        hits = [int(fid) for fid, g in session.index.query(area, predicate="intersects")
                if g is not None and g.intersects(area)]
        if not hits:
            return None
        chosen = [f for f in self._selected() if f in hits]
        if chosen:
            return chosen[0]
        point = shapely.Point(p)
        inside = [f for f in hits if session.feature(f).geometry.covers(point)]
        return (inside or hits)[-1]

    # ----------------------------------------------------------------- live compliance check
    def _live(self, session, geometry, fid: int | None) -> None:
        """Check the shape (layer CRS) being drawn or dragged; the pieces show on the map."""
        update = getattr(self.host, "live_update", None)
        if update is None or geometry is None:
            return
        self._live_session = session
        try:
            self.live = update(geometry, fid)
        except ParkgisError:   # a shape the check cannot take yet (a ring crossing itself mid-drag)
            self.live = None

    def _live_end(self) -> None:
        if self._live_session is not None:
            end = getattr(self.host, "live_end", None)
            if end is not None:
                end()
        self.live, self._live_session = None, None

    def _live_rubber(self) -> list:
        if self.live is None or self._live_session is None:
            return []
        return [("overlap", (p.severity, p.rule, self._to_map(self._live_session, p.geometry)))
                for p in self.live.pieces]


class _LineTool(_EditTool):
    """Click points; double-click, right-click or Enter ends; Backspace removes the last; Esc cancels."""

    min_points = 2
    too_few = "a split line needs at least 2 points"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.points: list[tuple[float, float]] = []
        self.hover: tuple[float, float] | None = None

    def press(self, e: MapEvent) -> bool:
        if e.button == "right":
            if self.points:
                self._finish()
            return True
        if e.button != "left":
            return False
        if not self.points:
            self.started(e)
        self.points.append(self._snap(e))
        self.hover = None
        self._moved()
        self._changed()
        return True

    def started(self, e: MapEvent) -> None:
        """The first point of a drawing (the modifiers may choose what it draws)."""

    def move(self, e: MapEvent) -> bool:
        self.hover = self._snap(e)
        if self.points:
            self._moved()
        self._changed()
        return bool(self.points)

    def _moved(self) -> None:
        """The drawing or the cursor changed (the live check follows it)."""

    def release(self, e: MapEvent) -> bool:
        return e.button in ("left", "right")

    def double(self, e: MapEvent) -> bool:
        # Qt sends press, release, double-click, release: the first press already added this point
        if self.points:
            self._finish()
        return True

    def key(self, e: MapEvent) -> bool:
        if e.key == "escape":
            self.reset()
            self._changed()
            return True
        if e.key == "backspace" and self.points:
            self.points.pop()
            self._moved()
            self._changed()
            return True
        if e.key == "enter" and self.points:
            self._finish()
            return True
        return False

    def reset(self) -> None:
        self.points, self.hover, self.snapped = [], None, None
        self._live_end()

    def _finish(self) -> None:
        points = list(dict.fromkeys(self.points))     # a double-click repeats its point
        if len(points) < self.min_points:
            self._say(self.too_few)
            return
        session = self._session()
        if session is None:
            return
        try:
            self.apply(session, points)
        except ParkgisError as exc:
            self._refused(exc)     # the drawing stays: the user may fix it or press Esc
            self._changed()
            return
        self.reset()
        self._changed()

    def _shown(self) -> list[tuple[float, float]]:
        return self.points + ([self.hover] if self.hover is not None else [])

    def apply(self, session, points) -> None:
        raise NotImplementedError

    def _line_rubber(self) -> list:
        out = []
        if len(self.points) >= 2:
            out.append(("line", list(self.points)))
        if self.points and self.hover is not None:
            out.append(("dashed", [self.points[-1], self.hover]))
        if self.points:
            out.append(("vertices", list(self.points)))
        return out + self._snap_rubber()

    def rubber(self):
        return self._line_rubber()


class DrawPolygonTool(_LineTool):
    """Draw a new polygon feature of the edited layer (绘制面). ``mode`` ``"ring"`` cuts the drawn
    polygon as a hole into the feature that holds it, ``"part"`` adds it as a part of the selected
    feature; starting a drawing with Ctrl held draws a ring, with Shift a part."""

    name = "draw_polygon"
    min_points = 3
    too_few = "a polygon needs at least 3 points"

    def __init__(self, host, mode: str = "feature") -> None:
        super().__init__(host)
        self.mode = self.default_mode = mode
        self.attributes: dict = {}
        self.added: int | None = None

    def started(self, e: MapEvent) -> None:
        self.mode = "ring" if e.ctrl else "part" if e.shift else self.default_mode

    def reset(self) -> None:
        super().reset()
        self.mode = self.default_mode

    def _moved(self) -> None:
        if self.mode != "feature":
            return
        pts = self._shown()
        session = self._session() if len(pts) >= 3 else None
        if session is None:
            self.live = None
            return
        polygon = shapely.Polygon(pts)
        if polygon.is_valid and polygon.area > 0:
            self._live(session, self._to_layer(session, polygon), None)

    def apply(self, session, points) -> None:
        from ..core.editing.operations import EditRefused
        polygon = self._to_layer(session, shapely.Polygon(points))
        if self.mode == "ring":
            inside = shapely.Point(polygon.representative_point())
            holders = [f for f in self._selected() if session.feature(f) is not None
                       and session.feature(f).geometry.covers(inside)]
            holders = holders or [int(f) for f, g in session.index.query(inside, predicate="intersects")
                                  if g.covers(inside)]
            if not holders:
                raise EditRefused(session, None, "the ring lies inside no feature of the layer")
            session.add_ring(holders[-1], polygon)
            self.added = holders[-1]
        elif self.mode == "part":
            chosen = self._selected()
            if len(chosen) != 1:
                raise EditRefused(session, None, "select the one feature the part is added to")
            session.add_part(chosen[0], polygon)
            self.added = chosen[0]
        else:
            self.added = session.add_feature(polygon, dict(self.attributes), avoid_overlap=self.avoid_overlap,
                                             topological=self.topological)

    def rubber(self):
        pts = self._shown()
        out = []
        if len(pts) >= 3:
            out.append(("polygon", pts))
        elif len(pts) == 2:
            out.append(("dashed", pts))
        if self.points:
            out.append(("vertices", list(self.points)))
        return self._live_rubber() + out + self._snap_rubber()


class AddRingTool(DrawPolygonTool):
    """Draw a hole into a feature (添加内环)."""

    name = "add_ring"

    def __init__(self, host) -> None:
        super().__init__(host, mode="ring")


class AddPartTool(DrawPolygonTool):
    """Draw a further part of the selected feature (添加部件)."""

    name = "add_part"

    def __init__(self, host) -> None:
        super().__init__(host, mode="part")


class SplitTool(_LineTool):
    """Draw a line; every feature of the edited layer it crosses is split by it (分割)."""

    name = "split"
    too_few = "a split line needs at least 2 points"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.result: list[list[int]] = []

    def apply(self, session, points) -> None:
        from ..core.editing.operations import EditRefused
        line = self._to_layer(session, shapely.LineString(points))
        chosen = self._selected()
        candidates = [fid for fid, _ in session.index.query(line, predicate="intersects")
                      if not chosen or fid in chosen]
        if not candidates:
            raise EditRefused(session, None, "the split line crosses no feature of the layer")
        done, first_refusal, one_step = [], None, object()
        for fid in sorted(candidates):
            try:
                done.append(session.split(fid, line, topological=self.topological, merge_key=one_step))
            except EditRefused as exc:   # a feature the line only touches or enters: left alone
                first_refusal = first_refusal or exc
        if not done:
            raise first_refusal
        self.result = done


class ReshapeTool(_LineTool):
    """Draw a line that leaves and re-enters a feature (or runs inside it from edge to edge): the
    boundary between the crossings is replaced by the line (重塑). The selected feature is reshaped
    when there is one, else the feature the line crosses."""

    name = "reshape"
    too_few = "a reshape line needs at least 2 points"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.reshaped: int | None = None

    def apply(self, session, points) -> None:
        from ..core.editing.operations import EditRefused
        line = self._to_layer(session, shapely.LineString(points))
        chosen = self._selected()
        near = session.index.query(line, predicate="intersects")
        # the feature whose boundary the line follows furthest inside it is the one meant
        candidates = sorted(((f, g) for f, g in near if not chosen or f in chosen),
                            key=lambda fg: -fg[1].intersection(line).length)
        if not candidates:
            raise EditRefused(session, None, "the reshape line crosses no feature of the layer")
        first_refusal = None
        for fid, _ in candidates:
            try:
                session.reshape(fid, line, avoid_overlap=self.avoid_overlap, topological=self.topological)
            except EditRefused as exc:
                first_refusal = first_refusal or exc
                continue
            self.reshaped = int(fid)
            return
        raise first_refusal


class _ClickTool(_EditTool):
    """A click does the operation (a press and release in place)."""

    def __init__(self, host) -> None:
        super().__init__(host)
        self._press: MapEvent | None = None

    def press(self, e: MapEvent) -> bool:
        if e.button != "left":
            return False
        self._press = e
        return True

    def move(self, e: MapEvent) -> bool:
        self._snap(e)
        self._changed()
        return False

    def release(self, e: MapEvent) -> bool:
        start, self._press = self._press, None
        if start is None or e.button != "left":
            return False
        if abs(e.px - start.px) >= CLICK_SLOP_PX or abs(e.py - start.py) >= CLICK_SLOP_PX:
            return True
        session = self._session()
        if session is None:
            return True
        try:
            self.clicked(session, self._to_layer(session, self._snap(e)))
        except ParkgisError as exc:
            self._refused(exc)
        self._changed()
        return True

    def reset(self) -> None:
        self._press, self.snapped = None, None

    def clicked(self, session, point) -> None:
        raise NotImplementedError

    def rubber(self):
        return self._snap_rubber()


class FillGapTool(_ClickTool):
    """Click into the hole between parcels: a new feature fills it exactly (填补空隙)."""

    name = "fill_gap"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.added: int | None = None

    def clicked(self, session, point) -> None:
        self.added = session.fill_gap(point)

    def move(self, e: MapEvent) -> bool:
        self.snapped = None     # a gap is clicked inside, not on a boundary
        return False


def _ring_at(session, point, holes: bool):
    """(fid, part, ring) of the hole (``holes``) or the part holding ``point`` (layer CRS)."""
    p = shapely.Point(point)
    # by envelope: a point in a hole does not intersect its feature
    for fid, geometry in reversed(session.index.query(p)):
        for k, polygon in enumerate(getattr(geometry, "geoms", [geometry])):
            if holes:
                for r, hole in enumerate(polygon.interiors, start=1):
                    if shapely.Polygon(hole).covers(p):
                        return int(fid), k, r
            elif polygon.covers(p):
                return int(fid), k, 0
    return None


class DeleteRingTool(_ClickTool):
    """Click inside a hole to remove it (删除内环)."""

    name = "delete_ring"

    def clicked(self, session, point) -> None:
        from ..core.editing.operations import EditRefused
        hit = _ring_at(session, point, holes=True)
        if hit is None:
            raise EditRefused(session, None, "no hole of the layer's features lies under the click")
        session.delete_ring(*hit)


class DeletePartTool(_ClickTool):
    """Click a part of a multi-part feature to remove it (删除部件)."""

    name = "delete_part"

    def clicked(self, session, point) -> None:
        from ..core.editing.operations import EditRefused
        hit = _ring_at(session, point, holes=False)
        if hit is None:
            raise EditRefused(session, None, "no feature of the layer lies under the click")
        session.delete_part(hit[0], hit[1])


class _FeatureDragTool(_EditTool):
    """Press on a feature (a selected one takes the others selected with it), drag, release: one
    operation on the features; the rubber band shows them where they would go."""

    cursor = "arrow"

    def __init__(self, host) -> None:
        super().__init__(host)
        self._drag: dict | None = None

    def press(self, e: MapEvent) -> bool:
        if e.button != "left":
            return False
        session = self._session()
        if session is None:
            return True
        fid = self._feature_at(session, e.x, e.y)
        if fid is None:
            self._say("no feature of the edited layer under the cursor")
            return True
        chosen = self._selected()
        fids = chosen if fid in chosen else [fid]
        shapes = {f: self._to_map(session, session.feature(f).geometry) for f in fids}
        self._drag = {"session": session, "fids": fids, "start": e, "shapes": shapes, "now": None}
        self.begin(self._drag)
        return True

    def move(self, e: MapEvent) -> bool:
        drag = self._drag
        if drag is None:
            return False
        start = drag["start"]
        if drag["now"] is None and abs(e.px - start.px) < CLICK_SLOP_PX and abs(e.py - start.py) < CLICK_SLOP_PX:
            return True
        drag["now"] = self._snap(e)
        if len(drag["fids"]) == 1:
            moved = self.transformed(drag, drag["shapes"][drag["fids"][0]])
            self._live(drag["session"], self._to_layer(drag["session"], moved), drag["fids"][0])
        self._changed()
        return True

    def release(self, e: MapEvent) -> bool:
        drag, self._drag = self._drag, None
        if drag is None:
            return False
        self.snapped = None
        self._live_end()
        if drag["now"] is not None:
            try:
                self.apply(drag)
            except ParkgisError as exc:
                self._refused(exc)
        self._changed()
        return True

    def key(self, e: MapEvent) -> bool:
        if e.key == "escape" and self._drag is not None:
            self.reset()
            self._changed()
            return True
        return False

    def reset(self) -> None:
        self._drag, self.snapped = None, None
        self._live_end()

    def begin(self, drag: dict) -> None:
        pass

    def transformed(self, drag: dict, shape):
        raise NotImplementedError

    def apply(self, drag: dict) -> None:
        raise NotImplementedError

    def rubber(self):
        drag = self._drag
        if drag is None or drag["now"] is None:
            return self._snap_rubber()
        out = self._live_rubber()
        for shape in drag["shapes"].values():
            out.extend(_outlines(self.transformed(drag, shape)))
        return out + self._snap_rubber()


class MoveFeatureTool(_FeatureDragTool):
    """Drag features to move them (移动要素)."""

    name = "move_feature"

    def _offset(self, drag) -> tuple[float, float]:
        start = drag["start"]
        return drag["now"][0] - start.x, drag["now"][1] - start.y

    def transformed(self, drag, shape):
        dx, dy = self._offset(drag)
        return shapely.transform(shape, lambda xy: xy + (dx, dy))

    def apply(self, drag) -> None:
        session = drag["session"]
        start = self._to_layer(session, (drag["start"].x, drag["start"].y))
        end = self._to_layer(session, drag["now"])
        session.move_features(drag["fids"], end[0] - start[0], end[1] - start[1])


class RotateFeatureTool(_FeatureDragTool):
    """Drag around a feature to turn it about the centre of its bounding box (旋转要素)."""

    name = "rotate_feature"

    def begin(self, drag) -> None:
        xmin, ymin, xmax, ymax = shapely.total_bounds(np.asarray(list(drag["shapes"].values()), dtype=object))
        drag["centre"] = ((xmin + xmax) / 2, (ymin + ymax) / 2)

    def angle(self, drag) -> float:
        """Degrees counter-clockwise from the press to the cursor, about the centre."""
        cx, cy = drag["centre"]
        start = drag["start"]
        a0 = math.atan2(start.y - cy, start.x - cx)
        a1 = math.atan2(drag["now"][1] - cy, drag["now"][0] - cx)
        return math.degrees(a1 - a0)

    def _snap(self, e: MapEvent, exclude=None) -> tuple[float, float]:
        self.snapped = None       # an angle, not a place: nothing to snap to
        return e.x, e.y

    def transformed(self, drag, shape):
        return ops.rotate(shape, self.angle(drag), drag["centre"])

    def apply(self, drag) -> None:
        session = drag["session"]
        centre = self._to_layer(session, drag["centre"])
        session.rotate_features(drag["fids"], self.angle(drag), centre)

    def rubber(self):
        out = super().rubber()
        if self._drag is not None and self._drag["now"] is not None:
            out.append(("dashed", [self._drag["centre"], self._drag["now"]]))
        return out


class VertexTool(_EditTool):
    """Move, add and delete vertices of the edited layer's features (节点工具).

    Hover shows the nearest vertex (or segment) and the feature's vertices. Drag a vertex to move it;
    drag on empty map for a rubber band selecting the vertices of one feature inside it (Shift
    adds), then drag one of them to move them all; every drag is one undo step. Double-click a
    segment adds a vertex; Delete removes the selected vertices. Works on shells, holes and parts
    alike; with ``host.topological`` the neighbours sharing a vertex follow."""

    name = "vertex"
    cursor = "arrow"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.hover: tuple[int, ops.Vertex, tuple[float, float]] | None = None     # fid, vertex, map point
        self.hover_segment: tuple[int, ops.Vertex, tuple[float, float]] | None = None
        self.fid: int | None = None                       # the feature whose vertices are selected
        self.vertices: list[ops.Vertex] = []              # the selected vertices of it
        self._drag: dict | None = None
        self._band: tuple[MapEvent, MapEvent] | None = None
        self._markers: tuple | None = None                # (fid, geometry, map coordinates) cache

    @property
    def selected(self) -> tuple[int, ops.Vertex, tuple[float, float]] | None:
        """The one selected vertex (fid, vertex, map point), or None (none or several selected)."""
        if self.fid is None or len(self.vertices) != 1:
            return None
        session = self._session()
        geometry = session.feature(self.fid).geometry if session is not None else None
        if geometry is None:
            return None
        at = self._to_map(session, ops.vertex_at(geometry, self.vertices[0])[:2])
        return self.fid, self.vertices[0], (float(at[0]), float(at[1]))

    # ----------------------------------------------------------------- hit tests
    def _near(self, session, x, y):
        p = self._to_layer(session, (x, y))
        tol = self._tolerance()
        area = shapely.box(p[0] - tol, p[1] - tol, p[0] + tol, p[1] + tol)
        return p, tol, [(int(f), g) for f, g in session.index.query(area, predicate="intersects")
                        if g is not None and not g.is_empty]

    def _hit_vertex(self, session, x, y):
        """(fid, vertex, map point) of the nearest vertex within the tolerance, or None."""
        p, tol, near = self._near(session, x, y)
        best = None
        for fid, geometry in near:
            vertex, d = ops.nearest_vertex(geometry, p)
            # the feature being worked on wins a tie (a vertex shared with a neighbour)
            rank = (d, fid != self.fid)
            if d <= tol and (best is None or rank < best[0]):
                best = (rank, fid, vertex, geometry)
        if best is None:
            return None
        _, fid, vertex, geometry = best
        at = self._to_map(session, ops.vertex_at(geometry, vertex)[:2])
        return fid, vertex, (float(at[0]), float(at[1]))

    def _hit_segment(self, session, x, y):
        p, tol, near = self._near(session, x, y)
        best = None
        for fid, geometry in near:
            vertex, d, foot = ops.nearest_segment(geometry, p)
            if d <= tol and (best is None or d < best[0]):
                best = (d, fid, vertex, foot)
        return None if best is None else best[1:]

    # ----------------------------------------------------------------- events
    def press(self, e: MapEvent) -> bool:
        if e.button != "left":
            return False
        session = self._session()
        if session is None:
            return True
        hit = self._hit_vertex(session, e.x, e.y)
        if hit is None:
            self._band = (e, e)
            return True
        fid, vertex, at = hit
        if fid == self.fid and vertex in self.vertices and len(self.vertices) > 1:
            vertices = list(self.vertices)          # drag the whole selection
        elif e.shift and fid == self.fid:
            vertices = [*self.vertices, vertex] if vertex not in self.vertices else list(self.vertices)
        else:
            vertices = [vertex]
        self.fid, self.vertices = fid, vertices
        geometry = session.feature(fid).geometry
        self._drag = {"session": session, "fid": fid, "vertex": vertex, "vertices": vertices, "start": e,
                      "from": at, "geometry": geometry, "to": None, "key": next(_drag_ids)}
        self._changed()
        return True

    def _moved_geometry(self, drag):
        """The dragged feature's geometry as it would be now (layer CRS)."""
        session = drag["session"]
        to = self._to_layer(session, drag["to"])
        try:
            if len(drag["vertices"]) == 1:
                return ops.move_vertex(drag["geometry"], drag["vertex"], to)
            origin = self._to_layer(session, drag["from"])
            return ops.move_vertices(drag["geometry"], drag["vertices"], to[0] - origin[0], to[1] - origin[1])
        except ops.GeometryRefused:
            return drag["geometry"]

    def move(self, e: MapEvent) -> bool:
        drag = self._drag
        if self._band is not None:
            self._band = (self._band[0], e)
            self._changed()
            return True
        if drag is None:
            session = self._session()
            hover = None if session is None else self._hit_vertex(session, e.x, e.y)
            segment = None if session is None or hover is not None else self._hit_segment(session, e.x, e.y)
            if segment is not None:
                segment = (segment[0], segment[1], segment[2])
            self.snapped = None
            if hover != self.hover or segment != self.hover_segment:
                self.hover, self.hover_segment = hover, segment
                self._changed()
            return False
        start = drag["start"]
        if drag["to"] is None and abs(e.px - start.px) < CLICK_SLOP_PX and abs(e.py - start.py) < CLICK_SLOP_PX:
            return True
        layer_id = drag["session"].layer.id
        drag["to"] = self._snap(e, exclude=[(layer_id, drag["fid"], v) for v in drag["vertices"]])
        drag["moved"] = self._moved_geometry(drag)
        self._live(drag["session"], drag["moved"], drag["fid"])
        self._changed()
        return True

    def release(self, e: MapEvent) -> bool:
        if self._band is not None:
            start, self._band = self._band[0], None
            if abs(e.px - start.px) < CLICK_SLOP_PX and abs(e.py - start.py) < CLICK_SLOP_PX:
                self.fid, self.vertices = None, []          # a click on empty map clears the selection
            else:
                self._select_in(start, e)
            self._changed()
            return True
        drag, self._drag = self._drag, None
        if drag is None or e.button != "left":
            return drag is not None
        self._live_end()
        if drag["to"] is None:    # a click: the vertex stays selected (Delete removes it)
            self._changed()
            return True
        session = drag["session"]
        to = self._to_layer(session, drag["to"])
        self.snapped = None
        try:
            if len(drag["vertices"]) == 1:
                session.move_vertex(drag["fid"], drag["vertex"], to, topological=self.topological,
                                    merge_key=drag["key"])
            else:
                origin = self._to_layer(session, drag["from"])
                session.move_vertices(drag["fid"], drag["vertices"], to[0] - origin[0], to[1] - origin[1],
                                      topological=self.topological, merge_key=drag["key"])
        except ParkgisError as exc:
            self._refused(exc)
            self.fid, self.vertices = None, []
        self.hover = None
        self._changed()
        return True

    def _select_in(self, start: MapEvent, end: MapEvent) -> None:
        """Select the vertices inside the rubber band: of the feature being worked on when it has
        some there, else of the feature with most of them."""
        session = self._session()
        if session is None:
            return
        a = self._to_layer(session, (start.x, start.y))
        b = self._to_layer(session, (end.x, end.y))
        box = shapely.box(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
        xmin, ymin, xmax, ymax = box.bounds
        found: dict[int, list[ops.Vertex]] = {}
        for fid, geometry in session.index.query(box, predicate="intersects"):
            xy = shapely.get_coordinates(geometry)
            rows = np.flatnonzero((xy[:, 0] >= xmin) & (xy[:, 0] <= xmax) & (xy[:, 1] >= ymin) & (xy[:, 1] <= ymax))
            vertices = list(dict.fromkeys(ops.address_of_row(geometry, int(r)) for r in rows))
            if vertices:
                found[int(fid)] = vertices
        if not found:
            if not end.shift:
                self.fid, self.vertices = None, []
            return
        fid = self.fid if self.fid in found else max(found, key=lambda f: len(found[f]))
        if end.shift and fid == self.fid:
            self.vertices = list(dict.fromkeys([*self.vertices, *found[fid]]))
        else:
            self.fid, self.vertices = fid, found[fid]

    def double(self, e: MapEvent) -> bool:
        session = self._session()
        if session is None:
            return True
        self._drag = None
        if self._hit_vertex(session, e.x, e.y) is not None:
            return True     # on a vertex: the click selected it, nothing to add
        hit = self._hit_segment(session, e.x, e.y)
        if hit is None:
            return True
        fid, vertex, foot = hit
        snapped = self.host.snap(e.x, e.y)
        point = self._to_layer(session, (float(snapped[0]), float(snapped[1]))) if snapped is not None else foot
        try:
            session.insert_vertex(fid, vertex, point, topological=self.topological)
        except ParkgisError as exc:
            self._refused(exc)
        else:
            self.fid, self.vertices = fid, [vertex]
        self.snapped = None
        self._changed()
        return True

    def key(self, e: MapEvent) -> bool:
        if e.key == "escape":
            if self._drag is not None or self._band is not None or self.vertices:
                self.reset()
                self._changed()
                return True
            return False
        if e.key == "delete":
            session = self._session()
            if self.vertices and self.fid is not None:
                fid, vertices = self.fid, list(self.vertices)
            elif self.hover is not None:
                fid, vertices = self.hover[0], [self.hover[1]]
            else:
                return False
            if session is None:
                return True
            try:
                self._delete(session, fid, vertices)
            except ParkgisError as exc:
                self._refused(exc)
            self.fid, self.vertices, self.hover = None, [], None
            self._changed()
            return True
        return False

    def _delete(self, session, fid: int, vertices: list[ops.Vertex]) -> None:
        if len(vertices) == 1 or self.topological:
            # from the last: the addresses of the earlier ones stay valid
            for vertex in sorted(vertices, reverse=True):
                session.delete_vertex(fid, vertex, topological=self.topological)
            return
        geometry = session.feature(fid).geometry
        try:
            for vertex in sorted(vertices, reverse=True):
                geometry = ops.delete_vertex(geometry, vertex)
        except ops.GeometryRefused as exc:
            from ..core.editing.operations import EditRefused
            raise EditRefused(session, fid, exc.reason, exc.neighbours) from None
        session.set_geometry(fid, geometry, text=f"删除 {len(vertices)} 个节点 {session.layer.name} #{fid}")

    def reset(self) -> None:
        self._drag, self._band, self.hover, self.hover_segment, self.snapped = None, None, None, None, None
        self.fid, self.vertices = None, []
        self._live_end()

    # ----------------------------------------------------------------- rubber band
    @property
    def dragging(self) -> bool:
        return self._drag is not None and self._drag["to"] is not None

    def _feature_markers(self, session, fid: int) -> list[tuple[float, float]]:
        """The map coordinates of a feature's vertices (cached per geometry: rubber() runs per paint)."""
        state = session.feature(fid)
        geometry = None if state is None else state.geometry
        if geometry is None:
            return []
        cached = self._markers
        if cached is not None and cached[0] == fid and cached[1] is geometry:
            return cached[2]
        xy = shapely.get_coordinates(self._to_map(session, geometry))
        markers = [tuple(c) for c in xy]
        self._markers = (fid, geometry, markers)
        return markers

    def _dragged_segments(self, session, moved, vertices) -> list:
        """The two segments at each dragged vertex (at most 200 of them), as lines in the map's CRS."""
        out = []
        for part, ring, index in vertices[:200]:
            n = ops.vertex_count(moved, part, ring)
            points = [ops.vertex_at(moved, (part, ring, (index + k) % n))[:2] for k in (-1, 0, 1)]
            out.append(("line", [tuple(map(float, self._to_map(session, p))) for p in points]))
        return out

    def rubber(self):
        out = []
        drag = self._drag
        if drag is not None and drag["to"] is not None:
            session = drag["session"]
            moved = drag.get("moved") or self._moved_geometry(drag)
            out.extend(self._live_rubber())
            if shapely.get_num_coordinates(moved) > LARGE_OUTLINE:
                # the rest of the outline is on the layer's image: redrawing 10 000 points per mouse move
                # would cost the drag its frame rate
                out.extend(self._dragged_segments(session, moved, drag["vertices"]))
            else:
                moved = self._to_map(session, moved)
                out.extend(_outlines(moved))
                out.append(("vertices", [tuple(c) for c in shapely.get_coordinates(moved)]))
            out.append(("vertex", tuple(drag["to"])))
            return out + self._snap_rubber()
        if self._band is not None:
            a, b = self._band
            out.append(("rect", (a.x, a.y, b.x, b.y)))
        session = self._session() if (self.fid is not None or self.hover is not None
                                      or self.hover_segment is not None) else None
        if session is not None:
            shown = self.fid if self.fid is not None else (self.hover or self.hover_segment)[0]
            out.append(("vertices", self._feature_markers(session, shown)))
            if self.fid is not None and self.vertices and session.feature(self.fid) is not None:
                geometry = session.feature(self.fid).geometry
                points = [self._to_map(session, ops.vertex_at(geometry, v)[:2]) for v in self.vertices]
                out.append(("selected", [(float(p[0]), float(p[1])) for p in points]))
            if self.hover is not None:
                out.append(("vertex", self.hover[2]))
            elif self.hover_segment is not None:
                fid, vertex, _foot = self.hover_segment
                geometry = session.feature(fid).geometry
                part, ring, index = vertex      # the insertion address: the segment ends at index
                n = ops.vertex_count(geometry, part, ring)
                a = ops.vertex_at(geometry, (part, ring, index - 1))[:2]
                b = ops.vertex_at(geometry, (part, ring, index % n))[:2]
                out.append(("segment", [tuple(map(float, self._to_map(session, a))),
                                        tuple(map(float, self._to_map(session, b)))]))
        return out + self._snap_rubber()


class LiveFeedback:
    """The host's side of the tools' live compliance check (``host.live_update`` / ``host.live_end``):
    one stroke of the project's :class:`~parkgis.core.editing.live.LiveChecker` per gesture, the last
    result kept for a panel (``listeners`` are called with it, None when the gesture ends)."""

    def __init__(self, project, layer) -> None:
        from ..core.editing.live import live_checker
        self.checker = live_checker(project, layer)
        self.project, self.layer = project, layer
        self.result = None
        self.fid: int | None = None
        self.active = False
        self.baseline: dict | None = None     # the check's JSON of the feature before the gesture
        self._baseline_due = False
        self.listeners: list = []

    def update(self, geometry, fid: int | None):
        if not self.active or fid != self.fid:
            if self.active:
                self.checker.end()
            self.checker.begin(fid)
            self.active, self.fid = True, fid
            self.baseline, self._baseline_due = None, fid is not None
        if self._baseline_due:
            self._check_baseline()
        self.result = self.checker.update(geometry)
        if self.result is not None:
            self.result.baseline = self.baseline
        for listener in list(self.listeners):
            listener(self.result)
        return self.result

    def _check_baseline(self) -> None:
        """The feature as the edit session holds it (tools change it only when the gesture ends)."""
        session = self.project.session_for(self.layer)
        state = session.feature(self.fid) if session is not None else None
        if state is None or state.geometry is None:
            self._baseline_due = False
            return
        try:
            before = self.checker.update(state.geometry)
        except ParkgisError:     # an invalid feature: its check is the conflict check's business
            self._baseline_due = False
            return
        if before is not None:    # None: the index is still being built; try at the next move
            self.baseline, self._baseline_due = before.json, False

    def end(self) -> None:
        if self.active:
            self.checker.end()
        self.active, self.fid, self.result = False, None, None
        self.baseline, self._baseline_due = None, False
        for listener in list(self.listeners):
            listener(None)


#: the editing tools by the names of the window's actions
EDIT_TOOLS = {cls.name: cls for cls in (DrawPolygonTool, VertexTool, MoveFeatureTool, RotateFeatureTool, SplitTool,
                                        ReshapeTool, FillGapTool, AddRingTool, AddPartTool, DeleteRingTool,
                                        DeletePartTool)}


__all__ = ["EDIT_TOLERANCE_PX", "EDIT_TOOLS", "NO_SESSION", "LiveFeedback", "AddPartTool", "AddRingTool", "DeletePartTool",
           "DeleteRingTool", "DrawPolygonTool", "FillGapTool", "MoveFeatureTool", "ReshapeTool",
           "RotateFeatureTool", "SplitTool", "VertexTool"]
