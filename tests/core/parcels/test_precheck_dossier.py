"""The 拍前体检 dossier: the 界址点 table from the north-west corner clockwise, the PDF read back (pages, text,
embedded fonts), the DOCX opened and its tables, the HTML's map."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import shapely
from precheck_fixture import X, Y, make_project

from parkgis.core.parcels.precheck import Prechecker
from parkgis.core.report.dossier import build_dossier, render_html, write_summary_xlsx
from parkgis.core.report.dossier_docx import render_docx
from parkgis.core.report.dossier_pdf import render_pdf


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("dossier") / "测试园区.gpkg")
    checker = Prechecker(project)
    return checker, {pid: checker.check(pid) for pid in ("A-01", "A-02")}


def test_points_from_the_north_west_corner_clockwise(checked):
    checker, results = checked
    d = build_dossier(checker, results["A-01"])
    # box(500 000, 4 400 000, 500 100, 4 400 100): NW, NE, SE, SW, back to NW; X is the northing
    assert d.points == [
        ("J1", "4400100.000", "36500000.000", "100.00"),
        ("J2", "4400100.000", "36500100.000", "100.00"),
        ("J3", "4400000.000", "36500100.000", "100.00"),
        ("J4", "4400000.000", "36500000.000", "100.00"),
        ("J1（闭合）", "4400100.000", "36500000.000", ""),
    ]
    assert d.point_count == 4


def test_pentagon_starts_at_its_north_west_vertex(tmp_path):
    import geopandas as gpd

    from parkgis.core.report.boundary_points import boundary_point_schedule

    # counter-clockwise from the south-east, with a chamfered north-west corner
    ring = [(X + 100, Y), (X + 100, Y + 100), (X + 10, Y + 100), (X, Y + 90), (X, Y)]
    gdf = gpd.GeoDataFrame({"DKBH": ["P"]}, geometry=[shapely.Polygon(ring)], crs=4545)
    table = boundary_point_schedule(gdf).parcels[0]
    ids = [(p.point_id, p.x, p.y) for p in table.rings[0]]
    zone = 36_000_000                           # the 成果表 prints Y with the zone number as prefix
    assert ids[0] == ("J1", Y + 90, zone + X)          # the western end of the chamfer: the NW-most vertex
    assert ids[1] == ("J2", Y + 100, zone + X + 10)    # clockwise: on to the north edge
    assert ids[2] == ("J3", Y + 100, zone + X + 100)
    assert ids[-1][0] == "J1"


def test_map_scene_has_grid_legend_and_problem_piece(checked):
    checker, results = checked
    d = build_dossier(checker, results["A-02"])
    labels = [e.label for e in d.scene.legend]
    assert labels[0] == "本宗地块" and "生态保护红线" in labels and "问题部位" in labels
    texts = [s.text for s in d.scene.shapes if s.kind == "text"]
    assert any(t.startswith("X=") for t in texts) and any(t.startswith("Y=") for t in texts)
    assert {"J1", "J2", "J3", "J4"} <= set(texts)
    assert d.scene.scale in (1000, 2000, 2500, 5000)
    assert d.verdict == "不可出让"


def test_html_holds_the_sections_and_an_svg_map(checked):
    checker, results = checked
    text = render_html([build_dossier(checker, r) for r in results.values()])
    assert "@page { size: A4" in text and text.count("<svg") == 2
    for heading in ("界址点坐标表", "四至", "审查事项与结论", "控制指标", "数据来源", "可以出让", "不可出让"):
        assert heading in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_pages_text_and_embedded_font(checked, tmp_path):
    checker, results = checked
    path = tmp_path / "dossier.pdf"
    path.write_bytes(render_pdf([build_dossier(checker, results["A-02"])]))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 5
    assert "x 841.89 pts (A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for needle in ("A-02 地块拍前体检报告", "结论：不可出让", "占用生态保护红线", "涉及 1000.00 平方米", "界址点坐标表",
                   "J1（闭合）", "4400100.000", "东至", "椭球面积", "1:", "审查人"):
        assert needle in text, needle
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    row = next(line for line in fonts.splitlines() if "NotoSansCJK" in line)
    assert row.split()[-5:-2] == ["yes", "yes", "yes"]       # embedded, subset, unicode map


def test_docx_opens_and_holds_the_tables(checked, tmp_path):
    import docx

    checker, results = checked
    path = tmp_path / "dossier.docx"
    path.write_bytes(render_docx([build_dossier(checker, results["A-01"])]))
    doc = docx.Document(str(path))
    assert len(doc.tables) == 7
    points = doc.tables[5]
    assert [c.text for c in points.rows[0].cells] == ["点号", "X（北）/米", "Y（东）/米", "边长/米"]
    assert [c.text for c in points.rows[1].cells] == ["J1", "4400100.000", "36500000.000", "100.00"]
    assert points.rows[-1].cells[0].text == "J1（闭合）"
    items = doc.tables[3]
    assert len(items.rows) == 1 + 14 and {r.cells[2].text for r in items.rows[1:]} == {"通过"}
    assert any("结论：可以出让" in p.text for p in doc.paragraphs)
    assert len(doc.inline_shapes) == 1                     # the map


def test_summary_xlsx(checked, tmp_path):
    import openpyxl

    checker, results = checked
    path = tmp_path / "汇总.xlsx"
    write_summary_xlsx(list(results.values()), path)
    ws = openpyxl.load_workbook(path).active
    assert ws.cell(2, 2).value == "地块编号"
    assert [ws.cell(r, 2).value for r in (3, 4)] == ["A-01", "A-02"]
    assert [ws.cell(r, 5).value for r in (3, 4)] == ["可以出让", "不可出让"]
    assert "占用生态保护红线" in ws.cell(4, 6).value
