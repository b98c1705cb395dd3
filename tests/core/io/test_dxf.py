"""DXF import (and export) on the real CAD files of shared/realdata and synthetic drawings."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely.geometry import Polygon, box

from parkgis.core.errors import DataError
from parkgis.core.io import format_for_read, read_layers, write_layers
from parkgis.core.layers import VectorLayer
from parkgis.core.roles import Role

ezdxf = pytest.importorskip("ezdxf", reason="DXF support needs ezdxf (a dependency of parkgis)")

from parkgis.core.io.dxf import CHORD_TOLERANCE, read_dxf_file  # noqa: E402

CAD = "dxf_cad"


def gdal_read(path) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pyogrio.read_dataframe(path)


def by_name(layers) -> dict[str, VectorLayer]:
    return {lyr.name: lyr for lyr in layers}


def test_closed_polyline_with_bulges_zone_40(realdata):
    path = realdata / CAD / "gdal_closed_polyline_with_bulge.dxf"
    assert format_for_read(path).name == "dxf"
    result = read_dxf_file(path)
    assert [f.code for f in result.findings] == ["dxf_no_header", "curves_densified", "crs_inferred"]
    assert result.findings[1].params == {"entities": 1, "chord_tolerance": CHORD_TOLERANCE}
    (layer,) = result.layers
    assert layer.name == "面" and layer.epsg == 4528
    row = layer.gdf.iloc[0]
    assert (row["CAD_LAYER"], row["ENTITY"], row["HANDLE"], row["SOURCE"]) == ("test", "LWPOLYLINE", "215", "closed")
    geom = row.geometry
    assert geom.geom_type == "Polygon" and geom.is_valid
    assert round(geom.area, 1) == 10209.7
    # GDAL reads the same entity as a closed LineString with arcs at a fixed 4° step: same shape
    gdal = gdal_read(path)
    assert list(gdal.geometry.geom_type) == ["LineString"] and gdal.geometry.iloc[0].is_closed
    gdal_poly = Polygon(gdal.geometry.iloc[0].coords)
    assert abs(gdal_poly.area - geom.area) / geom.area < 1e-3
    assert geom.symmetric_difference(gdal_poly).area < 5.0
    # every vertex of ours lies on GDAL's outline or on an arc GDAL cut more coarsely
    assert geom.hausdorff_distance(gdal_poly) < 0.1


def test_bulge_chords_stay_within_the_tolerance(tmp_path):
    doc = ezdxf.new("R2010")
    # a 200 × 100 slot: two straight sides and two semicircles (bulge 1) of radius 50
    doc.modelspace().add_lwpolyline([(0, 0, 0), (200, 0, 1), (200, 100, 0), (0, 100, 1)], format="xyb", close=True)
    path = tmp_path / "slot.dxf"
    doc.saveas(path)
    for tol in (CHORD_TOLERANCE, 0.5):
        geom = read_dxf_file(path, chord_tolerance=tol).layers[0].gdf.geometry.iloc[0]
        exact = 200 * 100 + math.pi * 50 ** 2
        assert exact - geom.area < 2 * math.pi * 50 * tol  # inscribed chords lose less than perimeter × tol
        coords = np.array(geom.exterior.coords)
        mids = (coords[:-1] + coords[1:]) / 2
        on_arc = mids[:, 0] > 200
        dist = np.hypot(mids[on_arc, 0] - 200, mids[on_arc, 1] - 50)
        assert (50 - dist).max() <= tol + 1e-9
    fine = len(read_dxf_file(path).layers[0].gdf.geometry.iloc[0].exterior.coords)
    coarse = len(read_dxf_file(path, chord_tolerance=0.5).layers[0].gdf.geometry.iloc[0].exterior.coords)
    assert fine > 4 * coarse


def test_hatch_with_hole_and_mtext_label(realdata):
    path = realdata / CAD / "ezdxf_hatch_text_box_in_hole.dxf"
    layers = by_name(read_layers(path))
    assert set(layers) == {"面", "注记"}
    polys = layers["面"].gdf
    assert list(polys["ENTITY"]) == ["LWPOLYLINE", "LWPOLYLINE", "HATCH"]
    assert list(polys["SOURCE"]) == ["closed", "closed", "hatch"]
    assert list(polys.area.round(2)) == [46360.0, 16006.0, 33176.82]
    assert polys.crs is None and any("no_crs" in w for w in layers["面"].warnings)
    hatch = polys.geometry.iloc[2]
    gdal_hatch = next(g for g in gdal_read(path).geometry if g.geom_type == "MultiPolygon")
    assert abs(hatch.area - gdal_hatch.area) < 0.01
    assert sum(len(p.interiors) for p in getattr(hatch, "geoms", [hatch])) == 1
    # the MTEXT sits in the inner box: the smallest polygon holding it gets the label
    assert list(polys["LABEL"].fillna("")) == ["", "TEXT TEXT TEXT TEXT TEXT TEXT TEXT TEXT", ""]
    assert list(layers["注记"].gdf["TEXT"]) == ["TEXT TEXT TEXT TEXT TEXT TEXT TEXT TEXT"]


def test_hatch_with_clockwise_arc_edges(realdata):
    path = realdata / CAD / "ezdxf_clockwise_arcs_hatch.dxf"
    (layer,) = read_layers(path)
    geom = layer.gdf.geometry.iloc[0]
    assert geom.is_valid and layer.gdf.iloc[0]["CAD_LAYER"] == "HATCH"
    gdal = gdal_read(path).geometry.iloc[0]
    assert not gdal.is_valid  # GDAL keeps two edge-sharing parts; we merge them
    assert abs(geom.area - gdal.area) / gdal.area < 1e-4


def test_loose_lines_and_arcs_are_polygonised_with_labels(realdata):
    path = realdata / CAD / "ezdxf_1_polylines.dxf"
    layers = by_name(read_layers(path))
    polys = layers["面"].gdf
    assert set(polys["SOURCE"]) == {"polygonized"}
    # GDAL's lines, noded, give 13 faces; its 4° arcs leave three arc loops open that ours close
    gdal_lines = [g for g in gdal_read(path).geometry if g.geom_type == "LineString"]
    gdal_faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.node(shapely.union_all(gdal_lines)))))
    assert len(gdal_faces) == 13 and len(polys) == 16
    ours = sorted(polys.area.round(1))
    assert sorted(np.round(shapely.area(gdal_faces), 1)) == pytest.approx(
        [a for a in ours if a < 2000], abs=0.2)
    labelled = polys.dropna(subset=["LABEL"]).sort_values("LABEL")
    assert list(labelled["LABEL"]) == ["closed loop: circular arcs", "closed loop: lines and cirular arcs",
                                       "closed loop: lines and cirular arcs"]
    assert len(layers["注记"].gdf) == 9 and len(layers["线"].gdf) == 21


def test_r12_survey_export_layers_points_and_selection(realdata):
    path = realdata / CAD / "ezdxf_Leica_Disto_S910.dxf"
    result = read_dxf_file(path)
    assert result.version == "AC1009"
    assert result.cad_layers == ["LEICA_DISTO_3D", "LEICA_DISTO_ID", "LEICA_DISTO_POINT_ENTITY"]
    layers = by_name(result.layers)
    assert len(layers["点"].gdf) == 11 and len(layers["注记"].gdf) == 11
    assert set(layers["点"].gdf["CAD_LAYER"]) == {"LEICA_DISTO_POINT_ENTITY"}
    assert all(lyr.crs is None for lyr in result.layers)  # local metres near 0,0 are not lon/lat
    only_points = read_layers(path, layer="LEICA_DISTO_POINT_ENTITY")
    assert [lyr.name for lyr in only_points] == ["点"] and len(only_points[0].gdf) == 11
    labels = read_layers(path, layer="注记")
    assert [lyr.name for lyr in labels] == ["注记"]
    with pytest.raises(DataError, match="layers in the file: LEICA_DISTO_3D, LEICA_DISTO_ID"):
        read_layers(path, layer="红线")


R12_GBK = """  0
SECTION
  2
