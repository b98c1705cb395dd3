"""Helpers that keep each render call short (each QPainter call holds the GIL): ring splitting
for strokes and the dot image."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6")

from parkgis.gui.canvas.render import dot_image, split_long_rings  # noqa: E402


def test_long_rings_are_cut_into_pieces_sharing_their_end_vertices():
    xy = np.column_stack([np.arange(10.0), np.zeros(10)])
    offsets = np.array([0, 3, 10])                     # a 3-vertex ring and a 7-vertex ring
    pxy, poffsets = split_long_rings(xy, offsets, 3)
    pieces = [pxy[a:b, 0].tolist() for a, b in zip(poffsets[:-1], poffsets[1:], strict=True)]
    assert pieces == [[0, 1, 2], [3, 4, 5], [5, 6, 7], [7, 8, 9]]
    same_xy, same_offsets = split_long_rings(xy, offsets, 7)
    assert same_xy is xy and same_offsets is offsets


def test_dot_image_covers_the_pixel_centres_of_each_square(qapp):
    red = (255, 0, 0, 128)
    dots = np.array([[2.0, 2.0], [2.2, 2.1], [7.9, 0.1], [50.0, 50.0]])   # a duplicate, one partly off, one off
    image = dot_image(dots, red, 1.0, 10, 5)
    covered = {(x, y) for x in range(10) for y in range(5) if image.pixelColor(x, y).alpha()}
    assert covered == {(1, 1), (2, 1), (1, 2), (2, 2), (7, 0), (8, 0)}
    assert image.pixelColor(1, 1).getRgb() == (255, 0, 0, 128)
    sharp = dot_image(np.array([[2.0, 2.0]]), red, 0.5, 10, 10, dpr=2.0)   # HiDPI: a 2×2 device-pixel square
    assert sharp.devicePixelRatio() == 2.0
    assert {(x, y) for x in range(10) for y in range(10) if sharp.pixelColor(x, y).alpha()} == {
        (3, 3), (4, 3), (3, 4), (4, 4)}
