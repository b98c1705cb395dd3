"""Recipe for the bundled sample project ``layers/ordos_sample.gpkg`` (鄂尔多斯园区示例工程).

Run from the repository root::

    .venv/bin/python layers/make_sample.py [--realdata PATH] [-o layers/ordos_sample.gpkg]

Deterministic: fixed seeds, no network, no clock. The only input is the Ordos administrative
boundary in ``../shared/realdata/admin_boundaries_datav_gcj02/citys_150600.json`` (DataV, assumed
GCJ-02). It is used *only to place* the invented features (each park inside its banner, every
constraint feature inside Ordos); it is never written to the project, because the source has no
licence. See ``layers/README.md`` for what is real, what is invented and how the datum is handled.

Everything is in one project CRS, CGCS2000 3° Gauss-Krüger zone 37 with zone prefix (EPSG:4525),
including the parks west of 109.5°E that strictly belong to zone 36: one consistent project CRS
matters more to the planner than the ~0.3 % planar scale error that far from the central meridian
(the ellipsoidal area, 椭球面积, is unaffected).
"""

from __future__ import annotations

import argparse
import math
import sys
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely import Polygon
from shapely.affinity import rotate, translate

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from parkgis.core.area import SQM_PER_MU, ellipsoidal_area  # noqa: E402
from parkgis.core.layers import Provenance, VectorLayer  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.core.styles import default_style  # noqa: E402

PROJECT_EPSG = 4525
DEFAULT_REALDATA = REPO.parent / "shared" / "realdata"
DEFAULT_OUTPUT = REPO / "layers" / "ordos_sample.gpkg"
BOUNDARY_FILE = Path("admin_boundaries_datav_gcj02") / "citys_150600.json"
#: Fixed so that the file does not change when the recipe is re-run.
GENERATED_AT = "2026-11-25T00:00:00+00:00"
#: Coordinates are rounded to 1 mm, the 精度 of a 勘测定界 coordinate file.
PRECISION_M = 0.001

LAYER_PARKS = "园区四至"
LAYER_UDB = "城镇开发边界"
LAYER_ECO = "生态保护红线"
LAYER_FARMLAND = "永久基本农田"
LAYER_PARCELS = "地块"
LAYER_ZONES = "三区空间"


# ---------------------------------------------------------------------------------------------
# GCJ-02 → WGS84
# ---------------------------------------------------------------------------------------------
# The forward GCJ-02 obfuscation below is the widely published public algorithm (found in many
# open-source projects such as eviltransform / coordtransform). There is no closed-form inverse:
# we invert it by fixed-point iteration, w ← w − (gcj(w) − g), which converges to well below
# 1e-9° (0.1 mm) in a few steps because the offset varies slowly with position.
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323


def _gcj_dlat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    r += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    return r


