"""``parkgis evaluate``: 亩均 evaluation (亩均论英雄) of one year — each enterprise / parcel scored on 亩均税收,
亩均销售收入, 单位能耗增加值, 研发投入 and 全员劳动生产率 and graded A/B/C/D by the rule set
(``resources/evaluation/default.toml`` or ``--rules FILE``).

    parkgis evaluate PROJECT --year Y [--figures FILE.xlsx|csv] [--rules FILE.toml] [--json]

The annual figures come from ``--figures`` (Chinese headers, see the README), else from the project when it
stores them. A row without an area takes its parcel's area from the register (地块编号).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core.errors import DataError, UsageError
from . import say
from .parcels_check import dumps, load_records, number_text, print_table


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="亩均 evaluation: grade enterprises / parcels A–D for a year",
                       description="Score each enterprise or parcel on the 亩均 indicators of the rule set and "
                                   "grade them A/B/C/D by its cut-offs, vetoes and exemptions.")
    p.add_argument("project")
    p.add_argument("--year", type=int, required=True, help="the year evaluated (年度)")
    p.add_argument("--figures", metavar="FILE", help="the annual figures (.xlsx or .csv, Chinese headers)")
    p.add_argument("--rules", metavar="FILE", help="an evaluation rule set (TOML) instead of the default")
    p.add_argument("--json", action="store_true", help="JSON on stdout")
    p.set_defaults(func=run_evaluate)


def _stored_figures(project: str, year: int):
    """The annual figures of ``year`` stored in the project (the 台账's 年度数据, helper ledger's
    :func:`parkgis.core.parcels.figures.load_figures`), or None when it stores none."""
    try:
        from ..core.parcels.figures import load_figures
    except ImportError:     # the stored figures are not part of this build
        return None
    records = [getattr(s, "figures", s) for s in load_figures(project)]
    records = [f for f in records if getattr(f, "year", None) == year]
    if not records:
        return None
    from ..core.parcels.evaluation import figures_frame

    return figures_frame(records)


def run_evaluate(args) -> int:
    from ..core.parcels.evaluation import (
        fill_areas,
        grade,
        grades_by_parcel,
        load_rules,
        read_figures,
        result_rows,
    )

    rules = load_rules(args.rules) if args.rules else load_rules()
    records = load_records(args.project)
    if args.figures:
        figures = read_figures(args.figures, year=args.year)
        source = args.figures
    else:
        figures = _stored_figures(args.project, args.year)
        source = args.project
        if figures is None:
            raise UsageError(f"{args.project} holds no annual figures for {args.year}: "
                             f"give them with --figures FILE.xlsx|csv")
    if figures.empty:
        raise DataError(Path(source), f"no annual figures for {args.year}")
    figures = fill_areas(figures, {r.id: r.area_mu for r in records if r.area_mu})
    missing = figures[figures["area_mu"].isna()]
    if len(missing):
        names = ", ".join(str(v) for v in (missing["firm_name"].where(missing["firm_name"] != "", missing["parcel_id"]))
                          .head(5))
        say("evaluate", "warning", f"{len(missing)} row(s) without an area (亩) score 0 on the per-亩 indicators: "
                                   f"{names}")
    result = grade(figures, rules)
    rows = result_rows(result)
    counts = result.counts()
    if args.json:
        dumps({"year": args.year, "rules": {"name": rules.name, "version": rules.version, "source": rules.path},
               "firms": rows, "parcels": grades_by_parcel(result),
               "summary": {"firms": len(rows), "counts": counts,
                           "benchmarks": {k: (None if not np.isfinite(v) else round(v, 4))
                                          for k, v in result.benchmarks.items()}}})
        return 0
    print(f"{args.year} 年度亩均效益评价（{rules.name or '评价规则'}），{len(rows)} 家")
    headers = ["名次", "企业", "地块编号", "得分", "等级", "说明"] + [i.name for i in rules.indicators]
    table = []
    for row in rows:
        note = "；".join(v for v in (row["vetoed"], row["exempt"]) if v)
        table.append([row["rank"] or "—", row["name"] or row["id"], row["parcel"] or "", f"{row['score']:.2f}",
                      row["grade"], note] + [number_text(row["indicators"][i.code]["value"], 2) for i in rules.indicators])
    print_table(headers, table)
    print("等级分布：" + "，".join(f"{g} {n}" for g, n in counts.items()))
    return 0
