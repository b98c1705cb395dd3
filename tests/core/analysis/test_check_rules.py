"""Rule sets as data: the bundled default, validation of user files, resource lookup."""

from __future__ import annotations

import pytest

from parkgis.core.analysis import default_ruleset, load_ruleset, parse_ruleset
from parkgis.core.analysis.rules import BUILTIN_RULES
from parkgis.core.errors import DataError
from parkgis.core.resources import resource_path, resources_root


def test_default_ruleset_has_design_severities_and_basis():
    rs = default_ruleset()
    sev = {r.name: r.severity for r in rs.rules}
    assert sev == {"eco_redline": "prohibited", "farmland": "prohibited", "outside_udb": "prohibited",
                   "outside_park": "constrained", "parcel_overlap": "constrained", "invalid_geometry": "constrained",
                   "cultivated_land": "constrained", "use_zone": "prohibited"}
    assert (rs.min_area, rs.min_width) == (1.0, 0.1)
    assert all(r.basis for r in rs.rules)
    assert "厅字〔2019〕48号" in rs.rule("eco_redline").basis
    assert rs.rule("farmland").deduction_field == "KCXS"
    cl = rs.rule("cultivated_land")
    assert (cl.layer, cl.where.field, cl.where.prefix) == ("landuse", "DLBM", ("01",))


def test_resource_lookup_finds_the_source_tree():
    assert resource_path("rulesets", "default.toml").is_file()
    assert (resources_root() / "rulesets").is_dir()


def test_builtin_names_imply_kind_layer_and_severity():
    rs = parse_ruleset({"settings": {"min_area": 0.5}, "rules": {"outside_udb": {}, "parcel_overlap": {}}})
    r = rs.rule("outside_udb")
    assert (r.kind, r.layer, r.severity) == ("outside", "udb", BUILTIN_RULES["outside_udb"][2])
    assert rs.min_area == 0.5 and rs.min_width == 0.1


def test_disabled_rule_is_left_out():
    rs = parse_ruleset({"rules": {"eco_redline": {"enabled": False}, "farmland": {}}})
    assert [r.name for r in rs.rules] == ["farmland"]


def test_extra_rule_needs_a_kind_and_a_known_layer():
    rs = parse_ruleset({"rules": {"zone_check": {"kind": "outside", "layer": "zones", "severity": "constrained",
                                                 "where": {"field": "SQLX", "values": ["城镇空间"]}}}})
    assert rs.rule("zone_check").where.values == ("城镇空间",)


@pytest.mark.parametrize("data,message", [
    ({"rules": {"foo": {}}}, "unknown rule 'foo'"),
    ({"rules": {"foo": {"kind": "nearby", "layer": "udb"}}}, "unknown kind 'nearby'"),
    ({"rules": {"foo": {"kind": "overlap", "layer": "roads", "severity": "constrained"}}}, "unknown layer 'roads'"),
    ({"rules": {"foo": {"kind": "overlap", "severity": "constrained"}}}, "needs a layer role"),
    ({"rules": {"eco_redline": {"severity": "warning"}}}, "severity must be one of"),
    ({"rules": {"eco_redline": {"kind": "outside"}}}, "keeps its kind"),
    ({"rules": {"parcel_overlap": {"layer": "udb"}}}, "takes no layer"),
    ({"rules": {"eco_redline": {"colour": "red"}}}, "unknown key(s) colour"),
    ({"rules": {"eco_redline": {"where": {"field": "X"}}}}, "where needs field"),
    ({"rules": {"outside_udb": {"deduction_field": "KCXS"}}}, "only applies to overlap rules"),
    ({"rules": {}}, "at least one rule"),
    ({"settings": {"min_area": -1}, "rules": {"eco_redline": {}}}, "min_area must be a number"),
    ({"settings": {"tolerance": 1}, "rules": {"eco_redline": {}}}, "unknown setting(s) tolerance"),
    ({"rule": {}}, "unknown key(s) rule"),
])
def test_bad_rule_sets_are_refused_with_a_clear_message(data, message):
    with pytest.raises(DataError, match=None) as info:
        parse_ruleset(data, source="my.toml")
    assert message in str(info.value) and str(info.value).startswith("my.toml")


def test_load_errors(tmp_path):
    with pytest.raises(DataError, match="not found"):
        load_ruleset(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes("[rules.eco_redline]\nlabel = '红线'\n".encode("gbk"))
    with pytest.raises(DataError, match="UTF-8|TOML"):
        load_ruleset(bad)
