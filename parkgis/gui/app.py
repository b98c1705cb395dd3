"""``run_app``: the desktop application's entry point (called by ``parkgis`` / ``python -m parkgis``)."""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading

from PySide6.QtCore import QObject, QSettings, QSocketNotifier, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from .. import __version__
from .i18n import choose_language, install_translators
from .resources import resource
from .webengine import prepare_environment

#: UI fonts in order of preference: what Chinese planners' machines have, then the Linux CJK fonts
UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
            "Source Han Sans SC", "WenQuanYi Micro Hei")


def _add_bundled_fonts() -> None:
    """The bundle's Chinese font, for a PC that has none (Chinese would show as boxes)."""
    from ..core.resources import bundle_root, cjk_font_files

    if bundle_root() is None:
        return
    for path in cjk_font_files():
        QFontDatabase.addApplicationFont(str(path))


def _apply_look(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same look on Windows, Linux and macOS; the stylesheet refines it
    _add_bundled_fonts()
    available = set(QFontDatabase.families())
    families = [f for f in UI_FONTS if f in available]
    if families:
        font = QFont(app.font())
        font.setFamilies(families)
        font.setPointSizeF(10.0)
        app.setFont(font)
    qss = resource("styles", "parkgis.qss")
    if qss.exists():
        app.setStyleSheet(qss.read_text(encoding="utf-8"))


def create_application(argv: list[str] | None = None, settings: QSettings | None = None) -> QApplication:
    """The QApplication with parkgis' names, look and translations (reused if one exists)."""
    prepare_environment()  # before Qt starts: QtWebEngine reads its flags once, at its first use
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("parkgis")
    app.setApplicationName("parkgis")
    app.setApplicationVersion(__version__)
    from .icons import app_icon
    app.setWindowIcon(app_icon())
    install_translators(app, choose_language(settings if settings is not None else QSettings()))
    _apply_look(app)
    return app


def close_on_terminate(app: QApplication, window) -> QObject | None:
    """SIGTERM (a logout, ``kill``, a service manager) and SIGINT (Ctrl+C in the terminal that
    started the app) close the main window as its close button does — unsaved changes are asked
    about and the layout is kept — instead of ending the process wherever it is.

    Python runs a signal handler only when the interpreter gets control, never while Qt's event
    loop waits: the signal's wake-up byte on a socket pair wakes the loop (a QSocketNotifier), and
    the handler then schedules the close. Returns the notifier (kept by ``app``), or None where
    signals cannot be handled (not the main thread, no socketpair)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(socket, "socketpair"):
        return None
    try:
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        signal.set_wakeup_fd(writer.fileno())
    except (OSError, ValueError):
        return None
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(256)

    notifier.activated.connect(drain)
    notifier._parkgis_sockets = (reader, writer)   # kept open as long as the notifier lives

    def close(_signum, _frame) -> None:
        QTimer.singleShot(0, window.close)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, close)
    return notifier


def run_app(project_path: str | None = None) -> int:
    """Open the main window (on ``project_path`` if given) and run the event loop; returns the exit code."""
    app = create_application()
    from .main_window import MainWindow  # after the translators: widgets translate at construction

    window = MainWindow()
    close_on_terminate(app, window)
    if window.restore_layout():
        window.show()
    else:
        window.showMaximized()  # first start: a GIS wants the whole screen
    if project_path:
        window.open_path(project_path)   # a project, or a data file as a new unsaved project
    return app.exec()
