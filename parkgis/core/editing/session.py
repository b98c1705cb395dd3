"""EditSession: the edit buffer of one layer (after QGIS's edit buffer, with a journal and a
per-feature commit).

Nothing reaches the layer's committed data until :meth:`EditSession.commit`. Every change is a
:class:`FeatureEdit` on the project's one undo stack (so the desktop's 撤销 walks edits of all
layers in order), journalled before it returns. ``commit`` hands the store the features that differ
from their committed state, each with the version it was read at; a feature someone else changed
meanwhile is a conflict, never overwritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ..commands import Command, coerce_value
from ..errors import DataError, UsageError
from ..store.base import (
    ChangeSet,
    CommitResult,
    ConflictError,
    FeatureChange,
    FeatureConflict,
    FeatureState,
    now_text,
    user_name,
)
from ..store.values import is_missing
from .journal import Journal, journal_path
from .operations import GeometryOperations

if TYPE_CHECKING:
    from ..layers import VectorLayer
    from ..project import Project


class FeatureEdit(Command):
    """One undo step: features of one session go from ``before`` to ``after`` states."""

    def __init__(self, session: EditSession, text: str, before: dict, after: dict, merge_key: object = None):
        self.session, self.text = session, text
        self.before, self.after = before, after
        self.merge_key = merge_key

    def do(self) -> None:
        self.session._put(self.after)

    def undo(self) -> None:
        self.session._put(self.before)

    def merge_with(self, other: Command) -> bool:
        if (isinstance(other, FeatureEdit) and other.session is self.session and self.merge_key is not None
                and other.merge_key == self.merge_key):
            # a topological drag may reach a neighbour in one move and not the next: keep them all
            self.before = {**other.before, **self.before}
            self.after = {**self.after, **other.after}
            return True
        return False


_ABSENT = object()


class EditSession(GeometryOperations):
    """Edits of one layer, keyed by fid. Use as a context manager to commit on normal exit and
    roll back on an exception::

        with project.edit("地块") as edit:
            fid = edit.add_feature(polygon, {"DKBH": "B4-02"})
    """

    def __init__(self, project: Project, layer: VectorLayer):
        if layer.locked:
            raise UsageError(f"layer {layer.name} is locked (read-only): to edit it, right-click it in the layers "
                             "panel and untick 锁定（只读）, or call project.set_locked(name, False) in a script")
        self.project, self.layer = project, layer
        self.id = uuid.uuid4().hex[:16]
        self.started_at = now_text()
        self._committed: dict[int, FeatureState | None] = {}   # state at first touch (None: new)
        self._base: dict[int, int] = {}                        # version at first touch (0: new)
        self._working: dict[int, FeatureState | None] = {}    # None: deleted
        self._added: set[int] = set()
        self._labels: dict[int, tuple[str, str]] = {}        # fid → (operation, reason) of a restore
        self._journal: Journal | None = None
        self.closed = False

    # ------------------------------------------------------------------ reading

    @property
    def columns(self) -> list[str]:
        gdf = self.layer.gdf
        return [c for c in gdf.columns if c != gdf.geometry.name]

    def feature(self, fid: int) -> FeatureState | None:
        """The feature as it is in this session (None if deleted here)."""
        fid = int(fid)
        if fid in self._working:
            return self._working[fid]
        return self.layer.feature(fid)

    def is_changed(self, fid: int) -> bool:
        """Whether this session holds a state of ``fid`` other than the committed one's reading."""
        return int(fid) in self._working

    def fids(self) -> list[int]:
        """The fids of the features as they are in this session."""
        existing = [int(f) for f in self.layer.gdf.index if self._working.get(int(f), _ABSENT) is not None]
        return existing + sorted(f for f in self._added if self._working.get(f) is not None)

    @property
    def has_changes(self) -> bool:
        for fid, state in self._working.items():
            before = self._committed[fid]
            if before is None and state is None:
                continue
            if before is None or state is None or not state.same_as(before):
                return True
        return False

    def changes(self) -> list[FeatureChange]:
        out = []
        for fid, state in self._working.items():
            before = self._committed[fid]
            if before is None and state is None:
                continue   # added then deleted
            if before is not None and state is not None and state.same_as(before):
                continue
            label, note = self._labels.get(fid, (None, None))
            out.append(FeatureChange(fid, before, state, self._base[fid], label, note))
        return sorted(out, key=lambda c: c.fid)

    def changed_elsewhere(self) -> list[FeatureConflict]:
        """The features this session changes that someone else committed since it read them —
        asked before the save (a poll of the store, or when the team database's NOTIFY names one of
        them): each with base, theirs and mine, as the commit would refuse them."""
        pending = [c for c in self.changes() if c.base_version > 0]
        if not pending:
            return []
        current = self.project.store_current(self.layer, [c.fid for c in pending])
        return [FeatureConflict(c.fid, c.base_version, current[c.fid][0], c.before, current[c.fid][1], c.after)
                for c in pending if current[c.fid][0] != c.base_version]

    # ------------------------------------------------------------------ changes

    def add_features(self, features: Iterable[tuple[Any, Mapping[str, Any]]], text: str | None = None) -> list[int]:
        features = list(features)
        states = [self._new_state(geometry, attributes) for geometry, attributes in features]
        fids = self._new_fids(len(states))
        self._push(text or (f"添加要素 {self.layer.name} #{fids[0]}" if len(fids) == 1
                            else f"添加 {len(fids)} 个要素 {self.layer.name}"),
                   dict.fromkeys(fids), dict(zip(fids, states, strict=True)))
        return fids

    def delete_feature(self, fid: int) -> None:
        self.delete_features([fid])

    def delete_features(self, fids: Iterable[int], text: str | None = None) -> None:
        fids = [int(f) for f in fids]
        before = {fid: self._require(fid) for fid in fids}
        self._push(text or (f"删除要素 {self.layer.name} #{fids[0]}" if len(fids) == 1
                            else f"删除 {len(fids)} 个要素 {self.layer.name}"),
                   before, dict.fromkeys(fids))

    def set_geometry(self, fid: int, geometry, *, merge_key: object = None, text: str | None = None) -> None:
        """Change a feature's geometry. Calls with the same ``merge_key`` (a whole vertex drag)
        merge into one undo step."""
        fid = int(fid)
        old = self._require(fid)
        new = FeatureState(self._checked_geometry(geometry, like=old.geometry), dict(old.attributes))
        self._push(text or f"修改几何 {self.layer.name} #{fid}", {fid: old}, {fid: new},
                   merge_key=None if merge_key is None else ("geometry", fid, merge_key))

    def set_attribute(self, fid: int, field: str, value: Any) -> None:
        self.set_attributes(fid, {field: value})

    def set_attributes(self, fid: int, values: Mapping[str, Any], *, text: str | None = None) -> None:
        fid = int(fid)
        old = self._require(fid)
        attributes = dict(old.attributes)
        for field, value in values.items():
            attributes[field] = self._checked_value(fid, field, value)
        new = FeatureState(old.geometry, attributes)
        if text is None:
            from ..fields import field_alias
            names = "、".join(field_alias(f) or f for f in values)
            text = f"编辑 {self.layer.name} #{fid} {names}"
        key = ("attributes", fid, tuple(values)) if len(values) == 1 else None
        self._push(text, {fid: old}, {fid: new}, merge_key=key)

    def replace_features(self, before_fids: Iterable[int], new_features: Iterable[tuple[Any, Mapping[str, Any]]],
                         text: str) -> list[int]:
        """Delete some features and add others as one undo step (split, merge)."""
        before_fids = [int(f) for f in before_fids]
        olds = {fid: self._require(fid) for fid in before_fids}
        states = [self._new_state(g, a) for g, a in new_features]
        fids = self._new_fids(len(states))
        before = {**olds, **dict.fromkeys(fids)}
        after = {**dict.fromkeys(before_fids), **dict(zip(fids, states, strict=True))}
        self._push(text, before, after)
        return fids

    def put_feature(self, fid: int, state: FeatureState | None, text: str, *, reading=None) -> None:
        """Set the whole state of ``fid`` (None: deleted, or not there) as one undo step — restoring
        a version, replaying a journal. ``reading``: (state, version) of the feature in the file when
        that, not the layer in memory, is what the change starts from (a journal after a crash)."""
        fid = int(fid)
        self._check_open()
        if fid not in self._committed:
            committed, version = reading if reading is not None else (self.layer.feature(fid), self.layer.version(fid))
            self._committed[fid], self._base[fid] = committed, version
            if committed is None:
                self._added.add(fid)
                self.layer.next_fid = max(self.layer.next_fid, fid + 1)
        self._push(text, {fid: self.feature(fid)}, {fid: state})

    def replaced_fids(self) -> list[int]:
        """The committed features this session changed or deleted: views draw them from the session,
        not from the layer."""
        return [c.fid for c in self.changes() if c.before is not None]

    def pending_geometries(self) -> list:
        """The geometries of the features this session changed, as a save would write them."""
        return [c.after.geometry for c in self.changes() if c.after is not None and c.after.geometry is not None]

    def live_check(self, geometry, fid: int | None = None) -> dict:
        """The conflict check's JSON entry (a dict) for ``geometry`` (in the layer's CRS) as the new
        shape of feature ``fid`` (None: a new parcel): what ``parkgis check --format json`` says of
        that parcel once it has this shape, computed in milliseconds on the project's live index
        (:mod:`parkgis.core.editing.live`, built on first use and kept current)."""
        from .live import live_checker

        result = live_checker(self.project, self.layer).update(geometry, fid=fid)
        if result is None:   # a tool started a background build: finish it here
            checker = live_checker(self.project, self.layer)
            checker.wait()
            result = checker.update(geometry, fid=fid)
        return result.json

    # ------------------------------------------------------------------ undo

    def undo(self) -> None:
        self.project.undo_stack.undo()

    def redo(self) -> None:
        self.project.undo_stack.redo()

    # ------------------------------------------------------------------ commit

    #: Validate before every commit (the desktop's save turns it on); a script asks per commit.
    validate_on_commit = False

    def commit(self, *, on_conflict: str = "raise", reason: str | None = None,
               operation: str | None = None, validate: bool | None = None,
               accept_findings: bool = False) -> CommitResult:
        """Write the changed features in one transaction. ``on_conflict="raise"`` (default):
        :class:`ConflictError` and nothing written when any feature changed in the file since
        this session read it; ``"skip"``: write the others and keep the conflicting ones here.

        ``validate`` (default :attr:`validate_on_commit`, off so that scripts, crash recovery and
        restores commit what they were given): check the changed features first
        (:mod:`.validation`) and raise :class:`~.validation.ValidationError` listing the findings,
        writing nothing; with ``accept_findings`` the flagged features are written anyway and their
        findings recorded as the audit reason of each."""
        self._check_open()
        changes = self.changes()
        if not changes:
            return CommitResult([], [], {}, [])
        labels = dict(self._labels)
        if accept_findings or (self.validate_on_commit if validate is None else validate):
            from .validation import ValidationError, accepted_note
            from .validation import validate as check
            findings = check(self)
            if findings and not accept_findings:
                raise ValidationError(self, findings)
            flagged: dict[int, list] = {}
            for finding in findings:
                flagged.setdefault(finding.fid, []).append(finding)
            for fid, found in flagged.items():
                label, note = self._labels.get(fid, (None, None))
                self._labels[fid] = (label, accepted_note(found) + (f" ({note})" if note else ""))
            if flagged:
                changes = self.changes()
        change_set = ChangeSet(self.layer.id, self.layer.name, changes, session_id=self.id, reason=reason,
                               operation=operation)
        try:
            result = self.project._commit(self.layer, change_set, on_conflict=on_conflict)
        except BaseException:
            self._labels = labels   # a later commit validates afresh
            raise
        for fid in result.committed:
            self._forget(fid)
        for fid in self._working:      # kept back (a conflict skipped): flagged afresh at their commit
            if fid in labels:
                self._labels[fid] = labels[fid]
            else:
                self._labels.pop(fid, None)
        if self._working:
            self._rewrite_journal()
        else:
            self._close_journal(remove=True)
        # the steps stay on the stack: undoing one after the commit is a new change of this session
        self.project._session_changed(self)
        return result

    def resolve(self, fid: int, choice: str) -> None:
        """After a conflict: ``"theirs"`` drops this session's change of the feature and takes the
        file's version; ``"mine"`` rebases it on the file's version, to overwrite at the next commit."""
        fid = int(fid)
        if fid not in self._working:
            raise UsageError(f"feature {fid} of layer {self.layer.name} has no change in this session")
        current = self.project.store_current(self.layer, [fid])
        version, theirs = current.get(fid, (0, None))
        if choice == "theirs":
            self._forget(fid)
            self.project._refresh_features(self.layer, {fid: (version, theirs)})
            self.project.undo_stack.discard(lambda c: isinstance(c, FeatureEdit) and c.session is self
                                            and fid in c.after)
        elif choice == "mine":
            self._committed[fid] = theirs
            self._base[fid] = version
            self._journal_state(fid)
        else:
            raise UsageError(f"choose 'theirs' or 'mine', not {choice!r}")
        self._rewrite_journal() if self._working else self._close_journal(remove=True)
        self.project._session_changed(self)

    def propose_merge(self, fid: int):
        """After a conflict: the three-way merge of this session's change of ``fid`` with the
        store's version (:func:`~parkgis.core.editing.merge.merge_three_way`) — attribute changes to
        different fields, boundary changes to different parts — with, for a parcel, the 三区三线
        check of the merged feature (``findings``: rule, severity, area m²) and the area change of
        each version in 亩. Nothing changes until :meth:`accept_merge`."""
        from .merge import merge_three_way
        fid = int(fid)
        if fid not in self._working:
            raise UsageError(f"feature {fid} of layer {self.layer.name} has no change in this session")
        version, theirs = self.project.store_current(self.layer, [fid]).get(fid, (0, None))
        result = merge_three_way(self._committed[fid], theirs, self._working[fid])
        result.theirs_version = version
        result.theirs = theirs
        if result.merged and result.state.geometry is not None and self.layer.role.value == "parcels":
            result.findings = _check_one(self.project, self.layer, fid, result.state)
        return result

    def compare_conflict(self, conflict: FeatureConflict, proposal=None):
        """The three-way comparison of a conflicting feature as the desktop shows it
        (:func:`~parkgis.core.editing.compare.compare_conflict`): each version's area and its
        difference to the base in 亩, each version checked against 三区三线 by the live check (the
        other parcels as this session has them), who made the store's version and when (the audit),
        and whether the merge ``proposal`` (:meth:`propose_merge`) may be offered."""
        from ..analysis.rules import default_ruleset
        from .compare import compare_conflict
        from .live import live_checker

        fid = int(conflict.fid)
        checker = live_checker(self.project, self.layer)
        checker.wait()           # a tool may have started a background build

        def check(geometry):
            try:
                return checker.update(geometry, fid=fid)
            except UsageError:   # not in the live index (added on one side): checked as a new shape
                return checker.update(geometry, fid=None)

        entry = next((e for e in self.project.history(self.layer, fid) if e.version == conflict.current_version),
                     None)
        theirs_by = (entry.user, entry.at) if entry is not None else (None, None)
        return compare_conflict(conflict, proposal, check=check, ruleset=default_ruleset(), theirs_by=theirs_by)

    def accept_merge(self, fid: int, result) -> None:
        """Take a merge proposed by :meth:`propose_merge`: the change of ``fid`` is rebased on the
        store's version and becomes the merged feature (one undo step), committed with the session."""
        fid = int(fid)
        if not result.merged:
            raise UsageError(f"cannot merge feature {fid} of layer {self.layer.name}: " + "; ".join(result.clashes))
        self._committed[fid] = result.theirs
        self._base[fid] = result.theirs_version
        self.put_feature(fid, result.state, f"合并 {self.layer.name} #{fid}")
        self.label(fid, "merge", f"merged with version {result.theirs_version}")

    def rollback(self) -> None:
        """Discard every change of this session."""
        changed = list(self._working)
        self._working.clear()
        self._committed.clear()
        self._base.clear()
        self._added.clear()
        self._labels.clear()
        self._close_journal(remove=True)
        self.project.undo_stack.discard(lambda c: isinstance(c, FeatureEdit) and c.session is self)
        self.project._features_changed(self.layer, changed)
        self.project._session_changed(self)

    def close(self) -> None:
        """End the session (it must have no uncommitted changes: commit or roll back first)."""
        if self.closed:
            return
        if self.has_changes:
            raise UsageError(f"the edit session of layer {self.layer.name} has uncommitted changes: "
                             "commit or roll back first")
        self.rollback()
        self.closed = True
        self._release_index()
        self.project._session_closed(self)

    def __enter__(self) -> EditSession:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.closed:
            return
        if exc_type is None:
            self.commit()
            self.close()
        else:
            self.rollback()
            self.closed = True
            self._release_index()
            self.project._session_closed(self)

    # ------------------------------------------------------------------ internals

    def _check_open(self) -> None:
        if self.closed:
            raise UsageError(f"the edit session of layer {self.layer.name} is closed")
        if self.layer.locked:
            raise UsageError(f"layer {self.layer.name} is locked (read-only): to edit it, right-click it in the layers "
                             "panel and untick 锁定（只读）, or call project.set_locked(name, False) in a script")

    def _require(self, fid: int) -> FeatureState:
        self._check_open()
        state = self.feature(fid)
        if state is None:
            raise UsageError(f"layer {self.layer.name} has no feature with fid {fid}")
        if fid not in self._committed:
            self._committed[fid] = state
            self._base[fid] = self.layer.version(fid)
        return state

    def _push(self, text: str, before: dict, after: dict, merge_key: object = None) -> None:
        self._check_open()
        self.project.undo_stack.push(FeatureEdit(self, text, before, after, merge_key))

    def _put(self, states: dict[int, FeatureState | None]) -> None:
        """Set working states (from a command's do/undo): journal first, then memory. A step undone
        after its commit starts from the committed state again."""
        if self.closed:
            raise UsageError(f"the edit session of layer {self.layer.name} is closed")
        for fid in states:
            if fid not in self._committed:
                self._committed[fid] = self.layer.feature(fid)
                self._base[fid] = self.layer.version(fid)
                if self._committed[fid] is None:
                    self._added.add(fid)
        self._journal_states(states)
        for fid, state in states.items():
            self._working[fid] = state
        self.project._features_changed(self.layer, list(states))

    def _journal_state(self, fid: int, state: Any = _ABSENT) -> None:
        if state is _ABSENT:
            state = self._working.get(fid)
        self._journal_states({fid: state})

    def _journal_states(self, states: dict[int, Any]) -> None:
        """Journal the states of one step in one write (one fsync, not one per feature)."""
        anchor = self.project.journal_anchor
        if anchor is None:
            return
        if self._journal is None:
            self._journal = Journal(journal_path(anchor, self.id), {
                "session": self.id, "layer_id": self.layer.id, "layer": self.layer.name, "user": user_name(),
                "started": self.started_at, "project": anchor.name})
        self._journal.record_states([(fid, self._base[fid], fid in self._added, state)
                                     for fid, state in states.items()])

    def _rewrite_journal(self) -> None:
        self._close_journal(remove=True)
        if self._working:
            self._journal_states(dict(self._working))

    def _close_journal(self, *, remove: bool) -> None:
        if self._journal is not None:
            self._journal.close(remove=remove)
            self._journal = None

    def label(self, fid: int, operation: str, reason: str) -> None:
        """Name the pending change of ``fid`` in the audit ("restore", "restore version 2")."""
        self._labels[int(fid)] = (operation, reason)

    def _new_fids(self, count: int) -> list[int]:
        fids = self.project.new_fids(self.layer, count)
        for fid in fids:
            self._committed.setdefault(fid, None)
            self._base.setdefault(fid, 0)
            self._added.add(fid)
        return fids

    def _forget(self, fid: int) -> None:
        self._labels.pop(fid, None)
        self._working.pop(fid, None)
        self._committed.pop(fid, None)
        self._base.pop(fid, None)
        self._added.discard(fid)

    def _new_state(self, geometry, attributes: Mapping[str, Any]) -> FeatureState:
        self._check_open()
        values = dict.fromkeys(self.columns)
        for field, value in attributes.items():
            values[field] = self._checked_value(None, field, value)
        return FeatureState(self._checked_geometry(geometry), values)

    def _checked_geometry(self, geometry, like=None):
        if geometry is None:
            return None
        if isinstance(geometry, bytes | str):
            try:
                geometry = shapely.from_wkb(geometry) if isinstance(geometry, bytes) else shapely.from_wkt(geometry)
            except shapely.errors.GEOSException as exc:
                raise UsageError(f"layer {self.layer.name}: the geometry cannot be read ({exc})") from None
        if not isinstance(geometry, shapely.Geometry):
            raise UsageError(f"layer {self.layer.name}: {type(geometry).__name__} is not a geometry")
        expected = _dimension(self.layer, like)
        if expected is not None and not geometry.is_empty and shapely.get_dimensions(geometry) != expected:
            raise UsageError(f"layer {self.layer.name} holds {self.layer.geometry_type} geometries; "
                             f"a {geometry.geom_type} does not fit")
        return geometry

    def _checked_value(self, fid: int | None, field: str, value: Any) -> Any:
        gdf = self.layer.gdf
        where = f"layer {self.layer.name}" + (f", feature {fid}" if fid is not None else "")
        if field == gdf.geometry.name or field not in gdf.columns:
            raise UsageError(f"{where}: no attribute column {field!r}")
        try:
            value = coerce_value(gdf[field], value)
        except UsageError as exc:
            raise UsageError(f"{where}: {exc}") from None
        return None if is_missing(value) else value


