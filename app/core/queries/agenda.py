"""Hearings and deadlines in a time window: the home page, the agenda page and the
printed agenda.

Owns the agenda reads: ``scheduled_items`` (still scheduled, a window), ``agenda_items``
(any status, a day/week/month window), ``overdue_items`` and ``overdue_summary`` (still
scheduled in the past, grouped by case and counted), ``moved_to`` (where a rescheduled
hearing went) and ``office_agenda`` (the printed agenda). Screen rows carry the case's
number and its client's name (``client``).

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


MOVE_GAP_MS = 10_000  # a rescheduling and its new date are written in one transaction


def moved_to(store: QueryStore, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each rescheduled row of ``rows`` gets ``moved_to``: the moment of the hearing that
    took its place, when it can be told for sure — the new date is written in the same
    transaction as the old one's status (``app.core.hearings.mark_hearing``), so it is
    the case's hearing created last before that status change — and after the status it
    replaced — by the same device, with the same category and kind (within
    ``MOVE_GAP_MS``). A move recorded without a new date, or records that do not show
    it, keep no ``moved_to``: nothing is guessed from other rows. Returns ``rows``."""
    moved = [r for r in rows if r.get("status") == "rescheduled" and r.get("id")]
    if not moved:
        return rows
    marks = ",".join("?" * len(moved))
    made = "json_extract(n._versions, '$.case_id[0]')"  # the HLC that created it
    changed = "json_extract(o._versions, '$.status[0]')"  # the HLC that moved the old one
    before = "json_extract(o._versions, '$.status[1]')"  # its status before (its creation)
    found = store.query(
        f"SELECT o.id AS id, n.at AS at, n.kind AS kind, n.category AS category,"
        f" o.kind AS was_kind, o.category AS was_category, {made} AS made, {changed} AS changed"
        " FROM hearing o JOIN hearing n ON n.case_id = o.case_id AND n.id <> o.id"
        f" AND n._deleted = 0 AND {made} < {changed} AND {made} > {before}"
        f" AND substr({made}, 23) = substr({changed}, 23)"  # the node: the same device
        f" WHERE o.id IN ({marks}) ORDER BY o.id, made DESC",
        [r["id"] for r in moved],
    )
    newest: dict[str, dict[str, Any]] = {}
    for f in found:
        newest.setdefault(f["id"], f)  # the case's hearing created last before the move
    for r in moved:
        new = newest.get(r["id"])
        if (
            new is not None
            and (new["kind"], new["category"]) == (new["was_kind"], new["was_category"])
            and int(new["changed"][:15]) - int(new["made"][:15]) <= MOVE_GAP_MS
        ):
            r["moved_to"] = new["at"]
    return rows


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
