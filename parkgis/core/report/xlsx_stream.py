"""A streamed XLSX writer: each sheet's XML goes straight into the zip as its rows are given.

For workbooks of thousands of sheets (a city's 界址点成果表, one sheet per parcel), where openpyxl's
write-only mode took 338 s for 7 832 sheets and xlsxwriter checks every new sheet name against all
the others (quadratic) and keeps a temporary file per sheet. Here nothing is held but the current
sheet's merges and links, and nothing is written outside the target file.

What it writes is what the reports need, no more: inline strings, numbers, booleans, cell styles
(font bold/size, a solid fill, a thin box, alignment, number format, the Hyperlink style), row
heights, column widths, merges, frozen rows, links to a sheet of the workbook, print titles and
the page setup. Text is stored as text, never as a formula; characters XML cannot hold are written
in Excel's own ``_xHHHH_`` escape (and a literal ``_xHHHH_`` as ``_x005F_xHHHH_``), as Excel does.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

#: characters an XML 1.0 text cannot hold (and CR, which XML would turn into LF), or a literal escape
_NOT_XML = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
#: what Excel forbids in a sheet name, and control characters, which an XML attribute cannot hold
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f\ufffe\uffff]")
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2}
_HYPERLINK_BLUE = "FF0563C1"   # Excel's Hyperlink style colour (the Office theme's)
_FLUSH_PARTS = 8192


def _escape_not_xml(m: re.Match) -> str:
    s = m.group(0)
    return "_x005F" + s if len(s) > 1 else f"_x{ord(s):04X}_"


def xml_text(s: str) -> str:
    """``s`` as XML character data, with Excel's escapes for what XML cannot hold.

    >>> xml_text('a<b & "c"'), xml_text("bell\\x07"), xml_text("_x0041_")
    ('a&lt;b &amp; "c"', 'bell_x0007_', '_x005F_x0041_')
    """
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _NOT_XML.sub(_escape_not_xml, s) if _NOT_XML.search(s) else s


def _attr(s: str) -> str:
    return xml_text(s).replace('"', "&quot;")


def column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_ref(name: str) -> str:
    """A sheet's name as a formula or a link writes it: quoted, apostrophes doubled."""
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class Style:
    bold: bool = False
    size: float | None = None         # points; None: the workbook's 11
    fill: str | None = None           # solid fill, "RRGGBB"
    border: bool = False              # a thin box
    horizontal: str | None = None     # left, center, right
    vertical: str | None = None       # top, center, bottom
    wrap: bool = False
    num_format: str = "General"
    link: bool = False                # Excel's Hyperlink cell style


@dataclass(frozen=True)
class PageSetup:
    paper: int = 9                    # 9: A4
    orientation: str = "portrait"
    fit_width: int | None = 1         # pages across, with fit_height pages down (0: as many as it takes)
    fit_height: int = 0
    center_horizontally: bool = True
    footer: str = ""                  # Excel's header/footer codes: "&C第 &P 页"


