"""Writers for the conflict-check result (合规性审查报告): JSON, CSV, XLSX (台账), HTML, GeoPackage.

Every writer takes a :class:`~parkgis.core.analysis.CheckResult` and a target path and writes
atomically (a failed run leaves no partial file). ``REPORT_WRITERS`` is the registry the CLI and
the GUI use.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import shapely

from ..analysis.results import CheckResult, ParcelResult
from ..analysis.rules import COMPLIANT, CONSTRAINED, PROHIBITED, SEVERITY_LABELS_ZH, STATUS_LABELS_ZH
from ..area import m2_to_ha, m2_to_mu
from ..fsutil import atomic_output
from ..messages import localize
from ..roles import ROLE_LABELS_ZH, Role
from .cells import csv_text, unknown, xlsx_value

#: the 说明 of a row whose area cannot be computed (its cells are left empty; the JSON has null and a note)
UNKNOWN_REASON = "坐标超出 {crs} 的定义范围"
UNKNOWN_NOTE = "{fields}无法计算：" + UNKNOWN_REASON + "（单元格留空）"

AREA_NOTE = ("面积为平面面积（平方米，按各地块所在的 3 度带高斯-克吕格投影计算，所用投影带逐地块注明；"
             "叠加分析在审查坐标系 {crs} 中进行）；椭球面积按 CGCS2000 椭球计算（国土调查办发〔2008〕32号）。")


def result_json(result: CheckResult, *, indent: int | None = None) -> str:
    """The DESIGN §4 JSON document as text: compact (fast) unless ``indent`` is given."""
    if indent is None:
        return result.to_json_text()
    return json.dumps(result.to_json_dict(), ensure_ascii=False, indent=indent, allow_nan=False)


# ---------------------------------------------------------------------------- rows (CSV / XLSX)

ROW_HEADERS = [
    "地块编号", "地块名称", "审查结论", "规则代码", "审查内容", "严重程度", "是否涉及",
    "冲突面积(平方米)", "冲突面积(亩)", "冲突面积(公顷)", "占地块比例",
    "扣除田坎后面积(平方米)", "涉及要素编号", "细碎图斑数", "细碎图斑面积(平方米)", "说明",
    "地块面积(平方米)", "地块面积(亩)", "地块面积(公顷)", "椭球面积(平方米)", "平面面积投影带",
]   # 判定依据 (long legal text) is on the summary sheet, once per rule, not on every row
_NOTE = ROW_HEADERS.index("说明")


def _rules_by_name(result: CheckResult) -> dict:
    rs = result.ruleset
    return {r.name: r for r in rs.rules} if rs is not None else {}


def rows(result: CheckResult) -> list[list[Any]]:
    """One row per parcel × checked rule (涉及 / 不涉及 / 仅细碎图斑), as a bureau's 台账 has it."""
    rules = _rules_by_name(result)
    out = []
    for p in result.parcels:
        conflicts = {c.rule: c for c in p.conflicts}
        for name in result.rules_checked:
            rule = rules.get(name)
            c = conflicts.get(name)
            slivers = [s for s in p.slivers if s.rule == name]
            if c is not None:
                involved = "涉及"
            elif slivers:
                involved = "仅细碎图斑（不计冲突）"
            else:
                involved = "不涉及"
            area = c.area_m2 if c else 0.0
            out.append([
                p.id, p.name or "", STATUS_LABELS_ZH[p.status], name, rule.label if rule else name,
                # a matrix rule's conflict carries its own severity (the worst zone it lies in)
                SEVERITY_LABELS_ZH.get(c.severity if c else rule.severity, "") if rule else "", involved,
                round(area, 2), round(m2_to_mu(area), 4), round(m2_to_ha(area), 6),
                round(c.share, 6) if c else 0.0,
                round(c.net_area_m2, 2) if c is not None and c.net_area_m2 is not None else "",
                "、".join(c.with_ids) if c else "", len(slivers), round(sum(s.area_m2 for s in slivers), 4),
                (c.detail or "") if c else "",
                round(p.area_m2, 2), round(p.area_mu, 4), round(p.area_ha, 6), round(p.ellipsoidal_area_m2, 2),
                p.zone_zh,
            ])
            missing = [ROW_HEADERS[i] for i, v in enumerate(out[-1]) if unknown(v)]
            if missing:   # the cells stay empty (cells.py); the row says why
                out[-1][_NOTE] = "；".join(filter(None, [out[-1][_NOTE], UNKNOWN_NOTE.format(
                    fields="、".join(missing), crs=result.crs)]))
    return out


