"""Build the web map page (one self-contained HTML file) from a project."""

from __future__ import annotations

import datetime as _dt
import json
import math
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..core.analysis.rules import status_label
from ..core.crs import legacy_datum
from ..core.errors import ParkgisError, UsageError
from ..core.feedback import Cancelled, Feedback, ensure_feedback
from ..core.fsutil import atomic_output
from ..core.layers import VectorLayer
from ..core.resources import resource_path
from ..core.roles import ROLE_LABELS_ZH, Role
from ..core.styles import default_style
from . import content as C
from .assets import inline_links
from .basemaps import resolve_basemaps
from .encode import Q, encode_geometries, lonlat_bounds, to_lonlat
from .safety import external_references, html_text, script_json

COLOUR_BY = ("status", "lifecycle", "landuse", "idle", "grade")
#: layers with more features than this draw on a canvas in the page (SVG: one DOM path per feature)
CANVAS_THRESHOLD = 8000
PX_PER_MM = 96.0 / 25.4

#: layer panel groups, in panel order
GROUPS: list[tuple[str, tuple[Role, ...]]] = [
    ("地块", (Role.PARCELS,)),
    ("园区", (Role.PARK,)),
    ("三区三线", (Role.ECO_REDLINE, Role.FARMLAND, Role.UDB, Role.ZONES)),
    ("现状与参考", (Role.LANDUSE, Role.REFERENCE)),
]
#: popup title fields per role (the first present ones are used)
TITLE_FIELDS: dict[Role, tuple[str, ...]] = {
    Role.PARK: ("YQMC", "园区名称", "name", "NAME", "MC"),
    Role.ECO_REDLINE: ("HXMC", "名称", "name", "NAME", "MC"),
    Role.FARMLAND: ("TBBH", "BSM", "DLMC"),
    Role.UDB: ("XZQMC", "名称", "name", "NAME"),
    Role.ZONES: ("KJLX", "SQMC", "名称", "name", "NAME", "MC"),
    Role.LANDUSE: ("TBBH", "DLMC"),
    Role.REFERENCE: ("名称", "name", "NAME", "MC", "id", "ID"),
}


@dataclass
class WebMap:
    """The rendered page and what the caller should know about it."""

    html: str
    warnings: list[str] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    layers: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------- styles

