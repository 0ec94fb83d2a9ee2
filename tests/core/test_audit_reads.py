"""The audit is read by record and by action through its indexes (vault v15), never by
reading every event: a case view's history (``queries.case_file``: its events, what each
edit changed, the notes from other devices, the conflict decisions) and a person's file
cost 1.6 s of CPU at 500k events before, a scan each time the case was shown."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.core import cases, notes, people, queries
from app.store import Store
from tests.core.conftest import person_input


def _audit_reads(store: Store, monkeypatch: Any, read: Any) -> list[tuple[str, Any]]:
    """The statements ``read()`` runs that read ``audit_event`` (with their parameters)."""
    seen: list[tuple[str, Any]] = []
    real = store.query

    def query(sql: str, params: Any = ()) -> Any:
        if "audit_event" in sql:
            seen.append((sql, params))
        return real(sql, params)

    monkeypatch.setattr(store, "query", query)
    read()
    monkeypatch.undo()
    return seen


def test_a_case_and_a_person_are_read_without_scanning_the_audit(
    store: Store, validator: Any, monkeypatch: Any
) -> None:
    person = people.register_person(store, person_input())
    intake = store.insert("intake", {"office_id": store.office_id, "person_id": person,
                                     "form_id": "ficha_atencion", "form_version": 1,
                                     "answers": {}, "status": "submitted"})  # fmt: skip
    case_id = cases.open_case(store, intake, now=datetime(2026, 3, 2, tzinfo=UTC))
    note = notes.add_note(store, case_id, "Se presentó la demanda.")
    notes.edit_note(store, note, "Se presentó la demanda de alimentos.")
    cases.edit_case(store, case_id, {"court_file_number": "00123-2021-0-1801-JP-FC-01"})
    reads = _audit_reads(store, monkeypatch, lambda: queries.case_file(store, case_id))
    reads += _audit_reads(store, monkeypatch, lambda: queries.person_file(store, person))
    assert len(reads) >= 3  # the history, the edits' changes, the person's events, …
    for sql, params in reads:
        plan = " / ".join(r["detail"] for r in store.query(f"EXPLAIN QUERY PLAN {sql}", params))
        assert "SCAN audit_event" not in plan, (sql, plan)
