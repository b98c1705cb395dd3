"""Collection rules for the doctests of the package (``--doctest-modules``, pyproject.toml).

Where PySide6 is not installed (``make test-core-nogui``: the dependency rule's proof), importing
the Qt modules to look for examples would fail, so they are not collected there; everywhere else
every module is imported and its examples run."""

from __future__ import annotations

import importlib.util

collect_ignore = ["setup.py", "layers", "benchmarks", "packaging", "build", "dist"]
if importlib.util.find_spec("PySide6") is None:
    collect_ignore += ["parkgis/gui", "tests/gui"]