def _theme_extras() -> dict:
    path = resource_path("styles", "theme_sanqu_sanxian.json")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _css_colour(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        h = value.strip().lstrip("#")
        if len(h) == 8:
            r, g, b, a = (int(h[i:i + 2], 16) for i in (0, 2, 4, 6))
            return f"rgba({r},{g},{b},{a / 255:.3f})"
        return "#" + h[:6]
    vals = [int(v) for v in value]
    if len(vals) == 4:
        return f"rgba({vals[0]},{vals[1]},{vals[2]},{vals[3] / 255:.3f})"
    return "#{:02x}{:02x}{:02x}".format(*vals[:3])


def page_style(layer: VectorLayer, theme: dict) -> dict:
    """The Leaflet path style of a layer: its project style (ROLE_THEME by default) plus the display
    extras of the 三区三线 theme (hatching of the red line, casing under UDB and park lines)."""
    style = dict(default_style(layer.role))
    style.update(layer.style or {})
    extras = dict((theme.get("roles") or {}).get(layer.role.value, {}))
    extras.update({k: v for k, v in (layer.style or {}).items() if k in ("hatch", "hatch_color", "casing",
                                                                           "casing_width")})
    fill = _css_colour(style.get("fill"))
    opacity = float(style.get("fill_opacity", 0.5) or 0.0)
    out = {
        "color": _css_colour(style.get("outline")) or "#555555",
        "weight": round(max(0.8, float(style.get("outline_width", 0.26)) * PX_PER_MM), 2),
        "opacity": 1,
        "fill": bool(fill) and opacity > 0,
        "fillColor": fill or "#000000",
        "fillOpacity": opacity,
    }
    if style.get("dash"):
        out["dashArray"] = "8 4"
    if extras.get("hatch") and out["fill"]:
        out["hatch"] = str(extras["hatch"])
        out["hatchColor"] = _css_colour(extras.get("hatch_color")) or out["color"]
    if extras.get("casing"):
        out["casing"] = _css_colour(extras["casing"])
        out["casingWidth"] = round(float(extras.get("casing_width", 4.0)) + out["weight"], 2)
    return out


# ---------------------------------------------------------------------------------- check

def _run_check(layer: VectorLayer, project, ruleset, warnings: list[str], feedback: Feedback):
    from ..core.analysis import ConflictIndex, constraint_layers

    try:
        import shapely

        index = ConflictIndex(layer, constraint_layers(project), ruleset)
        feedback.check_cancelled()
        result = index.run(feedback)
    except Cancelled:
        raise
    except (ParkgisError, shapely.errors.GEOSException) as exc:
        warnings.append(f"{layer.name}: the conflict check could not run ({exc}); parcels shown as 未审查")
        return None
    warnings.extend(f"{layer.name}: {w}" for w in result.warnings)
    return result


# ---------------------------------------------------------------------------------- layers

def _field_selection(fields, layer: VectorLayer) -> list[tuple[str, str]] | None:
    """(column, label) pairs chosen by the caller for this layer, or None for the default."""
    if fields is None:
        return None
    spec = fields
    if isinstance(fields, Mapping) and fields and all(not isinstance(v, str) for v in fields.values()):
        if layer.name not in fields:
            return None
        spec = fields[layer.name]
    if isinstance(spec, Mapping):
        pairs = [(str(k), str(v)) for k, v in spec.items()]
    elif isinstance(spec, str):
        pairs = [(spec, C.field_label(spec))]
    else:
        pairs = [(str(k), C.field_label(str(k))) for k in spec]
    return [(col, label) for col, label in pairs if col in layer.gdf.columns and col != layer.gdf.geometry.name]


def _layer_data(layer: VectorLayer, *, theme: dict, fields, result, simplify_m: float, warnings: list[str],
                counts: dict[str, dict[str, int]], used: set[str], register=None) -> tuple[dict, np.ndarray] | None:
    gdf = layer.gdf
    if gdf.crs is None:
        warnings.append(f"{layer.name}: no CRS, left out of the web map (assign a CRS first)")
        return None
    legacy = legacy_datum(gdf.crs)
    if legacy:
        # PROJ knows no published Xian 1980 / Beijing 1954 → WGS 84 parameters: only the ellipsoid changes
        warnings.append(f"{layer.name}: on the {legacy} datum ({gdf.crs.name}), drawn without datum transformation "
                        "parameters: it may lie tens of metres or more off the base map and off CGCS2000 layers")
    geom_col = gdf.geometry.name
    columns = [c for c in gdf.columns if c != geom_col]
    chosen = _field_selection(fields, layer)
    pairs = chosen if chosen is not None else [(c, C.field_label(str(c))) for c in columns]
    is_parcels = layer.role == Role.PARCELS
    titles_cols: list[str] = []
    if is_parcels:
        from ..core.analysis.engine import ID_FIELDS, NAME_FIELDS

        id_col = (result.id_field if result is not None and result.id_field in gdf.columns else None) or \
            C.detect_field(columns, ID_FIELDS)
        name_col = C.detect_field(columns, NAME_FIELDS)
        titles_cols = [c for c in (id_col, name_col) if c]
    else:
        found = C.detect_field(columns, TITLE_FIELDS.get(layer.role, TITLE_FIELDS[Role.REFERENCE]))
        titles_cols = [found] if found else []
    # every column the page needs: shown fields plus title fields
    needed = list(dict.fromkeys([*titles_cols, *(c for c, _ in pairs)]))
    labels = {c: lbl for c, lbl in pairs}
    field_labels = [labels.get(c, C.field_label(str(c))) for c in needed]
    title_idx = [needed.index(c) for c in titles_cols]
    indicator_cols = []
    if is_parcels:
        for candidates, label in C.INDICATORS:
            col = C.detect_field(needed, candidates)
            if col and col not in indicator_cols:
                indicator_cols.append(col)
                # the caller's alias wins; by default the indicator's full name with its bound (≥/≤)
                field_labels[needed.index(col)] = labels[col] if chosen is not None and col in labels else label
    # the 标准地 register (when the project has one and it covers this layer) gives the stage, the idle status,
    # the grade and the popup's register fields; the loose attributes stay for features off the register
    records = None
    if is_parcels and register is not None:
        records = [register.record(layer.id, fid) for fid in gdf.index]
        if not any(r is not None for r in records):
            records = None
    shown = [c for c, _ in pairs]
    sections = []
    register_index: list[int] = []
    if records is not None:
        from . import register as R

        # a popup field the caller hid (its layer column left out of ``fields``) stays hidden from the register
        hidden = R.hidden_fields(columns, shown) if chosen is not None else (set(), set())
        reg_popup = [(label, attr) for label, attr in R.POPUP_FIELDS if attr not in hidden[0]]
        reg_indicators = [d for d in R.INDICATORS if d.code not in hidden[1]]
        base = len(needed)
        # the stage and the idle status first: what the popup is opened for
        lead = 1 if reg_popup and reg_popup[0][1] == "stage" else 0
        labels_ = [label for label, _attr in reg_popup[:lead]] + list(R.IDLE_FIELDS) + \
            [label for label, _attr in reg_popup[lead:]] + R.indicator_labels(reg_indicators)
        field_labels = field_labels + labels_
        register_index = list(range(base, base + len(labels_)))
        n_fields = len(reg_popup) + len(R.IDLE_FIELDS)
        sections.append({"title": "标准地台账", "fields": register_index[:n_fields]})
        sections.append({"title": "标准地控制指标", "fields": register_index[n_fields:]})
    if indicator_cols:
        sections.append({"title": "标准地控制指标", "fields": [needed.index(c) for c in indicator_cols if c in shown]})
    rest = [needed.index(c) for c in shown if c not in indicator_cols and c not in titles_cols]
    if rest:
        sections.append({"title": "属性", "fields": rest})

    lonlat = to_lonlat(gdf.geometry.values, gdf.crs, simplify_m=simplify_m)
    encoded = encode_geometries(lonlat)
    values_by_col = {c: [C.format_value(v) for v in gdf[c].tolist()] for c in needed}

    schemes: list[str] = []
    lifecycle_col = landuse_col = None
    if is_parcels:
        schemes.append("status")
        lifecycle_col = C.detect_field(columns, C.LIFECYCLE_FIELDS)
        landuse_col = C.detect_field(columns, C.LANDUSE_FIELDS)
        if lifecycle_col or records is not None:
            schemes.append("lifecycle")
        if landuse_col:
            schemes.append("landuse")
        if records is not None:
            schemes += ["idle", "grade"]
    elif layer.role == Role.LANDUSE:
        landuse_col = C.detect_field(columns, C.LANDUSE_FIELDS)
        if landuse_col:
            schemes.append("landuse")
    used.update(schemes)
    tables = C.scheme_tables()
    class_index = {name: {cls["key"]: i for i, cls in enumerate(tables[name]["classes"])} for name in tables}
    lifecycle_values = [C.format_value(v) for v in gdf[lifecycle_col].tolist()] if lifecycle_col else None
    landuse_values = [C.format_value(v) for v in gdf[landuse_col].tolist()] if landuse_col else None

    # a layer coloured by a field in the desktop (三区 by zone type, any layer by a column) keeps its
    # colours; parcels have the switchable schemes above instead
    cats, cat_of = _layer_categories(layer, gdf) if not is_parcels else (None, None)

    features = []
    dropped = 0
    for i, g in enumerate(encoded):
        if g is None:
            dropped += 1
            continue
        feat: dict = {"g": g, "v": [values_by_col[c][i] for c in needed]}
        record = records[i] if records is not None else None
        if records is not None:
            reg_fields, reg_idle, reg_bounds = R.popup_values(record, register, reg_popup, reg_indicators)
            if record is not None:   # the register's indicators replace the layer's loose ones
                for c in indicator_cols:
                    feat["v"][needed.index(c)] = None
            feat["v"] += reg_fields[:lead] + reg_idle + reg_fields[lead:] + reg_bounds
        if cat_of is not None and cat_of[i] >= 0:
            feat["k"] = cat_of[i]
        if schemes:
            keys = {}
            if "status" in schemes:
                pr = result.parcels[i] if result is not None else None
                keys["status"] = pr.status if pr is not None else C.STATUS_UNCHECKED[0]
            if "lifecycle" in schemes:
                keys["lifecycle"] = C.lifecycle_stage(lifecycle_values[i] if lifecycle_values else None)
            if records is not None:
                keys.update(R.scheme_keys(record, register))
            if "landuse" in schemes:
                keys["landuse"] = C.landuse_class(landuse_values[i]) or "other"
            feat["c"] = [class_index[name].get(keys[name], -1) if name in keys else -1 for name in C.SCHEME_ORDER]
            for name, key in keys.items():
                counts.setdefault(name, {})
                counts[name][key] = counts[name].get(key, 0) + 1
        if is_parcels:
            pr = result.parcels[i] if result is not None else None
            if pr is not None:
                # an area that cannot be computed is null (the popup leaves it out), never NaN:
                # the page's JSON is strict
                x: dict = {"s": pr.status, "a": [_known(pr.area_m2, 2), _known(pr.ellipsoidal_area_m2, 2)]}
                x["k"] = [[_rule_label(result, c.rule), c.severity, round(c.area_m2, 2), round(c.share, 6),
                           None if c.net_area_m2 is None else round(c.net_area_m2, 2)] for c in pr.conflicts]
                if pr.slivers:
                    x["n"] = len(pr.slivers)
                feat["x"] = x
        features.append(feat)
    if dropped:
        warnings.append(f"{layer.name}: {dropped} feature(s) without a drawable geometry left out")
    data = {
        "name": layer.name,
        "role": layer.role.value,
        "roleLabel": ROLE_LABELS_ZH.get(layer.role, layer.role.value),
        "visible": bool(layer.visible),
        "style": page_style(layer, theme),
        "fields": field_labels,
        "title": title_idx,
        "sections": sections,
        "search": layer.role in (Role.PARCELS, Role.PARK),
        "hover": is_parcels,
        "label": is_parcels,
        "features": features,
    }
    if schemes:
        data["schemes"] = schemes
    if cats:
        data["categories"] = cats
    return data, lonlat


def _layer_categories(layer: VectorLayer, gdf) -> tuple[list[dict] | None, list[int] | None]:
    """The layer's categorized fills as the page draws them: classes (label, fill, count) and each
    feature's class (-1: the layer's own fill)."""
    from ..core.styles import category_index, category_label

    spec = (layer.style or {}).get("categorized") or {}
    colours = spec.get("colors") or {}
    if spec.get("field") not in gdf.columns or not colours:
        return None, None
    index = category_index(gdf, spec)
    counts = np.bincount(index[index >= 0], minlength=len(colours)).tolist()
    classes = [{"label": category_label(spec, k), "fill": _css_colour(c) or "#cccccc", "count": n}
               for (k, c), n in zip(colours.items(), counts, strict=True)]
    return classes, index.tolist()


def _rule_label(result, rule: str) -> str:
    ruleset = getattr(result, "ruleset", None)
    for r in getattr(ruleset, "rules", ()):
        if r.name == rule:
            return r.label
    return rule


# ---------------------------------------------------------------------------------- page

def render_webmap(project, *, layers: Sequence[str] | None = None, basemap: str | None = "none",
                  tianditu_key: str | None = None, colour_by: str = "status", title: str | None = None,
                  fields=None, simplify_m: float = 0.1, check: bool = True, ruleset=None,
                  generated: str | None = None, renderer: str = "auto", feedback: Feedback | None = None,
                  as_of: _dt.date | None = None) -> WebMap:
    """Render the web map of ``project`` (a :class:`~parkgis.core.project.Project` or a path).

    Parameters
    ----------
    layers
        Layer names to include (default: all, in draw order).
    basemap
        ``"none"`` (default; the page makes no request to any other host), ``"tianditu"`` (needs
        ``tianditu_key``), ``"osm"`` or a tile URL with ``{z}/{x}/{y}``.
    colour_by
        How parcels are coloured at first: ``"status"`` (合规状态, runs the conflict check),
        ``"lifecycle"`` (生命周期阶段), ``"landuse"`` (用地用海), ``"idle"`` (闲置土地状态) or ``"grade"`` (亩均等级);
        the page can switch. Stage, idle status and grade come from the project's 标准地 register (the loose
        lifecycle attribute only when the project has no register).
    fields
        Popup fields: a list of column names, a ``{column: 中文别名}`` mapping, or a mapping
        ``{layer name: list or mapping}``; default all columns with known Chinese aliases.
    as_of
        The date the idle-land status is evaluated on (default: today).
    renderer
        ``"svg"``, ``"canvas"`` or ``"auto"`` (canvas for layers above ``CANVAS_THRESHOLD``
        features: they open faster; hatching needs SVG).
    feedback
        Progress out (the check, each layer, the page) and a cancel request in: a cancelled run
        raises :class:`~parkgis.core.feedback.Cancelled` and returns nothing.
    """
    import folium
    from folium.plugins import Fullscreen

    from ..core.project import Project

    if not isinstance(project, Project):
        project = Project.open(project)
    if renderer not in ("auto", "svg", "canvas"):
        raise UsageError(f"renderer must be auto, svg or canvas, not {renderer!r}")
    if colour_by not in COLOUR_BY:
        raise UsageError(f"colour_by must be one of {', '.join(COLOUR_BY)}, not {colour_by!r}")
    bases = resolve_basemaps(basemap, tianditu_key)
    selected = [project.layer(n) for n in layers] if layers else list(project.layers)
    if not selected:
        raise UsageError("the project has no layers to show")
    warnings: list[str] = list(project.warnings)
    theme = _theme_extras()

    feedback = ensure_feedback(feedback)
    to_check = [lyr for lyr in selected if lyr.role == Role.PARCELS and check]
    checked_until = 0.4 if to_check else 0.0   # the check, the layers' data, then the page
    results = {}
    for k, lyr in enumerate(to_check):
        step = checked_until / len(to_check)
        results[lyr.name] = _run_check(lyr, project, ruleset, warnings, feedback.part(k * step, (k + 1) * step))

    from .register import register_info

    register = register_info(project, as_of or _dt.date.today(), warnings)
    counts: dict[str, dict[str, int]] = {}
    used: set[str] = set()
    layer_data = []
    all_lonlat = []
    sizes = np.cumsum([len(lyr.gdf) + 1 for lyr in selected]) / (sum(len(lyr.gdf) + 1 for lyr in selected))
    for k, lyr in enumerate(selected):
        feedback.check_cancelled()
        feedback.set_progress(checked_until + (0.85 - checked_until) * (sizes[k - 1] if k else 0.0),
                              f"图层 {lyr.name}")
        built = _layer_data(lyr, theme=theme, fields=fields, result=results.get(lyr.name), simplify_m=simplify_m,
                            warnings=warnings, counts=counts, used=used, register=register)
        if built is None:
            continue
        data, lonlat = built
        if renderer == "canvas" or (renderer == "auto" and len(data["features"]) > CANVAS_THRESHOLD):
            data["canvas"] = True
        layer_data.append(data)
        all_lonlat.append(lonlat)
    if not layer_data:
        raise UsageError("none of the chosen layers can be drawn (no CRS or no geometry)")

    tables = C.scheme_tables()
    for name, table in tables.items():
        for cls in table["classes"]:
            cls["count"] = counts.get(name, {}).get(cls["key"], 0)
        table["used"] = name in used
    scheme = colour_by if colour_by in used else next((s for s in C.SCHEME_ORDER if s in used), colour_by)
    if colour_by not in used and any(lyr.role == Role.PARCELS for lyr in selected):
        warnings.append(f"parcels cannot be coloured by {colour_by} (no such field); coloured by {scheme}")

    groups = []
    for gname, roles in GROUPS:
        members = [i for i, d in enumerate(layer_data) if Role(d["role"]) in roles]
        if members:
            groups.append({"name": gname, "layers": members})

    status_counts = counts.get("status", {})
    summary = {k: status_counts.get(k, 0) for k in (C.COMPLIANT, C.CONSTRAINED, C.PROHIBITED)}
    checked = any(r is not None for r in results.values())
    name = str(project.settings.get("name") or (project.path.stem if project.path else "园区"))
    page_title = title if title else f"{name} · 园区规划图"
    crs_text = str(project.settings.get("crs") or "")
    crs_label = crs_text if crs_text.startswith("EPSG:") else "自定义坐标系"
    day = generated or _dt.date.today().isoformat()
    subtitle_bits = [f"工程坐标系 CGCS2000 {crs_label}" if crs_label.startswith("EPSG:") else crs_label]
    if checked:
        rs_name = next((getattr(r.ruleset, "name", "") for r in results.values() if r is not None), "")
        subtitle_bits.append("合规性审查" + (f"：{rs_name}" if rs_name else ""))
    subtitle_bits.append(f"生成于 {day}")
    warning_text = next((b.warning for b in bases if b.warning), None)
    if warning_text:
        warnings.append("the base map uses GCJ-02/BD-09 coordinates: survey data appears offset by hundreds of metres")

    bounds = lonlat_bounds(np.concatenate(all_lonlat)) if all_lonlat else None
    data = {
        "title": page_title,
        "subtitle": " · ".join(subtitle_bits),
        "q": Q,
        "bounds": bounds,
        "basemaps": [b.to_data(i == 0) for i, b in enumerate(bases)],
        "warning": warning_text,
        "groups": groups,
        "layers": layer_data,
        "schemes": tables,
        "schemeOrder": list(C.SCHEME_ORDER),
        "scheme": scheme,
        "statusLabels": {**C.STATUS_LABELS, C.STATUS_UNCHECKED[0]: C.STATUS_UNCHECKED[1]},
        "severityLabels": C.SEVERITY_LABELS,
        "summary": [[k, status_label(k, short=True), summary[k]] for k in summary] if checked else [],
        "coordNote": "CGCS2000 ≈ WGS84",
    }

    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2] if bounds else [39.6, 109.8]
    fmap = folium.Map(location=centre, zoom_start=12, tiles=None, max_zoom=20, control_scale=False,
                      zoom_control=True, prefer_canvas=False)
    fullscreen = Fullscreen(position="topleft", title="全屏显示", title_cancel="退出全屏")
    fullscreen.add_to(fmap)
    feedback.check_cancelled()
    feedback.set_progress(0.85, "生成网页")
    slots = _Slots()
    page = _Page(slots.put(html_text(page_title)), slots.put(script_json(data)), has_warning=bool(warning_text))
    fmap.add_child(page)
    js, css = inline_links([fmap, fullscreen])
    page.assets_js, page.assets_css = [slots.put(t) for t in js], [slots.put(t) for t in css]
    html = slots.fill(fmap.get_root().render())
    html = html.replace("<html>", '<html lang="zh-CN">', 1)
    if not bases:
        external = external_references(html)
        if external:  # a programming error: something bypassed the vendored assets
            raise RuntimeError(f"the offline page refers to other hosts: {', '.join(external[:5])}")
    feedback.set_progress(1.0, "完成")
    return WebMap(html=html, warnings=warnings, summary=summary if checked else {},
                  layers=[d["name"] for d in layer_data])


