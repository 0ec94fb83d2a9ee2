"""The suite's CLI runner (``tests/cli/conftest.py``) answers as a real ``python -m app.cli``
process does when it runs a command in a fork of the test process: the same exit code,
standard output and standard error, and nothing of the child's state (environment, resource
limits, streams) reaches the test process."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli import conftest
from tests.cli.conftest import CLI, PERSON, REPO, Result, cli_env

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")

HOSTILE = {**PERSON, "given_names": "Rosa\x1b]0;pwned\x07 Elvira"}


def _real(args: list[str], data_dir: Path, stdin: str = "", **env: str) -> Result:
    proc = subprocess.run(
        [sys.executable, *CLI, *args, "--data-dir", str(data_dir)],
        input=stdin, capture_output=True, text=True, cwd=REPO, env=cli_env(**env), timeout=120,
    )  # fmt: skip
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def here(request: pytest.FixtureRequest) -> bool:
    """Whether the test's body runs in this process. A worker that ran other files may keep
    a thread (a module's pool, a server's) so that the runner rightly declines to fork; the
    test then runs itself in a fresh pytest process, whose answer is asserted here."""
    if conftest._forkable():
        return True
    import threading

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "CHASQUI_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", request.node.nodeid],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    threads = [t.name for t in threading.enumerate()]
    assert done.returncode == 0, (threads, done.stdout[-3000:], done.stderr[-2000:])
    assert " passed" in done.stdout, done.stdout[-2000:]
    return False


def _forked(args: list[str], data_dir: Path, stdin: str = "", **env: str) -> Result:
    assert conftest._forkable()
    return conftest._forked([*args, "--data-dir", str(data_dir)], stdin, cli_env(**env))


def test_a_forked_command_answers_as_a_real_process(vault: Path, here: bool) -> None:
    if not here:
        return  # proven in a fresh process by the fixture
    limits = resource.getrlimit(resource.RLIMIT_CORE)
    environment = dict(os.environ)
    added = _forked(["person", "add", "--json", "-"], vault, json.dumps(HOSTILE))
    assert added.code == 0 and added.err == "", added
    cases: list[tuple[list[str], dict[str, str], int]] = [
        (["person", "list"], {}, 0),  # the hostile name, escaped for the terminal
        (["person", "frobnicate"], {}, 2),  # argparse's usage error
        (["person", "list"], {"CHASQUI_PASSPHRASE": "not-the-passphrase-7"}, 3),
    ]
    answers = []
    for args, env, code in cases:
        real, forked = _real(args, vault, **env), _forked(args, vault, **env)
        assert forked == real, (args, forked, real)
        assert forked.code == code
        answers.append(forked)
    assert "Rosa\\u001b]0;pwned" in answers[0].out and "\x1b" not in answers[0].out
    # The child's disable_core_dumps, environment and streams stayed in the child.
    assert resource.getrlimit(resource.RLIMIT_CORE) == limits
    assert dict(os.environ) == environment


def test_the_first_command_of_a_family_in_a_module_is_a_real_process(
    vault: Path, monkeypatch: pytest.MonkeyPatch, here: bool
) -> None:
    if not here:
        return  # proven in a fresh process by the fixture
    module = os.environ["PYTEST_CURRENT_TEST"].split("::")[0]
    monkeypatch.setattr(conftest, "_started", set())
    real: list[list[str]] = []
    spawn = subprocess.run

    def counted(argv: list[str], **kw: object) -> object:
        real.append(argv)
        return spawn(argv, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counted)
    for _ in range(3):
        listed = conftest.run(["forms", "list"], vault)
        assert listed.code == 0 and "ficha_atencion" in listed.out
    assert len(real) == 1 and real[0][1:4] == list(CLI)
    assert conftest._started == {(module, "forms")}
    conftest.run(["forms", "list"], vault, entry=("-m", "app.cli"))  # another entry: real
    assert len(real) == 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX only")
def test_a_forked_command_prints_a_warning_on_stderr_as_a_real_process_does(
    tmp_path: Path,
) -> None:
    """pytest's capture handlers are inherited by a fork: without the reset a store warning
    ("keeping change … aside") went into the parent's memory, not onto the child's stderr."""
    import io
    import logging

    err_path = tmp_path / "stderr"
    with err_path.open("wb") as err:
        pid = os.fork()
        if pid == 0:  # the child: as conftest._child sets up its stderr
            code = 1
            try:
                os.dup2(err.fileno(), 2)
                sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), "utf-8")
                conftest.fresh_logging()
                logging.getLogger("chasqui.store").warning("keeping change x aside")
                sys.stderr.flush()
                code = 0
            finally:
                os._exit(code)
        assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    assert err_path.read_text(encoding="utf-8") == "keeping change x aside\n"
