"""The conflict check panel: worker run, result model through the Qt API, cancel, export, click → map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from guitools import X0, Y0, box_layer  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from parkgis.core import snapshot as project_snapshot  # noqa: E402
from parkgis.core.analysis import COMPLIANT, CONSTRAINED, PROHIBITED  # noqa: E402
from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.check_panel import (  # noqa: E402
    STATUS_COLORS,
    CheckPanel,
    CheckResultModel,
    CheckSignals,
    CheckTask,
    ConflictRole,
    ParcelRole,
    project_check_inputs,
)
from parkgis.gui.main_window import MainWindow  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"


@pytest.fixture
def conflict_project(tmp_path):
    """A: half in the red line (5000 m², 不符合); B: clean (符合); C: half outside the park (有条件)."""
    project = Project.create(tmp_path / "审查.gpkg")
    project.add_layer(box_layer("生态保护红线", Role.ECO_REDLINE, [(50, 0, 200, 100)]))
    project.add_layer(box_layer("城镇开发边界", Role.UDB, [(-100, -100, 1200, 500)]))
    project.add_layer(box_layer("园区四至", Role.PARK, [(0, 0, 1000, 400)]))
    parcels = box_layer("地块", Role.PARCELS, [(0, 0, 100, 100), (300, 0, 400, 100), (900, 0, 1100, 100)])
    parcels.gdf["DKBH"] = ["A", "B", "C"]
    project.add_layer(parcels)
    return project


def run(panel, qtbot):
    with qtbot.waitSignal(panel.checkFinished, timeout=60000) as blocker:
        assert panel.run_check()
    return blocker.args[0]


def test_inputs_follow_the_roles(conflict_project):
    parcels, constraints = project_check_inputs(conflict_project)
    assert parcels.name == "地块"
    assert sorted(constraints) == ["eco_redline", "park", "udb"]


def test_panel_lists_parcels_worst_first_with_status_colours(qtbot, zh, conflict_project):
    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_project(conflict_project)
    result = run(panel, qtbot)
    assert result.summary == {"parcels": 3, COMPLIANT: 1, CONSTRAINED: 1, PROHIBITED: 1}
    model = panel.model
    assert model.rowCount() == 3
    ids = [model.index(r, 0).data() for r in range(3)]
    assert ids == ["A", "C", "B"]  # 不符合, 有条件, 符合
    assert [model.index(r, 1).data() for r in range(3)] == ["不符合（禁止）", "有条件（限制）", "符合"]
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole).getRgb()[:3] == STATUS_COLORS[PROHIBITED]
    assert model.index(2, 1).data(Qt.ItemDataRole.ForegroundRole).getRgb()[:3] == STATUS_COLORS[COMPLIANT]
    a = model.index(0, 0)
    assert model.rowCount(a) == 1
    child = model.index(0, 0, a)
    assert child.parent() == a
    conflict = child.data(ConflictRole)
    assert conflict.rule == "eco_redline" and conflict.area_m2 == pytest.approx(5000.0)
    # each column one kind of value: the conflict's area under 冲突(m²), nothing under the parcel's 面积(亩)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "地块编号", "结论 / 冲突", "面积(亩)", "冲突(m²)"]
    assert [model.index(0, c, a).data() for c in range(4)] == [
        "", "占用生态保护红线（占地块 50.0%）", "", "5,000.00"]
    assert "7.5000 亩" in model.index(0, 3, a).data(Qt.ItemDataRole.ToolTipRole)   # 5000 m² = 7.5 亩
    assert model.index(0, 2).data() == "15.00"            # the parcel: 100 m × 100 m = 15 亩
    # parcel rows: the part of the parcel in conflict (涉及面积), counted once across rules
    assert [model.index(r, 3).data() for r in range(3)] == ["5,000.00", "10,000.00", ""]
    assert model.rowCount(model.index(2, 0)) == 0         # compliant: no children
    assert a.data(ParcelRole).id == "A"
    # status filter
    panel.filter_combo.setCurrentIndex(panel.filter_combo.findData(CONSTRAINED))
    assert model.rowCount() == 1 and model.index(0, 0).data() == "C"
    panel.filter_combo.setCurrentIndex(0)
    assert model.rowCount() == 3
    assert "不符合（禁止） <b>1</b>" in panel.summary.text()
    # the tooltip says which Gauss-Krüger zone the planar areas were taken in (issue 9 item 3)
    zone = result.parcels[0].area_zone
    assert zone is not None and f"平面面积按第 {zone} 带（EPSG:" in model.index(0, 1).data(
        Qt.ItemDataRole.ToolTipRole)


def test_panel_shows_the_checks_warnings(qtbot, zh, conflict_project):
    """A parcel outside the zone of the project's CRS is said so in the panel, not only in the CLI."""
    parcels = next(lyr for lyr in conflict_project.layers if lyr.role.value == "parcels")
    parcels.gdf = parcels.gdf.set_geometry(parcels.gdf.geometry.translate(-330_000, 0))   # one zone west
    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_project(conflict_project)
    result = run(panel, qtbot)
    (note,) = [w for w in result.warnings if "lie outside zone" in w]
    assert "不在 EPSG:4525 的第 37 带内" in panel.summary.text()   # the note, in the UI language


