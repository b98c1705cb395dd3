"""拍前体检 on the desktop: the action in the Analysis menu and the toolbar, the dialog's items, a click that
shows the offending piece on the map, the export to PDF and Word, the batch over the listed parcels."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # tests/: the shared precheck fixture

from precheck_fixture import make_project  # noqa: E402


@pytest.fixture
def window(qtbot, settings, en, tmp_path):
    from parkgis.gui.main_window import MainWindow

    project = make_project(tmp_path / "测试园区.gpkg")
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.set_project(project)
    return win


def test_action_dialog_map_and_export(window, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    action = window.findChild(QAction, "actPrecheck")
    assert action is not None and action in window.toolbar.actions()
    assert action in window.table_panel.view.actions()                     # the table's context menu
    parcels = next(layer for layer in window.project.layers if layer.role.value == "parcels")
    window.selection.select(parcels, [1])                                    # A-02, in the red line
    dialog = window._parkgis_precheck_actions.check_selected()
    assert dialog is not None and "A-02：不可出让" in dialog.verdict_label.text()
    top = dialog.tree.topLevelItem(0)
    red = next(top.child(k) for k in range(top.childCount()) if top.child(k).text(0) == "占用生态保护红线")
    assert red.text(1) == "Fail" and "1000.00" in red.text(2)
    dialog.show_on_map(red)
    piece = window.canvas.overlay("precheck:piece")
    assert piece is not None and round(piece.gdf.geometry.iloc[0].area, 3) == 1000.0
    for suffix in (".pdf", ".docx"):
        target = tmp_path / f"A-02{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        assert dialog.export(suffix) == target and target.stat().st_size > 1000
    dialog.close()
    assert window.canvas.overlay("precheck:piece") is None


def test_batch_over_the_listed_parcels(window):
    dialog = window._parkgis_precheck_actions.check_listed()
    assert dialog.tree.topLevelItemCount() == 4
    assert [dialog.tree.topLevelItem(k).text(1) for k in range(4)] == ["可以出让", "不可出让", "不可出让", "不可出让"]


def test_with_nothing_selected_the_window_says_so_without_a_box_in_a_script(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    boxes = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: boxes.append(a))
    actions = window._parkgis_precheck_actions
    assert actions.check_selected() is None
    assert actions.last_message == "Select one or more parcels (地块) on the map first."
    assert window.statusBar().currentMessage() == actions.last_message
    assert boxes == []                       # a non-interactive window never blocks on a box
    window.interactive = True
    assert actions.check_selected() is None
    assert len(boxes) == 1 and boxes[0][2] == actions.last_message
