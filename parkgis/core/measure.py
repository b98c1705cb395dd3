"""Measuring on the map (量距 / 量面积): lengths and areas of a clicked line or polygon, each
both planar (in the Gauss-Krüger zone) and on the CGCS2000 ellipsoid, with areas in m², 亩, 公顷.

Examples
--------
>>> m = measure_area([(37500000, 4400000), (37500100, 4400000), (37500100, 4400100), (37500000, 4400100)], 4525)
>>> round(m.planar.m2, 6), round(m.planar.mu, 4), m.planar.ha
(10000.0, 15.0, 1.0)
>>> round(measure_length([(37500000, 4400000), (37500300, 4400400)], 4525).planar_m, 6)
500.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

from .area import AreaFigures, area_figures
from .crs import to_crs, working_crs

CGCS2000_GEOGRAPHIC = 4490


@dataclass(frozen=True)
class LengthFigures:
    """A length along a polyline: planar (GK zone metres) and geodesic on the CGCS2000 ellipsoid."""

    planar_m: float
    ellipsoidal_m: float
    segments: int


@dataclass(frozen=True)
class AreaMeasure:
    planar: AreaFigures
    ellipsoidal: AreaFigures
    perimeter_m: float


def _planar_xy(xy: np.ndarray, crs) -> np.ndarray:
    """``xy`` in a projected CRS fit for planar measures (geographic data: its GK zone)."""
    crs = to_crs(crs)
    work = working_crs(crs, float(xy[:, 0].mean()) if not crs.is_projected else None)
    if work == crs:
        return xy
    x, y = Transformer.from_crs(crs, work, always_xy=True).transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def measure_length(points: Sequence[tuple[float, float]], crs) -> LengthFigures:
    """Length of the polyline through ``points`` (map coordinates in ``crs``)."""
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return LengthFigures(0.0, 0.0, 0)
    crs = to_crs(crs)
    planar = _planar_xy(xy, crs)
    planar_m = float(np.hypot(*np.diff(planar, axis=0).T).sum())
    lon, lat = Transformer.from_crs(crs, CGCS2000_GEOGRAPHIC, always_xy=True).transform(xy[:, 0], xy[:, 1])
    geod = to_crs(CGCS2000_GEOGRAPHIC).get_geod()
    ellipsoidal_m = float(geod.line_length(lon, lat))
    return LengthFigures(planar_m, ellipsoidal_m, len(xy) - 1)


def measure_area(points: Sequence[tuple[float, float]], crs) -> AreaMeasure:
    """Area of the polygon through ``points`` (closed automatically), planar and ellipsoidal."""
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(xy) < 3:
        zero = 0.0
        return AreaMeasure(AreaFigures(zero, "planar"), AreaFigures(zero, "ellipsoidal"),
                           measure_length(xy, crs).planar_m if len(xy) == 2 else 0.0)
    ring = np.vstack([xy, xy[:1]])
    polygon = shapely.Polygon(ring)
    if not polygon.is_valid:  # a self-crossing click path: measure what it encloses
        polygon = shapely.make_valid(polygon)
    planar, ellipsoidal = area_figures(polygon, crs)
    perimeter = measure_length(ring, crs).planar_m
    return AreaMeasure(planar, ellipsoidal, perimeter)


__all__ = ["AreaMeasure", "LengthFigures", "measure_area", "measure_length"]
