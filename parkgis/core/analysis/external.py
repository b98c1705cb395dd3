"""The conflict check assembled from overlay pieces computed elsewhere — inside PostGIS
(:mod:`parkgis.core.store.postgis_check`) — by the desktop engine's own code.

The database finds the (parcel, constraint feature) pairs, answers the covers shortcut and cuts
the pieces; :class:`ExternalOverlayIndex` turns them into :class:`ParcelResult` objects exactly as
:class:`ConflictIndex` does (unions per parcel, slivers, 扣除系数 net area, 用地用途 × 三区, areas
in each parcel's own zone), one chunk of parcels at a time. So both give the same JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

import numpy as np
from pyproj import CRS

from ..feedback import Feedback
from ..layers import VectorLayer
from .engine import ConflictIndex, _Features, _RuleOutcome, _summarise_pieces
from .rules import Rule, RuleSet


class Overlay(Protocol):
    """Where the pieces come from. Feature indices are into the rule's :class:`_Features`; a
    piece is ``None`` where the engine needs none (a covering feature: the piece is the parcel;
    an ``outside`` rule's parcel covered by some feature)."""

    def rule_pairs(self, rule: Rule, fids: np.ndarray) -> tuple[np.ndarray, ...]:
        """``(parcel fid, feature index, covered, piece, piece area)`` per intersecting pair of the
        parcels ``fids``; for an ``outside`` rule the piece is the feature clipped to the parcel's
        box and the area that of parcel ∩ feature (see ``engine._outside``), else the area is unused."""

    def overlaps(self, fids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(parcel fid, other parcel fid, piece)`` per pair whose interiors intersect, for the
        parcels ``fids`` against every parcel of the layer."""


class ExternalOverlayIndex(ConflictIndex):
    """A :class:`ConflictIndex` over one chunk of a parcel layer whose overlay is done by ``overlay``.

    ``crs`` is the whole layer's working CRS, ``all_ids``/``all_fids`` the ids and fids of every
    parcel of the layer (in layer order: ids named by row number and duplicated ids come out as in
    a check of the whole layer, and overlaps name parcels of other chunks), ``features(rule,
    layers)`` gives a rule's constraint features (attributes only: their geometries stay in the
    database)."""

    note_zones = False
    whole_layer = False

    def __init__(self, parcels: VectorLayer, constraints: Mapping[str, list[VectorLayer]], ruleset: RuleSet | None,
                 *, overlay: Overlay, crs: CRS, all_ids: np.ndarray, all_fids: np.ndarray, id_field: str | None,
                 features: Callable[[Rule, list[VectorLayer]], _Features], first_row: int = 1,
                 min_area: float | None = None, min_width: float | None = None) -> None:
        self._overlay = overlay
        self._crs = crs
        self._all_ids, self._all_fids, self._id_field = all_ids, all_fids, id_field
        self._load_features = features
        self.first_row = first_row
        super().__init__(parcels, constraints, ruleset, min_area=min_area, min_width=min_width)

    def _working_crs(self, gdf, path: str) -> CRS:
        return self._crs

    def _parcel_ids(self, gdf, id_field, path):
        rows = np.searchsorted(self._all_fids, np.asarray(gdf.index, dtype=np.int64))
        return self._all_ids[rows], self._id_field

    def _features_for(self, rule: Rule, layers: list[VectorLayer]) -> _Features:
        return self._load_features(rule, layers)

    def _rule_outcomes(self, rs: RuleSet, fb: Feedback, steps: int) -> dict[str, _RuleOutcome]:
        outcomes: dict[str, _RuleOutcome] = {}
        subject = self.fids[self.present]
        for rule in rs.rules:
            if rule.name not in self.rules_checked or rule.kind == "invalid_geometry":
                continue
            fb.check_cancelled()
            if rule.kind == "parcel_overlap":
                pfid, other, pieces = self._overlay.overlaps(subject)
                pi = self._fid_index.get_indexer(pfid)
                fi = np.searchsorted(self._all_fids, other)
                outcomes[rule.name] = _summarise_pieces(pi, fi, pieces, self._all_ids, None, rs.min_area,
                                                        rs.min_width)
                continue
            feats = self.features[rule.name]
            pfid, fi, covered, pieces, area = self._overlay.rule_pairs(rule, subject)
            keep = fi >= 0          # pairs with features the rule leaves out (its where filter, unknown zones)
            pi = self._fid_index.get_indexer(pfid[keep])
            fi, covered, pieces, area = fi[keep], covered[keep], pieces[keep], area[keep]
            # in feature order, as the engine's tree query gives them: the order of `with` follows it
            order = np.lexsort((pi, fi))
            pi, fi, covered, pieces, area = pi[order], fi[order], covered[order], pieces[order], area[order]
            pieces[covered] = self.geoms[pi[covered]]
            if rule.matrix is not None:
                uc = self._use[rule.name]
                outcomes[rule.name] = self._evaluate_matrix(rule, feats, self.present, pi, fi, covered, uc.rows,
                                                            uc.codes, pieces=pieces)
            else:
                outcomes[rule.name] = self._evaluate(rule, feats, self.present, pi, fi, covered, pieces=pieces,
                                                     piece_area=area)
        return outcomes


def without_geometries(parcels) -> None:
    """Drop the geometries of check results (the client keeps one chunk's), first fixing 涉及面积,
    which is computed from them."""
    for p in parcels:
        if p.affected_m2 is None and any(c.rule != "invalid_geometry" for c in p.conflicts):
            p.affected_m2 = p.affected_area_m2()
        p.geometry = None
        for c in p.conflicts:
            c.geometry = None



