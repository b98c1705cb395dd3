"""Readers and writers against what was written (issue 16 item 1): text encodings, the files of a
shapefile set, the rings of a coordinate TXT. The oracle is always the input itself (the strings
written, the folder a writer leaves in an empty directory, the hand-drawn square), never the
function under test."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from parkgis.core.io import read_layers, write_layers
from parkgis.core.io.coordtxt import parse_coordtxt
from parkgis.core.layers import VectorLayer

# UTF-8 bytes of these also decode as GBK (閯傚皵澶氭柉 ...): only the rule "valid UTF-8 wins over
# the declaration" reads them right
NAMES = ["鄂尔多斯", "准格尔经济开发区", "地块", "工业用地"]


def names_layer(names=NAMES) -> VectorLayer:
    x = [500_000.0 + 20 * i for i in range(len(names))]
    return VectorLayer("dk", gpd.GeoDataFrame({"MC": names}, geometry=shapely.box(x, 4_400_000, [v + 10 for v in x],
                                                                                  4_400_010), crs=4545))


def test_names_really_are_ambiguous():
    for name in NAMES:
        assert name.encode("utf-8").decode("gbk") != name


@pytest.mark.parametrize("cpg", ["GBK", "936", "CP936", "GB2312"])
def test_valid_utf8_wins_over_a_cpg_that_says_gbk(tmp_path, cpg):
    path = tmp_path / "dk.shp"
    write_layers([names_layer()], path, encoding="UTF-8")
    (tmp_path / "dk.cpg").write_text(cpg, encoding="ascii")   # a tool that wrote the wrong .cpg
    (layer,) = read_layers(path)
    assert layer.gdf["MC"].tolist() == NAMES
    assert layer.provenance.encoding == "UTF-8"


def test_gbk_text_under_a_gbk_cpg_is_gbk(tmp_path):
    # the other side of the rule: real GBK bytes are read as the .cpg says
    path = tmp_path / "dk.shp"
    write_layers([names_layer()], path, encoding="GBK")
    (layer,) = read_layers(path)
    assert layer.gdf["MC"].tolist() == NAMES


# ------------------------------------------------------------------------------ shapefile sidecars


def writer_files(tmp_path, encoding: str) -> set[str]:
    """The files the writer leaves in an empty folder: the reference set."""
    ref = tmp_path / f"ref-{encoding}"
    ref.mkdir()
    write_layers([names_layer()], ref / "dk.shp", encoding=encoding)
    return {p.name for p in ref.iterdir()}


@pytest.mark.parametrize("encoding", ["UTF-8", "GBK"])
def test_overwrite_leaves_exactly_the_writers_files(tmp_path, encoding):
    want = writer_files(tmp_path, encoding)
    assert {"dk.shp", "dk.shx", "dk.dbf", "dk.prj", "dk.cpg"} <= want
    folder = tmp_path / "data"
    folder.mkdir()
    write_layers([names_layer(["旧"] * 2)], folder / "dk.shp", encoding="UTF-8")
    # the old set as ArcGIS on Windows leaves it: upper-case parts and indexes of its own
    for part in (".cpg", ".dbf"):
        (folder / f"dk{part}").rename(folder / f"dk{part.upper()}")
    (folder / "dk.CPG").write_text("GBK", encoding="ascii")
    (folder / "dk.QIX").write_bytes(b"stale index")
    (folder / "dk.sbn").write_bytes(b"stale index")
    (folder / "dk.shp.xml").write_text("<metadata/>", encoding="utf-8")   # metadata: not a set part
    write_layers([names_layer()], folder / "dk.shp", encoding=encoding)
    assert {p.name for p in folder.iterdir()} == want | {"dk.shp.xml"}
    (layer,) = read_layers(folder / "dk.shp")
    assert layer.gdf["MC"].tolist() == NAMES


# ------------------------------------------------------------------------------ coordinate TXT rings

HEADER = """[属性描述]
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=37
精度=0.001
[地块坐标]
"""


def ring_lines(ids, ring, x0, y0, size, close_id=None):
    """A size × size square with its SW corner at easting x0 (without prefix), northing y0;
    closed by ``close_id`` (a point line repeating the first coordinates) unless None."""
    corners = [(y0 + size, x0), (y0 + size, x0 + size), (y0, x0 + size), (y0, x0)]
    lines = [f"{i},{ring},{n:.3f},{37_000_000 + e:.3f}" for i, (n, e) in zip(ids, corners, strict=True)]
    if close_id is not None:
        n, e = corners[0]
        lines.append(f"{close_id},{ring},{n:.3f},{37_000_000 + e:.3f}")
    return lines


def txt(tmp_path, count, lines, hectares=1.0):
    path = tmp_path / "dk.txt"
    body = f"{count},{hectares},DK1,地块一,面,,工业,0601,@\n" + "\n".join(lines) + "\n"
    path.write_text(HEADER + body, encoding="utf-8")
    return parse_coordtxt(path)


def test_ring_closed_by_its_coordinates_under_a_new_point_id(tmp_path):
    # J1..J4 and J5 at J1's place: the surveyor numbered the closing point anew; it is closed
    doc = txt(tmp_path, 5, ring_lines(["J1", "J2", "J3", "J4"], 1, 400_000, 4_400_000, 100, close_id="J5"))
    assert [f.code for f in doc.findings] == []
    (parcel,) = doc.parcels
    assert parcel.geometry.area == pytest.approx(10_000.0, abs=1e-6)
    assert len(parcel.geometry.exterior.coords) == 5


def test_hole_closed_by_coordinates_then_ring_change(tmp_path):
    shell = ring_lines(["J1", "J2", "J3", "J4"], 1, 400_000, 4_400_000, 100, close_id="J5")
    hole = ring_lines(["J6", "J7", "J8", "J9"], 2, 400_025, 4_400_025, 50, close_id="J10")
    doc = txt(tmp_path, 10, shell + hole, hectares=0.75)
    assert [f.code for f in doc.findings] == []
    (parcel,) = doc.parcels
    assert parcel.geometry.area == pytest.approx(10_000.0 - 2_500.0, abs=1e-6)


def test_unclosed_ring_before_a_ring_number_change_is_reported(tmp_path):
    shell = ring_lines(["J1", "J2", "J3", "J4"], 1, 400_000, 4_400_000, 100)          # not closed
    hole = ring_lines(["J5", "J6", "J7", "J8"], 2, 400_025, 4_400_025, 50, close_id="J5")
    doc = txt(tmp_path, 10, shell + hole, hectares=0.75)
    found = [f for f in doc.findings if f.code == "ring_not_closed"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].line == HEADER.count("\n") + 5
    assert [f.code for f in doc.findings] == ["ring_not_closed"]   # 界址点数 10 = 9 lines + the one closed
    (parcel,) = doc.parcels
    assert parcel.geometry.area == pytest.approx(7_500.0, abs=1e-6)
