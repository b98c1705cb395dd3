"""Styles as plain data: categorized entries and the QGIS QML written to the project's layer_styles."""

import sqlite3
import xml.etree.ElementTree as ET

import pytest
from geopandas import GeoDataFrame
from shapely import box

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role
from parkgis.core.styles import (
    MAX_CATEGORIES,
    categorized_style,
    category_label,
    default_style,
    land_use_colour,
    qgis_qml,
)


def parcels():
    geoms = [box(37_420_000 + 200 * i, 4_420_000, 37_420_150 + 200 * i, 4_420_100) for i in range(4)]
    return GeoDataFrame({"DKBH": ["A1", "A2", "A3", "A4"], "YDYH": ["1001", "100101", "1101", "9999"],
                         "状态": ["合规", "受限", "合规", None]}, geometry=geoms, crs=4525)


def option(symbol, name):
    return symbol.find(f"layer/Option/Option[@name='{name}']").get("value")


def test_land_use_colour_by_longest_prefix():
    assert land_use_colour("100101") == ("工业用地", (187, 150, 116))
    assert land_use_colour("1101") == ("物流仓储用地", (135, 97, 211))
    assert land_use_colour("99") is None and land_use_colour(None) is None


def test_categorized_style_is_explicit_data():
    gdf = parcels()
    assert categorized_style(gdf, "YDYH", "landuse") == {
        "field": "YDYH", "scheme": "landuse",
        "colors": {"1001": "#bb9674", "100101": "#bb9674", "1101": "#8761d3"}}
    auto = categorized_style(gdf, "状态")
    assert auto == {"field": "状态", "scheme": "auto", "colors": {"受限": "#8dd3c7", "合规": "#ffffb3"}}
    many = GeoDataFrame({"k": range(MAX_CATEGORIES + 1)}, geometry=[box(0, 0, 1, 1)] * (MAX_CATEGORIES + 1))
    with pytest.raises(ValueError, match="41 distinct values"):
        categorized_style(many, "k")
    assert category_label({"scheme": "landuse"}, "1001") == "1001 工业用地"
    assert category_label({"scheme": "auto"}, "1001") == "1001"