HEADER
  9
$ACADVER
  1
AC1009
  9
$DWGCODEPAGE
  3
ANSI_936
  0
ENDSEC
  0
SECTION
  2
ENTITIES
  0
POLYLINE
  8
红线
 66
1
 70
1
  0
VERTEX
  8
红线
 10
37500000.0
 20
4400000.0
  0
VERTEX
  8
红线
 10
37500100.0
 20
4400000.0
  0
VERTEX
  8
红线
 10
37500100.0
 20
4400100.0
  0
VERTEX
  8
红线
 10
37500000.0
 20
4400100.0
  0
SEQEND
  0
TEXT
  8
注记
 10
37500050.0
 20
4400050.0
 40
2.5
  1
标准地A-01
  0
ENDSEC
  0
EOF
"""


def test_ansi_936_text_and_zone_prefix(tmp_path):
    path = tmp_path / "红线.dxf"
    path.write_bytes(R12_GBK.replace("\n", "\r\n").encode("gbk"))
    result = read_dxf_file(path)
    assert (result.encoding, result.encoding_source) == ("gbk", "dwgcodepage")
    layers = by_name(result.layers)
    poly = layers["面"]
    assert poly.epsg == 4525 and "zone prefix 37" in poly.provenance.crs_assumed
    row = poly.gdf.iloc[0]
    assert (row["CAD_LAYER"], row["ENTITY"], row["LABEL"]) == ("红线", "POLYLINE", "标准地A-01")
    assert row.geometry.equals(box(37_500_000, 4_400_000, 37_500_100, 4_400_100))
    assert result.source_lines["面"] == [19]  # the line of the POLYLINE's group code 0
    assert poly.provenance.metadata["dxf"] == {"chord_tolerance": 0.01, "version": result.version,
                                               "cad_layers": ["注记", "红线"]}
    assert poly.gdf.attrs == {}  # nothing row-aligned or bulky rides on the frame
    assert layers["注记"].gdf.iloc[0]["CAD_LAYER"] == "注记"


def test_undeclared_codepage_with_gbk_bytes_is_detected(tmp_path):
    path = tmp_path / "nocp.dxf"
    text = R12_GBK.replace("  9\n$DWGCODEPAGE\n  3\nANSI_936\n", "")
    path.write_bytes(text.encode("gbk"))
    result = read_dxf_file(path)
    assert (result.encoding, result.encoding_source) == ("GB18030", "detected")
    assert by_name(result.layers)["面"].gdf.iloc[0]["LABEL"] == "标准地A-01"


NO_CLOSED = """  0
SECTION
  2
