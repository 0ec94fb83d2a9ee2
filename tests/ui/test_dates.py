"""The one date editor (issue 13 item 5): typed from empty with digits only, separators
inserted, an explicit "no sabe", a calendar on a sensible month, Tab and Enter as in any
field. Driven with real key clicks."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

from app.ui.forms.dates import DateField, expand_year, format_digits
from app.ui.widgets import office_today


@pytest.fixture
def field(qtbot: Any, ui_app: Any) -> tuple[QWidget, DateField, QLineEdit]:
    holder = QWidget()
    box = QVBoxLayout(holder)
    date = DateField(unknown=True, maximum=QDate.currentDate(), name="Fecha de nacimiento")
    after = QLineEdit()
    box.addWidget(date)
    box.addWidget(after)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    date.edit.setFocus()
    return holder, date, after


def test_digits_typed_from_empty_get_their_separators(qtbot: Any, field: Any) -> None:
    _holder, date, _after = field
    assert date.value() is None and date.problem() is None
    qtbot.keyClicks(date.edit, "1403")
    assert date.edit.text() == "14/03"
    assert date.problem() is not None and "incompleta" in date.problem()
    qtbot.keyClicks(date.edit, "1985")
    assert date.edit.text() == "14/03/1985"
    assert date.value() == "1985-03-14" and date.problem() is None
    qtbot.keyClicks(date.edit, "7")  # a ninth digit has no place
    assert date.edit.text() == "14/03/1985"


def test_typed_slashes_letters_and_backspace(qtbot: Any, field: Any) -> None:
    _holder, date, _after = field
    qtbot.keyClicks(date.edit, "1/3/1985")  # one-digit day and month are padded
    assert date.edit.text() == "01/03/1985" and date.value() == "1985-03-01"
    date.edit.clear()
    qtbot.keyClicks(date.edit, "ab12x0")  # letters are ignored
    assert date.edit.text() == "12/0"
    qtbot.keyClick(date.edit, Qt.Key.Key_Backspace)
    assert date.edit.text() == "12"
    qtbot.keyClicks(date.edit, "05")
    assert date.edit.text() == "12/05"
    date.edit.setCursorPosition(3)  # just after the separator
    qtbot.keyClick(date.edit, Qt.Key.Key_Backspace)  # steps over it: removes the 2
    assert date.edit.text() == "10/5"


def test_two_digit_year_is_completed_on_leaving(qtbot: Any, field: Any) -> None:
    _holder, date, after = field
    qtbot.keyClicks(date.edit, "140385")
    qtbot.keyClick(date.edit, Qt.Key.Key_Tab)  # Tab moves on, as in any field
    assert date.unknown_box is not None and date.unknown_box.hasFocus()
    qtbot.keyClick(date.unknown_box, Qt.Key.Key_Tab)
    assert after.hasFocus()
    assert date.edit.text() == "14/03/1985" and date.value() == "1985-03-14"
    assert expand_year("010105", _dt.date(2026, 1, 1)) == "01012005"
    assert expand_year("010130", _dt.date(2026, 1, 1)) == "01011930"


def test_enter_keeps_what_was_typed(qtbot: Any, field: Any) -> None:
    _holder, date, _after = field
    qtbot.keyClicks(date.edit, "31121999")
    qtbot.keyClick(date.edit, Qt.Key.Key_Return)
    assert date.edit.text() == "31/12/1999" and date.value() == "1999-12-31"


def test_impossible_and_future_dates_say_why(qtbot: Any, field: Any) -> None:
    _holder, date, _after = field
    qtbot.keyClicks(date.edit, "31022020")
    assert date.value() is None and date.problem() == "Esa fecha no existe."
    date.edit.clear()
    tomorrow = QDate.currentDate().addDays(1).toString("ddMMyyyy")
    qtbot.keyClicks(date.edit, tomorrow)
    assert date.value() is None and "posterior" in (date.problem() or "")


def test_no_sabe_is_an_explicit_state(qtbot: Any, field: Any) -> None:
    _holder, date, _after = field
    qtbot.keyClicks(date.edit, "14031985")
    assert date.unknown_box is not None
    qtbot.mouseClick(date.unknown_box, Qt.MouseButton.LeftButton)
    assert date.is_unknown() and date.value() is None and date.edit.text() == ""
    assert not date.edit.isEnabled() and date.problem() is None
    qtbot.mouseClick(date.unknown_box, Qt.MouseButton.LeftButton)
    assert not date.is_unknown() and date.edit.isEnabled()


def test_calendar_opens_on_a_sensible_month(qtbot: Any, field: Any) -> None:
    _holder, date, _after = field
    # Empty: the office's month today (never January 1900). The office's day, not the
    # machine's: from 00:00 to 05:00 UTC on the 1st, Lima is still in the month before.
    qtbot.keyClick(date.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert date.popup is not None and date.popup.isVisible()
    calendar = date.popup.calendar
    today = office_today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    date.popup.hide()
    # A typed date: its month; picking a day with the keyboard writes it back.
    qtbot.keyClicks(date.edit, "14031985")
    qtbot.mouseClick(date.calendar_button, Qt.MouseButton.LeftButton)
    assert (calendar.yearShown(), calendar.monthShown()) == (1985, 3)
    days = calendar.findChild(QTableView)  # the grid of days has the keyboard
    assert days is not None
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert not date.popup.isVisible()
    assert date.value() == "1985-03-15" and date.edit.hasFocus()
    # A starting point given by the caller (e.g. thirty years back for a birth date).
    start = DateField(calendar_start=QDate(1990, 6, 1))
    qtbot.addWidget(start)
    start.open_calendar()
    assert start.popup is not None
    assert (start.popup.calendar.yearShown(), start.popup.calendar.monthShown()) == (1990, 6)
    start.popup.hide()


def test_date_and_time(qtbot: Any, ui_app: Any) -> None:
    when = DateField(with_time=True)
    qtbot.addWidget(when)
    qtbot.keyClicks(when.edit, "011220260930")
    assert when.edit.text() == "01/12/2026 09:30"
    assert when.value() == "2026-12-01T09:30:00"
    when.set_value("2026-05-04T17:45:00")
    assert when.edit.text() == "04/05/2026 17:45"
    when.edit.clear()
    qtbot.keyClicks(when.edit, "011220262575")
    assert when.value() is None and when.problem() == "Esa hora no existe."


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=_dt.date(1900, 1, 1), max_value=_dt.date(2100, 12, 31)))
def test_display_and_value_round_trip(ui_app: Any, day: _dt.date) -> None:
    date = DateField()
    date.set_value(day.isoformat())
    assert date.edit.text() == format_digits(day.strftime("%d%m") + f"{day.year:04d}")
    assert date.value() == day.isoformat()


def test_calendar_stays_on_the_screen(qtbot: Any, ui_app: Any) -> None:
    """A date field at the bottom of a small screen opens its calendar above itself."""
    date = DateField()
    qtbot.addWidget(date)
    area = date.screen().availableGeometry()
    date.move(area.left() + 10, area.bottom() - date.sizeHint().height() - 5)
    date.show()
    qtbot.waitExposed(date)
    date.open_calendar()
    assert date.popup is not None
    shown = date.popup.frameGeometry()
    assert area.contains(shown), (area, shown)
    assert shown.bottom() <= date.edit.mapToGlobal(date.edit.rect().topLeft()).y()
    date.popup.hide()


def test_only_the_years_every_side_accepts_can_be_typed_and_it_is_said_while_typing(
    qtbot: Any, ui_app: Any
) -> None:
    """The store and the server refuse a date outside 1900-2100 (``sync.spec.kinds.YEARS``);
    the field took 9999 and the store refused it only on saving. Now the field's limits
    are those years (a caller's wider maximum too), the calendar stops there, and a
    complete date outside them is said under the field as it is typed."""
    holder = QWidget()
    box = QVBoxLayout(holder)
    date = DateField(maximum=QDate(9999, 12, 31), name="Fecha del acto")
    when = DateField(with_time=True)
    box.addWidget(date)
    box.addWidget(when)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    said = "El año debe estar entre 1900 y 2100."
    date.edit.setFocus()
    qtbot.keyClicks(date.edit, "0101")  # still being typed: nothing said yet
    assert not date.message.isVisible()
    qtbot.keyClicks(date.edit, "2101")
    assert date.edit.text() == "01/01/2101"
    assert date.value() is None and date.problem() == said
    qtbot.waitUntil(lambda: date.message.isVisible() and date.message.text() == said)
    qtbot.keyClick(date.edit, Qt.Key.Key_Backspace)
    assert not date.message.isVisible()  # incomplete again
    qtbot.keyClicks(date.edit, "0")
    assert date.value() == "2100-01-01" and not date.message.isVisible()
    date.edit.clear()
    qtbot.keyClicks(date.edit, "31121899")
    assert date.value() is None and date.message.text() == said and date.message.isVisible()
    qtbot.keyClick(date.edit, Qt.Key.Key_Return)  # done typing, still wrong: still said
    assert date.message.isVisible() and date.problem() == said  # (fresh 12 #4)
    qtbot.keyClicks(when.edit, "010199990930")
    assert when.value() is None and when.message.text() == said and when.message.isVisible()
    date.open_calendar()
    assert date.popup is not None
    assert date.popup.calendar.maximumDate() == QDate(2100, 12, 31)
    assert date.popup.calendar.minimumDate() == QDate(1900, 1, 1)
    date.popup.hide()


def test_a_form_says_the_years_problem_in_its_own_place(qtbot: Any, ui_app: Any) -> None:
    """In a form the row's message says what is wrong (FormView), so the field does not
    say it twice; the problem is the same."""
    from app.ui.forms.editors import DateEditor
    from forms.model import Field

    editor = DateEditor(Field(name="fecha", type="date", label={"es": "Fecha"}), "es")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.edit.edit.setFocus()
    qtbot.keyClicks(editor.edit.edit, "01019999")
    assert editor.problem() == "El año debe estar entre 1900 y 2100."
    assert editor.value() == "01/01/9999"  # the typed text: the form engine blocks it
    assert not editor.edit.message.isVisible()
