"""The canvas' view transform, kept free of Qt so map tools and tests can use it without a window.

Screen pixels grow right and down; map coordinates grow east (x) and north (y). A view is fully
described by its centre, its resolution (map units per pixel) and its size in pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

#: metres per inch; the scale denominator is resolution × dpi / this
METRES_PER_INCH = 0.0254


@dataclass(frozen=True)
class MapView:
    cx: float
    cy: float
    mpp: float            # map units (metres in a Gauss-Krüger CRS) per screen pixel
    width: int
    height: int

    # --- transforms -------------------------------------------------------------------------
    @property
    def x0(self) -> float:
        """Map x at the left edge."""
        return self.cx - self.width * self.mpp / 2.0

    @property
    def y0(self) -> float:
        """Map y at the top edge."""
        return self.cy + self.height * self.mpp / 2.0

    def to_screen(self, x: float, y: float) -> tuple[float, float]:
        return (x - self.x0) / self.mpp, (self.y0 - y) / self.mpp

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        return self.x0 + px * self.mpp, self.y0 - py * self.mpp

    def extent(self) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) of the visible map area."""
        return self.x0, self.cy - self.height * self.mpp / 2.0, self.cx + self.width * self.mpp / 2.0, self.y0

    def scale_denominator(self, dpi: float = 96.0) -> float:
        """The N of the map scale 1:N for a screen of ``dpi`` dots per inch."""
        return self.mpp * dpi / METRES_PER_INCH

    # --- navigation (each returns a new view) -------------------------------------------------
    def resized(self, width: int, height: int) -> MapView:
        return replace(self, width=max(1, int(width)), height=max(1, int(height)))

    def panned(self, dx_px: float, dy_px: float) -> MapView:
        """The view after the map content moved by (dx, dy) screen pixels (a drag)."""
        return replace(self, cx=self.cx - dx_px * self.mpp, cy=self.cy + dy_px * self.mpp)

    def zoomed(self, factor: float, anchor_px: tuple[float, float] | None = None) -> MapView:
        """Zoom in by ``factor`` (> 1 magnifies) keeping the map point under ``anchor_px`` still."""
        if factor <= 0 or not math.isfinite(factor):
            return self
        ax, ay = anchor_px if anchor_px is not None else (self.width / 2.0, self.height / 2.0)
        mx, my = self.to_map(ax, ay)
        mpp = self.mpp / factor
        # the anchor's map point stays under the same pixel: solve for the new centre
        cx = mx - (ax - self.width / 2.0) * mpp
        cy = my + (ay - self.height / 2.0) * mpp
        return replace(self, cx=cx, cy=cy, mpp=mpp)

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], width: int, height: int,
            margin: float = 0.04) -> MapView:
        """The view that shows ``bounds`` whole, centred, with a small margin on each side."""
        minx, miny, maxx, maxy = bounds
        width, height = max(1, int(width)), max(1, int(height))
        span_x, span_y = max(maxx - minx, 1e-9), max(maxy - miny, 1e-9)
        usable = 1.0 - 2.0 * margin
        mpp = max(span_x / (width * usable), span_y / (height * usable))
        if not math.isfinite(mpp) or mpp <= 0:
            mpp = 1.0
        return cls((minx + maxx) / 2.0, (miny + maxy) / 2.0, mpp, width, height)

    def placement_of(self, other: MapView) -> tuple[float, float, float]:
        """Where an image rendered for ``other`` lands in this view: (left px, top px, scale).

        Used to show the last finished image, scaled and shifted, while a new one renders.
        """
        left, top = self.to_screen(other.x0, other.y0)
        return left, top, other.mpp / self.mpp
