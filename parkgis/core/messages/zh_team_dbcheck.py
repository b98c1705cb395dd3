"""Chinese of the messages of the conflict check inside PostGIS (``parkgis.core.store.postgis_check``,
``parkgis check --in-database``)."""

MESSAGES: list[tuple[str, str]] = [
    ("--changed-since and --chunk go with --in-database", "--changed-since 和 --chunk 须与 --in-database 一起使用"),
    ("--in-database checks a team-database project: give its postgresql://… URL",
     "--in-database 审查团队数据库中的项目：请给出其 postgresql://… 连接地址"),
    ("--chunk must be a whole number ≥ 1", "--chunk 须为不小于 1 的整数"),
    ("{url}: the check inside the database takes one parcel layer; this project has {count} ({names}): check "
     "without --in-database, or give the other layers another role",
     "{url}：数据库内审查只能审查一个地块图层；该项目有 {count} 个（{names}）：请不加 --in-database 审查，"
     "或将其他图层设为其他角色"),
    ("--changed-since {since}: neither a commit id of {url} nor a date/time (2026-12-04 or 2026-12-04T10:00)",
     "--changed-since {since}：既不是 {url} 的提交编号，也不是日期时间（如 2026-12-04 或 2026-12-04T10:00）"),
    ("the parcels layer holds no polygons", "地块图层中没有面要素"),
]
