"""Dialogs that schedule a hearing or deadline and move one to a new date.

Owns: ``HearingDialog`` (category, detail, then for a hearing its date and time, for a
deadline the day it falls due — a term runs to the end of that day —; both start empty
and are required: nothing is saved on a date nobody typed; then the place, optional, for
both: Tab from the date goes into a field, not onto "Guardar", which a typed space
pressed — fresh8 #9).
"Guardar" first asks the core what to warn about (``Backend.date_warnings`` =
``app.core.deadlines.date_warnings``: a moment already past; a deadline on a day that
does not count, with the calendar's reason and a button that moves it to the next working
day); a warning is said under the fields and a second "Guardar" saves as typed. It
writes through ``Backend.add_hearing`` and closes once saved (a ``SaveDialog``).
``RescheduleDialog`` starts from the hearing's own date and time, so moving it means
changing only what changes, and asks why (required: kept as the moved hearing's result,
so the case history says it); given a ``Warner`` (``date_warner``: the same
``Backend.date_warnings``), its first "Reprogramar" on a day off, at an odd hour or in the
past says so under the fields, and a second one moves it as typed (fresh5 #14). Both
dialogs word the warnings alike (``warning_lines``). ``ResultDialog`` asks what
happened before a hearing or deadline is marked held or failed (required in the
Agenda, optional in the case view); given an ``Asker`` (``held_asker``:
``Backend.held_questions``), its first "Marcar realizada" of a hearing before the claim
was filed or before the case began says so, and a second one marks it.
``CorrectDialog`` asks why an outcome marked by mistake is taken back (required: kept
as the result, "Estado corregido: …"). ``not_yet_reason(row)`` is why "Marcar
realizada" is disabled for a hearing still to come — even later today —, in the case
view and the Agenda alike (the core's rule, ``hearings.not_yet_held``);
``outcome_texts`` the outcome buttons' words (a deadline is "cumplido", not "realizada").
Dates are typed in the one date editor (``app.ui.forms.dates.DateField``). Used by the
case view's hearings tab and the Agenda.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from shiboken6 import isValid

from app import office_time
from app.core.hearings import next_change, not_yet_held
from app.ui.forms.dates import DateField
from app.ui.forms.editors import guard_wheel
from app.ui.ports import Backend
from app.ui.record_page import SaveDialog, again_line
from app.ui.widgets import (
    empty_keeping_room,
    fmt_date,
    fmt_datetime,
    keep_room,
    ok_cancel,
    release_room,
)
from app.ui.worker import Worker

MAX_REASON = 500  # within the hearing's ``result`` (sync.spec: SHORT_TEXT)
# asks the warnings of an ISO moment (in the worker) and hands them to the callback
Warner = Callable[[str, Callable[[list[Any]], None]], None]
# asks what to ask before marking a hearing held (in the worker): Spanish sentences
Asker = Callable[[Callable[[list[str]], None]], None]
REASON_WIDTH = 460  # px at most the reason field claims (its example shown whole)
QUESTION_WIDTH = 560  # px a dialog widens to for its questions (a few lines at 1024×600)


# the outcome buttons' wording (marked for lupdate; translated when shown)
OUTCOME_WORDS = {
    True: {  # a deadline is met, not held
        "held": QT_TRANSLATE_NOOP("HearingsPanel", "Marcar cumplido"),
        "failed": QT_TRANSLATE_NOOP("HearingsPanel", "Marcar incumplido"),
        "rescheduled": QT_TRANSLATE_NOOP("HearingsPanel", "Cambiar fecha"),
    },
    False: {
        "held": QT_TRANSLATE_NOOP("HearingsPanel", "Marcar realizada"),
        "failed": QT_TRANSLATE_NOOP("HearingsPanel", "Marcar frustrada"),
        "rescheduled": QT_TRANSLATE_NOOP("HearingsPanel", "Marcar reprogramada"),
    },
}


def outcome_texts(deadline: bool) -> dict[str, str]:
    """The outcome buttons' wording, status -> text, for a hearing ("Marcar realizada")
    or a deadline ("Marcar cumplido"): the case view's and the Agenda's."""
    return {
        status: QCoreApplication.translate("HearingsPanel", str(text))
        for status, text in OUTCOME_WORDS[deadline].items()
    }


# what was done, said once it is saved (a deadline is met, not held: fresh-eyes #22)
DONE_WORDS = {
    True: {
        "held": QT_TRANSLATE_NOOP("HearingsPanel", "Plazo marcado como cumplido."),
        "failed": QT_TRANSLATE_NOOP("HearingsPanel", "Plazo marcado como incumplido."),
        "rescheduled": QT_TRANSLATE_NOOP("HearingsPanel", "Fecha del plazo cambiada."),
        "moved_to": QT_TRANSLATE_NOOP("HearingsPanel", "Fecha del plazo cambiada al %1."),
    },
    False: {
        "held": QT_TRANSLATE_NOOP("HearingsPanel", "Marcada como realizada."),
        "failed": QT_TRANSLATE_NOOP("HearingsPanel", "Marcada como frustrada."),
        "rescheduled": QT_TRANSLATE_NOOP("HearingsPanel", "Reprogramada."),
        "moved_to": QT_TRANSLATE_NOOP("HearingsPanel", "Reprogramada para el %1."),
    },
}


def done_text(status: str, deadline: bool, new_at: str | None = None) -> str:
    """What the case view and the Agenda say once an outcome is saved: "Marcada como
    realizada.", for a deadline "Plazo marcado como cumplido."; a move says where to."""
    words = DONE_WORDS[deadline]
    key = "moved_to" if status == "rescheduled" and new_at else status
    if key not in words:
        return ""
    said = QCoreApplication.translate("HearingsPanel", str(words[key]))
    return said.replace("%1", fmt_datetime(new_at)) if new_at else said


