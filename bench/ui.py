"""Benchmark of the desktop UI on a real X server (Xvfb) over a large encrypted vault.

Run: ``.venv/bin/python -m bench.ui [--scale 0.1] [--keep DIR] [--runs 3]`` — without a
``DISPLAY`` it re-runs itself under ``xvfb-run -a`` (screen 1024x600x24).

Scale 1.0 = 100 000 cases and 500 000 notes (plus one person per case); ``--keep DIR``
reuses (or creates once) the vault in DIR so repeated runs skip the load. Figures, each
against a baseline measured in the same run:

1. Process start to the unlock screen painted, in fresh processes (``bench.ui_startup``;
   target <= 1.0 s); baseline: a fresh process that paints a bare PySide6 ``QWidget``.
2. Unlock to a usable main window (Inicio filled and painted), in those processes
   (target <= 0.7 s); baseline: ``Vault.unlock`` alone (the Argon2id derivation).
3. The same two for ``--demo`` with its local sync server (``--no-demo`` skips them).
4. Global search: results shown after typing stops (the debounce fired), median and max
   over several queries with a warm cache (target <= 150 ms); baseline: ``store.search``
   alone, same queries, same cache.
5. Longest stall of the Qt event loop (a 5 ms QTimer heartbeat) while scrolling the case
   list through many lazily loaded pages, and during a sync round (target <= 100 ms);
   baseline: the longest heartbeat gap of an idle loop.
"""

from __future__ import annotations

import os

# a real X server when there is one (main() re-runs itself under Xvfb without one)
os.environ.setdefault("QT_QPA_PLATFORM", "xcb" if os.environ.get("DISPLAY") else "offscreen")

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
USER, PASS = "bench", "bench-passphrase-2026"
BATCH = 2000


def build_vault(data_dir: Path, n_cases: int, n_notes: int) -> None:
    """Fill a vault quickly through the store API (row + outbox + FTS + audit per record)."""
    from app.core import sample
    from app.store import Vault

    store, _ = Vault.create(data_dir, "BEN01", "ALEGRA Benchmark", USER, PASS)
    rng = random.Random(1)
    matters = ["alimentos", "violencia", "filiacion", "laboral", "penal", "tenencia"]
    year = 2026
    try:
        case_ids: list[str] = []
        t0 = time.perf_counter()
        for start in range(0, n_cases, BATCH):
            with store.transaction() as tx:
                for i in range(start, min(start + BATCH, n_cases)):
                    who = sample.person(rng)
                    who.update(office_id=store.office_id, created_by=store.user_id)
                    person_id = tx.insert("person", who)
                    case_ids.append(
                        tx.insert(
                            "case",
                            {
                                "office_id": store.office_id,
                                "internal_number": f"BEN01-{year}-01{i:06d}",
                                "person_id": person_id,
                                "matter": rng.choice(matters),
                                "status": "open" if rng.random() < 0.8 else "closed",
                                "defender_id": store.user_id,
                                "opened_at": f"{year}-{rng.randint(1, 11):02d}-"
                                f"{rng.randint(1, 28):02d}T10:00:00",
                            },
                        )
                    )
            _progress("cases", len(case_ids), n_cases, t0)
        texts = list(sample.notes(500, seed=3))
        t0 = time.perf_counter()
        for start in range(0, n_notes, BATCH):
            with store.transaction() as tx:
                for i in range(start, min(start + BATCH, n_notes)):
                    tx.insert(
                        "note",
                        {
                            "case_id": case_ids[i % len(case_ids)],
                            "text": texts[i % len(texts)],
                            "author_id": store.user_id,
                            "created_at": f"{year}-{rng.randint(1, 11):02d}-01T09:00:00",
                        },
                    )
            _progress("notes", min(start + BATCH, n_notes), n_notes, t0)
        # What a sync round would send: mark everything but the last 2000 changes sent.
        store.replica.confirm_changes(
            [c.change_id for c in store.replica.pending_changes(10**9)][:-2000], "bench-epoch"
        )
    finally:
        store.lock()


def _progress(what: str, done: int, total: int, t0: float) -> None:
    rate = done / max(time.perf_counter() - t0, 1e-9)
    print(f"\r  loading {what}: {done}/{total} ({rate:,.0f}/s)", end="", file=sys.stderr)
    if done >= total:
        print(file=sys.stderr)


# --- a store-side sync round (used while no sync client is installed) -----------------------


