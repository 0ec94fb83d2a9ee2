"""Referrals: a person or a case sent to another institution, and its follow-up.

Owns the domain rules of the ``referral`` entity (declared in ``sync/spec``): a referral
names a person (taken from the case when only the case is given), an institution of the
closed ``REFERRAL_INSTITUTION`` vocabulary (CEM, DEMUNA, Fiscalía, Policía, health
centre, shelter, other — "other" needs the institution's name), the date (today by
default), the reason, and a status (``sent`` at first) with follow-up notes. Every value
is checked with the entity specification (``spec_input.check``), so the messages and
limits are those the server applies. Reads (``list_referrals``) are query functions the
CLI, the UI and the reports share.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app import office_time
from app.core.cases import get_case
from app.core.errors import FieldProblem, InvalidInput, NotFound
from app.core.people import PersonStore, QueryStore, get_person
from app.core.spec_input import check
from sync.spec import vocab

ENTITY = "referral"
INPUT_FIELDS = (
    "person_id",
    "case_id",
    "institution",
    "institution_name",
    "referred_on",
    "reason",
    "status",
    "follow_up",
    "follow_up_on",
)
UPDATE_FIELDS = ("institution_name", "reason", "status", "follow_up", "follow_up_on")
COLUMNS = ("id", *INPUT_FIELDS, "created_by")


def _clean(data: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise InvalidInput.one("", "se esperaba un objeto con los datos de la derivación")
    unknown = [k for k in data if k not in allowed]
    if unknown:
        raise InvalidInput(
            [
                FieldProblem(str(k), "campo desconocido", "unknown")
                for k in sorted(map(str, unknown))
            ]
        )
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip() or None
        out[key] = value
    return out


def add_referral(store: PersonStore, data: Mapping[str, Any], today: date | None = None) -> str:
    """Record a referral; returns its id (``InvalidInput`` lists every problem)."""
    fields = _clean(data, INPUT_FIELDS)
    fields.setdefault("referred_on", (today or office_time.today()).isoformat())
    fields.setdefault("status", "sent")
    problems = []
    if not fields.get("institution"):
        problems.append(FieldProblem("institution", "indique la institución", "required"))
    if not fields.get("reason"):
        problems.append(FieldProblem("reason", "indique el motivo de la derivación", "required"))
    if fields.get("institution") == "otro" and not fields.get("institution_name"):
        problems.append(
            FieldProblem("institution_name", "indique el nombre de la institución", "required")
        )
    case_id, person_id = fields.get("case_id"), fields.get("person_id")
    if not case_id and not person_id:
        problems.append(FieldProblem("person_id", "indique la persona o el caso", "required"))
    if problems:
        raise InvalidInput(problems)
    if case_id:
        case = get_case(store, case_id)
        fields["person_id"] = person_id or case.get("person_id")
    if fields.get("person_id"):
        get_person(store, fields["person_id"])
    values = check(ENTITY, fields)
    values.update(office_id=store.office_id, created_by=store.user_id)
    return store.insert(ENTITY, values)


def get_referral(store: PersonStore, referral_id: str) -> dict[str, Any]:
    record = store.get(ENTITY, referral_id)
    if record is None:
        raise NotFound(ENTITY, referral_id)
    return dict(record)


def update_referral(store: PersonStore, referral_id: str, data: Mapping[str, Any]) -> bool:
    """Change the status or follow-up of a referral; False when nothing changed."""
    get_referral(store, referral_id)
    values = check(ENTITY, _clean(data, UPDATE_FIELDS))
    return bool(store.update(ENTITY, referral_id, values))


def list_referrals(
    store: QueryStore, case_id: str | None = None, person_id: str | None = None
) -> list[dict[str, Any]]:
    """Live referrals of a case or a person (all when neither is given), newest first.

    Each row carries ``institution_label`` and ``status_label`` (Spanish).
    """
    where, params = ["_deleted = 0"], []
    if case_id:
        where.append("case_id = ?")
        params.append(case_id)
    if person_id:
        where.append("person_id = ?")
        params.append(person_id)
    rows = store.query(
        f"SELECT {', '.join(COLUMNS)} FROM referral WHERE {' AND '.join(where)}"
        " ORDER BY referred_on DESC, id DESC",
        tuple(params),
    )
    for row in rows:
        row["institution_label"] = vocab.REFERRAL_INSTITUTION.label(row.get("institution"))
        row["status_label"] = vocab.REFERRAL_STATUS.label(row.get("status"))
    return rows


def referrals_between(store: QueryStore, start: str, end: str) -> list[dict[str, Any]]:
    """Live referrals made in [start, end) (ISO dates) for the monthly statistics.

    Rows: ``institution``, ``status``, ``referred_on`` and ``defender_id`` (who made it).
    """
    return store.query(
        "SELECT institution, status, referred_on, created_by AS defender_id FROM referral"
        " WHERE _deleted = 0 AND referred_on >= ? AND referred_on < ? ORDER BY referred_on",
        (start, end),
    )
