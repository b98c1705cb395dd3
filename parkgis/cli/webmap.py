"""``parkgis webmap``: the project as one self-contained web map (HTML) that opens offline.

    parkgis webmap PROJECT -o MAP.html [--layers NAME ...] [--basemap none|tianditu|osm|URL]
                   [--tianditu-key K] [--colour-by status|lifecycle|landuse|idle|grade] [--title T]
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import UsageError
from . import FileArgs, say, terminal_feedback


def register(sub) -> None:
    p = sub.add_parser(
        "webmap", help="export the project as one self-contained web map (HTML) that opens offline",
        description="Write an HTML web map of a project: Leaflet and all assets inlined (no CDN), the 三区三线 "
                    "theme, parcels coloured by compliance status (合规状态) or lifecycle stage (生命周期), legend, "
                    "grouped layer panel, parcel search, popups with areas in m²/亩/公顷, measure, full screen. "
                    "With --basemap none (the default) the page makes no request to any other host.")
    p.add_argument("project", help="a parkgis project (.gpkg)")
    p.add_argument("-o", "--output", metavar="MAP.html", required=True, help="the HTML file to write")
    p.add_argument("--layers", nargs="+", metavar="NAME", help="layers to include (default: all)")
    p.add_argument("--basemap", default="none", metavar="none|tianditu|osm|URL",
                   help="base map: none (default, offline), tianditu (needs --tianditu-key), osm, or a tile URL "
                        "with {z}/{x}/{y}")
    p.add_argument("--tianditu-key", metavar="K", help="天地图 key (tk) for --basemap tianditu")
    p.add_argument("--colour-by", "--color-by", dest="colour_by", default="status",
                   choices=("status", "lifecycle", "landuse", "idle", "grade"),
                   help="parcel colours at first: status (合规状态, default), lifecycle (生命周期阶段), "
                        "landuse (用地用海), idle (闲置土地状态, from the 标准地 register) or grade (亩均等级); "
                        "the page can switch")
    p.add_argument("--title", metavar="T", help="page title (default: the project name)")
    p.set_defaults(func=run, files=FileArgs(reads=("project",), writes=("output",)))


def run(args) -> int:
    from ..core.fsutil import atomic_output
    from ..webmap import render_webmap

    out = Path(args.output)
    if out.exists() and out.is_dir():
        raise UsageError(f"-o {out} is a folder; give an .html file name")
    if not out.parent.exists():
        raise UsageError(f"the folder {out.parent} does not exist")
    result = render_webmap(args.project, layers=args.layers, basemap=args.basemap, tianditu_key=args.tianditu_key,
                           colour_by=args.colour_by, title=args.title, feedback=terminal_feedback("网页地图"))
    for warning in result.warnings:
        say("webmap", "warning", warning)
    with atomic_output(out) as tmp:
        Path(tmp).write_text(result.html, encoding="utf-8")
    size = out.stat().st_size
    counts = ""
    if result.summary:
        from ..core.analysis.rules import COMPLIANT, CONSTRAINED, PROHIBITED, status_label

        s = result.summary
        counts = "; " + ", ".join(f"{status_label(k, short=True)} {s[k]}" for k in (COMPLIANT, CONSTRAINED, PROHIBITED))
    print(f"wrote {out} ({size / 1e6:.2f} MB, {len(result.layers)} layers{counts})", file=sys.stderr)
    return 0
