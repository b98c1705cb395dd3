<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own strings that Qt's qtbase_zh_CN.qm lacks: Qt 6 gave these file-dialog labels accelerators
     ("&Look in:", "Files of &type:"), and the catalogue still has only the old texts. Loaded after
     qtbase_zh_CN by parkgis.gui.i18n.install_translators; compile with pyside6-lrelease. -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
</TS>
