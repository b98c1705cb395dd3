"""What the desktop bundle keeps and drops (packaging/bundle_contents.py), held against independent
facts: the Qt libraries the modules parkgis imports really load (``ldd``), the runtime dependencies
parkgis declares (its metadata), the licence texts on disk."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "packaging"))

from bundle_contents import EXCLUDED_MODULES, KEPT_QT_LIBRARIES, licence_files, unused  # noqa: E402

from parkgis.core.about import DISTRIBUTIONS, components  # noqa: E402


def _qt_modules_parkgis_imports() -> set[str]:
    found = set()
    for path in (REPO / "parkgis").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
                found.add(node.module.split(".")[1])
    return found


def test_no_module_parkgis_imports_is_excluded():
    imported = {f"PySide6.{m}" for m in _qt_modules_parkgis_imports()}
    assert imported and not imported & set(EXCLUDED_MODULES)
    assert "fiona" in EXCLUDED_MODULES
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "parkgis").rglob("*.py"))
    assert not re.search(r"^\s*(import fiona|from fiona)", sources, re.M)   # nothing of parkgis needs it


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None, reason="ldd (Linux)")
def test_every_qt_library_the_used_modules_load_is_kept():
    pyside = pytest.importorskip("PySide6")
    root = Path(pyside.__file__).parent
    lib_dir = root / "Qt" / "lib"
    binaries = [root / f"{m}.abi3.so" for m in _qt_modules_parkgis_imports()]
    binaries += [root / "Qt" / "plugins" / "platforms" / p for p in ("libqxcb.so", "libqoffscreen.so")]
    binaries += [root / "Qt" / "libexec" / "QtWebEngineProcess"]
    needed = set()
    for binary in binaries:
        assert binary.exists(), binary
        out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True,
                             env={"LD_LIBRARY_PATH": str(lib_dir)}).stdout
        needed |= set(re.findall(r"libQt6([A-Za-z0-9]+)\.so", out))
    assert {"Core", "Gui", "Widgets", "WebEngineCore", "WebEngineWidgets"} <= needed
    assert needed <= KEPT_QT_LIBRARIES, needed - KEPT_QT_LIBRARIES
    for name in needed:
        assert not unused(f"PySide6/Qt/lib/libQt6{name}.so.6")


def test_the_pruning_drops_what_is_never_loaded_and_keeps_the_chinese():
    drops = ["PySide6/Qt/lib/libQt6QuickControls2.so.6", "PySide6/Qt/lib/libQt6Charts.so.6",
             "PySide6/Qt/qml/QtQuick/Controls/libqtquickcontrols2plugin.so",
             "PySide6/Qt/plugins/platforms/libqwayland-egl.so", "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
             "PySide6/Qt/translations/qtbase_de.qm", "PySide6/Qt/translations/qtwebengine_locales/fr.pak",
             "pyarrow/libarrow_flight.so.2600", "libgtk-3.so.0", "PySide6\\Qt6Quick3D.dll"]
    keeps = ["PySide6/Qt/lib/libQt6WebEngineCore.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so",
             "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6/Qt/translations/qtbase_zh_CN.qm",
             "PySide6/Qt/translations/qtwebengine_zh_CN.qm", "PySide6/Qt/translations/qtwebengine_locales/zh-CN.pak",
             "PySide6/Qt/translations/qtwebengine_locales/en-US.pak", "pyarrow/libarrow.so.2600",
             "pyarrow/libparquet.so.2600", "PySide6\\Qt6WebEngineCore.dll", "resources/translations/parkgis_zh_CN.qm",
             "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so"]
    assert [d for d in drops if not unused(d)] == []
    assert [k for k in keeps if unused(k)] == []


def _runtime_requirements(name: str, seen: set[str]) -> set[str]:
    """parkgis's runtime dependencies, recursively, as their metadata declares them (no extras)."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return seen
    for req in dist.requires or []:
        if "extra ==" in req or "platform_system" in req or "sys_platform" in req:
            continue
        dep = re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0].lower().replace("_", "-")
        if dep and dep not in seen:
            seen.add(dep)
            _runtime_requirements(dep, seen)
    return seen


def test_every_runtime_dependency_but_fiona_is_in_the_licence_list():
    shipped = {d.lower().replace("_", "-") for d in DISTRIBUTIONS}
    required = _runtime_requirements("parkgis", set()) - {"fiona", "click", "click-plugins", "cligj"}
    installed = {r for r in required if _installed(r)}
    assert installed and installed <= shipped, installed - shipped


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
        return True
    except metadata.PackageNotFoundError:
        return False


def test_the_licence_texts_are_found_and_listed(tmp_path):
    items = {c.name: c for c in components(REPO)}
    for name in ("Leaflet", "leaflet.fullscreen", "GDAL", "PROJ", "GEOS", "numpy", "shapely"):
        assert items[name].files, name
    leaflet = Path(items["Leaflet"].files[0]).read_text(encoding="utf-8")
    assert "BSD" in leaflet or "Redistribution and use" in leaflet
    assert items["Leaflet"].licence == "BSD-2-Clause"
    shutil.copytree(REPO / "resources" / "webmap", tmp_path / "resources" / "webmap")
    pairs = licence_files(str(tmp_path))
    readme = next(src for src, dest in pairs if dest == ".")
    text = Path(readme).read_text(encoding="utf-8")
    assert "Leaflet: BSD-2-Clause" in text and "Qt: LGPL-3.0-only" in text
    assert all(Path(src).is_file() for src, _ in pairs)


def test_the_bundle_script_imports_parkgis_absolutely():
    tree = ast.parse((REPO / "packaging" / "entry.py").read_text(encoding="utf-8"))
    imports = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert imports and all(n.level == 0 and n.module.startswith("parkgis") for n in imports)
