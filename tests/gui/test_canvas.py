"""The map canvas renders off the GUI thread; assertions on pixel colours at known positions."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")

from guitools import X0, Y0, box_layer  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QWheelEvent  # noqa: E402

from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.canvas import MapCanvas, MapView  # noqa: E402
from parkgis.gui.canvas import render as render_module  # noqa: E402
from parkgis.gui.styles import theme_background  # noqa: E402

OPAQUE = {"fill": "#BB9674", "fill_opacity": 1.0, "outline": "#5A4030", "outline_width": 0.26}


def rgb(image, x, y):
    return image.pixelColor(x, y).getRgb()[:3]


@pytest.fixture
def canvas(qtbot):
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(200, 200)
    return c


def show(canvas, layers):
    """Draw ``layers`` at 1 m/px with map (X0 + 50, Y0 + 50) at pixel (100, 100)."""
    canvas.set_layers(layers)
    canvas.set_view(MapView(X0 + 50, Y0 + 50, 1.0, 200, 200))
    assert canvas.wait_for_render(10)
    return canvas.render_to_image()


def test_box_is_drawn_where_it_is(canvas, monkeypatch):
    threads = []
    real = render_module.render_layer

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(render_module, "render_layer", spy)
    # box 0..100 m at 1 m/px centred on (50, 50): it covers pixels 50..150
    image = show(canvas, [box_layer("地块", Role.PARCELS, [(0, 0, 100, 100)], style=OPAQUE)])
    assert rgb(image, 100, 100) == (187, 150, 116)             # 工业用地 fill inside
    assert rgb(image, 60, 140) == (187, 150, 116)
    assert rgb(image, 20, 20) == theme_background()[:3]        # outside
    assert rgb(image, 180, 100) == theme_background()[:3]
    edge = rgb(image, 50, 100)                                 # the outline on the left edge is darker
    assert sum(edge) < sum((187, 150, 116))
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert canvas.last_render_seconds is not None


def test_hole_and_order_and_visibility(canvas):
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer

    holed = shapely.Polygon(
        [(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100), (X0, Y0 + 100)],
        [[(X0 + 40, Y0 + 40), (X0 + 60, Y0 + 40), (X0 + 60, Y0 + 60), (X0 + 40, Y0 + 60)]])
    bottom = VectorLayer("农田", gpd.GeoDataFrame(geometry=[holed], crs=4525), role=Role.FARMLAND,
                         style={"fill": "#F5F8DC", "fill_opacity": 1.0, "outline": None})
    top = box_layer("地块", Role.PARCELS, [(70, 70, 90, 90)], style=OPAQUE)
    image = show(canvas, [bottom, top])
    assert rgb(image, 70, 70) == (245, 248, 220)       # farmland fill
    assert rgb(image, 100, 100) == theme_background()[:3]  # the hole is empty
    assert rgb(image, 130, 70) == (187, 150, 116)      # parcel (x 80 m, y 80 m) drawn above farmland

    top.visible = False
    canvas.refresh()
    assert canvas.wait_for_render(10)
    assert rgb(canvas.render_to_image(), 130, 70) == (245, 248, 220)


def test_subpixel_features_still_show(canvas):
    # 300 parcels of 0.2 m at 1 m/px: each is a dot in the outline colour, not nothing
    boxes = [(i % 20 * 5, i // 20 * 5, i % 20 * 5 + 0.2, i // 20 * 5 + 0.2) for i in range(300)]
    image = show(canvas, [box_layer("地块", Role.PARCELS, boxes, style=OPAQUE)])
    assert rgb(image, 50, 150) != theme_background()[:3]


def test_full_extent_and_wheel_zoom_at_cursor(canvas, qtbot):
    layer = box_layer("园区", Role.PARK, [(0, 0, 1000, 500)])
    canvas.set_layers([layer])
    minx, miny, maxx, maxy = canvas.view.extent()
    assert minx <= X0 and maxx >= X0 + 1000 and miny <= Y0 and maxy >= Y0 + 500
    before = canvas.view.to_map(40, 60)
    mpp = canvas.view.mpp
    event = QWheelEvent(QPointF(40, 60), QPointF(40, 60), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    canvas.wheelEvent(event)
    assert canvas.view.mpp == pytest.approx(mpp / 2)        # two notches of √2
    assert canvas.view.to_map(40, 60) == pytest.approx(before)
    canvas.zoom_full()
    assert canvas.view.mpp == pytest.approx(mpp)


def test_last_image_is_kept_scaled_while_a_new_one_renders(canvas):
    image = show(canvas, [box_layer("地块", Role.PARCELS, [(0, 0, 100, 100)], style=OPAQUE)])
    assert rgb(image, 52, 100) == (187, 150, 116)
    # zoom out ×2 around the centre without waiting: the old image, halved, is what is painted
    canvas._timer.stop()
    canvas._view = canvas.view.zoomed(0.5)
    now = canvas.render_to_image()
    assert rgb(now, 100, 100) == (187, 150, 116)       # still drawn, no blank frame
    assert rgb(now, 60, 100) == theme_background()[:3]  # box now spans pixels 75..125
    canvas.refresh()
    assert canvas.wait_for_render(10)
    assert rgb(canvas.render_to_image(), 80, 100) == (187, 150, 116)


def test_holes_stay_with_their_shell_across_path_chunks(canvas):
    """Rings go to Qt in chunks of PATH_CHUNK; a chunk must never separate a shell from its holes."""
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer

    assert render_module.PATH_CHUNK == 256
    # polygon 0 has no hole, so polygon k >= 1 has its shell at ring 2k-1 and its hole at ring 2k:
    # a naive split after ring 255 would cut polygon 128 from its hole (ring 256)
    geoms = [shapely.box(X0 - 40, Y0 - 40, X0 - 39, Y0 - 39)]
    def corner(k):  # map offsets of polygon k's lower-left corner: a 20 × 10 grid of 9 m squares
        return (k % 20) * 10 - 50, (k // 20) * 10 - 50

    for k in range(1, 200):
        x, y = corner(k)
        geoms.append(shapely.box(X0 + x, Y0 + y, X0 + x + 9, Y0 + y + 9)
                     .difference(shapely.box(X0 + x + 3, Y0 + y + 3, X0 + x + 6, Y0 + y + 6)))
    layer = VectorLayer("农田", gpd.GeoDataFrame(geometry=geoms, crs=4525), role=Role.FARMLAND,
                        style={"fill": "#F5F8DC", "fill_opacity": 1.0, "outline": None})
    image = show(canvas, [layer])
    def pixel(x, y):  # the pixel holding map offset (x, y): map (50, 50) is at pixel (100, 100)
        return int(x + 50), int(150 - y)

    for k in (1, 127, 128, 129, 199):
        x, y = corner(k)
        assert rgb(image, *pixel(x + 1.5, y + 1.5)) == (245, 248, 220), k       # in the ring
        assert rgb(image, *pixel(x + 4.5, y + 4.5)) == theme_background()[:3], k  # in the hole


def test_empty_point_and_line_layers(canvas):
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer

    empty = VectorLayer("空图层", gpd.GeoDataFrame(geometry=[], crs=4525), role=Role.REFERENCE)
    points = VectorLayer("界址点", gpd.GeoDataFrame(geometry=[shapely.Point(X0 + 20, Y0 + 80)], crs=4525),
                         style={"fill": "#0000FF", "fill_opacity": 1.0, "outline": None})
    lines = VectorLayer("道路", gpd.GeoDataFrame(geometry=[shapely.LineString([(X0, Y0), (X0 + 100, Y0)])], crs=4525),
                        style={"fill": None, "outline": "#FF0000", "outline_width": 1.0})
    image = show(canvas, [empty, points, lines])
    assert rgb(image, 70, 70) == (0, 0, 255)           # the point, as a small square
    assert rgb(image, 100, 150) == (255, 0, 0)         # the line along y = 0 (pixel row 150)
    assert rgb(image, 100, 100) == theme_background()[:3]


def test_layer_in_another_crs_is_drawn_in_the_canvas_crs(canvas):
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(4525, 4490, always_xy=True).transform(X0 + 50, Y0 + 50)
    import geopandas as gpd
    import shapely

    from parkgis.core.layers import VectorLayer

    anchor = box_layer("地块", Role.PARCELS, [(0, 0, 1, 1)], style=OPAQUE)   # sets the canvas CRS
    d = 0.0002  # about 17 m east-west, 22 m north-south
    geographic = VectorLayer("经纬度", gpd.GeoDataFrame(
        geometry=[shapely.box(lon - d, lat - d, lon + d, lat + d)], crs=4490),
        style={"fill": "#00FF00", "fill_opacity": 1.0, "outline": None})
    image = show(canvas, [anchor, geographic])
    assert canvas.crs.to_epsg() == 4525
    assert rgb(image, 100, 100) == (0, 255, 0)         # centred where its GK coordinates say
    assert rgb(image, 100, 130) == theme_background()[:3]


def test_each_layer_is_delivered_as_soon_as_it_is_drawn(canvas):
    ready = []
    canvas._signals.layerReady.connect(lambda job, view, key, image: ready.append(key[0]))
    a = box_layer("园区四至", Role.PARK, [(0, 0, 100, 100)])
    b = box_layer("地块", Role.PARCELS, [(10, 10, 20, 20)])
    show(canvas, [a, b])
    assert ready == [id(a), id(b)]                 # bottom first, one signal per layer


def test_hidden_rows_are_left_out_of_the_layer_image_without_a_new_snapshot(canvas):
    layer = box_layer("地块", Role.PARCELS, [(0, 0, 40, 100), (60, 0, 100, 100)], style=OPAQUE)
    image = show(canvas, [layer])
    fill = (187, 150, 116)
    assert rgb(image, 70, 100) == fill and rgb(image, 130, 100) == fill
    snapshots = dict(canvas._snapshots)
    canvas.set_hidden_rows(layer, [1])
    assert canvas.wait_for_render(10)
    image = canvas.render_to_image()
    assert rgb(image, 70, 100) == fill
    assert rgb(image, 130, 100) == theme_background()[:3]       # the second box is not drawn
    assert canvas._snapshots == snapshots                       # the same snapshot, only redrawn
    canvas.set_hidden_rows(layer, [])
    assert canvas.wait_for_render(10)
    assert rgb(canvas.render_to_image(), 130, 100) == fill
    assert len([k for k in canvas._images if k[0] == id(layer)]) == 1   # one image per layer kept
