"""Categorized fills: 用地用海 land-use colours, by any field, and the check conclusions on the map."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("PySide6")

from guitools import X0, Y0, box_layer  # noqa: E402

from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.canvas import MapCanvas, MapView  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402
from parkgis.gui.styles import MAX_CATEGORIES, categories_for, categorized_style, land_use_colour  # noqa: E402


def parcels():
    layer = box_layer("地块", Role.PARCELS, [(0, 0, 100, 100), (100, 0, 200, 100), (200, 0, 300, 100)],
                      style={"fill_opacity": 1.0})
    layer.gdf["YDYH"] = ["1001", "1101", "9999"]
    return layer


def test_land_use_codes_by_longest_prefix():
    assert land_use_colour("1001") == ("工业用地", (187, 150, 116))
    assert land_use_colour("100101") == ("工业用地", (187, 150, 116))
    assert land_use_colour("1402")[0] == "绿地与开敞空间用地"       # only the class 14 is listed
    assert land_use_colour("99") is None and land_use_colour(None) is None


def test_categorized_style_and_feature_index():
    layer = parcels()
    style = categorized_style(layer.gdf, "YDYH", "landuse")
    assert style == {"field": "YDYH", "scheme": "landuse", "colors": {"1001": "#bb9674", "1101": "#8761d3"}}
    layer.style = {"fill_opacity": 1.0, "categorized": style}
    colours, index = categories_for(layer)
    assert colours == ((187, 150, 116, 255), (135, 97, 211, 255))
    assert index.tolist() == [0, 1, -1]                                # unknown code: the layer's fill
    auto = categorized_style(layer.gdf, "name")
    assert list(auto["colors"]) == ["地块-0", "地块-1", "地块-2"] and len(set(auto["colors"].values())) == 3
    many = box_layer("x", Role.PARCELS, [(i, 0, i + 1, 1) for i in range(MAX_CATEGORIES + 1)])
    with pytest.raises(ValueError, match="distinct values"):
        categorized_style(many.gdf, "name")


def test_canvas_paints_each_category(qtbot):
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 100)
    layer = parcels()
    layer.style = {"fill_opacity": 1.0, "outline": None,
                   "categorized": categorized_style(layer.gdf, "YDYH", "landuse")}
    canvas.set_layers([layer])
    canvas.set_view(MapView(X0 + 150, Y0 + 50, 1.0, 300, 100))
    assert canvas.wait_for_render(10)
    image = canvas.render_to_image()
    rgb = [image.pixelColor(x, 50).getRgb()[:3] for x in (50, 150, 250)]
    assert rgb[0] == (187, 150, 116) and rgb[1] == (135, 97, 211)
    assert rgb[2] == (187, 150, 116)                                   # 9999: the parcels' own fill (#BB9674)


def test_window_style_menu_persists_in_the_project(qtbot, settings, zh, tmp_path):
    project = Project.create(tmp_path / "s.gpkg")
    layer = project.add_layer(parcels())
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.set_project(project)
    menu = win.layer_menu(layer)
    style_menu = next(a.menu() for a in menu.actions() if a.text() == "样式")
    texts = {a.text(): a for a in style_menu.actions()}
    assert texts["单一颜色"].isChecked() and texts["按用地用海分类"].isEnabled()
    texts["按用地用海分类"].trigger()
    assert layer.style["categorized"]["scheme"] == "landuse"
    assert project.audit_log()[-1]["action"] == "set style" and project.dirty
    project.save()
    reopened = Project.open(project.path).layer("地块")
    assert reopened.style["categorized"]["colors"]["1001"] == "#bb9674"
    assert win.set_layer_categories(layer, None) and "categorized" not in layer.style


def test_check_conclusions_on_the_map(qtbot, settings, zh, tmp_path):
    project = Project.create(tmp_path / "c.gpkg")
    project.add_layer(box_layer("生态保护红线", Role.ECO_REDLINE, [(0, 0, 100, 100)]))
    project.add_layer(box_layer("城镇开发边界", Role.UDB, [(-500, -500, 1000, 1000)]))
    layer = box_layer("地块", Role.PARCELS, [(0, 0, 100, 100), (300, 0, 400, 100)],
                      style={"fill": "#ffffff", "fill_opacity": 1.0})
    layer.gdf["DKBH"] = ["A", "B"]
    project.add_layer(layer)
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()  # offscreen: gives the canvas its real size
    win.set_project(project)
    win.show_check_panel()
    with qtbot.waitSignal(win.check_panel.checkFinished, timeout=60000):
        pass
    win.check_panel.map_toggle.setChecked(True)
    overlay = win.canvas.overlay("check_status")
    assert overlay is not None and overlay.gdf["status"].tolist() == ["prohibited", "compliant"]
    win.canvas.set_view(MapView(X0 + 200, Y0 + 50, 1.0, win.canvas.width(), win.canvas.height()))
    assert win.canvas.wait_for_render(20)
    image = win.canvas.render_to_image()
    a = image.pixelColor(*map(int, win.canvas.view.to_screen(X0 + 50, Y0 + 50))).getRgb()[:3]
    b = image.pixelColor(*map(int, win.canvas.view.to_screen(X0 + 350, Y0 + 50))).getRgb()[:3]
    assert a[0] > a[1] + 60 and b[1] > b[0] + 60, (a, b)               # red-ish, green-ish
    win.check_panel.map_toggle.setChecked(False)
    assert win.canvas.overlay("check_status") is None
    assert np.isfinite(win.canvas.view.mpp)


def test_zones_are_drawn_in_the_three_zone_colours(qtbot, settings, zh, tmp_path):
    """A 三区 layer added to a project is coloured by its zone type (城镇 red, 农业 yellow, 生态 green, at
    the theme's 45 %), and the style menu offers it (only where a zone-type field exists)."""
    from parkgis.core.styles import ZONE_COLOURS

    project = Project.create(tmp_path / "z.gpkg")
    zones = box_layer("三区", Role.ZONES, [(0, 0, 100, 100), (100, 0, 200, 100), (200, 0, 300, 100)])
    zones.gdf["SQLX"] = ["城镇空间", "农业空间", "生态空间"]
    zones.style = {}
    project.add_layer(zones)
    assert zones.style["categorized"]["colors"] == ZONE_COLOURS and zones.style["fill_opacity"] == 0.45
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(300, 100)
    canvas.set_layers(project.layers)
    canvas.set_view(MapView(X0 + 150, Y0 + 50, 1.0, 300, 100))
    assert canvas.wait_for_render(10)
    image = canvas.render_to_image()
    background = canvas._background.getRgb()[:3]
    for x, zone in ((50, "城镇空间"), (150, "农业空间"), (250, "生态空间")):
        colour = tuple(int(ZONE_COLOURS[zone][i:i + 2], 16) for i in (1, 3, 5))
        want = [b + (c - b) * 0.45 for b, c in zip(background, colour, strict=True)]
        got = image.pixelColor(x, 50).getRgb()[:3]
        assert all(abs(g - w) <= 1.5 for g, w in zip(got, want, strict=True)), (zone, got, want)
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.set_project(project)
    menu = next(a.menu() for a in win.layer_menu(zones).actions() if a.text() == "样式")
    item = {a.text(): a for a in menu.actions()}["按三区类型"]
    assert item.isEnabled() and item.isChecked()
