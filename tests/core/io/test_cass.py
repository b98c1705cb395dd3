"""CASS .dat points (点号,编码,Y(东),X(北),H) and polygons from ordered points."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from parkgis.core.errors import DataError
from parkgis.core.io import format_for_read, read_layers
from parkgis.core.io.cass import polygon_from_points

DAT = """1,,37500000.000,4400000.000,1050.12
2,JZD,37500100.000,4400000.000,1050.50
3,JZD,37500100.000,4400100.000,
4,房角,37500000.000,4400100.000,1049.90
"""


def test_points_with_codes_heights_and_zone(tmp_path):
    path = tmp_path / "survey.dat"
    path.write_bytes(DAT.replace("\n", "\r\n").encode("gbk"))
    assert format_for_read(path).name == "cass"
    (layer,) = read_layers(path)
    assert layer.name == "点" and layer.epsg == 4525 and layer.provenance.encoding == "GB18030"
    assert list(layer.gdf["DH"]) == ["1", "2", "3", "4"]
    assert list(layer.gdf["BM"].fillna("")) == ["", "JZD", "JZD", "房角"]
    assert layer.gdf["H"].isna().tolist() == [False, False, True, False]
    assert (layer.gdf.geometry.x.iloc[1], layer.gdf.geometry.y.iloc[1]) == (37_500_100.0, 4_400_000.0)


def test_polygon_from_ordered_points(tmp_path):
    path = tmp_path / "parcel.dat"
    path.write_text(DAT + "5,,37500000.000,4400000.000\n", encoding="utf-8")
    (layer,) = read_layers(path, layer="面")
    assert layer.gdf.geometry.iloc[0].equals(box(37_500_000, 4_400_000, 37_500_100, 4_400_100))
    assert polygon_from_points([(0, 0), (1, 0), (1, 1), (1, 1), (0, 0)]).area == 0.5
    with pytest.raises(ValueError, match="3 distinct points"):
        polygon_from_points([(0, 0), (1, 0), (0, 0)])


def test_bad_lines_reported_and_strict(tmp_path):
    path = tmp_path / "bad.dat"
    path.write_text(DAT + "6,,37500050.000\n7,,abc,4400050.000\n", encoding="utf-8")
    (layer,) = read_layers(path)
    assert len(layer.gdf) == 4
    assert layer.warnings[:2] == ["5: error: 3 field(s), expected 点号,编码,Y(东),X(北)[,H] [bad_point_line]",
                                  "6: error: coordinate 'abc' is not a number (point 7) [bad_coordinate]"]
    with pytest.raises(DataError, match="line 5"):
        read_layers(path, strict=True)
