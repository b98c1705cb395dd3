"""The team database beyond the store contract: a project opened from its URL, two editors with
optimistic locking, roles enforced by the database's GRANTs, and the faults (wrong password,
unreachable server, a schema that is no project, a table without a primary key, a connection
dropped mid-commit). Runs against the private server of ``tests/pgserver.py``."""

from __future__ import annotations

import itertools
import os

import geopandas as gpd
import pytest
import shapely

from parkgis.core.errors import DataError, UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.store.base import ConflictError
from parkgis.core.store.postgis import grant_role, mask_url, publish_project

X0, Y0 = 500_000, 4_400_000      # EPSG:4545, CGCS2000 / 3° GK CM 108°E (Ordos)
SCHEMAS = itertools.count(1)


def make_local(tmp_path):
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    parcels = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"], "RJL": [1.0, 1.2]},
                               geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100),
                                         shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 100)], crs=4545)
    red = gpd.GeoDataFrame({"NAME": ["生态保护红线"]}, geometry=[shapely.box(X0 + 50, Y0, X0 + 250, Y0 + 100)], crs=4545)
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.add_layer(VectorLayer("生态保护红线", red, role=Role.ECO_REDLINE))
    project.save()
    return path


@pytest.fixture
def team(postgis_server, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    schema = f"team_{next(SCHEMAS)}_{os.getpid()}"
    url = postgis_server.url(schema=schema)
    publish_project(make_local(tmp_path), url)
    return postgis_server, url, schema


def test_a_published_project_opens_from_its_url_with_fids_roles_and_styles(team, tmp_path):
    _server, url, _schema = team
    local = Project.open(tmp_path / "园区.gpkg")
    remote = Project.open(url)
    assert [(lyr.name, lyr.role, lyr.id) for lyr in remote.layers] == \
        [(lyr.name, lyr.role, lyr.id) for lyr in local.layers]
    parcels = remote.layer("地块")
    assert sorted(parcels.gdf.index) == [1, 2]
    assert parcels.gdf.crs.to_epsg() == 4545
    assert parcels.feature(2).geometry.equals_exact(shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 100), 0)
    assert remote.layer("生态保护红线").locked is True
    assert parcels.style == local.layer("地块").style
    remote.set_locked("地块", True)                          # project-level changes save into the schema
    remote.save()
    again = Project.open(url)
    assert again.layer("地块").locked is True
    assert [r["action"] for r in again.store.audit_rows() if r["action"] == "lock layer"] == ["lock layer"]
    again.layer("地块").name = "改名"
    with pytest.raises(UsageError, match="layers cannot be added, removed or renamed in a team database"):
        again.save()


def test_two_editors_of_one_parcel_the_second_gets_the_three_versions_and_nothing_is_lost(team):
    _server, url, _schema = team
    alice, bob = Project.open(url), Project.open(url)
    with alice.edit("地块") as edit:
        edit.set_attribute(1, "RJL", 1.5)
    session = bob.edit("地块")
    session.set_attribute(1, "RJL", 2.0)
    with pytest.raises(ConflictError) as caught:
        session.commit()
    (conflict,) = caught.value.conflicts
    assert (conflict.base_version, conflict.current_version) == (1, 2)
    assert (conflict.base.attributes["RJL"], conflict.theirs.attributes["RJL"], conflict.mine.attributes["RJL"]) \
        == (1.0, 1.5, 2.0)
    assert session.has_changes                               # bob's edit is kept for him to decide
    session.resolve(1, "mine")
    session.commit()
    reread = Project.open(url).layer("地块")
    assert reread.feature(1).attributes["RJL"] == 2.0 and reread.version(1) == 3
    rows = Project.open(url).store.audit_rows()
    assert [(r["fid"], r["version"], r["db_user"], r["client"]) for r in rows if r["fid"] is not None] == \
        [(1, 2, "parkgis_admin", "parkgis"), (1, 3, "parkgis_admin", "parkgis")]


def test_history_and_restore_work_on_the_database(team):
    _server, url, _schema = team
    project = Project.open(url)
    with project.edit("地块") as edit:
        edit.set_geometry(2, shapely.box(X0 + 200, Y0, X0 + 320, Y0 + 100))
    project.restore("地块", 2, 1, reason="撤回")
    again = Project.open(url)
    assert [(h.version, h.operation) for h in again.history("地块", 2)] == [(1, "stored"), (2, "geometry"),
                                                                          (3, "restore")]
    assert again.layer("地块").feature(2).geometry.bounds[2] == X0 + 300


