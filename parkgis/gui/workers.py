"""A long-lived Python worker thread for off-GUI-thread work (rendering, the conflict check).

Why not ``QThreadPool``: PySide6 gives a pool thread a fresh Python thread state for every
``QRunnable.run`` and drops it afterwards. pyproj keeps its PROJ context pointer per OS thread but
frees the context with the Python thread state, so the second task on the same pool thread that
touched pyproj used a freed context and crashed (segfault in ``CRS._crs``). A Python thread that
lives as long as its owner keeps one thread state, one PROJ context, for good.
"""

from __future__ import annotations

import queue
import threading
import traceback
import weakref
from collections.abc import Callable

_STOP = object()


class WorkerThread:
    """Runs submitted callables one after another on a single daemon thread."""

    def __init__(self, name: str, owner: object | None = None) -> None:
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()
        if owner is not None:  # the thread ends when its owner (a widget) is collected
            weakref.finalize(owner, self._queue.put, _STOP)

    def submit(self, fn: Callable[[], None]) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(fn)

    def wait_idle(self, timeout_s: float | None = None) -> bool:
        """True once every submitted callable has returned (False on timeout)."""
        return self._idle.wait(timeout_s)

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def stop(self) -> None:
        self._queue.put(_STOP)

    def _loop(self) -> None:
        while True:
            fn = self._queue.get()
            if fn is _STOP:
                return
            try:
                fn()
            except Exception:  # a worker never dies silently, nor at all
                traceback.print_exc()
            finally:
                fn = None  # the task and what it holds (a project snapshot) go now, not with the next one
                with self._lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()


def receiver_gone(exc: BaseException) -> bool:
    """True for the error of emitting on a signals object Qt already deleted: the widget that
    started the task closed while it ran."""
    return isinstance(exc, RuntimeError) and "deleted" in str(exc)


def run_for_receiver(body: Callable[[], None]) -> None:
    """Run a task's ``body`` on the worker thread; if its widget went away meanwhile there is nobody
    to tell, and that is no error."""
    try:
        body()
    except RuntimeError as exc:
        if not receiver_gone(exc):
            raise


__all__ = ["WorkerThread", "receiver_gone", "run_for_receiver"]