def _dimension(layer, like=None) -> int | None:
    """The topological dimension a new geometry must have (2 for polygons): that of the geometry it
    replaces, or of the layer's first geometry (a layer of mixed dimensions accepts any)."""
    if like is None:
        geometries = layer.gdf.geometry.values
        present = np.flatnonzero(~shapely.is_missing(np.asarray(geometries[:1000])))
        if not len(present):
            return None
        like = geometries[int(present[0])]
    if like is None or like.is_empty:
        return None
    if like.geom_type == "GeometryCollection":
        return None
    return int(shapely.get_dimensions(like))


__all__ = ["EditSession", "FeatureEdit", "ConflictError", "DataError"]


def _check_one(project, layer, fid: int, state: FeatureState) -> list[tuple[str, str, float]]:
    """The conflict check of one feature as ``state`` against the project's constraint layers."""
    import geopandas as gpd

    from ..analysis import ConflictIndex, project_check_inputs
    from ..layers import VectorLayer

    _parcels, constraints = project_check_inputs(project)
    gdf = gpd.GeoDataFrame({k: [v] for k, v in state.attributes.items()}, geometry=[state.geometry],
                           crs=layer.gdf.crs, index=[fid])
    one = VectorLayer(layer.name, gdf, role=layer.role)
    result = ConflictIndex(one, constraints).run()
    return [(c.rule, c.severity, c.area_m2) for c in result.parcels[0].conflicts]
