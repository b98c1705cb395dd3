"""VectorLayer: a GeoDataFrame with the meaning and provenance a planner needs to trust it."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .crs import epsg_of, legacy_datum
from .errors import UsageError
from .roles import CONSTRAINT_ROLES, Role


@dataclass
class Provenance:
    """Where a layer came from, as recorded in ``parkgis_layers``."""

    source_path: str | None = None
    source_layer: str | None = None
    driver: str | None = None
    source_crs: str | None = None          # the CRS as read (EPSG:xxxx or WKT), before any reprojection
    crs_assumed: str | None = None         # reason, when the CRS was inferred rather than declared
    encoding: str | None = None            # the text encoding used to decode attribute values
    encoding_source: str | None = None     # "explicit", "cpg", "ldid", "detected", "declared", "utf-8"
    imported_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    approval: str | None = None            # 批复文号 of a constraint layer, if known
    data_date: str | None = None           # 数据时点 / version date, if known
    metadata: dict[str, Any] = field(default_factory=dict)  # format-specific header data (TXT 精度, DXF tolerance ...)


@dataclass
class VectorLayer:
    """A vector layer in memory.

    ``revision`` increases on every change so that caches (renderer, conflict index) know when to
    rebuild. Constraint roles are ``locked`` (read-only) by default.

    Features are known by their fid, the index of ``gdf`` (the GeoPackage fid of a project layer,
    1..n for an import): row positions are only how a view walks the frame. ``id`` is the layer's
    stable id (it survives a rename); ``versions`` holds the version of each feature changed since
    it was first stored (others are at version 1); ``next_fid`` is never lowered, so a deleted
    feature's fid is never given again.
    """

    name: str
    gdf: gpd.GeoDataFrame
    role: Role = Role.REFERENCE
    role_reason: str = ""
    style: dict[str, Any] = field(default_factory=dict)
    provenance: Provenance = field(default_factory=Provenance)
    locked: bool | None = None
    visible: bool = True
    revision: int = 0
    warnings: list[str] = field(default_factory=list)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    versions: dict[int, int] = field(default_factory=dict, repr=False)
    next_fid: int = 1
    #: what was odd about where the layer landed when it was added to a project (far away, outside
    #: the project's zone): also in ``warnings``, apart so that an import dialog can show it
    placement_notes: list[str] = field(default_factory=list)
    _invalid: tuple[int, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.locked is None:
            self.locked = self.role in CONSTRAINT_ROLES
        self.ensure_fids()

    @staticmethod
    def legacy_id(name: str) -> str:
        """The id of a layer saved before layers had ids: derived from its table name."""
        return "legacy-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]

    def ensure_fids(self) -> None:
        """Give the frame an fid index: kept when it already is one (a GeoPackage read with its
        fids), else 1..n; a data column called ``fid`` is kept as ``fid_1`` (GDAL would take it
        for the fid on save)."""
        gdf = self.gdf
        if gdf is None:   # a detached copy (a snapshot's layer description) carries no data
            return
        index = gdf.index
        if not (index.name == "fid" and index.is_unique and pd.api.types.is_integer_dtype(index.dtype)
                and (len(index) == 0 or index.min() >= 1)):
            if "fid" in gdf.columns:
                gdf = gdf.rename(columns={"fid": _free_name(gdf.columns, "fid_1")})
            gdf = gdf.set_axis(pd.RangeIndex(1, len(gdf) + 1, name="fid"), axis=0)
            self.gdf = gdf
        elif "fid" in gdf.columns:
            self.gdf = gdf.rename(columns={"fid": _free_name(gdf.columns, "fid_1")})
        if len(self.gdf):
            self.next_fid = max(self.next_fid, int(self.gdf.index.max()) + 1)

    def has_feature(self, fid: int) -> bool:
        return int(fid) in self.gdf.index

    def position(self, fid: int) -> int:
        """The row position of a feature (for views); UsageError if the layer has no such fid."""
        try:
            return int(self.gdf.index.get_loc(int(fid)))
        except KeyError:
            raise UsageError(f"layer {self.name} has no feature with fid {fid}") from None

    def positions(self, fids) -> np.ndarray:
        fids = np.asarray(list(fids), dtype=np.int64)
        found = self.gdf.index.get_indexer(fids)
        if (found < 0).any():
            raise UsageError(f"layer {self.name} has no feature with fid {int(fids[found < 0][0])}")
        return found

    def fid_at(self, position: int) -> int:
        return int(self.gdf.index[position])

    def version(self, fid: int) -> int:
        return self.versions.get(int(fid), 1) if self.has_feature(fid) else self.versions.get(int(fid), 0)

    def feature(self, fid: int):
        """The committed feature (a :class:`~parkgis.core.store.base.FeatureState`), or None."""
        from .store.base import FeatureState
        from .store.values import is_missing
        if not self.has_feature(fid):
            return None
        position = self.position(fid)
        gdf = self.gdf
        row = gdf.iloc[position]
        geometry_name = gdf.geometry.name
        attributes = {}
        for column, value in row.items():
            if column == geometry_name:
                continue
            attributes[column] = None if is_missing(value) else (value.item() if isinstance(value, np.generic)
                                                                 else value)
        return FeatureState(row[geometry_name], attributes)

    @property
    def crs(self):
        return self.gdf.crs

    @property
    def epsg(self) -> int | None:
        return epsg_of(self.gdf.crs) if self.gdf.crs is not None else None

    @property
    def crs_label(self) -> str:
        if self.gdf.crs is None:
            return "unknown"
        code = self.epsg
        return f"EPSG:{code}" if code else self.gdf.crs.name

    @property
    def legacy_datum(self) -> str | None:
        return legacy_datum(self.gdf.crs) if self.gdf.crs is not None else None

    @property
    def geometry_type(self) -> str:
        types = sorted(set(self.gdf.geom_type.dropna()))
        return "/".join(types) if types else "None"

    def __len__(self) -> int:
        return len(self.gdf)

    def touch(self) -> None:
        self.revision += 1

    def invalid_mask(self) -> np.ndarray:
        """Features whose geometry is present but invalid (OGC rules), computed on demand and kept
        until the next change: validating 200 000 farmland patches costs ~0.5 s, which a conflict
        check that only validates the patches near a parcel should not pay on read."""
        if self._invalid is None or self._invalid[0] != self.revision or len(self._invalid[1]) != len(self.gdf):
            geoms = np.asarray(self.gdf.geometry.values)
            self._invalid = (self.revision, ~shapely.is_valid(geoms) & ~shapely.is_missing(geoms))
        return self._invalid[1]

    def invalid_summary(self) -> str | None:
        """'2 invalid geometries (first: feature 1: Self-intersection[...])', or None."""
        mask = self.invalid_mask()
        if not mask.any():
            return None
        first = int(np.flatnonzero(mask)[0])
        count = int(mask.sum())
        return (f"{count} invalid geometr{'y' if count == 1 else 'ies'} "
                f"(first: feature {first}: {shapely.is_valid_reason(self.gdf.geometry.values[first])})")


def _free_name(columns, name: str) -> str:
    candidate, n = name, 2
    while candidate in columns:
        candidate = f"{name.rsplit('_', 1)[0]}_{n}"
        n += 1
    return candidate
