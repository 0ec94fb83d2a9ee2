"""The cost of the Agenda's day-off flags and wrapped rows (``app/ui/agenda.py``).

Run: ``.venv/bin/python -m bench.ui_agenda [--items 300] [--runs 7] [--quick]``

A vault (fast key derivation: unlocking is not measured) with ``--items`` scheduled
deadlines and hearings in one month, spread over 50 cases, written through the store's
real write path. Measured, median of ``--runs``, in the same run:

- ``Backend.agenda`` for that month: the rows plus, for every scheduled deadline, the
  day-off check (``deadlines.date_warnings``: the case, the office's district, the
  vault's calendar) — it runs in the worker, never on the UI thread;
- baseline: ``queries.agenda_items`` alone, the same rows without the check;
- the UI thread's share: ``AgendaPage._show`` for those rows (cells, columns fitted with
  wrapping, each row's height measured), offscreen, and ``_fit`` alone (the columns and
  the row heights this change added: each distinct text measured once).

Target: the whole month well under the 100 ms stall the UI benchmark allows on the UI
thread, and the worker's read a small multiple of the plain query.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(data_dir: Path, items: int, month: dt.date) -> Any:
    import forms
    from app.core import cases, intakes, people, sample
    from app.store import KdfParams, Vault

    store, _recovery = Vault.create(
        data_dir, "LIM01", "ALEGRA Lima", "ana", "ciruela-tambor-9-lluvia", kdf=KdfParams.fast()
    )
    rng = random.Random(7)
    definition = forms.load_registry().get("ficha_atencion")
    case_ids = []
    for _ in range(50):
        person = sample.person(rng)
        person_id = people.register_person(store, person)
        answers = sample.intake_answers(rng, person, definition)
        intake = intakes.add_intake(
            store, person_id, {"answers": answers}, intakes.FormsIntakeValidator(), "ficha_atencion"
        )
        case_ids.append(cases.open_case(store, intake))
    with store.transaction() as tx:
        for i in range(items):
            day = month + dt.timedelta(days=rng.randrange(28))
            at = dt.datetime.combine(day, dt.time(rng.choice((9, 11, 15, 23)), 30))
            tx.insert(
                "hearing",
                {
                    "case_id": rng.choice(case_ids),
                    "category": "deadline" if i % 2 else "hearing",
                    "at": at.isoformat(timespec="seconds"),
                    "kind": rng.choice(("Alegatos", "Contestar la demanda", "Conciliación")),
                    "place": None if i % 2 else "Juzgado de Paz Letrado de San Juan de Lurigancho",
                    "status": "scheduled",
                },
            )
    return store


def timed(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="60 items, 3 runs")
    args = parser.parse_args(argv)
    if args.quick:
        args.items, args.runs = 60, 3
    from PySide6.QtWidgets import QApplication

    from app.core import queries
    from app.ui.agenda import AgendaPage
    from app.ui.backend import StoreBackend
    from app.ui.worker import Worker

    app = QApplication.instance() or QApplication([])
    today = dt.date.today()
    month = dt.date(today.year, today.month, 1) + dt.timedelta(days=40)
    month = month.replace(day=1)
    low, high = month.isoformat(), (month + dt.timedelta(days=31)).replace(day=1).isoformat()
    with tempfile.TemporaryDirectory(prefix="chasqui-bench-agenda-") as tmp:
        store = build(Path(tmp) / "vault", args.items, month)
        try:
            backend = StoreBackend(store)
            rows = backend.agenda(low, high)
            flagged = sum(1 for r in rows if r.get("day_off"))
            plain = timed(lambda: queries.agenda_items(store, low, high), args.runs)
            full = timed(lambda: backend.agenda(low, high), args.runs)
            page = AgendaPage(backend, Worker())
            page.resize(840, 420)
            page.view = "month"
            page.show()
            app.processEvents()
            shown = timed(lambda: page._show(rows), args.runs)
            fitting = timed(page._fit, args.runs)
            page.close()
        finally:
            store.lock()
    print(f"Agenda month: {len(rows)} rows, {flagged} deadlines on a day off")
    print(f"  baseline queries.agenda_items        {plain * 1000:8.1f} ms")
    print(f"  Backend.agenda (with day-off flags)  {full * 1000:8.1f} ms  ({full / plain:.1f}x)")
    print(f"  UI thread, the whole page (_show)      {shown * 1000:6.1f} ms")
    print(f"    of which columns + row heights (_fit) {fitting * 1000:5.1f} ms")
    print(f"  load: {os.getloadavg()[0]:.1f} (1-minute load average)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
