#!/usr/bin/env python3
"""Developer entry point: set up the virtual environment and run the app or the checks.

    python3 tasks.py run     # set up .venv, then open Chasqui on the demo vault + local server
    python3 tasks.py test    # set up .venv, then lint (ruff), types (mypy) and the test suite

Only the standard library is used here, so it works on a fresh machine with Python 3.11.
The environment lives in `.venv` at the repository root and is reinstalled only when
`pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".chasqui-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def _run(*command: str | os.PathLike[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(part) for part in command], cwd=ROOT, env=env)


def _pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    """Create `.venv` and install the project with its dev extras when needed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - a clear message on an old Python
        sys.exit("Chasqui needs Python 3.11 or newer")
    if not PYTHON.exists():
        _say("creating .venv")
        if _run(sys.executable, "-m", "venv", str(VENV)) != 0:
            sys.exit("could not create the virtual environment in .venv")
    if STAMP.exists() and STAMP.read_text(encoding="utf-8") == _pyproject_digest():
        return
    _say("installing Chasqui and its dependencies into .venv (first run takes a few minutes)")
    quiet = ["--quiet", "--disable-pip-version-check"]
    if _run(PYTHON, "-m", "pip", "install", *quiet, "--upgrade", "pip") != 0:
        sys.exit("pip upgrade failed")
    if _run(PYTHON, "-m", "pip", "install", *quiet, "-e", ".[dev]") != 0:
        sys.exit("installing the project failed (see pip's message above)")
    STAMP.write_text(_pyproject_digest(), encoding="utf-8")


def run_app(extra: list[str]) -> int:
    ensure_venv()
    args = extra or ["--demo"]
    return _run(PYTHON, "main.py", *args)


def run_checks(extra: list[str]) -> int:
    ensure_venv()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    _say("ruff check")
    if _run(PYTHON, "-m", "ruff", "check", ".", env=env) != 0:
        return 1
    _say("mypy")
    if _run(PYTHON, "-m", "mypy", "app", "forms", "sync", "main.py", "tasks.py", env=env) != 0:
        return 1
    _say("pytest")
    return _run(PYTHON, "-m", "pytest", *extra, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup"}:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    if command == "setup":
        ensure_venv()
        return 0
    if command == "run":
        return run_app(extra)
    return run_checks(extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
