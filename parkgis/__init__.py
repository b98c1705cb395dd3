"""parkgis: desktop GIS for industrial-park spatial planning (园区空间规划).

The small public API lives here; everything else is in ``parkgis.core`` (domain logic, no Qt),
``parkgis.webmap`` (folium export), ``parkgis.cli`` and ``parkgis.gui``.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["ConflictError", "EditRefused", "ValidationError", "__version__", "check_parcels", "check_project", "open_project", "read_layers"]


def __getattr__(name):
    if name == "ConflictError":   # lazily, so that `import parkgis` stays light
        from .core.store.base import ConflictError
        return ConflictError
    if name == "EditRefused":
        from .core.editing.operations import EditRefused
        return EditRefused
    if name == "ValidationError":
        from .core.editing.validation import ValidationError
        return ValidationError
    raise AttributeError(name)


def open_project(path):
    """Open a parkgis project (GeoPackage). See :class:`parkgis.core.project.Project`."""
    from .core.project import Project

    return Project.open(path)


def read_layers(path, **kwargs):
    """Read every layer of a supported file. See :func:`parkgis.core.io.read_layers`."""
    from .core.io import read_layers as _read_layers

    return _read_layers(path, **kwargs)


def check_parcels(parcels, constraints=None, ruleset=None, **options):
    """Conflict check (合规性审查) of parcels against constraint layers. See
    :func:`parkgis.core.analysis.check_parcels`."""
    from .core.analysis import check_parcels as _check_parcels

    return _check_parcels(parcels, constraints, ruleset, **options)


def check_project(project, ruleset=None, **options):
    """Conflict check of a project's parcels against its constraint layers."""
    from .core.analysis import check_project as _check_project

    return _check_project(project, ruleset, **options)
