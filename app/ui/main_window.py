"""The application window: first run, unlock, and the workspace once unlocked.

Owns: ``MainWindow`` — a ``QMainWindow`` whose central stack holds a short "opening"
page, then the first-run wizard or the unlock screen, then the ``Workspace``; the sync
status bar; the idle auto-lock and Ctrl+L lock (both drop the backend with ``lock()`` and
return to the unlock screen; unlocking again as the same user returns to the page or
case that was open, a page as it was: ``Workspace.page_state``); the menu bar
(``app/ui/menus.py``: Archivo with Nueva atención Ctrl+N, the backups of
``app/ui/backups.py``, Bloquear Ctrl+L, Salir Ctrl+Q; Ver with the pages, Buscar Ctrl+K
and Sincronizar F5; Ayuda with the defender's guide F1 and Acerca de); automatic sync
of an enrolled vault while unlocked (``Services.sync_every``), stopped before the store
locks (lock, revoked device, close); the window's size (it opens inside the available
screen, maximized when the screen is smaller than its preferred size, and its minimum
fits 1024×600 with a taskbar).
Closing the window (or Salir) locks the store and emits ``closed``: ``app.ui.app.run``
quits the application on it, demo server included.
Whether a vault exists and who its users are is read in the worker pool (that loads the
store package off the UI thread), so the window paints at once. ``ready`` is emitted when
the first real screen is shown. Everything below is injected (``Services``).
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget, QWidget

from app.ui import gc_guard
from app.ui.backups import BackupController, BackupMenu, BackupReminder
from app.ui.errors import ErrorReporter
from app.ui.first_run import FirstRunWizard
from app.ui.idle import INPUT_EVENTS, IdleWatcher
from app.ui.lock_draft import Place, bring_back, keep_then, unwritten_question
from app.ui.menus import VIEW_PAGES, HelpMenu, ViewMenu
from app.ui.ports import Backend, SyncStatus
from app.ui.quit_keys import QuitThroughDialogs
from app.ui.record_page import ask
from app.ui.services import Services
from app.ui.status import SyncStatusBar, confirm
from app.ui.unlock import UnlockScreen
from app.ui.worker import Latest, Worker

if TYPE_CHECKING:
    from app.ui.workspace import Workspace

__all__ = ["MainWindow", "Services"]

STATUS_REFRESH_MS = 15000
UNLOCK_GC_HOLD_S = 5.0  # at most this long, collections wait for Inicio after unlocking
PREFERRED_SIZE = (1280, 720)
MINIMUM_SIZE = (800, 480)  # fits 1024×600 less a taskbar and the title bar
# Qt platforms without a person's screen (tests, renders): no maximizing, callers size it
HEADLESS_PLATFORMS = {"offscreen", "minimal"}


def fit_to_screen(window: QWidget) -> None:
    """Size and place ``window`` inside the available area of its screen (no taskbar):
    the preferred size, centred, where it fits with its frame; maximized on a smaller
    screen (a 1024×600 netbook gets all of it, not a window a frame smaller)."""
    screen = window.screen()
    if screen is None:
        window.resize(*PREFERRED_SIZE)
        return
    area = screen.availableGeometry()
    small = area.width() < PREFERRED_SIZE[0] + 16 or area.height() < PREFERRED_SIZE[1] + 40
    if small and QGuiApplication.platformName() not in HEADLESS_PLATFORMS:
        window.setGeometry(area)  # the size it has if no window manager maximizes it
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    # The title bar and borders are not known before the window is shown: leave room.
    frame_w, frame_h = 16, 40
    width = max(MINIMUM_SIZE[0], min(PREFERRED_SIZE[0], area.width() - frame_w))
    height = max(MINIMUM_SIZE[1], min(PREFERRED_SIZE[1], area.height() - frame_h))
    window.resize(width, height)
    window.move(
        area.x() + max(0, (area.width() - width - frame_w) // 2),
        area.y() + max(0, (area.height() - height - frame_h) // 2),
    )


class _WindowClosed(QObject):
    """The window's one application event filter (every event of the app passes it: one
    Python call, one ``event.type()``): user input restarts the ``idle`` watcher; another
    window of ours hid (a dialog closed, the search went away): ``then`` runs once the
    event loop is back; a key press goes to ``keys`` (Ctrl+Q inside a dialog:
    ``quit_keys``), which may use it up."""

    def __init__(
        self,
        window: QWidget,
        then: Callable[[], None],
        idle: IdleWatcher,
        keys: Callable[[QObject, QKeyEvent], bool] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._idle = idle
        self._later = QTimer(self)  # goes with the window: never fires after it
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(then)
        self.keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            self._idle.saw_input()
        if kind == QEvent.Type.KeyPress:
            keys = self.keys
            return keys is not None and isinstance(event, QKeyEvent) and keys(watched, event)
        if (
            kind == QEvent.Type.Hide
            and watched is not self._window
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self._later.start()
        return False


class MainWindow(QMainWindow):
    locked = Signal()
    unlocked = Signal()
    wiped = Signal()  # a revoked device destroyed its local copy
    ready = Signal()  # the first real screen (first run or unlock) is shown
    closed = Signal()  # the window closed and the store is locked: the app quits

    def __init__(self, services: Services, worker: Worker | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Chasqui")
        self.setMinimumSize(*MINIMUM_SIZE)
        fit_to_screen(self)
        self.services = services
        self.worker = worker or Worker(self)
        self.errors = ErrorReporter(self)
        self.worker.on_unhandled = self._unhandled
        self.backend: Backend | None = None
        self.workspace: Workspace | None = None
        self._resume: Place | None = None  # where the user was when the window locked
        self._locking: Backend | None = None  # locked once the intake's draft is written
        self._quit_anyway: set[str] = set()  # quit questions answered yes ("note", "unsent")

        self.status = SyncStatusBar()
        self.setStatusBar(self.status)
        self.errors.reported.connect(lambda m: confirm(self, m))  # notices and errors
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.idle = IdleWatcher(services.idle_ms, self)
        self.idle.timed_out.connect(self.lock)
        app = QCoreApplication.instance()
        self._shell_events = _WindowClosed(self, self._take_keyboard_back, self.idle)
        if app is not None:  # the one Python filter: each costs a call on every event
            app.installEventFilter(self._shell_events)
        self._status_reads = Latest(self.worker)  # reads run in parallel: the newest counts
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)

        self.unlock_screen: UnlockScreen | None = None
        self.first_run: FirstRunWizard | None = None
        self._actions()
        # Ctrl+Q inside a dialog asks (Qt's application shortcut does not reach it)
        self._shell_events.keys = QuitThroughDialogs(
            self, self.quit_action, self.quit, (self.lock_action, self.lock)
        ).key_pressed
        self.opening = QLabel(self.tr("Abriendo Chasqui…"))
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)
        self.status.hide()
        vault, data_dir = services.vault, services.data_dir

        def probe() -> list[str] | None:
            return vault.list_users(data_dir) if vault.exists(data_dir) else None

        self.worker.submit(probe, self._first_screen, self._probe_failed)

    def _first_screen(self, users: list[str] | None) -> None:
        if users is None:
            services = self.services
            self.first_run = FirstRunWizard(
                services.vault, services.data_dir, self.worker, services.enroll
            )
            self.first_run.finished.connect(self.open_workspace)
            self.stack.addWidget(self.first_run)
            self.stack.setCurrentWidget(self.first_run)
        else:
            self.show_unlock(users=users)
            # While the passphrase is typed, the worker loads the pages' code (not their
            # widgets: those are made here after unlocking): Inicio shows sooner.
            # Then what the imports made lives as long as the process: out of the
            # collector's way (a full collection on the UI thread at unlock took up to
            # 0.16 s under load: gc_guard collects there).
            self.worker.submit(_preload_workspace, lambda _r: gc.freeze(), lambda _e: None)
        self.ready.emit()

    def _probe_failed(self, exc: BaseException) -> None:
        self.opening.setText(self.errors.report(exc))
        self.opening.setWordWrap(True)
        self.ready.emit()

    def _unhandled(self, exc: BaseException) -> None:
        self.errors.report(exc, self)

    def _actions(self) -> None:
        def add(name: str, keys: QKeySequence | str, slot: Callable[[], None]) -> QAction:
            action = QAction(name, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        self.search_action = add(self.tr("Buscar…"), "Ctrl+K", self.open_search)
        self.lock_action = add(self.tr("Bloquear"), "Ctrl+L", self.lock)
        self.intake_action = add(self.tr("Nueva atención"), "Ctrl+N", self.new_intake)
        self.sync_action = add(self.tr("Sincronizar ahora"), "F5", self.start_sync)
        self.quit_action = add(self.tr("Salir"), "Ctrl+Q", self.quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu = BackupMenu(self, [self.intake_action], [self.lock_action])
        self.file_menu.menu.addSeparator()
        self.file_menu.menu.addAction(self.quit_action)
        self.view_menu = ViewMenu(self, self.go_to, [self.search_action, self.sync_action])
        self.help_menu = HelpMenu(self)
        self.backups: BackupController | None = None
        self._session_actions(False)

    def _session_actions(self, unlocked: bool) -> None:
        """What needs an open session is enabled only while unlocked."""
        for action in (self.search_action, self.lock_action, self.intake_action):
            action.setEnabled(unlocked)
        self.sync_action.setEnabled(unlocked)
        self.view_menu.set_enabled(unlocked)

    # -- screens
    def show_unlock(
        self, message: str = "", users: list[str] | None = None, notice: bool = False
    ) -> None:
        """The unlock screen with ``message``: a problem in red, or a plain ``notice``."""
        if self.unlock_screen is None:
            services = self.services
            self.unlock_screen = UnlockScreen(
                services.vault, services.data_dir, self.worker, users, None, services.demo_login
            )
            self.unlock_screen.unlocked.connect(self.open_workspace)
            self.stack.addWidget(self.unlock_screen)
        else:
            self.unlock_screen.reload_users()
        self.unlock_screen.reset(message, notice)
        self.stack.setCurrentWidget(self.unlock_screen)
        self.status.hide()
        self.unlock_screen.focus_passphrase()

    def open_workspace(self, store: Any) -> None:
        """Build the backend in the worker (it loads app.core), then show the pages."""
        if self.first_run is not None:
            self.stack.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        make_backend = self.services.make_backend
        gc_guard.hold(UNLOCK_GC_HOLD_S)  # Inicio first, then the collections due

        def failed(exc: BaseException) -> None:
            gc_guard.release()
            if hasattr(store, "lock"):
                store.lock()
            self.show_unlock(self.errors.report(exc))

        self.worker.submit(lambda: make_backend(store), self._show_workspace, failed)

    def _show_workspace(self, backend: Backend) -> None:
        self.backend = backend
        from app.ui.workspace import Workspace  # the pages load on first unlock only

        self.workspace = Workspace(self.backend, self.worker, self.services, self.errors)
        home = self.workspace.home

        def shown() -> None:  # Inicio has its data: what the collector put off is due now
            home.refreshed.disconnect(shown)
            gc_guard.release()

        home.refreshed.connect(shown)
        self.workspace.status_changed.connect(self.refresh_status)
        self.workspace.revoked.connect(self._revoked)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.focus_page()  # the passphrase field is gone: the page has the keys
        self.status.show()
        self.setWindowTitle(f"Chasqui — {self.backend.office_code} — {self.backend.user_name}")
        self._restore_place()
        # Everything built so far lives as long as the session: move it out of the
        # collector's way, so full collections stay short while lists grow.
        gc.freeze()
        self.workspace.start_auto_sync(self.services.sync_every, self.services.sync_probe_every)
        self._start_backups(backend)
        self.refresh_status()
        self._status_timer.start()
        self.idle.start()
        self._session_actions(True)
        self.unlocked.emit()

    def _place(self, after: Callable[[], None]) -> Place | None:
        """Where the user is: the page or record, the navigation entry highlighted, and
        in a case its tab and the note being typed (kept in memory only while locked,
        given back only to the same user); a new intake is saved as its draft."""
        workspace, backend = self.workspace, self.backend
        if workspace is None or backend is None:
            return None
        name = workspace.current_name()
        place = Place(backend.user_name, name, nav=workspace.highlighted())
        if name == "case":
            view = workspace.case_view
            place.ident = view.case_id
            place.tab = view.tabs.currentIndex()
            place.note = view.notes_panel.note_edit.toPlainText()
        elif name == "person":  # fresh-eyes 6 #13: a profile came back as Inicio
            place.ident = workspace.here()[1]
        elif name == "intake":  # what was typed is kept as a draft, resumed on unlock
            place.ident = keep_then(workspace.intake, place, after)  # then ``after()``
        else:  # fresh-eyes 6 #6: Reportes forgot the report chosen (the page's state too)
            place.state = workspace.page_state()
        return place

    def _restore_place(self) -> None:
        """After unlocking: back where this user locked, else Inicio."""
        workspace, backend = self.workspace, self.backend
        place, self._resume = self._resume, None
        if workspace is None or backend is None:
            return
        if place is None or place.user != backend.user_name or place.name == "home":
            return  # Inicio: the workspace opened on it and is loading it (once)
        name, ident = place.name, place.ident
        if name == "case" and ident:
            self._reopen_case(workspace, place)
        elif name == "person" and ident:
            workspace.open_record("person", ident)
            if place.nav:
                workspace.highlight(place.nav)
        elif name == "intake" and ident:
            bring_back(workspace, place)
        elif name == "intake":
            workspace.new_intake()
        elif name in dict(VIEW_PAGES):
            workspace.navigate(name, place.state)

    def _reopen_case(self, workspace: Workspace, place: Place) -> None:
        """The case as it was: its tab, the note being typed, the navigation entry."""
        view = workspace.case_view

        def loaded(case_id: str) -> None:
            view.loaded.disconnect(loaded)
            if case_id != place.ident:
                return
            view.tabs.setCurrentIndex(place.tab)
            if place.note and not view.notes_panel.note_edit.toPlainText():
                view.notes_panel.note_edit.setPlainText(place.note)

        view.loaded.connect(loaded)
        workspace.open_record("case", place.ident)
        if place.nav:
            workspace.highlight(place.nav)

    def _start_backups(self, backend: Backend) -> None:
        port = self.services.make_backups(backend)
        if port is None or self.workspace is None:
            return
        self.backups = BackupController(port, self.worker, self, self.errors)
        reminder = BackupReminder(self.backups)
        self.status.shown.connect(reminder.show_sync)  # the status bar's pending count
        self.workspace.home.add_notice(reminder)
        self.workspace.home.refreshed.connect(self.backups.refresh)
        self.file_menu.attach(self.backups)
        self.backups.auto_if_due()  # the daily local copy, when switched on
        self.backups.refresh()

    def _stop_backups(self) -> None:
        self.file_menu.attach(None)
        if self.backups is not None:
            if self.backups.dialog is not None:
                self.backups.dialog.reject()
            self.backups.deleteLater()
            self.backups = None

    def refresh_status(self) -> None:
        backend = self.backend
        if backend is None:
            return

        def show(status: SyncStatus) -> None:
            if self.backend is backend:
                self.status.show_status(status)

        self._status_reads.submit(backend.sync_status, show, lambda _e: None)

    def _revoked(self) -> None:
        """The server revoked this device (lost or stolen): lock, then wipe its copy."""
        self.lock()
        message = self.tr(
            "El administrador retiró este equipo. Los datos de este equipo fueron borrados; "
            "avise a su supervisor."
        )
        services = self.services

        def wiped(_removed: list[str]) -> None:
            if self.unlock_screen is not None:
                self.stack.removeWidget(self.unlock_screen)
                self.unlock_screen.deleteLater()
                self.unlock_screen = None
            self.opening.setText(message)
            self.opening.setWordWrap(True)
            self.stack.setCurrentWidget(self.opening)
            self.wiped.emit()

        def failed(exc: BaseException) -> None:
            self.show_unlock(self.errors.report(exc))

        self.worker.submit(lambda: services.vault.wipe(services.data_dir), wiped, failed)

    def lock(self) -> None:
        """Drop the store (the key leaves memory) and go back to the unlock screen; an
        intake's draft is written first, the data hidden meanwhile (F2)."""
        if self.backend is None:
            return
        self.idle.stop()
        self._status_timer.stop()
        self._session_actions(False)
        backend = self._locking = self.backend
        self._resume = self._place(lambda: self._lock_store(backend))
        self.backend = None
        workspace, self.workspace = self.workspace, None
        self._stop_backups()
        if workspace is not None:
            workspace.shutdown()  # no probe or round may run once the key leaves memory
            workspace.hide_search()
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
        self.opening.setText(self.tr("Bloqueando…"))
        self.stack.setCurrentWidget(self.opening)  # nothing of the session shows
        if self._resume is None or not self._resume.writing:
            self._lock_store(backend)  # else once the draft is written (keep_then)

    def _lock_store(self, backend: Backend) -> None:
        if self._locking is not backend:
            return  # the window closed meanwhile: closeEvent locked it
        self._locking = None
        # Background reads still running finish first; the lock then closes connections.
        # Their results belong to the closed session: drop them instead of delivering.
        self.worker.wait(10000)
        self.worker.discard_pending()
        gc.unfreeze()  # the closed session's objects become collectable again
        try:
            backend.lock()
        except Exception as exc:
            self.errors.report(exc)
        self.setWindowTitle("Chasqui")
        self.show_unlock(self.tr("Sesión bloqueada."), notice=True)  # not a problem: not red
        self.locked.emit()

    # -- shortcuts
    def quit(self) -> None:
        """Archivo → Salir (Ctrl+Q): close the window, which locks and ends the app."""
        self.close()

    def go_to(self, page: str) -> None:
        """Show a page of the workspace (the Ver menu)."""
        if self.workspace is not None:
            self.workspace.navigate(page)

    def open_search(self) -> None:
        if self.workspace is not None:
            self.workspace.search.open_fresh()

    def new_intake(self) -> None:
        if self.workspace is not None:
            self.workspace.new_intake()

    def start_sync(self) -> None:
        if self.workspace is not None:
            self.workspace.start_sync()

    def _take_keyboard_back(self) -> None:
        """A window of ours closed (any dialog, the search): unless another of ours has
        the keyboard, the main window takes it back (without a window manager nothing
        else would, and Ctrl shortcuts did nothing until a click). Another application
        taking the keyboard hides none of ours: then nothing happens."""
        active = QApplication.activeWindow()
        if not self.isVisible() or QApplication.activeModalWidget() is not None:
            return
        if active is None or (active is not self and not active.isVisible()):
            self.activateWindow()
            self.raise_()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Take the keyboard: without a window manager (a kiosk, Xvfb) nothing else makes
        # the window active, and Ctrl shortcuts reach only an active window.
        QTimer.singleShot(0, self.activateWindow)

    def _unsaved_note(self) -> str:
        """The case note being typed and not yet added (on screen, or kept while locked)."""
        if self.workspace is not None and self.workspace.current_name() == "case":
            return self.workspace.case_view.notes_panel.note_edit.toPlainText().strip()
        return self._resume.note.strip() if self._resume is not None else ""

    def _quit_question(self) -> tuple[str, str, str] | None:
        """What quitting needs a yes for first, if anything: (what, question, yes)."""
        kept = unwritten_question(self._resume)  # review 10 F6: an intake kept while locked
        if kept is not None and "intake" not in self._quit_anyway:
            return ("intake", *kept)
        if self._unsaved_note() and "note" not in self._quit_anyway:
            # Walkthrough: Ctrl+Q threw away a half-written note that locking had kept.
            return (
                "note",
                self.tr(
                    "La nota que está escribiendo no se ha agregado al caso. ¿Salir y descartarla?"
                ),
                self.tr("Salir sin guardar"),
            )
        status = self.status.current  # the vault's figures as the status bar shows them
        if self.backend is not None and status.unsent_risk() and "unsent" not in self._quit_anyway:
            # Fresh-eyes 4 #11: 23 changes never reached the server and Ctrl+Q said nothing.
            why = (
                self.tr("Este equipo aún no ha sincronizado con el servidor.")
                if status.last_round is None
                else self.tr("La última sincronización no se completó.")
            )
            question = self.tr(
                "%n cambio(s) solo está(n) en esta laptop: el servidor aún no los tiene. %1 "
                "Sincronice (F5) o haga una copia de seguridad antes de salir. ¿Salir de "
                "todos modos?",
                "",
                status.pending,
            )
            return "unsent", question.replace("%1", why), self.tr("Salir de todos modos")
        return None

    def _unsaved_intake(self) -> Any:
        """The new intake on screen, when it has edits not yet in its draft."""
        workspace = self.workspace
        if workspace is None or workspace.current_name() != "intake":
            return None
        return workspace.intake if workspace.intake.unsaved() else None

    def closeEvent(self, event: QCloseEvent) -> None:
        question = self._quit_question()
        if question is not None:  # "Cancelar" (the default, Escape) stays
            event.ignore()
            what, text, yes = question

            def anyway() -> None:
                self._quit_anyway.add(what)
                self.close()

            ask(self, self.tr("Salir"), text, yes, anyway, lambda _box: None)
            return
        intake = self._unsaved_intake()  # asked last: after "Descartar" the app quits at once
        if intake is not None:  # fresh-eyes #23: a draft's step-1 edit was lost on Ctrl+Q
            from app.ui.draft_question import ask_before_quitting  # loaded with the pages

            event.ignore()
            ask_before_quitting(intake, self.close)  # Guardar / Descartar / Cancelar
            return
        self.idle.stop()
        self._status_timer.stop()
        if self.workspace is not None:
            self.workspace.shutdown()
        self.worker.wait(10000)
        self.backend, self._locking = self.backend or self._locking, None
        if self.backend is not None:
            try:
                self.backend.lock()
            except Exception as exc:
                self.errors.report(exc)
            self.backend = None
        super().closeEvent(event)
        self.closed.emit()


PRELOAD = ("app.store.vault", "app.ui.backend", "app.ui.workspace", "app.core.deadlines")


def _preload_workspace() -> None:
    """Import the store and the workspace's modules (run in the worker while the unlock
    screen waits for the passphrase), then what Inicio's first load imports: the day-off
    check of its deadlines (``app.core.deadlines``: the court calendar and Peru's
    holidays — the start-up regression of stop 21, 0.43 → 0.73 s, was this import, of
    ~300 modules then, inside Inicio's first load)."""
    for name in PRELOAD:  # in this order: the pages' code is needed sooner
        importlib.import_module(name)
