"""GDAL-backed formats: Shapefile (also zipped), GeoPackage, GeoJSON, TopoJSON, KML/KMZ, FileGDB.

Bulk reads go through pyogrio with Arrow (``use_arrow=True``): DESIGN §6 measured 0.13 s for
102k parcels against 5.1 s through fiona. fiona is not used for reading or writing here: pyogrio
covers every driver we need, and its ``encoding=`` override is the reliable one. (fiona stays a
dependency for callers that stream features one by one.)

Every reader runs the same post-processing (:func:`finish_layer`): CRS normalisation (Esri WKT →
EPSG), inference of a missing CRS from the coordinates, swapped X/Y repair, legacy-datum flags,
and the count of null geometries — each a warning the user sees. Validity is checked on demand
(:meth:`VectorLayer.invalid_mask`), not on every read.
"""

from __future__ import annotations

import struct
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

from ..crs import check_coordinates, epsg_of, gcj02_suspicion, infer_crs_from_bounds, legacy_datum, to_crs
from ..errors import DataError, UsageError
from ..fields import float_text
from ..fsutil import atomic_output, atomic_shapefile
from ..layers import Provenance, VectorLayer
from ..roles import guess_role
from .dbf import FLOAT_EXACT, DbfTable, read_dbf
from .encoding import (
    EncodingChoice,
    choose_dbf_encoding,
    decode_vector_text,
    normalize_codec,
    sidecar,
)
from .registry import Format, ReadOptions, WriteOptions, register_format

GDAL_ERRORS = (DataSourceError, DataLayerError, GeometryError, FieldError, OSError, ValueError, RuntimeError)
PROJECT_TABLE_PREFIXES = ("parkgis_", "layer_styles", "gpkg_", "rtree_", "sqlite_")


# --------------------------------------------------------------------------- reading helpers

def _read_gdal(path: str, layer: str | int | None, encoding: str | None, display: Path,
               *, arrow: bool = True) -> gpd.GeoDataFrame:
    # Arrow decodes text only as UTF-8; shapefiles are recoded by GDAL itself (SHAPE_ENCODING), other
    # drivers with a legacy encoding need the non-Arrow path.
    kwargs = {"use_arrow": arrow}
    if encoding:
        kwargs["encoding"] = encoding
    try:
        with warnings.catch_warnings():
            # GDAL reports recoverable oddities as RuntimeWarnings; we check the result ourselves.
            warnings.simplefilter("ignore", RuntimeWarning)
            try:
                return pyogrio.read_dataframe(path, layer=layer, **kwargs)
            except GDAL_ERRORS as exc:
                if "nonlinear geometry" not in str(exc).lower():
                    raise
            return _read_linearised(path, layer, kwargs)
    except UnicodeDecodeError as exc:
        raise DataError(display, f"text is not valid {encoding or 'UTF-8'} ({exc.reason} at byte {exc.start}); "
                                 "choose the encoding explicitly", layer=_layer_label(layer)) from None
    except GDAL_ERRORS as exc:
        raise DataError(display, f"cannot be read: {_gdal_message(exc)}", layer=_layer_label(layer)) from None


#: curved geometries (CIRCULARSTRING, CURVEPOLYGON, ...) become one vertex per this many degrees of
#: arc: the chord then stays within r·(1 − cos 0.5°) ≈ 0.004 % of the radius (4 mm on a 100 m arc)
ARC_STEP_DEGREES = 1.0


def _read_linearised(path: str, layer, kwargs: dict) -> gpd.GeoDataFrame:
    """Curved geometries, which shapely cannot hold: GDAL's feature reader linearises them (Arrow
    refuses), at our stated step instead of GDAL's default 4°."""
    previous = pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE")
    pyogrio.set_gdal_config_options({"OGR_ARC_STEPSIZE": str(ARC_STEP_DEGREES)})
    try:
        gdf = pyogrio.read_dataframe(path, layer=layer, **{**kwargs, "use_arrow": False})
    finally:
        pyogrio.set_gdal_config_options({"OGR_ARC_STEPSIZE": previous})
    gdf.attrs["linearised"] = True
    return gdf


