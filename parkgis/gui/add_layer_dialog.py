"""The add-layer dialog: what was detected in a file, shown before it enters the project.

Planners receive shapefiles in GBK without a ``.cpg``, coordinates without a ``.prj``, files
from other zones. The dialog reads the file through :func:`parkgis.core.io.read_layers` and shows
per layer the detected text encoding with a preview of decoded text, the CRS (and whether it was
assumed), and the guessed role — each can be changed; a changed encoding or CRS re-reads the file
with ``read_layers(path, encoding=..., crs=...)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ParkgisError
from ..core.layers import CONSTRAINT_ROLES, VectorLayer
from ..core.roles import Role
from .i18n import core_error, core_text, role_label

#: encodings offered besides the detected one (the ones Chinese GIS data comes in)
ENCODINGS = ("UTF-8", "GBK", "GB18030", "BIG5", "CP1252", "Latin-1")
PREVIEW_ROWS = 12


class AddLayerDialog(QDialog):
    """Shows what :func:`read_layers` detected in ``path``; :attr:`layers` holds the accepted result."""

    def __init__(self, path: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.layers: list[VectorLayer] = []
        self.error: str | None = None
        self.encoding: str | None = None   # None: as detected
        self.crs: str | None = None        # None: as declared / inferred
        self.setWindowTitle(self.tr("Add Layer — %1").replace("%1", self.path.name))
        self.resize(860, 560)

        self.file_label = QLabel(f"<b>{self.path.name}</b>  <span style='color:#5b6875'>{self.path}</span>", self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layer_combo = QComboBox(self)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(role_label(role), role.value)
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.addItem(self.tr("As detected"), None)
        for enc in ENCODINGS:
            self.encoding_combo.addItem(enc, enc)
        self.encoding_note = QLabel(self)
        self.encoding_note.setWordWrap(True)
        self.crs_edit = QLineEdit(self)
        self.crs_edit.setPlaceholderText(self.tr("EPSG code, e.g. 4525 (CGCS2000 GK zone 37)"))
        self.crs_apply = QPushButton(self.tr("Apply CRS"), self)
        self.crs_note = QLabel(self)
        self.crs_note.setWordWrap(True)
        self.summary = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b00020")

        form = QFormLayout()
        form.addRow(self.tr("Layer"), self.layer_combo)
        form.addRow(self.tr("Role"), self.role_combo)
        enc_row = QHBoxLayout()
        enc_row.addWidget(self.encoding_combo)
        enc_row.addWidget(self.encoding_note, 1)
        form.addRow(self.tr("Text encoding"), enc_row)
        crs_row = QHBoxLayout()
        crs_row.addWidget(self.crs_edit)
        crs_row.addWidget(self.crs_apply)
        form.addRow(self.tr("CRS"), crs_row)
        form.addRow("", self.crs_note)
        form.addRow(self.tr("Contents"), self.summary)

        self.preview = QTableWidget(self)
        self.preview.setObjectName("encodingPreview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAlternatingRowColors(True)
        self.preview.setMinimumHeight(220)
        self.preview.verticalHeader().setDefaultSectionSize(22)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        box = QGroupBox(self.tr("Preview of the decoded attributes"), self)
        box_lay = QVBoxLayout(box)
        box_lay.addWidget(self.preview)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add to project"))
        lay = QVBoxLayout(self)
        lay.addWidget(self.file_label)
        lay.addLayout(form)
        lay.addWidget(box, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)

        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layer_combo.currentIndexChanged.connect(lambda _i: self._show_layer())
        self.role_combo.currentIndexChanged.connect(self._on_role)
        self.encoding_combo.currentIndexChanged.connect(
            lambda _i: self.reread(encoding=self.encoding_combo.currentData(), crs=self.crs))
        self.crs_apply.clicked.connect(self._on_crs)
        self.crs_edit.returnPressed.connect(self._on_crs)
        self.reread()

    # --- reading ------------------------------------------------------------------------------
    def reread(self, encoding: str | None = None, crs: str | None = None) -> bool:
        """Read the file again with ``encoding`` / ``crs`` (None: detect); False on a read error."""
        from ..core.io import read_layers

        try:
            layers = read_layers(self.path, encoding=encoding, crs=crs)
        except (ParkgisError, ValueError) as exc:
            self.error = core_error(exc)
            self.message.setText(self.error)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.layers))
            return False
        if crs is not None:
            from ..core.crs import epsg_of, to_crs

            wanted = to_crs(crs)
            for lyr in layers:
                if lyr.crs is not None and epsg_of(lyr.crs) != epsg_of(wanted):
                    # the file declares another CRS and the planner says it is wrong (a wrong zone,
                    # a .prj copied from another project): relabel, never reproject
                    lyr.gdf = lyr.gdf.set_crs(wanted, allow_override=True)
                    lyr.provenance.crs_assumed = f"the file declares {lyr.provenance.source_crs}; " \
                                                 f"EPSG:{epsg_of(wanted)} chosen by the user"
        self.error = None
        self.message.setText("")
        self.encoding, self.crs = encoding, crs
        keep = self.layer_combo.currentIndex()
        roles = {lyr.name: lyr.role for lyr in self.layers}  # a role chosen here survives a re-read
        self.layers = layers
        for lyr in layers:
            if lyr.name in roles and roles[lyr.name] != lyr.role:
                self._set_role(lyr, roles[lyr.name])
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for lyr in layers:
            self.layer_combo.addItem(f"{lyr.name}  ({len(lyr.gdf):,})")
        self.layer_combo.setCurrentIndex(min(max(keep, 0), len(layers) - 1))
        self.layer_combo.blockSignals(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(layers))
        self._show_layer()
        return True

    def current_layer(self) -> VectorLayer | None:
        i = self.layer_combo.currentIndex()
        return self.layers[i] if 0 <= i < len(self.layers) else None

    # --- showing ------------------------------------------------------------------------------
    def _show_layer(self) -> None:
        layer = self.current_layer()
        if layer is None:
            return
        prov = layer.provenance
        self.role_combo.blockSignals(True)
        self.role_combo.setCurrentIndex(self.role_combo.findData(layer.role.value))
        self.role_combo.blockSignals(False)
        self.role_combo.setToolTip(core_text(layer.role_reason))
        source = {"explicit": self.tr("chosen"), "cpg": self.tr("from the .cpg file"),
                  "ldid": self.tr("from the DBF language byte"), "detected": self.tr("detected from the text"),
                  "ascii": self.tr("plain ASCII"), "declared": self.tr("fixed by the format"),
                  "utf-8": self.tr("UTF-8")}.get(prov.encoding_source or "", prov.encoding_source or "")
        self.encoding_note.setText(self.tr("In use: %1 (%2)").replace("%1", prov.encoding or "—").replace(
            "%2", source) if prov.encoding else self.tr("No text encoding applies to this format"))
        crs = core_text(layer.crs_label)
        if prov.crs_assumed:
            self.crs_note.setText("<span style='color:#a35400'>⚠ " + self.tr("Assumed %1: %2").replace(
                "%1", crs).replace("%2", core_text(prov.crs_assumed)) + "</span>")
        elif layer.crs is None:
            self.crs_note.setText("<span style='color:#b00020'>" + self.tr(
                "No CRS: give the EPSG code of the data") + "</span>")
        else:
            self.crs_note.setText(self.tr("Declared %1").replace("%1", crs))
        if layer.legacy_datum:
            self.crs_note.setText(self.crs_note.text() + "<br><span style='color:#b00020'>" + self.tr(
                "Legacy datum %1: needs transformation parameters").replace("%1", str(layer.legacy_datum))
                + "</span>")
        if not self.crs_edit.hasFocus() and layer.epsg:
            self.crs_edit.setText(str(layer.epsg))
        self.summary.setText(self.tr("%1 features, %2").replace("%1", f"{len(layer.gdf):,}").replace(
            "%2", layer.geometry_type))
        # the CRS assumption is already shown beside the CRS
        notes = [w for w in layer.warnings if not (prov.crs_assumed and prov.crs_assumed in w)]
        notes += [layer.invalid_summary()] if layer.invalid_summary() else []
        warn = "；".join(core_text(n) for n in notes)
        self.message.setStyleSheet("color:#a35400")
        self.message.setText(warn)
        self._fill_preview(layer)

    def _fill_preview(self, layer: VectorLayer) -> None:
        gdf = layer.gdf
        geom = gdf.geometry.name
        # text columns first: they are what a wrong encoding garbles
        cols = [c for c in gdf.columns if c != geom]
        text_cols = [c for c in cols if gdf[c].dtype.kind in "OSU" or str(gdf[c].dtype).startswith("str")]
        cols = text_cols + [c for c in cols if c not in text_cols]
        rows = gdf.head(PREVIEW_ROWS)
        self.preview.clear()
        self.preview.setColumnCount(len(cols))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels([str(c) for c in cols])
        for j, c in enumerate(cols):
            values = rows[c].tolist()
            for i, v in enumerate(values):
                text = "" if v is None or (isinstance(v, float) and v != v) else str(v)
                self.preview.setItem(i, j, QTableWidgetItem(text))
        self.preview.resizeColumnsToContents()

    # --- choices ------------------------------------------------------------------------------
    @staticmethod
    def _set_role(layer: VectorLayer, role: Role) -> None:
        layer.role = role
        layer.role_reason = "chosen by the user"
        layer.locked = role in CONSTRAINT_ROLES

    def _on_role(self, _i: int) -> None:
        layer = self.current_layer()
        if layer is not None:
            self._set_role(layer, Role(self.role_combo.currentData()))

    def _on_crs(self) -> None:
        text = self.crs_edit.text().strip()
        if not text:
            self.reread(encoding=self.encoding, crs=None)
            return
        crs = f"EPSG:{text}" if text.isdigit() else text
        self.reread(encoding=self.encoding, crs=crs)


__all__ = ["AddLayerDialog", "ENCODINGS"]
