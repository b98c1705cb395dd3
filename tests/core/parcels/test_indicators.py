"""A parcel's figures against its bounds: the B4-01 Known answers and the edges of ≥ / ≤ / range."""

from __future__ import annotations

import pytest

from parkgis.core.parcels.indicators import check_parcel, check_parcels, indicator_value
from parkgis.core.parcels.model import Bound, ParcelRecord
from parkgis.core.parcels.thresholds import load_tables

B4_01_M2 = 70256.33


def b4_01(**fields) -> ParcelRecord:
    return ParcelRecord("ZGE-B4-01", name="准格尔经济开发区B4-01地块", park="准格尔经济开发区", use_code="1001",
                        area_m2=B4_01_M2, land_price_wan=629, **fields)


def test_b4_01_area_in_mu():
    assert b4_01().area_mu == pytest.approx(105.3845, abs=5e-5)


def test_investment_of_14000_fails_134_and_the_required_total():
    check = check_parcel(b4_01(committed_investment_wan=14000))
    assert check.table == "park-zhungeer"
    r = check.result("investment_intensity")
    assert r.passed is False
    assert r.threshold == 134 and r.direction == ">=" and r.unit == "万元/亩"
    assert r.value == pytest.approx(14000 / 105.3845, rel=1e-6)
    assert r.required_total == pytest.approx(14121.5, abs=0.05)       # 134 × 105.3845
    assert r.required_total_unit == "万元"
    assert check.passed is False and check.failed == [r]
    # exactly the required total passes; one 万元 less fails
    assert check_parcel(b4_01(committed_investment_wan=134 * B4_01_M2 / (10000 / 15))) \
        .result("investment_intensity").passed is True
    assert check_parcel(b4_01(committed_investment_wan=14121.5 - 1)).result("investment_intensity").passed is False


def test_tax_of_320_passes_3_per_mu():
    r = check_parcel(b4_01(annual_tax_wan=320)).result("tax_per_mu")
    assert r.passed is True
    assert r.value == pytest.approx(320 / 105.3845, rel=1e-6)
    assert r.required_total == pytest.approx(316.15, abs=0.01)
    assert check_parcel(b4_01(annual_tax_wan=316)).result("tax_per_mu").passed is False


def test_without_a_value_passed_is_none():
    check = check_parcel(b4_01())
    assert check.result("investment_intensity").passed is None
    assert check.result("investment_intensity").required_total == pytest.approx(14121.5, abs=0.05)
    assert check.passed is None


def test_at_most_and_percentage_indicators():
    at_limit = check_parcel(b4_01(measured={"green_ratio": 20, "admin_ratio": 7.5, "building_coverage": 40}))
    assert at_limit.result("green_ratio").passed is True                  # ≤ 20 % holds at 20
    assert at_limit.result("admin_ratio").passed is False                 # 7.5 > 7
    assert at_limit.result("building_coverage").passed is True            # ≥ 40 % holds at 40
    assert at_limit.result("building_coverage").required_total == pytest.approx(0.40 * B4_01_M2)
    assert at_limit.result("green_ratio").required_total == pytest.approx(0.20 * B4_01_M2)
    assert check_parcel(b4_01(measured={"green_ratio": 20.01})).result("green_ratio").passed is False
    assert check_parcel(b4_01(measured={"building_coverage": 39.99})).result("building_coverage").passed is False


def test_floor_area_ratio_as_a_range():
    r = check_parcel(b4_01(building_area_m2=0.65 * B4_01_M2)).result("floor_area_ratio")
    assert r.passed is True and r.threshold == [0.65, None] and r.direction == "range"
    assert r.required_total == pytest.approx(0.65 * B4_01_M2) and r.required_total_unit == "m²"
    assert check_parcel(b4_01(building_area_m2=0.64 * B4_01_M2)).result("floor_area_ratio").passed is False
    capped = b4_01(building_area_m2=2.5 * B4_01_M2, bounds={"floor_area_ratio": Bound(0.8, 2.0)})
    r = check_parcel(capped).result("floor_area_ratio")
    assert r.threshold == [0.8, 2.0] and r.passed is False
    assert indicator_value(b4_01(measured={"floor_area_ratio": 1.1}, building_area_m2=1), "floor_area_ratio") == 1.1


def test_text_indicators_are_left_to_a_person():
    parcel = b4_01(bounds={"industry_admission": Bound(text="新材料、煤炭清洁高效利用")})
    r = check_parcel(parcel).result("industry_admission")
    assert r.passed is None and r.threshold == "新材料、煤炭清洁高效利用" and r.direction == "text"


def test_json_shape_and_all_indicators():
    check = check_parcel(b4_01(committed_investment_wan=14000), all_indicators=True)
    data = check.as_json()
    assert set(data) >= {"id", "table", "indicators"}
    assert len(data["indicators"]) == 11
    for item in data["indicators"]:
        assert set(item) >= {"code", "name", "value", "unit", "direction", "threshold", "passed", "required_total"}
    assert data["indicators"][0]["required_total"] == pytest.approx(14121.5223, abs=1e-4)


def test_check_many_loads_tables_once():
    tables = load_tables()
    out = check_parcels([b4_01(), ParcelRecord("X-1", park="达拉特经济开发区", area_m2=10000)], tables)
    assert [c.table for c in out] == ["park-zhungeer", "park-dalate"]
    assert out[1].result("investment_intensity").illustrative is True
