"""Areas as planners report them: planar (in the Gauss-Krüger zone) and ellipsoidal (椭球面积).

Units: 1 亩 = 10000/15 m²; 1 公顷 (ha) = 15 亩 = 10 000 m².

Planar area is computed in the data's own projected CRS (geographic data: its GK zone). The
ellipsoidal area follows 国土调查办发〔2008〕32号: the boundary points are converted to geodetic
coordinates on the CGCS2000 ellipsoid and the area is taken on the ellipsoid. We let pyproj's
geodesic polygon area do that on edges densified to ``max_segment_m`` (1 m by default), which makes
the edge model irrelevant to 0.001 m² for a 1 km² parcel. Rings are oriented first (shell
counter-clockwise, holes clockwise): pyproj *adds* a hole that is oriented like its shell.
No area is ever computed in EPSG:3857 or in degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import CRS, Transformer

from .crs import CGCS2000_GEOGRAPHIC, to_crs, working_crs

SQM_PER_MU = 10000.0 / 15.0
SQM_PER_HA = 10000.0
MU_PER_HA = 15.0



def m2_to_mu(m2: float) -> float:
    """Square metres to 亩. ``m2_to_mu(10000) == 15.0``."""
    return m2 / SQM_PER_MU


def m2_to_ha(m2: float) -> float:
    """Square metres to 公顷."""
    return m2 / SQM_PER_HA


def mu_to_m2(mu: float) -> float:
    return mu * SQM_PER_MU


def ha_to_m2(ha: float) -> float:
    return ha * SQM_PER_HA


@dataclass(frozen=True)
class AreaFigures:
    """One area in the three units planners use, and which kind of area it is."""

    m2: float
    kind: str = "planar"  # "planar" or "ellipsoidal"

    @property
    def mu(self) -> float:
        return m2_to_mu(self.m2)

    @property
    def ha(self) -> float:
        return m2_to_ha(self.m2)

    def as_dict(self, prefix: str = "area") -> dict[str, float]:
        return {f"{prefix}_m2": self.m2, f"{prefix}_mu": self.mu, f"{prefix}_ha": self.ha}

    def format_zh(self, digits: int = 2) -> str:
        """'10000.00 平方米（15.00 亩，1.0000 公顷）'"""
        return f"{self.m2:.{digits}f} 平方米（{self.mu:.{digits}f} 亩，{self.ha:.4f} 公顷）"


def _as_array(geoms) -> np.ndarray:
    if isinstance(geoms, shapely.Geometry):
        return np.array([geoms], dtype=object)
    return np.asarray(getattr(geoms, "values", geoms), dtype=object)


def planar_area(geoms, crs) -> np.ndarray:
    """Planar areas (m²) of polygons in a projected CRS. Refuses geographic CRSs and EPSG:3857."""
    crs = to_crs(crs)
    if not crs.is_projected or crs.to_epsg() == 3857:
        raise ValueError(f"planar area needs a Gauss-Krüger (projected) CRS, not {crs.name}")
    return shapely.area(_as_array(geoms)).astype(float)


_transformers: dict[tuple[str, int], Transformer] = {}


def _to_cgcs2000_lonlat(crs: CRS) -> Transformer:
    key = (crs.to_wkt(), CGCS2000_GEOGRAPHIC)
    if key not in _transformers:
        _transformers[key] = Transformer.from_crs(crs, CRS.from_epsg(CGCS2000_GEOGRAPHIC), always_xy=True)
    return _transformers[key]


def _authalic_strip(lat_rad: np.ndarray) -> np.ndarray:
    """Area (m²) between the equator and latitude φ per radian of longitude on the CGCS2000 ellipsoid:
    b²/2 · [sinφ / (1 − e² sin²φ) + artanh(e sinφ) / e]."""
    a, f = 6378137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    e = np.sqrt(e2)
    b2 = (a * (1 - f)) ** 2
    s = np.sin(lat_rad)
    return b2 / 2 * (s / (1 - e2 * s * s) + np.arctanh(e * s) / e)


def ellipsoidal_area(geoms, crs, *, max_segment_m: float = 1.0) -> np.ndarray:
    """椭球面积 (m²) on the CGCS2000 ellipsoid of polygons given in ``crs``.

    The boundary is densified to ``max_segment_m`` in the plane (so that the straight GK edges the
    surveyor measured are followed), converted to geodetic coordinates, and each edge contributes
    the ellipsoidal strip between it and the equator, ``Δλ · (F(φ₁) + F(φ₂)) / 2`` with ``F`` the
    exact authalic strip function. This is the construction of the 国土调查办发〔2008〕32号 formula
    (whose series expands ``F``), done for all rings at once with numpy. Shells count positive and
    holes negative whatever their orientation in the file. Geographic input is first projected to
    its GK zone so that densification happens in metres.

    Examples
    --------
    >>> from shapely import box
    >>> a = ellipsoidal_area([box(37_500_000, 4_400_000, 37_501_000, 4_401_000)], 4525)[0]
    >>> round(a / 1e6, 3)  # a 1 km square near the central meridian is ~1 km² on the ellipsoid
    1.0
    """
    crs = to_crs(crs)
    arr = _as_array(geoms)
    out = np.zeros(len(arr), dtype=float)
    if len(arr) == 0:
        return out
    if not crs.is_projected:
        valid = arr[~shapely.is_empty(arr) & ~shapely.is_missing(arr)]
        if not len(valid):
            return out
        lon = float(np.mean(shapely.bounds(valid)[:, [0, 2]]))
        proj = working_crs(crs, lon)
        arr = shapely.transform(arr, Transformer.from_crs(crs, proj, always_xy=True).transform, interleaved=False)
        crs = proj
    polygonal = shapely.get_type_id(arr)
    arr = np.where((polygonal == 3) | (polygonal == 6), arr, None)  # only (multi)polygons have an area
    parts, part_owner = shapely.get_parts(arr, return_index=True)
    if not len(parts):
        return out
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    is_shell = np.ones(len(rings), dtype=bool)
    is_shell[1:] = ring_part[1:] != ring_part[:-1]
    dense = shapely.segmentize(rings, max_segment_m)
    coords, coord_ring = shapely.get_coordinates(dense, return_index=True)
    lon, lat = _to_cgcs2000_lonlat(crs).transform(coords[:, 0], coords[:, 1])
    # Coordinates outside the CRS's domain come back infinite: their geometry has no ellipsoidal
    # area (NaN, never a number made of inf - inf), and numpy is not asked to compute with them.
    finite = np.isfinite(lon) & np.isfinite(lat)
    if not finite.all():
        lon, lat = np.where(finite, lon, 0.0), np.where(finite, lat, 0.0)
    lam, strip = np.radians(lon), _authalic_strip(np.radians(lat))
    same_ring = coord_ring[1:] == coord_ring[:-1]
    edge = (lam[1:] - lam[:-1]) * (strip[1:] + strip[:-1]) / 2
    ring_area = np.abs(np.bincount(coord_ring[1:][same_ring], weights=edge[same_ring], minlength=len(rings)))
    signed = np.where(is_shell, ring_area, -ring_area)
    np.add.at(out, part_owner[ring_part], signed)
    if not finite.all():
        out[np.unique(part_owner[ring_part[np.unique(coord_ring[~finite])]])] = np.nan
    return out


def area_figures(geom, crs, *, max_segment_m: float = 1.0) -> tuple[AreaFigures, AreaFigures]:
    """(planar, ellipsoidal) areas of one geometry; geographic input is measured in its GK zone."""
    crs = to_crs(crs)
    if crs.is_projected and crs.to_epsg() != 3857:
        planar = float(planar_area([geom], crs)[0])
    else:
        lon = (geom.bounds[0] + geom.bounds[2]) / 2
        proj = working_crs(crs, lon)
        projected = shapely.transform(geom, Transformer.from_crs(crs, proj, always_xy=True).transform,
                                      interleaved=False)
        planar = float(shapely.area(projected))
    ellipsoidal = float(ellipsoidal_area([geom], crs, max_segment_m=max_segment_m)[0])
    return AreaFigures(planar, "planar"), AreaFigures(ellipsoidal, "ellipsoidal")
