"""The desktop's editing: the 编辑 toolbar and menu, the host services of the map's editing tools
(:mod:`parkgis.mapview.edit_tools`), the undo history and live feedback panels.

:class:`EditController` is the canvas's ``editor``: it gives the tools the edit session of the
layers panel's current layer, snapping (a lazily built :class:`~parkgis.core.editing.snapping.SnapIndex`
of the visible layers, prepared tile by tile from a timer so that it never blocks), the live
compliance check and the selection. Everything it does is one call of the session; the panels
follow the project's undo stack and the tools' live results.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.editing.live import conflict_changes
from ..core.errors import ParkgisError
from ..mapview.edit_tools import EDIT_TOOLS, NO_SESSION, LiveFeedback
from .i18n import core_error, core_text
from .icons import icon

if TYPE_CHECKING:
    from .main_window import MainWindow

#: snapping tolerance in screen pixels (converted to map units with the view's resolution)
SNAP_TOLERANCE_PX = 10.0
#: time the snapping index may take per timer tick while it is built (the GUI stays responsive)
SNAP_BUDGET_MS = 20.0


class EditController(QObject):
    """The window's editing actions and the services its editing tools ask the canvas for."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.snapping = True
        self.topological = False
        self.avoid_overlap = False
        self._snap_index = None
        self._snap_key = None
        self._live: LiveFeedback | None = None
        self._live_shown = False          # the live panel is shown once; closed by the user, it stays closed
        self._clipboard: tuple[object, list[int]] | None = None
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setInterval(0)
        self._prepare_timer.timeout.connect(self._prepare_step)
        window.canvas.editor = self
        window.canvas.viewChanged.connect(lambda _v: self._start_prepare())

    # ------------------------------------------------------------------ actions
    def build_actions(self) -> None:
        w = self.w
        tr = w.tr

        def action(icon_name, text, slot, shortcut=None, tip=None, checkable=False):
            act = QAction(icon(icon_name), text, w)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
            if tip:
                act.setToolTip(tip)
                act.setStatusTip(tip)
            act.setCheckable(checkable)
            act.triggered.connect(slot)
            return act

        self.act_start = action("edit", tr("Start &Editing"), self.start_editing, None,
                                tr("Open an edit session on the current layer of the layers panel"))
        self.act_save = action("save_edits", tr("Save &Edits"), self.save_edits, "Ctrl+Shift+S",
                               tr("Check and write the current layer's edits to the project file"))
        self.act_discard = action("discard_edits", tr("&Discard Edits"), self.discard_edits, None,
                                  tr("Throw away the current layer's unsaved edits"))
        tools = (
            ("draw_polygon", tr("&Draw Polygon"), "Ctrl+Shift+D",
             tr("Click the corners of a new feature of the current layer; double-click or Enter closes, "
                "Backspace removes the last point, Esc cancels (Ctrl at the first point: a hole, Shift: a part)")),
            ("vertex", tr("&Vertex Tool"), "Ctrl+Shift+E",
             tr("Drag a vertex to move it, drag a box to select several; double-click a segment adds a vertex, "
                "Delete removes the selected ones")),
            ("move_feature", tr("&Move Features"), None, tr("Drag a feature (or the selected ones) to move it")),
            ("rotate_feature", tr("&Rotate Features"), None, tr("Drag around a feature to turn it about its centre")),
            ("split", tr("&Split Features"), None,
             tr("Draw a line across features of the current layer; double-click or Enter splits them")),
            ("reshape", tr("Res&hape Feature"), None,
             tr("Draw a line from the boundary out (or in) and back: the boundary follows the line")),
            ("fill_gap", tr("&Fill Gap"), None, tr("Click into the hole between parcels to make a parcel of it")),
            ("add_ring", tr("Add &Ring"), None, tr("Draw a hole into a feature")),
            ("add_part", tr("Add &Part"), None, tr("Draw a further part of the selected feature")),
            ("delete_ring", tr("Delete R&ing"), None, tr("Click inside a hole to remove it")),
            ("delete_part", tr("Delete Pa&rt"), None, tr("Click a part of a multi-part feature to remove it")),
        )
        w.edit_tool_actions = {}
        for name, text, shortcut, tip in tools:
            act = action(name, text, lambda _c=False, n=name: w.set_tool(n), shortcut, tip, checkable=True)
            w.tool_group.addAction(act)
            w.edit_tool_actions[name] = act
        self.act_merge = action("merge", tr("Mer&ge Selected Features…"), self.merge_selected, None,
                                tr("Union the selected features of the current layer into one"))
        self.act_delete = action("delete", tr("Delete Selected Features"), self.delete_selected, "Ctrl+Del",
                                 tr("Delete the selected features of the current layer"))
        self.act_copy = action("copy", tr("&Copy Features"), self.copy_selected, "Ctrl+C",
                               tr("Copy the selected features of the current layer"))
        self.act_paste = action("paste", tr("&Paste Features"), self.paste, "Ctrl+V",
                                tr("Paste the copied features into the current layer (reprojected to its CRS)"))
        self.act_snap = action("snap", tr("S&napping"), self.set_snapping, "S",
                               tr("Snap to vertices, segments and intersections of the visible layers (S)"),
                               checkable=True)
        self.act_snap.setChecked(self.snapping)
        self.act_topo = action("topology", tr("&Topological Editing"), self.set_topological, None,
                               tr("Vertices shared with neighbours move, appear and go with them"), checkable=True)
        self.act_avoid = action("avoid_overlap", tr("&Avoid Overlap"), self.set_avoid_overlap, None,
                                tr("New and reshaped features are clipped against the other features of the layer"),
                                checkable=True)
        self.act_precise = action("precise", tr("&Coordinate Input…"), self.precise_input, "Ctrl+Shift+K",
                                  tr("Type surveyed coordinates, paste a 界址点 list or load a coordinate TXT parcel"))
        self.act_validate = action("validate", tr("&Validate Edits…"), self.validate_edits, None,
                                   tr("List the problems of the edited features before saving"))
        # single keys and copy/paste act on the map only: S typed into a table cell is an S
        for act in (self.act_snap, self.act_copy, self.act_paste, self.act_delete):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            w.canvas.addAction(act)

    def build_menu(self) -> None:
        """Into the 编辑 menu, after undo and redo (the menu planners look in for editing)."""
        w = self.w
        menu = w.menu_edit
        anchor = w.act_clear_selection
        before = [self.act_start, self.act_save, self.act_discard, self.act_validate, None,
                  *w.edit_tool_actions.values(), None, self.act_merge, self.act_delete, self.act_copy,
                  self.act_paste, self.act_precise, None, self.act_snap, self.act_topo, self.act_avoid, None]
        for act in before:
            if act is None:
                menu.insertSeparator(anchor)
            else:
                menu.insertAction(anchor, act)

    def build_toolbar(self) -> None:
        w = self.w
        bar = w.edit_toolbar = QToolBar(w.tr("Editing"), w)
        bar.setObjectName("editToolbar")
        bar.setIconSize(QSize(22, 22))
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        # icons only (names in the tooltips and the 编辑 menu): with texts the row overflows a laptop
        for act in (self.act_start, self.act_save, self.act_discard):
            bar.addAction(act)
        bar.addSeparator()
        for act in w.edit_tool_actions.values():
            bar.addAction(act)
        bar.addSeparator()
        for act in (self.act_merge, self.act_delete, self.act_copy, self.act_paste, self.act_precise):
            bar.addAction(act)
        bar.addSeparator()
        for act in (self.act_snap, self.act_topo, self.act_avoid, w.act_undo, w.act_redo):
            bar.addAction(act)
        w.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        # a second toolbar row costs the map 30 px of a laptop's 768: it comes when editing starts
        # (every action is in the 编辑 menu too) and can be shown from the panels menu
        bar.hide()
        w.menu_panels.addAction(bar.toggleViewAction())

    def build_docks(self) -> None:
        w = self.w
        w.undo_dock = QDockWidget(w.tr("Undo History"), w)
        w.undo_dock.setObjectName("undoDock")
        w.undo_panel = UndoHistoryPanel(w.undo_dock)
        w.undo_dock.setWidget(w.undo_panel)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.undo_dock)
        w.live_dock = QDockWidget(w.tr("Live Compliance"), w)
        w.live_dock.setObjectName("liveDock")
        w.live_panel = LiveFeedbackPanel(w.live_dock)
        w.live_dock.setWidget(w.live_panel)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.live_dock)
        w.tabifyDockWidget(w.undo_dock, w.live_dock)
        w.undo_dock.hide()
        w.live_dock.hide()
        for dock, text in ((w.undo_dock, w.tr("Undo History")), (w.live_dock, w.tr("Live Compliance"))):
            toggle = dock.toggleViewAction()
            toggle.setText(text)
            w.menu_panels.addAction(toggle)

    # ------------------------------------------------------------------ the current layer's session
    def current_layer(self):
        w = self.w
        return w.layer_model.layer_at(w.layer_view.currentIndex()) if w.project is not None else None

    def session(self):
        """The edit session of the layers panel's current layer (opened on first use), or None after
        saying in the status bar why not (no layer chosen, a locked layer)."""
        layer = self.current_layer()
        if layer is None:
            self.status(core_text(NO_SESSION))
            return None
        try:
            session = self.w.project.edit(layer)
        except ParkgisError as exc:
            self.status(core_error(exc))
            return None
        self.w.edit_toolbar.show()
        return session

    def status(self, message: str) -> None:
        self.w.statusBar().showMessage(message, 15000)

    def selected_fids(self) -> list[int]:
        layer = self.current_layer()
        return [] if layer is None else [int(f) for f in self.w.selection.selected_fids(layer)]

    def start_editing(self) -> None:
        session = self.session()
        if session is not None:
            self.status(self.tr("Editing layer %1").replace("%1", session.layer.name))
        self.update_actions()

    def save_edits(self) -> bool:
        """Validate and commit the current layer's edits; findings open the validation list."""
        layer = self.current_layer()
        session = self.w.project.session_for(layer) if layer is not None else None
        if session is None or not session.has_changes:
            self.status(self.tr("No edits to save"))
            return True
        from ..core.editing.validation import validate
        findings = validate(session)
        if findings:
            from .edit_input import ValidationListDialog
            dialog = ValidationListDialog(self.w, session, findings)
            self.w.validation_list = dialog
            if self.w.interactive:
                dialog.show()
            return False
        return self.commit(session)

    def commit(self, session, *, accept_findings: bool = False) -> bool:
        try:
            result = session.commit(accept_findings=accept_findings)
        except ParkgisError as exc:
            self.w._error(self.tr("Saving the edits failed"), core_error(exc))
            return False
        self.status(self.tr("%1 feature(s) saved in %2").replace("%1", str(len(result.committed))).replace(
            "%2", session.layer.name))
        self.update_actions()
        return True

    def discard_edits(self) -> None:
        layer = self.current_layer()
        session = self.w.project.session_for(layer) if layer is not None else None
        if session is None:
            return
        session.rollback()
        self.status(self.tr("The edits of %1 were discarded").replace("%1", layer.name))
        self.update_actions()

    def merge_selected(self) -> None:
        session, fids = self._selected_in_session()
        if session is None:
            return
        if len(fids) < 2:
            self.status(self.tr("Select at least two features of the current layer to merge"))
            return
        keep = fids[0]
        if self.w.interactive:
            from PySide6.QtWidgets import QInputDialog
            labels = [self._feature_label(session, f) for f in fids]
            chosen, ok = QInputDialog.getItem(self.w, self.tr("Merge Features"),
                                              self.tr("Keep the attributes of:"), labels, 0, False)
            if not ok:
                return
            keep = fids[labels.index(chosen)]
        self.merge(session, fids, keep)

    def merge(self, session, fids, keep) -> int | None:
        try:
            kept = session.merge(fids, keep=keep)
        except ParkgisError as exc:
            self.status(core_error(exc))
            return None
        self.w.selection.clear(session.layer)
        return kept

    def delete_selected(self) -> None:
        session, fids = self._selected_in_session()
        if session is None or not fids:
            return
        try:
            session.delete_features(fids)
        except ParkgisError as exc:
            self.status(core_error(exc))
            return
        self.w.selection.clear(session.layer)

    def copy_selected(self) -> None:
        layer = self.current_layer()
        fids = self.selected_fids()
        if layer is None or not fids:
            self.status(self.tr("Select the features to copy"))
            return
        # the features as they are now (an edit session's uncommitted state included)
        session = self.w.project.session_for(layer)
        states = [(session or layer).feature(f) for f in fids]
        self._clipboard = (layer, [(s.geometry, dict(s.attributes)) for s in states if s is not None])
        self.status(self.tr("%1 feature(s) copied").replace("%1", str(len(self._clipboard[1]))))

    def paste(self) -> list[int]:
        if self._clipboard is None:
            self.status(self.tr("Nothing copied"))
            return []
        session = self.session()
        if session is None:
            return []
        source, features = self._clipboard
        try:
            fids = session.paste_features(features, crs=source.crs, avoid_overlap=self.avoid_overlap)
        except ParkgisError as exc:
            self.status(core_error(exc))
            return []
        self.status(self.tr("%1 feature(s) pasted into %2").replace("%1", str(len(fids))).replace(
            "%2", session.layer.name))
        return fids

    def _selected_in_session(self):
        fids = self.selected_fids()
        if not fids:
            self.status(self.tr("Select features of the current layer first"))
            return None, []
        return self.session(), fids

    @staticmethod
    def _feature_label(session, fid: int) -> str:
        state = session.feature(fid)
        attrs = state.attributes if state is not None else {}
        name = next((str(attrs[k]) for k in ("DKBH", "DKMC", "BSM", "name") if attrs.get(k) not in (None, "")), "")
        return f"#{fid} {name}".strip()

    # ------------------------------------------------------------------ toggles
    def set_snapping(self, on: bool) -> None:
        self.snapping = bool(on)
        self.act_snap.setChecked(self.snapping)
        self.status(self.tr("Snapping on") if self.snapping else self.tr("Snapping off"))
        if self.snapping:
            self._start_prepare()

    def set_topological(self, on: bool) -> None:
        self.topological = bool(on)
        self.act_topo.setChecked(self.topological)

    def set_avoid_overlap(self, on: bool) -> None:
        self.avoid_overlap = bool(on)
        self.act_avoid.setChecked(self.avoid_overlap)

    def update_actions(self) -> None:
        has = self.w.project is not None
        layer = self.current_layer()
        session = self.w.project.session_for(layer) if has and layer is not None else None
        self.act_save.setEnabled(session is not None and session.has_changes)
        self.act_discard.setEnabled(session is not None and session.has_changes)
        self.act_start.setEnabled(layer is not None)

    # ------------------------------------------------------------------ snapping
    def _snap_layers(self):
        return [lyr for lyr in self.w.canvas.layers() if lyr.visible and len(lyr.gdf)]

    def snap_index(self):
        """The snapping index of the visible layers in the map's CRS (made on first use, kept while
        the layers and the CRS stay)."""
        project = self.w.project
        layers = self._snap_layers() if project is not None else []
        if not layers:
            return None
        crs = self.w.canvas.crs
        key = (id(project), tuple(lyr.id for lyr in layers), crs.to_wkt() if crs is not None else None)
        if key != self._snap_key:
            if self._snap_index is not None:
                self._snap_index.close()
            from ..core.editing.snapping import SnapIndex
            self._snap_index, self._snap_key = SnapIndex(project, layers, crs=crs), key
        return self._snap_index

    def snap(self, x: float, y: float, exclude=None):
        """(x, y, text) of what the map point snaps to within the pixel tolerance, or None."""
        view = self.w.canvas.view
        if not self.snapping or view is None:
            return None
        index = self.snap_index()
        if index is None:
            return None
        from ..core.editing.snapping import SnapMatch  # noqa: F401 — what snap() returns
        match = index.snap((x, y), SNAP_TOLERANCE_PX * view.mpp, exclude=exclude, budget_ms=5.0)
        if match is None:
            return None
        from .i18n import current_language
        return match.point[0], match.point[1], match.description(current_language())

    def _start_prepare(self) -> None:
        """Build the snapping tiles of the view in the background of the event loop (a tick of at most
        :data:`SNAP_BUDGET_MS`), once an editing tool is active."""
        if self.snapping and self.w.canvas.tool.__class__ in EDIT_TOOLS.values():
            self._prepare_timer.start()

    def _prepare_step(self) -> None:
        view = self.w.canvas.view
        index = self.snap_index() if view is not None else None
        if index is None or index.prepare(view.extent(), SNAP_BUDGET_MS):
            self._prepare_timer.stop()

    def tool_started(self) -> None:
        """An editing tool was chosen: open the session now (a locked layer says so at once), start
        preparing snapping and the live check."""
        session = self.session()
        self._start_prepare()
        if session is not None and self._live_for(session) is not None and not self._live_shown:
            # shown now, not at the first mouse move: a dock appearing mid-drag resizes the map (a render)
            self._live_shown = True
            self.w.live_dock.show()
            self.w.live_dock.raise_()

    # ------------------------------------------------------------------ live compliance
    def _live_for(self, session) -> LiveFeedback | None:
        if self._live is None or self._live.layer is not session.layer or self._live.checker.closed:
            try:
                self._live = LiveFeedback(self.w.project, session.layer)
            except ParkgisError:
                self._live = None
                return None
            self._live.listeners.append(self.w.live_panel.show_result)
            self._live.checker.prepare(background=True)
        return self._live

    def live_update(self, geometry, fid):
        session = self.w.project.session_for(self.current_layer()) if self.current_layer() is not None else None
        live = self._live_for(session) if session is not None else None
        if live is None:
            return None
        return live.update(geometry, fid)

    def live_end(self) -> None:
        if self._live is not None:
            self._live.end()

    # ------------------------------------------------------------------ dialogs (item 4)
    def precise_input(self) -> None:
        from .edit_input import PreciseInputDialog
        session = self.session()
        if session is None:
            return
        dialog = PreciseInputDialog(self.w, session)
        self.w.precise_dialog = dialog
        if self.w.interactive:
            dialog.show()

    def validate_edits(self) -> None:
        from ..core.editing.validation import validate
        from .edit_input import ValidationListDialog
        layer = self.current_layer()
        session = self.w.project.session_for(layer) if layer is not None else None
        if session is None:
            self.status(self.tr("No edits to save"))
            return
        dialog = ValidationListDialog(self.w, session, validate(session))
        self.w.validation_list = dialog
        if self.w.interactive:
            dialog.show()

    def close(self) -> None:
        self._prepare_timer.stop()
        if self._snap_index is not None:
            self._snap_index.close()
        self._snap_index, self._snap_key, self._live = None, None, None


