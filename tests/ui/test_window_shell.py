"""The main window's shell (issue 13): menus, Ctrl+Q, lock returns where you were, the
window fits the screen, Qt's dialogs speak Spanish, the guide, confirmations, files
start in Documents, the demo lives in the user data directory, no stray window."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTreeView,
)

from app.ui import files
from app.ui.backend import StoreBackend
from app.ui.main_window import MINIMUM_SIZE, MainWindow, Services
from tests.conftest import PASS, make_vault
from tests.ui.e2e import button, click, click_tab, modal, on_case
from tests.ui.windows import stray_windows, watch_windows

ROOT = Path(__file__).resolve().parents[2]


def _window(qtbot: Any, vault: Any, data_dir: Path) -> MainWindow:
    window = MainWindow(Services(vault=vault, data_dir=data_dir, make_backend=StoreBackend))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    return window


def _unlock(qtbot: Any, window: MainWindow) -> None:
    screen = window.unlock_screen
    assert screen is not None and window.stack.currentWidget() is screen
    qtbot.keyClicks(screen.pass_edit, PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)


@pytest.fixture
def sample_vault(vault_dir: Path) -> Path:
    from app.core import sample_load

    store = make_vault(vault_dir)
    try:
        sample_load.load(store, 3, seed=3)
    finally:
        store.lock()
    return vault_dir


def when_modal(look: Callable[[Any], None], tries: int = 500) -> None:
    """Once a modal dialog is up, pass it to ``look``, then cancel it (always)."""

    def poll(left: int) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            assert left > 0, "no modal dialog appeared"
            QTimer.singleShot(10, lambda: poll(left - 1))
            return
        try:
            look(dialog)
        finally:
            dialog.reject()  # type: ignore[attr-defined]

    QTimer.singleShot(0, lambda: poll(tries))


def _menu_texts(window: MainWindow) -> dict[str, list[tuple[str, str]]]:
    menus: dict[str, list[tuple[str, str]]] = {}
    for action in window.menuBar().actions():
        menu = action.menu()
        assert menu is not None
        menus[action.text().replace("&", "")] = [
            (a.text(), a.shortcut().toString()) for a in menu.actions() if not a.isSeparator()
        ]
    return menus


def test_menu_bar_archivo_ver_ayuda(qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path) -> None:
    window = _window(qtbot, fast_vault, vault)
    menus = _menu_texts(window)
    assert list(menus) == ["Archivo", "Ver", "Ayuda"]
    assert menus["Archivo"] == [
        ("Nueva atención", "Ctrl+N"),
        ("Copia de seguridad…", ""),
        ("Copia diaria automática", ""),
        ("Bloquear", "Ctrl+L"),
        ("Salir", "Ctrl+Q"),
    ]
    assert menus["Ver"] == [
        ("Inicio", "Ctrl+1"),
        ("Personas", "Ctrl+2"),
        ("Casos", "Ctrl+3"),
        ("Agenda", "Ctrl+4"),
        ("Sincronización", "Ctrl+5"),
        ("Reportes", "Ctrl+6"),
        ("Tiempos", "Ctrl+7"),
        ("Buscar…", "Ctrl+K"),
        ("Sincronizar ahora", "F5"),
    ]
    assert menus["Ayuda"] == [("Guía del defensor", "F1"), ("Acerca de Chasqui", "")]
    # locked: what needs a session is off, quitting and help are not
    assert not window.intake_action.isEnabled() and not window.lock_action.isEnabled()
    assert window.quit_action.isEnabled() and window.help_menu.guide_action.isEnabled()


def test_ver_menu_pages_match_the_navigation() -> None:
    from app.ui.menus import VIEW_PAGES
    from app.ui.workspace import NAV

    assert tuple(name for name, _label in VIEW_PAGES) == NAV


def test_ctrl_q_quits_and_locks(
    qtbot: Any, ui_app: Any, fast_vault: Any, sample_vault: Path
) -> None:
    window = _window(qtbot, fast_vault, sample_vault)
    with watch_windows(window):
        _unlock(qtbot, window)
        store = window.backend.store  # type: ignore[union-attr]
        with qtbot.waitSignal(window.closed, timeout=10_000):
            qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert window.backend is None
    with pytest.raises(Exception):
        store.query("SELECT 1")


def test_closing_the_window_ends_the_process(tmp_path: Path) -> None:
    """The real program: closing its window (as the smoke hook does) ends the process."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CHASQUI_SMOKE_EXIT_MS="100",
        CHASQUI_STARTUP_LOG="1",
        PYTHONUTF8="1",
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(tmp_path / "v")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "chasqui-startup: ready" in done.stdout
    assert not list(tmp_path.glob("demo-data*"))


