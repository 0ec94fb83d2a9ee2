"""The monthly statistics ask for a document password by what they contain (fresh-eyes 6
#11: the figures-only report asked "El PDF tendrá datos personales" like a case file).
A count of 1 to 4 people about beneficiaries can point at one person for whoever knows the
place, so then the dialog asks and says which cells; a month without such a count is
saved as it is, and the page says why. Driven through the real main window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.ui.pdf_protect import PdfProtectionDialog
from tests.ui.e2e import (
    MARIA,
    answer_save_dialog,
    arrange_case,
    button,
    click,
    click_list_row,
    nav_to,
    when_modal,
)

MONTHLY = "Estadística mensual (mes en curso)"
PASSWORD = "cifras-seguras-2026"


def _protections(store: Any) -> list[str]:
    rows = store.query("SELECT detail FROM audit_event WHERE action = 'export' ORDER BY seq")
    return [json.loads(r["detail"])["protection"] for r in rows]


def _window(qtbot: Any, store: Any, data_dir: Path, vault: Any) -> Any:
    """The real main window at 1024x600 with the real reports."""
    from app.ui.backend import StoreBackend
    from app.ui.services import Services
    from app.ui.wiring import make_reports
    from tests.ui.conftest import unlocked_window

    services = Services(vault=vault, data_dir=data_dir, make_backend=StoreBackend,
                        make_reports=make_reports)  # fmt: skip
    window = unlocked_window(qtbot, services, store)
    window.resize(1024, 600)
    return window


def _generate_monthly(qtbot: Any, window: Any, target: Path, seen: list[str]) -> Any:
    nav_to(qtbot, window, "Reportes")
    page = window.workspace.reports
    texts = [page.list.item(i).text() for i in range(page.list.count())]
    assert MONTHLY in texts, (texts, page.message.text())
    row = texts.index(MONTHLY)
    click_list_row(qtbot, page.list, row)
    answer_save_dialog(target, seen)
    with qtbot.waitSignal(page.generated, timeout=60_000):
        click(qtbot, button(page, "Generar PDF…"))
    return page


def test_a_count_of_one_person_asks_for_the_password_and_says_why(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    arrange_case(store)  # one person attended this month: every count about her is 1
    window = _window(qtbot, store, vault_dir, fast_vault)
    asked: list[str] = []

    def answer(dialog: PdfProtectionDialog) -> None:
        asked.append(dialog.intro.text())
        QTest.keyClicks(dialog.pass1, PASSWORD)
        QTest.keyClicks(dialog.pass2, PASSWORD)
        QTest.keyClick(dialog.pass2, Qt.Key.Key_Return)

    when_modal(PdfProtectionDialog, answer, tries=3000)
    target = tmp_path / "estadistica.pdf"
    page = _generate_monthly(qtbot, window, target, [])
    assert len(asked) == 1
    assert asked[0].startswith(
        "El reporte no tiene nombres, pero algunas celdas cuentan menos de 5 personas y "
        "pueden identificar a alguien (Personas atendidas por sexo — Femenino: 1; "
    )
    assert "; …). Elija una contraseña para abrirlo (al menos 12 caracteres)" in asked[0]
    reader = PdfReader(target)
    assert reader.is_encrypted and reader.decrypt(PASSWORD) != 0
    assert page.message.text() == f"Reporte guardado en {target}"
    assert _protections(store) == ["password"]


def test_totals_of_five_or_more_people_are_saved_without_asking(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    for i in range(5):  # five people alike: every count about them is 5
        arrange_case(store, {**MARIA, "given_names": f"Maria {'ABCDE'[i]}",
                             "doc_number": f"4587123{i}"})  # fmt: skip
    window = _window(qtbot, store, vault_dir, fast_vault)
    asked: list[str] = []
    when_modal(PdfProtectionDialog, lambda d: (asked.append(d.intro.text()), d.reject()))
    target = tmp_path / "estadistica.pdf"
    page = _generate_monthly(qtbot, window, target, [])
    assert not PdfReader(target).is_encrypted
    assert page.message.text() == (
        f"Reporte guardado en {target} sin contraseña: solo tiene totales, ninguna cifra de "
        "menos de 5 personas."
    )
    assert asked == [] and _protections(store) == ["not_needed"]
