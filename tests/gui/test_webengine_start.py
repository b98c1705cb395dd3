"""The web-map preview must not take the app down: Chromium aborts the whole process when it starts
as root with its sandbox on, and ``make run`` runs as root on a fresh machine (issue 9 item 13).

The app is run as users run it — the ``parkgis PROJECT`` entry in a process of its own, on an X
server (Xvfb, Qt's xcb platform) with the user's environment (tests/gui/user_start.py: no
QtWebEngine flags, no offscreen platform, default settings) — and the preview is opened in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from user_start import AS_NOBODY, can_run_as_nobody, user_env

pytest.importorskip("PySide6")
pytest.importorskip("folium")

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "layers" / "ordos_sample.gpkg"
DRIVER = Path(__file__).with_name("app_preview_driver.py")
FLAG_VARIABLES = ("QTWEBENGINE_CHROMIUM_FLAGS", "QTWEBENGINE_DISABLE_SANDBOX")


def test_prepare_environment_adds_no_sandbox_for_root_only_and_keeps_other_flags():
    from parkgis.gui.webengine import prepare_environment

    env = {"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu --lang=zh-CN"}
    assert prepare_environment(env, euid=0)
    assert env["QTWEBENGINE_CHROMIUM_FLAGS"] == "--disable-gpu --lang=zh-CN --no-sandbox"
    assert prepare_environment(env, euid=0)                      # twice: the flag is not repeated
    assert env["QTWEBENGINE_CHROMIUM_FLAGS"].count("--no-sandbox") == 1
    empty: dict = {}
    assert prepare_environment(empty, euid=0) and empty == {"QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}
    user = {"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu"}
    assert not prepare_environment(user, euid=1000)              # an ordinary user keeps the sandbox
    assert user == {"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu"}


@pytest.fixture(scope="module")
def shared_folder():
    """Map and project in a folder every user can read (pytest's tmp dirs are root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="parkgis-preview-"))
    shutil.copy(SAMPLE, folder / "ordos_sample.gpkg")
    env = {k: v for k, v in os.environ.items() if k not in FLAG_VARIABLES}
    subprocess.run([sys.executable, "-m", "parkgis", "webmap", str(folder / "ordos_sample.gpkg"),
                    "-o", str(folder / "map.html")], check=True, env=env, capture_output=True, timeout=300)
    (folder / "home").mkdir()
    for p in [folder, *folder.rglob("*")]:
        p.chmod(0o777 if p.is_dir() else 0o666)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_app(folder: Path, display: str, prefix: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, str(DRIVER), str(folder / "map.html"),
                           str(folder / "ordos_sample.gpkg")],
                          env=user_env(display, folder / "home"), capture_output=True, text=True, timeout=180,
                          cwd=folder)


def check_survived(proc: subprocess.CompletedProcess) -> None:
    out = proc.stdout.splitlines()
    detail = f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr (tail):\n{proc.stderr[-3000:]}"
    assert "FLAGS-AT-START None" in out, detail          # the test gave the app no flag
    assert "PROJECT ordos_sample.gpkg" in out, detail
    loaded = [line for line in out if line.startswith("LOADED")]
    assert loaded, detail
    _, ok, paths = loaded[0].split()
    assert ok == "True" and int(paths) > 1000, detail    # the sample map draws its ~1 500 paths
    assert proc.returncode == 0, detail
    assert "Running as root without --no-sandbox" not in proc.stderr


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (the failing case)")
def test_the_app_run_as_root_survives_opening_the_preview(shared_folder, xvfb_display):
    proc = run_app(shared_folder, xvfb_display, [])
    check_survived(proc)
    assert "FLAGS-AT-PREVIEW --no-sandbox" in proc.stdout.splitlines()   # the app turned it off itself


@pytest.mark.slow
def test_the_app_run_as_an_ordinary_user_keeps_the_sandbox_and_shows_the_preview(shared_folder, xvfb_display):
    reason = can_run_as_nobody()
    if reason:
        pytest.skip(reason)
    proc = run_app(shared_folder, xvfb_display, AS_NOBODY)
    check_survived(proc)
    assert "FLAGS-AT-PREVIEW None" in proc.stdout.splitlines()           # an ordinary user keeps the sandbox


def test_without_qtwebengine_the_preview_is_a_message_and_the_app_carries_on(qtbot, zh, settings, monkeypatch,
                                                                            tmp_path):
    # QtWebEngine's module (or a system library it needs) missing: importing the preview fails
    import parkgis.gui
    from parkgis.gui.main_window import MainWindow

    monkeypatch.setitem(sys.modules, "parkgis.gui.webmap_preview", None)
    monkeypatch.delattr(parkgis.gui, "webmap_preview", raising=False)
    window = MainWindow(settings, interactive=False)
    qtbot.addWidget(window)
    assert window.open_project_path(SAMPLE)
    page = tmp_path / "map.html"
    page.write_text("<html></html>", encoding="utf-8")
    assert window._parkgis_webmap_actions.show_preview(page) is None
    title, message = window.last_error
    assert title == "网页地图预览"
    assert "程序内预览不可用" in message and str(page) in message
    assert window.project is not None and window.isEnabled()
