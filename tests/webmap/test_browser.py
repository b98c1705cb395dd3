"""The page in headless Chromium with the network cut off: it draws, popups open on click, the
measure tool measures, and no hostile name runs. Needs Debian's ``chromium`` (installed by .ci/run):
these tests fail, not skip, without it."""

from __future__ import annotations

import pytest
from hostile import ECO_NAME, FIELD, IMG, LAYER, SCRIPT, TITLE, hostile_project
from webmap_browser import chromium_path, run_in_page

from parkgis.webmap import render_webmap

CLICK_ALL = r"""
var st = window.parkgisWebmap.state;
var popups = [];
st.layers.forEach(function (entry, li) {
  entry.shapes.forEach(function (s, fi) {
    var p = s._path, r = p.getBoundingClientRect();
    p.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window,
      clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
    var c = document.querySelector('.leaflet-popup-content');
    popups.push(c ? c.textContent : null);
  });
});
var input = document.querySelector('.pk-search input');
input.value = 'script';
input.dispatchEvent(new Event('input'));
var hits = Array.prototype.map.call(document.querySelectorAll('.pk-results li .pk-hit'), function (e) { return e.textContent; });
var external = Array.prototype.filter.call(document.querySelectorAll('[src],[href]'), function (e) {
  var u = e.getAttribute('src') || e.getAttribute('href');
  return /^\s*(https?:)?\/\//i.test(u);
}).map(function (e) { return e.outerHTML.slice(0, 120); });
return {
  ready: st.ready === true,
  paths: document.querySelectorAll('.folium-map svg path.leaflet-interactive').length,
  popups: popups,
  hits: hits,
  title: document.title,
  header: document.getElementById('pk-header').textContent,
  panel: document.querySelector('.pk-layers').textContent,
  legend: document.querySelector('.pk-legend').textContent,
  hostileElements: document.querySelectorAll('img, iframe, .leaflet-popup-content b[onmouseover], svg[onload]').length,
  external: external
};
"""


@pytest.fixture(scope="module")
def chromium():
    path = chromium_path()
    if path is None:
        pytest.fail("chromium is not installed: apt-get install chromium (the CI installs it)")
    return path


def test_hostile_names_show_as_text_and_run_nothing(chromium):
    page = render_webmap(hostile_project(), title=TITLE).html
    out = run_in_page(page, CLICK_ALL)
    assert "exception" not in out, out.get("exception")
    assert out["probe"] == {"errors": [], "alerts": [], "consoleErrors": []}
    assert out["resources"] == []                       # nothing requested at all
    assert out["external"] == []
    assert out["ready"] is True
    assert out["paths"] == 8                            # 4 parcels + 4 constraint polygons (casings not interactive)
    assert out["hostileElements"] == 0
    assert out["title"] == TITLE
    assert out["header"].startswith("园" + TITLE)
    popups = out["popups"]
    assert all(p is not None for p in popups)           # every click opened a popup
    assert popups[0].startswith(ECO_NAME)
    assert popups[5].startswith("A-02 " + IMG + LAYER)
    assert "不符合（禁止）" in popups[5] and "占用生态保护红线禁止 5,000.00 m² · 7.5000 亩 · 0.5000 公顷（占 50.00%）" in popups[5]
    assert popups[6].startswith("A-03 " + SCRIPT)
    assert FIELD + "a&b" in popups[6]
    assert "扣除田坎后 4,500.00 m² · 6.7500 亩 · 0.4500 公顷" in popups[7]
    assert out["hits"] == ["A-03 " + SCRIPT]
    assert LAYER in out["panel"] and ECO_NAME in out["panel"]
    assert "符合1" in out["legend"] and "不符合（禁止）2" in out["legend"]


MEASURE = r"""
var m = window.parkgisWebmap.state.measure;
var sq = [L.latLng(39.7, 108.0), L.latLng(39.7, 108.01), L.latLng(39.71, 108.01), L.latLng(39.71, 108.0)];
return {area: m.area(sq), dist: m.distance(sq[0], sq[1]), text: m.text(sq, true)};
"""


def test_measure_tool_area_and_distance(chromium):
    from pyproj import Geod

    page = render_webmap(hostile_project()).html
    out = run_in_page(page, MEASURE)
    assert out["probe"]["errors"] == []
    geod = Geod(ellps="WGS84")
    lons, lats = [108.0, 108.01, 108.01, 108.0], [39.7, 39.7, 39.71, 39.71]
    area, _ = geod.polygon_area_perimeter(lons, lats)
    _, _, dist = geod.inv(108.0, 39.7, 108.01, 39.7)
    assert out["area"] == pytest.approx(abs(area), rel=1e-4)
    assert out["dist"] == pytest.approx(dist, rel=1e-5)
    assert out["text"].startswith("面积 ") and " 亩 · " in out["text"] and "\n周长 " in out["text"]


SAMPLE = r"""
var st = window.parkgisWebmap.state;
var drawn = Array.prototype.filter.call(document.querySelectorAll('.folium-map svg path'), function (e) {
  var d = e.getAttribute('d'); return d && d.length > 10; }).length;
var parcels = st.layers[5];
var shape = parcels.shapes[0];
st.map.fitBounds(shape.getBounds());
var p = shape._path, r = p.getBoundingClientRect();
p.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window,
  clientX: r.left + r.width / 2, clientY: r.top + r.height / 2}));
var c = document.querySelector('.leaflet-popup-content');
return {
  paths: document.querySelectorAll('.folium-map svg path').length,
  drawn: drawn,
  popup: c ? c.textContent : null,
  hits: st.search('ZGE-B4-01').map(function (h) { return h.text; }),
  zoneFills: st.layers[0].shapes.slice(0, 3).map(function (s) { return s.options.fillColor; }),
  zoneLegend: Array.prototype.map.call(document.querySelectorAll('.pk-legend-sub'), function (e) {
    return e.textContent; })
};
"""


