"""Desktop PDF exports are protected by default (issue 12, finding 8): the dialog asks
for a password of at least 12 characters, saving unprotected needs ticking a box, and
the choice is audited. Real widgets, real store, PDFs read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui.pdf_protect import PdfProtectionDialog
from app.ui.reports_page import ReportsPage
from app.ui.wiring import StoreReports
from app.ui.worker import Worker


def answer_pdf_dialog(
    qtbot: Any, password: str | None = None, *, cancel: bool = False, short: str = ""
) -> list[str]:
    """Answer the next protection dialog as a user would; returns the messages it showed."""
    shown: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PdfProtectionDialog):
            QTimer.singleShot(10, answer)
            return
        if cancel:
            dialog.reject()
            return
        if short:  # a too-short password is refused inline; the dialog stays open
            dialog.pass1.setText(short)
            dialog.pass2.setText(short)
            dialog.accept()
            shown.append(dialog.message.text())
            assert dialog.isVisible()
        if password is None:
            dialog.unprotected.setChecked(True)
        else:
            dialog.pass1.setText(password)
            dialog.pass2.setText(password)
        dialog.accept()

    QTimer.singleShot(0, answer)
    return shown


def _exports(store: Any) -> list[dict[str, Any]]:
    import json

    rows = store.query("SELECT detail FROM audit_event WHERE action = 'export' ORDER BY seq")
    return [json.loads(r["detail"]) for r in rows]


def test_reports_are_protected_by_default_and_unprotected_is_an_audited_choice(
    qtbot: Any, ui_app: Any, store: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from app.ui import reports_page

    worker = Worker()
    page = ReportsPage(StoreReports(store, "ana"), worker)
    qtbot.addWidget(page)
    target = tmp_path / "agenda.pdf"
    monkeypatch.setattr(reports_page, "save_path", lambda *_a, **_k: target)  # file dialog
    # Cancelled: nothing written, nothing audited.
    answer_pdf_dialog(qtbot, cancel=True)
    page._ask()
    assert not target.exists() and _exports(store) == []
    # Default: a password, refused under 12 characters, then the PDF is encrypted.
    shown = answer_pdf_dialog(qtbot, "agenda-segura-2026", short="corta1234")
    with qtbot.waitSignal(page.generated, timeout=30_000):
        page._ask()
    assert "al menos 12" in shown[0]
    reader = PdfReader(target)
    assert reader.is_encrypted and reader.decrypt("agenda-segura-2026") != 0
    # Explicit choice: unprotected, and the audit says so.
    target.unlink()
    answer_pdf_dialog(qtbot, None)
    with qtbot.waitSignal(page.generated, timeout=30_000):
        page._ask()
    assert not PdfReader(target).is_encrypted
    details = _exports(store)
    assert [(d["protection"], d["encrypted"]) for d in details] == [
        ("password", True),
        ("declined", False),
    ]
    assert store.verify_audit().ok
    worker.wait(10_000)
