"""The desktop side of the live change warning (他人修改提醒): the core's LISTEN thread
(:mod:`parkgis.core.store.watch`) calls back from its own thread; a signal brings each
``(layer_id, fid, version)`` into the GUI thread, where the notifications naming a feature an edit
session changes are asked of the database (who, which version) and said in the status bar, and the
feature's new shape is marked on the map. A poll of every session stays as the fallback (LISTEN
not possible, or the changes made while the listener was reconnecting)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.editing.elsewhere import ChangedElsewhere, changed_elsewhere, concerns_sessions, edited_bases
from ..core.errors import ParkgisError
from ..core.layers import VectorLayer
from ..core.store.watch import ChangeWatcher, watch_changes

OVERLAY = "changed_elsewhere"
MARK_STYLE = {"fill": "#d32f2f", "fill_opacity": 0.12, "outline": "#b71c1c", "outline_width": 2.2, "dash": True}


class _Bridge(QObject):
    """Lives in the GUI thread; emitted from the listener thread, so the slots run queued."""

    changed = Signal(str, int, int)
    live = Signal(bool)


class TeamWatch(QObject):
    """One per window: :meth:`set_project` starts watching a team-database project (and stops the
    previous one); :meth:`check` is the poll."""

    #: the fallback poll of every edit session (ms); the LISTEN warning comes within about a second
    POLL_MS = 30_000
    #: notifications arriving together are asked of the database together
    GATHER_MS = 50

    warned = Signal(list)            # [ChangedElsewhere, …] just said in the status bar

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.watcher: ChangeWatcher | None = None
        self.marks: dict[tuple[str, int], object] = {}      # (layer_id, fid) → their geometry
        self._notes: list[tuple[str, int, int]] = []
        self._was_down = False
        self._bridge = _Bridge()       # no parent: the listener thread may outlive a closing window
        self._bridge.changed.connect(self._on_note)
        self._bridge.live.connect(self._on_live)
        self.poll_timer = QTimer(self)
        self.poll_timer.timeout.connect(self.check)
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(self.GATHER_MS)
        self._gather.timeout.connect(self._flush)

    @property
    def listening(self) -> bool:
        return self.watcher is not None and self.watcher.live

    def set_project(self, project) -> None:
        self.stop()
        self.marks.clear()
        self._draw()
        if not getattr(project, "is_database", False):
            return
        self.poll_timer.start(self.POLL_MS)
        self.watcher = watch_changes(project, self._bridge.changed.emit, self._bridge.live.emit)

    def stop(self) -> None:
        self.poll_timer.stop()
        self._gather.stop()
        self._notes.clear()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    # ------------------------------------------------------------------ from the listener
    def _on_note(self, layer_id: str, fid: int, version: int) -> None:
        self._notes.append((layer_id, fid, version))
        if not self._gather.isActive():
            self._gather.start()

    def _on_live(self, live: bool) -> None:
        if not live:
            self._was_down = True
        elif self._was_down:            # what was committed while reconnecting was not heard
            self._was_down = False
            self.check()

    def _flush(self) -> None:
        notes, self._notes = self._notes, []
        project = self.window.project
        if project is None:
            return
        wanted = concerns_sessions(project, notes)      # no database round trip for the others
        if wanted:
            self._ask(project, wanted)

    # ------------------------------------------------------------------ asking and saying
    def check(self) -> list[ChangedElsewhere]:
        """The poll: every edit session asked. Returns [(layer name, conflict, user), …]."""
        project = self.window.project
        if project is None or not project.sessions:
            self._forget_committed()
            return []
        return self._ask(project, None)

    def _ask(self, project, notes) -> list[ChangedElsewhere]:
        try:
            found = changed_elsewhere(project, notes)
        except ParkgisError:
            return []          # the server unreachable now: the save will say so
        self._forget_committed()
        if found:
            layer_ids = {lyr.name: lyr.id for lyr in project.layers}
            for item in found:
                theirs = item.conflict.theirs
                self.marks[(layer_ids.get(item.layer), item.conflict.fid)] = \
                    None if theirs is None else theirs.geometry
            self._draw()
            self._say(found)
            self.warned.emit(found)
        return found

    def _say(self, found: list[ChangedElsewhere]) -> None:
        def who(item):
            return item.user or self.tr("a program outside parkgis")
        names = "、".join(self.tr("%1 #%2 (by %3)").replace("%1", item.layer).replace("%2", str(item.conflict.fid))
                         .replace("%3", who(item)) for item in found[:5]) + ("…" if len(found) > 5 else "")
        self.window.statusBar().showMessage(
            self.tr("Someone else changed features you are editing: %1 — saving will ask how to combine the "
                    "versions").replace("%1", names), 30000)

    def _forget_committed(self) -> None:
        """Marks of features no session edits any more (saved, rolled back) go."""
        project = self.window.project
        if not self.marks:
            return
        edited = edited_bases(project) if project is not None else {}
        kept = {key: geometry for key, geometry in self.marks.items() if key in edited}
        if kept != self.marks:
            self.marks = kept
            self._draw()

    def refresh_marks(self, _layer_id: str | None = None) -> None:
        self._forget_committed()

    def _draw(self) -> None:
        canvas = self.window.canvas
        geometries = [g for g in self.marks.values() if g is not None]
        project = self.window.project
        if not geometries or project is None:
            canvas.set_overlay(OVERLAY, None)
            return
        import geopandas as gpd
        crs = next((lyr.gdf.crs for lyr in project.layers if lyr.id in {k[0] for k in self.marks}), None)
        canvas.set_overlay(OVERLAY, VectorLayer("他人已修改", gpd.GeoDataFrame(geometry=geometries, crs=crs),
                                                style=dict(MARK_STYLE), locked=True))
