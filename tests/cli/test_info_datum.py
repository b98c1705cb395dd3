"""Issue 9 item 8: ``parkgis info`` states the datum each layer is taken in."""

from __future__ import annotations

import json

import geopandas as gpd
from shapely import box

from parkgis.core.io import write_layers
from parkgis.core.layers import VectorLayer

DATAV = "admin_boundaries_datav_gcj02"


def test_info_states_the_datum(realdata, tmp_path, capsys):
    from parkgis.__main__ import main

    xian = tmp_path / "xian.gpkg"
    write_layers([VectorLayer("x", gpd.GeoDataFrame(geometry=[box(37_500_000, 4_400_000, 37_500_100,
                                                                   4_400_100)], crs=2361))], xian)
    assert main(["info", str(xian), "--json"]) == 0
    (layer,) = json.loads(capsys.readouterr().out)["layers"]
    assert layer["datum"] == "Xian 1980（西安80）" and layer["crs"] == "EPSG:2361"
    assert main(["info", str(realdata / DATAV / "county_150602.json")]) == 0
    assert "  基准 datum: WGS 84" in capsys.readouterr().out.splitlines()
