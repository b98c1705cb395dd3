"""parkgis info / convert / project create: the DESIGN §4 contract (exit 0 / 1 / 2, one-line errors)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parkgis.__main__ import main
from parkgis.core.project import Project


def run(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(*argv):
    return subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True)


REAL_FILES = {
    # path: (layers, features of the first layer, crs, encoding, text that must appear)
    "shapefile_encoding_and_prj/ogr2osm_japanese_sjis_nocpg_noprj.shp": (1, 2, "EPSG:4326", "Shift_JIS", "茂原市"),
    "shapefile_encoding_and_prj/ogr2osm_shift-jis.geojson": (1, 2, "EPSG:4326", "Shift_JIS", None),
    "shapefile_encoding_and_prj/ogr2osm_sp_usinas_sad69.shp": (1, 187, "EPSG:4618", "CP1252", None),
    "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84.shp": (1, 263, "EPSG:4326", "UTF-8", None),
    "admin_boundaries_datav_gcj02/citys_150600.json": (1, 9, "EPSG:4326", "UTF-8", None),
    "admin_boundaries_datav_gcj02/province_150000.json": (1, 12, "EPSG:4326", "UTF-8", None),
    "admin_boundaries_mca_topojson/150600.json": (1, 23, "EPSG:4326", "UTF-8", None),
    "admin_boundaries_mca_topojson/150000.json": (1, 906, "EPSG:4326", "UTF-8", None),
    "admin_boundaries_mca_topojson/150600_Point.geojson": (1, 9, "EPSG:4326", "UTF-8", None),
}


@pytest.mark.parametrize("relpath", sorted(REAL_FILES))
def test_info_json_on_real_files(realdata, capsys, relpath):
    layers, features, crs, encoding, _text = REAL_FILES[relpath]
    code, out, err = run(capsys, "info", realdata / relpath, "--json")
    assert code == 0, err
    info = json.loads(out)
    assert len(info["layers"]) == layers
    first = info["layers"][0]
    assert (first["feature_count"], first["crs"], first["encoding"]) == (features, crs, encoding)
    assert set(first) >= {"name", "feature_count", "geometry_type", "crs", "crs_assumed", "encoding",
                          "encoding_source", "role", "bounds", "invalid_geometries"}


def test_info_reports_assumption_encoding_source_and_invalid_count(realdata, capsys):
    code, out, _ = run(capsys, "info", "--json", realdata / "shapefile_encoding_and_prj/ogr2osm_japanese_sjis_nocpg_noprj.shp")
    layer = json.loads(out)["layers"][0]
    assert layer["crs_assumed"] is True and "WGS 84" in layer["crs_assumption"]
    assert layer["encoding_source"] == "detected"
    code, out, _ = run(capsys, "info", "--json", realdata / "admin_boundaries_mca_topojson/150000.json")
    assert json.loads(out)["layers"][0]["invalid_geometries"] == 20


def test_info_text_output_in_chinese(realdata, capsys):
    code, out, _ = run(capsys, "info", realdata / "shapefile_encoding_and_prj/ogr2osm_japanese_sjis_nocpg_noprj.shp")
    assert code == 0 and "要素 features: 2" in out and "编码 encoding: Shift_JIS (from detected)" in out


def test_missing_file_exit_1_one_line_no_traceback(tmp_path):
    result = run_process("info", tmp_path / "无此文件.shp")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"parkgis info: error: {tmp_path / '无此文件.shp'}: file not found"]


def test_bad_usage_exit_2():
    assert run_process("info").returncode == 2
    assert run_process("convert", "only-one-arg").returncode == 2


def test_convert_reprojects_and_writes_gbk_shapefile(realdata, tmp_path, capsys):
    dst = tmp_path / "鄂尔多斯.shp"
    code, _, err = run(capsys, "convert", realdata / "admin_boundaries_datav_gcj02/citys_150600.json", dst,
                       "--to-crs", "4525", "--out-encoding", "GBK")
    assert code == 0, err
    assert "东胜区".encode("gbk") in dst.with_suffix(".dbf").read_bytes()
    code, out, _ = run(capsys, "info", "--json", dst)
    layer = json.loads(out)["layers"][0]
    assert (layer["crs"], layer["encoding"], layer["feature_count"]) == ("EPSG:4525", "GBK", 9)


def test_convert_never_overwrites_its_source(realdata, tmp_path, capsys):
    import shutil

    src = tmp_path / "a.geojson"
    shutil.copy(realdata / "admin_boundaries_datav_gcj02/county_150602.json", src)
    before = src.read_bytes()
    code, _, err = run(capsys, "convert", src, src)
    assert code == 2 and "which this command reads" in err and src.read_bytes() == before


def test_convert_bad_input_writes_nothing(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    result = run_process("convert", bad, tmp_path / "out.gpkg")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.geojson"]


def test_project_create_from_files(realdata, tmp_path, capsys):
    out = tmp_path / "准格尔.gpkg"
    code, stdout, err = run(
        capsys, "project", "create", out,
        "--park", realdata / "admin_boundaries_datav_gcj02/county_150622.json",
        "--layer", f"{realdata / 'admin_boundaries_mca_topojson/150600_Point.geojson'}:reference",
        "--parcels", realdata / "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84.shp")
    assert code == 0, err
    project = Project.open(out)
    assert [(lyr.role.value, len(lyr.gdf)) for lyr in project.layers] == [("park", 1), ("parcels", 263), ("reference", 9)]
    assert project.settings["crs"] == "EPSG:4525"
    assert all(lyr.epsg == 4525 for lyr in project.layers)
    assert project.layers[0].provenance.source_path.endswith("county_150622.json")


def test_project_create_bad_input_leaves_nothing(realdata, tmp_path):
    out = tmp_path / "p.gpkg"
    result = run_process("project", "create", out, "--park", realdata / "admin_boundaries_datav_gcj02/county_150622.json",
                         "--eco", tmp_path / "missing.shp")
    assert result.returncode == 1 and "missing.shp: file not found" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_project_create_unknown_role_is_usage_error(realdata, tmp_path):
    result = run_process("project", "create", tmp_path / "p.gpkg", "--layer",
                         f"{realdata / 'admin_boundaries_datav_gcj02/county_150622.json'}:bogus")
    assert result.returncode == 2 and "unknown role 'bogus'" in result.stderr


def test_convert_to_coordinate_txt_with_precision_and_ellipsoidal_area(realdata, tmp_path, capsys):
    src = realdata / "zuobiao_txt_parcel_format/hangzhou_pengbu_B-R-14.txt"
    dst = tmp_path / "out.txt"
    code, _, err = run(capsys, "convert", src, tmp_path / "p.gpkg")
    assert code == 0, err
    code, _, err = run(capsys, "convert", tmp_path / "p.gpkg", dst, "--precision", "0.01", "--area", "ellipsoidal")
    assert code == 0, err
    text = dst.read_text(encoding="utf-8-sig")
    assert "精度=0.01" in text and "面积类型=椭球面积" in text


def test_convert_strict_writes_nothing_on_a_finding(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("[属性描述]\n坐标系=2000国家大地坐标系\n带号=37\n[地块坐标]\n"
                   "5,1.0,A1,甲,面,,,,@\nJ1,1,4400000,37500000\nJ2,1,4400000\nJ3,1,4400100,37500100\n"
                   "J4,1,4400100,37500000\nJ1,1,4400000,37500000\n", encoding="utf-8")
    result = run_process("convert", bad, tmp_path / "out.gpkg", "--strict")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "out.gpkg").exists()


def test_info_with_crs_for_a_coordinate_list_without_zone(realdata, capsys):
    path = realdata / "zuobiao_txt_parcel_format/htoooth_txt2shp_TEST1.txt"
    code, _, err = run(capsys, "info", "--json", path)
    assert code == 1 and "supply the CRS" in err
    code, out, err = run(capsys, "info", "--json", path, "--crs", "4546")
    assert code == 0, err
    layer = json.loads(out)["layers"][0]
    assert (layer["crs"], layer["feature_count"], layer["role"]) == ("EPSG:4546", 1, "parcels")


def test_console_entry_flushes_output_and_exit_codes(realdata, tmp_path):
    """The console script ends CLI runs with os._exit: the output must still arrive in full."""
    import shutil

    exe = shutil.which("parkgis") or str(Path(sys.executable).parent / "parkgis")
    ok = subprocess.run([exe, "info", "--json", str(realdata / "admin_boundaries_mca_topojson/150000.json")],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout)["layers"][0]["feature_count"] == 906
    missing = subprocess.run([exe, "info", str(tmp_path / "none.shp")], capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stderr.endswith("file not found\n")
    assert subprocess.run([exe, "info"], capture_output=True, text=True).returncode == 2
