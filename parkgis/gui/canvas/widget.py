"""MapCanvas: the widget that shows a project's layers.

It owns a :class:`MapView`, asks a single worker thread for per-layer images of that view, and
paints whatever images it has — the last ones scaled and shifted while new ones render — so wheel
zoom and drag pan stay fluid however large the layers are. Refresh requests are coalesced.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Hashable, Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from ...core.layers import VectorLayer
from ...core.snapshot import geometry_array
from ...mapview.geometry import GeometrySnapshot
from ...mapview.tools import MapEvent, PanTool
from ...mapview.view import MapView
from ..styles import categories_for, style_for, theme_background
from ..workers import WorkerThread
from .render import LayerTask, RenderJob, RenderSignals

#: zoom factor of one wheel notch (120 eighths of a degree)
WHEEL_STEP = math.sqrt(2.0)
#: lines of a rubber band longer than this get no dot per vertex (a 10 000-vertex outline would cost ms)
MAX_RUBBER_DOTS = 64
#: vertex markers drawn at most (more in view: the outline alone; they could not be told apart)
MAX_VERTEX_MARKERS = 5000
#: how long the canvas waits after the last interaction before rendering sharp images
INTERACTION_DELAY_MS = 120


def _settle_heap() -> None:
    """Move the long-lived objects (the layers' geometries) out of the cyclic GC's reach.

    A full collection walks every shapely geometry in memory with the GIL held: with 300 000
    polygons loaded, the render worker's allocations triggered ~60 ms GUI-thread stalls. Frozen
    objects are skipped by later collections; refcounting still frees them when dropped.

    Only the young generations are collected first: a full collection here (unfreeze, collect)
    was itself a 50–70 ms GUI-thread stall on every project opened. The price is that cyclic
    garbage already in the oldest generation stays frozen (uncollected) — small next to the layers.
    """
    import gc

    gc.collect(1)
    gc.freeze()


#: fields labelled on parcel layers, in order of preference (地块编号, then names)
LABEL_FIELDS = ("DKBH", "DKMC", "BSM")


def label_field(layer: VectorLayer) -> str | None:
    """The field whose values label ``layer``'s features: the style's ``label_field``, else the
    parcel number on parcel layers; other layers are not labelled by default."""
    from ...core.roles import Role

    wanted = (layer.style or {}).get("label_field")
    if wanted:
        return wanted if wanted in layer.gdf.columns else None
    if layer.role != Role.PARCELS:
        return None
    return next((f for f in LABEL_FIELDS if f in layer.gdf.columns), None)


def _nice_length(max_length: float) -> float:
    """The largest 1/2/5 × 10^k not above ``max_length`` (scale-bar lengths)."""
    if max_length <= 0:
        return 0.0
    exp = math.floor(math.log10(max_length))
    for m in (5, 2, 1):
        if m * 10 ** exp <= max_length:
            return m * 10 ** exp
    return 10 ** exp


class MapCanvas(QWidget):
    cursorMoved = Signal(float, float)        # map x (east), map y (north)
    cursorLeft = Signal()
    viewChanged = Signal(object)              # MapView
    renderFinished = Signal(float)            # seconds the worker took
    renderFailed = Signal(str)
    identifyRequested = Signal(float, float, float)        # map x, y, tolerance (map units)
    selectAtRequested = Signal(float, float, float, str)   # map x, y, tolerance, mode
    selectInRequested = Signal(object, str)                # bounds, mode
    toolChanged = Signal(object)                           # the tool whose state changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(200, 150)
        self._layers: list[VectorLayer] = []
        self._crs = None
        self._view: MapView | None = None
        self._images: dict[Hashable, tuple[MapView, QImage]] = {}
        self._snapshots: dict[Hashable, GeometrySnapshot] = {}
        # one render at a time, on one long-lived Python thread (see ..workers); a newer request cancels the older
        self._worker = WorkerThread("parkgis-render", owner=self)
        self._signals = RenderSignals(self)
        self._signals.finished.connect(self._on_job_finished)
        self._signals.failed.connect(self._on_job_failed)
        self._signals.layerReady.connect(self._on_layer_ready)
        self._job: RenderJob | None = None
        self._job_id = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._start_render)

        self._pan_tool = PanTool(self)
        self._tool = self._pan_tool
        self._active = None              # the tool that got the current press (pan for middle/space drags)
        self._space_down = False
        self._info_lines: list[str] = []
        self._composite = None           # (image ids, view, composite QImage, the images)
        self._category_cache: dict = {}
        self._background = QColor(*theme_background())
        self.last_render_seconds: float | None = None
        #: layers drawn above the project's (selection, conflict pieces), by name; not in the layer tree
        self._overlays: dict[str, VectorLayer] = {}
        #: rows of a layer's features not drawn from the layer (id(layer) -> sorted rows): an edit
        #: session draws its own version of them over it
        self._hidden: dict[int, tuple[int, ...]] = {}

    # --- content ------------------------------------------------------------------------------
    def set_layers(self, layers: Sequence[VectorLayer], crs=None, *, zoom_full: bool = True) -> None:
        """Show ``layers`` (draw order, bottom first) in ``crs`` (default: the first layer's)."""
        if {id(lyr) for lyr in layers} - {id(lyr) for lyr in self._layers}:
            _settle_heap()  # new layers came in (~70 ms on 300 000 polygons): not on a reorder
        self._layers = list(layers)
        self._crs = crs if crs is not None else next((lyr.crs for lyr in self._layers if lyr.crs), None)
        live = {id(lyr) for lyr in self._layers} | {id(lyr) for lyr in self._overlays.values()}
        self._images = {k: v for k, v in self._images.items() if k[0] in live}
        self._snapshots = {k: v for k, v in self._snapshots.items() if k[0] in live}
        self._category_cache = {k: v for k, v in self._category_cache.items() if k[0] in live}
        self._hidden = {k: v for k, v in self._hidden.items() if k in live}
        if zoom_full or self._view is None:
            self.zoom_full()
        else:
            self.refresh()

    def layers(self) -> list[VectorLayer]:
        return list(self._layers)

    def set_overlay(self, name: str, layer: VectorLayer | None) -> None:
        """Draw ``layer`` above the project's layers (``None`` removes it); rendered like any layer."""
        old = self._overlays.pop(name, None)
        if old is not None:  # its images would otherwise stay in the cache for ever
            self._images = {k: v for k, v in self._images.items() if k[0] != id(old)}
            self._snapshots = {k: v for k, v in self._snapshots.items() if k[0] != id(old)}
        if layer is not None:
            self._overlays[name] = layer
        if old is not None or layer is not None:
            self.refresh()

    def to_canvas_bounds(self, bounds, crs=None) -> tuple[float, float, float, float]:
        """``bounds`` given in ``crs`` (default: the canvas CRS) as bounds in the canvas CRS."""
        if crs is not None and self._crs is not None and crs != self._crs:
            from pyproj import CRS, Transformer

            bounds = Transformer.from_crs(CRS.from_user_input(crs), self._crs,
                                          always_xy=True).transform_bounds(*bounds)
        return tuple(float(v) for v in bounds)

    def zoom_to_bounds(self, bounds, crs=None, *, min_span: float = 50.0, margin: float = 0.15) -> None:
        """Show ``bounds`` whole with a margin; a tiny feature is shown at least ``min_span`` map units wide."""
        minx, miny, maxx, maxy = self.to_canvas_bounds(bounds, crs)
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        half_w, half_h = max(maxx - minx, min_span) / 2, max(maxy - miny, min_span) / 2
        self.set_view(MapView.fit((cx - half_w, cy - half_h, cx + half_w, cy + half_h),
                                  self.width(), self.height(), margin=margin))

    def overlay(self, name: str) -> VectorLayer | None:
        return self._overlays.get(name)

    def set_hidden_rows(self, layer: VectorLayer, rows) -> None:
        """Leave the features at ``rows`` of ``layer`` out of its image (an edit session changed or
        deleted them); the layer's snapshot is kept, only its image is drawn again."""
        hidden = tuple(sorted(int(r) for r in rows))
        if self._hidden.get(id(layer), ()) == hidden:
            return
        if hidden:
            self._hidden[id(layer)] = hidden
        else:
            self._hidden.pop(id(layer), None)
        self.refresh()

    def hidden_rows(self, layer: VectorLayer) -> tuple[int, ...]:
        return self._hidden.get(id(layer), ())

    def _drawn_layers(self) -> list[VectorLayer]:
        return [lyr for lyr in self._layers if lyr.visible] + list(self._overlays.values())

    @property
    def crs(self):
        return self._crs

    @property
    def view(self) -> MapView | None:
        return self._view

    def set_view(self, view: MapView, final: bool = True) -> None:
        """Show ``view``; ``final=False`` (during a drag) waits for the gesture to settle before rendering."""
        self._view = view.resized(self.width(), self.height())
        self.viewChanged.emit(self._view)
        self.update()
        self.refresh(0 if final else INTERACTION_DELAY_MS)

    def refresh(self, delay_ms: int = 0) -> None:
        """Ask for sharp images of the current view; requests within ``delay_ms`` coalesce."""
        if not self._timer.isActive() or delay_ms == 0:
            self._timer.start(delay_ms)
        self.update()

    def full_extent(self) -> tuple[float, float, float, float] | None:
        boxes = []
        for layer in self._layers:
            if not len(layer.gdf) or not layer.visible:
                continue
            b = layer.gdf.total_bounds
            if not np.isfinite(b).all():
                continue
            if layer.crs is not None and self._crs is not None and layer.crs != self._crs:
                from pyproj import Transformer

                b = Transformer.from_crs(layer.crs, self._crs, always_xy=True).transform_bounds(*b)
            boxes.append(b)
        if not boxes:
            return None
        arr = np.array(boxes, dtype=float)
        return float(arr[:, 0].min()), float(arr[:, 1].min()), float(arr[:, 2].max()), float(arr[:, 3].max())

    def zoom_full(self) -> None:
        bounds = self.full_extent()
        if bounds is None:
            self._view = None
            self.update()
            return
        self.set_view(MapView.fit(bounds, self.width(), self.height()))

    def zoom_by(self, factor: float, anchor: tuple[float, float] | None = None) -> None:
        if self._view is not None:
            self._view = self._view.zoomed(factor, anchor)
            self.viewChanged.emit(self._view)
            self.refresh(INTERACTION_DELAY_MS)

    def scale_denominator(self) -> float | None:
        return self._view.scale_denominator(self.logicalDpiX()) if self._view else None

    # --- rendering ----------------------------------------------------------------------------
    def _image_key(self, layer: VectorLayer) -> Hashable:
        cat = (layer.style or {}).get("categorized")
        return (id(layer), layer.revision, style_for(layer.role, layer.style), label_field(layer),
                json.dumps(cat, sort_keys=True, ensure_ascii=False, default=str) if cat else None,
                self._hidden.get(id(layer), ()))

    def _categories(self, layer: VectorLayer, image_key):
        """Categorized fills of ``layer``, computed once per layer revision and style."""
        if image_key[4] is None:
            return None
        key = image_key[:5]   # not the hidden rows: the categories are the layer's
        cached = self._category_cache.get(key)
        if cached is None:
            cached = self._category_cache[key] = categories_for(layer)
        return cached

    def _snapshot_key(self, layer: VectorLayer) -> Hashable:
        crs = self._crs.to_wkt() if self._crs is not None else None
        return (id(layer), layer.revision, crs)

    def _start_render(self) -> None:
        view = self._view
        if view is None:
            return
        tasks = []
        for layer in self._drawn_layers():
            key = self._image_key(layer)
            have = self._images.get(key)
            if have is not None and have[0] == view:
                continue
            skey = self._snapshot_key(layer)
            if skey not in self._snapshots:
                # the snapshots of the layer's older revisions go (one of 300 000 parcels is ~50 MB);
                # popped in place: a running job holds this dict and adds to it from its thread
                for stale in [k for k in list(self._snapshots) if k[0] == skey[0] and k != skey]:
                    self._snapshots.pop(stale, None)
            # a copy: the frame's own array is overwritten in place by a commit while the worker reads it
            geoms = None if skey in self._snapshots else geometry_array(layer.gdf)
            src = dst = None
            if layer.crs is not None and self._crs is not None and layer.crs != self._crs:
                src, dst = layer.crs.to_wkt(), skey[2]
            field = label_field(layer)
            # a copy of the Series (cheap: references), as for the geometries; the worker takes what it draws
            labels = layer.gdf[field].copy() if field is not None else None
            hidden = self._hidden.get(id(layer))
            tasks.append(LayerTask(key, skey, geoms, src, dst, key[2], labels, self.font().family(),
                                   self._categories(layer, key),
                                   np.asarray(hidden, np.int64) if hidden else None))
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if not tasks:
            return
        self._job_id += 1
        self._job = RenderJob(self._job_id, view, tasks, self._snapshots, self._signals,
                              self.devicePixelRatioF())
        self._worker.submit(self._job.run)

    def _on_job_finished(self, job_id: int, view: MapView, images: dict, seconds: float) -> None:
        for key, image in images.items():
            self._keep_image(key, view, image)
        if self._job is not None and self._job.job_id == job_id:
            self._job = None
        self.last_render_seconds = seconds
        self.update()
        self.renderFinished.emit(seconds)

    def _on_layer_ready(self, job_id: int, view: MapView, key, image: QImage) -> None:
        # only for layers with nothing to show yet: replacing one layer of a scaled preview with a
        # sharp image would break the one-composite fast path mid-gesture for little gain
        if self._job is not None and self._job.job_id == job_id and key not in self._images:
            self._keep_image(key, view, image)
            self.update()

    def _on_job_failed(self, job_id: int, message: str) -> None:
        if self._job is not None and self._job.job_id == job_id:
            self._job = None
        self.renderFailed.emit(message)

    def is_rendering(self) -> bool:
        return self._job is not None or self._timer.isActive()

    def wait_for_render(self, timeout_s: float = 10.0) -> bool:
        """Block until the images for the current view are in (tests, screenshots, benchmarks)."""
        from PySide6.QtCore import QCoreApplication

        end = time.monotonic() + timeout_s
        while self.is_rendering() and time.monotonic() < end:
            QCoreApplication.processEvents()
            self._worker.wait_idle(0.01)
        QCoreApplication.processEvents()
        return not self.is_rendering()

    def render_to_image(self) -> QImage:
        """The canvas as it would be painted now (after :meth:`wait_for_render`)."""
        image = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        self._paint(painter, overlays=False)
        painter.end()
        return image

    # --- painting -----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        self._paint(painter, overlays=True)
        painter.end()

    def _paint(self, painter: QPainter, overlays: bool) -> None:
        painter.fillRect(self.rect(), self._background)
        view = self._view
        if view is None:
            return
        # while the view moves ahead of its images, scale them fast; smooth once they match again
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, not self.is_rendering())
        for img_view, image in self._composed():
            left, top, s = view.placement_of(img_view)
            painter.drawImage(QRectF(left, top, img_view.width * s, img_view.height * s), image)
        if overlays:
            self._paint_rubber(painter, view)
            self._paint_info(painter)
            self._paint_scale_bar(painter, view)
            self._paint_north_arrow(painter)

    def _keep_image(self, key, view: MapView, image: QImage) -> None:
        """One image per layer: the newest replaces those of its older revisions, hidden rows or styles
        (kept, an edit session's every step would leave a full-window image behind)."""
        self._images = {k: v for k, v in self._images.items() if k[0] != key[0]}
        self._images[key] = (view, image)

    def _image_of(self, layer: VectorLayer):
        """The layer's image for its current state, or until that one is drawn its previous one: a
        saved or undone edit does not blink the whole layer off the map while it renders."""
        exact = self._images.get(self._image_key(layer))
        if exact is not None:
            return exact
        return next((v for k, v in self._images.items() if k[0] == id(layer)), None)

    def _composed(self) -> list[tuple[MapView, QImage]]:
        """The images to paint, bottom first: one composite when every layer's image is of the
        same view (the usual case), so a frame scales one image instead of one per layer."""
        entries = [self._image_of(lyr) for lyr in self._drawn_layers()]
        entries = [e for e in entries if e is not None]
        if len(entries) < 2 or any(e[0] != entries[0][0] for e in entries):
            return entries
        key = tuple(id(e[1]) for e in entries)
        if self._composite is None or self._composite[0] != key:
            first = entries[0][1]
            image = QImage(first.size(), QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(first.devicePixelRatio())
            image.fill(Qt.GlobalColor.transparent)
            p = QPainter(image)
            for _view, layer_image in entries:
                p.drawImage(0, 0, layer_image)
            p.end()
            # the key holds ids of images kept alive by self._images; the tuple keeps them too
            self._composite = (key, entries[0][0], image, [e[1] for e in entries])
        return [(self._composite[1], self._composite[2])]

    def _paint_rubber(self, painter: QPainter, view: MapView) -> None:
        """The tool's rubber specs (see :mod:`parkgis.mapview.tools` and :mod:`parkgis.mapview.edit_tools`),
        painted straight on the widget above the cached layer images: nothing here starts a render."""
        items = self._tool.rubber() if self._tool is not None else []
        if not items:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        red = QColor(220, 40, 40)
        for kind, data in items:
            if kind == "rect":
                x0, y0 = view.to_screen(data[0], data[1])
                x1, y1 = view.to_screen(data[2], data[3])
                pen = QPen(QColor(30, 110, 200), 1.2, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(QColor(30, 110, 200, 40))
                painter.drawRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)).normalized())
            elif kind == "overlap":
                self._paint_overlap(painter, view, *data)
            elif kind in ("vertices", "selected"):
                self._paint_markers(painter, view, data, selected=kind == "selected")
            elif kind == "vertex":
                sx, sy = view.to_screen(data[0], data[1])
                painter.setPen(QPen(red, 1.6))
                painter.setBrush(QColor(255, 255, 255))
                painter.drawRect(QRectF(sx - 5, sy - 5, 10, 10))
            elif kind == "segment":
                painter.setPen(QPen(QColor(255, 140, 0), 4.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawPolyline(QPolygonF([QPointF(*view.to_screen(x, y)) for x, y in data]))
            elif kind == "snap":
                self._paint_snap(painter, view, data)
            else:
                pts = [QPointF(*view.to_screen(x, y)) for x, y in data]
                dashed = kind == "dashed"
                painter.setPen(QPen(red, 1.6 if dashed else 2.0, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
                if kind == "polygon":
                    painter.setBrush(QColor(220, 40, 40, 50))
                    painter.drawPolygon(QPolygonF(pts))
                else:
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawPolyline(QPolygonF(pts))
                if kind == "dashed" or len(pts) > MAX_RUBBER_DOTS:
                    continue    # vertex markers of long outlines come as a "vertices" spec, culled
                painter.setPen(QPen(QColor(255, 255, 255), 1.2))
                painter.setBrush(red)
                for p in pts:
                    painter.drawEllipse(p, 3.5, 3.5)

    def _paint_markers(self, painter: QPainter, view: MapView, points, *, selected: bool) -> None:
        """Vertex markers: small red squares, the selected ones larger and blue; only those in view."""
        if not len(points):
            return
        xy = np.asarray(points, dtype=float).reshape(-1, 2)
        sx = (xy[:, 0] - view.x0) / view.mpp
        sy = (view.y0 - xy[:, 1]) / view.mpp
        keep = (sx >= -8) & (sx <= view.width + 8) & (sy >= -8) & (sy <= view.height + 8)
        if keep.sum() > MAX_VERTEX_MARKERS:
            return     # a polygon of more vertices than the view can show apart: the outline says enough
        half = 4.0 if selected else 3.0
        painter.setPen(QPen(QColor(255, 255, 255), 1.0))
        painter.setBrush(QColor(20, 90, 220) if selected else QColor(220, 40, 40))
        painter.drawRects([QRectF(x - half, y - half, 2 * half, 2 * half) for x, y in zip(sx[keep], sy[keep], strict=True)])

    def _paint_overlap(self, painter: QPainter, view: MapView, severity: str, rule: str, geometry) -> None:
        """A live conflict piece: red for a prohibited rule, orange for a constrained one."""
        import shapely

        colour = QColor(230, 0, 0) if severity == "prohibited" else QColor(255, 140, 0)
        fill = QColor(colour)
        fill.setAlpha(110)
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(fill)
        for polygon in shapely.get_parts(geometry):
            if polygon.geom_type != "Polygon" or polygon.is_empty:
                continue
            path = QPainterPath()
            for ring in (polygon.exterior, *polygon.interiors):
                path.addPolygon(QPolygonF([QPointF(*view.to_screen(x, y)) for x, y in ring.coords]))
                path.closeSubpath()
            painter.drawPath(path)

    def _paint_snap(self, painter: QPainter, view: MapView, data) -> None:
        """The snap marker and, beside it, a tooltip naming what it snapped to."""
        sx, sy = view.to_screen(data[0], data[1])
        magenta = QColor(230, 0, 200)
        painter.setPen(QPen(magenta, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(QPointF(sx, sy), 7.0, 7.0)
        painter.drawLine(QPointF(sx - 10, sy), QPointF(sx + 10, sy))
        painter.drawLine(QPointF(sx, sy - 10), QPointF(sx, sy + 10))
        text = data[2] if len(data) > 2 else ""
        if not text:
            return
        painter.setFont(self.font())
        fm = painter.fontMetrics()
        box = QRectF(sx + 12, sy - 12 - fm.height(), fm.horizontalAdvance(text) + 12, fm.height() + 6)
        if box.right() > self.width():
            box.moveRight(sx - 12)
        if box.top() < 0:
            box.moveTop(sy + 12)
        painter.setPen(QPen(magenta, 1))
        painter.setBrush(QColor(255, 255, 240, 235))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor(30, 30, 30))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_info(self, painter: QPainter) -> None:
        if not self._info_lines:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self.font())
        fm = painter.fontMetrics()
        width = max(fm.horizontalAdvance(line) for line in self._info_lines) + 20
        height = fm.height() * len(self._info_lines) + 14
        painter.setPen(QPen(QColor(180, 186, 194), 1))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRoundedRect(QRectF(12, 12, width, height), 4, 4)
        painter.setPen(QColor(30, 30, 30))
        for i, line in enumerate(self._info_lines):
            painter.drawText(QPointF(22, 19 + fm.ascent() + i * fm.height()), line)

    def _paint_scale_bar(self, painter: QPainter, view: MapView) -> None:
        length = _nice_length(view.mpp * min(160, self.width() / 3))
        if length <= 0:
            return
        px = length / view.mpp
        label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() - 1))
        painter.setFont(font)
        fm = painter.fontMetrics()
        x0, y0 = 16.0, self.height() - 18.0
        box = QRectF(x0 - 8, y0 - fm.height() - 12, px + 16 + fm.horizontalAdvance(label) + 8, fm.height() + 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 210))
        painter.drawRoundedRect(box, 4, 4)
        # alternating black/white halves, as on printed plans
        painter.setPen(QPen(QColor(40, 40, 40), 1))
        painter.setBrush(QColor(40, 40, 40))
        painter.drawRect(QRectF(x0, y0 - 5, px / 2, 5))
        painter.setBrush(QColor(255, 255, 255))
        painter.drawRect(QRectF(x0 + px / 2, y0 - 5, px / 2, 5))
        painter.setPen(QColor(30, 30, 30))
        painter.drawText(QPointF(x0, y0 - 9), "0")
        painter.drawText(QPointF(x0 + px + 6, y0), label)

    def _paint_north_arrow(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        cx, top = self.width() - 34.0, 16.0
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 210))
        painter.drawRoundedRect(QRectF(cx - 18, top - 4, 36, 62), 4, 4)
        left = QPolygonF([QPointF(cx, top + 16), QPointF(cx - 9, top + 50), QPointF(cx, top + 42)])
        right = QPolygonF([QPointF(cx, top + 16), QPointF(cx + 9, top + 50), QPointF(cx, top + 42)])
        painter.setPen(QPen(QColor(40, 40, 40), 1))
        painter.setBrush(QColor(40, 40, 40))
        painter.drawPolygon(left)
        painter.setBrush(QColor(255, 255, 255))
        painter.drawPolygon(right)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(30, 30, 30))
        painter.drawText(QRectF(cx - 12, top - 2, 24, 18), Qt.AlignmentFlag.AlignCenter, "N")

    # --- events -------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        if self._view is not None:
            self._view = self._view.resized(self.width(), self.height())
            self.viewChanged.emit(self._view)
            self.refresh(INTERACTION_DELAY_MS)
        elif self._layers:
            self.zoom_full()
        super().resizeEvent(event)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps and self._view is not None:
            pos = event.position()
            self.zoom_by(WHEEL_STEP ** steps, (pos.x(), pos.y()))
        event.accept()

    # --- map tools ----------------------------------------------------------------------------
    @property
    def tool(self):
        return self._tool

    def set_tool(self, tool) -> None:
        """Make ``tool`` (a :class:`parkgis.mapview.tools.MapTool` with this canvas as host) active."""
        if self._tool is not None:
            self._tool.reset()
        self._tool = tool if tool is not None else self._pan_tool
        self._apply_cursor()
        self.update()

    def _apply_cursor(self) -> None:
        name = "open_hand" if self._space_down else self._tool.cursor
        self.setCursor({"open_hand": Qt.CursorShape.OpenHandCursor, "closed_hand": Qt.CursorShape.ClosedHandCursor,
                        "cross": Qt.CursorShape.CrossCursor, "whats_this": Qt.CursorShape.WhatsThisCursor,
                        }.get(name, Qt.CursorShape.ArrowCursor))

    # host interface of the tools
    def identify_at(self, x: float, y: float, tolerance: float) -> None:
        self.identifyRequested.emit(x, y, tolerance)

    def select_at(self, x: float, y: float, tolerance: float, mode: str) -> None:
        self.selectAtRequested.emit(x, y, tolerance, mode)

    def select_in(self, bounds, mode: str) -> None:
        self.selectInRequested.emit(tuple(bounds), mode)

    def tool_changed(self, tool) -> None:
        self.toolChanged.emit(tool)
        self.update()

    # host interface of the editing tools (parkgis.mapview.edit_tools): the window's edit controller
    #: the object serving session(), snap(), status(), selected_fids(), live_update(), live_end() and
    #: the topological / avoid_overlap toggles (None: no editing)
    editor = None

    def session(self):
        return self.editor.session() if self.editor is not None else None

    def snap(self, x: float, y: float, exclude=None):
        return self.editor.snap(x, y, exclude) if self.editor is not None else None

    def status(self, message: str) -> None:
        if self.editor is not None:
            self.editor.status(message)

    def selected_fids(self) -> list[int]:
        return self.editor.selected_fids() if self.editor is not None else []

    @property
    def language(self) -> str:
        """The UI language, in which the tools word their refusals."""
        from ..i18n import current_language
        return current_language()

    @property
    def topological(self) -> bool:
        return bool(self.editor is not None and self.editor.topological)

    @property
    def avoid_overlap(self) -> bool:
        return bool(self.editor is not None and self.editor.avoid_overlap)

    def live_update(self, geometry, fid):
        return self.editor.live_update(geometry, fid) if self.editor is not None else None

    def live_end(self) -> None:
        if self.editor is not None:
            self.editor.live_end()

    def set_info_lines(self, lines: list[str]) -> None:
        """Text shown in a box at the map's top left (measurements)."""
        self._info_lines = list(lines)
        self.update()

    def _event(self, kind: str, event, button=None):
        pos = event.position()
        mods = event.modifiers()
        x, y = self._view.to_map(pos.x(), pos.y()) if self._view is not None else (0.0, 0.0)
        return MapEvent(kind, pos.x(), pos.y(), x, y, button=button,
                        shift=bool(mods & Qt.KeyboardModifier.ShiftModifier),
                        ctrl=bool(mods & Qt.KeyboardModifier.ControlModifier))

    @staticmethod
    def _button(event) -> str | None:
        return {Qt.MouseButton.LeftButton: "left", Qt.MouseButton.MiddleButton: "middle",
                Qt.MouseButton.RightButton: "right"}.get(event.button())

    def mousePressEvent(self, event) -> None:
        button = self._button(event)
        if self._view is not None:
            e = self._event("press", event, button)
            # middle-drag and space-drag pan whatever the tool (QGIS behaviour)
            if button == "middle" or (button == "left" and self._space_down):
                self._active = self._pan_tool
            else:
                self._active = self._tool
            if self._active.press(e):
                if self._active is self._pan_tool:
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)
                event.accept()
                return
            self._active = None
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._view is not None:
            e = self._event("move", event)
            (self._active or self._tool).move(e)
            self.cursorMoved.emit(e.x, e.y)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._view is not None and self._active is not None:
            self._active.release(self._event("release", event, self._button(event)))
            self._active = None
            self._apply_cursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        if self._view is not None and self._tool.double(self._event("double", event, self._button(event))):
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def leaveEvent(self, event) -> None:
        self.cursorLeft.emit()
        super().leaveEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self._apply_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        named = {Qt.Key.Key_Escape: "escape", Qt.Key.Key_Backspace: "backspace", Qt.Key.Key_Return: "enter",
                 Qt.Key.Key_Enter: "enter", Qt.Key.Key_Delete: "delete"}.get(key)
        if key == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space_down = True
                self._apply_cursor()
            event.accept()
            return
        if named is not None and self._tool.key(MapEvent("key", key=named)):
            event.accept()
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(2.0)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.5)
        elif self._view is not None and key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = 0.25
            dx = {Qt.Key.Key_Left: 1, Qt.Key.Key_Right: -1}.get(key, 0) * self.width() * step
            dy = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(key, 0) * self.height() * step
            self._view = self._view.panned(dx, dy)
            self.viewChanged.emit(self._view)
            self.refresh(INTERACTION_DELAY_MS)
        else:
            super().keyPressEvent(event)


__all__ = ["MapCanvas"]
