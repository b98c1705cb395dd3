"""The 拍前体检 dossier of a 标准地 parcel (出让前审查材料): its content, built once, and the HTML renderer.

:func:`build_dossier` turns a :class:`~parkgis.core.parcels.precheck.PrecheckResult` into a :class:`Dossier`
— plain rows of text and numbers plus a :class:`MapScene` — and every renderer formats that same content:
:func:`render_html` (here), :func:`parkgis.core.report.dossier_pdf.write_pdf` (A4, Chinese font embedded) and
:func:`parkgis.core.report.dossier_docx.write_docx` (Word, which the bureaus edit).

What a dossier holds: the map page (the parcel, its neighbours, the constraint layers in the theme colours
of :data:`parkgis.core.styles.ROLE_THEME`, the offending pieces, a coordinate grid labelled X 北 / Y 东, scale
bar, north arrow, legend, title, date, CRS); the areas in 平方米/亩/公顷, planar in the parcel's own zone and
椭球; the 四至 (from the map, and the given one compared); every check item with its reason and the verdict;
the control indicators against their thresholds; the 界址点坐标表 (J1… clockwise from the north-west corner,
X 北 / Y 东 at the survey precision, edge lengths, the closing point — the rows of
:func:`parkgis.core.report.boundary_points.boundary_point_schedule`, so the dossier and the 成果表 agree line
for line); and the sources (layer versions, 批复文号, rule set, threshold tables).

The map is a scene of vector primitives in millimetres of the page (:class:`MapScene`): the PDF draws them
as PDF paths (crisp at any zoom), the HTML as inline SVG, the DOCX as a PNG painted by Pillow (Word takes no
SVG everywhere). It is made without Qt: core imports no Qt, and a scene of shapely geometries is all a
parcel map needs. The directions are grid directions (坐标北) of the parcel's projected CRS.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..area import SQM_PER_MU
from ..roles import Role
from ..styles import ROLE_THEME, ZONE_COLOURS, ZONE_FIELDS, zone_type

STATUS_ZH = {"pass": "通过", "fail": "不通过", "unknown": "无法判定"}
VERDICT_COLOURS = {"可以出让": "#1E7B34", "不可出让": "#C00000", "需补充": "#B36B00"}

#: the map frame on the A4 page (mm)
MAP_W, MAP_H = 180.0, 170.0
SCALES = (500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000)
GRID_STEPS = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)
SUBJECT = {"fill": "#BB9674", "fill_opacity": 0.85, "outline": "#C00000", "outline_width": 0.7}
NEIGHBOUR = {"fill": "#E8D9C8", "fill_opacity": 0.7, "outline": "#7A5C45", "outline_width": 0.25}
PROBLEM = {"fill": "#FF0000", "fill_opacity": 0.55, "outline": "#FF0000", "outline_width": 0.5}


@dataclass
class Shape:
    """A map primitive in page millimetres (origin top-left of the map frame, y down). ``rings`` for a
    polygon (even-odd fill: holes stay open), ``points`` for a line or a text anchor."""

    kind: str                                   # polygon | line | text
    rings: list[list[tuple[float, float]]] = field(default_factory=list)
    fill: str | None = None
    fill_opacity: float = 1.0
    stroke: str | None = None
    stroke_width: float = 0.2                   # mm
    dash: bool = False
    text: str = ""
    size: float = 6.0                           # pt
    align: str = "left"                         # left | center | right


@dataclass
class LegendEntry:
    label: str
    fill: str | None
    fill_opacity: float
    stroke: str | None
    dash: bool = False


@dataclass
class MapScene:
    width: float
    height: float
    scale: int                                   # 1:scale
    shapes: list[Shape]
    legend: list[LegendEntry]
    scale_bar_m: float
    crs_text: str

    @property
    def scale_bar_mm(self) -> float:
        return self.scale_bar_m * 1000.0 / self.scale


@dataclass
class Dossier:
    parcel_id: str
    name: str
    title: str
    date: str
    verdict: str
    verdict_reason: str
    crs: str
    crs_zh: str
    precision: float
    digits: int
    info: list[tuple[str, str]]                  # 基本信息 (label, value)
    areas: list[tuple[str, str, str, str, str]]  # (kind, m², 亩, 公顷, note)
    sizhi: list[tuple[str, str, str, str]]       # (direction, from the map, given, 比对)
    items: list[tuple[str, str, str, str, str]]  # (no, item, status, reason, basis)
    indicators: list[tuple[str, str, str, str, str]]  # (indicator, listing, standard, value, result)
    points: list[tuple[str, str, str, str]]      # (点号, X 北, Y 东, 边长)
    point_count: int
    sources: list[tuple[str, str]]
    scene: MapScene
    notes: list[str] = field(default_factory=list)


def _fmt(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def _bound_text(minimum, maximum, text, unit: str) -> str:
    if text:
        return str(text)
    parts = []
    if minimum is not None:
        parts.append(f"≥ {minimum:g}")
    if maximum is not None:
        parts.append(f"≤ {maximum:g}")
    return (" 且 ".join(parts) + (f" {unit}" if unit and parts else "")) if parts else "—"


# ------------------------------------------------------------------------------------------ content

def build_dossier(checker, result, *, today: _dt.date | None = None) -> Dossier:
    """The dossier of ``result`` (from ``checker``, a :class:`~parkgis.core.parcels.precheck.Prechecker`)."""
    from ..report.boundary_points import boundary_point_schedule

    today = today or checker.settings.as_of or _dt.date.today()
    record = result.record
    schedule = boundary_point_schedule(checker.parcel_layer, parcels=[result.id])
    table = schedule.parcels[0]
    digits = schedule.digits
    points = []
    for k, ring in enumerate(table.rings):
        if len(table.rings) > 1:
            points.append((f"第{k + 1}圈（{'内边界' if table.ring_holes[k] else '外边界'}）", "", "", ""))
        for p in ring:
            points.append((p.point_id + ("（闭合）" if p.closing else ""), f"{p.x:.{digits}f}", f"{p.y:.{digits}f}",
                           "" if p.edge_m is None else f"{p.edge_m:.2f}"))

    planar, ell = result.area_m2, result.ellipsoidal_area_m2
    areas = [("平面面积", f"{planar:,.2f}", f"{planar / SQM_PER_MU:,.4f}", f"{planar / 10000:,.4f}",
              f"地块所在 3 度带高斯-克吕格投影平面（{result.area_crs}）"),
             ("椭球面积", f"{ell:,.2f}", f"{ell / SQM_PER_MU:,.4f}", f"{ell / 10000:,.4f}",
              "CGCS2000 椭球面（国土调查办发〔2008〕32号）")]
    if record is not None and record.declared_area_m2 is not None:
        d = record.declared_area_m2
        areas.append(("申报面积", f"{d:,.2f}", f"{d / SQM_PER_MU:,.4f}", f"{d / 10000:,.4f}", "台账（勘测定界）"))

    sizhi = []
    for direction, side in result.sizhi.items():
        given = result.sizhi_given.get(direction)
        compare = "" if given is None else ("一致" if given["agrees"] else "不一致，请核实")
        sizhi.append((direction, side.text, "" if given is None else given["given"], compare))

    items = [(str(n), i.label, STATUS_ZH[i.status], i.reason, i.basis) for n, i in enumerate(result.items, 1)]
    indicator_rows = []
    try:
        ind = result.item("indicators")
    except StopIteration:
        ind = None
    if ind is not None:
        for row in ind.figures.get("indicators", []):
            value = "—" if row["value"] is None else f"{row['value']:.2f}"
            ok = "符合" if row["within"] else "不符合"
            indicator_rows.append((row["name"] + (f"（{row['unit']}）" if row["unit"] else ""),
                                   _bound_text(row["listing_min"], row["listing_max"], row["listing_text"], ""),
                                   _bound_text(row["table_min"], row["table_max"], None, "") +
                                   (f"（{row['table']}）" if row["table"] else ""), value, ok))
        for name in ind.figures.get("missing", []):
            indicator_rows.append((name, "未设定", "—", "—", "需补充"))

    info = [("地块编号", result.id), ("地块名称", result.name)]
    if record is not None:
        info += [("园区", record.park), ("用地性质", f"{record.use_name} {record.use_code}".strip()),
                 ("产业类别", record.industry), ("生命周期阶段", record.stage.value),
                 ("出让年限", "" if record.term_years is None else f"{record.term_years} 年"),
                 ("起拍价", "" if record.starting_price_wan is None else f"{record.starting_price_wan:g} 万元"),
                 ("挂牌日期", "" if record.listed_on is None else record.listed_on.isoformat())]
    info = [(k, v) for k, v in info if v]
    info.append(("适用控制指标标准", result.table or "—"))

    sources = []
    src = checker.sources()
    rs = src["ruleset"]
    sources.append(("审查规则集", f"{rs['name']} {rs['version']}".strip()))
    for layer in src["layers"]:
        role = _role_zh(layer["role"])
        parts = [f"{layer['features']} 个要素", layer["source_crs"]]
        if layer.get("data_date"):
            parts.append(f"数据日期 {layer['data_date']}")
        if layer.get("approval"):
            parts.append(f"批复文号 {layer['approval']}")
        sources.append((f"{role}：{layer['name']}", "，".join(p for p in parts if p)))
    if result.table:
        t = next((t for t in src["threshold_tables"] if t["id"] == result.table), None)
        if t:
            sources.append(("控制指标标准", f"{t['id']} {t['name']} {t.get('document') or ''} {t.get('date') or ''}".strip()))
    sources.append(("面积容差", f"{checker.settings.area_tolerance:.3%}（比对{'椭球' if checker.settings.area_basis == 'ellipsoidal' else '平面'}面积）"))

    failed = [i.label for i in result.items if i.status == "fail"]
    missing = [f"{i.label}（{i.reason}）" for i in result.items if i.status == "unknown"]
    if result.verdict == "不可出让":
        reason = "不通过的事项：" + "、".join(failed)
        if missing:
            reason += "；另有无法判定的事项：" + "、".join(missing)
    elif result.verdict == "需补充":
        reason = "无法判定、须补充资料的事项：" + "、".join(missing)
    else:
        reason = f"全部 {len(result.items)} 项审查通过"

    scene = build_scene(checker, result, schedule.crs_zh)
    notes = [f"{w}" for w in schedule.warnings]
    return Dossier(
        parcel_id=result.id, name=result.name, title=f"{result.id} 地块拍前体检报告", date=today.isoformat(),
        verdict=result.verdict, verdict_reason=reason, crs=schedule.crs, crs_zh=schedule.crs_zh,
        precision=schedule.precision, digits=digits, info=info, areas=areas, sizhi=sizhi, items=items,
        indicators=indicator_rows, points=points, point_count=table.point_count, sources=sources, scene=scene,
        notes=notes)


def _role_zh(role: str) -> str:
    from ..roles import ROLE_LABELS_ZH

    try:
        return ROLE_LABELS_ZH[Role(role)]
    except (ValueError, KeyError):
        return role


# ------------------------------------------------------------------------------------------ the map

def _nice_scale(width_m: float, height_m: float, map_w: float = MAP_W, map_h: float = MAP_H) -> int:
    for s in SCALES:
        if width_m * 1000 / s <= map_w and height_m * 1000 / s <= map_h:
            return s
    return SCALES[-1]


def _nice_step(span_m: float, target: int = 4) -> float:
    for step in GRID_STEPS:
        if span_m / step <= target + 1:
            return float(step)
    return float(GRID_STEPS[-1])


class _Frame:
    """World (easting x, northing y) → map millimetres (y down)."""

    def __init__(self, cx: float, cy: float, scale: int, width: float = MAP_W, height: float = MAP_H):
        self.scale = scale
        self.width, self.height = width, height
        self.k = 1000.0 / scale
        self.x0 = cx - width / 2 / self.k
        self.y1 = cy + height / 2 / self.k
        self.x1 = self.x0 + width / self.k
        self.y0 = self.y1 - height / self.k

    def box(self):
        return shapely.box(self.x0, self.y0, self.x1, self.y1)

    def xy(self, coords) -> list[tuple[float, float]]:
        a = np.asarray(coords, dtype=float)[:, :2]
        return list(zip(((a[:, 0] - self.x0) * self.k).round(3).tolist(), ((self.y1 - a[:, 1]) * self.k).round(3).tolist(),
                        strict=True))


def _polygons(geom):
    if geom is None or geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def _poly_shapes(frame: _Frame, geom, style: dict, *, dash: bool = False) -> list[Shape]:
    clipped = shapely.clip_by_rect(geom, frame.x0, frame.y0, frame.x1, frame.y1)
    out = []
    for poly in _polygons(clipped):
        rings = [frame.xy(poly.exterior.coords)] + [frame.xy(r.coords) for r in poly.interiors]
        out.append(Shape("polygon", rings, style.get("fill"), float(style.get("fill_opacity", 1.0)),
                         style.get("outline"), float(style.get("outline_width", 0.2)), dash or bool(style.get("dash"))))
    return out


def _grid(frame: _Frame) -> list[Shape]:
    """The coordinate grid: X (北) lines and Y (东) lines with their values at the frame's edges."""
    shapes: list[Shape] = []
    width, height = frame.width, frame.height
    step = _nice_step(width / frame.k)
    gx = math.ceil(frame.x0 / step) * step
    while gx < frame.x1:
        (mx, _), = frame.xy([(gx, frame.y0)])
        shapes.append(Shape("line", [[(mx, 0.0), (mx, height)]], stroke="#606060", stroke_width=0.1, dash=True))
        shapes.append(Shape("text", [[(mx + 0.8, 3.0)]], stroke="#303030", text=f"Y={gx:.0f}", size=5.0))
        gx += step
    gy = math.ceil(frame.y0 / step) * step
    while gy < frame.y1:
        (_, my), = frame.xy([(frame.x0, gy)])
        shapes.append(Shape("line", [[(0.0, my), (width, my)]], stroke="#606060", stroke_width=0.1, dash=True))
        shapes.append(Shape("text", [[(1.0, my - 0.8)]], stroke="#303030", text=f"X={gy:.0f}", size=5.0))
        gy += step
    return shapes


