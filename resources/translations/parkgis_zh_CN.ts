<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddLayerDialog</name>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="53"/>
        <source>Add Layer — %1</source>
        <extracomment>encodings offered besides the detected one (the ones Chinese GIS data comes in)</extracomment>
        <translation>添加图层 — %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="63"/>
        <source>As detected</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="69"/>
        <source>EPSG code, e.g. 4525 (CGCS2000 GK zone 37)</source>
        <translation>EPSG 代码，如 4525（CGCS2000 高斯-克吕格 3 度带第 37 带）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="70"/>
        <source>Apply CRS</source>
        <translation>应用坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="79"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="80"/>
        <source>Role</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="84"/>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="88"/>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="90"/>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="99"/>
        <source>Preview of the decoded attributes</source>
        <translation>解码后的属性预览</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="105"/>
        <source>Add to project</source>
        <translation>添加到项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="179"/>
        <source>chosen</source>
        <translation>用户指定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="179"/>
        <source>from the .cpg file</source>
        <translation>来自 .cpg 文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="180"/>
        <source>from the DBF language byte</source>
        <translation>来自 DBF 语言标识</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="180"/>
        <source>detected from the text</source>
        <translation>根据文字内容检测</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="181"/>
        <source>plain ASCII</source>
        <translation>纯 ASCII</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="181"/>
        <source>fixed by the format</source>
        <translation>由格式规定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="182"/>
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="183"/>
        <source>In use: %1 (%2)</source>
        <translation>当前：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="184"/>
        <source>No text encoding applies to this format</source>
        <translation>此格式不涉及文字编码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="187"/>
        <source>Assumed %1: %2</source>
        <translation>推定为 %1：%2</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="191"/>
        <source>No CRS: give the EPSG code of the data</source>
        <translation>无坐标系：请填写数据的 EPSG 代码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="193"/>
        <source>Declared %1</source>
        <translation>文件声明 %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="196"/>
        <source>Legacy datum %1: needs transformation parameters</source>
        <translation>旧坐标基准 %1：需要转换参数</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="200"/>
        <source>%1 features, %2</source>
        <translation>%1 个要素，%2</translation>
    </message>
</context>
<context>
    <name>AttributeTablePanel</name>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="278"/>
        <source>Filter: text in any field</source>
        <extracomment>an edit was refused (message for the status bar)</extracomment>
        <translation>筛选：任一字段包含的文字</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="280"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="281"/>
        <location filename="../../parkgis/gui/attribute_table.py" line="384"/>
        <source>Edit attribute values (unlocked layers only; Ctrl+Z undoes)</source>
        <translation>编辑属性值（仅限未锁定图层；Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="284"/>
        <source>Zoom to selection</source>
        <translation>缩放到所选</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="287"/>
        <source>Clear selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="293"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="383"/>
        <source>The layer is locked (read-only)</source>
        <translation>图层已锁定（只读）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="448"/>
        <source>%1 of %2 shown, %3 selected</source>
        <translation>显示 %1 / %2 条，已选 %3 条</translation>
    </message>
</context>
<context>
    <name>CheckPanel</name>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="302"/>
        <source>Run check</source>
        <extracomment>(ParcelResult, Conflict or None, the check&apos;s pyproj CRS) show (True) or hide the parcels coloured by conclusion on the map</extracomment>
        <translation>运行审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="304"/>
        <source>Check every parcel against the red line, farmland, the urban development boundary, the park boundary and the other parcels</source>
        <translation>逐地块审查与生态保护红线、永久基本农田、城镇开发边界、园区四至及其他地块的关系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="306"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="309"/>
        <source>All parcels</source>
        <translation>全部地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="315"/>
        <location filename="../../parkgis/gui/check_panel.py" line="525"/>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="318"/>
        <source>Excel register (*.xlsx)</source>
        <translation>Excel 台账 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="318"/>
        <source>HTML report (*.html)</source>
        <translation>HTML 审查报告 (*.html)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="319"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="319"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="320"/>
        <source>GeoPackage with conflict pieces (*.gpkg)</source>
        <translation>含冲突图斑的 GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="326"/>
        <source>On map</source>
        <translation>上图显示</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="327"/>
        <source>Colour the parcels on the map by conclusion</source>
        <translation>在地图上按审查结论为地块着色</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="347"/>
        <location filename="../../parkgis/gui/check_panel.py" line="396"/>
        <source>Open a project and run the check</source>
        <translation>打开项目后运行合规性审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="395"/>
        <source>Run the check to list the parcels by status</source>
        <translation>运行审查后按结论列出地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="402"/>
        <source>The layers changed after this check: run it again</source>
        <translation>审查后图层已变更，请重新运行审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="423"/>
        <source>Preparing layers…</source>
        <translation>准备图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="432"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="462"/>
        <source>%1 parcels</source>
        <translation>地块 %1 宗</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="468"/>
        <source>CRS %1 · slivers below %2 m² or %3 m wide ignored</source>
        <translation>坐标系 %1 · 面积小于 %2 m² 或平均宽度小于 %3 m 的细碎图斑不计</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="473"/>
        <source>Not checked: %1</source>
        <translation>未审查：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="483"/>
        <source>Check cancelled</source>
        <translation>审查已取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="487"/>
        <source>Check failed: %1</source>
        <translation>审查失败：%1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>CheckResultModel</name>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="209"/>
        <source>Parcel No.</source>
        <extracomment>status colours planners know from review maps: 不符合 red, 有条件 orange, 符合 green report formats, as ``parkgis check --format``</extracomment>
        <translation>地块编号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="209"/>
        <source>Area (mu)</source>
        <translation>面积(亩)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="209"/>
        <source>Status / conflict</source>
        <translation>结论 / 冲突</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="210"/>
        <source>Conflict (m²)</source>
        <translation>冲突(m²)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="243"/>
        <source>The part of the parcel in conflict with any rule; ground in conflict with several rules counts once (the rows below give each rule)</source>
        <translation>地块中与任一规则冲突的部分；同时与多项规则冲突的范围只计一次（各规则见下方明细行）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="246"/>
        <source>%1 m² (%2 mu, %3 ha); ellipsoidal %4 m²</source>
        <translation>%1 m²（%2 亩，%3 公顷）；椭球面积 %4 m²</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="239"/>
        <source>Planar areas in zone %1 (%2)</source>
        <translation>平面面积按第 %1 带（%2）计算</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="255"/>
        <source>%1 (%2 of the parcel)</source>
        <translation>%1（占地块 %2）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="266"/>
        <source>%1 m² = %2 mu = %3 ha</source>
        <translation>%1 m² = %2 亩 = %3 公顷</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="269"/>
        <source>Net of field ridges: %1 m²</source>
        <translation>扣除田坎后：%1 m²</translation>
    </message>
    <message>
        <source>%1 m² (%2 mu, %3 ha); the ellipsoidal area cannot be computed: the coordinates lie outside the range of the CRS</source>
        <translation>%1 m²（%2 亩，%3 公顷）；椭球面积无法计算：坐标超出坐标系的定义范围</translation>
    </message>
