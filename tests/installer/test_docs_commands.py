"""Every ``chasqui`` / ``chasqui-server`` command written in the user and deployment
guides exists with that spelling: each one is parsed by the real argument parser."""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [
    ROOT / "docs" / "guia-defensor.md",
    ROOT / "docs" / "guia-administrador.md",
    ROOT / "docs" / "deploy" / "servidor.md",
]
_FENCE = re.compile(r"^[ \t]*```[a-z]*\n(.*?)^[ \t]*```", re.S | re.M)
_INLINE = re.compile(r"`((?:/opt/chasqui/venv/bin/)?chasqui(?:-server)?\s[^`]+)`")


def _parsers() -> dict[str, Callable[[], argparse.ArgumentParser]]:
    from app.cli import build_parser as client
    from sync.server.cli import build_parser as server

    return {"chasqui": client, "chasqui-server": server}


def commands(path: Path) -> list[tuple[list[str], bool]]:
    """(argv, complete) of the commands in fenced blocks (complete) and in inline code
    (a command named in the text, maybe without its arguments; placeholders in brackets
    skipped), with ``sudo -u USER`` and the venv path removed."""
    text = path.read_text(encoding="utf-8")
    lines: list[tuple[str, bool]] = []
    for block in _FENCE.findall(text):
        joined = block.replace("\\\n", " ")
        lines += [(line.split("#", 1)[0].strip(), True) for line in joined.splitlines()]
    lines += [(m, False) for m in _INLINE.findall(text) if "[" not in m]
    found = []
    for line, complete in lines:
        if not line:
            continue
        argv = shlex.split(line)
        while argv[:1] == ["sudo"]:
            argv = argv[3:] if argv[1:2] == ["-u"] else argv[1:]
        if not argv:
            continue
        program = argv[0]
        if program.startswith("/") and "/bin/" in program:  # /opt/chasqui/venv/bin/...
            program = Path(program).name
        if program in ("chasqui", "chasqui-server"):
            found.append(([program, *argv[1:]], complete))
    return found


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_documented_commands_parse(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parsers = _parsers()
    found = commands(doc)
    assert found, f"no chasqui command found in {doc.name}"
    bad = []
    for argv, complete in found:
        capsys.readouterr()
        try:
            parsers[argv[0]]().parse_args(argv[1:])
        except SystemExit as exc:
            if exc.code in (0, None):
                continue
            missing_only = "the following arguments are required" in capsys.readouterr().err
            if complete or not missing_only:
                bad.append(" ".join(argv))
    capsys.readouterr()
    assert not bad, f"{doc.name}: commands the CLI does not accept: {bad}"


def test_the_parser_check_catches_a_misspelling() -> None:
    parser = _parsers()["chasqui-server"]()
    with pytest.raises(SystemExit):
        parser.parse_args(["device", "remove", "x"])


def test_screenshots_named_in_the_guides_exist() -> None:
    missing = []
    for doc in DOCS:
        for name in re.findall(r"screenshots/([\w\-*]+\.png)", doc.read_text(encoding="utf-8")):
            if not list((ROOT / "docs" / "screenshots").glob(name)):
                missing.append(f"{doc.name}: {name}")
    assert not missing, missing
