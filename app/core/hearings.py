"""Hearings and deadlines of a case: schedule, then mark held, failed, rescheduled or
cancelled — a hearing whose moment is still to come, even later the same day, cannot be
marked held (``not_yet_held``: the milestone rule ``office_time.is_future``) —; correct
an outcome recorded by mistake (``correct_outcome``: held or failed back to scheduled,
with the reason as its result); and how a status is said (``status_label``: a deadline
is "Pendiente", "Vencido", "Cumplido"…, a hearing "Programada", "Realizada"…)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from app import office_time
from app.core.cases import CaseStore, get_case
from app.core.errors import InvalidInput, NotFound, StateError
from app.core.people import PersonStore, QueryStore
from sync import spec
from sync.spec import vocab

CATEGORIES = vocab.HEARING_CATEGORY.codes()
OUTCOMES = tuple(c for c in vocab.HEARING_STATUS.codes() if c != "scheduled")
MAX_KIND = spec.ENTITIES["hearing"].field_limit("kind")


def status_label(
    category: Any, status: Any, at: Any = None, now: str | None = None, lang: str = "es"
) -> str:
    """The status as the screen and the case PDF say it: a hearing's from
    ``HEARING_STATUS``; a deadline's from ``DEADLINE_STATUS``, and "Vencido" when it is
    still pending and its moment (``at``, office time) is before ``now`` (office time,
    ISO ``AAAA-MM-DDTHH:MM``)."""
    if category != "deadline":
        return vocab.HEARING_STATUS.label(status or "scheduled", lang)
    code = status or "scheduled"
    if code == "scheduled" and now and at and str(at)[:16] < now[:16]:
        return vocab.DEADLINE_OVERDUE.get(lang) or vocab.DEADLINE_OVERDUE["es"]
    return vocab.DEADLINE_STATUS.label(code, lang)


def parse_at(value: Any, field: str = "at") -> str:
    """An ISO datetime (``2026-03-02T09:30`` or with seconds/offset), normalized."""
    if not isinstance(value, str):
        raise InvalidInput.one(field, "debe ser una fecha y hora ISO (AAAA-MM-DDTHH:MM)", "type")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput.one(
            field, "fecha y hora no válida; use AAAA-MM-DDTHH:MM", "datetime_format"
        ) from None
    if "T" not in value and " " not in value.strip():
        raise InvalidInput.one(field, "falta la hora; use AAAA-MM-DDTHH:MM", "datetime_format")
    return parsed.isoformat(timespec="minutes")


def _kind(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput.one("kind", "es obligatorio", "required")
    kind = value.strip()
    if len(kind) > MAX_KIND:
        raise InvalidInput.one("kind", f"es demasiado largo (máximo {MAX_KIND})", "length")
    return kind


def check_day(
    store: Any,
    case_id: str,
    category: Any,
    at: str,
    field: str = "at",
    held: bool = False,
    today: date | None = None,
) -> list[str]:
    """A hearing's day by the case's facts, the one rule of ``case_dates.check_day``:
    asked about (the sentences returned) when before the claim was filed (it will not be
    the process's first hearing) or before the case began. Scheduled or moved: it may
    still be to come; marked ``held``: not after today. A deadline is not a court step:
    []."""
    from app.core import case_dates

    moment = office_time.parse_local(at)
    if category == "deadline" or moment is None:
        return []
    if isinstance(today, datetime):
        today = today.date()
    day = moment.date()
    return case_dates.check_day(store, case_id, "hearing", day, field, today, planned=not held)


def held_questions(store: Any, hearing_id: str, now: date | None = None) -> list[str]:
    """What to ask before marking a hearing held (``check_day`` on its own day, ``held``):
    before the claim was filed, before the case began; [] for a deadline. The desktop
    asks before marking it (the case view, the Agenda), the CLI says them as ``aviso:``."""
    hearing = get_hearing(store, hearing_id)
    case_id, category = hearing["case_id"], hearing.get("category")
    return check_day(store, case_id, category, hearing["at"], "status", True, now)


def schedule_hearing(
    store: PersonStore,
    case_id: str,
    at: str,
    kind: str,
    place: str | None = None,
    category: str = "hearing",
) -> str:
    if category not in CATEGORIES:
        raise InvalidInput.one("category", "debe ser hearing o deadline", "choice")
    fields = {"at": parse_at(at), "kind": _kind(kind)}
    get_case(store, case_id)
    check_day(store, case_id, category, fields["at"])  # the caller asks its questions
    return store.insert(
        "hearing",
        {
            "case_id": case_id,
            "category": category,
            **fields,
            "place": place.strip() if isinstance(place, str) and place.strip() else None,
            "status": "scheduled",
        },
    )


def get_hearing(store: PersonStore, hearing_id: str) -> dict[str, Any]:
    record = store.get("hearing", hearing_id)
    if record is None:
        raise NotFound("hearing", hearing_id)
    return dict(record)


NO_REASON = "Motivo no indicado"  # the result of a rescheduling given without a reason


def not_yet_held(hearing: Mapping[str, Any], now: date | None = None) -> datetime | None:
    """The moment (office time) of a hearing still to come, which cannot be marked held
    yet — it would be a "first hearing held" milestone in the future —; None when it can
    (a deadline may be met early, a hearing from its start on). ``now``: a moment (a
    ``datetime``, office time) or a day (a ``date``: days compared). The one rule of
    ``mark_hearing``, the case view and the Agenda."""
    if hearing.get("category") == "deadline":
        return None
    moment = office_time.parse_local(hearing.get("at"))
    if moment is None or not office_time.is_future(moment.isoformat(), now):
        return None
    return moment


def next_change(rows: list[Mapping[str, Any]], now: datetime) -> datetime | None:
    """The next moment (office time, after ``now``) at which what is shown of these rows
    changes by the clock alone: a scheduled hearing reaches its hour (it can be marked
    held: ``not_yet_held``), a scheduled deadline's minute ends (it reads "Vencido":
    ``status_label``); None when nothing pending is still to come."""
    moments = []
    for row in rows:
        if (row.get("status") or "scheduled") != "scheduled":
            continue
        moment = office_time.parse_local(row.get("at"))
        if moment is None:
            continue
        moment = moment.replace(second=0, microsecond=0)
        if row.get("category") == "deadline":
            moment += timedelta(minutes=1)
        if moment > now:
            moments.append(moment)
    return min(moments, default=None)


def mark_hearing(
    store: CaseStore,
    hearing_id: str,
    status: str,
    result: str | None = None,
    new_at: str | None = None,
    now: date | None = None,
) -> str | None:
    """Record the outcome; ``rescheduled`` with ``new_at`` schedules the new date and
    returns the new hearing's id. A rescheduling always says why (the desktop asks):
    without a reason its result is ``NO_REASON``. A hearing still to come at ``now``
    (``not_yet_held``) cannot be marked held (``InvalidInput``)."""
    if status not in OUTCOMES:
        raise InvalidInput.one("status", f"debe ser uno de: {', '.join(OUTCOMES)}", "choice")
    if new_at is not None and status != "rescheduled":
        raise InvalidInput.one("at", "solo una reprogramación lleva nueva fecha", "unexpected")
    if status == "rescheduled":
        result = " ".join(str(result or "").split()) or NO_REASON
    hearing = get_hearing(store, hearing_id)
    if hearing.get("status") != "scheduled":
        raise StateError(f"the hearing is already {hearing.get('status')}")
    coming = not_yet_held(hearing, now) if status == "held" else None
    if coming is not None:
        raise InvalidInput.one(
            "status",
            f"la audiencia del {coming:%d/%m/%Y %H:%M} aún no ocurre: no puede marcarse "
            "realizada antes de su fecha y hora (si cambió de fecha, reprográmela)",
            "future",
        )
    if status == "held":  # held: not after today (its questions are the caller's)
        held_questions(store, hearing_id, now)
    new_id = None
    with store.transaction():  # the outcome and the new date together, or neither
        if new_at is not None:
            new_id = schedule_hearing(
                store,
                hearing["case_id"],
                new_at,
                hearing["kind"],
                hearing.get("place"),
                hearing.get("category") or "hearing",
            )
        store.update("hearing", hearing_id, {"status": status, "result": result})
    return new_id


NOT_STANDING = ("rescheduled", "cancelled")  # listed on its day, not happening there
CORRECTABLE = ("held", "failed")  # outcomes a person may take back (not a move, a cancel)
CORRECTED = "Estado corregido"  # how the result of a corrected outcome starts


def correct_outcome(store: CaseStore, hearing_id: str, reason: str) -> None:
    """Take back an outcome recorded by mistake (held or failed): the hearing or deadline
    is scheduled again, its result "Estado corregido: <reason>" (required); the history
    shows the change of status. A move or a cancellation is not taken back here (a
    rescheduled one has its new date already; a closing's are restored by reopening)."""
    why = " ".join(str(reason or "").split())
    if not why:
        raise InvalidInput.one("reason", "indique por qué corrige el estado", "required")
    hearing = get_hearing(store, hearing_id)
    if hearing.get("status") not in CORRECTABLE:
        raise InvalidInput.one(
            "status",
            f"solo se corrige una audiencia o plazo marcado realizado o frustrado "
            f"(este está {status_label(hearing.get('category'), hearing.get('status'))})",
            "state",
        )
    result = f"{CORRECTED}: {why}"
    if len(result) > spec.ENTITIES["hearing"].field_limit("result"):
        raise InvalidInput.one("reason", "el motivo es demasiado largo", "length")
    store.update("hearing", hearing_id, {"status": "scheduled", "result": result})


def list_hearings(store: QueryStore, case_id: str | None = None) -> list[dict[str, Any]]:
    where, params = "_deleted = 0", []
    if case_id is not None:
        where += " AND case_id = ?"
        params.append(case_id)
    return store.query(
        "SELECT id, case_id, category, kind, at, place, status, result FROM hearing "
        f"WHERE {where} ORDER BY at, id",
        tuple(params),
    )
