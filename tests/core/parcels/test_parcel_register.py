"""The 标准地 register stored in the project GeoPackage: exact round trip, undo/redo, audit rows, corrections,
conflicts, the crash journal, whole-file saves, and the register read from a parcel layer."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import geopandas as gpd
import pytest
from shapely import box

from parkgis.core.area import SQM_PER_MU
from parkgis.core.errors import DataError, UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.parcels.model import INDICATORS, Bound, Direction, Event, ParcelRecord, Stage
from parkgis.core.parcels.register import (
    EVENTS_TABLE,
    PARCELS_TABLE,
    load_register,
    register_from_layer,
)
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.store.base import ConflictError

D = dt.date


def make_project(tmp_path, name="园区.gpkg") -> Project:
    project = Project.create(tmp_path / name, crs=4545)
    gdf = gpd.GeoDataFrame(
        {"DKBH": ["A-01", "A-02", "A-03"], "DKMC": ["一号地", "二号地", "三号地"], "YQMC": ["准格尔经济开发区"] * 3,
         "BZD": ["是", "否", "是"], "YDYH": ["1001", "1001", "1001"], "YDMJ": [10000.5, 20000.0, 5000.0],
         "TZQD": [134.0, 100.0, None], "RJL": [0.65, 1.0, 1.2], "LDL": [20.0, 15.0, 15.0],
         "CRNX": [50, 50, 30], "SMZQJD": ["挂牌", "储备", "在建"], "QTYP": ["给水,排水,电", None, "给水"],
         "QPJ": [629.0, None, 100.0], "GPRQ": ["2026-10-20", None, "2024/3/1"], "YDKGRQ": [None, None, "2024年9月1日"]},
        geometry=[box(500_000, 4_400_000, 500_100, 4_400_100), box(500_200, 4_400_000, 500_300, 4_400_200),
                  box(500_400, 4_400_000, 500_450, 4_400_100)], crs=4545)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    return project


def full_record() -> ParcelRecord:
    """A record with every field set to a value other than its default."""
    bounds = {}
    for k, d in enumerate(INDICATORS):
        if d.direction == Direction.TEXT:
            bounds[d.code] = Bound(text=f"标准{k}")
        elif d.direction == Direction.RANGE:
            bounds[d.code] = Bound(minimum=0.65, maximum=2.5)
        elif d.direction == Direction.AT_MOST:
            bounds[d.code] = Bound(maximum=20.0 + k)
        else:
            bounds[d.code] = Bound(minimum=134.0 + k)
    bounds["investment_intensity"] = Bound(minimum=134.0, text="不低于134万元/亩")   # text on a number
    bounds["custom_code"] = Bound(minimum=1.5, maximum=2.0, text="园区自定")             # not a known indicator
    bounds["environmental_standard"] = Bound(minimum=3.0, text="GB 8978")              # number on a text one
    return ParcelRecord(
        id="ZGE-B4-01", name="准格尔经济开发区B4-01地块", park="准格尔经济开发区", use_code="1001",
        use_name="工业用地", industry="新材料", region="准格尔旗", layer_id="layer-x", fid=7,
        area_m2=70256.33, ellipsoidal_area_m2=70251.118, declared_area_m2=70256.33, term_years=50,
        starting_price_wan=629.0, deposit_wan=126.0, increment_wan=5.0, buyer="某新材料有限公司",
        land_price_wan=650.5, contract_no="HT-2026-001", contract_date=D(2026, 12, 1), agreement_no="XY-2026-001",
        agreement_date=D(2026, 12, 2), listed_on=D(2026, 10, 20), sold_on=D(2026, 11, 25),
        delivered_on=D(2026, 12, 20), agreed_start=D(2027, 6, 30), agreed_completion=D(2029, 6, 30),
        actual_start=D(2027, 7, 1), actual_completion=D(2029, 5, 1), committed_investment_wan=14121.5,
        invested_wan=3000.25, developed_share=0.35, invested_share=0.2125, suspended_since=D(2028, 1, 1),
        annual_tax_wan=320.0, annual_output_wan=5000.0, building_area_m2=35128.165, stage=Stage.CONTRACTED,
        preparation_done=frozenset({"给水", "排水", "电", "场地平整"}), assessments_done=frozenset({"节能评价"}),
        bounds=bounds, idle_cause="政府原因", government_delay_days=45, note="示例：准格尔 B4-01",
        events=[Event(Stage.LISTED, D(2026, 10, 20), by="张三", note="公告", recorded_at="2026-10-20T08:00:00.000+00:00",
                      from_stage=Stage.ASSESSMENT),
                Event(Stage.SOLD, D(2026, 11, 25), by="李四", note="成交", recorded_at="2026-11-25T08:00:00.000+00:00"),
                Event(Stage.CONTRACTED, D(2026, 12, 1), by="李四", note="签约",
                      recorded_at="2026-12-01T08:00:00.000+00:00")])


def test_storage_round_trip_is_exact(tmp_path):
    project = make_project(tmp_path)
    original = full_record()
    with project.edit_register() as reg:
        reg.add_parcel(original)
    stored = Project.open(project.path)
    got = load_register(stored).get("ZGE-B4-01")
    assert got is not None
    for name in ParcelRecord.__dataclass_fields__:
        if name != "events":
            assert getattr(got, name) == getattr(original, name), name
    assert got.area_mu == pytest.approx(70256.33 / SQM_PER_MU)
    assert round(got.area_mu, 4) == 105.3845
    assert [(e.stage, e.date, e.by, e.note, e.recorded_at, e.superseded, e.corrects) for e in got.events] == \
        [(e.stage, e.date, e.by, e.note, e.recorded_at, False, None) for e in original.events]
    assert [e.from_stage for e in got.events] == [Stage.ASSESSMENT, Stage.LISTED, Stage.SOLD]
    assert all(isinstance(e.id, int) for e in got.events)
    # the tables are GeoPackage attribute tables
    con = sqlite3.connect(project.path)
    kinds = dict(con.execute("SELECT table_name, data_type FROM gpkg_contents WHERE table_name LIKE 'parkgis_parcel%'"))
    con.close()
    assert kinds == {PARCELS_TABLE: "attributes", EVENTS_TABLE: "attributes"}


def test_a_default_record_round_trips_too(tmp_path):
    project = make_project(tmp_path)
    with project.edit_register() as reg:
        reg.add_parcel(ParcelRecord("X-1"))
    assert load_register(project.path).get("X-1") == ParcelRecord("X-1")


def _add(project, *records):
    with project.edit_register() as reg:
        for record in records:
            reg.add_parcel(record)


def test_undo_and_redo_of_a_set(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", land_price_wan=600.0))
    reg = project.edit_register()
    reg.set("A-01", land_price_wan="629", agreed_start="2026/11/25")
    assert reg.get("A-01").land_price_wan == 629.0 and reg.get("A-01").agreed_start == D(2026, 11, 25)
    assert project.dirty
    reg.undo()
    assert reg.get("A-01").land_price_wan == 600.0 and reg.get("A-01").agreed_start is None
    assert not reg.has_changes
    reg.redo()
    assert reg.get("A-01").agreed_start == D(2026, 11, 25)
    reg.commit()
    assert load_register(project.path).get("A-01").land_price_wan == 629.0
    # undoing after the commit is a new change of the session, committed and audited like any other
    reg.undo()
    assert reg.get("A-01").land_price_wan == 600.0
    reg.commit(reason="undo")
    reg.close()
    assert load_register(project.path).get("A-01").land_price_wan == 600.0
    rows = [r for r in project.audit_log() if r.get("layer_id") == PARCELS_TABLE and r["action"] == "attributes"]
    assert [json.loads(r["attributes_after"])["land_price_wan"] for r in rows] == [629.0, 600.0]
    assert rows[-1]["reason"] == "undo"


def test_undo_and_redo_of_a_stage_event(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", stage=Stage.LISTED))
    reg = project.edit_register()
    event_id = reg.record_event("A-01", "成交", "2026-11-25", by="王工", note="挂牌成交")
    record = reg.get("A-01")
    assert record.stage == Stage.SOLD and record.sold_on == D(2026, 11, 25)
    assert [(e.id, e.stage, e.by, e.note, e.from_stage) for e in record.events] == \
        [(event_id, Stage.SOLD, "王工", "挂牌成交", Stage.LISTED)]
    reg.undo()
    assert reg.get("A-01").stage == Stage.LISTED and reg.get("A-01").events == [] and reg.get("A-01").sold_on is None
    reg.redo()
    assert reg.get("A-01").stage == Stage.SOLD
    reg.commit()
    reg.close()
    stored = load_register(project.path).get("A-01")
    assert stored.stage == Stage.SOLD
    assert [(e.stage, e.date, e.by) for e in stored.events] == [(Stage.SOLD, D(2026, 11, 25), "王工")]


def test_audit_rows_name_who_when_what_with_before_and_after(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", stage=Stage.LISTED, land_price_wan=600.0))
    with project.edit_register() as reg:
        reg.set("A-01", land_price_wan=629, developed_share="0.25")
    with project.edit_register() as reg:
        reg.record_event("A-01", Stage.SOLD, D(2026, 11, 25), by="王工", note="成交")
    rows = [r for r in project.audit_log() if (r.get("layer_id") or "").startswith("parkgis_parcel")]
    assert [(r["layer_id"], r["action"]) for r in rows] == [
        (PARCELS_TABLE, "add"), (PARCELS_TABLE, "attributes"), (PARCELS_TABLE, "attributes"), (EVENTS_TABLE, "stage")]
    add, setting, staged, event = rows
    assert setting["user"] and setting["at"] and setting["session_id"]
    assert setting["layer"] == "标准地台账"
    assert json.loads(setting["detail"]) == {"changed": ["land_price_wan", "developed_share"]}
    before, after = json.loads(setting["attributes_before"]), json.loads(setting["attributes_after"])
    assert (before["land_price_wan"], after["land_price_wan"]) == (600.0, 629.0)
    assert (before["developed_share"], after["developed_share"]) == (None, 0.25)
    assert json.loads(staged["detail"]) == {"changed": ["sold_on", "stage"]}
    assert json.loads(staged["attributes_after"])["stage"] == "成交"
    assert event["attributes_before"] is None
    assert json.loads(event["attributes_after"])["by_name"] == "王工"
    assert event["reason"] == "成交"
    # each committed row moved its version on, as a feature's does
    con = sqlite3.connect(project.path)
    versions = dict(con.execute("SELECT layer_id || ':' || fid, version FROM parkgis_feature_versions "
                                "WHERE layer_id LIKE 'parkgis_parcel%'"))
    con.close()
    assert versions == {f"{PARCELS_TABLE}:1": 3, f"{EVENTS_TABLE}:1": 1}


def test_a_correction_keeps_the_old_entry_superseded_and_is_undoable(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", stage=Stage.CONTRACTED, agreed_start=D(2026, 6, 30)))
    with project.edit_register() as reg:
        wrong = reg.record_event("A-01", "交地", "2026-03-01", by="录入员")
    reg = project.edit_register()
    fixed = reg.correct_event(wrong, date="2026-03-10", by="科长", reason="交地确认书日期为3月10日")
    record = reg.get("A-01")
    old, new = sorted(record.events, key=lambda e: e.id)
    assert (old.id, old.superseded, old.date, old.by) == (wrong, True, D(2026, 3, 1), "录入员")
    assert (new.id, new.corrects, new.superseded, new.date, new.by, new.reason) == \
        (fixed, wrong, False, D(2026, 3, 10), "科长", "交地确认书日期为3月10日")
    assert record.current_events() == [new]
    assert record.delivered_on == D(2026, 3, 10) and record.stage == Stage.DELIVERED
    reg.undo()
    record = reg.get("A-01")
    assert [(e.id, e.superseded) for e in record.events] == [(wrong, False)]
    assert record.delivered_on == D(2026, 3, 1)
    reg.redo()
    reg.commit()
    reg.close()
    stored = load_register(project.path).get("A-01")
    assert [(e.date, e.superseded, e.corrects) for e in stored.events] == \
        [(D(2026, 3, 1), True, None), (D(2026, 3, 10), False, wrong)]
    actions = [(r["action"], r["reason"]) for r in project.audit_log() if r.get("layer_id") == EVENTS_TABLE]
    assert actions[-2:] == [("superseded", "交地确认书日期为3月10日"), ("correct", "交地确认书日期为3月10日")]
    # the superseded entry cannot be corrected again; a correction needs its reason
    with project.edit_register() as reg:
        with pytest.raises(UsageError, match="already corrected"):
            reg.correct_event(wrong, date="2026-03-11", reason="again")
        with pytest.raises(UsageError, match="needs its reason"):
            reg.correct_event(fixed, date="2026-03-11", reason=" ")


def test_a_correction_must_leave_a_legal_history(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", stage=Stage.CONTRACTED))
    with project.edit_register() as reg:
        delivered = reg.record_event("A-01", "交地", "2026-03-01")
        reg.record_event("A-01", "开工", "2026-04-01")
    with project.edit_register() as reg:
        with pytest.raises(UsageError) as caught:
            reg.correct_event(delivered, date="2026-05-01", reason="wrong")
        assert "the date 2026-04-01 is before the previous event (交地 on 2026-05-01)" in str(caught.value)
        with pytest.raises(UsageError, match="cannot go from 出让合同 to 竣工: 竣工 may only follow 开工"):
            reg.correct_event(delivered, stage="竣工", reason="wrong")
    assert [e.superseded for e in load_register(project.path).get("A-01").events] == [False, False]


def test_a_set_refuses_unknown_keys_and_bad_values(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01"))
    reg = project.edit_register()
    for values, message in [
        ({"colour": "red"}, "unknown register field colour"),
        ({"developed_share": "1.5"}, "developed_share: 1.5 is not a share between 0 and 1"),
        ({"invested_share": -0.1}, "invested_share: -0.1 is not a share between 0 and 1"),
        ({"agreed_start": "2026-02-30"}, "agreed_start: 2026-02-30 is not a date: month 2 of 2026 has 28 days"),
        ({"land_price_wan": "六百"}, "land_price_wan: 六百 is not a number"),
        ({"land_price_wan": "-5"}, "land_price_wan: -5 is negative"),
        ({"term_years": "50.5"}, "term_years: 50.5 is not a whole number"),
        ({"preparation_done": "给水,通天"}, "preparation_done: unknown item(s) 通天"),
        ({"stage": "开工"}, "stage is changed by a lifecycle event"),
        ({"id": "B"}, "cannot be set"),
    ]:
        with pytest.raises(UsageError) as caught:
            reg.set("A-01", **values)
        assert message in str(caught.value)
    with pytest.raises(UsageError, match="the register has no parcel Z-9; parcels: A-01"):
        reg.set("Z-9", land_price_wan=1)
    assert not reg.has_changes
    reg.close()


def test_bounds_are_set_per_column_or_as_bounds(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", bounds={"green_ratio": Bound(maximum=20.0)}))
    with project.edit_register() as reg:
        reg.set("A-01", bound_investment_intensity_min="134", bounds={"floor_area_ratio": Bound(0.65, 2.0)})
    assert load_register(project.path).get("A-01").bounds == {
        "green_ratio": Bound(maximum=20.0), "investment_intensity": Bound(minimum=134.0),
        "floor_area_ratio": Bound(0.65, 2.0)}


def test_a_row_changed_by_someone_else_is_a_conflict_and_nothing_is_written(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", land_price_wan=600.0), ParcelRecord("A-02"))
    mine, theirs = Project.open(project.path), Project.open(project.path)
    reg_mine, reg_theirs = mine.edit_register(), theirs.edit_register()
    reg_mine.set("A-01", land_price_wan=629)
    reg_mine.set("A-02", land_price_wan=1)
    reg_theirs.set("A-01", land_price_wan=700)
    reg_theirs.commit()
    before = project.path.read_bytes()
    with pytest.raises(ConflictError) as caught:
        reg_mine.commit()
    assert caught.value.fids == [1]
    assert project.path.read_bytes() == before
    assert load_register(project.path).get("A-01").land_price_wan == 700.0
    assert load_register(project.path).get("A-02").land_price_wan is None
    reg_mine.rollback()
    reg_theirs.close()


def test_a_failed_first_commit_leaves_the_file_unchanged(tmp_path):
    project = make_project(tmp_path)
    other = Project.open(project.path)
    reg = project.edit_register()        # read before the register existed
    reg.add_parcel(ParcelRecord("A-01"))
    _add(other, ParcelRecord("A-01"))   # someone registers the same 地块编号 first
    before = project.path.read_bytes()
    with pytest.raises(DataError, match="UNIQUE"):
        reg.commit()
    assert project.path.read_bytes() == before
    reg.rollback()


def test_new_ids_taken_meanwhile_are_renumbered(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", stage=Stage.LISTED), ParcelRecord("A-02", stage=Stage.LISTED))
    mine, theirs = Project.open(project.path), Project.open(project.path)
    reg_mine, reg_theirs = mine.edit_register(), theirs.edit_register()
    first = reg_mine.record_event("A-01", "成交", "2026-11-25")
    reg_theirs.record_event("A-02", "成交", "2026-11-20")
    reg_theirs.commit()
    fixed = reg_mine.correct_event(first, date="2026-11-26", reason="日期")
    reg_mine.commit()
    final_first, final_fixed = reg_mine.final_id(first), reg_mine.final_id(fixed)
    # theirs took event id 1: mine becomes 3 (2 is the correction's own), and the correction points at it
    assert (first, fixed, final_first, final_fixed) == (1, 2, 3, 2)
    events = {e.id: e for r in load_register(project.path) for e in r.events}
    assert events[final_fixed].corrects == final_first and events[final_first].superseded
    assert sorted(events) == [1, 2, 3]


def test_the_register_survives_a_whole_file_save(tmp_path):
    project = make_project(tmp_path)
    _add(project, full_record())
    gdf = gpd.GeoDataFrame({"NAME": ["河"]}, geometry=[box(500_000, 4_401_000, 500_050, 4_401_050)], crs=4545)
    project.add_layer(VectorLayer("水系", gdf, role=Role.OTHER if hasattr(Role, "OTHER") else Role.PARCELS))
    project.save()                                   # a layer added: the whole file is rewritten
    reopened = Project.open(project.path)
    assert [layer.name for layer in reopened.layers] == ["地块", "水系"]
    got = load_register(reopened).get("ZGE-B4-01")
    assert got.bounds == full_record().bounds and len(got.events) == 3
    with reopened.edit_register() as reg:             # versions and ids carried over: commits still work
        reg.set("ZGE-B4-01", land_price_wan=700)
        reg.add_parcel(ParcelRecord("B-1"))
    assert load_register(reopened).get("ZGE-B4-01").land_price_wan == 700.0
    saved_as = reopened.save(tmp_path / "另存.gpkg")
    assert load_register(saved_as).get("B-1") is not None


def test_a_crashed_session_is_recovered_from_its_journal(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", stage=Stage.LISTED))
    reg = project.edit_register()
    reg.set("A-01", land_price_wan=629)
    reg.record_event("A-01", "成交", "2026-11-25", by="王工")
    journals = sorted(p.name for p in tmp_path.glob("*.parkgis-journal"))
    assert len(journals) == 2
    reg._close_journals(remove=False)                 # the process dies: the journals stay, unheld
    after_crash = Project.open(project.path)
    assert {c.layer_id for c in after_crash.recoverable()} == {PARCELS_TABLE, EVENTS_TABLE}
    outcome = after_crash.recover()
    assert outcome["conflicts"] == {}
    after_crash.sessions["parkgis_parcels"].commit(reason="recovered after a crash")
    record = load_register(project.path).get("A-01")
    assert record.land_price_wan == 629.0 and record.stage == Stage.SOLD and len(record.events) == 1
    assert not list(tmp_path.glob("*.parkgis-journal"))


def test_a_session_rolls_back_on_an_exception(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01"))
    before = project.path.read_bytes()
    with pytest.raises(RuntimeError):
        with project.edit_register() as reg:
            reg.set("A-01", land_price_wan=1)
            raise RuntimeError("stop")
    assert project.path.read_bytes() == before
    assert not project.dirty


def test_register_from_layer_reads_the_parcels_own_attributes(tmp_path):
    project = make_project(tmp_path)
    records = register_from_layer(project, "地块")
    assert [r.id for r in records] == ["A-01", "A-03"]        # BZD = 是 only
    a1, a3 = records
    layer = project.layer("地块")
    assert (a1.layer_id, a1.fid) == (layer.id, 1) and (a3.layer_id, a3.fid) == (layer.id, 3)
    assert (a1.name, a1.park, a1.use_code, a1.term_years, a1.starting_price_wan) == \
        ("一号地", "准格尔经济开发区", "1001", 50, 629.0)
    assert a1.declared_area_m2 == 10000.5
    # a 100 m square at 117°E in zone 39 (EPSG:4545's central meridian 117°E... x = 500 km): planar 10 000 m²
    assert a1.area_m2 == 10000.0
    assert a1.ellipsoidal_area_m2 == pytest.approx(10000.0, rel=2e-3)
    assert a1.bounds == {"investment_intensity": Bound(minimum=134.0), "floor_area_ratio": Bound(minimum=0.65),
                         "green_ratio": Bound(maximum=20.0)}
    assert a1.stage == Stage.LISTED and a1.listed_on == D(2026, 10, 20)
    assert a1.preparation_done == frozenset({"给水", "排水", "电"})
    assert a3.stage == Stage.STARTED and a3.agreed_start == D(2024, 9, 1) and a3.listed_on == D(2024, 3, 1)
    assert "investment_intensity" not in a3.bounds


def test_register_from_layer_names_the_feature_of_a_bad_value(tmp_path):
    project = make_project(tmp_path)
    layer = project.layer("地块")
    layer.gdf.loc[1, "YDKGRQ"] = "2026-02-30"
    with pytest.raises(DataError) as caught:
        register_from_layer(project, layer)
    assert "feature 1, field YDKGRQ: agreed_start: 2026-02-30 is not a date" in str(caught.value)


def test_load_register_of_a_project_without_one_is_empty(tmp_path):
    project = make_project(tmp_path)
    register = load_register(project)
    assert register.parcels == {} and register.get("A-01") is None and len(register) == 0
    with pytest.raises(UsageError, match="the register has no parcel A-01; parcels: \\(none\\)"):
        register.require("A-01")


def test_set_many_is_one_undo_step_and_all_or_nothing(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01"), ParcelRecord("A-02"))
    reg = project.edit_register()
    with pytest.raises(UsageError, match="invested_share: 2 is not a share"):
        reg.set_many({"A-01": {"land_price_wan": 1}, "A-02": {"invested_share": 2}})
    assert not reg.has_changes
    reg.set_many({"A-01": {"land_price_wan": 1, "buyer": "甲公司"}, "A-02": {"land_price_wan": 2}})
    assert (reg.get("A-01").land_price_wan, reg.get("A-01").buyer, reg.get("A-02").land_price_wan) == (1.0, "甲公司", 2.0)
    reg.undo()
    assert (reg.get("A-01").land_price_wan, reg.get("A-02").land_price_wan) == (None, None)
    reg.redo()
    reg.commit()
    reg.close()
    assert load_register(project.path).get("A-02").land_price_wan == 2.0


def test_a_recovered_new_parcel_whose_id_was_taken_gets_another(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01"))
    crashed = Project.open(project.path)
    reg = crashed.edit_register()
    reg.add_parcel(ParcelRecord("N-1", land_price_wan=5.0))      # provisional row id 2
    reg._close_journals(remove=False)                            # the process dies
    _add(Project.open(project.path), ParcelRecord("M-1"))       # meanwhile someone takes row id 2
    after = Project.open(project.path)
    outcome = after.recover()
    assert outcome["conflicts"] == {} and outcome["applied"] == {"标准地台账": [2]}
    after.sessions["parkgis_parcels"].commit()
    register = load_register(project.path)
    assert sorted(register.parcels) == ["A-01", "M-1", "N-1"] and register.get("N-1").land_price_wan == 5.0


def test_add_parcel_checks_every_field(tmp_path):
    project = make_project(tmp_path)
    reg = project.edit_register()
    for record, message in [
        (ParcelRecord("A-01", invested_share=1.5), "parcel A-01: invested_share: 1.5 is not a share between 0 and 1"),
        (ParcelRecord("A-01", preparation_done=frozenset({"通天"})), "parcel A-01: preparation_done: unknown item"),
        (ParcelRecord("A-01", land_price_wan=-1.0), "parcel A-01: land_price_wan: -1.0 is negative"),
        (ParcelRecord(" "), "a parcel needs its 地块编号"),
    ]:
        with pytest.raises(UsageError) as caught:
            reg.add_parcel(record)
        assert message in str(caught.value)
    reg.add_parcel(ParcelRecord(" A-01 ", name=" 一号地 "))
    with pytest.raises(UsageError, match="the register already has a parcel A-01"):
        reg.add_parcels([ParcelRecord("A-02"), ParcelRecord("A-01")])
    assert sorted(reg.parcels) == ["A-01"] and reg.get("A-01").name == "一号地"
    reg.rollback()


def test_views_are_told_which_parcels_changed(tmp_path):
    project = make_project(tmp_path)
    _add(project, ParcelRecord("A-01", stage=Stage.LISTED), ParcelRecord("A-02"))
    heard = []
    project.events.register_changed.connect(heard.append)
    reg = project.edit_register()
    reg.record_event("A-01", "成交", "2026-11-25")
    reg.set("A-02", buyer="乙")
    reg.undo()
    reg.commit()
    reg.close()
    assert heard == [["A-01"], ["A-02"], ["A-02"], ["A-01"]]
