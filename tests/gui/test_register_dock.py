"""The 标准地台账 dock, the idle alerts, the map colouring, the parcel form and the 园区看板 in the real window
(offscreen) on a copy of the sample project, whose register holds 42 parcels. Expected figures are computed
here from the register's own data, by hand, not through the views the GUI uses."""

from __future__ import annotations

import datetime as _dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from parkgis.core.parcels.model import Stage  # noqa: E402
from parkgis.core.parcels.register import load_register  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "layers" / "ordos_sample.gpkg"
AS_OF = _dt.date(2026, 12, 4)


@pytest.fixture
def sample_copy(tmp_path):
    path = tmp_path / "鄂尔多斯示例.gpkg"
    shutil.copy(SAMPLE, path)
    return path


@pytest.fixture
def window(qtbot, zh, settings, sample_copy):
    from parkgis.gui.main_window import MainWindow

    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.register_ui.fixed_as_of = AS_OF
    win.resize(1400, 880)
    win.show()
    assert win.open_project_path(sample_copy)
    win.register_ui.show_dock()
    return win


def days_late_by_hand(record) -> int | None:
    """Days the 部令第53号 clock has run by AS_OF: from the agreed start of a parcel not started, or from the
    suspension of one started with less than ⅓ developed or 25 % invested (None: no clock runs)."""
    started = record.actual_start is not None and record.actual_start <= AS_OF
    if not started:
        if record.agreed_start is None:
            return None
        return (AS_OF - record.agreed_start).days - record.government_delay_days
    below = (record.developed_share is not None and record.developed_share < 1 / 3) or \
        (record.invested_share is not None and record.invested_share < 0.25)
    if record.suspended_since is None or record.suspended_since > AS_OF or not below:
        return None
    return (AS_OF - record.suspended_since).days - record.government_delay_days


def test_dock_lists_the_register_and_filters(window, sample_copy):
    register = load_register(sample_copy)
    panel = window.register_ui.panel
    dock = window.register_ui.dock
    assert dock.windowTitle() == "标准地台账" and dock.isVisible()
    window.check_dock.show()
    assert dock in window.tabifiedDockWidgets(window.check_dock)       # tabbed with the right docks
    window.check_dock.hide()
    assert dock.toggleViewAction() in window.menu_panels.actions()      # 视图 → 面板
    assert window.register_ui.act_dashboard in window.menu_analysis.actions()
    assert len(register) == 42
    assert panel.proxy.rowCount() == 42
    assert panel.model.headers[:4] == ["地块编号", "名称", "园区", "阶段"]
    stages = Counter(r.stage for r in register)
    panel.stage_combo.setCurrentIndex(panel.stage_combo.findData(Stage.STARTED))
    assert panel.proxy.rowCount() == stages[Stage.STARTED] > 0
    panel.park_combo.setCurrentIndex(panel.park_combo.findData("准格尔经济开发区"))
    assert panel.proxy.rowCount() == sum(1 for r in register if r.stage == Stage.STARTED
                                         and r.park == "准格尔经济开发区")
    panel.stage_combo.setCurrentIndex(0)
    assert panel.proxy.rowCount() == sum(1 for r in register if r.park == "准格尔经济开发区") == 11
    panel.park_combo.setCurrentIndex(0)
    # idle filter: 无偿收回候选 = not started more than 730 days after the agreed start
    panel.idle_combo.setCurrentIndex(panel.idle_combo.findData("reclaim"))
    reclaim = sorted(r.id for r in register if (d := days_late_by_hand(r)) is not None and d > 730)
    assert sorted(row.id for row in panel.shown_rows()) == reclaim
    assert len(reclaim) == 5
    panel.idle_combo.setCurrentIndex(panel.idle_combo.findData("due"))
    due = sorted(r.id for r in register if (d := days_late_by_hand(r)) is not None and 0 < d <= 365)
    assert sorted(row.id for row in panel.shown_rows()) == due
    panel.idle_combo.setCurrentIndex(0)
    panel.search.setText("B4-01")
    assert [row.id for row in panel.shown_rows()] == ["ZGE-B4-01"]


