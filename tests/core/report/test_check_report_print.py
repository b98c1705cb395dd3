"""The printable 审查报告 (issue 13 item 6): A4 pages, one table of all parcels, a detailed section with a
map only for the parcels in conflict."""

from __future__ import annotations

import geopandas as gpd
from shapely import box

from parkgis.core.analysis import check_parcels
from parkgis.core.layers import VectorLayer
from parkgis.core.report.check_report import render_html

X0, Y0 = 500_000.0, 4_400_000.0


def test_summary_for_all_details_and_map_for_the_failing_only():
    parcels = gpd.GeoDataFrame({"DKBH": ["A", "B", "C"]}, geometry=[
        box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 200, Y0, X0 + 300, Y0 + 100), box(X0 + 400, Y0, X0 + 500, Y0 + 100)],
        crs=4545)
    eco = gpd.GeoDataFrame(geometry=[box(X0 + 250, Y0 - 50, X0 + 350, Y0 + 150)], crs=4545)
    page = render_html(check_parcels(VectorLayer("地块", parcels), {"eco_redline": eco}))
    assert "@page { size: A4" in page
    assert "三、地块审查结果一览" in page and page.count('<td class="num">3</td>') == 1   # three rows listed
    assert "四、不符合或有条件地块详情（1 宗）" in page
    assert page.count('<div class="parcel"') == 1 and "地块 B" in page and "地块 A" not in page
    assert page.count("<svg") == 1 and "占用生态保护红线" in page.split("<svg", 1)[1]   # legend of the map
    assert '<a href="#p2">B</a>' in page and 'id="p2"' in page
