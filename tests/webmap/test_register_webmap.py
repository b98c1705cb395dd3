"""The web map colours and describes the sample's 标准地 from the register (not the loose attributes): the idle
status with its days late and article in the popup, the register's stage colour (headless Chromium, offline)."""

from __future__ import annotations

import datetime as _dt

import pytest
from webmap_browser import chromium_path, run_in_page

from parkgis.core.parcels.register import load_register
from parkgis.core.project import Project
from parkgis.webmap import content as C
from parkgis.webmap import render_webmap

AS_OF = _dt.date(2026, 12, 4)


@pytest.fixture(scope="module")
def chromium():
    if chromium_path() is None:
        pytest.skip("chromium is not installed")


def _late_parcel(register):
    """A parcel not started whose agreed start is more than a year past: days late counted by hand."""
    for record in sorted(register, key=lambda r: r.id):
        if record.agreed_start is not None and record.actual_start is None:
            days = (AS_OF - record.agreed_start).days - record.government_delay_days
            if days > 365:
                return record, days
    raise AssertionError("the sample has no idle parcel")


POPUP = r"""
var st = window.parkgisWebmap.state;
var li = %(li)d;
function popupOf(fi) {
  st.openFeature(li, fi);
  var c = document.querySelector('.leaflet-popup-content');
  return c ? c.textContent : null;
}
var idlePopup = popupOf(%(idle)d);
var b4Popup = popupOf(%(b4)d);
var radios = document.querySelectorAll('input[name="pk-scheme"]');
var byName = {};
var labels = {'生命周期阶段': 'lifecycle', '闲置土地状态': 'idle', '亩均等级': 'grade', '合规状态': 'status',
              '用地用海分类': 'landuse'};
Array.prototype.forEach.call(radios, function (r) { byName[labels[r.parentNode.textContent]] = r; });
function colourUnder(name, fi) {
  var r = byName[name]; r.checked = true; r.dispatchEvent(new Event('change'));
  return st.layers[li].shapes[fi].options.fillColor;
}
return {idlePopup: idlePopup, b4Popup: b4Popup, scheme: st.scheme,
        schemes: Object.keys(byName),
        b4Lifecycle: colourUnder('lifecycle', %(b4)d), idleColour: colourUnder('idle', %(idle)d),
        legend: document.querySelector('.pk-legend').textContent};
"""


def test_popups_and_colours_come_from_the_register(chromium, sample_project):
    register = load_register(sample_project)
    project = Project.open(sample_project)
    record, days = _late_parcel(register)
    b4 = register.get("ZGE-B4-01")
    layer = next(lyr for lyr in project.layers if lyr.id == b4.layer_id)
    position = {int(fid): k for k, fid in enumerate(layer.gdf.index)}
    page = render_webmap(project, colour_by="idle", as_of=AS_OF, check=False)
    li = page.layers.index(layer.name)
    out = run_in_page(page.html, POPUP % {"li": li, "idle": position[record.fid], "b4": position[b4.fid]})
    assert "exception" not in out, out.get("exception")
    assert out["probe"]["errors"] == []
    assert out["scheme"] == "idle"
    assert {"lifecycle", "idle", "grade"} <= set(out["schemes"])
    popup = out["idlePopup"]
    assert f"闲置，逾期 {days} 天" in popup
    assert "部令第53号" in popup
    assert "标准地台账" in popup and "约定开工日期" + record.agreed_start.isoformat() in popup
    # B4-01 from the register: stage 挂牌, its bound ≥134 万元/亩 and its starting price 629 万元
    assert "生命周期阶段挂牌" in out["b4Popup"]
    assert "固定资产投资强度（万元/亩）≥134" in out["b4Popup"]
    assert "起拍价（万元）629" in out["b4Popup"]
    listed = next(colour for stage, _s, colour in C.LIFECYCLE_STAGES if stage == "挂牌")
    assert out["b4Lifecycle"].lower() == listed.lower()
    reclaim = {cls["key"]: cls["fill"] for cls in C.scheme_tables()["idle"]["classes"]}
    status = "reclaim" if days > 730 else "idle"
    assert out["idleColour"].lower() == reclaim[status].lower()


def test_a_project_without_register_keeps_the_loose_lifecycle(tmp_path):
    """The fallback: no register → no idle/grade schemes, the lifecycle from the layer's own attribute."""
    import geopandas as gpd
    from shapely.geometry import box

    from parkgis.core.layers import VectorLayer
    from parkgis.core.roles import Role

    project = Project.create(tmp_path / "无台账.gpkg")
    project.add_layer(VectorLayer(name="地块", role=Role.PARCELS, gdf=gpd.GeoDataFrame(
        {"DKBH": ["A-01"], "SMZQJD": ["挂牌"]}, geometry=[box(500_000, 4_400_000, 500_100, 4_400_100)],
        crs=4545)))
    project.save()
    from test_export import page_data

    data = page_data(render_webmap(project, colour_by="lifecycle", check=False).html)
    parcels = data["layers"][0]
    assert parcels["schemes"] == ["status", "lifecycle"]
    listed = [k for k, cls in enumerate(data["schemes"]["lifecycle"]["classes"]) if cls["key"] == "挂牌"]
    assert parcels["features"][0]["c"][data["schemeOrder"].index("lifecycle")] == listed[0]
    assert all(s["title"] != "标准地台账" for s in parcels["sections"])


def test_cli_colours_by_idle_status(tmp_path, sample_project):
    from test_export import page_data

    from parkgis.cli.main import run_cli

    out = tmp_path / "地图.html"
    assert run_cli(["webmap", str(sample_project), "-o", str(out), "--colour-by", "idle"]) == 0
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["scheme"] == "idle"
    counts = {c["key"]: c["count"] for c in data["schemes"]["idle"]["classes"]}
    assert sum(counts.values()) - counts["none"] == 42          # the register's parcels
    assert counts["none"] == 1025 - 42
