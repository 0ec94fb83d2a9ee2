"""The ficha of a new intake as the fresh-eyes tester used it at 1024×600, in the real main
window by clicks, keys and typing: the Materia pop-up fits its choices once the Área has
narrowed them (#4: half of it was an empty area); Tab scrolls the field it reaches into
view, all of it (#5); Tab after choosing "DNI" goes to the document number that choice
shows (#16: it went past it, to the field being hidden)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QWidget

from tests.ui.e2e import click, main_window
from tests.ui.test_intake import _new_intake, type_names_only
from tests.ui.windows import watch_windows


def _ficha(qtbot: Any, window: Any) -> Any:
    """Ctrl+N, step 1 by names with "Sin documento", nobody alike: the ficha."""
    page = _new_intake(qtbot, window)
    type_names_only(qtbot, page, "Killa", "Huaman", "Ccori")
    click(qtbot, page.person_step.check_button)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10_000)
    return page


def _combo(page: Any, name: str) -> QComboBox:
    combo = page.form_widget.rows[name].editor.combo
    page.form_widget.scroll_area.ensureWidgetVisible(combo)
    return combo


def test_the_materia_popup_fits_the_matters_of_the_area(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Materia opened before the ficha had narrowed it to the Área's matters (a busy
    laptop: the narrowing comes a moment later): the open pop-up then showed 3 entries over
    the room of 11. Fails on the old code."""
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _ficha(qtbot, window)
        area, materia = _combo(page, "area"), _combo(page, "materia")
        assert materia.count() > 8
        area.setFocus()
        while area.currentText() != "Defensa penal":  # the arrow keys choose
            assert area.currentIndex() < area.count() - 1
            qtbot.keyClick(area, Qt.Key.Key_Down)
        assert area.currentText() == "Defensa penal"
        materia.setFocus()
        qtbot.keyClick(materia, Qt.Key.Key_F4)  # at once: the ficha narrows it after this
        view = materia.view()
        assert view.isVisible() and materia.count() > 8
        qtbot.waitUntil(lambda: materia.count() == 3 and view.isVisible(), timeout=5_000)
        last = view.visualRect(materia.model().index(materia.count() - 1, 0))
        empty = view.viewport().height() - last.bottom()
        assert empty < last.height(), f"{empty} px empty under the last matter"
        qtbot.keyClick(view, Qt.Key.Key_Escape)


def _whole_in_view(widget: QWidget, area: QScrollArea) -> bool:
    """All of ``widget`` (or as much as the view can hold) lies in the visible area."""
    view = area.viewport()
    top = widget.mapTo(view, QPoint(0, 0)).y()
    return top >= 0 and top + min(widget.height(), view.height()) <= view.height()


def test_tab_scrolls_each_field_it_reaches_into_view(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Tab from the ficha's first field to its last (Observaciones, a tall box at the
    bottom): each one reached is wholly in view. Fails on the old code (Observaciones
    half hidden: Qt scrolled only to its cursor line)."""
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _ficha(qtbot, window)
        area = page.form_widget.scroll_area
        reached: list[str] = []
        for _ in range(80):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            focused = QApplication.focusWidget()
            if not area.isAncestorOf(focused):
                break  # past the last field: the buttons
            name = focused.accessibleName()
            qtbot.waitUntil(lambda f=focused: _whole_in_view(f, area), timeout=2_000)
            reached.append(name)
        assert len(reached) > 20 and reached[-1] == "Observaciones"


def test_tab_after_choosing_dni_goes_to_the_document_number(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Step 1 said "Sin documento"; in the ficha the defender chooses "DNI" with the arrow
    keys and presses Tab at once: the number's field, shown by that choice, gets the
    keyboard, in view. Fails on the old code (Tab went to "Motivo por el que no tiene
    documento", about to be hidden)."""
    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _ficha(qtbot, window)
        kind = _combo(page, "tipo_documento")
        kind.setFocus()
        while kind.currentText() != "DNI":
            assert kind.currentIndex() > 0
            qtbot.keyClick(kind, Qt.Key.Key_Up)
        qtbot.keyClick(kind, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused.accessibleName() == "Número de documento"
        area = page.form_widget.scroll_area
        qtbot.waitUntil(lambda: _whole_in_view(focused, area), timeout=2_000)
        qtbot.keyClicks(focused, "45871236")
        assert page.form_widget.rows["numero_documento"].editor.value() == "45871236"


def test_a_choice_fixed_and_left_leaves_no_band_under_it(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fresh 12 #9: the ficha's choices (Lugar, Tipo de servicio, Área) refused by "Abrir
    caso", then chosen and left, kept EMPTY bands under them until the next submit: the
    room kept while the person chooses is given back when the field is left. Fails on
    247091e (the band stays)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    window = main_window(qtbot, store, vault_dir, fast_vault, with_forms=True)
    with watch_windows(window):
        page = _ficha(qtbot, window)
        view = page.form_widget
        place, below = view.rows["lugar_atencion"], view.rows["defensor"]

        def gap() -> int:
            for _ in range(3):  # the layouts Qt posted, nested: done before measuring
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            return int(below.mapTo(view, below.rect().topLeft()).y()
                       - place.mapTo(view, place.rect().topLeft()).y())  # fmt: skip

        before = gap()
        click(qtbot, page.open_button)  # blanks: each problem said under its row
        qtbot.waitUntil(lambda: place.message.isVisible(), timeout=10_000)
        said = gap()
        assert said > before
        combo = _combo(page, "lugar_atencion")
        click(qtbot, combo)
        qtbot.keyClick(combo.view(), Qt.Key.Key_Escape)
        qtbot.keyClicks(combo, "Oficina")
        qtbot.waitUntil(lambda: not place.message.isVisible(), timeout=10_000)
        assert gap() == said  # choosing: its room kept, nothing moves
        qtbot.keyClick(combo, Qt.Key.Key_Tab)  # left
        qtbot.waitUntil(lambda: gap() == before, timeout=5_000)  # no band left
        window.lock()
