"""File safety: atomic replacement (write aside, fsync, then replace — a crash never leaves half a
file), all-or-nothing shapefile sets, and the guard that keeps every command from writing over a
file it reads or over a project it was not asked to save."""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import DataError, UsageError

TEMP_MARK = ".parkgis-tmp-"

#: the files of one shapefile dataset, matched case-insensitively after the stem (GDAL opens
#: ``dk.DBF`` beside ``dk.shp``); ``.shp.xml`` is the ArcGIS metadata of the same dataset
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qpj", ".sbn", ".sbx", ".qix", ".fbn", ".fbx",
                   ".ain", ".aih", ".atx", ".ixs", ".mxs", ".shp.xml")
#: files SQLite keeps beside a database (a GeoPackage) while it is open or after a crash
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


# --------------------------------------------------------------------------- what a dataset is made of

def _shapefile_stem(path: Path) -> str | None:
    name = path.name
    for part in sorted(SHAPEFILE_PARTS, key=len, reverse=True):
        if name.lower().endswith(part) and len(name) > len(part):
            return name[: -len(part)]
    return None


def dataset_files(path: str | os.PathLike[str]) -> list[Path]:
    """Every file that belongs to the dataset at ``path`` and exists: a shapefile's parts (whichever
    part was named, letter case ignored), a GeoPackage with its SQLite companions, a folder (a FileGDB) as the folder."""
    path = Path(path)
    files = [path] if path.exists() else []
    stem = _shapefile_stem(path)
    if stem is not None and path.parent.is_dir():
        # the stem in any letter case, as the shapefile reader finds its parts (io.encoding.sidecar)
        files += [p for p in path.parent.iterdir() if p != path and p.name.lower().startswith(stem.lower())
                  and p.name[len(stem):].lower() in SHAPEFILE_PARTS]
    elif path.suffix.lower() in (".gpkg", ".sqlite", ".db"):
        files += [p for p in (Path(f"{path}{c}") for c in SQLITE_COMPANIONS) if p.exists()]
    return files


def _planned_outputs(path: Path) -> list[Path]:
    """The files a write of ``path`` creates, replaces or removes (existing or not)."""
    stem = _shapefile_stem(path)
    if stem is not None and path.name.lower().endswith(".shp"):
        return [path.parent / f"{stem}{part}" for part in SHAPEFILE_PARTS] + dataset_files(path)
    if path.suffix.lower() == ".gpkg":
        return [path] + [Path(f"{path}{c}") for c in SQLITE_COMPANIONS]
    return [path]


def _identities(path: Path) -> set[tuple]:
    """Keys under which two names are one file: the resolved path and, for an existing file, its
    (device, inode) — which also catches hard links and case-insensitive file systems."""
    keys: set[tuple] = {("path", os.path.normcase(os.path.realpath(path)))}
    with contextlib.suppress(OSError):
        st = os.stat(path)
        keys.add(("inode", st.st_dev, st.st_ino))
    return keys


def is_project_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a parkgis project (a GeoPackage with the parkgis tables)."""
    path = Path(path)
    try:
        if not path.is_file():
            return False
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name IN "
                           "('parkgis_layers', 'parkgis_project')").fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        con.close()


# --------------------------------------------------------------------------- guards

def require_readable(path: str | os.PathLike[str]) -> Path:
    """Refuse, before anything opens it, an input that is not a regular file or a folder: a named
    pipe (FIFO) or a device would block a reader forever. A missing path is left to the caller."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise DataError(path, f"cannot be read: {exc.strerror or exc}") from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise DataError(path, "not a regular file (a named pipe, device or socket); give a file")
    return path


def require_readable_dataset(path: str | os.PathLike[str]) -> Path:
    """:func:`require_readable` for ``path`` and every other file of its dataset (a shapefile's .dbf)."""
    for part in [Path(path), *dataset_files(path)]:
        require_readable(part)
    return Path(path)


