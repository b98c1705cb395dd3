"""Ministry coordinate TXT (部标坐标文件, 勘测定界 / 报批 坐标文件): reader, writer, validation.

Layout (DESIGN §5)::

    [属性描述]
    坐标系=2000国家大地坐标系
    几度分带=3
    带号=37
    精度=0.001
    [地块坐标]
    界址点数,地块面积,地块编号,地块名称,记录图形属性(点/线/面),图幅号,地块用途,地类编码,@
    J1,1,X,Y          # 点号,圈号,X(北),Y(东, often with the zone number as prefix)

What real files do, and what this module does about it:

- GBK without BOM, UTF-8 with or without BOM, CRLF or LF: decoded by BOM, then strict UTF-8, then
  GB18030 (a superset of GBK); the encoding and how it was found go to the layer's provenance.
- ``分带=3度带`` instead of ``几度分带=3``, an empty ``带号``, ``精度`` as a step (``0.001``) or as a
  digit count (``3``), extra keys and extra sections: all kept as metadata.
- Misaligned or short parcel header lines (``63,,010031, 32,,,地块1,,@``): read by position, missing
  fields empty, spaces stripped; what cannot be right is reported, never guessed.
- 圈号 numbering of holes and parts differs between producers, so rings are assembled into shells and
  holes by containment (a ring inside an odd number of rings is a hole), never by 圈号 alone.
- Unclosed rings are closed; the zone comes from the easting prefix or from ``带号`` (a disagreement
  is reported, the prefix wins because it is what the coordinates say); X/Y swapped by the producer
  is detected by magnitude and undone with a warning.
- 地块面积 is compared with the computed area read as 公顷 and as m²; 界址点数 with the point lines.

Every problem is a :class:`Finding` with a stable ``code``, the line number and the parcel, so the
CLI (``parkgis validate``) and the GUI can list and translate them. Messages are English.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from shapely.geometry import MultiPolygon, Polygon

from ..area import ellipsoidal_area, own_zone_planar_area
from ..crs import (
    GKZone,
    epsg_of,
    gk3_epsg,
    gk6_epsg,
    gk_zone_of_epsg,
    legacy_datum,
    to_crs,
    working_crs,
)
from ..errors import DataError, UsageError
from ..fields import value_text
from ..fsutil import atomic_output
from ..layers import Provenance, VectorLayer
from ..roles import Role
from .encoding import decode_text, head_text
from .registry import Format, ReadOptions, WriteOptions, register_format

LAYER_NAME = "地块"
#: key of this format's header data in ``Provenance.metadata``
METADATA_KEY = "coordtxt"
#: attribute columns of the parcel layer, in the order of the parcel header line
FIELDS = ("JZDS", "DKMJ", "DKBH", "DKMC", "TXSX", "TFH", "DKYT", "DLBM")
FIELD_LABELS_ZH = {
    "JZDS": "界址点数", "DKMJ": "地块面积", "DKBH": "地块编号", "DKMC": "地块名称",
    "TXSX": "记录图形属性", "TFH": "图幅号", "DKYT": "地块用途", "DLBM": "地类编码",
}
SECTION_HEADER = "属性描述"
SECTION_COORDS = "地块坐标"

#: relative difference between declared and computed area above which a mismatch is reported
AREA_TOLERANCE = 0.01

ERROR, WARNING, INFO = "error", "warning", "info"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


# --------------------------------------------------------------------------------------------------
# findings


@dataclass(frozen=True)
class Finding:
    """One problem found in a coordinate file.

    ``severity`` is ``error`` (the parcel or file cannot be read as written), ``warning`` (read, but
    something is wrong or was repaired) or ``info``. ``code`` is stable (the GUI translates by it);
    ``params`` holds the values the message was built from.
    """

    severity: str
    code: str
    message: str
    line: int | None = None
    parcel: str | None = None
    params: dict = field(default_factory=dict, compare=False)

    def format(self, path: str | Path | None = None) -> str:
        """``FILE:LINE: severity: parcel P: message [code]`` — one line, compiler style."""
        where = f"{path}:" if path is not None else ""
        where += f"{self.line}:" if self.line is not None else ""
        parcel = f"parcel {self.parcel}: " if self.parcel is not None else ""
        return f"{where} {self.severity}: {parcel}{self.message} [{self.code}]".lstrip()

    def as_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------------------------------
# parsed file model


@dataclass
class TxtPoint:
    point_id: str
    ring_no: str
    x: float        # as written in the X column (northing, unless the file is swapped)
    y: float        # as written in the Y column
    line: int
    x_text: str
    y_text: str


@dataclass
class TxtParcel:
    """One parcel block: its header line, point lines, and what was built from them."""

    index: int                      # 1-based position in the file
    header_line: int | None
    attrs: dict = field(default_factory=dict)
    extra_fields: list[str] = field(default_factory=list)
    points: list[TxtPoint] = field(default_factory=list)
    point_lines: int = 0            # point lines seen, including bad ones
    bad: bool = False               # an error finding makes this parcel unreadable
    geometry: object = None
    planar_m2: float | None = None
    ellipsoidal_m2: float | None = None
    rings_closed_by_reader: int = 0

    @property
    def label(self) -> str:
        code = self.attrs.get("DKBH")
        return str(code) if code not in (None, "") else f"#{self.index}"


@dataclass
class CoordTxt:
    """A parsed coordinate file with everything the validation report needs."""

    path: Path
    encoding: str
    encoding_source: str
    metadata: dict[str, str] = field(default_factory=dict)
    metadata_lines: dict[str, int] = field(default_factory=dict)
    extra_sections: dict[str, list[str]] = field(default_factory=dict)
    parcels: list[TxtParcel] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    crs: CRS | None = None
    crs_reason: str | None = None
    crs_assumed: bool = False
    precision: float | None = None
    zone: int | None = None
    swapped_xy: bool = False
    headerless: bool = False
    #: decimal commas read as decimal points (``4407123,45``): first line, an example, how many lines
    decimal_comma_line: int | None = None
    decimal_comma_example: str = ""
    decimal_comma_count: int = 0
    #: the parcel header fields in the order a field-name line of the file declares (else the standard)
    field_order: tuple[str | None, ...] = FIELDS
    #: a file of several documents (``cat a.txt b.txt``): each one's first line, header and CRS
    documents: list[dict] = field(default_factory=list)
    first_line: int = field(default=1, repr=False)       # of this document in the file
    index_base: int = field(default=0, repr=False)       # parcels of the documents before this one

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.line if f.line is not None else 0,
                                                    _SEVERITY_ORDER.get(f.severity, 3)))

    def summary(self) -> dict:
        counts = {ERROR: 0, WARNING: 0, INFO: 0}
        for f in self.findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        return {"parcels": len(self.parcels),
                "parcels_read": sum(1 for p in self.parcels if not p.bad and p.geometry is not None),
                "errors": counts[ERROR], "warnings": counts[WARNING], "info": counts[INFO]}

    def as_dict(self) -> dict:
        """The validation report as plain JSON-ready data."""
        return {
            "file": str(self.path),
            "encoding": self.encoding,
            "encoding_source": self.encoding_source,
            "crs": f"EPSG:{epsg_of(self.crs)}" if self.crs is not None and epsg_of(self.crs) else
                   (self.crs.name if self.crs is not None else None),
            "crs_reason": self.crs_reason,
            "crs_assumed": self.crs_assumed,
            "precision": self.precision,
            "swapped_xy": self.swapped_xy,
            "decimal_comma": self.decimal_comma_line is not None,
            "metadata": dict(self.metadata),
            "documents": [dict(d) for d in self.documents],
            "extra_sections": {k: list(v) for k, v in self.extra_sections.items()},
            "parcels": [
                {"index": p.index, "line": p.header_line, "id": p.attrs.get("DKBH"),
                 "name": p.attrs.get("DKMC"), "readable": not p.bad and p.geometry is not None,
                 "point_lines": p.point_lines, "declared_points": p.attrs.get("JZDS"),
                 "declared_area": p.attrs.get("DKMJ"),
                 "area_m2": _round(p.planar_m2, 3), "area_ha": _round(p.planar_m2 and p.planar_m2 / 1e4, 6),
                 "ellipsoidal_area_m2": _round(p.ellipsoidal_m2, 3)}
                for p in self.parcels
            ],
            "findings": [f.as_dict() for f in self.sorted_findings()],
            "summary": self.summary(),
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), digits)


class _Collector:
    def __init__(self, doc: CoordTxt):
        self.doc = doc

    def add(self, severity: str, code: str, message: str, *, line: int | None = None,
            parcel: TxtParcel | None = None, **params) -> None:
        self.doc.findings.append(Finding(severity, code, message, line,
                                         parcel.label if parcel is not None else None, params))
        if severity == ERROR and parcel is not None:
            parcel.bad = True


# --------------------------------------------------------------------------------------------------
# decoding


# --------------------------------------------------------------------------------------------------
# parsing

_SECTION_RE = re.compile(r"^\s*[\[【［]\s*(.*?)\s*[\]】］]\s*$")
_FULLWIDTH = str.maketrans({"＝": "=", "：": ":", "＠": "@", "．": "."})
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _split_fields(line: str) -> tuple[list[str], str]:
    """The fields of a line and the delimiter it uses.

    Commas, or what a producer used instead: tabs or semicolons (a comma beside them is a decimal
    comma, ``4407123,45``), full-width commas ``，`` (only in a line without an ASCII comma: the
    writers put ``，`` inside text fields) or blanks. Empty fields are kept, except between blanks,
    so ``5<TAB>1.0<TAB><TAB>地块一`` keeps its empty 地块编号 and the later fields their places.
    """
    for sep in ("\t", ";"):
        if sep in line:
            fields = [f.strip() for f in line.split(sep)]
            # a comma-separated line padded with tabs ("J1,\t1,\t...") is still comma-separated
            if not any(f.startswith(",") or f.endswith(",") for f in fields):
                return fields, sep
    for sep in (",", "，"):
        if sep in line:
            return [f.strip() for f in line.split(sep)], sep
    return line.split(), " "


def _as_float(text: str) -> float | None:
    text = text.strip().replace(" ", "")
    if not _NUMBER_RE.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _as_int(text: str) -> int | None:
    value = _as_float(text)
    return int(value) if value is not None and value == int(value) else None


def parse_precision(text: str) -> float | None:
    """``精度`` as a step (``0.001``, ``0.001米``) or as a digit count (``3``)."""
    # a decimal comma (精度=0,001) is a decimal point: 0 would be read as a digit count
    m = re.search(r"\d+([.,]\d+)?", text or "")
    if not m:
        return None
    token = m.group(0).replace(",", ".")
    if "." in token:
        value = float(token)
        return value if value > 0 else None
    digits = int(token)
    if 0 < digits <= 9:   # a digit count, as in hangzhou_pengbu (精度=3)
        return 10.0 ** -digits
    return 1.0 if digits == 0 else None


def precision_digits(precision: float) -> int:
    return max(0, round(-math.log10(precision)))


def parse_coordtxt(path: str | Path, *, encoding: str | None = None, crs: object = None,
                   data: bytes | None = None) -> CoordTxt:
    """Parse and check a coordinate file; never raises for bad content (see ``findings``).

    Raises :class:`DataError` only when the file cannot be opened or decoded.
    """
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DataError(path, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        text, enc, enc_source = decode_text(data, encoding)
    except DataError as exc:
        raise DataError(path, exc.problem) from None
    return _parse_text(path, text, enc, enc_source, crs)


def _parse_text(path: Path, text: str, enc: str, enc_source: str, crs: object) -> CoordTxt:
    # `cat a.txt b.txt` joins two documents, each with its own 带号: each is read with its own header
    # (one shared header would move the parcels of one of them by a zone, ~255 km in Ordos)
    docs: list[CoordTxt] = []
    for first_line, chunk in _split_documents(text.splitlines()):
        doc = CoordTxt(path=path, encoding=enc, encoding_source=enc_source, first_line=first_line,
                       index_base=sum(len(d.parcels) for d in docs))
        out = _Collector(doc)
        _parse_lines(doc, out, chunk)
        _assign_crs(doc, out, crs)
        _check_eastings(doc, out)
        _build_geometries(doc, out)
        docs.append(doc)
    doc = docs[0] if len(docs) == 1 else _merge_documents(docs)
    out = _Collector(doc)
    if enc_source == "detected-with-errors":
        out.add(WARNING, "encoding_errors", "bytes that are neither UTF-8 nor GB18030 were replaced")
    _check_duplicate_ids(doc, out)
    return doc


def _crs_text(crs: CRS | None) -> str | None:
    if crs is None:
        return None
    code = epsg_of(crs)
    return f"EPSG:{code}" if code else crs.name


def _merge_documents(docs: list[CoordTxt]) -> CoordTxt:
    """One CoordTxt of several documents, in the CRS of the first that has one: the parcels of a
    document in another zone are transformed into it (and said so), those of a document on another
    datum or without a zone are refused."""
    head = docs[0]
    doc = CoordTxt(path=head.path, encoding=head.encoding, encoding_source=head.encoding_source,
                   metadata=dict(head.metadata), metadata_lines=dict(head.metadata_lines),
                   precision=head.precision, field_order=head.field_order)
    target = next((d for d in docs if d.crs is not None), None)
    if target is not None:
        doc.crs, doc.zone, doc.crs_reason, doc.crs_assumed = target.crs, target.zone, target.crs_reason, \
            target.crs_assumed
    doc.swapped_xy = any(d.swapped_xy for d in docs)
    comma = next((d for d in docs if d.decimal_comma_line is not None), None)
    if comma is not None:
        doc.decimal_comma_line, doc.decimal_comma_example = comma.decimal_comma_line, comma.decimal_comma_example
        doc.decimal_comma_count = sum(d.decimal_comma_count for d in docs)
    out = _Collector(doc)
    starts = ", ".join(str(d.first_line) for d in docs)
    out.add(INFO, "several_documents",
            f"the file holds {len(docs)} documents (属性描述 sections at lines {starts}, as files joined one after "
            "the other): each is read with its own header", line=docs[1].first_line, documents=len(docs))
    for k, d in enumerate(docs, start=1):
        doc.findings.extend(d.findings)
        doc.parcels.extend(d.parcels)
        for name, lines in d.extra_sections.items():
            doc.extra_sections.setdefault(name, []).extend(lines)
        doc.documents.append({"document": k, "line": d.first_line, "metadata": dict(d.metadata),
                              "crs": _crs_text(d.crs), "crs_reason": d.crs_reason, "parcels": len(d.parcels)})
        readable = [p for p in d.parcels if not p.bad and p.geometry is not None]
        if target is None or d is target or not readable or epsg_of(d.crs) == epsg_of(target.crs):
            continue
        n = docs.index(target) + 1
        if d.crs is None or d.crs.datum.name != target.crs.datum.name:
            for parcel in readable:
                if d.crs is None:
                    problem = (f"document {k} (from line {d.first_line}) has no zone of its own: the parcel is not "
                               f"placed in the zone of document {n}")
                else:
                    problem = (f"document {k} (from line {d.first_line}) is on datum {d.crs.datum.name}, document "
                               f"{n} on {target.crs.datum.name}: the parcel is not read (a datum needs explicit "
                               "transformation parameters)")
                out.add(ERROR, "document_not_placed", problem, line=parcel.header_line or d.first_line,
                        parcel=parcel, document=k)
            continue
        geoms = gpd.GeoSeries([p.geometry for p in readable], crs=d.crs).to_crs(target.crs)
        for parcel, geom in zip(readable, geoms, strict=True):
            parcel.geometry = geom      # the areas stay those computed in the document's own zone
        out.add(WARNING, "document_in_other_zone",
                f"document {k} (from line {d.first_line}) is in {_crs_text(d.crs)}, document {n} "
                f"in {_crs_text(target.crs)}: its {len(readable)} parcel(s) were transformed into "
                f"{_crs_text(target.crs)}; their areas are those in their own zone",
                line=d.first_line, document=k, crs=_crs_text(d.crs), target=_crs_text(target.crs))
    return doc


def _check_duplicate_ids(doc: CoordTxt, out: _Collector) -> None:
    by_id: dict[str, list[TxtParcel]] = {}
    for parcel in doc.parcels:
        if parcel.attrs.get("DKBH"):
            by_id.setdefault(str(parcel.attrs["DKBH"]), []).append(parcel)
    for code, parcels in by_id.items():
        if len(parcels) < 2:
            continue
        lines = ", ".join(str(p.header_line) for p in parcels)
        for parcel in parcels[1:]:
            out.add(WARNING, "duplicate_parcel_id",
                    f"地块编号 {code} is used by {len(parcels)} parcels (header lines {lines}): ids must be unique",
                    line=parcel.header_line, parcel=parcel, id=code, lines=[p.header_line for p in parcels])


def _section_name(raw: str) -> str | None:
    m = _SECTION_RE.match(raw.translate(_FULLWIDTH).strip().lstrip("\ufeff"))
    return m.group(1) if m else None


def _split_documents(lines: list[str]) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each document: a [属性描述] after a [地块坐标] section starts a
    new one. Lines keep their numbers in the file (the first chunk is the file up to the split)."""
    starts = [0]
    seen_coords = False
    for i, raw in enumerate(lines):
        name = _section_name(raw)
        if name == SECTION_COORDS:
            seen_coords = True
        elif name == SECTION_HEADER and seen_coords:
            starts.append(i)
            seen_coords = False
    bounds = [*starts, len(lines)]
    return [(starts[k] + 1, lines[starts[k]:bounds[k + 1]]) for k in range(len(starts))]


