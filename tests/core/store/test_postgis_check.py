"""The conflict check inside PostGIS (``parkgis check URL --in-database``) against the desktop engine
(``parkgis check URL``), parcel by parcel: the same JSON (areas to 0.01 m²), on a hand-built park that
touches every rule of the default rule set and on the small synthetic city; a rule-set file; the
incremental re-check (``--changed-since``); chunks; bad input.

The hand-built park (EPSG:4545, on the central meridian, so planar areas need no zone change): a
4 × 3 grid of 100 m lots 20 m apart, a red line crossing them, two farmland patches overlapping each
other (扣除系数 0.1 and 0.2), a 耕地 and a 林地 patch (only 耕地 counts), a UDB, a park boundary that
leaves the top row partly outside, 三区 split at x = 300 (industrial parcels in 农业空间 are
prohibited), a parcel overlapping two lots, a 5 cm red-line sliver and a bow-tie parcel."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from parkgis.cli.main import run_cli
from parkgis.core.layers import VectorLayer
from parkgis.core.project import Project
from parkgis.core.roles import Role

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from compare_check_json import parcels_agree  # noqa: E402

X0, Y0 = 500_000, 4_400_000


def lot(i, j):
    return shapely.box(X0 + 120 * i, Y0 + 120 * j, X0 + 120 * i + 100, Y0 + 120 * j + 100)


def build(tmp_path):
    lots = [lot(i, j) for j in range(3) for i in range(4)]
    lots.append(shapely.box(X0 + 60, Y0 + 60, X0 + 160, Y0 + 110))                    # overlaps
    lots.append(shapely.Polygon([(X0 + 500, Y0), (X0 + 600, Y0 + 100), (X0 + 600, Y0), (X0 + 500, Y0 + 100)]))  # bow-tie
    parcels = gpd.GeoDataFrame({"DKBH": [f"A-{k + 1:02d}" for k in range(len(lots))],
                                "YDYH": ["1001"] * len(lots)}, geometry=lots, crs=4545)
    red = gpd.GeoDataFrame({"BSM": ["HX1", "HX2"]}, geometry=[
        shapely.Polygon([(X0 + 30, Y0 - 20), (X0 + 90, Y0 - 20), (X0 + 300, Y0 + 250), (X0 + 240, Y0 + 250)]),
        shapely.box(X0 + 360 + 99.95, Y0 + 240, X0 + 360 + 100.5, Y0 + 340)], crs=4545)  # 5 cm into A-12
    farmland = gpd.GeoDataFrame({"BSM": ["NT1", "NT2"], "KCXS": [0.1, 0.2]},
                                geometry=[shapely.box(X0 + 110, Y0 + 110, X0 + 200, Y0 + 200),
                                          shapely.box(X0 + 150, Y0 + 150, X0 + 230, Y0 + 230)], crs=4545)
    landuse = gpd.GeoDataFrame({"BSM": ["TB1", "TB2"], "DLBM": ["0101", "0301"], "KCXS": [0.05, 0.0]},
                               geometry=[shapely.box(X0, Y0 + 240, X0 + 50, Y0 + 340),
                                         shapely.box(X0 + 50, Y0 + 240, X0 + 100, Y0 + 340)], crs=4545)
    zones = gpd.GeoDataFrame({"SQLX": ["城镇空间", "农业空间"]},
                             geometry=[shapely.box(X0 - 10, Y0 - 10, X0 + 300, Y0 + 400),
                                       shapely.box(X0 + 300, Y0 - 10, X0 + 700, Y0 + 400)], crs=4545)
    udb = gpd.GeoDataFrame({"NAME": ["城镇开发边界"]}, geometry=[shapely.box(X0 - 10, Y0 - 10, X0 + 400, Y0 + 400)], crs=4545)
    park = gpd.GeoDataFrame({"NAME": ["园区"]}, geometry=[shapely.box(X0 - 10, Y0 - 10, X0 + 480, Y0 + 250)], crs=4545)
    path = tmp_path / "园区.gpkg"
    project = Project(path)
    project.add_layer(VectorLayer("地块", parcels, role=Role.PARCELS))
    project.add_layer(VectorLayer("生态保护红线", red, role=Role.ECO_REDLINE))
    project.add_layer(VectorLayer("永久基本农田", farmland, role=Role.FARMLAND))
    project.add_layer(VectorLayer("地类图斑", landuse, role=Role.LANDUSE))
    project.add_layer(VectorLayer("三区", zones, role=Role.ZONES))
    project.add_layer(VectorLayer("城镇开发边界", udb, role=Role.UDB))
    project.add_layer(VectorLayer("园区范围", park, role=Role.PARK))
    project.save()
    return path


@pytest.fixture
def published(postgis_server, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.store.postgis import publish_project

    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema=f"chk_{os.getpid()}_{abs(hash(tmp_path.name)) % 10**6}")
    publish_project(build(tmp_path), url)
    return url


def check_json(tmp_path, *args) -> dict:
    out = tmp_path / f"check{len(list(tmp_path.glob('check*.json')))}.json"
    assert run_cli(["check", *args, "--format", "json", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def assert_same_report(desktop: dict, database: dict) -> None:
    assert database.keys() == desktop.keys()
    assert database["crs"] == desktop["crs"] and database["settings"] == desktop["settings"]
    assert database["summary"] == desktop["summary"]
    assert [p["fid"] for p in database["parcels"]] == [p["fid"] for p in desktop["parcels"]]
    for want, got in zip(desktop["parcels"], database["parcels"], strict=True):
        assert parcels_agree(want, got) is None, (want["id"], parcels_agree(want, got))


def by_id(report: dict) -> dict:
    return {p["id"]: p for p in report["parcels"]}


def conflict(parcel: dict, rule: str) -> dict | None:
    return next((c for c in parcel["conflicts"] if c["rule"] == rule), None)


def test_the_database_check_gives_the_desktop_json_on_every_rule(published, tmp_path):
    desktop = check_json(tmp_path, published)
    database = check_json(tmp_path, published, "--in-database", "--chunk", "5")   # 14 parcels in 3 chunks
    assert_same_report(desktop, database)
    got = by_id(database)
    # hand-derived figures (the two engines could share a bug; these cannot)
    a13 = conflict(got["A-13"], "parcel_overlap")
    assert a13["area_m2"] == pytest.approx(3200.0, abs=0.01) and a13["with"] == ["A-01", "A-02"]
    assert conflict(got["A-01"], "parcel_overlap")["area_m2"] == pytest.approx(1600.0, abs=0.01)
    farm = conflict(got["A-06"], "farmland")      # 6400 + 4900 − 2500 shared, counted once
    assert farm["area_m2"] == pytest.approx(8800.0, abs=0.01) and farm["with"] == ["NT1", "NT2"]
    assert farm["net_area_m2"] == pytest.approx(6400 * 0.9 + (4900 - 2500) * 0.8, abs=0.01)   # 扣除系数 per patch
    cult = conflict(got["A-09"], "cultivated_land")                                            # only DLBM 01…
    assert cult["area_m2"] == pytest.approx(5000.0, abs=0.01) and cult["with"] == ["TB1"]
    assert cult["net_area_m2"] == pytest.approx(4750.0, abs=0.01)
    assert conflict(got["A-09"], "outside_park")["area_m2"] == pytest.approx(9000.0, abs=0.01)
    use = conflict(got["A-03"], "use_zone")                       # 1001 industrial, x 240…340: 40 m in 农业空间
    assert use["area_m2"] == pytest.approx(4000.0, abs=0.01) and use["severity"] == "prohibited"
    assert conflict(got["A-04"], "outside_udb")["area_m2"] == pytest.approx(6000.0, abs=0.01)   # x 400…460
    assert conflict(got["A-04"], "use_zone")["area_m2"] == pytest.approx(10000.0, abs=0.01)
    assert [s["rule"] for s in got["A-12"]["slivers"]] == ["eco_redline"]       # the 5 cm strip
    assert got["A-12"]["slivers"][0]["area_m2"] == pytest.approx(5.0, abs=0.01)
    assert [c["rule"] for c in got["A-14"]["conflicts"] if c["rule"] == "invalid_geometry"] == ["invalid_geometry"]
    assert {p["status"] for p in database["parcels"]} == {"prohibited", "constrained", "compliant"}


def test_a_rule_set_file_applies_inside_the_database_as_on_the_desktop(published, tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('name = "测试规则"\n[settings]\nmin_area = 6.0\n'
                     '[rules.outside_park]\nseverity = "prohibited"\n'
                     '[rules.eco_redline]\nenabled = false\n', encoding="utf-8")
    desktop = check_json(tmp_path, published, "--rules", str(rules))
    database = check_json(tmp_path, published, "--rules", str(rules), "--in-database")
    assert_same_report(desktop, database)
    got = by_id(database)
    assert database["settings"]["min_area"] == 6.0
    assert all(c["rule"] != "eco_redline" for p in database["parcels"] for c in p["conflicts"])
    assert conflict(got["A-09"], "outside_park")["severity"] == "prohibited"


def test_the_client_holds_one_chunk_of_parcels_at_a_time(published, tmp_path, monkeypatch):
    from parkgis.core.analysis import external
    from parkgis.core.store.postgis import PostGISStore
    from parkgis.core.store.postgis_check import check_in_database

    sizes = []
    real = external.ExternalOverlayIndex.__init__

    def spy(self, parcels, *args, **kwargs):
        sizes.append(len(parcels.gdf))
        real(self, parcels, *args, **kwargs)

    monkeypatch.setattr(external.ExternalOverlayIndex, "__init__", spy)
    store = PostGISStore(published)
    whole = check_in_database(store, chunk_size=10_000)
    chunked = check_in_database(store, chunk_size=3)
    store.close()
    assert sizes == [14] + [3] * 4 + [2]
    assert chunked.to_json_dict() == whole.to_json_dict()
    assert all(p.geometry is None for p in chunked.parcels)      # no geometry kept beyond its chunk
    # 涉及面积 survives the geometries: A-09 is 5000 m² 耕地 and 9000 m² outside the park, 4500 of them both
    assert next(p for p in chunked.parcels if p.id == "A-09").affected_area_m2() == pytest.approx(9500.0, abs=0.01)


def _move(url, moves: dict[str, tuple[float, float]], role: str = "parcels", key: str = "DKBH") -> str:
    """Commit the features ``moves`` (``key`` value → dx, dy) of the layer of ``role`` through
    parkgis; the commit's id."""
    from parkgis.core.store.base import ChangeSet, FeatureChange, FeatureState
    from parkgis.core.store.postgis import PostGISStore

    store = PostGISStore(url)
    _settings, rows = store.read_project()
    store.tables.update({r["layer_id"]: r["name"] for r in rows})
    layer_id = next(r["layer_id"] for r in rows if r["role"] == role)
    fids = {dk: int(fid) for fid, dk in store._query(f'SELECT fid, "{key}" FROM {store._t(layer_id)}')}
    current = store.current(layer_id, [fids[dk] for dk in moves])
    changes = [FeatureChange(fids[dk], current[fids[dk]][1],
                             FeatureState(shapely.affinity.translate(current[fids[dk]][1].geometry, dx, dy),
                                          current[fids[dk]][1].attributes), current[fids[dk]][0])
               for dk, (dx, dy) in moves.items()]
    store.commit(ChangeSet(layer_id, "地块", changes))
    commit = store._query(f"SELECT commit_id FROM {store.schema}.parkgis_audit ORDER BY id DESC LIMIT 1")[0][0]
    store.close()
    return commit


