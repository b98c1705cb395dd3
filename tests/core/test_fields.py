"""Chinese names of planning-database field codes (one table for the desktop and the web map)."""

import numpy as np
import pandas as pd
import pytest

from parkgis.core.fields import FIELD_ALIASES, field_alias, float_text, value_text


def test_standard_codes_and_indicators():
    expected = {"DKBH": "地块编号", "DKMC": "地块名称", "YDYH": "用地用海代码", "YDMJ": "用地面积（m²）",
                "TZQD": "投资强度（万元/亩）", "RJL": "容积率", "MJSS": "亩均税收（万元/亩）",
                "JZMD": "建筑密度（%）", "LDL": "绿地率（%）", "XZBGBL": "行政办公比例（%）",
                "DLBM": "地类编码", "DLMC": "地类名称", "KCXS": "扣除系数", "TBMJ": "图斑面积（m²）"}
    assert {code: field_alias(code) for code in expected} == expected
    assert field_alias("dkbh") == "地块编号"          # shapefiles written lower-case keep their meaning
    assert field_alias("SHAPE_Leng") is None and field_alias("备注") is None


def test_the_web_map_reads_the_same_table():
    from parkgis.webmap import content

    assert content.FIELD_ALIASES is FIELD_ALIASES
    assert content.field_label("DLMC") == "地类名称"


@pytest.mark.parametrize(("value", "text"), [
    (101.0, "101"), (1.5, "1.5"), (-3.0, "-3"), (-0.0, "0"), (1e-05, "0.00001"),
    (9007199254740991.0, "9007199254740991"),
    # the float nearest the BSM 150602123456789023 is 150602123456789024: only 17 digits are known
    (150602123456789023.0, "150602123456789020"), (np.float32(0.1), "0.1"), (float("nan"), ""),
])
def test_float_text_is_the_shortest_exact_form(value, text):
    assert float_text(value) == text
    if text:
        assert type(value)(text) == value   # it reads back as the very value stored


def test_value_text_of_missing_and_other_values():
    assert [value_text(v) for v in (None, pd.NA, np.nan, " A-1 ", 7, 12.0)] == ["", "", "", "A-1", "7", "12"]


def test_web_map_popups_show_a_real_bsm_with_its_known_digits():
    from parkgis.webmap.content import format_value

    assert format_value(150602123456789023.0) == "150602123456789020"   # was ...024, digits never in the file
    assert format_value(12.0) == "12" and format_value(2.5) == "2.5"
