"""Where a user was when the window locked, and the intake's draft written before the
store locks (F2: data lost on the lock path).

Owns ``Place`` (``MainWindow._place``) and ``keep_then``: locking with an intake being
typed writes its draft and locks the store from the write's own callback, as quitting does
(7e8de11) — a write queued behind a long sync write outlived the lock's 10 s wait and
raised VaultLocked, and the step-1 edit was lost. The window hides the data at once (the
caller covers it); if the write fails, the edit stays in memory (``Place.unwritten``) and
``bring_back`` gives it back after unlocking, saying it is not saved yet; quitting at the
unlock screen asks about it first (review 10 F6).

The lock waits for the draft write, with no time bound, and that is deliberate: the write
waits only for another transaction holding the store (a sync round applying a pull, a
bundle import), and so would the lock itself — closing the store takes the same writer
lock, and the key cannot leave memory while a transaction still uses it (sqlite's
interrupt stops only a statement running at that instant). fdc365e's 30 s bound
"locked anyway" on the GUI thread: it froze the window for the rest of that other write
and the key stayed just as long (review 10 F1). Meanwhile the window is covered
("Bloqueando…", nothing of the session shown) and keeps answering.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication


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


# What the intake page knows of its person's check beyond its draft (who they are, the
# decisions recorded, whether step 2 was shown): kept in memory while locked, as a note
# being typed is, so the ficha comes back as it was (fresh 11 #33)
CHECKED = ("_client_checked", "_client_check_shown", "_same_person_id", "_party_links",
           "_decisions")  # fmt: skip


def keep_then(page: Any, place: Place, after: Callable[[], None]) -> str:
    """The intake ``page``'s draft written, then ``after()`` (also when the write fails:
    the answers are kept in ``place``); its id, "" when there is nothing to write. Where
    the page was (the ficha, and its person's check) is kept in ``place.state``."""
    answers = page._draft_answers()
    place.state = {
        "at_form": page.steps.currentWidget() is page.form_step,
        **{name: copy.copy(getattr(page, name)) for name in CHECKED},
    }

    def lost(_exc: BaseException) -> None:
        place.unwritten = answers
        after()

    ident = str(page.keep_for_lock(lambda _r: after(), lost))
    place.writing = bool(ident)
    return ident


def bring_back(workspace: Any, place: Place) -> None:
    """After unlocking: the intake's draft again, or the edit its write failed to keep —
    on the ficha when the lock came from it (fresh 11 #33: it came back at step 1)."""
    if place.unwritten is None:
        workspace.open_record("draft", place.ident)
        page = workspace.intake

        def resumed(_draft_id: str) -> None:
            page.resumed.disconnect(resumed)
            _on_the_ficha(page, place.state)

        page.resumed.connect(resumed)
        return
    workspace.new_intake()
    page = workspace.intake
    page._resume({"draft_id": place.ident, "answers": place.unwritten})
    _on_the_ficha(page, place.state)
    page._saved = None  # not in its draft: leaving or quitting keeps it or asks
    page.message.setText(
        QCoreApplication.translate(
            "MainWindow",
            "El borrador no se pudo guardar al bloquear: sus datos siguen aquí, sin guardar.",
        )
    )


def unwritten_question(place: Place | None) -> tuple[str, str] | None:
    """What quitting asks (question, the "yes" button's words) when the lock kept an
    intake's edit in memory because its draft write failed — the window is locked, the
    edit lives nowhere else: closing at the unlock screen dropped it without a word
    (review 10 F6). None when nothing is kept."""
    if place is None or place.unwritten is None:
        return None
    question = QCoreApplication.translate(
        "MainWindow",
        "La atención que estaba escribiendo no se pudo guardar antes de bloquear. "
        "Desbloquee para guardarla. ¿Salir y descartarla?",
    )
    return question, QCoreApplication.translate("MainWindow", "Salir sin guardar")


def _on_the_ficha(page: Any, state: object) -> None:
    """The resumed intake back on its ficha, its person's check as it was, when the lock
    came from the ficha; else it stays on step 1."""
    if not isinstance(state, dict) or not state.get("at_form"):
        return
    for name in CHECKED:
        setattr(page, name, state[name])
    page.message.clear()
    page._go_form()
