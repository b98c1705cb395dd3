"""Render the application icon (resources/icons/parkgis.svg) as PNG sizes and a Windows ICO under
build/icons/, for the bundle's programs, the Inno Setup installer and the Linux desktop entry.

    python packaging/make_icons.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SIZES = (16, 24, 32, 48, 64, 128, 256)


def main(out: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(REPO / "resources" / "icons" / "parkgis.svg"))
    if not renderer.isValid():
        print("make_icons: the SVG does not render", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(out / f"parkgis-{size}.png"))
    big = QImage(str(out / "parkgis-256.png"))
    if not big.save(str(out / "parkgis.ico")):       # Qt's ico plugin writes the file
        print("make_icons: could not write parkgis.ico", file=sys.stderr)
        return 1
    print(f"icons in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / "icons"))
