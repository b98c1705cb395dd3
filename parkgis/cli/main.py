"""argparse front end. Exit codes (DESIGN §4): 0 success, 1 data error (one line naming the file
and the problem, never a traceback), 2 bad usage.

Each subcommand lives in its own module exposing ``register(subparsers)``, which adds the parser
and sets ``func`` (``func(args) -> int``). Add a module name to ``SUBCOMMAND_MODULES`` to add one.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from ..core.errors import DataError, ParkgisError, UsageError
from . import output_gone, say

#: subcommand name → module under parkgis.cli that registers it
SUBCOMMAND_MODULES: dict[str, str] = {
    "info": "info",
    "convert": "convert",
    "project": "project_cmd",
    "validate": "validate",
    "check": "check",
    "webmap": "webmap",
    "boundary-points": "boundary_points",
    "precheck": "precheck",
    "history": "history",
    "restore": "history",
    "recover": "history",
    "parcels": "parcels",
    "idle": "idle",
    "evaluate": "evaluate",
    "db": "db",
}
SUBCOMMANDS = frozenset(SUBCOMMAND_MODULES)


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="parkgis",
        description="园区空间规划 GIS — industrial-park planning GIS. Without a subcommand, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"parkgis {__version__}")
    parser.add_argument("--self-test", metavar="REPORT.json", nargs="?",
                        help="check this installation: open the sample project in the desktop app, draw it, run the "
                             "check, export a web map and show it in the preview; write a report (exit 0: all passed)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in dict.fromkeys(SUBCOMMAND_MODULES.values()):
        importlib.import_module(f"{__package__}.{module_name}").register(sub)
    return parser


def run_cli(argv: list[str]) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:   # the reader went away (`parkgis ... | head -1`): stop quietly, as Unix tools do
        return output_gone()


def _run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        files = getattr(args, "files", None)
        if files is not None:
            files.guard(args)
        return int(args.func(args) or 0)
    except UsageError as exc:
        say(args.command, "error", exc)
        return 2
    except ParkgisError as exc:
        say(args.command, "error", exc)
        return 1
    except BrokenPipeError:
        raise
    except OSError as exc:
        # the system refused (a read-only medium, no space, ...) somewhere no reader or writer
        # turned it into a DataError: still one line naming the file
        say(args.command, "error", DataError(exc.filename, f"{exc.strerror or exc}") if exc.filename
            else f"{exc.strerror or exc}")
        return 1
    except KeyboardInterrupt:
        print(f"parkgis {args.command}: interrupted", file=sys.stderr)
        return 130
