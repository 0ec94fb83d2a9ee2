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
