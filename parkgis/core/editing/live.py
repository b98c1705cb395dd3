"""Live compliance feedback (实时合规反馈): the conflict check of a shape while it is being drawn.

A :class:`LiveChecker` holds one :class:`~parkgis.core.analysis.engine.ConflictIndex` over a
project's parcels and constraint layers — the same inputs as ``parkgis check PROJECT`` — built
once (:meth:`LiveChecker.prepare`, on a worker thread if asked) and then kept current: it listens to
the project's ``features_changed`` events and patches the changed parcels in place (an edit
session's uncommitted changes included), so that no mouse move rebuilds anything. A tool uses the
stroke API::

    checker = live_checker(project, layer)       # one per project and edited layer, reused
    checker.begin(fid)                           # the parcel being reshaped (None: a new one)
    result = checker.update(geometry)            # every mouse move: areas, conflicts, pieces
    checker.end()

``result.json`` is the parcel's entry of the check's JSON, made by the check's own serialiser
(:meth:`~parkgis.core.analysis.results.CheckResult.to_json_dict`): the same rules, the same
answers as the conflict check run on a project where the parcel has that geometry.

On a layer that is not a parcels layer (a park boundary being drawn) the shape is checked as a
planned parcel against the *other* constraint layers: the rules fed by the edited layer's own role
are not checked (they would compare the shape with its own layer), and ``parcel_overlap`` is the
overlap with the other features of that layer.
"""

from __future__ import annotations

import gc
import threading
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import shapely

from ..analysis.engine import NAME_FIELDS, ConflictIndex, _detect_field, _id_strings
from ..analysis.inputs import _parcel_layers, constraint_layers, project_check_inputs
from ..analysis.results import CheckResult
from ..errors import UsageError
from ..roles import Role


@dataclass
class LivePiece:
    """One conflict piece to draw: the rule, its severity and the overlap geometry (layer CRS)."""

    rule: str
    severity: str
    geometry: Any


@dataclass
class LiveResult:
    """What one live check found: ``json`` (the check's per-parcel JSON dict), ``parcel`` (the
    :class:`~parkgis.core.analysis.results.ParcelResult`), the pieces to draw and the time taken."""

    json: dict
    parcel: Any
    pieces: list[LivePiece] = field(default_factory=list)
    ms: float = 0.0
    #: the check's JSON of the feature as it was when the gesture began (None for a new shape): what
    #: the drag changes is the difference, and that is what a planner weighs
    baseline: dict | None = None

    @property
    def status(self) -> str:
        return self.json["status"]


_CHECKERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def conflict_changes(doc: dict, before: dict | None) -> list[tuple[dict, float | None]]:
    """(conflict, change in m² against ``before``) for each conflict of the check's JSON ``doc``, then each
    one ``before`` had and ``doc`` has not (area 0): a conflict a drag removes is news as much as one
    that comes. Without ``before`` (a new shape) the changes are None."""
    if before is None:
        return [(c, None) for c in doc.get("conflicts", [])]
    then = {c["rule"]: c for c in before.get("conflicts", [])}
    rows = [(c, c["area_m2"] - then.pop(c["rule"])["area_m2"] if c["rule"] in then else c["area_m2"])
            for c in doc.get("conflicts", [])]
    rows += [({**c, "area_m2": 0.0, "share": 0.0}, -c["area_m2"]) for c in then.values()]
    return rows


def live_checker(project, layer) -> LiveChecker:
    """The project's live checker for ``layer`` (made on first use, then reused and kept current)."""
    per_project = _CHECKERS.setdefault(project, {})
    checker = per_project.get(layer.id)
    if checker is None or checker.closed:
        checker = per_project[layer.id] = LiveChecker(project, layer)
    return checker


