"""Support for GUI modules that plug into the main window with ``install(window)``.

Such a module adds its actions to the window's menus without the window knowing it (the window
is edited by others; one ``install`` line wires a feature in). This module finds those menus and
loads the Chinese translations of the add-on strings while they live in their own file
(``resources/translations/parkgis_extra_zh_CN.qm``) rather than in the main one.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from .i18n import current_language
from .resources import resource

EXTRA_TS = "parkgis_extra"
_extra: list[QTranslator] = []
#: a (context, source) pair whose translation tells whether the main .qm already holds the add-on strings
_PROBE = ("CoordFileCheckDialog", "Check Coordinate File")


def ensure_extra_translations() -> bool:
    """Install the add-on translator for the current UI language (idempotent); True when installed.

    Nothing is loaded for English, nor when the main translator already translates the add-on
    strings (after the lead merged ``parkgis_extra_zh_CN.ts`` into ``parkgis_zh_CN.ts``).
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    language = current_language()
    if language == "en":
        remove_extra_translations()
        return False
    if _extra:
        return True
    if QCoreApplication.translate(*_PROBE) != _PROBE[1]:
        return False  # already merged into the main translation
    translator = QTranslator(app)
    if not translator.load(str(resource("translations", f"{EXTRA_TS}_{language}.qm"))):
        return False
    app.installTranslator(translator)
    _extra.append(translator)
    return True


def remove_extra_translations() -> None:
    app = QCoreApplication.instance()
    for translator in _extra:
        if app is not None:
            app.removeTranslator(translator)
    _extra.clear()


def _menu_holding(window: QMainWindow, action: QAction | None) -> QMenu | None:
    if action is None:
        return None
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu) and action in menu.actions():
            return menu
    return None


def find_menu(window: QMainWindow, attribute: str, member: str, title: str) -> QMenu:
    """The window's menu ``window.<attribute>``; else the top-level menu that holds the action
    ``window.<member>``; else a new top-level menu ``title`` (inserted before the Help menu)."""
    menu = getattr(window, attribute, None)
    if isinstance(menu, QMenu):
        return menu
    menu = _menu_holding(window, getattr(window, member, None))
    if menu is not None:
        return menu
    bar = window.menuBar()
    help_menu = _menu_holding(window, getattr(window, "act_about", None))
    menu = QMenu(title, bar)
    if help_menu is not None:
        bar.insertMenu(help_menu.menuAction(), menu)
    else:
        bar.addMenu(menu)
    return menu


def insert_before(menu: QMenu, before: QAction | None, actions: list[QAction], *, separator: bool = True) -> None:
    """Insert ``actions`` into ``menu`` before ``before`` (appended when it is not in the menu), with a
    separator between them and what precedes them."""
    if before is None or before not in menu.actions():
        if separator and menu.actions():
            menu.addSeparator()
        menu.addActions(actions)
        return
    # keep the separator that precedes ``before`` (e.g. the one above Exit) below the new group
    items = menu.actions()
    anchor = items[items.index(before) - 1] if items.index(before) > 0 and items[items.index(before) - 1].isSeparator() \
        else before
    menu.insertActions(anchor, actions)
    if separator:
        menu.insertSeparator(actions[0])

