"""The main window's action table, menus and toolbars.

:func:`build_actions` makes every :class:`QAction` of the window (``act_*`` attributes, the map tools
in ``tool_actions`` with their exclusive ``tool_group``); :func:`build_menus` and :func:`build_toolbar`
place them. The slots are the window's methods. Strings go through the window's ``tr()`` so their
translation context stays ``MainWindow``; add-ons (:mod:`.addons`) insert their actions afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QToolBar

from .icons import icon

if TYPE_CHECKING:
    from .main_window import MainWindow


def make_action(w: MainWindow, icon_name: str | None, text: str, slot, shortcut=None, tip: str | None = None) -> QAction:
    act = QAction(icon(icon_name) if icon_name else QIcon(), text, w)
    if shortcut is not None:
        act.setShortcut(QKeySequence(shortcut))
    if tip:
        act.setStatusTip(tip)
        act.setToolTip(tip)
    act.triggered.connect(slot)
    return act


def build_actions(w: MainWindow) -> None:
    K = QKeySequence.StandardKey
    w.act_new = make_action(w, "new", w.tr("&New Project…"), w.new_project, K.New,
                                w.tr("Create a new project file"))
    w.act_open = make_action(w, "open", w.tr("&Open Project…"), w.open_project_dialog, K.Open,
                                 w.tr("Open a project or GeoPackage"))
    w.act_save = make_action(w, "save", w.tr("&Save"), w.save_project, K.Save,
                                 w.tr("Save the project"))
    w.act_save_as = make_action(w, "save_as", w.tr("Save &As…"), w.save_project_as, K.SaveAs,
                                    w.tr("Save the project under another name"))
    w.act_add_layer = make_action(w, "add_layer", w.tr("&Add Layer…"), w.add_layer_dialog, "Ctrl+Shift+V",
                                      w.tr("Add Shapefile, GeoPackage, GeoJSON, KML, CAD or coordinate files"))
    w.act_exit = make_action(w, "exit", w.tr("E&xit"), w.close, K.Quit)
    w.act_zoom_full = make_action(w, "zoom_full", w.tr("Zoom to &Full Extent"), w.canvas.zoom_full,
                                      "Ctrl+Shift+F", w.tr("Show all layers"))
    w.act_zoom_in = make_action(w, "zoom_in", w.tr("Zoom &In"), lambda: w.canvas.zoom_by(2.0),
                                    K.ZoomIn, w.tr("Zoom in"))
    w.act_zoom_out = make_action(w, "zoom_out", w.tr("Zoom &Out"), lambda: w.canvas.zoom_by(0.5),
                                     K.ZoomOut, w.tr("Zoom out"))
    w.act_zoom_layer = make_action(w, None, w.tr("Zoom to &Layer"), w.zoom_to_selected_layer, None,
                                       w.tr("Show the selected layer whole"))
    # short texts beside the toolbar icons (the menu texts carry accelerators like "(&N)")
    for act, text in ((w.act_new, w.tr("New")), (w.act_open, w.tr("Open")),
                      (w.act_save, w.tr("Save")),
                      (w.act_add_layer, w.tr("Add Layer")), (w.act_zoom_in, w.tr("Zoom In")),
                      (w.act_zoom_out, w.tr("Zoom Out")), (w.act_zoom_full, w.tr("Full Extent"))):
        act.setIconText(text)
    w.act_check = make_action(w, "check", w.tr("&Conflict Check"), w.show_check_panel, "Ctrl+Shift+C",
                                  w.tr("Check the parcels against the three control lines and the park"))
    w.act_check.setIconText(w.tr("Conflict Check"))
    w.act_table = make_action(w, "table", w.tr("Open Attribute &Table"), w.show_attribute_table, "F6",
                                  w.tr("Show the attributes of the selected layer"))
    w.act_table.setIconText(w.tr("Attribute Table"))
    w.act_undo = make_action(w, "undo", w.tr("&Undo"), w.undo, K.Undo)
    w.act_redo = make_action(w, "redo", w.tr("&Redo"), w.redo, K.Redo)
    w.act_redo.setShortcuts([QKeySequence(K.Redo), QKeySequence("Ctrl+Y")])   # Ctrl+Y as in Office and QGIS
    w.act_zoom_selected = make_action(w, None, w.tr("Zoom to &Selection"), w.zoom_to_selection,
                                          "Ctrl+J", w.tr("Show the selected features"))
    w.act_clear_selection = make_action(w, None, w.tr("&Clear Selection"), lambda: w.selection.clear(),
                                            "Ctrl+Shift+A", w.tr("Deselect all features"))
    w.tool_group = QActionGroup(w)
    w.tool_group.setExclusive(True)
    w.tool_actions: dict[str, QAction] = {}
    for name, icon_name, text, short, tip, shortcut in (
            ("pan", "pan", w.tr("&Pan"), w.tr("Pan"), w.tr("Drag to move the map (also middle "
                                                                   "button or Space + drag)"), None),
            ("zoom_box", "zoom_box", w.tr("Zoom &Box"), w.tr("Zoom Box"),
             w.tr("Drag a box to zoom in (Shift: out)"), None),
            ("identify", "identify", w.tr("&Identify Features"), w.tr("Identify"),
             w.tr("Click to show the attributes of every feature under the cursor"), "Ctrl+Shift+I"),
            ("select", "select", w.tr("Se&lect Features"), w.tr("Select"),
             w.tr("Click or drag a box to select (Shift adds, Ctrl toggles)"), None),
            ("measure_length", "measure_line", w.tr("Measure &Distance"), w.tr("Distance"),
             w.tr("Click points; double-click or right-click ends; Esc clears"), "Ctrl+Shift+M"),
            ("measure_area", "measure_area", w.tr("Measure &Area"), w.tr("Area"),
             w.tr("Click the corners; double-click or right-click ends; Esc clears"), "Ctrl+Shift+J")):
        act = make_action(w, icon_name, text, lambda _c=False, n=name: w.set_tool(n), shortcut, tip)
        act.setIconText(short)
        act.setCheckable(True)
        w.tool_group.addAction(act)
        w.tool_actions[name] = act
    w.tool_actions["pan"].setChecked(True)
    w.act_about = make_action(w, "about", w.tr("&About parkgis"), w.show_about)


def build_menus(w: MainWindow) -> None:
    bar = w.menuBar()
    w.menu_file = bar.addMenu(w.tr("&File"))
    w.menu_file.addAction(w.act_new)
    w.menu_file.addAction(w.act_open)
    w.menu_recent = w.menu_file.addMenu(w.tr("Open &Recent"))
    w.menu_file.addSeparator()
    w.menu_file.addAction(w.act_save)
    w.menu_file.addAction(w.act_save_as)
    w.menu_file.addSeparator()
    w.menu_file.addAction(w.act_add_layer)
    w.menu_file.addSeparator()
    w.menu_file.addAction(w.act_exit)

    w.menu_edit = bar.addMenu(w.tr("&Edit"))
    w.menu_edit.addAction(w.act_undo)
    w.menu_edit.addAction(w.act_redo)
    w.menu_edit.addSeparator()
    w.menu_edit.addAction(w.act_clear_selection)

    w.menu_view = bar.addMenu(w.tr("&View"))
    for act in (w.act_zoom_full, w.act_zoom_in, w.act_zoom_out, w.act_zoom_layer,
                w.act_zoom_selected):
        w.menu_view.addAction(act)
    w.menu_view.addSeparator()
    w.menu_panels = w.menu_view.addMenu(w.tr("&Panels"))
    for dock, text in ((w.layer_dock, w.tr("Layers")), (w.table_dock, w.tr("Attribute Table")),
                       (w.check_dock, w.tr("Conflict Check")), (w.history_dock, w.tr("Feature History"))):
        toggle = dock.toggleViewAction()
        toggle.setText(text)
        w.menu_panels.addAction(toggle)

    w.menu_analysis = bar.addMenu(w.tr("&Analysis"))
    w.menu_tools = bar.addMenu(w.tr("&Tools"))
    for act in w.tool_actions.values():
        w.menu_tools.addAction(act)
    w.menu_analysis.addAction(w.act_check)
    w.menu_analysis.addAction(w.act_table)

    w.menu_help = bar.addMenu(w.tr("&Help"))
    w.menu_help.addAction(w.act_about)


def build_toolbar(w: MainWindow) -> None:
    w.toolbar = QToolBar(w.tr("Main toolbar"), w)
    w.toolbar.setObjectName("mainToolbar")
    w.toolbar.setIconSize(QSize(22, 22))
    w.toolbar.setMovable(False)
    w.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for act in (w.act_new, w.act_open, w.act_save):
        w.toolbar.addAction(act)
    w.toolbar.addSeparator()
    w.toolbar.addAction(w.act_add_layer)
    w.toolbar.addSeparator()
    for act in (w.act_zoom_in, w.act_zoom_out, w.act_zoom_full):
        w.toolbar.addAction(act)
    w.toolbar.addSeparator()
    w.toolbar.addAction(w.act_table)
    w.toolbar.addAction(w.act_check)
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, w.toolbar)
    w.map_toolbar = QToolBar(w.tr("Map tools"), w)
    w.map_toolbar.setObjectName("mapToolbar")
    w.map_toolbar.setIconSize(QSize(22, 22))
    w.map_toolbar.setMovable(False)
    w.map_toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for act in w.tool_actions.values():
        w.map_toolbar.addAction(act)
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, w.map_toolbar)
    toolbar_toggle = w.toolbar.toggleViewAction()
    toolbar_toggle.setText(w.tr("Main toolbar"))
    w.menu_panels.addAction(toolbar_toggle)


__all__ = ["build_actions", "build_menus", "build_toolbar", "make_action"]
