"""界址点成果表 (boundary-point schedule): one table per parcel (宗地), as survey companies deliver it.

Data first: :func:`boundary_point_schedule` turns a parcel layer into :class:`BoundaryPointSchedule`
(plain dataclasses); :func:`write_xlsx` and :func:`write_csv` render it.

What the table holds, per parcel:

- header rows: 地块编号, 地块名称, the coordinate system and zone, 精度, planar and ellipsoidal area in
  平方米 / 亩 / 公顷, 四至 (东至/南至/西至/北至 text from the layer's fields ``东至``... or
  ``ZDSZD``/``ZDSZN``/``ZDSZX``/``ZDSZB``..., :func:`parkgis.core.fields.sizhi_fields`; never ``BZ``,
  which is 备注; else blank cells for the planner to fill) and the extreme 界址点 to the north, east,
  south and west;
- the points: 点号, 圈号, X (北, the northing), Y (东, the easting with the zone number as prefix), and
  the 边长 to the next point of the ring. Each ring is closed by repeating its first point.

The points are numbered exactly as the coordinate-file writer numbers them
(:func:`parkgis.core.io.coordtxt.number_boundary_points`: J1… clockwise from the north-west vertex,
on across the rings), and the coordinates are the writer's digits at the same 精度, so the 成果表
and the 坐标文件 of one parcel agree line for line. Edge lengths are computed from the coordinates as
printed (anyone re-measuring from the table gets the same figure). Areas are computed from the
geometry as stored, the same figures ``parkgis check`` reports.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from ..area import AreaFigures, ZonedAreas, ellipsoidal_area, own_zone_planar_area, zone_mismatch_note
from ..errors import DataError, UsageError
from ..fields import SIZHI_DIRECTIONS, sizhi_fields, value_text
from ..fsutil import atomic_output
from ..io.coordtxt import (
    declared_precision,
    has_m_values,
    number_boundary_points,
    polygon_problem,
    precision_digits,
    survey_frame,
)
from ..layers import VectorLayer
from .cells import csv_text
from .xlsx_stream import BAD_SHEET_CHARS, PageSetup, StreamedWorkbook, Style

TITLE = "界址点成果表"
DEFAULT_PRECISION = 0.001

#: 四至 text fields, by direction (from core.fields, the one table of field names); the first column
#: present (case-insensitive) is used
SIZHI_FIELDS: dict[str, tuple[str, ...]] = {d: sizhi_fields(d) for d in SIZHI_DIRECTIONS}
#: extreme 界址点 rows in the header, in the order a surveyor reads 四至 (east, south, west, north)
EXTREME_LABELS = {"东": "最东", "南": "最南", "西": "最西", "北": "最北"}

X_LABEL, Y_LABEL = "X（北）/米", "Y（东）/米"
TABLE_HEADERS = ("点号", "圈号", X_LABEL, Y_LABEL, "边长/米")
AREA_NOTE = ("平面面积为地块所在 3 度带（按地块中心经度确定）高斯-克吕格投影平面上的面积；椭球面积为 CGCS2000 椭球面上的面积（国土调查办发〔2008〕32号）。"
             "边长由表列坐标计算。X 为纵坐标（北），Y 为横坐标（东，含带号）。")


@dataclass(frozen=True)
class BoundaryPoint:
    """One row of the point table: X is the northing, Y the easting, both at the 精度."""

    point_id: str
    ring_no: int
    x: float
    y: float
    edge_m: float | None        # to the next point of the ring; None on the ring's closing row
    closing: bool = False       # the row that repeats the ring's first point


@dataclass(frozen=True)
class ExtremePoint:
    direction: str              # 东, 南, 西 or 北
    point_id: str
    x: float
    y: float


@dataclass(frozen=True)
class ParcelTable:
    """The 界址点成果表 of one parcel (宗地)."""

    row: int                    # 1-based position of the feature in the layer
    parcel_id: str
    name: str
    planar: AreaFigures
    ellipsoidal: AreaFigures
    sizhi: dict[str, str]       # 东至/南至/西至/北至 → text ("" when the layer has none)
    extremes: tuple[ExtremePoint, ...]
    rings: tuple[tuple[BoundaryPoint, ...], ...]   # each closed by repeating its first point
    ring_holes: tuple[bool, ...]

    @property
    def points(self) -> list[BoundaryPoint]:
        return [p for ring in self.rings for p in ring]

    @property
    def point_count(self) -> int:
        """界址点个数: distinct points, the closing repeats not counted."""
        return sum(len(ring) - 1 for ring in self.rings)


@dataclass(frozen=True)
class BoundaryPointSchedule:
    crs: str                    # "EPSG:4528"
    crs_zh: str                 # 2000国家大地坐标系，高斯-克吕格投影，3度带，第40带（EPSG:4528）
    precision: float            # metres
    parcels: Sequence[ParcelTable]   # built one at a time on access (see ParcelTables)
    source: str | None = None
    id_field: str | None = None
    name_field: str | None = None
    sizhi_fields: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def digits(self) -> int:
        return precision_digits(self.precision)


# ------------------------------------------------------------------------------------------ building


def _find_column(columns, candidates) -> str | None:
    lower = {str(c).lower(): c for c in columns}
    for name in candidates:
        if name in columns:
            return name
        if name.lower() in lower:
            return lower[name.lower()]
    return None


def _text(value) -> str:
    return value_text(value)  # an id read as 101.0 from a DBF is 101


def _at(value: float, digits: int) -> float:
    # the coordinate file's own formatting, so both documents print the same digits
    return float(f"{value:.{digits}f}")


def _parcel_rings(geom, digits: int) -> tuple[tuple[tuple[BoundaryPoint, ...], ...], tuple[bool, ...]]:
    rings, holes = [], []
    for numbered in number_boundary_points(geom):
        pts = [(p.point_id, p.ring_no, _at(p.y, digits), _at(p.x, digits)) for p in numbered]
        rows = []
        for i, (pid, ring_no, x, y) in enumerate(pts):
            _, _, nx, ny = pts[(i + 1) % len(pts)]
            rows.append(BoundaryPoint(pid, ring_no, x, y, _at(math.hypot(nx - x, ny - y), digits)))
        pid, ring_no, x, y = pts[0]
        rows.append(BoundaryPoint(pid, ring_no, x, y, None, closing=True))
        rings.append(tuple(rows))
        holes.append(numbered[0].hole)
    return tuple(rings), tuple(holes)


def _extremes(points: list[BoundaryPoint]) -> tuple[ExtremePoint, ...]:
    pts = [p for p in points if not p.closing]
    # ties go to the first point in numbering order (max/min return the first of equals)
    chosen = {"东": max(pts, key=lambda p: p.y), "南": min(pts, key=lambda p: p.x),
              "西": min(pts, key=lambda p: p.y), "北": max(pts, key=lambda p: p.x)}
    return tuple(ExtremePoint(d, p.point_id, p.x, p.y) for d, p in chosen.items())


@dataclass(frozen=True)
class ParcelSummary:
    """What the summary sheet lists of a parcel, known without building its point table."""

    row: int
    parcel_id: str
    name: str
    point_count: int
    planar: AreaFigures
    ellipsoidal: AreaFigures


class ParcelTables(Sequence):
    """The parcels' tables, each built when it is asked for and not kept: a writer that goes
    through them one by one holds one parcel's points at a time, whatever the number of parcels
    (7 832 parcels' tables built at once took 6.3 GB)."""

    def __init__(self, *, rows, ids, names, sizhi, geoms, planar: ZonedAreas, ellipsoidal, digits: int):
        self._rows, self._ids, self._names, self._sizhi = rows, ids, names, sizhi
        self._geoms, self._planar, self._ellipsoidal, self._digits = geoms, planar, ellipsoidal, digits

    def __len__(self) -> int:
        return len(self._geoms)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        rings, holes = _parcel_rings(self._geoms[k], self._digits)
        return ParcelTable(
            row=self._rows[k], parcel_id=self._ids[k], name=self._names[k],
            planar=self._planar.figures(k),
            ellipsoidal=AreaFigures(float(self._ellipsoidal[k]), "ellipsoidal"),
            sizhi={d: self._sizhi[d][k] for d in SIZHI_FIELDS},
            extremes=_extremes([p for ring in rings for p in ring]), rings=rings, ring_holes=holes)

    def __iter__(self) -> Iterator[ParcelTable]:
        return (self[k] for k in range(len(self)))

    def summaries(self) -> list[ParcelSummary]:
        """Ids, names, 界址点个数 and areas of every parcel (no point table is built)."""
        # 界址点个数: each ring's vertices without its closing repeat
        counts = shapely.get_num_coordinates(self._geoms) - _ring_counts(self._geoms)
        return [ParcelSummary(self._rows[k], self._ids[k], self._names[k], int(counts[k]),
                              self._planar.figures(k),
                              AreaFigures(float(self._ellipsoidal[k]), "ellipsoidal")) for k in range(len(self))]


def _ring_counts(geoms) -> np.ndarray:
    parts, owner = shapely.get_parts(geoms, return_index=True)
    return np.bincount(owner, weights=1 + shapely.get_num_interior_rings(parts), minlength=len(geoms)).astype(int)


def _ellipsoidal_in_chunks(geoms, crs, chunk: int = 500) -> np.ndarray:
    # the boundary is densified to 1 m for the 椭球面积: all parcels of a city at once hold millions of
    # points (~350 MB for 7 832 parcels); a few hundred at a time keep it flat
    if len(geoms) <= chunk:
        return ellipsoidal_area(geoms, crs)
    return np.concatenate([ellipsoidal_area(geoms[i:i + chunk], crs) for i in range(0, len(geoms), chunk)])


def boundary_point_schedule(layer: VectorLayer | gpd.GeoDataFrame, *, id_field: str | None = None,
                            name_field: str | None = None, precision: float | None = None,
                            to_crs: object = None, source: str | None = None,
                            parcels: Iterable[str] | None = None) -> BoundaryPointSchedule:
    """The 界址点成果表 of every polygon feature of ``layer`` (or of those whose 地块编号 is in
    ``parcels``).

    ``precision`` (metres) defaults to the 精度 the layer's coordinate file declared, else 0.001.
    ``id_field`` / ``name_field`` default to the detected 地块编号 / 地块名称 columns (``DKBH``,
    ``BSM``, ``id``, ... / ``DKMC``, ``name``, ...). Features without geometry are left out with a
    warning; a point or line feature, a ring of fewer than 3 distinct points or an id of
    ``parcels`` that no feature has is a :class:`DataError`. Z and M values are dropped: the table
    lists planar X/Y (a warning says so). The parcels' tables are built one at a time as
    ``schedule.parcels`` is read (:class:`ParcelTables`).

    Examples
    --------
    >>> from shapely import box
    >>> gdf = gpd.GeoDataFrame({"DKBH": ["A-01"]}, geometry=[box(37_500_000, 4_400_000, 37_500_100, 4_400_200)],
    ...                        crs=4525)
    >>> table = boundary_point_schedule(gdf).parcels[0]
    >>> [(p.point_id, p.x, p.y, p.edge_m) for p in table.rings[0][:2]]
    [('J1', 4400200.0, 37500000.0, 100.0), ('J2', 4400200.0, 37500100.0, 200.0)]
    >>> round(table.planar.m2, 2), round(table.planar.mu, 4)
    (20000.0, 30.0)
    """
    if isinstance(layer, VectorLayer):
        gdf = layer.gdf
        source = source or layer.provenance.source_path or layer.name
        declared = declared_precision(layer)
    else:
        gdf, declared = layer, None
    where = source or "parcels"
    precision = float(precision if precision is not None else declared or DEFAULT_PRECISION)
    if not (precision > 0 and math.isfinite(precision)) or precision > 1:
        raise UsageError(f"the precision (精度) must be a step in metres between 0 and 1, e.g. 0.001; not {precision:g}")
    digits = precision_digits(precision)

    for column, what in ((id_field, "id"), (name_field, "name")):
        if column is not None and column not in gdf.columns:
            fields = ", ".join(str(c) for c in gdf.columns if c != gdf.geometry.name)
            raise DataError(where, f"{what} field {column!r} not found; fields: {fields}")
    from ..analysis.engine import ID_FIELDS, NAME_FIELDS

    id_col = id_field or _find_column(gdf.columns, ID_FIELDS)
    name_col = name_field or _find_column(gdf.columns, NAME_FIELDS)
    sizhi_cols = {d: c for d, names in SIZHI_FIELDS.items() if (c := _find_column(gdf.columns, names))}

    warnings: list[str] = []
    ids = [_text(v) for v in gdf[id_col]] if id_col else [""] * len(gdf)
    ids = [v or f"#{i + 1}" for i, v in enumerate(ids)]
    if id_col is None:
        warnings.append(f"{where}: no id field (DKBH, 地块编号, BSM, id, ...): parcels are named by row number")
    selected = np.ones(len(gdf), dtype=bool)
    if parcels is not None:
        wanted = list(dict.fromkeys(str(p).strip() for p in parcels))
        unknown = [p for p in wanted if p not in set(ids)]
        if unknown:
            field_name = id_col or "row number"
            raise DataError(where, f"no parcel with 地块编号 {', '.join(unknown)} (field {field_name}); "
                                   f"the layer has {len(ids)} parcel(s), e.g. {', '.join(ids[:3])}")
        selected = np.isin(np.array(ids, dtype=object), wanted)
    missing = (gdf.geometry.isna() | gdf.geometry.is_empty).to_numpy()
    for i in np.flatnonzero(missing & selected):
        warnings.append(f"{where}: parcel {ids[i]} has no geometry: left out")
    types = gdf.geom_type
    wrong = ~missing & selected & ~types.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if wrong.any():
        i = int(np.flatnonzero(wrong)[0])
        raise DataError(where, f"a 界址点成果表 lists polygons; the layer has {int(wrong.sum())} "
                               f"{'/'.join(sorted(set(types[wrong])))} feature(s)", feature=ids[i])
    keep = np.flatnonzero(~missing & selected)
    if not len(keep):
        raise DataError(where, "no parcel polygon to list")
    source_geoms = gdf.geometry.values[keep]
    with_zm = shapely.has_z(source_geoms) | has_m_values(source_geoms)
    if with_zm.any():
        warnings.append(f"{where}: {int(with_zm.sum())} parcel(s) carry Z or M values (first: parcel "
                        f"{ids[keep[int(np.flatnonzero(with_zm)[0])]]}): the table lists planar X/Y, Z and M "
                        "dropped")
    frame = survey_frame(gdf.iloc[keep], to_crs)
    geoms = frame.gdf.geometry.values
    zoned = own_zone_planar_area(geoms, frame.crs)
    note = zone_mismatch_note(zoned, frame.crs, [ids[i] for i in keep])
    if note:
        warnings.append(f"{where}: {note}")
    for k, geom in enumerate(geoms):
        problem = polygon_problem(geom)
        if problem:
            raise DataError(where, problem, feature=ids[keep[k]])
    invalid = ~shapely.is_valid(geoms)
    for k in np.flatnonzero(invalid):
        warnings.append(f"{where}: parcel {ids[keep[k]]} is not a valid polygon "
                        f"({shapely.is_valid_reason(geoms[k])}): listed as drawn")
    rows = gdf.iloc[keep]
    tables = ParcelTables(
        rows=[int(i) + 1 for i in keep], ids=[ids[i] for i in keep],
        names=[_text(v) for v in rows[name_col]] if name_col else [""] * len(keep),
        sizhi={d: [_text(v) for v in rows[sizhi_cols[d]]] if d in sizhi_cols else [""] * len(keep)
               for d in SIZHI_FIELDS},
        geoms=geoms, planar=zoned, ellipsoidal=_ellipsoidal_in_chunks(geoms, frame.crs),
        digits=digits)
    code = frame.crs.to_epsg()
    return BoundaryPointSchedule(
        crs=f"EPSG:{code}" if code else frame.crs.name, crs_zh=frame.description_zh(), precision=precision,
        parcels=tables, source=source, id_field=id_col, name_field=name_col, sizhi_fields=sizhi_cols,
        warnings=tuple(warnings))


# ------------------------------------------------------------------------------------------ rows

@dataclass(frozen=True)
class HeaderRow:
    """One row of a parcel's header block. ``kind``: ``pair`` (a label and one value, spanning the
    table in XLSX), ``grid`` (a label and cells) or ``subhead`` (bold column titles). ``decimals``
    gives, per cell, how many decimals a number is printed with (None: as is)."""

    kind: str
    cells: tuple
    decimals: tuple[int | None, ...] = ()
    labels: tuple[int, ...] = (0,)      # cells that are labels (bold)

    def decimals_of(self, i: int) -> int | None:
        return self.decimals[i] if i < len(self.decimals) else None


def header_rows(parcel: ParcelTable, schedule: BoundaryPointSchedule) -> list[HeaderRow]:
    """The header block of one parcel's table; numbers already rounded as printed."""
    d = schedule.digits
    rows = [
        HeaderRow("pair", ("地块编号", parcel.parcel_id)),
        HeaderRow("pair", ("地块名称", parcel.name)),
        HeaderRow("pair", ("坐标系", schedule.crs_zh)),
        HeaderRow("pair", ("精度（米）", schedule.precision), (None, d)),
        HeaderRow("subhead", ("面积", "平方米", "亩", "公顷")),
    ]
    for label, fig in (("平面面积", parcel.planar), ("椭球面积", parcel.ellipsoidal)):
        rows.append(HeaderRow("grid", (label, round(fig.m2, 2), round(fig.mu, 4), round(fig.ha, 4)), (None, 2, 4, 4)))
    rows.append(HeaderRow("pair", ("平面面积投影带", parcel.planar.zone_zh)))
    rows += [HeaderRow("pair", (direction, parcel.sizhi[direction])) for direction in SIZHI_FIELDS]
    rows.append(HeaderRow("subhead", ("四至界址点", "点号", X_LABEL, Y_LABEL)))
    rows += [HeaderRow("grid", (EXTREME_LABELS[e.direction], e.point_id, e.x, e.y), (None, None, d, d))
             for e in parcel.extremes]
    rows.append(HeaderRow("grid", ("界址点个数", parcel.point_count, "圈数", len(parcel.rings)), labels=(0, 2)))
    return rows


def ring_heading(parcel: ParcelTable, ring_index: int) -> str | None:
    """'第2圈（内边界）' when the parcel has more than one ring, else None."""
    if len(parcel.rings) < 2:
        return None
    kind = "内边界，面积扣除" if parcel.ring_holes[ring_index] else "外边界"
    return f"第{ring_index + 1}圈（{kind}）"


# ------------------------------------------------------------------------------------------ CSV


def csv_chunks(schedule: BoundaryPointSchedule) -> Iterator[str]:
    """The CSV text, one parcel's block at a time: title, header rows, then the points with the 边长
    to the next point on the same row; a blank line between parcels."""
    d = schedule.digits

    def cell(value, decimals: int | None = d) -> str:
        return f"{value:.{decimals}f}" if isinstance(value, float) and decimals is not None else csv_text(str(value))

    for n, parcel in enumerate(schedule.parcels):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        if n:
            w.writerow([])
        w.writerow([TITLE])
        for row in header_rows(parcel, schedule):
            w.writerow([cell(c, row.decimals_of(i)) for i, c in enumerate(row.cells)])
        w.writerow([])
        w.writerow(TABLE_HEADERS)
        for r, ring in enumerate(parcel.rings):
            heading = ring_heading(parcel, r)
            if heading:
                w.writerow([csv_text(heading)])
            for p in ring:
                w.writerow([cell(p.point_id), p.ring_no, cell(p.x), cell(p.y), "" if p.edge_m is None else cell(p.edge_m)])
        yield buf.getvalue()


def render_csv(schedule: BoundaryPointSchedule) -> str:
    """The whole CSV as one text (:func:`write_csv` streams it instead)."""
    return "".join(csv_chunks(schedule))


def write_csv(schedule: BoundaryPointSchedule, path: str | Path) -> None:
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as out:
        # UTF-8 with BOM: Excel on Chinese Windows opens it without garbling the Chinese
        for chunk in csv_chunks(schedule):
            out.write(chunk)


# ------------------------------------------------------------------------------------------ XLSX

SUMMARY_SHEET = "地块汇总"


def sheet_names(ids: list[str], reserved: tuple[str, ...] = (SUMMARY_SHEET,)) -> list[str]:
    """Excel sheet names for parcel ids: no ``[]:*?/\\`` nor control characters, at most 31
    characters, unique ignoring case (as Excel compares them); clashes get ``(2)``, ``(3)``, ..."""
    taken = {r.lower() for r in reserved} | {"history"}  # Excel reserves "History"
    names = []
    for i, ident in enumerate(ids):
        base = BAD_SHEET_CHARS.sub("_", ident).strip().strip("'") or f"地块{i + 1}"
        base = base[:31]
        name, k = base, 2
        while name.lower() in taken:
            suffix = f"({k})"
            name = base[:31 - len(suffix)] + suffix
            k += 1
        taken.add(name.lower())
        names.append(name)
    return names


_BORDER = {"border": True, "vertical": "center"}
_FILL = {"fill": "DDEBF7"}
#: cell styles of the XLSX, by name
_STYLES: dict[str, dict] = {
    "title": {"bold": True, "size": 16, "horizontal": "center", "vertical": "center"},
    "summary_title": {"bold": True, "size": 14},
    "bold": {"bold": True},
    "summary_head": {"bold": True, **_FILL, **_BORDER, "wrap": True},
    "text": _BORDER,
    "label": {**_BORDER, "bold": True},
    "head": {**_BORDER, "bold": True, **_FILL, "horizontal": "center"},
    "center": {**_BORDER, "horizontal": "center"},
    "pair": {**_BORDER, "wrap": True, "horizontal": "left"},
    "ring": {"bold": True, "vertical": "center"},
    "note": {"wrap": True, "vertical": "top"},
}
#: column widths (Excel's stored unit)
PARCEL_WIDTHS = (14, 12, 17, 17, 12)
SUMMARY_WIDTHS = (6, 16, 24, 10, 14, 12, 12, 14, 12, 12, 16)
PRINT = PageSetup(paper=9, orientation="portrait", fit_width=1, fit_height=0, center_horizontally=True,
                  footer="&C第 &P 页，共 &N 页")


def _number_format(decimals: int) -> str:
    return "0" if decimals == 0 else "0." + "0" * decimals


def write_xlsx(schedule: BoundaryPointSchedule, path: str | Path) -> None:
    """A summary sheet, then one printable sheet per parcel titled 界址点成果表: A4 portrait fitted
    to the page width, the table header repeated on every printed page, page numbers in the footer.
    The 边长 stands on its own row between the two points it joins, as printed 成果表 show it.

    Streamed (:mod:`.xlsx_stream`), one parcel at a time, each sheet's XML straight into the file:
    memory does not grow with the number of parcels, and 7 832 parcels take seconds (openpyxl's
    write-only mode took 338 s)."""
    d = schedule.digits
    ncols = len(TABLE_HEADERS)
    summaries = schedule.parcels.summaries() if isinstance(schedule.parcels, ParcelTables) else [
        ParcelSummary(p.row, p.parcel_id, p.name, p.point_count, p.planar, p.ellipsoidal) for p in schedule.parcels]
    names = sheet_names([p.parcel_id for p in summaries])

    with atomic_output(path) as tmp, StreamedWorkbook(tmp) as wb:
        st = {name: wb.style(Style(**props)) for name, props in _STYLES.items()}
        numbers: dict[int, int] = {}

        def number(decimals: int) -> int:
            if decimals not in numbers:
                numbers[decimals] = wb.style(Style(**_BORDER, num_format=_number_format(decimals)))
            return numbers[decimals]

        bold, text, label, head, center, pair = st["bold"], st["text"], st["label"], st["head"], st["center"], st["pair"]
        coord = number(d)

        info = [("坐标系", schedule.crs_zh), ("精度（米）", schedule.precision)]
        if schedule.source:
            info.append(("数据来源", schedule.source))
        info.append(("制表日期", date.today().isoformat()))
        with wb.sheet(SUMMARY_SHEET, widths=SUMMARY_WIDTHS, freeze_rows=1 + len(info) + 2) as out:
            out.put([f"{TITLE}（地块汇总）"], [st["summary_title"]])
            for key, value in info:
                out.put([key, value], [bold])
            out.put([])
            out.put(["序号", "地块编号", "地块名称", "界址点个数", "平面面积（平方米）", "平面面积（亩）",
                     "平面面积（公顷）", "椭球面积（平方米）", "椭球面积（亩）", "椭球面积（公顷）", "工作表"],
                    [st["summary_head"]] * 11)
            f2, f4 = wb.style(Style(num_format="0.00")), wb.style(Style(num_format="0.0000"))
            styles = (None, None, None, None, f2, f4, f4, f2, f4, f4, wb.style(Style(link=True)))
            for n, (parcel, sheet) in enumerate(zip(summaries, names, strict=True), start=1):
                pl, el = parcel.planar, parcel.ellipsoidal
                out.put([n, parcel.parcel_id, parcel.name, parcel.point_count, round(pl.m2, 2), round(pl.mu, 4),
                         round(pl.ha, 4), round(el.m2, 2), round(el.mu, 4), round(el.ha, 4), sheet], styles,
                        links={10: sheet})

        point_styles = (center, center, coord, coord, text)
        edge_styles = (text, text, text, text, coord)
        for parcel, sheet in zip(schedule.parcels, names, strict=True):
            with wb.sheet(sheet, widths=PARCEL_WIDTHS, page=PRINT) as out:
                out.put([TITLE], [st["title"]], height=30, merge_from=1)
                for row in header_rows(parcel, schedule):
                    if row.kind == "subhead":
                        styles = [label] + [head] * (len(row.cells) - 1) + [text] * (ncols - len(row.cells))
                    else:
                        styles = [label if i in row.labels else number(row.decimals_of(i))
                                  if row.decimals_of(i) is not None else pair if row.kind == "pair" else text
                                  for i in range(ncols)]
                    out.put(row.cells, styles, merge_from=2 if row.kind == "pair" else None)
                out.put([])
                out.print_title_rows(out.put(TABLE_HEADERS, [head] * ncols))
                for r_i, ring in enumerate(parcel.rings):
                    heading = ring_heading(parcel, r_i)
                    if heading:
                        out.put([heading], [st["ring"]], merge_from=1)
                    for p in ring:
                        out.put((p.point_id, p.ring_no, p.x, p.y), point_styles)
                        if p.edge_m is not None:
                            out.put((None, None, None, None, p.edge_m), edge_styles)
                out.put([])
                out.put(["说明：" + AREA_NOTE], [st["note"]], height=48, merge_from=1)
                out.put(["制表日期", date.today().isoformat()], [bold])


WRITERS = {".xlsx": write_xlsx, ".csv": write_csv}


def write_schedule(schedule: BoundaryPointSchedule, path: str | Path) -> None:
    """Write by the extension of ``path`` (.xlsx or .csv)."""
    suffix = Path(path).suffix.lower()
    if suffix not in WRITERS:
        raise UsageError(f"a 界址点成果表 is written as .xlsx or .csv, not {suffix or 'a file without extension'}")
    WRITERS[suffix](schedule, path)
