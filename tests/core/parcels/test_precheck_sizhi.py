"""四至 from the map: a block of four lots, exact; given 四至 compared; BZ alone is 备注."""

from __future__ import annotations

import shapely

from parkgis.core.parcels.sizhi import Neighbour, compare_sizhi, compute_sizhi, sizhi_columns

X0, Y0 = 500_000.0, 4_400_000.0


def _block():
    """A block of four 100 m lots (NW, NE, SW, SE) with a 20 m road gap to a lot further east and a park
    boundary 50 m north and 30 m south of the block, 500 m away west."""
    nw = shapely.box(X0, Y0 + 100, X0 + 100, Y0 + 200)
    ne = shapely.box(X0 + 100, Y0 + 100, X0 + 200, Y0 + 200)
    sw = shapely.box(X0, Y0, X0 + 100, Y0 + 100)
    se = shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100)
    east = shapely.box(X0 + 220, Y0, X0 + 320, Y0 + 200)
    park = shapely.box(X0 - 500, Y0 - 30, X0 + 1000, Y0 + 250)
    return {"A-NW": nw, "A-NE": ne, "A-SW": sw, "A-SE": se, "B-01": east}, park


def _neighbours(lots, own):
    return [Neighbour("parcel", k, g) for k, g in lots.items() if k != own]


def test_block_of_four_north_west_lot():
    lots, park = _block()
    sides = compute_sizhi(lots["A-NW"], _neighbours(lots, "A-NW"), park=park)
    assert sides["东至"].text == "A-NE地块"          # not A-SE, which only touches the corner
    assert sides["东至"].entries[0]["shared_m"] == 100.0
    assert sides["南至"].text == "A-SW地块"
    assert sides["北至"].text == "空地，距园区边界 50.00 m"
    assert sides["西至"].text == "空地（200 m 内无地物）"
    assert sides["东至"].adjacent and sides["南至"].adjacent and not sides["北至"].adjacent


def test_block_of_four_south_east_lot():
    lots, park = _block()
    sides = compute_sizhi(lots["A-SE"], _neighbours(lots, "A-SE"), park=park)
    assert sides["北至"].text == "A-NE地块"
    assert sides["西至"].text == "A-SW地块"
    assert sides["东至"].text == "空地，距B-01地块 20.00 m"
    assert sides["东至"].entries[0]["distance_m"] == 20.0
    assert sides["南至"].text == "空地，距园区边界 30.00 m"


def test_two_lots_on_one_side_longest_first():
    lots, park = _block()
    sides = compute_sizhi(lots["B-01"], _neighbours(lots, "B-01"), park=park, search_m=50)
    assert sides["西至"].text == "空地，距A-NE地块 20.00 m" or sides["西至"].text == "空地，距A-SE地块 20.00 m"
    big = shapely.box(X0 + 200, Y0 - 100, X0 + 300, Y0 + 300)
    sides = compute_sizhi(big, [Neighbour("parcel", "A-NE", lots["A-NE"]),
                                Neighbour("parcel", "A-SE", shapely.box(X0 + 100, Y0 + 60, X0 + 200, Y0 + 100))])
    assert sides["西至"].text == "A-NE地块、A-SE地块"


def test_bare_codes_only_when_all_four_present():
    assert sizhi_columns(["DKBH", "BZ"]) == {}                      # BZ is 备注
    assert sizhi_columns(["DKBH", "DZ", "NZ", "BZ"]) == {}
    assert sizhi_columns(["DZ", "NZ", "XZ", "BZ"]) == {"东至": "DZ", "南至": "NZ", "西至": "XZ", "北至": "BZ"}
    assert sizhi_columns(["东至", "南至", "BZ"]) == {"东至": "东至", "南至": "南至"}
    assert sizhi_columns(["zdszd", "ZDSZB"]) == {"东至": "zdszd", "北至": "ZDSZB"}


def test_given_sizhi_compared_and_difference_reported():
    lots, park = _block()
    sides = compute_sizhi(lots["A-NW"], _neighbours(lots, "A-NW"), park=park)
    report = compare_sizhi(sides, {"东至": "A-NE地块", "南至": "道路", "北至": "空地"})
    assert report["东至"]["agrees"] is True
    assert report["南至"] == {"given": "道路", "computed": "A-SW地块", "agrees": False}
    assert report["北至"]["agrees"] is True
