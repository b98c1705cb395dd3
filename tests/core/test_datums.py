"""Issue 9 item 8: the datum every layer is taken in is stated; DataV / AMap (GCJ-02) boundaries and
Xian 1980 / Beijing 1954 layers are flagged where they would otherwise pass as WGS 84 / CGCS2000."""

from __future__ import annotations

from parkgis.core.crs import datum_label, gcj02_suspicion
from parkgis.core.io import read_layers

DATAV = "admin_boundaries_datav_gcj02"


def test_real_datav_boundaries_are_flagged_as_gcj02(realdata):
    for name in ("citys_150600.json", "county_150602.json", "province_150000.json"):
        (layer,) = read_layers(realdata / DATAV / name)
        assert layer.epsg == 4326
        (note,) = [w for w in layer.warnings if "GCJ-02" in w]
        assert note.startswith("the layer has the schema of Aliyun DataV / AMap boundaries (acroutes, adcode")
        assert "taken as EPSG:4326 as declared" in note


def test_other_lonlat_layers_are_not_flagged(realdata):
    (mca,) = read_layers(realdata / "admin_boundaries_mca_topojson" / "150600.json")
    (beijing,) = read_layers(realdata / "china_real_polygons_utf8_shp" / "coordconvert_beijing_buildings_wgs84.shp")
    for layer in (mca, beijing):
        assert not [w for w in layer.warnings if "GCJ-02" in w]
    # the schema alone is not enough: projected data, or data outside China, is not DataV lon/lat
    cols = ["adcode", "name", "level", "center", "centroid", "acroutes"]
    assert gcj02_suspicion(cols, 4326, (109.0, 39.0, 110.0, 40.0)) is not None
    assert gcj02_suspicion(cols, 4525, (37.4e6, 4.3e6, 37.5e6, 4.4e6)) is None
    assert gcj02_suspicion(cols, 4326, (2.0, 48.0, 3.0, 49.0)) is None
    assert gcj02_suspicion(["adcode", "name"], 4326, (109.0, 39.0, 110.0, 40.0)) is None


def test_datum_labels():
    assert (datum_label(4490), datum_label(4525), datum_label(4326)) == ("CGCS2000", "CGCS2000", "WGS 84")
    assert datum_label(2361) == "Xian 1980（西安80）" and datum_label(2412) == "Beijing 1954（北京54）"