def _gcj_dlon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    r += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    r += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    r += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    """Forward GCJ-02 offset (for points inside China, which all of Ordos is)."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlat = _gcj_dlat(lon - 105.0, lat - 35.0)
    dlon = _gcj_dlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * np.pi
    magic = 1.0 - _GCJ_EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((_GCJ_A * (1.0 - _GCJ_EE)) / (magic * sqrt_magic) * np.pi)
    dlon = dlon * 180.0 / (_GCJ_A / sqrt_magic * np.cos(rad) * np.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat, *, tol: float = 1e-10, max_iter: int = 30):
    """Inverse of :func:`wgs84_to_gcj02` by fixed-point iteration (residual < ``tol`` degrees)."""
    g_lon = np.asarray(lon, dtype=float)
    g_lat = np.asarray(lat, dtype=float)
    w_lon, w_lat = g_lon.copy(), g_lat.copy()
    for _ in range(max_iter):
        f_lon, f_lat = wgs84_to_gcj02(w_lon, w_lat)
        d_lon, d_lat = f_lon - g_lon, f_lat - g_lat
        w_lon -= d_lon
        w_lat -= d_lat
        if max(np.max(np.abs(d_lon), initial=0.0), np.max(np.abs(d_lat), initial=0.0)) < tol:
            break
    return w_lon, w_lat


# WGS84 is taken as CGCS2000 (EPSG:4490): the two frames differ by well under a metre here.
_LONLAT_TO_PROJECT = Transformer.from_crs(4490, PROJECT_EPSG, always_xy=True)


def lonlat_to_project(lon, lat):
    return _LONLAT_TO_PROJECT.transform(lon, lat)


def load_ordos_banners(realdata: Path) -> dict[str, shapely.Geometry]:
    """The nine Ordos banners/districts, GCJ-02 → WGS84 (= CGCS2000) → EPSG:4525, keyed by name."""
    path = Path(realdata) / BOUNDARY_FILE
    gdf = gpd.read_file(path)

    def convert(coords: np.ndarray) -> np.ndarray:
        lon, lat = gcj02_to_wgs84(coords[:, 0], coords[:, 1])
        x, y = lonlat_to_project(lon, lat)
        return np.column_stack([x, y])

    geoms = shapely.transform(np.asarray(gdf.geometry.values, dtype=object), convert)
    return {str(name): geom for name, geom in zip(gdf["name"], geoms, strict=True)}


# ---------------------------------------------------------------------------------------------
# Shape helpers
# ---------------------------------------------------------------------------------------------
def _rng(*keys: object) -> np.random.Generator:
    """One independent stream per purpose, so changing one part leaves the others unchanged."""
    return np.random.default_rng(zlib.crc32("|".join(map(str, keys)).encode("utf-8")))


def blob(rng: np.random.Generator, cx: float, cy: float, radius: float, *, n: int = 48,
         roughness: float = 0.18, stretch: float = 1.0, angle: float = 0.0) -> Polygon:
    """A star-shaped irregular polygon (valid by construction: radius is positive at every angle)."""
    theta = np.sort((np.arange(n) + rng.uniform(-0.3, 0.3, n)) * 2 * np.pi / n)
    r = np.ones(n)
    for k in range(2, 6):
        r += rng.uniform(0, roughness) / (k - 1) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    r *= 1 + rng.uniform(-0.04, 0.04, n)
    r = np.maximum(r, 0.35)
    x = radius * r * np.cos(theta) * stretch
    y = radius * r * np.sin(theta) / stretch
    ca, sa = math.cos(angle), math.sin(angle)
    return Polygon(np.column_stack([cx + x * ca - y * sa, cy + x * sa + y * ca]))


def rect(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    return Polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def _round(geom):
    return shapely.transform(geom, lambda c: np.round(c / PRECISION_M) * PRECISION_M)


# ---------------------------------------------------------------------------------------------
# Parks and their parcels
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParkSpec:
    name: str           # 园区名称
    code: str           # DKBH prefix (pinyin initials)
    banner: str         # 所属旗区 (must contain the park)
    adcode: int
    lon: float          # approximate centre (WGS84 ≈ CGCS2000); illustrative, not the gazetted 四至
    lat: float
    area_km2: float     # target area of the main part
    industry: str       # 主导产业 (illustrative)
    quota: int          # parcels to lay out
    grid_angle: float   # degrees, orientation of the road grid
    col_widths: tuple[int, int]
    row_heights: tuple[int, int]
    extra_lobes: tuple[tuple[float, float, float], ...] = ()  # (dx km, dy km, area km²) extra 片区


PARKS: tuple[ParkSpec, ...] = (
    ParkSpec("准格尔经济开发区", "ZGE", "准格尔旗", 150622, 111.08, 40.08, 30.0, "煤炭清洁高效利用、新材料",
             200, 0.0, (380, 640), (250, 400), ((9.0, -10.5, 8.0),)),
    ParkSpec("达拉特经济开发区", "DLT", "达拉特旗", 150621, 110.00, 40.33, 24.0, "光伏硅材料、生物医药",
             150, 12.0, (400, 700), (280, 420)),
    ParkSpec("鄂托克经济开发区", "ETK", "鄂托克旗", 150624, 107.05, 39.38, 26.0, "氯碱化工、冶金建材",
             140, -20.0, (400, 650), (260, 400)),
    ParkSpec("上海庙经济开发区", "SHM", "鄂托克前旗", 150623, 106.95, 38.28, 20.0, "煤电、现代煤化工",
             110, 30.0, (450, 800), (300, 450)),
    ParkSpec("苏里格经济开发区", "SLG", "乌审旗", 150626, 109.20, 39.05, 18.0, "天然气化工",
             100, -8.0, (400, 700), (280, 420)),
    ParkSpec("蒙苏经济开发区", "MS", "伊金霍洛旗", 150627, 109.70, 39.15, 22.0, "现代煤化工、新材料",
             120, 25.0, (400, 650), (280, 400), ((-5.5, 4.0, 5.0),)),
    ParkSpec("鄂尔多斯高新技术产业开发区", "GX", "东胜区", 150602, 109.78, 39.78, 12.0, "新能源装备、大数据",
             100, 5.0, (260, 420), (200, 300)),
    ParkSpec("杭锦经济开发区", "HJ", "杭锦旗", 150625, 108.60, 40.38, 10.0, "天然气综合利用、新材料",
             80, -35.0, (350, 560), (260, 380), ((3.5, 2.5, 3.0),)),
)

ROAD_WIDTH = 30.0

# 用地用海分类 (自然资源部 2023) codes used for lots, with rough shares in an industrial park.
LAND_USES: tuple[tuple[str, str, float], ...] = (
    ("1001", "工业用地", 0.66),
    ("1101", "物流仓储用地", 0.10),
    ("0901", "商业用地", 0.05),
    ("0801", "机关团体用地", 0.03),
    ("1303", "供电用地", 0.03),
    ("1301", "供水用地", 0.02),
    ("1310", "消防用地", 0.01),
    ("1402", "防护绿地", 0.10),
)

# 准格尔经济开发区 B4-01, modelled on a real listing (see README). Its block's grid is axis-aligned
# and anchored on whole metres so that the parcel has mm coordinates and an exact area:
# a 265.000 m × 265.200 m lot with a 6.875 m × 6.304 m 切角 (corner cut at the road crossing):
# 70 278 − 6.875 × 6.304 / 2 = 70 256.33 m² (105.3845 亩).
B4_01_WIDTH, B4_01_HEIGHT = 265.0, 265.2
B4_01_CUT = (6.875, 6.304)
B4_01_AREA_M2 = 70256.33
B4_BLOCK_WIDTH = 560


@dataclass
class Lot:
    park: ParkSpec
    block: str
    number: int
    geom: shapely.Geometry
    note: str = ""       # why the lot was made to conflict, for the README / debugging


def _park_polygon(spec: ParkSpec, cx: float, cy: float) -> shapely.Geometry:
    rng = _rng("park", spec.code)
    radius = math.sqrt(spec.area_km2 * 1e6 / math.pi)
    parts = [blob(rng, cx, cy, radius, n=56, roughness=0.38, stretch=rng.uniform(1.0, 1.45),
                  angle=rng.uniform(0, math.pi))]
    for dx, dy, area in spec.extra_lobes:
        parts.append(blob(rng, cx + dx * 1000, cy + dy * 1000, math.sqrt(area * 1e6 / math.pi), n=40,
                          roughness=0.25, stretch=rng.uniform(1.0, 1.4), angle=rng.uniform(0, math.pi)))
    # Park boundaries follow roads and property lines: simplify the smooth blob into straight runs.
    return shapely.union_all([p.simplify(radius * 0.02) for p in parts])


def _grid(spec: ParkSpec, cx: float, cy: float, park: shapely.Geometry, shift: tuple[float, float] = (0, 0)):
    """Blocks of the road grid as (row letter, column number, local rect, world polygon).

    As on a planning map, row A is the northernmost row and column 1 the westernmost, counted
    from the north-west corner of the park's extent in the grid's own (rotated) frame.
    """
    rng = _rng("grid", spec.code)
    local_park = rotate(translate(park, -cx, -cy), -spec.grid_angle, origin=(0, 0))
    minx, _, _, maxy = local_park.bounds
    ox, oy = math.floor(minx) + shift[0], math.ceil(maxy) - shift[1]
    ncols = 40
    nrows = 40
    widths = rng.integers(spec.col_widths[0], spec.col_widths[1] + 1, ncols).astype(float)
    heights = rng.integers(spec.row_heights[0], spec.row_heights[1] + 1, nrows).astype(float)
    if spec.code == "ZGE":
        widths[3] = B4_BLOCK_WIDTH
        heights[1] = B4_01_HEIGHT
    x_edges = np.concatenate([[0.0], np.cumsum(widths + ROAD_WIDTH)])
    y_edges = np.concatenate([[0.0], np.cumsum(heights + ROAD_WIDTH)])
    blocks = []
    for r in range(min(nrows, 26)):
        for c in range(ncols):
            x0 = ox + x_edges[c]
            y1 = oy - y_edges[r]
            local = (x0, y1 - heights[r], x0 + widths[c], y1)
            world = _to_world(spec, rect(*local), cx, cy)
            blocks.append((chr(ord("A") + r), c + 1, local, world))
    return blocks


def _subdivide(local, rng) -> list[tuple[int, Polygon]]:
    """Split a block into lots along its long side (sometimes in two rows), in local coordinates."""
    x0, y0, x1, y1 = local
    w, h = x1 - x0, y1 - y0
    n = int(rng.choice([1, 1, 2, 2, 3, 3, 4, 5]))
    two_rows = w * h > 120_000 and rng.random() < 0.35
    cuts = np.cumsum(rng.uniform(0.6, 1.4, n))
    cuts = np.round(cuts / cuts[-1] * w)  # whole metres: planners lay lots out on round numbers
    xs = np.concatenate([[x0], x0 + cuts[:-1], [x1]])
    rows = [(y0, y0 + round(h / 2)), (y0 + round(h / 2), y1)] if two_rows else [(y0, y1)]
    lots = []
    for ya, yb in reversed(rows):  # north row first
        for i in range(n):
            lots.append(rect(xs[i], ya, xs[i + 1], yb))
    return list(enumerate(lots, start=1))


def _b4_lots(local) -> list[tuple[int, Polygon]]:
    x0, y0, x1, y1 = local
    a, b = B4_01_CUT
    lot1 = Polygon([(x0, y0), (x0 + B4_01_WIDTH, y0), (x0 + B4_01_WIDTH, y1), (x0 + a, y1), (x0, y1 - b)])
    mid = x0 + B4_01_WIDTH + 150.0
    return [(1, lot1), (2, rect(x0 + B4_01_WIDTH, y0, mid, y1)), (3, rect(mid, y0, x1, y1))]


def _to_world(spec: ParkSpec, geom, cx: float, cy: float):
    if spec.grid_angle == 0.0:
        return translate(geom, cx, cy)
    return translate(rotate(geom, spec.grid_angle, origin=(0, 0)), cx, cy)


def build_parks_and_lots(banners: dict[str, shapely.Geometry]):
    parks: dict[str, shapely.Geometry] = {}
    centres: dict[str, tuple[float, float]] = {}
    lots: list[Lot] = []
    edge_blocks: dict[str, list] = {}
    for spec in PARKS:
        cx, cy = lonlat_to_project(spec.lon, spec.lat)
        cx, cy = float(round(cx)), float(round(cy))  # whole metres (B4-01's exact area relies on it)
        centres[spec.code] = (cx, cy)
        park = _round(_park_polygon(spec, cx, cy))
        if not banners[spec.banner].contains(park):
            raise AssertionError(f"{spec.name} is not inside {spec.banner}: move its centre")
        parks[spec.code] = park
        inner = park.buffer(-15.0)
        rng = _rng("lots", spec.code)
        core = shapely.Point(cx, cy)
        shift = (0.0, 0.0)
        while True:
            blocks = _grid(spec, cx, cy, park, shift)
            inside = [b for b in blocks if inner.contains(b[3])]
            if spec.code != "ZGE":
                break
            # Slide the grid until block B4 (the real listing) lies inside the park, and develop
            # the park from there.
            b4 = [b for b in inside if b[0] == "B" and b[1] == 4]
            if b4:
                core = shapely.Point((b4[0][3].centroid.x + cx) / 2, (b4[0][3].centroid.y + cy) / 2)
                break
            shift = (shift[0] + 50.0, shift[1] + 50.0)
            if shift[0] > 5000:
                raise AssertionError("block ZGE B4 cannot be placed inside 准格尔经济开发区")
        inside.sort(key=lambda b: (b[3].centroid.distance(core), b[0], b[1]))
        # Blocks cut by the park boundary: candidates for a block that spills outside the park.
        edge_blocks[spec.code] = [b for b in blocks if 0.3 < b[3].intersection(park).area / b[3].area < 0.7]
        forced = [b for b in inside if spec.code == "ZGE" and b[0] == "B" and b[1] == 4]
        count = 0
        for b in forced + [b for b in inside if b not in forced]:
            if count >= spec.quota:
                break
            code = f"{b[0]}{b[1]}"
            parts = _b4_lots(b[2]) if (spec.code == "ZGE" and code == "B4") else _subdivide(b[2], rng)
            for number, poly in parts:
                lots.append(Lot(spec, code, number, _round(_to_world(spec, poly, cx, cy))))
                count += 1
    return parks, centres, lots, edge_blocks


# ---------------------------------------------------------------------------------------------
# Deliberate conflicts (so that the conflict check has something to show)
# ---------------------------------------------------------------------------------------------
def _dkbh(lot: Lot) -> str:
    return f"{lot.park.code}-{lot.block}-{lot.number:02d}"


def add_conflicting_lots(lots: list[Lot], parks, centres, edge_blocks) -> None:
    """Parcels outside the park, overlapping each other, and one bow-tie."""
    by_code = {p.code: p for p in PARKS}
    # A block laid out across the park boundary (达拉特, 高新): its lots are partly outside the park.
    for code in ("DLT", "GX"):
        spec = by_code[code]
        cx, cy = centres[code]
        block = min(edge_blocks[code], key=lambda b: (b[3].centroid.distance(shapely.Point(cx, cy)), b[0], b[1]))
        rng = _rng("edge", code)
        for number, poly in _subdivide(block[2], rng):
            lots.append(Lot(spec, f"{block[0]}{block[1]}", number, _round(_to_world(spec, poly, cx, cy)),
                            "outside_park"))
    # A parcel digitised twice, the second time shifted (鄂托克): overlaps its neighbours.
    base = [lot for lot in lots if lot.park.code == "ETK"][7]
    dup = _round(translate(base.geom, 40.0, 25.0))
    lots.append(Lot(base.park, base.block, 90, dup, "parcel_overlap"))
    # A lot drawn 20 m into its neighbour (蒙苏).
    ms = [lot for lot in lots if lot.park.code == "MS"]
    grown = ms[5]
    grown.geom = _round(grown.geom.buffer(20.0, join_style="mitre"))
    grown.note = "parcel_overlap"
    # A bow-tie (高新): two vertices swapped, as happens when a coordinate list is typed by hand.
    gx = [lot for lot in lots if lot.park.code == "GX" and not lot.note][12]
    ring = list(gx.geom.exterior.coords)[:-1]
    if len(ring) == 4:
        ring[2], ring[3] = ring[3], ring[2]
    gx.geom = Polygon(ring)
    gx.note = "invalid_geometry"


# ---------------------------------------------------------------------------------------------
# Constraint layers
# ---------------------------------------------------------------------------------------------
def build_eco(banners, parks, centres, lots) -> list[dict]:
    ordos = shapely.union_all(list(banners.values()))
    features: list[dict] = []

    def add(name: str, kind: str, geom, banner_hint: str | None = None) -> None:
        geom = _round(geom.intersection(ordos))
        if geom.is_empty or geom.area < 1e4:
            return
        banner = banner_hint or max(banners, key=lambda b: banners[b].intersection(geom).area)
        features.append({"HXMC": name, "HXLX": kind, "XZQMC": banner, "geometry": geom})

    # Broad protected landscapes (illustrative placement of well-known Ordos ecological areas).
    landscapes = [
        ("库布其沙漠防风固沙生态保护红线", "防风固沙", 108.55, 40.15, 14000, 2.6, 0.1),
        ("库布其沙漠东段防风固沙生态保护红线", "防风固沙", 109.60, 40.20, 9000, 2.2, 0.05),
        ("毛乌素沙地防风固沙生态保护红线", "防风固沙", 108.70, 38.55, 12000, 1.5, 0.6),
        ("西鄂尔多斯国家级自然保护区生态保护红线", "生物多样性维护", 107.30, 39.55, 9000, 1.6, 1.2),
        ("鄂尔多斯遗鸥国家级自然保护区生态保护红线", "生物多样性维护", 109.45, 39.82, 4500, 1.3, 0.3),
        ("黄河鄂尔多斯段水源涵养生态保护红线", "水源涵养", 111.05, 39.75, 7000, 1.8, 1.3),
        ("都斯图河水土保持生态保护红线", "水土保持", 107.60, 39.85, 6000, 1.7, 0.8),
        ("无定河源头水源涵养生态保护红线", "水源涵养", 108.85, 38.05, 7000, 1.4, 0.2),
    ]
    for name, kind, lon, lat, radius, stretch, angle in landscapes:
        x, y = lonlat_to_project(lon, lat)
        rng = _rng("eco", name)
        geom = blob(rng, x, y, radius, n=90, roughness=0.3, stretch=stretch, angle=angle)
        # Red lines are drawn around parks that were approved before them: cut the parks out,
        # so these areas *touch* the parks instead of overlapping them.
        geom = geom.difference(shapely.union_all(list(parks.values())).buffer(0.0))
        add(name, kind, geom)

    # Smaller patches near parks: some touch a park, some cut into it (real conflicts).
    for code, name, kind, mode in [
        ("ETK", "桌子山水土保持生态保护红线", "水土保持", "overlap"),
        ("SHM", "上海庙荒漠草原生态保护红线", "防风固沙", "overlap"),
        ("HJ", "独贵塔拉湿地生态保护红线", "生物多样性维护", "overlap"),
        ("ZGE", "十里长川湿地生态保护红线", "水源涵养", "touch"),
        ("MS", "纳林河水源涵养生态保护红线", "水源涵养", "touch"),
    ]:
        park = parks[code]
        cx, cy = centres[code]
        rng = _rng("eco-near", code)
        park_lots = [lot for lot in lots if lot.park.code == code and not lot.note]
        # Aim at the outermost laid-out lot, so that the red line cuts a handful of parcels.
        far = max(park_lots, key=lambda lot: (lot.geom.centroid.distance(shapely.Point(cx, cy)), _dkbh(lot)))
        fx, fy = far.geom.centroid.x, far.geom.centroid.y
        d = math.hypot(fx - cx, fy - cy)
        ux, uy = (fx - cx) / d, (fy - cy) / d
        radius = 1800.0
        intrude = 250.0
        geom = blob(rng, fx + ux * (radius - intrude), fy + uy * (radius - intrude), radius, n=60, roughness=0.2)
        if mode == "touch":
            # Drawn around the park: shares the park boundary where it meets it.
            geom = geom.difference(park)
        add(name, kind, geom, next(p.banner for p in PARKS if p.code == code))
        for lot in park_lots:
            if mode == "overlap" and lot.geom.intersects(geom) and not lot.note:
                lot.note = "eco_redline"
    return features


def build_farmland(banners, parks, eco, udb, lots) -> list[dict]:
    ordos = shapely.union_all(list(banners.values()))
    udb_union = shapely.union_all([f["geometry"] for f in udb])
    eco_union = shapely.union_all([f["geometry"] for f in eco])
    parks_union = shapely.union_all(list(parks.values()))
    kinds = [("0102", "水浇地", 0.78), ("0103", "旱地", 0.18), ("0101", "水田", 0.04)]
    # Irrigated plains along the Yellow River (达拉特/准格尔 north, 杭锦 north) and a few inland oases.
    clusters = [
        ("达拉特旗", "王爱召镇", 109.78, 40.45, 70),
        ("达拉特旗", "树林召镇", 110.10, 40.45, 70),
        ("达拉特旗", "白泥井镇", 110.40, 40.40, 60),
        ("达拉特旗", "吉格斯太镇", 110.62, 40.33, 40),
        ("达拉特旗", "展旦召苏木", 109.45, 40.50, 50),
        ("准格尔旗", "十二连城乡", 110.85, 40.25, 50),
        ("准格尔旗", "大路镇", 111.13, 40.16, 30),
        ("杭锦旗", "独贵塔拉镇", 108.75, 40.55, 50),
        ("杭锦旗", "杭锦淖尔乡", 108.20, 40.70, 30),
        ("鄂托克前旗", "敖勒召其镇", 107.55, 38.20, 20),
        ("乌审旗", "嘎鲁图镇", 108.90, 38.65, 20),
    ]
    features: list[dict] = []
    for banner, town, lon, lat, n in clusters:
        rng = _rng("farm", town)
        x0, y0 = lonlat_to_project(lon, lat)
        angle = rng.uniform(-20, 20)
        fw, fh = rng.uniform(160, 320), rng.uniform(110, 220)
        side = int(math.ceil(math.sqrt(n * 1.6)))
        slots = [(i, j) for i in range(side) for j in range(side)]
        order = rng.permutation(len(slots))
        made = 0
        for k in order:
            if made >= n:
                break
            i, j = slots[k]
            # Fields stay within their slot (pitch = size + 12 m of ditch and track): 图斑 never overlap.
            w = fw * rng.uniform(0.75, 0.92)
            h = fh * rng.uniform(0.75, 0.92)
            px, py = (i - side / 2) * (fw + 12), (j - side / 2) * (fh + 12)
            corners = np.array([(0, 0), (w, 0), (w, h), (0, h)]) + rng.uniform(-8, 8, (4, 2))
            poly = Polygon(corners + (px, py))
            poly = translate(rotate(poly, angle, origin=(0, 0)), x0, y0)
            if (not ordos.contains(poly) or poly.intersects(eco_union) or poly.intersects(parks_union)
                    or poly.intersects(udb_union)):
                continue
            features.append(_farm_feature(rng, banner, town, kinds, poly))
            made += 1

    # A few patches that sit on laid-out parcels (达拉特, 准格尔): these must show up as conflicts.
    for code, town, count in (("DLT", "树林召镇", 4), ("ZGE", "大路镇", 4)):
        rng = _rng("farm-in-park", code)
        candidates = [lot for lot in lots if lot.park.code == code and not lot.note]
        picks = rng.choice(len(candidates), count, replace=False)
        banner = next(p.banner for p in PARKS if p.code == code)
        for k in sorted(picks):
            lot = candidates[int(k)]
            c = lot.geom.exterior.coords[0]
            poly = rotate(rect(c[0] + 10, c[1] + 10, c[0] + 130, c[1] + 100), rng.uniform(-10, 10), origin=c)
            if poly.intersects(eco_union) or any(poly.intersects(f["geometry"]) for f in features[-count:]):
                continue
            features.append(_farm_feature(rng, banner, town, kinds, poly))
            for other in candidates:
                if other.geom.intersects(poly) and not other.note and other.geom.intersection(poly).area > 1.0:
                    other.note = "farmland"
    for i, f in enumerate(features, start=1):
        f["BSM"] = 150600_000_000 + i
        f["TBBH"] = f"{i:05d}"
    return features


def _farm_feature(rng, banner, town, kinds, poly) -> dict:
    r = rng.random()
    acc = 0.0
    code, name = kinds[-1][:2]
    for c, nm, share in kinds:
        acc += share
        if r < acc:
            code, name = c, nm
            break
    return {"DLBM": code, "DLMC": name, "ZLDWMC": f"{banner}{town}", "XZQMC": banner,
            "KCXS": round(float(rng.uniform(0.02, 0.12)), 4), "geometry": _round(poly)}


def build_udb(banners, parks, centres, eco, lots) -> list[dict]:
    """城镇开发边界: one multipolygon per banner, around its towns and (mostly) its parks."""
    towns = {  # 城区 / 旗府所在地 (approximate centres)
        "东胜区": [(109.98, 39.82, 5500)],
        "康巴什区": [(109.79, 39.61, 4500)],
        "达拉特旗": [(110.04, 40.40, 3200)],
        "准格尔旗": [(111.24, 39.86, 3500), (111.16, 40.00, 1800)],
        "鄂托克前旗": [(107.48, 38.18, 2200)],
        "鄂托克旗": [(107.98, 39.10, 2500), (107.02, 39.33, 2000)],
        "杭锦旗": [(108.73, 39.84, 2200)],
        "乌审旗": [(108.84, 38.60, 2800)],
        "伊金霍洛旗": [(109.74, 39.57, 3500)],
    }
    eco_union = shapely.union_all([f["geometry"] for f in eco])
    pieces: dict[str, list] = {b: [] for b in banners}
    for banner, places in towns.items():
        for lon, lat, radius in places:
            x, y = lonlat_to_project(lon, lat)
            pieces[banner].append(blob(_rng("udb-town", banner, lon), x, y, radius, n=64, roughness=0.3))
    for spec in PARKS:
        park = parks[spec.code]
        rng = _rng("udb-park", spec.code)
        around = park.buffer(float(rng.uniform(150, 450)), quad_segs=2).simplify(40.0)
        cx, cy = centres[spec.code]
        if spec.code in ("SLG", "SHM"):
            # Part of the park lies outside the boundary: cut a half-plane across the grid's east
            # side so that exactly ``k`` laid-out parcels reach beyond it.
            a = math.radians(spec.grid_angle)
            k = 8 if spec.code == "SLG" else 6
            reach = sorted((max((x - cx) * math.cos(a) + (y - cy) * math.sin(a) for x, y in lot.geom.exterior.coords)
                            for lot in lots if lot.park.code == spec.code and not lot.note), reverse=True)
            shift = (reach[k - 1] + reach[k]) / 2
            big = rotate(rect(-20000, -20000, 20000, 20000), spec.grid_angle, origin=(0, 0))
            cut = translate(big, cx + math.cos(a) * (20000 + shift), cy + math.sin(a) * (20000 + shift))
            around = around.difference(cut)
        elif spec.code == "HJ":
            # The eastern 片区 sticks out of the boundary (no parcels laid out there yet).
            parts = shapely.get_parts(park)
            lobe = max(parts, key=lambda g: g.centroid.distance(shapely.Point(cx, cy)))
            around = around.difference(lobe.buffer(600.0))
        pieces[spec.banner].append(around)
    features = []
    for banner, parts in pieces.items():
        if not parts:
            continue
        # 三线 do not cross: the boundary stops at the red line (even where a park reaches into it).
        geom = _round(shapely.union_all(parts).intersection(banners[banner]).difference(eco_union))
        features.append({"XZQDM": _adcode(banner), "XZQMC": banner, "geometry": shapely.multipolygons(
            shapely.get_parts(geom)) if geom.geom_type != "MultiPolygon" else geom})
    return features


# 三区空间 (城镇空间 / 农业空间 / 生态空间), drawn around the parks, towns and farmland clusters.
ZONE_TYPES = ("城镇空间", "农业空间", "生态空间")
#: how far the zoned neighbourhood reaches beyond the UDB, the parks and the farmland (metres)
ZONE_REGION_MARGIN = 6000.0
#: 城镇空间 is the UDB plus a ring this wide (where the ring is not red line or farmland)
TOWN_SPACE_RING = 200.0
#: 生态空间 is the red line plus a belt this wide around it (minus 城镇空间 and the farmland)
ECO_SPACE_BELT = 500.0


def build_zones(banners, parks, eco, farmland, udb) -> list[dict]:
    """三区空间: a gap-free partition of the neighbourhood of the parks, towns and farmland.

    城镇空间 holds every 城镇开发边界 polygon (the UDB plus a narrow ring), 生态空间 the red line
    and a belt around it, 农业空间 the rest (the permanent farmland lies there). One multipolygon
    per zone type and banner, on the 1 mm grid; neighbouring features share their edges exactly.
    """
    grid = PRECISION_M
    banners_mm = {b: shapely.set_precision(g, grid) for b, g in banners.items()}
    ordos = shapely.union_all(list(banners_mm.values()), grid_size=grid)
    udb_union = shapely.union_all([f["geometry"] for f in udb], grid_size=grid)
    eco_union = shapely.union_all([f["geometry"] for f in eco], grid_size=grid)
    farm_union = shapely.union_all([f["geometry"] for f in farmland], grid_size=grid)

    # The zoned neighbourhood: an irregular region around each UDB part, park and farmland cluster.
    seeds = (list(shapely.get_parts(udb_union)) + [parks[spec.code] for spec in PARKS]
             + list(shapely.get_parts(farm_union.buffer(1500.0, quad_segs=2))))
    pieces = []
    for k, seed in enumerate(seeds):
        c = seed.centroid
        reach = float(np.max(np.hypot(*(shapely.get_coordinates(seed) - (c.x, c.y)).T)))
        rng = _rng("zones-region", k)
        pieces.append(blob(rng, c.x, c.y, reach + ZONE_REGION_MARGIN, n=48, roughness=0.3,
                           stretch=rng.uniform(1.0, 1.3), angle=rng.uniform(0, math.pi)).simplify(100.0))
        pieces.append(seed.buffer(ZONE_REGION_MARGIN * 0.6, quad_segs=3).simplify(100.0))
    region = shapely.intersection(shapely.union_all(pieces), ordos, grid_size=grid)

    # 城镇空间: the UDB and a ring around it, short of the red line and the farmland.
    ring = shapely.difference(udb_union.buffer(TOWN_SPACE_RING, quad_segs=2).simplify(10.0),
                              shapely.union_all([eco_union, farm_union.buffer(50.0, quad_segs=2)]))
    town = shapely.intersection(shapely.union_all([udb_union, ring], grid_size=grid), region, grid_size=grid)
    # 生态空间: the red line and a belt around it, short of 城镇空间 and the farmland clusters.
    belt = shapely.difference(eco_union.buffer(ECO_SPACE_BELT, quad_segs=3).simplify(25.0),
                              farm_union.buffer(150.0, quad_segs=2).simplify(10.0))
    eco_space = shapely.difference(shapely.union_all([eco_union, belt]), town)
    # 农业空间 is the rest of the region. Rather than three overlays (whose snap-rounding would
    # leave mm slivers between the zones), node every boundary once on the mm grid, cut the
    # region into faces, give each face the zone (城镇 > 生态 > 农业) and banner it lies in, and
    # merge the faces of each (banner, zone): neighbouring features share their edges exactly.
    lines = [shapely.boundary(g) for g in (region, town, eco_space, *banners_mm.values())]
    noded = shapely.union_all(lines, grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    points = shapely.point_on_surface(faces)
    for g in (region, town, eco_space, *banners_mm.values()):
        shapely.prepare(g)
    inside = shapely.covers(region, points)
    zone = np.where(shapely.covers(town, points), 0, np.where(shapely.covers(eco_space, points), 2, 1))
    order = sorted(banners_mm, key=_adcode)
    banner_of = np.full(len(faces), -1)
    for k, banner in enumerate(order):
        banner_of[(banner_of < 0) & shapely.covers(banners_mm[banner], points)] = k

    features = []
    for k, banner in enumerate(order):
        for z, name in enumerate(ZONE_TYPES):
            mine = faces[inside & (banner_of == k) & (zone == z)]
            if not len(mine):
                continue
            geom = shapely.coverage_union_all(mine)
            features.append({"SQLX": name, "XZQDM": _adcode(banner), "XZQMC": banner,
                             "geometry": shapely.multipolygons(shapely.get_parts(geom))})
    for i, f in enumerate(features, start=1):
        f["BSM"] = 150600_300_000 + i
    return features


_ADCODES = {"东胜区": 150602, "康巴什区": 150603, "达拉特旗": 150621, "准格尔旗": 150622, "鄂托克前旗": 150623,
            "鄂托克旗": 150624, "杭锦旗": 150625, "乌审旗": 150626, "伊金霍洛旗": 150627}


def _adcode(banner: str) -> str:
    return str(_ADCODES[banner])


# ---------------------------------------------------------------------------------------------
# Parcel attributes and 标准地 indicators
# ---------------------------------------------------------------------------------------------
STAGES = ("储备", "前期开发", "挂牌", "成交", "开工", "竣工", "投产")
SEVEN_LINKS = ("给水", "排水", "电", "通讯", "路", "燃气", "热力")

B4_01_LISTING = {
    "TZQD": 134.0, "MJSS": 3.0, "RJL": 0.65, "JZMD": 40.0, "LDL": 20.0, "XZBGBL": 7.0,
    "CRNX": 50, "QPJ": 629.0, "SMZQJD": "挂牌", "TDYT": "工业",
}


def parcel_records(lots: list[Lot], conflicted: set[str]) -> list[dict]:
    rng = _rng("landuse")
    probs = np.array([s for _, _, s in LAND_USES])
    records = []
    for lot in lots:
        use = LAND_USES[int(rng.choice(len(LAND_USES), p=probs / probs.sum()))]
        dkbh = _dkbh(lot)
        if dkbh == "ZGE-B4-01":
            use = LAND_USES[0]
        area = float(shapely.area(lot.geom)) if lot.geom.is_valid else float(shapely.area(shapely.make_valid(lot.geom)))
        records.append({
            "DKBH": dkbh,
            "DKMC": f"{lot.park.name}{lot.block}-{lot.number:02d}地块",
            "YQMC": lot.park.name,
            "YDYH": use[0],
            "YDYHMC": use[1],
            "YDMJ": round(area, 2),
            "YDMJM": round(area / SQM_PER_MU, 4),
            "BZD": "否",
            "geometry": lot.geom,
        })
    # 标准地: a few dozen industrial lots across the parks, at every lifecycle stage.
    rng = _rng("biaozhundi")
    industrial = [i for i, r in enumerate(records) if r["YDYH"] == "1001" and r["DKBH"] != "ZGE-B4-01"
                  and 20_000 < r["YDMJ"] < 250_000]
    picks = sorted(int(i) for i in rng.choice(len(industrial), 41, replace=False))
    chosen = [industrial[i] for i in picks]
    # Keep most 标准地 clean, but let a few sit on conflicts (the pre-auction check must catch them).
    clean = [i for i in chosen if records[i]["DKBH"] not in conflicted]
    dirty = [i for i in chosen if records[i]["DKBH"] in conflicted][:3]
    chosen = clean[:41 - len(dirty)] + dirty
    b4 = next(i for i, r in enumerate(records) if r["DKBH"] == "ZGE-B4-01")
    for n, i in enumerate(sorted(chosen)):
        rec = records[i]
        stage = STAGES[n % len(STAGES)]
        rec.update(_indicators(rng, rec["YDMJM"], stage, n))
    records[b4].update(_indicators(rng, records[b4]["YDMJM"], "挂牌", 0))
    records[b4].update(B4_01_LISTING)
    records[b4]["DKMC"] = "准格尔经济开发区B4-01地块（工业标准地）"
    records[b4]["YDMJ"] = B4_01_AREA_M2
    records[b4]["YDMJM"] = 105.3845
    records[b4]["GPRQ"] = "2026-10-20"  # illustrative: the real listing's date is not modelled
    return records


def _indicators(rng, mu: float, stage: str, n: int) -> dict:
    k = STAGES.index(stage)
    rec: dict = {
        "BZD": "是",
        "TDYT": "工业",
        "TZQD": float(rng.choice([100, 120, 134, 150, 180, 200, 240, 300])),
        "RJL": float(rng.choice([0.6, 0.65, 0.8, 1.0, 1.2])),
        "MJSS": float(rng.choice([3, 5, 8, 10, 12, 15])),
        "JZMD": float(rng.choice([40, 45, 50])),
        "LDL": float(rng.choice([15, 20])),
        "XZBGBL": float(rng.choice([5, 7])),
        "CRNX": 50,
        "SMZQJD": stage,
    }
    if k >= 1:  # 七通一平 progress: complete from 挂牌 on
        done = SEVEN_LINKS if k >= 2 else SEVEN_LINKS[: int(rng.integers(2, 6))]
        rec["QTYP"] = ",".join(done)
    if k >= 2:
        rec["QPJ"] = round(mu * float(rng.uniform(5.5, 9.0)), 1)  # 起拍价 万元 (5.5–9 万元/亩)
        # Listed between 2022 and early 2026; later stages were listed earlier.
        listed = date(2022, 3, 1) + timedelta(days=int(rng.integers(0, 1400 - 150 * (k - 2))))
        if stage == "挂牌":  # a listing runs for weeks, not years
            listed = date(2026, 1, 5) + timedelta(days=int(rng.integers(0, 300)))
        if stage == "成交" and n % 2 == 0:
            listed = date(2022, 6, 1) + timedelta(days=int(rng.integers(0, 400)))  # sold, never started: 闲置
        rec["GPRQ"] = listed.isoformat()
    if k >= 3:
        rec["CJJ"] = round(rec["QPJ"] * float(rng.uniform(1.0, 1.15)), 1)  # 成交价 万元
        agreed = listed + timedelta(days=int(rng.integers(120, 240)))
        rec["YDKGRQ"] = agreed.isoformat()                                 # 约定开工日期 (出让合同)
        if k >= 4:
            rec["SJKGRQ"] = (agreed + timedelta(days=int(rng.integers(-20, 200)))).isoformat()  # 实际开工日期
    return rec


# ---------------------------------------------------------------------------------------------
# The 标准地 register (parkgis.core.parcels): the 42 标准地 with their lifecycle events
# ---------------------------------------------------------------------------------------------
#: the sample's "today": every event lies before it (the recipe never reads the clock)
REGISTER_AS_OF = date(2026, 11, 25)
#: 成交 lots whose agreed start passed more than a year ago without a start (闲置 candidates): two were
#: already determined 闲置 (an event), three were not — what `parkgis idle` is for
IDLE_DETERMINED = ("DLT-H7-01", "SHM-J8-04")
#: sold, contract signed, agreed start 2025-12-11: day 366 without a start comes on 2026-12-12 (due soon)
CONTRACT_ONLY = ("MS-V10-02",)
#: started, then suspended with under ⅓ developed: one year of suspension comes on 2027-01-10 (due soon)
SUSPENDED = {"HJ-O7-04": date(2026, 1, 10)}
#: the corrected entry: 开工 first typed as 2023-11-19, corrected to the permit's 2023-11-09
CORRECTED_START = ("ZGE-D5-02", date(2023, 11, 19))
_BUYERS = ("鑫源新材料", "恒泰化工", "蒙西能源", "晟达硅业", "华拓装备", "天佑生物", "中蒙煤化", "宏图建材",
           "金穗硅材", "北疆氢能", "瀚海精细化工", "绿洲光伏", "广宇冶金", "远航物流装备", "博纳医药", "星河数据")


def _recorded(day: date, hour: int = 1) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00.000+00:00"   # 09:00 Beijing time: deterministic


def register_records(project) -> list:
    """The register entries of the sample's 标准地: read from the parcel layer's own attributes
    (``register_from_layer``), then given the dated events of their stage, buyers, contracts, committed
    investment and, once in production, annual figures. B4-01 keeps the real listing's figures."""
    from dataclasses import replace

    from parkgis.core.parcels.model import ASSESSMENT_ITEMS, PREPARATION_ITEMS, Event, Stage
    from parkgis.core.parcels.register import register_from_layer

    specs = {spec.name: spec for spec in PARKS}
    rng = _rng("register")
    out = []
    for n, record in enumerate(sorted(register_from_layer(project, LAYER_PARCELS), key=lambda r: r.id)):
        spec = specs[record.park]
        office = f"{spec.name}管委会"
        industries = spec.industry.split("、")
        mu = record.area_mu
        values: dict = {"region": spec.banner, "industry": industries[int(rng.integers(0, len(industries)))]}
        events: list[Event] = []

        def add(stage, day, note="", by=office, events=events, **extra):
            events.append(Event(stage, day, by=by, note=note, recorded_at=_recorded(day), **extra))

        layer_stage = record.stage
        listed = record.listed_on
        if listed is None:   # 储备 / 前期开发: taken into the reserve in 2025, prepared since
            reserved = date(2025, 3, 1) + timedelta(days=int(rng.integers(0, 300)))
            add(Stage.RESERVE, reserved, "收储入库", from_stage=None)
            if layer_stage == Stage.PREPARATION:
                add(Stage.PREPARATION, min(reserved + timedelta(days=int(rng.integers(60, 200))),
                                           REGISTER_AS_OF - timedelta(days=7)), "启动七通一平")
        else:
            reserved = listed - timedelta(days=int(rng.integers(400, 700)))
            add(Stage.RESERVE, reserved, "收储入库", from_stage=None)
            add(Stage.PREPARATION, reserved + timedelta(days=int(rng.integers(60, 150))), "启动七通一平")
            add(Stage.ASSESSMENT, listed - timedelta(days=int(rng.integers(30, 90))), "区域评估完成，控制指标确定")
            add(Stage.LISTED, listed, "公告挂牌出让")
            values["preparation_done"] = frozenset(PREPARATION_ITEMS)
            values["assessments_done"] = frozenset(ASSESSMENT_ITEMS)
            values["deposit_wan"] = None if record.id == "ZGE-B4-01" else round(record.starting_price_wan * 0.2, 1)
            values["increment_wan"] = None if record.id == "ZGE-B4-01" else 5.0
        if layer_stage in (Stage.SOLD, Stage.STARTED, Stage.COMPLETED, Stage.PRODUCING):
            sold = listed + timedelta(days=21)
            contract = sold + timedelta(days=int(rng.integers(5, 11)))
            buyer = f"鄂尔多斯市{_BUYERS[n % len(_BUYERS)]}有限公司"
            add(Stage.SOLD, sold, f"挂牌成交，竞得人{buyer}")
            add(Stage.CONTRACTED, contract, "签订出让合同及投资建设协议")
            year = contract.year
            intensity = record.bounds["investment_intensity"].minimum
            values.update(
                buyer=buyer, contract_no=f"{spec.code}-CR-{year}-{n + 1:03d}", contract_date=contract,
                agreement_no=f"{spec.code}-TZ-{year}-{n + 1:03d}", agreement_date=contract,
                agreed_completion=record.agreed_start + timedelta(days=730),
                committed_investment_wan=round(intensity * mu * float(rng.uniform(1.0, 1.3)), -1))
            if record.id not in CONTRACT_ONLY:
                delivered = contract + timedelta(days=int(rng.integers(20, 60)))
                if record.actual_start is not None:
                    delivered = min(delivered, record.actual_start - timedelta(days=5))
                add(Stage.DELIVERED, delivered, "交付土地，签订交地确认书")
            if record.id in IDLE_DETERMINED:
                determined = record.agreed_start + timedelta(days=365 + int(rng.integers(30, 90)))
                add(Stage.IDLE, determined, "超过约定动工开发日期满一年未动工，认定为闲置土地（部令第53号第二条）",
                    cause="企业原因")
                values["idle_cause"] = "企业原因"
        if record.actual_start is not None:
            started = record.actual_start
            if record.id == CORRECTED_START[0]:
                wrong = CORRECTED_START[1]
                events.append(Event(Stage.STARTED, wrong, by="录入员", note="项目开工", id=-1,
                                    recorded_at=_recorded(wrong), superseded=True, from_stage=Stage.DELIVERED))
                fix = wrong + timedelta(days=16)
                events.append(Event(Stage.STARTED, started, by=office, note="项目开工", id=-2, corrects=-1,
                                    recorded_at=_recorded(fix, 3), reason="按施工许可证日期更正（原录入 2023-11-19 有误）"))
            else:
                add(Stage.STARTED, started, "项目开工")
            developed, invested = float(rng.uniform(0.4, 0.9)), float(rng.uniform(0.3, 0.8))
            if record.id in SUSPENDED:
                developed, invested = 0.2, 0.15
                values["suspended_since"] = SUSPENDED[record.id]
            values.update(developed_share=round(developed, 2), invested_share=round(invested, 2))
        if layer_stage in (Stage.COMPLETED, Stage.PRODUCING):
            completed = min(record.actual_start + timedelta(days=int(rng.integers(420, 600))),
                            REGISTER_AS_OF - timedelta(days=150))
            add(Stage.COMPLETED, completed, "竣工验收")
            values.update(actual_completion=completed, developed_share=1.0, invested_share=1.0)
            ratio = record.bounds["floor_area_ratio"].minimum
            values["building_area_m2"] = round(record.area_m2 * ratio * float(rng.uniform(0.9, 1.4)), 2)
            if layer_stage == Stage.PRODUCING:
                add(Stage.PRODUCING, min(completed + timedelta(days=int(rng.integers(60, 150))),
                                         REGISTER_AS_OF - timedelta(days=30)), "正式投产")
                tax = record.bounds["tax_per_mu"].minimum
                values["annual_tax_wan"] = round(tax * mu * float(rng.uniform(0.6, 1.6)), 1)
                values["annual_output_wan"] = round(values["annual_tax_wan"] * float(rng.uniform(12, 25)), 1)
        if values.get("committed_investment_wan") is not None and values.get("invested_share") is not None:
            values["invested_wan"] = round(values["committed_investment_wan"] * values["invested_share"], 1)
        if record.id == "ZGE-B4-01":
            values.update(note="仿照准格尔经济开发区B4-01工业标准地挂牌条件（面积、年限、起拍价与控制指标），"
                               "位置与挂牌日期为示意")
        out.append(replace(record, events=events, **values))
    return out


