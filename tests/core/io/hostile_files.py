"""Builders of hostile files for the reader tests: real shapefiles written by GDAL whose ``.dbf`` is
then replaced by one built byte by byte here (field types, widths, code-page byte and record values
that GDAL itself would never write)."""

from __future__ import annotations

import struct
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely


def dbf_bytes(fields: list[tuple[str | bytes, str, int, int]], records: list[list[str | bytes]], *,
              ldid: int = 0, deleted: tuple[int, ...] = ()) -> bytes:
    """A dBASE III table. ``fields`` are (name, type, length, decimals); each record value is the raw
    field content (``str`` is written as ASCII/UTF-8, ``bytes`` as given), padded as dBASE pads it."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(f[2] for f in fields)
    header = bytearray(32)
    header[0] = 3
    header[1:4] = bytes([126, 1, 1])
    header[4:8] = struct.pack("<I", len(records))
    header[8:10] = struct.pack("<H", header_len)
    header[10:12] = struct.pack("<H", record_len)
    header[29] = ldid
    out = bytearray(header)
    for name, ftype, length, decimals in fields:
        raw = name if isinstance(name, bytes) else name.encode("ascii")
        desc = bytearray(32)
        desc[0:len(raw)] = raw[:10]
        desc[11] = ord(ftype)
        desc[16] = length
        desc[17] = decimals
        out += desc
    out += b"\r"
    for i, values in enumerate(records):
        out += b"*" if i in deleted else b" "
        for (_n, ftype, length, _d), value in zip(fields, values, strict=True):
            raw = value if isinstance(value, bytes) else value.encode("utf-8")
            raw = raw[:length]
            out += raw.ljust(length) if ftype in "CDL" else raw.rjust(length)
    out += b"\x1a"
    return bytes(out)


def shapefile(path: Path, n: int, fields, records, *, ldid: int = 0, cpg: str | None = None,
              crs=4326, deleted: tuple[int, ...] = ()) -> Path:
    """A shapefile of ``n`` unit squares (feature i at x = i) with the given hand-built ``.dbf``."""
    gdf = gpd.GeoDataFrame({"TMP": list(range(n))}, geometry=[shapely.box(i, 0, i + 1, 1) for i in range(n)],
                           crs=crs)
    pyogrio.write_dataframe(gdf, path)
    path.with_suffix(".dbf").write_bytes(dbf_bytes(fields, records, ldid=ldid, deleted=deleted))
    cpg_path = path.with_suffix(".cpg")
    if cpg is None:
        cpg_path.unlink(missing_ok=True)
    else:
        cpg_path.write_text(cpg, encoding="ascii")
    return path


def gpkg_with_wkb(path: Path, wkbs: list[bytes], *, epsg: int = 4545, layer: str = "dk") -> Path:
    """A GeoPackage layer written by GDAL, whose geometry blobs are then replaced by the given (ISO)
    WKB: curves, NaN or infinite coordinates, whatever GDAL or shapely would not write themselves."""
    import sqlite3

    gdf = gpd.GeoDataFrame({"DKBH": [f"A-{i:02d}" for i in range(len(wkbs))]},
                           geometry=[shapely.box(500000 + 100 * i, 4400000, 500050 + 100 * i, 4400050)
                                     for i in range(len(wkbs))], crs=epsg)
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(gdf, path, layer=layer, driver="GPKG", geometry_type="Unknown")
    with sqlite3.connect(path) as db:
        column = db.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)).fetchone()[0]
        # the spatial index's triggers call SpatiaLite functions plain sqlite3 has not: drop index and triggers
        for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                     (layer,)).fetchall():
            db.execute(f'DROP TRIGGER "{trigger}"')
        for fid, wkb in enumerate(wkbs, start=1):
            blob = b"GP" + bytes([0, 0x01]) + struct.pack("<i", epsg) + wkb  # little-endian, no envelope
            db.execute(f'UPDATE "{layer}" SET "{column}" = ? WHERE fid = ?', (blob, fid))
        db.execute(f'DROP TABLE IF EXISTS "rtree_{layer}_{column}"')
        db.execute("DELETE FROM gpkg_extensions WHERE table_name = ? AND extension_name = 'gpkg_rtree_index'",
                   (layer,))
    return path


def wkb_polygon(rings: list[list[tuple[float, float]]]) -> bytes:
    out = struct.pack("<BII", 1, 3, len(rings))
    for ring in rings:
        out += struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", x, y) for x, y in ring)
    return out


def wkb_curvepolygon_circle(cx: float, cy: float, r: float) -> bytes:
    """CURVEPOLYGON(CIRCULARSTRING(...)): a full circle as two arcs."""
    pts = [(cx - r, cy), (cx, cy + r), (cx + r, cy), (cx, cy - r), (cx - r, cy)]
    ring = struct.pack("<BII", 1, 8, len(pts)) + b"".join(struct.pack("<dd", x, y) for x, y in pts)
    return struct.pack("<BII", 1, 10, 1) + ring
