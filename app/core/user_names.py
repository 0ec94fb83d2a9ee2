"""Who a user is on screen and paper: the one display rule for a user's name.

Owns ``user_label`` (one row: display name, else login), ``login_labels`` (rows by id:
users sharing a login are one person, shown by the full name one of them carries) and
``user_labels`` (ids read from the store by that rule), ``label_sql`` (the same rule as
an SQL expression, for lists sorted and filtered in the database). Every screen, PDF, history line
and report names a user through these (fresh-eyes 6 #11: "demo" in the case screens,
"Usuaria de demostración" in the monthly report, for one person). Imports only
``app.core.people``' ``QueryStore``, so every query module can use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from app.core.people import QueryStore


def user_label(row: dict[str, Any] | None) -> str:
    """A user's display name, else the login name; "" for no user."""
    if not row:
        return ""
    return str(row.get("display_name") or row.get("name") or "")


def label_sql(alias: str) -> str:
    """``login_labels``' rule for the ``app_user`` row ``alias`` in SQL: the full name the
    first user (by id) of the same login carries, else its own display name, else the
    login (fresh-eyes #11: the case list and its filter said "demo")."""
    return (
        f"coalesce((SELECT v.display_name FROM app_user v WHERE v.name = {alias}.name"
        " AND v.display_name IS NOT NULL AND v.display_name NOT IN ('', v.name)"
        f" ORDER BY v.id LIMIT 1), nullif({alias}.display_name, ''), {alias}.name)"
    )


def login_labels(known: Mapping[str, Mapping[str, Any]]) -> tuple[dict[str, str], dict[str, str]]:
    """(label, canonical id) of each user row in ``known`` (by id): the one display rule
    for a user. Users who share a login name are one person — the vault's own user and
    the same login received from the server after enrolling ("demo" and "Usuaria de
    demostración") — shown everywhere by the full name one of them carries, else the
    login; their canonical id is the smallest."""
    by_name: dict[str, list[str]] = {}
    for uid in sorted(known):
        by_name.setdefault(str(known[uid].get("name") or uid), []).append(uid)
    labels, canon = {}, {}
    for name, ids in by_name.items():
        shown = [user_label(dict(known[u])) for u in ids]  # a full name beats the login
        full = next((label for label in shown if label and label != name), "")
        for uid in ids:
            labels[uid] = full or user_label(dict(known[uid])) or uid
            canon[uid] = ids[0]
    return labels, canon


def user_labels(store: QueryStore, user_ids: Iterable[str]) -> dict[str, str]:
    """Display labels of the given user ids by ``login_labels``' rule (deleted users
    included: history stays readable)."""
    ids = sorted({i for i in user_ids if i})
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(
        "SELECT id, name, display_name FROM app_user WHERE id IN"
        f" ({marks}) OR name IN (SELECT name FROM app_user WHERE id IN ({marks}))",
        [*ids, *ids],
    )
    labels, _ = login_labels({str(r["id"]): r for r in rows})
    return {i: labels[i] for i in ids if i in labels}
