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


def test_qm_is_compiled_from_the_ts(qapp):
    from PySide6.QtCore import QTranslator

    t = QTranslator()
    assert t.load(str(resource("translations", "parkgis_zh_CN.qm")))
    ts = ET.parse(resource("translations", "parkgis_zh_CN.ts"))
    for context in ts.iter("context"):
        name = context.findtext("name")
        for m in context.iter("message"):
            assert t.translate(name, m.findtext("source")) == m.findtext("translation")