def write_json(result: CheckResult, path: str | Path) -> None:
    with atomic_output(path) as tmp:
        tmp.write_text(result_json(result) + "\n", encoding="utf-8")


def write_json_chunks(chunks, out) -> CheckResult | None:
    """Write the JSON document of a check that comes chunk by chunk (an iterable of
    :class:`CheckResult` over disjoint parcels, :func:`parkgis.core.store.postgis_check.iter_check_in_database`)
    to the text stream ``out``, one chunk in memory at a time: the same document as
    :func:`result_json` of all of them. Returns the last chunk (its rules, warnings …), None when
    there was none (nothing written)."""
    counts = {"parcels": 0, "compliant": 0, "constrained": 0, "prohibited": 0}
    last = None
    for chunk in chunks:
        if last is None:
            out.write(chunk.json_head_text() + ',"parcels":[')
        text = chunk.parcels_json_text()
        if text:
            out.write(("," if counts["parcels"] else "") + text)
        for key, value in chunk.summary.items():
            counts[key] += value
        last = chunk
    if last is not None:
        out.write('],"summary":' + json.dumps(counts, separators=(",", ":")) + "}\n")
    return last


def write_csv(result: CheckResult, path: str | Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(ROW_HEADERS)
    writer.writerows([csv_text(v) for v in row] for row in rows(result))
    with atomic_output(path) as tmp:
        # UTF-8 with BOM: Excel on Chinese Windows opens it without garbling the headers
        tmp.write_text(buf.getvalue(), encoding="utf-8-sig", newline="")


def write_xlsx(result: CheckResult, path: str | Path) -> None:
    """The 台账: a summary sheet, one detail row per parcel × rule, and the data sources.

    Written in openpyxl's write-only mode: 100 000 parcels × 6 rules stream out in constant memory."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    def data(ws, values):  # values from the data never become formulas
        return [xlsx_value(ws, v) for v in values]

    def styled(ws, values, *, font=bold, header_fill=None):
        cells = []
        for v in values:
            cell = WriteOnlyCell(ws, value=v)
            cell.font = font
            if header_fill is not None:
                cell.fill = header_fill
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            cells.append(cell)
        return cells

    summary = wb.create_sheet("汇总")
    for col, width in zip("ABCDEFGH", (18, 30, 12, 12, 16, 14, 14, 70), strict=True):
        summary.column_dimensions[col].width = width
    summary.append(styled(summary, ["合规性审查汇总"], font=Font(bold=True, size=14)))
    s = result.summary
    for label, value in (("审查时间", datetime.now().strftime("%Y-%m-%d %H:%M")), ("审查坐标系", result.crs),
                         ("面积口径", AREA_NOTE.format(crs=result.crs)),
                         ("细碎图斑容差", f"面积 < {result.min_area} 平方米 或 平均宽度 < {result.min_width} 米"),
                         ("地块总数", s["parcels"]),
                         *((STATUS_LABELS_ZH[k], s[k]) for k in (COMPLIANT, CONSTRAINED, PROHIBITED))):
        summary.append([styled(summary, [label])[0], value])
    summary.append([])
    summary.append(styled(summary, ["规则代码", "审查内容", "严重程度", "涉及地块数", "冲突面积(平方米)",
                                    "冲突面积(亩)", "冲突面积(公顷)", "判定依据"], header_fill=fill))
    rules = _rules_by_name(result)
    for name in result.rules_checked:
        rule = rules.get(name)
        hits = [c for p in result.parcels for c in p.conflicts if c.rule == name]
        total = sum(c.area_m2 for c in hits)
        summary.append(data(summary, [name, rule.label if rule else name,
                                      SEVERITY_LABELS_ZH.get(rule.severity, "") if rule else "", len(hits),
                                      round(total, 2), round(m2_to_mu(total), 4), round(m2_to_ha(total), 6),
                                      rule.basis if rule else ""]))
    for name, why in result.rules_skipped.items():
        rule = rules.get(name)
        summary.append(data(summary, [name, rule.label if rule else name, "未审查", localize(why)]))
    for warning in result.warnings:
        summary.append(data(summary, ["提示", localize(warning)]))

    detail = wb.create_sheet("审查明细")
    for col, width in zip("ABCDEFGHIJKLMNOPQRST", (14, 18, 14, 16, 22, 8, 12, 14, 12, 12, 10, 16, 24, 8, 12,
                                                    24, 14, 12, 12, 14), strict=True):
        detail.column_dimensions[col].width = width
    detail.freeze_panes = "C2"
    detail_rows = rows(result)
    detail.auto_filter.ref = f"A1:T{len(detail_rows) + 1}"
    detail.append(styled(detail, ROW_HEADERS, header_fill=fill))
    for row in detail_rows:
        detail.append(data(detail, row))

    layers = wb.create_sheet("数据来源")
    layers.append(styled(layers, ["图层角色", "图层", "要素数", "原坐标系", "来源文件", "数据时点", "批复文号"],
                         header_fill=fill))
    for info in result.layers:
        layers.append(data(layers, [_role_zh(info.role), info.name, info.features, info.source_crs,
                                    info.source or "", info.data_date or "", info.approval or ""]))
    with atomic_output(path) as tmp:
        wb.save(tmp)


def _role_zh(role: str) -> str:
    try:
        return ROLE_LABELS_ZH[Role(role)]
    except ValueError:
        return role


_CSS = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.6em; border-bottom: 2px solid #333; padding-bottom: .3em; }
h2 { font-size: 1.25em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; margin: .4em 0 1em; width: 100%; }
th, td { border: 1px solid #999; padding: 3px 6px; font-size: .9em; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.prohibited { color: #b00020; font-weight: bold; }
.constrained { color: #b36b00; font-weight: bold; }
.compliant { color: #1b7a1b; }
.note { color: #555; font-size: .9em; }
.parcel { page-break-inside: avoid; }
table.list td, table.list th { font-size: .75em; padding: 1px 4px; }
table.list td:nth-child(-n+3), table.list td:nth-child(4), table.list td:nth-child(5), table.list td:nth-child(6),
table.list th { white-space: nowrap; }
td.compliant, td.constrained, td.prohibited, th { white-space: nowrap; }
table.list thead { display: table-header-group; }
table.list tr { page-break-inside: avoid; }
.map { margin: .3em 0; }
@media print { body { margin: 0; } h2 { page-break-after: avoid; } a { color: inherit; text-decoration: none; } }
"""


def _td(value: Any, cls: str | None = None) -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{html.escape(str(value))}</td>"


def _num(value: float, digits: int = 2) -> str:
    return f'<td class="num">{_figure(value, digits)}</td>'


def _figure(value: float, digits: int = 2) -> str:
    """A number for the HTML report; '无法计算' where it could not be computed, never 'nan'."""
    return "无法计算" if unknown(value) else f"{value:,.{digits}f}"


def render_html(result: CheckResult, *, title: str = "建设用地合规性审查报告") -> str:
    """A printable Chinese 审查报告. Every value from the data is HTML-escaped."""
    esc = html.escape
    rules = _rules_by_name(result)
    s = result.summary
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>", f"<h1>{esc(title)}</h1>",
           f'<p class="note">生成时间：{esc(datetime.now().strftime("%Y-%m-%d %H:%M"))}　'
           f"审查坐标系：{esc(result.crs)}"
           + (f"　规则集：{esc(result.ruleset.name)} {esc(result.ruleset.version)}" if result.ruleset else "")
           + "</p>"]
    out.append("<h2>一、审查结论汇总</h2><table><tr><th>地块总数</th>"
               + "".join(f"<th>{STATUS_LABELS_ZH[k]}</th>" for k in (COMPLIANT, CONSTRAINED, PROHIBITED)) + "</tr>")
    out.append(f"<tr>{_td(s['parcels'])}{_td(s['compliant'], 'compliant')}{_td(s['constrained'], 'constrained')}"
               f"{_td(s['prohibited'], 'prohibited')}</tr></table>")
    out.append("<table><tr><th>审查内容</th><th>严重程度</th><th>涉及地块数</th><th>冲突面积(平方米)</th>"
               "<th>冲突面积(亩)</th><th>冲突面积(公顷)</th></tr>")
    for name in result.rules_checked:
        rule = rules.get(name)
        hits = [c for p in result.parcels for c in p.conflicts if c.rule == name]
        total = sum(c.area_m2 for c in hits)
        out.append(f"<tr>{_td(rule.label if rule else name)}"
                   f"{_td(SEVERITY_LABELS_ZH.get(rule.severity, '') if rule else '', rule.severity if rule else None)}"
                   f"{_td(len(hits))}{_num(total)}{_num(m2_to_mu(total), 4)}{_num(m2_to_ha(total), 4)}</tr>")
    for name, why in result.rules_skipped.items():
        rule = rules.get(name)
        out.append(f"<tr>{_td(rule.label if rule else name)}{_td('未审查')}<td colspan=4>{esc(localize(why))}</td></tr>")
    out.append("</table>")

    out.append("<h2>二、审查方法与数据</h2><ul>")
    out.append(f"<li>{esc(AREA_NOTE.format(crs=result.crs))}</li>")
    out.append(f"<li>各类控制线要素相互重叠部分只计一次（先合并后求交）。面积小于 {result.min_area:g} 平方米"
               f"或平均宽度（2×面积/周长）小于 {result.min_width:g} 米的相交碎片列为细碎图斑，不计为冲突。</li>")
    out.append("<li>永久基本农田同时给出毛面积与扣除田坎（扣除系数 KCXS，逐图斑）后的净面积。</li>")
    out.append("<li>图形无效的地块按修复后的图形参与审查，并单独标注。</li></ul>")
    out.append("<table><tr><th>图层角色</th><th>图层</th><th>要素数</th><th>原坐标系</th><th>来源</th>"
               "<th>数据时点</th><th>批复文号</th></tr>")
    for info in result.layers:
        out.append(f"<tr>{_td(_role_zh(info.role))}{_td(info.name)}{_td(info.features)}{_td(localize(info.source_crs))}"
                   f"{_td(info.source or '')}{_td(info.data_date or '—')}{_td(info.approval or '—')}</tr>")
    out.append("</table><h3>判定依据</h3><table><tr><th>审查内容</th><th>判定依据</th></tr>")
    for name in result.rules_checked:
        rule = rules.get(name)
        if rule is not None:
            out.append(f"<tr>{_td(rule.label)}{_td(rule.basis)}</tr>")
    out.append("</table>")
    if result.warnings:
        out.append("<h3>数据提示</h3><ul>" + "".join(f"<li>{esc(localize(w))}</li>" for w in result.warnings) + "</ul>")

    out.append(_parcel_list_html(result))
    failing = [p for p in result.parcels if p.conflicts]
    out.append(f"<h2>四、不符合或有条件地块详情（{len(failing)} 宗）</h2>")
    if not failing:
        out.append('<p class="note">全部地块均未涉及冲突，无需逐宗说明。</p>')
    maps = _ParcelMaps(result)
    for p in failing:
        out.append(_parcel_html(p, result, rules, maps.svg(p, rules)))
    out.append("</body></html>")
    return "\n".join(out)


