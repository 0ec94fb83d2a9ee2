"""Nothing typed into a new intake is lost by quitting or locking (fresh-eyes #23).

Ctrl+Q while a recovered draft was being edited quit at once and the step-1 edit was lost.
Now quitting (Ctrl+Q, Archivo → Salir, the window's close button) with an intake whose
edits are not yet in its draft asks "¿Guardar borrador?": Guardar writes it (found again
after reopening the vault), Descartar quits without it, Cancelar and Escape stay with
everything typed. Locking keeps the whole draft, the ficha's answers included.
All by keys, clicks and typing on the real main window over a real vault.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.backend import StoreBackend
from app.ui.forms import make_form_factory
from app.ui.main_window import Services
from tests.conftest import PASS
from tests.ui.e2e import (
    button,
    click,
    click_list_row,
    lock_and_unlock,
    main_window,
    modal,
    retype,
    started_and_unlocked,
)
from tests.ui.windows import watch_windows

DRAFT = {
    "nombres": "Killa",
    "apellido_paterno": "Huaman",
    "tipo_documento": "DNI",
    "numero_documento": "45871236",
    "sexo": "F",
    "fecha_nacimiento": "1991-02-03",
    "telefono": "987654321",
    "resumen_caso": "Pide alimentos para su hija",  # a ficha answer, not in step 1
}


def _draft(store: Any) -> dict[str, Any]:
    [row] = store.list_drafts()
    answers = store.load_draft(row["draft_id"])["answers"]
    return json.loads(answers) if isinstance(answers, str) else dict(answers)


def _resume_draft(qtbot: Any, window: Any) -> Any:
    """Inicio → the draft's row, double-clicked: the intake with its person in step 1."""
    home = window.workspace.home
    qtbot.waitUntil(
        lambda: home.drafts.count() == 1 and "Killa Huaman" in home.drafts.item(0).text(),
        timeout=10_000,
    )
    click_list_row(qtbot, home.drafts, 0, double=True)
    qtbot.waitUntil(lambda: window.workspace.current_name() == "intake", timeout=10_000)
    page = window.workspace.intake
    qtbot.waitUntil(lambda: page.phone.text() == "987654321", timeout=10_000)
    return page


def _quit_question(qtbot: Any, window: Any) -> QMessageBox:
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    question = modal(qtbot)
    assert isinstance(question, QMessageBox)
    assert question.windowTitle() == "¿Guardar borrador?"
    assert "Killa Huaman" in question.informativeText()
    shown = [b.text() for b in question.buttons()]
    assert sorted(shown) == ["Cancelar", "Descartar", "Guardar"]
    return question


def _stayed(qtbot: Any, window: Any, page: Any) -> None:
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
    assert window.isVisible() and window.backend is not None
    assert window.workspace.pages.currentWidget() is page
    assert page.phone.text() == "912345678"


def test_ctrl_q_on_an_edited_draft_asks_and_guardar_keeps_the_edit(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: Ctrl+Q closed the window with no question."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _resume_draft(qtbot, window)
        retype(qtbot, page.phone, "912345678")
        qtbot.keyClick(_quit_question(qtbot, window), Qt.Key.Key_Escape)
        _stayed(qtbot, window, page)
        click(qtbot, button(_quit_question(qtbot, window), "Cancelar"))
        _stayed(qtbot, window, page)
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(_quit_question(qtbot, window), "Guardar"))
    assert not window.isVisible() and window.backend is None
    # The vault opened again, by its passphrase: the draft has the edit and the ficha
    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        form_factory=make_form_factory,
    )
    again = started_and_unlocked(qtbot, services)
    page = _resume_draft_edited(qtbot, again)
    assert page.given.text() == "Killa"
    saved = _draft(again.backend.store)
    assert saved["telefono"] == "912345678"
    assert saved["resumen_caso"] == DRAFT["resumen_caso"]
    # Nothing new typed: Ctrl+Q quits at once
    with qtbot.waitSignal(again.closed, timeout=10_000):
        qtbot.keyClick(again, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def _resume_draft_edited(qtbot: Any, window: Any) -> Any:
    home = window.workspace.home
    qtbot.waitUntil(lambda: home.drafts.count() == 1, timeout=10_000)
    click_list_row(qtbot, home.drafts, 0, double=True)
    page = window.workspace.intake
    qtbot.waitUntil(lambda: page.phone.text() == "912345678", timeout=10_000)
    return page


def test_a_new_intake_asks_on_salir_and_on_the_close_button(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """A brand-new intake: the window's close button asks too (Guardar writes a draft
    under the person's name); Archivo → Salir asks, and Descartar quits without
    writing anything more. Fails on the old code: both quit silently, nothing kept."""
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        page = window.workspace.intake
        qtbot.waitUntil(lambda: window.workspace.current_name() == "intake", timeout=5_000)
        click(qtbot, page.given)
        qtbot.keyClicks(page.given, "Killa")
        click(qtbot, page.paternal)
        qtbot.keyClicks(page.paternal, "Huaman")
        window.close()  # what the window manager does for the title bar's ✕
        question = modal(qtbot)
        assert question.windowTitle() == "¿Guardar borrador?"
        click(qtbot, button(question, "Cancelar"))
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
        assert window.isVisible() and page.paternal.text() == "Huaman"
        assert store.list_drafts() == []
        # Archivo → Salir: the menu opened, its entry clicked
        qtbot.keyClicks(page.paternal, " Quispe")
        window.file_menu.menu.popup(window.mapToGlobal(window.rect().topLeft()))
        menu = window.file_menu.menu
        qtbot.waitUntil(menu.isVisible, timeout=5_000)
        salir = next(a for a in menu.actions() if a.text().replace("&", "") == "Salir")
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(salir).center())
        question = modal(qtbot)
        assert question.windowTitle() == "¿Guardar borrador?"
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(question, "Descartar"))
    reopened = fast_vault.unlock(vault_dir, "ana", PASS)
    try:
        assert reopened.list_drafts() == []
    finally:
        reopened.lock()


