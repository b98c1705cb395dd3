"""Every GDAL-backed reader against the real files in ../shared/realdata (see PROVENANCE.md)."""

import shutil

import numpy as np
import pyogrio
import pytest
import shapely

from parkgis.core.io import read_layers, write_layers


def copy_shapefile(src_stem, dst_dir, name="layer", suffixes=(".shp", ".shx", ".dbf", ".prj", ".cpg")):
    for suffix in suffixes:
        src = src_stem.with_suffix(suffix)
        if src.exists():
            shutil.copy(src, (dst_dir / name).with_suffix(suffix))
    return (dst_dir / name).with_suffix(".shp")


def test_shift_jis_shapefile_without_cpg_or_prj_reads_correctly_without_user_input(realdata):
    (layer,) = read_layers(realdata / "shapefile_encoding_and_prj/ogr2osm_japanese_sjis_nocpg_noprj.shp")
    assert layer.gdf["N03_001"].tolist() == ["千葉県", "千葉県"]
    assert layer.gdf["N03_004"].tolist() == ["大網白里町", "茂原市"]
    assert (layer.provenance.encoding, layer.provenance.encoding_source) == ("Shift_JIS", "detected")
    assert layer.epsg == 4326 and "assumed WGS 84" in layer.provenance.crs_assumed


def test_shift_jis_geojson_is_detected_and_decoded(realdata):
    (layer,) = read_layers(realdata / "shapefile_encoding_and_prj/ogr2osm_shift-jis.geojson")
    assert layer.gdf["N03_004"].tolist() == ["大網白里町", "茂原市"]
    assert layer.provenance.encoding == "Shift_JIS"


def test_utf8_shapefile_with_cpg(realdata):
    (layer,) = read_layers(realdata / "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84.shp")
    assert len(layer) == 263
    assert sorted(layer.gdf.geom_type.value_counts().items()) == [("MultiPolygon", 3), ("Polygon", 260)]
    assert set(layer.gdf["city"]) == {"北京市"} and set(layer.gdf["layer"]) == {"建筑物"}
    assert (layer.provenance.encoding, layer.provenance.encoding_source) == ("UTF-8", "cpg")
    assert layer.epsg == 4326 and layer.provenance.crs_assumed is None


def test_utf8_shapefile_without_cpg_is_detected(realdata, tmp_path):
    shp = copy_shapefile(realdata / "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84",
                         tmp_path, suffixes=(".shp", ".shx", ".dbf", ".prj"))
    (layer,) = read_layers(shp)
    assert set(layer.gdf["city"]) == {"北京市"}
    assert (layer.provenance.encoding, layer.provenance.encoding_source) == ("UTF-8", "detected")


def test_wrong_cpg_is_overruled_with_a_warning(realdata, tmp_path):
    shp = copy_shapefile(realdata / "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84", tmp_path)
    shp.with_suffix(".cpg").write_text("GBK")
    (layer,) = read_layers(shp)
    assert set(layer.gdf["city"]) == {"北京市"}
    assert any(".cpg declares GBK" in w for w in layer.warnings)


def test_explicit_encoding_wins(realdata, tmp_path):
    shp = copy_shapefile(realdata / "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84", tmp_path)
    (layer,) = read_layers(shp, encoding="GBK")
    assert layer.provenance.encoding_source == "explicit"
    # what the user asked for, and warned about; the odd last byte is shown as U+FFFD, not dropped
    assert set(layer.gdf["city"]) == {"鍖椾含甯\ufffd"}
    assert any("field city: text that is neither GBK nor UTF-8" in w for w in layer.warnings)


def make_gbk_shapefile(realdata, tmp_path, ldid: int):
    """The Beijing buildings re-encoded as GBK, without .cpg, with the given DBF language driver id."""
    (utf8,) = read_layers(realdata / "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84.shp")
    out = tmp_path / f"gbk_{ldid}.shp"
    write_layers([utf8], out, encoding="GBK")
    out.with_suffix(".cpg").unlink()
    dbf = bytearray(out.with_suffix(".dbf").read_bytes())
    dbf[29] = ldid
    out.with_suffix(".dbf").write_bytes(bytes(dbf))
    return out


