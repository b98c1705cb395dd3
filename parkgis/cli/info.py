"""``parkgis info PATH [--json]``: what a file holds, as parkgis reads it."""

from __future__ import annotations

import json
import math

from ..core.crs import datum_label
from ..core.io import read_layers
from ..core.io.vector import invalid_count
from ..core.project import Project
from ..core.roles import ROLE_LABELS_ZH
from . import user_text


def register(sub) -> None:
    p = sub.add_parser("info", help="layers, features, CRS, encoding and guessed roles of a file",
                       description="Describe every layer of a file: feature count, geometry type, CRS (or the "
                                   "assumption made), text encoding and where it came from, guessed role, bounds "
                                   "and invalid geometries.")
    p.add_argument("path", help="a vector file, zip, FileGDB folder or parkgis project")
    p.add_argument("--encoding", help="decode attribute text with this encoding (overrides .cpg and detection)")
    p.add_argument("--crs", help="CRS of a file that declares none and whose coordinates leave it open "
                                 "(e.g. 4546 for a coordinate list without zone prefix)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def layer_info(layer) -> dict:
    bounds = layer.gdf.total_bounds.tolist() if len(layer.gdf) else None
    if bounds and any(math.isnan(v) for v in bounds):
        bounds = None
    p = layer.provenance
    return {
        "name": layer.name,
        "feature_count": len(layer.gdf),
        "geometry_type": layer.geometry_type,
        "crs": layer.crs_label if layer.gdf.crs is not None else None,
        "crs_assumed": p.crs_assumed is not None,
        "crs_assumption": p.crs_assumed,
        "legacy_datum": layer.legacy_datum,
        "datum": datum_label(layer.gdf.crs) if layer.gdf.crs is not None else None,
        "encoding": p.encoding,
        "encoding_source": p.encoding_source,
        "role": layer.role.value,
        "role_label": ROLE_LABELS_ZH[layer.role],
        "role_reason": layer.role_reason,
        "bounds": bounds,
        "invalid_geometries": invalid_count(layer),
        "fields": [c for c in layer.gdf.columns if c != layer.gdf.geometry.name],
        "warnings": list(layer.warnings) + ([layer.invalid_summary()] if layer.invalid_summary() else []),
    }


def describe(path: str, encoding: str | None = None, crs: str | None = None) -> dict:
    from ..core.store.postgis import is_team_location

    if str(path).lower().endswith(".gpkg") or is_team_location(str(path)):
        project = Project.open(path)
        if project.settings.get("format_version") is not None and not project.warnings:
            return {"path": project.location if project.is_database else str(path),   # a URL without its password
                    "kind": "parkgis project", "crs": project.settings.get("crs"),
                    "layers": [layer_info(layer) for layer in project.layers]}
    return {"path": str(path), "kind": "file", "layers": [layer_info(layer) for layer in read_layers(path, encoding=encoding, crs=crs)]}


def run(args) -> int:
    crs = int(args.crs) if args.crs and args.crs.isdigit() else args.crs
    info = describe(args.path, args.encoding, crs)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    print(f"{info['path']}  ({info['kind']})")
    for layer in info["layers"]:
        print(f"\n图层 layer: {layer['name']}")
        print(f"  要素 features: {layer['feature_count']}   几何 geometry: {layer['geometry_type']}")
        crs = layer["crs"] or user_text("unknown")
        print(f"  坐标系 CRS: {crs}"
              + (f"   (assumed: {user_text(layer['crs_assumption'])})" if layer["crs_assumed"] else ""))
        if layer["datum"]:
            print(f"  基准 datum: {layer['datum']}")
        if layer["encoding"]:
            print(f"  编码 encoding: {layer['encoding']} (from {user_text(layer['encoding_source'])})")
        print(f"  角色 role: {layer['role']} {layer['role_label']} ({user_text(layer['role_reason'])})")
        if layer["bounds"]:
            print("  范围 bounds: " + ", ".join(f"{v:.6f}" if abs(v) < 1000 else f"{v:.3f}" for v in layer["bounds"]))
        print(f"  无效几何 invalid geometries: {layer['invalid_geometries']}")
        for warning in layer["warnings"]:
            print(f"  ! {user_text(warning)}")
    return 0
