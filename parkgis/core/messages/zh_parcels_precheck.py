"""Chinese of the 拍前体检 messages (``parkgis/core/parcels/precheck.py``, the dossier renderers in
``parkgis/core/report/dossier*.py`` and the ``parkgis precheck`` command; see ``parkgis.core.messages``)."""

MESSAGES: list[tuple[str, str]] = [
    ("no parcel with 地块编号 {id} on the map (e.g. {known})", "图上没有地块编号为 {id} 的地块（例如 {known}）"),
    ("parcel {id} has no geometry", "地块 {id} 没有图形"),
    ("no Chinese font to embed in the PDF: install fonts-noto-cjk (Debian) or use the desktop bundle",
     "没有可嵌入 PDF 的中文字体：请安装 fonts-noto-cjk（Debian）或使用桌面安装包"),
    ("-o {out}: the dossier is written as .pdf, .docx, .html or .xlsx, or into a folder (DIR/)",
     "-o {out}：体检材料只能写为 .pdf、.docx、.html 或 .xlsx，或写入文件夹（目录/）"),
    ("--area-tolerance is a share between 0 and 1, e.g. 0.0005 for 0.05 %",
     "--area-tolerance 是 0 到 1 之间的比例，例如 0.05 % 写作 0.0005"),
]
