"""The case view: summary, parties, intakes, notes, hearings, attachments, history.

Owns: ``CaseView`` — loads ``Backend.case_detail`` in the worker pool and shows it in
tabs: the summary, parties and intakes; the notes (``app.ui.case_notes.NotesPanel``),
hearings and deadlines (``app.ui.case_hearings.HearingsPanel``), referrals
(``app.ui.referral_panel``) and milestones (``app.ui.milestone_panel``) tabs;
attachments (adds one, shows one decrypted in memory —
``app.ui.attachment_viewer.AttachmentViewer``: images and text, nothing written to disk);
the history, each edit saying what it changed; the Resumen with the children and amount
the ficha claims and the closing date and result. Exports
the case summary and the selected intake record ("ficha") as PDF through
``ReportsPort`` in the worker. Every write of the view and its tabs goes through
``_write``: it runs in the worker, then the case reloads, the message line under the
tabs (fixed height: nothing moves when it clears) confirms it — once: not again in the
status bar — and ``changed`` tells the main window to refresh its counters. A button
that cannot apply is disabled with a tooltip saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.queries.case_facts import children_text
from app.ui.case_attachments import AttachmentsPanel
from app.ui.case_edit import CaseEditDialog, CloseCaseDialog, PartyDialog, ReopenDialog
from app.ui.case_hearings import HearingsPanel
from app.ui.case_notes import NotesPanel
from app.ui.deadlines import ask_deadlines
from app.ui.drafting_dialog import ask_draft
from app.ui.files import save_path
from app.ui.milestone_panel import MilestonePanel
from app.ui.pdf_protect import ask_pdf_password
from app.ui.ports import Backend, ReportsPort, Row
from app.ui.record_page import MessageLine, SaveDialog, allow, ask, open_dialog, record_header
from app.ui.referral_panel import ReferralPanel
from app.ui.widgets import fmt_date, fmt_datetime, label_for, section_label
from app.ui.worker import Latest, Worker


class CaseView(QWidget):
    SHOWS = frozenset(
        {"case", "case_party", "person", "intake", "note", "hearing", "attachment", "app_user"}
        | {"referral"}  # the referrals tab (referral_panel.py)
        | {"case_milestone"}  # the milestones tab (milestone_panel.py)
    )
    back_requested = Signal()
    changed = Signal()
    loaded = Signal(str)
    pdf_saved = Signal(str)
    error = Signal(object)
    open_requested = Signal(str, str)  # kind, id (a party's profile)

    def __init__(
        self,
        backend: Backend,
        worker: Worker,
        reports: ReportsPort | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._reports = reports
        self._latest = Latest(worker)
        self.case_id = ""
        self.detail: Row = {}
        self.dialog: QDialog | None = None  # the editing dialog open now

        head, self.title = record_header(self.back_requested)
        self.pdf_button = QPushButton(self.tr("Resumen en PDF…"))
        self.pdf_button.setAccessibleName(self.tr("Resumen del caso en PDF"))
        no_pdf = self.tr("Los documentos PDF no están disponibles en este equipo.")
        allow(self.pdf_button, "" if reports is not None else no_pdf)
        self.pdf_button.clicked.connect(self._ask_pdf)
        head.addWidget(self.pdf_button)
        self.draft_button = QPushButton(self.tr("Redactar escrito…"))  # app.ui.drafting_dialog
        self.draft_button.setAccessibleName(self.tr("Redactar escrito"))
        self.draft_button.clicked.connect(self.ask_draft)
        head.addWidget(self.draft_button)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Secciones del caso"))
        self.tabs.addTab(self._summary_tab(), self.tr("Resumen"))
        self.notes_panel = NotesPanel(backend, self._write)
        # the panel's widgets, as the case view's own (tests and the rest of the view)
        self.notes = self.notes_panel.notes
        self.note_edit = self.notes_panel.note_edit
        self.add_note_button = self.notes_panel.add_note_button
        self.add_signed_button = self.notes_panel.add_signed_button
        self.sign_button = self.notes_panel.sign_button
        self.correct_button = self.notes_panel.correct_button
        self.tabs.addTab(self.notes_panel, self.tr("Notas"))
        self.hearings_panel = HearingsPanel(backend, self._write, worker, self._open_dialog)
        self.hearings_panel.rules_button.clicked.connect(self.ask_deadlines)
        self.hearings = self.hearings_panel.table
        self.add_hearing_button = self.hearings_panel.add_button
        self.status_buttons = self.hearings_panel.status_buttons
        self.tabs.addTab(self.hearings_panel, self.tr("Audiencias y plazos"))
        self.attachments_panel = AttachmentsPanel(backend, self._write, worker)
        self.attachments_panel.error.connect(self.error)
        self.attachments = self.attachments_panel.list  # the panel's (tests, the view)
        self.add_attachment = self.attachments_panel.add
        self.view_selected = self.attachments_panel.view_selected
        self.tabs.addTab(self.attachments_panel, self.tr("Adjuntos"))
        self.referrals = ReferralPanel(backend, worker)
        self.referrals.changed.connect(self.changed)
        self.referrals.error.connect(self.error)
        self.referrals.notice.connect(self.say)
        self.tabs.addTab(self.referrals, self.tr("Derivaciones"))
        self.milestones = MilestonePanel(backend, worker)  # milestone_panel.py
        self.milestones.changed.connect(self.changed)
        self.milestones.error.connect(self.error)
        self.milestones.notice.connect(self.say)
        self.tabs.addTab(self.milestones, self.tr("Hitos"))
        self.tabs.addTab(self._history_tab(), self.tr("Historial"))
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):  # as Ctrl+Tab does
            turn = QShortcut(QKeySequence(keys), self)
            turn.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            turn.activated.connect(lambda step=step: self._turn_tab(step))
        self.notes_panel.said.connect(self.say)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self._update_buttons()

    # -- tabs
    def _summary_tab(self) -> QWidget:
        """The summary, parties and intakes in a vertical scroll area: on a 1024×600
        screen nothing is squeezed (every row whole, the lists a few rows tall)."""
        page = QWidget()
        v = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.parties = QListWidget()
        self.parties.setAccessibleName(self.tr("Partes"))
        self.parties.itemActivated.connect(self._open_party)
        self.parties.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        self.intakes = QListWidget()
        self.intakes.setAccessibleName(self.tr("Fichas de atención"))
        self.edit_button = QPushButton(self.tr("Editar datos del caso…"))
        self.edit_button.clicked.connect(lambda: self.edit_case())
        self.close_button = QPushButton(self.tr("Cerrar caso…"))
        self.close_button.clicked.connect(lambda: self.close_case())
        self.reopen_button = QPushButton(self.tr("Reabrir caso…"))
        self.reopen_button.clicked.connect(lambda: self.reopen_case())
        self.add_party_button = QPushButton(self.tr("Agregar parte…"))
        self.add_party_button.clicked.connect(lambda: self.add_party())
        self.remove_party_button = QPushButton(self.tr("Quitar parte"))
        self.remove_party_button.clicked.connect(lambda: self.remove_party())
        case_buttons = QHBoxLayout()
        for b in (self.edit_button, self.close_button, self.reopen_button):
            case_buttons.addWidget(b)
        case_buttons.addStretch(1)
        party_buttons = QHBoxLayout()
        party_buttons.addWidget(section_label(self.tr("Partes")))
        party_buttons.addStretch(1)
        party_buttons.addWidget(self.add_party_button)
        party_buttons.addWidget(self.remove_party_button)
        v.addWidget(self.summary)
        v.addLayout(case_buttons)
        v.addLayout(party_buttons)
        v.addWidget(self.parties)
        self.intake_pdf_button = QPushButton(self.tr("Ficha en PDF…"))
        self.intake_pdf_button.setAccessibleName(self.tr("Ficha de atención en PDF"))
        self.intake_pdf_button.clicked.connect(self._ask_intake_pdf)
        self.intakes.currentItemChanged.connect(lambda _c, _p: self._update_buttons())
        intake_buttons = QHBoxLayout()
        intake_buttons.addWidget(self.intake_pdf_button)
        intake_buttons.addStretch(1)
        v.addWidget(section_label(self.tr("Fichas de atención")))
        v.addWidget(self.intakes)
        v.addLayout(intake_buttons)
        for rows, listing in ((3, self.parties), (2, self.intakes)):  # a few rows each
            line = listing.fontMetrics().lineSpacing()
            listing.setMinimumHeight(rows * line + 12)
            listing.setMaximumHeight(2 * rows * line + 12)
        self.summary_area = QScrollArea()
        self.summary_area.setWidgetResizable(True)
        self.summary_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.summary_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_area.setWidget(page)
        return self.summary_area

    def _history_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("Historial"))
        self.history.setWordWrap(True)  # an edit's line says what changed: it may be long
        # long lines wrap to the list's width (no sideways scrolling), re-laid on resize
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.history.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.history_scope = QLabel(  # what it lists, said plainly (fresh 10 #40)
            self.tr(
                "Lo hecho en este equipo, y las notas escritas en otros equipos que llegaron "
                "al sincronizar."
            )
        )
        self.history_scope.setObjectName("hint")
        self.history_scope.setWordWrap(True)
        v.addWidget(self.history_scope)
        v.addWidget(self.history)
        return page

    # -- loading
    def _turn_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def focus_target(self) -> QWidget:
        """Where the keyboard lands when the case is shown: its tabs (arrows and Ctrl+Tab,
        Ctrl+PgDown switch them; fresh 12 #15: opened from Ctrl+K, the focus was nowhere)."""
        return self.tabs.tabBar()

    def open_case(self, case_id: str) -> None:
        self.case_id = case_id
        self.reload()

    def refresh(self) -> None:
        if self.case_id:
            self.reload()

    def reload(self) -> None:
        backend, case_id = self._backend, self.case_id
        self.referrals.load(case_id)
        self.milestones.load(case_id)
        self._latest.submit(lambda: backend.case_detail(case_id), self._show, self.error.emit)

    def _show(self, detail: Row) -> None:
        if detail.get("case", {}).get("id") != self.detail.get("case", {}).get("id"):
            self.summary_area.verticalScrollBar().setValue(0)  # another case: top (fresh8 #12)
        self.detail = detail
        case = detail.get("case", {})
        if case.get("id") != self.case_id:
            return
        self.title.setText(
            self.tr("Caso %1 — %2")
            .replace("%1", str(case.get("internal_number", "")))
            .replace("%2", str(case.get("beneficiary", "")))
        )
        rows = [
            (self.tr("Materia"), label_for(case.get("matter"))),
            (self.tr("Estado"), label_for(case.get("status"))),
            (self.tr("Defensor/a"), case.get("defender", "")),
            (self.tr("Expediente judicial"), case.get("court_file_number") or "—"),
            (self.tr("Apertura"), fmt_date(case.get("opened_at"))),
            (self.tr("Resumen"), case.get("summary") or "—"),
            *self._fact_rows(detail.get("facts") or {}),
        ]
        self.summary.setText(
            "<table>"
            + "".join(
                f"<tr><td><b>{_esc(k)}</b>&nbsp;&nbsp;</td><td>{_esc(str(v))}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )
        self.parties.clear()
        for party in detail.get("parties", []):
            item = QListWidgetItem(f"{label_for(party.get('role'))}: {party.get('name', '')}")
            item.setData(Qt.ItemDataRole.UserRole, party)
            item.setToolTip(self.tr("Enter o doble clic: abrir el perfil de la persona"))
            self.parties.addItem(item)
        self.intakes.clear()
        for intake in detail.get("intakes", []):
            item = QListWidgetItem(
                f"{fmt_datetime(intake.get('recorded_at'))} · "
                f"{intake.get('form_title') or intake.get('form_id', '')} · "
                f"{label_for(intake.get('service_type'))}"
            )
            item.setData(Qt.ItemDataRole.UserRole, intake.get("id"))
            self.intakes.addItem(item)
        if self.intakes.count():
            self.intakes.setCurrentRow(self.intakes.count() - 1)  # the latest intake
        self.notes_panel.case_id = self.case_id
        self.notes_panel.fill(detail.get("notes", []))
        self.hearings_panel.case_id = self.case_id
        self.hearings_panel.fill(detail.get("hearings", []))
        self.attachments_panel.case_id = self.case_id
        self.attachments_panel.fill(detail.get("attachments", []))
        self._update_buttons()
        self.history.clear()
        for event in detail.get("history", []):
            self.history.addItem(
                f"{fmt_datetime(event.get('at'))} · {event.get('who', '')} · "
                f"{event.get('action', '')}"
            )
        self.loaded.emit(self.case_id)

    def _fact_rows(self, facts: Row) -> list[tuple[str, str]]:
        """What the ficha and the closure answer (``queries.case_facts``), when known."""
        closing = " · ".join(
            x
            for x in (
                fmt_date(facts.get("closed_on")),
                facts.get("closure_result"),
                facts.get("closure_reason"),
                facts.get("amount_obtained"),
            )
            if x
        )
        rows = [
            (self.tr("Hijas e hijos"), children_text(facts.get("children") or [])),
            (self.tr("Monto mensual solicitado"), facts.get("amount_claimed") or ""),
            (self.tr("Cierre"), closing if facts.get("closed_on") else ""),
        ]
        return [(k, v) for k, v in rows if v]

    # -- actions
    def _update_buttons(self) -> None:
        """The intake PDF applies to a selected row; disabled, it says why."""
        if self._reports is None:
            why_pdf = self.tr("Los documentos PDF no están disponibles en este equipo.")
        elif self.intakes.currentItem() is None:
            why_pdf = self.tr("Seleccione primero una ficha de la lista.")
        else:
            why_pdf = ""
        allow(self.intake_pdf_button, why_pdf)
        self._update_case_buttons()

    def say(self, text: str) -> None:
        """A confirmation under the tabs; its line keeps its height when it clears."""
        self.message.say(text)

    def _write(
        self,
        fn: Callable[[], Any],
        message: str = "",
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Run a write in the worker; then ``then(result)``, the confirmation, a reload."""

        def done(result: object) -> None:
            if then is not None:
                then(result)
            if message:
                self.say(message)
            self.changed.emit()
            self.reload()

        self._latest.drop()  # a load already running would show the case without this write
        self._worker.submit(fn, done, self.error.emit)

    def _ask_pdf(self) -> None:
        number = str(self.detail.get("case", {}).get("internal_number") or "caso")
        path = save_path(self, self.tr("Guardar resumen del caso"), f"caso-{number}.pdf")
        if path is not None and (choice := ask_pdf_password(self)) is not None:
            self.export_pdf(path, password=choice.password)

    def export_pdf(self, path: Path, *, password: str | None) -> None:
        """The case summary as PDF (``password`` None: the user chose no protection)."""
        reports, case_id = self._reports, self.case_id
        if reports is None or not case_id:
            return
        self._worker.submit(
            lambda: reports.case_pdf(case_id, path, password),
            lambda out: self.pdf_saved.emit(str(out)),
            self.error.emit,
        )

    def selected_intake(self) -> str | None:
        item = self.intakes.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else None

    def _ask_intake_pdf(self) -> None:
        if self.selected_intake() is None:
            return
        number = str(self.detail.get("case", {}).get("internal_number") or "caso")
        path = save_path(self, self.tr("Guardar ficha de atención"), f"ficha-{number}.pdf")
        if path is not None and (choice := ask_pdf_password(self)) is not None:
            self.export_intake_pdf(path, password=choice.password)

    def export_intake_pdf(
        self, path: Path, intake_id: str | None = None, *, password: str | None
    ) -> None:
        """The selected intake's record (or ``intake_id``'s) as PDF, in the worker."""
        reports = self._reports
        intake_id = intake_id or self.selected_intake()
        if reports is None or not intake_id:
            return
        chosen = intake_id
        self._worker.submit(
            lambda: reports.intake_pdf(chosen, path, password),
            lambda out: self.pdf_saved.emit(str(out)),
            self.error.emit,
        )

    # -- editing the case (dialogs: app/ui/case_edit.py)
    def _update_case_buttons(self) -> None:
        status = self.detail.get("case", {}).get("status") if self.detail else None
        loading = self.tr("Cargando…") if status is None else ""
        allow(self.edit_button, loading)
        allow(self.add_party_button, loading)
        allow(
            self.close_button,
            loading or ("" if status == "open" else self.tr("El caso no está en trámite.")),
        )
        allow(
            self.reopen_button,
            loading or (self.tr("El caso ya está en trámite.") if status == "open" else ""),
        )
        party = self._selected_party()
        if party is None:
            why = self.tr("Seleccione primero una parte de la lista.")
        elif party.get("person_id") == self.detail.get("case", {}).get("person_id"):
            why = self.tr("El beneficiario del caso no se puede quitar.")
        else:
            why = ""
        allow(self.remove_party_button, why)

    def _selected_party(self) -> Row | None:
        item = self.parties.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _open_party(self, item: QListWidgetItem) -> None:
        party = item.data(Qt.ItemDataRole.UserRole) or {}
        if party.get("person_id"):
            self.open_requested.emit("person", str(party["person_id"]))

    def _open_dialog(self, dialog: SaveDialog, message: Callable[[Any], str]) -> None:
        """Open a dialog of ``case_edit``; once it saved: confirm, reload."""

        def saved() -> None:
            self.say(message(dialog.result_value))
            self.changed.emit()
            self.reload()

        open_dialog(dialog, saved, self._keep)

    def _keep(self, dialog: QDialog | None) -> None:
        self.dialog = dialog

    def edit_case(self) -> None:
        case = self.detail.get("case")
        if not case:
            return
        backend, worker = self._backend, self._worker

        def show(users: list[tuple[str, str]]) -> None:
            dialog = CaseEditDialog(backend, worker, case, users, self)
            self._open_dialog(dialog, self._edited)

        worker.submit(backend.office_users, show, self.error.emit)

    def _edited(self, result: Any) -> str:
        text = self.tr("Datos del caso guardados.")
        warnings = list(getattr(result, "warnings", None) or [])
        return " ".join([text, *(self.tr("Aviso: %1").replace("%1", w) for w in warnings)])

    def add_party(self) -> None:
        dialog = PartyDialog(self._backend, self._worker, self.case_id, self)
        self._open_dialog(
            dialog,
            lambda added: (
                self.tr("Parte agregada al caso.")
                if added
                else self.tr(
                    "Conflicto de intereses: no se agregó la parte. La decisión quedó registrada."
                )
            ),
        )
        dialog.query.setFocus()

    def remove_party(self) -> None:
        party = self._selected_party()
        if not party or not party.get("id"):
            return
        backend, party_id = self._backend, str(party["id"])
        ask(
            self,
            self.tr("Quitar parte"),
            self.tr("¿Quitar a %1 de este caso? La persona sigue registrada.").replace(
                "%1", str(party.get("name") or "")
            ),
            self.tr("Quitar"),
            lambda: self._write(
                lambda: backend.remove_party(party_id), self.tr("Parte quitada del caso.")
            ),
            self._keep,
        )

    def close_case(self) -> None:
        case = self.detail.get("case")
        if case:
            pending = [h for h in self.detail.get("hearings", []) if h.get("status") == "scheduled"]
            dialog = CloseCaseDialog(self._backend, self._worker, case, self, pending)
            self._open_dialog(dialog, self._closed)

    def _closed(self, result: Any) -> str:
        text = self.tr("Caso cerrado.")
        cancelled = len(getattr(result, "cancelled", None) or [])
        left = len(getattr(result, "pending", None) or [])
        if cancelled:
            text += " " + self.tr(
                "Se cancelaron %n audiencia(s) o plazo(s) pendiente(s).", "", cancelled
            )
        if left:
            text += " " + self.tr("Queda(n) %n audiencia(s) o plazo(s) pendiente(s).", "", left)
        return text

    def ask_deadlines(self) -> None:
        """Deadlines from a notification (``app.ui.deadlines``)."""
        ask_deadlines(
            self._backend, self._worker, self.case_id, self, self._open_dialog, self.error.emit
        )

    def ask_draft(self) -> None:
        """Draft a writ (``app.ui.drafting_dialog``)."""
        case = self.detail.get("case", {})
        ask_draft(self._backend, self._worker, self.case_id, case, self, self._open_dialog,
                  self.error.emit)  # fmt: skip

    def reopen_case(self) -> None:
        """Ask why (and whether to restore what the closing cancelled), then reopen."""
        backend, worker, case_id = self._backend, self._worker, self.case_id

        def show(restorable: list[Row]) -> None:
            dialog = ReopenDialog(backend, worker, case_id, self, restorable)
            self._open_dialog(dialog, self._reopened)
            dialog.reason.setFocus()

        worker.submit(lambda: backend.restorable_items(case_id), show, self.error.emit)

    def _reopened(self, result: Any) -> str:
        text = self.tr("Caso reabierto.")
        restored = len(getattr(result, "restored", None) or [])
        left = len(getattr(result, "left", None) or [])
        if restored:
            text += " " + self.tr("Se restauraron %n audiencia(s) o plazo(s).", "", restored)
        if left:
            text += " " + self.tr("Siguen canceladas %n audiencia(s) o plazo(s).", "", left)
        return text


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