def check_output_target(out: str | os.PathLike[str], *, allow_project: bool = False) -> Path:
    """Refuse an output that is a folder, not a regular file, or (unless ``allow_project``) a
    parkgis project: a project is replaced only by saving it."""
    out = Path(out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder; give a file name")
    if out.exists() and not out.is_file():
        raise UsageError(f"{out} is not a regular file (a named pipe, device or socket); give a file name")
    if not allow_project and is_project_file(out):
        raise UsageError(f"{out} is a parkgis project: it is replaced only by saving the project; "
                         "choose another output file")
    return out


def guard_outputs(outputs: Iterable[str | os.PathLike[str]], inputs: Iterable[str | os.PathLike[str]], *,
                  allow_project: bool = False) -> None:
    """The one guard every writing command runs before it reads anything: no output may be (or,
    for a shapefile, share a part with) any file the command reads — compared by resolved path
    and by inode, the parts of shapefiles on both sides — and no output may be a folder or an
    existing project (unless ``allow_project``: the command was asked to save that project).

    Raises :class:`UsageError` naming the output and the input it would destroy."""
    inputs = [Path(p) for p in inputs if p is not None]
    for out in (Path(p) for p in outputs if p is not None):
        out_keys = set().union(*(_identities(p) for p in _planned_outputs(out)))
        out_real = os.path.realpath(out)
        for source in inputs:
            for part in dataset_files(source) or [source]:
                if part.is_dir():
                    folder = os.path.realpath(part)
                    if out_real == folder or out_real.startswith(folder.rstrip(os.sep) + os.sep):
                        raise UsageError(f"{out} lies inside {part}, which this command reads; "
                                         "choose another output file")
                elif _identities(part) & out_keys:
                    if part == source:
                        raise UsageError(f"{out} would overwrite {part}, which this command reads; "
                                         "choose another output file")
                    raise UsageError(f"{out} would overwrite {part}, a part of the input {source}; "
                                     "choose another output file")
        check_output_target(out, allow_project=allow_project)


def _write_error(target: Path, exc: OSError) -> DataError:
    """An OS refusal to create or replace ``target`` (read-only folder or medium, no space, ...) as
    one line naming the file; root ignores permission bits, so EROFS/EACCES come only from the OS."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return DataError(target, f"cannot be written: permission denied in the folder {target.parent}")
    if exc.errno == errno.EROFS:
        return DataError(target, "cannot be written: the file system is read-only")
    if exc.errno == errno.ENOSPC:
        return DataError(target, "cannot be written: no space left on the device")
    if exc.errno == errno.EISDIR:
        return DataError(target, "cannot be written: it is a folder")
    return DataError(target, f"cannot be written: {exc.strerror or exc}")


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
def atomic_output(target: str | os.PathLike[str], *, replace_project: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success fsync it and ``os.replace`` it onto
    ``target``. On any exception the temporary file is removed and ``target`` is untouched.
    A folder, a non-regular file or (unless ``replace_project``: the project is being saved) a
    parkgis project is refused as ``target`` before anything is written.

    The temporary name keeps the extension so that GDAL picks the right driver.
    """
    target = check_output_target(target, allow_project=replace_project)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            remove_stale_temporaries(target.parent, target.stem)
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise _write_error(target, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL drivers want to create the file themselves
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(f"nothing was written to {tmp}")
        fsync_path(tmp)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise _write_error(target, exc) from None
        fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


#: the parts a shapefile write replaces as one set (the ArcGIS .shp.xml metadata is left alone)
SHAPEFILE_SET = tuple(part for part in SHAPEFILE_PARTS if part != ".shp.xml")
_SET_COMPLETE = ".parkgis-set-complete"   # in the old-set folder: every old part has been moved aside


def _swap_folders(target: Path) -> tuple[Path, Path]:
    """(the complete new set, the old set moved aside) of a shapefile write of ``target``."""
    return target.parent / f".{target.stem}.parkgis-new", target.parent / f".{target.stem}.parkgis-old"


def _set_members(target: Path) -> list[Path]:
    """The parts of ``target``'s shapefile in its folder (the suffix in any letter case), .shp first."""
    stem = target.stem
    found = [p for p in target.parent.iterdir() if p.is_file() and p.name.startswith(stem)
             and p.name[len(stem):].lower() in SHAPEFILE_SET]
    return sorted(found, key=lambda p: p.suffix.lower() != ".shp")


def _complete_swap(target: Path) -> None:
    """Bring the new set in from its folder (the write's commit point was renaming it there).

    The old parts go aside with the .shp first and the new ones come in with the .shp last: at
    every moment a reader that finds the .shp finds beside it a complete set of one generation.
    Each step can be repeated, so an interrupted swap is finished by running this again."""
    new, old = _swap_folders(target)
    folder = target.parent
    old.mkdir(exist_ok=True)
    if not (old / _SET_COMPLETE).exists():
        for part in _set_members(target):
            os.rename(part, old / part.name)
        fsync_dir(folder)
        (old / _SET_COMPLETE).touch()
        fsync_dir(old)
    incoming = sorted(new.iterdir(), key=lambda p: p.suffix.lower() == ".shp")
    for part in incoming:
        os.rename(part, folder / part.name)
    fsync_dir(folder)
    new.rmdir()
    fsync_dir(folder)
    shutil.rmtree(old)


def recover_interrupted_write(path: str | os.PathLike[str]) -> bool:
    """Finish a shapefile write that was killed after its new set was complete (and remove what a
    killed write left before that point). Returns whether a swap was finished. Run before every
    read and every write of a shapefile, so that no one reads a half-swapped set twice."""
    target = Path(path)
    if _shapefile_stem(target) is None or not target.parent.is_dir():
        return False
    target = target.with_name(_shapefile_stem(target) + ".shp")
    new, old = _swap_folders(target)
    finished = False
    if new.is_dir():
        _complete_swap(target)
        finished = True
    elif old.is_dir():
        shutil.rmtree(old)   # the swap was done; only its clean-up was cut short
    remove_stale_temporaries(target.parent, target.stem)
    return finished


@contextlib.contextmanager
def atomic_shapefile(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Write a shapefile all or nothing: yield a path in a private temporary folder beside
    ``target`` for the writer; on success the whole new set replaces the whole old set (parts the
    new write did not produce, e.g. a stale .cpg or .qix, go with the old set).

    The commit point is one rename of the finished folder to ``.STEM.parkgis-new``: a run killed
    before it leaves the old set untouched (its temporary folder is removed by the next read or
    write), a run killed after it is completed by the next read or write
    (:func:`recover_interrupted_write`). No reader ever sees old and new parts mixed."""
    target = check_output_target(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover_interrupted_write(target)
        tmpdir = Path(tempfile.mkdtemp(prefix=_temp_prefix(target), dir=target.parent))
    except OSError as exc:
        raise _write_error(target, exc) from None
    try:
        yield tmpdir / target.name
        produced = [p for p in tmpdir.iterdir() if p.suffix.lower() in SHAPEFILE_SET]
        if not any(p.name == target.name for p in produced):
            raise FileNotFoundError(f"nothing was written for {target}")
        for p in produced:
            fsync_path(p)
        fsync_dir(tmpdir)
        new, _old = _swap_folders(target)
        try:
            os.rename(tmpdir, new)
            fsync_dir(target.parent)
            _complete_swap(target)
        except OSError as exc:
            raise _write_error(target, exc) from None
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def _temp_prefix(target: Path) -> str:
    # the writer's pid in the name: a temporary whose process is gone is garbage, one whose
    # process lives may be another program's write in progress
    return f".{target.stem}{TEMP_MARK}{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def remove_stale_temporaries(folder: str | os.PathLike[str], stem: str) -> list[Path]:
    """Remove the temporaries killed writes left beside ``stem`` in ``folder`` (those of processes
    that still run are kept: their writes may be in progress); return what was removed."""
    removed = []
    for p in Path(folder).glob(f".{glob.escape(stem)}{TEMP_MARK}*"):
        pid_text = p.name[len(stem) + 1 + len(TEMP_MARK):].partition("-")[0]
        if pid_text.isdigit() and (int(pid_text) == os.getpid() or _pid_alive(int(pid_text))):
            continue
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p)
    return removed