def test_lock_returns_to_the_open_case(
    qtbot: Any, ui_app: Any, fast_vault: Any, sample_vault: Path
) -> None:
    window = _window(qtbot, fast_vault, sample_vault)
    with watch_windows(window):
        _unlock(qtbot, window)
        workspace = window.workspace
        assert workspace is not None
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # Casos
        cases = workspace.cases
        qtbot.waitUntil(lambda: cases.table.model().rowCount() > 0, timeout=10_000)
        assert workspace.current_name() == "cases"
        index = cases.table.model().index(0, 0)
        rect = cases.table.visualRect(index)
        qtbot.mouseClick(cases.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.keyClick(cases.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: workspace.current_name() == "case", timeout=10_000)
        case_id = workspace.case_view.case_id
        assert case_id
        with qtbot.waitSignal(window.locked, timeout=10_000):
            qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.workspace is None
        _unlock(qtbot, window)
        again = window.workspace
        assert again is not None and again is not workspace
        assert again.current_name() == "case" and again.case_view.case_id == case_id
        # another page is remembered too
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # Agenda
        with qtbot.waitSignal(window.locked, timeout=10_000):
            window.lock_action.trigger()
        _unlock(qtbot, window)
        assert window.workspace is not None and window.workspace.current_name() == "agenda"
        # fresh-eyes 6 #13: a person's profile came back as Inicio
        workspace = window.workspace
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Personas
        people = workspace.people
        qtbot.waitUntil(lambda: people.table.model().rowCount() > 0, timeout=10_000)
        rect = people.table.visualRect(people.table.model().index(0, 0))
        qtbot.mouseClick(people.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.keyClick(people.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: workspace.current_name() == "person", timeout=10_000)
        person_id = workspace.here()[1]
        assert person_id
        with qtbot.waitSignal(window.locked, timeout=10_000):
            qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        _unlock(qtbot, window)
        again = window.workspace
        assert again is not None
        qtbot.waitUntil(lambda: again.current_name() == "person", timeout=10_000)
        assert again.here() == ("person", person_id)
        assert again.nav.currentItem().text() == "Personas"
        window.lock()


def test_window_opens_inside_the_available_screen(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path
) -> None:
    window = _window(qtbot, fast_vault, vault)
    area = window.screen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    assert area.contains(window.geometry().topLeft())
    # the minimum fits a 1024×600 netbook with a 40 px taskbar and a title bar
    assert MINIMUM_SIZE[0] <= 1024 and MINIMUM_SIZE[1] <= 600 - 40 - 40
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 600 - 40 - 40


def test_guide_f1_and_about_in_spanish(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path
) -> None:
    window = _window(qtbot, fast_vault, vault)
    with watch_windows(window):
        qtbot.keyClick(window, Qt.Key.Key_F1)
        dialog = window.help_menu.dialog
        assert dialog is not None
        qtbot.waitUntil(dialog.isVisible, timeout=5_000)
        browser = dialog.browser  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: "Guía del defensor" in browser.toPlainText(), timeout=5_000)
        text = browser.toPlainText()
        assert "Guía del defensor" in text and "Ctrl+L" in text and "Ctrl+Q" in text
        assert "|" not in text  # the Markdown is rendered (tables), not shown raw
        assert dialog.width() <= window.width()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        window.help_menu.about_action.trigger()
        about = window.help_menu.dialog
        assert about is not None and about.isVisible()
        assert "Chasqui" in about.text()  # type: ignore[attr-defined]
        qtbot.keyClick(about, Qt.Key.Key_Escape)


def test_qt_dialogs_speak_spanish(qtbot: Any, ui_app: Any, tmp_path: Path) -> None:
    """qtbase_es is loaded: Qt's own file dialog has no English ("Look in", "Cancel")."""
    seen: list[str] = []

    def look(dialog: QFileDialog) -> None:
        texts = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()]
        texts += [w.text() for w in dialog.findChildren(QPushButton) if w.isVisible()]
        seen.append(" | ".join(t.replace("&", "") for t in texts))

    when_modal(look)
    files.save_path(None, "Guardar", str(tmp_path / "x.pdf"))
    when_modal(look)
    files.open_path(None, "Abrir")
    for joined in seen:
        words = set(joined.replace(":", " ").replace("|", " ").split())
        assert not words & {"Look", "File", "Cancel", "Save", "Open", "type", "fichero"}, joined
        assert "Cancelar" in joined and "Buscar en" in joined, joined
    assert len(seen) == 2