def test_status_bar_alert_counts_idle_land_and_opens_the_filtered_dock(window, sample_copy):
    from parkgis.core.parcels.idle import evaluate_idle_all

    register = load_register(sample_copy)
    statuses = evaluate_idle_all(list(register), AS_OF)
    idle = sum(1 for s in statuses if s.status in ("idle", "reclaim"))
    button = window.register_ui.alert_button
    assert button.isVisible()
    assert button.text().startswith(f"闲置 {idle} · 30 天内到期 ")
    assert idle == 5
    assert "部令第53号" in button.toolTip()          # each alert cites its article
    window.register_ui.panel.set_idle_filter(None)
    button.click()
    shown = {row.id for row in window.register_ui.panel.shown_rows()}
    assert {s.id for s in statuses if s.status in ("idle", "reclaim")} <= shown
    assert len(shown) == len(window.register_ui.summary.idle) + len(window.register_ui.summary.due)


def test_a_click_zooms_to_the_parcel_and_selects_it(window, qtbot, sample_copy):
    panel = window.register_ui.panel
    record = load_register(sample_copy).get("ZGE-B4-01")
    index = panel.row_index("ZGE-B4-01")
    assert index.isValid()
    panel.view.clicked.emit(index)
    layer = next(lyr for lyr in window.project.layers if lyr.id == record.layer_id)
    minx, miny, maxx, maxy = layer.gdf.geometry.loc[record.fid].bounds
    x0, y0, x1, y1 = window.canvas.view.extent()
    assert x0 <= minx and y0 <= miny and x1 >= maxx and y1 >= maxy
    assert (x1 - x0) < 4 * (maxx - minx) + 200               # zoomed in on it, not the whole sample
    assert list(window.selection.selected_fids(layer)) == [record.fid]


def test_the_context_menu_runs_the_pre_auction_check_of_that_parcel(window, sample_copy):
    panel = window.register_ui.panel
    assert [a.text() for a in panel.view.actions()] == ["拍前体检…", "打开地块表单…"]
    panel.view.setCurrentIndex(panel.row_index("ZGE-B4-01"))
    panel.precheck_action.trigger()
    dialog = window._parkgis_precheck_actions.dialog
    assert dialog is not None and [r.id for r in dialog.results] == ["ZGE-B4-01"]
    from parkgis.core.parcels.precheck import Prechecker
    assert dialog.results[0].verdict == Prechecker(window.project).check("ZGE-B4-01").verdict
    dialog.close()


def test_colouring_by_stage_draws_every_register_parcel_with_a_legend(window, sample_copy):
    from parkgis.core.parcels.views import STAGE_COLOURS
    from parkgis.gui.register_ui import OVERLAY

    panel = window.register_ui.panel
    panel.set_colour_key("stage")
    overlay = window.canvas.overlay(OVERLAY)
    assert overlay is not None and len(overlay.gdf) == 42
    register = load_register(sample_copy)
    b4 = list(overlay.gdf["class"])[sorted(r.id for r in register).index("ZGE-B4-01")]
    assert b4 == "挂牌"
    assert overlay.style["categorized"]["colors"]["挂牌"] == STAGE_COLOURS[Stage.LISTED]
    legend = [panel.legend.item(k).text() for k in range(panel.legend.count())]
    stages = Counter(r.stage.value for r in register)
    assert legend == [f"{s.value} {stages[s.value]}" for s in Stage if stages[s.value]]
    # the layers panel shows the same classes under the parcel layer, and the parcels off the register
    layer = next(lyr for lyr in window.project.layers if lyr.id == register.get("ZGE-B4-01").layer_id)
    rows = [(e.label, e.count) for e in window.layer_model.legend(layer)]
    assert rows == [(s.value, stages[s.value]) for s in Stage if stages[s.value]] + [("非标准地",
                                                                                      len(layer.gdf) - 42)]
    assert window.layer_model.rowCount(window.layer_model.index_of(layer)) == len(rows)
    panel.set_colour_key(None)
    assert window.canvas.overlay(OVERLAY) is None
    assert window.layer_model.legend(layer) == []


