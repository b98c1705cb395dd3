"""Undoable commands and the command stack (after QGIS ``QgsVectorLayerUndoCommand``, glue
``core/command.py``). Pure Python: the GUI binds its undo/redo actions to a :class:`CommandStack`.

Every user change is a named :class:`Command` pushed on one stack. Consecutive commands that
say so merge into one undo step (typing into the same cell twice, a vertex drag).

Examples
--------
>>> values = {"a": 1}
>>> stack = CommandStack()
>>> class Set(Command):
...     def __init__(self, v): self.v, self.old = v, values["a"]
...     text = "设置 a"
...     def do(self): values["a"] = self.v
...     def undo(self): values["a"] = self.old
>>> stack.push(Set(5)); values["a"]
5
>>> _ = stack.undo(); values["a"]
1
>>> _ = stack.redo(); values["a"]
5
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import UsageError
from .fields import field_alias


class Command:
    """One user change. Subclasses implement :meth:`do` and :meth:`undo` and set :attr:`text`."""

    text: str = ""

    def do(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError

    def merge_with(self, other: Command) -> bool:
        """Absorb ``other`` (pushed right after, already done) into this one; True if merged."""
        return False


class CommandStack:
    """A linear undo history. ``push`` does the command; ``undo``/``redo`` walk the history.

    ``listeners`` are called (without arguments) after every change of the stack, so a GUI can
    update its undo/redo actions. ``limit`` bounds the history (oldest steps dropped).
    """

    def __init__(self, limit: int = 1000) -> None:
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean_index: int | None = 0
        self.limit = limit
        self.listeners: list[Callable[[], None]] = []

    # --- changes ------------------------------------------------------------------------------
    def push(self, command: Command, *, merge: bool = True) -> None:
        command.do()
        self._undone.clear()
        if self._clean_index is not None and self._clean_index > len(self._done):
            self._clean_index = None  # the clean state was in the discarded redo branch
        if merge and self._done and len(self._done) != self._clean_index and self._done[-1].merge_with(command):
            self._notify()
            return
        self._done.append(command)
        if len(self._done) > self.limit:
            del self._done[0]
            if self._clean_index is not None:
                self._clean_index = self._clean_index - 1 if self._clean_index > 0 else None
        self._notify()

    def undo(self) -> Command:
        if not self._done:
            raise UsageError("nothing to undo")
        command = self._done.pop()
        command.undo()
        self._undone.append(command)
        self._notify()
        return command

    def redo(self) -> Command:
        if not self._undone:
            raise UsageError("nothing to redo")
        command = self._undone.pop()
        command.do()
        self._done.append(command)
        self._notify()
        return command

    def clear(self) -> None:
        """Forget the history. Unsaved changes stay unsaved: a stack that was not clean is never
        clean again until :meth:`set_clean` (the saved state went with the history)."""
        was_clean = self.is_clean
        self._done.clear()
        self._undone.clear()
        self._clean_index = 0 if was_clean else None
        self._notify()

    def discard(self, predicate: Callable[[Command], bool]) -> int:
        """Drop the commands for which ``predicate`` is true from the history (e.g. the steps of
        an edit session that was committed or rolled back: they can no longer be undone here).
        Returns how many were dropped. The clean state moves with the steps before it."""
        kept = [c for c in self._done if not predicate(c)]
        dropped = len(self._done) - len(kept)
        if self._clean_index is not None:
            before_clean = self._done[:self._clean_index]
            self._clean_index = len([c for c in before_clean if not predicate(c)])
        self._done = kept
        undone = [c for c in self._undone if not predicate(c)]
        dropped += len(self._undone) - len(undone)
        self._undone = undone
        if dropped:
            self._notify()
        return dropped

    def set_clean(self) -> None:
        """Mark the current state as saved (after a save, or for a document just opened)."""
        self._clean_index = len(self._done)
        self._notify()

    # --- state --------------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_text(self) -> str:
        return self._done[-1].text if self._done else ""

    @property
    def redo_text(self) -> str:
        return self._undone[-1].text if self._undone else ""

    @property
    def is_clean(self) -> bool:
        return self._clean_index == len(self._done)

    @property
    def index(self) -> int:
        """How many steps are done (the state the history stands at: 0 is before the first step)."""
        return len(self._done)

    def texts(self) -> list[str]:
        """Every step's text, oldest first: the done steps, then the undone ones in redo order."""
        return [c.text for c in self._done] + [c.text for c in reversed(self._undone)]

    def go_to(self, index: int) -> None:
        """Undo or redo until ``index`` steps are done (a click in the undo history)."""
        if not 0 <= index <= len(self._done) + len(self._undone):
            raise UsageError(f"the history has no step {index}")
        while len(self._done) > index:
            self.undo()
        while len(self._done) < index:
            self.redo()

    def __len__(self) -> int:
        return len(self._done)

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener()


