"""Chinese of the core messages (see ``parkgis.core.messages``): the conflict check
(``parkgis.core.analysis``: engine, rule sets, project inputs) and the reports (``parkgis.core.report``).

The engine's warnings start with the file (``parcels.shp: 3 parcel(s) without DKBH ...``) and their
templates name it (``{path}: {count} ...``): a template that began with ``{count}`` would take the file
into the count (a placeholder matches any text) and leave the English ``": "`` in the Chinese.
Literal braces are doubled (``{{ field = ... }}``), as in :meth:`str.format`.
"""

#: The roles a rule's constraint layer can have (``Rule.layer``), as the messages name them.
_ROLES_ZH = {
    "park": "园区四至范围",
    "udb": "城镇开发边界",
    "eco_redline": "生态保护红线",
    "farmland": "永久基本农田",
    "zones": "三区空间",
    "landuse": "地类图斑",
    "reference": "参考",
}


def _per_role(english: str, chinese: str) -> list[tuple[str, str]]:
    """One entry per role, the role named in Chinese (``ROLE`` in ``english``, ``角色`` in ``chinese``)."""
    return [(english.replace("ROLE", role), chinese.replace("角色", label)) for role, label in _ROLES_ZH.items()]


MESSAGES: list[tuple[str, str]] = [
    ("{field} is null: it cannot be computed from these coordinates in {crs} (they lie outside the range where "
     "that CRS is defined)", "{field} 为空（null）：这些坐标在 {crs} 中无法计算（超出该坐标系的定义范围）"),
    # ---------------------------------------------------------------- area.py: planar area in the own zone
    ("the coordinates (x {x0}…{x1}, y {y0}…{y1}) are no place in the layer's CRS {crs}: read the file again "
     "(zone prefixes, units and degrees are detected then) or give the right CRS",
     "坐标（x {x0}…{x1}，y {y0}…{y1}）在图层坐标系 {crs} 中不对应任何实际位置：请重新读入该文件（届时将识别带号前缀、"
     "单位和经纬度），或指定正确的坐标系"),
    ("{count} parcel(s) lie outside zone {zone} of {crs} (in zone {zones}: {names}): their planar areas are "
     "computed in their own zone ({labels})",
     "{count} 个地块不在 {crs} 的第 {zone} 带内（位于第 {zones} 带：{names}）：其平面面积按地块所在投影带（{labels}）计算"),
    # ---------------------------------------------------------------- analysis/engine.py: input
    ("expected a GeoDataFrame or VectorLayer, got {type}", "应为 GeoDataFrame 或 VectorLayer，实际为 {type}"),
    ("give exactly one parcels layer", "只能指定一个地块图层"),
    ("the parcels layer has no CRS (no .prj and none could be inferred); give one explicitly",
     "地块图层没有坐标系（无 .prj 文件，也无法推断）：请明确指定"),
    ("the layer has no CRS (no .prj and none could be inferred); give one explicitly",
     "图层没有坐标系（无 .prj 文件，也无法推断）：请明确指定"),
    ("the parcels layer is empty", "地块图层为空"),
    ("the parcels layer has no geometry to choose a Gauss-Krüger zone from",
     "地块图层没有几何图形，无法确定高斯-克吕格投影带"),
    ("the parcels lie at longitude {lon}° in {crs}, outside the CGCS2000 Gauss-Krüger zones of China "
     "(73°E–136°E): check the CRS, or give the right one",
     "地块位于经度 {lon}°（{crs}），超出中国 CGCS2000 高斯-克吕格投影带范围（73°E–136°E）：请检查坐标系，或指定正确的坐标系"),
    ("the parcels layer holds no polygons (no geometry)", "地块图层中没有面要素（无几何图形）"),
    ("the parcels layer holds no polygons ({kinds})", "地块图层中没有面要素（{kinds}）"),
    ("unknown layer role(s) {roles}", "未知的图层角色：{roles}"),
    ("the layer is in {source} and the check runs in {work}; {datum} data needs explicit transformation "
     "parameters (7-parameter) before it can be compared",
     "图层坐标系为 {source}，审查在 {work} 中进行；{datum}数据须先用明确的转换参数（七参数）转换后才能比较"),
    # parcel ids (warnings after "<parcels file>: ")
    ("id field {field} not found; fields: {fields}", "未找到编号字段 {field}；现有字段：{fields}"),
    ("id field {field} not found; fields: ", "未找到编号字段 {field}；图层没有属性字段"),
    ("no id field found (tried {fields}, ...): parcels are named by row number (#1, #2, ...)",
     "未找到编号字段（已尝试 {fields} 等）：地块以行号命名（#1、#2……）"),
    ("{path}: {count} parcel(s) without {field}, named by row number: {rows}",
     "{path}：{count} 个地块的 {field} 为空，以行号命名：{rows}"),
    ("{path}: {count} id(s) in {field} are whole numbers beyond 2^53 held in a floating-point field: their last "
     "digits are not those of the source (first: row {row}, {value}); store such ids as text or integers",
     "{path}：{field} 中 {count} 个编号是超出 2^53 的整数，存于浮点字段：末几位数字并非原始数据（首个：第 {row} 行，{value}）；"
     "请将这类编号存为文本或整数"),
    ("duplicated {field} ({values}): those parcels are named id#row", "{field} 有重复值（{values}）：这些地块以 id#row（编号#行号）命名"),
    ("{path}: {count} parcel(s) without a 用地用海 code in {field} ({ids}): rule {rule} not checked for them",
     "{path}：{count} 个地块的 {field} 未填写用地用海代码（{ids}）：未对其审查规则 {rule}"),
    # constraint layers
    *_per_role("the ROLE layer is empty", "角色图层为空"),
    ("the {role} layer is empty", "{role} 图层为空"),
    *_per_role("a ROLE constraint layer must hold polygons, found {type}", "角色图层必须为面要素，实际为 {type}"),
    ("a {role} constraint layer must hold polygons, found {type}", "{role} 约束图层必须为面要素，实际为 {type}"),
    *_per_role("{layers} (ROLE): {count} invalid feature(s) repaired for the check",
               "{layers}（角色）：{count} 个无效要素已修复后参与审查"),
    ("{path}: {count} feature(s) without geometry skipped", "{path}：{count} 个要素没有几何图形，已略去"),
    ("{layers}: {count} invalid feature(s) repaired for the check", "{layers}：{count} 个无效要素已修复后参与审查"),
    ("rule {rule} filters on field {field}, which the layer lacks", "规则 {rule} 按字段 {field} 筛选，但该图层没有此字段"),
    # (the composed text first: the plain template, which begins with a placeholder, would take in
    # "FILE (layer L): feature N: " as part of the field)
    ("{path} (layer {layer}): feature {feature}: {field} = {value} is not a deduction coefficient "
     "(0–1, or a percentage 0–100)",
     "{path}（图层 {layer}）：要素 {feature}：{field} = {value} 不是有效的扣除系数（应为 0–1 的小数，或 0–100 的百分数）"),
    ("{field} = {value} is not a deduction coefficient (0–1, or a percentage 0–100)",
     "{field} = {value} 不是有效的扣除系数（应为 0–1 的小数，或 0–100 的百分数）"),
    ("rule {rule} reads the zone type (三区类型) from {fields}, which the layer lacks; fields: {columns}",
     "规则 {rule} 从 {fields} 读取三区类型，但该图层没有此字段；现有字段：{columns}"),
    ("rule {rule} reads the zone type (三区类型) from {fields}, which the layer lacks; fields: ",
     "规则 {rule} 从 {fields} 读取三区类型，但该图层没有此字段，也没有其他属性字段"),
    ("{path}: {count} zone feature(s) with unknown {field} value(s) {values} or an empty {field} left out of rule "
     "{rule} (known zone types: {zones}; add spellings under zone_values in the rule set)",
     "{path}：{count} 个三区要素的 {field} 取值无法识别（{values}）或为空，未参与规则 {rule}"
     "（已知三区类型：{zones}；可在规则集的 zone_values 中补充写法）"),
    ("{path}: {count} zone feature(s) with unknown {field} value(s) {values} left out of rule {rule} "
     "(known zone types: {zones}; add spellings under zone_values in the rule set)",
     "{path}：{count} 个三区要素的 {field} 取值无法识别（{values}），未参与规则 {rule}"
     "（已知三区类型：{zones}；可在规则集的 zone_values 中补充写法）"),
    ("{path}: {count} zone feature(s) with empty {field} left out of rule {rule} "
     "(known zone types: {zones}; add spellings under zone_values in the rule set)",
     "{path}：{count} 个三区要素的 {field} 为空，未参与规则 {rule}（已知三区类型：{zones}；可在规则集的 zone_values 中补充写法）"),
    ("{path}: {count} zone feature(s) with {what} left out of rule {rule} "
     "(known zone types: {zones}; add spellings under zone_values in the rule set)",
     "{path}：{count} 个三区要素（{what}）未参与规则 {rule}（已知三区类型：{zones}；可在规则集的 zone_values 中补充写法）"),
    # ---------------------------------------------------------------- analysis/inputs.py
    ("the project has no parcels (地块/标准地) layer; set a layer's role to parcels",
     "项目中没有地块（地块/标准地）图层：请将一个图层的角色设为地块"),
    # ---------------------------------------------------------------- analysis/rules.py
    ("rule-set file not found", "找不到规则集文件"),
    ("not a valid TOML rule set: {error}", "不是有效的 TOML 规则集：{error}"),
    ("a rule set must be UTF-8 TOML", "规则集必须是 UTF-8 编码的 TOML 文件"),
    ("unknown key(s) {keys}; allowed: {allowed}", "未知的键 {keys}；允许的键：{allowed}"),
    ("[settings] must be a table", "[settings] 必须是表"),
    ("unknown setting(s) {keys}; allowed: min_area, min_width", "未知的设置项 {keys}；允许的设置项：min_area、min_width"),
    ("setting {key} must be a number ≥ 0, not {value}", "设置项 {key} 必须是不小于 0 的数，而不是 {value}"),
    ("no [rules.NAME] tables: a rule set needs at least one rule", "没有 [rules.NAME] 表：规则集至少需要一条规则"),
    ("unknown rule {rule}: built-in rules are {builtin}; a new rule needs a kind ({kinds})",
     "未知的规则 {rule}：内置规则为 {builtin}；新规则须指定 kind（{kinds}）"),
    ("rule {rule}: must be a table", "规则 {rule}：必须是表"),
    # the use_zone_matrix variants first: the plain "unknown key(s)" template would take them too
    ("rule {rule}: unknown key(s) {keys} for a use_zone_matrix rule (the matrix cells set the severity); "
     "allowed: {allowed}",
     "规则 {rule}：use_zone_matrix 规则不支持键 {keys}（严重程度由 matrix 各单元格确定）；允许的键：{allowed}"),
    ("rule {rule}: unknown key(s) {keys} for a use_zone_matrix rule; allowed: {allowed}",
     "规则 {rule}：use_zone_matrix 规则不支持键 {keys}；允许的键：{allowed}"),
    ("rule {rule}: unknown key(s) {keys}; allowed: {allowed}", "规则 {rule}：未知的键 {keys}；允许的键：{allowed}"),
    ("rule {rule}: unknown kind {kind}; choose one of {kinds}", "规则 {rule}：未知的 kind {kind}；可选：{kinds}"),
    ("rule {rule}: a built-in rule keeps its kind {kind}", "规则 {rule}：内置规则不能改变其 kind（{kind}）"),
    ("rule {rule}: a {kind} rule needs a layer role ({roles})", "规则 {rule}：{kind} 规则须指定图层角色 layer（{roles}）"),
    ("rule {rule}: unknown layer {layer}; choose one of {roles}", "规则 {rule}：未知的图层角色 {layer}；可选：{roles}"),
    ("rule {rule}: a {kind} rule takes no layer", "规则 {rule}：{kind} 规则不使用图层（layer）"),
    ("rule {rule}: severity must be one of {severities}, not {severity}",
     "规则 {rule}：severity 必须是 {severities} 之一，而不是 {severity}"),
    ("rule {rule}: enabled must be true or false", "规则 {rule}：enabled 必须为 true 或 false"),
    ("rule {rule}: deduction_field is a field name and only applies to overlap rules",
     "规则 {rule}：deduction_field 是字段名，且只用于 overlap 规则"),
    ("rule {rule}: where must be a table {{ field = ..., prefix = [...] }} on a layer rule",
     "规则 {rule}：where 必须是表 {{ field = ..., prefix = [...] }}，且只用于图层规则"),
    ("rule {rule}: where needs field and a list prefix = [...] or values = [...]",
     "规则 {rule}：where 须有 field，以及列表 prefix = [...] 或 values = [...]"),
    ("rule {rule}: a use_zone_matrix rule needs {key} (a field name, or a list of candidates)",
     "规则 {rule}：use_zone_matrix 规则须有 {key}（一个字段名，或候选字段名列表）"),
    ("rule {rule}: {key} must be a field name or a non-empty list of field names",
     "规则 {rule}：{key} 必须是字段名，或非空的字段名列表"),
    ("rule {rule}: a use_zone_matrix rule needs a matrix table "
     "(code prefix = {{ zone type = allowed|constrained|prohibited }}, plus a default row)",
     "规则 {rule}：use_zone_matrix 规则须有 matrix 表（代码前缀 = {{ 三区类型 = allowed|constrained|prohibited }}，"
     "另加 default 默认行）"),
    ("rule {rule}: the matrix needs a default row for the codes no row lists",
     "规则 {rule}：matrix 须有 default 默认行，用于各行未列出的用地用海代码"),
    ("rule {rule}: zone_values must be a table: zone type = [spellings and codes]",
     "规则 {rule}：zone_values 必须是表：三区类型 = [写法和代码]"),
    ("rule {rule}: zone_values.{zone} must be a list of spellings/codes",
     "规则 {rule}：zone_values.{zone} 必须是写法/代码的列表"),
    ("rule {rule}: zone value {value} is listed under both {zone} and {other}",
     "规则 {rule}：三区取值 {value} 同时列在 {zone} 和 {other} 下"),
    ("rule {rule}: matrix row {prefix} must be a table {{ zone type = allowed|constrained|prohibited }}",
     "规则 {rule}：matrix 行 {prefix} 必须是表 {{ 三区类型 = allowed|constrained|prohibited }}"),
    ("rule {rule}: matrix row {prefix} names unknown zone type(s) {extra}; zone types: {zones}",
     "规则 {rule}：matrix 行 {prefix} 含未知的三区类型 {extra}；三区类型为：{zones}"),
    ("rule {rule}: matrix row {prefix} gives no level for {zone}: the default row must cover every zone type",
     "规则 {rule}：matrix 行 {prefix} 未给出 {zone} 的管控级别：default 默认行必须涵盖所有三区类型"),
    ("rule {rule}: matrix row {prefix}: {zone} = {value} is not a severity; "
     "use allowed, constrained or prohibited (允许/限制/禁止)",
     "规则 {rule}：matrix 行 {prefix}：{zone} = {value} 不是有效的管控级别；请用 allowed、constrained 或 prohibited"
     "（允许/限制/禁止）"),
    ("rule {rule}: a matrix row needs a non-empty code prefix", "规则 {rule}：matrix 行须有非空的代码前缀"),
    ("rule {rule}: the matrix allows every use in every zone: nothing to check",
     "规则 {rule}：matrix 在所有三区中允许所有用途：没有可审查的内容"),
    # ---------------------------------------------------------------- report/boundary_points.py
    ("the precision (精度) must be a step in metres between 0 and 1, e.g. 0.001; not {precision}",
     "精度必须是 0 到 1 之间以米计的步长，如 0.001；不能为 {precision}"),
    ("name field {field} not found; fields: {fields}", "未找到名称字段 {field}；现有字段：{fields}"),
    ("name field {field} not found; fields: ", "未找到名称字段 {field}；图层没有属性字段"),
    # the composed text ("FILE: id field ...") before the general template, which would take the file in
    ("{path}: id field {field} not found; fields: {fields}", "{path}：未找到编号字段 {field}；现有字段：{fields}"),
    ("{path}: id field {field} not found; fields: ", "{path}：未找到编号字段 {field}；图层没有属性字段"),
    ("{path}: name field {field} not found; fields: {fields}", "{path}：未找到名称字段 {field}；现有字段：{fields}"),
    ("{path}: name field {field} not found; fields: ", "{path}：未找到名称字段 {field}；图层没有属性字段"),
    ("{what} field {field} not found; fields: {fields}", "未找到 {what} 字段 {field}；现有字段：{fields}"),
    ("no id field (DKBH, 地块编号, BSM, id, ...): parcels are named by row number",
     "没有编号字段（DKBH、地块编号、BSM、id 等）：地块以行号命名"),
    ("parcel {parcel} has no geometry: left out", "地块 {parcel} 没有几何图形：已略去"),
    ("parcel {parcel} is not a valid polygon ({reason}): listed as drawn", "地块 {parcel} 不是有效的面（{reason}）：按原图形列出"),
    ("a 界址点成果表 lists polygons; the layer has {count} {types} feature(s)",
     "界址点成果表只列面要素；该图层有 {count} 个 {types} 要素"),
    ("no parcel with 地块编号 {ids} (field {field}); the layer has {count} parcel(s), e.g. {examples}",
     "没有地块编号为 {ids} 的地块（字段 {field}）；该图层有 {count} 个地块，如 {examples}"),
    ("{count} parcel(s) carry Z or M values (first: parcel {parcel}): the table lists planar X/Y, Z and M dropped",
     "{count} 个地块带有 Z 或 M 值（第一个：地块 {parcel}）：成果表只列平面坐标 X/Y，Z 和 M 值已舍去"),
    ("no parcel polygon to list", "没有可列出的地块面要素"),
    ("a 界址点成果表 is written as .xlsx or .csv, not a file without extension",
     "界址点成果表只能写为 .xlsx 或 .csv 文件，文件名须带扩展名"),
    ("a 界址点成果表 is written as .xlsx or .csv, not {suffix}", "界址点成果表只能写为 .xlsx 或 .csv，不能写为 {suffix}"),
]