def test_a_planner_edits_parcels_but_the_database_refuses_the_red_line_in_words(team):
    server, url, schema = team
    server.admin_sql("CREATE ROLE planner_wang LOGIN PASSWORD 'wang-pw'")
    planner = None
    try:
        outcome = grant_role(url, "planner", ["planner_wang"])
        assert outcome["editable"] == ["地块"] and outcome["read_only"] == ["生态保护红线"]
        os.environ["PGPASSWORD"] = "wang-pw"
        planner = Project.open(url.replace("parkgis_admin@", "planner_wang@"))
        with planner.edit("地块") as edit:
            edit.set_attribute(1, "RJL", 1.8)
        planner.layer("生态保护红线").locked = False      # the client lock lifted: the database still says no
        session = planner.edit("生态保护红线")
        session.set_attribute(1, "NAME", "改")
        with pytest.raises(DataError) as caught:
            session.commit()
        text = str(caught.value)
        assert "permission denied: database user planner_wang may not change table 生态保护红线" in text
        assert session.has_changes
        # the same refusal for psql: the GRANT, not the client, enforces it
        import psycopg
        with server.connect(user="planner_wang", password="wang-pw") as psql, \
                pytest.raises(psycopg.errors.InsufficientPrivilege):
            psql.execute(f'UPDATE {schema}."生态保护红线" SET "NAME" = %s', ("x",))
        assert server.admin_sql(f'SELECT "NAME" FROM {schema}."生态保护红线"') == [("生态保护红线",)]
    finally:
        if planner is not None:
            planner.close()
        server.admin_sql("DROP OWNED BY planner_wang; DROP ROLE planner_wang")


def test_a_wrong_password_is_one_clear_line_with_the_password_masked(team, monkeypatch):
    _server, url, _schema = team
    monkeypatch.setenv("PGPASSWORD", "wrong")
    with pytest.raises(DataError, match="wrong password for user parkgis_admin") as caught:
        Project.open(url)
    secret_url = url.replace("parkgis_admin@", "parkgis_admin:hunter2@")
    with pytest.raises(DataError) as caught:
        Project.open(secret_url)
    assert "hunter2" not in str(caught.value) and "wrong password" in str(caught.value)
    assert mask_url(secret_url) == url.replace("parkgis_admin@", "parkgis_admin:***@")


def test_no_password_anywhere_asks_the_prompt_then_says_where_to_put_it(team, monkeypatch, tmp_path):
    _server, url, _schema = team
    from pgserver import ADMIN_PASSWORD
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    asked = []
    project = Project.open(url, password_prompt=lambda label: asked.append(label) or ADMIN_PASSWORD)
    assert asked == [url] and project.layer("地块").feature(1) is not None
    with pytest.raises(DataError, match="the server asks for a password: set PGPASSWORD"):
        Project.open(url)


def test_an_unreachable_server_is_one_clear_line(postgis_server):
    from pgserver import _free_port
    url = f"postgresql://someone@127.0.0.1:{_free_port()}/nodb?schema=x"
    with pytest.raises(DataError, match=r"cannot reach the database server at 127\.0\.0\.1:\d+"):
        Project.open(url)


def test_a_schema_that_is_not_a_parkgis_project(team):
    server, url, schema = team
    server.admin_sql("CREATE SCHEMA other_stuff; CREATE TABLE other_stuff.t (a int)")
    with pytest.raises(DataError, match="schema other_stuff is not a parkgis project"):
        Project.open(url.replace(f"schema={schema}", "schema=other_stuff"))
    with pytest.raises(DataError, match="the database has no schema nothing_here"):
        Project.open(url.replace(f"schema={schema}", "schema=nothing_here"))


def test_a_layer_table_without_a_primary_key_is_named(team):
    server, url, schema = team
    server.admin_sql(f'ALTER TABLE {schema}."地块" DROP CONSTRAINT "地块_pkey"')
    with pytest.raises(DataError, match="table 地块 has no primary key fid"):
        Project.open(url)


