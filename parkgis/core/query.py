"""Finding features by location (识别 / 选择): under a point, inside a rectangle.

Pure geometry over a GeoDataFrame's spatial index; the map tools call these with coordinates
already in the layer's CRS. Results are row positions (``iloc``), ascending.

Examples
--------
>>> import geopandas as gpd
>>> from shapely import box
>>> gdf = gpd.GeoDataFrame(geometry=[box(0, 0, 10, 10), box(20, 0, 30, 10)], crs=4545)
>>> features_at(gdf, 5, 5).tolist(), features_at(gdf, 15, 5).tolist(), features_at(gdf, 11, 5, 2.0).tolist()
([0], [], [0])
>>> features_in(gdf, (8, 2, 22, 4)).tolist(), features_in(gdf, (8, 2, 22, 4), contained=True).tolist()
([0, 1], [])
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely


def features_at(gdf: gpd.GeoDataFrame, x: float, y: float, tolerance: float = 0.0) -> np.ndarray:
    """Rows whose geometry lies within ``tolerance`` of (x, y) (a polygon: contains it, or its
    boundary is that close)."""
    if not len(gdf):
        return np.zeros(0, dtype=np.int64)
    point = shapely.Point(x, y)
    if tolerance > 0:
        rows = gdf.sindex.query(point, predicate="dwithin", distance=tolerance)
    else:
        rows = gdf.sindex.query(point, predicate="intersects")
    return np.sort(np.asarray(rows, dtype=np.int64))


def features_in(gdf: gpd.GeoDataFrame, bounds: tuple[float, float, float, float], *,
                contained: bool = False) -> np.ndarray:
    """Rows whose geometry intersects (or, with ``contained``, lies wholly inside) ``bounds``."""
    if not len(gdf):
        return np.zeros(0, dtype=np.int64)
    minx, miny, maxx, maxy = bounds
    rect = shapely.box(min(minx, maxx), min(miny, maxy), max(minx, maxx), max(miny, maxy))
    rows = gdf.sindex.query(rect, predicate="contains" if contained else "intersects")
    return np.sort(np.asarray(rows, dtype=np.int64))


__all__ = ["features_at", "features_in"]
