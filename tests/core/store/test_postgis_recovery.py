"""A desktop editing a team-database project is killed (``kill -9``) with uncommitted edits of a layer
and of the 标准地 register: reopened, the project offers them for recovery — the journals live in the
user's parkgis folder, a database having no folder — and they reach the database once committed. The
child is a real ``python`` process with its own HOME; the oracle is what the API told it was done."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project

SAMPLE = Path(__file__).resolve().parents[3] / "layers" / "ordos_sample.gpkg"

CHILD = textwrap.dedent("""
    import json, sys
    from parkgis.core.project import Project
    project = Project.open(sys.argv[1])
    edit = project.edit("地块")
    fid = int(project.layer("地块").gdf.index[0])
    edit.set_attribute(fid, "DKMC", "崩溃前的名称")
    register = project.edit_register()
    register.set("ZGE-B4-01", buyer="崩溃前的竞得人")
    print(json.dumps({"fid": fid}), flush=True)
    import time
    time.sleep(600)
""")


@pytest.fixture
def published(postgis_server, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.store.postgis import publish_project
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    local = tmp_path / "ordos.gpkg"
    shutil.copy(SAMPLE, local)
    url = postgis_server.url(schema=f"recovery_{os.getpid()}")
    publish_project(local, url)
    return url


def test_uncommitted_edits_of_a_killed_session_on_a_team_database_are_recovered(published, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_CONFIG_HOME", "PARKGIS_CONFIG_DIR")}
    env["HOME"] = str(home)
    child = subprocess.Popen([sys.executable, "-c", CHILD, published], stdout=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    line = ""
    while not line and time.monotonic() < deadline:
        line = child.stdout.readline()
    child.send_signal(signal.SIGKILL)
    child.communicate()
    fid = json.loads(line)["fid"]
    journals = sorted((home / ".config" / "parkgis" / "journals").glob("*.parkgis-journal"))
    assert len(journals) == 2                    # the layer's session and the register's
    assert all("_recovery_" in p.name and "127.0.0.1" in p.name for p in journals)

    monkeypatch.setenv("HOME", str(home))        # the same user opens the project again
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("PARKGIS_CONFIG_DIR", raising=False)
    project = Project.open(published)
    try:
        assert sorted(c.layer for c in project.recoverable()) == ["地块", "标准地台账"]
        assert project.layer("地块").feature(fid).attributes["DKMC"] != "崩溃前的名称"    # nothing committed
        outcome = project.recover()
        assert outcome["conflicts"] == {}
        assert outcome["applied"]["地块"] == [fid]
        project.save()
    finally:
        project.close()
    reopened = Project.open(published)
    try:
        assert reopened.layer("地块").feature(fid).attributes["DKMC"] == "崩溃前的名称"
        assert load_register(reopened).get("ZGE-B4-01").buyer == "崩溃前的竞得人"
        assert reopened.recoverable() == []
    finally:
        reopened.close()
    assert not list((home / ".config" / "parkgis" / "journals").glob("*.parkgis-journal"))
