"""Starting the app as users start it: a process of its own, on an X display (Xvfb, Qt's xcb
platform), with the environment the user has — not the test session's (issue 16 item 2).

What the test harness adds to its own environment (the offscreen platform, pytest's variables, any
QtWebEngine flags) is taken out; the display is put in. ``HOME`` points to a fresh folder and the
XDG base directories are dropped, so the app starts with default settings (no layout restored from
a developer's earlier session) and its settings file can be read back; ``$HOME/.config`` is where
Qt keeps them on Linux."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: variables the test session sets for itself (tests/conftest.py, the Makefile, pytest)
HARNESS_VARIABLES = ("QT_QPA_PLATFORM", "QTWEBENGINE_CHROMIUM_FLAGS", "QTWEBENGINE_DISABLE_SANDBOX",
                     "QT_QUICK_BACKEND", "PARKGIS_LANG")
SETTINGS_PLACES = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
SCREEN = (1600, 1000)
AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


class Xvfb:
    """An X server of its own on a random display number.

    Not ``-displayfd`` (the first free number, usually :0): the sessions of one machine share the
    network namespace, so the abstract socket ``@/tmp/.X11-unix/X0`` of another session's X server
    (whose lock file this session cannot see) would take our clients. A random number in the
    thousands, and no abstract socket of our own (``-nolisten local``), keep the display ours."""

    def __init__(self, attempts: int = 5) -> None:
        exe = shutil.which("Xvfb")
        if exe is None:
            raise FileNotFoundError("Xvfb")
        rng = random.Random()
        for _ in range(attempts):
            number = rng.randrange(1000, 30000)
            socket_path = Path(f"/tmp/.X11-unix/X{number}")
            if socket_path.exists() or Path(f"/tmp/.X{number}-lock").exists():
                continue
            self.proc = subprocess.Popen([exe, f":{number}", "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                                          "-nolisten", "tcp", "-nolisten", "local"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and self.proc.poll() is None and not socket_path.exists():
                time.sleep(0.05)
            if self.proc.poll() is None and socket_path.exists():
                self.display = f":{number}"
                return
            self.stop()
        raise RuntimeError("Xvfb did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def open_folder(sample: Path) -> Path:
    """A folder every user may read and write (pytest's tmp dirs are the owner's only) with a copy of
    the sample project and a home."""
    folder = Path(tempfile.mkdtemp(prefix="parkgis-start-"))
    shutil.copy(sample, folder / sample.name)
    (folder / "home").mkdir()
    for p in [folder, *folder.rglob("*")]:
        p.chmod(0o777 if p.is_dir() else 0o666)
    return folder


def user_env(display: str, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in HARNESS_VARIABLES and k not in SETTINGS_PLACES and not k.startswith("PYTEST_")}
    env["DISPLAY"] = display
    env["HOME"] = str(home)
    return env


def can_run_as_nobody() -> str | None:
    """None when this interpreter runs as uid 65534 (the reason it cannot, else)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to become an ordinary user"
    if shutil.which("setpriv") is None:
        return "needs setpriv (util-linux)"
    probe = subprocess.run([*AS_NOBODY, sys.executable, "-c", "import parkgis, PySide6"], capture_output=True,
                           text=True, timeout=60, cwd="/")
    if probe.returncode != 0:
        # e.g. a virtualenv whose interpreter lies under /root (0700)
        return f"uid 65534 cannot run {sys.executable}: {probe.stderr.strip()[-200:]}"
    return None


def window_titles(display: str) -> list[str]:
    """The names of the top-level windows on the display (xwininfo, x11-utils)."""
    out = subprocess.run(["xwininfo", "-root", "-children", "-display", display], capture_output=True,
                         text=True, timeout=10).stdout
    return [line.split('"')[1] for line in out.splitlines() if line.count('"') >= 2]


def wait_for_window(display: str, contains: str, proc: subprocess.Popen, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for title in window_titles(display):
            if contains in title:
                return title
        if proc.poll() is not None:
            raise AssertionError(f"the app ended (exit {proc.returncode}) before a window {contains!r} showed")
        time.sleep(0.25)
    raise AssertionError(f"no window {contains!r} within {timeout} s: {window_titles(display)}")


GRAB = """
import json, sys
import numpy as np
from PySide6.QtGui import QGuiApplication, QImage
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(0).toImage().convertToFormat(QImage.Format.Format_RGB32)
image.save(sys.argv[1])
a = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width(), :3]
rgb = a.reshape(-1, 3).astype(np.uint32)
packed = (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
values, counts = np.unique(packed, return_counts=True)
print(json.dumps({"size": [image.width(), image.height()], "colours": int(len(values)),
                  "black": float(counts[values == 0].sum() / len(packed)) if (values == 0).any() else 0.0,
                  "top": int(values[np.argmax(counts)]), "top_share": float(counts.max() / len(packed))}))
"""


def screenshot(display: str, path: Path) -> dict:
    """The whole screen as a PNG at ``path`` (Qt's xcb screen grab: ``import`` and ``xwd`` are not
    installed) and its colour statistics."""
    env = {**user_env(display, path.parent), "QT_QPA_PLATFORM": "xcb"}
    out = subprocess.run([sys.executable, "-c", GRAB, str(path)], env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])
