"""What a project feeds into the conflict check: its parcels and its constraint layers by role.

One place for the CLI (``parkgis check PROJECT``), the desktop check panel and the web map.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from ..errors import DataError
from ..layers import VectorLayer
from ..roles import Role


def constraint_layers(project) -> dict[str, list[VectorLayer]]:
    """Non-empty layers of every constraint role, by role value (parcels and reference excluded)."""
    out: dict[str, list[VectorLayer]] = {}
    for layer in project.layers:
        if layer.role not in (Role.PARCELS, Role.REFERENCE) and len(layer.gdf):
            out.setdefault(layer.role.value, []).append(layer)
    return out


def project_check_inputs(project) -> tuple[VectorLayer, dict[str, list[VectorLayer]]]:
    """The parcels (several parcel layers are checked as one, in the first one's CRS) and the
    constraint layers by role of ``project``. Raises :class:`DataError` when there are no parcels."""
    path = str(project.path) if project.path is not None else "(unsaved project)"
    parcel_layers = _parcel_layers(project)
    if len(parcel_layers) == 1:
        parcels = parcel_layers[0]
    else:
        crs = parcel_layers[0].gdf.crs
        gdf = gpd.GeoDataFrame(pd.concat([layer.gdf.to_crs(crs) for layer in parcel_layers], ignore_index=True),
                               geometry=parcel_layers[0].gdf.geometry.name, crs=crs)
        parcels = VectorLayer(name="+".join(layer.name for layer in parcel_layers), gdf=gdf, role=Role.PARCELS)
        parcels.provenance.source_path = path
    return parcels, constraint_layers(project)


def check_layers(project) -> list[VectorLayer]:
    """The layers :func:`project_check_inputs` reads (what a check's snapshot must hold); raises
    the same :class:`DataError` when there are no parcels, so that a front end can say so before it
    starts a worker."""
    parcels = _parcel_layers(project)
    return parcels + [layer for layers in constraint_layers(project).values() for layer in layers]


def _parcel_layers(project) -> list[VectorLayer]:
    layers = [layer for layer in project.layers_by_role(Role.PARCELS) if len(layer.gdf)]
    if not layers:
        path = str(project.path) if project.path is not None else "(unsaved project)"
        raise DataError(path, "the project has no parcels (地块/标准地) layer; set a layer's role to parcels")
    return layers
