"""The attribute table: the model through the Qt API, sort, filter, edits with undo, selection sync."""

from __future__ import annotations

import time

import geopandas as gpd
import numpy as np
import pytest
import shapely

pytest.importorskip("PySide6")

from guitools import X0, Y0, box_layer  # noqa: E402
from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402

from parkgis.core.layers import VectorLayer  # noqa: E402
from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.attribute_table import (  # noqa: E402
    AttributeTableModel,
    AttributeTablePanel,
    FieldNameRole,
    PositionRole,
)
from parkgis.gui.main_window import MainWindow  # noqa: E402
from parkgis.gui.selection import ADD, TOGGLE, FeatureSelection  # noqa: E402

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


def parcels(locked=False):
    gdf = gpd.GeoDataFrame(
        {"DKBH": ["B-02", "A-01", "C-03", "a-04"], "DKMC": ["二号", "一号", None, "四号地块"],
         "RJL": [1.2, np.nan, 0.8, 2.0], "N": np.array([3, 1, 2, 4], dtype=np.int64)},
        geometry=[shapely.box(X0 + 100 * i, Y0, X0 + 100 * i + 80, Y0 + 80) for i in range(4)], crs=4525)
    return VectorLayer("地块", gdf, role=Role.PARCELS, locked=locked)


def cells(model, column):
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_reads_the_layer(qtbot):
    model = AttributeTableModel()
    model.set_layer(parcels())
    assert (model.rowCount(), model.columnCount()) == (4, 4)
    # known field codes show their Chinese names; the code stays in the tooltip and FieldNameRole
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["地块编号", "地块名称", "容积率", "N"]
    assert [model.headerData(c, Qt.Orientation.Horizontal, FieldNameRole) for c in range(4)] == [
        "DKBH", "DKMC", "RJL", "N"]
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "地块编号（DKBH）"
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "N"
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert cells(model, 1) == ["二号", "一号", "", "四号地块"]           # None shows empty
    assert cells(model, 2) == ["1.2", "", "0.8", "2"]                   # NaN shows empty
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == right
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_sort_and_filter_permute_rows(qtbot):
    model = AttributeTableModel()
    model.set_layer(parcels())
    model.sort(0, ASC)
    assert cells(model, 0) == ["A-01", "B-02", "C-03", "a-04"]
    assert model.index(0, 0).data(PositionRole) == 1
    assert model.headerData(0, Qt.Orientation.Vertical) == "2"         # the feature keeps its number
    model.sort(2, DESC)
    assert cells(model, 2) == ["2", "1.2", "0.8", ""]                  # missing values last
    model.sort(3, ASC)
    model.set_filter("A-0")                                            # case-insensitive, any field
    assert cells(model, 0) == ["A-01", "a-04"]                         # still sorted by N
    assert model.row_of(0) == -1 and model.row_of(3) == 1
    model.set_filter("地块")
    assert cells(model, 0) == ["a-04"]
    model.set_filter("")
    assert model.rowCount() == 4


def test_large_layer_is_lazy_and_fast(qtbot):
    n = 100_000
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1e5, n)
    gdf = gpd.GeoDataFrame({"DKBH": [f"P{i:06d}" for i in range(n)], "MJ": rng.uniform(100, 1e5, n),
                            "YT": rng.choice(["工业用地", "物流仓储用地", "道路用地"], n)},
                           geometry=shapely.points(x, x), crs=4525)
    layer = VectorLayer("大图层", gdf, role=Role.PARCELS)
    model = AttributeTableModel()
    t0 = time.perf_counter()
    model.set_layer(layer)
    assert model.index(n - 1, 0).data() == "P099999"
    t1 = time.perf_counter()
    model.sort(1, DESC)
    t2 = time.perf_counter()
    model.set_filter("物流")
    t3 = time.perf_counter()
    values = gdf["MJ"].to_numpy()[model.order]
    assert (np.diff(values) <= 0).all()                                 # still sorted after the filter
    assert model.rowCount() == int((gdf["YT"] == "物流仓储用地").sum())
    # generous bounds for a shared 2-core machine; typical figures are 10× lower
    assert t1 - t0 < 1.0 and t2 - t1 < 1.0 and t3 - t2 < 2.0, (t1 - t0, t2 - t1, t3 - t2)


