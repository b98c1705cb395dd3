"""四至 from the map: what lies east, south, west and north of a parcel (东至 / 南至 / 西至 / 北至).

For each direction the parcel is swept that way over ``search_m`` metres (the exact Minkowski sum of the
polygon and the direction's segment: the polygon, its translate and one parallelogram per edge); the side
region is the sweep minus the parcel. A neighbour is on that side when its interior meets the side region —
so a parcel diagonal to a corner (it touches the sweep only along its boundary line) is on no side, and in a
block of four the east neighbour of the north-west lot is the north-east lot and nothing else.

On each side the nearest thing wins: the features that touch the parcel (distance ≤ ``adjacent_m``, 0.05 m:
half the first-class boundary-point error) are all listed, the longest shared stretch first; else the nearest
feature with its distance; else the park boundary when the side leaves the park (园区边界, with its distance);
else open land within ``search_m``. Directions are grid directions of the parcel's projected CRS (坐标北):
the ~1° meridian convergence of a Gauss-Krüger zone does not change which neighbour is on which side.

A 四至 given in the data (:func:`given_sizhi`: the fields :func:`parkgis.core.fields.sizhi_fields` names —
东至, ZDSZD … —, and ``DZ``/``NZ``/``XZ``/``BZ`` only when all four are present, since a lone ``BZ`` is 备注)
is compared with the computed one by :func:`compare_sizhi`, and every difference is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import shapely
import shapely.affinity
from shapely.geometry.base import BaseGeometry

from ..fields import SIZHI_DIRECTIONS, sizhi_fields, value_text

#: direction → unit vector (east, north) in the projected CRS
DIRECTION_VECTORS: dict[str, tuple[float, float]] = {
    "东至": (1.0, 0.0), "南至": (0.0, -1.0), "西至": (-1.0, 0.0), "北至": (0.0, 1.0)}

DEFAULT_SEARCH_M = 200.0
ADJACENT_M = 0.05
#: bare two-letter 四至 codes: read only when all four are present (a lone BZ is 备注)
BARE_CODES = {"东至": "DZ", "南至": "NZ", "西至": "XZ", "北至": "BZ"}


@dataclass(frozen=True)
class Neighbour:
    """Something that can lie beside a parcel: ``kind`` parcel | road | other, its id and name."""

    kind: str
    id: str
    geometry: BaseGeometry
    name: str = ""

    @property
    def label(self) -> str:
        if self.kind == "parcel":
            return f"{self.id}地块"
        if self.kind == "road":
            return self.name or "道路"
        return self.name or self.id


@dataclass
class Side:
    """One 四至 side: the text, what lies there (``entries``: kind, id, label, distance_m, shared_m)."""

    direction: str
    text: str
    entries: list[dict] = field(default_factory=list)
    adjacent: bool = False

    def as_json(self) -> dict:
        return {"text": self.text, "adjacent": self.adjacent, "entries": self.entries}


def _fmt_m(value: float) -> str:
    return f"{value:.2f} m"


def sweep(geom: BaseGeometry, vector: tuple[float, float], distance: float) -> BaseGeometry:
    """The region ``geom`` covers when moved ``distance`` metres along ``vector`` (the Minkowski sum with
    the segment; exact for any polygon, convex or not)."""
    dx, dy = vector[0] * distance, vector[1] * distance
    pieces = [geom, shapely.affinity.translate(geom, dx, dy)]
    for ring in _rings(geom):
        coords = list(ring.coords)
        for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:], strict=True):
            quad = shapely.Polygon([(x0, y0), (x1, y1), (x1 + dx, y1 + dy), (x0 + dx, y0 + dy)])
            if quad.area > 0:
                pieces.append(quad)
    return shapely.union_all(pieces)


def _rings(geom: BaseGeometry):
    for poly in getattr(geom, "geoms", [geom]):
        if poly.is_empty:
            continue
        yield poly.exterior
        yield from poly.interiors


def compute_sizhi(geom: BaseGeometry, neighbours: Iterable[Neighbour], *, park: BaseGeometry | None = None,
                  search_m: float = DEFAULT_SEARCH_M, adjacent_m: float = ADJACENT_M) -> dict[str, Side]:
    """The 四至 of ``geom`` among ``neighbours`` (same projected CRS; the parcel itself must not be among
    them), with ``park`` the park boundary it lies in (None: none known). See the module docstring."""
    near = [n for n in neighbours if n.geometry is not None and not n.geometry.is_empty
            and geom.distance(n.geometry) <= search_m]
    out: dict[str, Side] = {}
    for direction in SIZHI_DIRECTIONS:
        region = sweep(geom, DIRECTION_VECTORS[direction], search_m).difference(geom)
        shapely.prepare(region)
        found = []
        for n in near:
            if not shapely.relate_pattern(region, n.geometry, "T********"):
                continue
            distance = float(geom.distance(n.geometry))
            shared = float(geom.boundary.intersection(n.geometry.boundary).length) if distance <= adjacent_m else 0.0
            found.append((distance, -shared, n.label, n))
        adjacent = sorted(f for f in found if f[0] <= adjacent_m and -f[1] > adjacent_m)
        park_distance = None
        if park is not None and not park.is_empty:
            outside = region.difference(park)
            if not outside.is_empty and outside.area > adjacent_m ** 2:
                park_distance = float(geom.distance(outside))
        if adjacent:
            entries = [{"kind": n.kind, "id": n.id, "label": n.label, "distance_m": 0.0,
                        "shared_m": round(-shared, 2)} for _d, shared, _l, n in adjacent]
            out[direction] = Side(direction, "、".join(e["label"] for e in entries), entries, True)
            continue
        nearest = min(found, key=lambda f: (f[0], f[2])) if found else None
        if park_distance is not None and (nearest is None or park_distance < nearest[0]):
            if park_distance <= adjacent_m:
                out[direction] = Side(direction, "园区边界", [{"kind": "park_boundary", "id": "", "label": "园区边界",
                                                              "distance_m": 0.0, "shared_m": None}], True)
            else:
                out[direction] = Side(direction, f"空地，距园区边界 {_fmt_m(park_distance)}",
                                      [{"kind": "park_boundary", "id": "", "label": "园区边界",
                                        "distance_m": round(park_distance, 2), "shared_m": None}])
            continue
        if nearest is not None:
            d, _s, label, n = nearest
            out[direction] = Side(direction, f"空地，距{label} {_fmt_m(d)}",
                                  [{"kind": n.kind, "id": n.id, "label": label, "distance_m": round(d, 2),
                                    "shared_m": None}])
            continue
        out[direction] = Side(direction, f"空地（{search_m:g} m 内无地物）", [])
    return out


# ------------------------------------------------------------------------------------------ given 四至

def sizhi_columns(columns: Iterable[str]) -> dict[str, str]:
    """direction → the column holding the given 四至 text (first named by ``sizhi_fields``, case-insensitive;
    ``DZ``/``NZ``/``XZ``/``BZ`` only when all four are there)."""
    by_upper = {str(c).upper(): str(c) for c in columns}
    out: dict[str, str] = {}
    for direction in SIZHI_DIRECTIONS:
        for name in sizhi_fields(direction):
            if name.upper() in by_upper:
                out[direction] = by_upper[name.upper()]
                break
    if len(out) < 4 and all(code in by_upper for code in BARE_CODES.values()):
        for direction, code in BARE_CODES.items():
            out.setdefault(direction, by_upper[code])
    return out


def given_sizhi(row: Mapping, columns: Mapping[str, str]) -> dict[str, str]:
    """The 四至 texts of one feature's attributes ``row`` (only non-empty ones)."""
    out = {}
    for direction, column in columns.items():
        text = value_text(row.get(column))
        if text:
            out[direction] = text
    return out