def test_qt_standard_buttons_speak_spanish(qtbot: Any, ui_app: Any) -> None:
    """qtbase_es is loaded: standard buttons Qt names itself are Spanish."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel
        | QDialogButtonBox.StandardButton.Close
        | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(box)
    texts = sorted(b.text().replace("&", "") for b in box.buttons())
    assert texts == ["Cancelar", "Cerrar", "Guardar"]


def test_confirm_shows_in_the_status_bar(qtbot: Any, ui_app: Any) -> None:
    from app.ui.status import SyncStatusBar, confirm

    window = QMainWindow()
    bar = SyncStatusBar()
    window.setStatusBar(bar)
    page = QLabel("página")
    window.setCentralWidget(page)
    qtbot.addWidget(window)
    with qtbot.waitSignal(bar.confirmed, timeout=1_000) as signal:
        assert confirm(page, "Nota firmada")
    assert signal.args == ["Nota firmada"]
    assert bar.currentMessage() == "Nota firmada"
    loose = QLabel()
    qtbot.addWidget(loose)
    assert not confirm(loose, "Nada")  # outside a main window: nothing shown, no error


class _Paths:
    """QStandardPaths answering a Documents folder of the test (the OS edge)."""

    StandardLocation = QStandardPaths.StandardLocation

    def __init__(self, documents: str) -> None:
        self.documents = documents

    def writableLocation(self, _location: Any) -> str:
        return self.documents


def test_file_dialogs_start_in_documents_or_home(
    qtbot: Any, ui_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = tmp_path / "Documentos"
    documents.mkdir()
    monkeypatch.setattr(files, "QStandardPaths", _Paths(str(documents)))
    assert files.documents_dir() == documents
    seen: list[tuple[str, list[str]]] = []

    def answer(dialog: QFileDialog) -> None:
        seen.append((dialog.directory().absolutePath(), dialog.selectedFiles()))

    when_modal(answer)
    assert files.save_path(None, "Guardar", "estadistica-mensual-2026-11.pdf") is None
    assert seen == [(str(documents), [str(documents / "estadistica-mensual-2026-11.pdf")])]
    when_modal(answer)
    assert files.open_path(None, "Adjuntar archivo") is None
    assert seen[1][0] == str(documents)
    # the system names a Documents folder not made yet: it is made (fresh-eyes #26: the
    # dialogs of a new account started in the home folder); one that cannot be: home
    monkeypatch.setattr(files, "QStandardPaths", _Paths(str(tmp_path / "Documentos nuevos")))
    assert files.documents_dir() == tmp_path / "Documentos nuevos"
    assert (tmp_path / "Documentos nuevos").is_dir()
    monkeypatch.setattr(files, "QStandardPaths", _Paths(str(tmp_path / "no" / "Documents")))
    assert files.documents_dir() == Path.home()


def test_report_file_names_are_spanish() -> None:
    from datetime import date

    from app.ui.reports_page import default_file_name

    day = date(2026, 3, 5)
    assert default_file_name("monthly", day) == "estadistica-mensual-2026-03.pdf"
    assert default_file_name("monthly_previous", day) == "estadistica-mensual-2026-02.pdf"
    assert default_file_name("agenda", day) == "agenda-audiencias-2026-03-05.pdf"


def test_demo_data_live_in_the_user_data_directory() -> None:
    import platformdirs

    from app.ui import demo

    folder = demo.demo_dir().resolve()
    assert ROOT not in folder.parents and folder != ROOT
    assert folder.parent == Path(platformdirs.user_data_dir("x", "ALEGRA")).resolve().parent


def test_a_form_note_never_becomes_a_window(qtbot: Any, ui_app: Any) -> None:
    """Issue 13 #2: the ficha's note "Registre a la otra parte…" opened a top-level window."""
    from app.ui.forms import FormView
    from forms import load_registry

    host = QMainWindow()
    qtbot.addWidget(host)
    with watch_windows(host):
        view = FormView(load_registry().get("ficha_atencion"), autosave_ms=60_000)
        host.setCentralWidget(view)
        host.show()
        view.build_all()
        view.refresh()  # shows every relevant row (and, before the fix, the note's label)
        notes = [label for label in view.findChildren(QLabel) if "otra parte" in label.text()]
        assert notes and all(label.window() is host for label in notes)
    assert not stray_windows(host)


