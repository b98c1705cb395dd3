"""The conflict check (合规性审查) inside PostGIS, for data larger than a desktop's memory (issue 15).

The database does the spatial work, one chunk of parcels at a time:

- candidate (parcel, constraint feature) pairs through GiST: small features straight from their
  table's index, features of more than :data:`SUBDIVIDE_VERTICES` vertices through their
  ``ST_Subdivide`` pieces (indexed in a temporary table) — the pieces only *find* pairs; the
  overlay is cut from the whole feature, so subdivision seams never split a conflict piece;
- the covers shortcut (a feature covering the parcel gives the parcel itself, no intersection);
- ``ST_MakeValid`` repair of invalid parcels and features (polygonal part kept), as the engine's;
- the pieces parcel ∩ feature (big features first clipped to the parcel's box, as the engine does)
  and parcel ∩ parcel for the pairs whose interiors intersect.

The pieces stream back per chunk and are assembled by the desktop engine's own code
(:class:`parkgis.core.analysis.external.ExternalOverlayIndex`): the same rules (rule-set files
included: 扣除系数 net area, ``where`` filters, 用地用途 × 三区), the same :class:`CheckResult`, the
same JSON. The client holds one chunk's geometries at a time plus one small record per parcel
(its id; its result, without geometry).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..analysis.engine import (
    FeatureSelection,
    _Features,
    _layer_path,
    _parcel_ids,
    features_of,
    parcels_working_crs,
    select_features,
)
from ..analysis.external import ExternalOverlayIndex, without_geometries
from ..analysis.results import CheckResult
from ..analysis.rules import Rule, RuleSet
from ..area import ZonedAreas, zone_mismatch_note
from ..errors import DataError, UsageError
from ..feedback import Feedback, ensure_feedback
from ..layers import VectorLayer
from ..roles import Role
from .postgis import GEOMETRY_COLUMN, PostGISStore, _psycopg, _python_value, connection_error, quote

#: features with more vertices than this are found through their ST_Subdivide pieces
SUBDIVIDE_VERTICES = 255
#: parcels per chunk: the client holds this many parcel geometries (and their pieces) at a time
CHUNK_PARCELS = 5_000
#: the engine's CLIP_VERTICES: bigger features are clipped to the parcel's box before the intersection
CLIP_VERTICES = 64


def _repaired(expr: str) -> str:
    """SQL: ``expr`` as the engine repairs it (valid as it stands, else MakeValid's polygonal part)."""
    return (f"CASE WHEN ST_IsValid({expr}) THEN {expr} "
            f"ELSE ST_CollectionExtract(ST_MakeValid({expr}), 3) END")


def _layer_frame(store: PostGISStore, layer_id: str, crs, *, flags: bool) -> gpd.GeoDataFrame:
    """A layer's attributes indexed by fid, without its geometries (the geometry column is empty);
    with ``flags`` also ``present`` (has a geometry) and ``geometry_type`` per feature."""
    columns, _srid = store._layout(layer_id)
    selected = "".join(f", {quote(c)}" for c in columns)
    extra = (f", {GEOMETRY_COLUMN} IS NOT NULL AND NOT ST_IsEmpty({GEOMETRY_COLUMN}), "
             f"GeometryType({GEOMETRY_COLUMN})") if flags else ""
    rows = store._query(f"SELECT fid{extra}{selected} FROM {store._t(layer_id)} ORDER BY fid")
    skip = 3 if flags else 1
    frame = pd.DataFrame([[_python_value(v) for v in r[skip:]] for r in rows], columns=columns,
                         index=pd.Index([int(r[0]) for r in rows], name="fid", dtype="int64"))
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries([None] * len(frame), index=frame.index, crs=crs), crs=crs)
    if flags:
        gdf.attrs["present"] = np.array([bool(r[1]) for r in rows], dtype=bool)
        gdf.attrs["geometry_type"] = [r[2] for r in rows]
    return gdf


