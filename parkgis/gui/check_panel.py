"""The conflict check panel (合规性审查): run the engine in a worker, list parcels by status, export.

The engine (:mod:`parkgis.core.analysis`) does all the work; this module only feeds it a snapshot of the
open project's layers, runs it on a long-lived worker thread with a :class:`~parkgis.core.feedback.Feedback`
wired to a progress bar and a cancel button, and shows the :class:`CheckResult` as a tree —
parcels (worst first), each with its conflicts. The report writers are the CLI's
(:data:`parkgis.core.report.REPORT_WRITERS`).
"""

from __future__ import annotations

import math
import traceback
from pathlib import Path

import geopandas as gpd
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..core import snapshot as project_snapshot
from ..core.analysis import (
    COMPLIANT,
    CONSTRAINED,
    PROHIBITED,
    CheckResult,
    Conflict,
    ConflictIndex,
    ParcelResult,
    check_layers,
    project_check_inputs,
    severity_label,
    status_label,
)
from ..core.errors import DataError, ParkgisError
from ..core.feedback import Cancelled, Feedback
from ..core.fsutil import guard_outputs
from ..core.layers import VectorLayer
from ..core.roles import Role
from .i18n import core_text, current_language
from .icons import status_dot
from .workers import WorkerThread, receiver_gone, run_for_receiver

#: status colours planners know from review maps: 不符合 red, 有条件 orange, 符合 green
STATUS_COLORS = {PROHIBITED: (214, 39, 40), CONSTRAINED: (245, 137, 20), COMPLIANT: (44, 160, 44)}
_STATUS_ORDER = {PROHIBITED: 0, CONSTRAINED: 1, COMPLIANT: 2}
#: report formats, as ``parkgis check --format``
EXPORT_FORMATS = ("xlsx", "html", "csv", "json", "gpkg")

_ROOT = QModelIndex()
ParcelRole = Qt.ItemDataRole.UserRole + 1     # the ParcelResult of a row
ConflictRole = Qt.ItemDataRole.UserRole + 2   # the Conflict of a child row (None on parcel rows)


# --- worker -------------------------------------------------------------------------------------
class CheckSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object, object)   # CheckResult, the check's CRS as WKT
    failed = Signal(str)
    cancelled = Signal()


class CheckTask:
    """Run the conflict check on the panel's worker thread over a snapshot of the checked layers
    taken on the GUI thread (:mod:`parkgis.core.snapshot`): a commit while the check runs changes
    the live layers, not what the check reads. The GUI thread only sees signals."""

    def __init__(self, snapshot: project_snapshot.ProjectSnapshot, signals: CheckSignals, **options) -> None:
        self.snapshot, self.signals, self.options = snapshot, signals, options
        self.feedback = Feedback(lambda f, m: self.signals.progress.emit(f, m))

    def cancel(self) -> None:
        self.feedback.cancel()

    def run(self) -> None:  # worker thread
        run_for_receiver(self._run)

    def _run(self) -> None:
        try:
            self.feedback.set_progress(0.0, "准备图层")
            parcels, constraints = project_check_inputs(self.snapshot.to_project())
            index = ConflictIndex(parcels, constraints, **self.options)
            self.feedback.check_cancelled()
            result = index.run(self.feedback)
        except Cancelled:
            self.signals.cancelled.emit()
        except ParkgisError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a worker must never die silently
            if receiver_gone(exc):
                raise
            traceback.print_exc()
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            # the CRS as text: pyproj CRS objects must not cross threads (see canvas.render.LayerTask)
            self.signals.finished.emit(result, index.crs.to_wkt())


