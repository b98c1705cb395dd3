"""Typed coordinates (精确输入) for the drawing tools, in the layer's CRS.

What a surveyor or planner types:

- plane coordinates in the surveyors' order, **X (北, northing) first, then Y (东, easting)**:
  ``4400123.45, 37512345.6``, ``X=4400123.45 Y=37_512_345.6`` (labels X/Y, 北/东 or N/E in any
  order). An easting with the zone prefix (8 integer digits: zone × 10⁶ + 500 000 ± …) names its
  3° (25–45) or 6° (13–23) zone: the layer's zone is taken as is, another zone is transformed into
  the layer's CRS (and said so); an easting without prefix is in the layer's own zone;
- longitude/latitude (CGCS2000) in decimal degrees or 度分秒: ``109°45'30.5", 39°36'12"``,
  ``E109.7584 N39.6033``, ``经度 109:45:30.5 纬度 39:36:12`` (unlabelled, the value above 60 is the
  longitude: in China they never overlap);
- distance and bearing (方位角, clockwise from grid north) from the last point:
  ``D=25.5 A=135°30'``, ``距离 25.5 方位角 135.5``, ``@25.5,135°30'``;
- a pasted list of 界址点 (:func:`parse_point_list`): one point a line, ``J1,4400123.45,500123.45``,
  tab- or space-separated, with or without point names, with a 圈号 column (``J1,1,X,Y`` as in the
  ministry files) or not; a ring ends where its first point comes back (the closing point may be
  left out), shells and holes are told apart by containment;
- a parcel of a ministry coordinate TXT (:func:`load_coordtxt_parcel`, read by
  :mod:`parkgis.core.io.coordtxt`).

Every error is a :class:`~parkgis.core.errors.UsageError` naming the line and the problem.

Examples
--------
>>> parse_point("X=4400123.45 Y=36_500_123.45", 4524)
TypedPoint(x=36500123.45, y=4400123.45, kind='xy', note=None)
>>> p = parse_point("D=100 A=90", 4524, last=(36_500_000.0, 4_400_000.0))
>>> round(p.x, 6), round(p.y, 6), p.kind
(36500100.0, 4400000.0, 'polar')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import shapely
from pyproj import CRS, Geod, Transformer

from ..crs import epsg_of, gk3_zone_crs, gk6_epsg, gk_zone_of_epsg, to_crs
from ..errors import DataError, UsageError

_NUMBER = r"[-+]?\d[\d_]*(?:\.\d+)?"
_DMS = (r"\d+(?:\.\d+)?\s*[°度d]\s*(?:\d+(?:\.\d+)?\s*(?:['′’分m])\s*)?"
        r"(?:\d+(?:\.\d+)?\s*(?:\"|″|''|′′|”|秒|s))?")
_COLON_DMS = r"\d+:\d+(?::\d+(?:\.\d+)?)?"
_VALUE = re.compile(f"(?P<value>{_DMS}|{_COLON_DMS}|{_NUMBER})")
_LABEL = re.compile(r"(?i)(经度|纬度|东经|北纬|lon|lng|lat|距离|方位角|方位|x|y|n|e|d|a|北|东)\s*[=:：]?\s*$")
_POLAR_LABELS = {"距离": "distance", "d": "distance", "方位角": "bearing", "方位": "bearing", "a": "bearing"}
_NORTH_LABELS = {"x", "n", "北"}
_EAST_LABELS = {"y", "e", "东"}
_LON_LABELS = {"经度", "东经", "lon", "lng"}
_LAT_LABELS = {"纬度", "北纬", "lat"}


@dataclass(frozen=True)
class TypedPoint:
    """A typed point in the layer's CRS (``x`` easting, ``y`` northing, as geometries hold them);
    ``kind``: ``xy``, ``lonlat`` or ``polar``; ``note``: what was assumed or transformed."""

    x: float
    y: float
    kind: str
    note: str | None = None

    @property
    def xy(self) -> tuple[float, float]:
        return (self.x, self.y)


def parse_angle(text: str) -> float:
    """Degrees from ``135.5``, ``135°30'``, ``135°30'15.5"``, ``135d30m15.5s`` or ``135:30:15.5``."""
    t = text.strip().replace(" ", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)[°度d](?:(\d+(?:\.\d+)?)['′’分m])?(?:(\d+(?:\.\d+)?)(?:\"|″|''|′′|”|秒|s))?", t)
    if m is None:
        m = re.fullmatch(r"(\d+):(\d+)(?::(\d+(?:\.\d+)?))?", t)
    if m is not None:
        d, mi, s = (float(g) if g else 0.0 for g in m.groups())
        if mi >= 60 or s >= 60:
            raise UsageError(f"{text!r}: minutes and seconds must be below 60")
        return d + mi / 60.0 + s / 3600.0
    try:
        return float(t.replace("_", ""))
    except ValueError:
        raise UsageError(f"{text!r} is not an angle (degrees 135.5 or 度分秒 135°30'15\")") from None


def _values(text: str) -> list[tuple[str | None, str]]:
    """(label or None, value text) for each value in ``text``."""
    out, pos = [], 0
    for m in _VALUE.finditer(text):
        before = text[pos:m.start()]
        rest = re.sub(r"[\s,，;；=:：]+", " ", before).strip()
        lab = _LABEL.search(before)
        label = lab.group(1).lower() if lab else None
        leftover = rest if lab is None else re.sub(r"[\s,，;；=:：]+", " ", before[:lab.start()]).strip()
        if leftover and leftover != "@":
            raise UsageError(f"{text.strip()!r}: {leftover!r} is not understood")
        out.append((label, m.group("value")))
        pos = m.end()
    tail = re.sub(r"[\s,，;；]+", "", text[pos:])
    if tail:
        raise UsageError(f"{text.strip()!r}: {tail!r} is not understood")
    return out


def _number(text: str) -> float:
    return float(text.replace("_", ""))


def parse_point(text: str, crs, *, last: tuple[float, float] | None = None) -> TypedPoint:
    """One typed point (see the module) in ``crs``, the layer's CRS; ``last`` is the previous point
    (layer CRS), for distance and bearing."""
    crs = to_crs(crs)
    raw = text.strip()
    if not raw:
        raise UsageError("no coordinate typed")
    values = _values(raw)
    labels = [lab for lab, _ in values]
    if raw.startswith("@") or any(lab in _POLAR_LABELS for lab in labels):
        return _polar(raw, values, crs, last)
    if len(values) != 2:
        raise UsageError(f"{raw!r}: type two values, X (北) then Y (东), or longitude and latitude")
    degrees = any(re.search(r"[°度:]", v) for _, v in values) or any(
        lab in _LON_LABELS | _LAT_LABELS for lab in labels)
    if not degrees:
        numbers = [_number(v) for _, v in values]
        degrees = all(abs(n) <= 180 for n in numbers)
    if degrees:
        return _lonlat(raw, values, crs)
    (la, va), (lb, vb) = values
    if la in _EAST_LABELS or lb in _NORTH_LABELS:
        (la, va), (lb, vb) = (lb, vb), (la, va)
    try:
        return plane_point(_number(va), _number(vb), crs)
    except UsageError as exc:
        raise UsageError(f"{raw!r}: {exc}") from None


def _kind_of_value(v: float) -> str:
    if v >= 13_000_000:
        return "prefixed easting"
    if v >= 1_000_000:
        return "northing"
    return "easting"


def plane_point(north: float, east: float, crs) -> TypedPoint:
    """A surveyors' X (north) / Y (east) pair in ``crs``, the zone prefix taken into account."""
    crs = to_crs(crs)
    if _kind_of_value(north) != "northing" and _kind_of_value(east) == "northing":
        raise UsageError(f"X {north:.3f} looks like an easting and Y {east:.3f} like a northing: "
                         "type X (北) first, then Y (东)")
    if _kind_of_value(north) != "northing":
        raise UsageError(f"X {north:.3f} is no northing in China (X is 北, about 2 000 000 – 6 000 000 m)")
    typed = _typed_zone(east)
    layer_zone = gk_zone_of_epsg(epsg_of(crs)) if crs.is_projected else None
    if typed is None:
        if east >= 1_000_000:
            raise UsageError(f"Y {east:.3f} is no easting (Y is 东: about 500 000 m, or with the zone "
                             "prefix, 37 500 000 m)")
        if layer_zone is None:
            raise UsageError(f"Y {east:.3f} has no zone prefix and the layer's CRS ({_label(crs)}) is no "
                             "Gauss-Krüger zone: type the easting with its zone (Y=37500000.0)")
        return TypedPoint(east + (layer_zone.zone * 1_000_000 if layer_zone.prefixed else 0.0), north, "xy")
    width, zone = typed
    if layer_zone is not None and (layer_zone.width, layer_zone.zone) == (width, zone):
        return TypedPoint(east if layer_zone.prefixed else east - zone * 1_000_000, north, "xy")
    source = gk3_zone_crs(zone, crs) if width == 3 else CRS.from_epsg(gk6_epsg(zone))
    x, y = Transformer.from_crs(source, crs, always_xy=True).transform(east, north)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise UsageError(f"the point of zone {zone} cannot be taken into {_label(crs)}")
    into = f"zone {layer_zone.zone}" if layer_zone is not None else _label(crs)
    return TypedPoint(float(x), float(y), "xy", f"zone {zone} coordinates transformed into {into}")


def _typed_zone(east: float) -> tuple[int, int] | None:
    """(zone width, zone) of a zone-prefixed easting, else None."""
    if east < 13_000_000:
        return None
    zone = int(east // 1_000_000)
    offset = east - zone * 1_000_000
    if not 0 < offset < 1_000_000 or not (13 <= zone <= 23 or 25 <= zone <= 45):
        raise UsageError(f"Y {east:.3f}: the zone prefix {zone} is no Gauss-Krüger zone of China "
                         "(3°: 25–45, 6°: 13–23)")
    return (6 if zone <= 23 else 3), zone


def _label(crs: CRS) -> str:
    code = epsg_of(crs)
    return f"EPSG:{code}" if code else crs.name


def _lonlat(raw: str, values, crs: CRS) -> TypedPoint:
    (la, va), (lb, vb) = values
    a, b = parse_angle(va), parse_angle(vb)
    if la in _LAT_LABELS or lb in _LON_LABELS or la == "n" or lb == "e":
        a, b = b, a
    elif la not in _LON_LABELS and la != "e" and lb not in _LAT_LABELS and lb != "n":
        if a < 60 <= b:
            a, b = b, a
        elif (a < 60) == (b < 60):
            raise UsageError(f"{raw!r}: which value is the longitude? Label them (经度 … 纬度 …, or E … N …)")
    lon, lat = a, b
    if not (73 <= lon <= 136 and 3 <= lat <= 54):
        raise UsageError(f"{raw!r}: longitude {lon:.6f}°, latitude {lat:.6f}° is not in China")
    geographic = crs.geodetic_crs if crs.geodetic_crs is not None else CRS.from_epsg(4490)
    x, y = Transformer.from_crs(geographic, crs, always_xy=True).transform(lon, lat)
    return TypedPoint(float(x), float(y), "lonlat")


def _polar(raw: str, values, crs: CRS, last) -> TypedPoint:
    if last is None:
        raise UsageError(f"{raw!r}: distance and bearing start from the last point; there is none yet")
    parts: dict[str, str] = {}
    for k, (label, value) in enumerate(values):
        key = _POLAR_LABELS.get(label or "", None) or ("distance", "bearing")[min(k, 1)]
        if key in parts:
            raise UsageError(f"{raw!r}: type one distance and one bearing (D=25.5 A=135°30')")
        parts[key] = value
    if set(parts) != {"distance", "bearing"}:
        raise UsageError(f"{raw!r}: type one distance and one bearing (D=25.5 A=135°30')")
    distance = _number(parts["distance"])
    bearing = parse_angle(parts["bearing"])
    if distance <= 0:
        raise UsageError(f"{raw!r}: the distance must be above 0")
    if bearing >= 360:
        raise UsageError(f"{raw!r}: the bearing must be below 360°")
    x0, y0 = float(last[0]), float(last[1])
    if crs.is_geographic:
        lon, lat, _ = Geod(ellps="GRS80").fwd(x0, y0, bearing, distance)
        return TypedPoint(float(lon), float(lat), "polar")
    theta = math.radians(bearing)
    return TypedPoint(x0 + distance * math.sin(theta), y0 + distance * math.cos(theta), "polar")


# ------------------------------------------------------------------------------------- lists


def parse_point_list(text: str, crs) -> shapely.Polygon | shapely.MultiPolygon:
    """A polygon from pasted 界址点 lines (see the module), in ``crs``."""
    from ..io.coordtxt import nest_rings

    crs = to_crs(crs)
    rings: list[list[tuple[str | None, float, float, int]]] = []
    current: list[tuple[str | None, float, float, int]] = []
    current_ring: str | None = None
    closed = False
    for lineno, line in enumerate(text.splitlines(), 1):
        fields = [f for f in re.split(r"[,，;；\t ]+", line.strip()) if f]
        if not fields:
            continue
        name, ring_no, north, east = _point_fields(fields, lineno, line)
        if north is None:
            continue   # a header line (点号,X,Y)
        try:
            point = plane_point(north, east, crs)
        except UsageError as exc:
            raise UsageError(f"line {lineno}: {exc}") from None
        entry = (name, point.x, point.y, lineno)
        if ring_no is not None and current and ring_no != current_ring:
            rings.append(current)
            current, closed = [], False
        if closed and ring_no is None:
            current, closed = [], False
        current_ring = ring_no
        if current and name is not None and name == current[0][0] and (entry[1], entry[2]) != current[0][1:3]:
            raise UsageError(f"line {lineno}: point {name} comes back with other coordinates than on line "
                             f"{current[0][3]}")
        if current and _same_point(entry, current[0]) and len(current) > 1:
            rings.append(current)
            current, closed = [], True
            continue
        if current and (entry[1], entry[2]) == (current[-1][1], current[-1][2]):
            continue   # a point typed twice in a row
        current.append(entry)
    if current:
        rings.append(current)
    if not rings:
        raise UsageError("no 界址点 coordinates found: paste one point a line (J1,4400123.45,500123.45)")
    polygons = []
    for pts in rings:
        distinct = len({(p[1], p[2]) for p in pts})
        if distinct < 3:
            raise UsageError(f"line {pts[0][3]}: the ring starting here has {distinct} distinct point(s); "
                             "a polygon ring needs at least 3")
        polygons.append(shapely.Polygon([(p[1], p[2]) for p in pts]))
    geom = nest_rings(polygons)
    if not geom.is_valid:
        raise UsageError(f"the points make an invalid polygon: {shapely.is_valid_reason(geom)} — check their order")
    return geom


def _same_point(a, b) -> bool:
    return (a[0] is not None and a[0] == b[0]) or (a[1], a[2]) == (b[1], b[2])


def _is_number(text: str) -> bool:
    return re.fullmatch(_NUMBER, text) is not None


def _point_fields(fields: list[str], lineno: int, line: str):
    """(name, ring number, X, Y) of a pasted line; X None for a header line."""
    numeric = [_is_number(f) for f in fields]
    if not any(numeric) and lineno == 1:
        return None, None, None, None
    if len(fields) == 2 and all(numeric):
        return None, None, _number(fields[0]), _number(fields[1])
    if len(fields) == 3 and numeric[1] and numeric[2]:
        return fields[0], None, _number(fields[1]), _number(fields[2])
    if len(fields) == 4 and numeric[1] and numeric[2] and numeric[3]:
        return fields[0], fields[1], _number(fields[2]), _number(fields[3])
    bad = next((f for k, (f, n) in enumerate(zip(fields, numeric, strict=True)) if not n and k > 0), None)
    if bad is not None:
        raise UsageError(f"line {lineno}: {bad!r} is not a coordinate")
    raise UsageError(f"line {lineno}: {line.strip()!r} is not a point: write name, X (北), Y (东) — or name, "
                     "圈号, X, Y")


# ------------------------------------------------------------------------------------- TXT


def load_coordtxt_parcel(path: str | Path, crs, parcel: str | int | None = None, *, encoding: str | None = None):
    """The geometry of one parcel of a ministry coordinate TXT, in ``crs`` (the layer's).

    ``parcel``: its 地块编号 or 1-based position (default: the file's only parcel). Errors in that
    parcel refuse it with the line and the problem (:class:`DataError`)."""
    from ..io.coordtxt import ERROR, parse_coordtxt

    doc = parse_coordtxt(path, encoding=encoding)
    if not doc.parcels:
        raise DataError(path, "the file holds no parcel")
    if parcel is None:
        if len(doc.parcels) > 1:
            names = ", ".join(p.label for p in doc.parcels[:10]) + (" ..." if len(doc.parcels) > 10 else "")
            raise DataError(path, f"the file holds {len(doc.parcels)} parcels ({names}): choose one")
        chosen = doc.parcels[0]
    elif isinstance(parcel, int):
        if not 1 <= parcel <= len(doc.parcels):
            raise DataError(path, f"the file has no parcel number {parcel} (it holds {len(doc.parcels)})")
        chosen = doc.parcels[parcel - 1]
    else:
        found = [p for p in doc.parcels if p.label == str(parcel)]
        if not found:
            raise DataError(path, f"the file has no parcel {parcel}")
        chosen = found[0]
    errors = [f for f in doc.findings if f.severity == ERROR and f.parcel in (None, chosen.label)]
    if errors or chosen.bad or chosen.geometry is None:
        first = errors[0] if errors else None
        problem = f"line {first.line}: {first.message}" if first is not None else "the parcel cannot be read"
        raise DataError(path, problem, feature=chosen.label)
    if doc.crs is None:
        raise DataError(path, "the coordinate system cannot be determined", feature=chosen.label)
    geom = chosen.geometry
    target = to_crs(crs)
    if not doc.crs.equals(target):
        geom = shapely.transform(geom, Transformer.from_crs(doc.crs, target, always_xy=True).transform,
                                 interleaved=False)
    return geom


__all__ = ["TypedPoint", "load_coordtxt_parcel", "parse_angle", "parse_point", "parse_point_list",
           "plane_point"]
