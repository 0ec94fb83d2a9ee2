"""Cases' milestone timelines in the vault: read from the records, kept in ``case_timeline``.

Owns the one reading of the source records a case's milestones come from — the case,
its intake, that intake's eligibility assessments, its hearings and its recorded
milestones, live rows only — fed to the pure rule ``stats.milestones.Timelines``
(``timelines(query, case_ids=None) -> {case id: Timeline}``, None: every live case;
``query(sql, params) -> list[dict]`` is a read, ``Store.query``, or the writer's
connection, ``rows(conn)``), and the derived table ``case_timeline`` (schema v8,
local, never replicated): one row per live case with its group codes (office, matter,
defender, court file's court and specialty) and one date column per milestone kind
(``KINDS``). ``refresh(conn, changed, before)`` keeps it in step inside every write
transaction — local writes and records arriving by sync alike: it is one of the store's
post-write hooks (``Store.POST_WRITE_HOOKS``), which ``Database.transaction`` runs before
commit with the transaction's ``Changed`` notice and ``Tx.before`` — by
recomputing the cases the changed records belong to, now and before the write;
``rebuild(conn)`` recomputes every case (the migration, bulk loads). The timeliness
tally counts on it (``app.core.queries.timeliness_tally``). Schema steps: ``create_v8``
(the table as v8 built it, text dates, left empty) and ``recreate`` (v9: the table
rebuilt with day numbers from the records; v10: every row derived again by today's rule;
v11: with each case's opening and end days, ``SPAN``, which the caseload counts; v13 and
v14: every row derived again, the intake's office day and the first hearing on or after
the filing).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Mapping
from typing import Any

from stats.caseload import case_span
from stats.milestones import SOURCES, Timeline, Timelines
from sync.changes import Changed

Query = Callable[[str, Any], list[dict[str, Any]]]
Conn = Any
Before = Mapping[tuple[str, str], Mapping[str, Any]]  # (entity, id) -> values (``Tx.before``)

TABLE = "case_timeline"
# The milestone kinds with a column (sync.spec.vocab.MILESTONE_KIND as of schema v8; a
# kind added later needs a migration adding its column before it is kept here).
KINDS = (
    "intake", "eligibility", "filed", "admitted", "first_hearing", "decision",
    "appeal_filed", "appeal_decided", "final", "closure",
)  # fmt: skip
GROUPS = ("office_id", "matter", "defender_id", "court", "specialty")
# Since v11, the case's span for the caseload (``stats.caseload.case_span``, day numbers):
# ``opened`` the office-time day of ``opened_at``; ``ended`` its closing day (the
# ``closure`` above for a case that is not open; a closed or archived case without one
# ends the day it opened), NULL while active.
SPAN = ("opened", "ended")
COLUMNS = ("case_id", *GROUPS, *KINDS, *SPAN)
DDL = (
    f"CREATE TABLE {TABLE} (case_id TEXT PRIMARY KEY, "
    + ", ".join([*(f"{c} TEXT" for c in GROUPS), *(f"{c} INTEGER" for c in (*KINDS, *SPAN))])
    + ") WITHOUT ROWID"
)
# What schema v8 built (dates as ISO text); v9 replaces it (``to_day_numbers``).
_DDL_V8 = (
    f"CREATE TABLE {TABLE} (case_id TEXT PRIMARY KEY, "
    + ", ".join(f"{c} TEXT" for c in (*GROUPS, *KINDS))
    + ") WITHOUT ROWID"
)
_INSERT = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"

# The columns the rule reads, per source entity (its table, the column linking it).
_READS = {
    "case": (
        "legal_case",
        "id",
        "id, intake_id, status, opened_at, closed_at, closure, office_id, matter,"
        " defender_id, court_file_parts",
    ),
    "intake": ("intake", "id", "id, answers, recorded_at"),
    "eligibility": ("eligibility", "intake_id", "id, intake_id, result, assessed_at"),
    "hearing": ("hearing", "case_id", "id, case_id, status, category, at"),
    "case_milestone": ("case_milestone", "case_id", "id, case_id, kind, occurred_on"),
}
_CASES = "SELECT value FROM json_each(:ids)"
_INTAKES = f"SELECT intake_id FROM legal_case WHERE _deleted = 0 AND id IN ({_CASES})"


def rows(conn: Conn) -> Query:
    """A ``Query`` over a raw connection (dict rows)."""

    def query(sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cursor = conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    return query


def _feed(query: Query, case_ids: Collection[str] | None) -> tuple[Timelines, dict[str, Any]]:
    feed, cases = Timelines(), {}
    params = {"ids": json.dumps(sorted(case_ids))} if case_ids is not None else {}
    for entity in SOURCES:
        table, key, columns = _READS[entity]
        sql = f"SELECT {columns} FROM {table} WHERE _deleted = 0"
        if case_ids is not None:
            owners = _INTAKES if entity in ("intake", "eligibility") else _CASES
            sql += f" AND {key} IN ({owners})"
        for row in query(sql, params):
            feed.add(entity, str(row["id"]), row)
            if entity == "case":
                cases[str(row["id"])] = row
    return feed, cases


def timelines(query: Query, case_ids: Collection[str] | None = None) -> dict[str, Timeline]:
    """The timelines of the live cases named (all of them for None)."""
    return _feed(query, case_ids)[0].cases


def _text(value: Any) -> str | None:
    return str(value) if value else None


JULIAN_OF_DAY_0 = 1721424.5  # SQL: date(n + JULIAN_OF_DAY_0) is the ISO day of day number n


def day_number(iso: str | None) -> int | None:
    """The column value of an ISO date (``YYYY-MM-DD``, as ``stats.milestones`` gives
    it): its proleptic Gregorian ordinal (1 January of year 1 is day 1)."""
    return dt.date.fromisoformat(iso).toordinal() if iso else None


def day_text(number: int | None) -> str | None:
    """The ISO date of a column value (``day_number`` read back)."""
    return dt.date.fromordinal(number).isoformat() if number else None


def _court(parts: Any) -> tuple[str | None, str | None]:
    """The court file's court and specialty codes (as ``stats.timeliness.court_label``
    reads them), from the stored JSON text."""
    if isinstance(parts, str):
        try:
            parts = json.loads(parts)
        except ValueError:
            return None, None
    if not isinstance(parts, dict):
        return None, None
    return _text(parts.get("court")), _text(parts.get("specialty"))


def _write(conn: Conn, case_ids: Collection[str] | None) -> int:
    """Recompute the rows of the cases named (every case for None); returns rows written."""
    feed, cases = _feed(rows(conn), case_ids)
    if case_ids is None:
        conn.execute(f"DELETE FROM {TABLE}")
    else:
        conn.execute(
            f"DELETE FROM {TABLE} WHERE case_id IN ({_CASES})",
            {"ids": json.dumps(sorted(case_ids))},
        )
    out = []
    for case_id, timeline in feed.cases.items():
        case, dates = cases[case_id], timeline.dates()
        opened, ended = case_span(case.get("opened_at"), dates.get("closure"), case.get("status"))
        out.append(
            (
                case_id, _text(case.get("office_id")), _text(case.get("matter")),
                _text(case.get("defender_id")), *_court(case.get("court_file_parts")),
                *(day_number(dates.get(kind)) for kind in KINDS),
                opened.toordinal() if opened else None, ended.toordinal() if ended else None,
            )
        )  # fmt: skip
    conn.executemany(_INSERT, out)
    return len(out)


def _ids_of(conn: Conn, sql: str, ids: Collection[str]) -> set[str]:
    return {str(r[0]) for r in conn.execute(sql, (json.dumps(sorted(ids)),)).fetchall() if r[0]}


def _owners_before(before: Before, entity: str, ids: Collection[str], key: str) -> set[str]:
    """The owners (``key``: case_id, intake_id) the records had before the transaction."""
    return {str(owner) for i in ids if (owner := before.get((entity, i), {}).get(key))}


def affected(conn: Conn, changed: Changed, before: Before | None = None) -> set[str]:
    """The cases whose milestones the changed records can move (deleted ones included:
    their rows go), by their owners after the write and, from ``before`` (``Tx.before``),
    the owners they had (a hearing moved to another case moves the old case's dates too)."""
    before = before or {}
    ids = set(changed.ids("case"))
    for entity in ("hearing", "case_milestone"):
        if changed.ids(entity):
            table = _READS[entity][0]
            sql = f"SELECT case_id FROM {table} WHERE id IN (SELECT value FROM json_each(?))"
            ids |= _ids_of(conn, sql, changed.ids(entity))
            ids |= _owners_before(before, entity, changed.ids(entity), "case_id")
    intakes = set(changed.ids("intake"))
    if changed.ids("eligibility"):
        sql = "SELECT intake_id FROM eligibility WHERE id IN (SELECT value FROM json_each(?))"
        intakes |= _ids_of(conn, sql, changed.ids("eligibility"))
        intakes |= _owners_before(before, "eligibility", changed.ids("eligibility"), "intake_id")
    if intakes:
        sql = "SELECT id FROM legal_case WHERE intake_id IN (SELECT value FROM json_each(?))"
        ids |= _ids_of(conn, sql, intakes)
    return ids


def refresh(conn: Conn, changed: Changed, before: Before | None = None) -> int:
    """Keep ``case_timeline`` in step with a transaction's changes (inside it; ``before``:
    the changed records' values before it, ``Tx.before``); returns the rows rewritten."""
    if not any(entity in changed for entity in SOURCES):
        return 0
    ids = affected(conn, changed, before)
    return _write(conn, ids) if ids else 0


def rebuild(conn: Conn) -> int:
    """Recompute every case's row (inside a transaction); returns the rows written."""
    return _write(conn, None)


def create_v8(conn: Conn) -> None:
    """Schema v8: the table as v8 built it (left empty: v9 rebuilds it just after)."""
    conn.execute(_DDL_V8)


def recreate(conn: Conn) -> None:
    """The table made again as today's code defines it, filled from the records present:
    schema v9 (day numbers), v10 (every row derived again: a vault that reached v9 before
    the one closing day, ``stats.milestones.closure_day`` — the closing form's
    ``fecha_cierre``, else the office-time day of ``closed_at`` —, and before an open case
    lost its closure kept the old derived dates), v11 (the case's span, ``SPAN``), v13 and
    v14 (derived again: the intake's office day; the first hearing held on or after the
    filing, ``stats.milestones.first_hearing``)."""
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    conn.execute(DDL)
    rebuild(conn)


to_day_numbers = rederive = recreate  # the v9 and v10 steps' names
