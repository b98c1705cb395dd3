"""The streamed XLSX writer, read back by openpyxl (an independent reader): cell types, text that
XML cannot hold, styles, merges, links, print titles, and refusals."""

from __future__ import annotations

import doctest
import zipfile

import numpy as np
import pytest
from openpyxl import load_workbook

from parkgis.core.report import xlsx_stream
from parkgis.core.report.xlsx_stream import PageSetup, StreamedWorkbook, Style, column_letter


def test_doctests():
    assert doctest.testmod(xlsx_stream).failed == 0


def test_column_letters():
    assert [column_letter(n) for n in (1, 5, 26, 27, 52, 53, 702, 703)] == [
        "A", "E", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_values_by_type(tmp_path):
    path = tmp_path / "v.xlsx"
    with StreamedWorkbook(path) as wb, wb.sheet("数据", widths=(10, 10, 10, 10, 10, 10)) as out:
        out.put(["=SUM(A1:A9)", " 前后空格 ", "a<b&c>\"'", "行一\n行二", "_x0041_", "铃\x07\r"])
        out.put([1, np.int64(2), 0.1 + 0.2, np.float32(1.5), True, 4_400_200.0])
        out.put([float("nan"), float("inf"), None, "", 37_600_000.123, -0.0])
    wb = load_workbook(path)
    ws = wb["数据"]
    rows = [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()]
    assert rows[0] == [("=SUM(A1:A9)", "s"), (" 前后空格 ", "s"), ("a<b&c>\"'", "s"), ("行一\n行二", "s"),
                       ("_x005F_x0041_", "s"), ("铃_x0007__x000D_", "s")]   # Excel's escapes, as Excel reads them
    assert rows[1] == [(1, "n"), (2, "n"), (0.30000000000000004, "n"), (1.5, "n"), (True, "b"), (4_400_200, "n")]
    assert rows[2][:2] == [("#NUM!", "e"), ("#NUM!", "e")]
    assert rows[2][2:4] == [(None, "n"), (None, "n")] and rows[2][4:] == [(37_600_000.123, "n"), (0, "n")]
    assert zipfile.ZipFile(path).testzip() is None


def test_styles_merges_links_and_print_setup(tmp_path):
    path = tmp_path / "s.xlsx"
    with StreamedWorkbook(path) as wb:
        boxed = wb.style(Style(border=True, vertical="center", num_format="0.000"))
        head = wb.style(Style(bold=True, fill="DDEBF7", horizontal="center", wrap=True))
        big = wb.style(Style(bold=True, size=16))
        link = wb.style(Style(link=True))
        assert wb.style(Style(bold=True, size=16)) == big        # one style per description
        with wb.sheet("汇总", widths=(8, 20), freeze_rows=2) as out:
            out.put(["标题"], [big], height=30, merge_from=1)
            out.put(["列", "工作表"], [head, head])
            out.put([1, "O'Brien"], [None, link], links={1: "O'Brien"})
        with wb.sheet("O'Brien", widths=(14, 12, 17),
                      page=PageSetup(footer="&C第 &P 页，共 &N 页")) as out:
            out.put([None, 1.23456], [boxed, boxed])
            out.print_title_rows(out.put(["点号", "X", "Y"], [head] * 3))
            assert out.put([]) == 3
    wb = load_workbook(path)
    ws = wb["汇总"]
    assert ws.freeze_panes == "A3" and {str(r) for r in ws.merged_cells.ranges} == {"A1:B1"}
    assert ws.row_dimensions[1].height == 30 and ws["A1"].font.b and ws["A1"].font.sz == 16
    assert (ws["A2"].fill.fill_type, ws["A2"].fill.fgColor.rgb) == ("solid", "FFDDEBF7")
    assert ws["A2"].alignment.horizontal == "center" and ws["A2"].alignment.wrap_text
    assert (ws.column_dimensions["A"].width, ws.column_dimensions["B"].width) == (8, 20)
    assert (ws["B3"].hyperlink.location, ws["B3"].hyperlink.target) == ("'O''Brien'!A1", None)
    assert ws["B3"].font.u == "single" and ws["B3"].style == "Hyperlink"
    ws = wb["O'Brien"]
    assert ws["A1"].border.left.style == "thin" and ws["A1"].value is None
    assert ws["B1"].number_format == "0.000" and ws["B1"].alignment.vertical == "center"
    assert ws.print_title_rows == "$2:$2"
    setup = ws.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "portrait", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_options.horizontalCentered
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_sheet_names_are_checked(tmp_path):
    with StreamedWorkbook(tmp_path / "n.xlsx") as wb:
        with wb.sheet("A-01"):
            pass
        for bad in ("", "x" * 32, "a/b", "a:b", "'q'", "铃\x07"):
            with pytest.raises(ValueError, match="not a valid sheet name"):
                wb.sheet(bad)
        with pytest.raises(ValueError, match="exists already"):
            wb.sheet("a-01")                                   # Excel compares names ignoring case
    assert load_workbook(tmp_path / "n.xlsx").sheetnames == ["A-01"]
    with pytest.raises(ValueError, match="at least one sheet"), StreamedWorkbook(tmp_path / "e.xlsx"):
        pass


def test_an_error_inside_a_sheet_propagates(tmp_path):
    with pytest.raises(RuntimeError, match="stop"), StreamedWorkbook(tmp_path / "x.xlsx") as wb, wb.sheet("A") as out:
        out.put([1])
        raise RuntimeError("stop")
