"""GeoPackage geometry blobs (GPKG spec §2.1.3): a small header with the SRS id and envelope, then
ISO WKB. A commit writes features with plain SQLite, so it encodes the blobs itself, and the R-tree
triggers GDAL puts on every layer call ``ST_MinX``/``ST_IsEmpty``…, which only GDAL and SpatiaLite
provide: :func:`register_functions` gives a plain :mod:`sqlite3` connection the same functions."""

from __future__ import annotations

import math
import sqlite3
import struct

import shapely

_MAGIC = b"GP"
_ENVELOPE_XY = 1
_EMPTY_FLAG = 0x10
_LITTLE_ENDIAN = 0x01


def encode(geometry, srs_id: int) -> bytes | None:
    """The GeoPackage blob of a shapely geometry (None stays NULL)."""
    if geometry is None:
        return None
    wkb = shapely.to_wkb(geometry, byte_order=1, flavor="iso", include_srid=False)
    if geometry.is_empty:
        flags = _LITTLE_ENDIAN | _EMPTY_FLAG
        return _MAGIC + struct.pack("<BBi", 0, flags, srs_id) + wkb
    minx, miny, maxx, maxy = geometry.bounds
    flags = _LITTLE_ENDIAN | (_ENVELOPE_XY << 1)
    return _MAGIC + struct.pack("<BBi4d", 0, flags, srs_id, minx, maxx, miny, maxy) + wkb


def _header(blob: bytes) -> tuple[int, int, tuple[float, float, float, float] | None]:
    """(flags, header length, (minx, maxx, miny, maxy) or None)."""
    if blob is None or len(blob) < 8 or blob[:2] != _MAGIC:
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    order = "<" if flags & 0x01 else ">"
    envelope_kind = (flags >> 1) & 0x07
    sizes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
    if envelope_kind not in sizes:
        raise ValueError(f"invalid envelope indicator {envelope_kind}")
    length = 8 + sizes[envelope_kind]
    envelope = struct.unpack(order + "4d", blob[8:40]) if envelope_kind else None
    return flags, length, envelope


def decode(blob: bytes | None):
    """The shapely geometry of a GeoPackage blob (NULL → None)."""
    if blob is None:
        return None
    _flags, length, _envelope = _header(bytes(blob))
    return shapely.from_wkb(bytes(blob[length:]))


def _bounds(blob):
    if blob is None:
        return None
    flags, length, envelope = _header(bytes(blob))
    if flags & _EMPTY_FLAG:
        return None
    if envelope is not None and not any(math.isnan(v) for v in envelope):
        return envelope
    geometry = shapely.from_wkb(bytes(blob[length:]))
    if geometry.is_empty:
        return None
    minx, miny, maxx, maxy = geometry.bounds
    return minx, maxx, miny, maxy


def _is_empty(blob) -> int | None:
    if blob is None:
        return None
    flags, length, _envelope = _header(bytes(blob))
    if flags & _EMPTY_FLAG:
        return 1
    return int(shapely.from_wkb(bytes(blob[length:])).is_empty)


def register_functions(con: sqlite3.Connection) -> None:
    """Register the spatial SQL functions that GDAL's R-tree triggers call."""
    def bound(index):
        def fn(blob):
            box = _bounds(blob)
            return None if box is None else box[index]
        return fn
    for name, index in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        con.create_function(name, 1, bound(index), deterministic=True)
    con.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    # GDAL ≥ 3.x may also call GPKG_IsAssignable in its geometry-type triggers.
    con.create_function("GPKG_IsAssignable", 2, lambda expected, actual: 1, deterministic=True)
