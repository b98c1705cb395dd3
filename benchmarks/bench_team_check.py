"""The conflict check inside PostGIS against the desktop engine on the synthetic city (issue 15 item 4):
time of each, and agreement parcel by parcel (status, and each rule's conflict area to 0.01 m²).
Prints figures; not a pass/fail test.

    .venv/bin/python benchmarks/bench_team_check.py [--scale tiny|small|large|N]

The desktop engine is the ``parkgis check`` of a project GeoPackage (in-process); the database
check is :func:`parkgis.core.store.postgis.check_in_database` on the same project published into a
private PostgreSQL 15 + PostGIS 3 server on loopback (``tests/pgserver.py``). Both on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", default="tiny")
    args = ap.parse_args(argv)
    import synthetic_city
    from pgserver import ADMIN_PASSWORD, LocalPostgres, ServerUnavailable

    from parkgis.cli.main import run_cli
    from parkgis.core.project import Project
    from parkgis.core.store.postgis import check_in_database, publish_project

    scale = args.scale if args.scale in synthetic_city.SCALES else int(args.scale)
    server = LocalPostgres()
    try:
        server.start()
    except ServerUnavailable as exc:
        print(f"bench_team_check: no PostgreSQL server: {exc}")
        server.stop()
        return 0
    try:
        with tempfile.TemporaryDirectory(prefix="bench-team-check-") as tmp:
            tmp = Path(tmp)
            paths = synthetic_city.generate(scale, tmp / "city")
            project_path = tmp / "city.gpkg"
            project = Project(project_path)
            for name, role in (("parcels", "parcels"), ("farmland", "farmland"), ("eco", "eco_redline"),
                               ("udb", "udb"), ("park", "park")):
                project.add_file(paths[name], role=role, name=name)
            project.save()
            project.close()
            out = tmp / "desktop.json"
            t = time.perf_counter()
            run_cli(["check", str(project_path), "--format", "json", "-o", str(out)])
            desktop_s = time.perf_counter() - t
            desktop = json.loads(out.read_text(encoding="utf-8"))["parcels"]
            os.environ["PGPASSWORD"] = ADMIN_PASSWORD
            url = server.url(schema="city")
            t = time.perf_counter()
            publish_project(project_path, url)
            publish_s = time.perf_counter() - t
            remote = Project.open(url)
            t = time.perf_counter()
            database = check_in_database(remote.store)
            database_s = time.perf_counter() - t
            gdf = remote.layer("parcels").gdf
            remote.close()
    finally:
        server.stop()
    ids = [p["id"] for p in desktop]
    column = next((c for c in gdf.columns if c != gdf.geometry.name and gdf[c].astype(str).tolist() == ids), None)
    names = gdf[column].astype(str).to_dict() if column else {fid: ids[k] for k, fid in enumerate(gdf.index)}
    by_id = {p["id"]: p for p in desktop}
    same_status = same_areas = 0
    differences: list[str] = []
    for fid, got in database.items():
        want = by_id[names[fid]]
        same_status += got["status"] == want["status"]
        areas = {c["rule"]: c["area_m2"] for c in want["conflicts"] if c["rule"] != "invalid_geometry"}
        agree = areas.keys() == got["conflicts"].keys() and all(
            abs(got["conflicts"][r] - a) <= 0.01 for r, a in areas.items())
        same_areas += agree
        if not agree and len(differences) < 5:
            differences.append(f"{names[fid]}: desktop {areas}, database "
                               f"{ {r: round(a, 3) for r, a in got['conflicts'].items()} }")
    n = len(desktop)
    print(f"== synthetic city, {n} parcels")
    print(f"   desktop engine (parkgis check, JSON written): {desktop_s:.2f} s")
    print(f"   publish to PostGIS: {publish_s:.2f} s; check inside PostGIS: {database_s:.2f} s")
    print(f"   agreement: status {same_status}/{n}, conflict areas per rule {same_areas}/{n}")
    for line in differences:
        print(f"   differs: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
