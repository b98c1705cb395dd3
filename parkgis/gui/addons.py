"""Support for GUI modules that plug into the main window with ``install(window)``: such a module
adds its actions to the window's menus, found here, so that one ``install`` line wires a feature in."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu


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

