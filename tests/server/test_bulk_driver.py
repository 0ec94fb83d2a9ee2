"""Statements on the driver's own cursor (``bulk.rows`` / ``bulk.run``): same rows as
SQLAlchemy gives, inside the caller's transaction, and driver errors raised as
SQLAlchemy's (so an unreachable database is still answered 503, not 500)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, OperationalError

from sync.server import bulk, ingest, schema
from tests.server.conftest import Server

_NEWEST_KEY = select(func.coalesce(func.max(schema.server_meta.c.key), "none"))  # a literal bind


def test_driver_statements_read_what_sqlalchemy_reads(server: Server) -> None:
    with server.db.write() as conn:
        expected = conn.execute(_NEWEST_KEY).scalar_one()
        assert bulk.rows(conn, _NEWEST_KEY) == [(expected,)]
        q = ingest._queries(conn)
        bulk.run(conn, f"DELETE FROM server_meta WHERE key = {q.param('key')}", {"key": "x"})
        before = ingest.next_seq(conn)
        assert before == conn.execute(ingest._NEXT_SEQ).scalar_one() + 1


def test_a_driver_error_is_raised_as_sqlalchemys(server: Server) -> None:
    with server.db.read() as conn, pytest.raises(DBAPIError) as caught:
        bulk.rows(conn, "SELECT nothing FROM no_such_table")
    assert isinstance(caught.value.orig, conn.dialect.loaded_dbapi.Error)
    if server.db.dialect == "sqlite":
        assert isinstance(caught.value, OperationalError)  # the app answers it 503