def test_sample_project_draws_offline_and_opens_a_popup(chromium, sample_project):
    page = render_webmap(sample_project).html
    out = run_in_page(page, SAMPLE)
    assert "exception" not in out, out.get("exception")
    assert out["probe"] == {"errors": [], "alerts": [], "consoleErrors": []}
    assert out["resources"] == []
    # 1025 parcels + 24 + 13 + 458 + 9 + 8 constraint features, plus casings of 9 UDB and 8 park lines
    assert out["paths"] == 1025 + 24 + 13 + 458 + 9 + 8 + 9 + 8
    assert out["drawn"] > 1000
    assert out["popup"].startswith("ZGE-B4-01 准格尔经济开发区B4-01地块（工业标准地）")
    assert "70,256.33 m² · 105.3845 亩 · 7.0256 公顷" in out["popup"]
    assert "固定资产投资强度（万元/亩）≥134" in out["popup"]
    assert out["hits"][0] == "ZGE-B4-01 准格尔经济开发区B4-01地块（工业标准地）"
    # the 三区 layer in the desktop's zone colours, with a legend entry per zone type
    assert out["zoneFills"] == ["#F2B8B0", "#F3E7A4", "#F2B8B0"]
    assert out["zoneLegend"] == ["城镇空间9", "农业空间9", "生态空间6"]


MIXED = r"""
var st = window.parkgisWebmap.state;
var radios = document.querySelectorAll('input[name="pk-scheme"]');
var before = st.layers[4].shapes[0].options.fillColor;
radios[1].checked = true;
radios[1].dispatchEvent(new Event('change'));
var after = st.layers[4].shapes[0].options.fillColor;
var legend = document.querySelector('.pk-legend').textContent;
var pts = st.layers[5], lines = st.layers[6];
st.openFeature(5, 0);
var popup = document.querySelector('.leaflet-popup-content').textContent;
st.map.setView(st.layers[4].shapes[0].getBounds().getCenter(), 17, {animate: false});
return {before: before, after: after, legend: legend, popup: popup,
  kinds: [pts.shapes.length, lines.shapes.length, !!lines.shapes[0].getLatLngs],
  circles: document.querySelectorAll('.folium-map svg path.leaflet-interactive').length,
  labels: Array.prototype.map.call(document.querySelectorAll('.pk-label'), function (e) { return e.textContent; })};
"""


def test_points_lines_scheme_switch_and_labels(chromium):
    import geopandas as gpd
    from hostile import t
    from shapely import LineString, MultiPoint, Point

    from parkgis.core.layers import VectorLayer
    from parkgis.core.roles import Role

    project = hostile_project()
    project.add_layer(VectorLayer(name="监测点", role=Role.REFERENCE, gdf=gpd.GeoDataFrame(
        {"名称": ["井<1>", "双点"]}, geometry=[t(Point(50, 50)), t(MultiPoint([(10, 10), (20, 20)]))], crs=4545)))
    project.add_layer(VectorLayer(name="道路中线", role=Role.REFERENCE, gdf=gpd.GeoDataFrame(
        {"名称": ["纬一路"]}, geometry=[t(LineString([(0, 150), (400, 150)]))], crs=4545)))
    out = run_in_page(render_webmap(project).html, MIXED)
    assert "exception" not in out, out.get("exception")
    assert out["probe"] == {"errors": [], "alerts": [], "consoleErrors": []}
    assert out["before"] == "#8bc98e"                       # 符合 (status scheme)
    assert out["after"] == "#cfd8dc"                        # 储备 (lifecycle scheme)
    assert "地块 · 生命周期阶段" in out["legend"] and "储备1" in out["legend"]
    assert out["popup"].startswith("井<1>")
    assert out["kinds"] == [2, 1, True]
    assert sorted(out["labels"]) == ["A-01", "A-02", "A-03", "A-04"]   # lot numbers at zoom 17


CANVAS_CLICK = r"""
var st = window.parkgisWebmap.state;
var shape = st.layers[4].shapes[1];
var pt = st.map.latLngToContainerPoint(shape.getBounds().getCenter());
var canvas = document.querySelector('.folium-map canvas');
var box = st.map.getContainer().getBoundingClientRect();
var opts = {bubbles: true, cancelable: true, view: window, clientX: box.left + pt.x, clientY: box.top + pt.y};
canvas.dispatchEvent(new MouseEvent('mousedown', opts));
canvas.dispatchEvent(new MouseEvent('mouseup', opts));
canvas.dispatchEvent(new MouseEvent('click', opts));
var c = document.querySelector('.leaflet-popup-content');
return {canvas: !!canvas, svgParcels: document.querySelectorAll('.folium-map svg path.leaflet-interactive').length,
  popup: c ? c.textContent : null};
"""


def test_canvas_renderer_draws_and_clicks(chromium):
    page = render_webmap(hostile_project(), renderer="canvas").html
    out = run_in_page(page, CANVAS_CLICK)
    assert "exception" not in out, out.get("exception")
    assert out["probe"] == {"errors": [], "alerts": [], "consoleErrors": []}
    assert out["canvas"] is True and out["svgParcels"] == 0
    assert out["popup"].startswith("A-02 " + IMG)
