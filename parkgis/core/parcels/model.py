"""The vocabulary of the 标准地 register: lifecycle stages, control indicators, a parcel's record and its
dated events. Plain data shared by storage, the evaluators (thresholds, idle land, 低效用地, 亩均), the 台账
import/export, the CLI and the GUI; nothing here reads a file.

Money is in 万元, areas in m² (亩 derived with :data:`parkgis.core.area.SQM_PER_MU`), shares in 0–1,
dates as :class:`datetime.date`.
"""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field

from ..area import SQM_PER_MU


class Stage(enum.StrEnum):
    """A 标准地 parcel's lifecycle stage (生命周期阶段). The value is the Chinese name planners write."""

    RESERVE = "储备"
    PREPARATION = "前期开发"        # 七通一平 items as a set (:data:`PREPARATION_ITEMS`)
    ASSESSMENT = "区域评估"         # 区域评估/定标: regional assessments done, indicators set
    LISTED = "挂牌"                 # 公告/挂牌
    SOLD = "成交"
    CONTRACTED = "出让合同"         # 出让合同 + 投资建设协议 signed
    DELIVERED = "交地"
    STARTED = "开工"
    COMPLETED = "竣工"
    PRODUCING = "投产"
    REVIEWED = "达产复核"
    IDLE = "闲置"                   # branch: 部令第53号 闲置土地 determined
    RECLAIMED = "收回"              # branch: 无偿收回 / 有偿收回

    @property
    def label(self) -> str:
        return self.value


#: the main line of the lifecycle, in order (the branches 闲置 and 收回 are not on it)
MAIN_LINE: tuple[Stage, ...] = (
    Stage.RESERVE, Stage.PREPARATION, Stage.ASSESSMENT, Stage.LISTED, Stage.SOLD, Stage.CONTRACTED,
    Stage.DELIVERED, Stage.STARTED, Stage.COMPLETED, Stage.PRODUCING, Stage.REVIEWED,
)

#: accepted spellings of each stage in 台账 and layer attributes (exact match after stripping blanks)
STAGE_SPELLINGS: dict[Stage, tuple[str, ...]] = {
    Stage.RESERVE: ("储备", "收储", "土地储备"),
    Stage.PREPARATION: ("前期开发", "七通一平", "前期"),
    Stage.ASSESSMENT: ("区域评估", "定标", "区域评估/定标"),
    Stage.LISTED: ("挂牌", "公告", "公告挂牌", "公告/挂牌", "招拍挂"),
    Stage.SOLD: ("成交",),
    Stage.CONTRACTED: ("出让合同", "签约", "出让合同+投资建设协议", "投资建设协议", "合同"),
    Stage.DELIVERED: ("交地",),
    Stage.STARTED: ("开工", "在建"),
    Stage.COMPLETED: ("竣工",),
    Stage.PRODUCING: ("投产",),
    Stage.REVIEWED: ("达产复核", "达产"),
    Stage.IDLE: ("闲置", "闲置土地"),
    Stage.RECLAIMED: ("收回", "无偿收回", "有偿收回"),
}


def parse_stage(text: object) -> Stage | None:
    """The stage named by ``text`` (a Stage, its Chinese name, an accepted spelling or the enum name such as
    ``"LISTED"``), or None when it names none."""
    if isinstance(text, Stage):
        return text
    if text is None:
        return None
    key = "".join(str(text).split())
    for stage, spellings in STAGE_SPELLINGS.items():
        if key in spellings or key.upper() == stage.name:
            return stage
    return None


#: 七通一平: the infrastructure items of 前期开发 (stored as the set of completed items)
PREPARATION_ITEMS: tuple[str, ...] = ("给水", "排水", "电", "通讯", "路", "燃气", "热力", "场地平整")

#: regional assessments (区域评估) whose results a 标准地 listing relies on
ASSESSMENT_ITEMS: tuple[str, ...] = (
    "环境影响评价", "节能评价", "地质灾害危险性评估", "压覆矿产资源评估", "水土保持", "洪水影响评价",
    "文物考古调查", "地震安全性评价",
)


class Direction(enum.StrEnum):
    """How a value is held against its threshold."""

    AT_LEAST = ">="
    AT_MOST = "<="
    RANGE = "range"   # min ≤ value ≤ max (e.g. 容积率)
    TEXT = "text"     # a standard or an admission list, checked by a person


@dataclass(frozen=True)
class IndicatorDef:
    """One 标准地 control indicator: a stable code, its Chinese name, unit, direction and the layer field
    codes that carry it in Chinese data."""

    code: str
    name: str
    unit: str
    direction: Direction
    field_codes: tuple[str, ...] = ()


#: the control indicators (内政办发〔2025〕23号; DESIGN §5), in the order a listing prints them
INDICATORS: tuple[IndicatorDef, ...] = (
    IndicatorDef("investment_intensity", "固定资产投资强度", "万元/亩", Direction.AT_LEAST, ("TZQD", "投资强度")),
    IndicatorDef("floor_area_ratio", "容积率", "", Direction.RANGE, ("RJL", "容积率")),
    IndicatorDef("tax_per_mu", "亩均税收", "万元/亩", Direction.AT_LEAST, ("MJSS", "亩均税收")),
    IndicatorDef("output_per_mu", "亩均产值", "万元/亩", Direction.AT_LEAST, ("MJCZ", "亩均产值")),
    IndicatorDef("building_coverage", "建筑系数/建筑密度", "%", Direction.AT_LEAST,
                 ("JZMD", "JZXS", "建筑密度", "建筑系数")),
    IndicatorDef("green_ratio", "绿地率", "%", Direction.AT_MOST, ("LDL", "绿地率")),
    IndicatorDef("admin_ratio", "行政办公及生活服务设施用地比例", "%", Direction.AT_MOST,
                 ("XZBGBL", "行政办公及生活服务设施用地比例")),
    IndicatorDef("energy_value_added", "单位能耗增加值", "万元/吨标准煤", Direction.AT_LEAST,
                 ("DWNHZJZ", "单位能耗增加值")),
    IndicatorDef("emission_value_added", "单位排放增加值", "万元/吨", Direction.AT_LEAST,
                 ("DWPFZJZ", "单位排放增加值")),
    IndicatorDef("environmental_standard", "环境标准", "", Direction.TEXT, ("HJBZ", "环境标准")),
    IndicatorDef("industry_admission", "产业准入", "", Direction.TEXT, ("CYZR", "产业准入")),
)

