"""The store contract: how a project's features are read, committed and audited.

A store holds layers of features, each known by its fid, each with a version that increases on
every change, by whoever makes it (another parkgis process, QGIS, a script). A commit is a
:class:`ChangeSet` with, per feature, the version the editor started from; the store applies it in
one transaction or not at all, and refuses the features whose version moved on
(:class:`ConflictError`, naming them, with both versions and the common base). The GeoPackage
store is the first implementation; the PostGIS store of the team workspace implements the same
contract and runs the same contract tests (``tests/core/store/test_store_contract.py``).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from ..errors import DataError
from .values import values_equal


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


@dataclass(frozen=True)
class FeatureState:
    """One feature as it is at one version: its geometry (shapely) and attribute values."""

    geometry: Any
    attributes: dict[str, Any]

    def same_as(self, other: FeatureState | None) -> bool:
        if other is None:
            return False
        if (self.geometry is None) != (other.geometry is None):
            return False
        if self.geometry is not None and not self.geometry.equals_exact(other.geometry, 0.0):
            return False
        return _values_equal(self.attributes, other.attributes)


def _values_equal(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(values_equal(a[key], b[key]) for key in a)


@dataclass(frozen=True)
class FeatureChange:
    """The change of one feature: ``before`` None = added, ``after`` None = deleted.
    ``base_version`` is the version the editor read (0 for a feature added in this change)."""

    fid: int
    before: FeatureState | None
    after: FeatureState | None
    base_version: int
    label: str | None = None     # what the change is, when more than its kind ("restore")
    note: str | None = None      # its reason, when it has its own ("restore version 2")

    @property
    def operation(self) -> str:
        if self.label:
            return self.label
        if self.before is None:
            return "add"
        if self.after is None:
            return "delete"
        geometry_changed = not _geometries_equal(self.before.geometry, self.after.geometry)
        attributes_changed = not _values_equal(self.before.attributes, self.after.attributes)
        if geometry_changed and attributes_changed:
            return "update"
        return "geometry" if geometry_changed else "attributes"


def _geometries_equal(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return bool(a.equals_exact(b, 0.0))


@dataclass
class ChangeSet:
    """The changes of one layer to commit together."""

    layer_id: str
    layer_name: str
    changes: list[FeatureChange]
    session_id: str = ""
    reason: str | None = None
    operation: str | None = None   # overrides the per-feature operation in the audit ("restore" …)
    user: str = field(default_factory=user_name)
    client: str = "parkgis"

    def __len__(self) -> int:
        return len(self.changes)


@dataclass(frozen=True)
class FeatureConflict:
    """A feature changed in the store since the editor read it: the three versions."""

    fid: int
    base_version: int
    current_version: int
    base: FeatureState | None      # what the editor started from
    theirs: FeatureState | None    # what the store holds now (None: deleted there)
    mine: FeatureState | None      # what the editor wants (None: deleted here)


class ConflictError(DataError):
    """A commit refused because features changed in the store since they were read."""

    def __init__(self, path, layer: str, conflicts: Sequence[FeatureConflict]):
        self.conflicts = list(conflicts)
        fids = ", ".join(str(c.fid) for c in self.conflicts[:10])
        more = f" (+{len(self.conflicts) - 10})" if len(self.conflicts) > 10 else ""
        super().__init__(path, f"conflict: feature(s) {fids}{more} were changed by someone else since this "
                               "session read them; nothing was committed — choose per feature: keep theirs "
                               "or overwrite with mine", layer=layer)

    @property
    def fids(self) -> list[int]:
        return [c.fid for c in self.conflicts]


@dataclass(frozen=True)
class CommitResult:
    committed: list[int]                  # fids written
    skipped: list[FeatureConflict]        # conflicts left out (on_conflict="skip")
    versions: dict[int, int]              # fid → new version (0 for a deleted feature)
    audit_ids: list[int]


@dataclass(frozen=True)
class HistoryEntry:
    """One version of a feature: version 1 is the feature as first stored; each committed change
    makes the next. ``state`` None means the feature was deleted at that version."""

    version: int
    at: str | None
    user: str | None
    operation: str
    state: FeatureState | None
    session_id: str | None = None
    reason: str | None = None
    audit_id: int | None = None


class Store(Protocol):
    """What a project needs from its persistence (GeoPackage file, PostGIS schema)."""

    def versions(self, layer_id: str) -> dict[int, int]: ...

    def current(self, layer_id: str, fids: Iterable[int]) -> dict[int, tuple[int, FeatureState | None]]: ...

    def commit(self, changes: ChangeSet, *, on_conflict: str = "raise") -> CommitResult: ...

    def history(self, layer_id: str, fid: int) -> list[HistoryEntry]: ...

    def audit_rows(self, layer_id: str | None = None, fid: int | None = None) -> list[dict]: ...
