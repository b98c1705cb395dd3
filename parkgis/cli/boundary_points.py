"""``parkgis boundary-points PARCELS -o OUT.xlsx|OUT.csv``: the 界址点成果表 of a parcel layer.

    parkgis boundary-points PARCELS -o OUT.xlsx|OUT.csv [--layer L] [--id-field F] [--precision P]
                            [--parcel ID ...]

PARCELS is any readable file (coordinate TXT, shapefile, GeoPackage, DXF, ...) or a parkgis project;
from a project or a multi-layer file the parcels (地块) layer is taken unless ``--layer`` names one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import DataError, UsageError
from . import FileArgs, say


def register(sub) -> None:
    p = sub.add_parser(
        "boundary-points", help="界址点成果表 (boundary-point schedule) of parcels, as XLSX or CSV",
        description="Write the 界址点成果表 of every parcel: 点号 (J1… clockwise from the north-west corner, as in "
                    "the coordinate TXT), X（北）, Y（东）, 边长 to the next point, and per parcel 地块编号, 地块名称, "
                    "planar and ellipsoidal area in 平方米/亩/公顷, 四至, CRS and zone, 精度. XLSX: one printable "
                    "sheet per parcel after a summary sheet; CSV: one block per parcel. Written atomically.")
    p.add_argument("parcels", metavar="PARCELS", help="parcels file or parkgis project (.gpkg)")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="OUT.xlsx or OUT.csv")
    p.add_argument("--layer", metavar="L", help="the parcel layer of a multi-layer file or project")
    p.add_argument("--parcel", metavar="ID", action="append",
                   help="only the parcel with this 地块编号 (repeat for several; default: every parcel)")
    p.add_argument("--id-field", metavar="F", help="地块编号 field (default: detected: DKBH, 地块编号, BSM, id, ...)")
    p.add_argument("--name-field", metavar="F", help="地块名称 field (default: detected: DKMC, 地块名称, name, ...)")
    p.add_argument("--precision", metavar="P", type=float,
                   help="coordinate precision (精度) in metres (default: the 精度 the coordinate file declared, "
                        "else 0.001)")
    p.add_argument("--encoding", help="encoding to read the source text with (default: detected)")
    p.add_argument("--src-crs", help="CRS of a source that declares none, e.g. 4546 or EPSG:4546")
    p.set_defaults(func=run, files=FileArgs(reads=("parcels",), writes=("output",)))


def _pick_parcels(args):
    from ..core.fsutil import is_project_file
    from ..core.roles import Role
    from ..core.store.postgis import is_team_location

    path = args.parcels if is_team_location(args.parcels) else Path(args.parcels)
    if is_team_location(path) or (path.suffix.lower() == ".gpkg" and is_project_file(path)):
        from ..core.project import Project

        layers = Project.open(path).layers  # provenance (and the declared 精度) as saved in the project
        if args.layer:
            layers = [lyr for lyr in layers if lyr.name == args.layer]
            if not layers:
                raise DataError(path, f"the project has no layer {args.layer!r}")
    else:
        from ..core.io import read_layers

        crs = int(args.src_crs) if args.src_crs and args.src_crs.isdigit() else args.src_crs
        layers = read_layers(path, layer=args.layer, encoding=args.encoding, crs=crs)
    if len(layers) == 1:
        return layers[0]
    polygonal = [lyr for lyr in layers if set(lyr.gdf.geom_type.dropna()) <= {"Polygon", "MultiPolygon"} and len(lyr.gdf)]
    for candidates in ([lyr for lyr in polygonal if lyr.role == Role.PARCELS], polygonal):
        if len(candidates) == 1:
            return candidates[0]
    names = ", ".join(lyr.name for lyr in layers) or "none"
    raise UsageError(f"{path} holds several layers ({names}) and no single parcel layer: choose one with --layer")


def run(args) -> int:
    from ..core.report.boundary_points import boundary_point_schedule, write_schedule

    out = Path(args.output)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError(f"-o {out}: the 界址点成果表 is written as .xlsx or .csv")
    from ..core.store.postgis import is_team_location, mask_url

    if not is_team_location(args.parcels) and not Path(args.parcels).exists():
        raise DataError(args.parcels, "file not found")
    if args.precision is not None and not 0 < args.precision <= 1:
        raise UsageError("--precision is a step in metres between 0 and 1, e.g. 0.001 or 0.01")
    layer = _pick_parcels(args)
    for warning in layer.warnings:
        say("boundary-points", "warning", f"{layer.name}: {warning}")
    schedule = boundary_point_schedule(layer, id_field=args.id_field, name_field=args.name_field,
                                       precision=args.precision, source=mask_url(str(args.parcels)), parcels=args.parcel)
    for warning in schedule.warnings:
        say("boundary-points", "warning", warning)
    write_schedule(schedule, out)
    points = sum(p.point_count for p in schedule.parcels.summaries())   # no table built twice
    print(f"{out}: 界址点成果表 of {len(schedule.parcels)} parcel(s), {points} point(s), 精度 {schedule.precision:g} m, "
          f"{schedule.crs}", file=sys.stderr)
    return 0