def build_scene(checker, result, crs_zh: str) -> MapScene:
    """The map of the parcel: window, scale, layers in the theme colours, grid, labels, legend."""
    geom = result.geometry
    minx, miny, maxx, maxy = geom.bounds
    w, h = maxx - minx, maxy - miny
    margin = max(0.6 * max(w, h), 60.0)
    scale = _nice_scale(w + 2 * margin, h + 2 * margin)
    c = geom.centroid
    frame = _Frame((minx + maxx) / 2 if not c.is_empty else c.x, (miny + maxy) / 2, scale)
    window = frame.box()
    shapes: list[Shape] = []
    legend: list[LegendEntry] = []
    crs = checker.index.crs

    def layer_geoms(role: Role):
        out = []
        for layer in checker.constraints.get(role.value, []):
            gdf = layer.gdf
            if gdf.crs is not None and not gdf.crs.equals(crs):
                gdf = gdf.to_crs(crs)
            hits = gdf.sindex.query(window, predicate="intersects")
            out.append((layer, gdf.iloc[hits]))
        return out

    # 三区 under everything, by zone type
    zones_seen = set()
    for _layer, gdf in layer_geoms(Role.ZONES):
        zfield = next((f for f in ZONE_FIELDS if f in gdf.columns), None)
        for k, g in enumerate(gdf.geometry.values):
            zt = zone_type(gdf[zfield].iloc[k]) if zfield else None
            fill = ZONE_COLOURS.get(zt or "", ROLE_THEME[Role.ZONES]["fill"])
            style = {"fill": fill, "fill_opacity": 0.45, "outline": "#8C8C8C", "outline_width": 0.15}
            parts = _poly_shapes(frame, g, style)
            if parts:
                shapes += parts
                zones_seen.add(zt or "三区")
    for zt in ("城镇空间", "农业空间", "生态空间"):
        if zt in zones_seen:
            legend.append(LegendEntry(zt, ZONE_COLOURS[zt], 0.45, "#8C8C8C"))
    for role, label in ((Role.FARMLAND, "永久基本农田"), (Role.ECO_REDLINE, "生态保护红线"),
                        (Role.UDB, "城镇开发边界"), (Role.PARK, "园区四至")):
        theme = ROLE_THEME[role]
        drawn = False
        for _layer, gdf in layer_geoms(role):
            for g in gdf.geometry.values:
                if role in (Role.UDB, Role.PARK):
                    line = shapely.clip_by_rect(g.boundary, frame.x0, frame.y0, frame.x1, frame.y1)
                    for part in getattr(line, "geoms", [line]):
                        if part.is_empty or part.geom_type != "LineString":
                            continue
                        shapes.append(Shape("line", [frame.xy(part.coords)], None, 1.0, theme["outline"],
                                            float(theme["outline_width"]), bool(theme.get("dash"))))
                        drawn = True
                else:
                    parts = _poly_shapes(frame, g, theme)
                    shapes += parts
                    drawn = drawn or bool(parts)
        if drawn:
            legend.append(LegendEntry(label, theme.get("fill"), float(theme.get("fill_opacity", 1.0)), theme["outline"],
                                      bool(theme.get("dash"))))
    # neighbouring parcels with their numbers
    idx = checker.index
    near = idx.parcels_near(window)
    labels = []
    seen_neighbour = False
    for k in near.tolist():
        g = idx.geoms[k]
        pid = str(idx.ids[k])
        if pid == result.id or g is None or g.is_empty:
            continue
        parts = _poly_shapes(frame, g, NEIGHBOUR)
        if parts:
            shapes += parts
            seen_neighbour = True
            inside = shapely.clip_by_rect(g, frame.x0, frame.y0, frame.x1, frame.y1)
            if not inside.is_empty and inside.area * frame.k ** 2 > 150:   # room for a label (mm²)
                p = inside.representative_point()
                labels.append(Shape("text", [frame.xy([(p.x, p.y)])], stroke="#5A4030", text=pid, size=5.5,
                                    align="center"))
    if seen_neighbour:
        legend.append(LegendEntry("相邻地块", NEIGHBOUR["fill"], NEIGHBOUR["fill_opacity"], NEIGHBOUR["outline"]))
    shapes += _poly_shapes(frame, geom, SUBJECT)
    legend.insert(0, LegendEntry("本宗地块", SUBJECT["fill"], SUBJECT["fill_opacity"], SUBJECT["outline"]))
    problems = [i.geometry for i in result.items if i.status == "fail" and i.geometry is not None]
    if problems:
        for g in problems:
            shapes += _poly_shapes(frame, g, PROBLEM)
        legend.append(LegendEntry("问题部位", PROBLEM["fill"], PROBLEM["fill_opacity"], PROBLEM["outline"]))
    shapes += labels
    p = geom.representative_point()
    shapes.append(Shape("text", [frame.xy([(p.x, p.y)])], stroke="#000000", text=result.id, size=8, align="center"))
    # boundary-point numbers at the vertices (J1 … as in the 界址点坐标表)
    from ..io.coordtxt import number_boundary_points

    (cx_mm, cy_mm), = frame.xy([(c.x, c.y)])
    for ring in number_boundary_points(geom):
        for point in ring:
            (mx, my), = frame.xy([(point.x, point.y)])   # NumberedPoint: x easting, y northing
            dx, dy = mx - cx_mm, my - cy_mm              # outward, away from the parcel's centre
            norm = math.hypot(dx, dy) or 1.0
            shapes.append(Shape("text", [[(mx + 1.6 * dx / norm, my + 1.6 * dy / norm + 0.8)]], stroke="#C00000",
                                text=point.point_id, size=5.0, align="left" if dx >= 0 else "right"))
    shapes += _grid(frame)
    bar = _nice_step(MAP_W / frame.k / 4, target=1)
    return MapScene(MAP_W, MAP_H, scale, shapes, legend, bar, crs_zh)