def not_yet_reason(row: dict[str, Any] | None, now: datetime | None = None) -> str:
    """Why the row cannot be marked held yet at ``now`` (office time; default its clock):
    a hearing still to come (the core's ``not_yet_held``; a deadline may be met early);
    "" when it can."""
    if row is None or not_yet_held(row, now) is None:
        return ""
    return QCoreApplication.translate(
        "HearingsPanel",
        "La audiencia aún no ocurre (%1): podrá marcarla realizada desde esa hora.",
    ).replace("%1", fmt_datetime(row.get("at")))


class MomentTimer(QTimer):
    """One single-shot timer set to the next moment at which the clock alone changes
    what a list of hearings and deadlines shows (``hearings.next_change``, office time:
    a hearing reaching its hour can be marked held, a deadline whose day ended reads
    "Vencido"); not polling. The case view's hearings and the Agenda show it again on
    ``timeout`` and wait for the next one (``wait_for``)."""

    DAY_MS = 86_400_000  # the longest wait (QTimer takes 32-bit ms): a far one in steps

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setSingleShot(True)
        self.setTimerType(Qt.TimerType.PreciseTimer)  # not 5% early or late

    def wait_for(self, rows: Sequence[dict[str, Any]], now: datetime) -> None:
        moment = next_change(list(rows), now)
        self.stop()
        if moment is not None:
            ms = int((moment - now).total_seconds() * 1000) + 1
            self.start(max(1, min(ms, self.DAY_MS)))


def _default_start() -> str:
    """A week from today at 09:00: where rescheduling starts when the hearing has no
    date of its own."""
    return (office_time.today() + timedelta(days=7)).isoformat() + "T09:00:00"


def date_warner(backend: Backend, worker: Worker, case_id: str, category: str) -> Warner:
    """A ``Warner`` over ``Backend.date_warnings`` for one case's hearing or deadline (a
    read that fails warns of nothing: warnings never block, and the write says its own
    error)."""

    def ask(at: str, then: Callable[[list[Any]], None]) -> None:
        worker.submit(
            lambda: backend.date_warnings(case_id, category, at), then, lambda _e: then([])
        )

    return ask


