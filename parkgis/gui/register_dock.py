"""The 标准地台账 dock: the register as a table, filtered by park, stage, industry, idle status and grade, with
a search field and a 着色 choice that colours the register's parcels on the map (by stage, idle status or
grade) with its legend. A thin adapter: the rows, filters and colours come from
:mod:`parkgis.core.parcels.views`.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.parcels import views as V
from ..core.parcels.model import Stage

RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


def swatch(colour: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(colour))
    return QIcon(pix)


class RegisterTableModel(QAbstractTableModel):
    """The filtered register rows (:class:`~parkgis.core.parcels.views.RegisterRow`)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[V.RegisterRow] = []
        self.headers = [self.tr("Parcel No."), self.tr("Name"), self.tr("Park"), self.tr("Stage"),
                        self.tr("Area (mu)"), self.tr("Agreed start"), self.tr("Actual start"),
                        self.tr("Idle status"), self.tr("Grade")]

    def set_rows(self, rows: list[V.RegisterRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802 (Qt override)
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        value = row.values()[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return ""
            if isinstance(value, float):
                return f"{value:,.2f}"
            if isinstance(value, _dt.date):
                return value.isoformat()
            return str(value)
        if role == SortRole:
            if value is None:
                return ""
            return value.isoformat() if isinstance(value, _dt.date) else value
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 7 and row.idle.status != "ok":
            return QBrush(QColor("#b00020" if V.is_idle(row.idle) else "#a35400"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 7 and row.idle.status != "ok":
            return self.tr("%1 days late (%2)").replace("%1", str(row.idle.days_late)).replace(
                "%2", row.idle.article or "")
        return None


class RegisterPanel(QWidget):
    """The dock's widget. ``parcelActivated(record)``: a row clicked (the window zooms to its feature);
    ``parcelOpened(record)``: double-clicked (the window opens the parcel form); ``precheckRequested(record)``:
    拍前体检 from the row's context menu; ``colouringChanged(key)`` (None: no colouring)."""

    parcelActivated = Signal(object)
    parcelOpened = Signal(object)
    precheckRequested = Signal(object)
    colouringChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerPanel")
        self.all_rows: list[V.RegisterRow] = []
        self.as_of = _dt.date.today()
        self.park_combo = QComboBox(self)
        self.stage_combo = QComboBox(self)
        self.industry_combo = QComboBox(self)
        self.idle_combo = QComboBox(self)
        self.grade_combo = QComboBox(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search number, name, buyer …"))
        self.search.setClearButtonEnabled(True)
        self.colour_combo = QComboBox(self)
        self.colour_combo.addItem(self.tr("No colouring"), None)
        self.colour_combo.addItem(self.tr("By stage"), "stage")
        self.colour_combo.addItem(self.tr("By idle status"), "idle")
        self.colour_combo.addItem(self.tr("By grade"), "grade")
        for combo in (self.park_combo, self.stage_combo, self.industry_combo, self.idle_combo, self.grade_combo,
                      self.colour_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill_static_combos()

        self.model = RegisterTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.view = QTableView(self)
        self.view.setObjectName("registerTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)   # 达拉特…E8-02地块: the number stays
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the name and the park are long Chinese texts: a fixed width (elided, widened by dragging) so that
        # 阶段 and 闲置状态 stay in view in a dock of 400–500 px
        fm = self.fontMetrics()
        for col, sample in ((1, "准格尔经济开发区B4"), (2, "准格尔经济开发区")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, fm.horizontalAdvance(sample) + 12)
        # shown as 地块编号, 名称, 阶段, 闲置状态, 面积 … 园区 last (the name already starts with the park): what a
        # planner chasing deadlines reads first stays in view in a narrow dock
        header.moveSection(header.visualIndex(7), 4)
        header.moveSection(header.visualIndex(2), 8)
        self.summary = QLabel(self)
        self.summary.setObjectName("registerSummary")
        self.legend = QListWidget(self)
        self.legend.setObjectName("registerLegend")
        self.legend.setFlow(QListWidget.Flow.LeftToRight)
        self.legend.setWrapping(True)
        self.legend.setSpacing(2)
        self.legend.setVisible(False)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        labels = [self.tr("Park"), self.tr("Stage"), self.tr("Industry"), self.tr("Idle"), self.tr("Grade")]
        combos = [self.park_combo, self.stage_combo, self.industry_combo, self.idle_combo, self.grade_combo]
        for k, (text, combo) in enumerate(zip(labels, combos, strict=True)):
            grid.addWidget(QLabel(text, self), k // 3, 2 * (k % 3))
            grid.addWidget(combo, k // 3, 2 * (k % 3) + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(QLabel(self.tr("Colour map"), self))
        bottom.addWidget(self.colour_combo)
        bottom.addStretch(1)
        bottom.addWidget(self.summary)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        lay.addLayout(grid)
        lay.addWidget(self.search)
        lay.addLayout(bottom)
        lay.addWidget(self.legend)
        lay.addWidget(self.view, 1)

        for combo in combos:
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.colour_combo.currentIndexChanged.connect(lambda _i: self._colour_changed())
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.precheck_action = QAction(self.tr("Pre-auction Check of This Parcel…"), self.view)
        self.precheck_action.triggered.connect(self._precheck_current)
        self.open_action = QAction(self.tr("Open the Parcel Form…"), self.view)
        self.open_action.triggered.connect(lambda: self._double_clicked(self.view.currentIndex()))
        self.view.addAction(self.precheck_action)
        self.view.addAction(self.open_action)

    def _fill_static_combos(self) -> None:
        self.stage_combo.addItem(self.tr("All"), None)
        for stage in Stage:
            self.stage_combo.addItem(swatch(V.STAGE_COLOURS[stage]), stage.value, stage)
        self.idle_combo.addItem(self.tr("All"), None)
        self.idle_combo.addItem(self.tr("Alerts (idle or due within 30 days)"), "alerts")
        for status, label in V.IDLE_LABELS.items():
            self.idle_combo.addItem(swatch(V.IDLE_COLOURS[status]), label, status)
        self.grade_combo.addItem(self.tr("All"), None)
        for g, colour in V.GRADE_COLOURS.items():
            self.grade_combo.addItem(swatch(colour), g, g)
        self.grade_combo.addItem(V.NO_GRADE, V.NO_GRADE)

    @staticmethod
    def _refill(combo: QComboBox, values: list[str], all_text: str) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        for v in values:
            combo.addItem(v, v)
        found = combo.findData(current)
        combo.setCurrentIndex(found if found >= 0 else 0)
        combo.blockSignals(False)

    # --- content -------------------------------------------------------------------------------
    def set_rows(self, rows: list[V.RegisterRow], as_of: _dt.date | None = None) -> None:
        """The whole register (the filters keep their choices where the values still exist)."""
        self.all_rows = list(rows)
        if as_of is not None:
            self.as_of = as_of
        self._refill(self.park_combo, sorted({r.record.park for r in rows if r.record.park}), self.tr("All"))
        self._refill(self.industry_combo, sorted({r.record.industry for r in rows if r.record.industry}),
                     self.tr("All"))
        self.apply_filter()
        if self.colour_key() is not None:
            self.colouringChanged.emit(self.colour_key())

    def row_filter(self) -> V.RowFilter:
        return V.RowFilter(park=self.park_combo.currentData(), stage=self.stage_combo.currentData(),
                           industry=self.industry_combo.currentData(), idle=self.idle_combo.currentData(),
                           grade=self.grade_combo.currentData(), text=self.search.text())

    def apply_filter(self) -> None:
        shown = V.filter_rows(self.all_rows, self.row_filter())
        self.model.set_rows(shown)
        area = sum(r.record.area_mu or 0.0 for r in shown)
        if not self.all_rows:
            self.summary.setText(self.tr("No 标准地 register in this project: import a 台账 (parkgis parcels import)"))
            return
        self.summary.setText(self.tr("%1 of %2 parcels, %3 mu").replace("%1", str(len(shown)))
                             .replace("%2", str(len(self.all_rows))).replace("%3", f"{area:,.1f}"))

    def shown_rows(self) -> list[V.RegisterRow]:
        """The rows as the table shows them (filtered and sorted)."""
        return [self.proxy.index(k, 0).data(RowRole) for k in range(self.proxy.rowCount())]

    def set_idle_filter(self, value: str | None) -> None:
        self.idle_combo.setCurrentIndex(max(self.idle_combo.findData(value), 0))

    def row_index(self, parcel_id: str) -> QModelIndex:
        for k in range(self.proxy.rowCount()):
            if self.proxy.index(k, 0).data(RowRole).id == parcel_id:
                return self.proxy.index(k, 0)
        return QModelIndex()

    # --- colouring -----------------------------------------------------------------------------
    def colour_key(self) -> str | None:
        return self.colour_combo.currentData()

    def set_colour_key(self, key: str | None) -> None:
        self.colour_combo.setCurrentIndex(max(self.colour_combo.findData(key), 0))

    def current_colouring(self) -> V.Colouring | None:
        key = self.colour_key()
        return None if key is None else V.colouring(self.all_rows, key)

    def _colour_changed(self) -> None:
        self.show_legend(self.current_colouring())
        self.colouringChanged.emit(self.colour_key())

    def show_legend(self, colouring: V.Colouring | None) -> None:
        self.legend.clear()
        self.legend.setVisible(colouring is not None)
        if colouring is None:
            return
        counts = colouring.counts()
        for label, colour in colouring.classes:
            if counts.get(label, 0):
                item = QListWidgetItem(swatch(colour), f"{label} {counts[label]}")
                self.legend.addItem(item)
        self.fit_legend()

    def fit_legend(self) -> None:
        """As high as its wrapped rows need (no empty band under two rows of swatches)."""
        if not self.legend.count():
            return
        self.legend.doItemsLayout()
        last = self.legend.visualItemRect(self.legend.item(self.legend.count() - 1))
        first = self.legend.visualItemRect(self.legend.item(0))
        height = last.bottom() - first.top() + 2 * self.legend.frameWidth() + 8
        self.legend.setFixedHeight(max(height, self.fontMetrics().height() + 12))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.legend.isVisible():
            self.fit_legend()

    # --- clicks --------------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        row = index.data(RowRole) if index.isValid() else None
        if row is not None:
            self.parcelActivated.emit(row.record)

    def _double_clicked(self, index: QModelIndex) -> None:
        row = index.data(RowRole) if index.isValid() else None
        if row is not None:
            self.parcelOpened.emit(row.record)

    def _precheck_current(self) -> None:
        index = self.view.currentIndex()
        row = index.data(RowRole) if index.isValid() else None
        if row is not None:
            self.precheckRequested.emit(row.record)


__all__ = ["RegisterPanel", "RegisterTableModel", "RowRole", "swatch"]
