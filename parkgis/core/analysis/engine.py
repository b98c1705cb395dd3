"""The conflict engine (合规性审查): parcels against 三区三线, park boundaries and each other.

How it stays fast (DESIGN §6):

- bulk runs build one STRtree on the *parcels* and query it with the constraint features, so each
  huge red-line/UDB polygon is prepared once and tested against many parcels;
- a prepared ``covers`` test answers the common "parcel wholly inside the feature" pair without an
  intersection; only pairs that cross a boundary are intersected (vectorised shapely 2);
- constraint features with many vertices are clipped to the parcel's box before the intersection,
  and only features whose boxes meet a parcel are validated/prepared;
- parcel-vs-parcel: GEOS's coverage validator (run on a second thread) flags the parcels whose
  edges do not match their neighbours'; only pairs with a flagged parcel go on to a bounding-box
  test and a relate (interiors intersect) test, so neighbours that only share an edge cost nothing;
- the pieces of one parcel are unioned, so constraint features that overlap each other count once;
- 用地用途 × 三区 (``use_zone_matrix`` rules): (parcel, zone) pairs whose zone allows the parcel's
  use are dropped right after the box query, so only parcels in a zone that restricts their use are
  intersected at all;
- the incremental path (:meth:`ConflictIndex.check_geometry`) uses STRtrees on the constraint side,
  built once, so one edited geometry is re-checked in milliseconds.

Both paths feed the same summarising code, so they give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Proj, Transformer

from ..area import (
    NO_ZONE,
    ZonedAreas,
    ellipsoidal_area,
    geometry_zones,
    own_zone_planar_area,
    planar_area_in_zones,
    zone_mismatch_note,
)
from ..crs import epsg_of, fits_area_of_use, gk3_zone_of_crs, legacy_datum, to_crs, working_crs
from ..errors import DataError, UsageError
from ..feedback import Feedback, ensure_feedback
from ..fields import FLOAT_EXACT, float_text
from ..layers import VectorLayer
from .results import CheckResult, Conflict, LayerInfo, ParcelResult, Sliver
from .rules import (
    CONSTRAINED,
    LEVEL_LABELS_ZH,
    LEVEL_RANK,
    PROHIBITED,
    Rule,
    RuleSet,
    UseZoneMatrix,
    default_ruleset,
)

#: Pieces below this area (m²) are floating-point residue of overlay, not geometry anyone drew.
NOISE_AREA = 1e-6

#: Parcels larger than this (bounding-box side, m) get their 椭球面积 from the densified geodesic
#: polygon (edges of 25 m: the difference between a straight GK edge and the geodesic over 25 m is
#: of order 1e-5 m² per edge, far below the 0.01 m² reporting precision, while 1 m edges would
#: multiply the vertex count and the time by ~25). Smaller ones use the scale-factor shortcut below.
ELLIPSOIDAL_SEGMENT_M = 25.0
SCALE_FACTOR_MAX_SIDE_M = 1000.0

#: geometries prepared per GEOS call (each call holds the GIL; see _prepared_copies)
PREPARE_CHUNK = 2_500

#: Constraint features with more vertices than this are clipped to the parcel's box before the
#: intersection: GEOS then nodes a few dozen segments instead of thousands.
CLIP_VERTICES = 64

ID_FIELDS = ("DKBH", "地块编号", "BSM", "id", "ID", "Id", "DKID", "ZDDM", "TBBH", "FID", "fid", "OBJECTID")
NAME_FIELDS = ("DKMC", "地块名称", "name", "NAME", "Name", "MC", "名称", "XMMC", "项目名称")
FEATURE_ID_FIELDS = ("BSM", "TBBH", "DKBH", "id", "ID", "Id", "FID", "fid", "OBJECTID", "CODE", "code")

_POLYGON = 3
_MULTIPOLYGON = 6


# --------------------------------------------------------------------------------------------
# input preparation


def parcels_working_crs(gdf: gpd.GeoDataFrame, path: str, layer_name: str | None = None) -> CRS:
    """The projected CRS the overlay runs in: the parcels' own, or the GK zone of their centre if
    geographic (``gdf`` needs its CRS and, for geographic data, geometries spanning the layer)."""
    src = to_crs(gdf.crs)
    if src.is_projected and epsg_of(src) != 3857:
        return working_crs(src)
    lon = _centre_lon(gdf)
    try:
        return working_crs(src, lon)
    except ValueError:
        raise DataError(path, f"the parcels lie at longitude {lon:.3f}° in {src.name}, outside the CGCS2000 "
                              "Gauss-Krüger zones of China (73°E–136°E): check the CRS, or give the right one",
                        layer=layer_name) from None


def _as_layers(value) -> list[VectorLayer]:
    if value is None:
        return []
    if isinstance(value, VectorLayer | gpd.GeoDataFrame):
        value = [value]
    out = []
    for i, item in enumerate(value):
        if isinstance(item, VectorLayer):
            out.append(item)
        elif isinstance(item, gpd.GeoDataFrame):
            out.append(VectorLayer(name=f"layer{i + 1}", gdf=item))
        else:
            raise UsageError(f"expected a GeoDataFrame or VectorLayer, got {type(item).__name__}")
    return out


def _layer_path(layer: VectorLayer) -> str:
    return layer.provenance.source_path or layer.name


def _crs_label(crs: CRS) -> str:
    code = epsg_of(crs)
    return f"EPSG:{code}" if code else crs.name


def _centre_lon(gdf: gpd.GeoDataFrame) -> float:
    bounds = gdf.total_bounds
    if np.isnan(bounds).any():
        raise DataError(None, "the parcels layer has no geometry to choose a Gauss-Krüger zone from")
    lonlat = Transformer.from_crs(gdf.crs, CRS.from_epsg(4490), always_xy=True)
    lon, _ = lonlat.transform((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    return float(lon)


def _to_work(layer: VectorLayer, work: CRS) -> np.ndarray:
    gdf = layer.gdf
    if gdf.crs is None:
        raise DataError(_layer_path(layer), "the layer has no CRS (no .prj and none could be inferred); "
                                            "give one explicitly", layer=layer.name)
    src = to_crs(gdf.crs)
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    if shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    present = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    bounds = shapely.total_bounds(present) if len(present) else None
    # a parcel whose coordinates are no place in its CRS (zone-prefixed eastings under a central-meridian
    # .prj, millimetres, metres labelled as degrees) would come out "compliant" with an area of 0
    if bounds is not None and np.isfinite(bounds).all() and not fits_area_of_use(bounds, src, strict=False):
        raise DataError(_layer_path(layer), f"the coordinates (x {bounds[0]:.0f}…{bounds[2]:.0f}, y {bounds[1]:.0f}…"
                                            f"{bounds[3]:.0f}) are no place in the layer's CRS {_crs_label(src)}: "
                                            "read the file again (zone prefixes, units and degrees are detected "
                                            "then) or give the right CRS", layer=layer.name)
    if src.equals(work):
        return geoms
    legacy_src, legacy_work = legacy_datum(src), legacy_datum(work)
    if legacy_src != legacy_work:
        which = legacy_src or legacy_work
        raise DataError(_layer_path(layer), f"the layer is in {src.name} and the check runs in {work.name}; "
                                            f"{which} data needs explicit transformation parameters "
                                            "(7-parameter) before it can be compared", layer=layer.name)
    transformer = Transformer.from_crs(src, work, always_xy=True)
    return shapely.transform(geoms, transformer.transform, interleaved=False)


def ellipsoidal_areas(geoms: np.ndarray, crs: CRS) -> np.ndarray:
    """椭球面积 (m², CGCS2000) of polygons in the projected ``crs``, fast.

    A conformal projection (Gauss-Krüger) maps an ellipsoid area element dA to dA·k², so the
    ellipsoidal area is ∫ dA / k². Over a parcel of side L, 1/k² varies linearly to first order
    (the centroid value integrates it exactly) and the second-order remainder is A·L²/(12R²):
    < 0.002 m² for a 0.7 km² parcel 150 km off the central meridian, measured against
    :func:`parkgis.core.area.ellipsoidal_area` with 1 m edges. Parcels with a side over
    ``SCALE_FACTOR_MAX_SIDE_M`` go through that function instead (25 m edges). The shortcut costs
    ~0.2 µs per parcel instead of ~50 µs.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = np.zeros(len(geoms))
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if not present.any():
        return out
    g = geoms[present]
    b = shapely.bounds(g)
    small = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1]) <= SCALE_FACTOR_MAX_SIDE_M
    res = np.zeros(len(g))
    if small.any():
        c = shapely.centroid(g[small])
        lon, lat = _geodetic(crs).transform(shapely.get_x(c), shapely.get_y(c))
        scale = np.asarray(_proj(crs).get_factors(lon, lat).areal_scale, dtype=float)
        # outside the projection's domain the scale is infinite: no area (NaN), not 0 m²
        res[small] = np.where(np.isfinite(scale) & (scale > 0), shapely.area(g[small]) / scale, np.nan)
    if (~small).any():
        res[~small] = ellipsoidal_area(g[~small], crs, max_segment_m=ELLIPSOIDAL_SEGMENT_M)
    out[present] = res
    return out


