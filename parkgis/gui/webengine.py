"""QtWebEngine's start-up environment (the web-map preview runs Chromium inside the app).

Chromium aborts the *whole process* — the planner's unsaved project with it — when it starts as
root with its sandbox on ("Running as root without --no-sandbox is not supported"); a fresh machine
runs ``make run`` as root. QtWebEngine reads ``QTWEBENGINE_CHROMIUM_FLAGS`` once, when its context is
first created, so :func:`prepare_environment` runs before the QApplication exists (``create_application``)
and again before the preview module loads QtWebEngine (a harmless no-op the second time).
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

FLAGS_VARIABLE = "QTWEBENGINE_CHROMIUM_FLAGS"
NO_SANDBOX = "--no-sandbox"


def _euid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 1  # Windows has no root and no such abort


def prepare_environment(env: MutableMapping[str, str] | None = None, *, euid: int | None = None) -> bool:
    """Add ``--no-sandbox`` to QtWebEngine's Chromium flags when running as root (keeping any flags
    already there). Returns True when the sandbox is off for this process."""
    env = os.environ if env is None else env
    euid = _euid() if euid is None else euid
    flags = env.get(FLAGS_VARIABLE, "").split()
    if NO_SANDBOX in flags or env.get("QTWEBENGINE_DISABLE_SANDBOX") == "1":
        return True
    if euid != 0:
        return False
    env[FLAGS_VARIABLE] = " ".join([*flags, NO_SANDBOX])
    return True


__all__ = ["prepare_environment"]
