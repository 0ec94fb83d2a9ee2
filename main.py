"""Chasqui's entry point.

Without arguments, or with only the GUI options ``--demo``, ``--data-dir DIR``,
``--lang es|en`` (and ``--idle-minutes N``, ``--sync-minutes N``), it starts the desktop
UI (``app.ui.app``).
With a sub-command (``python main.py person list``) it runs the headless CLI (``app.cli``).
"""

from __future__ import annotations

import sys

_GUI_FLAGS = {"--demo"}
_GUI_OPTIONS = {"--data-dir", "--lang", "--idle-minutes", "--sync-minutes"}


def _is_gui(args: list[str]) -> bool:
    """True when every argument is a GUI option (so there is no CLI sub-command)."""
    i = 0
    while i < len(args):
        arg = args[i]
        name = arg.split("=", 1)[0]
        if arg in _GUI_FLAGS:
            i += 1
        elif name in _GUI_OPTIONS:
            i += 1 if "=" in arg else 2
        else:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from app.hygiene import disable_core_dumps

    disable_core_dumps()  # a core file would hold the data key and decrypted records
    if _is_gui(args):
        from app.ui.app import run

        return run(args)
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
