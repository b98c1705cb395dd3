"""The 拍前体检 dossier as Word (DOCX), which the bureaus edit before signing.

Library: **python-docx** (MIT, the maintained way to write OOXML from Python). The text is set in 宋体 for
East Asian characters (``w:eastAsia``), the font every bureau PC has; the page is A4 with 2 cm margins.
Word shows SVG only in recent versions, so the map is the dossier's :class:`~parkgis.core.report.dossier.MapScene`
painted by Pillow (already a dependency of fpdf2) into a 300 dpi PNG — the same scene the PDF draws as vectors.
"""

from __future__ import annotations

import io
from pathlib import Path

from .dossier import VERDICT_COLOURS, Dossier, MapScene

DPI = 300
EAST_ASIA_FONT = "宋体"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def scene_png(scene: MapScene, dpi: int = DPI) -> bytes:
    """The map as a PNG (white background, the frame, north arrow and scale bar)."""
    from PIL import Image, ImageDraw, ImageFont

    from ..resources import cjk_font_files

    k = dpi / 25.4
    w, h = round(scene.width * k), round(scene.height * k)
    base = Image.new("RGB", (w, h), "white")
    fonts: dict[float, object] = {}
    files = [f for f in cjk_font_files() if "Regular" in f.name]

    def font(size_pt: float):
        if size_pt not in fonts:
            px = max(round(size_pt / 72 * dpi), 6)
            fonts[size_pt] = ImageFont.truetype(str(files[0]), px, index=2) if files else ImageFont.load_default()
        return fonts[size_pt]

    def px(points):
        return [(x * k, y * k) for x, y in points]

    for s in scene.shapes:
        if s.kind == "polygon":
            if s.fill:
                layer = Image.new("L", (w, h), 0)
                mask = ImageDraw.Draw(layer)
                mask.polygon(px(s.rings[0]), fill=255)
                for hole in s.rings[1:]:
                    mask.polygon(px(hole), fill=0)
                alpha = layer.point(lambda v, a=s.fill_opacity: round(v * a))
                base.paste(Image.new("RGB", (w, h), _rgb(s.fill)), (0, 0), alpha)
            if s.stroke:
                draw = ImageDraw.Draw(base)
                for ring in s.rings:
                    draw.line(px(ring), fill=_rgb(s.stroke), width=max(round(s.stroke_width * k), 1))
        elif s.kind == "line":
            draw = ImageDraw.Draw(base)
            pts = px(s.rings[0])
            if s.dash:
                _dashed(draw, pts, _rgb(s.stroke), max(round(s.stroke_width * k), 1), 1.2 * k, 0.8 * k)
            else:
                draw.line(pts, fill=_rgb(s.stroke), width=max(round(s.stroke_width * k), 1))
    draw = ImageDraw.Draw(base)
    for s in scene.shapes:
        if s.kind != "text":
            continue
        (x, y), = s.rings[0]
        anchor = {"left": "ls", "center": "mm", "right": "rs"}[s.align]
        draw.text((x * k, y * k), s.text, fill=_rgb(s.stroke or "#000000"), font=font(s.size), anchor=anchor)
    # frame, north arrow, scale bar
    draw.rectangle([0, 0, w - 1, h - 1], outline="black", width=max(round(0.4 * k), 1))
    nx, ny = (scene.width - 10) * k, 8 * k
    draw.polygon([(nx, ny), (nx - 3 * k, ny + 9 * k), (nx, ny + 7 * k)], fill="black")
    draw.polygon([(nx, ny), (nx + 3 * k, ny + 9 * k), (nx, ny + 7 * k)], fill="white", outline="black")
    draw.text((nx, ny - 1 * k), "北", fill="black", font=font(9), anchor="ms")
    bx, by, bl = 6 * k, (scene.height - 6) * k, scene.scale_bar_mm * k
    draw.rectangle([bx - k, by - 5 * k, bx + bl + 22 * k, by + 2.5 * k], fill="white")
    draw.rectangle([bx, by, bx + bl / 2, by + 1.2 * k], fill="black", outline="black")
    draw.rectangle([bx + bl / 2, by, bx + bl, by + 1.2 * k], fill="white", outline="black")
    draw.text((bx, by - k), "0", fill="black", font=font(7), anchor="ms")
    draw.text((bx + bl, by - k), f"{scene.scale_bar_m:g} 米", fill="black", font=font(7), anchor="ms")
    draw.text((bx + bl + 4 * k, by + 1.4 * k), f"1:{scene.scale:,}", fill="black", font=font(7), anchor="ls")
    out = io.BytesIO()
    base.save(out, format="PNG", dpi=(dpi, dpi), optimize=False)
    return out.getvalue()