def _parcel_list_html(result: CheckResult) -> str:
    """Section 三: every parcel on one line (the detailed sections follow only for those in conflict)."""
    esc = html.escape
    rules = _rules_by_name(result)
    rows = ['<h2>三、地块审查结果一览</h2><table class="list"><thead><tr><th>序号</th><th>地块编号</th><th>地块名称</th>'
            "<th>平面面积(平方米)</th><th>椭球面积(平方米)</th><th>审查结论</th><th>涉及内容</th></tr></thead><tbody>"]
    for n, p in enumerate(result.parcels, 1):
        what = "；".join(f"{rules[c.rule].label if c.rule in rules else c.rule} {_figure(c.area_m2)} 平方米"
                        for c in p.conflicts)
        pid = f'<a href="#p{n}">{esc(p.id)}</a>' if p.conflicts else esc(p.id)
        rows.append(f'<tr><td class="num">{n}</td><td>{pid}</td>{_td(p.name or "")}{_num(p.area_m2)}'
                    f"{_num(p.ellipsoidal_area_m2)}{_td(STATUS_LABELS_ZH[p.status], p.status)}{_td(what)}</tr>")
    rows.append("</tbody></table>")
    return "".join(rows)


class _ParcelMaps:
    """The map of each parcel in conflict (the shared dossier map code, SVG): the parcel, its neighbours with
    their numbers and the conflict pieces in the colours of the layer each rule reads."""

    def __init__(self, result: CheckResult):
        self.result = result
        geoms = [p.geometry for p in result.parcels]
        self.present = [k for k, g in enumerate(geoms) if g is not None and not g.is_empty]
        self.tree = shapely.STRtree([geoms[k] for k in self.present]) if self.present else None

    def svg(self, p: ParcelResult, rules: dict) -> str:
        from ..styles import ROLE_THEME
        from .dossier import PROBLEM, _legend_html, conflict_scene, scene_svg

        if p.geometry is None or p.geometry.is_empty or self.tree is None:
            return ""
        window = p.geometry.buffer(max(p.geometry.length / 4, 100.0))
        others = []
        for k in self.tree.query(window, predicate="intersects").tolist():
            q = self.result.parcels[self.present[k]]
            if q is not p:
                others.append((q.id, q.geometry))
        pieces = []
        for c in p.conflicts:
            if c.geometry is None or c.rule == "invalid_geometry":
                continue
            rule = rules.get(c.rule)
            style = dict(PROBLEM)
            if rule is not None and rule.layer:
                try:
                    theme = ROLE_THEME[Role(rule.layer)]
                    style = {"fill": theme.get("fill") or theme["outline"], "fill_opacity": 0.6,
                             "outline": theme["outline"], "outline_width": 0.4}
                except ValueError:
                    pass
            pieces.append((rule.label if rule else c.rule, c.geometry, style))
        scene = conflict_scene(p, others, pieces, self.result.crs)
        return f'<div class="map">{scene_svg(scene)}{_legend_html(scene)}</div>'


