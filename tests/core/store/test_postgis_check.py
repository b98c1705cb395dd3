"""The conflict check inside PostGIS against the desktop engine, parcel by parcel: the same status,
the same conflict area per rule (to 0.01 m²), the same slivers. Small synthetic park (EPSG:4545)
built to touch every rule: a red line crossing parcels, farmland patches overlapping each other
(counted once), a UDB that leaves parcels partly outside, the park boundary, two overlapping parcels
and a 5 cm sliver strip; one bow-tie parcel repaired by both."""

from __future__ import annotations

import json
import os

import geopandas as gpd
import pytest
import shapely

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

X0, Y0 = 500_000, 4_400_000


def build(tmp_path):
    lots = [shapely.box(X0 + 120 * i, Y0 + 120 * j, X0 + 120 * i + 100, Y0 + 120 * j + 100)
            for j in range(3) for i in range(4)]
    lots.append(shapely.box(X0 + 60, Y0 + 60, X0 + 160, Y0 + 110))                    # overlaps lots 0 and 1
    lots.append(shapely.Polygon([(X0 + 500, Y0), (X0 + 600, Y0 + 100), (X0 + 600, Y0), (X0 + 500, Y0 + 100)]))  # bow-tie
    parcels = gpd.GeoDataFrame({"DKBH": [f"A-{k + 1:02d}" for k in range(len(lots))]}, geometry=lots, crs=4545)
    red = gpd.GeoDataFrame({"NAME": ["红线1", "细条"]}, geometry=[
        shapely.Polygon([(X0 + 30, Y0 - 20), (X0 + 90, Y0 - 20), (X0 + 300, Y0 + 250), (X0 + 240, Y0 + 250)]),
        shapely.box(X0 + 360 + 99.95, Y0 + 240, X0 + 360 + 100.5, Y0 + 340)], crs=4545)  # 5 cm into lot 11
    farmland = gpd.GeoDataFrame({"KCXS": [0.0, 0.0]}, geometry=[shapely.box(X0 + 110, Y0 + 110, X0 + 200, Y0 + 200),
                                                                 shapely.box(X0 + 150, Y0 + 150, X0 + 230, Y0 + 230)],
                                crs=4545)
    udb = gpd.GeoDataFrame({"NAME": ["城镇开发边界"]}, geometry=[shapely.box(X0 - 10, Y0 - 10, X0 + 400, Y0 + 400)], crs=4545)
    park = gpd.GeoDataFrame({"NAME": ["园区"]}, geometry=[shapely.box(X0 - 10, Y0 - 10, X0 + 480, Y0 + 250)], crs=4545)
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.add_layer(VectorLayer("生态保护红线", red, role=Role.ECO_REDLINE))
    project.add_layer(VectorLayer("永久基本农田", farmland, role=Role.FARMLAND))
    project.add_layer(VectorLayer("城镇开发边界", udb, role=Role.UDB))
    project.add_layer(VectorLayer("园区范围", park, role=Role.PARK))
    project.save()
    return path


def test_the_database_check_agrees_with_the_desktop_engine_parcel_by_parcel(postgis_server, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.cli.main import run_cli
    from parkgis.core.store.postgis import check_in_database, publish_project

    path = build(tmp_path)
    out = tmp_path / "desktop.json"
    assert run_cli(["check", str(path), "--format", "json", "-o", str(out)]) == 0
    desktop = {p["id"]: p for p in json.loads(out.read_text(encoding="utf-8"))["parcels"]}
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema=f"check_{os.getpid()}")
    publish_project(path, url)
    project = Project.open(url)
    names = project.layer("地块").gdf["DKBH"].to_dict()
    database = check_in_database(project.store)
    project.close()
    assert len(database) == len(desktop) == 14
    rules_seen = set()
    for fid, got in database.items():
        want = desktop[names[fid]]
        assert got["status"] == want["status"], names[fid]
        want_areas = {c["rule"]: c["area_m2"] for c in want["conflicts"] if c["rule"] != "invalid_geometry"}
        assert got["conflicts"].keys() == want_areas.keys(), names[fid]
        for rule, area in want_areas.items():
            assert got["conflicts"][rule] == pytest.approx(area, abs=0.01), (names[fid], rule)
        want_slivers = sorted((s["rule"], round(s["area_m2"], 2)) for s in want["slivers"])
        got_slivers = sorted((r, round(a, 2)) for r, items in got["slivers"].items() for a, _w in items)
        assert got_slivers == want_slivers, names[fid]
        rules_seen |= want_areas.keys() | {s["rule"] for s in want["slivers"]}
    assert rules_seen == {"eco_redline", "farmland", "outside_udb", "outside_park", "parcel_overlap"}
    assert sum(len(p["slivers"]) for p in desktop.values()) >= 1       # the 5 cm strip
    assert [names[fid] for fid, got in database.items() if got["invalid_geometry"]] == ["A-14"]   # the bow-tie
    statuses = {p["status"] for p in desktop.values()}
    assert statuses == {"prohibited", "constrained", "compliant"}