ENTITIES
  0
LINE
  8
0
 10
0.0
 20
0.0
 11
100.0
 21
0.0
  0
LINE
  8
0
 10
100.0
 20
0.0
 11
100.0
 21
50.0
  0
ENDSEC
  0
EOF
"""


def test_dxf_without_closed_shapes(tmp_path):
    path = tmp_path / "open.dxf"
    path.write_text(NO_CLOSED, encoding="ascii")
    result = read_dxf_file(path)
    finding = next(f for f in result.findings if f.code == "no_closed_shapes")
    assert (finding.severity, finding.line) == ("warning", 3)
    assert [lyr.name for lyr in result.layers] == ["线"]
    assert len(read_layers(path)[0].gdf) == 2
    out = tmp_path / "out.gpkg"
    with pytest.raises(DataError, match="line 3: the DXF holds no closed shape"):
        write_layers(read_layers(path, strict=True), out)
    assert not out.exists()


def test_not_a_dxf(tmp_path):
    path = tmp_path / "broken.dxf"
    path.write_text("  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n 10\nabc\n", encoding="ascii")
    with pytest.raises(DataError):
        read_layers(path)


def test_dxf_export_round_trip_gbk(tmp_path):
    shell = box(37_500_000, 4_400_000, 37_500_100, 4_400_100)
    parcel = Polygon(shell.exterior, [box(37_500_040, 4_400_040, 37_500_060, 4_400_060).exterior])
    gdf = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02"]},
                           geometry=[parcel, box(37_500_200, 4_400_000, 37_500_250, 4_400_050)], crs=4525)
    out = tmp_path / "parcels.dxf"
    write_layers([VectorLayer("地块", gdf, Role.PARCELS)], out, encoding="GBK")
    assert b"ANSI_936" in out.read_bytes()
    result = read_dxf_file(out)
    assert result.encoding == "gbk"
    polys = by_name(result.layers)["面"].gdf
    assert polys.crs.to_epsg() == 4525
    assert set(polys["CAD_LAYER"]) == {"地块"}
    # rings come back as closed polylines (CAD has no holes): outer, hole, second parcel
    assert sorted(polys.area.round(6)) == [400.0, 2500.0, 10000.0]
    assert sorted(polys["LABEL"].dropna()) == ["A-01", "A-02"]
