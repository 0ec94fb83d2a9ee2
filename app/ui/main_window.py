"""The application window: first run, unlock, and the workspace once unlocked.

Owns: ``MainWindow`` (a ``QMainWindow`` whose central stack holds the first-run wizard,
the unlock screen and the ``Workspace``; the sync status bar; the idle auto-lock and
Ctrl+L lock, which drop the backend with ``lock()`` and return to the unlock screen) and
``Workspace`` (navigation — Inicio, Personas, Casos, Agenda, Sincronización, Reportes —
plus the case view and the new-intake page; Ctrl+K search, Ctrl+N new intake, F5 sync).
Everything below is injected (``Services``) so tests can swap the edges.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.ui.agenda import AgendaPage
from app.ui.case_view import CaseView
from app.ui.errors import ErrorReporter
from app.ui.first_run import Enroll, FirstRunWizard
from app.ui.home import HomePage
from app.ui.idle import DEFAULT_IDLE_MS, IdleWatcher
from app.ui.intake import FormFactory, IntakePage
from app.ui.lists import ListPage
from app.ui.ports import Backend, SyncPort, SyncStatus, VaultPort
from app.ui.reports_page import ReportsPage, ReportsPort
from app.ui.search import SearchDialog
from app.ui.status import SyncStatusBar
from app.ui.sync_page import SyncPage
from app.ui.unlock import UnlockScreen
from app.ui.worker import Worker

STATUS_REFRESH_MS = 15000


@dataclass
class Services:
    """The edges of the application, injected by ``app.ui.app`` (or a test)."""

    vault: VaultPort
    data_dir: Path
    make_backend: Callable[[Any], Backend]
    make_sync: Callable[[Backend], SyncPort | None] = lambda _b: None
    make_reports: Callable[[Backend], ReportsPort | None] = lambda _b: None
    form_factory: Callable[[Backend], FormFactory | None] = lambda _b: None
    enroll: Enroll | None = None
    idle_ms: int = DEFAULT_IDLE_MS


NAV = ("home", "people", "cases", "agenda", "sync", "reports")


class Workspace(QWidget):
    """Navigation and pages over one unlocked backend."""

    status_changed = Signal()

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        services: Services,
        errors: ErrorReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self._worker = worker
        self._errors = errors
        self.sync = services.make_sync(backend)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(self.tr("Navegación"))
        self.nav.setFixedWidth(190)
        for label in (
            self.tr("Inicio"),
            self.tr("Personas"),
            self.tr("Casos"),
            self.tr("Agenda"),
            self.tr("Sincronización"),
            self.tr("Reportes"),
        ):
            self.nav.addItem(label)
        self.pages = QStackedWidget()
        self.home = HomePage(backend, worker)
        self.people = ListPage(backend, worker, "person")
        self.cases = ListPage(backend, worker, "case")
        self.agenda = AgendaPage(backend, worker)
        self.sync_page = SyncPage(backend, worker, self.sync)
        self.reports = ReportsPage(services.make_reports(backend), worker)
        self.case_view = CaseView(backend, worker)
        self.intake = IntakePage(backend, worker, services.form_factory(backend))
        for page in (
            self.home,
            self.people,
            self.cases,
            self.agenda,
            self.sync_page,
            self.reports,
            self.case_view,
            self.intake,
        ):
            self.pages.addWidget(page)
            page.error.connect(self._report)
        for page in (self.home, self.people, self.cases, self.agenda):
            page.open_requested.connect(self.open_record)
        self.case_view.back_requested.connect(self.go_back)
        self.case_view.changed.connect(self.status_changed)
        self.sync_page.changed.connect(self.status_changed)
        self.intake.cancelled.connect(lambda: self.navigate("home"))
        self.intake.registered.connect(self._intake_registered)
        self.nav.currentRowChanged.connect(self._nav_changed)

        self.search = SearchDialog(backend, worker, self)
        self.search.open_requested.connect(self.open_record)
        self.search.error.connect(self._report)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self._back_to = "cases"
        self.nav.setCurrentRow(0)

    def _report(self, exc: BaseException) -> None:
        self._errors.report(exc, self)

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        page = [self.home, self.people, self.cases, self.agenda, self.sync_page, self.reports][row]
        self.pages.setCurrentWidget(page)
        if isinstance(page, ListPage):
            if not page.started:
                page.refresh()
        elif page is not self.reports:
            page.refresh()  # type: ignore[attr-defined]

    def navigate(self, name: str) -> None:
        row = NAV.index(name)
        if self.nav.currentRow() == row:
            self._nav_changed(row)
        else:
            self.nav.setCurrentRow(row)

    def current_name(self) -> str:
        widget = self.pages.currentWidget()
        if widget is self.case_view:
            return "case"
        if widget is self.intake:
            return "intake"
        return NAV[self.nav.currentRow()]

    def open_record(self, kind: str, ident: str) -> None:
        if kind == "case":
            self._back_to = NAV[max(0, self.nav.currentRow())]
            self.case_view.open_case(ident)
            self.pages.setCurrentWidget(self.case_view)
        elif kind == "person":
            # A person opens the list of people filtered on that person.
            self.navigate("people")
            self.people.text.setText(ident)
            self.people.apply_filters()

    def go_back(self) -> None:
        self.navigate(self._back_to)

    def new_intake(self) -> None:
        self.intake.deleteLater()
        self.pages.removeWidget(self.intake)
        # A fresh page per intake: no answers linger from the previous person.
        self.intake = IntakePage(self.backend, self._worker, self.intake._form_factory)
        self.intake.cancelled.connect(lambda: self.navigate("home"))
        self.intake.registered.connect(self._intake_registered)
        self.pages.addWidget(self.intake)
        self.pages.setCurrentWidget(self.intake)
        self.nav.clearSelection()  # the intake is not one of the navigation pages
        self.intake.given.setFocus()

    def _intake_registered(self, result: dict[str, Any]) -> None:
        self.status_changed.emit()
        case_id = result.get("case_id")
        if case_id:
            self.open_record("case", str(case_id))
        else:
            self.navigate("home")

    def start_sync(self) -> None:
        self.navigate("sync")
        self.sync_page.start_round()


class MainWindow(QMainWindow):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, services: Services, worker: Worker | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Chasqui")
        self.resize(1280, 720)
        self.setMinimumSize(1000, 600)
        self.services = services
        self.worker = worker or Worker(self)
        self.errors = ErrorReporter(self)
        self.worker.on_unhandled = self._unhandled
        self.backend: Backend | None = None
        self.workspace: Workspace | None = None

        self.status = SyncStatusBar()
        self.setStatusBar(self.status)
        self.errors.reported.connect(lambda m: self.status.showMessage(m, 10000))
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.idle = IdleWatcher(services.idle_ms, self)
        self.idle.timed_out.connect(self.lock)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_status)

        self.unlock_screen: UnlockScreen | None = None
        self.first_run: FirstRunWizard | None = None
        self._actions()
        if services.vault.exists(services.data_dir):
            self.show_unlock()
        else:
            self.first_run = FirstRunWizard(
                services.vault, services.data_dir, self.worker, services.enroll
            )
            self.first_run.finished.connect(self.open_workspace)
            self.stack.addWidget(self.first_run)
            self.stack.setCurrentWidget(self.first_run)
            self.status.hide()

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

        self.search_action = add(self.tr("Buscar"), "Ctrl+K", self.open_search)
        self.lock_action = add(self.tr("Bloquear"), "Ctrl+L", self.lock)
        self.intake_action = add(self.tr("Nueva atención"), "Ctrl+N", self.new_intake)
        self.sync_action = add(self.tr("Sincronizar"), "F5", self.start_sync)

    # -- screens
    def show_unlock(self, message: str = "") -> None:
        if self.unlock_screen is None:
            self.unlock_screen = UnlockScreen(
                self.services.vault, self.services.data_dir, self.worker
            )
            self.unlock_screen.unlocked.connect(self.open_workspace)
            self.stack.addWidget(self.unlock_screen)
        else:
            self.unlock_screen.reload_users()
        self.unlock_screen.reset(message)
        self.stack.setCurrentWidget(self.unlock_screen)
        self.status.hide()
        self.unlock_screen.focus_passphrase()

    def open_workspace(self, store: Any) -> None:
        if self.first_run is not None:
            self.stack.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        try:
            self.backend = self.services.make_backend(store)
        except Exception as exc:
            if hasattr(store, "lock"):
                store.lock()
            self.show_unlock(self.errors.report(exc))
            return
        self.workspace = Workspace(self.backend, self.worker, self.services, self.errors)
        self.workspace.status_changed.connect(self.refresh_status)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.status.show()
        self.setWindowTitle(f"Chasqui — {self.backend.office_code} — {self.backend.user_name}")
        self.workspace.home.refresh()
        self.refresh_status()
        self._status_timer.start()
        self.idle.start()
        self.unlocked.emit()

    def refresh_status(self) -> None:
        backend = self.backend
        if backend is None:
            return

        def show(status: SyncStatus) -> None:
            if self.backend is backend:
                self.status.show_status(status)

        self.worker.submit(backend.sync_status, show, lambda _e: None)

    def lock(self) -> None:
        """Drop the store (the key leaves memory) and go back to the unlock screen."""
        if self.backend is None:
            return
        self.idle.stop()
        self._status_timer.stop()
        backend, self.backend = self.backend, None
        workspace, self.workspace = self.workspace, None
        if workspace is not None:
            workspace.search.hide()
            self.stack.removeWidget(workspace)
            workspace.deleteLater()
        # Background reads still running finish first; the lock then closes connections.
        self.worker.wait(10000)
        try:
            backend.lock()
        except Exception as exc:
            self.errors.report(exc)
        self.setWindowTitle("Chasqui")
        self.show_unlock(self.tr("Sesión bloqueada."))
        self.locked.emit()

    # -- shortcuts
    def open_search(self) -> None:
        if self.workspace is not None:
            self.workspace.search.open_fresh()

    def new_intake(self) -> None:
        if self.workspace is not None:
            self.workspace.new_intake()

    def start_sync(self) -> None:
        if self.workspace is not None:
            self.workspace.start_sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle.stop()
        self._status_timer.stop()
        self.worker.wait(10000)
        if self.backend is not None:
            try:
                self.backend.lock()
            except Exception as exc:
                self.errors.report(exc)
            self.backend = None
        super().closeEvent(event)
