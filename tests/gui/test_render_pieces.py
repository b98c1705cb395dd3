"""Helpers that keep each render call short (each QPainter call holds the GIL): ring splitting
for strokes and the dot grid."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6")

from parkgis.gui.canvas.render import split_long_rings, unique_cells  # noqa: E402


def test_long_rings_are_cut_into_pieces_sharing_their_end_vertices():
    xy = np.column_stack([np.arange(10.0), np.zeros(10)])
    offsets = np.array([0, 3, 10])                     # a 3-vertex ring and a 7-vertex ring
    pxy, poffsets = split_long_rings(xy, offsets, 3)
    pieces = [pxy[a:b, 0].tolist() for a, b in zip(poffsets[:-1], poffsets[1:], strict=True)]
    assert pieces == [[0, 1, 2], [3, 4, 5], [5, 6, 7], [7, 8, 9]]
    same_xy, same_offsets = split_long_rings(xy, offsets, 7)
    assert same_xy is xy and same_offsets is offsets


def test_unique_cells_one_square_per_half_pixel():
    dots = np.array([[10.1, 5.2], [10.3, 5.4], [10.6, 5.2], [-3.0, 7.9], [10.1, 5.2]])
    assert unique_cells(dots, 2.0).tolist() == [[-3.0, 7.5], [10.0, 5.0], [10.5, 5.0]]
    # a couple of far-apart dots take the sorted path, with the same answer
    far = np.array([[0.0, 0.0], [1e6, 1e6], [0.2, 0.1]])
    assert unique_cells(far, 2.0).tolist() == [[0.0, 0.0], [1e6, 1e6]]
