"""The attribute table of a shapefile, read exactly from the ``.dbf`` bytes.

GDAL's DBF reader changes values without a word: ``1,234.50`` in a numeric field becomes 1.0 (it
parses up to the comma), ``20260231`` becomes 2026-03-03 and ``2026XX01`` 1970-01-01, an 18-digit
标识码 in an N(20,0) field becomes a float that no longer tells two parcels apart, a ``.dbf`` with
fewer records than the ``.shp`` silently drops the shapes beyond them, and one code page is applied
to rows written by different programs. dBASE III is a fixed-width format, so we read it ourselves
(vectorised with numpy: the records are a 2-D byte array) and either read each value exactly or
name the feature and the field it could not read. Tables with field types we do not decode
(memo, binary, the dBASE 7 and Visual FoxPro types) are left to GDAL (:func:`read_dbf` returns None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from ..fields import FLOAT_EXACT
from .encoding import EncodingChoice, dbf_field_names, dbf_header, is_utf8

#: field types read here: character, numeric, float, date, logical
SUPPORTED_TYPES = set("CNFDL")
INT64_MAX = 2**63 - 1
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+\.\d+$")  # 1,234.50: a thousands separator, unambiguous


@dataclass
class DbfTable:
    columns: dict[str, pd.Series | np.ndarray | list]
    records: int                   # records actually present in the bytes
    deleted: np.ndarray            # bool per record: marked deleted (GDAL skips those)
    notes: list[str] = field(default_factory=list)


class _Notes:
    """One note per field and problem, naming the first feature and the count (a file of 100 000
    parcels with one bad date column must not print 100 000 lines)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], list] = {}

    def add(self, fieldname: str, problem: str, feature: int, raw: str) -> None:
        entry = self._found.setdefault((fieldname, problem), [0, feature, raw])
        entry[0] += 1

    def lines(self) -> list[str]:
        out = []
        for (fieldname, problem), (count, feature, raw) in self._found.items():
            value = f"{raw!r} ({count} values in all)" if count > 1 else repr(raw)
            out.append(f"feature {feature}, field {fieldname}: {problem}: {value}")
        return out


def _decode_name(raw: bytes, encoding: EncodingChoice) -> str:
    if encoding.encoding == "UTF-8" or (encoding.secondary and is_utf8(raw)):
        if is_utf8(raw):  # a name cut inside its last character keeps the whole characters before it
            return raw.decode("utf-8", errors="ignore").strip()
    for codec in (encoding.encoding, "gb18030"):
        try:
            return raw.decode(codec).strip()
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode(encoding.encoding, errors="replace").strip()


