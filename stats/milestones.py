"""Which dates a case's milestones have: the one derivation rule, over plain record values.

Owns the rule both sides apply (the desktop's ``app.core.milestones`` and its derived
``case_timeline`` table, the server's ``sync.server.report`` and its timeline table):

- derived milestones (``DERIVED``) come from other records — ``intake`` from the case's
  intake (the ficha's ``fecha_atencion``, else the office-time day of the intake's
  ``recorded_at``, ``office_day``: stored in UTC, an intake saved at 21:00 in Lima is
  that day's, not the next),
  ``eligibility`` from an assessment of that intake with a result (its ``assessed_at``),
  ``first_hearing`` from the hearings of the case (``category`` hearing, ``status`` held;
  their ``at``): the first held on or after the day the claim was filed (the case's
  ``filed``, when one is recorded; ``first_hearing``) — a hearing held before the claim
  (an extrajudicial conciliation) is not the process's first hearing —, ``closure`` from
  the case (``closure_day``: the day its closing form
  (``cierre_caso``) gives as ``fecha_cierre``, else the office-time day of its
  ``closed_at`` — the one closing day the timeliness figures, the monthly "Concluidos"
  and the caseload all use);
- every kind can also be recorded (a ``case_milestone``: ``case_id``, ``kind``,
  ``occurred_on``); a recorded milestone of a kind overrides the derived one (a
  correction) — except that a case whose status is "open" (never closed, or reopened)
  has no closure at all, recorded or not;
- of each kind (derived or recorded) the earliest real date counts (for the first
  hearing, the earliest on or after the filing); a value that is not an ISO date (its
  first ten characters) gives nothing.

Which records feed which case (``link``): a case and its hearings and recorded milestones
by case id; its intake and that intake's assessments by the case's ``intake_id`` (an
intake may have opened more than one case: it feeds each of them).
``SOURCES`` lists the entities whose writes can move a case's milestones. Values are
plain dicts as stored (JSON columns may be text or already decoded). Imports only
``forms.clock`` (the office's zone and its reading of a stored timestamp).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

DERIVED = ("intake", "eligibility", "first_hearing", "closure")
# Feeding order for ``Timelines``: cases first (they say which intake is theirs).
SOURCES = ("case", "intake", "eligibility", "hearing", "case_milestone")
RECORDED_ENTITY = "case_milestone"
Values = Mapping[str, Any]


def day(value: Any) -> str | None:
    """The ISO date of a stored date or instant (its first ten characters), or None."""
    text = str(value)[:10] if value else ""
    try:
        return dt.date.fromisoformat(text).isoformat() if len(text) == 10 else None
    except ValueError:
        return None


def office_date(value: Any) -> dt.date | None:
    """The day a stored instant falls on in office time (``forms.clock.office_moment``: an
    instant with an offset is converted, one without is office time already), or None —
    the one office day of every count (the milestones here, ``stats.caseload``'s spans
    and attentions)."""
    from forms.clock import office_moment

    moment = office_moment(value)
    return moment.date() if moment is not None else None


def office_day(value: Any) -> str | None:
    """``office_date`` as an ISO day."""
    found = office_date(value)
    return found.isoformat() if found is not None else None


def _json(value: Any) -> Mapping[str, Any]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, Mapping) else {}


def _answers(values: Values) -> Mapping[str, Any]:
    return _json(values.get("answers"))


def closure_day(values: Values) -> str | None:
    """The ISO day a case closed: its closing form's ``fecha_cierre`` when that is a date
    (the day the defender says), else the office-time day of ``closed_at`` (the moment
    the closure was saved, stored in UTC), else None (not closed)."""
    given = day(_json(_json(values.get("closure")).get("answers")).get("fecha_cierre"))
    return given or office_day(values.get("closed_at"))


def derived(entity: str, values: Values) -> tuple[str, str] | None:
    """(kind, ISO date) a record gives its case's derived milestones, or None."""
    if entity == "case":
        stamp = closure_day(values)
        return ("closure", stamp) if stamp else None
    if entity == "intake":
        stamp = day(_answers(values).get("fecha_atencion")) or office_day(values.get("recorded_at"))
        return ("intake", stamp) if stamp else None
    if entity == "eligibility":
        stamp = day(values.get("assessed_at")) if values.get("result") is not None else None
        return ("eligibility", stamp) if stamp else None
    if entity == "hearing":
        held = values.get("status") == "held" and values.get("category") == "hearing"
        stamp = day(values.get("at")) if held else None
        return ("first_hearing", stamp) if stamp else None
    return None