class LiveChecker:
    """Conflict checks of one layer's shapes in the milliseconds of a mouse move (see the module)."""

    def __init__(self, project, layer, ruleset=None, *, id_field: str | None = None,
                 min_area: float | None = None, min_width: float | None = None):
        self.project, self.layer = project, layer
        self.options = {"ruleset": ruleset, "id_field": id_field, "min_area": min_area, "min_width": min_width}
        self.closed = False
        self._index = None
        self._positions: dict[str, tuple[int, Any]] = {}    # layer id → (row offset, fid index)
        self._pending: dict[str, set[int]] = {}              # layer id → fids changed since the last patch
        self._stale = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._stroke_fid: int | None = None
        self._stroke_active = False
        project.events.features_changed.connect(self._on_features_changed)
        project.events.layers_changed.connect(self._on_layers_changed)

    # ---------------------------------------------------------------- building

    def _inputs(self, project):
        """(parcels layer, the parcel layers it is made of, constraints by role) of ``project``."""
        layer = _same_layer(project, self.layer)
        constraints = constraint_layers(project)
        if layer.role == Role.PARCELS:
            parts = _parcel_layers(project)
            parcels, _ = project_check_inputs(project)
        else:
            parts = [layer]
            parcels = layer
            constraints.pop(layer.role.value, None)
        return parcels, parts, constraints

    def _build(self, project) -> tuple[Any, dict]:
        parcels, parts, constraints = self._inputs(project)
        options = dict(self.options)
        index = ConflictIndex(parcels, constraints, options.pop("ruleset"), **options)
        # the first check would otherwise validate every constraint feature and build the trees
        # (≈ 1.5 s on the large city): part of the preparation, on the worker thread when there is one
        for feats in index.features.values():
            feats.feature_tree()
        index.parcel_tree  # noqa: B018 — built on first access
        positions, offset = {}, 0
        for part in parts:
            positions[part.id] = (offset, part.gdf.index)
            offset += len(part.gdf)
        return index, positions

    @property
    def ready(self) -> bool:
        return self._index is not None and not self._stale

    def prepare(self, *, background: bool = False) -> bool:
        """Build the index (≈ the preparation step of a full check) unless it is current; True when
        ready. ``background=True`` copies what it needs here (:mod:`parkgis.core.snapshot`) and builds
        on a worker thread: call again (or :meth:`wait`) until it returns True."""
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        if self.ready:
            return True
        if self._thread is not None:
            return False
        if not background:
            index, positions = self._build(self.project)
            self._install(index, positions)
            return True
        from .. import snapshot

        parcels, parts, constraints = self._inputs(self.project)
        snap = snapshot.build(self.project, [*parts, *(lyr for lyrs in constraints.values() for lyr in lyrs)])
        self._stale = False
        # freeing 300 000 prepared geometries takes ~0.1 s: the worker lets go of the old index
        retired = [self._index]
        self._index = None

        def work():
            _retire(retired.pop())
            # the build makes ~300 000 new geometry objects, and the cyclic GC's full collections it
            # would trigger walk every object in memory with the GIL held (60–600 ms GUI stalls,
            # measured): collection waits until the build is done (refcounting frees as usual)
            collecting = gc.isenabled()
            gc.disable()
            try:
                index, positions = self._build(snap.to_project())
            except BaseException as exc:  # noqa: BLE001 — handed to the caller of prepare()/wait()
                self._error = exc
            else:
                with self._lock:
                    self._built = (index, positions)
            finally:
                if collecting:
                    gc.enable()
        self._built = None
        self._thread = threading.Thread(target=work, name="parkgis-live-check", daemon=True)
        self._thread.start()
        return False

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a background :meth:`prepare`; True when ready."""
        if self._thread is not None:
            self._thread.join(timeout)
        self._collect()
        return self.prepare()

    def _collect(self) -> None:
        if self._thread is not None and not self._thread.is_alive():
            self._thread = None
            with self._lock:
                built, self._built = self._built, None
            if built is not None and not self._stale:
                self._install(*built)
                # the index lives as long as the project: out of the GC's reach, as the canvas does
                # with the layers (parkgis.gui.canvas.widget._settle_heap)
                gc.collect(1)
                gc.freeze()

    def _install(self, index, positions) -> None:
        """Take a freshly built index and bring it to the layers' current state: the open edit
        sessions' changes, and whatever changed while it was built."""
        self._index, self._positions, self._stale = index, positions, False
        for layer_id in positions:
            layer = self._layer(layer_id)
            session = self.project.session_for(layer) if layer is not None else None
            if session is not None:
                self._pending.setdefault(layer_id, set()).update(c.fid for c in session.changes())

    def _layer(self, layer_id: str):
        for layer in self.project.layers:
            if layer.id == layer_id:
                return layer
        return None

    # ---------------------------------------------------------------- following edits

    def _on_features_changed(self, layer_id: str, fids) -> None:
        if self._index is None and self._thread is None:
            return
        if layer_id in self._positions or (self._index is None and self._is_parcel_input(layer_id)):
            self._pending.setdefault(layer_id, set()).update(int(f) for f in fids)
        elif self._is_constraint_input(layer_id):
            self._stale = True

    def _is_parcel_input(self, layer_id: str) -> bool:
        layer = self._layer(layer_id)
        return layer is not None and (layer.id == self.layer.id or
                                      (self.layer.role == Role.PARCELS and layer.role == Role.PARCELS))

    def _is_constraint_input(self, layer_id: str) -> bool:
        layer = self._layer(layer_id)
        if layer is None or layer.role in (Role.PARCELS, Role.REFERENCE):
            return False
        return self.layer.role == Role.PARCELS or layer.role != self.layer.role

    def _on_layers_changed(self, action: str, layer_id: str) -> None:
        if action in ("restyled", "visible", "moved", "locked", "renamed"):
            return
        self._stale = True

    def _patch(self, keep: int | None = None) -> None:
        """Bring the index's parcels to their current state (not ``keep``, the parcel a stroke is
        reshaping: the live check replaces it anyway; it is patched when the stroke ends)."""
        index = self._index
        for layer_id, fids in list(self._pending.items()):
            layer = self._layer(layer_id)
            if layer is None:
                self._stale = True
                return
            session = self.project.session_for(layer)
            offset, fid_index = self._positions[layer_id]
            for fid in sorted(fids):
                if layer_id == self.layer.id and fid == keep:
                    continue
                fids.discard(fid)
                state = session.feature(fid) if session is not None else layer.feature(fid)
                geom = None if state is None else state.geometry
                if geom is None or shapely.is_missing(geom):
                    geom = shapely.from_wkt("POLYGON EMPTY")
                use = _use_code(index, state)
                pos = fid_index.get_indexer([fid])[0]
                if pos >= 0:
                    index.update_parcel(int(index.fids[offset + pos]), geom, use_code=use, crs=layer.crs)
                    continue
                if state is None or len(self._positions) > 1:
                    if state is not None:   # a feature added to one of several parcel layers: rebuild
                        self._stale = True
                    continue
                parcel_id = None
                if index.id_field is not None:
                    value = state.attributes.get(index.id_field)
                    if value is not None and str(value).strip():
                        parcel_id = _id_strings(pd.Series([value])).iloc[0].strip()
                index.add_parcel(fid, geom, parcel_id=parcel_id or f"#{len(index.geoms) + 1}",
                                 name=_name(index, state), use_code=use, crs=layer.crs)
                fid_index = fid_index.append(pd.Index([fid]))
                self._positions[layer_id] = (offset, fid_index)
            if not fids:
                del self._pending[layer_id]

    # ---------------------------------------------------------------- the stroke

    def begin(self, fid: int | None = None) -> None:
        """Start a stroke on feature ``fid`` of the layer (None: a new shape). Builds the index now
        if it is not ready (call :meth:`prepare` earlier, in the background, to avoid the wait)."""
        self._check_open()
        self._collect()
        self.prepare()
        self._stroke_fid = None if fid is None else int(fid)
        self._stroke_active = True

    def update(self, geometry, *, fid: int | None = None) -> LiveResult | None:
        """Check ``geometry`` (in the layer's CRS) as the new shape of the stroke's feature (or of
        ``fid``; outside a stroke, of a new parcel when ``fid`` is None). None while a background
        :meth:`prepare` is still building; without one, an index that is not ready is built here."""
        t0 = time.perf_counter()
        self._check_open()
        self._collect()
        if self._thread is not None:
            return None
        if not self.ready:
            self.prepare()
        target = fid if fid is not None else (self._stroke_fid if self._stroke_active else None)
        self._patch(keep=target)
        if self._stale:
            self.prepare()
            self._patch(keep=target)
        result = self._check(geometry, target)
        result.ms = (time.perf_counter() - t0) * 1000.0
        return result

    def end(self) -> None:
        """End the stroke: the reshaped parcel's final state is taken into the index."""
        self._stroke_active = False
        self._stroke_fid = None
        if self._index is not None and not self._stale:
            self._patch()

    def _check(self, geometry, fid: int | None) -> LiveResult:
        index = self._index
        kwargs: dict[str, Any] = {"crs": self.layer.crs}
        if fid is not None:
            offset, fid_index = self._positions[self.layer.id]
            pos = fid_index.get_indexer([int(fid)])[0]
            if pos < 0:
                raise UsageError(f"layer {self.layer.name} has no feature with fid {fid}")
            kwargs["parcel_index"] = offset + int(pos)
        if isinstance(geometry, bytes | str):
            geometry = shapely.from_wkb(geometry) if isinstance(geometry, bytes) else shapely.from_wkt(geometry)
        parcel = index.check_geometry(geometry, **kwargs)
        doc = CheckResult(crs=index.crs_label, min_area=index.ruleset.min_area, min_width=index.ruleset.min_width,
                          parcels=[parcel]).to_json_dict()["parcels"][0]
        pieces = [LivePiece(c.rule, c.severity, c.geometry) for c in parcel.conflicts
                  if c.rule != "invalid_geometry" and c.geometry is not None and not shapely.is_empty(c.geometry)]
        back = self._back_transform()
        if back is not None:
            for piece in pieces:
                piece.geometry = shapely.transform(piece.geometry, back, interleaved=False)
        return LiveResult(json=doc, parcel=parcel, pieces=pieces)

    def _back_transform(self):
        from pyproj import Transformer

        from ..crs import to_crs

        if self.layer.crs is None or to_crs(self.layer.crs).equals(self._index.crs):
            return None
        return Transformer.from_crs(self._index.crs, to_crs(self.layer.crs), always_xy=True).transform

    def _check_open(self) -> None:
        if self.closed:
            raise UsageError("the live check has been closed")

    def close(self) -> None:
        """Stop following the project (the index is dropped)."""
        self.project.events.features_changed.disconnect(self._on_features_changed)
        self.project.events.layers_changed.disconnect(self._on_layers_changed)
        self.closed = True
        self._index = None


