"""Chinese of the messages of the register in the web map and the desktop (see ``parkgis.core.messages``)."""

MESSAGES: list[tuple[str, str]] = [
    # parkgis.webmap.register
    ("the register cannot be read ({problem}): parcels coloured by their own attributes",
     "无法读取标准地台账（{problem}）：地块按其自身属性着色"),
    ("the 亩均 grades cannot be computed ({problem})", "无法计算亩均等级（{problem}）"),
]