def test_a_connection_dropped_mid_commit_writes_nothing_and_keeps_the_session(team):
    server, url, schema = team
    project = Project.open(url)
    session = project.edit("地块")
    session.set_attribute(1, "RJL", 3.3)
    session.set_attribute(2, "RJL", 4.4)
    store = project.store
    pid = store.connection().info.backend_pid
    server.admin_sql("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(DataError, match="the connection to the database was lost"):
        session.commit()
    assert session.has_changes
    assert server.admin_sql(f'SELECT "RJL" FROM {schema}."地块" ORDER BY fid') == [(1.0,), (1.2,)]
    session.commit()                                            # reconnects: committed once
    assert server.admin_sql(f'SELECT "RJL", parkgis_version FROM {schema}."地块" ORDER BY fid') == \
        [(3.3, 2), (4.4, 2)]


def test_publish_refuses_an_existing_schema_and_leaves_nothing_on_failure(team, tmp_path):
    server, url, schema = team
    with pytest.raises(DataError, match=f"schema {schema} already exists"):
        publish_project(tmp_path / "园区.gpkg", url)
    bad = tmp_path / "bad.gpkg"
    project = Project(bad)
    gdf = gpd.GeoDataFrame({"parkgis_version": [1]}, geometry=[shapely.box(X0, Y0, X0 + 1, Y0 + 1)], crs=4545)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    with pytest.raises(DataError, match="has a column named parkgis_version"):
        publish_project(bad, url, schema="never_made")
    assert server.admin_sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'never_made'") == [(0,)]


def test_a_session_is_told_before_its_save_that_someone_changed_its_parcel(team):
    _server, url, _schema = team
    alice, bob = Project.open(url), Project.open(url)
    listener = alice.store.listener()
    try:
        session = alice.edit("地块")
        session.set_attribute(1, "RJL", 1.7)
        session.set_attribute(2, "RJL", 1.9)
        assert session.changed_elsewhere() == []
        with bob.edit("地块") as edit:
            edit.set_geometry(1, shapely.box(X0, Y0, X0 + 90, Y0 + 100))
        layer_id = alice.layer("地块").id
        assert listener.poll(timeout=5) == [(layer_id, 1, 2)]          # NOTIFY from the database's trigger
        (stale,) = session.changed_elsewhere()
        assert (stale.fid, stale.base_version, stale.current_version) == (1, 1, 2)
        assert stale.theirs.geometry.area == 9000.0 and stale.mine.attributes["RJL"] == 1.7
        assert stale.base.geometry.area == 10000.0
    finally:
        listener.close()


def test_offline_a_park_goes_out_is_edited_and_comes_back_through_the_same_locking(team, tmp_path):
    from parkgis.core.store.offline import bring_back, take_offline

    _server, url, _schema = team
    copy = tmp_path / "离线.gpkg"
    assert take_offline(url, copy)["layers"] == {"地块": 2, "生态保护红线": 1}
    offline = Project.open(copy)
    with offline.edit("地块") as edit:
        edit.set_attribute(1, "RJL", 2.2)
        new_fid = edit.add_feature(shapely.box(X0 + 400, Y0, X0 + 500, Y0 + 100), {"DKBH": "A-03", "RJL": 1.0})
    offline.close()
    office = Project.open(url)
    with office.edit("地块") as edit:                      # meanwhile in the office: another parcel
        edit.set_attribute(2, "RJL", 1.4)
    outcome = bring_back(copy)
    assert outcome["committed"]["地块"][0] == 1 and len(outcome["committed"]["地块"]) == 2
    db_fid = outcome["added"]["地块"][str(new_fid)]
    assert db_fid >= 3
    now = Project.open(url).layer("地块")
    assert now.feature(1).attributes["RJL"] == 2.2 and now.feature(2).attributes["RJL"] == 1.4
    assert now.feature(db_fid).attributes["DKBH"] == "A-03"
    assert bring_back(copy)["committed"] == {}               # nothing is sent twice
    # the same parcel edited offline and in the office: refused with the three versions, nothing written
    offline = Project.open(copy)
    with offline.edit("地块") as edit:
        edit.set_attribute(1, "RJL", 9.9)
    offline.close()
    office = Project.open(url)
    with office.edit("地块") as edit:
        edit.set_attribute(1, "RJL", 3.0)
    with pytest.raises(ConflictError) as caught:
        bring_back(copy)
    (conflict,) = caught.value.conflicts
    assert (conflict.theirs.attributes["RJL"], conflict.mine.attributes["RJL"]) == (3.0, 9.9)
    assert Project.open(url).layer("地块").feature(1).attributes["RJL"] == 3.0


def test_the_password_comes_from_the_system_keyring_when_nothing_else_has_it(team, monkeypatch, tmp_path):
    import sys
    import types

    from pgserver import ADMIN_PASSWORD
    _server, url, _schema = team
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    asked = []
    fake = types.ModuleType("keyring")
    fake.get_password = lambda service, key: asked.append((service, key)) or ADMIN_PASSWORD
    monkeypatch.setitem(sys.modules, "keyring", fake)
    project = Project.open(url)
    host_port = url.split("@", 1)[1].split("/", 1)[0]
    assert asked == [("parkgis", f"parkgis_admin@{host_port}/parkgis_test")]
    assert project.layer("地块").feature(1) is not None


def test_without_psycopg_a_database_url_says_what_to_install(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "psycopg", None)       # as if not installed
    with pytest.raises(UsageError, match=r"the team database needs psycopg 3: pip install 'parkgis\[team\]'"):
        Project.open("postgresql://wang@127.0.0.1:5432/city?schema=parkgis")


def test_after_a_check_in_a_later_offline_conflict_starts_from_the_checked_in_state(team, tmp_path):
    from parkgis.core.store.offline import bring_back, take_offline

    _server, url, _schema = team
    copy = tmp_path / "离线.gpkg"
    take_offline(url, copy)
    original = shapely.box(X0, Y0, X0 + 100, Y0 + 100)
    first = shapely.box(X0, Y0, X0 + 90, Y0 + 100)            # first offline edit: 9 000 m²
    offline = Project.open(copy)
    with offline.edit("地块") as edit:
        edit.set_geometry(1, first)
        edit.set_attribute(1, "RJL", 2.2)
    offline.close()
    assert bring_back(copy)["committed"] == {"地块": [1]}
    checked_in_version = Project.open(url).layer("地块").version(1)
    assert checked_in_version == 2
    offline = Project.open(copy)
    with offline.edit("地块") as edit:                        # second offline edit of the same parcel
        edit.set_geometry(1, shapely.box(X0, Y0, X0 + 80, Y0 + 100))
        edit.set_attribute(1, "RJL", 2.5)
    offline.close()
    office = Project.open(url)
    with office.edit("地块") as edit:                          # meanwhile the office changes it too
        edit.set_attribute(1, "RJL", 3.0)
    with pytest.raises(ConflictError) as caught:
        bring_back(copy)
    (conflict,) = caught.value.conflicts
    assert (conflict.base_version, conflict.current_version) == (checked_in_version, checked_in_version + 1)
    assert conflict.base.geometry.equals_exact(first, 0) and not conflict.base.geometry.equals(original)
    assert conflict.base.attributes["RJL"] == 2.2
    assert conflict.mine.attributes["RJL"] == 2.5 and conflict.theirs.attributes["RJL"] == 3.0
    # a second check-in after the conflict is skipped keeps that base: the skipped parcel is not lost
    outcome = bring_back(copy, on_conflict="skip")
    assert outcome["conflicts"] == {"地块": [1]}
    with pytest.raises(ConflictError) as again:
        bring_back(copy)
    assert again.value.conflicts[0].base.geometry.equals_exact(first, 0)


def test_a_parcel_added_offline_and_checked_in_is_later_edited_under_its_database_fid(team, tmp_path):
    from parkgis.core.store.offline import bring_back, take_offline

    _server, url, _schema = team
    copy = tmp_path / "离线.gpkg"
    take_offline(url, copy)
    office = Project.open(url)
    with office.edit("地块") as edit:                          # the office takes fid 3 meanwhile
        office_fid = edit.add_feature(shapely.box(X0, Y0 + 200, X0 + 100, Y0 + 300), {"DKBH": "B-01", "RJL": 1.0})
    offline = Project.open(copy)
    with offline.edit("地块") as edit:
        local_fid = edit.add_feature(shapely.box(X0 + 400, Y0, X0 + 500, Y0 + 100), {"DKBH": "A-03", "RJL": 1.0})
    offline.close()
    assert office_fid == local_fid == 3
    db_fid = int(bring_back(copy)["added"]["地块"][str(local_fid)])
    assert db_fid == 4
    offline = Project.open(copy)
    with offline.edit("地块") as edit:
        edit.set_attribute(local_fid, "RJL", 1.8)
    offline.close()
    assert bring_back(copy)["committed"] == {"地块": [db_fid]}
    now = Project.open(url).layer("地块")
    assert (now.feature(db_fid).attributes["DKBH"], now.feature(db_fid).attributes["RJL"]) == ("A-03", 1.8)
    assert (now.feature(office_fid).attributes["DKBH"], now.feature(office_fid).attributes["RJL"]) == ("B-01", 1.0)
