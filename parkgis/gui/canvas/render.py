"""Off-thread rendering: each layer is painted into its own ``QImage`` by a ``QRunnable``.

The GUI thread only hands a job immutable inputs (a view, the layers' shapely geometry arrays,
their draw styles) and later composes the finished images. A layer's coordinates are snapshotted
once per revision and cached; the QPainterPath of a whole layer is built from numpy in one call
through QPainterPath's QDataStream format, so the cost is per vertex kept, not per Python object.
"""

from __future__ import annotations

import struct
import threading
import time
from collections.abc import Hashable, MutableMapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QObject, QPointF, QRectF, QRunnable, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from ...mapview.geometry import GeometrySnapshot, ScreenGeometry, build_snapshot, screen_geometry
from ...mapview.view import MapView
from ..styles import DrawStyle
from ..workers import receiver_gone, run_for_receiver

_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])  # QPainterPath::Element on the wire
_MOVE_TO, _LINE_TO = 0, 1
_WINDING_FILL = int(Qt.FillRule.WindingFill.value)

_HATCH = {
    "bdiag": Qt.BrushStyle.BDiagPattern,
    "fdiag": Qt.BrushStyle.FDiagPattern,
    "cross": Qt.BrushStyle.DiagCrossPattern,
    "horizontal": Qt.BrushStyle.HorPattern,
    "vertical": Qt.BrushStyle.VerPattern,
}


def path_from_arrays(xy: np.ndarray, offsets: np.ndarray) -> QPainterPath:
    """One QPainterPath holding every ring ``xy[offsets[i]:offsets[i+1]]`` as a subpath."""
    n = len(xy)
    path = QPainterPath()
    if n == 0:
        return path
    rec = np.empty(n, _ELEMENT)
    rec["type"] = _LINE_TO
    rec["type"][offsets[:-1]] = _MOVE_TO
    rec["x"] = xy[:, 0]
    rec["y"] = xy[:, 1]
    blob = struct.pack(">i", n) + rec.tobytes() + struct.pack(">ii", int(offsets[-2]), _WINDING_FILL)
    buffer = QByteArray(blob)  # must outlive the stream, which does not own it
    stream = QDataStream(buffer, QIODevice.OpenModeFlag.ReadOnly)
    stream >> path
    del stream
    return path


def _split(sg: ScreenGeometry, closed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The polygon rings (``closed``) or the lines of ``sg``: (xy, offsets, shell flags)."""
    return _select_rings(sg.xy, sg.offsets, sg.shell, sg.closed if closed else ~sg.closed)


def _select_rings(xy: np.ndarray, offsets: np.ndarray, shell: np.ndarray,
                  sel: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The rings where ``sel`` is true: (xy, offsets, shell flags)."""
    if sel.all():
        return xy, offsets, shell
    idx = np.flatnonzero(sel)
    counts = np.diff(offsets)[idx]
    if not len(idx):
        return np.empty((0, 2)), np.zeros(1, np.int64), np.zeros(0, bool)
    ring_of = np.repeat(np.arange(len(idx)), counts)
    within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    out = xy[offsets[idx][ring_of] + within]
    new_offsets = np.zeros(len(idx) + 1, np.int64)
    np.cumsum(counts, out=new_offsets[1:])
    new_shell = shell[idx].copy()
    new_shell[0] = True
    return out, new_offsets, new_shell


def _luminance(c) -> float:
    return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255.0


def _qcolor(c) -> QColor:
    return QColor(c[0], c[1], c[2], c[3])


def _pen(color, width: float, dash: tuple[float, ...] | None = None) -> QPen:
    pen = QPen(_qcolor(color))
    pen.setWidthF(width)
    # round joins cost 3× bevel joins on dense outlines and look the same below 3 px
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin if width >= 3.0 else Qt.PenJoinStyle.BevelJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap if not dash else Qt.PenCapStyle.FlatCap)
    if dash:
        pen.setDashPattern([d / max(width, 0.1) for d in dash])  # Qt dash lengths are in pen widths
    return pen


#: rings per QPainterPath. Qt's antialiased rasterizer slows down super-linearly with the number
#: of subpaths in one path (200 000 parcels: 10.5 s as one path, ~0.4 s in chunks of 256).
PATH_CHUNK = 256
#: above this many rings in view a stroked layer is filled without antialiasing (its antialiased
#: outline hides the stair-steps) — the full-extent case of city-scale parcel layers
AA_FILL_LIMIT = 20_000


