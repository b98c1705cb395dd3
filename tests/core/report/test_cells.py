"""Values that look like formulas stay text in every spreadsheet parkgis writes (台账 and 界址点成果表,
XLSX and CSV): a parcel named ``=HYPERLINK(…)`` must not become a live formula in Excel."""

from __future__ import annotations

import csv
import io

import geopandas as gpd
from openpyxl import load_workbook
from shapely import box

from parkgis.core.analysis import check_parcels
from parkgis.core.layers import VectorLayer
from parkgis.core.report.boundary_points import boundary_point_schedule, write_schedule
from parkgis.core.report.check_report import write_csv, write_xlsx

X0, Y0 = 500_000.0, 4_400_000.0
LINK = '=HYPERLINK("http://example.invalid/x","点击查看")'
SUM = "=SUM(A1:A9)"


def parcels():
    gdf = gpd.GeoDataFrame({"DKBH": [SUM, "-2+3"], "DKMC": [LINK, "@cmd"]},
                           geometry=[box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 200, Y0, X0 + 300, Y0 + 100)],
                           crs=4545)
    return VectorLayer(name="=1+1", gdf=gdf)


def cells(path):
    wb = load_workbook(path)
    return [(c.value, c.data_type) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def test_the_ledger_keeps_formula_like_values_as_text(tmp_path):
    result = check_parcels(parcels())
    write_xlsx(result, tmp_path / "r.xlsx")
    got = cells(tmp_path / "r.xlsx")
    assert (LINK, "s") in got and (SUM, "s") in got and ("@cmd", "s") in got
    assert not [v for v, t in got if t == "f"]
    write_csv(result, tmp_path / "r.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    ids = {r[0] for r in rows[1:]}
    names = {r[1] for r in rows[1:]}
    assert ids == {"'" + SUM, "'-2+3"} and names == {"'" + LINK, "'@cmd"}


def test_the_boundary_point_tables_keep_them_as_text(tmp_path):
    schedule = boundary_point_schedule(parcels(), id_field="DKBH", name_field="DKMC")
    write_schedule(schedule, tmp_path / "b.xlsx")
    got = cells(tmp_path / "b.xlsx")
    assert (LINK, "s") in got and (SUM, "s") in got
    assert not [v for v, t in got if t == "f"]
    write_schedule(schedule, tmp_path / "b.csv")
    text = (tmp_path / "b.csv").read_text(encoding="utf-8-sig")
    fields = [f for row in csv.reader(io.StringIO(text)) for f in row]
    assert "'" + LINK in fields and "'" + SUM in fields
    assert not any(f.startswith("=") for f in fields)


def test_an_area_that_cannot_be_computed_is_an_empty_cell_with_a_note(tmp_path):
    # the JSON gives null and a note; the 台账 gives an empty cell and says why in 说明, never "nan"
    from parkgis.core.report.check_report import ROW_HEADERS, render_html

    result = check_parcels(parcels())
    result.parcels[0].ellipsoidal_area_m2 = float("nan")   # coordinates outside the CRS's domain
    ell, note = ROW_HEADERS.index("椭球面积(平方米)"), ROW_HEADERS.index("说明")
    expected_note = "椭球面积(平方米)无法计算：坐标超出 EPSG:4545 的定义范围（单元格留空）"
    write_csv(result, tmp_path / "r.csv")
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "nan" not in text.lower()
    table = list(csv.reader(io.StringIO(text)))
    first = [r for r in table[1:] if "HYPERLINK" in r[1]]
    assert first and all(r[ell] == "" and r[note].endswith(expected_note) for r in first)
    assert all(r[ell] == "10000.0" and "无法计算" not in r[note] for r in table[1:] if "HYPERLINK" not in r[1])
    write_xlsx(result, tmp_path / "r.xlsx")
    ws = load_workbook(tmp_path / "r.xlsx")["审查明细"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert not any(isinstance(v, float) and v != v for row in values for v in row)
    first = [r for r in values if r[1] == LINK]
    assert first and all(r[ell] is None and r[note].endswith(expected_note) for r in first)
    page = render_html(result)
    # the parcel is compliant: the report lists it in the table of all parcels (issue 13: details only for
    # the parcels in conflict), its 椭球 cell saying it could not be computed
    assert "nan" not in page and '<td class="num">无法计算</td>' in page


def test_plus_formulas_are_guarded_and_negative_numbers_stay_numbers(tmp_path):
    """Excel runs a CSV field starting with ``+`` as a formula (``+cmd|' /C calc'!A0``); a negative
    number is data and must read back as the same number, not as text with an apostrophe."""
    dde = "+cmd|' /C calc'!A0"
    gdf = gpd.GeoDataFrame({"DKBH": ["-12.5", "+cmd|x"], "DKMC": [dde, "-3"]},
                           geometry=[box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 200, Y0, X0 + 300, Y0 + 100)],
                           crs=4545)
    write_csv(check_parcels(VectorLayer(name="地块", gdf=gdf)), tmp_path / "r.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert {(r[0], r[1]) for r in rows[1:]} == {("-12.5", "'" + dde), ("'+cmd|x", "-3")}
    schedule = boundary_point_schedule(VectorLayer(name="地块", gdf=gdf), id_field="DKBH", name_field="DKMC")
    write_schedule(schedule, tmp_path / "b.csv")
    fields = [f for row in csv.reader(io.StringIO((tmp_path / "b.csv").read_text(encoding="utf-8-sig")))
              for f in row]
    assert not any(f.startswith(("+", "=", "@")) for f in fields)
    assert not any(f.startswith("'-") for f in fields)   # every negative figure (here: "-3", "-12.5") as is
