"""Parcel labels (地块编号) are drawn where they fit, in the render worker."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6")

import shapely  # noqa: E402
from guitools import X0, Y0, box_layer  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402

from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.canvas import MapCanvas, MapView  # noqa: E402
from parkgis.gui.canvas.render import paint_labels  # noqa: E402
from parkgis.gui.canvas.widget import label_field  # noqa: E402
from parkgis.mapview.geometry import build_snapshot  # noqa: E402


def labelled(view, geoms, texts):
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    n = paint_labels(painter, build_snapshot(np.array(geoms, dtype=object)), view, np.array(texts, dtype=object), "")
    painter.end()
    return n


def test_labels_only_where_they_fit(qapp):
    geoms = [shapely.box(X0, Y0, X0 + 100, Y0 + 60), shapely.box(X0 + 200, Y0, X0 + 210, Y0 + 60),
             shapely.box(X0 + 300, Y0, X0 + 400, Y0 + 60)]
    view = MapView(X0 + 200, Y0 + 30, 1.0, 500, 100)
    assert labelled(view, geoms, ["A-01", "B-02", None]) == 1     # B too narrow, the third has no text
    far = MapView(X0 + 200, Y0 + 30, 10.0, 500, 100)                # 10 m/px: 6 px tall, no room
    assert labelled(far, geoms, ["A-01", "B-02", "C-03"]) == 0


def test_label_field_choice():
    parcels = box_layer("地块", Role.PARCELS, [(0, 0, 1, 1)])
    assert label_field(parcels) is None                             # no parcel number field
    parcels.gdf["DKMC"] = ["一号"]
    assert label_field(parcels) == "DKMC"
    parcels.gdf["DKBH"] = ["A"]
    assert label_field(parcels) == "DKBH"
    assert label_field(box_layer("园区四至", Role.PARK, [(0, 0, 1, 1)])) is None
    park = box_layer("园区四至", Role.PARK, [(0, 0, 1, 1)], style={"label_field": "name"})
    assert label_field(park) == "name"


def test_canvas_draws_the_parcel_number(qtbot):
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(200, 200)
    layer = box_layer("地块", Role.PARCELS, [(0, 0, 100, 100)], style={"fill": "#ffffff", "outline": "#ffffff"})
    layer.gdf["DKBH"] = ["WWWW"]
    canvas.set_layers([layer])
    canvas.set_view(MapView(X0 + 50, Y0 + 50, 1.0, 200, 200))
    assert canvas.wait_for_render(10)
    image = canvas.render_to_image()
    dark = sum(1 for x in range(70, 130) for y in range(90, 110) if sum(image.pixelColor(x, y).getRgb()[:3]) < 200)
    assert dark > 20                                                  # the text's dark strokes
