"""The 拍前体检 dossier as PDF: A4 portrait, paged, the Chinese font embedded, the map as vector paths.

Library: **fpdf2** (pure Python, LGPL, actively maintained, 2.8). It embeds a subset of an OpenType font —
CFF outlines included, as in Noto Sans CJK — and reads a font collection (``.ttc``) by subfont index
(``collection_font_number``). reportlab, the other well-kept choice, embeds TrueType outlines only and
refuses the CFF-based Noto CJK; its CID fonts (STSong-Light) are not embedded, which a 审查材料 sent to
another office cannot rely on. WeasyPrint would render the HTML as is, but pulls Pango/cairo system
libraries into the desktop bundle.

Font: :func:`parkgis.core.resources.cjk_font_files` (the bundle's, else Debian's fonts-noto-cjk); the
collection's subfont 2 is *Noto Sans CJK SC* (the order of the collection: JP, KR, SC, TC, HK), the
simplified-Chinese glyph forms. Only the regular weight is loaded (parsing a 19 MB collection costs ~0.7 s;
a second weight would double it): headings are set larger instead of bold.

The map is drawn from the dossier's :class:`~parkgis.core.report.dossier.MapScene` as PDF paths (fills with
the even-odd rule so holes stay open, dashes for the UDB), crisp at any zoom and selectable text.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from .dossier import VERDICT_COLOURS, Dossier, MapScene

#: index of Noto Sans CJK SC in NotoSansCJK-Regular.ttc (JP, KR, SC, TC, HK)
SC_SUBFONT = 2
FONT = "NotoSansCJKsc"
MARGIN = 15.0


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _font_file() -> Path:
    from ..resources import cjk_font_files

    files = cjk_font_files()
    regular = [f for f in files if "Regular" in f.name] or files
    if not regular:
        raise DataError("NotoSansCJK-Regular.ttc", "no Chinese font to embed in the PDF: install fonts-noto-cjk "
                                                   "(Debian) or use the desktop bundle")
    return regular[0]


def _new_pdf(title: str):
    from fpdf import FPDF

    class _Doc(FPDF):
        doc_title = title

        def footer(self):
            self.set_y(-10)
            self.set_font(FONT, size=8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, f"{self.doc_title}　第 {self.page_no()} 页 / 共 {{nb}} 页", align="C")

    pdf = _Doc(orientation="P", unit="mm", format="A4")
    font = _font_file()
    pdf.add_font(FONT, "", str(font), collection_font_number=SC_SUBFONT if font.suffix.lower() == ".ttc" else 0)
    # fpdf2 subsets the font on output and compiles its CFF twice; recomputing the font's bounding box runs
    # every kept glyph's charstring each time (≈ 0.5 s per PDF). The box of the full face (head table) is what
    # the PDF's FontDescriptor states anyway, so keep it.
    for loaded in pdf.fonts.values():
        ttfont = getattr(loaded, "ttfont", None)
        if ttfont is not None:
            ttfont.recalcBBoxes = False
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_title(title)
    pdf.set_creator("parkgis")
    pdf.set_lang("zh-CN")
    return pdf


def draw_scene(pdf, scene: MapScene, ox: float, oy: float) -> None:
    """Paint ``scene`` with its top-left corner at (ox, oy) mm."""
    from fpdf.drawing import DeviceRGB, PaintedPath, PathPaintRule

    def colour(hex_colour: str):
        r, g, b = _rgb(hex_colour)
        return DeviceRGB(r / 255, g / 255, b / 255)

    with pdf.local_context():
        pdf.set_draw_color(0, 0, 0)
        with pdf.drawing_context() as gc:
            for s in scene.shapes:
                if s.kind == "text":
                    continue
                path = PaintedPath()
                for ring in s.rings:
                    if not ring:
                        continue
                    (x0, y0), *rest = ring
                    path.move_to(ox + x0, oy + y0)
                    for x, y in rest:
                        path.line_to(ox + x, oy + y)
                    if s.kind == "polygon":
                        path.close()
                style = path.style
                if s.stroke:
                    style.stroke_color = colour(s.stroke)
                    style.stroke_width = s.stroke_width
                    if s.dash:
                        style.stroke_dash_pattern = (1.2, 0.8)
                if s.kind == "polygon" and s.fill:
                    style.fill_color = colour(s.fill)
                    style.fill_opacity = s.fill_opacity
                    style.paint_rule = PathPaintRule.STROKE_FILL_EVENODD if s.stroke else PathPaintRule.FILL_EVENODD
                else:
                    style.paint_rule = PathPaintRule.STROKE
                gc.add_item(path)
        for s in scene.shapes:
            if s.kind != "text":
                continue
            (x, y), = s.rings[0]
            pdf.set_font(FONT, size=s.size)
            pdf.set_text_color(*_rgb(s.stroke or "#000000"))
            width = pdf.get_string_width(s.text)
            dx = {"left": 0.0, "center": -width / 2, "right": -width}[s.align]
            pdf.text(ox + x + dx, oy + y + (s.size * 0.3528 / 3 if s.align == "center" else 0), s.text)
        # frame, north arrow, scale bar
        pdf.set_line_width(0.4)
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(ox, oy, scene.width, scene.height)
        nx, ny = ox + scene.width - 10, oy + 8
        pdf.set_fill_color(0, 0, 0)
        pdf.set_line_width(0.2)
        pdf.polygon([(nx, ny), (nx - 3, ny + 9), (nx, ny + 7)], style="DF")
        pdf.set_fill_color(255, 255, 255)
        pdf.polygon([(nx, ny), (nx + 3, ny + 9), (nx, ny + 7)], style="DF")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, size=9)
        pdf.text(nx - pdf.get_string_width("北") / 2, ny - 1, "北")
        bx, by, bl = ox + 6, oy + scene.height - 6, scene.scale_bar_mm
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(bx - 1, by - 5, bl + 22, 7.5, style="F")
        pdf.set_fill_color(0, 0, 0)
        pdf.rect(bx, by, bl / 2, 1.2, style="DF")
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(bx + bl / 2, by, bl / 2, 1.2, style="DF")
        pdf.set_font(FONT, size=7)
        pdf.text(bx - 0.6, by - 1, "0")
        label = f"{scene.scale_bar_m:g} 米"
        pdf.text(bx + bl - pdf.get_string_width(label) / 2, by - 1, label)
        pdf.text(bx + bl + 4, by + 1.4, f"1:{scene.scale:,}")


def _legend(pdf, scene: MapScene, y: float) -> float:
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(0, 0, 0)
    x = MARGIN
    pdf.text(x, y + 3, "图例：")
    x += 10
    for e in scene.legend:
        w = 8 + pdf.get_string_width(e.label) + 5
        if x + w > 210 - MARGIN:
            x, y = MARGIN + 10, y + 6
        with pdf.local_context():
            if e.fill:
                pdf.set_fill_color(*_blend(e.fill, e.fill_opacity))
            pdf.set_draw_color(*_rgb(e.stroke or "#000000"))
            pdf.set_line_width(0.5)
            if e.dash:
                pdf.set_dash_pattern(dash=1.2, gap=0.8)
            pdf.rect(x, y + 0.5, 6, 3.5, style="DF" if e.fill else "D")
        pdf.text(x + 7.5, y + 3.5, e.label)
        x += w
    return y + 6


def _blend(hex_colour: str, opacity: float) -> tuple[int, int, int]:
    r, g, b = _rgb(hex_colour)
    a = max(min(opacity, 1.0), 0.35)
    return tuple(round(255 - (255 - c) * a) for c in (r, g, b))


def _heading(pdf, text: str) -> None:
    if pdf.get_y() > 297 - 40:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, size=12)
    pdf.set_text_color(0, 0, 0)
    pdf.set_fill_color(90, 64, 48)
    pdf.rect(MARGIN, pdf.get_y() + 1, 1.2, 5, style="F")
    pdf.set_x(MARGIN + 3)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _table(pdf, headers, rows, widths, *, align=None, size: float = 8.5, status_col: int | None = None) -> None:
    from fpdf.enums import WrapMode
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, size=size)
    pdf.set_text_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(110, 110, 110)
    pdf.set_line_width(0.2)
    heading = FontFace(emphasis="", fill_color=(238, 232, 224))
    with pdf.table(col_widths=widths, headings_style=heading, line_height=size * 0.5, wrapmode=WrapMode.CHAR,
                   text_align=align or "LEFT", width=210 - 2 * MARGIN, padding=1) as table:
        head = table.row()
        for h in headers:
            head.cell(h)
        for row in rows:
            r = table.row()
            for k, value in enumerate(row):
                style = None
                if status_col is not None and k == status_col:
                    colour = {"通过": (30, 123, 52), "不通过": (192, 0, 0), "无法判定": (179, 107, 0)}.get(str(value))
                    style = FontFace(emphasis="", color=colour, fill_color=(255, 255, 255)) if colour else None
                r.cell("" if value is None else str(value), style=style)


def _dossier_pages(pdf, d: Dossier) -> None:
    pdf.doc_title = d.title
    pdf.add_page()
    pdf.set_font(FONT, size=16)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 8, d.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=8.5)
    pdf.set_text_color(70, 70, 70)
    pdf.multi_cell(0, 4.5, f"{d.name}　审查日期 {d.date}\n坐标系 {d.crs_zh}", new_x="LMARGIN", new_y="NEXT", align="L")
    colour = _rgb(VERDICT_COLOURS.get(d.verdict, "#000000"))
    pdf.set_font(FONT, size=13)
    pdf.set_text_color(*colour)
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.6)
    y = pdf.get_y() + 1
    text = f"结论：{d.verdict}"
    pdf.set_xy(MARGIN, y)
    pdf.cell(pdf.get_string_width(text) + 6, 8, text, border=1, align="C")
    pdf.set_font(FONT, size=8.5)
    pdf.set_xy(MARGIN + pdf.get_string_width(text) * 13 / 8.5 + 10, y)
    pdf.multi_cell(0, 4, d.verdict_reason, align="L")
    map_y = max(pdf.get_y(), y + 9) + 2
    draw_scene(pdf, d.scene, MARGIN, map_y)
    y = _legend(pdf, d.scene, map_y + d.scene.height + 2)
    pdf.set_font(FONT, size=7.5)
    pdf.set_text_color(70, 70, 70)
    pdf.set_xy(MARGIN, y + 1)
    pdf.multi_cell(0, 3.8, f"比例尺 1:{d.scene.scale:,}；坐标网格 X 为纵坐标（北），Y 为横坐标（东），单位米；方向为坐标北。"
                           f"本宗地块红线框示，J1 起于西北角顺时针编号；红色填充为问题部位。", align="L")
    pdf.add_page()
    _heading(pdf, "一、基本信息")
    _table(pdf, ("项目", "内容"), d.info, (40, 140))
    _heading(pdf, "二、面积")
    _table(pdf, ("面积", "平方米", "亩", "公顷", "说明"), d.areas, (22, 30, 24, 22, 82))
    _heading(pdf, "三、四至")
    _table(pdf, ("方向", "按图计算", "资料记载", "比对"), d.sizhi, (16, 84, 50, 30))
    _heading(pdf, "四、审查事项与结论")
    rows = [(n, label, st, reason + ("\n依据：" + basis if basis else "")) for n, label, st, reason, basis in d.items]
    _table(pdf, ("序号", "审查事项", "结果", "说明及判定依据"), rows, (10, 36, 16, 118), size=8, status_col=2)
    pdf.set_font(FONT, size=11)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, 6, f"结论：{d.verdict}　{d.verdict_reason}", new_x="LMARGIN", new_y="NEXT", align="L")
    _heading(pdf, "五、控制指标")
    _table(pdf, ("指标", "出让条件", "适用标准", "实际/承诺值", "判定"), d.indicators, (52, 30, 48, 26, 24))
    _heading(pdf, "六、界址点坐标表")
    pdf.set_font(FONT, size=8)
    pdf.set_text_color(60, 60, 60)
    pdf.multi_cell(0, 4, f"{d.crs_zh}；精度 {d.precision:g} 米；界址点 {d.point_count} 个，J1 起于西北角，顺时针编号；"
                         "末行为闭合点（回到 J1）。", new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)
    _table(pdf, ("点号", "X（北）/米", "Y（东）/米", "边长/米"), d.points, (36, 52, 52, 40), align="CENTER")
    _heading(pdf, "七、数据来源")
    _table(pdf, ("资料", "版本与说明"), d.sources, (60, 120), size=8)
    if d.notes:
        pdf.set_font(FONT, size=7.5)
        pdf.multi_cell(0, 4, "\n".join(d.notes), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(6)
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 6, "审查人：____________　　复核人：____________　　日期：____________", new_x="LMARGIN", new_y="NEXT")


def render_pdf(dossiers: list[Dossier], *, title: str | None = None) -> bytes:
    title = title or (dossiers[0].title if len(dossiers) == 1 else "拍前体检报告")
    pdf = _new_pdf(title)
    for d in dossiers:
        _dossier_pages(pdf, d)
    return bytes(pdf.output())


def write_pdf(dossiers: list[Dossier], path) -> None:
    from ..fsutil import atomic_output

    data = render_pdf(dossiers)
    with atomic_output(path) as tmp:
        Path(tmp).write_bytes(data)