def test_lock_keeps_a_resumed_draft_whole_and_unlock_brings_it_back(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Ctrl+L on a draft resumed at step 1: the edit is kept and so are the ficha's
    answers (fails on the old code: the lock rewrote the draft with step 1 only and
    "Pide alimentos…" was gone)."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _resume_draft(qtbot, window)
        retype(qtbot, page.phone, "912345678")
        workspace = lock_and_unlock(qtbot, window)
        page = workspace.intake
        qtbot.waitUntil(lambda: page.phone.text() == "912345678", timeout=10_000)
        assert workspace.current_name() == "intake"
        saved = _draft(window.backend.store)
        assert saved["telefono"] == "912345678"
        assert saved["resumen_caso"] == DRAFT["resumen_caso"]
        window.lock()


def test_the_draft_question_comes_last_so_descartar_quits_at_once(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Changes only on this laptop and an intake being typed: Ctrl+Q asks about the
    changes first, then "¿Guardar borrador?"; "Descartar" then quits at once. (Asked the
    other way round, "Cancelar" on the second question kept the app open with the typed
    data marked as discarded: leaving the page no longer kept it as a draft.)"""
    from tests.ui.test_window_shell import _linked

    _linked(store, "unauthorized")
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        qtbot.waitUntil(lambda: window.status.current.pending > 0, timeout=10_000)
        page = _resume_draft(qtbot, window)
        retype(qtbot, page.phone, "912345678")
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        first = modal(qtbot)
        assert "solo" in first.text() and "laptop" in first.text()
        click(qtbot, button(first, "Salir de todos modos"))
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not first, timeout=5_000)
        second = modal(qtbot)
        assert second.windowTitle() == "¿Guardar borrador?"
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(second, "Descartar"))


def test_lock_keeps_what_was_typed_in_a_new_intakes_ficha(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """A new intake, the ficha half typed, Ctrl+L: after unlocking, the intake is back on
    its ficha with what was typed there (fresh 11 #33: it came back at step 1, "Borrador
    recuperado…", as a case's Notas tab does not), its person's check kept: "Volver"
    shows step 1's person. Fails on the old code (step 1 after unlocking)."""
    from tests.ui.test_intake_ficha import _ficha

    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _ficha(qtbot, window)
        summary = page.form_widget.rows["resumen_caso"].editor.edit
        click(qtbot, summary)
        qtbot.keyClicks(summary, "Pide alimentos para su hija")
        workspace = lock_and_unlock(qtbot, window)
        page = workspace.intake
        qtbot.waitUntil(lambda: page.steps.currentWidget() is page.form_step, timeout=10_000)
        summary = page.form_widget.rows["resumen_caso"].editor.edit
        assert summary.toPlainText() == "Pide alimentos para su hija"
        assert "Borrador recuperado" not in page.message.text()
        assert page.given.text() == "Killa"  # step 1's person, behind "Volver"
        window.lock()


def test_cancelar_on_a_recovered_draft_left_as_it_was_does_not_ask(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """fresh8 #14: Cancelar on a recovered draft nobody changed leaves at once (the draft
    stays as it was, on Inicio); changed, it asks as before. Fails on the old code: the
    question "¿Desea guardar esta atención como borrador…?" came up. "Descartar borrador"
    (a recovered draft only) throws it away, asked first."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _resume_draft(qtbot, window)
        with qtbot.waitSignal(page.cancelled, timeout=5_000):
            click(qtbot, page.person_step.cancel_button)
        assert QApplication.activeModalWidget() is None
        assert window.statusBar().currentMessage() == "Borrador sin cambios: sigue en Inicio"
        assert _draft(store) == DRAFT
        page = _resume_draft(qtbot, window)
        retype(qtbot, page.phone, "912345678")
        click(qtbot, page.person_step.cancel_button)
        question = modal(qtbot)
        assert question.windowTitle() == "Cancelar la atención"
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(question, "Guardar borrador"))
        assert _draft(store)["telefono"] == "912345678"
        # Throwing a recovered draft away is still one click (and a question) away
        page = _resume_draft_edited(qtbot, window)
        click(qtbot, page.person_step.discard_button)
        question = modal(qtbot)
        assert question.text() == "¿Descartar este borrador? Lo que tiene se pierde."
        click(qtbot, button(question, "Cancelar"))  # the default: nothing happens
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
        assert store.list_drafts()
        click(qtbot, page.person_step.discard_button)
        with qtbot.waitSignal(page.cancelled, timeout=10_000):
            click(qtbot, button(modal(qtbot), "Descartar"))
        assert store.list_drafts() == []
        assert window.statusBar().currentMessage() == "Atención descartada"


def _failing_draft_writes(backend: Any) -> None:
    """``backend``'s draft writes fail (a full disk)."""

    def save_draft(*_args: Any) -> Any:
        raise OSError("disco lleno")

    backend.save_draft = save_draft


def _edited_and_unwritable(qtbot: Any, window: Any) -> None:
    """The draft resumed, its phone retyped (912345678), and draft writes failing."""
    page = _resume_draft(qtbot, window)
    retype(qtbot, page.phone, "912345678")
    _failing_draft_writes(window.backend)


def _held_draft_writes(
    backend: Any,
) -> tuple[threading.Event, threading.Event, list[dict[str, Any]]]:
    """``backend``'s draft writes held, as behind a long sync write, until ``release`` is
    set; ``started`` once one waits; ``written``: the answers of those written."""
    release, started, written = threading.Event(), threading.Event(), []
    real = backend.save_draft

    def save_draft(*args: Any) -> Any:
        started.set()
        release.wait(30)
        real(*args)  # raises if the store was locked meanwhile
        written.append(args[-1])

    backend.save_draft = save_draft
    return release, started, written


def _unlocked_on_the_edit(qtbot: Any, window: Any) -> Any:
    """The passphrase typed on the unlock screen, Enter: the intake page, with the phone
    edited before the lock (912345678) back on screen."""
    screen = window.unlock_screen
    qtbot.keyClicks(screen.pass_edit, PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
    page = window.workspace.intake
    qtbot.waitUntil(lambda: page.phone.text() == "912345678", timeout=10_000)
    return page


def test_guardar_on_quit_waits_for_the_draft_to_be_written(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Review 8: "Guardar" queued the draft's write and the window closed the store after
    waiting 10 s at most — a write queued behind a long sync write was lost. Now the
    window quits once the draft is written. Fails on the old code (the window closed
    while the write was still held: after its 10 s wait, the store locked under it)."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _resume_draft(qtbot, window)
        retype(qtbot, page.phone, "912345678")
        backend = window.backend
        release, started, written = _held_draft_writes(backend)
        click(qtbot, button(_quit_question(qtbot, window), "Guardar"))
        qtbot.waitUntil(started.is_set, timeout=10_000)
        assert window.isVisible() and window.backend is backend  # still waiting for it
        with qtbot.waitSignal(window.closed, timeout=10_000):
            release.set()
    [answers] = written  # written before the store was locked
    assert answers["telefono"] == "912345678"


def test_lock_waits_for_the_draft_to_be_written(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """F2: Ctrl+L queued the draft's write and locked the store after waiting 10 s at
    most — a write held behind a long sync write raised VaultLocked and the step-1 edit
    was lost. Now the intake is hidden at once and the store locks once the draft is
    written; unlocking brings the edit back. Fails on the old code (the window locked
    while the write was still held: nothing written)."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _resume_draft(qtbot, window)
        retype(qtbot, page.phone, "912345678")
        release, started, written = _held_draft_writes(window.backend)
        locked: list[bool] = []
        window.locked.connect(lambda: locked.append(True))
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(started.is_set, timeout=10_000)
        assert not locked and window.workspace is None  # the data hidden, the store open
        assert window.stack.currentWidget() is window.opening  # "Bloqueando…", no data
        with qtbot.waitSignal(window.locked, timeout=10_000):
            release.set()
        [answers] = written  # written before the store was locked
        assert answers["telefono"] == "912345678"
        page = _unlocked_on_the_edit(qtbot, window)
        window.lock()


def test_a_lock_behind_another_write_covers_the_window_and_keeps_answering(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Review 10 F1: another transaction holds the store (as a sync round applying a
    pull does) while Ctrl+L writes the intake's draft. The window is covered at once
    ("Bloqueando…") and keeps answering — its event loop ticks the whole time — the store
    stays open only while that transaction runs (the draft write and the lock both need
    it), then the draft is written and the window locks. fdc365e's 30 s bound locked on
    the GUI thread behind the same writer lock: with its bound lowered, this test's ticks
    stop (the window froze for the rest of the other write)."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _resume_draft(qtbot, window)
        retype(qtbot, page.phone, "912345678")
        inside, release = threading.Event(), threading.Event()

        def another_write() -> None:  # a real transaction: it holds the writer lock
            with store.transaction():
                inside.set()
                release.wait(30)

        holder = threading.Thread(target=another_write)
        holder.start()
        try:
            assert inside.wait(10)
            ticks = [time.monotonic()]
            timer = QTimer()
            timer.timeout.connect(lambda: ticks.append(time.monotonic()))
            timer.start(20)
            qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
            assert window.stack.currentWidget() is window.opening  # covered at once
            qtbot.waitUntil(lambda: ticks[-1] - ticks[0] > 2.0, timeout=10_000)
            gaps = [b - a for a, b in itertools.pairwise(ticks)]
            assert max(gaps) < 3.0, max(gaps)  # answering (frozen: as long as the write)
            assert not store.locked and window.stack.currentWidget() is window.opening
        finally:
            release.set()
            holder.join(10)
        with qtbot.waitSignal(window.locked, timeout=10_000):
            pass
        timer.stop()
        page = _unlocked_on_the_edit(qtbot, window)
        assert not page.message.text().startswith("El borrador no se pudo guardar")
        assert _draft(window.backend.store)["telefono"] == "912345678"  # written
        window.lock()


def test_quitting_at_the_unlock_screen_asks_about_an_edit_the_lock_could_not_write(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Review 10 F6: the draft write failed at Ctrl+L, the edit kept only in memory;
    closing the app at the unlock screen dropped it without a word. Now it asks:
    "Cancelar" (the default) keeps the app open, "Salir sin guardar" quits. Fails on the
    old code (closed at once, no question)."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        _edited_and_unwritable(qtbot, window)
        with qtbot.waitSignal(window.locked, timeout=10_000):
            qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        closed: list[bool] = []
        window.closed.connect(lambda: closed.append(True))
        window.close()  # the defender closes the app at the unlock screen
        question = modal(qtbot)
        assert isinstance(question, QMessageBox)
        assert question.text() == (
            "La atención que estaba escribiendo no se pudo guardar antes de bloquear. "
            "Desbloquee para guardarla. ¿Salir y descartarla?"
        )
        click(qtbot, button(question, "Cancelar"))
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
        assert window.isVisible() and not closed
        window.close()
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(modal(qtbot), "Salir sin guardar"))


def test_a_draft_the_lock_could_not_write_comes_back_after_unlocking(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """F2: the draft's write failing at Ctrl+L locks all the same (the key leaves memory);
    the edit is kept in memory and shown again after unlocking, said not to be saved, and
    quitting then asks about it."""
    store.save_draft("d-1", "ficha_atencion", 1, DRAFT)
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        _edited_and_unwritable(qtbot, window)
        workspace = lock_and_unlock(qtbot, window)
        page = workspace.intake
        qtbot.waitUntil(lambda: page.phone.text() == "912345678", timeout=10_000)
        assert "no se pudo guardar" in page.message.text()
        assert _draft(window.backend.store)["telefono"] == "987654321"  # not written
        assert page.unsaved()
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(_quit_question(qtbot, window), "Guardar"))
    reopened = fast_vault.unlock(vault_dir, "ana", PASS)
    try:
        assert _draft(reopened)["telefono"] == "912345678"
    finally:
        reopened.lock()
