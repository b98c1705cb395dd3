"""Command-line front end over ``parkgis.core`` (and ``parkgis.webmap``)."""
