"""Deadlines of a case proposed by the rules: a trigger (a notification, a complaint)
gives the terms that follow from it, each accepted or set to another date with a reason.

Owns ``propose`` (the proposals of the vault's newest rule set, counted on its newest
calendar and the office's district: ``app.core.legal_data``; only the client's side's
terms when the ficha says for certain which side that is, the other side's last and
marked when that side is a guess from names: ``case_side``), ``record`` (each accepted
proposal becomes a ``hearing`` of category ``deadline`` that keeps the rule id, the set's
version, the trigger and its date, the date the rule gave and the reason when the
defender set another: a later rule set never changes it; with the act a dated step of
the case follows from — the notified sentence, ``TRIGGER_MILESTONE`` —, that milestone
on the day the defender gives, in the same transaction) and ``upcoming_warnings``
(scheduled deadlines due within the next N working days, N = the local setting
``deadline_warn_days``, 3 by default); ``date_warnings`` — what to ask before a hearing or
deadline typed by hand is saved: a moment already past, a deadline on a day that does not
count (the calendar's reason, and the next working day).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app import office_time
from app.core import legal_data
from app.core.cases import get_case
from app.core.errors import InvalidInput
from app.core.hearings import MAX_KIND, parse_at
from app.core.hearings import check_day as hearing_day
from app.core.intake_person import (
    compared_by_document,
    is_same_party,
    party_answers,
    with_obligado,
)
from forms.deadline_rules import Proposal
from forms.workdays import CalendarError

DUE_TIME = "23:59"  # a term runs to the end of its last day (electronic filing)
# an act whose notification says a step of the case happened (on its own day, which the
# defender gives: a sentence is issued before it is notified) -> that milestone's kind
TRIGGER_MILESTONE = {"notificacion_sentencia": "decision"}
WARN_KEY = "deadline_warn_days"
WARN_DEFAULT = 3
MAX_REASON = 2_000
HEARING_HOURS = (7, 20)  # a hearing outside 07:00-19:59 is probably a typo: asked


@dataclass(frozen=True)
class Choice:
    """The defender's answer to one proposal: its date, or another one with a reason."""

    due: dt.date | None = None  # None: the date the rule gives
    reason: str = ""


def as_row(p: Proposal) -> dict[str, Any]:
    """A proposal as plain data (the CLI's JSON, the desktop's rows)."""
    return {
        "rule_id": p.rule_id,
        "rules_version": p.rules_version,
        "title": p.title,
        "due": p.due.isoformat(),
        "days": p.days,
        "unit": p.unit,
        "reference": p.reference,
        "skipped": [{"date": d.isoformat(), "reason": why} for d, why in p.skipped],
        "side": p.side,
        "other_side": p.other_side,
    }


def _district(store: Any, case: dict[str, Any]) -> str | None:
    office = store.get("office", case["office_id"]) if case.get("office_id") else None
    ubigeo = (office or {}).get("ubigeo")
    return str(ubigeo) if ubigeo else None


# a ``parte_rol`` (an "Otras partes" row) -> the side of the office's client when the row
# is somebody else (a demandado is sued by our client) / when the row is the client
CLIENT_SIDE_BY_PARTY = {
    "demandado": "demandante",
    "denunciado": "demandante",
    "demandante": "demandado",
    "agraviado": "demandado",
}
CLIENT_SIDE_AS_PARTY = {v: v for v in ("demandado", "demandante")} | {
    "denunciado": "demandado",
    "agraviado": "demandante",
}
# the client's own condition in a criminal case (``rol_procesal``) -> their side
CLIENT_SIDE_BY_CONDITION = {"agraviado": "demandante"} | {
    c: "demandado" for c in ("investigado", "imputado", "acusado", "sentenciado")
}


@dataclass(frozen=True)
class ClientSide:
    """The office client's side in the case's dispute: ``side`` one of
    ``forms.deadline_rules.SIDES``; ``certain`` when the ficha says it by a document (a
    party row compared with the client by document number) or by the client's own
    condition in a criminal case (``rol_procesal``); False when it rests on names alone
    (a row without a document taken for, or not for, the client): a guess, which never
    withholds a term (``propose`` lists the other side's last, marked)."""

    side: str
    certain: bool


