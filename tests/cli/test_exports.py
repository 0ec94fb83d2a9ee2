"""Exports from the real CLI (issue 12, finding 8): plaintext JSON on a terminal is warned
about, ``--encrypt-to`` writes a sealed file that ``decrypt-export`` opens, note text
comes from a file or stdin (``--text`` still works, warned), and PDF passwords under 12
characters are refused. The victim vault keeps working after every refused attempt."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import (
    PERSON,
    REPO,
    assert_one_clean_error,
    cli_env,
    intake_answers,
    ok,
    run,
)

SEAL = "sobre lacrado de la defensa"


def _case(vault: Path) -> str:
    person_id = ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(PERSON)).strip()
    answers = intake_answers(PERSON, materia="alimentos", tipo_servicio="patrocinio")
    intake_id = ok(
        ["intake", "add", "--person", person_id, "--form", "ficha_atencion", "--json", "-"],
        vault,
        stdin=json.dumps(answers),
    ).strip()
    return ok(["case", "open", "--intake", intake_id], vault).split()[0]


def test_plain_export_warns_on_a_terminal_only(vault: Path) -> None:
    _case(vault)
    piped = run(["export", "--json"], vault)
    assert piped.code == 0 and piped.err == "" and "Huamán" in piped.out
    leader, follower = pty.openpty()  # stdout is a terminal, stderr a pipe
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "tests.kdf_floor", "app.cli", "export", "--json",
             "--data-dir", str(vault)],
            stdout=follower, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            cwd=REPO, env=cli_env(), timeout=120, text=True,
        )  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 0
    assert "warning: the export is every record in plaintext" in proc.stderr


def test_encrypted_export_round_trips_and_refuses_the_wrong_passphrase(
    vault: Path, tmp_path: Path
) -> None:
    _case(vault)
    sealed = tmp_path / "export.sealed"
    weak = run(["export", "--json", "--encrypt-to", str(sealed)], vault,
               CHASQUI_EXPORT_PASSPHRASE="12345678")  # fmt: skip
    assert_one_clean_error(weak, 2, "passphrase")
    assert not sealed.exists()
    result = run(["export", "--json", "--encrypt-to", str(sealed)], vault,
                 CHASQUI_EXPORT_PASSPHRASE=SEAL)  # fmt: skip
    assert result.code == 0 and result.out == "", result.err
    raw = sealed.read_bytes()
    assert (
        b"Huam" not in raw
        and b"Rosa" not in raw
        and json.loads(raw)["format"] == ("chasqui-sealed")
    )
    opened = tmp_path / "opened.json"
    ok(["decrypt-export", str(sealed), "--out", str(opened)], CHASQUI_EXPORT_PASSPHRASE=SEAL)
    plain = json.loads(run(["export", "--json"], vault).out)
    assert json.loads(opened.read_text(encoding="utf-8")) == plain
    wrong = run(["decrypt-export", str(sealed), "--out", "-"],
                CHASQUI_EXPORT_PASSPHRASE="otra frase cualquiera larga")  # fmt: skip
    assert_one_clean_error(wrong, 3)
    tampered = tmp_path / "tampered.sealed"
    doc = json.loads(raw)
    doc["kdf"].update({"t": 1, "m": 8, "p": 1})  # a downgraded KDF is refused too
    tampered.write_text(json.dumps(doc))
    assert_one_clean_error(
        run(["decrypt-export", str(tampered), "--out", "-"], CHASQUI_EXPORT_PASSPHRASE=SEAL),
        1,
        "weak key derivation",
    )


def test_note_text_from_a_file_or_stdin_and_text_is_warned(vault: Path, tmp_path: Path) -> None:
    case_id = _case(vault)
    text_file = tmp_path / "nota.txt"
    text_file.write_text("La demandada no asistió.\nSe reprograma.", encoding="utf-8")
    from_file = ok(["note", "add", case_id, "--text-file", str(text_file)], vault).strip()
    from_stdin = ok(["note", "add", case_id, "--text-file", "-"], vault,
                    stdin="Entrevista reservada.").strip()  # fmt: skip
    legacy = run(["note", "add", case_id, "--text", "Texto visible."], vault)
    assert legacy.code == 0 and "warning: --text puts the note on the command line" in legacy.err
    missing = run(["note", "add", case_id, "--text-file", str(tmp_path / "no.txt")], vault)
    assert_one_clean_error(missing, 2, "--text-file", "file not found")
    shown = json.loads(ok(["case", "show", case_id, "--json"], vault))
    texts = {n["id"]: n["text"] for n in shown["notes"]}
    assert texts[from_file] == "La demandada no asistió.\nSe reprograma."
    assert texts[from_stdin] == "Entrevista reservada."


def test_short_pdf_passwords_are_refused(vault: Path, tmp_path: Path) -> None:
    case_id = _case(vault)
    out = tmp_path / "caso.pdf"
    short = run(["report", "case", case_id, "--out", str(out), "--password-env", "DOCPW"],
                vault, DOCPW="abcd-123")  # fmt: skip
    assert short.code == 2 and "12" in short.err and "Traceback" not in short.err
    assert not out.exists()
    ok(["report", "case", case_id, "--out", str(out), "--password-env", "DOCPW"],
       vault, DOCPW="clave-larga-del-caso")  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")
