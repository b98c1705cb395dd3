"""Dialogs of the edit sessions: recovering a crashed session's edits on open, and choosing per
feature when a save meets a conflict (someone else changed the same feature), its versions drawn
side by side on the map."""

from __future__ import annotations

from datetime import datetime

import geopandas as gpd
import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.editing.compare import VERSIONS
from ..core.editing.journal import pending_changes
from ..core.fields import field_alias
from ..core.layers import VectorLayer
from ..core.roles import Role
from .canvas import MapCanvas
from .i18n import core_text, current_language


class RecoveryDialog(QMessageBox):
    """Offered on open when edits of a crashed session are waiting in a journal."""

    def __init__(self, contents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = pending_changes(contents)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("Recover unsaved edits"))
        self.setText(self.tr("%1 edit(s) of a session that ended without saving (a crash or a power cut) were "
                             "found. Recover them?").replace("%1", str(len(rows))))
        words = {"delete": self.tr("deleted"), "add": self.tr("added"), "change": self.tr("changed")}
        lines = [f"{layer} #{fid}: {words[what]}  ({started[:19].replace('T', ' ')} {user})"
                 for started, user, layer, fid, what in rows[:200]]
        self.setDetailedText("\n".join(lines))
        self.setInformativeText(self.tr("Recovered edits are not saved yet: look at them, then save. Edits of "
                                        "features changed by someone else since are listed and left out."))
        self.recover_button = self.addButton(self.tr("Recover"), QMessageBox.ButtonRole.AcceptRole)
        self.discard_button = self.addButton(self.tr("Discard them"), QMessageBox.ButtonRole.DestructiveRole)
        self.later_button = self.addButton(self.tr("Decide later"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.recover_button)


#: the fill of each version on the panes (原始 grey, 对方 orange, 我的 blue, 合并结果 green)
VERSION_COLOURS = {"base": "#8d99ae", "theirs": "#f08c00", "mine": "#1c7ed6", "merged": "#2b8a3e"}
#: the titles' colour where the fill's is too pale to read
TITLE_COLOURS = {"base": "#495057"}
#: the 三区三线 overlap pieces on a pane (the check panel's prohibited red)
PIECE_COLOUR = "#e03131"
#: a field changed on both sides to different values (the one that stops a merge)
CLASH_BACKGROUND = "#ffc9c9"
#: a field changed on one side: the cell of that side
CHANGED_BACKGROUND = {"theirs": "#ffe8cc", "mine": "#d0ebff", "merged": "#d3f9d8"}


def version_layer(name: str, geometry, crs, *, fill: str | None, outline: str, dash: bool = False) -> VectorLayer:
    """One version's boundary as an overlay layer of a pane (filled, or a dashed outline)."""
    style = {"fill": fill, "fill_opacity": 0.45, "outline": outline, "outline_width": 0.7, "dash": dash}
    return VectorLayer(name, gpd.GeoDataFrame(geometry=[geometry], crs=crs), role=Role.REFERENCE, style=style,
                       locked=True)


def local_time(at: str | None) -> str:
    """An audit time (ISO, UTC) as the planner's clock shows it: ``2026-12-04 21:14``."""
    if not at:
        return ""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at[:16].replace("T", " ")


class VersionCanvas(MapCanvas):
    """A pane's map: the project's layers at one fixed extent, kept when the pane is resized, so that
    every pane shows the same ground."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(200, 160)
        self.extent: tuple[float, float, float, float] | None = None

    def show_extent(self, extent) -> None:
        self.extent = extent
        if extent is not None:
            self.zoom_to_bounds(extent, min_span=20.0, margin=0.25)

    def _paint_north_arrow(self, painter) -> None:
        """Not on the panes: north is up on every one, and the arrow would hide the small map's corner."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.extent is not None:
            self.zoom_to_bounds(self.extent, min_span=20.0, margin=0.25)


class VersionPane(QFrame):
    """One version of the conflicting feature: a title, its map, its figures."""

    def __init__(self, version: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.version = version
        self.setObjectName(f"pane_{version}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"font-weight: bold; color: {TITLE_COLOURS.get(version, VERSION_COLOURS[version])};")
        # two lines on every pane (theirs names who saved it and when): the maps get the same size,
        # hence the same scale
        self.title.setFixedHeight(2 * self.title.fontMetrics().lineSpacing() + 4)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.canvas = VersionCanvas(self)
        figures = QWidget(self)
        self.area_label, self.change_label, self.differs_label, self.check_label, self.other_label = (
            QLabel(figures) for _ in range(5))
        figures_layout = QVBoxLayout(figures)
        figures_layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.area_label, self.change_label, self.differs_label, self.check_label, self.other_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            figures_layout.addWidget(label)
        figures_layout.addStretch(1)
        # the same height under every map however the figures wrap: the maps keep one size, one scale
        figures_layout.setSpacing(2)
        figures.setFixedHeight(6 * self.fontMetrics().lineSpacing() + 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(figures)


class ConflictDialog(QDialog):
    """Per conflicting feature: keep theirs (the store's version), keep mine, or merge.

    With the comparisons (:meth:`~parkgis.core.editing.session.EditSession.compare_conflict`) and the
    project's layers, the selected feature's versions are drawn side by side — 原始, 对方, 我的 and the
    合并结果 when a merge is offered — over the neighbouring parcels and the 三区三线 layers at one
    extent, the base outline dashed on the others, each with its area, its change and its differing
    area in 亩 and its 三区三线 check; its attribute differences below."""

    def __init__(self, layer_name: str, conflicts, parent: QWidget | None = None, proposals=None, *,
                 comparisons=None, layers=(), crs=None, edited_layer=None) -> None:
        super().__init__(parent)
        self.proposals = dict(proposals or {})   # fid → MergeResult (EditSession.propose_merge)
        self.comparisons = dict(comparisons or {})   # fid → ConflictComparison (EditSession.compare_conflict)
        self.map_layers, self.crs, self.edited_layer = list(layers), crs, edited_layer
        self.setWindowTitle(self.tr("Someone else changed the same features"))
        self.conflicts = list(conflicts)
        intro = QLabel(self.tr("Layer %1: these features were changed by another user or program since you "
                               "started editing them. Nothing was saved. Choose for each one.")
                       .replace("%1", layer_name))
        intro.setWordWrap(True)
        self.table = QTableWidget(len(self.conflicts), 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Feature"), self.tr("Theirs"), self.tr("Mine"),
                                              self.tr("Keep")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.choices: list[QComboBox] = []
        for row, conflict in enumerate(self.conflicts):
            self.table.setItem(row, 0, QTableWidgetItem(str(conflict.fid)))
            self.table.setItem(row, 1, QTableWidgetItem(self.describe(conflict.base, conflict.theirs)))
            self.table.setItem(row, 2, QTableWidgetItem(self.describe(conflict.base, conflict.mine)))
            choice = QComboBox(self.table)
            choice.addItem(self.tr("theirs"), "theirs")
            choice.addItem(self.tr("mine"), "mine")
            proposal = self.proposals.get(conflict.fid)
            comparison = self.comparisons.get(conflict.fid)
            refused = comparison.merge_refused if comparison is not None else None
            if proposal is not None and proposal.merged and not refused:
                choice.addItem(self.tr("merge"), "merge")
                choice.setCurrentIndex(2)
                choice.setToolTip(self.merge_text(proposal))
            elif proposal is not None:
                choice.setToolTip(self.tr("Cannot merge: %1").replace(
                    "%1", core_text("; ".join(refused if refused else proposal.clashes))))
            self.table.setCellWidget(row, 3, choice)
            self.choices.append(choice)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

        self.detail_title = QLabel(self)
        self.detail_title.setStyleSheet("font-weight: bold;")
        self.legend = QLabel(self.tr("Each map shows one version filled; the dashed line is the original "
                                     "boundary (原始); red: the part that conflicts with 三区三线. All maps show "
                                     "the same ground."), self)
        self.legend.setWordWrap(True)
        self.panes = {name: VersionPane(name, self) for name in VERSIONS}
        panes_row = QHBoxLayout()
        for pane in self.panes.values():
            panes_row.addWidget(pane, 1)
        self.fields_table = QTableWidget(0, 5, self)
        self.fields_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields_table.verticalHeader().hide()
        self.fields_table.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Original"), self.tr("Theirs"),
                                                     self.tr("Mine"), self.tr("Merged")])
        self.fields_table.horizontalHeader().setStretchLastSection(True)
        self.keep_theirs_button = QPushButton(self.tr("Keep theirs"), self)
        self.keep_mine_button = QPushButton(self.tr("Keep mine"), self)
        self.merge_button = QPushButton(self.tr("Merge"), self)
        self.keep_theirs_button.setToolTip(self.tr("Drop your change of this feature and take the saved version"))
        self.keep_mine_button.setToolTip(self.tr("Save your version over the other one"))
        self.merge_button.setToolTip(self.tr("Save the merged result: both changes"))
        self.merge_reason = QLabel(self)
        self.merge_reason.setWordWrap(True)
        self.merge_reason.setStyleSheet("color: #c92a2a;")
        for button, choice in ((self.keep_theirs_button, "theirs"), (self.keep_mine_button, "mine"),
                               (self.merge_button, "merge")):
            button.clicked.connect(lambda _=False, c=choice: self.choose(c))
        choose_row = QHBoxLayout()
        choose_row.addWidget(self.keep_theirs_button)
        choose_row.addWidget(self.keep_mine_button)
        choose_row.addWidget(self.merge_button)
        choose_row.addWidget(self.merge_reason, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save with these choices"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel (save nothing)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        self.table.setMaximumHeight(36 + 30 * min(len(self.conflicts), 4))
        layout.addWidget(self.detail_title)
        layout.addWidget(self.legend)
        layout.addLayout(panes_row, 1)
        layout.addWidget(self.fields_table)
        layout.addLayout(choose_row)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        for pane in self.panes.values():
            pane.canvas.set_layers(self.map_layers, crs, zoom_full=False)
        self._linking = False
        for pane in self.panes.values():     # zoom or pan one pane and the others follow: one ground
            pane.canvas.viewChanged.connect(lambda view, source=pane.canvas: self._follow(source, view))
        if self.comparisons:
            screen = self.screen().availableGeometry() if self.screen() is not None else None
            self.resize(min(1280, screen.width() - 40) if screen else 1280,
                        min(860, screen.height() - 60) if screen else 860)
        else:   # no comparisons (a store without them): the table alone, as before
            for widget in (self.detail_title, self.legend, self.fields_table, *self.panes.values()):
                widget.hide()
            self.resize(720, 320)
        if self.conflicts:
            self.table.selectRow(0)
            self.show_feature(0)

    def _follow(self, source, view) -> None:
        if self._linking or view is None:
            return
        self._linking = True
        try:
            for pane in self.panes.values():
                if pane.canvas is not source and pane.canvas.view != view:
                    pane.canvas.set_view(view)
        finally:
            self._linking = False

    # ---------------------------------------------------------------- the selected feature

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else 0

    def _selection_changed(self) -> None:
        self.show_feature(self.current_row())

    def show_feature(self, row: int) -> None:
        """Draw and describe the versions of the feature in ``row`` of the table."""
        conflict = self.conflicts[row]
        comparison = self.comparisons.get(conflict.fid)
        name = f"{conflict.fid}（{comparison.label}）" if comparison is not None and comparison.label else \
            str(conflict.fid)
        self.detail_title.setText(self.tr("Feature %1: the versions side by side").replace("%1", name))
        merge_ok = comparison.can_merge if comparison is not None else self.choices[row].findData("merge") >= 0
        self.merge_button.setEnabled(merge_ok)
        self.merge_button.setDefault(merge_ok)
        reasons = comparison.merge_refused if comparison is not None else \
            (self.proposals[conflict.fid].clashes if conflict.fid in self.proposals else [])
        self.merge_reason.setText("" if merge_ok else self.tr("Cannot merge: %1").replace(
            "%1", core_text("; ".join(reasons)) if reasons else self.tr("no merge was proposed")))
        if comparison is None:
            return
        base = comparison.versions["base"]
        hidden = self._hidden_rows(conflict.fid)
        for name, pane in self.panes.items():
            figures = comparison.versions.get(name)
            pane.setVisible(figures is not None)
            if figures is None:
                continue
            pane.title.setText(self.pane_title(figures))
            if self.edited_layer is not None:
                pane.canvas.set_hidden_rows(self.edited_layer, hidden)
            drawn = figures.geometry
            pane.canvas.set_overlay("version", None if drawn is None else version_layer(
                name, drawn, self.crs, fill=VERSION_COLOURS[name], outline=VERSION_COLOURS[name]))
            outline = base.geometry if name != "base" else None
            pane.canvas.set_overlay("base", None if outline is None else version_layer(
                "base", outline, self.crs, fill=None, outline="#212529", dash=True))
            pieces = [geometry for _rule, _severity, geometry in figures.pieces if geometry is not None]
            pane.canvas.set_overlay("pieces", version_layer("pieces", shapely.union_all(pieces), self.crs,
                                                            fill=PIECE_COLOUR, outline=PIECE_COLOUR)
                                    if pieces else None)
            pane.canvas.show_extent(comparison.extent)
            self.fill_figures(pane, figures)
        self.fill_fields(comparison)

    def _hidden_rows(self, fid: int) -> list[int]:
        """The row of the feature in the edited layer: the panes draw its versions, not the layer's copy."""
        if self.edited_layer is None:
            return []
        pos = self.edited_layer.gdf.index.get_indexer([fid])[0]
        return [int(pos)] if pos >= 0 else []

    def pane_title(self, figures) -> str:
        title = {"base": self.tr("Original (what you started from)"), "theirs": self.tr("Theirs (saved by someone else)"),
                 "mine": self.tr("Mine (not saved)"), "merged": self.tr("Merged result")}[figures.version]
        if figures.version == "theirs" and (figures.user or figures.at):
            when = local_time(figures.at)
            title += "\n" + self.tr("by %1 at %2").replace("%1", figures.user or "?").replace("%2", when or "?")
        return title

    def fill_figures(self, pane: VersionPane, figures) -> None:
        if figures.deleted:
            pane.area_label.setText(self.tr("deleted in this version"))
            for label in (pane.change_label, pane.differs_label, pane.check_label, pane.other_label):
                label.setText("")
            return
        pane.area_label.setText(self.tr("Area: %1 m² (%2 mu)").replace("%1", f"{figures.area_m2:,.2f}")
                                .replace("%2", f"{figures.area_mu:,.4f}"))
        if figures.version == "base":
            pane.change_label.setText(self.tr("Change: — (the others are compared with it)"))
            pane.differs_label.setText("")
        else:
            change = "—" if figures.change_mu is None else f"{figures.change_mu:+,.4f}"
            differs = "—" if figures.differs_mu is None else f"{figures.differs_mu:,.4f}"
            pane.change_label.setText(self.tr("Change against the original: %1 mu").replace("%1", change))
            pane.differs_label.setText(self.tr("Area that differs from the original: %1 mu").replace("%1", differs))
        if not figures.checked:
            pane.check_label.setText(self.tr("三区三线: not checked"))
            pane.other_label.setText("")
            return
        found = figures.control_findings
        text = "；".join(f"{self.rule_text(f)} {f.area_mu:,.4f}" + self.tr(" mu") for f in found)
        pane.check_label.setText(self.tr("三区三线: %1").replace("%1", text) if found
                                 else self.tr("三区三线: compliant"))
        pane.check_label.setStyleSheet("color: #c92a2a; font-weight: bold;" if found else "color: #2b8a3e;")
        others = [f for f in figures.findings if f not in found]
        pane.other_label.setText(self.tr("Other checks: %1").replace(
            "%1", "；".join(f"{self.rule_text(f)} {f.area_mu:,.4f}" + self.tr(" mu") for f in others)) if others else "")

    def rule_text(self, finding) -> str:
        names = {"eco_redline": self.tr("in the ecological red line"), "farmland": self.tr("in permanent farmland"),
                 "outside_udb": self.tr("outside the urban development boundary"),
                 "outside_park": self.tr("outside the park"), "parcel_overlap": self.tr("overlaps other parcels"),
                 "invalid_geometry": self.tr("invalid geometry")}
        if current_language() == "en":
            return names.get(finding.rule, finding.label)
        return finding.label

    def fill_fields(self, comparison) -> None:
        rows = [r for r in comparison.fields if r.changed_by]
        merged = "merged" in comparison.versions
        self.fields_table.setColumnHidden(4, not merged)
        self.fields_table.setRowCount(max(len(rows), 1))
        if not rows:
            self.fields_table.setSpan(0, 0, 1, 5)
            self.fields_table.setItem(0, 0, QTableWidgetItem(self.tr("No attribute was changed on either side")))
            self._fit_fields_height()
            return
        self.fields_table.clearSpans()
        for i, row in enumerate(rows):
            cells = [field_alias(row.name) or row.name, row.base, row.theirs, row.mine, row.merged]
            for j, value in enumerate(cells):
                item = QTableWidgetItem("" if value is None else str(value))
                side = ("theirs", "mine", "merged")[j - 2] if j >= 2 else None
                if row.clash:
                    item.setBackground(QColor(CLASH_BACKGROUND))
                elif side is not None and (row.changed_by in (side, "same") or (side == "merged" and j == 4)):
                    item.setBackground(QColor(CHANGED_BACKGROUND[side]))
                self.fields_table.setItem(i, j, item)
            if row.clash:
                self.fields_table.item(i, 0).setToolTip(self.tr("changed on both sides to different values"))
        self.fields_table.resizeColumnsToContents()
        self._fit_fields_height()

    def _fit_fields_height(self) -> None:
        table = self.fields_table
        rows = sum(table.rowHeight(r) for r in range(min(table.rowCount(), 5)))
        table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth() + 2)

    # ---------------------------------------------------------------- choosing

    def choose(self, choice: str) -> None:
        """The choice for the selected feature; the next feature is shown, or after the last the
        dialog closes and the save goes on."""
        row = self.current_row()
        box = self.choices[row]
        index = box.findData(choice)
        if index < 0:
            return
        box.setCurrentIndex(index)
        if row + 1 < len(self.conflicts):
            self.table.selectRow(row + 1)
        else:
            self.accept()

    def describe(self, base, state) -> str:
        if state is None:
            return self.tr("deleted")
        if base is None:
            return self.tr("added")
        changed = [field_alias(k) or k for k, v in state.attributes.items() if base.attributes.get(k) != v]
        if base.geometry is not None and state.geometry is not None and not base.geometry.equals(state.geometry):
            changed.insert(0, self.tr("geometry"))
        text = "、".join(f"{name}" for name in changed) or self.tr("unchanged")
        if base.geometry is not None and state.geometry is not None and not base.geometry.equals(state.geometry):
            text += " " + self.tr("(%1 mu)").replace("%1", f"{(state.geometry.area - base.geometry.area) / (10000 / 15):+.4f}")
        return text

    def merge_text(self, proposal) -> str:
        """What the merge gives: its area change in 亩 and the 三区三线 check of the merged feature."""
        lines = [self.tr("Merged: %1 mu against the version both started from")
                 .replace("%1", f"{proposal.area_change_mu.get('merged', 0.0):+.4f}")]
        for rule, severity, area in proposal.findings:
            lines.append(self.tr("check: %1 (%2) %3 m²").replace("%1", rule).replace("%2", severity)
                         .replace("%3", f"{area:,.2f}"))
        if not proposal.findings:
            lines.append(self.tr("check: no conflict with the control lines"))
        return "\n".join(lines)

    def decisions(self) -> dict[int, str]:
        return {c.fid: box.currentData() for c, box in zip(self.conflicts, self.choices, strict=True)}
