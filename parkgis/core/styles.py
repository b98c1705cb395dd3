"""The default 三区三线 theme and land-use colours, as plain data (the GUI and the web map read it).

Land-use colours follow 《市级国土空间总体规划制图规范（试行）》 Appendix B (e.g. 工业用地
187,150,116). Control-line colours are not pinned by a source we could read, so they are a theme
the user can override per project.
"""

from __future__ import annotations

from .roles import Role

#: role → style. Colours are "#rrggbb"; opacity 0–1; outline_width in millimetres (as QGIS).
ROLE_THEME: dict[Role, dict] = {
    Role.ECO_REDLINE: {"fill": "#4CA64C", "fill_opacity": 0.35, "outline": "#1E6B1E", "outline_width": 0.6},
    Role.FARMLAND: {"fill": "#F5F8DC", "fill_opacity": 0.85, "outline": "#B8B86B", "outline_width": 0.26},
    Role.UDB: {"fill": None, "fill_opacity": 0.0, "outline": "#8A2BE2", "outline_width": 0.8, "dash": True},
    Role.PARK: {"fill": None, "fill_opacity": 0.0, "outline": "#E60000", "outline_width": 0.8},
    Role.ZONES: {"fill": "#DDE8F0", "fill_opacity": 0.4, "outline": "#7A93A8", "outline_width": 0.26},
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


def default_style(role: Role) -> dict:
    """A copy of the theme entry for ``role`` (callers may change it freely)."""
    return dict(ROLE_THEME.get(role, ROLE_THEME[Role.REFERENCE]))


def _rgba(colour: str | None, opacity: float) -> str:
    if not colour:
        return "0,0,0,0"
    colour = colour.lstrip("#")
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{round(255 * opacity)}"


def qgis_qml(style: dict) -> str:
    """A QGIS QML document with a single fill symbol for ``style``, so QGIS shows our colours when
    it opens the project GeoPackage (it reads the ``layer_styles`` table)."""
    fill = _rgba(style.get("fill"), float(style.get("fill_opacity", 1.0)))
    outline = _rgba(style.get("outline"), 1.0)
    fill_style = "solid" if style.get("fill") else "no"
    line_style = "dash" if style.get("dash") else "solid"
    width = style.get("outline_width", 0.26)
    return f"""<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.0" styleCategories="Symbology">
 <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
  <symbols>
   <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
    <layer class="SimpleFill" enabled="1" pass="0" locked="0">
     <Option type="Map">
      <Option type="QString" name="color" value="{fill}"/>
      <Option type="QString" name="style" value="{fill_style}"/>
      <Option type="QString" name="outline_color" value="{outline}"/>
      <Option type="QString" name="outline_style" value="{line_style}"/>
      <Option type="QString" name="outline_width" value="{width}"/>
      <Option type="QString" name="outline_width_unit" value="MM"/>
     </Option>
    </layer>
   </symbol>
  </symbols>
 </renderer-v2>
</qgis>
"""
