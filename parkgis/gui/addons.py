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


# --- pyproj on QThreadPool threads ---------------------------------------------------------------
_PINNED_PROJ_CONTEXTS: dict[int, object] = {}


def pin_proj_context() -> None:
    """Keep this OS thread's PROJ context alive across QRunnable runs (call at the start of ``run``).

    pyproj 3.7 stores a thread's PROJ context pointer in thread-specific storage of the OS thread, but
    the object that destroys it in a ``threading.local`` of the *Python* thread state. PySide creates a
    fresh Python thread state for every ``QRunnable.run`` on a pool thread and deletes it afterwards:
    the context is destroyed while the OS thread still points at it, and the next run on that thread
    crashes inside PROJ (segfault in ``proj_create`` / ``createFromWKT``, seen here on the second
    export). Holding a reference to the context manager keeps the context valid; use a pool whose
    threads do not expire (:func:`worker_pool`) so that this stays one context per thread.
    """
    from pyproj import CRS
    from pyproj._context import get_context_manager

    CRS.from_epsg(4326)  # make sure this thread's context exists
    # not None only in the run that created this OS thread's context (later runs see a fresh
    # threading.local): keyed by the manager itself, as native thread ids are reused
    manager = get_context_manager()
    if manager is not None:
        _PINNED_PROJ_CONTEXTS[id(manager)] = manager


_POOL = None


def worker_pool():
    """A QThreadPool for add-on workers that use pyproj: one thread that never expires (see
    :func:`pin_proj_context`); exports queue behind each other, which is what a planner expects."""
    global _POOL
    if _POOL is None:
        from PySide6.QtCore import QThreadPool

        _POOL = QThreadPool()
        _POOL.setObjectName("parkgisAddonWorkers")
        _POOL.setMaxThreadCount(1)
        _POOL.setExpiryTimeout(-1)
    return _POOL
