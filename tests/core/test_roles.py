import pytest

from parkgis.core.roles import CONSTRAINT_ROLES, Role, guess_role, parse_role


@pytest.mark.parametrize(("names", "role"), [
    (("STBHHX.shp",), Role.ECO_REDLINE),
    (("鄂尔多斯市生态保护红线2023.gpkg",), Role.ECO_REDLINE),
    (("YJJBNTBHTB",), Role.FARMLAND),
    (("永久基本农田保护图斑.shp",), Role.FARMLAND),
    (("CZKFBJ.shp",), Role.UDB),
    (("城镇开发边界",), Role.UDB),
    (("DLTB.shp",), Role.LANDUSE),
    (("三区划定.gdb", "SQFW"), Role.ZONES),
    (("准格尔经济开发区四至范围.shp",), Role.PARK),
    (("园区边界",), Role.PARK),
    (("标准地出让地块.txt",), Role.PARCELS),
    (("parcels_2024.gpkg",), Role.PARCELS),
    (("eco_redline.geojson",), Role.ECO_REDLINE),
    (("roads.shp",), Role.REFERENCE),
])
def test_guess_role(names, role):
    assert guess_role(*names).role == role


def test_red_line_wins_over_park_in_the_same_name():
    # "开发区生态保护红线" is a red-line layer of a park, not a park boundary
    assert guess_role("准格尔经济开发区生态保护红线.shp").role == Role.ECO_REDLINE


def test_parse_role_accepts_codes_and_chinese_labels():
    assert parse_role("udb") == Role.UDB
    assert parse_role("生态保护红线") == Role.ECO_REDLINE
    with pytest.raises(ValueError, match="choose one of park"):
        parse_role("红线?")


def test_constraint_roles_are_the_locked_ones():
    assert Role.PARCELS not in CONSTRAINT_ROLES and Role.REFERENCE not in CONSTRAINT_ROLES
    assert {Role.UDB, Role.ECO_REDLINE, Role.FARMLAND, Role.PARK} <= CONSTRAINT_ROLES
