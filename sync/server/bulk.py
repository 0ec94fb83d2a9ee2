"""Bulk statements straight to the driver, for the writes of the ingest transaction.

Owns how the server writes many rows at once: ``execute_many`` runs a Core statement
compiled once per dialect and column list (``compiled``) as one driver ``executemany``,
skipping SQLAlchemy's per-row parameter processing (which costs more than the database's
own insert); ``insert_many`` inserts rows with ``COPY`` on PostgreSQL and that
``executemany`` elsewhere; ``rows`` / ``run`` — one statement (SQL text, or a Core
statement compiled once) on the driver's own cursor: SQLAlchemy's execution context cost
~200 us a statement here against ~40 us for the driver, and a push runs a dozen (driver
errors are raised as SQLAlchemy's, so "database unavailable" is still a 503; values
come back in the driver's types: text, int, None — use it for those columns);
``KeyQueries`` — the lookups by a list of keys (ids, or
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
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement

DIALECTS = ("postgresql", "sqlite")
_COMPILED: dict[tuple[Any, ...], tuple[str, tuple[str, ...] | None]] = {}
_INSERTS: dict[str, ClauseElement] = {}
_DEFAULTS: dict[tuple[int, str], dict[str, Any]] = {}


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


def _driver_call(
    conn: Connection, sql: str, params: Any, many: bool = False, fetch: bool = True
) -> list[Any]:
    """Run ``sql`` on the driver's cursor of ``conn`` (inside its transaction)."""
    driver = conn.connection.driver_connection
    assert driver is not None
    dbapi = conn.dialect.loaded_dbapi
    cur = driver.cursor()
    try:
        if many:
            cur.executemany(sql, params)
        else:
            cur.execute(sql, params)
        return list(cur.fetchall()) if fetch else []
    except dbapi.Error as exc:  # as SQLAlchemy raises it (OperationalError: a 503)
        raise DBAPIError.instance(sql, None, exc, dbapi.Error) from None
    finally:
        cur.close()


def _bound(
    conn: Connection, stmt: str | ClauseElement, params: Mapping[str, Any] | None
) -> tuple[str, Any]:
    if isinstance(stmt, str):
        return stmt, dict(params or {})
    sql, order = compiled(conn, stmt)
    key = (id(stmt), conn.dialect.name)
    defaults = _DEFAULTS.get(key)
    if defaults is None:  # the statement's own literals (e.g. COALESCE(..., 0))
        done = stmt.compile(dialect=conn.dialect)
        assert isinstance(done, SQLCompiler)
        defaults = _DEFAULTS[key] = {
            name: bind.value for bind, name in done.bind_names.items() if bind.value is not None
        }
    values = {**defaults, **(params or {})}
    return sql, (values if order is None else tuple(values[k] for k in order))


def rows(
    conn: Connection, stmt: str | ClauseElement, params: Mapping[str, Any] | None = None
) -> list[Sequence[Any]]:
    """Every row of one query, through the driver (``stmt``: SQL text in the dialect's
    parameter style, or a Core statement that lives as long as the process)."""
    sql, bound = _bound(conn, stmt, params)
    return _driver_call(conn, sql, bound)


def run(
    conn: Connection, stmt: str | ClauseElement, params: Mapping[str, Any] | None = None
) -> None:
    """One statement that returns no rows, through the driver (as ``rows``)."""
    sql, bound = _bound(conn, stmt, params)
    _driver_call(conn, sql, bound, fetch=False)


def execute_many(
    conn: Connection, stmt: ClauseElement, rows: list[dict[str, Any]], keys: tuple[str, ...] = ()
) -> None:
    """``executemany`` of a precompiled statement straight to the driver."""
    sql, order = compiled(conn, stmt, keys)
    if order is None:
        _driver_call(conn, sql, rows, many=True, fetch=False)
    else:
        values = [tuple(row[k] for k in order) for row in rows]
        _driver_call(conn, sql, values, many=True, fetch=False)


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
