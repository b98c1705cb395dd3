"""拍前体检 (parkgis.core.parcels.precheck): the items and verdicts of known parcels.

Expected values are derived by hand: the sample's B4-01 from its data (layers/README.md, DESIGN §5: inside
the 准格尔 park and its UDB, no red line or farmland, 挂牌, 七通一平 and the eight assessments done, declared
70 256.33 m² against a 椭球 area of 70 256.26 m², the listing's 134 / 0.65 / 3 万元/亩 equal to the park
table), the small project's from its coordinates (tests/precheck_fixture.py)."""

from __future__ import annotations

import pytest
from precheck_fixture import PARCELS, ellipsoidal_m2, make_project

from parkgis.core.analysis.engine import ConflictIndex
from parkgis.core.errors import DataError
from parkgis.core.parcels.precheck import Prechecker, PrecheckSettings, precheck_project, results_json
from parkgis.core.resources import sample_project_path

RULES = ("eco_redline", "farmland", "outside_udb", "outside_park", "parcel_overlap", "invalid_geometry",
         "cultivated_land", "use_zone")
OTHER = ("sold_overlap", "indicators", "net_land", "area", "stage", "idle")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("precheck") / "测试园区.gpkg")
    return Prechecker(project)


@pytest.fixture(scope="module")
def sample():
    path = sample_project_path()
    if path is None:
        pytest.skip("no sample project")
    checker, results = precheck_project(path, ["ZGE-B4-01"])
    return checker, results[0]


def test_b4_01_items_and_verdict(sample):
    _checker, r = sample
    assert [i.code for i in r.items] == [*RULES, *OTHER]
    status = {i.code: i.status for i in r.items}
    assert status == {**dict.fromkeys(RULES, "pass"), "cultivated_land": "unknown", **dict.fromkeys(OTHER, "pass")}
    # the sample has no 地类图斑 layer: ordinary farmland cannot be checked, so the parcel needs more data
    assert r.verdict == "需补充"
    assert r.missing == ["占用耕地（一般耕地）：无法审查：未提供地类图斑图层"]
    for code in RULES[:6] + ("use_zone",):
        assert r.item(code).figures["area_m2"] == 0.0
    area = r.item("area").figures
    assert area["basis"] == "ellipsoidal"
    assert area["declared_m2"] == 70256.33 and area["computed_m2"] == 70256.26
    assert area["difference_m2"] == -0.07
    assert round(r.area_m2, 2) == 70256.33 and round(r.area_m2 / (10000 / 15), 4) == 105.3845
    ind = {row["code"]: row for row in r.item("indicators").figures["indicators"]}
    assert ind["investment_intensity"]["listing_min"] == 134.0
    assert ind["floor_area_ratio"]["listing_min"] == 0.65
    assert ind["tax_per_mu"]["listing_min"] == 3.0
    assert r.item("indicators").figures["table"] == "park-zhungeer"
    assert r.item("stage").reason == "已公告挂牌"
    assert r.sizhi["东至"].text == "ZGE-B4-02地块"


def test_b4_01_json_shape(sample):
    checker, r = sample
    data = results_json(checker, [r])
    entry = data["parcels"][0]
    assert set(entry) >= {"id", "verdict", "items", "sizhi"}
    assert entry["verdict"] == "需补充"
    assert set(entry["sizhi"]) == {"东至", "西至", "南至", "北至"}
    assert all(set(i) >= {"code", "status", "reason", "figures"} for i in entry["items"])
    assert data["summary"] == {"parcels": 1, "可以出让": 0, "不可出让": 0, "需补充": 1}


