"""Sync server benchmark: ingest in bulk, then N simulated devices push and pull.

    .venv/bin/python bench/server.py                       # SQLite + PostgreSQL, 2 workers
    .venv/bin/python bench/server.py --devices 50 --duration 10 --backend sqlite

The server runs as a separate process (``chasqui-server serve --workers 2``) so that the
load generator does not share its interpreter. Two phases per database:

1. **Ingest** (issue 14's target, >= 1,500 accepted changes/s on 2 cores): ``--pushers``
   devices each POST ``--batches`` pre-encoded /v1/push batches of ``--batch`` realistic
   changes (people, cases, notes, hearings, edits), zstd, as laptops do after days
   offline. Printed: accepted changes/s, and beside it the **same rows** (the change-log
   and record rows that run wrote, read back) inserted with a plain ``executemany`` into
   copies of those tables in the same database, in transactions of the same size: the
   ratio shows how close ingest is to the database's own speed.
2. **Mixed load**: each of ``--devices`` devices runs a closed loop (``--think`` s mean
   pause): a batch of 0-8 changes, POST /v1/sync (push + first pull page), then the
   remaining pull pages. Printed: accepted changes/s, /v1/sync latency p50/p95, bytes
   per change compressed and uncompressed, and the same pushes applied in-process (no
   HTTP, no codec) as a baseline.
   ``--start burst`` (default) starts every device's first round at once (the worst
   case: 200 laptops switched on together); ``--start spread`` starts each at a random
   point of its schedule (the steady state of "200 devices syncing every 5 minutes":
   ``--think 300 --start spread``).
   Each simulated device keeps one HTTP/1.1 connection of ``bench.http_lite`` (the
   generator shares the server's two cores: through ``httpx`` a round cost it 5-6 ms of
   CPU, as much as the server's work). A device whose next round falls after
   ``--duration`` stops.

``--phase lock`` (alone): the ingest phase's pushes in-process, one after the other,
printing the time per change under the write lock (the serial part, which bounds what
several workers can do together) beside the whole push.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Index, MetaData, Table, select  # noqa: E402

from bench import http_lite  # noqa: E402
from bench.cpu import CpuMeter, settled  # noqa: E402
from sync import compression, protocol  # noqa: E402
from sync.hlc import HybridLogicalClock  # noqa: E402
from sync.protocol.lean import ranges_size  # noqa: E402
from sync.server import schema  # noqa: E402
from sync.server.admin import Admin  # noqa: E402
from sync.server.auth import enroll, issue_code  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.formcheck import FormChecker  # noqa: E402
from sync.server.push import DeviceContext, PushProcessor  # noqa: E402
from tests.server.serve_process import ServeProcess  # noqa: E402

NAMES = ["Rosa", "Juan", "María", "Luis", "Carmen", "José", "Ana", "Pedro", "Lucía", "Jorge"]
SURNAMES = ["Quispe", "Mamani", "Huamán", "Flores", "García", "Condori", "Rojas", "Torres"]
_TEXT = (
    "audiencia pensión alimentos demanda conciliación juzgado expediente notificación "
    "medida protección violencia familiar informe psicológico escrito apelación plazo"
)
WORDS = _TEXT.split()


@dataclass
class SimDevice:
    device_id: str
    token: str
    office_id: str
    clock: HybridLogicalClock
    user_id: str | None = None  # a defender of the office: the server binds authorship
    seq: int = 0
    cursor: int = 0
    cases: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)

    def _change(
        self, entity: str, fields: dict[str, Any], entity_id: str | None = None
    ) -> dict[str, Any]:
        self.seq += 1
        return {
            "change_id": uuid.uuid4().hex,
            "entity": entity,
            "entity_id": entity_id or uuid.uuid4().hex,
            "op": "upsert",
            "fields": fields,
            "base": {k: "000000000000000-00000-0" for k in fields},
            "hlc": self.clock.now(),
            "device_id": self.device_id,
            "seq": self.seq,
            "user_id": self.user_id,
        }

    def batch(self, rng: random.Random) -> list[dict[str, Any]]:
        """0-8 changes, the mix of a defender's working session."""
        out: list[dict[str, Any]] = []
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 8])):
            kind = rng.random()
            if kind < 0.25 or not self.cases:
                pid = uuid.uuid4().hex
                self.people.append(pid)
                out.append(self._change("person", {
                    "office_id": self.office_id,
                    "given_names": rng.choice(NAMES),
                    "paternal_surname": rng.choice(SURNAMES),
                    "maternal_surname": rng.choice(SURNAMES),
                    "doc_type": "DNI",
                    "doc_number": f"{rng.randrange(10**7, 10**8)}",
                    "birth_date": f"19{rng.randrange(40, 99)}-0{rng.randrange(1, 9)}-15",
                    "sex": rng.choice("FM"),
                    "ubigeo": "150101",
                    "phone": f"9{rng.randrange(10**7, 10**8)}",
                    "mother_tongue": rng.choice(["castellano", "quechua", "aimara"]),
                    "interpreter_needed": 0,
                }, pid))  # fmt: skip
                cid = uuid.uuid4().hex
                self.cases.append(cid)
                out.append(self._change("case", {
                    "office_id": self.office_id,
                    "internal_number": f"LIM-2026-01{self.seq:04d}",
                    "person_id": pid,
                    "matter": rng.choice(["alimentos", "violencia", "filiacion", "laboral"]),
                    "status": "open",
                    "summary": " ".join(rng.choices(WORDS, k=25)),
                    "opened_at": "2026-11-26T10:00:00",
                }, cid))  # fmt: skip
            elif kind < 0.7:
                out.append(self._change("note", {
                    "case_id": rng.choice(self.cases),
                    "text": " ".join(rng.choices(WORDS, k=rng.randrange(20, 120))),
                    "author_id": self.device_id,
                    "created_at": "2026-11-26T11:00:00",
                }))  # fmt: skip
            elif kind < 0.85:
                out.append(self._change("hearing", {
                    "case_id": rng.choice(self.cases),
                    "category": "hearing",
                    "kind": "audiencia única",
                    "at": "2026-12-10T09:00:00",
                    "place": "Juzgado de Paz Letrado",
                    "status": "scheduled",
                }))  # fmt: skip
            else:
                out.append(self._change(
                    "case", {"status": rng.choice(["open", "closed"])}, rng.choice(self.cases)
                ))  # fmt: skip
        return out


