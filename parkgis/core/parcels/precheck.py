"""拍前体检: the pre-auction check of a 标准地 parcel — can it be sold?

For one parcel, a selection or every listed (挂牌) parcel of a project, :class:`Prechecker` returns one
:class:`PrecheckResult` per parcel: a list of :class:`CheckItem` (``pass`` / ``fail`` / ``unknown``, the reason
in Chinese, the figures) and a verdict:

- ``不可出让`` when any item fails;
- ``需补充`` when none fails but some cannot be checked (the missing data are listed in ``missing``);
- ``可以出让`` when every item passes.

The items, in the order the dossier prints them:

1. one per rule of the conflict check's rule set (code = the rule's name: ``eco_redline``, ``farmland``,
   ``outside_udb``, ``outside_park``, ``use_zone``, ``parcel_overlap``, ``invalid_geometry`` …; its 判定依据
   in ``basis``, its overlap area in the figures). Any rule that fires fails the item, whatever its
   severity: a 标准地 is offered only when it is clean (a ``constrained`` overlap with a planned parcel is a
   boundary to correct before the auction, not a condition of sale). A rule whose layer the project lacks
   is ``unknown``. The check runs through the engine's per-parcel path
   (:meth:`~parkgis.core.analysis.engine.ConflictIndex.check_geometry`): the index is built once and one
   parcel costs milliseconds, so judging one parcel does not check all 1 025;
2. ``sold_overlap``: no overlap (beyond the sliver tolerance) with a parcel that the register records as
   sold or contracted (成交 or any later stage, 闲置 included);
3. ``indicators``: the listing's control indicators (出让条件) complete — the binding three, 投资强度, 容积率,
   亩均税收 (内政办发〔2025〕23号) — and none laxer than the applicable threshold table
   (:mod:`.thresholds`); any actual figure already known (承诺投资 …) within the bound (:mod:`.indicators`);
4. ``net_land``: 七通一平 and the 区域评估 all done (净地出让);
5. ``area``: the declared area (``declared_area_m2``, 勘测定界) against the computed one within
   ``area_tolerance`` (relative; default 0.05 %, just above the ≤ 0.045 % planar/椭球 difference of Ordos,
   DESIGN §3). The area compared is the **椭球面积** by default, as surveys declare it (``area_basis``
   ``"ellipsoidal"``; ``"planar"``: the parcel's own Gauss-Krüger zone);
6. ``stage``: the lifecycle allows listing (区域评估/定标 done → 挂牌, or already 挂牌; :mod:`.lifecycle`);
7. ``idle``: no idle-land (闲置土地) record on the same land — neither this parcel nor one overlapping it is
   at 闲置.

:func:`precheck_project` is the one-call form. ``result.as_json()`` is the CLI's JSON entry.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import shapely

from ..area import SQM_PER_MU
from ..errors import DataError
from . import lifecycle
from .indicators import check_parcel
from .model import ASSESSMENT_ITEMS, INDICATORS_BY_CODE, MAIN_LINE, PREPARATION_ITEMS, ParcelRecord, Stage
from .sizhi import Neighbour, Side, compare_sizhi, compute_sizhi, given_sizhi, sizhi_columns

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
SELLABLE, NOT_SELLABLE, NEEDS_MORE = "可以出让", "不可出让", "需补充"
STATUS_ZH = {PASS: "通过", FAIL: "不通过", UNKNOWN: "无法判定"}

#: the control indicators a 标准地 listing must state (内政办发〔2025〕23号)
BINDING_INDICATORS = ("investment_intensity", "floor_area_ratio", "tax_per_mu")
#: stages at which the land counts as sold (成交 onwards, the idle branch included)
SOLD_STAGES = frozenset(MAIN_LINE[MAIN_LINE.index(Stage.SOLD):]) | {Stage.IDLE}
#: stages from which a parcel may be offered (or is on offer)
LISTABLE_STAGES = frozenset({Stage.ASSESSMENT, Stage.LISTED})

DEFAULT_AREA_TOLERANCE = 0.0005


@dataclass(frozen=True)
class PrecheckSettings:
    """``area_tolerance``: relative (0.0005 = 0.05 %); ``area_basis``: ``ellipsoidal`` | ``planar``;
    ``search_m``: how far 四至 looks; ``as_of``: the date of the check (today by default)."""

    area_tolerance: float = DEFAULT_AREA_TOLERANCE
    area_basis: str = "ellipsoidal"
    search_m: float = 200.0
    as_of: _dt.date | None = None

    def as_json(self) -> dict:
        return {"area_tolerance": self.area_tolerance, "area_basis": self.area_basis, "search_m": self.search_m,
                "as_of": (self.as_of or _dt.date.today()).isoformat()}


@dataclass
class CheckItem:
    """One item of the check: ``code`` (a rule name or sold_overlap, indicators, net_land, area, stage,
    idle), ``label`` (Chinese), ``status`` pass | fail | unknown, ``reason`` (Chinese), ``figures``,
    ``basis`` (判定依据) and ``geometry`` (the offending piece in the check's CRS, for the map; not in JSON)."""

    code: str
    label: str
    status: str
    reason: str
    figures: dict = field(default_factory=dict)
    basis: str = ""
    geometry: Any = None

    def as_json(self) -> dict:
        return {"code": self.code, "label": self.label, "status": self.status, "reason": self.reason,
                "figures": self.figures, "basis": self.basis}


@dataclass
class PrecheckResult:
    id: str
    name: str
    items: list[CheckItem]
    sizhi: dict[str, Side]
    sizhi_given: dict[str, dict]
    area_m2: float
    ellipsoidal_area_m2: float
    area_crs: str
    geometry: Any                      # in the check's CRS (``crs``)
    crs: str
    record: ParcelRecord | None = None
    table: str | None = None           # the threshold table that applies
    neighbours: list[tuple[str, Any]] = field(default_factory=list)   # (id, geometry) near the parcel

    @property
    def verdict(self) -> str:
        statuses = {i.status for i in self.items}
        if FAIL in statuses:
            return NOT_SELLABLE
        if UNKNOWN in statuses:
            return NEEDS_MORE
        return SELLABLE

    @property
    def failed(self) -> list[CheckItem]:
        return [i for i in self.items if i.status == FAIL]

    @property
    def missing(self) -> list[str]:
        """What must be supplied: the reason of each item that cannot be judged."""
        return [f"{i.label}：{i.reason}" for i in self.items if i.status == UNKNOWN]

    def item(self, code: str) -> CheckItem:
        return next(i for i in self.items if i.code == code)

    def as_json(self) -> dict:
        return {
            "id": self.id, "name": self.name, "verdict": self.verdict,
            "items": [i.as_json() for i in self.items],
            "sizhi": {d: s.text for d, s in self.sizhi.items()},
            "sizhi_detail": {d: s.as_json() for d, s in self.sizhi.items()},
            "sizhi_given": self.sizhi_given,
            "missing": self.missing,
            "areas": _areas_json(self.area_m2, self.ellipsoidal_area_m2, self.area_crs),
            "stage": None if self.record is None else self.record.stage.value,
            "threshold_table": self.table,
        }


def _areas_json(planar: float, ellipsoidal: float, crs: str) -> dict:
    return {"planar_m2": round(planar, 2), "planar_mu": round(planar / SQM_PER_MU, 4),
            "planar_ha": round(planar / 10000, 6), "planar_crs": crs,
            "ellipsoidal_m2": round(ellipsoidal, 2), "ellipsoidal_mu": round(ellipsoidal / SQM_PER_MU, 4),
            "ellipsoidal_ha": round(ellipsoidal / 10000, 6)}


def _area_figures(m2: float) -> dict:
    return {"area_m2": round(m2, 2), "area_mu": round(m2 / SQM_PER_MU, 4), "area_ha": round(m2 / 10000, 6)}


class Prechecker:
    """The pre-auction check over one project: the conflict index, the register and the threshold tables
    loaded once; :meth:`check` judges one parcel in milliseconds."""

    def __init__(self, project, *, settings: PrecheckSettings | None = None, ruleset=None, register=None,
                 tables=None):
        from ..analysis.engine import ConflictIndex
        from ..analysis.inputs import project_check_inputs
        from ..roles import Role
        from .register import load_register
        from .thresholds import load_tables

        self.project = project
        self.settings = settings or PrecheckSettings()
        if self.settings.area_basis not in ("ellipsoidal", "planar"):
            raise ValueError(f"area_basis must be ellipsoidal or planar, not {self.settings.area_basis!r}")
        self.path = project.location        # the file, or the team database's URL without its password
        parcels, constraints = project_check_inputs(project)
        self.parcel_layer = parcels
        self.constraints = constraints
        self.index = ConflictIndex(parcels, constraints, ruleset)
        self.register = register if register is not None else load_register(project)
        self.tables = tables if tables is not None else load_tables()
        self.positions = {str(pid): k for k, pid in enumerate(self.index.ids)}
        self.sizhi_columns = sizhi_columns(parcels.gdf.columns)
        parks = constraints.get(Role.PARK.value, [])
        self.park_geoms = [g for lyr in parks for g in lyr.gdf.to_crs(self.index.crs).geometry.values
                           if g is not None and not g.is_empty]
        self.park_tree = shapely.STRtree(self.park_geoms) if self.park_geoms else None
        roads = [lyr for lyr in project.layers if lyr.role == Role.REFERENCE and len(lyr.gdf)
                 and any(k in lyr.name for k in ("道路", "路网", "road", "Road"))]
        self.roads = [Neighbour("road", str(i), g, _road_name(lyr, i)) for lyr in roads
                      for i, g in enumerate(lyr.gdf.to_crs(self.index.crs).geometry.values)
                      if g is not None and not g.is_empty]
        self.use_codes = _use_codes(parcels.gdf)

    # ------------------------------------------------------------------ selection
    def listed_ids(self) -> list[str]:
        """The register's parcels at 挂牌, in register order."""
        return [pid for pid, rec in self.register.parcels.items() if rec.stage == Stage.LISTED]

    def position(self, parcel_id: str) -> int:
        pos = self.positions.get(parcel_id)
        if pos is None:
            record = self.register.get(parcel_id)
            if record is not None and record.fid is not None:
                try:
                    return self.index.position(record.fid)
                except Exception:   # noqa: BLE001 — falls through to the DataError below
                    pass
            known = ", ".join(list(self.positions)[:3])
            raise DataError(self.path, f"no parcel with 地块编号 {parcel_id} on the map (e.g. {known})")
        return pos

    # ------------------------------------------------------------------ the check
    def check_many(self, ids: Iterable[str]) -> list[PrecheckResult]:
        return [self.check(pid) for pid in ids]

    def check(self, parcel_id: str) -> PrecheckResult:
        idx = self.index
        pos = self.position(parcel_id)
        geom = idx.geoms[pos]
        if geom is None or geom.is_empty:
            raise DataError(self.path, f"parcel {parcel_id} has no geometry")
        result = idx.check_geometry(geom, parcel_index=pos)
        record = self.register.get(parcel_id)
        items = self._rule_items(result)
        near = idx.parcels_near(geom.buffer(self.settings.search_m))
        near = near[near != pos]
        items.append(self._sold_item(geom, near, record))
        table = None
        if record is None:
            for code, label in (("indicators", "控制指标"), ("net_land", "净地（七通一平、区域评估）"),
                                ("area", "面积一致性"), ("stage", "生命周期阶段"), ("idle", "闲置土地记录")):
                items.append(CheckItem(code, label, UNKNOWN, "台账中无此地块（标准地登记缺失）"))
        else:
            indicator_item, table = self._indicator_item(record)
            items += [indicator_item, self._net_land_item(record),
                      self._area_item(record, result.area_m2, result.ellipsoidal_area_m2),
                      self._stage_item(record), self._idle_item(geom, near, record)]
        neighbours = [Neighbour("parcel", str(idx.ids[k]), idx.geoms[k]) for k in near.tolist()
                      if idx.geoms[k] is not None and _code(self.use_codes, k)[:2] != "12"]
        neighbours += [Neighbour("road", str(idx.ids[k]), idx.geoms[k], "道路") for k in near.tolist()
                       if _code(self.use_codes, k)[:2] == "12"]
        neighbours += [r for r in self.roads if r.geometry.distance(geom) <= self.settings.search_m]
        park = self._park_of(geom)
        sides = compute_sizhi(geom, neighbours, park=park, search_m=self.settings.search_m)
        row = self.parcel_layer.gdf.iloc[pos]
        given = given_sizhi(row, self.sizhi_columns)
        name = (record.name if record is not None and record.name else None) or (result.name or "")
        return PrecheckResult(
            id=parcel_id, name=str(name), items=items, sizhi=sides, sizhi_given=compare_sizhi(sides, given),
            area_m2=result.area_m2, ellipsoidal_area_m2=result.ellipsoidal_area_m2,
            area_crs=result.area_crs or idx.crs_label, geometry=geom, crs=idx.crs_label, record=record,
            table=table, neighbours=[(n.id, n.geometry) for n in neighbours if n.kind == "parcel"])

    def _park_of(self, geom):
        if self.park_tree is None:
            return None
        hits = self.park_tree.query(geom, predicate="intersects")
        return shapely.union_all([self.park_geoms[k] for k in hits.tolist()]) if len(hits) else None

    def _rule_items(self, result) -> list[CheckItem]:
        idx = self.index
        items = []
        for rule in idx.ruleset.rules:
            if rule.name in idx.rules_skipped:
                items.append(CheckItem(rule.name, rule.label, UNKNOWN,
                                       f"无法审查：{idx.rules_skipped[rule.name]}", {"severity": rule.severity},
                                       rule.basis))
                continue
            if rule.name not in idx.rules_checked:
                continue
            conflict = result.conflict(rule.name)
            slivers = [s for s in result.slivers if s.rule == rule.name]
            if conflict is None:
                figures = {"severity": rule.severity, **_area_figures(0.0)}
                reason = "不涉及"
                if slivers:
                    figures["slivers"] = [s.to_json_dict() for s in slivers]
                    reason = f"不涉及（另有 {len(slivers)} 处碎片，面积小于容差，不计）"
                notes = [n for n in result.notes if rule.name in n or "用地用海" in n] if rule.matrix else []
                if notes:
                    items.append(CheckItem(rule.name, rule.label, UNKNOWN, "；".join(notes), figures, rule.basis))
                else:
                    items.append(CheckItem(rule.name, rule.label, PASS, reason, figures, rule.basis))
                continue
            figures = {"severity": rule.severity, **conflict.to_json_dict()}
            figures.pop("rule", None)
            if conflict.rule == "invalid_geometry":
                reason = f"地块图形无效：{conflict.detail or ''}".rstrip("：")
            else:
                reason = f"涉及 {conflict.area_m2:.2f} 平方米（{conflict.area_mu:.4f} 亩，占地块 {conflict.share:.2%}）"
                if conflict.with_ids:
                    reason += "，涉及要素 " + "、".join(conflict.with_ids[:5]) + ("等" if len(conflict.with_ids) > 5 else "")
                if conflict.net_area_m2 is not None:
                    reason += f"；扣除田坎后 {conflict.net_area_m2:.2f} 平方米"
            items.append(CheckItem(rule.name, rule.label, FAIL, reason, figures, rule.basis, conflict.geometry))
        return items

    def _sold_item(self, geom, near: np.ndarray, record: ParcelRecord | None) -> CheckItem:
        label = "与已出让地块重叠"
        idx = self.index
        pieces, entries = [], []
        for k in near.tolist():
            pid = str(idx.ids[k])
            other = self.register.get(pid)
            if other is None or other.stage not in SOLD_STAGES or (record is not None and pid == record.id):
                continue
            g = idx.geoms[k]
            if g is None or not shapely.relate_pattern(geom, g, "T********"):
                continue
            piece = geom.intersection(g)
            if piece.area < idx.ruleset.min_area:
                continue
            pieces.append(piece)
            entries.append({"id": pid, "stage": other.stage.value, **_area_figures(piece.area)})
        basis = "已出让（成交、签订出让合同及其后各阶段）的土地不得重复出让（《招标拍卖挂牌出让国有建设用地使用权规定》）。"
        if not entries:
            return CheckItem("sold_overlap", label, PASS, "不与已成交或已签订出让合同的地块重叠", _area_figures(0.0), basis)
        union = shapely.union_all(pieces)
        ids = "、".join(f"{e['id']}（{e['stage']}）" for e in entries)
        return CheckItem("sold_overlap", label, FAIL, f"与已出让地块 {ids} 重叠 {union.area:.2f} 平方米",
                         {**_area_figures(union.area), "with": entries}, basis, union)

    def _indicator_item(self, record: ParcelRecord) -> tuple[CheckItem, str | None]:
        from .thresholds import choose_tables, effective_bounds

        label = "控制指标（完整且符合适用标准）"
        choice = choose_tables(record, self.tables)
        table_only = effective_bounds(replace(record, bounds={}), choice)
        rows, failures, missing = [], [], []
        for code in BINDING_INDICATORS:
            bound = record.bounds.get(code)
            if bound is None or (bound.minimum is None and bound.maximum is None and not bound.text):
                missing.append(INDICATORS_BY_CODE[code].name)
        check = check_parcel(record, choice=choice)
        for code, bound in record.bounds.items():
            definition = INDICATORS_BY_CODE.get(code)
            if definition is None:
                continue
            std = table_only.get(code)
            row = {"code": code, "name": definition.name, "unit": definition.unit,
                   "listing_min": bound.minimum, "listing_max": bound.maximum, "listing_text": bound.text,
                   "table_min": std.minimum if std else None, "table_max": std.maximum if std else None,
                   "table": std.table if std else None, "illustrative": bool(std and std.illustrative),
                   "value": None, "passed": None}
            laxer = []
            if std is not None:
                if bound.minimum is not None and std.minimum is not None and bound.minimum < std.minimum - 1e-9:
                    laxer.append(f"{definition.name} 出让条件下限 {bound.minimum:g} 低于标准 {std.minimum:g}")
                if bound.maximum is not None and std.maximum is not None and bound.maximum > std.maximum + 1e-9:
                    laxer.append(f"{definition.name} 出让条件上限 {bound.maximum:g} 高于标准 {std.maximum:g}")
            result = check.result(code)
            if result is not None and result.value is not None:
                row["value"], row["passed"] = result.value, result.passed
                if result.passed is False:
                    laxer.append(f"{definition.name} 实际/承诺值 {result.value:.2f} 未达到控制值")
            row["within"] = not laxer
            failures += laxer
            rows.append(row)
        figures = {"table": choice.table_id, "table_reason": choice.reason, "indicators": rows,
                   "missing": missing}
        basis = ("标准地出让须明确固定资产投资强度、容积率、亩均税收等控制指标（内政办发〔2025〕23号；"
                 "鄂府办发〔2022〕141号），且不得低于适用的控制指标标准。")
        if failures:
            return CheckItem("indicators", label, FAIL, "；".join(failures), figures, basis), choice.table_id
        if missing:
            return CheckItem("indicators", label, UNKNOWN, "出让条件缺少控制指标：" + "、".join(missing), figures,
                             basis), choice.table_id
        source = f"适用标准 {choice.table_id}" if choice.table_id else "无适用的阈值表"
        return CheckItem("indicators", label, PASS, f"控制指标齐全，均不低于{source}", figures, basis), choice.table_id

    @staticmethod
    def _net_land_item(record: ParcelRecord) -> CheckItem:
        prep = [i for i in PREPARATION_ITEMS if i not in record.preparation_done]
        assess = [i for i in ASSESSMENT_ITEMS if i not in record.assessments_done]
        figures = {"preparation_done": [i for i in PREPARATION_ITEMS if i in record.preparation_done],
                   "preparation_missing": prep,
                   "assessments_done": [i for i in ASSESSMENT_ITEMS if i in record.assessments_done],
                   "assessments_missing": assess}
        basis = "工业用地按“净地”出让：完成七通一平（给水、排水、电、通讯、路、燃气、热力及场地平整）和区域评估后方可出让（内政办发〔2025〕23号）。"
        if not prep and not assess:
            return CheckItem("net_land", "净地（七通一平、区域评估）", PASS, "七通一平及区域评估均已完成", figures, basis)
        parts = []
        if prep:
            parts.append("七通一平未完成：" + "、".join(prep))
        if assess:
            parts.append("区域评估未完成：" + "、".join(assess))
        return CheckItem("net_land", "净地（七通一平、区域评估）", FAIL, "；".join(parts), figures, basis)

    def _area_item(self, record: ParcelRecord, planar: float, ellipsoidal: float) -> CheckItem:
        s = self.settings
        basis_zh = "椭球面积" if s.area_basis == "ellipsoidal" else "平面面积"
        computed = ellipsoidal if s.area_basis == "ellipsoidal" else planar
        label = "申报面积与计算面积一致"
        basis = f"勘测定界申报面积与图形计算的{basis_zh}之差不超过 {s.area_tolerance:.3%}（设置项）。"
        figures = {"basis": s.area_basis, "computed_m2": round(computed, 2), "declared_m2": None,
                   "tolerance": s.area_tolerance}
        declared = record.declared_area_m2
        if declared is None:
            return CheckItem("area", label, UNKNOWN, "台账中无申报面积（勘测定界面积）", figures, basis)
        diff = computed - declared
        share = abs(diff) / computed if computed else float("inf")
        figures.update({"declared_m2": round(declared, 2), "difference_m2": round(diff, 2),
                        "difference_share": round(share, 6)})
        text = f"申报 {declared:.2f} 平方米，计算{basis_zh} {computed:.2f} 平方米，相差 {diff:+.2f} 平方米（{share:.4%}）"
        if share <= s.area_tolerance:
            return CheckItem("area", label, PASS, text + f"，在容差 {s.area_tolerance:.3%} 内", figures, basis)
        return CheckItem("area", label, FAIL, text + f"，超出容差 {s.area_tolerance:.3%}", figures, basis)

    @staticmethod
    def _stage_item(record: ParcelRecord) -> CheckItem:
        label = "生命周期阶段允许挂牌"
        figures = {"stage": record.stage.value, "allowed_next": [s.value for s in lifecycle.allowed_next(record.stage)]}
        basis = "储备→前期开发→区域评估/定标→公告/挂牌：完成区域评估、确定控制指标后方可挂牌出让。"
        if record.stage == Stage.LISTED:
            return CheckItem("stage", label, PASS, "已公告挂牌", figures, basis)
        if record.stage in LISTABLE_STAGES and Stage.LISTED in lifecycle.allowed_next(record.stage):
            return CheckItem("stage", label, PASS, f"当前阶段 {record.stage.value}，可转入挂牌", figures, basis)
        if record.stage in SOLD_STAGES:
            return CheckItem("stage", label, FAIL, f"当前阶段 {record.stage.value}：土地已出让", figures, basis)
        return CheckItem("stage", label, FAIL, f"当前阶段 {record.stage.value}：尚未完成区域评估/定标，不能挂牌",
                         figures, basis)

    def _idle_item(self, geom, near: np.ndarray, record: ParcelRecord) -> CheckItem:
        label = "无闲置土地记录"
        basis = "闲置土地未依法处置（部令第53号）前，该宗土地不得再次供应。"
        found = []
        if record.stage == Stage.IDLE:
            found.append(record.id)
        for k in near.tolist():
            pid = str(self.index.ids[k])
            other = self.register.get(pid)
            if other is None or other.stage != Stage.IDLE or pid == record.id:
                continue
            g = self.index.geoms[k]
            if g is not None and shapely.relate_pattern(geom, g, "T********"):
                found.append(pid)
        history = [e for e in record.current_events() if e.stage == Stage.IDLE]
        figures = {"idle_parcels": found, "idle_events": [e.date.isoformat() for e in history]}
        if found:
            return CheckItem("idle", label, FAIL, "同一土地上有闲置土地记录：" + "、".join(found), figures, basis)
        if history:
            return CheckItem("idle", label, PASS, "曾认定闲置，已依法处置（收回）", figures, basis)
        return CheckItem("idle", label, PASS, "无闲置土地记录", figures, basis)

    # ------------------------------------------------------------------ sources
    def sources(self) -> dict:
        rs = self.index.ruleset
        return {
            "crs": self.index.crs_label,
            "ruleset": {"name": rs.name, "version": rs.version, "source": rs.source},
            "layers": [{"role": i.role, "name": i.name, "features": i.features, "source_crs": i.source_crs,
                        "source": i.source, "data_date": i.data_date, "approval": i.approval}
                       for i in self.index.layers_info],
            "threshold_tables": [{"id": t.id, "name": t.name, "document": getattr(t, "document", ""),
                                  "date": None if getattr(t, "date", None) is None else t.date.isoformat()}
                                 for t in self.tables],
        }


def _road_name(layer, i: int) -> str:
    for column in ("DLMC", "NAME", "name", "名称", "MC"):
        if column in layer.gdf.columns:
            value = layer.gdf[column].iloc[i]
            if value is not None and str(value).strip() and str(value) != "nan":
                return str(value).strip()
    return "道路"


def _use_codes(gdf) -> list[str]:
    for column in ("YDYH", "YDYHDM", "用地用海代码"):
        if column in gdf.columns:
            return ["" if v is None else str(v).strip() for v in gdf[column].tolist()]
    return [""] * len(gdf)


def _code(codes: Sequence[str], k: int) -> str:
    return codes[k] if k < len(codes) else ""


def precheck_project(project, ids: Iterable[str] | None = None, *, settings: PrecheckSettings | None = None,
                     ruleset=None) -> tuple[Prechecker, list[PrecheckResult]]:
    """Check ``ids`` (None: every listed parcel) of ``project`` (a Project or a path)."""
    from ..project import Project

    if not hasattr(project, "layers"):
        project = Project.open(project)
    checker = Prechecker(project, settings=settings, ruleset=ruleset)
    wanted = list(dict.fromkeys(ids)) if ids is not None else checker.listed_ids()
    return checker, checker.check_many(wanted)


def results_json(checker: Prechecker, results: Sequence[PrecheckResult]) -> dict:
    """The CLI's JSON (README, section 拍前体检)."""
    verdicts = [r.verdict for r in results]
    return {"parcels": [r.as_json() for r in results],
            "summary": {"parcels": len(results), SELLABLE: verdicts.count(SELLABLE),
                        NOT_SELLABLE: verdicts.count(NOT_SELLABLE), NEEDS_MORE: verdicts.count(NEEDS_MORE)},
            "settings": checker.settings.as_json(), "sources": checker.sources()}