def _norm(text: str) -> str:
    return "".join(str(text).split()).replace("地块", "")


def compare_sizhi(computed: Mapping[str, Side], given: Mapping[str, str]) -> dict[str, dict]:
    """For each direction with a given text: ``{"given", "computed", "agrees"}``. A side agrees when every
    feature that touches the parcel there is named in the given text, or, when nothing touches it (open land,
    the nearest feature some metres away, the park boundary), the text says so (空地 / 道路 / 距 … / 园区)."""
    out = {}
    for direction, text in given.items():
        side = computed.get(direction)
        if side is None:
            continue
        norm = _norm(text)
        ids = [e["id"] for e in side.entries if e["kind"] in ("parcel", "road", "other") and e["id"]]
        if side.adjacent and ids:
            agrees = all(_norm(i) in norm for i in ids)
        elif side.entries and side.entries[0]["kind"] == "park_boundary":
            agrees = any(k in norm for k in ("园区", "边界", "空地", "道路", "路"))
        else:
            # nothing touches this side: the text must say so (open land, a road, a gap); naming the nearest
            # parcel alone claims it is the neighbour, which the map does not show
            agrees = any(k in norm for k in ("空地", "道路", "路", "荒地", "未利用", "距", "隔"))
        out[direction] = {"given": text, "computed": side.text, "agrees": bool(agrees or _norm(side.text) == norm)}
    return out
