"""``parkgis parcels import|export``: the 台账 (register, events, annual figures) in and out of a project.

    parkgis parcels import PROJECT FILE.xlsx|FILE.csv [--dry-run] [--json]
    parkgis parcels export PROJECT FILE.xlsx|FILE.csv

The format and the rules: :mod:`parkgis.core.parcels.ledger`. An import with any problem lists every one
(sheet, row, column, what is wrong), writes nothing and exits 1; ``--dry-run`` lists the same problems and
what would change, and writes nothing. A clean import is one commit of the register (audited, all or
nothing). The export writes atomically (aside, then replaced) and never over a project.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..core.errors import DataError, UsageError
from . import FileArgs, say

COMMAND = "parcels"


def _export_targets(args) -> list[str]:
    from ..core.parcels.ledger import csv_paths

    path = Path(args.file)
    if path.suffix.lower() == ".csv":
        return [str(p) for p in csv_paths(path).values()]
    return [str(path)]


def register_parcels(parcels_sub) -> None:
    im = parcels_sub.add_parser(
        "import", help="import a 台账 (XLSX or CSV): register, events, annual figures",
        description="Import a 台账 into the project's 标准地 register: the 登记表 (one row per parcel), the 事件表 "
                    "(lifecycle events) and the 年度数据 (annual figures) — sheets of one XLSX workbook, or FILE.csv "
                    "with FILE.events.csv and FILE.figures.csv beside it. A 地块编号 must name a register entry or a "
                    "feature of the parcel layer (which it then registers). Every problem is listed with its sheet, "
                    "row and column, and nothing is written; a clean import is one audited commit.")
    im.add_argument("project", metavar="PROJECT", help="the parkgis project (.gpkg)")
    im.add_argument("file", metavar="FILE", help="the 台账: FILE.xlsx or FILE.csv")
    im.add_argument("--dry-run", action="store_true", help="list the problems and what would change; write nothing")
    im.add_argument("--json", action="store_true", help="the problems and changes as JSON on stdout")
    im.set_defaults(func=run_import, files=FileArgs(reads=("project", "file")))

    ex = parcels_sub.add_parser(
        "export", help="export the register as a 台账 (XLSX or CSV)",
        description="Write the project's 标准地 register as a 台账: XLSX (sheets 登记表, 事件表, 年度数据) or CSV "
                    "(FILE.csv, FILE.events.csv, FILE.figures.csv; UTF-8 with BOM). The headers are the ones "
                    "import reads. Written atomically; a project is never overwritten.")
    ex.add_argument("project", metavar="PROJECT", help="the parkgis project (.gpkg)")
    ex.add_argument("file", metavar="FILE", help="FILE.xlsx or FILE.csv")
    ex.set_defaults(func=run_export, files=FileArgs(reads=("project",), writes=(_export_targets,)))


def _open(path: str):
    from ..core.fsutil import is_project_file
    from ..core.project import Project
    from ..core.store.postgis import is_team_location

    if is_team_location(path):      # a team database (parkgis db publish)
        return Project.open(path)
    if not Path(path).exists():
        raise DataError(path, "file not found")
    if not is_project_file(path):
        raise DataError(path, "not a parkgis project (.gpkg)")
    return Project.open(path)


def _value_text(value) -> str:
    from ..core.fields import float_text
    from ..core.parcels.model import Stage

    if value is None or value == "":
        return "(空)"
    if isinstance(value, Stage):
        return value.value
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, frozenset):
        return "、".join(sorted(value)) or "(空)"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def change_lines(plan) -> list[str]:
    """What an import changes, one line per parcel (and one for the figures)."""
    lines = []
    for p in plan.changes:
        parts = []
        if p.action == "added":
            where = f"linked to feature {p.link[1]}" if p.link else "not linked"
            parts.append(f"added ({where}, {p.record.stage.value})")
        parts += [f"{f.column}: {_value_text(f.old)} → {_value_text(f.new)}" for f in p.fields]
        for n in p.new_events:
            e = n.event
            text = f"new event {e.stage.value} {e.date.isoformat()}" + (f" ({e.by})" if e.by else "")
            if e.corrects is not None:
                text += f", correcting event {e.corrects}"
            elif n.corrects_new is not None:
                text += f", correcting row {p.new_events[n.corrects_new].row}"
            parts.append(text)
        lines.append(f"{p.id}: " + "; ".join(parts))
    added = sum(1 for f in plan.figures if f.old is None)
    changed = len(plan.figures) - added
    if plan.figures:
        lines.append(f"年度数据: {added} row(s) added, {changed} changed")
    return lines


def run_import(args) -> int:
    from ..core.parcels.ledger_io import apply_import, plan_project_import

    project = _open(args.project)
    if Path(args.file).suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise UsageError(f"{args.file}: a 台账 is read from .xlsx or .csv")
    planned = plan_project_import(project, args.file)
    plan = planned.plan
    out = plan.as_dict()
    written = False
    result = None
    if plan.ok and not args.dry_run and plan.has_changes:
        result = apply_import(project, planned)
        written = True
    if args.json:
        out["dry_run"] = bool(args.dry_run)
        out["written"] = written
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for warning in plan.warnings:
            say(COMMAND, "warning", DataError(args.file, warning))
        for problem in plan.problems:
            file, shown = plan.located(problem)
            say(COMMAND, "error", DataError(file, str(shown)))
        if args.dry_run or written:
            for line in change_lines(plan):
                print(line)
    if not plan.ok:
        raise DataError(args.file, f"{len(plan.problems)} problem(s); nothing imported")
    if args.dry_run:
        print(f"{args.file}: dry run: {len(plan.changes)} parcel(s) would change; nothing written", file=sys.stderr)
    elif result is None:
        print(f"{args.file}: the register already holds this 台账; nothing to change", file=sys.stderr)
    else:
        print(f"{args.project}: {len(result.added)} parcel(s) added, {len(result.changed)} changed, {result.events} "
              f"event(s), {result.figures_added + result.figures_changed} row(s) of annual figures",
              file=sys.stderr)
    return 0


def run_export(args) -> int:
    from ..core.parcels.ledger_io import export_ledger

    suffix = Path(args.file).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"{args.file}: a 台账 is written as .xlsx or .csv")
    project = _open(args.project)
    paths = export_ledger(project, args.file)
    from ..core.parcels.register import load_register

    count = len(load_register(project).parcels)
    print(f"{', '.join(map(str, paths))}: 台账 of {count} parcel(s)", file=sys.stderr)
    return 0
