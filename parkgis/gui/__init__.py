"""PySide6 desktop front end: a thin adapter over :mod:`parkgis.core`.

Nothing outside this package imports it; importing it needs PySide6 (the ``gui`` extra).
"""