_PROJ_CACHE: dict[str, tuple[Proj, Transformer]] = {}


def _proj_pair(crs: CRS) -> tuple[Proj, Transformer]:
    key = crs.to_wkt()
    if key not in _PROJ_CACHE:
        _PROJ_CACHE[key] = (Proj(crs), Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True))
    return _PROJ_CACHE[key]


def _proj(crs: CRS) -> Proj:
    return _proj_pair(crs)[0]


def _geodetic(crs: CRS) -> Transformer:
    return _proj_pair(crs)[1]


def _clip_to_parcels(parcels: np.ndarray, features: np.ndarray, feature_vertices: np.ndarray) -> np.ndarray:
    """Each feature as far as it matters to its parcel: big features clipped to the parcel's box
    (+1 m), so that GEOS nodes a few dozen segments instead of thousands; small ones as they are.

    Clipping cannot change an overlay with the parcel: the box's new edges lie outside it."""
    out = features.copy()
    big = feature_vertices > CLIP_VERTICES
    if big.any():
        b = shapely.bounds(parcels[big])
        clipped = np.array([shapely.clip_by_rect(f, x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0)
                            for f, (x0, y0, x1, y1) in zip(features[big], b, strict=True)], dtype=object)
        # clip_by_rect is fast but may return invalid output: fall back to the whole feature there
        bad = ~shapely.is_valid(clipped)
        clipped[bad] = features[big][bad]
        out[big] = clipped
    return out


def _intersect(parcels: np.ndarray, features: np.ndarray, feature_vertices: np.ndarray) -> np.ndarray:
    """Pairwise parcel ∩ feature; big features are first clipped to the parcel's box (+1 m)."""
    return shapely.intersection(parcels, _clip_to_parcels(parcels, features, feature_vertices))


def _prepared_copies(geoms: np.ndarray) -> np.ndarray:
    """Private copies of ``geoms``, prepared.

    ``shapely.prepare`` writes into the geometry object, and a prepared geometry builds its
    indexes lazily on first use, without a lock. The caller's objects (a live layer the map, the
    attribute table or another worker reads at the same time) are therefore never prepared here."""
    copies = np.empty(len(geoms), dtype=object)
    # in slices: these GEOS calls hold the GIL, and a live index prepared on a worker thread must not
    # freeze the GUI thread for the ~1 s that 200 000 farmland patches take in one call
    for start in range(0, len(geoms), PREPARE_CHUNK):
        part = geoms[start:start + PREPARE_CHUNK]
        part = shapely.set_coordinates(part.copy(), shapely.get_coordinates(part))
        shapely.prepare(part)
        copies[start:start + PREPARE_CHUNK] = part
    return copies


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep only the polygonal parts of each geometry (make_valid may return collections)."""
    out = geoms.copy()
    types = shapely.get_type_id(geoms)
    mixed = np.flatnonzero(~np.isin(types, (_POLYGON, _MULTIPOLYGON)) & ~shapely.is_missing(geoms))
    if len(mixed):
        parts, idx = shapely.get_parts(geoms[mixed], return_index=True)
        keep = np.isin(shapely.get_type_id(parts), (_POLYGON, _MULTIPOLYGON))
        merged = np.full(len(mixed), shapely.from_wkt("POLYGON EMPTY"), dtype=object)
        if keep.any():
            for j in np.unique(idx[keep]):
                merged[j] = shapely.union_all(parts[keep & (idx == j)])
        out[mixed] = merged
    return out


def repair(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
    """Repair invalid polygons (``make_valid``, polygonal part kept).

    Returns ``(repaired, flagged, reasons)``: ``flagged`` marks geometries that were invalid,
    empty, missing or not polygons; ``reasons`` gives GEOS's reason (or ours) for each.
    """
    geoms = np.asarray(geoms, dtype=object)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    types = shapely.get_type_id(geoms)
    polygonal = np.isin(types, (_POLYGON, _MULTIPOLYGON))
    valid = shapely.is_valid(geoms)
    flagged = missing | ~polygonal | ~valid
    reasons: list[str | None] = [None] * len(geoms)
    repaired = geoms.copy()
    for i in np.flatnonzero(flagged):
        if missing[i]:
            reasons[i] = "空几何（无图形）"
            repaired[i] = shapely.from_wkt("POLYGON EMPTY")
        elif not polygonal[i]:
            reasons[i] = f"不是面要素（{geoms[i].geom_type}）"
    for i in np.flatnonzero(flagged & ~missing & ~polygonal):
        repaired[i] = shapely.from_wkt("POLYGON EMPTY")  # nothing areal to check
    # a GeometryCollection holding polygons is checked on those polygons, never skipped as "not areal"
    collections = np.flatnonzero(flagged & ~missing & (types == 7))
    if len(collections):
        parts = _polygonal(geoms[collections])
        for k, i in enumerate(collections):
            if not shapely.is_empty(parts[k]):
                repaired[i] = parts[k] if shapely.is_valid(parts[k]) else _polygonal(
                    np.array([shapely.make_valid(parts[k])], dtype=object))[0]
                reasons[i] = "几何集合（GeometryCollection）：按其中的面要素审查"
    coords, where = shapely.get_coordinates(geoms, return_index=True)
    nan_rows = np.unique(where[np.isnan(coords).any(axis=1)])
    for i in nan_rows:
        flagged[i] = True
        reasons[i] = reasons[i] or "坐标含非数值（NaN）"
        repaired[i] = shapely.from_wkt("POLYGON EMPTY")
    bad = np.setdiff1d(np.flatnonzero(flagged & ~missing & polygonal), nan_rows)
    if len(bad):
        why = shapely.is_valid_reason(geoms[bad])
        fixed = _polygonal(shapely.make_valid(geoms[bad]))
        for k, i in enumerate(bad):
            if reasons[i] is None:
                reasons[i] = f"无效几何：{why[k]}（已修复）"
            repaired[i] = fixed[k]
    return repaired, flagged, reasons


@dataclass
class _Features:
    """The constraint features that feed one rule, in the working CRS."""

    geoms: np.ndarray
    ids: np.ndarray            # str
    deduction: np.ndarray | None   # 扣除系数 as a fraction, per feature
    label: str = ""
    warnings: list[str] | None = None
    tree: _ChunkedTree | None = None
    vertices: np.ndarray | None = None
    checked: np.ndarray | None = None
    zone: np.ndarray | None = None     # use_zone_matrix rules: zone-type index per feature

    def __post_init__(self) -> None:
        self.vertices = shapely.get_num_coordinates(self.geoms)
        self.checked = np.zeros(len(self.geoms), dtype=bool)

    def ensure_valid(self, idx: np.ndarray | None = None) -> None:
        """Validate (and repair, and prepare) the features in ``idx`` once.

        Only features near some parcel are ever validated in a bulk run: of 200 000 farmland
        patches, the ~10 % whose boxes meet a parcel."""
        todo = np.flatnonzero(~self.checked) if idx is None else np.unique(idx[~self.checked[idx]])
        if not len(todo):
            return
        valid = shapely.is_valid(self.geoms[todo])
        bad = todo[~valid]
        if len(bad):
            self.geoms[bad] = _polygonal(shapely.make_valid(self.geoms[bad]))
            self.vertices[bad] = shapely.get_num_coordinates(self.geoms[bad])
            if self.warnings is not None:
                self.warnings.append(f"{self.label}: {len(bad)} invalid feature(s) repaired for the check")
        self.geoms[todo] = _prepared_copies(self.geoms[todo])
        self.checked[todo] = True

    def feature_tree(self) -> _ChunkedTree:
        """The features' tree for single-geometry queries (the incremental path)."""
        if self.tree is None:
            self.ensure_valid()
            self.tree = _ChunkedTree(self.geoms)
        return self.tree


class _ChunkedTree:
    """STRtrees over slices of the geometries, queried as one (single geometries only): building one
    tree of 200 000 patches holds the GIL for ~100 ms, a slice's for a few ms, so a worker thread
    building it leaves the GUI thread responsive. Returns the hits in ascending order."""

    CHUNK = 25_000

    def __init__(self, geoms: np.ndarray) -> None:
        self.trees = [(start, shapely.STRtree(geoms[start:start + self.CHUNK]))
                      for start in range(0, max(len(geoms), 1), self.CHUNK)]

    def query(self, geom, predicate: str | None = None) -> np.ndarray:
        found = [tree.query(geom, predicate=predicate) + start for start, tree in self.trees]
        return np.sort(np.concatenate(found)) if len(found) > 1 else np.sort(found[0])


def _feature_ids(gdf: gpd.GeoDataFrame, prefix: str) -> np.ndarray:
    for fld in FEATURE_ID_FIELDS:
        if fld in gdf.columns:
            col = gdf[fld]
            if col.notna().all():
                return np.asarray(prefix + _id_strings(col), dtype=object)
    return np.array([f"{prefix}#{i + 1}" for i in range(len(gdf))], dtype=object)


def _id_strings(col: pd.Series) -> pd.Series:
    """Id values as text; floats (a DBF numeric BSM read as 12.0) in their shortest exact form, "12"."""
    if pd.api.types.is_float_dtype(col):
        return pd.Series([float_text(v) for v in col.to_numpy(dtype=float)], index=col.index, dtype=object)
    return col.astype(str)


