"""Hearings and deadlines in a time window: the home page, the agenda page and the
printed agenda.

Times are compared as the stored ISO text (``hearing.at``); callers that must decide in
Lima time narrow with a margin here and decide exactly themselves (``app/reports``).
"""

from __future__ import annotations

from typing import Any

from app.core.queries.lists import QueryStore


def scheduled_items(
    store: QueryStore,
    until: str,
    since: str | None = None,
    category: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Still-scheduled hearings/deadlines with ``at < until`` (and ``>= since``), oldest
    first, each with its case's ``case_number``."""
    where, params = ["h._deleted = 0", "h.status = 'scheduled'", "h.at < ?"], [until]
    if since is not None:
        where.append("h.at >= ?")
        params.append(since)
    if category is not None:
        where.append("h.category = ?")
        params.append(category)
    return store.query(
        "SELECT h.id AS id, h.case_id AS case_id, h.category AS category, h.kind AS kind,"
        " h.at AS at, h.place AS place, h.status AS status,"
        " c.internal_number AS case_number FROM hearing h"
        " LEFT JOIN legal_case c ON c.id = h.case_id"
        f" WHERE {' AND '.join(where)} ORDER BY h.at LIMIT ?",
        [*params, int(limit)],
    )


def office_agenda(
    store: QueryStore, office_id: str, low: str, high: str, defender_id: str | None = None
) -> list[dict[str, Any]]:
    """Hearings/deadlines of live cases of the office with ``low <= at < high`` (any
    status), with the case's number, court file, matter and defender."""
    sql = (
        "SELECT h.category, h.kind, h.at, h.place, h.status, c.internal_number,"
        " c.court_file_number, c.matter, c.defender_id FROM hearing h"
        " JOIN legal_case c ON c.id = h.case_id AND c._deleted = 0"
        " WHERE h._deleted = 0 AND c.office_id = ? AND h.at >= ? AND h.at < ?"
    )
    params: list[Any] = [office_id, low, high]
    if defender_id:
        sql += " AND c.defender_id = ?"
        params.append(defender_id)
    return store.query(sql, tuple(params))
