"""Hearings and deadlines in a time window: the home page, the agenda page and the
printed agenda.

Owns the agenda reads: ``scheduled_items`` (still scheduled, a window), ``agenda_items``
(any status, a day/week/month window), ``overdue_items`` and ``overdue_summary`` (still
scheduled in the past, grouped by case and counted) and ``office_agenda`` (the printed
agenda). Screen rows carry the case's number and its client's name (``client``).

Times are compared as the stored ISO text (``hearing.at``); callers that must decide in
Lima time narrow with a margin here and decide exactly themselves (``app/reports``).
"""

from __future__ import annotations

from typing import Any

from app.core.people import full_name_sql
from app.core.queries.lists import QueryStore

_ITEM = (
    "SELECT h.id AS id, h.case_id AS case_id, h.category AS category, h.kind AS kind,"
    " h.at AS at, h.place AS place, h.status AS status, h.result AS result,"
    " c.internal_number AS case_number, " + full_name_sql("p") + " AS client FROM hearing h"
    " JOIN legal_case c ON c.id = h.case_id AND c._deleted = 0"
    " LEFT JOIN person p ON p.id = c.person_id"
)


def scheduled_items(
    store: QueryStore,
    until: str,
    since: str | None = None,
    category: str | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Still-scheduled hearings/deadlines of live cases with ``at < until`` (and
    ``>= since``), oldest first, each with ``case_number`` and ``client``."""
    where, params = ["h._deleted = 0", "h.status = 'scheduled'", "h.at < ?"], [until]
    if since is not None:
        where.append("h.at >= ?")
        params.append(since)
    if category is not None:
        where.append("h.category = ?")
        params.append(category)
    return store.query(
        f"{_ITEM} WHERE {' AND '.join(where)} ORDER BY h.at, h.id LIMIT ?",
        [*params, int(limit)],
    )


def agenda_items(
    store: QueryStore, low: str, high: str, category: str | None = None, limit: int = 2000
) -> list[dict[str, Any]]:
    """Hearings/deadlines of live cases with ``low <= at < high`` in any status (held,
    failed and rescheduled ones too: a day's agenda shows what happened), by time."""
    where, params = ["h._deleted = 0", "h.at >= ?", "h.at < ?"], [low, high]
    if category is not None:
        where.append("h.category = ?")
        params.append(category)
    return store.query(
        f"{_ITEM} WHERE {' AND '.join(where)} ORDER BY h.at, h.id LIMIT ?",
        [*params, int(limit)],
    )


def overdue_items(store: QueryStore, now: str, limit: int = 500) -> list[dict[str, Any]]:
    """Hearings/deadlines still scheduled before ``now`` (nobody recorded what happened),
    oldest first."""
    return scheduled_items(store, now, limit=limit)


def overdue_summary(store: QueryStore, now: str, groups: int = 20) -> dict[str, Any]:
    """Overdue items counted and grouped by case, so months of them read as a few lines:
    ``{"total", "cases", "hearings", "deadlines", "groups": [{case_id, case_number,
    client, count, hearings, deadlines, oldest, newest}]}`` — the ``groups`` cases with
    the oldest overdue item first."""
    live = "h._deleted = 0 AND h.status = 'scheduled' AND h.at < ?"
    joined = " FROM hearing h JOIN legal_case c ON c.id = h.case_id AND c._deleted = 0"
    totals = store.query(
        "SELECT count(*) AS total, count(DISTINCT h.case_id) AS cases,"
        " coalesce(sum(h.category = 'hearing'), 0) AS hearings,"
        " coalesce(sum(h.category = 'deadline'), 0) AS deadlines"
        f"{joined} WHERE {live}",
        [now],
    )[0]
    rows = store.query(
        "SELECT h.case_id AS case_id, c.internal_number AS case_number, "
        + full_name_sql("p")
        + " AS client, count(*) AS count,"
        " sum(h.category = 'hearing') AS hearings, sum(h.category = 'deadline') AS deadlines,"
        " min(h.at) AS oldest, max(h.at) AS newest"
        f"{joined} LEFT JOIN person p ON p.id = c.person_id WHERE {live}"
        " GROUP BY h.case_id ORDER BY oldest, h.case_id LIMIT ?",
        [now, int(groups)],
    )
    return {
        "total": int(totals["total"] or 0),
        "cases": int(totals["cases"] or 0),
        "hearings": int(totals["hearings"] or 0),
        "deadlines": int(totals["deadlines"] or 0),
        "groups": rows,
    }


def office_agenda(
    store: QueryStore, office_id: str, low: str, high: str, defender_id: str | None = None
) -> list[dict[str, Any]]:
    """Hearings/deadlines of live cases of the office with ``low <= at < high`` (any
    status), with the case's number, court file, matter, defender and client's name."""
    sql = (
        "SELECT h.category, h.kind, h.at, h.place, h.status, c.internal_number,"
        " c.court_file_number, c.matter, c.defender_id, " + full_name_sql("p") + " AS client"
        " FROM hearing h JOIN legal_case c ON c.id = h.case_id AND c._deleted = 0"
        " LEFT JOIN person p ON p.id = c.person_id"
        " WHERE h._deleted = 0 AND c.office_id = ? AND h.at >= ? AND h.at < ?"
    )
    params: list[Any] = [office_id, low, high]
    if defender_id:
        sql += " AND c.defender_id = ?"
        params.append(defender_id)
    return store.query(sql, tuple(params))
