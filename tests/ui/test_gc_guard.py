"""Cyclic garbage collection happens on the UI thread only (``app.ui.gc_guard``): a
collection in a pool thread freed Qt wrappers of the UI thread and killed the project's
CI with a segmentation fault."""

from __future__ import annotations

import gc
import threading
from typing import Any

from app.ui import gc_guard
from app.ui.worker import Worker


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_worker_threads_never_collect_and_the_ui_thread_does(qtbot: Any, ui_app: Any) -> None:
    threads: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    worker = Worker()
    assert not gc.isenabled()
    gc.callbacks.append(note)
    try:
        made: list[int] = []

        def churn() -> int:
            # Far past every generation's threshold: automatic collection would run here.
            for _ in range(20 * gc.get_threshold()[0]):
                _Cycle()
            made.append(1)
            return gc.get_count()[0]

        with qtbot.waitSignal(worker.idle, timeout=30_000):
            worker.submit(churn)
        # 14,000 cycles made in the pool, none collected there (the guard's timer may have
        # collected on the UI thread meanwhile: that is the point)
        ui_thread = threading.main_thread().name
        assert made and set(threads) <= {ui_thread}

        for _ in range(20 * gc.get_threshold()[0]):  # due again, made on this thread
            _Cycle()
        freed = gc_guard.collect_due()  # what the UI thread's timer does
        assert freed > 0 and set(threads) == {ui_thread}
    finally:
        gc.callbacks.remove(note)


def test_install_off_the_ui_thread_changes_nothing(ui_app: Any) -> None:
    answers: list[bool] = []
    thread = threading.Thread(target=lambda: answers.append(gc_guard.install()))
    thread.start()
    thread.join()
    assert answers == [False]


def test_a_hold_puts_collections_off_until_released_or_its_deadline(ui_app: Any) -> None:
    def due() -> None:
        for _ in range(3 * gc.get_threshold()[0]):
            _Cycle()

    try:
        due()
        gc_guard.hold(60.0)
        assert gc_guard.collect_due() == 0  # due, but Inicio is being shown
        gc_guard.release()
        assert gc_guard.collect_due() > 0
        due()
        gc_guard.hold(0.0)  # a hold nobody released ends at its deadline
        assert gc_guard.collect_due() > 0
    finally:
        gc_guard.release()


def test_unlocking_holds_collections_until_inicio_has_its_data(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Any, fast_vault: Any, monkeypatch: Any
) -> None:
    from tests.ui.e2e import main_window

    holds: list[float] = []
    hold = gc_guard.hold
    monkeypatch.setattr(gc_guard, "hold", lambda s: (holds.append(s), hold(s)))
    window = main_window(qtbot, store, vault_dir, fast_vault)
    home = window.workspace.home
    assert holds and 0 < holds[0] <= 10  # the store came: held, with a deadline
    qtbot.waitUntil(lambda: bool(home.greeting.text()), timeout=10_000)  # Inicio has its data
    assert gc_guard._held_until == 0  # released: what was due is collected again
    for _ in range(3 * gc.get_threshold()[0]):
        _Cycle()
    assert gc_guard.collect_due() > 0
    window.lock()
