"""The Chinese of the conflict check's, the reports' and the project's messages, on errors and warnings
raised for real (not on the scanned source text)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely import LineString, Polygon, box

from parkgis.core.analysis import check_parcels, parse_ruleset, project_check_inputs
from parkgis.core.area import planar_area
from parkgis.core.commands import CommandStack, SetAttribute, coerce_value
from parkgis.core.crs import gk3_epsg, infer_crs_from_bounds, working_crs
from parkgis.core.errors import DataError, UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.messages import catalog, localize, localize_error, zh_analysis, zh_project
from parkgis.core.project import Project
from parkgis.core.report.boundary_points import boundary_point_schedule
from parkgis.core.roles import Role, guess_role, parse_role

X0, Y0 = 500_000.0, 4_400_000.0


def plot(x, y, size=100.0):
    return box(X0 + x, Y0 + y, X0 + x + size, Y0 + y + size)


def gdf(geoms, crs=4545, **cols):
    return gpd.GeoDataFrame(cols or None, geometry=list(geoms), crs=crs)


def both(exc: DataError) -> str:
    """localize_error of ``exc``, checked to agree with localizing its composed text."""
    zh = localize_error(exc)
    assert localize(str(exc)) == zh
    return zh


# ------------------------------------------------------------------------------- conflict check


def test_empty_parcels_layer():
    layer = VectorLayer("地块", gdf([]))
    with pytest.raises(DataError) as err:
        check_parcels(layer)
    assert both(err.value) == "地块（图层 地块）：地块图层为空"


def test_missing_id_field():
    with pytest.raises(DataError) as err:
        check_parcels(VectorLayer("地块", gdf([plot(0, 0)], DKBH=["A"])), id_field="ZDDM")
    assert both(err.value) == "地块：未找到编号字段 'ZDDM'；现有字段：DKBH"
    with pytest.raises(DataError) as err:          # a layer with no attribute column at all
        check_parcels(VectorLayer("地块", gdf([plot(0, 0)])), id_field="ZDDM")
    assert both(err.value) == "地块：未找到编号字段 'ZDDM'；图层没有属性字段"


def test_id_warnings():
    parcels = VectorLayer("标准地", gdf([plot(0, 0), plot(200, 0), plot(400, 0), plot(600, 0)],
                                       DKBH=["A", "A", None, "B"]))
    result = check_parcels(parcels)
    assert [localize(w) for w in result.warnings] == [
        "标准地：1 个地块的 DKBH 为空，以行号命名：#3",
        "标准地：DKBH 有重复值（A）：这些地块以 id#row（编号#行号）命名",
    ]
    result = check_parcels(VectorLayer("标准地", gdf([plot(0, 0)], MC=["x"])))
    assert [localize(w) for w in result.warnings] == [
        "标准地：未找到编号字段（已尝试 DKBH, 地块编号, BSM, id 等）：地块以行号命名（#1、#2……）"]


def test_constraint_layer_messages():
    parcels = VectorLayer("地块", gdf([plot(0, 0)], DKBH=["A"]))
    with pytest.raises(UsageError) as err:
        check_parcels(parcels, {"wetland": gdf([plot(0, 0)])})
    assert localize_error(err.value) == "未知的图层角色：wetland"
    with pytest.raises(DataError) as err:
        check_parcels(parcels, {"eco_redline": VectorLayer("红线", gdf([]))})
    assert both(err.value) == "红线（图层 红线）：生态保护红线图层为空"
    line = LineString([(X0, Y0), (X0 + 50, Y0 + 50)])
    with pytest.raises(DataError) as err:
        check_parcels(parcels, {"farmland": VectorLayer("基本农田", gdf([line]))})
    assert both(err.value) == "基本农田（图层 基本农田）：要素 1：永久基本农田图层必须为面要素，实际为 LineString"
    eco = VectorLayer("红线", gdf([plot(50, 0), None]))
    result = check_parcels(parcels, {"eco_redline": eco})
    assert [localize(w) for w in result.warnings] == ["红线：1 个要素没有几何图形，已略去"]
    farmland = VectorLayer("基本农田", gdf([plot(50, 0), plot(150, 0)], KCXS=[0.1, 250.0]))
    rs = parse_ruleset({"rules": {"farmland": {"deduction_field": "KCXS"}}})
    with pytest.raises(DataError) as err:
        check_parcels(parcels, {"farmland": farmland}, rs)
    assert both(err.value) == ("基本农田（图层 基本农田）：要素 2：KCXS = 250.0 不是有效的扣除系数"
                               "（应为 0–1 的小数，或 0–100 的百分数）")


def test_zone_and_use_code_warnings():
    parcels = VectorLayer("地块", gdf([plot(0, 0), plot(200, 0)], DKBH=["A", "B"], YDYH=["1001", None]))
    zones = VectorLayer("三区", gdf([plot(-100, -100, 500), plot(1000, 0)], SQLX=["城镇空间", "湖泊"]))
    bowtie = Polygon([(X0, Y0), (X0 + 100, Y0 + 100), (X0 + 100, Y0), (X0, Y0 + 100)])
    result = check_parcels(parcels, {"zones": zones, "eco_redline": VectorLayer("红线", gdf([bowtie]))})
    assert [localize(w) for w in result.warnings] == [
        "三区：1 个三区要素的 SQLX 取值无法识别（湖泊），未参与规则 use_zone"
        "（已知三区类型：城镇空间, 农业空间, 生态空间；可在规则集的 zone_values 中补充写法）",
        "红线（生态保护红线）：1 个无效要素已修复后参与审查",
        "地块：1 个地块的 YDYH 未填写用地用海代码（B）：未对其审查规则 use_zone",
    ]


def test_unknown_and_empty_zone_types_are_both_named():
    parcels = VectorLayer("地块", gdf([plot(0, 0)], DKBH=["A"], YDYH=["1001"]))
    zones = VectorLayer("三区", gdf([plot(-100, -100, 500), plot(1000, 0), plot(2000, 0)],
                                  SQLX=["城镇空间", "湖泊", None]))
    result = check_parcels(parcels, {"zones": zones})
    assert result.warnings[0] == ("三区: 2 zone feature(s) with unknown SQLX value(s) 湖泊 or an empty SQLX left out "
                                  "of rule use_zone (known zone types: 城镇空间, 农业空间, 生态空间; add spellings "
                                  "under zone_values in the rule set)")
    assert localize(result.warnings[0]) == ("三区：2 个三区要素的 SQLX 取值无法识别（湖泊）或为空，未参与规则 use_zone"
                                            "（已知三区类型：城镇空间, 农业空间, 生态空间；可在规则集的 zone_values 中补充写法）")


def test_parcels_out_of_china_and_without_polygons():
    with pytest.raises(DataError) as err:
        check_parcels(VectorLayer("地块", gdf([box(10, 50, 10.01, 50.01)], crs=4490)))
    assert both(err.value) == ("地块（图层 地块）：地块位于经度 10.005°（China Geodetic Coordinate System 2000），"
                               "超出中国 CGCS2000 高斯-克吕格投影带范围（73°E–136°E）：请检查坐标系，或指定正确的坐标系")
    line = LineString([(X0, Y0), (X0 + 50, Y0 + 50)])
    with pytest.raises(DataError) as err:
        check_parcels(VectorLayer("地块", gdf([line], DKBH=["A"])))
    assert both(err.value) == "地块（图层 地块）：地块图层中没有面要素（LineString）"


def test_rule_set_errors():
    with pytest.raises(DataError) as err:
        parse_ruleset({"rules": {"wetland": {"kind": "overlap", "layer": "wetland", "severity": "prohibited"}}},
                      source="my.toml")
    assert both(err.value) == ("my.toml：规则 wetland：未知的图层角色 'wetland'；"
                               "可选：park, udb, eco_redline, farmland, zones, landuse, reference")
    with pytest.raises(DataError) as err:
        parse_ruleset({"rules": {"eco_redline": {"severity": "fatal"}}})
    assert both(err.value) == ("<rule set>：规则 eco_redline：severity 必须是 prohibited, constrained 之一，"
                               "而不是 'fatal'")
    with pytest.raises(DataError) as err:
        parse_ruleset({"rules": {"eco_redline": {"where": {"field": "DLBM"}}}})
    assert both(err.value) == ("<rule set>：规则 eco_redline：where 须有 field，"
                               "以及列表 prefix = [...] 或 values = [...]")
    with pytest.raises(DataError) as err:
        parse_ruleset({"rules": {"farmland": {"where": "DLBM"}}})
    assert both(err.value) == ("<rule set>：规则 farmland：where 必须是表 { field = ..., prefix = [...] }，"
                               "且只用于图层规则")
    with pytest.raises(DataError) as err:
        parse_ruleset({"rules": {"use_zone": {"kind": "use_zone_matrix", "severity": "prohibited"}}})
    assert both(err.value) == ("<rule set>：规则 use_zone：use_zone_matrix 规则不支持键 severity"
                               "（严重程度由 matrix 各单元格确定）；允许的键：basis, enabled, kind, label, layer, "
                               "matrix, use_field, zone_field, zone_values")


def test_project_without_parcels(tmp_path):
    project = Project.create(tmp_path / "园区.gpkg")
    project.add_layer(VectorLayer("红线", gdf([plot(0, 0)]), role=Role.ECO_REDLINE))
    with pytest.raises(DataError) as err:
        project_check_inputs(project)
    assert both(err.value) == f"{tmp_path / '园区.gpkg'}：项目中没有地块（地块/标准地）图层：请将一个图层的角色设为地块"


# ------------------------------------------------------------------------------- 界址点成果表


def test_boundary_point_messages():
    with pytest.raises(UsageError) as err:
        boundary_point_schedule(gdf([plot(0, 0)]), precision=5)
    assert localize_error(err.value) == "精度必须是 0 到 1 之间以米计的步长，如 0.001；不能为 5"
    with pytest.raises(DataError) as err:
        boundary_point_schedule(gdf([plot(0, 0)], DKBH=["A"]), name_field="DKMC")
    assert both(err.value) == "parcels：未找到名称字段 'DKMC'；现有字段：DKBH"
    schedule = boundary_point_schedule(gdf([plot(0, 0), None]))
    assert [localize(w) for w in schedule.warnings] == [
        "parcels：没有编号字段（DKBH、地块编号、BSM、id 等）：地块以行号命名",
        "parcels：地块 #2 没有几何图形：已略去",
    ]


# ------------------------------------------------------------------------------- project, commands


def test_project_errors(tmp_path):
    missing = tmp_path / "无此项目.gpkg"
    with pytest.raises(DataError) as err:
        Project.open(missing)
    assert both(err.value) == f"{missing}：文件不存在"
    (tmp_path / "空.gpkg").write_bytes(b"")
    with pytest.raises(DataError) as err:
        Project.open(tmp_path / "空.gpkg")
    assert both(err.value) == f"{tmp_path / '空.gpkg'}：不是项目文件（空文件或文件夹）"
    project = Project.create(tmp_path / "园区.gpkg")
    with pytest.raises(UsageError) as err:
        Project.create(tmp_path / "园区.gpkg")
    assert localize_error(err.value) == f"{tmp_path / '园区.gpkg'} 已存在：请打开它，或另选文件名"
    with pytest.raises(UsageError) as err:
        project.layer("地块")
    assert localize_error(err.value) == "项目中没有名为 '地块' 的图层；项目中还没有图层"
    project.add_layer(VectorLayer("红线", gdf([plot(0, 0)]), role=Role.ECO_REDLINE))
    with pytest.raises(UsageError) as err:
        project.layer("地块")
    assert localize_error(err.value) == "项目中没有名为 '地块' 的图层；现有图层：红线"
    with pytest.raises(UsageError) as err:
        Project().save()
    assert localize_error(err.value) == "项目尚未保存为文件：请指定路径（另存为）"


def test_layer_warnings_and_role_reasons(tmp_path):
    project = Project.create(tmp_path / "园区.gpkg")
    project.add_layer(VectorLayer("地块", gdf([plot(0, 0)]), role=Role.PARCELS))
    udb = project.add_layer(VectorLayer("开发边界", gdf([box(108.0, 39.7, 108.01, 39.71)], crs=4490), role=Role.UDB))
    assert [localize(w) for w in udb.warnings] == ["已从 EPSG:4490 重投影到项目坐标系 EPSG:4545"]
    bare = project.add_layer(VectorLayer("无坐标", gdf([plot(0, 0)], crs=None)))
    assert [localize(w) for w in bare.warnings] == ["无坐标系：按原样保留，未重投影；分析前请指定坐标系"]
    project.set_role("无坐标", "park")
    assert localize(project.layer("无坐标").role_reason) == "由用户指定"
    project.save()
    assert localize(Project.open(project.path).layers[0].role_reason) == "保存在项目中"
    assert localize(guess_role("STBHHX_2023.shp").reason) == "名称匹配 STBHHX / 生态保护红线"
    assert localize(guess_role("random.shp").reason) == "名称中没有可识别图层角色的关键词"


def test_edit_commands():
    layer = VectorLayer("地块", gdf([plot(0, 0)], RJL=[1.2], N=np.array([3], dtype="int64")), locked=True)
    with pytest.raises(UsageError) as err:
        SetAttribute(layer, 0, "RJL", 2.0)
    assert localize_error(err.value) == ("图层 地块 已锁定（只读）：如需编辑，请在图层面板中右键该图层，取消勾选“锁定（只读）”；"
                                         "脚本中可调用 project.set_locked(name, False)")
    layer.locked = False
    with pytest.raises(UsageError) as err:
        SetAttribute(layer, 0, "容积率", 2.0)
    assert localize_error(err.value) == "图层 地块 没有属性字段 '容积率'"
    with pytest.raises(UsageError) as err:
        coerce_value(layer.gdf["RJL"], "abc")
    assert localize_error(err.value) == "'abc' 不是字段 RJL 的有效值（float64）"
    with pytest.raises(UsageError) as err:
        coerce_value(layer.gdf["N"], "")
    assert localize_error(err.value) == "字段 N 为整数类型，不能为空"
    for step, chinese in ((CommandStack().undo, "没有可撤销的操作"), (CommandStack().redo, "没有可重做的操作")):
        with pytest.raises(UsageError) as err:
            step()
        assert localize_error(err.value) == chinese


def test_crs_reasons():
    assert localize(infer_crs_from_bounds(37_480_000, 4_300_000, 37_520_000, 4_320_000).reason) == \
        "东坐标带有带号前缀 37：按 CGCS2000 高斯-克吕格 3° 带第 37 带（EPSG:4525）处理"
    assert localize(infer_crs_from_bounds(4_300_000, 37_480_000, 4_320_000, 37_520_000).reason) == \
        "X、Y 坐标互换（X 存的是东坐标）；东坐标带有带号前缀 37：按 CGCS2000 高斯-克吕格 3° 带第 37 带（EPSG:4525）处理"


def test_value_errors_callers_show():
    for call, chinese in (
            (lambda: parse_role("wetland"), "未知的图层角色 'wetland'；可选：park (园区四至), udb (城镇开发边界), "
                                            "eco_redline (生态保护红线), farmland (永久基本农田), zones (三区空间), "
                                            "parcels (地块/标准地), landuse (地类图斑), reference (参考图层)"),
            (lambda: gk3_epsg(50), "CGCS2000 3° 带第 50 带不在中国范围内（25–45）"),
            (lambda: working_crs(4490), "须有经度才能确定高斯-克吕格投影带"),
            (lambda: planar_area([plot(0, 0)], 4490), "平面面积须在高斯-克吕格投影坐标系中计算，"
                                                       "而不是 China Geodetic Coordinate System 2000")):
        with pytest.raises(ValueError) as err:
            call()
        assert localize(str(err.value)) == chinese


# ------------------------------------------------------------------------------- the catalogs


@pytest.mark.parametrize("module", [zh_analysis, zh_project])
def test_catalog_entries_are_reachable(module):
    """No entry of these catalogs is shadowed by one before it that matches its English too."""
    entries = catalog()
    for english, _ in module.MESSAGES:
        sample = english.format_map(_Names())
        first = next(e for e in entries if e.pattern.fullmatch(sample))
        assert first.english == english


class _Names(dict):
    """Fills each placeholder with a value no literal text holds."""

    def __missing__(self, key):
        return f"⟦{key}⟧"


def test_the_chinese_reports_carry_the_warnings_in_chinese(tmp_path):
    from openpyxl import load_workbook

    from parkgis.core.report.check_report import render_html, write_xlsx

    result = check_parcels(VectorLayer("地块", gdf([plot(0, 0)], NAME=["甲"])))
    warning = "地块：未找到编号字段（已尝试 DKBH, 地块编号, BSM, id 等）：地块以行号命名（#1、#2……）"
    assert [localize(w) for w in result.warnings] == [warning]
    assert f"<li>{warning}</li>" in render_html(result)
    write_xlsx(result, tmp_path / "r.xlsx")
    assert ["提示", warning] in [[c for c in row if c is not None]
                                for row in load_workbook(tmp_path / "r.xlsx")["汇总"].iter_rows(values_only=True)]
