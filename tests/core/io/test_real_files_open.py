"""Real files that used to be refused (issue 9 item 18) and damaged geometries that used to crash
(item 12, reader parts): UTF-16 GeoJSON and coordinate TXT, KML declared GB2312, curved geometries,
DK.shp beside dk.shp, NaN/infinite coordinates, a polygon of one repeated point."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import geopandas as gpd
import pyogrio
import pytest
import shapely
from hostile_files import gpkg_with_wkb, wkb_curvepolygon_circle, wkb_polygon

from parkgis.core.errors import DataError
from parkgis.core.io.encoding import decode_text
from parkgis.core.io.registry import read_layers
from parkgis.core.messages import localize
from parkgis.core.project import Project

GEOJSON = json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"MC": "准格尔旗"},
                      "geometry": {"type": "Polygon", "coordinates": [[[109, 39], [109.001, 39], [109.001, 39.001],
                                                                        [109, 39]]]}}]}, ensure_ascii=False)


@pytest.mark.parametrize(("codec", "expected"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16LE"),
                                                 ("utf-16-be", "UTF-16BE"), ("utf-32", "UTF-32"),
                                                 ("utf-8-sig", "UTF-8")])
def test_utf16_geojson_opens(tmp_path, codec, expected):
    path = tmp_path / "dk.geojson"
    path.write_bytes(GEOJSON.encode(codec))
    (layer,) = read_layers(path)
    assert layer.gdf["MC"].tolist() == ["准格尔旗"] and layer.provenance.encoding == expected


def test_gbk_geojson_still_opens(tmp_path):
    path = tmp_path / "dk.geojson"
    path.write_bytes(GEOJSON.encode("gbk"))
    (layer,) = read_layers(path)
    assert layer.gdf["MC"].tolist() == ["准格尔旗"] and layer.provenance.encoding == "GB18030"


KML = ('<?xml version="1.0" encoding="{enc}"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
       '<Placemark><name>{name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>109,39 109.001,39 '
       '109.001,39.001 109,39</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>')


@pytest.mark.parametrize(("declared", "codec", "note"), [("GB2312", "gbk", None), ("GBK", "gbk", None),
                                                         ("gb2312", "utf-8", "the file declares gb2312 but its text "
                                                                             "is valid UTF-8; read as UTF-8")])
def test_kml_declared_gb2312_opens(tmp_path, declared, codec, note):
    path = tmp_path / "dk.kml"
    name = "准格尔旗䶮镇" if codec == "utf-8" else "准格尔旗"
    path.write_bytes(KML.format(enc=declared, name=name).encode(codec))
    (layer,) = read_layers(path)
    assert layer.gdf["Name"].tolist() == [name]
    assert (note in layer.warnings) if note else not any("declares" in w for w in layer.warnings)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le"])
def test_utf16_coordinate_txt_opens(realdata, tmp_path, codec):
    src = realdata / "zuobiao_txt_parcel_format/hangzhou_pengbu_B-R-14.txt"
    text = decode_text(src.read_bytes())[0]
    path = tmp_path / "zb.txt"
    path.write_bytes(text.encode(codec))
    (layer,) = read_layers(path)
    (reference,) = read_layers(src)
    assert layer.gdf["DKMC"].tolist() == reference.gdf["DKMC"].tolist() == ["彭埠单元B/R-14地块"]
    assert layer.gdf.geometry.iloc[0].equals(reference.gdf.geometry.iloc[0])


def test_curved_polygons_are_linearised_with_a_stated_tolerance(tmp_path):
    path = gpkg_with_wkb(tmp_path / "curve.gpkg", [wkb_curvepolygon_circle(500000, 4400000, 100.0)])
    (layer,) = read_layers(path)
    circle = layer.gdf.geometry.iloc[0]
    assert circle.geom_type == "Polygon"
    xy = shapely.get_coordinates(circle)
    assert all(abs(math.dist(p, (500000, 4400000)) - 100.0) < 1e-6 for p in xy)     # vertices on the arc
    chords = [math.dist(a, b) for a, b in zip(xy[:-1], xy[1:], strict=True)]
    assert max(chords) <= 2 * 100.0 * math.sin(math.radians(0.5)) + 1e-6          # at most 1° of arc each
    assert circle.area == pytest.approx(math.pi * 100.0**2, rel=6e-5)  # (2π/360)²/6 = 5.1e-5; GDAL default 4°: 8e-4
    (note,) = [w for w in layer.warnings if "curved" in w]
    assert "one vertex every 1° of arc" in note and "4 mm on a 100 m radius" in note
    assert localize(note).startswith("图层含有曲线几何")


def test_upper_and_lower_case_shapefiles_in_one_folder_are_two_layers(tmp_path):
    for stem, names, x in (("DK", ["大写"], 0), ("dk", ["小写一", "小写二"], 10)):
        gdf = gpd.GeoDataFrame({"MC": names}, geometry=[shapely.box(37500000 + x + i, 4400000, 37500001 + x + i,
                                                                    4400001) for i in range(len(names))], crs=4525)
        pyogrio.write_dataframe(gdf, tmp_path / f"{stem}.shp")
    if not (tmp_path / "DK.shp").exists() or not (tmp_path / "dk.shp").exists():
        pytest.skip("the file system is case-insensitive")
    big, small = read_layers(tmp_path / "DK.shp")[0], read_layers(tmp_path / "dk.shp")[0]
    assert big.gdf["MC"].tolist() == ["大写"] and small.gdf["MC"].tolist() == ["小写一", "小写二"]
    project = Project.create(tmp_path / "p.gpkg")
    project.add_layer(big)
    project.add_layer(small)
    project.save()      # GeoPackage table names are case-insensitive: "DK" and "dk" cannot both be tables
    again = Project.open(tmp_path / "p.gpkg")
    assert [(lyr.name, len(lyr.gdf)) for lyr in again.layers] == [("DK", 1), ("dk_2", 2)]


SQUARE = [(500000, 4400000), (500050, 4400000), (500050, 4400050), (500000, 4400050), (500000, 4400000)]


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_or_infinite_coordinates_are_refused_naming_the_feature(tmp_path, bad):
    ring = [(500000, 4400000), (bad, 4400000), (500050, 4400050), (500000, 4400000)]
    path = gpkg_with_wkb(tmp_path / "nan.gpkg", [wkb_polygon([SQUARE]), wkb_polygon([ring]), wkb_polygon([SQUARE])])
    with pytest.raises(DataError) as err:
        read_layers(path)
    assert err.value.feature == 1 and err.value.layer == "dk"
    assert f"the coordinate ({bad}, 4400000.0) is not a finite number (1 feature(s) in all)" in str(err.value)


@pytest.mark.parametrize("command", [["info", "{p}"], ["check", "--parcels", "{p}", "--format", "json"],
                                     ["convert", "{p}", "{out}"]])
def test_nan_coordinates_give_one_line_in_every_command(tmp_path, command):
    ring = [(500000, 4400000), (math.nan, 4400000), (500050, 4400050), (500000, 4400000)]
    path = gpkg_with_wkb(tmp_path / "nan.gpkg", [wkb_polygon([SQUARE]), wkb_polygon([ring])])
    out = tmp_path / "out.geojson"
    args = [a.format(p=path, out=out) for a in command]
    proc = subprocess.run([sys.executable, "-m", "parkgis", *args], capture_output=True, text=True,
                          env={"PARKGIS_LANG": "en", "PATH": "/usr/bin:/bin"}, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()
    (line,) = [ln for ln in proc.stderr.splitlines() if "error" in ln]
    assert "feature 1: the coordinate (nan, 4400000.0) is not a finite number" in line


def test_polygon_of_one_repeated_point_is_a_finding_not_a_crash(tmp_path):
    one = [(500000, 4400000)] * 4
    path = gpkg_with_wkb(tmp_path / "one.gpkg", [wkb_polygon([SQUARE]), wkb_polygon([one])])
    (layer,) = read_layers(path)
    assert "1 polygon(s) have no area: all their points lie on one spot or one line (first: feature 1)" \
        in layer.warnings
    assert layer.invalid_mask().tolist() == [False, True]