def _parse_lines(doc: CoordTxt, out: _Collector, lines: list[str]) -> None:
    section: str | None = None
    saw_header_section = saw_coord_section = False
    current: TxtParcel | None = None
    last_line = 0
    has_sections = any(_SECTION_RE.match(raw.translate(_FULLWIDTH)) for raw in lines)
    doc.headerless = not has_sections
    if doc.headerless:
        section = SECTION_COORDS
    for lineno, raw in enumerate(lines, start=doc.first_line):
        line = raw.translate(_FULLWIDTH).strip().lstrip("\ufeff")
        if not line:
            continue
        last_line = lineno
        m = _SECTION_RE.match(line)
        if m:
            section = m.group(1)
            current = None
            if section == SECTION_HEADER:
                saw_header_section = True
            elif section == SECTION_COORDS:
                saw_coord_section = True
            else:
                doc.extra_sections.setdefault(section, [])
                out.add(INFO, "extra_section", f"section [{section}] is not part of the standard; kept as metadata",
                        line=lineno, section=section)
            continue
        if section is None:
            out.add(WARNING, "text_outside_section", "text before the first section ignored", line=lineno)
            continue
        if section == SECTION_HEADER:
            key_value = _header_key_value(line)
            if key_value is None:
                out.add(WARNING, "bad_header_line", f"header line without '=': {line!r}", line=lineno)
                continue
            key, value = key_value
            doc.metadata[key] = value
            doc.metadata_lines[key] = lineno
            continue
        if section != SECTION_COORDS:
            doc.extra_sections[section].append(line)
            continue
        fields, sep = _split_fields(line)
        order = _declared_field_order(fields)
        if order is not None:
            doc.field_order = order
            current = None
            out.add(INFO, "field_order_declared",
                    "a line names the parcel header fields: parcel header lines are read in that order",
                    line=lineno, fields=[f for f in order])
            continue
        if line.endswith("@") or (fields and fields[-1] == "@"):
            current = _start_parcel(doc, out, fields, sep, lineno)
            continue
        if current is None:
            current = TxtParcel(index=doc.index_base + len(doc.parcels) + 1, header_line=None)
            doc.parcels.append(current)
            if not doc.headerless:
                out.add(WARNING, "missing_parcel_header",
                        "point lines before any parcel header line ('...,@'): read as a parcel without attributes",
                        line=lineno, parcel=current)
        _add_point(doc, out, current, fields, sep, lineno)
    if doc.decimal_comma_line is not None:
        out.add(WARNING, "decimal_comma",
                f"coordinates are written with decimal commas (e.g. {doc.decimal_comma_example}): "
                f"read as decimal points on {doc.decimal_comma_count} point line(s)",
                line=doc.decimal_comma_line, example=doc.decimal_comma_example, count=doc.decimal_comma_count)
    if not doc.headerless and not saw_coord_section:
        out.add(ERROR, "no_coordinate_section", "the file has no [地块坐标] section: no parcel to read",
                line=last_line or 1)
    if doc.headerless:
        doc.findings.append(Finding(INFO, "headerless",
                                    "no [属性描述]/[地块坐标] sections: read as a bare point list "
                                    "(点号,X,Y) forming one parcel", 1))
    elif not saw_header_section:
        out.add(WARNING, "no_header_section", "the file has no [属性描述] section", line=1)
    if not doc.parcels and saw_coord_section:
        out.add(ERROR, "no_parcels", "the [地块坐标] section holds no parcel", line=last_line or 1)


