"""In-app preview of an exported web map (网页地图预览): a ``QWebEngineView`` window.

The page is loaded from its file **by URL** (``QUrl.fromLocalFile``), never with ``setHtml``:
``setHtml`` passes the document as a ``data:`` URL, which Chromium caps at 2 MB, and a park's web
map is often larger — the view then stays blank without an error. Loading by URL also gives the
page its real base URL, so the browser treats it exactly like the file a leader opens.

Links that leave the page (the Leaflet attribution, a tile provider's site) open in the system
browser: the preview window only ever shows the exported map.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QIcon, QKeySequence

from .webengine import prepare_environment

prepare_environment()  # in case no create_application ran first (an embedding host): before QtWebEngine loads

from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QProgressBar, QToolBar, QWidget  # noqa: E402

from .addons import find_menu, insert_before  # noqa: E402

_LEVELS = {
    QWebEnginePage.JavaScriptConsoleMessageLevel.InfoMessageLevel: "info",
    QWebEnginePage.JavaScriptConsoleMessageLevel.WarningMessageLevel: "warning",
    QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel: "error",
}


class PreviewPage(QWebEnginePage):
    """Keeps the view on the exported file: other navigations go to the system browser; console
    messages are kept (the tests and the status bar read them)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.console: list[tuple[str, str, int, str]] = []   # (level, message, line, source)
        self.home = QUrl()
        #: where a link would have navigated to (opened externally instead); tests read it
        self.external: list[QUrl] = []
        self.open_external = True

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802 (Qt override)
        self.console.append((_LEVELS.get(level, "info"), message, line, source))

    def acceptNavigationRequest(self, url, nav_type, is_main_frame):  # noqa: N802 (Qt override)
        if not is_main_frame or url.isLocalFile() and url.toLocalFile() == self.home.toLocalFile():
            return True
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked or url.scheme() in ("http", "https"):
            self.external.append(QUrl(url))
            if self.open_external:
                QDesktopServices.openUrl(url)
            return False
        return url.isLocalFile()

    def createWindow(self, _type):  # noqa: N802 (Qt override): target=_blank links
        helper = _ExternalPage(self)
        return helper


class _ExternalPage(QWebEnginePage):
    """A throw-away page for ``target=_blank`` links: hands the URL to the system browser."""

    def __init__(self, owner: PreviewPage) -> None:
        super().__init__(owner)
        self.owner = owner

    def acceptNavigationRequest(self, url, _nav_type, _is_main_frame):  # noqa: N802 (Qt override)
        self.owner.external.append(QUrl(url))
        if self.owner.open_external:
            QDesktopServices.openUrl(url)
        self.deleteLater()
        return False


