"""``parkgis --self-test [REPORT.json]``: the installation check an IT department runs after putting
parkgis on an offline PC (and the frozen bundle's smoke test runs under Xvfb): the real main window
opens a copy of the bundled sample project, draws the map, runs the 合规性审查, exports a web map and
shows it in the in-app preview, each step timed and asserted. The user's settings and files are
not touched (private settings, a temporary folder). Exit 0 when every step passed, 1 otherwise; the
report (JSON) and a screenshot of each stage go beside REPORT.json."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer

#: what a drawn web map has: Leaflet's vector paths
_PATHS_JS = "document.querySelectorAll('.leaflet-overlay-pane path').length"


class SelfTest:
    def __init__(self, report: Path) -> None:
        self.report = report
        report.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="parkgis-selftest-"))
        self.steps: list[dict] = []
        self.window = None

    def step(self, name: str, action) -> bool:
        t0 = time.perf_counter()
        try:
            detail = action()
            ok = detail is not False
        except Exception as exc:   # a step that fails is reported, and the next ones still run
            ok, detail = False, "".join(traceback.format_exception_only(type(exc), exc)).strip()
        entry = {"step": name, "ok": bool(ok), "ms": round((time.perf_counter() - t0) * 1000, 1)}
        if detail not in (None, True, False):
            entry["detail"] = detail
        self.steps.append(entry)
        print(f"{'ok  ' if ok else 'FAIL'} {name} ({entry['ms']} ms){': ' + str(detail) if 'detail' in entry else ''}",
              flush=True)
        return bool(ok)

    def screenshot(self, name: str) -> None:
        if self.window is not None:
            self.window.grab().save(str(self.report.with_name(f"{self.report.stem}-{name}.png")))

    # ------------------------------------------------------------------ steps
    def open_sample(self):
        from ..core.resources import sample_project_path
        from .main_window import MainWindow

        sample = sample_project_path()
        if sample is None:
            raise RuntimeError("the sample project is not part of this installation")
        copy = self.folder / "ordos_sample.gpkg"
        shutil.copyfile(sample, copy)
        settings = QSettings(str(self.folder / "settings.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(settings, interactive=False)
        self.window.resize(1280, 800)
        self.window.show()
        if not self.window.open_project_path(copy):
            raise RuntimeError(f"the sample did not open: {getattr(self.window, 'last_error', None)}")
        return f"{len(self.window.project.layers)} layers"

    def chinese(self):
        """parkgis's catalog and Qt's own (message-box buttons, file dialogs) are both in."""
        from PySide6.QtCore import QCoreApplication

        ours = QCoreApplication.translate("LiveFeedbackPanel", "Area change:")
        qt = QCoreApplication.translate("QPlatformTheme", "Cancel")
        if ours != "面积变化：" or qt != "取消":
            raise RuntimeError(f"untranslated: {ours!r}, {qt!r}")
        return f"{ours} {qt}"

    def draw_map(self):
        canvas = self.window.canvas
        if not canvas.wait_for_render(30):
            raise RuntimeError("the map was not drawn within 30 s")
        image = canvas.render_to_image()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
        if len(colours) < 4:
            raise RuntimeError(f"the map looks empty ({len(colours)} colours)")
        self.screenshot("map")
        return f"{len(colours)} colours sampled"

    def run_check(self):
        panel = self.window.check_panel
        if not panel.run_check():
            raise RuntimeError("the check did not start")
        if not panel.wait(120_000):
            raise RuntimeError("the check did not finish within 120 s")
        result = panel.result
        if result is None or not result.parcels:
            raise RuntimeError("the check gave no result")
        self.screenshot("check")
        statuses: dict[str, int] = {}
        for parcel in result.parcels:
            statuses[parcel.status] = statuses.get(parcel.status, 0) + 1
        return statuses

    def export_webmap(self):
        from ..webmap import export_webmap

        out = self.folder / "web-map.html"
        export_webmap(self.window.project.path, out)
        text = out.read_text(encoding="utf-8")
        if '<script src="http' in text:        # an intranet PC has no CDN
            raise RuntimeError("the page loads scripts from the network")
        self.webmap = out
        return f"{out.stat().st_size} bytes"

    def preview(self):
        preview = self.window._parkgis_webmap_actions.show_preview(self.webmap)
        if preview is None:
            raise RuntimeError(f"the preview is not available: {getattr(self.window, 'last_error', None)}")
        loop = QEventLoop()
        outcome: dict = {}

        def loaded(ok: bool) -> None:
            outcome["loaded"] = ok
            # Leaflet draws after load: give it a moment, then count what it drew
            QTimer.singleShot(500, lambda: preview.page.runJavaScript(_PATHS_JS, 0, counted))

        def counted(n) -> None:
            outcome["paths"] = int(n or 0)
            loop.quit()

        preview.loadFinished.connect(loaded)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        if not outcome.get("loaded"):
            raise RuntimeError("the page did not load within 60 s" if "loaded" not in outcome else "the page failed to load")
        if outcome.get("paths", 0) == 0:
            raise RuntimeError("the page loaded but drew nothing")
        preview.grab().save(str(self.report.with_name(f"{self.report.stem}-preview.png")))
        preview.close()
        return f"{outcome['paths']} shapes drawn"

    def run(self) -> int:
        from ..core.about import build_info, runtime_versions

        if self.step("open the sample project", self.open_sample):
            self.step("the interface is in Chinese (parkgis and Qt)", self.chinese)
            self.step("draw the map", self.draw_map)
            self.step("run the conflict check", self.run_check)
            if self.step("export a web map", self.export_webmap):
                self.step("show it in the preview", self.preview)
        ok = all(s["ok"] for s in self.steps)
        doc = {"ok": ok, "steps": self.steps, "versions": runtime_versions(), "build": build_info(),
               "executable": sys.executable}
        self.report.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        if self.window is not None:
            self.window.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        return 0 if ok else 1


def run_self_test(report: str | None = None) -> int:
    from .app import create_application

    app = create_application(settings=QSettings(str(Path(tempfile.gettempdir()) / "parkgis-selftest.ini"),
                                                QSettings.Format.IniFormat))
    path = Path(report) if report else Path.cwd() / "parkgis-selftest.json"
    test = SelfTest(path.resolve())
    code = test.run()
    print(f"parkgis self-test: {'passed' if code == 0 else 'FAILED'} — report {path}", flush=True)
    app.processEvents()
    return code


__all__ = ["run_self_test"]
