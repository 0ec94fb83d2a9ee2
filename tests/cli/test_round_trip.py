"""Happy path of every CLI command, run as a subprocess on a real vault."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from app.store import Vault
from tests.cli.conftest import (
    PERSON,
    REPO,
    assert_one_clean_error,
    intake_answers,
    ok,
    run,
    run_json,
)
from tests.conftest import PASS


def test_version_and_help() -> None:
    with (REPO / "pyproject.toml").open("rb") as handle:
        expected = tomllib.load(handle)["project"]["version"]
    assert ok(["--version"]).strip() == f"chasqui {expected}"
    assert ok(["--version"], entry=["main.py"]).strip() == f"chasqui {expected}"
    help_text = ok(["--help"])
    for command in ("init", "person", "intake", "case", "note", "hearing", "export", "forms"):
        assert command in help_text


def test_init_recovery_passwd_and_users(tmp_path: Path) -> None:
    data = tmp_path / "vault"
    out = ok(
        ["init", "--office", "cus01", "--office-name", "ALEGRA Cusco", "--user", "ana"],
        data,
        CHASQUI_NEW_PASSPHRASE=PASS,
    )
    key = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3,})", out)
    assert key, out
    assert "RECUPERACIÓN" in out and "una sola vez" in out
    assert Vault.list_users(data) == ["ana"]
    for path in data.rglob("*"):
        if path.is_file():
            assert key.group(1).encode() not in path.read_bytes()
    # A second init refuses to overwrite.
    assert_one_clean_error(
        run(["init", "--office", "CUS01", "--user", "ana"], data, CHASQUI_NEW_PASSPHRASE=PASS),
        1,
        "already",
    )
    # Recover with the key, choose a new passphrase; the old one stops working.
    new = "otra frase bastante larga"
    ok(["recover"], data, CHASQUI_RECOVERY_KEY=key.group(1), CHASQUI_NEW_PASSPHRASE=new)
    assert_one_clean_error(run(["person", "list"], data), 3, "wrong passphrase")
    ok(["person", "list"], data, CHASQUI_PASSPHRASE=new)
    assert_one_clean_error(
        run(
            ["recover"],
            data,
            CHASQUI_RECOVERY_KEY="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH",
            CHASQUI_NEW_PASSPHRASE=new,
        ),
        3,
    )
    # passwd: old from CHASQUI_PASSPHRASE, new from CHASQUI_NEW_PASSPHRASE.
    ok(["passwd"], data, CHASQUI_PASSPHRASE=new, CHASQUI_NEW_PASSPHRASE=PASS)
    ok(["person", "list"], data)
    # user add; then the user must be chosen (two users).
    ok(["user", "add", "luis"], data, CHASQUI_NEW_PASSPHRASE="frase de luis 123")
    assert sorted(Vault.list_users(data)) == ["ana", "luis"]
    assert_one_clean_error(run(["person", "list"], data), 2, "--user")
    ok(["person", "list", "--user", "luis"], data, CHASQUI_PASSPHRASE="frase de luis 123")
    ok(["person", "list"], data, CHASQUI_USER="ana")


def test_every_record_command(vault: Path, tmp_path: Path) -> None:
    person_id = ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(PERSON)).strip()
    listed = run_json(["person", "list", "--json"], vault)
    assert [p["id"] for p in listed] == [person_id]
    shown = run_json(["person", "show", person_id, "--json"], vault)
    assert (shown["given_names"], shown["doc_number"], shown["phone"]) == (
        "Rosa Elvira",
        "10117410",
        "987654321",
    )
    assert "Rosa Elvira Huamán Ccori" in ok(["person", "list"], vault)
    # The data directory also comes from CHASQUI_DATA_DIR or before the sub-command.
    assert person_id in ok(["person", "list"], CHASQUI_DATA_DIR=str(vault))
    assert person_id in ok(["--data-dir", str(vault), "person", "list"])

    answers = intake_answers(PERSON, materia="alimentos", tipo_servicio="patrocinio")
    intake_id = ok(
        ["intake", "add", "--person", person_id, "--form", "ficha_atencion", "--json", "-"],
        vault,
        stdin=json.dumps(answers),
    ).strip()
    case_id, number = ok(["case", "open", "--intake", intake_id], vault).split()
    assert number == f"LIM01-{number[6:10]}-010001"
    assert [c["id"] for c in run_json(["case", "list", "--json"], vault)] == [case_id]
    assert number in ok(["case", "list"], vault)

    note_id = ok(["note", "add", case_id, "--text", "Se presentó la demanda."], vault).strip()
    ok(["note", "sign", note_id], vault)
    fixed = ok(["note", "correct", note_id, "--text", "Se presentó el 2 de marzo."], vault)
    hearing_id = ok(
        [
            "hearing",
            "add",
            case_id,
            "--at",
            "2026-04-10T09:30",
            "--kind",
            "audiencia_unica",
            "--place",
            "Juzgado de Paz Letrado de Wanchaq",
        ],
        vault,
    ).strip()
    new_hearing = ok(
        ["hearing", "mark", hearing_id, "--status", "rescheduled", "--new-at", "2026-05-04T10:00"],
        vault,
    ).strip()
    ok(["hearing", "mark", new_hearing, "--status", "held", "--result", "Conciliaron"], vault)

    other = {
        **PERSON,
        "given_names": "Walter",
        "paternal_surname": "Condori",
        "doc_number": "40000001",
        "sex": "M",
        "birth_date": "1980-01-01",
    }
    other_id = ok(["person", "add", "--json", "-"], vault, stdin=json.dumps(other)).strip()
    ok(["case", "party", case_id, "--person", other_id, "--role", "counterparty"], vault)

    case = run_json(["case", "show", case_id, "--json"], vault)
    assert case["internal_number"] == number and case["matter"] == "alimentos"
    assert {p["role"] for p in case["parties"]} == {"beneficiary", "counterparty"}
    assert [n["superseded_by"] for n in case["notes"]] == [fixed.strip(), None]
    assert [h["status"] for h in case["hearings"]] == ["rescheduled", "held"]

    hits = run_json(["search", "huaman", "--json"], vault)
    assert [h["entity_id"] for h in hits["person"]] == [person_id]
    assert "[note]" in ok(["search", "demanda"], vault)

    dup = run_json(
        ["duplicates", "--json", "-", "--format", "json"],
        vault,
        stdin=json.dumps(
            {**other, "doc_number": "", "doc_type": "SIN_DOCUMENTO", "doc_reason": "DNI extraviado"}
        ),
    )
    assert dup[0]["person_id"] == other_id and dup[0]["conflict_of_interest"] is True
    assert "CONFLICTO" in ok(["duplicates", "--json", "-"], vault, stdin=json.dumps(other))

    exported = run_json(["export", "--json"], vault)
    entities = exported["entities"]
    assert list(entities) == sorted(entities)
    assert len(entities["person"]) == 2 and len(entities["note"]) == 2
    assert entities["intake"][0]["answers"]["materia"] == "alimentos"
    assert "intact" in ok(["audit", "verify"], vault)
    assert run_json(["audit", "verify", "--json"], vault)["ok"] is True


def test_sample_data_and_forms(vault: Path, tmp_path: Path) -> None:
    out = ok(["sample-data", "--people", "12", "--seed", "3"], vault)
    counts = dict(item.split("=") for item in out.split())
    assert int(counts["intakes"]) == 12 and int(counts["people"]) >= 12
    assert len(run_json(["person", "list", "--json"], vault)) == int(counts["people"])
    forms_listed = run_json(["forms", "list", "--json"], tmp_path)
    assert "ficha_atencion" in {f["id"] for f in forms_listed}
    good = REPO / "forms" / "definitions" / "ficha_atencion.v1.json"
    assert "ok" in ok(["forms", "check", str(good)])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "Mala", "version": 0, "sections": []}), encoding="utf-8")
    result = run(["forms", "check", str(bad)])
    assert_one_clean_error(result, 2)
    assert len(result.lines) >= 2  # every problem listed, one per line
