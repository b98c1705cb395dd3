"""``parkgis history``, ``restore`` and ``recover`` run as a user runs them (a real process)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time

import geopandas as gpd
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role


def parkgis(*argv, check=True):
    proc = subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True,
                          env={**__import__("os").environ, "PARKGIS_LANG": "en"})
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def make_project(tmp_path):
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"]}, geometry=[shapely.box(0, 0, 100, 100),
                                                                 shapely.box(200, 0, 300, 100)], crs=4527)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    return Project.open(path)


def test_history_lists_versions_and_restore_brings_one_back(tmp_path):
    project = make_project(tmp_path)
    with project.edit("地块") as edit:
        edit.set_geometry(1, shapely.box(0, 0, 150, 100))
    with project.edit("地块") as edit:
        edit.set_attribute(1, "DKBH", "A-01改")
    out = json.loads(parkgis("history", project.path, "--layer", "地块", "--fid", 1, "--json").stdout)
    assert [(v["version"], v["operation"]) for v in out] == [(1, "stored"), (2, "geometry"), (3, "attributes")]
    assert out[0]["geometry"] == "POLYGON ((100 0, 100 100, 0 100, 0 0, 100 0))"
    assert out[2]["attributes"]["DKBH"] == "A-01改"
    listing = parkgis("history", project.path).stdout.splitlines()
    assert [line.split("\t")[2:5] for line in listing] == [["地块", "1", "geometry"], ["地块", "1", "attributes"]]
    parkgis("restore", project.path, "--layer", "地块", "--fid", 1, "--version", 1, "--reason", "撤回调整")
    restored = Project.open(project.path).layer("地块").feature(1)
    assert restored.geometry.equals(shapely.box(0, 0, 100, 100)) and restored.attributes["DKBH"] == "A-01"
    last = json.loads(parkgis("history", project.path, "--layer", "地块", "--fid", 1, "--json").stdout)[-1]
    assert (last["version"], last["operation"], last["reason"]) == (4, "restore", "撤回调整")


def test_restore_of_a_version_that_does_not_exist_is_one_line(tmp_path):
    project = make_project(tmp_path)
    proc = parkgis("restore", project.path, "--layer", "地块", "--fid", 1, "--version", 7, check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "parkgis restore: error: feature 1 of layer 地块 has no version 7; versions: 1"]


def test_recover_lists_applies_and_discards_a_crashed_session(tmp_path):
    project = make_project(tmp_path)
    script = textwrap.dedent("""
        import sys, parkgis
        project = parkgis.open_project(sys.argv[1])
        edit = project.edit("地块")
        edit.set_attribute(2, "DKBH", "崩溃前")
        print("done", flush=True)
        import time; time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", script, str(project.path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "done"
    assert parkgis("recover", project.path).stdout == ""          # the session is alive: nothing to recover
    child.send_signal(signal.SIGKILL)
    child.communicate()
    time.sleep(0.1)
    listed = parkgis("recover", project.path, "--list").stdout.splitlines()
    assert [line.split("\t")[2:] for line in listed] == [["地块", "2", "change"]]
    proc = parkgis("recover", project.path, "--apply")
    assert "1 change(s) recovered and committed" in proc.stderr
    assert Project.open(project.path).layer("地块").feature(2).attributes["DKBH"] == "崩溃前"
    assert parkgis("recover", project.path, "--list").stdout == ""
    rows = json.loads(parkgis("history", project.path, "--json").stdout)
    assert [(r["fid"], r["reason"]) for r in rows] == [(2, "recovered after a crash")]
