"""The rendered page, asserted as text and data: layers, styles, legend classes, escaping, no CDN."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest
import shapely
from hostile import ECO_NAME, FIELD, IMG, LAYER, SCRIPT, TITLE, hostile_project
from shapely import box

from parkgis.core.errors import UsageError
from parkgis.core.roles import Role
from parkgis.core.styles import LAND_USE_COLOURS, ROLE_THEME
from parkgis.webmap import export_webmap, render_webmap
from parkgis.webmap.encode import Q, encode_geometries, to_lonlat
from parkgis.webmap.safety import external_references, script_json

DATA_RE = re.compile(r'<script type="application/json" id="pk-data">(.*?)</script>', re.S)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def page_data(page: str) -> dict:
    (raw,) = DATA_RE.findall(page)
    return json.loads(raw)


@pytest.fixture(scope="module")
def hostile_page():
    return render_webmap(hostile_project(), title=TITLE, generated="2026-11-25")


def test_layers_groups_and_draw_order(hostile_page):
    data = page_data(hostile_page.html)
    assert [lyr["name"] for lyr in data["layers"]] == [ECO_NAME, "永久基本农田", "城镇开发边界", "园区四至", LAYER]
    assert [lyr["role"] for lyr in data["layers"]] == ["eco_redline", "farmland", "udb", "park", "parcels"]
    assert data["groups"] == [{"name": "地块", "layers": [4]}, {"name": "园区", "layers": [3]},
                              {"name": "三区三线", "layers": [0, 1, 2]}]
    assert [len(lyr["features"]) for lyr in data["layers"]] == [1, 1, 1, 1, 4]
    assert data["title"] == TITLE
    assert data["subtitle"] == "工程坐标系 CGCS2000 EPSG:4545 · 合规性审查：默认规则集（三区三线 + 园区四至） · 生成于 2026-11-25"


def test_styles_come_from_the_desktop_theme(hostile_page):
    data = page_data(hostile_page.html)
    by_role = {lyr["role"]: lyr["style"] for lyr in data["layers"]}
    eco = ROLE_THEME[Role.ECO_REDLINE]
    assert by_role["eco_redline"]["fillColor"].lower() == eco["fill"].lower()
    assert by_role["eco_redline"]["color"].lower() == eco["outline"].lower()
    assert by_role["eco_redline"]["fillOpacity"] == eco["fill_opacity"]
    assert by_role["eco_redline"]["hatch"] == "bdiag"          # theme_sanqu_sanxian.json display extra
    assert by_role["udb"]["dashArray"] == "8 4" and by_role["udb"]["fill"] is False
    assert by_role["udb"]["casing"] == "rgba(255,160,40,0.549)"
    assert by_role["park"]["color"].lower() == ROLE_THEME[Role.PARK]["outline"].lower()
    # 0.8 mm at 96 dpi
    assert by_role["park"]["weight"] == round(0.8 * 96 / 25.4, 2)


def test_legend_classes_and_counts(hostile_page):
    data = page_data(hostile_page.html)
    status = {c["key"]: (c["label"], c["count"]) for c in data["schemes"]["status"]["classes"]}
    assert status == {"compliant": ("符合", 1), "constrained": ("有条件（限制）", 1),
                      "prohibited": ("不符合（禁止）", 2), "unchecked": ("未审查", 0)}
    lifecycle = {c["key"]: c["count"] for c in data["schemes"]["lifecycle"]["classes"] if c["count"]}
    assert lifecycle == {"储备": 1, "挂牌": 1, "投产": 1, "未登记": 1}
    landuse = {c["key"]: (c["label"], c["fill"]) for c in data["schemes"]["landuse"]["classes"] if c["count"]}
    assert landuse == {"1001": ("1001 工业用地", "#bb9674"), "09": ("09 商业服务业用地", "#ff0000"),
                       "1101": ("1101 物流仓储用地", "#8761d3"), "other": ("其他用地", "#e6e6e6")}
    assert LAND_USE_COLOURS["1001"][1] == (187, 150, 116)
    assert data["scheme"] == "status"
    assert data["summary"] == [["compliant", "符合", 1], ["constrained", "有条件", 1], ["prohibited", "不符合", 2]]
    assert hostile_page.summary == {"compliant": 1, "constrained": 1, "prohibited": 2}


def test_parcel_popups_carry_status_conflicts_and_areas(hostile_page):
    data = page_data(hostile_page.html)
    parcels = data["layers"][4]
    labels = parcels["fields"]
    assert labels[:2] == ["地块编号", "地块名称"] and parcels["title"] == [0, 1]
    assert "容积率 ≥" in labels and FIELD in labels
    by_id = {f["v"][0]: f for f in parcels["features"]}
    assert by_id["A-01"]["x"] == {"s": "compliant", "a": [10000.0, pytest.approx(10000.0, abs=1.0)], "k": []}
    assert by_id["A-02"]["v"][1] == IMG
    assert by_id["A-02"]["x"]["k"] == [["占用生态保护红线", "prohibited", 5000.0, 0.5, None]]
    assert by_id["A-03"]["x"]["k"] == [["位于园区四至范围外", "constrained", 10000.0, 1.0, None]]
    assert by_id["A-04"]["x"]["k"] == [["占用永久基本农田", "prohibited", 5000.0, 0.5, 4500.0]]
    sections = {s["title"]: [labels[i] for i in s["fields"]] for s in parcels["sections"]}
    assert sections["标准地控制指标"] == ["容积率 ≥"]
    assert sections["属性"] == ["用地用海代码", "生命周期阶段", FIELD]


def test_hostile_values_never_appear_as_markup(hostile_page):
    page = hostile_page.html
    for raw in (IMG, SCRIPT, FIELD, LAYER, TITLE, ECO_NAME, "alert("):
        if raw != "alert(":
            assert raw not in page
    assert "<img" not in page and "<svg onload" not in page and "<iframe" not in page
    # exactly our own script elements: 2 vendored + our JS, the data block, folium's and the start call
    opened = re.findall(r"<script\b[^>]*>", page)
    assert len(opened) == len(re.findall(r"</script>", page))
    assert opened.count('<script type="application/json" id="pk-data">') == 1
    parser = _Collect()
    parser.feed(page)
    assert parser.title == TITLE                               # shown as text
    assert not any(tag in ("img", "iframe", "svg", "b", "i") for tag, _ in parser.tags)
    assert script_json({"n": SCRIPT}) == '{"n":"\\u003c/script\\u003e\\u003cscript\\u003ealert(2)\\u003c/script\\u003e"}'


def test_template_syntax_in_values_is_text_not_code():
    """branca compiles rendered output as a Jinja template again: values that reached it were
    evaluated (``{{ 7*7 }}`` → 49, and Jinja reaches Python). Now every value is text."""
    project = hostile_project()
    parcels = project.layer(LAYER)
    jinja = "{{ 7*7 }}{% for i in range(3) %}X{% endfor %}{# c #}"
    parcels.gdf.loc[parcels.gdf.index[0], "DKMC"] = jinja
    parcels.gdf["{{ 6*7 }}"] = "{{ cycler.__init__.__globals__ }}"
    project.layer("园区四至").name = "{% raw %}园区"
    page = render_webmap(project, title="{{ 8*8 }} 规划图", generated="2026-11-25").html
    data = page_data(page)
    layer = next(lyr for lyr in data["layers"] if lyr["name"] == LAYER)
    first = next(f for f in layer["features"] if f["v"][0] == "A-01")
    assert first["v"][1] == jinja
    assert "{{ 6*7 }}" in layer["fields"]
    assert "{{ cycler.__init__.__globals__ }}" in first["v"]
    assert "{% raw %}园区" in [lyr["name"] for lyr in data["layers"]]
    assert data["title"] == "{{ 8*8 }} 规划图" and "<title>{{ 8*8 }} 规划图</title>" in page
    assert "49XXX" not in page and "pk-slot-" not in page


def test_offline_page_has_no_external_reference(hostile_page):
    page = hostile_page.html
    parser = _Collect()
    parser.feed(page)
    urls = [v for _, attrs in parser.tags for k, v in attrs.items() if k in ("src", "href") and v]
    assert not [u for u in urls if re.match(r"^\s*(https?:)?//", u, re.I)]
    assert not any(tag == "link" for tag, _ in parser.tags)   # every stylesheet inlined
    assert not any(tag == "script" and "src" in attrs for tag, attrs in parser.tags)
    assert external_references(page) == []
    for cdn in ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "bootstrapcdn", "unpkg.com"):
        assert cdn not in page
    assert "Leaflet 1.9.4" in page                             # the vendored library is inlined
    assert '<html lang="zh-CN">' in page


def test_external_reference_detector():
    assert external_references('<link href="//cdn.x/a.css"><img src=\'http://a/b.png\'>') == ["//cdn.x/a.css",
                                                                                             "http://a/b.png"]
    assert external_references('<style>.a{background:url("https://x/y.png")}</style>') == ["https://x/y.png"]
    assert external_references('<a href="#top"></a><img src="data:image/png;base64,AAA">') == []


def test_basemaps():
    page = render_webmap(hostile_project(), basemap="tianditu", tianditu_key="0123456789abcdef0123456789abcdef")
    data = page_data(page.html)
    assert [b["name"] for b in data["basemaps"]] == ["天地图矢量", "天地图影像"]
    assert data["basemaps"][0]["active"] and not data["basemaps"][1]["active"]
    urls = [t["url"] for t in data["basemaps"][0]["tiles"]]
    assert ["LAYER=vec" in urls[0], "LAYER=cva" in urls[1]] == [True, True]
    assert all("tk=0123456789abcdef0123456789abcdef" in u and "TILEMATRIXSET=w" in u for u in urls)
    assert data["warning"] is None
    gaode = render_webmap(hostile_project(),
                          basemap="https://webrd01.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}")
    assert "GCJ-02" in page_data(gaode.html)["warning"]
    assert any("GCJ-02" in w for w in gaode.warnings)
    with pytest.raises(UsageError, match="key"):
        render_webmap(hostile_project(), basemap="tianditu")
    with pytest.raises(UsageError, match="base map"):
        render_webmap(hostile_project(), basemap="gaode")
    with pytest.raises(UsageError, match="colour_by"):
        render_webmap(hostile_project(), colour_by="rainbow")


def test_layer_and_field_selection():
    page = render_webmap(hostile_project(), layers=[LAYER, "园区四至"], fields={"DKMC": "项目地块名称", "SMZQJD": "阶段"},
                         colour_by="lifecycle")
    data = page_data(page.html)
    assert [lyr["name"] for lyr in data["layers"]] == [LAYER, "园区四至"]
    parcels = data["layers"][0]
    assert parcels["fields"] == ["地块编号", "项目地块名称", "阶段"]
    assert parcels["sections"] == [{"title": "属性", "fields": [2]}]
    assert data["scheme"] == "lifecycle"
    with pytest.raises(UsageError, match="no layer named"):
        render_webmap(hostile_project(), layers=["无此图层"])


def test_quantised_delta_encoding_is_exact():
    geoms = np.array([box(109.1234564, 39.5, 109.1244564, 39.501), None], dtype=object)
    (poly, missing) = encode_geometries(geoms)
    assert missing is None
    ring = poly[1][0][0]
    # first point absolute (x, y in 1e-6°), then deltas; the closing point dropped
    assert ring == [109124456, 39500000, 0, 1000, -1000, 0, 0, -1000]
    xs = np.cumsum(ring[0::2]) / Q
    assert xs.tolist() == [109.124456, 109.124456, 109.123456, 109.123456]


def test_reprojection_and_simplification_stay_within_a_decimetre():
    from pyproj import Transformer

    # a 400 m edge with 200 collinear vertices 2 mm off the line: simplified to the corners
    edge = [(500_000 + 2 * i, 4_400_000 + (0.002 if i % 2 else 0)) for i in range(201)]
    poly = shapely.Polygon(edge + [(500_400, 4_400_400), (500_000, 4_400_400)])
    (out,) = to_lonlat(np.array([poly], dtype=object), "EPSG:4545", simplify_m=0.1)
    assert shapely.get_num_coordinates(out) == 5
    (enc,) = encode_geometries(np.array([out], dtype=object))
    ring = np.cumsum(np.array(enc[1][0][0]).reshape(-1, 2), axis=0) / Q
    back = Transformer.from_crs(4326, 4545, always_xy=True)
    x, y = back.transform(ring[:, 0], ring[:, 1])
    expected = np.array([(500_000, 4_400_000), (500_400, 4_400_000), (500_400, 4_400_400), (500_000, 4_400_400)])
    got = np.column_stack([x, y])
    # the encoder keeps the ring's own start; compare as sets of corners
    err = min(np.abs(np.roll(got, k, axis=0) - expected).max() for k in range(4))
    assert err < 0.1


def test_export_writes_the_file_atomically(tmp_path):
    out = export_webmap(hostile_project(), tmp_path / "map.html", title="示例")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_sample_project_page(sample_project):
    page = render_webmap(sample_project, generated="2026-11-25")
    data = page_data(page.html)
    assert [lyr["name"] for lyr in data["layers"]] == ["三区空间", "生态保护红线", "永久基本农田", "城镇开发边界", "园区四至",
                                                      "地块"]
    assert len(data["layers"][5]["features"]) == 1025
    assert page.summary == {"compliant": 971, "constrained": 11, "prohibited": 43}
    assert external_references(page.html) == []
    assert len(page.html.encode("utf-8")) < 1_500_000


def test_fields_per_layer():
    page = render_webmap(hostile_project(), fields={LAYER: ["SMZQJD"], "园区四至": {"YQMC": "园区"}})
    data = page_data(page.html)
    by_name = {lyr["name"]: lyr for lyr in data["layers"]}
    assert by_name[LAYER]["fields"] == ["地块编号", "地块名称", "生命周期阶段"]
    assert by_name["园区四至"]["fields"] == ["园区"]
    assert by_name["永久基本农田"]["fields"] == ["图斑编号", "扣除系数"]      # not named: default


def test_layers_that_cannot_be_drawn():
    import geopandas as gpd

    from parkgis.core.layers import VectorLayer
    from parkgis.core.project import Project

    project = hostile_project()
    project.add_layer(VectorLayer(name="无坐标系", role=Role.REFERENCE,
                                  gdf=gpd.GeoDataFrame({"a": [1]}, geometry=[box(0, 0, 1, 1)])))
    page = render_webmap(project)
    assert "无坐标系" not in page.layers and len(page.layers) == 5
    assert any(w.startswith("无坐标系: no CRS") for w in page.warnings)
    with pytest.raises(UsageError, match="no layers"):
        render_webmap(Project())


def test_progress_and_cancel():
    from parkgis.core.feedback import Cancelled, Feedback

    seen = []
    render_webmap(hostile_project(), feedback=Feedback(lambda f, m: seen.append((f, m))))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    messages = [m for _, m in seen]
    assert "占用生态保护红线" in messages and f"图层 {LAYER}" in messages and "生成网页" in messages

    def cancel_at_the_first_layer(fraction, message):
        if message.startswith("图层"):
            feedback.cancel()

    feedback = Feedback(cancel_at_the_first_layer)
    with pytest.raises(Cancelled):
        render_webmap(hostile_project(), feedback=feedback)
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Cancelled):   # during the check: never swallowed as "the check could not run"
        render_webmap(hostile_project(), feedback=feedback)


def test_a_layer_coloured_by_field_keeps_its_colours(sample_project):
    """The sample's 三区 layer is coloured by zone type in the desktop: the page carries the same
    classes (with counts for the legend) and each feature's class."""
    from parkgis.core.styles import ZONE_COLOURS

    data = page_data(render_webmap(sample_project, generated="2026-11-25").html)
    zones = next(lyr for lyr in data["layers"] if lyr["role"] == "zones")
    assert zones["categories"] == [{"label": z, "fill": ZONE_COLOURS[z], "count": n}
                                   for z, n in (("城镇空间", 9), ("农业空间", 9), ("生态空间", 6))]
    sqlx = zones["fields"].index("三区类型") if "三区类型" in zones["fields"] else zones["fields"].index("SQLX")
    names = [c["label"] for c in zones["categories"]]
    assert all(names[f["k"]] == f["v"][sqlx] for f in zones["features"])
    assert not any("categories" in lyr for lyr in data["layers"] if lyr["role"] != "zones")


def test_an_ellipsoidal_area_that_cannot_be_computed_is_null_in_the_page(monkeypatch):
    # the page's JSON is strict (allow_nan=False): a NaN area made the whole export fail
    from parkgis.core.analysis import engine

    monkeypatch.setattr(engine, "ellipsoidal_areas", lambda geoms, crs: np.full(len(geoms), np.nan))
    data = page_data(render_webmap(hostile_project(), generated="2026-11-25").html)
    by_id = {f["v"][0]: f for f in data["layers"][4]["features"]}
    assert by_id["A-01"]["x"]["a"] == [10000.0, None]
