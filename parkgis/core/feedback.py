"""Feedback for long runs: progress reports out, a cancel request in (after QGIS ``QgsFeedback``).

Core code never shows anything: it calls :meth:`Feedback.set_progress` and checks
:meth:`Feedback.check_cancelled` between steps. The GUI runs the work in a worker thread and calls
:meth:`Feedback.cancel` from the GUI thread; the CLI draws a progress bar from the callback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .errors import ParkgisError

ProgressCallback = Callable[[float, str], None]


class Cancelled(ParkgisError):
    """The user cancelled a long run; nothing was written."""


class Feedback:
    """Progress (0…1 plus a short message) and a thread-safe cancel flag.

    Examples
    --------
    >>> seen = []
    >>> fb = Feedback(lambda fraction, message: seen.append((fraction, message)))
    >>> fb.set_progress(0.5, "地块相交")
    >>> seen
    [(0.5, '地块相交')]
    >>> fb.cancel(); fb.is_cancelled
    True
    """

    def __init__(self, progress: ProgressCallback | None = None) -> None:
        self._progress = progress
        self._cancel = threading.Event()
        self.fraction = 0.0
        self.message = ""

    def set_progress(self, fraction: float, message: str = "") -> None:
        # Clamp so a rounding overshoot never draws a bar past its end.
        self.fraction = min(max(float(fraction), 0.0), 1.0)
        self.message = message
        if self._progress is not None:
            self._progress(self.fraction, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def part(self, start: float, end: float) -> Feedback:
        """A Feedback for one step of a longer run: its 0…1 is this one's ``start``…``end``, and it
        shares this one's cancel flag.

        >>> seen = []
        >>> whole = Feedback(lambda fraction, message: seen.append(round(fraction, 2)))
        >>> whole.part(0.5, 0.9).set_progress(0.5, "图层")
        >>> seen
        [0.7]
        """
        child = Feedback(lambda fraction, message: self.set_progress(start + (end - start) * fraction, message))
        child._cancel = self._cancel
        return child

    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` if :meth:`cancel` was called."""
        if self._cancel.is_set():
            raise Cancelled("cancelled by the user")


def ensure_feedback(feedback: Feedback | None) -> Feedback:
    return feedback if feedback is not None else Feedback()