def case_side(store: Any, case: Mapping[str, Any]) -> ClientSide | None:
    """The office client's side in the case's dispute, as its ficha says: the roles of
    the parties entered in "Otras partes" and the alimony section's obligado
    (``with_obligado``: the one sued) — somebody else's role puts our client on the other
    side, a row that is the client says the client's own —, and the client's condition
    in a criminal case; None when the ficha does not say, or says both for certain.
    Certain evidence wins over guesses; a guess that contradicts it makes it uncertain."""
    intake = store.get("intake", str(case["intake_id"])) if case.get("intake_id") else None
    answers = (intake or {}).get("answers")
    if isinstance(answers, str):
        try:
            answers = json.loads(answers)
        except ValueError:
            answers = None
    if not isinstance(answers, Mapping):
        return None
    person = store.get("person", str(case["person_id"])) if case.get("person_id") else None
    client = party_answers(person, "") if person else None
    rows = with_obligado(answers)[0].get("partes")
    certain = {CLIENT_SIDE_BY_CONDITION.get(str(answers.get("rol_procesal") or ""))}
    guessed: set[str | None] = set()
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping):
            continue
        role = str(row.get("parte_rol") or "")
        is_client = client is not None and is_same_party(row, client)
        side = (CLIENT_SIDE_AS_PARTY if is_client else CLIENT_SIDE_BY_PARTY).get(role)
        sure = client is not None and compared_by_document(row, client)
        (certain if sure else guessed).add(side)
    certain.discard(None)
    guessed.discard(None)
    if len(certain) == 1:
        side = next(iter(certain))
        return ClientSide(str(side), certain=not guessed - certain)
    if not certain and len(guessed) == 1:
        return ClientSide(str(next(iter(guessed))), certain=False)
    return None


def propose(
    store: Any, case_id: str, trigger: str, on: dt.date, procedure: str | None = None
) -> list[Proposal]:
    """The deadlines that follow from ``trigger`` on ``on`` in the case's procedure
    (``procedure``, else the first usual one for the case's matter) — for the client's
    side when the ficha says it (``case_side``): when certain, never the other side's
    terms; when a guess, the other side's last, marked ``other_side``."""
    case = get_case(store, case_id)
    rules = legal_data.rules(store)
    chosen = procedure or next(iter(rules.procedures(case.get("matter"))), "")
    if chosen not in rules.procedures():
        raise InvalidInput.one("procedure", f"unknown procedure {chosen!r}", "choice")
    if trigger not in rules.triggers(chosen):
        known = ", ".join(rules.triggers(chosen)) or "none"
        raise InvalidInput.one(
            "trigger", f"{trigger!r} starts no term in {chosen} (known: {known})", "choice"
        )
    side = case_side(store, case)
    try:
        return rules.propose(
            trigger,
            chosen,
            on,
            _district(store, case),
            legal_data.calendar(store),
            side=side.side if side else None,
            side_certain=side.certain if side else True,
        )
    except CalendarError as exc:
        raise InvalidInput.one("on", str(exc), "range") from None


def record(
    store: Any,
    case_id: str,
    trigger: str,
    on: dt.date,
    choices: Mapping[str, Choice],
    procedure: str | None = None,
    decided_on: dt.date | None = None,
) -> list[str]:
    """Store the chosen proposals (by rule id) as deadlines, all or none; returns their
    hearing ids. A date other than the rule's needs a reason. ``decided_on``: the day of
    the step the act says happened (``TRIGGER_MILESTONE``: the sentence's date, on or
    before its notification ``on``), recorded as that milestone in the same transaction
    (then no deadline need be chosen)."""
    from app.core import milestones

    proposals = {p.rule_id: p for p in propose(store, case_id, trigger, on, procedure)}
    unknown = sorted(set(choices) - set(proposals))
    if unknown:
        raise InvalidInput.one("rule", f"no proposal of rule(s) {', '.join(unknown)}", "choice")
    step = TRIGGER_MILESTONE.get(trigger)
    if decided_on is not None and step is None:
        raise InvalidInput.one("decided_on", "este acto no registra ningún hito", "unexpected")
    day_questions(store, case_id, trigger, on, decided_on)  # refuses what cannot be
    if not choices and decided_on is None:
        raise InvalidInput.one("rule", "elija al menos un plazo", "required")
    rows = []
    for rule_id, choice in choices.items():
        p = proposals[rule_id]
        due = choice.due or p.due
        reason = choice.reason.strip()
        if due != p.due and not reason:
            raise InvalidInput.one(
                f"reason:{rule_id}", "indique el motivo de cambiar la fecha de la regla", "required"
            )
        if len(reason) > MAX_REASON:
            raise InvalidInput.one(f"reason:{rule_id}", "el motivo es demasiado largo", "length")
        if due < on:
            raise InvalidInput.one(
                f"due:{rule_id}", "el plazo no puede vencer antes del acto que lo inicia", "range"
            )
        rows.append(
            {
                "case_id": case_id,
                "category": "deadline",
                "kind": p.title[:MAX_KIND],
                "at": f"{due.isoformat()}T{DUE_TIME}",
                "place": None,
                "status": "scheduled",
                "rule_id": p.rule_id,
                "rules_version": p.rules_version,
                "trigger": trigger,
                "trigger_on": on.isoformat(),
                "computed_on": p.due.isoformat(),
                "adjust_reason": reason or None,
            }
        )
    with store.transaction():
        ids = [store.insert("hearing", row) for row in sorted(rows, key=lambda r: str(r["at"]))]
        if step is not None and decided_on is not None:
            milestones.record_milestone(store, case_id, step, decided_on.isoformat())
        return ids


