"""GUI test fixtures. Qt runs offscreen (tests/conftest.py); nothing here imports PySide6 at module
level so that the suite collects (and the GUI tests skip) where PySide6 is absent."""

from __future__ import annotations

import pytest
from guitools import box_layer  # (tests/gui is on sys.path: rootdir-less test dirs)


@pytest.fixture
def settings(tmp_path):
    """Private QSettings (an INI file in tmp_path): tests never read or write the user's settings."""
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def zh(qapp, settings, monkeypatch):
    """The app with the default language (Chinese) installed as run_app installs it."""
    from parkgis.gui.app import create_application
    from parkgis.gui.i18n import install_translators

    monkeypatch.delenv("PARKGIS_LANG", raising=False)
    app = create_application(settings=settings)
    yield app
    install_translators(app, "en")  # leave no translator behind for other tests


@pytest.fixture
def en(qapp):
    from parkgis.gui.i18n import install_translators

    install_translators(qapp, "en")
    yield qapp


@pytest.fixture
def sample_project(tmp_path):
    """A small project file built through the Project API: park, UDB, red line, farmland, parcels."""
    from parkgis.core.project import Project
    from parkgis.core.roles import Role

    project = Project.create(tmp_path / "园区测试.gpkg")
    project.add_layer(box_layer("生态保护红线", Role.ECO_REDLINE, [(1200, 1200, 1600, 1600)]))
    project.add_layer(box_layer("永久基本农田", Role.FARMLAND, [(0, 1200, 300, 1500), (400, 1200, 700, 1500)]))
    project.add_layer(box_layer("城镇开发边界", Role.UDB, [(-100, -100, 1100, 1100)]))
    project.add_layer(box_layer("园区四至", Role.PARK, [(0, 0, 1000, 1000)]))
    project.add_layer(box_layer("地块", Role.PARCELS, [(100, 100, 300, 300), (300, 100, 500, 300),
                                                        (100, 400, 400, 700)]))
    project.save()
    return project.path


@pytest.fixture(scope="session")
def xvfb_display():
    """An X display of its own for the tests that start the app as users do (tests/gui/user_start.py)."""
    import shutil

    from user_start import Xvfb

    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        pytest.skip("Xvfb and xwininfo are needed (make system-test installs xvfb and x11-utils)")
    server = Xvfb()
    yield server.display
    server.stop()
