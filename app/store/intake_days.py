"""The office-time day of every submitted intake, kept in the derived table ``intake_day``.

Owns the table (schema v12, local, never replicated): one row per live submitted intake
— ``intake_id``, ``office_id``, ``day`` (the office-time day of its ``recorded_at`` as a
day number; NULL when unreadable), ``defender_id``, ``service_type`` and ``matter``
(the record's, else its ficha's ``tipo_servicio`` / ``materia``) — by the one rule of
the desktop and the server, ``stats.caseload.attention``. The caseload's demand and
consultation trend count it (``app.core.queries.caseload.intake_counts``) instead of
scanning the intakes' rows and parsing their timestamps in SQL at every load.

``refresh(conn, changed, before)`` keeps it in step inside every write transaction, local
or synced: one of the store's post-write hooks (``Store.POST_WRITE_HOOKS``), it rewrites
the rows of the intakes the transaction changed. ``rebuild(conn)`` rewrites every row;
``create(conn)`` is the v12 step (the table, filled from the records present) and the
v13 one (the table made again with each attention's ``person_id`` and, for a referral
attention, the institution its ficha names, ``named``: what
``app.core.referrals.referrals_between`` counts instead of scanning every intake's row).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

from stats.caseload import attention
from sync.changes import Changed

Conn = Any
TABLE = "intake_day"
REFERRAL = "derivacion"  # the service type of an attention that is itself a referral
DDL = (
    f"CREATE TABLE {TABLE} (intake_id TEXT PRIMARY KEY, office_id TEXT, day INTEGER,"
    " defender_id TEXT, service_type TEXT, matter TEXT, person_id TEXT, named TEXT)"
    " WITHOUT ROWID"
)
# the attentions served as referrals, by office and day, with what their count reads
# (``app.core.referrals.INTAKE_REFERRALS``: no scan of the whole table). The service type
# comes first: a read of every service by office and day (the demand) must scan the
# table itself, not look each of its rows up through this index (7x slower)
INDEX = (
    f"CREATE INDEX {TABLE}_service ON {TABLE}"
    " (service_type, office_id, day, person_id, defender_id, named)"
)
_READ = (
    "SELECT id, office_id, defender_id, status, recorded_at, service_type, matter,"
    " person_id, CASE WHEN service_type IS NULL OR service_type = '' OR matter IS NULL"
    f" OR matter = '' OR service_type = '{REFERRAL}'"
    " THEN answers END AS answers"  # the ficha's text only when the rule needs it
    " FROM intake WHERE _deleted = 0 AND status = 'submitted'"
)
_IDS = "SELECT value FROM json_each(?)"


def _write(conn: Conn, ids: Collection[str] | None) -> int:
    """Rewrite the rows of the intakes named (every intake for None); returns rows written."""
    if ids is None:
        conn.execute(f"DELETE FROM {TABLE}")
        found = conn.execute(_READ).fetchall()
    else:
        chosen = json.dumps(sorted(ids))
        conn.execute(f"DELETE FROM {TABLE} WHERE intake_id IN ({_IDS})", (chosen,))
        found = conn.execute(f"{_READ} AND id IN ({_IDS})", (chosen,)).fetchall()
    names = ("id", "office_id", "defender_id", "status", "recorded_at", "service_type",
             "matter", "person_id", "answers")  # fmt: skip
    rows = []
    for found_row in found:
        values = dict(zip(names, found_row, strict=True))
        seen = attention(values)
        if seen is not None:
            day, service, matter = seen
            named = _named(values["answers"]) if service == REFERRAL else None
            rows.append((values["id"], values["office_id"], day.toordinal() if day else None,
                         values["defender_id"], service, matter, values["person_id"],
                         named))  # fmt: skip
    conn.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def _named(answers: Any) -> str | None:
    """The institution a referral attention's ficha names (``entidad_derivacion``) as SQL's
    ``json_extract`` gives it (text as it is; another value as its JSON text)."""
    if isinstance(answers, str):
        try:
            answers = json.loads(answers)
        except ValueError:
            return None
    named = answers.get("entidad_derivacion") if isinstance(answers, dict) else None
    if named is None or isinstance(named, str):
        return named
    return json.dumps(named, ensure_ascii=False, separators=(",", ":"))


def refresh(
    conn: Conn, changed: Changed, before: Mapping[tuple[str, str], Mapping[str, Any]] | None = None
) -> int:
    """Keep ``intake_day`` in step with a transaction's changes (inside it)."""
    ids = changed.ids("intake")
    return _write(conn, ids) if ids else 0


def rebuild(conn: Conn) -> int:
    """Rewrite every row (inside a transaction); returns the rows written."""
    return _write(conn, None)


def create(conn: Conn) -> None:
    """Schema v12 and v13: the table as today's code defines it (``DDL``, ``INDEX``),
    filled from the records present."""
    conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
    conn.execute(DDL)
    conn.execute(INDEX)
    rebuild(conn)
