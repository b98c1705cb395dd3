"""Escaping for everything that reaches the page, and the offline check.

Attribute values, field names, layer names and titles come from many hands (DESIGN §6: a parcel
named ``<img src=x onerror=alert(1)>`` must show as text). Three rules:

- text placed in HTML goes through :func:`html_text` (``&<>"'`` escaped);
- data for the page's script goes through :func:`script_json`: JSON with ``<``, ``>``, ``&`` and
  the line separators U+2028/U+2029 written as ``\\uXXXX`` escapes, so neither ``</script>`` nor
  ``<!--`` can end or confuse the ``<script>`` element that holds it;
- the page script inserts that data with ``textContent`` only (resources/webmap/parkgis-webmap.js).
"""

from __future__ import annotations

import html
import json
import re

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_RE = re.compile("[<>&\u2028\u2029]")


def clean_text(value: object) -> str:
    """``str(value)`` made safe to encode as UTF-8 (lone surrogates from bad decoding become U+FFFD)."""
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text.replace("\x00", "")


def html_text(value: object) -> str:
    """Escape text for an HTML element body or a quoted attribute value.

    >>> html_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(clean_text(value), quote=True)


def script_json(obj: object) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (and inside a JS expression).

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_RE.sub(lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


# src=/href= attribute values and CSS url(...) in the static page
_ATTR_URL_RE = re.compile(r"""\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"]*))\s*\)""", re.I)
_REMOTE_RE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_SCRIPT_BODY_RE = re.compile(r"(<script\b[^>]*>)(.*?)(</script\s*>)", re.I | re.S)


def external_references(page: str) -> list[str]:
    """Every ``src``/``href`` attribute or CSS ``url()`` in ``page`` that points at another host
    (``http://``, ``https://``, protocol-relative ``//``). ``data:`` URIs and fragments are local.
    Script bodies are not markup and are skipped (a URL inside a JS string is not a request; the
    browser test checks the live document after the scripts ran).

    >>> external_references('<script src="https://cdn.example/leaflet.js"></script><a href="#x">')
    ['https://cdn.example/leaflet.js']
    """
    page = _SCRIPT_BODY_RE.sub(lambda m: m.group(1) + m.group(3), page)
    found = []
    for regex in (_ATTR_URL_RE, _CSS_URL_RE):
        for m in regex.finditer(page):
            url = next(g for g in m.groups() if g is not None)
            if _REMOTE_RE.match(url) and not url.strip().lower().startswith("data:"):
                found.append(url)
    return found
