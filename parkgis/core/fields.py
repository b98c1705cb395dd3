"""Chinese names of the field codes of Chinese planning databases (地块编号 for DKBH ...).

One table for every surface that shows a field to a planner: the desktop attribute table and
identify panel, the web map's popups. Codes follow the 国土空间规划 / 第三次全国国土调查 databases
and the 标准地 indicator fields (内政办发〔2025〕23号).
"""

from __future__ import annotations

#: common field codes of Chinese planning databases → Chinese label (shown in popups)
FIELD_ALIASES: dict[str, str] = {
    "DKBH": "地块编号", "DKMC": "地块名称", "YQMC": "园区名称", "YQJC": "园区简称", "SSQX": "所属旗区",
    "ZDCY": "主导产业", "YQMJ": "园区面积（m²）", "YDYH": "用地用海代码", "YDYHMC": "用地用海类型",
    "YDMJ": "用地面积（m²）", "YDMJM": "用地面积（亩）", "BZD": "是否标准地", "TDYT": "土地用途",
    "CRNX": "出让年限（年）", "SMZQJD": "生命周期阶段", "QTYP": "七通一平（已完成）", "QPJ": "起拍价（万元）",
    "CJJ": "成交价（万元）", "GPRQ": "挂牌日期", "YDKGRQ": "约定开工日期", "SJKGRQ": "实际开工日期",
    "HXMC": "红线名称", "HXLX": "红线类型", "HXMJ": "红线面积（m²）", "XZQMC": "行政区名称", "XZQDM": "行政区代码",
    "BSM": "标识码", "TBBH": "图斑编号", "DLBM": "地类编码", "DLMC": "地类名称", "ZLDWMC": "坐落单位名称",
    "ZLDWDM": "坐落单位代码", "TBMJ": "图斑面积（m²）", "KCXS": "扣除系数", "KCMJ": "扣除面积（m²）",
    "TBDLMJ": "图斑地类面积（m²）", "CZKFBJMJ": "城镇开发边界面积（m²）", "BZ": "备注", "YSDM": "要素代码",
    "ZDDM": "宗地代码", "QLR": "权利人", "XMMC": "项目名称", "SQLX": "三区类型", "SQMJ": "三区面积（m²）",
    "KJLX": "空间类型",
    # 四至 (a parcel's neighbours): the 宗地四至 codes of the 不动产登记数据库 and spelled-out variants
    "ZDSZD": "东至", "ZDSZN": "南至", "ZDSZX": "西至", "ZDSZB": "北至",
    "SZDZ": "东至", "SZNZ": "南至", "SZXZ": "西至", "SZBZ": "北至",
    "SZ_DZ": "东至", "SZ_NZ": "南至", "SZ_XZ": "西至", "SZ_BZ": "北至",
    "DONGZHI": "东至", "NANZHI": "南至", "XIZHI": "西至", "BEIZHI": "北至",
}

#: the four 四至 directions, in the order a surveyor reads them
SIZHI_DIRECTIONS = ("东至", "南至", "西至", "北至")

#: 标准地 control indicator fields (the web map labels them with their bound, e.g. "容积率 ≥")
INDICATOR_ALIASES: dict[str, str] = {
    "TZQD": "投资强度（万元/亩）", "RJL": "容积率", "MJSS": "亩均税收（万元/亩）", "MJCZ": "亩均产值（万元/亩）",
    "JZMD": "建筑密度（%）", "JZXS": "建筑系数（%）", "LDL": "绿地率（%）", "XZBGBL": "行政办公比例（%）",
    "DWNHZJZ": "单位能耗增加值（万元/吨标煤）", "DWPFZJZ": "单位排放增加值",
}


def field_alias(name: str) -> str | None:
    """The Chinese name of field code ``name`` (case-insensitive), or None for an unknown field."""
    key = str(name)
    for table in (FIELD_ALIASES, INDICATOR_ALIASES):
        if key in table:
            return table[key]
        if key.upper() in table:
            return table[key.upper()]
    return None


def sizhi_fields(direction: str) -> tuple[str, ...]:
    """The field names that hold the 四至 text of ``direction`` (东至 ...): the Chinese name and the codes
    :data:`FIELD_ALIASES` names so. Bare two-letter codes are never among them: ``BZ`` is 备注, ``DZ``
    地址 and ``XZ`` 性质 or 乡镇 in most Chinese data, and a remark printed as the northern neighbour
    is a wrong 成果表."""
    if direction not in SIZHI_DIRECTIONS:
        raise ValueError(f"not a 四至 direction: {direction!r}")
    return (direction, *(code for code, label in FIELD_ALIASES.items() if label == direction))


#: integers up to this magnitude are exact in a float64; beyond it a whole number stored as REAL has
#: lost digits (an 18-digit 标识码 BSM), so only the float's own shortest digits are known
FLOAT_EXACT = 2**53


def float_text(value: float) -> str:
    """The shortest text that reads back as the float ``value``, never in exponent form.

    An id read from a REAL field prints as the number the file holds: ``101.0`` as ``101``; an
    18-digit 标识码 beyond 2**53 with the digits the float really carries (zeros after them), not
    the digits of its binary expansion, which the source never had. '' for NaN.

    >>> float_text(101.0), float_text(1.5), float_text(150602123456789024.0), float_text(1e-05)
    ('101', '1.5', '150602123456789020', '0.00001')
    """
    import numpy as np

    if value != value:
        return ""
    if value in (float("inf"), float("-inf")):
        return str(value)
    if value == 0:
        return "0"   # not "-0"
    return np.format_float_positional(value, unique=True, trim="-")


def value_text(value) -> str:
    """A field value as text (ids, names, 四至): floats by :func:`float_text`, NULL/NaN as ''."""
    import numpy as np

    if value is None or value is _pd_na():
        return ""
    if isinstance(value, float | np.floating):
        return float_text(value)
    return str(value).strip()


def _pd_na():
    import pandas as pd

    return pd.NA
