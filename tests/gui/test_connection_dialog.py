"""文件 → 连接团队数据库… in the real window (offscreen) against the private PostgreSQL server: a
profile added from its fields, the connection test's clear error and success, no password in the
profiles file, and a profile opened from the list with the password asked."""

from __future__ import annotations

import json
import os
import sys

import pytest

pytest.importorskip("PySide6")

import geopandas as gpd  # noqa: E402
import shapely  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from parkgis.core.layers import VectorLayer  # noqa: E402
from parkgis.core.project import Project  # noqa: E402
from parkgis.core.roles import Role  # noqa: E402
from parkgis.gui.connection_dialog import ConnectionDialog, ProfileForm  # noqa: E402
from parkgis.gui.main_window import MainWindow  # noqa: E402


def when_modal(kind, act):
    """Run ``act(dialog)`` on the next modal dialog of type ``kind``."""
    seen = []

    def poll(tries=[0]):  # noqa: B006 — a counter shared by the retries
        box = QApplication.activeModalWidget()
        if isinstance(box, kind) and box not in seen:
            seen.append(box)
            act(box)
            return
        tries[0] += 1
        if tries[0] < 250:
            QTimer.singleShot(20, poll)
    QTimer.singleShot(0, poll)
    return seen


@pytest.fixture
def window(qtbot, zh, settings):
    win = MainWindow(settings, interactive=True)
    yield win
    win.interactive = False
    win.close()
    win.deleteLater()


@pytest.fixture
def published(postgis_server, tmp_path, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.store.postgis import publish_project
    monkeypatch.setenv("PARKGIS_CONFIG_DIR", str(tmp_path / "config"))
    local = tmp_path / "园区.gpkg"
    project = Project(local)
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame(
        {"name": ["甲"]}, geometry=[shapely.box(500_000, 4_400_000, 500_100, 4_400_100)], crs=4545),
        role=Role.PARCELS))
    project.save()
    schema = f"gui_profile_{os.getpid()}"
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    publish_project(local, postgis_server.url(schema=schema))
    monkeypatch.delenv("PGPASSWORD")                       # from now on only what the user types
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    monkeypatch.setitem(sys.modules, "keyring", None)       # no keyring on this machine
    return postgis_server, schema, ADMIN_PASSWORD


def fill(form, server, schema, password):
    form.name.setText("团队库")
    form.host.setText(server.host)
    form.port.setValue(server.port)
    form.database.setText("parkgis_test")
    form.user.setText("parkgis_admin")
    form.schema.setText(schema)
    form.password.setText(password)


def test_a_profile_is_added_tested_and_opened_from_the_file_menu(window, qtbot, published, tmp_path, monkeypatch):
    server, schema, password = published
    action = window.act_connect_team
    items = window.menu_file.actions()
    assert items[items.index(window.act_open) + 1] is action and action.text() == "连接团队数据库(&T)…"
    dialog = ConnectionDialog(window)
    assert dialog.list.count() == 0 and not dialog.open_button.isEnabled()
    form = ProfileForm(dialog)
    fill(form, server, schema, "wrong-password")
    assert not form.test()
    assert form.status.text() == "连接失败：" + \
        f"postgresql://parkgis_admin@{server.host}:{server.port}/parkgis_test?schema={schema}：" \
        "用户 parkgis_admin 的密码错误，或没有该用户"
    form.password.setText(password)
    assert form.test() and form.status.text() == "连接成功：parkgis 项目，含 1 个图层（地块）"
    form.resize(520, form.sizeHint().height())
    form.grab().save("/tmp/teamlive_profile_form.png")
    form.keep_password.setChecked(True)                     # no keyring: said, the profile still saved
    form.save()
    assert form.result() != form.DialogCode.Accepted           # the form stays open to say so
    assert "没有系统钥匙串" in form.status.text() and not form.keep_password.isChecked()
    saved = json.loads((tmp_path / "config" / "connections.json").read_text(encoding="utf-8"))
    assert saved["profiles"] == {"团队库": {"host": server.host, "port": server.port, "database": "parkgis_test",
                                            "user": "parkgis_admin", "schema": schema, "sslmode": None}}
    assert password not in json.dumps(saved)
    dialog.reload(select="团队库")
    assert dialog.list.count() == 1 and dialog.chosen() == "profile:团队库" and dialog.open_button.isEnabled()
    dialog.grab().save("/tmp/teamlive_connections.png")
    # from the menu: the dialog comes up, 打开 opens the project and the password is asked
    asked = []
    monkeypatch.setattr(window, "_ask_password", lambda label: asked.append(label) or password)
    when_modal(ConnectionDialog, lambda box: box.accept())
    action.trigger()
    assert asked == [f"postgresql://parkgis_admin@{server.host}:{server.port}/parkgis_test?schema={schema}"]
    assert window.project is not None and window.project.is_database
    assert window.project.layer("地块").feature(1).attributes["name"] == "甲"
    window.project.close()


def test_a_bad_field_is_said_in_the_form_and_nothing_is_saved(window, tmp_path, monkeypatch):
    monkeypatch.setenv("PARKGIS_CONFIG_DIR", str(tmp_path / "config"))
    form = ProfileForm(window)
    form.name.setText("坏的")
    form.database.setText("parkgis_test")
    form.schema.setText("not-a-name")
    form.save()
    assert "不是简单的 SQL 名称" in form.status.text()
    assert not (tmp_path / "config" / "connections.json").exists()