@dataclass
class Stats:
    accepted: int = 0
    pushed: int = 0
    requests: int = 0
    latencies: list[float] = field(default_factory=list)
    raw_up: int = 0
    wire_up: int = 0
    raw_down: int = 0
    wire_down: int = 0
    pulled: int = 0
    errors: int = 0


def _round(dev: SimDevice, rng: random.Random) -> tuple[list[dict[str, Any]], bytes, bytes]:
    """(changes, JSON text, zstd body) of one /v1/sync round of ``dev``."""
    changes = dev.batch(rng)
    doc = protocol.SyncRequest.of_parts(
        protocol.PushBatch.of(dev.device_id, "0.1.0", []), dev.cursor, 500
    ).to_dict()
    doc["changes"] = protocol.ChangeBlock.of(changes).to_dict()
    raw = compression.dumps(doc)
    return changes, raw, compression.compress(raw, compression.ZSTD)


async def _device_loop(
    dev: SimDevice,
    base: str,
    stop_at: float,
    stats: Stats,
    rng: random.Random,
    think: float,
    spread: bool = False,
    first: tuple[list[dict[str, Any]], bytes, bytes] | None = None,
) -> None:
    """One device's rounds, one request at a time on its own keep-alive connection
    (``http_lite``: the generator shares the server's cores). ``first``: its first
    round, encoded before the clock started (a laptop switched on has its changes ready;
    200 simulated laptops encoding theirs at level 12 on the server's two cores would be
    measured as the server's latency)."""
    if spread and think:  # in the middle of its schedule: its last round was earlier
        wait = rng.uniform(0, 2 * think)
        if time.monotonic() + wait >= stop_at:
            return  # its first round falls after the measured window
        await asyncio.sleep(wait)
    host, _, port = base.removeprefix("http://").partition(":")
    conn = http_lite.Connection(host, int(port), {
        "Authorization": f"Bearer {dev.token}",
        "Content-Type": "application/json",
        "Content-Encoding": "zstd",
        "Accept-Encoding": "zstd",
    })  # fmt: skip
    try:
        while time.monotonic() < stop_at:
            changes, raw, body = first if first is not None else _round(dev, rng)
            first = None
            t0 = time.perf_counter()
            try:
                r = await conn.post("/v1/sync", body)
            except (OSError, asyncio.IncompleteReadError):
                stats.errors += 1
                await conn.close()
                continue
            stats.latencies.append(time.perf_counter() - t0)
            stats.requests += 1
            if r.status != 200:
                stats.errors += 1
                continue
            result = _DECODE(r.body)
            stats.raw_up += len(raw)
            stats.wire_up += len(body)
            stats.wire_down += r.wire
            stats.raw_down += len(r.body)
            stats.pushed += len(changes)
            stats.accepted += ranges_size(result["push"].get("accepted", []))
            page = result["pull"]
            stats.pulled += len(page["changes"].get("rows", []))
            dev.cursor = page["next_cursor"]
            while page["more"] and time.monotonic() < stop_at:
                ask = protocol.PullRequest.of(dev.cursor, 500, "0.1.0").to_dict()
                pr = await conn.post(
                    "/v1/pull", compression.compress(compression.dumps(ask), "zstd")
                )
                stats.requests += 1
                page = _DECODE(pr.body)
                stats.pulled += len(page["changes"].get("rows", []))
                stats.wire_down += pr.wire
                stats.raw_down += len(pr.body)
                dev.cursor = page["next_cursor"]
            if think:
                pause = rng.uniform(0, 2 * think)
                if time.monotonic() + pause >= stop_at:
                    return  # its next round falls after the measured window
                await conn.close()  # the server would end it idle (serve: after 75 s)
                await asyncio.sleep(pause)
    finally:
        await conn.close()


