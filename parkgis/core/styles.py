"""The default 三区三线 theme and land-use colours, as plain data (the GUI and the web map read it).

Land-use colours follow 《市级国土空间总体规划制图规范（试行）》 Appendix B (e.g. 工业用地
187,150,116). Control-line colours are not pinned by a source we could read, so they are a theme
the user can override per project.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import numpy as np

from .roles import Role

#: role → style. Colours are "#rrggbb"; opacity 0–1; outline_width in millimetres (as QGIS).
ROLE_THEME: dict[Role, dict] = {
    Role.ECO_REDLINE: {"fill": "#4CA64C", "fill_opacity": 0.35, "outline": "#1E6B1E", "outline_width": 0.6},
    # 永久基本农田 in the golden yellow of Chinese control-line maps: it must stand apart from the pale
    # 农业空间 of the 三区 layer beneath it (ZONE_COLOURS), not be "almost the same pale yellow"
    Role.FARMLAND: {"fill": "#F5C400", "fill_opacity": 0.6, "outline": "#B38F00", "outline_width": 0.26},
    Role.UDB: {"fill": None, "fill_opacity": 0.0, "outline": "#8A2BE2", "outline_width": 0.8, "dash": True},
    Role.PARK: {"fill": None, "fill_opacity": 0.0, "outline": "#E60000", "outline_width": 0.8},
    Role.ZONES: {"fill": "#DDE8F0", "fill_opacity": 0.45, "outline": "#8C8C8C", "outline_width": 0.2},
    Role.PARCELS: {"fill": "#BB9674", "fill_opacity": 0.8, "outline": "#5A4030", "outline_width": 0.26},
    Role.LANDUSE: {"fill": "#E6E6E6", "fill_opacity": 0.6, "outline": "#A0A0A0", "outline_width": 0.2},
    Role.REFERENCE: {"fill": "#C8C8C8", "fill_opacity": 0.4, "outline": "#505050", "outline_width": 0.26},
}

#: 用地用海分类 code → (name, RGB) for the land-use styling of parcels (Appendix B, selected classes).
LAND_USE_COLOURS: dict[str, tuple[str, tuple[int, int, int]]] = {
    "01": ("耕地", (245, 248, 220)),
    "03": ("林地", (104, 177, 103)),
    "07": ("居住用地", (255, 255, 45)),
    "08": ("公共管理与公共服务用地", (255, 0, 255)),
    "09": ("商业服务业用地", (255, 0, 0)),
    "10": ("工矿用地", (187, 150, 116)),
    "1001": ("工业用地", (187, 150, 116)),
    "1002": ("采矿用地", (158, 108, 84)),
    "11": ("仓储用地", (135, 97, 211)),
    "1101": ("物流仓储用地", (135, 97, 211)),
    "12": ("交通运输用地", (183, 183, 183)),
    "13": ("公用设施用地", (0, 99, 128)),
    "14": ("绿地与开敞空间用地", (0, 255, 0)),
}


#: 三区 (城镇/农业/生态空间) fills: light red, yellow, green, under the control lines (the usual hues of
#: 三区三线 maps; the exact values are ours, overridable like the rest of the theme)
ZONE_COLOURS: dict[str, str] = {"城镇空间": "#F2B8B0", "农业空间": "#F3E7A4", "生态空间": "#B7DDA8"}
#: how a zone type is spelled in the data (the default rule set accepts the same)
ZONE_SPELLINGS: dict[str, tuple[str, ...]] = {"城镇空间": ("城镇", "CZKJ"), "农业空间": ("农业", "NYKJ"),
                                             "生态空间": ("生态", "STKJ")}
#: fields that hold the zone type (三区类型) in a zones layer
ZONE_FIELDS = ("SQLX", "三区类型", "SQMC", "KJLX", "三区")


def zone_type(value) -> str | None:
    """城镇空间 / 农业空间 / 生态空间 for a zone-type value as data spell it (``城镇``, ``CZKJ`` …), or None."""
    text = str(value or "").strip().upper()
    for zone, spellings in ZONE_SPELLINGS.items():
        if text and any(s.upper() in text for s in spellings):
            return zone
    return None


#: earlier versions' theme entries: a layer still wearing one was never styled by hand, so it is shown in
#: today's theme (the sample project and older projects stored the old farmland yellow)
FORMER_THEMES: dict[Role, tuple[dict, ...]] = {
    Role.FARMLAND: ({"fill": "#F5F8DC", "fill_opacity": 0.85, "outline": "#B8B86B", "outline_width": 0.26},),
}


def current_style(role: Role, stored: dict, gdf=None) -> dict:
    """The style a saved layer is shown in: ``stored``, unless it is a former theme entry of its role
    (then today's :func:`default_style`)."""
    if stored and any(stored == former for former in FORMER_THEMES.get(role, ())):
        return default_style(role, gdf)
    return stored


def default_style(role: Role, gdf=None) -> dict:
    """A copy of the theme entry for ``role`` (callers may change it freely). Given the layer's data,
    a 三区 layer is coloured by its zone type (城镇/农业/生态空间) when it has a field that holds one."""
    style = dict(ROLE_THEME.get(role, ROLE_THEME[Role.REFERENCE]))
    if role == Role.ZONES and gdf is not None:
        for field in ZONE_FIELDS:
            if field in gdf.columns and any(zone_type(v) for v in gdf[field].dropna().unique()[:50]):
                style["categorized"] = categorized_style(gdf, field, "zones")
                break
    return style


#: a qualitative palette for "by field" styles (ColorBrewer Set3/Paired-like, readable on a light map)
AUTO_PALETTE = ("#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69", "#fccde5",
                "#bc80bd", "#ccebc5", "#ffed6f", "#a6cee3", "#b2df8a", "#fb9a99", "#cab2d6", "#e5c494")
#: more distinct values than this and a field is not worth categorizing (ids, areas)
MAX_CATEGORIES = 40


def land_use_colour(code) -> tuple[str, tuple[int, int, int]] | None:
    """(name, RGB) of a 用地用海 code by its longest known prefix (``"100101"`` → 工业用地)."""
    text = str(code).strip() if code is not None else ""
    for n in (6, 4, 2):
        if len(text) >= n and text[:n] in LAND_USE_COLOURS:
            return LAND_USE_COLOURS[text[:n]]
    return None


def categorized_style(gdf, field: str, scheme: str = "auto") -> dict:
    """The ``categorized`` entry of a layer style: explicit value → colour, so it persists as is.

    The canvas and :func:`qgis_qml` both read this entry, so the map and QGIS agree.
    ``scheme="landuse"`` colours 用地用海 codes by the planning standard; ``"auto"`` gives each
    distinct value of ``field`` a palette colour (raises ValueError past :data:`MAX_CATEGORIES`).
    """
    values = [v for v in gdf[field].dropna().unique().tolist() if str(v) != ""]
    if scheme == "zones":
        colours = {str(v): ZONE_COLOURS[z] for v in values if (z := zone_type(v)) is not None}
        return {"field": field, "scheme": "zones", "colors": colours}
    if scheme == "landuse":
        colours = {}
        for v in values:
            found = land_use_colour(v)
            if found is not None:
                colours[str(v)] = "#{:02x}{:02x}{:02x}".format(*found[1])
        return {"field": field, "scheme": "landuse", "colors": colours}
    if len(values) > MAX_CATEGORIES:
        raise ValueError(f"{field} has {len(values)} distinct values (more than {MAX_CATEGORIES})")
    values = sorted(values, key=str)
    return {"field": field, "scheme": "auto",
            "colors": {str(v): AUTO_PALETTE[i % len(AUTO_PALETTE)] for i, v in enumerate(values)}}


def category_index(gdf, spec: dict) -> np.ndarray:
    """Each feature's category under a ``categorized`` style: its position in ``spec["colors"]``
    (the stored order), −1 for a value without a colour (drawn in the layer's own fill). The map,
    the legend and the web map all read the categories this way."""
    lookup = {value: k for k, value in enumerate(spec.get("colors") or {})}
    keys = gdf[spec["field"]].astype("string").fillna("")
    return keys.map(lookup).fillna(-1).to_numpy(dtype=np.int64)


def category_label(spec: dict, value: str) -> str:
    """What a legend shows for ``value``: the 用地用海 name after the code for the land-use scheme."""
    if spec.get("scheme") == "landuse":
        found = land_use_colour(value)
        if found is not None:
            return f"{value} {found[0]}"
    return str(value)


def _rgba(colour: str | None, opacity: float) -> str:
    if not colour:
        return "0,0,0,0"
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(255 * opacity)}"


