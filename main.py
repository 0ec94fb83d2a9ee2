"""Chasqui's entry point.

With a sub-command (``python main.py person list``) it runs the headless CLI
(``app.cli``). Without arguments it will start the desktop UI; until the UI lands it
prints the CLI help.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