def first_hearing(held: Iterable[str], filed: str | None) -> str | None:
    """The day of the first hearing of the process: the earliest of the days hearings were
    held (``held``, ISO days) on or after ``filed`` (the claim's filing day, ISO; None:
    not recorded, every held hearing counts), or None."""
    return min((d for d in held if filed is None or d >= filed), default=None)


def recorded(values: Values) -> tuple[str, str] | None:
    """(kind, ISO date) of a recorded milestone (a ``case_milestone``), or None."""
    stamp, kind = day(values.get("occurred_on")), values.get("kind")
    return (str(kind), stamp) if stamp and kind else None


def link(entity: str, entity_id: str, values: Values) -> tuple[str, str] | None:
    """What a source record belongs to: ("case", case id) or ("intake", intake id)."""
    if entity == "case":
        return "case", entity_id
    if entity == "intake":
        return "intake", entity_id
    if entity == "eligibility":
        intake = values.get("intake_id")
        return ("intake", str(intake)) if intake else None
    if entity in ("hearing", RECORDED_ENTITY):
        case = values.get("case_id")
        return ("case", str(case)) if case else None
    return None


def _earliest(into: dict[str, str], pair: tuple[str, str] | None) -> None:
    if pair is not None and (pair[0] not in into or pair[1] < into[pair[0]]):
        into[pair[0]] = pair[1]


class Timeline:
    """One case's milestones as its records are fed in (any order)."""

    __slots__ = ("derived", "held", "open", "recorded")

    def __init__(self) -> None:
        self.derived: dict[str, str] = {}  # every derived kind but the first hearing ...
        self.held: list[str] | None = None  # ... from these days (``first_hearing``)
        self.recorded: dict[str, str] = {}
        self.open = False  # the case's status is "open": it has no closure (``dates``)

    def add(self, entity: str, values: Values) -> None:
        if entity == RECORDED_ENTITY:
            _earliest(self.recorded, recorded(values))
            return
        if entity == "case":
            self.open = values.get("status") == "open"
        found = derived(entity, values)
        if found is None:
            return
        if found[0] != "first_hearing":
            _earliest(self.derived, found)
        elif self.held is None:
            self.held = [found[1]]
        else:
            self.held.append(found[1])

    def dates(self) -> dict[str, str]:
        """kind -> ISO date: recorded ones override derived ones; the first hearing is the
        first held on or after the filing (``first_hearing``); a case that is open (never
        closed, or reopened) has no closure, even if a closure was recorded for it."""
        found = {**self.derived, **self.recorded}
        if self.held and "first_hearing" not in self.recorded:  # a recorded one overrides
            heard = first_hearing(self.held, self.recorded.get("filed"))
            if heard is not None:
                found["first_hearing"] = heard
        if self.open:
            found.pop("closure", None)
        return found


class Timelines:
    """Every case's milestones from a stream of records fed in ``SOURCES`` order (cases
    first: a record whose case was not fed is ignored)."""

    def __init__(self) -> None:
        self.cases: dict[str, Timeline] = {}
        # intake id -> every case opened from it (two laptops offline can open a case
        # each from the same synced intake: both get its dates)
        self._by_intake: dict[str, set[str]] = {}

    def add(self, entity: str, entity_id: str, values: Values) -> None:
        owner = link(entity, entity_id, values)
        if owner is None:
            return
        if entity == "case":
            self.cases.setdefault(entity_id, Timeline())
            intake = values.get("intake_id")
            if intake:
                self._by_intake.setdefault(str(intake), set()).add(entity_id)
        kind, key = owner
        for case_id in self._by_intake.get(key, ()) if kind == "intake" else (key,):
            timeline = self.cases.get(case_id)
            if timeline is not None:
                timeline.add(entity, values)

    def dates(self) -> dict[str, dict[str, str]]:
        """case id -> kind -> ISO date, for every case fed."""
        return {case_id: t.dates() for case_id, t in self.cases.items()}
