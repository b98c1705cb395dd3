"""Edit sessions through the project: fids, buffering, undo/redo, commit, conflicts, restore."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest
import shapely

from parkgis.core.errors import UsageError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.store.base import ConflictError

BOXES = [shapely.box(0, 0, 100, 100), shapely.box(200, 0, 300, 100), shapely.box(400, 0, 500, 50)]


def make_project(tmp_path, name="园区.gpkg") -> Project:
    path = tmp_path / name
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02", "A-03"], "RJL": [1.0, 1.5, 2.0]}, geometry=BOXES, crs=4527)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    eco = gpd.GeoDataFrame({"HXMC": ["红线"]}, geometry=[shapely.box(0, 200, 50, 250)], crs=4527)
    project.add_layer(VectorLayer("生态保护红线", eco, role=Role.ECO_REDLINE))
    project.save()
    return Project.open(path)


def fids_in_file(path, layer="地块"):
    return sorted(pyogrio.read_dataframe(path, layer=layer, fid_as_index=True).index)


def test_fids_are_kept_across_save_reopen_and_save_as_and_never_reused(tmp_path):
    project = make_project(tmp_path)
    layer = project.layer("地块")
    assert list(layer.gdf.index) == [1, 2, 3]
    with project.edit("地块") as edit:
        edit.delete_feature(2)
    assert fids_in_file(project.path) == [1, 3]
    reopened = Project.open(project.path)
    with reopened.edit("地块") as edit:
        new = edit.add_feature(shapely.box(600, 0, 700, 100), {"DKBH": "A-04"})
    assert new == 4                       # not 2, not 3: a deleted fid is never given again
    other = tmp_path / "另存.gpkg"
    reopened.save(other)
    assert fids_in_file(other) == [1, 3, 4]
    assert list(Project.open(other).layer("地块").gdf.index) == [1, 3, 4]
    with Project.open(other).edit("地块") as edit:
        assert edit.add_feature(shapely.box(800, 0, 900, 100)) == 5


def test_layer_id_survives_a_rename_and_reopen(tmp_path):
    project = make_project(tmp_path)
    layer_id = project.layer("地块").id
    assert Project.open(project.path).layer("地块").id == layer_id
    project.layer("地块").name = "规划地块"
    project.dirty = True
    project.save()
    assert Project.open(project.path).layer("规划地块").id == layer_id


def test_nothing_reaches_the_committed_data_before_commit_and_rollback_discards(tmp_path):
    project = make_project(tmp_path)
    layer = project.layer("地块")
    edit = project.edit(layer)
    edit.set_attribute(1, "DKBH", "B-01")
    edit.set_geometry(2, shapely.box(200, 0, 350, 100))
    assert edit.feature(1).attributes["DKBH"] == "B-01"
    assert layer.feature(1).attributes["DKBH"] == "A-01"
    assert layer.gdf.loc[1, "DKBH"] == "A-01"
    assert project.dirty
    assert pyogrio.read_dataframe(project.path, layer="地块").DKBH.tolist() == ["A-01", "A-02", "A-03"]
    edit.rollback()
    assert not edit.has_changes and not project.dirty
    assert edit.feature(2).geometry.equals_exact(BOXES[1], 0)
    assert len(project.undo_stack) == 0


def test_undo_and_redo_restore_exact_geometries(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    original = shapely.to_wkb(edit.feature(1).geometry)
    shapes = [shapely.box(0, 0, 100 + i * 7.123456789, 100) for i in range(1, 6)]
    for shape in shapes:
        edit.set_geometry(1, shape)
    for shape in reversed(shapes[:-1]):
        edit.undo()
        assert shapely.to_wkb(edit.feature(1).geometry) == shapely.to_wkb(shape)
    edit.undo()
    assert shapely.to_wkb(edit.feature(1).geometry) == original
    assert not edit.has_changes and not project.dirty          # back at the committed state
    for shape in shapes:
        edit.redo()
        assert shapely.to_wkb(edit.feature(1).geometry) == shapely.to_wkb(shape)


def test_a_drag_with_one_merge_key_is_one_undo_step(tmp_path):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    for i in range(10):
        edit.set_geometry(1, shapely.box(0, 0, 100 + i, 100), merge_key="drag-1")
    assert len(project.undo_stack) == 1
    edit.undo()
    assert edit.feature(1).geometry.equals_exact(BOXES[0], 0)


def test_the_undo_text_names_the_field_not_its_code(tmp_path):
    project = make_project(tmp_path)
    project.edit("地块").set_attribute(1, "RJL", "2.2")
    assert project.undo_stack.undo_text == "编辑 地块 #1 容积率"


def test_commit_writes_only_the_session_changes_with_audit_rows(tmp_path):
    project = make_project(tmp_path)
    with project.edit("地块") as edit:
        edit.set_attribute(3, "RJL", 2.75)
    rows = [r for r in project.audit_log() if r.get("fid") is not None]
    assert [(r["fid"], r["action"]) for r in rows] == [(3, "attributes")]
    read = pyogrio.read_dataframe(project.path, layer="地块", fid_as_index=True)
    assert read.loc[3, "RJL"] == 2.75 and read.loc[1, "RJL"] == 1.0
    assert not project.dirty and "地块" not in [s.layer.name for s in project.sessions.values()]


def test_an_exception_inside_the_with_block_rolls_back(tmp_path):
    project = make_project(tmp_path)
    with pytest.raises(RuntimeError), project.edit("地块") as edit:
        edit.set_attribute(1, "DKBH", "不要")
        raise RuntimeError("stop")
    assert Project.open(project.path).layer("地块").feature(1).attributes["DKBH"] == "A-01"


@pytest.mark.parametrize("action,message", [
    (lambda e: e.set_attribute(99, "DKBH", "x"), "layer 地块 has no feature with fid 99"),
    (lambda e: e.set_attribute(1, "NOPE", "x"), "layer 地块, feature 1: no attribute column 'NOPE'"),
    (lambda e: e.set_attribute(1, "RJL", "abc"), "layer 地块, feature 1: 'abc' is not a valid value for column RJL"),
    (lambda e: e.set_geometry(1, shapely.Point(1, 1)), "layer 地块 holds Polygon geometries; a Point does not fit"),
    (lambda e: e.add_feature("not wkt at all"), "layer 地块: the geometry cannot be read"),
])
def test_bad_edits_name_the_layer_fid_and_problem(tmp_path, action, message):
    project = make_project(tmp_path)
    edit = project.edit("地块")
    with pytest.raises(UsageError) as caught:
        action(edit)
    assert message in str(caught.value)
    assert not edit.has_changes and len(project.undo_stack) == 0


def test_a_locked_layer_refuses_an_edit_session(tmp_path):
    project = make_project(tmp_path)
    with pytest.raises(UsageError, match="layer 生态保护红线 is locked") as caught:
        project.edit("生态保护红线")
    # the message says how to unlock (the layer panel's context menu item, or the script call)
    assert "right-click it in the layers panel and untick 锁定（只读）" in str(caught.value)
    assert "project.set_locked(name, False)" in str(caught.value)


def test_two_projects_editing_one_feature_the_second_gets_a_conflict(tmp_path):
    first = make_project(tmp_path)
    second = Project.open(first.path)
    second.edit("地块").set_attribute(2, "DKBH", "乙改")
    with first.edit("地块") as edit:
        edit.set_attribute(2, "DKBH", "甲改")
    session = second.edit("地块")
    with pytest.raises(ConflictError) as caught:
        session.commit()
    (conflict,) = caught.value.conflicts
    assert conflict.fid == 2
    assert conflict.base.attributes["DKBH"] == "A-02"
    assert conflict.theirs.attributes["DKBH"] == "甲改"
    assert conflict.mine.attributes["DKBH"] == "乙改"
    assert session.has_changes                       # the session and its edit are kept
    assert Project.open(first.path).layer("地块").feature(2).attributes["DKBH"] == "甲改"
    session.resolve(2, "mine")
    session.commit()
    assert Project.open(first.path).layer("地块").feature(2).attributes["DKBH"] == "乙改"


def test_choosing_theirs_takes_the_file_version(tmp_path):
    first = make_project(tmp_path)
    second = Project.open(first.path)
    with first.edit("地块") as edit:
        edit.set_attribute(1, "RJL", 3.0)
    session = second.edit("地块")
    session.set_attribute(1, "RJL", 4.0)
    with pytest.raises(ConflictError):
        session.commit()
    session.resolve(1, "theirs")
    assert not session.has_changes
    assert second.layer("地块").feature(1).attributes["RJL"] == 3.0


def test_a_whole_file_save_refuses_to_overwrite_anothers_commits(tmp_path):
    first = make_project(tmp_path)
    second = Project.open(first.path)
    with first.edit("地块") as edit:
        edit.set_attribute(1, "RJL", 3.0)
    second.layer("地块").name = "改名"    # a structural change: needs the whole file
    second.dirty = True
    from parkgis.core.errors import DataError
    with pytest.raises(DataError, match="changed by another program or user since it was opened"):
        second.save()
    assert Project.open(first.path).layer("地块").feature(1).attributes["RJL"] == 3.0


def test_history_and_restore_of_an_old_version(tmp_path):
    project = make_project(tmp_path)
    with project.edit("地块") as edit:
        edit.set_geometry(1, shapely.box(0, 0, 150, 100))
    with project.edit("地块") as edit:
        edit.set_attribute(1, "DKBH", "A-01改")
    history = project.history("地块", 1)
    assert [(h.version, h.operation) for h in history] == [(1, "stored"), (2, "geometry"), (3, "attributes")]
    project.restore("地块", 1, 1)
    reopened = Project.open(project.path)
    restored = reopened.layer("地块").feature(1)
    assert restored.geometry.equals_exact(BOXES[0], 0) and restored.attributes["DKBH"] == "A-01"
    after = reopened.history("地块", 1)
    assert [h.operation for h in after] == ["stored", "geometry", "attributes", "restore"]
    assert after[-1].reason == "restore version 1"


def test_restoring_a_deleted_feature_brings_it_back_with_its_fid(tmp_path):
    project = make_project(tmp_path)
    with project.edit("地块") as edit:
        edit.delete_feature(3)
    assert [h.state is None for h in project.history("地块", 3)] == [False, True]
    project.restore("地块", 3, 1)
    assert Project.open(project.path).layer("地块").feature(3).attributes["DKBH"] == "A-03"


def test_dirty_follows_the_edits_and_events_are_emitted(tmp_path):
    project = make_project(tmp_path)
    seen = []
    project.events.dirty_changed.connect(lambda d: seen.append(("dirty", d)))
    project.events.features_changed.connect(lambda lid, fids: seen.append(("features", fids)))
    edit = project.edit("地块")
    edit.set_attribute(1, "RJL", 2.0)
    edit.undo()
    assert seen == [("features", [1]), ("dirty", True), ("features", [1]), ("dirty", False)]


def test_the_readme_scripting_example_runs(tmp_path):
    import re
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- scripting-example -->\s*```python\n(.*?)```", readme, re.S)
    assert block, "README has no scripting example block"
    project = make_project(tmp_path)
    code = block.group(1).replace('"园区.gpkg"', repr(str(project.path)))
    namespace: dict = {}
    exec(compile(code, "README", "exec"), namespace)
    fid = namespace["fid"]
    reopened = Project.open(project.path)
    assert reopened.layer("地块").feature(fid).attributes["DKBH"] == "B4-03"
    assert not reopened.layer("地块").has_feature(namespace["some_fid"])
