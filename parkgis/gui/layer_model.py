"""The layer tree's Qt model: an adapter over the project's list of :class:`VectorLayer`.

Rows are in the order a planner reads a legend — the layer drawn on top comes first (QGIS does
the same); the project keeps draw order bottom first. Column 0 carries the visibility checkbox
and the style swatch. A categorized layer has legend rows under it (swatch, value, feature count),
as in QGIS. The model holds no state of its own beyond a snapshot of those legend rows: it reads and
writes the layers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from html import escape

import numpy as np
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ..core.layers import VectorLayer
from ..core.styles import category_index, category_label
from .i18n import core_text, role_label
from .icons import icon, swatch
from .styles import Color, parse_color, style_dict_for, style_for

#: the invalid index standing for the root (a module-level default, not a call per signature)
_ROOT = QModelIndex()

LayerObjectRole = Qt.ItemDataRole.UserRole + 1   # the VectorLayer of a row
LockedRole = Qt.ItemDataRole.UserRole + 2        # bool
LegendValueRole = Qt.ItemDataRole.UserRole + 3   # the category value of a legend row (None: other values)


@dataclass(frozen=True)
class LegendEntry:
    """One legend row of a categorized layer."""

    value: str | None      # None: the features whose value has no colour (drawn in the layer's fill)
    label: str
    fill: Color | None
    count: int


def legend_entries(layer: VectorLayer, other_label: str = "Other values") -> list[LegendEntry]:
    """The legend of ``layer``'s categorized style (empty for a single-colour layer), in the
    stored order of the categories, with the number of features of each value."""
    spec = (layer.style or {}).get("categorized") or {}
    field = spec.get("field")
    if not field or field not in layer.gdf.columns:
        return []
    merged = style_dict_for(layer.role, layer.style)
    opacity = float(merged.get("fill_opacity", 1.0))
    colours = spec.get("colors") or {}
    index = category_index(layer.gdf, spec)
    counts = np.bincount(index[index >= 0], minlength=len(colours))
    entries = [LegendEntry(str(value), category_label(spec, str(value)), parse_color(colour, opacity), int(n))
               for (value, colour), n in zip(colours.items(), counts, strict=True)]
    other = len(layer.gdf) - sum(e.count for e in entries)
    if other > 0:
        entries.append(LegendEntry(None, other_label, parse_color(merged.get("fill"), opacity), other))
    return entries


def _readable_time(iso: str | None) -> str | None:
    """``2026-11-25T08:30:00+00:00`` → ``2026-11-25 08:30:00 UTC`` (what a planner reads)."""
    if not iso:
        return iso
    return iso.replace("T", " ").replace("+00:00", " UTC")


class Column(IntEnum):
    NAME = 0
    ROLE = 1
    FEATURES = 2
    CRS = 3
    LOCK = 4


class LayerTreeModel(QAbstractItemModel):
    #: a layer was shown or hidden through the model (the canvas recomposes)
    visibilityChanged = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._layers: list[VectorLayer] = []   # draw order, bottom first (as the project keeps them)
        # legend rows per layer (by id) as the views last saw them; rebuilt on set_layers/refresh_layer
        self._legend: dict[int, list[LegendEntry]] = {}
        # legends shown instead of a layer's own (layer id → rows): the register's 着色 of its parcels
        self._overrides: dict[str, list[LegendEntry]] = {}

    # --- content ------------------------------------------------------------------------------
    def layers(self) -> list[VectorLayer]:
        return list(self._layers)

    def set_layers(self, layers: Sequence[VectorLayer]) -> None:
        self.beginResetModel()
        self._layers = list(layers)
        live = {layer.id for layer in self._layers}
        self._overrides = {k: v for k, v in self._overrides.items() if k in live}
        self._legend = {id(layer): self._entries(layer) for layer in self._layers}
        self.endResetModel()

    def _entries(self, layer: VectorLayer) -> list[LegendEntry]:
        if layer.id in self._overrides:
            return list(self._overrides[layer.id])
        return legend_entries(layer, self.tr("Other values"))

    def set_legend_override(self, layer: VectorLayer, entries: Sequence[LegendEntry] | None) -> None:
        """Show ``entries`` as ``layer``'s legend (None: its own again), e.g. while an overlay colours its
        features by something the layer's attributes do not hold (the 标准地 register's stage)."""
        if entries is None:
            if self._overrides.pop(layer.id, None) is None:
                return
        else:
            self._overrides[layer.id] = list(entries)
        self.refresh_layer(layer)

    def legend(self, layer: VectorLayer) -> list[LegendEntry]:
        return list(self._legend.get(id(layer), []))

    def _is_legend(self, index) -> bool:
        return index.isValid() and index.internalId() > 0

    def legend_entry(self, index: QModelIndex | QPersistentModelIndex) -> LegendEntry | None:
        """The legend row at ``index`` (None for a layer row)."""
        if not self._is_legend(index):
            return None
        layer = self.layer_at(index)
        entries = self._legend.get(id(layer), []) if layer is not None else []
        return entries[index.row()] if 0 <= index.row() < len(entries) else None

    def layer_at(self, index: QModelIndex | QPersistentModelIndex) -> VectorLayer | None:
        """The layer of a layer row, or of the legend row's layer."""
        if not index.isValid():
            return None
        row = index.internalId() - 1 if self._is_legend(index) else index.row()
        if not 0 <= row < len(self._layers):
            return None
        return self._layers[len(self._layers) - 1 - row]

    def index_of(self, layer: VectorLayer, column: int = 0) -> QModelIndex:
        for i, candidate in enumerate(self._layers):
            if candidate is layer:
                return self.index(len(self._layers) - 1 - i, column)
        return QModelIndex()

    def refresh_layer(self, layer: VectorLayer) -> None:
        """Tell views a layer's data changed (name, role, count, lock ...)."""
        first, last = self.index_of(layer, 0), self.index_of(layer, len(Column) - 1)
        if not first.isValid():
            return
        old, new = self._legend.get(id(layer), []), self._entries(layer)
        if old != new:
            # the view must see the old rows leave before the new ones arrive (their number may differ)
            if old:
                self.beginRemoveRows(first, 0, len(old) - 1)
                self._legend[id(layer)] = []
                self.endRemoveRows()
            if new:
                self.beginInsertRows(first, 0, len(new) - 1)
                self._legend[id(layer)] = new
                self.endInsertRows()
        self.dataChanged.emit(first, last)

    # --- QAbstractItemModel -------------------------------------------------------------------
    # internal id 0: a layer row; k > 0: a legend row under the layer row k − 1
    def index(self, row: int, column: int, parent=_ROOT) -> QModelIndex:
        if not 0 <= column < len(Column) or row < 0:
            return QModelIndex()
        if parent.isValid():
            if self._is_legend(parent) or row >= self.rowCount(parent):
                return QModelIndex()
            return self.createIndex(row, column, parent.row() + 1)
        if row >= len(self._layers):
            return QModelIndex()
        return self.createIndex(row, column, 0)

    def parent(self, index=_ROOT) -> QModelIndex:
        if not self._is_legend(index):
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=_ROOT) -> int:
        if not parent.isValid():
            return len(self._layers)
        if self._is_legend(parent) or parent.column() != 0:
            return 0
        layer = self.layer_at(parent)
        return len(self._legend.get(id(layer), [])) if layer is not None else 0

    def columnCount(self, parent=_ROOT) -> int:
        return len(Column)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == Column.NAME and not self._is_legend(index):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.NAME: self.tr("Layer"),
                Column.ROLE: self.tr("Role"),
                Column.FEATURES: self.tr("Features"),
                Column.CRS: self.tr("CRS"),
                Column.LOCK: self.tr("Lock"),
            }.get(section)
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.FEATURES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        layer = self.layer_at(index)
        if layer is None:
            return None
        col = index.column()
        if self._is_legend(index):
            return self._legend_data(layer, index, role)
        if role == LayerObjectRole:
            return layer
        if role == LockedRole:
            return bool(layer.locked)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.NAME:
                return layer.name
            if col == Column.ROLE:
                return role_label(layer.role)
            if col == Column.FEATURES:
                return f"{len(layer):,}"
            if col == Column.CRS:
                return core_text(layer.crs_label)
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col == Column.NAME:
            return Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            if col == Column.NAME:
                st = style_for(layer.role, layer.style)
                return swatch(st.fill, st.stroke, st.hatch_color if st.hatch else None,
                              st.casing, bool(st.dash))
            if col == Column.LOCK and layer.locked:
                return icon("lock")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Column.FEATURES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(layer, col)
        return None

    def _legend_data(self, layer: VectorLayer, index, role):
        entry = self.legend_entry(index)
        if entry is None:
            return None
        col = index.column()
        if role == LayerObjectRole:
            return layer
        if role == LegendValueRole:
            return entry.value
        if role == Qt.ItemDataRole.DisplayRole:
            if col == Column.NAME:
                return entry.label if entry.value is not None else self.tr("Other values")
            if col == Column.FEATURES:
                return f"{entry.count:,}"
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == Column.NAME:
            st = style_for(layer.role, layer.style)
            return swatch(entry.fill, st.stroke)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Column.FEATURES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and col in (Column.NAME, Column.FEATURES):
            field = (layer.style or {}).get("categorized", {}).get("field", "")
            label = entry.label if entry.value is not None else self.tr("Other values")
            return self.tr("%1 = %2: %3 features").replace("%1", field).replace("%2", label).replace(
                "%3", f"{entry.count:,}")
        return None

    def _tooltip(self, layer: VectorLayer, col: int) -> str:
        if col == Column.LOCK:
            return self.tr("Locked (read-only)") if layer.locked else self.tr("Editable")
        return self.describe(layer)

    def _role_reason(self, reason: str) -> str:
        """The core's role reason (English, stable wording) in the UI language."""
        fixed = {"saved in the project": self.tr("Saved in the project"),
                 "chosen by the user": self.tr("Chosen by the user"),
                 "no role pattern in the name": self.tr("No role pattern in the name")}
        if reason in fixed:
            return fixed[reason]
        if reason.startswith("name matches "):
            return self.tr("Name matches %1").replace("%1", reason.removeprefix("name matches "))
        return core_text(reason)

    def describe(self, layer: VectorLayer) -> str:
        """The layer's facts a planner checks before trusting it (HTML; every value escaped)."""
        prov = layer.provenance
        rows = [
            (self.tr("Role"), role_label(layer.role)),
            (self.tr("Role from"), self._role_reason(layer.role_reason)),
            (self.tr("Features"), f"{len(layer):,}"),
            (self.tr("Geometry"), layer.geometry_type),
            (self.tr("CRS"), core_text(layer.crs_label)),
            (self.tr("Lock"), self.tr("Locked (read-only)") if layer.locked else self.tr("Editable")),
            (self.tr("Source"), prov.source_path),
            (self.tr("Source CRS"), prov.source_crs),
            (self.tr("CRS assumed"), core_text(prov.crs_assumed)),
            (self.tr("Encoding"), f"{prov.encoding} ({prov.encoding_source})" if prov.encoding_source
             else prov.encoding),
            (self.tr("Legacy datum"), layer.legacy_datum),
            (self.tr("Approval No."), prov.approval),
            (self.tr("Data date"), prov.data_date),
            (self.tr("Imported"), _readable_time(prov.imported_at)),
        ]
        body = "".join(f"<tr><td style='color:#5b6875;padding-right:10px'>{escape(k)}</td>"
                       f"<td>{escape(str(v))}</td></tr>" for k, v in rows if v not in (None, ""))
        warnings = "".join(f"<p style='color:#a35400'>⚠ {escape(core_text(w))}</p>" for w in layer.warnings)
        return f"<b>{escape(layer.name)}</b><table cellspacing='2'>{body}</table>{warnings}"

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        layer = self.layer_at(index)
        if (layer is None or role != Qt.ItemDataRole.CheckStateRole or index.column() != Column.NAME
                or self._is_legend(index)):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        visible = state == Qt.CheckState.Checked
        if layer.visible != visible:
            layer.visible = visible
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.visibilityChanged.emit(layer)
        return True
