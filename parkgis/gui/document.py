"""Projects for the window: the GUI's single door into :mod:`parkgis.core.project`.

Everything here is plain calls into core; the window adds dialogs and error messages around them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ..core.io import formats
from ..core.layers import VectorLayer
from ..core.project import Project, is_sqlite_file
from ..core.store.postgis import is_team_location


def open_project(path: str | Path, password_prompt=None) -> Project:
    """Open ``path`` — a project file, or a team database's ``postgresql://`` URL, whose missing
    password ``password_prompt(label)`` asks for (raises :class:`~parkgis.core.errors.ParkgisError`
    on bad input)."""
    return Project.open(path, password_prompt=password_prompt)


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


def is_project_path(path: str | Path) -> bool:
    """A project (any GeoPackage) opens as itself; any other data file becomes a new project's layer.
    A path that does not exist goes the project way too, whose error names it."""
    if is_team_location(path):
        return True
    p = Path(path)
    return not p.exists() or (p.is_file() and is_sqlite_file(p))


def project_title(project: Project | None) -> str:
    """The file's name, or for a project not saved yet the name it was given (its data file's)."""
    if project is None:
        return ""
    path = getattr(project, "path", None)
    if path:
        return Path(path).stem
    if getattr(project, "is_database", False):
        return str(project.settings.get("name") or project.location)
    return str((getattr(project, "settings", None) or {}).get("name") or "")


def suggested_project_path(project: Project) -> Path | None:
    """Where "Save As" of a project without a file proposes to save it: ``NAME.gpkg`` beside the
    data file its first layer came from (the QGIS habit of saving next to the data)."""
    for layer in project.layers:
        source = getattr(layer.provenance, "source_path", None)
        if source:
            folder = Path(source).parent
            stem = project_title(project) or Path(source).stem
            return folder / f"{stem}.gpkg"
    return None


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


class ProjectSignals(QObject):
    """The project's events as Qt signals: the one adapter between the core's observable
    project and the widgets. A widget listens here; none pushes changes into another widget."""

    layersChanged = Signal(str, str)       # action, layer id
    featuresChanged = Signal(str, list)    # layer id, fids
    dirtyChanged = Signal(bool)
    sessionChanged = Signal(str)           # layer id
    registerChanged = Signal(list)         # 标准地 parcel ids (edited, undone, redone, rolled back, committed)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None

    def attach(self, project: Project | None) -> None:
        if self.project is not None:
            events = self.project.events
            events.layers_changed.disconnect(self.layersChanged.emit)
            events.features_changed.disconnect(self._features)
            events.dirty_changed.disconnect(self.dirtyChanged.emit)
            events.session_changed.disconnect(self.sessionChanged.emit)
            events.register_changed.disconnect(self._register)
        self.project = project
        if project is not None:
            events = project.events
            events.layers_changed.connect(self.layersChanged.emit)
            events.features_changed.connect(self._features)
            events.dirty_changed.connect(self.dirtyChanged.emit)
            events.session_changed.connect(self.sessionChanged.emit)
            events.register_changed.connect(self._register)

    def _register(self, parcel_ids) -> None:
        self.registerChanged.emit(list(parcel_ids))

    def _features(self, layer_id: str, fids) -> None:
        self.featuresChanged.emit(layer_id, list(fids))
