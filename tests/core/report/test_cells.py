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
