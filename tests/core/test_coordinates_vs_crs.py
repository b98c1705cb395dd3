"""Issue 9 item 4: coordinates that contradict their declared CRS are detected and either taken in
the CRS they fit (with the assumption stated) or refused — never a parcel "compliant" with an area of
0 far away. Files are real shapefiles / GeoPackages written through GDAL with Esri ``.prj`` text."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS, Transformer
from shapely import box

from parkgis.core.analysis import check_parcels
from parkgis.core.errors import DataError
from parkgis.core.io import read_layers, write_layers
from parkgis.core.layers import VectorLayer

PARCEL = box(37_500_000, 4_400_000, 37_500_200, 4_400_100)   # zone 37, on the central meridian 111°E
FARMLAND = box(37_499_000, 4_399_000, 37_501_000, 4_401_000)


def shapefile(tmp_path, geoms, prj: str, name="dk", **cols):
    """A shapefile whose .prj says ``prj`` (Esri WKT) whatever the coordinates are."""
    path = tmp_path / f"{name}.shp"
    write_layers([VectorLayer(name, gpd.GeoDataFrame(cols or {"DKBH": ["A"] * len(geoms)}, geometry=geoms,
                                                     crs=4525))], path)
    path.with_suffix(".prj").write_text(prj, encoding="ascii")
    return path


def esri(epsg: int) -> str:
    return CRS.from_epsg(epsg).to_wkt("WKT1_ESRI")


def test_zone_prefixed_eastings_under_a_central_meridian_prj_are_taken_in_the_prefixed_zone(tmp_path):
    prj = esri(4546)
    assert "CGCS2000_3_Degree_GK_CM_111E" in prj
    (layer,) = read_layers(shapefile(tmp_path, [PARCEL], prj))
    assert layer.epsg == 4525 and layer.gdf.geometry.values[0].equals(PARCEL)
    assert "the eastings carry the zone prefix 37 but EPSG:4546 (central meridian 111°E) has no zone prefix: " \
           "taken as EPSG:4525; the declared central meridian agrees" == layer.provenance.crs_assumed
    # and the parcel inside the permanent farmland is found there (the bug: "compliant", 椭球面积 0.0)
    (farm,) = read_layers(shapefile(tmp_path, [FARMLAND], prj, name="jbnt"))
    p = check_parcels(layer, {"farmland": farm}).parcels[0]
    assert p.status == "prohibited" and p.conflict("farmland").area_m2 == pytest.approx(20_000.0)
    assert p.ellipsoidal_area_m2 == pytest.approx(20_000.0, rel=1e-4)


def test_prefix_that_contradicts_the_central_meridian_is_said(tmp_path):
    west = shapely.affinity.translate(PARCEL, -1_000_000)   # prefix 36 under CM 111°E
    (layer,) = read_layers(shapefile(tmp_path, [west], esri(4546)))
    assert layer.epsg == 4524
    assert "contradicts it (prefix 36 = 108°E)" in layer.provenance.crs_assumed


def test_millimetres_under_a_metre_prj_are_refused_with_what_they_look_like(tmp_path):
    mm = shapely.affinity.scale(PARCEL, 1000, 1000, origin=(0, 0))
    with pytest.raises(DataError) as err:
        read_layers(shapefile(tmp_path, [mm], esri(4525)))
    assert "lie outside the area of EPSG:4525" in str(err.value) and "÷1000 (millimetres) would fit" in str(err.value)
    assert str(err.value).startswith(str(tmp_path / "dk.shp"))


def test_degrees_under_a_projected_prj_and_metres_under_a_geographic_one(tmp_path):
    lonlat = shapely.transform(PARCEL, Transformer.from_crs(4525, 4490, always_xy=True).transform, interleaved=False)
    (layer,) = read_layers(shapefile(tmp_path, [lonlat], esri(4525), name="deg"))
    assert layer.epsg == 4490 and "longitude/latitude degrees, not the metres EPSG:4525" in layer.provenance.crs_assumed
    (layer,) = read_layers(shapefile(tmp_path, [PARCEL], esri(4490), name="metres"))
    assert layer.epsg == 4525 and "not the degrees EPSG:4490 declares" in layer.provenance.crs_assumed
    with pytest.raises(DataError, match="are not degrees, yet EPSG:4490 is geographic"):
        read_layers(shapefile(tmp_path, [shapely.affinity.translate(PARCEL, -37_000_000)], esri(4490), name="bad"))


def test_eastings_without_prefix_under_a_prefixed_crs_are_refused(tmp_path):
    with pytest.raises(DataError, match="the eastings have no zone prefix"):
        read_layers(shapefile(tmp_path, [shapely.affinity.translate(PARCEL, -37_000_000)], esri(4525)))


def test_the_check_refuses_coordinates_that_are_no_place_in_their_crs():
    """A layer handed over directly (API, or a project saved before the reader checked)."""
    bad = gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[PARCEL], crs=4546)    # prefixed eastings, CM CRS
    with pytest.raises(DataError, match=r"are no place in the layer's CRS EPSG:4546"):
        check_parcels(bad, {"farmland": gpd.GeoDataFrame(geometry=[FARMLAND], crs=4525)})
    ok = gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[PARCEL], crs=4525)
    mm_farm = gpd.GeoDataFrame(geometry=[shapely.affinity.scale(FARMLAND, 1000, 1000, origin=(0, 0))], crs=4525)
    with pytest.raises(DataError, match="are no place in the layer's CRS EPSG:4525"):
        check_parcels(ok, {"farmland": mm_farm})


def test_geometry_collection_parcel_is_checked_on_its_polygons():
    gc = shapely.GeometryCollection([PARCEL, shapely.Point(37_500_050, 4_400_050)])
    gdf = gpd.GeoDataFrame({"DKBH": ["GC"]}, geometry=[gc], crs=4525)
    eco = gpd.GeoDataFrame(geometry=[FARMLAND], crs=4525)
    p = check_parcels(gdf, {"eco_redline": eco}).parcels[0]
    assert p.area_m2 == pytest.approx(20_000.0) and p.status == "prohibited"
    assert p.conflict("eco_redline").area_m2 == pytest.approx(20_000.0)
    assert "GeometryCollection" in p.conflict("invalid_geometry").detail
