"""Inputs that would hang or exhaust the machine are refused in one line (issue 9 item 12): a named
pipe (FIFO) anywhere a file is read, and a zip whose declared sizes are those of a zip bomb."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile

import geopandas as gpd
import pytest
from shapely import box

from parkgis.core.errors import DataError
from parkgis.core.io import read_layers

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def run_process(*argv, timeout=60):
    # a reader that opens the pipe blocks forever: the timeout turns that hang into a failure
    return subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True,
                          env={**os.environ, "PARKGIS_LANG": "en"}, timeout=timeout)


@pytest.fixture
def fifos(tmp_path):
    for name in ("p.geojson", "p.shp", "p.txt", "p.gpkg", "rules.toml", "p.zip"):
        os.mkfifo(tmp_path / name)
    gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[box(500_000, 4_400_000, 500_100, 4_400_100)], crs=4545) \
        .to_file(tmp_path / "ok.shp")
    return tmp_path


CASES = {
    "info": lambda d: (["info", d / "p.geojson"], d / "p.geojson"),
    "info-zip": lambda d: (["info", d / "p.zip"], d / "p.zip"),
    "info-project": lambda d: (["info", d / "p.gpkg"], d / "p.gpkg"),
    "convert": lambda d: (["convert", d / "p.shp", d / "out.gpkg"], d / "p.shp"),
    "check-parcels": lambda d: (["check", "--parcels", d / "p.geojson"], d / "p.geojson"),
    "check-project": lambda d: (["check", d / "p.gpkg"], d / "p.gpkg"),
    "check-rules": lambda d: (["check", "--parcels", d / "ok.shp", "--rules", d / "rules.toml"], d / "rules.toml"),
    "validate": lambda d: (["validate", d / "p.txt"], d / "p.txt"),
    "webmap": lambda d: (["webmap", d / "p.gpkg", "-o", d / "map.html"], d / "p.gpkg"),
    "boundary-points": lambda d: (["boundary-points", d / "p.txt", "-o", d / "out.csv"], d / "p.txt"),
    "project-create": lambda d: (["project", "create", d / "new.gpkg", "--parcels", d / "p.geojson"],
                                 d / "p.geojson"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_named_pipe_is_refused_not_waited_for(fifos, case):
    argv, fifo = CASES[case](fifos)
    before = sorted(p.name for p in fifos.iterdir())
    result = run_process(*argv)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].endswith(f"{fifo}: not a regular file (a named pipe, device or socket); give a file"), lines
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in fifos.iterdir()) == before


def test_a_named_pipe_as_a_part_of_a_shapefile(tmp_path):
    gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[box(0, 0, 1, 1)], crs=4545).to_file(tmp_path / "dk.shp")
    (tmp_path / "dk.dbf").unlink()
    os.mkfifo(tmp_path / "dk.dbf")
    result = run_process("info", tmp_path / "dk.shp")
    assert result.returncode == 1
    assert result.stderr.strip() == (f"parkgis info: error: {tmp_path / 'dk.dbf'}: not a regular file "
                                     "(a named pipe, device or socket); give a file")


def bomb(path, size=192 * 1024**2):
    """A zip of a tiny .shp and a .dbf of ``size`` zero bytes (packs ~1000×), written in chunks."""
    gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[box(0, 0, 1, 1)], crs=4545).to_file(path.with_suffix(".shp"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for suffix in (".shp", ".shx", ".prj"):
            zf.write(path.with_suffix(suffix), f"bomb{suffix}")
        with zf.open("bomb.dbf", "w", force_zip64=True) as member:
            chunk = bytes(16 * 1024**2)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path):
    archive = bomb(tmp_path / "bomb.zip")
    assert archive.stat().st_size < 2 * 1024**2
    start = time.perf_counter()
    result = run_process("info", archive)
    assert result.returncode == 1
    assert result.stderr.strip().startswith(f"parkgis info: error: {archive}: the archive entry 'bomb.dbf' unpacks "
                                            "from 0.2 MB to 192 MB (more than 100 times): refusing to unpack a zip "
                                            "bomb"), result.stderr
    assert time.perf_counter() - start < 20   # nothing was inflated


def test_the_total_size_of_an_archive_is_bounded(tmp_path, monkeypatch):
    from parkgis.core.io import vector

    gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[box(500_000, 4_400_000, 500_001, 4_400_001)], crs=4545).to_file(tmp_path / "a.shp")
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:   # stored, ratio 1: only the total can stop it
        for suffix in (".shp", ".shx", ".dbf", ".prj"):
            zf.write(tmp_path / f"a{suffix}", f"a{suffix}")
    assert len(read_layers(tmp_path / "a.zip")[0].gdf) == 1
    monkeypatch.setattr(vector, "MAX_ZIP_TOTAL_BYTES", 100)
    with pytest.raises(DataError, match="the archive unpacks to 0.0 GB, more than 0 GB"):
        read_layers(tmp_path / "a.zip")
