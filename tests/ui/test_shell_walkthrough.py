"""The last walkthrough's findings about the shell (issue 13), each driven through the real
main window as a person does: a list page chosen with the mouse takes the typing (1); one
"today", the office's, everywhere (2); the Ctrl shortcuts work again after the guide
closes (7); menus show "Ctrl+N" as the guide does (8); the guide shows its pictures and
leaves the menu bar in sight (9); a small screen is filled (10); plurals through Qt;
locking during a new intake comes back to it with what was typed."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import office_time
from tests.ui.e2e import arrange_case, click, main_window, nav_to
from tests.ui.windows import watch_windows

ROOT = Path(__file__).resolve().parents[2]


def _window(qtbot: Any, store: Any, vault_dir: Path, fast_vault: Any) -> Any:
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    window.activateWindow()
    return window


def _type(qtbot: Any, text: str) -> None:
    """Type where the keyboard focus is, as a person does (not into a chosen widget)."""
    for char in text:
        focused = QApplication.focusWidget()
        assert focused is not None, "nothing has the keyboard focus"
        qtbot.keyClicks(focused, char)


# -- (1) a page chosen in the navigation takes the typing ------------------------------------


def test_typing_after_clicking_a_list_page_filters_it(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    arrange_case(store)
    window = _window(qtbot, store, vault_dir, fast_vault)
    workspace = window.workspace
    with watch_windows(window):
        for label, page in (("Personas", workspace.people), ("Casos", workspace.cases)):
            nav_to(qtbot, window, label)
            _type(qtbot, "Agu")  # "A" used to jump the navigation to Agenda
            assert workspace.pages.currentWidget() is page
            assert workspace.nav.currentItem().text() == label
            assert page.text.text() == "Agu"
            assert QApplication.focusWidget() is page.text
        # arrows in the navigation still move through it (only a click or Enter leave it)
        workspace.nav.setFocus()
        qtbot.keyClick(workspace.nav, Qt.Key.Key_Down)
        assert workspace.nav.currentItem().text() == "Agenda"
        assert QApplication.focusWidget() is workspace.nav
        qtbot.keyClick(workspace.nav, Qt.Key.Key_Up)
        qtbot.keyClick(workspace.nav, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is workspace.cases.text
        # a shortcut of the Ver menu too
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert QApplication.focusWidget() is workspace.people.text


# -- (2) one "today": the office's -------------------------------------------------------------


@pytest.fixture
def far_zone(monkeypatch: pytest.MonkeyPatch) -> str:
    """An office zone whose date differs from the computer's right now (UTC+14 or UTC−12:
    at any hour one of them is on another day), so a computer "today" shows."""
    for name in ("Pacific/Kiritimati", "Etc/GMT+12"):
        monkeypatch.setenv(office_time.ENV_TIMEZONE, name)
        if office_time.today() != date.today():
            return name
    pytest.skip("the computer's date matches both far zones (impossible unless mocked)")


def test_the_fichas_date_and_the_last_sync_are_office_time(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, far_zone: str
) -> None:
    instant = datetime(2026, 11, 30, 2, 30, tzinfo=office_time.office_zone())
    store.replica.set_sync_state("last_success", int(instant.timestamp() * 1000))
    window = _window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        window.refresh_status()
        qtbot.waitUntil(lambda: "30/11/2026 02:30" in window.status.last.text(), timeout=5_000)
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        page = window.workspace.intake
        click(qtbot, page.given)
        qtbot.keyClicks(page.given, "Rosa Ines")
        click(qtbot, page.paternal)
        qtbot.keyClicks(page.paternal, "Ccori")
        click(qtbot, page.maternal)
        qtbot.keyClicks(page.maternal, "Huaman")
        page.doc_type.setFocus()
        qtbot.keyClicks(page.doc_type, "Sin")
        click(qtbot, page.doc_reason)
        qtbot.keyClicks(page.doc_reason, "No lo recuerda")
        click(qtbot, page.person_step.check_button)
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
        shown = page.form_widget.rows["fecha_atencion"].editor.edit.edit.text()
        assert shown == office_time.today().strftime("%d/%m/%Y"), (far_zone, shown)


_COMPUTER_CLOCK = {
    ("date", "today"),
    ("datetime", "today"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
    ("QTime", "currentTime"),
}


def _computer_clock_calls(source: str) -> list[int]:
    """Lines that read the computer's local clock: ``date.today()``, a naive
    ``datetime.now()``, ``fromtimestamp(x)`` without a zone, Qt's current date/time."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        attr = node.func.attr
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        naive = not node.args and not node.keywords
        if (
            (name, attr) in _COMPUTER_CLOCK
            or (name == "datetime" and attr == "now" and naive)
            or (attr == "fromtimestamp" and len(node.args) < 2 and not node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_no_code_reads_the_computers_date() -> None:
    """Every "today" and every shown time comes from the office's zone (``app.office_time``,
    ``forms.clock``): nothing in the app or the form rules asks the computer's."""
    found = {}
    for package in ("app", "forms"):
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = _computer_clock_calls(path.read_text(encoding="utf-8"))
            if lines:
                found[str(path.relative_to(ROOT))] = lines
    assert found == {}
    assert _computer_clock_calls("import datetime as dt\ndt.date.today()\nQDate.currentDate()")


def test_the_form_rules_measure_today_in_the_office(far_zone: str) -> None:
    from forms import peru

    today = office_time.today()
    assert peru.check_birth_date(today.isoformat()) is None
    assert peru.age(today.replace(year=today.year - 30).isoformat()) == 30
