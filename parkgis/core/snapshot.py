"""The project snapshot that workers read: a detached copy taken on the thread that owns the project.

A worker thread (the web-map export, the conflict check, the canvas renderer) must not read the live
layers: a commit changes them under it (:func:`parkgis.core.project._apply_to_frame` writes new
geometries into the layer's geometry array *in place* and attribute values into its columns, and an
addition or deletion replaces ``layer.gdf``). :func:`build` copies what a worker reads while the
owner's thread holds the project — the attribute columns, the geometry array (shapely geometries
are immutable, so copying the array of references is enough), the layers' descriptions and the
project settings — and :meth:`ProjectSnapshot.to_project` makes a :class:`~parkgis.core.project.Project`
of it on the worker thread. CRSs travel as WKT text: pyproj CRS objects made on one thread crashed
when used on another, so the worker makes its own.

The snapshot holds the committed state of each layer (``layer.gdf``), as the CLI reads a project;
edits not yet committed in an edit session are not in it.

Examples
--------
>>> import geopandas as gpd, shapely
>>> from parkgis.core.layers import VectorLayer
>>> from parkgis.core.project import Project
>>> project = Project()
>>> project.layers.append(VectorLayer("p", gpd.GeoDataFrame({"n": ["a"]}, geometry=[shapely.box(0, 0, 1, 1)])))
>>> snap = build(project)
>>> project.layers[0].gdf.geometry.values[0] = shapely.box(0, 0, 2, 2)   # what a commit does
>>> snap.layer("p").geoms[0].area, snap.to_project().layer("p").gdf.geometry.iloc[0].area
(1.0, 1.0)
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .layers import VectorLayer


def geometry_array(gdf) -> np.ndarray:
    """A copy of a frame's geometries as an object array, safe to read on another thread.

    ``np.asarray(gdf.geometry.array)`` is *not*: it is the frame's own storage, which a commit
    overwrites in place."""
    return np.array(gdf.geometry.values, dtype=object, copy=True)


@dataclass(frozen=True)
class LayerSnapshot:
    """One layer as it was when the snapshot was taken."""

    layer: VectorLayer       # the layer's description (name, id, role, style, revision…) without data
    frame: pd.DataFrame      # the attribute columns (a copy), indexed by fid
    geoms: np.ndarray        # the shapely geometries (a copy of the array)
    geometry_name: str
    crs_wkt: str | None

    @property
    def name(self) -> str:
        return self.layer.name

    def __len__(self) -> int:
        return len(self.geoms)

    def to_layer(self) -> VectorLayer:
        """A :class:`VectorLayer` over this snapshot's data (make it on the thread that uses it: it
        creates the CRS)."""
        import geopandas as gpd

        gdf = gpd.GeoDataFrame(self.frame.copy(deep=False),
                               geometry=gpd.GeoSeries(self.geoms.copy(), index=self.frame.index, crs=self.crs_wkt),
                               crs=self.crs_wkt)
        if self.geometry_name != gdf.geometry.name:
            gdf = gdf.rename_geometry(self.geometry_name)
        return replace(_description(self.layer), gdf=gdf)


@dataclass(frozen=True)
class ProjectSnapshot:
    """What a worker reads of a project, copied on the project's thread (see the module notes)."""

    path: Path | None
    settings: dict
    warnings: tuple[str, ...]
    layers: tuple[LayerSnapshot, ...]

    def layer(self, name: str) -> LayerSnapshot:
        for snap in self.layers:
            if snap.name == name:
                return snap
        raise KeyError(name)

    def to_project(self):
        """A :class:`~parkgis.core.project.Project` over this snapshot's data, not tied to a file
        (nothing is read or written): call it on the worker thread."""
        from .project import Project

        project = Project(self.path)
        project.settings = copy.deepcopy(self.settings)
        project.warnings = list(self.warnings)
        project.layers = [snap.to_layer() for snap in self.layers]
        return project


def build(project, layers: Iterable[VectorLayer] | None = None) -> ProjectSnapshot:
    """Snapshot ``project`` (all its layers, or only ``layers``) on the thread that owns it."""
    chosen = list(project.layers) if layers is None else list(layers)
    snaps = []
    for lyr in chosen:
        gdf = lyr.gdf
        geometry_name = gdf.geometry.name
        snaps.append(LayerSnapshot(
            layer=_description(lyr),
            frame=pd.DataFrame(gdf.drop(columns=[geometry_name])).copy(deep=True),
            geoms=geometry_array(gdf),
            geometry_name=geometry_name,
            crs_wkt=gdf.crs.to_wkt() if gdf.crs is not None else None))
    return ProjectSnapshot(path=project.path, settings=copy.deepcopy(getattr(project, "settings", {}) or {}),
                           warnings=tuple(getattr(project, "warnings", []) or []), layers=tuple(snaps))


def _description(layer: VectorLayer) -> VectorLayer:
    """The layer without its data, its mutable parts copied (a commit bumps ``versions`` in place)."""
    return replace(layer, gdf=None, style=copy.deepcopy(layer.style), provenance=copy.deepcopy(layer.provenance),
                   warnings=list(layer.warnings), versions=dict(layer.versions),
                   placement_notes=list(layer.placement_notes), _invalid=None)


__all__ = ["LayerSnapshot", "ProjectSnapshot", "build", "geometry_array"]
