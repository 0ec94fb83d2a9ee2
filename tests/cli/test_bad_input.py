"""Bad inputs: a clear one-line error, the documented exit code, no traceback, and
nothing already stored is damaged (the export before and after is identical)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import run as run_parsed
from tests.cli.conftest import (
    PERSON,
    Result,
    assert_one_clean_error,
    client_with_case,
    intake_answers,
    ok,
    run,
)
from tests.conftest import make_vault


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Once per module: a vault holding one person with an intake and a case, its
    person id and its export (copied for each test: fewer subprocess runs)."""
    directory = tmp_path_factory.mktemp("template") / "data"
    make_vault(directory).lock()
    person_id, _ = client_with_case(directory)
    return directory, person_id, ok(["export", "--json"], directory)


@pytest.fixture
def filled(template: tuple[Path, str, str], tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the template vault; after the test its export must be unchanged."""
    source, person_id, before = template
    vault = tmp_path / "data"
    shutil.copytree(source, vault)
    yield vault, person_id
    assert ok(["export", "--json"], vault) == before


def _add(directory: Path, doc: object, raw: str | None = None) -> Result:
    text = raw if raw is not None else json.dumps(doc)
    return run(["person", "add", "--json", "-"], directory, stdin=text)


def test_wrong_passphrase(filled: tuple[Path, str]) -> None:
    vault, _ = filled
    result = run(["person", "list"], vault, CHASQUI_PASSPHRASE="no es la frase")
    assert_one_clean_error(result, 3, "wrong passphrase")
    assert len(result.lines) == 1


def test_no_passphrase_and_no_terminal(filled: tuple[Path, str]) -> None:
    vault, _ = filled
    assert_one_clean_error(
        run(["person", "list"], vault, CHASQUI_PASSPHRASE=None), 3, "CHASQUI_PASSPHRASE"
    )


def test_no_vault_and_unknown_user(tmp_path: Path, filled: tuple[Path, str]) -> None:
    assert_one_clean_error(run(["person", "list"], tmp_path / "nothing"), 3)
    vault, _ = filled
    assert_one_clean_error(run(["person", "list", "--user", "pepe"], vault), 3)


def test_tampered_key_file(filled: tuple[Path, str]) -> None:
    vault, _ = filled
    keyfile = vault / "keys.json"
    original = keyfile.read_bytes()
    doc = json.loads(original)
    wrapped = doc["users"]["ana"]["wrapped"]
    doc["users"]["ana"]["wrapped"] = ("A" if wrapped[0] != "A" else "B") + wrapped[1:]
    keyfile.write_text(json.dumps(doc))
    # AES-GCM cannot tell a flipped wrapped key from a wrong passphrase: exit 3.
    assert_one_clean_error(run(["person", "list"], vault), 3, "altered")
    keyfile.write_bytes(b"{not json")
    assert_one_clean_error(run(["person", "list"], vault), 1, "key file")
    keyfile.write_bytes(original[: len(original) // 2])
    assert_one_clean_error(run(["person", "list"], vault), 1)
    keyfile.write_bytes(original)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "directory"])
def test_damaged_database(filled: tuple[Path, str], tmp_path: Path, damage: str) -> None:
    """On a copy of the vault: the database truncated, overwritten with garbage, or
    replaced by a directory (what a read-only or broken disk looks like when running
    as root, where permissions do not stop writes)."""
    vault, _ = filled
    copy = tmp_path / "copy"
    shutil.copytree(vault, copy)
    db = next(p for p in copy.iterdir() if p.suffix == ".db")
    size = db.stat().st_size
    if damage == "truncate":
        with db.open("r+b") as handle:
            handle.truncate(size // 3)
    elif damage == "garbage":
        db.write_bytes(b"\x00garbage" * (size // 8))
    else:
        db.unlink()
        db.mkdir()
    result = run(["person", "list"], copy)
    assert_one_clean_error(result, 1)
    assert len(result.lines) == 1


def test_data_dir_is_a_file(tmp_path: Path) -> None:
    """A data directory that cannot be created (the path is a file): init fails cleanly."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    result = run(
        ["init", "--office", "LIM01", "--user", "ana"],
        blocker / "data",
        CHASQUI_NEW_PASSPHRASE="frase de prueba larga",
    )
    assert_one_clean_error(result, 1)
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        ('{"given_names": "Rosa",', "--json: malformed JSON at line 1"),
        ("", "--json: malformed JSON"),
        ("[1, 2]", "se esperaba un objeto JSON"),
    ],
)
def test_malformed_json(filled: tuple[Path, str], raw: str, needle: str) -> None:
    vault, _ = filled
    assert_one_clean_error(_add(vault, None, raw), 2, needle)


def test_json_file_missing(filled: tuple[Path, str], tmp_path: Path) -> None:
    vault, _ = filled
    result = run(["person", "add", "--json", str(tmp_path / "nope.json")], vault)
    assert_one_clean_error(result, 2, "--json: file not found")


