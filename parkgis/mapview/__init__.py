"""The map view without Qt (napari's ``components``, QGIS's ``QgsMapTool`` logic): the view
transform (:mod:`.view`), the map tools as state machines over plain events (:mod:`.tools`) and the
flat coordinate snapshots the canvas paints (:mod:`.geometry`).

It imports no PySide6, so it is importable and tested without it (``make test-core-nogui``); the
canvas in :mod:`parkgis.gui.canvas` only translates Qt events into :class:`.tools.MapEvent` and
paints what these modules compute.
"""

from .tools import IdentifyTool, MapEvent, MapTool, MeasureTool, PanTool, SelectTool, ZoomBoxTool
from .view import MapView

__all__ = ["IdentifyTool", "MapEvent", "MapTool", "MapView", "MeasureTool", "PanTool", "SelectTool", "ZoomBoxTool"]