def _layer_label(layer) -> str | None:
    return None if layer is None else str(layer)


def _gdal_message(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]


def _source_crs_text(gdf: gpd.GeoDataFrame) -> str | None:
    if gdf.crs is None:
        return None
    code = epsg_of(gdf.crs)
    return f"EPSG:{code}" if code else gdf.crs.to_wkt()


def _swap_xy(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: xy[:, ::-1])


def finish_layer(gdf: gpd.GeoDataFrame, *, name: str, path: Path, driver: str, source_layer: str | None,
                 encoding: EncodingChoice | None, options: ReadOptions,
                 warnings_: list[str] | None = None) -> VectorLayer:
    """Shared post-processing of every GDAL read: CRS policy and geometry health, recorded in the
    layer's provenance and warnings."""
    notes = list(warnings_ or [])
    if gdf.attrs.get("linearised"):
        notes.append(f"the layer has curved geometries (arcs): they were converted to straight segments, one "
                     f"vertex every {ARC_STEP_DEGREES:g}° of arc (deviation at most 0.004 % of the arc's radius, "
                     "4 mm on a 100 m radius)")
    _refuse_non_finite(gdf, path, name)
    source_crs = _source_crs_text(gdf)
    crs_assumed = None
    geoms = gdf.geometry.values
    present = geoms[~(shapely.is_missing(np.asarray(geoms)) | shapely.is_empty(np.asarray(geoms)))]
    bounds = shapely.total_bounds(np.asarray(present)) if len(present) else np.full(4, np.nan)

    if gdf.crs is None:
        if options.crs is not None:
            try:
                gdf = gdf.set_crs(to_crs(options.crs))
            except Exception as exc:  # noqa: BLE001 - pyproj raises several types for bad input
                raise UsageError(f"unknown CRS {options.crs!r}: {exc}") from None
            crs_assumed = f"no CRS in the file; EPSG:{epsg_of(gdf.crs)} given by the user"
        else:
            guess = infer_crs_from_bounds(*bounds)
            if guess.epsg is not None:
                if guess.swapped_xy:
                    gdf = gdf.set_geometry(_swap_xy(np.asarray(gdf.geometry.values)), crs=None)
                gdf = gdf.set_crs(guess.epsg, allow_override=True)
                crs_assumed = "no CRS in the file; " + guess.reason
            else:
                notes.append(f"no CRS in the file and none can be inferred ({guess.reason}): choose one")
    else:
        code = epsg_of(gdf.crs)
        if code is not None and gdf.crs.to_epsg() != code:
            gdf = gdf.set_crs(code, allow_override=True)  # Esri WKT with a clear EPSG match
        legacy = legacy_datum(gdf.crs)
        if legacy:
            notes.append(f"the CRS is on the {legacy} datum ({gdf.crs.name}): it is NOT CGCS2000; "
                         "transform it with explicit parameters before comparing with CGCS2000 layers")
        if len(present):
            # coordinates that contradict the declared CRS are taken in the CRS they fit, saying so, or refused
            fit = check_coordinates(bounds, gdf.crs)
            if fit.problem:
                raise DataError(path, fit.problem, layer=source_layer)
            if fit.swap_xy:
                gdf = gdf.set_geometry(_swap_xy(np.asarray(gdf.geometry.values)), crs=gdf.crs)
            if fit.crs is not None:
                gdf = gdf.set_crs(fit.crs, allow_override=True)
            crs_assumed = fit.note or crs_assumed
    if crs_assumed:
        notes.append("CRS assumed: " + crs_assumed)
    gcj = gcj02_suspicion(gdf.columns.drop(gdf.geometry.name), gdf.crs, bounds)
    if gcj:
        notes.append(gcj)

    arr = np.asarray(gdf.geometry.values)
    missing_mask = shapely.is_missing(arr)
    if missing_mask.any():
        notes.append(f"{int(missing_mask.sum())} feature(s) have no geometry "
                     f"(first: feature {int(np.flatnonzero(missing_mask)[0])})")
    empty_mask = ~missing_mask & shapely.is_empty(arr)
    if empty_mask.any():
        notes.append(f"{int(empty_mask.sum())} feature(s) have an empty geometry "
                     f"(first: feature {int(np.flatnonzero(empty_mask)[0])})")
    polygonal = np.isin(shapely.get_type_id(arr), (3, 6)) & ~missing_mask & ~empty_mask
    flat = polygonal & (shapely.area(arr) == 0)
    if flat.any():
        notes.append(f"{int(flat.sum())} polygon(s) have no area: all their points lie on one spot or one line "
                     f"(first: feature {int(np.flatnonzero(flat)[0])})")
    notes.extend(_float_id_notes(gdf))
    if encoding is not None and encoding.source == "detected" and encoding.confidence < 0.6:
        notes.append(f"text encoding uncertain: {encoding.label}")
    guess = guess_role(path.name, name, source_layer)
    provenance = Provenance(
        source_path=str(path), source_layer=source_layer, driver=driver, source_crs=source_crs,
        crs_assumed=crs_assumed, encoding=encoding.encoding if encoding else None,
        encoding_source=encoding.source if encoding else None,
    )
    return VectorLayer(name=name, gdf=gdf, role=guess.role, role_reason=guess.reason,
                       provenance=provenance, warnings=notes)


