"""``parkgis db publish`` / ``db grant`` and the project commands on a database URL, run as a user
runs them (a real process), against the private server of ``tests/pgserver.py``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import geopandas as gpd
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

X0, Y0 = 500_000, 4_400_000      # EPSG:4545


def parkgis(*argv, password=None, check=True):
    from pgserver import ADMIN_PASSWORD
    env = {**os.environ, "PARKGIS_LANG": "en", "PGPASSWORD": password or ADMIN_PASSWORD}
    proc = subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True, env=env)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def make_project(tmp_path):
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    parcels = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"]},
                               geometry=[shapely.box(X0, Y0, X0 + 100, Y0 + 100),
                                         shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 100)], crs=4545)
    # the red line covers the east half of A-01 (5 000 m²) and nothing of A-02
    red = gpd.GeoDataFrame({"NAME": ["红线"]}, geometry=[shapely.box(X0 + 50, Y0 - 50, X0 + 150, Y0 + 150)], crs=4545)
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.add_layer(VectorLayer("生态保护红线", red, role=Role.ECO_REDLINE))
    project.save()
    return path


def test_publish_then_check_webmap_and_history_take_the_url(postgis_server, tmp_path):
    path = make_project(tmp_path)
    url = postgis_server.url(schema="cli_publish")
    out = parkgis("db", "publish", path, postgis_server.url(), "--schema", "cli_publish", "--json")
    outcome = json.loads(out.stdout)
    assert outcome["layers"] == {"地块": 2, "生态保护红线": 1} and outcome["url"] == url
    assert "published" in out.stderr and "2 layers, 3 features" in out.stderr
    local = json.loads(parkgis("check", path, "--format", "json").stdout)
    remote = json.loads(parkgis("check", url, "--format", "json").stdout)
    assert remote["parcels"] == local["parcels"]
    a01 = next(p for p in remote["parcels"] if p["id"] == "A-01")
    assert a01["status"] == "prohibited" and a01["conflicts"][0]["area_m2"] == 5000.0
    html = tmp_path / "map.html"
    parkgis("webmap", url, "-o", html)
    assert "A-02" in html.read_text(encoding="utf-8")
    project = Project.open(url.replace("parkgis_admin@", "parkgis_admin:" + _pw() + "@"))
    with project.edit("地块") as edit:
        edit.set_attribute(2, "DKBH", "A-02改")
    project.close()
    history = json.loads(parkgis("history", url, "--layer", "地块", "--fid", 2, "--json").stdout)
    assert [(h["version"], h["operation"]) for h in history] == [(1, "stored"), (2, "attributes")]
    assert history[1]["attributes"]["DKBH"] == "A-02改"


def _pw():
    from pgserver import ADMIN_PASSWORD
    return ADMIN_PASSWORD


def test_bad_inputs_are_one_line_exit_1_and_never_show_the_password(postgis_server, tmp_path):
    url = postgis_server.url(schema="cli_missing")
    proc = parkgis("check", url, password="wrong", check=False)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "wrong password for user parkgis_admin" in proc.stderr
    secret = url.replace("parkgis_admin@", "parkgis_admin:hunter2@")
    proc = parkgis("history", secret, check=False)
    assert proc.returncode == 1 and "hunter2" not in proc.stderr + proc.stdout
    proc = parkgis("check", url, check=False)
    assert proc.returncode == 1 and "the database has no schema cli_missing" in proc.stderr
    proc = parkgis("db", "grant", postgis_server.url(schema="cli_missing"), "--role", "boss", check=False)
    assert proc.returncode == 2
    proc = parkgis("db", "publish", make_project(tmp_path), "postgresql://x@127.0.0.1:1/db", check=False)
    assert proc.returncode == 1 and "cannot reach the database server at 127.0.0.1:1" in proc.stderr


def test_grant_planner_from_the_command_line(postgis_server, tmp_path):
    path = make_project(tmp_path)
    parkgis("db", "publish", path, postgis_server.url(schema="cli_grant"))
    postgis_server.admin_sql("CREATE ROLE planner_li LOGIN PASSWORD 'li-pw'")
    try:
        out = parkgis("db", "grant", postgis_server.url(schema="cli_grant"), "--role", "planner", "--to",
                      "planner_li", "--json")
        assert json.loads(out.stdout) == {"role": "cli_grant_planner", "members": ["planner_li"],
                                          "editable": ["地块"], "read_only": ["生态保护红线"]}
        assert "may edit 地块; read only 生态保护红线; granted to planner_li" in out.stderr
    finally:
        postgis_server.admin_sql("DROP OWNED BY planner_li; DROP ROLE planner_li")


def test_checkout_edit_offline_checkin_and_a_conflict_exits_1(postgis_server, tmp_path):
    path = make_project(tmp_path)
    url = postgis_server.url(schema="cli_offline")
    parkgis("db", "publish", path, url)
    copy = tmp_path / "离线.gpkg"
    out = parkgis("db", "checkout", url, copy, "--json")
    assert json.loads(out.stdout)["layers"] == {"地块": 2, "生态保护红线": 1}
    offline = Project.open(copy)
    with offline.edit("地块") as edit:
        edit.set_attribute(2, "DKBH", "A-02离线")
    offline.close()
    done = parkgis("db", "checkin", copy, "--json")
    assert json.loads(done.stdout)["committed"] == {"地块": [2]}
    assert "1 feature(s) committed" in done.stderr
    office = Project.open(url.replace("parkgis_admin@", "parkgis_admin:" + _pw() + "@"))
    assert office.layer("地块").feature(2).attributes["DKBH"] == "A-02离线"
    with office.edit("地块") as edit:
        edit.set_attribute(1, "DKBH", "办公室改")
    office.close()
    offline = Project.open(copy)
    with offline.edit("地块") as edit:
        edit.set_attribute(1, "DKBH", "离线改")
    offline.close()
    refused = parkgis("db", "checkin", copy, check=False)
    assert refused.returncode == 1 and "conflict: feature(s) 1 were changed by someone else" in refused.stderr
    skipped = parkgis("db", "checkin", copy, "--skip-conflicts")
    assert "0 feature(s) committed; 1 left out (changed in the database meanwhile): 地块 1" in skipped.stderr