def _start_parcel(doc: CoordTxt, out: _Collector, fields: list[str], sep: str, lineno: int) -> TxtParcel:
    # everything before the '@' (which may stand alone or end the last field) is a header field
    at = max(i for i, f in enumerate(fields) if f.endswith("@"))
    values = fields[:at] + ([fields[at][:-1].strip()] if fields[at] != "@" else [])
    order = doc.field_order
    while values and values[-1] == "" and len(values) > len(order):
        values.pop()
    parcel = TxtParcel(index=doc.index_base + len(doc.parcels) + 1, header_line=lineno)
    values, area_comma = _area_decimal_comma(values, order, sep)
    raw = {key: "" for key in FIELDS}
    extra = []
    for k, value in enumerate(values):
        key = order[k] if k < len(order) else None
        if key is None:
            extra.append(value)
        else:
            raw[key] = value
    parcel.extra_fields = extra if any(extra) else []
    attrs: dict = {}
    for key in FIELDS:
        attrs[key] = raw.get(key, "").strip()
    jzds = _as_int(attrs["JZDS"]) if attrs["JZDS"] else None
    dkmj = _as_float(attrs["DKMJ"]) if attrs["DKMJ"] else None
    bad_jzds, bad_dkmj = attrs["JZDS"] and jzds is None, attrs["DKMJ"] and dkmj is None
    attrs["JZDS"], attrs["DKMJ"] = jzds, dkmj
    parcel.attrs = attrs
    doc.parcels.append(parcel)
    if area_comma:
        out.add(WARNING, "decimal_comma_area",
                f"地块面积 is written with a decimal comma ({area_comma}): read as {dkmj:g}",
                line=lineno, parcel=parcel, value=area_comma)
    if len(values) < len(order):
        out.add(INFO, "short_parcel_header",
                f"parcel header has {len(values)} of {len(order)} fields; the missing ones are empty",
                line=lineno, parcel=parcel, fields=len(values))
    if parcel.extra_fields:
        out.add(INFO, "extra_parcel_fields",
                f"parcel header has {len(parcel.extra_fields)} field(s) after 地类编码; kept as EXTRA",
                line=lineno, parcel=parcel, fields=len(parcel.extra_fields))
    if bad_jzds or bad_dkmj:
        out.add(WARNING, "misaligned_parcel_header",
                "parcel header fields do not fit the standard order "
                "(界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编码): "
                f"界址点数={raw['JZDS']!r}, 地块面积={raw['DKMJ']!r}; those values were dropped",
                line=lineno, parcel=parcel)
    if attrs["TXSX"] and attrs["TXSX"] not in ("面", "线", "点"):
        out.add(INFO, "unexpected_graphic_attribute",
                f"记录图形属性 is {attrs['TXSX']!r}, not 面/线/点: fields may be misaligned",
                line=lineno, parcel=parcel, value=attrs["TXSX"])
    elif attrs["TXSX"] in ("线", "点"):
        out.add(WARNING, "not_polygon", f"记录图形属性 is {attrs['TXSX']}: the points are still read as a polygon",
                line=lineno, parcel=parcel, value=attrs["TXSX"])
    if dkmj is None and not bad_dkmj:
        out.add(INFO, "no_declared_area", "地块面积 is empty: nothing to check the computed area against",
                line=lineno, parcel=parcel)
    return parcel


