"""Legend rows of categorized layers in the layer tree, through the Qt model API."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from guitools import box_layer  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt  # noqa: E402
from PySide6.QtTest import QAbstractItemModelTester  # noqa: E402

from parkgis.core.roles import Role  # noqa: E402
from parkgis.core.styles import categorized_style  # noqa: E402
from parkgis.gui.layer_model import Column, LayerObjectRole, LayerTreeModel, LegendValueRole  # noqa: E402

DISPLAY, CHECK, DECO = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.DecorationRole


def parcels():
    layer = box_layer("地块", Role.PARCELS, [(i * 10, 0, i * 10 + 10, 10) for i in range(5)],
                      style={"fill": "#808080", "fill_opacity": 1.0})
    layer.gdf["YDYH"] = ["1001", "1001", "1101", "9999", None]
    return layer


@pytest.fixture
def setup(qapp):
    park = box_layer("园区四至", Role.PARK, [(0, 0, 100, 100)])
    layer = parcels()
    layer.style["categorized"] = categorized_style(layer.gdf, "YDYH", "landuse")
    model = LayerTreeModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_layers([park, layer])
    return model, layer, park, tester


def pixel(icon):
    return icon.pixmap(16, 16).toImage().pixelColor(8, 8).getRgb()[:3]


def test_categorized_layer_has_legend_rows(setup, zh):
    model, layer, park, _ = setup
    top = model.index(0, 0)
    assert model.data(top, DISPLAY) == "地块"
    assert model.rowCount(top) == 3 and model.rowCount(model.index(1, 0)) == 0
    rows = [[model.data(model.index(r, c, top), DISPLAY) for c in (Column.NAME, Column.FEATURES)]
            for r in range(3)]
    assert rows == [["1001 工业用地", "2"], ["1101 物流仓储用地", "1"], ["其他值", "2"]]
    assert [model.data(model.index(r, 0, top), LegendValueRole) for r in range(3)] == ["1001", "1101", None]
    assert [pixel(model.data(model.index(r, 0, top), DECO)) for r in range(3)] == [
        (187, 150, 116), (135, 97, 211), (128, 128, 128)]
    child = model.index(1, Column.FEATURES, top)
    assert model.parent(child) == top and model.parent(top) == QModelIndex()
    assert model.layer_at(child) is layer and model.data(child, LayerObjectRole) is layer
    assert model.rowCount(child) == 0 and model.legend_entry(top) is None
    assert model.legend_entry(child).count == 1


def test_legend_rows_have_no_visibility_box(setup):
    model, layer, _, _ = setup
    child = model.index(0, 0, model.index(0, 0))
    assert not model.flags(child) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(child, CHECK) is None
    assert not model.setData(child, Qt.CheckState.Unchecked, CHECK) and layer.visible


def test_restyling_replaces_the_legend_rows(setup, zh):
    model, layer, _, _ = setup
    top = model.index(0, 0)
    removed, inserted = [], []
    model.rowsRemoved.connect(lambda p, a, b: removed.append((p.row(), a, b)))
    model.rowsInserted.connect(lambda p, a, b: inserted.append((p.row(), a, b)))
    layer.style["categorized"] = categorized_style(layer.gdf, "name")
    model.refresh_layer(layer)
    assert removed == [(0, 0, 2)] and inserted == [(0, 0, 4)]
    assert [model.data(model.index(r, 0, top), DISPLAY) for r in range(5)] == [f"地块-{i}" for i in range(5)]
    layer.style.pop("categorized")
    model.refresh_layer(layer)
    assert model.rowCount(top) == 0 and removed[-1] == (0, 0, 4)
    model.refresh_layer(layer)                 # nothing changed: no row signals
    assert len(removed) == 2 and len(inserted) == 1


def test_other_values_row_follows_the_language(setup, en):
    model, _, _, _ = setup
    assert model.data(model.index(2, 0, model.index(0, 0)), DISPLAY) == "Other values"
