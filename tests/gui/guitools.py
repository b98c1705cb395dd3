"""Helpers shared by the GUI tests (tiny layers built in code)."""

from __future__ import annotations

import geopandas as gpd
import shapely

#: a Gauss-Krüger zone 37 origin near Ordos (EPSG:4525: zone-prefixed easting, northing)
X0, Y0 = 37_500_000.0, 4_400_000.0
EPSG = 4525


def box_layer(name, role, boxes, *, style=None, crs=EPSG):
    """A VectorLayer of axis-aligned boxes given relative to (X0, Y0)."""
    from parkgis.core.layers import VectorLayer

    geoms = [shapely.box(X0 + a, Y0 + b, X0 + c, Y0 + d) for a, b, c, d in boxes]
    gdf = gpd.GeoDataFrame({"name": [f"{name}-{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)
    return VectorLayer(name, gdf, role=role, style=style or {})
