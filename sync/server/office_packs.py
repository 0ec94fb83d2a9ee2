"""Each office's share of the directorate's figures, packed and kept in the database.

Owns ``Pack`` — one office's timeline as integer arrays (``timeline_figures.Arrays``: the
figures), its cases' defender, opening and closing days (the caseload) and its
consultations counted per day and matter (the trend) — and the table ``office_packs``
that keeps every office's pack by the office's last change in the change log
(``office_seqs``). ``kept(db, seqs, …)`` gives the packs of the offices
asked: the stored ones whose change is still the office's last, in one read of about
30 bytes per case; the others are read from ``case_timeline`` and ``consultations`` (one
statement each for all of them) and stored again. So the first dashboard view after a
server restart, and every ``chasqui-server report timeliness`` (a process that starts
cold), read the nation's packs instead of grouping a million timeline rows, caseload and
consultations in the database (issue 16: about 16 s of PostgreSQL's time at 1M cases
under load); only offices that synced since their pack was made are counted again.

Why a pack is never stale: an office's timeline and consultations change only in the
transaction of one of its changes (ingest), which moves its last change; a pack is
stored under the last change read BEFORE its rows (the rows are at least that new), and
used only while that change is still the last. What rewrites the derived tables without
a change — ``timeline.rebuild`` and ``consultations.rebuild`` (migrations) — empties
``office_packs`` and moves a generation (``timeline.forget_packs``, without numpy:
migrations run at start); a pack is stored only if the generation read before its rows is
still the current one under the packs' lock (``timeline.lock_packs``, which the rebuild
holds too: a rebuild meanwhile, not stored). The packs are stored in short transactions
(about a megabyte each), and on PostgreSQL without the write lock: pushes never wait for
a cold reader storing the nation's packs (review 7 F9).
Periods are cut from a pack in memory (``active_by_defender``, ``monthly``: the same
counts as ``timeline_tally.active_by_defender`` and ``consultations.monthly`` give from
SQL, a test).

Stored form: zstd of a small JSON header (the groups', defenders' and matters' names and
each array's shape) followed by the arrays as little-endian int32.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import zstandard
from sqlalchemy import Connection, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from sync.server import schema
from sync.server.db import Database
from sync.server.timeline import lock_packs, packs_generation, packs_missing
from sync.server.timeline_figures import EPOCH, MISSING, Arrays, Offices, days_sql, only, read
from sync.spec import vocab

_I4 = np.dtype("<i4")
_LEVEL = 1  # zstd level: packs are written on the request path
FEW = 8  # up to this many offices to read again are read one by one (by their index)
STORED_AT_ONCE = 1 << 20  # bytes of packs stored per transaction (``_store``)
# PostgreSQL: many offices' rows aggregated into a hash by one process (``read_packs``)
# (no sort at all: with ``office_id``'s index the planner chose an incremental sort, 1.1 s
# for the timeline against 0.95 s for the hash)
_MANY = ("enable_sort = off", "enable_incremental_sort = off",
         "max_parallel_workers_per_gather = 0", "work_mem = '64MB'")  # fmt: skip


@dataclass(frozen=True)
class Pack:
    """One office's arrays: ``timeline`` (the figures); ``defenders`` and ``load`` —
    one row per case with an opening day: defender index, opening day, closing day
    (``MISSING``: open) —; ``matters`` (codes, "" none) and ``served`` — day, matter
    index, consultations — (days since ``timeline_figures.EPOCH``)."""

    timeline: Arrays
    defenders: list[str]
    load: npt.NDArray[np.int32]
    matters: list[str]
    served: npt.NDArray[np.int32]

    def encode(self) -> bytes:
        arrays = (self.timeline.cases, self.load, self.served)
        head = json.dumps({
            "groups": self.timeline.groups, "defenders": self.defenders,
            "matters": self.matters, "shapes": [list(a.shape) for a in arrays],
        }).encode("utf-8")  # fmt: skip
        body = b"".join(np.ascontiguousarray(a, _I4).tobytes() for a in arrays)
        return zstandard.compress(struct.pack("<I", len(head)) + head + body, _LEVEL)

    @classmethod
    def decode(cls, data: bytes) -> Pack:
        raw = zstandard.decompress(data)
        (size,) = struct.unpack_from("<I", raw)
        head = json.loads(raw[4 : 4 + size])
        at, arrays = 4 + size, []
        for shape in head["shapes"]:
            count = int(np.prod(shape))
            # read-only views of the decompressed bytes (no copy: what reads a pack copies
            # what it changes); int32 as stored on a little-endian machine
            found = np.frombuffer(raw, _I4, count, at).reshape(shape)
            arrays.append(found.astype(np.int32, copy=False))
            at += count * _I4.itemsize
        groups = [(str(m), str(c)) for m, c in head["groups"]]
        return cls(Arrays(groups, arrays[0]), head["defenders"], arrays[1], head["matters"],
                   arrays[2])  # fmt: skip


def _empty(width: int) -> npt.NDArray[np.int32]:
    return np.zeros((0, width), np.int32)


def _loads(conn: Connection, office_id: Offices) -> dict[str, tuple[list[str], Any]]:
    """Per office: its defenders and one row per case with an opening day. On PostgreSQL
    each (office, defender)'s days cross packed (``int4send``, as ``timeline_figures.read``
    does), no Python object per case."""
    opened, closed = (days_sql(conn.dialect.name, c) for c in ("opened_on", "closed_on"))
    names: dict[str, list[str]] = {}
    blocks: dict[str, list[npt.NDArray[np.int32]]] = {}
    if conn.dialect.name == "postgresql":
        sql = (f"SELECT office_id, coalesce(defender_id, ''), string_agg(int4send(CAST({opened}"
               f" AS int4)) || int4send(CAST({closed} AS int4)), ''::bytea) FROM case_timeline"
               f" WHERE opened_on IS NOT NULL AND {{only}} GROUP BY 1, 2")  # fmt: skip
        for office, defender, data in conn.execute(*only(office_id, sql)):
            days = np.frombuffer(bytes(data), dtype=">i4").reshape(-1, 2)
            mine = names.setdefault(str(office), [])
            block = np.empty((len(days), 3), np.int32)
            block[:, 0] = len(mine)
            block[:, 1:] = days
            mine.append(str(defender))
            blocks.setdefault(str(office), []).append(block)
        return {o: (names[o], np.concatenate(blocks[o])) for o in names}
    sql = (f"SELECT office_id, coalesce(defender_id, ''), {opened}, {closed} FROM case_timeline"
           f" WHERE opened_on IS NOT NULL AND {{only}}")  # fmt: skip
    found: dict[str, tuple[dict[str, int], list[tuple[int, int, int]]]] = {}
    for office, defender, began, ended in conn.execute(*only(office_id, sql)):
        index, rows = found.setdefault(str(office), ({}, []))
        rows.append((index.setdefault(str(defender), len(index)), int(began), int(ended)))
    return {o: (list(index), np.array(rows, np.int32).reshape(-1, 3))
            for o, (index, rows) in found.items()}  # fmt: skip


def _served(conn: Connection, office_id: Offices) -> dict[str, tuple[list[str], Any]]:
    """Per office: its consultations' matters and (day, matter, count) rows. On PostgreSQL
    each (office, matter)'s days cross packed (``int4send``) and are counted per day here:
    a few hundred groups to aggregate, not one row per office, day and matter (about 370k
    at 1M consultations, each a Python tuple)."""
    day = days_sql(conn.dialect.name, "served_on")
    found: dict[str, tuple[dict[str, int], list[Any]]] = {}
    if conn.dialect.name == "postgresql":
        sql = (f"SELECT office_id, coalesce(matter, ''), string_agg(int4send(CAST({day} AS"
               f" int4)), ''::bytea) FROM consultations WHERE served_on IS NOT NULL AND"
               f" {{only}} GROUP BY 1, 2")  # fmt: skip
        for office, matter, data in conn.execute(*only(office_id, sql)):
            names, blocks = found.setdefault(str(office), ({}, []))
            days, counts = np.unique(np.frombuffer(bytes(data), ">i4"), return_counts=True)
            block = np.empty((len(days), 3), np.int32)
            block[:, 0], block[:, 1], block[:, 2] = days, len(names), counts
            names[str(matter)] = len(names)
            blocks.append(block)
        return {o: (list(names), np.concatenate(blocks)) for o, (names, blocks) in found.items()}
    sql = (f"SELECT office_id, {day}, coalesce(matter, ''), count(*) FROM consultations"
           f" WHERE served_on IS NOT NULL AND {{only}} GROUP BY 1, 2, 3")  # fmt: skip
    for office, served_on, matter, n in conn.execute(*only(office_id, sql)):
        names, rows = found.setdefault(str(office), ({}, []))
        rows.append((int(served_on), names.setdefault(str(matter), len(names)), int(n)))
    return {o: (list(names), np.array(rows, np.int32).reshape(-1, 3))
            for o, (names, rows) in found.items()}  # fmt: skip


def office_seqs(db: Database) -> dict[str, int]:
    """Each office's last change-log position (office id -> seq; 0 for an office without
    changes, whose derived rows were written some other way — a test, a benchmark's
    load): one probe of the (office, seq) index per office, not a pass over the log."""
    cl, o = schema.change_log.c, schema.offices.c
    last = select(func.max(cl.seq)).where(cl.office_id == o.id).scalar_subquery()
    with db.read() as conn:
        return {str(office): int(seq or 0) for office, seq in conn.execute(select(o.id, last))}


def read_packs(conn: Connection, office_id: Offices = None) -> dict[str, Pack]:
    """Every office's pack (or one office's, or several) from the derived tables, by office
    id. On PostgreSQL the rows of many offices are aggregated into a hash of their groups
    by one process: the planner, which guesses tens of thousands of groups, chose a
    parallel sort of every row (spilled to disk), or a sort in memory — 3.4 s for the
    timeline at 1M cases against 0.7-0.9 s, the caseload and consultations alike; and the
    caseload and consultations are counted on connections of their own meanwhile (three
    backends at once: the cold pass's wall time is its longest statement's, not the sum)."""
    many = conn.dialect.name == "postgresql" and not isinstance(office_id, str)
    if many:
        _aggregating(conn)
        with ThreadPoolExecutor(2, thread_name_prefix="chasqui-packs") as beside:
            # the caseload and the consultations on their own connections meanwhile: three
            # backends aggregate at once (each snapshot taken after the caller's office
            # changes and packs' generation were read: the rows are at least that new)
            loading = beside.submit(_on_its_own, conn, _loads, office_id)
            serving = beside.submit(_on_its_own, conn, _served, office_id)
            timelines = read(conn, office_id)
            loads, served = loading.result(), serving.result()
    else:
        timelines = read(conn, office_id)
        loads, served = _loads(conn, office_id), _served(conn, office_id)
    out = {}
    for office in set(timelines) | set(loads) | set(served):
        defenders, load = loads.get(office, ([], _empty(3)))
        matters, counts = served.get(office, ([], _empty(3)))
        out[office] = Pack(timelines.get(office) or Arrays.empty(), defenders, load, matters,
                           counts)  # fmt: skip
    return out


def _aggregating(conn: Connection) -> None:
    for setting in _MANY:  # for this transaction only
        conn.exec_driver_sql(f"SET LOCAL {setting}")


def _on_its_own(conn: Connection, count: Any, office_id: Offices) -> Any:
    """``count(other, office_id)`` in a read transaction of its own on ``conn``'s engine."""
    with conn.engine.connect() as other, other.begin():
        _aggregating(other)
        return count(other, office_id)