def test_single_symbol_qml():
    root = ET.fromstring(qgis_qml(default_style(Role.PARCELS)).split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "singleSymbol"
    (symbol,) = renderer.findall("symbols/symbol")
    assert option(symbol, "color") == "187,150,116,204"       # #BB9674 at 0.8 opacity
    assert option(symbol, "outline_color") == "90,64,48,255"
    assert option(symbol, "outline_width") == "0.26"
    udb = ET.fromstring(qgis_qml(default_style(Role.UDB)).split("\n", 1)[1]).find("renderer-v2/symbols/symbol")
    assert option(udb, "style") == "no" and option(udb, "outline_style") == "dash"


def test_categorized_qml_lists_each_value_with_its_colour():
    style = dict(default_style(Role.PARCELS), fill_opacity=1.0,
                 categorized=categorized_style(parcels(), "YDYH", "landuse"))
    root = ET.fromstring(qgis_qml(style).split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "YDYH"
    cats = renderer.findall("categories/category")
    assert [(c.get("value"), c.get("label")) for c in cats] == [
        ("1001", "1001 工业用地"), ("100101", "100101 工业用地"), ("1101", "1101 物流仓储用地"), ("", "")]
    symbols = {s.get("name"): s for s in renderer.findall("symbols/symbol")}
    colours = [option(symbols[c.get("symbol")], "color") for c in cats]
    # the last category is QGIS's "all other values", drawn in the layer's own fill like the canvas does
    assert colours == ["187,150,116,255", "187,150,116,255", "135,97,211,255", "187,150,116,255"]
    assert {option(s, "outline_color") for s in symbols.values()} == {"90,64,48,255"}


def test_qml_escapes_field_names_and_values():
    style = {"fill": "#ff0000", "fill_opacity": 0.5, "outline": None,
             "categorized": {"field": 'a"b', "scheme": "auto", "colors": {"<&>": "#00ff00"}}}
    renderer = ET.fromstring(qgis_qml(style).split("\n", 1)[1]).find("renderer-v2")
    assert renderer.get("attr") == 'a"b'
    first = renderer.find("categories/category")
    assert first.get("value") == "<&>"
    symbol = renderer.find(f"symbols/symbol[@name='{first.get('symbol')}']")
    assert option(symbol, "color") == "0,255,0,128" and option(symbol, "outline_style") == "no"


def test_project_writes_the_categorized_style_for_qgis(tmp_path):
    path = tmp_path / "p.gpkg"
    project = Project.create(path)
    project.add_layer(VectorLayer("标准地", parcels(), role=Role.PARCELS))
    style = dict(project.layer("标准地").style, categorized=categorized_style(parcels(), "状态"))
    project.set_style("标准地", style)
    project.save()
    with sqlite3.connect(path) as con:
        qml = con.execute("SELECT styleQML FROM layer_styles WHERE f_table_name='标准地'").fetchone()[0]
    renderer = ET.fromstring(qml.split("\n", 1)[1]).find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "状态"
    assert [c.get("value") for c in renderer.findall("categories/category")] == ["受限", "合规", ""]
    reopened = Project.open(path)
    assert reopened.layer("标准地").style["categorized"] == style["categorized"]


def test_a_zones_layer_is_coloured_by_its_zone_type():
    import geopandas as gpd
    from shapely import box

    from parkgis.core.styles import ZONE_COLOURS, default_style, zone_type

    gdf = gpd.GeoDataFrame({"SQLX": ["城镇空间", "农业", "STKJ", "其他"]},
                           geometry=[box(0, 0, 1, 1)] * 4, crs=4545)
    style = default_style(Role.ZONES, gdf)
    assert style["categorized"] == {"field": "SQLX", "scheme": "zones", "colors": {
        "城镇空间": ZONE_COLOURS["城镇空间"], "农业": ZONE_COLOURS["农业空间"], "STKJ": ZONE_COLOURS["生态空间"]}}
    assert [zone_type(v) for v in ("城镇", " czkj ", "生态空间", "水域", None)] == \
        ["城镇空间", "城镇空间", "生态空间", None, None]
    assert "categorized" not in default_style(Role.ZONES, gdf.rename(columns={"SQLX": "NAME"}))
    assert "categorized" not in default_style(Role.ZONES)


def test_a_role_change_restyles_a_layer_not_styled_by_hand(tmp_path):
    import geopandas as gpd
    from shapely import box

    from parkgis.core.layers import VectorLayer
    from parkgis.core.project import Project
    from parkgis.core.styles import default_style

    project = Project.create(tmp_path / "p.gpkg")
    gdf = gpd.GeoDataFrame({"SQLX": ["城镇空间", "生态空间"]}, geometry=[box(0, 0, 1, 1)] * 2, crs=4545)
    layer = project.add_layer(VectorLayer("分区", gdf))
    assert layer.style == default_style(Role.REFERENCE)
    project.set_role("分区", Role.ZONES)
    assert layer.style["categorized"]["scheme"] == "zones"
    project.set_style("分区", {**layer.style, "fill_opacity": 0.2})     # by hand: kept on a role change
    project.set_role("分区", Role.REFERENCE)
    assert layer.style["fill_opacity"] == 0.2


def _lab(rgb):
    """CIE L*a*b* (D65) of an sRGB colour — the textbook formulas, as an independent oracle."""
    def lin(c):
        c /= 255.0
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(float(c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _on_map(hex_colour, opacity, background=(0xFA, 0xFA, 0xF7)):
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return [opacity * c + (1 - opacity) * b for c, b in zip(rgb, background, strict=True)]


def test_farmland_and_agricultural_space_are_told_apart_on_the_map():
    """永久基本农田 over 农业空间 (issue 9 item 16: "almost the same pale yellow"): drawn as the canvas and
    the web map draw them (fill at its opacity over the light map background), the two differ by a
    colour difference ΔE*ab ≥ 30 (about the step between clearly different named colours), and the
    farmland stays yellow (hue 40°–65°, the Chinese convention for 基本农田)."""
    import colorsys
    import math

    from parkgis.core.styles import ROLE_THEME, ZONE_COLOURS

    farm = ROLE_THEME[Role.FARMLAND]
    farmland = _on_map(farm["fill"], farm["fill_opacity"])
    agricultural = _on_map(ZONE_COLOURS["农业空间"], ROLE_THEME[Role.ZONES]["fill_opacity"])
    delta = math.dist(_lab(farmland), _lab(agricultural))
    assert delta >= 30, delta                                   # the old #F5F8DC at 0.85: ΔE ≈ 5; now ≈ 45
    hue, _l, saturation = colorsys.rgb_to_hls(*(c / 255 for c in farmland))
    assert 40 <= hue * 360 <= 65 and saturation > 0.5


def test_a_layer_still_in_a_former_theme_colour_is_shown_in_todays(tmp_path):
    from parkgis.core.styles import FORMER_THEMES, ROLE_THEME

    project = Project.create(tmp_path / "p.gpkg")
    gdf = GeoDataFrame({"BSM": ["1", "2"]}, geometry=[box(0, 0, 1, 1), box(2, 0, 3, 1)], crs=4545)
    old = dict(FORMER_THEMES[Role.FARMLAND][0])
    project.add_layer(VectorLayer("旧农田", gdf.copy(), role=Role.FARMLAND, style=old))
    own = {**old, "fill": "#123456"}                            # styled by hand: kept
    project.add_layer(VectorLayer("自定农田", gdf.copy(), role=Role.FARMLAND, style=own))
    project.save()
    reopened = Project.open(project.path)
    assert reopened.layer("旧农田").style == ROLE_THEME[Role.FARMLAND]
    assert reopened.layer("自定农田").style == own