_DECODE = msgspec.json.Decoder().decode


def _setup(url: str, devices: int, per_office: int) -> list[SimDevice]:
    db = Database(url)
    db.migrate()
    admin = Admin(db)
    sims = []
    for i in range(devices):
        if i % per_office == 0:
            office = admin.add_office(f"OF{i // per_office:03d}", f"Oficina {i // per_office}")
            user_id = admin.add_user(office.code, "defensor")
        e = enroll(db, issue_code(db, office.office_id, 3600), f"pc{i}", "0.1.0")
        clock = HybridLogicalClock(e.device_id)
        sims.append(SimDevice(e.device_id, e.token, e.office_id, clock, user_id))
    db.dispose()
    return sims


def _baseline(url: str, sims: list[SimDevice], seconds: float) -> float:
    """Accepted changes/s of the same pushes applied in-process (no HTTP, no codec)."""
    db = Database(url)
    pusher = PushProcessor(db, FormChecker(db))
    rng = random.Random(7)
    accepted = 0
    stop = time.monotonic() + seconds
    t0 = time.monotonic()
    i = 0
    while time.monotonic() < stop:
        dev = sims[i % len(sims)]
        i += 1
        ctx = DeviceContext(dev.device_id, dev.office_id, "X", 1)
        accepted += sum(1 for r in pusher.push(ctx, dev.batch(rng)) if r.status == "accepted")
    elapsed = time.monotonic() - t0
    db.dispose()
    return accepted / elapsed


HEADERS = {"Content-Type": "application/json", "Content-Encoding": "zstd",
           "Accept-Encoding": "zstd"}  # fmt: skip


