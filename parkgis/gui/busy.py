"""The wait cursor (and a status message) around work that runs on the GUI thread: opening, saving,
reading a file. A planner who presses Ctrl+S on a 300 000-feature project sees that something is
happening for the two seconds it takes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QGuiApplication


@contextmanager
def busy(status_bar=None, message: str = "") -> Iterator[None]:
    if status_bar is not None and message:
        status_bar.showMessage(message)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    # paint the message and the cursor before the work blocks the event loop (no user input here:
    # a click now would run a second action in the middle of this one)
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
        if status_bar is not None and message and status_bar.currentMessage() == message:
            status_bar.clearMessage()
