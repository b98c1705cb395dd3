"""A team-database project written back to a GeoPackage project (``parkgis db export``, the desktop's
另存为): the reverse of ``parkgis db publish`` — every layer with its fids and feature versions, roles,
styles, locks and provenance, the 标准地 register tables and the database's audit, written aside and
moved into place (nothing is left half-written)."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError


def export_project(url: str, path: str | Path, *, password_prompt=None) -> dict:
    """Write the database project at ``url`` to the new GeoPackage ``path``. Returns
    ``{"path", "from", "layers": {name: features}, "audit_rows", "register_tables"}``."""
    from ..project import Project

    path = Path(path)
    if path.exists():
        raise UsageError(f"{path} already exists; choose a new file for the export")
    project = Project.open(url, password_prompt=password_prompt)
    try:
        origin = project.location
        registers = project.store.register_rows()
        counts = {layer.name: len(layer.gdf) for layer in project.layers}
        project.save(path)
        audit_rows = len(project.store.audit_rows())
    finally:
        project.close()
    return {"path": str(path), "from": origin, "layers": counts, "audit_rows": audit_rows,
            "register_tables": sorted(registers)}
