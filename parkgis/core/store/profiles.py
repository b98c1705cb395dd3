"""Saved connection profiles (连接配置): a name for a team database's connection — host, port,
database, user, schema, sslmode — kept in ``connections.json`` in the user's parkgis config folder
(the folder of the desktop's own settings: ``$XDG_CONFIG_HOME/parkgis`` or ``~/.config/parkgis``,
``%APPDATA%\\parkgis`` on Windows, ``~/Library/Application Support/parkgis`` on macOS;
``PARKGIS_CONFIG_DIR`` overrides it). A profile never holds a password: a URL's password is
stripped before saving; with ``--save-password`` it goes to the system keyring (service ``parkgis``,
key ``USER@HOST:PORT/DB``, where the connection looks for it) when the ``keyring`` package has a
backend.

Wherever a project is taken, ``profile:NAME`` names a profile (``parkgis check profile:城区``,
``Project.open("profile:城区")``).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

from ..errors import DataError, UsageError

PREFIX = "profile:"
FILE_NAME = "connections.json"
FORMAT = 1
KEYRING_SERVICE = "parkgis"


def config_dir() -> Path:
    """The user's parkgis config folder (where the desktop's settings live too)."""
    override = os.environ.get("PARKGIS_CONFIG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "parkgis"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "parkgis"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "parkgis"


def profiles_path() -> Path:
    return config_dir() / FILE_NAME


def is_profile_ref(text) -> bool:
    return isinstance(text, str) and text.startswith(PREFIX)


@dataclass(frozen=True)
class Profile:
    name: str
    host: str
    port: int
    database: str
    user: str | None = None
    schema: str = "parkgis"
    sslmode: str | None = None

    @classmethod
    def from_url(cls, name: str, url: str) -> Profile:
        """The profile of a ``postgresql://`` URL (its password, if any, is not kept)."""
        from .postgis import ConnectionInfo

        name = check_name(name)
        info = ConnectionInfo(url)
        return cls(name, info.host, info.port, info.database, info.user, info.schema, info.sslmode)

    def url(self) -> str:
        """The connection URL, without a password."""
        user = f"{url_quote(self.user, safe='')}@" if self.user else ""
        ssl = f"&sslmode={self.sslmode}" if self.sslmode else ""
        return (f"postgresql://{user}{self.host}:{self.port}/{url_quote(self.database, safe='')}"
                f"?schema={self.schema}{ssl}")

    def keyring_key(self) -> str:
        from .postgis import ConnectionInfo
        return ConnectionInfo(self.url()).keyring_key()

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "name"}


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or any(ch in name for ch in "\r\n\t"):
        raise UsageError(f"profile name {name!r} is empty or has a line break or tab; give a short name such as 城区")
    return name


def load_profiles(path: str | Path | None = None) -> dict[str, Profile]:
    """name → Profile, in the order saved; ``{}`` when there is no file yet."""
    path = Path(path) if path is not None else profiles_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise DataError(path, f"the connection profiles cannot be read: {exc.strerror or exc}") from None
    try:
        content = json.loads(text)
        entries = content["profiles"]
        return {name: Profile(name, str(v["host"]), int(v["port"]), str(v["database"]), v.get("user"),
                              v.get("schema") or "parkgis", v.get("sslmode"))
                for name, v in entries.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise DataError(path, "not a parkgis connection profiles file (JSON with \"profiles\"); fix or remove it, "
                              "nothing was changed") from None


def save_profiles(profiles: dict[str, Profile], path: str | Path | None = None) -> Path:
    """Write the profiles (written aside, then moved into place: a failed save leaves the old file)."""
    from ..fsutil import atomic_output

    path = Path(path) if path is not None else profiles_path()
    content = {"format": FORMAT, "profiles": {name: p.to_json() for name, p in profiles.items()}}
    with atomic_output(path) as tmp:
        tmp.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def add_profile(name: str, url: str, *, path: str | Path | None = None) -> Profile:
    """Save (or replace) profile ``name`` for ``url``; the URL's password is never written."""
    profile = Profile.from_url(name, url)
    profiles = load_profiles(path)
    profiles[profile.name] = profile
    save_profiles(profiles, path)
    return profile


def remove_profile(name: str, *, path: str | Path | None = None) -> Profile:
    profiles = load_profiles(path)
    profile = get_profile(name, profiles=profiles)
    del profiles[profile.name]
    save_profiles(profiles, path)
    return profile


def get_profile(name: str, *, profiles: dict[str, Profile] | None = None) -> Profile:
    profiles = load_profiles() if profiles is None else profiles
    name = (name or "").strip()
    if name not in profiles:
        known = ", ".join(profiles) or "none saved yet (parkgis db profile add NAME URL)"
        raise UsageError(f"no connection profile {name}; profiles: {known}")
    return profiles[name]


def resolve(location: str) -> str:
    """``profile:NAME`` → the profile's URL; anything else as it is."""
    if is_profile_ref(location):
        return get_profile(location[len(PREFIX):]).url()
    return location


def url_password(url: str) -> str | None:
    from .postgis import ConnectionInfo
    return ConnectionInfo(url).password


def save_password(profile: Profile, password: str) -> None:
    """Keep ``password`` in the system keyring where connecting looks for it; a DataError saying
    so when there is no keyring (the package or a backend missing)."""
    try:
        import keyring
    except ImportError:
        raise DataError(profile.name, "no system keyring: the keyring package is not installed "
                                      "(pip install keyring); the password was not saved") from None
    try:
        keyring.set_password(KEYRING_SERVICE, profile.keyring_key(), password)
    except Exception as exc:   # keyring.errors.NoKeyringError and the backends' own failures
        raise DataError(profile.name, f"the system keyring has no usable backend ({type(exc).__name__}: "
                                      f"{str(exc).splitlines()[0] if str(exc) else 'no details'}); "
                                      "the password was not saved") from None


def try_connection(url_or_profile: str | Profile, password: str | None = None) -> dict:
    """Connect to a profile (or URL) and read its project's layers, never prompting: ``password``,
    else the URL's, ``PGPASSWORD``, ``.pgpass`` or the keyring. Returns ``{"url", "layers": [names]}``;
    raises the one clear DataError of a wrong password, an unreachable server, a schema that is no
    project."""
    from .postgis import ConnectionInfo, PostGISStore

    url = url_or_profile.url() if isinstance(url_or_profile, Profile) else url_or_profile
    info = ConnectionInfo(url)
    if password:
        info.password = password
    return PostGISStore(info).describe()
