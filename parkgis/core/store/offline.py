"""Offline first: take a park's parcels out of the team database into a local GeoPackage, edit them
without the network, and bring the changes back through the same optimistic locking.

The local file is an ordinary project (every layer; the parcel layers cut to the park when a park is
named) whose setting ``offline`` remembers where it came from and, per feature taken, the version
in the file and the version in the database at the moment it was taken — after each check-in, at
the moment it was checked in, together with the local audit row of the state sent (so that a later
conflict's base is the checked-in state, not the state at the first checkout) and the feature's fid
in the database (a feature added offline gets a new one). Bringing back sends, for
each feature whose local version moved on (or that was deleted or added here), one change whose
base is the database version taken: a feature someone changed in the database meanwhile is a
:class:`~parkgis.core.store.base.ConflictError` with base, theirs and mine — exactly as for a
desktop commit — and nothing is written (or, with ``on_conflict="skip"``, the others are). Added
features get new fids from the database's sequence (the file's own fids could clash).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, UsageError
from ..roles import Role
from .base import ChangeSet, FeatureChange, now_text


def take_offline(url: str, path: str | Path, *, park: str | int | None = None, password_prompt=None) -> dict:
    """Write the database project at ``url`` to a new local project ``path``; with ``park`` (a
    park feature's fid or a value of one of its fields, e.g. its name) only the parcels that
    intersect that park. Returns ``{"path", "layers": {name: features}}``."""
    from ..layers import VectorLayer
    from ..project import Project

    path = Path(path)
    if path.exists():
        raise UsageError(f"{path} already exists; choose a new file for the offline copy")
    remote = Project.open(url, password_prompt=password_prompt)
    try:
        area = _park_shape(remote, park) if park is not None else None
        local = Project(path)
        local.settings.update({k: v for k, v in remote.settings.items() if k != "offline"})
        taken: dict[str, dict] = {}
        counts = {}
        for layer in remote.layers:
            gdf = layer.gdf
            if area is not None and layer.role == Role.PARCELS:
                gdf = gdf[gdf.geometry.intersects(area)]
            copy = VectorLayer(layer.name, gdf.copy(), role=layer.role, role_reason=layer.role_reason,
                               style=dict(layer.style), provenance=layer.provenance, locked=layer.locked,
                               visible=layer.visible, id=layer.id)
            copy.versions = {int(f): layer.version(f) for f in gdf.index}
            copy.next_fid = layer.next_fid
            local.layers.append(copy)
            taken[layer.id] = {str(int(f)): [copy.versions[int(f)], copy.versions[int(f)]] for f in gdf.index}
            counts[layer.name] = len(gdf)
        local.settings["offline"] = {"url": remote.location, "taken_at": now_text(), "park": park,
                                     "features": taken}
        local.audit("take offline", detail={"from": remote.location, "park": park, "layers": counts})
        local.save()
        local.close()
    finally:
        remote.close()
    return {"path": str(path), "layers": counts}


def _park_shape(project, park):
    parks = project.layers_by_role(Role.PARK)
    for layer in parks:
        for fid in layer.gdf.index:
            values = [str(v) for v in layer.gdf.loc[fid].drop(layer.gdf.geometry.name).tolist()]
            if str(park) == str(int(fid)) or str(park) in values:
                return layer.gdf.geometry.loc[fid]
    raise UsageError(f"no park boundary feature {park} in the project (a park feature's fid or name)")


def bring_back(path: str | Path, *, url: str | None = None, on_conflict: str = "raise", password_prompt=None) -> dict:
    """Commit the offline edits of ``path`` into the database it was taken from (or ``url``).
    Returns ``{"committed": {layer: [fids]}, "conflicts": {layer: [fids]}, "added": {layer: {local: db}}}``.
    Raises :class:`ConflictError` (nothing written) when ``on_conflict="raise"`` and a feature was
    changed in the database meanwhile."""
    from ..project import Project

    local = Project.open(path)
    origin = local.settings.get("offline")
    if not origin:
        raise DataError(path, "not an offline copy of a team database (it was not made by take offline)")
    remote = Project.open(url or origin["url"], password_prompt=password_prompt)
    outcome: dict = {"committed": {}, "conflicts": {}, "added": {}}
    try:
        for layer in local.layers:
            taken = {int(k): _TakenFeature.read(int(k), v) for k, v in origin["features"].get(layer.id, {}).items()}
            if not taken or remote._tables.get(layer.id) is None:
                continue
            remote_layer = remote.layer_by_id(layer.id)
            changes, added_local = _changes(local, layer, taken, remote_layer, remote)
            if not changes:
                continue
            result = remote.store.commit(ChangeSet(layer.id, layer.name, changes, session_id="offline",
                                                   reason=f"offline edits of {Path(path).name}"),
                                         on_conflict=on_conflict)
            outcome["committed"][layer.name] = sorted(result.committed)
            if result.skipped:
                outcome["conflicts"][layer.name] = sorted(c.fid for c in result.skipped)
            outcome["added"][layer.name] = {str(k): v for k, v in added_local.items() if v in result.committed}
            # what was committed is now the new state taken: a second bring-back does not send it
            # again, and a later conflict on it starts from what was sent, not from the first checkout
            features = origin["features"][layer.id]
            local_of = {entry.remote_fid: local_fid for local_fid, entry in taken.items()}
            local_of.update({db_fid: local_fid for local_fid, db_fid in added_local.items()})
            for fid in result.committed:
                local_fid = local_of[fid]
                if result.versions.get(fid, 0) == 0:
                    features.pop(str(local_fid), None)
                    continue
                history = local.history(layer, local_fid)
                sent = history[-1].audit_id if history else None
                features[str(local_fid)] = _TakenFeature(layer.version(local_fid), result.versions[fid],
                                                         sent, fid).write()
        local.settings["offline"] = origin
        local.dirty = True
        local.save()
    finally:
        local.close()
        remote.close()
    return outcome


def _changes(local, layer, taken, remote_layer, remote):
    """The FeatureChanges of one layer: changed, deleted and added here since it was taken."""
    changes, added_local = [], {}
    present = {int(f) for f in layer.gdf.index}
    for fid, entry in sorted(taken.items()):
        if fid not in present:                                            # deleted offline
            before = _state_at_take(local, layer, fid, entry.sent_audit_id)
            changes.append(FeatureChange(entry.remote_fid, before, None, entry.remote_version))
        elif layer.version(fid) != entry.local_version:                   # changed offline
            before = _state_at_take(local, layer, fid, entry.sent_audit_id)
            changes.append(FeatureChange(entry.remote_fid, before, layer.feature(fid), entry.remote_version))
    new = sorted(present - set(taken))
    if new:
        fids = remote.store.reserve_fids(layer.id, len(new), at_least=remote_layer.next_fid)
        for local_fid, db_fid in zip(new, fids, strict=True):
            added_local[local_fid] = db_fid
            changes.append(FeatureChange(db_fid, None, layer.feature(local_fid), 0))
    return changes, added_local


def _state_at_take(local, layer, fid, sent_audit_id):
    """The feature as the database last had it from this copy: the state of the local audit row
    checked in last (``sent_audit_id``), or, never checked in, its state before its first change
    in the local audit (as taken out)."""
    history = local.history(layer, fid)
    if sent_audit_id is not None:
        for entry in history:
            if entry.audit_id == sent_audit_id:
                return entry.state
        raise DataError(local.path, f"the local audit of layer {layer.name} lacks the row of feature {fid} last "
                                    f"checked in (audit id {sent_audit_id}); the offline copy was altered")
    return history[0].state if history else None


@dataclass(frozen=True)
class _TakenFeature:
    """What the offline setting remembers of one feature (a JSON list, so that copies made before
    the last two items existed still read: ``[local_version, remote_version]``)."""

    local_version: int
    remote_version: int
    sent_audit_id: int | None      # the local audit row last checked in; None: as taken out
    remote_fid: int                # the feature's fid in the database

    @classmethod
    def read(cls, local_fid: int, value: list) -> _TakenFeature:
        local_version, remote_version, *rest = value
        sent = rest[0] if rest else None
        remote_fid = rest[1] if len(rest) > 1 else local_fid
        return cls(int(local_version), int(remote_version), None if sent is None else int(sent), int(remote_fid))

    def write(self) -> list:
        return [self.local_version, self.remote_version, self.sent_audit_id, self.remote_fid]
