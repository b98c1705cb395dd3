"""The desktop app started as users start it (issue 16 item 2): ``python -m parkgis PROJECT`` in a
process of its own, on an X server (Xvfb) through Qt's xcb platform, with the user's environment
and default settings (tests/gui/user_start.py says what that means), closed by SIGTERM as a logout
or ``kill`` closes it — as root and as an ordinary user.

What this covers that the in-process tests cannot: ``run_app`` itself (create_application, the
translators of the default language, the first-start maximised window, the project given on the
command line, the layout saved on close) and a clean exit."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from user_start import AS_NOBODY, can_run_as_nobody, open_folder, screenshot, user_env, wait_for_window

pytest.importorskip("PySide6")

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "layers" / "ordos_sample.gpkg"
#: the main window's title once the sample is open, in the default language (Chinese)
TITLE = "ordos_sample — parkgis 园区空间规划"


@pytest.fixture
def folder():
    path = open_folder(SAMPLE)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def start(folder: Path, display: str, prefix: list[str]) -> subprocess.Popen:
    with (folder / "stdout.txt").open("w") as out, (folder / "stderr.txt").open("w") as err:
        return subprocess.Popen([*prefix, sys.executable, "-m", "parkgis", str(folder / SAMPLE.name)],
                                env=user_env(display, folder / "home"), cwd=folder, stdout=out, stderr=err)


def as_user(who: str) -> list[str]:
    if who == "self":
        return []
    reason = can_run_as_nobody()
    if reason:
        pytest.skip(reason)
    return AS_NOBODY


@pytest.mark.parametrize("who", ["self", "nobody"])   # self: whoever runs the tests (root on CI)
def test_the_app_starts_on_the_sample_draws_it_and_closes_cleanly_on_sigterm(folder, xvfb_display, who, tmp_path):
    prefix = as_user(who)
    proc = start(folder, xvfb_display, prefix)
    try:
        try:
            title = wait_for_window(xvfb_display, "ordos_sample", proc)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\nstderr:\n{(folder / 'stderr.txt').read_text(errors='replace')[-3000:]}") from None
        assert title == TITLE
        shot = screenshot(xvfb_display, tmp_path / f"app-{who}.png")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        code = proc.wait(60)
    stderr = (folder / "stderr.txt").read_text(errors="replace")
    assert code == 0, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    # the window drew the map: many colours, no colour covering most of the screen
    assert shot["size"] == [1600, 1000]
    assert shot["colours"] > 200 and shot["top_share"] < 0.6, shot
    # closed as by its close button: the layout was saved for the next start
    conf = (folder / "home" / ".config" / "parkgis" / "parkgis.conf").read_text(encoding="utf-8")
    assert "[window]" in conf and "geometry=" in conf and SAMPLE.name in conf
