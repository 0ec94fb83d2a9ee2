"""A serving process's resources: the database pool keeps a connection for every request
thread, so a burst of requests opens no connection beyond the first ones (a new
PostgreSQL backend per request had cost the database more CPU than the request itself);
a worker built by ``app_from_env`` freezes what exists at start-up out of the garbage
collector's scans and collects less often (``app.GC_THRESHOLD``)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anyio.to_thread
import pytest
from sqlalchemy import event

from sync.server.app import GC_THRESHOLD
from sync.server.db import ENV_DB, POOL_SIZE, Database

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


def test_a_worker_sets_its_garbage_collector_for_serving(tmp_path: Path) -> None:
    """In a process of its own, as uvicorn's workers (freezing the test process's objects
    would keep them for the rest of its tests)."""
    code = (
        "import gc; from sync.server.app import app_from_env; app_from_env();"
        "print(gc.get_freeze_count() > 10_000, gc.isenabled(), *gc.get_threshold())"
    )
    env = dict(os.environ, **{ENV_DB: f"sqlite:///{tmp_path / 's.sqlite3'}"})
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True", *map(str, GC_THRESHOLD)]
