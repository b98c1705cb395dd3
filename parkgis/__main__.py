"""``parkgis`` / ``python -m parkgis``: the desktop app without arguments or with a project path,
the CLI with a subcommand."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from .cli.main import SUBCOMMANDS, run_cli

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


if __name__ == "__main__":
    sys.exit(main())
