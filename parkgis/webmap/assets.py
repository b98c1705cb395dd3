"""The vendored Leaflet assets (resources/webmap/, see VENDORED.md) inlined into the page.

folium's elements ask for their JS/CSS by name (``default_js``/``default_css``, each a CDN URL).
:func:`inline_links` replaces every such request with the vendored file, inlined, so the page
needs no other host. A name we neither vendor nor deliberately drop is an error: a new folium
plugin must have its files vendored first, never a silent CDN link.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from functools import cache
from pathlib import Path

from ..core.resources import resource_path

#: folium resource name → vendored file (relative to resources/webmap)
VENDORED_JS: dict[str, str] = {
    "leaflet": "leaflet/leaflet.js",
    "Control.Fullscreen.js": "leaflet.fullscreen/Control.FullScreen.js",
}
VENDORED_CSS: dict[str, str] = {
    "leaflet_css": "leaflet/leaflet.css",
    "Control.FullScreen.css": "leaflet.fullscreen/Control.FullScreen.css",
}
#: folium defaults the page does not use (markers, Bootstrap, jQuery): dropped
DROPPED = frozenset({
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css", "awesome_markers_font_css",
    "awesome_markers_css", "awesome_rotate_css",
})
#: our own page code, after the vendored libraries
OWN_JS = ("parkgis-webmap.js",)
OWN_CSS = ("parkgis-webmap.css",)

_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif", ".jpg": "image/jpeg"}
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^)"'#][^)"']*)\1\s*\)""")


def webmap_dir() -> Path:
    return resource_path("webmap")


def _data_uri(path: Path) -> str:
    mime = _MIME[path.suffix.lower()]
    if mime == "image/svg+xml":
        return f"data:{mime},{urllib.parse.quote(path.read_text(encoding='utf-8'), safe='')}"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@cache
def asset_text(relative: str) -> str:
    """A vendored JS/CSS file as text; relative ``url(...)`` references in CSS become data URIs."""
    path = webmap_dir() / relative
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".css":
        def inline(m: re.Match) -> str:
            ref = m.group(2).strip()
            if ref.startswith(("data:", "http:", "https:", "//")):
                return m.group(0)
            return f'url("{_data_uri(path.parent / ref)}")'
        text = _CSS_URL.sub(inline, text)
        if re.search(r"</style", text, re.I):
            raise ValueError(f"{relative}: contains </style and cannot be inlined")
    elif re.search(r"</script|<!--", text, re.I):
        raise ValueError(f"{relative}: contains </script or <!-- and cannot be inlined")
    return text


def inline_links(elements) -> tuple[list[str], list[str]]:
    """Empty the ``default_js``/``default_css`` of every folium element given, and return the
    vendored JS and CSS texts they need (in order, each once), followed by our own page code."""
    js: list[str] = []
    css: list[str] = []
    for element in elements:
        for attr, table, out in (("default_js", VENDORED_JS, js), ("default_css", VENDORED_CSS, css)):
            for name, url in getattr(element, attr, ()):
                if name in DROPPED:
                    continue
                if name not in table:
                    raise RuntimeError(f"folium asks for {name} ({url}), which is not vendored in "
                                       "resources/webmap; vendor it (see VENDORED.md) or drop it")
                if table[name] not in out:
                    out.append(table[name])
            setattr(element, attr, [])
    return [asset_text(p) for p in [*js, *OWN_JS]], [asset_text(p) for p in [*css, *OWN_CSS]]
