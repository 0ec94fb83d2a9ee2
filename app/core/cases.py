"""Cases (patrocinio): opening a case from an intake, its internal number, its parties.

Internal numbers are ``{office_code}-{year}-{device_no:02d}{counter:04d}``: the device
number is unique within an office (1 for a standalone vault, assigned by the server at
enrollment) and the counter is local to the device and the year
(``store.next_counter(f"case:{year}")``), so two devices of one office never produce the
same number, without talking to each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from app.core.errors import InvalidInput, NotFound, StateError
from app.core.intakes import get_intake
from app.core.people import PersonStore, QueryStore, get_person

ROLES = ("beneficiary", "counterparty", "other")
CASE_STATUSES = ("open", "closed", "archived")
_CASE_COLUMNS = (
    "id, office_id, internal_number, intake_id, person_id, matter, status, court_file_number, "
    "defender_id, summary, opened_at, closed_at"
)


class CaseStore(PersonStore, Protocol):
    office_code: str

    def next_counter(self, name: str) -> int: ...
    def transaction(self) -> Any: ...


def device_no(store: Any) -> int:
    """This device's number within its office (1 for a standalone vault).

    Uses ``store.device_no`` when the store has it, else the ``device_no`` sync-state key
    (of ``store.replica``) that enrollment writes, else 1.
    """
    value = getattr(store, "device_no", None)
    replica = getattr(store, "replica", None)
    if value is None and replica is not None:
        value = replica.get_sync_state("device_no")
    try:
        number = int(value) if value is not None else 1
    except (TypeError, ValueError):
        number = 1
    if not 1 <= number <= 99:
        raise StateError(f"device number out of range: {number}")
    return number


def format_internal_number(office_code: str, year: int, device: int, counter: int) -> str:
    if counter > 9999:
        raise StateError("more than 9999 cases on this device this year")
    return f"{office_code}-{year}-{device:02d}{counter:04d}"


def next_internal_number(store: CaseStore, year: int) -> str:
    counter = store.next_counter(f"case:{year}")
    return format_internal_number(store.office_code, year, device_no(store), counter)


def open_case(store: CaseStore, intake_id: str, now: datetime | None = None) -> str:
    """Open a case from an intake: number, beneficiary party, status open; return its id."""
    intake = get_intake(store, intake_id)
    existing = store.query(
        "SELECT id FROM legal_case WHERE _deleted = 0 AND intake_id = ? LIMIT 1", (intake_id,)
    )
    if existing:
        raise StateError(f"the intake already has a case: {existing[0]['id']}")
    if intake.get("status") == "draft":
        raise StateError("the intake is a draft; submit it before opening a case")
    stamp = now or datetime.now(UTC)
    answers = intake.get("answers") or {}
    summary = None
    if isinstance(answers, Mapping):
        summary = answers.get("summary") or answers.get("resumen_caso")
    with store.transaction() as tx:
        # Inside the transaction: a failed insert does not burn a number.
        number = next_internal_number(store, stamp.year)
        case_id: str = tx.insert(
            "case",
            {
                "office_id": store.office_id,
                "internal_number": number,
                "intake_id": intake_id,
                "person_id": intake["person_id"],
                "matter": intake.get("matter"),
                "status": "open",
                "defender_id": store.user_id,
                "summary": summary if isinstance(summary, str) else None,
                "opened_at": stamp.isoformat(timespec="seconds"),
            },
        )
        tx.insert(
            "case_party",
            {"case_id": case_id, "person_id": intake["person_id"], "role": "beneficiary"},
        )
    return case_id


def add_party(store: CaseStore, case_id: str, person_id: str, role: str) -> str:
    """Add a person to a case with ``role`` (beneficiary, counterparty, other)."""
    if role not in ROLES:
        raise InvalidInput.one("role", "debe ser beneficiary, counterparty u other", "choice")
    get_case(store, case_id)
    get_person(store, person_id)
    return store.insert("case_party", {"case_id": case_id, "person_id": person_id, "role": role})


def get_case(store: PersonStore, case_id: str) -> dict[str, Any]:
    record = store.get("case", case_id)
    if record is None:
        raise NotFound("case", case_id)
    return dict(record)


def case_parties(store: QueryStore, case_id: str) -> list[dict[str, Any]]:
    """Live parties of a case with the person's names and document, in ``ROLES`` order."""
    return store.query(
        "SELECT p.id AS id, p.person_id AS person_id, p.role AS role, "
        "r.given_names AS given_names, r.paternal_surname AS paternal_surname, "
        "r.maternal_surname AS maternal_surname, r.doc_type AS doc_type, "
        "r.doc_number AS doc_number FROM case_party p "
        "LEFT JOIN person r ON r.id = p.person_id AND r._deleted = 0 "
        "WHERE p._deleted = 0 AND p.case_id = ? ORDER BY CASE p.role "
        "WHEN 'beneficiary' THEN 0 WHEN 'counterparty' THEN 1 ELSE 2 END, p.id",
        (case_id,),
    )


def list_cases(
    store: PersonStore, status: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Live cases, newest internal number first."""
    where, params = "_deleted = 0", []
    if status is not None:
        where += " AND status = ?"
        params.append(status)
    return store.query(
        f"SELECT {_CASE_COLUMNS} FROM legal_case WHERE {where} "
        "ORDER BY opened_at DESC, internal_number DESC, id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    )


def close_case(
    store: CaseStore, case_id: str, closure: Mapping[str, Any], now: datetime | None = None
) -> None:
    case = get_case(store, case_id)
    if case.get("status") != "open":
        raise StateError("the case is not open")
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    store.update("case", case_id, {"status": "closed", "closed_at": stamp, "closure": closure})
