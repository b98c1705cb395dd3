"""What this parkgis is made of: its version and build, the versions of the libraries it runs on
(GDAL, PROJ, GEOS …) and the third-party components it ships with their licences. The desktop's
帮助 → 关于 and ``parkgis --version`` show it; the bundle recipe (``packaging/``) copies the licence
texts into the bundle's ``LICENSES/`` folder from the same list."""

from __future__ import annotations

import importlib.metadata as metadata
import json
import os
import platform
from dataclasses import dataclass, field
from pathlib import Path

from .resources import bundle_root, resource_path

#: Python distributions shipped in the desktop bundle (their licence files go to LICENSES/<name>/)
DISTRIBUTIONS: tuple[str, ...] = (
    "parkgis", "PySide6", "PySide6_Essentials", "PySide6_Addons", "shiboken6", "numpy", "pandas", "geopandas",
    "shapely", "pyproj", "pyogrio", "pyarrow", "folium", "branca", "jinja2", "markupsafe", "xyzservices",
    "requests", "charset-normalizer", "openpyxl", "et-xmlfile", "ezdxf", "pyparsing", "typing_extensions",
    "fonttools", "attrs", "certifi", "packaging", "python-dateutil", "six",
    "tzdata", "idna", "urllib3", "psycopg", "psycopg-binary",
    # the 拍前体检 dossier: PDF (fpdf2 with defusedxml, Pillow, fontTools) and Word (python-docx with lxml)
    "fpdf2", "defusedxml", "pillow", "python-docx", "lxml",
)


@dataclass(frozen=True)
class OtherComponent:
    """A shipped component that is not a Python distribution: its licence texts are found by
    ``sources`` — a path under the repository, an absolute system path, or ``dist:path`` inside an
    installed distribution (``{version}`` is that distribution's version)."""

    name: str
    licence: str
    what: str
    sources: tuple[str, ...]


OTHER_COMPONENTS: tuple[OtherComponent, ...] = (
    OtherComponent("Qt", "LGPL-3.0-only", "Qt 6 libraries (through PySide6), used unmodified; source at "
                   "https://download.qt.io/official_releases/qt/",
                   ("/usr/share/common-licenses/LGPL-3", "/usr/share/common-licenses/GPL-3")),
    OtherComponent("GDAL", "MIT", "GDAL/OGR, in the pyogrio wheel", ("pyogrio:pyogrio/gdal_data/LICENSE.TXT",)),
    OtherComponent("PROJ", "MIT", "PROJ, in the pyproj wheel",
                   ("pyproj:pyproj-{version}.dist-info/licenses/LICENSE_proj",)),
    OtherComponent("GEOS", "LGPL-2.1-only", "GEOS, in the shapely wheel",
                   ("shapely:shapely-{version}.dist-info/licenses/LICENSE_GEOS",)),
    OtherComponent("Leaflet", "BSD-2-Clause", "Leaflet 1.9.4, inlined into the web maps",
                   ("resources/webmap/leaflet/LICENSE",)),
    OtherComponent("leaflet.fullscreen", "MIT", "leaflet.fullscreen 3.0.0, inlined into the web maps",
                   ("resources/webmap/leaflet.fullscreen/LICENSE",)),
    OtherComponent("Noto Sans CJK", "OFL-1.1", "Noto Sans CJK SC, the Chinese font of the bundle",
                   ("/usr/share/doc/fonts-noto-cjk/copyright",)),
)


@dataclass
class Component:
    """One third-party component: name, version (None if unknown), licence expression and the paths of
    its licence texts found here."""

    name: str
    version: str | None
    licence: str
    what: str = ""
    files: list[str] = field(default_factory=list)


def runtime_versions() -> dict[str, str]:
    """The versions a support request needs: parkgis, Python, GDAL, PROJ, GEOS and the main packages."""
    from .. import __version__

    out = {"parkgis": __version__, "Python": platform.python_version()}
    try:
        import pyogrio
        out["GDAL"] = pyogrio.__gdal_version_string__
    except (ImportError, AttributeError):
        pass
    try:
        import pyproj
        out["PROJ"] = pyproj.proj_version_str
    except (ImportError, AttributeError):
        pass
    try:
        import shapely
        out["GEOS"] = shapely.geos_version_string
    except (ImportError, AttributeError):
        pass
    for name in ("numpy", "pandas", "geopandas", "shapely", "pyproj", "pyogrio", "folium", "openpyxl", "ezdxf"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def build_info() -> dict:
    """How this copy was built: ``{"kind": "bundle" | "installed" | "source", "date": ..., ...}``; the
    bundle recipe writes ``resources/build_info.json`` (date, platform, the builder's Python)."""
    path = resource_path("build_info.json")
    if path.is_file():
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        info.setdefault("kind", "bundle" if bundle_root() is not None else "installed")
        return info
    import parkgis
    source = (Path(parkgis.__file__).resolve().parents[1] / "pyproject.toml").is_file()
    return {"kind": "source" if source else "installed"}


def _licence_of(dist) -> str:
    expression = dist.metadata.get("License-Expression")
    if expression:
        return expression
    text = (dist.metadata.get("License") or "").strip().split("\n")[0]
    if text and len(text) <= 60:
        return text
    classifiers = [c.split("::")[-1].strip() for c in dist.metadata.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return ", ".join(classifiers) or "see the licence files"


def _dist_licence_files(dist) -> list[str]:
    out = []
    for f in dist.files or []:
        text = str(f)
        base = os.path.basename(text).upper()
        if ".dist-info" in text and any(k in base for k in ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")):
            path = Path(str(f.locate()))
            if path.is_file():
                out.append(str(path))
    return out


def _other_files(component: OtherComponent, repo: Path) -> list[str]:
    found = []
    for spec in component.sources:
        if ":" in spec and not spec.startswith("/"):
            package, rel = spec.split(":", 1)
            try:
                dist = metadata.distribution(package)
            except metadata.PackageNotFoundError:
                continue
            path = Path(str(dist.locate_file(rel.format(version=dist.version))))
        elif spec.startswith("/"):
            path = Path(spec)
        else:
            path = repo / spec
        if path.is_file():
            found.append(str(path))
    return found


def components(repo: str | Path | None = None) -> list[Component]:
    """The shipped third-party components with their licence texts as found in this environment
    (``repo``: the source tree, for the vendored files; default: where this parkgis comes from)."""
    if repo is None:
        import parkgis
        repo = Path(parkgis.__file__).resolve().parents[1]
    repo = Path(repo)
    out = []
    for name in DISTRIBUTIONS:
        if name == "parkgis":
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        out.append(Component(dist.metadata["Name"], dist.version, _licence_of(dist), files=_dist_licence_files(dist)))
    for other in OTHER_COMPONENTS:
        out.append(Component(other.name, None, other.licence, other.what, _other_files(other, repo)))
    return out


def bundled_licences() -> Path | None:
    """The bundle's ``LICENSES/`` folder (None outside the bundle)."""
    root = bundle_root()
    if root is None:
        return None
    folder = root / "LICENSES"
    return folder if folder.is_dir() else None


def licences_text(items: list[Component] | None = None) -> str:
    """One line per component: name, version, licence and what it is (LICENSES/README.txt)."""
    lines = []
    for c in items if items is not None else components():
        version = f" {c.version}" if c.version else ""
        what = f" — {c.what}" if c.what else ""
        lines.append(f"{c.name}{version}: {c.licence}{what}")
    return "\n".join(lines)