def _refuse_non_finite(gdf: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """A NaN or infinite coordinate (a damaged or badly exported file) makes every bound, area and
    zone test meaningless: refuse the file, naming the first such feature, before anything uses it."""
    coords, owner = shapely.get_coordinates(np.asarray(gdf.geometry.values), return_index=True)
    bad = ~np.isfinite(coords).all(axis=1)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        x, y = coords[first]
        raise DataError(path, f"the coordinate ({x}, {y}) is not a finite number ({len(np.unique(owner[bad]))} "
                              "feature(s) in all): the geometry is damaged; repair or remove the feature",
                        feature=int(owner[first]), layer=layer)


def _float_id_notes(gdf: gpd.GeoDataFrame) -> list[str]:
    """Whole numbers beyond 2**53 in a floating-point field: an 18-digit 标识码 stored as REAL has
    lost its last digits already in the file, so two parcels may share one id; say so, never show it
    as if it were exact."""
    notes = []
    for name in gdf.columns:
        if name == gdf.geometry.name or not pd.api.types.is_float_dtype(gdf[name]):
            continue
        values = gdf[name].to_numpy(dtype=float)
        big = np.isfinite(values) & (np.abs(values) >= FLOAT_EXACT) & (np.mod(values, 1) == 0)
        if big.any():
            first = int(np.flatnonzero(big)[0])
            notes.append(f"feature {first}, field {name}: {float_text(values[first])} is a whole number too long for the "
                         f"floating-point field that stores it: its last digits are not reliable "
                         f"({int(big.sum())} values); store such ids as text or integers")
    return notes


def invalid_count(layer: VectorLayer) -> int:
    return int(layer.invalid_mask().sum())


# --------------------------------------------------------------------------- shapefile

def _check_shp(shp: bytes, shx: bytes | None, path: Path) -> None:
    """Refuse a damaged or truncated .shp, naming the first feature that is cut off. (GDAL itself
    returns the lost features as empty geometries without a word.)"""
    if len(shp) < 100 or struct.unpack(">i", shp[:4])[0] != 9994:
        raise DataError(path, "not a shapefile (.shp header is missing or damaged)")
    declared = struct.unpack(">i", shp[24:28])[0] * 2
    if declared <= len(shp):
        return
    problem = f"the .shp is truncated (its header announces {declared} bytes, the file has {len(shp)})"
    if shx is not None:
        count = (len(shx) - 100) // 8
        for i in range(count):
            offset, length = struct.unpack(">ii", shx[100 + 8 * i:108 + 8 * i])
            if (offset + length + 4) * 2 > len(shp):
                raise DataError(path, f"{problem}: features {i} to {count - 1} are cut off; copy the complete "
                                      "file again", feature=i)
    raise DataError(path, problem + "; copy the complete file again")


def _read_shapefile_bytes(path: Path, shp: bytes, shx: bytes | None, dbf: bytes | None, cpg: str | None,
                          options: ReadOptions, gdal_path: str, display: Path, name: str,
                          prj: bytes | None = None) -> list[VectorLayer]:
    _check_shp(shp, shx, display)
    if shx is None:
        raise DataError(display, "the .shx index file is missing (a shapefile needs .shp, .shx and .dbf together)")
    if dbf is None:
        raise DataError(display, "the .dbf attribute table is missing (a shapefile needs .shp, .shx and .dbf together)")
    try:
        encoding, notes = choose_dbf_encoding(dbf, cpg, options.encoding)
        table = read_dbf(dbf, encoding)
    except ValueError as exc:
        raise DataError(display, f"the .dbf is damaged: {exc}") from None
    if table is None:  # field types we do not decode (memo, dBASE 7): GDAL reads the table
        gdf = _read_gdal(gdal_path, None, encoding.encoding, display)
    else:
        gdf = _join_dbf(_read_shapes(shp, shx, prj, display), table, display, notes)
    return [finish_layer(gdf, name=name, path=display, driver="ESRI Shapefile", source_layer=name,
                         encoding=encoding, options=options, warnings_=notes)]


def _read_shapes(shp: bytes, shx: bytes, prj: bytes | None, display: Path) -> gpd.GeoDataFrame:
    """The shapes and CRS of a shapefile through GDAL, without its .dbf: GDAL drops the shapes
    beyond the last .dbf record, and the attributes are read exactly by :func:`read_dbf`."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="parkgis-shp-") as tmp:
        base = Path(tmp) / "shapes"
        base.with_suffix(".shp").write_bytes(shp)
        base.with_suffix(".shx").write_bytes(shx)
        if prj is not None:
            base.with_suffix(".prj").write_bytes(prj)
        return _read_gdal(str(base.with_suffix(".shp")), None, None, display)


def _join_dbf(shapes: gpd.GeoDataFrame, table: DbfTable, display: Path, notes: list[str]) -> gpd.GeoDataFrame:
    """The shapes with their attribute records, record i to shape i; every mismatch said."""
    n = len(shapes)
    attrs = pd.DataFrame(table.columns, index=pd.RangeIndex(table.records))
    deleted = table.deleted
    dbf_name = display.with_suffix(".dbf").name
    if table.records < n:
        notes.append(f"the .dbf ({dbf_name}) holds {table.records} records for {n} shapes: feature {n - 1} is "
                     "read without attributes" if table.records == n - 1 else
                     f"the .dbf ({dbf_name}) holds {table.records} records for {n} shapes: features "
                     f"{table.records} to {n - 1} are read without attributes")
        for column in attrs.columns:
            if pd.api.types.is_integer_dtype(attrs[column]):
                attrs[column] = attrs[column].astype("Int64")  # padding must not turn ids into floats
        attrs = attrs.reindex(pd.RangeIndex(n))
        deleted = np.concatenate([deleted, np.zeros(n - table.records, dtype=bool)])
    elif table.records > n:
        notes.append(f"the .dbf ({dbf_name}) holds {table.records} records for {n} shapes: the last "
                     f"{table.records - n} records have no shape and are left out")
        attrs, deleted = attrs.iloc[:n], deleted[:n]
    notes.extend(table.notes)
    gdf = gpd.GeoDataFrame(attrs, geometry=shapes.geometry.values, crs=shapes.crs)
    if deleted.any():
        # dBASE keeps deleted records until the table is packed; GIS programs leave them out
        notes.append(f"{int(deleted.sum())} record(s) are marked deleted in the .dbf and are left out "
                     f"(first: feature {int(np.flatnonzero(deleted)[0])})")
        gdf = gdf[~deleted].reset_index(drop=True)
    return gdf


def read_shapefile(path: Path, options: ReadOptions) -> list[VectorLayer]:
    dbf_path, shx_path, cpg_path = sidecar(path, ".dbf"), sidecar(path, ".shx"), sidecar(path, ".cpg")
    prj_path = sidecar(path, ".prj")
    cpg = cpg_path.read_text(encoding="ascii", errors="replace") if cpg_path else None
    return _read_shapefile_bytes(
        path, path.read_bytes(), shx_path.read_bytes() if shx_path else None,
        dbf_path.read_bytes() if dbf_path else None, cpg, options, str(path), path, path.stem,
        prj_path.read_bytes() if prj_path else None)


#: a shapefile component holds at most 2 GB (its offsets are 32-bit); a zip entry that unpacks to
#: more is no shapefile, and is never unpacked into memory (a zip bomb)
MAX_ZIP_MEMBER_BYTES = 2 * 1024**3
#: a zip whose entries together unpack to more than this is refused before anything is unpacked:
#: the members of a zipped shapefile are unpacked into memory
MAX_ZIP_TOTAL_BYTES = 2 * 1024**3
#: an entry that unpacks to more than ZIP_RATIO_FLOOR_BYTES and more than this many times its
#: packed size is a zip bomb: real .dbf tables with wide, mostly empty text fields pack 10-50×
MAX_ZIP_RATIO = 100
ZIP_RATIO_FLOOR_BYTES = 64 * 1024**2


def _safe_zip_members(path: Path) -> zipfile.ZipFile:
    """Open a zip after checking its directory: no entry may climb out of the archive, and the
    declared sizes (which Python's and GDAL's unpackers stop at) must be those of real data, not
    of a zip bomb — refused before a byte is unpacked."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(path, f"not a readable zip archive ({exc})") from None
    total = 0
    for info in archive.infolist():
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            archive.close()
            raise DataError(path, f"the archive entry {info.filename!r} points outside its folder; "
                                  "refusing to read this zip")
        total += info.file_size
        if info.file_size > ZIP_RATIO_FLOOR_BYTES and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
            archive.close()
            raise DataError(path, f"the archive entry {info.filename!r} unpacks from "
                                  f"{info.compress_size / 1024**2:.1f} MB to {info.file_size / 1024**2:.0f} MB "
                                  f"(more than {MAX_ZIP_RATIO} times): refusing to unpack a zip bomb; if the data "
                                  "is real, unzip it yourself and open the .shp")
    if total > MAX_ZIP_TOTAL_BYTES:
        archive.close()
        raise DataError(path, f"the archive unpacks to {total / 1024**3:.1f} GB, more than "
                              f"{MAX_ZIP_TOTAL_BYTES / 1024**3:.0f} GB: refusing to unpack it; unzip it yourself and "
                              "open the .shp")
    return archive


def _unpack(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    size = archive.getinfo(name).file_size
    if size > MAX_ZIP_MEMBER_BYTES:
        raise DataError(path, f"the archive entry {name!r} unpacks to {size / 1024**3:.1f} GB, more than a "
                              "shapefile component can hold (2 GB); refusing to unpack it")
    return archive.read(name)


def read_zip(path: Path, options: ReadOptions) -> list[VectorLayer]:
    """Zipped shapefile(s) or a zipped FileGDB. Member paths are checked before anything is read
    (a path that climbs out of the archive is refused); nothing is extracted to disk."""
    with _safe_zip_members(path) as archive:
        names = archive.namelist()
        gdbs = sorted({n.split(".gdb/")[0] + ".gdb" for n in names if ".gdb/" in n})
        shps = [n for n in names if n.lower().endswith(".shp")]
        if gdbs:
            return read_gdal_multi(path, options, gdal_path=f"/vsizip/{path}/{gdbs[0]}", driver="OpenFileGDB")
        if not shps:
            raise DataError(path, "the zip holds no shapefile (.shp) and no FileGDB (.gdb)")
        layers = []
        for shp_name in shps:
            stem = shp_name[:-4]
            if options.layer and PurePosixPath(stem).name != options.layer:
                continue

            def member(suffix: str, stem=stem) -> bytes | None:
                for n in names:
                    if n.lower() == (stem + suffix).lower():
                        return _unpack(archive, n, path)
                return None

            cpg = member(".cpg")
            layers += _read_shapefile_bytes(
                path, _unpack(archive, shp_name, path), member(".shx"), member(".dbf"),
                cpg.decode("ascii", "replace") if cpg else None, options,
                f"/vsizip/{path}/{shp_name}", Path(f"{path}!{shp_name}"), PurePosixPath(stem).name,
                member(".prj"))
        if not layers:
            raise DataError(path, f"the zip has no layer named {options.layer!r}")
        return layers


# --------------------------------------------------------------------------- multi-layer formats

def read_gdal_multi(path: Path, options: ReadOptions, *, gdal_path: str | None = None,
                    driver: str | None = None, encoding: EncodingChoice | None = None,
                    gdal_decodes: bool = True) -> list[VectorLayer]:
    """GeoPackage, FileGDB, KML, GeoJSON, TopoJSON: every vector layer with geometry (or the named one)."""
    source = gdal_path or str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL's oddities; the result is checked here
            listed = pyogrio.list_layers(source)
    except GDAL_ERRORS as exc:
        raise DataError(path, f"cannot be opened: {_gdal_message(exc)}") from None
    names = [str(n) for n, gtype in listed if gtype is not None and not str(n).startswith(PROJECT_TABLE_PREFIXES)]
    if options.layer is not None:
        if options.layer not in [str(n) for n, _ in listed]:
            raise DataError(path, f"no layer named {options.layer!r}; layers: {', '.join(names) or '(none)'}")
        names = [options.layer]
    if not names:
        raise DataError(path, "the file holds no vector layer with geometry")
    if driver is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                driver = pyogrio.read_info(source, layer=names[0])["driver"]
        except GDAL_ERRORS as exc:
            raise DataError(path, f"cannot be opened: {_gdal_message(exc)}") from None
    layers = []
    for name in names:
        legacy = encoding.encoding if gdal_decodes and encoding and encoding.encoding != "UTF-8" else None
        gdf = _read_gdal(source, name, legacy, path, arrow=legacy is None)
        layers.append(finish_layer(gdf, name=name, path=path, driver=driver, source_layer=name,
                                   encoding=encoding or EncodingChoice("UTF-8", "declared"), options=options))
    return layers


def read_text_vector(path: Path, options: ReadOptions) -> list[VectorLayer]:
    """GeoJSON / TopoJSON / KML: UTF-8 by their specs, but files in GBK, UTF-16 (Notepad's "Unicode")
    or KML declared ``GB2312`` circulate, and GDAL refuses or garbles them: decode them ourselves and
    hand GDAL a UTF-8 copy."""
    import re
    import tempfile

    data = path.read_bytes()
    xml = path.suffix.lower() == ".kml"
    try:
        text, choice, notes = decode_vector_text(data, options.encoding, xml=xml)
    except (ValueError, LookupError) as exc:
        raise DataError(path, f"cannot decode the text: {exc}") from None
    plain_utf8 = choice.encoding == "UTF-8" and not data.startswith(b"\xef\xbb\xbf") and not notes and \
        not (xml and re.match(rb"\s*<\?xml[^>]*encoding", data[:512]) and not
             re.match(rb"\s*<\?xml[^>]*encoding\s*=\s*[\"']utf-?8[\"']", data[:512], re.I))
    if plain_utf8:
        return read_gdal_multi(path, options, encoding=choice)
    if xml:
        text = re.sub(r"^\s*(<\?xml[^>]*?encoding\s*=\s*)[\"'][^\"']*[\"']", r'\1"UTF-8"', text, count=1)
    with tempfile.TemporaryDirectory(prefix="parkgis-text-") as tmp:
        utf8 = Path(tmp) / ("utf8" + path.suffix.lower())
        utf8.write_text(text, encoding="utf-8")
        layers = read_gdal_multi(path, options, gdal_path=str(utf8), encoding=choice, gdal_decodes=False)
    for layer in layers:
        layer.warnings[:0] = notes
    return layers


# --------------------------------------------------------------------------- writers

def _prepared(layer: VectorLayer, options: WriteOptions) -> gpd.GeoDataFrame:
    gdf = layer.gdf
    if options.to_crs is not None:
        if gdf.crs is None:
            raise UsageError(f"layer {layer.name} has no CRS: it cannot be reprojected; assign one first")
        gdf = gdf.to_crs(to_crs(options.to_crs))
    return gdf


def _writable_columns(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """GDAL cannot write list or dict values (DataV GeoJSON has ``center: [lon, lat]``): store them as JSON text."""
    import json

    out = None
    for column in gdf.columns:
        if column == gdf.geometry.name or gdf[column].dtype != object:
            continue
        sample = gdf[column].dropna()
        if len(sample) and sample.map(lambda v: isinstance(v, (list, dict, tuple, np.ndarray))).any():
            out = gdf.copy() if out is None else out
            out[column] = gdf[column].map(
                lambda v: json.dumps(v.tolist() if isinstance(v, np.ndarray) else v, ensure_ascii=False)
                if isinstance(v, (list, dict, tuple, np.ndarray)) else v)
    return gdf if out is None else out


def _write(gdf: gpd.GeoDataFrame, path: Path, layer: str | None, driver: str, **kwargs) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            # a layer without CRS was already flagged when read; writing it as it is is the user's choice
            warnings.filterwarnings("ignore", "'crs' was not provided", UserWarning)
            pyogrio.write_dataframe(_writable_columns(gdf), path, layer=layer, driver=driver, **kwargs)
    except GDAL_ERRORS as exc:
        raise DataError(path, f"cannot be written: {_gdal_message(exc)}", layer=layer) from None


def write_gpkg_layers(frames: Sequence[tuple[str, gpd.GeoDataFrame]], path: Path) -> None:
    """Write named frames into a new GeoPackage at ``path`` as version 1.2, which the QGIS 3.22 /
    GDAL 3.6 of many bureaus opens without "partially supported" warnings. Not atomic by itself:
    callers write into an :func:`atomic_output` temporary."""
    for i, (name, gdf) in enumerate(frames):
        _write(gdf, path, name, "GPKG", **({"dataset_options": {"VERSION": "1.2"}} if i == 0 else {}))


def write_gpkg(layers: Sequence[VectorLayer], path: Path, options: WriteOptions) -> None:
    with atomic_output(path) as tmp:
        write_gpkg_layers([(layer.name, _prepared(layer, options)) for layer in layers], tmp)


def write_shapefile(layers: Sequence[VectorLayer], path: Path, options: WriteOptions) -> None:
    (layer,) = layers
    codec = normalize_codec(options.encoding)
    gdf = _prepared(layer, options)
    _check_encodable(gdf, codec, path, layer.name)
    # GB18030 is GDAL's own name (and the .cpg it writes); CP936 is GBK, which cannot hold 㘵 or 𠀀
    gdal_encoding = {"GBK": "CP936"}.get(codec, codec)
    with atomic_shapefile(path) as tmp:
        _write(gdf, tmp, layer.name, "ESRI Shapefile", encoding=gdal_encoding)


def _check_encodable(gdf: gpd.GeoDataFrame, codec: str, path: Path, layer: str) -> None:
    """Refuse text the chosen code page cannot hold: GDAL would drop those characters without a word
    (GBK has no 㘵, 𠀀 or 䶮, all found in real place names). GB18030 and UTF-8 hold every character."""
    if codec in ("UTF-8", "GB18030"):
        return
    for name in gdf.columns:
        if name == gdf.geometry.name:
            continue
        bad = _unencodable(str(name), codec)
        if bad:
            raise DataError(path, f"the field name {name!r} holds {bad!r}, which {codec} cannot hold; write "
                                  "GB18030 or UTF-8 instead, which hold every character", layer=layer)
        column = gdf[name]
        if column.dtype.kind in "biufcmM":
            continue
        for i, value in enumerate(column.tolist()):
            if isinstance(value, str) and (bad := _unencodable(value, codec)):
                raise DataError(path, f"field {name}: {value!r} holds {bad!r}, which {codec} cannot hold; write "
                                      "GB18030 or UTF-8 instead, which hold every character", feature=i, layer=layer)


def _unencodable(text: str, codec: str) -> str:
    try:
        text.encode(codec)
        return ""
    except UnicodeEncodeError as exc:
        return text[exc.start:exc.end]
    except LookupError:
        return ""


def write_single(driver: str, *, force_crs: int | None = None):
    def writer(layers: Sequence[VectorLayer], path: Path, options: WriteOptions) -> None:
        (layer,) = layers
        gdf = _prepared(layer, options)
        if force_crs is not None and gdf.crs is not None and epsg_of(gdf.crs) != force_crs:
            gdf = gdf.to_crs(force_crs)
        with atomic_output(path) as tmp:
            _write(gdf, tmp, layer.name, driver)
    return writer


def _sniff_topojson(_path: Path, head: bytes) -> bool:
    return b'"Topology"' in head.replace(b" ", b"")


def _sniff_geojson(_path: Path, head: bytes) -> bool:
    return not _sniff_topojson(_path, head)


def _read_geojson(path: Path, options: ReadOptions) -> list[VectorLayer]:
    return read_text_vector(path, options)


def _read_topojson(path: Path, options: ReadOptions) -> list[VectorLayer]:
    """TopoJSON through GDAL, which turns a geometry whose arc index points past the arcs into an
    empty one without a word: check the indices ourselves and name the features."""
    layers = read_text_vector(path, options)
    problems = _topojson_arc_problems(path.read_bytes())
    for layer in layers:
        for note in problems.get(layer.name, []):
            if options.strict:
                raise DataError(path, note, layer=layer.name)
            layer.warnings.append(note)
    return layers


def _topojson_arc_problems(data: bytes) -> dict[str, list[str]]:
    import json

    try:
        topo = json.loads(data)
        objects, arcs = topo.get("objects") or {}, topo.get("arcs") or []
    except (ValueError, AttributeError):
        return {}  # GDAL read it; a text we cannot parse is left to what GDAL said
    count = len(arcs)

    def bad_index(node):
        if isinstance(node, bool):
            return None
        if isinstance(node, int):
            index = node if node >= 0 else ~node  # a negative index is the reversed arc ~i
            return node if index >= count else None
        if isinstance(node, list):
            for item in node:
                found = bad_index(item)
                if found is not None:
                    return found
        return None

    out: dict[str, list[str]] = {}
    for name, obj in objects.items() if isinstance(objects, dict) else ():
        geometries = obj.get("geometries", []) if isinstance(obj, dict) and obj.get("type") == "GeometryCollection" \
            else [obj]
        bad = [(i, index) for i, geom in enumerate(geometries) if isinstance(geom, dict)
               and (index := bad_index(geom.get("arcs"))) is not None]
        if bad:
            first, index = bad[0]
            out[str(name)] = [f"feature {first}: the geometry refers to arc {index}, but the topology has {count} "
                              f"arcs: its geometry is empty ({len(bad)} feature(s) in all)"]
    return out


def _read_kmz(path: Path, options: ReadOptions) -> list[VectorLayer]:
    with _safe_zip_members(path):
        pass
    return read_gdal_multi(path, options)


register_format(Format("shapefile", "Shapefile", (".shp",), reader=read_shapefile, writer=write_shapefile))
register_format(Format("zip", "压缩包（Shapefile / FileGDB）", (".zip", ".shp.zip", ".gdb.zip"), reader=read_zip))
register_format(Format("gpkg", "GeoPackage", (".gpkg",), reader=read_gdal_multi, writer=write_gpkg,
                       multi_layer=True))
register_format(Format("geojson", "GeoJSON", (".geojson", ".json"), reader=_read_geojson,
                       writer=write_single("GeoJSON"), sniff=_sniff_geojson))
register_format(Format("topojson", "TopoJSON", (".topojson", ".json"), reader=_read_topojson,
                       sniff=_sniff_topojson, priority=1))
register_format(Format("kml", "KML", (".kml",), reader=read_text_vector,
                       writer=write_single("KML", force_crs=4326)))
register_format(Format("kmz", "KMZ", (".kmz",), reader=_read_kmz))
register_format(Format("filegdb", "Esri FileGDB", (".gdb",), reader=read_gdal_multi))
