"""Intakes, cases (internal numbers), notes and hearings on a real store."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.core import cases, hearings, intakes, notes, people
from app.core.errors import InvalidInput, NotFound, StateError
from app.store import Store, Vault, errors
from tests.conftest import PASS, make_vault
from tests.core.conftest import person_input

ANSWERS = {"service_type": "patrocinio", "matter": "alimentos", "summary": "Pensión"}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def _intake(store: Store, validator: Any, doc: Any = None, **kw: Any) -> str:
    pid = people.register_person(store, person_input(**kw))
    return intakes.add_intake(store, pid, doc or ANSWERS, validator, form_id="ficha_prueba")


def test_intake_records_form_version_and_summary_columns(store: Store, validator: Any) -> None:
    intake_id = _intake(store, validator)
    record = intakes.get_intake(store, intake_id)
    assert record["form_id"] == "ficha_prueba" and record["form_version"] == 2
    assert record["answers"] == ANSWERS
    assert (record["status"], record["service_type"], record["matter"]) == (
        "submitted",
        "patrocinio",
        "alimentos",
    )
    assert record["defender_id"] == store.user_id


def test_intake_envelope_and_version(store: Store, validator: Any) -> None:
    doc = {"form_id": "ficha_prueba", "form_version": 2, "answers": ANSWERS, "status": "draft"}
    record = intakes.get_intake(store, _intake(store, validator, doc))
    assert record["status"] == "draft"
    with pytest.raises(InvalidInput) as exc:
        _intake(store, validator, {**doc, "form_version": 7}, doc_number="40000001")
    assert exc.value.field == "form_version"
    with pytest.raises(InvalidInput) as exc:
        _intake(store, validator, {**doc, "form_id": "otra"}, doc_number="40000002")
    assert exc.value.field == "form_id"


def test_intake_errors_name_nested_paths(store: Store, validator: Any) -> None:
    answers = {**ANSWERS, "children": [{"birth_date": "2010-01-01"}, {"birth_date": "2099-01-01"}]}
    with pytest.raises(InvalidInput) as exc:
        _intake(store, validator, answers)
    assert [p.field for p in exc.value.problems] == ["children[2].birth_date"]
    with pytest.raises(InvalidInput) as exc:
        _intake(store, validator, {"matter": "otra", "x": 1}, doc_number="40000003")
    assert {p.field for p in exc.value.problems} == {"x", "matter", "service_type"}
    with pytest.raises(NotFound):
        intakes.add_intake(store, "nobody", ANSWERS, validator, form_id="ficha_prueba")


def test_open_case_from_intake(store: Store, validator: Any) -> None:
    intake_id = _intake(store, validator)
    case_id = cases.open_case(store, intake_id, now=NOW)
    case = cases.get_case(store, case_id)
    assert case["internal_number"] == "LIM01-2026-010001"
    assert (case["status"], case["matter"], case["summary"]) == ("open", "alimentos", "Pensión")
    [party] = cases.case_parties(store, case_id)
    assert party["role"] == "beneficiary" and party["person_id"] == case["person_id"]
    with pytest.raises(StateError):
        cases.open_case(store, intake_id, now=NOW)  # one case per intake
    second = cases.open_case(store, _intake(store, validator, doc_number="40000001"), now=NOW)
    assert cases.get_case(store, second)["internal_number"] == "LIM01-2026-010002"
    nxt = cases.open_case(
        store,
        _intake(store, validator, doc_number="40000002"),
        now=datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert cases.get_case(store, nxt)["internal_number"] == "LIM01-2027-010001"
    assert next(c["id"] for c in cases.list_cases(store)) == nxt


def test_internal_numbers_unique_across_devices(tmp_path: Path, validator: Any) -> None:
    first = make_vault(tmp_path / "a")
    second = make_vault(tmp_path / "b")
    second.set_meta("device_no", "2")  # what enrollment writes for the office's 2nd device
    second.lock()
    second = Vault.unlock(tmp_path / "b", "ana", PASS)
    numbers = set()
    for store in (first, second):
        for i in range(3):
            intake_id = _intake(store, validator, doc_number=f"4000000{i}")
            numbers.add(
                cases.get_case(store, cases.open_case(store, intake_id, now=NOW))["internal_number"]
            )
        store.lock()
    assert numbers == {
        "LIM01-2026-010001",
        "LIM01-2026-010002",
        "LIM01-2026-010003",
        "LIM01-2026-020001",
        "LIM01-2026-020002",
        "LIM01-2026-020003",
    }


def test_draft_intake_cannot_open_a_case(store: Store, validator: Any) -> None:
    intake_id = _intake(store, validator, {"answers": {"matter": "penal"}, "status": "draft"})
    with pytest.raises(StateError):
        cases.open_case(store, intake_id)


def test_notes_sign_and_correct(store: Store, validator: Any) -> None:
    case_id = cases.open_case(store, _intake(store, validator))
    note_id = notes.add_note(store, case_id, "  Se presentó la demanda.  ")
    notes.edit_note(store, note_id, "Se presentó la demanda de alimentos.")
    notes.sign_note(store, note_id)
    with pytest.raises(StateError):
        notes.edit_note(store, note_id, "otro texto")
    with pytest.raises(StateError):
        notes.sign_note(store, note_id)
    with pytest.raises(errors.ImmutableRecord):
        store.update("note", note_id, {"text": "por la puerta de atrás"})
    fixed = notes.correct_note(store, note_id, "Se presentó la demanda el 2 de marzo.")
    listed = {n["id"]: n for n in notes.list_notes(store, case_id)}
    assert listed[note_id]["superseded_by"] == fixed
    assert listed[note_id]["text"] == "Se presentó la demanda de alimentos."
    assert listed[fixed]["supersedes_id"] == note_id
    for bad in ("", "   ", 5):
        with pytest.raises(InvalidInput):
            notes.add_note(store, case_id, bad)  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        notes.add_note(store, "no-case", "texto")


def test_only_its_author_changes_or_signs_a_note(store: Store, validator: Any) -> None:
    """Fresh 10 #39: a colleague's note (synced in) is neither signed nor changed by
    another user (InvalidInput naming its author, nothing written); a correction of one's
    own supersedes it; a note with no author (older data) may still be signed."""
    case_id = cases.open_case(store, _intake(store, validator))
    user = {"office_id": store.office_id, "name": "colega", "display_name": "Rosa Colega"}
    colleague = store.insert("user", {**user, "role": "defender"})
    said = {"case_id": case_id, "text": "Llamar a la demandante", "author_id": colleague}
    theirs = store.insert("note", {**said, "created_at": "2026-11-30T10:00"})
    for act in (lambda: notes.sign_note(store, theirs),
                lambda: notes.edit_note(store, theirs, "otro texto")):  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            act()
        assert "la nota es de Rosa Colega: solo quien la escribió puede" in str(refused.value)
    assert store.get("note", theirs)["text"] == "Llamar a la demandante"
    assert store.get("note", theirs)["signed_at"] is None
    fixed = notes.correct_note(store, theirs, "Llamar a la demandante el lunes")
    assert store.get("note", fixed)["author_id"] == store.user_id
    orphan = store.insert("note", {"case_id": case_id, "text": "Antigua",
                                   "created_at": "2026-01-05T10:00"})  # fmt: skip
    notes.sign_note(store, orphan)
    assert store.get("note", orphan)["signed_at"]


def test_a_note_a_correction_replaced_is_not_signed_after_it(store: Store, validator: Any) -> None:
    """Fresh 11 #16: an unsigned note corrected, then signed, read "firmada … · corregida"
    in the wrong order. Signing it is refused once a correction replaced it (nothing
    written); the correction is what gets signed."""
    case_id = cases.open_case(store, _intake(store, validator))
    note_id = notes.add_note(store, case_id, "Se presentó la demanda.")
    fixed = notes.correct_note(store, note_id, "Se presentó la demanda el lunes.")
    with pytest.raises(InvalidInput) as refused:
        notes.sign_note(store, note_id)
    assert "la nota ya fue corregida: firme la corrección" in str(refused.value)
    assert store.get("note", note_id)["signed_at"] is None
    notes.sign_note(store, fixed)
    assert store.get("note", fixed)["signed_at"]


def test_hearings_schedule_and_outcomes(store: Store, validator: Any) -> None:
    case_id = cases.open_case(store, _intake(store, validator))
    hid = hearings.schedule_hearing(store, case_id, "2026-04-10T09:30", "audiencia_unica")
    assert hearings.get_hearing(store, hid)["status"] == "scheduled"
    new_id = hearings.mark_hearing(store, hid, "rescheduled", new_at="2026-05-02T11:00")
    assert new_id and hearings.get_hearing(store, new_id)["at"] == "2026-05-02T11:00"
    assert hearings.get_hearing(store, hid)["result"] == hearings.NO_REASON  # never blank
    with pytest.raises(StateError):
        hearings.mark_hearing(store, hid, "held")
    hearings.mark_hearing(store, new_id, "held", result="Se fijó pensión")
    assert [h["status"] for h in hearings.list_hearings(store, case_id)] == ["rescheduled", "held"]
    for at in ("mañana", "2026-04-10", "2026-13-01T10:00"):
        with pytest.raises(InvalidInput) as exc:
            hearings.schedule_hearing(store, case_id, at, "juicio")
        assert exc.value.field == "at"
    with pytest.raises(InvalidInput):
        hearings.schedule_hearing(store, case_id, "2026-04-10T09:30", " ")
    with pytest.raises(InvalidInput):
        hearings.mark_hearing(store, new_id, "postponed")
