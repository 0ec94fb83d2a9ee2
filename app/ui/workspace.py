"""The workspace once unlocked: navigation, pages, case view, new intake, search.

Owns: ``Workspace`` — navigation (Inicio, Personas, Casos, Agenda, Sincronización,
Reportes, Tiempos) over a stack of pages, plus the case view and the new-intake page (not in the
navigation), and the global search dialog. Imported only when a vault is unlocked, so the
unlock screen appears without loading the pages; each page is built on first use, so the
workspace shows as soon as the home page is ready. For an enrolled vault it also runs the
automatic sync (``start_auto_sync``): the sync port's scheduler thread reports through
``_AutoSignals`` (queued to the UI thread), F5 and the sync button then ask that
scheduler for a round, and ``stop_auto_sync`` ends it (lock, revoked, close).
Change notices (``app.ui.refresh.ChangeFeed``, fed by ``Backend.subscribe``) reach every
built view: the one on screen refreshes at once, the others when shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from app.ui.agenda import AgendaPage
from app.ui.case_view import CaseView
from app.ui.errors import ErrorReporter
from app.ui.files import said_saved
from app.ui.home import HomePage
from app.ui.intake import IntakePage
from app.ui.lists import ListPage
from app.ui.person_profile import PersonProfile
from app.ui.ports import Backend, ReportsPort, SyncPort
from app.ui.refresh import ChangeFeed, shows
from app.ui.reports_page import ReportsPage
from app.ui.search import SearchDialog
from app.ui.services import Services
from app.ui.sync_page import SyncPage
from app.ui.worker import Worker
from sync.changes import Changed

if TYPE_CHECKING:
    from app.ui.timeliness_page import TimelinessPage

P = TypeVar("P", bound=QWidget)

PROBE_MS = 120_000  # how often the status bar re-checks that the server answers

NAV = ("home", "people", "cases", "agenda", "sync", "reports", "times")
HISTORY = 30  # how many records "Volver" remembers
NAV_PADDING = 36  # px beside an entry's text: the item padding (2 × 6) and a margin
RECORD_NAV = {"case": "cases", "person": "people"}  # the entry highlighted beside a record


def nav_width(nav: QListWidget) -> int:
    """As wide as the navigation's longest entry (its font, padding and frame) and no
    wider: at 1024 px every page gets the rest (it was a fixed 190 px, ~50 px of air)."""
    nav.ensurePolished()  # the style sheet's font (11 pt) and item padding apply now
    metrics = nav.fontMetrics()
    widest = max(metrics.horizontalAdvance(nav.item(r).text()) for r in range(nav.count()))
    return widest + NAV_PADDING + 2 * nav.frameWidth()


def first_field(page: QWidget) -> QWidget | None:
    """The first widget of ``page`` that Tab would reach (enabled, shown), in tab order."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (
            page.isAncestorOf(widget)
            and widget.isVisibleTo(page)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None


def when_idle(worker: Worker, context: QObject, then: Callable[[], object]) -> None:
    """Run ``then`` on the UI thread once ``worker`` has delivered everything submitted so
    far (at once if nothing is pending); never after ``context`` is deleted."""
    if not worker.pending():
        QTimer.singleShot(0, context, then)
    else:
        _WhenIdle(worker, context, then)


class _WhenIdle(QObject):
    """One wait for ``Worker.idle``; a child of the context, so it goes with it."""

    def __init__(self, worker: Worker, context: QObject, then: Callable[[], object]) -> None:
        super().__init__(context)
        self._context = context
        self._worker = worker
        self._then = then
        worker.idle.connect(self._idle)

    @Slot()
    def _idle(self) -> None:
        self._worker.idle.disconnect(self._idle)
        QTimer.singleShot(0, self._context, self._then)  # after the answers' repaint is queued
        self.deleteLater()


class _AutoSignals(QObject):
    """Carries the scheduler thread's callbacks to the UI thread (queued by Qt).

    A child of the workspace: Qt deletes it on the UI thread with the workspace (a Python
    collection on another thread must never delete a QObject). The scheduler is stopped
    before that, and ``AutoSync`` calls nothing once stopped."""

    report = Signal(object)  # SyncReport
    online = Signal(bool)
    progress = Signal(str, int, int)


