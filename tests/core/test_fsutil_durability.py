"""Atomic saves reach the disk before they replace anything (issue 16 item 1).

A crash after ``os.replace`` but before the data of the new file is on the disk leaves, on many
filesystems, an empty or partial file under the old name: the temporary must be fsynced *before*
the rename, and the folder after it. A spy on ``os.fsync`` (which file each descriptor is, read
from /proc) and on ``os.replace`` / ``os.rename`` records the order of events of a real save."""

from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from parkgis.core.fsutil import atomic_output
from parkgis.core.io import write_layers
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")


@pytest.fixture
def events(monkeypatch):
    log: list[tuple[str, ...]] = []
    real_fsync, real_replace, real_rename = os.fsync, os.replace, os.rename

    def fsync(fd):
        log.append(("fsync", os.path.realpath(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(src, dst, *a, **k):
        log.append(("replace", os.path.realpath(src), os.path.realpath(dst)))
        return real_replace(src, dst, *a, **k)

    def rename(src, dst, *a, **k):
        log.append(("rename", os.path.realpath(src), os.path.realpath(dst)))
        return real_rename(src, dst, *a, **k)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    return log


def replaced_onto(log, target: Path) -> tuple[int, str]:
    """Index and source of the one replace of ``target``."""
    hits = [(i, e[1]) for i, e in enumerate(log) if e[0] == "replace" and e[2] == os.path.realpath(target)]
    assert len(hits) == 1, log
    return hits[0]


def assert_synced_around(log, target: Path):
    i, tmp = replaced_onto(log, target)
    assert tmp != os.path.realpath(target) and Path(tmp).parent == target.parent.resolve()
    assert ("fsync", tmp) in log[:i], f"the temporary {tmp} was not fsynced before it replaced {target}: {log}"
    assert ("fsync", str(target.parent.resolve())) in log[i + 1:], "the folder was not fsynced after the rename"


def test_atomic_output_fsyncs_the_temporary_before_the_rename(tmp_path, events):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")
    with atomic_output(target) as tmp:
        Path(tmp).write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    assert_synced_around(events, target)


def layer() -> VectorLayer:
    gdf = gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[shapely.box(500_000, 4_400_000, 500_100, 4_400_100)], crs=4545)
    return VectorLayer("地块", gdf, role=Role.PARCELS)


def test_project_save_as_fsyncs_before_the_rename(tmp_path, events):
    project = Project(tmp_path / "p.gpkg")
    project.add_layer(layer())
    project.save()
    assert_synced_around(events, tmp_path / "p.gpkg")
    events.clear()
    project.add_layer(VectorLayer("参考", layer().gdf, role=Role.REFERENCE))   # a whole-file save again
    project.save()
    assert_synced_around(events, tmp_path / "p.gpkg")
    assert [x.name for x in Project.open(tmp_path / "p.gpkg").layers] == ["地块", "参考"]


def test_geopackage_export_fsyncs_before_the_rename(tmp_path, events):
    write_layers([layer()], tmp_path / "out.gpkg")
    assert_synced_around(events, tmp_path / "out.gpkg")


def test_shapefile_parts_are_fsynced_before_the_set_is_committed(tmp_path, events):
    write_layers([layer()], tmp_path / "dk.shp")
    commit = [i for i, e in enumerate(events) if e[0] == "rename" and e[2].endswith(".dk.parkgis-new")]
    assert len(commit) == 1, events
    synced = {Path(e[1]).name for e in events[:commit[0]] if e[0] == "fsync"}
    assert {"dk.shp", "dk.shx", "dk.dbf", "dk.prj", "dk.cpg"} <= synced
