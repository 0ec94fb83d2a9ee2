"""The one date editor of the desktop app (dates, and dates with a time of day).

Owns :class:`DateField`: a line edit where a date is typed as digits only —
``14031985`` shows ``14/03/1985``, the separators are inserted as the digits come (and a
typed ``/`` after a single digit pads it: ``1/3/`` → ``01/03/``); six digits end with a
two-digit year that is completed on leaving the field (``140385`` → ``14/03/1985``);
Backspace steps over separators. Tab and Enter behave as in any line edit (Tab moves on,
Enter confirms and reaches the dialog's default button). A calendar button (also Alt+Down
or F4) opens a calendar on the typed date, else on ``calendar_start`` (e.g. thirty years
ago for a birth date), else on today. An optional "No sabe" check box records that the
date is unknown, which is not the same as not yet answered.

``value()`` is the ISO text (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``) of a complete,
valid date within the limits, else ``None``; ``problem()`` says in Spanish what is wrong
with what is typed (incomplete, impossible, out of range), ``None`` when nothing is.
The limits are always within the years every side accepts (``sync.spec.kinds.YEARS``,
1900–2100: the store and the server refuse any other date), narrowed by the caller's
``minimum``/``maximum``. While a complete date is being typed, a problem is said under
the field (``message``; a form says it in its own place instead: ``say_problems``).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import office_time
from app.ui.widgets import error_label, keep_room, office_today, release_room
from sync.spec.kinds import YEARS

SEPARATORS = "/-. :"
DATE_DIGITS, DATETIME_DIGITS = 8, 12
FIRST_DATE, LAST_DATE = QDate(YEARS[0], 1, 1), QDate(YEARS[1], 12, 31)  # the spec's years


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def format_digits(digits: str, with_time: bool = False) -> str:
    """``ddmmyyyy[hhmm]`` digits (possibly partial) as ``dd/mm/yyyy[ hh:mm]``."""
    digits = digits[: DATETIME_DIGITS if with_time else DATE_DIGITS]
    out = ""
    for i, c in enumerate(digits):
        if i in (2, 4):
            out += "/"
        elif i == 8:
            out += " "
        elif i == 10:
            out += ":"
        out += c
    return out


def expand_year(digits: str, today: _dt.date | None = None) -> str:
    """Six digits ``ddmmyy`` → eight: a two-digit year is this century unless that would be
    in the future, then the last one. Other inputs are returned as they are."""
    if len(digits) != 6:
        return digits
    year = (today or office_time.today()).year
    full = 2000 + int(digits[4:])
    if full > year:
        full -= 100
    return digits[:4] + f"{full:04d}"


class _Popup(QFrame):
    """The calendar, as a popup below the field (closes on a click outside or Escape)."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        box = QVBoxLayout(self)
        box.setContentsMargins(2, 2, 2, 2)
        box.addWidget(self.calendar)

    def _pick(self, date: QDate) -> None:
        self.hide()
        self.picked.emit(date)


