"""The in-app web map preview: a > 2 MB exported map (the size at which ``setHtml`` goes blank) is
loaded from its file by URL and the map draws its paths in QtWebEngine (offscreen)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("folium")
pytest.importorskip("PySide6.QtWebEngineWidgets")

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction

from parkgis.core.project import Project
from parkgis.gui.webmap_preview import WebMapPreview, install, preview_for

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"
#: Inner Mongolia's county boundaries (民政部 TopoJSON) and Ordos' (real data, full detail)
ADMIN = ("admin_boundaries_mca_topojson/150000.json", "admin_boundaries_mca_topojson/150600.json")
PATHS_JS = "document.querySelectorAll('.leaflet-overlay-pane path').length"
SET_HTML_LIMIT = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def big_map(tmp_path_factory, realdata):
    """The sample project plus the real admin boundaries, exported unsimplified: over 2 MB."""
    from parkgis.webmap import export_webmap

    folder = tmp_path_factory.mktemp("bigmap")
    shutil.copy(SAMPLE, folder / "ordos_sample.gpkg")
    project = Project.open(folder / "ordos_sample.gpkg")
    for rel in ADMIN:
        project.add_file(realdata / rel)
    features = sum(len(lyr.gdf) for lyr in project.layers)
    out = export_webmap(project, folder / "大地图.html", simplify_m=0, renderer="svg")
    return out, features


@pytest.fixture
def chinese(zh):
    return zh


def dispose(widget) -> None:
    """Delete a widget holding a web page now: a page alive when the profile goes at exit makes
    QtWebEngine warn "Release of profile requested but WebEnginePage still not deleted"."""
    from PySide6.QtCore import QCoreApplication, QEvent

    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def path_count(preview: WebMapPreview, qtbot, minimum: int) -> int:
    """The number of SVG paths Leaflet drew, polled until it reaches ``minimum``."""
    counts: list = []

    def drawn() -> bool:
        preview.page.runJavaScript(PATHS_JS, 0, counts.append)
        return bool(counts) and (counts[-1] or 0) >= minimum

    qtbot.waitUntil(drawn, timeout=30_000)
    return int(counts[-1])


def test_a_map_over_2_mb_loads_by_url_and_draws(qtbot, chinese, big_map):
    path, features = big_map
    assert path.stat().st_size > SET_HTML_LIMIT
    preview = WebMapPreview()
    qtbot.addWidget(preview)
    preview.resize(1200, 800)
    preview.show()
    with qtbot.waitSignal(preview.loadFinished, timeout=60_000) as blocker:
        preview.load(path)
    assert blocker.args == [True]
    # loaded from the file itself (setHtml would show a data:/about:blank URL)
    assert preview.url() == QUrl.fromLocalFile(str(path.resolve()))
    # every feature of every layer is one SVG path at least (casings under lines add more)
    assert features == 2466
    assert path_count(preview, qtbot, features) >= features
    assert [m for m in preview.page.console if m[0] == "error"] == []
    title: list = []
    preview.page.runJavaScript("document.title", 0, title.append)
    qtbot.waitUntil(lambda: bool(title), timeout=10_000)
    assert title == ["鄂尔多斯园区示例工程 · 园区规划图"]
    assert preview.windowTitle() == "网页地图预览 — 大地图.html"
    assert preview.load_seconds is not None and preview.load_seconds < 30
    assert preview.act_reload.isEnabled() and preview.act_browser.isEnabled()
    dispose(preview)


def test_links_leave_the_preview_for_the_system_browser(qtbot, chinese, big_map):
    path, _ = big_map
    preview = WebMapPreview()
    qtbot.addWidget(preview)
    preview.page.open_external = False   # record instead of starting a browser
    with qtbot.waitSignal(preview.loadFinished, timeout=60_000):
        preview.load(path)
    preview.page.runJavaScript("window.location.href = 'https://example.org/elsewhere';")
    qtbot.waitUntil(lambda: bool(preview.page.external), timeout=10_000)
    assert preview.page.external[0].toString() == "https://example.org/elsewhere"
    assert preview.url() == QUrl.fromLocalFile(str(path.resolve()))   # still the map
    dispose(preview)


def test_install_adds_the_preview_action_and_reuses_one_window(qtbot, chinese, settings, big_map):
    from parkgis.gui.main_window import MainWindow

    path, _ = big_map
    window = MainWindow(settings=settings, interactive=False)
    qtbot.addWidget(window)
    action = install(window)
    assert install(window) is action
    assert window.findChild(QAction, "actPreviewWebMap") is action
    assert action in window.menu_file.actions()
    keeper = preview_for(window)
    with qtbot.waitSignal(keeper.show(path).loadFinished, timeout=60_000):
        pass
    first = keeper.preview
    assert first.isVisible() and first.isWindow()
    with qtbot.waitSignal(keeper.show(path).loadFinished, timeout=60_000):
        pass
    assert keeper.preview is first
    dispose(first)
