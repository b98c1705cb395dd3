"""Layer styles for drawing.

The style a project stores (``VectorLayer.style``, schema of :mod:`parkgis.core.styles`: ``fill``,
``fill_opacity``, ``outline``, ``outline_width`` in mm, ``dash``) is the truth QGIS also sees. The
canvas adds display extras per role from ``resources/styles/theme_sanqu_sanxian.json`` (hatching of
the red line, a casing under the urban development boundary). :class:`DrawStyle` is the immutable,
hashable result a render job carries to its worker thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.roles import Role
from ..core.styles import default_style
from .resources import resource

THEME_FILE = "theme_sanqu_sanxian.json"
#: screen pixels per millimetre of line width (96 dpi, as QGIS draws on a standard screen)
PX_PER_MM = 96.0 / 25.4
#: dash pattern for ``"dash": true``, in pixels
DEFAULT_DASH = (8.0, 4.0)

Color = tuple[int, int, int, int]


def parse_color(value: Any, opacity: float = 1.0) -> Color | None:
    """``"#rrggbb"``, ``"#rrggbbaa"`` or ``[r, g, b(, a)]`` → (r, g, b, a), ``opacity`` applied."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        h = value.strip().lstrip("#")
        vals = [int(h[i:i + 2], 16) for i in range(0, len(h), 2)]
    else:
        vals = [int(v) for v in value]
    if len(vals) == 3:
        vals.append(255)
    alpha = max(0, min(255, round(vals[3] * float(opacity))))
    return (vals[0], vals[1], vals[2], alpha)


@dataclass(frozen=True)
class DrawStyle:
    fill: Color | None = None
    stroke: Color | None = (110, 110, 110, 255)
    stroke_width: float = 1.0
    dash: tuple[float, ...] | None = None
    hatch: str | None = None               # "bdiag", "fdiag", "cross", "horizontal", "vertical"
    hatch_color: Color | None = None
    casing: Color | None = None            # a wider line under the outline (halo)
    casing_width: float = 0.0
    opacity: float = 1.0
    point_size: float = 4.0

    @classmethod
    def from_dict(cls, d: dict[str, Any], point_size: float = 4.0) -> DrawStyle:
        """From a merged style dict (project schema plus display extras)."""
        dash = d.get("dash")
        if dash is True:
            dash = DEFAULT_DASH
        elif not dash:
            dash = None
        width_mm = d.get("outline_width")
        return cls(
            fill=parse_color(d.get("fill"), float(d.get("fill_opacity", 1.0))),
            stroke=parse_color(d.get("outline")),
            stroke_width=max(0.6, float(width_mm) * PX_PER_MM) if width_mm is not None else 1.0,
            dash=tuple(float(v) for v in dash) if dash else None,
            hatch=d.get("hatch"),
            hatch_color=parse_color(d.get("hatch_color")),
            casing=parse_color(d.get("casing")),
            casing_width=float(d.get("casing_width", 0.0)),
            opacity=float(d.get("opacity", 1.0)),
            point_size=float(d.get("point_size", point_size)),
        )

    @property
    def swatch_color(self) -> Color:
        """The colour that best identifies the layer in the layer tree."""
        return self.fill or self.stroke or (128, 128, 128, 255)


@cache
def load_theme(name: str = THEME_FILE) -> dict[str, Any]:
    with open(resource("styles", name), encoding="utf-8") as fh:
        return json.load(fh)


def theme_background() -> Color:
    return parse_color(load_theme().get("background", "#ffffff")) or (255, 255, 255, 255)


def _role(role: Role | str | None) -> Role:
    try:
        return Role(role) if role is not None else Role.REFERENCE
    except ValueError:
        return Role.REFERENCE


def style_dict_for(role: Role | str | None, layer_style: dict[str, Any] | None = None) -> dict[str, Any]:
    """The merged style: display extras < project default for the role < the layer's own style."""
    role = _role(role)
    merged = dict(load_theme().get("roles", {}).get(role.value, {}))
    merged.update(default_style(role))
    if layer_style:
        merged.update(layer_style)
    return merged


def style_for(role: Role | str | None, layer_style: dict[str, Any] | None = None) -> DrawStyle:
    return _style_cached(_role(role), json.dumps(layer_style or {}, sort_keys=True, default=str))


@cache
def _style_cached(role: Role, layer_style_json: str) -> DrawStyle:
    return DrawStyle.from_dict(style_dict_for(role, json.loads(layer_style_json)),
                               point_size=float(load_theme().get("point_size", 4.0)))


# --- categorized styles ---------------------------------------------------------------------------
# The stored ``categorized`` entry is built in core, so the canvas and the QGIS QML read one dict.
from ..core.styles import (  # noqa: E402,F401
    AUTO_PALETTE,
    MAX_CATEGORIES,
    categorized_style,
    category_index,
    land_use_colour,
)


def categories_for(layer) -> tuple[tuple[Color, ...], object] | None:
    """(fill colours, per-feature index into them; −1: the layer's own fill) of a categorized layer."""
    spec = (layer.style or {}).get("categorized")
    if not spec or spec.get("field") not in layer.gdf.columns:
        return None
    merged = style_dict_for(layer.role, layer.style)
    opacity = float(merged.get("fill_opacity", 1.0))
    colours = tuple(parse_color(c, opacity) for c in (spec.get("colors") or {}).values())
    return colours, category_index(layer.gdf, spec)
