"""The desktop's editing in the real window (offscreen) on a real project file: a polygon drawn with the
mouse and saved, a vertex drag as one step of the undo history, the snap marker, the live compliance
panel, precise coordinate input and the validation list before saving."""

from __future__ import annotations

import pyogrio
import pytest
import shapely

pytest.importorskip("PySide6")

from guitools import X0, Y0  # noqa: E402
from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402

from parkgis.core.project import Project  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402
from parkgis.mapview.edit_tools import DrawPolygonTool, VertexTool  # noqa: E402
from parkgis.mapview.tools import MapEvent  # noqa: E402


@pytest.fixture
def window(qtbot, zh, settings):
    win = MainWindow(settings, interactive=False)
    win.resize(1200, 800)
    win.show()
    yield win
    win.close()
    win.deleteLater()


def mouse(canvas, kind, x, y, buttons=Qt.MouseButton.LeftButton, modifiers=Qt.KeyboardModifier.NoModifier):
    """A Qt mouse event at map point (x, y) delivered to the canvas's handler."""
    px, py = canvas.view.to_screen(x, y)
    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease, "double": QEvent.Type.MouseButtonDblClick}
    button = Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton
    event = QMouseEvent(types[kind], QPointF(px, py), canvas.mapToGlobal(QPointF(px, py)), button,
                        buttons if kind != "release" else Qt.MouseButton.NoButton, modifiers)
    {"press": canvas.mousePressEvent, "move": canvas.mouseMoveEvent, "release": canvas.mouseReleaseEvent,
     "double": canvas.mouseDoubleClickEvent}[kind](event)


def click(canvas, x, y):
    mouse(canvas, "press", x, y)
    mouse(canvas, "release", x, y)


def open_parcels(window, sample_project, tool):
    assert window.open_project_path(sample_project)
    parcels = window.project.layer("地块")
    window.layer_view.setCurrentIndex(window.layer_model.index_of(parcels))
    window.edit_tool_actions[tool].trigger()
    assert window.canvas.wait_for_render()
    return parcels


def test_a_polygon_drawn_with_the_mouse_is_saved_into_the_file_without_a_render_per_move(window, sample_project):
    open_parcels(window, sample_project, "draw_polygon")
    canvas = window.canvas
    assert isinstance(canvas.tool, DrawPolygonTool)
    jobs = canvas._job_id
    corners = [(X0 + 600, Y0 + 400), (X0 + 800, Y0 + 400), (X0 + 800, Y0 + 600), (X0 + 600, Y0 + 600)]
    for x, y in corners:
        click(canvas, x, y)
        for k in range(5):                       # the rubber band follows the mouse
            mouse(canvas, "move", x + 7 * k, y + 3 * k, buttons=Qt.MouseButton.NoButton)
    canvas.repaint()
    assert canvas._job_id == jobs and not canvas.is_rendering()     # a mouse move never renders a layer
    mouse(canvas, "double", *corners[-1])
    mouse(canvas, "release", *corners[-1])
    assert len(window.undo_stack) == 1 and window.editor.act_save.isEnabled()
    assert window.editor.save_edits()
    back = pyogrio.read_dataframe(sample_project, layer="地块")
    assert len(back) == 4
    assert any(g.equals(shapely.box(X0 + 600, Y0 + 400, X0 + 800, Y0 + 600)) for g in back.geometry)
    assert 40_000.0 in set(back.geometry.area.round(3))


def test_a_vertex_drag_is_one_step_of_the_undo_history_and_a_click_there_goes_back(window, sample_project, qtbot):
    parcels = open_parcels(window, sample_project, "vertex")
    canvas = window.canvas
    fid = int(parcels.gdf.index[2])                                    # box (100, 400, 400, 700)
    corner = (X0 + 400, Y0 + 700)
    mouse(canvas, "move", *corner, buttons=Qt.MouseButton.NoButton)
    mouse(canvas, "press", *corner)
    for k in range(1, 11):
        mouse(canvas, "move", corner[0] + 4 * k, corner[1] + 6 * k)
    assert canvas.tool.dragging and len(window.undo_stack) == 0
    mouse(canvas, "release", corner[0] + 40, corner[1] + 60)
    assert len(window.undo_stack) == 1
    panel = window.undo_panel
    assert panel.count() == 2 and panel.item(1).text().startswith("移动节点 地块")
    assert panel.currentRow() == 1
    session = window.project.session_for(parcels)
    assert (X0 + 440, Y0 + 760) in session.feature(fid).geometry.exterior.coords
    panel.itemClicked.emit(panel.item(0))                 # back to the original state
    qtbot.waitUntil(lambda: window.undo_stack.index == 0)
    assert session.feature(fid).geometry.equals(shapely.box(X0 + 100, Y0 + 400, X0 + 400, Y0 + 700))
    assert panel.count() == 2 and panel.currentRow() == 0  # the undone step stays listed, for redo
    window.act_redo.trigger()
    assert (X0 + 440, Y0 + 760) in session.feature(fid).geometry.exterior.coords