def _ingest_bodies(sims: list[SimDevice], batches: int, size: int) -> list[list[bytes]]:
    """Per device, ``batches`` zstd /v1/push bodies of ``size`` changes (built untimed)."""
    rng = random.Random(11)
    out: list[list[bytes]] = []
    for dev in sims:
        bodies = []
        for _ in range(batches):
            changes: list[dict[str, Any]] = []
            while len(changes) < size:
                changes += dev.batch(rng)
            doc = protocol.PushBatch.of(dev.device_id, "0.1.0", []).to_dict()
            doc["changes"] = protocol.ChangeBlock.of(changes[:size]).to_dict()
            bodies.append(compression.compress(compression.dumps(doc), compression.ZSTD))
        out.append(bodies)
    return out


def _ingest(base: str, sims: list[SimDevice], bodies: list[list[bytes]]) -> tuple[int, float]:
    """(accepted changes, seconds): every device pushes its bodies one after the other."""
    accepted = 0

    async def one(dev: SimDevice, mine: list[bytes]) -> None:
        nonlocal accepted
        headers = dict(HEADERS, Authorization=f"Bearer {dev.token}")
        async with httpx.AsyncClient(base_url=base, timeout=300) as client:
            for body in mine:
                r = await client.post("/v1/push", content=body, headers=headers)
                r.raise_for_status()
                accepted += ranges_size(r.json().get("accepted", []))

    async def everyone() -> None:
        await asyncio.gather(*(one(d, b) for d, b in zip(sims, bodies, strict=True)))

    t0 = time.perf_counter()
    asyncio.run(everyone())
    return accepted, time.perf_counter() - t0


def _copy_table(src: Table, md: MetaData) -> Table:
    copy = Table(f"bench_{src.name}", md, *(c._copy() for c in src.columns))
    for ix in src.indexes:
        Index(f"bench_{ix.name}", *(copy.c[c.name] for c in ix.columns))
    return copy


def _plain_executemany(url: str, after_seq: int, batch: int) -> tuple[int, float]:
    """(changes, seconds) to insert the change-log and record rows stored after
    ``after_seq`` into copies of those tables, ``batch`` changes per transaction."""
    db = Database(url)
    cl, r = schema.change_log, schema.records
    with db.read() as conn:
        logs = [dict(x._mapping) for x in conn.execute(
            select(cl).where(cl.c.seq > after_seq).order_by(cl.c.seq))]  # fmt: skip
        recs = [dict(x._mapping) for x in conn.execute(
            select(r).where(r.c.updated_seq > after_seq).order_by(r.c.updated_seq))]  # fmt: skip
    md = MetaData()
    log_copy, rec_copy = _copy_table(cl, md), _copy_table(r, md)
    md.drop_all(db.engine)
    md.create_all(db.engine)
    try:
        t0 = time.perf_counter()
        j = 0
        for start in range(0, len(logs), batch):
            part = logs[start : start + batch]
            last = part[-1]["seq"]
            k = j
            while k < len(recs) and recs[k]["updated_seq"] <= last:
                k += 1
            with db.write() as conn:
                conn.execute(log_copy.insert(), part)
                if k > j:
                    conn.execute(rec_copy.insert(), recs[j:k])
            j = k
        elapsed = time.perf_counter() - t0
    finally:
        md.drop_all(db.engine)
        db.dispose()
    return len(logs), elapsed


def _last_seq(url: str) -> int:
    db = Database(url)
    with db.read() as conn:
        last = int(conn.execute(select(schema.change_log.c.seq).order_by(
            schema.change_log.c.seq.desc()).limit(1)).scalar() or 0)  # fmt: skip
    db.dispose()
    return last


