"""Fixtures for the web map tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostile import hostile_project  # noqa: E402


@pytest.fixture
def hostile():
    return hostile_project()


@pytest.fixture
def sample_project(request):
    path = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"
    if not path.exists():
        pytest.fail(f"the sample project {path} is missing")
    return path
