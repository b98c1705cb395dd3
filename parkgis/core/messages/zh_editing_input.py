"""Chinese of the core messages of the editing aids: snapping (``parkgis.core.editing.snapping``),
the live compliance check (``editing.live``) and typed coordinates (``editing.coordinate_input``)."""

MESSAGES: list[tuple[str, str]] = [
    # ---------------------------------------------------------------- editing/snapping.py
    ("vertex · {layer} fid {fid}", "顶点 · {layer} fid {fid}"),
    ("segment · {layer} fid {fid}", "线段 · {layer} fid {fid}"),
    ("intersection · {layer} fid {fid} × {other} fid {other_fid}", "交点 · {layer} fid {fid} × {other} fid {other_fid}"),
    ("unknown snapping kind(s) {kinds}; use vertex, segment or intersection",
     "未知的捕捉类型 {kinds}；可用：vertex（顶点）、segment（线段）、intersection（交点）"),
    ("choose at least one layer to snap to", "请至少选择一个捕捉图层"),
    # ---------------------------------------------------------------- editing/live.py, analysis/engine.py
    ("the live check has been closed", "实时合规检查已关闭"),
    ("the check already has a parcel with fid {fid}", "审查中已有要素编号为 {fid} 的地块"),
]
