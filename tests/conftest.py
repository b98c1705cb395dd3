"""Shared fixtures: the real data folder beside the clone, tiny layers built in code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"


@pytest.fixture(scope="session", autouse=True)
def _qt_offscreen():
    """No window shows in the in-process GUI tests: Qt's offscreen platform for this session (the
    Makefile sets it too), unless the caller chose a platform. Scoped to the session by
    monkeypatch, not set at import time; QApplication (pytest-qt's session ``qapp``) is created
    after it. The tests that start the app as users do (tests/gui/test_app_start.py) build their
    own environment and run it on Xvfb."""
    with pytest.MonkeyPatch.context() as mp:
        if "QT_QPA_PLATFORM" not in os.environ:
            mp.setenv("QT_QPA_PLATFORM", "offscreen")
        yield


@pytest.fixture(scope="session", autouse=True)
def _own_config_home(tmp_path_factory):
    """The tests' user has a config folder of their own (``XDG_CONFIG_HOME``, as any Linux user may):
    the connection profiles, the team projects' crash journals and Qt's settings written by the tests
    stay out of the home of whoever runs them. Tests of a user's real layout set HOME themselves."""
    with pytest.MonkeyPatch.context() as mp:
        if "XDG_CONFIG_HOME" not in os.environ:
            mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config-home")))
        yield


@pytest.fixture(scope="session")
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.fail(f"real test data not found at {REALDATA} (CI lays shared/ beside the clone)")
    return REALDATA


@pytest.fixture(autouse=True)
def _english_cli(request, monkeypatch):
    """The CLI tests assert English messages: pin the CLI's language whatever the machine's locale
    (the Chinese output has tests of its own, which set ``PARKGIS_LANG`` themselves). Not a
    tests/cli/conftest.py: a second module named ``conftest`` shadows tests/webmap's helpers."""
    if "cli" in request.node.path.parent.parts[-1:]:
        monkeypatch.setenv("PARKGIS_LANG", "en")


@pytest.fixture(scope="session")
def postgis_server():
    """A PostgreSQL 15 + PostGIS 3 server on loopback for this test session (``tests/pgserver.py``),
    stopped and removed at the end. Tests that take it are skipped, with the reason, only when it
    cannot be started (packages or psycopg missing)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("PostGIS tests need psycopg 3 (pip install -e '.[team]')")
    from pgserver import LocalPostgres, ServerUnavailable

    server = LocalPostgres()
    try:
        server.start()
    except ServerUnavailable as exc:
        server.stop()
        pytest.skip(f"the test PostgreSQL/PostGIS server could not be started: {exc}")
    try:
        yield server
    finally:
        server.stop()
