"""The history panel (要素历史): the versions of the selected feature, oldest first, from the
project's audit. Choosing a version draws it on the map; "Restore this version" makes it the
feature's state again as an undoable edit, committed with the layer's session on save."""

from __future__ import annotations

import geopandas as gpd
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ParkgisError
from ..core.fields import field_alias
from ..core.layers import VectorLayer
from .i18n import core_error

#: how a version is drawn on the map (red dashes over the current feature)
VERSION_STYLE = {"fill": "#e53935", "fill_opacity": 0.12, "outline": "#c62828", "outline_width": 1.2, "dash": True}


class HistoryPanel(QWidget):
    #: a version to draw (a layer) or None to clear the drawing
    versionShown = Signal(object)
    #: a message for the status bar
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = None
        self.layer: VectorLayer | None = None
        self.fid: int | None = None
        self.entries = []
        self.title = QLabel(self.tr("Select one feature to see its history"))
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Version"), self.tr("When"), self.tr("Who"),
                                              self.tr("Change"), self.tr("Reason")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_row)
        self.restore_button = QPushButton(self.tr("Restore this version"), self)
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)

    def operation_text(self, operation: str) -> str:
        return {"stored": self.tr("as first stored"), "add": self.tr("added"), "delete": self.tr("deleted"),
                "geometry": self.tr("geometry changed"), "attributes": self.tr("attributes changed"),
                "update": self.tr("geometry and attributes changed"), "restore": self.tr("restored")
                }.get(operation, operation)

    def show_feature(self, project, layer: VectorLayer | None, fid: int | None) -> None:
        """Show the history of ``fid`` of ``layer`` (None: nothing selected, or several)."""
        self.project, self.layer, self.fid = project, layer, fid
        self.table.setRowCount(0)
        self.entries = []
        self.restore_button.setEnabled(False)
        self.detail.setText("")
        self.versionShown.emit(None)
        if project is None or layer is None or fid is None:
            self.title.setText(self.tr("Select one feature to see its history"))
            return
        try:
            self.entries = project.history(layer, fid)
        except ParkgisError as exc:
            self.title.setText(core_error(exc))
            return
        self.title.setText(self.tr("%1 · feature %2: %3 version(s)").replace("%1", layer.name)
                           .replace("%2", str(fid)).replace("%3", str(len(self.entries))))
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            values = [str(entry.version), (entry.at or "").replace("T", " ")[:19], entry.user or "",
                      self.operation_text(entry.operation), entry.reason or ""]
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected_entry(self):
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _on_row(self) -> None:
        entry = self.selected_entry()
        current = self.entries[-1] if self.entries else None
        self.restore_button.setEnabled(entry is not None and entry is not current
                                       and self.layer is not None and not self.layer.locked)
        if entry is None:
            self.versionShown.emit(None)
            self.detail.setText("")
            return
        if entry.state is None:
            self.detail.setText(self.tr("The feature was deleted at this version."))
            self.versionShown.emit(None)
            return
        latest = current.state if current is not None else None
        differing = {k: v for k, v in entry.state.attributes.items()
                     if latest is None or latest.attributes.get(k) != v}
        if entry is current:
            self.detail.setText(self.tr("The current version."))
        elif not differing:
            self.detail.setText(self.tr("Same attributes as the current version."))
        else:   # what this version would bring back
            self.detail.setText(self.tr("Differs from the current version: %1").replace("%1", "; ".join(
                f"{field_alias(k) or k} = {'' if v is None else v}" for k, v in differing.items())))
        if entry.state.geometry is not None:
            gdf = gpd.GeoDataFrame(geometry=[entry.state.geometry], crs=self.layer.gdf.crs)
            self.versionShown.emit(VectorLayer(f"历史:{self.layer.name}", gdf, style=dict(VERSION_STYLE), locked=True))

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or self.project is None or self.layer is None:
            return
        try:
            self.project.restore(self.layer, self.fid, entry.version, commit=False)
        except ParkgisError as exc:
            self.message.emit(core_error(exc))
            return
        self.message.emit(self.tr("Version %1 restored; it is saved with the project (Ctrl+Z undoes it)")
                          .replace("%1", str(entry.version)))