def test_changed_since_rechecks_the_changed_parcels_and_their_neighbours(published, tmp_path):
    from parkgis.core.store.base import now_text

    before = now_text()
    first = _move(published, {"A-04": (-30.0, 0.0)})      # now overlaps A-03 by 10 m × 100 m
    _move(published, {"A-13": (0.0, 300.0)})              # away from, which it overlapped
    desktop = by_id(check_json(tmp_path, published))
    since_commit = check_json(tmp_path, published, "--in-database", "--changed-since", first)
    assert sorted(p["id"] for p in since_commit["parcels"]) == ["A-01", "A-02", "A-13"]
    since_time = check_json(tmp_path, published, "--in-database", "--changed-since", before)
    assert sorted(p["id"] for p in since_time["parcels"]) == ["A-01", "A-02", "A-03", "A-04", "A-13"]
    for report in (since_commit, since_time):
        for p in report["parcels"]:
            assert parcels_agree(desktop[p["id"]], p) is None, p["id"]
        assert report["summary"]["parcels"] == len(report["parcels"])
    assert conflict(by_id(since_time)["A-03"], "parcel_overlap")["area_m2"] == pytest.approx(1000.0, abs=0.01)
    assert conflict(by_id(since_commit)["A-01"], "parcel_overlap") is None
    # a constraint feature changed: the parcels it meets, before and after (the red-line strip 5 cm
    # into A-12, x 459.95…460.5, moved onto A-04, now at x 330…430)
    third = _move(published, {"A-13": (0.0, 1.0)})
    _move(published, {"HX2": (-40.0, -240.0)}, role="eco_redline", key="BSM")
    after = by_id(check_json(tmp_path, published))
    red = check_json(tmp_path, published, "--in-database", "--changed-since", third)
    assert sorted(p["id"] for p in red["parcels"]) == ["A-04", "A-12"]
    assert all(parcels_agree(after[p["id"]], p) is None for p in red["parcels"])
    assert after["A-12"]["slivers"] == []
    assert conflict(after["A-04"], "eco_redline")["area_m2"] == pytest.approx(0.55 * 100, abs=0.01)
    nothing = check_json(tmp_path, published, "--in-database", "--changed-since", "2999-01-01")
    assert nothing == {"crs": "EPSG:4545", "settings": {"min_area": 1.0, "min_width": 0.1}, "parcels": [],
                       "summary": {"parcels": 0, "compliant": 0, "constrained": 0, "prohibited": 0}}


