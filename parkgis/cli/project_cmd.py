"""``parkgis project create OUT.gpkg [--park P] [--udb P] [--eco P] [--farmland P] [--parcels P] [--layer PATH:ROLE ...]``."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import UsageError
from ..core.project import Project
from ..core.roles import ROLE_LABELS_ZH, Role, parse_role
from . import FileArgs, say


def register(sub) -> None:
    p = sub.add_parser("project", help="create and inspect parkgis projects")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create", help="build a project from files",
        description="Build a project GeoPackage from files. Every layer is reprojected to the project CRS "
                    "(the first CGCS2000 layer's Gauss-Krüger zone, or --crs), with its provenance recorded.")
    create.add_argument("out", help="the new project file (.gpkg); refused if it exists")
    for flag, role in (("--park", Role.PARK), ("--udb", Role.UDB), ("--eco", Role.ECO_REDLINE),
                       ("--farmland", Role.FARMLAND), ("--parcels", Role.PARCELS)):
        create.add_argument(flag, action="append", default=[], metavar="PATH",
                            help=f"{ROLE_LABELS_ZH[role]} layer file (repeatable)")
    create.add_argument("--layer", action="append", default=[], metavar="PATH[:ROLE]",
                        help="any other layer, with an optional role (guessed from the name otherwise)")
    create.add_argument("--crs", help="project CRS, e.g. 4525")
    create.add_argument("--encoding", help="encoding for sources without a declared one")
    create.set_defaults(func=run_create, files=FileArgs(
        reads=("park", "udb", "eco", "farmland", "parcels", lambda args: [_split_layer_arg(v)[0] for v in args.layer]),
        writes=("out",), saves_project=True))


def _split_layer_arg(value: str) -> tuple[str, Role | None]:
    path, sep, role = value.rpartition(":")
    if sep and role and not Path(value).exists():
        try:
            return path, parse_role(role)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return value, None


def run_create(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() != ".gpkg":
        raise UsageError("a project is a GeoPackage: the file name must end in .gpkg")
    if out.exists():
        raise UsageError(f"{out} already exists; parkgis does not overwrite a project")
    inputs: list[tuple[str, Role | None]] = []
    for attr, role in (("park", Role.PARK), ("udb", Role.UDB), ("eco", Role.ECO_REDLINE),
                       ("farmland", Role.FARMLAND), ("parcels", Role.PARCELS)):
        inputs += [(path, role) for path in getattr(args, attr)]
    inputs += [_split_layer_arg(value) for value in args.layer]
    if not inputs:
        raise UsageError("give at least one layer (--park, --udb, --eco, --farmland, --parcels or --layer)")
    crs = int(args.crs) if args.crs and args.crs.isdigit() else args.crs
    # Read everything before creating the file: a bad input leaves nothing behind.
    project = Project(out)
    project.settings["name"] = out.stem
    if crs:
        project.settings["crs"] = f"EPSG:{crs}" if isinstance(crs, int) else crs
    project.audit("create project", detail={"name": out.stem})
    for path, role in inputs:
        for layer in project.add_file(path, role=role, encoding=args.encoding):
            for warning in layer.warnings:
                say("project create", "warning", f"{layer.name}: {warning}")
    project.save()
    for layer in project.layers:
        print(f"{layer.name}\t{layer.role.value}\t{ROLE_LABELS_ZH[layer.role]}\t{len(layer.gdf)}\t{layer.crs_label}")
    print(f"{out}: project created with {len(project.layers)} layer(s) in {project.settings['crs']}", file=sys.stderr)
    return 0