def _add_point(doc: CoordTxt, out: _Collector, parcel: TxtParcel, fields: list[str], sep: str,
               lineno: int) -> None:
    parcel.point_lines += 1
    fields = [f for f in fields]
    while len(fields) > 2 and fields[-1] == "":
        fields.pop()
    repaired = _decimal_comma_point(fields, sep, doc.headerless)
    if repaired is not None:
        point_id, ring_no, x_text, y_text = repaired
        if doc.decimal_comma_line is None:
            doc.decimal_comma_line, doc.decimal_comma_example = lineno, (sep if sep != " " else ",").join(fields)
        doc.decimal_comma_count += 1
    elif doc.headerless and len(fields) == 3:
        point_id, ring_no, x_text, y_text = fields[0], "1", fields[1], fields[2]
    elif len(fields) >= 4:
        point_id, ring_no, x_text, y_text = fields[:4]
        if len(fields) > 4:
            out.add(INFO, "extra_point_fields", f"point line has {len(fields)} fields; fields after Y ignored",
                    line=lineno, parcel=parcel, fields=len(fields))
    else:
        out.add(ERROR, "bad_point_line",
                f"point line has {len(fields)} field(s), expected 4 (点号,圈号,X,Y): {','.join(fields)!r}",
                line=lineno, parcel=parcel, fields=len(fields))
        return
    x, y = _as_float(x_text), _as_float(y_text)
    if x is None or y is None:
        bad = x_text if x is None else y_text
        out.add(ERROR, "bad_coordinate", f"coordinate {bad!r} is not a number (point {point_id})",
                line=lineno, parcel=parcel, point=point_id, value=bad)
        return
    parcel.points.append(TxtPoint(point_id, ring_no or "1", x, y, lineno, x_text.strip(), y_text.strip()))


_DIGITS_RE = re.compile(r"^\d+$")
_DECIMAL_COMMA_RE = re.compile(r"^[+-]?\d+,\d+$")
_GRAPHIC = ("面", "线", "点")


def _plausible_xy(x: float, y: float) -> bool:
    """A northing and an easting of China in a Gauss-Krüger zone (either column order)."""
    def northing(v: float) -> bool:
        return 100_000 < v < 6_200_000

    def easting(v: float) -> bool:
        return _prefix_zone(v) is not None or 100_000 <= v <= 900_000

    return (northing(x) and easting(y)) or (easting(x) and northing(y))


def _decimal_comma_point(fields: list[str], sep: str, headerless: bool) -> tuple[str, str, str, str] | None:
    """(点号, 圈号, X, Y) of a point line written with decimal commas, else None.

    In a line separated by tabs, semicolons or blanks a coordinate ``4407123,45`` is a decimal
    comma. In a comma-separated line it splits the number in two (``J1,1,4407123,45,37501234,56``):
    the line is re-joined only when the fields after 圈号 are bare digit groups, the plain reading
    is no coordinate pair of a GK zone (Y = 45 m) and exactly one re-joining is one.
    """
    if sep != ",":
        head = 1 if headerless and len(fields) == 3 else 2
        if len(fields) < head + 2 or not any(_DECIMAL_COMMA_RE.match(f) for f in fields[head:head + 2]):
            return None
        x_text, y_text = (f.replace(",", ".") for f in fields[head:head + 2])
        return fields[0], fields[1] if head == 2 else "1", x_text, y_text
    readings = [(fields[1], fields[2:])] + ([("1", fields[1:])] if headerless else [])
    plain = (fields[1:3] if headerless and len(fields) == 3 else fields[2:4])
    if len(plain) == 2 and all(_DIGITS_RE.match(f) for f in plain) and _plausible_xy(*map(float, plain)):
        return None
    found = []
    for ring_no, groups in readings:
        if len(groups) not in (3, 4) or not all(_DIGITS_RE.match(g) for g in groups):
            continue
        splits = [(f"{groups[0]}.{groups[1]}", f"{groups[2]}.{groups[3]}")] if len(groups) == 4 else \
            [(f"{groups[0]}.{groups[1]}", groups[2]), (groups[0], f"{groups[1]}.{groups[2]}")]
        found += [(fields[0], ring_no, x, y) for x, y in splits if _plausible_xy(float(x), float(y))]
    return found[0] if len(found) == 1 else None


def _area_decimal_comma(values: list[str], order: tuple[str | None, ...], sep: str) -> tuple[list[str], str]:
    """A parcel header whose 地块面积 has a decimal comma (``5,1,2345,A-01,...``) has one field too many,
    and 记录图形属性 one place late: re-join the area. Returns (values, the area as written or "")."""
    if "DKMJ" not in order:
        return values, ""
    k = order.index("DKMJ")
    if sep != ",":
        if k < len(values) and _DECIMAL_COMMA_RE.match(values[k]):
            return [*values[:k], values[k].replace(",", "."), *values[k + 1:]], values[k]
        return values, ""
    if "TXSX" not in order:
        return values, ""
    t = order.index("TXSX")
    if t <= k or len(values) <= t + 1 or values[t] in _GRAPHIC or values[t + 1] not in _GRAPHIC:
        return values, ""
    if not (_DIGITS_RE.match(values[k]) and _DIGITS_RE.match(values[k + 1])):
        return values, ""
    written = f"{values[k]},{values[k + 1]}"
    return [*values[:k], f"{values[k]}.{values[k + 1]}", *values[k + 2:]], written


#: the parcel header fields by the names a field-name line may give them
_FIELD_NAMES = {**{label: key for key, label in FIELD_LABELS_ZH.items()}, "图形属性": "TXSX"}


def _declared_field_order(fields: list[str]) -> tuple[str | None, ...] | None:
    """The field order a line of field names declares (``界址点数,地块面积,地块编号,...,@``), else None."""
    names = [f for f in fields if f not in ("", "@")]
    if names and names[-1].endswith("@"):
        names[-1] = names[-1][:-1].strip()
    keys = [_FIELD_NAMES.get(re.sub(r"[(（].*$", "", n).strip()) for n in names]
    if sum(k is not None for k in keys) < 3 or any(_as_float(n) is not None for n in names):
        return None
    return tuple(keys)


def _header_key_value(line: str) -> tuple[str, str] | None:
    """``key=value`` of a [属性描述] line; also ``key:value`` and ``key<TAB>value`` (full-width
    ＝ and ： are already ASCII here). None for a line without a separator."""
    for sep in ("=", ":"):
        key, found, value = line.partition(sep)
        if found and key.strip():
            return re.sub(r"\s+", "", key), value.strip()
    parts = line.split(None, 1)
    if len(parts) == 2 and _as_float(parts[0]) is None:
        return parts[0], parts[1].strip()
    return None


# --------------------------------------------------------------------------------------------------
# CRS, zone and swapped axes