class _DatabaseOverlay:
    """The pieces of each rule, cut inside PostGIS (see the module docstring)."""

    explain = ""    # "EXPLAIN (ANALYZE) " collects the pair queries' plans in `plans` (a query-tuning aid)
    plans: list[str] = []

    def __init__(self, store: PostGISStore, parcel_layer: VectorLayer, srid: int, subject: np.ndarray | None = None):
        self.store = store
        self.subject = subject    # the parcels checked, when not all: only big features near them are cut
        self.parcels = store._t(parcel_layer.id)
        self.srid = srid
        self.sources: dict[str, list[tuple[VectorLayer, np.ndarray, np.ndarray]]] = {}   # rule → per layer
        self._big: dict[str, tuple[str, str]] = {}    # layer id → (whole big features, their pieces) temp tables

    # ---- features: attributes read here, geometries stay in the database
    def features(self, rule: Rule, layers: list[VectorLayer], warnings: list[str]) -> _Features:
        selections: list[FeatureSelection] = []
        offset = 0
        sources = []
        for layer in layers:
            gdf = layer.gdf
            if len(gdf) == 0:
                raise DataError(_layer_path(layer), f"the {rule.layer} layer is empty", layer=layer.name)
            present = gdf.attrs["present"]
            wrong = [k for k, t in enumerate(gdf.attrs["geometry_type"])
                     if present[k] and t not in ("POLYGON", "MULTIPOLYGON", "GEOMETRYCOLLECTION")]
            if wrong:
                raise DataError(_layer_path(layer), f"a {rule.layer} constraint layer must hold polygons, found "
                                                    f"{gdf.attrs['geometry_type'][wrong[0]].title()}",
                                feature=wrong[0] + 1, layer=layer.name)
            selection = select_features(rule, layer, present, warnings, prefix_ids=len(layers) > 1)
            index = np.full(len(gdf), -1, dtype=np.int64)
            index[selection.keep] = offset + np.arange(int(selection.keep.sum()))
            offset += int(selection.keep.sum())
            sources.append((layer, np.asarray(gdf.index, dtype=np.int64), index))
            selections.append(selection)
        self.sources[rule.name] = sources
        return features_of(rule, layers, selections, np.full(offset, None, dtype=object), warnings)

    def _big_tables(self, cur, layer: VectorLayer) -> tuple[str, str]:
        if layer.id not in self._big:
            k = len(self._big)
            whole, pieces = f"parkgis_chk_big_{k}", f"parkgis_chk_sub_{k}"
            table = self.store._t(layer.id)
            geom = self._in_parcel_srid(GEOMETRY_COLUMN, layer)
            cur.execute(f"DROP TABLE IF EXISTS {whole}, {pieces}")
            near = "" if self.subject is None else (
                f" AND EXISTS (SELECT 1 FROM {self.parcels} p WHERE p.fid = ANY(%(subject)s) AND "
                f"{self._in_layer_srid('p.' + GEOMETRY_COLUMN, layer)} && {table}.{GEOMETRY_COLUMN})")
            # (the small features are told from the big ones by this table: counting a feature's
            # vertices in the pair query would read every huge polygon whole for each parcel near it)
            cur.execute(f"CREATE TEMP TABLE {whole} AS SELECT fid, {_repaired(geom)} AS g FROM {table} "
                        f"WHERE ST_NPoints({GEOMETRY_COLUMN}) > {SUBDIVIDE_VERTICES}{near}",
                        {"subject": None if self.subject is None else [int(f) for f in self.subject]})
            cur.execute(f"CREATE UNIQUE INDEX ON {whole} (fid)")
            cur.execute(f"CREATE TEMP TABLE {pieces} AS SELECT fid, ST_Subdivide(g, {SUBDIVIDE_VERTICES}) AS g "
                        f"FROM {whole} WHERE NOT ST_IsEmpty(g)")
            cur.execute(f"CREATE INDEX ON {pieces} USING gist (g)")
            cur.execute(f"ANALYZE {whole}")
            cur.execute(f"ANALYZE {pieces}")
            self._big[layer.id] = (whole, pieces)
        return self._big[layer.id]

    def _layer_srid(self, layer: VectorLayer) -> int:
        return self.store._layout(layer.id)[1]

    def _in_layer_srid(self, expr: str, layer: VectorLayer) -> str:
        srid = self._layer_srid(layer)
        return expr if srid == self.srid or not srid else f"ST_Transform({expr}, {srid})"

    def _in_parcel_srid(self, expr: str, layer: VectorLayer) -> str:
        srid = self._layer_srid(layer)
        return expr if srid == self.srid or not srid else f"ST_Transform({expr}, {self.srid})"

    def rule_pairs(self, rule: Rule, fids: np.ndarray):
        outside = rule.kind == "outside"
        out_p, out_f, out_c, out_g, out_a = [], [], [], [], []
        with self.store.connection().cursor() as cur:
            for layer, layer_fids, index in self.sources[rule.name]:
                whole, pieces = self._big_tables(cur, layer)
                table = self.store._t(layer.id)
                feature = self._in_parcel_srid("f." + GEOMETRY_COLUMN, layer)
                box = self._in_layer_srid("p.g", layer)
                # (an outside rule gets the clipped feature and the area of parcel ∩ feature: see
                # engine._outside, which subtracts the features themselves from the parcel)
                # the covers shortcut first (for a big feature: one of its pieces covers the parcel, else
                # the feature clipped to the parcel's box (+1 m) — it covers the parcel exactly when the
                # whole feature does — as the engine clips it before the intersection); then, per pair
                # that crosses the parcel's edge, the piece: an outside rule needs none for a parcel some
                # feature covers; a feature inside the parcel is its own piece. (MATERIALIZED: each
                # repair and clip is computed once, not once per use; OFFSET 0: features are read by
                # fid, never by a hash of the whole layer)
                cur.execute(self.explain + f"""
WITH p AS MATERIALIZED (SELECT fid, {_repaired(GEOMETRY_COLUMN)} AS g FROM {self.parcels} WHERE fid = ANY(%(fids)s)),
small_pairs AS MATERIALIZED (
  SELECT p.fid AS pfid, f.fid AS ffid FROM p JOIN {table} f ON {box} && f.{GEOMETRY_COLUMN}
   WHERE NOT EXISTS (SELECT 1 FROM {whole} b WHERE b.fid = f.fid)),
small AS MATERIALIZED (
  SELECT c.pfid, c.ffid, p.g AS pg, {_repaired(feature)} AS fg
    FROM small_pairs c JOIN p ON p.fid = c.pfid
   CROSS JOIN LATERAL (SELECT {GEOMETRY_COLUMN} FROM {table} WHERE fid = c.ffid OFFSET 0) f),
near AS MATERIALIZED (
  SELECT p.fid AS pfid, s.fid AS ffid, bool_or(ST_Covers(s.g, p.g)) AS cov
    FROM p JOIN {pieces} s ON ST_Intersects(p.g, s.g) GROUP BY p.fid, s.fid),
big AS MATERIALIZED (
  SELECT c.pfid, c.ffid, p.g AS pg, c.cov, CASE WHEN c.cov THEN NULL ELSE
         (SELECT CASE WHEN ST_IsValid(k) THEN k ELSE b.g END
            FROM ST_ClipByBox2D(b.g, ST_Expand(Box2D(p.g), 1.0)) AS k) END AS fg
    FROM near c JOIN p ON p.fid = c.pfid JOIN {whole} b ON b.fid = c.ffid),
hits AS (
  SELECT pfid, ffid, pg, fg, ST_Covers(fg, pg) AS cov, ST_NPoints(fg) > {CLIP_VERTICES} AS clip
    FROM small WHERE ST_Intersects(fg, pg)
  UNION ALL
  SELECT pfid, ffid, pg, fg, cov OR ST_Covers(fg, pg), false FROM big WHERE cov OR ST_Intersects(fg, pg)),
marked AS (SELECT *, bool_or(cov) OVER (PARTITION BY pfid) AS pcov FROM hits),
cut AS MATERIALIZED (
  SELECT pfid, ffid, cov, pg, fg,
         CASE WHEN cov OR (%(outside)s AND pcov) THEN NULL
              WHEN clip THEN (SELECT CASE WHEN ST_IsValid(k) THEN k ELSE fg END
                                FROM ST_ClipByBox2D(fg, ST_Expand(Box2D(pg), 1.0)) AS k)
              ELSE fg END AS cf
    FROM marked)
SELECT pfid, ffid, cov,
       CASE WHEN cf IS NULL THEN NULL
            WHEN %(outside)s THEN ST_AsBinary(cf)
            WHEN ST_Covers(pg, fg) THEN ST_AsBinary(fg)
            ELSE ST_AsBinary(ST_Intersection(pg, cf)) END,
       CASE WHEN cf IS NOT NULL AND %(outside)s THEN ST_Area(ST_Intersection(pg, cf)) END
  FROM cut""", {"fids": [int(f) for f in fids], "outside": outside})
                rows = cur.fetchall()
                if self.explain:
                    self.plans.append("\n".join(r[0] for r in rows))
                    continue
                if not rows:
                    continue
                ffid = np.array([r[1] for r in rows], dtype=np.int64)
                out_p.append(np.array([r[0] for r in rows], dtype=np.int64))
                out_f.append(index[np.searchsorted(layer_fids, ffid)])
                out_c.append(np.array([bool(r[2]) for r in rows], dtype=bool))
                out_g.append(np.array([None if r[3] is None else shapely.from_wkb(bytes(r[3])) for r in rows],
                                      dtype=object))
                out_a.append(np.array([np.nan if r[4] is None else float(r[4]) for r in rows], dtype=float))
        if not out_p:
            return (np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, bool), np.empty(0, object),
                    np.empty(0, float))
        return (np.concatenate(out_p), np.concatenate(out_f), np.concatenate(out_c), np.concatenate(out_g),
                np.concatenate(out_a))

    def overlaps(self, fids: np.ndarray):
        with self.store.connection().cursor() as cur:
            # the engine intersects each pair in row (= fid) order: so does this
            cur.execute(f"""
WITH p AS MATERIALIZED (SELECT fid, {_repaired(GEOMETRY_COLUMN)} AS g FROM {self.parcels}
                         WHERE fid = ANY(%(fids)s) AND NOT ST_IsEmpty({GEOMETRY_COLUMN}))
SELECT p.fid, q.fid, ST_AsBinary(CASE WHEN p.fid < q.fid THEN ST_Intersection(p.g, qg) ELSE ST_Intersection(qg, p.g) END)
  FROM p JOIN {self.parcels} q ON q.{GEOMETRY_COLUMN} && p.g AND q.fid <> p.fid
 CROSS JOIN LATERAL (SELECT {_repaired("q." + GEOMETRY_COLUMN)} AS qg) r
 WHERE ST_Relate(p.g, qg, 'T********')""", {"fids": [int(f) for f in fids]})
            rows = cur.fetchall()
        return (np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.int64),
                np.array([shapely.from_wkb(bytes(r[2])) for r in rows], dtype=object))

    def close(self) -> None:
        if self._big:
            with self.store.connection().cursor() as cur:
                cur.execute("DROP TABLE IF EXISTS " + ", ".join(t for pair in self._big.values() for t in pair))
            self._big.clear()


