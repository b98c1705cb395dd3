"""The wait cursor and status message around GUI-thread work: shown during, gone after, even on error."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QStatusBar  # noqa: E402

from parkgis.gui.busy import busy  # noqa: E402


def test_cursor_and_message_during_and_after(qtbot):
    bar = QStatusBar()
    qtbot.addWidget(bar)
    with busy(bar, "正在保存 园区.gpkg …"):
        assert QGuiApplication.overrideCursor().shape() == Qt.CursorShape.WaitCursor
        assert bar.currentMessage() == "正在保存 园区.gpkg …"
    assert QGuiApplication.overrideCursor() is None and bar.currentMessage() == ""
    with pytest.raises(ValueError), busy(bar, "正在打开 …"):
        raise ValueError("bad file")
    assert QGuiApplication.overrideCursor() is None and bar.currentMessage() == ""