def export_webmap(project, out_path, *, layers: Sequence[str] | None = None, basemap: str | None = "none",
                  tianditu_key: str | None = None, colour_by: str = "status", title: str | None = None,
                  fields=None, **options) -> Path:
    """Write the web map of ``project`` to ``out_path`` (one self-contained HTML file, written
    atomically) and return the path. See :func:`render_webmap` for the arguments.

    >>> from parkgis.webmap import export_webmap                    # doctest: +SKIP
    >>> export_webmap("layers/ordos_sample.gpkg", "map.html")       # doctest: +SKIP
    """
    result = render_webmap(project, layers=layers, basemap=basemap, tianditu_key=tianditu_key,
                           colour_by=colour_by, title=title, fields=fields, **options)
    out = Path(out_path)
    with atomic_output(out) as tmp:
        Path(tmp).write_text(result.html, encoding="utf-8")
    return out


class _Slots:
    """Text that must reach the page verbatim: the data, the title, the inlined assets.

    branca renders each element and then compiles the result as a Jinja template again, so a value
    written into a template would be *evaluated* — a parcel named ``{{ 7*7 }}`` became 49, and
    Jinja can reach Python from there. The templates hold only a random key per text; the texts go
    in after rendering, in one pass that never looks at what it inserts."""

    def __init__(self) -> None:
        self._prefix = f"pk-slot-{secrets.token_hex(12)}-"
        self._texts: list[str] = []

    def put(self, text: str) -> str:
        self._texts.append(text)
        return f"{self._prefix}{len(self._texts) - 1}."

    def fill(self, rendered: str) -> str:
        seen: list[int] = []

        def text(m: re.Match[str]) -> str:
            seen.append(int(m.group(1)))
            return self._texts[int(m.group(1))]

        out = re.sub(re.escape(self._prefix) + r"(\d+)\.", text, rendered)
        if sorted(seen) != list(range(len(self._texts))):  # a programming error: a slot lost or doubled
            raise RuntimeError(f"page slots filled {sorted(seen)} of {len(self._texts)}")
        return out


