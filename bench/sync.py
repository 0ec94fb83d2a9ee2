"""Sync over a bad link: wall time against the link's physical minimum, bytes, requests.

The link is ``tests.sync.proxy.LinkProxy`` on loopback in front of real uvicorn:
32,000 bytes/s each direction, 150 ms one-way delay, each new connection costing one
extra round trip. For each size N (``--sizes 1000,10000``): an office with N cases
(each with its person) and 5N notes is seeded on the server; then

- first sync of a new device (snapshot + tail): wall time vs. the physical minimum
  (bytes that crossed / bandwidth + one round trip), bytes per record, requests;
- one new note (round trips, bytes) and nothing to sync (round trips, bytes);
- a cut at 90 % of a first sync: bytes sent again after resuming;
- upload: a laptop pushing N cases + 5N notes after a week offline.

Run: ``.venv/bin/python bench/sync.py [--sizes 1000,10000] [--bandwidth 32000]``.
Not a test: prints figures and ratios only.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sync.client.link import Backoff  # noqa: E402
from tests.sync.conftest import Replica, SyncWorld  # noqa: E402
from tests.sync.proxy import LinkProxy, UvicornThread  # noqa: E402

WORDS = [
    "audiencia",
    "demanda",
    "alimentos",
    "menor",
    "madre",
    "padre",
    "juzgado",
    "paz",
    "letrado",
    "pensión",
    "violencia",
    "familiar",
    "medida",
    "protección",
    "fiscalía",
    "denuncia",
    "víctima",
    "informe",
    "psicológico",
    "conciliación",
    "acta",
    "notificación",
    "expediente",
    "resolución",
    "apelación",
    "plazo",
    "días",
    "hábiles",
    "defensora",
    "pública",
    "consulta",
    "orientación",
    "patrocinio",
    "derivación",
    "centro",
    "emergencia",
    "mujer",
]


def note_text(rng: random.Random, size: int = 330) -> str:
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < size:
        out.append(rng.choice(WORDS))
    return " ".join(out).capitalize() + "."


def seed(rep: Replica, n: int, rng: random.Random) -> int:
    """N people, N cases, 5N notes inserted locally; returns JSON bytes of the records."""
    store = rep.store
    size = 0
    with store.transaction() as tx:
        for i in range(n):
            pid = tx.insert(
                "person",
                {
                    "office_id": store.office_id,
                    "given_names": rng.choice(["Rosa", "María", "Juana", "Carmen", "Luz"]),
                    "paternal_surname": rng.choice(["Quispe", "Mamani", "Huamán", "Flores"]),
                    "maternal_surname": rng.choice(["Condori", "Ccama", "Rojas", "Torres"]),
                    "doc_type": "DNI",
                    "doc_number": f"{rng.randrange(10**7, 10**8)}",
                    "birth_date": f"19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-15",
                    "sex": "F",
                    "phone": f"9{rng.randrange(10**7, 10**8)}",
                },
            )
            cid = tx.insert(
                "case",
                {
                    "office_id": store.office_id,
                    "person_id": pid,
                    "matter": rng.choice(["alimentos", "violencia", "filiacion"]),
                    "status": "open",
                    "internal_number": f"LIMA-2026-01{i:04d}",
                    "summary": note_text(rng, 120),
                    "opened_at": "2026-03-01",
                },
            )
            for _ in range(5):
                tx.insert(
                    "note",
                    {
                        "case_id": cid,
                        "text": note_text(rng),
                        "author_id": store.user_id,
                        "created_at": "2026-03-02T10:00:00Z",
                    },
                )
    for c in store.replica.pending_changes(10**9):
        size += len(c.canonical())
    return size


def measure(proxy: LinkProxy, rep: Replica) -> tuple[Any, float, int, int]:
    proxy.reset_counters()
    started = time.monotonic()
    report = rep.sync()
    wall = time.monotonic() - started
    return report, wall, proxy.bytes_up, proxy.bytes_down


def line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def run_size(n: int, bandwidth: float, delay: float) -> None:
    rng = random.Random(n)
    tmp = Path(tempfile.mkdtemp(prefix="chasqui-bench-"))
    world = SyncWorld(tmp)
    server = UvicornThread(world.server.app).start()
    proxy = LinkProxy(server.port, delay=delay, bandwidth=bandwidth, connect_rtts=1).start()
    rtt = 2 * delay

    def minimum(up: int, down: int) -> float:
        return (up + down) / bandwidth + rtt

    try:
        print(f"\n== {n} cases, {5 * n} notes ({n} people) ==")
        t0 = time.monotonic()
        office = world.replica("office")  # seeds the server in-process (no proxy)
        json_bytes = seed(office, n, rng)
        office.sync()
        print(
            f"  (seeded {7 * n} records, {json_bytes / 1e6:.2f} MB of change JSON, "
            f"in {time.monotonic() - t0:.1f} s)"
        )

        fast: dict[str, Any] = {"backoff": Backoff(base=0.2, cap=2, attempts=8)}
        newbie = world.replica("new", url=proxy.url, **fast)
        report, wall, up, down = measure(proxy, newbie)
        assert report.complete, report
        floor = minimum(up, down)
        print("first sync of a new device (snapshot + tail)")
        line("wall time", f"{wall:.1f} s")
        line("physical minimum (bytes/bandwidth + 1 RTT)", f"{floor:.1f} s")
        line("ratio (target <= 1.5)", f"{wall / floor:.2f}")
        line("bytes on the wire (up / down)", f"{up} / {down}")
        line("bytes per record", f"{(up + down) / (7 * n):.1f}")
        line("compression vs change JSON", f"{json_bytes / max(1, down):.1f}x")
        line("requests / connections", f"{report.requests} / {proxy.connections}")

        newbie.store.insert(
            "note", {"case_id": "x", "text": note_text(rng), "author_id": newbie.store.user_id}
        )
        report, wall, up, down = measure(proxy, newbie)
        print("one new note")
        line("round trips (target <= 2)", f"{report.requests}")
        line("bytes on the wire (target < 2048)", f"{up + down}")
        line("wall time", f"{wall:.2f} s")
        report, wall, up, down = measure(proxy, newbie)
        print("nothing to sync")
        line("round trips (target 1)", f"{report.requests}")
        line("bytes on the wire (target < 1024)", f"{up + down}")
        line("wall time", f"{wall:.2f} s")

        full_down = down_first = 0
        cut = world.replica("cut", url=proxy.url, **fast)
        proxy.reset_counters()
        probe_rep = world.replica("probe", url=proxy.url, **fast)
        report, wall, up, down_first = measure(proxy, probe_rep)
        full_down = down_first
        proxy.reset_counters()
        proxy.cut_after(int(full_down * 0.9))
        first = cut.sync()
        total_up, total_down = proxy.bytes_up, proxy.bytes_down
        proxy.cut_after(None)
        if not first.complete:
            second = cut.sync()
            total_up += proxy.bytes_up - total_up
            total_down = proxy.bytes_down
            assert second.complete, second
        print("cut at 90 % of a first sync")
        line("bytes down, uncut first sync", f"{full_down}")
        line("bytes down with the cut and the resume", f"{total_down}")
        line(
            "bytes sent again after resuming",
            f"{max(0, total_down - full_down)}"
            f" ({100 * max(0, total_down - full_down) / full_down:.1f} %)",
        )
        line("retries in the cut round", f"{first.retries}")

        laptop = world.replica("laptop", url=proxy.url, **fast)
        laptop.sync()
        seed(laptop, n, random.Random(n + 1))
        report, wall, up, down = measure(proxy, laptop)
        assert report.complete, report
        floor = minimum(up, down)
        print("upload: a laptop pushing its cases after a week offline")
        line("changes pushed", f"{report.pushed}")
        line("wall time", f"{wall:.1f} s")
        line("physical minimum", f"{floor:.1f} s")
        line("ratio (target <= 1.5)", f"{wall / floor:.2f}")
        line("bytes up / down", f"{up} / {down}")
        line(
            "requests / final push batch size",
            f"{report.requests} / {laptop.engine.link.push.size}",
        )
    finally:
        proxy.stop()
        server.stop()
        world.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated case counts")
    parser.add_argument("--bandwidth", type=float, default=32_000.0, help="bytes/s each way")
    parser.add_argument("--delay", type=float, default=0.150, help="one-way delay, seconds")
    args = parser.parse_args()
    print(
        f"link: {args.bandwidth:.0f} B/s each way, {args.delay * 1000:.0f} ms one-way, "
        "+1 RTT per new connection"
    )
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        run_size(size, args.bandwidth, args.delay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
