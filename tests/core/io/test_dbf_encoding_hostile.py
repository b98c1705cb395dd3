"""Hostile code pages in shapefiles (issue 9 items 5 and 18): a Latin declaration over GBK bytes, rows
of two encodings in one table, GBK field names, and writing characters GBK cannot hold."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from hostile_files import shapefile

from parkgis.core.errors import DataError
from parkgis.core.io.registry import read_layers, write_layers
from parkgis.core.layers import VectorLayer
from parkgis.core.messages import localize

NAMES = ["鄂尔多斯市", "准格尔旗", "达拉特旗", "伊金霍洛旗"]


@pytest.mark.parametrize(("ldid", "cpg", "declared"), [(0x01, None, "DBF language driver id 1 declares CP437"),
                                                       (0x03, None, "DBF language driver id 3 declares CP1252"),
                                                       (0x00, "1252", ".cpg declares CP1252"),
                                                       (0x4D, "ANSI 1252", ".cpg declares CP1252")])
def test_latin_declaration_over_gbk_bytes_is_read_as_chinese_and_said(tmp_path, ldid, cpg, declared):
    shp = shapefile(tmp_path / "dk.shp", 4, [("MC", "C", 20, 0)], [[n.encode("gbk")] for n in NAMES],
                    ldid=ldid, cpg=cpg)
    (layer,) = read_layers(shp)
    assert list(layer.gdf["MC"]) == NAMES                     # not ¶õ¶û¶àË¹ÊÐ
    assert layer.provenance.encoding == "GB18030"
    (warning,) = layer.warnings
    assert declared in warning and "but the text is GB18030" in warning
    assert "已按 GB18030 读取" in localize(warning)


def test_latin_text_under_a_latin_declaration_is_left_alone(tmp_path):
    latin = ["São Paulo", "Usina Elétrica", "EM OPERAÇÃO", "Müller Straße"]
    shp = shapefile(tmp_path / "br.shp", 4, [("MC", "C", 20, 0)], [[t.encode("cp1252")] for t in latin], cpg="1252")
    (layer,) = read_layers(shp)
    assert list(layer.gdf["MC"]) == latin and layer.provenance.encoding == "CP1252" and layer.warnings == []


@pytest.mark.parametrize(("ldid", "cpg"), [(0x00, None), (0x4D, None), (0x00, "GBK")])
def test_rows_in_gbk_and_utf8_are_each_decoded_in_their_own_encoding(tmp_path, ldid, cpg):
    raw = [NAMES[0].encode("gbk"), NAMES[1].encode("utf-8"), NAMES[2].encode("gbk"), NAMES[3].encode("utf-8")]
    shp = shapefile(tmp_path / "mixed.shp", 4, [("MC", "C", 20, 0)], [[r] for r in raw], ldid=ldid, cpg=cpg)
    (layer,) = read_layers(shp)
    assert list(layer.gdf["MC"]) == NAMES
    assert any("2 text value(s) are UTF-8 and 2 are G" in w for w in layer.warnings)


def test_gbk_language_driver_over_utf8_bytes_reads_utf8(tmp_path):
    shp = shapefile(tmp_path / "u.shp", 4, [("MC", "C", 20, 0)], [[n.encode("utf-8")] for n in NAMES], ldid=0x4D)
    (layer,) = read_layers(shp)
    assert list(layer.gdf["MC"]) == NAMES and layer.provenance.encoding == "UTF-8"
    assert any("DBF language driver id 77 declares GBK but the text" in w for w in layer.warnings)


@pytest.mark.parametrize(("codec", "first"), [("gbk", "地块编号"), ("utf-8", "地块编")])
def test_chinese_field_names_are_decoded(tmp_path, codec, first):
    """Field names are text too (item 18): in GBK, with plain ASCII values that say nothing; in UTF-8,
    cut at the 10 bytes a DBF name holds in the middle of 号 (as GDAL writes them)."""
    fields = [("地块编号".encode(codec)[:10], "C", 10, 0), ("面积".encode(codec), "N", 10, 2)]
    shp = shapefile(tmp_path / "f.shp", 2, fields, [["A-01", "12.50"], ["A-02", "3.25"]])
    (layer,) = read_layers(shp)
    assert list(layer.gdf.columns) == [first, "面积", "geometry"]
    assert list(layer.gdf["面积"]) == [12.5, 3.25]


RARE = ["㘵村", "𠀀乡", "䶮镇"]   # real place-name characters outside GBK (GB18030 holds them)


def _layer(values, column="MC"):
    gdf = gpd.GeoDataFrame({column: values}, geometry=[shapely.box(500_000 + i, 4_400_000, 500_001 + i, 4_400_001)
                                                     for i in range(len(values))],
                           crs=4545)
    return VectorLayer("dk", gdf)


@pytest.mark.parametrize("position", [0, 1, 2])
def test_writing_gbk_refuses_characters_gbk_cannot_hold(tmp_path, position):
    values = ["准格尔旗"] * 3
    values[position] = RARE[position]
    out = tmp_path / "out.shp"
    with pytest.raises(DataError) as err:
        write_layers([_layer(values)], out, encoding="GBK")
    assert err.value.feature == position
    assert f"field MC: {RARE[position]!r} holds {RARE[position][0]!r}, which GBK cannot hold" in str(err.value)
    assert not any(tmp_path.iterdir())       # nothing written


def test_writing_gbk_refuses_a_field_name_gbk_cannot_hold(tmp_path):
    with pytest.raises(DataError, match="the field name '㘵名' holds '㘵'"):
        write_layers([_layer(["a"], column="㘵名")], tmp_path / "out.shp", encoding="GBK")


def test_writing_gb18030_keeps_every_character_and_says_so_in_the_cpg(tmp_path):
    out = tmp_path / "out.shp"
    write_layers([_layer(RARE)], out, encoding="GB18030")
    assert out.with_suffix(".cpg").read_text().strip() == "GB18030"
    dbf = out.with_suffix(".dbf").read_bytes()
    assert all(v.encode("gb18030") in dbf for v in RARE)    # the bytes really are GB18030
    (layer,) = read_layers(out)
    assert list(layer.gdf["MC"]) == RARE
