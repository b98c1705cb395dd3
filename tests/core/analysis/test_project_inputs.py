import pytest
from geopandas import GeoDataFrame
from shapely import box

import parkgis
from parkgis.core.analysis import constraint_layers, project_check_inputs
from parkgis.core.errors import DataError
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role


def layer(name, role, boxes, epsg=4525):
    gdf = GeoDataFrame({"DKBH": [f"{name}{i}" for i in range(len(boxes))]},
                       # near the central meridian of zone 37: real places in EPSG:4525
                       geometry=[box(37_500_000 + x0, 4_400_000 + y0, 37_500_000 + x1, 4_400_000 + y1)
                                 for x0, y0, x1, y1 in boxes], crs=epsg)
    return VectorLayer(name, gdf, role=role)


def test_two_parcel_layers_are_checked_as_one_and_empty_layers_are_left_out(tmp_path):
    project = Project(tmp_path / "p.gpkg")
    project.add_layer(layer("一期", Role.PARCELS, [(0, 0, 100, 100)]))
    project.add_layer(layer("二期", Role.PARCELS, [(200, 0, 300, 100)]))
    project.add_layer(layer("红线", Role.ECO_REDLINE, [(50, 0, 250, 100)]))
    project.add_layer(layer("空", Role.FARMLAND, []))
    project.add_layer(layer("道路", Role.REFERENCE, [(0, 0, 1, 1)]))
    parcels, constraints = project_check_inputs(project)
    assert parcels.name == "一期+二期" and len(parcels.gdf) == 2
    assert list(constraints) == ["eco_redline"] and constraint_layers(project) == constraints

    result = parkgis.check_project(project, id_field="DKBH")
    areas = {p.id: [c.area_m2 for c in p.conflicts if c.rule == "eco_redline"] for p in result.parcels}
    assert areas == {"一期0": [5000.0], "二期0": [5000.0]}


def test_a_project_without_parcels_is_a_data_error(tmp_path):
    project = Project(tmp_path / "p.gpkg")
    project.add_layer(layer("红线", Role.ECO_REDLINE, [(0, 0, 1, 1)]))
    with pytest.raises(DataError, match="no parcels"):
        project_check_inputs(project)