def write_register(project) -> int:
    """Store the sample's register in the project (one commit, audited like any edit)."""
    records = register_records(project)
    with project.edit_register() as register:
        register.add_parcels(records, text="示例工程：登记 42 个标准地")
        register.commit(reason="layers/make_sample.py: the sample's 标准地 register")
    return len(records)


# ---------------------------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------------------------
def _layer(name: str, role: Role, records: list[dict], columns: list[str]) -> VectorLayer:
    df = pd.DataFrame(records)
    for col in columns:
        if col not in df:
            df[col] = None
    gdf = gpd.GeoDataFrame(df[columns], geometry=gpd.GeoSeries(df["geometry"].tolist()), crs=PROJECT_EPSG)
    prov = Provenance(source_path="layers/make_sample.py", driver="generated",
                      source_crs=f"EPSG:{PROJECT_EPSG}", imported_at=GENERATED_AT, data_date="2026-11-25",
                      approval="示意数据，非批复成果")
    return VectorLayer(name, gdf, role=role, role_reason="set by the sample recipe", provenance=prov)


PARCEL_COLUMNS = ["DKBH", "DKMC", "YQMC", "YDYH", "YDYHMC", "YDMJ", "YDMJM", "BZD", "TDYT", "TZQD", "RJL",
                  "MJSS", "JZMD", "LDL", "XZBGBL", "CRNX", "SMZQJD", "QTYP", "QPJ", "CJJ", "GPRQ", "YDKGRQ",
                  "SJKGRQ"]


