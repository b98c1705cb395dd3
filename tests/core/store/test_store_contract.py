"""The store contract: every store (the GeoPackage file, the PostGIS schema) passes these.

A store is reached through a factory that builds it holding one layer "地块" with three parcels
(fids 1, 2, 3) and gives a ``raw_update(fid, column, value)`` that changes a feature behind the
store's back, as another program would. Expected values are computed here from the inputs, not
read back from the code under test.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import subprocess

import geopandas as gpd
import pytest
import shapely

from parkgis.core.errors import DataError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.store import geopackage
from parkgis.core.store.base import ChangeSet, ConflictError, FeatureChange, FeatureState

BOXES = {1: shapely.box(0, 0, 100, 100), 2: shapely.box(200, 0, 300, 100), 3: shapely.box(400, 0, 500, 50)}
NAMES = {1: "A-01", 2: "A-02", 3: "A-03"}


class GeoPackageFixture:
    def __init__(self, tmp_path):
        self.path = tmp_path / "园区.gpkg"
        project = Project(self.path)
        gdf = gpd.GeoDataFrame({"DKBH": list(NAMES.values()), "RJL": [1.0, 1.5, 2.0]},
                               geometry=list(BOXES.values()), crs=4527)
        layer = project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
        project.save()
        self.layer_id = layer.id
        self.store = Project.open(self.path).store

    def raw_update(self, fid: int, column: str, value) -> None:
        """Change a feature with GDAL's own ogrinfo, as QGIS (GDAL underneath) would."""
        literal = f"'{value}'" if isinstance(value, str) else repr(value)
        subprocess.run(["ogrinfo", str(self.path), "-q", "-sql",
                        f'UPDATE "地块" SET "{column}" = {literal} WHERE fid = {fid}'],
                       check=True, capture_output=True)


    def raw_delete(self, fid: int) -> None:
        subprocess.run(["ogrinfo", str(self.path), "-q", "-sql", f'DELETE FROM "地块" WHERE fid = {fid}'],
                       check=True, capture_output=True)

    def read_back(self) -> dict:
        """fid → (geometry, RJL) as an independent reader (GDAL) sees the layer."""
        import pyogrio
        read = pyogrio.read_dataframe(self.path, layer="地块", fid_as_index=True)
        return {int(fid): (read.loc[fid].geometry, read.loc[fid, "RJL"]) for fid in read.index}

    @contextlib.contextmanager
    def writer_holding_a_lock(self):
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()


SCHEMAS = itertools.count(1)


