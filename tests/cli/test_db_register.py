"""The 标准地 register and the pre-auction check on a team database: the sample project published with
``parkgis db publish``, then the register's and 拍前体检's commands given the URL, run as a user runs them
(a real process) against the private server of ``tests/pgserver.py``; the oracle is the same command on
the project file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_db_cli import parkgis

from parkgis.core.project import Project
from parkgis.core.store.base import ConflictError

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


@pytest.fixture(scope="module")
def published(postgis_server, tmp_path_factory):
    """(the sample's file, the URL of its published copy) — the file is a copy in tmp."""
    path = tmp_path_factory.mktemp("register") / "ordos.gpkg"
    shutil.copy(SAMPLE, path)
    schema = f"register_{os.getpid()}"
    parkgis("db", "publish", path, postgis_server.url(), "--schema", schema)
    return path, postgis_server.url(schema=schema)


def _json(*argv):
    return json.loads(parkgis(*argv).stdout)


def test_the_register_commands_read_the_same_register_from_the_url(published):
    path, url = published
    local = _json("parcels", "list", path, "--json")
    assert len(local["parcels"]) == 42
    assert _json("parcels", "list", url, "--json") == local
    assert _json("idle", url, "--json", "--as-of", "2026-11-30") == _json("idle", path, "--json", "--as-of", "2026-11-30")
    assert _json("parcels", "check", url, "--json") == _json("parcels", "check", path, "--json")


def test_the_ledger_exported_from_the_url_is_the_files_and_imports_back(published, tmp_path):
    path, url = published
    parkgis("parcels", "export", path, tmp_path / "file.csv")
    parkgis("parcels", "export", url, tmp_path / "db.csv")
    for suffix in (".csv", ".events.csv"):
        assert (tmp_path / f"db{suffix}").read_text(encoding="utf-8-sig") == \
            (tmp_path / f"file{suffix}").read_text(encoding="utf-8-sig")
    out = parkgis("parcels", "import", url, tmp_path / "db.csv", "--json", check=False)
    assert out.returncode == 0, out.stderr     # the register's own ledger: nothing to change


def test_the_pre_auction_check_gives_the_same_verdict_on_the_url(published, tmp_path):
    path, url = published
    local = _json("precheck", path, "--parcel", "ZGE-B4-01", "--json")
    remote = _json("precheck", url, "--parcel", "ZGE-B4-01", "--json")
    assert remote["parcels"] == local["parcels"]
    assert remote["parcels"][0]["verdict"] == local["parcels"][0]["verdict"]
    pdf = tmp_path / "B4-01.pdf"
    parkgis("precheck", url, "--parcel", "ZGE-B4-01", "-o", pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    for where, name in ((path, "file"), (url, "db")):
        parkgis("boundary-points", where, "--parcel", "ZGE-B4-01", "--layer", "地块", "-o", tmp_path / f"{name}.csv")
    assert (tmp_path / "db.csv").read_bytes() == (tmp_path / "file.csv").read_bytes()
    assert "J1" in (tmp_path / "db.csv").read_text(encoding="utf-8-sig")
    missing = parkgis("precheck", url, "--parcel", "B4-01", check=False)
    assert missing.returncode == 1
    assert "no parcel with 地块编号 B4-01" in missing.stderr and "(unsaved project)" not in missing.stderr
    assert "schema=" in missing.stderr and "admin-secret" not in missing.stderr    # the URL, masked


def test_a_stage_recorded_through_the_url_is_in_the_database_with_its_audit(published, postgis_server):
    path, url = published
    before = {p["id"]: p for p in _json("parcels", "list", url, "--json")["parcels"]}
    assert before["ZGE-B4-01"]["stage"] == "挂牌"
    schema = url.rsplit("schema=", 1)[1]
    # another client took the next event id meanwhile (reserved, not yet committed): never given twice
    taken = postgis_server.admin_sql(f"SELECT nextval('{schema}.parkgis_fid_parkgis_parcel_events')")[0][0]
    assert taken == 243
    out = parkgis("parcels", "stage", url, "ZGE-B4-01", "成交", "--date", "2026-12-01", "--by", "准格尔自然资源局")
    assert out.returncode == 0
    after = {p["id"]: p for p in _json("parcels", "list", url, "--json")["parcels"]}
    assert after["ZGE-B4-01"]["stage"] == "成交"
    assert {k: v for k, v in after.items() if k != "ZGE-B4-01"} == \
        {k: v for k, v in before.items() if k != "ZGE-B4-01"}
    # the file it was published from is not touched
    assert {p["id"]: p for p in _json("parcels", "list", path, "--json")["parcels"]}["ZGE-B4-01"]["stage"] == "挂牌"
    rows = postgis_server.admin_sql(
        f"SELECT action, db_user, attributes_after FROM {url.rsplit('schema=', 1)[1]}.parkgis_audit "
        "WHERE layer_id = 'parkgis_parcel_events' ORDER BY id DESC LIMIT 1")
    action, db_user, attributes = rows[0]
    assert (action, db_user) == ("stage", "parkgis_admin")
    event = json.loads(attributes)
    assert (event["parcel_id"], event["stage"], event["date"]) == ("ZGE-B4-01", "成交", "2026-12-01")
    # the event's id came from the table's sequence: above every id the published register held
    top = postgis_server.admin_sql(f"SELECT max(fid) FROM {url.rsplit('schema=', 1)[1]}.parkgis_parcel_events")[0][0]
    assert top == 244


def test_two_sessions_changing_one_register_row_the_second_is_refused_with_the_versions(published, monkeypatch):
    from pgserver import ADMIN_PASSWORD
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    _path, url = published
    first, second = Project.open(url), Project.open(url)
    try:
        a, b = first.edit_register(), second.edit_register()
        a.set("DLT-E8-02", buyer="鄂尔多斯市甲公司")
        b.set("DLT-E8-02", buyer="鄂尔多斯市乙公司")
        a.commit()
        with pytest.raises(ConflictError) as caught:
            b.commit()
        (conflict,) = caught.value.conflicts
        assert conflict.theirs.attributes["buyer"] == "鄂尔多斯市甲公司"
        assert conflict.mine.attributes["buyer"] == "鄂尔多斯市乙公司"
        assert conflict.current_version == conflict.base_version + 1
        assert conflict.base.attributes["buyer"] != "鄂尔多斯市甲公司"
        assert b.has_changes      # the refused session keeps its edit
    finally:
        first.close()
        second.close()
    reopened = Project.open(url)
    try:
        from parkgis.core.parcels.register import load_register
        assert load_register(reopened).get("DLT-E8-02").buyer == "鄂尔多斯市甲公司"
    finally:
        reopened.close()


def test_a_planner_records_a_stage_a_viewer_is_refused_in_words(published, postgis_server):
    _path, url = published
    schema = url.rsplit("schema=", 1)[1]
    postgis_server.admin_sql("CREATE ROLE planner_zhao LOGIN PASSWORD 'zhao-pw'; "
                             "CREATE ROLE viewer_qian LOGIN PASSWORD 'qian-pw'")
    try:
        parkgis("db", "grant", url, "--role", "planner", "--to", "planner_zhao")
        parkgis("db", "grant", url, "--role", "viewer", "--to", "viewer_qian")
        as_planner = url.replace("parkgis_admin@", "planner_zhao@")
        out = parkgis("parcels", "stage", as_planner, "MS-V10-02", "交地", "--date", "2026-12-02",
                      password="zhao-pw", check=False)
        assert out.returncode == 0, out.stderr
        by = postgis_server.admin_sql(f"SELECT db_user FROM {schema}.parkgis_audit ORDER BY id DESC LIMIT 1")[0][0]
        assert by == "planner_zhao"
        as_viewer = url.replace("parkgis_admin@", "viewer_qian@")
        refused = parkgis("parcels", "set", as_viewer, "HJ-O7-04", "buyer=某公司",
                          password="qian-pw", check=False)
        assert refused.returncode == 1
        assert "permission denied" in refused.stderr and "viewer_qian" in refused.stderr
        assert "nothing was written" in refused.stderr
    finally:
        postgis_server.admin_sql(f"REVOKE {schema}_planner FROM planner_zhao; REVOKE {schema}_viewer FROM viewer_qian; "
                                 "DROP OWNED BY planner_zhao; DROP OWNED BY viewer_qian; "
                                 "DROP ROLE planner_zhao; DROP ROLE viewer_qian")


def test_annual_figures_committed_through_the_url_grade_the_same_as_in_the_file(published, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.parcels.figures import AnnualFigures, figures_change_builder, load_figures
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    path, url = published
    local = tmp_path / "local.gpkg"
    shutil.copy(path, local)
    records = [AnnualFigures(year=2025, parcel_id=f"P-{k:02d}", enterprise=f"企业{k}", area_mu=10, tax_wan=10 * k,
                             sales_wan=100 * k, value_added_wan=50 * k, energy_tce=50, rd_wan=k, staff=10)
               for k in range(1, 21)]
    for where in (str(local), url):
        project = Project.open(where)
        try:
            session = project.edit_register()
            session.commit(also=figures_change_builder([(None, f) for f in records]))
            session.close()
        finally:
            project.close()
    remote = _json("evaluate", url, "--year", "2025", "--json")
    assert remote == _json("evaluate", local, "--year", "2025", "--json")
    assert remote["summary"]["counts"] == {"A": 5, "B": 9, "C": 5, "D": 1}     # 20 firms: 25/45/25/5 %
    project = Project.open(url)
    try:
        stored = load_figures(project)
    finally:
        project.close()
    assert sorted(s.figures.parcel_id for s in stored) == [f"P-{k:02d}" for k in range(1, 21)]
    assert len({s.fid for s in stored}) == 20 and all(s.version == 1 for s in stored)


def test_a_team_project_without_a_register_gets_its_tables_at_the_first_register_commit(postgis_server, tmp_path):
    from test_db_cli import make_project

    path = make_project(tmp_path)
    url = postgis_server.url(schema=f"no_register_{os.getpid()}")
    parkgis("db", "publish", path, url)
    assert _json("parcels", "list", url, "--json") == {"parcels": []}
    out = parkgis("parcels", "from-layer", url, check=False)
    assert out.returncode == 0, out.stderr
    listed = _json("parcels", "list", url, "--json")["parcels"]
    assert [(p["id"], p["area_m2"]) for p in listed] == [("A-01", 10000.0), ("A-02", 10000.0)]
    schema = url.rsplit("schema=", 1)[1]
    triggers = postgis_server.admin_sql(
        "SELECT count(*) FROM information_schema.triggers WHERE event_object_schema = %s "
        "AND event_object_table = 'parkgis_parcels'", (schema,))[0][0]
    assert triggers == 2                     # the version triggers: update and delete
    unique = parkgis("parcels", "from-layer", url)          # again: nothing new, nothing doubled
    assert unique.returncode == 0
    assert len(_json("parcels", "list", url, "--json")["parcels"]) == 2


def test_the_register_commands_take_a_saved_profile(published, tmp_path):
    import subprocess
    import sys

    from pgserver import ADMIN_PASSWORD
    _path, url = published
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "PARKGIS_CONFIG_DIR")}
    env.update(HOME=str(tmp_path), PGPASSWORD=ADMIN_PASSWORD, PARKGIS_LANG="en")   # the user's own home

    def run(*argv):
        return subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True,
                              env=env)

    assert run("db", "profile", "add", "准格尔", url).returncode == 0
    assert (tmp_path / ".config" / "parkgis" / "connections.json").exists()
    for argv in (("parcels", "list"), ("idle", "--as-of", "2026-11-30")):
        by_profile = run(*argv[:1], "profile:准格尔", *argv[1:], "--json") if argv[0] == "idle" else \
            run(*argv, "profile:准格尔", "--json")
        assert by_profile.returncode == 0, by_profile.stderr
        by_url = run(*argv[:1], url, *argv[1:], "--json") if argv[0] == "idle" else run(*argv, url, "--json")
        assert json.loads(by_profile.stdout) == json.loads(by_url.stdout)
        assert len(json.loads(by_profile.stdout)["parcels"]) == 42
    verdict = run("precheck", "profile:准格尔", "--parcel", "ZGE-B4-01", "--json")
    assert verdict.returncode == 0, verdict.stderr
    assert json.loads(verdict.stdout)["parcels"][0]["id"] == "ZGE-B4-01"
    unknown = run("parcels", "list", "profile:没有")
    assert unknown.returncode == 2 and "no connection profile 没有" in unknown.stderr
