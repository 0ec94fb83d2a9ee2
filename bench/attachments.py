"""Attachments of any size: a 300 MiB file up and down through the loopback link proxy,
with cuts, and the peak memory it took.

Real uvicorn serves the real server app on loopback behind ``tests.sync.proxy.LinkProxy``;
laptop A adds the file (streamed from disk, encrypted) and syncs it up while the proxy
cuts every connection twice mid-upload; laptop B, enrolled in the same office, pulls the
record and streams the file down while the proxy cuts twice mid-download. Both resume
from where they stopped. Printed:

- wall time and throughput each way, beside a plain ``shutil.copyfile`` of the same file
  in the same run (the local disk's own speed: the floor nothing can beat here);
- bytes on the wire against the file's size (the content minimum: the file is random,
  so nothing compresses it), hence what the cuts cost;
- peak resident memory growth of this process (client, proxy and server together) above
  its level before the transfer, read from ``VmHWM`` after resetting it (Linux
  ``/proc/self/clear_refs``); the target is <= 64 MiB whatever the file's size.

Run: ``.venv/bin/python bench/attachments.py [--mib 300] [--cuts 2]``. Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.store.attachments import Attachments, AttachmentTransfers  # noqa: E402
from sync.client.link import Backoff  # noqa: E402
from tests.sync.conftest import SyncWorld  # noqa: E402
from tests.sync.proxy import LinkProxy, UvicornThread  # noqa: E402

MIB = 1024 * 1024


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"{field} not in /proc/self/status")


def reset_peak() -> int:
    """Reset the peak RSS to the current RSS; returns the current RSS in bytes."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def make_file(path: Path, mib: int) -> str:
    digest = hashlib.sha256()
    seed = hashlib.sha256(b"chasqui").digest()
    with open(path, "wb") as out:
        for i in range(mib):  # incompressible, reproducible, written 1 MiB at a time
            block = hashlib.shake_256(seed + i.to_bytes(4, "big")).digest(MIB)
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def arm_cuts(proxy: LinkProxy, up: bool, every: int, count: int) -> list[int]:
    """Cut every connection after each ``every`` bytes (``count`` times), from a thread;
    returns the list it appends one entry to per cut made."""
    done: list[int] = []

    def run() -> None:
        for _ in range(count):
            if up:
                proxy.cut_up_after(every)
            else:
                proxy.cut_after(every)
            while (proxy._cut_up_at if up else proxy._cut_at) is not None:
                if stop.is_set():
                    return
                time.sleep(0.01)  # a bench watcher, not a test's synchronization
            done.append(1)

    stop = threading.Event()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    cuts_threads.append((stop, thread))
    return done


cuts_threads: list[tuple[threading.Event, threading.Thread]] = []


def stop_cuts(proxy: LinkProxy) -> None:
    for stop, thread in cuts_threads:
        stop.set()
        thread.join(5)
    cuts_threads.clear()
    proxy.cut_after(None)
    proxy.cut_up_after(None)


def until_moved(sync: Callable[[], Any], moved: Callable[[Any], int]) -> tuple[int, Any]:
    """Rounds until the file has moved (a round may end on a cut; the next resumes)."""
    for rounds in range(1, 11):
        report = sync()
        if moved(report):
            return rounds, report
    raise RuntimeError(f"the file did not move in 10 rounds: {report}")


def line(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=300, help="file size in MiB")
    parser.add_argument("--cuts", type=int, default=2, help="cuts each way")
    args = parser.parse_args()
    size = args.mib * MIB
    tmp = Path(tempfile.mkdtemp(prefix="chasqui-bench-att-"))
    world = SyncWorld(tmp)
    server = UvicornThread(world.server.app).start()
    proxy = LinkProxy(server.port).start()
    fast = {"backoff": Backoff(base=0.2, cap=1, attempts=10)}
    try:
        print(f"== one {args.mib} MiB attachment, {args.cuts} cuts each way ==")
        source = tmp / "grabacion.bin"
        sha = make_file(source, args.mib)
        t0 = time.monotonic()
        shutil.copyfile(source, tmp / "copy.bin")
        copy_s = time.monotonic() - t0
        (tmp / "copy.bin").unlink()

        a = world.replica("a", url=proxy.url, **fast)
        a.engine.attachments = AttachmentTransfers(a.store)
        t0 = time.monotonic()
        with open(source, "rb") as handle:
            Attachments(a.store).add(handle, "grabacion.bin", "audio/ogg", case_id="c1")
        add_s = time.monotonic() - t0
        b = world.replica("b", url=proxy.url, **fast)
        b.engine.attachments = AttachmentTransfers(b.store)

        # --- up ---------------------------------------------------------------------------
        step = size // (args.cuts + 1)
        proxy.reset_counters()
        base = reset_peak()
        t0 = time.monotonic()
        up_cuts = arm_cuts(proxy, True, step, args.cuts)
        rounds, _report = until_moved(a.sync, lambda r: r.attachments)
        up_s = time.monotonic() - t0
        up_peak = _status("VmHWM") - base
        up_bytes = proxy.bytes_up
        stop_cuts(proxy)

        # --- down -------------------------------------------------------------------------
        proxy.reset_counters()
        base = reset_peak()
        t0 = time.monotonic()
        down_cuts = arm_cuts(proxy, False, step, args.cuts)
        down_rounds, _report = until_moved(b.sync, lambda r: r.attachments_downloaded)
        down_s = time.monotonic() - t0
        down_peak = _status("VmHWM") - base
        down_bytes = proxy.bytes_down
        stop_cuts(proxy)
        check = hashlib.sha256()
        for block in Attachments(b.store).iter_plaintext(sha):
            check.update(block)
        assert check.hexdigest() == sha, "the file that came down differs"

        floor = f"{copy_s:.1f} s, {args.mib / copy_s:.0f} MiB/s"
        line("local disk copy of the file (floor)", floor)
        line("encrypting it into vault A (streamed from disk)", f"{add_s:.1f} s")
        print("upload (A -> server)")
        line("wall time / throughput", f"{up_s:.1f} s / {args.mib / up_s:.1f} MiB/s")
        line("cuts made / rounds", f"{len(up_cuts)} / {rounds}")
        line("bytes up / file size (content minimum)", f"{up_bytes / size:.3f}")
        line("peak memory growth (target <= 64 MiB)", f"{up_peak / MIB:.1f} MiB")
        print("download (server -> B)")
        line("wall time / throughput", f"{down_s:.1f} s / {args.mib / down_s:.1f} MiB/s")
        line("cuts made / rounds", f"{len(down_cuts)} / {down_rounds}")
        line("bytes down / file size (content minimum)", f"{down_bytes / size:.3f}")
        line("peak memory growth (target <= 64 MiB)", f"{down_peak / MIB:.1f} MiB")
        line("SHA-256 of the file on B", "matches")
    finally:
        proxy.stop()
        server.stop()
        world.server.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