@pytest.mark.parametrize("ldid", [0x00, 0x57])
def test_gbk_shapefile_without_cpg_loads_chinese_correctly(realdata, tmp_path, ldid):
    shp = make_gbk_shapefile(realdata, tmp_path, ldid)
    raw = pyogrio.read_dataframe(shp)  # what GDAL alone does: mojibake, silently
    assert set(raw["city"]) != {"北京市"}
    (layer,) = read_layers(shp)
    assert set(layer.gdf["city"]) == {"北京市"} and set(layer.gdf["layer"]) == {"建筑物"}
    assert (layer.provenance.encoding, layer.provenance.encoding_source) == ("GB18030", "detected")


def test_gbk_shapefile_with_ldid_77_uses_the_code_page(realdata, tmp_path):
    shp = make_gbk_shapefile(realdata, tmp_path, 0x4D)
    (layer,) = read_layers(shp)
    assert set(layer.gdf["city"]) == {"北京市"}
    assert (layer.provenance.encoding, layer.provenance.encoding_source) == ("GBK", "ldid")


def test_esri_prj_of_south_american_datum_and_latin_text(realdata):
    (layer,) = read_layers(realdata / "shapefile_encoding_and_prj/ogr2osm_sp_usinas_sad69.shp")
    assert len(layer) == 187 and layer.epsg == 4618
    assert "EM OPERAÇÃO" in set(layer.gdf["SITUA__O"])


def test_mca_topojson(realdata):
    (layer,) = read_layers(realdata / "admin_boundaries_mca_topojson/150600.json")
    assert layer.provenance.driver == "TopoJSON" and len(layer) == 23
    assert "鄂尔多斯市" in set(layer.gdf["NAME"]) and "fanwei" in set(layer.gdf["QUHUADAIMA"])
    (province,) = read_layers(realdata / "admin_boundaries_mca_topojson/150000.json")
    assert len(province) == 906
    invalid = np.count_nonzero(~shapely.is_valid(np.asarray(province.gdf.geometry.values)))
    assert invalid == 20 and province.invalid_summary().startswith("20 invalid geometries")


def test_datav_geojson_with_list_properties_converts_to_shapefile_and_gpkg(realdata, tmp_path):
    (layer,) = read_layers(realdata / "admin_boundaries_datav_gcj02/citys_150600.json")
    assert len(layer) == 9 and "东胜区" in set(layer.gdf["name"])
    write_layers([layer], tmp_path / "ordos.gpkg")
    (back,) = read_layers(tmp_path / "ordos.gpkg")
    assert back.gdf["name"].tolist() == layer.gdf["name"].tolist()
    assert back.gdf["acroutes"].iloc[0] == "[100000, 150000, 150600]"  # lists stored as JSON text
    write_layers([layer], tmp_path / "ordos.shp", to_crs=4525)
    (shp,) = read_layers(tmp_path / "ordos.shp")
    assert shp.epsg == 4525 and shp.gdf["name"].tolist() == layer.gdf["name"].tolist()
    assert shp.gdf.area.sum() / 1e6 == pytest.approx(87_000.7, rel=1e-4)  # PROVENANCE: 87,000.7 km² in EPSG:4525


def test_esri_prj_for_gk_zone_37_is_normalised(realdata, tmp_path):
    from pyproj import CRS

    shp = copy_shapefile(realdata / "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84", tmp_path)
    (layer,) = read_layers(shp)
    write_layers([layer], tmp_path / "gk.shp", to_crs=4525)
    (tmp_path / "gk.prj").write_text(CRS.from_epsg(4525).to_wkt("WKT1_ESRI"))
    (gk,) = read_layers(tmp_path / "gk.shp")
    assert gk.epsg == 4525 and gk.provenance.source_crs == "EPSG:4525"