</context>
<context>
    <name>CoordFileCheckActions</name>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="616"/>
        <source>Check &amp;Coordinate File…</source>
        <translation>坐标文件检查(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="618"/>
        <source>Check a ministry coordinate TXT (勘测定界/报批) and list its problems by line</source>
        <translation>检查部标坐标文件（勘测定界/报批 TXT），按行列出问题</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="622"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
</context>
<context>
    <name>CoordFileCheckDialog</name>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="271"/>
        <location filename="../../parkgis/gui/validation_dialog.py" line="396"/>
        <source>Check Coordinate File</source>
        <translation>坐标文件检查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="280"/>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="283"/>
        <source>Ministry coordinate file (勘测定界 / 报批 坐标文件, *.txt)</source>
        <translation>部标坐标文件（勘测定界 / 报批 坐标文件，*.txt）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="284"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="290"/>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="293"/>
        <source>Detect</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="297"/>
        <source>CRS if the file has no zone:</source>
        <translation>文件无带号时的坐标系：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="300"/>
        <source>EPSG, e.g. 4546</source>
        <translation>EPSG 代码，如 4546</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="301"/>
        <source>Used only when neither 带号 nor a zone prefix of the eastings gives the zone (CGCS2000 3° GK: 4534–4554 without prefix, 4513–4533 with)</source>
        <translation>仅在带号和 Y 坐标的带号前缀都无法确定分带时使用（CGCS2000 3° 高斯克吕格：不带带号 4534–4554，带带号 4513–4533）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="306"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="317"/>
        <source>Choose a coordinate file to check.</source>
        <translation>请选择要检查的坐标文件。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="339"/>
        <source>Findings</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="348"/>
        <source>Parcels</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="353"/>
        <location filename="../../parkgis/gui/validation_dialog.py" line="446"/>
        <source>Double-click a finding to see its line in the file</source>
        <translation>双击检查结果可查看文件中的对应行</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="369"/>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="370"/>
        <source>Copy the findings as text (as `parkgis validate` prints them)</source>
        <translation>以文本复制检查结果（与 `parkgis validate` 输出相同）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="373"/>
        <source>Add parcels to project</source>
        <translation>将地块加入工程</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="375"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="397"/>
        <source>Coordinate files (*.txt *.TXT);;All files (*)</source>
        <translation>坐标文件 (*.txt *.TXT);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="462"/>
        <source>Cannot check the file:</source>
        <translation>无法检查该文件：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="468"/>
        <source>%1 of %2 parcel(s) readable · %3 error(s) · %4 warning(s) · %5 note(s)</source>
        <translation>%2 个地块中 %1 个可读 · 错误 %3 个 · 警告 %4 个 · 提示 %5 个</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="472"/>
        <source>Errors: the file cannot be used as it is.</source>
        <translation>有错误：文件不能直接使用。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="474"/>
        <source>Readable, with warnings: check them before use.</source>
        <translation>可读取，但有警告：使用前请核对。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="476"/>
        <source>No problem found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="477"/>
        <source>byte-order mark</source>
        <translation>字节顺序标记</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="477"/>
        <source>detected</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="478"/>
        <source>chosen</source>
        <translation>手动指定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="478"/>
        <source>detected, with errors</source>
        <translation>自动识别，有无法解码的字节</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="479"/>
        <source>Encoding: %1 (%2) · CRS: %3</source>
        <translation>编码：%1（%2） · 坐标系：%3</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="481"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="483"/>
        <source>精度 %1 m</source>
        <translation>精度 %1 米</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="485"/>
        <source>X/Y swapped back</source>
        <translation>X/Y 已对调还原</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="498"/>
        <source>Not available while the file has errors (a missing zone can be supplied as the CRS above)</source>
        <translation>文件有错误时不可用（缺少带号时可在上方指定坐标系）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="501"/>
        <source>Add the %1 parcel(s) to the open project as a layer</source>
        <translation>将 %1 个地块作为图层加入当前工程</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="529"/>
        <source>%1 — line %2</source>
        <translation>%1 — 第 %2 行</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="559"/>
        <source>Not added:</source>
        <translation>未加入：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="565"/>
        <source>Added %1 parcel(s) to the project as layer %2.</source>
        <translation>已将 %1 个地块加入工程，图层：%2。</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="80"/>
        <source>Severity</source>
        <extracomment>severity → (colour of the text, background of the highlighted source line) encodings offered (None = detect: BOM, then UTF-8, then GB18030)</extracomment>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="80"/>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="80"/>
        <source>Parcel</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="81"/>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="81"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="84"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="84"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="84"/>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="108"/>
        <source>Bytes that are neither UTF-8 nor GB18030 were replaced</source>
        <translation>存在既非 UTF-8 也非 GB18030 的字节，已替换</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="109"/>
        <source>Section [%1] is not part of the standard; kept as metadata</source>
        <translation>小节 [%1] 不属于标准格式，已作为元数据保留</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="111"/>
        <source>Text before the first section ignored</source>
        <translation>第一个小节之前的文字已忽略</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="112"/>
        <source>Header line without &apos;=&apos;</source>
        <translation>属性描述行缺少“=”</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="114"/>
        <source>Point lines before any parcel header line (&apos;…,@&apos;): read as a parcel without attributes</source>
        <translation>地块属性行（以 @ 结尾）之前出现坐标点行：按无属性地块读取</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="115"/>
        <source>The file has no [地块坐标] section: no parcel to read</source>
        <translation>文件没有 [地块坐标] 小节：没有可读取的地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="117"/>
        <source>No [属性描述]/[地块坐标] sections: read as a bare point list (点号,X,Y) forming one parcel</source>
        <translation>没有 [属性描述]/[地块坐标] 小节：按纯坐标点列表（点号,X,Y）读作一个地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="118"/>
        <source>The file has no [属性描述] section</source>
        <translation>文件没有 [属性描述] 小节</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="119"/>
        <source>The [地块坐标] section holds no parcel</source>
        <translation>[地块坐标] 小节中没有地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="121"/>
        <source>Parcel header has %1 of 8 fields; the missing ones are empty</source>
        <translation>地块属性行只有 %1 个字段（标准为 8 个），缺少的字段按空值处理</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="123"/>
        <source>Parcel header has %1 field(s) after 地类编码; kept as EXTRA</source>
        <translation>地块属性行在地类编码之后还有 %1 个字段，已保存到 EXTRA 字段</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="125"/>
        <source>Parcel header fields do not fit the standard order (界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编码): the 界址点数/地块面积 values that are not numbers were dropped</source>
        <translation>地块属性行的字段与标准顺序（界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编码）不符：非数字的界址点数/地块面积已舍弃</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="128"/>
        <source>记录图形属性 is %1, not 面/线/点: fields may be misaligned</source>
        <translation>记录图形属性为“%1”，不是面/线/点：字段可能错位</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="129"/>
        <source>记录图形属性 is %1: the points are still read as a polygon</source>
        <translation>记录图形属性为“%1”：坐标点仍按面读取</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="131"/>
        <source>地块面积 is empty: nothing to check the computed area against</source>
        <translation>地块面积为空：无法与计算面积核对</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="132"/>
        <source>Point line has %1 fields; fields after Y ignored</source>
        <translation>坐标点行有 %1 个字段，Y 之后的字段已忽略</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="134"/>
        <source>Point line has %1 field(s), expected 4 (点号,圈号,X,Y)</source>
        <translation>坐标点行有 %1 个字段，应为 4 个（点号,圈号,X,Y）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="136"/>
        <source>Coordinate %1 is not a number (point %2)</source>
        <translation>坐标“%1”不是数字（点 %2）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="138"/>
        <source>精度 is not understood</source>
        <translation>无法识别精度</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="140"/>
        <source>The X column holds eastings and the Y column northings (X must be the northing): swapped back</source>
        <translation>X 列为东坐标、Y 列为北坐标（X 应为北坐标）：已对调还原</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="141"/>
        <source>The zone width (分带) is not 3 or 6</source>
        <translation>分带不是 3 度或 6 度</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="142"/>
        <source>坐标系 is not declared: assumed 2000国家大地坐标系 (CGCS2000)</source>
        <translation>未声明坐标系：按 2000国家大地坐标系（CGCS2000）处理</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="144"/>
        <source>The data is on a legacy datum (%1), not CGCS2000: explicit transformation parameters are needed before it is combined with CGCS2000 data</source>
        <translation>数据采用旧坐标系（%1），不是 CGCS2000：与 CGCS2000 数据叠加前需要明确的转换参数</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="146"/>
        <source>The eastings carry different zone prefixes</source>
        <translation>Y 坐标带有不同的带号前缀</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="147"/>
        <source>Some eastings carry a zone prefix and others do not</source>
        <translation>部分 Y 坐标带有带号前缀，部分没有</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="148"/>
        <source>带号=%1 but the eastings carry the zone prefix %2: zone %2 used</source>
        <translation>带号=%1，但 Y 坐标的带号前缀为 %2：按第 %2 带处理</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="150"/>
        <source>带号 is empty or missing: zone %1 taken from the easting prefix</source>
        <translation>带号为空或缺失：按 Y 坐标前缀取第 %1 带</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="152"/>
        <source>分带 says 6° but the zone only exists as a 3° zone: 3° used</source>
        <translation>分带为 6 度，但该带号只存在于 3 度带：按 3 度带处理</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="154"/>
        <source>The CRS given expects zone-prefixed eastings; the file has none</source>
        <translation>指定的坐标系要求 Y 坐标带带号前缀，但文件中没有</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="156"/>
        <source>The zone cannot be determined (带号 is empty and the eastings carry no zone prefix): give the CRS above (the EPSG code of the zone, e.g. 4546 for 111°E without prefix)</source>
        <translation>无法确定分带（带号为空，且 Y 坐标没有带号前缀）：请在上方指定坐标系（分带的 EPSG 代码，如中央经线 111°E、不带带号为 4546）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="158"/>
        <source>The file determines its CRS; the CRS given was not used</source>
        <translation>文件本身已确定坐标系，未使用指定的坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="160"/>
        <source>Some X values are not northings inside China (100 km – 6 200 km)</source>
        <translation>部分 X 值不是中国境内的北坐标（100 km – 6 200 km）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="162"/>
        <source>Coordinates carry %1 decimals, more than 精度 declares (%2)</source>
        <translation>坐标有 %1 位小数，多于精度声明的 %2 位</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="163"/>
        <source>The parcel has no point lines</source>
        <translation>地块没有坐标点行</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="164"/>
        <source>Point %1 repeats the previous point: dropped</source>
        <translation>点 %1 与前一点重复：已删除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="166"/>
        <source>Ring %1 has %2 distinct point(s); a polygon ring needs at least 3</source>
        <translation>第 %1 圈只有 %2 个不同的点，面的环至少需要 3 个点</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="168"/>
        <source>Ring %1 does not end by repeating its first point: closed</source>
        <translation>第 %1 圈未以首点结束（未闭合）：已自动闭合</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="169"/>
        <source>The polygon is invalid: %1</source>
        <translation>面几何无效：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="170"/>
        <source>The ellipsoidal area cannot be computed: the coordinates lie outside the range where %1 is defined</source>
        <translation>无法计算椭球面积：坐标超出 %1 的定义范围</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="170"/>
        <source>The parcel has %1 separate parts</source>
        <translation>地块由 %1 个互不相连的部分组成</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="171"/>
        <source>界址点数=%1 but the parcel has %2 point line(s)</source>
        <translation>界址点数=%1，但地块有 %2 个坐标点行</translation>
    </message>
    <message>
        <source>Coordinates are written with decimal commas (e.g. %1): read as decimal points on %2 point line(s)</source>
        <translation>坐标以小数逗号书写（如 %1）：已将 %2 个坐标点行中的逗号按小数点读取</translation>
    </message>
    <message>
        <source>地块面积 is written with a decimal comma (%1): read as a decimal point</source>
        <translation>地块面积以小数逗号书写（%1）：已按小数点读取</translation>
    </message>
    <message>
        <source>A line names the parcel header fields: parcel header lines are read in that order</source>
        <translation>有一行列出了地块首行的字段名：地块首行按该字段顺序读取</translation>
    </message>
    <message>
        <source>The file holds %1 documents (files joined one after the other): each is read with its own header</source>
        <translation>文件包含 %1 个文档（多个文件首尾相接）：每个文档按其自身的属性描述读取</translation>
    </message>
    <message>
        <source>Document %1 is in %2, the first in %3: its parcels were transformed into %3; their areas are those in their own zone</source>
        <translation>第 %1 个文档位于 %2，第一个文档位于 %3：其地块已转换到 %3；面积仍为各自投影带中的面积</translation>
    </message>
    <message>
        <source>Document %1 has no zone or another datum than the first document: the parcel is not read</source>
        <translation>第 %1 个文档没有投影带，或与第一个文档的基准不同：该地块未读取</translation>
    </message>
    <message>
        <source>地块编号 %1 is used by several parcels (header lines %2): ids must be unique</source>
        <translation>地块编号 %1 被多个地块使用（地块首行在第 %2 行）：地块编号必须唯一</translation>
    </message>
    <message>
        <source>Easting Y=%1 (point %2) is not inside the zone (100–900 km after the zone prefix): the coordinates contradict the zone</source>
        <translation>东坐标 Y=%1（点 %2）不在投影带范围内（去掉带号后应为 100–900 km）：坐标与投影带矛盾</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="174"/>
        <source>地块面积=%1 matches the computed area in m² (%2 m²), not in 公顷 as the standard requires</source>
        <translation>地块面积=%1 与按平方米计算的面积（%2 m²）一致，而标准要求以公顷为单位</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="177"/>
        <source>地块面积=%1 differs from the computed area %2 公顷 (%3 m²) by %4 read as 公顷 and %5 read as m²</source>
        <translation>地块面积=%1 与计算面积 %2 公顷（%3 m²）不符：按公顷读相差 %4，按平方米读相差 %5</translation>
    </message>
</context>
<context>
    <name>LayerTreeModel</name>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="97"/>
        <location filename="../../parkgis/gui/layer_model.py" line="246"/>
        <location filename="../../parkgis/gui/layer_model.py" line="257"/>
        <source>Other values</source>
        <extracomment>the invalid index standing for the root (a module-level default, not a call per signature) a layer was shown or hidden through the model (the canvas recomposes)</extracomment>
        <translation>其他值</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="188"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="189"/>
        <location filename="../../parkgis/gui/layer_model.py" line="282"/>
        <source>Role</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="190"/>
        <location filename="../../parkgis/gui/layer_model.py" line="284"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="191"/>
        <location filename="../../parkgis/gui/layer_model.py" line="286"/>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="192"/>
        <location filename="../../parkgis/gui/layer_model.py" line="287"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="258"/>
        <source>%1 = %2: %3 features</source>
        <translation>%1 = %2：%3 个要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="264"/>
        <location filename="../../parkgis/gui/layer_model.py" line="287"/>
        <source>Locked (read-only)</source>
        <translation>已锁定（只读）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="264"/>
        <location filename="../../parkgis/gui/layer_model.py" line="287"/>
        <source>Editable</source>
        <translation>可编辑</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="269"/>
        <source>Saved in the project</source>
        <translation>已保存在项目中</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="270"/>
        <source>Chosen by the user</source>
        <translation>用户指定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="271"/>
        <source>No role pattern in the name</source>
        <translation>名称中未识别出类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="275"/>
        <source>Name matches %1</source>
        <translation>名称匹配：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="283"/>
        <source>Role from</source>
        <translation>类型依据</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="285"/>
        <source>Geometry</source>
        <translation>几何类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="288"/>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="289"/>
        <source>Source CRS</source>
        <translation>原始坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="290"/>
        <source>CRS assumed</source>
        <translation>推定坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="291"/>
        <source>Encoding</source>
        <translation>字符编码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="293"/>
        <source>Legacy datum</source>
        <translation>旧坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="294"/>
        <source>Approval No.</source>
        <translation>批复文号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="295"/>
        <source>Data date</source>
        <translation>数据时点</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="296"/>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Connect to &amp;Team Database…</source>
        <translation>连接团队数据库(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Open a project in a team database from a saved connection profile</source>
        <translation>用已保存的连接配置打开团队数据库中的项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1"/>
        <source>Saved the team database project as %1 (layers, register, styles, audit); you now work on this file</source>
        <translation>已将团队数据库项目另存为 %1（图层、标准地台账、样式、审计记录）；此后编辑的是该文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="280"/>
        <source>Someone else changed features you are editing: %1 — saving will ask how to combine the versions</source>
        <translation>他人已修改您正在编辑的要素：%1——保存时将询问如何处理各版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="200"/>
        <source>Team database password</source>
        <translation>团队数据库密码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="200"/>
        <source>Password for %1</source>
        <translation>%1 的密码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="226"/>
        <location filename="../../parkgis/gui/main_window.py" line="392"/>
        <source>Layers</source>
        <extracomment>detail columns, the first to give way first a name wider than this may be elided rather than push a detail column out False in tests and headless runs: errors go to the status bar and ``last_error``, no modal dialog</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="249"/>
        <source>Select a layer to see its source, CRS and lock state</source>
        <translation>选择图层以查看其来源、坐标系和锁定状态</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="262"/>
        <location filename="../../parkgis/gui/main_window.py" line="331"/>
        <location filename="../../parkgis/gui/main_window.py" line="399"/>
        <source>Conflict Check</source>
        <translation>合规性审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="272"/>
        <location filename="../../parkgis/gui/main_window.py" line="334"/>
        <location filename="../../parkgis/gui/main_window.py" line="396"/>
        <source>Attribute Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="280"/>
        <source>Identify Results</source>
        <translation>识别结果</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="285"/>
        <source>Feature / field</source>
        <translation>要素 / 字段</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="285"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="304"/>
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="305"/>
        <source>Create a new project file</source>
        <translation>新建一个项目文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="306"/>
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="307"/>
        <source>Open a project or GeoPackage</source>
        <translation>打开项目或 GeoPackage 文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="308"/>
        <location filename="../../parkgis/gui/main_window.py" line="629"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="309"/>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="310"/>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="311"/>
        <source>Save the project under another name</source>
        <translation>将项目另存为新文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="312"/>
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="313"/>
        <source>Add Shapefile, GeoPackage, GeoJSON, KML, CAD or coordinate files</source>
        <translation>添加 Shapefile、GeoPackage、GeoJSON、KML、CAD 或部标坐标文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="314"/>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="315"/>
        <source>Zoom to &amp;Full Extent</source>
        <translation>全图显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="316"/>
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="317"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="318"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="319"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="320"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="321"/>
        <source>Zoom to &amp;Layer</source>
        <translation>缩放至图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="322"/>
        <source>Show the selected layer whole</source>
        <translation>完整显示所选图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="324"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="324"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="325"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="326"/>
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="326"/>
        <location filename="../../parkgis/gui/main_window.py" line="642"/>
        <source>Add Layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="327"/>
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="327"/>
        <source>Full Extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="329"/>
        <source>&amp;Conflict Check</source>
        <translation>合规性审查(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="330"/>
        <source>Check the parcels against the three control lines and the park</source>
        <translation>审查地块与三条控制线及园区四至的关系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="332"/>
        <source>Open Attribute &amp;Table</source>
        <translation>打开属性表(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="333"/>
        <source>Show the attributes of the selected layer</source>
        <translation>显示所选图层的属性</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="335"/>
        <location filename="../../parkgis/gui/main_window.py" line="1019"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="336"/>
        <location filename="../../parkgis/gui/main_window.py" line="1020"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="337"/>
        <source>Zoom to &amp;Selection</source>
        <translation>缩放到所选要素(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="338"/>
        <source>Show the selected features</source>
        <translation>显示所选要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="339"/>
        <source>&amp;Clear Selection</source>
        <translation>清除选择(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="340"/>
        <source>Deselect all features</source>
        <translation>取消选择全部要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="345"/>
        <source>&amp;Pan</source>
        <translation>漫游(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="345"/>
        <source>Pan</source>
        <translation>漫游</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="345"/>
        <source>Drag to move the map (also middle button or Space + drag)</source>
        <translation>拖动以移动地图（也可按住鼠标中键或空格键拖动）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="347"/>
        <source>Zoom &amp;Box</source>
        <translation>拉框放大(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="347"/>
        <source>Zoom Box</source>
        <translation>拉框放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="348"/>
        <source>Drag a box to zoom in (Shift: out)</source>
        <translation>拉框放大（按住 Shift 缩小）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="349"/>
        <source>&amp;Identify Features</source>
        <translation>识别要素(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="349"/>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="350"/>
        <source>Click to show the attributes of every feature under the cursor</source>
        <translation>单击显示光标处所有要素的属性</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="351"/>
        <source>Se&amp;lect Features</source>
        <translation>选择要素(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="351"/>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="352"/>
        <source>Click or drag a box to select (Shift adds, Ctrl toggles)</source>
        <translation>单击或拉框选择（Shift 追加，Ctrl 反选）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="353"/>
        <source>Measure &amp;Distance</source>
        <translation>测量距离(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="353"/>
        <source>Distance</source>
        <translation>测距</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="354"/>
        <source>Click points; double-click or right-click ends; Esc clears</source>
        <translation>单击添加点，双击或右键结束，Esc 清除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="355"/>
        <source>Measure &amp;Area</source>
        <translation>测量面积(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="355"/>
        <source>Area</source>
        <translation>测面积</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="356"/>
        <source>Click the corners; double-click or right-click ends; Esc clears</source>
        <translation>单击各拐点，双击或右键结束，Esc 清除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="363"/>
        <source>&amp;About parkgis</source>
        <translation>关于 parkgis(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="367"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="370"/>
        <source>Open &amp;Recent</source>
        <translation>最近项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="379"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="385"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="390"/>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="402"/>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="403"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="409"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="413"/>
        <location filename="../../parkgis/gui/main_window.py" line="438"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="429"/>
        <source>Map tools</source>
        <translation>地图工具</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>&amp;Draw Polygon</source>
        <translation>绘制面(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>Draw Polygon</source>
        <translation>绘制面</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>Click the corners of a new feature of the current layer; double-click or Enter closes, Backspace removes the last point, Esc cancels</source>
        <translation>依次点击当前图层新要素的角点；双击或回车闭合，退格删除最后一点，Esc 取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>&amp;Vertex Tool</source>
        <translation>节点工具(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>Vertex Tool</source>
        <translation>节点工具</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>Drag a vertex of the current layer to move it; double-click a segment adds a vertex, Delete removes the selected one</source>
        <translation>拖动当前图层的节点以移动；双击线段添加节点，Delete 删除所选节点</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>&amp;Split Features</source>
        <translation>分割要素(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>Split</source>
        <translation>分割</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>Draw a line across features of the current layer; double-click or Enter splits them</source>
        <translation>画一条穿过当前图层要素的线；双击或回车执行分割</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/actions.py" line="1"/>
        <source>Editing</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="454"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="484"/>
        <source>Drawing failed: %1</source>
        <translation>地图绘制失败：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="492"/>
        <source>Opening %1 …</source>
        <translation>正在打开 %1 …</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="495"/>
        <location filename="../../parkgis/gui/main_window.py" line="498"/>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="516"/>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="543"/>
        <source>Opened %1: %2 layers</source>
        <translation>已打开 %1：%2 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="550"/>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="551"/>
        <source>parkgis project / GeoPackage (%1);;All files (*)</source>
        <translation>parkgis 项目 / GeoPackage (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="559"/>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="559"/>
        <location filename="../../parkgis/gui/main_window.py" line="592"/>
        <source>untitled.gpkg</source>
        <translation>未命名项目.gpkg</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="560"/>
        <location filename="../../parkgis/gui/main_window.py" line="595"/>
        <source>parkgis project (%1)</source>
        <translation>parkgis 项目 (%1)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="568"/>
        <source>Cannot create project</source>
        <translation>无法新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="579"/>
        <location filename="../../parkgis/gui/main_window.py" line="601"/>
        <source>Saving %1 …</source>
        <translation>正在保存 %1 …</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="582"/>
        <location filename="../../parkgis/gui/main_window.py" line="604"/>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="585"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="594"/>
        <source>Save Project As</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="623"/>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="624"/>
        <source>The project %1 has unsaved changes. Save them?</source>
        <translation>项目“%1”有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="628"/>
        <source>If you do not save, the changes are lost.</source>
        <translation>如不保存，这些更改将丢失。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="630"/>
        <source>Do&amp;n&apos;t Save</source>
        <translation>不保存(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="631"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="643"/>
        <source>Vector data (%1);;All files (*)</source>
        <translation>矢量数据 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="651"/>
        <location filename="../../parkgis/gui/main_window.py" line="659"/>
        <location filename="../../parkgis/gui/main_window.py" line="813"/>
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="671"/>
        <source>Added %1 layer(s) from %2</source>
        <translation>已从 %2 添加 %1 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="692"/>
        <source>Zoom to Layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="693"/>
        <source>Open Attribute Table</source>
        <translation>打开属性表</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="698"/>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="698"/>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="699"/>
        <source>Move to Top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="700"/>
        <source>Move to Bottom</source>
        <translation>置底</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="704"/>
        <source>Locked (read-only)</source>
        <translation>锁定（只读）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="708"/>
        <source>Set Role</source>
        <translation>设置图层类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="716"/>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="718"/>
        <source>Remove Layer…</source>
        <translation>移除图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="723"/>
        <source>Single Colour</source>
        <translation>单一颜色</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="727"/>
        <source>By Land Use (用地用海)</source>
        <translation>按用地用海分类</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="733"/>
        <source>By Zone Type (三区)</source>
        <translation>按三区类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="738"/>
        <source>By Field</source>
        <translation>按字段分类</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="758"/>
        <source>Cannot style the layer</source>
        <translation>无法设置图层样式</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="790"/>
        <source>Remove Layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="791"/>
        <source>Remove layer %1 from the project? It leaves the project file at the next save.</source>
        <translation>从项目中移除图层“%1”？下次保存时将从项目文件中删除。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1167"/>
        <source>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;Desktop GIS for industrial-park spatial planning: park boundaries and the three control lines from the files planners exchange, the conflict check of parcels with its reports, boundary editing with live compliance feedback, the 标准地 register with idle-land alerts and the pre-auction check with its dossier, coordinate-file checks and offline web maps.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;工业园区空间规划桌面 GIS：读取规划人员往来的园区四至与三区三线文件，地块合规性审查及审查报告，带实时合规反馈的边界编辑，标准地台账与闲置土地预警，拍前体检及体检报告，坐标文件检查，离线网页地图。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="818"/>
        <source>Reading %1 …</source>
        <translation>正在读取 %1 …</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="882"/>
        <source>%1 features</source>
        <translation>%1 个要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="893"/>
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="908"/>
        <source>(planar area)</source>
        <translation>（平面面积）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="909"/>
        <source>(ellipsoidal area)</source>
        <translation>（椭球面积）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="914"/>
        <source>No feature here</source>
        <translation>此处无要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="951"/>
        <source>%1 m² | %2 mu | %3 ha</source>
        <translation>%1 m² | %2 亩 | %3 公顷</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="859"/>
        <source>(zone %1, %2)</source>
        <translation>（第 %1 带，%2）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="862"/>
        <source>Click on the map to start measuring</source>
        <translation>在地图上单击开始测量</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="959"/>
        <source>Distance (planar): %1 m</source>
        <translation>距离（平面）：%1 m</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="960"/>
        <source>Distance (ellipsoidal): %1 m</source>
        <translation>距离（椭球）：%1 m</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="961"/>
        <source>Segments: %1</source>
        <translation>线段数：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="962"/>
        <source>Area (planar): %1</source>
        <translation>面积（平面）：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="963"/>
        <source>Area (ellipsoidal): %1</source>
        <translation>面积（椭球）：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="964"/>
        <source>Perimeter: %1 m</source>
        <translation>周长：%1 m</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="985"/>
        <source>%1 features selected</source>
        <translation>已选择 %1 个要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1019"/>
        <source>&amp;Undo %1</source>
        <translation>撤销(&amp;U) %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1020"/>
        <source>&amp;Redo %1</source>
        <translation>重做(&amp;R) %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1073"/>
        <source>%1 m² (%2 mu)</source>
        <translation>%1 m²（%2 亩）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1099"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1106"/>
        <source>X (N): %1   Y (E): %2</source>
        <translation>X(北)：%1   Y(东)：%2</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1110"/>
        <source>Lon %1°  Lat %2°</source>
        <translation>经度 %1°  纬度 %2°</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1115"/>
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1131"/>
        <source>EPSG:%1  CGCS2000 GK %2° zone %3</source>
        <translation>EPSG:%1  CGCS2000 高斯-克吕格 %2度带 第%3带</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1140"/>
        <source>parkgis Industrial Park Planning</source>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="622"/>
        <location filename="../../parkgis/gui/main_window.py" line="1144"/>
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1146"/>
        <source>(not saved)</source>
        <translation>（未保存）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1162"/>
        <source>About parkgis</source>
        <translation>关于 parkgis</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1"/>
        <source>Feature History</source>
        <translation>要素历史</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1"/>
        <source>%1 edit(s) recovered: save the project to keep them</source>
        <translation>已恢复 %1 处编辑：保存项目以保留它们</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1"/>
        <source>Left out (changed by someone else since): %1</source>
        <translation>已略去（此后已被他人修改）：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1"/>
        <source>Cannot read the crash journal</source>
        <translation>无法读取崩溃恢复日志</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1"/>
        <source>Undone/redone: %1</source>
        <translation>已撤销/重做：%1</translation>
    </message>
    <message>
        <source>(geometry)</source>
        <translation>（图形）</translation>
    </message>
    <message>
        <source>no area: all its points lie on one spot or one line</source>
        <translation>无面积：所有点位于同一点或同一直线上</translation>
    </message>
    <message>
        <source>cannot be computed: the coordinates lie outside the range of the CRS</source>
        <translation>无法计算：坐标超出坐标系的定义范围</translation>
    </message>
    <message>
        <source>Start &amp;Editing</source>
        <translation>开始编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Open an edit session on the current layer of the layers panel</source>
        <translation>在图层面板的当前图层上开始编辑</translation>
    </message>
    <message>
        <source>Save &amp;Edits</source>
        <translation>保存编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Check and write the current layer's edits to the project file</source>
        <translation>检查当前图层的编辑并写入项目文件</translation>
    </message>
    <message>
        <source>&amp;Discard Edits</source>
        <translation>放弃编辑(&amp;D)</translation>
    </message>
    <message>
        <source>Throw away the current layer's unsaved edits</source>
        <translation>放弃当前图层未保存的编辑</translation>
    </message>
    <message>
        <source>Mer&amp;ge Selected Features…</source>
        <translation>合并所选要素(&amp;G)…</translation>
    </message>
    <message>
        <source>Union the selected features of the current layer into one</source>
        <translation>将当前图层的所选要素合并为一个</translation>
    </message>
    <message>
        <source>Delete Selected Features</source>
        <translation>删除所选要素</translation>
    </message>
    <message>
        <source>Delete the selected features of the current layer</source>
        <translation>删除当前图层的所选要素</translation>
    </message>
    <message>
        <source>&amp;Copy Features</source>
        <translation>复制要素(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected features of the current layer</source>
        <translation>复制当前图层的所选要素</translation>
    </message>
    <message>
        <source>&amp;Paste Features</source>
        <translation>粘贴要素(&amp;P)</translation>
    </message>
    <message>
        <source>Paste the copied features into the current layer (reprojected to its CRS)</source>
        <translation>将复制的要素粘贴到当前图层（按其坐标系重投影）</translation>
    </message>
    <message>
        <source>S&amp;napping</source>
        <translation>捕捉(&amp;N)</translation>
    </message>
    <message>
        <source>Snap to vertices, segments and intersections of the visible layers (S)</source>
        <translation>捕捉可见图层的节点、线段和交点（S）</translation>
    </message>
    <message>
        <source>&amp;Topological Editing</source>
        <translation>拓扑编辑(&amp;T)</translation>
    </message>
    <message>
        <source>Vertices shared with neighbours move, appear and go with them</source>
        <translation>与相邻要素共享的节点随之移动、添加和删除</translation>
    </message>
    <message>
        <source>&amp;Avoid Overlap</source>
        <translation>避免重叠(&amp;A)</translation>
    </message>
    <message>
        <source>New and reshaped features are clipped against the other features of the layer</source>
        <translation>新建和重塑的要素按图层中其他要素裁剪</translation>
    </message>
    <message>
        <source>&amp;Coordinate Input…</source>
        <translation>坐标输入(&amp;C)…</translation>
    </message>
    <message>
        <source>Type surveyed coordinates, paste a 界址点 list or load a coordinate TXT parcel</source>
        <translation>输入测量坐标、粘贴界址点列表或载入坐标 TXT 地块</translation>
    </message>
    <message>
        <source>&amp;Validate Edits…</source>
        <translation>检查编辑(&amp;V)…</translation>
    </message>
    <message>
        <source>List the problems of the edited features before saving</source>
        <translation>保存前列出所编辑要素的问题</translation>
    </message>
    <message>
        <source>Undo History</source>
        <translation>撤销历史</translation>
    </message>
    <message>
        <source>Live Compliance</source>
        <translation>实时合规</translation>
    </message>
    <message>
        <source>Click the corners of a new feature of the current layer; double-click or Enter closes, Backspace removes the last point, Esc cancels (Ctrl at the first point: a hole, Shift: a part)</source>
        <translation>依次点击当前图层新要素的拐点；双击或回车闭合，退格删除最后一点，Esc 取消（首点按住 Ctrl：内环，Shift：部件）</translation>
    </message>
    <message>
        <source>Drag a vertex to move it, drag a box to select several; double-click a segment adds a vertex, Delete removes the selected ones</source>
        <translation>拖动节点即移动，拖框可选多个节点；双击线段添加节点，Delete 删除所选节点</translation>
    </message>
    <message>
        <source>&amp;Move Features</source>
        <translation>移动要素(&amp;M)</translation>
    </message>
    <message>
        <source>Drag a feature (or the selected ones) to move it</source>
        <translation>拖动要素（或所选要素）以移动</translation>
    </message>
    <message>
        <source>&amp;Rotate Features</source>
        <translation>旋转要素(&amp;R)</translation>
    </message>
    <message>
        <source>Drag around a feature to turn it about its centre</source>
        <translation>绕要素拖动，使其绕中心旋转</translation>
    </message>
    <message>
        <source>Res&amp;hape Feature</source>
        <translation>重塑要素(&amp;H)</translation>
    </message>
    <message>
        <source>Draw a line from the boundary out (or in) and back: the boundary follows the line</source>
        <translation>从边界向外（或向内）画线再回到边界：边界随线改变</translation>
    </message>
    <message>
        <source>&amp;Fill Gap</source>
        <translation>填补空隙(&amp;F)</translation>
    </message>
    <message>
        <source>Click into the hole between parcels to make a parcel of it</source>
        <translation>点击地块之间的空隙，将其生成为地块</translation>
    </message>
    <message>
        <source>Add &amp;Ring</source>
        <translation>添加内环(&amp;R)</translation>
    </message>
    <message>
        <source>Draw a hole into a feature</source>
        <translation>在要素中绘制一个洞</translation>
    </message>
    <message>
        <source>Add &amp;Part</source>
        <translation>添加部件(&amp;P)</translation>
    </message>
    <message>
        <source>Draw a further part of the selected feature</source>
        <translation>为所选要素绘制一个新的部件</translation>
    </message>
    <message>
        <source>Delete R&amp;ing</source>
        <translation>删除内环(&amp;I)</translation>
    </message>
    <message>
        <source>Click inside a hole to remove it</source>
        <translation>点击洞内将其删除</translation>
    </message>
    <message>
        <source>Delete Pa&amp;rt</source>
        <translation>删除部件(&amp;R)</translation>
    </message>
    <message>
        <source>Click a part of a multi-part feature to remove it</source>
        <translation>点击多部件要素的某个部件将其删除</translation>
    </message>
    <message>
        <source>Parcel Register</source>
        <translation>标准地台账</translation>
    </message>
    <message>
        <source>Parcel &amp;Register</source>
        <translation>标准地台账(&amp;R)</translation>
    </message>
    <message>
        <source>The register of the 标准地 parcels: stages, deadlines, idle land</source>
        <translation>标准地台账：生命周期阶段、期限、闲置土地</translation>
    </message>
    <message>
        <source>Park &amp;Dashboard</source>
        <translation>园区看板(&amp;D)</translation>
    </message>
    <message>
        <source>Charts of the parcels per park: stages, areas, idle land</source>
        <translation>各园区标准地图表：阶段、面积、闲置土地</translation>
    </message>
    <message>
        <source>No idle land, no deadline near</source>
        <translation>无闲置土地，近期无到期期限</translation>
    </message>
    <message>
        <source>%1 has no feature on the map</source>
        <translation>%1 在地图上没有对应图斑</translation>
    </message>
    <message>
        <source>Idle %1 · due within %2 days %3</source>
        <translation>闲置 %1 · %2 天内到期 %3</translation>
    </message>
    <message>
        <source>%1, %2 days late (%3)</source>
        <translation>%1，逾期 %2 天（%3）</translation>
    </message>
    <message>
        <source>Not in the register</source>
        <translation>非标准地</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1"/>
        <source>Comparing the versions …</source>
        <translation>正在比较各版本……</translation>
    </message>
</context>
<context>
    <name>ParcelsModel</name>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="223"/>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="223"/>
        <source>Parcel code</source>
        <translation>地块编号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="223"/>
        <source>Parcel name</source>
        <translation>地块名称</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="223"/>
        <source>Readable</source>
        <translation>可读</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="224"/>
        <source>Point lines</source>
        <translation>界址点行数</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="224"/>
        <source>Declared area</source>
        <translation>申报面积</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="224"/>
        <source>Area (m²)</source>
        <translation>面积（m²）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="224"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="233"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/validation_dialog.py" line="233"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>PreviewMenu</name>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="247"/>
        <source>&amp;Preview Web Map…</source>
        <translation>预览网页地图(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="249"/>
        <source>Show an exported web map (HTML) in a preview window</source>
        <translation>在预览窗口中查看已导出的网页地图（HTML）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="251"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="257"/>
        <source>Preview Web Map</source>
        <translation>预览网页地图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="258"/>
        <source>Web map (*.html *.htm);;All files (*)</source>
        <translation>网页地图 (*.html *.htm);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>WebMapActions</name>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="765"/>
        <source>Export &amp;Web Map…</source>
        <translation>导出网页地图(&amp;W)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="768"/>
        <source>Export the project as one HTML web map that opens offline</source>
        <translation>将工程导出为可离线打开的单个 HTML 网页地图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="772"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="801"/>
        <source>The in-app preview is not available (%1); open %2 in a web browser.</source>
        <translation>程序内预览不可用（%1）；请用网页浏览器打开 %2。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="807"/>
        <source>Web Map Preview</source>
        <translation>网页地图预览</translation>
    </message>
</context>
<context>
    <name>WebMapExportDialog</name>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="227"/>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="575"/>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="629"/>
        <source>Export Web Map</source>
        <extracomment>colour schemes of the page, as ``parkgis webmap --colour-by`` base-map choices, as ``parkgis webmap --basemap`` (the last one takes a URL)</extracomment>
        <translation>导出网页地图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="240"/>
        <source>One self-contained HTML file: opens offline in any browser, with the legend, layer panel, parcel search and popups.</source>
        <translation>单个自包含 HTML 文件：任何浏览器均可离线打开，含图例、图层面板、地块查询和弹窗。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="247"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="252"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="252"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="252"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="261"/>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="262"/>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="268"/>
        <source>Popup fields</source>
        <translation>弹窗字段</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="272"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="272"/>
        <source>Alias shown in the popup</source>
        <translation>弹窗中显示的中文别名</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="273"/>
        <source>Example value</source>
        <translation>示例值</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="287"/>
        <source>Show all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="288"/>
        <source>Hide all</source>
        <translation>全部隐藏</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="289"/>
        <source>Default aliases</source>
        <translation>恢复默认别名</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="290"/>
        <source>Double-click an alias to edit it</source>
        <translation>双击别名可修改</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="303"/>
        <source>Page</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="308"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="311"/>
        <source>Compliance status</source>
        <translation>合规状态</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="311"/>
        <source>Lifecycle stage</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="312"/>
        <source>Land use (用地用海)</source>
        <translation>用地用海分类</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="314"/>
        <source>Colour parcels by:</source>
        <translation>地块着色：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="318"/>
        <source>None (offline)</source>
        <translation>无底图（离线）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="318"/>
        <source>Tianditu (天地图)</source>
        <translation>天地图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="319"/>
        <source>OpenStreetMap</source>
        <translation>OpenStreetMap</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="319"/>
        <source>Tile URL…</source>
        <translation>自定义瓦片 URL…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="323"/>
        <source>Tianditu key (tk)</source>
        <translation>天地图密钥（tk）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="330"/>
        <source>Base map:</source>
        <translation>底图：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="338"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="341"/>
        <source>Output file:</source>
        <translation>输出文件：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="349"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="369"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="371"/>
        <source>Show the exported map in the app</source>
        <translation>在软件内查看导出的地图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="372"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="375"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="412"/>
        <source>No CRS or no features: cannot be drawn on the web map</source>
        <translation>无坐标系或无要素：无法在网页地图上显示</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="462"/>
        <source>Popup fields — %1</source>
        <translation>弹窗字段 — %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="564"/>
        <source>No base map: the file makes no request to any other host and works on an intranet.</source>
        <translation>无底图：文件不向任何其他主机发出请求，政务内网可用。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="565"/>
        <source>Tianditu (CGCS2000 ≈ WGS84, survey data sits right on it) needs a key from console.tianditu.gov.cn and Internet access where the map is opened.</source>
        <translation>天地图（CGCS2000 ≈ WGS84，测绘数据可直接叠加）需要在 console.tianditu.gov.cn 申请的密钥，且打开地图的电脑需能访问互联网。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="567"/>
        <source>OpenStreetMap tiles need Internet access where the map is opened.</source>
        <translation>OpenStreetMap 瓦片需要打开地图的电脑能访问互联网。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="568"/>
        <source>A tile URL with {z}/{x}/{y}. Gaode, Tencent and Baidu tiles use GCJ-02/BD-09 and appear offset from survey data by hundreds of metres: the page then shows a warning.</source>
        <translation>含 {z}/{x}/{y} 的瓦片地址。高德、腾讯、百度瓦片采用 GCJ-02/BD-09 加密坐标，与测绘数据偏移数百米：页面会显示警告。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="576"/>
        <source>Web map (*.html)</source>
        <translation>网页地图 (*.html)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="594"/>
        <source>Choose at least one layer.</source>
        <translation>请至少选择一个图层。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="596"/>
        <source>Choose the output file.</source>
        <translation>请选择输出文件。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="598"/>
        <source>%1 is a folder; give an .html file name.</source>
        <translation>%1 是文件夹，请给出 .html 文件名。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="600"/>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="602"/>
        <source>The Tianditu base map needs a key (tk).</source>
        <translation>天地图底图需要密钥（tk）。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="604"/>
        <source>Enter the tile URL.</source>
        <translation>请输入瓦片 URL。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="630"/>
        <source>%1 exists. Replace it?</source>
        <translation>%1 已存在，是否替换？</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="637"/>
        <source>Exporting %1 layer(s) to %2 …</source>
        <translation>正在导出 %1 个图层到 %2 …</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="649"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="659"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>已取消导出，未写出任何文件。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="694"/>
        <source>Exported %1 (%2 MB, %3 layer(s)) in %4 s.</source>
        <translation>已导出 %1（%2 MB，%3 个图层），用时 %4 秒。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="704"/>
        <source>Press Preview to look at it in the app.</source>
        <translation>点击“预览”可在软件内查看。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="717"/>
        <source>The web map was not written: %1</source>
        <translation>网页地图未写出：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="733"/>
        <source>The in-app preview is not available (%1); open %2 in a web browser.</source>
        <translation>程序内预览不可用（%1）；请用网页浏览器打开 %2。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_dialog.py" line="740"/>
        <source>Still exporting — please wait.</source>
        <translation>正在导出，请稍候。</translation>
    </message>
    <message>
        <source>Idle-land status (闲置土地)</source>
        <translation>闲置土地状态</translation>
    </message>
    <message>
        <source>Per-mu grade (亩均等级)</source>
        <translation>亩均等级</translation>
    </message>
</context>
<context>
    <name>WebMapPreview</name>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="95"/>
        <source>Web Map Preview</source>
        <extracomment>where a link would have navigated to (opened externally instead); tests read it</extracomment>
        <translation>网页地图预览</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="113"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="117"/>
        <source>&amp;Reload</source>
        <translation>重新加载(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="119"/>
        <source>Load the file again (after a new export)</source>
        <translation>重新加载文件（重新导出后）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="121"/>
        <source>Open in &amp;Browser</source>
        <translation>在浏览器中打开(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="122"/>
        <source>Open the file in the system web browser</source>
        <translation>用系统浏览器打开该文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="124"/>
        <source>Show in &amp;Folder</source>
        <translation>打开所在文件夹(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="125"/>
        <source>Open the folder that holds the file</source>
        <translation>打开文件所在的文件夹</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="152"/>
        <source>Web Map Preview — %1</source>
        <translation>网页地图预览 — %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="154"/>
        <source>%1 (%2 MB)</source>
        <translation>%1（%2 MB）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="177"/>
        <source>Loaded in %1 s</source>
        <translation>加载用时 %1 秒</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/webmap_preview.py" line="180"/>
        <source>The page could not be loaded</source>
        <translation>页面无法加载</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="95"/>
        <source>parkgis Industrial Park Planning</source>
        <extracomment>fields holding 用地用海 / land-use codes, in order of preference</extracomment>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="97"/>
        <source>Open a project or add layers to start</source>
        <translation>打开项目或添加图层开始</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="103"/>
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="104"/>
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="105"/>
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="114"/>
        <source>Recent projects</source>
        <translation>最近项目</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="39"/>
        <source>Recover unsaved edits</source>
        <translation>恢复未保存的编辑</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="42"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="42"/>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="42"/>
        <source>changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="46"/>
        <source>Recovered edits are not saved yet: look at them, then save. Edits of features changed by someone else since are listed and left out.</source>
        <translation>恢复的编辑尚未保存：请查看后再保存。此后已被他人修改的要素会列出并略去。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="48"/>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="49"/>
        <source>Discard them</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="50"/>
        <source>Decide later</source>
        <translation>稍后决定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="40"/>
        <source>%1 edit(s) of a session that ended without saving (a crash or a power cut) were found. Recover them?</source>
        <translation>发现 %1 处上次未保存就中断（崩溃或断电）的编辑。是否恢复？</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="80"/>
        <source>merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="80"/>
        <source>Cannot merge: %1</source>
        <translation>无法合并：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="80"/>
        <source>(%1 mu)</source>
        <translation>（%1 亩）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="80"/>
        <source>Merged: %1 mu against the version both started from</source>
        <translation>合并结果：相对双方共同的原版本 %1 亩</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="80"/>
        <source>check: %1 (%2) %3 m²</source>
        <translation>审查：%1（%2）%3 平方米</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="80"/>
        <source>check: no conflict with the control lines</source>
        <translation>审查：与管控线无冲突</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="59"/>
        <source>Someone else changed the same features</source>
        <translation>他人修改了相同的要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="92"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="94"/>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="98"/>
        <source>unchanged</source>
        <translation>未改动</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="66"/>
        <source>Feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="66"/>
        <source>Theirs</source>
        <translation>对方的版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="66"/>
        <source>Mine</source>
        <translation>我的版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="67"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="76"/>
        <source>theirs</source>
        <translation>对方的</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="77"/>
        <source>mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="97"/>
        <source>geometry</source>
        <translation>几何</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="61"/>
        <source>Layer %1: these features were changed by another user or program since you started editing them. Nothing was saved. Choose for each one.</source>
        <translation>图层 %1：自您开始编辑以来，这些要素已被其他用户或程序修改。尚未保存任何内容。请逐个选择。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Each map shows one version filled; the dashed line is the original boundary (原始); red: the part that conflicts with 三区三线. All maps show the same ground.</source>
        <translation>每幅图填色显示一个版本；虚线为原始边界；红色为与三区三线冲突的部分。各图显示同一范围。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Original</source>
        <translation>原始</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Merged</source>
        <translation>合并结果</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Keep theirs</source>
        <translation>保留对方</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Save with these choices</source>
        <translation>按所选保存</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Cancel (save nothing)</source>
        <translation>取消（不保存）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Feature %1: the versions side by side</source>
        <translation>要素 %1：各版本对照</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>no merge was proposed</source>
        <translation>没有可合并的方案</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Original (what you started from)</source>
        <translation>原始（您开始编辑时的版本）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Theirs (saved by someone else)</source>
        <translation>对方（他人已保存）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Mine (not saved)</source>
        <translation>我的（未保存）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Merged result</source>
        <translation>合并结果</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>by %1 at %2</source>
        <translation>由 %1 于 %2 保存</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>deleted in this version</source>
        <translation>此版本中已删除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Area: %1 m² (%2 mu)</source>
        <translation>面积：%1 平方米（%2 亩）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Change against the original: %1 mu</source>
        <translation>较原始增减：%1 亩</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Area that differs from the original: %1 mu</source>
        <translation>与原始不重合的面积：%1 亩</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>三区三线: not checked</source>
        <translation>三区三线：未审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>三区三线: %1</source>
        <translation>三区三线：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>三区三线: compliant</source>
        <translation>三区三线：符合</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source> mu</source>
        <translation> 亩</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Other checks: %1</source>
        <translation>其他审查：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>in the ecological red line</source>
        <translation>占用生态保护红线</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>in permanent farmland</source>
        <translation>占用永久基本农田</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>outside the urban development boundary</source>
        <translation>位于城镇开发边界外</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>outside the park</source>
        <translation>位于园区四至范围外</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>overlaps other parcels</source>
        <translation>与其他地块重叠</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>invalid geometry</source>
        <translation>地块图形无效</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>No attribute was changed on either side</source>
        <translation>双方均未修改属性</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>changed on both sides to different values</source>
        <translation>双方改成了不同的值</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Change: — (the others are compared with it)</source>
        <translation>增减：—（其他版本与之对比）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Drop your change of this feature and take the saved version</source>
        <translation>放弃我对此要素的修改，采用已保存的版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Save your version over the other one</source>
        <translation>用我的版本覆盖对方的版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/edit_dialogs.py" line="1"/>
        <source>Save the merged result: both changes</source>
        <translation>保存合并结果：双方的修改都保留</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="41"/>
        <source>Select one feature to see its history</source>
        <translation>选择一个要素以查看其历史</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="52"/>
        <source>Restore this version</source>
        <translation>恢复此版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="44"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="44"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="44"/>
        <source>Who</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="45"/>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="45"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="114"/>
        <source>The feature was deleted at this version.</source>
        <translation>该要素在此版本中被删除。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="69"/>
        <source>as first stored</source>
        <translation>最初存储</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="69"/>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="69"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="70"/>
        <source>geometry changed</source>
        <translation>几何已修改</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="70"/>
        <source>attributes changed</source>
        <translation>属性已修改</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="71"/>
        <source>geometry and attributes changed</source>
        <translation>几何和属性已修改</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="71"/>
        <source>restored</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="132"/>
        <source>Version %1 restored; it is saved with the project (Ctrl+Z undoes it)</source>
        <translation>已恢复第 %1 版；随项目一起保存（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="90"/>
        <source>%1 · feature %2: %3 version(s)</source>
        <translation>%1 · 要素 %2：共 %3 个版本</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="1"/>
        <source>The current version.</source>
        <translation>当前版本。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="1"/>
        <source>Same attributes as the current version.</source>
        <translation>属性与当前版本相同。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/history_panel.py" line="1"/>
        <source>Differs from the current version: %1</source>
        <translation>与当前版本不同：%1</translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message>
        <source>No edits to save</source>
        <translation>没有需要保存的编辑</translation>
    </message>
    <message>
        <source>Select at least two features of the current layer to merge</source>
        <translation>请至少选中当前图层的两个要素再合并</translation>
    </message>
    <message>
        <source>Merge Features</source>
        <translation>合并要素</translation>
    </message>
    <message>
        <source>Keep the attributes of:</source>
        <translation>保留以下要素的属性：</translation>
    </message>
    <message>
        <source>Select the features to copy</source>
        <translation>请先选中要复制的要素</translation>
    </message>
    <message>
        <source>Nothing copied</source>
        <translation>尚未复制要素</translation>
    </message>
    <message>
        <source>Select features of the current layer first</source>
        <translation>请先选中当前图层的要素</translation>
    </message>
    <message>
        <source>Snapping on</source>
        <translation>捕捉已开启</translation>
    </message>
    <message>
        <source>Snapping off</source>
        <translation>捕捉已关闭</translation>
    </message>
    <message>
        <source>Saving the edits failed</source>
        <translation>保存编辑失败</translation>
    </message>
    <message>
        <source>The edits of %1 were discarded</source>
        <translation>已放弃 %1 的编辑</translation>
    </message>
    <message>
        <source>%1 feature(s) copied</source>
        <translation>已复制 %1 个要素</translation>
    </message>
    <message>
        <source>Editing layer %1</source>
        <translation>正在编辑图层 %1</translation>
    </message>
    <message>
        <source>%1 feature(s) saved in %2</source>
        <translation>已在 %2 中保存 %1 个要素</translation>
    </message>
    <message>
        <source>%1 feature(s) pasted into %2</source>
        <translation>已向 %2 粘贴 %1 个要素</translation>
    </message>
</context>
<context>
    <name>UndoHistoryPanel</name>
    <message>
        <source>&lt;original state&gt;</source>
        <translation>&lt;初始状态&gt;</translation>
    </message>
</context>
<context>
    <name>LiveFeedbackPanel</name>
    <message>
        <source>Drag a vertex or draw a polygon to see its compliance</source>
        <translation>拖动节点或绘制面，即可看到其合规情况</translation>
    </message>
    <message>
        <source>Change (m²)</source>
        <translation>变化（m²）</translation>
    </message>
    <message>
        <source>Against the feature as it was before this drag</source>
        <translation>与本次拖动前的要素相比</translation>
    </message>
    <message>
        <source>Area change:</source>
        <translation>面积变化：</translation>
    </message>
    <message>
        <source>before: {}</source>
        <translation>编辑前：{}</translation>
    </message>
    <message>
        <source>Area (planar):</source>
        <translation>面积（平面）：</translation>
    </message>
    <message>
        <source>Area (ellipsoidal):</source>
        <translation>面积（椭球）：</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Area (m²)</source>
        <translation>面积（m²）</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
</context>
<context>
    <name>PreciseInputDialog</name>
    <message>
        <source>Add Point</source>
        <translation>添加点</translation>
    </message>
    <message>
        <source>Remove Last Point</source>
        <translation>删除最后一点</translation>
    </message>
    <message>
        <source>Typed Points</source>
        <translation>逐点输入</translation>
    </message>
    <message>
        <source>Point List</source>
        <translation>界址点列表</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>parcel number or position (empty: the only parcel)</source>
        <translation>地块编号或序号（留空：文件中唯一的地块）</translation>
    </message>
    <message>
        <source>Coordinate File</source>
        <translation>坐标文件</translation>
    </message>
    <message>
        <source>Create Feature</source>
        <translation>创建要素</translation>
    </message>
    <message>
        <source>Coordinate files (*.txt);;All files (*)</source>
        <translation>坐标文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>One point at a time: X (north) then Y (east), zone prefix allowed; or longitude, latitude; or distance and bearing from the last point (D=25.5 A=135°30')</source>
        <translation>逐点输入：先 X（北）后 Y（东），可带带号；或经度、纬度；或自上一点起的距离和方位角（D=25.5 A=135°30'）</translation>
    </message>
    <message>
        <source>Paste the boundary points, one a line: name, X (north), Y (east)</source>
        <translation>粘贴界址点，每行一个：点号、X（北）、Y（东）</translation>
    </message>
    <message>
        <source>A parcel of a ministry coordinate TXT file (部标坐标文件)</source>
        <translation>部标坐标 TXT 文件中的一个地块</translation>
    </message>
    <message>
        <source>Coordinate Input — %1</source>
        <translation>坐标输入 — %1</translation>
    </message>
    <message>
        <source>Feature #%1 added: %2 m²</source>
        <translation>已添加要素 #%1：%2 m²</translation>
    </message>
</context>
<context>
    <name>ValidationListDialog</name>
    <message>
        <source>Repair</source>
        <translation>修复</translation>
    </message>
    <message>
        <source>Check Again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Save Anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>No problem found: the edits can be saved</source>
        <translation>未发现问题：可以保存编辑</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Check Before Saving — %1</source>
        <translation>保存前检查 — %1</translation>
    </message>
    <message>
        <source>%1 problem(s) found: click one to see it on the map, repair it, or save anyway (the features are saved flagged)</source>
        <translation>发现 %1 个问题：点击可在地图上查看，可修复，或仍然保存（要素将带标记保存）</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About parkgis</source>
        <translation>关于 parkgis</translation>
    </message>
    <message>
        <source>desktop bundle</source>
        <translation>桌面安装包</translation>
    </message>
    <message>
        <source>installed package</source>
        <translation>已安装的软件包</translation>
    </message>
    <message>
        <source>source checkout</source>
        <translation>源代码</translation>
    </message>
    <message>
        <source>Build: %1</source>
        <translation>版本类型：%1</translation>
    </message>
    <message>
        <source>built %1</source>
        <translation>构建于 %1</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Copy Versions</source>
        <translation>复制版本信息</translation>
    </message>
    <message>
        <source>For a support request</source>
        <translation>用于技术支持请求</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>parkgis ships these third-party components under their licences:</source>
        <translation>parkgis 包含以下第三方组件，按各自的许可证使用：</translation>
    </message>
    <message>
        <source>Open the Licence Texts Folder</source>
        <translation>打开许可证文本文件夹</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
</context>
<context>
    <name>RegisterTableModel</name>
    <message>
        <source>Parcel No.</source>
        <translation>地块编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Area (mu)</source>
        <translation>面积（亩）</translation>
    </message>
    <message>
        <source>Agreed start</source>
        <translation>约定开工</translation>
    </message>
    <message>
        <source>Actual start</source>
        <translation>实际开工</translation>
    </message>
    <message>
        <source>Idle status</source>
        <translation>闲置状态</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>%1 days late (%2)</source>
        <translation>逾期 %1 天（%2）</translation>
    </message>
</context>
<context>
    <name>RegisterPanel</name>
    <message>
        <source>Pre-auction Check of This Parcel…</source>
        <translation>拍前体检…</translation>
    </message>
    <message>
        <source>Open the Parcel Form…</source>
        <translation>打开地块表单…</translation>
    </message>
    <message>
        <source>Search number, name, buyer …</source>
        <translation>搜索地块编号、名称、竞得人 …</translation>
    </message>
    <message>
        <source>No colouring</source>
        <translation>不着色</translation>
    </message>
    <message>
        <source>By stage</source>
        <translation>按阶段</translation>
    </message>
    <message>
        <source>By idle status</source>
        <translation>按闲置状态</translation>
    </message>
    <message>
        <source>By grade</source>
        <translation>按亩均等级</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>产业</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>闲置</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Alerts (idle or due within 30 days)</source>
        <translation>预警（闲置或 30 天内到期）</translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation>着色</translation>
    </message>
    <message>
        <source>No 标准地 register in this project: import a 台账 (parkgis parcels import)</source>
        <translation>本工程尚无标准地台账：请导入台账（parkgis parcels import）</translation>
    </message>
    <message>
        <source>%1 of %2 parcels, %3 mu</source>
        <translation>%1 / %2 块，%3 亩</translation>
    </message>
</context>
<context>
    <name>ParcelForm</name>
    <message>
        <source>e.g. 2026-11-25 or 2026年11月25日</source>
        <translation>格式如 2026-11-25 或 2026年11月25日</translation>
    </message>
    <message>
        <source>Register fields</source>
        <translation>台账字段</translation>
    </message>
    <message>
        <source>Control indicators</source>
        <translation>控制指标</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Apply changes</source>
        <translation>应用修改</translation>
    </message>
    <message>
        <source>Apply indicators</source>
        <translation>应用控制指标</translation>
    </message>
    <message>
        <source>Record stage</source>
        <translation>记录阶段</translation>
    </message>
    <message>
        <source>Next stage</source>
        <translation>下一阶段</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Correct the chosen entry</source>
        <translation>更正所选记录</translation>
    </message>
    <message>
        <source>Why the entry was wrong (required)</source>
        <translation>更正原因（必填）</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Changed (not saved yet: Save writes it to the project)</source>
        <translation>已修改（尚未保存：保存后写入工程）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>Banner / city</source>
        <translation>旗区</translation>
    </message>
    <message>
        <source>Land-use code</source>
        <translation>用地用海代码</translation>
    </message>
    <message>
        <source>Industry</source>
        <translation>产业</translation>
    </message>
    <message>
        <source>Term (years)</source>
        <translation>出让年限（年）</translation>
    </message>
    <message>
        <source>Starting price (10k yuan)</source>
        <translation>起拍价（万元）</translation>
    </message>
    <message>
        <source>Land price (10k yuan)</source>
        <translation>成交价（万元）</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>竞得人</translation>
    </message>
    <message>
        <source>Contract No.</source>
        <translation>出让合同编号</translation>
    </message>
    <message>
        <source>Agreement No.</source>
        <translation>投资建设协议编号</translation>
    </message>
    <message>
        <source>Agreed start</source>
        <translation>约定开工</translation>
    </message>
    <message>
        <source>Agreed completion</source>
        <translation>约定竣工</translation>
    </message>
    <message>
        <source>Actual start</source>
        <translation>实际开工</translation>
    </message>
    <message>
        <source>Actual completion</source>
        <translation>实际竣工</translation>
    </message>
    <message>
        <source>Committed investment (10k yuan)</source>
        <translation>承诺固定资产投资（万元）</translation>
    </message>
    <message>
        <source>Invested (10k yuan)</source>
        <translation>已完成投资（万元）</translation>
    </message>
    <message>
        <source>Developed share (0-1)</source>
        <translation>已开发面积比例（0–1）</translation>
    </message>
    <message>
        <source>Invested share (0-1)</source>
        <translation>已投资比例（0–1）</translation>
    </message>
    <message>
        <source>Suspended since</source>
        <translation>中止开发建设日期</translation>
    </message>
    <message>
        <source>Annual tax (10k yuan)</source>
        <translation>年税收（万元）</translation>
    </message>
    <message>
        <source>Annual output (10k yuan)</source>
        <translation>年产值（万元）</translation>
    </message>
    <message>
        <source>Floor area (m²)</source>
        <translation>计容建筑面积（m²）</translation>
    </message>
    <message>
        <source>Idle cause</source>
        <translation>闲置原因</translation>
    </message>
    <message>
        <source>Government delay (days)</source>
        <translation>政府原因延迟（天）</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Bound</source>
        <translation>限值</translation>
    </message>
    <message>
        <source>Upper bound</source>
        <translation>区间上限</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际值</translation>
    </message>
    <message>
        <source>Required total</source>
        <translation>按面积应达</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>mu</source>
        <translation>亩</translation>
    </message>
    <message>
        <source>Parcel %1</source>
        <translation>标准地 %1</translation>
    </message>
    <message>
        <source>range</source>
        <translation>区间</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Threshold table: %1</source>
        <translation>适用标准：%1</translation>
    </message>
    <message>
        <source>The register has no parcel %1</source>
        <translation>台账中没有地块 %1</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>不达标</translation>
    </message>
    <message>
        <source>%1 days late (%2)</source>
        <translation>逾期 %1 天（%2）</translation>
    </message>
    <message>
        <source>corrects %1: %2</source>
        <translation>更正 %1：%2</translation>
    </message>
    <message>
        <source>corrected: %1 %2 — %3</source>
        <translation>已更正为 %1 %2 — %3</translation>
    </message>
</context>
<context>
    <name>ChartFrame</name>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
</context>
<context>
    <name>DashboardWindow</name>
    <message>
        <source>No annual figures in the project: import them with the register (台账)</source>
        <translation>工程中没有年度数据：请随台账导入</translation>
    </message>
    <message>
        <source>Park Dashboard</source>
        <translation>园区看板</translation>
    </message>
    <message>
        <source>Idle area at each month end</source>
        <translation>各月末闲置土地面积</translation>
    </message>
    <message>
        <source>mu</source>
        <translation>亩</translation>
    </message>
    <message>
        <source>Parcels by stage</source>
        <translation>各阶段地块数</translation>
    </message>
    <message>
        <source>parcels</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Area by stage</source>
        <translation>各阶段面积</translation>
    </message>
    <message>
        <source>Listed, sold and started area</source>
        <translation>挂牌、出让、开工与闲置面积</translation>
    </message>
    <message>
        <source>10k yuan per mu</source>
        <translation>万元/亩</translation>
    </message>
    <message>
        <source>Year %1 </source>
        <translation>%1 年度</translation>
    </message>
    <message>
        <source>Tax per mu</source>
        <translation>亩均税收</translation>
    </message>
    <message>
        <source>Sales per mu</source>
        <translation>亩均销售收入</translation>
    </message>
    <message>
        <source>Listed</source>
        <translation>已挂牌</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已出让</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>已开工</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>闲置</translation>
    </message>
    <message>
        <source>%1 parcels in %2 parks, %3 mu · as of %4</source>
        <translation>%2 个园区 %1 块标准地，%3 亩 · 截至 %4</translation>
    </message>
</context>
<context>
    <name>PrecheckActions</name>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Pre-auction &amp;Check…</source>
        <translation>拍前体检(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>拍前体检: can the selected 标准地 parcel be sold? Items, verdict and dossier</source>
        <translation>拍前体检：所选标准地能否出让？逐项审查、结论与体检报告</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Pre-auction Check of All &amp;Listed Parcels…</source>
        <translation>全部挂牌地块拍前体检(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Pre-auction Check</source>
        <translation>拍前体检</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Open a project first.</source>
        <translation>请先打开工程。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Select one or more parcels (地块) on the map first.</source>
        <translation>请先在地图上选择一个或多个地块。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>The register has no parcel at 挂牌 (listed).</source>
        <translation>台账中没有处于挂牌阶段的地块。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Checking parcels…</source>
        <translation>正在体检地块…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Checking parcel {0}…</source>
        <translation>正在体检地块 {0}…</translation>
    </message>
</context>
<context>
    <name>PrecheckDialog</name>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Pre-auction Check</source>
        <translation>拍前体检</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Item</source>
        <translation>审查事项</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Reason</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Fail</source>
        <translation>不通过</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Not checkable</source>
        <translation>无法判定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Export Dossier (PDF)…</source>
        <translation>导出体检报告（PDF）…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Export Dossier (Word)…</source>
        <translation>导出体检报告（Word）…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Word (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/precheck_dialog.py" line="1"/>
        <source>Export Dossier</source>
        <translation>导出体检报告</translation>
    </message>
</context>
<context>
    <name>TeamWatch</name>
    <message>
        <location filename="../../parkgis/gui/team_watch.py" line="1"/>
        <source>a program outside parkgis</source>
        <translation>parkgis 以外的程序</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/team_watch.py" line="1"/>
        <source>%1 #%2 (by %3)</source>
        <translation>%1 #%2（%3 修改）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/team_watch.py" line="1"/>
        <source>Someone else changed features you are editing: %1 — saving will ask how to combine the versions</source>
        <translation>他人已修改您正在编辑的要素：%1——保存时将询问如何处理各版本</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Add Connection Profile</source>
        <translation>添加连接配置</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>e.g. 城区</source>
        <translation>例如 城区</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>(default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>only to test, or to keep in the keyring</source>
        <translation>仅用于测试连接，或存入系统钥匙串</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Keep the password in the system keyring</source>
        <translation>将密码保存到系统钥匙串</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Schema</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>SSL mode</source>
        <translation>SSL 模式</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Test Connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Connection failed: %1</source>
        <translation>连接失败：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Connected: a parkgis project with %1 layers (%2)</source>
        <translation>连接成功：parkgis 项目，含 %1 个图层（%2）</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Connect to Team Database</source>
        <translation>连接团队数据库</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>Saved connections (no password is stored in them):</source>
        <translation>已保存的连接（其中不保存密码）：</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/connection_dialog.py" line="1"/>
        <source>File: %1</source>
        <translation>文件：%1</translation>
    </message>
</context>
</TS>