#: vertices per QPainterPath. PySide6 holds the GIL for the whole of a QPainter call, so one long
#: stroke blocks the GUI thread: a noisy red line of 64 000 vertices stroked as one path stalled
#: it 1.4 s. Paths of a few thousand vertices keep each call (and so each stall) to a few ms.
PATH_VERTEX_BUDGET = 2000


#: (rings, vertices) per path of an unantialiased fill: bigger paths fill faster in total, but
#: each fillPath holds the GIL (20 000 rings / 60 000 vertices: ~20 ms of GUI-thread stall)
FAST_FILL_CHUNK = (6000, 16_000)


def chunked_paths(xy: np.ndarray, offsets: np.ndarray, shell: np.ndarray,
                  chunk: int = PATH_CHUNK, vertex_budget: int = PATH_VERTEX_BUDGET) -> list[QPainterPath]:
    """Paths of about ``chunk`` rings (and at most about ``vertex_budget`` vertices) each, split
    only before a shell so holes stay with it."""
    rings = len(offsets) - 1
    starts = np.flatnonzero(shell)
    paths = []
    a = 0
    while a < rings:
        # the first shell at or after a + chunk ends this path (or the end of the rings) ...
        k = np.searchsorted(starts, a + chunk)
        b = int(starts[k]) if k < len(starts) else rings
        # ... or, earlier, the first shell past the vertex budget (always at least one polygon)
        over = int(np.searchsorted(offsets, offsets[a] + vertex_budget, side="right")) - 1
        if over < b:
            k2 = np.searchsorted(starts, max(over, a + 1))
            b = min(b, int(starts[k2]) if k2 < len(starts) else rings)
        o = offsets[a:b + 1]
        breathe()
        paths.append(path_from_arrays(xy[o[0]:o[-1]], o - o[0]))
        a = b
    return paths


#: the render thread lets the GUI thread in at least this often (seconds of GIL-holding work)
BREATHE_EVERY_S = 0.006
_last_breath = 0.0


def breathe() -> None:
    """Give the GIL away briefly if the render thread has held it for a while.

    Every QPainter call holds the GIL for its whole length, and CPython hands a waiting thread the
    GIL only after its switch interval, so the GUI thread's slots queued behind a stream of paint
    calls. A short sleep between calls releases it at once to whoever waits.
    """
    global _last_breath
    now = time.perf_counter()
    if now - _last_breath > BREATHE_EVERY_S:
        time.sleep(0.0002)
        _last_breath = time.perf_counter()