class UndoHistoryPanel(QListWidget):
    """The project's undo stack, oldest step first (撤销历史): the current state is highlighted, undone
    steps greyed; a click goes to that state (undoing or redoing the steps between)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoHistory")
        self.stack = None
        self.itemClicked.connect(self._go)

    def set_stack(self, stack) -> None:
        if self.stack is not None and self.refresh in self.stack.listeners:
            self.stack.listeners.remove(self.refresh)
        self.stack = stack
        if stack is not None:
            stack.listeners.append(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        if self.stack is None:
            return
        done = self.stack.index
        first = QListWidgetItem(self.tr("<original state>"))
        self.addItem(first)
        for k, text in enumerate(self.stack.texts(), start=1):
            item = QListWidgetItem(text)
            if k > done:
                item.setForeground(QColor(150, 150, 150))
            self.addItem(item)
        current = self.item(done)
        font = current.font()
        font.setBold(True)
        current.setFont(font)
        self.setCurrentRow(done)

    def _go(self, item: QListWidgetItem) -> None:
        # after the click's signal: going there rebuilds this list, the item included
        if self.stack is not None:
            row, stack = self.row(item), self.stack
            QTimer.singleShot(0, lambda: stack.go_to(row) if stack is self.stack else None)


class LiveFeedbackPanel(QWidget):
    """While a shape is drawn or dragged (实时合规反馈): its area planar and on the ellipsoid in m², 亩 and
    公顷, its conclusion and its conflict areas, as the conflict check would report them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("livePanel")
        layout = QVBoxLayout(self)
        self.status_label = QLabel(self.tr("Drag a vertex or draw a polygon to see its compliance"))
        self.status_label.setWordWrap(True)
        font = self.status_label.font()
        font.setBold(True)
        self.status_label.setFont(font)
        layout.addWidget(self.status_label)
        form = QFormLayout()
        self.planar_label = QLabel("—")
        self.ellipsoidal_label = QLabel("—")
        form.addRow(self.tr("Area (planar):"), self.planar_label)
        form.addRow(self.tr("Area (ellipsoidal):"), self.ellipsoidal_label)
        self.change_label = QLabel("—")
        self.change_label.setToolTip(self.tr("Against the feature as it was before this drag"))
        form.addRow(self.tr("Area change:"), self.change_label)
        layout.addLayout(form)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Rule"), self.tr("Severity"), self.tr("Area (m²)"),
                                              self.tr("Share"), self.tr("Change (m²)")])
        self.table.horizontalHeaderItem(4).setToolTip(
            self.tr("Against the feature as it was before this drag"))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.result = None

    @staticmethod
    def area_text(m2: float) -> str:
        return f"{m2:,.2f} m² | {m2 * 15 / 10_000:,.4f} 亩 | {m2 / 10_000:,.4f} 公顷"

    def show_result(self, result) -> None:
        """A :class:`~parkgis.core.editing.live.LiveResult` (None: the gesture ended; the last figures stay)."""
        if result is None:
            return
        from ..core.analysis import status_label
        from .i18n import current_language
        self.result = result
        doc = result.json
        self.status_label.setText(status_label(doc["status"], current_language()))
        colour = {"prohibited": "#c62828", "constrained": "#ef6c00"}.get(doc["status"], "#2e7d32")
        self.status_label.setStyleSheet(f"color: {colour}")
        before = result.baseline
        change = None if before is None else doc["area_m2"] - before["area_m2"]
        self.change_label.setText("—" if change is None else
                                  f"{self.change_text(change)} m² | {self.change_text(change * 15 / 10_000, 4)} 亩")
        if before is not None:
            if before["status"] != doc["status"]:
                self.status_label.setText(self.status_label.text() + "  ← " + self.tr("before: {}").format(
                    status_label(before["status"], current_language())))
        self.planar_label.setText(self.area_text(doc["area_m2"]))
        self.ellipsoidal_label.setText(self.area_text(doc["ellipsoidal_area_m2"]))
        rows = conflict_changes(doc, before)
        self.table.setRowCount(len(rows))
        from ..core.analysis import severity_label
        for row, (c, delta) in enumerate(rows):
            cells = (_rule_names().get(c["rule"], c["rule"]), severity_label(c["severity"], current_language()),
                     f"{c['area_m2']:,.2f}", f"{c.get('share', 0.0) * 100:.1f}%",
                     "—" if delta is None else self.change_text(delta))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0 and c["severity"] == "prohibited":
                    item.setForeground(QColor(198, 40, 40))
                if col == 4 and delta:
                    item.setForeground(QColor(198, 40, 40) if delta > 0 else QColor(46, 125, 50))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    @staticmethod
    def change_text(value: float, digits: int = 2) -> str:
        return f"{value:+,.{digits}f}" if abs(value) >= 0.5 * 10 ** -digits else f"{0:.{digits}f}"


@cache
def _rule_names() -> dict[str, str]:
    """The rules' names as the conflict check's report says them (生态保护红线, 永久基本农田 …)."""
    from ..core.analysis.rules import default_ruleset
    return {r.name: r.label for r in default_ruleset().rules}


__all__ = ["EditController", "LiveFeedbackPanel", "UndoHistoryPanel"]
