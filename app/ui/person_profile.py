"""A person's profile: their details, intakes, cases, referrals and timeline.

Owns: ``PersonProfile`` — loads ``Backend.person_profile`` (``app.core.queries.
person_file``) in the worker pool and shows the person's details, then tabs with the
cases where they are the client, the cases where they are another party (with their
role; a person who is only the other side of cases opens on that tab), their intakes,
their referrals and a timeline (newest first). A case row (Enter or
double click) opens the case (``open_requested("case", id)``); "Editar datos…" opens the
person editor (``app.ui.person_form.PersonEditDialog``: the one person validator of
``app.core.people`` checks the change, problems are shown next to their fields in
Spanish). Refreshes on change notices about the entities in ``SHOWS``.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.hearings import status_label
from app.ui.home import moved_words
from app.ui.person_form import PersonEditDialog
from app.ui.ports import Backend, Row
from app.ui.record_page import (
    MessageLine,
    allow,
    fill_table,
    open_dialog,
    read_only_table,
    record_header,
)
from app.ui.widgets import fmt_date, fmt_datetime, label_for, ui_lang
from app.ui.worker import Latest, Worker
from sync.spec import vocab


class PersonProfile(QWidget):
    SHOWS = frozenset({"person", "intake", "case", "case_party", "referral", "hearing"})
    back_requested = Signal()
    open_requested = Signal(str, str)  # kind, id
    loaded = Signal(str)
    error = Signal(object)
    changed = Signal()

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._latest = Latest(worker)
        self.person_id = ""
        self.profile: Row = {}
        self._first_show = False

        head, self.title = record_header(self.back_requested)
        self.edit_button = QPushButton(self.tr("Editar datos…"))
        self.edit_button.setAccessibleName(self.tr("Editar datos de la persona"))
        self.edit_button.clicked.connect(lambda: self.edit())
        head.addWidget(self.edit_button)
        self.dialog: PersonEditDialog | None = None

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.client_cases = read_only_table(
            [
                self.tr("Número"),
                self.tr("Materia"),
                self.tr("Estado"),
                self.tr("Expediente judicial"),
                self.tr("Apertura"),
                self.tr("Defensor/a"),
            ],
            self.tr("Casos como cliente"),
        )
        self.party_cases = read_only_table(
            [
                self.tr("Número"),
                self.tr("Rol"),
                self.tr("Materia"),
                self.tr("Estado"),
                self.tr("Apertura"),
            ],
            self.tr("Casos como otra parte"),
        )
        for table in (self.client_cases, self.party_cases):
            table.activated.connect(lambda index, t=table: self._open_case(t, index.row()))
            table.doubleClicked.connect(lambda index, t=table: self._open_case(t, index.row()))
        self.intakes = read_only_table(
            [
                self.tr("Fecha"),
                self.tr("Servicio"),
                self.tr("Materia"),
                self.tr("Estado"),
                self.tr("Caso"),
            ],
            self.tr("Fichas de atención"),
        )
        self.intakes.activated.connect(lambda index: self._open_case(self.intakes, index.row()))
        self.referrals = read_only_table(
            [self.tr("Fecha"), self.tr("Institución"), self.tr("Estado"), self.tr("Motivo")],
            self.tr("Derivaciones"),
        )
        self.timeline = QListWidget()
        self.timeline.setAccessibleName(self.tr("Cronología"))
        self.timeline.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Secciones de la persona"))
        for widget in (
            self.client_cases,
            self.party_cases,
            self.intakes,
            self.referrals,
            self.timeline,
        ):
            self.tabs.addTab(widget, "")
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.details)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self._titles({})
        allow(self.edit_button, self.tr("Cargando…"))

    # -- loading
    def open_person(self, person_id: str) -> None:
        if person_id != self.person_id:
            self.profile = {}
            self.tabs.setCurrentIndex(0)
            self._first_show = True
        self.person_id = person_id
        self.reload()

    def refresh(self) -> None:
        if self.person_id:
            self.reload()

    def reload(self) -> None:
        backend, person_id = self._backend, self.person_id
        self._latest.submit(lambda: backend.person_profile(person_id), self._show, self.error.emit)

    def _titles(self, profile: Row) -> None:
        def titled(text: str, key: str) -> str:
            return text.replace("%1", str(len(profile.get(key) or [])))

        bar = self.tabs.tabBar()
        bar.setTabText(0, titled(self.tr("Casos como cliente (%1)"), "client_cases"))
        bar.setTabText(1, titled(self.tr("Casos como otra parte (%1)"), "party_cases"))
        bar.setTabText(2, titled(self.tr("Fichas de atención (%1)"), "intakes"))
        bar.setTabText(3, titled(self.tr("Derivaciones (%1)"), "referrals"))
        bar.setTabText(4, self.tr("Cronología"))

    def _show(self, profile: Row) -> None:
        person = profile.get("person") or {}
        if person.get("id") != self.person_id:
            return
        self.profile = profile
        self.title.setText(str(person.get("name") or ""))
        self.details.setText(self._details_html(person))
        self._titles(profile)
        self._fill_cases(profile)
        if self._first_show:  # the other side of a case opens on those cases, not on "0"
            self._first_show = False
            if not profile.get("client_cases") and profile.get("party_cases"):
                self.tabs.setCurrentIndex(1)
        intakes = profile.get("intakes") or []
        fill_table(
            self.intakes,
            [
                [
                    fmt_datetime(i.get("recorded_at")),
                    label_for(i.get("service_type"), vocab.SERVICE_TYPE),
                    label_for(i.get("matter"), vocab.MATTER),
                    label_for(i.get("status"), vocab.INTAKE_STATUS),
                    i.get("case_number") or "—",
                ]
                for i in intakes
            ],
            [i.get("case_id") for i in intakes],
        )
        referrals = profile.get("referrals") or []
        fill_table(
            self.referrals,
            [
                [
                    fmt_date(r.get("referred_on")),
                    label_for(r.get("institution"), vocab.REFERRAL_INSTITUTION)
                    + (f" — {r['institution_name']}" if r.get("institution_name") else ""),
                    label_for(r.get("status"), vocab.REFERRAL_STATUS),
                    r.get("reason") or "",
                ]
                for r in referrals
            ],
            [r.get("case_id") for r in referrals],
        )
        self.timeline.clear()
        for entry in profile.get("timeline") or []:
            at = str(entry.get("at") or "")
            when = fmt_date(at) if len(at) <= 10 else fmt_datetime(at)  # a day, or a moment
            self.timeline.addItem(f"{when} · {self._event(entry)}")
        allow(self.edit_button, "")
        self.loaded.emit(self.person_id)

    def _fill_cases(self, profile: Row) -> None:
        client = profile.get("client_cases") or []
        fill_table(
            self.client_cases,
            [
                [
                    c.get("internal_number") or "",
                    label_for(c.get("matter"), vocab.MATTER),
                    label_for(c.get("status"), vocab.CASE_STATUS),
                    c.get("court_file_number") or "—",
                    fmt_date(c.get("opened_at")),
                    c.get("defender") or "",
                ]
                for c in client
            ],
            [c.get("id") for c in client],
        )
        party = profile.get("party_cases") or []
        fill_table(
            self.party_cases,
            [
                [
                    c.get("internal_number") or "",
                    label_for(c.get("role"), vocab.PARTY_ROLE),
                    label_for(c.get("matter"), vocab.MATTER),
                    label_for(c.get("status"), vocab.CASE_STATUS),
                    fmt_date(c.get("opened_at")),
                ]
                for c in party
            ],
            [c.get("id") for c in party],
        )

    def _details_html(self, person: Row) -> str:
        doc = " ".join(
            str(p)
            for p in (label_for(person.get("doc_type"), vocab.DOC_TYPE), person.get("doc_number"))
            if p
        )
        if person.get("doc_type") == "SIN_DOCUMENTO" and person.get("doc_reason"):
            doc = f"{doc} ({person['doc_reason']})"
        interpreter = person.get("interpreter_needed")
        pairs: list[tuple[str, str]] = [
            (self.tr("Documento"), doc or "—"),
            (self.tr("Fecha de nacimiento"), fmt_date(person.get("birth_date")) or "—"),
            (self.tr("Sexo"), label_for(person.get("sex"), vocab.SEX) or "—"),
            (self.tr("Distrito"), str(person.get("district") or "—")),
            (self.tr("Celular"), str(person.get("phone") or "—")),
            (
                self.tr("Lengua materna"),
                label_for(person.get("mother_tongue"), vocab.LANGUAGE) or "—",
            ),
            (
                self.tr("Intérprete"),
                self.tr("Necesita") if interpreter else self.tr("No necesita"),
            ),
        ]
        cells = [
            f"<td><b>{escape(k)}</b>&nbsp;</td><td>{escape(v)}&nbsp;&nbsp;&nbsp;</td>"
            for k, v in pairs
        ]
        rows = ["".join(cells[i : i + 2]) for i in range(0, len(cells), 2)]
        return "<table>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"

    def _event(self, entry: Row) -> str:
        kind, number = entry.get("kind"), str(entry.get("case_number") or "")
        detail = str(entry.get("detail") or "")
        texts: dict[str, Callable[[], str]] = {
            "registered": lambda: self.tr("Registrada en Chasqui"),
            "edited": lambda: self.tr("Datos personales modificados"),
            "intake": lambda: self.tr("Ficha de atención: %1").replace(
                "%1", label_for(detail, vocab.SERVICE_TYPE) or "—"
            ),
            "case_opened": lambda: (
                self.tr("Caso %1 abierto (%2)")
                .replace("%1", number)
                .replace("%2", label_for(detail, vocab.MATTER) or "—")
            ),
            "case_closed": lambda: (
                self.tr("Caso %1 cerrado: %2").replace("%1", number).replace("%2", detail)
                if detail
                else self.tr("Caso %1 cerrado").replace("%1", number)
            ),
            "case_reopened": lambda: (
                self.tr("Caso %1 reabierto. Motivo: %2")
                .replace("%1", number)
                .replace("%2", detail or "—")
            ),
            "hearing": lambda: self._hearing_event(entry, number, detail),
            "referral": lambda: self.tr("Derivación a %1").replace(
                "%1", label_for(detail, vocab.REFERRAL_INSTITUTION)
            ),
        }
        make = texts.get(str(kind))
        return make() if make is not None else str(kind)

    def _hearing_event(self, entry: Row, number: str, detail: str) -> str:
        """ "Caso N: Audiencia única", and when it did not stand as it is dated, what became
        of it: "— Reprogramada para el 04/12/2026 10:00" (where it went), "— Cancelada"…
        (a moved hearing is never listed like one that happened: fresh-eyes #19)."""
        line = (
            self.tr("Caso %1: %2")
            .replace("%1", number)
            .replace("%2", label_for(detail, vocab.HEARING_KIND) or detail)
        )
        status = str(entry.get("status") or "scheduled")
        if status == "scheduled":
            return line
        said = status_label(entry.get("category"), status, lang=ui_lang())
        return f"{line} — {moved_words(said, entry)}"

    def _open_case(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        case_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if case_id:
            self.open_requested.emit("case", str(case_id))

    # -- editing
    def say(self, text: str) -> None:
        self.message.say(text)

    def edit(self) -> None:
        """Open the person editor on the loaded record (window-modal, not blocking)."""
        person = self.profile.get("person")
        if not person:
            return
        dialog = PersonEditDialog(self._backend, self._worker, person, self)

        def saved() -> None:
            self.say(self.tr("Datos de la persona guardados."))
            self.changed.emit()
            self.reload()

        open_dialog(dialog, saved, self._keep)

    def _keep(self, dialog: QDialog | None) -> None:
        self.dialog = dialog  # type: ignore[assignment]
