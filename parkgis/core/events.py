"""Project events: the core says what changed, views listen (the GUI through one Qt adapter).

A :class:`Signal` is a list of callables, called in order with the event's arguments; a failing
listener does not stop the others (it is reported through :mod:`warnings`, as Qt reports a slot's
exception without undoing the emit).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable


class Signal:
    def __init__(self, name: str):
        self.name = name
        self._listeners: list[Callable] = []

    def connect(self, listener: Callable) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def disconnect(self, listener: Callable) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, *args) -> None:
        for listener in list(self._listeners):
            try:
                listener(*args)
            except Exception as exc:  # noqa: BLE001 — a broken view must not break the edit
                warnings.warn(f"listener of {self.name} failed: {exc!r}", RuntimeWarning, stacklevel=2)


class ProjectEvents:
    """``layers_changed(action, layer_id)`` — action: added, removed, moved, renamed, restyled,
    role, locked, visible; ``features_changed(layer_id, fids)``; ``dirty_changed(dirty)``;
    ``session_changed(layer_id)`` — an edit session opened, committed, rolled back or closed;
    ``register_changed(parcel_ids)`` — 标准地 register entries changed in its edit session (an edit, an
    undo or redo, a rollback) or were committed."""

    def __init__(self) -> None:
        self.layers_changed = Signal("layers_changed")
        self.features_changed = Signal("features_changed")
        self.dirty_changed = Signal("dirty_changed")
        self.session_changed = Signal("session_changed")
        self.register_changed = Signal("register_changed")