def _build(realdata: str | Path | None, banners: dict[str, shapely.Geometry] | None = None):
    if banners is None:
        banners = load_ordos_banners(Path(realdata) if realdata else DEFAULT_REALDATA)
    parks, centres, lots, edge_blocks = build_parks_and_lots(banners)
    add_conflicting_lots(lots, parks, centres, edge_blocks)
    eco = build_eco(banners, parks, centres, lots)
    udb = build_udb(banners, parks, centres, eco, lots)
    farmland = build_farmland(banners, parks, eco, udb, lots)
    udb_union = shapely.union_all([f["geometry"] for f in udb])
    parks_union = shapely.union_all(list(parks.values()))
    for lot in lots:
        if not lot.note and lot.geom.is_valid and not udb_union.contains(lot.geom):
            lot.note = "outside_udb"
        if not lot.note and lot.geom.is_valid and not parks_union.contains(lot.geom):
            lot.note = "outside_park"
    return parks, lots, eco, farmland, udb


def conflict_notes(realdata: str | Path | None = None) -> dict[str, str]:
    """DKBH → the conflict the recipe built in on purpose (the first one it made; for checking)."""
    _, lots, _, _, _ = _build(realdata)
    return {_dkbh(lot): lot.note for lot in lots if lot.note}


def build_sample_layers(realdata: str | Path | None = None) -> list[VectorLayer]:
    """The six layers of the sample project, in draw order (bottom first), all in EPSG:4525."""
    banners = load_ordos_banners(Path(realdata) if realdata else DEFAULT_REALDATA)
    parks, lots, eco, farmland, udb = _build(realdata, banners)
    zones = build_zones(banners, parks, eco, farmland, udb)
    conflicted = {_dkbh(lot) for lot in lots if lot.note}

    park_records = []
    for spec in PARKS:
        geom = parks[spec.code]
        park_records.append({
            "YQMC": spec.name, "YQJC": spec.code, "SSQX": spec.banner, "XZQDM": str(spec.adcode),
            "ZDCY": spec.industry, "YQMJ": round(float(geom.area), 2),
            "BZ": "示意四至：位置与形状为虚构，仅供演示，不是批复范围",
            "geometry": shapely.multipolygons(shapely.get_parts(geom)),
        })
    for f in udb:
        f["CZKFBJMJ"] = round(float(f["geometry"].area), 2)
        f["BZ"] = "示意数据"
    for f in eco:
        f["HXMJ"] = round(float(f["geometry"].area), 2)
        f["geometry"] = shapely.multipolygons(shapely.get_parts(f["geometry"]))
    if farmland:
        tbmj = ellipsoidal_area([f["geometry"] for f in farmland], PROJECT_EPSG)
        for f, a in zip(farmland, tbmj, strict=True):
            f["TBMJ"] = round(float(a), 2)                         # 图斑面积: 椭球面积, as in 三调
            f["KCMJ"] = round(f["TBMJ"] * f["KCXS"], 2)           # 扣除地类 (田坎) 面积
            f["TBDLMJ"] = round(f["TBMJ"] - f["KCMJ"], 2)         # 图斑地类面积
    parcels = parcel_records(lots, conflicted)
    for f in zones:
        f["SQMJ"] = round(float(f["geometry"].area), 2)
        f["BZ"] = "示意数据"

    zones_layer = _layer(LAYER_ZONES, Role.ZONES, zones, ["BSM", "SQLX", "XZQDM", "XZQMC", "SQMJ", "BZ"])
    zones_layer.style = default_style(Role.ZONES, zones_layer.gdf)   # the theme's 三区 colours by SQLX
    return [
        zones_layer,
        _layer(LAYER_ECO, Role.ECO_REDLINE, eco, ["HXMC", "HXLX", "XZQMC", "HXMJ"]),
        _layer(LAYER_FARMLAND, Role.FARMLAND, farmland,
               ["BSM", "TBBH", "DLBM", "DLMC", "ZLDWMC", "XZQMC", "TBMJ", "KCXS", "KCMJ", "TBDLMJ"]),
        _layer(LAYER_UDB, Role.UDB, udb, ["XZQDM", "XZQMC", "CZKFBJMJ", "BZ"]),
        _layer(LAYER_PARKS, Role.PARK, park_records, ["YQMC", "YQJC", "SSQX", "XZQDM", "ZDCY", "YQMJ", "BZ"]),
        _layer(LAYER_PARCELS, Role.PARCELS, parcels, PARCEL_COLUMNS),
    ]


