"""Chinese of the 标准地 register's messages (``parkgis/core/parcels``: dates, register storage, the lifecycle)
and of the ``parkgis parcels list|set|stage`` command (see ``parkgis.core.messages``)."""

MESSAGES: list[tuple[str, str]] = [
    # ------------------------------------------------------------------ dates (parcels/dates.py)
    ("{text} is not a date: there is no month {month}", "{text} 不是有效日期：没有 {month} 月"),
    ("{text} is not a date: month {month} of {year} has {last} days",
     "{text} 不是有效日期：{year} 年 {month} 月只有 {last} 天"),
    ("{serial} is not a date: as an Excel day number it lies outside 1900-03-01 to 2199-12-31",
     "{serial} 不是有效日期：作为 Excel 日期序号，它不在 1900-03-01 至 2199-12-31 之间"),
    ("{text} is not a date: write it as 2026-11-25, 2026/11/25 or 2026年11月25日",
     "{text} 不是有效日期：请写作 2026-11-25、2026/11/25 或 2026年11月25日"),
    ("{value} is not a date", "{value} 不是有效日期"),
    ("the date is empty", "日期为空"),
]