def _parcel_html(p: ParcelResult, result: CheckResult, rules: dict, map_html: str = "") -> str:
    esc = html.escape
    head = (f'<div class="parcel" id="p{result.parcels.index(p) + 1}"><h3>地块 {esc(p.id)}' + (f"（{esc(p.name)}）" if p.name else "")
            + f'　<span class="{p.status}">{esc(STATUS_LABELS_ZH[p.status])}</span></h3>'
            f'<p class="note">平面面积 {_figure(p.area_m2)} 平方米（{_figure(p.area_mu, 4)} 亩，'
            f'{_figure(p.area_ha, 4)} 公顷' + (f"，按{esc(p.zone_zh)}计算" if p.zone_zh else "") + "）；"
            f"椭球面积 {_figure(p.ellipsoidal_area_m2)} 平方米"
            + (f"（{esc(UNKNOWN_REASON.format(crs=result.crs))}）" if unknown(p.ellipsoidal_area_m2) else "")
            + f"{_affected_note(p)}</p>")
    body = ["<table><tr><th>审查内容</th><th>是否涉及</th><th>冲突面积(平方米)</th><th>冲突面积(亩)</th>"
            "<th>占比</th><th>扣除田坎后(平方米)</th><th>涉及要素</th><th>说明</th></tr>"]
    conflicts = {c.rule: c for c in p.conflicts}
    for name in result.rules_checked:
        rule = rules.get(name)
        c = conflicts.get(name)
        slivers = [s for s in p.slivers if s.rule == name]
        label = rule.label if rule else name
        if c is None:
            note = f"细碎图斑 {len(slivers)} 处，合计 {sum(s.area_m2 for s in slivers):.4f} 平方米（不计冲突）" \
                if slivers else ""
            body.append(f"<tr>{_td(label)}{_td('不涉及', 'compliant')}<td></td><td></td><td></td><td></td><td></td>"
                        f"{_td(note)}</tr>")
            continue
        net = _num(c.net_area_m2) if c.net_area_m2 is not None else "<td></td>"
        body.append(f"<tr>{_td(label)}{_td('涉及', c.severity)}{_num(c.area_m2)}{_num(c.area_mu, 4)}"
                    f"{_td(f'{c.share:.2%}')}{net}{_td('、'.join(c.with_ids))}{_td(c.detail or '')}</tr>")
    body.append("</table>" + map_html + "</div>")
    return head + "".join(body)


