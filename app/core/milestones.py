"""Case milestones: the dated steps of a case, recorded or derived ("how long justice takes").

Owns recording a milestone (``record_milestone``: a ``case_milestone`` record, synced and
audited like every write) and the domain's reading of a case's timeline
(``case_milestones``: each date, its step and whether it was derived or recorded).
Which records give which milestone is the one rule in ``stats.milestones`` (the server
applies it too); ``app.store.case_timeline`` reads a case's records into it.
``milestone_rows`` reads every case's milestones at once for the timeliness figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from app.core import case_dates
from app.core.cases import get_case
from app.core.errors import FieldProblem, InvalidInput
from app.core.spec_input import check
from app.core.user_names import user_labels
from app.store import case_timeline
from stats.milestones import DERIVED
from stats.milestones import day as milestone_day
from sync.spec import vocab

ENTITY = "case_milestone"
RECORDED = tuple(code for code in vocab.MILESTONE_KIND.codes() if code not in DERIVED)


def record_milestone(
    store: Any,
    case_id: str,
    kind: str,
    occurred_on: str,
    note: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Record a dated milestone of a case; returns its id (``InvalidInput`` says why not:
    a day the case's facts rule out, ``case_dates.check_day``; what that rule would ask
    about is the caller's to ask first)."""
    get_case(store, case_id)  # NotFound for an unknown or deleted case
    problems = []
    if kind not in vocab.MILESTONE_KIND.codes():
        choices = ", ".join(vocab.MILESTONE_KIND.codes())
        problems.append(FieldProblem("kind", f"debe ser uno de: {choices}", "choice"))
    day = milestone_day(occurred_on)
    if day is None:
        problems.append(FieldProblem("occurred_on", "no es una fecha (AAAA-MM-DD)", "format"))
    if problems:
        raise InvalidInput(problems)
    # a future day, or one out of the order of the case's steps (``case_dates``)
    case_dates.check_day(
        store, case_id, kind, dt.date.fromisoformat(str(day)), "occurred_on", today
    )
    values = check(ENTITY, {"case_id": case_id, "kind": kind, "occurred_on": day, "note": note})
    values.update(office_id=store.office_id, recorded_by=store.user_id)
    return str(store.insert(ENTITY, values))


def milestone_rows(store: Any, cases: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """Every case's milestones (kind -> ISO date, by the one rule ``stats.milestones``:
    the earliest of each kind, recorded ones override derived ones), for the cases
    given (rows with an ``id``)."""
    wanted = {str(c["id"]) for c in cases}
    found = case_timeline.timelines(store.query, wanted if len(wanted) <= 500 else None)
    return {cid: found[cid].dates() if cid in found else {} for cid in wanted}


def case_milestones(store: Any, case_id: str) -> list[dict[str, Any]]:
    """A case's timeline: [{kind, label, occurred_on, derived, note, recorded_by}] in date
    order; a recorded step has the ``note`` and the name of the user who recorded it
    (``recorded_by``) of the record that counts (the earliest of its kind); a derived one
    None for both."""
    get_case(store, case_id)  # NotFound for an unknown or deleted case
    timeline = case_timeline.timelines(store.query, [case_id]).get(case_id)
    if timeline is None:
        return []
    counted: dict[str, dict[str, Any]] = {}
    for row in store.query(
        "SELECT m.kind AS kind, m.occurred_on AS occurred_on, m.note AS note,"
        " m.recorded_by AS who FROM case_milestone m"
        " WHERE m.case_id = ? AND m._deleted = 0 ORDER BY m.occurred_on DESC",
        (case_id,),
    ):
        counted[str(row["kind"])] = row  # the earliest of each kind is kept (read last)
    names = user_labels(store, [str(r.get("who") or "") for r in counted.values()])
    rows = []
    for kind, day in timeline.dates().items():
        derived = kind not in timeline.recorded
        source = {} if derived else counted.get(kind, {})
        rows.append(
            {
                "kind": kind,
                "label": vocab.MILESTONE_KIND.label(kind),
                "occurred_on": day,
                "derived": derived,
                "note": source.get("note") or None,
                "recorded_by": names.get(str(source.get("who") or "")) or None,
            }
        )
    order = {code: i for i, code in enumerate(vocab.MILESTONE_KIND.codes())}
    return sorted(rows, key=lambda r: (r["occurred_on"], order.get(r["kind"], 99)))


def timeliness_cases(store: Any) -> list[dict[str, Any]]:
    """Every live case with the labels the timeliness groups use: id, intake_id,
    closed_at, matter (label), office (name), defender (name), court (the court file's
    judicial district and specialty, or "sin expediente")."""
    from app.core.queries.caseload import staff
    from stats.timeliness import court_label

    rows = store.query(
        "SELECT c.id, c.intake_id, c.closed_at, c.matter, c.defender_id, c.court_file_parts,"
        " o.name AS office FROM legal_case c LEFT JOIN office o ON o.id = c.office_id"
        " WHERE c._deleted = 0"
    )
    names = staff(store)[0]
    out = []
    for row in rows:
        out.append(
            {
                "id": row["id"],
                "intake_id": row.get("intake_id"),
                "closed_at": row.get("closed_at"),
                "matter": vocab.MATTER.label(row.get("matter")) if row.get("matter") else "",
                "office": row.get("office") or "",
                "defender": names.get(str(row.get("defender_id") or ""), ""),
                "court": court_label(row.get("court_file_parts")),
            }
        )
    return out
