"""Every message the core, the web map export and the CLI write has its Chinese: the sources are scanned
for the messages they build (errors, warnings, notes, reasons) and each must find its template in
``parkgis.core.messages``."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from parkgis.core import messages
from parkgis.core.errors import DataError, UsageError
from parkgis.core.messages import catalog, cli_language, localize, localize_error

CORE = Path(messages.__file__).resolve().parents[1]
PACKAGE = CORE.parent
SCANNED = (CORE, PACKAGE / "webmap", PACKAGE / "cli")
TOKEN = "⟦{}⟧"
ERRORS = {"DataError": 1, "UsageError": 0, "ParkgisError": 0, "CrsGuess": 1, "EditRefused": 2}
KEYWORDS = {"crs_assumed", "encoding_source", "role_reason", "crs_reason", "reason", "problem", "message"}
ATTRIBUTES = {"crs_reason", "role_reason", "encoding_source", "crs_assumed"}
VARIABLES = {"problem", "message", "reason", "note"}


def _render(node) -> str | None:
    """The message a node builds, each interpolated value replaced by a token."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out = []
        for k, part in enumerate(node.values, 1):
            out.append(part.value if isinstance(part, ast.Constant) else TOKEN.format(k))
        return "".join(out)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _render(node.left), _render(node.right)
        if left is None and right is None:
            return None
        return (left if left is not None else TOKEN.format("L")) + (right if right is not None else TOKEN.format("R"))
    return None


def _candidates(node):
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
        if name in ERRORS and len(node.args) > ERRORS[name]:
            yield node.args[ERRORS[name]]
        if isinstance(f, ast.Attribute) and f.attr in ("append", "extend", "insert") and node.args:
            owner = f.value.id if isinstance(f.value, ast.Name) else getattr(f.value, "attr", "")
            if "warning" in owner or owner == "notes":
                yield node.args[-1]
        for kw in node.keywords:
            if kw.arg in KEYWORDS:
                yield kw.value
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            if (isinstance(target, ast.Attribute) and target.attr in ATTRIBUTES) or \
                    (isinstance(target, ast.Name) and target.id in VARIABLES):
                yield node.value


def core_messages(folders=SCANNED) -> list[tuple[str, str]]:
    """(file:line, message with tokens) for every English message built in ``folders``."""
    found = []
    for path in sorted(p for folder in folders for p in folder.rglob("*.py")):
        if "messages" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for value in _candidates(node):
                for branch in (value.body, value.orelse) if isinstance(value, ast.IfExp) else (value,):
                    text = _render(branch)
                    bare = re.sub(r"⟦\w+⟧", "", text or "")
                    if text and re.search(r"[A-Za-z]{3,}", bare):
                        found.append((f"{path.relative_to(PACKAGE)}:{branch.lineno}", text))
    return found


MESSAGES = core_messages()


def test_the_scan_finds_the_core_messages():
    texts = {re.sub(r"⟦\w+⟧", "⟦⟧", t) for _, t in MESSAGES}
    assert len(MESSAGES) > 150
    assert "the .shx index file is missing (a shapefile needs .shp, .shx and .dbf together)" in texts
    assert "⟦⟧: ⟦⟧ feature(s) without geometry skipped" in texts
    assert "renderer must be auto, svg or canvas, not ⟦⟧" in texts      # parkgis.webmap
    assert "-o ⟦⟧: the 界址点成果表 is written as .xlsx or .csv" in texts   # parkgis.cli


@pytest.mark.parametrize("where,text", MESSAGES, ids=[w for w, _ in MESSAGES])
def test_every_core_message_has_its_chinese(where, text):
    out = localize(text)
    assert out != text, f"{where}: no Chinese for {text!r}"
    assert re.search(r"[\u4e00-\u9fff]", out)
    bare = re.sub(r"⟦\w+⟧", "", out)
    assert not re.search(r"\b[a-z]{3,} [a-z]{2,} [a-z]{2,}\b", bare), f"{where}: English left in {out!r}"


def test_placeholders_agree_and_templates_are_unique():
    entries = catalog()
    assert len({e.english for e in entries}) == len(entries)
    for e in entries:
        assert {n for _, n, _, _ in string.Formatter().parse(e.english) if n} == \
            {n for _, n, _, _ in string.Formatter().parse(e.chinese) if n}


def test_composed_messages():
    err = DataError("/data/园区.shp", "the .shx index file is missing (a shapefile needs .shp, .shx and .dbf "
                                     "together)")
    zh = localize_error(err)
    assert zh.startswith("/data/园区.shp：") and ".shx" in zh and "missing" not in zh
    assert localize(str(err)) == zh                        # the same from the composed text
    layered = DataError("p.gpkg", "the parcels layer is empty", layer="地块", feature=3)
    assert localize_error(layered).startswith("p.gpkg（图层 地块）：要素 3：")
    assert localize(str(layered)) == localize_error(layered)


def test_unknown_text_and_english_are_left_alone():
    assert localize("something nobody wrote a template for") == "something nobody wrote a template for"
    assert localize("file not found", "en") == "file not found"
    assert localize("") == ""
    assert localize_error(UsageError("nothing to undo"), "en_US") == "nothing to undo"


def test_cli_language(monkeypatch):
    for var in ("PARKGIS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert cli_language() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli_language() == "zh_CN"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert cli_language() == "en"
    monkeypatch.setenv("PARKGIS_LANG", "zh")
    assert cli_language() == "zh_CN"
    monkeypatch.setenv("PARKGIS_LANG", "en_US")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli_language() == "en"


def test_literal_braces_in_templates():
    assert localize("--basemap URL must contain {z}, {x} and {y}: https://t.example/tile.png") == \
        "--basemap 瓦片地址须含 {z}、{x} 和 {y}：https://t.example/tile.png"


def test_geos_reasons_inside_core_messages():
    import shapely

    bow_tie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    assert localize(shapely.is_valid_reason(bow_tie)) == "自相交[5 5]"


def test_a_long_unknown_line_costs_quadratic_matches_not_exponential(monkeypatch):
    """The prefix search tries the suffix after every ": ", and each suffix its own suffixes: without
    the cache a line of 40 parts would take 2⁴⁰ catalog matches (a tooltip localizes every warning
    of a layer on hover)."""
    calls = []
    real = messages._whole
    monkeypatch.setattr(messages, "_whole", lambda text: calls.append(text) or real(text))
    messages._line.cache_clear()
    text = ": ".join(f"part {i} nobody knows" for i in range(40))
    assert localize(text) == text
    assert len(calls) <= 40 * 40