class PostGISFixture:
    """The same project published into a fresh schema of the test server; the store is the one
    ``Project.open(URL)`` gives. ``raw_update`` is a plain SQL UPDATE as psql or QGIS would send."""

    def __init__(self, server, tmp_path, monkeypatch):
        from pgserver import ADMIN_PASSWORD

        from parkgis.core.store.postgis import publish_project

        local = GeoPackageFixture(tmp_path)
        self.server = server
        self.schema = f"contract_{next(SCHEMAS)}_{os.getpid()}"
        monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
        publish_project(local.path, server.url(schema=self.schema))
        self.layer_id = local.layer_id
        self.store = Project.open(server.url(schema=self.schema)).store
        self.table = f'{self.schema}."地块"'

    def raw_update(self, fid: int, column: str, value) -> None:
        self.server.admin_sql(f'UPDATE {self.table} SET "{column}" = %s WHERE fid = %s', (value, fid))

    def raw_delete(self, fid: int) -> None:
        self.server.admin_sql(f"DELETE FROM {self.table} WHERE fid = %s", (fid,))

    def read_back(self) -> dict:
        rows = self.server.admin_sql(f'SELECT fid, ST_AsBinary(geom), "RJL" FROM {self.table}')
        return {int(fid): (shapely.from_wkb(bytes(wkb)), rjl) for fid, wkb, rjl in rows}

    @contextlib.contextmanager
    def writer_holding_a_lock(self):
        holder = self.server.connect()
        holder.autocommit = False
        holder.execute(f"LOCK TABLE {self.table} IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()


@pytest.fixture(params=["geopackage", "postgis"])
def backend(request, tmp_path, monkeypatch):
    if request.param == "postgis":
        fixture = PostGISFixture(request.getfixturevalue("postgis_server"), tmp_path, monkeypatch)
        yield fixture
        fixture.store.close()
        return
    yield GeoPackageFixture(tmp_path)


def state(fid, **changes):
    attributes = {"DKBH": NAMES[fid], "RJL": {1: 1.0, 2: 1.5, 3: 2.0}[fid]}
    attributes.update(changes.pop("attributes", {}))
    return FeatureState(changes.pop("geometry", BOXES[fid]), attributes)


def change_set(backend, *changes, reason=None):
    return ChangeSet(backend.layer_id, "地块", list(changes), session_id="s1", reason=reason)


def test_fresh_features_are_at_version_1_and_unknown_fids_at_0(backend):
    current = backend.store.current(backend.layer_id, [1, 2, 3, 99])
    assert {fid: v for fid, (v, _s) in current.items()} == {1: 1, 2: 1, 3: 1, 99: 0}
    assert current[99][1] is None
    assert current[2][1].geometry.equals_exact(BOXES[2], 0)
    assert current[2][1].attributes == {"DKBH": "A-02", "RJL": 1.5}


def test_a_commit_writes_exactly_the_changes_and_moves_versions(backend):
    moved = shapely.box(0, 0, 120, 100)
    new = FeatureState(shapely.box(600, 0, 700, 100), {"DKBH": "A-04", "RJL": None})
    (fid,) = backend.store.reserve_fids(backend.layer_id, 1)
    assert fid == 4
    result = backend.store.commit(change_set(
        backend,
        FeatureChange(1, state(1), state(1, geometry=moved), 1),
        FeatureChange(2, state(2), state(2, attributes={"RJL": 2.5}), 1),
        FeatureChange(3, state(3), None, 1),
        FeatureChange(4, None, new, 0)))
    assert sorted(result.committed) == [1, 2, 3, 4] and result.skipped == []
    current = backend.store.current(backend.layer_id, [1, 2, 3, 4])
    assert current[1][0] == 2 and current[1][1].geometry.equals_exact(moved, 0)
    assert current[2][0] == 2 and current[2][1].attributes["RJL"] == 2.5
    assert current[3] == (2, None)                      # deleted: gone, and its version moved on
    assert current[4][0] == 1 and current[4][1].attributes == {"DKBH": "A-04", "RJL": None}
    # what an independent reader (GDAL; plain SQL) reads back agrees
    read = backend.read_back()
    assert sorted(read) == [1, 2, 4]
    assert read[1][0].equals_exact(moved, 0)
    assert read[2][1] == 2.5


def test_a_stale_commit_is_refused_whole_with_the_three_versions(backend):
    backend.raw_update(2, "DKBH", "改过")
    mine = state(2, attributes={"RJL": 9.0})
    with pytest.raises(ConflictError) as caught:
        backend.store.commit(change_set(backend, FeatureChange(1, state(1), state(1, attributes={"RJL": 3.0}), 1),
                                        FeatureChange(2, state(2), mine, 1)))
    (conflict,) = caught.value.conflicts
    assert caught.value.fids == [2]
    assert (conflict.base_version, conflict.current_version) == (1, 2)
    assert conflict.theirs.attributes["DKBH"] == "改过" and conflict.mine is mine and conflict.base == state(2)
    current = backend.store.current(backend.layer_id, [1, 2])
    assert current[1][1].attributes["RJL"] == 1.0      # the non-conflicting change was not written either
    assert current[2][1].attributes == {"DKBH": "改过", "RJL": 1.5}
    assert backend.store.audit_rows(backend.layer_id) == []


def test_skip_writes_the_others(backend):
    backend.raw_update(2, "RJL", 7.0)
    result = backend.store.commit(change_set(backend, FeatureChange(1, state(1), state(1, attributes={"RJL": 3.0}), 1),
                                             FeatureChange(2, state(2), state(2, attributes={"RJL": 9.0}), 1)),
                                  on_conflict="skip")
    assert result.committed == [1] and [c.fid for c in result.skipped] == [2]
    current = backend.store.current(backend.layer_id, [1, 2])
    assert current[1][1].attributes["RJL"] == 3.0 and current[2][1].attributes["RJL"] == 7.0


def test_a_deleted_feature_is_a_conflict_for_an_editor_of_it(backend):
    backend.raw_delete(3)
    with pytest.raises(ConflictError) as caught:
        backend.store.commit(change_set(backend, FeatureChange(3, state(3), state(3, attributes={"RJL": 5.0}), 1)))
    assert caught.value.conflicts[0].theirs is None


def test_each_committed_change_has_one_audit_row_with_wkb_before_and_after(backend):
    moved = shapely.box(0, 0, 150, 100)
    backend.store.commit(change_set(backend, FeatureChange(1, state(1), state(1, geometry=moved), 1),
                                    FeatureChange(2, state(2), state(2, attributes={"DKBH": "B-02"}), 1),
                                    reason="按批复调整"))
    rows = backend.store.audit_rows(backend.layer_id)
    assert [(r["fid"], r["action"], r["version"], r["reason"], r["session_id"]) for r in rows] == [
        (1, "geometry", 2, "按批复调整", "s1"), (2, "attributes", 2, "按批复调整", "s1")]
    assert shapely.from_wkb(rows[0]["geometry_before"]).equals_exact(BOXES[1], 0)
    assert shapely.from_wkb(rows[0]["geometry_after"]).equals_exact(moved, 0)
    assert rows[1]["layer"] == "地块" and rows[1]["layer_id"] == backend.layer_id
    assert '"changed": ["DKBH"]' in rows[1]["detail"]


def test_history_lists_versions_oldest_first(backend):
    first, second = shapely.box(0, 0, 110, 100), shapely.box(0, 0, 130, 100)
    backend.store.commit(change_set(backend, FeatureChange(1, state(1), state(1, geometry=first), 1)))
    backend.store.commit(change_set(backend, FeatureChange(1, state(1, geometry=first),
                                                           state(1, geometry=second), 2)))
    history = backend.store.history(backend.layer_id, 1)
    assert [(h.version, h.operation) for h in history] == [(1, "stored"), (2, "geometry"), (3, "geometry")]
    assert [h.state.geometry.bounds[2] for h in history] == [100, 110, 130]


def test_reserved_fids_are_never_given_again_even_after_a_delete(backend):
    assert backend.store.reserve_fids(backend.layer_id, 2) == [4, 5]
    backend.store.commit(change_set(backend, FeatureChange(3, state(3), None, 1)))
    assert backend.store.reserve_fids(backend.layer_id, 1) == [6]


def test_a_busy_file_waits_then_says_so(backend, monkeypatch):
    from parkgis.core.store import postgis
    monkeypatch.setattr(geopackage, "BUSY_TIMEOUT_S", 0.2)
    monkeypatch.setattr(postgis, "BUSY_TIMEOUT_S", 0.2)
    with backend.writer_holding_a_lock():
        with pytest.raises(DataError, match="another program is writing the project"):
            backend.store.commit(change_set(backend, FeatureChange(1, state(1), state(1, attributes={"RJL": 3.0}), 1)))
    assert backend.store.current(backend.layer_id, [1])[1][1].attributes["RJL"] == 1.0


def test_a_failing_write_rolls_the_whole_commit_back(backend):
    bad = FeatureState(BOXES[2], {"DKBH": "A-02", "RJL": 1.5, "NO_SUCH": 1})
    with pytest.raises(DataError, match="commit failed while writing features"):
        backend.store.commit(change_set(backend, FeatureChange(1, state(1), state(1, attributes={"RJL": 3.0}), 1),
                                        FeatureChange(2, state(2), bad, 1)))
    current = backend.store.current(backend.layer_id, [1])
    assert current[1] [0] == 1 and current[1][1].attributes["RJL"] == 1.0
    assert backend.store.audit_rows(backend.layer_id) == []
