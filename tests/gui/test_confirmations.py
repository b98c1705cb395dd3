"""The app's other confirmation questions, each answered both ways (issue 16 item 3): removing a
layer, replacing an exported web map, starting a new project over unsaved changes without saving.
(Quit / open / new with 保存 · 不保存 · 取消 are in test_unsaved_changes.py.)

The windows are interactive, as users have them; ``QMessageBox.question`` is answered by a
monkeypatched stand-in that records what it was asked — in Chinese, the default language."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog, QMessageBox  # noqa: E402

from parkgis.gui.main_window import MainWindow  # noqa: E402

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


class Asked:
    """Stands in for ``QMessageBox.question``: answers ``answer`` and keeps (title, text)."""

    def __init__(self, monkeypatch, answer) -> None:
        self.answer = answer
        self.seen: list[tuple[str, str]] = []
        monkeypatch.setattr(QMessageBox, "question", staticmethod(self))

    def __call__(self, parent, title, text, *args, **kwargs):
        self.seen.append((title, text))
        return self.answer


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def window(qtbot, zh, settings, sample_project):
    win = MainWindow(settings, interactive=True)
    assert win.open_project_path(sample_project)
    yield win
    win.interactive = False
    win.close()
    win.deleteLater()


def test_removing_a_layer_asks_and_no_keeps_it(window, monkeypatch):
    layer = window.project.layer("生态保护红线")
    asked = Asked(monkeypatch, NO)
    assert not window.remove_layer(layer)
    assert asked.seen and asked.seen[0][0] == "移除图层" and "生态保护红线" in asked.seen[0][1]
    assert window.project.layer("生态保护红线") is layer and layer in window.canvas.layers()
    assert not window.project.dirty


def test_removing_a_layer_asks_and_yes_removes_it(window, monkeypatch):
    layer = window.project.layer("生态保护红线")
    asked = Asked(monkeypatch, YES)
    assert window.remove_layer(layer)
    assert len(asked.seen) == 1
    assert "生态保护红线" not in [lyr.name for lyr in window.project.layers]
    assert layer not in window.canvas.layers() and window.project.dirty


def test_new_project_discarding_the_changes_leaves_the_file(window, sample_project, tmp_path, monkeypatch):
    new_path = tmp_path / "新项目.gpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(new_path), "")))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard)
    before = digest(sample_project)
    window.set_layer_locked(window.project.layer("地块"), True)
    assert window.isWindowModified()
    window.new_project()
    assert window.project.path == new_path and new_path.exists()
    assert digest(sample_project) == before
    from parkgis.core.project import Project

    assert not Project.open(sample_project).layer("地块").locked     # the discarded change is not in the file


@pytest.fixture
def export_dialog(qtbot, zh, settings, tmp_path):
    from parkgis.core.project import Project
    from parkgis.gui.webmap_dialog import WebMapExportDialog

    shutil.copy(SAMPLE, tmp_path / "ordos_sample.gpkg")
    dialog = WebMapExportDialog(Project.open(tmp_path / "ordos_sample.gpkg"), settings=settings, interactive=True)
    qtbot.addWidget(dialog)
    out = tmp_path / "out" / "园区.html"
    out.parent.mkdir()
    out.write_text("<html>上一版</html>", encoding="utf-8")
    dialog.out_edit.setText(str(out))
    return dialog, out


def test_replacing_an_exported_map_no_keeps_the_old_file(export_dialog, monkeypatch):
    dialog, out = export_dialog
    asked = Asked(monkeypatch, NO)
    assert not dialog.export()
    assert asked.seen and asked.seen[0][0] == "导出网页地图" and "园区.html" in asked.seen[0][1]
    assert not dialog.is_running()
    assert out.read_text(encoding="utf-8") == "<html>上一版</html>"


def test_replacing_an_exported_map_yes_writes_the_new_one(export_dialog, monkeypatch, qtbot):
    dialog, out = export_dialog
    asked = Asked(monkeypatch, YES)
    with qtbot.waitSignal(dialog.exported, timeout=120_000):
        assert dialog.export()
    assert len(asked.seen) == 1
    assert "leaflet" in out.read_text(encoding="utf-8").lower()
