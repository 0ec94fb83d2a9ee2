"""Run the CLI as a user would: a process of its own (``python -m app.cli``) on a real vault.

Vaults made by the ``vault`` fixture (``tests/conftest.py``) use cheap key derivation
(the CLI reads the KDF parameters from the key file), so only the ``init`` tests pay for
full Argon2.

A new Python process costs about 1.4 s of CPU before the command starts (the interpreter
and the imports of ``app.cli``), and the suite runs hundreds of commands. So :func:`run`
starts a real ``python -m app.cli`` for the first command of each family (``person``,
``case``...) in each test module, and runs the others in a fork of the test process
(:func:`_forked`): a process of its own all the same, with the environment, standard
streams, exit code and resource limits a real one has, only without the start-up. A fork
is used only while the test process runs no other Python thread (a server thread could
hold a lock the child would then wait on for ever); otherwise a real process is started.
"""

from __future__ import annotations

import io
import json
import logging
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import PASS

REPO = Path(__file__).resolve().parent.parent.parent


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.strip().splitlines()


def cli_env(**extra: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHASQUI_")}
    env["PYTHONPATH"] = str(REPO)
    env["CHASQUI_PASSPHRASE"] = PASS
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


CLI = ("-m", "tests.kdf_floor", "app.cli")
TIMEOUT = 120
_started: set[tuple[str, str]] = set()  # (test module, command family) run as real processes


def run(
    args: Sequence[str],
    data_dir: Path | None = None,
    stdin: str | None = None,
    entry: Sequence[str] = CLI,
    **env: str | None,
) -> Result:
    argv = list(args)
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    module = os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[0]
    family = (module, args[0] if args else "")
    if tuple(entry) == CLI and family in _started and _forkable():
        return _forked(argv, stdin or "", cli_env(**env))
    _started.add(family)
    proc = subprocess.run(
        [sys.executable, *entry, *argv],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=cli_env(**env),
        timeout=TIMEOUT,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _forkable() -> bool:
    """A fork is safe: POSIX, and no other Python thread than pytest-timeout's timer."""
    if not hasattr(os, "fork"):
        return False
    current = threading.current_thread()
    return all(t is current or isinstance(t, threading.Timer) for t in threading.enumerate())


def _forked(argv: list[str], stdin: str, env: dict[str, str]) -> Result:
    """``python -m app.cli ARGV`` as a fork of this process: its own environment, standard
    streams (files, as pipes would be: not terminals), working directory and exit code."""
    with (
        tempfile.TemporaryFile() as given,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        given.write(stdin.encode("utf-8"))
        given.seek(0)
        import app.cli  # noqa: F401  (imported once here, not in every child)

        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            _child(argv, env, given.fileno(), out.fileno(), err.fileno())
        code = _wait(pid)
        out.seek(0)
        err.seek(0)
        return Result(code, _text(out.read()), _text(err.read()))


def _text(data: bytes) -> str:
    """As ``subprocess.run(text=True)`` reads a stream (UTF-8 mode: PYTHONUTF8=1)."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _child(argv: list[str], env: dict[str, str], fd_in: int, fd_out: int, fd_err: int) -> None:
    code = 1
    try:
        import gc

        gc.disable()  # nothing of the parent's is finalized here
        os.dup2(fd_in, 0)
        os.dup2(fd_out, 1)
        os.dup2(fd_err, 2)
        # The streams of a real interpreter with a pipe in UTF-8 mode (PYTHONUTF8=1).
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), "utf-8", "surrogateescape")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), "utf-8", "surrogateescape")
        sys.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False), "utf-8", "backslashreplace", line_buffering=True
        )
        os.environ.clear()
        os.environ.update(env)
        os.chdir(REPO)
        fresh_logging()
        from app.cli import main

        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors, as the interpreter maps them
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
    except BaseException:  # an escaped error prints as the interpreter would print it
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def fresh_logging() -> None:
    """Logging as a fresh interpreter has it: the fork inherits pytest's capture handlers,
    which would swallow a warning a real ``python -m app.cli`` prints on stderr (review 7 F2)."""
    logging.disable(logging.NOTSET)
    for name in list(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.setLevel(logging.NOTSET)
        logger.propagate = True
        logger.disabled = False
    logging.root.handlers.clear()
    logging.root.setLevel(logging.WARNING)


def _wait(pid: int) -> int:
    """The child's exit code (a signal's as subprocess gives it: negative); killed after
    :data:`TIMEOUT` seconds, as ``subprocess.run(timeout=...)`` would raise."""
    if hasattr(os, "pidfd_open"):  # Linux: wait for the child's end with a deadline
        pidfd = os.pidfd_open(pid)
        try:
            ended, _, _ = select.select([pidfd], [], [], TIMEOUT)
        finally:
            os.close(pidfd)
        if not ended:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise subprocess.TimeoutExpired(["app.cli"], TIMEOUT)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


def ok(args: Sequence[str], data_dir: Path | None = None, **kw: Any) -> str:
    result = run(args, data_dir, **kw)
    assert result.code == 0, (args, result.err)
    assert "Traceback" not in result.err
    return result.out


def run_json(args: Sequence[str], data_dir: Path, **kw: Any) -> Any:
    return json.loads(ok(args, data_dir, **kw))


def assert_one_clean_error(result: Result, code: int, *needles: str) -> None:
    """Exit ``code``; stderr is ``error: ...`` lines only, with no traceback."""
    assert result.code == code, (result.code, result.err)
    assert "Traceback" not in result.err
    assert result.lines and all(line.startswith("error: ") for line in result.lines), result.err
    for needle in needles:
        assert needle in result.err, (needle, result.err)


PERSON: dict[str, Any] = {
    "given_names": "Rosa Elvira",
    "paternal_surname": "Huamán",
    "maternal_surname": "Ccori",
    "doc_type": "DNI",
    "doc_number": "10117410-2",
    "birth_date": "1984-02-29",
    "sex": "F",
    "ubigeo": "080101",
    "phone": "987 654 321",
    "mother_tongue": "quechua",
    "interpreter_needed": True,
}


def intake_answers(person: dict[str, Any], materia: str = "alimentos", **overrides: Any) -> Any:
    """ficha_atencion answers for ``person`` and ``materia`` (from the sample generator)."""
    import random

    from app.core import sample

    who = {**person, "doc_number": person["doc_number"][:8]}
    for seed in range(1000):
        answers = sample.intake_answers(random.Random(seed), who)
        if answers["materia"] == materia:
            answers.update(overrides)
            return answers
    raise AssertionError(f"no sample answers for {materia}")


def client_with_case(directory: Path) -> tuple[str, str]:
    """Through the CLI: register ``PERSON``, record a ficha for them and open a case;
    returns (person id, case id)."""
    person_id = ok(["person", "add", "--json", "-"], directory, stdin=json.dumps(PERSON)).strip()
    intake_id = ok(
        ["intake", "add", "--person", person_id, "--form", "ficha_atencion", "--json", "-"],
        directory,
        stdin=json.dumps(intake_answers(PERSON)),
    ).strip()
    case_id = ok(["case", "open", "--intake", intake_id, "--quiet"], directory).strip()
    return person_id, case_id