class _Styles:
    def __init__(self):
        self.fonts = [(False, None, False)]
        self.fills = [None, "gray125"]
        self.num_formats: dict[str, int] = {}
        self.xfs: list[Style] = [Style()]
        self._index = {Style(): 0}

    def index(self, style: Style) -> int:
        if style not in self._index:
            self._index[style] = len(self.xfs)
            self.xfs.append(style)
        return self._index[style]

    def _font(self, st: Style) -> int:
        key = (st.bold, st.size, st.link)
        if key not in self.fonts:
            self.fonts.append(key)
        return self.fonts.index(key)

    def _fill(self, st: Style) -> int:
        if st.fill is None:
            return 0
        if st.fill not in self.fills:
            self.fills.append(st.fill)
        return self.fills.index(st.fill)

    def _num(self, st: Style) -> int:
        if st.num_format in _BUILTIN_FORMATS:
            return _BUILTIN_FORMATS[st.num_format]
        return self.num_formats.setdefault(st.num_format, 164 + len(self.num_formats))

    def xml(self) -> str:
        link_font = self._font(Style(link=True))   # the Hyperlink cell style's, used or not
        xfs = []
        for st in self.xfs:
            align = "".join(f' {k}="{v}"' for k, v in (("horizontal", st.horizontal), ("vertical", st.vertical),
                                                          ("wrapText", "1" if st.wrap else None)) if v)
            num, font, fill = self._num(st), self._font(st), self._fill(st)
            applied = "".join(f' {a}="1"' for a, on in (("applyNumberFormat", num), ("applyFont", font),
                                                           ("applyFill", fill), ("applyBorder", st.border),
                                                           ("applyAlignment", align)) if on)
            xfs.append(f'<xf numFmtId="{num}" fontId="{font}" fillId="{fill}" borderId="{int(st.border)}" '
                       f'xfId="{int(st.link)}"{applied}>' + (f"<alignment{align}/>" if align else "") + "</xf>")
        fonts = []
        for bold, size, link in self.fonts:
            fonts.append("<font>" + ("<b/>" if bold else "") + ("<u/>" if link else "")
                         + f'<sz val="{size or 11:g}"/>' + (f'<color rgb="{_HYPERLINK_BLUE}"/>' if link else "")
                         + '<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>')
        fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>']
        fills += [f'<fill><patternFill patternType="solid"><fgColor rgb="FF{c}"/><bgColor indexed="64"/>'
                  "</patternFill></fill>" for c in self.fills[2:]]
        thin = "".join(f'<{side} style="thin"><color indexed="64"/></{side}>' for side in ("left", "right", "top", "bottom"))
        fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{_attr(code)}"/>' for code, i in self.num_formats.items())
        return (f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
                + (f'<numFmts count="{len(self.num_formats)}">{fmts}</numFmts>' if self.num_formats else "")
                + f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
                + f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
                + f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
                  f"<border>{thin}<diagonal/></border></borders>"
                + '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
                  f'<xf numFmtId="0" fontId="{link_font}" fillId="0" borderId="0" applyFont="1"/></cellStyleXfs>'
                + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                + '<cellStyles count="2"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
                  '<cellStyle name="Hyperlink" xfId="1" builtinId="8"/></cellStyles>'
                + "</styleSheet>")


