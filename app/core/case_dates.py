"""Whether a day typed for a step of a case fits the case's own facts: the one rule a
recorded milestone (``milestones.record_milestone``), a hearing scheduled, moved or
marked held (``hearings.check_day``: the milestone "first hearing held" it derives), a
notified act that starts terms
and the sentence recorded with it (``deadlines.record``) obey, on the desktop and in the
command line.

``check_day(store, case_id, step, day, field)``: ``step`` is a milestone kind
(``vocab.MILESTONE_KIND``), ``hearing`` (a hearing of the case, held or to come) or the
act of a notification (``notificacion_*``). Refused (``InvalidInput`` on ``field``, the
message naming the date): a day after the office's today (a step cannot have happened
yet), and a court step out of the order the case's other steps fix (``BEFORE``: a
sentence before the claim it decides was filed, a notification of the sentence before
the sentence). Returned, to ask before saving (the desktop asks, the CLI saves with an
``aviso:`` line): a court step or a notification before the case began — the day it was
opened, or its ficha's day when earlier —: possible (a case taken on in court),
unusual; and a hearing before the claim was filed (an extrajudicial conciliation): it
happens, and it is not the process's first hearing (``stats.milestones.first_hearing``:
the first held on or after the filing).

The first hearing held that the case's hearings give (derived) is on or after the filing
by that rule, so it never rules out a filing day: recording "Demanda presentada" after a
hearing held early moves the derived first hearing to the first held one after it (or
none). A first hearing recorded by hand (a correction) still orders against the filing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app import office_time
from app.core.cases import get_case
from app.core.errors import FieldProblem, InvalidInput
from app.store import case_timeline
from sync.spec import vocab

# a court step -> the steps of the same case that cannot come after it
BEFORE: dict[str, tuple[str, ...]] = {
    "admitted": ("filed",),
    "decision": ("filed", "admitted"),
    "appeal_filed": ("filed", "admitted", "decision"),
    "appeal_decided": ("filed", "admitted", "decision", "appeal_filed"),
    "final": ("filed", "admitted", "decision"),
    "first_hearing": ("filed",),  # a recorded one: the derived one is never before it
    "notificacion_sentencia": ("filed", "admitted", "decision"),
    "notificacion_auto": ("filed",),
    "notificacion_demanda": ("filed",),
}
# steps that come before the case is opened as a matter of course (never asked about):
# the ficha, the eligibility decision, a complaint the client filed before coming
BEFORE_OPENING = ("intake", "eligibility", "atencion", "denuncia")
# how a step is named in a sentence ("la sentencia", "la notificación de la sentencia")
STEP_WORDS = {
    "filed": "la presentación de la demanda o denuncia",
    "admitted": "la admisión de la demanda",
    "first_hearing": "la primera audiencia",
    "hearing": "la audiencia",
    "decision": "la sentencia",
    "appeal_filed": "la apelación",
    "appeal_decided": "la resolución de la apelación",
    "final": "la sentencia consentida o ejecutoriada",
    "closure": "el cierre del caso",
    "notificacion_sentencia": "la notificación de la sentencia",
    "notificacion_demanda": "la notificación de la demanda",
    "notificacion_auto": "la notificación del auto",
}


def step_words(step: str) -> str:
    if step in STEP_WORDS:
        return STEP_WORDS[step]
    if step in vocab.MILESTONE_KIND.codes():
        return f"«{vocab.MILESTONE_KIND.label(step)}»"
    return "el acto"


def opened_day(case: dict[str, Any]) -> dt.date | None:
    """The office-time day a case was opened (None: not known)."""
    moment = office_time.parse_local(case.get("opened_at"))
    return moment.date() if moment is not None else None


def check_day(
    store: Any,
    case_id: str,
    step: str,
    day: dt.date,
    field: str,
    today: dt.date | None = None,
    also: dict[str, dt.date] | None = None,
    planned: bool = False,
) -> list[str]:
    """Refuse a day ``step`` cannot have (``InvalidInput`` on ``field``); return what to
    ask about it (Spanish sentences, empty when nothing). ``also``: steps recorded in the
    same write (kind -> day), counted as the case's (the earliest of a kind counts).
    ``planned``: a step still to come (a hearing being scheduled) may be after today."""
    case = get_case(store, case_id)
    words = step_words(step)
    what = f"La fecha de {words} ({day:%d/%m/%Y})"
    if not planned and office_time.is_future(day.isoformat(), today):
        raise InvalidInput(FieldProblem(field, f"{what} es futura: aún no ocurre.", "future"))
    timeline = case_timeline.timelines(store.query, [case_id]).get(case_id)
    dates = timeline.dates() if timeline else {}
    if timeline is not None and "first_hearing" not in timeline.recorded:
        dates.pop("first_hearing", None)  # derived: on or after the filing, whatever it is
    known = {k: dt.date.fromisoformat(v) for k, v in dates.items()}
    for kind, other in (also or {}).items():
        known[kind] = min(other, known.get(kind, other))
    for later, earlier_steps in BEFORE.items():
        for earlier in earlier_steps:
            if later == step and earlier in known and known[earlier] > day:
                clash, order = earlier, "anterior"
            elif earlier == step and later in known and known[later] < day:
                clash, order = later, "posterior"
            else:
                continue
            raise InvalidInput(
                FieldProblem(
                    field,
                    f"{what} es {order} a la de {step_words(clash)} del caso"
                    f" ({known[clash]:%d/%m/%Y}): no puede serlo.",
                    "order",
                )
            )
    asked = []
    filed = known.get("filed")
    if step == "hearing" and filed is not None and day < filed:
        asked.append(
            f"{what} es anterior a la de {step_words('filed')} del caso ({filed:%d/%m/%Y}):"
            " no se contará como la primera audiencia del proceso."
        )
    opened, intake = opened_day(case), known.get("intake")
    if step in BEFORE_OPENING or opened is None:
        return asked
    if intake is not None and intake < opened:  # the ficha says the case began earlier
        if day < intake:
            asked.append(
                f"{what} es anterior al inicio del caso (la atención del {intake:%d/%m/%Y})."
            )
    elif day < opened:
        asked.append(f"{what} es anterior a la apertura del caso ({opened:%d/%m/%Y}).")
    return asked
