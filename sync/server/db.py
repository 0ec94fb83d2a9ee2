"""Server database access: engine set-up, migrations, the write lock, the epoch.

Owns how the server talks to its database: SQLite (one file, WAL, a single writer) or
PostgreSQL (``postgresql+psycopg://...``), migrations run programmatically with alembic,
and ``Database.write()`` — the one way to open a write transaction.

Every command starts with ``migrate()``; on a database already at the newest revision
(``head_revision``, read from the revision files) that is one SELECT of its revision and
epoch, and alembic (with mako and pygments, about 1 s of imports) is imported only when
there is something to migrate.

Why writes are serialized: pushes number accepted changes with ``seq = max(seq) + 1``
inside their transaction. If two push transactions could run at once, the one that took
the higher number might commit first, and a client pulling between the two commits would
move its cursor past a change that appears later: it would skip it forever. So every
write transaction holds one lock until it commits, and sequence numbers become visible
in order — no gaps are skipped, ever:
- on PostgreSQL, ``pg_advisory_xact_lock`` (held by the transaction, released at commit
  or rollback; works across processes and machines sharing the cluster);
- on SQLite, a process lock plus ``BEGIN IMMEDIATE`` (SQLite's own database-wide write
  lock, which serializes writers of several worker processes; ``busy_timeout`` waits).
  Worker processes first queue on an exclusive ``flock`` of ``<database>.writelock``
  (POSIX): SQLite's busy handler polls with sleeps of up to 100 ms, so a process that
  commits and begins again at once kept the lock while the other one slept — under a
  burst one worker's pushes waited for tens of seconds; a blocked ``flock`` is woken as
  soon as the lock is released.
Reads never take the lock.

Group commit (``Database.grouped(job)``): concurrent write jobs — pushes, devices' "last
seen" marks — queue up and run in ONE write transaction, each job in its own savepoint
(a job that raises is rolled back alone and gets its exception; the others commit),
and every caller gets its answer only after that one commit. One writer at a time, a
queue (LevelDB's writer queue, Datasette's one-write-thread pattern without a thread to
manage): the first caller to find no writer at work becomes the writer, takes everything
queued behind it (up to ``GROUP_MAX_JOBS`` jobs or ``GROUP_MAX_WEIGHT`` changes), runs
and commits it, hands the answers out and wakes the next head of the queue. 200 devices
syncing at once therefore cost a handful of fsyncs and lock handovers instead of 200 (on
SQLite several worker processes still take turns on the database lock, one group each).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, select, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from sync.server import bulk, schema

ADVISORY_LOCK_KEY = 0x43484153  # "CHAS"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ENV_DB = "CHASQUI_SERVER_DB"
GROUP_MAX_JOBS = 64  # jobs per group commit
GROUP_MAX_WEIGHT = 5000  # changes per group commit (a single larger job still runs alone)
# Connections each process keeps open: as many as the request threads that may hold one
# at a time (starlette's thread pool: anyio's default limiter, 40 threads), so a burst
# never opens and closes connections. With pool_size=10 and max_overflow=20, a burst of
# 200 devices opened an overflow connection per request and closed it on return: a new
# PostgreSQL backend each time (fork, authentication, catalog caches), 12.1 -> 6.4 ms of
# PostgreSQL CPU per /v1/sync (bench/server.py --phase mixed --start burst). A few more
# (``POOL_OVERFLOW``) for work beside the thread pool (the group writer, streams).
POOL_SIZE = 40
POOL_OVERFLOW = 10
T = TypeVar("T")


class DatabaseError(RuntimeError):
    """The database cannot be opened or migrated (message safe to show, no secrets)."""


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def default_db_url() -> str:
    """``$CHASQUI_SERVER_DB`` or a SQLite file in the platform data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return env
    from platformdirs import user_data_dir

    path = Path(user_data_dir("chasqui-server", appauthor=False)) / "server.sqlite3"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def private_sqlite_file(url: str) -> None:
    """Create the SQLite file of ``url`` readable by its owner only (0600), or tighten an
    existing one; SQLite gives its -wal and -shm files the same mode. No-op elsewhere."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or os.name != "posix":
        return
    path = Path(database)
    try:
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
        for suffix in ("", "-wal", "-shm"):
            extra = Path(f"{path}{suffix}")
            if extra.exists() and extra.stat().st_mode & 0o077:
                os.chmod(extra, 0o600)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the database file {path.name}: {exc.strerror}"
        ) from None


def safe_url(url: str) -> str:
    """The URL with any password masked (for messages and logs)."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<invalid database URL>"


