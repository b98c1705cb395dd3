"""The editing tools in the real window (offscreen): the 编辑 toolbar, a vertex dragged with the mouse
on the canvas, saved, and read back from the file with GDAL; a locked layer refused in the status bar."""

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
from parkgis.mapview.edit_tools import VertexTool  # noqa: E402
from parkgis.mapview.tools import MapEvent  # noqa: E402


@pytest.fixture
def window(qtbot, zh, settings):
    win = MainWindow(settings, interactive=False)
    win.resize(1200, 800)
    win.show()
    yield win
    win.close()
    win.deleteLater()


def mouse(canvas, kind, x, y, buttons=Qt.MouseButton.LeftButton):
    """A Qt mouse event at map point (x, y) delivered to the canvas's handler."""
    px, py = canvas.view.to_screen(x, y)
    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease}
    button = Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton
    event = QMouseEvent(types[kind], QPointF(px, py), canvas.mapToGlobal(QPointF(px, py)), button,
                        buttons if kind != "release" else Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    {"press": canvas.mousePressEvent, "move": canvas.mouseMoveEvent, "release": canvas.mouseReleaseEvent}[kind](event)


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
    window.grab().save("/tmp/vertex_drag.png")
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