def coerce_value(series, value: Any) -> Any:
    """``value`` (often text typed by the user) as a value of ``series``' dtype.

    Empty text is a missing value. Raises :class:`UsageError` naming the problem when the text
    does not fit (``"abc"`` into a numeric column such as 容积率).
    """
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
                raise UsageError(f"column {series.name} holds integers and cannot be left empty")
            return None if dtype.kind == "O" else pd.NA if pd.api.types.is_extension_array_dtype(dtype) else np.nan
        try:
            if pd.api.types.is_bool_dtype(dtype):
                lowered = text.lower()
                if lowered in ("1", "true", "yes", "是", "y"):
                    return True
                if lowered in ("0", "false", "no", "否", "n"):
                    return False
                raise ValueError(text)
            if pd.api.types.is_integer_dtype(dtype):
                return int(text.replace(",", ""))
            if pd.api.types.is_float_dtype(dtype):
                return float(text.replace(",", ""))
            if pd.api.types.is_datetime64_any_dtype(dtype):
                return pd.Timestamp(text)
        except ValueError:
            raise UsageError(f"{text!r} is not a valid value for column {series.name} ({dtype})") from None
        return text
    return value


class SetAttribute(Command):
    """Set one attribute value (属性值) of one feature of a layer, recorded in the project audit.

    ``row`` is the feature's position in the layer's GeoDataFrame. Refuses locked layers and the
    geometry column. Typing into the same cell again merges into this step. Whether the edit is
    unsaved is the stack's clean state (undoing back to the saved value is saved again), so the
    command leaves ``project.dirty`` — the changes made outside the history — alone.
    """

    def __init__(self, layer, row: int, column: str, value: Any, project=None) -> None:
        if getattr(layer, "locked", False):
            raise UsageError(f"layer {layer.name} is locked (read-only): to edit it, right-click it in the layers "
                             "panel and untick 锁定（只读）, or call project.set_locked(name, False) in a script")
        gdf = layer.gdf
        if column not in gdf.columns or column == gdf.geometry.name:
            raise UsageError(f"layer {layer.name} has no attribute column {column!r}")
        if not 0 <= row < len(gdf):
            raise UsageError(f"layer {layer.name} has no feature at row {row}")
        self.layer, self.row, self.column, self.project = layer, row, column, project
        self.old = gdf.iloc[row, gdf.columns.get_loc(column)]
        self.new = value
        # the undo menu names the field as the attribute table's header does (容积率, not RJL)
        self.text = f"编辑 {layer.name} 第 {row + 1} 行 {field_alias(column) or column}"

    def _set(self, value: Any, action: str, before: Any, after: Any) -> None:
        gdf = self.layer.gdf
        gdf.iloc[self.row, gdf.columns.get_loc(self.column)] = value
        self.layer.touch()
        if self.project is not None:
            self.project.audit(action, layer=self.layer.name, feature=self.row + 1,
                               detail={"field": self.column, "from": before, "to": after})

    def do(self) -> None:
        self._set(self.new, "edit attribute", self.old, self.new)

    def undo(self) -> None:
        self._set(self.old, "undo edit attribute", self.new, self.old)

    def merge_with(self, other: Command) -> bool:
        if (isinstance(other, SetAttribute) and other.layer is self.layer and other.row == self.row
                and other.column == self.column):
            self.new = other.new
            return True
        return False


__all__ = ["Command", "CommandStack", "SetAttribute", "coerce_value"]
