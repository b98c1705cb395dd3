"""``parkgis precheck``: 拍前体检, the pre-auction check of 标准地 parcels and their dossiers.

    parkgis precheck PROJECT (--parcel ID ... | --all-listed) [--json] [-o OUT.pdf|.docx|.html|.xlsx|DIR/]
                     [--area-tolerance SHARE] [--area-basis ellipsoidal|planar] [--rules FILE]

Exit 0 whatever the verdicts (可以出让 / 不可出让 / 需补充 are answers, not errors); 1 on a data error (no
such parcel, no parcels layer, unreadable project); 2 on bad usage. ``-o`` writes the dossier(s): one file
holding every chosen parcel (.pdf, .docx, .html), the summary table (.xlsx), or, for a folder (a path
ending in ``/`` or an existing folder), one PDF and one DOCX per parcel plus ``拍前体检汇总.xlsx``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..core.errors import DataError, UsageError
from . import FileArgs

FORMATS = (".pdf", ".docx", ".html", ".xlsx")
SUMMARY_NAME = "拍前体检汇总.xlsx"


def _is_dir(out: str) -> bool:
    return out.endswith(("/", "\\")) or Path(out).is_dir()


def _writes(args) -> list[str]:
    if args.output is None or _is_dir(args.output):
        return []
    return [args.output]


def register(sub) -> None:
    p = sub.add_parser(
        "precheck", help="拍前体检: can a 标准地 parcel be sold? items, verdict and dossier (PDF/Word/HTML)",
        description="The pre-auction check (拍前体检) of 标准地 parcels: one item per rule of the conflict check "
                    "(red line, permanent farmland, UDB, park, use × 三区 …, with the overlap area), no overlap with "
                    "sold or contracted parcels, control indicators complete and within the applicable thresholds, "
                    "七通一平 and 区域评估 done (净地), declared vs computed area (椭球 by default), the lifecycle "
                    "stage allows listing, no idle-land record; verdict 可以出让 / 不可出让 / 需补充. Exit 0 "
                    "whatever the verdicts.")
    p.add_argument("project", metavar="PROJECT", help="parkgis project (.gpkg) with the 标准地 register")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--parcel", metavar="ID", action="extend", nargs="+", help="the parcels (地块编号) to check")
    which.add_argument("--all-listed", action="store_true", help="every parcel the register has at 挂牌")
    p.add_argument("--json", action="store_true", help="the findings as JSON on stdout")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="the dossier: OUT.pdf, OUT.docx, OUT.html (all chosen parcels in one file), OUT.xlsx "
                        "(the summary table) or DIR/ (one PDF and DOCX per parcel + the summary XLSX)")
    p.add_argument("--area-tolerance", metavar="SHARE", type=float, default=None,
                   help="declared vs computed area: the largest relative difference that passes "
                        "(default 0.0005 = 0.05 %%)")
    p.add_argument("--area-basis", choices=("ellipsoidal", "planar"), default="ellipsoidal",
                   help="the computed area the declared one is compared with (default: ellipsoidal, 椭球面积, "
                        "as surveys declare it; planar: in the parcel's own Gauss-Krüger zone)")
    p.add_argument("--rules", metavar="FILE", help="rule set (TOML) of the conflict check (default: the bundled one)")
    p.set_defaults(func=run, files=FileArgs(reads=("project",), writes=(_writes,)))


def run(args) -> int:
    from ..core.parcels.precheck import DEFAULT_AREA_TOLERANCE, Prechecker, PrecheckSettings, results_json
    from ..core.project import Project
    from ..core.store.postgis import is_team_location

    path = args.project if is_team_location(args.project) else Path(args.project)
    if isinstance(path, Path) and not path.exists():
        raise DataError(path, "project file not found")
    if isinstance(path, Path) and not path.is_file():
        raise DataError(path, "not a project file (a folder)")
    out = args.output
    if out is not None and not _is_dir(out) and Path(out).suffix.lower() not in FORMATS:
        raise UsageError(f"-o {out}: the dossier is written as .pdf, .docx, .html or .xlsx, or into a folder (DIR/)")
    tolerance = DEFAULT_AREA_TOLERANCE if args.area_tolerance is None else args.area_tolerance
    if not 0 <= tolerance < 1:
        raise UsageError("--area-tolerance is a share between 0 and 1, e.g. 0.0005 for 0.05 %")
    ruleset = None
    if args.rules:
        from ..core.analysis.rules import load_ruleset

        ruleset = load_ruleset(args.rules)
    project = Project.open(path)
    checker = Prechecker(project, settings=PrecheckSettings(area_tolerance=tolerance, area_basis=args.area_basis),
                         ruleset=ruleset)
    ids = checker.listed_ids() if args.all_listed else list(dict.fromkeys(args.parcel))
    results = checker.check_many(ids)
    if args.json:
        json.dump(results_json(checker, results), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        print()
    else:
        _print_text(results)
    if out is not None and results:
        written = write_outputs(checker, results, out)
        for w in written:
            print(f"{w}", file=sys.stderr)
    return 0


def write_outputs(checker, results, out: str) -> list[Path]:
    """Write the dossier(s) of ``results`` to ``out`` (a file by its extension, or a folder)."""
    from ..core.report.dossier import build_dossier, write_html, write_summary_xlsx
    from ..core.report.dossier_docx import write_docx
    from ..core.report.dossier_pdf import write_pdf

    if _is_dir(out):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for r in results:
            d = build_dossier(checker, r)
            stem = "".join(ch if ch not in '\\/:*?"<>|' else "_" for ch in r.id)
            write_pdf([d], folder / f"{stem}.pdf")
            write_docx([d], folder / f"{stem}.docx")
            written += [folder / f"{stem}.pdf", folder / f"{stem}.docx"]
        write_summary_xlsx(results, folder / SUMMARY_NAME)
        return [*written, folder / SUMMARY_NAME]
    target = Path(out)
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        write_summary_xlsx(results, target)
        return [target]
    dossiers = [build_dossier(checker, r) for r in results]
    {".pdf": write_pdf, ".docx": write_docx, ".html": write_html}[suffix](dossiers, target)
    return [target]


def _print_text(results) -> None:
    from ..core.parcels.precheck import STATUS_ZH

    for n, r in enumerate(results):
        if n:
            print()
        print(f"地块 {r.id}  {r.name}    结论：{r.verdict}")
        for item in r.items:
            print(f"  [{STATUS_ZH[item.status]}] {item.label}：{item.reason}")
        print("  四至：" + "；".join(f"{d} {s.text}" for d, s in r.sizhi.items()))
        for d, cmp in r.sizhi_given.items():
            if not cmp["agrees"]:
                print(f"  四至比对：{d} 资料记载“{cmp['given']}”，按图计算“{cmp['computed']}”")
