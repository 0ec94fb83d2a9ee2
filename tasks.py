#!/usr/bin/env python3
"""Developer entry point: set up the virtual environment and run the app or the checks.

    python3 tasks.py run     # set up .venv, then open Chasqui on the demo vault + local server
    python3 tasks.py test    # set up .venv, then lint (ruff), types (mypy) and the test suite
    python3 tasks.py types   # set up .venv, then types (mypy) only

On Linux, `run` first checks the system libraries Qt's window (xcb) needs, listed with
their packages in installer/linux/qt-system-libs.txt: as root it installs the missing ones
with apt-get, otherwise it prints the exact `apt-get install` line and stops.

Only the standard library is used here, so it works on a fresh machine with Python 3.11.
The environment lives in `.venv` at the repository root and is reinstalled only when
`pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".chasqui-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
QT_LIBS = ROOT / "installer" / "linux" / "qt-system-libs.txt"


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


def qt_library_packages(table: Path = QT_LIBS) -> dict[str, str]:
    """soname -> Debian package, from installer/linux/qt-system-libs.txt."""
    packages: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) == 2:
            packages[parts[0]] = parts[1]
    return packages


def not_found(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` reports as "not found", in order, without repeats."""
    names = re.findall(r"^\s*(\S+)\s+=>\s+not found", ldd_output, flags=re.MULTILINE)
    return list(dict.fromkeys(names))


def apt_line(sonames: list[str], table: dict[str, str]) -> str:
    """The exact command that installs the packages of ``sonames`` (unknown ones named)."""
    packages = list(dict.fromkeys(table[name] for name in sonames if name in table))
    unknown = [name for name in sonames if name not in table]
    line = "sudo apt-get install -y " + " ".join(packages) if packages else ""
    if unknown:
        line += ("  # " if line else "# ") + "and the packages providing " + ", ".join(unknown)
    return line


def qt_xcb_plugin(venv: Path = VENV) -> Path | None:
    found = sorted(venv.glob("lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so"))
    return found[0] if found else None


def missing_qt_libraries(plugin: Path) -> list[str]:
    """Sonames the xcb plugin needs and the system lacks (empty when ``ldd`` is absent)."""
    if shutil.which("ldd") is None:
        return []
    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    return not_found(done.stdout)


def check_qt_system_libraries() -> bool:
    """On Linux, before the window opens: the xcb plugin's libraries are installed, or are
    installed now (as root with apt-get); else the exact apt-get line is printed."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM") in {
        "offscreen",
        "minimal",
    }:
        return True
    plugin = qt_xcb_plugin()
    if plugin is None:
        return True
    missing = missing_qt_libraries(plugin)
    if not missing:
        return True
    table = qt_library_packages()
    line = apt_line(missing, table)
    _say("Qt's window needs system libraries missing here: " + ", ".join(missing))
    if os.geteuid() == 0 and shutil.which("apt-get") and not line.startswith("#"):
        command = line.removeprefix("sudo ").split("  #", 1)[0].split()
        _say("installing them: " + " ".join(command))
        installed = subprocess.call(["apt-get", "update", "-qq"]) == 0 and (
            subprocess.call([*command[:3], "--no-install-recommends", *command[3:]]) == 0
        )
        if installed and not missing_qt_libraries(plugin):
            return True
        _say("apt-get could not install them all")
    print(f"Install them with:\n    {line}", file=sys.stderr, flush=True)
    return False


def run_app(extra: list[str]) -> int:
    ensure_venv()
    if not check_qt_system_libraries():
        return 3
    args = extra or ["--demo"]
    return _run(PYTHON, "main.py", *args)


def run_types() -> int:
    """mypy over the shipped packages (its cache in .mypy_cache makes a second run quick:
    .ci/run builds it while the bundle builds)."""
    ensure_venv()
    _say("mypy")
    packages = ("app", "forms", "stats", "sync", "main.py", "tasks.py")
    return _run(PYTHON, "-m", "mypy", *packages, env=dict(os.environ, PYTHONUTF8="1"))


def run_checks(extra: list[str]) -> int:
    ensure_venv()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUTF8="1")
    _say("ruff check")
    if _run(PYTHON, "-m", "ruff", "check", ".", env=env) != 0:
        return 1
    if run_types() != 0:
        return 1
    _say("pytest")
    # Both cores: most tests wait on subprocesses, fsync and loopback servers, so two
    # workers nearly halve the wall time. A test file stays on one worker (its
    # module-scoped fixtures are built once); CHASQUI_TEST_WORKERS=0 runs in one process.
    workers = os.environ.get("CHASQUI_TEST_WORKERS", str(min(2, os.cpu_count() or 1)))
    parallel = ["-n", workers, "--dist", "loadfile"] if workers not in {"0", "1"} else []
    return _run(PYTHON, "-m", "pytest", *parallel, *extra, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test", "setup", "types"}:
        print(__doc__)
        return 2
    command, extra = argv[0], argv[1:]
    if command == "setup":
        ensure_venv()
        return 0
    if command == "run":
        return run_app(extra)
    if command == "types":
        return run_types()
    return run_checks(extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
