"""The Windows installer, the Linux desktop entry and the server unit name the right
executables, paths and commands."""

from __future__ import annotations

import argparse
import configparser
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from tests.installer.test_spec import spec_constants

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ISS = INSTALLER / "windows" / "chasqui.iss"


def iss_defines() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*#define\s+(\w+)\s+"([^"]*)"', text, flags=re.M))


def iss_section(name: str) -> list[str]:
    lines, inside = [], False
    for raw in ISS.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("["):
            inside = line == f"[{name}]"
            continue
        if inside and line and not line.startswith(";"):
            lines.append(line)
    return lines


def test_inno_script_runs_the_spec_executables() -> None:
    names = spec_constants()
    defines = iss_defines()
    assert defines["AppExe"] == f"{names['APP_NAME']}.exe"
    assert defines["CliExe"] == f"{names['CLI_NAME']}.exe"
    icons = " ".join(iss_section("Icons"))
    assert "{app}\\{#AppExe}" in icons and "{autoprograms}" in icons
    assert "Tasks: desktopicon" in icons
    files = " ".join(iss_section("Files"))
    assert f"..\\..\\dist\\{names['APP_NAME']}\\*" in files
    assert (ISS.parent / "chasqui.ico").exists()


def test_inno_script_is_per_user_in_spanish() -> None:
    setup = {k.strip(): v.strip() for k, v in (line.split("=", 1) for line in iss_section("Setup"))}
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")  # %LOCALAPPDATA%\Programs per user
    languages = " ".join(iss_section("Languages"))
    assert "Spanish.isl" in languages and "English" not in languages


def _recorded_data_dir(monkeypatch: pytest.MonkeyPatch, call: Any) -> tuple[str, str]:
    import platformdirs

    seen: list[tuple[str, str]] = []

    def fake(appname: str, appauthor: str | None = None, *_a: Any, **_k: Any) -> str:
        seen.append((appname, str(appauthor)))
        return "/nonexistent/chasqui-test"

    monkeypatch.setattr(platformdirs, "user_data_dir", fake)
    monkeypatch.delenv("CHASQUI_DATA_DIR", raising=False)
    call()
    assert seen, "the data directory did not come from platformdirs.user_data_dir"
    return seen[0]


def test_uninstaller_can_delete_every_app_data_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every folder the CLI and the GUI keep data in is one the uninstaller offers to delete
    (an extra folder in the script is harmless: it is only deleted when it exists)."""
    from app.cli.context import data_dir
    from app.ui.app import default_data_dir

    cli_name, cli_author = _recorded_data_dir(monkeypatch, lambda: data_dir(argparse.Namespace()))
    gui_name, gui_author = _recorded_data_dir(monkeypatch, default_data_dir)
    text = ISS.read_text(encoding="utf-8")
    deleted = set(re.findall(r"ExpandConstant\('\{localappdata\}\\([^']+)'\)", text))
    assert {f"{cli_author}\\{cli_name}", f"{gui_author}\\{gui_name}"} <= deleted


def test_desktop_entry_runs_the_bundle_executable() -> None:
    names = spec_constants()
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(INSTALLER / "linux" / "chasqui.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    # the start script checks Qt's system libraries, then runs the bundle's executable
    assert section["Exec"] == "@PREFIX@/chasqui-start"
    start = (INSTALLER / "linux" / "chasqui-start").read_text(encoding="utf-8")
    assert 'exec "$APP" "$@"' in start and f'APP="$HERE/{names["APP_NAME"]}"' in start
    assert section["TryExec"] == section["Exec"]
    assert section["Icon"] == "chasqui"
    assert section["Terminal"] == "false"
    for icon in ("chasqui.svg", "chasqui.png"):
        assert (INSTALLER / "linux" / icon).exists()
    install = (INSTALLER / "linux" / "install.sh").read_text(encoding="utf-8")
    assert 'ln -sfn "$PREFIX/chasqui-start" "$BIN/chasqui"' in install
    assert 'cp "$HERE/chasqui-start" "$HERE/qt-system-libs.txt" "$PREFIX.tmp/"' in install
    assert "s|@PREFIX@|$PREFIX|g" in install


def test_systemd_unit_runs_a_valid_server_command() -> None:
    from sync.server.cli import build_parser

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(INSTALLER / "server" / "chasqui-server.service", encoding="utf-8")
    service = unit["Service"]
    argv = shlex.split(service["ExecStart"])
    assert argv[0].endswith("/chasqui-server")
    args = build_parser().parse_args(argv[1:])
    assert (args.command, args.host, args.port, args.workers) == ("serve", "127.0.0.1", 8700, 4)
    assert args.db is None  # the URL (with its password) comes from the EnvironmentFile
    assert service["User"] == "chasqui" and service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
