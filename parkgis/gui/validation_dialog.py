"""坐标文件检查: the GUI front of :func:`parkgis.core.io.coordtxt.validate_coordtxt`.

Pick a ministry coordinate TXT (勘测定界 / 报批 坐标文件); the dialog lists every finding
(severity, line, parcel, message) and the parcels with their computed areas, shows the file
around a finding's line when it is double-clicked, and — when nothing is an error — adds the
parcels to the project through ``Project.add_file`` (the registry reader, so the layer is exactly
what ``parkgis convert`` or the add-layer dialog would give).

Checking a file is quick (a few ms for a typical file), so it runs on the GUI thread.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QStandardItem,
    QStandardItemModel,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import DataError, ParkgisError
from ..core.io.coordtxt import ERROR, INFO, WARNING, CoordTxt, Finding, validate_coordtxt
from ..core.io.encoding import decode_text
from .addons import find_menu
from .busy import busy
from .i18n import core_error, core_text, current_language

#: severity → (colour of the text, background of the highlighted source line)
SEVERITY_COLORS = {ERROR: ((176, 0, 32), (255, 214, 214)), WARNING: ((178, 95, 0), (255, 236, 196)),
                   INFO: ((31, 95, 160), (220, 234, 250))}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}
#: encodings offered (None = detect: BOM, then UTF-8, then GB18030)
ENCODINGS = (None, "GB18030", "UTF-8")

FindingRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


class FindingsModel(QStandardItemModel):
    """One row per finding: severity (icon, colour), line, parcel, message, code."""

    COLUMNS = 5

    def __init__(self, parent=None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.set_headers()

    def set_headers(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Severity"), self.tr("Line"), self.tr("Parcel"),
                                        self.tr("Message"), self.tr("Code")])

    def severity_label(self, severity: str) -> str:
        return {ERROR: self.tr("Error"), WARNING: self.tr("Warning"), INFO: self.tr("Note")}.get(severity, severity)

    def message_text(self, f: Finding) -> str:
        """The finding's message for the UI language: core's English message in English; in Chinese a
        translation chosen by ``code`` and filled from ``params`` (core's message when the code or a
        value is unknown, so nothing is ever lost)."""
        if current_language() == "en":
            return f.message
        template = self._templates().get(f.code)
        if template is None:
            return f.message
        try:
            return template(f.params)
        except (KeyError, TypeError, ValueError):
            return f.message

    def _templates(self) -> dict:
        def fill(text: str, *values) -> str:
            for i, v in enumerate(values, start=1):
                text = text.replace(f"%{i}", str(v))
            return text

        datum = {"xian80": "1980西安坐标系", "beijing54": "1954北京坐标系", "cgcs2000": "2000国家大地坐标系"}
        return {
            "encoding_errors": lambda p: self.tr("Bytes that are neither UTF-8 nor GB18030 were replaced"),
            "extra_section": lambda p: fill(self.tr("Section [%1] is not part of the standard; kept as metadata"),
                                            p["section"]),
            "text_outside_section": lambda p: self.tr("Text before the first section ignored"),
            "bad_header_line": lambda p: self.tr("Header line without '='"),
            "missing_parcel_header": lambda p: self.tr(
                "Point lines before any parcel header line ('…,@'): read as a parcel without attributes"),
            "no_coordinate_section": lambda p: self.tr("The file has no [地块坐标] section: no parcel to read"),
            "headerless": lambda p: self.tr(
                "No [属性描述]/[地块坐标] sections: read as a bare point list (点号,X,Y) forming one parcel"),
            "no_header_section": lambda p: self.tr("The file has no [属性描述] section"),
            "no_parcels": lambda p: self.tr("The [地块坐标] section holds no parcel"),
            "short_parcel_header": lambda p: fill(self.tr(
                "Parcel header has %1 of 8 fields; the missing ones are empty"), p["fields"]),
            "extra_parcel_fields": lambda p: fill(self.tr(
                "Parcel header has %1 field(s) after 地类编码; kept as EXTRA"), p["fields"]),
            "misaligned_parcel_header": lambda p: self.tr(
                "Parcel header fields do not fit the standard order (界址点数,地块面积,地块编号,地块名称,记录图形属性,"
                "图幅号,地块用途,地类编码): the 界址点数/地块面积 values that are not numbers were dropped"),
            "unexpected_graphic_attribute": lambda p: fill(self.tr(
                "记录图形属性 is %1, not 面/线/点: fields may be misaligned"), p["value"]),
            "not_polygon": lambda p: fill(self.tr("记录图形属性 is %1: the points are still read as a polygon"),
                                          p["value"]),
            "no_declared_area": lambda p: self.tr("地块面积 is empty: nothing to check the computed area against"),
            "extra_point_fields": lambda p: fill(self.tr("Point line has %1 fields; fields after Y ignored"),
                                                 p["fields"]),
            "bad_point_line": lambda p: fill(self.tr("Point line has %1 field(s), expected 4 (点号,圈号,X,Y)"),
                                             p["fields"]),
            "bad_coordinate": lambda p: fill(self.tr("Coordinate %1 is not a number (point %2)"), p["value"],
                                             p["point"]),
            "bad_precision": lambda p: self.tr("精度 is not understood"),
            "swapped_xy": lambda p: self.tr(
                "The X column holds eastings and the Y column northings (X must be the northing): swapped back"),
            "bad_zone_width": lambda p: self.tr("The zone width (分带) is not 3 or 6"),
            "no_datum": lambda p: self.tr("坐标系 is not declared: assumed 2000国家大地坐标系 (CGCS2000)"),
            "legacy_datum": lambda p: fill(self.tr(
                "The data is on a legacy datum (%1), not CGCS2000: explicit transformation parameters are needed "
                "before it is combined with CGCS2000 data"), datum[p["datum"]]),
            "mixed_zones": lambda p: self.tr("The eastings carry different zone prefixes"),
            "mixed_prefix": lambda p: self.tr("Some eastings carry a zone prefix and others do not"),
            "zone_mismatch": lambda p: fill(self.tr("带号=%1 but the eastings carry the zone prefix %2: zone %2 used"),
                                            p["declared"], p["prefix"]),
            "zone_from_prefix": lambda p: fill(self.tr("带号 is empty or missing: zone %1 taken from the easting "
                                                       "prefix"), p["zone"]),
            "zone_width_mismatch": lambda p: self.tr("分带 says 6° but the zone only exists as a 3° zone: 3° used"),
            "crs_prefix_mismatch": lambda p: self.tr(
                "The CRS given expects zone-prefixed eastings; the file has none"),
            "no_zone": lambda p: self.tr(
                "The zone cannot be determined (带号 is empty and the eastings carry no zone prefix): give the CRS "
                "above (the EPSG code of the zone, e.g. 4546 for 111°E without prefix)"),
            "crs_option_ignored": lambda p: self.tr("The file determines its CRS; the CRS given was not used"),
            "northing_out_of_range": lambda p: self.tr(
                "Some X values are not northings inside China (100 km – 6 200 km)"),
            "more_digits_than_precision": lambda p: fill(self.tr(
                "Coordinates carry %1 decimals, more than 精度 declares (%2)"), p["decimals"], p["declared"]),
            "no_points": lambda p: self.tr("The parcel has no point lines"),
            "duplicate_point": lambda p: fill(self.tr("Point %1 repeats the previous point: dropped"), p["point"]),
            "ring_too_short": lambda p: fill(self.tr(
                "Ring %1 has %2 distinct point(s); a polygon ring needs at least 3"), p["ring"], p["points"]),
            "ring_not_closed": lambda p: fill(self.tr(
                "Ring %1 does not end by repeating its first point: closed"), p["ring"]),
            "invalid_geometry": lambda p: fill(self.tr("The polygon is invalid: %1"), p["reason"]),
            "ellipsoidal_area_unavailable": lambda p: fill(self.tr(
                "The ellipsoidal area cannot be computed: the coordinates lie outside the range where %1 is defined"),
                p["crs"]),
            "multipart": lambda p: fill(self.tr("The parcel has %1 separate parts"), p["parts"]),
            "point_count_mismatch": lambda p: fill(self.tr("界址点数=%1 but the parcel has %2 point line(s)"),
                                                   p["declared"], p["found"]),
            "decimal_comma": lambda p: fill(self.tr(
                "Coordinates are written with decimal commas (e.g. %1): read as decimal points on %2 point line(s)"),
                p["example"], p["count"]),
            "decimal_comma_area": lambda p: fill(self.tr(
                "地块面积 is written with a decimal comma (%1): read as a decimal point"), p["value"]),
            "field_order_declared": lambda p: self.tr(
                "A line names the parcel header fields: parcel header lines are read in that order"),
            "several_documents": lambda p: fill(self.tr(
                "The file holds %1 documents (files joined one after the other): each is read with its own "
                "header"), p["documents"]),
            "document_in_other_zone": lambda p: fill(self.tr(
                "Document %1 is in %2, the first in %3: its parcels were transformed into %3; their areas are "
                "those in their own zone"), p["document"], p["crs"], p["target"]),
            "document_not_placed": lambda p: fill(self.tr(
                "Document %1 has no zone or another datum than the first document: the parcel is not read"),
                p["document"]),
            "duplicate_parcel_id": lambda p: fill(self.tr(
                "地块编号 %1 is used by several parcels (header lines %2): ids must be unique"),
                p["id"], ", ".join(str(n) for n in p["lines"])),
            "easting_out_of_zone": lambda p: fill(self.tr(
                "Easting Y=%1 (point %2) is not inside the zone (100–900 km after the zone prefix): the "
                "coordinates contradict the zone"), p["value"], p["point"]),
            "area_in_m2": lambda p: fill(self.tr(
                "地块面积=%1 matches the computed area in m² (%2 m²), not in 公顷 as the standard requires"),
                f"{p['declared']:g}", f"{p['computed_m2']:,.2f}"),
            "area_mismatch": lambda p: fill(self.tr(
                "地块面积=%1 differs from the computed area %2 公顷 (%3 m²) by %4 read as 公顷 and %5 read as m²"),
                f"{p['declared']:g}", f"{p['computed_m2'] / 10_000:.4f}", f"{p['computed_m2']:,.2f}",
                f"{p['diff_ha']:.1%}", f"{p['diff_m2']:.1%}"),
        }

    def set_findings(self, findings: list[Finding]) -> None:
        self.removeRows(0, self.rowCount())
        style = QApplication.style()
        icons = {ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                 WARNING: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
                 INFO: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)}
        for f in findings:
            colour = QColor(*SEVERITY_COLORS.get(f.severity, ((60, 60, 60), None))[0])
            sev = QStandardItem(icons.get(f.severity), self.severity_label(f.severity))
            sev.setData(SEVERITY_ORDER.get(f.severity, 3), SortRole)
            sev.setForeground(QBrush(colour))
            if f.severity == ERROR:
                bold = QFont()
                bold.setBold(True)
                sev.setFont(bold)
            line = QStandardItem("" if f.line is None else str(f.line))
            line.setData(f.line if f.line is not None else 0, SortRole)
            line.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            parcel = QStandardItem(f.parcel or "")
            parcel.setData(f.parcel or "", SortRole)
            text = self.message_text(f)
            message = QStandardItem(text)
            message.setData(text, SortRole)
            # core's own words (English, with every value) stay one hover away, as `parkgis validate` prints them
            message.setToolTip(f.message if text == f.message else f"{text}\n\n{f.message} [{f.code}]")
            code = QStandardItem(f.code)
            code.setData(f.code, SortRole)
            code.setForeground(QBrush(QColor(110, 110, 110)))
            row = [sev, line, parcel, message, code]
            for item in row:
                item.setEditable(False)
                item.setData(f, FindingRole)
            self.appendRow(row)


class ParcelsModel(QStandardItemModel):
    """One row per parcel block of the file: id, name, readable, points, declared and computed areas."""

    def __init__(self, parent=None) -> None:
        super().__init__(0, 8, parent)
        self.setHorizontalHeaderLabels([
            self.tr("No."), self.tr("Parcel code"), self.tr("Parcel name"), self.tr("Readable"),
            self.tr("Point lines"), self.tr("Declared area"), self.tr("Area (m²)"), self.tr("Area (ha)")])

    def set_doc(self, doc: CoordTxt | None) -> None:
        self.removeRows(0, self.rowCount())
        if doc is None:
            return
        for p in doc.as_dict()["parcels"]:
            readable = p["readable"]
            values = [str(p["index"]), p["id"] or "", p["name"] or "",
                      self.tr("yes") if readable else self.tr("no"),
                      f"{p['point_lines']}" + (f" / {p['declared_points']}" if p["declared_points"] is not None else ""),
                      "" if p["declared_area"] is None else f"{p['declared_area']:g}",
                      "" if p["area_m2"] is None else f"{p['area_m2']:,.2f}",
                      "" if p["area_ha"] is None else f"{p['area_ha']:,.4f}"]
            row = []
            for i, v in enumerate(values):
                item = QStandardItem(v)
                item.setEditable(False)
                item.setData(p["line"], FindingRole)
                if i in (0, 4, 5, 6, 7):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if i == 3 and not readable:
                    item.setForeground(QBrush(QColor(*SEVERITY_COLORS[ERROR][0])))
                row.append(item)
            self.appendRow(row)


class CoordFileCheckDialog(QDialog):
    """Check a coordinate TXT and list its findings; optionally add its parcels to the project.

    ``add_callback(path, encoding, crs)`` adds the parcels (returns the added layers, raises
    :class:`ParkgisError` on failure); without it the add button is hidden. ``checked(doc)`` is
    emitted after every check, ``added(layers)`` after the parcels were added.
    """

    checked = Signal(object)
    added = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, add_callback=None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.add_callback = add_callback
        self.settings = settings if settings is not None else QSettings()
        self.doc: CoordTxt | None = None
        self.path: Path | None = None
        self.error: str | None = None
        self._lines: list[str] = []
        self.setObjectName("coordFileCheckDialog")
        self.setWindowTitle(self.tr("Check Coordinate File"))
        self.resize(1080, 760)
        self._build()
        self._update_buttons()

    # --- construction ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("File:"), self))
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("coordFilePath")
        self.path_edit.setPlaceholderText(self.tr("Ministry coordinate file (勘测定界 / 报批 坐标文件, *.txt)"))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        outer.addLayout(row)

        opts = QHBoxLayout()
        opts.addWidget(QLabel(self.tr("Encoding:"), self))
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setObjectName("coordFileEncoding")
        for enc, text in zip(ENCODINGS, (self.tr("Detect"), "GBK / GB18030", "UTF-8"), strict=True):
            self.encoding_combo.addItem(text, enc)
        opts.addWidget(self.encoding_combo)
        opts.addSpacing(16)
        opts.addWidget(QLabel(self.tr("CRS if the file has no zone:"), self))
        self.crs_edit = QLineEdit(self)
        self.crs_edit.setObjectName("coordFileCrs")
        self.crs_edit.setPlaceholderText(self.tr("EPSG, e.g. 4546"))
        self.crs_edit.setToolTip(self.tr("Used only when neither 带号 nor a zone prefix of the eastings gives the "
                                         "zone (CGCS2000 3° GK: 4534–4554 without prefix, 4513–4533 with)"))
        self.crs_edit.setMinimumWidth(150)
        self.crs_edit.setMaximumWidth(200)
        opts.addWidget(self.crs_edit)
        self.check_button = QPushButton(self.tr("Check"), self)
        self.check_button.setObjectName("primaryButton")
        opts.addWidget(self.check_button)
        opts.addStretch(1)
        outer.addLayout(opts)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("coordFileSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary_label.setText(self.tr("Choose a coordinate file to check."))
        outer.addWidget(self.summary_label)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.tabs = QTabWidget(split)
        self.model = FindingsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView(self.tabs)
        self.table.setObjectName("coordFileFindings")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        for col in (0, 1, 2, 4):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.table, self.tr("Findings"))
        self.parcels_model = ParcelsModel(self)
        self.parcels_table = QTableView(self.tabs)
        self.parcels_table.setObjectName("coordFileParcels")
        self.parcels_table.setModel(self.parcels_model)
        self.parcels_table.verticalHeader().hide()
        self.parcels_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parcels_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.parcels_table.horizontalHeader().setStretchLastSection(True)
        self.tabs.addTab(self.parcels_table, self.tr("Parcels"))

        source_box = QWidget(split)
        sl = QVBoxLayout(source_box)
        sl.setContentsMargins(0, 4, 0, 0)
        self.source_label = QLabel(self.tr("Double-click a finding to see its line in the file"), source_box)
        self.source_label.setObjectName("hintLabel")
        self.source_view = QPlainTextEdit(source_box)
        self.source_view.setObjectName("coordFileSource")
        self.source_view.setReadOnly(True)
        self.source_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.source_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        sl.addWidget(self.source_label)
        sl.addWidget(self.source_view)
        split.addWidget(self.tabs)
        split.addWidget(source_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy report"), self)
        self.copy_button.setToolTip(self.tr("Copy the findings as text (as `parkgis validate` prints them)"))
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        self.add_button = QPushButton(self.tr("Add parcels to project"), self)
        self.add_button.setObjectName("coordFileAdd")
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)
        self.add_button.setVisible(self.add_callback is not None)

        self.browse_button.clicked.connect(self.browse)
        self.check_button.clicked.connect(self.recheck)
        self.path_edit.returnPressed.connect(self.recheck)
        self.crs_edit.returnPressed.connect(self.recheck)
        self.encoding_combo.currentIndexChanged.connect(lambda _i: self.doc is not None and self.recheck())
        self.table.doubleClicked.connect(self._on_activated)
        self.table.activated.connect(self._on_activated)
        self.parcels_table.doubleClicked.connect(self._on_parcel_activated)
        self.copy_button.clicked.connect(self.copy_report)
        self.add_button.clicked.connect(self.add_to_project)
        self.close_button.clicked.connect(self.accept)

    # --- checking ----------------------------------------------------------------------------------
    def browse(self) -> None:
        start = str(self.path.parent if self.path else self.settings.value("coordtxt/last_dir", "") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Check Coordinate File"), start,
                                              self.tr("Coordinate files (*.txt *.TXT);;All files (*)"))
        if path:
            self.path_edit.setText(path)
            self.check_file(path)

    def recheck(self) -> bool:
        text = self.path_edit.text().strip()
        return self.check_file(text) if text else False

    def crs_option(self) -> int | str | None:
        text = self.crs_edit.text().strip()
        if not text:
            return None
        if text.upper().startswith("EPSG:"):
            text = text[5:].strip()
        return int(text) if text.isdigit() else text

    def check_file(self, path: str | os.PathLike, *, encoding: str | None = None, crs=None) -> bool:
        """Check ``path`` with the dialog's encoding and CRS choices (or the ones given); True when
        the file could be read at all (its findings are then in the table)."""
        path = Path(path)
        self.path = path
        self.path_edit.setText(str(path))
        if encoding is not None:
            i = self.encoding_combo.findData(encoding)
            self.encoding_combo.blockSignals(True)
            self.encoding_combo.setCurrentIndex(i if i >= 0 else 0)
            self.encoding_combo.blockSignals(False)
        if crs is not None:
            self.crs_edit.setText(str(crs))
        self.settings.setValue("coordtxt/last_dir", str(path.parent))
        enc = self.encoding_combo.currentData()
        try:
            with busy():
                if not path.is_file():
                    raise DataError(path, "file not found")
                data = path.read_bytes()
                doc = validate_coordtxt(path, encoding=enc, crs=self.crs_option(), data=data)
                text, _enc, _src = decode_text(data, enc)  # decoded as the parser did: line numbers agree
        except (ParkgisError, OSError, ValueError) as exc:
            self._show_failure(core_error(exc))
            return False
        self.doc, self.error = doc, None
        self._lines = text.splitlines()
        self.model.set_findings(doc.sorted_findings())
        self.proxy.sort(-1)
        self.parcels_model.set_doc(doc)
        self.source_view.setPlainText(self._numbered(self._lines))
        self.source_view.setExtraSelections([])
        self.source_label.setText(self.tr("Double-click a finding to see its line in the file"))
        self._show_summary(doc)
        self._update_buttons()
        self.checked.emit(doc)
        return True

    def _numbered(self, lines: list[str]) -> str:
        width = len(str(len(lines)))
        return "\n".join(f"{i:>{width}} │ {line}" for i, line in enumerate(lines, start=1))

    def _show_failure(self, message: str) -> None:
        self.doc, self.error = None, message
        self._lines = []
        self.model.set_findings([])
        self.parcels_model.set_doc(None)
        self.source_view.clear()
        head = self.tr("Cannot check the file:")  # outside the f-string: lupdate does not look inside one
        self.summary_label.setText(f'<span style="color:#b00020;"><b>{_esc(head)}</b> {_esc(message)}</span>')
        self._update_buttons()

    def _show_summary(self, doc: CoordTxt) -> None:
        s = doc.summary()
        counts = self.tr("%1 of %2 parcel(s) readable · %3 error(s) · %4 warning(s) · %5 note(s)").replace(
            "%1", str(s["parcels_read"])).replace("%2", str(s["parcels"])).replace("%3", str(s["errors"])).replace(
            "%4", str(s["warnings"])).replace("%5", str(s["info"]))
        if s["errors"]:
            verdict, colour = self.tr("Errors: the file cannot be used as it is."), "#b00020"
        elif s["warnings"]:
            verdict, colour = self.tr("Readable, with warnings: check them before use."), "#b25f00"
        else:
            verdict, colour = self.tr("No problem found."), "#1e6b2f"
        source = {"bom": self.tr("byte-order mark"), "detected": self.tr("detected"),
                  "explicit": self.tr("chosen"), "detected-with-errors": self.tr("detected, with errors")}
        details = self.tr("Encoding: %1 (%2) · CRS: %3").replace("%1", doc.encoding).replace(
            "%2", source.get(doc.encoding_source, doc.encoding_source)).replace(
            "%3", core_text(doc.crs_reason) or self.tr("unknown"))
        if doc.precision is not None:
            details += " · " + self.tr("精度 %1 m").replace("%1", f"{doc.precision:g}")
        if doc.swapped_xy:
            details += " · " + self.tr("X/Y swapped back")
        self.summary_label.setText(
            f'<b style="color:{colour};">{_esc(verdict)}</b> {_esc(counts)}<br>'
            f'<span style="color:#52606d;">{_esc(details)}</span>')

    def _update_buttons(self) -> None:
        doc = self.doc
        ok = doc is not None and not doc.errors and doc.summary()["parcels_read"] > 0
        self.add_button.setEnabled(ok and self.add_callback is not None)
        self.copy_button.setEnabled(doc is not None)
        if doc is None:
            self.add_button.setToolTip("")
        elif doc.errors:
            self.add_button.setToolTip(self.tr("Not available while the file has errors (a missing zone can be "
                                               "supplied as the CRS above)"))
        else:
            self.add_button.setToolTip(self.tr("Add the %1 parcel(s) to the open project as a layer").replace(
                "%1", str(doc.summary()["parcels_read"])))

    # --- the file around a finding -------------------------------------------------------------------
    def _on_activated(self, index) -> None:
        finding = index.data(FindingRole)
        if isinstance(finding, Finding):
            self.show_line(finding.line, finding.severity)

    def _on_parcel_activated(self, index) -> None:
        line = index.data(FindingRole)
        if line:
            self.show_line(int(line), INFO)

    def show_line(self, line: int | None, severity: str = INFO) -> bool:
        """Scroll the file view to ``line`` (1-based) and highlight it; False when it has no such line."""
        if line is None or not (1 <= line <= len(self._lines)):
            self.source_view.setExtraSelections([])
            return False
        block = self.source_view.document().findBlockByNumber(line - 1)
        cursor = QTextCursor(block)
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(*SEVERITY_COLORS.get(severity, SEVERITY_COLORS[INFO])[1]))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = cursor
        self.source_view.setExtraSelections([selection])
        self.source_view.setTextCursor(cursor)
        self.source_view.centerCursor()
        self.source_label.setText(self.tr("%1 — line %2").replace("%1", self.path.name if self.path else "").replace(
            "%2", str(line)))
        return True

    def highlighted_line(self) -> int | None:
        """The 1-based number of the highlighted line (None when none is)."""
        selections = self.source_view.extraSelections()
        return selections[0].cursor.blockNumber() + 1 if selections else None

    # --- actions -----------------------------------------------------------------------------------
    def report_text(self) -> str:
        if self.doc is None:
            return ""
        lines = [f.format(self.path) for f in self.doc.sorted_findings()]
        s = self.doc.summary()
        lines.append(f"{self.path}: {s['parcels_read']}/{s['parcels']} parcel(s) readable, {s['errors']} error(s), "
                     f"{s['warnings']} warning(s), {s['info']} note(s)")
        return "\n".join(lines)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())

    def add_to_project(self) -> list:
        """Add the parcels through ``add_callback``; the added layers ([] when nothing was added)."""
        if self.add_callback is None or self.doc is None or self.doc.errors or self.path is None:
            return []
        try:
            # the CRS field matters only for a file that does not give its zone (the reader says so otherwise)
            layers = list(self.add_callback(self.path, self.encoding_combo.currentData(), self.crs_option()) or [])
        except ParkgisError as exc:
            head = self.tr("Not added:")
            self.summary_label.setText(f'<span style="color:#b00020;"><b>{_esc(head)}</b> {_esc(core_error(exc))}</span>')
            return []
        n = sum(len(lyr.gdf) for lyr in layers)
        names = "、".join(lyr.name for lyr in layers)
        self.summary_label.setText(self.summary_label.text() + "<br>" + _esc(
            self.tr("Added %1 parcel(s) to the project as layer %2.").replace("%1", str(n)).replace("%2", names))
            # where the parcels landed, if odd: far outside the project, outside its zone
            + "".join(f'<br><span style="color:#a35400;">⚠ {_esc(core_text(note))}</span>'
                      for lyr in layers for note in getattr(lyr, "placement_notes", [])))
        self.add_button.setEnabled(False)   # once: a second click would add a second copy
        self.added.emit(layers)
        return layers


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- wiring into the main window -------------------------------------------------------------------
def add_to_window(window: QMainWindow, path, encoding=None, crs=None) -> list:
    """Add the parcels of ``path`` to the window's project (a new unsaved one if none is open) and zoom
    to them; raises :class:`ParkgisError` when nothing was added.

    The file is read by the format registry (:func:`parkgis.core.io.read_layers`, what
    ``Project.add_file`` does) and handed to the window's ``add_layers``, so the layer panel, map,
    attribute table, selection and check panel all learn of the new layer as after the add-layer
    dialog. A window without ``add_layers`` gets ``Project.add_file``; its views follow the project's events.
    """
    from ..core.io import read_layers
    from .document import unsaved_project

    if callable(getattr(window, "add_layers", None)):
        layers = read_layers(path, encoding=encoding, crs=crs)
        window.last_error = None
        added = window.add_layers(layers, path)
        if not added:
            raise DataError(path, (window.last_error or ("", "the layer was not added"))[1])
    else:
        project = window.project if window.project is not None else unsaved_project()
        added = project.add_file(path, encoding=encoding, crs=crs)
        if project is not window.project:
            window.set_project(project)   # else the window follows the project's layers_changed event
    boxes = [lyr.gdf.total_bounds for lyr in added if len(lyr.gdf)]
    if boxes:
        b = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes), max(x[3] for x in boxes))
        window.canvas.zoom_to_bounds(b, added[0].gdf.crs)
    return added


class CoordFileCheckActions(QObject):
    """The Tools menu's "Check Coordinate File…" for a main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.dialog: CoordFileCheckDialog | None = None
        self.action = QAction(self.tr("Check &Coordinate File…"), window)
        self.action.setObjectName("actCheckCoordFile")
        tip = self.tr("Check a ministry coordinate TXT (勘测定界/报批) and list its problems by line")
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)
        self.action.triggered.connect(self.open_dialog)
        menu = find_menu(window, "menu_tools", "act_check", self.tr("&Tools"))
        if menu.actions():
            menu.addSeparator()
        menu.addAction(self.action)

    def open_dialog(self) -> CoordFileCheckDialog:
        if self.dialog is None:
            self.dialog = CoordFileCheckDialog(
                self.window_, add_callback=lambda path, enc, crs: add_to_window(self.window_, path, enc, crs),
                settings=getattr(self.window_, "settings", None))
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog


def install(window: QMainWindow) -> QAction:
    """Add "Check Coordinate File…" to the window's Tools menu; returns the action."""
    existing = window.findChild(QAction, "actCheckCoordFile")
    if existing is not None:
        return existing
    actions = CoordFileCheckActions(window)
    window._parkgis_coordfile_actions = actions
    return actions.action
