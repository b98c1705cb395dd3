"""Faults: a process killed mid-session or mid-commit, a full disk, a read-only file, a torn journal.

The child processes are real ``python`` processes running the scripting API; they print what the
API reported done, and the parent checks, after ``kill -9``, that every one of those changes is
recovered — the oracle is the child's own record of what it was told, not the code under test.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import geopandas as gpd
import pytest
import shapely

from parkgis.core.errors import DataError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

CHILD_EDITS = textwrap.dedent("""
    import json, sys, shapely
    import parkgis
    project = parkgis.open_project(sys.argv[1])
    edit = project.edit("地块")
    step = 0
    while True:
        step += 1
        fid = 1 + step % 5
        edit.set_attribute(fid, "DKBH", f"S{step}")
        if step % 3 == 0:
            edit.set_geometry(fid, shapely.box(0, 0, 100 + step, 100))
        state = edit.feature(fid)
        print(json.dumps({"fid": fid, "DKBH": state.attributes["DKBH"], "maxx": state.geometry.bounds[2]}), flush=True)
""")

CHILD_COMMITS = textwrap.dedent("""
    import sys, shapely
    import parkgis
    project = parkgis.open_project(sys.argv[1])
    step = 0
    while True:
        step += 1
        with project.edit("地块") as edit:
            for fid in range(1, 6):
                edit.set_attribute(fid, "DKBH", f"C{step}")
        print(step, flush=True)
