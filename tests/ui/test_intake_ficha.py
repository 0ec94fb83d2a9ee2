"""The ficha of a new intake as the fresh-eyes tester used it at 1024×600, in the real main
window by clicks, keys and typing: the Materia pop-up fits its choices once the Área has
narrowed them (#4: half of it was an empty area)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from tests.ui.e2e import click, main_window
from tests.ui.test_intake import _new_intake, _type
from tests.ui.windows import watch_windows


def _ficha(qtbot: Any, window: Any) -> Any:
    """Ctrl+N, step 1 by names with "Sin documento", nobody alike: the ficha."""
    page = _new_intake(qtbot, window)
    _type(qtbot, page.given, "Killa")
    _type(qtbot, page.paternal, "Huaman")
    _type(qtbot, page.maternal, "Ccori")
    page.doc_type.setFocus()
    qtbot.keyClicks(page.doc_type, "Sin")
    _type(qtbot, page.doc_reason, "No lo recuerda")
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