INDICATORS_BY_CODE: dict[str, IndicatorDef] = {d.code: d for d in INDICATORS}


@dataclass(frozen=True)
class Bound:
    """A control indicator's bound as a listing states it: ``minimum`` for ≥, ``maximum`` for ≤, both for a
    range; ``text`` for a standard or an admission list."""

    minimum: float | None = None
    maximum: float | None = None
    text: str | None = None


@dataclass
class Event:
    """One dated lifecycle event (交地, 开工 …), who recorded it and a note. ``corrects`` is the id of the event
    this one corrects (a wrong entry is never overwritten: the correction is a new, audited event and the
    corrected one is kept with ``superseded`` set)."""

    stage: Stage
    date: _dt.date
    by: str = ""
    note: str = ""
    id: int | None = None
    recorded_at: str = ""        # ISO timestamp of the entry
    corrects: int | None = None
    superseded: bool = False
    #: government-caused delay (政府原因) on an 闲置 event or the parcel, treated apart by 部令第53号
    cause: str = ""
    #: the stage the parcel was at before this event (None: unknown, e.g. the first event of an import)
    from_stage: Stage | None = None
    #: why a correcting event corrects (on the event with ``corrects`` set)
    reason: str = ""


@dataclass
class ParcelRecord:
    """A 标准地 parcel of the register (地块编号 ``id`` is its key). ``layer_id``/``fid`` link it to its
    feature on the map; ``bounds`` are the listing's control indicators (出让条件); the actual figures
    (committed investment, tax …) are separate fields, checked against the applicable threshold table."""

    id: str                                   # 地块编号, e.g. "ZGE-B4-01"
    name: str = ""                            # 地块名称
    park: str = ""                            # 园区名称
    use_code: str = ""                        # 用地用海 code, e.g. "1001"
    use_name: str = ""                        # e.g. "工业用地"
    industry: str = ""                        # 产业类别 (行业), chooses the threshold table
    region: str = ""                          # 旗区 / 盟市, chooses the threshold table
    layer_id: str | None = None
    fid: int | None = None
    area_m2: float | None = None              # planar, in the parcel's Gauss-Krüger zone
    ellipsoidal_area_m2: float | None = None  # 椭球面积
    declared_area_m2: float | None = None     # declared by the survey (勘测定界)
    term_years: int | None = None             # 出让年限
    starting_price_wan: float | None = None   # 起拍价
    deposit_wan: float | None = None          # 竞买保证金
    increment_wan: float | None = None        # 增价幅度
    buyer: str = ""                           # 竞得人 / 受让人
    land_price_wan: float | None = None       # 成交价 (土地出让价款)
    contract_no: str = ""                     # 出让合同编号
    contract_date: _dt.date | None = None
    agreement_no: str = ""                    # 投资建设协议编号
    agreement_date: _dt.date | None = None
    listed_on: _dt.date | None = None         # 挂牌日期
    sold_on: _dt.date | None = None           # 成交日期
    delivered_on: _dt.date | None = None      # 交地日期
    agreed_start: _dt.date | None = None      # 约定开工日期 (出让合同)
    agreed_completion: _dt.date | None = None  # 约定竣工日期
    actual_start: _dt.date | None = None      # 实际开工日期
    actual_completion: _dt.date | None = None
    committed_investment_wan: float | None = None  # 承诺固定资产投资 (万元)
    invested_wan: float | None = None              # 已完成投资 (land price and taxes excluded)
    developed_share: float | None = None      # share of the area developed (已动工开发面积 / 总面积), 0–1
    invested_share: float | None = None       # share of the committed investment made, 0–1
    suspended_since: _dt.date | None = None   # 中止开发建设 since
    annual_tax_wan: float | None = None       # 年税收 (万元)
    annual_output_wan: float | None = None    # 年产值 (万元)
    building_area_m2: float | None = None     # 总建筑面积 (计容), for 容积率
    stage: Stage = Stage.RESERVE
    preparation_done: frozenset[str] = frozenset()   # 七通一平 items completed
    assessments_done: frozenset[str] = frozenset()   # 区域评估 items completed
    bounds: dict[str, Bound] = field(default_factory=dict)   # indicator code → the listing's bound
    idle_cause: str = ""                      # 闲置原因 (政府原因 / 企业原因 …)
    government_delay_days: int = 0            # delay caused by the government (部令第53号 第八条)
    note: str = ""
    events: list[Event] = field(default_factory=list)

    @property
    def area_mu(self) -> float | None:
        return None if self.area_m2 is None else self.area_m2 / SQM_PER_MU

    def current_events(self) -> list[Event]:
        """The events in date order, without the ones a correction superseded."""
        return sorted((e for e in self.events if not e.superseded), key=lambda e: (e.date, e.id or 0))
