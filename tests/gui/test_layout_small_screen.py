"""The window at 1366×768 (a planner's laptop) with the conflict check and the attribute table open
(issue 9 item 16): the map keeps about half the width and most of the height, the check panel fits its
dock (no sideways scrolling, 导出报告 not clipped), and layer names are not squeezed to one character."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QRect, Qt  # noqa: E402

from parkgis.gui.layer_model import Column  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


@pytest.fixture
def laptop(qtbot, zh, settings, tmp_path):
    import shutil

    shutil.copy(SAMPLE, tmp_path / "ordos_sample.gpkg")
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    assert win.open_project_path(tmp_path / "ordos_sample.gpkg")
    win.show_attribute_table(win.project.layer("地块"))
    win.show_check_panel()
    assert win.check_panel.wait(120_000)
    view = win.check_panel.view
    view.expandAll()                                   # every conflict row shown
    qtbot.wait(50)
    return win


@pytest.mark.slow
def test_the_map_keeps_most_of_a_laptop_window(laptop, tmp_path):
    laptop.grab().save(str(tmp_path / "laptop.png"))   # kept for a look when this fails
    w, h = laptop.canvas.width(), laptop.canvas.height()
    assert w >= 0.45 * 1366 and h >= 420, (w, h)       # was 473 × 394
    assert w * h >= 0.25 * 1366 * 768


@pytest.mark.slow
def test_the_check_panel_fits_its_dock(laptop):
    panel = laptop.check_panel
    view = panel.view
    assert panel.result is not None and panel.model.rowCount() == 1025
    assert not view.horizontalScrollBar().isVisible()  # the child rows no longer widen a column
    total = sum(view.header().sectionSize(c) for c in range(panel.model.columnCount()))
    assert total <= view.viewport().width()
    button = panel.export_button
    inside = QRect(0, 0, panel.width(), panel.height())
    assert inside.contains(button.geometry()) and button.width() >= button.sizeHint().width()
    # the numbers are readable: each numeric column is as wide as its widest value
    for col in (2, 3):
        assert view.header().sectionSize(col) >= view.sizeHintForColumn(col)


@pytest.mark.slow
def test_layer_names_are_not_squeezed(laptop, qtbot):
    tree = laptop.layer_view
    fm = tree.fontMetrics()
    widest = max(fm.horizontalAdvance(layer.name) for layer in laptop.project.layers)
    assert tree.columnWidth(Column.NAME) >= widest + tree.indentation() + tree.iconSize().width()
    assert not tree.isColumnHidden(Column.LOCK)
    # wider again: the detail columns come back
    laptop.check_dock.hide()
    laptop.table_dock.hide()
    laptop.resizeDocks([laptop.layer_dock], [600], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: tree.viewport().width() > 500, timeout=5000)
    qtbot.waitUntil(lambda: not tree.isColumnHidden(Column.ROLE) and not tree.isColumnHidden(Column.FEATURES),
                    timeout=5000)
