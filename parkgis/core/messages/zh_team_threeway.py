"""Chinese of the three-way comparison's reasons (``parkgis.core.editing.compare``)."""

MESSAGES: list[tuple[str, str]] = [
    ("the merged feature conflicts with 三区三线 ({label}: {merged} 亩, theirs {theirs} 亩, mine {mine} 亩)",
     "合并结果与三区三线冲突（{label}：{merged} 亩，对方版本 {theirs} 亩，我的版本 {mine} 亩）"),
    ("no merge was proposed for this feature", "该要素没有可合并的方案"),
]