def test_unknown_fields_each_named(filled: tuple[Path, str]) -> None:
    vault, _ = filled
    result = _add(vault, {**PERSON, "doc_number": "40000001", "apodo": "x", "edad": 3})
    assert_one_clean_error(result, 2, "error: apodo: campo desconocido", "error: edad:")
    assert len(result.lines) == 2


def test_invalid_dni_check_character(filled: tuple[Path, str]) -> None:
    vault, _ = filled
    result = _add(vault, {**PERSON, "doc_number": "10117410-5"})
    assert_one_clean_error(result, 2, "error: doc_number: ", "revise el número")
    assert "se esperaba" not in result.lines[0]  # never the right one: it catches typos
    assert len(result.lines) == 1


def test_birth_date_in_the_future(filled: tuple[Path, str]) -> None:
    vault, _ = filled
    result = _add(vault, {**PERSON, "doc_number": "40000001", "birth_date": "2999-01-01"})
    assert_one_clean_error(result, 2, "error: birth_date: ")
    assert len(result.lines) == 1


def test_duplicate_document_is_refused(filled: tuple[Path, str]) -> None:
    vault, person_id = filled
    result = _add(vault, {**PERSON, "doc_number": "10117410"})
    assert_one_clean_error(result, 2, "error: doc_number: ", person_id)


def test_intake_errors_one_line_each(filled: tuple[Path, str]) -> None:
    vault, person_id = filled
    answers = intake_answers(PERSON)
    answers["hijos"] = [
        {"hijo_nombres": "Ana", "hijo_fecha_nacimiento": "2999-01-01", "hijo_reconocido": True},
        {"hijo_nombres": "Luis", "hijo_reconocido": "si"},
    ]
    answers["campo_raro"] = 1
    result = run(
        ["intake", "add", "--person", person_id, "--form", "ficha_atencion", "--json", "-"],
        vault,
        stdin=json.dumps(answers),
    )
    assert_one_clean_error(
        result,
        2,
        "error: hijos[1].hijo_fecha_nacimiento: ",
        "error: hijos[2].hijo_fecha_nacimiento: ",
        "error: hijos[2].hijo_reconocido: ",
        "error: campo_raro: ",
    )
    assert len(result.lines) == 4
    for args, needle in [
        (["--person", "no-such-id", "--form", "ficha_atencion"], "person not found"),
        (["--person", person_id, "--form", "no_such_form"], "form_id: "),
    ]:
        result = run(["intake", "add", *args, "--json", "-"], vault, stdin=json.dumps(answers))
        assert_one_clean_error(result, 2, needle)


def test_a_matter_outside_its_area_is_refused(filled: tuple[Path, str]) -> None:
    """The ficha's rule (forms), as the desktop and the server apply it."""
    vault, person_id = filled
    answers = intake_answers(PERSON, "alimentos", area="defensa_penal")
    result = run(
        ["intake", "add", "--person", person_id, "--form", "ficha_atencion", "--json", "-"],
        vault,
        stdin=json.dumps(answers),
    )
    assert_one_clean_error(
        result, 2, "error: materia: La materia «Alimentos» no corresponde al área «Defensa penal»."
    )
    assert len(result.lines) == 1


def test_bad_case_note_hearing_arguments(filled: tuple[Path, str]) -> None:
    vault, _ = filled
    assert_one_clean_error(run(["case", "open", "--intake", "nope"], vault), 2, "not found")
    # note text from stdin (``--text`` would add its command-line warning to stderr)
    missing_case = run(["note", "add", "nope", "--text-file", "-"], vault, stdin="x")
    assert_one_clean_error(missing_case, 2, "not found")
    case_id = json.loads(ok(["case", "list", "--json"], vault))[0]["id"]
    blank = run(["note", "add", case_id, "--text-file", "-"], vault, stdin="  ")
    assert_one_clean_error(blank, 2, "text: ")
    result = run(["hearing", "add", case_id, "--at", "mañana", "--kind", "juicio"], vault)
    assert_one_clean_error(result, 2, "error: at: ")
    # argparse usage errors also exit 2 (its own usage line plus the message).
    assert run(["hearing", "add", case_id], vault).code == 2


def test_unexpected_errors_become_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    def boom(args: argparse.Namespace) -> int:
        raise RuntimeError("Rosa Quispe 10117410")  # record data must not be printed

    monkeypatch.delenv("CHASQUI_DEBUG", raising=False)
    assert run_parsed(argparse.Namespace(func=boom)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError" in err and "Rosa" not in err
    monkeypatch.setenv("CHASQUI_DEBUG", "1")
    assert run_parsed(argparse.Namespace(func=boom)) == 1
    assert "Traceback" in capsys.readouterr().err
