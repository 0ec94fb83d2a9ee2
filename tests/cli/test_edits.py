"""``person edit``, ``case edit``, ``case close`` and ``case reopen`` as a user runs them:
the documented exit codes, one clean ``error:`` line per problem, and bad input writes
nothing (the vault's export is identical before and after)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.store import Vault
from tests.cli.conftest import (
    PERSON,
    Result,
    assert_one_clean_error,
    client_with_case,
    intake_answers,
    ok,
    run,
    run_json,
)
from tests.conftest import PASS, make_vault

CLOSURE = {
    "materia": "alimentos",
    "fecha_cierre": "2026-01-15",
    "motivo_cierre": "conclusion",
    "resultado": "favorable",
    "monto_alimentos": 500,
}
OTHER = {**PERSON, "given_names": "Julia", "doc_number": "40000001", "phone": None}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], str]:
    """A vault with a client (intake, open case) and another person; their ids; its export."""
    directory = tmp_path_factory.mktemp("edits") / "data"
    make_vault(directory).lock()
    person, case = client_with_case(directory)
    other = ok(["person", "add", "--json", "-"], directory, stdin=json.dumps(OTHER)).strip()
    ids = {"person": person, "other": other, "case": case}
    return directory, ids, ok(["export", "--json"], directory)


@pytest.fixture
def vault(
    template: tuple[Path, dict[str, str], str], tmp_path: Path
) -> tuple[Path, dict[str, str]]:
    source, ids, _ = template
    copy = tmp_path / "data"
    shutil.copytree(source, copy)
    return copy, ids


@pytest.fixture
def untouched(
    template: tuple[Path, dict[str, str], str], vault: tuple[Path, dict[str, str]]
) -> Iterator[tuple[Path, dict[str, str]]]:
    """The copy, whose export must be unchanged after the test (nothing written)."""
    yield vault
    assert ok(["export", "--json"], vault[0]) == template[2]


def _edit(directory: Path, person_id: str, doc: Any, raw: str | None = None) -> Result:
    text = raw if raw is not None else json.dumps(doc)
    return run(["person", "edit", person_id, "--json", "-"], directory, stdin=text)


def test_person_edit_partial(vault: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    directory, ids = vault
    source = tmp_path / "edit.json"
    source.write_text(json.dumps({"phone": "+51 912 345 678", "given_names": " rosa  elena "}))
    out = ok(["person", "edit", ids["person"], "--json", str(source)], directory)
    assert out.split() == [ids["person"], "given_names,", "phone"]
    shown = run_json(["person", "show", ids["person"], "--json"], directory)
    assert (shown["phone"], shown["given_names"]) == ("912345678", "Rosa Elena")
    assert shown["doc_number"] == "10117410" and shown["mother_tongue"] == "quechua"
    out = ok(["person", "edit", ids["person"], "--json", "-"], directory, stdin='{"phone": null}')
    assert run_json(["person", "show", ids["person"], "--json"], directory)["phone"] is None
    assert "(sin cambios)" in _edit(directory, ids["person"], {"sex": "F"}).out


@pytest.mark.parametrize(
    ("doc", "raw", "needles"),
    [
        ({"doc_number": "1234567"}, None, ["doc_number: "]),
        ({"doc_number": "12345678-9"}, None, ["doc_number: "]),
        ({"birth_date": "2030-01-01", "phone": "98765432"}, None, ["birth_date: ", "phone: "]),
        ({"given_names": ""}, None, ["given_names: es obligatorio"]),
        ({"paternal_surname": None, "maternal_surname": None}, None, ["paternal_surname: "]),
        ({"nickname": "Rosita"}, None, ["nickname: campo desconocido"]),
        (None, '{"phone": ', ["--json: malformed JSON"]),
        (None, '["phone"]', ["se esperaba un objeto JSON"]),
        ({"doc_number": "40000001"}, None, ["doc_number: ya existe una persona"]),
    ],
)
def test_person_edit_bad_input(
    untouched: tuple[Path, dict[str, str]], doc: Any, raw: str | None, needles: list[str]
) -> None:
    directory, ids = untouched
    result = _edit(directory, ids["person"], doc, raw)
    assert_one_clean_error(result, 2, *needles)
    assert result.out == ""


def test_person_edit_missing_person_or_file(untouched: tuple[Path, dict[str, str]]) -> None:
    directory, ids = untouched
    assert_one_clean_error(_edit(directory, "no-such-id", {"sex": "M"}), 2, "not found")
    result = run(["person", "edit", ids["person"], "--json", "/nonexistent.json"], directory)
    assert_one_clean_error(result, 2, "--json: file not found")


def test_person_edit_allow_duplicate(vault: tuple[Path, dict[str, str]]) -> None:
    directory, ids = vault
    result = run(
        ["person", "edit", ids["person"], "--json", "-", "--allow-duplicate"],
        directory,
        stdin=json.dumps({"doc_number": "40000001"}),
    )
    assert result.code == 0 and "aviso: posible duplicado" in result.err


def test_case_edit(vault: tuple[Path, dict[str, str]]) -> None:
    directory, ids = vault
    out = ok(
        [
            "case",
            "edit",
            ids["case"],
            "--court-file",
            "00123-2021-0-1801-jp-fc-01",
            "--matter",
            "violencia",
            "--defender",
            "ana",
        ],
        directory,
    )
    assert out.split() == [ids["case"], "court_file_number,", "court_file_parts,", "matter"]
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert shown["court_file_number"] == "00123-2021-0-1801-JP-FC-01"
    assert shown["matter"] == "violencia"
    result = run(
        ["case", "edit", ids["case"], "--court-file", "00042-2024-0-9901-JR-XX-02"], directory
    )
    assert result.code == 0 and result.err.count("aviso: ") == 2
    ok(["case", "edit", ids["case"], "--status", "archived"], directory)
    assert run_json(["case", "show", ids["case"], "--json"], directory)["status"] == "archived"


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--court-file", "123-2021"], ["court_file_number: ", "NNNNN-AAAA"]),
        (["--defender", "pepe"], ["defender_id: no hay un usuario"]),
        (["--matter", "astrologia"], ["matter: "]),
        (["--status", "closed"], ["status: ", "cierre"]),
        ([], ["nothing to change"]),
    ],
)
def test_case_edit_bad_input(
    untouched: tuple[Path, dict[str, str]], args: list[str], needles: list[str]
) -> None:
    directory, ids = untouched
    assert_one_clean_error(run(["case", "edit", ids["case"], *args], directory), 2, *needles)


def test_case_edit_bad_choice_and_missing_case(untouched: tuple[Path, dict[str, str]]) -> None:
    directory, ids = untouched
    result = run(["case", "edit", ids["case"], "--status", "perdido"], directory)
    assert result.code == 2 and "invalid choice" in result.err and "Traceback" not in result.err
    assert_one_clean_error(run(["case", "edit", "nope", "--matter", "penal"], directory), 2)


@pytest.mark.parametrize(
    ("closure", "needles"),
    [
        ({**CLOSURE, "fecha_cierre": "2099-01-01"}, ["fecha_cierre: "]),
        ({k: v for k, v in CLOSURE.items() if k != "resultado"}, ["resultado: "]),
        ({**CLOSURE, "motivo_cierre": "otro"}, ["motivo_cierre_otro: "]),
        ({**CLOSURE, "resultado": "ganamos"}, ["resultado: "]),
        ({"form_version": 9, "answers": CLOSURE}, ["form_version: "]),
        ([1, 2], ["se esperaba un objeto JSON"]),
    ],
)
def test_case_close_bad_answers(
    untouched: tuple[Path, dict[str, str]], closure: Any, needles: list[str]
) -> None:
    directory, ids = untouched
    result = run(
        ["case", "close", ids["case"], "--json", "-"], directory, stdin=json.dumps(closure)
    )
    assert_one_clean_error(result, 2, *needles)


def test_close_then_reopen(vault: tuple[Path, dict[str, str]]) -> None:
    directory, ids = vault
    hearing = ["hearing", "add", ids["case"], "--at", "2030-12-10T09:00", "--kind", "Única"]
    first = ok(hearing, directory).strip()
    second = ok([*hearing[:4], "2030-12-11T23:59", "--kind", "Contestar", "--category",
                 "deadline"], directory).strip()  # fmt: skip
    closed = run(
        ["case", "close", ids["case"], "--json", "-"], directory, stdin=json.dumps(CLOSURE)
    )
    assert closed.code == 0 and closed.out.strip() == ids["case"], closed.err
    # stderr says what happened to each pending hearing and deadline
    assert f"cancelled: hearing {first} 2030-12-10T09:00" in closed.err
    assert f"cancelled: deadline {second} 2030-12-11T23:59" in closed.err
    assert "2 pending hearing(s)/deadline(s) cancelled, 0 left pending" in closed.err
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert shown["status"] == "closed"
    assert [(h["status"], h["result"]) for h in shown["hearings"]] == [
        ("cancelled", "Caso cerrado"),
        ("cancelled", "Caso cerrado"),
    ]
    assert json.loads(shown["closure"])["answers"]["motivo_cierre"] == "conclusion"
    again = run(["case", "close", ids["case"], "--json", "-"], directory, stdin=json.dumps(CLOSURE))
    assert_one_clean_error(again, 1, "not open")
    assert_one_clean_error(
        run(["case", "reopen", ids["case"], "--reason", " "], directory), 2, "reason"
    )
    reason = "Apelación de la demandada"
    reopened = run(["case", "reopen", ids["case"], "--reason", "-"], directory, stdin=reason)
    assert reopened.code == 0 and reopened.out.strip() == ids["case"], reopened.err
    # what the closing cancelled and is still to come is restored, one stderr line each
    assert reopened.err.splitlines() == [
        f"restored: hearing {first} 2030-12-10T09:00 Única",
        f"restored: deadline {second} 2030-12-11T23:59 Contestar",
    ]
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert shown["status"] == "open" and shown["closure"] is None
    assert [(h["status"], h["result"]) for h in shown["hearings"]] == [
        ("scheduled", None),
        ("scheduled", None),
    ]
    assert any("Apelación de la demandada" in n["text"] for n in shown["notes"])
    assert_one_clean_error(run(["case", "reopen", ids["case"], "--reason", "x"], directory), 1)
    # --keep-pending leaves them scheduled, and says so
    kept = run(
        ["case", "close", ids["case"], "--json", "-", "--keep-pending"],
        directory,
        stdin=json.dumps(CLOSURE),
    )
    assert kept.code == 0 and f"left pending: hearing {first}" in kept.err
    assert "0 pending hearing(s)/deadline(s) cancelled, 2 left pending" in kept.err
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert [h["status"] for h in shown["hearings"]] == ["scheduled", "scheduled"]


def test_reopen_can_keep_them_cancelled(vault: tuple[Path, dict[str, str]]) -> None:
    """``--keep-cancelled``: what the closing cancelled stays cancelled, said on stderr; a
    hearing already past is neither restored nor listed."""
    directory, ids = vault
    add = ["hearing", "add", ids["case"], "--kind", "Única", "--at"]
    future = ok([*add, "2030-12-10T09:00"], directory).strip()
    ok([*add, "2020-03-02T09:00"], directory)
    ok(["case", "close", ids["case"], "--json", "-"], directory, stdin=json.dumps(CLOSURE))
    reopened = run(["case", "reopen", ids["case"], "--reason", "Otra vez", "--keep-cancelled"],
                   directory)  # fmt: skip
    assert reopened.code == 0 and reopened.out.strip() == ids["case"], reopened.err
    assert reopened.err.splitlines() == [f"left cancelled: hearing {future} 2030-12-10T09:00 Única"]
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert shown["status"] == "open"
    assert [h["status"] for h in shown["hearings"]] == ["cancelled", "cancelled"]
    # review4 F6: a later close and reopen (restoring by default) leaves it cancelled
    ok(["case", "close", ids["case"], "--json", "-"], directory, stdin=json.dumps(CLOSURE))
    again = run(["case", "reopen", ids["case"], "--reason", "Tercera vez"], directory)
    assert again.code == 0 and again.err == "", again.err
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert [h["status"] for h in shown["hearings"]] == ["cancelled", "cancelled"]


def test_hearing_reschedule_keeps_the_reason(vault: tuple[Path, dict[str, str]]) -> None:
    """``hearing reschedule ID --at ISO [--reason TEXT]``: the reason is stored as the
    desktop's (the moved hearing's result); without it, as old scripts run it, it still
    moves, its result "Motivo no indicado" and an ``aviso:`` line (``hearing mark
    --status rescheduled`` too); an unknown hearing is a clean error."""
    directory, ids = vault
    first = ok(["hearing", "add", ids["case"], "--at", "2030-12-10T09:00", "--kind", "Única"],
               directory).strip()  # fmt: skip
    moved = run(["hearing", "reschedule", first, "--at", "2030-12-17T09:00", "--reason",
                 " Falta de  quórum "], directory)  # fmt: skip
    assert moved.code == 0 and moved.err == "", moved.err
    second = moved.out.strip()
    moved = run(["hearing", "reschedule", second, "--at", "2030-12-19T10:00"], directory)
    assert moved.code == 0 and moved.err == (  # old scripts keep working, told what is kept
        'aviso: reprogramación sin motivo: se guarda "Motivo no indicado" '
        "(indíquelo con --reason)\n"
    )
    again = moved.out.strip()
    marked = run(["hearing", "mark", again, "--status", "rescheduled", "--new-at",
                  "2030-12-20T10:00"], directory)  # fmt: skip
    assert marked.code == 0 and "(indíquelo con --result)" in marked.err
    last = marked.out.strip()
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    by_id = {h["id"]: (h["at"], h["status"], h["result"]) for h in shown["hearings"]}
    assert by_id == {
        first: ("2030-12-10T09:00", "rescheduled", "Falta de quórum"),
        second: ("2030-12-17T09:00", "rescheduled", "Motivo no indicado"),
        again: ("2030-12-19T10:00", "rescheduled", "Motivo no indicado"),
        last: ("2030-12-20T10:00", "scheduled", None),
    }
    unknown = run(["hearing", "reschedule", "nope", "--at", "2030-12-19T10:00"], directory)
    assert_one_clean_error(unknown, 2, "not found")


def test_case_party_warns_about_a_conflict_of_interest(
    vault: tuple[Path, dict[str, str]],
) -> None:
    """``case party``: an office client added as the other side of another case is added
    as asked (earlier scripts keep working), with an ``aviso: conflicto de intereses``
    line naming the case that makes it one; someone who is nobody's client, none."""
    directory, ids = vault
    answers = json.dumps(intake_answers(OTHER))
    add = ["intake", "add", "--person", ids["other"], "--form", "ficha_atencion", "--json", "-"]
    intake = ok(add, directory, stdin=answers).strip()
    second = ok(["case", "open", "--intake", intake, "--quiet"], directory).strip()
    number = run_json(["case", "show", ids["case"], "--json"], directory)["internal_number"]
    added = run(["case", "party", second, "--person", ids["person"], "--role", "counterparty"],
                directory)  # fmt: skip
    assert added.code == 0 and len(added.out.split()) == 1, added.err
    [line] = added.err.splitlines()
    assert line.startswith("aviso: conflicto de intereses: ")
    assert f"es cliente de esta oficina en {number} (coincidencia 100 %)" in line
    parties = run_json(["case", "show", second, "--json"], directory)["parties"]
    assert {p["role"] for p in parties} == {"beneficiary", "counterparty"}
    # review4 F11: the warning is audited as the desktop's decision is, with the case
    store = Vault.unlock(directory, "ana", PASS)
    try:
        rows = store.query("SELECT entity_id, detail FROM audit_event WHERE action = ?",
                           ("conflict_check",))  # fmt: skip
    finally:
        store.lock()
    [audited] = [(r["entity_id"], json.loads(r["detail"])) for r in rows]
    assert audited[0] == ids["person"]
    assert {k: audited[1][k] for k in ("decision", "case_id", "despite_conflict")} == {
        "decision": "same",
        "case_id": second,
        "despite_conflict": True,
    }


