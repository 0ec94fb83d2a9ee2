"""Sync over a bad link, against the content's own minimum (issue 14's honest figures).

The link is ``tests.sync.proxy.LinkProxy`` on loopback in front of the server:
``--bandwidth`` bytes/s **each way** (32,000 = 256 kbit/s), ``--delay`` one-way (150 ms:
a 300 ms round trip), each new connection costing one extra round trip.

The dataset is shaped like a real office: per case a person, an intake with a realistic
``ficha_atencion`` (``app.core.sample``, written through the core services), the case,
its beneficiary party and five notes of varied Spanish prose — 9 records a case.

**The minimum** is computed independently of Chasqui's output: the records' content
(every field value, without ids, references, office, clocks or any other envelope),
one JSON array of value lists per entity, compressed with zstd level 3; a direction's
minimum is that size over that direction's bandwidth plus one round trip. Printed for
both the first upload (a laptop sending everything) and a fresh device's first download
(snapshot + tail): wall time and ratio to the minimum (target <= 1.5), bytes per record
against the content's own compressed bytes per record, requests, and the client's CPU
time (the sync thread plus the helper threads of pipelined requests), and where the
time goes (bytes on the wire at the link's bandwidth, the server's CPU, requests times
the round trip). The server is ``chasqui-server serve`` in its own process, as deployed
(``--server thread``: uvicorn in a thread of this process, sharing its interpreter
lock), on the same machine: it shares the cores with the client, so on a loaded machine
the wall times grow with the server's CPU; the load average is printed. Then one new
note and nothing to sync (round trips, bytes), a download cut at 90 % and an upload
cut at 90 % (bytes sent again; the upload's on another laptop seeded alike).

Run: ``.venv/bin/python bench/sync.py [--cases 1000] [--bandwidth 32000] [--server thread]``.
Not a test: prints figures and ratios only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import zstandard

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core import cases, intakes, notes, people, sample  # noqa: E402
from sync.client.link import Backoff  # noqa: E402
from sync.spec import ENTITIES  # noqa: E402
from tests.server.serve_process import ServeProcess  # noqa: E402
from tests.sync.conftest import Replica, SyncWorld  # noqa: E402
from tests.sync.proxy import LinkProxy, UvicornThread  # noqa: E402

DATASET = ("person", "intake", "case", "case_party", "note")
ENVELOPE = {"id", "office_id"}  # besides every reference (Field.ref) to another record


def prose(rng: random.Random, matter: Any) -> str:
    """A note of two to five sentences of the sample generator's Spanish (about 300 chars)."""
    chosen = matter if isinstance(matter, str) else None
    return " ".join(sample.note_text(rng, chosen) for _ in range(rng.randint(2, 5)))


def seed(rep: Replica, n: int, seed_value: int) -> None:
    """``n`` cases through the core services, 25 per transaction."""
    store = rep.store
    validator = intakes.FormsIntakeValidator()
    rng = random.Random(seed_value)
    records = sample.dataset(n, seed=seed_value, cases_ratio=1.0, notes_per_case=5)
    batch: list[sample.SampleRecord] = []
    for i, record in enumerate(records, 1):
        batch.append(record)
        if len(batch) < 25 and i < n:
            continue
        with store.transaction():
            for r in batch:
                person_id = people.register_person(store, r.person)
                intake_id = intakes.add_intake(
                    store, person_id, r.answers, validator, form_id=sample.INTAKE_FORM
                )
                case_id = cases.open_case(store, intake_id)
                matter = r.answers.get("materia")
                for _ in range(5):
                    notes.add_note(store, case_id, prose(rng, matter))
        batch = []


def content(rep: Replica) -> tuple[int, int, int, int]:
    """(records, raw content bytes, zstd-3 of the content, zstd-3 with ids and refs)."""
    rows = rep.store.export_rows(include_meta=False)
    bare: dict[str, list[list[Any]]] = {}
    full: dict[str, list[list[Any]]] = {}
    count = 0
    for name in DATASET:
        ent = ENTITIES[name]
        keep = [f.name for f in ent.fields if f.ref is None and f.name not in ENVELOPE]
        every = ["id", *(f.name for f in ent.fields)]
        bare[name] = [[row[k] for k in keep] for row in rows[name]]
        full[name] = [[row[k] for k in every] for row in rows[name]]
        count += len(rows[name])
    cctx = zstandard.ZstdCompressor(level=3)
    raw = json.dumps(bare, ensure_ascii=False, separators=(",", ":")).encode()
    with_ids = json.dumps(full, ensure_ascii=False, separators=(",", ":")).encode()
    return count, len(raw), len(cctx.compress(raw)), len(cctx.compress(with_ids))


