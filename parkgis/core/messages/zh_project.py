"""Chinese of the core messages (see ``parkgis.core.messages``): the project, the undo stack, the CRS
helpers, layer roles and the other core modules outside ``io``, ``analysis`` and ``report``.

``file not found`` (``Project.open``) and the CRS guesses without values are the readers' messages too:
their entries are in ``zh_io``.
"""

MESSAGES: list[tuple[str, str]] = [
    # ---------------------------------------------------------------- project.py
    ("{path} already exists; open it, or choose another name", "{path} 已存在：请打开它，或另选文件名"),
    ("not a project file (empty or a folder)", "不是项目文件（空文件或文件夹）"),
    ("not a GeoPackage project (the file is not an SQLite database)", "不是 GeoPackage 项目（文件不是 SQLite 数据库）"),
    ("the project file is damaged or truncated ({error})", "项目文件已损坏或不完整（{error}）"),
    ("no gpkg_contents table: not a GeoPackage", "没有 gpkg_contents 表：不是 GeoPackage"),
    ("a GeoPackage without parkgis tables: roles were guessed from layer names; saving adds the parkgis tables",
     "GeoPackage 中没有 parkgis 表：图层角色按图层名推测；保存时将添加 parkgis 表"),
    ("layer {layer} could not be read and was left out: {error}", "图层 {layer} 无法读取，已略去：{error}"),
    ("GDAL, opening the file: {message}", "GDAL 打开文件时提示：{message}"),
    ("GDAL, reading layer {layer}: {message}", "GDAL 读取图层 {layer} 时提示：{message}"),
    ("the project has no file yet: give a path (save as)", "项目尚未保存为文件：请指定路径（另存为）"),
    ("saving failed while writing the project tables: {error}; the previous file is unchanged",
     "保存失败（写入项目表时出错：{error}）；原文件未改动"),
    ("saving failed while writing layer data: {problem}; the previous file is unchanged",
     "保存失败（写入图层数据时出错：{problem}）；原文件未改动"),
    ("saving failed while replacing the file: {error}; the previous file is unchanged",
     "保存失败（替换文件时出错：{error}）；原文件未改动"),
    ("the project has no layer named {name}; layers: {layers}", "项目中没有名为 {name} 的图层；现有图层：{layers}"),
    ("the project has no layer named {name}; layers: ", "项目中没有名为 {name} 的图层；项目中还没有图层"),
    ("no CRS: kept as read, not reprojected; assign a CRS before analysis",
     "无坐标系：按原样保留，未重投影；分析前请指定坐标系"),
    ("{datum} datum: kept in its own CRS, not reprojected to CGCS2000 (explicit transformation parameters are needed)",
     "{datum}坐标系：保留原坐标系，未重投影到 CGCS2000（须有明确的坐标转换参数）"),
    ("reprojected from {source} to the project CRS {target}", "已从 {source} 重投影到项目坐标系 {target}"),
    ("the layer lies {km} km outside the extent of the project's other layers (its centre at {lon}°E, {lat}°N; "
     "the project's at {plon}°E, {plat}°N): check its CRS and zone",
     "该图层位于项目其他图层范围之外 {km} 千米处（其中心在东经 {lon}°、北纬 {lat}°；项目中心在东经 {plon}°、北纬 {plat}°）："
     "请检查其坐标系和投影带"),
    # role reasons (VectorLayer.role_reason), shown as where a layer's role came from
    ("chosen by the user", "由用户指定"),
    ("saved in the project", "保存在项目中"),
    # ---------------------------------------------------------------- roles.py
    ("name matches {pattern}", "名称匹配 {pattern}"),
    ("no role pattern in the name", "名称中没有可识别图层角色的关键词"),
    ("unknown role {value}; choose one of {choices}", "未知的图层角色 {value}；可选：{choices}"),
    # ---------------------------------------------------------------- commands.py
    ("nothing to undo", "没有可撤销的操作"),
    ("the history has no step {index}", "撤销历史中没有第 {index} 步"),
    ("nothing to redo", "没有可重做的操作"),
    ("layer {layer} is locked (read-only): to edit it, right-click it in the layers panel and untick 锁定（只读）, or "
     "call project.set_locked(name, False) in a script",
     "图层 {layer} 已锁定（只读）：如需编辑，请在图层面板中右键该图层，取消勾选“锁定（只读）”；脚本中可调用 "
     "project.set_locked(name, False)"),
    ("layer {layer} has no attribute column {column}", "图层 {layer} 没有属性字段 {column}"),
    ("layer {layer} has no feature at row {row}", "图层 {layer} 没有序号为 {row} 的要素"),
    ("column {column} holds integers and cannot be left empty", "字段 {column} 为整数类型，不能为空"),
    ("{value} is not a valid value for column {column} ({dtype})", "{value} 不是字段 {column} 的有效值（{dtype}）"),
    # ---------------------------------------------------------------- crs.py (CrsGuess reasons, ValueErrors)
    ("eastings carry the zone prefix {prefix}: assumed CGCS2000 {width}° Gauss-Krüger zone {zone} (EPSG:{epsg})",
     "东坐标带有带号前缀 {prefix}：按 CGCS2000 高斯-克吕格 {width}° 带第 {zone} 带（EPSG:{epsg}）处理"),
    ("X and Y are swapped (X holds the eastings)", "X、Y 坐标互换（X 存的是东坐标）"),
    # crs.py: coordinates against their declared CRS (check_coordinates)
    ("the coordinates are metres, not the degrees {crs} declares; {reason}",
     "坐标是米而不是 {crs} 所声明的经纬度；{reason}"),
    ("the coordinates (up to {x}, {y}) are not degrees, yet {crs} is geographic: give the right CRS",
     "坐标（最大 {x}，{y}）不是经纬度，而 {crs} 是地理坐标系：请指定正确的坐标系"),
    ("X and Y are swapped (X holds the eastings): swapped back; {note}", "X、Y 坐标互换（X 存的是东坐标）：已调换回来；{note}"),
    ("the eastings carry the zone prefix {zone} but {crs} (central meridian {cm}°E) {what}: taken as {twin}; "
     "the declared central meridian {agree}",
     "东坐标带有带号前缀 {zone}，但 {crs}（中央经线 {cm}°E）{what}：按 {twin} 处理；所声明的中央经线{agree}"),
    ("has no zone prefix", "不带带号前缀"),
    ("is zone {zone}", "为第 {zone} 带"),
    ("agrees", "与之一致"),
    ("contradicts it (prefix {zone} = {cm}°E); the prefix, written in every coordinate, was used",
     "与之矛盾（前缀 {zone} 对应 {cm}°E）；已采用每个坐标中都写明的带号前缀"),
    ("the coordinates are longitude/latitude degrees, not the metres {crs} declares: taken as {geographic}",
     "坐标是经纬度而不是 {crs} 所声明的米：按 {geographic} 处理"),
    ("the coordinates (x {x0}…{x1}, y {y0}…{y1}) lie outside the area of {crs} ({name})",
     "坐标（x {x0}…{x1}，y {y0}…{y1}）超出 {crs}（{name}）的适用范围"),
    ("{where}: {hints}; give the right CRS or units", "{where}：{hints}；请指定正确的坐标系或单位"),
    ("{where}; give the right CRS or units", "{where}；请指定正确的坐标系或单位"),
    ("the layer has the schema of Aliyun DataV / AMap boundaries ({fields}): such coordinates are GCJ-02, offset "
     "from WGS 84 / CGCS2000 by up to several hundred metres, but are taken as {crs} as declared; do not use them "
     "as a compliance boundary",
     "该图层具有阿里云 DataV / 高德边界数据的字段结构（{fields}）：此类坐标为 GCJ-02（火星坐标），与 WGS 84 / CGCS2000 "
     "相差可达数百米，现按所声明的 {crs} 读取；请勿用作合规审查的边界"),
    ("÷1000 (millimetres) would fit", "除以 1000（单位为毫米）则吻合"),
    ("÷100 (centimetres) would fit", "除以 100（单位为厘米）则吻合"),
    ("the eastings have no zone prefix", "东坐标不带带号前缀"),
    ("CGCS2000 3° zone {zone} is outside China (25–45)", "CGCS2000 3° 带第 {zone} 带不在中国范围内（25–45）"),
    ("CGCS2000 6° zone {zone} is outside China (13–23)", "CGCS2000 6° 带第 {zone} 带不在中国范围内（13–23）"),
    ("a longitude is needed to choose the Gauss-Krüger zone", "须有经度才能确定高斯-克吕格投影带"),
    ("no coordinates to infer from", "没有可用于推断的坐标"),
    ("coordinates are longitude/latitude inside China: assumed CGCS2000 (EPSG:4490)",
     "坐标为我国范围内的经纬度：推定为 CGCS2000（EPSG:4490）"),
    ("coordinates are longitude/latitude outside China: assumed WGS 84 (EPSG:4326)",
     "坐标为我国范围以外的经纬度：推定为 WGS 84（EPSG:4326）"),
    ("eastings have no zone prefix: the Gauss-Krüger zone cannot be inferred",
     "东坐标不带带号前缀：无法推断高斯-克吕格投影带"),
    ("coordinates match no CGCS2000 system", "坐标不符合任何 CGCS2000 坐标系"),
    # ---------------------------------------------------------------- area.py, styles.py, layers.py
    ("planar area needs a Gauss-Krüger (projected) CRS, not {crs}", "平面面积须在高斯-克吕格投影坐标系中计算，而不是 {crs}"),
    ("{field} has {count} distinct values (more than {limit})", "{field} 有 {count} 个不同取值（超过 {limit} 个）"),
    ("{count} invalid geometry (first: feature {feature}: {reason})", "{count} 个无效图形（第一个：要素 {feature}：{reason}）"),
    ("{count} invalid geometries (first: feature {feature}: {reason})",
     "{count} 个无效图形（第一个：要素 {feature}：{reason}）"),
    # ---------------------------------------------------------------- feedback.py, fsutil.py
    ("cancelled by the user", "已被用户取消"),
    ("nothing was written to {path}", "没有写出文件 {path}"),
    ("nothing was written for {path}", "没有为 {path} 写出文件"),
    ("{out} is a folder; give a file name", "{out} 是文件夹，请给出文件名"),
    ("{out} is not a regular file (a named pipe, device or socket); give a file name",
     "{out} 不是普通文件（是命名管道、设备或套接字），请给出文件名"),
    ("{out} is a parkgis project: it is replaced only by saving the project; choose another output file",
     "{out} 是 parkgis 项目：只有保存项目时才会替换它；请另选输出文件"),
    ("{out} lies inside {part}, which this command reads; choose another output file",
     "{out} 位于本命令读取的 {part} 之内；请另选输出文件"),
    ("{out} would overwrite {part}, which this command reads; choose another output file",
     "{out} 会覆盖本命令读取的 {part}；请另选输出文件"),
    ("{out} would overwrite {part}, a part of the input {source}; choose another output file",
     "{out} 会覆盖输入 {source} 的组成文件 {part}；请另选输出文件"),
    ("not a regular file (a named pipe, device or socket); give a file",
     "不是普通文件（是命名管道、设备或套接字），请给出文件"),
    ("permission denied in the folder {folder}", "文件夹 {folder} 没有写入权限"),
    ("the file system is read-only", "文件系统为只读"),
    ("no space left on the device", "磁盘空间不足"),
    ("it is a folder", "它是文件夹"),
]
