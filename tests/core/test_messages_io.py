"""The Chinese of real reading errors and warnings (``parkgis.core.messages.zh_io``): each input is
built as in tests/core/io, read for real, and its message localized."""

from __future__ import annotations

import shutil

import pytest

from parkgis.core.errors import DataError
from parkgis.core.io import read_layers, write_layers
from parkgis.core.io.encoding import detect_encoding
from parkgis.core.messages import localize, localize_error

BEIJING = "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84"

HEADER = """[属性描述]
坐标系=2000国家大地坐标系
几度分带=3
带号=37
精度=0.001
[地块坐标]
"""
# parcel 1: its third point line lacks the easting; parcel 2: 界址点数 and 地块面积 do not match
PARCELS = """5,0.0100,1,甲地块,面,,工业用地,0601,@
J1,1,4000100.000,37500000.000
J2,1,4000100.000,37500100.000
J3,1,4000000.000
J4,1,4000000.000,37500000.000
J1,1,4000100.000,37500000.000
6,0.0100,2,乙地块,面,,工业用地,0601,@
J1,1,4000100.000,37600000.000
J2,1,4000100.000,37600100.000
J3,1,4000000.000,37600100.000
J4,1,4000000.000,37600000.000
J1,1,4000100.000,37600000.000
"""


@pytest.fixture
def shapefile(realdata, tmp_path):
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        shutil.copy((realdata / BEIJING).with_suffix(suffix), tmp_path / f"建筑{suffix}")
    return tmp_path / "建筑.shp"


def read_error(path, **kwargs) -> DataError:
    with pytest.raises(DataError) as err:
        read_layers(path, **kwargs)
    assert localize(str(err.value)) == localize_error(err.value)   # composed text or parts: the same
    return err.value


def test_missing_shx(shapefile):
    shapefile.with_suffix(".shx").unlink()
    assert localize_error(read_error(shapefile)) == \
        f"{shapefile}：缺少 .shx 索引文件（Shapefile 须同时具备 .shp、.shx 和 .dbf）"


def test_missing_dbf(shapefile):
    shapefile.with_suffix(".dbf").unlink()
    assert localize_error(read_error(shapefile)) == \
        f"{shapefile}：缺少 .dbf 属性表（Shapefile 须同时具备 .shp、.shx 和 .dbf）"


