"""Values a .dbf holds must be read exactly or named with their feature and field (issue 9 item 6):
GDAL turns ``1,234.50`` into 1.0, ``20260231`` into 2026-03-03, 18-digit 标识码 in N(20,0) into floats
that two parcels share, and drops the shapes beyond a short .dbf."""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from hostile_files import dbf_bytes, shapefile

from parkgis.core.io.registry import read_layers
from parkgis.core.messages import localize

BSM = ["150602123456789012", "150602123456789013", "150602123456789014"]


def _read(tmp_path, fields, records, n=None, **kw):
    shp = shapefile(tmp_path / "dk.shp", n or len(records), fields, records, **kw)
    (layer,) = read_layers(shp)
    return layer


@pytest.mark.parametrize(("ftype", "width", "dec"), [("N", 20, 0), ("N", 19, 0), ("F", 19, 11), ("N", 24, 15)])
def test_eighteen_digit_bsm_stays_exact(tmp_path, ftype, width, dec):
    layer = _read(tmp_path, [("BSM", ftype, width, dec)], [[v if dec == 0 else v + ".0"] for v in BSM])
    assert [int(v) for v in layer.gdf["BSM"]] == [int(v) for v in BSM]
    assert layer.gdf["BSM"].nunique() == 3
    assert layer.warnings == []


def test_bsm_with_an_empty_value_stays_exact(tmp_path):
    layer = _read(tmp_path, [("BSM", "N", 20, 0)], [[BSM[0]], [""], [BSM[2]]])
    column = layer.gdf["BSM"]
    assert column.isna().tolist() == [False, True, False]
    assert [int(column.iloc[0]), int(column.iloc[2])] == [int(BSM[0]), int(BSM[2])]   # not 150602123456789008


def test_integers_beyond_64_bits_are_kept_as_text_and_said(tmp_path):
    layer = _read(tmp_path, [("BSM", "N", 20, 0)], [["1"], ["99999999999999999999"]])
    assert list(layer.gdf["BSM"]) == ["1", "99999999999999999999"]
    assert layer.warnings == ["feature 1, field BSM: the integers exceed 64 bits; the field is kept as text, "
                              "for example: '99999999999999999999'"]


def test_numbers_with_separators_and_garbage_are_named(tmp_path):
    layer = _read(tmp_path, [("MJ", "N", 12, 2)], [["1,234.50"], ["1,5"], ["abc"], ["  12.25"], ["********"]])
    values = layer.gdf["MJ"].tolist()
    assert values[0] == 1234.5 and values[3] == 12.25             # not 1.0
    assert all(np.isnan(v) for v in (values[1], values[2], values[4]))   # not 1.0, 0.0
    assert layer.warnings == [
        "feature 0, field MJ: the number has thousands separators and is read without them: '1,234.50'",
        "feature 1, field MJ: the value is not a number and was left empty: '1,5' (2 values in all)",
        "feature 4, field MJ: the value overflowed its field width (written as stars) and is empty: '********'"]
    assert localize(layer.warnings[1]) == "要素 1，字段 MJ：该值不是数字，读为空值：'1,5'（共 2 个值）"


def test_invalid_dates_are_empty_and_named_never_rolled_over(tmp_path):
    layer = _read(tmp_path, [("RQ", "D", 8, 0)], [["20260231"], ["2026XX01"], ["20260228"], ["00000000"], [""]])
    assert layer.gdf["RQ"].tolist()[2] == datetime.date(2026, 2, 28)
    assert [v is None or v != v for i, v in enumerate(layer.gdf["RQ"].tolist()) if i != 2] == [True] * 4
    assert layer.warnings == ["feature 0, field RQ: not a valid date (YYYYMMDD), left empty: '20260231' "
                              "(2 values in all)"]
    assert datetime.date(2026, 3, 3) not in layer.gdf["RQ"].tolist()
    assert datetime.date(1970, 1, 1) not in layer.gdf["RQ"].tolist()


def test_short_dbf_keeps_every_shape_and_names_the_file(tmp_path):
    layer = _read(tmp_path, [("BSM", "N", 20, 0)], [[BSM[0]], [BSM[1]]], n=4)
    assert len(layer.gdf) == 4                                      # GDAL returns 2
    assert layer.gdf["BSM"].tolist()[:2] == [int(BSM[0]), int(BSM[1])]
    assert layer.gdf["BSM"].isna().tolist() == [False, False, True, True]
    assert layer.warnings == ["the .dbf (dk.dbf) holds 2 records for 4 shapes: features 2 to 3 are read without "
                              "attributes"]


def test_long_dbf_and_deleted_records_are_said(tmp_path):
    layer = _read(tmp_path, [("NAME", "C", 5, 0)], [["a"], ["b"], ["c"], ["d"]], n=3, deleted=(1,))
    assert layer.gdf["NAME"].tolist() == ["a", "c"]
    assert layer.warnings == [
        "the .dbf (dk.dbf) holds 4 records for 3 shapes: the last 1 records have no shape and are left out",
        "1 record(s) are marked deleted in the .dbf and are left out (first: feature 1)"]


def test_truncated_dbf_is_said(tmp_path):
    shp = shapefile(tmp_path / "dk.shp", 3, [("NAME", "C", 5, 0)], [["a"], ["b"], ["c"]])
    dbf = shp.with_suffix(".dbf")
    dbf.write_bytes(dbf.read_bytes()[:-7])                          # the last record (6 bytes) and EOF cut
    (layer,) = read_layers(shp)
    assert layer.gdf["NAME"].tolist()[:2] == ["a", "b"] and len(layer.gdf) == 3
    assert "the .dbf header announces 3 records but the file holds 2: it is truncated" in layer.warnings


def test_the_builder_writes_what_gdal_reads(tmp_path):
    """The hostile-file builder itself: a plain table reads back through GDAL unchanged."""
    import pyogrio

    shp = shapefile(tmp_path / "ok.shp", 2, [("A", "C", 4, 0), ("B", "N", 6, 2)], [["x", "1.50"], ["y", "2.25"]])
    df = pyogrio.read_dataframe(shp)
    assert df["A"].tolist() == ["x", "y"] and df["B"].tolist() == [1.5, 2.25]
    assert dbf_bytes([("A", "C", 1, 0)], [["z"]])[-3:] == b" z\x1a"
