"""What the desktop bundle holds besides the analysed code: the licence texts of every third-party
component it ships (the list is :mod:`parkgis.core.about`'s, shown by 帮助 → 关于 too), its build
record, the modules it must not pull in, and the collected files it does not need at run time.
Imported by ``parkgis.spec`` (PyInstaller) and by the packaging tests."""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import re
from pathlib import Path

from parkgis.core.about import components, licences_text

#: never needed by parkgis at run time (and large): tests, notebooks, other GUI toolkits, plotting,
#: the Qt modules it does not import
EXCLUDED_MODULES = [
    "fiona", "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "IPython", "jupyter", "notebook", "matplotlib",
    "PyQt5", "PyQt6", "setuptools", "pip", "PyInstaller", "ruff", "importlinter", "grimp", "psutil",
    "PySide6.Qt3DAnimation", "PySide6.Qt3DCore", "PySide6.Qt3DExtras", "PySide6.Qt3DInput", "PySide6.Qt3DLogic",
    "PySide6.Qt3DRender", "PySide6.QtBluetooth", "PySide6.QtCharts", "PySide6.QtDataVisualization",
    "PySide6.QtDesigner", "PySide6.QtGraphs", "PySide6.QtHelp", "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets", "PySide6.QtNfc", "PySide6.QtQuick3D", "PySide6.QtRemoteObjects",
    "PySide6.QtScxml", "PySide6.QtSensors", "PySide6.QtSerialBus", "PySide6.QtSerialPort",
    "PySide6.QtSpatialAudio", "PySide6.QtSql", "PySide6.QtStateMachine", "PySide6.QtTest",
    "PySide6.QtTextToSpeech", "PySide6.QtUiTools", "PySide6.QtHttpServer", "PySide6.QtPdfWidgets",
]


def licence_files(root: str) -> list[tuple[str, str]]:
    """(source file, folder under LICENSES/) for every licence text, plus ``LICENSES/README.txt``
    (one line per component), written under ``build/``."""
    items = components(root)
    pairs = [(src, c.name) for c in items for src in c.files]
    readme = Path(root) / "build" / "licences" / "README.txt"
    readme.parent.mkdir(parents=True, exist_ok=True)
    readme.write_text("parkgis bundle: third-party components and their licences\n\n" + licences_text(items) + "\n",
                      encoding="utf-8")
    pairs.append((str(readme), "."))
    return pairs


def build_record(root: str) -> str:
    """``build/build_info.json`` (shipped as ``resources/build_info.json``): when and where the bundle
    was built, for 帮助 → 关于 and support requests."""
    path = Path(root) / "build" / "build_info.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"kind": "bundle", "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
              "platform": platform.platform(), "python": platform.python_version()}
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(path)


#: the Qt libraries the bundle keeps: what QtWidgets, QtSvg, QtWebEngineWidgets and the kept plugins load
#: (``ldd`` of those modules and of QtWebEngineProcess); QML, Quick Controls, Wayland, 3D, multimedia go
KEPT_QT_LIBRARIES = frozenset({
    "Core", "DBus", "Gui", "Network", "OpenGL", "Positioning", "PrintSupport", "Qml", "QmlMeta", "QmlModels",
    "QmlWorkerScript", "Quick", "QuickWidgets", "Svg", "WebChannel", "WebEngineCore", "WebEngineWidgets",
    "Widgets", "XcbQpa",
})
_QT_LIBRARY = re.compile(r"/(?:lib)?Qt6([A-Za-z0-9]+)\.(?:so|dll|dylib)")

#: path fragments of collected files that parkgis never uses at run time
_UNUSED = (
    "/examples/", "/include/", "/designer", "/PySide6/Qt/qml/", "/PySide6/qml/",
    # plugins: X11 (xcb) and offscreen only — no Wayland, framebuffer, EGL or VNC; no GTK theme (it pulls GTK)
    "/plugins/egldeviceintegrations/", "/plugins/generic/", "/plugins/position/", "/plugins/qmltooling/",
    "/plugins/networkinformation/", "/plugins/wayland-", "/plugins/platformthemes/libqgtk3",
    "/plugins/platforms/libqeglfs", "/plugins/platforms/libqlinuxfb", "/plugins/platforms/libqminimal",
    "/plugins/platforms/libqvnc", "/plugins/platforms/libqvkkhrdisplay", "/plugins/platforms/libqwayland",
    "/plugins/platforminputcontexts/libqtvirtualkeyboard",
    # pyarrow: pyogrio reads through pyarrow.lib; Flight, the cloud file systems and ORC are never loaded
    "/pyarrow/_flight", "/pyarrow/libarrow_flight", "/pyarrow/libarrow_python_flight", "/pyarrow/_s3fs",
    "/pyarrow/libarrow_s3", "/pyarrow/_gcsfs", "/pyarrow/_azurefs", "/pyarrow/_hdfs", "/pyarrow/_orc",
    "/pyarrow/_dataset_orc", "/pyarrow/tests/", "/pyarrow/include/",
    # GTK and what only it needs (the GTK platform theme is not shipped)
    "/libgtk-3.", "/libgdk-3.", "/libatk-1.0.", "/libatk-bridge-2.0.", "/libatspi.", "/libepoxy.",
    "/libcairo-gobject.", "/libgdk_pixbuf-2.0.", "/libpangocairo-1.0.",
)


def _unused_translation(dest: str) -> bool:
    """Qt's catalogs and QtWebEngine's locales other than Chinese and English."""
    name = os.path.basename(dest)
    if "/translations/" in dest and name.endswith(".qm") and not name.startswith("parkgis"):
        return not any(tag in name for tag in ("zh_CN", "_en"))
    if "qtwebengine_locales/" in dest and name.endswith(".pak"):
        return name not in ("zh-CN.pak", "en-US.pak")
    return False


def unused(dest: str) -> bool:
    """Whether the bundle drops the collected file at ``dest`` (its path inside the bundle)."""
    dest = "/" + dest.replace("\\", "/")
    if any(fragment in dest for fragment in _UNUSED) or _unused_translation(dest):
        return True
    match = _QT_LIBRARY.search(dest)
    return bool(match and "/PySide6/" in dest and match.group(1) not in KEPT_QT_LIBRARIES)


def prune_toc(toc):
    """The PyInstaller TOC without the files :func:`unused` names."""
    return [entry for entry in toc if not unused(str(entry[0]))]