def held_asker(backend: Backend, worker: Worker, hearing_id: str) -> Asker:
    """An ``Asker`` over ``Backend.held_questions`` for one hearing (a read that fails
    asks nothing: the write says its own error)."""

    def ask(then: Callable[[list[str]], None]) -> None:
        worker.submit(lambda: backend.held_questions(hearing_id), then, lambda _e: then([]))

    return ask


def _t(text: str) -> str:
    return QCoreApplication.translate("hearing_dialogs", text)


def warning_lines(warnings: Sequence[Any], category: str, at: str, again: str) -> list[str]:
    """The warnings (``deadlines.DateWarning``) of a moment ``at`` (ISO) as the dialogs
    say them, ending with what a second click of ``again`` (the button's text) does."""
    lines = []
    for w in warnings:
        if w.code == "past":
            lines.append(
                _t("Esa fecha ya pasó: el plazo figurará como vencido.")
                if category == "deadline"
                else _t("Esa fecha ya pasó: la audiencia quedará como «Programada».")
            )
        elif w.code == "hour":
            lines.append(_t("La hora %1 es inusual para una audiencia.").replace("%1", at[11:16]))
        elif w.code == "before_case":  # the case's own facts (``case_dates``), in its words
            lines.append(str(w.message))
        elif w.code == "day_off":
            lines.append(
                _t("El %1 no es día hábil: %2.")
                .replace("%1", fmt_date(at[:10]))
                .replace("%2", str(w.reason))
            )
    lines.append(again_line(again))
    return lines


def when_field(value: str, name: str) -> DateField:
    """The date-and-time field (the one date editor, typed dd/mm/aaaa hh:mm)."""
    field = DateField(with_time=True, name=name)
    field.set_value(value)
    return field


class _DatedDialog(QDialog):
    """Accepts only when the date field holds a complete, valid date and time; otherwise
    says why under the fields."""

    at: DateField

    def _message_row(self, form: QFormLayout) -> None:
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        form.addRow(self.message)

    def accept(self) -> None:
        problem = self.at.problem() or (
            None if self.at.value() else self.tr("Escriba la fecha y la hora.")
        )
        problem = problem or self._problem()
        if problem:
            self.message.setText(problem)
            return
        super().accept()

    def _problem(self) -> str | None:
        return None


