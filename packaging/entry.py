"""The frozen programs' script (PyInstaller runs it as ``__main__``, outside any package, so it
imports parkgis absolutely; the package's own ``__main__.py`` uses relative imports and cannot be
the script). Both programs of the bundle run it: ``parkgis`` (console: the CLI, and the desktop app
without arguments) and ``parkgis-gui`` (windowed: the desktop app, a project from the file manager)."""

from parkgis.__main__ import entry

if __name__ == "__main__":
    entry()
