"""The readers' and writers' refusals reach the terminal as one line (issue 9 items 5 and 6)."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import shapely

from parkgis.cli.main import run_cli


def test_convert_to_gbk_refuses_a_character_gbk_cannot_hold(tmp_path, capsys):
    src = tmp_path / "dk.gpkg"
    gdf = gpd.GeoDataFrame({"DKMC": ["准格尔旗", "䶮镇"]}, geometry=[shapely.box(500_000, 4_400_000, 500_001, 4_400_001)] * 2, crs=4545)
    pyogrio.write_dataframe(gdf, src, layer="dk")
    out = tmp_path / "out.shp"
    assert run_cli(["convert", str(src), str(out), "--out-encoding", "GBK"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "feature 1: field DKMC: '䶮镇' holds '䶮', which GBK cannot hold" in err[0]
    assert not out.exists()
    assert run_cli(["convert", str(src), str(out), "--out-encoding", "GB18030"]) == 0
    assert out.with_suffix(".cpg").read_text().strip() == "GB18030"