def _prefix_zone(value: float) -> int | None:
    zone = int(value // 1_000_000)
    if 13 <= zone <= 45 and 100_000 <= value - zone * 1_000_000 <= 900_000:
        return zone
    return None


def _datum_of(name: str) -> str:
    n = name.replace(" ", "").lower()
    if "西安" in n or "xian" in n or "1980" in n and "2000" not in n:
        return "xian80"
    if "北京" in n or "beijing" in n or "1954" in n:
        return "beijing54"
    return "cgcs2000"


def _gk_epsg(datum: str, width: int, zone: int, prefixed: bool) -> int:
    if datum == "cgcs2000":
        return gk3_epsg(zone, prefixed=prefixed) if width == 3 else gk6_epsg(zone, prefixed=prefixed)
    if width == 3:
        if not 25 <= zone <= 45:
            raise ValueError(f"3° zone {zone} is outside China (25–45)")
        base = {"xian80": (2349, 2370), "beijing54": (2401, 2422)}[datum]
        return base[0] + zone - 25 if prefixed else base[1] + zone - 25
    if not 13 <= zone <= 23:
        raise ValueError(f"6° zone {zone} is outside China (13–23)")
    base = {"xian80": (2327, 2338), "beijing54": (21413, 21453)}[datum]
    return base[0] + zone - 13 if prefixed else base[1] + zone - 13


def _zone_width(value: str) -> int | None:
    m = re.search(r"\d+", value or "")
    if not m:
        return None
    width = int(m.group(0))
    return width if width in (3, 6) else None


def _assign_crs(doc: CoordTxt, out: _Collector, user_crs: object) -> None:
    md = doc.metadata
    key_line = doc.metadata_lines.get
    points = [pt for p in doc.parcels for pt in p.points]
    first_line = points[0].line if points else None

    precision_text = md.get("精度", "")
    if precision_text:
        doc.precision = parse_precision(precision_text)
        if doc.precision is None:
            out.add(WARNING, "bad_precision", f"精度={precision_text!r} is not understood", line=key_line("精度"))

    if not points:
        return
    xs = np.array([p.x for p in points])
    ys = np.array([p.y for p in points])
    y_zones = {_prefix_zone(v) for v in ys}
    x_zones = {_prefix_zone(v) for v in xs}
    if None not in x_zones and None in y_zones and (ys < 10_000_000).all():
        doc.swapped_xy = True
    elif not (xs >= 1_000_000).any() and (ys >= 1_000_000).all() and not (ys >= 10_000_000).any():
        # no prefix anywhere: northings in China are > 1 000 km, eastings < 1 000 km
        doc.swapped_xy = True
    if doc.swapped_xy:
        for p in points:
            p.x, p.y, p.x_text, p.y_text = p.y, p.x, p.y_text, p.x_text
        xs, ys = ys, xs
        y_zones = x_zones
        out.add(WARNING, "swapped_xy",
                "the X column holds eastings and the Y column northings (X must be the northing): "
                "the columns were swapped back", line=first_line)

    width_key = next((k for k in ("几度分带", "分带", "分带方式") if k in md), "几度分带")
    width_text = md.get(width_key, "")
    width = _zone_width(width_text)
    if width_text and width is None:
        out.add(WARNING, "bad_zone_width", f"{width_key}={width_text!r} is not 3 or 6", line=key_line(width_key))
    zone_text = md.get("带号", "").strip()
    declared_zone = _as_int(zone_text) if zone_text else None
    if zone_text and declared_zone is None:
        out.add(WARNING, "bad_zone", f"带号={zone_text!r} is not a zone number", line=key_line("带号"))

    datum_name = md.get("坐标系", "")
    datum = _datum_of(datum_name) if datum_name else "cgcs2000"
    if not datum_name and not doc.headerless:
        out.add(WARNING, "no_datum", "坐标系 is not declared: assumed 2000国家大地坐标系 (CGCS2000)")
    elif datum != "cgcs2000":
        out.add(WARNING, "legacy_datum",
                f"坐标系={datum_name}: the data is on a legacy datum, not CGCS2000; it is read as such and "
                "needs explicit transformation parameters before it is combined with CGCS2000 data",
                line=key_line("坐标系"), datum=datum)

    prefix_zone = None
    if None not in y_zones and len(y_zones) == 1:
        prefix_zone = next(iter(y_zones))
    elif None not in y_zones and len(y_zones) > 1:
        out.add(ERROR, "mixed_zones", f"eastings carry different zone prefixes {sorted(y_zones)}",
                line=first_line)
    elif len(y_zones) > 1 and any(z is not None for z in y_zones):
        out.add(WARNING, "mixed_prefix", "some eastings carry a zone prefix and others do not",
                line=first_line)

    zone, prefixed, reason = None, False, None
    if prefix_zone is not None:
        zone, prefixed = prefix_zone, True
        reason = f"zone {zone} from the easting prefix"
        if declared_zone is not None and declared_zone != prefix_zone:
            out.add(WARNING, "zone_mismatch",
                    f"带号={declared_zone} but the eastings carry the zone prefix {prefix_zone}: "
                    f"zone {prefix_zone} used", line=key_line("带号", first_line), declared=declared_zone,
                    prefix=prefix_zone)
        elif declared_zone is None:
            out.add(INFO, "zone_from_prefix",
                    f"带号 is empty or missing: zone {prefix_zone} taken from the easting prefix",
                    line=key_line("带号"), zone=prefix_zone)
    elif declared_zone is not None:
        zone, prefixed = declared_zone, False
        reason = f"zone {zone} from 带号 (eastings carry no prefix)"
    if zone is not None:
        if width is None:
            width = 6 if zone <= 23 else 3
        if width == 6 and zone > 23:
            out.add(WARNING, "zone_width_mismatch", f"分带 says 6° but zone {zone} only exists as a 3° zone",
                    line=key_line(width_key))
            width = 3
        try:
            epsg = _gk_epsg(datum, width, zone, prefixed)
        except ValueError as exc:
            out.add(ERROR, "bad_zone", f"{exc}", line=first_line)
        else:
            doc.crs, doc.zone = CRS.from_epsg(epsg), zone
            doc.crs_reason = f"{reason}: EPSG:{epsg}"
            doc.crs_assumed = prefix_zone is not None and declared_zone is None or not datum_name
    if doc.crs is None:
        if user_crs is not None:
            doc.crs = to_crs(user_crs)
            doc.crs_assumed = True
            code = epsg_of(doc.crs)
            doc.crs_reason = f"supplied by the user ({f'EPSG:{code}' if code else doc.crs.name})"
            gk = gk_zone_of_epsg(code)
            if gk is not None and gk.prefixed and not (ys > 10_000_000).all():
                out.add(WARNING, "crs_prefix_mismatch",
                        f"the supplied CRS EPSG:{code} expects zone-prefixed eastings; the file has none",
                        line=first_line)
        elif not any(f.code == "mixed_zones" for f in doc.findings):
            out.add(ERROR, "no_zone",
                    "the zone cannot be determined (带号 is empty and the eastings carry no zone prefix): "
                    "supply the CRS (the EPSG code of the zone, e.g. 4546 for 111°E without prefix)", line=first_line)
    elif user_crs is not None and epsg_of(user_crs) != epsg_of(doc.crs):
        out.add(INFO, "crs_option_ignored",
                f"the file determines its CRS ({doc.crs_reason}); the supplied CRS was not used")
    if doc.crs is not None and doc.crs.is_projected and datum == "cgcs2000":
        # northings of China: 0.3e6 (18°N … Hainan) to 6e6 (54°N); anything else is a wrong column or unit
        if not ((xs > 100_000) & (xs < 6_200_000)).all():
            out.add(WARNING, "northing_out_of_range",
                    "some X values are not northings inside China (100 km – 6 200 km)", line=first_line)

    if doc.precision is not None:
        digits = precision_digits(doc.precision)
        worst = max(points, key=lambda p: max(_decimals(p.x_text), _decimals(p.y_text)))
        found = max(_decimals(worst.x_text), _decimals(worst.y_text))
        if found > digits:
            out.add(INFO, "more_digits_than_precision",
                    f"coordinates carry {found} decimals, more than 精度 declares ({digits})",
                    line=worst.line, decimals=found, declared=digits)


def _check_eastings(doc: CoordTxt, out: _Collector) -> None:
    """Eastings a Gauss-Krüger zone cannot have (after the zone prefix, 500 km ± at most ~330 km, so
    outside 100–900 km): the coordinates contradict the zone, and the parcel is refused rather than
    drawn hundreds of kilometres away (a decimal comma, a unit or a column gone wrong)."""
    if doc.crs is None or not doc.crs.is_projected:
        return
    zone = _gk_info(doc.crs)[2]
    if zone is None:
        return
    for parcel in doc.parcels:
        for pt in parcel.points:
            easting = pt.y - zone * 1_000_000 if _prefix_zone(pt.y) == zone else pt.y
            if not 100_000 <= easting <= 900_000:
                out.add(ERROR, "easting_out_of_zone",
                        f"easting Y={pt.y_text} (point {pt.point_id}) is not inside zone {zone} of "
                        f"{_crs_text(doc.crs)} (100–900 km after the zone prefix): the coordinates contradict "
                        "the zone", line=pt.line, parcel=parcel, point=pt.point_id, value=pt.y_text)
                break


def _decimals(text: str) -> int:
    _, dot, frac = text.partition(".")
    return len(frac) if dot else 0


# --------------------------------------------------------------------------------------------------
# geometry


def _split_rings(parcel: TxtParcel) -> list[tuple[list[TxtPoint], bool]]:
    """Consecutive points → rings: a ring ends when 圈号 changes or its first point comes back
    (by point id or by coordinates). Returns (points without the closing repeat, closed?)."""
    rings: list[tuple[list[TxtPoint], bool]] = []
    ring: list[TxtPoint] = []
    for pt in parcel.points:
        if ring and pt.ring_no != ring[0].ring_no:
            rings.append((ring, False))
            ring = []
        if len(ring) >= 2 and (pt.point_id == ring[0].point_id or (pt.x, pt.y) == (ring[0].x, ring[0].y)):
            rings.append((ring, True))
            ring = []
            continue
        ring.append(pt)
    if ring:
        rings.append((ring, False))
    return rings


def _build_geometries(doc: CoordTxt, out: _Collector) -> None:
    for parcel in doc.parcels:
        if parcel.bad:
            continue
        if not parcel.points:
            out.add(ERROR, "no_points", "parcel has no point lines", line=parcel.header_line, parcel=parcel)
            continue
        shapes: list[tuple[Polygon, int]] = []
        for pts, closed in _split_rings(parcel):
            cleaned = [pts[0]]
            for pt in pts[1:]:
                if (pt.x, pt.y) == (cleaned[-1].x, cleaned[-1].y):
                    out.add(WARNING, "duplicate_point",
                            f"point {pt.point_id} repeats the previous point: dropped",
                            line=pt.line, parcel=parcel, point=pt.point_id)
                    continue
                cleaned.append(pt)
            distinct = len({(p.x, p.y) for p in cleaned})
            if distinct < 3:
                out.add(ERROR, "ring_too_short",
                        f"ring {pts[0].ring_no} has {distinct} distinct point(s); a polygon ring needs at least 3",
                        line=pts[0].line, parcel=parcel, ring=pts[0].ring_no, points=distinct)
                continue
            if not closed:
                parcel.rings_closed_by_reader += 1
                out.add(WARNING, "ring_not_closed",
                        f"ring {pts[0].ring_no} does not end by repeating its first point "
                        f"{pts[0].point_id}: closed", line=pts[-1].line, parcel=parcel, ring=pts[0].ring_no)
            # (easting, northing): X in the file is the northing
            shapes.append((Polygon([(p.y, p.x) for p in cleaned]), cleaned[0].line))
        if parcel.bad or not shapes:
            parcel.bad = True
            continue
        parcel.geometry = _assemble(shapes, out, parcel)
        geom = parcel.geometry
        if not geom.is_valid:
            out.add(WARNING, "invalid_geometry", f"the polygon is invalid: {shapely.is_valid_reason(geom)}",
                    line=parcel.header_line or shapes[0][1], parcel=parcel, reason=shapely.is_valid_reason(geom))
        parcel.planar_m2 = float(geom.area)
    built = [p for p in doc.parcels if not p.bad and p.geometry is not None]
    if built and doc.crs is not None and doc.crs.is_projected:
        # one vectorised call: per-parcel calls cost ~1 ms each in transformer overhead
        for parcel, area in zip(built, ellipsoidal_area([p.geometry for p in built], doc.crs), strict=True):
            if math.isfinite(area):
                parcel.ellipsoidal_m2 = float(area)
            else:   # no number rather than NaN (which no JSON reader accepts) or 0
                out.add(WARNING, "ellipsoidal_area_unavailable",
                        f"the ellipsoidal area cannot be computed: the coordinates lie outside the range where "
                        f"{doc.crs.name} is defined", line=parcel.header_line, parcel=parcel, crs=doc.crs.name)
        # planar in each parcel's own 3° zone (DESIGN §3), whatever zone the file lists it in
        for parcel, area in zip(built, own_zone_planar_area([p.geometry for p in built], doc.crs).m2, strict=True):
            if math.isfinite(area):
                parcel.planar_m2 = float(area)
    for parcel in built:
        _check_counts_and_area(doc, out, parcel)


def _assemble(shapes: list[tuple[Polygon, int]], out: _Collector, parcel: TxtParcel) -> Polygon | MultiPolygon:
    geom = nest_rings([shape for shape, _line in shapes])
    parts = len(shapely.get_parts(geom))
    if parts > 1:
        out.add(INFO, "multipart", f"the parcel has {parts} separate parts",
                line=parcel.header_line, parcel=parcel, parts=parts)
    return geom


def nest_rings(rings: Sequence[Polygon]) -> Polygon | MultiPolygon:
    """Shells and holes by containment (even-odd nesting: a ring inside an odd number of rings is a
    hole of the smallest ring that holds it), never by the order or numbering of the rings; oriented
    shell counter-clockwise, holes clockwise."""
    order = sorted(range(len(rings)), key=lambda i: -rings[i].area)
    parent: dict[int, int | None] = {}
    depth: dict[int, int] = {}
    placed: list[int] = []
    for i in order:
        poly = rings[i]
        holder = None
        for j in reversed(placed):  # smallest first among those already placed
            if rings[j].covers(poly):
                holder = j
                break
        parent[i] = holder
        depth[i] = 0 if holder is None else depth[holder] + 1
        placed.append(i)
    polygons = []
    for i in order:
        if depth[i] % 2:
            continue
        holes = [rings[k].exterior for k in order if parent[k] == i and depth[k] % 2]
        polygons.append(Polygon(rings[i].exterior, holes))
    geom = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    return shapely.orient_polygons(geom, exterior_cw=False)


def _check_counts_and_area(doc: CoordTxt, out: _Collector, parcel: TxtParcel) -> None:
    declared_n = parcel.attrs.get("JZDS")
    if declared_n is not None:
        lines = parcel.point_lines
        if declared_n not in (lines, lines + parcel.rings_closed_by_reader):
            out.add(WARNING, "point_count_mismatch",
                    f"界址点数={declared_n} but the parcel has {lines} point line(s)",
                    line=parcel.header_line, parcel=parcel, declared=declared_n, found=lines)
    declared = parcel.attrs.get("DKMJ")
    area = parcel.planar_m2
    if declared is None or not area:
        return
    candidates = [area] + ([parcel.ellipsoidal_m2] if parcel.ellipsoidal_m2 else [])
    def rel(value_m2: float) -> float:
        return min(abs(value_m2 - a) / a for a in candidates)
    as_ha, as_m2 = rel(declared * 10_000), rel(declared)
    if as_ha <= AREA_TOLERANCE:
        return
    if as_m2 <= AREA_TOLERANCE:
        out.add(WARNING, "area_in_m2",
                f"地块面积={declared:g} matches the computed area in m² ({area:.2f} m²), not in 公顷 as the "
                "standard requires", line=parcel.header_line, parcel=parcel, declared=declared, computed_m2=area)
        return
    out.add(WARNING, "area_mismatch",
            f"地块面积={declared:g} differs from the computed area {area / 10_000:.4f} 公顷 ({area:.2f} m²) "
            f"by {as_ha:.1%} read as 公顷 and {as_m2:.1%} read as m²",
            line=parcel.header_line, parcel=parcel, declared=declared, computed_m2=area,
            diff_ha=as_ha, diff_m2=as_m2)


# --------------------------------------------------------------------------------------------------
# registry reader


def source_metadata(doc: CoordTxt) -> dict:
    """The file's header as JSON-ready data, kept in ``Provenance.metadata["coordtxt"]`` (and so in the
    project's ``parkgis_layers.metadata``): every ``[属性描述]`` key as written (坐标系 text, 带号,
    精度, extra keys), the extra sections, the parsed 精度 in metres, and whether X/Y were swapped.

    Only file-level facts go here, nothing per feature: the dict outlives edits to the layer."""
    return {"metadata": dict(doc.metadata),
            "extra_sections": {k: list(v) for k, v in doc.extra_sections.items()},
            "precision": doc.precision, "swapped_xy": doc.swapped_xy,
            **({"documents": [dict(d) for d in doc.documents]} if doc.documents else {})}


def to_layer(doc: CoordTxt) -> VectorLayer:
    """The parcel layer of a parsed file (readable parcels only)."""
    good = [p for p in doc.parcels if not p.bad and p.geometry is not None]
    records = []
    for p in good:
        rec = {k: p.attrs.get(k) for k in FIELDS}
        for k in ("DKBH", "DKMC", "TXSX", "TFH", "DKYT", "DLBM"):
            rec[k] = rec[k] or None
        if any(p.extra_fields for p in good):
            rec["EXTRA"] = ",".join(p.extra_fields) or None
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=list(FIELDS) + (["EXTRA"] if records and "EXTRA" in records[0] else []))
    df["JZDS"] = df["JZDS"].astype("Int64")
    df["DKMJ"] = df["DKMJ"].astype("float64")
    gdf = gpd.GeoDataFrame(df, geometry=[p.geometry for p in good], crs=doc.crs)
    code = epsg_of(doc.crs) if doc.crs is not None else None
    prov = Provenance(
        source_path=str(doc.path), source_layer=LAYER_NAME, driver="coordtxt",
        source_crs=(f"EPSG:{code}" if code else doc.crs.to_wkt()) if doc.crs is not None else None,
        crs_assumed=doc.crs_reason if doc.crs_assumed else None,
        encoding=doc.encoding, encoding_source=doc.encoding_source,
        data_date=doc.metadata.get("数据产生日期") or None,
        metadata={METADATA_KEY: source_metadata(doc)},
    )
    layer = VectorLayer(name=LAYER_NAME, gdf=gdf, role=Role.PARCELS,
                        role_reason="ministry coordinate file (部标坐标文件) holds parcels (地块)",
                        provenance=prov)
    layer.warnings = [f.format() for f in doc.sorted_findings() if f.severity != INFO]
    return layer


