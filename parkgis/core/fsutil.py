"""Atomic file replacement: write aside, fsync, then replace — a crash never leaves half a file."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

TEMP_MARK = ".parkgis-tmp-"


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be fsynced
        fsync_path(path)


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success fsync it and ``os.replace`` it onto
    ``target``. On any exception the temporary file is removed and ``target`` is untouched.

    The temporary name keeps the extension so that GDAL picks the right driver.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}{TEMP_MARK}", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL drivers want to create the file themselves
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(f"nothing was written to {tmp}")
        fsync_path(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


@contextlib.contextmanager
def atomic_output_dir(target: str | os.PathLike[str], sidecar_suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Like :func:`atomic_output` for multi-file formats (a shapefile and its .dbf/.shx/.prj/.cpg):
    the files are written into a private temporary folder, then each is moved into place. Old
    sidecars that the new write did not produce (e.g. a stale .cpg) are removed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmpdir = Path(tempfile.mkdtemp(prefix=f".{target.stem}{TEMP_MARK}", dir=target.parent))
    try:
        yield tmpdir / target.name
        produced = {p.suffix.lower(): p for p in tmpdir.iterdir()}
        if target.suffix.lower() not in produced:
            raise FileNotFoundError(f"nothing was written for {target}")
        for p in produced.values():
            fsync_path(p)
        for suffix in sidecar_suffixes:
            old = target.with_suffix(suffix)
            if suffix not in produced and old.exists():
                old.unlink()
        for suffix, p in produced.items():
            os.replace(p, target.with_suffix(suffix))
        fsync_dir(target.parent)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def remove_stale_temporaries(folder: str | os.PathLike[str], stem: str) -> list[Path]:
    """Remove temporaries a crashed save left beside ``stem`` in ``folder``; return what was removed."""
    removed = []
    for p in Path(folder).glob(f".{stem}{TEMP_MARK}*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p)
    return removed
