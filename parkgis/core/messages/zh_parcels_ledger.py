"""Chinese of the 台账 import/export messages (``parkgis/core/parcels/ledger.py``) and of ``parkgis parcels
import|export`` (see ``parkgis.core.messages``)."""

MESSAGES: list[tuple[str, str]] = [
    # where a problem lies
    ("{sheet} row {row}, column {column}: {message}", "{sheet} 第 {row} 行 {column} 列：{message}"),
    ("{sheet} row {row}: {message}", "{sheet} 第 {row} 行：{message}"),
    ("{sheet}, column {column}: {message}", "{sheet} {column} 列：{message}"),
    # cells
    ("{value} is not a number", "{value} 不是数字"),
    ("{value} is not a whole number", "{value} 不是整数"),
    ("{value} is not a year", "{value} 不是年份"),
    ("{value} is not 是 or 否", "{value} 不是“是”或“否”"),
    ("the share {value} lies outside 0–1 (write 35 % as 0.35 or 35%)",
     "比例 {value} 不在 0–1 之间（35 % 写作 0.35 或 35%）"),
    ("{value} is not a stage: use one of {stages}", "{value} 不是生命周期阶段：可用 {stages}"),
    ("{item} is not an item of {what}: use {items}", "{item} 不是{what}的项目：可用 {items}"),
    ("{value} is negative", "{value} 为负数"),
    ("a correction needs its reason (更正原因)", "更正须写明更正原因"),
    ("the column is missing", "缺少此列"),
    ("the column appears twice (also as {other})", "此列重复（另见 {other} 列）"),
    ("not a column of the {sheet}; ignored", "不是{sheet}的列，已忽略"),
    ("the cell is empty", "单元格为空"),
    ("the cell holds a formula without a computed value: open and save the file in Excel, or paste the values",
     "单元格是未计算出结果的公式：请在 Excel 中打开并保存此文件，或粘贴为数值"),
    # parcels
    ("the 地块编号 is empty", "地块编号为空"),
    ("{pid} names no parcel of the register nor a feature of the parcel layer",
     "{pid} 既不是登记簿中的地块，也不是地块图层中的要素"),
    ("{pid} appears twice (also in row {row})", "{pid} 重复出现（另见第 {row} 行）"),
    ("{stage} on {date} lies before the sale ({sold})", "{stage}（{date}）早于成交（{sold}）"),
    ("{stage} on {date} lies before {earlier} ({other})", "{stage}（{date}）早于{earlier}（{other}）"),
    ("{field} {date} lies before the sale (成交日期 {sold})", "{field} {date} 早于成交（成交日期 {sold}）"),
    ("{later} {date} lies before {earlier} {other}", "{later} {date} 早于{earlier} {other}"),
    ("the stage changes from {old} to {new} only with a dated event in the {sheet} (阶段 {stage}, 日期)",
     "阶段由{old}变为{new}须在{sheet}中记一条带日期的事件（阶段 {stage}、日期）"),
    ("the stage {stage} is not where the events in the {sheet} lead ({latest})",
     "阶段 {stage} 与{sheet}中的事件不符（事件所至为 {latest}）"),
    ("{layer}: its attributes are not taken as a base ({problem})", "{layer}：其属性未作为基础数据（{problem}）"),
    # events
    ("the same event as row {row}", "与第 {row} 行是同一事件"),
    ("event {id} is recorded as {stage} on {date}: an import does not change a recorded event; correct it with "
     "a new row whose 更正 is {ref}",
     "事件 {id} 已记录为 {date} {stage}：导入不修改已记录的事件；请新增一行，其“更正”填 {ref}"),
    ("event {id} ({stage} on {date}) is recorded with other 记录人/备注/原因: an import does not change a recorded "
     "event; correct it with a new row whose 更正 is {ref}",
     "事件 {id}（{date} {stage}）已记录的记录人/备注/原因与此不同：导入不修改已记录的事件；请新增一行，其“更正”填 {ref}"),
    ("{ref} names no event of parcel {pid}", "{ref} 不是地块 {pid} 的事件编号"),
    ("the row corrects itself", "此行更正的是它自己"),
    # figures
    ("the row names neither a 地块编号 nor an enterprise", "此行既无地块编号也无企业名称"),
    ("the figures of {who} for {year} appear twice (also in row {row})", "{who} {year} 年度的数据重复（另见第 {row} 行）"),
    # files
    ("not a readable XLSX workbook ({kind}: {detail})", "不是可读的 XLSX 工作簿（{kind}：{detail}）"),
    ("no sheet named {names} (the workbook has {sheets})", "没有名为 {names} 的工作表（工作簿中有 {sheets}）"),
    ("not a readable CSV file ({detail})", "不是可读的 CSV 文件（{detail}）"),
    ("a 台账 is read from .xlsx or .csv", "台账须为 .xlsx 或 .csv 文件"),
    ("{path}: a 台账 is written as .xlsx or .csv", "{path}：台账只能写为 .xlsx 或 .csv"),
    # applying (parcels/ledger_io.py) and the CLI (cli/parcels_io.py)
    ("the 台账 has problems: nothing imported", "台账有问题：未导入任何内容"),
    ("parcel {pid}: the corrections in the 事件表 correct each other in a circle", "地块 {pid}：事件表中的更正互相循环"),
    ("{count} problem(s); nothing imported", "发现 {count} 个问题；未导入任何内容"),
    ("not a parkgis project (.gpkg)", "不是 parkgis 项目（.gpkg）"),
]
