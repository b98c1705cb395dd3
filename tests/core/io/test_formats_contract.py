"""One contract for every registered format: what is written reads back the same, through the registry."""

import pytest
import shapely
from geopandas import GeoDataFrame
from shapely import box

from parkgis.core.io import formats, read_layers, write_layers
from parkgis.core.layers import VectorLayer

EXTENSION_OF = {"shapefile": ".shp", "gpkg": ".gpkg", "geojson": ".geojson", "kml": ".kml"}


def sample_layer(epsg=4525):
    gdf = GeoDataFrame(
        {"DKBH": ["ZGE-B4-01", "ZGE-B4-02"], "DKMC": ["标准地一号", "物流仓储用地"], "YDMJ": [70256.33, 1234.5]},
        geometry=[box(37_420_000, 4_420_000, 37_420_200, 4_420_300),
                  box(37_420_300, 4_420_000, 37_420_400, 4_420_100).difference(
                      box(37_420_320, 4_420_020, 37_420_340, 4_420_040))],
        crs=epsg)
    return VectorLayer("地块", gdf)


def writable_formats():
    return [f.name for f in formats() if f.writer is not None and f.name in EXTENSION_OF]


@pytest.mark.parametrize("name", writable_formats())
def test_write_then_read_round_trip(name, tmp_path):
    layer = sample_layer()
    path = tmp_path / f"地块{EXTENSION_OF[name]}"
    write_layers([layer], path)
    (back,) = read_layers(path)
    assert back.gdf["DKMC"].tolist() == ["标准地一号", "物流仓储用地"]
    assert back.gdf["DKBH"].tolist() == ["ZGE-B4-01", "ZGE-B4-02"]
    if name == "kml":  # KML is WGS 84 by definition
        assert back.epsg == 4326
        geoms = back.gdf.to_crs(4525).geometry
        assert geoms.area.tolist() == pytest.approx(layer.gdf.area.tolist(), rel=1e-6)
    else:
        assert back.epsg == 4525
        assert shapely.equals(back.gdf.geometry.values, layer.gdf.geometry.values).all()
        assert back.gdf["YDMJ"].tolist() == [70256.33, 1234.5]


def test_every_format_has_a_reader_and_a_chinese_label():
    names = {f.name for f in formats()}
    assert {"shapefile", "zip", "gpkg", "geojson", "topojson", "kml", "kmz", "filegdb"} <= names
    assert all(f.reader is not None and f.label_zh for f in formats())


def test_filegdb_read(tmp_path):
    gdb = tmp_path / "三区三线.gdb"
    layer = sample_layer()
    import pyogrio

    pyogrio.write_dataframe(layer.gdf, gdb, layer="STBHHX", driver="OpenFileGDB")
    pyogrio.write_dataframe(layer.gdf, gdb, layer="YJJBNTBHTB", driver="OpenFileGDB")
    layers = read_layers(gdb)
    assert [lyr.name for lyr in layers] == ["STBHHX", "YJJBNTBHTB"]
    assert [lyr.role.value for lyr in layers] == ["eco_redline", "farmland"]
    assert layers[0].gdf["DKMC"].tolist() == ["标准地一号", "物流仓储用地"] and layers[0].epsg == 4525


def test_zipped_shapefile_and_zipped_filegdb(tmp_path):
    import zipfile

    write_layers([sample_layer()], tmp_path / "parcels.shp")
    with zipfile.ZipFile(tmp_path / "地块.zip", "w") as archive:
        for p in tmp_path.glob("parcels.*"):
            archive.write(p, f"数据/{p.name}")
    (layer,) = read_layers(tmp_path / "地块.zip")
    assert layer.name == "parcels" and layer.gdf["DKMC"].tolist() == ["标准地一号", "物流仓储用地"]
    assert layer.provenance.encoding == "UTF-8"

    import pyogrio

    pyogrio.write_dataframe(sample_layer().gdf, tmp_path / "x.gdb", layer="CZKFBJ", driver="OpenFileGDB")
    with zipfile.ZipFile(tmp_path / "x.gdb.zip", "w") as archive:
        for p in (tmp_path / "x.gdb").iterdir():
            archive.write(p, f"x.gdb/{p.name}")
    (gdb_layer,) = read_layers(tmp_path / "x.gdb.zip")
    assert gdb_layer.name == "CZKFBJ" and gdb_layer.role.value == "udb"


def test_gpkg_multi_layer_write_is_version_1_2(tmp_path):
    import sqlite3

    a, b = sample_layer(), sample_layer()
    b.name = "园区四至"
    write_layers([a, b], tmp_path / "two.gpkg")
    assert [lyr.name for lyr in read_layers(tmp_path / "two.gpkg")] == ["地块", "园区四至"]
    con = sqlite3.connect(tmp_path / "two.gpkg")
    assert con.execute("PRAGMA user_version").fetchone()[0] == 10200
    con.close()


def test_shapefile_written_as_gbk_on_request(tmp_path):
    write_layers([sample_layer()], tmp_path / "gbk.shp", encoding="GBK")
    dbf = (tmp_path / "gbk.dbf").read_bytes()
    assert "标准地一号".encode("gbk") in dbf
    (back,) = read_layers(tmp_path / "gbk.shp")
    assert back.gdf["DKMC"].tolist() == ["标准地一号", "物流仓储用地"]
