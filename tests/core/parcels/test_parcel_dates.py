"""parse_date: the spellings of the 台账 and the command line, and the reason for a date that does not exist."""

from __future__ import annotations

import datetime as dt

import pytest

from parkgis.core.messages import localize
from parkgis.core.parcels.dates import format_date, parse_date

D = dt.date(2026, 11, 25)


@pytest.mark.parametrize("text", [
    "2026-11-25", "2026/11/25", "2026年11月25日", " 2026-11-25 ", "2026.11.25", "20261125", "2026年11月25号",
    "2026-11-25 00:00:00", "2026-11-25T08:30", "2026 年 11 月 25 日",
])
def test_spellings(text):
    assert parse_date(text) == D


def test_objects_and_excel_serials():
    assert parse_date(D) == D
    assert parse_date(dt.datetime(2026, 11, 25, 17, 5)) == D
    # Excel 1900 system: 1 = 1900-01-01, 60 = the fictitious 1900-02-29, 61 = 1900-03-01; 2026-11-25 is
    # 46351 (oracle: 1900-01-01 + 46349 days = 2026-11-25, plus 1 for serial 1 and 1 for the phantom day)
    assert dt.date(1900, 1, 1) + dt.timedelta(days=46349) == D
    assert parse_date(46351) == D
    assert parse_date(46351.75) == D
    assert parse_date("46351") == D
    assert parse_date(61) == dt.date(1900, 3, 1)
    assert parse_date(45658) == dt.date(2025, 1, 1)


@pytest.mark.parametrize("text, reason", [
    ("2026-02-30", "2026-02-30 is not a date: month 2 of 2026 has 28 days"),
    ("2024/02/30", "2024/02/30 is not a date: month 2 of 2024 has 29 days"),
    ("2026-04-31", "2026-04-31 is not a date: month 4 of 2026 has 30 days"),
    ("2026-13-01", "2026-13-01 is not a date: there is no month 13"),
    ("2026年2月30日", "2026年2月30日 is not a date: month 2 of 2026 has 28 days"),
    ("next week", "next week is not a date: write it as 2026-11-25, 2026/11/25 or 2026年11月25日"),
    ("", "the date is empty"),
    (None, "the date is empty"),
    (float("nan"), "the date is empty"),
    (5, "5 is not a date: as an Excel day number it lies outside 1900-03-01 to 2199-12-31"),
    (True, "True is not a date"),
])
def test_impossible_dates_name_the_reason(text, reason):
    with pytest.raises(ValueError) as caught:
        parse_date(text)
    assert str(caught.value) == reason
    assert localize(str(caught.value)) != reason      # a Chinese template exists


def test_feb_29_of_a_leap_year_and_the_chinese_reason():
    assert parse_date("2028-02-29") == dt.date(2028, 2, 29)
    with pytest.raises(ValueError) as caught:
        parse_date("2026-02-29")
    assert localize(str(caught.value)) == "2026-02-29 不是有效日期：2026 年 2 月只有 28 天"


def test_spreadsheet_values_from_pandas_and_numpy():
    import numpy as np
    import pandas as pd

    assert parse_date(pd.Timestamp("2026-11-25 10:00")) == D
    assert parse_date(np.int64(46351)) == D
    assert parse_date(np.float64(46351.0)) == D
    assert parse_date(np.datetime64("2026-11-25T10:00:00")) == D
    with pytest.raises(ValueError, match="the date is empty"):
        parse_date(pd.NaT)


def test_format_date():
    assert format_date(D) == "2026-11-25"
    assert format_date(None) is None
