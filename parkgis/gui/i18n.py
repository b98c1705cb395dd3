"""Language choice and Qt translators: Chinese by default, English by setting.

Source strings are English (``self.tr("...")``); ``resources/translations/parkgis_zh_CN.qm``
carries the Chinese. The choice comes from the environment variable ``PARKGIS_LANG``, else the
``ui/language`` setting, else Simplified Chinese.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from ..core.messages import localize, localize_error
from ..core.roles import ROLE_LABELS_ZH, Role
from .resources import resource

DEFAULT_LANGUAGE = "zh_CN"
_PROPERTY = "parkgis_language"

ROLE_LABELS_EN = {
    Role.PARK: "Park boundary",
    Role.UDB: "Urban development boundary",
    Role.ECO_REDLINE: "Ecological red line",
    Role.FARMLAND: "Permanent basic farmland",
    Role.ZONES: "Three spaces",
    Role.PARCELS: "Parcels / standard land",
    Role.LANDUSE: "Land-use patches",
    Role.REFERENCE: "Reference",
}


def normalise_language(value: str | None) -> str:
    """``"en"``, ``"en_US"`` → ``"en"``; anything Chinese or unknown → ``"zh_CN"``."""
    v = (value or "").strip().lower().replace("-", "_")
    return "en" if v.startswith("en") else DEFAULT_LANGUAGE


def choose_language(settings: QSettings | None = None) -> str:
    env = os.environ.get("PARKGIS_LANG")
    if env:
        return normalise_language(env)
    if settings is not None:
        stored = settings.value("ui/language")
        if stored:
            return normalise_language(str(stored))
    return DEFAULT_LANGUAGE


#: the translators this module installed (kept alive here; replaced when the language changes)
_INSTALLED: list[QTranslator] = []


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install parkgis' and Qt's own translations for ``language`` (replacing earlier ones).

    Widgets translate their strings when built: call this before creating the main window.
    """
    for old in _INSTALLED:
        app.removeTranslator(old)
    _INSTALLED.clear()
    app.setProperty(_PROPERTY, language)
    installed = _INSTALLED
    if language == "en":
        QLocale.setDefault(QLocale("en_US"))
        return list(installed)
    QLocale.setDefault(QLocale("zh_CN"))
    ours = QTranslator(app)
    if ours.load(str(resource("translations", f"parkgis_{language}.qm"))):
        app.installTranslator(ours)
        installed.append(ours)
    # Qt's own strings (file dialogs, message-box buttons) in Chinese too; then ours for the few that
    # Qt's catalogue lacks (installed last, so searched first: "&Look in:", "Files of &type:")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    extra = QTranslator(app)
    if extra.load(str(resource("translations", f"qtbase_extra_{language}.qm"))):
        app.installTranslator(extra)
        installed.append(extra)
    return list(installed)


def current_language() -> str:
    app = QCoreApplication.instance()
    value = app.property(_PROPERTY) if app is not None else None
    return str(value) if value else DEFAULT_LANGUAGE


def role_label(role: Role | str) -> str:
    """The role's name for the user: ``ROLE_LABELS_ZH`` in Chinese, an English label otherwise."""
    try:
        role = Role(role)
    except ValueError:
        return str(role)
    table = ROLE_LABELS_EN if current_language() == "en" else ROLE_LABELS_ZH
    return table.get(role, role.value)


def core_text(text: str | None) -> str:
    """A message of the core (English, fixed wording) in the UI language."""
    return localize(text or "", current_language())


def core_error(exc: BaseException) -> str:
    """The message of an exception the core raised, in the UI language."""
    return localize_error(exc, current_language())
