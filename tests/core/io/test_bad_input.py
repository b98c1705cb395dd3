"""Bad input: one clear message naming the file (and feature), nothing written or changed."""

import shutil
import zipfile

import pytest
from geopandas import GeoDataFrame
from shapely import Polygon, box

from parkgis.core.errors import DataError
from parkgis.core.io import read_layers, write_layers
from parkgis.core.layers import VectorLayer

BEIJING = "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84"


@pytest.fixture
def shapefile(realdata, tmp_path):
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        shutil.copy((realdata / BEIJING).with_suffix(suffix), tmp_path / f"建筑{suffix}")
    return tmp_path / "建筑.shp"


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_chinese_path_reads(shapefile):
    (layer,) = read_layers(shapefile)
    assert layer.name == "建筑" and len(layer) == 263


def test_truncated_shp_names_the_first_missing_feature(shapefile):
    data = shapefile.read_bytes()
    shapefile.write_bytes(data[: len(data) // 2])
    before = snapshot(shapefile.parent)
    with pytest.raises(DataError) as err:
        read_layers(shapefile)
    message = str(err.value)
    assert message.startswith(str(shapefile)) and "truncated" in message and "feature 144" in message
    assert snapshot(shapefile.parent) == before


def test_missing_shx(shapefile):
    shapefile.with_suffix(".shx").unlink()
    with pytest.raises(DataError, match=r"建筑\.shp: the \.shx index file is missing"):
        read_layers(shapefile)


def test_missing_dbf(shapefile):
    shapefile.with_suffix(".dbf").unlink()
    with pytest.raises(DataError, match=r"the \.dbf attribute table is missing"):
        read_layers(shapefile)


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.geojson"
    empty.write_bytes(b"")
    with pytest.raises(DataError, match=r"empty\.geojson: the file is empty"):
        read_layers(empty)


def test_garbage_geojson(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feat', encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.geojson"):
        read_layers(bad)


def test_unsupported_extension(tmp_path):
    other = tmp_path / "plan.doc"
    other.write_bytes(b"x")
    with pytest.raises(DataError, match="unsupported file type .doc"):
        read_layers(other)


def test_zip_with_a_path_that_climbs_out_is_refused(shapefile, tmp_path):
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.write(shapefile, "../../建筑.shp")
        archive.write(shapefile.with_suffix(".shx"), "../../建筑.shx")
        archive.write(shapefile.with_suffix(".dbf"), "../../建筑.dbf")
    with pytest.raises(DataError, match="points outside its folder"):
        read_layers(evil)
    assert not (tmp_path.parent.parent / "建筑.shp").exists()


def test_zip_bomb_is_not_unpacked(monkeypatch, tmp_path):
    """An entry that unpacks to more than a shapefile can hold is refused before it is unpacked (the
    limit is lowered here so that the test packs 3 MB of zeros, not 2 GB)."""
    from parkgis.core.io import vector

    monkeypatch.setattr(vector, "MAX_ZIP_MEMBER_BYTES", 2 * 1024**2)
    bomb = tmp_path / "炸弹.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.shp", b"\0" * (3 * 1024**2))
        archive.writestr("a.shx", b"\0" * 100)
        archive.writestr("a.dbf", b"\0" * 100)
    assert bomb.stat().st_size < 10_000
    read = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: read.append(name))
    with pytest.raises(DataError) as err:
        read_layers(bomb)
    assert str(err.value) == (f"{bomb}: the archive entry 'a.shp' unpacks to 0.0 GB, more than a shapefile "
                              "component can hold (2 GB); refusing to unpack it")
    assert read == []


def test_zip_without_shapefile(tmp_path):
    archive_path = tmp_path / "docs.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(DataError, match="holds no shapefile"):
        read_layers(archive_path)


def test_layer_of_invalid_geometries_reads_with_a_count_and_the_first_feature(tmp_path):
    bowtie = Polygon([(37_420_000, 4_420_000), (37_420_100, 4_420_100), (37_420_100, 4_420_000),
                      (37_420_000, 4_420_100)])
    gdf = GeoDataFrame({"DKBH": ["ok", "bad", "bad2"]},
                       geometry=[box(37_420_000, 4_420_000, 37_420_010, 4_420_010), bowtie, bowtie], crs=4525)
    write_layers([VectorLayer("地块", gdf)], tmp_path / "invalid.gpkg")
    (layer,) = read_layers(tmp_path / "invalid.gpkg")
    assert len(layer) == 3
    assert layer.invalid_summary().startswith("2 invalid geometries (first: feature 1: Self-intersection")
    assert layer.invalid_mask().tolist() == [False, True, True]


def test_missing_prj_with_zone_prefixed_coordinates_is_assumed_and_said(tmp_path):
    gdf = GeoDataFrame({"a": [1]}, geometry=[box(37_420_000, 4_420_000, 37_420_100, 4_420_100)], crs=4525)
    write_layers([VectorLayer("x", gdf)], tmp_path / "noprj.shp")
    (tmp_path / "noprj.prj").unlink()
    (layer,) = read_layers(tmp_path / "noprj.shp")
    assert layer.epsg == 4525 and "zone prefix 37" in layer.provenance.crs_assumed


def test_swapped_xy_without_prj_is_repaired_and_said(tmp_path):
    swapped = GeoDataFrame({"a": [1]}, geometry=[box(4_420_000, 36_420_000, 4_420_100, 36_420_300)], crs=None)
    write_layers([VectorLayer("x", swapped)], tmp_path / "swapped.shp")
    (layer,) = read_layers(tmp_path / "swapped.shp")
    assert layer.epsg == 4524
    assert "swapped" in layer.provenance.crs_assumed
    assert tuple(layer.gdf.total_bounds) == (36_420_000, 4_420_000, 36_420_300, 4_420_100)


def test_declared_crs_with_swapped_coordinates_is_repaired(tmp_path):
    swapped = GeoDataFrame({"a": [1]}, geometry=[box(4_420_000, 37_420_000, 4_420_100, 37_420_300)], crs=4525)
    write_layers([VectorLayer("x", swapped)], tmp_path / "declared.gpkg")
    (layer,) = read_layers(tmp_path / "declared.gpkg")
    assert tuple(layer.gdf.total_bounds) == (37_420_000, 4_420_000, 37_420_300, 4_420_100)
    assert "swapped" in layer.provenance.crs_assumed


def test_wrong_zone_is_taken_from_the_prefix_and_said(tmp_path):
    gdf = GeoDataFrame({"a": [1]}, geometry=[box(36_420_000, 4_420_000, 36_420_100, 4_420_100)], crs=4525)
    write_layers([VectorLayer("x", gdf)], tmp_path / "zone.gpkg")
    (layer,) = read_layers(tmp_path / "zone.gpkg")
    assert layer.epsg == 4524 and tuple(layer.gdf.total_bounds) == (36_420_000, 4_420_000, 36_420_100, 4_420_100)
    assert "the eastings carry the zone prefix 36 but EPSG:4525" in layer.provenance.crs_assumed
    assert any(w.startswith("CRS assumed: the eastings carry the zone prefix 36") for w in layer.warnings)


def test_unknown_crs_without_prefix_asks_the_user(tmp_path):
    gdf = GeoDataFrame({"a": [1]}, geometry=[box(526_438, 3_504_055, 535_022, 3_505_986)], crs=None)
    write_layers([VectorLayer("x", gdf)], tmp_path / "noprefix.shp")
    (layer,) = read_layers(tmp_path / "noprefix.shp")
    assert layer.gdf.crs is None and any("choose one" in w for w in layer.warnings)
    (given,) = read_layers(tmp_path / "noprefix.shp", crs=4546)
    assert given.epsg == 4546 and "given by the user" in given.provenance.crs_assumed


def test_xian80_is_flagged(tmp_path):
    gdf = GeoDataFrame({"a": [1]}, geometry=[box(37_420_000, 4_420_000, 37_420_100, 4_420_100)], crs=2364)
    write_layers([VectorLayer("x", gdf)], tmp_path / "xian.shp")
    (layer,) = read_layers(tmp_path / "xian.shp")
    assert layer.legacy_datum == "西安80"
    assert any("NOT CGCS2000" in w for w in layer.warnings)
