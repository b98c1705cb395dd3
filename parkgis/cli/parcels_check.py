"""``parkgis parcels check``: each 标准地 parcel's control indicators against the bounds that apply (its
listing and the threshold tables, chosen park × industry × region with the fallback of
:mod:`parkgis.core.parcels.thresholds`).

    parkgis parcels check PROJECT [--parcel ID ...] [--thresholds DIR] [--json]

Also the helpers the register commands share: reading the register of a project file and printing a
table whose columns line up with Chinese text.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ..core.errors import DataError, UsageError


def register_parcels(sub) -> None:
    c = sub.add_parser("check", help="control indicators against the applicable threshold tables",
                       description="Check each parcel's figures (投资强度, 容积率, 亩均税收 …) against its listing "
                                   "and the threshold table that applies (park+industry → park → region+industry "
                                   "→ region → national). Each indicator passes, fails or has no value; the "
                                   "required total is what the parcel's area needs (e.g. 万元 of investment).")
    c.add_argument("project")
    c.add_argument("--parcel", action="extend", nargs="+", metavar="ID", help="only these parcels (地块编号)")
    c.add_argument("--thresholds", metavar="DIR",
                   help="a folder of threshold tables (TOML) instead of the bundled resources/thresholds")
    c.add_argument("--all", action="store_true", help="also list the indicators no bound applies to")
    c.add_argument("--json", action="store_true", help="JSON on stdout")
    c.set_defaults(func=run_check)


# ------------------------------------------------------------------------------------------ shared helpers
def load_records(project: str, ids: Sequence[str] | None = None):
    """The register's parcels of the project file ``project`` (in 地块编号 order), only ``ids`` when given
    (an unknown id is a UsageError)."""
    from ..core.parcels.register import load_register
    from ..core.store.postgis import is_team_location, mask_url

    if is_team_location(project):     # a team database: its register (parkgis db publish)
        register = load_register(project)
        where = mask_url(project)
    else:
        path = Path(project)
        if not path.exists():
            raise DataError(path, "project file not found")
        if not path.is_file():
            raise DataError(path, "not a project file (a folder)")
        register = load_register(path)
        where = str(path)
    if not ids:
        return [register.parcels[k] for k in sorted(register.parcels)]
    unknown = [i for i in ids if i not in register.parcels]
    if unknown:
        raise UsageError(f"no parcel {', '.join(unknown)} in the register of {where}")
    return [register.parcels[i] for i in dict.fromkeys(ids)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]], stream=None) -> None:
    """A plain-text table, columns padded by display width (a Chinese character is two columns)."""
    stream = stream or sys.stdout
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(_width(r[k]) for r in cells) for k in range(len(headers))]
    for n, row in enumerate(cells):
        stream.write("  ".join(v + " " * (widths[k] - _width(v)) for k, v in enumerate(row)).rstrip() + "\n")
        if n == 0:
            stream.write("  ".join("-" * w for w in widths) + "\n")


def number_text(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float | int):
        return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return str(value)


def dumps(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    print()


# ------------------------------------------------------------------------------------------ check
_DIRECTION_ZH = {">=": "≥", "<=": "≤", "range": "区间", "text": "文本"}
_PASSED_ZH = {True: "通过", False: "不通过", None: "—"}


def _threshold_text(result) -> str:
    t = result.threshold
    if isinstance(t, list):
        low, high = t
        if low is not None and high is not None:
            return f"{number_text(low)}–{number_text(high)}"
        return f"≥ {number_text(low)}" if low is not None else f"≤ {number_text(high)}" if high is not None else "—"
    if result.direction in (">=", "<="):
        return f"{_DIRECTION_ZH[result.direction]} {number_text(t)}"
    return "—" if t is None else str(t)


def run_check(args) -> int:
    from ..core.parcels.indicators import check_parcel
    from ..core.parcels.lowuse import classify_low_use
    from ..core.parcels.thresholds import load_tables

    records = load_records(args.project, args.parcel)
    tables = load_tables(args.thresholds) if args.thresholds else load_tables()
    checks = [check_parcel(r, tables, all_indicators=args.all) for r in records]
    low_use = [classify_low_use(r, tables, check=c) for r, c in zip(records, checks, strict=True)]
    if args.json:
        dumps({"parcels": [{**c.as_json(), "low_use": {"classes": u.classes, "reasons": u.reasons}}
                           for c, u in zip(checks, low_use, strict=True)]})
        return 0
    if not checks:
        print("登记簿中没有地块。")
        return 0
    from ..core.messages import cli_language, localize

    language = cli_language()
    for n, (check, use) in enumerate(zip(checks, low_use, strict=True)):
        if n:
            print()
        skipped = f"；{'、'.join(check.skipped)} 层级无表" if check.skipped else ""
        print(f"地块 {check.id}    阈值表：{check.table or '无'}    （{localize(check.reason, language)}{skipped}）")
        rows = []
        for r in check.indicators:
            total = "—" if r.required_total is None else f"{number_text(r.required_total)} {r.required_total_unit}"
            rows.append([r.name, number_text(r.value, 4), r.unit, _threshold_text(r), total,
                         _PASSED_ZH[r.passed] + ("（示意）" if r.illustrative else "")])
        print_table(["指标", "实际值", "单位", "控制值", "按面积要求", "结果"], rows)
        failed = check.failed
        print(f"结论：{'不通过 ' + str(len(failed)) + ' 项' if failed else '无不通过项'}"
              + (f"；低效用地：{'、'.join(use.classes)}" if use.classes else ""))
    return 0
