"""Values lost while reading formats other than the shapefile (issue 9 item 6): REAL ids beyond 2**53
in a GeoPackage, TopoJSON arcs that do not exist, empty geometries."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
import shapely

from parkgis.core.errors import DataError
from parkgis.core.io.registry import read_layers
from parkgis.core.messages import localize


def test_real_ids_beyond_float_precision_are_named(tmp_path):
    gdf = gpd.GeoDataFrame({"BSM": [1.0, 150602123456789012.0, 150602123456789013.0]},
                           geometry=[shapely.box(500_000 + i, 4_400_000, 500_001 + i, 4_400_001) for i in range(3)], crs=4545)
    gdf.to_file(tmp_path / "dk.gpkg", layer="dk")
    (layer,) = read_layers(tmp_path / "dk.gpkg")
    assert layer.gdf["BSM"].iloc[1] == layer.gdf["BSM"].iloc[2]    # the file itself has merged them
    assert layer.warnings == [
        "feature 1, field BSM: 150602123456789020 is a whole number too long for the floating-point field "
        "that stores it: its last digits are not reliable (2 values); store such ids as text or integers"]
    assert localize(layer.warnings[0]).startswith("要素 1，字段 BSM：150602123456789020 是一个超出浮点字段精度的整数")


def test_real_ids_within_float_precision_say_nothing(tmp_path):
    gdf = gpd.GeoDataFrame({"BSM": [1.0, 9007199254740991.0]}, geometry=[shapely.box(500_000, 4_400_000, 500_001, 4_400_001)] * 2, crs=4545)
    gdf.to_file(tmp_path / "dk.gpkg", layer="dk")
    assert read_layers(tmp_path / "dk.gpkg")[0].warnings == []


def _topology(tmp_path, arcs_refs):
    ring = [[109.0, 39.0], [109.001, 39.0], [109.001, 39.001], [109.0, 39.001], [109.0, 39.0]]
    topo = {"type": "Topology", "arcs": [ring],
            "objects": {"dk": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": refs, "properties": {"DKBH": f"A-0{i}"}}
                for i, refs in enumerate(arcs_refs)]}}}
    path = tmp_path / "dk.topojson"
    path.write_text(json.dumps(topo), encoding="utf-8")
    return path


def test_topojson_arc_out_of_range_is_named(tmp_path):
    path = _topology(tmp_path, [[[0]], [[5]], [[-7]], [[-1]]])   # arc 5 and ~6 do not exist; ~0 (= -1) does
    (layer,) = read_layers(path)
    assert layer.gdf.geometry.is_empty.tolist() == [False, True, True, False]
    assert "feature 1: the geometry refers to arc 5, but the topology has 1 arcs: its geometry is empty " \
           "(2 feature(s) in all)" in layer.warnings
    assert "2 feature(s) have an empty geometry (first: feature 1)" in layer.warnings
    with pytest.raises(DataError, match="feature 1: the geometry refers to arc 5"):
        read_layers(path, strict=True)


def test_topojson_with_valid_arcs_says_nothing_of_arcs(tmp_path):
    (layer,) = read_layers(_topology(tmp_path, [[[0]], [[-1]]]))
    assert not any("arc" in w or "empty" in w for w in layer.warnings)


def test_empty_geometries_in_geojson_are_counted(tmp_path):
    path = tmp_path / "e.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"a": 1}, "geometry": {"type": "Polygon", "coordinates": []}},
        {"type": "Feature", "properties": {"a": 2}, "geometry": {"type": "Point", "coordinates": [109, 39]}}]}))
    (layer,) = read_layers(path)
    assert "1 feature(s) have an empty geometry (first: feature 0)" in layer.warnings