def read_coordtxt(path: Path, options: ReadOptions | None = None) -> list[VectorLayer]:
    """Registry reader: one layer "地块". Parcels with errors are left out (and reported) unless
    ``options.strict``, which refuses the whole file on any error."""
    path = Path(path)
    options = options or ReadOptions()
    if options.layer not in (None, LAYER_NAME):
        raise DataError(path, f"no layer {options.layer!r}; a coordinate file has one layer {LAYER_NAME!r}")
    doc = parse_coordtxt(path, encoding=options.encoding, crs=options.crs)
    errors = doc.errors
    if errors and options.strict:
        first = errors[0]
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        raise DataError(path, f"line {first.line}: {first.message}{more}",
                        feature=first.parcel, layer=LAYER_NAME)
    layer = to_layer(doc)
    if len(layer.gdf) == 0:
        first = errors[0] if errors else None
        problem = f"line {first.line}: {first.message}" if first else "no parcel could be read"
        raise DataError(path, problem, feature=first.parcel if first else None)
    if doc.crs is None:
        no_zone = next((f for f in errors if f.code == "no_zone"), None)
        raise DataError(path, no_zone.message if no_zone else "the coordinate system cannot be determined")
    return [layer]


def validate_coordtxt(path: str | Path, *, encoding: str | None = None, crs: object = None,
                      data: bytes | None = None) -> CoordTxt:
    """The validation report of a coordinate file (``parkgis validate``); ``data``: its bytes, when
    the caller has read them already."""
    return parse_coordtxt(path, encoding=encoding, crs=crs, data=data)


