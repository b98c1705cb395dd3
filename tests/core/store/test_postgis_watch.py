"""The live change warning's core: a LISTEN thread that calls back with (layer_id, fid, version)
of each commit by anyone, reconnects after a server restart, and the questions asked of the edit
sessions (only the features they change, who changed them). Against the private server."""

from __future__ import annotations

import itertools
import os
import queue

import geopandas as gpd
import pytest
import shapely

from parkgis.core.editing.elsewhere import changed_by, changed_elsewhere, concerns_sessions
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.store.postgis import grant_role, publish_project
from parkgis.core.store.watch import watch_changes

X0, Y0 = 500_000, 4_400_000      # EPSG:4545
SCHEMAS = itertools.count(1)

WAIT_S = 10          # generous: the calls return as soon as the callback came


def make_local(tmp_path):
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    parcels = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"], "RJL": [1.0, 1.2]},
                               geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100),
                                         shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 100)], crs=4545)
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.save()
    return path


@pytest.fixture
def published(postgis_server, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    schema = f"watch_{next(SCHEMAS)}_{os.getpid()}"
    url = postgis_server.url(schema=schema)
    publish_project(make_local(tmp_path), url)
    return postgis_server, url


def commit_rjl(url, fid, value):
    other = Project.open(url)
    with other.edit("地块") as edit:
        edit.set_attribute(fid, "RJL", value)
    other.close()


def test_a_commit_by_another_client_is_called_back_and_the_watch_survives_a_server_restart(published):
    server, url = published
    project = Project.open(url)
    notes, states = queue.Queue(), queue.Queue()
    watcher = watch_changes(project, lambda *note: notes.put(note), states.put, wait_s=0.2, retry_s=0.2)
    try:
        assert states.get(timeout=WAIT_S) is True and watcher.live
        layer_id = project.layer("地块").id
        commit_rjl(url, 2, 1.5)
        assert notes.get(timeout=WAIT_S) == (layer_id, 2, 2)
        server.restart()
        assert states.get(timeout=WAIT_S) is False       # the connection dropped …
        assert states.get(timeout=WAIT_S) is True        # … and LISTEN is back on a new one
        commit_rjl(url, 1, 1.7)
        assert notes.get(timeout=WAIT_S) == (layer_id, 1, 2)
        assert notes.empty()
    finally:
        watcher.stop(wait=True)
        project.close()
    assert not watcher.running


def test_a_geopackage_project_has_no_watch(tmp_path):
    assert watch_changes(Project.open(make_local(tmp_path)), lambda *n: None) is None


def test_only_notes_about_edited_features_at_another_version_concern_the_sessions(published):
    server, url = published
    project = Project.open(url)
    layer_id = project.layer("地块").id
    session = project.edit("地块")
    session.set_geometry(1, shapely.box(X0, Y0, X0 + 95, Y0 + 100))
    notes = [(layer_id, 1, 1), (layer_id, 2, 2), ("other", 1, 5), (layer_id, 1, 2)]
    assert concerns_sessions(project, notes) == [(layer_id, 1, 2)]
    assert changed_elsewhere(project, notes) == []          # a note ahead of the database: nothing yet
    server.admin_sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'colleague_li') "
                     "THEN CREATE ROLE colleague_li LOGIN PASSWORD 'li-pw'; END IF; END $$")
    grant_role(url, "editor", ["colleague_li"])
    li = Project.open(url.replace("parkgis_admin@", "colleague_li:li-pw@"))
    with li.edit("地块") as edit:
        edit.set_attribute(1, "RJL", 1.9)
    li.close()
    (found,) = changed_elsewhere(project, [(layer_id, 1, 2)])
    assert (found.layer, found.conflict.fid, found.conflict.base_version, found.conflict.current_version) == \
        ("地块", 1, 1, 2)
    assert found.conflict.theirs.attributes["RJL"] == 1.9 and found.conflict.mine.geometry.area == 9500.0
    assert found.user.endswith("(colleague_li)")
    assert changed_elsewhere(project, [(layer_id, 2, 2)]) == []    # named, but not edited here
    assert [item.conflict.fid for item in changed_elsewhere(project)] == [1]   # the poll finds it too
    server.admin_sql(f'UPDATE {url.rsplit("schema=", 1)[1]}."地块" SET "RJL" = 4 WHERE fid = 1')   # psql
    assert changed_by(project, layer_id, 1, 3) is None        # no audit row: written outside parkgis
    project.close()
