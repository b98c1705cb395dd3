"""Project: one GeoPackage file holding the layers and the parkgis_* metadata tables.

Tables (besides the layers and the GeoPackage system tables):

- ``parkgis_project`` (key, value): settings as JSON values (name, crs, format version, ...);
- ``parkgis_layers``: per layer its role, lock, visibility, order, style and provenance (source
  path, source CRS, CRS assumption, detected encoding and from what, import time, 批复文号);
- ``parkgis_audit``: an append-only log (when, who, what, layer, feature, geometry before/after);
- ``layer_styles``: the QGIS style table, so QGIS shows our colours.

The file is written with GPKG ``VERSION=1.2`` so that the QGIS 3.22 / GDAL 3.6 found in many
bureaus opens it without "partially supported" warnings. Saving is atomic: the complete new file
is written beside the old one, fsynced and then renamed over it; a crash at any moment leaves
either the old or the new file, never a mixture.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import warnings
from dataclasses import asdict
from pathlib import Path

import geopandas as gpd
import pyogrio

from .commands import CommandStack
from .crs import epsg_of, gk3_epsg_for_lon, legacy_datum, to_crs
from .errors import DataError, UsageError
from .events import ProjectEvents
from .fsutil import atomic_output, remove_stale_temporaries, require_readable
from .io.registry import read_layers
from .io.vector import GDAL_ERRORS, PROJECT_TABLE_PREFIXES, write_gpkg_layers
from .layers import Provenance, VectorLayer
from .roles import CONSTRAINT_ROLES, Role, guess_role, parse_role
from .store.base import (
    ChangeSet,
    CommitResult,
    FeatureChange,
    FeatureState,
    HistoryEntry,
    now_text,
    user_name,
)
from .store.geopackage import GeoPackageStore, prepare_file, read_audit
from .store.schema import AUDIT_COLUMNS, ensure_audit_table
from .store.values import values_equal
from .styles import current_style, default_style, qgis_qml

FORMAT_VERSION = 2   # 2: layer ids, fids kept, feature versions, per-feature audit rows
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION_1_2 = 10200

_LAYER_COLUMNS = ("name", "layer_id", "position", "role", "locked", "visible", "style", "source_path", "source_layer",
                  "driver", "source_crs", "crs_assumed", "encoding", "encoding_source", "imported_at",
                  "approval", "data_date", "revision", "metadata")




class Project:
    """A parkgis project. Layers are kept in memory in the project CRS.

    Features are edited in edit sessions (:meth:`edit`), whose commit writes only the changed
    features into the file, in one transaction with their audit rows. :meth:`save` writes the
    project's settings and layer list in place when only they changed, and the whole project
    atomically (write aside, then replace) when layers were added, removed or renamed, or to a
    new path ("Save As").

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "示例.gpkg"
    >>> project = Project.create(path)
    >>> Project.open(path).layers
    []
    """

    def __init__(self, path: str | Path | None = None):
        self.path: Path | None = Path(path) if path is not None else None
        self.layers: list[VectorLayer] = []
        self.settings: dict = {"format_version": FORMAT_VERSION, "crs": None, "created_at": now_text()}
        self.warnings: list[str] = []
        self._pending_audit: list[dict] = []
        self.undo_stack = CommandStack()
        self.sessions: dict[str, object] = {}          # layer id → open EditSession
        self._tables: dict[str, str] = {}              # layer id → its table in the file
        self._saved_revisions: dict[str, int] = {}     # layer id → revision as in the file
        self._token: tuple | None = None               # the file's change token when last read
        self._store: GeoPackageStore | None = None
        self._database = None                          # the PostGIS store of a team-database project
        self._dirty = False
        self.events = ProjectEvents()
        self._last_dirty = False
        self.undo_stack.listeners.append(self._emit_dirty)

    def _emit_dirty(self) -> None:
        dirty = self.dirty
        if dirty != self._last_dirty:
            self._last_dirty = dirty
            self.events.dirty_changed.emit(dirty)

    @property
    def dirty(self) -> bool:
        """Unsaved changes: project settings or layers, or edits not yet committed."""
        return self._dirty or any(s.has_changes for s in self.sessions.values())

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self._dirty = bool(value)
        self._emit_dirty()

    @property
    def is_database(self) -> bool:
        """Whether the project lives in a team database (PostGIS) rather than a GeoPackage file."""
        return self._database is not None

    @property
    def location(self) -> str:
        """Where the project lives, for messages: the file, or the database URL without a password."""
        if self._database is not None:
            return self._database.label
        return str(self.path) if self.path is not None else "(unsaved project)"

    @property
    def journal_anchor(self) -> Path | None:
        """Where the crash journals of this project's edit sessions live: beside its file; for a
        team-database project (which has no folder) in the user's parkgis folder,
        ``journals/<host>_<port>_<database>_<schema>`` — so that uncommitted edits survive a crash
        there too and are offered for recovery when the project is opened again."""
        if self._database is not None:
            from .store.profiles import config_dir
            info = self._database.info
            name = re.sub(r"[^\w.-]", "_", f"{info.host}_{info.port}_{info.database}_{info.schema}")
            return config_dir() / "journals" / name
        return self.path

    @property
    def store(self) -> GeoPackageStore:
        if self._database is not None:
            return self._database
        if self.path is None:
            raise UsageError("the project has no file yet: save it first")
        if self._store is None or self._store.path != self.path or self._store.tables != self._tables:
            if self._store is not None:
                self._store.close()
            self._store = GeoPackageStore(self.path, self._tables)
        return self._store

    def close(self) -> None:
        """Release the file (the store's connection). Open edit sessions keep their journals."""
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._database is not None:
            self._database.close()

    # ------------------------------------------------------------------ life cycle

    @classmethod
    def create(cls, path: str | Path, *, crs: object = None, name: str | None = None) -> Project:
        """Create a new, empty project file at ``path`` (refuses to overwrite an existing file)."""
        path = Path(path)
        if path.exists():
            raise UsageError(f"{path} already exists; open it, or choose another name")
        project = cls(path)
        project.settings["name"] = name or path.stem
        if crs is not None:
            project.settings["crs"] = f"EPSG:{epsg_of(crs)}" if epsg_of(crs) else to_crs(crs).to_wkt()
        project.audit("create project", detail={"name": project.settings["name"]})
        project.save()
        return project

    @classmethod
    def open(cls, path: str | Path, *, password_prompt=None) -> Project:
        """Open a project, or any GeoPackage (layers without parkgis metadata get guessed roles), or a
        project in a team database from a ``postgresql://USER@HOST:PORT/DB?schema=S`` URL (see
        :mod:`parkgis.core.store.postgis`; ``password_prompt(label)`` asks for a missing password) or
        a saved connection profile ``profile:NAME`` (:mod:`parkgis.core.store.profiles`)."""
        from .store.postgis import is_database_url
        from .store.profiles import is_profile_ref, resolve
        if is_profile_ref(path):            # profile:NAME, a saved connection profile
            path = resolve(path)
        if is_database_url(str(path)):
            return cls.open_database(str(path), password_prompt=password_prompt)
        path = require_readable(path)   # a named pipe would block the reader forever
        try:
            if not path.exists():
                raise DataError(path, "file not found")
            if not path.is_dir():
                with open(path, "rb"):
                    pass
        except OSError as exc:
            raise DataError(path, f"cannot be read: {exc.strerror}") from None
        if path.is_dir() or path.stat().st_size == 0:
            raise DataError(path, "not a project file (empty or a folder)")
        if not is_sqlite_file(path):
            raise DataError(path, "not a GeoPackage project (the file is not an SQLite database)")
        remove_stale_temporaries(path.parent, path.stem)
        project = cls(path)
        try:
            meta = _read_metadata(path)
        except sqlite3.DatabaseError as exc:
            raise DataError(path, f"the project file is damaged or truncated ({exc})") from None
        settings, layer_rows = meta
        if settings:
            project.settings.update(settings)
        else:
            project.warnings.append("a GeoPackage without parkgis tables: roles were guessed from layer names; "
                                    "saving adds the parkgis tables")
        try:
            with _gdal_notes(project.warnings, "GDAL, opening the file: {message}"):
                listed = pyogrio.list_layers(path)
        except GDAL_ERRORS as exc:
            raise DataError(path, f"the project file is damaged or truncated ({exc})") from None
        names = [str(n) for n, gtype in listed if not str(n).startswith(PROJECT_TABLE_PREFIXES)]
        rows = {row["name"]: row for row in layer_rows}
        order = {n: i for i, n in enumerate(names)}
        names.sort(key=lambda n: (rows[n]["position"] if n in rows else 10**6, order[n]))
        for name in names:
            try:
                with _gdal_notes(project.warnings, f"GDAL, reading layer {name}: {{message}}"):
                    gdf = pyogrio.read_dataframe(path, layer=name, use_arrow=True, fid_as_index=True)
            except GDAL_ERRORS as exc:
                project.warnings.append(f"layer {name} could not be read and was left out: {exc}")
                continue
            if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
                continue  # an attribute table of another tool: kept in the file only by that tool
            row = rows.get(name)
            project.layers.append(_layer_from_row(name, gdf, row, path))
        if project.settings.get("crs") is None and project.layers:
            project.settings["crs"] = _crs_text(project.layers[0].gdf.crs)
        project._adopt_file()
        return project

    @classmethod
    def open_database(cls, url: str, *, password_prompt=None, retry_seconds: float = 0.0) -> Project:
        """Open the project published in a PostGIS schema (``parkgis db publish``). Edit sessions
        commit into the database with optimistic locking; :meth:`save` writes settings, roles and
        styles there. The password is kept in memory only."""
        from .store.postgis import REGISTER_TABLES, PostGISStore

        store = PostGISStore(url, password_prompt=password_prompt, retry_seconds=retry_seconds)
        settings, rows = store.read_project()
        project = cls(None)
        project._database = store
        project.settings.update(settings)
        for row in rows:
            store.tables[row["layer_id"]] = row["name"]
        for row in rows:
            srid = row.get("srid") or 0
            gdf = store.read_layer_frame(row["layer_id"], f"EPSG:{srid}" if srid else None)
            project.layers.append(_layer_from_row(row["name"], gdf, row, Path(row["source_path"] or row["name"])))
        project._tables = dict(store.tables)
        store.attribute_tables(REGISTER_TABLES)       # the 标准地 register, when published with the project
        for layer in project.layers:
            layer.versions = store.versions(layer.id)
            layer.next_fid = max(layer.next_fid, store.next_fid(layer.id))
        project._token = store.change_token()
        project._saved_revisions = {layer.id: layer.revision for layer in project.layers}
        return project

    def _save_database(self) -> None:
        """Save a team-database project: sessions are committed; settings and layer rows written."""
        if {layer.id: layer.name for layer in self.layers} != self._tables:
            raise UsageError(f"{self.location}: layers cannot be added, removed or renamed in a team database "
                             "from here; publish a project with parkgis db publish")
        self._database.save_metadata(dict(self.settings), [
            (position, layer.role.value, int(bool(layer.locked)), int(layer.visible),
             json.dumps(layer.style, ensure_ascii=False), layer.revision, layer.id)
            for position, layer in enumerate(self.layers)], list(self._pending_audit))

    def _adopt_file(self) -> None:
        """After open or save: what the file holds is now the committed state."""
        self._tables = {layer.id: layer.name for layer in self.layers}
        store = self.store
        try:
            for layer in self.layers:
                layer.versions = store.versions(layer.id)
                layer.next_fid = max(layer.next_fid, store.next_fid(layer.id))
            self._token = store.change_token()
        except sqlite3.Error as exc:
            raise DataError(self.path, f"the project tables cannot be read ({exc})") from None
        self._saved_revisions = {layer.id: layer.revision for layer in self.layers}

    def save(self, path: str | Path | None = None) -> Path:
        """Save to ``path`` (default: where it was opened) and return the path.

        Edits of open sessions are committed first. When only settings, roles, styles or the
        layer order changed, the project tables are rewritten in place in one transaction;
        otherwise (layers added, removed, renamed or changed outside a session, or a new path)
        the whole file is written aside and replaced atomically, keeping fids, feature versions
        and the audit. A whole-file save refuses to overwrite commits another program made to
        the file since it was read. A team-database project given a path is written to that
        GeoPackage (另存为: layers with fids and versions, styles, the register tables and the
        database's audit) and is from then on that file."""
        if self._database is not None and path is None:
            for session in list(self.sessions.values()):
                session.commit()
            self._save_database()
            self._pending_audit.clear()
            self._dirty = False
            self.undo_stack.set_clean()
            self._emit_dirty()
            return Path(self._database.label)
        target = Path(path) if path is not None else self.path
        if target is None:
            raise UsageError("the project has no file yet: give a path (save as)")
        for session in list(self.sessions.values()):
            session.commit()
        same_file = self.path is not None and target == self.path and target.exists()
        if same_file and self._only_metadata_changed():
            self._save_metadata()
        else:
            self._save_whole(target, same_file)
        self._pending_audit.clear()
        self._dirty = False
        self.undo_stack.set_clean()
        self._emit_dirty()
        return target

    def _only_metadata_changed(self) -> bool:
        return ({layer.id: layer.name for layer in self.layers} == self._tables
                and all(self._saved_revisions.get(layer.id) == layer.revision for layer in self.layers))

    def _check_not_stale(self) -> None:
        try:
            current = self.store.change_token()
        except (sqlite3.Error, DataError):
            return
        if self._token is not None and current != self._token:
            raise DataError(self.path, "the file was changed by another program or user since it was opened; "
                                       "saving would overwrite their changes — reopen the project, or Save As "
                                       "to another file")

    def _save_whole(self, target: Path, same_file: bool) -> None:
        if same_file:
            self._check_not_stale()
        previous_audit = self._previous_audit()
        if self.path is not None and target != self.path:
            self.audit("save as", detail={"from": str(self.path), "to": str(target)})
        elif self._database is not None:   # a team-database project saved as a file (另存为)
            self.audit("save as", detail={"from": self.location, "to": str(target)})
        try:
            with atomic_output(target, replace_project=True) as tmp:
                self._write_layers(tmp)
                try:
                    self._write_metadata(tmp, previous_audit)
                except sqlite3.Error as exc:
                    raise DataError(target, f"saving failed while writing the project tables: {exc}; "
                                            "the previous file is unchanged") from None
        except OSError as exc:
            raise DataError(target, f"saving failed while replacing the file: {exc.strerror or exc}; "
                                    "the previous file is unchanged") from None
        self.path = target
        if self._database is not None:     # from now on the project is the file
            self._database.close()
            self._database = None
        self._adopt_file()

    def _previous_audit(self) -> list[dict]:
        if self._database is not None:
            return self._database.audit_rows()
        if self.path is None or not self.path.exists():
            return []
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        except sqlite3.Error:
            return []
        try:
            return read_audit(con)
        except sqlite3.DatabaseError:
            return []
        finally:
            con.close()

    def _save_metadata(self) -> None:
        try:
            con = self.store.connect()
            try:
                con.execute("BEGIN IMMEDIATE")
                _create_metadata_tables(con)   # a GeoPackage of another tool gets the parkgis tables
                prepare_file(con, self._tables)
                con.execute("DELETE FROM parkgis_project")
                con.execute("DELETE FROM parkgis_layers")
                con.execute("DELETE FROM layer_styles WHERE owner = 'parkgis'")
                self._insert_metadata(con, [])
                con.execute("COMMIT")
            except sqlite3.Error:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            finally:
                con.close()
        except sqlite3.Error as exc:
            raise DataError(self.path, f"saving failed while writing the project tables: {exc}; "
                                       "the file is unchanged") from None
        self._token = self.store.change_token()

    # ------------------------------------------------------------------ layers

    @property
    def crs(self):
        value = self.settings.get("crs")
        return to_crs(value) if value else None

    def files_read(self) -> list[Path]:
        """The project's file and the files its layers were imported from: what no export of this
        project may overwrite (:func:`parkgis.core.fsutil.guard_outputs`), as the CLI's inputs."""
        files = [self.path] if self.path is not None else []
        files += [Path(lyr.provenance.source_path) for lyr in self.layers
                  if lyr.provenance is not None and lyr.provenance.source_path]
        return list(dict.fromkeys(files))

    def layer(self, name: str) -> VectorLayer:
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise UsageError(f"the project has no layer named {name!r}; layers: "
                         + ", ".join(lyr.name for lyr in self.layers))

    def layers_by_role(self, role: Role | str) -> list[VectorLayer]:
        role = Role(role)
        return [layer for layer in self.layers if layer.role == role]

    def _unique_name(self, name: str) -> str:
        base = name
        if base.lower().startswith(PROJECT_TABLE_PREFIXES):
            base = "layer_" + base
        # GeoPackage table names are case-insensitive (SQLite): DK.shp and dk.shp need two names
        taken = {layer.name.lower() for layer in self.layers}
        candidate, n = base, 2
        while candidate.lower() in taken:
            candidate = f"{base}_{n}"
            n += 1
        return candidate

    def _decide_crs(self, layer: VectorLayer) -> None:
        """Project CRS policy: the first layer with a CGCS2000 CRS sets it (geographic → its 3° GK
        zone); later layers are reprojected into it. Layers on a legacy datum (西安80/北京54) or of
        unknown CRS are kept as they are and flagged: they are never silently made CGCS2000."""
        gdf = layer.gdf
        if gdf.crs is None:
            layer.warnings.append("no CRS: kept as read, not reprojected; assign a CRS before analysis")
            return
        if legacy_datum(gdf.crs):
            layer.warnings.append(f"{legacy_datum(gdf.crs)} datum: kept in its own CRS, not reprojected to "
                                  "CGCS2000 (explicit transformation parameters are needed)")
            return
        if self.settings.get("crs") is None:
            if gdf.crs.is_projected:
                self.settings["crs"] = _crs_text(gdf.crs)
            elif len(gdf) and not gdf.geometry.is_empty.all():
                minx, _miny, maxx, _maxy = gdf.total_bounds
                self.settings["crs"] = f"EPSG:{gk3_epsg_for_lon((minx + maxx) / 2)}"
            else:
                return
        target = self.crs
        if not gdf.crs.equals(target):
            layer.gdf = gdf.to_crs(target)
            layer.warnings.append(f"reprojected from {layer.provenance.source_crs or gdf.crs.name} "
                                  f"to the project CRS {_crs_text(target)}")

    def placement_warnings(self, layer: VectorLayer) -> list[str]:
        """What is odd about where ``layer`` lands in this project (already in the project CRS).

        A layer far outside the extent of the project's other layers (a coordinate file in another
        zone, a wrong CRS: a zone-35 parcel at 25.6° N added to an Ordos project); parcels outside the
        zone of the project's CRS: their planar areas are taken in their own zone (DESIGN §3)."""
        out = []
        gdf = layer.gdf
        others = [lyr.gdf for lyr in self.layers if lyr is not layer and lyr.gdf.crs is not None and len(lyr.gdf)
                  and gdf.crs is not None and lyr.gdf.crs.equals(gdf.crs)]
        if others and len(gdf):
            note = far_away_note(gdf.total_bounds, [o.total_bounds for o in others], gdf.crs)
            if note:
                out.append(note)
        if layer.role == Role.PARCELS and gdf.crs is not None and len(gdf):
            from .area import outside_zone_note

            note = outside_zone_note(gdf.geometry.values, gdf.crs, _parcel_labels(gdf))
            if note:
                out.append(note)
        return out

    def add_layer(self, layer: VectorLayer, *, reproject: bool = True) -> VectorLayer:
        """Add a layer (reprojected into the project CRS unless ``reproject=False``)."""
        layer.name = self._unique_name(layer.name)
        if layer.provenance.source_crs is None and layer.gdf.crs is not None:
            layer.provenance.source_crs = _crs_text(layer.gdf.crs)
        if reproject:
            self._decide_crs(layer)
        elif self.settings.get("crs") is None and layer.gdf.crs is not None:
            self.settings["crs"] = _crs_text(layer.gdf.crs)
        layer.placement_notes = self.placement_warnings(layer)
        layer.warnings.extend(layer.placement_notes)
        if not layer.style:
            layer.style = default_style(layer.role, layer.gdf)
        self.layers.append(layer)
        self.audit("add layer", layer=layer.name,
                   detail={"source": layer.provenance.source_path, "role": layer.role.value,
                           "features": len(layer.gdf), "source_crs": layer.provenance.source_crs,
                           "encoding": layer.provenance.encoding})
        self.dirty = True
        self.events.layers_changed.emit("added", layer.id)
        return layer

    def add_file(self, path: str | Path, *, role: Role | str | None = None, layer: str | None = None,
                 encoding: str | None = None, crs: object = None, name: str | None = None) -> list[VectorLayer]:
        """Read a file through the format registry and add its layers; ``role`` overrides detection."""
        added = []
        for vector_layer in read_layers(path, layer=layer, encoding=encoding, crs=crs):
            if role is not None:
                vector_layer.role = parse_role(role) if isinstance(role, str) else role
                vector_layer.role_reason = "chosen by the user"
                vector_layer.locked = vector_layer.role in CONSTRAINT_ROLES
            if name:
                vector_layer.name = name
            added.append(self.add_layer(vector_layer))
        return added

    def remove_layer(self, name: str) -> VectorLayer:
        layer = self.layer(name)
        session = self.session_for(layer)
        if session is not None:
            session.rollback()
            session.closed = True
            self._session_closed(session)
        self.layers.remove(layer)
        self.audit("remove layer", layer=name, detail={"features": len(layer.gdf)})
        self.dirty = True
        self.events.layers_changed.emit("removed", layer.id)
        return layer

    def set_role(self, name: str, role: Role | str) -> None:
        layer = self.layer(name)
        new_role = parse_role(role) if isinstance(role, str) else role
        self.audit("set role", layer=name, detail={"from": layer.role.value, "to": new_role.value})
        if layer.style == default_style(layer.role, layer.gdf):   # not styled by hand: the new role's theme
            layer.style = default_style(new_role, layer.gdf)
        layer.role, layer.role_reason = new_role, "chosen by the user"
        self.dirty = True
        self.events.layers_changed.emit("role", layer.id)

    def set_locked(self, name: str, locked: bool) -> None:
        layer = self.layer(name)
        layer.locked = bool(locked)
        self.audit("lock layer" if locked else "unlock layer", layer=name)
        self.dirty = True
        self.events.layers_changed.emit("locked", layer.id)

    def set_style(self, name: str, style: dict) -> None:
        layer = self.layer(name)
        layer.style = dict(style)
        self.audit("set style", layer=name, detail=style)
        self.dirty = True
        self.events.layers_changed.emit("restyled", layer.id)

    # ------------------------------------------------------------------ editing

    def edit(self, layer: str | VectorLayer):
        """The edit session of a layer (opened if none is open). Locked layers refuse."""
        from .editing.session import EditSession
        layer = self.layer(layer) if isinstance(layer, str) else layer
        session = self.sessions.get(layer.id)
        if session is None or session.closed:
            session = EditSession(self, layer)
            self.sessions[layer.id] = session
            self.events.session_changed.emit(layer.id)
        return session

    def edit_register(self):
        """The edit session of the 标准地 register (opened if none is open): see
        :mod:`parkgis.core.parcels.register` for its calls. Its commits write the register's tables of
        the file with their audit rows, like a layer's session."""
        from .parcels.register import SESSION_KEY, RegisterSession
        session = self.sessions.get(SESSION_KEY)
        if session is None or session.closed:
            session = RegisterSession(self)
            self.sessions[SESSION_KEY] = session
        return session

    def session_for(self, layer: VectorLayer):
        session = self.sessions.get(layer.id)
        return session if session is not None and not session.closed else None

    def layer_by_id(self, layer_id: str) -> VectorLayer:
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise UsageError(f"the project has no layer with id {layer_id}")

    def _in_file(self, layer: VectorLayer) -> bool:
        if self._database is not None:
            return self._tables.get(layer.id) == layer.name
        return self.path is not None and self._tables.get(layer.id) == layer.name and self.path.exists()

    def new_fids(self, layer: VectorLayer, count: int) -> list[int]:
        """Fresh fids for new features: reserved in the file when the layer is in it (so another
        process never gives the same fid), else from the layer's counter; never reused."""
        if count <= 0:
            return []
        fids = None
        if self._in_file(layer):
            try:
                fids = self.store.reserve_fids(layer.id, count, at_least=layer.next_fid)
            except DataError:
                fids = None   # read-only or busy: the commit will say so; ids stay unique here
        if fids is None:
            fids = list(range(layer.next_fid, layer.next_fid + count))
        layer.next_fid = max(layer.next_fid, fids[-1] + 1)
        return fids

    def store_current(self, layer: VectorLayer, fids) -> dict[int, tuple[int, FeatureState | None]]:
        if not self._in_file(layer):
            return {int(f): (layer.version(f), layer.feature(f)) for f in fids}
        return self.store.current(layer.id, fids)

    def _commit(self, layer: VectorLayer, change_set: ChangeSet, *, on_conflict: str) -> CommitResult:
        if self._in_file(layer):
            result = self.store.commit(change_set, on_conflict=on_conflict)
            self._token = self.store.change_token()
        else:   # a layer not saved yet: committed in memory, written by the next save
            result = CommitResult([c.fid for c in change_set.changes], [],
                                  {c.fid: (0 if c.after is None else layer.version(c.fid) + 1)
                                   for c in change_set.changes}, [])
            self._dirty = True
        committed = set(result.committed)
        accepted = {c.fid: c for c in change_set.changes if c.fid in committed}
        _apply_to_frame(layer, list(accepted.values()))
        for fid, version in result.versions.items():
            layer.versions[fid] = version
        layer.touch()
        if self._in_file(layer):
            self._saved_revisions[layer.id] = layer.revision
        self.events.features_changed.emit(layer.id, sorted(accepted))
        self._emit_dirty()
        return result

    def _refresh_features(self, layer: VectorLayer, states: dict[int, tuple[int, FeatureState | None]]) -> None:
        """Take the file's versions of features (after choosing "theirs" in a conflict)."""
        changes = []
        for fid, (version, state) in states.items():
            changes.append(FeatureChange(fid, layer.feature(fid), state, layer.version(fid)))
            layer.versions[fid] = version
        _apply_to_frame(layer, [c for c in changes if not (c.before is None and c.after is None)])
        layer.touch()
        self._saved_revisions[layer.id] = layer.revision
        self.events.features_changed.emit(layer.id, sorted(states))

    def _features_changed(self, layer: VectorLayer, fids) -> None:
        self.events.features_changed.emit(layer.id, sorted(int(f) for f in fids))
        self._emit_dirty()

    def _session_changed(self, session) -> None:
        self.events.session_changed.emit(session.layer.id)
        self._emit_dirty()

    def _session_closed(self, session) -> None:
        if self.sessions.get(session.layer.id) is session:
            del self.sessions[session.layer.id]
        self._session_changed(session)

    def history(self, layer: str | VectorLayer, fid: int) -> list[HistoryEntry]:
        """The versions of a feature, oldest first (who, when, operation, state)."""
        layer = self.layer(layer) if isinstance(layer, str) else layer
        if not self._in_file(layer):
            state = layer.feature(fid)
            return [HistoryEntry(1, None, None, "stored", state)] if state is not None else []
        return self.store.history(layer.id, int(fid))

    def restore(self, layer: str | VectorLayer, fid: int, version: int, *, reason: str | None = None,
                commit: bool = True) -> CommitResult | None:
        """Make version ``version`` of a feature its current state again, as a new audited change.
        With ``commit=False`` the restore is an undoable edit of the layer's session (the desktop's
        history panel), committed with the session."""
        layer = self.layer(layer) if isinstance(layer, str) else layer
        entries = {e.version: e for e in self.history(layer, fid)}
        if version not in entries:
            raise UsageError(f"feature {fid} of layer {layer.name} has no version {version}; "
                             f"versions: {', '.join(map(str, sorted(entries))) or 'none'}")
        state = entries[version].state
        session = self.edit(layer)
        if commit and session.has_changes:
            raise UsageError(f"layer {layer.name} has uncommitted edits: commit or roll back before restoring")
        fid = int(fid)
        current = session.feature(fid)
        if state is not None and current is not None:   # columns added since keep their value
            state = FeatureState(state.geometry, {k: state.attributes.get(k, current.attributes.get(k))
                                                  for k in session.columns})
        session.put_feature(fid, state, f"恢复 {layer.name} #{fid} 第 {version} 版")
        session.label(fid, "restore", reason or f"restore version {version}")
        if not commit:
            return None
        return session.commit()

    # ------------------------------------------------------------------ crash recovery

    def recoverable(self) -> list:
        """The journals of crashed edit sessions of this project (read, not applied)."""
        from .editing.journal import orphaned_journals, read_journal
        if self.journal_anchor is None:
            return []
        return [read_journal(p) for p in orphaned_journals(self.journal_anchor)]

    def recover(self, *, apply_conflicts: bool = False) -> dict:
        """Replay crashed sessions' changes into edit sessions (not committed: the user reviews and
        commits). A change whose feature was changed in the file since the crashed session read
        it is a conflict: listed and left out unless ``apply_conflicts``. Returns
        ``{"applied": {layer: [fids]}, "conflicts": {layer: [fids]}, "journals": [paths]}``."""
        applied: dict[str, list[int]] = {}
        conflicts: dict[str, list[int]] = {}
        journals = []
        from .parcels.register import REGISTER_TABLES
        for content in self.recoverable():
            if content.layer_id in REGISTER_TABLES:   # the 标准地 register's session
                done, refused = self.edit_register().recover(content, apply_conflicts=apply_conflicts)
                if done:
                    applied.setdefault(content.layer, []).extend(done)
                if refused:
                    conflicts.setdefault(content.layer, []).extend(refused)
                journals.append(content.path)
                continue
            try:
                layer = self.layer_by_id(content.layer_id)
            except UsageError:
                conflicts.setdefault(content.layer or content.layer_id, []).extend(content.states)
                continue
            session = self.edit(layer)
            current = self.store_current(layer, list(content.states))
            for fid, (base, _added, state) in sorted(content.states.items()):
                version, theirs = current.get(fid, (0, None))
                if version != base and not apply_conflicts:
                    conflicts.setdefault(layer.name, []).append(fid)
                    continue
                session.put_feature(fid, state, f"恢复未提交的编辑 {layer.name} #{fid}", reading=(theirs, version))
                applied.setdefault(layer.name, []).append(fid)
            journals.append(content.path)
        for path in journals:
            Path(path).unlink(missing_ok=True)
        return {"applied": applied, "conflicts": conflicts, "journals": [str(p) for p in journals]}

    def discard_edits(self) -> None:
        """Roll back every open edit session (their journals are removed: nothing to recover)."""
        for session in list(self.sessions.values()):
            session.rollback()

    def discard_recovery(self) -> list[str]:
        """Delete the journals of crashed sessions (their changes are given up)."""
        removed = []
        for content in self.recoverable():
            Path(content.path).unlink(missing_ok=True)
            removed.append(str(content.path))
        return removed

    # ------------------------------------------------------------------ audit

    def audit(self, action: str, *, layer: str | None = None, feature: object = None,
              detail: object = None, before: str | None = None, after: str | None = None) -> None:
        """Record a change; it is written (appended) with the next save."""
        self._pending_audit.append({
            "at": now_text(), "user": user_name(), "action": action, "layer": layer,
            "feature": None if feature is None else str(feature),
            "detail": None if detail is None else json.dumps(detail, ensure_ascii=False, default=str),
            "geometry_before": before, "geometry_after": after,
        })

    def audit_log(self) -> list[dict]:
        """Saved entries followed by the ones pending for the next save."""
        return self._previous_audit() + list(self._pending_audit)

    # ------------------------------------------------------------------ writing

    def _write_layers(self, tmp: Path) -> None:
        if not self.layers:
            _create_empty_geopackage(tmp)
            return
        try:
            write_gpkg_layers([(layer.name, layer.gdf.reset_index()) for layer in self.layers], tmp)
        except DataError as exc:
            raise DataError(self.path or tmp, f"saving failed while writing layer data: {exc.problem}; "
                                              "the previous file is unchanged", layer=exc.layer) from None

    def _write_metadata(self, tmp: Path, previous_audit: list[dict]) -> None:
        con = sqlite3.connect(tmp)
        try:
            with con:
                _create_metadata_tables(con)
                self._insert_metadata(con, previous_audit)
                prepare_file(con, {layer.id: layer.name for layer in self.layers})
                for layer in self.layers:
                    con.executemany("INSERT OR REPLACE INTO parkgis_feature_versions(layer_id, fid, version) "
                                    "VALUES (?, ?, ?)", [(layer.id, fid, v) for fid, v in layer.versions.items()])
                    con.execute("INSERT OR REPLACE INTO sqlite_sequence(name, seq) VALUES (?, ?)",
                                (layer.name, layer.next_fid - 1))
                if self.path is not None and self.path.exists() and self.path != tmp:
                    from .parcels.storage import copy_register_tables
                    copy_register_tables(self.path, con)   # the 标准地 register is no layer: carried over
                elif self._database is not None:
                    from .parcels.storage import write_register_rows
                    write_register_rows(con, self._database.register_rows())
        finally:
            con.close()

    def _insert_metadata(self, con: sqlite3.Connection, previous_audit: list[dict]) -> None:
        con.executemany("INSERT OR REPLACE INTO parkgis_project(key, value) VALUES (?, ?)",
                        [(k, json.dumps(v, ensure_ascii=False)) for k, v in self.settings.items()])
        for position, layer in enumerate(self.layers):
            p = layer.provenance
            con.execute(
                f"INSERT INTO parkgis_layers({', '.join(_LAYER_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_LAYER_COLUMNS))})",
                (layer.name, layer.id, position, layer.role.value, int(bool(layer.locked)), int(layer.visible),
                 json.dumps(layer.style, ensure_ascii=False), p.source_path, p.source_layer, p.driver,
                 p.source_crs, p.crs_assumed, p.encoding, p.encoding_source, p.imported_at,
                 p.approval, p.data_date, layer.revision,
                 json.dumps(p.metadata, ensure_ascii=False, default=str) if p.metadata else None))
            con.execute(
                "INSERT INTO layer_styles(f_table_catalog, f_table_schema, f_table_name, "
                "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, "
                "update_time) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, 'parkgis', '', ?)",
                (layer.name, layer.gdf.geometry.name if layer.gdf.geometry.name != "geometry" else "geom",
                 layer.name, qgis_qml(layer.style), "parkgis default style", now_text()))
        ensure_audit_table(con)
        rows = [{c: entry.get(c) for c in AUDIT_COLUMNS} for entry in previous_audit + self._pending_audit]
        con.executemany(
            f"INSERT INTO parkgis_audit({', '.join(AUDIT_COLUMNS)}) VALUES ({', '.join('?' * len(AUDIT_COLUMNS))})",
            [tuple(r[c] for c in AUDIT_COLUMNS) for r in rows])

# ---------------------------------------------------------------------- helpers

def _apply_to_frame(layer: VectorLayer, changes) -> None:
    """Make committed changes the layer's in-memory data: updates in place, column by column
    (cheap for one feature in 300 000), deletions and additions by rebuilding the frame."""
    import pandas as pd

    gdf = layer.gdf
    geometry_name = gdf.geometry.name
    updates = [c for c in changes if c.before is not None and c.after is not None]
    deleted = [c.fid for c in changes if c.after is None and layer.has_feature(c.fid)]
    added = [c for c in changes if c.before is None and c.after is not None]
    if updates:
        positions = layer.positions([c.fid for c in updates])
        geometries = gdf.geometry.values
        geometries[positions] = [c.after.geometry for c in updates]
        for column in [c for c in gdf.columns if c != geometry_name]:
            values = [c.after.attributes.get(column) for c in updates]
            current = gdf[column].iloc[positions].tolist()
            if all(values_equal(a, b) for a, b in zip(values, current, strict=True)):
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", FutureWarning)
                try:
                    gdf.iloc[positions, gdf.columns.get_loc(column)] = values
                except (TypeError, ValueError):
                    gdf[column] = gdf[column].astype(object)
                    gdf.iloc[positions, gdf.columns.get_loc(column)] = values
    if deleted:
        gdf = gdf.drop(index=deleted)
    if added:
        rows = pd.DataFrame([c.after.attributes for c in added], index=pd.Index([c.fid for c in added], name="fid"))
        new = gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries([c.after.geometry for c in added], index=rows.index,
                                                            crs=gdf.crs), crs=gdf.crs)
        new = new.rename_geometry(geometry_name) if geometry_name != "geometry" else new
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            gdf = gpd.GeoDataFrame(pd.concat([gdf, new[gdf.columns]]), geometry=geometry_name, crs=gdf.crs)
        for column in gdf.columns:
            if column != geometry_name and layer.gdf[column].dtype != gdf[column].dtype:
                try:
                    gdf[column] = gdf[column].astype(layer.gdf[column].dtype)
                except (TypeError, ValueError):
                    pass
        gdf.index.name = "fid"
    layer.gdf = gdf


