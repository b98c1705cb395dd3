"""Map editing tools (draw a polygon, the vertex tool, split) over the edit session's operations.

Like :mod:`.tools` they use no Qt: the canvas feeds :class:`~.tools.MapEvent` and paints
:meth:`rubber`. Besides the host interface of :mod:`.tools` an editing host gives:

- ``host.session()``: the :class:`~parkgis.core.editing.session.EditSession` of the current layer, or
  None (the host tells the user why: no layer chosen, a locked layer — :data:`NO_SESSION`);
- ``host.snap(x, y)``: ``(x, y, text)`` of the snapped place (text names what was snapped to), or None;
- ``host.status(message)``: show a refusal (the tool changed nothing).

Every change goes through one session call (one undo step); a gesture in progress only changes the
rubber band, so a mouse move never changes the layer (nor starts a render). Coordinates of events and
rubber bands are in the map's CRS (``host.crs``), the session's in the layer's.

Rubber specs besides those of :mod:`.tools`: ``("vertices", [(x, y), ...])`` vertex markers,
``("vertex", (x, y))`` the hovered or selected vertex, ``("snap", (x, y, text))`` the snap marker.
"""

from __future__ import annotations

import numpy as np
import shapely

from ..core.editing import geometry_ops as ops
from ..core.errors import ParkgisError
from ..core.messages import localize, localize_error
from .tools import CLICK_SLOP_PX, MapEvent, MapTool

#: hit radius of vertices and segments, in pixels
EDIT_TOLERANCE_PX = 8.0
#: what a host says when no layer is chosen to edit
NO_SESSION = "no layer is being edited: choose a polygon layer in the layers panel"


class _EditTool(MapTool):
    cursor = "cross"
    topological = False

    def __init__(self, host) -> None:
        super().__init__(host)
        self.snapped: tuple[float, float, str] | None = None

    # ----------------------------------------------------------------- host helpers
    def _session(self):
        return self.host.session()

    def _tolerance(self) -> float:
        return EDIT_TOLERANCE_PX * self.host.view.mpp

    def _snap(self, e: MapEvent) -> tuple[float, float]:
        """The event's map point, snapped when the host snaps it (the marker follows)."""
        hit = self.host.snap(e.x, e.y)
        self.snapped = None if hit is None else (float(hit[0]), float(hit[1]), str(hit[2]))
        return (e.x, e.y) if hit is None else (float(hit[0]), float(hit[1]))

    def _crs(self):
        return getattr(self.host, "crs", None)

    def _to_layer(self, session, geometry):
        return session.to_layer_crs(geometry, self._crs())

    def _to_map(self, session, geometry):
        """Layer coordinates shown on the map (the inverse of ``to_layer_crs``)."""
        from ..core.crs import to_crs
        crs, target = self._crs(), session.layer.crs
        if crs is None or target is None or to_crs(crs).equals(target):
            return geometry
        import pyproj
        t = pyproj.Transformer.from_crs(target, to_crs(crs), always_xy=True)
        return shapely.transform(geometry, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))

    def _refused(self, exc: ParkgisError) -> None:
        self.host.status(localize_error(exc))

    def _changed(self) -> None:
        self.host.tool_changed(self)

    def _snap_rubber(self) -> list:
        return [] if self.snapped is None else [("snap", self.snapped)]


class _LineTool(_EditTool):
    """Click points; double-click, right-click or Enter ends; Backspace removes the last; Esc cancels."""

    min_points = 2

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
        self.points.append(self._snap(e))
        self.hover = None
        self._changed()
        return True

    def move(self, e: MapEvent) -> bool:
        self.hover = self._snap(e)
        self._changed()
        return bool(self.points)

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
            self._changed()
            return True
        if e.key == "enter" and self.points:
            self._finish()
            return True
        return False

    def reset(self) -> None:
        self.points, self.hover, self.snapped = [], None, None

    def _finish(self) -> None:
        points = list(dict.fromkeys(self.points))     # a double-click repeats its point
        if len(points) < self.min_points:
            self.host.status(localize(self.too_few))
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


