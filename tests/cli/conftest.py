"""The CLI's messages are asserted in English: pin the language whatever the machine's locale
(the Chinese output has tests of its own that set ``PARKGIS_LANG``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_cli(monkeypatch):
    monkeypatch.setenv("PARKGIS_LANG", "en")