def test_the_json_streams_to_stdout_as_it_does_to_a_file(published, tmp_path, capsys):
    assert run_cli(["check", published, "--in-database", "--chunk", "4"]) == 0
    streamed = json.loads(capsys.readouterr().out)
    assert_same_report(check_json(tmp_path, published), streamed)


@pytest.mark.parametrize("args,message", [
    (["{gpkg}", "--in-database"], "--in-database checks a team-database project"),
    (["{url}", "--changed-since", "yesterday"], "--changed-since and --chunk go with --in-database"),
    (["{url}", "--in-database", "--changed-since", "yesterday"], "--changed-since yesterday: neither a commit id"),
    (["{url}", "--in-database", "--chunk", "0"], "--chunk must be a whole number ≥ 1"),
])
def test_bad_database_check_options_get_one_clear_message(published, tmp_path, capsys, args, message):
    gpkg = tmp_path / "园区.gpkg"
    argv = ["check", *(a.format(gpkg=gpkg, url=published) for a in args), "--format", "json"]
    assert run_cli(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_the_database_check_agrees_with_the_desktop_on_the_synthetic_city(postgis_server, tmp_path, monkeypatch):
    """The small synthetic city (10 000 parcels with noisy boundaries across two GK zones): the same
    JSON parcel by parcel; and the outside-park areas against shapely's own difference (the 2–5 m²
    pieces outside the park along noisy boundaries that were once taken for slivers)."""
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.store.postgis import publish_project

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "benchmarks"))
    import synthetic_city

    paths = synthetic_city.generate("small", tmp_path / "city")
    project_path = tmp_path / "city.gpkg"
    project = Project(project_path)
    for name, role in (("parcels", "parcels"), ("farmland", "farmland"), ("eco", "eco_redline"), ("udb", "udb"),
                       ("park", "park")):
        project.add_file(paths[name], role=role, name=name)
    project.save()
    project.close()
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema=f"city_{os.getpid()}")
    publish_project(project_path, url)
    desktop = check_json(tmp_path, url)
    database = check_json(tmp_path, url, "--in-database", "--chunk", "4000")
    assert len(desktop["parcels"]) > 10_000
    assert_same_report(desktop, database)

    # oracle: parcel − union(park) in shapely, split into parts, each part's area in the parcel's own zone
    from pyproj import Transformer

    parcels = gpd.read_file(paths["parcels"]).set_index("DKBH")
    park = shapely.union_all(shapely.make_valid(gpd.read_file(paths["park"]).geometry.values))
    checked = 0
    for p in database["parcels"]:
        outside = shapely.difference(shapely.make_valid(parcels.geometry[p["id"]]), park)
        parts = [g for g in shapely.get_parts(outside) if g.geom_type == "Polygon" and g.area > 1e-6]
        if not parts:
            assert conflict(p, "outside_park") is None
            continue
        to_zone = Transformer.from_crs(4545, int(p["area_crs"].split(":")[1]), always_xy=True).transform
        zoned = [shapely.transform(g, to_zone, interleaved=False) if p["area_crs"] != "EPSG:4545" else g
                 for g in parts]
        # slivers are told apart in the check's CRS, areas reported in the parcel's zone
        real = sum(z.area for g, z in zip(parts, zoned, strict=True) if g.area >= 1.0 and 2 * g.area / g.length >= 0.1)
        got = conflict(p, "outside_park")
        assert (got["area_m2"] if got else 0.0) == pytest.approx(real, abs=0.01), p["id"]
        checked += 1
    assert checked > 100
    assert np.isfinite([p["area_m2"] for p in database["parcels"]]).all()


