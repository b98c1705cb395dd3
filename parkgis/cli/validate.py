"""``parkgis validate FILE.txt [--json]``: the validation report of a ministry coordinate file.

One line per finding, compiler style (``FILE:LINE: severity: parcel P: message [code]``), then a
summary line. Exit 0 when there is no error finding (warnings and notes allowed), 1 otherwise.
"""

from __future__ import annotations

import json
import sys

from ..core.errors import DataError
from ..core.fsutil import require_readable
from . import user_text


def register(sub) -> None:
    p = sub.add_parser(
        "validate", help="check a ministry coordinate file (部标坐标文件) and list its problems",
        description="Check a ministry coordinate TXT (勘测定界 / 报批 坐标文件): header keys, zone and CRS, "
                    "rings, 界址点数 and 地块面积 against the geometry. Prints one line per finding with its "
                    "line number; exit 0 when no finding is an error, 1 otherwise.")
    p.add_argument("file", help="the coordinate file (.txt)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--encoding", help="text encoding (default: BOM, then UTF-8, then GB18030/GBK)")
    p.add_argument("--crs", help="CRS for a file whose zone cannot be determined, e.g. 4546 or EPSG:4546")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..core.io.coordtxt import ERROR, validate_coordtxt

    path = require_readable(args.file)
    if not path.is_file():
        raise DataError(path, "file not found")
    if path.stat().st_size == 0:
        raise DataError(path, "the file is empty (0 bytes)")
    crs = int(args.crs) if args.crs and args.crs.isdigit() else args.crs
    doc = validate_coordtxt(path, encoding=args.encoding, crs=crs)
    has_error = any(f.severity == ERROR for f in doc.findings)
    if args.json:
        json.dump(doc.as_dict(), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
        return 1 if has_error else 0
    for finding in doc.sorted_findings():
        print(user_text(finding.format(args.file)))
    s = doc.summary()
    crs_text = doc.crs_reason or "unknown"
    print(user_text(f"{args.file}: {s['parcels_read']}/{s['parcels']} parcel(s) readable, {s['errors']} error(s), "
                    f"{s['warnings']} warning(s), {s['info']} note(s); encoding {doc.encoding} "
                    f"({doc.encoding_source}); CRS: {crs_text}"))
    return 1 if has_error else 0
