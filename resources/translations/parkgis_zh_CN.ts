<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CheckPanel</name>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="295" />
        <source>Run check</source>
        <extracomment>(ParcelResult, Conflict or None, the check's pyproj CRS)</extracomment>
        <translation>运行审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="297" />
        <source>Check every parcel against the red line, farmland, the urban development boundary, the park boundary and the other parcels</source>
        <translation>逐地块审查与生态保护红线、永久基本农田、城镇开发边界、园区四至及其他地块的关系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="299" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="302" />
        <source>All parcels</source>
        <translation>全部地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="307" />
        <location filename="../../parkgis/gui/check_panel.py" line="493" />
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="311" />
        <source>Excel register (*.xlsx)</source>
        <translation>Excel 台账 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="311" />
        <source>HTML report (*.html)</source>
        <translation>HTML 审查报告 (*.html)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="312" />
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="312" />
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="313" />
        <source>GeoPackage with conflict pieces (*.gpkg)</source>
        <translation>含冲突图斑的 GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="332" />
        <location filename="../../parkgis/gui/check_panel.py" line="375" />
        <source>Open a project and run the check</source>
        <translation>打开项目后运行合规性审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="374" />
        <source>Run the check to list the parcels by status</source>
        <translation>运行审查后按结论列出地块</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="395" />
        <source>Preparing layers…</source>
        <translation>准备图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="404" />
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="431" />
        <source>%1 parcels</source>
        <translation>地块 %1 宗</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="437" />
        <source>CRS %1 · slivers below %2 m² or %3 m wide ignored</source>
        <translation>坐标系 %1 · 面积小于 %2 m² 或平均宽度小于 %3 m 的细碎图斑不计</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="442" />
        <source>Not checked: %1</source>
        <translation>未审查：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="452" />
        <source>Check cancelled</source>
        <translation>审查已取消</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="455" />
        <source>Check failed: %1</source>
        <translation>审查失败：%1</translation>
    </message>
</context>
<context>
    <name>CheckResultModel</name>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="150" />
        <source>Prohibited</source>
        <extracomment>status colours planners know from review maps: 禁止 red, 受限 orange, 合规 green report formats, as ``parkgis check --format``</extracomment>
        <translation>禁止</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="150" />
        <source>Constrained</source>
        <translation>受限</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="151" />
        <source>Compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="204" />
        <source>Parcel No.</source>
        <translation>地块编号</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="204" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="204" />
        <source>Status / rule</source>
        <translation>结论 / 规则</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="204" />
        <source>Area (mu)</source>
        <translation>面积(亩)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="205" />
        <source>Conflict area (m²)</source>
        <translation>冲突面积(m²)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="241" />
        <source>%1 m² (%2 mu, %3 ha); ellipsoidal %4 m²</source>
        <translation>%1 m²（%2 亩，%3 公顷）；椭球面积 %4 m²</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="261" />
        <source>%1 m² = %2 mu = %3 ha</source>
        <translation>%1 m² = %2 亩 = %3 公顷</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/check_panel.py" line="264" />
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
        <location filename="../../parkgis/gui/main_window.py" line="162" />
        <location filename="../../parkgis/gui/main_window.py" line="268" />
        <source>Layers</source>
        <extracomment>False in tests and headless runs: errors go to the status bar and ``last_error``, no modal dialog</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="184" />
        <source>Select a layer to see its source, CRS and lock state</source>
        <translation>选择图层以查看其来源、坐标系和锁定状态</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="197" />
        <location filename="../../parkgis/gui/main_window.py" line="245" />
        <location filename="../../parkgis/gui/main_window.py" line="272" />
        <source>Conflict Check</source>
        <translation>合规性审查</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="218" />
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="219" />
        <source>Create a new project file</source>
        <translation>新建一个项目文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="220" />
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="221" />
        <source>Open a project or GeoPackage</source>
        <translation>打开项目或 GeoPackage 文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="222" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="223" />
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="224" />
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="225" />
        <source>Save the project under another name</source>
        <translation>将项目另存为新文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="226" />
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="227" />
        <source>Add Shapefile, GeoPackage, GeoJSON, KML, CAD or coordinate files</source>
        <translation>添加 Shapefile、GeoPackage、GeoJSON、KML、CAD 或部标坐标文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="228" />
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="229" />
        <source>Zoom to &amp;Full Extent</source>
        <translation>全图显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="230" />
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="231" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="232" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="233" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="234" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="235" />
        <source>Zoom to &amp;Layer</source>
        <translation>缩放至图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="236" />
        <source>Show the selected layer whole</source>
        <translation>完整显示所选图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="238" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="238" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="239" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="240" />
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="240" />
        <location filename="../../parkgis/gui/main_window.py" line="431" />
        <source>Add Layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="241" />
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="241" />
        <source>Full Extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="243" />
        <source>&amp;Conflict Check</source>
        <translation>合规性审查(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="244" />
        <source>Check the parcels against the three control lines and the park</source>
        <translation>审查地块与三条控制线及园区四至的关系</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="246" />
        <source>&amp;About parkgis</source>
        <translation>关于 parkgis(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="250" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="253" />
        <source>Open &amp;Recent</source>
        <translation>最近项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="262" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="266" />
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="275" />
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="278" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="282" />
        <location filename="../../parkgis/gui/main_window.py" line="298" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="314" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="330" />
        <source>Drawing failed: %1</source>
        <translation>地图绘制失败：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="338" />
        <location filename="../../parkgis/gui/main_window.py" line="341" />
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="367" />
        <source>Opened %1: %2 layers</source>
        <translation>已打开 %1：%2 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="374" />
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="375" />
        <source>parkgis project / GeoPackage (%1);;All files (*)</source>
        <translation>parkgis 项目 / GeoPackage (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="381" />
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="381" />
        <location filename="../../parkgis/gui/main_window.py" line="413" />
        <source>untitled.gpkg</source>
        <translation>未命名项目.gpkg</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="382" />
        <location filename="../../parkgis/gui/main_window.py" line="414" />
        <source>parkgis project (%1)</source>
        <translation>parkgis 项目 (%1)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="390" />
        <source>Cannot create project</source>
        <translation>无法新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="403" />
        <location filename="../../parkgis/gui/main_window.py" line="422" />
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="405" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="413" />
        <source>Save Project As</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="432" />
        <source>Vector data (%1);;All files (*)</source>
        <translation>矢量数据 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="442" />
        <location filename="../../parkgis/gui/main_window.py" line="445" />
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="456" />
        <source>Added %1 layer(s) from %2</source>
        <translation>已从 %2 添加 %1 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="493" />
        <source>%1 m² (%2 mu)</source>
        <translation>%1 m²（%2 亩）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="519" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="526" />
        <source>X (N): %1   Y (E): %2</source>
        <translation>X(北)：%1   Y(东)：%2</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="530" />
        <source>Lon %1°  Lat %2°</source>
        <translation>经度 %1°  纬度 %2°</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="535" />
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="551" />
        <source>EPSG:%1  CGCS2000 GK %2° zone %3</source>
        <translation>EPSG:%1  CGCS2000 高斯-克吕格 %2度带 第%3带</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="560" />
        <source>parkgis Industrial Park Planning</source>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="564" />
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="577" />
        <source>About parkgis</source>
        <translation>关于 parkgis</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="578" />
        <source>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;Desktop GIS for industrial-park spatial planning: three zones and three lines, conflict check, standard land register.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;工业园区空间规划桌面 GIS：三区三线、合规性审查、标准地台账。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="77" />
        <source>parkgis Industrial Park Planning</source>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="79" />
        <source>Open a project or add layers to start</source>
        <translation>打开项目或添加图层开始</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="85" />
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="86" />
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="87" />
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="96" />
        <source>Recent projects</source>
        <translation>最近项目</translation>
    </message>
</context>
</TS>