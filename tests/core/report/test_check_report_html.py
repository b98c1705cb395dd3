"""The printable 审查报告: each parcel's header gives the part of the parcel in conflict (涉及冲突面积),
ground in several conflicts counted once."""

from __future__ import annotations

import geopandas as gpd
from shapely import box

from parkgis.core.analysis import check_parcels
from parkgis.core.layers import VectorLayer
from parkgis.core.report.check_report import render_html

X0, Y0 = 500_000.0, 4_400_000.0


def boxes(*coords):
    return gpd.GeoDataFrame(geometry=[box(X0 + a, Y0 + b, X0 + c, Y0 + d) for a, b, c, d in coords], crs=4545)


def test_parcel_header_gives_the_affected_area_once():
    parcels = boxes((0, 0, 100, 100), (300, 0, 400, 100))
    parcels["DKBH"] = ["A", "B"]
    # red line over x 50–150 and a park over x −10–60 and 300–400: A is in conflict on x 50–100 twice
    result = check_parcels(VectorLayer("地块", parcels), {"eco_redline": boxes((50, 0, 150, 100)),
                                                         "park": boxes((-10, -10, 60, 110), (290, -10, 410, 110))})
    page = render_html(result)
    assert ("椭球面积 10,000.00 平方米；涉及冲突面积 5,000.00 平方米（7.5000 亩，占地块 50.00%；"
            "同一范围涉及多项规则时只计一次）</p>") in page
    assert page.count("涉及冲突面积") == 1          # B is compliant: no such line
