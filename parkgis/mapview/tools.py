"""Map tools as small state machines over plain events (after napari mouse bindings, QGIS ``QgsMapTool``).

The tools use no Qt: the canvas (:mod:`parkgis.gui.canvas`) turns Qt mouse/key events into
:class:`MapEvent` and feeds the active tool; tests feed synthetic events to a fake host. A tool talks back through its host (the canvas):

- ``host.view`` / ``host.crs``: the current :class:`~.view.MapView` and map CRS;
- ``host.set_view(view, final)``: show a view (``final=False`` while dragging: scaled images only);
- ``host.identify_at(x, y, tolerance)``, ``host.select_at(x, y, tolerance, mode)``,
  ``host.select_in(bounds, mode)``: ask the window to identify / select;
- ``host.tool_changed(tool)``: the tool's rubber band or measurement changed (repaint).

Rubber bands (:meth:`MapTool.rubber`) are in map coordinates: ``("rect", (x0, y0, x1, y1))``,
``("line", [(x, y), ...])``, ``("polygon", [(x, y), ...])``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .view import MapView

# selection modes (the same strings as parkgis.gui.selection)
REPLACE, ADD, TOGGLE = "replace", "add", "toggle"

#: a press and release closer than this many pixels is a click, not a drag
CLICK_SLOP_PX = 4.0
#: search radius of identify and select-by-click, in pixels
PICK_RADIUS_PX = 4.0


@dataclass(frozen=True)
class MapEvent:
    kind: str                    # "press", "move", "release", "double", "key"
    px: float = 0.0              # screen pixel
    py: float = 0.0
    x: float = 0.0               # map coordinate (east)
    y: float = 0.0               # map coordinate (north)
    button: str | None = None    # "left", "middle", "right"
    shift: bool = False
    ctrl: bool = False
    key: str | None = None       # "escape", "backspace", "enter"

    @classmethod
    def at(cls, kind: str, view: MapView, px: float, py: float, **kw) -> MapEvent:
        x, y = view.to_map(px, py)
        return cls(kind, px, py, x, y, **kw)


class MapTool:
    name = "tool"
    cursor = "arrow"             # "arrow", "open_hand", "closed_hand", "cross", "whats_this"

    def __init__(self, host) -> None:
        self.host = host

    def press(self, e: MapEvent) -> bool:
        return False

    def move(self, e: MapEvent) -> bool:
        return False

    def release(self, e: MapEvent) -> bool:
        return False

    def double(self, e: MapEvent) -> bool:
        return False

    def key(self, e: MapEvent) -> bool:
        return False

    def reset(self) -> None:
        """Forget any half-done gesture (tool switched, Esc)."""

    def rubber(self) -> list[tuple[str, object]]:
        return []

    def handle(self, e: MapEvent) -> bool:
        return getattr(self, e.kind)(e)


class PanTool(MapTool):
    """Drag to move the map (left button; the canvas also uses it for middle-drag and space-drag)."""

    name = "pan"
    cursor = "open_hand"

    def __init__(self, host) -> None:
        super().__init__(host)
        self._last: tuple[float, float] | None = None
        self.moved = False

    @property
    def dragging(self) -> bool:
        return self._last is not None

    def press(self, e: MapEvent) -> bool:
        if e.button not in ("left", "middle") or self.host.view is None:
            return False
        self._last, self.moved = (e.px, e.py), False
        return True

    def move(self, e: MapEvent) -> bool:
        if self._last is None:
            return False
        dx, dy = e.px - self._last[0], e.py - self._last[1]
        self._last = (e.px, e.py)
        if dx or dy:
            self.moved = True
            self.host.set_view(self.host.view.panned(dx, dy), False)
        return True

    def release(self, e: MapEvent) -> bool:
        if self._last is None:
            return False
        self.move(e)
        self._last = None
        self.host.set_view(self.host.view, True)
        return True

    def reset(self) -> None:
        self._last = None


class _DragTool(MapTool):
    """Press–drag–release gestures with a rectangle rubber band; a short drag is a click."""

    def __init__(self, host) -> None:
        super().__init__(host)
        self.start: MapEvent | None = None
        self.current: MapEvent | None = None

    def press(self, e: MapEvent) -> bool:
        if e.button != "left":
            return False
        self.start = self.current = e
        return True

    def move(self, e: MapEvent) -> bool:
        if self.start is None:
            return False
        self.current = e
        self.host.tool_changed(self)
        return True

    def release(self, e: MapEvent) -> bool:
        if self.start is None or e.button != "left":
            return False
        start, self.start, self.current = self.start, None, None
        if abs(e.px - start.px) < CLICK_SLOP_PX and abs(e.py - start.py) < CLICK_SLOP_PX:
            self.clicked(e)
        else:
            self.dragged(start, e)
        self.host.tool_changed(self)
        return True

    def key(self, e: MapEvent) -> bool:
        if e.key == "escape" and self.start is not None:
            self.reset()
            self.host.tool_changed(self)
            return True
        return False

    def reset(self) -> None:
        self.start = self.current = None

    def rubber(self):
        if self.start is None or self.current is None:
            return []
        return [("rect", (self.start.x, self.start.y, self.current.x, self.current.y))]

    def clicked(self, e: MapEvent) -> None:
        pass

    def dragged(self, start: MapEvent, end: MapEvent) -> None:
        pass


class ZoomBoxTool(_DragTool):
    """Drag a box to zoom into it (Shift: zoom out so the view fits in the box); click: zoom ×2."""

    name = "zoom_box"
    cursor = "cross"

    def clicked(self, e: MapEvent) -> None:
        view = self.host.view
        self.host.set_view(view.zoomed(0.5 if e.shift else 2.0, (e.px, e.py)), True)

    def dragged(self, start: MapEvent, end: MapEvent) -> None:
        view = self.host.view
        bounds = (min(start.x, end.x), min(start.y, end.y), max(start.x, end.x), max(start.y, end.y))
        if end.shift:
            # zoom out: the current view shrinks into the box
            factor = max(abs(end.px - start.px) / view.width, abs(end.py - start.py) / view.height)
            cx, cy = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
            centre = view.to_screen(cx, cy)
            self.host.set_view(view.zoomed(factor, centre), True)
            return
        self.host.set_view(MapView.fit(bounds, view.width, view.height, margin=0.0), True)


class IdentifyTool(_DragTool):
    """Click: every feature under the cursor, across the visible layers."""

    name = "identify"
    cursor = "whats_this"

    def move(self, e: MapEvent) -> bool:
        return self.start is not None  # no rubber band: identify is a click

    def rubber(self):
        return []

    def clicked(self, e: MapEvent) -> None:
        self.host.identify_at(e.x, e.y, PICK_RADIUS_PX * self.host.view.mpp)


class SelectTool(_DragTool):
    """Click or drag a rectangle to select; Shift adds, Ctrl toggles (as in QGIS)."""

    name = "select"
    cursor = "arrow"

    @staticmethod
    def mode(e: MapEvent) -> str:
        return TOGGLE if e.ctrl else ADD if e.shift else REPLACE

    def clicked(self, e: MapEvent) -> None:
        self.host.select_at(e.x, e.y, PICK_RADIUS_PX * self.host.view.mpp, self.mode(e))

    def dragged(self, start: MapEvent, end: MapEvent) -> None:
        bounds = (min(start.x, end.x), min(start.y, end.y), max(start.x, end.x), max(start.y, end.y))
        self.host.select_in(bounds, self.mode(end))


class MeasureTool(MapTool):
    """Click vertices; double-click or right-click ends; Esc clears; Backspace removes the last.

    ``area=False`` measures a distance along the clicks, ``area=True`` the polygon they enclose.
    :attr:`result` is a :class:`parkgis.core.measure.LengthFigures` or ``AreaMeasure`` (live,
    including the point under the cursor until the measurement ends).
    """

    cursor = "cross"

    def __init__(self, host, area: bool = False) -> None:
        super().__init__(host)
        self.area = area
        self.name = "measure_area" if area else "measure_length"
        self.points: list[tuple[float, float]] = []
        self.hover: tuple[float, float] | None = None
        self.finished = False
        self.result = None

    def _vertices(self) -> list[tuple[float, float]]:
        pts = list(self.points)
        if self.hover is not None and not self.finished:
            pts.append(self.hover)
        return pts

    def _update(self) -> None:
        from ..core.measure import measure_area, measure_length

        pts = self._vertices()
        crs = self.host.crs
        if crs is None or len(pts) < 2:
            self.result = None
        else:
            self.result = measure_area(pts, crs) if self.area else measure_length(pts, crs)
        self.host.tool_changed(self)

    def press(self, e: MapEvent) -> bool:
        if e.button == "right":
            if self.points and not self.finished:
                self.finish()
            return True
        if e.button != "left":
            return False
        if self.finished:
            self.points, self.finished = [], False
        self.points.append((e.x, e.y))
        self.hover = None
        self._update()
        return True

    def move(self, e: MapEvent) -> bool:
        if self.points and not self.finished:
            self.hover = (e.x, e.y)
            self._update()
            return True
        return False

    def release(self, e: MapEvent) -> bool:
        return e.button in ("left", "right")

    def double(self, e: MapEvent) -> bool:
        # Qt sends press, release, double-click, release: the press already added this vertex
        if self.points and not self.finished:
            self.finish()
        return True

    def finish(self) -> None:
        self.finished, self.hover = True, None
        self._update()

    def key(self, e: MapEvent) -> bool:
        if e.key == "escape":
            self.reset()
            self.host.tool_changed(self)
            return True
        if e.key == "backspace" and self.points and not self.finished:
            self.points.pop()
            self._update()
            return True
        if e.key == "enter" and self.points:
            self.finish()
            return True
        return False

    def reset(self) -> None:
        self.points, self.hover, self.finished, self.result = [], None, False, None

    def rubber(self):
        pts = self._vertices()
        if not pts:
            return []
        if self.area and len(pts) >= 3:
            return [("polygon", pts)]
        return [("line", pts)]


__all__ = ["IdentifyTool", "MapEvent", "MapTool", "MeasureTool", "PanTool", "SelectTool", "ZoomBoxTool"]
