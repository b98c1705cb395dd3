"""Opening and creating projects for the window: the GUI's single door into ``parkgis.core``.

The window needs only ``layers`` (draw order, bottom first), ``crs``, ``path`` and ``save()``.
:class:`parkgis.core.project.Project` provides them; until it is importable, a read-only stand-in
lists the layers of any GeoPackage (or other supported file) so the window can be built and tested.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from ..core.errors import UsageError
from ..core.layers import Provenance, VectorLayer
from ..core.roles import guess_role


class ProjectLike(Protocol):
    path: Any
    layers: list[VectorLayer]
    crs: Any


def _project_class():
    try:
        from ..core.project import Project
    except ImportError:
        return None
    return Project


def project_api_available() -> bool:
    return _project_class() is not None


def open_project(path: str | Path) -> ProjectLike:
    """Open ``path`` as a project (raises :class:`~parkgis.core.errors.ParkgisError` on bad input)."""
    cls = _project_class()
    if cls is not None:
        return cls.open(path)
    return FileLayers.open(path)


def create_project(path: str | Path) -> ProjectLike:
    cls = _project_class()
    if cls is None:
        raise UsageError("creating projects needs parkgis.core.project, which this build lacks")
    return cls.create(path)


def can_save(project: ProjectLike | None) -> bool:
    return project is not None and callable(getattr(project, "save", None))


def project_title(project: ProjectLike | None) -> str:
    path = getattr(project, "path", None)
    return Path(path).stem if path else ""


class FileLayers:
    """Read-only stand-in for a project: the layers of one file, roles guessed from their names."""

    def __init__(self, path: Path, layers: list[VectorLayer]) -> None:
        self.path = path
        self.layers = layers
        self.settings: dict[str, Any] = {}
        self.crs = next((lyr.crs for lyr in layers if lyr.crs is not None), None)

    @classmethod
    def open(cls, path: str | Path) -> FileLayers:
        path = Path(path)
        try:
            from ..core.io import read_layers

            layers = read_layers(path)
        except ImportError:  # the built-in readers are not registered yet
            layers = cls._read_with_pyogrio(path)
        for layer in layers:
            if layer.role.value == "reference":
                guess = guess_role(path.name, layer.name)
                layer.role, layer.role_reason = guess.role, guess.reason
                layer.locked = None
                layer.__post_init__()
        return cls(path, layers)

    @staticmethod
    def _read_with_pyogrio(path: Path) -> list[VectorLayer]:
        import pyogrio

        from ..core.errors import DataError

        if not path.exists():
            raise DataError(path, "file not found")
        try:
            names = [str(row[0]) for row in pyogrio.list_layers(path)]
            layers = []
            for name in names:
                gdf = pyogrio.read_dataframe(path, layer=name, use_arrow=True)
                if "geometry" not in gdf:
                    continue  # attribute-only tables (e.g. parkgis_* metadata)
                layers.append(VectorLayer(name, gdf, provenance=Provenance(source_path=str(path),
                                                                           source_layer=name)))
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            raise DataError(path, f"cannot read: {exc}") from None
        return layers
