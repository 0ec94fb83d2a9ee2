"""Where the keyboard lands when a page or a record is shown (fresh 12 #11, #15), in the
real main window by keys: Ctrl+5 lands on "Sincronizar ahora" (it landed in the server's
address, where typing edited it); a case opened from Ctrl+K has the keyboard on its tabs,
and Ctrl+Tab / Ctrl+PgDown switch them (the focus was nowhere)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.e2e import arrange_case, main_window, shortcut
from tests.ui.fakes import FakeSync
from tests.ui.windows import watch_windows


def _window(qtbot: Any, store: Any, vault_dir: Path, fast_vault: Any, sync: Any = None) -> Any:
    """The main window of a linked device ("Sincronizar ahora" is on)."""
    return main_window(qtbot, store, vault_dir, fast_vault, sync=sync or FakeSync())


def test_ctrl_5_lands_on_sincronizar_ahora(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: the keyboard in the server's address box; and Enter on
    the button did nothing."""
    window = _window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        shortcut(qtbot, window, Qt.Key.Key_5)
        page = window.workspace.sync_page
        qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is page, timeout=5_000)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is page.sync_button, timeout=5_000)
        # fresh 12 #19: Enter on a page's focused button did nothing (Space did)
        with qtbot.waitSignal(page.round_finished, timeout=20_000):
            qtbot.keyClick(page.sync_button, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: page.running, timeout=5_000)
            window.workspace.sync.release.set()
    window.lock()


def test_a_case_opened_from_the_search_has_the_keyboard_on_its_tabs(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: the focus nowhere, Ctrl+Tab and Ctrl+PgDown did nothing."""
    number = store.get("case", arrange_case(store))["internal_number"]
    window = _window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        shortcut(qtbot, window, Qt.Key.Key_K)
        search = window.workspace.search
        qtbot.waitUntil(search.isVisible, timeout=5_000)
        qtbot.keyClicks(search.edit, number)
        view = window.workspace.case_view
        qtbot.waitUntil(lambda: search.results.count() > 0, timeout=10_000)
        shown = [search.results.item(i).text() for i in range(search.results.count())]
        row = next(i for i, text in enumerate(shown) if number in text and "Caso" in text)
        for _ in range(row):  # down to the case, as a person does
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.case_id != "" and view.isVisible(), timeout=10_000)
        tabs = view.tabs
        qtbot.waitUntil(lambda: QApplication.focusWidget() is tabs.tabBar(), timeout=5_000)
        assert tabs.currentIndex() == 0
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
        )
        assert tabs.tabText(tabs.currentIndex()) == "Notas"
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
        )
        assert tabs.tabText(tabs.currentIndex()) == "Audiencias y plazos"
    window.lock()


def test_a_usb_reply_named_as_the_guide_says_is_offered_and_said_as_a_package(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    """Fresh 12 #14: "Importar paquete USB…" filtered "*.bundle" — a reply named as the
    guide and the README write it, respuesta.chasqui, was hidden — and its result said
    "Sincronización completa"; a second import did not say it was already in. Fails on
    the old code (the filter; the wording)."""
    from PySide6.QtWidgets import QFileDialog

    from app.ui.ports import SyncReport
    from tests.ui.e2e import answer_save_dialog, button, click, when_modal

    reply = tmp_path / "respuesta.chasqui"
    reply.write_bytes(b"CHQ")
    answers = iter([SyncReport(status="bundle", received=2), SyncReport(status="bundle_again")])
    imported: list[Path] = []

    class Linked(FakeSync):
        def import_bundle(self, path: Path) -> SyncReport:
            imported.append(Path(path))
            return next(answers)

    window = _window(qtbot, store, vault_dir, fast_vault, Linked())
    with watch_windows(window):
        shortcut(qtbot, window, Qt.Key.Key_5)
        page = window.workspace.sync_page
        qtbot.waitUntil(page.import_button.isEnabled, timeout=5_000)
        filters: list[str] = []
        when_modal(QFileDialog, lambda dialog: filters.extend(dialog.nameFilters()))
        seen: list[str] = []
        answer_save_dialog(reply, seen)
        click(qtbot, button(page, "Importar paquete USB…"))
        qtbot.waitUntil(lambda: page.phase.text().startswith("Paquete USB importado: "))
        assert any("*.chasqui" in f and "*.bundle" in f for f in filters), filters
        answer_save_dialog(reply, seen)
        click(qtbot, button(page, "Importar paquete USB…"))
        qtbot.waitUntil(lambda: "ya se había importado" in page.phase.text(), timeout=5_000)
        assert imported == [reply, reply]
    window.lock()
