"""Threshold tables: loading and validation, the fallback chain, units, listing bounds, 容积率 from buildings."""

from __future__ import annotations

import datetime as dt

import pytest

from parkgis.core.errors import DataError
from parkgis.core.parcels.model import Bound, ParcelRecord
from parkgis.core.parcels.thresholds import (
    CHAIN,
    Building,
    choose_tables,
    convert,
    effective_bounds,
    floor_area_ratio_from_buildings,
    load_table,
    load_tables,
    parse_table,
    wan_per_ha_to_wan_per_mu,
    wan_per_mu_to_wan_per_ha,
)

B4_01_M2 = 70256.33


def _table(id, *, park="", regions=(), industries=(), indicators=None, **meta):
    table = {"id": id, "name": id, "document": f"{id}号", "date": dt.date(2025, 1, 1), **meta}
    if park:
        table["park"] = park
    if regions:
        table["regions"] = list(regions)
    if industries:
        table["industries"] = list(industries)
    return parse_table({"table": table, "indicators": indicators or {"investment_intensity": {"min": 100}}},
                       source=f"{id}.toml")


# ------------------------------------------------------------------------------------------ bundled tables
def test_the_bundled_tables_load_and_name_their_source():
    tables = {t.id: t for t in load_tables()}
    assert {"national", "inner-mongolia", "park-zhungeer"} <= set(tables)
    parks = {t.park for t in tables.values() if t.level == "park"}
    assert {"准格尔经济开发区", "达拉特经济开发区", "鄂托克经济开发区", "上海庙经济开发区", "苏里格经济开发区",
            "蒙苏经济开发区", "鄂尔多斯高新技术产业开发区", "杭锦经济开发区"} <= parks
    for t in tables.values():
        assert t.document and t.date
        if t.illustrative:
            assert t.note                       # a placeholder says so
    assert tables["inner-mongolia"].document == "内政办发〔2025〕23号"
    assert tables["inner-mongolia"].illustrative
    assert tables["national"].document == "国土资发〔2008〕24号"


def test_zhungeer_b4_01_values():
    zge = next(t for t in load_tables() if t.id == "park-zhungeer")
    ind = zge.indicators
    assert not zge.illustrative
    assert ind["investment_intensity"].minimum == 134
    assert ind["tax_per_mu"].minimum == 3
    assert ind["floor_area_ratio"].minimum == 0.65
    assert ind["building_coverage"].minimum == 40
    assert ind["green_ratio"].maximum == 20
    assert ind["admin_ratio"].maximum == 7


def test_national_floors_and_matrices():
    national = next(t for t in load_tables() if t.id == "national")
    assert national.indicators["building_coverage"].minimum == 30
    assert national.indicators["admin_ratio"].maximum == 7
    assert national.indicators["green_ratio"].maximum == 20
    # 容积率 by industry: 化学原料及化学制品制造业 (26) ≥ 0.6, same for every region class
    assert national.entry("floor_area_ratio", "C26").minimum == 0.6
    assert national.entry("floor_area_ratio", "化学原料及化学制品制造业").minimum == 0.6
    # 投资强度 is stated in 万元/公顷 and given in 万元/亩; the placeholders are flagged
    cell = national.entry("investment_intensity", "26", "第七类")
    assert cell.minimum == pytest.approx(1300 / 15)
    assert cell.illustrative and "万元/公顷" in cell.stated
    assert national.entry("investment_intensity", "26", "第一类").minimum == pytest.approx(4200 / 15)


# ------------------------------------------------------------------------------------------ units
def test_unit_conversion():
    assert wan_per_ha_to_wan_per_mu(2010) == pytest.approx(134)
    assert wan_per_mu_to_wan_per_ha(134) == pytest.approx(2010)
    assert convert(2010, "万元/公顷", "万元/亩") == pytest.approx(134)
    assert convert(201, "元/平方米", "万元/亩") == pytest.approx(13.4)   # 666.67 m² × 201 元 = 13.4 万元
    assert convert(0.2, "ratio", "%") == pytest.approx(20)
    with pytest.raises(ValueError):
        convert(1, "万元/亩", "%")


def test_a_table_in_wan_per_ha_is_converted():
    t = _table("ha", indicators={"investment_intensity": {"min": 2010, "unit": "万元/公顷"},
                                 "green_ratio": {"max": 0.2, "unit": "ratio"}})
    assert t.indicators["investment_intensity"].minimum == pytest.approx(134)
    assert t.indicators["investment_intensity"].stated == "2010 万元/公顷"
    assert t.indicators["green_ratio"].maximum == pytest.approx(20)


