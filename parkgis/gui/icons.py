"""Toolbar and layer-tree icons, drawn from small inline SVGs (one consistent line style).

Kept in code rather than image files so the set stays coherent and tiny; the full app (issue 5)
may move them to ``resources/icons``.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

_INK = "#34495e"
_ACCENT = "#c0392b"

_SVG = {
    "new": f'<path d="M6 3h8l4 4v14H6z" fill="#fff" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>'
           f'<path d="M14 3v4h4" fill="none" stroke="{_INK}" stroke-width="1.6"/>'
           f'<path d="M12 11v7M8.5 14.5h7" stroke="{_ACCENT}" stroke-width="1.8" stroke-linecap="round"/>',
    "open": f'<path d="M3 6h6l2 2h9v11H3z" fill="#f6d98b" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>'
            f'<path d="M3 19l3-8h17l-3 8z" fill="#fbe7a9" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>',
    "save": f'<path d="M4 4h13l3 3v13H4z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>'
            f'<path d="M7 4h8v5H7z" fill="#fff" stroke="{_INK}" stroke-width="1.4"/>'
            f'<path d="M7 13h10v7H7z" fill="#fff" stroke="{_INK}" stroke-width="1.4"/>',
    "save_as": f'<path d="M4 4h13l3 3v13H4z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>'
               f'<path d="M7 4h8v5H7z" fill="#fff" stroke="{_INK}" stroke-width="1.4"/>'
               f'<path d="M10 19l1-3 6-6 2 2-6 6z" fill="{_ACCENT}" stroke="{_INK}" stroke-width="1"/>',
    "zoom_in": f'<circle cx="10" cy="10" r="6" fill="#fff" stroke="{_INK}" stroke-width="1.8"/>'
               f'<path d="M14.5 14.5L20 20" stroke="{_INK}" stroke-width="2.4" stroke-linecap="round"/>'
               f'<path d="M10 7v6M7 10h6" stroke="{_ACCENT}" stroke-width="1.8" stroke-linecap="round"/>',
    "zoom_out": f'<circle cx="10" cy="10" r="6" fill="#fff" stroke="{_INK}" stroke-width="1.8"/>'
                f'<path d="M14.5 14.5L20 20" stroke="{_INK}" stroke-width="2.4" stroke-linecap="round"/>'
                f'<path d="M7 10h6" stroke="{_ACCENT}" stroke-width="1.8" stroke-linecap="round"/>',
    "zoom_full": f'<path d="M5 9V5h4M15 5h4v4M19 15v4h-4M9 19H5v-4" fill="none" stroke="{_INK}" stroke-width="1.8" '
                 f'stroke-linecap="round" stroke-linejoin="round"/>'
                 f'<path d="M8 14l3-5 2 3 1.5-2L17 15z" fill="#7fb77e" stroke="{_INK}" stroke-width="1" stroke-linejoin="round"/>',
    "pan": f'<path d="M12 3v18M3 12h18" stroke="{_INK}" stroke-width="1.6"/>'
           f'<path d="M12 2l-3 3h6zM12 22l-3-3h6zM2 12l3-3v6zM22 12l-3-3v6z" fill="{_INK}"/>',
    "layers": f'<path d="M12 4l9 4.5-9 4.5-9-4.5z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.5" stroke-linejoin="round"/>'
              f'<path d="M3 12.5l9 4.5 9-4.5M3 16.5l9 4.5 9-4.5" fill="none" stroke="{_INK}" stroke-width="1.5" '
              f'stroke-linejoin="round"/>',
    "add_layer": f'<path d="M11 5l8 4-8 4-8-4z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.5" stroke-linejoin="round"/>'
                 f'<path d="M3 13l8 4 3-1.5" fill="none" stroke="{_INK}" stroke-width="1.5" stroke-linejoin="round"/>'
                 f'<path d="M18.5 13v8M14.5 17h8" stroke="{_ACCENT}" stroke-width="2" stroke-linecap="round"/>',
    "lock": f'<path d="M8 11V8a4 4 0 0 1 8 0v3" fill="none" stroke="{_INK}" stroke-width="2"/>'
            f'<rect x="5.5" y="11" width="13" height="9.5" rx="1.5" fill="#e0a526" stroke="{_INK}" stroke-width="1.4"/>'
            f'<circle cx="12" cy="15.5" r="1.5" fill="{_INK}"/>',
    "about": f'<circle cx="12" cy="12" r="9" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.6"/>'
             f'<path d="M12 11v6" stroke="{_INK}" stroke-width="2" stroke-linecap="round"/>'
             f'<circle cx="12" cy="7.5" r="1.3" fill="{_INK}"/>',
    "exit": f'<path d="M10 4H5v16h5" fill="none" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>'
            f'<path d="M9 12h11M16 8l4 4-4 4" fill="none" stroke="{_ACCENT}" stroke-width="1.8" '
            f'stroke-linecap="round" stroke-linejoin="round"/>',
    "check": f'<path d="M12 2.5l7.5 3v6c0 4.6-3.2 8.3-7.5 10-4.3-1.7-7.5-5.4-7.5-10v-6z" fill="#dfe8f1" stroke="{_INK}" '
             f'stroke-width="1.6" stroke-linejoin="round"/>'
             f'<path d="M8 12l3 3 5-6" fill="none" stroke="#2ca02c" stroke-width="2.2" stroke-linecap="round" '
             f'stroke-linejoin="round"/>',
    "table": f'<rect x="3" y="4" width="18" height="16" rx="1.5" fill="#fff" stroke="{_INK}" stroke-width="1.6"/>'
             f'<path d="M3 9h18M3 14h18M9 4v16" stroke="{_INK}" stroke-width="1.3"/>'
             f'<path d="M3.8 4.8h16.4v3.4H3.8z" fill="#dfe8f1"/>',
    "identify": '<circle cx="12" cy="12" r="9" fill="#e8f1fb" stroke="#1f6fb2" stroke-width="1.6"/>'
                '<path d="M12 11v6" stroke="#1f6fb2" stroke-width="2.2" stroke-linecap="round"/>'
                '<circle cx="12" cy="7.5" r="1.4" fill="#1f6fb2"/>',
    "select": f'<path d="M3 3h8M3 3v8M21 21h-8M21 21v-8" stroke="{_INK}" stroke-width="1.4" stroke-dasharray="2 2"/>'
              f'<path d="M8 7l9 4-4 1.5 3.5 4-2 1.7-3.5-4-2.5 3z" fill="#f6d98b" stroke="{_INK}" '
              f'stroke-width="1.3" stroke-linejoin="round"/>',
    "zoom_box": f'<rect x="3" y="3" width="12" height="10" fill="none" stroke="{_INK}" stroke-width="1.4" '
                f'stroke-dasharray="2 1.6"/><circle cx="14" cy="13" r="4.5" fill="#fff" stroke="{_INK}" '
                f'stroke-width="1.7"/><path d="M17.3 16.3L21 20" stroke="{_INK}" stroke-width="2.3" '
                f'stroke-linecap="round"/>',
    "measure_line": f'<path d="M3 17L17 3l4 4L7 21z" fill="#f6d98b" stroke="{_INK}" stroke-width="1.5" '
                    f'stroke-linejoin="round"/><path d="M7 13l2 2M10 10l2 2M13 7l2 2" stroke="{_INK}" '
                    f'stroke-width="1.3"/>',
    "measure_area": f'<path d="M4 18L6 6l9-2 5 9-6 7z" fill="#cfe5cf" stroke="{_INK}" stroke-width="1.6" '
                    f'stroke-linejoin="round"/><circle cx="4" cy="18" r="1.6" fill="{_ACCENT}"/>'
                    f'<circle cx="6" cy="6" r="1.6" fill="{_ACCENT}"/><circle cx="15" cy="4" r="1.6" '
                    f'fill="{_ACCENT}"/><circle cx="20" cy="13" r="1.6" fill="{_ACCENT}"/>'
                    f'<circle cx="14" cy="20" r="1.6" fill="{_ACCENT}"/>',
    "draw_polygon": f'<path d="M4 17L7 5l11 2 2 10z" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.6" '
                    f'stroke-linejoin="round"/><path d="M17 14v7M13.5 17.5h7" stroke="{_ACCENT}" stroke-width="1.8" '
                    f'stroke-linecap="round"/>',
    "vertex": f'<path d="M4 18L7 5l12 3-2 10z" fill="none" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>'
              f'<rect x="2" y="16" width="4" height="4" fill="#fff" stroke="{_INK}" stroke-width="1.2"/>'
              f'<rect x="5" y="3" width="4" height="4" fill="#fff" stroke="{_INK}" stroke-width="1.2"/>'
              f'<rect x="17" y="6" width="4" height="4" fill="{_ACCENT}" stroke="{_INK}" stroke-width="1.2"/>'
              f'<rect x="15" y="16" width="4" height="4" fill="#fff" stroke="{_INK}" stroke-width="1.2"/>',
    "split": f'<path d="M4 5h16v14H4z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.6" stroke-linejoin="round"/>'
             f'<path d="M10 2l4 20" stroke="{_ACCENT}" stroke-width="2" stroke-linecap="round" stroke-dasharray="3 2"/>',
    "move_feature": f'<path d="M12 2v20M2 12h20" stroke="{_INK}" stroke-width="1.6"/>'
                    f'<path d="M12 2l-3 3h6zM12 22l-3-3h6zM2 12l3-3v6zM22 12l-3-3v6z" fill="{_INK}"/>'
                    f'<rect x="8" y="8" width="8" height="8" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.3"/>',
    "rotate_feature": f'<path d="M5 12a7 7 0 1 1 2 5" fill="none" stroke="{_INK}" stroke-width="1.7" '
                      f'stroke-linecap="round"/><path d="M3 13l2-4 3 3z" fill="{_ACCENT}"/>'
                      f'<rect x="9" y="9" width="6" height="6" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.2"/>',
    "reshape": f'<path d="M4 20V6h16v14z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.5"/>'
               f'<path d="M7 3c0 6 10 6 10 0" fill="none" stroke="{_ACCENT}" stroke-width="2" stroke-dasharray="3 2"/>',
    "fill_gap": f'<path d="M3 3h8v8H3zM13 3h8v8h-8zM3 13h8v8H3z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.2"/>'
                f'<path d="M13 13h8v8h-8z" fill="{_ACCENT}" stroke="{_INK}" stroke-width="1.2" stroke-dasharray="2 1"/>',
    "add_ring": f'<path d="M3 3h18v18H3z" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.5"/>'
                f'<path d="M8 8h8v8H8z" fill="#fff" stroke="{_ACCENT}" stroke-width="1.6"/>',
    "delete_ring": f'<path d="M3 3h18v18H3z" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.5"/>'
                   f'<path d="M8 8l8 8M16 8l-8 8" stroke="{_ACCENT}" stroke-width="2"/>',
    "add_part": f'<path d="M2 10h9v9H2z" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.4"/>'
                f'<path d="M13 4h8v8h-8z" fill="#f3d3ce" stroke="{_ACCENT}" stroke-width="1.6" stroke-dasharray="2 1"/>',
    "delete_part": f'<path d="M2 10h9v9H2z" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.4"/>'
                   f'<path d="M14 5l6 6M20 5l-6 6" stroke="{_ACCENT}" stroke-width="2"/>',
    "merge": f'<path d="M3 5h9v14H3z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.4"/>'
             f'<path d="M12 5h9v14h-9z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.4"/>'
             f'<path d="M12 5v14" stroke="{_ACCENT}" stroke-width="2" stroke-dasharray="2 2"/>',
    "delete": f'<path d="M6 7h12l-1 14H7z" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.5"/>'
              f'<path d="M4 7h16M10 4h4" stroke="{_INK}" stroke-width="1.6" stroke-linecap="round"/>',
    "copy": f'<rect x="8" y="8" width="12" height="13" fill="#fff" stroke="{_INK}" stroke-width="1.5"/>'
            f'<path d="M5 16V3h11" fill="none" stroke="{_INK}" stroke-width="1.5"/>',
    "paste": f'<rect x="4" y="5" width="16" height="16" fill="#f6d98b" stroke="{_INK}" stroke-width="1.5"/>'
             f'<rect x="8" y="2" width="8" height="5" fill="#fff" stroke="{_INK}" stroke-width="1.3"/>',
    "snap": f'<path d="M6 3v9a6 6 0 0 0 12 0V3h-4v9a2 2 0 0 1-4 0V3z" fill="#f3d3ce" stroke="{_INK}" stroke-width="1.4"/>'
            f'<path d="M6 3h4v3H6zM14 3h4v3h-4z" fill="{_ACCENT}"/>',
    "topology": f'<path d="M3 4h9v16H3zM12 4h9v16h-9z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.3"/>'
                f'<circle cx="12" cy="12" r="3" fill="{_ACCENT}" stroke="{_INK}" stroke-width="1.2"/>',
    "avoid_overlap": f'<path d="M3 4h10v16H3z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.3"/>'
                     f'<path d="M13 4h8v16h-8z" fill="#f3d3ce" stroke="{_ACCENT}" stroke-width="1.6"/>',
    "save_edits": f'<path d="M4 4h13l3 3v13H4z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.5"/>'
                  f'<path d="M8 13l3 3 5-6" fill="none" stroke="{_ACCENT}" stroke-width="2" stroke-linecap="round"/>',
    "discard_edits": f'<path d="M4 4h13l3 3v13H4z" fill="#dfe8f1" stroke="{_INK}" stroke-width="1.5"/>'
                     f'<path d="M8 9l7 7M15 9l-7 7" stroke="{_ACCENT}" stroke-width="2"/>',
    "precise": f'<rect x="3" y="5" width="18" height="14" rx="1.5" fill="#fff" stroke="{_INK}" stroke-width="1.5"/>'
               f'<path d="M6 10h3M11 10h3M16 10h2M6 14h12" stroke="{_INK}" stroke-width="1.4"/>',
    "validate": f'<path d="M12 3l8 3v6c0 5-4 8-8 9-4-1-8-4-8-9V6z" fill="#cfe5cf" stroke="{_INK}" stroke-width="1.5"/>'
                f'<path d="M8 12l3 3 5-6" fill="none" stroke="{_INK}" stroke-width="1.8"/>',
    "undo": f'<path d="M9 5L4 10l5 5" fill="none" stroke="{_INK}" stroke-width="1.9" stroke-linecap="round" '
            f'stroke-linejoin="round"/><path d="M4 10h10a6 6 0 0 1 0 12h-3" fill="none" stroke="{_INK}" '
            f'stroke-width="1.9" stroke-linecap="round"/>',
    "redo": f'<path d="M15 5l5 5-5 5" fill="none" stroke="{_INK}" stroke-width="1.9" stroke-linecap="round" '
            f'stroke-linejoin="round"/><path d="M20 10H10a6 6 0 0 0 0 12h3" fill="none" stroke="{_INK}" '
            f'stroke-width="1.9" stroke-linecap="round"/>',
    "edit": f'<path d="M4 20l1-4L16 5l3 3L8 19z" fill="#f6d98b" stroke="{_INK}" stroke-width="1.5" '
            f'stroke-linejoin="round"/><path d="M14 7l3 3" stroke="{_INK}" stroke-width="1.4"/>',
}


def _render(svg_body: str, size: int) -> QPixmap:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24">{svg_body}</svg>'
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pix


@cache
def icon(name: str) -> QIcon:
    result = QIcon()
    for size in (16, 20, 24, 32, 48):
        result.addPixmap(_render(_SVG[name], size))
    return result


def swatch(fill: tuple[int, int, int, int] | None, stroke: tuple[int, int, int, int] | None,
           hatch: tuple[int, int, int, int] | None = None, casing: tuple[int, int, int, int] | None = None,
           dashed: bool = False, size: int = 16) -> QIcon:
    """A legend swatch: the layer's fill, hatch and outline as a small square (outline-only styles
    as a thick, possibly dashed, frame so that a boundary layer reads as a line)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rect = QRectF(2.5, 3.5, size - 5, size - 7)
    if fill is not None:
        painter.fillRect(rect, QColor(*fill[:3], max(fill[3], 170)))
    if hatch is not None:
        painter.fillRect(rect, QBrush(QColor(*hatch[:3], 255), Qt.BrushStyle.BDiagPattern))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if fill is None:
        if casing is not None:
            painter.setPen(QPen(QColor(*casing[:3], 200), 4.0))
            painter.drawRect(rect)
        pen = QPen(QColor(*(stroke or (120, 120, 120, 255))[:3]), 2.0)
        if dashed:
            pen.setDashPattern([2.0, 1.0])
        painter.setPen(pen)
    else:
        painter.setPen(QPen(QColor(*(stroke or (120, 120, 120, 255))[:3]), 1.0))
    painter.drawRect(rect)
    painter.end()
    result = QIcon(pix)
    result.addPixmap(pix, QIcon.Mode.Selected)  # a legend colour must not be tinted by the selection
    return result


@cache
def status_dot(rgb: tuple[int, int, int], diameter: int = 10, size: int = 16) -> QIcon:
    """A filled circle in a status colour (不符合 red, 有条件 orange, 符合 green)."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor(*rgb).darker(130), 1.0))
    painter.setBrush(QColor(*rgb))
    off = (size - diameter) / 2
    painter.drawEllipse(QRectF(off, off, diameter, diameter))
    painter.end()
    result = QIcon(pix)
    result.addPixmap(pix, QIcon.Mode.Selected)
    return result


@cache
def app_icon() -> QIcon:
    """The application's own icon (resources/icons/parkgis.svg: window, task bar, installers)."""
    from ..core.resources import resource_path

    path = resource_path("icons", "parkgis.svg")
    return QIcon(str(path)) if path.is_file() else icon("layers")