def test_edit_goes_into_the_session_on_the_project_stack_and_is_committed_on_save(qtbot, tmp_path, zh):
    project = Project.create(tmp_path / "p.gpkg")
    layer = project.add_layer(parcels())
    project.save()
    project = Project.open(project.path)
    layer = project.layer(layer.name)
    model = AttributeTableModel()
    model.set_layer(layer, project)
    idx = model.index(2, 2)
    assert not model.setData(idx, "0.9")                               # not in edit mode
    assert model.set_editing(True)
    assert model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(idx, "0.95")
    fid = model.fid(2)
    assert idx.data() == "0.95" and idx.data(Qt.ItemDataRole.FontRole).italic()     # shown as edited
    assert layer.gdf.loc[fid, "RJL"] == 0.8                            # not committed yet
    assert project.undo_stack.undo_text == f"编辑 地块 #{fid} 容积率"   # the field's name, not its code RJL
    with qtbot.waitSignal(model.editFailed) as blocker:
        assert not model.setData(model.index(0, 3), "三")              # not an integer
    assert blocker.args[0].endswith("'三' 不是字段 N 的有效值（int64）")   # the core's message, in the Chinese UI
    with qtbot.waitSignal(model.dataChanged):
        project.undo_stack.undo()
    assert idx.data() == "0.8" and not project.dirty
    project.undo_stack.redo()
    project.save()
    assert Project.open(project.path).layer(layer.name).feature(fid).attributes["RJL"] == 0.95
    rows = [r for r in project.audit_log() if r.get("fid") is not None]
    assert [(r["fid"], r["action"], r["detail"]) for r in rows] == [(fid, "attributes", '{"changed": ["RJL"]}')]
    assert idx.data() == "0.95" and not idx.data(Qt.ItemDataRole.FontRole)


def test_locked_layer_cannot_enter_edit_mode(qtbot):
    model = AttributeTableModel()
    model.set_layer(parcels(locked=True))
    assert not model.set_editing(True)
    assert not model.setData(model.index(0, 0), "X")


def test_selection_follows_both_ways(qtbot):
    selection = FeatureSelection()
    panel = AttributeTablePanel(selection)
    qtbot.addWidget(panel)
    layer = parcels()
    other = box_layer("园区四至", Role.PARK, [(0, 0, 10, 10)])
    panel.set_layers([other, layer])                                  # legend order: 地块 first
    assert panel.layer() is layer
    panel.model.sort(0, ASC)                                           # rows: A-01(1) B-02(0) C-03(2) a-04(3)
    # map → table
    selection.select(layer, [0, 3])
    rows = sorted(i.row() for i in panel.view.selectionModel().selectedRows())
    assert rows == [1, 3]
    # table → map
    sm = panel.view.selectionModel()
    with qtbot.waitSignal(selection.changed):
        sm.select(panel.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                  | QItemSelectionModel.SelectionFlag.Rows)
    assert selection.selected(layer).tolist() == [1]
    selection.select(layer, [2], ADD)
    assert selection.selected(layer).tolist() == [1, 2]
    selection.select(layer, [1, 3], TOGGLE)
    assert selection.selected(layer).tolist() == [2, 3]
    assert "2 selected" in panel.count_label.text() or "选中" in panel.count_label.text()
    assert selection.selected(other).tolist() == []


def test_window_table_selection_zoom_and_undo(qtbot, settings, zh, tmp_path):
    project = Project.create(tmp_path / "w.gpkg")
    layer = project.add_layer(parcels())
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.set_project(project)
    win.show_attribute_table(layer)
    assert win.table_panel.layer() is layer
    win.selection.select(layer, [3])
    assert win.canvas.overlay(f"selection:{id(layer)}") is not None
    win.zoom_to_selection()
    x0, y0, x1, y1 = win.canvas.view.extent()
    assert x0 <= X0 + 300 and X0 + 380 <= x1 and y0 <= Y0 and Y0 + 80 <= y1
    assert x1 - x0 < 1000                                              # zoomed in on the one parcel
    model = win.table_panel.model
    win.table_panel.edit_toggle.setChecked(True)
    assert model.setData(model.index(0, 0), "Z-09")
    assert win.act_undo.isEnabled() and win.act_undo.text().startswith("撤销(&U) ")
    win.act_undo.trigger()
    assert layer.gdf["DKBH"].iloc[0] == "B-02" and model.index(0, 0).data() == "B-02"
    win.act_redo.trigger()
    assert model.index(0, 0).data() == "Z-09"
    win.selection.clear()
    assert win.canvas.overlay(f"selection:{id(layer)}") is None
