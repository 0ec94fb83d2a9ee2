"""Fresh Linux (issue 13 #12): `python3 tasks.py run` and the bundle's start script check
the system libraries Qt's xcb window needs, and name the exact apt-get line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import tasks

ROOT = Path(__file__).resolve().parents[2]
START = ROOT / "installer" / "linux" / "chasqui-start"
TABLE = ROOT / "installer" / "linux" / "qt-system-libs.txt"
LDD_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /opt/x/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
"""

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the xcb check is for Linux only"
)


def _fake_ldd(folder: Path, output: str) -> dict[str, str]:
    """A PATH whose ``ldd`` prints ``output`` (the system's libraries are the edge)."""
    folder.mkdir(parents=True, exist_ok=True)
    ldd = folder / "ldd"
    ldd.write_text(f"#!/bin/sh\ncat <<'OUT'\n{output}OUT\n", encoding="utf-8")
    ldd.chmod(0o755)
    return dict(os.environ, PATH=f"{folder}{os.pathsep}{os.environ['PATH']}")


def test_ldd_not_found_lines_become_the_apt_get_line() -> None:
    missing = tasks.not_found(LDD_MISSING)
    assert missing == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    table = tasks.qt_library_packages(TABLE)
    assert tasks.apt_line(missing, table) == "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4"
    assert tasks.apt_line(["libodd.so.2"], table) == "# and the packages providing libodd.so.2"


@linux_only
def test_the_table_names_every_system_library_of_the_real_plugin() -> None:
    plugin = tasks.qt_xcb_plugin(Path(sys.prefix))
    if plugin is None:
        pytest.skip("PySide6's xcb plugin is not in this environment")
    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    linked = [line.split()[0] for line in done.stdout.splitlines() if "=>" in line]
    families = ("libxcb", "libxkb", "libX11", "libEGL", "libGL", "libfontconfig", "libdbus")
    table = tasks.qt_library_packages(TABLE)
    assert [name for name in linked if name.startswith(families) and name not in table] == []


@linux_only
def test_tasks_run_prints_the_exact_line_when_not_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plugin = tmp_path / "venv/lib/python3.11/site-packages/PySide6/Qt/plugins/platforms"
    plugin.mkdir(parents=True)
    (plugin / "libqxcb.so").write_bytes(b"\x7fELF")
    env = _fake_ldd(tmp_path / "bin", LDD_MISSING)
    monkeypatch.setenv("PATH", env["PATH"])
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(tasks, "VENV", tmp_path / "venv")
    monkeypatch.setattr(tasks.os, "geteuid", lambda: 1000)
    assert tasks.qt_xcb_plugin(tmp_path / "venv") == plugin / "libqxcb.so"
    monkeypatch.setattr(tasks, "qt_xcb_plugin", lambda: plugin / "libqxcb.so")
    assert tasks.check_qt_system_libraries() is False
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4" in err
    # nothing missing: the window may open
    fine = _fake_ldd(tmp_path / "ok", "\tlibc.so.6 => /lib/libc.so.6\n")
    monkeypatch.setenv("PATH", fine["PATH"])
    assert tasks.check_qt_system_libraries() is True


def _bundle(tmp_path: Path) -> Path:
    """The unpacked archive's layout: chasqui-<v>/{chasqui-start, qt-system-libs.txt,
    chasqui/chasqui, chasqui/_internal/.../platforms/libqxcb.so}."""
    top = tmp_path / "chasqui-0.1.0"
    platforms = top / "chasqui" / "_internal" / "PySide6" / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    (platforms / "libqxcb.so").write_bytes(b"\x7fELF")
    app = top / "chasqui" / "chasqui"
    app.write_text('#!/bin/sh\necho "started $*"\n', encoding="utf-8")
    app.chmod(0o755)
    for source in (START, TABLE):
        (top / source.name).write_bytes(source.read_bytes())
    (top / START.name).chmod(0o755)
    return top


@linux_only
def test_start_script_stops_with_the_apt_get_line(tmp_path: Path) -> None:
    top = _bundle(tmp_path)
    env = _fake_ldd(tmp_path / "bin", LDD_MISSING)
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [str(top / "chasqui-start"), "--demo"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 3
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4" in done.stderr
    assert "started" not in done.stdout


@linux_only
def test_start_script_starts_the_program_when_nothing_is_missing(tmp_path: Path) -> None:
    top = _bundle(tmp_path)
    env = _fake_ldd(tmp_path / "bin", "\tlibc.so.6 => /lib/libc.so.6\n")
    env.pop("QT_QPA_PLATFORM", None)
    link = tmp_path / "chasqui"  # as ~/.local/bin/chasqui links to it
    link.symlink_to(top / "chasqui-start")
    done = subprocess.run([str(link), "--demo"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "started --demo"