def test_a_recheck_of_a_parcel_left_without_geometry_reports_it_as_the_desktop_does(published, tmp_path):
    from parkgis.core.store.base import ChangeSet, FeatureChange, FeatureState
    from parkgis.core.store.postgis import PostGISStore

    store = PostGISStore(published)
    _settings, rows = store.read_project()
    store.tables.update({r["layer_id"]: r["name"] for r in rows})
    layer_id = next(r["layer_id"] for r in rows if r["role"] == "parcels")
    fid = int(store._query(f"SELECT fid FROM {store._t(layer_id)} WHERE \"DKBH\" = 'A-05'")[0][0])
    version, state = store.current(layer_id, [fid])[fid]
    commit = store._query(f"SELECT commit_id FROM {store.schema}.parkgis_audit ORDER BY id DESC LIMIT 1")
    store.commit(ChangeSet(layer_id, "地块", [FeatureChange(fid, state, FeatureState(None, state.attributes), version)]))
    store.close()
    since = "2000-01-01" if not commit or commit[0][0] is None else commit[0][0]
    recheck = check_json(tmp_path, published, "--in-database", "--changed-since", since)
    desktop = by_id(check_json(tmp_path, published))
    assert [p["id"] for p in recheck["parcels"]] == ["A-05"]        # its 20 m gaps leave it no neighbour
    assert parcels_agree(desktop["A-05"], recheck["parcels"][0]) is None
    assert [c["rule"] for c in recheck["parcels"][0]["conflicts"]] == ["invalid_geometry"]
