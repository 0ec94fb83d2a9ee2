"""The database pool keeps a connection for every request thread: a burst of requests
opens no connection beyond the first ones (a new PostgreSQL backend per request had cost
the database more CPU than the request itself)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread
import pytest
from sqlalchemy import event

from sync.server.db import POOL_SIZE, Database

THREADS = 40  # starlette's thread pool: anyio's default limiter


def test_the_pool_holds_as_many_connections_as_the_request_threads() -> None:
    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert anyio.run(tokens) == THREADS <= POOL_SIZE


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    database.migrate()
    yield database
    database.dispose()


def test_a_second_burst_opens_no_connection(db: Database) -> None:
    opened = [0]
    event.listen(db.engine, "connect", lambda *_: opened.__setitem__(0, opened[0] + 1))
    barrier = threading.Barrier(THREADS)

    def read(_: int) -> int:
        with db.read() as conn:
            barrier.wait(timeout=30)  # every thread holds its connection at once
            return int(conn.exec_driver_sql("SELECT 1").scalar() or 0)

    def burst() -> int:
        with ThreadPoolExecutor(THREADS) as pool:
            assert sum(pool.map(read, range(THREADS))) == THREADS
        return opened[0]

    first = burst()
    assert burst() == first, f"{opened[0] - first} connections opened by the second burst"
