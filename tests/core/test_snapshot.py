"""The project snapshot workers read (parkgis.core.snapshot): detached from later commits."""

from __future__ import annotations

import threading

import geopandas as gpd
import numpy as np
import shapely

from parkgis.core import snapshot as project_snapshot
from parkgis.core.analysis import check_layers, project_check_inputs
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

BOXES = [shapely.box(0, 0, 100, 100), shapely.box(200, 0, 300, 100), shapely.box(400, 0, 500, 50)]


def make_project(tmp_path) -> Project:
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    gdf = gpd.GeoDataFrame({"DKBH": ["A-01", "A-02", "A-03"], "RJL": [1.0, 1.5, 2.0]}, geometry=BOXES, crs=4527)
    project.add_layer(VectorLayer("地块", gdf, role=Role.PARCELS))
    eco = gpd.GeoDataFrame({"HXMC": ["红线"]}, geometry=[shapely.box(0, 200, 50, 250)], crs=4527)
    project.add_layer(VectorLayer("生态保护红线", eco, role=Role.ECO_REDLINE))
    project.save()
    return Project.open(path)


def wkbs(geoms) -> list[bytes]:
    return [shapely.to_wkb(g) for g in geoms]


def test_a_commit_after_the_snapshot_changes_the_live_layer_not_the_snapshot(tmp_path):
    project = make_project(tmp_path)
    layer = project.layer("地块")
    live_array = layer.gdf.geometry.values   # the array a commit writes into in place
    before_wkb = wkbs(layer.gdf.geometry)
    before_versions = dict(layer.versions)
    snap = project_snapshot.build(project)
    with project.edit("地块") as edit:
        edit.set_geometry(2, shapely.box(200, 0, 333, 100))
        edit.set_attribute(2, "DKBH", "B-02")
        edit.set_attribute(3, "RJL", 2.75)
    # the commit updated the live frame in place (the case a shallow copy would miss) ...
    assert layer.gdf.geometry.values is live_array
    assert shapely.equals_exact(layer.gdf.geometry.loc[2], shapely.box(200, 0, 333, 100), 0)
    assert layer.gdf.loc[2, "DKBH"] == "B-02" and layer.gdf.loc[3, "RJL"] == 2.75
    # ... and the snapshot, and a project made from it, still hold what was there before
    parcels = snap.layer("地块")
    assert wkbs(parcels.geoms) == before_wkb
    assert parcels.frame["DKBH"].tolist() == ["A-01", "A-02", "A-03"]
    assert parcels.frame["RJL"].tolist() == [1.0, 1.5, 2.0]
    assert parcels.layer.versions == before_versions and layer.versions[2] == 2
    rebuilt = snap.to_project().layer("地块")
    assert wkbs(rebuilt.gdf.geometry) == before_wkb
    assert rebuilt.gdf.index.tolist() == [1, 2, 3] and rebuilt.id == layer.id
    assert rebuilt.gdf.crs.to_epsg() == 4527
    assert rebuilt.gdf.loc[2, "DKBH"] == "A-02"


def test_additions_and_deletions_after_the_snapshot_leave_it_alone(tmp_path):
    project = make_project(tmp_path)
    snap = project_snapshot.build(project)
    with project.edit("地块") as edit:
        edit.delete_feature(1)
        edit.add_feature(shapely.box(600, 0, 700, 100), {"DKBH": "A-04", "RJL": 1.2})
    assert project.layer("地块").gdf.index.tolist() == [2, 3, 4]
    assert snap.to_project().layer("地块").gdf.index.tolist() == [1, 2, 3]
    assert wkbs(snap.layer("地块").geoms) == wkbs(BOXES)


def test_geometry_array_is_a_copy_not_the_frames_storage():
    gdf = gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)])
    copied = project_snapshot.geometry_array(gdf)
    shared = np.asarray(gdf.geometry.array)
    gdf.geometry.values[0] = shapely.Point(5, 5)     # what Project._commit does for an update
    assert shapely.equals(shared[0], shapely.Point(5, 5))   # why the copy is needed
    assert shapely.equals(copied[0], shapely.Point(0, 0))


def test_a_snapshot_of_the_checked_layers_feeds_the_check_on_another_thread(tmp_path):
    project = make_project(tmp_path)
    layers = check_layers(project)
    assert [lyr.name for lyr in layers] == ["地块", "生态保护红线"]
    snap = project_snapshot.build(project, layers)
    with project.edit("地块") as edit:
        edit.set_geometry(1, shapely.box(0, 0, 60, 60))
    out = {}

    def worker():
        parcels, constraints = project_check_inputs(snap.to_project())
        out["geoms"] = wkbs(parcels.gdf.geometry)
        out["roles"] = sorted(constraints)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert out == {"geoms": wkbs(BOXES), "roles": ["eco_redline"]}
