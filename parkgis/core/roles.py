"""Layer roles and their detection from file/layer names and standard codes.

A role says what a layer *means* to the conflict check. Detection is a suggestion: the user can
always override it, and constraint layers are locked (read-only) by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PARK = "park"                # 园区四至范围
    UDB = "udb"                  # 城镇开发边界
    ECO_REDLINE = "eco_redline"  # 生态保护红线
    FARMLAND = "farmland"        # 永久基本农田
    ZONES = "zones"              # 三区：城镇/农业/生态空间
    PARCELS = "parcels"          # 地块 / 标准地
    LANDUSE = "landuse"          # 地类图斑 (DLTB) / 用地现状
    REFERENCE = "reference"      # anything else


ROLE_LABELS_ZH = {
    Role.PARK: "园区四至",
    Role.UDB: "城镇开发边界",
    Role.ECO_REDLINE: "生态保护红线",
    Role.FARMLAND: "永久基本农田",
    Role.ZONES: "三区空间",
    Role.PARCELS: "地块/标准地",
    Role.LANDUSE: "地类图斑",
    Role.REFERENCE: "参考图层",
}

#: Roles whose layers are locked (read-only) when added to a project.
CONSTRAINT_ROLES = frozenset({Role.PARK, Role.UDB, Role.ECO_REDLINE, Role.FARMLAND, Role.ZONES, Role.LANDUSE})


@dataclass(frozen=True)
class RoleGuess:
    role: Role
    reason: str


# Ordered: the first pattern that matches wins. Standard codes come from the 国土空间规划
# 数据库标准 (CZKFBJ, STBHHX, YJJBNTBHTB/YJJBNT, DLTB, SQFW ...); Chinese names as planners write them.
_RULES: list[tuple[Role, str, re.Pattern[str]]] = [
    (Role.ECO_REDLINE, "STBHHX / 生态保护红线",
     re.compile(r"STBHHX|生态保护红线|生态红线|eco[_ ]?red|redline", re.I)),
    (Role.FARMLAND, "YJJBNT / 永久基本农田",
     re.compile(r"YJJBNT|永久基本农田|基本农田|JBNT|farmland", re.I)),
    (Role.UDB, "CZKFBJ / 城镇开发边界",
     re.compile(r"CZKFBJ|城镇开发边界|开发边界|\budb\b|urban[_ ]?dev", re.I)),
    (Role.ZONES, "三区 (城镇/农业/生态空间)",
     re.compile(r"三区|SQFW|城镇空间|农业空间|生态空间|\bzones?\b", re.I)),
    (Role.LANDUSE, "DLTB / 地类图斑",
     re.compile(r"DLTB|地类图斑|土地利用现状|三调|land[_ ]?use", re.I)),
    (Role.PARCELS, "地块 / 标准地 / 宗地",
     re.compile(r"标准地|地块|宗地|出让|供地|DKFW|ZD\b|parcels?|plots?", re.I)),
    (Role.PARK, "园区 / 开发区 / 四至",
     re.compile(r"园区|开发区|产业园|四至|高新区|YQFW|\bparks?\b", re.I)),
]


def guess_role(*names: str | None) -> RoleGuess:
    """Guess a layer's role from its file name, layer name and field names.

    >>> guess_role("STBHHX_2023.shp").role
    <Role.ECO_REDLINE: 'eco_redline'>
    >>> guess_role("鄂尔多斯市城镇开发边界.gpkg", "layer1").role
    <Role.UDB: 'udb'>
    >>> guess_role("random.shp").role
    <Role.REFERENCE: 'reference'>
    """
    text = " ".join(n for n in names if n)
    # "_" counts as a word character in regex \b; make names like "eco_redline" and "parks_2024" match
    text = text.replace("_", " ").replace("-", " ") + " " + text
    for role, reason, pattern in _RULES:
        if pattern.search(text):
            return RoleGuess(role, f"name matches {reason}")
    return RoleGuess(Role.REFERENCE, "no role pattern in the name")


def parse_role(value: str) -> Role:
    """Role from its code or its Chinese label; raises ValueError naming the valid choices."""
    value = value.strip()
    for role in Role:
        if value.lower() == role.value or value == ROLE_LABELS_ZH[role]:
            return role
    choices = ", ".join(f"{r.value} ({ROLE_LABELS_ZH[r]})" for r in Role)
    raise ValueError(f"unknown role {value!r}; choose one of {choices}")
