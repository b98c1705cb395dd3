"""文件 → 连接团队数据库…: the saved connection profiles (:mod:`parkgis.core.store.profiles`) — list
them, add one (its fields, a connection test that shows the clear error on failure, the password
optionally kept in the system keyring, never in the profile), remove one, and open one as
``profile:NAME`` (the window asks the password when nothing else has it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..core.errors import ParkgisError
from ..core.store import profiles
from ..core.store.postgis import SSL_MODES
from .addons import find_menu
from .i18n import core_text


class ProfileForm(QDialog):
    """One profile's fields; 测试连接 connects with what is filled in (and the password typed)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add Connection Profile"))
        self.profile: profiles.Profile | None = None
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. 城区"))
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.schema = QLineEdit("parkgis")
        self.sslmode = QComboBox()
        self.sslmode.addItem(self.tr("(default)"), None)
        for mode in SSL_MODES:
            self.sslmode.addItem(mode, mode)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("only to test, or to keep in the keyring"))
        self.keep_password = QCheckBox(self.tr("Keep the password in the system keyring"))
        for label, widget in ((self.tr("Name"), self.name), (self.tr("Host"), self.host), (self.tr("Port"), self.port),
                              (self.tr("Database"), self.database), (self.tr("User"), self.user),
                              (self.tr("Schema"), self.schema), (self.tr("SSL mode"), self.sslmode),
                              (self.tr("Password"), self.password)):
            form.addRow(label, widget)
        form.addRow("", self.keep_password)
        self.test_button = QPushButton(self.tr("Test Connection"))
        self.test_button.clicked.connect(self.test)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def built(self) -> profiles.Profile:
        """The profile the fields describe (a UsageError naming the field that is wrong)."""
        from urllib.parse import quote
        database = self.database.text().strip()
        user = self.user.text().strip()
        url = (f"postgresql://{quote(user, safe='') + '@' if user else ''}{self.host.text().strip()}:"
               f"{self.port.value()}/{quote(database, safe='')}?schema={self.schema.text().strip() or 'parkgis'}")
        if self.sslmode.currentData():
            url += f"&sslmode={self.sslmode.currentData()}"
        return profiles.Profile.from_url(self.name.text(), url)

    def test(self) -> bool:
        try:
            outcome = profiles.try_connection(self.built(), self.password.text() or None)
        except ParkgisError as exc:
            self.status.setText(self.tr("Connection failed: %1").replace("%1", core_text(str(exc))))
            self.status.setStyleSheet("color: #b71c1c")
            return False
        self.status.setText(self.tr("Connected: a parkgis project with %1 layers (%2)")
                            .replace("%1", str(len(outcome["layers"]))).replace("%2", "、".join(outcome["layers"])))
        self.status.setStyleSheet("color: #1b5e20")
        return True

    def save(self) -> None:
        try:
            profile = self.built()
            profiles.add_profile(profile.name, profile.url())
        except ParkgisError as exc:
            self.status.setText(core_text(str(exc)))
            self.status.setStyleSheet("color: #b71c1c")
            return
        self.profile = profile
        if self.keep_password.isChecked() and self.password.text():
            try:
                profiles.save_password(profile, self.password.text())
            except ParkgisError as exc:   # the profile is saved; say why the password is not
                self.status.setText(core_text(str(exc)))
                self.status.setStyleSheet("color: #b71c1c")
                self.keep_password.setChecked(False)
                return
        self.accept()


class ConnectionDialog(QDialog):
    """The saved profiles; 打开 accepts with :meth:`chosen` the ``profile:NAME`` to open."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect to Team Database"))
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Saved connections (no password is stored in them):")))
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.list.currentItemChanged.connect(lambda *_a: self._update())
        self.setMinimumSize(520, 320)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        self.list.clear()
        try:
            found = profiles.load_profiles()
        except ParkgisError as exc:
            found = {}
            self.note.setText(core_text(str(exc)))
        else:
            self.note.setText(self.tr("File: %1").replace("%1", str(profiles.profiles_path())))
        for name, profile in found.items():
            item = QListWidgetItem(f"{name}    {profile.url()}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(profile.url())
            self.list.addItem(item)
            if name == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def _update(self) -> None:
        chosen = self.list.currentItem() is not None
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else profiles.PREFIX + item.data(Qt.ItemDataRole.UserRole)

    def add(self) -> ProfileForm:
        form = ProfileForm(self)
        if form.exec() == QDialog.DialogCode.Accepted and form.profile is not None:
            self.reload(select=form.profile.name)
        return form

    def remove(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        try:
            profiles.remove_profile(item.data(Qt.ItemDataRole.UserRole))
        except ParkgisError as exc:
            self.note.setText(core_text(str(exc)))
            return
        self.reload()


def connect_dialog(window) -> bool:
    """Show the profiles; open the one chosen in ``window`` (True when a project was opened)."""
    dialog = ConnectionDialog(window)
    window._connection_dialog = dialog     # tests drive the open dialog
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return False
        return window.open_project_path(dialog.chosen())
    finally:
        window._connection_dialog = None


def install(window) -> QAction:
    """文件 → 连接团队数据库…, after 打开项目."""
    action = QAction(window.tr("Connect to &Team Database…"), window)
    action.setObjectName("actConnectTeamDatabase")
    action.setStatusTip(window.tr("Open a project in a team database from a saved connection profile"))
    action.triggered.connect(lambda: connect_dialog(window))
    menu = find_menu(window, "menu_file", "act_open", window.tr("&File"))
    items = menu.actions()
    anchor = getattr(window, "act_open", None)
    if anchor in items and items.index(anchor) + 1 < len(items):
        menu.insertAction(items[items.index(anchor) + 1], action)
    else:
        menu.addAction(action)
    window.act_connect_team = action
    return action
