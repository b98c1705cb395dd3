"""No command writes over a file it reads, nor over a project it was not asked to save (issue 9
item 1), and an output it cannot write is one clear line (item 12): every case exits 2 (bad usage)
or 1 (the system refused), names the file, and leaves every file as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import pytest
from shapely import box

from parkgis.cli.main import run_cli
from parkgis.core.errors import UsageError
from parkgis.core.fsutil import SHAPEFILE_PARTS, dataset_files, guard_outputs

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "layers" / "ordos_sample.gpkg"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (names and contents): "nothing changed" is this being equal."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def work(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "P.gpkg")
    gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"]}, crs=4545,
                     geometry=[box(500_000, 4_400_000, 500_100, 4_400_100),
                               box(500_200, 4_400_000, 500_300, 4_400_100)]).to_file(tmp_path / "dk.shp",
                                                                                     encoding="UTF-8")
    (tmp_path / "dk.qix").write_bytes(b"spatial index of dk")
    (tmp_path / "rules.toml").write_text("# not used\n", encoding="utf-8")
    return tmp_path


def refused(capsys, work, argv, *, code=2, names):
    before = snapshot(work)
    assert run_cli([str(a) for a in argv]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    for name in names:
        assert str(name) in err[0], err[0]
    assert snapshot(work) == before
    return err[0]


def test_webmap_onto_its_project(work, capsys):
    p = work / "P.gpkg"
    line = refused(capsys, work, ["webmap", p, "-o", p], names=[p])
    assert "which this command reads" in line


def test_check_gpkg_report_onto_its_project(work, capsys):
    p = work / "P.gpkg"
    refused(capsys, work, ["check", p, "--format", "gpkg", "-o", p], names=[p])


@pytest.mark.parametrize("sidecar", ["dk.dbf", "dk.shx", "dk.prj", "dk.cpg", "dk.qix", "DK.DBF"])
def test_check_report_onto_a_sidecar_of_its_parcels(work, capsys, sidecar):
    target = work / sidecar
    if not target.exists():   # DK.DBF: the reader takes it as dk.shp's table when dk.dbf is missing
        (work / "dk.dbf").rename(target)
    line = refused(capsys, work, ["check", "--parcels", work / "dk.shp", "-o", target], names=[target])
    assert f"a part of the input {work / 'dk.shp'}" in line


def test_constraint_layer_and_rule_set_are_inputs_too(work, capsys):
    refused(capsys, work, ["check", "--parcels", work / "dk.shp", "--eco", work / "P.gpkg", "-o", work / "P.gpkg"],
            names=[work / "P.gpkg"])
    refused(capsys, work, ["check", "--parcels", work / "dk.shp", "--rules", work / "rules.toml", "--format", "json",
                           "-o", work / "rules.toml"], names=[work / "rules.toml"])


def test_convert_onto_the_same_file_by_another_name(work, capsys):
    src = work / "dk.shp"
    os.link(work / "P.gpkg", work / "hard.gpkg")
    os.symlink(work / "P.gpkg", work / "soft.gpkg")
    (work / "sub").mkdir()
    for dst in (work / "sub" / ".." / "dk.shp", src):
        refused(capsys, work, ["convert", src, dst], names=[dst])
    refused(capsys, work, ["convert", work / "hard.gpkg", work / "P.gpkg"], names=[work / "P.gpkg"])
    refused(capsys, work, ["convert", work / "soft.gpkg", work / "P.gpkg"], names=[work / "P.gpkg"])


def test_convert_to_a_shapefile_whose_part_is_the_input(work, capsys):
    """A shapefile output is its whole set of parts: one of them being the input is refused."""
    gpd.read_file(work / "dk.shp").to_file(work / "in.geojson")
    os.link(work / "in.geojson", work / "out.dbf")
    refused(capsys, work, ["convert", work / "in.geojson", work / "out.shp"], names=[work / "out.shp"])


def test_nothing_writes_over_a_project_it_was_not_asked_to_save(work, capsys):
    shutil.copy(work / "P.gpkg", work / "Q.gpkg")
    q = work / "Q.gpkg"
    for argv in (["webmap", work / "P.gpkg", "-o", q],
                 ["convert", work / "dk.shp", q],
                 ["check", work / "P.gpkg", "--format", "gpkg", "-o", q],
                 ["project", "create", q, "--parcels", work / "dk.shp"]):
        line = refused(capsys, work, argv, names=[q])
        assert "project" in line


def test_the_project_guard_is_in_the_core_writer(work):
    """The GUI's exports go through the same atomic writer: it refuses a project as its target."""
    from parkgis.core.fsutil import atomic_output

    before = snapshot(work)
    with pytest.raises(UsageError, match="is a parkgis project"), atomic_output(work / "P.gpkg") as tmp:
        tmp.write_text("<html>")
    assert snapshot(work) == before