def test_hearing_add_warns_on_stderr_and_saves(vault: tuple[Path, dict[str, str]]) -> None:
    """A deadline typed on a Sunday and a past hearing: saved as asked, each warning an
    ``aviso:`` line on stderr (the desktop asks the same ``date_warnings``)."""
    directory, ids = vault
    add = ["hearing", "add", ids["case"], "--kind", "Contestar", "--category", "deadline"]
    sunday = run([*add, "--at", "2030-12-15T23:59"], directory)
    assert sunday.code == 0 and len(sunday.out.split()) == 1
    assert sunday.err.strip() == (
        "aviso: el 15/12/2030 no es día hábil (domingo); el siguiente día hábil es el 16/12/2030"
    )
    past = run(["hearing", "add", ids["case"], "--kind", "Única", "--at", "2020-03-02T09:00"],
               directory)  # fmt: skip
    assert past.code == 0 and "aviso: 02/03/2020 09:00 es una fecha pasada" in past.err
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert sorted(h["at"] for h in shown["hearings"]) == ["2020-03-02T09:00", "2030-12-15T23:59"]


def test_hearing_days_obey_the_case_order(vault: tuple[Path, dict[str, str]]) -> None:
    """Fresh 9 #2: a hearing held before the claim was filed (an extrajudicial
    conciliation) is the case's first hearing only until the filing is recorded; then
    ``case milestone --kind filed --on`` on the real filing day is saved (exit 0; it was
    refused with exit 2, "posterior a la de la primera audiencia") and the first hearing
    is the first held on or after it. A hearing before the filing is saved and held with
    an ``aviso:`` line (it will not count as the first hearing), as one before the case
    began; a first hearing recorded by hand before the filing is still refused (exit 2,
    nothing written)."""
    directory, ids = vault
    case = ids["case"]
    add = ["hearing", "add", case, "--kind", "Conciliación", "--at"]

    def reached() -> dict[str, tuple[str, bool]]:
        rows = run_json(["case", "milestone", case, "--list", "--json"], directory)
        return {r["kind"]: (r["occurred_on"], r["derived"]) for r in rows}

    early = ok([*add, "2020-01-05T10:00"], directory).strip()
    held = run(["hearing", "mark", early, "--status", "held"], directory)
    assert held.code == 0 and "aviso: La fecha de la audiencia (05/01/2020) es anterior" in held.err
    assert reached()["first_hearing"] == ("2020-01-05", True)
    filed = run(["case", "milestone", case, "--kind", "filed", "--on", "2020-01-15"], directory)
    assert filed.code == 0, filed.err
    assert "first_hearing" not in reached() and reached()["filed"] == ("2020-01-15", False)

    between = run([*add, "2020-01-10T10:00"], directory)
    assert between.code == 0 and (
        "aviso: La fecha de la audiencia (10/01/2020) es anterior a la de la presentación de"
        " la demanda o denuncia del caso (15/01/2020): no se contará como la primera"
        " audiencia del proceso." in between.err
    )
    later = run([*add, "2020-01-20T10:00"], directory)
    assert (
        later.code == 0 and "aviso: La fecha de la audiencia (20/01/2020) es anterior" in later.err
    )
    marked = run(["hearing", "mark", later.out.strip(), "--status", "held"], directory)
    assert marked.code == 0
    assert "aviso: La fecha de la audiencia (20/01/2020) es anterior" in marked.err
    assert reached()["first_hearing"] == ("2020-01-20", True)

    before = ok(["export", "--json"], directory)
    corrected = ["case", "milestone", case, "--kind", "first_hearing", "--on", "2020-01-12"]
    assert_one_clean_error(run(corrected, directory), 2, "12/01/2020", "15/01/2020")
    assert ok(["export", "--json"], directory) == before  # nothing written