class DrawPolygonTool(_LineTool):
    """Draw a new polygon feature of the edited layer (绘制面)."""

    name = "draw_polygon"
    min_points = 3
    too_few = "a polygon needs at least 3 points"
    avoid_overlap = False

    def __init__(self, host) -> None:
        super().__init__(host)
        self.attributes: dict = {}
        self.added: int | None = None

    def apply(self, session, points) -> None:
        polygon = self._to_layer(session, shapely.Polygon(points))
        self.added = session.add_feature(polygon, dict(self.attributes), avoid_overlap=self.avoid_overlap)

    def rubber(self):
        pts = self._shown()
        out = []
        if len(pts) >= 3:
            out.append(("polygon", pts))
        elif pts:
            out.append(("line", pts))
        if self.points:
            out.append(("vertices", list(self.points)))
        return out + self._snap_rubber()


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
        candidates = [fid for fid, _ in session.index.query(line, predicate="intersects")]
        if not candidates:
            raise EditRefused(session, None, "the split line crosses no feature of the layer")
        done, first_refusal = [], None
        for fid in sorted(candidates):
            try:
                done.append(session.split(fid, line, topological=self.topological))
            except EditRefused as exc:   # a feature the line only touches or enters: left alone
                first_refusal = first_refusal or exc
        if not done:
            raise first_refusal
        self.result = done

    def rubber(self):
        pts = self._shown()
        out = [("line", pts)] if len(pts) >= 2 else []
        if self.points:
            out.append(("vertices", list(self.points)))
        return out + self._snap_rubber()