def split_long_rings(xy: np.ndarray, offsets: np.ndarray, max_vertices: int) -> tuple[np.ndarray, np.ndarray]:
    """Rings cut into open pieces of at most ``max_vertices`` (sharing their end vertices), for
    stroking: one stroke call per long ring (a 2 500-vertex boundary under a 6 px casing) held the
    GIL for 30 ms. With round caps the cuts do not show."""
    counts = np.diff(offsets)
    if not len(counts) or counts.max() <= max_vertices:
        return xy, offsets
    step = max_vertices - 1
    pieces = np.maximum(1, -(-(counts - 1) // step))
    ring = np.repeat(np.arange(len(counts)), pieces)
    j = np.arange(len(ring)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    start = offsets[:-1][ring] + j * step
    length = np.minimum(step + 1, offsets[1:][ring] - start)
    new_offsets = np.zeros(len(length) + 1, np.int64)
    np.cumsum(length, out=new_offsets[1:])
    src = np.repeat(start - new_offsets[:-1], length) + np.arange(int(new_offsets[-1]))
    return xy[src], new_offsets


def stroke_paths(xy: np.ndarray, offsets: np.ndarray, vertex_budget: int) -> list[QPainterPath]:
    """Paths for stroking: rings cut to ``vertex_budget`` vertices, grouped up to the budget."""
    pxy, poffsets = split_long_rings(xy, offsets, vertex_budget)
    return chunked_paths(pxy, poffsets, np.ones(len(poffsets) - 1, bool), PATH_CHUNK, vertex_budget)


def dot_image(dots: np.ndarray, color, half: float, width: int, height: int, dpr: float = 1.0) -> QImage:
    """An image (``width`` × ``height`` device pixels) with a square of side ``2·half`` pixels in
    ``color`` on every dot, covering the pixels whose centres it holds (as an unantialiased fill).

    Rasterised in numpy: 200 000 farmland patches at full extent as squares in QPainterPaths cost
    ~0.1 s of path building and filling, each call holding the GIL; a pixel mask is a few passes.
    """
    mask = np.zeros((height, width), bool)
    if len(dots):
        d = dots * dpr
        h = half * dpr
        lo = np.ceil(d - h - 0.5).astype(np.int64)        # first pixel whose centre is inside
        hi = np.ceil(d + h - 0.5).astype(np.int64)        # one past the last
        size = max(1, int((hi - lo).max()))
        for dx in range(size):
            for dy in range(size):
                x, y = lo[:, 0] + dx, lo[:, 1] + dy
                ok = (x < hi[:, 0]) & (y < hi[:, 1]) & (x >= 0) & (y >= 0) & (x < width) & (y < height)
                mask[y[ok], x[ok]] = True
    r, g, b, a = color
    # premultiplied ARGB32 as the native-endian uint32 Qt reads
    pixel = np.uint32((a << 24) | ((r * a // 255) << 16) | ((g * a // 255) << 8) | (b * a // 255))
    buf = np.where(mask, pixel, np.uint32(0)).astype(np.uint32)
    image = QImage(buf.data, width, height, width * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()
    image.setDevicePixelRatio(dpr)
    return image


def paint_dots(painter: QPainter, dots: np.ndarray, color, half: float) -> None:
    """Features smaller than a pixel: a small square each, drawn as one image onto the painter's
    device (a QImage of the render)."""
    device = painter.device()
    dpr = device.devicePixelRatio()
    width, height = device.width(), device.height()
    image = dot_image(dots, color, half, width, height, dpr)
    painter.drawImage(QRectF(0, 0, width / dpr, height / dpr), image)


def paint_geometry(painter: QPainter, sg: ScreenGeometry, style: DrawStyle, categories=None) -> None:
    """Paint one layer's screen geometry with ``style`` (fill, hatch, casing, outline, dots).

    ``categories`` = (colours, per-feature index into them, −1 for the style's own fill) paints
    each feature's fill in its category colour (用地用海 land use, a field's values ...).
    """
    painter.setOpacity(style.opacity)
    poly_xy, poly_offsets, poly_shell = _split(sg, True)
    polys = chunked_paths(poly_xy, poly_offsets, poly_shell)
    if polys:
        # under an opaque antialiased outline of a pixel or more the fill edge does not show: fill
        # without antialiasing (4–5× cheaper); thinner or translucent outlines only past AA_FILL_LIMIT
        fast_fill = style.stroke is not None and (
            (style.stroke_width >= 1.0 and style.stroke[3] == 255) or len(poly_offsets) - 1 > AA_FILL_LIMIT)
        if fast_fill:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            # few big paths are fastest without AA (but not one: see PATH_VERTEX_BUDGET)
            polys_fill = chunked_paths(poly_xy, poly_offsets, poly_shell, *FAST_FILL_CHUNK)
        else:
            polys_fill = polys
        if categories is not None and sg.feature is not None:
            colours, index = categories
            ring_cat = index[sg.feature[sg.closed]]
            for k in [-1, *range(len(colours))]:
                colour = style.fill if k < 0 else colours[k]
                sel = ring_cat == k
                if colour is None or not sel.any():
                    continue
                brush = QBrush(_qcolor(colour))
                for path in chunked_paths(*_select_rings(poly_xy, poly_offsets, poly_shell, sel)):
                    breathe()
                    painter.fillPath(path, brush)
        elif style.fill is not None:
            brush = QBrush(_qcolor(style.fill))
            for path in polys_fill:
                breathe()
                painter.fillPath(path, brush)
        if style.hatch in _HATCH:
            brush = QBrush(_qcolor(style.hatch_color or style.stroke or (0, 0, 0, 255)), _HATCH[style.hatch])
            for path in polys_fill:
                breathe()
                painter.fillPath(path, brush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    longest = int(np.diff(sg.offsets).max()) if sg.ring_count else 0

    def outlines(width: float) -> list[QPainterPath]:
        # a wide pen costs per pixel it covers: shorter paths keep each (GIL-holding) call short
        budget = PATH_VERTEX_BUDGET if width <= 3.0 else PATH_VERTEX_BUDGET // 4
        if budget == PATH_VERTEX_BUDGET and longest <= budget:
            return polys + (chunked_paths(*_split(sg, False)) if not sg.closed.all() else [])
        return stroke_paths(sg.xy, sg.offsets, budget)

    if style.casing is not None and style.casing_width > 0:
        pen = _pen(style.casing, style.casing_width)
        for path in outlines(style.casing_width):
            breathe()
            painter.strokePath(path, pen)
    if style.stroke is not None and style.stroke_width > 0:
        pen = _pen(style.stroke, style.stroke_width, style.dash)
        for path in outlines(style.stroke_width):
            breathe()
            painter.strokePath(path, pen)
    if len(sg.dots):
        color = style.fill if style.fill is not None else style.stroke
        if style.stroke is not None and (color is None or _luminance(color) > 0.85):
            color = style.stroke  # a pale fill (耕地 245,248,220) vanishes on the background as a dot
        if color is not None:
            half = max(0.75, min(style.point_size, 3.0)) / 2.0
            paint_dots(painter, sg.dots, color, half)


#: most labels drawn in one image (beyond this the map is too dense to read them anyway)
MAX_LABELS = 3000
#: a feature gets a label only if its box is at least this many pixels tall
LABEL_MIN_HEIGHT_PX = 14.0


def feature_boxes(snap: GeometrySnapshot) -> tuple[np.ndarray, np.ndarray]:
    """(feature rows, their bounding boxes (F, 4)) of the polygon features of ``snap``."""
    closed = snap.closed & snap.shell
    if not closed.any():
        return np.zeros(0, np.int64), np.empty((0, 4))
    feat, rb = snap.feature[closed], snap.ring_bounds[closed]
    rows, inv = np.unique(feat, return_inverse=True)
    boxes = np.empty((len(rows), 4))
    boxes[:, 0] = np.inf
    boxes[:, 1] = np.inf
    boxes[:, 2] = -np.inf
    boxes[:, 3] = -np.inf
    np.minimum.at(boxes[:, 0], inv, rb[:, 0])
    np.minimum.at(boxes[:, 1], inv, rb[:, 1])
    np.maximum.at(boxes[:, 2], inv, rb[:, 2])
    np.maximum.at(boxes[:, 3], inv, rb[:, 3])
    return rows, boxes


def paint_labels(painter: QPainter, snap: GeometrySnapshot, view: MapView, texts, font_family: str,
                 hidden_rows=None) -> int:
    """Label the features whose box holds the text (parcel number / name); returns how many."""
    rows, boxes = feature_boxes(snap)
    if hidden_rows is not None and len(hidden_rows):
        shown = ~np.isin(rows, hidden_rows)
        rows, boxes = rows[shown], boxes[shown]
    if not len(rows):
        return 0
    minx, miny, maxx, maxy = view.extent()
    w_px = (boxes[:, 2] - boxes[:, 0]) / view.mpp
    h_px = (boxes[:, 3] - boxes[:, 1]) / view.mpp
    cx, cy = (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2
    ok = (h_px >= LABEL_MIN_HEIGHT_PX) & (w_px >= 24) & (cx >= minx) & (cx <= maxx) & (cy >= miny) & (cy <= maxy)
    idx = np.flatnonzero(ok)
    if not len(idx) or len(idx) > MAX_LABELS:
        return 0
    font = QFont(font_family) if font_family else QFont()
    font.setPixelSize(11)
    metrics = QFontMetricsF(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setOpacity(1.0)
    painter.setFont(font)
    halo, ink = QColor(255, 255, 255, 230), QColor(40, 40, 40)
    # drawText (glyph cache) with a halo of offset copies: stroking text outlines as paths cost
    # ~1 ms per label and, with the GIL held per Qt call, stalled the GUI thread
    offsets = ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, -1), (0, 1), (-1, 0), (1, 0))
    # only the labels drawn are converted (a whole Arrow string column is ~100 ms of Python objects)
    wanted = rows[idx]
    values = texts.iloc[wanted].to_numpy(dtype=object) if hasattr(texts, "iloc") else np.asarray(texts)[wanted]
    drawn = 0
    taken: set[tuple[int, int]] = set()
    for k, i in enumerate(idx):
        value = values[k]
        if value is None or (isinstance(value, float) and value != value):
            continue
        text = str(value)
        tw = metrics.horizontalAdvance(text)
        if not text or tw > w_px[i] * 0.92:
            continue
        x = (cx[i] - view.x0) / view.mpp - tw / 2
        y = (view.y0 - cy[i]) / view.mpp + metrics.ascent() / 2 - 1
        # no label over another: a coarse occupancy grid of 6 px cells
        c0, c1 = int(x // 6), int((x + tw) // 6)
        r0, r1 = int((y - metrics.ascent()) // 6), int((y + metrics.descent()) // 6)
        cells = [(c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)]
        if any(cell in taken for cell in cells):
            continue
        taken.update(cells)
        breathe()
        painter.setPen(halo)
        for dx, dy in offsets:
            painter.drawText(QPointF(x + dx, y + dy), text)
        painter.setPen(ink)
        painter.drawText(QPointF(x, y), text)
        drawn += 1
    return drawn


def render_layer(snap: GeometrySnapshot, style: DrawStyle, view: MapView, dpr: float = 1.0,
                 labels=None, font_family: str = "", categories=None, hidden_rows=None) -> QImage:
    """A transparent image of ``snap`` for ``view`` (``dpr`` device pixels per pixel), with
    ``labels`` (one text per feature row) where they fit, leaving out the features at ``hidden_rows``."""
    image = QImage(max(1, round(view.width * dpr)), max(1, round(view.height * dpr)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    sg = screen_geometry(snap, view, min_size_px=1.0 / dpr, quantum_px=0.5 / dpr, hidden_rows=hidden_rows)
    if sg.ring_count or len(sg.dots):
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_geometry(painter, sg, style, categories)
        if labels is not None:
            paint_labels(painter, snap, view, labels, font_family, hidden_rows)
        painter.end()
    return image


@dataclass(frozen=True)
class LayerTask:
    """Everything a worker needs to draw one layer, taken on the GUI thread."""

    image_key: Hashable          # identifies (layer, revision, style) — the image cache key
    snapshot_key: Hashable       # identifies (layer, revision, canvas CRS) — the snapshot cache key
    geoms: Any                   # numpy array of shapely geometries (immutable objects)
    # CRSs as WKT strings, set only when they differ: pyproj CRS objects made on one thread
    # crashed (segfault in CRS._crs) when compared on the render thread, so none crosses over
    source_crs: str | None       # the layer's CRS, or None when no transform is needed
    target_crs: str | None       # the canvas CRS
    style: DrawStyle
    labels: Any = None           # one label text per feature row (a Series or array), or None
    font_family: str = ""
    categories: Any = None       # (fill colours, per-feature index) of a categorized style, or None
    hidden_rows: Any = None      # feature rows not to draw (an edit session draws its version of them)


def snapshot_for(task: LayerTask, cache: MutableMapping[Hashable, GeometrySnapshot]) -> GeometrySnapshot:
    snap = cache.get(task.snapshot_key)
    if snap is None:
        transform = None
        if task.source_crs is not None and task.target_crs is not None:
            from pyproj import Transformer  # one per build: Transformers are not shared across threads

            transform = Transformer.from_crs(task.source_crs, task.target_crs, always_xy=True).transform
        snap = build_snapshot(task.geoms, transform)
        cache[task.snapshot_key] = snap
    return snap


class RenderSignals(QObject):
    #: job id, the view drawn, {image_key: QImage}, seconds taken
    finished = Signal(int, object, object, float)
    failed = Signal(int, str)
    #: job id, the view, image key, QImage — each layer as soon as it is drawn (first paint of a
    #: project shows the red line and boundaries while the 200 000 farmland patches still render)
    layerReady = Signal(int, object, object, object)


class RenderJob(QRunnable):
    """Render a list of layers for one view; cancelled jobs stop between layers and report nothing."""

    def __init__(self, job_id: int, view: MapView, tasks: list[LayerTask],
                 snapshots: MutableMapping[Hashable, GeometrySnapshot], signals: RenderSignals,
                 dpr: float = 1.0) -> None:
        super().__init__()
        self.job_id, self.view, self.tasks, self.snapshots, self.signals, self.dpr = (
            job_id, view, tasks, snapshots, signals, dpr)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # worker thread
        run_for_receiver(self._run)

    def _run(self) -> None:
        start = time.perf_counter()
        images: dict[Hashable, QImage] = {}
        try:
            for task in self.tasks:
                if self.cancelled:
                    return
                snap = snapshot_for(task, self.snapshots)
                if self.cancelled:
                    return
                image = render_layer(snap, task.style, self.view, self.dpr, task.labels, task.font_family,
                                     task.categories, task.hidden_rows)
                images[task.image_key] = image
                if not self.cancelled:
                    self.signals.layerReady.emit(self.job_id, self.view, task.image_key, image)
        except Exception as exc:  # a worker must never die silently: report to the GUI thread
            if receiver_gone(exc):
                raise  # the canvas is gone: run() drops it
            self.signals.failed.emit(self.job_id, f"{type(exc).__name__}: {exc}")
            return
        if not self.cancelled:
            self.signals.finished.emit(self.job_id, self.view, images, time.perf_counter() - start)
