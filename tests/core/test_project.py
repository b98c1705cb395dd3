"""The project file: round trip, metadata tables, audit log, crash-safe save, other tools' GeoPackages."""

import hashlib
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import shapely
from geopandas import GeoDataFrame
from shapely import box

from parkgis.core.errors import DataError, UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role


def parcels(n=3, epsg=4525):
    geoms = [box(37_420_000 + 200 * i, 4_420_000, 37_420_150 + 200 * i, 4_420_100) for i in range(n)]
    return GeoDataFrame({"DKBH": [f"B{i:02d}" for i in range(n)], "DKMC": [f"地块{i}" for i in range(n)]},
                        geometry=geoms, crs=epsg)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_create_add_save_open_round_trip(tmp_path):
    path = tmp_path / "鄂尔多斯园区.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("标准地", parcels(), role=Role.PARCELS))
    udb = parcels(1).to_crs(4490)  # a constraint layer delivered in geographic CGCS2000
    project.add_layer(VectorLayer("城镇开发边界", udb, role=Role.UDB))
    project.save()

    again = Project.open(path)
    assert [layer.name for layer in again.layers] == ["标准地", "城镇开发边界"]
    assert [layer.role for layer in again.layers] == [Role.PARCELS, Role.UDB]
    assert [layer.locked for layer in again.layers] == [False, True]  # constraint layers locked by default
    assert again.settings["crs"] == "EPSG:4525" and again.settings["name"] == "鄂尔多斯园区"
    assert all(layer.epsg == 4525 for layer in again.layers)
    assert again.layer("城镇开发边界").provenance.source_crs == "EPSG:4490"
    reprojected = again.layer("城镇开发边界").gdf.geometry.iloc[0]
    assert reprojected.area == pytest.approx(15000.0, rel=1e-9)
    assert again.layer("标准地").gdf["DKMC"].tolist() == ["地块0", "地块1", "地块2"]
    assert again.layer("标准地").style["fill"] == "#BB9674"


def test_project_file_is_a_plain_geopackage_1_2_with_qgis_styles(tmp_path):
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("生态保护红线", parcels(), role=Role.ECO_REDLINE))
    project.save()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert con.execute("PRAGMA user_version").fetchone()[0] == 10200
    kinds = dict(con.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert kinds == {"生态保护红线": "features", "parkgis_project": "attributes", "parkgis_layers": "attributes",
                     "parkgis_audit": "attributes", "layer_styles": "attributes"}
    qml = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name='生态保护红线'").fetchone()[0]
    assert 'value="76,166,76,89"' in qml  # the theme fill #4CA64C at 35 % opacity
    con.close()


def test_empty_project_is_a_valid_geopackage(tmp_path):
    path = tmp_path / "empty.gpkg"
    Project.create(path)
    assert Project.open(path).layers == []
    with pytest.raises(UsageError):
        Project.create(path)  # never overwritten


def test_opens_in_gdal_3_6_ogrinfo_without_warnings(tmp_path):
    """Debian 12's ogrinfo is GDAL 3.6, the version of the QGIS 3.22 LTR in many bureaus."""
    import shutil

    if shutil.which("ogrinfo") is None:
        pytest.fail("ogrinfo (Debian gdal-bin) is not installed; .ci/run installs it")
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("地块", parcels(), role=Role.PARCELS))
    project.save()
    result = subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Feature Count: 3" in result.stdout
    assert "Warning" not in result.stderr and "partially supported" not in result.stderr, result.stderr


def test_audit_log_is_append_only_across_saves(tmp_path):
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("地块", parcels(), role=Role.PARCELS))
    project.save()
    project = Project.open(path)
    project.set_role("地块", "reference")
    project.set_locked("地块", True)
    project.save()
    actions = [entry["action"] for entry in Project.open(path).audit_log()]
    assert actions == ["create project", "add layer", "set role", "lock layer"]
    entry = Project.open(path).audit_log()[2]
    assert entry["layer"] == "地块" and '"from": "parcels"' in entry["detail"]


def test_role_override_and_unknown_role(tmp_path):
    project = Project(tmp_path / "p.gpkg")
    project.add_layer(VectorLayer("YJJBNTBHTB", parcels(), role=Role.FARMLAND))
    project.set_role("YJJBNTBHTB", "永久基本农田")
    assert project.layer("YJJBNTBHTB").role == Role.FARMLAND
    with pytest.raises(ValueError, match="unknown role"):
        project.set_role("YJJBNTBHTB", "redline?")


def test_legacy_datum_layer_is_kept_and_flagged_not_reprojected(tmp_path):
    project = Project(tmp_path / "p.gpkg")
    project.add_layer(VectorLayer("地块", parcels(), role=Role.PARCELS))
    xian80 = GeoDataFrame(geometry=[box(37_420_000, 4_420_000, 37_420_100, 4_420_100)], crs=2364)  # Xian 1980 zone 37
    layer = project.add_layer(VectorLayer("旧红线", xian80, role=Role.ECO_REDLINE))
    assert layer.epsg == 2364
    assert any("西安80" in w for w in layer.warnings)