# --- model --------------------------------------------------------------------------------------
class CheckResultModel(QAbstractItemModel):
    """Parcels (worst status first) with their conflicts as children.

    Internal ids: 0 for a parcel row, ``parcel_row + 1`` for a conflict row under that parcel.
    Each column holds one kind of value on both kinds of row (the parcel's area in 亩 only under
    面积(亩), a conflict's area only under 冲突面积), so that nothing widens a column it does not belong to:

    ====  ================  ===============================  ==============================
    col   header            parcel row                       conflict row
    ====  ================  ===============================  ==============================
    0     地块编号           id (name in the tooltip)         —
    1     结论 / 冲突        conclusion                       rule (share of the parcel)
    2     面积(亩)           parcel area                      —
    3     冲突面积(m²)       area in conflict (counted once)  area of this conflict
    ====  ================  ===============================  ==============================
    """

    COLUMNS = 4
    STRETCH_COLUMN = 1   # the one that stretches (and elides) so that the tree never scrolls sideways

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.result: CheckResult | None = None
        self._rows: list[ParcelResult] = []
        self._filter: str | None = None
        self._labels: dict[str, str] = {}

    def set_result(self, result: CheckResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self._labels = {r.name: r.label for r in result.ruleset.rules} if result and result.ruleset else {}
        self._apply()
        self.endResetModel()

    def set_status_filter(self, status: str | None) -> None:
        self.beginResetModel()
        self._filter = status
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        parcels = self.result.parcels if self.result is not None else []
        rows = [p for p in parcels if self._filter is None or p.status == self._filter]
        # stable sort: the layer order stays within a status
        self._rows = sorted(rows, key=lambda p: _STATUS_ORDER[p.status])

    def status_label(self, status: str) -> str:
        """The core's words for a conclusion (the reports and the web map say the same)."""
        return status_label(status, current_language())

    def rule_label(self, rule: str) -> str:
        return self._labels.get(rule, rule)

    def parcel_at(self, index: QModelIndex) -> ParcelResult | None:
        if not index.isValid():
            return None
        ident = index.internalId()
        row = index.row() if ident == 0 else ident - 1
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def conflict_at(self, index: QModelIndex) -> Conflict | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        parcel = self.parcel_at(index)
        return parcel.conflicts[index.row()] if parcel is not None else None

    def index_of(self, parcel_id: str) -> QModelIndex:
        for i, p in enumerate(self._rows):
            if p.id == parcel_id:
                return self.index(i, 0)
        return QModelIndex()

    # QAbstractItemModel
    def index(self, row, column, parent=_ROOT):
        if column < 0 or column >= self.COLUMNS or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._rows) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        parcel = self._rows[parent.row()]
        return self.createIndex(row, column, parent.row() + 1) if row < len(parcel.conflicts) else QModelIndex()

    def parent(self, index=_ROOT):
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=_ROOT):
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._rows[parent.row()].conflicts)

    def columnCount(self, parent=_ROOT):
        return self.COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Parcel No."), self.tr("Status / conflict"), self.tr("Area (mu)"),
                self.tr("Conflict (m²)"))[section]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        parcel = self.parcel_at(index)
        if parcel is None:
            return None
        conflict = self.conflict_at(index)
        col = index.column()
        if role == ParcelRole:
            return parcel
        if role == ConflictRole:
            return conflict
        if conflict is None:
            return self._parcel_data(parcel, col, role)
        return self._conflict_data(conflict, col, role)

    def _parcel_data(self, p: ParcelResult, col: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return p.id
            if col == 1:
                return self.status_label(p.status)
            if col == 2:
                return f"{p.area_mu:,.2f}"
            if col == 3:
                return f"{p.affected_area_m2():,.2f}" if p.conflicts else ""
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return status_dot(STATUS_COLORS[p.status])
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QColor(*STATUS_COLORS[p.status])
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3 and p.conflicts:
            return self.tr("The part of the parcel in conflict with any rule; ground in conflict with several "
                           "rules counts once (the rows below give each rule)")
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = (self.tr("%1 m² (%2 mu, %3 ha); ellipsoidal %4 m²") if math.isfinite(p.ellipsoidal_area_m2)
                   else self.tr("%1 m² (%2 mu, %3 ha); the ellipsoidal area cannot be computed: the coordinates "
                                "lie outside the range of the CRS")).replace("%1", f"{p.area_m2:,.2f}").replace(
                "%2", f"{p.area_mu:,.4f}").replace("%3", f"{p.area_ha:,.4f}").replace(
                "%4", f"{p.ellipsoidal_area_m2:,.2f}")
            if p.area_zone is not None:   # planar areas are taken in the parcel's own GK zone
                tip += "\n" + self.tr("Planar areas in zone %1 (%2)").replace("%1", str(p.area_zone)).replace(
                    "%2", p.area_crs or "")
            return f"{p.id}  {p.name}\n{tip}" if p.name else tip
        return None

    def _conflict_data(self, c: Conflict, col: int, role):
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 1:
                return self.tr("%1 (%2 of the parcel)").replace("%1", self.rule_label(c.rule)).replace(
                    "%2", f"{c.share:.1%}")
            if col == 3:
                return f"{c.area_m2:,.2f}"
            return ""
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            return status_dot(STATUS_COLORS[c.severity], 8)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{self.rule_label(c.rule)} — {severity_label(c.severity, current_language())}\n" + self.tr(
                "%1 m² = %2 mu = %3 ha").replace("%1", f"{c.area_m2:,.2f}").replace(
                "%2", f"{c.area_mu:,.4f}").replace("%3", f"{c.area_ha:,.4f}")
            if c.net_area_m2 is not None:
                tip += "\n" + self.tr("Net of field ridges: %1 m²").replace("%1", f"{c.net_area_m2:,.2f}")
            if c.with_ids:
                tip += "\n" + ", ".join(c.with_ids)
            return tip
        return None