def _database_layers(store: PostGISStore) -> list[VectorLayer]:
    from ..project import _layer_from_row

    _settings, rows = store.read_project()
    for row in rows:
        store.tables.setdefault(row["layer_id"], row["name"])
    layers = []
    for row in rows:
        srid = row.get("srid") or 0
        crs = f"EPSG:{srid}" if srid else None
        flags = row["role"] not in (Role.PARCELS.value, Role.REFERENCE.value)
        gdf = _layer_frame(store, row["layer_id"], crs, flags=flags) if row["role"] != Role.REFERENCE.value else \
            gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=crs), crs=crs)
        layer = _layer_from_row(row["name"], gdf, row, None)
        if flags:   # as `parkgis check` names a project's constraint layers in its warnings
            layer.provenance.source_path = layer.provenance.source_path or f"{store.label} ({layer.name})"
        layers.append(layer)
    return layers


def iter_check_in_database(store: PostGISStore, ruleset: RuleSet | None = None, *, id_field: str | None = None,
                           min_area: float | None = None, min_width: float | None = None,
                           fids: Iterable[int] | None = None, chunk_size: int = CHUNK_PARCELS,
                           keep_geometry: bool = False, feedback: Feedback | None = None,
                           warnings: list[str] | None = None) -> Iterator[CheckResult]:
    """The check inside PostGIS, one :class:`CheckResult` per chunk of ``chunk_size`` parcels (in
    fid order). ``fids``: check only these parcels (an incremental re-check; their overlaps with
    every other parcel are still found). Without ``keep_geometry`` the results carry no geometries
    (涉及面积 kept), so the client's memory stays bounded. Warnings about the whole layer (ids,
    features skipped, zones) are appended to ``warnings``."""
    fb = ensure_feedback(feedback)
    warnings = [] if warnings is None else warnings
    layers = _database_layers(store)
    parcel_layers = [lyr for lyr in layers if lyr.role == Role.PARCELS and len(lyr.gdf)]
    if not parcel_layers:
        raise DataError(store.label, "the project has no parcels (地块/标准地) layer; set a layer's role to parcels")
    if len(parcel_layers) > 1:
        raise UsageError(f"{store.label}: the check inside the database takes one parcel layer; this project has "
                         f"{len(parcel_layers)} ({', '.join(lyr.name for lyr in parcel_layers)}): check without "
                         "--in-database, or give the other layers another role")
    parcels = parcel_layers[0]
    constraints: dict[str, list[VectorLayer]] = {}
    for lyr in layers:
        if lyr.role not in (Role.PARCELS, Role.REFERENCE) and len(lyr.gdf):
            constraints.setdefault(lyr.role.value, []).append(lyr)
    srid = store._layout(parcels.id)[1]
    frame = parcels.gdf
    all_fids = np.asarray(frame.index, dtype=np.int64)
    path = _layer_path(parcels)
    all_ids, found_field = _parcel_ids(frame, id_field, path, warnings)
    crs = _working_crs_of(store, parcels, srid)
    loaded: dict[str, _Features] = {}

    def features(rule: Rule, lyrs: list[VectorLayer]) -> _Features:
        if rule.name not in loaded:
            loaded[rule.name] = overlay.features(rule, lyrs, warnings)
        return loaded[rule.name]

    if fids is None:
        todo = all_fids
    else:
        todo = np.unique(np.fromiter((int(f) for f in fids), dtype=np.int64))
        todo = todo[np.isin(todo, all_fids)]
    overlay = _DatabaseOverlay(store, parcels, srid, None if fids is None else todo)
    zoned_m2, zoned_zones, labels, source_zone = [], [], {}, None
    psycopg = _psycopg()
    try:
        for start in range(0, len(todo), max(int(chunk_size), 1)):
            fb.check_cancelled()
            fb.set_progress(start / max(len(todo), 1), "审查（数据库）")
            chunk = todo[start:start + chunk_size]
            rows = store._query(f"SELECT fid, ST_AsBinary({GEOMETRY_COLUMN}) FROM {store._t(parcels.id)} "
                                f"WHERE fid = ANY(%s) ORDER BY fid", ([int(f) for f in chunk],))
            chunk = np.array([r[0] for r in rows], dtype=np.int64)
            geoms = [None if r[1] is None else shapely.from_wkb(bytes(r[1])) for r in rows]
            gdf = gpd.GeoDataFrame(frame.drop(columns=frame.geometry.name).loc[chunk],
                                   geometry=gpd.GeoSeries(geoms, index=chunk, crs=frame.crs), crs=frame.crs)
            part = VectorLayer(name=parcels.name, gdf=gdf, role=Role.PARCELS, id=parcels.id,
                               provenance=parcels.provenance)
            index = ExternalOverlayIndex(part, constraints, ruleset, overlay=overlay, crs=crs, all_ids=all_ids,
                                         all_fids=all_fids, id_field=found_field, features=features,
                                         first_row=int(np.searchsorted(all_fids, chunk[0])) + 1 if len(chunk) else 1,
                                         min_area=min_area, min_width=min_width)
            result = index.run()
            zoned_m2.append(index.zoned.m2)
            zoned_zones.append(index.zoned.zones)
            labels.update(index.zoned.labels)
            source_zone = index.zoned.source_zone
            if not keep_geometry:
                without_geometries(result.parcels)
            yield result
    except psycopg.OperationalError as exc:
        store.close()
        raise connection_error(store.info, exc) from None
    finally:
        try:
            overlay.close()
        except Exception:
            pass
    if zoned_m2:
        zoned = ZonedAreas(np.concatenate(zoned_m2), np.concatenate(zoned_zones), labels, source_zone)
        note = zone_mismatch_note(zoned, crs, all_ids[np.searchsorted(all_fids, todo)])
        if note:
            warnings.append(f"{path}: {note}")
    fb.set_progress(1.0, "完成")


