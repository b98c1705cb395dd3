"""The three-way comparison of one conflicting feature (三方对比): what the desktop shows side by side
when a save meets a feature someone else changed — base (原始, what the session read), theirs
(对方, what the store holds now), mine (我的) and, when a merge is proposed, the merged result
(合并结果).

Per version: the area in m² and 亩, its change against the base in 亩 (signed), the area that differs
from the base (the symmetric difference, in 亩: a boundary moved by a strip on one side and back on
the other changes the area by nothing and yet differs), and its 三区三线 check (the findings of the
rules fed by the 生态保护红线, 永久基本农田, 城镇开发边界 and 三区 layers) as the conflict check gives it.
Per field: the three values and the merged one, and which side changed it.

The merge is offered only when it is possible (:func:`~parkgis.core.editing.merge.merge_three_way`:
different fields, different parts of the boundary, a valid result) and the merged feature does not
conflict with 三区三线 more than both versions it merges: a merge nobody drew must not bring an
overlap neither planner saw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shapely

from ..area import m2_to_mu
from ..roles import Role
from ..store.base import FeatureConflict, FeatureState
from ..store.values import is_missing, values_equal
from .merge import MergeResult

#: the layer roles whose rules make the 三区三线 check (the three lines and the three zones)
CONTROL_LINE_ROLES = (Role.ECO_REDLINE.value, Role.FARMLAND.value, Role.UDB.value, Role.ZONES.value)
#: the built-in rules fed by those roles (a rule-set file may add more; see :func:`control_line_rules`)
CONTROL_LINE_RULES = ("eco_redline", "farmland", "outside_udb")
#: a merged overlap larger than both versions' by less than this (m²) is the same overlap
AREA_TOLERANCE_M2 = 0.01
VERSIONS = ("base", "theirs", "mine", "merged")


@dataclass(frozen=True)
class Finding:
    """One rule of the conflict check that fires for a version: rule name, its label (占用生态保护红线),
    severity and overlap area."""

    rule: str
    label: str
    severity: str
    area_m2: float

    @property
    def area_mu(self) -> float:
        return m2_to_mu(self.area_m2)


@dataclass
class VersionFigures:
    """One version of the feature with its figures (areas in the layer's projected CRS)."""

    version: str                       # base | theirs | mine | merged
    state: FeatureState | None         # None: the feature is deleted in this version
    area_m2: float | None = None
    change_mu: float | None = None     # area − base area, 亩 (signed)
    differs_m2: float | None = None    # area of the symmetric difference with the base
    status: str | None = None          # the check's conclusion (compliant | constrained | prohibited)
    findings: list[Finding] = field(default_factory=list)   # every rule that fires
    control_rules: tuple[str, ...] = CONTROL_LINE_RULES
    #: the 三区三线 overlap pieces to draw: (rule, severity, geometry in the layer's CRS)
    pieces: list[tuple[str, str, Any]] = field(default_factory=list)
    user: str | None = None            # who made this version (theirs: from the audit)
    at: str | None = None              # when

    @property
    def geometry(self):
        return None if self.state is None else self.state.geometry

    @property
    def deleted(self) -> bool:
        return self.state is None

    @property
    def area_mu(self) -> float | None:
        return None if self.area_m2 is None else m2_to_mu(self.area_m2)

    @property
    def differs_mu(self) -> float | None:
        return None if self.differs_m2 is None else m2_to_mu(self.differs_m2)

    @property
    def control_findings(self) -> list[Finding]:
        """The 三区三线 findings (empty: 符合 as far as the three lines go)."""
        return [f for f in self.findings if f.rule in self.control_rules]

    def control_area_m2(self, rule: str) -> float:
        return next((f.area_m2 for f in self.findings if f.rule == rule), 0.0)

    @property
    def checked(self) -> bool:
        return self.status is not None


@dataclass(frozen=True)
class FieldRow:
    """One attribute across the versions; ``changed_by`` is "" (nobody), "theirs", "mine" or "both"
    (both changed it, to different values: the field that stops a merge)."""

    name: str
    base: Any
    theirs: Any
    mine: Any
    merged: Any
    changed_by: str

    @property
    def clash(self) -> bool:
        return self.changed_by == "both"


@dataclass
class ConflictComparison:
    """What the conflict dialog shows of one feature (see the module)."""

    fid: int
    versions: dict[str, VersionFigures]      # base, theirs, mine [, merged]
    fields: list[FieldRow]
    merge: MergeResult | None
    merge_refused: list[str]                  # why the merge is not offered (empty: it is)
    label: str = ""                           # how planners know the feature: 地块编号 and name (base's)

    @property
    def can_merge(self) -> bool:
        return self.merge is not None and self.merge.merged and not self.merge_refused

    @property
    def extent(self) -> tuple[float, float, float, float] | None:
        """The bounds of every version's geometry: one extent for all the panes."""
        geoms = [v.geometry for v in self.versions.values() if v.geometry is not None and not v.geometry.is_empty]
        if not geoms:
            return None
        return tuple(float(b) for b in shapely.GeometryCollection(geoms).bounds)


def control_line_rules(ruleset) -> tuple[str, ...]:
    """The names of the rules of ``ruleset`` fed by a 三区三线 layer (the built-in ones without one)."""
    if ruleset is None:
        return CONTROL_LINE_RULES
    return tuple(r.name for r in ruleset.rules if r.layer in CONTROL_LINE_ROLES)


def compare_conflict(conflict: FeatureConflict, merge: MergeResult | None = None, *,
                     check: Callable[[Any], dict] | None = None, ruleset=None,
                     theirs_by: tuple[str | None, str | None] = (None, None)) -> ConflictComparison:
    """The comparison of ``conflict``'s three versions (and ``merge``'s result, when it merged).

    ``check(geometry)`` gives the conflict check's JSON entry of the feature with that geometry (the
    live check, :meth:`~parkgis.core.editing.session.EditSession.live_check`), or a
    :class:`~parkgis.core.editing.live.LiveResult` (its JSON and its overlap pieces); without it no
    version is checked and the merge is not refused for 三区三线. ``ruleset`` names the rules' labels and which
    rules are 三区三线; ``theirs_by`` is (user, time) of the store's version, from the audit.
    """
    labels = {r.name: r.label for r in ruleset.rules} if ruleset is not None else {}
    control = control_line_rules(ruleset)
    states = {"base": conflict.base, "theirs": conflict.theirs, "mine": conflict.mine}
    if merge is not None and merge.merged:
        states["merged"] = merge.state
    base_geometry = None if conflict.base is None else conflict.base.geometry
    base_area = _area(base_geometry)
    versions: dict[str, VersionFigures] = {}
    for name, state in states.items():
        figures = VersionFigures(name, state, control_rules=control)
        geometry = None if state is None else state.geometry
        if geometry is not None:
            figures.area_m2 = _area(geometry)
            if base_area is not None:
                figures.change_mu = m2_to_mu(figures.area_m2 - base_area)
                figures.differs_m2 = float(shapely.symmetric_difference(geometry, base_geometry).area)
            if check is not None:
                _fill_check(figures, check(geometry), labels)
        versions[name] = figures
    versions["theirs"].user, versions["theirs"].at = theirs_by
    return ConflictComparison(conflict.fid, versions, _field_rows(conflict, merge), merge,
                              _merge_refusals(merge, versions, control, labels), _feature_label(conflict))


def _feature_label(conflict: FeatureConflict) -> str:
    """"A-01 标准地一号": the feature's number and name as the check finds them (the base's, else the
    store's, else mine)."""
    from ..analysis.engine import ID_FIELDS, NAME_FIELDS

    state = conflict.base or conflict.theirs or conflict.mine
    if state is None:
        return ""
    parts = []
    for candidates in (ID_FIELDS, NAME_FIELDS):
        value = next((state.attributes[k] for k in candidates if not is_missing(state.attributes.get(k))
                      and k.lower() != "fid" and str(state.attributes[k]).strip()), None)
        if value is not None and str(value) not in parts:
            parts.append(str(value).strip())
    return " ".join(parts)


def _area(geometry) -> float | None:
    return None if geometry is None else float(geometry.area)


def _fill_check(figures: VersionFigures, result, labels: dict[str, str]) -> None:
    doc = result if isinstance(result, dict) else result.json
    if not isinstance(result, dict):
        figures.pieces = [(p.rule, p.severity, p.geometry) for p in result.pieces if p.rule in figures.control_rules]
    figures.status = doc["status"]
    figures.findings = [Finding(c["rule"], labels.get(c["rule"], c["rule"]), c["severity"], float(c["area_m2"]))
                        for c in doc.get("conflicts", [])]


def _field_rows(conflict: FeatureConflict, merge: MergeResult | None) -> list[FieldRow]:
    empty: dict = {}
    base = conflict.base.attributes if conflict.base is not None else empty
    theirs = conflict.theirs.attributes if conflict.theirs is not None else empty
    mine = conflict.mine.attributes if conflict.mine is not None else empty
    merged = merge.state.attributes if merge is not None and merge.merged else None
    rows = []
    for key in dict.fromkeys([*base, *theirs, *mine]):
        b, t, m = base.get(key), theirs.get(key), mine.get(key)
        they, me = not values_equal(t, b), not values_equal(m, b)
        changed_by = ("both" if they and me and not values_equal(t, m) else
                      "theirs" if they and not me else "mine" if me and not they else
                      "same" if they and me else "")
        rows.append(FieldRow(key, b, t, m, None if merged is None else merged.get(key), changed_by))
    return rows


def _merge_refusals(merge: MergeResult | None, versions: dict[str, VersionFigures], control: tuple[str, ...],
                    labels: dict[str, str]) -> list[str]:
    if merge is None:
        return ["no merge was proposed for this feature"]
    if not merge.merged:
        return list(merge.clashes)
    merged = versions.get("merged")
    if merged is None or not merged.checked:
        return []
    theirs, mine = versions["theirs"], versions["mine"]
    reasons = []
    for finding in merged.control_findings:
        most = max(theirs.control_area_m2(finding.rule), mine.control_area_m2(finding.rule))
        if finding.area_m2 > most + AREA_TOLERANCE_M2:
            reasons.append(f"the merged feature conflicts with 三区三线 ({finding.label}: {finding.area_mu:.4f} 亩, "
                           f"theirs {m2_to_mu(theirs.control_area_m2(finding.rule)):.4f} 亩, "
                           f"mine {m2_to_mu(mine.control_area_m2(finding.rule)):.4f} 亩)")
    return reasons


__all__ = ["AREA_TOLERANCE_M2", "CONTROL_LINE_ROLES", "CONTROL_LINE_RULES", "ConflictComparison", "FieldRow",
           "Finding", "VersionFigures", "compare_conflict", "control_line_rules"]
