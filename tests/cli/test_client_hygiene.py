"""Client hygiene (issue 12, finding 13): terminal escapes in synced data are shown, not
obeyed, by the CLI (text and JSON); the client process cannot dump core; after lock no
copy of the data key's text stays in the process's memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Vault
from tests.cli.conftest import PASS, REPO, cli_env, ok

HOSTILE_GIVEN = "Rosa\x1b]0;pwned\x07\x1b[2J"
HOSTILE_SURNAME = "Quispe\u202e\x9b31m\r"


def test_control_characters_never_reach_the_terminal(vault: Path) -> None:
    store = Vault.unlock(vault, "ana", PASS)
    try:  # as a record arriving from another device would be stored
        store.insert("person", {"given_names": HOSTILE_GIVEN, "paternal_surname": HOSTILE_SURNAME,
                                "office_id": store.office_id})  # fmt: skip
    finally:
        store.lock()
    text = ok(["person", "list"], vault)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\r"):
        assert raw not in text
    assert "Rosa\\u001b]0;pwned" in text
    listed = json.loads(ok(["person", "list", "--json"], vault))  # still valid JSON
    assert (listed[0]["given_names"], listed[0]["paternal_surname"]) == (
        HOSTILE_GIVEN,
        HOSTILE_SURNAME,
    )  # the same values: only their display is escaped
    exported = ok(["export", "--json"], vault)
    assert "\x1b" not in exported and "\x9b" not in exported and json.loads(exported)


@pytest.mark.skipif(sys.platform == "win32", reason="no RLIMIT_CORE on Windows")
def test_the_client_process_cannot_dump_core(vault: Path) -> None:
    code = (
        "import resource, sys\n"
        "from app.cli import main\n"
        "main(['person', 'list', '--data-dir', sys.argv[1]])\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "tests.kdf_floor", "tests.cli.run_code", code, str(vault)],
        capture_output=True, text=True, cwd=REPO, env=cli_env(), timeout=120, check=True,
    ).stdout  # fmt: skip
    assert out.strip().splitlines()[-1] == "(0, 0)"
    gui = subprocess.run(
        [sys.executable, "-c", "import main, resource; main.main(['forms', 'list']);"
         " print(resource.getrlimit(resource.RLIMIT_CORE))"],
        capture_output=True, text=True, cwd=REPO, env=cli_env(), timeout=120,
    ).stdout  # fmt: skip
    assert gui.strip().splitlines()[-1] == "(0, 0)"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs /proc/self/mem (Linux)")
def test_no_copy_of_the_key_text_after_lock(vault: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tests.store.key_scan_child", str(vault), PASS],
        capture_output=True, text=True, cwd=REPO, env=cli_env(), timeout=120, check=True,
    ).stdout  # fmt: skip
    open_copies, after_lock = (int(n) for n in out.split())
    assert after_lock == 0, out  # before the fix: 4 (PRAGMA text, statement cache, hex)
    assert open_copies == 0, out
