"""Shared fixtures: the real data folder beside the clone, tiny layers built in code."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.fail(f"real test data not found at {REALDATA} (CI lays shared/ beside the clone)")
    return REALDATA