class DigitsEdit(QLineEdit):
    """The typing part of :class:`DateField` (digits in, separators inserted)."""

    popup_requested = Signal()
    refused = Signal()  # a letter typed: not part of a date (``DateField`` says so)

    def __init__(self, with_time: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.max_digits = DATETIME_DIGITS if with_time else DATE_DIGITS
        self.textEdited.connect(self._reformat)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and alt):
            self.popup_requested.emit()
            return
        pos, current = self.cursorPosition(), self.text()
        if key == Qt.Key.Key_Backspace and not self.hasSelectedText():
            if pos > 0 and current[pos - 1] in SEPARATORS:
                self.setCursorPosition(pos - 1)  # step over the separator
        elif key == Qt.Key.Key_Delete and not self.hasSelectedText():
            if pos < len(current) and current[pos] in SEPARATORS:
                self.setCursorPosition(pos + 1)
        elif text and text in SEPARATORS:
            self._pad_segment()
            return
        elif text and text.isprintable() and not text.isdigit():
            self.refused.emit()  # letters are not part of a date: said, not dropped silently
            return
        elif (
            text.isdigit()
            and not self.hasSelectedText()
            and len(_digits(current)) >= self.max_digits
        ):
            return
        super().keyPressEvent(event)

    def _pad_segment(self) -> None:
        """A separator typed after one digit of the day, month or hour: pad it with 0."""
        digits = _digits(self.text()[: self.cursorPosition()])
        starts = (0, 2, 4, 8, 10)
        segment = max(s for s in starts if s <= len(digits))
        if len(digits) - segment == 1 and segment in (0, 2, 8, 10):
            rest = _digits(self.text())[len(digits) :]
            padded = digits[:segment] + "0" + digits[segment:] + rest
            self._set(padded, len(digits) + 1)

    def _reformat(self, text: str) -> None:
        before = len(_digits(text[: self.cursorPosition()]))
        self._set(_digits(text), before)

    def _set(self, digits: str, cursor_digits: int) -> None:
        digits = digits[: self.max_digits]
        formatted = format_digits(digits, self.with_time)
        if formatted != self.text():
            self.setText(formatted)
        position = len(format_digits(digits[:cursor_digits], self.with_time))
        self.setCursorPosition(position)

    def finish(self) -> None:
        """On leaving the field: complete a two-digit year."""
        digits = _digits(self.text())
        date_part, rest = digits[:6], digits[6:]
        if len(digits) == 6 or (self.with_time and len(date_part) == 6 and not rest):
            self._set(expand_year(date_part) + rest, self.max_digits)