class HearingDialog(SaveDialog):
    """A new hearing or deadline of one case (see the module docstring)."""

    def __init__(
        self, backend: Backend, worker: Worker, case_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Nueva audiencia o plazo"), self.tr("Guardar"), worker, parent)
        self._backend = backend
        self.case_id = case_id
        self._warned: tuple[str, str, str, str] | None = None  # values already warned about
        self.form_ = form = QFormLayout()
        self.category = QComboBox()
        guard_wheel(self.category)
        self.category.addItem(self.tr("Audiencia"), "hearing")
        self.category.addItem(self.tr("Plazo"), "deadline")
        self.category.setAccessibleName(self.tr("Tipo"))
        self.kind = QLineEdit()
        self.kind.setPlaceholderText(self.tr("ej. Audiencia única, contestar demanda"))
        self.kind.setAccessibleName(self.tr("Detalle"))
        self.at = DateField(with_time=True, name=self.tr("Fecha y hora"))
        self.due = DateField(name=self.tr("Vence el"))
        self.due.edit.setToolTip(
            self.tr("El último día del plazo: vence al final de ese día (23:59).")
        )
        self.place = QLineEdit()
        self.place.setAccessibleName(self.tr("Lugar"))
        self.add_field(form, "category", self.tr("Tipo"), self.category)
        self.add_field(form, "kind", self.tr("Detalle"), self.kind)
        self.add_field(form, "at", self.tr("Fecha y hora"), self.at)
        self.add_field(form, "due", self.tr("Vence el"), self.due)
        self.add_field(form, "place", self.tr("Lugar"), self.place)
        self.next_day_button = QPushButton()
        self.next_day_button.hide()
        self.next_day_button.clicked.connect(self._use_next_day)
        self._next_day = ""
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.next_day_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.finish_layout()
        self.category.currentIndexChanged.connect(lambda _i: self._show_category())
        for field in (self.at, self.due):
            field.changed.connect(self._stale)
        self._show_category()
        self.resize(460, self.sizeHint().height())  # a warning reads on few lines

    def is_deadline(self) -> bool:
        return self.category.currentData() == "deadline"

    def _show_category(self) -> None:
        """A deadline asks the day it falls due, a hearing its date and time; both a place
        (where the writ is filed, where the hearing is held)."""
        deadline = self.is_deadline()
        self.place.setPlaceholderText(
            self.tr("ej. Mesa de partes del juzgado (opcional)") if deadline else ""
        )
        for widget, shown in ((self.at, not deadline), (self.due, deadline)):
            box = widget.parentWidget()  # the row's box (``SaveDialog.add_field``)
            if box is not None:
                self.form_.setRowVisible(box, shown)
        release_room(self.next_day_button)  # a kept room would leave a gap (fresh8 #13)
        self.next_day_button.hide()
        self.message.setText("")
        self._fit_height()

    def _stale(self) -> None:
        """The date changed after a warning: the warning about the old one goes (fresh
        10 #17: "(30/11/2026) es anterior…" stayed under a corrected date), and the next
        "Guardar" asks about the new one; their room stays, nothing moves."""
        self._warned = None
        if self.message.text():
            empty_keeping_room(self.message)
        if not self.next_day_button.isHidden():
            keep_room(self.next_day_button)

    def _fit_height(self) -> None:
        """Close up what was hidden (a row of the other category, the warning and its
        button): no empty gap above the buttons (fresh8 #13)."""
        self.layout_.activate()
        self.resize(self.width(), self.sizeHint().height())

    def values(self) -> tuple[str, str, str, str]:
        """(category, detail, ISO moment or "", place)."""
        from app.core.deadlines import DUE_TIME

        if self.is_deadline():
            due = self.due.value()
            moment = f"{due}T{DUE_TIME}" if due else ""
            return "deadline", self.kind.text().strip(), moment, self.place.text().strip()
        return "hearing", self.kind.text().strip(), self.at.value() or "", self.place.text().strip()

    def _local_problems(self) -> bool:
        date_field, name = (self.due, "due") if self.is_deadline() else (self.at, "at")
        problems = {
            "kind": "" if self.kind.text().strip() else self.tr("Escriba el detalle."),
            name: date_field.problem()
            or (
                ""
                if date_field.value()
                else self.tr("Escriba el día en que vence.")
                if self.is_deadline()
                else self.tr("Escriba la fecha y la hora.")
            ),
        }
        for field, text in problems.items():
            self.show_problem(field, text)
        return any(problems.values())

    def work(self) -> Callable[[], Any] | None:
        if self._local_problems():
            return None
        values = self.values()
        category, kind, at, place = values
        backend, case_id = self._backend, self.case_id
        if self._warned == values:  # warned already: saved as typed
            return lambda: backend.add_hearing(case_id, category, kind, at, place)
        self.buttons.setEnabled(False)  # one check at a time (a double click saves once)
        self._worker.submit(
            lambda: backend.date_warnings(case_id, category, at),
            lambda found: self._checked(values, found),
            self._failed,
        )
        return None

    def _checked(self, values: tuple[str, str, str, str], warnings: list[Any]) -> None:
        self.buttons.setEnabled(True)
        self._warned = values
        if not warnings:
            self.save()
            return
        self._next_day = next((str(w.next_day) for w in warnings if w.code == "day_off"), "")
        lines = warning_lines(warnings, values[0], values[2], self.tr("Guardar"))
        self.message.progress("\n".join(lines))
        if self._next_day:
            self.next_day_button.setText(
                self.tr("Usar el siguiente día hábil: %1").replace("%1", fmt_date(self._next_day))
            )
            self.next_day_button.show()

    def _use_next_day(self) -> None:
        """Move the deadline (or the hearing, at its time) to the next working day the
        calendar gave."""
        if self._next_day:
            field = self.due if self.is_deadline() else self.at
            at = self.values()[2]
            field.set_value(self._next_day if self.is_deadline() else f"{self._next_day}{at[10:]}")
            release_room(self.next_day_button)
            self.next_day_button.hide()
            self.message.setText("")
            self._fit_height()
            field.setFocus(Qt.FocusReason.OtherFocusReason)


class RescheduleDialog(_DatedDialog):
    """Asks the new date and time, starting from the hearing's own (``current``, ISO);
    without one, a week from now."""

    def __init__(
        self,
        current: str | None = None,
        what: str = "",
        parent: QWidget | None = None,
        warner: Warner | None = None,
        category: str = "hearing",
    ) -> None:
        super().__init__(parent)
        self._warner, self._category = warner, category
        self._warned = ""  # the moment already warned about: a second click moves it
        self.setWindowTitle(self.tr("Reprogramar"))
        form = QFormLayout(self)
        if what:
            form.addRow(self.tr("Audiencia o plazo"), _label(what))
        self.at = when_field(current or _default_start(), self.tr("Nueva fecha y hora"))
        if current and self.at.value():
            form.addRow(self.tr("Fecha actual"), _label(self.at.raw_text()))
        else:
            self.at.set_value(_default_start())
        form.addRow(self.tr("Nueva fecha y hora"), self.at)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Motivo de la reprogramación"))
        self.reason.setPlaceholderText(self.tr("ej. El juzgado reprogramó por falta de quórum"))
        self.reason.setMaxLength(MAX_REASON)
        hint = self.reason.fontMetrics().horizontalAdvance(self.reason.placeholderText())
        self.reason.setMinimumWidth(min(hint + 24, REASON_WIDTH))  # the example whole
        form.addRow(self.tr("Motivo"), self.reason)
        self._message_row(form)
        self.buttons = ok_cancel(self, self.tr("Reprogramar"))
        form.addRow(self.buttons)
        self.at.setFocus(Qt.FocusReason.OtherFocusReason)
        self.at.edit.selectAll()  # typing a new date replaces it; arrows edit a part

    def _problem(self) -> str | None:
        return None if self.reason_text() else self.tr("Escriba el motivo de la reprogramación.")

    def accept(self) -> None:
        """Valid and already warned about (or nothing to warn): moved; else the warnings
        of the new moment are asked first (``Warner``) and said under the fields."""
        at = self.value()
        if self._warner is None or not at or at == self._warned or self._invalid():
            super().accept()
            return
        self.buttons.setEnabled(False)  # one question at a time
        self._warner(at, lambda found: self._checked(at, found))

    def _invalid(self) -> bool:
        return bool(self.at.problem() or self._problem())

    def _checked(self, at: str, warnings: list[Any]) -> None:
        self.buttons.setEnabled(True)
        self._warned = at
        if not warnings:
            self.accept()
            return
        again = self.tr("Reprogramar")
        self.message.setText("\n".join(warning_lines(warnings, self._category, at, again)))

    def value(self) -> str:
        return self.at.value() or ""

    def reason_text(self) -> str:
        """Why it moves: kept as the moved hearing's result, shown in the history."""
        return " ".join(self.reason.text().split())


class ResultDialog(QDialog):
    """What happened at a hearing or with a deadline, before marking it held or failed
    ("Se realizó; se fijó pensión provisional"), kept as its result; ``required``: the
    text must be written (the Agenda), else it may stay empty (the case view). A
    deadline's wording is "Marcar cumplido / incumplido". ``asker``: what to ask before
    marking it held (``held_asker``), said under the text; a second click marks it."""

    def __init__(
        self,
        status: str,
        what: str,
        parent: QWidget | None = None,
        required: bool = True,
        deadline: bool = False,
        asker: Asker | None = None,
    ) -> None:
        super().__init__(parent)
        held = status == "held"
        if deadline:
            title = self.tr("Marcar cumplido") if held else self.tr("Marcar incumplido")
        else:
            title = self.tr("Marcar realizada") if held else self.tr("Marcar frustrada")
        self.setWindowTitle(title)
        self.required = required
        self._title = title
        self._asker = asker if held else None
        self._asked = False  # the questions were said: a second click marks it
        self.form = form = QFormLayout(self)
        if what:
            form.addRow(self.tr("Audiencia o plazo"), QLabel(what))
        self.text = QLineEdit()
        self.text.setAccessibleName(self.tr("Qué pasó"))
        self.text.setMaxLength(MAX_REASON)
        self.text.setPlaceholderText(
            self.tr("ej. Se fijó pensión provisional")
            if held
            else self.tr("ej. No asistió la parte demandada")
        )
        form.addRow(self.tr("Qué pasó") if required else self.tr("Qué pasó (opcional)"), self.text)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.buttons = ok_cancel(self, title)
        form.addRow(self.buttons)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.outcome = ""

    def accept(self) -> None:
        self.outcome = " ".join(self.text.text().split())
        if self.required and not self.outcome:
            self.message.setText(self.tr("Escriba qué pasó."))
            return
        if self._asker is None or self._asked:
            super().accept()
            return
        self.buttons.setEnabled(False)  # one question at a time (a double click asks once)
        self._asker(self._checked)

    def _checked(self, questions: list[str]) -> None:
        if not isValid(self) or not self.isVisible():
            return  # closed (Cancelar, Esc) while the questions were read
        self.buttons.setEnabled(True)
        self._asked = True
        if not questions:
            self.accept()
            return
        again = self.tr("Si es así, pulse «%1» otra vez.").replace("%1", self._title)
        self.message.setText("\n".join([*questions, again]))
        self._fit()

    def _fit(self) -> None:
        """Wide and tall enough for the questions, wrapped (they were cut at its first
        size, three lines of a narrow dialog)."""
        layout = self.form
        layout.activate()
        width = max(self.width(), QUESTION_WIDTH)
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, max(need, self.sizeHint().height()))


