"""The feature selection shared by the map, the attribute table and the tools.

Per layer, a sorted array of row positions (0-based ``iloc`` rows of the layer's GeoDataFrame).
Whoever changes it (a map click, a table click) emits :attr:`FeatureSelection.changed` and every
other view follows — that is all the two-way synchronisation there is.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..core.layers import VectorLayer

REPLACE, ADD, TOGGLE, REMOVE = "replace", "add", "toggle", "remove"
_EMPTY = np.zeros(0, dtype=np.int64)


class FeatureSelection(QObject):
    #: the layer whose selection changed
    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[int, tuple[VectorLayer, np.ndarray]] = {}

    def selected(self, layer: VectorLayer) -> np.ndarray:
        entry = self._rows.get(id(layer))
        return entry[1] if entry is not None and entry[0] is layer else _EMPTY

    def layers(self) -> list[VectorLayer]:
        """Layers with a non-empty selection."""
        return [lyr for lyr, rows in self._rows.values() if len(rows)]

    def count(self, layer: VectorLayer | None = None) -> int:
        if layer is not None:
            return len(self.selected(layer))
        return sum(len(rows) for _, rows in self._rows.values())

    def select(self, layer: VectorLayer, rows, mode: str = REPLACE) -> None:
        rows = np.unique(np.asarray(rows, dtype=np.int64).ravel())
        rows = rows[(rows >= 0) & (rows < len(layer.gdf))]
        old = self.selected(layer)
        if mode == REPLACE:
            new = rows
        elif mode == ADD:
            new = np.union1d(old, rows)
        elif mode == REMOVE:
            new = np.setdiff1d(old, rows)
        elif mode == TOGGLE:
            new = np.setxor1d(old, rows)
        else:
            raise ValueError(mode)
        if np.array_equal(old, new):
            return
        self._rows[id(layer)] = (layer, new.astype(np.int64))
        self.changed.emit(layer)

    def clear(self, layer: VectorLayer | None = None) -> None:
        targets = [layer] if layer is not None else [lyr for lyr, _ in self._rows.values()]
        for lyr in targets:
            if len(self.selected(lyr)):
                self._rows[id(lyr)] = (lyr, _EMPTY)
                self.changed.emit(lyr)

    def forget_missing(self, layers) -> None:
        """Drop the selection of layers no longer in the project."""
        live = {id(lyr) for lyr in layers}
        for key in [k for k in self._rows if k not in live]:
            del self._rows[key]


def selection_overlay(layer: VectorLayer, rows: np.ndarray) -> VectorLayer | None:
    """A layer drawing the selected features of ``layer`` in the selection colour (QGIS yellow)."""
    if not len(rows):
        return None
    import geopandas as gpd

    gdf = gpd.GeoDataFrame(geometry=layer.gdf.geometry.iloc[rows].to_numpy(), crs=layer.gdf.crs)
    return VectorLayer(f"选择:{layer.name}", gdf, style={"fill": "#ffe600", "fill_opacity": 0.35,
                                                        "outline": "#e6a800", "outline_width": 0.6},
                       locked=True)


__all__ = ["ADD", "REMOVE", "REPLACE", "TOGGLE", "FeatureSelection", "selection_overlay"]
