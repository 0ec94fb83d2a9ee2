"""Where a user was when the window locked, and the intake's draft written before the
store locks (F2: data lost on the lock path).

Owns ``Place`` (``MainWindow._place``) and ``keep_then``: locking with an intake being
typed writes its draft and locks the store from the write's own callback, as quitting does
(7e8de11) — a write queued behind a long sync write outlived the lock's 10 s wait and
raised VaultLocked, and the step-1 edit was lost. The window hides the data at once (the
caller covers it); if the write fails, the edit stays in memory (``Place.unwritten``) and
``bring_back`` gives it back after unlocking, saying it is not saved yet. The write gets
``WRITE_WAIT_MS``: one still not done by then is treated as failed (the store locks
anyway, the key leaves memory, and the edit comes back the same way) — the lock no
longer waits without a bound for a write stuck behind another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

WRITE_WAIT_MS = 30_000  # how long a lock waits for the intake's draft write


@dataclass
class Place:
    """Where a user was when the window locked (``MainWindow._place``)."""

    user: str
    name: str  # a navigation page, "case", "person" or "intake"
    ident: str = ""  # the case, or the intake's draft
    nav: str = ""  # the navigation entry highlighted
    tab: int = 0  # the case's tab
    note: str = ""  # the case note being typed
    state: object = None  # a navigation page's own state (its ``keep_state()``)
    writing: bool = False  # the intake's draft is being written: lock once it is
    unwritten: dict[str, Any] | None = None  # the draft's answers its write failed to keep


def keep_then(page: Any, place: Place, after: Callable[[], None]) -> str:
    """The intake ``page``'s draft written, then ``after()`` once — also when the write
    fails or is not done within ``WRITE_WAIT_MS``: the answers are kept in ``place``;
    its id, "" when there is nothing to write."""
    answers = page._draft_answers()
    pending = [True]  # ``after`` not called yet

    def finish(written: bool) -> None:
        if pending:
            pending.clear()
            if not written:
                place.unwritten = answers
            after()

    ident = str(page.keep_for_lock(lambda _r: finish(True), lambda _e: finish(False)))
    place.writing = bool(ident)
    if ident:  # the page goes with the locked session: the timer needs no context
        QTimer.singleShot(WRITE_WAIT_MS, lambda: finish(False))
    return ident


def bring_back(workspace: Any, place: Place) -> None:
    """After unlocking: the intake's draft again, or the edit its write failed to keep."""
    if place.unwritten is None:
        workspace.open_record("draft", place.ident)
        return
    workspace.new_intake()
    page = workspace.intake
    page._resume({"draft_id": place.ident, "answers": place.unwritten})
    page._saved = None  # not in its draft: leaving or quitting keeps it or asks
    page.message.setText(
        QCoreApplication.translate(
            "MainWindow",
            "El borrador no se pudo guardar al bloquear: sus datos siguen aquí, sin guardar.",
        )
    )