def _retire(index) -> None:
    """Let go of an index in slices: freeing 300 000 prepared geometries at once holds the GIL for
    ~0.1 s (a GUI stall whichever thread does it); a slice of 5 000 takes a millisecond or two."""
    if index is None:
        return
    arrays = [index.geoms] + [feats.geoms for feats in index.features.values()]
    trees = [tree for feats in index.features.values() if feats.tree is not None for _, tree in feats.tree.trees]
    for feats in index.features.values():
        feats.tree = None
    index._tree = None
    while trees:   # the trees first (their geometries are still held by the arrays), one by one
        trees.pop()
    for array in arrays:
        for start in range(0, len(array), 5_000):
            array[start:start + 5_000] = None


def _same_layer(project, layer):
    for candidate in project.layers:
        if candidate.id == layer.id:
            return candidate
    raise UsageError(f"the project has no layer with id {layer.id}")


def _use_code(index, state) -> str | None:
    if state is None or not index._use:
        return None
    uc = next(iter(index._use.values()))
    value = state.attributes.get(uc.field)
    return "" if value is None else str(value)


def _name(index, state) -> str | None:
    """The name a check gives a parcel of these attributes (its name field, as the index chose it)."""
    field_name = _detect_field(index.parcel_layer.gdf, NAME_FIELDS)
    value = None if field_name is None else state.attributes.get(field_name)
    return None if value is None else str(value)


__all__ = ["LiveChecker", "LivePiece", "LiveResult", "conflict_changes", "live_checker"]
