"""The "Inicio" page: what needs attention today.

Owns: ``HomePage`` — a visible "Nueva atención" button, today's hearings (the Agenda's
day: one moved or cancelled is listed saying so — where it went: ``moved_words`` — and
counted apart in the title: ``hearings_heading``) and the deadlines of the next 7 days
with their client's name (two ``fit_column.FitColumn``s: each list as tall as its rows,
whole rows only, the room going to the lists with most to show), the overdue items
(still scheduled in the past) counted and grouped by case instead of listed one by one,
pending intake drafts and sync conflicts to review ("Conflictos de sincronización": not
conflicts of interest), each list saying so when it is empty (a deadline on a day that
does not count says "⚠ día no hábil", the calendar's reason and next working day in its
tooltip); banners other parts add (``add_notice``: the backup reminder). Data comes from
``Backend.home()`` in the worker pool. Activating a row emits ``open_requested(kind,
id)``; the button emits ``open_requested("intake", "")`` and "Ver en la Agenda"
``open_requested("agenda", "overdue")``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.hearings import NOT_STANDING
from app.ui.due_soon import DueSoonBanner
from app.ui.fit_column import FitColumn
from app.ui.ports import Backend, Row
from app.ui.widgets import date_flags, fmt_date, fmt_datetime, label_for, section_label
from app.ui.worker import Latest, Worker

_OPEN = Qt.ItemDataRole.UserRole


# Inicio's "Audiencias de hoy" lists the Agenda's day (one rule for both views); one moved
# to another day or cancelled is listed saying so, and not counted as happening today
# (fresh-eyes 4: a moved one was counted; fresh-eyes 6 #3: then it was silently left out)
NOT_TODAY = NOT_STANDING  # app.core.hearings: moved away or cancelled
GREY = "#6b6b6b"  # such a line's text (4.9:1 on white: still readable)


def moved_words(status: str, row: Row, short: bool = False) -> str:
    """``status`` as said, and for a rescheduled row where it went (``moved_to``):
    "Reprogramada para el 04/12/2026 10:00" (Inicio); ``short``, under it as narrow as
    the status, the year only when it is another: "Reprogramada\n→ 04/12 10:00" (the
    Agenda's status column, whose dates leave the year to the period's title)."""
    moved = row.get("moved_to") if row.get("status") == "rescheduled" else None
    if not moved:
        return status
    when = fmt_datetime(moved)
    if not short:
        went = QCoreApplication.translate("home", "para el %1").replace("%1", when)
        return f"{status} {went}"
    same_year = str(moved)[:4] == str(row.get("at") or "")[:4] and len(when) == 16
    return f"{status}\n→ {when[:5] + when[10:] if same_year else when}"


def counted(rows: list[Row]) -> tuple[int, str]:
    """How many of ``rows`` stand (not moved away nor cancelled), and those listed that
    do not, said apart so the number never reads as their total: "" or " — además, 1
    reprogramada a otra fecha y 1 cancelada" (fresh-eyes #18a: "(2 · 1 reprogramada)"
    read as 2 in all). The one wording of Inicio's "Audiencias de hoy (N)" and the
    Agenda's "Total: N"."""
    count = sum(1 for r in rows if r.get("status") not in NOT_TODAY)
    moved = sum(1 for r in rows if r.get("status") == "rescheduled")
    cancelled = sum(1 for r in rows if r.get("status") == "cancelled")
    return count, _Aside().words(moved, cancelled) if moved or cancelled else ""


class _Aside(QObject):
    """The words of ``counted`` (a QObject: lupdate reads the plural forms of ``self.tr``)."""

    def words(self, moved: int, cancelled: int) -> str:
        said = [
            self.tr("%n reprogramada(s) a otra fecha", "", moved) if moved else "",
            self.tr("%n cancelada(s)", "", cancelled) if cancelled else "",
        ]
        both = self.tr("%1 y %2").replace("%1", said[0]).replace("%2", said[1])
        return self.tr(" — además, %1").replace("%1", both if all(said) else said[0] or said[1])


def item_line(row: Row, when: str) -> str:
    """One hearing or deadline as a line: when · client · what · case · place (· status
    unless still scheduled, and where a moved one went)."""
    status = row.get("status")
    parts = [
        when,
        row.get("client") or "",
        label_for(row.get("kind")),
        row.get("case_number") or "",
        row.get("place") or "",
        moved_words(label_for(status), row) if status and status != "scheduled" else "",
        date_flags(row)[0],  # on a weekend or holiday, or at 04:31, as the Agenda says
    ]
    return " · ".join(str(p) for p in parts if p)


