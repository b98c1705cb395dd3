"""Projects for the window: the GUI's single door into :mod:`parkgis.core.project`.

Everything here is plain calls into core; the window adds dialogs and error messages around them.
"""

from __future__ import annotations

from pathlib import Path

from ..core.io import formats
from ..core.layers import VectorLayer
from ..core.project import Project


def open_project(path: str | Path) -> Project:
    """Open ``path`` (raises :class:`~parkgis.core.errors.ParkgisError` on bad input)."""
    return Project.open(path)


def create_project(path: str | Path) -> Project:
    return Project.create(path)


def unsaved_project() -> Project:
    """A project without a file yet (layers added before the first save; saving asks for a name)."""
    return Project(None)


def add_layer_file(project: Project, path: str | Path) -> list[VectorLayer]:
    """Read every layer of ``path`` into ``project`` (roles detected, constraint layers locked)."""
    return project.add_file(path)


def can_save(project: Project | None) -> bool:
    return project is not None


def project_title(project: Project | None) -> str:
    if project is None:
        return ""
    path = getattr(project, "path", None)
    return Path(path).stem if path else ""


def readable_extensions() -> list[str]:
    """``*.ext`` patterns of every format with a reader (for the add-layer file dialog)."""
    seen: list[str] = []
    for fmt in formats():
        if fmt.reader is None:
            continue
        for ext in fmt.extensions:
            pattern = f"*{ext}"
            if pattern not in seen:
                seen.append(pattern)
    return seen
