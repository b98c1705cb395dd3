"""Chinese of GEOS' validity reasons (``shapely.is_valid_reason``: ``Self-intersection[x y]``), which
the core passes on inside its own messages; of the encoding sources (``Provenance.encoding_source``)
shown beside an encoding; and of the few reasons the desktop app writes itself."""

MESSAGES: list[tuple[str, str]] = [
    ("Valid Geometry", "图形有效"),
    ("Self-intersection[{at}]", "自相交[{at}]"),
    ("Ring Self-intersection[{at}]", "环自相交[{at}]"),
    ("Hole lies outside shell[{at}]", "内环位于外环之外[{at}]"),
    ("Holes are nested[{at}]", "内环相互嵌套[{at}]"),
    ("Interior is disconnected[{at}]", "面内部不连通[{at}]"),
    ("Nested shells[{at}]", "外环相互嵌套[{at}]"),
    ("Duplicate Rings[{at}]", "重复的环[{at}]"),
    ("Too few distinct points in geometry component[{at}]", "几何部件的不同点过少[{at}]"),
    ("Invalid Coordinate[{at}]", "坐标无效[{at}]"),
    ("Ring is not closed[{at}]", "环未闭合[{at}]"),
    ("Repeated Point[{at}]", "重复点[{at}]"),
    # where a text encoding came from
    ("detected", "自动检测"),
    ("detected-with-errors", "自动检测，有无法解码的字节"),
    ("explicit", "用户指定"),
    ("cpg", "来自 .cpg 文件"),
    ("ldid", "来自 DBF 语言标识"),
    ("declared", "格式规定"),
    ("ascii", "纯 ASCII 文本"),
    ("bom", "字节序标记"),
    # the label of a layer without CRS
    ("unknown", "未知"),
    # the add-layer dialog relabels a layer whose .prj the planner says is wrong
    ("the file declares {declared}; EPSG:{epsg} chosen by the user", "文件声明为 {declared}；由用户改为 EPSG:{epsg}"),
]
