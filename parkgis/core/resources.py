"""Find files under ``resources/`` both when installed (package ``parkgis.resources``) and when
running from a source checkout (where that package does not exist: ``resources/`` sits beside
``parkgis/``)."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def resources_root() -> Path:
    """The folder that holds icons, styles, rule sets, ... (installed or source tree)."""
    try:
        root = importlib.resources.files("parkgis.resources")
        path = Path(str(root))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    import parkgis

    return Path(parkgis.__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("rulesets", "default.toml")``."""
    return resources_root().joinpath(*parts)
