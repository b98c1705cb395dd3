"""The contract every registered reader passes (DESIGN §2: registries, one shared contract suite).

A new format must add a sample here: the completeness test fails otherwise."""

import hashlib
import shutil
import zipfile

import pyogrio
import pytest
from geopandas import GeoDataFrame

from parkgis.core.errors import DataError
from parkgis.core.io import formats, read_layers, write_layers
from parkgis.core.layers import VectorLayer
from parkgis.core.roles import Role

BEIJING = "china_real_polygons_utf8_shp/coordconvert_beijing_buildings_wgs84"


def _shapefile(realdata, tmp):
    for suffix in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
        shutil.copy((realdata / BEIJING).with_suffix(suffix), tmp / f"buildings{suffix}")
    return tmp / "buildings.shp"


def _zip(realdata, tmp):
    shp = _shapefile(realdata, tmp)
    path = tmp / "buildings.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for p in tmp.glob("buildings.*"):
            if p != path:
                archive.write(p, p.name)
    shp.unlink()
    return path


def _buildings(realdata):
    (layer,) = read_layers(realdata / f"{BEIJING}.shp")
    return layer


def _gpkg(realdata, tmp):
    write_layers([_buildings(realdata)], tmp / "b.gpkg")
    return tmp / "b.gpkg"


def _kml(realdata, tmp):
    write_layers([_buildings(realdata)], tmp / "b.kml")
    return tmp / "b.kml"


def _kmz(realdata, tmp):
    kml = _kml(realdata, tmp)
    path = tmp / "b.kmz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(kml, "doc.kml")
    return path


def _filegdb(realdata, tmp):
    path = tmp / "b.gdb"
    pyogrio.write_dataframe(_buildings(realdata).gdf, path, layer="buildings", driver="OpenFileGDB",
                             promote_to_multi=True)
    return path


def _cass(realdata, tmp):
    path = tmp / "points.dat"
    path.write_text("1,,37500010.000,4400020.000,1100.5\r\n2,JD,37500110.000,4400020.000,1101.0\r\n"
                    "3,,37500110.000,4400120.000,1099.0\r\n", encoding="ascii")
    return path


SAMPLES = {
    "shapefile": _shapefile,
    "zip": _zip,
    "gpkg": _gpkg,
    "geojson": lambda realdata, tmp: realdata / "admin_boundaries_datav_gcj02/citys_150600.json",
    "topojson": lambda realdata, tmp: realdata / "admin_boundaries_mca_topojson/150600.json",
    "kml": _kml,
    "kmz": _kmz,
    "filegdb": _filegdb,
    "coordtxt": lambda realdata, tmp: realdata / "zuobiao_txt_parcel_format/hangzhou_pengbu_B-R-14.txt",
    "dxf": lambda realdata, tmp: realdata / "dxf_cad/ezdxf_hatch_text_box_in_hole.dxf",
    "cass": _cass,
}

GARBAGE_EXTENSION = {"shapefile": ".shp", "zip": ".zip", "gpkg": ".gpkg", "geojson": ".geojson",
                     "topojson": ".topojson", "kml": ".kml", "kmz": ".kmz", "coordtxt": ".txt",
                     "dxf": ".dxf", "cass": ".dat"}


def reader_names():
    return sorted(f.name for f in formats() if f.reader is not None)


def test_every_reader_has_a_contract_sample():
    assert set(reader_names()) <= set(SAMPLES), set(reader_names()) - set(SAMPLES)


def digest(path):
    if path.is_dir():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.iterdir())}
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", reader_names())
def test_reader_contract(name, realdata, tmp_path):
    path = SAMPLES[name](realdata, tmp_path)
    before = digest(path)
    layers = read_layers(path)
    assert layers and all(isinstance(layer, VectorLayer) for layer in layers)
    for layer in layers:
        assert layer.name and isinstance(layer.name, str)
        assert isinstance(layer.gdf, GeoDataFrame) and len(layer.gdf) > 0
        assert layer.gdf.geometry.name in layer.gdf.columns
        assert isinstance(layer.role, Role)
        assert layer.provenance.source_path and str(path).split("!")[0] in layer.provenance.source_path
        assert layer.provenance.driver
        assert all(isinstance(w, str) for w in layer.warnings)
        if layer.gdf.crs is None:
            assert any("CRS" in w for w in layer.warnings), "an unknown CRS must be said"
    again = read_layers(path)
    assert [len(lyr.gdf) for lyr in again] == [len(lyr.gdf) for lyr in layers]
    assert digest(path) == before  # the source is never modified


@pytest.mark.parametrize("name", sorted(GARBAGE_EXTENSION))
def test_reader_names_the_file_for_garbage(name, tmp_path):
    path = tmp_path / f"坏文件{GARBAGE_EXTENSION[name]}"
    path.write_bytes(b"\x00\x01garbage \xff\xfe not a real file\n" * 3)
    with pytest.raises(DataError) as err:
        read_layers(path)
    assert str(err.value).startswith(str(path))


@pytest.mark.parametrize("name", sorted(GARBAGE_EXTENSION))
def test_reader_names_the_file_when_empty(name, tmp_path):
    path = tmp_path / f"空{GARBAGE_EXTENSION[name]}"
    path.write_bytes(b"")
    with pytest.raises(DataError, match="empty"):
        read_layers(path)