def _unique_names(names: list[str]) -> list[str]:
    out, seen = [], set()
    for name in names:
        candidate, k = name or "FIELD", 1
        while candidate.lower() in seen:
            k += 1
            candidate = f"{name}_{k}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def read_dbf(data: bytes, encoding: EncodingChoice) -> DbfTable | None:
    """Every field of the table, each value read exactly or named in a note; None when the table has
    field types this reader does not decode."""
    declared, header_len, record_len, _ldid, fields = dbf_header(data)
    if not fields or any(ftype not in SUPPORTED_TYPES for _n, ftype, _o, _l in fields) \
            or sum(ln for *_x, ln in fields) + 1 != record_len:
        return None
    decimals = [data[32 + 32 * i + 17] for i in range(len(fields))]
    available = max(0, (len(data) - header_len) // record_len) if record_len else 0
    records = min(declared, available)
    body = np.frombuffer(data, dtype=np.uint8, count=records * record_len, offset=header_len)
    rows = body.reshape(records, record_len)
    notes = _Notes()
    table_notes = []
    if declared > available:
        table_notes.append(f"the .dbf header announces {declared} records but the file holds {available}: "
                           "it is truncated")
    names = _unique_names([_decode_name(raw, encoding) for raw in dbf_field_names(data)])
    columns: dict[str, object] = {}
    for name, (_n, ftype, offset, length), dec in zip(names, fields, decimals, strict=True):
        cells = np.ascontiguousarray(rows[:, offset:offset + length]).view(f"S{length}").ravel()
        reader = {"C": _text, "N": _number, "F": _number, "D": _dates, "L": _logical}[ftype]
        columns[name] = reader(cells, name, dec, encoding, notes)
    return DbfTable(columns, records, rows[:, 0] == ord("*") if records else np.zeros(0, bool),
                    table_notes + notes.lines())


def _text(cells: np.ndarray, name: str, _dec: int, encoding: EncodingChoice, notes: _Notes) -> list:
    cache: dict[bytes, str | None] = {}
    out = []
    for i, raw in enumerate(cells.tolist()):
        value = raw.rstrip(b" \x00")
        if value not in cache:
            cache[value] = _decode_value(value, encoding) if value else None
        text = cache[value]
        if text is not None and "\ufffd" in text and b"\xef\xbf\xbd" not in value:
            notes.add(name, f"text that is neither {encoding.encoding} nor UTF-8 (undecodable bytes replaced by �)",
                      i, text)
        out.append(text)
    return out


def _decode_value(value: bytes, encoding: EncodingChoice) -> str:
    if encoding.secondary and any(b > 0x7F for b in value) and is_utf8(value):
        return value.decode("utf-8", errors="replace")
    try:
        return value.decode(encoding.encoding)
    except (UnicodeDecodeError, LookupError):
        return value.decode(encoding.encoding, errors="replace")


def _number(cells: np.ndarray, name: str, dec: int, encoding: EncodingChoice, notes: _Notes):
    fast = _number_fast(cells, dec)
    return fast if fast is not None else _number_checked(cells, name, dec, notes)


def _number_fast(cells: np.ndarray, dec: int):
    """The common case at numpy speed: every value a plain number short enough to be exact."""
    stripped = np.char.strip(cells)
    blank = stripped == b""
    values = stripped[~blank]
    if len(values) and (np.char.count(values, b",").any() or np.char.count(values, b"*").any() or
                        (dec == 0 and np.char.str_len(values).max() > 18)):
        return None
    try:
        if dec == 0:
            ints = values.astype(np.int64)
            if not blank.any():
                return ints
            if np.abs(ints).max(initial=0) >= FLOAT_EXACT:  # floats (GDAL's null-able ints) lose digits
                full = np.zeros(len(cells), dtype=np.int64)
                full[~blank] = ints
                return pd.arrays.IntegerArray(full, blank.copy())
            out = np.full(len(cells), np.nan)
            out[~blank] = ints
            return out
        out = np.full(len(cells), np.nan)
        out[~blank] = values.astype(np.float64)
        present = out[~blank]
        if not np.isfinite(present).all():  # "nan", "inf": no dBASE numbers
            return None
        if (np.abs(present) >= FLOAT_EXACT).any() and (np.mod(present, 1) == 0).all():
            return None  # whole numbers beyond 2**53 in a float field: ids, read exactly as integers
        return out
    except (ValueError, OverflowError):
        return None


def _number_checked(cells: np.ndarray, name: str, dec: int, notes: _Notes):
    texts = [c.decode("ascii", errors="replace").strip() for c in cells.tolist()]
    values: list[str | None] = []
    for i, t in enumerate(texts):
        if not t or set(t) <= {"*", "."} or t in ("-", "+"):  # blank, or dBASE's overflow stars
            if t and t not in ("-", "+"):
                notes.add(name, "the value overflowed its field width (written as stars) and is empty", i, t)
            elif t:
                notes.add(name, "the value is not a number and was left empty", i, t)
            values.append(None)
        elif _NUMBER.match(t):
            values.append(t)
        elif _GROUPED.match(t):
            notes.add(name, "the number has thousands separators and is read without them", i, t)
            values.append(t.replace(",", ""))
        else:
            notes.add(name, "the value is not a number and was left empty", i, t)
            values.append(None)
    present = [v for v in values if v is not None]
    big_whole = bool(present) and all(_is_whole(v) for v in present) and \
        any(abs(int(v.partition(".")[0] or "0")) >= FLOAT_EXACT for v in present)
    if dec == 0 or big_whole:  # an id in a float field beyond 2**53 would lose its last digits
        ints = _integers(values)
        if ints is not None:
            return ints
        if dec == 0 and all(v is None or re.match(r"^[+-]?\d+$", v) for v in values):
            first = next(i for i, v in enumerate(values) if v is not None and abs(int(v)) > INT64_MAX)
            notes.add(name, "the integers exceed 64 bits; the field is kept as text, for example", first, values[first])
            return pd.Series(values, dtype="str")
    return np.array([np.nan if v is None else float(v) for v in values], dtype=float)


def _is_whole(value: str) -> bool:
    whole, _, frac = value.partition(".")
    return "e" not in value.lower() and not frac.strip("0") and re.match(r"^[+-]?\d*$", whole) is not None


def _integers(values: list[str | None]):
    """An int64 column (nullable when a value is empty, float64 then if that is still exact, as GDAL
    gives), or None if a value is not a whole number within int64."""
    ints = []
    for v in values:
        if v is None:
            ints.append(None)
            continue
        if not _is_whole(v):
            return None
        n = int(v.partition(".")[0] or "0")
        if abs(n) > INT64_MAX:
            return None
        ints.append(n)
    if all(n is not None for n in ints):
        return np.array(ints, dtype=np.int64)
    if all(n is None or abs(n) < FLOAT_EXACT for n in ints):
        return np.array([np.nan if n is None else float(n) for n in ints], dtype=float)
    return pd.array(ints, dtype="Int64")


def _dates(cells: np.ndarray, name: str, _dec: int, _encoding: EncodingChoice, notes: _Notes) -> list:
    out = []
    for i, raw in enumerate(cells.tolist()):
        t = raw.decode("ascii", errors="replace").strip()
        if not t or t == "00000000":
            out.append(None)
            continue
        try:
            if len(t) != 8 or not t.isdigit():
                raise ValueError
            out.append(date(int(t[:4]), int(t[4:6]), int(t[6:])))
        except ValueError:
            notes.add(name, "not a valid date (YYYYMMDD), left empty", i, t)
            out.append(None)
    return out


def _logical(cells: np.ndarray, name: str, _dec: int, _encoding: EncodingChoice, notes: _Notes) -> list:
    out = []
    for i, raw in enumerate(cells.tolist()):
        t = raw.decode("ascii", errors="replace").strip()
        if t in ("T", "t", "Y", "y"):
            out.append(True)
        elif t in ("F", "f", "N", "n"):
            out.append(False)
        else:
            if t not in ("", "?"):
                notes.add(name, "not a logical value (T/F), left empty", i, t)
            out.append(None)
    return out
