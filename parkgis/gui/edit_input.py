"""The editing dialogs: precise coordinate input (精确输入) and the validation list before saving (保存前检查).

Both work on one edit session through the core: :mod:`parkgis.core.editing.coordinate_input` reads
what the surveyor typed or pasted (X 北 first, zone prefixes, longitude/latitude, distance and
bearing, 界址点 lists, ministry coordinate TXT files), :mod:`parkgis.core.editing.validation` finds
the problems and repairs them. The dialogs only show and hand over.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ParkgisError
from .i18n import core_error, core_text, current_language

if TYPE_CHECKING:
    from .main_window import MainWindow


class PreciseInputDialog(QDialog):
    """A new feature of the session's layer from typed points, a pasted 界址点 list or a coordinate TXT."""

    def __init__(self, window: MainWindow, session) -> None:
        super().__init__(window)
        self.setObjectName("preciseInputDialog")
        self.window_, self.session = window, session
        self.setWindowTitle(self.tr("Coordinate Input — %1").replace("%1", session.layer.name))
        self.points: list[tuple[float, float]] = []
        self.added: int | None = None
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)

        typed = QWidget()
        t = QVBoxLayout(typed)
        t.addWidget(QLabel(self.tr("One point at a time: X (north) then Y (east), zone prefix allowed; or "
                                   "longitude, latitude; or distance and bearing from the last point "
                                   "(D=25.5 A=135°30')")))
        row = QHBoxLayout()
        self.point_edit = QLineEdit()
        self.point_edit.setPlaceholderText("X=4400123.45 Y=37512345.60")
        self.point_edit.returnPressed.connect(self.add_point)
        add = QPushButton(self.tr("Add Point"))
        add.clicked.connect(self.add_point)
        row.addWidget(self.point_edit, 1)
        row.addWidget(add)
        t.addLayout(row)
        self.point_list = QListWidget()
        t.addWidget(self.point_list, 1)
        undo = QPushButton(self.tr("Remove Last Point"))
        undo.clicked.connect(self.remove_point)
        t.addWidget(undo, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(typed, self.tr("Typed Points"))

        pasted = QWidget()
        p = QVBoxLayout(pasted)
        p.addWidget(QLabel(self.tr("Paste the boundary points, one a line: name, X (north), Y (east)")))
        self.paste_edit = QPlainTextEdit()
        self.paste_edit.setPlaceholderText("J1,4400000.00,37500000.00\nJ2,4400000.00,37500100.00\n…")
        p.addWidget(self.paste_edit, 1)
        self.tabs.addTab(pasted, self.tr("Point List"))

        loaded = QWidget()
        f = QVBoxLayout(loaded)
        f.addWidget(QLabel(self.tr("A parcel of a ministry coordinate TXT file (部标坐标文件)")))
        frow = QHBoxLayout()
        self.file_edit = QLineEdit()
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        frow.addWidget(self.file_edit, 1)
        frow.addWidget(browse)
        f.addLayout(frow)
        self.parcel_edit = QLineEdit()
        self.parcel_edit.setPlaceholderText(self.tr("parcel number or position (empty: the only parcel)"))
        f.addWidget(self.parcel_edit)
        f.addStretch(1)
        self.tabs.addTab(loaded, self.tr("Coordinate File"))

        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("preciseMessage")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.create_button = buttons.addButton(self.tr("Create Feature"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.clicked.connect(self.create_feature)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828" if error else "")
        self.message.setText(text)

    def add_point(self) -> bool:
        from ..core.editing.coordinate_input import parse_point
        try:
            point = parse_point(self.point_edit.text(), self.session.layer.crs,
                                last=self.points[-1] if self.points else None)
        except ParkgisError as exc:
            self._say(core_error(exc), error=True)
            return False
        self.points.append(point.xy)
        label = f"{len(self.points)}: X(北)={point.y:,.3f}  Y(东)={point.x:,.3f}"
        if point.note:
            label += f"  （{core_text(point.note)}）"
        self.point_list.addItem(label)
        self.point_edit.clear()
        self._say(core_text(point.note) if point.note else "")
        return True

    def remove_point(self) -> None:
        if self.points:
            self.points.pop()
            self.point_list.takeItem(self.point_list.count() - 1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Coordinate File"), "",
                                              self.tr("Coordinate files (*.txt);;All files (*)"))
        if path:
            self.file_edit.setText(path)

    def geometry(self):
        """The polygon the current tab describes (layer CRS); raises the core's error naming the problem."""
        import shapely

        from ..core.editing import coordinate_input as ci
        from ..core.errors import UsageError
        crs = self.session.layer.crs
        tab = self.tabs.currentIndex()
        if tab == 0:
            if len(self.points) < 3:
                raise UsageError("a polygon needs at least 3 points")
            return shapely.Polygon(self.points)
        if tab == 1:
            return ci.parse_point_list(self.paste_edit.toPlainText(), crs)
        parcel = self.parcel_edit.text().strip() or None
        if parcel is not None and parcel.isdigit():
            parcel = int(parcel)
        return ci.load_coordtxt_parcel(self.file_edit.text().strip(), crs, parcel)

    def create_feature(self) -> int | None:
        try:
            geometry = self.geometry()
            self.added = self.session.add_feature(geometry, {}, avoid_overlap=self.window_.editor.avoid_overlap)
        except ParkgisError as exc:
            self._say(core_error(exc), error=True)
            return None
        self._say(self.tr("Feature #%1 added: %2 m²").replace("%1", str(self.added)).replace(
            "%2", f"{self.session.feature(self.added).geometry.area:,.2f}"))
        self.points.clear()
        self.point_list.clear()
        b = self.session.feature(self.added).geometry.bounds
        self.window_.canvas.zoom_to_bounds(b, self.session.layer.crs)
        return self.added


class ValidationListDialog(QDialog):
    """The problems of the edited features before they are saved: each with its place (a click shows it on
    the map), a repair offer, and saving anyway (the flags stay in the data's audit)."""

    def __init__(self, window: MainWindow, session, findings) -> None:
        super().__init__(window)
        self.setObjectName("validationList")
        self.window_, self.session = window, session
        self.findings = list(findings)
        self.saved = False
        self.setWindowTitle(self.tr("Check Before Saving — %1").replace("%1", session.layer.name))
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Feature"), self.tr("Problem"), self.tr("Repair")])
        self.tree.setRootIsDecorated(False)
        self.tree.currentItemChanged.connect(lambda item, _prev: self.show_finding(self.finding_of(item)))
        layout.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.repair_button = QPushButton(self.tr("Repair"))
        self.repair_button.clicked.connect(self.repair_current)
        recheck = QPushButton(self.tr("Check Again"))
        recheck.clicked.connect(self.recheck)
        self.save_button = QPushButton(self.tr("Save Anyway"))
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        for b in (self.repair_button, recheck):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(720, 360)
        self.fill()

    def fill(self) -> None:
        from ..core.editing.validation import REPAIRS
        self.tree.clear()
        zh = not current_language().startswith("en")
        for k, finding in enumerate(self.findings):
            repair = REPAIRS.get(finding.repair, ("", ""))[1 if zh else 0] if finding.repair else ""
            text = core_text(finding.message)
            item = QTreeWidgetItem([f"#{finding.fid}", text, repair])
            item.setToolTip(1, text)
            item.setData(0, Qt.ItemDataRole.UserRole, k)
            self.tree.addTopLevelItem(item)
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        n = len(self.findings)
        self.heading.setText(self.tr("%1 problem(s) found: click one to see it on the map, repair it, or save "
                                     "anyway (the features are saved flagged)").replace("%1", str(n)) if n else
                             self.tr("No problem found: the edits can be saved"))
        self.save_button.setText(self.tr("Save Anyway") if n else self.tr("Save"))
        self.repair_button.setEnabled(any(f.repair for f in self.findings))

    def finding_of(self, item):
        if item is None:
            return None
        k = item.data(0, Qt.ItemDataRole.UserRole)
        return self.findings[k] if k is not None and 0 <= k < len(self.findings) else None

    def show_finding(self, finding) -> None:
        """Zoom the map to the finding's place (given in the layer's CRS)."""
        if finding is None:
            return
        x, y = finding.x, finding.y
        span = 25.0 if not self.session.layer.crs or not self.session.layer.crs.is_geographic else 0.00025
        self.window_.canvas.zoom_to_bounds((x - span, y - span, x + span, y + span), self.session.layer.crs,
                                           min_span=50.0)

    def repair_current(self) -> bool:
        finding = self.finding_of(self.tree.currentItem()) or next((f for f in self.findings if f.repair), None)
        if finding is None or not finding.repair:
            return False
        try:
            self.session.repair(finding)
        except ParkgisError as exc:
            self.heading.setText(core_error(exc))
            return False
        self.recheck()
        return True

    def recheck(self) -> None:
        from ..core.editing.validation import validate
        self.findings = validate(self.session)
        self.fill()

    def save(self) -> bool:
        self.saved = self.window_.editor.commit(self.session, accept_findings=bool(self.findings))
        if self.saved:
            self.accept()
        return self.saved


__all__ = ["PreciseInputDialog", "ValidationListDialog"]
