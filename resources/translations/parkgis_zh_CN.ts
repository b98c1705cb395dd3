<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <location filename="../../parkgis/gui/main_window.py" line="160" />
        <location filename="../../parkgis/gui/main_window.py" line="253" />
        <source>Layers</source>
        <extracomment>False in tests and headless runs: errors go to the status bar and ``last_error``, no modal dialog</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="182" />
        <source>Select a layer to see its source, CRS and lock state</source>
        <translation>选择图层以查看其来源、坐标系和锁定状态</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="206" />
        <source>&amp;New Project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="207" />
        <source>Create a new project file</source>
        <translation>新建一个项目文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="208" />
        <source>&amp;Open Project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="209" />
        <source>Open a project or GeoPackage</source>
        <translation>打开项目或 GeoPackage 文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="210" />
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="211" />
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="212" />
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="213" />
        <source>Save the project under another name</source>
        <translation>将项目另存为新文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="214" />
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;L)…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="215" />
        <source>Add Shapefile, GeoPackage, GeoJSON, KML, CAD or coordinate files</source>
        <translation>添加 Shapefile、GeoPackage、GeoJSON、KML、CAD 或部标坐标文件</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="216" />
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="217" />
        <source>Zoom to &amp;Full Extent</source>
        <translation>全图显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="218" />
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="219" />
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="220" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="221" />
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="222" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="223" />
        <source>Zoom to &amp;Layer</source>
        <translation>缩放至图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="224" />
        <source>Show the selected layer whole</source>
        <translation>完整显示所选图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="226" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="226" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="227" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="228" />
        <source>Zoom In</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="228" />
        <location filename="../../parkgis/gui/main_window.py" line="403" />
        <source>Add Layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="229" />
        <source>Zoom Out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="229" />
        <source>Full Extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="231" />
        <source>&amp;About parkgis</source>
        <translation>关于 parkgis(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="235" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="238" />
        <source>Open &amp;Recent</source>
        <translation>最近项目(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="247" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="251" />
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="256" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="260" />
        <location filename="../../parkgis/gui/main_window.py" line="274" />
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="290" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="305" />
        <source>Drawing failed: %1</source>
        <translation>地图绘制失败：%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="313" />
        <location filename="../../parkgis/gui/main_window.py" line="316" />
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="339" />
        <source>Opened %1: %2 layers</source>
        <translation>已打开 %1：%2 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="346" />
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="347" />
        <source>parkgis project / GeoPackage (%1);;All files (*)</source>
        <translation>parkgis 项目 / GeoPackage (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="353" />
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="353" />
        <location filename="../../parkgis/gui/main_window.py" line="385" />
        <source>untitled.gpkg</source>
        <translation>未命名项目.gpkg</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="354" />
        <location filename="../../parkgis/gui/main_window.py" line="386" />
        <source>parkgis project (%1)</source>
        <translation>parkgis 项目 (%1)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="362" />
        <source>Cannot create project</source>
        <translation>无法新建项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="375" />
        <location filename="../../parkgis/gui/main_window.py" line="394" />
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="377" />
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="385" />
        <source>Save Project As</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="404" />
        <source>Vector data (%1);;All files (*)</source>
        <translation>矢量数据 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="414" />
        <location filename="../../parkgis/gui/main_window.py" line="417" />
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="428" />
        <source>Added %1 layer(s) from %2</source>
        <translation>已从 %2 添加 %1 个图层</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="467" />
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="474" />
        <source>X (N): %1   Y (E): %2</source>
        <translation>X(北)：%1   Y(东)：%2</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="478" />
        <source>Lon %1°  Lat %2°</source>
        <translation>经度 %1°  纬度 %2°</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="483" />
        <source>Scale 1:%1</source>
        <translation>比例尺 1:%1</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="499" />
        <source>EPSG:%1  CGCS2000 GK %2° zone %3</source>
        <translation>EPSG:%1  CGCS2000 高斯-克吕格 %2度带 第%3带</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="508" />
        <source>parkgis Industrial Park Planning</source>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="512" />
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="525" />
        <source>About parkgis</source>
        <translation>关于 parkgis</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="526" />
        <source>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;Desktop GIS for industrial-park spatial planning: three zones and three lines, conflict check, standard land register.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;parkgis %1&lt;/h3&gt;&lt;p&gt;工业园区空间规划桌面 GIS：三区三线、合规性审查、标准地台账。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="76" />
        <source>parkgis Industrial Park Planning</source>
        <translation>parkgis 园区空间规划</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="78" />
        <source>Open a project or add layers to start</source>
        <translation>打开项目或添加图层开始</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="84" />
        <source>New project…</source>
        <translation>新建项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="85" />
        <source>Open project…</source>
        <translation>打开项目…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="86" />
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../../parkgis/gui/main_window.py" line="95" />
        <source>Recent projects</source>
        <translation>最近项目</translation>
    </message>
</context>
</TS>