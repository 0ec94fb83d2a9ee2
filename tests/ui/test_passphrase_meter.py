"""The first-run wizard shows the passphrase estimate (Spanish) as the user types and
refuses a weak passphrase before creating anything (issue 12, finding 7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from app.store import Vault
from tests.conftest import PASS
from tests.ui.test_shell import _window


def test_meter_follows_typing_and_weak_passphrases_create_nothing(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "new"
    window = _window(qtbot, fast_vault, data_dir)
    wizard = window.first_run
    assert wizard is not None
    qtbot.mouseClick(wizard.create_radio, Qt.MouseButton.LeftButton)
    wizard.pages.setCurrentIndex(1)
    qtbot.keyClicks(wizard.office_code, "lim01")
    wizard.office_name.setText("ALEGRA Lima Centro")
    qtbot.keyClicks(wizard.user_name, "ana")
    qtbot.keyClicks(wizard.pass1, "1234")
    assert "Muy corta" in wizard.hint.text()
    qtbot.keyClicks(wizard.pass1, "5678")
    assert wizard.hint.text().startswith("Muy débil")
    assert "más usadas" in wizard.hint.text()
    wizard.pass1.setText("rosaquispe")  # a Peruvian name and surname: weak
    assert wizard.hint.text().startswith(("Muy débil", "Débil"))
    wizard.pass2.setText("rosaquispe")
    wizard.submit_create()
    assert "fácil de adivinar" in wizard.create_message.text()
    assert not Vault.exists(data_dir)
    wizard.pass1.setText(PASS)
    assert wizard.hint.text().startswith(("Aceptable", "Fuerte"))
    # The enrollment page has the same meter.
    qtbot.keyClicks(wizard.enroll_pass1, "password")
    assert "más usadas" in wizard.enroll_hint.text()


def test_enrollment_refuses_plain_http_to_another_computer(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path
) -> None:
    window = _window(qtbot, fast_vault, tmp_path / "new")
    wizard = window.first_run
    assert wizard is not None
    wizard.server_url.setText("http://192.0.2.7:8470")
    wizard.enroll_code.setText("ABCDE-FGHIJ")
    wizard.enroll_user.setText("ana")
    wizard.enroll_pass1.setText(PASS)
    wizard.enroll_pass2.setText(PASS)
    wizard.submit_enroll()
    assert "https://" in wizard.enroll_message.text()
    assert not Vault.exists(tmp_path / "new")
