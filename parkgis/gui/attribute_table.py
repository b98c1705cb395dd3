"""The attribute table (属性表): a lazy Qt table model over a layer's GeoDataFrame, and its dock.

The model never copies the table into Qt items: ``data()`` reads one cell from a per-column numpy
array, and sorting and filtering only permute an array of row positions — so a 100 000-row layer
opens, sorts and filters in a fraction of a second. Edits go into the layer's edit session
(:meth:`parkgis.core.project.Project.edit`), keyed by fid, on the project's one undo stack; the
table shows the session's values until the session commits (on save), and follows the project's
``features_changed`` events (undo, redo, a restore from the history panel).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.commands import coerce_value
from ..core.errors import ParkgisError
from ..core.fields import field_alias
from ..core.layers import VectorLayer
from .i18n import core_error
from .icons import icon
from .selection import REPLACE, FeatureSelection

_ROOT = QModelIndex()
PositionRole = Qt.ItemDataRole.UserRole + 1   # the row position (iloc) in the layer of a table row
FieldNameRole = Qt.ItemDataRole.UserRole + 2  # the field code of a column header (its text is the alias)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        return f"{value:.10g}"
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


class AttributeTableModel(QAbstractTableModel):
    """Rows are a permutation of the layer's rows (``order``); columns its attribute fields."""

    #: an edit was refused (message for the status bar)
    editFailed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.layer: VectorLayer | None = None
        self.columns: list[str] = []
        self.order = np.zeros(0, dtype=np.int64)
        self._inverse = np.zeros(0, dtype=np.int64)
        self._values: dict[str, np.ndarray] = {}
        self._numeric: list[bool] = []
        self._lower: dict[str, pd.Series] = {}
        self._revision = -1
        self._filter = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._fids = np.zeros(0, dtype=np.int64)
        self.editing = False

    # --- content ------------------------------------------------------------------------------
    def set_layer(self, layer: VectorLayer | None, project=None) -> None:
        self.beginResetModel()
        if self.project is not None:
            self.project.events.features_changed.disconnect(self._on_features_changed)
        self.layer, self.project = layer, project
        if project is not None:
            project.events.features_changed.connect(self._on_features_changed)
        self.editing = False
        self._filter, self._sort = "", None
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        layer = self.layer
        self._values.clear()
        self._lower.clear()
        if layer is None:
            self.columns, self.order = [], np.zeros(0, dtype=np.int64)
            self._numeric = []
        else:
            geom = layer.gdf.geometry.name
            self.columns = [c for c in layer.gdf.columns if c != geom]
            # per column once: a pandas lookup per cell in data() made resizing the columns of a
            # 1 000-row layer take 3 s (Qt asks every cell's alignment)
            dtypes = layer.gdf.dtypes
            self._numeric = [dtypes[c].kind in "iuf" for c in self.columns]
            self.order = np.arange(len(layer.gdf), dtype=np.int64)
            self._fids = layer.gdf.index.to_numpy()
            self._revision = layer.revision
            self._apply_filter_and_sort()
        self._update_inverse()

    def _update_inverse(self) -> None:
        n = len(self.layer.gdf) if self.layer is not None else 0
        self._inverse = np.full(n, -1, dtype=np.int64)
        self._inverse[self.order] = np.arange(len(self.order), dtype=np.int64)

    def refresh(self) -> None:
        """Re-read the layer after a change made elsewhere (keeps filter and sort)."""
        self.beginResetModel()
        f, s = self._filter, self._sort
        self._reload()
        self._filter, self._sort = f, s
        self._apply_filter_and_sort()
        self._update_inverse()
        self.endResetModel()

    def column_values(self, column: str) -> np.ndarray:
        values = self._values.get(column)
        if values is None:
            values = self._values[column] = self.layer.gdf[column].to_numpy()
        return values

    def position(self, row: int) -> int:
        return int(self.order[row])

    def row_of(self, position: int) -> int:
        """The table row showing layer row ``position`` (−1 when filtered out)."""
        return int(self._inverse[position]) if 0 <= position < len(self._inverse) else -1

    def set_editing(self, on: bool) -> bool:
        """Edit mode; refused (False) on a locked layer."""
        on = bool(on) and self.layer is not None and not self.layer.locked
        self.editing = on
        return on

    # --- filter and sort ----------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Keep the rows where any field contains ``text`` (case-insensitive; empty: all rows)."""
        self.beginResetModel()
        self._filter = text.strip()
        self._apply_filter_and_sort()
        self._update_inverse()
        self.endResetModel()

    def _apply_filter_and_sort(self) -> None:
        if self.layer is None:
            return
        n = len(self.layer.gdf)
        rows = np.arange(n, dtype=np.int64)
        if self._filter:
            needle = self._filter.lower()
            mask = np.zeros(n, dtype=bool)
            for col in self.columns:
                low = self._lower.get(col)
                if low is None:
                    low = self._lower[col] = self.layer.gdf[col].astype("string").str.lower()
                mask |= low.str.contains(needle, regex=False).fillna(False).to_numpy(dtype=bool)
            rows = rows[mask]
        if self._sort is not None:
            column, order = self._sort
            s = self.layer.gdf[self.columns[column]].iloc[rows].reset_index(drop=True)
            asc = order == Qt.SortOrder.AscendingOrder
            try:
                idx = s.sort_values(ascending=asc, kind="stable", na_position="last").index.to_numpy()
            except TypeError:  # mixed types in an object column: sort by text
                idx = s.astype("string").sort_values(ascending=asc, kind="stable",
                                                     na_position="last").index.to_numpy()
            rows = rows[idx]
        self.order = rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_filter_and_sort()
        self._update_inverse()
        self.layoutChanged.emit()

    # --- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = str(self.columns[section])
            alias = field_alias(column)
            if role == Qt.ItemDataRole.DisplayRole:
                return alias or column        # 地块编号 for DKBH: what a planner reads
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{alias}（{column}）" if alias else column
            if role == FieldNameRole:
                return column
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return None
        # the fid, as the history and the audit name the feature (1… for an import: the row number)
        return str(int(self._fids[self.order[section]])) if 0 <= section < len(self.order) else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.layer is None:
            return None
        if self.layer.revision != self._revision:
            self._values.clear()
            self._lower.clear()
            self._revision = self.layer.revision
        pos = int(self.order[index.row()])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return _text(self.value(pos, self.columns[index.column()]))
        if role == Qt.ItemDataRole.FontRole and self._edited(pos):
            font = QFont()
            font.setItalic(True)     # changed in the session, not yet saved
            return font
        if role == PositionRole:
            return pos
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self._numeric[index.column()]:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _session(self):
        return self.project.session_for(self.layer) if self.project is not None and self.layer is not None else None

    def _edited(self, position: int) -> bool:
        session = self._session()
        return session is not None and session.is_changed(int(self._fids[position]))

    def value(self, position: int, column: str):
        """The value shown at a row position: the edit session's while it holds a change."""
        session = self._session()
        if session is not None:
            fid = int(self._fids[position])
            if session.is_changed(fid):
                state = session.feature(fid)
                return None if state is None else state.attributes.get(column)
        return self.column_values(column)[position]

    def fid(self, row: int) -> int:
        return int(self._fids[self.order[row]])

    def _on_features_changed(self, layer_id: str, fids) -> None:
        if self.layer is None or layer_id != self.layer.id:
            return
        if len(self.layer.gdf) != len(self._fids) or not np.array_equal(self.layer.gdf.index.to_numpy(), self._fids):
            self.refresh()       # features added or removed by a commit
            return
        self._values.clear()
        self._lower.clear()
        self._revision = self.layer.revision
        positions = self.layer.gdf.index.get_indexer(list(fids))
        rows = [self.row_of(int(p)) for p in positions if p >= 0]
        rows = [r for r in rows if r >= 0]
        if rows and self.columns:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), len(self.columns) - 1))

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editing and self.layer is not None and not self.layer.locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not (self.flags(index)
                                                                           & Qt.ItemFlag.ItemIsEditable):
            return False
        column = self.columns[index.column()]
        pos = int(self.order[index.row()])
        try:
            coerced = coerce_value(self.layer.gdf[column], value)
            if _text(coerced) == _text(self.value(pos, column)):
                return True
            self.project.edit(self.layer).set_attribute(int(self._fids[pos]), column, coerced)
        except (ParkgisError, ValueError, TypeError) as exc:
            self.editFailed.emit(core_error(exc))
            return False
        return True