def conflict_scene(parcel, others, pieces, crs_text: str, *, width: float = 170.0, height: float = 110.0) -> MapScene:
    """A map of one parcel of the conflict check: ``parcel`` (a ParcelResult with its geometry), ``others``
    ((id, geometry) of the parcels near it), ``pieces`` ((label, geometry, style) of its conflict pieces)."""
    geom = parcel.geometry
    minx, miny, maxx, maxy = geom.bounds
    w, h = maxx - minx, maxy - miny
    margin = max(0.5 * max(w, h), 50.0)
    scale = _nice_scale(w + 2 * margin, h + 2 * margin, width, height)
    frame = _Frame((minx + maxx) / 2, (miny + maxy) / 2, scale, width, height)
    shapes: list[Shape] = []
    labels: list[Shape] = []
    legend = [LegendEntry("本宗地块", SUBJECT["fill"], SUBJECT["fill_opacity"], SUBJECT["outline"])]
    if others:
        legend.append(LegendEntry("相邻地块", NEIGHBOUR["fill"], NEIGHBOUR["fill_opacity"], NEIGHBOUR["outline"]))
    for pid, g in others:
        parts = _poly_shapes(frame, g, NEIGHBOUR)
        shapes += parts
        inside = shapely.clip_by_rect(g, frame.x0, frame.y0, frame.x1, frame.y1)
        if parts and not inside.is_empty and inside.area * frame.k ** 2 > 150:
            p = inside.representative_point()
            labels.append(Shape("text", [frame.xy([(p.x, p.y)])], stroke="#5A4030", text=str(pid), size=5.5,
                                align="center"))
    shapes += _poly_shapes(frame, geom, SUBJECT)
    seen = set()
    for label, g, style in pieces:
        shapes += _poly_shapes(frame, g, style)
        if label not in seen:
            seen.add(label)
            legend.append(LegendEntry(label, style.get("fill"), float(style.get("fill_opacity", 1.0)), style.get("outline")))
    p = geom.representative_point()
    shapes += labels
    shapes.append(Shape("text", [frame.xy([(p.x, p.y)])], stroke="#000000", text=str(parcel.id), size=8, align="center"))
    shapes += _grid(frame)
    return MapScene(width, height, scale, shapes, legend, _nice_step(width / frame.k / 4, target=1), crs_text)


