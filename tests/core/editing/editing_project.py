"""The parcels project the geometry-editing tests share: three parcels in EPSG:4545 (Ordos) meeting at
one vertex, and a locked red line. Imported by name (tests/core/editing is on sys.path)."""

from __future__ import annotations

import geopandas as gpd
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

X, Y = 500_000.0, 4_400_000.0


def at(dx, dy):
    return (X + dx, Y + dy)


# three parcels meeting at (100, 100): A and B side by side, C above both with a vertex there too
A = shapely.box(X, Y, X + 100, Y + 100)
B = shapely.box(X + 100, Y, X + 200, Y + 100)
C = shapely.Polygon([at(0, 100), at(100, 100), at(200, 100), at(200, 200), at(0, 200)])


def make_project(tmp_path, geometries=(A, B, C), crs=4545) -> Project:
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": [f"A-0{k + 1}" for k in range(len(geometries))],
                            "RJL": [1.0 + k for k in range(len(geometries))]}, geometry=list(geometries), crs=crs)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    red = gpd.GeoDataFrame({"HXMC": ["红线"]}, geometry=[shapely.box(X + 500, Y, X + 600, Y + 100)], crs=crs)
    project.add_layer(VectorLayer("生态保护红线", red, role=Role.ECO_REDLINE))
    project.save()
    return Project.open(path)
