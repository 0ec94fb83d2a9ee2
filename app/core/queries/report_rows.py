"""The rows the printed documents and the monthly statistics read.

Single records (``record``: a live row of any entity by id, all columns) and the
office's rows of a month for ``app/reports/statistics`` (``monthly_rows``). Time windows
here are the stored ISO text narrowed with the margins the caller passes; the exact
decision in Lima time is the caller's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.core.queries.lists import QueryStore
from app.store.case_timeline import day_text

# entity -> table, for the whole-row reads of documents (whitelist: no identifier from input)
_TABLES = {
    "person": "person",
    "intake": "intake",
    "case": "legal_case",
    "campaign": "campaign",
}


def record(store: QueryStore, entity: str, entity_id: Any) -> dict[str, Any] | None:
    """The live row of ``entity`` with ``entity_id`` (every column, JSON still text)."""
    if not entity_id:
        return None
    rows = store.query(
        f"SELECT * FROM {_TABLES[entity]} WHERE id = ? AND _deleted = 0", (entity_id,)
    )
    return rows[0] if rows else None


def monthly_rows(
    store: QueryStore, office_id: str, low: str, high: str, answer_keys: Sequence[str]
) -> dict[str, Any]:
    """The office's rows whose times fall in ``[low, high)`` (ISO text), for statistics.

    ``intakes`` carry ``answers`` holding only ``answer_keys`` (read with json_extract);
    ``cases`` open at some point of the window (``closure`` still JSON text; ``closed_on``
    the closing day of the case's timeline, ``caseload.closed_on``);
    ``hearings`` with their case's defender; ``eligibility`` assessments still pending;
    ``persons`` (by id) attended in the window; ``campaigns`` (by id) of the office.
    """
    flags = ", ".join(f"json_extract(answers, '$.{key}') AS f_{key}" for key in answer_keys)
    intake_rows = store.query(
        "SELECT id, person_id, status,"
        " coalesce(service_type, json_extract(answers, '$.tipo_servicio')) AS service_type,"
        " coalesce(matter, json_extract(answers, '$.materia')) AS matter,"
        f" defender_id, recorded_at, campaign_id{', ' + flags if flags else ''} FROM intake"
        " WHERE _deleted = 0 AND office_id = ? AND recorded_at >= ? AND recorded_at < ?",
        (office_id, low, high),
    )
    for row in intake_rows:
        found = {k: row.pop(f"f_{k}") for k in answer_keys}
        row["answers"] = {k: v for k, v in found.items() if v is not None}
    cases = store.query(
        "SELECT c.id, c.matter, c.status, c.defender_id, c.opened_at, c.closed_at, c.closure,"
        " t.closure AS closed_on FROM legal_case c LEFT JOIN case_timeline t ON t.case_id = c.id"
        " WHERE c._deleted = 0 AND c.office_id = ? AND c.opened_at < ?"
        " AND (c.closed_at IS NULL OR c.closed_at = '' OR c.closed_at >= ?)",
        (office_id, high, low),
    )
    for case in cases:  # the closing day of the case's timeline (``caseload.closed_on``)
        case["closed_on"] = day_text(case["closed_on"])
    hearings = store.query(
        "SELECT h.id, h.case_id, h.category, h.status, h.at, c.defender_id FROM hearing h"
        " JOIN legal_case c ON c.id = h.case_id AND c._deleted = 0"
        " WHERE h._deleted = 0 AND c.office_id = ? AND h.at >= ? AND h.at < ?",
        (office_id, low, high),
    )
    eligibility = store.query(
        "SELECT e.id, e.intake_id, coalesce(i.recorded_at, e.assessed_at) AS started_at,"
        " i.defender_id FROM eligibility e"
        " LEFT JOIN intake i ON i.id = e.intake_id AND i._deleted = 0"
        " WHERE e._deleted = 0 AND e.office_id = ?"
        " AND (e.result IS NULL OR e.result = '' OR e.result = 'pendiente')",
        (office_id,),
    )
    persons = {
        str(r["id"]): r
        for r in store.query(
            "SELECT id, sex, birth_date, mother_tongue, interpreter_needed, ubigeo FROM person"
            " WHERE _deleted = 0 AND id IN (SELECT person_id FROM intake WHERE _deleted = 0"
            " AND office_id = ? AND recorded_at >= ? AND recorded_at < ?)",
            (office_id, low, high),
        )
    }
    campaigns = {
        str(r["id"]): r
        for r in store.query(
            "SELECT id, name, locality, starts_on, ends_on FROM campaign"
            " WHERE _deleted = 0 AND office_id = ?",
            (office_id,),
        )
    }
    return {
        "intakes": intake_rows,
        "cases": cases,
        "hearings": hearings,
        "eligibility": eligibility,
        "persons": persons,
        "campaigns": campaigns,
    }
