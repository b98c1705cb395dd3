"""``parkgis`` / ``python -m parkgis``: the desktop app without arguments or with a project path,
the CLI with a subcommand."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .cli.main import SUBCOMMANDS, run_cli

    if argv and argv[0] == "--self-test":       # the installation check (frozen bundle, IT staff)
        from .gui.selftest import run_self_test

        return run_self_test(argv[1] if len(argv) > 1 else None)
    if argv and (argv[0] in SUBCOMMANDS or argv[0].startswith("-")):
        return run_cli(argv)
    if len(argv) > 1:
        return run_cli(argv)  # lets argparse explain the usage error
    try:
        from .gui.app import run_app
    except ImportError as exc:  # PySide6 not installed (e.g. a server install)
        print(f"parkgis: the desktop app needs PySide6 ({exc}); install parkgis[gui]", file=sys.stderr)
        return 1
    return run_app(argv[0] if argv else None)


def entry() -> None:
    """The ``parkgis`` console script. A CLI run ends with ``os._exit`` once its output is flushed:
    interpreter teardown would otherwise spend ~0.5 s freeing the geometries of a 100 000-parcel
    check that is already written (every output file is written and fsynced inside a context
    manager, so nothing is lost). The desktop app exits normally."""
    import gc
    import os

    gc.freeze()  # the start-up objects need no more collection passes
    cli = bool(sys.argv[1:]) and (sys.argv[1] in _cli_names() or sys.argv[1].startswith("-")) \
        and sys.argv[1] != "--self-test"
    if cli:
        from .cli import route_python_warnings

        route_python_warnings()
    code = main()
    if cli:
        from .cli import output_gone

        try:
            sys.stdout.flush()   # what is still buffered may meet a reader that went away (| head)
        except BrokenPipeError:
            code = output_gone()
        try:
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):
            pass
        os._exit(code)
    sys.exit(code)


def _cli_names() -> frozenset[str]:
    from .cli.main import SUBCOMMANDS

    return SUBCOMMANDS


if __name__ == "__main__":
    entry()
