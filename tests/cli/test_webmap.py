"""``parkgis webmap`` end to end: writes one offline page; bad input exits 1/2 with one line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from parkgis.cli.main import run_cli
from parkgis.webmap.safety import external_references

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


def data_of(page: str) -> dict:
    (raw,) = re.findall(r'<script type="application/json" id="pk-data">(.*?)</script>', page, re.S)
    return json.loads(raw)


def test_webmap_writes_an_offline_page(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert run_cli(["webmap", str(SAMPLE), "-o", str(out), "--title", "<b>示例</b>"]) == 0
    page = out.read_text(encoding="utf-8")
    assert external_references(page) == []
    data = data_of(page)
    assert data["title"] == "<b>示例</b>" and "<title>&lt;b&gt;示例&lt;/b&gt;</title>" in page
    assert len(data["layers"]) == 6 and data["scheme"] == "status"
    err = capsys.readouterr().err
    assert re.search(r"wrote .*map\.html \(\d+\.\d\d MB, 6 layers; 符合 971, 有条件 11, 不符合 43\)", err)


def test_webmap_options(tmp_path):
    out = tmp_path / "m.html"
    assert run_cli(["webmap", str(SAMPLE), "-o", str(out), "--layers", "地块", "园区四至", "--colour-by", "lifecycle",
                    "--basemap", "tianditu", "--tianditu-key", "abcdef0123456789"]) == 0
    data = data_of(out.read_text(encoding="utf-8"))
    assert [lyr["name"] for lyr in data["layers"]] == ["地块", "园区四至"]
    assert data["scheme"] == "lifecycle"
    assert data["basemaps"][0]["tiles"][0]["url"].endswith("tk=abcdef0123456789")


@pytest.mark.parametrize("argv, code, message", [
    (["--basemap", "tianditu"], 2, "needs a key"),
    (["--layers", "无此图层"], 2, "no layer named '无此图层'"),
    (["--basemap", "ftp://x"], 2, "unknown base map"),
])
def test_webmap_bad_usage(tmp_path, capsys, argv, code, message):
    assert run_cli(["webmap", str(SAMPLE), "-o", str(tmp_path / "m.html"), *argv]) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "m.html").exists()


def test_webmap_bad_project(tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_text("not a database", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "parkgis", "webmap", str(bad), "-o", str(tmp_path / "m.html")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "bad.gpkg" in proc.stderr
    missing = subprocess.run([sys.executable, "-m", "parkgis", "webmap", str(SAMPLE)], capture_output=True, text=True)
    assert missing.returncode == 2
