"""The layer tree model through its Qt model API."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from guitools import box_layer  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt  # noqa: E402

from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.layer_model import Column, LayerObjectRole, LayerTreeModel, LockedRole  # noqa: E402

DISPLAY, CHECK = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole


@pytest.fixture
def layers():
    return [  # draw order, bottom first
        box_layer("永久基本农田", Role.FARMLAND, [(0, 0, 10, 10), (20, 0, 30, 10)]),
        box_layer("园区四至", Role.PARK, [(0, 0, 100, 100)]),
        box_layer("地块", Role.PARCELS, [(0, 0, 10, 10), (10, 0, 20, 10), (20, 0, 30, 10)]),
    ]


@pytest.fixture
def model(qapp, layers):
    m = LayerTreeModel()
    m.set_layers(layers)
    return m


def test_rows_are_the_layers_top_of_the_map_first(model):
    assert model.rowCount() == 3
    assert model.columnCount() == 5
    assert model.rowCount(model.index(0, 0)) == 0          # flat: layers have no children yet
    assert not model.parent(model.index(1, 0)).isValid()
    names = [model.data(model.index(r, Column.NAME), DISPLAY) for r in range(3)]
    assert names == ["地块", "园区四至", "永久基本农田"]
    assert not model.index(3, 0).isValid()


def test_display_columns(model, zh):
    row = [model.data(model.index(0, c), DISPLAY) for c in range(5)]
    assert row == ["地块", "地块/标准地", "3", "EPSG:4525", None]
    assert model.data(model.index(2, Column.ROLE), DISPLAY) == "永久基本农田"
    assert model.headerData(Column.NAME, Qt.Orientation.Horizontal, DISPLAY) == "图层"


def test_role_labels_follow_the_language(model, en):
    assert model.data(model.index(2, Column.ROLE), DISPLAY) == "Permanent basic farmland"
    assert model.headerData(Column.FEATURES, Qt.Orientation.Horizontal, DISPLAY) == "Features"


def test_lock_state_of_constraint_layers(model, layers):
    assert [model.data(model.index(r, 0), LockedRole) for r in range(3)] == [False, True, True]
    assert model.data(model.index(1, Column.LOCK), Qt.ItemDataRole.DecorationRole) is not None
    assert model.data(model.index(0, Column.LOCK), Qt.ItemDataRole.DecorationRole) is None
    assert model.data(model.index(0, 0), LayerObjectRole) is layers[2]


def test_checkbox_toggles_visibility(model, layers, qtbot):
    idx = model.index(1, Column.NAME)
    assert model.flags(idx) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(1, Column.ROLE)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(idx, CHECK) == Qt.CheckState.Checked
    with qtbot.waitSignal(model.visibilityChanged) as sig, qtbot.waitSignal(model.dataChanged):
        assert model.setData(idx, Qt.CheckState.Unchecked.value, CHECK)
    assert sig.args == [layers[1]]
    assert layers[1].visible is False and layers[0].visible and layers[2].visible
    assert model.data(idx, CHECK) == Qt.CheckState.Unchecked
    assert model.setData(idx, Qt.CheckState.Checked, CHECK)
    assert layers[1].visible is True
    # names are not editable through the model, and bad indexes are refused
    assert not model.setData(model.index(1, Column.NAME), "x", Qt.ItemDataRole.EditRole)
    assert not model.setData(QModelIndex(), Qt.CheckState.Checked, CHECK)


def test_tooltip_escapes_names(model, layers):
    layers[2].name = "<b>x</b>"
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;x&lt;/b&gt;" in tip and "<b>x</b>" not in tip


def test_role_reasons_from_core_are_shown_in_chinese(zh, qtbot):
    from parkgis.core.roles import guess_role
    from parkgis.gui.layer_model import LayerTreeModel

    model = LayerTreeModel()
    assert model._role_reason("saved in the project") == "已保存在项目中"
    assert model._role_reason(guess_role("STBHHX.shp").reason) == "名称匹配：STBHHX / 生态保护红线"
