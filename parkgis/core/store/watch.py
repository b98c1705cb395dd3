"""Live change warnings (他人修改提醒): a thread that blocks on the team database's LISTEN
connection and calls back, within about a second of another client's commit, with each changed
feature ``(layer_id, fid, version)``.

The thread owns its :class:`~parkgis.core.store.postgis.ChangeListener` (a connection of its own,
opened with the password the project's store already has: a worker thread never prompts). When the
connection drops (a server restart, the network) it opens a new one, retrying every
``retry_s`` seconds, and tells ``on_live(False)`` / ``on_live(True)``: the changes committed while
it was down were not heard, so a caller re-asks its sessions when the watch is live again. Qt-free:
the desktop bridges the callbacks into its own thread with a signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..errors import ParkgisError

ChangeCallback = Callable[[str, int, int], None]


class ChangeWatcher:
    """``ChangeWatcher(store, on_change, on_live=None).start()``; :meth:`stop` ends it (the thread
    finishes within ``wait_s``). ``live`` says whether LISTEN is established right now."""

    def __init__(self, store, on_change: ChangeCallback, on_live: Callable[[bool], None] | None = None, *,
                 wait_s: float = 0.5, retry_s: float = 1.0):
        self.store = store
        self.on_change = on_change
        self.on_live = on_live
        self.wait_s = wait_s
        self.retry_s = retry_s
        self.live = False
        self.last_error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> ChangeWatcher:
        self._thread = threading.Thread(target=self._run, name=f"parkgis-listen-{self.store.schema}", daemon=True)
        self._thread.start()
        return self

    def stop(self, *, wait: bool = False) -> None:
        self._stop.set()
        if wait and self._thread is not None:
            self._thread.join(self.wait_s + 5)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _set_live(self, live: bool) -> None:
        if live == self.live:
            return
        self.live = live
        if self.on_live is not None and not self._stop.is_set():
            self.on_live(live)

    def _run(self) -> None:
        listener = None
        try:
            while not self._stop.is_set():
                if listener is None:
                    try:
                        listener = self.store.listener(prompt=False)
                    except ParkgisError as exc:
                        self.last_error = str(exc)
                        self._set_live(False)
                        self._stop.wait(self.retry_s)
                        continue
                    self.last_error = None
                    self._set_live(True)
                try:
                    changes = listener.poll(timeout=self.wait_s)
                except ParkgisError as exc:                   # the connection dropped: listen again
                    self.last_error = str(exc)
                    listener.close()
                    listener = None
                    self._set_live(False)
                    continue
                for layer_id, fid, version in changes:
                    if self._stop.is_set():
                        break
                    self.on_change(layer_id, fid, version)
        finally:
            if listener is not None:
                listener.close()
            self.live = False


def watch_changes(project, on_change: ChangeCallback, on_live: Callable[[bool], None] | None = None,
                  **options) -> ChangeWatcher | None:
    """A started watcher of a team-database project; None for a project that has no LISTEN (a
    GeoPackage file: its sessions are polled)."""
    store = getattr(project, "store", None)
    if not getattr(project, "is_database", False) or not hasattr(store, "listener"):
        return None
    return ChangeWatcher(store, on_change, on_live, **options).start()
