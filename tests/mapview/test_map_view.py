"""MapView: the canvas' pure view transform."""

from __future__ import annotations

import pytest

from parkgis.mapview.view import MapView


def test_screen_and_map_are_inverse_and_north_is_up():
    v = MapView(cx=1000.0, cy=2000.0, mpp=2.0, width=400, height=300)
    assert v.extent() == (600.0, 1700.0, 1400.0, 2300.0)
    assert v.to_screen(600.0, 2300.0) == (0.0, 0.0)          # top-left pixel = (minx, maxy)
    assert v.to_screen(1400.0, 1700.0) == (400.0, 300.0)
    assert v.to_map(*v.to_screen(1234.5, 1876.25)) == pytest.approx((1234.5, 1876.25))


def test_zoom_keeps_the_point_under_the_cursor():
    v = MapView(0.0, 0.0, 1.0, 800, 600)
    anchor = (100.0, 450.0)
    before = v.to_map(*anchor)
    z = v.zoomed(2.0, anchor)
    assert z.mpp == 0.5
    assert z.to_map(*anchor) == pytest.approx(before)
    assert z.zoomed(0.5, anchor).to_map(*anchor) == pytest.approx(before)


def test_pan_moves_content_with_the_drag():
    v = MapView(0.0, 0.0, 2.0, 100, 100)
    p = v.panned(10, -5)  # dragged right and up: the map point under a pixel moves right/up with it
    assert p.to_screen(*v.to_map(50, 50)) == pytest.approx((60, 45))


def test_fit_shows_bounds_whole_with_margin_and_scale():
    v = MapView.fit((0.0, 0.0, 1000.0, 500.0), 1000, 1000, margin=0.05)
    minx, miny, maxx, maxy = v.extent()
    assert minx <= 0 and maxx >= 1000 and miny <= 0 and maxy >= 500
    assert v.mpp == pytest.approx(1000 / 900)
    # 1 m/px on a 96-dpi screen is 1:3779.5
    assert MapView(0, 0, 1.0, 10, 10).scale_denominator(96) == pytest.approx(96 / 0.0254)


def test_placement_of_an_older_image():
    old = MapView(0.0, 0.0, 1.0, 100, 100)
    new = old.zoomed(2.0)               # zoom in at the centre: the old image doubles in size
    assert new.placement_of(old) == pytest.approx((-50.0, -50.0, 2.0))
    assert old.placement_of(old) == (0.0, 0.0, 1.0)
