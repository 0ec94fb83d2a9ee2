"""Edits made through the core travel by sync: a person edited, a case's court file
number, parties added and removed, the case closed with ``cierre_caso`` and reopened
with a reason — the real server accepts every change and another laptop sees the same
case (the reopening note signed, the removed party gone)."""

from __future__ import annotations

import json
from typing import Any

from app.core import cases, notes, people
from tests.core.conftest import person_input
from tests.sync.conftest import SyncWorld

CLOSURE = {
    "materia": "alimentos",
    "fecha_cierre": "2026-01-15",
    "motivo_cierre": "conclusion",
    "resultado": "favorable",
}


def _parties(store: Any, case_id: str) -> dict[str, str]:
    return {p["person_id"]: p["role"] for p in cases.case_parties(store, case_id)}


def test_case_edits_reach_another_laptop(world: SyncWorld) -> None:
    a = world.replica()
    store = a.store
    client = people.register_person(store, person_input())
    intake = store.insert(
        "intake",
        {"office_id": store.office_id, "person_id": client, "form_id": "ficha_atencion",
         "form_version": 1, "answers": {}, "status": "submitted", "matter": "alimentos"},
    )  # fmt: skip
    case_id = cases.open_case(store, intake)
    other = people.register_person(store, person_input(given_names="Julia", doc_number="40000001"))
    witness = people.register_person(
        store, person_input(given_names="Pedro", doc_number="40000002")
    )
    cases.add_party(store, case_id, other, "counterparty")
    cases.remove_party(store, cases.add_party(store, case_id, witness, "other"))
    people.update_person(store, client, {"phone": "912345678"})
    cases.edit_case(store, case_id, {"court_file_number": "00123-2021-0-1801-JP-FC-01"})
    cases.close_case(store, case_id, CLOSURE)
    cases.reopen_case(store, case_id, "Apelación")
    report = a.sync()
    assert report.complete and not report.errors, report

    b = world.replica()
    assert b.sync().complete
    case = cases.get_case(b.store, case_id)
    assert case["status"] == "open" and case["closure"] is None
    assert case["court_file_number"] == "00123-2021-0-1801-JP-FC-01"
    assert json.loads(case["court_file_parts"])["court_code"] == "1801"
    assert _parties(b.store, case_id) == {client: "beneficiary", other: "counterparty"}
    assert people.get_person(b.store, client)["phone"] == "912345678"
    [note] = notes.list_notes(b.store, case_id)
    assert note["signed_at"] and note["text"].endswith("Motivo: Apelación")