def _dashed(draw, pts, colour, width, on, off):
    import math

    for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:], strict=True):
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            continue
        t = 0.0
        while t < length:
            t1 = min(t + on, length)
            draw.line([(x0 + (x1 - x0) * t / length, y0 + (y1 - y0) * t / length),
                       (x0 + (x1 - x0) * t1 / length, y0 + (y1 - y0) * t1 / length)], fill=colour, width=width)
            t = t1 + off


def _set_font(run, size_pt: float | None = None, colour: str | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = EAST_ASIA_FONT
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)
    if size_pt:
        run.font.size = Pt(size_pt)
    if colour:
        run.font.color.rgb = RGBColor(*_rgb(colour))
    run.bold = bold


def _para(doc, text: str, size: float = 10.5, colour: str | None = None, bold: bool = False):
    p = doc.add_paragraph()
    _set_font(p.add_run(text), size, colour, bold)
    return p


def _table(doc, headers, rows, widths_cm=None, status_col: int | None = None):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for k, h in enumerate(headers):
        cell = table.rows[0].cells[k]
        cell.text = ""
        _set_font(cell.paragraphs[0].add_run(str(h)), 9, bold=True)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "EEE8E0")
        cell._tc.get_or_add_tcPr().append(shading)
    # the header row repeats on each page
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for row in rows:
        cells = table.add_row().cells
        for k, value in enumerate(row):
            colour = None
            if status_col is not None and k == status_col:
                colour = {"通过": "#1E7B34", "不通过": "#C00000", "无法判定": "#B36B00"}.get(str(value))
            _set_font(cells[k].paragraphs[0].add_run("" if value is None else str(value)), 9, colour)
    if widths_cm:
        for row in table.rows:
            for k, wcm in enumerate(widths_cm):
                row.cells[k].width = Cm(wcm)
    return table


def _dossier(doc, d: Dossier, first: bool) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    if not first:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, d.title, 16, bold=True)
    _para(doc, f"{d.name}　审查日期 {d.date}　坐标系 {d.crs_zh}", 9, "#444444")
    _para(doc, f"结论：{d.verdict}　{d.verdict_reason}", 12, VERDICT_COLOURS.get(d.verdict), bold=True)
    doc.add_picture(io.BytesIO(scene_png(d.scene)), width=Cm(d.scene.width / 10 * 0.94))
    _para(doc, "图例：" + "　".join(e.label for e in d.scene.legend), 8.5)
    _para(doc, f"比例尺 1:{d.scene.scale:,}；坐标网格 X 为纵坐标（北），Y 为横坐标（东），单位米；方向为坐标北。", 8.5, "#444444")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for heading, headers, rows, widths, status in (
            ("一、基本信息", ("项目", "内容"), d.info, (4, 13), None),
            ("二、面积", ("面积", "平方米", "亩", "公顷", "说明"), d.areas, (2.2, 3, 2.5, 2.2, 7), None),
            ("三、四至", ("方向", "按图计算", "资料记载", "比对"), d.sizhi, (1.6, 8, 4.5, 3), None),
            ("四、审查事项与结论", ("序号", "审查事项", "结果", "说明及判定依据"),
             [(n, label, st, reason + ("\n依据：" + basis if basis else "")) for n, label, st, reason, basis in d.items],
             (1, 3.6, 1.6, 10.8), 2),
            ("五、控制指标", ("指标", "出让条件", "适用标准", "实际/承诺值", "判定"), d.indicators, (5, 3, 4.5, 2.5, 2), None),
            ("六、界址点坐标表", ("点号", "X（北）/米", "Y（东）/米", "边长/米"), d.points, (3.5, 5, 5, 3.5), None),
            ("七、数据来源", ("资料", "版本与说明"), d.sources, (6, 11), None)):
        _para(doc, heading, 12, bold=True)
        if heading.startswith("六"):
            _para(doc, f"{d.crs_zh}；精度 {d.precision:g} 米；界址点 {d.point_count} 个，J1 起于西北角，顺时针编号；"
                       "末行为闭合点（回到 J1）。", 9, "#444444")
        _table(doc, headers, rows, widths, status)
        if heading.startswith("四"):
            _para(doc, f"结论：{d.verdict}　{d.verdict_reason}", 11, VERDICT_COLOURS.get(d.verdict), bold=True)
    _para(doc, "审查人：____________　　复核人：____________　　日期：____________", 10.5)


def render_docx(dossiers: list[Dossier]) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    normal = doc.styles["Normal"]
    normal.font.name = EAST_ASIA_FONT
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIA_FONT)
    doc.core_properties.title = dossiers[0].title if len(dossiers) == 1 else "拍前体检报告"
    for k, d in enumerate(dossiers):
        _dossier(doc, d, k == 0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_docx(dossiers: list[Dossier], path) -> None:
    from ..fsutil import atomic_output

    data = render_docx(dossiers)
    with atomic_output(path) as tmp:
        Path(tmp).write_bytes(data)