""")


def make_project(tmp_path) -> Project:
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": [f"A-{i}" for i in range(1, 6)]},
                           geometry=[shapely.box(i * 200, 0, i * 200 + 100, 100) for i in range(5)], crs=4527)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    project.save()
    return project


def run_and_kill(script: str, path, min_lines: int, rng: random.Random) -> list[str]:
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    lines = []
    deadline = time.monotonic() + 60
    target = min_lines + rng.randrange(0, 25)
    while len(lines) < target and time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            break
        lines.append(line)
    time.sleep(rng.random() * 0.02)    # land the kill anywhere in the next edit
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate()
    lines += rest.splitlines(keepends=True)
    return [line for line in lines if line.endswith("\n")]


def test_a_killed_session_is_recovered_with_every_change_it_reported_done(tmp_path):
    rng = random.Random(20261203)
    for trial in range(20):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        project = make_project(folder)
        reported = [json.loads(line) for line in run_and_kill(CHILD_EDITS, project.path, 3, rng)]
        assert reported, "the child reported no edit"
        expected = {}
        for record in reported:
            expected[record["fid"]] = record
        reopened = Project.open(project.path)
        pending = reopened.recoverable()
        assert len(pending) == 1
        outcome = reopened.recover()
        assert outcome["conflicts"] == {}
        session = reopened.edit("地块")
        for fid, record in expected.items():
            state = session.feature(fid)
            # the child may have journalled one more change before the kill, never fewer
            number = int(state.attributes["DKBH"][1:])
            assert number >= int(record["DKBH"][1:]), (trial, fid, state.attributes, record)
            if number == int(record["DKBH"][1:]):
                assert state.geometry.bounds[2] == record["maxx"]
        session.commit()
        assert Project.open(project.path).recoverable() == []


def test_kill_during_commits_leaves_the_file_before_or_after_a_commit(tmp_path):
    rng = random.Random(7)
    for trial in range(5):
        folder = tmp_path / f"c{trial}"
        folder.mkdir()
        project = make_project(folder)
        steps = [int(line) for line in run_and_kill(CHILD_COMMITS, project.path, 2, rng)]
        con = sqlite3.connect(project.path)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        values = {row[0] for row in con.execute('SELECT "DKBH" FROM "地块"')}
        audit = con.execute("SELECT count(*) FROM parkgis_audit WHERE fid IS NOT NULL").fetchone()[0]
        con.close()
        assert len(values) == 1                         # all five features from one commit, never a mix
        (value,) = values
        committed = int(value[1:])
        assert committed >= steps[-1]                   # every reported commit is in the file
        assert audit == 5 * committed                   # and its audit rows with it, no more, no less


def test_a_commit_onto_a_full_disk_fails_cleanly_and_keeps_the_session(tmp_path):
    project = make_project(tmp_path)
    script = textwrap.dedent("""
        import resource, sys, shapely, parkgis
        from parkgis.core.errors import DataError
        project = parkgis.open_project(sys.argv[1])
        edit = project.edit("地块")
        for fid in range(1, 6):
            edit.set_geometry(fid, shapely.Point(0, 0).buffer(500, 4096))
        size = __import__("os").path.getsize(sys.argv[1])
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        try:
            edit.commit()
        except DataError as exc:
            print("ERROR", exc)
        print("CHANGES", len(edit.changes()), "UNDO", len(project.undo_stack))
    """)
    env = dict(os.environ)
    out = subprocess.run([sys.executable, "-c", script, str(project.path)], capture_output=True, text=True,
                         env=env, preexec_fn=lambda: signal.signal(signal.SIGXFSZ, signal.SIG_IGN))
    assert "ERROR" in out.stdout and "commit failed while" in out.stdout, out.stdout + out.stderr
    assert "nothing was written" in out.stdout
    assert "CHANGES 5 UNDO 5" in out.stdout
    con = sqlite3.connect(project.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert Project.open(project.path).layer("地块").feature(1).geometry.equals_exact(shapely.box(0, 0, 100, 100), 0)


@pytest.mark.skipif(os.geteuid() != 0, reason="switches to the user nobody")
def test_a_commit_into_a_read_only_file_as_an_ordinary_user():
    import shutil
    import tempfile
    from pathlib import Path
    tmp_path = Path(tempfile.mkdtemp(prefix="parkgis-ro-", dir="/tmp"))   # pytest's folders are root-only
    request_cleanup = lambda: shutil.rmtree(tmp_path, ignore_errors=True)  # noqa: E731
    project = make_project(tmp_path)
    os.chmod(tmp_path, 0o777)
    os.chmod(project.path, 0o444)
    script = textwrap.dedent("""
        import sys, parkgis
        from parkgis.core.errors import DataError
        project = parkgis.open_project(sys.argv[1])
        edit = project.edit("地块")
        edit.set_attribute(1, "DKBH", "只读")
        try:
            edit.commit()
        except DataError as exc:
            print("ERROR", exc)
        print("CHANGES", len(edit.changes()))
    """)
    out = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-c",
                          script, str(project.path)], capture_output=True, text=True,
                         env={**os.environ, "HOME": str(tmp_path)})
    assert "the file is read-only; nothing was written" in out.stdout, out.stdout + out.stderr
    assert "CHANGES 1" in out.stdout
    assert Project.open(project.path).layer("地块").feature(1).attributes["DKBH"] == "A-1"
    request_cleanup()


def test_a_torn_last_journal_line_is_ignored_and_the_rest_recovered(tmp_path):
    project = make_project(tmp_path)
    reported = [json.loads(line) for line in run_and_kill(CHILD_EDITS, project.path, 4, random.Random(1))]
    (journal,) = tmp_path.glob("*.parkgis-journal")
    with open(journal, "ab") as fh:
        fh.write(b'{"type":"state","fid":2,"base_ver')      # a crash in the middle of a write
    reopened = Project.open(project.path)
    (content,) = reopened.recoverable()
    assert content.torn
    reopened.recover()
    last = reported[-1]
    number = int(reopened.edit("地块").feature(last["fid"]).attributes["DKBH"][1:])
    assert number >= int(last["DKBH"][1:])


def test_a_journal_whose_features_changed_since_lists_the_conflicts(tmp_path):
    project = make_project(tmp_path)
    reported = [json.loads(line) for line in run_and_kill(CHILD_EDITS, project.path, 6, random.Random(3))]
    touched = sorted({r["fid"] for r in reported})
    other = Project.open(project.path)
    assert other.recoverable()
    with other.edit("地块") as edit:                 # someone changes one of them meanwhile
        edit.set_attribute(touched[0], "DKBH", "他人")
    reopened = Project.open(project.path)
    outcome = reopened.recover()
    assert outcome["conflicts"] == {"地块": [touched[0]]}
    assert sorted(outcome["applied"]["地块"]) == touched[1:]
    reopened.edit("地块").commit()
    assert Project.open(project.path).layer("地块").feature(touched[0]).attributes["DKBH"] == "他人"


def test_journal_failure_refuses_the_edit(tmp_path):
    project = make_project(tmp_path)
    reopened = Project.open(project.path)
    os.chmod(tmp_path, 0o555)
    try:
        if os.geteuid() == 0:
            pytest.skip("root writes into a read-only folder")
        with pytest.raises(DataError, match="crash journal cannot be created"):
            reopened.edit("地块").set_attribute(1, "DKBH", "x")
    finally:
        os.chmod(tmp_path, 0o755)
