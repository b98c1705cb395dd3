"""DXF from CAD (设计院红线图, 勘测定界图): parcels as polygons, labels attached, CAD layers kept.

What comes out (each a :class:`VectorLayer`, present only when it has features):

- ``面`` — polygons: closed LWPOLYLINE / POLYLINE / CIRCLE / closed SPLINE or ELLIPSE, HATCH
  boundaries (holes assembled by even-odd containment, as CAD fills them), and faces polygonised
  from loose LINE / ARC / open-polyline pieces (outlines drawn segment by segment, as many CAD plans
  are). Columns: ``CAD_LAYER``, ``ENTITY``, ``HANDLE``, ``SOURCE`` (closed / hatch / polygonized),
  ``LABEL`` (TEXT / MTEXT / ATTRIB inside the polygon; the smallest polygon holding it wins).
- ``线`` — open linework that closed no face; ``注记`` — the texts as points; ``点`` — POINT entities.

Arcs (polyline bulges, ARC, CIRCLE, ELLIPSE, SPLINE, hatch edges) are densified so that no chord is
further than ``chord_tolerance`` (default 0.01 drawing units, 1 cm in a survey drawing in metres)
from the true curve. Zone-prefixed coordinates (X = 40 585 xxx) are recognised as CGCS2000 GK.

**Why ezdxf and not GDAL's DXF driver.** Both were compared on the real files in
``shared/realdata/dxf_cad``. GDAL (through pyogrio) linearises arcs with a fixed angular step
(``OGR_ARC_STEPSIZE``, 4°), so the deviation from the arc grows with the radius and no chord tolerance
can be promised; it returns closed polylines as LineStrings, not polygons, and would have to be read
once more for anything it does not expose. ezdxf hands us the entities themselves, so every curve is
flattened to a sagitta bound, hatch edge paths (clockwise arcs, ellipses, splines) keep their shape,
and text, layers and blocks are at hand. ezdxf has one blind spot that GDAL does not:
a file with an ENTITIES section but no HEADER (``gdal_closed_polyline_with_bulge.dxf``) is taken for
R12, where subclass markers do not exist, and the group codes after ``100 AcDbPolyline`` — the layer
and the *closed* flag — are silently dropped. We detect that case (no ``$ACADVER`` but ``AcDb``
subclass markers present) and prepend a minimal R2000 header before handing the text to ezdxf;
the tests check the result against GDAL's reading of the same file.

Text encoding: ``$DWGCODEPAGE`` (ANSI_936 → GBK) for files before R2007, UTF-8 from R2007 on; an
undeclared or ANSI_1252 code page whose bytes are not plain ASCII is checked: valid UTF-8 is read as
UTF-8, otherwise GB18030 when it decodes (Chinese CAD saved on a machine set to another locale).
"""

from __future__ import annotations

import codecs
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from ..crs import CGCS2000_GEOGRAPHIC, CrsGuess, gk_zone_of_epsg, infer_crs_from_bounds, to_crs
from ..errors import DataError, UsageError
from ..fsutil import atomic_output
from ..layers import Provenance, VectorLayer
from ..roles import ROLE_LABELS_ZH, Role, guess_role
from .coordtxt import ERROR, INFO, WARNING, Finding
from .encoding import decode_text
from .registry import Format, ReadOptions, WriteOptions, register_format

#: key of this format's data in ``Provenance.metadata``
METADATA_KEY = "dxf"
#: default maximum distance between a curve and its chords, in drawing units (metres in survey DXF)
CHORD_TOLERANCE = 0.01
POLYGONS, LINES, LABELS, POINTS = "面", "线", "注记", "点"
OUTPUT_LAYERS = (POLYGONS, LINES, LABELS, POINTS)
_MAX_BLOCK_DEPTH = 8


