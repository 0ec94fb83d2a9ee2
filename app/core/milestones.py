"""Case milestones: the dated steps of a case, recorded or derived ("how long justice takes").

Owns recording a milestone (``record_milestone``: a ``case_milestone`` record, synced and
audited like every write) and the one reading of a case's timeline
(``case_milestones``), which merges the recorded ones with those derived from other
records: the intake (its service date), eligibility decided (the assessment of the
intake), the first hearing held (the earliest hearing marked held) and closure (the
case's ``closed_at``). A recorded milestone of a derivable kind wins over the derived
one (a correction); of each kind the earliest date counts. ``milestone_rows`` reads
every case's milestones at once for the timeliness figures.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from app import office_time
from app.core.cases import get_case
from app.core.errors import FieldProblem, InvalidInput
from app.core.spec_input import check
from sync.spec import vocab

ENTITY = "case_milestone"
DERIVED = ("intake", "eligibility", "first_hearing", "closure")
RECORDED = tuple(code for code in vocab.MILESTONE_KIND.codes() if code not in DERIVED)


def _day(value: Any) -> str | None:
    text = str(value or "")[:10]
    try:
        return dt.date.fromisoformat(text).isoformat() if text else None
    except ValueError:
        return None


def record_milestone(
    store: Any,
    case_id: str,
    kind: str,
    occurred_on: str,
    note: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Record a dated milestone of a case; returns its id (``InvalidInput`` says why not)."""
    get_case(store, case_id)  # NotFound for an unknown or deleted case
    problems = []
    if kind not in vocab.MILESTONE_KIND.codes():
        choices = ", ".join(vocab.MILESTONE_KIND.codes())
        problems.append(FieldProblem("kind", f"debe ser uno de: {choices}", "choice"))
    day = _day(occurred_on)
    if day is None:
        problems.append(FieldProblem("occurred_on", "no es una fecha (AAAA-MM-DD)", "format"))
    elif day > (today or office_time.today()).isoformat():
        problems.append(FieldProblem("occurred_on", "no puede ser una fecha futura", "future"))
    if problems:
        raise InvalidInput(problems)
    values = check(ENTITY, {"case_id": case_id, "kind": kind, "occurred_on": day, "note": note})
    values.update(office_id=store.office_id, recorded_by=store.user_id)
    return str(store.insert(ENTITY, values))


def _only(column: str, ids: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """An ``AND column IN (...)`` clause for a few ids (one case's timeline); none for
    many (the timeliness figures read every row once)."""
    wanted = tuple(ids)
    if not wanted or len(wanted) > 500:
        return "", ()
    return f" AND {column} IN ({','.join('?' * len(wanted))})", wanted


def _derived(store: Any, cases: list[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """Derived milestone dates by case id (one query per source, all cases at once)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    by_intake = {str(c["intake_id"]): str(c["id"]) for c in cases if c.get("intake_id")}
    for case in cases:
        closed = _day(case.get("closed_at"))
        if closed:
            out[str(case["id"])]["closure"] = closed
    if by_intake:
        where, params = _only("id", by_intake)
        for row in store.query(
            "SELECT id, recorded_at, json_extract(answers, '$.fecha_atencion') AS served"
            f" FROM intake WHERE _deleted = 0{where}",
            params,
        ):
            case_id = by_intake.get(str(row["id"]))
            day = _day(row.get("served")) or _day(row.get("recorded_at"))
            if case_id and day:
                out[case_id]["intake"] = day
        where, params = _only("intake_id", by_intake)
        for row in store.query(
            "SELECT intake_id, min(assessed_at) AS at FROM eligibility"
            f" WHERE _deleted = 0 AND result IS NOT NULL{where} GROUP BY intake_id",
            params,
        ):
            case_id = by_intake.get(str(row["intake_id"]))
            day = _day(row.get("at"))
            if case_id and day:
                out[case_id]["eligibility"] = day
    where, params = _only("case_id", (str(c["id"]) for c in cases))
    for row in store.query(
        "SELECT case_id, min(at) AS at FROM hearing WHERE _deleted = 0 AND status = 'held'"
        f" AND category = 'hearing'{where} GROUP BY case_id",
        params,
    ):
        day = _day(row.get("at"))
        if day:
            out[str(row["case_id"])]["first_hearing"] = day
    return out


def milestone_rows(store: Any, cases: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """Every case's milestones (kind -> ISO date; the earliest of each kind; recorded
    ones override derived ones), for the cases given (rows with id, intake_id,
    closed_at)."""
    case_list = list(cases)
    out = _derived(store, case_list)
    wanted = {str(c["id"]) for c in case_list}
    recorded: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.query(
        "SELECT case_id, kind, min(occurred_on) AS day FROM case_milestone"
        " WHERE _deleted = 0 GROUP BY case_id, kind"
    ):
        if str(row["case_id"]) in wanted and row.get("day"):
            recorded[str(row["case_id"])][str(row["kind"])] = str(row["day"])
    return {cid: {**out.get(cid, {}), **recorded.get(cid, {})} for cid in wanted}


def case_milestones(store: Any, case_id: str) -> list[dict[str, Any]]:
    """A case's timeline: [{kind, label, occurred_on, derived}] in date order."""
    case = get_case(store, case_id)
    dates = milestone_rows(store, [case])[case_id]
    recorded = {
        str(r["kind"])
        for r in store.query(
            "SELECT kind FROM case_milestone WHERE _deleted = 0 AND case_id = ?", (case_id,)
        )
    }
    rows = [
        {
            "kind": kind,
            "label": vocab.MILESTONE_KIND.label(kind),
            "occurred_on": day,
            "derived": kind not in recorded,
        }
        for kind, day in dates.items()
    ]
    order = {code: i for i, code in enumerate(vocab.MILESTONE_KIND.codes())}
    return sorted(rows, key=lambda r: (r["occurred_on"], order.get(r["kind"], 99)))


def timeliness_cases(store: Any) -> list[dict[str, Any]]:
    """Every live case with the labels the timeliness groups use: id, intake_id,
    closed_at, matter (label), office (name), defender (name), court (the court file's
    judicial district and specialty, or "sin expediente")."""
    from app.core.queries.case_file import user_labels
    from stats.timeliness import court_label

    rows = store.query(
        "SELECT c.id, c.intake_id, c.closed_at, c.matter, c.defender_id, c.court_file_parts,"
        " o.name AS office FROM legal_case c LEFT JOIN office o ON o.id = c.office_id"
        " WHERE c._deleted = 0"
    )
    names = user_labels(store, {str(r.get("defender_id") or "") for r in rows})
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