def test_one_parcel_uses_the_per_parcel_path(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p.gpkg")

    def no_bulk(self, *a, **k):
        raise AssertionError("the bulk check ran to judge one parcel")

    monkeypatch.setattr(ConflictIndex, "run", no_bulk)
    assert Prechecker(project).check("A-01").verdict == "可以出让"


def test_clean_parcel_can_be_sold(small):
    r = small.check("A-01")
    assert r.verdict == "可以出让"
    assert {i.status for i in r.items} == {"pass"}
    assert r.missing == []


def test_red_line_fails_with_the_overlap_area(small):
    r = small.check("A-02")
    item = r.item("eco_redline")
    assert item.status == "fail"
    assert item.figures["area_m2"] == 1000.0          # the 10 m strip x = 500 290 … 500 300 over 100 m
    assert item.figures["area_mu"] == 1.5
    assert item.figures["share"] == 0.1
    assert item.geometry is not None and round(item.geometry.area, 6) == 1000.0
    assert r.verdict == "不可出让"
    assert [i.code for i in r.failed] == ["eco_redline"]


def test_declared_area_off_fails_with_both_figures(small):
    r = small.check("A-03")
    item = r.item("area")
    computed = round(ellipsoidal_m2(PARCELS["A-03"]), 2)
    assert item.status == "fail"
    assert item.figures["declared_m2"] == 10100.0
    assert item.figures["computed_m2"] == computed
    assert "10100.00" in item.reason and f"{computed:.2f}" in item.reason
    assert r.verdict == "不可出让"


def test_area_tolerance_is_a_setting(tmp_path):
    project = make_project(tmp_path / "p.gpkg")
    # 100 m² off on 10 000 m²: a share of 0.0100; passes at 1.01 %, fails at 0.99 %
    assert Prechecker(project, settings=PrecheckSettings(area_tolerance=0.0101)).check("A-03").item("area").status == "pass"
    assert Prechecker(project, settings=PrecheckSettings(area_tolerance=0.0099)).check("A-03").item("area").status == "fail"
    planar = Prechecker(project, settings=PrecheckSettings(area_basis="planar")).check("A-01").item("area")
    assert planar.figures["basis"] == "planar" and planar.figures["computed_m2"] == 10000.0


def test_overlap_with_a_sold_parcel(small):
    r = small.check("A-05")
    sold = r.item("sold_overlap")
    assert sold.status == "fail"
    assert sold.figures["area_m2"] == 2500.0
    assert sold.figures["with"] == [{"id": "A-04", "stage": "成交", "area_m2": 2500.0, "area_mu": 3.75, "area_ha": 0.25}]
    assert r.item("parcel_overlap").status == "fail"


def test_stage_and_net_land(small):
    r = small.check("A-06")
    assert r.item("stage").status == "fail"
    net = r.item("net_land")
    assert net.status == "fail" and net.figures["preparation_missing"] == ["燃气", "热力"]
    assert small.check("A-04").item("stage").status == "fail"        # sold already


def test_listed_ids_and_unknown_parcel(small):
    assert small.listed_ids() == ["A-01", "A-02", "A-03", "A-05"]
    with pytest.raises(DataError, match="no parcel with 地块编号 Z-99"):
        small.check("Z-99")


def test_listing_laxer_than_the_table_fails(tmp_path):
    from parkgis.core.parcels.model import Bound

    project = make_project(tmp_path / "p.gpkg")
    with project.edit_register() as reg:
        reg.set("A-01", bounds={**reg.get("A-01").bounds, "green_ratio": Bound(maximum=25.0)})
    item = Prechecker(project).check("A-01").item("indicators")
    assert item.status == "fail"
    assert "绿地率 出让条件上限 25 高于标准 20" in item.reason


def test_missing_binding_indicator_needs_more(tmp_path):
    project = make_project(tmp_path / "p.gpkg")
    from parkgis.core.parcels.model import Bound

    with project.edit_register() as reg:
        reg.set("A-01", bounds={"tax_per_mu": Bound()})       # the bound cleared
    r = Prechecker(project).check("A-01")
    assert r.item("indicators").status == "unknown"
    assert r.verdict == "需补充"
    assert r.missing == ["控制指标（完整且符合适用标准）：出让条件缺少控制指标：亩均税收"]


def test_given_sizhi_compared_and_bz_is_a_remark(small):
    r = small.check("A-01")
    assert r.sizhi["东至"].text == "空地，距A-02地块 100.00 m"
    assert r.sizhi_given == {"东至": {"given": "A-02地块", "computed": "空地，距A-02地块 100.00 m", "agrees": False}}
    assert "北至" not in r.sizhi_given                    # BZ = 已勘测 is 备注, not the northern neighbour
    assert small.check("A-04").sizhi_given["东至"]["agrees"] is True


def test_idle_land_on_the_same_ground_fails(tmp_path):
    from parkgis.core.parcels.model import Stage
    from parkgis.core.parcels.register import load_register

    project = make_project(tmp_path / "p.gpkg")
    register = load_register(project)
    register.get("A-04").stage = Stage.IDLE               # the sold lot under A-05 was determined 闲置
    r = Prechecker(project, register=register).check("A-05")
    idle = r.item("idle")
    assert idle.status == "fail" and idle.figures["idle_parcels"] == ["A-04"]
    assert r.item("sold_overlap").status == "fail"          # 闲置 land is sold land
    assert Prechecker(project, register=register).check("A-01").item("idle").status == "pass"


def test_no_declared_area_needs_more(tmp_path):
    from parkgis.core.parcels.register import load_register

    project = make_project(tmp_path / "p.gpkg")
    register = load_register(project)
    register.get("A-01").declared_area_m2 = None
    r = Prechecker(project, register=register).check("A-01")
    assert r.item("area").status == "unknown" and r.verdict == "需补充"
    assert r.missing == ["申报面积与计算面积一致：台账中无申报面积（勘测定界面积）"]
