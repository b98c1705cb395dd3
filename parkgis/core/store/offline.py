"""Offline first: take a park's parcels out of the team database into a local GeoPackage, edit them
without the network, and bring the changes back through the same optimistic locking.

The local file is an ordinary project (every layer; the parcel layers cut to the park when a park is
named) whose setting ``offline`` remembers where it came from and, per feature taken, the version
in the database and the version in the file at the moment it was taken. Bringing back sends, for
each feature whose local version moved on (or that was deleted or added here), one change whose
base is the database version taken: a feature someone changed in the database meanwhile is a
:class:`~parkgis.core.store.base.ConflictError` with base, theirs and mine — exactly as for a
desktop commit — and nothing is written (or, with ``on_conflict="skip"``, the others are). Added
features get new fids from the database's sequence (the file's own fids could clash).
"""

from __future__ import annotations

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
            taken = {int(k): tuple(v) for k, v in origin["features"].get(layer.id, {}).items()}
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
            # what was committed is now the new state taken: a second bring-back does not send it again
            features = origin["features"][layer.id]
            back = {v: k for k, v in added_local.items()}
            for fid in result.committed:
                key = str(back.get(fid, fid))
                if result.versions.get(fid, 0) == 0:
                    features.pop(key, None)
                else:
                    local_fid = back.get(fid, fid)
                    features[key] = [layer.version(local_fid), result.versions[fid]]
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
    for fid, (local_version, remote_version) in sorted(taken.items()):
        if fid not in present:                                            # deleted offline
            before = _state_at_take(local, layer, fid)
            changes.append(FeatureChange(fid, before, None, remote_version))
        elif layer.version(fid) != local_version:                         # changed offline
            before = _state_at_take(local, layer, fid)
            changes.append(FeatureChange(fid, before, layer.feature(fid), remote_version))
    new = sorted(present - set(taken))
    if new:
        fids = remote.store.reserve_fids(layer.id, len(new), at_least=remote_layer.next_fid)
        for local_fid, db_fid in zip(new, fids, strict=True):
            added_local[local_fid] = db_fid
            changes.append(FeatureChange(db_fid, None, layer.feature(local_fid), 0))
    return changes, added_local


def _state_at_take(local, layer, fid):
    """The feature as it was taken out: its state before its first change in the local audit."""
    history = local.history(layer, fid)
    return history[0].state if history else None