# ------------------------------------------------------------------------------------------ HTML

_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif;
       font-size: 10pt; color: #111; }
.dossier { page-break-after: always; }
.dossier:last-child { page-break-after: auto; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-left: 3pt solid #5A4030; padding-left: 2mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
th, td { border: 0.5pt solid #777; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #EEE8E0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict { font-size: 14pt; font-weight: bold; padding: 1mm 3mm; border: 1.5pt solid; display: inline-block; }
.pass { color: #1E7B34; } .fail { color: #C00000; font-weight: bold; } .unknown { color: #B36B00; }
.meta { color: #444; font-size: 9pt; }
.map { page-break-after: always; }
tr { page-break-inside: avoid; }
.basis { color: #555; font-size: 8pt; }
"""


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def scene_svg(scene: MapScene) -> str:
    """The map as inline SVG (millimetre user units)."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width}mm" height="{scene.height}mm" '
           f'viewBox="0 0 {scene.width} {scene.height}" style="border:0.4mm solid #000">']
    out.append(f'<defs><clipPath id="f"><rect width="{scene.width}" height="{scene.height}"/></clipPath></defs>'
               '<g clip-path="url(#f)">')
    for s in scene.shapes:
        if s.kind == "polygon":
            d = " ".join("M" + " L".join(f"{x},{y}" for x, y in ring) + " Z" for ring in s.rings)
            fill = s.fill or "none"
            out.append(f'<path d="{d}" fill="{fill}" fill-opacity="{s.fill_opacity}" fill-rule="evenodd" '
                       f'stroke="{s.stroke or "none"}" stroke-width="{s.stroke_width}"'
                       + (' stroke-dasharray="1.2,0.8"' if s.dash else "") + "/>")
        elif s.kind == "line":
            pts = " ".join(f"{x},{y}" for x, y in s.rings[0])
            out.append(f'<polyline points="{pts}" fill="none" stroke="{s.stroke}" stroke-width="{s.stroke_width}"'
                       + (' stroke-dasharray="1.2,0.8"' if s.dash else "") + "/>")
        else:
            (x, y), = s.rings[0]
            anchor = {"left": "start", "center": "middle", "right": "end"}[s.align]
            out.append(f'<text x="{x}" y="{y}" font-size="{s.size * 0.3528:.2f}" text-anchor="{anchor}" '
                       f'fill="{s.stroke}">{_esc(s.text)}</text>')
    out.append("</g>")
    # north arrow (grid north) and scale bar
    nx, ny = scene.width - 10, 8
    out.append(f'<path d="M{nx},{ny} L{nx - 3},{ny + 9} L{nx},{ny + 7} Z" fill="#000"/>'
               f'<path d="M{nx},{ny} L{nx + 3},{ny + 9} L{nx},{ny + 7} Z" fill="#fff" stroke="#000" stroke-width="0.2"/>'
               f'<text x="{nx}" y="{ny - 1}" font-size="3" text-anchor="middle">北</text>')
    bx, by, bl = 6.0, scene.height - 6, scene.scale_bar_mm
    out.append(f'<rect x="{bx - 1}" y="{by - 5}" width="{bl + 14}" height="7.5" fill="#fff" fill-opacity="0.8"/>'
               f'<rect x="{bx}" y="{by}" width="{bl / 2}" height="1.2" fill="#000"/>'
               f'<rect x="{bx + bl / 2}" y="{by}" width="{bl / 2}" height="1.2" fill="#fff" stroke="#000" stroke-width="0.2"/>'
               f'<text x="{bx}" y="{by - 1}" font-size="2.5">0</text>'
               f'<text x="{bx + bl}" y="{by - 1}" font-size="2.5" text-anchor="middle">{scene.scale_bar_m:g} 米</text>'
               f'<text x="{bx + bl + 6}" y="{by + 1.2}" font-size="2.5">1:{scene.scale:,}</text>')
    out.append("</svg>")
    return "".join(out)


def _legend_html(scene: MapScene) -> str:
    cells = []
    for e in scene.legend:
        border = f"{'dashed' if e.dash else 'solid'} 0.6mm {e.stroke or '#000'}"
        fill = e.fill or "transparent"
        cells.append(f'<span style="display:inline-block;margin-right:4mm"><span style="display:inline-block;'
                     f'width:6mm;height:3.5mm;background:{fill};opacity:{max(e.fill_opacity, 0.35) if e.fill else 1};'
                     f'border:{border};vertical-align:middle"></span> {_esc(e.label)}</span>')
    return '<p class="meta">图例：' + "".join(cells) + "</p>"


def _table(headers, rows, num_cols=()) -> str:
    head = "".join(f"<th>{_esc(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for k, v in enumerate(row):
            cls = ' class="num"' if k in num_cols else ""
            cells.append(f"<td{cls}>{_esc(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def dossier_html_body(d: Dossier) -> str:
    colour = VERDICT_COLOURS.get(d.verdict, "#000")
    parts = [f'<section class="dossier"><div class="map"><h1>{_esc(d.title)}</h1>',
             f'<p class="meta">{_esc(d.name)}　审查日期 {_esc(d.date)}　坐标系 {_esc(d.crs_zh)}</p>',
             f'<p><span class="verdict" style="color:{colour};border-color:{colour}">结论：{_esc(d.verdict)}</span> '
             f'{_esc(d.verdict_reason)}</p>',
             scene_svg(d.scene), _legend_html(d.scene),
             f'<p class="meta">比例尺 1:{d.scene.scale:,}；坐标网格 X 为纵坐标（北）、Y 为横坐标（东），单位米；'
             f'方向为坐标北。</p></div>']
    parts.append("<h2>一、基本信息</h2>" + _table(("项目", "内容"), d.info))
    parts.append("<h2>二、面积</h2>" + _table(("面积", "平方米", "亩", "公顷", "说明"), d.areas, (1, 2, 3)))
    parts.append("<h2>三、四至</h2>" + _table(("方向", "按图计算", "资料记载", "比对"), d.sizhi))
    rows = "".join(
        f'<tr><td class="num">{_esc(n)}</td><td>{_esc(label)}</td>'
        f'<td class="{ {"通过": "pass", "不通过": "fail"}.get(st, "unknown") }">{_esc(st)}</td>'
        f'<td>{_esc(reason)}<div class="basis">{_esc(basis)}</div></td></tr>'
        for n, label, st, reason, basis in d.items)
    parts.append("<h2>四、审查事项与结论</h2><table><thead><tr><th>序号</th><th>审查事项</th><th>结果</th>"
                 f"<th>说明及判定依据</th></tr></thead><tbody>{rows}</tbody></table>"
                 f'<p><b>结论：<span style="color:{colour}">{_esc(d.verdict)}</span></b>　{_esc(d.verdict_reason)}</p>')
    parts.append("<h2>五、控制指标</h2>" + _table(("指标", "出让条件", "适用标准", "实际/承诺值", "判定"), d.indicators))
    parts.append(f"<h2>六、界址点坐标表</h2><p class='meta'>{_esc(d.crs_zh)}；精度 {d.precision:g} 米；"
                 f"界址点 {d.point_count} 个，J1 起于西北角，顺时针编号；末行为闭合点。</p>"
                 + _table(("点号", "X（北）/米", "Y（东）/米", "边长/米"), d.points, (1, 2, 3)))
    parts.append("<h2>七、数据来源</h2>" + _table(("资料", "版本与说明"), d.sources))
    if d.notes:
        parts.append("<p class='meta'>" + "<br>".join(_esc(n) for n in d.notes) + "</p>")
    parts.append("</section>")
    return "".join(parts)


def render_html(dossiers: list[Dossier], *, title: str | None = None) -> str:
    title = title or (dossiers[0].title if len(dossiers) == 1 else "拍前体检报告")
    body = "".join(dossier_html_body(d) for d in dossiers)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{_esc(title)}</title>'
            f"<style>{_CSS}</style></head><body>{body}</body></html>")


def write_html(dossiers: list[Dossier], path) -> None:
    from ..fsutil import atomic_output

    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(render_html(dossiers))


# ------------------------------------------------------------------------------------------ batch summary
SUMMARY_HEADERS = ("序号", "地块编号", "地块名称", "生命周期阶段", "结论", "不通过的事项", "须补充的事项",
                   "椭球面积/平方米", "平面面积/平方米", "面积/亩", "东至", "南至", "西至", "北至")


def summary_rows(results) -> list[tuple]:
    rows = []
    for n, r in enumerate(results, 1):
        rows.append((n, r.id, r.name, "" if r.record is None else r.record.stage.value, r.verdict,
                     "；".join(f"{i.label}：{i.reason}" for i in r.items if i.status == "fail"),
                     "；".join(f"{i.label}：{i.reason}" for i in r.items if i.status == "unknown"),
                     round(r.ellipsoidal_area_m2, 2), round(r.area_m2, 2), round(r.area_m2 / SQM_PER_MU, 4),
                     *(r.sizhi[d].text for d in ("东至", "南至", "西至", "北至"))))
    return rows


def write_summary_xlsx(results, path, *, title: str = "拍前体检汇总表") -> None:
    """One row per parcel (the batch's summary table), printable on A4 landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from ..fsutil import atomic_output

    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append([title])
    ws["A1"].font = Font(size=14, bold=True)
    ws.append(list(SUMMARY_HEADERS))
    thin = Side(style="thin", color="777777")
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEE8E0")
        cell.border = Border(thin, thin, thin, thin)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    colours = {"可以出让": "1E7B34", "不可出让": "C00000", "需补充": "B36B00"}
    for row in summary_rows(results):
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            cell.border = Border(thin, thin, thin, thin)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(ws.max_row, 5).font = Font(bold=True, color=colours.get(row[4], "000000"))
        for col in (8, 9):
            ws.cell(ws.max_row, col).number_format = "#,##0.00"
        ws.cell(ws.max_row, 10).number_format = "#,##0.0000"
    for col, width in zip("ABCDEFGHIJKLMN", (5, 14, 30, 10, 9, 40, 40, 14, 14, 11, 18, 18, 18, 18), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "C3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
    with atomic_output(path) as tmp:
        wb.save(tmp)
