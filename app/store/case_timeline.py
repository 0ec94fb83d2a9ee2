"""Reading cases' milestone timelines from the vault's records (``stats.milestones`` rule).

Owns the one reading of the source records a case's milestones come from — the case,
its intake, that intake's eligibility assessments, its hearings and its recorded
milestones, live rows only — fed to the pure rule ``stats.milestones.Timelines``:
``timelines(query, case_ids=None) -> {case id: Timeline}`` (None: every live case).
``query(sql, params) -> list[dict]`` is a read (``Store.query``) or the writer's
connection inside a transaction (``rows``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import Any

from stats.milestones import SOURCES, Timeline, Timelines

Query = Callable[[str, Any], list[dict[str, Any]]]
Conn = Any

# The columns the rule reads, per source entity (its table, the column linking it).
_READS = {
    "case": ("legal_case", "id", "id, intake_id, closed_at"),
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


def timelines(query: Query, case_ids: Collection[str] | None = None) -> dict[str, Timeline]:
    """The timelines of the live cases named (all of them for None)."""
    feed = Timelines()
    params = {"ids": json.dumps(sorted(case_ids))} if case_ids is not None else {}
    for entity in SOURCES:
        table, key, columns = _READS[entity]
        sql = f"SELECT {columns} FROM {table} WHERE _deleted = 0"
        if case_ids is not None:
            owners = _INTAKES if entity in ("intake", "eligibility") else _CASES
            sql += f" AND {key} IN ({owners})"
        for row in query(sql, params):
            feed.add(entity, str(row["id"]), row)
    return feed.cases
