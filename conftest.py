"""Collection rules for the doctests of the package (``--doctest-modules``, pyproject.toml).

Where PySide6 is not installed (``make test-core-nogui``: the dependency rule's proof), importing
the Qt modules to look for examples would fail, so they are not collected there; everywhere else
every module is imported and its examples run."""

from __future__ import annotations

import importlib.util

collect_ignore = ["setup.py", "layers", "benchmarks", "packaging", "build", "dist"]
# the tests' conftest.py files hold fixtures, not examples: collected as doctest modules, two of them
# (tests/gui, tests/webmap) would be imported under the one name "conftest" and collide when both
# folders are given on one command line (pytest tests/gui tests/webmap)
collect_ignore_glob = ["tests/*/conftest.py", "tests/*/*/conftest.py"]
if importlib.util.find_spec("PySide6") is None:
    collect_ignore += ["parkgis/gui", "tests/gui"]
