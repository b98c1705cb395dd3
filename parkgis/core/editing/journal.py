"""The crash journal of an edit session: every change is appended and fsynced to
``NAME.gpkg.<session>.parkgis-journal`` beside the project before the edit is reported done.

Why a file beside the project and not a table inside it: writing the journal into the GeoPackage
would need the file's write lock for every keystroke, blocking other editors of a shared file, and
a read-only project could not be journalled at all. Why not ``NAME.gpkg-journal``: that is SQLite's
own rollback journal of ``NAME.gpkg``; SQLite would take ours for a hot journal and play it back.

One JSON object per line. The first line names the session; each later line is a feature's whole
state after a change (so replaying is "last line per fid wins", and a torn last line — the crash
came mid-write — is ignored). A live session holds an exclusive ``flock`` on its journal; a
journal nobody holds is orphaned: its session crashed.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

import shapely

from ..errors import DataError
from ..store.base import FeatureState
from ..store.values import from_json, to_json

SUFFIX = ".parkgis-journal"


def journal_path(project_path: Path, session_id: str) -> Path:
    return project_path.with_name(f"{project_path.name}.{session_id}{SUFFIX}")


def encode_state(state: FeatureState | None) -> dict | None:
    if state is None:
        return None
    # base64 of binary WKB: a 10 000-vertex polygon encodes in a fifth of the time hex takes (1 ms, not 5),
    # which a topological vertex drag pays on every mouse move
    return {"wkb64": None if state.geometry is None else
            base64.b64encode(shapely.to_wkb(state.geometry, flavor="iso")).decode("ascii"),
            "attributes": {k: to_json(v) for k, v in state.attributes.items()}}


def decode_state(data: dict | None) -> FeatureState | None:
    if data is None:
        return None
    wkb = base64.b64decode(data["wkb64"]) if data.get("wkb64") else data.get("wkb")   # "wkb": hex, older journals
    return FeatureState(shapely.from_wkb(wkb) if wkb else None,
                        {k: from_json(v) for k, v in data["attributes"].items()})


class Journal:
    """An open, locked journal file of one session."""

    def __init__(self, path: Path, header: dict):
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)    # a team project's journal folder, at first use
            self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise DataError(path, f"the crash journal cannot be created ({exc.strerror}); edits are refused "
                                  "so that none can be lost — check the folder's permissions and free space") from None
        fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        self.append({"type": "session", **header})
        from ..fsutil import fsync_dir
        fsync_dir(path.parent)

    def append(self, record: dict) -> None:
        self.append_many([record])

    def append_many(self, records: list[dict]) -> None:
        """Write records as lines with one write and one fsync (the features of one undo step)."""
        line = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records).encode("utf-8")
        size = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            if os.write(self._fd, line) != len(line):
                raise OSError(28, "short write (disk full?)")
            os.fsync(self._fd)
        except OSError as exc:
            with contextlib.suppress(OSError):   # take a partial line back: the journal stays parseable
                os.ftruncate(self._fd, size)
            raise DataError(self.path, f"the change could not be journalled ({exc.strerror or exc}); it was not "
                                       "made — free disk space and try again") from None

    def record_state(self, fid: int, base_version: int, added: bool, state: FeatureState | None) -> None:
        self.record_states([(fid, base_version, added, state)])

    def record_states(self, items) -> None:
        """(fid, base version, added, state) of several features, journalled together."""
        self.append_many([{"type": "state", "fid": int(fid), "base_version": int(base_version), "added": bool(added),
                           "state": encode_state(state)} for fid, base_version, added, state in items])

    def close(self, *, remove: bool) -> None:
        if self._fd is None:
            return
        if remove:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
        os.close(self._fd)
        self._fd = None


@dataclass
class JournalContent:
    path: Path
    header: dict
    states: dict[int, tuple[int, bool, FeatureState | None]]   # fid → (base version, added, last state)
    torn: bool = False

    @property
    def layer_id(self) -> str:
        return self.header.get("layer_id", "")

    @property
    def layer(self) -> str:
        return self.header.get("layer", "")


def pending_changes(contents) -> list[tuple[str, str, str, int, str]]:
    """(started, user, layer, fid, what) — what is "add", "change" or "delete" — for each change
    the crashed sessions left in their journals (the recovery dialog and ``parkgis recover --list``)."""
    rows = []
    for content in contents:
        for fid, (_base, added, state) in sorted(content.states.items()):
            what = "delete" if state is None else "add" if added else "change"
            rows.append((content.header.get("started", ""), content.header.get("user", ""), content.layer, fid, what))
    return rows


def read_journal(path: Path) -> JournalContent:
    header: dict = {}
    states: dict[int, tuple[int, bool, FeatureState | None]] = {}
    torn = False
    with open(path, "rb") as fh:
        lines = fh.read().split(b"\n")
    for number, raw in enumerate(lines):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            if number >= len(lines) - 2:   # the last line, torn by the crash: never reported done
                torn = True
                continue
            raise DataError(path, f"the crash journal is damaged at line {number + 1}") from None
        if record.get("type") == "session":
            header = record
        elif record.get("type") == "state":
            fid = int(record["fid"])
            first = states.get(fid)
            added = first[1] if first else bool(record.get("added"))
            base = first[0] if first else int(record.get("base_version", 0))
            states[fid] = (base, added, decode_state(record.get("state")))
    return JournalContent(path, header, states, torn)


def _is_held(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def orphaned_journals(project_path: Path) -> list[Path]:
    """Journals beside the project whose session is no longer running (it crashed)."""
    project_path = Path(project_path)
    if not project_path.parent.is_dir():
        return []
    found = sorted(project_path.parent.glob(f"{project_path.name}.*{SUFFIX}"), key=lambda p: p.stat().st_mtime)
    return [p for p in found if not _is_held(p)]
