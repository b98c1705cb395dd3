"""Unsaved changes are never lost without a question (issue 9 item 14): quitting, opening another
project and starting a new one ask 保存 / 不保存 / 取消 when the project has unsaved changes; undoing
back to the saved state is saved again (no ``*``, no question).

A real MainWindow (offscreen); the question is the real QMessageBox, answered by clicking its button
once it is up; what counts is the project file on disk."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyogrio
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from parkgis.gui.main_window import MainWindow  # noqa: E402

SAVE, DISCARD, CANCEL = (QMessageBox.StandardButton.Save, QMessageBox.StandardButton.Discard,
                         QMessageBox.StandardButton.Cancel)


class Answerer:
    """Clicks ``button`` of the next message box that comes up; records what it said."""

    def __init__(self, button) -> None:
        self.button = button
        self.seen: list[tuple[str, list[str]]] = []
        self._tries = 0
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            self.seen.append((box.text(), sorted(b.text() for b in box.buttons())))
            box.button(self.button).click()
            return
        self._tries += 1
        if self._tries < 250:           # ~5 s; a test expecting no question checks ``seen``
            QTimer.singleShot(20, self._poll)


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def names_on_disk(path: Path) -> list[str]:
    return pyogrio.read_dataframe(path, layer="地块")["name"].tolist()


@pytest.fixture
def window(qtbot, zh, settings, sample_project):
    win = MainWindow(settings, interactive=True)
    assert win.open_project_path(sample_project)
    yield win
    # closed here, not by qtbot (which closes widgets before this teardown runs): no question asked
    win.interactive = False
    win.close()
    win.deleteLater()


def edit_first_name(win: MainWindow, value: str) -> None:
    """Type ``value`` into the first cell of the parcels' 名称 column, as a planner does."""
    layer = win.project.layer("地块")
    win.show_attribute_table(layer)
    win.table_panel.edit_toggle.setChecked(True)
    model = win.table_panel.model
    assert model.setData(model.index(0, model.columns.index("name")), value)


def test_quit_save_writes_the_edit(window, sample_project):
    edit_first_name(window, "改后名称")
    assert window.isWindowModified()
    answer = Answerer(SAVE)
    assert window.close()
    assert answer.seen and "未保存" in answer.seen[0][0] and "园区测试" in answer.seen[0][0]
    assert answer.seen[0][1] == sorted(["保存(&S)", "不保存(&N)", "取消"])
    assert names_on_disk(sample_project)[0] == "改后名称"


def test_quit_discard_leaves_the_file_as_it_was(window, sample_project):
    before = digest(sample_project)
    edit_first_name(window, "改后名称")
    answer = Answerer(DISCARD)
    assert window.close()
    assert answer.seen
    assert digest(sample_project) == before and names_on_disk(sample_project)[0] == "地块-0"


def test_quit_cancel_keeps_the_window_and_the_edit(window, sample_project):
    before = digest(sample_project)
    edit_first_name(window, "改后名称")
    answer = Answerer(CANCEL)
    assert not window.close()                         # the close was refused
    assert answer.seen and window.isVisible() is window.isVisible() and window.project is not None
    model = window.table_panel.model                  # the edit is still there, in the layer's edit session
    assert model.index(0, model.columns.index("name")).data() == "改后名称" and window.is_modified()
    assert window.project.session_for(window.project.layer("地块")).has_changes
    assert digest(sample_project) == before


def test_undo_back_to_the_saved_state_needs_no_question(window, sample_project):
    before = digest(sample_project)
    edit_first_name(window, "改后名称")
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    window.act_undo.trigger()
    assert not window.isWindowModified() and not window.is_modified()
    window.act_redo.trigger()
    assert window.isWindowModified()
    window.act_undo.trigger()
    answer = Answerer(SAVE)
    assert window.close()
    assert answer.seen == []                          # nothing unsaved: no question
    assert digest(sample_project) == before


def test_a_save_is_the_new_clean_state(window, sample_project):
    edit_first_name(window, "第一次")
    assert window.save_project()
    assert not window.isWindowModified()
    edit_first_name(window, "第二次")
    window.act_undo.trigger()                         # back to what was saved
    assert not window.isWindowModified()
    window.act_undo.trigger()                         # before the save: unsaved again
    assert window.isWindowModified()
    answer = Answerer(DISCARD)
    assert window.close() and answer.seen
    assert names_on_disk(sample_project)[0] == "第一次"


def test_removing_a_layer_after_an_edit_stays_unsaved(window, sample_project):
    edit_first_name(window, "改后名称")
    window.remove_layer(window.project.layer("生态保护红线"), confirm=False)   # clears the history
    assert window.is_modified()


def test_changes_outside_the_history_ask_too(window, sample_project):
    before = digest(sample_project)
    window.set_layer_locked(window.project.layer("地块"), True)
    assert window.isWindowModified()
    answer = Answerer(CANCEL)
    assert not window.close() and answer.seen
    assert digest(sample_project) == before


def test_opening_another_project_asks_first(window, sample_project, tmp_path):
    from parkgis.core.project import Project

    other = Project.create(tmp_path / "另一个.gpkg").path
    before = digest(sample_project)
    edit_first_name(window, "改后名称")
    answer = Answerer(CANCEL)
    assert not window.open_project_path(other)
    assert answer.seen and window.project.path == Path(sample_project)      # still the edited project
    answer = Answerer(DISCARD)
    assert window.open_project_path(other)
    assert answer.seen and window.project.path == other
    assert digest(sample_project) == before
    assert not window.isWindowModified()


def test_opening_another_project_can_save_first(window, sample_project, tmp_path):
    from parkgis.core.project import Project

    other = Project.create(tmp_path / "另一个.gpkg").path
    edit_first_name(window, "改后名称")
    answer = Answerer(SAVE)
    assert window.open_project_path(other)
    assert answer.seen and names_on_disk(sample_project)[0] == "改后名称"


def test_new_project_asks_first(window, sample_project, tmp_path, monkeypatch):
    new_path = tmp_path / "新项目.gpkg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(new_path), "")))
    before = digest(sample_project)
    edit_first_name(window, "改后名称")
    answer = Answerer(CANCEL)
    window.new_project()
    assert answer.seen and window.project.path == Path(sample_project) and not new_path.exists()
    answer = Answerer(SAVE)
    window.new_project()
    assert answer.seen and window.project.path == new_path
    assert names_on_disk(sample_project)[0] == "改后名称" and digest(sample_project) != before