def empty() -> Pack:
    return Pack(Arrays.empty(), [], _empty(3), [], _empty(3))


def kept(db: Database, seqs: Mapping[str, int], wanted: Collection[str] | None = None
         ) -> dict[str, Pack]:  # fmt: skip
    """The packs of the offices ``wanted`` (ids; default every office in ``seqs``, each
    office's last change): stored ones still current, the rest read from the derived
    tables (one statement for all of them, or one office's) and stored under ``seqs``.
    ``seqs`` must have been read before this call (see the module docstring). On
    PostgreSQL a pass over many offices reads the timeline, the caseload and the
    consultations in three transactions (``read_packs``): a pack may mix three snapshots,
    each taken after ``seqs`` — stored under the older change, so an office that synced
    meanwhile is counted again by the next reader, never served stale."""
    p = schema.office_packs.c
    ids = sorted(seqs if wanted is None else (o for o in wanted if o in seqs))
    out: dict[str, Pack] = {}
    with db.read() as conn:
        generation = packs_generation(conn)  # before the rows (review 7 F3)
        stored = conn.execute(select(p.office_id, p.seq).where(p.office_id.in_(ids))) if ids else ()
        current = [str(o) for o, seq in stored if seqs[str(o)] == int(seq)]
        if current:
            for office, data in conn.execute(
                select(p.office_id, p.data).where(p.office_id.in_(current))
            ):
                out[str(office)] = Pack.decode(bytes(data))
        stale = [o for o in ids if o not in out]
        if not stale:
            return out
        if len(stale) > FEW:  # a first view, or many synced: one pass over the tables
            found = read_packs(conn, None if len(stale) == len(seqs) else stale)
        else:  # a few offices synced: each read by its index
            found = {o: p for office in stale for o, p in read_packs(conn, office).items()}
    fresh = {office: found.get(office) or empty() for office in stale}
    _store(db, generation, {office: (seqs[office], pack) for office, pack in fresh.items()})
    return out | fresh