class SheetStream:
    """Rows into one sheet, numbered from 1 as they come (see :meth:`StreamedWorkbook.sheet`)."""

    def __init__(self, fh, ncols: int, page: PageSetup | None):
        self._fh, self.ncols, self.page = fh, ncols, page
        self.row = 0
        self._parts: list[str] = []
        self._merges: list[str] = []
        self._links: list[tuple[str, str, str]] = []
        self.title_rows: tuple[int, int] | None = None
        self._letters = [column_letter(i) for i in range(1, max(ncols, 1) + 1)]

    def _letter(self, i: int) -> str:
        while i >= len(self._letters):
            self._letters.append(column_letter(len(self._letters) + 1))
        return self._letters[i]

    def put(self, values: Sequence, styles: Sequence[int | None] = (), *, height: float | None = None,
            merge_from: int | None = None, links: dict[int, str] | None = None) -> int:
        """Write one row and return its number. ``styles`` (indices from
        :meth:`StreamedWorkbook.style`) may run past ``values``: the empty cells of a styled row.
        ``merge_from`` (1-based) merges that cell to the last column; ``links`` maps a column
        (0-based) to the name of a sheet its cell links to."""
        self.row += 1
        r = self.row
        parts = self._parts
        parts.append(f'<row r="{r}" ht="{height:g}" customHeight="1">' if height is not None else f'<row r="{r}">')
        for i in range(max(len(values), len(styles))):
            value = values[i] if i < len(values) else None
            s = styles[i] if i < len(styles) else None
            ref = f"{self._letter(i)}{r}"
            style = f' s="{s}"' if s else ""
            if value is None or value == "":
                if s:
                    parts.append(f'<c r="{ref}"{style}/>')
            elif isinstance(value, str):
                space = ' xml:space="preserve"' if value[0].isspace() or value[-1].isspace() else ""
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{xml_text(value)}</t></is></c>')
            elif isinstance(value, bool | np.bool_):
                parts.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | np.integer):
                parts.append(f'<c r="{ref}"{style}><v>{int(value)}</v></c>')
            elif isinstance(value, float | np.floating):
                if math.isfinite(value):
                    parts.append(f'<c r="{ref}"{style}><v>{float(value)!r}</v></c>')
                else:   # Excel has no NaN: an error cell, never a broken file
                    parts.append(f'<c r="{ref}"{style} t="e"><v>#NUM!</v></c>')
            else:
                parts.append(f'<c r="{ref}"{style} t="inlineStr"><is><t>{xml_text(str(value))}</t></is></c>')
        parts.append("</row>")
        if merge_from is not None and merge_from < self.ncols:
            self._merges.append(f"{self._letter(merge_from - 1)}{r}:{self._letter(self.ncols - 1)}{r}")
        for i, sheet in (links or {}).items():
            self._links.append((f"{self._letter(i)}{r}", f"{sheet_ref(sheet)}!A1", sheet))
        if len(parts) > _FLUSH_PARTS:
            self._flush()
        return r

    def print_title_rows(self, first: int, last: int | None = None) -> None:
        """Rows repeated at the top of every printed page."""
        self.title_rows = (first, last or first)

    def _flush(self) -> None:
        self._fh.write("".join(self._parts).encode("utf-8"))
        self._parts.clear()

    def _finish(self) -> None:
        tail = ["</sheetData>"]
        if self._merges:
            tail.append(f'<mergeCells count="{len(self._merges)}">'
                        + "".join(f'<mergeCell ref="{m}"/>' for m in self._merges) + "</mergeCells>")
        if self._links:
            tail.append("<hyperlinks>" + "".join(f'<hyperlink ref="{ref}" location="{_attr(loc)}" '
                                                f'display="{_attr(text)}"/>' for ref, loc, text in self._links)
                        + "</hyperlinks>")
        page = self.page
        if page is not None:
            if page.center_horizontally:
                tail.append('<printOptions horizontalCentered="1"/>')
        tail.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
        if page is not None:
            fit = (f' fitToWidth="{page.fit_width}" fitToHeight="{page.fit_height}"'
                   if page.fit_width is not None else "")
            tail.append(f'<pageSetup paperSize="{page.paper}" orientation="{page.orientation}"{fit}/>')
            if page.footer:
                tail.append(f"<headerFooter><oddFooter>{xml_text(page.footer)}</oddFooter></headerFooter>")
        tail.append("</worksheet>")
        self._parts.extend(tail)
        self._flush()


