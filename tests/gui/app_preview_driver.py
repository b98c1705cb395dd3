"""Run the real ``parkgis PROJECT`` entry and, once its event loop runs, open the web-map preview on
MAP (as the export dialog's Preview button does); prints what the page drew, then quits.

Usage: python app_preview_driver.py MAP.html PROJECT.gpkg

Run as its own process by tests/gui/test_webengine_start.py: Chromium aborts a process, not a call,
so only a process of its own shows whether the app survives. The only thing added to the real start
is the moment of opening the preview (scheduled when the app enters its event loop).
"""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

PATHS_JS = "document.querySelectorAll('.leaflet-overlay-pane path').length"


def main() -> None:
    map_path, project = sys.argv[1], sys.argv[2]
    print("FLAGS-AT-START", os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS"), flush=True)
    real_exec = QApplication.exec

    def exec_then_preview(*_self):
        QTimer.singleShot(0, lambda: open_preview(map_path))
        QTimer.singleShot(90_000, lambda: (print("TIMEOUT", flush=True), QApplication.exit(3)))
        return real_exec()

    QApplication.exec = exec_then_preview
    sys.argv = ["parkgis", project]
    from parkgis.__main__ import entry

    entry()


def open_preview(map_path: str) -> None:
    from parkgis.gui.main_window import MainWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    print("PROJECT", window.project.path.name if window.project is not None else None, flush=True)
    preview = window._parkgis_webmap_actions.show_preview(map_path)
    print("FLAGS-AT-PREVIEW", os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS"), flush=True)

    def loaded(ok: bool) -> None:
        preview.page.runJavaScript(PATHS_JS, 0, lambda n: finish(ok, n))

    def finish(ok, n) -> None:
        print("LOADED", ok, int(n or 0), flush=True)
        preview.close()
        window.close()
        QApplication.quit()

    preview.loadFinished.connect(loaded)


if __name__ == "__main__":
    main()
