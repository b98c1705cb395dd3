"""Spreadsheet cells that stay text.

Values in a 台账 or a 界址点成果表 come from many hands. A text that starts like a formula would be
*run* when the file is opened: openpyxl stores a string beginning with ``=`` as a formula, and
Excel evaluates a CSV field beginning with ``=``, ``+``, ``-`` or ``@`` (``=HYPERLINK(…)``,
``=cmd|' /C calc'!A0``). In XLSX such a value is stored as a plain string, unchanged; in CSV, which
has no types, it gets a leading apostrophe, the usual guard, which Excel shows as a text marker.
"""

from __future__ import annotations

import math
from typing import Any

_CSV_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def unknown(value: Any) -> bool:
    """A number that could not be computed (NaN, infinite): its cell stays empty, never ``nan``."""
    return isinstance(value, float) and not math.isfinite(value)


def csv_text(value: Any) -> Any:
    """``value`` for a CSV field: a formula-like text gets a leading ``'``; numbers stay numbers;
    a number that could not be computed is an empty field.

    >>> csv_text("=HYPERLINK(\\"http://x\\")"), csv_text("-12.5"), csv_text("标准地-1"), csv_text(3), csv_text(float("nan"))
    ('\\'=HYPERLINK("http://x")', '-12.5', '标准地-1', 3, '')
    """
    if unknown(value):
        return ""
    if isinstance(value, str) and value.startswith(_CSV_LEADS) and not _is_number(value):
        return "'" + value
    return value


def xlsx_value(ws, value: Any) -> Any:
    """``value`` for ``ws.append`` on a write-only sheet: a text starting with ``=`` as a string cell;
    a number that could not be computed as an empty cell (openpyxl would store ``nan``, which Excel
    reports as a damaged file)."""
    if unknown(value):
        return None
    if isinstance(value, str) and value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def no_formulas(workbook) -> None:
    """Store every formula-looking cell of ``workbook`` (a normal, not write-only, one) as text: the
    writers put data in, never formulas."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