def _working_crs_of(store: PostGISStore, parcels: VectorLayer, srid: int):
    """The whole layer's working CRS (for geographic parcels: the GK zone of the layer's centre);
    a DataError when the layer holds no polygon at all, as on the desktop."""
    table = store._t(parcels.id)
    extent, polygons = store._query(
        f"SELECT (SELECT ST_Extent({GEOMETRY_COLUMN}) FROM {table}), EXISTS (SELECT 1 FROM {table} WHERE "
        f"GeometryType({GEOMETRY_COLUMN}) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsEmpty({GEOMETRY_COLUMN}))")[0]
    if extent is None or not polygons:
        raise DataError(_layer_path(parcels), "the parcels layer holds no polygons", layer=parcels.name)
    box = [float(v) for v in extent[extent.index("(") + 1:extent.index(")")].replace(",", " ").split()]
    corners = gpd.GeoDataFrame(geometry=[shapely.box(*box)], crs=parcels.gdf.crs)
    return parcels_working_crs(corners, _layer_path(parcels), parcels.name)


def check_in_database(store: PostGISStore, ruleset: RuleSet | None = None, *, id_field: str | None = None,
                      min_area: float | None = None, min_width: float | None = None,
                      fids: Iterable[int] | None = None, chunk_size: int = CHUNK_PARCELS,
                      keep_geometry: bool = False, feedback: Feedback | None = None) -> CheckResult:
    """The conflict check (合规性审查) of a team-database project computed inside PostGIS: the same
    :class:`CheckResult` (and ``check --format json``) as :class:`ConflictIndex` on the same project.
    ``fids`` limits it to those parcels (see :func:`changed_parcels`); see
    :func:`iter_check_in_database` for the rest."""
    warnings: list[str] = []
    parts = list(iter_check_in_database(store, ruleset, id_field=id_field, min_area=min_area, min_width=min_width,
                                        fids=fids, chunk_size=chunk_size, keep_geometry=keep_geometry,
                                        feedback=feedback, warnings=warnings))
    if not parts:   # nothing to re-check: an empty report in the check's CRS
        from ..analysis.engine import _crs_label
        from ..analysis.rules import default_ruleset

        rs = (ruleset or default_ruleset()).with_settings(min_area=min_area, min_width=min_width)
        parcels = next(lyr for lyr in _database_layers(store) if lyr.role == Role.PARCELS and len(lyr.gdf))
        crs = _working_crs_of(store, parcels, store._layout(parcels.id)[1])
        return CheckResult(crs=_crs_label(crs), min_area=rs.min_area, min_width=rs.min_width, parcels=[],
                           warnings=warnings, ruleset=rs)
    first = parts[0]
    chunk_warnings = list(dict.fromkeys(w for p in parts for w in p.warnings))
    return CheckResult(crs=first.crs, min_area=first.min_area, min_width=first.min_width,
                       parcels=[r for p in parts for r in p.parcels], rules_checked=first.rules_checked,
                       rules_skipped=first.rules_skipped, layers=first.layers, warnings=warnings + chunk_warnings,
                       ruleset=first.ruleset, id_field=first.id_field)


