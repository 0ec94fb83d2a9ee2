"""Issue 13, finding 10 and 18: a whole new intake with the keyboard only, in the real main
window (real vault, real form renderer). Every key goes to the widget that has the focus,
as on a real keyboard: typing, Tab, Space, Enter and the arrows. Each step starts on its
first useful field, Tab walks the step's fields to its primary button and never leaves
the step (not into the sidebar, not onto an invisible widget), Enter on the primary
button acts. Also: the message line keeps its room ("Continuar" does not move when it
speaks) and a message goes as soon as what it asked for is done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.core import people
from tests.ui.e2e import MARIA, click, main_window

KEY = Qt.Key


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def _keys_go_to() -> QWidget:
    """Where the window system delivers a key: an open popup (a district's suggestions)
    first, as a real keyboard does, else the widget with the focus."""
    return QApplication.activePopupWidget() or _focus()


def _press(qtbot: Any, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """One key, where a keyboard sends it; then the events it caused are handled, as
    between two real keystrokes. (Keys sent past an open popup left it open, and its
    late activation took the keyboard from the window: the flake under load.)"""
    qtbot.keyClick(_keys_go_to(), key, modifier)
    QApplication.processEvents()


def _type(qtbot: Any, text: str) -> None:
    """A word typed at once (a choice's type-ahead search needs its letters together)."""
    qtbot.keyClicks(_keys_go_to(), text)
    QApplication.processEvents()


def _holds(widget: QWidget, focused: QWidget) -> bool:
    return widget is focused or widget.isAncestorOf(focused)


def _tab_to(qtbot: Any, step: QWidget, target: QWidget, limit: int = 80) -> list[QWidget]:
    """Press Tab until ``target`` has the focus; every stop on the way must be a visible
    widget of ``step`` (never the sidebar, never a scroll area). Returns the stops."""
    stops: list[QWidget] = []
    while not _holds(target, _focus()):
        assert len(stops) < limit, f"Tab never reached {target.accessibleName()!r}"
        _press(qtbot, KEY.Key_Tab)
        now = _focus()
        assert step.isAncestorOf(now), f"Tab left the step for {now.accessibleName()!r}"
        assert now.isVisible() and not isinstance(now, QScrollArea), f"invisible stop {now!r}"
        stops.append(now)
    return stops


def _ring_shown(widget: QWidget) -> bool:
    """Whether a focus ring is painted: the highlight colour on the widget's left edge
    (fresh-eyes 5 #1: the base style paints none on a radio button)."""
    image = widget.grab().toImage()
    want = widget.palette().color(QPalette.ColorRole.Highlight)

    def near(color: QColor) -> bool:
        pairs = zip(color.getRgb()[:3], want.getRgb()[:3], strict=True)
        return all(abs(a - b) < 40 for a, b in pairs)

    y = image.height() // 2
    return any(near(image.pixelColor(x, y)) for x in range(min(4, image.width())))


def _ficha(page: Any, name: str) -> Any:
    return page.form_widget.rows[name].editor


def test_a_whole_intake_with_the_keyboard_only(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    maria_id = people.register_person(store, MARIA)  # she came before: step 2 will ask
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=5_000)

    _press(qtbot, KEY.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.workspace.intake
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is page, timeout=5_000)
    step1 = page.person_step

    # Step 1 starts on the first name; Tab walks the fields in the order they are shown.
    assert _focus() is page.given
    _type(qtbot, "Maria Elena")
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is page.paternal
    _type(qtbot, "Quispe")
    _press(qtbot, KEY.Key_Tab)
    _type(qtbot, "Mamani")
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is page.doc_type
    _type(qtbot, "Sin")  # "Sin documento": the reason's field appears next
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is page.doc_reason
    _type(qtbot, "No lo trajo")
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is page.birth.edit
    _type(qtbot, "12041990")
    assert page.birth.value() == "1990-04-12"
    _tab_to(qtbot, step1, page.sex)
    _type(qtbot, "Fem")
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is page.ubigeo
    _type(qtbot, "080101")
    _press(qtbot, KEY.Key_Tab)
    assert _focus() is page.phone
    _type(qtbot, "987654321")
    _press(qtbot, KEY.Key_Tab)  # the last field leads to the primary button
    assert _focus() is step1.check_button
    # Tab goes round within the step and comes back: never into the sidebar.
    stops = _tab_to(qtbot, step1, page.given)
    assert stops[0] is step1.cancel_button
    _tab_to(qtbot, step1, step1.check_button)
    _press(qtbot, KEY.Key_Return)  # Enter on the button acts

    # Step 2: the keyboard is on the first candidate's first decision.
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10_000)
    check = page.check_step
    [row] = check.candidate_rows
    assert row.candidate.person_id == maria_id
    qtbot.waitUntil(lambda: _focus() is row.buttons["same"], timeout=5_000)
    assert _ring_shown(row.buttons["same"])  # and the person sees where it is
    assert not _ring_shown(row.buttons["different"])
    # Enter on "Continuar" before deciding: the message speaks, "Continuar" stays put.
    at = check.decide_button.mapToGlobal(check.decide_button.rect().center())
    _tab_to(qtbot, check, check.decide_button)
    _press(qtbot, KEY.Key_Return)
    assert "Decida" in page.message.text() and page.message.isVisible()
    assert check.decide_button.mapToGlobal(check.decide_button.rect().center()) == at
    # Back to the decision, Space chooses it, and the message goes at once.
    _tab_to(qtbot, check, row.buttons["same"])
    _press(qtbot, KEY.Key_Space)
    assert row.decision() == "same"
    assert page.message.text() == ""
    _press(qtbot, KEY.Key_Tab)  # one stop per decided candidate, then "Continuar"
    assert _focus() is check.decide_button
    _press(qtbot, KEY.Key_Return)

    # Step 3: the ficha starts on its first unanswered field (not on "Cancelar").
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    form = page.form_widget
    lugar = _ficha(page, "lugar_atencion").combo
    qtbot.waitUntil(lambda: _focus() is lugar, timeout=5_000)
    assert _ficha(page, "nombres").edit.text() == "Maria Elena"  # the same person
    _type(qtbot, "Ofi")
    for name, typed in (("tipo_servicio", "Pat"), ("area", "Asis"), ("materia", "Fil")):
        _tab_to(qtbot, form, _ficha(page, name).combo)
        _type(qtbot, typed)
    _tab_to(qtbot, form, _ficha(page, "resumen_caso").edit)
    _type(qtbot, "Reconocimiento de paternidad")
    _tab_to(qtbot, form, _ficha(page, "lengua_materna").combo)
    _type(qtbot, "Cas")
    for name in ("requiere_interprete", "discapacidad"):  # Tab to the group, arrows pick
        yes_no = _ficha(page, name)
        _tab_to(qtbot, form, yes_no.yes)
        assert yes_no.value() is None
        _press(qtbot, KEY.Key_Right)  # the first arrow answers, as Space does (fresh6 #3)
        assert _focus() is yes_no.no and yes_no.no.isChecked()
        assert yes_no.value() is False
    _tab_to(qtbot, form, _ficha(page, "llamada_segura").yes)  # she has a phone
    _press(qtbot, KEY.Key_Space)
    _tab_to(qtbot, form, _ficha(page, "aviso_privacidad_fecha").edit.edit)
    _type(qtbot, "301120260900")
    _tab_to(qtbot, form, _ficha(page, "consentimiento_datos_sensibles").yes)
    _press(qtbot, KEY.Key_Space)
    # On to "Abrir caso" (after the fields); Enter opens the case.
    _tab_to(qtbot, page.steps.currentWidget(), page.open_button)
    assert form.problems() == [], form.problems()
    with qtbot.waitSignal(page.registered, timeout=15_000) as done:
        _press(qtbot, KEY.Key_Return)
    assert done.args[0]["case_id"] and done.args[0]["person_id"] == maria_id
    # the case opens with "Casos" highlighted in the navigation (fresh-eyes finding 4)
    nav = window.workspace.nav
    qtbot.waitUntil(lambda: window.workspace.highlighted() == "cases", timeout=10_000)
    assert nav.currentItem().text() == "Casos" and nav.currentItem().isSelected()


def test_a_message_goes_once_satisfied_and_nothing_moves(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    qtbot.keyClick(window, KEY.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.workspace.intake
    qtbot.waitUntil(lambda: window.workspace.pages.currentWidget() is page, timeout=5_000)
    step1 = page.person_step
    button = step1.check_button
    at = button.mapToGlobal(button.rect().center())
    click(qtbot, button)  # nothing typed
    problem = step1.fields.problems["given_names"]
    assert "nombres" in page.message.text() and problem.isVisible()
    assert button.mapToGlobal(button.rect().center()) == at  # the page message kept its room
    click(qtbot, page.given)
    qtbot.keyClicks(page.given, "Rosa")
    assert not problem.isVisible()  # the field's own line goes as soon as it is edited
    assert "nombres" in page.message.text()  # the surname is still missing
    click(qtbot, page.paternal)
    qtbot.keyClicks(page.paternal, "Huaman")
    assert page.message.text() == ""  # satisfied: gone without pressing anything
    # A ficha problem left behind with "Volver" never comes back while step 1 is edited.
    click(qtbot, page.doc_number)
    qtbot.keyClicks(page.doc_number, "12345677")
    click(qtbot, button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    click(qtbot, page.open_button)
    assert page.message.text().startswith("Revise la ficha")
    click(qtbot, page.back_button)
    assert page.steps.currentIndex() == 0 and page.message.text() == ""
    click(qtbot, page.phone)
    qtbot.keyClicks(page.phone, "9")
    assert page.message.text() == ""


def test_the_steps_buttons_by_tab_and_abrir_caso_by_ctrl_enter(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 12 #6: "Buscar coincidencias y continuar", the default button, looked focused
    all the time, so Tab seemed never to reach it; it is no longer the default (Enter in
    a field still presses it) and shows the keyboard only when Tab brings it. #7: the
    ficha's buttons came right to left after its last field; now as seen, and "Abrir
    caso" is reached from any field with Ctrl+Enter, as its tooltip says. Fails on the old
    code (Buscar the default button; Abrir caso first after the fields; no Ctrl+Enter)."""
    from PySide6.QtWidgets import QApplication

    from tests.ui.e2e import main_window
    from tests.ui.test_intake import _new_intake, type_names_only
    from tests.ui.windows import watch_windows

    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _new_intake(qtbot, window)
        check = page.person_step.check_button
        assert not check.isDefault() and "Enter" in check.toolTip()
        page.phone.setFocus()
        qtbot.keyClick(page.phone, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is check  # Tab reaches it, and it shows it
        type_names_only(qtbot, page, "Killa", "Huaman", "Ccori")
        qtbot.keyClick(page.given, Qt.Key.Key_Return)  # Enter in a field goes on
        qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
        stops = page.stops()
        assert stops[-4:] == [page.cancel_button, page.back_button, page.consult_button,
                              page.open_button]  # fmt: skip
        assert "Ctrl+Enter" in page.open_button.toolTip()
        first = stops[0]
        first.setFocus()
        with qtbot.waitSignal(page.open_button.clicked, timeout=5_000):
            qtbot.keyClick(first, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert page.message.text().startswith("Revise la ficha: ")  # pressed: it checked
    window.lock()
