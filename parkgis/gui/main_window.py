"""The main window: it assembles the map canvas, the panels and the actions, and wires them.

The docks are built in :mod:`.docks`, the action table, menus and toolbars in :mod:`.actions`, the
start page in :mod:`.welcome`; the map tools are :mod:`parkgis.mapview.tools`. The window keeps the
project's life cycle and the glue between panels: it opens projects through :mod:`.document`, shows
their layers through :class:`.layer_model.LayerTreeModel` and draws them with
:class:`.canvas.MapCanvas`. Every user string goes through ``self.tr()`` (English source, Chinese in
``resources/translations``; the builders call the window's ``tr()`` so the context stays ``MainWindow``).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTreeWidgetItem,
    QWidget,
)

from .. import __version__
from ..core.commands import CommandStack
from ..core.crs import gk_zone_of_epsg
from ..core.errors import ParkgisError
from ..core.fields import field_alias
from ..core.fsutil import guard_outputs
from ..core.layers import VectorLayer
from ..core.store.base import ConflictError
from ..core.store.postgis import is_team_location, mask_url
from ..core.styles import ZONE_FIELDS
from ..mapview.edit_tools import EDIT_TOOLS
from ..mapview.tools import IdentifyTool, MeasureTool, PanTool, SelectTool, ZoomBoxTool
from . import actions, connection_dialog, docks, precheck_dialog, validation_dialog, webmap_dialog
from .busy import busy
from .canvas import MapCanvas, MapView
from .check_panel import highlight_bounds, highlight_layers, status_layer
from .document import (
    ProjectSignals,
    add_layer_file,
    can_save,
    create_project,
    is_project_path,
    open_project,
    project_title,
    readable_extensions,
    suggested_project_path,
    unsaved_project,
)
from .edit_dialogs import ConflictDialog, RecoveryDialog
from .editing import EditController
from .i18n import core_text
from .icons import app_icon, icon
from .layer_model import LayerTreeModel
from .register_ui import RegisterController
from .selection import REPLACE, FeatureSelection, selection_overlay
from .styles import MAX_CATEGORIES, categorized_style
from .welcome import WelcomePanel

MAX_RECENT = 10
#: fields holding 用地用海 / land-use codes, in order of preference
LAND_USE_FIELDS = ("YDYH", "YDYHDM", "YDDM", "DLBM")
PROJECT_FILTER_EXT = "*.gpkg"


class MainWindow(QMainWindow):
    projectOpened = Signal(object)

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None, *,
                 interactive: bool = True) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        #: False in tests and headless runs: errors go to the status bar and ``last_error``, no modal dialog
        self.interactive = interactive
        self.last_error: tuple[str, str] | None = None
        self._to_lonlat = None
        self.project = None
        self.setObjectName("parkgisMainWindow")
        self.setWindowIcon(app_icon())
        self.resize(1400, 880)

        self.canvas = MapCanvas(self)
        self.canvas.setMinimumSize(320, 220)   # docks may not squeeze the map away
        self.welcome = WelcomePanel(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.canvas)
        self.setCentralWidget(self.stack)

        self.layer_model = LayerTreeModel(self)
        self.selection = FeatureSelection(self)
        self.signals = ProjectSignals(self)
        self._no_project_stack = CommandStack()
        docks.build_docks(self)           # layers, conflict check, attribute table, identify, history
        actions.build_actions(self)       # the action table: file, view, analysis, map tools
        self.editor = EditController(self)   # 编辑: sessions, the editing tools, snapping, live check
        self.editor.build_actions()
        actions.build_menus(self)
        self.register_ui = RegisterController(self)   # 标准地台账 dock, idle alerts, 园区看板
        self.editor.build_menu()
        self.editor.build_docks()         # 撤销历史, 实时合规
        webmap_dialog.install(self)       # 文件 → 导出网页地图 / 预览网页地图
        connection_dialog.install(self)   # 文件 → 连接团队数据库… (saved connection profiles)
        validation_dialog.install(self)   # 工具 → 坐标文件检查
        actions.build_toolbar(self)
        precheck_dialog.install(self)     # 分析 → 拍前体检 (also on the toolbar)
        self.editor.build_toolbar()
        self._build_status_bar()
        self._connect()
        self._update_recent()
        self._update_title()
        self._update_actions()

    # --- construction -------------------------------------------------------------------------
    def _show_history(self) -> None:
        """The history of the one selected feature (none when nothing or several are selected)."""
        if self.history_dock.isHidden():   # closed by the user (not merely off screen)
            return
        chosen = [(lyr, fids) for lyr in self.selection.layers() if len(fids := self.selection.selected_fids(lyr))]
        if len(chosen) == 1 and len(chosen[0][1]) == 1:
            self.history_panel.show_feature(self.project, chosen[0][0], int(chosen[0][1][0]))
        else:
            self.history_panel.show_feature(self.project, None, None)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.coord_label = QLabel(self)
        self.coord_label.setObjectName("coordLabel")
        self.coord_label.setMinimumWidth(360)
        self.scale_label = QLabel(self)
        self.scale_label.setObjectName("scaleLabel")
        self.scale_label.setMinimumWidth(130)
        self.crs_label = QLabel(self)
        self.crs_label.setObjectName("crsLabel")
        for w in (self.coord_label, self.scale_label, self.crs_label):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            bar.addPermanentWidget(w)
        bar.showMessage(self.tr("Ready"))

    def _connect(self) -> None:
        self.welcome.newRequested.connect(self.new_project)
        self.welcome.openRequested.connect(self.open_project_dialog)
        self.welcome.recentRequested.connect(self.open_project_path)
        self.welcome.addLayerRequested.connect(self.add_layer_dialog)
        self.layer_model.visibilityChanged.connect(lambda _layer: self.canvas.refresh())
        self.layer_view.doubleClicked.connect(lambda _idx: self.zoom_to_selected_layer())
        self.layer_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.layer_view.customContextMenuRequested.connect(self._layer_menu_at)
        self.layer_view.selectionModel().currentChanged.connect(lambda cur, _prev: self._show_layer_info(cur))
        self.layer_view.selectionModel().currentChanged.connect(lambda _cur, _prev: self.editor.update_actions())
        self.layer_model.modelReset.connect(lambda: self._show_layer_info(self.layer_view.currentIndex()))
        self.layer_model.modelReset.connect(self.layer_view.expandAll)
        self.layer_model.modelReset.connect(self.layer_view.fit_columns)
        self.layer_model.rowsInserted.connect(lambda parent, _first, _last: self.layer_view.expand(parent))
        self.canvas.cursorMoved.connect(self._show_cursor)
        self.canvas.cursorLeft.connect(lambda: self.coord_label.setText(""))
        self.canvas.viewChanged.connect(self._show_scale)
        self.check_panel.itemActivated.connect(self.show_check_item)
        self.check_panel.statusMapToggled.connect(self.show_check_status)
        self.canvas.identifyRequested.connect(self.identify_at)
        self.canvas.selectAtRequested.connect(self.select_at)
        self.canvas.selectInRequested.connect(self.select_in)
        self.canvas.toolChanged.connect(self._on_tool_changed)
        self.selection.changed.connect(self._on_selection_changed)
        self.table_panel.zoomToSelectedRequested.connect(self.zoom_to_selection)
        self.table_panel.model.editFailed.connect(lambda msg: self.statusBar().showMessage(msg, 10000))
        self.signals.dirtyChanged.connect(lambda _dirty: self._update_title())
        self.signals.featuresChanged.connect(self._on_features_changed)
        self.signals.sessionChanged.connect(self._draw_session)   # committed or rolled back: nothing pending
        self.signals.layersChanged.connect(self._on_project_layers)
        self.canvas.renderFailed.connect(lambda msg: self.statusBar().showMessage(
            self.tr("Drawing failed: %1").replace("%1", msg), 10000))

    # --- project life cycle ---------------------------------------------------------------------
    def open_project_path(self, path: str | os.PathLike) -> bool:
        """Open ``path``; on failure show one clear message and keep the current project."""
        if not self.maybe_save():
            return False
        database = is_team_location(path)
        try:
            with busy(self.statusBar(), self.tr("Opening %1 …").replace("%1", mask_url(path) if database
                                                                          else Path(path).name)):
                project = open_project(path, password_prompt=self._ask_password if database else None)
        except ParkgisError as exc:
            self._error(self.tr("Cannot open project"), str(exc))
            return False
        except Exception as exc:  # unexpected: still no crash, and the message names the file
            self._error(self.tr("Cannot open project"), f"{path}: {type(exc).__name__}: {exc}")
            return False
        self.set_project(project)
        self._add_recent(project.location if database else str(Path(path).resolve()))   # never a password
        for warning in getattr(project, "warnings", []) or []:
            self.statusBar().showMessage(core_text(warning), 15000)
        return True

    def _ask_password(self, label: str) -> str | None:
        """The team database's password, asked when no PGPASSWORD, .pgpass or keyring has it (kept in
        memory only, never written to a project, the settings or a log)."""
        if not self.interactive:
            return None
        text, ok = QInputDialog.getText(self, self.tr("Team database password"),
                                        self.tr("Password for %1").replace("%1", label), QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def open_path(self, path: str | os.PathLike) -> bool:
        """``parkgis PATH`` and the Open dialog: a project (any GeoPackage) opens as itself; any other data
        file (Shapefile, GeoJSON, KML, DXF, coordinate TXT …) opens as a new, unsaved project holding its
        layers, as QGIS opens a data file. Saving it asks for a .gpkg name."""
        if is_project_path(path):
            return self.open_project_path(path)
        if not self.maybe_save():
            return False
        project = unsaved_project()
        project.settings["name"] = Path(path).stem
        return self._read_into(project, path, self.tr("Cannot open"))

    @property
    def undo_stack(self) -> CommandStack:
        """The project's one undo stack (edits of every layer, in order)."""
        return self.project.undo_stack if self.project is not None else self._no_project_stack

    def set_project(self, project) -> None:
        old = self.project
        if old is not None:
            if self._on_stack_changed in old.undo_stack.listeners:
                old.undo_stack.listeners.remove(self._on_stack_changed)
            self.editor.close()
            old.close()
        self.project = project
        self.signals.attach(project)
        if project is not None:
            project.undo_stack.listeners.append(self._on_stack_changed)
        layers = list(project.layers) if project is not None else []
        self.layer_model.set_layers(layers)
        if project is None:
            self.stack.setCurrentWidget(self.welcome)
            self.canvas.set_layers([], None)
        else:
            self.stack.setCurrentWidget(self.canvas)
            self.canvas.set_layers(layers, getattr(project, "crs", None))
        self._show_crs()
        self._update_title()
        self._update_actions()
        self.check_panel.set_project(project)
        self._on_stack_changed()
        self.undo_panel.set_stack(project.undo_stack if project is not None else None)
        self.editor.update_actions()
        self.history_panel.show_feature(None, None, None)
        for layer in self.selection.layers():
            self.canvas.set_overlay(f"selection:{id(layer)}", None)
        self.selection.forget_missing(layers)
        self.table_panel.set_project(project)
        self.canvas.set_overlay("check_parcel", None)
        self.canvas.set_overlay("check_pieces", None)
        self.canvas.set_overlay("check_status", None)
        if project is not None:
            self.statusBar().showMessage(
                self.tr("Opened %1: %2 layers").replace("%1", project_title(project)).replace("%2", str(len(layers))),
                8000)
        self.projectOpened.emit(project)
        if project is not None:
            self.offer_recovery()
        self._watch_team_changes(project)

    def _watch_team_changes(self, project) -> None:
        if not hasattr(self, "team_watch"):
            from .team_watch import TeamWatch
            self.team_watch = TeamWatch(self)
            self.signals.sessionChanged.connect(self.team_watch.refresh_marks)
        self.team_watch.set_project(project)

    def check_changed_elsewhere(self) -> list:
        """Before the save: the features being edited that someone else committed since (the poll;
        the LISTEN notifications ask the same for the features they name, see gui/team_watch.py);
        said in the status bar and marked on the map. Returns [(layer name, conflict, user), …]."""
        if not hasattr(self, "team_watch"):
            return []
        return self.team_watch.check()

    def offer_recovery(self) -> None:
        """Edits of a session that crashed are waiting beside the project: recover or discard them."""
        try:
            pending = self.project.recoverable()
        except ParkgisError as exc:
            self._error(self.tr("Cannot read the crash journal"), str(exc))
            return
        if not pending:
            return
        if self.interactive:
            box = RecoveryDialog(pending, self)
            box.exec()
            choice = box.clickedButton()
            if choice is box.later_button:
                return
            if choice is box.discard_button:
                self.project.discard_recovery()
                return
        outcome = self.project.recover()
        applied = sum(len(f) for f in outcome["applied"].values())
        conflicts = [f"{name} #{', #'.join(map(str, fids))}" for name, fids in outcome["conflicts"].items()]
        message = self.tr("%1 edit(s) recovered: save the project to keep them").replace("%1", str(applied))
        if conflicts:
            message += " " + self.tr("Left out (changed by someone else since): %1").replace("%1", "; ".join(conflicts))
        self.statusBar().showMessage(message, 20000)
        self.table_panel.model.refresh()
        self._update_title()

    def open_project_dialog(self) -> None:
        start = str(Path(self._recent()[0]).parent) if self._recent() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open Project"), start,
            self.tr("parkgis project / GeoPackage (%1);;All files (*)").replace("%1", PROJECT_FILTER_EXT))
        if path:
            self.open_path(path)

    def new_project(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New Project"), str(Path.home() / self.tr("untitled.gpkg")),
            self.tr("parkgis project (%1)").replace("%1", PROJECT_FILTER_EXT))
        if not path:
            return
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        try:
            project = create_project(path)
        except ParkgisError as exc:
            self._error(self.tr("Cannot create project"), str(exc))
            return
        self.set_project(project)
        self._add_recent(str(Path(path).resolve()))

    def save_project(self) -> bool:
        if not can_save(self.project):
            return False
        database = getattr(self.project, "is_database", False)
        if self.project.path is None and not database:
            return self.save_project_as()
        where = self.project.location if database else self.project.path.name
        while True:
            try:
                with busy(self.statusBar(), self.tr("Saving %1 …").replace("%1", where)):
                    self.project.save()
                break
            except ConflictError as exc:
                if not self.resolve_conflicts(exc):
                    return False
            except ParkgisError as exc:
                self._error(self.tr("Cannot save project"), str(exc))
                return False
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", self.project.location), 5000)
        self._update_title()
        return True

    def save_project_as(self) -> bool:
        if not can_save(self.project):
            return False
        start = self.project.path or suggested_project_path(self.project) or Path.home() / self.tr("untitled.gpkg")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Project As"), str(start),
            self.tr("parkgis project (%1)").replace("%1", PROJECT_FILTER_EXT))
        if not path:
            return False
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        try:
            # saving over a project is what was asked (the dialog confirmed it); over a file one of
            # the layers came from is not: the CLI's guard, the project's own file left out
            sources = [f for f in self.project.files_read() if f != self.project.path]
            guard_outputs([path], sources, allow_project=True)
            was_database = self.project.is_database
            with busy(self.statusBar(), self.tr("Saving %1 …").replace("%1", Path(path).name)):
                self.project.save(path)   # a team-database project: written to the file, and is that file now
        except ParkgisError as exc:
            self._error(self.tr("Cannot save project"), str(exc))
            return False
        self._add_recent(str(Path(path).resolve()))
        self._update_title()
        if was_database:
            self._watch_team_changes(self.project)
            self.statusBar().showMessage(self.tr("Saved the team database project as %1 (layers, register, styles, "
                                                 "audit); you now work on this file").replace("%1", Path(path).name),
                                         15000)
        return True

    def resolve_conflicts(self, error: ConflictError) -> bool:
        """A save met features someone else changed: ask per feature (theirs, mine or merged), the
        versions drawn side by side. True to retry."""
        layer = next((lyr for lyr in self.project.layers if lyr.name == error.layer), None)
        session = self.project.session_for(layer) if layer is not None else None
        if session is None:
            self._error(self.tr("Cannot save project"), str(error))
            return False
        decisions = {c.fid: "theirs" for c in error.conflicts}
        proposals = {}
        for conflict in error.conflicts:   # attribute changes to other fields, boundary changes elsewhere
            try:
                proposals[conflict.fid] = session.propose_merge(conflict.fid)
            except ParkgisError:
                pass
        if self.interactive:
            comparisons = {}     # the versions side by side, each checked against 三区三线
            with busy(self.statusBar(), self.tr("Comparing the versions …")):
                for conflict in error.conflicts:
                    try:
                        comparisons[conflict.fid] = session.compare_conflict(conflict, proposals.get(conflict.fid))
                    except ParkgisError:
                        pass
            dialog = ConflictDialog(layer.name, error.conflicts, self, proposals=proposals, comparisons=comparisons,
                                    layers=self.canvas.layers(), crs=self.canvas.crs, edited_layer=layer)
            if dialog.exec() != ConflictDialog.DialogCode.Accepted:
                return False
            decisions = dialog.decisions()
        for fid, choice in decisions.items():
            if choice == "merge":
                session.accept_merge(fid, proposals[fid])
            else:
                session.resolve(fid, choice)
        self.table_panel.model.refresh()
        return True

    def is_modified(self) -> bool:
        """Unsaved changes: uncommitted edits, or project changes (layers added, removed, restyled …)."""
        return self.project is not None and self.project.dirty

    def maybe_save(self) -> bool:
        """Before the project is closed (quit, open, new): offer to save unsaved changes.
        True when the caller may go on (saved, discarded, or nothing to save); False on cancel."""
        if not self.is_modified() or not self.interactive:
            return True
        name = project_title(self.project) or self.tr("Untitled project")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsaved Changes"),
                          self.tr("The project %1 has unsaved changes. Save them?").replace("%1", name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("saveChangesBox")
        box.setInformativeText(self.tr("If you do not save, the changes are lost."))
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("&Save"))
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Do&n't Save"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_project()
        if answer == QMessageBox.StandardButton.Discard:
            self.project.discard_edits()   # the journals go too: nothing to "recover" next time
            return True
        return False

    def add_layer_dialog(self) -> None:
        patterns = " ".join(readable_extensions())
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add Layer"), str(Path.home()),
            self.tr("Vector data (%1);;All files (*)").replace("%1", patterns))
        for path in paths:
            from .add_layer_dialog import AddLayerDialog

            dialog = AddLayerDialog(path, self)
            if dialog.exec() == AddLayerDialog.DialogCode.Accepted and dialog.layers:
                self.add_layers(dialog.layers, path)
            elif dialog.error and not dialog.layers:
                self._error(self.tr("Cannot add layer"), dialog.error)

    def add_layers(self, layers, path: str | os.PathLike) -> list:
        """Add layers already read (by the add-layer dialog) to the project (a new unsaved one if none)."""
        project = self.project if self.project is not None else unsaved_project()
        try:
            added = [project.add_layer(layer) for layer in layers]
        except ParkgisError as exc:
            self._error(self.tr("Cannot add layer"), str(exc))
            return []
        self._after_add(project, added, path)
        return added

    def _after_add(self, project, added, path) -> None:
        if project is not self.project:
            self.set_project(project)
        else:
            self._layers_changed(zoom_full=len(project.layers) == len(added))
        notes = [w for layer in added for w in layer.warnings]
        self.statusBar().showMessage(
            self.tr("Added %1 layer(s) from %2").replace("%1", str(len(added))).replace("%2", Path(path).name)
            + ("  —  " + core_text("; ".join(notes)) if notes else ""), 15000)

    def _on_project_layers(self, action: str, _layer_id: str) -> None:
        """A layer added or removed by anyone (a dialog, a script): the views follow the project. The
        window's own actions refresh at once; this catches the rest without refreshing twice."""
        if action in ("added", "removed") and self.project is not None \
                and list(self.project.layers) != self.layer_model.layers():
            self._layers_changed()

    def _layers_changed(self, *, zoom_full: bool = False, current=None) -> None:
        """The project's layer list changed (added, removed, reordered, relocked): refresh every view."""
        project = self.project
        current = current or self.layer_model.layer_at(self.layer_view.currentIndex())
        self.layer_model.set_layers(project.layers)
        self.canvas.set_layers(project.layers, project.crs, zoom_full=zoom_full)
        self.table_panel.set_layers(project.layers)
        self.selection.forget_missing(project.layers)
        self.check_panel.mark_stale()
        if current is not None and current in project.layers:
            self.layer_view.setCurrentIndex(self.layer_model.index_of(current))
        self._show_crs()
        self._update_title()

    # --- layer tree context menu -----------------------------------------------------------------
    def layer_menu(self, layer) -> QMenu:
        """The layer tree's context menu for ``layer`` (QGIS order: zoom, table, order, properties, remove)."""
        menu = QMenu(self)
        menu.addAction(self.tr("Zoom to Layer"), lambda: self.zoom_to_layer(layer))
        menu.addAction(icon("table"), self.tr("Open Attribute Table"), lambda: self.show_attribute_table(layer))
        menu.addSeparator()
        order = self.project.layers
        i = order.index(layer)
        top, bottom = i == len(order) - 1, i == 0
        for text, target, enabled in ((self.tr("Move Up"), i + 1, not top), (self.tr("Move Down"), i - 1, not bottom),
                                      (self.tr("Move to Top"), len(order) - 1, not top),
                                      (self.tr("Move to Bottom"), 0, not bottom)):
            act = menu.addAction(text, lambda t=target: self.move_layer(layer, t))
            act.setEnabled(enabled)
        menu.addSeparator()
        lock = menu.addAction(icon("lock"), self.tr("Locked (read-only)"),
                              lambda: self.set_layer_locked(layer, not layer.locked))
        lock.setCheckable(True)
        lock.setChecked(bool(layer.locked))
        roles = menu.addMenu(self.tr("Set Role"))
        from ..core.roles import Role
        from .i18n import role_label

        for role in Role:
            act = roles.addAction(role_label(role), lambda r=role: self.set_layer_role(layer, r))
            act.setCheckable(True)
            act.setChecked(layer.role == role)
        self._style_menu(menu.addMenu(self.tr("Style")), layer)
        menu.addSeparator()
        menu.addAction(self.tr("Remove Layer…"), lambda: self.remove_layer(layer))
        return menu

    def _style_menu(self, menu: QMenu, layer) -> None:
        current = (layer.style or {}).get("categorized") or {}
        single = menu.addAction(self.tr("Single Colour"), lambda: self.set_layer_categories(layer, None))
        single.setCheckable(True)
        single.setChecked(not current)
        field = next((f for f in LAND_USE_FIELDS if f in layer.gdf.columns), None)
        landuse = menu.addAction(self.tr("By Land Use (用地用海)"),
                                 lambda: self.set_layer_categories(layer, field, "landuse"))
        landuse.setEnabled(field is not None)
        landuse.setCheckable(True)
        landuse.setChecked(current.get("scheme") == "landuse")
        zone_field = next((f for f in ZONE_FIELDS if f in layer.gdf.columns), None)
        zones = menu.addAction(self.tr("By Zone Type (三区)"),
                               lambda: self.set_layer_categories(layer, zone_field, "zones"))
        zones.setEnabled(zone_field is not None)
        zones.setCheckable(True)
        zones.setChecked(current.get("scheme") == "zones")
        by_field = menu.addMenu(self.tr("By Field"))
        geom = layer.gdf.geometry.name
        for col in layer.gdf.columns:
            if col == geom:
                continue
            n = int(layer.gdf[col].nunique(dropna=True))
            act = by_field.addAction(f"{col}  ({n})", lambda c=col: self.set_layer_categories(layer, c))
            act.setEnabled(0 < n <= MAX_CATEGORIES)
            act.setCheckable(True)
            act.setChecked(current.get("scheme") == "auto" and current.get("field") == col)

    def set_layer_categories(self, layer, field: str | None, scheme: str = "auto") -> bool:
        """Colour ``layer``'s features by ``field`` (None: one colour); saved in the project style."""
        style = dict(layer.style or {})
        if field is None:
            style.pop("categorized", None)
        else:
            try:
                style["categorized"] = categorized_style(layer.gdf, field, scheme)
            except ValueError as exc:
                self._error(self.tr("Cannot style the layer"), str(exc))
                return False
        self.project.set_style(layer.name, style)
        self.layer_model.refresh_layer(layer)
        self.canvas.refresh()
        self._update_title()
        return True

    def _layer_menu_at(self, pos) -> None:
        layer = self.layer_model.layer_at(self.layer_view.indexAt(pos))
        if layer is not None and self.project is not None:
            self.layer_menu(layer).exec(self.layer_view.viewport().mapToGlobal(pos))

    def zoom_to_layer(self, layer) -> None:
        if len(layer.gdf):
            self.canvas.zoom_to_bounds(tuple(layer.gdf.total_bounds), layer.crs, margin=0.04)

    def move_layer(self, layer, index: int) -> None:
        """Move ``layer`` to draw position ``index`` (0 = bottom)."""
        order = self.project.layers
        index = max(0, min(index, len(order) - 1))
        if order.index(layer) == index:
            return
        order.remove(layer)
        order.insert(index, layer)
        self.project.audit("reorder layers", layer=layer.name, detail={"position": index})
        self.project.dirty = True
        self._layers_changed(current=layer)

    def remove_layer(self, layer, *, confirm: bool = True) -> bool:
        if confirm and self.interactive:
            answer = QMessageBox.question(
                self, self.tr("Remove Layer"),
                self.tr("Remove layer %1 from the project? It leaves the project file at the next save.")
                .replace("%1", layer.name))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.canvas.set_overlay(f"selection:{id(layer)}", None)
        self.selection.clear(layer)
        self.project.remove_layer(layer.name)   # its edit session and their undo steps go with it
        self._layers_changed()
        return True

    def set_layer_locked(self, layer, locked: bool) -> None:
        self.project.set_locked(layer.name, locked)
        self._layers_changed(current=layer)

    def set_layer_role(self, layer, role) -> None:
        self.project.set_role(layer.name, role)
        self._layers_changed(current=layer)

    def add_layer_path(self, path: str | os.PathLike) -> bool:
        """Add every layer of ``path`` to the project (a new unsaved one if none is open)."""
        project = self.project if self.project is not None else unsaved_project()
        return self._read_into(project, path, self.tr("Cannot add layer"))

    def _read_into(self, project, path: str | os.PathLike, error_title: str) -> bool:
        """Read every layer of ``path`` into ``project`` and show it; on failure one message, no change."""
        try:
            with busy(self.statusBar(), self.tr("Reading %1 …").replace("%1", Path(path).name)):
                added = add_layer_file(project, path)
        except ParkgisError as exc:
            self._error(error_title, str(exc))
            return False
        except Exception as exc:  # unexpected: still no crash, and the message names the file
            self._error(error_title, f"{path}: {type(exc).__name__}: {exc}")
            return False
        self._after_add(project, added, path)
        return True

    def zoom_to_selected_layer(self) -> None:
        layer = self.layer_model.layer_at(self.layer_view.currentIndex())
        if layer is None or not len(layer.gdf):
            return
        b = layer.gdf.total_bounds
        crs = self.canvas.crs
        if layer.crs is not None and crs is not None and layer.crs != crs:
            from pyproj import Transformer

            b = Transformer.from_crs(layer.crs, crs, always_xy=True).transform_bounds(*b)
        self.canvas.set_view(MapView.fit(tuple(b), self.canvas.width(), self.canvas.height()))

    # --- map tools ----------------------------------------------------------------------------
    def set_tool(self, name: str) -> None:
        factories = {"pan": PanTool, "zoom_box": ZoomBoxTool, "identify": IdentifyTool, "select": SelectTool,
                     "measure_length": lambda host: MeasureTool(host, area=False),
                     "measure_area": lambda host: MeasureTool(host, area=True)}
        if name in EDIT_TOOLS:
            self.canvas.set_tool(EDIT_TOOLS[name](self.canvas))
            self.edit_tool_actions[name].setChecked(True)
            self.editor.tool_started()      # the session opens now: a locked layer says so at once
        else:
            self.canvas.set_tool(factories[name](self.canvas))
            self.tool_actions[name].setChecked(True)
        self.canvas.set_info_lines([])
        self.canvas.setFocus()

    def _layer_point(self, layer, x: float, y: float, tolerance: float) -> tuple[float, float, float]:
        """(x, y, tolerance) from canvas coordinates into ``layer``'s CRS."""
        crs = self.canvas.crs
        if layer.crs is None or crs is None or layer.crs == crs:
            return x, y, tolerance
        from pyproj import Transformer

        lx, ly = Transformer.from_crs(crs, layer.crs, always_xy=True).transform(x, y)
        if layer.crs.is_geographic:
            tolerance = tolerance / 111_320.0  # metres → degrees, enough for a pick radius
        return lx, ly, tolerance

    def _visible_layers_top_first(self) -> list:
        return [lyr for lyr in reversed(self.canvas.layers()) if lyr.visible and len(lyr.gdf)]

    def identify_at(self, x: float, y: float, tolerance: float) -> list[tuple[object, list[int]]]:
        """Fill the identify panel with every feature within ``tolerance`` of (x, y), top layer first."""
        from ..core.query import features_at

        found = []
        for layer in self._visible_layers_top_first():
            rows = features_at(layer.gdf, *self._layer_point(layer, x, y, tolerance))
            if len(rows):
                found.append((layer, [int(r) for r in rows]))
        self._show_identify(found)
        return found

    def _show_identify(self, found) -> None:
        tree = self.identify_tree
        tree.clear()
        for layer, rows in found:
            top = QTreeWidgetItem([layer.name, self.tr("%1 features").replace("%1", str(len(rows)))])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            tree.addTopLevelItem(top)
            geom_col = layer.gdf.geometry.name
            fields = [c for c in layer.gdf.columns if c != geom_col]
            for r in rows[:200]:
                rec = layer.gdf.iloc[r]
                label = next((str(rec[f]) for f in ("DKBH", "BSM", "YQMC", "HXMC", "name") if f in fields
                              and rec[f] is not None and str(rec[f]) not in ("", "nan")), f"#{r + 1}")
                item = QTreeWidgetItem([label, self.tr("row %1").replace("%1", str(r + 1))])
                top.addChild(item)
                for f in fields:
                    v = rec[f]
                    text = "" if v is None or (isinstance(v, float) and v != v) else str(v)
                    alias = field_alias(str(f))
                    child = QTreeWidgetItem([alias or str(f), text])
                    child.setToolTip(0, f"{alias}（{f}）" if alias else str(f))
                    child.setData(0, Qt.ItemDataRole.UserRole, str(f))   # the field code
                    item.addChild(child)
                geom = rec[geom_col]
                if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon") and layer.crs is not None:
                    from ..core.area import area_figures

                    planar, ell = area_figures(geom, layer.crs)
                    item.addChild(QTreeWidgetItem([self.tr("(planar area)"), self._area_text(planar)]))
                    item.addChild(QTreeWidgetItem([self.tr("(ellipsoidal area)"), self._area_text(ell)]))
                    if not geom.is_empty and planar.m2 == 0:   # say why a parcel shows 0 m²
                        item.addChild(QTreeWidgetItem([self.tr("(geometry)"), self.tr(
                            "no area: all its points lie on one spot or one line")]))
            top.setExpanded(True)
            if top.childCount():
                top.child(0).setExpanded(True)
        if not found:
            tree.addTopLevelItem(QTreeWidgetItem([self.tr("No feature here"), ""]))
        self.identify_dock.show()
        self.identify_dock.raise_()

    def _target_layers(self) -> list:
        """Selection tools act on the layer chosen in the tree, else on every visible layer."""
        current = self.layer_model.layer_at(self.layer_view.currentIndex())
        if current is not None and current.visible:
            return [current]
        return self._visible_layers_top_first()

    def select_at(self, x: float, y: float, tolerance: float, mode: str = REPLACE) -> None:
        from ..core.query import features_at

        targets = self._target_layers()
        for layer in targets:
            rows = features_at(layer.gdf, *self._layer_point(layer, x, y, tolerance))
            if len(rows):
                # the feature drawn on top (the last row) is the one the planner sees
                self.selection.select(layer, rows[-1:], mode)
                return
        if mode == REPLACE:
            for layer in targets:
                self.selection.clear(layer)

    def select_in(self, bounds, mode: str = REPLACE) -> None:
        from ..core.query import features_in

        for layer in self._target_layers():
            b = bounds
            if layer.crs is not None and self.canvas.crs is not None and layer.crs != self.canvas.crs:
                from pyproj import Transformer

                b = Transformer.from_crs(self.canvas.crs, layer.crs, always_xy=True).transform_bounds(*bounds)
            self.selection.select(layer, features_in(layer.gdf, b), mode)

    def _area_text(self, figures) -> str:
        if not np.isfinite(figures.m2):   # coordinates outside the CRS's domain: no number to show
            return self.tr("cannot be computed: the coordinates lie outside the range of the CRS")
        text = self.tr("%1 m² | %2 mu | %3 ha").replace("%1", f"{figures.m2:,.2f}").replace(
            "%2", f"{figures.mu:,.4f}").replace("%3", f"{figures.ha:,.4f}")
        if getattr(figures, "zone", None) is not None:   # a planar area says which GK zone it is taken in
            text += " " + self.tr("(zone %1, %2)").replace("%1", str(figures.zone)).replace(
                "%2", figures.zone_crs or "")
        return text

    def measure_lines(self, tool) -> list[str]:
        r = tool.result
        if r is None:
            return [self.tr("Click on the map to start measuring")] if not tool.points else []
        if not tool.area:
            return [self.tr("Distance (planar): %1 m").replace("%1", f"{r.planar_m:,.3f}"),
                    self.tr("Distance (ellipsoidal): %1 m").replace("%1", f"{r.ellipsoidal_m:,.3f}"),
                    self.tr("Segments: %1").replace("%1", str(r.segments))]
        return [self.tr("Area (planar): %1").replace("%1", self._area_text(r.planar)),
                self.tr("Area (ellipsoidal): %1").replace("%1", self._area_text(r.ellipsoidal)),
                self.tr("Perimeter: %1 m").replace("%1", f"{r.perimeter_m:,.3f}")]

    def _on_tool_changed(self, tool) -> None:
        if isinstance(tool, MeasureTool):
            self.canvas.set_info_lines(self.measure_lines(tool))

    # --- attribute table, selection, undo ------------------------------------------------------
    def show_attribute_table(self, layer=None) -> None:
        layer = layer or self.layer_model.layer_at(self.layer_view.currentIndex())
        first = not self.table_dock.isVisible()
        self.table_dock.show()
        self.table_dock.raise_()
        if first:
            self.resizeDocks([self.table_dock], [self.dock_sizes()["table"]], Qt.Orientation.Vertical)
        if layer is not None:
            self.table_panel.show_layer(layer)

    def _on_selection_changed(self, layer) -> None:
        self.canvas.set_overlay(f"selection:{id(layer)}", selection_overlay(layer, self.selection.selected(layer)))
        n = self.selection.count()
        self.act_zoom_selected.setEnabled(n > 0)
        self.statusBar().showMessage(self.tr("%1 features selected").replace("%1", f"{n:,}"), 5000)
        self._show_history()

    def zoom_to_selection(self, layer=None) -> None:
        layers = [layer] if layer is not None else self.selection.layers()
        boxes = []
        for lyr in layers:
            rows = self.selection.selected(lyr)
            if len(rows):
                b = lyr.gdf.geometry.iloc[rows].total_bounds
                boxes.append(self.canvas.to_canvas_bounds(b, lyr.crs))
        if boxes:
            arr = np.array(boxes)
            self.canvas.zoom_to_bounds((arr[:, 0].min(), arr[:, 1].min(), arr[:, 2].max(), arr[:, 3].max()))

    def undo(self) -> None:
        if self.undo_stack.can_undo:
            self._after_history(self.undo_stack.undo())

    def redo(self) -> None:
        if self.undo_stack.can_redo:
            self._after_history(self.undo_stack.redo())

    def _draw_session(self, layer_id: str) -> None:
        """Features changed in an edit session and not yet saved, drawn as they are in the session
        (orange dashes) instead of as committed; deleted ones are not drawn: the map shows what a
        save would write."""
        layer = next((lyr for lyr in (self.project.layers if self.project else []) if lyr.id == layer_id), None)
        session = self.project.session_for(layer) if layer is not None else None
        geometries = [] if session is None else session.pending_geometries()
        if layer is not None:
            replaced = [] if session is None else session.replaced_fids()
            rows = layer.gdf.index.get_indexer(replaced) if replaced else ()
            # mid-commit the layer already lacks the deleted ones while the session still lists them
            self.canvas.set_hidden_rows(layer, [r for r in rows if r >= 0])
        if not geometries:
            self.canvas.set_overlay(f"session:{layer_id}", None)
            return
        import geopandas as gpd
        self.canvas.set_overlay(f"session:{layer_id}", VectorLayer(
            f"未保存:{layer.name}", gpd.GeoDataFrame(geometry=geometries, crs=layer.gdf.crs),
            style={"fill": "#ff9800", "fill_opacity": 0.15, "outline": "#e65100", "outline_width": 1.4, "dash": True},
            locked=True))

    def _after_history(self, command) -> None:
        """Views follow the project's features_changed events; only the status bar is told here."""
        self.statusBar().showMessage(self.tr("Undone/redone: %1").replace("%1", command.text), 4000)

    def _on_features_changed(self, layer_id: str, fids: list) -> None:
        self._draw_session(layer_id)
        self.editor.update_actions()
        self.canvas.refresh()
        self.check_panel.mark_stale()
        if self.history_panel.layer is not None and self.history_panel.layer.id == layer_id \
                and self.history_panel.fid in fids:
            self._show_history()

    def _on_stack_changed(self) -> None:
        st = self.undo_stack
        self.act_undo.setEnabled(st.can_undo)
        self.act_redo.setEnabled(st.can_redo)
        self.act_undo.setText(self.tr("&Undo %1").replace("%1", st.undo_text) if st.can_undo else self.tr("&Undo"))
        self.act_redo.setText(self.tr("&Redo %1").replace("%1", st.redo_text) if st.can_redo else self.tr("&Redo"))
        self._update_title()

    def dock_sizes(self) -> dict[str, int]:
        """Dock sizes for this window size: the map keeps about half the width and most of the height
        (at 1366×768 with the layers, the check panel and the attribute table open: ~640×430 px)."""
        w, h = max(self.width(), 800), max(self.height(), 600)
        return {"layers": max(230, min(380, round(0.19 * w))), "check": max(360, min(600, round(0.33 * w))),
                "table": max(150, min(340, round(0.27 * h)))}

    def show_check_panel(self) -> None:
        first = not self.check_dock.isVisible()
        self.check_dock.show()
        self.check_dock.raise_()
        if first:
            sizes = self.dock_sizes()
            self.resizeDocks([self.layer_dock, self.check_dock], [sizes["layers"], sizes["check"]],
                             Qt.Orientation.Horizontal)
        if self.check_panel.result is None and not self.check_panel.is_running():
            self.check_panel.run_check()

    def show_check_status(self, on: bool) -> None:
        """Parcels coloured by conclusion, drawn above the project's layers (below the highlight)."""
        result = self.check_panel.result
        self.canvas.set_overlay("check_status", None)
        if on and result is not None:
            self.canvas.set_overlay("check_status", status_layer(result, self.check_panel.check_crs))
            # the clicked-result highlight stays on top
            for name in ("check_pieces", "check_parcel"):
                layer = self.canvas.overlay(name)
                if layer is not None:
                    self.canvas.set_overlay(name, None)
                    self.canvas.set_overlay(name, layer)

    def show_check_item(self, parcel, conflict, crs) -> None:
        """Zoom to a clicked check result and highlight its overlap pieces."""
        outline, pieces = highlight_layers(parcel, conflict, crs)
        self.canvas.set_overlay("check_pieces", pieces)
        self.canvas.set_overlay("check_parcel", outline)
        # the whole parcel stays in view, so the planner sees where on it the conflict lies
        bounds = highlight_bounds(parcel, None)
        if conflict is not None and conflict.geometry is not None:
            b2 = highlight_bounds(parcel, conflict)
            bounds = (min(bounds[0], b2[0]), min(bounds[1], b2[1]), max(bounds[2], b2[2]), max(bounds[3], b2[3]))
        self.canvas.zoom_to_bounds(bounds, crs, margin=0.3)
        status = self.check_panel.model.status_label(parcel.status)
        text = f"{parcel.id}  {parcel.name or ''}  {status}"
        if conflict is not None:
            text += f"  —  {self.check_panel.model.rule_label(conflict.rule)}  " + self.tr(
                "%1 m² (%2 mu)").replace("%1", f"{conflict.area_m2:,.2f}").replace("%2", f"{conflict.area_mu:,.4f}")
        self.statusBar().showMessage(text, 15000)

    def _show_layer_info(self, index) -> None:
        layer = self.layer_model.layer_at(index)
        self.layer_info.setHtml(self.layer_model.describe(layer) if layer is not None else "")

    # --- recent projects ------------------------------------------------------------------------
    def _recent(self) -> list[str]:
        value = self.settings.value("recent/projects", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str) -> None:
        paths = [path] + [p for p in self._recent() if p != path]
        self.settings.setValue("recent/projects", paths[:MAX_RECENT])
        self._update_recent()

    def _update_recent(self) -> None:
        paths = [p for p in self._recent() if Path(p).exists()]
        self.menu_recent.clear()
        for p in paths:
            act = self.menu_recent.addAction(f"{Path(p).name}  ({p})")
            act.triggered.connect(lambda _checked=False, p=p: self.open_project_path(p))
        if not paths:
            empty = self.menu_recent.addAction(self.tr("(none)"))
            empty.setEnabled(False)
        self.welcome.set_recent(paths)

    # --- status bar -----------------------------------------------------------------------------
    def _show_cursor(self, x: float, y: float) -> None:
        # planners read Gauss-Krüger coordinates as X = northing, Y = easting
        text = self.tr("X (N): %1   Y (E): %2").replace("%1", f"{y:.3f}").replace("%2", f"{x:.3f}")
        if self._to_lonlat is not None:
            lon, lat = self._to_lonlat(x, y)
            if abs(lon) <= 180 and abs(lat) <= 90:
                text += "   " + self.tr("Lon %1°  Lat %2°").replace("%1", f"{lon:.6f}").replace("%2", f"{lat:.6f}")
        self.coord_label.setText(text)

    def _show_scale(self, _view=None) -> None:
        denom = self.canvas.scale_denominator()
        self.scale_label.setText(self.tr("Scale 1:%1").replace("%1", f"{denom:,.0f}") if denom else "")

    def _show_crs(self) -> None:
        crs = self.canvas.crs
        self._to_lonlat = None
        if crs is None:
            self.crs_label.setText("")
            return
        if crs.is_projected:
            from pyproj import Transformer

            # lon/lat on CGCS2000 (EPSG:4490) beside the GK coordinates, as planners cross-check both
            self._to_lonlat = Transformer.from_crs(crs, 4490, always_xy=True).transform
        epsg = crs.to_epsg()
        zone = gk_zone_of_epsg(epsg)
        if zone is not None:
            text = self.tr("EPSG:%1  CGCS2000 GK %2° zone %3").replace("%1", str(epsg)).replace(
                "%2", str(zone.width)).replace("%3", str(zone.zone))
        else:
            text = f"EPSG:{epsg}  {crs.name}" if epsg else crs.name
        self.crs_label.setText(text)
        self.crs_label.setToolTip(crs.name)

    # --- misc -----------------------------------------------------------------------------------
    def _update_title(self) -> None:
        app_name = self.tr("parkgis Industrial Park Planning")
        if self.project is None:
            self.setWindowTitle(app_name)
            return
        name = project_title(self.project) or self.tr("Untitled project")
        if getattr(self.project, "path", None) is None and not getattr(self.project, "is_database", False):
            name += " " + self.tr("(not saved)")
        self.setWindowTitle(f"{name}[*] — {app_name}")
        self.setWindowModified(self.is_modified())

    def _update_actions(self) -> None:
        has = self.project is not None
        for act in (self.act_zoom_full, self.act_zoom_in, self.act_zoom_out, self.act_zoom_layer, self.act_check):
            act.setEnabled(has)
        self.act_save.setEnabled(can_save(self.project))
        self.act_table.setEnabled(has)
        self.act_undo.setEnabled(self.undo_stack.can_undo)
        self.act_redo.setEnabled(self.undo_stack.can_redo)
        self.act_zoom_selected.setEnabled(self.selection.count() > 0)
        self.act_save_as.setEnabled(can_save(self.project))

    def show_about(self) -> None:
        from .about import AboutDialog

        self.about_dialog = AboutDialog(self.about_text(), self)
        if self.interactive:
            self.about_dialog.exec()
        else:
            self.about_dialog.show()

    def about_text(self) -> str:
        return (
            # what the program does today, no more (the team database is not finished)
            self.tr("<h3>parkgis %1</h3><p>Desktop GIS for industrial-park spatial planning: park boundaries and "
                    "the three control lines from the files planners exchange, the conflict check of parcels with "
                    "its reports, boundary editing with live compliance feedback, the 标准地 register with "
                    "idle-land alerts and the pre-auction check with its dossier, coordinate-file checks and "
                    "offline web maps.</p>")
            .replace("%1", __version__))

    def _error(self, title: str, message: str) -> None:
        message = core_text(message)
        self.last_error = (title, message)
        self.statusBar().showMessage(message, 15000)
        if self.interactive:
            QMessageBox.critical(self, title, message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if hasattr(self, "team_watch"):
            self.team_watch.stop()
        super().closeEvent(event)

    def restore_layout(self) -> bool:
        """Restore the last window geometry and dock layout; False on a first start."""
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        return geometry is not None and bool(self.restoreGeometry(geometry))