class Workspace(QWidget):
    """Navigation and pages over one unlocked backend."""

    status_changed = Signal()
    auto_started = Signal()  # automatic sync runs (``auto_sync`` is set)
    revoked = Signal()  # the server revoked this device: the window locks

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
        self._services = services
        self._pages: dict[str, QWidget] = {}
        self._sync: list[SyncPort | None] = []
        self._auto: Any = None  # AutoSync while automatic sync runs
        self._auto_signals: _AutoSignals | None = None
        self._stale: set[QWidget] = set()  # built views that missed a notice while hidden
        self.feed = ChangeFeed(self)
        self.feed.changed.connect(self._on_notice)
        subscribe = getattr(backend, "subscribe", None)
        if subscribe is not None:
            self.feed.attach(subscribe)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(self.tr("Navegación"))
        for label in (
            self.tr("Inicio"),
            self.tr("Personas"),
            self.tr("Casos"),
            self.tr("Agenda"),
            self.tr("Sincronización"),
            self.tr("Reportes"),
            self.tr("Tiempos"),
        ):
            self.nav.addItem(label)
        self.nav.setFixedWidth(nav_width(self.nav))
        self.pages = QStackedWidget()
        self._intake: IntakePage | None = None
        self._search: SearchDialog | None = None  # built on first use (Ctrl+K)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        # where "Volver" goes: ("nav", page name) or ("case" | "person", record id)
        self._history: list[tuple[str, str]] = []
        _ = self.home
        self._probe_timer = QTimer(self)
        self._probe_timer.setInterval(PROBE_MS)
        self._probe_timer.timeout.connect(self.probe_link)
        self._probe_timer.start()
        self._first_probe = QTimer(self)
        self._first_probe.setSingleShot(True)
        self._first_probe.setInterval(2000)
        self._first_probe.timeout.connect(self.probe_link)
        self._first_probe.start()
        self.nav.currentRowChanged.connect(self._nav_changed)
        # From a case or a profile, the highlighted entry still takes you back to its page
        # (clicking the current row changes no row: nothing else would notice the click).
        self.nav.itemClicked.connect(self._nav_clicked)
        # A page chosen with the mouse or Enter takes the keyboard: typing goes to its
        # first field (a list's filter box), not to the navigation list's own search.
        self.nav.itemActivated.connect(lambda _item: self.focus_page())
        self.nav.setCurrentRow(0)

    # -- pages, built on first use
    def _page(self, name: str, build: Callable[[], P]) -> P:
        page = self._pages.get(name)
        if page is None:
            page = build()
            self._pages[name] = page
            self.pages.addWidget(page)
            page.error.connect(self._report)  # type: ignore[attr-defined]
            if hasattr(page, "open_requested"):
                page.open_requested.connect(self.open_record)
        return page  # type: ignore[return-value]

    @property
    def search(self) -> SearchDialog:
        """The global search dialog (Ctrl+K), built on first use: not before Inicio."""
        if self._search is None:
            self._search = SearchDialog(self.backend, self._worker, self)
            self._search.open_requested.connect(self.open_record)
            self._search.error.connect(self._report)
        return self._search

    def hide_search(self) -> None:
        if self._search is not None:
            self._search.hide()

    @property
    def sync(self) -> SyncPort | None:
        if not self._sync:
            self._sync.append(self._services.make_sync(self.backend))
        return self._sync[0]

    @property
    def home(self) -> HomePage:
        return self._page("home", lambda: HomePage(self.backend, self._worker))

    @property
    def people(self) -> ListPage:
        return self._page("people", lambda: ListPage(self.backend, self._worker, "person"))

    @property
    def cases(self) -> ListPage:
        return self._page("cases", lambda: ListPage(self.backend, self._worker, "case"))

    @property
    def agenda(self) -> AgendaPage:
        return self._page("agenda", lambda: AgendaPage(self.backend, self._worker))

    @property
    def sync_page(self) -> SyncPage:
        def build() -> SyncPage:
            page = SyncPage(self.backend, self._worker, self.sync)
            if self._auto is not None:
                page.requester = self._auto.request
            page.changed.connect(self.status_changed)
            page.round_finished.connect(self._round_finished)
            return page

        return self._page("sync", build)

    def _reports_port(self) -> ReportsPort | None:
        if not hasattr(self, "_reports_cache"):
            self._reports_cache = self._services.make_reports(self.backend)
        return self._reports_cache

    @property
    def reports(self) -> ReportsPage:
        def build() -> ReportsPage:
            page = ReportsPage(self._reports_port(), self._worker)
            page.generated.connect(self._pdf_saved)
            return page

        return self._page("reports", build)

    @property
    def times(self) -> TimelinessPage:
        """The "Tiempos" page (``app/ui/timeliness_page.py``, imported on first use)."""
        from app.ui.timeliness_page import TimelinessPage, make_times

        return self._page("times", lambda: TimelinessPage(make_times(self.backend), self._worker))

    @property
    def case_view(self) -> CaseView:
        def build() -> CaseView:
            view = CaseView(self.backend, self._worker, self._reports_port())
            view.back_requested.connect(self.go_back)
            view.changed.connect(self.status_changed)
            view.pdf_saved.connect(self._pdf_saved)
            return view

        return self._page("case", build)

    def _pdf_saved(self, path: str) -> None:
        said_saved(self, self.tr("PDF guardado"), path)

    @property
    def profile(self) -> PersonProfile:
        """A person's profile (not in the navigation; opened from lists and search)."""

        def build() -> PersonProfile:
            view = PersonProfile(self.backend, self._worker)
            view.back_requested.connect(self.go_back)
            view.changed.connect(self.status_changed)
            return view

        return self._page("person", build)

    @property
    def intake(self) -> IntakePage:
        if self._intake is None:
            self._new_intake_page()
        assert self._intake is not None
        return self._intake

    def _new_intake_page(self) -> None:
        if self._intake is not None:
            self.pages.removeWidget(self._intake)
            self._intake.deleteLater()
        # A fresh page per intake: no answers linger from the previous person.
        page = IntakePage(self.backend, self._worker, self._services.form_factory(self.backend))
        page.cancelled.connect(lambda: self.navigate("home"))
        page.registered.connect(self._intake_registered)
        self.pages.addWidget(page)
        self._intake = page

    def _nav_page(self, row: int) -> QWidget:
        """The page of a navigation row, built on first use (only that one: building
        every page at unlock cost about half a second before Inicio showed)."""
        name = ("home", "people", "cases", "agenda", "sync_page", "reports", "times")[row]
        page: QWidget = getattr(self, name)
        return page

    def _report(self, exc: BaseException) -> None:
        self._errors.report(exc, self)

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        page = self._nav_page(row)
        if self.pages.currentWidget() is not page:
            self._history.clear()  # a navigation page starts a new trail
        self.pages.setCurrentWidget(page)
        stale = page in self._stale
        self._stale.discard(page)
        if isinstance(page, ListPage):
            if not page.started or stale:
                page.refresh()
        elif not isinstance(page, ReportsPage):
            page.refresh()  # type: ignore[attr-defined]

    def _nav_clicked(self, item: QListWidgetItem) -> None:
        row = self.nav.row(item)
        if row >= 0 and self.pages.currentWidget() is not self._nav_page(row):
            self._nav_changed(row)
        self.focus_page()

    def focus_page(self) -> None:
        """Keyboard focus to the first field of the page on screen (arrows in the
        navigation list still move through it: only a click, Enter or a shortcut land here)."""
        page = self.pages.currentWidget()
        pick = getattr(page, "focus_target", None)  # a page's own choice (fresh 12 #11, #15)
        target = (pick() if callable(pick) else None) or (first_field(page) if page else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _views(self) -> list[QWidget]:
        return [*self._pages.values(), *([self._search] if self._search else [])]

    def _on_notice(self, notice: Changed) -> None:
        """Records changed (here, by a sync round or a bundle): every built view that
        shows any of them refreshes — now if it is on screen, else when shown again."""
        current = self.pages.currentWidget()
        for view in self._views():
            entities: frozenset[str] | None = getattr(view, "SHOWS", frozenset())
            if entities is not None and not shows(notice, entities):
                continue
            if view is current or (view is self._search and view.isVisible()):
                refresh = getattr(view, "refresh", None)
                if refresh is not None and getattr(view, "started", True):
                    refresh()
            elif view is not self._search:
                self._stale.add(view)
        self.status_changed.emit()

    def navigate(self, name: str, state: object = None) -> None:
        """Show the navigation page ``name``; ``state`` (from ``page_state``, kept over a
        lock) is given back to the page first, so it loads once, as it was."""
        row = NAV.index(name)
        restore = getattr(self._nav_page(row), "restore_state", None)
        if state is not None and restore is not None:
            restore(state)
        if self.nav.currentRow() == row:
            self._nav_changed(row)
        else:
            self.nav.setCurrentRow(row)
        self.focus_page()

    def page_state(self) -> object:
        """The state of the navigation page on screen (the report chosen, the Agenda's
        view, day and row: its ``keep_state()``), None when it keeps none."""
        keep = getattr(self.pages.currentWidget(), "keep_state", None)
        return keep() if keep is not None else None

    def highlighted(self) -> str:
        """The navigation entry highlighted ("" when none, e.g. during a new intake)."""
        row = self.nav.currentRow()
        return NAV[row] if 0 <= row < len(NAV) and self.nav.currentItem().isSelected() else ""

    def highlight(self, page: str) -> None:
        """Highlight ``page`` in the navigation without showing it (the record on screen
        was opened from it)."""
        self.nav.blockSignals(True)
        row = NAV.index(page)
        self.nav.setCurrentRow(row)
        self.nav.item(row).setSelected(True)  # also when it was current but cleared
        self.nav.blockSignals(False)

    def current_name(self) -> str:
        widget = self.pages.currentWidget()
        if widget is self._pages.get("case"):
            return "case"
        if widget is self._pages.get("person"):
            return "person"
        if widget is not None and widget is self._intake:
            return "intake"
        return NAV[self.nav.currentRow()]

    def here(self) -> tuple[str, str]:
        """Where the workspace is: ("case" | "person", id) or ("nav", page name)."""
        name = self.current_name()
        if name == "case":
            return ("case", self.case_view.case_id)
        if name == "person":
            return ("person", self.profile.person_id)
        return ("nav", "home" if name == "intake" else name)

    def open_record(self, kind: str, ident: str) -> None:
        if kind in ("case", "person"):
            here = self.here()
            if here != (kind, ident):
                self._history = [*self._history, here][-HISTORY:]
            self._show_record(kind, ident)
        elif kind == "sync":
            self.navigate("sync")
        elif kind == "draft":
            self.new_intake()
            self.intake.resume(ident)
        elif kind == "intake":  # Inicio's "Nueva atención"
            self.new_intake()
        elif kind == "agenda":  # a view of the Agenda, e.g. "overdue" from Inicio
            self.agenda.set_view(ident, load=False)
            self.navigate("agenda")  # loads it

    def _show_record(self, kind: str, ident: str) -> None:
        """Show a case or a person, from wherever it was asked (a list, Inicio, the
        Agenda, the search, "Abrir caso" of a new intake): the navigation highlights
        "Casos" or "Personas", the page a click on it goes back to."""
        view: CaseView | PersonProfile = self.case_view if kind == "case" else self.profile
        self._stale.discard(view)
        if isinstance(view, CaseView):
            view.open_case(ident)
        else:
            view.open_person(ident)
        self.pages.setCurrentWidget(view)
        self.highlight(RECORD_NAV[kind])
        self.focus_page()  # the keys go to the record (from Ctrl+K the focus was nowhere)

    def open_person(self, person_id: str) -> None:
        """A person's profile: details, intakes, cases, referrals, timeline."""
        self.open_record("person", person_id)

    def go_back(self) -> None:
        """Back to where the defender came from (a record or a navigation page)."""
        kind, ident = self._history.pop() if self._history else ("nav", "cases")
        if kind == "nav":
            self.navigate(ident)
        else:
            self._show_record(kind, ident)

    def new_intake(self) -> None:
        self._new_intake_page()
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

    def _round_finished(self, report: Any) -> None:
        from app.sync_session import REVOKED

        if getattr(report, "status", "") == REVOKED:
            self.revoked.emit()

    # -- automatic sync
    def start_auto_sync(self, every: float, probe_every: float = 30.0) -> bool:
        """Sync on connectivity and every ``every`` s while online (enrolled vaults only).

        The scheduler and the HTTP client it loads (seconds of imports on a slow machine)
        are built in the worker once the screen just shown has its data (the worker is
        idle), so they never delay the first page after unlocking; ``auto_sync`` is None
        until then and ``auto_started`` is emitted when the scheduler runs.
        Returns whether it is starting: not when ``every`` <= 0, without a sync engine
        that can schedule rounds, or when this vault is not enrolled with a server."""
        if self._auto_signals is not None:
            return True
        sync = self.sync
        factory = getattr(sync, "auto_sync", None)
        if every <= 0 or sync is None or factory is None:
            return False
        if not sync.configured():
            return False
        signals = _AutoSignals(self)
        signals.report.connect(self._auto_report)
        signals.online.connect(self._auto_online)
        signals.progress.connect(self._auto_progress)
        self._auto_signals = signals

        def build() -> Any:
            return factory(
                every=every,
                probe_every=probe_every,
                on_report=signals.report.emit,
                on_online=signals.online.emit,
                progress=signals.progress.emit,
            )

        def built(auto: Any) -> None:
            if self._auto_signals is not signals:  # stopped meanwhile (lock, close)
                auto.stop()  # never started: closes its transport
                return
            self._auto = auto
            page = self._pages.get("sync")
            if isinstance(page, SyncPage):
                page.requester = auto.request
            self._probe_timer.stop()  # the scheduler probes the link itself
            auto.start()
            self.auto_started.emit()

        def failed(exc: BaseException) -> None:
            if self._auto_signals is signals:
                self._auto_signals = None
                self._report(exc)

        when_idle(self._worker, self, lambda: self._worker.submit(build, built, failed))
        return True

    @property
    def auto_sync(self) -> Any:
        """The running ``AutoSync`` (None when automatic sync is off)."""
        return self._auto

    def stop_auto_sync(self) -> None:
        """End automatic sync: a running round is cancelled; no callback arrives after."""
        auto, self._auto = self._auto, None
        self._auto_signals = None  # a scheduler still being built is stopped, not started
        if auto is None:
            return
        page = self._pages.get("sync")
        if isinstance(page, SyncPage):
            page.requester = None
        auto.stop()  # queued reports still arriving are ignored (no _auto)

    def shutdown(self) -> None:
        """Before the store locks: no more probes or rounds from this workspace."""
        self._probe_timer.stop()
        self._first_probe.stop()
        self.feed.detach()
        self.stop_auto_sync()

    def _auto_report(self, report: Any) -> None:
        if self._auto is not None:
            self.sync_page.finish_round(report)  # status bar, history, revoked: as manual

    def _auto_online(self, _online: bool) -> None:
        if self._auto is not None:
            self.status_changed.emit()

    def _auto_progress(self, phase: str, done: int, total: int) -> None:
        page = self._pages.get("sync")
        if self._auto is not None and isinstance(page, SyncPage):
            page.show_progress(phase, done, total)

    def probe_link(self) -> None:
        """Ask the server whether it is reachable (in the worker); the status bar follows."""
        if self._auto is not None:
            return
        sync = self.sync
        probe = getattr(sync, "probe", None)
        if sync is None or probe is None or not sync.configured():
            return
        self._worker.submit(probe, lambda _ok: self.status_changed.emit(), lambda _e: None)

    def start_sync(self) -> None:
        self.navigate("sync")
        self.sync_page.start_round()
