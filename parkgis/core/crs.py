"""CGCS2000 and its Gauss-Krüger zones: zone arithmetic, CRS normalisation and inference.

Facts (DESIGN §3): CGCS2000 geographic is EPSG:4490. 3° zones with the zone number as easting
prefix are EPSG:4488 + zone (zones 25–45 → 4513–4533); without prefix EPSG:4534–4554 by central
meridian 75°E…135°E. 6° zones: prefixed 4491–4501 (zones 13–23), without prefix 4502–4512.
Ordos lies in 3° zones 35–37.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyproj import CRS
from pyproj.crs import ProjectedCRS
from pyproj.crs.coordinate_operation import TransverseMercatorConversion
from pyproj.exceptions import CRSError

CGCS2000_GEOGRAPHIC = 4490
WGS84 = 4326

#: Datums that must never be silently treated as CGCS2000 (Xian 1980, Beijing 1954).
LEGACY_CHINESE_DATUMS = {
    "Xian 1980": "西安80",
    "Xian_1980": "西安80",
    "Beijing 1954": "北京54",
    "Beijing_1954": "北京54",
    "New Beijing": "新北京54",
}


def gk3_zone_from_lon(lon: float) -> int:
    """3° Gauss-Krüger zone number of a longitude: ``floor((lon + 1.5) / 3)``.

    >>> gk3_zone_from_lon(109.49), gk3_zone_from_lon(109.5)
    (36, 37)
    """
    return math.floor((lon + 1.5) / 3)


def gk6_zone_from_lon(lon: float) -> int:
    """6° Gauss-Krüger zone number of a longitude: ``floor(lon / 6) + 1``."""
    return math.floor(lon / 6) + 1


def gk3_epsg(zone: int, *, prefixed: bool = True) -> int:
    """EPSG code of the CGCS2000 3° zone ``zone`` (central meridian 3·zone).

    >>> gk3_epsg(37), gk3_epsg(37, prefixed=False)
    (4525, 4546)
    """
    if not 25 <= zone <= 45:
        raise ValueError(f"CGCS2000 3° zone {zone} is outside China (25–45)")
    return 4488 + zone if prefixed else 4534 + (zone - 25)


def gk6_epsg(zone: int, *, prefixed: bool = True) -> int:
    """EPSG code of the CGCS2000 6° zone ``zone`` (13–23)."""
    if not 13 <= zone <= 23:
        raise ValueError(f"CGCS2000 6° zone {zone} is outside China (13–23)")
    return 4478 + zone if prefixed else 4502 + (zone - 13)


def gk3_epsg_for_lon(lon: float, *, prefixed: bool = True) -> int:
    """EPSG code of the CGCS2000 3° zone that contains ``lon``.

    >>> gk3_epsg_for_lon(109.99)
    4525
    """
    return gk3_epsg(gk3_zone_from_lon(lon), prefixed=prefixed)


@dataclass(frozen=True)
class GKZone:
    """A CGCS2000 Gauss-Krüger zone as described by an EPSG code."""

    epsg: int
    width: int  # 3 or 6 degrees
    zone: int
    prefixed: bool

    @property
    def central_meridian(self) -> float:
        return self.zone * 3.0 if self.width == 3 else self.zone * 6.0 - 3.0

    @property
    def false_easting(self) -> float:
        return self.zone * 1_000_000 + 500_000 if self.prefixed else 500_000


def gk_zone_of_epsg(epsg: int | None) -> GKZone | None:
    """Describe a CGCS2000 GK EPSG code, or ``None`` if it is not one."""
    if epsg is None:
        return None
    if 4513 <= epsg <= 4533:
        return GKZone(epsg, 3, epsg - 4488, True)
    if 4534 <= epsg <= 4554:
        return GKZone(epsg, 3, epsg - 4534 + 25, False)
    if 4491 <= epsg <= 4501:
        return GKZone(epsg, 6, epsg - 4478, True)
    if 4502 <= epsg <= 4512:
        return GKZone(epsg, 6, epsg - 4502 + 13, False)
    return None


def to_crs(value: object) -> CRS:
    """Parse anything pyproj understands (EPSG int, 'EPSG:4525', WKT, Esri WKT) into a CRS."""
    if isinstance(value, CRS):
        return value
    if isinstance(value, int):
        return CRS.from_epsg(value)
    return CRS.from_user_input(value)


def epsg_of(crs: object) -> int | None:
    """EPSG code of a CRS, matching Esri-style WKT (``GCS_China_Geodetic_Coordinate_System_2000``,
    ``CGCS2000_3_Degree_GK_Zone_37``) to its EPSG code. ``None`` when no confident match exists."""
    if crs is None:
        return None
    crs = to_crs(crs)
    code = crs.to_epsg()
    if code is None:
        code = crs.to_epsg(min_confidence=70)
    if code is None:
        try:
            matches = crs.list_authority(auth_name="EPSG") if hasattr(crs, "list_authority") else []
        except CRSError:
            matches = []
        for match in matches:
            if match.confidence >= 50:
                return int(match.code)
    return int(code) if code is not None else None


def legacy_datum(crs: object) -> str | None:
    """Chinese name of a legacy datum (西安80 / 北京54) if ``crs`` is based on one, else ``None``."""
    if crs is None:
        return None
    crs = to_crs(crs)
    datum = crs.datum.name if crs.datum is not None else ""
    for key, name in LEGACY_CHINESE_DATUMS.items():
        if key.lower() in datum.lower() or key.lower() in crs.name.lower():
            return name
    return None


def is_cgcs2000(crs: object) -> bool:
    """True if ``crs`` is CGCS2000 geographic or projected on CGCS2000."""
    crs = to_crs(crs)
    datum = (crs.datum.name if crs.datum is not None else "").lower()
    return "china 2000" in datum or "china_2000" in datum or "cgcs2000" in crs.name.lower()


@dataclass(frozen=True)
class CrsGuess:
    """A CRS inferred from coordinates alone, with the reason shown to the user."""

    epsg: int | None
    reason: str
    swapped_xy: bool = False


def looks_geographic(minx: float, miny: float, maxx: float, maxy: float) -> bool:
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _prefixed_zone(easting: float) -> int | None:
    zone = int(easting // 1_000_000)
    if 13 <= zone <= 45 and 100_000 <= easting - zone * 1_000_000 <= 900_000:
        return zone
    return None


def infer_crs_from_bounds(minx: float, miny: float, maxx: float, maxy: float) -> CrsGuess:
    """Infer a CGCS2000 CRS from coordinate bounds where they leave no doubt.

    - lon/lat inside China's range → EPSG:4490 (CGCS2000 geographic);
    - 8-integer-digit eastings with a zone prefix → the CGCS2000 3° zone (6° for zones < 25);
    - the same with X and Y swapped → the zone, and ``swapped_xy=True``;
    - anything else (e.g. eastings of 500 000 without prefix): no guess; the user must choose.

    >>> infer_crs_from_bounds(37_480_000, 4_300_000, 37_520_000, 4_320_000).epsg
    4525
    """
    if any(map(math.isnan, (minx, miny, maxx, maxy))):
        return CrsGuess(None, "no coordinates to infer from")
    if looks_geographic(minx, miny, maxx, maxy):
        if 73 <= minx and maxx <= 136 and 3 <= miny and maxy <= 54:
            return CrsGuess(CGCS2000_GEOGRAPHIC,
                            "coordinates are longitude/latitude inside China: assumed CGCS2000 (EPSG:4490)")
        return CrsGuess(WGS84, "coordinates are longitude/latitude outside China: assumed WGS 84 (EPSG:4326)")
    for x_lo, x_hi, y_lo, y_hi, swapped in ((minx, maxx, miny, maxy, False), (miny, maxy, minx, maxx, True)):
        zone_lo, zone_hi = _prefixed_zone(x_lo), _prefixed_zone(x_hi)
        if zone_lo is not None and zone_lo == zone_hi and 0 < y_lo and y_hi < 6_200_000:
            epsg = gk3_epsg(zone_lo) if zone_lo >= 25 else gk6_epsg(zone_lo)
            width = 3 if zone_lo >= 25 else 6
            reason = (f"eastings carry the zone prefix {zone_lo}: assumed CGCS2000 {width}° "
                      f"Gauss-Krüger zone {zone_lo} (EPSG:{epsg})")
            if swapped:
                reason = "X and Y are swapped (X holds the eastings); " + reason
            return CrsGuess(epsg, reason, swapped_xy=swapped)
    if 0 < minx and maxx < 1_000_000 and 0 < miny and maxy < 6_200_000:
        return CrsGuess(None, "eastings have no zone prefix: the Gauss-Krüger zone cannot be inferred")
    return CrsGuess(None, "coordinates match no CGCS2000 system")


def projected_crs_for_lonlat(lon: float) -> CRS:
    """The CGCS2000 3° GK zone (zone-prefixed) used to measure geometry at longitude ``lon``."""
    return CRS.from_epsg(gk3_epsg_for_lon(lon))


def working_crs(crs: object, centre_lon: float | None = None) -> CRS:
    """The projected CRS in which planar areas of data in ``crs`` are computed.

    Projected data keeps its own CRS; geographic data goes to the GK zone of ``centre_lon``.
    Web Mercator is never a working CRS: its areas are wrong by 1/cos²(lat).
    """
    crs = to_crs(crs)
    if crs.is_projected and epsg_of(crs) != 3857:
        return crs
    if centre_lon is None:
        raise ValueError("a longitude is needed to choose the Gauss-Krüger zone")
    return projected_crs_for_lonlat(centre_lon)


#: EPSG code of 3° zone 25 (zone-prefixed) per legacy datum; the codes run on by one per zone to 45
_GK3_PREFIXED_ZONE25 = {None: 4513, "西安80": 2349, "北京54": 2401}


def gk3_zone_crs(zone: int, datum_of: object = None) -> CRS:
    """The zone-prefixed 3° Gauss-Krüger CRS of ``zone`` on the datum of ``datum_of``.

    CGCS2000 unless ``datum_of`` is on a legacy Chinese datum (Xian 1980, Beijing 1954 ...): a
    planar area is taken on the ellipsoid of the data, never silently on another one. Zones outside
    China (or datums without EPSG zones) get a Transverse Mercator built on the same pattern.

    >>> gk3_zone_crs(36).to_epsg(), gk3_zone_crs(36, 4610).to_epsg()
    (4524, 2360)
    """
    legacy = legacy_datum(datum_of) if datum_of is not None else None
    first = _GK3_PREFIXED_ZONE25.get(legacy)
    if first is not None and 25 <= zone <= 45:
        return CRS.from_epsg(first + zone - 25)
    geodetic = to_crs(datum_of).geodetic_crs if legacy else CRS.from_epsg(CGCS2000_GEOGRAPHIC)
    conversion = TransverseMercatorConversion(latitude_natural_origin=0.0, longitude_natural_origin=3.0 * zone,
                                              false_easting=zone * 1_000_000 + 500_000.0, false_northing=0.0,
                                              scale_factor_natural_origin=1.0)
    return ProjectedCRS(conversion, name=f"{geodetic.name} / 3-degree Gauss-Kruger zone {zone}",
                        geodetic_crs=geodetic)


def gk_central_meridian(crs: object) -> float | None:
    """Central meridian of a Gauss-Krüger CRS (Transverse Mercator, scale 1, metres), else ``None``.
    UTM (scale 0.9996) is not Gauss-Krüger: its planar areas are 0.08 % small."""
    crs = to_crs(crs)
    op = crs.coordinate_operation if crs.is_projected else None
    if op is None or "transverse mercator" not in op.method_name.lower():
        return None
    params = {p.name.lower(): p.value for p in op.params}
    if abs(params.get("scale factor at natural origin", 0.0) - 1.0) > 1e-12:
        return None
    if crs.axis_info and crs.axis_info[0].unit_name not in ("metre", "meter"):
        return None
    return params.get("longitude of natural origin")


def gk3_zone_of_crs(crs: object) -> int | None:
    """The 3° zone a Gauss-Krüger CRS is (prefixed or not: EPSG:4525 and EPSG:4546 are both zone 37)."""
    cm = gk_central_meridian(crs)
    if cm is None or abs(cm / 3.0 - round(cm / 3.0)) > 1e-9:
        return None
    return int(round(cm / 3.0))


def crs_label(crs: object) -> str:
    """'EPSG:4524', or the CRS's name when it has no EPSG code."""
    crs = to_crs(crs)
    code = epsg_of(crs)
    return f"EPSG:{code}" if code else crs.name


