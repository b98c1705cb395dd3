"""Dates as 台账, layer attributes and the command line write them: ``2026-11-25``, ``2026/11/25``,
``2026.11.25``, ``20261125``, ``2026年11月25日``, a :class:`datetime.date` / :class:`datetime.datetime`, or an
Excel serial day number (a date cell read without its format: 46351 = 2026-11-25, counted in Excel's 1900
system, whose fictitious 1900-02-29 is skipped).

:func:`parse_date` raises :class:`ValueError` with the reason in fixed English (each has a Chinese template
in ``parkgis.core.messages.zh_parcels_store``); callers wrap it into a DataError naming the row and column or
a UsageError naming the argument.
"""

from __future__ import annotations

import datetime as _dt
import re

#: day 0 of Excel's 1900 date system as Python counts it (serial 1 = 1900-01-01; serial 60 is Excel's
#: non-existent 1900-02-29, so serials above 60 are one day ahead of a plain count from 1899-12-31)
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
#: serial numbers accepted as Excel dates: 1900-03-01 … 2199-12-31 (a plausible register date)
_EXCEL_MIN, _EXCEL_MAX = 61, 109574

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
#: a time part after the date (``2026-11-25 00:00:00``, ``2026-11-25T08:30``) is dropped
_TIME_SUFFIX = re.compile(r"^(?P<date>.+?)(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")


def _build(year: int, month: int, day: int, text: str) -> _dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"{text} is not a date: there is no month {month}")
    try:
        return _dt.date(year, month, day)
    except ValueError:
        last = (_dt.date(year + (month == 12), month % 12 + 1, 1) - _dt.timedelta(days=1)).day
        raise ValueError(f"{text} is not a date: month {month} of {year} has {last} days") from None


def excel_serial_to_date(serial: float) -> _dt.date:
    """The date of an Excel (1900 system) serial day number; the fraction (time of day) is dropped."""
    whole = int(serial)
    if not _EXCEL_MIN <= whole <= _EXCEL_MAX:
        raise ValueError(f"{serial:g} is not a date: as an Excel day number it lies outside 1900-03-01 to 2199-12-31")
    return _EXCEL_EPOCH + _dt.timedelta(days=whole)


def parse_date(value: object) -> _dt.date:
    """The date ``value`` writes (see the module docstring for the accepted forms).

    Raises ValueError naming the value and the reason (``2026-02-30 is not a date: month 2 of 2026 has 28
    days``); an empty value is an error too — callers that allow a blank test for it first."""
    if isinstance(value, _dt.datetime):
        if value != value:   # pandas' NaT (a missing spreadsheet date) is a datetime unequal to itself
            raise ValueError("the date is empty")
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value} is not a date")
    if isinstance(value, (int, float)):
        if value != value:   # NaN: an empty spreadsheet cell read by a numeric reader
            raise ValueError("the date is empty")
        return excel_serial_to_date(value)
    if value is None:
        raise ValueError("the date is empty")
    text = str(value).strip()
    if not text:
        raise ValueError("the date is empty")
    timed = _TIME_SUFFIX.match(text)
    core = timed.group("date").strip() if timed else text
    for pattern in (_SEPARATED, _CHINESE, _COMPACT):
        match = pattern.match(core)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return _build(year, month, day, text)
    if re.fullmatch(r"\d+(?:\.\d+)?", core):
        return excel_serial_to_date(float(core))
    raise ValueError(f"{text} is not a date: write it as 2026-11-25, 2026/11/25 or 2026年11月25日")


def format_date(value: _dt.date | None) -> str | None:
    """ISO text of a date (``2026-11-25``), None for None: the form JSON output and storage use."""
    return None if value is None else value.isoformat()