# ------------------------------------------------------------------------------------------ bad tables
@pytest.mark.parametrize("change,key", [
    (lambda d: d["table"].update(colour="red"), "table: unknown key(s) colour"),
    (lambda d: d["table"].pop("date"), "table.date: missing"),
    (lambda d: d["table"].pop("document"), "table.document: missing"),
    (lambda d: d["table"].update(date="2025"), "table.date: must be a TOML date"),
    (lambda d: d["table"].update(illustrative=True), "table.note:"),
    (lambda d: d["indicators"].update(speed={"min": 1}), "indicators.speed: unknown indicator"),
    (lambda d: d["indicators"]["investment_intensity"].update(min="many"),
     "indicators.investment_intensity.min: must be a number"),
    (lambda d: d["indicators"]["investment_intensity"].update(unit="元"),
     "indicators.investment_intensity.unit: '元' cannot be converted"),
    (lambda d: d["indicators"]["investment_intensity"].update(max=1), "indicators.investment_intensity.max:"),
    (lambda d: d["indicators"].update(floor_area_ratio={"min": 2, "max": 1}),
     "indicators.floor_area_ratio: min 2 is above max 1"),
    (lambda d: d["indicators"].update(green_ratio={"min": 1}), "indicators.green_ratio.min:"),
    (lambda d: d["indicators"].update(industry_admission={"min": 1}), "indicators.industry_admission:"),
    (lambda d: d.update(matrix={"investment_intensity": {"region_classes": ["一", "二"], "values": {"26": [1, 2, 3]}}}),
     "matrix.investment_intensity.values.26: 3 figure(s) for 2 region class(es)"),
])
def test_a_bad_table_names_the_file_and_the_key(change, key):
    data = {"table": {"id": "t", "name": "t", "document": "x号", "date": dt.date(2025, 1, 1)},
            "indicators": {"investment_intensity": {"min": 134}}}
    change(data)
    with pytest.raises(DataError) as err:
        parse_table(data, source="/data/bad.toml")
    assert str(err.value).startswith("/data/bad.toml: ")
    assert key in str(err.value)


