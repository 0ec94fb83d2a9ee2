"""Editing a case on a real store: court file number, status, defender, matter, parties,
closing with the ``cierre_caso`` form and reopening with a reason — each write synced
(an outbox change) and audited, bad input writing nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import cases, intakes, notes, people
from app.core.errors import InvalidInput, NotFound, StateError
from app.store import Store
from tests.core.conftest import person_input

ANSWERS = {"service_type": "patrocinio", "matter": "alimentos", "summary": "Pensión"}
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)
CLOSURE = {
    "materia": "alimentos",
    "fecha_cierre": "2026-03-01",
    "motivo_cierre": "conciliacion",
    "resultado": "favorable",
    "monto_alimentos": 450,
}


@pytest.fixture
def case_id(store: Store, validator: Any) -> str:
    pid = people.register_person(store, person_input())
    intake_id = intakes.add_intake(store, pid, ANSWERS, validator, form_id="ficha_prueba")
    return cases.open_case(store, intake_id, now=NOW)


def _outbox(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT entity, entity_id, body FROM outbox ORDER BY seq")


def _audit(store: Store, entity_id: str) -> list[str]:
    rows = store.query(
        "SELECT action FROM audit_event WHERE entity_id = ? ORDER BY seq", (entity_id,)
    )
    return [r["action"] for r in rows]


def test_court_file_number_parsed_and_stored_with_parts(store: Store, case_id: str) -> None:
    before = len(_outbox(store))
    edit = cases.edit_case(
        store, case_id, {"court_file_number": " 00123-2021-0-1801-jp-fc-01 "}, today=TODAY
    )
    assert edit.changed["court_file_number"] == "00123-2021-0-1801-JP-FC-01"
    assert edit.warnings == []
    case = cases.get_case(store, case_id)
    assert case["court_file_number"] == "00123-2021-0-1801-JP-FC-01"
    parts = case["court_file_parts"]
    parts = json.loads(parts) if isinstance(parts, str) else parts
    assert parts["court_code"] == "1801" and parts["organ"] == "JP" and parts["year"] == 2021
    changes = _outbox(store)[before:]
    assert [(c["entity"], c["entity_id"]) for c in changes] == [("case", case_id)]
    assert "update" in _audit(store, case_id)
    # The same number again changes nothing and writes nothing.
    again = cases.edit_case(store, case_id, {"court_file_number": "00123-2021-0-1801-JP-FC-01"})
    assert again.changed == {} and len(_outbox(store)) == before + 1


def test_unknown_court_code_warns_and_stores(store: Store, case_id: str) -> None:
    edit = cases.edit_case(store, case_id, {"court_file_number": "00042-2024-0-9901-JR-XX-02"})
    assert edit.changed["court_file_number"] == "00042-2024-0-9901-JR-XX-02"
    assert len(edit.warnings) == 2 and all("verifique" in w for w in edit.warnings)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"court_file_number": "123-2021"}, "court_file_number"),
        ({"court_file_number": "00123-2021-0-1801-JP-FC-1"}, "court_file_number"),
        ({"court_file_number": 123}, "court_file_number"),
        ({"status": "closed"}, "status"),
        ({"status": "perdido"}, "status"),
        ({"defender_id": "pepe"}, "defender_id"),
        ({"matter": "astrologia"}, "matter"),
        ({"summary": "x"}, "summary"),
    ],
)
def test_bad_edit_writes_nothing(
    store: Store, case_id: str, changes: dict[str, Any], field: str
) -> None:
    before = (cases.get_case(store, case_id), len(_outbox(store)))
    with pytest.raises(InvalidInput) as exc:
        cases.edit_case(store, case_id, {**changes, "matter": changes.get("matter", "penal")})
    assert [p.field for p in exc.value.problems] == [field]
    if field != "summary":
        assert exc.value.problems[0].label  # a Spanish name for the screen
    assert (cases.get_case(store, case_id), len(_outbox(store))) == before


def test_status_defender_matter(store: Store, case_id: str) -> None:
    other = store.insert(
        "user",
        {"office_id": store.office_id, "name": "beto", "display_name": "Beto", "role": "defender"},
    )
    edit = cases.edit_case(
        store, case_id, {"status": "archived", "defender_id": "beto", "matter": "violencia"}
    )
    assert edit.changed == {"status": "archived", "defender_id": other, "matter": "violencia"}
    assert cases.edit_case(store, case_id, {"defender_id": other}).changed == {}
    assert cases.edit_case(store, case_id, {"status": "open"}).changed == {"status": "open"}
    with pytest.raises(NotFound):
        cases.edit_case(store, "nope", {"status": "open"})


def test_parties_added_once_and_removed(store: Store, case_id: str) -> None:
    other = people.register_person(store, person_input(doc_number="40000001", given_names="Julia"))
    party = cases.add_party(store, case_id, other, "counterparty")
    with pytest.raises(InvalidInput) as exc:  # never both sides
        cases.add_party(store, case_id, other, "other")
    assert "Contraparte" in exc.value.message and exc.value.shown[0].startswith("Persona: ")
    roles = {p["person_id"]: p["role"] for p in cases.case_parties(store, case_id)}
    assert roles[other] == "counterparty"
    cases.remove_party(store, party)
    assert other not in {p["person_id"] for p in cases.case_parties(store, case_id)}
    assert ("case_party", party) in {(c["entity"], c["entity_id"]) for c in _outbox(store)}
    assert "delete" in _audit(store, party)
    [client] = cases.case_parties(store, case_id)
    with pytest.raises(StateError):
        cases.remove_party(store, client["id"])
    with pytest.raises(NotFound):
        cases.remove_party(store, "nope")


def _conflict_lines(store: Store) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT entity_id, detail FROM audit_event WHERE action = 'conflict_check' ORDER BY seq"
    )
    return [{"person": r["entity_id"], **json.loads(r["detail"])} for r in rows]


def test_one_role_rule_and_an_added_conflict_is_audited(
    store: Store, case_id: str, validator: Any
) -> None:
    """Review4 F11: which roles get the conflict check is one core rule
    (``cases.CONFLICT_ROLES``: a beneficiary is on the client's side); the command line's
    "add as asked" audits each candidate with the case — the person added ``same`` despite
    the conflict, someone only like them ``warned``."""
    client = cases.get_case(store, case_id)["person_id"]
    pid = people.register_person(store, person_input(doc_number="40000002", given_names="Julia"))
    intake = intakes.add_intake(store, pid, ANSWERS, validator, form_id="ficha_prueba")
    other_case = cases.open_case(store, intake, now=NOW)
    assert cases.party_conflicts(store, client, "beneficiary") == []
    assert [c.person_id for c in cases.party_conflicts(store, client, "other")] == [client]
    # a beneficiary: added, nothing to audit
    _party, found = cases.add_party_as_asked(store, other_case, client, "beneficiary")
    assert found == [] and _conflict_lines(store) == []
    cases.remove_party(store, _party)
    party, found = cases.add_party_as_asked(store, other_case, client, "counterparty")
    assert [c.person_id for c in found] == [client]
    assert store.get("case_party", party)["role"] == "counterparty"
    [line] = _conflict_lines(store)
    assert (line["person"], line["decision"], line["case_id"]) == (client, "same", other_case)
    assert line["despite_conflict"] is True and line["side"] == "other"
    assert store.verify_audit().ok


def test_despite_conflict_only_on_the_same_person(store: Store, case_id: str) -> None:
    """Review4 F10: an acknowledgement passed for a candidate decided otherwise (another
    group, or a decision changed afterwards) is not written on that decision."""
    from app.core import duplicates

    client = cases.get_case(store, case_id)["person_id"]
    other = people.register_person(store, person_input(doc_number="40000003", given_names="Ana"))
    decided = {client: duplicates.DIFFERENT, other: duplicates.SAME}
    duplicates.record_decisions(store, "d1", "other", decided, despite=[client, other])
    lines = {line["person"]: line for line in _conflict_lines(store)}
    assert "despite_conflict" not in lines[client] and lines[other]["despite_conflict"] is True
    with pytest.raises(ValueError):
        duplicates.record_decisions(store, "d1", "other", {client: "maybe"})


def test_close_validated_by_the_form_then_reopen(store: Store, case_id: str) -> None:
    bad = {**CLOSURE, "fecha_cierre": "2027-01-01", "motivo_cierre": "otro"}
    del bad["resultado"]
    before = len(_outbox(store))
    with pytest.raises(InvalidInput) as exc:
        cases.close_case(store, case_id, bad, now=NOW)
    fields = {p.field for p in exc.value.problems}
    assert fields == {"fecha_cierre", "motivo_cierre_otro", "resultado"}
    shown = sorted(exc.value.shown)
    assert shown[0].startswith("Detalle del motivo: ") and shown[1].startswith("Fecha de cierre: ")
    assert cases.get_case(store, case_id)["status"] == "open" and len(_outbox(store)) == before

    written = cases.close_case(store, case_id, CLOSURE, now=NOW)
    case = cases.get_case(store, case_id)
    assert case["status"] == "closed" and case["closed_at"] == "2026-03-02T10:00:00+00:00"
    closure = case["closure"]
    closure = json.loads(closure) if isinstance(closure, str) else closure
    assert closure == written.fields["closure"]
    assert closure["form_id"] == "cierre_caso" and closure["form_version"] == 1
    assert closure["answers"]["resultado"] == "favorable"
    with pytest.raises(StateError):
        cases.close_case(store, case_id, CLOSURE, now=NOW)
    with pytest.raises(InvalidInput):
        cases.edit_case(store, case_id, {"status": "open"})  # reopening needs a reason

    for reason in ("", "   ", None, "x" * (cases.MAX_REASON + 1)):
        with pytest.raises(InvalidInput):
            cases.reopen_case(store, case_id, reason)
    cases.reopen_case(store, case_id, "  La demandada apeló la sentencia ", now=NOW)
    case = cases.get_case(store, case_id)
    assert (case["status"], case["closed_at"], case["closure"]) == ("open", None, None)
    [note] = notes.list_notes(store, case_id)
    assert note["signed_at"] and "Motivo: La demandada apeló la sentencia" in note["text"]
    assert note["text"].startswith("Caso reabierto (estaba concluido). Motivo: ")
    with pytest.raises(StateError):
        cases.reopen_case(store, case_id, "otra vez")
    # Closed again with the envelope form naming the version.
    cases.close_case(store, case_id, {"form_version": 1, "answers": CLOSURE}, now=NOW)
    assert cases.get_case(store, case_id)["status"] == "closed"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=40),
        st.from_regex(r"\d{5}-\d{4}-\d{1,4}-\d{4}-[A-Z]{2}-[A-Z]{2}-\d{2}", fullmatch=True),
    )
)
def test_court_file_either_stored_as_parsed_or_refused(
    store: Store, case_id: str, text: str
) -> None:
    """Any text: stored upper-cased with its parts when it parses, else refused untouched."""
    from forms import peru

    before = cases.get_case(store, case_id)
    try:
        expected = peru.parse_court_file(text).text if text.strip() else None
    except peru.CourtFileError:
        expected = "refused"
    if expected == "refused":
        with pytest.raises(InvalidInput):
            cases.edit_case(store, case_id, {"court_file_number": text})
        assert cases.get_case(store, case_id) == before
    else:
        cases.edit_case(store, case_id, {"court_file_number": text})
        assert cases.get_case(store, case_id)["court_file_number"] == expected


def test_closing_cancels_the_pending_hearings_and_deadlines(store: Store, case_id: str) -> None:
    """One write: the case closes and what was still to come is cancelled — each synced
    (an outbox change) and audited; what had already happened keeps its outcome."""
    from app.core import hearings

    held = hearings.schedule_hearing(store, case_id, "2026-02-10T09:00", "Conciliación")
    hearings.mark_hearing(store, held, "held", "Acuerdo")
    hearing = hearings.schedule_hearing(store, case_id, "2026-03-20T09:00", "Audiencia única")
    deadline = hearings.schedule_hearing(
        store, case_id, "2026-03-05T23:59", "Contestar", category="deadline"
    )
    assert [p["id"] for p in cases.pending_items(store, case_id)] == [deadline, hearing]
    before = len(_outbox(store))
    done = cases.close_case(store, case_id, CLOSURE, now=NOW, cancel_pending=True)
    assert [c["id"] for c in done.cancelled] == [deadline, hearing] and done.pending == []
    assert done.cancelled[0]["category"] == "deadline"
    rows = {h["id"]: h for h in hearings.list_hearings(store, case_id)}
    assert (rows[held]["status"], rows[held]["result"]) == ("held", "Acuerdo")
    for item in (hearing, deadline):
        assert (rows[item]["status"], rows[item]["result"]) == ("cancelled", "Caso cerrado")
        assert _audit(store, item)[-1] == "update"
    changed = [(c["entity"], c["entity_id"]) for c in _outbox(store)[before:]]
    assert changed == [("case", case_id), ("hearing", deadline), ("hearing", hearing)]
    assert cases.pending_items(store, case_id) == []


def test_closing_can_leave_them_pending(store: Store, case_id: str) -> None:
    from app.core import hearings

    hearing = hearings.schedule_hearing(store, case_id, "2026-03-20T09:00", "Audiencia única")
    done = cases.close_case(store, case_id, CLOSURE, now=NOW)
    assert done.cancelled == [] and [p["id"] for p in done.pending] == [hearing]
    assert hearings.get_hearing(store, hearing)["status"] == "scheduled"


def test_reopening_restores_what_the_closing_cancelled_still_to_come(
    store: Store, case_id: str
) -> None:
    """One write: the case reopens and what its closing cancelled that is still to come
    (after ``now``, office time) is scheduled again — each synced and audited; what was
    cancelled otherwise, or is past, stays cancelled."""
    from app.core import hearings

    past = hearings.schedule_hearing(store, case_id, "2026-03-01T09:00", "Conciliación")
    hearing = hearings.schedule_hearing(store, case_id, "2026-03-20T09:00", "Audiencia única")
    deadline = hearings.schedule_hearing(
        store, case_id, "2026-03-05T23:59", "Contestar", category="deadline"
    )
    other = hearings.schedule_hearing(store, case_id, "2026-03-25T09:00", "Pericia")
    hearings.mark_hearing(store, other, "cancelled", "El perito renunció")
    cases.close_case(store, case_id, CLOSURE, now=NOW, cancel_pending=True)
    assert [r["id"] for r in cases.restorable_items(store, case_id, NOW)] == [deadline, hearing]
    before = len(_outbox(store))
    done = cases.reopen_case(store, case_id, "Apelación", now=NOW, restore=True)
    assert [r["id"] for r in done.restored] == [deadline, hearing] and done.left == []
    rows = {h["id"]: h for h in hearings.list_hearings(store, case_id)}
    for item in (hearing, deadline):
        assert (rows[item]["status"], rows[item]["result"]) == ("scheduled", None)
        assert _audit(store, item)[-1] == "update"
    assert (rows[past]["status"], rows[past]["result"]) == ("cancelled", "Caso cerrado")
    assert (rows[other]["status"], rows[other]["result"]) == ("cancelled", "El perito renunció")
    changed = {(c["entity"], c["entity_id"]) for c in _outbox(store)[before:]}
    assert {("case", case_id), ("hearing", deadline), ("hearing", hearing)} <= changed
    assert cases.restorable_items(store, case_id, NOW) == []

    cases.close_case(store, case_id, CLOSURE, now=NOW, cancel_pending=True)
    kept = cases.reopen_case(store, case_id, "Otra vez", now=NOW)  # restore: False
    assert kept.restored == [] and [r["id"] for r in kept.left] == [deadline, hearing]
    assert hearings.get_hearing(store, hearing)["status"] == "cancelled"
    assert hearings.get_hearing(store, hearing)["result"] == cases.LEFT_RESULT
    # review4 F6: what a reopening left cancelled is not restored by a later one
    cases.close_case(store, case_id, CLOSURE, now=NOW, cancel_pending=True)
    again = cases.reopen_case(store, case_id, "Tercera vez", now=NOW, restore=True)
    assert again.restored == [] and again.left == []
    assert hearings.get_hearing(store, hearing)["status"] == "cancelled"


def test_the_history_says_what_each_edit_changed(store: Store, case_id: str) -> None:
    """Each update's history line: its labelled fields, old → new, in the specification's
    order; values by their label (status, user), internal fields left out."""
    from app.core import queries

    cases.edit_case(store, case_id, {"court_file_number": "00123-2021-0-1801-JP-FC-01"})
    cases.edit_case(
        store, case_id, {"court_file_number": "00456-2022-0-1801-JP-FC-02", "status": "archived"}
    )
    events = [e for e in queries.case_file(store, case_id)["events"] if e["entity"] == "case"]
    assert [e["changes"] for e in events] == [
        "Estado: En trámite → Archivado; "
        "Número de expediente: 00123-2021-0-1801-JP-FC-01 → 00456-2022-0-1801-JP-FC-02",
        "Número de expediente: — → 00123-2021-0-1801-JP-FC-01",
        "",  # its creation
    ]


def test_an_edit_of_another_devices_value_says_from_what(store: Store, case_id: str) -> None:
    """Fresh4: a history line for an edit of a value another device wrote said only the
    new one ("Número de expediente: → …"): this device never had that value in its outbox.
    The edit's audit keeps what it replaced (``was``), so the line says from what to what;
    the value applied from the other device is not in any local history line itself."""
    from app.core import queries
    from sync import hlc

    node = "dev.other"
    stamp = f"{hlc.wall_clock_ms() - 1_000:015d}-00000-{node}"
    remote = {
        "change_id": f"{node}#1", "entity": "case", "entity_id": case_id, "op": "upsert",
        "fields": {"court_file_number": "00777-2023-0-1801-JP-FC-03"},
        "base": {"court_file_number": hlc.ZERO}, "hlc": stamp, "device_id": node, "seq": 1,
        "user_id": None, "extra": {},
    }  # fmt: skip
    result = store.replica.apply_remote_changes([remote])
    assert result.applied == 1, result
    cases.edit_case(store, case_id, {"court_file_number": "00456-2022-0-1801-JP-FC-02"})
    events = [e for e in queries.case_file(store, case_id)["events"] if e["entity"] == "case"]
    assert events[0]["changes"] == (
        "Número de expediente: 00777-2023-0-1801-JP-FC-03 → 00456-2022-0-1801-JP-FC-02"
    )
    [detail] = store.query(
        "SELECT detail FROM audit_event WHERE action = 'update' AND entity_id = ?", (case_id,)
    )
    was = json.loads(detail["detail"])["was"]
    assert was == {"court_file_number": "00777-2023-0-1801-JP-FC-03"}  # nothing internal


def test_each_reopening_says_its_own_reason_even_audited_at_the_same_moment(
    store: Store, case_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The change of status names its note (``cases.REOPENING`` in its audit detail): two
    reopenings audited at the very same moment — a frozen clock, where matching by time
    cannot tell them apart — each say their own reason. A change audited before that
    link (old records: no id in the detail) still takes the note written with it."""
    from app.core.queries.case_file import case_file

    monkeypatch.setattr(store.context, "wall", lambda: 1_780_000_000_000)
    for reason in ("Primer motivo", "Segundo motivo"):
        cases.close_case(store, case_id, CLOSURE, now=NOW)
        cases.reopen_case(store, case_id, reason, now=NOW)
    monkeypatch.setattr(store.context, "wall", lambda: 1_780_000_100_000)  # 100 s later
    cases.close_case(store, case_id, CLOSURE, now=NOW)
    with store.transaction() as tx:  # as reopen_case wrote it before the link
        tx.insert("note", {"case_id": case_id, "text": cases.REOPENED_NOTE.format(
            was="concluido", reason="Motivo antiguo"), "author_id": store.user_id,
            "created_at": NOW.isoformat(), "signed_at": NOW.isoformat()})  # fmt: skip
        tx.update("case", case_id, {"status": "open", "closed_at": None, "closure": None})
    events = case_file(store, case_id)["events"]
    said = [
        e["changes"] for e in events if e["action"] == "status" and "→ En trámite" in e["changes"]
    ]
    assert [s.rpartition("; Motivo: ")[2] for s in said] == [
        "Motivo antiguo", "Segundo motivo", "Primer motivo"
    ]  # fmt: skip
    linked = store.query(
        "SELECT detail FROM audit_event WHERE entity_id = ? AND detail LIKE ?",
        (case_id, f"%{cases.REOPENING}%"),
    )
    assert len(linked) == 2  # an id, never the reason's text
    assert all("motivo" not in r["detail"].lower() for r in linked)