# --------------------------------------------------------------------------------------------------
# writer

_ID_COLUMNS = ("DKBH", "地块编号", "BSM", "id", "ID", "code")
_NAME_COLUMNS = ("DKMC", "地块名称", "name", "NAME", "名称")
_ATTR_ALIASES = {
    "TFH": ("TFH", "图幅号"),
    "DKYT": ("DKYT", "地块用途", "YDXZ", "用地性质"),
    "DLBM": ("DLBM", "地类编码"),
}

_DATUM_NAMES = {"cgcs2000": "2000国家大地坐标系", "xian80": "1980西安坐标系", "beijing54": "1954北京坐标系"}


def _text(value) -> str:
    text = value_text(value)   # a REAL 地块编号 101.0 is written 101
    # a comma or line break inside a field would shift every later field
    return text.replace(",", "，").replace("\r", " ").replace("\n", " ").replace("@", "＠")


def _first_column(row: pd.Series, names: Sequence[str]):
    for name in names:
        if name in row.index and _text(row[name]):
            return row[name]
    return None


def _prefixed_crs(crs: CRS) -> tuple[CRS, float, GKZone | None]:
    """The zone-prefixed twin of a GK CRS and the easting offset from it; other CRSs unchanged."""
    gk = gk_zone_of_epsg(epsg_of(crs))
    if gk is None or gk.prefixed:
        return crs, 0.0, gk
    datum = legacy_datum(crs)
    key = {"西安80": "xian80", "北京54": "beijing54"}.get(datum or "", "cgcs2000")
    epsg = _gk_epsg(key, gk.width, gk.zone, True)
    return CRS.from_epsg(epsg), gk.zone * 1_000_000.0, gk_zone_of_epsg(epsg)


def _gk_info(crs: CRS) -> tuple[str, int | None, int | None]:
    """(datum key, zone width, zone) of a Gauss-Krüger CRS, from EPSG codes we know."""
    code = epsg_of(crs)
    gk = gk_zone_of_epsg(code)
    if gk is not None:
        return "cgcs2000", gk.width, gk.zone
    for datum, ranges in {"xian80": ((2349, 2369, 3, 25), (2327, 2337, 6, 13)),
                          "beijing54": ((2401, 2421, 3, 25), (21413, 21423, 6, 13))}.items():
        for lo, hi, width, first in ranges:
            if code is not None and lo <= code <= hi:
                return datum, width, first + code - lo
    return "cgcs2000", None, None


def ring_points_clockwise_from_nw(coords) -> list[tuple[float, float]]:
    """Vertices of a ring (without the closing repeat), clockwise on the map, starting at the
    vertex nearest the north-west corner of the ring's bounding box."""
    pts = [(c[0], c[1]) for c in coords]   # planar X/Y: a Z or M ordinate is no part of a 界址点
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    xy = np.asarray(pts, dtype=float)
    # shoelace sign (about the first vertex, for precision with 8-digit eastings): > 0 is counter-clockwise
    dx, dy = xy[:, 0] - xy[0, 0], xy[:, 1] - xy[0, 1]
    if float(np.dot(dx, np.roll(dy, -1)) - np.dot(np.roll(dx, -1), dy)) > 0:
        pts.reverse()
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    west, north = min(xs), max(ys)
    start = min(range(len(pts)), key=lambda i: ((pts[i][0] - west) ** 2 + (pts[i][1] - north) ** 2, i))
    return pts[start:] + pts[:start]


@dataclass(frozen=True)
class NumberedPoint:
    """One 界址点 as the coordinate file numbers it. ``x`` is the easting, ``y`` the northing (map
    axes; the file and the 界址点成果表 print them the other way round, X = northing)."""

    point_id: str
    ring_no: int
    x: float
    y: float
    hole: bool = False          # the ring is a hole (内边界) of its part


def polygon_problem(geom: Polygon | MultiPolygon) -> str | None:
    """Why a polygon cannot be listed as 界址点 (a ring of fewer than 3 distinct points: one point
    repeated, two points; or no area at all), else None."""
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    for k, poly in enumerate(polys):
        for r, ring in enumerate([poly.exterior, *poly.interiors]):
            distinct = len({(c[0], c[1]) for c in ring.coords})
            if distinct < 3:
                what = "the outer ring" if r == 0 else f"hole {r}"
                part = f" of part {k + 1}" if len(polys) > 1 else ""
                return f"{what}{part} has {distinct} distinct point(s); a parcel boundary needs at least 3"
    if geom.area == 0:
        return "the polygon has no area (its points lie on one line)"
    return None


def number_boundary_points(geom: Polygon | MultiPolygon) -> list[list[NumberedPoint]]:
    """The 界址点 numbering of one parcel, shared by the coordinate-file writer and the 界址点成果表.

    Rings come in order (each part's shell, then its holes), 圈号 1, 2, ... across the parcel; each
    ring runs clockwise from its north-west vertex (:func:`ring_points_clockwise_from_nw`); points are
    numbered J1, J2, ... on across the rings. Rings are returned without their closing repeat.

    Examples
    --------
    >>> from shapely import box
    >>> [(p.point_id, p.x, p.y) for p in number_boundary_points(box(0, 0, 10, 20))[0]]
    [('J1', 0.0, 20.0), ('J2', 10.0, 20.0), ('J3', 10.0, 0.0), ('J4', 0.0, 0.0)]
    """
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    rings: list[list[NumberedPoint]] = []
    point_no = 0
    for poly in polys:
        for k, ring in enumerate([poly.exterior, *poly.interiors]):
            numbered = []
            for x, y in ring_points_clockwise_from_nw(ring.coords):
                point_no += 1
                numbered.append(NumberedPoint(f"J{point_no}", len(rings) + 1, float(x), float(y), k > 0))
            rings.append(numbered)
    return rings


def _target_crs(gdf: gpd.GeoDataFrame, options: WriteOptions) -> gpd.GeoDataFrame:
    if options.to_crs is not None:
        gdf = gdf.to_crs(to_crs(options.to_crs))
    if gdf.crs is None:
        raise UsageError("the layer has no CRS: a coordinate file needs a Gauss-Krüger zone; set one first")
    crs = to_crs(gdf.crs)
    if crs.is_projected and _gk_info(crs)[2] is not None:
        return gdf
    # geographic or a non-GK projection: write in the CGCS2000 3° zone of the layer's centre
    lonlat = gdf.to_crs(4490) if not crs.is_geographic else gdf
    minx, _, maxx, _ = lonlat.total_bounds
    return gdf.to_crs(working_crs(4490, (minx + maxx) / 2))


@dataclass(frozen=True)
class SurveyFrame:
    """Polygons in the coordinates a coordinate file (and a 界址点成果表) lists: a Gauss-Krüger zone,
    eastings with the zone number as prefix, planar X/Y only (Z and M dropped). ``gdf`` keeps the
    caller's rows and columns."""

    gdf: gpd.GeoDataFrame
    crs: CRS
    datum: str                  # "cgcs2000", "xian80" or "beijing54"
    zone_width: int | None      # 3 or 6
    zone: int | None

    @property
    def datum_zh(self) -> str:
        return _DATUM_NAMES[self.datum]

    def description_zh(self) -> str:
        """'2000国家大地坐标系，高斯-克吕格投影，3度带，第40带（EPSG:4528）'"""
        parts = [self.datum_zh, "高斯-克吕格投影"]
        if self.zone_width:
            parts.append(f"{self.zone_width}度带")
        if self.zone is not None:
            parts.append(f"第{self.zone}带")
        code = epsg_of(self.crs)
        return "，".join(parts) + (f"（EPSG:{code}）" if code else "")


