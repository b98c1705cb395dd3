"""Web maps (folium) that open offline: one self-contained HTML file with the desktop's
三区三线 styles, parcels coloured by compliance status or lifecycle stage, safe popups.

folium is imported inside the functions, so importing this package stays cheap and Qt-free.

>>> from parkgis.webmap import export_webmap      # doctest: +SKIP
>>> export_webmap("layers/ordos_sample.gpkg", "map.html", colour_by="status")   # doctest: +SKIP
"""

from .export import WebMap, export_webmap, render_webmap

__all__ = ["WebMap", "export_webmap", "render_webmap"]
