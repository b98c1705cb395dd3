"""The 标准地 register in the web map: parcels coloured by the register's 生命周期阶段, idle-land status (部令第53号,
as of the page's date) and 亩均 grade, and popups with the register's fields. A project without a register
falls back to the parcel layer's own attributes (the loose SMZQJD, TZQD … fields).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..core.errors import ParkgisError
from ..core.parcels import views as V
from ..core.parcels.idle import IdleStatus, evaluate_idle_all
from ..core.parcels.model import INDICATORS, Bound, Direction, ParcelRecord
from ..core.parcels.register import load_register

#: the idle-land scheme's classes: (key, label, fill) — ``none``: not in the register
IDLE_CLASSES: list[tuple[str, str, str]] = [(k, V.IDLE_LABELS[k], V.IDLE_COLOURS[k]) for k in V.IDLE_LABELS]
IDLE_NONE = ("none", "未登记", "#f4f4f0")
GRADE_CLASSES: list[tuple[str, str, str]] = [(g, f"{g} 类", c) for g, c in V.GRADE_COLOURS.items()]
GRADE_NONE = ("none", V.NO_GRADE, V.NO_GRADE_COLOUR)

#: the register fields a popup shows, in order: (label, how to read it from the record)
POPUP_FIELDS: list[tuple[str, str]] = [
    ("生命周期阶段", "stage"), ("园区", "park"), ("产业类别", "industry"), ("挂牌日期", "listed_on"),
    ("成交日期", "sold_on"), ("起拍价（万元）", "starting_price_wan"), ("成交价（万元）", "land_price_wan"),
    ("竞得人", "buyer"), ("出让合同编号", "contract_no"), ("交地日期", "delivered_on"),
    ("约定开工日期", "agreed_start"), ("实际开工日期", "actual_start"), ("约定竣工日期", "agreed_completion"),
    ("承诺固定资产投资（万元）", "committed_investment_wan"),
]
IDLE_FIELDS = ("闲置状态", "土地闲置费（万元）", "下一期限", "亩均等级")


@dataclass
class RegisterInfo:
    """The register as the page uses it: records by (layer id, fid), their idle status and grade."""

    as_of: _dt.date
    by_feature: dict[tuple[str, int], ParcelRecord] = field(default_factory=dict)
    idle: dict[str, IdleStatus] = field(default_factory=dict)
    grades: dict[str, str] = field(default_factory=dict)
    grade_year: int | None = None

    def record(self, layer_id: str, fid) -> ParcelRecord | None:
        try:
            return self.by_feature.get((layer_id, int(fid)))
        except (TypeError, ValueError):
            return None


def register_info(project, as_of: _dt.date, warnings: list[str]) -> RegisterInfo | None:
    """The project's register for the page, or None when it has none (the loose attributes are used)."""
    if getattr(project, "path", None) is None:
        return None
    try:
        register = load_register(project)
    except ParkgisError as exc:
        warnings.append(f"the register cannot be read ({exc}): parcels coloured by their own attributes")
        return None
    if not len(register):
        return None
    records = list(register)
    info = RegisterInfo(as_of)
    info.by_feature = {(r.layer_id, int(r.fid)): r for r in records if r.layer_id and r.fid is not None}
    info.idle = {s.id: s for s in evaluate_idle_all(records, as_of)}
    try:
        info.grade_year, info.grades = V.latest_grades(project)
    except (ParkgisError, ValueError, KeyError) as exc:
        warnings.append(f"the 亩均 grades cannot be computed ({exc})")
    return info


def _value_text(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return str(getattr(value, "value", value))


def bound_text(bound: Bound, direction: Direction) -> str | None:
    """A listing's bound as planners write it: ≥134, ≤20, 0.65–1.2."""
    def num(v: float) -> str:
        return f"{v:g}"
    if bound.text:
        return bound.text
    if bound.minimum is not None and bound.maximum is not None:
        return f"{num(bound.minimum)}–{num(bound.maximum)}"
    if bound.minimum is not None:
        return f"≥{num(bound.minimum)}"
    if bound.maximum is not None:
        return f"≤{num(bound.maximum)}"
    return None


def idle_text(status: IdleStatus | None) -> str | None:
    """闲置状态 as the popup shows it: the status, the days late and the article applied."""
    if status is None:
        return None
    label = V.IDLE_LABELS.get(status.status, status.status)
    if status.status == "ok":
        return label
    text = f"{label}，逾期 {status.days_late} 天"
    if status.status == "reclaim":
        text = f"闲置，逾期 {status.days_late} 天，无偿收回候选"
    if status.cause == "government":
        text += "（政府原因）"
    return text + (f"（{status.article}）" if status.article else "")


def hidden_fields(columns, shown) -> tuple[set[str], set[str]]:
    """(record attributes, indicator codes) whose layer column the caller left out of the popup: the register's
    copy of a field hidden on purpose stays hidden."""
    from ..core.parcels.register import LAYER_FIELDS

    left_out = {str(c) for c in columns} - {str(c) for c in shown}
    attrs = {attr for attr, codes in LAYER_FIELDS.items() if left_out.intersection(codes)}
    codes = {d.code for d in INDICATORS if left_out.intersection(d.field_codes)}
    return attrs, codes


def indicator_labels(indicators=INDICATORS) -> list[str]:
    return [f"{d.name}（{d.unit}）" if d.unit else d.name for d in indicators]


def popup_values(record: ParcelRecord | None, info: RegisterInfo, popup_fields=POPUP_FIELDS,
                 indicators=INDICATORS) -> tuple[list[str | None], list[str | None], list[str | None]]:
    """(register fields, idle fields, indicator bounds) of one feature's popup; all None off the register."""
    if record is None:
        return [None] * len(popup_fields), [None] * len(IDLE_FIELDS), [None] * len(indicators)
    fields_ = [_value_text(getattr(record, attr)) for _label, attr in popup_fields]
    status = info.idle.get(record.id)
    fee = None if status is None or status.fee_wan is None else f"{status.fee_wan:,.4f}".rstrip("0").rstrip(".")
    deadline = None
    if status is not None and status.next_deadline is not None:
        deadline = status.next_deadline.isoformat()
    grade = info.grades.get(record.id)
    grade_text = f"{grade}（{info.grade_year} 年度）" if grade and info.grade_year else grade
    idle_ = [idle_text(status), fee, deadline, grade_text]
    bounds = [bound_text(record.bounds[d.code], d.direction) if d.code in record.bounds else None
              for d in indicators]
    return fields_, idle_, bounds


def scheme_keys(record: ParcelRecord | None, info: RegisterInfo) -> dict[str, str]:
    """The register's class of a feature in the lifecycle, idle and grade schemes."""
    if record is None:
        return {"idle": IDLE_NONE[0], "grade": GRADE_NONE[0]}
    status = info.idle.get(record.id)
    return {"lifecycle": record.stage.value, "idle": status.status if status is not None else IDLE_NONE[0],
            "grade": info.grades.get(record.id) or GRADE_NONE[0]}


__all__ = ["GRADE_CLASSES", "GRADE_NONE", "IDLE_CLASSES", "IDLE_FIELDS", "IDLE_NONE", "INDICATORS", "POPUP_FIELDS", "RegisterInfo",
           "bound_text", "hidden_fields", "idle_text", "indicator_labels", "popup_values", "register_info", "scheme_keys"]
