"""The wheel ships resources/ as parkgis.resources (DESIGN §1)."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_contains_package_and_resources(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("parkgis-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "parkgis/core/project.py" in names and "parkgis/__main__.py" in names
    assert "parkgis/resources/__init__.py" in names
    shipped = {n.split("/")[2] for n in names if n.startswith("parkgis/resources/") and n.count("/") >= 3}
    on_disk = {p.name for p in (REPO / "resources").iterdir() if p.is_dir() and any(p.iterdir())}
    assert on_disk <= shipped, on_disk - shipped
    assert not any(n.startswith(("tests/", "layers/", "benchmarks/")) for n in names)