def _page_element():
    """The folium element holding the inlined assets, the header bar, the data and the start call
    (a class built on first use so that importing this module does not import folium)."""
    from branca.element import MacroElement
    from folium.template import Template

    class Page(MacroElement):
        _template = Template("""
{% macro header(this, kwargs) %}
<meta charset="utf-8">
<title>{{ this.title_html }}</title>
{% for css in this.assets_css %}<style>
{{ css }}
</style>
{% endfor %}{% for js in this.assets_js %}<script>
{{ js }}
</script>
{% endfor %}
{% endmacro %}
{% macro html(this, kwargs) %}
<div id="pk-header" role="banner"></div>
<div id="pk-warning" role="alert"></div>
<script type="application/json" id="pk-data">{{ this.data_json }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
{% if this.has_warning %}document.body.classList.add('pk-has-warning');{% endif %}
window.parkgisWebmap.init({{ this._parent.get_name() }}, 'pk-data');
{% endmacro %}
""")

        def __init__(self, title: str, data_json: str, has_warning: bool) -> None:  # slot keys, not texts
            super().__init__()
            self._name = "ParkgisPage"
            self.title_html = title
            self.data_json = data_json
            self.has_warning = has_warning
            self.assets_js: list[str] = []
            self.assets_css: list[str] = []

    return Page


def _Page(title: str, data_json: str, *, has_warning: bool):
    return _page_element()(title, data_json, has_warning)


def _known(value: float, digits: int) -> float | None:
    return round(value, digits) if math.isfinite(value) else None
