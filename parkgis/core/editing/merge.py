"""Three-way merge of one feature after a conflict: base (what the editor read), theirs (what the
store holds now), mine (what the editor wants).

- Attributes merge field by field: a field only one side changed takes that side's value; a field
  both changed to the same value is that value; a field both changed differently is a clash.
- Geometry: if only one side changed it, that side's; if both did, the changes are taken as areas —
  what each side added to and removed from the base — and merged when they touch different parts of
  the boundary (their changed areas do not overlap): ``(base − removed_mine − removed_theirs) ∪
  added_mine ∪ added_theirs``; the result must be a valid polygon, else it is a clash.
- A feature deleted on one side and changed on the other is a clash.

The merged feature is re-checked against 三区三线 before it is offered
(:meth:`~parkgis.core.editing.session.EditSession.propose_merge`), and the difference of each
version to the base is given in 亩, so that the desktop can show the three side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely

from ..fields import field_alias
from ..store.base import FeatureState
from ..store.values import values_equal

M2_PER_MU = 10000.0 / 15.0
#: changed areas that overlap by less than this (m²) are taken as touching, not overlapping
OVERLAP_TOLERANCE_M2 = 0.01


@dataclass
class MergeResult:
    state: FeatureState | None          # the merged feature; None when it cannot be merged
    clashes: list[str]                  # why not (empty when merged)
    fields_from_theirs: list[str] = field(default_factory=list)
    fields_from_mine: list[str] = field(default_factory=list)
    geometry_from: str = "base"         # base | theirs | mine | merged
    area_change_mu: dict[str, float] = field(default_factory=dict)   # theirs/mine/merged − base, 亩
    findings: list = field(default_factory=list)    # the 三区三线 check of the merged feature

    @property
    def merged(self) -> bool:
        return self.state is not None and not self.clashes


def _same_geometry(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(a.equals_exact(b, 0.0)) or bool(a.equals(b))


def merge_three_way(base: FeatureState | None, theirs: FeatureState | None,
                    mine: FeatureState | None) -> MergeResult:
    """Merge ``theirs`` and ``mine``, both derived from ``base``."""
    if theirs is None or mine is None or base is None:
        if theirs is None and mine is None:
            return MergeResult(None, [])
        why = ("the feature was deleted by someone else and changed here" if theirs is None else
               "the feature was deleted here and changed by someone else" if mine is None else
               "the feature was added on both sides")
        return MergeResult(None, [why])
    clashes, from_theirs, from_mine = [], [], []
    attributes = {}
    for key in dict.fromkeys([*base.attributes, *theirs.attributes, *mine.attributes]):
        b, t, m = base.attributes.get(key), theirs.attributes.get(key), mine.attributes.get(key)
        if values_equal(t, m):
            attributes[key] = t
        elif values_equal(t, b):
            attributes[key] = m
            from_mine.append(key)
        elif values_equal(m, b):
            attributes[key] = t
            from_theirs.append(key)
        else:
            attributes[key] = m
            alias = field_alias(key)      # RJL → 容积率: the name the attribute table shows
            named = f"{key} ({alias})" if alias and alias != key else key
            clashes.append(f"field {named} was changed on both sides ({t!r} there, {m!r} here)")
    geometry, source = _merge_geometry(base.geometry, theirs.geometry, mine.geometry, clashes)
    result = MergeResult(None if clashes else FeatureState(geometry, attributes), clashes, from_theirs, from_mine,
                         source)
    base_area = base.geometry.area if base.geometry is not None else 0.0
    for name, state in (("theirs", theirs), ("mine", mine), ("merged", result.state)):
        if state is not None and state.geometry is not None:
            result.area_change_mu[name] = round((state.geometry.area - base_area) / M2_PER_MU, 4)
    return result


def _merge_geometry(base, theirs, mine, clashes: list[str]):
    if _same_geometry(theirs, mine):
        return theirs, "theirs" if not _same_geometry(theirs, base) else "base"
    if _same_geometry(theirs, base):
        return mine, "mine"
    if _same_geometry(mine, base):
        return theirs, "theirs"
    if any(g is None for g in (base, theirs, mine)):
        clashes.append("the geometry was removed on one side and changed on the other")
        return mine, "mine"
    added_mine, removed_mine = shapely.difference(mine, base), shapely.difference(base, mine)
    added_theirs, removed_theirs = shapely.difference(theirs, base), shapely.difference(base, theirs)
    changed_mine = shapely.union(added_mine, removed_mine)
    changed_theirs = shapely.union(added_theirs, removed_theirs)
    overlap = shapely.intersection(changed_mine, changed_theirs).area
    if overlap > OVERLAP_TOLERANCE_M2:
        clashes.append(f"the boundary was changed on both sides in the same place ({overlap:.2f} m² changed by "
                       "both)")
        return mine, "mine"
    merged = shapely.union_all([shapely.difference(base, shapely.union(removed_mine, removed_theirs)),
                                added_mine, added_theirs])
    merged = shapely.normalize(_polygonal(merged))
    if merged.is_empty or not merged.is_valid or merged.geom_type not in ("Polygon", "MultiPolygon"):
        clashes.append("the two boundary changes do not merge into a valid polygon")
        return mine, "mine"
    if base.geom_type == "Polygon" and merged.geom_type == "MultiPolygon":
        clashes.append("the two boundary changes split the parcel into parts")
        return mine, "mine"
    return merged, "merged"


def _polygonal(geometry):
    if geometry.geom_type == "GeometryCollection":
        parts = [g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(parts) if parts else shapely.Polygon()
    return geometry
