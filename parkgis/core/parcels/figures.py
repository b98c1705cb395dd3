"""Annual figures (年度数据) of a parcel or its enterprise: what 亩均 evaluation (亩均论英雄) grades.

One row per parcel (地块编号) and/or enterprise (企业名称) and year (年度), as the 台账's 年度数据 sheet holds
them (:mod:`parkgis.core.parcels.ledger`). Money in 万元, energy in 吨标准煤, staff in persons.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class AnnualFigures:
    """One year of a parcel's (or enterprise's) figures. ``parcel_id`` or ``enterprise`` names whose figures
    they are (at least one). The names of the fields are the column names of the 亩均 rule set
    (``resources/evaluation``): ``tax_wan``, ``sales_wan``, ``value_added_wan``, ``energy_tce``, ``rd_wan``,
    ``staff``, ``area_mu``, ``firm_id``, and the yes/no columns ``safety_veto``, ``environment_veto``, ``new_firm``."""

    year: int
    parcel_id: str = ""               # 地块编号
    enterprise: str = ""              # 企业名称
    firm_id: str = ""                 # 统一社会信用代码 (企业编号)
    tax_wan: float | None = None      # 税收 (实缴税金, 万元)
    sales_wan: float | None = None    # 销售收入 (营业收入, 万元)
    value_added_wan: float | None = None   # 工业增加值 (万元), for 单位能耗增加值 and 全员劳动生产率
    energy_tce: float | None = None   # 综合能耗 (吨标准煤)
    rd_wan: float | None = None       # 研发投入 (万元)
    staff: int | None = None          # 从业人员 (年平均, 人)
    area_mu: float | None = None      # 用地面积 (亩) of an enterprise not (only) on register parcels
    safety_veto: bool = False         # 安全生产一票否决
    environment_veto: bool = False    # 环境保护一票否决
    new_firm: bool = False            # 新办企业 (exempt from the worst grade)
    note: str = ""

    @property
    def key(self) -> tuple[str, str, int]:
        """What identifies the row: (地块编号, 企业名称, 年度)."""
        return (self.parcel_id, self.enterprise, self.year)


# ---------------------------------------------------------------------- storage

#: the GeoPackage attributes table of the annual figures (beside the register's tables, carried by the same
#: store: row versions, one audit row per change, written in the register's commit)
FIGURES_TABLE = "parkgis_parcel_figures"
FIGURES_LABEL = "亩均年度数据"

_NUMBER_FIELDS = ("tax_wan", "sales_wan", "value_added_wan", "energy_tce", "rd_wan", "area_mu")
_FLAG_FIELDS = ("safety_veto", "environment_veto", "new_firm")
_TEXT_FIELDS = ("parcel_id", "firm_id", "enterprise", "note")
_COLUMNS_SQL = (("year", "INTEGER NOT NULL"), *((n, "TEXT") for n in _TEXT_FIELDS),
                *((n, "REAL") for n in _NUMBER_FIELDS), ("staff", "INTEGER"),
                *((n, "INTEGER") for n in _FLAG_FIELDS))


@dataclass
class StoredFigures:
    """A row of the figures table: its id (fid), version and figures."""

    fid: int
    version: int
    figures: AnnualFigures


def figures_to_row(figures: AnnualFigures) -> dict:
    row = {name: getattr(figures, name) for name, _sql in _COLUMNS_SQL}
    for name in _FLAG_FIELDS:
        row[name] = int(bool(row[name]))
    for name in _TEXT_FIELDS:
        row[name] = row[name] or ""
    return row


def row_to_figures(row) -> AnnualFigures:
    values = {name: row.get(name) for name, _sql in _COLUMNS_SQL}
    for name in _FLAG_FIELDS:
        values[name] = bool(values[name])
    for name in _TEXT_FIELDS:
        values[name] = values[name] or ""
    return AnnualFigures(**values)


def figures_table_sql() -> str:
    """The figures table's DDL (SQLite; the team database's copy is made from it)."""
    from ..store.schema import quote

    columns = ", ".join(f"{quote(n)} {sql}" for n, sql in _COLUMNS_SQL)
    return f"CREATE TABLE IF NOT EXISTS {FIGURES_TABLE} (fid INTEGER PRIMARY KEY AUTOINCREMENT, {columns})"


def ensure_figures_table(con) -> None:
    """Create the figures table (inside the caller's transaction) as a GeoPackage attributes table with the
    store's version triggers; columns a later parkgis added are added to an older file's table."""
    from ..store.geopackage import prepare_file
    from ..store.schema import columns_of, quote

    con.execute(figures_table_sql())
    present = set(columns_of(con, FIGURES_TABLE))
    for name, sql in _COLUMNS_SQL:
        if name not in present:
            con.execute(f"ALTER TABLE {FIGURES_TABLE} ADD COLUMN {quote(name)} {sql.replace(' NOT NULL', '')}")
    con.execute("INSERT OR IGNORE INTO gpkg_contents(table_name, data_type, identifier, description, last_change) "
                "VALUES (?, 'attributes', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                (FIGURES_TABLE, FIGURES_TABLE, "parkgis 标准地 register: annual figures (亩均)"))
    prepare_file(con, {FIGURES_TABLE: FIGURES_TABLE})


def read_figures_table(con) -> list[StoredFigures]:
    from ..store.schema import table_exists

    if not table_exists(con, FIGURES_TABLE):
        return []
    versions = dict(con.execute("SELECT fid, version FROM parkgis_feature_versions WHERE layer_id = ?",
                                (FIGURES_TABLE,))) if table_exists(con, "parkgis_feature_versions") else {}
    cursor = con.execute(f"SELECT * FROM {FIGURES_TABLE} ORDER BY fid")
    names = [d[0] for d in cursor.description]
    out = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        fid = int(row.pop("fid"))
        out.append(StoredFigures(fid, versions.get(fid, 1), row_to_figures(row)))
    return out


def load_figures(project) -> list[StoredFigures]:
    """The annual figures stored in a project (a Project or the path of its file), in the order stored."""
    import sqlite3
    from pathlib import Path

    from ..store.postgis import is_team_location, open_team_store
    team = is_team_location(project)
    if team or getattr(project, "is_database", False):     # a team database (parkgis db publish)
        store = open_team_store(project) if team else project.store
        try:
            if not store.attribute_tables([FIGURES_TABLE]):
                return []
            return [StoredFigures(fid, version, row_to_figures(state.attributes))
                    for fid, (version, state) in store.rows(FIGURES_TABLE).items()]
        finally:
            if team:
                store.close()
    path = Path(project if isinstance(project, (str, Path)) else project.path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return read_figures_table(con)
    finally:
        con.close()


def figures_change_builder(changes: list[tuple[StoredFigures | None, AnnualFigures]], *, session_id: str = "",
                           reason: str | None = None, operation: str | None = None):
    """``(tables, build)`` for :meth:`parkgis.core.parcels.register.RegisterSession.commit` (``also=``): the
    figures ``changes`` (stored row or None for a new one, the figures as they will be) as one change set,
    written in the register's transaction. A stored row changed since it was read is a conflict (nothing
    written)."""
    from ..store.base import ChangeSet, FeatureChange, FeatureState

    def build(con, new_fids=None) -> list:
        """``con``: the project file's connection; a team database passes ``new_fids(count)`` instead
        (ids from its sequence) and has made the table already."""
        if new_fids is None:
            ensure_figures_table(con)
        if not changes:
            return []
        count = sum(1 for stored, _figures in changes if stored is None)
        if new_fids is None:
            top = con.execute(f"SELECT coalesce(max(fid), 0) FROM {FIGURES_TABLE}").fetchone()[0]
            seq = con.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (FIGURES_TABLE,)).fetchone()
            first = max(int(top), int(seq[0]) if seq else 0) + 1
            fresh = iter(range(first, first + count))
        else:
            fresh = iter(new_fids(count))
        out = []
        for stored, figures in changes:
            after = FeatureState(None, figures_to_row(figures))
            if stored is None:
                out.append(FeatureChange(next(fresh), None, after, 0))
            else:
                out.append(FeatureChange(stored.fid, FeatureState(None, figures_to_row(stored.figures)), after,
                                         stored.version))
        return [ChangeSet(FIGURES_TABLE, FIGURES_LABEL, out, session_id=session_id, reason=reason,
                          operation=operation)]

    return {FIGURES_TABLE: FIGURES_TABLE}, build