@dataclass
class DxfResult:
    """Everything read from one DXF: layers, findings and how the file was decoded."""

    path: Path
    layers: list[VectorLayer] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    encoding: str = "cp1252"
    encoding_source: str = "default"
    version: str = ""
    cad_layers: list[str] = field(default_factory=list)
    #: per output layer, the DXF line of each feature's entity (row-aligned, so not kept in the layer:
    #: it goes stale with the first edit, and pandas deep-copies ``gdf.attrs`` on every operation)
    source_lines: dict[str, list[int | None]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def source_metadata(self, chord_tolerance: float) -> dict:
        """What the import decided about the whole file, as JSON-ready data, kept in
        ``Provenance.metadata["dxf"]``: the chord tolerance curves were densified to (drawing units),
        the DXF version and the CAD layers the file holds (to offer them again on re-import)."""
        return {"chord_tolerance": chord_tolerance, "version": self.version, "cad_layers": list(self.cad_layers)}


@dataclass
class _Item:
    geom: object
    cad_layer: str
    entity: str
    handle: str
    line: int | None
    text: str | None = None
    closed: bool = False
    source: str = ""


# --------------------------------------------------------------------------------------------------
# raw text: decoding, entity line numbers, header repair


def _raw_pairs(text: str) -> Iterable[tuple[int, str, str]]:
    """(line number of the group code, code, value) for an ASCII DXF."""
    lines = text.splitlines()
    for i in range(0, len(lines) - 1, 2):
        yield i + 1, lines[i].strip(), lines[i + 1]


def _entity_lines(text: str) -> tuple[dict[str, int], list[int], int | None]:
    """Line numbers of top-level entities in ENTITIES: by handle, in file order, and the section's."""
    by_handle: dict[str, int] = {}
    in_order: list[int] = []
    section_line = None
    in_entities = expecting_name = False
    current: int | None = None
    depth_sub = False  # inside a POLYLINE's VERTEX run or an INSERT's ATTRIB run
    for lineno, code, value in _raw_pairs(text):
        value = value.strip()
        if code == "0" and value == "SECTION":
            expecting_name = True
            continue
        if expecting_name and code == "2":
            in_entities = value == "ENTITIES"
            if in_entities:
                section_line = lineno
            expecting_name = False
            continue
        if not in_entities:
            continue
        if code == "0":
            if value == "ENDSEC":
                in_entities = False
                continue
            if value in ("VERTEX", "ATTRIB") and depth_sub:
                current = None
                continue
            if value == "SEQEND":
                depth_sub = False
                current = None
                continue
            depth_sub = value in ("POLYLINE", "INSERT")
            current = lineno
            in_order.append(lineno)
        elif code == "5" and current is not None:
            by_handle.setdefault(value, current)
    return by_handle, in_order, section_line


def _header_value(text: str, name: str) -> str | None:
    m = re.search(r"^\s*9\s*\r?\n\s*\$" + re.escape(name[1:]) + r"\s*\r?\n\s*\d+\s*\r?\n([^\r\n]*)", text, re.M)
    return m.group(1).strip() if m else None


def _decode(data: bytes, explicit: str | None) -> tuple[str, str, str]:
    """(text, encoding, source) of an ASCII DXF: an explicit choice or a BOM first, then what the
    header says (R2007+ is UTF-8; older files name their code page in $DWGCODEPAGE), then detection."""
    if explicit or data.startswith(codecs.BOM_UTF8):
        return decode_text(data, explicit)
    ascii_head = data[:65536].decode("ascii", errors="replace")
    version = _header_value(ascii_head, "$ACADVER") or ""
    if version >= "AC1021":  # R2007 and later store text as UTF-8
        return data.decode("utf-8", errors="replace"), "utf-8", "dxf-version"
    codepage = (_header_value(ascii_head, "$DWGCODEPAGE") or "").upper()
    from ezdxf.tools.codepage import toencoding

    if codepage and codepage != "ANSI_1252":
        encoding = toencoding(codepage)
        return data.decode(encoding, errors="replace"), encoding, "dwgcodepage"
    if data.isascii():
        return data.decode("ascii"), "cp1252", "dwgcodepage" if codepage else "default"
    return decode_text(data)


def _ring_or_line(item, coords: list, closed: bool, polygons: list, open_lines: list) -> None:
    """File a flattened entity as a closed ring (declared closed, or ending where it starts) or, if
    it makes no valid ring, as an open line for polygonising with the loose pieces."""
    if len(coords) >= 2 and (closed or (len(coords) > 3 and coords[0] == coords[-1])):
        ring = _ring(coords)
        if ring is not None:
            item.geom, item.source = ring, "closed"
            polygons.append(item)
            return
    if len(coords) >= 2:
        item.geom = LineString(coords)
        open_lines.append(item)


_MINIMAL_HEADER = "  0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n  1\nAC1015\n  0\nENDSEC\n"


def _load(path: Path, data: bytes, encoding: str | None, result: DxfResult):
    import ezdxf
    from ezdxf.lldxf.const import DXFError

    if data.startswith(b"AutoCAD Binary DXF"):
        try:
            doc = ezdxf.readfile(str(path))
        except (DXFError, OSError, ValueError) as exc:
            raise DataError(path, f"not a readable binary DXF: {exc}") from None
        result.encoding, result.encoding_source, result.version = "binary", "binary", doc.dxfversion
        return doc, ""
    try:
        text, enc, source = _decode(data, encoding)
    except DataError as exc:
        raise DataError(path, exc.problem) from None
    result.encoding, result.encoding_source = enc, source
    # a text stream is not opened with universal newlines here: CRLF files would keep "\r" in values
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "$ACADVER" not in text[:65536] and re.search(r"^\s*100\s*\r?\n\s*AcDb", text, re.M):
        # no HEADER: ezdxf would assume R12 and drop every group code after a subclass marker
        text = _MINIMAL_HEADER + text
        result.findings.append(Finding(INFO, "dxf_no_header",
                                       "the DXF has no HEADER section; read as DXF R2000 (its entities carry "
                                       "subclass markers)", 1))
    try:
        doc = ezdxf.read(io.StringIO(text))
    except (DXFError, ValueError, IndexError, KeyError) as exc:
        raise DataError(path, f"not a readable DXF: {exc}") from None
    result.version = doc.dxfversion
    return doc, text


# --------------------------------------------------------------------------------------------------
# entities → geometry


def _flatten(entity, tol: float) -> list[tuple[float, float]]:
    from ezdxf import path as ezpath

    p = ezpath.make_path(entity)
    return [(v.x, v.y) for v in p.flattening(distance=tol, segments=4)]


def _text_of(entity) -> str:
    kind = entity.dxftype()
    if kind == "MTEXT":
        return entity.plain_text(split=False).strip()
    if hasattr(entity, "plain_text"):
        return entity.plain_text().strip()
    return str(entity.dxf.get("text", "")).strip()


def _text_point(entity) -> tuple[float, float]:
    kind = entity.dxftype()
    if kind == "MTEXT":
        v = entity.dxf.insert
        return v.x, v.y
    dxf = entity.dxf
    point = dxf.insert
    if (dxf.get("halign", 0) or dxf.get("valign", 0)) and dxf.hasattr("align_point"):
        point = dxf.align_point  # justified text is placed by its alignment point
    wcs = entity.ocs().to_wcs(point)
    return wcs.x, wcs.y


def _walk(entities, depth: int = 0) -> Iterable[tuple[object, object]]:
    """(entity, top-level entity it came from): INSERTs are exploded into their block's entities."""
    for e in entities:
        if e.dxftype() == "INSERT" and depth < _MAX_BLOCK_DEPTH:
            for attrib in e.attribs:
                yield attrib, e
            try:
                virtual = list(e.virtual_entities())
            except Exception:  # noqa: BLE001 — a broken block must not stop the import
                yield e, e
                continue
            for sub, _ in _walk(virtual, depth + 1):
                yield sub, e
        else:
            yield e, e


def _rings_even_odd(rings: list[Polygon]) -> list[Polygon]:
    """Shells and holes by containment: a ring inside an odd number of rings is a hole."""
    order = sorted(range(len(rings)), key=lambda i: -rings[i].area)
    parent: dict[int, int | None] = {}
    depth: dict[int, int] = {}
    placed: list[int] = []
    for i in order:
        holder = next((j for j in reversed(placed) if rings[j].covers(rings[i])), None)
        parent[i], depth[i] = holder, 0 if holder is None else depth[holder] + 1
        placed.append(i)
    return [Polygon(rings[i].exterior, [rings[k].exterior for k in order if parent[k] == i and depth[k] % 2])
            for i in order if depth[i] % 2 == 0]


def _ring(coords: list[tuple[float, float]]) -> Polygon | None:
    pts = [coords[0]]
    for c in coords[1:]:
        if c != pts[-1]:
            pts.append(c)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len({*pts}) < 3:
        return None
    poly = Polygon(pts)
    return poly if poly.area > 0 else None


def _collect(doc, tol: float, lines_of: dict[str, int], order_lines: list[int], cad_filter: set[str] | None,
             result: DxfResult) -> tuple[list[_Item], list[_Item], list[_Item], list[_Item]]:
    polygons: list[_Item] = []
    open_lines: list[_Item] = []
    texts: list[_Item] = []
    points: list[_Item] = []
    top_index: dict[int, int] = {}
    skipped: dict[str, int] = {}
    curved = 0
    for entity, top in _walk(doc.modelspace()):
        if id(top) not in top_index:
            top_index[id(top)] = len(top_index)
        handle = str(top.dxf.get("handle", ""))
        line = lines_of.get(handle)
        if line is None and top_index[id(top)] < len(order_lines) and not lines_of:
            line = order_lines[top_index[id(top)]]
        layer = str(entity.dxf.get("layer", "0"))
        if entity is not top and layer == "0":
            layer = str(top.dxf.get("layer", "0"))  # block content on layer 0 takes the INSERT's layer
        if cad_filter is not None and layer not in cad_filter:
            continue
        kind = entity.dxftype()
        item = _Item(None, layer, kind, handle, line)
        try:
            if kind in ("LWPOLYLINE", "POLYLINE"):
                if kind == "POLYLINE" and (entity.is_poly_face_mesh or entity.is_polygon_mesh):
                    skipped[kind + " mesh"] = skipped.get(kind + " mesh", 0) + 1
                    continue
                coords = _flatten(entity, tol)
                closed = entity.is_closed if kind == "POLYLINE" else entity.closed
                if kind == "LWPOLYLINE" and entity.has_arc or kind == "POLYLINE" and any(
                        v.dxf.get("bulge", 0) for v in entity.vertices):
                    curved += 1
                _ring_or_line(item, coords, closed, polygons, open_lines)
            elif kind == "LINE":
                s, e = entity.dxf.start, entity.dxf.end
                if (s.x, s.y) != (e.x, e.y):
                    item.geom = LineString([(s.x, s.y), (e.x, e.y)])
                    open_lines.append(item)
            elif kind in ("ARC", "CIRCLE", "ELLIPSE", "SPLINE"):
                curved += 1
                coords = _flatten(entity, tol)
                full = kind == "CIRCLE" or (kind == "SPLINE" and entity.closed) or (
                    kind == "ELLIPSE" and math.isclose(abs(entity.dxf.end_param - entity.dxf.start_param), math.tau))
                _ring_or_line(item, coords, full, polygons, open_lines)
            elif kind in ("HATCH", "MPOLYGON"):
                from ezdxf import path as ezpath

                curved += 1  # edge paths may hold arcs; polyline paths bulges
                rings = []
                for p in ezpath.from_hatch(entity):
                    coords = [(v.x, v.y) for v in p.flattening(distance=tol, segments=4)]
                    if len(coords) >= 3:
                        ring = _ring(coords)
                        if ring is not None:
                            rings.append(ring)
                parts = _rings_even_odd(rings)
                if parts:
                    geom = parts[0] if len(parts) == 1 else MultiPolygon(parts)
                    if not geom.is_valid:
                        # several "external" boundary paths that share edges (ezdxf_clockwise_arcs_hatch):
                        # the fill is their union
                        geom = shapely.union_all(parts)
                    item.geom = geom
                    item.source = "hatch"
                    polygons.append(item)
                else:
                    result.findings.append(Finding(WARNING, "empty_hatch", "HATCH without a usable boundary",
                                                   line))
            elif kind in ("TEXT", "MTEXT", "ATTRIB"):
                text = _text_of(entity)
                if text:
                    item.geom, item.text = Point(_text_point(entity)), text
                    texts.append(item)
            elif kind == "POINT":
                v = entity.dxf.location
                item.geom = Point(v.x, v.y)
                points.append(item)
            else:
                skipped[kind] = skipped.get(kind, 0) + 1
        except (ValueError, ZeroDivisionError, AttributeError) as exc:
            result.findings.append(Finding(WARNING, "bad_entity", f"{kind} could not be read: {exc}", line,
                                           handle or None))
    if curved:
        result.findings.append(Finding(INFO, "curves_densified",
                                       f"arcs and curves of {curved} entit{'y' if curved == 1 else 'ies'} were "
                                       f"densified: no chord is more than {tol:g} drawing units from the curve",
                                       None, params={"entities": curved, "chord_tolerance": tol}))
    for kind, n in sorted(skipped.items()):
        result.findings.append(Finding(INFO, "skipped_entities", f"{n} {kind} entit{'y' if n == 1 else 'ies'} "
                                       "not imported (not a parcel outline, label or point)", None,
                                       params={"entity": kind, "count": n}))
    return polygons, open_lines, texts, points


def _polygonize(open_lines: list[_Item], tol: float) -> tuple[list[_Item], list[_Item]]:
    """Faces closed by loose pieces; the pieces that close no face stay lines."""
    if not open_lines:
        return [], []
    geoms = np.array([it.geom for it in open_lines], dtype=object)
    # endpoints written by CAD from different entities differ in the last digits: snap to a grid
    # much finer than the chord tolerance before noding
    grid = tol / 100
    snapped = shapely.set_precision(geoms, grid)
    noded = shapely.node(shapely.union_all(snapped))
    faces = list(shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))))
    faces = [f for f in faces if f.area > grid * grid * 100]
    used = np.zeros(len(open_lines), dtype=bool)
    result = []
    if faces:
        boundaries = shapely.union_all([f.boundary for f in faces])
        prepared = shapely.buffer(boundaries, grid * 10)
        shapely.prepare(prepared)
        used = shapely.covers(prepared, snapped)
        tree = shapely.STRtree(snapped)
        for face in faces:
            idx = tree.query(face.boundary, predicate="intersects")
            members = [open_lines[i] for i in idx if used[i]]
            layers = sorted({m.cad_layer for m in members}) or ["0"]
            lines = [m.line for m in members if m.line is not None]
            result.append(_Item(face, ";".join(layers), "LINE/ARC", "", min(lines) if lines else None,
                                source="polygonized"))
    return result, [it for it, u in zip(open_lines, used, strict=True) if not u]