def _affected_note(p: ParcelResult) -> str:
    affected = p.affected_area_m2()
    if affected <= 0:
        return ""
    share = affected / p.area_m2 if p.area_m2 > 0 else 0.0
    return (f"；涉及冲突面积 {affected:,.2f} 平方米（{m2_to_mu(affected):,.4f} 亩，占地块 {share:.2%}；"
            "同一范围涉及多项规则时只计一次）")


def write_html(result: CheckResult, path: str | Path) -> None:
    text = render_html(result)
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_gpkg(result: CheckResult, path: str | Path) -> None:
    """Conflict pieces as layer ``conflicts`` and the parcels with their status as ``parcels``."""
    import geopandas as gpd
    import pyogrio
    import shapely

    rules = _rules_by_name(result)
    recs, geoms = [], []
    for p in result.parcels:
        for c in p.conflicts:
            rule = rules.get(c.rule)
            recs.append({"parcel_id": p.id, "parcel_name": p.name, "rule": c.rule,
                         "rule_label": rule.label if rule else c.rule, "severity": c.severity,
                         "area_m2": round(c.area_m2, 4), "area_mu": round(c.area_mu, 6), "area_ha": round(c.area_ha, 8),
                         "share": round(c.share, 6),
                         "net_area_m2": None if c.net_area_m2 is None else round(c.net_area_m2, 4),
                         "with_ids": ",".join(c.with_ids), "detail": c.detail})
            geoms.append(shapely.force_2d(c.geometry) if c.geometry is not None else None)
    columns = ["parcel_id", "parcel_name", "rule", "rule_label", "severity", "area_m2", "area_mu", "area_ha",
               "share", "net_area_m2", "with_ids", "detail"]
    conflicts = gpd.GeoDataFrame(recs, columns=columns, geometry=gpd.GeoSeries(geoms, crs=result.crs),
                                 crs=result.crs)
    parcels = gpd.GeoDataFrame(
        {"parcel_id": [p.id for p in result.parcels], "parcel_name": [p.name for p in result.parcels],
         "status": [p.status for p in result.parcels],
         "status_zh": [STATUS_LABELS_ZH[p.status] for p in result.parcels],
         "area_m2": [round(p.area_m2, 4) for p in result.parcels],
         "ellipsoidal_area_m2": [round(p.ellipsoidal_area_m2, 4) for p in result.parcels],
         "area_zone": [p.area_zone for p in result.parcels], "area_crs": [p.area_crs for p in result.parcels],
         "rules": [",".join(c.rule for c in p.conflicts) for p in result.parcels]},
        geometry=gpd.GeoSeries([p.geometry for p in result.parcels], crs=result.crs), crs=result.crs)
    with atomic_output(path) as tmp:
        # GeoPackage 1.2 so the QGIS 3.22 / GDAL 3.6 found in many bureaus opens it cleanly (DESIGN §3)
        pyogrio.write_dataframe(conflicts, tmp, layer="conflicts", driver="GPKG", geometry_type="MultiPolygon",
                                promote_to_multi=True, dataset_options={"VERSION": "1.2"})
        pyogrio.write_dataframe(parcels, tmp, layer="parcels", driver="GPKG", geometry_type="MultiPolygon",
                                promote_to_multi=True)


Writer = Callable[[CheckResult, "str | Path"], None]

#: --format name → writer
REPORT_WRITERS: dict[str, Writer] = {
    "json": write_json,
    "csv": write_csv,
    "xlsx": write_xlsx,
    "html": write_html,
    "gpkg": write_gpkg,
}
