"""Chinese of the core messages of editing: edit sessions, the crash journal, the store's commits,
feature history and restore (``parkgis.core.editing``, ``parkgis.core.store``)."""

MESSAGES: list[tuple[str, str]] = [
    # ---------------------------------------------------------------- editing/journal.py
    ("the crash journal is damaged at line {line}", "崩溃恢复日志在第 {line} 行损坏"),
    ("the crash journal cannot be created ({error}); edits are refused so that none can be lost — check the "
     "folder's permissions and free space",
     "无法创建崩溃恢复日志（{error}）；为避免丢失编辑，编辑已被拒绝——请检查文件夹权限和剩余空间"),
    ("the change could not be journalled ({error}); it was not made — free disk space and try again",
     "修改无法写入恢复日志（{error}），未执行——请释放磁盘空间后重试"),
    # ---------------------------------------------------------------- editing/session.py
    ("feature {fid} of layer {layer} has no change in this session", "图层 {layer} 的要素 {fid} 在本次编辑中没有修改"),
    ("choose 'theirs' or 'mine', not {choice}", "请选择 'theirs'（保留对方）或 'mine'（使用我的），而不是 {choice}"),
    ("the edit session of layer {layer} has uncommitted changes: commit or roll back first",
     "图层 {layer} 的编辑尚未提交：请先提交或回滚"),
    ("the edit session of layer {layer} is closed", "图层 {layer} 的编辑会话已关闭"),
    ("layer {layer} has no feature with fid {fid}", "图层 {layer} 中没有要素 {fid}"),
    ("layer {layer}: the geometry cannot be read ({error})", "图层 {layer}：无法读取几何（{error}）"),
    ("layer {layer}: {kind} is not a geometry", "图层 {layer}：{kind} 不是几何对象"),
    ("layer {layer} holds {types} geometries; a {kind} does not fit", "图层 {layer} 存放 {types} 几何，{kind} 与之不符"),
    ("{where}: no attribute column {column}", "{where}：没有属性字段 {column}"),
    ("layer {layer}, feature {fid}", "图层 {layer}，要素 {fid}"),
    # ---------------------------------------------------------------- project.py
    ("the project has no file yet: save it first", "项目尚未保存为文件：请先保存"),
    ("the project tables cannot be read ({error})", "无法读取项目表（{error}）"),
    ("the file was changed by another program or user since it was opened; saving would overwrite their changes "
     "— reopen the project, or Save As to another file",
     "自打开以来，文件已被其他程序或用户修改；保存将覆盖他们的修改——请重新打开项目，或另存为其他文件"),
    ("saving failed while writing the project tables: {error}; the file is unchanged",
     "保存失败（写入项目表时出错：{error}）；文件未改动"),
    ("feature {fid} of layer {layer} has no version {version}; versions: {versions}",
     "图层 {layer} 的要素 {fid} 没有第 {version} 版；现有版本：{versions}"),
    ("layer {layer} has uncommitted edits: commit or roll back before restoring",
     "图层 {layer} 有未提交的编辑：恢复前请先提交或回滚"),
    ("the project has no layer with id {layer_id}", "项目中没有标识为 {layer_id} 的图层"),
    # ---------------------------------------------------------------- store/*.py
    ("commit failed while {stage}: {why}", "提交失败（{stage}时）：{why}"),
    ("taking the write lock", "获取写锁"),
    ("checking feature versions", "检查要素版本"),
    ("writing features", "写入要素"),
    ("writing the audit", "写入审计记录"),
    ("updating the layer extent", "更新图层范围"),
    ("committing", "提交事务"),
    ("reserving feature ids", "预留要素编号"),
    ("another program is writing the project (waited {seconds} s); nothing was written, try again",
     "另一个程序正在写入项目（已等待 {seconds} 秒）；未写入任何内容，请重试"),
    ("the file is read-only; nothing was written (Save As to a folder you can write)",
     "文件为只读；未写入任何内容（请另存到可写的文件夹）"),
    ("the disk is full or failed ({error}); nothing was written, the file is intact",
     "磁盘已满或出错（{error}）；未写入任何内容，文件完好"),
    ("{error}; nothing was written, the file is intact", "{error}；未写入任何内容，文件完好"),
    ("the project file no longer exists (moved or deleted?); save it again", "项目文件已不存在（被移动或删除？）；请重新保存"),
    ("the file has no layer with id {layer_id}; save the project first", "文件中没有标识为 {layer_id} 的图层；请先保存项目"),
    ("cannot be opened: {error}", "无法打开：{error}"),
    ("conflict: feature(s) {fids} were changed by someone else since this session read them; nothing was "
     "committed — choose per feature: keep theirs or overwrite with mine",
     "冲突：要素 {fids} 在本次编辑读取后已被他人修改；未提交任何内容——请逐个要素选择：保留对方的版本，或用我的版本覆盖"),
]
