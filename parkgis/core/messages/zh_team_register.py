"""Chinese of the messages of the 标准地 register in a team database (``parkgis.core.store.postgis``'s
attribute tables, ``RegisterSession`` committing there). Before ``zh_team``: its "permission denied: {error}"
would swallow the longer one here (first match wins)."""

MESSAGES: list[tuple[str, str]] = [
    ("permission denied: {error}; the register's tables must be created or upgraded by the schema's owner "
     "(publish the project with its register)",
     "权限不足：{error}；标准地台账的数据表须由该模式的所有者创建或升级（请连同台账一起发布项目）"),
    ("the register table has no fid column (or one named parkgis_version)",
     "台账数据表没有 fid 列（或含有名为 parkgis_version 的列）"),
]
