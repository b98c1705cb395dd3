"""A small 标准地 project for the 拍前体检 tests (EPSG:4545, real coordinates near 108°E): every constraint
layer, six parcels, each built to fail one item (or none)."""

from __future__ import annotations

import geopandas as gpd
import pyproj
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.parcels.model import ASSESSMENT_ITEMS, PREPARATION_ITEMS, Bound, ParcelRecord, Stage
from parkgis.core.project import Project
from parkgis.core.roles import Role

X, Y = 500_000.0, 4_400_000.0
CRS = 4545

PARCELS = {
    "A-01": shapely.box(X, Y, X + 100, Y + 100),                 # clean: 可以出让
    "A-02": shapely.box(X + 200, Y, X + 300, Y + 100),           # 10 m strip in the red line: 1 000 m²
    "A-03": shapely.box(X, Y + 200, X + 100, Y + 300),           # declared 10 100 m²
    "A-04": shapely.box(X + 200, Y + 200, X + 300, Y + 300),     # sold (成交)
    "A-05": shapely.box(X + 250, Y + 250, X + 350, Y + 350),     # overlaps A-04 by 50 × 50 = 2 500 m²
    "A-06": shapely.box(X + 400, Y, X + 500, Y + 100),           # 前期开发, 燃气 and 热力 not done
}
RED_LINE = shapely.box(X + 290, Y - 50, X + 400, Y + 150)
#: strict listing bounds (stricter than any table), so the indicator item passes on its own merits
BOUNDS = {"investment_intensity": Bound(minimum=5000), "floor_area_ratio": Bound(minimum=4.0),
          "tax_per_mu": Bound(minimum=500), "green_ratio": Bound(maximum=1.0), "admin_ratio": Bound(maximum=1.0),
          "building_coverage": Bound(minimum=90)}


def ellipsoidal_m2(geom) -> float:
    """椭球面积 by pyproj's geodesic polygon on CGCS2000, edges densified to 1 m (an oracle independent of
    parkgis.core.area)."""
    to_geo = pyproj.Transformer.from_crs(CRS, 4490, always_xy=True)
    dense = shapely.segmentize(geom, 1.0)
    lonlat = shapely.transform(dense, lambda xy: __import__("numpy").column_stack(to_geo.transform(xy[:, 0], xy[:, 1])))
    area, _ = pyproj.Geod(ellps="GRS80").geometry_area_perimeter(shapely.geometry.polygon.orient(lonlat, 1.0))
    return abs(area)


def _layer(name, role, geoms, **columns):
    return VectorLayer(name, gpd.GeoDataFrame(columns, geometry=list(geoms), crs=CRS), role=role)


def make_project(path) -> Project:
    p = Project(path)
    big = shapely.box(X - 2000, Y - 2000, X + 3000, Y + 3000)
    p.add_layer(_layer("三区空间", Role.ZONES, [big], SQLX=["城镇空间"]))
    p.add_layer(_layer("城镇开发边界", Role.UDB, [big], XZQMC=["测试旗"]))
    p.add_layer(_layer("园区四至", Role.PARK, [shapely.box(X - 1000, Y - 1000, X + 2000, Y + 2000)], YQMC=["测试园区"]))
    p.add_layer(_layer("生态保护红线", Role.ECO_REDLINE, [RED_LINE], HXMC=["测试红线"]))
    p.add_layer(_layer("永久基本农田", Role.FARMLAND, [shapely.box(X + 600, Y + 800, X + 700, Y + 900)],
                       BSM=["NT1"], KCXS=[0.05]))
    p.add_layer(_layer("地类图斑", Role.LANDUSE, [shapely.box(X + 800, Y + 800, X + 900, Y + 900)],
                       DLBM=["0103"], DLMC=["旱地"]))
    # 东至 as a survey gave it (A-01's is wrong: the map finds open land, A-02 100 m away) and a remark in BZ
    # (备注), which must never be read as 北至
    given_east = {"A-01": "A-02地块", "A-04": "空地"}
    p.add_layer(_layer("地块", Role.PARCELS, PARCELS.values(), DKBH=list(PARCELS), YDYH=["1001"] * len(PARCELS),
                       DKMC=[f"测试{k}地块" for k in PARCELS], 东至=[given_east.get(k, "") for k in PARCELS],
                       BZ=["已勘测"] * len(PARCELS)))
    p.save()
    p = Project.open(path)
    with p.edit_register() as reg:
        for pid, geom in PARCELS.items():
            ell = ellipsoidal_m2(geom)
            stage = {"A-04": Stage.SOLD, "A-06": Stage.PREPARATION}.get(pid, Stage.LISTED)
            prep = frozenset(PREPARATION_ITEMS) - ({"燃气", "热力"} if pid == "A-06" else set())
            reg.add_parcel(ParcelRecord(
                pid, name=f"测试{pid}地块", park="测试园区", use_code="1001", use_name="工业用地", area_m2=geom.area,
                ellipsoidal_area_m2=ell, declared_area_m2=10_100.0 if pid == "A-03" else round(ell, 2),
                stage=stage, preparation_done=prep, assessments_done=frozenset(ASSESSMENT_ITEMS), bounds=dict(BOUNDS),
                term_years=50, starting_price_wan=100))
    return Project.open(path)
