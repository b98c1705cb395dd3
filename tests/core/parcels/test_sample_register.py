"""The sample project's 标准地 register (layers/make_sample.py): 42 entries with legal dated histories, the
five idle candidates, the ones due soon, the corrected entry and B4-01 as the real listing states it."""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from parkgis.core.parcels.lifecycle import check_history
from parkgis.core.parcels.model import Bound, Stage
from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "layers" / "ordos_sample.gpkg"
AS_OF = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def register():
    return load_register(SAMPLE)


def test_the_42_standard_parcels_are_registered(register):
    project = Project.open(SAMPLE)
    layer = project.layer("地块")
    marked = set(layer.gdf.loc[layer.gdf["BZD"] == "是", "DKBH"])
    assert len(register) == 42 and set(register.parcels) == marked
    for record in register:
        assert (record.layer_id, record.fid) != (None, None)
        assert layer.gdf.loc[record.fid, "DKBH"] == record.id       # linked to its feature on the map
        assert record.events, record.id
        chain = record.current_events()
        assert check_history(record, chain, chain[0].from_stage) == record.stage   # a legal history
        assert all(e.date <= AS_OF for e in record.events)


def test_b4_01_is_the_real_listing(register):
    b4 = register.get("ZGE-B4-01")
    assert b4.area_m2 == 70256.33 and round(b4.area_mu, 4) == 105.3845
    assert b4.ellipsoidal_area_m2 == pytest.approx(70256.26, abs=0.01)
    assert (b4.term_years, b4.starting_price_wan, b4.stage, b4.use_code) == (50, 629.0, Stage.LISTED, "1001")
    assert b4.bounds == {
        "investment_intensity": Bound(minimum=134.0), "tax_per_mu": Bound(minimum=3.0),
        "floor_area_ratio": Bound(minimum=0.65), "building_coverage": Bound(minimum=40.0),
        "green_ratio": Bound(maximum=20.0), "admin_ratio": Bound(maximum=7.0)}


def test_five_idle_candidates_and_two_due_soon(register):
    not_started = [r.id for r in register if r.agreed_start is not None and r.actual_start is None
                   and (AS_OF - r.agreed_start).days > 365]
    assert sorted(not_started) == ["DLT-H7-01", "ETK-N9-01", "HJ-O3-04", "SHM-J8-04", "ZGE-E6-02"]
    assert sorted(r.id for r in register if r.stage == Stage.IDLE) == ["DLT-H7-01", "SHM-J8-04"]
    assert all(register.get(i).land_price_wan for i in not_started)
    due = register.get("MS-V10-02")       # day 366 without a start comes on 2026-12-12
    assert due.stage == Stage.CONTRACTED and due.actual_start is None
    assert due.agreed_start + dt.timedelta(days=366) == dt.date(2026, 12, 12)
    suspended = register.get("HJ-O7-04")  # started, under ⅓ developed, suspended since 2026-01-10
    assert suspended.stage == Stage.STARTED and suspended.developed_share < 1 / 3
    assert suspended.suspended_since == dt.date(2026, 1, 10)


def test_one_corrected_entry(register):
    corrected = [(r.id, e) for r in register for e in r.events if e.superseded]
    assert len(corrected) == 1
    parcel_id, wrong = corrected[0]
    record = register.get(parcel_id)
    fix = next(e for e in record.events if e.corrects == wrong.id)
    assert (parcel_id, wrong.stage, wrong.date, fix.date) == \
        ("ZGE-D5-02", Stage.STARTED, dt.date(2023, 11, 19), dt.date(2023, 11, 9))
    assert fix.reason and record.actual_start == dt.date(2023, 11, 9)


def test_the_register_is_audited_and_editable(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "s.gpkg")
    project = Project.open(tmp_path / "s.gpkg")
    rows = [r for r in project.audit_log() if (r.get("layer_id") or "").startswith("parkgis_parcel")]
    assert len(rows) == 42 + sum(len(r.events) for r in load_register(project))
    with project.edit_register() as reg:
        reg.record_event("ZGE-B4-01", "成交", "2026-11-28", by="测试")
    assert load_register(project).get("ZGE-B4-01").stage == Stage.SOLD


def test_the_committed_register_matches_a_fresh_build(register, tmp_path):
    spec = importlib.util.spec_from_file_location("parkgis_make_sample_register", REPO / "layers" / "make_sample.py")
    recipe = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = recipe
    try:
        spec.loader.exec_module(recipe)
        fresh = {r.id: r for r in recipe.register_records(Project.open(SAMPLE))}
    finally:
        del sys.modules[spec.name]
    assert set(fresh) == set(register.parcels)
    key = lambda e: (e.date, e.recorded_at)   # noqa: E731
    for parcel_id, record in register.parcels.items():
        expected = fresh[parcel_id]
        chain = sorted((e for e in expected.events if not e.superseded), key=key)
        assert record.stage == chain[-1].stage, parcel_id          # the stage is the history's last
        for name in record.__dataclass_fields__:
            if name not in ("events", "stage"):
                assert getattr(record, name) == getattr(expected, name), (parcel_id, name)
        assert [(e.stage, e.date, e.by, e.note, e.superseded, e.recorded_at, e.cause, e.reason)
                for e in sorted(record.events, key=key)] == \
            [(e.stage, e.date, e.by, e.note, e.superseded, e.recorded_at, e.cause, e.reason)
             for e in sorted(expected.events, key=key)], parcel_id
