"""Areas as planners report them: planar (in the Gauss-Krüger zone) and ellipsoidal (椭球面积).

Units: 1 亩 = 10000/15 m²; 1 公顷 (ha) = 15 亩 = 10 000 m².

Planar area is computed in the parcel's **own** 3° Gauss-Krüger zone (DESIGN §3), the zone of its
centroid's longitude, whatever CRS the data is held in: Ordos spans zones 35–37, and an area taken in
a neighbouring zone is 0.28–0.31 % too large (:func:`own_zone_planar_area`). The ellipsoidal area follows 国土调查办发〔2008〕32号: the boundary points are converted to geodetic
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

from .crs import (
    CGCS2000_GEOGRAPHIC,
    crs_label,
    gk3_zone_crs,
    gk3_zone_of_crs,
    legacy_datum,
    to_crs,
    working_crs,
)

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
    zone: int | None = None       # planar: the 3° Gauss-Krüger zone it was measured in
    zone_crs: str | None = None   # planar: that zone's CRS, "EPSG:4524"

    @property
    def zone_zh(self) -> str:
        """'第36带（EPSG:4524）' for a planar area measured in a known zone, else ''."""
        if self.zone is None:
            return ""
        return f"第{self.zone}带" + (f"（{self.zone_crs}）" if self.zone_crs else "")

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
    >>> round(float(a) / 1e6, 3)  # a 1 km square near the central meridian is ~1 km² on the ellipsoid
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
    # A ring of one repeated point (or none) encloses nothing, and GEOS refuses to densify it
    # ("point array must contain 0 or >1 elements"): it is kept as it stands and adds 0.
    dense = rings.copy()
    extent = shapely.length(rings) > 0
    dense[extent] = shapely.segmentize(rings[extent], max_segment_m)
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
    """(planar, ellipsoidal) areas of one geometry; planar in the geometry's own 3° GK zone."""
    crs = to_crs(crs)
    ellipsoidal = float(ellipsoidal_area([geom], crs, max_segment_m=max_segment_m)[0])
    return own_zone_planar_area([geom], crs).figures(0), AreaFigures(ellipsoidal, "ellipsoidal")


#: zone value of a geometry that has none (missing, empty, or no finite coordinates)
NO_ZONE = -1


@dataclass(frozen=True)
class ZonedAreas:
    """Planar areas, each in its geometry's own 3° Gauss-Krüger zone.

    ``zones`` holds the zone per geometry (:data:`NO_ZONE` where there is none), ``labels`` the CRS
    of each zone used ("EPSG:4524"), ``source_zone`` the zone of the CRS the data came in (``None``
    for geographic or non-GK data)."""

    m2: np.ndarray
    zones: np.ndarray
    labels: dict[int, str]
    source_zone: int | None

    def figures(self, i: int) -> AreaFigures:
        """The planar area of geometry ``i`` with the zone it was measured in."""
        zone = int(self.zones[i])
        if zone == NO_ZONE:
            return AreaFigures(float(self.m2[i]), "planar")
        return AreaFigures(float(self.m2[i]), "planar", zone, self.labels[zone])

    def outside_source_zone(self) -> np.ndarray:
        """Geometries whose own zone differs from the zone of the CRS they are held in."""
        if self.source_zone is None:
            return np.zeros(len(self.zones), dtype=bool)
        return (self.zones != NO_ZONE) & (self.zones != self.source_zone)


def geometry_zones(geoms, crs) -> np.ndarray:
    """3° Gauss-Krüger zone of each geometry: the zone of its centroid's longitude (``floor((lon + 1.5) / 3)``).

    A parcel astride a zone boundary belongs to the zone holding most of it, as its centroid does.
    :data:`NO_ZONE` where a geometry is missing or empty or has no finite centroid."""
    crs = to_crs(crs)
    arr = _as_array(geoms)
    zones = np.full(len(arr), NO_ZONE, dtype=np.int64)
    present = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    if not present.any():
        return zones
    c = shapely.centroid(arr[present])
    x, y = shapely.get_x(c), shapely.get_y(c)
    if crs.is_projected:
        x, _ = _to_cgcs2000_lonlat(crs).transform(x, y)
    ok = np.isfinite(x) & (np.abs(x) <= 180)
    idx = np.flatnonzero(present)
    zones[idx[ok]] = np.floor((np.asarray(x)[ok] + 1.5) / 3.0).astype(np.int64)
    return zones


