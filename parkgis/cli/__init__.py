"""Command-line front end over ``parkgis.core`` (and ``parkgis.webmap``).

Messages go out in the CLI's language: English, or Chinese when ``PARKGIS_LANG`` or the locale
says so (:func:`parkgis.core.messages.cli_language`)."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..core.messages import cli_language, is_english, localize, localize_error

_KINDS_ZH = {"error": "错误", "warning": "警告", "note": "提示"}


def message_line(command: str, kind: str, text: str | BaseException) -> str:
    """``parkgis COMMAND: KIND: TEXT`` in the CLI's language (an exception as its message)."""
    language = cli_language()
    if is_english(language):
        return f"parkgis {command}: {kind}: {text}"
    body = localize_error(text, language) if isinstance(text, BaseException) else localize(text, language)
    return f"parkgis {command}：{_KINDS_ZH[kind]}：{body}"


def say(command: str, kind: str, text: str | BaseException) -> None:
    print(message_line(command, kind, text), file=sys.stderr)


class ProgressBar:
    """``审查 [#####.....]  42% message`` on one terminal line."""

    def __init__(self, stream, label: str) -> None:
        self.stream, self.label = stream, label
        self.last = -1

    def __call__(self, fraction: float, message: str) -> None:
        filled = int(fraction * 30)
        percent = int(fraction * 100)
        if percent == self.last:
            return
        self.last = percent
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {message:<20}")
        if fraction >= 1.0:
            self.stream.write("\n")
        self.stream.flush()


def terminal_feedback(label: str):
    """A :class:`~parkgis.core.feedback.Feedback` that draws a progress bar on a terminal (stderr),
    and nothing when stderr is a file or a pipe."""
    from ..core.feedback import Feedback

    return Feedback(ProgressBar(sys.stderr, label) if sys.stderr.isatty() else None)


#: the exit status of a Unix tool whose reader went away (killed by SIGPIPE, as the shell reports it)
EXIT_OUTPUT_GONE = 128 + signal.SIGPIPE


def output_gone() -> int:
    """The reader of our output closed the pipe (``parkgis check ... | head -1``). Point stdout and
    stderr at /dev/null, so that nothing — the flush at exit included — writes into the closed pipe
    again (Python would print "Exception ignored ... BrokenPipeError" or "I/O operation on closed
    file"), and end quietly with :data:`EXIT_OUTPUT_GONE`."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError, AttributeError):   # a stream that is no file (a test's capture)
                pass
    finally:
        os.close(devnull)
    return EXIT_OUTPUT_GONE


def route_python_warnings() -> None:
    """Python warnings of the libraries (numpy's RuntimeWarning with a site-packages path, ...) are
    no message for the user: they go to the ``py.warnings`` log, shown on stderr only with
    ``PARKGIS_DEBUG=1``. What the user must know, parkgis says itself (warnings of layers and
    checks). Only the display changes: the filters stay, so the tests' "warnings are errors" holds."""
    import logging

    logging.captureWarnings(True)
    log = logging.getLogger("py.warnings")
    log.propagate = False
    if not log.handlers:
        if os.environ.get("PARKGIS_DEBUG", "").strip() not in ("", "0"):
            handler: logging.Handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("parkgis: debug: %(message)s"))
        else:
            handler = logging.NullHandler()
        log.addHandler(handler)


def user_text(text: str) -> str:
    """A core message in the CLI's language."""
    return localize(text, cli_language())


@dataclass(frozen=True)
class FileArgs:
    """Which arguments of a subcommand name files it reads and files it writes: :func:`run_cli`
    runs the one output guard (:func:`parkgis.core.fsutil.guard_outputs`) on them before the
    command starts. An entry is an argument name (its value a path, a list of paths or None) or
    a function of the parsed arguments returning paths."""

    reads: Sequence[str | Callable] = ()
    writes: Sequence[str | Callable] = ()
    saves_project: bool = False     # the command was asked to write a project (``project create``)

    @staticmethod
    def _paths(args, entries) -> list[str]:
        out: list[str] = []
        for entry in entries:
            value = entry(args) if callable(entry) else getattr(args, entry, None)
            if value is None:
                continue
            out += [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        return out

    def guard(self, args) -> None:
        from ..core.fsutil import guard_outputs

        guard_outputs(self._paths(args, self.writes), self._paths(args, self.reads),
                      allow_project=self.saves_project)
