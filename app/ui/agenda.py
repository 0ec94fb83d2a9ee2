"""The "Agenda" page: hearings and deadlines by day, week or month, and the overdue ones.

Owns: ``AgendaPage`` — a view selector (Día, Semana, Mes, Vencidos), previous / today /
next buttons and the period's title, and a table with the client's name whose client,
detail and place wrap onto a second line instead of being cut at 1024 px, and a status
column that stays on screen. A scheduled deadline on a day that does not count (weekend,
holiday: the calendar's reason, ``Backend`` row's ``day_off``) says "⚠ día no hábil"
under its date, the reason and next working day in its tooltip; a scheduled hearing at
an hour no court sits (04:31 typed for 16:31: ``odd_hour``) says "⚠ hora inusual"
(``widgets.date_flags``, as Inicio), both counted in the line below the table; a moved one
says where it went under its status (``home.moved_words``, as Inicio). Rows come from
``Backend.agenda(low, high)`` (any status: a day shows what happened too) or
``Backend.overdue()`` (still scheduled in the past, oldest first) in the worker pool. A
still-scheduled row can be rescheduled (``RescheduleDialog`` starts from its own date
and time) or marked held — not while a hearing is still to come, even later today: the
case view's rule, ``hearing_dialogs.not_yet_reason``, said in the button's tooltip — or
failed (``ResultDialog`` asks what happened first; one
dialog at a time, so a double click cannot mark two), each confirmed in the status bar
(``app.ui.status.confirm``) and beside the buttons; a reload keeps the same hearing
selected, or none (never the next row); Enter or a double-click opens its case
(``open_requested("case", id)``). The view, its day and the row selected are kept over
a lock (``keep_state``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import office_time
from app.core.hearings import status_label
from app.ui.due_soon import DueSoonBanner
from app.ui.hearing_dialogs import (
    MomentTimer,
    RescheduleDialog,
    ResultDialog,
    date_warner,
    done_text,
    held_asker,
    not_yet_reason,
    outcome_texts,
)
from app.ui.home import counted, moved_words
from app.ui.lists import fit_columns, fit_rows
from app.ui.ports import Backend, Row
from app.ui.status import confirm
from app.ui.widgets import (
    date_flags,
    fmt_datetime,
    label_for,
    office_today,
    section_label,
    ui_lang,
)
from app.ui.worker import Latest, Worker

VIEWS = ("day", "week", "month", "overdue")
_ROW = Qt.ItemDataRole.UserRole
RED = "#b00020"
AMBER = "#8a4b00"  # a deadline on a day that does not count
CLIENT, FREE, STATUS = 1, {3, 5}, 6  # client, detail and place share the spare width
WRAPS = frozenset({0, CLIENT, *FREE, STATUS})  # the cells that may take more than one line


def period(view: str, day: QDate) -> tuple[QDate, QDate]:
    """The [first, after-last) days of the ``view`` ("day", "week" Monday to Sunday,
    "month") that contains ``day``."""
    if view == "day":
        return day, day.addDays(1)
    if view == "week":
        first = day.addDays(1 - day.dayOfWeek())
        return first, first.addDays(7)
    first = QDate(day.year(), day.month(), 1)
    return first, first.addMonths(1)


class AgendaPage(QWidget):
    SHOWS = frozenset({"hearing", "case", "person"})
    open_requested = Signal(str, str)
    error = Signal(object)
    refreshed = Signal(int)  # rows shown
    changed = Signal()  # a hearing was rescheduled or marked here

    COLUMNS = ("at", "client", "category", "kind", "case_number", "place", "status")

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._latest = Latest(worker)
        self.view = "week"
        self.day = office_today()
        self.rows: list[Row] = []
        self.result_dialog: ResultDialog | None = None  # asking what happened, if open
        self._select_id = ""  # the hearing to select once loaded (``restore_state``)

        self.view_buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        labels = {
            "day": self.tr("Día"),
            "week": self.tr("Semana"),
            "month": self.tr("Mes"),
            "overdue": self.tr("Vencidos"),
        }
        bar = QHBoxLayout()
        bar.addWidget(section_label(self.tr("Agenda")))
        for name in VIEWS:
            button = QPushButton(labels[name])
            button.setCheckable(True)
            button.setAccessibleName(self.tr("Ver: %1").replace("%1", labels[name]))
            button.clicked.connect(lambda _c=False, v=name: self.set_view(v))
            self._group.addButton(button)
            self.view_buttons[name] = button
            bar.addWidget(button)
        # the period's title sits in the bar (a line of its own cost a row of the table)
        self.period_label = QLabel()
        self.period_label.setObjectName("section")
        self.period_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.period_label.setWordWrap(True)  # a long one takes two lines, never the width
        bar.addWidget(self.period_label, 1)
        self.previous_button = QPushButton("◀")
        self.previous_button.setAccessibleName(self.tr("Periodo anterior"))
        self.previous_button.setToolTip(self.tr("Periodo anterior"))
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.today_button = QPushButton(self.tr("Hoy"))
        self.today_button.setAccessibleName(self.tr("Ir a hoy"))
        self.today_button.clicked.connect(self.go_today)
        self.next_button = QPushButton("▶")
        self.next_button.setAccessibleName(self.tr("Periodo siguiente"))
        self.next_button.setToolTip(self.tr("Periodo siguiente"))
        self.next_button.clicked.connect(lambda: self.step(1))
        for button in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(button)
        # buttons as wide as their words (the style's 80 px minimum left the period's
        # title two lines at 1024 px)
        for button in (*self.view_buttons.values(), self.today_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance(button.text()) + 28)
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("◀") + 28)

        headers = [
            self.tr("Fecha y hora"),
            self.tr("Cliente"),
            self.tr("Tipo"),
            self.tr("Detalle"),
            self.tr("Caso"),
            self.tr("Lugar"),
            self.tr("Estado"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setAccessibleName(self.tr("Agenda"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Client, detail and place wrap onto a second line rather than being cut at
        # 1024 px (walkthrough: "María Sonia Chamb…", "Juzgado P…"); rows are as tall as
        # their text, one line when it fits.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setMinimumSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Every column fits the page (``lists.fit_columns``, wrapping): date, kind, case
        # number and status fit their values; client, detail and place share the rest
        # and wrap (full text in the tooltip too). Again on every resize.
        self.table.viewport().installEventFilter(self)
        self._fitted = 0  # the table's width when its columns were fitted
        self.table.itemActivated.connect(self._activate)
        self.table.itemDoubleClicked.connect(self._activate)
        self.table.itemSelectionChanged.connect(self._update_actions)
        # a hearing's hour or a deadline's end reached while the Agenda is open is shown
        # then (one timer, the case view's: ``MomentTimer``), not on the next reload
        self.clock: Callable[[], datetime] = office_time.now  # office time, naive
        self.moment_timer = MomentTimer(self)
        self.moment_timer.timeout.connect(lambda: self._show(self.rows))
        self.empty_label = QLabel()
        self.empty_label.setObjectName("hint")
        self.empty_label.setWordWrap(True)

        self.reschedule_button = QPushButton(self.tr("Reprogramar…"))
        self.reschedule_button.setAccessibleName(self.tr("Reprogramar"))
        self.reschedule_button.clicked.connect(self.reschedule_selected)
        self.held_button = QPushButton(self.tr("Marcar realizada"))
        self.held_button.clicked.connect(lambda: self.mark_selected("held"))
        self.failed_button = QPushButton(self.tr("Marcar frustrada"))
        self.failed_button.clicked.connect(lambda: self.mark_selected("failed"))
        self.open_button = QPushButton(self.tr("Abrir caso"))
        self.open_button.clicked.connect(self._open_selected)
        actions = QHBoxLayout()
        for button in (
            self.reschedule_button,
            self.held_button,
            self.failed_button,
            self.open_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        # what was just done, on its own line under the buttons, wrapped: beside them it
        # was cut at the window's edge at 1024 px (fresh-eyes #22); its line is kept
        # while empty, so one that appears moves nothing
        self.done_label = QLabel()
        self.done_label.setObjectName("hint")
        self.done_label.setTextFormat(Qt.TextFormat.PlainText)
        self.done_label.setWordWrap(True)
        self.done_label.setMinimumHeight(self.done_label.fontMetrics().height())

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        self.due_soon = DueSoonBanner(backend, worker)  # deadlines due in N working days
        self.due_soon.open_requested.connect(self.open_requested)
        self.due_soon.error.connect(self.error)
        layout.addWidget(self.due_soon)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        layout.addWidget(self.done_label)
        self.view_buttons[self.view].setChecked(True)
        self._update_actions()

    # -- kept over a lock (``Workspace.page_state``)
    def keep_state(self) -> tuple[str, str, str]:
        """The view, its day (ISO) and the hearing selected ("" none)."""
        row = self.selected()
        ident = str(row.get("id") or "") if row is not None else ""
        return (self.view, self.day.toString(Qt.DateFormat.ISODate), ident)

    def restore_state(self, state: object) -> None:
        """Back to a ``keep_state()``: the same view and day, the same hearing selected
        once the rows are in (the caller loads the page)."""
        if not isinstance(state, tuple) or len(state) != 3:
            return
        view, day, ident = (str(part) for part in state)
        when = QDate.fromString(day, Qt.DateFormat.ISODate)
        if when.isValid():
            self.day = when
        self._select_id = ident
        self.set_view(view, load=False)

    # -- navigation
    def set_view(self, view: str, load: bool = True) -> None:
        """Show ``view`` (one of ``VIEWS``) around the current day; load it unless the
        caller is about to (``load=False``)."""
        if view not in VIEWS:
            view = "week"
        self.view = view
        self.view_buttons[view].setChecked(True)
        if load:
            self.refresh()

    def step(self, direction: int) -> None:
        """Move one day, week or month back (-1) or forward (1)."""
        if self.view == "day":
            self.day = self.day.addDays(direction)
        elif self.view == "week":
            self.day = self.day.addDays(7 * direction)
        elif self.view == "month":
            self.day = self.day.addMonths(direction)
        self.refresh()

    def go_today(self) -> None:
        self.day = office_today()
        self.refresh()

    def _period_title(self, first: QDate, after: QDate) -> str:
        locale = QLocale()
        # the date formats are the language's too (English read "Monday 30 de November")
        if self.view == "day":
            return locale.toString(first, self.tr("dddd d 'de' MMMM 'de' yyyy"))
        if self.view == "week":
            last = after.addDays(-1)
            return (
                self.tr("Semana del %1 al %2")
                .replace("%1", locale.toString(first, "d/MM"))
                .replace("%2", locale.toString(last, "d/MM/yyyy"))
            )
        return locale.toString(first, self.tr("MMMM 'de' yyyy"))

    # -- loading
    def refresh(self) -> None:
        backend = self._backend
        self.due_soon.refresh()
        dated = self.view != "overdue"
        for button in (self.previous_button, self.today_button, self.next_button):
            button.setEnabled(dated)
            button.setVisible(dated)  # the overdue list has no period: room for its title
        if not dated:
            self.period_label.setText(self.tr("Pasados sin resultado registrado"))
            self._latest.submit(backend.overdue, self._show, self.error.emit)
            return
        first, after = period(self.view, self.day)
        self.period_label.setText(self._period_title(first, after))
        low, high = first.toString(Qt.DateFormat.ISODate), after.toString(Qt.DateFormat.ISODate)
        self._latest.submit(lambda: backend.agenda(low, high), self._show, self.error.emit)

    def _show(self, rows: list[Row]) -> None:
        kept = self.selected()  # the same hearing stays selected; else none (never the next)
        kept_id = kept.get("id") if kept is not None else self._select_id or None
        self._select_id = ""
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self.rows = rows
        self.table.setRowCount(len(rows))
        red, amber = QBrush(QColor(RED)), QBrush(QColor(AMBER))
        now, lang = self.clock().isoformat(timespec="minutes"), ui_lang()
        days_off = odd_hours = 0
        for r, row in enumerate(rows):
            overdue = bool(row.get("overdue"))
            badge, why = date_flags(row)
            when = self._when(row.get("at"))
            if badge:  # on a weekend or holiday, or a hearing at 04:31: said under its date
                days_off += bool(row.get("day_off"))
                odd_hours += bool(row.get("odd_hour"))
                when += "\n" + badge
            values = [
                when,
                row.get("client") or "",
                label_for(row.get("category")),
                label_for(row.get("kind")),
                row.get("case_number") or "",
                row.get("place") or "",
                self.tr("Vencido")
                if overdue
                else moved_words(  # a moved one says where it went, under its status
                    status_label(row.get("category"), row.get("status"), row.get("at"), now, lang),
                    row,
                    short=True,
                ),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value or ""))
                item.setData(_ROW, r)
                item.setToolTip(str(value or ""))
                if overdue and c == len(values) - 1:
                    item.setForeground(red)  # the status says it; the row is not a red wall
                if badge and c == 0:
                    item.setForeground(amber)
                    item.setToolTip(why)
                self.table.setItem(r, c, item)
        if rows:
            count, aside = counted(rows)  # the moved and cancelled said apart (as Inicio)
            total = self.tr("Total: %1").replace("%1", str(count)) + aside
            if days_off:
                total += " · " + self.tr(
                    "⚠ %n audiencia(s) o plazo(s) en día no hábil (sábado, domingo o "
                    "feriado): revise la fecha; el siguiente día hábil aparece al pasar el "
                    "cursor.",
                    "",
                    days_off,
                )
            if odd_hours:
                total += " · " + self.tr(
                    "⚠ %n audiencia(s) a una hora inusual: revise la hora.", "", odd_hours
                )
            self.empty_label.setText(total)
        elif self.view == "overdue":
            self.empty_label.setText(self.tr("Nada vencido: todo está al día."))
        else:
            self.empty_label.setText(self.tr("No hay audiencias ni plazos en este periodo."))
        again = next((r for r, row in enumerate(rows) if kept_id and row.get("id") == kept_id), -1)
        if again >= 0:
            self.table.selectRow(again)
        self._fit()
        self._update_actions()
        self.moment_timer.wait_for(rows, self.clock())
        self.refreshed.emit(len(rows))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A new width of the table (window resized) fits the columns again."""
        resized = watched is self.table.viewport() and event.type() == QEvent.Type.Resize
        if resized and self.table.viewport().width() != self._fitted:
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        """Columns to the table's width (wrapping), then each row as tall as its text."""
        table = self.table
        self._fitted = fit_columns(table, CLIENT, FREE, wrap=True)
        table.horizontalHeader().resizeSections()  # the client's stretch, now
        fit_rows(table, WRAPS)

    def _when(self, at: str | None) -> str:
        """The time alone in the day view; else the day of the week, the date and the
        time — without the year, which the period's title says (the overdue list, which
        spans years, keeps it)."""
        shown = fmt_datetime(at)  # dd/MM/yyyy HH:mm, in the office's time zone
        if len(shown) != 16:
            return shown
        if self.view == "day":
            return shown[-5:]
        day = QDate.fromString(shown[:10], "dd/MM/yyyy")
        weekday = QLocale().toString(day, "ddd") if day.isValid() else ""
        when = shown if self.view == "overdue" else shown[:5] + shown[10:]
        return f"{weekday} {when}".strip()

    # -- actions
    def selected(self) -> Row | None:
        items = self.table.selectedItems()
        if not items:
            return None
        index = items[0].data(_ROW)
        return self.rows[index] if isinstance(index, int) and index < len(self.rows) else None

    def _update_actions(self) -> None:
        row = self.selected()
        scheduled = row is not None and row.get("status") == "scheduled"
        for button in (self.reschedule_button, self.held_button, self.failed_button):
            if row is None:
                why = self.tr("Seleccione una audiencia o plazo de la lista.")
            elif not scheduled:
                why = self.tr("Ya tiene resultado: %1.").replace("%1", label_for(row.get("status")))
            else:  # the case view's rule (case13: a small change in shell13's file)
                why = not_yet_reason(row, self.clock()) if button is self.held_button else ""
            button.setEnabled(not why)
            button.setToolTip(why)
        words = outcome_texts(row is not None and row.get("category") == "deadline")
        self.held_button.setText(words["held"])  # a deadline is met, not held (fresh7 #22)
        self.failed_button.setText(words["failed"])
        self.open_button.setEnabled(row is not None)
        self.open_button.setToolTip(
            "" if row is not None else self.tr("Seleccione una audiencia o plazo de la lista.")
        )

    def reschedule_selected(self) -> None:
        """Ask the new date, starting from the selected hearing's own, and move it."""
        row = self.selected()
        if row is None or row.get("status") != "scheduled":
            return
        what = " · ".join(
            str(p)
            for p in (label_for(row.get("kind")), row.get("client"), row.get("case_number"))
            if p
        )
        category = str(row.get("category") or "hearing")  # a day off or 04:31 is asked about
        warner = date_warner(self._backend, self._worker, str(row["case_id"]), category)
        dialog = RescheduleDialog(row.get("at"), what, self, warner, category)
        hearing_id = str(row["id"])
        dialog.accepted.connect(
            lambda: self._write(hearing_id, "rescheduled", dialog.value(), dialog.reason_text())
        )
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # window-modal without blocking (as the case view's dialogs)

    def mark_selected(self, status: str) -> None:
        """Ask what happened (a result text), then mark the selected row held or failed:
        one click never marks anything by itself."""
        row = self.selected()
        if row is None or row.get("status") != "scheduled" or self.result_dialog is not None:
            return  # (a second click while the question is open asks nothing more)
        what = " · ".join(
            str(p)
            for p in (label_for(row.get("kind")), row.get("client"), row.get("case_number"))
            if p
        )
        hearing_id, deadline = str(row["id"]), row.get("category") == "deadline"
        asker = None if deadline else held_asker(self._backend, self._worker, hearing_id)
        dialog = ResultDialog(status, what, self, deadline=deadline, asker=asker)
        dialog.accepted.connect(lambda: self._write(hearing_id, status, None, dialog.outcome, what))
        dialog.finished.connect(lambda _r: setattr(self, "result_dialog", None))
        dialog.finished.connect(dialog.deleteLater)
        self.result_dialog = dialog
        dialog.open()

    def _write(
        self, hearing_id: str, status: str, new_at: str | None, result: str = "", what: str = ""
    ) -> None:
        backend = self._backend
        row = next((r for r in self.rows if str(r.get("id")) == hearing_id), {})
        said = done_text(status, row.get("category") == "deadline", new_at)

        def done(_result: object) -> None:
            self.changed.emit()
            self.refresh()
            if said:
                confirm(self, said)  # the status bar says it happened
                self.done_label.setText(f"{said} {what}".strip())

        self._latest.drop()  # a load in flight would show the agenda without this write
        self._worker.submit(
            lambda: backend.set_hearing_status(hearing_id, status, result, new_at),
            done,
            self.error.emit,
        )

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None and row.get("case_id"):
            self.open_requested.emit("case", str(row["case_id"]))

    def _activate(self, item: QTableWidgetItem) -> None:
        index = item.data(_ROW)
        if isinstance(index, int) and index < len(self.rows) and self.rows[index].get("case_id"):
            self.open_requested.emit("case", str(self.rows[index]["case_id"]))
