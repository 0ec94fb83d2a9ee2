"""The directorate's figures across every office: timeliness by office and national.

Owns the cross-office figures: each office's and the national figures estimated by the
database on the per-case timeline (``timeline_figures``: on PostgreSQL the Kaplan–Meier
estimator runs in SQL, bit for bit the shared one of ``stats.timeliness``; on SQLite the
tallies of ``timeline_tally`` go through that estimator; the timeline is kept at ingest
by ``timeline``, each case's milestones by the rule the desktop applies too,
``stats.milestones``), and the rows a view shows of them (``figure_rows``).
``case_rows`` + ``reference_tallies`` compute the same cells from the synced
records' JSON one observation at a time: the reference tests and the benchmark check
the database's count against.

Rows (``timeliness``): for each office (its code in ``office``) the groups ``total``,
``matter``, ``court`` and ``period``; national rows (``office`` = ``NACIONAL``) add the
group kind ``office`` (one row per office). Defenders are not a group here: the
directorate compares offices, not people. Cells of fewer than ``MIN_CELL`` (5) cases
are suppressed in every view of this module (``n`` shows ``<5``, the figures are
empty), and complementary cells with them (``complementary``: ``n`` shows
``reservado``): CSV columns ``CSV_COLUMNS`` of the desktop report plus ``office``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from stats import timeliness as tl
from stats.disclosure import MIN_CELL  # the one threshold (the desktop asks by it)
from stats.milestones import SOURCES, Timelines, day
from sync.server import schema
from sync.server.db import Database
from sync.spec import vocab

NATIONAL = "NACIONAL"
COLUMNS = (*tl.CSV_COLUMNS, "office")
OFFICE_GROUPS = ("total", "matter", "court", "period")
SUPPRESSED = "<5"
RESERVED = "reservado"  # a cell hidden by complementary suppression (``complementary``)


@dataclass(frozen=True)
class Row:
    """One figure of one office (or ``NACIONAL``)."""

    office: str
    figure: tl.Figure
    complement: bool = False  # hidden so that a small cell cannot be worked out

    @property
    def small(self) -> bool:
        return self.figure.n < MIN_CELL

    @property
    def suppressed(self) -> bool:
        return self.small or self.complement

    @property
    def shown_n(self) -> str:
        """What a view shows for ``n``: the count, ``<5``, or ``reservado``."""
        if self.small:
            return SUPPRESSED
        return RESERVED if self.complement else str(self.figure.n)

    def csv_row(self) -> list[str]:
        cells = self.figure.csv_row()
        if self.suppressed:
            cells[3:8] = [self.shown_n, "", "", "", ""]
        return [*cells, self.office]


def _sums(rows: list[Row]) -> list[list[int]]:
    """The sets of rows (indexes) that add up: each set's last member is the sum of the
    others, so any one of them can be worked out from the rest. Per interval and day kind:
    every office's cells of one group kind and group, and the national cell (across
    offices); within one office (or the national figures) its cells of one kind —
    matter, court, period or office: each case falls in exactly one — and its total; an
    office's total and the national ``office`` row naming it (the same count)."""
    totals: dict[tuple[str, str, bool], int] = {}  # (office, interval, day kind) -> row
    national: dict[tuple[str, str, str, bool], int] = {}  # (kind, group, ...) -> row
    for i, row in enumerate(rows):
        f = row.figure
        if f.group_kind == "total":
            totals[(row.office, f.interval, f.working_days)] = i
        elif row.office == NATIONAL:
            national[(f.group_kind, f.group, f.interval, f.working_days)] = i
    sets: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    out: list[list[int]] = []
    for i, row in enumerate(rows):
        f = row.figure
        if f.group_kind == "total":
            continue
        sets[("within", row.office, f.group_kind, f.interval, f.working_days)].append(i)
        if row.office != NATIONAL:
            sets[("across", f.group_kind, f.group, f.interval, f.working_days)].append(i)
        elif f.group_kind == "office":
            own = totals.get((f.group, f.interval, f.working_days))
            if own is not None:
                out.append([own, i])
    for key, members in sets.items():
        whole = (
            totals.get((key[1], key[3], key[4])) if key[0] == "within" else national.get(key[1:])
        )
        if whole is not None:
            out.append([*members, whole])
    return out


def complementary(rows: list[Row]) -> list[Row]:
    """``rows`` with complementary suppression: in every set of cells that add up
    (``_sums``) where exactly one is hidden (small, or hidden already), the smallest
    other one that is not the set's total is hidden too (``complement``; the total only
    when nothing else is left), until no set has exactly one — no suppressed count can be
    worked out from a row or column total and the shown cells, within an office (across
    its matters, courts, months) or across offices (from the national figure)."""
    hidden = [row.small for row in rows]
    sets = _sums(rows)
    changed = True
    while changed:
        changed = False
        for members in sets:
            if sum(hidden[i] for i in members) != 1:
                continue
            shown = [i for i in members[:-1] if not hidden[i]] or [members[-1]]
            pick = min(
                shown, key=lambda i: (rows[i].figure.n, rows[i].office, rows[i].figure.group)
            )
            hidden[pick] = changed = True
    return [
        replace(row, complement=True) if hide and not row.small else row
        for row, hide in zip(rows, hidden, strict=True)
    ]


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