def run_ingest(name: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    sims = _setup(url, args.pushers, max(1, args.pushers // 2))
    bodies = _ingest_bodies(sims, args.batches, args.batch)
    before = _last_seq(url)
    server = ServeProcess(url, args.workers).start()
    settled(server)  # its workers' background start-up (the dashboard's warm-up) done
    try:
        meter = CpuMeter(server, args.db_pid)
        accepted, elapsed = _ingest(server.base_url, sims, bodies)
        cpu_server, cpu_db = meter.used()
    finally:
        server.stop()
    rows, plain = _plain_executemany(url, before, args.batch)
    rate, plain_rate = accepted / elapsed, rows / plain
    print(f"\n== {name}: ingest, {args.pushers} devices x {args.batches} pushes of "
          f"{args.batch} changes, {args.workers} worker(s)")  # fmt: skip
    print(f"  accepted changes       {accepted} in {elapsed:.1f} s = {rate:.0f} changes/s"
          f"  (target >= 1500)")  # fmt: skip
    print(f"  plain executemany      {rows} changes' rows in {plain:.1f} s = {plain_rate:.0f}/s"
          f"  (ingest/plain = {rate / plain_rate:.2f})")  # fmt: skip
    per = 1e6 / max(accepted, 1)
    print(
        f"  CPU per accepted change server {cpu_server * per:.0f} us + database "
        f"{cpu_db * per:.0f} us  (2 cores at 1,500/s allow {2e6 / 1500:.0f} us in all)"
    )
    print(f"  load average           {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return {"rate": rate, "plain": plain_rate, "cpu_us": (cpu_server + cpu_db) * per}


def run_lock(name: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    """In-process (no HTTP): the ingest phase's pushes one after the other, timing the
    part under the write lock (``Database.grouped``: serial, whatever the number of
    workers, so it bounds their throughput) against the whole push."""
    sims = _setup(url, 4, 2)
    bodies = _ingest_bodies(sims, max(1, args.batches // 2), args.batch)
    db = Database(url)
    pusher = PushProcessor(db, FormChecker(db))
    grouped, locked = db.grouped, [0.0]

    def timed(job: Any, weight: int = 1) -> Any:
        t = time.perf_counter()
        try:
            return grouped(job, weight)
        finally:
            locked[0] += time.perf_counter() - t

    db.grouped = timed  # type: ignore[method-assign]
    accepted, cpu, t0 = 0, time.process_time(), time.perf_counter()
    for dev, mine in zip(sims, bodies, strict=True):
        ctx = DeviceContext(dev.device_id, dev.office_id, "X", 1)
        for body in mine:
            docs = protocol.PushBatch.decode(compression.unwrap(body, "zstd")).changes.docs()
            accepted += sum(1 for r in pusher.push(ctx, docs) if r.status == "accepted")
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - cpu
    db.dispose()
    per = 1e6 / max(accepted, 1)
    print(f"\n== {name}: in-process pushes of {args.batch} changes, {accepted} accepted")
    print(f"  whole push             {elapsed * per:.0f} us/change wall, {cpu * per:.0f} us CPU"
          f" (this process)")  # fmt: skip
    print(f"  under the write lock   {locked[0] * per:.0f} us/change"
          f"  ({locked[0] / elapsed:.0%} of the push: the serial part)")  # fmt: skip
    return {"whole": elapsed * per, "locked": locked[0] * per}


def run_backend(name: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    sims = _setup(url, args.devices, args.per_office)
    server = ServeProcess(url, args.workers).start()
    settled(server)  # its workers' background start-up (the dashboard's warm-up) done
    base = server.base_url
    stats = Stats()
    rngs = [random.Random(i) for i in range(len(sims))]
    spread = args.start == "spread"
    firsts = [None if spread else _round(d, r) for d, r in zip(sims, rngs, strict=True)]
    meter = CpuMeter(server, args.db_pid)
    own_cpu = time.process_time()  # the load generator's (this process)
    try:
        stop_at = time.monotonic() + args.duration
        t0 = time.monotonic()

        async def everyone() -> None:
            await asyncio.gather(
                *(
                    _device_loop(d, base, stop_at, stats, rng, args.think, spread, first)
                    for d, rng, first in zip(sims, rngs, firsts, strict=True)
                )
            )

        asyncio.run(everyone())
        elapsed = time.monotonic() - t0
        cpu_server, cpu_db = meter.used()
        own_cpu = time.process_time() - own_cpu
    finally:
        server.stop()
    baseline = _baseline(url, sims, min(10.0, args.duration / 3))
    lat = sorted(stats.latencies)
    p50 = statistics.median(lat) * 1000 if lat else 0.0
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else 0.0
    per_change_wire = stats.wire_up / max(stats.pushed, 1)
    per_change_raw = stats.raw_up / max(stats.pushed, 1)
    rate = stats.accepted / elapsed
    start = f", think {args.think:.0f} s, {args.start} start" if args.think else ""
    print(
        f"\n== {name}: {args.devices} devices, {args.duration:.0f} s, "
        f"{args.workers} worker(s){start}"
    )
    rps = stats.requests / elapsed
    print(f"  sync requests          {stats.requests}  ({rps:.1f}/s, errors {stats.errors})")
    print(f"  accepted changes       {stats.accepted}  = {rate:.1f} changes/s")
    print(f"  pulled changes         {stats.pulled}  = {stats.pulled / elapsed:.1f}/s")
    print(f"  /v1/sync latency       p50 {p50:.0f} ms   p95 {p95:.0f} ms")
    print(f"  upload bytes/change    {per_change_wire:.0f} zstd  vs {per_change_raw:.0f} identity  "
          f"(ratio {per_change_raw / max(per_change_wire, 1):.2f}x)")  # fmt: skip
    print(f"  download bytes total   {stats.wire_down} zstd  vs {stats.raw_down} identity  "
          f"(ratio {stats.raw_down / max(stats.wire_down, 1):.2f}x)")  # fmt: skip
    ratio = rate / baseline
    print(f"  baseline in-process    {baseline:.1f} changes/s  (HTTP/in-process = {ratio:.2f})")
    per = 1000 / max(stats.requests, 1)
    print(
        f"  CPU per request        server {cpu_server * per:.1f} ms + database "
        f"{cpu_db * per:.1f} ms; load generator {own_cpu * per:.1f} ms"
    )
    whole = (cpu_server + cpu_db + own_cpu) / 2
    print(
        f"  CPU of the window      {whole:.2f} s on each of 2 cores (server, database and "
        f"generator, idle time included): a burst cannot end sooner on this machine idle"
    )
    print(f"  load average           {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return {"rate": rate, "p50": p50, "p95": p95, "baseline": baseline}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--per-office", type=int, default=10, help="devices per office")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between syncs (s)")
    parser.add_argument(
        "--start",
        choices=("burst", "spread"),
        default="burst",
        help="mixed phase with --think: every device's first round at once (burst), or each "
        "device at a random point of its schedule (spread: the steady state)",
    )
    parser.add_argument("--pushers", type=int, default=8, help="ingest: devices pushing")
    parser.add_argument("--batches", type=int, default=10, help="ingest: pushes per device")
    parser.add_argument("--batch", type=int, default=250, help="ingest: changes per push")
    parser.add_argument(
        "--phase",
        choices=("ingest", "mixed", "both", "lock"),
        default="both",
        help="lock: in-process, the time per change under the write lock (not in 'both')",
    )
    args = parser.parse_args()
    args.db_pid = None  # the PostgreSQL cluster's postmaster, for its CPU
    print(f"machine: {os.cpu_count()} cores (load generator and server share them)")

    def run(name: str, url_of: Any) -> None:
        if args.phase == "lock":
            run_lock(name, url_of(), args)
        if args.phase in ("ingest", "both"):
            run_ingest(name, url_of(), args)
        if args.phase in ("mixed", "both"):
            run_backend(name, url_of(), args)

    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            names = iter(range(10))
            run("SQLite", lambda: f"sqlite:///{tmp}/bench{next(names)}.sqlite3")
    if args.backend in ("postgres", "both"):
        from tests.server import pgcluster

        if not pgcluster.available():
            print("PostgreSQL: skipped (binaries not found)")
            return 0
        cluster = pgcluster.start(durable=True)  # fsync on, like the SQLite side
        pid_file = cluster.base / "data" / "postmaster.pid"
        args.db_pid = int(pid_file.read_text().split()[0])
        try:
            run("PostgreSQL 15", lambda: cluster.url(cluster.create_database()))
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
