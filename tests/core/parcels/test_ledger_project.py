"""The 台账 against a real project (parkgis.core.parcels.ledger_io): the lifecycle of imported events checked at
their row, the parcel layer's numbers, one commit."""

from __future__ import annotations

import geopandas as gpd
import openpyxl
import pytest
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.parcels.ledger import Problem
from parkgis.core.parcels.ledger_io import apply_import, layer_parcels, plan_project_import
from parkgis.core.parcels.model import ParcelRecord, Stage
from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project
from parkgis.core.roles import Role


def parcel_layer_project(path):
    """A project with a parcel layer of three plots in 3° zone 36 (EPSG:4545, CM 108°E), keyed by DKBH."""
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": ["ZGE-B4-01", "ZGE-B4-02", "ZGE-B4-03"], "DKMC": ["B4-01", "B4-02", "B4-03"]},
                           geometry=[shapely.box(500_000 + 200 * k, 4_400_000, 500_100 + 200 * k, 4_400_100)
                                     for k in range(3)], crs=4545)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    return Project.open(path)


def _events(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事件表"
    ws.append(["地块编号", "阶段", "日期", "记录人"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def project(tmp_path):
    project = parcel_layer_project(tmp_path / "园区.gpkg")
    with project.edit_register() as reg:
        reg.add_parcel(ParcelRecord("ZGE-B4-01", stage=Stage.LISTED, layer_id=project.layer("地块").id, fid=1))
        reg.record_event("ZGE-B4-01", "成交", "2025-06-10", by="张三")
        reg.record_event("ZGE-B4-01", "出让合同", "2025-06-20", by="张三")
    return Project.open(project.path)


def test_the_parcel_layer_gives_the_numbers_a_ledger_may_register(project):
    links, bases, warnings = layer_parcels(project)
    layer_id = project.layer("地块").id
    assert links == {"ZGE-B4-01": (layer_id, 1), "ZGE-B4-02": (layer_id, 2), "ZGE-B4-03": (layer_id, 3)}
    assert bases["ZGE-B4-02"].area_m2 == pytest.approx(10_000.0, abs=0.01) and bases["ZGE-B4-02"].name == "B4-02"
    assert warnings == []


def test_an_illegal_transition_is_a_problem_at_the_event_row(project, tmp_path):
    path = _events(tmp_path / "e.xlsx", [["ZGE-B4-01", "交地", "2025-07-01", "李四"],
                                         ["ZGE-B4-01", "投产", "2025-08-01", "李四"]])   # 交地 → 投产: no
    planned = plan_project_import(project, path)
    assert planned.plan.problems == [Problem(
        "事件表", 3, "阶段", "parcel ZGE-B4-01: cannot go from 交地 to 投产: 投产 may only follow 竣工; after 交地 comes "
                          "开工、闲置")]


def test_a_new_parcel_s_history_is_checked_whole(project, tmp_path):
    path = _events(tmp_path / "e.xlsx", [["ZGE-B4-02", "成交", "2025-06-10", ""],
                                         ["ZGE-B4-02", "出让合同", "2025-06-20", ""],
                                         ["ZGE-B4-02", "开工", "2025-09-01", ""]])
    planned = plan_project_import(project, path)
    assert planned.plan.problems == [Problem(
        "事件表", 4, "阶段", "parcel ZGE-B4-02: cannot go from 出让合同 to 开工: 开工 may only follow 交地、闲置; after 出让合同 "
                          "comes 交地、闲置")]


def test_an_event_before_the_last_recorded_one_is_listed_once(project, tmp_path):
    path = _events(tmp_path / "e.xlsx", [["ZGE-B4-01", "交地", "2025-06-15", "李四"]])   # before 出让合同 06-20
    problems = plan_project_import(project, path).plan.problems
    assert problems == [Problem("事件表", 2, "日期", "交地 on 2025-06-15 lies before 出让合同 (出让合同 2025-06-20)")]


def test_a_clean_plan_applied_is_one_commit(project, tmp_path):
    path = _events(tmp_path / "e.xlsx", [["ZGE-B4-01", "交地", "2025-07-01", "李四"],
                                         ["ZGE-B4-01", "开工", "2026-03-15", "李四"],
                                         ["ZGE-B4-03", "挂牌", "2026-10-01", "管委会"]])
    planned = plan_project_import(project, path)
    assert planned.plan.ok
    result = apply_import(project, planned)
    assert (result.added, result.changed, result.events) == (["ZGE-B4-03"], ["ZGE-B4-01"], 3)
    register = load_register(project.path)
    assert register.get("ZGE-B4-01").stage is Stage.STARTED
    assert register.get("ZGE-B4-01").actual_start.isoformat() == "2026-03-15"
    assert register.get("ZGE-B4-03").stage is Stage.LISTED and register.get("ZGE-B4-03").fid == 3


def test_a_failure_half_way_through_writes_nothing(project, tmp_path, monkeypatch):
    from parkgis.core.parcels.register import RegisterSession

    path = _events(tmp_path / "e.xlsx", [["ZGE-B4-01", "交地", "2025-07-01", "李四"],
                                         ["ZGE-B4-01", "开工", "2026-03-15", "李四"],
                                         ["ZGE-B4-03", "挂牌", "2026-10-01", "管委会"]])
    planned = plan_project_import(project, path)
    assert planned.plan.ok
    data = project.path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())
    calls = []
    original = RegisterSession.record_event

    def failing(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RegisterSession, "record_event", failing)
    with pytest.raises(OSError):
        apply_import(project, planned)
    assert project.path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == files          # no journal left beside the project
    assert not project.undo_stack.can_undo                            # the rolled-back steps are gone
    assert load_register(project.path).get("ZGE-B4-03") is None


def test_the_figures_and_the_register_are_one_transaction(project, tmp_path, monkeypatch):
    import sqlite3

    from parkgis.core.parcels import figures

    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "登记表"
    ws.append(["地块编号", "成交价（万元）"])
    ws.append(["ZGE-B4-01", 629])
    fig = wb.create_sheet("年度数据")
    fig.append(["地块编号", "年度", "税收（万元）"])
    fig.append(["ZGE-B4-01", 2025, 320])
    wb.save(path)
    planned = plan_project_import(project, path)
    assert planned.plan.ok and len(planned.plan.figures) == 1 and planned.plan.changes
    data = project.path.read_bytes()

    def broken(_figures):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(figures, "figures_to_row", broken)
    with pytest.raises(Exception, match="disk I/O error"):
        apply_import(project, planned)
    assert project.path.read_bytes() == data
    assert load_register(project.path).get("ZGE-B4-01").land_price_wan is None