def _attach_labels(polygons: list[_Item], texts: list[_Item]) -> list[str | None]:
    labels: list[list[str]] = [[] for _ in polygons]
    if polygons and texts:
        geoms = [p.geom for p in polygons]
        tree = shapely.STRtree(geoms)
        areas = shapely.area(geoms)
        for t in texts:
            hits = tree.query(t.geom, predicate="within")
            if len(hits):
                labels[int(min(hits, key=lambda i: areas[i]))].append(t.text)
    return [" / ".join(lbl) if lbl else None for lbl in labels]


# --------------------------------------------------------------------------------------------------
# reader


def read_dxf_file(path: str | Path, *, cad_layers: Sequence[str] | None = None, crs: object = None,
                  encoding: str | None = None, chord_tolerance: float = CHORD_TOLERANCE) -> DxfResult:
    """Read a DXF into polygon / line / label / point layers, with findings."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if chord_tolerance <= 0:
        raise UsageError("the chord tolerance must be positive")
    try:
        import ezdxf  # noqa: F401 — an optional dependency: say so instead of a traceback
    except ImportError:
        raise DataError(path, "reading DXF needs the ezdxf package (pip install ezdxf)") from None
    result = DxfResult(path=path)
    doc, text = _load(path, data, encoding, result)
    lines_of, order_lines, section_line = _entity_lines(text) if text else ({}, [], None)
    msp = doc.modelspace()
    result.cad_layers = sorted({str(e.dxf.get("layer", "0")) for e in msp})
    cad_filter = set(cad_layers) if cad_layers else None
    if cad_filter is not None and not cad_filter & set(result.cad_layers):
        raise DataError(path, f"no entity on CAD layer(s) {', '.join(sorted(cad_filter))}; layers in the file: "
                              + ", ".join(result.cad_layers))
    polygons, open_lines, texts, points = _collect(doc, chord_tolerance, lines_of, order_lines, cad_filter, result)
    faces, open_lines = _polygonize(open_lines, chord_tolerance)
    polygons += faces
    if not polygons:
        result.findings.append(Finding(
            WARNING if (open_lines or texts or points) else ERROR, "no_closed_shapes",
            "the DXF holds no closed shape (closed polyline, circle, hatch or loop of lines/arcs): "
            "no parcel polygon to import", section_line))
    all_geoms = [it.geom for it in polygons + open_lines + texts + points]
    if not all_geoms:
        result.findings.append(Finding(ERROR, "no_entities", "no entity to import in model space", section_line))
        return result

    bounds = shapely.total_bounds(np.array(all_geoms, dtype=object))
    guess = infer_crs_from_bounds(*bounds)
    if guess.epsg is not None and guess.epsg != CGCS2000_GEOGRAPHIC and gk_zone_of_epsg(guess.epsg) is None:
        # a CAD drawing in small local units (a few metres around 0,0) also "looks like" lon/lat: only
        # CGCS2000 GK zones and lon/lat inside China are evidence enough
        guess = CrsGuess(None, f"coordinates are not a recognised Chinese system ({guess.reason})")
    layer_crs, assumed = None, None
    if guess.epsg is not None:
        layer_crs, assumed = to_crs(guess.epsg), guess.reason
        if guess.swapped_xy:
            for it in polygons + open_lines + texts + points:
                it.geom = shapely.transform(it.geom, lambda xy: xy[:, ::-1])
            result.findings.append(Finding(WARNING, "swapped_xy", "the drawing's X holds northings: X and Y "
                                           "were swapped back", section_line))
        result.findings.append(Finding(INFO, "crs_inferred", guess.reason, None))
    elif crs is not None:
        layer_crs = to_crs(crs)
        assumed = "supplied by the user"
    else:
        result.findings.append(Finding(WARNING, "no_crs", f"no CRS: {guess.reason}; the layers are left "
                                       "without one (supply it to place them on the map)", None))

    stem_role = guess_role(path.stem)

    def make(name: str, items: list[_Item], extra: dict[str, list]) -> VectorLayer:
        data = {"CAD_LAYER": [it.cad_layer for it in items], "ENTITY": [it.entity for it in items],
                "HANDLE": [it.handle or None for it in items], **extra}
        gdf = gpd.GeoDataFrame(data, geometry=[it.geom for it in items], crs=layer_crs)
        result.source_lines[name] = [it.line for it in items]
        role = stem_role.role if name == POLYGONS else Role.REFERENCE
        prov = Provenance(source_path=str(path), source_layer=name, driver="DXF",
                          source_crs=f"EPSG:{guess.epsg}" if guess.epsg else (
                              layer_crs.to_string() if layer_crs is not None else None),
                          crs_assumed=assumed, encoding=result.encoding, encoding_source=result.encoding_source,
                          metadata={METADATA_KEY: result.source_metadata(chord_tolerance)})
        return VectorLayer(name=name, gdf=gdf, role=role,
                           role_reason=getattr(stem_role, "reason", "") if name == POLYGONS else "", provenance=prov)

    if polygons:
        polygons.sort(key=lambda it: (it.line is None, it.line or 0))
        result.layers.append(make(POLYGONS, polygons, {"SOURCE": [it.source for it in polygons],
                                                       "LABEL": _attach_labels(polygons, texts)}))
    if open_lines:
        result.layers.append(make(LINES, open_lines, {}))
    if texts:
        result.layers.append(make(LABELS, texts, {"TEXT": [it.text for it in texts]}))
    if points:
        result.layers.append(make(POINTS, points, {}))
    warnings = [f.format() for f in result.findings if f.severity != INFO]
    for layer in result.layers:
        layer.warnings = list(warnings)
    return result


def read_dxf(path: Path, options: ReadOptions | None = None) -> list[VectorLayer]:
    """Registry reader. ``options.layer`` names an output layer (面/线/注记/点) or CAD layer(s)
    (comma-separated) to import; ``options.strict`` refuses a file with any error finding, or one
    without closed shapes."""
    path = Path(path)
    options = options or ReadOptions()
    wanted_output = options.layer if options.layer in OUTPUT_LAYERS else None
    cad = None if options.layer is None or wanted_output else [s.strip() for s in options.layer.split(",")]
    result = read_dxf_file(path, cad_layers=cad, crs=options.crs, encoding=options.encoding)
    refusing = [f for f in result.findings if f.severity == ERROR or (options.strict and f.code == "no_closed_shapes")]
    if refusing and (options.strict or not result.layers):
        f = refusing[0]
        raise DataError(path, (f"line {f.line}: " if f.line else "") + f.message)
    layers = result.layers
    if wanted_output:
        layers = [lyr for lyr in layers if lyr.name == wanted_output]
        if not layers:
            raise DataError(path, f"the DXF has no {wanted_output} layer; it has "
                                  + ", ".join(lyr.name for lyr in result.layers))
    return layers


# --------------------------------------------------------------------------------------------------
# writer


def write_dxf(layers: Sequence[VectorLayer], path: Path, options: WriteOptions | None = None) -> None:
    """Parcels (and any polygon/line/point layers) for CAD designers.

    Each ring is a closed LWPOLYLINE on a CAD layer named after the layer's role (e.g. ``地块``) or,
    for reference layers, the layer's name; labels (``DKBH`` / ``DKMC`` / ``LABEL`` / ``name``) are
    TEXT at a point inside the polygon. DXF R2010 (UTF-8 text) by default; ``encoding="GBK"`` writes
    R2000 with ``$DWGCODEPAGE=ANSI_936`` for older Chinese CAD.
    """
    try:
        import ezdxf
    except ImportError:
        raise UsageError("writing DXF needs the ezdxf package (pip install ezdxf)") from None

    path = Path(path)
    options = options or WriteOptions()
    gbk = (options.encoding or "").upper() in ("GBK", "CP936", "GB2312", "GB18030")
    doc = ezdxf.new("R2000" if gbk else "R2010", setup=False)
    if gbk:
        doc.encoding = "gbk"  # ezdxf writes $DWGCODEPAGE=ANSI_936 and encodes the text with it
    doc.header["$INSUNITS"] = 6  # metres
    msp = doc.modelspace()
    used_names: set[str] = set()
    for layer in layers:
        gdf = layer.gdf
        if options.to_crs is not None:
            gdf = gdf.to_crs(to_crs(options.to_crs))
        cad_name = (ROLE_LABELS_ZH.get(layer.role, layer.name).split("/")[0] if layer.role is not Role.REFERENCE
                    else layer.name)
        cad_name = re.sub(r'[<>/\\":;?*|=`]', "_", str(cad_name)) or "0"
        if cad_name not in used_names:
            doc.layers.add(cad_name)
            used_names.add(cad_name)
        label_col = next((c for c in ("DKBH", "DKMC", "LABEL", "name", "NAME", "名称") if c in gdf.columns), None)
        for idx, geom in enumerate(gdf.geometry):
            if geom is None or geom.is_empty:
                continue
            attribs = {"layer": cad_name}
            for part in getattr(geom, "geoms", [geom]):
                if isinstance(part, Polygon):
                    for ring in [part.exterior, *part.interiors]:
                        msp.add_lwpolyline(list(ring.coords)[:-1], format="xy", close=True, dxfattribs=attribs)
                elif isinstance(part, LineString):
                    msp.add_lwpolyline(list(part.coords), format="xy", dxfattribs=attribs)
                elif isinstance(part, Point):
                    msp.add_point((part.x, part.y), dxfattribs=attribs)
            if label_col is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
                value = gdf.iloc[idx][label_col]
                if value is not None and str(value) not in ("", "nan", "<NA>"):
                    anchor = geom.representative_point()
                    height = max(1.0, math.sqrt(geom.area) / 20)
                    msp.add_text(str(value), height=height, dxfattribs=attribs).set_placement(
                        (anchor.x, anchor.y), align=ezdxf.enums.TextEntityAlignment.MIDDLE_CENTER)
    with atomic_output(path) as tmp:
        doc.saveas(tmp)


# --------------------------------------------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    return head.startswith(b"AutoCAD Binary DXF") or bool(re.match(rb"\s*0\s*\r?\n\s*(SECTION|EOF)", head[:200]))


FORMAT = register_format(Format(
    name="dxf",
    label_zh="CAD 交换文件 (DXF)",
    extensions=(".dxf",),
    reader=read_dxf,
    writer=write_dxf,
    sniff=sniff,
    multi_layer=True,
))