def write_project(layers: list[VectorLayer], output: Path) -> None:
    """Write the layers as a parkgis project; the previous file is replaced only on success."""
    from parkgis.core.project import Project

    output = Path(output)
    tmp = output.with_name(f".{output.stem}.building.gpkg")
    if tmp.exists():
        tmp.unlink()
    try:
        project = Project.create(tmp, crs=PROJECT_EPSG, name="鄂尔多斯园区示例工程")
        project.settings["description"] = ("示例工程：园区四至、三线与地块均为示意数据（位置近似、形状虚构），"
                                           "由 layers/make_sample.py 生成")
        for layer in layers:
            project.add_layer(layer)
        project.save()
        write_register(project)
        project.close()
        tmp.replace(output)
    finally:
        if tmp.exists():
            tmp.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the bundled Ordos sample project.")
    parser.add_argument("--realdata", type=Path, default=DEFAULT_REALDATA,
                        help="folder holding admin_boundaries_datav_gcj02/ (default: ../shared/realdata)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if not (args.realdata / BOUNDARY_FILE).is_file():
        parser.error(f"{args.realdata / BOUNDARY_FILE} not found (pass --realdata)")
    layers = build_sample_layers(args.realdata)
    write_project(layers, args.output)
    for layer in layers:
        print(f"{layer.name}\t{layer.role.value}\t{len(layer)} features")
    print(f"{args.output}\t{args.output.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