def test_the_panel_says_what_the_reports_the_web_map_and_the_cli_say(qtbot, zh, conflict_project, tmp_path):
    """One set of words for the conclusions (DESIGN §5: reviews say 符合 / 不符合)."""
    from parkgis.core.report.check_report import render_html, rows
    from parkgis.webmap.content import scheme_tables

    words = {"A": "不符合（禁止）", "B": "符合", "C": "有条件（限制）"}
    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_project(conflict_project)
    result = run(panel, qtbot)
    model = panel.model
    assert {model.index(r, 0).data(): model.index(r, 1).data() for r in range(3)} == words
    assert [panel.filter_combo.itemText(i) for i in range(1, 4)] == ["不符合（禁止）", "有条件（限制）", "符合"]
    assert all(f"{w} <b>1</b>" in panel.summary.text() for w in words.values())
    assert {r[0]: r[2] for r in rows(result)} == words                      # the CSV / XLSX register
    html = render_html(result)
    assert all(w in html for w in words.values())
    assert not any(w in html for w in ("受限", "合规<", ">合规"))
    legend = {c["key"]: c["label"] for c in scheme_tables()["status"]["classes"]}  # the web map's legend
    assert {k: legend[k] for k in (PROHIBITED, CONSTRAINED, COMPLIANT)} == {
        PROHIBITED: "不符合（禁止）", CONSTRAINED: "有条件（限制）", COMPLIANT: "符合"}
    texts = [panel.model.status_label(s) for s in (PROHIBITED, CONSTRAINED, COMPLIANT)]
    assert not {"禁止", "受限", "合规"} & set(texts)


def test_cancel_stops_the_worker(qtbot, conflict_project):
    signals = CheckSignals()
    task = CheckTask(project_snapshot.build(conflict_project), signals)
    task.cancel()
    with qtbot.waitSignal(signals.cancelled, timeout=5000):
        with qtbot.assertNotEmitted(signals.finished):
            task.run()


def test_the_check_reads_the_layers_as_they_were_when_it_started(qtbot, conflict_project):
    """A commit while the check waits for its worker changes the live layers, not the check's input."""
    import threading

    import shapely

    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_project(conflict_project)
    gate = threading.Event()
    panel._worker.submit(lambda: gate.wait(30))    # hold the worker so the commit comes first
    try:
        with qtbot.waitSignal(panel.checkFinished, timeout=60000) as blocker:
            assert panel.run_check()
            with conflict_project.edit("地块") as edit:   # A moved out of the red line, B into it
                edit.set_geometry(1, shapely.box(X0 + 500, Y0, X0 + 600, Y0 + 100))
                edit.set_geometry(2, shapely.box(X0 + 100, Y0, X0 + 180, Y0 + 100))
            gate.set()
    finally:
        gate.set()
    statuses = {p.id: p.status for p in blocker.args[0].parcels}
    assert statuses == {"A": PROHIBITED, "B": COMPLIANT, "C": CONSTRAINED}
    # the live layer has the edit: the next check sees it
    assert run(panel, qtbot).summary == {"parcels": 3, COMPLIANT: 1, CONSTRAINED: 1, PROHIBITED: 1}
    statuses = {p.id: p.status for p in panel.result.parcels}
    assert statuses == {"A": COMPLIANT, "B": PROHIBITED, "C": CONSTRAINED}


