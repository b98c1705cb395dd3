"""``parkgis FILE.shp`` (or any data file) opens it as a new, unsaved project holding that layer, as
QGIS would; saving asks for a .gpkg name (issue 9 item 17). And the About box promises only what
exists."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog  # noqa: E402

from parkgis.core.project import Project, is_sqlite_file  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shapefile(tmp_path):
    folder = tmp_path / "数据"
    folder.mkdir()
    gdf = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02", "A-03"]},
                           geometry=[shapely.box(37_500_000 + 100 * i, 4_400_000, 37_500_080 + 100 * i, 4_400_080)
                                     for i in range(3)], crs=4525)
    path = folder / "地块.shp"
    gdf.to_file(path, engine="pyogrio", encoding="UTF-8")
    return path


def digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_shapefile_opens_as_a_new_unsaved_project(qtbot, zh, settings, shapefile, monkeypatch):
    before = digest(shapefile.parent)
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    assert win.open_path(shapefile)
    assert win.project.path is None and [lyr.name for lyr in win.project.layers] == ["地块"]
    assert len(win.project.layers[0].gdf) == 3
    assert win.windowTitle().startswith("地块 （未保存）[*]") and win.isWindowModified()
    assert win.last_error is None
    asked = []

    def save_dialog(parent, caption, start, filters):
        asked.append((start, filters))
        return str(shapefile.parent / "新工程"), filters           # no extension typed: .gpkg is added

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    assert win.save_project()
    assert asked and asked[0][0] == str(shapefile.parent / "地块.gpkg") and "*.gpkg" in asked[0][1]
    saved = shapefile.parent / "新工程.gpkg"
    assert win.project.path == saved and is_sqlite_file(saved)
    assert len(Project.open(saved).layer("地块").gdf) == 3
    assert not win.isWindowModified() and "未保存" not in win.windowTitle()
    after = digest(shapefile.parent)
    assert {k: v for k, v in after.items() if k != "新工程.gpkg"} == before    # the data file untouched


def test_a_geopackage_still_opens_as_the_project(qtbot, zh, settings, tmp_path):
    path = Project.create(tmp_path / "工程.gpkg").path
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    assert win.open_path(path)
    assert win.project.path == path


def test_an_unreadable_data_file_is_one_message_and_keeps_the_project(qtbot, zh, settings, tmp_path, shapefile):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    assert win.open_path(shapefile)
    current = win.project
    junk = tmp_path / "坏.geojson"
    junk.write_text("{not json", encoding="utf-8")
    assert not win.open_path(junk)
    assert win.project is current
    title, message = win.last_error
    assert title == "无法打开" and "坏.geojson" in message and "\n" not in message


def test_the_parkgis_command_opens_a_data_file(shapefile, tmp_path):
    """The real entry, ``parkgis FILE.shp``, in a process of its own."""
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        real_exec = QApplication.exec
        def report():
            from parkgis.gui.main_window import MainWindow
            w = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
            print("TITLE", w.windowTitle(), flush=True)
            print("LAYERS", [(l.name, len(l.gdf)) for l in w.project.layers], flush=True)
            print("ERROR", w.last_error, flush=True)
            w.interactive = False
            QApplication.quit()
        def exec_then_report(*_):
            QTimer.singleShot(0, report)
            return real_exec()
        QApplication.exec = exec_then_report
        sys.argv = ["parkgis", sys.argv[1]]
        from parkgis.__main__ import entry
        entry()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PARKGIS_LANG": "zh_CN", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / ".config")}
    proc = subprocess.run([sys.executable, "-c", script, str(shapefile)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert any(line.startswith("TITLE 地块 （未保存）") for line in lines), proc.stdout
    assert "LAYERS [('地块', 3)]" in lines and "ERROR None" in lines, proc.stdout
    assert "不是 GeoPackage 项目" not in proc.stdout + proc.stderr


def test_the_about_box_and_the_package_promise_only_what_exists(qtbot, zh, settings):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    texts = {"about": win.about_text(),
             "pyproject": tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["description"],
             "desktop": (REPO / "packaging" / "linux" / "parkgis.desktop").read_text(encoding="utf-8")}
    for where, text in texts.items():
        for unbuilt in ("PostgreSQL", "PostGIS", "团队", "team"):
            assert unbuilt not in text, (where, unbuilt)
    assert "合规性审查" in texts["about"] and "网页地图" in texts["about"]
    assert "标准地台账" in texts["about"] and "拍前体检" in texts["about"]