# --- panel --------------------------------------------------------------------------------------
class CheckPanel(QWidget):
    """Run / cancel / filter / export above the result tree; emits what the user clicked."""

    #: (ParcelResult, Conflict or None, the check's pyproj CRS)
    itemActivated = Signal(object, object, object)
    #: show (True) or hide the parcels coloured by conclusion on the map
    statusMapToggled = Signal(bool)
    checkFinished = Signal(object)
    checkFailed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkPanel")
        self.project = None
        self.result: CheckResult | None = None
        self.check_crs = None
        self.stale = False
        self._task: CheckTask | None = None
        self._worker = WorkerThread("parkgis-check", owner=self)  # not QThreadPool: see ..workers
        self._signals = CheckSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)

        self.run_button = QPushButton(self.tr("Run check"), self)
        self.run_button.setObjectName("primaryButton")
        self.run_button.setToolTip(self.tr("Check every parcel against the red line, farmland, the urban "
                                           "development boundary, the park boundary and the other parcels"))
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.filter_combo = QComboBox(self)
        self.filter_combo.addItem(self.tr("All parcels"), None)
        self.model = CheckResultModel(self)
        for status in (PROHIBITED, CONSTRAINED, COMPLIANT):
            self.filter_combo.addItem(status_dot(STATUS_COLORS[status]), self.model.status_label(status), status)
        # a push button with a menu: the style keeps room for the arrow (a QToolButton's arrow was drawn
        # over the end of its text)
        self.export_button = QPushButton(self.tr("Export report"), self)
        self.export_button.setObjectName("menuButton")
        menu = QMenu(self.export_button)
        names = {"xlsx": self.tr("Excel register (*.xlsx)"), "html": self.tr("HTML report (*.html)"),
                 "csv": self.tr("CSV table (*.csv)"), "json": self.tr("JSON (*.json)"),
                 "gpkg": self.tr("GeoPackage with conflict pieces (*.gpkg)")}
        for fmt in EXPORT_FORMATS:
            act = menu.addAction(names[fmt])
            act.triggered.connect(lambda _c=False, f=fmt: self.export_dialog(f))
        self.export_button.setMenu(menu)
        self.export_button.setEnabled(False)
        self.map_toggle = QCheckBox(self.tr("On map"), self)
        self.map_toggle.setToolTip(self.tr("Colour the parcels on the map by conclusion"))
        self.map_toggle.setEnabled(False)

        # two rows, so that the panel fits a narrow dock without clipping 导出报告 at the right edge
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.run_button)
        top.addWidget(self.cancel_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.filter_combo)
        second.addWidget(self.map_toggle)
        second.addStretch(1)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.setVisible(False)
        self.summary = QLabel(self.tr("Open a project and run the check"), self)
        self.summary.setObjectName("checkSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)

        self.view = QTreeView(self)
        self.view.setObjectName("checkTree")
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for col in range(CheckResultModel.COLUMNS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CheckResultModel.STRETCH_COLUMN, QHeaderView.ResizeMode.Stretch)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        lay.addLayout(top)
        lay.addLayout(second)
        lay.addWidget(self.progress)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)

        self.run_button.clicked.connect(self.run_check)
        self.cancel_button.clicked.connect(self.cancel_check)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_status_filter(self.filter_combo.currentData()))
        self.view.selectionModel().currentChanged.connect(lambda cur, _prev: self._activate(cur))
        self.view.clicked.connect(self._activate)
        self.map_toggle.toggled.connect(self.statusMapToggled)

    # --- running ------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        if self.is_running():
            self.cancel_check()
        self.project = project
        self.model.set_result(None)
        self.result = None
        self.export_button.setEnabled(False)
        self.map_toggle.setChecked(False)
        self.map_toggle.setEnabled(False)
        self.run_button.setEnabled(project is not None)
        self.summary.setText(self.tr("Run the check to list the parcels by status") if project is not None
                             else self.tr("Open a project and run the check"))

    def mark_stale(self) -> None:
        """The project changed after the check: say so (the results stay, to compare)."""
        if self.result is not None and not self.summary.text().endswith("</b>!"):
            self.summary.setText(self.summary.text() + "<br><b style='color:#a35400'>" + self.tr(
                "The layers changed after this check: run it again") + "</b>!")
        self.stale = self.result is not None

    def is_running(self) -> bool:
        return self._task is not None

    def run_check(self) -> bool:
        """Start the check on the open project in a worker thread; False if it cannot start."""
        if self.project is None or self.is_running():
            return False
        try:
            layers = check_layers(self.project)
        except ParkgisError as exc:
            self._show_error(str(exc))
            return False
        settings = getattr(self.project, "settings", {}) or {}
        options = {k: settings.get(k) for k in ("min_area", "min_width") if settings.get(k) is not None}
        self._task = CheckTask(project_snapshot.build(self.project, layers), self._signals, **options)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("Preparing layers…"))
        self.progress.setVisible(True)
        self._worker.submit(self._task.run)
        return True

    def cancel_check(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.tr("Cancelling…"))

    def wait(self, timeout_ms: int = 60000) -> bool:
        """Wait for the worker (tests): True when it finished in time."""
        from PySide6.QtCore import QCoreApplication

        done = self._worker.wait_idle(timeout_ms / 1000)
        QCoreApplication.processEvents()
        return done

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(f"{message}  %p%")

    def _done(self) -> None:
        self._task = None
        self.run_button.setEnabled(self.project is not None)
        self.cancel_button.setEnabled(False)
        self.progress.setVisible(False)

    def _on_finished(self, result: CheckResult, crs) -> None:
        self._done()
        self.result, self.check_crs, self.stale = result, crs, False
        self.model.set_result(result)
        self.export_button.setEnabled(True)
        self.map_toggle.setEnabled(True)
        if self.map_toggle.isChecked():
            self.statusMapToggled.emit(True)
        s = result.summary
        count = f"{s['parcels']:,}"
        parts = ["<b>" + self.tr("%1 parcels").replace("%1", count) + "</b>"]
        for status in (PROHIBITED, CONSTRAINED, COMPLIANT):
            r, g, b = STATUS_COLORS[status]
            parts.append(f"<span style='color:rgb({r},{g},{b})'>●</span> "
                         f"{self.model.status_label(status)} <b>{s[status]:,}</b>")
        text = "&nbsp;&nbsp;&nbsp;".join(parts)
        text += "<br><span style='color:#5b6875'>" + self.tr("CRS %1 · slivers below %2 m² or %3 m wide ignored") \
            .replace("%1", result.crs).replace("%2", f"{result.min_area:g}").replace("%3", f"{result.min_width:g}") \
            + "</span>"
        if result.rules_skipped:
            skipped = "；".join(f"{self.model.rule_label(k)}：{core_text(v)}" for k, v in result.rules_skipped.items())
            text += "<br><span style='color:#a35400'>" + self.tr("Not checked: %1").replace("%1", skipped) + "</span>"
        for warning in result.warnings[:3]:   # e.g. parcels outside the zone of the project's CRS
            text += "<br><span style='color:#a35400'>" + core_text(warning).replace("<", "&lt;") + "</span>"
        self.summary.setText(text)
        self.checkFinished.emit(result)

    def _on_failed(self, message: str) -> None:
        self._done()
        self._show_error(message)

    def _on_cancelled(self) -> None:
        self._done()
        self.summary.setText(self.tr("Check cancelled"))

    def _show_error(self, message: str, template: str | None = None) -> None:
        message = core_text(message)
        self.summary.setText("<span style='color:#b00020'>" + (template or self.tr("Check failed: %1")).replace(
            "%1", message.replace("<", "&lt;")) + "</span>")
        self.checkFailed.emit(message)

    # --- results ------------------------------------------------------------------------------
    def _activate(self, index: QModelIndex) -> None:
        parcel = self.model.parcel_at(index)
        if parcel is not None:
            self.itemActivated.emit(parcel, self.model.conflict_at(index), self.check_crs)

    def select_parcel(self, parcel_id: str, conflict: int | None = None) -> bool:
        """Select (and so activate) a parcel, or its ``conflict``-th conflict, in the tree."""
        index = self.model.index_of(parcel_id)
        if not index.isValid():
            return False
        if conflict is not None:
            self.view.expand(index)
            index = self.model.index(conflict, 0, index)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def export(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the report as ``parkgis check --format fmt -o path`` would."""
        from ..core.report import REPORT_WRITERS

        if self.result is None:
            raise DataError(str(path), "no check result to export: run the check first")
        path = Path(path)
        fmt = fmt or path.suffix.lower().lstrip(".")
        if self.project is not None:   # the CLI's guard: never over the project or a layer's source file
            guard_outputs([path], self.project.files_read())
        REPORT_WRITERS[fmt](self.result, path)
        return path

    def export_dialog(self, fmt: str) -> None:
        if self.result is None:
            return
        base = Path(self.project.path).with_name(Path(self.project.path).stem + "_审查报告") \
            if self.project is not None and self.project.path else Path.home() / "审查报告"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), f"{base}.{fmt}", f"*.{fmt}")
        if not path:
            return
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        try:
            self.export(path, fmt)
        except (ParkgisError, OSError) as exc:
            self._show_error(str(exc), self.tr("Export failed: %1"))


def highlight_layers(parcel: ParcelResult, conflict: Conflict | None, crs) -> tuple[VectorLayer, VectorLayer | None]:
    """Overlay layers for a clicked result: the parcel's outline, and the overlap pieces
    (of ``conflict``, or of every conflict of the parcel) filled in their severity's colour."""
    outline = VectorLayer("审查地块", gpd.GeoDataFrame(geometry=[parcel.geometry], crs=crs), role=Role.REFERENCE,
                          style={"fill": None, "outline": "#00b4d8", "outline_width": 0.8}, locked=True)
    conflicts = [conflict] if conflict is not None else parcel.conflicts
    pieces = [(c.geometry, c.severity) for c in conflicts if c.geometry is not None]
    if not pieces:
        return outline, None
    worst = PROHIBITED if any(s == PROHIBITED for _, s in pieces) else CONSTRAINED
    r, g, b = STATUS_COLORS[worst]
    fill = f"#{r:02x}{g:02x}{b:02x}"
    layer = VectorLayer("冲突图斑", gpd.GeoDataFrame(geometry=[g for g, _ in pieces], crs=crs), role=Role.REFERENCE,
                        style={"fill": fill, "fill_opacity": 0.55, "outline": fill, "outline_width": 0.5},
                        locked=True)
    return outline, layer


def status_layer(result: CheckResult, crs) -> VectorLayer:
    """Every checked parcel filled in its conclusion's colour (不符合 red, 有条件 orange, 符合 green)."""
    colours = {status: "#{:02x}{:02x}{:02x}".format(*rgb) for status, rgb in STATUS_COLORS.items()}
    gdf = gpd.GeoDataFrame({"status": [p.status for p in result.parcels]},
                           geometry=[p.geometry for p in result.parcels], crs=crs)
    return VectorLayer("审查结论", gdf, role=Role.REFERENCE, locked=True,
                       style={"fill": None, "fill_opacity": 0.6, "outline": None,
                              "categorized": {"field": "status", "scheme": "status", "colors": colours}})


def highlight_bounds(parcel: ParcelResult, conflict: Conflict | None) -> tuple[float, float, float, float]:
    geom = conflict.geometry if conflict is not None and conflict.geometry is not None else parcel.geometry
    return tuple(float(v) for v in geom.bounds)


__all__ = ["CheckPanel", "CheckResultModel", "CheckTask", "EXPORT_FORMATS", "STATUS_COLORS", "highlight_bounds",
           "highlight_layers", "status_layer"]
