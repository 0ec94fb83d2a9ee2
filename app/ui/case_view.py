"""The case view: summary, parties, intakes, notes, hearings, attachments, history.

Owns: ``CaseView`` — loads ``Backend.case_detail`` in the worker pool and shows it in
tabs; adds notes (optionally signed), signs a note, corrects a signed note (a new note
that supersedes it), adds hearings and deadlines and marks them held, failed or
rescheduled, adds an attachment and shows one decrypted in memory (``AttachmentViewer``:
images and text, nothing written to disk); exports the case summary and the selected
intake record ("ficha") as PDF through ``ReportsPort`` in the worker. Every write runs
in the worker and then reloads the case; ``changed`` tells the main window to refresh
its counters.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.pdf_protect import ask_pdf_password
from app.ui.ports import Backend, ReportsPort, Row
from app.ui.referral_panel import ReferralPanel
from app.ui.widgets import fmt_date, fmt_datetime, label_for, ok_cancel, section_label
from app.ui.worker import Latest, Worker

MAX_PREVIEW = 20 * 1024 * 1024


class AttachmentViewer(QDialog):
    """Shows attachment bytes from memory; never writes them to a file."""

    def __init__(self, name: str, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(name)
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        pixmap = QPixmap()
        if len(data) <= MAX_PREVIEW and pixmap.loadFromData(data):
            label = QLabel()
            label.setPixmap(pixmap)
            scroll = QScrollArea()
            scroll.setWidget(label)
            layout.addWidget(scroll)
        else:
            try:
                text = data[:MAX_PREVIEW].decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            if text:
                view = QPlainTextEdit(text)
                view.setReadOnly(True)
                layout.addWidget(view)
            else:
                layout.addWidget(QLabel(self.tr("No hay vista previa para este tipo de archivo.")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class HearingDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nueva audiencia o plazo"))
        form = QFormLayout(self)
        self.category = QComboBox()
        self.category.addItem(self.tr("Audiencia"), "hearing")
        self.category.addItem(self.tr("Plazo"), "deadline")
        self.category.setAccessibleName(self.tr("Tipo"))
        self.kind = QLineEdit()
        self.kind.setPlaceholderText(self.tr("ej. Audiencia única, contestar demanda"))
        self.kind.setAccessibleName(self.tr("Detalle"))
        self.at = QDateTimeEdit(QDateTime.currentDateTime().addDays(7))
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.at.setAccessibleName(self.tr("Fecha y hora"))
        self.place = QLineEdit()
        self.place.setAccessibleName(self.tr("Lugar"))
        form.addRow(self.tr("Tipo"), self.category)
        form.addRow(self.tr("Detalle"), self.kind)
        form.addRow(self.tr("Fecha y hora"), self.at)
        form.addRow(self.tr("Lugar"), self.place)
        form.addRow(ok_cancel(self, self.tr("Guardar")))

    def values(self) -> tuple[str, str, str, str]:
        at = self.at.dateTime().toString("yyyy-MM-ddTHH:mm:ss")
        return (
            str(self.category.currentData()),
            self.kind.text().strip(),
            at,
            self.place.text().strip(),
        )


class RescheduleDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reprogramar"))
        form = QFormLayout(self)
        self.at = QDateTimeEdit(QDateTime.currentDateTime().addDays(7))
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.at.setAccessibleName(self.tr("Nueva fecha y hora"))
        form.addRow(self.tr("Nueva fecha y hora"), self.at)
        form.addRow(ok_cancel(self, self.tr("Reprogramar")))

    def value(self) -> str:
        return self.at.dateTime().toString("yyyy-MM-ddTHH:mm:ss")


class CaseView(QWidget):
    SHOWS = frozenset(
        {"case", "case_party", "person", "intake", "note", "hearing", "attachment", "app_user"}
        | {"referral"}  # the referrals tab (referral_panel.py)
    )
    back_requested = Signal()
    changed = Signal()
    loaded = Signal(str)
    pdf_saved = Signal(str)
    error = Signal(object)

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

        back = QPushButton(self.tr("← Volver"))
        back.setAccessibleName(self.tr("Volver"))
        back.clicked.connect(self.back_requested)
        self.title = QLabel()
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.pdf_button = QPushButton(self.tr("Resumen en PDF…"))
        self.pdf_button.setAccessibleName(self.tr("Resumen del caso en PDF"))
        self.pdf_button.setEnabled(reports is not None)
        self.pdf_button.clicked.connect(self._ask_pdf)
        head = QHBoxLayout()
        head.addWidget(back)
        head.addWidget(self.title, 1)
        head.addWidget(self.pdf_button)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Secciones del caso"))
        self.tabs.addTab(self._summary_tab(), self.tr("Resumen"))
        self.tabs.addTab(self._notes_tab(), self.tr("Notas"))
        self.tabs.addTab(self._hearings_tab(), self.tr("Audiencias y plazos"))
        self.tabs.addTab(self._attachments_tab(), self.tr("Adjuntos"))
        self.referrals = ReferralPanel(backend, worker)
        self.referrals.changed.connect(self.changed)
        self.referrals.error.connect(self.error)
        self.tabs.addTab(self.referrals, self.tr("Derivaciones"))
        self.tabs.addTab(self._history_tab(), self.tr("Historial"))
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)

    # -- tabs
    def _summary_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.parties = QListWidget()
        self.parties.setAccessibleName(self.tr("Partes"))
        self.intakes = QListWidget()
        self.intakes.setAccessibleName(self.tr("Fichas de atención"))
        v.addWidget(self.summary)
        v.addWidget(section_label(self.tr("Partes")))
        v.addWidget(self.parties)
        self.intake_pdf_button = QPushButton(self.tr("Ficha en PDF…"))
        self.intake_pdf_button.setAccessibleName(self.tr("Ficha de atención en PDF"))
        self.intake_pdf_button.setEnabled(False)
        self.intake_pdf_button.clicked.connect(self._ask_intake_pdf)
        self.intakes.currentItemChanged.connect(
            lambda cur, _prev: self.intake_pdf_button.setEnabled(
                cur is not None and self._reports is not None
            )
        )
        intake_buttons = QHBoxLayout()
        intake_buttons.addWidget(self.intake_pdf_button)
        intake_buttons.addStretch(1)
        v.addWidget(section_label(self.tr("Fichas de atención")))
        v.addWidget(self.intakes)
        v.addLayout(intake_buttons)
        return page

    def _notes_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.notes.setSpacing(4)
        self.notes.setAlternatingRowColors(True)
        self.notes.setAccessibleName(self.tr("Notas del caso"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("Escriba una nota del caso…"))
        self.note_edit.setAccessibleName(self.tr("Texto de la nota"))
        self.note_edit.setMaximumHeight(110)
        self.add_note_button = QPushButton(self.tr("Agregar nota"))
        self.add_note_button.setAccessibleName(self.tr("Agregar nota"))
        self.add_note_button.clicked.connect(lambda: self.add_note(sign=False))
        self.add_signed_button = QPushButton(self.tr("Agregar y firmar"))
        self.add_signed_button.setAccessibleName(self.tr("Agregar y firmar"))
        self.add_signed_button.clicked.connect(lambda: self.add_note(sign=True))
        self.sign_button = QPushButton(self.tr("Firmar nota seleccionada"))
        self.sign_button.setAccessibleName(self.tr("Firmar nota seleccionada"))
        self.sign_button.clicked.connect(self.sign_selected)
        self.correct_button = QPushButton(self.tr("Corregir nota seleccionada"))
        self.correct_button.setAccessibleName(self.tr("Corregir nota seleccionada"))
        self.correct_button.clicked.connect(self.correct_selected)
        buttons = QHBoxLayout()
        for b in (self.add_note_button, self.add_signed_button, self.sign_button):
            buttons.addWidget(b)
        buttons.addWidget(self.correct_button)
        buttons.addStretch(1)
        v.addWidget(self.notes, 1)
        v.addWidget(self.note_edit)
        v.addLayout(buttons)
        return page

    def _hearings_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        headers = [
            self.tr("Fecha y hora"),
            self.tr("Tipo"),
            self.tr("Detalle"),
            self.tr("Lugar"),
            self.tr("Estado"),
            self.tr("Resultado"),
        ]
        self.hearings = QTableWidget(0, len(headers))
        self.hearings.setHorizontalHeaderLabels(headers)
        self.hearings.setAccessibleName(self.tr("Audiencias y plazos"))
        self.hearings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hearings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hearings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hearings.verticalHeader().hide()
        self.hearings.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.hearings.horizontalHeader().setStretchLastSection(True)
        self.add_hearing_button = QPushButton(self.tr("Nueva audiencia o plazo"))
        self.add_hearing_button.setAccessibleName(self.tr("Nueva audiencia o plazo"))
        self.add_hearing_button.clicked.connect(self._ask_hearing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_hearing_button)
        self.status_buttons: dict[str, QPushButton] = {}
        for status, label in (
            ("held", self.tr("Marcar realizada")),
            ("failed", self.tr("Marcar frustrada")),
            ("rescheduled", self.tr("Marcar reprogramada")),
        ):
            b = QPushButton(label)
            b.setAccessibleName(label)
            b.clicked.connect(lambda _c=False, s=status: self.mark_selected(s))
            self.status_buttons[status] = b
            buttons.addWidget(b)
        buttons.addStretch(1)
        v.addWidget(self.hearings, 1)
        v.addLayout(buttons)
        return page

    def _attachments_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.attachments = QListWidget()
        self.attachments.setAccessibleName(self.tr("Adjuntos"))
        self.attachments.itemActivated.connect(lambda _i: self.view_selected())
        add = QPushButton(self.tr("Adjuntar archivo…"))
        add.setAccessibleName(self.tr("Adjuntar archivo"))
        add.clicked.connect(self._ask_attachment)
        view = QPushButton(self.tr("Ver"))
        view.setAccessibleName(self.tr("Ver adjunto"))
        view.clicked.connect(self.view_selected)
        note = QLabel(self.tr("Los archivos se guardan cifrados; se muestran solo en memoria."))
        note.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(view)
        buttons.addStretch(1)
        v.addWidget(self.attachments, 1)
        v.addWidget(note)
        v.addLayout(buttons)
        return page

    def _history_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("Historial"))
        v.addWidget(self.history)
        return page

    # -- loading
    def open_case(self, case_id: str) -> None:
        self.case_id = case_id
        self.reload()

    def refresh(self) -> None:
        if self.case_id:
            self.reload()

    def reload(self) -> None:
        backend, case_id = self._backend, self.case_id
        self.referrals.load(case_id)
        self._latest.submit(lambda: backend.case_detail(case_id), self._show, self.error.emit)

    def _show(self, detail: Row) -> None:
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
            self.parties.addItem(f"{label_for(party.get('role'))}: {party.get('name', '')}")
        self.intakes.clear()
        for intake in detail.get("intakes", []):
            item = QListWidgetItem(
                f"{fmt_datetime(intake.get('recorded_at'))} · {intake.get('form_id', '')} "
                f"v{intake.get('form_version', '')} · {label_for(intake.get('service_type'))}"
            )
            item.setData(Qt.ItemDataRole.UserRole, intake.get("id"))
            self.intakes.addItem(item)
        if self.intakes.count():
            self.intakes.setCurrentRow(self.intakes.count() - 1)  # the latest intake
        self.intake_pdf_button.setEnabled(self._reports is not None and self.intakes.count() > 0)
        self._fill_notes(detail.get("notes", []))
        self._fill_hearings(detail.get("hearings", []))
        self.attachments.clear()
        for att in detail.get("attachments", []):
            item = QListWidgetItem(f"{att.get('filename', '')} ({_size(att.get('size'))})")
            item.setData(Qt.ItemDataRole.UserRole, (att.get("id"), att.get("filename", "")))
            self.attachments.addItem(item)
        self.history.clear()
        for event in detail.get("history", []):
            self.history.addItem(
                f"{fmt_datetime(event.get('at'))} · {event.get('who', '')} · "
                f"{event.get('action', '')}"
            )
        self.loaded.emit(self.case_id)

    def _fill_notes(self, notes: list[Row]) -> None:
        self.notes.clear()
        superseded = {n.get("supersedes_id") for n in notes if n.get("supersedes_id")}
        for note in notes:
            state = (
                self.tr("firmada %1").replace("%1", fmt_datetime(note.get("signed_at")))
                if note.get("signed_at")
                else self.tr("sin firmar")
            )
            if note.get("id") in superseded:
                state += " · " + self.tr("corregida")
            if note.get("supersedes_id"):
                state += " · " + self.tr("corrección")
            head = f"{fmt_datetime(note.get('created_at'))} · {note.get('author', '')} · {state}"
            item = QListWidgetItem(f"{head}\n{note.get('text', '')}")
            item.setData(Qt.ItemDataRole.UserRole, note)
            self.notes.addItem(item)

    def _fill_hearings(self, hearings: list[Row]) -> None:
        self.hearings.setRowCount(len(hearings))
        for r, h in enumerate(hearings):
            values = [
                fmt_datetime(h.get("at")),
                label_for(h.get("category")),
                label_for(h.get("kind")),
                h.get("place", ""),
                label_for(h.get("status")),
                h.get("result", ""),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value or ""))
                item.setData(Qt.ItemDataRole.UserRole, h.get("id"))
                self.hearings.setItem(r, c, item)

    # -- actions
    def _write(self, fn: object) -> None:
        def done(_result: object) -> None:
            self.changed.emit()
            self.reload()

        self._latest.drop()  # a load already running would show the case without this write
        self._worker.submit(fn, done, self.error.emit)  # type: ignore[arg-type]

    def add_note(self, sign: bool) -> None:
        text = self.note_edit.toPlainText().strip()
        if not text:
            return
        self.note_edit.clear()
        backend, case_id = self._backend, self.case_id
        self._write(lambda: backend.add_note(case_id, text, sign))

    def selected_note(self) -> Row | None:
        item = self.notes.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def sign_selected(self) -> None:
        note = self.selected_note()
        if note and not note.get("signed_at"):
            backend, note_id = self._backend, str(note["id"])
            self._write(lambda: backend.sign_note(note_id))

    def correct_selected(self, text: str | None = None) -> None:
        note = self.selected_note()
        if not note:
            return
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self, self.tr("Corregir nota"), self.tr("Texto corregido:"), note.get("text", "")
            )
            if not ok:
                return
        text = text.strip()
        if text:
            backend, note_id = self._backend, str(note["id"])
            self._write(lambda: backend.correct_note(note_id, text))

    def _ask_hearing(self) -> None:
        dialog = HearingDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_hearing(*dialog.values())

    def add_hearing(self, category: str, kind: str, at: str, place: str) -> None:
        backend, case_id = self._backend, self.case_id
        self._write(lambda: backend.add_hearing(case_id, category, kind, at, place))

    def mark_selected(
        self, status: str, result: str = "", new_at: str | None = None, ask: bool = True
    ) -> None:
        """Mark the selected hearing; rescheduling asks for the new date (unless given)."""
        item = self.hearings.currentItem()
        if item is None:
            return
        if status == "rescheduled" and new_at is None and ask:
            dialog = RescheduleDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            new_at = dialog.value()
        backend, hearing_id = self._backend, str(item.data(Qt.ItemDataRole.UserRole))
        self._write(lambda: backend.set_hearing_status(hearing_id, status, result, new_at))

    def _ask_attachment(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Adjuntar archivo"))
        if path:
            self.add_attachment(Path(path))

    def add_attachment(self, path: Path) -> None:
        backend, case_id = self._backend, self.case_id
        self._write(lambda: backend.add_attachment(case_id, path))

    def _ask_pdf(self) -> None:
        number = str(self.detail.get("case", {}).get("internal_number") or "caso")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Guardar resumen del caso"), f"{number}.pdf", "PDF (*.pdf)"
        )
        if path and (choice := ask_pdf_password(self)) is not None:
            self.export_pdf(Path(path), password=choice.password)

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
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Guardar ficha de atención"), f"ficha-{number}.pdf", "PDF (*.pdf)"
        )
        if path and (choice := ask_pdf_password(self)) is not None:
            self.export_intake_pdf(Path(path), password=choice.password)

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

    def view_selected(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        att_id, name = item.data(Qt.ItemDataRole.UserRole)
        backend = self._backend
        self._worker.submit(
            lambda: backend.read_attachment(str(att_id)),
            lambda data: AttachmentViewer(name, data, self).open(),
            self.error.emit,
        )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _size(value: object) -> str:
    try:
        n = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return "?"
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"
