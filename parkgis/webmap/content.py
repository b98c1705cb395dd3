"""What the page shows: field aliases, 标准地 indicators, parcel colour schemes (合规状态,
生命周期, 用地用海) and attribute formatting. Plain data; the desktop styles come from
:mod:`parkgis.core.styles` (ROLE_THEME, LAND_USE_COLOURS) and are not redefined here.
"""

from __future__ import annotations

import datetime as _dt
import math
from numbers import Integral, Real

from ..core.analysis.rules import COMPLIANT, CONSTRAINED, PROHIBITED, SEVERITY_LABELS_ZH, STATUS_LABELS_ZH
from ..core.fields import FIELD_ALIASES, float_text
from ..core.styles import LAND_USE_COLOURS
from .safety import clean_text

#: 标准地 control indicators (内政办发〔2025〕23号): (field candidates, label)
INDICATORS: list[tuple[tuple[str, ...], str]] = [
    (("TZQD", "投资强度"), "固定资产投资强度（万元/亩）≥"),
    (("RJL", "容积率"), "容积率 ≥"),
    (("MJSS", "亩均税收"), "亩均税收（万元/亩）≥"),
    (("MJCZ", "亩均产值"), "亩均产值（万元/亩）≥"),
    (("JZMD", "建筑密度", "JZXS", "建筑系数"), "建筑密度/建筑系数（%）≥"),
    (("LDL", "绿地率"), "绿地率（%）≤"),
    (("XZBGBL", "行政办公及生活服务设施用地比例"), "行政办公及生活服务设施用地比例（%）≤"),
    (("DWNHZJZ", "单位能耗增加值"), "单位能耗增加值（万元/吨标煤）≥"),
    (("DWPFZJZ", "单位排放增加值"), "单位排放增加值 ≥"),
]

#: lifecycle (生命周期) fields and stages in order, with accepted spellings
LIFECYCLE_FIELDS = ("SMZQJD", "生命周期阶段", "SMZQ", "lifecycle", "stage", "JD")
LIFECYCLE_STAGES: list[tuple[str, tuple[str, ...], str]] = [
    ("储备", ("储备", "收储"), "#cfd8dc"),
    ("前期开发", ("前期开发", "七通一平", "前期"), "#b3d4ea"),
    ("区域评估", ("区域评估", "定标", "区域评估/定标"), "#7fb3d5"),
    ("挂牌", ("挂牌", "公告", "公告挂牌", "公告/挂牌", "招拍挂"), "#4a8cc2"),
    ("成交", ("成交",), "#f6c26b"),
    ("出让合同", ("出让合同", "签约", "出让合同+投资建设协议", "投资建设协议", "合同"), "#f29e4c"),
    ("交地", ("交地",), "#e8743b"),
    ("开工", ("开工", "在建"), "#b7dfa5"),
    ("竣工", ("竣工",), "#74c476"),
    ("投产", ("投产",), "#31a354"),
    ("达产复核", ("达产复核", "达产"), "#006d2c"),
    ("闲置", ("闲置", "闲置土地"), "#c51b7d"),
    ("收回", ("收回", "无偿收回", "有偿收回"), "#6a3d9a"),
]
LIFECYCLE_OTHER = ("其他", "#d7c4e8")
LIFECYCLE_NONE = ("未登记", "#f4f4f0")

LANDUSE_FIELDS = ("YDYH", "YDYHDM", "用地用海代码", "YDYHFL", "DLBM", "地类编码", "YDDM")
LANDUSE_OTHER = ("其他用地", "#e6e6e6")

#: compliance status colours: fills matching the check report's status colours
STATUS_CLASSES: list[tuple[str, str, str]] = [
    (COMPLIANT, "#8bc98e", "#2e7d32"),
    (CONSTRAINED, "#ffc069", "#c25e00"),
    (PROHIBITED, "#ef6f6c", "#b00020"),
]
STATUS_UNCHECKED = ("unchecked", "未审查", "#d9d9d9", "#707070")