class VertexTool(_EditTool):
    """Move, add and delete vertices of the edited layer's features (节点工具): drag a vertex (one undo
    step on release), double-click a segment to add a vertex, Delete removes the selected or hovered one."""

    name = "vertex"
    cursor = "arrow"

    def __init__(self, host) -> None:
        super().__init__(host)
        self.hover: tuple[int, ops.Vertex, tuple[float, float]] | None = None     # fid, vertex, map point
        self.selected: tuple[int, ops.Vertex, tuple[float, float]] | None = None
        self._drag: dict | None = None

    # ----------------------------------------------------------------- hit tests
    def _hit_vertex(self, session, x, y):
        """(fid, vertex, map point) of the nearest vertex within the tolerance, or None."""
        p = self._to_layer(session, (x, y))
        tol = self._tolerance()
        area = shapely.box(p[0] - tol, p[1] - tol, p[0] + tol, p[1] + tol)
        best = None
        for fid, geometry in session.index.query(area, predicate="intersects"):
            if geometry is None or geometry.is_empty:
                continue
            vertex, d = ops.nearest_vertex(geometry, p)
            if d <= tol and (best is None or d < best[0]):
                best = (d, fid, vertex, geometry)
        if best is None:
            return None
        _, fid, vertex, geometry = best
        at = self._to_map(session, shapely.Point(ops.vertex_at(geometry, vertex)[:2]))
        return int(fid), vertex, (at.x, at.y)

    def _hit_segment(self, session, x, y):
        p = self._to_layer(session, (x, y))
        tol = self._tolerance()
        area = shapely.box(p[0] - tol, p[1] - tol, p[0] + tol, p[1] + tol)
        best = None
        for fid, geometry in session.index.query(area, predicate="intersects"):
            if geometry is None or geometry.is_empty:
                continue
            vertex, d, foot = ops.nearest_segment(geometry, p)
            if d <= tol and (best is None or d < best[0]):
                best = (d, int(fid), vertex, foot)
        return None if best is None else best[1:]

    # ----------------------------------------------------------------- events
    def press(self, e: MapEvent) -> bool:
        if e.button != "left":
            return False
        session = self.host.session()
        if session is None:
            return True
        hit = self._hit_vertex(session, e.x, e.y)
        if hit is None:
            self.selected = None
            self._changed()
            return True
        fid, vertex, at = hit
        self._drag = {"session": session, "fid": fid, "vertex": vertex, "start": e, "from": at,
                      "geometry": session.feature(fid).geometry, "to": None}
        self.selected = hit
        self._changed()
        return True

    def move(self, e: MapEvent) -> bool:
        drag = self._drag
        if drag is None:
            session = self.host.session()
            hover = None if session is None else self._hit_vertex(session, e.x, e.y)
            self.snapped = None
            if hover != self.hover:
                self.hover = hover
                self._changed()
            return False
        start = drag["start"]
        if drag["to"] is None and abs(e.px - start.px) < CLICK_SLOP_PX and abs(e.py - start.py) < CLICK_SLOP_PX:
            return True
        drag["to"] = self._snap(e)
        self._changed()
        return True

    def release(self, e: MapEvent) -> bool:
        drag, self._drag = self._drag, None
        if drag is None or e.button != "left":
            return drag is not None
        if drag["to"] is None:    # a click: the vertex stays selected (Delete removes it)
            self._changed()
            return True
        to = self._to_layer(drag["session"], drag["to"])
        self.snapped = None
        try:
            drag["session"].move_vertex(drag["fid"], drag["vertex"], to, topological=self.topological)
        except ParkgisError as exc:
            self._refused(exc)
            self.selected = None
        else:
            self.selected = (drag["fid"], drag["vertex"], tuple(drag["to"]))
        self.hover = None
        self._changed()
        return True

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
        point = self._to_layer(session, self._snap(e)) if self.host.snap(e.x, e.y) is not None else foot
        try:
            session.insert_vertex(fid, vertex, point, topological=self.topological)
        except ParkgisError as exc:
            self._refused(exc)
        else:
            at = self._to_map(session, shapely.Point(point))
            self.selected = (fid, vertex, (at.x, at.y))
        self.snapped = None
        self._changed()
        return True

    def key(self, e: MapEvent) -> bool:
        if e.key == "escape":
            if self._drag is not None or self.selected is not None:
                self.reset()
                self._changed()
                return True
            return False
        if e.key == "delete":
            target = self.selected or self.hover
            session = self._session()
            if target is None or session is None:
                return target is not None
            try:
                session.delete_vertex(target[0], target[1], topological=self.topological)
            except ParkgisError as exc:
                self._refused(exc)
            self.selected = self.hover = None
            self._changed()
            return True
        return False

    def reset(self) -> None:
        self._drag, self.selected, self.hover, self.snapped = None, None, None, None

    # ----------------------------------------------------------------- rubber band
    @property
    def dragging(self) -> bool:
        return self._drag is not None and self._drag["to"] is not None

    def rubber(self):
        out = []
        drag = self._drag
        if drag is not None and drag["to"] is not None:
            session = drag["session"]
            try:
                moved = ops.move_vertex(drag["geometry"], drag["vertex"], self._to_layer(session, drag["to"]))
            except ops.GeometryRefused:
                moved = drag["geometry"]
            moved = self._to_map(session, moved)
            for polygon in getattr(moved, "geoms", [moved]):
                out.append(("polygon", [tuple(c[:2]) for c in polygon.exterior.coords]))
                out.extend(("line", [tuple(c[:2]) for c in hole.coords]) for hole in polygon.interiors)
            out.append(("vertices", [tuple(c) for c in shapely.get_coordinates(moved)]))
            out.append(("vertex", tuple(drag["to"])))
            return out + self._snap_rubber()
        for mark in (self.selected, self.hover):
            if mark is not None:
                out.append(("vertex", mark[2]))
        return out + self._snap_rubber()


__all__ = ["EDIT_TOLERANCE_PX", "DrawPolygonTool", "SplitTool", "VertexTool"]
