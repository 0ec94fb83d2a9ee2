"""The workspace once unlocked: navigation, pages, case view, new intake, search.

Owns: ``Workspace`` — navigation (Inicio, Personas, Casos, Agenda, Sincronización,
Reportes) over a stack of pages, plus the case view and the new-intake page (not in the
navigation), and the global search dialog. Imported only when a vault is unlocked, so the
unlock screen appears without loading the pages.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QWidget

from app.ui.agenda import AgendaPage
from app.ui.case_view import CaseView
from app.ui.errors import ErrorReporter
from app.ui.home import HomePage
from app.ui.intake import IntakePage
from app.ui.lists import ListPage
from app.ui.ports import Backend
from app.ui.reports_page import ReportsPage
from app.ui.search import SearchDialog
from app.ui.services import Services
from app.ui.sync_page import SyncPage
from app.ui.worker import Worker

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
