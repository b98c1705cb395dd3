"""The command stack: push/undo/redo/merge, clean state, and attribute edits with audit."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from parkgis.core.commands import Command, CommandStack, SetAttribute, coerce_value
from parkgis.core.errors import UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role


class Append(Command):
    def __init__(self, target, value, key=None):
        self.target, self.value, self.key = target, value, key
        self.text = f"append {value}"

    def do(self):
        self.target.append(self.value)

    def undo(self):
        self.target.remove(self.value)

    def merge_with(self, other):
        if self.key is not None and isinstance(other, Append) and other.key == self.key:
            self.value = [self.value, other.value] if not isinstance(self.value, list) else [*self.value, other.value]
            return True
        return False


def test_push_undo_redo_and_texts():
    items, stack, seen = [], CommandStack(), []
    stack.listeners.append(lambda: seen.append(len(stack)))
    stack.push(Append(items, 1))
    stack.push(Append(items, 2))
    assert items == [1, 2] and stack.undo_text == "append 2" and not stack.can_redo
    stack.undo()
    assert items == [1] and stack.redo_text == "append 2" and stack.can_redo
    stack.redo()
    assert items == [1, 2]
    stack.undo()
    stack.push(Append(items, 3))          # a new change discards the redo branch
    assert items == [1, 3] and not stack.can_redo
    assert seen == [1, 2, 1, 2, 1, 2]
    with pytest.raises(UsageError):
        CommandStack().undo()
    with pytest.raises(UsageError):
        CommandStack().redo()


def test_merge_and_clean_state():
    log, stack = [], CommandStack()

    class Edit(Command):
        def __init__(self, v):
            self.v, self.text = [v], "edit"

        def do(self):
            log.append(self.v[-1])

        def undo(self):
            log.append(("undo", tuple(self.v)))

        def merge_with(self, other):
            self.v += other.v
            return True

    stack.push(Edit("a"))
    stack.set_clean()
    assert stack.is_clean
    stack.push(Edit("b"))                 # never merges into the saved step
    stack.push(Edit("c"))                 # merges into "b"
    assert len(stack) == 2 and not stack.is_clean
    stack.undo()
    assert log[-1] == ("undo", ("b", "c")) and stack.is_clean


def test_clear_keeps_unsaved_changes_unsaved():
    items, stack = [], CommandStack()
    stack.push(Append(items, 1))
    stack.clear()                         # e.g. a layer removed: the history goes, the edit stays
    assert not stack.is_clean and not stack.can_undo
    stack.set_clean()                     # saved
    assert stack.is_clean
    stack.clear()
    assert stack.is_clean                 # a saved document stays saved


def test_undo_back_to_the_saved_state_is_clean_and_redo_is_not():
    items, stack = [], CommandStack()
    stack.push(Append(items, 1))
    stack.set_clean()
    stack.push(Append(items, 2))
    stack.undo()
    assert stack.is_clean
    stack.redo()
    assert not stack.is_clean
    stack.undo()
    stack.undo()                          # before the saved state
    assert not stack.is_clean


def test_limit_drops_the_oldest():
    items, stack = [], CommandStack(limit=2)
    for v in range(4):
        stack.push(Append(items, v))
    assert len(stack) == 2
    stack.undo()
    stack.undo()
    assert items == [0, 1]
    assert not stack.can_undo


def layer(locked=False):
    gdf = gpd.GeoDataFrame({"DKBH": ["A", "B"], "RJL": [1.2, 0.8], "N": np.array([3, 4], dtype=np.int64)},
                           geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)], crs=4545)
    return VectorLayer("地块", gdf, role=Role.PARCELS, locked=locked)


def test_set_attribute_undo_redo_revision_and_audit(tmp_path):
    project = Project.create(tmp_path / "p.gpkg")
    lyr = layer()
    project.add_layer(lyr)
    project.save()
    stack = CommandStack()
    rev = lyr.revision
    stack.push(SetAttribute(lyr, 1, "RJL", 1.5, project))
    assert lyr.gdf["RJL"].tolist() == [1.2, 1.5] and lyr.revision == rev + 1
    stack.push(SetAttribute(lyr, 1, "RJL", 1.6, project))   # same cell: one undo step
    assert len(stack) == 1
    stack.undo()
    assert lyr.gdf["RJL"].tolist() == [1.2, 0.8]
    actions = [(e["action"], e["feature"]) for e in project.audit_log() if "edit" in e["action"]]
    assert actions == [("edit attribute", "2"), ("edit attribute", "2"), ("undo edit attribute", "2")]
    assert project.audit_log()[-1]["detail"] == '{"field": "RJL", "from": 1.6, "to": 0.8}'
    # unsaved or not is the stack's clean state, not a flag the edit sets and its undo cannot clear
    assert stack.is_clean and not project.dirty


def test_the_undo_entry_names_the_field_not_its_code():
    lyr = layer()
    assert SetAttribute(lyr, 0, "RJL", 2.0).text == "编辑 地块 第 1 行 容积率"
    assert SetAttribute(lyr, 1, "DKBH", "C").text == "编辑 地块 第 2 行 地块编号"
    assert SetAttribute(lyr, 0, "N", 5).text == "编辑 地块 第 1 行 N"          # no known name: the code


def test_set_attribute_refuses_locked_layers_and_geometry():
    with pytest.raises(UsageError, match="locked"):
        SetAttribute(layer(locked=True), 0, "RJL", 2.0)
    with pytest.raises(UsageError, match="no attribute column"):
        SetAttribute(layer(), 0, "geometry", None)
    with pytest.raises(UsageError, match="no feature"):
        SetAttribute(layer(), 5, "RJL", 1.0)


def test_coerce_value_follows_the_column_dtype():
    gdf = layer().gdf
    assert coerce_value(gdf["RJL"], " 1,234.5 ") == 1234.5
    assert coerce_value(gdf["N"], "7") == 7
    assert coerce_value(gdf["DKBH"], "B4-01") == "B4-01"
    assert np.isnan(coerce_value(gdf["RJL"], ""))
    with pytest.raises(UsageError, match="not a valid value for column RJL"):
        coerce_value(gdf["RJL"], "abc")
    with pytest.raises(UsageError, match="integers"):
        coerce_value(gdf["N"], "")


def test_the_history_lists_every_step_and_goes_to_any_state():
    items, stack = [], CommandStack()
    for k in (1, 2, 3):
        stack.push(Append(items, k))
    stack.undo()
    assert stack.texts() == ["append 1", "append 2", "append 3"] and stack.index == 2
    stack.go_to(0)
    assert items == [] and stack.index == 0 and stack.texts() == ["append 1", "append 2", "append 3"]
    stack.go_to(3)
    assert items == [1, 2, 3]
    stack.go_to(1)
    assert items == [1] and stack.redo_text == "append 2"
    with pytest.raises(UsageError):
        stack.go_to(4)