def is_sqlite_file(path: str | Path) -> bool:
    """Whether ``path`` is an SQLite database — a GeoPackage, so something :meth:`Project.open` opens
    (other data files are read as layers)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _crs_text(crs) -> str:
    code = epsg_of(crs)
    return f"EPSG:{code}" if code else to_crs(crs).to_wkt()


def _layer_from_row(name: str, gdf: gpd.GeoDataFrame, row: dict | None, path: Path) -> VectorLayer:
    if row is None:
        guess = guess_role(name)
        return VectorLayer(name=name, gdf=gdf, role=guess.role, role_reason=guess.reason,
                           style=default_style(guess.role, gdf), id=VectorLayer.legacy_id(name),
                           provenance=Provenance(source_path=str(path), source_layer=name, driver="GPKG",
                                                 source_crs=_crs_text(gdf.crs) if gdf.crs is not None else None))
    provenance = Provenance(**{k: row[k] for k in ("source_path", "source_layer", "driver", "source_crs",
                                                   "crs_assumed", "encoding", "encoding_source", "imported_at",
                                                   "approval", "data_date")})
    if row.get("metadata"):
        provenance.metadata = json.loads(row["metadata"])
    role = Role(row["role"])
    return VectorLayer(name=name, gdf=gdf, role=role, role_reason="saved in the project",
                       id=row.get("layer_id") or VectorLayer.legacy_id(name),
                       style=current_style(role, json.loads(row["style"]) if row["style"] else {}, gdf),
                       provenance=provenance,
                       locked=bool(row["locked"]), visible=bool(row["visible"]), revision=int(row["revision"] or 0))


def _table_exists(con: sqlite3.Connection, name: str) -> bool:
    return con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone() is not None


def _read_metadata(path: Path) -> tuple[dict, list[dict]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        if not _table_exists(con, "gpkg_contents"):
            raise sqlite3.DatabaseError("no gpkg_contents table: not a GeoPackage")
        settings = {}
        if _table_exists(con, "parkgis_project"):
            settings = {r["key"]: json.loads(r["value"]) for r in con.execute("SELECT key, value FROM parkgis_project")}
        rows = []
        if _table_exists(con, "parkgis_layers"):
            rows = [dict(r) for r in con.execute("SELECT * FROM parkgis_layers ORDER BY position")]
        return settings, rows
    finally:
        con.close()


def _register_attribute_table(con: sqlite3.Connection, table: str, description: str) -> None:
    con.execute("INSERT OR REPLACE INTO gpkg_contents(table_name, data_type, identifier, description, last_change) "
                "VALUES (?, 'attributes', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ','now'))", (table, table, description))


def _create_metadata_tables(con: sqlite3.Connection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS parkgis_project (key TEXT PRIMARY KEY NOT NULL, value TEXT)")
    integer_columns = {"position", "locked", "visible", "revision"}
    columns = ", ".join(f"{c} {'INTEGER' if c in integer_columns else 'TEXT'}"
                        + (" PRIMARY KEY NOT NULL" if c == "name" else "") for c in _LAYER_COLUMNS)
    con.execute(f"CREATE TABLE IF NOT EXISTS parkgis_layers ({columns})")
    ensure_audit_table(con)
    con.execute("CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT, "
                "f_table_schema TEXT, f_table_name TEXT, f_geometry_column TEXT, styleName TEXT, styleQML TEXT, "
                "styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT, ui TEXT, update_time DATETIME)")
    _register_attribute_table(con, "parkgis_project", "parkgis project settings")
    _register_attribute_table(con, "parkgis_layers", "parkgis layer roles, styles and provenance")
    _register_attribute_table(con, "parkgis_audit", "parkgis append-only audit log")
    _register_attribute_table(con, "layer_styles", "QGIS layer styles")


def _create_empty_geopackage(path: Path) -> None:
    """A valid GeoPackage 1.2 with no layers (GDAL needs a layer to create a dataset)."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {GPKG_USER_VERSION_1_2}")
            con.execute("CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, "
                        "organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, "
                        "definition TEXT NOT NULL, description TEXT)")
            con.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", [
                ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
                ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
                ("WGS 84 geodetic", 4326, "EPSG", 4326, to_crs(4326).to_wkt("WKT1_GDAL"),
                 "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
            ])
            con.execute("CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, "
                        "identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT "
                        "(strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, "
                        "max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) "
                        "REFERENCES gpkg_spatial_ref_sys(srs_id))")
            con.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
                        "geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, "
                        "m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name))")
    finally:
        con.close()