class HomePage(QWidget):
    SHOWS = None  # hearings, deadlines, drafts and conflicts: any change may matter
    open_requested = Signal(str, str)
    error = Signal(object)
    refreshed = Signal()

    def __init__(self, backend: Backend, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._worker = worker
        self._latest = Latest(worker)
        self.greeting = QLabel()
        self.greeting.setObjectName("title")
        self.new_intake_button = QPushButton(self.tr("Nueva atención"))
        self.new_intake_button.setAccessibleName(self.tr("Nueva atención"))
        self.new_intake_button.setToolTip(self.tr("Registrar a una persona y su ficha (Ctrl+N)"))
        self.new_intake_button.setDefault(True)
        self.new_intake_button.clicked.connect(lambda: self.open_requested.emit("intake", ""))
        head = QHBoxLayout()
        head.addWidget(self.greeting, 1)
        head.addWidget(self.new_intake_button)

        self.hearings_title = section_label(self.tr("Audiencias de hoy"))
        self.hearings_title.setWordWrap(True)  # the moved ones said apart: never cut
        self.hearings = self._list(self.tr("Audiencias de hoy"))
        self.deadlines_title = section_label(self.tr("Plazos de los próximos 7 días"))
        self.deadlines = self._list(self.tr("Plazos de los próximos 7 días"))
        self.overdue_title = section_label(self.tr("Vencidos sin resultado"))
        self.overdue_title.setWordWrap(True)  # beside its button: wraps, never cut (English)
        self.overdue_summary = QLabel()
        self.overdue_summary.setWordWrap(True)
        self.overdue = self._list(self.tr("Vencidos sin resultado, por caso"))
        self.overdue_button = QPushButton(self.tr("Ver en la Agenda"))
        self.overdue_button.setAccessibleName(self.tr("Ver los vencidos en la Agenda"))
        self.overdue_button.clicked.connect(lambda: self.open_requested.emit("agenda", "overdue"))
        self.drafts_title = section_label(self.tr("Fichas en borrador"))
        self.drafts = self._list(self.tr("Fichas en borrador"))
        # Sync conflicts (two devices changed the same field), not conflicts of interest:
        # next to the intake drafts "Conflictos por revisar" read as the latter.
        self.conflicts_title = section_label(self.tr("Conflictos de sincronización"))
        self.conflicts_title.setToolTip(
            self.tr(
                "Datos que este equipo y otro cambiaron a la vez; revise cuál vale en "
                "Sincronización. No son conflictos de intereses."
            )
        )
        self.conflicts = self._list(self.tr("Conflictos de sincronización"))

        overdue_head = QWidget()  # the title and its button, then the sentence
        overdue_top = QHBoxLayout()
        overdue_top.setContentsMargins(0, 0, 0, 0)
        overdue_top.addWidget(self.overdue_title, 1)
        overdue_top.addWidget(self.overdue_button)
        overdue_lines = QVBoxLayout(overdue_head)
        overdue_lines.setContentsMargins(0, 0, 0, 0)
        overdue_lines.addLayout(overdue_top)
        overdue_lines.addWidget(self.overdue_summary)
        # Two columns whose lists take the height their rows need, whole rows only
        # (fresh-eyes 5 #11: 2½ deadlines beside an empty "Audiencias de hoy" as tall).
        self.left = FitColumn()
        self.left.add(self.hearings_title, self.hearings)
        self.left.add(overdue_head, self.overdue)
        self.right = FitColumn()
        self.right.add(self.deadlines_title, self.deadlines)
        self.right.add(self.drafts_title, self.drafts)
        self.right.add(self.conflicts_title, self.conflicts)
        grid = QHBoxLayout()
        grid.addWidget(self.left, 1)
        grid.addWidget(self.right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        self.notices = QVBoxLayout()  # banners other parts add (e.g. the backup reminder)
        layout.addLayout(self.notices)
        layout.addLayout(grid, 1)
        self.due_soon = DueSoonBanner(backend, worker)  # deadlines due in N working days
        self.due_soon.open_requested.connect(self.open_requested)
        self.due_soon.error.connect(self.error)
        self.add_notice(self.due_soon)

    def add_notice(self, widget: QWidget) -> None:
        self.notices.addWidget(widget)

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setWordWrap(True)  # long lines wrap at 1024 px instead of being cut off
        # a wrapped entry's lines read as one: each entry on its own shade (looked at)
        widget.setAlternatingRowColors(True)
        widget.itemActivated.connect(self._activate)
        return widget

    def refresh(self) -> None:
        self._latest.submit(self._backend.home, self._show, self.error.emit)
        self.due_soon.refresh()

    def _show(self, data: Row) -> None:
        self.greeting.setText(
            self.tr("Hola, %1 — oficina %2")
            .replace("%1", str(data.get("user_label") or self._backend.user_label))
            .replace("%2", self._backend.office_code)
        )
        hearings = data.get("hearings", [])
        self.hearings_title.setText(self.hearings_heading(hearings))
        self._fill(
            self.hearings,
            [(item_line(r, fmt_datetime(r.get("at"))[-5:]), r) for r in hearings],
            self.tr("No hay audiencias hoy."),
        )
        deadlines = data.get("deadlines", [])
        self.deadlines_title.setText(
            self.tr("Plazos de los próximos 7 días (%1)").replace("%1", str(len(deadlines)))
        )
        self._fill(
            self.deadlines,
            [(item_line(r, fmt_datetime(r.get("at"))), r) for r in deadlines],
            self.tr("No hay plazos en los próximos 7 días."),
        )
        self._show_overdue(data.get("overdue") or {})
        self._fill(
            self.drafts,
            [(self._plain_line(r), r) for r in data.get("drafts", [])],
            self.tr("No hay borradores."),
        )
        self._fill(
            self.conflicts,
            [(self._plain_line(r), r) for r in data.get("conflicts", [])],
            self.tr("No hay conflictos de sincronización."),
        )
        self.left.refit()  # the lists' heights follow their rows
        self.right.refit()
        self.refreshed.emit()

    def hearings_heading(self, hearings: list[Row]) -> str:
        """ "Audiencias de hoy (N)": N happen today; those of the day moved away or
        cancelled are listed, and said apart (``counted``)."""
        count, aside = counted(hearings)
        return self.tr("Audiencias de hoy (%1)").replace("%1", str(count)) + aside

    @staticmethod
    def _plain_line(row: Row) -> str:
        parts = [fmt_datetime(row.get("at")), row.get("title", ""), label_for(row.get("kind"))]
        parts.append(row.get("state", ""))  # "detenida por conflicto de intereses"
        return " · ".join(p for p in parts if p)

    def _show_overdue(self, summary: Row) -> None:
        total = int(summary.get("total") or 0)
        self.overdue_button.setVisible(total > 0)
        text = ""
        if total:  # one sentence: "26 plazos y 4 audiencias, de 26 casos." (the total: title)
            text = self.overdue_sentence(
                int(summary.get("deadlines") or 0),
                int(summary.get("hearings") or 0),
                int(summary.get("cases") or 0),
            )
            text += " " + self.tr("Registre qué pasó o reprográmelos.")
        self.overdue_summary.setText(text)
        self.overdue_summary.setVisible(bool(text))
        self.overdue_title.setText(self.tr("Vencidos sin resultado (%1)").replace("%1", str(total)))
        lines = []
        for group in summary.get("groups", []):
            who = " · ".join(str(p) for p in (group.get("case_number"), group.get("client")) if p)
            count = self.tr("vencidos: %1").replace("%1", str(int(group.get("count") or 0)))
            since = self.tr("desde %1").replace("%1", fmt_date(group.get("oldest")))
            row = {"open_kind": "case", "open_id": group.get("case_id", "")}
            lines.append((f"{who} — {count}, {since}", row))
        self._fill(self.overdue, lines, self.tr("Nada vencido: todo está al día."))

    def overdue_sentence(self, deadlines: int, hearings: int, cases: int) -> str:
        """What is overdue, each counted once, in words: "26 plazos y 4 audiencias, de 26
        casos." (Spanish plural forms from chasqui_es.qm)."""
        what = [
            self.tr("%n plazo(s)", "", deadlines) if deadlines else "",
            self.tr("%n audiencia(s)", "", hearings) if hearings else "",
        ]
        items = self.tr("%1 y %2").replace("%1", what[0]).replace("%2", what[1])
        return self.tr("%1, de %n caso(s).", "", cases).replace(
            "%1", items if all(what) else what[0] or what[1]
        )

    def _fill(self, widget: QListWidget, lines: list[tuple[str, Row]], empty: str) -> None:
        widget.clear()
        for text, row in lines:
            item = QListWidgetItem(text)
            why = date_flags(row)[1]
            item.setToolTip(f"{text}\n{why}" if why else text)
            item.setData(_OPEN, (row.get("open_kind", ""), row.get("open_id", "")))
            if row.get("status") in NOT_TODAY:  # listed, not happening: greyed as counted
                item.setForeground(QBrush(QColor(GREY)))
            widget.addItem(item)
        if not lines:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        kind, ident = item.data(_OPEN) or ("", "")
        if kind and ident:
            self.open_requested.emit(kind, ident)
