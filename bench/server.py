"""Sync server benchmark: N simulated devices push and pull against uvicorn on loopback.

    .venv/bin/python bench/server.py                       # 200 devices, 60 s, SQLite + PostgreSQL
    .venv/bin/python bench/server.py --devices 50 --duration 10 --backend sqlite

Each device runs a closed loop: build a realistic batch (new people, cases, notes,
hearings, edits; sometimes nothing), POST /v1/sync (push + first pull page, zstd), then
pull the remaining pages. The server runs as a separate process (``chasqui-server
serve``) so that the load generator does not share its interpreter. Printed: accepted
changes per second, latency p50/p95 of /v1/sync, bytes per change on the wire compressed
and uncompressed, and ratios against baselines measured in the same run (the same
pushes applied in-process without HTTP; identity encoding).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sync import compression, protocol  # noqa: E402
from sync.hlc import HybridLogicalClock  # noqa: E402
from sync.server.admin import Admin  # noqa: E402
from sync.server.auth import enroll, issue_code  # noqa: E402
from sync.server.db import Database  # noqa: E402
from sync.server.formcheck import FormChecker  # noqa: E402
from sync.server.push import DeviceContext, PushProcessor  # noqa: E402

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
            "user_id": None,
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


async def _device_loop(
    dev: SimDevice, base_url: str, stop_at: float, stats: Stats, seed: int, think: float
) -> None:
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
        while time.monotonic() < stop_at:
            changes = dev.batch(rng)
            doc = protocol.SyncRequest.of_parts(
                protocol.PushBatch.of(dev.device_id, "0.1.0", []), dev.cursor, 500
            ).to_dict()
            doc["changes"] = changes
            raw = compression.dumps(doc)
            body = compression.compress(raw, compression.ZSTD)
            headers = {
                "Authorization": f"Bearer {dev.token}",
                "Content-Type": "application/json",
                "Content-Encoding": "zstd",
                "Accept-Encoding": "zstd",
            }
            t0 = time.perf_counter()
            try:
                r = await client.post("/v1/sync", content=body, headers=headers)
            except httpx.HTTPError:
                stats.errors += 1
                continue
            stats.latencies.append(time.perf_counter() - t0)
            stats.requests += 1
            if r.status_code != 200:
                stats.errors += 1
                continue
            result = r.json()
            stats.raw_up += len(raw)
            stats.wire_up += len(body)
            stats.wire_down += int(r.headers.get("content-length", 0))
            stats.raw_down += len(compression.dumps(result))
            stats.pushed += len(changes)
            stats.accepted += sum(1 for i in result["push"]["results"] if i["status"] == "accepted")
            page = result["pull"]
            stats.pulled += len(page["changes"])
            dev.cursor = page["next_cursor"]
            while page["more"] and time.monotonic() < stop_at:
                pr = await client.post(
                    "/v1/pull",
                    content=compression.compress(
                        compression.dumps(
                            protocol.PullRequest.of(dev.cursor, 500, "0.1.0").to_dict()
                        ),
                        "zstd",
                    ),
                    headers=headers,
                )
                stats.requests += 1
                page = pr.json()
                stats.pulled += len(page["changes"])
                stats.wire_down += int(pr.headers.get("content-length", 0))
                stats.raw_down += len(compression.dumps(page))
                dev.cursor = page["next_cursor"]
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))


def _setup(url: str, devices: int, per_office: int) -> list[SimDevice]:
    db = Database(url)
    db.migrate()
    admin = Admin(db)
    sims = []
    for i in range(devices):
        if i % per_office == 0:
            office = admin.add_office(f"OF{i // per_office:03d}", f"Oficina {i // per_office}")
        e = enroll(db, issue_code(db, office.office_id, 3600), f"pc{i}", "0.1.0")
        sims.append(SimDevice(e.device_id, e.token, e.office_id, HybridLogicalClock(e.device_id)))
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


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(os.environ, CHASQUI_SERVER_DB=url, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "serve", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait for the port (startup includes migrations)
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError(
                    proc.stderr.read().decode() if proc.stderr else "server died"
                ) from None
            time.sleep(0.2)
    raise RuntimeError("server did not start in 60 s")


def run_backend(name: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    sims = _setup(url, args.devices, args.per_office)
    proc, base = _start_server(url, args.workers)
    stats = Stats()
    try:
        stop_at = time.monotonic() + args.duration
        t0 = time.monotonic()

        async def everyone() -> None:
            await asyncio.gather(
                *(_device_loop(d, base, stop_at, stats, i, args.think) for i, d in enumerate(sims))
            )

        asyncio.run(everyone())
        elapsed = time.monotonic() - t0
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    baseline = _baseline(url, sims, min(10.0, args.duration / 3))
    lat = sorted(stats.latencies)
    p50 = statistics.median(lat) * 1000 if lat else 0.0
    p95 = lat[int(0.95 * (len(lat) - 1))] * 1000 if lat else 0.0
    per_change_wire = stats.wire_up / max(stats.pushed, 1)
    per_change_raw = stats.raw_up / max(stats.pushed, 1)
    rate = stats.accepted / elapsed
    print(f"\n== {name}: {args.devices} devices, {args.duration:.0f} s, {args.workers} worker(s)")
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
    return {"rate": rate, "p50": p50, "p95": p95, "baseline": baseline}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--per-office", type=int, default=10, help="devices per office")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between syncs (s)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores (load generator and server share them)")
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            run_backend("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args)
    if args.backend in ("postgres", "both"):
        from tests.server import pgcluster

        if not pgcluster.available():
            print("PostgreSQL: skipped (binaries not found)")
            return 0
        cluster = pgcluster.start(durable=True)  # fsync on, like the SQLite side
        try:
            run_backend("PostgreSQL 15", cluster.url(cluster.create_database()), args)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
