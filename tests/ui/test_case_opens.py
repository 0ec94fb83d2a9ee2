"""How a case opens in the real main window at 1024×600 (fresh-eyes 8): its summary at the
top, "Materia" in sight, even when the case shown before was scrolled down (#12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.e2e import JULIA, MARIA, arrange_case, click, main_window, open_case_from_list


def test_a_case_opens_with_its_summary_at_the_top(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any
) -> None:
    first_id = arrange_case(store)
    first = store.get("case", first_id)["internal_number"]
    second = store.get("case", arrange_case(store, {**MARIA, **JULIA}, seed=2))["internal_number"]
    window = main_window(qtbot, store, vault_dir, fast_vault)
    # the demo's summary (its ficha's facts, a title on two lines) scrolled at 1024×600;
    # these cases' is shorter (and offscreen fonts smaller): a window as much shorter
    window.resize(1024, 480)
    view = open_case_from_list(qtbot, window, first)
    qtbot.waitUntil(lambda: first in view.title.text(), timeout=10_000)
    bar = view.summary_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    # Tab down to the fichas list, the summary's last part: it scrolls into sight
    click(qtbot, view.parties)
    for _ in range(8):
        if view.intakes.hasFocus():
            break
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert view.intakes.hasFocus() and bar.value() > 0
    view = open_case_from_list(qtbot, window, second)
    qtbot.waitUntil(lambda: second in view.title.text(), timeout=10_000)
    assert bar.value() == 0  # "Materia", the first row, in sight
    assert view.summary.text().count("Materia") == 1
    window.lock()


def test_the_case_pdf_names_the_defender_as_the_screen_does(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fresh-eyes 8 #11: the case PDF said "Defensor(a): demo" (the login) where the app
    said "Usuaria de demostración": the vault's own user and the same login received
    from the server are one person, named by ``app.core.user_names`` on both."""
    from app.ui import case_view
    from tests.reports.pdftext import text_of
    from tests.ui.test_pdf_protection import answer_pdf_dialog
    from tests.ui.test_workspace import case_view_with_reports

    login = store.query("SELECT name FROM app_user WHERE id = ?", (store.user_id,))[0]["name"]
    name = "Usuaria de demostración"
    with store.transaction() as tx:  # the same login, as the server sends it after enrolling
        tx.insert("user", {"office_id": store.office_id, "name": login, "role": "defender",
                           "display_name": name})  # fmt: skip
    ws = case_view_with_reports(qtbot, store, vault_dir, fast_vault)
    ws.resize(1024, 600)
    ws.show()
    view = ws.case_view
    assert f"Defensor/a</b>&nbsp;&nbsp;</td><td>{name}<" in view.summary.text()
    target = tmp_path / "caso.pdf"
    monkeypatch.setattr(case_view, "save_path", lambda *_a, **_k: target)  # the file dialog
    answer_pdf_dialog(qtbot, password=None)
    with qtbot.waitSignal(view.pdf_saved, timeout=30_000):
        click(qtbot, view.pdf_button)
    text = " ".join(text_of(target.read_bytes()).split())
    assert f"Defensor(a) {name}" in text or f"Defensor(a): {name}" in text, text[:400]
    assert f"Defensor(a): {login}" not in text and f"Defensor(a) {login} " not in text
    assert f"por {name}" in text and f"por {login} " not in text  # who generated it
    view._worker.wait(10_000)
