"""``parkgis convert SRC DST [--encoding E] [--to-crs EPSG]``: any supported format to any other."""

from __future__ import annotations

import sys

from ..core.io import read_layers, write_layers
from . import FileArgs, say


def register(sub) -> None:
    p = sub.add_parser("convert", help="convert between supported formats",
                       description="Read SRC with encoding detection and CRS inference, write DST in the format "
                                   "its extension names (written atomically; SRC is never modified).")
    p.add_argument("src")
    p.add_argument("dst")
    p.add_argument("--encoding", help="encoding to READ the source text with (overrides .cpg and detection)")
    p.add_argument("--out-encoding", default="UTF-8",
                   help="encoding of the written text where the format allows a choice (shapefile: UTF-8 "
                        "with .cpg by default, GBK or GB18030 on request; GBK refuses characters it cannot hold)")
    p.add_argument("--to-crs", help="reproject, e.g. 4525 or EPSG:4525")
    p.add_argument("--layer", help="convert only this layer of a multi-layer source")
    p.add_argument("--src-crs", help="CRS of a source that declares none (instead of inferring it)")
    p.add_argument("--strict", action="store_true",
                   help="refuse the whole source on any error finding (write nothing) instead of converting "
                        "what is good")
    p.add_argument("--precision", type=float,
                   help="coordinate precision in metres for formats that declare one (coordinate TXT 精度)")
    p.add_argument("--area", choices=("planar", "ellipsoidal"), default="planar",
                   help="which area a coordinate TXT states as 地块面积 (default planar)")
    p.set_defaults(func=run, files=FileArgs(reads=("src",), writes=("dst",)))


def run(args) -> int:
    layers = read_layers(args.src, layer=args.layer, encoding=args.encoding, crs=args.src_crs, strict=args.strict)
    to_crs = args.to_crs
    if to_crs is not None and str(to_crs).isdigit():
        to_crs = int(to_crs)
    for layer in layers:
        for warning in layer.warnings:
            say("convert", "warning", f"{layer.name}: {warning}")
    fmt = write_layers(layers, args.dst, encoding=args.out_encoding, to_crs=to_crs, precision=args.precision,
                       extra={"area": args.area})
    total = sum(len(layer.gdf) for layer in layers)
    print(f"{args.dst}: {len(layers)} layer(s), {total} feature(s) written as {fmt.label_zh}", file=sys.stderr)
    return 0