def test_a_bad_file_on_disk(tmp_path):
    (tmp_path / "a.toml").write_text("[table\nid=", encoding="utf-8")
    with pytest.raises(DataError, match="a.toml: not a valid TOML threshold table"):
        load_tables(tmp_path)
    (tmp_path / "a.toml").write_text(
        '[table]\nid="x"\nname="x"\ndocument="d"\ndate=2025-01-01\n[indicators.tax_per_mu]\nmin=3\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text((tmp_path / "a.toml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(DataError, match="b.toml: table.id: x is already used by"):
        load_tables(tmp_path)
    with pytest.raises(DataError, match="not found"):
        load_table(tmp_path / "missing.toml")


# ------------------------------------------------------------------------------------------ the fallback chain
@pytest.fixture
def chain_tables():
    return [
        _table("p-ind", park="甲园区", regions=["甲旗"], industries=["新材料"],
               indicators={"investment_intensity": {"min": 200}}),
        _table("p", park="甲园区", regions=["甲旗"], indicators={"investment_intensity": {"min": 150},
                                                               "tax_per_mu": {"min": 3}}),
        _table("r-ind", regions=["甲旗", "乙旗"], industries=["新材料"],
               indicators={"investment_intensity": {"min": 120}}),
        _table("r", regions=["甲旗", "乙旗"], indicators={"investment_intensity": {"min": 100},
                                                         "building_coverage": {"min": 40}}),
        _table("nat", indicators={"investment_intensity": {"min": 50}, "building_coverage": {"min": 30},
                                  "green_ratio": {"max": 20}}),
    ]


@pytest.mark.parametrize("parcel,step,table,minimum", [
    (ParcelRecord("1", park="甲园区", industry="新材料"), "park+industry", "p-ind", 200),
    (ParcelRecord("2", park="甲园区", industry="化工"), "park", "p", 150),
    (ParcelRecord("3", park="乙园区", region="乙旗", industry="新材料"), "region+industry", "r-ind", 120),
    (ParcelRecord("4", park="乙园区", region="乙旗", industry="化工"), "region", "r", 100),
    (ParcelRecord("5", park="丙园区", region="丙旗", industry="新材料"), "national", "nat", 50),
])
def test_each_step_of_the_fallback_chain(chain_tables, parcel, step, table, minimum):
    choice = choose_tables(parcel, chain_tables)
    assert (choice.step, choice.table_id) == (step, table)
    assert choice.reason.startswith(f"{step}: {table} is the ")
    assert choice.skipped == CHAIN[:CHAIN.index(step)]
    assert effective_bounds(parcel, choice)["investment_intensity"].minimum == minimum


def test_an_indicator_the_primary_table_lacks_comes_from_further_down(chain_tables):
    parcel = ParcelRecord("1", park="甲园区", industry="新材料")
    choice = choose_tables(parcel, chain_tables)
    assert [t.id for _s, t in choice.chain] == ["p-ind", "p", "r-ind", "r", "nat"]   # region from the park table
    bounds = effective_bounds(parcel, choice)
    assert (bounds["tax_per_mu"].minimum, bounds["tax_per_mu"].table) == (3, "p")
    assert (bounds["building_coverage"].minimum, bounds["building_coverage"].table) == (40, "r")
    assert (bounds["green_ratio"].maximum, bounds["green_ratio"].table) == (20, "nat")


def test_no_table_at_all():
    choice = choose_tables(ParcelRecord("x", park="丙园区"), [_table("r", regions=["甲旗"])])
    assert choice.table is None and choice.step is None and "no threshold table" in choice.reason
    assert effective_bounds(ParcelRecord("x"), choice) == {}


def test_the_newest_table_wins_at_one_step():
    old = _table("old", park="甲园区", date=dt.date(2020, 1, 1))
    new = _table("new", park="甲园区", date=dt.date(2025, 6, 1))
    assert choose_tables(ParcelRecord("1", park="甲园区"), [old, new]).table_id == "new"


def test_the_real_b4_01_chooses_the_zhungeer_table():
    parcel = ParcelRecord("ZGE-B4-01", park="准格尔经济开发区", industry="", area_m2=B4_01_M2)
    choice = choose_tables(parcel, load_tables())
    assert choice.table_id == "park-zhungeer" and choice.step == "park"
    assert [t.id for _s, t in choice.chain] == ["park-zhungeer", "inner-mongolia", "national"]


# ------------------------------------------------------------------------------------------ listing bounds
def test_the_listing_is_binding_and_the_table_is_the_floor(chain_tables):
    strict = ParcelRecord("1", park="甲园区", industry="化工", bounds={"investment_intensity": Bound(minimum=180)})
    bound = effective_bounds(strict, choose_tables(strict, chain_tables))["investment_intensity"]
    assert (bound.minimum, bound.basis, bound.note) == (180, "listing", "")

    lax = ParcelRecord("2", park="甲园区", industry="化工", bounds={"investment_intensity": Bound(minimum=120)})
    bound = effective_bounds(lax, choose_tables(lax, chain_tables))["investment_intensity"]
    assert (bound.minimum, bound.basis) == (150, "table")
    assert "the listing's minimum 120 is below the table's 150 (p): the table applies" in bound.note

    green = ParcelRecord("3", park="丙园区", bounds={"green_ratio": Bound(maximum=15)})
    assert effective_bounds(green, choose_tables(green, chain_tables))["green_ratio"].maximum == 15
    green_lax = ParcelRecord("4", park="丙园区", bounds={"green_ratio": Bound(maximum=25)})
    assert effective_bounds(green_lax, choose_tables(green_lax, chain_tables))["green_ratio"].maximum == 20

    only_listing = ParcelRecord("5", park="丙园区", bounds={"output_per_mu": Bound(minimum=500)})
    bound = effective_bounds(only_listing, choose_tables(only_listing, chain_tables))["output_per_mu"]
    assert (bound.minimum, bound.basis, bound.table) == (500, "listing", None)


def test_a_range_listing_combines_both_ends():
    table = _table("t", park="甲园区", indicators={"floor_area_ratio": {"min": 0.65}})
    parcel = ParcelRecord("1", park="甲园区", bounds={"floor_area_ratio": Bound(minimum=0.5, maximum=2.0)})
    bound = effective_bounds(parcel, choose_tables(parcel, [table]))["floor_area_ratio"]
    assert (bound.minimum, bound.maximum, bound.basis) == (0.65, 2.0, "listing+table")


# ------------------------------------------------------------------------------------------ 容积率
def test_floor_area_ratio_counts_a_tall_storey_twice():
    plot = B4_01_M2
    shed = Building(footprint_m2=plot / 2, height_m=10, storeys=1)
    assert floor_area_ratio_from_buildings([shed], plot) == pytest.approx(1.0)        # the Known answer
    assert floor_area_ratio_from_buildings([(plot / 2, 8.0, 1)], plot) == pytest.approx(0.5)   # 8 m: once
    assert floor_area_ratio_from_buildings([(plot / 2, 8.01, 1)], plot) == pytest.approx(1.0)
    assert floor_area_ratio_from_buildings([(plot / 4, 18, 3)], plot) == pytest.approx(0.75)  # 6 m storeys
    mixed = Building(plot / 4, storey_heights=(9.0, 4.5, 4.5))
    assert floor_area_ratio_from_buildings([mixed, {"footprint_m2": plot / 4, "height_m": 5}], plot) == \
        pytest.approx((4 + 1) / 4)
    with pytest.raises(ValueError):
        floor_area_ratio_from_buildings([shed], 0)
