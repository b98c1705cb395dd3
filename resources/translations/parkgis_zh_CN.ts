<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddLayerDialog</name>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="53" />
        <source>Add Layer — %1</source>
        <extracomment>encodings offered besides the detected one (the ones Chinese GIS data comes in)</extracomment>
        <translation>添加图层 — %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="63" />
        <source>As detected</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="69" />
        <source>EPSG code, e.g. 4525 (CGCS2000 GK zone 37)</source>
        <translation>EPSG 代码，如 4525（CGCS2000 高斯-克吕格 3 度带第 37 带）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="70" />
        <source>Apply CRS</source>
        <translation>应用坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="79" />
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="80" />
        <source>Role</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="84" />
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="88" />
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="90" />
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="99" />
        <source>Preview of the decoded attributes</source>
        <translation>解码后的属性预览</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="105" />
        <source>Add to project</source>
        <translation>添加到项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="179" />
        <source>chosen</source>
        <translation>用户指定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="179" />
        <source>from the .cpg file</source>
        <translation>来自 .cpg 文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="180" />
        <source>from the DBF language byte</source>
        <translation>来自 DBF 语言标识</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="180" />
        <source>detected from the text</source>
        <translation>根据文字内容检测</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="181" />
        <source>plain ASCII</source>
        <translation>纯 ASCII</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="181" />
        <source>fixed by the format</source>
        <translation>由格式规定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="182" />
        <source>UTF-8</source>
        <translation>UTF-8</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="183" />
        <source>In use: %1 (%2)</source>
        <translation>当前：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="184" />
        <source>No text encoding applies to this format</source>
        <translation>此格式不涉及文字编码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="187" />
        <source>Assumed %1: %2</source>
        <translation>推定为 %1：%2</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="191" />
        <source>No CRS: give the EPSG code of the data</source>
        <translation>无坐标系：请填写数据的 EPSG 代码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="193" />
        <source>Declared %1</source>
        <translation>文件声明 %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="196" />
        <source>Legacy datum %1: needs transformation parameters</source>
        <translation>旧坐标基准 %1：需要转换参数</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/add_layer_dialog.py" line="200" />
        <source>%1 features, %2</source>
        <translation>%1 个要素，%2</translation>
    </message>
</context>
<context>
    <name>AttributeTablePanel</name>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="259" />
        <source>Filter: text in any field</source>
        <extracomment>an edit was refused (message for the status bar)</extracomment>
        <translation>筛选：任一字段包含的文字</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="261" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="262" />
        <location filename="../../parkgis/gui/attribute_table.py" line="362" />
        <source>Edit attribute values (unlocked layers only; Ctrl+Z undoes)</source>
        <translation>编辑属性值（仅限未锁定图层；Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="265" />
        <source>Zoom to selection</source>
        <translation>缩放到所选</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="268" />
        <source>Clear selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="274" />
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="361" />
        <source>The layer is locked (read-only)</source>
        <translation>图层已锁定（只读）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/attribute_table.py" line="426" />
        <source>%1 of %2 shown, %3 selected</source>
        <translation>显示 %1 / %2 条，已选 %3 条</translation>
    </message>
