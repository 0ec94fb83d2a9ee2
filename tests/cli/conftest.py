"""Run the CLI as a user would: a subprocess (``python -m app.cli``) on a real vault.

Vaults made by the ``vault`` fixture (``tests/conftest.py``) use cheap key derivation
(the CLI reads the KDF parameters from the key file), so only the ``init`` tests pay for
full Argon2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def run(
    args: Sequence[str],
    data_dir: Path | None = None,
    stdin: str | None = None,
    entry: Sequence[str] = ("-m", "tests.kdf_floor", "app.cli"),
    **env: str | None,
) -> Result:
    argv = [sys.executable, *entry, *args]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    proc = subprocess.run(
        argv,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=cli_env(**env),
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


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
