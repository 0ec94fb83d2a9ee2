"""Bulk statements straight to the driver, for the writes of the ingest transaction.

Owns how the server writes many rows at once: ``execute_many`` runs a Core statement
compiled once per dialect and column list (``compiled``) as one driver ``executemany``,
skipping SQLAlchemy's per-row parameter processing (which costs more than the database's
own insert); ``insert_many`` inserts rows with ``COPY`` on PostgreSQL and that
``executemany`` elsewhere; ``KeyQueries`` — the lookups by a list of keys (ids, or
(entity, entity id) pairs). The keys travel as ONE parameter (a PostgreSQL array, a SQLite
JSON array read with ``json_each``), so the statement text never changes with the number
of keys: the driver and the database prepare it once (psycopg prepares a statement after
a few runs; sqlite3 caches it), no IN list of hundreds of binds is parsed per batch, and
both databases probe the index per key. A module subclasses it with its statements, one
instance per dialect (``per_dialect``). Used by ``ingest`` (change log, records,
conflicts, quarantine) and by the derived tables its per-batch hooks maintain
(``timeline``). Values go to the driver as they are: give them in the driver's types
(text, int, bool, None; ``date`` where the column is a date).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from sqlalchemy import Connection, Table
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

DIALECTS = ("postgresql", "sqlite")
_COMPILED: dict[tuple[Any, ...], tuple[str, tuple[str, ...] | None]] = {}
_INSERTS: dict[str, ClauseElement] = {}


def compiled(
    conn: Connection, stmt: ClauseElement, keys: tuple[str, ...] = ()
) -> tuple[str, tuple[str, ...] | None]:
    """(SQL text, positional parameter names or None when named) of ``stmt``, compiled
    once per dialect and column list (``stmt`` must live as long as the process: it is
    cached by identity)."""
    cache_key = (id(stmt), conn.dialect.name, keys)
    found = _COMPILED.get(cache_key)
    if found is None:
        done = stmt.compile(dialect=conn.dialect, column_keys=list(keys) or None)
        assert isinstance(done, SQLCompiler)
        order = tuple(done.positiontup or ()) if done.positional else None
        found = _COMPILED[cache_key] = (done.string, order)
    return found


def execute_many(
    conn: Connection, stmt: ClauseElement, rows: list[dict[str, Any]], keys: tuple[str, ...] = ()
) -> None:
    """``executemany`` of a precompiled statement straight to the driver."""
    sql, order = compiled(conn, stmt, keys)
    if order is None:
        conn.exec_driver_sql(sql, rows)
    else:
        conn.exec_driver_sql(sql, [tuple(row[k] for k in order) for row in rows])


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys): COPY on PostgreSQL, else executemany."""
    if not rows:
        return
    keys = tuple(rows[0])
    if conn.dialect.name != "postgresql":
        stmt = _INSERTS.get(table.name)
        if stmt is None:
            stmt = _INSERTS[table.name] = table.insert()
        execute_many(conn, stmt, rows, keys)
        return
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(k) for k in keys)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[k] for k in keys])


Q = TypeVar("Q", bound="KeyQueries")


class KeyQueries:
    """The SQL fragments and parameters of a lookup by a list of keys, in one dialect:
    ``column {self.ids_in}`` with ``self.ids(values)``, ``(entity, entity_id)
    {self.pairs_in}`` with ``self.pairs(keys)``, any other parameter as ``self.param(name)``.
    Subclasses build their statements (plain SQL text for ``exec_driver_sql``) in
    ``__init__`` after calling this one."""

    def __init__(self, dialect: str) -> None:
        self.pg = dialect == "postgresql"
        if self.pg:
            self.pairs_in = "IN (SELECT * FROM unnest(%(entities)s::text[], %(ids)s::text[]))"
            self.ids_in = "= ANY(%(ids)s::text[])"
        else:
            self.pairs_in = (
                "IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')"
                " FROM json_each(:pairs))"
            )
            self.ids_in = "IN (SELECT value FROM json_each(:ids))"

    def param(self, name: str) -> str:
        return f"%({name})s" if self.pg else f":{name}"

    def ids(self, values: list[str]) -> dict[str, Any]:
        return {"ids": values if self.pg else json.dumps(values)}

    def pairs(self, keys: list[tuple[str, str]]) -> dict[str, Any]:
        if self.pg:
            return {"entities": [k[0] for k in keys], "ids": [k[1] for k in keys]}
        return {"pairs": json.dumps(keys)}

    @classmethod
    def per_dialect(cls: type[Q]) -> dict[str, Q]:
        """One instance per dialect the server runs on (build at import)."""
        return {name: cls(name) for name in DIALECTS}