def day_questions(
    store: Any,
    case_id: str,
    trigger: str,
    on: dt.date,
    decided_on: dt.date | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """What to ask before recording the act ``trigger`` notified ``on`` (and the step
    it says happened, on ``decided_on``): ``case_dates.check_day``'s questions; a day the
    case's facts rule out (a notification in the future, a sentence before the claim was
    filed) raises ``InvalidInput`` on ``on`` / ``decided_on``."""
    from app.core import case_dates

    step = TRIGGER_MILESTONE.get(trigger)
    if decided_on is not None and decided_on > on:
        raise InvalidInput.one(
            "decided_on", "la sentencia no puede ser posterior a su notificación", "range"
        )
    asked: list[str] = []
    also: dict[str, dt.date] = {}
    if step is not None and decided_on is not None:
        asked += case_dates.check_day(store, case_id, step, decided_on, "decided_on", today)
        also[step] = decided_on
    return case_dates.check_day(store, case_id, trigger, on, "on", today, also) + asked


def warn_days(store: Any) -> int:
    """How many working days ahead Inicio and the Agenda warn (local setting)."""
    value = store.get_meta(WARN_KEY) if hasattr(store, "get_meta") else None
    try:
        days = int(value) if value not in (None, "") else WARN_DEFAULT
    except (TypeError, ValueError):
        return WARN_DEFAULT
    return days if 0 <= days <= 30 else WARN_DEFAULT


def set_warn_days(store: Any, days: int) -> None:
    if not 0 <= days <= 30:
        raise InvalidInput.one("days", "debe estar entre 0 y 30 días hábiles", "range")
    store.set_meta(WARN_KEY, str(days))


def warning_horizon(store: Any, today: dt.date) -> dt.date:
    """The last day whose deadlines are warned about today: ``warn_days`` working days
    ahead on the vault's calendar (today's deadlines included)."""
    return legal_data.calendar(store).add_working_days(today, warn_days(store))


def upcoming_warnings(store: Any, today: dt.date) -> list[dict[str, Any]]:
    """Scheduled deadlines due from today to the warning horizon, soonest first, each
    with ``case_number``, ``client`` and ``working_days_left`` (0: due today)."""
    from app.core.queries.agenda import scheduled_items

    until = warning_horizon(store, today) + dt.timedelta(days=1)
    rows = scheduled_items(store, until.isoformat(), today.isoformat(), "deadline", 200)
    cal = legal_data.calendar(store)
    return [
        {**row, "working_days_left": cal.working_days_between(today, _day(row["at"]))}
        for row in rows
    ]


def _day(at: Any) -> dt.date:
    return dt.date.fromisoformat(str(at)[:10])


@dataclass(frozen=True)
class DateWarning:
    """Something to ask before saving a hearing or deadline: ``code`` "past" (its moment
    has gone by), "before_case" (a hearing before the case began or before the claim was
    filed: ``hearings.check_day``)
    or "day_off" (a deadline on a day that does not count: ``reason`` in the
    calendar's words, ``next_day`` the next working day, ISO)."""

    code: str
    message: str  # Spanish, as the CLI prints it
    reason: str = ""
    next_day: str = ""


def date_warnings(
    store: Any, case_id: str, category: str, at: str, now: dt.datetime | None = None
) -> list[DateWarning]:
    """The warnings for scheduling ``category`` ("hearing"/"deadline") of ``case_id`` at
    ``at`` (ISO, office time) when it is ``now`` (office time, naive; default: the
    office's clock): ``past``; ``day_off`` (a day the calendar does not count, and the
    next working day); for a hearing ``hour`` (outside ``HEARING_HOURS``: a typo such as
    04:31); ``before_case``. Warnings never block: the defender decides; a day the case's
    steps rule out is refused (``InvalidInput``, ``hearings.check_day``)."""
    from forms.clock import office_now

    # A moment stored with an offset (``--at …-05:00``, or from another device) is read in
    # office time: comparing it aware with the naive clock raised and blanked Inicio.
    moment = office_time.parse_local(parse_at(at)) or dt.datetime.fromisoformat(parse_at(at))
    current = now or office_now().replace(tzinfo=None)
    found: list[DateWarning] = []
    if moment < current:
        what = "el plazo ya venció" if category == "deadline" else "la audiencia ya pasó"
        found.append(DateWarning("past", f"{moment:%d/%m/%Y %H:%M} es una fecha pasada: {what}"))
    if category != "deadline" and not HEARING_HOURS[0] <= moment.hour < HEARING_HOURS[1]:
        found.append(DateWarning("hour", f"{moment:%H:%M} es una hora inusual para una audiencia"))
    for question in hearing_day(store, case_id, category, moment.isoformat()):
        found.append(DateWarning("before_case", question))  # the case's facts (asked)
    if category in ("deadline", "hearing"):  # a hearing on a day off is as unlikely (fresh5)
        case = get_case(store, case_id)
        district = _district(store, case)
        cal = legal_data.calendar(store)
        reason = cal.closed(moment.date(), district)
        if reason is not None:
            following = cal.add_working_days(moment.date(), 1, district)
            found.append(
                DateWarning(
                    "day_off",
                    f"el {moment:%d/%m/%Y} no es día hábil ({reason}); el siguiente día "
                    f"hábil es el {following:%d/%m/%Y}",
                    reason,
                    following.isoformat(),
                )
            )
    return found