# ------------------------------------------------------------------ coordinates against their CRS

#: how far (degrees) data may reach beyond its CRS's area of use and still be taken at its word:
#: a zone-37 project legitimately holds parcels 2.6° west of the zone (Ordos), never 6°
AREA_OF_USE_MARGIN_LON = 6.0
AREA_OF_USE_MARGIN_LAT = 3.0


@dataclass(frozen=True)
class CoordinateCheck:
    """What the coordinates say about the CRS they are declared in.

    ``crs`` (with ``swap_xy``): the CRS they are taken in instead, coordinates unchanged, and
    ``note`` the assumption, for the user to see; ``problem``: they cannot be taken in any CRS we can
    name (refuse the layer). All ``None``: the coordinates fit their CRS."""

    crs: CRS | None = None
    swap_xy: bool = False
    note: str | None = None
    problem: str | None = None


def _lonlat_corners(bounds, crs: CRS):
    from pyproj import Transformer

    minx, miny, maxx, maxy = bounds
    xs, ys = [minx, maxx, minx, maxx, (minx + maxx) / 2], [miny, miny, maxy, maxy, (miny + maxy) / 2]
    lon, lat = Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True).transform(xs, ys)
    return [float(v) for v in lon], [float(v) for v in lat]


def fits_area_of_use(bounds, crs: object, *, strict: bool = True) -> bool:
    """Whether coordinates within ``bounds`` can be what ``crs`` says they are: they project back to
    finite longitudes/latitudes and (``strict``) lie near the CRS's area of use."""
    crs = to_crs(crs)
    if not crs.is_projected:
        return looks_geographic(*bounds)
    lon, lat = _lonlat_corners(bounds, crs)
    if not all(math.isfinite(v) for v in lon + lat) or not all(abs(v) <= 90 for v in lat):
        return False
    area = crs.area_of_use
    if not strict or area is None:
        return True
    w, s, e, n = area.bounds
    return (w - AREA_OF_USE_MARGIN_LON <= min(lon) and max(lon) <= e + AREA_OF_USE_MARGIN_LON
            and s - AREA_OF_USE_MARGIN_LAT <= min(lat) and max(lat) <= n + AREA_OF_USE_MARGIN_LAT)


