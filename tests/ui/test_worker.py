"""The worker pool delivers results on the UI thread, reports errors, and drops results
of discarded (locked) sessions and of widgets deleted meanwhile."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtWidgets import QLabel

from app.ui.worker import Worker


def test_result_and_error_delivered_on_the_ui_thread(qtbot: Any, ui_app: Any) -> None:
    worker = Worker()
    seen: list[Any] = []
    main = threading.get_ident()
    worker.submit(lambda: threading.get_ident(), lambda tid: seen.append(("ok", tid)))
    worker.submit(lambda: 1 / 0, None, lambda exc: seen.append(("err", threading.get_ident())))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5_000)
    kinds = dict(seen)
    assert kinds["ok"] != main  # ran in the pool
    assert kinds["err"] == main  # the error handler runs on the UI thread


def test_discarded_and_orphaned_results_are_dropped(qtbot: Any, ui_app: Any) -> None:
    worker = Worker()
    unhandled: list[BaseException] = []
    worker.on_unhandled = unhandled.append
    gate = threading.Event()
    seen: list[str] = []
    worker.submit(lambda: gate.wait(5), lambda _r: seen.append("late"))
    worker.submit(lambda: gate.wait(5) and 1 / 0)
    assert worker.discard_pending() == 2
    gate.set()
    worker.wait(5_000)
    label = QLabel()
    set_text = label.setText
    shiboken6.delete(label)  # the page that asked is gone before the answer arrives
    worker.submit(lambda: "texto", set_text)
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=5_000)
    assert seen == [] and unhandled == []


def test_a_store_closes_only_after_the_reads_in_flight(
    qtbot: Any, ui_app: Any, tmp_path: Any
) -> None:
    """The teardown race (CI: an xdist worker segfaulted under load): the ``store``
    fixture locked the vault while a window's worker still ran a query on its read
    connection. ``close_store`` (the fixture's teardown) waits for every live worker
    first: the query finishes with its rows, then the vault locks. (Without the wait this
    scenario ends the process with SIGSEGV.)"""
    from tests.conftest import close_store, make_vault

    store = make_vault(tmp_path / "vault")
    worker = Worker()
    started = threading.Event()
    seen: list[Any] = []

    def slow_read() -> Any:
        started.set()
        return store.query(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 150000)"
            " SELECT count(*) AS n FROM c"
        )

    worker.submit(slow_read, seen.append, seen.append)
    assert started.wait(10)
    close_store(store)
    assert store.locked
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=5_000)
    assert seen == [[{"n": 150000}]]