def test_form_records_a_stage_saved_to_the_file_and_refuses_an_illegal_one(window, sample_copy):
    ui = window.register_ui
    form = ui.open_form(ui.register().get("ZGE-B4-01"), modal=False)
    assert [form.next_stage.itemText(k) for k in range(form.next_stage.count())] == ["成交", "储备"]
    # a date before the previous event (挂牌 2026-10-20) is refused, with the reason in Chinese
    from PySide6.QtCore import QDate

    form.next_stage.setCurrentIndex(0)
    form.stage_date.setDate(QDate(2026, 10, 1))
    assert not form.record_stage()
    assert "2026-10-20" in form.message.text() and "挂牌" in form.message.text()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in form.message.text().replace("挂牌", ""))
    # a stage the lifecycle does not allow after 挂牌
    form.next_stage.addItem("开工", Stage.STARTED)
    form.next_stage.setCurrentIndex(form.next_stage.count() - 1)
    form.stage_date.setDate(QDate(2026, 11, 25))
    assert not form.record_stage()
    assert "开工" in form.message.text()
    assert not window.is_modified()                        # refusals change nothing
    form.reload()
    form.next_stage.setCurrentIndex(form.next_stage.findData(Stage.SOLD))
    form.stage_by.setText("王工")
    form.stage_note.setText("挂牌成交")
    assert form.record_stage()
    assert window.is_modified()
    assert form.timeline_rows()[-1] == ("2026-11-25", "成交", False)
    assert ui.register().get("ZGE-B4-01").stage == Stage.SOLD
    assert load_register(sample_copy).get("ZGE-B4-01").stage == Stage.LISTED   # not written before 保存
    assert window.save_project()
    assert not window.is_modified()
    reopened = load_register(sample_copy).get("ZGE-B4-01")
    assert reopened.stage == Stage.SOLD
    last = reopened.current_events()[-1]
    assert (last.stage, last.date, last.by, last.note) == (Stage.SOLD, _dt.date(2026, 11, 25), "王工", "挂牌成交")


def test_form_field_validation_uses_the_core(window):
    ui = window.register_ui
    form = ui.open_form(ui.register().get("ZGE-B4-01"), modal=False)
    form.edits["developed_share"].setText("1.5")
    assert not form.apply_fields()
    assert "0" in form.message.text() and "1" in form.message.text()
    form.edits["developed_share"].setText("0.3")
    form.edits["land_price_wan"].setText("629")
    assert form.apply_fields()
    record = ui.register().get("ZGE-B4-01")
    assert (record.developed_share, record.land_price_wan) == (0.3, 629.0)
    # a figure with more than 6 digits comes back whole: applying other fields leaves it as it is
    form.edits["building_area_m2"].setText("123456.78")
    assert form.apply_fields()
    form.edits["note"].setText("复核")
    assert form.apply_fields()
    assert ui.register().get("ZGE-B4-01").building_area_m2 == 123456.78
    window.undo()
    window.undo()
    window.undo()
    assert ui.register().get("ZGE-B4-01").land_price_wan is None
    assert form.edits["land_price_wan"].text() == ""       # the form follows the undo stack
    # the known answers on the indicators page: 14 000 万元 fails 134 万元/亩 (needs 14 121.5), 320 passes 3
    form.edits["committed_investment_wan"].setText("14000")
    form.edits["annual_tax_wan"].setText("320")
    assert form.apply_fields()
    value, required, verdict = form.check_labels["investment_intensity"]
    assert (required.text(), verdict.text()) == ("14,121.5 万元", "不达标")
    assert form.check_labels["tax_per_mu"][2].text() == "达标"


def test_a_correction_shows_both_entries_and_undo_takes_it_back(window, sample_copy):
    from PySide6.QtCore import QDate

    ui = window.register_ui
    form = ui.open_form(ui.register().get("ZGE-B4-01"), modal=False)
    listed = next(e for e in ui.register().get("ZGE-B4-01").events if e.stage == Stage.LISTED)
    before = form.timeline_rows()
    assert form.choose_event(listed.id)
    form.correct_date.setDate(QDate(2026, 10, 22))
    form.correct_reason.setText("公告日期录错")
    assert not form.correct_button.isEnabled() or form.correct_event()
    rows = form.timeline_rows()
    assert ("2026-10-20", "挂牌", True) in rows and ("2026-10-22", "挂牌", False) in rows
    assert len(rows) == len(before) + 1
    assert any("公告日期录错" in form.timeline.topLevelItem(k).text(4) for k in range(len(rows)))
    # without a reason the core refuses
    fresh = next(e for e in ui.register().get("ZGE-B4-01").events if e.stage == Stage.LISTED and not e.superseded)
    form.choose_event(fresh.id)
    form.correct_reason.setText("")
    assert not form.correct_event()
    window.undo()
    assert form.timeline_rows() == before
    assert not window.is_modified()
    assert len(load_register(sample_copy).get("ZGE-B4-01").events) == len(before)


