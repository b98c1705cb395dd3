"""``parkgis check``: the conflict check (合规性审查) from the command line (DESIGN §4).

    parkgis check (PROJECT | --parcels P [--park P] [--udb P] [--eco P] [--farmland P] [--landuse P] [--zones P])
                  [--id-field F] [--min-area M2] [--min-width M] [--rules FILE]
                  [--format json|csv|xlsx|html|gpkg] [-o OUT]
                  [--in-database [--changed-since COMMIT|TIME] [--chunk N]]

``--in-database`` (a ``postgresql://`` project only) runs the overlay inside PostGIS chunk by
chunk and gives the same report; ``--changed-since`` re-checks only the parcels changed since a
commit id or a date/time (and those overlapping them).

With ``--format json`` and no ``-o`` the JSON goes to stdout and nothing else does; warnings and the
progress bar (on a terminal only) go to stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path

import shapely

from ..core.errors import DataError, UsageError
from ..core.roles import Role
from . import FileArgs, say, terminal_feedback

FORMATS = ("json", "csv", "xlsx", "html", "gpkg")
#: formats that may be written to stdout (text)
STDOUT_FORMATS = ("json", "csv", "html")

#: option → layer role, for the file mode
LAYER_OPTIONS = (("park", Role.PARK), ("udb", Role.UDB), ("eco", Role.ECO_REDLINE), ("farmland", Role.FARMLAND),
                 ("landuse", Role.LANDUSE), ("zones", Role.ZONES))


def register(sub) -> None:
    p = sub.add_parser(
        "check", help="conflict check (合规性审查) of parcels against 三区三线, park boundaries and each other",
        description="For every parcel: overlap with 生态保护红线 and 永久基本农田, area outside the 城镇开发边界 and "
                    "the park, overlap with other parcels, invalid geometry. Give a project, or the layers as files.")
    p.add_argument("project", nargs="?", help="a parkgis project (.gpkg) holding the parcels and constraint layers")
    p.add_argument("--parcels", metavar="P", help="parcels file (地块/标准地)")
    p.add_argument("--park", metavar="P", help="park boundaries (园区四至)")
    p.add_argument("--udb", metavar="P", help="urban development boundary (城镇开发边界)")
    p.add_argument("--eco", metavar="P", help="ecological protection red line (生态保护红线)")
    p.add_argument("--farmland", metavar="P", help="permanent basic farmland (永久基本农田)")
    p.add_argument("--landuse", metavar="P", help="land-use survey patches (地类图斑 DLTB) for the 耕地 rule")
    p.add_argument("--zones", metavar="P",
                   help="三区 (城镇/农业/生态空间) for the land-use × zone rule (the parcels' 用地用海 code, YDYH)")
    p.add_argument("--id-field", metavar="F", help="parcel id field (default: detected: DKBH, BSM, id, ...)")
    p.add_argument("--min-area", metavar="M2", type=float, help="sliver area tolerance in m² (default 1)")
    p.add_argument("--min-width", metavar="M", type=float, help="sliver mean-width tolerance in m (default 0.10)")
    p.add_argument("--rules", metavar="FILE", help="rule-set TOML (default: the bundled rule set)")
    p.add_argument("--format", choices=FORMATS, help="report format (default json, or from the -o extension)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout for json/csv/html)")
    p.add_argument("--in-database", action="store_true",
                   help="run the check inside PostGIS (a postgresql:// project): the same report, the client's "
                        "memory bounded by one chunk of parcels")
    p.add_argument("--changed-since", metavar="COMMIT|TIME",
                   help="with --in-database: re-check only the parcels changed since this commit id or ISO "
                        "date/time (UTC unless given), and the parcels overlapping them")
    p.add_argument("--chunk", metavar="N", type=int, help="with --in-database: parcels per chunk (default 5000)")
    p.set_defaults(func=run, files=FileArgs(
        reads=("project", "parcels", *(option for option, _ in LAYER_OPTIONS), "rules"), writes=("output",)))


def _pick_layers(path: str, role: Role, *, single: bool) -> list:
    from ..core.io import read_layers

    layers = read_layers(path)
    if not layers:
        raise DataError(path, "the file holds no layer")
    if len(layers) > 1:
        matching = [lyr for lyr in layers if lyr.role == role]
        if not matching or (single and len(matching) > 1):
            raise DataError(path, f"the file holds several layers ({', '.join(lyr.name for lyr in layers)}) and "
                                  f"none is clearly the {role.value} layer: give a single-layer file")
        layers = matching
    for lyr in layers:
        lyr.role = role
        if not lyr.provenance.source_path:
            lyr.provenance.source_path = str(path)
    return layers


def _from_files(args) -> tuple[object, dict]:
    parcels = _pick_layers(args.parcels, Role.PARCELS, single=True)[0]
    constraints = {}
    for option, role in LAYER_OPTIONS:
        value = getattr(args, option)
        if value:
            constraints[role.value] = _pick_layers(value, role, single=False)
    return parcels, constraints


def _from_project(path: str) -> tuple[object, dict]:
    from ..core.analysis import project_check_inputs
    from ..core.project import Project

    project = Project.open(path)
    parcels, constraints = project_check_inputs(project)
    for layers in constraints.values():
        for lyr in layers:
            lyr.provenance.source_path = lyr.provenance.source_path or f"{path} ({lyr.name})"
    return parcels, constraints


def run(args) -> int:
    from ..core.analysis import load_ruleset
    from ..core.report import REPORT_WRITERS, render_html, result_json, rows
    from ..core.report.check_report import ROW_HEADERS

    if bool(args.project) == bool(args.parcels):
        raise UsageError("give either a project or --parcels FILE (with --park/--udb/--eco/--farmland/--landuse/--zones)")
    if args.project and any(getattr(args, opt) for opt, _ in LAYER_OPTIONS):
        raise UsageError("layer options (--park, --udb, --eco, --farmland, --landuse, --zones) go with --parcels, "
                         "not a project")
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
        fmt = suffix if suffix in FORMATS else "json"
    if args.output is None and fmt not in STDOUT_FORMATS:
        raise UsageError(f"--format {fmt} writes a binary file: give -o OUT")
    for name in ("min_area", "min_width"):
        value = getattr(args, name)
        if value is not None and not value >= 0:
            raise UsageError(f"--{name.replace('_', '-')} must be a number ≥ 0")

    ruleset = load_ruleset(args.rules) if args.rules else None
    written = False
    if args.in_database or args.changed_since or args.chunk is not None:
        result, written = _in_database(args, ruleset, fmt)
    else:
        result = _on_desktop(args, ruleset)
    for warning in result.warnings:
        say("check", "warning", warning)
    for name, why in result.rules_skipped.items():
        say("check", "note", f"rule {name} not checked: {why}")
    if written:     # the JSON went out chunk by chunk
        return 0

    if args.output:
        REPORT_WRITERS[fmt](result, args.output)
        return 0
    if fmt == "json":
        sys.stdout.write(result_json(result, indent=2 if sys.stdout.isatty() else None) + "\n")
    elif fmt == "html":
        sys.stdout.write(render_html(result))
    else:
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(ROW_HEADERS)
        writer.writerows(rows(result))
    return 0


def _in_database(args, ruleset, fmt: str):
    from ..core.store.postgis import PostGISStore, is_database_url
    from ..core.store.postgis_check import CHUNK_PARCELS, changed_parcels, check_in_database

    if not args.in_database:
        raise UsageError("--changed-since and --chunk go with --in-database")
    if not (args.project and is_database_url(args.project)):
        raise UsageError("--in-database checks a team-database project: give its postgresql://… URL")
    if args.chunk is not None and args.chunk < 1:
        raise UsageError("--chunk must be a whole number ≥ 1")
    store = PostGISStore(args.project, client="parkgis check")
    try:
        fids = changed_parcels(store, args.changed_since) if args.changed_since else None
        options = dict(id_field=args.id_field, min_area=args.min_area, min_width=args.min_width, fids=fids,
                       chunk_size=args.chunk or CHUNK_PARCELS, feedback=terminal_feedback("审查"))
        if fmt == "json" and (args.output or not sys.stdout.isatty()):
            written = _stream_json(store, ruleset, args.output, options)
            if written is not None:
                return written, True
        return check_in_database(store, ruleset, keep_geometry=fmt not in ("json", "csv"),   # the maps of
                                 **options), False                                        # html/gpkg draw them
    except shapely.errors.GEOSException as exc:
        raise DataError(args.project, f"the geometry engine failed: {exc}") from None
    finally:
        store.close()


def _stream_json(store, ruleset, output: str | None, options: dict):
    """Write the JSON chunk by chunk (the client holds one chunk of results); the warnings and rules
    of the check as a CheckResult without parcels, or None when there was no parcel to write."""
    from ..core.analysis import CheckResult
    from ..core.fsutil import atomic_output
    from ..core.report.check_report import write_json_chunks
    from ..core.store.postgis_check import iter_check_in_database

    warnings: list[str] = []
    chunk_warnings: dict[str, None] = {}

    def chunks():
        for chunk in iter_check_in_database(store, ruleset, warnings=warnings, **options):
            chunk_warnings.update(dict.fromkeys(chunk.warnings))
            yield chunk

    if output:
        with atomic_output(output) as tmp, open(tmp, "w", encoding="utf-8") as out:
            last = write_json_chunks(chunks(), out)
            if last is None:
                return None
    else:
        last = write_json_chunks(chunks(), sys.stdout)
        if last is None:
            return None
    return CheckResult(crs=last.crs, min_area=last.min_area, min_width=last.min_width, parcels=[],
                       rules_checked=last.rules_checked, rules_skipped=last.rules_skipped, layers=last.layers,
                       warnings=warnings + list(chunk_warnings), ruleset=last.ruleset, id_field=last.id_field)


def _on_desktop(args, ruleset):
    parcels, constraints = _from_project(args.project) if args.project else _from_files(args)
    for lyr in [parcels, *(x for v in constraints.values() for x in v)]:
        for warning in lyr.warnings:
            say("check", "warning", f"{lyr.name}: {warning}")
    from ..core.analysis import ConflictIndex

    feedback = terminal_feedback("审查")
    try:
        index = ConflictIndex(parcels, constraints, ruleset, id_field=args.id_field, min_area=args.min_area,
                              min_width=args.min_width)
        return index.run(feedback)
    except shapely.errors.GEOSException as exc:
        raise DataError(args.parcels or args.project, f"the geometry engine failed: {exc}") from None