def format_value(value: object) -> str | None:
    """An attribute value as display text; ``None`` for missing values (NULL, NaN, empty)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        v = float(value)
        if math.isnan(v) or math.isinf(v):
            return None
        if v == int(v):
            return float_text(v)   # a REAL 标识码 beyond 2**53 with its real digits, not made-up ones
        return f"{v:.6f}".rstrip("0").rstrip(".")
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return None
    try:
        import pandas as pd

        if value is pd.NaT or value is pd.NA:
            return None
        if isinstance(value, pd.Timestamp):
            return value.isoformat(sep=" ", timespec="seconds")
    except ImportError:  # pragma: no cover
        pass
    text = clean_text(value).strip()
    if not text:
        return None
    return text if len(text) <= 2000 else text[:2000] + "…"


def detect_field(columns, candidates) -> str | None:
    lower = {str(c).lower(): c for c in columns}
    for cand in candidates:
        if cand in columns:
            return cand
        if cand.lower() in lower:
            return lower[cand.lower()]
    return None


def field_label(name: str, aliases: dict[str, str] | None = None) -> str:
    if aliases and name in aliases:
        return aliases[name]
    return FIELD_ALIASES.get(name, FIELD_ALIASES.get(str(name).upper(), str(name)))


def lifecycle_stage(value: str | None) -> str:
    if value is None:
        return LIFECYCLE_NONE[0]
    text = value.strip()
    for stage, spellings, _colour in LIFECYCLE_STAGES:
        if text in spellings:
            return stage
    return LIFECYCLE_OTHER[0]


def landuse_class(code: str | None) -> str | None:
    """The LAND_USE_COLOURS key for a 用地用海/地类 code by longest prefix (``0901`` → ``09``)."""
    if not code:
        return None
    code = code.strip()
    for n in range(len(code), 1, -1):
        if code[:n] in LAND_USE_COLOURS:
            return code[:n]
    return None


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _darker(colour: str, factor: float = 0.6) -> str:
    c = colour.lstrip("#")
    r, g, b = (int(c[i:i + 2], 16) for i in (0, 2, 4))
    return _hex((round(r * factor), round(g * factor), round(b * factor)))


def scheme_tables() -> dict[str, dict]:
    """The three parcel colour schemes: name → {label, classes: [{key, label, fill, stroke}]}."""
    status = [{"key": key, "label": STATUS_LABELS_ZH[key], "fill": fill, "stroke": stroke}
              for key, fill, stroke in STATUS_CLASSES]
    status.append({"key": STATUS_UNCHECKED[0], "label": STATUS_UNCHECKED[1], "fill": STATUS_UNCHECKED[2],
                   "stroke": STATUS_UNCHECKED[3]})
    lifecycle = [{"key": stage, "label": stage, "fill": colour, "stroke": _darker(colour)}
                 for stage, _s, colour in LIFECYCLE_STAGES]
    lifecycle += [{"key": LIFECYCLE_OTHER[0], "label": LIFECYCLE_OTHER[0], "fill": LIFECYCLE_OTHER[1],
                   "stroke": _darker(LIFECYCLE_OTHER[1])},
                  {"key": LIFECYCLE_NONE[0], "label": "未登记/非标准地", "fill": LIFECYCLE_NONE[1], "stroke": "#9a9a90"}]
    seen: dict[str, str] = {}
    landuse = []
    for code, (name, rgb) in LAND_USE_COLOURS.items():
        landuse.append({"key": code, "label": f"{code} {name}", "fill": _hex(rgb), "stroke": _darker(_hex(rgb))})
        seen[code] = name
    landuse.append({"key": "other", "label": LANDUSE_OTHER[0], "fill": LANDUSE_OTHER[1],
                    "stroke": _darker(LANDUSE_OTHER[1])})
    from ..core.parcels import views as V

    idle = [{"key": k, "label": V.IDLE_LABELS[k], "fill": V.IDLE_COLOURS[k], "stroke": _darker(V.IDLE_COLOURS[k])}
            for k in V.IDLE_LABELS]
    idle.append({"key": "none", "label": "未登记/非标准地", "fill": LIFECYCLE_NONE[1], "stroke": "#9a9a90"})
    grade = [{"key": g, "label": f"{g} 类", "fill": c, "stroke": _darker(c)} for g, c in V.GRADE_COLOURS.items()]
    grade.append({"key": "none", "label": V.NO_GRADE, "fill": V.NO_GRADE_COLOUR, "stroke": "#9a9a90"})
    return {
        "status": {"label": "合规状态", "classes": status},
        "lifecycle": {"label": "生命周期阶段", "classes": lifecycle},
        "landuse": {"label": "用地用海分类", "classes": landuse},
        "idle": {"label": "闲置土地状态", "classes": idle},
        "grade": {"label": "亩均等级", "classes": grade},
    }


#: the parcels' colour schemes; ``idle`` and ``grade`` come from the 标准地 register (:mod:`.register`)
SCHEME_ORDER = ("status", "lifecycle", "landuse", "idle", "grade")
STATUS_LABELS = dict(STATUS_LABELS_ZH)
SEVERITY_LABELS = dict(SEVERITY_LABELS_ZH)