def _deduction(layer: VectorLayer, fld: str, keep: np.ndarray) -> np.ndarray:
    if fld not in layer.gdf.columns:
        return np.zeros(int(keep.sum()))
    raw = pd.to_numeric(layer.gdf[fld], errors="coerce").to_numpy(dtype=float)[keep]
    raw = np.where(np.isnan(raw), 0.0, raw)
    # 扣除系数 is a fraction (0.0521) in most databases; some producers store a percentage (5.21).
    frac = np.where(raw > 1.0, raw / 100.0, raw)
    bad = np.flatnonzero((frac < 0) | (frac > 1))
    if len(bad):
        raise DataError(_layer_path(layer), f"{fld} = {raw[bad[0]]} is not a deduction coefficient "
                                            "(0–1, or a percentage 0–100)",
                        feature=int(np.flatnonzero(keep)[bad[0]]) + 1, layer=layer.name)
    return frac


def _zone_types(rule: Rule, layer: VectorLayer, warnings: list[str]) -> np.ndarray:
    """Zone-type index (into ``rule.matrix.zones``) per feature of a 三区 layer; -1 where the value is
    not a known spelling (those features are left out of the check, with a warning)."""
    mx = rule.matrix
    gdf = layer.gdf
    fld = _detect_field(gdf, mx.zone_fields)
    if fld is None:
        raise DataError(_layer_path(layer), f"rule {rule.name} reads the zone type (三区类型) from "
                                            f"{' / '.join(mx.zone_fields)}, which the layer lacks; fields: "
                                            f"{', '.join(map(str, gdf.columns.drop(gdf.geometry.name)))}",
                        layer=layer.name)
    col = gdf[fld]
    text = _id_strings(col.dropna()).reindex(col.index) if col.notna().any() else col.astype(object)
    lookup = {z: k for k, z in enumerate(mx.zones)}
    spelled = {}
    out = np.full(len(gdf), -1, dtype=np.int64)
    for i, value in enumerate(text.tolist()):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        if value not in spelled:
            zone = mx.zone_of(value)
            spelled[value] = -1 if zone is None else lookup[zone]
        out[i] = spelled[value]
    unknown = sorted({str(v) for v, k in spelled.items() if k < 0})
    blank = int(col.isna().sum())
    if unknown or blank:
        what = (f"unknown {fld} value(s) {', '.join(unknown[:8])}" + (" ..." if len(unknown) > 8 else "")
                + (f" or an empty {fld}" if blank else "")) if unknown else f"empty {fld}"
        warnings.append(f"{_layer_path(layer)}: {int((out < 0).sum())} zone feature(s) with {what} "
                        f"left out of rule {rule.name} (known zone types: {', '.join(mx.zones)}; "
                        "add spellings under zone_values in the rule set)")
    return out


def _prepare_features(rule: Rule, layers: list[VectorLayer], work: CRS, warnings: list[str]) -> _Features:
    all_geoms, selections = [], []
    for layer in layers:
        if len(layer.gdf) == 0:
            raise DataError(_layer_path(layer), f"the {rule.layer} layer is empty", layer=layer.name)
        geoms = _to_work(layer, work)
        present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        types = shapely.get_type_id(geoms)
        wrong = np.flatnonzero(present & ~np.isin(types, (_POLYGON, _MULTIPOLYGON, 7)))
        if len(wrong):
            raise DataError(_layer_path(layer), f"a {rule.layer} constraint layer must hold polygons, found "
                                                f"{geoms[wrong[0]].geom_type}", feature=int(wrong[0]) + 1,
                            layer=layer.name)
        selection = select_features(rule, layer, present, warnings, prefix_ids=len(layers) > 1)
        all_geoms.append(_polygonal(geoms[selection.keep]))
        selections.append(selection)
    return features_of(rule, layers, selections, np.concatenate(all_geoms) if all_geoms else np.empty(0, dtype=object),
                       warnings)


@dataclass
class FeatureSelection:
    """The features of one constraint layer that feed a rule (``keep``), with their ids, 扣除系数
    fractions and zone types, in layer order: what a rule needs of a layer besides its geometry."""

    keep: np.ndarray
    ids: np.ndarray
    deduction: np.ndarray | None
    zone: np.ndarray | None


def features_of(rule: Rule, layers: list[VectorLayer], selections: list[FeatureSelection], geoms: np.ndarray,
                warnings: list[str]) -> _Features:
    """The rule's features from the selections of its layers; ``geoms`` are the kept geometries (in
    the check's CRS), or placeholders where the overlay happens elsewhere (inside the database)."""
    label = ", ".join(_layer_path(lyr) for lyr in layers) + f" ({rule.layer})"
    return _Features(geoms=geoms, ids=np.concatenate([s.ids for s in selections]) if selections else
                     np.empty(0, dtype=object),
                     deduction=np.concatenate([s.deduction for s in selections]) if rule.deduction_field else None,
                     label=label, warnings=warnings,
                     zone=np.concatenate([s.zone for s in selections]) if rule.matrix is not None else None)


def select_features(rule: Rule, layer: VectorLayer, present: np.ndarray, warnings: list[str], *,
                    prefix_ids: bool) -> FeatureSelection:
    """Which features of ``layer`` feed ``rule`` (those with a geometry, ``present``, that pass the
    rule's ``where`` filter and, for a use × zone rule, have a known zone type); only the
    attributes are read, so a database check calls it on a layer without geometries."""
    gdf = layer.gdf
    path = _layer_path(layer)
    keep = present.copy()
    if rule.where is not None:
        fld = rule.where.field
        if fld not in gdf.columns:
            raise DataError(path, f"rule {rule.name} filters on field {fld}, which the layer lacks",
                            layer=layer.name)
        text = gdf[fld].astype("string").fillna("").to_numpy(dtype=object)
        if rule.where.prefix:
            match = np.array([t.startswith(rule.where.prefix) for t in text], dtype=bool)
        else:
            match = np.isin(text, list(rule.where.values))
        keep &= match
    if rule.matrix is not None:
        zone = _zone_types(rule, layer, warnings)
        keep &= zone >= 0
    if (~present).any():
        warnings.append(f"{path}: {int((~present).sum())} feature(s) without geometry skipped")
    ids = _feature_ids(gdf, f"{layer.name}:" if prefix_ids else "")[keep]
    return FeatureSelection(keep, ids, _deduction(layer, rule.deduction_field, keep) if rule.deduction_field
                            else None, zone[keep] if rule.matrix is not None else None)


def _detect_field(gdf: gpd.GeoDataFrame, candidates: Iterable[str]) -> str | None:
    lower = {c.lower(): c for c in gdf.columns}
    for name in candidates:
        if name in gdf.columns:
            return name
        if name.lower() in lower:
            return lower[name.lower()]
    return None


def use_codes(col: pd.Series) -> np.ndarray:
    """用地用海 codes as text ("" where missing).

    A code stored as a number loses its leading zero (0701 → 701) and may come back as a float
    (1001.0): whole numbers lose the '.0' and an odd digit count gets its zero back, since every
    level of the classification has an even number of digits (07, 0701, 070101)."""
    text = col.astype("string").str.strip().fillna("").to_numpy(dtype=object)
    out = np.empty(len(text), dtype=object)
    for i, t in enumerate(text):
        if t.endswith(".0") and t[:-2].isdigit():
            t = t[:-2]
        if t.isdigit() and len(t) % 2:
            t = "0" + t
        out[i] = t
    return out


def _parcel_ids(gdf: gpd.GeoDataFrame, id_field: str | None, path: str,
                warnings: list[str]) -> tuple[np.ndarray, str | None]:
    n = len(gdf)
    if id_field is not None and id_field not in gdf.columns:
        raise DataError(path, f"id field {id_field!r} not found; fields: {', '.join(map(str, gdf.columns.drop('geometry', errors='ignore')))}")
    fld = id_field or _detect_field(gdf, ID_FIELDS)
    if fld is None:
        warnings.append(f"{path}: no id field found (tried {', '.join(ID_FIELDS[:4])}, ...): "
                        "parcels are named by row number (#1, #2, ...)")
        return np.array([f"#{i + 1}" for i in range(n)], dtype=object), None
    col = gdf[fld]
    text = col.astype("string").str.strip()
    absent = (col.isna() | (text.fillna("") == "")).to_numpy()
    if pd.api.types.is_float_dtype(col):
        # str() of a REAL id gives "1.0" and "1.5060212345678902e+17", int() digits the source never
        # had: the shortest text of the stored value is what the file says
        values = col.to_numpy(dtype=float, na_value=np.nan)
        ids = np.array([float_text(v) for v in values], dtype=object)
        inexact = ~absent & (np.abs(np.nan_to_num(values)) >= FLOAT_EXACT) & (np.mod(np.nan_to_num(values), 1) == 0)
        if inexact.any():
            first = int(np.flatnonzero(inexact)[0])
            warnings.append(f"{path}: {int(inexact.sum())} id(s) in {fld} are whole numbers beyond 2^53 held in "
                            f"a floating-point field: their last digits are not those of the source "
                            f"(first: row {first + 1}, {ids[first]}); store such ids as text or integers")
    else:
        ids = text.to_numpy(dtype=object, na_value="")
    missing = (np.flatnonzero(absent) + 1).tolist()
    for row in missing:
        ids[row - 1] = f"#{row}"
    if missing:
        shown = ", ".join(f"#{r}" for r in missing[:10]) + (" ..." if len(missing) > 10 else "")
        warnings.append(f"{path}: {len(missing)} parcel(s) without {fld}, named by row number: {shown}")
    present = ~absent
    series = pd.Series(ids[present])
    dup_values = set(series[series.duplicated(keep=False)])
    if dup_values:
        rows = np.flatnonzero(present & pd.Series(ids).isin(dup_values).to_numpy())
        for i in rows:
            ids[i] = f"{ids[i]}#{i + 1}"
        shown = ", ".join(sorted(map(str, dup_values))[:10]) + (" ..." if len(dup_values) > 10 else "")
        warnings.append(f"{path}: duplicated {fld} ({shown}): those parcels are named id#row")
    return ids, fld


