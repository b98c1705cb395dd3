"""Chinese of the team-database messages added with live change warnings, connection profiles,
export to a file and offline check-ins (``core.store.offline``, ``core.store.profiles``,
``core.store.listen``, ``core.store.export``)."""

MESSAGES: list[tuple[str, str]] = [
    ("the local audit of layer {layer} lacks the row of feature {fid} last checked in (audit id {audit_id}); "
     "the offline copy was altered",
     "本地审计记录中缺少图层 {layer} 要素 {fid} 上次签入时的记录（审计号 {audit_id}）；离线副本已被改动"),
    ("{path} already exists; choose a new file for the export", "{path} 已存在；请为导出选择一个新文件"),
]
