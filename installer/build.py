"""Build the Chasqui desktop bundle with PyInstaller, and optionally the Linux tarball.

    .venv/bin/pip install -e ".[build]"
    .venv/bin/python installer/build.py              # dist/chasqui/ (onedir)
    .venv/bin/python installer/build.py --tarball    # + dist/chasqui-<v>-linux-x86_64.tar.gz
    .venv/bin/python installer/build.py --tarball --skip-pyinstaller   # reuse dist/chasqui/

Owns: running ``installer/chasqui.spec`` (work files in ``build/pyinstaller``), printing
the build time and the bundle size, and packing the Linux tarball (the bundle, the
``.desktop`` entry, the icon and ``install.sh``). On Windows the bundle is then packed by
Inno Setup (``installer/windows/chasqui.iss``); on macOS see ``installer/README.md``.
Only the standard library and PyInstaller are used.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "chasqui.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "chasqui"
LINUX = INSTALLER / "linux"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def tree_size(path: Path) -> int:
    """Bytes of every regular file under ``path`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def run_pyinstaller() -> float:
    """Build ``dist/chasqui/``; returns the seconds it took."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        sys.exit('PyInstaller is missing: run `.venv/bin/pip install -e ".[build]"` first')
    started = time.perf_counter()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC),
    ]  # fmt: skip
    if subprocess.call(command, cwd=ROOT) != 0:
        sys.exit("PyInstaller failed (see its messages above)")
    return time.perf_counter() - started


def linux_arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)


def make_tarball(version: str) -> Path:
    """``dist/chasqui-<version>-linux-<arch>.tar.gz`` holding ``chasqui-<version>/``."""
    if not (BUNDLE / "chasqui").exists():
        sys.exit(f"no bundle in {BUNDLE}: build it first")
    top = f"chasqui-{version}"
    target = DIST / f"{top}-linux-{linux_arch()}.tar.gz"
    extras = {
        "install.sh": LINUX / "install.sh",
        "chasqui-start": LINUX / "chasqui-start",
        "qt-system-libs.txt": LINUX / "qt-system-libs.txt",
        "chasqui.desktop": LINUX / "chasqui.desktop",
        "chasqui.svg": LINUX / "chasqui.svg",
        "chasqui.png": LINUX / "chasqui.png",
        "LEAME.txt": LINUX / "LEAME.txt",
    }
    for source in extras.values():
        if not source.exists():
            sys.exit(f"missing {source.relative_to(ROOT)}")

    def executable(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=f"{top}/chasqui", filter=executable)
        for name, source in extras.items():
            tar.add(source, arcname=f"{top}/{name}", filter=executable)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", action="store_true", help="also pack the Linux tarball")
    parser.add_argument(
        "--skip-pyinstaller", action="store_true", help="reuse the bundle in dist/chasqui"
    )
    args = parser.parse_args(argv)
    version = project_version()
    if not args.skip_pyinstaller:
        seconds = run_pyinstaller()
        print(f"[build] bundle built in {seconds:.0f} s: {BUNDLE}", flush=True)
    print(f"[build] chasqui {version}: bundle size {mib(tree_size(BUNDLE))} unpacked", flush=True)
    if args.tarball:
        if not sys.platform.startswith("linux"):
            sys.exit("--tarball packs the Linux bundle: run it on Linux")
        started = time.perf_counter()
        target = make_tarball(version)
        print(
            f"[build] {target.name}: {mib(target.stat().st_size)} "
            f"(packed in {time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