class Serving:
    """The benchmark's server: ``chasqui-server serve`` in its own process (as deployed;
    default), or uvicorn in a thread of this process (``--server thread``: it then
    shares this interpreter's lock with the client). ``cpu()``: its CPU seconds so far
    (the process's, from /proc; the thread's server has none of its own to read)."""

    def __init__(self, world: SyncWorld, how: str) -> None:
        self.how = how
        self.proc: ServeProcess | None = None
        self.thread: UvicornThread | None = None
        if how == "process":
            self.proc = ServeProcess(world.server.url).start()
            self.port = self.proc.port
        else:
            self.thread = UvicornThread(world.server.app).start()
            self.port = self.thread.port

    def cpu(self) -> float | None:
        if self.proc is None or self.proc.proc is None:
            return None
        fields = Path(f"/proc/{self.proc.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()
        if self.thread is not None:
            self.thread.stop()


def measure(
    proxy: LinkProxy, rep: Replica, serving: Serving, trace: bool = False
) -> tuple[Any, float, float, int, int, float | None]:
    """(report, wall s, client CPU s, bytes up, bytes down, server CPU s) of one round."""
    proxy.reset_counters()
    proxy.trace = [] if trace else None
    started, cpu, helpers = time.monotonic(), time.thread_time(), rep.engine.helper_cpu
    server_cpu = serving.cpu()
    report = rep.sync()
    wall, cpu = time.monotonic() - started, time.thread_time() - cpu
    cpu += rep.engine.helper_cpu - helpers  # requests sent ahead run in helper threads
    after = serving.cpu()
    used = None if after is None or server_cpu is None else after - server_cpu
    if proxy.trace is not None:
        timeline(proxy.trace, started)
        proxy.trace = None
    return report, wall, cpu, proxy.bytes_up, proxy.bytes_down, used


def resumed_after_cut(proxy: LinkProxy, rep: Replica, full: int, up: bool) -> None:
    """Sync ``rep`` with the link cut once 90 % of ``full`` bytes went that way, then
    again until complete; print the bytes that crossed twice."""
    way = "up" if up else "down"
    cut = proxy.cut_up_after if up else proxy.cut_after
    proxy.reset_counters()
    cut(int(full * 0.9))
    first = rep.sync()
    total = proxy.bytes_up if up else proxy.bytes_down
    cut(None)
    if not first.complete:
        proxy.reset_counters()
        second = rep.sync()
        total += proxy.bytes_up if up else proxy.bytes_down
        assert second.complete, second
    line(f"bytes {way}, uncut / with the cut and resume", f"{full} / {total}")
    again = max(0, total - full)
    line("bytes sent again", f"{again} ({100 * again / full:.1f} %)")


def timeline(trace: list[tuple[float, int, bool, int]], t0: float) -> None:
    """Where a round's time went, request by request: on each connection, when the
    request's bytes reached the server (first-last, seconds from the start), how many,
    the wait for the answer (server time, queueing), and when the answer arrived."""
    spans: list[list[Any]] = []  # [conn, up first, up last, up bytes, down first, down last, down]
    current: dict[int, list[Any]] = {}
    for at, conn, up, size in trace:
        span = current.get(conn)
        if up and (span is None or span[4] is not None):  # a new request on this connection
            span = [conn, at, at, 0, None, None, 0]
            current[conn] = span
            spans.append(span)
        if span is None:
            continue
        if up:
            span[2], span[3] = at, span[3] + size
        else:
            span[4] = at if span[4] is None else span[4]
            span[5], span[6] = at, span[6] + size
    print("    conn  request arrives (s)  bytes   wait (s)  answer arrives (s)  bytes")
    for conn, u0, u1, ub, d0, d1, db in sorted(spans, key=lambda s: s[1]):
        wait = "-" if d0 is None else f"{d0 - u1:7.2f}"
        down = "-" if d0 is None else f"{d0 - t0:6.2f} - {d1 - t0:6.2f}"
        request = f"{u0 - t0:6.2f} - {u1 - t0:6.2f}"
        print(f"    {conn:4d}  {request}  {ub:7d}  {wait:>8}  {down:>18}  {db:6d}")
    print(idle_up(spans, t0))


def idle_up(spans: list[list[Any]], t0: float) -> str:
    """Where the upload link's time went: busy carrying request bytes, idle between the
    first and the last request byte, and from the last byte to the last answer (the
    server's work on what came last, and its answer)."""
    ups = sorted((s[1], s[2]) for s in spans if s[3] > 1000)  # bodies, not bare requests
    if not ups:
        return "    (no request body)"
    busy = idle = 0.0
    start, end = ups[0]
    for first, last in ups[1:]:
        if first > end:
            busy, idle = busy + end - start, idle + first - end
            start, end = first, last
        else:
            end = max(end, last)
    busy += end - start
    answered = max((s[5] for s in spans if s[5] is not None), default=end)
    return (
        f"    link up: {ups[0][0] - t0:.2f} s to the first body, busy {busy:.2f} s, idle "
        f"{idle:.2f} s between bodies, {answered - end:.2f} s from the last byte to the last answer"
    )


def upload_cut(world: SyncWorld, proxy: LinkProxy, n: int, full: int, fast: Any) -> None:
    """The same office's data written on another laptop (other ids, same sizes), its
    first upload cut at 90 %."""
    writer = world.replica("cut-up", url=proxy.url, **fast)
    seed(writer, n, n)
    print("first upload cut at 90 %, then resumed (another laptop, the same data)")
    resumed_after_cut(proxy, writer, full, up=True)


def line(label: str, value: str) -> None:
    print(f"  {label:<46} {value}")


def run(
    n: int,
    bandwidth: float,
    delay: float,
    how: str = "process",
    trace: bool = False,
    upload_only: bool = False,
) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="chasqui-bench-"))
    world = SyncWorld(tmp)
    server = Serving(world, how)
    proxy = LinkProxy(server.port, delay=delay, bandwidth=bandwidth, connect_rtts=1).start()
    rtt = 2 * delay
    fast: dict[str, Any] = {"backoff": Backoff(base=0.2, cap=2, attempts=8)}
    try:
        laptop = world.replica("laptop", url=proxy.url, **fast)
        t0 = time.monotonic()
        seed(laptop, n, n)
        records, raw, zmin, zids = content(laptop)
        floor = zmin / bandwidth + rtt
        print(f"\n== {n} cases: {records} records (seeded in {time.monotonic() - t0:.0f} s) ==")
        line("content (no envelopes) raw / zstd-3", f"{raw} / {zmin} B")
        line("content with ids and references, zstd-3", f"{zids} B")
        line("minimum each way (zstd-3 / bandwidth + 1 RTT)", f"{floor:.1f} s")

        def report(
            title: str, wall: float, cpu: float, sent: int, rep: Any, srv: float | None
        ) -> None:
            print(title)
            line("wall time", f"{wall:.1f} s")
            line("ratio to the content minimum (target <= 1.5)", f"{wall / floor:.2f}")
            line(
                "bytes per record (content's own zstd-3)",
                f"{sent / records:.1f} ({zmin / records:.1f}): {sent / zmin:.2f}x",
            )
            line("requests / client CPU (target <= 3 s)", f"{rep.requests} / {cpu:.1f} s")
            server_cpu = "not measured (in this process)" if srv is None else f"{srv:.1f} s"
            line("where the time goes: bytes on the wire", f"{sent / bandwidth:.1f} s")
            line(
                "  server CPU / round trips (requests x RTT)",
                f"{server_cpu} / {rep.requests * rtt:.1f} s",
            )

        rep, wall, cpu, up, down, srv = measure(proxy, laptop, server, trace)
        assert rep.complete, rep
        report("first upload (a laptop sends everything)", wall, cpu, up, rep, srv)
        line("bytes up / down", f"{up} / {down}")
        full_up = up
        if upload_only:
            upload_cut(world, proxy, n, full_up, fast)
            return

        newbie = world.replica("new", url=proxy.url, **fast)
        rep, wall, cpu, up, down, srv = measure(proxy, newbie, server, trace)
        assert rep.complete, rep
        report("first download (a fresh device: snapshot + tail)", wall, cpu, down, rep, srv)
        line("bytes up / down", f"{up} / {down}")
        full_down = down

        case_id = newbie.store.query("SELECT id FROM legal_case LIMIT 1")[0]["id"]
        notes.add_note(newbie.store, case_id, prose(random.Random(1), None))
        rep, wall, cpu, up, down, _ = measure(proxy, newbie, server)
        print("one new note")
        line("round trips (target 1)", f"{rep.requests}")
        line("bytes up + down (target < 1024)", f"{up} + {down} = {up + down}")
        line("wall time", f"{wall:.2f} s")
        rep, wall, cpu, up, down, _ = measure(proxy, newbie, server)
        print("nothing to sync")
        line("round trips (target 1)", f"{rep.requests}")
        line("bytes up + down (target < 600)", f"{up} + {down} = {up + down}")
        line("wall time", f"{wall:.2f} s")

        cut = world.replica("cut", url=proxy.url, **fast)
        print("first download cut at 90 %, then resumed")
        resumed_after_cut(proxy, cut, full_down, up=False)
        upload_cut(world, proxy, n, full_up, fast)
    finally:
        proxy.stop()
        server.stop()
        world.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000, help="cases (9 records each)")
    parser.add_argument("--bandwidth", type=float, default=32_000.0, help="bytes/s each way")
    parser.add_argument("--delay", type=float, default=0.150, help="one-way delay, seconds")
    parser.add_argument(
        "--server",
        choices=("process", "thread"),
        default="process",
        help="chasqui-server serve in its own process (default, as deployed) or a thread here",
    )
    parser.add_argument(
        "--timeline",
        action="store_true",
        help="print each request of the first upload and download as it crossed the link",
    )
    parser.add_argument(
        "--upload-only",
        action="store_true",
        help="only the first upload and the upload cut at 90 %%",
    )
    args = parser.parse_args()
    print(
        f"link: {args.bandwidth:.0f} B/s each way, {args.delay * 1000:.0f} ms one-way, "
        f"+1 RTT per new connection; server: {args.server} on this machine's cores "
        f"(load average {os.getloadavg()[0]:.1f} at the start)"
    )
    run(args.cases, args.bandwidth, args.delay, args.server, args.timeline, args.upload_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
