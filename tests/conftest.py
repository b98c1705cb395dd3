"""Shared fixtures: the real data folder beside the clone, tiny layers built in code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# pytest-qt finds PySide6 by itself; say so explicitly where it is installed. (Not in pyproject's
# ini options: the no-PySide6 run has no pytest-qt, and an unknown option there is an error.)
os.environ.setdefault("PYTEST_QT_API", "pyside6")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"


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
