"""The sample's web map in a 1280×860 window (headless Chromium, offline) — issue 9 item 16: the legend
never covers the layer panel's colour-scheme switch, and lot numbers at zoom 15 do not collide."""

from __future__ import annotations

import pytest
from webmap_browser import chromium_path, run_in_page

from parkgis.webmap import render_webmap

LAYOUT = r"""
var st = window.parkgisWebmap.state;
function rect(e) { var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
function overlap(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
var out = {schemes: []};
var radios = document.querySelectorAll('input[name="pk-scheme"]');
for (var i = 0; i < radios.length; i += 1) {
  radios[i].checked = true;
  radios[i].dispatchEvent(new Event('change'));      // the legend is rebuilt for this scheme
  var panel = rect(document.querySelector('.pk-layers')), legend = rect(document.querySelector('.pk-legend'));
  var map = rect(st.map.getContainer());
  var hidden = [];
  Array.prototype.forEach.call(radios, function (r) {
    var b = rect(r), hit = document.elementFromPoint((b[0] + b[2]) / 2, (b[1] + b[3]) / 2);
    if (!(hit === r || (hit && hit.closest && hit.closest('label') === r.closest('label')))) { hidden.push(rect(r)); }
  });
  out.schemes.push({scheme: st.scheme, overlap: overlap(panel, legend), legendBottom: legend[3],
                    mapBottom: map[3], legendRight: legend[2], mapRight: map[2], covered: hidden,
                    legendScrolls: document.querySelector('.pk-legend .pk-panel-body').scrollHeight >
                                   document.querySelector('.pk-legend .pk-panel-body').clientHeight});
}
// zoom 15 over the 准格尔 park's grid of lots
st.map.setView([40.09549, 111.07738], 15, {animate: false});
var boxes = Array.prototype.map.call(document.querySelectorAll('.pk-label'), function (e) {
  return {t: e.textContent, r: rect(e)}; });
var clashes = [];
for (var a = 0; a < boxes.length; a += 1) {
  for (var b = a + 1; b < boxes.length; b += 1) {
    if (overlap(boxes[a].r, boxes[b].r)) { clashes.push(boxes[a].t + ' × ' + boxes[b].t); }
  }
}
out.labels = boxes.length;
out.clashes = clashes;
out.zoom = st.map.getZoom();
out.viewport = [window.innerWidth, window.innerHeight];
return out;
"""


@pytest.fixture(scope="module")
def chromium():
    if chromium_path() is None:
        pytest.fail("chromium is not installed: apt-get install chromium (the CI installs it)")


@pytest.mark.slow
def test_panels_and_labels_in_a_1280_by_860_window(chromium, sample_project):
    out = run_in_page(render_webmap(sample_project).html, LAYOUT, window="1280,860")
    assert "exception" not in out, out.get("exception")
    assert out["probe"] == {"errors": [], "alerts": [], "consoleErrors": []}
    assert [s["scheme"] for s in out["schemes"]] == ["status", "lifecycle", "landuse", "idle", "grade"]
    for s in out["schemes"]:
        assert not s["overlap"], s                        # the legend stays below the layer panel
        assert s["covered"] == [], s                      # every colour-scheme switch can be clicked
        assert s["legendBottom"] <= s["mapBottom"] and s["legendRight"] <= s["mapRight"], s
    assert any(s["legendScrolls"] for s in out["schemes"])   # the long land-use legend scrolls instead
    assert out["zoom"] == 15
    assert out["labels"] >= 20                            # lots still carry their numbers
    assert out["clashes"] == []
