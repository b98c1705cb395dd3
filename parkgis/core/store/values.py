"""Attribute values between pandas, SQLite and JSON (the journal, the audit's attribute diffs)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    if type(value) in (str, int, bytes, bool):
        return False
    if type(value) is float:
        return value != value
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    try:
        return bool(pd.isna(value)) if np.ndim(value) == 0 else False
    except (TypeError, ValueError):
        return False


def values_equal(a: Any, b: Any) -> bool:
    """Whether two attribute values are the same value (two missing values are; NaN is missing)."""
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def to_sql(value: Any) -> Any:
    """A value SQLite stores as the GeoPackage types expect (DATE/DATETIME as ISO text)."""
    kind = type(value)
    if kind is str or kind is int:
        return value
    if kind is float:
        return None if value != value else value
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        if ts.tzinfo is not None:
            ts = ts.tz_convert("UTC").tz_localize(None)
        return ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | str | bytes):
        return value
    return str(value)


def to_json(value: Any) -> Any:
    """A JSON-safe value (bytes as hex with a marker, dates as ISO text)."""
    if type(value) is str or type(value) is int:
        return value
    value = to_sql(value)
    if isinstance(value, bytes):
        return {"$hex": value.hex()}
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": repr(value)}
    return value


def from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if "$hex" in value:
            return bytes.fromhex(value["$hex"])
        if "$float" in value:
            return float(value["$float"])
    return value


def row_values(frame: pd.DataFrame, position: int, columns: list[str]) -> dict[str, Any]:
    """The attribute values of one row as plain Python values (missing → None)."""
    out = {}
    for column in columns:
        value = frame[column].iat[position]
        out[column] = None if is_missing(value) else (value.item() if isinstance(value, np.generic) else value)
    return out