def _write_lock_file(url: str) -> int | None:
    """An open descriptor of ``<database>.writelock`` (0600), or None where there is no
    file to lock (memory databases, other systems than POSIX, other databases)."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or os.name != "posix":
        return None
    try:
        return os.open(f"{database}.writelock", os.O_CREAT | os.O_RDWR, 0o600)
    except OSError:
        return None  # e.g. a read-only folder: SQLite's own lock still serializes


@contextmanager
def _flocked(fd: int | None) -> Iterator[None]:
    if fd is None:
        yield
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX)  # blocks without the GIL; woken at the release
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _sqlite_engine(url: str) -> Engine:
    memory = url in ("sqlite://", "sqlite:///:memory:")
    if not memory:
        private_sqlite_file(url)
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    if memory:
        kwargs["poolclass"] = StaticPool
    else:  # a file: connections kept like PostgreSQL's (each opens with its PRAGMAs)
        kwargs.update(pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("chasqui_write", False)
        bulk.run(conn, "BEGIN IMMEDIATE" if immediate else "BEGIN")  # on the driver: cheaper

    return engine


def make_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            return _sqlite_engine(url)
        if url.startswith("postgresql"):
            return create_engine(
                url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=True
            )
    except (ArgumentError, ValueError, ImportError) as exc:
        raise DatabaseError(f"cannot use database {safe_url(url)}: {exc}") from None
    raise DatabaseError("database URL must start with sqlite:// or postgresql+psycopg://")


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config  # alembic only where a migration runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*(?:\"([^\"]+)\"|None)", re.M)


@cache
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(the revisions of ``MIGRATIONS/versions``, those another one revises)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if name == "revision" else revised).add(value)
    return frozenset(revisions), frozenset(revised)


@cache
def head_revision() -> str:
    """The newest revision of ``MIGRATIONS/versions``: the one no other revises (they form
    one line, the revision files say so in ``revision`` / ``down_revision``; alembic's own
    answer is the same, a test)."""
    revisions, revised = _revisions()
    heads = set(revisions - revised)
    if len(heads) != 1:
        raise DatabaseError(f"the migrations have {len(heads)} heads, not one")
    return heads.pop()


class Database:
    """An engine plus the write lock; created once per process."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        self._lock = threading.Lock()
        self._lock_fd = _write_lock_file(url) if self.dialect == "sqlite" else None
        self._epoch: str | None = None
        self.group = GroupCommit(self)
        self.upgraded = False  # ``migrate`` ran alembic (``upgrade.migrate`` reads it)

    # ----------------------------------------------------------------- lifecycle

    def _at_head(self) -> str | None:
        """The epoch if the database is at ``head_revision`` already (one SELECT), else None
        (older, newer, empty, or not initialized: ``migrate`` runs alembic)."""
        sql = (
            "SELECT (SELECT version_num FROM alembic_version),"
            " (SELECT value FROM server_meta WHERE key = 'epoch')"
        )
        try:
            with self.engine.connect() as conn:
                try:
                    revision, epoch = conn.execute(text(sql)).one()
                except SQLAlchemyError:
                    return None  # no such tables yet
        except SQLAlchemyError as exc:  # no connection at all
            raise self._cannot_open(exc) from None
        if revision is not None and revision not in _revisions()[0]:
            # migrated by a newer version: this one would serve (or write) with the old
            # rules on a schema it does not know (0010, 0013 and 0014 rebuild the timeline)
            raise DatabaseError(
                f"the database is at schema revision {revision}, newer than this version of "
                f"chasqui-server knows (its newest is {head_revision()}): install the new "
                "version here too; nothing was changed"
            )
        return str(epoch) if revision == head_revision() and epoch is not None else None

    def _cannot_open(self, exc: SQLAlchemyError) -> DatabaseError:
        cause = getattr(exc, "orig", None) or exc
        detail = " ".join(str(cause).split())[:200]
        return DatabaseError(f"cannot open {safe_url(self.url)}: {type(cause).__name__}: {detail}")

    def migrate(self) -> str:
        """Bring the schema to the newest revision; create the epoch. Returns the epoch;
        ``upgraded`` says whether this call ran alembic."""
        self.upgraded = False
        epoch = self._at_head()
        if epoch is not None:
            self._epoch = epoch
            return epoch
        try:
            from alembic import command  # only when there is something to migrate

            with self._lock, self.engine.connect() as conn:
                conn = conn.execution_options(chasqui_write=True)
                if self.dialect == "postgresql":
                    with conn.begin():
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
                        command.upgrade(_alembic_config(conn), "head")
                else:
                    command.upgrade(_alembic_config(conn), "head")
                    conn.commit()
            with self.write() as conn:
                row = conn.execute(
                    select(schema.server_meta.c.value).where(schema.server_meta.c.key == "epoch")
                ).first()
                if row is None:
                    epoch = secrets.token_hex(16)
                    conn.execute(
                        schema.server_meta.insert(),
                        [
                            {"key": "epoch", "value": epoch},
                            {"key": "created_at", "value": json.dumps(now_ms())},
                        ],
                    )
                else:
                    epoch = row[0]
        except SQLAlchemyError as exc:
            raise self._cannot_open(exc) from None
        self._epoch = epoch
        self.upgraded = True
        return epoch

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if found is None else str(found[0])

    head_revision = staticmethod(head_revision)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._lock_fd is not None:
            fd, self._lock_fd = self._lock_fd, None
            os.close(fd)

    @property
    def epoch(self) -> str:
        if self._epoch is None:
            with self.engine.connect() as conn:
                row = conn.execute(
                    select(schema.server_meta.c.value).where(schema.server_meta.c.key == "epoch")
                ).first()
            if row is None:
                raise DatabaseError("the database is not initialized: run `chasqui-server migrate`")
            self._epoch = str(row[0])
        return self._epoch

    # ----------------------------------------------------------------- transactions

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A serialized write transaction (see the module docstring): commit on success."""
        with self._lock, _flocked(self._lock_fd), self.engine.connect() as conn:
            conn = conn.execution_options(chasqui_write=True)
            with conn.begin():
                if self.dialect == "postgresql":
                    bulk.rows(conn, f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
                yield conn

    def grouped(self, job: Callable[[Connection], T], weight: int = 1) -> T:
        """Run ``job(conn)`` in a write transaction shared with the jobs queued beside it
        (group commit, see the module docstring); returns its result once committed."""
        return self.group.run(job, weight)

    def loose(self, job: Callable[[Connection], object]) -> Callable[[], None] | None:
        """Start ``job(conn)`` in a write transaction for rows that number nothing and that
        a crash may lose (push claims, ``held``), ahead of every write started after this
        call. On PostgreSQL it is done on return (None): its own short transaction,
        waiting neither for the write lock nor for its WAL flush (``synchronous_commit``
        off: still seen by every session at once; its rows end with a crashed process
        anyway) — in the serialized writers' line each claim cost a push a commit and an
        fsync. On SQLite (one writer) it is queued in the group commit now, and the call
        returned waits for its commit (writing its group when its turn comes)."""
        if self.dialect != "postgresql":
            slot = self.group.submit(job)

            def committed() -> None:
                self.group.wait(slot)

            return committed
        with self.engine.connect() as conn, conn.begin():
            bulk.run(conn, "SET LOCAL synchronous_commit = off")
            job(conn)
        return None

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction (one consistent view on PostgreSQL, WAL snapshot on SQLite)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn


class _Slot(Generic[T]):
    """One queued write job and, once its group committed, its answer."""

    __slots__ = ("done", "error", "job", "value", "weight")

    def __init__(self, job: Callable[[Connection], T], weight: int) -> None:
        self.job = job
        self.weight = max(1, weight)
        self.done = False
        self.value: Any = None
        self.error: BaseException | None = None

    def answer(self) -> T:
        if self.error is not None:
            raise self.error
        return self.value


class GroupCommit:
    """The writer queue of one ``Database`` (one writer at a time; see the docstring)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cv = threading.Condition()
        self._queue: deque[_Slot[Any]] = deque()
        self._writing = False
        self._watchers = 0  # callers inside ``wait_queued``
        self.groups = 0  # group transactions committed (figures and tests)
        self.jobs = 0

    @property
    def queued(self) -> int:
        """Jobs waiting for a writer (not counting the group being written)."""
        with self._cv:
            return len(self._queue)

    def wait_queued(self, count: int, timeout: float) -> bool:
        """Wait until at least ``count`` jobs wait for a writer (woken by each arrival, no
        polling); False if that did not happen within ``timeout`` seconds."""
        with self._cv:
            self._watchers += 1
            try:
                return self._cv.wait_for(lambda: len(self._queue) >= count, timeout)
            finally:
                self._watchers -= 1

    def run(self, job: Callable[[Connection], T], weight: int) -> T:
        return self.wait(self.submit(job, weight))

    def submit(self, job: Callable[[Connection], T], weight: int = 1) -> _Slot[T]:
        """Queue ``job`` now (every job queued later runs after it, or in its group); its
        answer is ``wait(slot)``, which someone must call (it writes when its turn comes)."""
        slot: _Slot[T] = _Slot(job, weight)
        with self._cv:
            self._queue.append(slot)
            if self._watchers:  # an arrival changes nothing for queued jobs: wake only
                self._cv.notify_all()  # ``wait_queued``'s callers, and only if there are any
        return slot

    def wait(self, slot: _Slot[T]) -> T:
        """The answer of a job ``submit`` queued, once its group committed (written by
        this caller when the job heads the queue and no group is being written)."""
        with self._cv:
            while not slot.done and (self._writing or self._queue[0] is not slot):
                self._cv.wait()
            if slot.done:
                return slot.answer()
            self._writing = True
            group = [self._queue.popleft()]
            load = slot.weight
            while self._queue and len(group) < GROUP_MAX_JOBS:
                if load + self._queue[0].weight > GROUP_MAX_WEIGHT:
                    break
                load += self._queue[0].weight
                group.append(self._queue.popleft())
        try:
            self._commit(group)
        finally:
            with self._cv:
                self._writing = False
                for done in group:
                    done.done = True
                self._cv.notify_all()
        return slot.answer()

    def _commit(self, group: list[_Slot[Any]]) -> None:
        try:
            with self.db.write() as conn:
                for slot in group:
                    savepoint = conn.begin_nested() if len(group) > 1 else None
                    try:
                        slot.value = slot.job(conn)
                    except Exception as exc:
                        if savepoint is None:
                            raise
                        savepoint.rollback()
                        slot.error = exc
                    else:
                        if savepoint is not None:
                            savepoint.commit()
        except BaseException as exc:  # the transaction failed: nobody's work is stored
            for slot in group:
                slot.value, slot.error = None, exc
            if not isinstance(exc, Exception):
                raise
            return
        self.groups += 1
        self.jobs += len(group)
