"""Validation of an edit session's changed features before commit (提交前检查), with repairs.

Each :class:`Finding` names the feature, what is wrong, where (a point to show on the map) and the
repair offered; :func:`repair` applies it as one undoable step of the session. The checks:

- ``invalid_geometry`` — GEOS's reason and location (repair: ``make_valid``, the polygonal part kept);
- ``few_points`` — a ring with fewer than 3 distinct points (repair: remove the ring or part);
- ``overlap`` — the feature overlaps another feature of the layer (repair: clip it off);
- ``sliver_overlap`` — an overlap below the rule set's sliver tolerances (repair: clip it off);
- ``sliver`` — a part of the feature itself below the tolerances (repair: remove the part);
- ``gap`` — a sliver left uncovered between the feature and a neighbour it touched before the edit
  (repair: fill it into the feature, i.e. snap back to the neighbour).

The tolerances are those of the conflict check (``min_area``, ``min_width`` of the rule set): a piece is
a sliver when its area is below ``min_area`` or its mean width ``2·area/perimeter`` below ``min_width``.
A commit with ``accept_findings=True`` writes flagged features anyway and keeps the flags in the audit
row of each (its reason), where :func:`accepted_findings` reads them back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ..errors import DataError
from . import geometry_ops as ops

if TYPE_CHECKING:
    from .session import EditSession

#: The audit reason of a feature committed with findings starts so.
ACCEPTED_PREFIX = "accepted at commit with findings: "

_AT = re.compile(r"\[(-?[\d.eE+-]+) (-?[\d.eE+-]+)")


@dataclass(frozen=True)
class Finding:
    """One problem of one feature. ``message`` is English (``text()`` gives the user's language);
    ``x``, ``y`` where to show it, in the layer's CRS; ``repair`` the repair offered (None: none)."""

    code: str
    fid: int
    message: str
    x: float
    y: float
    repair: str | None = None
    neighbour: int | None = None
    piece: Any = field(default=None, compare=False, repr=False)   # the geometry the repair works on
    part: int | None = None
    ring: int | None = None

    def text(self, language: str | None = "zh_CN") -> str:
        from ..messages import localize
        return localize(f"feature {self.fid}: {self.message}", language)

    def to_dict(self) -> dict:
        return {"code": self.code, "fid": self.fid, "message": self.message, "message_zh": self.text("zh_CN"),
                "x": self.x, "y": self.y, "repair": self.repair, "neighbour": self.neighbour}


#: The repairs, in English and Chinese (for the list's buttons).
REPAIRS = {
    "make_valid": ("make the geometry valid", "修复为有效几何"),
    "clip": ("clip the overlap off", "裁去重叠部分"),
    "remove_part": ("remove the part", "删除该部件"),
    "remove_ring": ("remove the ring", "删除该环"),
    "fill_gap": ("fill the gap into the feature (snap to the neighbour)", "将空隙并入要素（贴合相邻要素）"),
}


class ValidationError(DataError):
    """A commit refused because changed features have findings; nothing was written."""

    def __init__(self, session: EditSession, findings: list[Finding]):
        self.findings = list(findings)
        lines = [f"feature {f.fid}: {f.message}" for f in self.findings]
        problem = (f"{len(self.findings)} problem(s) found before commit: repair them, or commit with "
                   "accept_findings=True to keep them flagged")
        super().__init__(session.project.path, problem, layer=session.layer.name)
        if session.project.path is None:
            self.args = (f"layer {session.layer.name}: {problem}",)
        self.args = ("\n".join([self.args[0], *lines]),)


def _location(geometry) -> tuple[float, float]:
    p = shapely.point_on_surface(geometry) if not geometry.is_empty else shapely.Point(np.nan, np.nan)
    return float(p.x), float(p.y)


def _pieces(geometry) -> list:
    return [p for p in shapely.get_parts(geometry) if isinstance(p, shapely.Polygon) and p.area > ops.NOISE_AREA]


def _measure(piece) -> tuple[float, float]:
    area, perimeter = float(piece.area), float(piece.length)
    return area, (2.0 * area / perimeter if perimeter > 0 else 0.0)


def _fmt(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.1f}"


def validate(session: EditSession, fids=None, ruleset=None) -> list[Finding]:
    """The findings of the session's changed features (or of ``fids``), in fid order."""
    if ruleset is None:
        ruleset = getattr(session, "ruleset", None)
    if ruleset is None:
        from ..analysis.rules import default_ruleset
        ruleset = default_ruleset()
    min_area, min_width = float(ruleset.min_area), float(ruleset.min_width)
    if fids is None:
        changes = [c for c in session.changes() if c.after is not None and c.after.geometry is not None]
        todo = [(c.fid, c.before.geometry if c.before is not None else None, c.after.geometry) for c in changes]
    else:
        todo = []
        for fid in fids:
            state = session.feature(int(fid))
            if state is not None and state.geometry is not None:
                before = session._committed.get(int(fid), session.layer.feature(int(fid)))
                todo.append((int(fid), before.geometry if before is not None else None, state.geometry))
    out: list[Finding] = []
    for fid, before, geometry in todo:
        out.extend(_check(session, fid, before, geometry, min_area, min_width))
    return out


def _check(session, fid, before, geometry, min_area, min_width) -> list[Finding]:
    out = []
    if geometry.is_empty:
        return out
    if isinstance(geometry, shapely.Polygon | shapely.MultiPolygon):
        for k, part in enumerate(ops._parts(geometry)):
            for r, ring in enumerate(ops._rings(part)):
                distinct = len(np.unique(ring[:-1, :2], axis=0))
                if distinct < 3:
                    several = r > 0 or len(ops._parts(geometry)) > 1
                    out.append(Finding("few_points", fid, message=f"ring {r} of part {k} has {distinct} distinct "
                                                                  "points (a ring needs 3)",
                                       x=float(ring[0, 0]), y=float(ring[0, 1]),
                                       repair=("remove_ring" if r > 0 else "remove_part") if several else None,
                                       part=k, ring=r))
    valid = bool(geometry.is_valid)
    if not valid:
        reason = shapely.is_valid_reason(geometry)
        hit = _AT.search(reason)
        x, y = (float(hit.group(1)), float(hit.group(2))) if hit else _location(geometry)
        out.append(Finding("invalid_geometry", fid, message=f"the geometry is invalid ({reason})", x=x, y=y,
                           repair="make_valid"))
        return out    # overlay with an invalid shape says nothing reliable
    parts = ops._parts(geometry) if isinstance(geometry, shapely.Polygon | shapely.MultiPolygon) else []
    if len(parts) > 1:
        for k, part in enumerate(parts):
            area, width = _measure(part)
            if area < min_area or width < min_width:
                out.append(Finding("sliver", fid, message=f"part {k} is a sliver ({_fmt(area)} m², mean width "
                                                          f"{_fmt(width)} m)", x=_location(part)[0],
                                   y=_location(part)[1], repair="remove_part", piece=part, part=k))
    neighbours = [(n, g) for n, g in session.index.query(geometry, predicate="intersects")
                  if n != fid and g is not None and not g.is_empty and g.is_valid]
    for n, other in neighbours:
        for piece in _pieces(shapely.intersection(geometry, other)):
            area, width = _measure(piece)
            x, y = _location(piece)
            if area < min_area or width < min_width:
                out.append(Finding("sliver_overlap", fid, message=f"a sliver overlap with feature {n} "
                                                                  f"({_fmt(area)} m², mean width {_fmt(width)} m)",
                                   x=x, y=y, repair="clip", neighbour=n, piece=piece))
            else:
                out.append(Finding("overlap", fid, message=f"overlaps feature {n} by {_fmt(area)} m²", x=x, y=y,
                                   repair="clip", neighbour=n, piece=piece))
    if before is not None and before.is_valid and not before.is_empty:
        lost = shapely.difference(before, geometry)
        near = [(n, g) for n, g in session.index.query(before, predicate="intersects")
                if n != fid and g is not None and not g.is_empty and g.is_valid]
        if not lost.is_empty and near:
            # what the neighbours took over (a topological move) is no gap: only what nobody covers
            uncovered = shapely.difference(lost, shapely.union_all(np.asarray([g for _, g in near], dtype=object)))
            for piece in _pieces(uncovered):
                area, width = _measure(piece)
                touching = [n for n, g in near if piece.intersects(g)]
                if touching and (area < min_area or width < min_width):
                    x, y = _location(piece)
                    out.append(Finding("gap", fid, message=f"a gap of {_fmt(area)} m² (mean width {_fmt(width)} m) "
                                                           f"is left against feature {touching[0]}, which it touched "
                                                           "before", x=x, y=y, repair="fill_gap",
                                       neighbour=touching[0], piece=piece))
    return out


def repair(session: EditSession, finding: Finding) -> None:
    """Apply the repair ``finding`` offers as one undoable step of ``session``."""
    from .operations import EditRefused
    fid = finding.fid
    geometry = session._geometry(fid)
    text = f"修复 {session.layer.name} #{fid}"
    if finding.repair == "make_valid":
        from ..analysis.engine import repair as make_valid
        fixed = make_valid(np.asarray([geometry], dtype=object))[0][0]
        if isinstance(geometry, shapely.MultiPolygon) and isinstance(fixed, shapely.Polygon):
            fixed = shapely.MultiPolygon([fixed])
        if fixed.is_empty:
            raise EditRefused(session, fid, "the geometry has no area left once made valid: delete the feature")
        session.set_geometry(fid, fixed, text=text)
    elif finding.repair == "clip":
        other = session.feature(finding.neighbour)
        with session._refusing(fid):
            clipped = ops.clip_against(geometry, [(finding.neighbour, other.geometry)] if other else [])
        session.set_geometry(fid, clipped, text=text)
    elif finding.repair == "remove_part":
        with session._refusing(fid):
            session.set_geometry(fid, ops.delete_part(geometry, finding.part), text=text)
    elif finding.repair == "remove_ring":
        with session._refusing(fid):
            session.set_geometry(fid, ops.delete_ring(geometry, finding.part, finding.ring), text=text)
    elif finding.repair == "fill_gap":
        filled = ops._polygons_of(shapely.union(geometry, finding.piece))
        new = filled[0] if len(filled) == 1 else shapely.MultiPolygon(filled)
        if isinstance(geometry, shapely.MultiPolygon) and isinstance(new, shapely.Polygon):
            new = shapely.MultiPolygon([new])
        session.set_geometry(fid, new, text=text)
    else:
        raise EditRefused(session, fid, f"the finding {finding.code} offers no repair")


def accepted_note(findings: list[Finding]) -> str:
    """The audit reason of a feature committed with these findings (English, fixed wording)."""
    return ACCEPTED_PREFIX + "; ".join(f"{f.code}: {f.message}" for f in findings)


def accepted_findings(project, layer) -> dict[int, str]:
    """fid → the flags of the features whose last committed change was accepted with findings (read
    from the project's audit, so they stay with the data until a later clean commit of the feature)."""
    name = layer if isinstance(layer, str) else layer.name
    latest: dict[int, str | None] = {}
    for row in project.audit_log():
        if row.get("fid") is None or row.get("layer") != name:
            continue
        latest[int(row["fid"])] = row.get("reason")
    return {fid: reason[len(ACCEPTED_PREFIX):] for fid, reason in latest.items()
            if reason and reason.startswith(ACCEPTED_PREFIX)}


__all__ = ["ACCEPTED_PREFIX", "Finding", "REPAIRS", "ValidationError", "accepted_findings", "accepted_note",
           "repair", "validate"]