def test_a_colleagues_note_is_not_signed_from_the_command_line(
    vault: tuple[Path, dict[str, str]],
) -> None:
    """Fresh 10 #39: `note sign` of a note another user wrote (synced in) exits 2 naming
    its author, nothing written; `note correct` writes a correction of one's own."""
    directory, ids = vault
    store = Vault.unlock(directory, "ana", PASS)
    try:
        user = {"office_id": store.office_id, "name": "colega", "display_name": "Rosa Colega"}
        colleague = store.insert("user", {**user, "role": "defender"})
        said = {"case_id": ids["case"], "text": "Llamar a la demandante", "author_id": colleague}
        note = store.insert("note", {**said, "created_at": "2026-11-30T10:00:00+00:00"})
    finally:
        store.lock()
    before = ok(["export", "--json"], directory)
    refused = run(["note", "sign", note], directory)
    assert_one_clean_error(refused, 2, "la nota es de Rosa Colega", "puede escribir una corrección")
    assert ok(["export", "--json"], directory) == before  # nothing written
    fixed = ok(["note", "correct", note, "--text", "Llamar a la demandante el lunes"], directory)
    assert len(fixed.split()) == 1


def test_a_case_is_named_by_its_number_as_well_as_its_id(
    vault: tuple[Path, dict[str, str]],
) -> None:
    """Fresh 12 #13: `note add DEMO01-2026-010033` said "case not found": every command
    that names a case takes the number the defender sees too (one resolver,
    ``cases.case_id_of``); an unknown one is still not found."""
    directory, ids = vault
    number = run_json(["case", "show", ids["case"], "--json"], directory)["internal_number"]
    assert run_json(["case", "show", number, "--json"], directory)["id"] == ids["case"]
    note = ok(["note", "add", number, "--text", "Llamar a la demandante"], directory).strip()
    ok(["case", "milestone", number, "--kind", "filed", "--on", "2020-01-15"], directory)
    shown = run_json(["case", "show", ids["case"], "--json"], directory)
    assert [n["id"] for n in shown["notes"]] == [note]
    missing = run(["note", "add", "LIM01-2026-999999", "--text", "x"], directory)
    assert missing.code != 0 and "Traceback" not in missing.err


def test_a_list_that_is_a_page_says_how_many_more_and_how_to_see_them(
    vault: tuple[Path, dict[str, str]],
) -> None:
    """Fresh 12 #17: `case list` stopped at 100 rows with no word that there were more.
    A page that is not all of it says how many more and the option, on stderr (the rows
    on stdout stay as they were); a whole list says nothing."""
    directory, _ids = vault
    page = run(["person", "list", "--limit", "1"], directory)
    assert page.code == 0 and len(page.out.strip().splitlines()) == 2  # header + 1 row
    assert page.err.strip() == (
        "aviso: 1 personas más: se muestran 1 desde el 1; use --offset 1 (o un --limit "
        "mayor) para verlos"
    )
    whole = run(["case", "list"], directory)
    assert whole.code == 0 and whole.err == ""
    empty = run(["case", "list", "--offset", "5"], directory)
    assert empty.code == 0 and empty.err == ""
