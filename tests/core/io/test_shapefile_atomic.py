"""A shapefile write is all or nothing (issue 9 item 2): a write killed at any point leaves on disk
parts of one generation only (never the new .shp beside the old .dbf), the next read or write
finishes or discards it, and the temporaries of killed runs are removed.

The kills are real (SIGKILL of a forked writer): once at every step that changes the folder, and at
random moments of a write in progress."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from parkgis.core import fsutil
from parkgis.core.fsutil import SHAPEFILE_SET
from parkgis.core.io import read_layers, write_layers
from parkgis.core.layers import VectorLayer

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def layer(n: int, crs: int) -> VectorLayer:
    x = np.arange(n) * 10.0 + 500_000
    return VectorLayer("o", gpd.GeoDataFrame({"n": np.arange(n), "MC": [f"地块{i}" for i in range(n)]},
                                             geometry=shapely.box(x, 4_400_000, x + 5, 4_400_005), crs=crs))


OLD, NEW = (3, 4545), (5, 4546)
STALE_INDEX = b"a spatial index of the old set"


def parts(folder: Path) -> dict[str, bytes]:
    return {p.name.lower(): p.read_bytes() for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in SHAPEFILE_SET}


@pytest.fixture
def generations(tmp_path):
    """The bytes of the old and of the new set, written once each in folders of their own."""
    out = {}
    for name, (n, crs), encoding in (("old", OLD, "GBK"), ("new", NEW, "UTF-8")):
        folder = tmp_path / f"ref_{name}"
        folder.mkdir()
        write_layers([layer(n, crs)], folder / "o.shp", encoding=encoding)
        out[name] = parts(folder)
    assert out["old"].keys() == out["new"].keys() and all(out["old"][k] != out["new"][k] for k in out["old"])
    out["old"]["o.qix"] = STALE_INDEX   # a part only the old set has: the new write must remove it
    return out


def fresh_target(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    write_layers([layer(*OLD)], folder / "o.shp", encoding="GBK")
    (folder / "o.qix").write_bytes(STALE_INDEX)
    return folder / "o.shp"


def killed_write(target: Path, *, at: int | None = None, after: float | None = None) -> int:
    """Fork a writer of the new set onto ``target`` and SIGKILL it before its ``at``-th change of the
    folder (a rename, the set marker, a removal) or ``after`` seconds. Returns the number of changes
    the writer reached (a writer that finished exits 0 instead)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:   # the writer
        os.close(read_end)
        steps = 0

        def step(real):
            def wrapped(*args, **kwargs):
                nonlocal steps
                steps += 1
                os.write(write_end, b".")
                if at is not None and steps == at:
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(*args, **kwargs)
            return wrapped

        if at is not None:
            os.rename = step(os.rename)
            os.replace = step(os.replace)
            Path.touch = step(Path.touch)
            Path.rmdir = step(Path.rmdir)
            fsutil.shutil.rmtree = step(shutil.rmtree)
        try:
            write_layers([layer(*NEW)], target, encoding="UTF-8")
        finally:
            os._exit(0)
    os.close(write_end)
    if after is not None:
        time.sleep(after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    reached = 0
    while chunk := os.read(read_end, 1024):
        reached += len(chunk)
    os.close(read_end)
    return reached if os.WIFSIGNALED(status) else -1


def assert_one_generation(folder: Path, generations) -> str | None:
    """What the folder holds before any recovery: parts of one generation only, complete whenever
    the .shp is there. Returns that generation (None when no part is there)."""
    found = parts(folder)
    kinds = {name for name, ref in generations.items() if found and all(ref.get(k) == v for k, v in found.items())}
    if not found:
        return None
    assert kinds, f"old and new parts mixed: {sorted(found)}"
    kind = kinds.pop()
    if "o.shp" in found:
        assert found.keys() == generations[kind].keys(), f"a .shp without its set: {sorted(found)}"
    return kind


def assert_recovered(target: Path, generations, expect: str | None = None) -> str:
    layers = read_layers(target)   # the read finishes or discards the interrupted write
    kind = "new" if len(layers[0].gdf) == NEW[0] else "old"
    assert len(layers[0].gdf) == {"old": OLD[0], "new": NEW[0]}[kind]
    assert parts(target.parent) == generations[kind]
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []   # no temporaries left
    assert kind == "new" or (target.parent / "o.qix").exists()
    if expect is not None:
        assert kind == expect
    return kind


def test_a_write_killed_at_every_step(tmp_path, generations):
    outcomes = []
    for steps in range(1, 100):
        target = fresh_target(tmp_path)
        reached = killed_write(target, at=steps)
        if reached == -1:   # the writer got through every step
            break
        assert reached == steps
        assert_one_generation(target.parent, generations)
        outcomes.append(assert_recovered(target, generations))
    # the first step is the commit (the finished set renamed into place): killed before it, the old
    # set stays; killed at any later step, the write is completed
    assert outcomes[0] == "old" and set(outcomes[1:]) == {"new"} and len(outcomes) > 8


def test_the_next_write_completes_or_discards_a_killed_one(tmp_path, generations):
    for at in (1, 2, 5, 9):
        target = fresh_target(tmp_path)
        killed_write(target, at=at)
        write_layers([layer(7, 4545)], target)   # no read in between: the writer recovers first
        assert len(read_layers(target)[0].gdf) == 7
        assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []


def test_writes_killed_at_random_moments(tmp_path, generations):
    rng = random.Random(9)
    target = fresh_target(tmp_path)
    start = time.perf_counter()
    killed_write(target, after=None)
    duration = time.perf_counter() - start
    for _ in range(12):
        target = fresh_target(tmp_path)
        killed_write(target, after=rng.uniform(0, duration * 1.2))
        assert_one_generation(target.parent, generations)
        assert_recovered(target, generations)


def test_temporaries_of_live_writers_are_kept(tmp_path):
    """A temporary whose process still runs may be a write in progress: only the dead are removed."""
    dead = tmp_path / f".o{fsutil.TEMP_MARK}999999999-abc.csv"
    legacy = tmp_path / f".o{fsutil.TEMP_MARK}abcdefgh.csv"
    live = tmp_path / f".o{fsutil.TEMP_MARK}{os.getppid()}-abc.csv"
    for p in (dead, legacy, live):
        p.write_text("x")
    fsutil.remove_stale_temporaries(tmp_path, "o")
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name]
