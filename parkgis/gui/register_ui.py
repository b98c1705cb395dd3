"""The 标准地 register in the main window: the 标准地台账 dock (tabbed with the right docks, listed in 视图 →
面板), the idle-land alerts in the status bar (click → the dock filtered to them), the map coloured by the
register (stage, idle status or grade), the parcel form (double-click a row) and the park dashboard (分析 →
园区看板). Edits go through ``project.edit_register()`` — one undo step each on the project's undo stack,
written to the file by 保存 like any edit session; nothing here holds register logic.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

import geopandas as gpd
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QPushButton

from ..core.errors import ParkgisError
from ..core.layers import VectorLayer
from ..core.parcels import views as V
from ..core.parcels.register import SESSION_KEY, Register, load_register
from ..core.roles import Role
from .actions import make_action
from .i18n import core_error
from .register_dock import RegisterPanel

if TYPE_CHECKING:
    from .main_window import MainWindow

OVERLAY = "register_colouring"


class RegisterController(QObject):
    """Builds the register's dock, actions and status-bar alert on ``window`` and keeps them current."""

    def __init__(self, window: MainWindow, *, as_of: _dt.date | None = None) -> None:
        super().__init__(window)
        self.w = window
        #: the date the idle-land status is evaluated on (None: today, read at each refresh)
        self.fixed_as_of = as_of
        self.rows: list[V.RegisterRow] = []
        self.grades: dict[str, str] = {}
        self.grade_year: int | None = None
        self.summary: V.AlertSummary | None = None
        self.dashboard_window = None
        self.forms: list = []            # open parcel forms, kept current on undo/redo
        self.dock = QDockWidget(window.tr("Parcel Register"), window)
        self.dock.setObjectName("registerDock")
        self.panel = RegisterPanel(self.dock)
        self.dock.setWidget(self.panel)
        self.dock.setMinimumWidth(340)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(window.check_dock, self.dock)
        self.dock.hide()
        toggle = self.dock.toggleViewAction()
        toggle.setText(window.tr("Parcel Register"))
        window.menu_panels.addAction(toggle)
        self.act_register = make_action(window, "table", window.tr("Parcel &Register"), self.show_dock, "Ctrl+Shift+R",
                                        window.tr("The register of the 标准地 parcels: stages, deadlines, idle land"))
        self.act_dashboard = make_action(window, None, window.tr("Park &Dashboard"), self.show_dashboard, None,
                                         window.tr("Charts of the parcels per park: stages, areas, idle land"))
        window.menu_analysis.addSeparator()
        window.menu_analysis.addAction(self.act_register)
        window.menu_analysis.addAction(self.act_dashboard)
        self.alert_button = QPushButton(window)
        self.alert_button.setObjectName("idleAlertButton")
        self.alert_button.setFlat(True)
        self.alert_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.alert_button.setVisible(False)
        self.alert_button.clicked.connect(self.show_alerts)
        window.statusBar().insertPermanentWidget(0, self.alert_button)
        self.panel.parcelActivated.connect(self.zoom_to_parcel)
        self.panel.parcelOpened.connect(self.open_form)
        self.panel.precheckRequested.connect(self.precheck)
        self.panel.colouringChanged.connect(self.show_colouring)
        window.projectOpened.connect(self.set_project)
        window.signals.registerChanged.connect(lambda _ids: self.refresh())   # edits, undo, redo, save

    # --- the register ----------------------------------------------------------------------------
    @property
    def as_of(self) -> _dt.date:
        return self.fixed_as_of or _dt.date.today()

    def register(self) -> Register:
        """The register as the project holds it now (an open edit session's pending changes included)."""
        project = self.w.project
        if project is None:
            return Register({})
        session = project.sessions.get(SESSION_KEY)
        if session is not None and not session.closed:
            return session.register()
        return load_register(project)

    def set_project(self, _project) -> None:
        self.refresh()
        self.show_colouring(self.panel.colour_key())   # the layers panel's legend and the overlay of this project

    def _grades(self) -> None:
        """The 亩均 grades of the latest year of annual figures the file stores (a 台账 import may add some)."""
        self.grades, self.grade_year = {}, None
        project = self.w.project
        if project is None or (project.path is None and not project.is_database):
            return
        try:
            self.grade_year, self.grades = V.latest_grades(project)
        except (ParkgisError, ValueError, KeyError) as exc:
            self.w.statusBar().showMessage(core_error(exc), 10000)

    def refresh(self) -> None:
        self._grades()
        try:
            register = self.register()
        except ParkgisError as exc:
            self.w.statusBar().showMessage(core_error(exc), 10000)
            register = Register({})
        self.rows = V.register_rows(register, self.as_of, self.grades)
        self.panel.set_rows(self.rows, self.as_of)
        self.summary = V.alert_summary([r.idle for r in self.rows]) if self.rows else None
        if self.summary is None:
            self.alert_button.setVisible(False)
        else:
            self.alert_button.setText(self.w.tr("Idle %1 · due within %2 days %3")
                                      .replace("%1", str(len(self.summary.idle)))
                                      .replace("%2", str(self.summary.days))
                                      .replace("%3", str(len(self.summary.due))))
            self.alert_button.setToolTip("\n".join(self.summary.lines) or self.w.tr("No idle land, no deadline near"))
            self.alert_button.setVisible(True)
            danger = bool(self.summary.idle)
            colour, weight = ("#b00020", "bold") if danger else ("#333333", "normal")
            self.alert_button.setStyleSheet(f"QPushButton {{ color: {colour}; font-weight: {weight}; padding: 0 6px; }}")
        for form in list(self.forms):
            if form.isVisible():
                form.reload()
        if self.dashboard_window is not None and self.dashboard_window.isVisible():
            self.dashboard_window.set_figures(self.dashboard_figures())

    # --- dock ------------------------------------------------------------------------------------
    def show_dock(self) -> None:
        first = not self.dock.isVisible()
        self.dock.show()
        self.dock.raise_()
        if first:
            self.w.resizeDocks([self.dock], [self.w.dock_sizes()["check"]], Qt.Orientation.Horizontal)

    def show_alerts(self) -> None:
        """The dock filtered to the parcels the status bar counts (idle, or due within the window)."""
        self.show_dock()
        self.panel.set_idle_filter("alerts")

    def feature_of(self, record):
        """(layer, fid) of the parcel's feature on the map, or (None, None)."""
        project = self.w.project
        if project is None or not record.layer_id or record.fid is None:
            return None, None
        layer = next((lyr for lyr in project.layers if lyr.id == record.layer_id), None)
        if layer is None or record.fid not in layer.gdf.index:
            return None, None
        return layer, int(record.fid)

    def zoom_to_parcel(self, record) -> bool:
        """Zoom the map to the parcel's feature and select it (as a clicked check result zooms)."""
        layer, fid = self.feature_of(record)
        if layer is None:
            self.w.statusBar().showMessage(self.w.tr("%1 has no feature on the map").replace("%1", record.id), 8000)
            return False
        bounds = tuple(float(v) for v in layer.gdf.geometry.loc[fid].bounds)
        self.w.canvas.zoom_to_bounds(bounds, layer.crs, margin=0.3)
        self.w.selection.select_fids(layer, [fid])
        row = next((r for r in self.rows if r.id == record.id), None)
        text = f"{record.id}  {record.name}  {record.stage.value}"
        if row is not None and row.idle.status != "ok":
            text += "  —  " + self.w.tr("%1, %2 days late (%3)").replace("%1", row.idle_label).replace(
                "%2", str(row.idle.days_late)).replace("%3", row.idle.article or "")
        self.w.statusBar().showMessage(text, 15000)
        return True

    # --- colouring -------------------------------------------------------------------------------
    def colouring_layer(self, key: str) -> VectorLayer | None:
        """The register's parcels filled by ``key`` as an overlay layer (categorized: the canvas draws it
        as any categorized layer)."""
        colouring = V.colouring(self.rows, key)
        geoms, classes, crs = [], [], None
        for row in self.rows:
            layer, fid = self.feature_of(row.record)
            if layer is None:
                continue
            if crs is None:
                crs = layer.gdf.crs
            elif layer.gdf.crs != crs:
                continue
            geoms.append(layer.gdf.geometry.loc[fid])
            classes.append(colouring.by_parcel[row.id])
        if not geoms:
            return None
        gdf = gpd.GeoDataFrame({"class": classes}, geometry=geoms, crs=crs)
        return VectorLayer(colouring.label, gdf, role=Role.REFERENCE, locked=True,
                           style={"fill": None, "fill_opacity": 0.7, "outline": "#404040", "outline_width": 0.3,
                                  "categorized": {"field": "class", "scheme": "register",
                                                  "colors": dict(colouring.classes)}})

    def legend_by_layer(self, key: str) -> dict[str, list]:
        """The layers panel's legend rows of the colouring, per parcel layer: each class with its count, then
        the layer's features off the register (in the layer's own fill)."""
        from .layer_model import LegendEntry
        from .styles import parse_color, style_dict_for

        colouring = V.colouring(self.rows, key)
        counts: dict[str, dict[str, int]] = {}
        for row in self.rows:
            layer, _fid = self.feature_of(row.record)
            if layer is not None:
                per = counts.setdefault(layer.id, {})
                label = colouring.by_parcel[row.id]
                per[label] = per.get(label, 0) + 1
        out = {}
        for layer in self.w.project.layers if self.w.project is not None else []:
            if layer.id not in counts:
                continue
            per = counts[layer.id]
            entries = [LegendEntry(label, label, parse_color(colour, 0.7), per[label])
                       for label, colour in colouring.classes if per.get(label)]
            other = len(layer.gdf) - sum(per.values())
            if other > 0:
                merged = style_dict_for(layer.role, layer.style)
                entries.append(LegendEntry("", self.w.tr("Not in the register"),   # "": not "other values"
                                           parse_color(merged.get("fill"), float(merged.get("fill_opacity", 1.0))),
                                           other))
            out[layer.id] = entries
        return out

    def _set_layer_legends(self, key: str | None) -> None:
        project = self.w.project
        legends = self.legend_by_layer(key) if key is not None else {}
        for layer in project.layers if project is not None else []:
            self.w.layer_model.set_legend_override(layer, legends.get(layer.id))
        self.w.layer_view.expandAll()

    def show_colouring(self, key: str | None) -> None:
        self._set_layer_legends(key)
        self.w.canvas.set_overlay(OVERLAY, None)
        self.panel.show_legend(None if key is None else V.colouring(self.rows, key))
        if key is not None:
            layer = self.colouring_layer(key)
            if layer is not None:
                self.w.canvas.set_overlay(OVERLAY, layer)
                for name in [n for n in ("check_pieces", "check_parcel") if self.w.canvas.overlay(n)]:
                    top = self.w.canvas.overlay(name)      # highlights stay on top
                    self.w.canvas.set_overlay(name, None)
                    self.w.canvas.set_overlay(name, top)
        self.w.canvas.refresh()

    # --- form and dashboard ----------------------------------------------------------------------
    def precheck(self, record):
        """拍前体检 of the parcel (the dock's context menu): the same dialog as 分析 → 拍前体检."""
        actions = getattr(self.w, "_parkgis_precheck_actions", None)
        return None if actions is None else actions.check_ids([record.id])

    def open_form(self, record, *, modal: bool = True):
        from .parcel_form import ParcelForm

        form = ParcelForm(self, record.id, self.w)
        self.forms = [f for f in self.forms if f.isVisible()] + [form]
        if modal and self.w.interactive:
            form.exec()
        else:
            form.show()
        return form

    def dashboard_figures(self) -> V.Dashboard:
        figures = []
        project = self.w.project
        if project is not None and (project.path is not None or project.is_database):
            from ..core.parcels.figures import load_figures
            try:
                figures = load_figures(project)
            except ParkgisError:
                figures = []
        return V.dashboard(self.register(), self.as_of, figures)

    def show_dashboard(self):
        from .dashboard import DashboardWindow

        if self.dashboard_window is None:
            self.dashboard_window = DashboardWindow(self.w)
        self.dashboard_window.set_figures(self.dashboard_figures())
        self.dashboard_window.show()
        self.dashboard_window.raise_()
        return self.dashboard_window


__all__ = ["OVERLAY", "RegisterController"]