def restore(db: Database) -> int:
    """Store every office's pack when none is stored but the timeline has rows — after a
    migration that rebuilt the derived tables (``timeline.rebuild`` discards the packs;
    ``upgrade.migrate`` calls this once it is done), so that the next report or
    dashboard start reads packs instead of counting the nation cold; how many stored."""
    with db.read() as conn:
        if not packs_missing(conn):  # some stored (a reader counts the rest), or no row
            return 0
    return len(kept(db, office_seqs(db)))


@contextmanager
def _pack_transaction(db: Database) -> Iterator[Connection]:
    """A transaction that stores packs (``_store``). On PostgreSQL it holds the packs'
    lock (``timeline.lock_packs``), not the write lock pushes queue on (review 7 F9: a cold
    reader storing the nation's packs kept every push waiting); on SQLite, with one
    writer at a time, the write lock, for about a megabyte of packs."""
    if db.dialect != "postgresql":
        with db.write() as conn:
            yield conn
        return
    with db.engine.begin() as conn:
        lock_packs(conn)
        yield conn


def _store(db: Database, generation: int, fresh: Mapping[str, tuple[int, Pack]]) -> None:
    """Store the offices' packs (each under its last change) in short transactions
    (``_pack_transaction``) of about ``STORED_AT_ONCE`` bytes — one office's pack, or a few
    small ones: on SQLite a push waits for one of them at most —, while no rebuild has
    happened since ``generation`` was read before their rows (review 7 F3)."""
    p = schema.office_packs.c
    batch: list[dict[str, Any]] = []
    size = 0
    for n, (office, (seq, pack)) in enumerate(fresh.items(), 1):
        data = pack.encode()  # packed before the transaction
        batch.append({"office_id": office, "seq": seq, "data": data})
        size += len(data)
        if size < STORED_AT_ONCE and n < len(fresh):
            continue
        try:
            with _pack_transaction(db) as conn:
                if packs_generation(conn) != generation:
                    return  # a rebuild since the rows were read: stored by the next reader
                offices = [row["office_id"] for row in batch]
                conn.execute(delete(schema.office_packs).where(p.office_id.in_(offices)))
                conn.execute(schema.office_packs.insert(), batch)
        except SQLAlchemyError:  # a cache: the figures stand; the next reader packs them
            return
        batch, size = [], 0