def test_the_snap_marker_names_the_vertex_and_the_toggle_turns_it_off(window, sample_project):
    open_parcels(window, sample_project, "draw_polygon")
    canvas = window.canvas
    near = (X0 + 500 + canvas.view.mpp * 4, Y0 + 300 - canvas.view.mpp * 3)   # 5 px from a parcel corner
    mouse(canvas, "move", *near, buttons=Qt.MouseButton.NoButton)
    snaps = [data for kind, data in canvas.tool.rubber() if kind == "snap"]
    assert snaps and snaps[0][:2] == (X0 + 500, Y0 + 300) and "顶点" in snaps[0][2] and "地块" in snaps[0][2]
    click(canvas, *near)
    assert canvas.tool.points == [(X0 + 500, Y0 + 300)]
    window.editor.act_snap.trigger()                      # S: snapping off
    assert not window.editor.snapping
    mouse(canvas, "move", *near, buttons=Qt.MouseButton.NoButton)
    assert not [kind for kind, _ in canvas.tool.rubber() if kind == "snap"]
    assert canvas.tool.hover == near


def test_dragging_a_parcel_corner_into_farmland_shows_the_conflict_live(window, sample_project):
    parcels = open_parcels(window, sample_project, "vertex")
    canvas = window.canvas
    window.editor.act_snap.trigger()                      # exact places, no snapping
    corner, target = (X0 + 400, Y0 + 700), (X0 + 450, Y0 + 1300)
    mouse(canvas, "press", *corner)
    for k in range(1, 11):
        mouse(canvas, "move", corner[0] + 5 * k, corner[1] + 60 * k)
    assert window.live_dock.isVisible()
    panel = window.live_panel
    shape = shapely.Polygon([(X0 + 100, Y0 + 400), (X0 + 400, Y0 + 400), target, (X0 + 100, Y0 + 700)])
    farmland = shapely.box(X0 + 400, Y0 + 1200, X0 + 700, Y0 + 1500)
    expected = shape.intersection(farmland).area
    rows = {panel.table.item(r, 0).text(): panel.table.item(r, 2).text() for r in range(panel.table.rowCount())}
    assert rows["占用永久基本农田"] == f"{expected:,.2f}"
    changes = {panel.table.item(r, 0).text(): panel.table.item(r, 4).text() for r in range(panel.table.rowCount())}
    assert changes["占用永久基本农田"] == f"{expected:+,.2f}"          # the square touched no farmland before
    assert panel.table.horizontalHeaderItem(4).text() == "变化（m²）"
    assert panel.status_label.text().startswith("不符合")
    assert "编辑前：符合" in panel.status_label.text()
    grown = shape.area - 300 * 300
    assert panel.change_label.text() == f"{grown:+,.2f} m² | {grown * 15 / 10_000:+,.4f} 亩"
    assert panel.planar_label.text().startswith(f"{shape.area:,.2f} m²")
    pieces = [data for kind, data in canvas.tool.rubber() if kind == "overlap"]
    assert pieces and abs(sum(p[2].area for p in pieces if p[1] == "farmland") - expected) < 1e-6
    mouse(canvas, "release", *target)
    assert len(window.undo_stack) == 1
    assert not [kind for kind, _ in canvas.tool.rubber() if kind == "overlap"]
    assert parcels is window.project.layer("地块")


def test_typed_points_and_a_pasted_list_become_features(window, sample_project):
    from parkgis.gui.edit_input import PreciseInputDialog

    parcels = open_parcels(window, sample_project, "draw_polygon")
    dialog = PreciseInputDialog(window, window.project.edit(parcels))
    for text in ("X=4400800 Y=37500600", "D=100 A=90", "D=100 A=0"):
        dialog.point_edit.setText(text)
        assert dialog.add_point(), dialog.message.text()
    fid = dialog.create_feature()
    session = window.project.session_for(parcels)
    assert session.feature(fid).geometry.equals(shapely.Polygon(
        [(X0 + 600, Y0 + 800), (X0 + 700, Y0 + 800), (X0 + 700, Y0 + 900)]))
    assert session.feature(fid).geometry.area == 5_000.0
    dialog.point_edit.setText("X=4400800")
    assert not dialog.add_point() and dialog.message.text()          # one clear line, nothing added
    dialog.tabs.setCurrentIndex(1)
    dialog.paste_edit.setPlainText("J1,4401000,37500600\nJ2,4401000,37500700\nJ3,4401100,37500700\n"
                                   "J4,4401100,37500600\n")
    second = dialog.create_feature()
    assert session.feature(second).geometry.area == 10_000.0 and len(window.undo_stack) == 2