def _prefixed_twin(zone: int, crs: CRS) -> CRS | None:
    """The zone-prefixed CRS of easting prefix ``zone`` on the datum of ``crs`` (3° from 25, else 6°)."""
    if zone >= 25:
        return gk3_zone_crs(zone, crs if legacy_datum(crs) else None)
    return CRS.from_epsg(gk6_epsg(zone)) if not legacy_datum(crs) else None


def check_coordinates(bounds, crs: object) -> CoordinateCheck:
    """Do coordinates within ``bounds`` contradict their declared ``crs``? (Issue 9 item 4.)

    - zone-prefixed eastings (8 digits, 37 500 000) under a CRS without prefix (a ``.prj`` naming the
      central meridian, ``CGCS2000_3_Degree_GK_CM_111E``) or under another zone: taken in the zone
      the prefix names, saying whether the ``.prj``'s central meridian agrees;
    - X and Y swapped: said, and swapped back (``swap_xy``);
    - longitude/latitude degrees (inside China) under a projected CRS: taken as geographic on the
      CRS's own datum; GK metres under a geographic CRS: taken in the zone their prefix names;
    - anything else that lands outside the CRS's area of use (millimetres under a metre ``.prj``:
      10¹⁰ m² parcels; eastings without prefix under a prefixed CRS): refused, with what it looks like.
    """
    crs = to_crs(crs)
    if any(not math.isfinite(v) for v in bounds):
        return CoordinateCheck()
    minx, miny, maxx, maxy = bounds
    label = crs_label(crs)
    guess = infer_crs_from_bounds(minx, miny, maxx, maxy)
    if not crs.is_projected:
        if looks_geographic(minx, miny, maxx, maxy):
            return CoordinateCheck()
        if guess.epsg is not None:
            return CoordinateCheck(CRS.from_epsg(guess.epsg), guess.swapped_xy,
                                   f"the coordinates are metres, not the degrees {label} declares; {guess.reason}")
        return CoordinateCheck(problem=f"the coordinates (up to {maxx:.0f}, {maxy:.0f}) are not degrees, yet "
                                       f"{label} is geographic: give the right CRS")
    cm = gk_central_meridian(crs)
    declared_fe = None
    if cm is not None:
        x_lo, x_hi, swapped = (miny, maxy, True) if guess.swapped_xy else (minx, maxx, False)
        zone = _prefixed_zone(x_lo)
        declared_fe = {p.name.lower(): p.value for p in crs.coordinate_operation.params}.get("false easting")
        if zone is not None and zone == _prefixed_zone(x_hi):
            twin = _prefixed_twin(zone, crs)
            own_cm = gk_central_meridian(twin) if twin is not None else None
            if twin is not None and not twin.equals(crs):
                what = ("has no zone prefix" if declared_fe == 500_000 else f"is zone {gk3_zone_of_crs(crs)}")
                agree = ("agrees" if own_cm == cm else f"contradicts it (prefix {zone} = {own_cm:g}°E); "
                                                      "the prefix, written in every coordinate, was used")
                note = (f"the eastings carry the zone prefix {zone} but {label} (central meridian {cm:g}°E) "
                        f"{what}: taken as {crs_label(twin)}; the declared central meridian {agree}")
                if swapped:
                    note = "X and Y are swapped (X holds the eastings): swapped back; " + note
                return CoordinateCheck(twin, swapped, note)
            if swapped:
                return CoordinateCheck(None, True, f"X and Y were swapped in the file (X held the eastings); "
                                                   f"swapped back for {label}")
    if looks_geographic(minx, miny, maxx, maxy) and 73 <= minx and maxx <= 136 and 3 <= miny and maxy <= 54 \
            and not fits_area_of_use(bounds, crs):
        geographic = crs.geodetic_crs
        return CoordinateCheck(geographic, False, f"the coordinates are longitude/latitude degrees, not the "
                                                  f"metres {label} declares: taken as {crs_label(geographic)}")
    if fits_area_of_use(bounds, crs):
        return CoordinateCheck()
    hints = [hint for factor, hint in ((1000, "÷1000 (millimetres) would fit"), (100, "÷100 (centimetres) would fit"))
             if fits_area_of_use([v / factor for v in bounds], crs)]
    if cm is not None and guess.epsg is None and maxx < 1_000_000 and (declared_fe or 0) > 1_000_000:
        hints.append("the eastings have no zone prefix")
    where = f"the coordinates (x {minx:.0f}…{maxx:.0f}, y {miny:.0f}…{maxy:.0f}) lie outside the area of {label} ({crs.name})"
    if hints:
        return CoordinateCheck(problem=f"{where}: {'; '.join(hints)}; give the right CRS or units")
    return CoordinateCheck(problem=f"{where}; give the right CRS or units")


