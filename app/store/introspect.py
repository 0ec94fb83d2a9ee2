"""Schema introspection: what the open database really holds against what the code expects.

Reads tables, columns and triggers with sqlite-utils (``sqlite_utils.Database`` wrapped
around the open SQLCipher connection — never a path: sqlite-utils would open the file
with the stdlib ``sqlite3``, which cannot read an encrypted database). Read-only use:
sqlite-utils catches the stdlib's ``sqlite3`` exceptions, not ``sqlcipher3``'s, so its
write helpers are not used on the vault.

``schema_problems`` lists, in plain words without record values, every entity table or
column that is missing or has the wrong type, every local table that is missing and
every full-text trigger that is missing; ``[]`` when the schema is what this version of
the app builds. ``Store.check_integrity`` reports them with the page and b-tree checks.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from app.store.schema import ENTITIES, META_COLUMNS

Conn = Any

LOCAL_TABLES = (
    "meta",
    "outbox",
    "quarantine",
    "conflict",
    "sync_state",
    "counter",
    "draft",
    "audit_event",
    "unknown_change",
    "search_fts",
)
FTS_TRIGGERS = ("fts_ai", "fts_au", "fts_ad")  # after insert, update, delete


def schema_problems(conn: Conn) -> list[str]:
    """Differences between the database's schema and the one this version expects."""
    db = sqlite_utils.Database(conn, execute_plugins=False)  # no plugin sees the vault
    tables = set(db.table_names())
    problems = [f"table {name} is missing" for name in LOCAL_TABLES if name not in tables]
    for ent in ENTITIES.values():
        if ent.table not in tables:
            problems.append(f"table {ent.table} is missing")
            continue
        table = db.table(ent.table)
        have = {col.name: col.type.upper() for col in table.columns}
        want = {"id": "TEXT", **{f.name: f.sql_type for f in ent.spec.fields}}
        want.update(dict.fromkeys(META_COLUMNS, ""))  # private columns: any type
        for name, sql_type in want.items():
            if name not in have:
                problems.append(f"column {ent.table}.{name} is missing")
            elif sql_type and have[name] != sql_type:
                problems.append(f"column {ent.table}.{name} is {have[name]}, not {sql_type}")
        if ent.spec.search is not None:
            triggers = {trigger.name for trigger in table.triggers}
            problems += [
                f"trigger {ent.table}_{suffix} is missing"
                for suffix in FTS_TRIGGERS
                if f"{ent.table}_{suffix}" not in triggers
            ]
    return problems