def test_an_overlap_is_listed_before_saving_repaired_or_saved_flagged(window, sample_project):
    parcels = open_parcels(window, sample_project, "draw_polygon")
    session = window.project.edit(parcels)
    fid = session.add_feature(shapely.box(X0 + 250, Y0 + 250, X0 + 350, Y0 + 350), {})
    assert not window.editor.save_edits()                 # refused: the list opens
    dialog = window.validation_list
    assert dialog.findings and any(f.fid == fid for f in dialog.findings)
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(0))            # a click shows the place
    fx, fy = dialog.findings[0].x, dialog.findings[0].y
    ex = window.canvas.view.extent()
    assert ex[0] < fx < ex[2] and ex[1] < fy < ex[3] and ex[2] - ex[0] < 200
    while dialog.findings and dialog.repair_current():
        pass
    assert not dialog.findings and dialog.save_button.text() == "保存"
    assert dialog.save()
    back = pyogrio.read_dataframe(sample_project, layer="地块", fid_as_index=True)
    others = back.geometry.drop(fid)
    assert back.geometry[fid].intersection(shapely.union_all(others.values)).area < 1e-6


def test_dragging_a_vertex_with_the_mouse_moves_it_in_the_saved_file(window, sample_project, qtbot):
    assert window.open_project_path(sample_project)
    assert {"绘制面(&D)", "节点工具(&V)", "分割要素(&S)"} <= {a.text() for a in window.edit_toolbar.actions()}
    parcels = window.project.layer("地块")
    window.layer_view.setCurrentIndex(window.layer_model.index_of(parcels))
    fid = int(parcels.gdf.index[0])                                   # box (100, 100, 300, 300)
    assert window.edit_toolbar.isHidden()            # a laptop's map keeps its height until editing starts
    window.edit_tool_actions["vertex"].trigger()
    assert not window.edit_toolbar.isHidden()
    canvas = window.canvas
    assert canvas.wait_for_render()
    assert isinstance(canvas.tool, VertexTool) and window.edit_tool_actions["vertex"].isChecked()
    corner, target = (X0 + 300, Y0 + 300), (X0 + 260, Y0 + 340)
    mouse(canvas, "move", corner[0] + canvas.view.mpp * 3, corner[1])   # hover 3 px away: within 8 px
    mouse(canvas, "press", corner[0] + canvas.view.mpp * 3, corner[1])
    for k in range(1, 9):
        mouse(canvas, "move", corner[0] - 5 * k, corner[1] + 5 * k)
    assert canvas.tool.dragging and len(window.undo_stack) == 0      # the drag only moves the rubber band
    assert canvas.tool.rubber()[0][0] == "polygon"
    mouse(canvas, "release", *target)
    assert len(window.undo_stack) == 1
    assert window.save_project()
    back = pyogrio.read_dataframe(sample_project, layer="地块", fid_as_index=True)
    coords = list(back.geometry[fid].exterior.coords)
    assert target in coords and corner not in coords
    expected = shapely.Polygon([(X0 + 300, Y0 + 100), target, (X0 + 100, Y0 + 300), (X0 + 100, Y0 + 100)])
    assert back.geometry[fid].equals(expected)
    # the neighbour (300, 100, 500, 300) sharing the corner stays: no topological editing asked
    assert back.geometry[int(parcels.gdf.index[1])].equals(shapely.box(X0 + 300, Y0 + 100, X0 + 500, Y0 + 300))


def test_a_locked_layer_is_refused_in_the_status_bar(window, sample_project):
    project = Project.open(sample_project)
    project.set_locked("地块", True)
    project.save()
    project.close()
    assert window.open_project_path(sample_project)
    window.layer_view.setCurrentIndex(window.layer_model.index_of(window.project.layer("地块")))
    window.edit_tool_actions["draw_polygon"].trigger()
    assert "锁定" in window.statusBar().currentMessage()
    tool = window.canvas.tool
    for x, y in ((0, 0), (50, 0), (50, 50)):
        mouse(window.canvas, "press", X0 + 600 + x, Y0 + 600 + y)
        mouse(window.canvas, "release", X0 + 600 + x, Y0 + 600 + y)
    tool.key(MapEvent("key", key="enter"))
    assert len(window.undo_stack) == 0 and not window.is_modified()