def _symbol_xml(name: str, style: dict, fill: str | None) -> str:
    fill_rgba = _rgba(fill, float(style.get("fill_opacity", 1.0)))
    outline = _rgba(style.get("outline"), 1.0)
    fill_style = "solid" if fill else "no"
    line_style = "dash" if style.get("dash") else ("no" if not style.get("outline") else "solid")
    width = style.get("outline_width", 0.26)
    return f"""   <symbol type="fill" name="{escape(name, _ATTR)}" alpha="1" clip_to_extent="1" force_rhr="0">
    <layer class="SimpleFill" enabled="1" pass="0" locked="0">
     <Option type="Map">
      <Option type="QString" name="color" value="{fill_rgba}"/>
      <Option type="QString" name="style" value="{fill_style}"/>
      <Option type="QString" name="outline_color" value="{outline}"/>
      <Option type="QString" name="outline_style" value="{line_style}"/>
      <Option type="QString" name="outline_width" value="{width}"/>
      <Option type="QString" name="outline_width_unit" value="MM"/>
     </Option>
    </layer>
   </symbol>
"""


_ATTR = {'"': "&quot;"}


def qgis_qml(style: dict) -> str:
    """A QGIS QML document for ``style``, so QGIS shows our colours when it opens the project
    GeoPackage (it reads the ``layer_styles`` table).

    A style with a ``categorized`` entry becomes a ``categorizedSymbol`` renderer: one category per
    value with its colour, plus QGIS's "all other values" category (empty value) in the layer's own
    fill, as the canvas draws values it has no colour for.
    """
    head = ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            '<qgis version="3.22.0" styleCategories="Symbology">\n')
    spec = style.get("categorized") or {}
    if not spec.get("field"):
        return (head + ' <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">\n'
                "  <symbols>\n" + _symbol_xml("0", style, style.get("fill")) + "  </symbols>\n"
                " </renderer-v2>\n</qgis>\n")
    items = list((spec.get("colors") or {}).items())
    categories, symbols = [], []
    for k, (value, colour) in enumerate(items):
        categories.append(f'   <category symbol="{k}" value="{escape(str(value), _ATTR)}" '
                          f'label="{escape(category_label(spec, value), _ATTR)}" render="true"/>\n')
        symbols.append(_symbol_xml(str(k), style, colour))
    other = len(items)
    categories.append(f'   <category symbol="{other}" value="" label="" render="true"/>\n')
    symbols.append(_symbol_xml(str(other), style, style.get("fill")))
    return (head + f' <renderer-v2 type="categorizedSymbol" attr="{escape(spec["field"], _ATTR)}" '
            'symbollevels="0" enableorderby="0" forceraster="0">\n'
            "  <categories>\n" + "".join(categories) + "  </categories>\n"
            "  <symbols>\n" + "".join(symbols) + "  </symbols>\n"
            " </renderer-v2>\n</qgis>\n")
