"""Guards against a broken Qt binding: PySide6 6.12.0 on CPython 3.11 released a reference to None
on every void Qt call, and the interpreter aborted ("none_dealloc") after ~5 000 painter calls.
Run in a subprocess, since the failure kills the interpreter."""

import subprocess
import sys
import textwrap

import pytest

PAINT_MANY = textwrap.dedent("""
    import sys
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen
    app = QGuiApplication([])
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    before = sys.getrefcount(None)
    painter = QPainter(image)
    for _ in range(20_000):
        painter.setPen(QPen(QColor(1, 2, 3)))
        image.fill(QColor(4, 5, 6))
    painter.end()
    print(sys.getrefcount(None) - before)
""")


def test_void_qt_calls_do_not_leak_references_to_none():
    pytest.importorskip("PySide6")
    result = subprocess.run([sys.executable, "-c", PAINT_MANY], capture_output=True, text=True, timeout=120,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 1000
