"""Base maps for the web map: none (offline), 天地图 (Tianditu, CGCS2000 ≈ WGS84), OSM, or a URL.

Survey data (CGCS2000) sits correctly on Tianditu and OSM tiles. Gaode/AMap, Tencent and Google
China tiles use GCJ-02 (Baidu: BD-09), offset by a few hundred metres in China: such a base map
is allowed only with a warning in the page and on the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.errors import UsageError

BASEMAP_CHOICES = ("none", "tianditu", "osm")

_TIANDITU = ("https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
             "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}"
             "&TILECOL={{x}}&tk={key}")

#: hosts of tile services in GCJ-02 or BD-09 (offset against CGCS2000 / WGS84)
_OFFSET_HOSTS = re.compile(r"autonavi|amap|gaode|is\.autonavi|webrd\d|webst\d|map\.qq|gtimg|qq\.com|"
                           r"google\.cn|gstatic\.cn|bdimg|baidu|bdstatic", re.I)

GCJ02_WARNING = ("注意：底图采用 GCJ-02/BD-09 加密坐标（高德、腾讯、百度等），与 CGCS2000 测绘数据存在约数百米偏移，"
                 "图上叠加位置不可作为依据。")


@dataclass
class Basemap:
    name: str
    tiles: list[dict] = field(default_factory=list)
    warning: str | None = None

    def to_data(self, active: bool) -> dict:
        return {"name": self.name, "tiles": self.tiles, "active": active}


def resolve_basemaps(basemap: str | None, tianditu_key: str | None) -> list[Basemap]:
    """The base maps to offer (the first is shown); [] for ``none``."""
    choice = (basemap or "none").strip()
    if choice.lower() == "none":
        return []
    if choice.lower() == "tianditu":
        if not tianditu_key or not re.fullmatch(r"[0-9A-Za-z]{8,64}", tianditu_key):
            raise UsageError("the Tianditu (天地图) base map needs a key: --tianditu-key KEY (from "
                             "console.tianditu.gov.cn)")
        def tdt(layer: str) -> dict:
            return {"url": _TIANDITU.format(layer=layer, key=tianditu_key), "subdomains": "01234567",
                    "attribution": "天地图", "maxNativeZoom": 18}
        return [Basemap("天地图矢量", [tdt("vec"), tdt("cva")]), Basemap("天地图影像", [tdt("img"), tdt("cia")])]
    if choice.lower() == "osm":
        return [Basemap("OpenStreetMap", [{"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "subdomains": "",
                                           "attribution": "© OpenStreetMap contributors", "maxNativeZoom": 19}])]
    if re.match(r"^https?://", choice, re.I):
        if not all(part in choice for part in ("{z}", "{x}", "{y}")):
            raise UsageError(f"--basemap URL must contain {{z}}, {{x}} and {{y}}: {choice}")
        warning = GCJ02_WARNING if _OFFSET_HOSTS.search(choice) else None
        return [Basemap("自定义底图", [{"url": choice, "subdomains": "abc", "attribution": "", "maxNativeZoom": 18}],
                        warning=warning)]
    raise UsageError(f"unknown base map {choice!r}: use none, tianditu, osm or a tile URL with {{z}}/{{x}}/{{y}}")
