"""Dialogs that schedule a hearing or deadline and move one to a new date.

Owns: ``HearingDialog`` (category, detail, date and time, place) and
``RescheduleDialog`` — which starts from the hearing's own date and time, so moving it
means changing only what changes. Both give ISO text (``yyyy-MM-ddTHH:mm:ss``) for
``Backend.add_hearing`` / ``Backend.set_hearing_status``. Used by the case view and the
Agenda.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.ui.widgets import ok_cancel

ISO = "yyyy-MM-ddTHH:mm:ss"
SHOWN = "dd/MM/yyyy HH:mm"


def date_time_edit(value: QDateTime, name: str) -> QDateTimeEdit:
    """A date-and-time field (dd/mm/aaaa hh:mm) with a calendar on the value's month."""
    edit = QDateTimeEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(SHOWN)
    edit.setAccessibleName(name)
    return edit


def parse_iso(value: str | None) -> QDateTime | None:
    """A stored ``hearing.at`` as a QDateTime (seconds and offsets ignored), or None."""
    if not value:
        return None
    parsed = QDateTime.fromString(value[:16], "yyyy-MM-ddTHH:mm")
    return parsed if parsed.isValid() else None


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
        # a week from today at 09:00: a plausible start that is edited, not retyped
        start = QDateTime(QDate.currentDate().addDays(7), QTime(9, 0))
        self.at = date_time_edit(start, self.tr("Fecha y hora"))
        self.place = QLineEdit()
        self.place.setAccessibleName(self.tr("Lugar"))
        form.addRow(self.tr("Tipo"), self.category)
        form.addRow(self.tr("Detalle"), self.kind)
        form.addRow(self.tr("Fecha y hora"), self.at)
        form.addRow(self.tr("Lugar"), self.place)
        form.addRow(ok_cancel(self, self.tr("Guardar")))

    def values(self) -> tuple[str, str, str, str]:
        return (
            str(self.category.currentData()),
            self.kind.text().strip(),
            self.at.dateTime().toString(ISO),
            self.place.text().strip(),
        )


class RescheduleDialog(QDialog):
    """Asks the new date and time, starting from the hearing's own (``current``, ISO);
    without one, a week from now."""

    def __init__(
        self, current: str | None = None, what: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reprogramar"))
        form = QFormLayout(self)
        start = parse_iso(current)
        if start is None:
            start = QDateTime(QDate.currentDate().addDays(7), QTime(9, 0))
        if what:
            form.addRow(self.tr("Audiencia o plazo"), _label(what))
        if current and parse_iso(current) is not None:
            form.addRow(self.tr("Fecha actual"), _label(start.toString(SHOWN)))
        self.at = date_time_edit(start, self.tr("Nueva fecha y hora"))
        form.addRow(self.tr("Nueva fecha y hora"), self.at)
        form.addRow(ok_cancel(self, self.tr("Reprogramar")))
        self.at.setFocus(Qt.FocusReason.OtherFocusReason)

    def value(self) -> str:
        return self.at.dateTime().toString(ISO)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
