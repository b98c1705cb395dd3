"""CASS coordinate data (``.dat``, 南方 CASS 展点文件): one surveyed point per line.

Layout: ``点号,编码,Y(东),X(北),H`` — note the order: the easting comes first here, unlike the
ministry coordinate TXT. 编码 is often empty, H (高程) optional. Lines that are not points are
reported (with their line number) and skipped; ``strict`` refuses the file instead.

Layers: ``点`` (Point; columns ``DH`` 点号, ``BM`` 编码, ``H`` 高程). With ``layer="面"`` the points,
in file order, are joined into one polygon (the boundary points of a parcel surveyed in order);
:func:`polygon_from_points` does the same for any ordered point list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from ..crs import CGCS2000_GEOGRAPHIC, gk_zone_of_epsg, infer_crs_from_bounds, to_crs
from ..errors import DataError
from ..layers import Provenance, VectorLayer
from ..roles import Role
from .coordtxt import ERROR, INFO, WARNING, Finding
from .encoding import decode_text
from .registry import Format, ReadOptions, register_format

POINTS, POLYGON = "点", "面"
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def polygon_from_points(coords: Sequence[tuple[float, float]]) -> Polygon:
    """A polygon from boundary points in order (easting, northing); the ring is closed, a repeated
    closing point is not doubled, consecutive duplicates are dropped."""
    pts: list[tuple[float, float]] = []
    for c in coords:
        c = (float(c[0]), float(c[1]))
        if not pts or c != pts[-1]:
            pts.append(c)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(set(pts)) < 3:
        raise ValueError(f"a polygon needs at least 3 distinct points, got {len(set(pts))}")
    return Polygon(pts)


def parse_cass(path: Path, *, encoding: str | None = None) -> tuple[list[dict], list[Finding], str, str]:
    data = path.read_bytes()
    try:
        text, enc, source = decode_text(data, encoding)
    except DataError as exc:
        raise DataError(path, exc.problem) from None
    rows, findings = [], []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) < 4:
            findings.append(Finding(ERROR, "bad_point_line", f"{len(fields)} field(s), expected 点号,编码,Y(东),X(北)[,H]",
                                    lineno, params={"fields": len(fields)}))
            continue
        east, north = fields[2], fields[3]
        if not (_NUM.match(east) and _NUM.match(north)):
            bad = east if not _NUM.match(east) else north
            findings.append(Finding(ERROR, "bad_coordinate", f"coordinate {bad!r} is not a number (point {fields[0]})",
                                    lineno, params={"value": bad}))
            continue
        h = fields[4] if len(fields) > 4 and _NUM.match(fields[4]) else None
        rows.append({"DH": fields[0] or None, "BM": fields[1] or None, "E": float(east), "N": float(north),
                     "H": float(h) if h is not None else None, "line": lineno})
    return rows, findings, enc, source


def read_cass(path: Path, options: ReadOptions | None = None) -> list[VectorLayer]:
    path = Path(path)
    options = options or ReadOptions()
    if options.layer not in (None, POINTS, POLYGON):
        raise DataError(path, f"no layer {options.layer!r}; a CASS file gives {POINTS!r} (or {POLYGON!r})")
    rows, findings, enc, enc_source = parse_cass(path, encoding=options.encoding)
    errors = [f for f in findings if f.severity == ERROR]
    if errors and options.strict or not rows:
        f = errors[0] if errors else None
        raise DataError(path, f"line {f.line}: {f.message}" if f else "no point in the file")
    east = np.array([r["E"] for r in rows])
    north = np.array([r["N"] for r in rows])
    guess = infer_crs_from_bounds(east.min(), north.min(), east.max(), north.max())
    crs, assumed = None, None
    if guess.epsg is not None and (guess.epsg == CGCS2000_GEOGRAPHIC or gk_zone_of_epsg(guess.epsg)):
        crs, assumed = to_crs(guess.epsg), guess.reason
        if guess.swapped_xy:
            east, north = north, east
            findings.append(Finding(WARNING, "swapped_xy", "the Y(东) column holds northings: columns swapped back",
                                    rows[0]["line"]))
    elif options.crs is not None:
        crs, assumed = to_crs(options.crs), "supplied by the user"
    else:
        findings.append(Finding(WARNING, "no_crs", f"no CRS: {guess.reason}; supply it to place the points", None))
    prov = Provenance(source_path=str(path), driver="CASS", encoding=enc, encoding_source=enc_source,
                      source_crs=f"EPSG:{guess.epsg}" if crs is not None and assumed == guess.reason else
                      (crs.to_string() if crs is not None else None), crs_assumed=assumed)
    warnings = [f.format() for f in findings if f.severity != INFO]
    if options.layer == POLYGON:
        try:
            poly = polygon_from_points(list(zip(east, north, strict=True)))
        except ValueError as exc:
            raise DataError(path, str(exc)) from None
        if not poly.is_valid:
            warnings.append(f"the points in file order make an invalid polygon: {shapely.is_valid_reason(poly)}")
        gdf = gpd.GeoDataFrame({"JZDS": [len(rows)]}, geometry=[poly], crs=crs)
        prov.source_layer = POLYGON
        layer = VectorLayer(POLYGON, gdf, Role.PARCELS, "boundary points of a CASS file joined in order",
                            provenance=prov)
    else:
        gdf = gpd.GeoDataFrame({k: [r[k] for r in rows] for k in ("DH", "BM", "H")},
                               geometry=[Point(e, n) for e, n in zip(east, north, strict=True)], crs=crs)
        gdf["H"] = gdf["H"].astype("float64")
        prov.source_layer = POINTS
        layer = VectorLayer(POINTS, gdf, Role.REFERENCE, provenance=prov)
    layer.warnings = warnings
    return [layer]


_LINE = re.compile(r"^\s*[^,]*,[^,]*,\s*[+-]?\d+(\.\d+)?\s*,\s*[+-]?\d+(\.\d+)?\s*(,.*)?$")


def sniff(path: Path, head: bytes) -> bool:
    text = head.decode("utf-8", errors="ignore")
    lines = [ln for ln in text.splitlines()[:-1] or text.splitlines() if ln.strip()][:50]
    return bool(lines) and sum(bool(_LINE.match(ln)) for ln in lines) >= max(1, int(0.9 * len(lines)))


FORMAT = register_format(Format(name="cass", label_zh="CASS 坐标数据 (.dat)", extensions=(".dat",),
                                reader=read_cass, sniff=sniff))