def has_m_values(geoms) -> np.ndarray:
    """Which geometries carry M values."""
    has_m = getattr(shapely, "has_m", None)    # shapely ≥ 2.1 with GEOS ≥ 3.12
    return has_m(geoms) if has_m is not None else np.zeros(len(geoms), dtype=bool)


def survey_frame(gdf: gpd.GeoDataFrame, to: object = None) -> SurveyFrame:
    """``gdf`` as a coordinate file lists it: reprojected to ``to`` if given; geographic or non-GK
    data to the CGCS2000 3° zone of its centre; GK eastings without prefix shifted by zone × 10⁶ m.
    Raises :class:`UsageError` when ``gdf`` has no CRS."""
    if shapely.has_z(gdf.geometry.values).any() or has_m_values(gdf.geometry.values).any():
        # the file and the 成果表 list planar X/Y: heights and measures are no part of a boundary point
        gdf = gdf.set_geometry(shapely.force_2d(gdf.geometry.values), crs=gdf.crs)
    gdf = _target_crs(gdf, WriteOptions(to_crs=to))
    write_crs, offset, _ = _prefixed_crs(to_crs(gdf.crs))
    if offset:
        gdf = gdf.set_geometry(shapely.transform(gdf.geometry.values, lambda xy: xy + np.array([offset, 0.0])),
                               crs=write_crs)
    datum, width, zone = _gk_info(write_crs)
    return SurveyFrame(gdf, write_crs, datum, width, zone)


def declared_precision(layer: VectorLayer) -> float | None:
    """精度 a layer read from a coordinate file declared (kept in its provenance through a project)."""
    for holder in (layer.provenance.metadata, layer.gdf.attrs):
        value = (holder.get(METADATA_KEY) or {}).get("precision")
        if value:
            return float(value)
    return None


def write_coordtxt(layers: Sequence[VectorLayer], path: Path, options: WriteOptions | None = None) -> None:
    """Registry writer: the standard header, one block per polygon feature.

    ``options.precision`` (or ``extra["precision"]``) sets 精度 (default 0.001 m);
    ``extra["area"]`` = ``"planar"`` (default) or ``"ellipsoidal"`` chooses the 地块面积 written in
    公顷, stated in the header as ``面积类型``; ``options.encoding`` "UTF-8" or "GBK".
    """
    path = Path(path)
    options = options or WriteOptions()
    if len(layers) != 1:
        raise UsageError(f"a coordinate file holds one layer; {len(layers)} were given")
    layer = layers[0]
    gdf = layer.gdf[~(layer.gdf.geometry.isna() | layer.gdf.geometry.is_empty)]
    non_poly = gdf[~gdf.geom_type.isin(["Polygon", "MultiPolygon"])]
    if len(non_poly):
        raise DataError(path, f"a coordinate file holds polygons; layer {layer.name!r} has "
                              f"{len(non_poly)} {'/'.join(sorted(set(non_poly.geom_type)))} feature(s)",
                        layer=layer.name)
    if not len(gdf):
        raise DataError(path, f"layer {layer.name!r} has no polygon to write", layer=layer.name)
    for n, geom in enumerate(gdf.geometry.values, start=1):
        problem = polygon_problem(geom)
        if problem:
            ident = _first_column(gdf.iloc[n - 1], _ID_COLUMNS)
            raise DataError(path, problem, feature=_text(ident) if ident is not None else n, layer=layer.name)
    frame = survey_frame(gdf, options.to_crs)
    gdf, write_crs, datum, width, zone = frame.gdf, frame.crs, frame.datum, frame.zone_width, frame.zone
    # a layer read from a coordinate file keeps its declared 精度 unless the caller sets one
    precision = options.precision or options.extra.get("precision") or declared_precision(layer) or 0.001
    digits = precision_digits(float(precision))
    area_kind = options.extra.get("area", "planar")
    if area_kind not in ("planar", "ellipsoidal"):
        raise UsageError(f"area must be 'planar' or 'ellipsoidal', not {area_kind!r}")
    encoding = (options.encoding or "UTF-8").upper()
    codec = {"UTF-8": "utf-8", "UTF8": "utf-8", "UTF-8-SIG": "utf-8-sig", "GBK": "gbk", "CP936": "gbk",
             "GB2312": "gbk", "GB18030": "gb18030"}.get(encoding)
    if codec is None:
        raise UsageError(f"a coordinate file is written as UTF-8 or GBK, not {options.encoding}")

    geoms = gdf.geometry.values
    if area_kind == "ellipsoidal":
        areas = ellipsoidal_area(geoms, write_crs)
    else:
        areas = own_zone_planar_area(geoms, write_crs).m2

    out_lines = [
        f"[{SECTION_HEADER}]",
        "格式版本号=1.01版本",
        "数据产生单位=" + _text(options.extra.get("producer", "")),
        "数据产生日期=" + _text(options.extra.get("date", pd.Timestamp.now().strftime("%Y-%m-%d"))),
        "坐标系=" + _DATUM_NAMES[datum],
        f"几度分带={width}",
        "投影类型=高斯克吕格",
        "计量单位=米",
        f"带号={zone}",
        f"精度={precision:g}" if float(precision) < 1 else f"精度={float(precision):g}",
        "转换参数=,,,,,,",
        "面积类型=" + ("椭球面积" if area_kind == "ellipsoidal" else "平面面积"),
        f"[{SECTION_COORDS}]",
    ]
    for n, ((_, row), geom, area) in enumerate(zip(gdf.iterrows(), geoms, areas, strict=True), start=1):
        block: list[str] = []
        for ring in number_boundary_points(geom):
            for p in [*ring, ring[0]]:  # the ring is closed by repeating its first point id
                block.append(f"{p.point_id},{p.ring_no},{p.y:.{digits}f},{p.x:.{digits}f}")
        ident = _first_column(row, _ID_COLUMNS)
        name = _first_column(row, _NAME_COLUMNS)
        fields = [
            str(len(block)),
            f"{area / 10_000:.4f}",
            _text(ident) if ident is not None else str(n),
            _text(name),
            "面",
            _text(_first_column(row, _ATTR_ALIASES["TFH"])),
            _text(_first_column(row, _ATTR_ALIASES["DKYT"])),
            _text(_first_column(row, _ATTR_ALIASES["DLBM"])),
            "@",
        ]
        out_lines.append(",".join(fields))
        out_lines.extend(block)
    text = "\r\n".join(out_lines) + "\r\n"
    try:
        payload = text.encode(codec)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start:exc.end]
        raise DataError(path, f"{bad!r} cannot be written in {options.encoding}; write UTF-8 instead") from None
    with atomic_output(path) as tmp:
        tmp.write_bytes(payload)


# --------------------------------------------------------------------------------------------------
# sniffing and registration

_POINT_LINE_RE = re.compile(r"^\s*[^,\s]+\s*,\s*(?:[^,\s]+\s*,\s*)?[+-]?\d+(?:\.\d+)?\s*,\s*[+-]?\d+(?:\.\d+)?\s*,?\s*$")


def sniff(path: Path, head: bytes) -> bool:
    """A coordinate TXT: has the [地块坐标] / [属性描述] sections, or is a bare list of
    ``点号,X,Y`` / ``点号,圈号,X,Y`` lines."""
    # the 64 KiB head may end inside a character: decode leniently, both ways
    text = head_text(head)  # UTF-16 (Notepad's "Unicode") as well
    if any(mark in t for t in (text, head.decode("gb18030", errors="ignore")) for mark in ("地块坐标", "属性描述")):
        return True
    lines = [ln for ln in text.splitlines()[:-1] or text.splitlines() if ln.strip()][:50]
    return len(lines) >= 3 and all(_POINT_LINE_RE.match(ln) for ln in lines)


FORMAT = register_format(Format(
    name="coordtxt",
    label_zh="部标坐标文件",
    extensions=(".txt",),
    reader=read_coordtxt,
    writer=write_coordtxt,
    sniff=sniff,
))
