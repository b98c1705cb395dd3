"""A small project full of hostile names, with known conflicts, for the web map tests (imported
by name: tests/webmap is on sys.path; not in conftest.py, which another test folder's conftest
module can shadow)."""

from __future__ import annotations

import geopandas as gpd
import shapely.affinity
from shapely import box

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

X0, Y0 = 500_000.0, 4_400_000.0  # EPSG:4545 (CGCS2000 / 3° GK CM 108°E): near 108°E 39.7°N

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
FIELD = "<b onmouseover=alert(3)>备注"
LAYER = "<svg onload=alert(4)>地块"
TITLE = "<script>alert(5)</script>园区 & 规划"
ECO_NAME = "红线<iframe src=javascript:alert(6)>"


def t(g):
    return shapely.affinity.translate(g, X0, Y0)


def hostile_project() -> Project:
    """Four parcels (EPSG:4545) against 红线, 基本农田, 开发边界 and a park; hostile names everywhere.

    A-01 compliant; A-02 (named IMG) 5 000 m² in the red line → prohibited; A-03 (named SCRIPT)
    outside the park → constrained; A-04 5 000 m² in farmland with KCXS 0.1 → prohibited, net 4 500 m².
    """
    project = Project()
    parcels = gpd.GeoDataFrame(
        {"DKBH": ["A-01", "A-02", "A-03", "A-04"],
         "DKMC": ["标准地一号", IMG, SCRIPT, "四号"],
         "YDYH": ["1001", "0901", "1101", None],
         "SMZQJD": ["储备", "挂牌", None, "投产"],
         "RJL": [1.2, None, None, 0.8],
         FIELD: ["<i>x</i>", None, "a&b", None]},
        geometry=[t(box(0, 0, 100, 100)), t(box(100, 0, 200, 100)), t(box(0, 200, 100, 300)),
                  t(box(300, 0, 400, 100))], crs=4545)
    layers = [
        (ECO_NAME, Role.ECO_REDLINE, gpd.GeoDataFrame({"HXMC": [ECO_NAME]}, geometry=[t(box(150, 0, 300, 100))],
                                                      crs=4545)),
        ("永久基本农田", Role.FARMLAND, gpd.GeoDataFrame({"TBBH": ["F1"], "KCXS": [0.1]},
                                                      geometry=[t(box(350, 0, 450, 100))], crs=4545)),
        ("城镇开发边界", Role.UDB, gpd.GeoDataFrame({"XZQMC": ["示例旗"]},
                                                geometry=[t(box(-1000, -1000, 1000, 1000))], crs=4545)),
        ("园区四至", Role.PARK, gpd.GeoDataFrame({"YQMC": ["示例园区"]}, geometry=[t(box(0, 0, 400, 100))], crs=4545)),
        (LAYER, Role.PARCELS, parcels),
    ]
    for name, role, gdf in layers:
        project.add_layer(VectorLayer(name=name, gdf=gdf, role=role))
    project.settings["name"] = "示例工程"
    return project
