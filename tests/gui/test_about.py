"""帮助 → 关于: versions for a support request and the licences of the bundled components."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

import pyogrio  # noqa: E402
import pyproj  # noqa: E402
import shapely  # noqa: E402
from PySide6.QtCore import qVersion  # noqa: E402
from PySide6.QtWidgets import QApplication, QTabWidget  # noqa: E402

from parkgis import __version__  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402


def test_the_about_dialog_names_the_versions_and_the_licences(qtbot, zh, settings):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.act_about.trigger()
    dialog = win.about_dialog
    assert dialog.windowTitle() == "关于 parkgis"
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert rows["parkgis"] == __version__
    assert rows["GDAL"] == pyogrio.__gdal_version_string__ and rows["PROJ"] == pyproj.proj_version_str
    assert rows["GEOS"] == shapely.geos_version_string and rows["Qt"] == qVersion()
    assert dialog.build_label.text() == "版本类型：源代码"         # the tests run from the source tree
    tabs = dialog.findChild(QTabWidget)
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["关于", "许可证"]
    licences = dialog.licences.toPlainText()
    assert "Leaflet: BSD-2-Clause" in licences and "Qt: LGPL-3.0-only" in licences
    assert f"pyogrio {pyogrio.__version__}: MIT" in licences
    dialog.copy_versions()
    assert f"GDAL: {pyogrio.__gdal_version_string__}" in QApplication.clipboard().text()
    dialog.close()
