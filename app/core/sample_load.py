"""Loads the synthetic sample graph into a vault through the core services.

One loader for ``chasqui sample-data`` and the desktop demo. Besides people, intakes,
cases, notes and hearings (``app.core.sample.dataset``), it gives the data a history a
supervisor would recognise: attention dates spread over the last year (``HISTORY_DAYS``:
the "Tiempos" page and the monthly figures show twelve months, and the demo's first ones
were empty, fresh8 #8), older
cases closed with a ``cierre_caso``-shaped closure (outcome, amounts won), and past
hearings marked held, failed or rescheduled, claims filed and sentences given (recorded
milestones) — so that the agenda, the case views, the monthly statistics and the
"Tiempos" page all have something true to show.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.core import cases, hearings, intakes, milestones, notes, people, sample

BATCH = 25  # records per transaction: one fsync per batch instead of per row
HISTORY_DAYS = 366  # a year and a day: Tiempos' twelve months, the first one whole
CLOSE_AFTER_DAYS = 45
CLOSE_SHARE = 0.45
_REASONS = ("conclusion", "conciliacion", "conclusion", "desistimiento", "abandono")
_RESULTS = ("favorable", "favorable", "parcialmente_favorable", "desfavorable")
Days = tuple[Any, str | None]  # the vault's working-day calendar and the office's district


def load(
    store: Any,
    people_count: int,
    seed: int = 0,
    validator: intakes.IntakeValidator | None = None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Insert ``people_count`` beneficiaries and everything around them; returns counts."""
    validator = validator or intakes.FormsIntakeValidator()
    definition = _definition(validator)
    now = now or datetime.now(UTC)
    rng = random.Random(seed + 1)  # history choices, independent of the dataset's stream
    steps = random.Random(seed + 2)  # milestones: their own stream, the rest stays as it was
    counts = {"people": 0, "intakes": 0, "cases": 0, "closed": 0, "notes": 0, "hearings": 0,
              "milestones": 0}  # fmt: skip
    records = sample.dataset(people_count, seed=seed, definition=definition)
    days = _calendar(store)
    for batch in _batched(records, BATCH):
        with store.transaction():
            for record in batch:
                _load_record(store, record, validator, counts, (rng, steps), now, days)
    return counts


def _definition(validator: intakes.IntakeValidator) -> Any:
    get = getattr(validator, "_definition", None)
    if get is None:
        return None
    try:
        return get(sample.INTAKE_FORM, None)
    except Exception:  # no definition installed: answers follow the built-in shape
        return None


