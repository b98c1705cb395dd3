"""导出网页地图: the dialog in front of :func:`parkgis.webmap.render_webmap`.

The planner picks the layers, the fields each popup shows and their Chinese aliases, the base map
(none for intranets, 天地图 with its key, OSM or a tile URL), how parcels are coloured and the page
title. The page is rendered on the dialog's worker thread (:class:`.workers.WorkerThread`, a long-lived
Python thread: not a ``QThreadPool`` thread, whose per-run Python thread state frees pyproj's PROJ
context and crashes the next run) from a snapshot of the project taken on the GUI thread
(:mod:`parkgis.core.snapshot`), written
atomically (:func:`parkgis.core.fsutil.atomic_output`), and then offered for preview in the app
(:mod:`.webmap_preview`).
"""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core import snapshot as project_snapshot
from ..core.errors import ParkgisError
from ..core.feedback import Cancelled, Feedback
from ..core.roles import Role
from .addons import find_menu, insert_before
from .i18n import core_error, core_text, current_language, role_label
from .workers import WorkerThread, receiver_gone, run_for_receiver

#: colour schemes of the page, as ``parkgis webmap --colour-by``
COLOUR_BY = ("status", "lifecycle", "landuse", "idle", "grade")
#: base-map choices, as ``parkgis webmap --basemap`` (the last one takes a URL)
BASEMAPS = ("none", "tianditu", "osm", "url")
SAMPLE_CHARS = 40


def default_aliases(layer) -> dict[str, str]:
    """The Chinese popup label of each column as the page shows it by default (标准地 indicators with
    their bound, known field codes by their Chinese names, other columns by their own name)."""
    from ..webmap import content as C

    columns = [c for c in layer.gdf.columns if c != layer.gdf.geometry.name]
    aliases = {c: C.field_label(str(c)) for c in columns}
    if layer.role == Role.PARCELS:
        for candidates, label in C.INDICATORS:
            col = C.detect_field(columns, candidates)
            if col is not None:
                aliases[col] = label
    return aliases


# --- worker ---------------------------------------------------------------------------------------
class ExportSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)   # dict: path, size, seconds, warnings, summary, layers
    failed = Signal(str)
    cancelled = Signal()


class ExportTask:
    """Render the page and write it atomically (``run`` is called on the worker thread)."""

    def __init__(self, snapshot: project_snapshot.ProjectSnapshot, out_path: Path, options: dict, signals: ExportSignals) -> None:
        self.snapshot, self.out_path, self.options, self.signals = snapshot, Path(out_path), options, signals
        self.feedback = Feedback(lambda fraction, message: self.signals.progress.emit(fraction, message))

    def cancel(self) -> None:  # GUI thread
        self.feedback.cancel()

    def run(self) -> None:  # worker thread
        run_for_receiver(self._run)

    def _run(self) -> None:
        from ..core.fsutil import atomic_output
        from ..webmap import render_webmap

        start = time.perf_counter()
        try:
            project = self.snapshot.to_project()
            result = render_webmap(project, feedback=self.feedback, **self.options)
            self.feedback.check_cancelled()   # a cancel after the last step still writes nothing
            with atomic_output(self.out_path) as tmp:
                Path(tmp).write_text(result.html, encoding="utf-8")
        except Cancelled:
            self.signals.cancelled.emit()
            return
        except ParkgisError as exc:
            self.signals.failed.emit(str(exc))
            return
        except OSError as exc:
            self.signals.failed.emit(f"{self.out_path}: {exc.strerror or exc}")
            return
        except Exception as exc:  # a worker must never die silently
            if receiver_gone(exc):
                raise
            traceback.print_exc()
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.signals.finished.emit({
            "path": str(self.out_path), "size": self.out_path.stat().st_size,
            "seconds": time.perf_counter() - start, "warnings": list(result.warnings),
            "summary": dict(result.summary), "layers": list(result.layers)})


