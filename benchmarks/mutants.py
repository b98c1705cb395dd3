"""Hand-written mutants of parkgis's core rules: does the suite catch the one-line bugs it should?

Each mutant is one small, plausible bug (a file, the exact original text, its replacement) and the
tests that must catch it. The script copies the source tree once into a temporary folder (never
touching the working tree), applies one mutant at a time there, runs the named tests with
``python -m pytest`` against the copy, and prints ``killed`` (a test failed) or ``SURVIVED`` per
mutant and a total. Exit status 1 if any mutant survived.

    python benchmarks/mutants.py                    # every mutant, against this tree
    python benchmarks/mutants.py kcxs csv           # the mutants whose name contains a word
    python benchmarks/mutants.py --tree ../main     # the same mutants against another checkout
    python benchmarks/mutants.py --list

``--tree`` runs only the listed tests that exist in that checkout: pointed at a commit before the
tests that kill a mutant were written, it shows the mutant surviving there (issue 16's audit).

Why hand-written mutants and not a mutation tool: mutmut (3.x) and cosmic-ray are on PyPI and
well kept, but both generate mutants mechanically (swap an operator, change a constant, drop a
call) over whole modules: thousands of mutants for ``core/`` alone, most equivalent or killed by
any test, each needing a test run — hours on the two shared cores here, for a report nobody reads
twice. The bugs this script keeps are the ones a person makes and the suite once missed (forget the
patches already counted, attribute a sliver to the wrong parcel, skip an fsync, trust a ``.cpg``):
domain-level, sometimes not expressible as one operator swap, each tied to the test that kills
it. The list is a regression suite for the tests themselves and runs in a few minutes. A tool is
the right choice for a one-off sweep of one module (``mutmut run`` with ``paths_to_mutate`` set to
it) to look for new blind spots; what it finds that matters belongs in this list.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SKIP = {".git", ".venv", ".venv-nogui", "build", "dist", "__pycache__", ".pytest_cache", ".ruff_cache",
        ".mypy_cache", "parkgis.egg-info"}


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str            # path in the repository
    original: str        # exact text, found exactly once in the file
    replacement: str
    tests: tuple[str, ...]
    why: str


MUTANTS = [
    # ---- issue 16's table
    Mutant("kcxs-forget-counted-patches", "parkgis/core/analysis/engine.py",
           "taken = piece if taken is None else shapely.union(taken, piece)", "taken = piece",
           ("tests/core/analysis/test_check_oracles.py", "tests/core/analysis/test_check_engine.py"),
           "three overlapping farmland patches: the third is deducted again (net > gross)"),
    Mutant("outside-sliver-wrong-parcel", "parkgis/core/analysis/engine.py",
           "slivers = {int(targets[k]): v for k, v in remap.items()}", "slivers = remap",
           ("tests/core/analysis/test_check_oracles.py", "tests/core/analysis/test_check_engine.py"),
           "an outside_udb / outside_park sliver keyed by position among the crossing parcels"),
    Mutant("encoding-cpg-beats-valid-utf8", "parkgis/core/io/encoding.py",
           'if utf8_text and codec != "UTF-8":', 'if utf8_text and codec != "UTF-8" and not cpg_said:',
           ("tests/core/io/test_io_oracles.py", "tests/core/io/test_encoding.py"),
           "a .cpg saying GBK obeyed although the text is valid UTF-8"),
    Mutant("atomic-save-no-fsync", "parkgis/core/fsutil.py",
           "        fsync_path(tmp)\n", "",
           ("tests/core/test_fsutil_durability.py", "tests/core/test_project.py"),
           "the temporary file is renamed over the target before its data reached the disk"),
    Mutant("shapefile-stale-uppercase-cpg", "parkgis/core/fsutil.py",
           "and p.name[len(stem):].lower() in SHAPEFILE_SET]", "and p.name[len(stem):] in SHAPEFILE_SET]",
           ("tests/core/io/test_io_oracles.py", "tests/core/io/test_shapefile_atomic.py"),
           "an overwrite leaves the old set's O.CPG beside the new o.cpg"),
    Mutant("coordtxt-close-by-id-only", "parkgis/core/io/coordtxt.py",
           "(pt.point_id == ring[0].point_id or (pt.x, pt.y) == (ring[0].x, ring[0].y))",
           "pt.point_id == ring[0].point_id",
           ("tests/core/io/test_io_oracles.py", "tests/core/io/test_coordtxt.py"),
           "a ring closed by its first coordinates under a new point id is reported open"),
    Mutant("coordtxt-ring-change-taken-as-closed", "parkgis/core/io/coordtxt.py",
           "if ring and pt.ring_no != ring[0].ring_no:\n            rings.append((ring, False))",
           "if ring and pt.ring_no != ring[0].ring_no:\n            rings.append((ring, True))",
           ("tests/core/io/test_io_oracles.py", "tests/core/io/test_coordtxt.py"),
           "an unclosed ring before a 圈号 change is closed without a warning"),
    Mutant("csv-plus-unguarded", "parkgis/core/report/cells.py",
           '_CSV_LEADS = ("=", "+", "-", "@", "\\t", "\\r")', '_CSV_LEADS = ("=", "-", "@", "\\t", "\\r")',
           ("tests/core/report/test_cells.py", "tests/core/report/test_boundary_points.py"),
           "a CSV field +cmd|' /C calc'!A0 written as a live formula"),
    Mutant("csv-negative-numbers-guarded", "parkgis/core/report/cells.py",
           "value.startswith(_CSV_LEADS) and not _is_number(value)", "value.startswith(_CSV_LEADS)",
           ("tests/core/report/test_cells.py", "tests/core/report/test_boundary_points.py"),
           "-12.5 becomes the text '-12.5 in a CSV"),
    Mutant("ellipsoidal-area-no-densify", "parkgis/core/area.py",
           "dense[extent] = shapely.segmentize(rings[extent], max_segment_m)", "dense[extent] = rings[extent]",
           ("tests/core/test_area.py", "tests/core/test_measure.py"),
           "椭球面积 from the vertices only: GK's straight edges are not followed on the ellipsoid"),
    # ---- newer code (the editing issues)
    Mutant("validation-sliver-overlap-both-tolerances", "parkgis/core/editing/validation.py",
           "            if area < min_area or width < min_width:\n                out.append(Finding(\"sliver_overlap\"",
           "            if area < min_area and width < min_width:\n                out.append(Finding(\"sliver_overlap\"",
           ("tests/core/editing/test_validation.py", "tests/core/editing/test_editing_oracles.py"),
           "a 5 m² overlap 5 cm wide reported as an overlap to clip, not as a sliver (width tolerance ignored)"),
    Mutant("validation-gap-against-nobody", "parkgis/core/editing/validation.py",
           "if touching and (area < min_area or width < min_width):", "if area < min_area or width < min_width:",
           ("tests/core/editing/test_editing_oracles.py", "tests/core/editing/test_validation.py",
            "tests/core/editing/test_geometry_editing.py"),
           "a sliver the edit leaves is called a gap although it touched no neighbour"),
    Mutant("topology-shared-vertex-either-axis", "parkgis/core/editing/topology.py",
           "return (np.abs(coords[:, 0] - x) <= tol) & (np.abs(coords[:, 1] - y) <= tol)",
           "return (np.abs(coords[:, 0] - x) <= tol) | (np.abs(coords[:, 1] - y) <= tol)",
           ("tests/core/editing/test_editing_oracles.py", "tests/core/editing/test_topology.py",
            "tests/core/editing/test_validation.py", "tests/core/editing/test_geometry_editing.py",
            "tests/mapview/test_edit_tools.py"),
           "a topological move drags every vertex on the same grid line, not only the shared one"),
    Mutant("topology-move-only-x", "parkgis/core/editing/topology.py",
           "moved[hit, 0], moved[hit, 1] = float(new[0]), float(new[1])", "moved[hit, 0] = float(new[0])",
           ("tests/core/editing/test_editing_oracles.py", "tests/core/editing/test_topology.py",
            "tests/core/editing/test_validation.py", "tests/core/editing/test_geometry_editing.py",
            "tests/mapview/test_edit_tools.py"),
           "the neighbour's shared vertex follows the move in x only"),
]


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP or n.endswith(".pyc")}


def copy_tree(src: Path, dst: Path) -> Path:
    tree = dst / "tree"
    shutil.copytree(src, tree, ignore=_ignore, symlinks=True)
    # the tests find the real data beside the clone (tests/conftest.py: REPO.parent / "shared")
    shared = src.parent / "shared"
    if shared.is_dir():
        (dst / "shared").symlink_to(shared)
    return tree


def run_tests(tree: Path, tests: list[str], timeout: float) -> tuple[str, float, str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "killed (timeout)", time.perf_counter() - start, ""
    took = time.perf_counter() - start
    tail = (proc.stdout.strip().splitlines() or [""])[-1]
    if proc.returncode == 0:
        return "SURVIVED", took, tail
    if proc.returncode in (1,):
        return "killed", took, tail
    return f"error (pytest exit {proc.returncode})", took, tail or proc.stderr.strip()[-300:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("words", nargs="*", help="run only the mutants whose name contains one of these")
    ap.add_argument("--tree", type=Path, default=REPO, help="the checkout to mutate (default: this one)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds per mutant (a hang counts as killed)")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.words or any(w in m.name for w in args.words)]
    if args.list:
        for m in chosen:
            print(f"{m.name:42s} {m.file}\n{'':42s} {m.why}")
        return 0
    src = args.tree.resolve()
    with tempfile.TemporaryDirectory(prefix="parkgis-mutants-") as tmp:
        tree = copy_tree(src, Path(tmp))
        check = subprocess.run([sys.executable, "-c", "import parkgis; print(parkgis.__file__)"], cwd=tree,
                               env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True, text=True)
        if not check.stdout.strip().startswith(str(tree)):
            print(f"the copy's parkgis is not the one imported ({check.stdout.strip() or check.stderr.strip()})")
            return 2
        survived = errors = 0
        for m in chosen:
            path = tree / m.file
            text = path.read_text(encoding="utf-8")
            count = text.count(m.original)
            if count != 1:
                print(f"{m.name:42s} NOT APPLIED: the original text occurs {count} times in {m.file}")
                errors += 1
                continue
            tests = [t for t in m.tests if (tree / t.split("::")[0]).exists()]
            if not tests:
                print(f"{m.name:42s} no tests of the list exist in {src}")
                errors += 1
                continue
            path.write_text(text.replace(m.original, m.replacement), encoding="utf-8")
            try:
                verdict, took, tail = run_tests(tree, tests, args.timeout)
            finally:
                path.write_text(text, encoding="utf-8")
            survived += verdict == "SURVIVED"
            errors += verdict.startswith("error")
            print(f"{m.name:42s} {verdict:18s} {took:6.1f} s  {tail}", flush=True)
        total = len(chosen)
        print(f"\n{total - survived - errors} of {total} mutants killed, {survived} survived"
              + (f", {errors} not run or errored" if errors else ""))
        return 1 if survived or errors else 0


if __name__ == "__main__":
    sys.exit(main())
