"""Dialogs that schedule a hearing or deadline and move one to a new date.

Owns: ``HearingDialog`` (category, detail, date and time, place) and
``RescheduleDialog`` — which starts from the hearing's own date and time, so moving it
means changing only what changes. The date and time are typed in the one date editor
(``app.ui.forms.dates.DateField``); a dialog accepts only a complete, valid date and
says why otherwise. Both give ISO text (``yyyy-MM-ddTHH:mm:ss``) for
``Backend.add_hearing`` / ``Backend.set_hearing_status``. Used by the case view's
hearings tab and the Agenda.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QWidget

from app import office_time
from app.ui.forms.dates import DateField
from app.ui.forms.editors import guard_wheel
from app.ui.widgets import ok_cancel


def _default_start() -> str:
    """A week from today at 09:00: a plausible start that is edited, not retyped."""
    return (office_time.today() + timedelta(days=7)).isoformat() + "T09:00:00"


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


class HearingDialog(_DatedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nueva audiencia o plazo"))
        form = QFormLayout(self)
        self.category = QComboBox()
        guard_wheel(self.category)
        self.category.addItem(self.tr("Audiencia"), "hearing")
        self.category.addItem(self.tr("Plazo"), "deadline")
        self.category.setAccessibleName(self.tr("Tipo"))
        self.kind = QLineEdit()
        self.kind.setPlaceholderText(self.tr("ej. Audiencia única, contestar demanda"))
        self.kind.setAccessibleName(self.tr("Detalle"))
        self.at = when_field(_default_start(), self.tr("Fecha y hora"))
        self.place = QLineEdit()
        self.place.setAccessibleName(self.tr("Lugar"))
        form.addRow(self.tr("Tipo"), self.category)
        form.addRow(self.tr("Detalle"), self.kind)
        form.addRow(self.tr("Fecha y hora"), self.at)
        form.addRow(self.tr("Lugar"), self.place)
        self._message_row(form)
        form.addRow(ok_cancel(self, self.tr("Guardar")))

    def _problem(self) -> str | None:
        return None if self.kind.text().strip() else self.tr("Escriba el detalle.")

    def values(self) -> tuple[str, str, str, str]:
        return (
            str(self.category.currentData()),
            self.kind.text().strip(),
            self.at.value() or "",
            self.place.text().strip(),
        )


class RescheduleDialog(_DatedDialog):
    """Asks the new date and time, starting from the hearing's own (``current``, ISO);
    without one, a week from now."""

    def __init__(
        self, current: str | None = None, what: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
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
        self._message_row(form)
        form.addRow(ok_cancel(self, self.tr("Reprogramar")))
        self.at.setFocus(Qt.FocusReason.OtherFocusReason)
        self.at.edit.selectAll()  # typing a new date replaces it; arrows edit a part

    def value(self) -> str:
        return self.at.value() or ""


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
