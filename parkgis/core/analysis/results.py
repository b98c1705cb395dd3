"""Results of the conflict check as plain data, and their JSON form (DESIGN §4 contract)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

import numpy as np
import shapely

from ..area import SQM_PER_HA, SQM_PER_MU, m2_to_ha, m2_to_mu
from .rules import COMPLIANT, CONSTRAINED, PROHIBITED

# Output rounding: 0.1 mm² is far below survey precision and keeps the JSON short.
_M2 = 4
_MU = 6
_HA = 8
_SHARE = 6


def _r(value: float, digits: int) -> float:
    return float(round(float(value), digits)) + 0.0  # "+ 0.0" turns -0.0 into 0.0


@dataclass(slots=True)
class Sliver:
    """An overlap piece below tolerance (面积 < min_area or 平均宽度 < min_width): listed, no conflict."""

    rule: str
    area_m2: float
    mean_width_m: float

    def to_json_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "area_m2": _r(self.area_m2, _M2), "mean_width_m": _r(self.mean_width_m, 4)}


@dataclass(slots=True)
class Conflict:
    """One rule that fires for one parcel.

    ``area_m2`` is planar (in the parcel's own 3° Gauss-Krüger zone) and excludes slivers; ``share`` is its fraction of the
    parcel. ``with_ids`` names the constraint features (or other parcels) involved.
    ``net_area_m2`` is set for rules with a 扣除系数 (KCXS) field: the area net of 田坎.
    ``geometry`` is the conflict piece itself (for map layers; not part of the JSON).
    """

    rule: str
    severity: str
    area_m2: float
    share: float
    with_ids: list[str] = field(default_factory=list)
    net_area_m2: float | None = None
    detail: str | None = None
    geometry: Any = None

    @property
    def area_mu(self) -> float:
        return m2_to_mu(self.area_m2)

    @property
    def area_ha(self) -> float:
        return m2_to_ha(self.area_m2)

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule, "severity": self.severity,
            "area_m2": _r(self.area_m2, _M2), "area_mu": _r(self.area_mu, _MU), "area_ha": _r(self.area_ha, _HA),
            "share": _r(self.share, _SHARE), "with": list(self.with_ids),
        }
        if self.net_area_m2 is not None:
            out["net_area_m2"] = _r(self.net_area_m2, _M2)
            out["net_area_mu"] = _r(m2_to_mu(self.net_area_m2), _MU)
            out["net_area_ha"] = _r(m2_to_ha(self.net_area_m2), _HA)
        if self.detail is not None:
            out["detail"] = self.detail
        return out


@dataclass(slots=True)
class ParcelResult:
    """The check of one parcel (地块)."""

    id: str
    name: str | None
    area_m2: float
    ellipsoidal_area_m2: float
    conflicts: list[Conflict] = field(default_factory=list)
    slivers: list[Sliver] = field(default_factory=list)
    row: int | None = None          # 1-based row in the parcels layer
    geometry: Any = None            # the (repaired) parcel geometry in the check's CRS
    notes: list[str] = field(default_factory=list)   # what could not be checked (e.g. no 用地用海 code)
    fid: int | None = None          # the parcel's fid in its layer (None: a drawn, unsaved geometry)
    area_zone: int | None = None    # the 3° Gauss-Krüger zone the planar areas are taken in
    area_crs: str | None = None     # that zone's CRS, "EPSG:4524"
    affected_m2: float | None = None  # 涉及面积 in the own zone, when the geometry is held in another

    @property
    def zone_zh(self) -> str:
        """'第36带（EPSG:4524）': where the planar areas were measured; '' when unknown."""
        if self.area_zone is None:
            return ""
        return f"第{self.area_zone}带" + (f"（{self.area_crs}）" if self.area_crs else "")

    @property
    def status(self) -> str:
        if not self.conflicts:
            return COMPLIANT
        for c in self.conflicts:
            if c.severity == PROHIBITED:
                return PROHIBITED
        return CONSTRAINED

    @property
    def area_mu(self) -> float:
        return m2_to_mu(self.area_m2)

    @property
    def area_ha(self) -> float:
        return m2_to_ha(self.area_m2)

    def affected_area_m2(self) -> float:
        """涉及面积: the part of the parcel in conflict with anything, in m² — the union of the overlap
        pieces, so ground both in the red line and outside the park counts once and the figure never
        exceeds the parcel (the sum over rules can). The invalid-geometry flag has no area of its own.
        Without pieces (a result read back from JSON) the largest single conflict is the figure."""
        measured = [c for c in self.conflicts if c.rule != "invalid_geometry"]
        if not measured:
            return 0.0
        if self.affected_m2 is not None:
            return self.affected_m2
        if any(c.geometry is None for c in measured):
            return max(c.area_m2 for c in measured)
        return float(shapely.union_all([c.geometry for c in measured]).area)

    def conflict(self, rule: str) -> Conflict | None:
        for c in self.conflicts:
            if c.rule == rule:
                return c
        return None

    def to_json_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id, "name": self.name, "status": self.status,
            "area_m2": _r(self.area_m2, _M2), "area_mu": _r(self.area_mu, _MU), "area_ha": _r(self.area_ha, _HA),
            "ellipsoidal_area_m2": _r(self.ellipsoidal_area_m2, _M2),
            "area_zone": self.area_zone, "area_crs": self.area_crs, "fid": self.fid,
            "conflicts": [c.to_json_dict() for c in self.conflicts],
            "slivers": [s.to_json_dict() for s in self.slivers],
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass
class LayerInfo:
    """What fed a rule, for the report's method section (数据来源与版本)."""

    role: str
    name: str
    features: int
    source_crs: str
    source: str | None = None
    data_date: str | None = None
    approval: str | None = None


@dataclass
class CheckResult:
    crs: str
    min_area: float
    min_width: float
    parcels: list[ParcelResult]
    rules_checked: list[str] = field(default_factory=list)
    rules_skipped: dict[str, str] = field(default_factory=dict)   # rule → why (e.g. no layer given)
    layers: list[LayerInfo] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ruleset: Any = None
    id_field: str | None = None

    @property
    def summary(self) -> dict[str, int]:
        counts = {COMPLIANT: 0, CONSTRAINED: 0, PROHIBITED: 0}
        for p in self.parcels:
            counts[p.status] += 1
        return {"parcels": len(self.parcels), **counts}

    def parcel(self, parcel_id: str) -> ParcelResult:
        for p in self.parcels:
            if p.id == parcel_id:
                return p
        raise KeyError(parcel_id)

    def to_json_text(self) -> str:
        """``json.dumps(self.to_json_dict(), ensure_ascii=False)`` (compact), ~3× faster.

        On 100 000 parcels building the nested dicts and encoding them took over a second, a fifth
        of the whole check; here each parcel becomes one formatted string. Strings go through
        json's own escaping, floats through ``float.__repr__`` as json does; a test keeps the two
        forms equal."""
        if not self._all_finite():   # rare: the strict (slower) path writes null and says why
            return json.dumps(self.to_json_dict(), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return f'{self.json_head_text()},"parcels":[{self.parcels_json_text()}],"summary":' \
               f'{json.dumps(self.summary, separators=(",", ":"))}}}'

    def json_head_text(self) -> str:
        """The compact JSON document up to its parcels: ``{"crs":…,"settings":{…}`` (unclosed)."""
        head = json.dumps({"crs": self.crs, "settings": {"min_area": self.min_area, "min_width": self.min_width}},
                          ensure_ascii=False, separators=(",", ":"))
        return head[:-1]

    def parcels_json_text(self) -> str:
        """The parcels of the compact JSON document, comma-separated (a chunked check writes them
        chunk by chunk, see :func:`parkgis.core.report.check_report.write_json_chunks`)."""
        if not self._all_finite():
            return ",".join(json.dumps(p, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
                            for p in self.to_json_dict()["parcels"])
        dumps = json.dumps
        esc = encode_basestring
        m2, mu, ha, em2, c_m2, c_mu, c_ha, c_share = self._rounded()
        parts = []
        j = 0
        for k, p in enumerate(self.parcels):
            status = p.status
            items = []
            for c in p.conflicts:
                if c.net_area_m2 is not None or c.detail is not None:
                    d = c.to_json_dict()
                    d.update({"area_m2": c_m2[j], "area_mu": c_mu[j], "area_ha": c_ha[j], "share": c_share[j]})
                    items.append(dumps(d, ensure_ascii=False, separators=(",", ":")))
                else:
                    items.append(f'{{"rule":{esc(c.rule)},"severity":{esc(c.severity)},"area_m2":{c_m2[j]!r},'
                                 f'"area_mu":{c_mu[j]!r},"area_ha":{c_ha[j]!r},"share":{c_share[j]!r},'
                                 f'"with":[{",".join(map(esc, c.with_ids))}]}}')
                j += 1
            slivers = ",".join(dumps(x.to_json_dict(), separators=(",", ":")) for x in p.slivers)
            name = "null" if p.name is None else esc(p.name)
            notes = f',"notes":[{",".join(map(esc, p.notes))}]' if p.notes else ""
            zone = "null" if p.area_zone is None else str(int(p.area_zone))
            zone_crs = "null" if p.area_crs is None else esc(p.area_crs)
            fid = "null" if p.fid is None else str(int(p.fid))
            parts.append(f'{{"id":{esc(p.id)},"name":{name},"status":"{status}","area_m2":{m2[k]!r},'
                         f'"area_mu":{mu[k]!r},"area_ha":{ha[k]!r},"ellipsoidal_area_m2":{em2[k]!r},'
                         f'"area_zone":{zone},"area_crs":{zone_crs},"fid":{fid},'
                         f'"conflicts":[{",".join(items)}],"slivers":[{slivers}]{notes}}}')
        return ",".join(parts)

    def _all_finite(self) -> bool:
        values = [v for p in self.parcels for v in (p.area_m2, p.ellipsoidal_area_m2)]
        values += [v for p in self.parcels for c in p.conflicts for v in (c.area_m2, c.share)]
        values += [s.area_m2 for p in self.parcels for s in p.slivers]
        return bool(np.isfinite(np.fromiter(values, dtype=float, count=len(values))).all())

    def _rounded(self) -> tuple[list[float], ...]:
        # Rounded in bulk with numpy: per-value round() dominated the JSON time on 100 000 parcels.
        area = np.fromiter((p.area_m2 for p in self.parcels), dtype=float, count=len(self.parcels))
        ell = np.fromiter((p.ellipsoidal_area_m2 for p in self.parcels), dtype=float, count=len(self.parcels))
        conflicts = [c for p in self.parcels for c in p.conflicts]
        c_area = np.fromiter((c.area_m2 for c in conflicts), dtype=float, count=len(conflicts))
        c_share = np.fromiter((c.share for c in conflicts), dtype=float, count=len(conflicts))
        return tuple((np.round(a, d) + 0.0).tolist() for a, d in (
            (area, _M2), (area / SQM_PER_MU, _MU), (area / SQM_PER_HA, _HA), (ell, _M2),
            (c_area, _M2), (c_area / SQM_PER_MU, _MU), (c_area / SQM_PER_HA, _HA), (c_share, _SHARE)))

    def to_json_dict(self) -> dict[str, Any]:
        """The DESIGN §4 JSON contract."""
        m2, mu, ha, em2, c_m2, c_mu, c_ha, c_share = self._rounded()
        counts = {COMPLIANT: 0, CONSTRAINED: 0, PROHIBITED: 0}
        parcels = []
        j = 0
        for k, p in enumerate(self.parcels):
            status = p.status
            counts[status] += 1
            items = []
            for c in p.conflicts:
                d = {"rule": c.rule, "severity": c.severity, "area_m2": c_m2[j], "area_mu": c_mu[j],
                     "area_ha": c_ha[j], "share": c_share[j], "with": list(c.with_ids)}
                if c.net_area_m2 is not None or c.detail is not None:
                    extra = c.to_json_dict()
                    d.update({key: v for key, v in extra.items() if key not in d})
                items.append(d)
                j += 1
            parcels.append({
                "id": p.id, "name": p.name, "status": status, "area_m2": m2[k], "area_mu": mu[k], "area_ha": ha[k],
                "ellipsoidal_area_m2": em2[k], "area_zone": p.area_zone, "area_crs": p.area_crs, "fid": p.fid,
                "conflicts": items,
                "slivers": [s.to_json_dict() for s in p.slivers] if p.slivers else [],
            })
            unknown = _null_non_finite(parcels[-1])
            notes = list(p.notes) + [
                f"{name} is null: it cannot be computed from these coordinates in {self.crs} (they lie outside "
                "the range where that CRS is defined)" for name in unknown]
            if notes:
                parcels[-1]["notes"] = notes
        return {
            "crs": self.crs,
            "settings": {"min_area": self.min_area, "min_width": self.min_width},
            "parcels": parcels,
            "summary": {"parcels": len(self.parcels), **counts},
        }


def _null_non_finite(obj: Any, path: str = "") -> list[str]:
    """Replace every NaN or infinite number in ``obj`` (nested dicts and lists) by None, in place:
    JSON has no NaN (``allow_nan=False`` everywhere), and a number that cannot be computed is
    null, never 0. Returns the names of the fields replaced (``conflicts.area_m2``)."""
    found: list[str] = []
    items = obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else ()
    for key, value in list(items):
        name = f"{path}.{key}" if path and isinstance(key, str) else (path or str(key))
        if isinstance(value, float) and not math.isfinite(value):
            obj[key] = None
            found.append(name)
        elif isinstance(value, (dict, list)):
            found += _null_non_finite(value, name)
    return list(dict.fromkeys(found))
