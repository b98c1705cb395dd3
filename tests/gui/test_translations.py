"""Every user string in the GUI has a finished Chinese translation, compiled into the .qm."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from parkgis.gui.resources import resource  # noqa: E402

GUI = Path(__file__).resolve().parents[2] / "parkgis" / "gui"


def tr_sources() -> set[str]:
    found = set()
    for path in GUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_ts_translates_every_tr_string():
    ts = ET.parse(resource("translations", "parkgis_zh_CN.ts"))
    entries = {m.findtext("source"): m.find("translation") for m in ts.iter("message")}
    missing = tr_sources() - set(entries)
    assert not missing, f"run pyside6-lupdate and translate: {sorted(missing)}"
    unfinished = [s for s, t in entries.items() if t.get("type") in ("unfinished", "obsolete") or not t.text]
    assert not unfinished


@pytest.mark.parametrize("name", ["parkgis_zh_CN", "qtbase_extra_zh_CN"])
def test_qm_is_compiled_from_the_ts(qapp, name):
    from PySide6.QtCore import QTranslator

    t = QTranslator()
    assert t.load(str(resource("translations", f"{name}.qm")))
    ts = ET.parse(resource("translations", f"{name}.ts"))
    for context in ts.iter("context"):
        context_name = context.findtext("name")
        for m in context.iter("message"):
            assert t.translate(context_name, m.findtext("source")) == m.findtext("translation")


def test_qt_file_dialog_speaks_chinese(qtbot, zh):
    """Qt's own file chooser (as the add-layer and open dialogs show it): every label in Chinese —
    Qt's qtbase_zh_CN lacks Qt 6's "&Look in:" and "Files of &type:", which we supply."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel

    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "t", str(Path.home()), "矢量数据 (*.shp);;所有文件 (*)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        qtbot.addWidget(dialog)
        dialog.show()
        texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
                 if w.isVisible() and re.search("[A-Za-z]{2,}", w.text())]
        assert texts == [], texts
        labels = {w.text() for w in dialog.findChildren(QLabel) if w.isVisible()}
        assert {"查找范围(&L)：", "文件类型(&T)："} <= labels
        dialog.close()
