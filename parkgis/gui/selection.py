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
    """The selected features of each layer, kept as (layer id, fids): a selection survives a row
    being deleted or added above it. Views ask and answer in row positions (``selected``,
    ``select``), converted here at the boundary."""

    #: the layer whose selection changed
    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fids: dict[str, tuple[VectorLayer, np.ndarray]] = {}

    def selected_fids(self, layer: VectorLayer) -> np.ndarray:
        """The fids selected in ``layer`` that still exist, ascending."""
        entry = self._fids.get(layer.id)
        if entry is None or entry[0] is not layer or not len(entry[1]):
            return _EMPTY
        fids = entry[1]
        return fids[np.isin(fids, layer.gdf.index.to_numpy())]

    def selected(self, layer: VectorLayer) -> np.ndarray:
        """Row positions of the selected features, ascending."""
        fids = self.selected_fids(layer)
        if not len(fids):
            return _EMPTY
        return np.sort(layer.gdf.index.get_indexer(fids)).astype(np.int64)

    def layers(self) -> list[VectorLayer]:
        """Layers with a non-empty selection."""
        return [lyr for lyr, _fids in self._fids.values() if len(self.selected_fids(lyr))]

    def count(self, layer: VectorLayer | None = None) -> int:
        if layer is not None:
            return len(self.selected_fids(layer))
        return sum(len(self.selected_fids(lyr)) for lyr, _ in self._fids.values())

    def select(self, layer: VectorLayer, rows, mode: str = REPLACE) -> None:
        """Select by row positions (what a view has)."""
        rows = np.asarray(rows, dtype=np.int64).ravel()
        rows = rows[(rows >= 0) & (rows < len(layer.gdf))]
        self.select_fids(layer, layer.gdf.index.to_numpy()[rows], mode)

    def select_fids(self, layer: VectorLayer, fids, mode: str = REPLACE) -> None:
        fids = np.unique(np.asarray(fids, dtype=np.int64).ravel())
        old = self.selected_fids(layer)
        if mode == REPLACE:
            new = fids
        elif mode == ADD:
            new = np.union1d(old, fids)
        elif mode == REMOVE:
            new = np.setdiff1d(old, fids)
        elif mode == TOGGLE:
            new = np.setxor1d(old, fids)
        else:
            raise ValueError(mode)
        if np.array_equal(old, new):
            return
        self._fids[layer.id] = (layer, new.astype(np.int64))
        self.changed.emit(layer)

    def clear(self, layer: VectorLayer | None = None) -> None:
        targets = [layer] if layer is not None else [lyr for lyr, _ in self._fids.values()]
        for lyr in targets:
            if len(self.selected_fids(lyr)):
                self._fids[lyr.id] = (lyr, _EMPTY)
                self.changed.emit(lyr)

    def forget_missing(self, layers) -> None:
        """Drop the selection of layers no longer in the project."""
        live = {lyr.id for lyr in layers}
        for key in [k for k in self._fids if k not in live]:
            del self._fids[key]


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