def case_rows(
    db: Database, office_id: str | None = None
) -> tuple[list[dict[str, Any]], dict[str, dict[str, str]]]:
    """(cases, milestones): every live case (of one office, or all) with ``id``,
    ``office`` (code), ``matter`` (label), ``court`` (label), ``opened_at``,
    ``closed_at``, ``defender_id``; and each case's milestone dates (kind -> ISO date),
    derived and recorded by the one rule (``stats.milestones``)."""
    feed = Timelines()
    with db.read() as conn:
        offices = {
            str(i): str(c)
            for i, c in conn.execute(select(schema.offices.c.id, schema.offices.c.code))
        }
        cases: list[dict[str, Any]] = []
        for entity in SOURCES:
            for entity_id, case_office, v in _values(conn, entity, office_id):
                feed.add(entity, entity_id, v)
                if entity != "case":
                    continue
                matter = v.get("matter")
                cases.append(
                    {
                        "id": entity_id,
                        "office": offices.get(case_office, case_office),
                        "matter": vocab.MATTER.label(matter) if matter else "",
                        "court": tl.court_label(v.get("court_file_parts")),
                        "defender_id": v.get("defender_id"),
                        "opened_at": day(v.get("opened_at")),
                        "closed_at": day(v.get("closed_at")),
                    }
                )
    dates = feed.dates()
    return cases, {c["id"]: dates.get(c["id"], {}) for c in cases}


def office_codes(conn: Any) -> dict[str, str]:
    """office id -> code."""
    o = schema.offices.c
    return {str(i): str(c) for i, c in conn.execute(select(o.id, o.code))}


def timeliness(db: Database, start: dt.date, end: dt.date, calendar: Any = None) -> list[Row]:
    """Figures per office (``OFFICE_GROUPS``) and national (plus ``office``), unsuppressed
    (``Row.suppressed`` says which to hide), estimated on every office's timeline as
    arrays (``timeline_figures``), taken from the offices' stored packs (``office_packs``:
    a process that starts cold does not group the nation's timeline again)."""
    from sync.server import office_packs, timeline_figures  # numpy: imported where used
    seqs = office_packs.office_seqs(db)  # before the packs (``office_packs.kept``)
    with db.read() as conn:
        codes = office_codes(conn)
    packs = office_packs.kept(db, seqs)
    arrays = {office_id: pack.timeline for office_id, pack in packs.items()}
    found = timeline_figures.estimate(arrays, codes, start, end, calendar)
    national = found.pop(timeline_figures.NATIONAL, [])
    return figure_rows(found, national)


def figure_rows(per_office: Mapping[str, Sequence[tl.Figure]],
                national: Sequence[tl.Figure]) -> list[Row]:  # fmt: skip
    """The national rows, then each office's, from their figures (in
    ``tl.figure_order``), with complementary suppression (``complementary``)."""
    offices = {code: [Row(code, f) for f in per_office[code]] for code in sorted(per_office)}
    out = national_rows(offices, national)
    for rows in offices.values():
        out += rows
    return complementary(out)


def tally_rows(per_office: Mapping[str, tl.Cells], national: tl.Cells | None = None
               ) -> list[Row]:  # fmt: skip
    """``figure_rows`` from the offices' cells (and their merge, ``national``, when it was
    counted already) through the shared estimator in Python."""
    whole = national_cells(per_office) if national is None else national
    return figure_rows(
        {code: tl.cell_figures(cells) for code, cells in per_office.items()},
        tl.cell_figures(whole),
    )


def reference_tallies(
    cases: list[dict[str, Any]],
    dates: Mapping[str, Mapping[str, str]],
    start: dt.date,
    end: dt.date,
    calendar: Any = None,
) -> dict[str, tl.Cells]:
    """Each office's cells of ``OFFICE_GROUPS`` (by office code) from ``case_rows``, one
    observation at a time in Python: the reference the database's count is checked
    against (tests, ``bench/dashboard.py --reference``)."""
    per_office: dict[str, tl.Tally] = defaultdict(tl.Tally)
    at = [tl.GROUP_KINDS.index(kind) for kind in OFFICE_GROUPS]
    office_at = tl.GROUP_KINDS.index("office")
    for o in tl.observations(cases, dates, start, end, calendar):
        tally = per_office[o.groups[office_at][1]]
        for i in at:
            kind, group = o.groups[i]
            tally.add(kind, group, o.interval, o.days, o.working, o.event)
    return {code: {key: t.counts(key) for key in t.cells} for code, t in per_office.items()}


def office_rows(office: str, cells: tl.Cells) -> list[Row]:
    return [Row(office, f) for f in tl.cell_figures(cells)]


def national_cells(per_office: Mapping[str, tl.Cells]) -> tl.Cells:
    """Every office's cells merged (``tl.merge_cells``)."""
    national: tl.Cells = {}
    for cells in per_office.values():
        tl.merge_cells(national, cells)
    return national


def national_rows(
    per_office: Mapping[str, Sequence[Row]], national: Sequence[tl.Figure]
) -> list[Row]:  # fmt: skip
    """The national figures (the offices' cells merged: ``national``), plus one
    ``office`` group per office — its total's figures, taken from the office's rows
    (``office_rows``) rather than estimated again — in ``tl.cell_figures``' order."""
    figures = list(national)
    for code, rows in per_office.items():
        figures += [
            replace(row.figure, group_kind="office", group=code)
            for row in rows
            if row.figure.group_kind == "total"
        ]
    return [Row(NATIONAL, f) for f in sorted(figures, key=tl.figure_order)]


def timeliness_csv(rows: Iterable[Row]) -> str:
    """The CSV: the desktop report's columns plus ``office``; small cells suppressed."""
    return tl.table_csv(COLUMNS, (row.csv_row() for row in rows))