def test_dashboard_figures_per_park_and_png_export(window, sample_copy, tmp_path):
    from parkgis.core.area import SQM_PER_MU

    register = load_register(sample_copy)
    dash = window.register_ui.show_dashboard()
    figures = {p.park: p for p in dash.figures.parks}
    assert set(figures) == {r.park for r in register}
    main_line = ["储备", "前期开发", "区域评估", "挂牌", "成交", "出让合同", "交地", "开工", "竣工", "投产", "达产复核"]
    for park, pf in figures.items():
        mine = [r for r in register if r.park == park]
        assert pf.count == len(mine)
        assert pf.area_mu == pytest.approx(sum(r.area_m2 for r in mine) / SQM_PER_MU)
        for stage in Stage:
            assert pf.count_by_stage.get(stage, 0) == sum(1 for r in mine if r.stage == stage)
        started = sum(r.area_m2 for r in mine if (r.stage.value in main_line and main_line.index(r.stage.value) >= 7)
                      or (r.actual_start is not None and r.actual_start <= AS_OF)) / SQM_PER_MU
        assert pf.started_mu == pytest.approx(started)
        sold = sum(r.area_m2 for r in mine if r.stage.value not in main_line[:4]) / SQM_PER_MU
        assert pf.sold_mu == pytest.approx(sold)
    # the charts show those numbers: the count chart's bars per park
    chart = dash.count_chart.data
    assert chart.categories == [p.park for p in dash.figures.parks]
    for c, park in enumerate(chart.categories):
        assert sum(values[c] for values in chart.values) == figures[park].count
    idle_now = sum(r.area_m2 for r in register if (d := days_late_by_hand(r)) is not None and d > 365) / SQM_PER_MU
    assert dash.figures.idle_by_month[-1] == (AS_OF, pytest.approx(idle_now, abs=1e-3))
    for name, frame in dash.frames.items():
        out = tmp_path / f"{name}.png"
        assert frame.export_png(str(out))
        assert out.stat().st_size > 2000
        from PySide6.QtGui import QImage

        image = QImage(str(out))
        assert image.width() > 400 and image.height() > 60


def _annual_figures_csv(project_path, tmp_path):
    """Four producing parcels with per-亩 figures in the ratio 4 : 3 : 2 : 1, as a 年度数据 CSV."""
    register = load_register(project_path)
    producing = sorted((r for r in register if r.stage == Stage.PRODUCING), key=lambda r: r.id)[:4]
    assert len(producing) == 4
    lines = ["地块编号,年度,税收（万元）,销售收入（万元）,工业增加值（万元）,综合能耗（吨标准煤）,研发投入（万元）,从业人员（人）"]
    for k, r in zip((4, 3, 2, 1), producing, strict=True):
        mu = r.area_mu
        # energy per 亩 falls as k rises: 单位能耗增加值 (value added / energy) then rises with k too
        lines.append(f"{r.id},2025,{k * mu:.4f},{10 * k * mu:.4f},{5 * k * mu:.4f},{mu / k:.4f},{k * mu / 2:.4f},"
                     f"{round(10 * mu)}")
    csv = tmp_path / "年度数据.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return producing, csv