def remote_changes(other_dir: Path, n: int) -> list[dict[str, Any]]:
    """Changes made on another device (a second vault): ``n`` new notes, as wire dicts."""
    from app.store import KdfParams, Vault

    other, _ = Vault.create(
        other_dir, "BEN01", "ALEGRA Benchmark", "otro", PASS, kdf=KdfParams.fast()
    )
    try:
        with other.transaction() as tx:
            for i in range(n):
                tx.insert(
                    "note",
                    {
                        "case_id": f"remote-{i % 50}",
                        "text": f"Nota remota {i}",
                        "author_id": other.user_id,
                        "created_at": "2026-11-20T09:00:00",
                    },
                )
        return [c.to_dict() for c in other.replica.pending_changes(10**9) if c.entity == "note"]
    finally:
        other.lock()


class StoreSideRound:
    """The store work of a sync round without a network: push the outbox in pages
    (serialized to JSON as on the wire, then confirmed) and apply a page stream of remote
    changes. Bench-only stand-in for ``sync.client`` so the stall can be measured now."""

    def __init__(self, store: Any, incoming: list[dict[str, Any]], page: int = 500) -> None:
        self.store = store
        self.incoming = incoming
        self.page = page

    def configured(self) -> bool:
        return True

    def server_url(self) -> str:
        return "local"

    def set_server_url(self, url: str) -> None:
        pass

    def history(self) -> list[dict[str, Any]]:
        return []

    def export_bundle(self, path: Path) -> int:
        return 0

    def import_bundle(self, path: Path) -> Any:
        raise NotImplementedError

    def run_round(self, progress: Callable[[str, int, int], None]) -> Any:
        import json

        from app.ui.ports import SyncReport

        total = self.store.replica.pending_count()
        sent = 0
        while True:
            batch = self.store.replica.pending_changes(self.page)
            if not batch:
                break
            json.dumps([c.to_dict() for c in batch]).encode()
            self.store.replica.confirm_changes([c.change_id for c in batch], "bench-epoch")
            sent += len(batch)
            progress("push", sent, total)
        received = 0
        for start in range(0, len(self.incoming), self.page):
            chunk = self.incoming[start : start + self.page]
            self.store.replica.apply_remote_changes(chunk, cursor=start + len(chunk))
            received += len(chunk)
            progress("pull", received, len(self.incoming))
        return SyncReport(sent=sent, received=received)


# --- helpers in process -------------------------------------------------------------------------


