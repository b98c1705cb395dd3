"""The registry of file formats: one entry per format, no if-chains.

A reader takes a path and :class:`ReadOptions` and returns every layer it found as
:class:`~parkgis.core.layers.VectorLayer` objects, each with its provenance (source, driver,
encoding and where it came from, CRS as read and any assumption). A writer takes layers, a path
and :class:`WriteOptions` and writes atomically. Every reader raises
:class:`~parkgis.core.errors.DataError` naming the file (and feature) for bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, UsageError
from ..fsutil import recover_interrupted_write, require_readable_dataset
from ..layers import VectorLayer
from .encoding import normalize_codec


@dataclass(frozen=True)
class ReadOptions:
    layer: str | None = None        # read only this layer (multi-layer formats)
    encoding: str | None = None     # explicit text encoding: beats .cpg, LDID and detection
    crs: object = None              # CRS to use when the file declares none (EPSG int / string / WKT)
    strict: bool = False            # refuse input with any finding instead of reading what is good


@dataclass(frozen=True)
class WriteOptions:
    encoding: str = "UTF-8"         # shapefile: written with a .cpg; "GBK" on request
    to_crs: object = None           # reproject before writing
    precision: float | None = None  # coordinate precision for formats that fix one (coordinate TXT)
    extra: dict = field(default_factory=dict)


Reader = Callable[[Path, ReadOptions], list[VectorLayer]]
Writer = Callable[[Sequence[VectorLayer], Path, WriteOptions], None]


@dataclass(frozen=True)
class Format:
    """One file format.

    ``sniff`` decides for ambiguous extensions (``.json`` may be GeoJSON or TopoJSON, ``.txt`` a
    coordinate file or not); it gets the path and the first 64 KiB of the file.
    """

    name: str
    label_zh: str
    extensions: tuple[str, ...]
    reader: Reader | None = None
    writer: Writer | None = None
    sniff: Callable[[Path, bytes], bool] | None = None
    multi_layer: bool = False       # the writer can hold several layers in one file
    priority: int = 0               # higher wins when several formats claim an extension


_FORMATS: dict[str, Format] = {}


def register_format(fmt: Format) -> Format:
    _FORMATS[fmt.name] = fmt
    return fmt


def formats() -> list[Format]:
    _load_builtin_formats()
    return list(_FORMATS.values())


def get_format(name: str) -> Format:
    _load_builtin_formats()
    try:
        return _FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown format {name!r}; known: {', '.join(sorted(_FORMATS))}") from None


def _extension_of(path: Path) -> str:
    name = path.name.lower()
    for fmt in _FORMATS.values():
        for ext in fmt.extensions:
            if name.endswith(ext) and ext.count(".") > 1:  # compound extensions such as .shp.zip
                return ext
    if path.is_dir() and name.endswith(".gdb"):
        return ".gdb"
    return path.suffix.lower()


def _head(path: Path) -> bytes:
    if path.is_file():
        with open(path, "rb") as fh:
            return fh.read(65536)
    return b""


def format_for_read(path: str | Path) -> Format:
    _load_builtin_formats()
    path = Path(path)
    ext = _extension_of(path)
    candidates = sorted((f for f in _FORMATS.values() if ext in f.extensions and f.reader),
                        key=lambda f: -f.priority)
    if not candidates:
        raise DataError(path, f"unsupported file type {ext or '(no extension)'}; supported: "
                              + ", ".join(sorted({e for f in _FORMATS.values() if f.reader for e in f.extensions})))
    head = _head(path)
    for fmt in candidates:
        if fmt.sniff is None or fmt.sniff(path, head):
            return fmt
    raise DataError(path, f"the content does not look like any format that uses {ext}")


def format_for_write(path: str | Path) -> Format:
    _load_builtin_formats()
    path = Path(path)
    ext = _extension_of(path)
    candidates = sorted((f for f in _FORMATS.values() if ext in f.extensions and f.writer),
                        key=lambda f: -f.priority)
    if not candidates:
        raise UsageError(f"cannot write {path.name}: no writer for {ext or '(no extension)'}; writable: "
                         + ", ".join(sorted({e for f in _FORMATS.values() if f.writer for e in f.extensions})))
    return candidates[0]


def read_layers(path: str | Path, *, layer: str | None = None, encoding: str | None = None,
                crs: object = None, strict: bool = False) -> list[VectorLayer]:
    """Read every layer (or the named one) of a supported file.

    Raises :class:`DataError` naming the file and the problem for missing, empty, truncated or
    unsupported files.
    """
    path = Path(path)
    try:
        recover_interrupted_write(path)   # a killed shapefile write is finished before anyone reads it
    except OSError as exc:
        raise DataError(path, f"an interrupted write of this shapefile could not be completed: "
                              f"{exc.strerror or exc}") from None
    if not path.exists():
        raise DataError(path, "file not found")
    require_readable_dataset(path)
    if path.is_file() and path.stat().st_size == 0:
        raise DataError(path, "the file is empty (0 bytes)")
    fmt = format_for_read(path)
    options = ReadOptions(layer=layer, encoding=encoding, crs=crs, strict=strict)
    layers = fmt.reader(path, options)
    for vector_layer in layers:
        if vector_layer.provenance.encoding:
            try:
                vector_layer.provenance.encoding = normalize_codec(vector_layer.provenance.encoding)
            except ValueError:
                pass
    return layers


def write_layers(layers: Sequence[VectorLayer], path: str | Path, *, encoding: str = "UTF-8",
                 to_crs: object = None, precision: float | None = None, extra: dict | None = None) -> Format:
    """Write layers to ``path`` atomically in the format its extension names."""
    path = Path(path)
    fmt = format_for_write(path)
    if len(layers) > 1 and not fmt.multi_layer:
        raise UsageError(f"{fmt.name} holds one layer per file; {len(layers)} layers were given "
                         f"({', '.join(lyr.name for lyr in layers)}): choose one or write a GeoPackage")
    fmt.writer(layers, path, WriteOptions(encoding=encoding, to_crs=to_crs, precision=precision,
                                          extra=dict(extra or {})))
    return fmt


_loaded = False


def _load_builtin_formats() -> None:
    """Import the modules that register the built-in formats (once, lazily: keeps start-up fast)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import importlib

    for module in BUILTIN_FORMAT_MODULES:
        importlib.import_module(f"{__package__}.{module}")


#: modules under parkgis.core.io that call register_format() at import time
BUILTIN_FORMAT_MODULES: list[str] = ["vector", "coordtxt", "dxf", "cass"]
