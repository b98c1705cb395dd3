"""The desktop app's own save and export dialogs run the CLI's output guard (issue 9 item 1): no
output may be the project or a file one of its layers was imported from, and the refusal is the
one line the CLI prints. Through a real MainWindow / dialog, offscreen."""

from __future__ import annotations

import hashlib
from pathlib import Path

import geopandas as gpd
import pytest
from shapely import box

pytest.importorskip("PySide6")

from guitools import X0, Y0  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def source(tmp_path):
    """A plain GeoPackage of parcels (another tool's data), imported into the project below."""
    path = tmp_path / "dk_source.gpkg"
    gpd.GeoDataFrame({"DKBH": ["A", "B"]}, geometry=[box(X0, Y0, X0 + 100, Y0 + 100),
                                                     box(X0 + 200, Y0, X0 + 300, Y0 + 100)],
                     crs=4525).to_file(path, layer="dk")
    return path


@pytest.fixture
def window(qtbot, zh, settings, tmp_path, source, monkeypatch):
    project = Project.create(tmp_path / "项目.gpkg")
    project.add_file(source, role=Role.PARCELS)
    project.save()
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.set_project(Project.open(project.path))
    # a real user confirms the file dialog's "replace?": the guard must refuse anyway
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    return win


def choose(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "")))


def test_save_as_over_a_layers_source_file_is_refused(window, source, monkeypatch):
    before = digest(source)
    choose(monkeypatch, source)
    assert window.save_project_as() is False
    title, message = window.last_error
    assert message == f"{source} 会覆盖本命令读取的 {source}；请另选输出文件"
    assert digest(source) == before


def test_save_as_elsewhere_still_works(window, tmp_path, monkeypatch):
    target = tmp_path / "副本.gpkg"
    choose(monkeypatch, target)
    assert window.save_project_as() is True and Project.open(target).layers


def test_check_report_over_the_project_or_a_source_is_refused(window, source, qtbot, monkeypatch):
    panel = window.check_panel
    with qtbot.waitSignal(panel.checkFinished, timeout=60_000):
        assert panel.run_check()
    for target, reason in ((source, f"{source} 会覆盖本命令读取的 {source}"),
                           (window.project.path, f"{window.project.path} 会覆盖本命令读取的 {window.project.path}")):
        before = digest(target)
        choose(monkeypatch, target)
        with qtbot.waitSignal(panel.checkFailed, timeout=5_000) as blocker:
            panel.export_dialog("gpkg")
        assert blocker.args[0] == reason + "；请另选输出文件"
        assert "导出失败：" in panel.summary.text()
        assert digest(target) == before


def test_web_map_inside_a_source_folder_is_refused(window, qtbot, settings, tmp_path):
    from parkgis.gui.webmap_dialog import WebMapExportDialog

    gdb = tmp_path / "园区.gdb"   # a FileGDB is a folder: the whole folder is read
    gdb.mkdir()
    window.project.layers[0].provenance.source_path = str(gdb)
    dialog = WebMapExportDialog(window.project, settings=settings, interactive=False)
    qtbot.addWidget(dialog)
    out = gdb / "map.html"
    dialog.out_edit.setText(str(out))
    assert not dialog.export()
    assert dialog.status_label.text() == f"{out} 位于本命令读取的 {gdb} 之内；请另选输出文件"
    assert not out.exists()
