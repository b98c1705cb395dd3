"""Everything at once on one project: the conflict check and a web-map export on their worker
threads, the map rendering on its own, while the GUI thread identifies, selects and zooms on the
same layers. A race on a shared object crashes the test process (which fails CI, as it should); the
results must equal those of a quiet run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("folium")

from PySide6.QtCore import QCoreApplication  # noqa: E402

from parkgis.gui.main_window import MainWindow  # noqa: E402
from parkgis.gui.webmap_dialog import WebMapExportDialog  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"
#: the sample project's check (layers/make_sample.py plants these conflicts)
SUMMARY = {"parcels": 1025, "compliant": 971, "constrained": 11, "prohibited": 43}


def test_check_export_render_and_queries_at_once(qtbot, settings, zh, tmp_path):
    shutil.copy(SAMPLE, tmp_path / "示例.gpkg")
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    assert win.open_project_path(tmp_path / "示例.gpkg")
    parcels = win.project.layer("地块")
    x0, y0, x1, y1 = parcels.gdf.total_bounds
    inside = [g.representative_point() for g in parcels.gdf.geometry.iloc[::150]]
    points = [(pt.x, pt.y) for pt in inside]
    for round_no in range(3):
        dialog = WebMapExportDialog(win.project, settings=settings, interactive=False)
        qtbot.addWidget(dialog)
        dialog.out_edit.setText(str(tmp_path / f"图{round_no}.html"))
        win.show_check_panel()
        if not win.check_panel.is_running():
            assert win.check_panel.run_check()
        assert dialog.export()
        found = rounds = 0
        while win.check_panel.is_running() or dialog.is_running():
            rounds += 1
            for x, y in points:
                found += sum(1 for layer, _rows in win.identify_at(x, y, 1.0) if layer is parcels)
            win.select_in((x0, y0, (x0 + x1) / 2, (y0 + y1) / 2))
            win.canvas.zoom_by(1.5 if round_no % 2 else 0.7)
            QCoreApplication.processEvents()
        assert rounds > 0 and found == rounds * len(points)    # every point hits its parcel, every time
        assert win.check_panel.result.summary == SUMMARY
        assert dialog.last_result is not None and dialog.last_result["summary"] == {
            k: SUMMARY[k] for k in ("compliant", "constrained", "prohibited")}
        assert Path(dialog.last_result["path"]).stat().st_size > 100_000
        dialog.close()
    assert win.canvas.wait_for_render(20)
