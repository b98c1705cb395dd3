"""拍前体检 on the desktop: select a parcel → Analysis → Pre-auction Check (or the toolbar button): the items
in a list (a click shows the offending piece on the map), the verdict, and export of the dossier to PDF or
Word; "Pre-auction Check of All Listed Parcels" runs the batch with a progress dialog that can be cancelled.

The action sits in the Analysis menu, on the toolbar and in the attribute table's context menu. The check is :class:`parkgis.core.parcels.precheck.Prechecker` (core, no Qt): built once per run on the open
project (≈ 0.1 s on the sample), then milliseconds per parcel, so it runs on the GUI thread between
progress updates rather than on a worker.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from .addons import find_menu
from .i18n import core_error

STATUS_COLOURS = {"pass": "#1E7B34", "fail": "#C00000", "unknown": "#B36B00"}
OVERLAY = "precheck:piece"


class PrecheckDialog(QDialog):
    """The findings of one or more parcels: one branch per parcel, one row per item."""

    def __init__(self, window: QMainWindow, checker, results) -> None:
        super().__init__(window)
        self.window_, self.checker, self.results = window, checker, list(results)
        self.setWindowTitle(self.tr("Pre-auction Check"))
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        verdicts = "；".join(f"{r.id}：{r.verdict}" for r in self.results)
        self.verdict_label = QLabel(verdicts)
        self.verdict_label.setWordWrap(True)
        font = self.verdict_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.verdict_label.setFont(font)
        layout.addWidget(self.verdict_label)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Item"), self.tr("Result"), self.tr("Reason")])
        self.tree.setColumnWidth(0, 230)
        self.tree.setColumnWidth(1, 80)
        status_text = {"pass": self.tr("Pass"), "fail": self.tr("Fail"), "unknown": self.tr("Not checkable")}
        for r in self.results:
            top = QTreeWidgetItem([f"{r.id}  {r.name}", r.verdict, "；".join(i.label for i in r.failed)])
            top.setData(0, Qt.ItemDataRole.UserRole, (r, None))
            for item in r.items:
                row = QTreeWidgetItem([item.label, status_text[item.status], item.reason])
                row.setForeground(1, QColor(STATUS_COLOURS[item.status]))
                row.setToolTip(2, item.reason + ("\n" + item.basis if item.basis else ""))
                row.setData(0, Qt.ItemDataRole.UserRole, (r, item))
                top.addChild(row)
            self.tree.addTopLevelItem(top)
            top.setExpanded(len(self.results) == 1 or r.verdict != "可以出让")
        self.tree.itemClicked.connect(self.show_on_map)
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.pdf_button = QPushButton(self.tr("Export Dossier (PDF)…"))
        self.docx_button = QPushButton(self.tr("Export Dossier (Word)…"))
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.docx_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.docx_button.clicked.connect(lambda: self.export(".docx"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_on_map(self, tree_item: QTreeWidgetItem, _column: int = 0) -> None:
        """Zoom the map to the parcel, and draw the offending piece of a failed item."""
        import geopandas as gpd

        from ..core.layers import VectorLayer

        data = tree_item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        result, item = data
        canvas = getattr(self.window_, "canvas", None)
        if canvas is None:
            return
        geom = item.geometry if item is not None and item.geometry is not None else result.geometry
        piece = None
        if item is not None and item.geometry is not None:
            piece = VectorLayer("问题部位", gpd.GeoDataFrame(geometry=[item.geometry], crs=self.checker.index.crs),
                                style={"fill": "#ff0000", "fill_opacity": 0.45, "outline": "#c00000",
                                       "outline_width": 0.8}, locked=True)
        canvas.set_overlay(OVERLAY, piece)
        canvas.zoom_to_bounds(result.geometry.union(geom).bounds, crs=self.checker.index.crs)

    def export(self, suffix: str) -> Path | None:
        from ..core.report.dossier import build_dossier

        single = len(self.results) == 1
        default = (self.results[0].id if single else "拍前体检") + suffix
        kind = self.tr("PDF (*.pdf)") if suffix == ".pdf" else self.tr("Word (*.docx)")
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export Dossier"), default, kind)
        if not name:
            return None
        path = Path(name if name.lower().endswith(suffix) else name + suffix)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            dossiers = [build_dossier(self.checker, r) for r in self.results]
            if suffix == ".pdf":
                from ..core.report.dossier_pdf import write_pdf

                write_pdf(dossiers, path)
            else:
                from ..core.report.dossier_docx import write_docx

                write_docx(dossiers, path)
        except Exception as exc:   # noqa: BLE001 — shown to the user, nothing half-written (atomic output)
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, self.tr("Export Dossier"), core_error(exc))
            return None
        QApplication.restoreOverrideCursor()
        return path

    def done(self, code: int) -> None:   # noqa: D401 — QDialog API
        canvas = getattr(self.window_, "canvas", None)
        if canvas is not None:
            canvas.set_overlay(OVERLAY, None)
        super().done(code)


class PrecheckActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.dialog: PrecheckDialog | None = None
        self.last_message = ""      # the last refusal or problem told (status bar, and a box when interactive)
        self.action = QAction(self.tr("Pre-auction &Check…"), window)
        self.action.setObjectName("actPrecheck")
        tip = self.tr("拍前体检: can the selected 标准地 parcel be sold? Items, verdict and dossier")
        self.action.setStatusTip(tip)
        self.action.setToolTip(tip)
        self.action.triggered.connect(self.check_selected)
        self.batch_action = QAction(self.tr("Pre-auction Check of All &Listed Parcels…"), window)
        self.batch_action.setObjectName("actPrecheckListed")
        self.batch_action.triggered.connect(self.check_listed)
        menu = find_menu(window, "menu_analysis", "act_check", self.tr("&Analysis"))
        menu.addSeparator()
        menu.addAction(self.action)
        menu.addAction(self.batch_action)
        toolbar = getattr(window, "toolbar", None)
        if toolbar is not None:
            toolbar.addAction(self.action)
        # the attribute table's context menu (right click on the selected rows); not the map's: a right click
        # there ends a sketch in the editing tools
        table = getattr(getattr(window, "table_panel", None), "view", None)
        if table is not None:
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            table.addAction(self.action)

    def _checker(self):
        from ..core.errors import DataError
        from ..core.parcels.precheck import Prechecker

        project = getattr(self.window_, "project", None)
        if project is None:
            self._tell(self.tr("Open a project first."))
            return None
        try:
            return Prechecker(project)
        except DataError as exc:
            self._tell(core_error(exc), warning=True)
            return None

    def _tell(self, message: str, *, warning: bool = False) -> None:
        """A refusal or a problem: in the status bar (and ``last_message``), in a box only when the window
        talks to a person (not in a script's or a test's non-interactive window)."""
        self.last_message = message
        window = self.window_
        window.statusBar().showMessage(message, 15000)
        if getattr(window, "interactive", True):
            box = QMessageBox.warning if warning else QMessageBox.information
            box(window, self.tr("Pre-auction Check"), message)

    def selected_ids(self, checker) -> list[str]:
        """地块编号 of the parcels selected on the map or in the table (parcels layers only)."""
        from ..core.roles import Role

        selection = getattr(self.window_, "selection", None)
        if selection is None:
            return []
        ids = []
        for layer in selection.layers():
            if layer.role != Role.PARCELS:
                continue
            rows = selection.selected(layer)
            column = checker.index.id_field
            if column and column in layer.gdf.columns:
                ids += [str(v) for v in layer.gdf[column].iloc[rows].tolist()]
        return list(dict.fromkeys(ids))

    def check_selected(self) -> PrecheckDialog | None:
        checker = self._checker()
        if checker is None:
            return None
        ids = self.selected_ids(checker)
        if not ids:
            self._tell(self.tr("Select one or more parcels (地块) on the map first."))
            return None
        return self._show(checker, ids)

    def check_ids(self, ids: list[str]) -> PrecheckDialog | None:
        """拍前体检 of the parcels with these 地块编号 (the register dock's context menu)."""
        checker = self._checker()
        return None if checker is None else self._show(checker, list(ids))

    def check_listed(self) -> PrecheckDialog | None:
        checker = self._checker()
        if checker is None:
            return None
        ids = checker.listed_ids()
        if not ids:
            self._tell(self.tr("The register has no parcel at 挂牌 (listed)."))
            return None
        return self._show(checker, ids)

    def _show(self, checker, ids: list[str]) -> PrecheckDialog | None:
        from ..core.errors import DataError

        progress = QProgressDialog(self.tr("Checking parcels…"), self.tr("Cancel"), 0, len(ids), self.window_)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        results = []
        try:
            for k, pid in enumerate(ids):
                if progress.wasCanceled():
                    break
                progress.setValue(k)
                progress.setLabelText(self.tr("Checking parcel {0}…").format(pid))
                QApplication.processEvents()
                results.append(checker.check(pid))
        except DataError as exc:
            progress.close()
            self._tell(core_error(exc), warning=True)
            return None
        progress.setValue(len(ids))
        if not results:
            return None
        self.dialog = PrecheckDialog(self.window_, checker, results)
        self.dialog.show()
        return self.dialog


def install(window: QMainWindow) -> QAction:
    """Add 拍前体检 to the Analysis menu and the toolbar; returns the action."""
    existing = window.findChild(QAction, "actPrecheck")
    if existing is not None:
        return existing
    actions = PrecheckActions(window)
    window._parkgis_precheck_actions = actions
    return actions.action
