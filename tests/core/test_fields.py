"""Chinese names of planning-database field codes (one table for the desktop and the web map)."""

from parkgis.core.fields import FIELD_ALIASES, field_alias


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
