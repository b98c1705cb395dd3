"""Issue 9 item 8: a web map of a Xian 1980 / Beijing 1954 layer says it is drawn without datum parameters."""

from __future__ import annotations

import geopandas as gpd
from shapely import box

from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role


def test_webmap_of_a_xian80_layer_warns_about_the_datum():
    from parkgis.webmap import render_webmap

    project = Project()
    geom = box(37_500_000, 4_400_000, 37_500_100, 4_400_100)
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame({"DKBH": ["A"]}, geometry=[geom], crs=2361),
                                  role=Role.PARCELS))
    web = render_webmap(project)
    (note,) = [w for w in web.warnings if "datum" in w and "地块" in w]
    assert note.startswith("地块: on the 西安80 datum (Xian 1980 / 3-degree Gauss-Kruger zone 37), drawn without "
                           "datum transformation parameters")
