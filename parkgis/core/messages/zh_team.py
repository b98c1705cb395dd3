"""Chinese of the team-database messages (``parkgis.core.store.postgis``, ``Project.open_database``)."""

MESSAGES: list[tuple[str, str]] = [
    # ---------------------------------------------------------------- connecting
    ("the team database needs psycopg 3: pip install 'parkgis[team]' (or pip install 'psycopg[binary]')",
     "团队数据库需要 psycopg 3：pip install 'parkgis[team]'（或 pip install 'psycopg[binary]'）"),
    ("not a database URL: {url} (postgresql://USER@HOST:PORT/DB?schema=S)",
     "不是数据库连接地址：{url}（格式 postgresql://用户@主机:端口/数据库?schema=模式）"),
    ("{url}: the port is not a number", "{url}：端口不是数字"),
    ("{url}: the URL names no database (postgresql://USER@HOST:PORT/DB)",
     "{url}：地址中没有数据库名（postgresql://用户@主机:端口/数据库）"),
    ("{url}: schema {schema} is not a plain SQL name (letters, digits, _)",
     "{url}：模式名 {schema} 不是简单的 SQL 名称（只能含字母、数字和下划线）"),
    ("schema {schema} is not a plain SQL name (letters, digits, _)",
     "模式名 {schema} 不是简单的 SQL 名称（只能含字母、数字和下划线）"),
    ("the server asks for a password: set PGPASSWORD, add a .pgpass entry or store it in the system keyring "
     "(service parkgis)",
     "服务器要求密码：请设置 PGPASSWORD、在 .pgpass 中添加条目，或存入系统钥匙串（服务名 parkgis）"),
    ("wrong password for user {user}, or no such user", "用户 {user} 的密码错误，或没有该用户"),
    ("the server has no database {database}", "服务器上没有数据库 {database}"),
    ("cannot reach the database server at {host}:{port} (not running, or a firewall); your local work is kept",
     "无法连接数据库服务器 {host}:{port}（服务未运行或被防火墙阻挡）；本地工作已保留"),
    ("the server does not accept this user from this machine (pg_hba.conf)",
     "服务器不接受该用户从本机连接（pg_hba.conf）"),
    ("the database refused the connection: {error}", "数据库拒绝连接：{error}"),
    # ---------------------------------------------------------------- opening a project
    ("the database has no schema {schema} (publish a project there with parkgis db publish)",
     "数据库中没有模式 {schema}（请先用 parkgis 的 db publish 命令发布项目）"),
    ("schema {schema} is not a parkgis project (no parkgis_project table); publish a project there with "
     "parkgis db publish",
     "模式 {schema} 不是 parkgis 项目（没有 parkgis_project 表）；请用 parkgis 的 db publish 命令发布项目"),
    ("table {table} has no primary key fid: parkgis cannot tell its features apart; add one "
     "(ALTER TABLE … ADD PRIMARY KEY (fid)) or publish the layer again",
     "表 {table} 没有主键 fid：parkgis 无法区分其中的要素；请添加主键（ALTER TABLE … ADD PRIMARY KEY (fid)）"
     "或重新发布该图层"),
    ("the database has no layer with id {layer_id}; publish it first", "数据库中没有 ID 为 {layer_id} 的图层；请先发布"),
    ("{url}: layers cannot be added, removed or renamed in a team database from here; publish a project with "
     "parkgis db publish",
     "{url}：不能在此处向团队数据库添加、删除或重命名图层；请用 parkgis 的 db publish 命令发布项目"),
    # ---------------------------------------------------------------- committing
    ("connecting", "连接数据库"),
    ("the connection to the database was lost ({error})", "与数据库的连接中断（{error}）"),
    ("nothing was written, your edits are kept", "未写入任何内容，您的编辑已保留"),
    ("nothing was written", "未写入任何内容"),
    ("the connection to the database was lost while committing; whether the commit arrived is checked at the "
     "next commit; your edits are kept",
     "提交过程中与数据库的连接中断；下次提交时将核实该次提交是否已到达；您的编辑已保留"),
    ("permission denied: database user {user} may not change table {table} (layer {layer}); nothing was written, "
     "your edits are kept — ask the administrator for the role that may edit it",
     "权限不足：数据库用户 {user} 无权修改表 {table}（图层 {layer}）；未写入任何内容，您的编辑已保留——"
     "请向管理员申请可编辑该图层的角色"),
    ("permission denied: database user {user} may not change the project settings; nothing was written",
     "权限不足：数据库用户 {user} 无权修改项目设置；未写入任何内容"),
    # ---------------------------------------------------------------- publish, grant
    ("schema {schema} already exists; publish into a new schema (--schema NAME) or drop it first",
     "模式 {schema} 已存在；请发布到新模式（--schema 名称）或先删除它"),
    ("the database has no PostGIS extension (CREATE EXTENSION postgis, as its owner)",
     "数据库未安装 PostGIS 扩展（请由数据库所有者执行 CREATE EXTENSION postgis）"),
    ("layer {layer} has a column named {column}, which parkgis uses itself in the database; rename it first",
     "图层 {layer} 有名为 {column} 的字段，该名称由 parkgis 在数据库中自用；请先重命名"),
    ("permission denied: {error}; nothing was published", "权限不足：{error}；未发布任何内容"),
    ("publishing failed: {error}; nothing was published", "发布失败：{error}；未发布任何内容"),
    ("unknown role {role}; roles: {roles}", "未知角色 {role}；可用角色：{roles}"),
    ("the database has no user {user} (CREATE ROLE {member} LOGIN PASSWORD '…' first)",
     "数据库中没有用户 {user}（请先执行 CREATE ROLE {member} LOGIN PASSWORD '…'）"),
    ("permission denied: {error}; only the schema's owner can grant roles", "权限不足：{error}；只有模式所有者可以授予角色"),
    # ---------------------------------------------------------------- offline, the check in the database
    ("no park boundary feature {park} in the project (a park feature's fid or name)",
     "项目中没有园区范围要素 {park}（请给出园区要素的 fid 或名称）"),
    ("not an offline copy of a team database (it was not made by take offline)",
     "不是团队数据库的离线副本（不是由“取出离线”生成的）"),
    ("offline edits of {file}", "离线编辑：{file}"),
    ("the project has no parcel layer to check", "项目中没有可审查的地块图层"),
    ("{path} already exists; choose a new file for the offline copy", "{path} 已存在：请为离线副本另选新文件"),
    # ---------------------------------------------------------------- three-way merge (editing/merge.py)
    ("cannot merge feature {fid} of layer {layer}: {why}", "无法合并图层 {layer} 的要素 {fid}：{why}"),
    ("field {field} was changed on both sides ({theirs} there, {mine} here)",
     "字段 {field} 双方都修改了（对方为 {theirs}，本方为 {mine}）"),
    ("the feature was deleted by someone else and changed here", "该要素已被他人删除，而本方修改了它"),
    ("the feature was deleted here and changed by someone else", "本方删除了该要素，而他人修改了它"),
    ("the feature was added on both sides", "双方都新增了该要素"),
    ("the geometry was removed on one side and changed on the other", "一方删除了图形，另一方修改了它"),
    ("the boundary was changed on both sides in the same place ({area} m² changed by both)",
     "双方修改了边界的同一部分（双方都改动的面积 {area} 平方米）"),
    ("the two boundary changes do not merge into a valid polygon", "两处边界修改合并后不是有效的面"),
    ("the two boundary changes split the parcel into parts", "两处边界修改合并后地块被分成多块"),
    ("permission denied: {error}", "权限不足：{error}"),
]
