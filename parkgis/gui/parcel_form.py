"""The parcel form (标准地表单): a register parcel's fields, its control indicators with their bounds and its
lifecycle timeline, with 记录阶段 (record the next stage) and 更正 (correct an entry). Every change is one undo
step of the project's undo stack through ``project.edit_register()`` (validation, transitions and
corrections are the core's; a refusal is shown in the UI language), written to the file by 保存.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ParkgisError
from ..core.parcels import lifecycle
from ..core.parcels.indicators import check_parcel
from ..core.parcels.model import INDICATORS, Direction, Stage
from ..core.parcels.views import IDLE_LABELS
from .i18n import core_error

if TYPE_CHECKING:
    from .register_ui import RegisterController

EventRole = Qt.ItemDataRole.UserRole + 1


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.15g}"   # every digit stored: an untouched field must not round on 应用
    return str(value)


class ParcelForm(QDialog):
    """The form of one parcel of the register (``parcel_id``), opened by the register dock."""

    def __init__(self, controller: RegisterController, parcel_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("parcelForm")
        self.controller = controller
        self.window_ = controller.w
        self.parcel_id = parcel_id
        self.setWindowTitle(self.tr("Parcel %1").replace("%1", parcel_id))
        self.resize(860, 680)
        self.fields = self._field_defs()
        self.edits: dict[str, QLineEdit] = {}
        self.bound_edits: dict[str, QLineEdit] = {}

        self.header = QLabel(self)
        self.header.setObjectName("parcelHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("parcelMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        tabs = QTabWidget(self)
        tabs.addTab(self._fields_page(), self.tr("Register fields"))
        tabs.addTab(self._indicators_page(), self.tr("Control indicators"))
        tabs.addTab(self._timeline_page(), self.tr("Lifecycle"))
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(tabs, 1)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.reload()

    # --- pages ---------------------------------------------------------------------------------
    def _field_defs(self) -> list[tuple[str, str]]:
        return [
            ("name", self.tr("Name")), ("park", self.tr("Park")), ("region", self.tr("Banner / city")),
            ("use_code", self.tr("Land-use code")), ("industry", self.tr("Industry")),
            ("term_years", self.tr("Term (years)")), ("starting_price_wan", self.tr("Starting price (10k yuan)")),
            ("land_price_wan", self.tr("Land price (10k yuan)")), ("buyer", self.tr("Buyer")),
            ("contract_no", self.tr("Contract No.")), ("agreement_no", self.tr("Agreement No.")),
            ("agreed_start", self.tr("Agreed start")), ("agreed_completion", self.tr("Agreed completion")),
            ("actual_start", self.tr("Actual start")), ("actual_completion", self.tr("Actual completion")),
            ("committed_investment_wan", self.tr("Committed investment (10k yuan)")),
            ("invested_wan", self.tr("Invested (10k yuan)")),
            ("developed_share", self.tr("Developed share (0-1)")), ("invested_share", self.tr("Invested share (0-1)")),
            ("suspended_since", self.tr("Suspended since")), ("annual_tax_wan", self.tr("Annual tax (10k yuan)")),
            ("annual_output_wan", self.tr("Annual output (10k yuan)")),
            ("building_area_m2", self.tr("Floor area (m²)")), ("idle_cause", self.tr("Idle cause")),
            ("government_delay_days", self.tr("Government delay (days)")), ("note", self.tr("Note")),
        ]

    def _fields_page(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        half = (len(self.fields) + 1) // 2
        for k, (name, label) in enumerate(self.fields):
            edit = QLineEdit(page)
            edit.setObjectName(f"field_{name}")
            if name.endswith(("start", "completion", "since")):
                # a bare example date in grey reads like a value: say it is the format
                edit.setPlaceholderText(self.tr("e.g. 2026-11-25 or 2026年11月25日"))
            self.edits[name] = edit
            col = 0 if k < half else 2
            grid.addWidget(QLabel(label, page), k % half, col)
            grid.addWidget(edit, k % half, col + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.apply_button = QPushButton(self.tr("Apply changes"), page)
        self.apply_button.setObjectName("applyFields")
        self.apply_button.clicked.connect(self.apply_fields)
        grid.addWidget(self.apply_button, half, 3, Qt.AlignmentFlag.AlignRight)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def _indicators_page(self) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        self.check_labels: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for col, text in enumerate((self.tr("Indicator"), self.tr("Direction"), self.tr("Bound"), self.tr("Upper bound"),
                                    self.tr("Unit"), self.tr("Actual"), self.tr("Required total"),
                                    self.tr("Result"))):
            head = QLabel(f"<b>{text}</b>", page)
            grid.addWidget(head, 0, col)
        for row, ind in enumerate(INDICATORS, start=1):
            grid.addWidget(QLabel(ind.name, page), row, 0)
            direction = {Direction.AT_LEAST: "≥", Direction.AT_MOST: "≤", Direction.RANGE: self.tr("range"),
                         Direction.TEXT: self.tr("text")}[ind.direction]
            grid.addWidget(QLabel(direction, page), row, 1)
            if ind.direction == Direction.TEXT:
                names = [(f"bound_{ind.code}", 2)]
            elif ind.direction == Direction.AT_MOST:
                names = [(f"bound_{ind.code}_max", 2)]
            elif ind.direction == Direction.RANGE:
                names = [(f"bound_{ind.code}_min", 2), (f"bound_{ind.code}_max", 3)]
            else:
                names = [(f"bound_{ind.code}_min", 2)]
            for name, col in names:
                edit = QLineEdit(page)
                edit.setObjectName(name)
                self.bound_edits[name] = edit
                grid.addWidget(edit, row, col)
            grid.addWidget(QLabel(ind.unit, page), row, 4)
            labels = (QLabel(page), QLabel(page), QLabel(page))
            for col, label in enumerate(labels, start=5):
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter if col < 7
                                   else Qt.AlignmentFlag.AlignCenter)
                grid.addWidget(label, row, col)
            self.check_labels[ind.code] = labels
        self.table_label = QLabel(page)
        self.table_label.setObjectName("indicatorTable")
        self.table_label.setWordWrap(True)
        grid.addWidget(self.table_label, len(INDICATORS) + 1, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        self.apply_bounds_button = QPushButton(self.tr("Apply indicators"), page)
        self.apply_bounds_button.clicked.connect(self.apply_bounds)
        grid.addWidget(self.apply_bounds_button, len(INDICATORS) + 1, 3, Qt.AlignmentFlag.AlignRight)
        grid.setRowStretch(len(INDICATORS) + 2, 1)
        return page

    def _timeline_page(self) -> QWidget:
        page = QWidget(self)
        self.timeline = QTreeWidget(page)
        self.timeline.setObjectName("parcelTimeline")
        self.timeline.setColumnCount(5)
        self.timeline.setHeaderLabels([self.tr("Date"), self.tr("Stage"), self.tr("By"), self.tr("Note"),
                                       self.tr("Correction")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.timeline.header().setStretchLastSection(True)
        self.timeline.currentItemChanged.connect(lambda cur, _prev: self._event_chosen(cur))

        record_box = QGroupBox(self.tr("Record stage"), page)
        self.next_stage = QComboBox(record_box)
        self.next_stage.setObjectName("nextStage")
        self.stage_date = QDateEdit(record_box)
        self.stage_date.setCalendarPopup(True)
        self.stage_date.setDisplayFormat("yyyy-MM-dd")
        self.stage_date.setDate(QDate.currentDate())
        self.stage_by = QLineEdit(record_box)
        self.stage_note = QLineEdit(record_box)
        self.record_button = QPushButton(self.tr("Record stage"), record_box)
        self.record_button.setObjectName("recordStage")
        self.record_button.clicked.connect(self.record_stage)
        form = QFormLayout(record_box)
        form.addRow(self.tr("Next stage"), self.next_stage)
        form.addRow(self.tr("Date"), self.stage_date)
        form.addRow(self.tr("By"), self.stage_by)
        form.addRow(self.tr("Note"), self.stage_note)
        form.addRow("", self.record_button)

        correct_box = QGroupBox(self.tr("Correct the chosen entry"), page)
        self.correct_stage = QComboBox(correct_box)
        for stage in Stage:
            self.correct_stage.addItem(stage.value, stage)
        self.correct_date = QDateEdit(correct_box)
        self.correct_date.setCalendarPopup(True)
        self.correct_date.setDisplayFormat("yyyy-MM-dd")
        self.correct_date.setDate(QDate.currentDate())
        self.correct_note = QLineEdit(correct_box)
        self.correct_reason = QLineEdit(correct_box)
        self.correct_reason.setPlaceholderText(self.tr("Why the entry was wrong (required)"))
        self.correct_button = QPushButton(self.tr("Correct"), correct_box)
        self.correct_button.setObjectName("correctEvent")
        self.correct_button.setEnabled(False)
        self.correct_button.clicked.connect(self.correct_event)
        cform = QFormLayout(correct_box)
        cform.addRow(self.tr("Stage"), self.correct_stage)
        cform.addRow(self.tr("Date"), self.correct_date)
        cform.addRow(self.tr("Note"), self.correct_note)
        cform.addRow(self.tr("Reason"), self.correct_reason)
        cform.addRow("", self.correct_button)

        boxes = QHBoxLayout()
        boxes.addWidget(record_box, 1)
        boxes.addWidget(correct_box, 1)
        lay = QVBoxLayout(page)
        lay.addWidget(self.timeline, 1)
        lay.addLayout(boxes)
        return page

    # --- content -------------------------------------------------------------------------------
    def record(self):
        return self.controller.register().get(self.parcel_id)

    def reload(self) -> None:
        record = self.record()
        if record is None:
            self.header.setText(self.tr("The register has no parcel %1").replace("%1", self.parcel_id))
            return
        row = next((r for r in self.controller.rows if r.id == record.id), None)
        idle = ""
        if row is not None and row.idle.status != "ok":
            idle = "　<span style='color:#b00020'>" + IDLE_LABELS[row.idle.status] + " " + self.tr(
                "%1 days late (%2)").replace("%1", str(row.idle.days_late)).replace("%2", row.idle.article or "") \
                + "</span>"
        area = "" if record.area_mu is None else f"　{record.area_m2:,.2f} m² = {record.area_mu:,.4f} " + self.tr("mu")
        self.header.setText(f"<b>{record.id}</b>　{record.name}<br>{record.park}　{self.tr('Stage')}："
                            f"<b>{record.stage.value}</b>{area}{idle}")
        for name, edit in self.edits.items():
            edit.setText(_text(getattr(record, name)))
        for name, edit in self.bound_edits.items():
            code = name[len("bound_"):]
            part = "text"
            if code.endswith("_min"):
                code, part = code[:-4], "minimum"
            elif code.endswith("_max"):
                code, part = code[:-4], "maximum"
            bound = record.bounds.get(code)
            edit.setText(_text(None if bound is None else getattr(bound, part)))
        self._fill_checks(record)
        self._fill_timeline(record)
        self.next_stage.clear()
        for stage in lifecycle.allowed_next(record.stage):
            self.next_stage.addItem(stage.value, stage)
        self.record_button.setEnabled(self.next_stage.count() > 0)

    def _fill_checks(self, record) -> None:
        """Each indicator's actual figure, the total the area requires and pass/fail (``parcels check``)."""
        try:
            check = check_parcel(record, all_indicators=True)
        except ParkgisError as exc:
            self.table_label.setText(core_error(exc))
            return
        self.table_label.setText(self.tr("Threshold table: %1").replace("%1", check.table or "—"))
        by_code = {r.code: r for r in check.indicators}
        for code, (value, required, verdict) in self.check_labels.items():
            r = by_code.get(code)
            value.setText("" if r is None or r.value is None else f"{r.value:,.2f}")
            required.setText("" if r is None or r.required_total is None
                             else f"{r.required_total:,.1f} {r.required_total_unit}".strip())
            if r is None or r.passed is None:
                verdict.setText("—")
                verdict.setStyleSheet("color: #707070;")
            else:
                verdict.setText(self.tr("pass") if r.passed else self.tr("fail"))
                verdict.setStyleSheet("color: #2e7d32; font-weight: bold;" if r.passed
                                      else "color: #b00020; font-weight: bold;")

    def _fill_timeline(self, record) -> None:
        self.timeline.clear()
        by_id = {e.id: e for e in record.events}
        corrected_by = {e.corrects: e for e in record.events if e.corrects is not None}
        struck = QFont(self.timeline.font())
        struck.setStrikeOut(True)
        for event in sorted(record.events, key=lambda e: (e.date, e.id or 0)):
            note = ""
            if event.superseded and event.id in corrected_by:
                fix = corrected_by[event.id]
                note = self.tr("corrected: %1 %2 — %3").replace("%1", fix.date.isoformat()).replace(
                    "%2", fix.stage.value).replace("%3", fix.reason)
            elif event.corrects is not None:
                old = by_id.get(event.corrects)
                was = f"{old.date.isoformat()} {old.stage.value}" if old is not None else f"#{event.corrects}"
                note = self.tr("corrects %1: %2").replace("%1", was).replace("%2", event.reason)
            item = QTreeWidgetItem([event.date.isoformat(), event.stage.value, event.by, event.note, note])
            item.setData(0, EventRole, event)
            if event.superseded:
                for col in range(5):
                    item.setFont(col, struck)
                    item.setForeground(col, QBrush(QColor("#8a8a8a")))
            self.timeline.addTopLevelItem(item)

    def timeline_rows(self) -> list[tuple[str, str, bool]]:
        """(date, stage, struck through) of each timeline row, in order: what the planner sees."""
        out = []
        for k in range(self.timeline.topLevelItemCount()):
            item = self.timeline.topLevelItem(k)
            out.append((item.text(0), item.text(1), item.font(0).strikeOut()))
        return out

    def _event_chosen(self, item) -> None:
        event = item.data(0, EventRole) if item is not None else None
        self.correct_button.setEnabled(event is not None and not event.superseded)
        if event is not None:
            self.correct_stage.setCurrentIndex(max(self.correct_stage.findData(event.stage), 0))
            self.correct_date.setDate(QDate(event.date.year, event.date.month, event.date.day))
            self.correct_note.setText(event.note)

    # --- edits ---------------------------------------------------------------------------------
    def _edit(self, change) -> bool:
        """Run ``change(session)`` on the register's edit session; show the core's refusal, if any."""
        project = self.window_.project
        if project is None:
            return False
        try:
            change(project.edit_register())
        except ParkgisError as exc:
            self.show_message(core_error(exc), error=True)
            return False
        self.show_message(self.tr("Changed (not saved yet: Save writes it to the project)"))
        self.controller.refresh()
        self.reload()
        return True

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #2e7d32;")
        self.message.setText(text)

    def apply_fields(self) -> bool:
        record = self.record()
        changed = {name: edit.text().strip() for name, edit in self.edits.items()
                   if edit.text().strip() != _text(getattr(record, name))}
        if not changed:
            return True
        return self._edit(lambda reg: reg.set(self.parcel_id, **changed))

    def apply_bounds(self) -> bool:
        record = self.record()
        current = {}
        for name in self.bound_edits:
            code = name[len("bound_"):]
            part = "text"
            if code.endswith(("_min", "_max")):
                code, part = code[:-4], "minimum" if code.endswith("_min") else "maximum"
            bound = record.bounds.get(code)
            current[name] = _text(None if bound is None else getattr(bound, part))
        changed = {n: e.text().strip() for n, e in self.bound_edits.items() if e.text().strip() != current[n]}
        if not changed:
            return True
        return self._edit(lambda reg: reg.set(self.parcel_id, **changed))

    def record_stage(self) -> bool:
        stage = self.next_stage.currentData()
        if stage is None:
            return False
        when = self.stage_date.date().toPython()
        by = self.stage_by.text().strip() or None
        note = self.stage_note.text().strip()
        return self._edit(lambda reg: reg.record_event(self.parcel_id, stage, when, by=by, note=note))

    def chosen_event(self):
        item = self.timeline.currentItem()
        return item.data(0, EventRole) if item is not None else None

    def choose_event(self, event_id: int) -> bool:
        for k in range(self.timeline.topLevelItemCount()):
            item = self.timeline.topLevelItem(k)
            if item.data(0, EventRole).id == event_id:
                self.timeline.setCurrentItem(item)
                return True
        return False

    def correct_event(self) -> bool:
        event = self.chosen_event()
        if event is None:
            return False
        stage = self.correct_stage.currentData()
        when = self.correct_date.date().toPython()
        note = self.correct_note.text().strip()
        reason = self.correct_reason.text().strip()
        return self._edit(lambda reg: reg.correct_event(
            event.id, date=when, stage=stage if stage != event.stage else None,
            note=note if note != event.note else None, reason=reason))


__all__ = ["ParcelForm"]
