"""The hearings tab of the case view: hearings and deadlines, new ones, their outcome.

Owns: ``HearingsPanel`` (the table of the case's hearings and deadlines; "Nueva
audiencia o plazo"; "Plazos por notificación…" — its dialog is ``app.ui.deadlines``'s;
"Marcar realizada/frustrada/reprogramada" for the selected row — for a deadline "Marcar
cumplido/incumplido", "Cambiar fecha" (each button as wide as its longer wording: nothing
moves) —, disabled with a tooltip saying why while no row is selected or the row is no
longer pending (held, failed, moved, cancelled) — "Marcar realizada" also while the
hearing is still to come, even later today (``hearing_dialogs.not_yet_reason``, the
Agenda's rule too: fresh5 #20) — and when that hour comes while the view is open, the
button is enabled then, as a deadline reads "Vencido" once its day ends: one timer set to
the next such moment (``hearing_dialogs.MomentTimer``, office time: ``clock``), not
polling;
"Corregir estado…" takes back a held or failed marked by mistake, asking why
(``CorrectDialog``, ``Backend.correct_hearing``); held or failed first asks what happened
(optional, ``ResultDialog``: kept as the result, shown in its column); statuses said by
``app.core.hearings.status_label`` (a deadline: Pendiente, Vencido, Cumplido…);
rescheduling starts from the hearing's own date and time and asks why — the dialogs
are ``app.ui.hearing_dialogs``'s, shared with the Agenda). Writes are handed to the case
view's ``write`` (worker, reload, confirmation), as in ``app.ui.case_notes``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import office_time
from app.core.hearings import CORRECTABLE, status_label
from app.ui.case_notes import Write
from app.ui.hearing_dialogs import (
    CorrectDialog,
    HearingDialog,
    MomentTimer,
    RescheduleDialog,
    ResultDialog,
    date_warner,
    done_text,
    held_asker,
    not_yet_reason,
    outcome_texts,
)
from app.ui.lists import fit_columns, fit_rows
from app.ui.ports import Backend, Row
from app.ui.record_page import SaveDialog, allow, say_when_empty
from app.ui.widgets import fmt_datetime, label_for, ui_lang
from app.ui.worker import Worker

DETAIL, GIVE_WAY = 2, {3, 5}  # the detail, the place and the result share the spare width
STATUS = 4  # the status column
# how the case view opens a dialog and confirms once it saved (``CaseView._open_dialog``)
OpenDialog = Callable[[SaveDialog, Callable[[Any], str]], None]


class HearingsPanel(QWidget):
    """The hearings and deadlines of one case; writes go through ``write``."""

    def __init__(
        self,
        backend: Backend,
        write: Write,
        worker: Worker,
        open_dialog: OpenDialog,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._write = write
        self._worker = worker
        self._open_dialog = open_dialog
        self.case_id = ""
        self._rows: dict[str, Row] = {}  # the hearings shown, by id
        headers = [
            self.tr("Fecha y hora"),
            self.tr("Tipo"),
            self.tr("Detalle"),
            self.tr("Lugar"),
            self.tr("Estado"),
            self.tr("Resultado"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setAccessibleName(self.tr("Audiencias y plazos"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Every column fits the tab at 1024 px (``lists.fit_columns`` with ``wrap``, as
        # the Agenda): date, kind and status fit their values; the detail, the place and
        # the result share the rest by what they hold, none narrower than its longest
        # word, and wrap (the row grows; fresh 9 N3: the result was a sliver beside a
        # roomy place). Every cell's tooltip holds its whole text. Again on every resize.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # a selected row does not turn the titles bold: bolder, "Resultado" no longer fit
        # its column and read "Resulta…" (seen at 1024×600)
        header.setHighlightSections(False)
        self.table.viewport().installEventFilter(self)
        say_when_empty(self.table, self.tr("No hay audiencias ni plazos registrados."))
        self._fitted = 0  # the table's width when its columns were fitted
        self.add_button = QPushButton(self.tr("Nueva audiencia o plazo"))
        self.add_button.setAccessibleName(self.tr("Nueva audiencia o plazo"))
        self.add_button.clicked.connect(lambda: self.ask_hearing())
        # the deadlines a notification starts, from the rules (app.ui.deadlines; the case
        # view opens the dialog)
        self.rules_button = QPushButton(self.tr("Plazos por notificación…"))
        self.rules_button.setAccessibleName(self.tr("Plazos por notificación"))
        self.rules_button.setToolTip(
            self.tr("Registrar una notificación u otro acto y los plazos que las reglas proponen")
        )
        # two rows at 1024 px: what adds (above), what acts on the selected row (below)
        adding = QHBoxLayout()
        adding.addWidget(self.add_button)
        adding.addWidget(self.rules_button)
        adding.addStretch(1)
        buttons = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        for status, label in outcome_texts(False).items():
            b = QPushButton(outcome_texts(True)[status])
            wide = b.sizeHint().width()  # a deadline's wording, then a hearing's: the
            b.setText(label)  # button keeps the wider one, nothing moves when it changes
            b.setMinimumWidth(max(wide, b.sizeHint().width()))
            b.setAccessibleName(label)
            b.clicked.connect(lambda _c=False, s=status: self.mark_selected(s))
            self.status_buttons[status] = b
            buttons.addWidget(b)
        self.correct_button = QPushButton(self.tr("Corregir estado…"))
        self.correct_button.setAccessibleName(self.tr("Corregir estado"))
        self.correct_button.clicked.connect(lambda: self.correct_selected())
        buttons.addWidget(self.correct_button)
        buttons.addStretch(1)
        self.table.itemSelectionChanged.connect(self.update_buttons)
        # what the clock changes (a hearing reaching its hour, a deadline passing) is
        # shown again at that moment: one timer set to the next one (``next_change``)
        self.clock: Callable[[], datetime] = office_time.now  # office time, naive
        self.moment_timer = MomentTimer(self)
        self.moment_timer.timeout.connect(self.moment_passed)
        v = QVBoxLayout(self)
        v.addWidget(self.table, 1)
        v.addLayout(adding)
        v.addLayout(buttons)
        self.update_buttons()

    def update_buttons(self) -> None:
        """The outcome buttons apply to a selected row still pending; otherwise they are
        disabled, saying why (no row; already held, failed, moved or cancelled)."""
        row = self._selected()
        if row is None:
            why = self.tr("Seleccione primero una audiencia o plazo de la lista.")
        elif row.get("status") not in (None, "", "scheduled"):
            shown = status_label(row.get("category"), row.get("status"), lang=ui_lang())
            why = self.tr("Ya no está pendiente: %1.").replace("%1", shown)
        else:
            why = ""
        deadline = self._selected_category() == "deadline"  # a term is met, not held
        for status, b in self.status_buttons.items():
            b.setText(outcome_texts(deadline)[status])
            b.setAccessibleName(b.text())
            allow(b, why or (not_yet_reason(row, self.clock()) if status == "held" else ""))
        if row is None:
            allow(self.correct_button, why)
        elif row.get("status") not in CORRECTABLE:
            allow(
                self.correct_button,
                self.tr("Solo se corrige lo marcado realizado, frustrado, cumplido o incumplido."),
            )
        else:
            tip = self.tr("Volver a dejarlo pendiente (marcado por error)")
            allow(self.correct_button, "", tip)

    def correct_selected(self, reason: str | None = None) -> None:
        """Take back the selected row's held or failed outcome: asks why first."""
        row = self._selected()
        if row is None:
            return
        hearing_id = str(row.get("id"))
        if reason is None:
            what = f"{fmt_datetime(row.get('at'))} · {label_for(row.get('kind'))}"
            shown = status_label(row.get("category"), row.get("status"), lang=ui_lang())
            dialog = CorrectDialog(what, shown, self)
            dialog.accepted.connect(lambda: self.correct_selected(dialog.reason_text()))
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
            return
        backend = self._backend
        self._write(
            lambda: backend.correct_hearing(hearing_id, reason),
            self.tr("Estado corregido: vuelve a quedar pendiente."),
            None,
        )

    def _selected(self) -> Row | None:
        item = self.table.currentItem()
        if item is None or not self.table.selectedItems():
            return None
        return self._rows.get(str(item.data(Qt.ItemDataRole.UserRole)))

    def _selected_category(self) -> str:
        return str((self._selected() or {}).get("category") or "")

    def moment_passed(self) -> None:
        """The clock reached a moment that changes what is shown: the statuses and the
        buttons say it, and the timer waits for the next one."""
        self._show_statuses()
        self.update_buttons()
        self._wait_next()

    def _wait_next(self) -> None:
        self.moment_timer.wait_for(list(self._rows.values()), self.clock())

    def _show_statuses(self) -> None:
        now, lang = self.clock().isoformat(timespec="minutes"), ui_lang()
        for r in range(self.table.rowCount()):
            item = self.table.item(r, STATUS)
            h = self._rows.get(str(item.data(Qt.ItemDataRole.UserRole))) if item else None
            if item is not None and h is not None:
                said = status_label(h.get("category"), h.get("status"), h.get("at"), now, lang)
                item.setText(said)
                item.setToolTip(said)

    def fill(self, hearings: list[Row]) -> None:
        self._rows = {str(h.get("id")): h for h in hearings}
        self.table.setRowCount(len(hearings))
        now, lang = self.clock().isoformat(timespec="minutes"), ui_lang()
        for r, h in enumerate(hearings):
            values = [
                fmt_datetime(h.get("at")),
                label_for(h.get("category")),
                label_for(h.get("kind")),
                h.get("place", ""),
                status_label(h.get("category"), h.get("status"), h.get("at"), now, lang),
                h.get("result", ""),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value or ""))
                item.setData(Qt.ItemDataRole.UserRole, h.get("id"))
                item.setToolTip(str(value or ""))
                self.table.setItem(r, c, item)
        self._fit()
        self.update_buttons()
        self._wait_next()

    def _fit(self) -> None:
        """Columns to the table's width, then rows as tall as their text wrapped in them
        (``lists.fit_rows``: Qt's own row fit can leave a wrapped last line half cut)."""
        self._fitted = fit_columns(self.table, DETAIL, GIVE_WAY, wrap=True)
        fit_rows(self.table)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A new width of the table (window resized, tab shown) fits the columns again."""
        resized = watched is self.table.viewport() and event.type() == QEvent.Type.Resize
        if resized and self.table.viewport().width() != self._fitted:
            self._fit()
        return super().eventFilter(watched, event)

    def ask_hearing(self) -> None:
        """ "Nueva audiencia o plazo": the dialog saves, then the view confirms, reloads."""
        dialog = HearingDialog(self._backend, self._worker, self.case_id, self)
        self._open_dialog(dialog, lambda _r: self._added(dialog.is_deadline()))
        dialog.category.setFocus()

    def _added(self, deadline: bool) -> str:
        return self.tr("Plazo registrado.") if deadline else self.tr("Audiencia programada.")

    def add_hearing(self, category: str, kind: str, at: str, place: str) -> None:
        backend, case_id = self._backend, self.case_id
        self._write(
            lambda: backend.add_hearing(case_id, category, kind, at, place),
            self.tr("Plazo programado.")
            if category == "deadline"
            else self.tr("Audiencia programada."),
            None,
        )

    def mark_selected(
        self, status: str, result: str = "", new_at: str | None = None, ask: bool = True
    ) -> None:
        """Mark the selected hearing; rescheduling asks for the new date and why, held or
        failed what happened (optional) — unless given (``ask`` False)."""
        item = self.table.currentItem()
        if item is None:
            return
        backend, hearing_id = self._backend, str(item.data(Qt.ItemDataRole.UserRole))
        own = self._rows.get(hearing_id, {})
        if status == "rescheduled" and new_at is None and ask:
            category = str(own.get("category") or "hearing")
            warner = date_warner(backend, self._worker, self.case_id, category)
            dialog = RescheduleDialog(
                own.get("at"), label_for(own.get("kind")), self, warner, category
            )
            dialog.accepted.connect(
                lambda: self.mark_selected(status, dialog.reason_text(), dialog.value())
            )
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()
            return
        if status in ("held", "failed") and ask and not result:
            what = f"{fmt_datetime(own.get('at'))} · {label_for(own.get('kind'))}"
            deadline = own.get("category") == "deadline"
            asker = None if deadline else held_asker(backend, self._worker, hearing_id)
            asked = ResultDialog(status, what, self, False, deadline, asker)
            asked.accepted.connect(lambda: self.mark_selected(status, asked.outcome, ask=False))
            asked.finished.connect(asked.deleteLater)
            asked.open()
            return
        deadline = self._rows.get(hearing_id, {}).get("category") == "deadline"
        self._write(
            lambda: backend.set_hearing_status(hearing_id, status, result, new_at),
            done_text(status, deadline, new_at),
            None,
        )