def test_every_gui_option_starts_the_gui() -> None:
    """``--sync-minutes`` is a GUI option too (it used to be sent to the CLI)."""
    import main

    assert main._is_gui(["--sync-minutes", "0"])
    assert main._is_gui(["--demo", "--sync-minutes=2", "--idle-minutes", "5"])
    assert not main._is_gui(["--sync-minutes", "0", "sync"])


def test_ctrl_q_asks_before_discarding_a_note_being_typed(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Walkthrough (finding 21): Ctrl+Q threw away a half-written case note that locking
    and leaving the page had kept. Now it asks; "Cancelar" keeps the window and the text."""
    window, view, _case = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Notas")
        click(qtbot, view.note_edit)
        qtbot.keyClicks(view.note_edit, "Borrador a medio escribir")
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        question = modal(qtbot)
        assert "no se ha agregado al caso" in question.text()
        click(qtbot, button(question, "Cancelar"))
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
        assert window.isVisible() and window.backend is not None
        assert view.note_edit.toPlainText() == "Borrador a medio escribir"
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(modal(qtbot), "Salir sin guardar"))
    assert not window.isVisible() and window.backend is None


def _linked(store: Any, last_round: str | None) -> None:
    """The vault as a linked laptop whose last round ended with ``last_round``."""
    from app.ui.ports import LAST_ROUND

    store.replica.set_sync_state("server_url", "https://chasqui.example.gob.pe")
    store.replica.set_sync_state("device_token", "a-device-token")
    store.replica.set_sync_state(LAST_ROUND, last_round)


def test_quitting_with_changes_only_on_this_laptop_asks_and_stays_by_default(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 4 #6 and #11: every sync failed ("El servidor no reconoce este equipo")
    while the status bar said "● En línea", and Ctrl+Q quit at once with 23 changes that
    never reached the server. Now the bar says the sync fails and why (and who can help),
    and Ctrl+Q asks, saying how many changes exist only here; Enter (the default) stays."""
    from tests.ui.e2e import arrange_case, main_window

    _linked(store, "unauthorized")
    arrange_case(store)  # the person and the case wait in the outbox
    pending = store.replica.pending_count()
    window = main_window(qtbot, store, vault_dir, fast_vault)
    bar = window.status
    with watch_windows(window):
        qtbot.waitUntil(lambda: bar.current.pending == pending, timeout=10_000)
        assert bar.online.text() == "⚠ Sincronización fallida"
        assert "En línea" not in bar.online.text()
        assert "no reconoce este equipo" in bar.online.toolTip()
        assert "administrador" in bar.online.toolTip()
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        question = modal(qtbot)
        assert f"{pending} cambios solo están en esta laptop" in question.text()
        assert "La última sincronización no se completó." in question.text()
        qtbot.keyClick(question, Qt.Key.Key_Return)  # the default answer: stay
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5_000)
        assert window.isVisible() and window.backend is not None
        qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(modal(qtbot), "Salir de todos modos"))
    assert not window.isVisible() and window.backend is None