def test_no_parcels_is_a_clear_message(qtbot, zh, tmp_path):
    project = Project.create(tmp_path / "空.gpkg")
    project.add_layer(box_layer("园区四至", Role.PARK, [(0, 0, 10, 10)]))
    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    with qtbot.waitSignal(panel.checkFailed) as blocker:
        assert not panel.run_check()
    assert "项目中没有地块（地块/标准地）图层" in blocker.args[0]
    assert panel.run_button.isEnabled()


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html", "gpkg"])
def test_export_uses_the_cli_writers(qtbot, conflict_project, tmp_path, fmt):
    from parkgis.core.report import result_json

    panel = CheckPanel()
    qtbot.addWidget(panel)
    panel.set_project(conflict_project)
    result = run(panel, qtbot)
    out = panel.export(tmp_path / f"report.{fmt}")
    assert out.exists() and out.stat().st_size > 0
    if fmt == "json":
        assert json.loads(out.read_text(encoding="utf-8")) == json.loads(result_json(result))


def test_full_flow_sample_project_click_zooms_to_the_conflict(qtbot, settings, zh):
    """Open the bundled sample → run the check → click a conflict → the map shows it, highlighted."""
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()  # offscreen platform: nothing appears, but docks get their geometry for the click
    assert win.open_project_path(SAMPLE)
    win.show_check_panel()
    panel = win.check_panel
    assert panel.is_running()
    with qtbot.waitSignal(panel.checkFinished, timeout=120000):
        pass
    result = panel.result
    assert result.summary["prohibited"] > 0
    # the first parcel row is prohibited; click its first conflict
    model = panel.model
    top = model.index(0, 0)
    parcel = top.data(ParcelRole)
    assert parcel.status == PROHIBITED
    panel.view.expand(top)
    child = model.index(0, 0, top)
    rect = panel.view.visualRect(child)
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    conflict = child.data(ConflictRole)
    minx, miny, maxx, maxy = win.canvas.to_canvas_bounds(conflict.geometry.bounds, panel.check_crs)
    vx0, vy0, vx1, vy1 = win.canvas.view.extent()
    assert vx0 <= minx and vy0 <= miny and maxx <= vx1 and maxy <= vy1
    # zoomed in: the view is not wider than a few times the parcel
    pminx, _, pmaxx, _ = parcel.geometry.bounds
    assert vx1 - vx0 < 10 * max(pmaxx - pminx, 50)
    pieces = win.canvas.overlay("check_pieces")
    assert pieces is not None and pieces.gdf.geometry.iloc[0].equals(conflict.geometry)
    assert win.canvas.overlay("check_parcel") is not None
    assert win.canvas.wait_for_render(20)


def test_click_a_parcel_pixel_shows_the_highlight(qtbot, settings, zh, conflict_project):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.set_project(conflict_project)
    win.show_check_panel()
    with qtbot.waitSignal(win.check_panel.checkFinished, timeout=60000):
        pass
    assert win.check_panel.select_parcel("A", conflict=0)
    assert win.canvas.wait_for_render(20)
    image = win.canvas.render_to_image()
    # the red-line overlap of A is x 50..100: its centre is drawn in the prohibited red (blended)
    px, py = win.canvas.view.to_screen(X0 + 75, Y0 + 50)
    r, g, b = image.pixelColor(int(px), int(py)).getRgb()[:3]
    assert r > 150 and g < 120 and b < 120


def test_results_are_marked_stale_after_a_layer_change(qtbot, settings, zh, conflict_project):
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.set_project(conflict_project)
    win.show_check_panel()
    with qtbot.waitSignal(win.check_panel.checkFinished, timeout=60000):
        pass
    assert not win.check_panel.stale
    win.set_layer_locked(conflict_project.layer("园区四至"), False)
    assert win.check_panel.stale and "请重新运行审查" in win.check_panel.summary.text()
    with qtbot.waitSignal(win.check_panel.checkFinished, timeout=60000):
        win.check_panel.run_check()
    assert not win.check_panel.stale and "请重新运行审查" not in win.check_panel.summary.text()


def test_the_tooltip_of_an_ellipsoidal_area_that_cannot_be_computed(qtbot, zh):
    from parkgis.core.analysis.results import CheckResult, ParcelResult

    model = CheckResultModel()
    model.set_result(CheckResult(crs="EPSG:4546", min_area=0.0, min_width=0.0,
                                 parcels=[ParcelResult("FAR", None, 10_000.0, float("nan"))]))
    tip = model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "nan" not in tip
    assert tip.startswith("10,000.00 m²（15.0000 亩，1.0000 公顷）；椭球面积无法计算：坐标超出坐标系的定义范围")