def _batched(items: Iterator[sample.SampleRecord], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_record(
    store: Any,
    record: sample.SampleRecord,
    validator: intakes.IntakeValidator,
    counts: dict[str, int],
    rngs: tuple[random.Random, random.Random],
    now: datetime,
    days: Days,
) -> str | None:
    rng, steps = rngs
    person_id = people.register_person(store, record.person)
    counts["people"] += 1
    attended = now - timedelta(days=rng.randrange(HISTORY_DAYS), minutes=rng.randrange(600))
    # the ficha's service date is the day attended (the timeliness figures start there;
    # the generated one fell anywhere in the last 400 days, before or after the case)
    answers = {**record.answers, "fecha_atencion": _office_now(attended).date().isoformat()}
    intake_id = intakes.add_intake(store, person_id, answers, validator, form_id=sample.INTAKE_FORM)
    counts["intakes"] += 1
    store.update("intake", intake_id, {"recorded_at": _iso(attended)})
    if not record.case:
        return None
    case_id = cases.open_case(store, intake_id, now=attended)
    counts["cases"] += 1
    if record.counterparty is not None:
        other_id = people.register_person(store, record.counterparty)
        cases.add_party(store, case_id, other_id, "counterparty")
        counts["people"] += 1
    # notes written over the case's first weeks (before any closing), not all at load time
    last = min(now, attended + timedelta(days=CLOSE_AFTER_DAYS))
    for i, text in enumerate(record.notes):
        written = attended + (last - attended) * (i + 1) / (len(record.notes) + 1)
        note_id = notes.add_note(store, case_id, text, now=written)
        if i < len(record.notes) - 1:
            notes.sign_note(store, note_id, now=written)
        counts["notes"] += 1
    filed = _milestones(store, case_id, steps, now, counts)
    # a case closes on its day: no hearing of it is held or scheduled after (fresh8 #7)
    age = (now - attended).days
    closed = None
    if age > CLOSE_AFTER_DAYS and rng.random() < CLOSE_SHARE:
        closed = attended + timedelta(days=rng.randrange(CLOSE_AFTER_DAYS, age + 1))
    # generated hearings are dated around sample.REFERENCE_DAY: move them to follow this
    # case's claim (from its filing to about four months later: none before it, fresh8 #2)
    shift = filed + timedelta(days=60) - sample.REFERENCE_DAY
    for item in record.hearings:
        at = _working_day(datetime.fromisoformat(item["at"]) + shift, days).isoformat(
            timespec="minutes"
        )
        if closed is not None and at >= _iso(_office_now(closed))[:16]:
            continue
        item = {**item, "at": at}
        hearing_id = hearings.schedule_hearing(
            store, case_id, item["at"], item["kind"], item.get("place"), item["category"]
        )
        counts["hearings"] += 1
        if item["category"] == "hearing" and item["at"] < _iso(_office_now(now))[:19]:
            outcome = rng.choices(("held", "failed", "rescheduled"), (7, 2, 1))[0]
            new_at = None
            if outcome == "rescheduled":  # another working day, at the hearing's own hour
                held_at = datetime.fromisoformat(at)
                day = max(held_at, _office_now(now)).date() + timedelta(days=rng.randrange(3, 40))
                moved = _working_day(datetime.combine(day, held_at.time()), days)
                new_at = moved.isoformat(timespec="minutes")
                counts["hearings"] += 1
            hearings.mark_hearing(store, hearing_id, outcome, new_at=new_at, now=now)
    if closed is not None:
        closure = _closure(rng, record, closed)
        cases.close_case(store, case_id, closure, validator, now=closed, cancel_pending=True)
        counts["closed"] += 1
    return case_id


def _milestones(
    store: Any, case_id: str, rng: random.Random, now: datetime, counts: dict[str, int]
) -> date:
    """The steps a defender records by hand: most claims filed some days after the case
    opened, a sentence for about half of them — none after today (the "Tiempos" page and
    the timeliness report then have something true to show). Returns the day the claim
    was or will be filed (the case's opening day when none is)."""
    case = store.get("case", case_id)
    opened = _office_now(datetime.fromisoformat(str(case["opened_at"]).replace("Z", "+00:00")))
    opened_day, today = opened.date(), _office_now(now).date()  # the office's days (N1)
    if rng.random() >= 0.75:
        return opened_day
    filed = opened_day + timedelta(days=rng.randrange(3, 45))
    if filed <= today:
        milestones.record_milestone(store, case_id, "filed", filed.isoformat(), today=today)
        counts["milestones"] += 1
        decided = filed + timedelta(days=rng.randrange(25, 160))
        if rng.random() < 0.7 and decided <= today:
            milestones.record_milestone(
                store, case_id, "decision", decided.isoformat(), today=today
            )
            counts["milestones"] += 1
    return filed


def _closure(rng: random.Random, record: sample.SampleRecord, day: datetime) -> dict[str, Any]:
    """Answers shaped like the ``cierre_caso`` form."""
    matter = record.answers.get("materia") if isinstance(record.answers, dict) else None
    result = rng.choice(_RESULTS)
    closure: dict[str, Any] = {
        "materia": matter,
        "fecha_cierre": _office_now(day).date().isoformat(),  # the office's day (fresh8 N1)
        "motivo_cierre": rng.choice(_REASONS),
        "resultado": result,
    }
    won = result in ("favorable", "parcialmente_favorable")
    if matter == "alimentos" and won:
        closure["monto_alimentos"] = float(rng.randrange(300, 1500, 50))
    if matter in ("violencia", "penal") and won and rng.random() < 0.6:
        closure["monto_reparacion_civil"] = float(rng.randrange(500, 8000, 100))
    return closure


def _calendar(store: Any) -> Days:
    """The working days hearings and deadlines are put on: the vault's calendar
    (``legal_data.calendar``, the one ``deadlines.date_warnings`` asks by) for the
    office's district."""
    from app.core import legal_data

    office = store.get("office", store.office_id) or {}
    return legal_data.calendar(store), (str(office["ubigeo"]) if office.get("ubigeo") else None)


def _working_day(moment: datetime, days: Days) -> datetime:
    """The same time on the first working day from ``moment``'s: no weekend, no holiday
    (fresh-eyes #25: demo hearings fell on 08/12, Inmaculada Concepción)."""
    calendar, district = days
    while not calendar.is_working(moment.date(), district):
        moment += timedelta(days=1)
    return moment


def _office_now(now: datetime) -> datetime:
    """``now`` as the office's wall-clock time (hearings are stored in office time)."""
    from app.office_time import to_office

    return to_office(now).replace(second=0, microsecond=0)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
