"""The main window's docks (panels): how each is built and where it sits.

Each builder takes the :class:`~.main_window.MainWindow` and sets the dock and its panel on it as
attributes (``layer_dock``/``layer_view``/``layer_info``, ``check_dock``/``check_panel``,
``table_dock``/``table_panel``, ``identify_dock``/``identify_tree``, ``history_dock``/``history_panel``):
the window wires them together and keeps the state. Strings go through the window's ``tr()`` so
their translation context stays ``MainWindow``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QTreeWidget,
)

from .attribute_table import AttributeTablePanel
from .check_panel import CheckPanel
from .history_panel import HistoryPanel
from .layer_model import Column

if TYPE_CHECKING:
    from .main_window import MainWindow


def build_docks(w: MainWindow) -> None:
    """All the window's docks, in the order they are tabbed and listed."""
    build_layer_dock(w)
    build_check_dock(w)
    build_table_dock(w)
    build_identify_dock(w)
    build_history_dock(w)


def build_layer_dock(w: MainWindow) -> None:
    w.layer_dock = QDockWidget(w.tr("Layers"), w)
    w.layer_dock.setObjectName("layerDock")
    w.layer_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
    w.layer_view = LayerTreeView(w.layer_dock)
    w.layer_view.setObjectName("layerTree")
    w.layer_view.setModel(w.layer_model)
    # legend rows of categorized layers hang under their layer, open (as QGIS shows them)
    w.layer_view.setRootIsDecorated(True)
    w.layer_view.setUniformRowHeights(True)
    w.layer_view.setAlternatingRowColors(True)
    w.layer_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    w.layer_view.setIconSize(QSize(16, 16))
    header = w.layer_view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
    for col in (Column.ROLE, Column.FEATURES, Column.CRS):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(Column.LOCK, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(Column.LOCK, 34)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    w.layer_info = QTextBrowser(w.layer_dock)
    w.layer_info.setObjectName("layerInfo")
    w.layer_info.setOpenLinks(False)
    w.layer_info.setPlaceholderText(w.tr("Select a layer to see its source, CRS and lock state"))
    split = QSplitter(Qt.Orientation.Vertical, w.layer_dock)
    split.addWidget(w.layer_view)
    split.addWidget(w.layer_info)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    split.setChildrenCollapsible(False)
    w.layer_dock.setWidget(split)
    w.layer_dock.setMinimumWidth(220)
    w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, w.layer_dock)
    w.resizeDocks([w.layer_dock], [w.dock_sizes()["layers"]], Qt.Orientation.Horizontal)


def build_check_dock(w: MainWindow) -> None:
    w.check_dock = QDockWidget(w.tr("Conflict Check"), w)
    w.check_dock.setObjectName("checkDock")
    w.check_panel = CheckPanel(w.check_dock)
    w.check_dock.setWidget(w.check_panel)
    w.check_dock.setMinimumWidth(340)
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.check_dock)
    w.resizeDocks([w.check_dock], [w.dock_sizes()["check"]], Qt.Orientation.Horizontal)
    w.check_dock.hide()  # shown by the toolbar's check action: the map gets the room first


def build_table_dock(w: MainWindow) -> None:
    w.table_dock = QDockWidget(w.tr("Attribute Table"), w)
    w.table_dock.setObjectName("tableDock")
    w.table_panel = AttributeTablePanel(w.selection, w.table_dock)
    w.table_dock.setWidget(w.table_panel)
    w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, w.table_dock)
    w.table_dock.hide()


def build_identify_dock(w: MainWindow) -> None:
    w.identify_dock = QDockWidget(w.tr("Identify Results"), w)
    w.identify_dock.setObjectName("identifyDock")
    w.identify_tree = QTreeWidget(w.identify_dock)
    w.identify_tree.setObjectName("identifyTree")
    w.identify_tree.setColumnCount(2)
    w.identify_tree.setHeaderLabels([w.tr("Feature / field"), w.tr("Value")])
    w.identify_tree.setAlternatingRowColors(True)
    w.identify_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    w.identify_dock.setWidget(w.identify_tree)
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.identify_dock)
    w.identify_dock.hide()


def build_history_dock(w: MainWindow) -> None:
    w.history_dock = QDockWidget(w.tr("Feature History"), w)
    w.history_dock.setObjectName("historyDock")
    w.history_panel = HistoryPanel(w.history_dock)
    w.history_panel.versionShown.connect(lambda layer: w.canvas.set_overlay("history", layer))
    w.history_panel.message.connect(lambda msg: w.statusBar().showMessage(msg, 8000))
    w.history_dock.setWidget(w.history_panel)
    w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.history_dock)
    w.history_dock.hide()
    w.history_dock.visibilityChanged.connect(lambda shown: shown and w._show_history())


class LayerTreeView(QTreeView):
    """The layer tree. The layer's name has priority over the detail columns: when the dock is too narrow
    for the names, the CRS, then the role, then the feature count give way (the layer info below the
    tree shows them all), instead of the names shrinking to one character."""

    #: detail columns, the first to give way first
    DETAIL_COLUMNS = (Column.CRS, Column.ROLE, Column.FEATURES)
    #: a name wider than this may be elided rather than push a detail column out
    NAME_CAP = 180

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_columns()

    def name_width(self) -> int:
        """Room the widest top-level layer name needs (text, check box, icon, indentation)."""
        model = self.model()
        if model is None:
            return 0
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(str(model.index(r, Column.NAME).data() or ""))
                      for r in range(model.rowCount())), default=0)
        chrome = self.indentation() + self.iconSize().width() + 22 + 14   # branch, icon, check box, margins
        return min(widest, self.NAME_CAP) + chrome

    def fit_columns(self) -> None:
        model = self.model()
        if model is None:
            return
        header = self.header()
        room = self.viewport().width() - header.sectionSize(Column.LOCK) - self.name_width()
        for col in reversed(self.DETAIL_COLUMNS):        # keep the most useful detail columns first
            width = max(self.sizeHintForColumn(col), header.sectionSizeHint(col))
            fits = width <= room
            self.setColumnHidden(col, not fits)
            if fits:
                room -= width


__all__ = ["LayerTreeView", "build_check_dock", "build_docks", "build_history_dock", "build_identify_dock",
           "build_layer_dock", "build_table_dock"]