@pytest.mark.parametrize("last_round", [None, "ok"])
def test_quitting_asks_only_while_sync_is_not_working(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, last_round: Any
) -> None:
    """Never synced: the question says so. The last round went well (the automatic sync
    sends the newer changes within minutes): Ctrl+Q quits at once, as before."""
    from tests.ui.e2e import arrange_case, main_window

    _linked(store, last_round)
    arrange_case(store)
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        qtbot.waitUntil(lambda: window.status.current.pending > 0, timeout=10_000)
        assert window.status.online.text() != "⚠ Sincronización fallida"
        if last_round is None:
            qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
            question = modal(qtbot)
            assert "Este equipo aún no ha sincronizado con el servidor." in question.text()
            with qtbot.waitSignal(window.closed, timeout=10_000):
                click(qtbot, button(question, "Salir de todos modos"))
        else:
            with qtbot.waitSignal(window.closed, timeout=10_000):
                qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible() and window.backend is None


def test_the_sync_history_says_a_failed_round_in_todays_words_and_wraps(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 5 #6: the Historial kept "El servidor no reconoce este equipo. Vuelva a
    vincularlo." (no action of the app links a vault again) and cut long lines at the
    right edge. A round's entry keeps its counts and is said in today's words, wrapped."""
    from app.ui.sync_adapter import HISTORY_KEY, EngineSyncPort
    from tests.ui.conftest import unlocked_window
    from tests.ui.e2e import nav_to

    old = "El servidor no reconoce este equipo. Vuelva a vincularlo."
    counts = "0 enviados, 0 recibidos, 0 conflictos, 0 en cuarentena"
    entry = {"at": "2026-11-30T13:18:00+00:00", "status": "unauthorized"}
    store.replica.set_sync_state(HISTORY_KEY, [{**entry, "summary": f"{old} ({counts})"}])
    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        make_sync=lambda b: EngineSyncPort(b.store),
    )
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    with watch_windows(window):
        nav_to(qtbot, window, "Sincronización")
        page = window.workspace.sync_page
        click_tab(qtbot, page.tabs, "Historial")
        qtbot.waitUntil(lambda: page.history.count() == 1, timeout=10_000)
        text = page.history.item(0).text()
        assert "Vuelva a vincularlo" not in text and "administrador" in text
        assert text.endswith(f"({counts})")
        assert page.history.horizontalScrollBar().maximum() == 0
        rect = page.history.visualItemRect(page.history.item(0))
        assert rect.right() <= page.history.viewport().width()
        assert rect.height() > 2 * page.history.fontMetrics().height()  # wrapped, whole
        window.lock()


def test_file_dialogs_start_where_the_last_file_was_chosen_in_that_window(
    qtbot: Any, ui_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fresh-eyes 5 #5: a PDF saved in another folder, and every next dialog (attach, PDF,
    writ) started again in the home folder. Now the window's next dialog starts there,
    and so does another window's (the app's settings keep the folder: fresh-eyes #26,
    tests/ui/test_file_dialogs.py)."""
    from tests.ui.e2e import answer_save_dialog

    documents, chosen = tmp_path / "Documentos", tmp_path / "casos"
    documents.mkdir()
    chosen.mkdir()
    monkeypatch.setattr(files, "QStandardPaths", _Paths(str(documents)))
    window, other = QMainWindow(), QMainWindow()
    qtbot.addWidget(window)
    qtbot.addWidget(other)
    titles: list[str] = []
    answer_save_dialog(chosen / "caso-0012.pdf", titles)
    assert files.save_path(window, "Guardar", "caso-0012.pdf") == chosen / "caso-0012.pdf"
    starts: list[str] = []

    modes: list[Any] = []

    def look(dialog: QFileDialog) -> None:
        starts.append(dialog.directory().absolutePath())
        header = dialog.findChild(QTreeView, "treeView").header()
        modes.extend(header.sectionResizeMode(column) for column in (1, 2, 3))

    when_modal(look)
    assert files.open_path(window, "Adjuntar archivo") is None
    when_modal(look)
    assert files.save_path(window, "Guardar", "escrito.docx") is None
    when_modal(look)
    assert files.open_path(other, "Adjuntar archivo") is None
    # fresh-eyes 6 #6: a dialog over the window ("Redactar escrito…") started its save
    # dialog in the home folder; it belongs to the window it was opened over
    over = QDialog(window)
    when_modal(look)
    assert files.save_path(over, "Guardar escrito (sin cifrar)", "escrito.docx") is None
    assert starts == [str(chosen)] * 4
    # and the file list's size, type and date read whole ("30 11 2...6 21:02")
    assert modes == [QHeaderView.ResizeMode.ResizeToContents] * 3 * 4


def test_importing_the_package_made_for_the_server_says_what_it_is(
    ui_app: Any, store: Any, tmp_path: Path
) -> None:
    """Fresh-eyes 5 #18: importing the package this laptop had just exported said "no
    corresponde a este equipo o está dañado". It says it is the package for the server,
    to carry to the office, and that the server's answer is what is imported here."""
    import json

    from app.ui.sync_adapter import EngineSyncPort
    from sync.client import bundle

    head = {"v": 2, "kind": "request", "device_id": store.device_id, "bundle_id": "b1",
            "created": 0}  # fmt: skip
    path = tmp_path / "cambios.bundle"
    path.write_bytes(bundle.MAGIC + json.dumps(head).encode() + b"\n" + b"sealed")
    report = EngineSyncPort(store).import_bundle(path)
    assert report.error is not None
    assert "preparó para el servidor" in report.error and "respuesta" in report.error
    assert "dañado" not in report.error


def test_ctrl_q_in_an_open_dialog_asks_then_closes_it_and_quits(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 5 #21: Ctrl+Q with "Nueva derivación…" open did nothing and said nothing
    (Qt's application shortcuts do not reach past a modal dialog). Now it asks over the
    dialog, naming it; "Cancelar" (the default) goes back to what was typed, "Cerrar y
    salir" closes the dialog and quits."""
    from PySide6.QtWidgets import QPlainTextEdit

    window, view, _case = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Derivaciones")
        click(qtbot, button(view.referrals, "Nueva derivación…"))
        dialog = modal(qtbot)
        reason = dialog.findChild(QPlainTextEdit)
        click(qtbot, reason)
        qtbot.keyClicks(reason, "Coordinar con la DEMUNA")
        qtbot.keyClick(reason, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        question = modal(qtbot)
        assert question is not dialog
        assert question.text() == (
            "Está abierta la ventana «Nueva derivación». ¿Cerrarla sin guardar y salir de "
            "Chasqui?"
        )
        qtbot.keyClick(question, Qt.Key.Key_Return)  # the default answer: back to the dialog
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=5_000)
        assert reason.toPlainText() == "Coordinar con la DEMUNA" and window.backend is not None
        qtbot.keyClick(reason, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        with qtbot.waitSignal(window.closed, timeout=10_000):
            click(qtbot, button(modal(qtbot), "Cerrar y salir"))
    assert not window.isVisible() and window.backend is None
    assert QApplication.activeModalWidget() is None  # the dialog went with the window


def test_a_locked_session_says_so_as_a_notice_not_as_an_error(
    qtbot: Any, ui_app: Any, fast_vault: Any, sample_vault: Path
) -> None:
    """Fresh-eyes 6 #12: after Ctrl+L, "Sesión bloqueada." showed in red like an error. It
    is a plain notice; a wrong passphrase after it is still said in red."""
    window = _window(qtbot, fast_vault, sample_vault)
    with watch_windows(window):
        _unlock(qtbot, window)
        with qtbot.waitSignal(window.locked, timeout=10_000):
            qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        screen = window.unlock_screen
        assert screen is not None and window.stack.currentWidget() is screen
        assert screen.message.text() == "Sesión bloqueada."
        assert screen.message.property("kind") == "progress"  # the normal colour
        qtbot.keyClicks(screen.pass_edit, "no-es-la-clave")
        qtbot.keyClick(screen.pass_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: screen.message.property("kind") == "error", timeout=10_000)
        assert "Sesión bloqueada" not in screen.message.text()


def test_ctrl_l_in_an_open_dialog_locks_at_once(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh-eyes 6 #15: Ctrl+L with a dialog open did nothing: a defender walking away
    could not lock quickly. Now the dialog is cancelled and the window locks."""
    window, view, _case = on_case(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        click_tab(qtbot, view.tabs, "Derivaciones")
        click(qtbot, button(view.referrals, "Nueva derivación…"))
        dialog = modal(qtbot)
        with qtbot.waitSignal(window.locked, timeout=10_000):
            qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert window.workspace is None and window.stack.currentWidget() is window.unlock_screen
        assert QApplication.activeModalWidget() is None
