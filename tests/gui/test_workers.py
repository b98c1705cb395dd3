"""The long-lived worker thread: order, idle wait, exceptions, and pyproj across tasks."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6")

from parkgis.gui.workers import WorkerThread  # noqa: E402


def test_runs_in_order_on_one_thread_and_survives_errors(capsys):
    worker = WorkerThread("test-worker")
    seen, threads = [], set()

    def task(i):
        def run():
            threads.add(threading.get_ident())
            if i == 1:
                raise RuntimeError("boom")
            seen.append(i)
        return run

    for i in range(4):
        worker.submit(task(i))
    assert worker.wait_idle(5)
    assert seen == [0, 2, 3] and len(threads) == 1 and threading.get_ident() not in threads
    assert "boom" in capsys.readouterr().err
    assert not worker.busy
    worker.stop()


def test_pyproj_in_successive_tasks(qapp):
    """Under QThreadPool the second task's CRS use crashed (a PROJ context freed with the thread state)."""
    from pyproj import CRS, Transformer

    worker = WorkerThread("test-pyproj")
    out = []
    for _ in range(3):
        worker.submit(lambda: out.append(Transformer.from_crs(CRS.from_epsg(4525), 4490, always_xy=True)
                                         .transform(37_500_000.0, 4_400_000.0)))
        assert worker.wait_idle(10)
    assert len(out) == 3 and out[0] == pytest.approx((111.0, 39.7344), abs=1e-3)
    worker.stop()


def test_a_finished_task_is_released_at_once():
    """A task (and the project snapshot it holds) goes when it returns, on the worker thread, not when
    the next task arrives: the export dialog's worker may wait idle for minutes."""
    import weakref

    class Task:
        def run(self):
            pass

    worker = WorkerThread("test-release")
    task = Task()
    gone = weakref.ref(task)
    worker.submit(task.run)
    del task
    assert worker.wait_idle(5)
    assert gone() is None
    worker.stop()
