"""The core's messages in the user's language.

The core writes its errors, warnings and reasons in English, in a fixed wording: scripts, logs and
tests read them, and the file, feature and values they name are built into the text. The desktop
app (Chinese by default) and the CLI (with ``PARKGIS_LANG=zh_CN``) show them through
:func:`localize`, which finds each message's template in the catalogs beside this module
(``zh_*.py``: pairs of an English template with ``{name}`` placeholders and its Chinese) and fills
the Chinese template with the values it captured — themselves localized, since a message may carry
another (``line 12: the ring has two points``).

Composed text is taken apart the way the core composes it: a prefix before ``": "`` (a file, a
layer, a parcel) is kept and the rest localized, parts joined by ``"; "`` are localized one by one,
and so is each line. Text no template matches is returned unchanged: an English message is shown
rather than a wrong one. A test scans the core's sources so that every message has its template.
"""

from __future__ import annotations

import os
import re
import string
from dataclasses import dataclass
from functools import lru_cache

from . import (
    zh_analysis,
    zh_editing,
    zh_editing_input,
    zh_geos,
    zh_io,
    zh_parcels_evaluate,
    zh_parcels_gui,
    zh_parcels_ledger,
    zh_parcels_precheck,
    zh_parcels_store,
    zh_project,
    zh_team,
    zh_team_dbcheck,
    zh_team_register,
    zh_team_teamlive,
    zh_team_threeway,
    zh_webmap_cli,
)

_LAYER_SUFFIX = re.compile(r"^(?P<path>.*) \(layer (?P<layer>.+)\)$", re.S)


@dataclass(frozen=True)
class _Entry:
    english: str
    chinese: str
    pattern: re.Pattern[str]


def _fields(template: str) -> list[tuple[str, str | None]]:
    """(literal text, placeholder name or None) pairs; ``{{`` and ``}}`` are literal braces."""
    return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(template)]


def _compile(english: str) -> re.Pattern[str]:
    out, seen = [], set()
    for literal, name in _fields(english):
        out.append(re.escape(literal))
        if not name:
            continue
        if name in seen:
            out.append(f"(?P={name})")
        elif not out or out == [""]:
            # a template that opens with a value: the value never spans a ": ", so that a composed
            # "FILE (layer L): feature 3: <message>" keeps its prefix and the message is matched alone
            out.append(f"(?P<{name}>(?:(?!: ).)+?)")
        else:
            out.append(f"(?P<{name}>.+?)")
        seen.add(name)
    return re.compile("".join(out), re.S)


def _names(template: str) -> set[str]:
    return {name for _literal, name in _fields(template) if name}


@lru_cache(maxsize=1)
def catalog() -> tuple[_Entry, ...]:
    """Every (English template, Chinese template) pair, compiled; checked for matching placeholders."""
    entries = []
    for english, chinese in (*zh_editing.MESSAGES, *zh_editing_input.MESSAGES, *zh_io.MESSAGES, *zh_analysis.MESSAGES, *zh_project.MESSAGES, *zh_webmap_cli.MESSAGES,
                             # the 台账's "{sheet} row {row}, column {column}: …" before the store's looser
                             # "{field}: {value} is not a number" (first match wins)
                             *zh_parcels_ledger.MESSAGES, *zh_parcels_store.MESSAGES,
                             *zh_parcels_evaluate.MESSAGES, *zh_team_register.MESSAGES, *zh_team.MESSAGES, *zh_parcels_precheck.MESSAGES,
                             *zh_parcels_gui.MESSAGES,
                             *zh_geos.MESSAGES, *zh_team_threeway.MESSAGES, *zh_team_teamlive.MESSAGES,
                             *zh_team_dbcheck.MESSAGES):
        if _names(english) != _names(chinese):
            raise ValueError(f"message catalog: the placeholders of {english!r} and {chinese!r} differ")
        entries.append(_Entry(english, chinese, _compile(english)))
    return tuple(entries)


def is_english(language: str | None) -> bool:
    return (language or "").strip().lower().startswith("en")


def localize(text: str, language: str | None = "zh_CN") -> str:
    """``text`` (a core message, or several composed) in ``language``; English is returned as is."""
    if not text or is_english(language):
        return text
    return "\n".join(_line(line) for line in str(text).split("\n"))


def localize_error(exc: BaseException, language: str | None = "zh_CN") -> str:
    """The message of ``exc`` in ``language``: a :class:`~parkgis.core.errors.DataError` is rebuilt
    from its parts (file, layer, feature, problem) in the Chinese order and punctuation."""
    from ..errors import DataError

    if is_english(language) or not isinstance(exc, DataError):
        return localize(str(exc), language)
    parts = []
    if exc.path:
        parts.append(exc.path + (f"（图层 {exc.layer}）" if exc.layer else ""))
    if exc.feature is not None:
        parts.append(f"要素 {exc.feature}")
    parts.append("\n".join(_line(line) for line in exc.problem.split("\n")))   # a list under its heading
    return "：".join(parts)


def cli_language() -> str:
    """The CLI's language: ``PARKGIS_LANG`` (as in the desktop app), else the locale's
    (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: Chinese when it starts with ``zh``),
    else English."""
    chosen = os.environ.get("PARKGIS_LANG", "").strip()
    if chosen:
        return "en" if is_english(chosen) else "zh_CN"
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "").strip()
        if value:
            return "zh_CN" if value.lower().startswith("zh") else "en"
    return "en"


@lru_cache(maxsize=8192)
def _line(text: str) -> str:
    """One line: a whole message, else ``prefix: message``, else ``"; "``-joined messages.

    Cached: the prefix search tries every suffix after a ``": "``, and each of those tries its own
    suffixes again; with the cache a line of k parts costs k² matches, not 2ᵏ."""
    whole = _whole(text)
    if whole is not None:
        return whole
    start = 0
    while (cut := text.find(": ", start)) >= 0:
        rest = text[cut + 2:]
        done = _line(rest)
        if done != rest:
            return _prefix(text[:cut]) + "：" + done
        start = cut + 2
    if "; " in text:
        parts = text.split("; ")
        done = [_line(part) for part in parts]
        if all(d != p or not _has_english(p) for d, p in zip(done, parts, strict=True)):
            return "；".join(done)
    return text


def _has_english(text: str) -> bool:
    return re.search(r"[A-Za-z]{3}", text) is not None


def _prefix(text: str) -> str:
    """What stands before ``": "``: a file (with its layer), a parcel, a line number, a message."""
    m = _LAYER_SUFFIX.match(text)
    if m:
        return f"{m['path']}（图层 {m['layer']}）"
    whole = _whole(text)
    return whole if whole is not None else text


def _whole(text: str) -> str | None:
    for entry in catalog():
        m = entry.pattern.fullmatch(text)
        if m is not None:
            values = {k: _line(v) if _has_english(v) else v for k, v in m.groupdict().items()}
            return entry.chinese.format_map(values)
    return None


__all__ = ["catalog", "cli_language", "is_english", "localize", "localize_error"]