class StreamedWorkbook:
    """An XLSX written sheet by sheet into ``path``::

        with StreamedWorkbook(path) as wb:
            bold = wb.style(Style(bold=True))
            with wb.sheet("汇总", widths=(10, 20)) as out:
                out.put(["地块编号", "A-01"], [bold])

    On an exception the file is left incomplete (write it to a temporary path and move it).
    """

    def __init__(self, path: str | Path, *, compresslevel: int = 6):
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._styles = _Styles()
        self._sheets: list[str] = []
        self._taken: set[str] = set()
        self._titles: list[tuple[int, str, tuple[int, int]]] = []
        self._open = False

    def style(self, style: Style) -> int:
        """The cell-style index of ``style`` for :meth:`SheetStream.put`."""
        return self._styles.index(style)

    def sheet(self, name: str, *, widths: Sequence[float] = (), freeze_rows: int = 0,
              page: PageSetup | None = None) -> _SheetContext:
        """A new sheet, written when its ``with`` block ends. ``widths``: of the columns from A,
        in Excel's stored unit; ``freeze_rows``: rows kept in view at the top."""
        if not name or len(name) > 31 or BAD_SHEET_CHARS.search(name) or name.startswith("'") or name.endswith("'"):
            raise ValueError(f"not a valid sheet name: {name!r}")
        if name.lower() in self._taken:
            raise ValueError(f"a sheet named {name!r} exists already")
        if self._open:
            raise RuntimeError("one sheet at a time")
        self._taken.add(name.lower())
        self._sheets.append(name)
        return _SheetContext(self, name, len(self._sheets), widths, freeze_rows, page)

    def _sheet_done(self, index: int, name: str, out: SheetStream) -> None:
        if out.title_rows:
            self._titles.append((index - 1, name, out.title_rows))

    def close(self) -> None:
        z, n = self._zip, len(self._sheets)
        if not n:
            raise ValueError("a workbook needs at least one sheet")
        titles = "".join(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
                         f"{xml_text(sheet_ref(name))}!${a}:${b}</definedName>" for i, name, (a, b) in self._titles)
        sheets = "".join(f'<sheet name="{_attr(name)}" sheetId="{k}" r:id="rId{k}"/>'
                         for k, name in enumerate(self._sheets, start=1))
        z.writestr("xl/workbook.xml", f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
                   f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
                   + (f"<definedNames>{titles}</definedNames>" if titles else "")
                   + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
        z.writestr("xl/styles.xml", self._styles.xml())
        rels = "".join(f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
                       for k in range(1, n + 1))
        z.writestr("xl/_rels/workbook.xml.rels", f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}'
                   f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        z.writestr("docProps/core.xml", f'{_HEAD}<cp:coreProperties xmlns:cp="{_PKG_REL.rsplit("/", 1)[0]}'
                   '/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                   'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                   f'<dc:creator>parkgis</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{now}'
                   "</dcterms:created></cp:coreProperties>")
        z.writestr("docProps/app.xml", f'{_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/extended-properties"><Application>parkgis</Application></Properties>')
        z.writestr("_rels/.rels", f'{_HEAD}<Relationships xmlns="{_PKG_REL}">'
                   f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                   f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
                   f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
                   "</Relationships>")
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="{_CT}.worksheet+xml"/>'
                            for k in range(1, n + 1))
        z.writestr("[Content_Types].xml", f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
                   f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{overrides}'
                   '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
                   'core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
        z.close()

    def __enter__(self) -> StreamedWorkbook:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self._zip.close()


class _SheetContext:
    def __init__(self, wb: StreamedWorkbook, name: str, index: int, widths, freeze_rows: int,
                 page: PageSetup | None):
        self._wb, self._name, self._index = wb, name, index
        self._widths, self._freeze, self._page = widths, freeze_rows, page

    def __enter__(self) -> SheetStream:
        wb = self._wb
        self._fh = wb._zip.open(f"xl/worksheets/sheet{self._index}.xml", "w")
        wb._open = True
        if self._freeze:
            view = (f'<pane ySplit="{self._freeze}" topLeftCell="A{self._freeze + 1}" activePane="bottomLeft" '
                    'state="frozen"/><selection pane="bottomLeft"/>')
        else:
            view = ""
        selected = ' tabSelected="1"' if self._index == 1 else ""
        cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
                       for i, w in enumerate(self._widths, start=1))
        fit = self._page is not None and self._page.fit_width is not None
        head = (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                + ('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' if fit else "")
                + f'<sheetViews><sheetView{selected} workbookViewId="0">{view}</sheetView></sheetViews>'
                + '<sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")
        self._fh.write(head.encode("utf-8"))
        self._out = SheetStream(self._fh, max(len(self._widths), 1), self._page)
        return self._out

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._out._finish()
                self._wb._sheet_done(self._index, self._name, self._out)
        finally:
            self._fh.close()
            self._wb._open = False