def _day(day: dt.date) -> int:
    return (day - EPOCH).days


def active_by_defender(packs: Mapping[str, Pack], days: Sequence[dt.date]
                       ) -> dict[dt.date, dict[tuple[str, str], int]]:  # fmt: skip
    """``{day: {(office id, defender id): active cases}}`` for sorted ``days``: opened on
    or before the day and not closed by it (``timeline_tally.active_by_defender``'s count,
    from the packs)."""
    marks = np.array([_day(d) for d in days], np.int64)
    out: dict[dt.date, dict[tuple[str, str], int]] = {day: {} for day in days}
    for office, pack in packs.items():
        if not len(pack.load) or not len(days):
            continue
        load = pack.load.astype(np.int64)
        opened = np.searchsorted(marks, load[:, 1], side="left")
        ended = np.where(load[:, 2] == MISSING, np.iinfo(np.int64).max, load[:, 2])
        closed = np.maximum(opened, np.searchsorted(marks, ended, side="left"))
        steps = np.zeros((len(pack.defenders), len(days) + 1), np.int64)
        np.add.at(steps, (load[:, 0], opened), 1)
        np.add.at(steps, (load[:, 0], closed), -1)
        active = np.cumsum(steps[:, :-1], axis=1)
        for n, day in enumerate(days):
            column = active[:, n]
            for defender in np.flatnonzero(column).tolist():
                out[day][(office, pack.defenders[defender])] = int(column[defender])
    return out


def monthly(packs: Mapping[str, Pack], start: dt.date, end: dt.date
            ) -> dict[str, Counter[tuple[str, str]]]:  # fmt: skip
    """Per office id, ``{("YYYY-MM", label(matter code)): consultations}`` served within
    the period (``consultations.monthly``'s count, from the packs)."""
    first, last = _day(start), _day(end)
    out: dict[str, Counter[tuple[str, str]]] = {}
    for office, pack in packs.items():
        inside = pack.served[(pack.served[:, 0] >= first) & (pack.served[:, 0] <= last)]
        if not len(inside):
            continue
        # each row's month (months since 1970) and matter as one key, summed per key
        month = (np.datetime64(EPOCH, "D") + inside[:, 0].astype("timedelta64[D]")).astype(
            "datetime64[M]").astype(np.int64)  # fmt: skip
        keys, at = np.unique(month * len(pack.matters) + inside[:, 1], return_inverse=True)
        sums = np.bincount(at.reshape(-1), weights=inside[:, 2], minlength=len(keys))
        labels = [vocab.matter_label(m) for m in pack.matters]
        found = out.setdefault(office, Counter())
        for key, n in zip(keys.tolist(), sums.tolist(), strict=True):
            months, matter = divmod(key, len(pack.matters))
            found[(f"{1970 + months // 12}-{months % 12 + 1:02d}", labels[matter])] += int(n)
    return out


def timelines(packs: Iterable[tuple[str, Pack]]) -> dict[str, Arrays]:
    return {office: pack.timeline for office, pack in packs}