def test_failed_save_leaves_previous_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("地块", parcels(), role=Role.PARCELS))
    project.save()
    before = sha(path)
    project.add_layer(VectorLayer("更多", parcels(), role=Role.PARCELS))

    def boom(self, tmp, previous_audit):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Project, "_write_metadata", boom)
    with pytest.raises(DataError, match="writing the project tables.*previous file is unchanged"):
        project.save()
    assert sha(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gpkg"]
    assert len(project.layers) == 2  # the in-memory project is kept


WRITER = textwrap.dedent("""
    import sys
    from geopandas import GeoDataFrame
    import numpy as np, shapely
    from parkgis.core.project import Project
    from parkgis.core.layers import VectorLayer
    project = Project.open(sys.argv[1])
    x = np.arange(300_000) % 600 * 50.0 + 37_400_000
    y = np.arange(300_000) // 600 * 50.0 + 4_400_000
    big = GeoDataFrame({"n": np.arange(300_000)}, geometry=shapely.box(x, y, x + 40, y + 40), crs=4525)
    project.add_layer(VectorLayer("大图层", big))
    print("saving", flush=True)
    project.save()
    print("saved", flush=True)
""")


def writing(folder) -> bool:
    """Has a save begun writing its temporary file in ``folder``? (SQLite's journal comes and goes.)"""
    for p in folder.iterdir():
        try:
            if ".parkgis-tmp-" in p.name and p.suffix == ".gpkg" and p.stat().st_size > 0:
                return True
        except FileNotFoundError:
            continue
    return False


def test_killing_the_writer_mid_save_leaves_the_previous_file_intact(tmp_path):
    path = tmp_path / "项目.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("地块", parcels(), role=Role.PARCELS))
    project.save()
    before = sha(path)

    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "saving"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not writing(tmp_path):
            time.sleep(0.005)
        assert writing(tmp_path), "the writer never started writing its temporary file"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.stdout.close()

    assert sha(path) == before  # the previous project, byte for byte
    reopened = Project.open(path)  # also removes the dead writer's temporary
    assert [layer.name for layer in reopened.layers] == ["地块"]
    assert [p.name for p in tmp_path.iterdir()] == ["项目.gpkg"]


def test_opening_a_geopackage_of_another_tool(tmp_path):
    import pyogrio

    path = tmp_path / "other.gpkg"
    pyogrio.write_dataframe(parcels(), path, layer="CZKFBJ", driver="GPKG")
    points = GeoDataFrame({"name": ["监测点"]}, geometry=[shapely.Point(37_420_000, 4_420_000)], crs=4525)
    pyogrio.write_dataframe(points, path, layer="points", driver="GPKG")
    project = Project.open(path)
    assert [(layer.name, layer.role) for layer in project.layers] == [("CZKFBJ", Role.UDB), ("points", Role.REFERENCE)]
    assert any("without parkgis tables" in w for w in project.warnings)
    project.save()
    assert Project.open(path).warnings == []


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 50])
def test_corrupt_or_truncated_project_is_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.gpkg"
    path.write_bytes(content)
    with pytest.raises(DataError, match=r"bad\.gpkg"):
        Project.open(path)
    assert path.read_bytes() == content


def test_truncated_real_project_is_a_clear_error(tmp_path):
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("地块", parcels(2000), role=Role.PARCELS))
    project.save()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(DataError, match="damaged or truncated"):
        Project.open(path)


def test_add_file_keeps_provenance(realdata, tmp_path):
    project = Project(tmp_path / "p.gpkg")
    (layer,) = project.add_file(realdata / "admin_boundaries_datav_gcj02/county_150622.json", role="park")
    assert layer.role == Role.PARK and layer.locked
    assert layer.provenance.source_path.endswith("county_150622.json")
    assert layer.provenance.source_crs == "EPSG:4326" and layer.provenance.encoding == "UTF-8"
    assert project.settings["crs"] == "EPSG:4525"  # 准格尔旗 is east of 109.5°E
    assert np.all(layer.gdf.total_bounds[[0, 2]] > 37_000_000)


def test_format_metadata_survives_the_project(realdata, tmp_path):
    """The coordinate TXT header (精度, 坐标系 text, extra keys) is kept through a project save, so a
    later TXT export writes the declared precision."""
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    (layer,) = project.add_file(realdata / "zuobiao_txt_parcel_format/hangzhou_pengbu_B-R-14.txt")
    assert "coordtxt" in layer.provenance.metadata
    project.save()
    again = Project.open(path).layers[0]
    assert again.provenance.metadata["coordtxt"]["precision"] == layer.provenance.metadata["coordtxt"]["precision"]
    assert again.provenance.metadata["coordtxt"]["metadata"] == layer.provenance.metadata["coordtxt"]["metadata"]


def test_gdal_warnings_of_opening_go_to_the_project_not_the_terminal(tmp_path):
    # a GeoPackage whose application_id is not GeoPackage's: GDAL warns once per dataset opened, and
    # pyogrio turns that into a RuntimeWarning printed with a site-packages path by any caller
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("地块", GeoDataFrame({"DKBH": ["A"]}, geometry=[box(37_500_000, 4_400_000,
                                  37_500_100, 4_400_100)], crs=4525), role=Role.PARCELS))
    project.save()
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id = 1234")
    con.commit()
    con.close()
    script = textwrap.dedent(f"""
        from parkgis.core.project import Project
        p = Project.open({str(path)!r})
        print(len(p.layers)); print(*p.warnings, sep="\\n")
    """)
    r = subprocess.run([sys.executable, "-W", "default", "-c", script], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Warning" not in r.stderr and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0] == "1"
    assert lines[1:] == [f"GDAL, opening the file: GPKG: bad application_id=0x000004D2 on '{path}'"]   # once