class DateField(QWidget):
    """The date editor used everywhere (see the module docstring)."""

    changed = Signal()

    def __init__(
        self,
        with_time: bool = False,
        unknown: bool = False,
        minimum: QDate | None = None,
        maximum: QDate | None = None,
        calendar_start: QDate | Callable[[], QDate] | None = None,
        name: str = "",
        parent: QWidget | None = None,
        say_problems: bool = True,
    ) -> None:
        super().__init__(parent)
        self.with_time = with_time
        # the caller's limits narrow the spec's years, never widen them
        self.minimum = max(minimum, FIRST_DATE) if minimum is not None else FIRST_DATE
        self.maximum = min(maximum, LAST_DATE) if maximum is not None else LAST_DATE
        self._calendar_start = calendar_start
        self._loading = False
        self.say_problems = say_problems
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        outer.addLayout(layout)
        self.edit = DigitsEdit(with_time)
        self.edit.setPlaceholderText(
            self.tr("dd/mm/aaaa hh:mm") if with_time else self.tr("dd/mm/aaaa")
        )
        self.edit.setAccessibleName(name or self.tr("Fecha"))
        self.edit.setToolTip(self.tr("Escriba solo los números: 14031985 → 14/03/1985"))
        self.edit.setMaximumWidth(165 if with_time else 110)
        self.edit.setMinimumWidth(145 if with_time else 96)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.textEdited.connect(self._typed)  # after DigitsEdit's own reformatting
        self.edit.editingFinished.connect(self.edit.finish)
        self.edit.editingFinished.connect(self._left)
        self.edit.popup_requested.connect(self.open_calendar)
        self.edit.refused.connect(self._refused)
        layout.addWidget(self.edit)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip(self.tr("Abrir calendario (Alt+↓)"))
        self.calendar_button.setAccessibleName(self.tr("Abrir calendario"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.open_calendar)
        layout.addWidget(self.calendar_button)
        self.unknown_box: QCheckBox | None = None
        if unknown:
            self.unknown_box = QCheckBox(self.tr("No sabe"))
            self.unknown_box.setAccessibleName(
                self.tr("%1: no sabe").replace("%1", name or self.tr("Fecha"))
            )
            self.unknown_box.toggled.connect(self._unknown_toggled)
            layout.addWidget(self.unknown_box)
        layout.addStretch(1)
        self.message = error_label()  # what is wrong with the date being typed: all its lines
        self.message.hide()
        outer.addWidget(self.message)
        outer.setAlignment(Qt.AlignmentFlag.AlignTop)  # given more height (a row beside a
        # message): the field stays on top
        self.popup: _Popup | None = None
        self.setFocusProxy(self.edit)

    # -- value -----------------------------------------------------------------------------

    def _parts(self) -> tuple[QDate, int, int] | None:
        digits = _digits(self.edit.text())
        if len(digits) == 6:
            digits = expand_year(digits)
        need = DATETIME_DIGITS if self.with_time else DATE_DIGITS
        if len(digits) < need:
            return None
        date = QDate(int(digits[4:8]), int(digits[2:4]), int(digits[:2]))
        if not self.with_time:
            return date, 0, 0
        return date, int(digits[8:10]), int(digits[10:12])

    def date(self) -> QDate | None:
        """The typed date when complete and valid (limits not checked), else None."""
        parts = self._parts()
        if parts is None or not parts[0].isValid():
            return None
        return parts[0]

    def problem(self) -> str | None:
        """What is wrong with the typed text, in Spanish; None when empty or valid."""
        if self.is_unknown() or not self.edit.text().strip():
            return None
        parts = self._parts()
        if parts is None:
            return (
                self.tr("Fecha incompleta: escriba dd/mm/aaaa hh:mm.")
                if self.with_time
                else self.tr("Fecha incompleta: escriba dd/mm/aaaa.")
            )
        date, hour, minute = parts
        if not date.isValid():
            return self.tr("Esa fecha no existe.")
        if hour > 23 or minute > 59:
            return self.tr("Esa hora no existe.")
        if not YEARS[0] <= date.year() <= YEARS[1]:
            return (
                self.tr("El año debe estar entre %1 y %2.")
                .replace("%1", str(YEARS[0]))
                .replace("%2", str(YEARS[1]))
            )
        if date < self.minimum:
            return self.tr("La fecha es anterior a %1.").replace(
                "%1", self.minimum.toString("dd/MM/yyyy")
            )
        if date > self.maximum:
            return self.tr("La fecha es posterior a %1.").replace(
                "%1", self.maximum.toString("dd/MM/yyyy")
            )
        return None

    def value(self) -> str | None:
        """ISO text of a complete, valid date within the limits; None otherwise."""
        parts = self._parts()
        if self.is_unknown() or parts is None or self.problem() is not None:
            return None
        date, hour, minute = parts
        iso = date.toString("yyyy-MM-dd")
        return f"{iso}T{hour:02d}:{minute:02d}:00" if self.with_time else iso

    def raw_text(self) -> str:
        return self.edit.text()

    def set_value(self, value: str | None) -> None:
        """Show an ISO date (or date-time); None or text that is not one empties the field."""
        self._loading = True
        try:
            if self.unknown_box is not None:
                self.unknown_box.setChecked(False)
            self.edit.setText(_display(value, self.with_time))
        finally:
            self._loading = False
        self.hush()

    def set_now(self) -> None:
        now = office_time.now()
        self.set_value(now.isoformat(timespec="seconds"))
        self.changed.emit()

    def is_unknown(self) -> bool:
        return self.unknown_box is not None and self.unknown_box.isChecked()

    def set_unknown(self, unknown: bool) -> None:
        if self.unknown_box is not None:
            self.unknown_box.setChecked(unknown)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only)
        if self.unknown_box is not None:
            self.unknown_box.setEnabled(not read_only)

    def focus_widgets(self) -> list[QWidget]:
        return [self.edit] + ([self.unknown_box] if self.unknown_box is not None else [])

    # -- reactions ---------------------------------------------------------------------------

    def _text_changed(self, _text: str) -> None:
        problem = self.problem()
        self.edit.setStyleSheet("QLineEdit { border: 1px solid #b00020; }" if problem else "")
        if not self._loading:
            self.changed.emit()

    def _typed(self, _text: str) -> None:
        """While typing: a complete date's problem is said under the field (an incomplete
        one is only still being typed); nothing once it is right."""
        digits = len(_digits(self.edit.text()))
        complete = digits >= (DATETIME_DIGITS if self.with_time else DATE_DIGITS)
        self._say(self.problem() if complete else None)()

    def _say(self, text: str | None, always: bool = False) -> Callable[[], None]:
        """Say ``text`` under the field (a problem only when ``say_problems``, a typing
        hint ``always``); None: the line goes, its room kept (``keep_room``)."""

        def say() -> None:
            if text and (always or self.say_problems):
                release_room(self.message)
                self.message.setText(text)
                self.message.show()
            else:
                keep_room(self.message)

        return say

    def _refused(self) -> None:
        """A letter typed into the date (a note meant for the next field, fresh 10 #18):
        said under the field instead of vanishing, with today as the example (fresh 11
        #13: a birth date's example in a milestone's dialog)."""
        today = office_today()
        hint = self.tr("Escriba solo los números: %1 → %2")
        digits = today.toString("ddMMyyyy") + ("1000" if self.with_time else "")
        shown = today.toString("dd/MM/yyyy") + (" 10:00" if self.with_time else "")
        self._say(hint.replace("%1", digits).replace("%2", shown), always=True)()

    def _left(self) -> None:
        """Leaving the field: a problem said under it stays said (fresh 12 #4: the text
        went and the rows jumped while the field stayed red); a line that went gives its
        room back (fresh 11 #6: a blank band stayed) — and nothing new appears then."""
        problem = self.problem()
        if problem and self.say_problems and not self.message.isHidden():
            self.message.setText(problem)
            return
        self.hush()

    def hush(self) -> None:
        """Its own line goes with its room: the value was loaded, or the form or dialog
        says the problem in its own line under the field (one line, not two)."""
        release_room(self.message)
        self.message.hide()
        self.message.clear()

    def _unknown_toggled(self, unknown: bool) -> None:
        if unknown:
            self._loading = True
            self.edit.clear()
            self._loading = False
        self.edit.setEnabled(not unknown)
        self.calendar_button.setEnabled(not unknown)
        if not self._loading:
            self.changed.emit()

    # -- calendar ----------------------------------------------------------------------------

    def start_date(self) -> QDate:
        """The month the calendar opens on: the typed date, else a typed month and year,
        else ``calendar_start``, else today — kept within the limits."""
        date = self.date()
        if date is None:
            digits = _digits(self.edit.text())
            if len(digits) >= 8:
                month = min(max(int(digits[2:4]), 1), 12)
                date = QDate(int(digits[4:8]), month, 1)
        if date is None or not date.isValid():
            start = self._calendar_start
            date = start() if callable(start) else start
        if date is None or not date.isValid():
            date = office_today()
        if date < self.minimum:
            date = self.minimum
        if date > self.maximum:
            date = self.maximum
        return date

    def open_calendar(self) -> None:
        if self.edit.isReadOnly() or self.is_unknown():
            return
        if self.popup is None:
            self.popup = _Popup(self)
            self.popup.picked.connect(self._picked)
        calendar = self.popup.calendar
        calendar.setMinimumDate(self.minimum)
        calendar.setMaximumDate(self.maximum)
        start = self.start_date()
        calendar.setSelectedDate(start)
        calendar.setCurrentPage(start.year(), start.month())
        self.popup.adjustSize()
        self.popup.move(self._popup_position(self.popup.frameGeometry().size()))
        self.popup.show()  # its real size is known once shown: place it again
        self.popup.move(self._popup_position(self.popup.frameGeometry().size()))
        calendar.setFocus()

    def _popup_position(self, size: QSize) -> QPoint:
        """Below the field, or above it when the screen ends first; never off-screen."""
        below = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = self.screen()
        if screen is None:
            return below
        area = screen.availableGeometry()
        x = max(area.left(), min(below.x(), area.right() - size.width()))
        y = below.y()
        if y + size.height() > area.bottom():
            y = max(area.top(), self.edit.mapToGlobal(QPoint(0, 0)).y() - size.height())
        return QPoint(x, y)

    def _picked(self, date: QDate) -> None:
        digits = date.toString("ddMMyyyy")
        if self.with_time:
            current = _digits(self.edit.text())
            digits += current[8:12] if len(current) >= 12 else "0900"
        self.edit.setText(format_digits(digits, self.with_time))
        self.edit.setFocus()


def _display(value: str | None, with_time: bool) -> str:
    if not isinstance(value, str) or len(value) < 10:
        return ""
    try:
        day = _dt.date.fromisoformat(value[:10])
    except ValueError:
        return ""
    digits = day.strftime("%d%m") + f"{day.year:04d}"
    if with_time:
        time = value[11:16] if len(value) >= 16 else "00:00"
        digits += _digits(time)[:4].ljust(4, "0")
    return format_digits(digits, with_time)