# ------------------------------------------------------------------ datums a layer is taken in

#: properties every Aliyun DataV.GeoAtlas boundary feature carries (the schema ECharts and most
#: Chinese web maps use); DataV draws its outlines from AMap, whose coordinates are GCJ-02
DATAV_FIELDS = frozenset({"adcode", "name", "level", "center", "centroid", "childrenNum", "acroutes", "parent"})


def datum_label(crs: object) -> str:
    """The datum a CRS places coordinates on, as a planner names it: 'CGCS2000', 'WGS 84',
    'Xian 1980（西安80）', 'Beijing 1954（北京54）', else the datum's own name."""
    crs = to_crs(crs)
    name = crs.datum.name if crs.datum is not None else crs.name
    legacy = legacy_datum(crs)
    if legacy:
        return f"{name}（{legacy}）"
    if is_cgcs2000(crs):
        return "CGCS2000"
    if "world geodetic system 1984" in name.lower() or name.lower().startswith("wgs 84"):
        return "WGS 84"
    return name


def gcj02_suspicion(columns, crs: object, bounds) -> str | None:
    """A warning when a layer declared (or assumed) WGS 84 / CGCS2000 lon/lat inside China has the
    DataV / AMap boundary schema, whose coordinates are GCJ-02 (offset by up to hundreds of metres).

    What is used: the property schema (``adcode`` with at least three of DataV's other fields), a
    geographic CRS and coordinates inside China. The offset itself cannot be measured without a WGS 84
    reference outline of the same area (none ships with parkgis), so the layer is not shifted."""
    names = {str(c) for c in columns}
    if "adcode" not in names or len(names & DATAV_FIELDS) < 4 or crs is None or to_crs(crs).is_projected:
        return None
    if not (all(math.isfinite(v) for v in bounds) and 73 <= bounds[0] and bounds[2] <= 136
            and 3 <= bounds[1] and bounds[3] <= 54):
        return None
    return (f"the layer has the schema of Aliyun DataV / AMap boundaries ({', '.join(sorted(names & DATAV_FIELDS))}): "
            f"such coordinates are GCJ-02, offset from WGS 84 / CGCS2000 by up to several hundred metres, "
            f"but are taken as {crs_label(crs)} as declared; do not use them as a compliance boundary")