</context>
<context>
    <name>CheckPanel</name>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="307" />
        <source>Run check</source>
        <extracomment>(ParcelResult, Conflict or None, the check's pyproj CRS) show (True) or hide the parcels coloured by conclusion on the map</extracomment>
        <translation>运行审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="309" />
        <source>Check every parcel against the red line, farmland, the urban development boundary, the park boundary and the other parcels</source>
        <translation>逐地块审查与生态保护红线、永久基本农田、城镇开发边界、园区四至及其他地块的关系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="311" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="314" />
        <source>All parcels</source>
        <translation>全部地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="319" />
        <location filename="../../parkgis/gui/check_panel.py" line="523" />
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="323" />
        <source>Excel register (*.xlsx)</source>
        <translation>Excel 台账 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="323" />
        <source>HTML report (*.html)</source>
        <translation>HTML 审查报告 (*.html)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="324" />
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="324" />
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="325" />
        <source>GeoPackage with conflict pieces (*.gpkg)</source>
        <translation>含冲突图斑的 GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="331" />
        <source>On map</source>
        <translation>上图显示</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="332" />
        <source>Colour the parcels on the map by conclusion</source>
        <translation>在地图上按审查结论为地块着色</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="348" />
        <location filename="../../parkgis/gui/check_panel.py" line="395" />
        <source>Open a project and run the check</source>
        <translation>打开项目后运行合规性审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="394" />
        <source>Run the check to list the parcels by status</source>
        <translation>运行审查后按结论列出地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="401" />
        <source>The layers changed after this check: run it again</source>
        <translation>审查后图层已变更，请重新运行审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="422" />
        <source>Preparing layers…</source>
        <translation>准备图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="431" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="461" />
        <source>%1 parcels</source>
        <translation>地块 %1 宗</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="467" />
        <source>CRS %1 · slivers below %2 m² or %3 m wide ignored</source>
        <translation>坐标系 %1 · 面积小于 %2 m² 或平均宽度小于 %3 m 的细碎图斑不计</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="472" />
        <source>Not checked: %1</source>
        <translation>未审查：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="482" />
        <source>Check cancelled</source>
        <translation>审查已取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="485" />
        <source>Check failed: %1</source>
        <translation>审查失败：%1</translation>
    </message>
</context>
<context>
    <name>CheckResultModel</name>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="160" />
        <source>Prohibited</source>
        <extracomment>status colours planners know from review maps: 禁止 red, 受限 orange, 合规 green report formats, as ``parkgis check --format``</extracomment>
        <translation>禁止</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="160" />
        <source>Constrained</source>
        <translation>受限</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="161" />
        <source>Compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="214" />
        <source>Parcel No.</source>
        <translation>地块编号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="214" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="214" />
        <source>Status / rule</source>
        <translation>结论 / 规则</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="214" />
        <source>Area (mu)</source>
        <translation>面积(亩)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="215" />
        <source>Conflict area (m²)</source>
        <translation>冲突面积(m²)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="251" />
        <source>%1 m² (%2 mu, %3 ha); ellipsoidal %4 m²</source>
        <translation>%1 m²（%2 亩，%3 公顷）；椭球面积 %4 m²</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="271" />
        <source>%1 m² = %2 mu = %3 ha</source>
        <translation>%1 m² = %2 亩 = %3 公顷</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="274" />
        <source>Net of field ridges: %1 m²</source>
        <translation>扣除田坎后：%1 m²</translation>
    </message>
</context>
<context>
    <name>LayerTreeModel</name>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="102" />
        <source>Layer</source>
        <extracomment>the invalid index standing for the root (a module-level default, not a call per signature) a layer was shown or hidden through the model (the canvas recomposes)</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="103" />
        <location filename="../../parkgis/gui/layer_model.py" line="156" />
        <source>Role</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="104" />
        <location filename="../../parkgis/gui/layer_model.py" line="158" />
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="105" />
        <location filename="../../parkgis/gui/layer_model.py" line="160" />
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="106" />
        <location filename="../../parkgis/gui/layer_model.py" line="161" />
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="149" />
        <location filename="../../parkgis/gui/layer_model.py" line="161" />
        <source>Locked (read-only)</source>
        <translation>已锁定（只读）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="149" />
        <location filename="../../parkgis/gui/layer_model.py" line="161" />
        <source>Editable</source>
        <translation>可编辑</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="157" />
        <source>Role from</source>
        <translation>类型依据</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="159" />
        <source>Geometry</source>
        <translation>几何类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="162" />
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="163" />
        <source>Source CRS</source>
        <translation>原始坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="164" />
        <source>CRS assumed</source>
        <translation>推定坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="165" />
        <source>Encoding</source>
        <translation>字符编码</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="167" />
        <source>Legacy datum</source>
        <translation>旧坐标系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="168" />
        <source>Approval No.</source>
        <translation>批复文号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="169" />
        <source>Data date</source>
        <translation>数据时点</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/layer_model.py" line="170" />
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="177" />
        <location filename="../../parkgis/gui/main_window.py" line="342" />
        <source>Layers</source>
        <extracomment>False in tests and headless runs: errors go to the status bar and ``last_error``, no modal dialog</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="199" />
        <source>Select a layer to see its source, CRS and lock state</source>
        <translation>选择图层以查看其来源、坐标系和锁定状态</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="212" />
        <location filename="../../parkgis/gui/main_window.py" line="281" />
        <location filename="../../parkgis/gui/main_window.py" line="349" />
        <source>Conflict Check</source>
        <translation>合规性审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="222" />
        <location filename="../../parkgis/gui/main_window.py" line="284" />
        <location filename="../../parkgis/gui/main_window.py" line="346" />
        <source>Attribute Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="230" />
        <source>Identify Results</source>
        <translation>识别结果</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="235" />
        <source>Feature / field</source>
        <translation>要素 / 字段</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="235" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="254" />
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="255" />
        <source>Create a new project file</source>
        <translation>新建一个项目文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="256" />
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="257" />
        <source>Open a project or GeoPackage</source>
        <translation>打开项目或 GeoPackage 文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="258" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="259" />
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="260" />
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="261" />
        <source>Save the project under another name</source>
        <translation>将项目另存为新文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="262" />
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="263" />
        <source>Add Shapefile, GeoPackage, GeoJSON, KML, CAD or coordinate files</source>
        <translation>添加 Shapefile、GeoPackage、GeoJSON、KML、CAD 或部标坐标文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="264" />
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="265" />
        <source>Zoom to &amp;Full Extent</source>
        <translation>全图显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="266" />
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="267" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="268" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="269" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="270" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="271" />
        <source>Zoom to &amp;Layer</source>
        <translation>缩放至图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="272" />
        <source>Show the selected layer whole</source>
        <translation>完整显示所选图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="274" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="274" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="275" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="276" />
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="276" />
        <location filename="../../parkgis/gui/main_window.py" line="538" />
        <source>Add Layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="277" />
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="277" />
        <source>Full Extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="279" />
        <source>&amp;Conflict Check</source>
        <translation>合规性审查(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="280" />
        <source>Check the parcels against the three control lines and the park</source>
        <translation>审查地块与三条控制线及园区四至的关系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="282" />
        <source>Open Attribute &amp;Table</source>
        <translation>打开属性表(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="283" />
        <source>Show the attributes of the selected layer</source>
        <translation>显示所选图层的属性</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="285" />
        <location filename="../../parkgis/gui/main_window.py" line="897" />
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="286" />
        <location filename="../../parkgis/gui/main_window.py" line="898" />
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="287" />
        <source>Zoom to &amp;Selection</source>
        <translation>缩放到所选要素(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="288" />
        <source>Show the selected features</source>
        <translation>显示所选要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="289" />
        <source>&amp;Clear Selection</source>
        <translation>清除选择(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="290" />
        <source>Deselect all features</source>
        <translation>取消选择全部要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="295" />
        <source>&amp;Pan</source>
        <translation>漫游(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="295" />
        <source>Pan</source>
        <translation>漫游</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="295" />
        <source>Drag to move the map (also middle button or Space + drag)</source>
        <translation>拖动以移动地图（也可按住鼠标中键或空格键拖动）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="297" />
        <source>Zoom &amp;Box</source>
        <translation>拉框放大(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="297" />
        <source>Zoom Box</source>
        <translation>拉框放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="298" />
        <source>Drag a box to zoom in (Shift: out)</source>
        <translation>拉框放大（按住 Shift 缩小）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="299" />
        <source>&amp;Identify Features</source>
        <translation>识别要素(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="299" />
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="300" />
        <source>Click to show the attributes of every feature under the cursor</source>
        <translation>单击显示光标处所有要素的属性</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="301" />
        <source>Se&amp;lect Features</source>
        <translation>选择要素(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="301" />
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="302" />
        <source>Click or drag a box to select (Shift adds, Ctrl toggles)</source>
        <translation>单击或拉框选择（Shift 追加，Ctrl 反选）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="303" />
        <source>Measure &amp;Distance</source>
        <translation>测量距离(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="303" />
        <source>Distance</source>
        <translation>测距</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="304" />
        <source>Click points; double-click or right-click ends; Esc clears</source>
        <translation>单击添加点，双击或右键结束，Esc 清除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="305" />
        <source>Measure &amp;Area</source>
        <translation>测量面积(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="305" />
        <source>Area</source>
        <translation>测面积</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="306" />
        <source>Click the corners; double-click or right-click ends; Esc clears</source>
        <translation>单击各拐点，双击或右键结束，Esc 清除</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="313" />
        <source>&amp;About parkgis</source>
        <translation>关于 parkgis(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="317" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="320" />
        <source>Open &amp;Recent</source>
        <translation>最近项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="329" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="335" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="340" />
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="352" />
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="353" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="359" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="363" />
        <location filename="../../parkgis/gui/main_window.py" line="388" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="379" />
        <source>Map tools</source>
        <translation>地图工具</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="404" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="431" />
        <source>Drawing failed: %1</source>
        <translation>地图绘制失败：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="439" />
        <location filename="../../parkgis/gui/main_window.py" line="442" />
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="474" />
        <source>Opened %1: %2 layers</source>
        <translation>已打开 %1：%2 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="481" />
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="482" />
        <source>parkgis project / GeoPackage (%1);;All files (*)</source>
        <translation>parkgis 项目 / GeoPackage (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="488" />
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="488" />
        <location filename="../../parkgis/gui/main_window.py" line="520" />
        <source>untitled.gpkg</source>
        <translation>未命名项目.gpkg</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="489" />
        <location filename="../../parkgis/gui/main_window.py" line="521" />
        <source>parkgis project (%1)</source>
        <translation>parkgis 项目 (%1)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="497" />
        <source>Cannot create project</source>
        <translation>无法新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="510" />
        <location filename="../../parkgis/gui/main_window.py" line="529" />
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="512" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="520" />
        <source>Save Project As</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="539" />
        <source>Vector data (%1);;All files (*)</source>
        <translation>矢量数据 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="547" />
        <location filename="../../parkgis/gui/main_window.py" line="555" />
        <location filename="../../parkgis/gui/main_window.py" line="706" />
        <location filename="../../parkgis/gui/main_window.py" line="709" />
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="567" />
        <source>Added %1 layer(s) from %2</source>
        <translation>已从 %2 添加 %1 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="588" />
        <source>Zoom to Layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="589" />
        <source>Open Attribute Table</source>
        <translation>打开属性表</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="594" />
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="594" />
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="595" />
        <source>Move to Top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="596" />
        <source>Move to Bottom</source>
        <translation>置底</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="600" />
        <source>Locked (read-only)</source>
        <translation>锁定（只读）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="604" />
        <source>Set Role</source>
        <translation>设置图层类型</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="612" />
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="614" />
        <source>Remove Layer…</source>
        <translation>移除图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="619" />
        <source>Single Colour</source>
        <translation>单一颜色</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="623" />
        <source>By Land Use (用地用海)</source>
        <translation>按用地用海分类</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="628" />
        <source>By Field</source>
        <translation>按字段分类</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="648" />
        <source>Cannot style the layer</source>
        <translation>无法设置图层样式</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="680" />
        <source>Remove Layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="681" />
        <source>Remove layer %1 from the project? It leaves the project file at the next save.</source>
        <translation>从项目中移除图层“%1”？下次保存时将从项目文件中删除。</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="767" />
        <source>%1 features</source>
        <translation>%1 个要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="778" />
        <source>row %1</source>
        <translation>第 %1 行</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="789" />
        <source>(planar area)</source>
        <translation>（平面面积）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="790" />
        <source>(ellipsoidal area)</source>
        <translation>（椭球面积）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="795" />
        <source>No feature here</source>
        <translation>此处无要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="832" />
        <source>%1 m² | %2 mu | %3 ha</source>
        <translation>%1 m² | %2 亩 | %3 公顷</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="838" />
        <source>Click on the map to start measuring</source>
        <translation>在地图上单击开始测量</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="840" />
        <source>Distance (planar): %1 m</source>
        <translation>距离（平面）：%1 m</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="841" />
        <source>Distance (ellipsoidal): %1 m</source>
        <translation>距离（椭球）：%1 m</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="842" />
        <source>Segments: %1</source>
        <translation>线段数：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="843" />
        <source>Area (planar): %1</source>
        <translation>面积（平面）：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="844" />
        <source>Area (ellipsoidal): %1</source>
        <translation>面积（椭球）：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="845" />
        <source>Perimeter: %1 m</source>
        <translation>周长：%1 m</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="863" />
        <source>%1 features selected</source>
        <translation>已选择 %1 个要素</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="897" />
        <source>&amp;Undo %1</source>
        <translation>撤销(&amp;U) %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="898" />
        <source>&amp;Redo %1</source>
        <translation>重做(&amp;R) %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="942" />
        <source>%1 m² (%2 mu)</source>
        <translation>%1 m²（%2 亩）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="968" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="975" />
        <source>X (N): %1   Y (E): %2</source>
        <translation>X(北)：%1   Y(东)：%2</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="979" />
        <source>Lon %1°  Lat %2°</source>
        <translation>经度 %1°  纬度 %2°</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="984" />
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1000" />
        <source>EPSG:%1  CGCS2000 GK %2° zone %3</source>
        <translation>EPSG:%1  CGCS2000 高斯-克吕格 %2度带 第%3带</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1009" />
        <source>parkgis Industrial Park Planning</source>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1013" />
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1030" />
        <source>About parkgis</source>
        <translation>关于 parkgis</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="1031" />
        <source>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;Desktop GIS for industrial-park spatial planning: three zones and three lines, conflict check, standard land register.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;工业园区空间规划桌面 GIS：三区三线、合规性审查、标准地台账。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="88" />
        <source>parkgis Industrial Park Planning</source>
        <extracomment>fields holding 用地用海 / land-use codes, in order of preference</extracomment>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="90" />
        <source>Open a project or add layers to start</source>
        <translation>打开项目或添加图层开始</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="96" />
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="97" />
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="98" />
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="107" />
        <source>Recent projects</source>
        <translation>最近项目</translation>
    </message>
</context>
</TS>