def test_grades_from_imported_annual_figures_fill_the_dock_and_the_dashboard(qtbot, zh, settings, sample_copy,
                                                                            tmp_path):
    """Four producing parcels with per-亩 figures in the ratio 4 : 3 : 2 : 1 rank in that order: with the default
    cut-offs (A ≤ 25 %, B ≤ 70 %, C ≤ 95 %) of 4 firms that is A, B, C, D."""
    from parkgis.cli.main import run_cli
    from parkgis.gui.main_window import MainWindow

    producing, csv = _annual_figures_csv(sample_copy, tmp_path)
    assert run_cli(["parcels", "import", str(sample_copy), str(csv)]) == 0

    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.register_ui.fixed_as_of = AS_OF
    assert win.open_project_path(sample_copy)
    panel = win.register_ui.panel
    grades = {row.id: row.grade for row in panel.all_rows if row.grade}
    assert grades == dict(zip((r.id for r in producing), "ABCD", strict=True))
    panel.grade_combo.setCurrentIndex(panel.grade_combo.findData("A"))
    assert [row.id for row in panel.shown_rows()] == [producing[0].id]
    panel.set_colour_key("grade")
    legend = [panel.legend.item(k).text() for k in range(panel.legend.count())]
    assert legend == ["A 1", "B 1", "C 1", "D 1", "未评价 38"]
    dash = win.register_ui.show_dashboard()
    assert dash.figures.figures_year == 2025
    for park in {r.park for r in producing}:
        mine = [(k, r) for k, r in zip((4, 3, 2, 1), producing, strict=True) if r.park == park]
        tax = sum(k * r.area_mu for k, r in mine)
        area = sum(r.area_mu for _k, r in mine)
        pf = next(p for p in dash.figures.parks if p.park == park)
        assert pf.tax_per_mu == pytest.approx(tax / area, rel=1e-6)
    assert dash.per_mu_chart.data.categories == [p.park for p in dash.figures.parks if p.tax_per_mu is not None]


def test_a_project_without_register_shows_no_alert(qtbot, zh, settings, sample_project):
    from parkgis.gui.main_window import MainWindow

    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    assert win.open_project_path(sample_project)
    ui = win.register_ui
    assert ui.rows == [] and ui.alert_button.isHidden()
    assert "尚无标准地台账" in ui.panel.summary.text()
    dash = ui.show_dashboard()
    assert dash.figures.parks == [] and dash.figures.idle_by_month == []


def test_the_register_of_a_team_database_in_the_dock_and_a_stage_saved_into_it(qtbot, zh, settings, sample_copy,
                                                                               postgis_server, monkeypatch):
    import os

    from pgserver import ADMIN_PASSWORD
    from PySide6.QtCore import QDate

    from parkgis.core.project import Project
    from parkgis.core.store.postgis import publish_project
    from parkgis.gui.main_window import MainWindow

    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema=f"gui_register_{os.getpid()}")
    publish_project(sample_copy, url)
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.register_ui.fixed_as_of = AS_OF
    win.show()
    assert win.open_project_path(url)
    ui = win.register_ui
    ui.show_dock()
    by_file = load_register(sample_copy)
    assert sorted(r.id for r in ui.register()) == sorted(r.id for r in by_file) and len(by_file) == 42
    form = ui.open_form(ui.register().get("ZGE-B4-01"), modal=False)
    form.next_stage.setCurrentIndex(form.next_stage.findData(Stage.SOLD))
    form.stage_date.setDate(QDate(2026, 11, 25))
    form.stage_by.setText("王工")
    assert form.record_stage()
    assert win.save_project()
    remote = Project.open(url)
    try:
        saved = load_register(remote).get("ZGE-B4-01")
    finally:
        remote.close()
    assert saved.stage == Stage.SOLD and saved.current_events()[-1].by == "王工"
    assert load_register(sample_copy).get("ZGE-B4-01").stage == Stage.LISTED    # the file stays as published
    win.project.close()


def test_annual_figures_imported_into_a_team_database_grade_the_dock(qtbot, zh, settings, sample_copy, tmp_path,
                                                                     postgis_server, monkeypatch):
    import os

    from pgserver import ADMIN_PASSWORD

    from parkgis.cli.main import run_cli
    from parkgis.core.store.postgis import publish_project
    from parkgis.gui.main_window import MainWindow

    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema=f"gui_figures_{os.getpid()}")
    publish_project(sample_copy, url)
    producing, csv = _annual_figures_csv(sample_copy, tmp_path)
    assert run_cli(["parcels", "import", url, str(csv)]) == 0
    win = MainWindow(settings, interactive=False)
    qtbot.addWidget(win)
    win.register_ui.fixed_as_of = AS_OF
    assert win.open_project_path(url)
    grades = {row.id: row.grade for row in win.register_ui.panel.all_rows if row.grade}
    assert grades == dict(zip((r.id for r in producing), "ABCD", strict=True))
    assert win.register_ui.show_dashboard().figures.figures_year == 2025
    win.project.close()
