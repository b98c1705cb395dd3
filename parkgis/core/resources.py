"""Find files under ``resources/`` both when installed (package ``parkgis.resources``) and when
running from a source checkout (where that package does not exist: ``resources/`` sits beside
``parkgis/``)."""

from __future__ import annotations

import importlib.resources
import sys
from pathlib import Path


def bundle_root() -> Path | None:
    """The data folder of the frozen desktop bundle (PyInstaller's ``_internal``), None otherwise."""
    folder = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    return Path(folder) if folder else None


def resources_root() -> Path:
    """The folder that holds icons, styles, rule sets, ... (bundle, installed or source tree)."""
    bundle = bundle_root()
    if bundle is not None:
        return bundle / "resources"
    try:
        root = importlib.resources.files("parkgis.resources")
        path = Path(str(root))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    import parkgis

    return Path(parkgis.__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("rulesets", "default.toml")``."""
    return resources_root().joinpath(*parts)


def sample_project_path() -> Path | None:
    """The bundled sample project (``layers/ordos_sample.gpkg`` of the source tree or the bundle), or
    None in an installation that does not carry it (the wheel)."""
    bundle = bundle_root()
    if bundle is not None:
        path = bundle / "layers" / "ordos_sample.gpkg"
    else:
        import parkgis
        path = Path(parkgis.__file__).resolve().parents[1] / "layers" / "ordos_sample.gpkg"
    return path if path.is_file() else None


#: the CJK font the bundle ships (Noto Sans CJK, OFL-1.1) and where Debian's fonts-noto-cjk puts it
CJK_FONT_NAMES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")
SYSTEM_FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto")


def cjk_font_files() -> list[Path]:
    """The Chinese font files for the desktop and the documents that embed a font: the bundle's
    ``fonts/`` folder, else the system's Noto Sans CJK (empty when neither is there)."""
    bundle = bundle_root()
    folders = [bundle / "fonts"] if bundle is not None else []
    folders += [Path(d) for d in SYSTEM_FONT_DIRS]
    for folder in folders:
        found = [folder / name for name in CJK_FONT_NAMES if (folder / name).is_file()]
        if found:
            return found
    return []
