"""The CLI's output stays well-formed when a number cannot be computed (strict JSON, issue 9
item 10), library warnings do not reach the terminal, and a reader that goes away (``| head -1``)
ends the run quietly (item 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely import box

from parkgis.core.area import ellipsoidal_area

# EPSG:4546 is the 3° zone of 111°E *without* zone prefix: an easting of 37 500 000 m lies far outside
# the projection's domain, where PROJ gives infinite longitudes
FAR = box(37_500_000, 4_400_000, 37_500_100, 4_400_100)
NEAR = box(500_000, 4_400_000, 500_100, 4_400_100)

COORDTXT = """[属性描述]
坐标系=2000国家大地坐标系
几度分带=3
投影类型=高斯克吕格
计量单位=米
带号=37
精度=0.001
[地块坐标]
5,1,A-1,测试,面,,,,@
J1,1,4400000.000,37500000.000
J2,1,4400000.000,37500100.000
J3,1,4400100.000,37500100.000
J4,1,4400100.000,37500000.000
J1,1,4400000.000,37500000.000
5,1,A-2,远,面,,,,@
J1,1,4400000.000,99500000.000
J2,1,4400000.000,99500100.000
J3,1,4400100.000,99500100.000
J4,1,4400100.000,99500000.000
J1,1,4400000.000,99500000.000
"""


def strict_json(text: str):
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


def run_process(*argv, env=None):
    return subprocess.run([sys.executable, "-m", "parkgis", *map(str, argv)], capture_output=True, text=True,
                          env={**os.environ, "PARKGIS_LANG": "en", **(env or {})})


def assert_quiet_stderr(stderr: str, command: str) -> None:
    for line in stderr.strip().splitlines():
        assert line.startswith(f"parkgis {command}: "), line   # only our own one-line messages
    assert "Warning" not in stderr and "site-packages" not in stderr and "Traceback" not in stderr


def test_ellipsoidal_area_outside_the_crs_domain_is_nan_without_warnings():
    # warnings are errors under pytest: numpy's "invalid value encountered in sin" would fail here
    areas = ellipsoidal_area([FAR, NEAR, None], 4546)
    assert np.isnan(areas[0]) and areas[1] == pytest.approx(10_000, rel=1e-3) and areas[2] == 0.0


def test_the_check_engine_gives_no_area_rather_than_zero():
    from parkgis.core.analysis.engine import ellipsoidal_areas
    from parkgis.core.crs import to_crs

    areas = ellipsoidal_areas(np.array([FAR, NEAR], dtype=object), to_crs(4546))
    assert np.isnan(areas[0]) and areas[1] == pytest.approx(10_000, rel=1e-3)


@pytest.fixture
def far_parcels(tmp_path):
    path = tmp_path / "far.gpkg"
    gpd.GeoDataFrame({"DKBH": ["FAR", "NEAR"]}, geometry=[FAR, NEAR], crs=4546).to_file(path)
    return path


@pytest.mark.parametrize("mode", ["stdout", "file"])
def test_check_of_coordinates_no_crs_can_hold_is_one_line_not_nan(far_parcels, tmp_path, mode):
    """Coordinates that are no place in their CRS (where the ellipsoidal area would be NaN) are
    refused on read (issue 9 item 4) with one line naming the file: never NaN, never 0."""
    out = tmp_path / "out.json"
    result = run_process("check", "--parcels", far_parcels, "--format", "json",
                         *(["-o", out] if mode == "file" else []))
    assert result.returncode == 1
    assert result.stdout == "" and not out.exists()
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"parkgis check: error: {far_parcels} (layer far): the coordinates")
    assert_quiet_stderr(result.stderr, "check")


def test_the_check_json_of_an_uncomputable_area_is_null_with_a_note():
    from parkgis.core.analysis.results import CheckResult, ParcelResult
    from parkgis.core.report import result_json

    result = CheckResult(crs="EPSG:4546", min_area=0.0, min_width=0.0,
                         parcels=[ParcelResult("FAR", None, 10_000.0, float("nan"))])
    for text in (result_json(result, indent=2), result.to_json_text()):
        doc = strict_json(text)
        assert doc["parcels"][0]["ellipsoidal_area_m2"] is None


def test_validate_json_is_strict_and_names_the_parcel(tmp_path):
    txt = tmp_path / "far.txt"
    txt.write_text(COORDTXT, encoding="utf-8")
    result = run_process("validate", "--json", txt)
    doc = strict_json(result.stdout)
    assert doc["parcels"][0]["ellipsoidal_area_m2"] is None and doc["parcels"][0]["area_m2"] == 10_000.0
    finding = next(f for f in doc["findings"] if f["code"] == "ellipsoidal_area_unavailable")
    assert finding["parcel"] == "A-1" and "outside the range" in finding["message"]
    assert_quiet_stderr(result.stderr, "validate")
    text = run_process("validate", txt)
    assert "A-1: the ellipsoidal area cannot be computed" in text.stdout
    assert_quiet_stderr(text.stderr, "validate")


WARN = ("import sys, warnings; sys.argv = ['parkgis', 'info', '--version']; "
        "from parkgis.cli import route_python_warnings; route_python_warnings(); "
        "warnings.warn('invalid value encountered in sin', RuntimeWarning)")


def test_library_warnings_go_to_the_log_not_the_terminal():
    quiet = subprocess.run([sys.executable, "-c", WARN], capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if k != "PARKGIS_DEBUG"})
    assert quiet.returncode == 0 and quiet.stderr == ""
    shown = subprocess.run([sys.executable, "-c", WARN], capture_output=True, text=True,
                           env={**os.environ, "PARKGIS_DEBUG": "1"})
    assert shown.stderr.startswith("parkgis: debug: ") and "invalid value encountered in sin" in shown.stderr


@pytest.fixture(scope="module")
def many_parcels(tmp_path_factory):
    path = tmp_path_factory.mktemp("many") / "many.gpkg"
    x = np.arange(4000) * 20.0 + 500_000
    gpd.GeoDataFrame({"DKBH": [f"A{i}" for i in range(4000)]},
                     geometry=shapely.box(x, 4_400_000, x + 10, 4_400_010), crs=4545).to_file(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "json", "html"])
def test_piped_into_head_ends_quietly(many_parcels, fmt):
    """A real pipe into ``head -1``: the output (≈ 1 MB) is far more than the pipe holds, so the
    writer meets the closed pipe. No traceback, no "Exception ignored", no "I/O operation on closed
    file"; exit 141 as a Unix tool killed by SIGPIPE, or 0 if the output fit before head left."""
    producer = subprocess.Popen([sys.executable, "-m", "parkgis", "check", "--parcels", str(many_parcels),
                                 "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "PARKGIS_LANG": "en"})
    # compact JSON is one line: head takes its first 200 bytes instead
    head = subprocess.run(["head", "-c", "200"] if fmt == "json" else ["head", "-1"], stdin=producer.stdout,
                          capture_output=True)
    producer.stdout.close()
    stderr = producer.stderr.read().decode()
    producer.stderr.close()
    code = producer.wait(timeout=120)
    assert head.returncode == 0 and head.stdout
    assert code in (0, 141), stderr
    assert "closed file" not in stderr and "Exception ignored" not in stderr
    assert_quiet_stderr(stderr, "check")
    if fmt == "csv":
        assert code == 141 and head.stdout.decode("utf-8").startswith("地块编号")
