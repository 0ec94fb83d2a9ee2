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

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from app import office_time
from app.core.cases import get_case
from app.core.errors import FieldProblem, InvalidInput, NotFound
from app.core.people import PersonStore, QueryStore, get_person
from app.core.spec_input import check
from app.core.text import search_key
from app.store.case_timeline import JULIAN_OF_DAY_0
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
# what an update may change: the follow-up, and a wrong institution corrected
UPDATE_FIELDS = (
    "institution",
    "institution_name",
    "reason",
    "status",
    "follow_up",
    "follow_up_on",
)
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
    """Change the status or follow-up of a referral, or correct its institution; False
    when nothing changed. "otro" needs the institution's name."""
    current = get_referral(store, referral_id)
    values = check(ENTITY, _clean(data, UPDATE_FIELDS))
    merged = {**current, **values}
    if merged.get("institution") == "otro" and not merged.get("institution_name"):
        raise InvalidInput.one(
            "institution_name", "indique el nombre de la institución", "required"
        )
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


# Other words people write for an institution of the vocabulary (accent-free, upper case).
INSTITUTION_WORDS = {
    "policia": ("PNP", "COMISARIA"),
    "fiscalia": ("MINISTERIO PUBLICO",),
    "salud": ("HOSPITAL", "POSTA", "CENTRO DE SALUD"),
    "refugio": ("HOGAR REFUGIO", "CASA REFUGIO"),
}


@lru_cache(maxsize=1)
def _institution_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(code, the whole words that name it) of every institution but ``otro``, in the
    vocabulary's order: its code, label, abbreviation and usual words, accent-free."""
    out = []
    for code in vocab.REFERRAL_INSTITUTION.codes():
        label = search_key(vocab.REFERRAL_INSTITUTION.label(code))
        whole, _, short = label.partition(" (")  # "CENTRO EMERGENCIA MUJER (CEM)"
        words = {code.upper(), whole, short.rstrip(")"), *INSTITUTION_WORDS.get(code, ())}
        if code != "otro":
            out.append((code, tuple(f" {w} " for w in sorted(words) if w)))
    return tuple(out)


@lru_cache(maxsize=4096)  # the same few names come back on every attention
def _institution_of(named: str) -> str:
    text = f" {search_key(named)} "
    for code, words in _institution_words():
        if any(w in text for w in words):
            return code
    return "otro"


def institution_of(named: Any) -> str:
    """The referral institution code a free-text name stands for (the ficha's "Entidad a
    la que se deriva": "Centro Emergencia Mujer", "DEMUNA", "fiscalía de familia"...):
    the first institution whose code, label, abbreviation or usual words appear in it as
    whole words, accents and case aside; else ``otro``."""
    return _institution_of(str(named or ""))


# the attentions served as referrals, from the derived ``intake_day`` (each submitted
# intake's office-time day, service type, person and the institution its ficha names:
# ``app.store.intake_days``, by the one rule ``stats.caseload.attention``)
INTAKE_REFERRALS = (
    f"SELECT person_id, defender_id, date(day + {JULIAN_OF_DAY_0}) AS recorded_at, named"
    " FROM intake_day WHERE office_id = ? AND service_type = 'derivacion'"
    " AND day >= ? AND day < ?"
)


def referrals_between(store: QueryStore, start: str, end: str) -> list[dict[str, Any]]:
    """Every referral made in [start, end) (ISO dates): the one definition the monthly
    statistics, the "Tiempos" page and ``chasqui report caseload`` count.

    A referral is a ``referral`` record dated in the period, or a submitted intake whose
    service is "derivación" recorded in the period (office time, as the attentions are
    counted): that attention is itself a referral, to the institution its ficha names
    (``institution_of``), status ``sent`` — unless a referral record of the same person
    dated that day stands for it. So the attentions' "Derivaciones" never exceed the
    referrals counted by institution.

    Rows: ``institution``, ``status``, ``referred_on`` and ``defender_id`` (who made it).
    """
    office = getattr(store, "office_id", None)  # this office's only, as its attentions
    rows = store.query(
        "SELECT person_id, institution, status, referred_on, created_by AS defender_id"
        " FROM referral WHERE _deleted = 0 AND office_id = ?"
        " AND referred_on >= ? AND referred_on < ? ORDER BY referred_on",
        (office, start, end),
    )
    low, high = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    served = store.query(INTAKE_REFERRALS, (office, low.toordinal(), high.toordinal()))
    return with_served(rows, served, low, high)


def with_served(
    recorded: Iterable[Mapping[str, Any]],
    intakes: Iterable[Mapping[str, Any]],
    low: date,
    high: date,
) -> list[dict[str, Any]]:
    """The rule of ``referrals_between`` over plain rows: the ``recorded`` referral rows
    and a referral for each intake served as one (rows with ``person_id``,
    ``defender_id``, ``recorded_at``, ``named``; submitted, of service "derivación")
    recorded in ``[low, high)`` in office time, unless a recorded one of that person
    that day stands for it; ordered by date."""
    rows = [dict(r) for r in recorded]
    known = {(r.get("person_id"), str(r.get("referred_on") or "")[:10]) for r in rows}
    for intake in intakes:
        moment = office_time.parse_local(intake.get("recorded_at"))
        if moment is None or not low <= moment.date() < high:
            continue
        day = moment.date().isoformat()
        if (intake.get("person_id"), day) in known:
            continue
        rows.append({"person_id": intake.get("person_id"),
                     "institution": institution_of(intake.get("named")), "status": "sent",
                     "referred_on": day, "defender_id": intake.get("defender_id")})  # fmt: skip
    rows.sort(key=lambda r: str(r.get("referred_on") or ""))
    return rows