def test_truncated_shp_names_the_first_feature_cut_off(shapefile):
    data = shapefile.read_bytes()
    shapefile.write_bytes(data[:len(data) // 2])
    assert localize_error(read_error(shapefile)) == (
        f"{shapefile}：要素 144：.shp 文件不完整（文件头声明 56904 字节，实际只有 28452 字节）：要素 144 至 262 被截断；"
        "请重新复制完整的文件")


def test_truncated_shp_without_shx_to_name_the_feature(shapefile):
    data = shapefile.read_bytes()
    shapefile.write_bytes(data[:len(data) // 2])
    shapefile.with_suffix(".shx").unlink()
    assert localize_error(read_error(shapefile)) == \
        f"{shapefile}：.shp 文件不完整（文件头声明 56904 字节，实际只有 28452 字节）；请重新复制完整的文件"


def test_not_a_shapefile(tmp_path):
    bad = tmp_path / "坏.shp"
    bad.write_bytes(b"not a shapefile at all")
    assert localize_error(read_error(bad)) == f"{bad}：不是 Shapefile（.shp 文件头缺失或损坏）"


def test_empty_missing_and_unsupported_files(tmp_path):
    empty = tmp_path / "empty.geojson"
    empty.write_bytes(b"")
    assert localize_error(read_error(empty)) == f"{empty}：文件为空（0 字节）"
    assert localize_error(read_error(tmp_path / "无.gpkg")) == f"{tmp_path / '无.gpkg'}：文件不存在"
    other = tmp_path / "plan.doc"
    other.write_bytes(b"x")
    assert localize_error(read_error(other)).startswith(f"{other}：不支持的文件类型 .doc；支持的类型：.dat, .dxf, ")


def test_gbk_shapefile_under_a_utf8_cpg_is_read_as_detected(shapefile, tmp_path):
    (layer,) = read_layers(shapefile)
    write_layers([layer], tmp_path / "gbk.shp", encoding="GBK")
    (tmp_path / "gbk.cpg").write_text("UTF-8")
    (gbk,) = read_layers(tmp_path / "gbk.shp")
    assert set(gbk.gdf["city"]) == {"北京市"}
    assert [localize(w) for w in gbk.warnings] == [
        ".cpg 声明编码为 UTF-8，但文本无法按 UTF-8 解码；已按 GB18030 读取（非 ASCII 文本中 100% 为常用 GB18030 字符；"
        "次优 Big5（50%））"]
    (tmp_path / "gbk.cpg").unlink()                      # without .cpg: detected, nothing to warn of
    (gbk,) = read_layers(tmp_path / "gbk.shp")
    assert (gbk.provenance.encoding, gbk.provenance.encoding_source, gbk.warnings) == ("GB18030", "detected", [])


def test_cpg_contradicted_by_utf8_text(shapefile):
    shapefile.with_suffix(".cpg").write_text("GBK")
    (layer,) = read_layers(shapefile)
    assert [localize(w) for w in layer.warnings] == [
        ".cpg 声明编码为 GBK，但文本无法按 GBK 解码；已按 UTF-8 读取（文本是有效的 UTF-8）"]


def test_uncertain_encoding_label():
    choice = detect_encoding(["丂丄丅".encode("gb18030")])    # rare hanzi: decodes, but is no common text
    assert choice.source == "detected" and choice.confidence < 0.6
    assert localize(f"text encoding uncertain: {choice.label}") == \
        "文本编码不确定：GB18030（自动检测：非 ASCII 文本中 0% 为常用 GB18030 字符；次优 Shift_JIS（0%））"


def test_coordinate_file_with_a_bad_point_line(tmp_path):
    txt = tmp_path / "报批.txt"
    txt.write_text(HEADER + PARCELS, encoding="utf-8")
    (layer,) = read_layers(txt)                          # parcel 1 left out, parcel 2 read with warnings
    assert len(layer) == 1
    assert [localize(w) for w in layer.warnings] == [
        "10：错误：地块 1：坐标点行有 3 个字段，应为 4 个（点号,圈号,X,Y）：'J3,1,4000000.000' [bad_point_line]",
        "13：警告：地块 2：界址点数=6，但地块有 5 个坐标点行 [point_count_mismatch]",
        "13：警告：地块 2：地块面积=0.01 与计算面积 1.0000 公顷（10000.00 m²）不符：按公顷计相差 99.0%，按平方米计相差 "
        "100.0% [area_mismatch]",
    ]
    err = read_error(txt, strict=True)
    assert localize_error(err) == \
        f"{txt}（图层 地块）：要素 1：第 10 行：坐标点行有 3 个字段，应为 4 个（点号,圈号,X,Y）：'J3,1,4000000.000'"


def test_coordinate_file_without_zone(tmp_path):
    txt = tmp_path / "无带号.txt"
    txt.write_text(HEADER.replace("带号=37\n", "") + PARCELS.replace("375", "5").replace("376", "6"),
                   encoding="utf-8")
    assert localize_error(read_error(txt)) == (
        f"{txt}：无法确定投影带（带号为空，东坐标也没有带号前缀）：请指定坐标系（该投影带的 EPSG 代码，如中央经线 111°E、"
        "不带前缀为 4546）")
    (layer,) = read_layers(txt, crs=4549)
    assert localize(layer.provenance.crs_assumed) == "由用户指定（EPSG:4549）"


def test_coordinate_zone_from_prefix_is_an_assumption(tmp_path):
    txt = tmp_path / "前缀.txt"
    txt.write_text(HEADER.replace("带号=37\n", "") + PARCELS, encoding="utf-8")
    (layer,) = read_layers(txt)
    assert localize(layer.provenance.crs_assumed) == "由东坐标前缀得出第 37 带，坐标系为 EPSG:4525"


def test_coordinate_file_issue9_findings_in_chinese(tmp_path):
    corners = [(4000100, 500000), (4000100, 500100), (4000000, 500100), (4000000, 500000), (4000100, 500000)]
    doc_a = HEADER.replace("带号=37", "带号=36") + "5,1.0000,1,甲地块,面,,工业用地,0601,@\n" + "".join(
        f"J{i % 4 + 1},1,{n}.000,{e}.000\n" for i, (n, e) in enumerate(corners))
    doc_b = HEADER + "5,1,0000,1,乙地块,面,,工业用地,0601,@\n" + "".join(
        f"J{i % 4 + 1},1,{n},000,37{e},000\n" for i, (n, e) in enumerate(corners))
    txt = tmp_path / "合并.txt"
    txt.write_text(doc_a + doc_b, encoding="utf-8")
    (layer,) = read_layers(txt)
    assert [localize(w) for w in layer.warnings] == [
        "13：警告：第 2 个文档（自第 13 行起）位于 EPSG:4525，第 1 个文档位于 EPSG:4545：其 1 个地块已转换到 EPSG:4545；"
        "面积仍为各自投影带中的面积 [document_in_other_zone]",
        "19：警告：地块 1：地块面积以小数逗号书写（1,0000）：已读作 1 [decimal_comma_area]",
        "19：警告：地块 1：地块编号 1 被 2 个地块使用（地块首行在第 7, 19 行）：地块编号必须唯一 [duplicate_parcel_id]",
        "20：警告：坐标以小数逗号书写（如 J1,1,4000100,000,37500000,000）：已将 5 个坐标点行中的逗号按小数点读取 "
        "[decimal_comma]",
    ]
