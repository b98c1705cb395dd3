"""``parkgis db export URL OUT.gpkg``: a published project written back to a GeoPackage project, the
reverse of ``db publish`` — the same check JSON, the same 标准地 register, fids, versions, styles and
audit. Run as a user runs it (a real process) against the private server of ``tests/pgserver.py``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


def parkgis(*argv, check=True):
    from pgserver import ADMIN_PASSWORD
    env = {**os.environ, "PARKGIS_LANG": "en", "PGPASSWORD": ADMIN_PASSWORD}
    proc = subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True, env=env)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def register_content(path):
    """Every record with every field and its events (dataclasses: compared field by field)."""
    return {record.id: record for record in load_register(path)}


def audit_content(project):
    return [(r["at"], r["user"], r["action"], r["layer"], r["feature"], r["detail"]) for r in project.store.audit_rows()]


def test_a_published_sample_project_exported_back_checks_the_same_and_keeps_its_register(postgis_server, tmp_path):
    local = tmp_path / "样例.gpkg"
    shutil.copy(SAMPLE, local)
    url = postgis_server.url(schema=f"cli_export_{os.getpid()}")
    parkgis("db", "publish", local, url)
    out = tmp_path / "导出" / "回来.gpkg"
    out.parent.mkdir()
    proc = parkgis("db", "export", url, out, "--json")
    outcome = json.loads(proc.stdout)
    assert outcome["path"] == str(out) and outcome["from"] == url
    assert outcome["register_tables"] == ["parkgis_parcel_events", "parkgis_parcels"]
    assert "exported" in proc.stderr and "register tables" in proc.stderr
    # the same check JSON, key for key
    before = json.loads(parkgis("check", local, "--format", "json").stdout)
    after = json.loads(parkgis("check", out, "--format", "json").stdout)
    assert after == before
    # the register: the same 42 parcels with the same events
    register = register_content(out)
    assert len(register) == 42 and register == register_content(local)
    assert sum(len(r.events) for r in register.values()) == sum(len(r.events) for r in load_register(SAMPLE)) > 42
    # layers with their fids, versions, roles and styles; the audit carried over, plus the save as
    original, exported = Project.open(local), Project.open(out)
    assert [(lyr.name, lyr.id, lyr.role, lyr.style, lyr.locked) for lyr in exported.layers] == \
        [(lyr.name, lyr.id, lyr.role, lyr.style, lyr.locked) for lyr in original.layers]
    for mine, theirs in zip(exported.layers, original.layers, strict=True):
        assert list(mine.gdf.index) == list(theirs.gdf.index)
        assert mine.gdf.geometry.geom_equals_exact(theirs.gdf.geometry, 0).all()
        assert {f: mine.version(f) for f in mine.gdf.index} == {f: theirs.version(f) for f in theirs.gdf.index}
    audit = audit_content(exported)
    assert audit[:-1] == audit_content(original) and audit[-1][2] == "save as"
    assert outcome["audit_rows"] == len(audit)
    assert json.loads(audit[-1][5]) == {"from": url, "to": str(out)}
    original.close()
    exported.close()


def test_an_edit_in_the_database_is_in_the_export_and_an_existing_file_is_refused(postgis_server, tmp_path):
    from pgserver import ADMIN_PASSWORD
    local = tmp_path / "样例.gpkg"
    shutil.copy(SAMPLE, local)
    url = postgis_server.url(schema=f"cli_export2_{os.getpid()}")
    parkgis("db", "publish", local, url)
    remote = Project.open(url, password_prompt=lambda _label: ADMIN_PASSWORD)
    layer = remote.layer("地块")
    fid = int(layer.gdf.index[0])
    with remote.edit("地块") as edit:
        edit.set_attribute(fid, "DKBH", "改过的编号")
    version = remote.layer("地块").version(fid)
    register = remote.edit_register()           # and a register row changed twice in the database
    register.set("ZGE-B4-01", buyer="甲公司")
    register.commit()
    register.set("ZGE-B4-01", buyer="乙公司")
    register.commit()
    register.close()
    remote.close()
    out = tmp_path / "回来.gpkg"
    parkgis("db", "export", url, out)
    exported = Project.open(out)
    assert exported.layer("地块").feature(fid).attributes["DKBH"] == "改过的编号"
    assert exported.layer("地块").version(fid) == version == 2
    assert [h.operation for h in exported.history("地块", fid)] == ["stored", "attributes"]
    from parkgis.core.parcels.register import PARCELS_TABLE, load_register, read_project_tables
    assert load_register(exported).get("ZGE-B4-01").buyer == "乙公司"
    rows = read_project_tables(exported)[PARCELS_TABLE]
    b401 = next(version for version, state in rows.values() if state.attributes["parcel_id"] == "ZGE-B4-01")
    assert b401 == 3 and {v for v, s in rows.values() if s.attributes["parcel_id"] != "ZGE-B4-01"} == {1}
    assert "parkgis_version" not in next(iter(rows.values()))[1].attributes
    session = exported.edit_register()          # the file's register goes on from those versions
    session.set("ZGE-B4-01", buyer="丙公司")
    session.commit()
    session.close()
    exported.close()
    size = out.stat().st_size
    proc = parkgis("db", "export", url, out, check=False)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "is a parkgis project: it is replaced only by saving the project" in proc.stderr
    assert out.stat().st_size == size
    from parkgis.core.errors import UsageError
    from parkgis.core.store.export import export_project
    other = tmp_path / "别的.gpkg"
    other.write_bytes(b"not mine")
    with pytest.raises(UsageError, match="already exists; choose a new file for the export"):
        export_project(url, other, password_prompt=lambda _label: ADMIN_PASSWORD)
    assert other.read_bytes() == b"not mine"