@pytest.mark.parametrize("command", ["convert", "check", "boundary-points", "webmap"])
def test_output_onto_an_existing_folder(work, capsys, command):
    folder = work / ("out.csv" if command == "boundary-points" else "out.html" if command == "webmap"
                     else "out.gpkg")
    folder.mkdir()
    argv = {"convert": ["convert", work / "dk.shp", folder],
            "check": ["check", work / "P.gpkg", "-o", folder],
            "boundary-points": ["boundary-points", work / "dk.shp", "-o", folder],
            "webmap": ["webmap", work / "P.gpkg", "-o", folder]}[command]
    line = refused(capsys, work, argv, names=[folder])
    assert "is a folder" in line


def test_an_output_beside_the_input_is_written(work, capsys):
    """The guard refuses only what collides: the everyday case still works."""
    assert run_cli(["convert", str(work / "dk.shp"), str(work / "dk2.shp")]) == 0
    assert run_cli(["check", "--parcels", str(work / "dk.shp"), "-o", str(work / "dk.csv")]) == 0
    assert len(gpd.read_file(work / "dk2.shp")) == 2 and (work / "dk.csv").stat().st_size > 0


def test_guard_parts_and_folders(tmp_path):
    for part in (".shp", ".SHX", ".dbf", ".shp.xml"):
        (tmp_path / f"a{part}").write_bytes(b"x")
    (tmp_path / "ab.dbf").write_bytes(b"x")   # another dataset whose name starts the same
    assert sorted(p.name for p in dataset_files(tmp_path / "a.dbf")) == ["a.SHX", "a.dbf", "a.shp", "a.shp.xml"]
    assert ".dbf" in SHAPEFILE_PARTS
    gdb = tmp_path / "x.gdb"
    gdb.mkdir()
    with pytest.raises(UsageError, match="lies inside"):
        guard_outputs([gdb / "a00000001.gdbtable"], [gdb])
    guard_outputs([tmp_path / "x.gdb.gpkg"], [gdb])     # a name that merely starts alike is fine
    with pytest.raises(UsageError, match="a part of the input"):
        guard_outputs([tmp_path / "a.shp.xml"], [tmp_path / "a.shp"])


@pytest.fixture
def open_tmp():
    """A folder every user may enter (pytest's own tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="parkgis-ro-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder)


def test_read_only_folder_as_a_user(open_tmp):
    """Root ignores permission bits, so the refusal is tested as ``nobody``: one line, exit 1."""
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv to run as another user")
    tmp_path = open_tmp
    src = tmp_path / "in.geojson"
    gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[box(500_000, 4_400_000, 500_100, 4_400_100)], crs=4545) \
        .to_file(src)
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(tmp_path, 0o755)
    os.chmod(src, 0o644)
    for command in (["convert", src, locked / "out.shp"], ["convert", src, locked / "out.gpkg"],
                    ["check", "--parcels", src, "-o", locked / "out.xlsx"],
                    ["boundary-points", src, "-o", locked / "out.csv"]):
        result = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable,
                                 "-m", "parkgis", *map(str, command)], capture_output=True, text=True,
                                env={**os.environ, "PARKGIS_LANG": "en", "HOME": str(tmp_path)}, cwd="/")
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1, result.stderr
        assert lines[-1].startswith(f"parkgis {command[0]}: error: {locked}") and "permission denied" in lines[-1]
        assert "Traceback" not in result.stderr
        assert list(locked.iterdir()) == []


@pytest.mark.parametrize("code,text", [(30, "the file system is read-only"), (28, "no space left on the device")])
def test_system_refusals_are_one_line(tmp_path, monkeypatch, code, text):
    """EROFS and ENOSPC cannot be staged without mounting: the refusal is injected where the OS gives it."""
    import errno
    import tempfile as tempfile_module

    from parkgis.core.errors import DataError
    from parkgis.core.fsutil import atomic_output

    assert code == {30: errno.EROFS, 28: errno.ENOSPC}[code]

    def refuse(*_a, **_k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile_module, "mkstemp", refuse)
    with pytest.raises(DataError) as caught, atomic_output(tmp_path / "out.csv"):
        pass
    assert str(caught.value) == f"{tmp_path / 'out.csv'}: cannot be written: {text}"