# --- dialog ---------------------------------------------------------------------------------------
class WebMapExportDialog(QDialog):
    """Export the project as one self-contained web map (HTML).

    ``exported(path)`` is emitted after the file was written; ``failed(message)`` when it was not.
    ``preview_callback(path)`` opens the preview (default: a :class:`.webmap_preview.WebMapPreview`).
    """

    exported = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, project, parent: QWidget | None = None, *, settings: QSettings | None = None,
                 interactive: bool = True, preview_callback=None) -> None:
        super().__init__(parent)
        self.project = project
        self.settings = settings if settings is not None else QSettings()
        self.interactive = interactive
        self.preview_callback = preview_callback
        self.last_result: dict | None = None
        self.last_error: str | None = None
        # parented, so Qt deletes it on this (the GUI) thread: a QObject whose last reference went
        # with a finished task on the worker thread was destroyed there, racing the GUI thread
        self._signals = ExportSignals(self)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self._on_progress)
        self._signals.cancelled.connect(self._on_cancelled)
        self._task: ExportTask | None = None
        self._running_text = ""
        self._running = False
        self._worker = WorkerThread("parkgis-webmap-export", owner=self)  # not QThreadPool: see ..workers
        self._fields: dict[str, list[list]] = {}     # layer → [[column, shown, alias, default alias]]
        self._current_layer: str | None = None
        self.setObjectName("webMapExportDialog")
        self.setWindowTitle(self.tr("Export Web Map"))
        self.resize(980, 700)
        # the app stylesheet gives the primary button no disabled look; while exporting it must read as off
        self.setStyleSheet("QPushButton#primaryButton:disabled { background: #a9bccf; border-color: #a9bccf; "
                           "color: #eef2f6; }")
        self._build()
        self._fill_layers()
        self._restore_choices()
        self._update_basemap_inputs()

    # --- construction ------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        intro = QLabel(self.tr("One self-contained HTML file: opens offline in any browser, with the legend, "
                               "layer panel, parcel search and popups."), self)
        intro.setWordWrap(True)
        intro.setObjectName("dialogIntro")
        outer.addWidget(intro)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        layer_box = QGroupBox(self.tr("Layers"), split)
        lay = QVBoxLayout(layer_box)
        self.layer_tree = QTreeWidget(layer_box)
        self.layer_tree.setObjectName("webMapLayers")
        self.layer_tree.setColumnCount(3)
        self.layer_tree.setHeaderLabels([self.tr("Layer"), self.tr("Type"), self.tr("Features")])
        self.layer_tree.setRootIsDecorated(False)
        self.layer_tree.setAlternatingRowColors(True)
        self.layer_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.layer_tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.layer_tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.layer_tree.header().setStretchLastSection(False)
        lay.addWidget(self.layer_tree)
        row = QHBoxLayout()
        self.all_button = QPushButton(self.tr("All"), layer_box)
        self.none_button = QPushButton(self.tr("None"), layer_box)
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        lay.addLayout(row)

        self.field_box = QGroupBox(self.tr("Popup fields"), split)
        fl = QVBoxLayout(self.field_box)
        self.field_table = QTableWidget(0, 3, self.field_box)
        self.field_table.setObjectName("webMapFields")
        self.field_table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Alias shown in the popup"),
                                                    self.tr("Example value")])
        self.field_table.verticalHeader().hide()
        self.field_table.setAlternatingRowColors(True)
        self.field_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.field_table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                         | QAbstractItemView.EditTrigger.EditKeyPressed
                                         | QAbstractItemView.EditTrigger.AnyKeyPressed)
        hh = self.field_table.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        hh.resizeSection(2, 170)
        fl.addWidget(self.field_table)
        frow = QHBoxLayout()
        self.fields_all = QPushButton(self.tr("Show all"), self.field_box)
        self.fields_none = QPushButton(self.tr("Hide all"), self.field_box)
        self.fields_reset = QPushButton(self.tr("Default aliases"), self.field_box)
        hint = QLabel(self.tr("Double-click an alias to edit it"), self.field_box)
        hint.setObjectName("hintLabel")
        for w in (self.fields_all, self.fields_none, self.fields_reset):
            frow.addWidget(w)
        frow.addStretch(1)
        frow.addWidget(hint)
        fl.addLayout(frow)
        split.addWidget(layer_box)
        split.addWidget(self.field_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        outer.addWidget(split, 1)

        form_box = QGroupBox(self.tr("Page"), self)
        form = QFormLayout(form_box)
        self.title_edit = QLineEdit(form_box)
        self.title_edit.setObjectName("webMapTitle")
        self.title_edit.setPlaceholderText(self.default_title())
        form.addRow(self.tr("Title:"), self.title_edit)
        self.colour_combo = QComboBox(form_box)
        self.colour_combo.setObjectName("webMapColourBy")
        for key, text in zip(COLOUR_BY, (self.tr("Compliance status"), self.tr("Lifecycle stage"),
                                         self.tr("Land use (用地用海)"), self.tr("Idle-land status (闲置土地)"),
                                         self.tr("Per-mu grade (亩均等级)")), strict=True):
            self.colour_combo.addItem(text, key)
        form.addRow(self.tr("Colour parcels by:"), self.colour_combo)
        base_row = QHBoxLayout()
        self.basemap_combo = QComboBox(form_box)
        self.basemap_combo.setObjectName("webMapBasemap")
        for key, text in zip(BASEMAPS, (self.tr("None (offline)"), self.tr("Tianditu (天地图)"),
                                        self.tr("OpenStreetMap"), self.tr("Tile URL…")), strict=True):
            self.basemap_combo.addItem(text, key)
        self.key_edit = QLineEdit(form_box)
        self.key_edit.setObjectName("webMapTiandituKey")
        self.key_edit.setPlaceholderText(self.tr("Tianditu key (tk)"))
        self.url_edit = QLineEdit(form_box)
        self.url_edit.setObjectName("webMapTileUrl")
        self.url_edit.setPlaceholderText("https://…/{z}/{x}/{y}.png")
        base_row.addWidget(self.basemap_combo)
        base_row.addWidget(self.key_edit, 1)
        base_row.addWidget(self.url_edit, 2)
        form.addRow(self.tr("Base map:"), base_row)
        self.basemap_note = QLabel(form_box)
        self.basemap_note.setObjectName("hintLabel")
        self.basemap_note.setWordWrap(True)
        form.addRow("", self.basemap_note)
        out_row = QHBoxLayout()
        self.out_edit = QLineEdit(form_box)
        self.out_edit.setObjectName("webMapOutput")
        self.browse_button = QPushButton(self.tr("Browse…"), form_box)
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)
        form.addRow(self.tr("Output file:"), out_row)
        outer.addWidget(form_box)

        status_row = QHBoxLayout()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setFixedWidth(140)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("webMapCancel")
        self.cancel_button.hide()
        self.status_label = QLabel(self)
        self.status_label.setObjectName("webMapStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        status_row.addWidget(self.progress)
        status_row.addWidget(self.cancel_button)
        status_row.addWidget(self.status_label, 1)
        outer.addLayout(status_row)
        self.warning_view = QPlainTextEdit(self)
        self.warning_view.setObjectName("webMapWarnings")
        self.warning_view.setReadOnly(True)
        self.warning_view.setMaximumHeight(90)
        self.warning_view.hide()
        outer.addWidget(self.warning_view)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setEnabled(False)
        self.preview_button.setToolTip(self.tr("Show the exported map in the app"))
        self.export_button = QPushButton(self.tr("Export"), self)
        self.export_button.setObjectName("primaryButton")
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"), self)
        for b in (self.preview_button, self.export_button, self.close_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)

        self.layer_tree.currentItemChanged.connect(lambda cur, _prev: self._show_fields(cur))
        self.layer_tree.itemChanged.connect(self._on_layer_checked)
        self.all_button.clicked.connect(lambda: self._check_all_layers(True))
        self.none_button.clicked.connect(lambda: self._check_all_layers(False))
        self.fields_all.clicked.connect(lambda: self._check_all_fields(True))
        self.fields_none.clicked.connect(lambda: self._check_all_fields(False))
        self.fields_reset.clicked.connect(self._reset_aliases)
        self.basemap_combo.currentIndexChanged.connect(lambda _i: self._update_basemap_inputs())
        self.browse_button.clicked.connect(self._browse)
        self.export_button.clicked.connect(self.export)
        self.preview_button.clicked.connect(self.preview)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button.clicked.connect(self.cancel_export)

    def default_title(self) -> str:
        settings = getattr(self.project, "settings", {}) or {}
        path = getattr(self.project, "path", None)
        name = str(settings.get("name") or (Path(path).stem if path else "") or "园区")
        return f"{name} · 园区规划图"

    def _fill_layers(self) -> None:
        self.layer_tree.blockSignals(True)
        self.layer_tree.clear()
        # the page lists layers top first, as the layer panel of the desktop does
        for lyr in reversed(list(self.project.layers)):
            item = QTreeWidgetItem([lyr.name, role_label(lyr.role), f"{len(lyr.gdf):,}"])
            item.setData(0, Qt.ItemDataRole.UserRole, lyr.name)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            drawable = lyr.gdf.crs is not None and len(lyr.gdf) > 0
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if drawable else Qt.CheckState.Unchecked)
            if not drawable:
                item.setToolTip(0, self.tr("No CRS or no features: cannot be drawn on the web map"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.layer_tree.addTopLevelItem(item)
            aliases = default_aliases(lyr)
            self._fields[lyr.name] = [[c, True, a, a] for c, a in aliases.items()]
        self.layer_tree.blockSignals(False)
        parcels = next((i for i in range(self.layer_tree.topLevelItemCount())
                        if self._layer(self.layer_tree.topLevelItem(i)).role == Role.PARCELS), 0)
        if self.layer_tree.topLevelItemCount():
            self.layer_tree.setCurrentItem(self.layer_tree.topLevelItem(parcels))
        project_path = getattr(self.project, "path", None)
        last_dir = self.settings.value("webmap/last_dir", "")
        folder = Path(project_path).parent if project_path else Path(str(last_dir or Path.home()))
        stem = Path(project_path).stem if project_path else "webmap"
        self.out_edit.setText(str(folder / f"{stem}.html"))

    def _restore_choices(self) -> None:
        colour = self.settings.value("webmap/colour_by", "status")
        basemap = self.settings.value("webmap/basemap", "none")
        for combo, value in ((self.colour_combo, colour), (self.basemap_combo, basemap)):
            i = combo.findData(value)
            if i >= 0:
                combo.setCurrentIndex(i)
        self.key_edit.setText(str(self.settings.value("webmap/tianditu_key", "") or ""))
        self.url_edit.setText(str(self.settings.value("webmap/tile_url", "") or ""))

    def _layer(self, item: QTreeWidgetItem):
        return self.project.layer(item.data(0, Qt.ItemDataRole.UserRole))

    # --- fields ------------------------------------------------------------------------------------
    def _store_fields(self) -> None:
        if self._current_layer is None:
            return
        rows = self._fields[self._current_layer]
        for r, row in enumerate(rows):
            shown = self.field_table.item(r, 0)
            alias = self.field_table.item(r, 1)
            if shown is None or alias is None:
                continue
            row[1] = shown.checkState() == Qt.CheckState.Checked
            row[2] = alias.text().strip() or row[3]

    def _show_fields(self, item: QTreeWidgetItem | None) -> None:
        self._store_fields()
        self.field_table.setRowCount(0)
        if item is None:
            self._current_layer = None
            return
        layer = self._layer(item)
        self._current_layer = layer.name
        self.field_box.setTitle(self.tr("Popup fields — %1").replace("%1", layer.name))
        rows = self._fields[layer.name]
        self.field_table.setRowCount(len(rows))
        from ..webmap.content import format_value

        for r, (column, shown, alias, _default) in enumerate(rows):
            name = QTableWidgetItem(str(column))
            name.setFlags((name.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            name.setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)
            alias_item = QTableWidgetItem(alias)
            sample = next((format_value(v) for v in layer.gdf[column].head(200).tolist()
                           if format_value(v) is not None), None) or ""
            if len(sample) > SAMPLE_CHARS:
                sample = sample[:SAMPLE_CHARS] + "…"
            sample_item = QTableWidgetItem(sample)
            sample_item.setFlags(sample_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            sample_item.setForeground(Qt.GlobalColor.darkGray)
            self.field_table.setItem(r, 0, name)
            self.field_table.setItem(r, 1, alias_item)
            self.field_table.setItem(r, 2, sample_item)

    def _check_all_fields(self, shown: bool) -> None:
        for r in range(self.field_table.rowCount()):
            self.field_table.item(r, 0).setCheckState(Qt.CheckState.Checked if shown else Qt.CheckState.Unchecked)

    def _reset_aliases(self) -> None:
        if self._current_layer is None:
            return
        for r, row in enumerate(self._fields[self._current_layer]):
            self.field_table.item(r, 1).setText(row[3])

    def set_field(self, layer: str, column: str, *, shown: bool | None = None, alias: str | None = None) -> None:
        """Choose whether ``column`` of ``layer`` is shown and under which alias (the table's API)."""
        self._store_fields()
        for row in self._fields[layer]:
            if row[0] == column:
                if shown is not None:
                    row[1] = shown
                if alias is not None:
                    row[2] = alias
                break
        else:
            raise KeyError(f"{layer} has no field {column}")
        current = self.layer_tree.currentItem()
        self._current_layer = None  # reload the table from the stored state
        self._show_fields(current)

    def fields_option(self) -> dict | None:
        """``render_webmap(fields=...)``: ``{layer: {column: alias}}`` for the layers whose popup
        fields differ from the default; None when none does."""
        self._store_fields()
        chosen = {}
        for layer, rows in self._fields.items():
            if all(shown and alias == default for _c, shown, alias, default in rows):
                continue
            chosen[layer] = {c: alias for c, shown, alias, _d in rows if shown}
        return chosen or None

    # --- layers ------------------------------------------------------------------------------------
    def _on_layer_checked(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self._update_export_enabled()

    def _check_all_layers(self, checked: bool) -> None:
        for i in range(self.layer_tree.topLevelItemCount()):
            item = self.layer_tree.topLevelItem(i)
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def selected_layers(self) -> list[str]:
        """Checked layers in the project's draw order (bottom first)."""
        checked = {self.layer_tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                   for i in range(self.layer_tree.topLevelItemCount())
                   if self.layer_tree.topLevelItem(i).checkState(0) == Qt.CheckState.Checked}
        return [lyr.name for lyr in self.project.layers if lyr.name in checked]

    def set_layer_checked(self, name: str, checked: bool) -> None:
        for i in range(self.layer_tree.topLevelItemCount()):
            item = self.layer_tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == name:
                item.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return
        raise KeyError(name)

    def _update_export_enabled(self) -> None:
        self.export_button.setEnabled(not self._running and bool(self.selected_layers()))

    # --- base map ----------------------------------------------------------------------------------
    def basemap(self) -> tuple[str, str | None]:
        """(``--basemap`` value, Tianditu key or None)."""
        key = self.basemap_combo.currentData()
        if key == "url":
            return self.url_edit.text().strip(), None
        if key == "tianditu":
            return "tianditu", self.key_edit.text().strip() or None
        return key, None

    def _update_basemap_inputs(self) -> None:
        key = self.basemap_combo.currentData()
        self.key_edit.setVisible(key == "tianditu")
        self.url_edit.setVisible(key == "url")
        notes = {
            "none": self.tr("No base map: the file makes no request to any other host and works on an intranet."),
            "tianditu": self.tr("Tianditu (CGCS2000 ≈ WGS84, survey data sits right on it) needs a key from "
                                "console.tianditu.gov.cn and Internet access where the map is opened."),
            "osm": self.tr("OpenStreetMap tiles need Internet access where the map is opened."),
            "url": self.tr("A tile URL with {z}/{x}/{y}. Gaode, Tencent and Baidu tiles use GCJ-02/BD-09 and "
                           "appear offset from survey data by hundreds of metres: the page then shows a warning."),
        }
        self.basemap_note.setText(notes.get(key, ""))

    # --- export ------------------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Web Map"), self.out_edit.text(),
                                              self.tr("Web map (*.html)"))
        if path:
            if not path.lower().endswith((".html", ".htm")):
                path += ".html"
            self.out_edit.setText(path)

    def options(self) -> dict:
        basemap, key = self.basemap()
        return {"layers": self.selected_layers(), "basemap": basemap, "tianditu_key": key,
                "colour_by": self.colour_combo.currentData(), "title": self.title_edit.text().strip() or None,
                "fields": self.fields_option()}

    def _problem(self, options: dict, out: Path) -> str | None:
        """What stops the export before it starts (shown in the dialog), or None."""
        from ..core.errors import UsageError
        from ..core.fsutil import guard_outputs
        from ..webmap.basemaps import resolve_basemaps

        if not options["layers"]:
            return self.tr("Choose at least one layer.")
        if not str(out).strip() or out.name in ("", "."):
            return self.tr("Choose the output file.")
        if out.is_dir():
            return self.tr("%1 is a folder; give an .html file name.").replace("%1", str(out))
        if not out.parent.is_dir():
            return self.tr("The folder %1 does not exist.").replace("%1", str(out.parent))
        try:   # the CLI's guard: never over the project or a file one of its layers came from
            guard_outputs([out], self.project.files_read() if hasattr(self.project, "files_read") else [])
        except UsageError as exc:
            return core_error(exc)
        if self.basemap_combo.currentData() == "tianditu" and not options["tianditu_key"]:
            return self.tr("The Tianditu base map needs a key (tk).")
        if self.basemap_combo.currentData() == "url" and not options["basemap"]:
            return self.tr("Enter the tile URL.")
        try:
            resolve_basemaps(options["basemap"], options["tianditu_key"])
        except UsageError as exc:
            return core_error(exc)
        return None

    def is_running(self) -> bool:
        return self._running

    def export(self) -> bool:
        """Start the export on a worker thread; False (and a message in the dialog) when it cannot start."""
        if self._running:
            return False
        options = self.options()
        out = Path(self.out_edit.text().strip()).expanduser()
        if out.suffix.lower() not in (".html", ".htm") and out.name:
            out = out.with_name(out.name + ".html")
            self.out_edit.setText(str(out))
        problem = self._problem(options, out)
        if problem:
            self._show_error(problem)
            return False
        again = self.last_result is not None and Path(self.last_result["path"]) == out
        if out.exists() and self.interactive and not again:
            answer = QMessageBox.question(self, self.tr("Export Web Map"),
                                          self.tr("%1 exists. Replace it?").replace("%1", out.name))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._save_choices(out)
        snapshot = project_snapshot.build(self.project)
        self._set_running(True)
        self.status_label.setStyleSheet("")
        self._running_text = self.tr("Exporting %1 layer(s) to %2 …").replace(
            "%1", str(len(options["layers"]))).replace("%2", out.name)
        self.status_label.setText(self._running_text)
        self._task = ExportTask(snapshot, out, options, self._signals)
        self._worker.submit(self._task.run)
        return True

    def cancel_export(self) -> None:
        """Stop the running export at its next step; nothing is written."""
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelling…"))

    def _on_progress(self, fraction: float, message: str) -> None:
        if self._task is not None and not self._task.feedback.is_cancelled:
            self.progress.setValue(int(fraction * 1000))
            self.status_label.setText(f"{self._running_text}  {message}")

    def _on_cancelled(self) -> None:
        self._set_running(False)
        self.status_label.setStyleSheet("")
        self.status_label.setText(self.tr("Export cancelled; nothing was written."))
        self.cancelled.emit()

    def _save_choices(self, out: Path) -> None:
        s = self.settings
        s.setValue("webmap/colour_by", self.colour_combo.currentData())
        s.setValue("webmap/basemap", self.basemap_combo.currentData())
        s.setValue("webmap/tianditu_key", self.key_edit.text().strip())
        s.setValue("webmap/tile_url", self.url_edit.text().strip())
        s.setValue("webmap/last_dir", str(out.parent))

    def _set_running(self, running: bool) -> None:
        self._running = running
        if not running:
            self._task = None
        self.progress.setValue(0)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        for w in (self.layer_tree, self.field_table, self.title_edit, self.colour_combo, self.basemap_combo,
                  self.key_edit, self.url_edit, self.out_edit, self.browse_button, self.all_button,
                  self.none_button, self.fields_all, self.fields_none, self.fields_reset, self.close_button):
            w.setEnabled(not running)
        self.preview_button.setEnabled(not running and self.last_result is not None)
        self._update_export_enabled()
        if running:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _on_finished(self, result: dict) -> None:
        self.last_result = result
        self.last_error = None
        self.settings.setValue("webmap/last_export", result["path"])
        self._set_running(False)
        text = self.tr("Exported %1 (%2 MB, %3 layer(s)) in %4 s.").replace("%1", Path(result["path"]).name).replace(
            "%2", f"{result['size'] / 1e6:.2f}").replace("%3", str(len(result["layers"]))).replace(
            "%4", f"{result['seconds']:.1f}")
        s = result["summary"]
        if s:
            from ..core.analysis.rules import COMPLIANT, CONSTRAINED, PROHIBITED, status_label

            lang = current_language()
            counts = [f"{status_label(k, lang, short=True)} {s.get(k, 0)}" for k in (COMPLIANT, CONSTRAINED, PROHIBITED)]
            text += " " + (", ".join(counts) + "." if lang == "en" else "，".join(counts) + "。")
        text += " " + self.tr("Press Preview to look at it in the app.")
        self.status_label.setStyleSheet("color: #1e6b2f;")
        self.status_label.setText(text)
        self.warning_view.setPlainText("\n".join(core_text(w) for w in result["warnings"]))
        self.warning_view.setVisible(bool(result["warnings"]))
        # the offer to look at it: Enter now opens the preview
        self.preview_button.setEnabled(True)
        self.preview_button.setDefault(True)
        self.preview_button.setFocus()
        self.exported.emit(result["path"])

    def _on_failed(self, message: str) -> None:
        self._set_running(False)
        self._show_error(self.tr("The web map was not written: %1").replace("%1", core_text(message)))
        self.failed.emit(message)

    def _show_error(self, message: str) -> None:
        self.last_error = message
        self.status_label.setStyleSheet("color: #b00020;")
        self.status_label.setText(message)

    def preview(self):
        if self.last_result is None:
            return None
        path = self.last_result["path"]
        if self.preview_callback is not None:
            return self.preview_callback(path)
        preview, problem = open_preview(path, self)
        if problem is not None:
            self._show_error(self.tr("The in-app preview is not available (%1); open %2 in a web browser.")
                             .replace("%1", problem).replace("%2", str(path)))
        return preview

    # --- closing while the worker runs ---------------------------------------------------------------
    def reject(self) -> None:
        if self._running:  # the file is being written: closing now would leave the result unseen
            self.status_label.setText(self.tr("Still exporting — please wait."))
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._running:
            event.ignore()
            return
        super().closeEvent(event)


# --- wiring into the main window -------------------------------------------------------------------
class WebMapActions(QObject):
    """The File menu's "Export Web Map…" (and the preview beside it) for a main window."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.dialog: WebMapExportDialog | None = None
        try:
            from . import webmap_preview
        except ImportError:  # no QtWebEngine here: export still works; the preview explains itself when asked
            self.preview_action = None
        else:
            self.preview_action = webmap_preview.install(window)
        self.action = QAction(self.tr("Export &Web Map…"), window)
        self.action.setObjectName("actExportWebMap")
        self.action.setShortcut("Ctrl+Shift+W")
        tip = self.tr("Export the project as one HTML web map that opens offline")
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)
        self.action.triggered.connect(self.open_dialog)
        menu = find_menu(window, "menu_file", "act_exit", self.tr("&File"))
        if self.preview_action in menu.actions():
            menu.insertAction(self.preview_action, self.action)
        else:
            insert_before(menu, getattr(window, "act_exit", None), [self.action])
        if hasattr(window, "projectOpened"):
            window.projectOpened.connect(lambda _p: self.update_enabled())
        self.update_enabled()

    def update_enabled(self) -> None:
        project = getattr(self.window_, "project", None)
        self.action.setEnabled(project is not None and bool(project.layers))

    def open_dialog(self) -> WebMapExportDialog | None:
        project = getattr(self.window_, "project", None)
        if project is None or not project.layers:
            return None
        self.dialog = WebMapExportDialog(project, self.window_, settings=getattr(self.window_, "settings", None),
                                         interactive=getattr(self.window_, "interactive", True),
                                         preview_callback=self.show_preview)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.dialog.open()
        return self.dialog


    def show_preview(self, path):
        """The window's preview on ``path``; if it cannot be shown, one message (the app carries on)."""
        preview, problem = open_preview(path, self.window_, keeper=True)
        if problem is not None:
            message = self.tr("The in-app preview is not available (%1); open %2 in a web browser.").replace(
                "%1", problem).replace("%2", str(path))
            if self.dialog is not None:
                self.dialog._show_error(message)
            report = getattr(self.window_, "_error", None)
            if report is not None:
                report(self.tr("Web Map Preview"), message)
        return preview


def open_preview(path, parent: QWidget, *, keeper: bool = False):
    """Show the web map ``path`` in the in-app preview: ``(preview, None)``, or ``(None, why)`` when
    QtWebEngine cannot be loaded or the view not made (the file is written; a browser opens it)."""
    try:
        from . import webmap_preview

        if keeper:
            return webmap_preview.preview_for(parent).show(path), None
        return webmap_preview.show_preview(path, parent), None
    except Exception as exc:  # ImportError (QtWebEngine or its system libraries absent), RuntimeError
        return None, f"{type(exc).__name__}: {exc}"


def install(window: QMainWindow) -> QAction:
    """Add "Export Web Map…" (and "Preview Web Map…") to the window's File menu; returns the export action."""
    existing = window.findChild(QAction, "actExportWebMap")
    if existing is not None:
        return existing
    actions = WebMapActions(window)
    window._parkgis_webmap_actions = actions
    return actions.action