class WebMapPreview(QMainWindow):
    """A window showing one exported web map file.

    ``loadFinished(ok)`` is emitted when the page has loaded; ``view``/``page`` give access to the
    web view (``page.runJavaScript`` to inspect the map).
    """

    loadFinished = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("webMapPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setWindowTitle(self.tr("Web Map Preview"))
        self.resize(1280, 860)
        self.path: Path | None = None
        self._started = 0.0
        self.load_seconds: float | None = None

        self.view = QWebEngineView(self)
        self.view.setObjectName("webMapView")
        self.page = PreviewPage(self.view)
        self.view.setPage(self.page)
        settings = self.page.settings()
        # the exported page draws base-map tiles from Tianditu/OSM when the user chose one: a file://
        # page may fetch them only with this setting (offline exports request nothing anyway)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.FullScreenSupportEnabled, True)
        self.page.fullScreenRequested.connect(self._full_screen)
        self.setCentralWidget(self.view)

        bar = QToolBar(self.tr("Preview"), self)
        bar.setObjectName("previewToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_reload = QAction(self.tr("&Reload"), self)
        self.act_reload.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.act_reload.setToolTip(self.tr("Load the file again (after a new export)"))
        self.act_reload.triggered.connect(self.reload)
        self.act_browser = QAction(self.tr("Open in &Browser"), self)
        self.act_browser.setToolTip(self.tr("Open the file in the system web browser"))
        self.act_browser.triggered.connect(self.open_in_browser)
        self.act_folder = QAction(self.tr("Show in &Folder"), self)
        self.act_folder.setToolTip(self.tr("Open the folder that holds the file"))
        self.act_folder.triggered.connect(self.open_folder)
        for act in (self.act_reload, self.act_browser, self.act_folder):
            act.setEnabled(False)
            bar.addAction(act)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.file_label = QLabel(self)
        self.file_label.setObjectName("previewFileLabel")
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.view.loadStarted.connect(self._on_started)
        self.view.loadProgress.connect(self.progress.setValue)
        self.view.loadFinished.connect(self._on_finished)

    # --- loading ---------------------------------------------------------------------------------
    def load(self, path: str | Path) -> None:
        """Show the web map in ``path`` (loaded by URL; any size)."""
        self.path = Path(path).resolve()
        url = QUrl.fromLocalFile(str(self.path))
        self.page.home = url
        self.page.console.clear()
        self.setWindowTitle(self.tr("Web Map Preview — %1").replace("%1", self.path.name))
        size = self.path.stat().st_size if self.path.exists() else 0
        self.file_label.setText(self.tr("%1 (%2 MB)").replace("%1", str(self.path)).replace(
            "%2", f"{size / 1e6:.2f}"))
        for act in (self.act_reload, self.act_browser, self.act_folder):
            act.setEnabled(True)
        self.view.load(url)

    def reload(self) -> None:
        if self.path is not None:
            self.load(self.path)

    def url(self) -> QUrl:
        return self.view.url()

    def _on_started(self) -> None:
        self._started = time.perf_counter()
        self.load_seconds = None
        self.progress.setValue(0)
        self.progress.show()

    def _on_finished(self, ok: bool) -> None:
        self.progress.hide()
        self.load_seconds = time.perf_counter() - self._started if self._started else None
        if ok:
            self.statusBar().showMessage(self.tr("Loaded in %1 s").replace("%1", f"{self.load_seconds or 0:.2f}"),
                                         10000)
        else:
            self.statusBar().showMessage(self.tr("The page could not be loaded"), 15000)
        self.loadFinished.emit(ok)

    # --- actions ---------------------------------------------------------------------------------
    def open_in_browser(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def open_folder(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))

    def _full_screen(self, request) -> None:
        # the page's full-screen button: the whole preview window goes full screen
        request.accept()
        if request.toggleOn():
            self.menuBar().hide()
            for bar in self.findChildren(QToolBar):
                bar.hide()
            self.statusBar().hide()
            self.showFullScreen()
        else:
            for bar in self.findChildren(QToolBar):
                bar.show()
            self.statusBar().show()
            self.showNormal()


def show_preview(path: str | Path, parent: QWidget | None = None, *, reuse: WebMapPreview | None = None) -> WebMapPreview:
    """Open (or reuse) a preview window on ``path`` and show it."""
    preview = reuse if reuse is not None else WebMapPreview(parent)
    if parent is not None and reuse is None:
        preview.setWindowFlag(Qt.WindowType.Window, True)  # its own top-level window, owned by the parent
    preview.load(path)
    preview.show()
    preview.raise_()
    preview.activateWindow()
    return preview


class WebMapPreviewActions:
    """Keeps the main window's preview window (one, reused) — used by the export dialog too."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.preview: WebMapPreview | None = None

    def show(self, path: str | Path) -> WebMapPreview:
        self.preview = show_preview(path, self.window, reuse=self.preview)
        return self.preview


def preview_for(window: QMainWindow) -> WebMapPreviewActions:
    """The window's preview keeper (made on first use, stored on the window)."""
    keeper = getattr(window, "_parkgis_webmap_preview", None)
    if keeper is None:
        keeper = WebMapPreviewActions(window)
        window._parkgis_webmap_preview = keeper
    return keeper


class PreviewMenu(QObject):
    """Owns the "Preview Web Map…" action (a QObject so that its strings go through ``self.tr``)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.action = QAction(QIcon(), self.tr("&Preview Web Map…"), window)
        self.action.setObjectName("actPreviewWebMap")
        self.action.setStatusTip(self.tr("Show an exported web map (HTML) in a preview window"))
        self.action.triggered.connect(self.choose_and_show)
        menu = find_menu(window, "menu_file", "act_exit", self.tr("&File"))
        insert_before(menu, getattr(window, "act_exit", None), [self.action])

    def choose_and_show(self) -> WebMapPreview | None:
        settings = getattr(self.window_, "settings", None) or QSettings()
        start = str(settings.value("webmap/last_export", "") or Path.home())
        path, _ = QFileDialog.getOpenFileName(self.window_, self.tr("Preview Web Map"), start,
                                              self.tr("Web map (*.html *.htm);;All files (*)"))
        if not path:
            return None
        return preview_for(self.window_).show(path)


def install(window: QMainWindow) -> QAction:
    """Add "Preview Web Map…" to the File menu (beside the export); returns the action."""
    existing = window.findChild(QAction, "actPreviewWebMap")
    if existing is not None:
        return existing
    holder = PreviewMenu(window)
    window._parkgis_preview_menu = holder
    return holder.action
