"""What a person's profile shows: the person, their intakes, the cases where they are the
client and those where they are another party, their referrals, and a timeline.

``person_file(store, person_id)`` gathers it in one call (the person's displayed
``name`` added) (``NotFound`` for an unknown or
deleted person). Codes stay codes (matter, status, role, institution): labels are the
caller's. Timeline entries are ``{at, kind, case_id, case_number, detail}``, newest
first, with ``kind`` one of ``TIMELINE_KINDS``: the person registered or edited (from the
audit log), an intake recorded, a case opened, closed or reopened (each time, ``detail``
the closure's reason and result or the reopening's reason: ``case_file.status_moves``),
a hearing or deadline of one of their cases (with its ``status`` and, moved,
``moved_to``: where it went, ``agenda.moved_to``), a referral.
"""

from __future__ import annotations

from typing import Any

from app.core import referrals
from app.core.people import full_name, get_person, takes_part
from app.core.queries.agenda import moved_to
from app.core.queries.case_file import status_moves
from app.core.queries.lists import QueryStore
from app.core.user_names import user_labels

TIMELINE_KINDS = (
    "registered",
    "edited",
    "intake",
    "case_opened",
    "case_closed",
    "case_reopened",
    "hearing",
    "referral",
)
TIMELINE_LIMIT = 300


def person_intakes(store: QueryStore, person_id: str) -> list[dict[str, Any]]:
    """The person's live intakes, newest first (with the case each one opened, if any)."""
    return store.query(
        "SELECT i.id AS id, i.form_id AS form_id, i.form_version AS form_version,"
        " i.status AS status, i.service_type AS service_type, i.matter AS matter,"
        " i.recorded_at AS recorded_at, i.defender_id AS defender_id,"
        " (SELECT c.id FROM legal_case c WHERE c._deleted = 0 AND c.intake_id = i.id"
        "  LIMIT 1) AS case_id,"
        " (SELECT c.internal_number FROM legal_case c WHERE c._deleted = 0"
        "  AND c.intake_id = i.id LIMIT 1) AS case_number"
        " FROM intake i WHERE i._deleted = 0 AND i.person_id = ?"
        " ORDER BY i.recorded_at DESC, i.id DESC",
        (person_id,),
    )


def person_case_rows(store: QueryStore, person_id: str) -> list[dict[str, Any]]:
    """Every live case the person is in, newest first, with ``role``: "beneficiary" when
    they are the client (the case's person or a beneficiary party), else their party role
    ("counterparty", "other")."""
    return store.query(
        "SELECT c.id AS id, c.internal_number AS internal_number, c.matter AS matter,"
        " c.status AS status, c.court_file_number AS court_file_number,"
        " c.opened_at AS opened_at, c.closed_at AS closed_at, c.defender_id AS defender_id,"
        " c.closure AS closure,"
        " CASE WHEN c.person_id = ? THEN 'beneficiary' ELSE"
        "  (SELECT p.role FROM case_party p WHERE p._deleted = 0 AND p.case_id = c.id"
        "   AND p.person_id = ? ORDER BY CASE p.role WHEN 'beneficiary' THEN 0"
        "   WHEN 'counterparty' THEN 1 ELSE 2 END LIMIT 1) END AS role"
        f" FROM legal_case c WHERE c._deleted = 0 AND {takes_part('?')}"
        " ORDER BY c.opened_at DESC, c.id DESC",
        (person_id, person_id, person_id, person_id),
    )


def _person_events(store: QueryStore, person_id: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT at, action FROM audit_event WHERE entity = 'person' AND entity_id = ?"
        " AND action IN ('create', 'update') ORDER BY seq DESC LIMIT ?",
        (person_id, TIMELINE_LIMIT),
    )


def _case_hearings(store: QueryStore, case_ids: list[str]) -> list[dict[str, Any]]:
    if not case_ids:
        return []
    marks = ",".join("?" * len(case_ids))
    return store.query(
        "SELECT id, case_id, category, kind, at, status FROM hearing"
        f" WHERE _deleted = 0 AND case_id IN ({marks}) ORDER BY at DESC LIMIT ?",
        [*case_ids, TIMELINE_LIMIT],
    )  # a moved one says where it went (``moved_to``)


def timeline(
    store: QueryStore,
    person_id: str,
    intakes: list[dict[str, Any]],
    cases: list[dict[str, Any]],
    referral_rows: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """The person's history, newest first (see the module docstring)."""
    numbers = {c["id"]: c.get("internal_number") or "" for c in cases}
    out: list[dict[str, Any]] = []

    def add(at: Any, kind: str, detail: Any = "", case_id: str | None = None, **more: Any) -> None:
        if at:
            out.append(
                {
                    "at": str(at),
                    "kind": kind,
                    "detail": detail or "",
                    "case_id": case_id,
                    "case_number": numbers.get(case_id or "", ""),
                    **more,
                }
            )

    for event in _person_events(store, person_id):
        add(event["at"], "registered" if event["action"] == "create" else "edited")
    for intake in intakes:
        add(intake.get("recorded_at"), "intake", intake.get("service_type"), intake["case_id"])
    for case in cases:
        add(case.get("opened_at"), "case_opened", case.get("matter"), case["id"])
        for move in status_moves(store, case):  # each closing and reopening, with why
            add(move["at"], f"case_{move['move']}", move["why"], case["id"])
    client_cases = [c["id"] for c in cases if c.get("role") == "beneficiary"]
    for hearing in moved_to(store, _case_hearings(store, client_cases)):
        add(
            hearing.get("at"),
            "hearing",
            hearing.get("kind"),
            hearing["case_id"],
            category=hearing.get("category") or "hearing",
            status=hearing.get("status") or "scheduled",
            moved_to=hearing.get("moved_to") or "",
        )
    for referral in referral_rows:
        add(
            referral.get("referred_on"),
            "referral",
            referral.get("institution"),
            referral.get("case_id"),
        )
    out.sort(key=lambda e: e["at"], reverse=True)
    return out[:TIMELINE_LIMIT]


def person_file(store: Any, person_id: str) -> dict[str, Any]:
    """Everything a person's profile shows (``NotFound`` for an unknown person)."""
    person = get_person(store, person_id)
    person["name"] = full_name(person)
    intakes = person_intakes(store, person_id)
    cases = person_case_rows(store, person_id)
    names = user_labels(store, [c.get("defender_id") or "" for c in cases])
    for case in cases:
        case["defender"] = names.get(case.get("defender_id") or "", "")
    referral_rows = referrals.list_referrals(store, person_id=person_id)
    return {
        "person": person,
        "intakes": intakes,
        "client_cases": [c for c in cases if c.get("role") == "beneficiary"],
        "party_cases": [c for c in cases if c.get("role") != "beneficiary"],
        "referrals": referral_rows,
        "timeline": timeline(store, person_id, intakes, cases, referral_rows),
    }
