"""VectorLayer: a GeoDataFrame with the meaning and provenance a planner needs to trust it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from .crs import epsg_of, legacy_datum
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
    #: what was odd about where the layer landed when it was added to a project (far away, outside
    #: the project's zone): also in ``warnings``, apart so that an import dialog can show it
    placement_notes: list[str] = field(default_factory=list)
    _invalid: tuple[int, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.locked is None:
            self.locked = self.role in CONSTRAINT_ROLES

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
