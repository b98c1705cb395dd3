"""Where the ``resources/`` folder is: delegated to :mod:`parkgis.core.resources`."""

from __future__ import annotations

from pathlib import Path

from ..core.resources import resource_path, resources_root


def resources_dir() -> Path:
    return resources_root()


def resource(*parts: str) -> Path:
    return resource_path(*parts)
