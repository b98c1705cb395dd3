"""The map canvas: a pure view transform, geometry snapshots, off-thread rendering, the widget."""

from ...mapview.view import MapView
from .widget import MapCanvas

__all__ = ["MapCanvas", "MapView"]
