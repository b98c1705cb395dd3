"""A polygon of one repeated point, or of points on one line, through every command that measures
parcels (issue 9 item 12): one clear line or a finding, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import geopandas as gpd
import pytest
import shapely
from shapely import box

SPOT = shapely.Polygon([(37_500_000, 4_400_000)] * 4)


def run(*argv):
    return subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True,
                          env={**os.environ, "PARKGIS_LANG": "en"}, timeout=120)


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    path = tmp_path_factory.mktemp("degenerate") / "dk.gpkg"
    gpd.GeoDataFrame({"DKBH": ["A1", "A2"]}, geometry=[SPOT, box(37_500_100, 4_400_100, 37_500_200, 4_400_200)],
                     crs=4525).to_file(path, layer="dk")
    return path


def test_check_reports_the_spot_as_an_invalid_geometry(gpkg):
    r = run("check", "--parcels", gpkg)
    assert "Traceback" not in r.stderr
    parcels = {p["id"]: p for p in json.loads(r.stdout)["parcels"]}
    spot = parcels["A1"]
    assert (spot["area_m2"], spot["ellipsoidal_area_m2"]) == (0.0, 0.0)
    assert [c["rule"] for c in spot["conflicts"] if c["rule"] == "invalid_geometry"] == ["invalid_geometry"]
    assert parcels["A2"]["ellipsoidal_area_m2"] == pytest.approx(10_000.0, rel=1e-4)


@pytest.mark.parametrize("argv", [
    lambda g, o: ["boundary-points", g, "-o", o / "out.csv"],
    lambda g, o: ["convert", g, o / "out.txt"],
], ids=["boundary-points", "convert-to-coordinate-txt"])
def test_writers_refuse_the_spot_in_one_line(gpkg, tmp_path, argv):
    r = run(*argv(gpkg, tmp_path))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "feature A1: the outer ring has 1 distinct point(s); a parcel boundary needs at least 3" in r.stderr
    assert not list(tmp_path.iterdir())


def test_info_names_the_polygon_without_area(gpkg):
    r = run("info", gpkg)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "1 polygon(s) have no area: all their points lie on one spot or one line (first: feature 0)" in r.stdout
