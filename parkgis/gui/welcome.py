"""What a planner sees before any project is open: where to start, and recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .icons import icon


class WelcomePanel(QWidget):
    """What a planner sees before any project is open: where to start, and recent projects."""

    newRequested = Signal()
    openRequested = Signal()
    addLayerRequested = Signal()
    recentRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setMaximumWidth(560)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(36, 30, 36, 30)
        lay.setSpacing(12)
        title = QLabel(self.tr("parkgis Industrial Park Planning"), card)
        title.setObjectName("welcomeTitle")
        self.hint = QLabel(self.tr("Open a project or add layers to start"), card)
        self.hint.setObjectName("welcomeHint")
        self.hint.setWordWrap(True)
        lay.addWidget(title)
        lay.addWidget(self.hint)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(icon("new"), self.tr("New project…"), card)
        self.open_button = QPushButton(icon("open"), self.tr("Open project…"), card)
        self.add_button = QPushButton(icon("add_layer"), self.tr("Add layer…"), card)
        self.open_button.setDefault(True)
        self.open_button.setObjectName("primaryButton")
        for b in (self.open_button, self.new_button, self.add_button):
            b.setIconSize(QSize(20, 20))
            b.setMinimumHeight(34)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.recent_label = QLabel(self.tr("Recent projects"), card)
        self.recent_label.setObjectName("welcomeSection")
        self.recent = QListWidget(card)
        self.recent.setObjectName("recentList")
        self.recent.setMaximumHeight(170)
        lay.addWidget(self.recent_label)
        lay.addWidget(self.recent)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)
        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.openRequested)
        self.add_button.clicked.connect(self.addLayerRequested)
        self.recent.itemActivated.connect(lambda item: self.recentRequested.emit(item.data(Qt.ItemDataRole.UserRole)))

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(icon("layers"), f"{Path(p).stem}    —    {p}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(p)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_label.setVisible(bool(paths))


__all__ = ["WelcomePanel"]
