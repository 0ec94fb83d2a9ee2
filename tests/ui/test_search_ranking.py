"""Ctrl+K ranks people by how their name matches the words typed (fresh8 #15e: "maria
garcia" listed María Fernández García, the newest, above María García Ramírez): the name
that starts with the words in order (given name, first surname) first, then the words side
by side later in the name, then scattered ones; newest first within each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core import people
from tests.core.conftest import person_input
from tests.ui.e2e import main_window
from tests.ui.windows import watch_windows


def _person(store: Any, given: str, paternal: str, maternal: str) -> None:
    names = {"given_names": given, "paternal_surname": paternal, "maternal_surname": maternal}
    people.register_person(
        store,
        person_input(
            **names, doc_number=None, doc_type="SIN_DOCUMENTO", doc_reason="No lo recuerda"
        ),
    )


def test_ctrl_k_lists_maria_garcia_first_for_maria_garcia(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    """Fails on the old code: newest first, María Fernández García on top."""
    _person(store, "María", "García", "Ramírez")
    _person(store, "Norma María", "García", "Luna")
    _person(store, "María", "Fernández", "García")  # the newest
    window = main_window(qtbot, store, vault_dir, fast_vault)
    with watch_windows(window):
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
        )
        search = window.workspace.search
        qtbot.waitUntil(search.isVisible, timeout=5_000)
        qtbot.keyClicks(search.edit, "maria garcia")
        expected = [
            "Persona · María García Ramírez",
            "Persona · Norma María García Luna",
            "Persona · María Fernández García",
        ]

        def names() -> list[str]:  # each result's first line, as shown
            return [
                search.results.item(i).text().split("\n")[0] for i in range(search.results.count())
            ]

        qtbot.waitUntil(lambda: search.status.text() != "" and names() == expected, timeout=10_000)
        qtbot.keyClick(search.edit, Qt.Key.Key_Escape)
