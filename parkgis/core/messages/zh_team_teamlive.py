"""Chinese of the team-database messages added with live change warnings, connection profiles,
export to a file and offline check-ins (``core.store.offline``, ``core.store.profiles``,
``core.store.listen``, ``core.store.export``)."""

MESSAGES: list[tuple[str, str]] = [
    ("the local audit of layer {layer} lacks the row of feature {fid} last checked in (audit id {audit_id}); "
     "the offline copy was altered",
     "本地审计记录中缺少图层 {layer} 要素 {fid} 上次签入时的记录（审计号 {audit_id}）；离线副本已被改动"),
    ("{path} already exists; choose a new file for the export", "{path} 已存在；请为导出选择一个新文件"),
    # ---------------------------------------------------------------- connection profiles
    ("{url}: sslmode {sslmode} is not one of {modes}", "{url}：sslmode {sslmode} 不是以下之一：{modes}"),
    ("profile name {name} is empty or has a line break or tab; give a short name such as 城区",
     "连接配置名 {name} 为空或含换行、制表符；请起一个简短的名称，例如 城区"),
    ("the connection profiles cannot be read: {error}", "无法读取连接配置：{error}"),
    ("not a parkgis connection profiles file (JSON with \"profiles\"); fix or remove it, nothing was changed",
     "不是 parkgis 连接配置文件（应为含 \"profiles\" 的 JSON）；请修正或删除该文件，未做任何更改"),
    ("no connection profile {name}; profiles: {known}", "没有连接配置 {name}；已有配置：{known}"),
    ("none saved yet (parkgis db profile add NAME URL)", "尚未保存（parkgis db profile add 名称 地址）"),
    ("no password given; none was saved", "未输入密码；未保存密码"),
    ("the URL's password was not saved (--save-password keeps it in the system keyring)",
     "地址中的密码未保存（使用 --save-password 可将其存入系统钥匙串）"),
    ("no system keyring: the keyring package is not installed (pip install keyring); the password was not saved",
     "没有系统钥匙串：未安装 keyring 包（请用 pip 安装 keyring）；密码未保存"),
    ("the system keyring has no usable backend ({kind}: {detail}); the password was not saved",
     "系统钥匙串没有可用的后端（{kind}：{detail}）；密码未保存"),
]