class CorrectDialog(QDialog):
    """Why a hearing or deadline marked held or failed by mistake goes back to pending
    (``app.core.hearings.correct_outcome``): the reason is required."""

    def __init__(self, what: str, shown_status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Corregir estado"))
        form = QFormLayout(self)
        form.addRow(self.tr("Audiencia o plazo"), _label(what))
        form.addRow(
            self.tr("Estado actual"),
            _label(self.tr("%1 → vuelve a quedar pendiente").replace("%1", shown_status)),
        )
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Motivo de la corrección"))
        self.reason.setPlaceholderText(self.tr("ej. Se marcó por error la fila equivocada"))
        self.reason.setMaxLength(MAX_REASON - 20)  # "Estado corregido: " goes before it
        hint = self.reason.fontMetrics().horizontalAdvance(self.reason.placeholderText())
        self.reason.setMinimumWidth(min(hint + 24, REASON_WIDTH))
        form.addRow(self.tr("Motivo"), self.reason)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        form.addRow(ok_cancel(self, self.tr("Corregir estado")))
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def reason_text(self) -> str:
        return " ".join(self.reason.text().split())

    def accept(self) -> None:
        if not self.reason_text():
            self.message.setText(self.tr("Escriba por qué corrige el estado."))
            return
        super().accept()


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
