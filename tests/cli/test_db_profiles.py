"""``parkgis db profile add|list|remove`` and ``profile:NAME`` wherever a project is taken: profiles in
the user's config folder, never a password in the file (a URL's is stripped; ``--save-password`` puts it
in the system keyring, where opening the project finds it). Against the private server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types

import pytest

from parkgis.cli.main import run_cli
from parkgis.core.project import Project
from parkgis.core.store.profiles import load_profiles, profiles_path


@pytest.fixture
def config(tmp_path, monkeypatch):
    folder = tmp_path / "配置"
    monkeypatch.setenv("PARKGIS_CONFIG_DIR", str(folder))
    monkeypatch.setenv("PARKGIS_LANG", "en")
    return folder


@pytest.fixture
def fake_keyring(monkeypatch):
    saved = {}
    fake = types.ModuleType("keyring")
    fake.set_password = lambda service, key, password: saved.__setitem__((service, key), password)
    fake.get_password = lambda service, key: saved.get((service, key))
    monkeypatch.setitem(sys.modules, "keyring", fake)
    return saved


def cli(capsys, *argv):
    code = run_cli([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_strips_the_password_list_shows_it_remove_forgets_it(config, capsys, fake_keyring):
    url = "postgresql://wang:s3cret-pw@db.example.cn:6543/ordos?schema=city&sslmode=require"
    code, out, err = cli(capsys, "db", "profile", "add", "城区", url, "--json")
    assert code == 0
    assert "s3cret-pw" not in out + err
    assert "the URL's password was not saved" in err and fake_keyring == {}
    path = config / "connections.json"
    assert profiles_path() == path
    text = path.read_text(encoding="utf-8")
    assert "s3cret-pw" not in text
    assert json.loads(text) == {"format": 1, "profiles": {"城区": {
        "host": "db.example.cn", "port": 6543, "database": "ordos", "user": "wang", "schema": "city",
        "sslmode": "require"}}}
    assert json.loads(out)["url"] == "postgresql://wang@db.example.cn:6543/ordos?schema=city&sslmode=require"
    cli(capsys, "db", "profile", "add", "园区", "postgresql://li@10.0.0.5/ordos")
    code, out, _err = cli(capsys, "db", "profile", "list", "--json")
    assert [(p["name"], p["url"]) for p in json.loads(out)] == [
        ("城区", "postgresql://wang@db.example.cn:6543/ordos?schema=city&sslmode=require"),
        ("园区", "postgresql://li@10.0.0.5:5432/ordos?schema=parkgis")]
    code, out, _err = cli(capsys, "db", "profile", "list")
    assert out.splitlines()[1] == "园区\tpostgresql://li@10.0.0.5:5432/ordos?schema=parkgis"
    assert cli(capsys, "db", "profile", "remove", "城区")[0] == 0
    assert list(load_profiles()) == ["园区"]
    code, _out, err = cli(capsys, "db", "profile", "remove", "城区")
    assert code == 2 and "no connection profile 城区; profiles: 园区" in err
    assert list(load_profiles()) == ["园区"]                     # a failed remove changes nothing


def test_save_password_prompts_and_keeps_it_in_the_keyring_under_the_connections_key(config, capsys,
                                                                                    fake_keyring, monkeypatch):
    import getpass
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "typed-pw")
    code, _out, err = cli(capsys, "db", "profile", "add", "城区", "postgresql://wang@db:5432/ordos", "--save-password")
    assert code == 0 and "password kept in the system keyring" in err
    assert asked == ["Password for postgresql://wang@db:5432/ordos?schema=parkgis: "]
    assert fake_keyring == {("parkgis", "wang@db:5432/ordos"): "typed-pw"}
    assert "typed-pw" not in (config / "connections.json").read_text(encoding="utf-8")
    # the URL's own password goes to the keyring without a prompt
    cli(capsys, "db", "profile", "add", "园区", "postgresql://li:url-pw@db:5432/ordos", "--save-password")
    assert fake_keyring[("parkgis", "li@db:5432/ordos")] == "url-pw" and len(asked) == 1


def test_no_keyring_is_said_clearly_and_the_profile_is_still_saved(config, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "keyring", None)            # import keyring → ImportError
    code, _out, err = cli(capsys, "db", "profile", "add", "城区", "postgresql://wang:pw@db/ordos", "--save-password")
    assert code == 0
    assert "note: no system keyring: the keyring package is not installed (pip install keyring); " \
           "the password was not saved" in err
    broken = types.ModuleType("keyring")

    def refuse(*_args):
        raise RuntimeError("No recommended backend was available.")
    broken.set_password = refuse
    monkeypatch.setitem(sys.modules, "keyring", broken)
    code, _out, err = cli(capsys, "db", "profile", "add", "园区", "postgresql://li:pw@db/ordos", "--save-password")
    assert "the system keyring has no usable backend (RuntimeError: No recommended backend was available.)" in err
    assert list(load_profiles()) == ["城区", "园区"]
    assert "pw@" not in (config / "connections.json").read_text(encoding="utf-8")


def test_bad_profiles_are_one_clear_error_and_lose_nothing(config, capsys):
    code, _out, err = cli(capsys, "db", "profile", "add", "城区", "mysql://x@db/ordos")
    assert code == 2 and "not a database URL: mysql://x@db/ordos" in err
    assert not (config / "connections.json").exists()
    cli(capsys, "db", "profile", "add", "城区", "postgresql://wang@db/ordos")
    before = (config / "connections.json").read_bytes()
    code, _out, err = cli(capsys, "db", "profile", "add", "园区", "postgresql://wang@db/ordos?sslmode=maybe")
    assert code == 2 and "sslmode maybe is not one of disable, allow, prefer, require, verify-ca, verify-full" in err
    code, _out, err = cli(capsys, "check", "profile:郊区")
    assert code == 2 and "no connection profile 郊区; profiles: 城区" in err
    assert (config / "connections.json").read_bytes() == before
    (config / "connections.json").write_text("{not json", encoding="utf-8")
    code, _out, err = cli(capsys, "db", "profile", "add", "园区", "postgresql://wang@db/ordos")
    assert code == 1 and "not a parkgis connection profiles file" in err
    assert (config / "connections.json").read_text(encoding="utf-8") == "{not json"


def test_a_profile_opens_the_project_everywhere_a_project_is_taken(postgis_server, config, capsys, tmp_path,
                                                                  fake_keyring, monkeypatch):
    import geopandas as gpd
    import shapely
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.layers import VectorLayer
    from parkgis.core.roles import Role
    from parkgis.core.store.postgis import publish_project
    local = tmp_path / "园区.gpkg"
    project = Project(local)
    project.add_layer(VectorLayer("地块", gpd.GeoDataFrame(
        {"DKBH": ["A-01"]}, geometry=[shapely.box(500_000, 4_400_000, 500_100, 4_400_100)], crs=4545),
        role=Role.PARCELS))
    project.save()
    schema = f"cli_profile_{os.getpid()}"
    url = postgis_server.url(schema=schema)
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    publish_project(local, url)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    secret = url.replace("parkgis_admin@", f"parkgis_admin:{ADMIN_PASSWORD}@")
    code, _out, _err = cli(capsys, "db", "profile", "add", "团队", secret, "--save-password")
    assert code == 0 and ADMIN_PASSWORD not in (config / "connections.json").read_text(encoding="utf-8")
    opened = Project.open("profile:团队")                       # the password from the keyring
    assert opened.location == url and list(opened.layer("地块").gdf["DKBH"]) == ["A-01"]
    opened.close()
    # real processes: the password from PGPASSWORD this time, the profile from the config folder
    env = {**os.environ, "PGPASSWORD": ADMIN_PASSWORD}

    def parkgis(*argv):
        proc = subprocess.run([sys.executable, "-m", "parkgis", *argv], capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)
    assert [p["id"] for p in parkgis("check", "profile:团队", "--format", "json")["parcels"]] == ["A-01"]
    assert [h["operation"] for h in parkgis("history", "profile:团队", "--layer", "地块", "--fid", "1", "--json")] \
        == ["stored"]


def test_a_profiles_sslmode_reaches_the_connection(postgis_server, config, monkeypatch):
    from pgserver import ADMIN_PASSWORD

    from parkgis.core.errors import DataError
    from parkgis.core.store.profiles import add_profile, try_connection
    monkeypatch.setenv("PGPASSWORD", ADMIN_PASSWORD)
    url = postgis_server.url(schema="public")
    plain = add_profile("明文", url + "&sslmode=disable")
    assert plain.sslmode == "disable"
    with pytest.raises(DataError, match="no parkgis_project table"):   # connected: public is no project
        try_connection(plain)
    strict = add_profile("加密", url + "&sslmode=require")              # the private server has no SSL
    with pytest.raises(DataError, match="the database refused the connection: .*SSL"):
        try_connection(strict)