# --------------------------------------------------------------------------------------------
# the common summarising step: pieces per (parcel, feature) → conflicts and slivers per parcel


@dataclass
class _RuleOutcome:
    """Per-parcel outcome of one rule, for the parcels that have anything to report."""

    parcel: np.ndarray          # parcel indices
    area: np.ndarray            # conflict area (slivers excluded)
    geometry: np.ndarray        # conflict geometry (non-sliver parts)
    with_ids: list[list[str]]
    net: np.ndarray | None
    slivers: dict[int, list[tuple[float, float]]]   # parcel → [(area, mean width)]
    severity: list[str] | None = None    # per entry, where it varies by parcel (use_zone_matrix)
    detail: list[str | None] | None = None


def _group(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    order = np.argsort(keys, kind="stable")
    uniq, starts, counts = np.unique(keys[order], return_index=True, return_counts=True)
    return order, uniq, np.stack([starts, starts + counts], axis=1)


def _union_groups(pieces: np.ndarray, order: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    out = np.empty(len(bounds), dtype=object)
    single = bounds[:, 1] - bounds[:, 0] == 1
    out[single] = pieces[order[bounds[single, 0]]]
    for g in np.flatnonzero(~single):
        s, e = bounds[g]
        out[g] = shapely.union_all(pieces[order[s:e]])
    return out


def _split_slivers(geoms: np.ndarray, min_area: float, min_width: float):
    """Split each geometry into polygon parts; classify each part as sliver or not.

    Returns (conflict_area, conflict_geom, slivers_per_entry, has_sliver)."""
    n = len(geoms)
    parts, idx = shapely.get_parts(geoms, return_index=True)
    if len(parts):
        poly = shapely.get_type_id(parts) == _POLYGON
        parts, idx = parts[poly], idx[poly]
    area = shapely.area(parts)
    real = area > NOISE_AREA
    parts, idx, area = parts[real], idx[real], area[real]
    perim = shapely.length(parts)
    width = np.divide(2.0 * area, perim, out=np.zeros_like(area), where=perim > 0)
    sliver = (area < min_area) | (width < min_width)
    conflict_area = np.bincount(idx[~sliver], weights=area[~sliver], minlength=n)
    has_sliver = np.bincount(idx[sliver], minlength=n) > 0
    conflict_geom = geoms.copy()
    # rebuild from the polygon parts where slivers were dropped or overlay left lines/points behind
    rebuild = has_sliver | ~np.isin(shapely.get_type_id(geoms), (_POLYGON, _MULTIPOLYGON))
    if rebuild.any():
        rebuilt = np.full(n, shapely.from_wkt("MULTIPOLYGON EMPTY"), dtype=object)
        keep = ~sliver & rebuild[idx]
        if keep.any():
            shapely.multipolygons(parts[keep], indices=idx[keep], out=rebuilt)
        conflict_geom[rebuild] = rebuilt[rebuild]
    slivers: dict[int, list[tuple[float, float]]] = {}
    for k in np.flatnonzero(sliver):
        slivers.setdefault(int(idx[k]), []).append((float(area[k]), float(width[k])))
    return conflict_area, conflict_geom, slivers, has_sliver


def _summarise_pieces(pi: np.ndarray, fi: np.ndarray, pieces: np.ndarray, ids: np.ndarray,
                      deduction: np.ndarray | None, min_area: float, min_width: float) -> _RuleOutcome:
    """Pieces (parcel ∩ feature) → per-parcel union (features counted once), slivers, with, net."""
    piece_area = shapely.area(pieces)
    real = piece_area > NOISE_AREA
    # feature order inside each parcel decides which patch's 扣除系数 applies where patches
    # overlap; sort so the bulk and incremental paths agree
    by_feature = np.argsort(fi[real], kind="stable")
    pi, fi, pieces, piece_area = (a[real][by_feature] for a in (pi, fi, pieces, piece_area))
    if not len(pi):
        return _RuleOutcome(np.empty(0, int), np.empty(0), np.empty(0, object), [], None, {})
    order, parcels, bounds = _group(pi)
    unions = _union_groups(pieces, order, bounds)
    conflict_area, conflict_geom, group_slivers, has_sliver = _split_slivers(unions, min_area, min_width)
    slivers = {int(parcels[g]): items for g, items in group_slivers.items()}
    union_area = shapely.area(unions)
    sums = np.add.reduceat(piece_area[order], bounds[:, 0])
    overlapping = np.abs(sums - union_area) > 1e-6 * np.maximum(union_area, 1.0)
    net = None
    if deduction is not None:
        # the common case (disjoint pieces, no sliver): every piece counts whole, net by 扣除系数
        net = np.add.reduceat(piece_area[order] * (1.0 - deduction[fi[order]]), bounds[:, 0])
    member_ids = np.split(ids[fi[order]], bounds[1:, 0])
    with_ids: list[list[str]] = [list(dict.fromkeys(m.tolist())) for m in member_ids]
    for g in np.flatnonzero((has_sliver | overlapping) & (conflict_area > 0)):
        s, e = bounds[g]
        members = order[s:e]
        # pieces overlap each other or some are slivers: count each patch's share of the conflict
        # geometry once, in feature order, so a per-patch 扣除系数 applies to exactly its own area
        if has_sliver[g]:
            target = conflict_geom[g]
            shapely.prepare(target)
            own = shapely.intersection(pieces[members], target)
        else:
            own = pieces[members]
        own_area = shapely.area(own)
        involved = own_area > NOISE_AREA
        with_ids[g] = list(dict.fromkeys(ids[fi[members][involved]].tolist()))
        if net is not None:
            if not overlapping[g]:
                net[g] = float(np.sum(own_area[involved] * (1.0 - deduction[fi[members][involved]])))
                continue
            taken = None
            total = 0.0
            for piece, f, a in zip(own[involved], fi[members][involved], own_area[involved], strict=True):
                part = a if taken is None else float(shapely.area(shapely.difference(piece, taken)))
                total += part * (1.0 - deduction[f])
                taken = piece if taken is None else shapely.union(taken, piece)
            net[g] = total
    for g in np.flatnonzero(conflict_area <= 0):
        with_ids[g] = []
    return _RuleOutcome(parcels, conflict_area, conflict_geom, with_ids, net, slivers)


def _pieces(geoms: np.ndarray, feats: _Features, pi: np.ndarray, fi: np.ndarray, covered: np.ndarray) -> np.ndarray:
    """parcel ∩ feature per pair; a covering feature gives the parcel itself, a feature inside the
    parcel gives itself, and only the pairs that cross a boundary are intersected."""
    pieces = np.empty(len(pi), dtype=object)
    pieces[covered] = geoms[pi[covered]]
    rest = np.flatnonzero(~covered)
    if len(rest):
        # a small patch wholly inside the parcel is its own piece (parcels are prepared)
        inside = shapely.covers(geoms[pi[rest]], feats.geoms[fi[rest]])
        pieces[rest[inside]] = feats.geoms[fi[rest[inside]]]
        rest = rest[~inside]
        pieces[rest] = _intersect(geoms[pi[rest]], feats.geoms[fi[rest]], feats.vertices[fi[rest]])
    return pieces


class _UseCodes:
    """The parcels' 用地用海 codes for one use × zone rule, as matrix rows, and the level table."""

    def __init__(self, matrix: UseZoneMatrix, field: str, codes: np.ndarray) -> None:
        self.matrix = matrix
        self.field = field
        self.codes = codes
        self.rows = np.array([self.row(c) for c in codes.tolist()], dtype=np.int64)
        # one extra row (index -1) for parcels without a code: everything allowed, nothing checked
        self.table = np.array([[LEVEL_RANK[lv] for lv in matrix.levels(r)] for r in range(len(matrix.rows) + 1)]
                              + [[0] * len(matrix.zones)], dtype=np.int8)

    def row(self, code: str) -> int:
        return self.matrix.row_of(code) if code else -1

    def set(self, index: int, code: str) -> None:
        code = use_codes(pd.Series([code], dtype=object))[0]
        self.codes = self.codes.copy()
        self.codes[index] = code
        self.rows = self.rows.copy()
        self.rows[index] = self.row(code)

    def restrict(self, rows: np.ndarray, zones: np.ndarray, fi: np.ndarray, pi: np.ndarray, *extra: np.ndarray):
        """Keep the (feature, parcel) pairs whose zone does not allow the parcel's use."""
        keep = self.table[rows, zones] > 0
        return (fi[keep], pi[keep], *(e[keep] for e in extra))

    def missing(self) -> np.ndarray:
        return self.rows < 0


def _outside(n: int, parcel_geoms: np.ndarray, subject: np.ndarray, pi: np.ndarray, fi: np.ndarray,
             covered: np.ndarray, feats: _Features, min_area: float, min_width: float,
             clipped: np.ndarray | None = None, piece_area: np.ndarray | None = None) -> _RuleOutcome:
    """Parcel − union(features) for the ``subject`` parcels (those with a geometry).

    The parcel is cut by the features themselves (clipped to its box), never by its own
    intersections with them: parcel − (parcel ∩ feature) leaves zero-width spikes along the
    parcel's edges that GEOS joins to a real outside piece, whose mean width 2·area/perimeter then
    falls below the sliver tolerance — 2–5 m² outside the park reported as a "sliver".
    ``clipped``/``piece_area`` (the clipped feature and area of parcel ∩ feature per pair, computed
    elsewhere) are needed only where the parcel is covered by no feature."""
    inside = np.zeros(n, dtype=bool)
    inside[pi[covered]] = True
    crossing = ~inside[pi]
    pi_c, fi_c = pi[crossing], fi[crossing]
    targets = np.flatnonzero(subject & ~inside)
    outside_geom = parcel_geoms[targets].copy()
    with_ids: list[list[str]] = [[] for _ in targets]
    if len(pi_c):
        if clipped is None:
            clipped = _clip_to_parcels(parcel_geoms[pi_c], feats.geoms[fi_c], feats.vertices[fi_c])
            area = shapely.area(shapely.intersection(parcel_geoms[pi_c], clipped))
        else:
            clipped, area = clipped[crossing], piece_area[crossing]
        real = area > NOISE_AREA    # features that only touch the parcel are not involved
        pi_c, fi_c, clipped = pi_c[real], fi_c[real], clipped[real]
    if len(pi_c):
        order, parcels, bounds = _group(pi_c)
        inner = _union_groups(clipped, order, bounds)
        pos = np.searchsorted(targets, parcels)
        outside_geom[pos] = shapely.difference(parcel_geoms[parcels], inner)
        for g, p in enumerate(pos):
            s, e = bounds[g]
            with_ids[p] = list(dict.fromkeys(feats.ids[fi_c[order[s:e]]]))
    conflict_area, conflict_geom, slivers, _ = _split_slivers(outside_geom, min_area, min_width)
    remap = {int(k): v for k, v in slivers.items()}
    slivers = {int(targets[k]): v for k, v in remap.items()}
    return _RuleOutcome(targets, conflict_area, conflict_geom, with_ids, None, slivers)


def _neighbour_pairs(geoms: np.ndarray, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Keep candidate pairs whose interiors intersect (a 2-D overlap), dropping edge neighbours."""
    if not len(left):
        return left, right
    b = shapely.bounds(geoms)
    w = np.minimum(b[left, 2], b[right, 2]) - np.maximum(b[left, 0], b[right, 0])
    h = np.minimum(b[left, 3], b[right, 3]) - np.maximum(b[left, 1], b[right, 1])
    box_overlap = (w > 0) & (h > 0)   # boxes that only touch cannot hold an areal overlap
    left, right = left[box_overlap], right[box_overlap]
    interiors = shapely.relate_pattern(geoms[left], geoms[right], "T********")
    return left[interiors], right[interiors]


# --------------------------------------------------------------------------------------------
# the index


class ConflictIndex:
    """Constraint layers and parcels prepared once for the conflict check.

    Parameters
    ----------
    parcels
        The parcels (地块/标准地) layer: a ``VectorLayer`` or ``GeoDataFrame``.
    constraints
        Mapping from layer role (``"eco_redline"``, ``"farmland"``, ``"udb"``, ``"park"``,
        ``"landuse"``, ``"zones"`` ...) to one or several layers. Rules whose layer is not given are skipped
        (and listed in ``CheckResult.rules_skipped``).
    ruleset
        The rule set (default: ``resources/rulesets/default.toml``).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import box
    >>> x, y = 500_000, 4_400_000   # on the central meridian of EPSG:4545 (108°E), where it is the own zone
    >>> parcels = gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[box(x, y, x + 100, y + 100)], crs=4545)
    >>> eco = gpd.GeoDataFrame(geometry=[box(x + 50, y, x + 200, y + 100)], crs=4545)
    >>> result = ConflictIndex(parcels, {"eco_redline": eco}).run()
    >>> result.parcels[0].conflict("eco_redline").area_m2
    5000.0
    """

    def __init__(self, parcels, constraints: Mapping[str, object] | None = None, ruleset: RuleSet | None = None,
                 *, id_field: str | None = None, name_field: str | None = None,
                 min_area: float | None = None, min_width: float | None = None) -> None:
        self.ruleset = (ruleset or default_ruleset()).with_settings(min_area=min_area, min_width=min_width)
        self.warnings: list[str] = []
        layers = _as_layers(parcels)
        if len(layers) != 1:
            raise UsageError("give exactly one parcels layer")
        self.parcel_layer = layers[0]
        gdf = self.parcel_layer.gdf
        path = _layer_path(self.parcel_layer)
        if gdf.crs is None:
            raise DataError(path, "the parcels layer has no CRS (no .prj and none could be inferred); "
                                  "give one explicitly", layer=self.parcel_layer.name)
        if len(gdf) == 0:
            raise DataError(path, "the parcels layer is empty", layer=self.parcel_layer.name)
        self.crs = self._working_crs(gdf, path)
        self.ids, self.id_field = self._parcel_ids(gdf, id_field, path)
        fld = name_field or _detect_field(gdf, NAME_FIELDS)
        self.names = gdf[fld].astype("string").to_numpy(dtype=object, na_value=None) if fld else \
            np.full(len(gdf), None, dtype=object)
        raw = _to_work(self.parcel_layer, self.crs)
        self.geoms, self.flagged, self.reasons = repair(raw)
        self.present = ~(shapely.is_missing(self.geoms) | shapely.is_empty(self.geoms))
        raw_types = shapely.get_type_id(raw)
        if self.whole_layer and not np.isin(raw_types, (_POLYGON, _MULTIPOLYGON)).any() and not self.present.any():
            kinds = sorted({g.geom_type for g in raw if g is not None}) or ["no geometry"]
            raise DataError(path, f"the parcels layer holds no polygons ({', '.join(kinds)})",
                            layer=self.parcel_layer.name)
        self.geoms[self.present] = _prepared_copies(self.geoms[self.present])
        self._tree: shapely.STRtree | None = None
        self._moved: set[int] = set()   # positions whose geometry changed since the tree was built
        self.fids = np.asarray(self.parcel_layer.gdf.index, dtype=np.int64)
        self._fid_index = pd.Index(self.fids)

        constraints = dict(constraints or {})
        unknown = set(constraints) - {r.value for r in _roles()}
        if unknown:
            raise UsageError(f"unknown layer role(s) {', '.join(sorted(unknown))}")
        self.layers_info: list[LayerInfo] = [self._info("parcels", self.parcel_layer)]
        self.features: dict[str, _Features] = {}
        self.rules_checked: list[str] = []
        self.rules_skipped: dict[str, str] = {}
        self._use: dict[str, _UseCodes] = {}
        given = {role: _as_layers(v) for role, v in constraints.items()}
        for role, lyrs in given.items():
            for lyr in lyrs:
                self.layers_info.append(self._info(role, lyr))
        for rule in self.ruleset.rules:
            if rule.layer is None:
                self.rules_checked.append(rule.name)
                continue
            lyrs = given.get(rule.layer, [])
            if not lyrs:
                self.rules_skipped[rule.name] = f"未提供{_role_label(rule.layer)}图层"
                continue
            if rule.matrix is not None:
                use_field = _detect_field(gdf, rule.matrix.use_fields)
                if use_field is None:
                    self.rules_skipped[rule.name] = (f"地块图层无用地用海字段（{'/'.join(rule.matrix.use_fields)}），"
                                                     "未审查用途与三区的符合性")
                    continue
                self._use[rule.name] = _UseCodes(rule.matrix, use_field, use_codes(gdf[use_field]))
            self.features[rule.name] = self._features_for(rule, lyrs)
            self.rules_checked.append(rule.name)

    def _working_crs(self, gdf: gpd.GeoDataFrame, path: str) -> CRS:
        return parcels_working_crs(gdf, path, self.parcel_layer.name)

    def _parcel_ids(self, gdf: gpd.GeoDataFrame, id_field: str | None, path: str) -> tuple[np.ndarray, str | None]:
        return _parcel_ids(gdf, id_field, path, self.warnings)

    def _features_for(self, rule: Rule, layers: list[VectorLayer]) -> _Features:
        """The constraint features of ``rule`` from its layers (a database check reads them elsewhere)."""
        return _prepare_features(rule, layers, self.crs, self.warnings)

    #: 1-based row of this index's first parcel in its layer (a database check runs chunk by chunk)
    first_row = 1
    #: the parcels' planar areas in their own zones, from the last run
    zoned: ZonedAreas | None = None
    #: warn of parcels outside the CRS's zone (a chunked check warns once, for all chunks)
    note_zones = True
    #: the parcels are the whole layer (a chunk of it may hold no polygon at all; the layer may not)
    whole_layer = True

    @staticmethod
    def _info(role: str, layer: VectorLayer) -> LayerInfo:
        crs = layer.gdf.crs
        return LayerInfo(role=role, name=layer.name, features=len(layer.gdf),
                         source_crs=_crs_label(to_crs(crs)) if crs is not None else "unknown",
                         source=layer.provenance.source_path, data_date=layer.provenance.data_date,
                         approval=layer.provenance.approval)

    @property
    def crs_label(self) -> str:
        return _crs_label(self.crs)

    @property
    def parcel_tree(self) -> shapely.STRtree:
        """The tree of the parcels as they were when it was built; :meth:`parcels_near` corrects
        for parcels changed since (an edit patches one parcel, it does not rebuild the tree)."""
        if self._tree is None:
            self._tree = shapely.STRtree(self.geoms)
            self._moved.clear()
        return self._tree

    def parcels_near(self, geom) -> np.ndarray:
        """Positions of the parcels that intersect ``geom`` (in the check's CRS), edits included."""
        found = self.parcel_tree.query(geom, predicate="intersects")
        if self._moved:
            moved = np.fromiter(self._moved, dtype=np.int64, count=len(self._moved))
            found = found[~np.isin(found, moved)]
            live = moved[self.present[moved]]
            found = np.concatenate([found, live[shapely.intersects(self.geoms[live], geom)]])
        return found

    def position(self, fid: int) -> int:
        """The row of parcel ``fid`` in this index."""
        try:
            return int(self._fid_index.get_loc(int(fid)))
        except KeyError:
            raise UsageError(f"the check has no parcel with fid {fid}") from None

    #: changed parcels kept beside the tree before it is rebuilt (queries then test them one by one)
    MOVED_LIMIT = 512

    def update_parcel(self, fid: int, geom, *, use_code: str | None = None, crs=None) -> None:
        """Patch parcel ``fid`` after an edit, in place (≈ 0.1 ms: the tree is not rebuilt, see
        :meth:`parcels_near`). ``geom`` is in the check's CRS unless ``crs`` says otherwise;
        ``use_code`` (用地用海 code) replaces the parcel's planned use for the use × zone rules.
        Not to be called while :meth:`run` is running on another thread."""
        index = self.position(fid)
        if use_code is not None:
            for uc in self._use.values():
                uc.set(index, use_code)
        if geom is None:
            return
        if crs is not None and not to_crs(crs).equals(self.crs):
            geom = shapely.transform(geom, Transformer.from_crs(to_crs(crs), self.crs, always_xy=True).transform,
                                     interleaved=False)
        fixed, flagged, reasons = repair(np.array([shapely.force_2d(geom)], dtype=object))
        present = not (shapely.is_missing(fixed[0]) or shapely.is_empty(fixed[0]))
        if present:
            fixed = _prepared_copies(fixed)
        self.geoms[index] = fixed[0]
        self.flagged[index], self.reasons[index] = flagged[0], reasons[0]
        self.present[index] = present
        if self._tree is not None:
            self._moved.add(index)
            if len(self._moved) > self.MOVED_LIMIT:
                self._tree = None

    def add_parcel(self, fid: int, geom, *, parcel_id: str, name: str | None = None,
                   use_code: str | None = None, crs=None) -> int:
        """Append a parcel that was not in the layer when the index was built (a feature added in
        an edit session), so that live checks see it as one of the other parcels; returns its row.
        Costs a copy of the per-parcel arrays: for additions, not for every mouse move."""
        fid = int(fid)
        if fid in self._fid_index:
            raise UsageError(f"the check already has a parcel with fid {fid}")
        index = len(self.geoms)
        self.geoms = np.append(self.geoms, np.array([shapely.from_wkt("POLYGON EMPTY")], dtype=object))
        self.flagged = np.append(self.flagged, False)
        self.reasons = [*self.reasons, None]
        self.present = np.append(self.present, False)
        self.ids = np.append(self.ids, np.array([parcel_id], dtype=object))
        self.names = np.append(self.names, np.array([name], dtype=object))
        self.fids = np.append(self.fids, np.int64(fid))
        self._fid_index = pd.Index(self.fids)
        for uc in self._use.values():
            uc.codes = np.append(uc.codes, np.array([""], dtype=object))
            uc.rows = np.append(uc.rows, np.int64(-1))
        if self._tree is not None:
            self._moved.add(index)   # past the tree's end: parcels_near tests it one by one
        self.update_parcel(fid, geom, use_code=use_code, crs=crs)
        return index

    # ---------------------------------------------------------------- bulk

    def run(self, feedback: Feedback | None = None) -> CheckResult:
        """Check every parcel against every rule (the bulk path)."""
        fb = ensure_feedback(feedback)
        n = len(self.geoms)
        rs = self.ruleset
        steps = len(self.rules_checked) + 2
        outcomes = self._rule_outcomes(rs, fb, steps)
        fb.check_cancelled()
        fb.set_progress((steps - 1) / steps, "椭球面积")
        ell = ellipsoidal_areas(self.geoms, self.crs)
        planar = shapely.area(self.geoms)
        results = [ParcelResult(pid, name, area, e, [], [], row, geom) for row, pid, name, area, e, geom in
                   zip(range(self.first_row, self.first_row + n), self.ids.tolist(), self.names.tolist(), planar.tolist(), ell.tolist(),
                       self.geoms.tolist(), strict=True)]
        for result, fid in zip(results, self.fids.tolist(), strict=True):
            result.fid = fid
        zoned = self.zoned = own_zone_planar_area(self.geoms, self.crs)
        for rule in rs.rules:
            if rule.name not in self.rules_checked:
                continue
            if rule.kind == "invalid_geometry":
                for i in np.flatnonzero(self.flagged):
                    results[i].conflicts.append(self._invalid_conflict(rule, i, planar[i]))
                continue
            self._attach(rule, outcomes[rule.name], results, planar)
        _in_own_zones(results, zoned, self.crs)
        warnings = list(self.warnings)
        note = zone_mismatch_note(zoned, self.crs, self.ids) if self.note_zones else None
        if note:
            warnings.append(f"{_layer_path(self.parcel_layer)}: {note}")
        for rule_name, uc in self._use.items():
            rows = np.flatnonzero(uc.missing() & self.present)
            note = self._missing_use_note(rule_name)
            for i in rows.tolist():
                results[i].notes.append(note)
            if len(rows):
                shown = ", ".join(self.ids[rows[:10]].tolist()) + (" ..." if len(rows) > 10 else "")
                warnings.append(f"{_layer_path(self.parcel_layer)}: {len(rows)} parcel(s) without a 用地用海 code "
                                f"in {uc.field} ({shown}): rule {rule_name} not checked for them")
        fb.set_progress(1.0, "完成")
        return CheckResult(crs=self.crs_label, min_area=rs.min_area, min_width=rs.min_width, parcels=results,
                           rules_checked=list(self.rules_checked), rules_skipped=dict(self.rules_skipped),
                           layers=list(self.layers_info), warnings=warnings, ruleset=rs,
                           id_field=self.id_field)

    def _rule_outcomes(self, rs: RuleSet, fb: Feedback, steps: int) -> dict[str, _RuleOutcome]:
        """Each checked rule's outcome over all parcels (the overlay; a database check does it there)."""
        outcomes: dict[str, _RuleOutcome] = {}
        if self._moved:
            self._tree = None   # the bulk path wants the tree of the parcels as they are now
        tree = self.parcel_tree
        # shapely releases the GIL inside GEOS: validating the parcel coverage (the costliest single
        # step) on a second core while the constraint rules run saves ~0.3–0.7 s on 100 000 parcels
        # (only the coverage validation runs there: it reads coordinates and never touches the
        # parcels' prepared state, which GEOS builds lazily and not thread-safely)
        pool = ThreadPoolExecutor(max_workers=1)
        overlap_job = pool.submit(self._coverage_flags) if any(
            r.kind == "parcel_overlap" and r.name in self.rules_checked for r in rs.rules) else None
        try:
            self._run_rules(rs, tree, outcomes, overlap_job, fb, steps)
        finally:
            pool.shutdown(wait=True)
        return outcomes

    def _run_rules(self, rs: RuleSet, tree, outcomes: dict, overlap_job, fb: Feedback, steps: int) -> None:
        for step, rule in enumerate(r for r in rs.rules if r.name in self.rules_checked):
            fb.check_cancelled()
            fb.set_progress(step / steps, rule.label)
            if rule.kind in ("invalid_geometry", "parcel_overlap"):
                continue
            feats = self.features[rule.name]
            fi, pi = tree.query(feats.geoms)               # boxes only: cheap
            if rule.matrix is not None:
                # pairs where the parcel's use is allowed in the zone cost nothing further
                uc = self._use[rule.name]
                fi, pi = uc.restrict(uc.rows[pi], feats.zone[fi], fi, pi)
            feats.ensure_valid(fi)
            hit = shapely.intersects(feats.geoms[fi], self.geoms[pi])   # prepared features
            fi, pi = fi[hit], pi[hit]
            covered = shapely.covers(feats.geoms[fi], self.geoms[pi])
            if rule.matrix is not None:
                outcomes[rule.name] = self._evaluate_matrix(rule, feats, self.present, pi, fi, covered,
                                                            uc.rows, uc.codes)
            else:
                outcomes[rule.name] = self._evaluate(rule, feats, self.present, pi, fi, covered)
        for rule in rs.rules:
            if rule.kind == "parcel_overlap" and rule.name in self.rules_checked:
                fb.set_progress((steps - 2) / steps, rule.label)
                outcomes[rule.name] = self._parcel_overlap(*self._overlap_candidates(tree, overlap_job.result()))

    def _coverage_flags(self) -> np.ndarray:
        present = np.flatnonzero(self.present)
        flagged = np.zeros(len(self.geoms), dtype=bool)
        flagged[present] = ~shapely.is_empty(shapely.coverage_invalid_edges(self.geoms[present]))
        return flagged

    def _overlap_candidates(self, tree: shapely.STRtree, flagged: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Parcel pairs whose interiors intersect.

        A cadastral map is a polygonal coverage: neighbours share edges exactly. GEOS's coverage
        validator flags, per parcel, the edges that cross another parcel's interior or duplicate
        it; two parcels can only overlap if at least one of them has such an edge. So only pairs
        with a flagged parcel go on to the box and relate (interiors intersect) tests.
        """
        candidates = np.flatnonzero(flagged)
        if not len(candidates):
            return np.empty(0, dtype=int), np.empty(0, dtype=int)
        sub, other = tree.query(self.geoms[candidates])
        left = candidates[sub]
        keep = (left != other) & ((left < other) | ~flagged[other])   # each pair once
        left, right = np.minimum(left[keep], other[keep]), np.maximum(left[keep], other[keep])
        return _neighbour_pairs(self.geoms, left, right)

    def _evaluate(self, rule: Rule, feats: _Features, subject: np.ndarray, pi: np.ndarray, fi: np.ndarray,
                  covered: np.ndarray, geoms: np.ndarray | None = None, pieces: np.ndarray | None = None,
                  piece_area: np.ndarray | None = None) -> _RuleOutcome:
        """One rule's outcome from its (parcel, feature) pairs; ``pieces`` when they were computed
        elsewhere (the database), else they are computed here: parcel ∩ feature per pair, or for
        an ``outside`` rule the feature clipped to the parcel's box with ``piece_area`` the area
        of parcel ∩ feature (see :func:`_outside`)."""
        geoms = self.geoms if geoms is None else geoms
        rs = self.ruleset
        keep = subject[pi]
        pi, fi, covered = pi[keep], fi[keep], covered[keep]
        pieces = None if pieces is None else pieces[keep]
        if rule.kind == "outside":
            return _outside(len(geoms), geoms, subject, pi, fi, covered, feats, rs.min_area, rs.min_width, pieces,
                            None if piece_area is None else piece_area[keep])
        pieces = _pieces(geoms, feats, pi, fi, covered) if pieces is None else pieces
        return _summarise_pieces(pi, fi, pieces, feats.ids, feats.deduction, rs.min_area, rs.min_width)

    def _evaluate_matrix(self, rule: Rule, feats: _Features, subject: np.ndarray, pi: np.ndarray, fi: np.ndarray,
                         covered: np.ndarray, rows: np.ndarray, codes: np.ndarray,
                         geoms: np.ndarray | None = None, pieces: np.ndarray | None = None) -> _RuleOutcome:
        """用地用途 × 三区: the parcel area inside zones where its use is not allowed, at the worst
        level found; ``rows``/``codes`` are the matrix row and 用地用海 code per subject parcel."""
        geoms = self.geoms if geoms is None else geoms
        rs = self.ruleset
        uc = self._use[rule.name]
        keep = subject[pi]
        pairs = np.arange(len(pi))[keep]
        pi, fi, covered = pi[keep], fi[keep], covered[keep]
        fi, pi, covered, pairs = uc.restrict(rows[pi], feats.zone[fi], fi, pi, covered, pairs)
        pieces = _pieces(geoms, feats, pi, fi, covered) if pieces is None else pieces[pairs]
        # touching zones (a parcel on the edge of a neighbouring zone) leave no area: drop them here
        # so that most parcels meet one zone type and skip the per-zone work below
        real = shapely.area(pieces) > NOISE_AREA
        pi, fi, pieces = pi[real], fi[real], pieces[real]
        out = _summarise_pieces(pi, fi, pieces, feats.ids, None, rs.min_area, rs.min_width)
        mx = uc.matrix
        n_out = len(out.parcel)
        severity: list[str] = [CONSTRAINED] * n_out
        detail: list[str | None] = [None] * n_out
        if not n_out:
            out.severity, out.detail = severity, detail
            return out
        order = np.argsort(pi, kind="stable")
        zone = feats.zone[fi[order]]
        uniq, first = np.unique(pi[order], return_index=True)
        pos = np.searchsorted(uniq, out.parcel)
        single = (np.minimum.reduceat(zone, first) == np.maximum.reduceat(zone, first))[pos]
        ends = np.append(first[1:], len(order))
        # mixed parcels: each zone type's own part, overlaps counted once and its own slivers left out
        # (so a prohibited sliver beside a constrained piece does not make the parcel prohibited),
        # all unioned first and sliver-split in one batch
        hit = np.flatnonzero(out.area > 0)
        mixed_keys, mixed_parts = [], []
        for g in hit[~single[hit]].tolist():
            s, e = first[pos[g]], ends[pos[g]]
            members, zs = order[s:e], zone[s:e]
            for z in np.unique(zs).tolist():
                mixed_keys.append((g, z))
                mixed_parts.append(shapely.union_all(pieces[members[zs == z]]))
        mixed_area: dict[int, list[tuple[int, float]]] = {}
        if mixed_parts:
            areas, parts = _split_slivers(np.array(mixed_parts, dtype=object), rs.min_area, rs.min_width)[:2]
            # the detail states areas in the parcel's own zone, as the conflict's own area will be
            areas = self._own_zone_areas(parts, geoms[out.parcel[[g for g, _ in mixed_keys]]], areas)
            for (g, z), a in zip(mixed_keys, areas.tolist(), strict=True):
                mixed_area.setdefault(g, []).append((z, a))
        own_area = self._own_zone_areas(out.geometry, geoms[out.parcel], out.area)
        heads = {}
        for g in hit.tolist():
            p = int(out.parcel[g])
            row = int(rows[p])
            levels = mx.levels(row)
            if single[g]:
                z = int(zone[first[pos[g]]])
                per_zone = [(mx.zones[z], levels[z], float(own_area[g]))]
            else:
                per_zone = [(mx.zones[z], levels[z], a) for z, a in mixed_area[g]]
            severity[g] = PROHIBITED if any(lv == PROHIBITED and a > 0 for _, lv, a in per_zone) else CONSTRAINED
            code = codes[p]
            if (code, row) not in heads:
                heads[code, row] = f"用地用海 {code}" + ("（矩阵未列出，按默认行）" if row >= len(mx.rows) else
                                                       f"（按 {mx.rows[row][0]} 行）")
            detail[g] = heads[code, row] + "：" + "；".join(f"位于{z}（{LEVEL_LABELS_ZH[lv]}）{a:.2f} m²"
                                                            for z, lv, a in per_zone if a > 0)
        out.severity, out.detail = severity, detail
        return out

    def _own_zone_areas(self, pieces: np.ndarray, parcels: np.ndarray, areas: np.ndarray) -> np.ndarray:
        """``areas`` (of ``pieces``, in the check's CRS) restated in the own zone of the parcel each
        piece belongs to; unchanged where that is the check's zone."""
        zones = geometry_zones(parcels, self.crs)
        away = (zones != NO_ZONE) & (zones != gk3_zone_of_crs(self.crs)) & (np.asarray(areas) > 0)
        if not away.any():
            return np.asarray(areas, dtype=float)
        out = np.array(areas, dtype=float)
        out[away] = planar_area_in_zones(np.asarray(pieces, dtype=object)[away], self.crs, zones[away]).m2
        return out

    def _missing_use_note(self, rule_name: str) -> str:
        return (f"未填写用地用海代码（{self._use[rule_name].field}），"
                f"未审查{self.ruleset.rule(rule_name).label}")

    def _parcel_overlap(self, left: np.ndarray, right: np.ndarray, geoms: np.ndarray | None = None,
                        ids: np.ndarray | None = None) -> _RuleOutcome:
        geoms = self.geoms if geoms is None else geoms
        ids = self.ids if ids is None else ids
        pieces = shapely.intersection(geoms[left], geoms[right]) if len(left) else np.empty(0, dtype=object)
        pi = np.concatenate([left, right])
        fi = np.concatenate([right, left])
        return _summarise_pieces(pi, fi, np.concatenate([pieces, pieces]), ids, None,
                                 self.ruleset.min_area, self.ruleset.min_width)

    def _invalid_conflict(self, rule: Rule, i: int, area: float) -> Conflict:
        return Conflict(rule=rule.name, severity=rule.severity, area_m2=float(area),
                        share=1.0 if area > 0 else 0.0, with_ids=[], detail=self.reasons[i],
                        geometry=self.geoms[i])

    @staticmethod
    def _attach(rule: Rule, out: _RuleOutcome, results: list[ParcelResult], planar: np.ndarray,
                offset: Sequence[int] | None = None) -> None:
        hit = np.flatnonzero(out.area > 0)
        parcels = out.parcel[hit].tolist()
        areas = out.area[hit].tolist()
        totals = planar[out.parcel[hit]].tolist()
        nets = out.net[hit].tolist() if out.net is not None else [None] * len(hit)
        geoms = out.geometry[hit]
        name, severity = rule.name, rule.severity
        for k, g in enumerate(hit.tolist()):
            p = parcels[k]
            area, total = areas[k], totals[k]
            results[p if offset is None else offset[p]].conflicts.append(Conflict(
                name, severity if out.severity is None else out.severity[g], area,
                min(area / total, 1.0) if total > 0 else 0.0, out.with_ids[g], nets[k],
                None if out.detail is None else out.detail[g], geoms[k]))
        for p, items in out.slivers.items():
            target = results[p if offset is None else offset[p]]
            target.slivers.extend(Sliver(rule.name, a, w) for a, w in items)

    # ---------------------------------------------------------------- incremental

    def check_geometry(self, geom, *, parcel_index: int | None = None, parcel_id: str | None = None,
                       name: str | None = None, crs=None, use_code: str | None = None,
                       fid: int | None = None) -> ParcelResult:
        """Re-check one (edited) geometry against every rule.

        ``parcel_index`` (0-based row) names the parcel being edited, so it does not overlap itself
        in ``parcel_overlap``. ``geom`` is in the check's CRS unless ``crs`` says otherwise.
        ``use_code`` is the 用地用海 code for the use × zone rules (default: the edited parcel's).
        """
        if fid is not None:
            parcel_index = self.position(fid)
        if crs is not None and not to_crs(crs).equals(self.crs):
            geom = shapely.transform(geom, Transformer.from_crs(to_crs(crs), self.crs, always_xy=True).transform,
                                     interleaved=False)
        fixed, flagged, reasons = repair(np.array([shapely.force_2d(geom)], dtype=object))
        g = fixed[0]
        present = np.array([not (shapely.is_missing(g) or shapely.is_empty(g))])
        if present[0]:
            fixed = _prepared_copies(fixed)
            g = fixed[0]
        geoms = fixed
        planar = shapely.area(geoms)
        if parcel_id is None:
            parcel_id = str(self.ids[parcel_index]) if parcel_index is not None else "(edited)"
        if name is None and parcel_index is not None:
            name = self.names[parcel_index]
        ell = ellipsoidal_areas(geoms, self.crs)
        result = ParcelResult(id=parcel_id, name=name, area_m2=float(planar[0]), ellipsoidal_area_m2=float(ell[0]),
                              row=None if parcel_index is None else parcel_index + 1, geometry=g,
                              fid=None if parcel_index is None else int(self.fids[parcel_index]))
        rs = self.ruleset
        for rule in rs.rules:
            if rule.name not in self.rules_checked:
                continue
            if rule.kind == "invalid_geometry":
                if flagged[0]:
                    result.conflicts.append(Conflict(rule=rule.name, severity=rule.severity, area_m2=float(planar[0]),
                                                     share=1.0 if planar[0] > 0 else 0.0, detail=reasons[0],
                                                     geometry=g))
                continue
            if not present[0]:
                continue
            if rule.kind == "parcel_overlap":
                others = self.parcels_near(g)
                if parcel_index is not None:
                    others = others[others != parcel_index]
                both = np.concatenate([[g], self.geoms[others]])
                left = np.zeros(len(others), dtype=int)
                left, right = _neighbour_pairs(both, left, np.arange(1, len(others) + 1))
                ids = np.concatenate([[parcel_id], self.ids[others]])
                out = self._parcel_overlap(left, right, geoms=both, ids=ids)
                keep = out.parcel == 0
                out = _RuleOutcome(out.parcel[keep], out.area[keep], out.geometry[keep],
                                   [w for w, k in zip(out.with_ids, keep, strict=True) if k],
                                   None, {0: out.slivers[0]} if 0 in out.slivers else {})
                self._attach(rule, out, [result], planar)
                continue
            feats = self.features[rule.name]
            fi = feats.feature_tree().query(g, predicate="intersects")
            pi = np.zeros(len(fi), dtype=int)
            if rule.matrix is not None:
                uc = self._use[rule.name]
                if use_code is not None:
                    code = use_codes(pd.Series([use_code], dtype=object))[0]
                else:
                    code = uc.codes[parcel_index] if parcel_index is not None else ""
                if not code:
                    result.notes.append(self._missing_use_note(rule.name))
                    continue
                rows = np.array([uc.row(code)], dtype=np.int64)
                fi, pi = uc.restrict(rows[pi], feats.zone[fi], fi, pi)
                covered = shapely.covers(feats.geoms[fi], g) if len(fi) else np.zeros(0, dtype=bool)
                out = self._evaluate_matrix(rule, feats, present, pi, fi, covered, rows,
                                            np.array([code], dtype=object), geoms=geoms)
                self._attach(rule, out, [result], planar)
                continue
            covered = shapely.covers(feats.geoms[fi], g) if len(fi) else np.zeros(0, dtype=bool)
            out = self._evaluate(rule, feats, present, pi, fi, covered, geoms=geoms)
            self._attach(rule, out, [result], planar)
        _in_own_zones([result], own_zone_planar_area(geoms, self.crs), self.crs)
        return result


def _in_own_zones(results: list[ParcelResult], zoned: ZonedAreas, crs: CRS) -> None:
    """Restate each result's planar figures in its parcel's own 3° GK zone (DESIGN §3).

    The overlay runs in one CRS (the parcels'); a parcel outside that CRS's zone gets its area, its
    conflict areas (each piece projected to the zone), shares, net areas and 涉及面积 measured in
    its own zone. Sliver areas are scaled by the parcel's ratio of the two: they only ever fall
    below a tolerance, and the ratio varies by < 1e-5 across a parcel."""
    for k, p in enumerate(results):
        zone = int(zoned.zones[k])
        if zone != NO_ZONE:
            p.area_zone, p.area_crs = zone, zoned.labels[zone]
    outside = np.flatnonzero(zoned.outside_source_zone())
    if not len(outside):
        return
    pieces, owners, zones = [], [], []
    for k in outside.tolist():
        for c in results[k].conflicts:
            if c.rule != "invalid_geometry" and c.geometry is not None:
                pieces.append(c.geometry)
                owners.append((k, c))
                zones.append(zoned.zones[k])
        measured = [c.geometry for c in results[k].conflicts if c.rule != "invalid_geometry"]
        if measured and all(g is not None for g in measured):
            pieces.append(shapely.union_all(measured))
            owners.append((k, None))
            zones.append(zoned.zones[k])
    areas = planar_area_in_zones(np.array(pieces, dtype=object), crs, zones).m2 if pieces else []
    for k in outside.tolist():
        p = results[k]
        ratio = zoned.m2[k] / p.area_m2 if p.area_m2 > 0 else 1.0
        p.area_m2 = float(zoned.m2[k])
        for c in p.conflicts:
            if c.rule == "invalid_geometry" or c.geometry is None:
                c.area_m2 = p.area_m2 if c.rule == "invalid_geometry" else c.area_m2 * ratio
        for s in p.slivers:
            s.area_m2 *= ratio
    for (k, c), area in zip(owners, np.asarray(areas).tolist(), strict=True):
        p = results[k]
        if c is None:
            p.affected_m2 = float(area)
            continue
        if c.net_area_m2 is not None and c.area_m2 > 0:
            c.net_area_m2 *= area / c.area_m2
        c.area_m2 = float(area)
        c.share = min(area / p.area_m2, 1.0) if p.area_m2 > 0 else 0.0


def _roles():
    from ..roles import Role

    return Role


def _role_label(role: str) -> str:
    from ..roles import ROLE_LABELS_ZH, Role

    try:
        return ROLE_LABELS_ZH[Role(role)]
    except ValueError:
        return role


def check_parcels(parcels, constraints: Mapping[str, object] | None = None, ruleset: RuleSet | None = None, *,
                  id_field: str | None = None, name_field: str | None = None, min_area: float | None = None,
                  min_width: float | None = None, feedback: Feedback | None = None) -> CheckResult:
    """Run the conflict check (合规性审查) once. See :class:`ConflictIndex` for the arguments."""
    index = ConflictIndex(parcels, constraints, ruleset, id_field=id_field, name_field=name_field,
                          min_area=min_area, min_width=min_width)
    return index.run(feedback)
