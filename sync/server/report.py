"""The directorate's figures across every office: timeliness by office and national.

Owns reading the synced records (``records``: cases, intakes, eligibility assessments,
hearings, recorded milestones) into the plain case rows of ``stats.timeliness`` — the
same milestones the desktop derives (``app.core.milestones``: the intake's service date,
else its record date; the first assessment with a result; the earliest held hearing;
the case's closure; a recorded milestone of a kind overrides the derived one, the
earliest of each kind counts) — and the cross-office figures built on them with the
shared estimator (``stats.timeliness``: one definition on both sides).

Rows (``timeliness``): for each office (its code in ``office``) the groups ``total``,
``matter``, ``court`` and ``period``; national rows (``office`` = ``NACIONAL``) add the
group kind ``office`` (one row per office). Defenders are not a group here: the
directorate compares offices, not people. Cells of fewer than ``MIN_CELL`` (5) cases
are suppressed in every view of this module (``n`` shows ``<5``, the figures are
empty): CSV columns ``CSV_COLUMNS`` of the desktop report plus ``office``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from stats import timeliness as tl
from sync.server import schema
from sync.server.db import Database
from sync.spec import vocab

MIN_CELL = 5
NATIONAL = "NACIONAL"
COLUMNS = (*tl.CSV_COLUMNS, "office")
OFFICE_GROUPS = ("total", "matter", "court", "period")
SUPPRESSED = "<5"


@dataclass(frozen=True)
class Row:
    """One figure of one office (or ``NACIONAL``)."""

    office: str
    figure: tl.Figure

    @property
    def suppressed(self) -> bool:
        return self.figure.n < MIN_CELL

    def csv_row(self) -> list[str]:
        cells = self.figure.csv_row()
        if self.suppressed:
            cells[3:8] = [SUPPRESSED, "", "", "", ""]
        return [*cells, self.office]


def _values(
    conn: Any, entity: str, office_id: str | None = None
) -> Iterable[tuple[str, str, dict[str, Any]]]:
    r = schema.records.c
    query = select(r.entity_id, r.office_id, r.values_json).where(
        r.entity == entity, r.deleted.is_(False)
    )
    if office_id is not None:
        query = query.where(r.office_id == office_id)
    for entity_id, office, values in conn.execute(query):
        yield str(entity_id), str(office), json.loads(values)


def record_values(
    db: Database, entity: str, office_id: str | None = None
) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, office id, values) of every live record of an entity (of one office)."""
    with db.read() as conn:
        return list(_values(conn, entity, office_id))


def _day(value: Any) -> str | None:
    day = tl.parse_day(str(value)) if value else None
    return day.isoformat() if day else None


def _earliest(into: dict[str, str], kind: str, day: str | None) -> None:
    if day and (kind not in into or day < into[kind]):
        into[kind] = day


def case_rows(
    db: Database, office_id: str | None = None
) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    """(cases, milestones): every live case (of one office, or all) with ``id``,
    ``office`` (code), ``matter`` (label), ``court`` (label), ``opened_at``,
    ``closed_at``, ``defender_id``; and each case's milestone dates (kind -> ISO date),
    derived and recorded."""
    with db.read() as conn:
        offices = {
            str(i): str(c)
            for i, c in conn.execute(select(schema.offices.c.id, schema.offices.c.code))
        }
        cases: list[dict[str, Any]] = []
        by_intake: dict[str, str] = {}
        derived: dict[str, dict[str, str]] = defaultdict(dict)
        for case_id, case_office, v in _values(conn, "case", office_id):
            matter = v.get("matter")
            cases.append(
                {
                    "id": case_id,
                    "office": offices.get(case_office, case_office),
                    "matter": vocab.MATTER.label(matter) if matter else "",
                    "court": tl.court_label(v.get("court_file_parts")),
                    "defender_id": v.get("defender_id"),
                    "opened_at": _day(v.get("opened_at")),
                    "closed_at": _day(v.get("closed_at")),
                }
            )
            if v.get("intake_id"):
                by_intake[str(v["intake_id"])] = case_id
            _earliest(derived[case_id], "closure", _day(v.get("closed_at")))
        for intake_id, _office, v in _values(conn, "intake", office_id):
            intake_case = by_intake.get(intake_id)
            if intake_case:
                answers = v.get("answers")
                served = answers.get("fecha_atencion") if isinstance(answers, dict) else None
                day = _day(served) or _day(v.get("recorded_at"))
                if day:
                    derived[intake_case]["intake"] = day
        for _id, _office, v in _values(conn, "eligibility", office_id):
            assessed = by_intake.get(str(v.get("intake_id") or ""))
            if assessed and v.get("result") is not None:
                _earliest(derived[assessed], "eligibility", _day(v.get("assessed_at")))
        for _id, _office, v in _values(conn, "hearing", office_id):
            if v.get("status") == "held" and v.get("category") == "hearing":
                _earliest(derived[str(v.get("case_id"))], "first_hearing", _day(v.get("at")))
        recorded: dict[str, dict[str, str]] = defaultdict(dict)
        for _id, _office, v in _values(conn, "case_milestone", office_id):
            _earliest(recorded[str(v.get("case_id"))], str(v.get("kind")),
                      _day(v.get("occurred_on")))  # fmt: skip
    dates = {c["id"]: {**derived.get(c["id"], {}), **recorded.get(c["id"], {})} for c in cases}
    return cases, dates


def timeliness(
    cases: list[dict[str, Any]],
    dates: Mapping[str, Mapping[str, str]],
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
) -> list[Row]:
    """Figures per office (``OFFICE_GROUPS``) and national (plus ``office``), unsuppressed
    (``Row.suppressed`` says which to hide)."""
    per_office = office_tallies(cases, dates, start, end, calendar)
    out = national_rows(per_office)
    for office in sorted(per_office):
        out += office_rows(office, per_office[office])
    return out


def office_tallies(
    cases: list[dict[str, Any]],
    dates: Mapping[str, Mapping[str, str]],
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
) -> dict[str, tl.Tally]:
    """Each office's tally of ``OFFICE_GROUPS`` (by office code)."""
    per_office: dict[str, tl.Tally] = defaultdict(tl.Tally)
    at = [tl.GROUP_KINDS.index(kind) for kind in OFFICE_GROUPS]
    office_at = tl.GROUP_KINDS.index("office")
    for o in tl.observations(cases, dates, start, end, calendar):
        tally = per_office[o.groups[office_at][1]]
        for i in at:
            kind, group = o.groups[i]
            tally.add(kind, group, o.interval, o.days, o.working, o.event)
    return dict(per_office)


def office_rows(office: str, tally: tl.Tally) -> list[Row]:
    return [Row(office, f) for f in tl.tally_figures(tally)]


def national_rows(per_office: Mapping[str, tl.Tally]) -> list[Row]:
    """The national figures: every office's tally merged, plus one ``office`` group per
    office (its total)."""
    national = tl.Tally()
    for code, tally in per_office.items():
        national.merge(tally)
        for interval in tl.INTERVALS:
            total = tally.cells.get(("total", tl.TOTAL, interval.code))
            if total:
                national.cells[("office", code, interval.code)].update(total)
    return [Row(NATIONAL, f) for f in tl.tally_figures(national)]


def timeliness_csv(rows: Iterable[Row]) -> str:
    """The CSV: the desktop report's columns plus ``office``; small cells suppressed."""
    return tl.table_csv(COLUMNS, (row.csv_row() for row in rows))