class Heartbeat:
    """Longest gap between ticks of a 5 ms timer = the longest event-loop stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.worst = 0.0
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.worst


def pump(seconds: float) -> None:
    """Let the event loop run for ``seconds`` (timers, queued results, repaints)."""
    from PySide6.QtCore import QCoreApplication

    end = time.perf_counter() + seconds
    while True:
        QCoreApplication.processEvents()
        if time.perf_counter() >= end:
            return
        time.sleep(0.0005)


def spin(until: Callable[[], bool], timeout: float = 120.0) -> float:
    from PySide6.QtCore import QCoreApplication

    t0 = time.perf_counter()
    while not until():
        QCoreApplication.processEvents()
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError("the UI did not reach the expected state")
        time.sleep(0.0005)
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    from bench.ui_startup import ensure_display, measure, print_results

    argv = list(sys.argv[1:] if argv is None else argv)
    code = ensure_display(argv, "bench.ui")
    if code is not None:
        return code
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", type=Path, help="reuse or create the vault in this folder")
    parser.add_argument("--scroll-rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per start-up figure")
    parser.add_argument("--no-demo", action="store_true", help="skip the --demo figures")
    args = parser.parse_args(argv)
    n_cases = max(100, int(100_000 * args.scale))
    n_notes = max(500, int(500_000 * args.scale))

    tmp = None
    if args.keep:
        data_dir = args.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="chasqui-bench-ui-")
        data_dir = Path(tmp.name) / "vault"
    from app.store import Vault

    if not Vault.exists(data_dir):
        print(f"building vault: {n_cases} cases, {n_notes} notes in {data_dir}", file=sys.stderr)
        t0 = time.perf_counter()
        build_vault(data_dir, n_cases, n_notes)
        print(f"  built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    # 1-3. start-up and unlock in fresh processes on the X server
    startup = measure(data_dir, USER, PASS, args.runs, demo=not args.no_demo)
    results: list[tuple[str, float, float, str]] = []

    # in-process UI
    from app.ui.app import make_application, real_services
    from app.ui.main_window import MainWindow

    app = make_application("es")
    services = real_services(data_dir, 3_600_000)
    window = MainWindow(services)
    window.resize(1024, 600)
    window.show()
    spin(lambda: window.unlock_screen is not None)
    screen = window.unlock_screen
    assert screen is not None

    # unlock (measured above in fresh processes)
    screen.pass_edit.setText(PASS)
    refreshed: list[bool] = []
    screen.submit()
    spin(lambda: window.workspace is not None)
    ws = window.workspace
    assert ws is not None
    ws.home.refreshed.connect(lambda: refreshed.append(True))
    spin(lambda: bool(refreshed) or ws.home.greeting.text() != "")

    # 4. search
    backend: Any = window.backend
    dialog = ws.search
    dialog.open_fresh()
    shown: list[float] = []
    fired: list[float] = []
    dialog.results_shown.connect(lambda _n: shown.append(time.perf_counter()))
    dialog._timer.timeout.connect(lambda: fired.append(time.perf_counter()))
    queries = ["quispe", "mamani mar", "alimentos", "BEN01-2026-0100", "fiscal", "rosa", "demanda"]
    latencies, raw = [], []
    for q in queries:  # warm the page cache for both measurements alike
        backend.search(q, 30)
    for q in queries:
        shown.clear()
        fired.clear()
        dialog.edit.clear()
        for i in range(1, len(q) + 1):
            dialog.edit.setText(q[:i])  # a keystroke every 60 ms
            pump(0.06)
        spin(lambda: bool(shown))
        latencies.append(shown[-1] - fired[-1])
        t0 = time.perf_counter()
        backend.search(q, 30)
        raw.append(time.perf_counter() - t0)
    results.append(
        (
            "search: results after typing stops, median (ms)",
            statistics.median(latencies) * 1000,
            statistics.median(raw) * 1000,
            "<= 150 ms",
        )
    )
    results.append(
        (
            "search: results after typing stops, max (ms)",
            max(latencies) * 1000,
            max(raw) * 1000,
            "<= 150 ms",
        )
    )
    dialog.hide()

    # 5. idle baseline and scrolling
    beat = Heartbeat()
    beat.start()
    t_end = time.perf_counter() + 1.0
    spin(lambda: time.perf_counter() > t_end)
    idle_gap = beat.stop()

    ws.navigate("cases")
    page = ws.cases
    spin(lambda: page.model.rowCount() > 0)
    bar = page.table.verticalScrollBar()
    target = min(args.scroll_rows, page.model.total)
    beat.start()
    t0 = time.perf_counter()
    while page.model.rowCount() < target:
        bar.setValue(bar.maximum())  # the user drags to the bottom: the view fetches more
        pump(0.01)
        if time.perf_counter() - t0 > 300:
            break
    scroll_time = time.perf_counter() - t0
    scroll_gap = beat.stop()
    results.append(
        (
            f"longest stall scrolling {page.model.rowCount()} rows (ms)",
            scroll_gap * 1000,
            idle_gap * 1000,
            "<= 100 ms",
        )
    )
    print(f"  (scrolled {page.model.rowCount()} rows in {scroll_time:.1f} s)", file=sys.stderr)

    # 5. sync round (the second stall figure)
    sync = ws.sync
    sync_label = "longest stall during a sync round (ms)"
    if sync is None or not sync.configured():
        other_tmp = tempfile.TemporaryDirectory(prefix="chasqui-bench-other-")
        sync = StoreSideRound(backend.store, remote_changes(Path(other_tmp.name) / "v", 5000))
        ws.sync_page._sync = sync
        ws.sync_page._update_enabled()
        sync_label = "longest stall during a store-side sync round (ms)"
    ws.navigate("sync")
    finished: list[Any] = []
    ws.sync_page.round_finished.connect(finished.append)
    beat.start()
    ws.sync_page.start_round()
    spin(lambda: bool(finished), 600)
    sync_gap = beat.stop()
    results.append((sync_label, sync_gap * 1000, idle_gap * 1000, "<= 100 ms"))

    window.lock()
    window.close()
    del app

    print(f"\nChasqui UI benchmark — {n_cases} cases, {n_notes} notes (scale {args.scale})")
    print_results(startup)
    print()
    print(f"{'measure':58} {'value':>10} {'baseline':>10} {'ratio':>7}  target")
    for name, value, baseline, target_text in results:
        ratio = value / baseline if baseline else float("nan")
        print(f"{name:58} {value:10.3f} {baseline:10.3f} {ratio:7.2f}  {target_text}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