def planar_area_in_zones(geoms, crs, zones) -> ZonedAreas:
    """Planar area (m²) of each geometry (given in ``crs``) in the 3° GK zone ``zones[i]``.

    Geometries already in their zone's projection (EPSG:4525 and EPSG:4546 both for zone 37) are
    measured as they stand; the others are projected to the zone first (vertices transformed, edges
    straight in the zone, as a surveyor would compute it there). The zone's CRS is on the data's own
    datum (Xian 1980 data is measured in a Xian 1980 zone). Where there is no zone, a projected CRS
    measures as it stands, and a geographic one gives 0."""
    crs = to_crs(crs)
    arr = _as_array(geoms)
    zones = np.asarray(zones, dtype=np.int64)
    source_zone = gk3_zone_of_crs(crs)
    datum = crs if legacy_datum(crs) else None
    out = np.zeros(len(arr), dtype=float)
    as_is = (zones == source_zone) | (zones == NO_ZONE)
    if as_is.any() and crs.is_projected:
        out[as_is] = shapely.area(arr[as_is])
    for zone in np.unique(zones).tolist():
        if zone in (NO_ZONE, source_zone):
            continue
        sel = zones == zone
        moved = shapely.transform(arr[sel], _transformer(crs, gk3_zone_crs(zone, datum)).transform,
                                  interleaved=False)
        out[sel] = shapely.area(moved)
    return ZonedAreas(out, zones, _zone_labels(zones, crs), source_zone)


def _zone_labels(zones: np.ndarray, crs: CRS) -> dict[int, str]:
    datum = crs if legacy_datum(crs) else None
    return {z: crs_label(gk3_zone_crs(z, datum)) for z in np.unique(zones).tolist() if z != NO_ZONE}


def own_zone_planar_area(geoms, crs) -> ZonedAreas:
    """Planar area (m²) of each geometry in its **own** 3° Gauss-Krüger zone (DESIGN §3) — the one
    function behind every planar area parkgis reports (check, reports, 界址点成果表, panels).

    Examples
    --------
    >>> from shapely import box
    >>> sq = box(37_200_000, 4_300_000, 37_200_100, 4_300_100)  # ~107.5°E: zone 36, held in zone 37
    >>> zoned = own_zone_planar_area([sq], 4525)
    >>> int(zoned.zones[0]), zoned.labels[36], round(float(zoned.m2[0]), 1)
    (36, 'EPSG:4524', 9978.3)
    """
    return planar_area_in_zones(geoms, crs, geometry_zones(geoms, crs))


_zone_transformers: dict[tuple[str, str], Transformer] = {}


def _transformer(src: CRS, dst: CRS) -> Transformer:
    key = (src.to_wkt(), dst.to_wkt())
    if key not in _zone_transformers:
        _zone_transformers[key] = Transformer.from_crs(src, dst, always_xy=True)
    return _zone_transformers[key]


def outside_zone_note(geoms, crs, ids=None) -> str | None:
    """:func:`zone_mismatch_note` for geometries held in ``crs``, without measuring them (imports)."""
    crs = to_crs(crs)
    zones = geometry_zones(geoms, crs)
    zoned = ZonedAreas(np.zeros(len(zones)), zones, _zone_labels(zones, crs), gk3_zone_of_crs(crs))
    return zone_mismatch_note(zoned, crs, ids)


def zone_mismatch_note(zoned: ZonedAreas, crs, ids=None, *, shown: int = 5) -> str | None:
    """A warning when geometries lie outside the zone of the CRS they are held in, else ``None``.

    Their planar areas are not taken in that CRS (0.3 % off one zone away) but in their own zone;
    the note says so, names the zones and the first few ids."""
    outside = np.flatnonzero(zoned.outside_source_zone())
    if not len(outside):
        return None
    own = sorted(set(zoned.zones[outside].tolist()))
    names = ", ".join(str(ids[i]) if ids is not None else f"#{i + 1}" for i in outside[:shown]) + (
        " ..." if len(outside) > shown else "")
    return (f"{len(outside)} parcel(s) lie outside zone {zoned.source_zone} of {crs_label(crs)} "
            f"(in zone {', '.join(map(str, own))}: {names}): their planar areas are "
            f"computed in their own zone ({', '.join(zoned.labels[z] for z in own)})")