class AttributeTablePanel(QWidget):
    """Layer chooser, filter box, edit toggle and zoom-to-selection above the table."""

    zoomToSelectedRequested = Signal(object)   # layer

    def __init__(self, selection: FeatureSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributeTablePanel")
        self.selection = selection
        self.project = None
        self._layers: list[VectorLayer] = []
        self._syncing = False
        self.model = AttributeTableModel(self)

        self.layer_combo = QComboBox(self)
        self.layer_combo.setMinimumWidth(160)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter: text in any field"))
        self.filter_edit.setClearButtonEnabled(True)
        self.edit_toggle = QCheckBox(self.tr("Edit"), self)
        self.edit_toggle.setToolTip(self.tr("Edit attribute values (unlocked layers only; Ctrl+Z undoes)"))
        self.zoom_button = QToolButton(self)
        self.zoom_button.setIcon(icon("zoom_in"))
        self.zoom_button.setText(self.tr("Zoom to selection"))
        self.zoom_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear selection"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("tableCount")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Layer"), self))
        top.addWidget(self.layer_combo)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.edit_toggle)
        top.addWidget(self.zoom_button)
        top.addWidget(self.clear_button)
        top.addWidget(self.count_label)

        self.view = QTableView(self)
        self.view.setObjectName("attributeTable")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        # column widths from the first rows and the visible ones (Qt's default reads 1 000 rows, ~1 s
        # of data() calls when a project opens)
        self.view.horizontalHeader().setResizeContentsPrecision(100)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        vh = self.view.verticalHeader()
        vh.setDefaultSectionSize(22)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # fixed rows: no per-row size hint on 100k rows
        small = QFont(self.view.font())
        vh.setFont(small)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)

        self.layer_combo.currentIndexChanged.connect(self._on_layer_chosen)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.edit_toggle.toggled.connect(self._on_edit_toggled)
        self.zoom_button.clicked.connect(lambda: self.layer() and self.zoomToSelectedRequested.emit(self.layer()))
        self.clear_button.clicked.connect(lambda: self.layer() and self.selection.clear(self.layer()))
        self.view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.selection.changed.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.layoutChanged.connect(self._after_reset)
        self._update_count()

    # --- layers -------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.set_layers(list(project.layers) if project is not None else [])

    def set_layers(self, layers: list[VectorLayer]) -> None:
        current = self.layer()
        self._layers = list(reversed(layers))  # legend order, as the layer tree
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for lyr in self._layers:
            self.layer_combo.addItem(lyr.name)
        self.layer_combo.blockSignals(False)
        if current is not None and current in self._layers:
            self.show_layer(current)
        elif self._layers:
            self.show_layer(self._layers[0])
        else:
            self.model.set_layer(None)

    def layer(self) -> VectorLayer | None:
        return self.model.layer

    def show_layer(self, layer: VectorLayer) -> None:
        if layer not in self._layers:
            return
        i = self._layers.index(layer)
        if self.layer_combo.currentIndex() != i:
            self.layer_combo.setCurrentIndex(i)   # → _on_layer_chosen
        elif self.model.layer is not layer:
            self._on_layer_chosen(i)

    def _on_layer_chosen(self, i: int) -> None:
        layer = self._layers[i] if 0 <= i < len(self._layers) else None
        self.model.set_layer(layer, self.project)
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.edit_toggle.blockSignals(True)
        self.edit_toggle.setChecked(False)
        self.edit_toggle.blockSignals(False)
        self.edit_toggle.setEnabled(layer is not None and not layer.locked)
        self.edit_toggle.setToolTip(self.tr("The layer is locked (read-only)") if layer is not None and layer.locked
                                    else self.tr("Edit attribute values (unlocked layers only; Ctrl+Z undoes)"))
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if layer is not None:
            self.view.resizeColumnsToContents()  # reads ~100 rows whatever the layer's size
        self._after_reset()

    def _on_filter(self, text: str) -> None:
        self.model.set_filter(text)

    def _on_edit_toggled(self, on: bool) -> None:
        if not self.model.set_editing(on) and on:
            self.edit_toggle.setChecked(False)

    # --- selection sync -----------------------------------------------------------------------
    def _on_view_selection(self, *_args) -> None:
        if self._syncing or self.layer() is None:
            return
        rows = np.array([idx.row() for idx in self.view.selectionModel().selectedRows()], dtype=np.int64)
        positions = self.model.order[rows] if len(rows) else rows
        self._syncing = True
        try:
            self.selection.select(self.layer(), positions, REPLACE)
        finally:
            self._syncing = False
        self._update_count()

    def _on_selection_changed(self, layer) -> None:
        if layer is self.layer() and not self._syncing:
            self._apply_selection()
        self._update_count()

    def _after_reset(self) -> None:
        self._apply_selection()
        self._update_count()

    def _apply_selection(self) -> None:
        """Select the table rows of the layer's selected features (contiguous runs as ranges)."""
        layer = self.layer()
        sm = self.view.selectionModel()
        self._syncing = True
        try:
            if layer is None:
                sm.clearSelection()
                return
            rows = self.model._inverse[self.selection.selected(layer)] if len(self.model._inverse) else []
            rows = np.sort(np.asarray(rows, dtype=np.int64))
            rows = rows[rows >= 0]
            sel = QItemSelection()
            last_col = max(self.model.columnCount() - 1, 0)
            if len(rows):
                breaks = np.flatnonzero(np.diff(rows) != 1) + 1
                for run in np.split(rows, breaks):
                    sel.select(self.model.index(int(run[0]), 0), self.model.index(int(run[-1]), last_col))
            sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if len(rows):
                self.view.scrollTo(self.model.index(int(rows[0]), 0))
        finally:
            self._syncing = False

    def _update_count(self) -> None:
        layer = self.layer()
        if layer is None:
            self.count_label.setText("")
            return
        self.count_label.setText(self.tr("%1 of %2 shown, %3 selected").replace(
            "%1", f"{self.model.rowCount():,}").replace("%2", f"{len(layer.gdf):,}").replace(
            "%3", f"{self.selection.count(layer):,}"))


__all__ = ["AttributeTableModel", "AttributeTablePanel", "PositionRole"]