__all__ = ["Project", "FORMAT_VERSION", "asdict"]


@contextlib.contextmanager
def _gdal_notes(notes: list[str], template: str):
    """GDAL's warnings (pyogrio raises them as RuntimeWarnings: "GPKG: bad application_id ...") become
    the project's warnings, each once, instead of reaching the terminal of whoever opened the project
    (the desktop app, a script) with a site-packages path."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        yield
    for w in caught:
        if not issubclass(w.category, RuntimeWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)   # not ours to handle
    for message in dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)):
        if not any(n.endswith(f": {message}") for n in notes):   # a file-wide note repeats for every layer
            notes.append(template.format(message=message))


def _parcel_labels(gdf: gpd.GeoDataFrame) -> list[str]:
    """Parcel ids to name in a message: the id field's values, else row numbers."""
    from .analysis.engine import ID_FIELDS, _detect_field
    from .fields import value_text

    name = _detect_field(gdf, ID_FIELDS)
    return [value_text(v) for v in gdf[name].tolist()] if name else [f"#{i + 1}" for i in range(len(gdf))]


#: a layer this far (m) outside the project's extent — and farther than the extent is wide — is "far away"
FAR_AWAY_M = 50_000.0


def far_away_note(bounds, extents, crs) -> str | None:
    """A warning when ``bounds`` lie far outside the union of ``extents`` (all in the projected ``crs``)."""
    import math

    import numpy as np
    from pyproj import Transformer

    ext = np.asarray(extents, dtype=float)
    ext = ext[np.isfinite(ext).all(axis=1)]
    if not len(ext) or not np.isfinite(bounds).all() or not to_crs(crs).is_projected:
        return None
    e = (ext[:, 0].min(), ext[:, 1].min(), ext[:, 2].max(), ext[:, 3].max())
    gap = math.hypot(max(0.0, bounds[0] - e[2], e[0] - bounds[2]), max(0.0, bounds[1] - e[3], e[1] - bounds[3]))
    if gap <= max(FAR_AWAY_M, e[2] - e[0], e[3] - e[1]):
        return None
    to_ll = Transformer.from_crs(crs, to_crs(crs).geodetic_crs, always_xy=True)
    lon, lat = to_ll.transform((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    plon, plat = to_ll.transform((e[0] + e[2]) / 2, (e[1] + e[3]) / 2)
    return (f"the layer lies {gap / 1000:,.0f} km outside the extent of the project's other layers (its centre at "
            f"{lon:.2f}°E, {lat:.2f}°N; the project's at {plon:.2f}°E, {plat:.2f}°N): check its CRS and zone")