def changed_parcels(store: PostGISStore, since: str) -> list[int]:
    """The parcels to re-check after the changes since ``since`` — a commit id (``parkgis_commits``)
    or an ISO date/time (``2026-12-04T10:00``, UTC unless it says otherwise): the parcels changed
    since then (audit rows) that still exist, every parcel that overlaps such a parcel now or
    overlapped it before the change (its ``parcel_overlap`` result may have changed too), and every
    parcel that meets a changed constraint feature's (红线, UDB …) new or old shape."""
    layers = _database_layers(store)
    parcel_ids = [lyr.id for lyr in layers if lyr.role == Role.PARCELS]
    constraint_ids = [lyr.id for lyr in layers if lyr.role not in (Role.PARCELS, Role.REFERENCE)]
    s = quote(store.schema)
    known = store._query(f"SELECT max(id) FROM {s}.parkgis_audit WHERE commit_id = %s", (since,))[0][0]
    if known is not None:
        where, arg = "a.id > %s", int(known)
    else:
        try:
            at = datetime.fromisoformat(since)
        except ValueError:
            raise UsageError(f"--changed-since {since}: neither a commit id of {store.label} nor a date/time "
                             "(2026-12-04 or 2026-12-04T10:00)") from None
        if at.tzinfo is None:
            from datetime import UTC
            at = at.replace(tzinfo=UTC)
        where, arg = "a.at::timestamptz > %s", at
    out: set[int] = set()
    for layer_id in parcel_ids:
        table = store._t(layer_id)
        srid = store._layout(layer_id)[1]
        rows = store._query(f"""
WITH changed AS (SELECT DISTINCT a.fid, a.geometry_before FROM {s}.parkgis_audit a
                  WHERE a.layer_id = %s AND a.fid IS NOT NULL AND {where}),
shapes AS (SELECT c.fid, t.{GEOMETRY_COLUMN} AS g FROM changed c JOIN {table} t ON t.fid = c.fid
           UNION ALL
           SELECT fid, ST_SetSRID(ST_GeomFromWKB(geometry_before), {int(srid)}) FROM changed
            WHERE geometry_before IS NOT NULL)
SELECT t.fid FROM {table} t JOIN changed c ON c.fid = t.fid
UNION
SELECT t.fid FROM shapes sh JOIN {table} t ON t.{GEOMETRY_COLUMN} && sh.g AND ST_Relate(t.{GEOMETRY_COLUMN}, sh.g, 'T********')
""", (layer_id, arg))
        out.update(int(r[0]) for r in rows)
        for other in constraint_ids:
            osrid = store._layout(other)[1]
            shape = "sh.g" if osrid == srid or not osrid else f"ST_Transform(sh.g, {int(srid)})"
            rows = store._query(f"""
WITH changed AS (SELECT DISTINCT a.fid, a.geometry_before FROM {s}.parkgis_audit a
                  WHERE a.layer_id = %s AND a.fid IS NOT NULL AND {where}),
shapes AS (SELECT t.{GEOMETRY_COLUMN} AS g FROM changed c JOIN {store._t(other)} t ON t.fid = c.fid
           UNION ALL
           SELECT ST_SetSRID(ST_GeomFromWKB(geometry_before), {int(osrid)}) FROM changed
            WHERE geometry_before IS NOT NULL)
SELECT DISTINCT t.fid FROM shapes sh JOIN {table} t ON t.{GEOMETRY_COLUMN} && {shape}
 WHERE ST_Intersects(t.{GEOMETRY_COLUMN}, {shape})""", (other, arg))
            out.update(int(r[0]) for r in rows)
    return sorted(out)


__all__ = ["CHUNK_PARCELS", "changed_parcels", "check_in_database", "iter_check_in_database"]
