"""Annual figures (年度数据) of a parcel or its enterprise: what 亩均 evaluation (亩均论英雄) grades.

One row per parcel (地块编号) and/or enterprise (企业名称) and year (年度), as the 台账's 年度数据 sheet holds
them (:mod:`parkgis.core.parcels.ledger`). Money in 万元, energy in 吨标准煤, staff in persons.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class AnnualFigures:
    """One year of a parcel's (or enterprise's) figures. ``parcel_id`` or ``enterprise`` names whose figures
    they are (at least one). The names of the fields are the column names of the 亩均 rule set
    (``resources/evaluation``): ``tax_wan``, ``sales_wan``, ``value_added_wan``, ``energy_tce``, ``rd_wan``,
    ``staff``, ``area_mu``, and the yes/no columns ``safety_veto``, ``environment_veto``, ``new_firm``."""

    year: int
    parcel_id: str = ""               # 地块编号
    enterprise: str = ""              # 企业名称
    tax_wan: float | None = None      # 税收 (实缴税金, 万元)
    sales_wan: float | None = None    # 销售收入 (营业收入, 万元)
    value_added_wan: float | None = None   # 工业增加值 (万元), for 单位能耗增加值 and 全员劳动生产率
    energy_tce: float | None = None   # 综合能耗 (吨标准煤)
    rd_wan: float | None = None       # 研发投入 (万元)
    staff: int | None = None          # 从业人员 (年平均, 人)
    area_mu: float | None = None      # 用地面积 (亩) of an enterprise not (only) on register parcels
    safety_veto: bool = False         # 安全生产一票否决
    environment_veto: bool = False    # 环境保护一票否决
    new_firm: bool = False            # 新办企业 (exempt from the worst grade)
    note: str = ""

    @property
    def key(self) -> tuple[str, str, int]:
        """What identifies the row: (地块编号, 企业名称, 年度)."""
        return (self.parcel_id, self.enterprise, self.year)
