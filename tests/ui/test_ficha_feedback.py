"""Issue 13, fresh-eyes 4 (#1, #13): the ficha of a new intake at 1024x600, driven by
clicks and keys in the real window. A message that goes keeps its room, so nothing
below moves under the mouse; a row of "Otras partes" added after "Abrir caso" says
nothing before it is filled or left; Tab walks the sections in the order they are
shown (the alimony block before "Otras partes": tested in test_form_renderer); "Materia"
offers the matters of the chosen "Área" (#17)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.e2e import click
from tests.ui.test_intake import _choose, _editor, _new_intake, _type, _type_rosa, _window


def _ficha(qtbot: Any, window: Any) -> Any:
    """A new intake for Rosa, checked: the page with its ficha on screen."""
    page = _new_intake(qtbot, window)
    _type_rosa(qtbot, page, "12345677")
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=20_000)
    return page


def _y(widget: QWidget, page: Any) -> int:
    """Where ``widget`` sits in the ficha's scrolled content."""
    content = page.form_widget.scroll_area.widget()
    return int(widget.mapTo(content, QPoint(0, 0)).y())


def test_a_message_that_goes_keeps_its_room(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _ficha(qtbot, window)
        click(qtbot, page.open_button)  # too early: every "obligatorio" shows
        lugar = page.form_widget.rows["lugar_atencion"]
        assert lugar.message.isVisible() and lugar.message.text() == "Este campo es obligatorio."
        below = _editor(page, "tipo_servicio").combo
        at = _y(below, page)
        _choose(qtbot, page, "lugar_atencion", "Ofi")
        qtbot.waitUntil(lambda: not lugar.message.isVisible(), timeout=5_000)
        assert _y(below, page) == at  # the next field did not move up under the mouse
        click(qtbot, page.open_button)  # the next check lays the form out anew
        qtbot.waitUntil(lambda: _y(below, page) < at, timeout=5_000)


def test_a_row_added_after_abrir_caso_says_nothing_before_it_is_filled(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _ficha(qtbot, window)
        click(qtbot, page.open_button)
        assert page.message.text().startswith("Revise la ficha")
        partes = _editor(page, "partes")
        page.form_widget.scroll_area.ensureWidgetVisible(partes.add_button)
        click(qtbot, partes.add_button)
        cells = partes.rows[0][1]
        qtbot.waitUntil(lambda: cells["parte_nombres"].editor.edit.hasFocus(), timeout=5_000)
        page.form_widget.refresh()  # what its debounced check (120 ms) would say by now
        said = {name: c.message.text() for name, c in cells.items() if c.message.isVisible()}
        assert not said
        _type(qtbot, cells["parte_nombres"].editor.edit, "Elmer")
        qtbot.keyClick(cells["parte_nombres"].editor.edit, Qt.Key.Key_Tab)  # leave it
        surname = cells["parte_apellidos"]
        qtbot.keyClick(surname.editor.edit, Qt.Key.Key_Tab)  # passed over, not edited
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not surname.editor.edit)
        assert not surname.message.isVisible()
        click(qtbot, page.open_button)  # now the row's problems are asked for: they show
        assert surname.message.isVisible() and surname.message.text() == (
            "Este campo es obligatorio."
        )
        assert not cells["parte_nombres"].message.isVisible()


def test_materia_offers_the_matters_of_the_area(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    with ExitStack() as watched:
        window = _window(qtbot, store, vault_dir, fast_vault, watched)
        page = _ficha(qtbot, window)
        materia = page.form_widget.rows["materia"]
        combo = materia.editor.combo

        def offered() -> list[str]:
            return [combo.itemText(i) for i in range(1, combo.count())]

        assert "Penal (defensa)" in offered()  # no area yet: every matter
        _choose(qtbot, page, "materia", "Pen")
        _choose(qtbot, page, "area", "Asis")  # "Asistencia legal" takes no criminal case
        qtbot.waitUntil(lambda: "Filiación" in offered() and len(offered()) < 10, timeout=5_000)
        assert "Asistencia a víctimas" not in offered()
        assert combo.currentText() == "Penal (defensa)"  # what was chosen is not dropped…
        qtbot.waitUntil(materia.message.isVisible, timeout=5_000)  # …but it does not fit
        assert materia.message.text() == (  # the engine's rule, as the server says it
            "La materia «Penal (defensa)» no corresponde al área «Asistencia legal»."
        )
        _choose(qtbot, page, "materia", "Fil")  # one of the area's
        qtbot.waitUntil(lambda: not materia.message.isVisible(), timeout=5_000)
        assert "Penal (defensa)" not in offered()
