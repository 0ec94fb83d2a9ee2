"""Errors reach the defender in Spanish, worded by class (``app/ui/errors.py``).

- every class of the tree in ``sync/errors.py`` has its own Spanish message (walking the
  subclasses, so a new class without one fails here), and none is "unexpected";
- a full disk during a PDF export from the case view (ENOSPC raised by a patched
  ``os.fsync``: the kernel is the edge we don't own) shows "El disco está lleno..." and
  leaves no file;
- a bad server response (a real captive portal on loopback) during enrollment from the
  first-run screen shows the bad-answer message, and a sync round that ended on one is
  worded by the same class.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Any

import pytest

import forms
from app.store import KdfParams
from app.ui import errors as ui_errors
from app.ui.backend import StoreBackend
from app.ui.errors import MESSAGES, ErrorReporter, user_message
from app.ui.main_window import MainWindow
from app.ui.services import Services
from app.ui.sync_adapter import enroll, to_sync_report
from sync import errors as tree
from sync.client.errors import BadResponse
from sync.client.report import RoundReport
from tests.sync.bad_server import captive_portal
from tests.test_error_tree import _instance, all_classes
from tests.ui.test_sync_ui import fill_enroll
from tests.ui.test_workspace import case_view_with_reports

SPANISH = re.compile(r"[áéíóúñ¿¡]|\b(el|la|los|las|de|no|se|un|una|en|este)\b", re.IGNORECASE)


@pytest.mark.parametrize("cls", all_classes(), ids=lambda c: c.__name__)
def test_every_class_of_the_tree_has_its_own_spanish_message(
    ui_app: Any, cls: type[tree.ChasquiError]
) -> None:
    assert cls in MESSAGES, f"{cls.__name__}: add a Spanish message to app/ui/errors.py"
    text = user_message(_instance(cls))
    assert text and text != str(ui_errors.UNEXPECTED)
    assert SPANISH.search(text), text


def test_classes_outside_the_tree_are_mapped_by_class(ui_app: Any) -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # a bare OSError from a library
    assert user_message(full) == user_message(tree.DiskFull("x"))
    assert "ficha" in user_message(forms.DefinitionError("bad"))
    assert user_message(ConnectionRefusedError()) == user_message(tree.LinkError("x"))
    assert user_message(KeyError("bug")) == str(ui_errors.UNEXPECTED)


def test_full_disk_during_pdf_export_reaches_the_defender(
    qtbot: Any,
    ui_app: Any,
    store: Any,
    vault_dir: Path,
    fast_vault: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reporter = ErrorReporter(use_dialogs=False)
    ws = case_view_with_reports(qtbot, store, vault_dir, fast_vault, reporter)
    view = ws.case_view

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "exports"
    out.mkdir()
    with qtbot.waitSignal(reporter.reported, timeout=30_000) as shown:
        view.export_pdf(out / "resumen.pdf", password=None)
    assert shown.args == [
        "El disco está lleno. Libere espacio y vuelva a intentarlo; no se perdió nada."
    ]
    assert list(out.iterdir()) == []
    view._worker.wait(10_000)


def test_bad_server_response_at_enrollment_reaches_the_defender(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path
) -> None:
    data_dir = tmp_path / "device"

    def do_enroll(d: Path, url: str, code: str, user: str, secret: str) -> Any:
        return enroll(d, url, code, user, secret, kdf=KdfParams.fast())  # real HTTP

    services = Services(
        vault=fast_vault, data_dir=data_dir, make_backend=StoreBackend, enroll=do_enroll
    )
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.first_run is not None, timeout=10_000)
    wizard = window.first_run
    assert wizard is not None
    expected = user_message(BadResponse("x"))
    assert "no entiende" in expected
    with captive_portal() as url:
        fill_enroll(wizard, url, "ABCD-1234")
        qtbot.waitUntil(lambda: wizard.enroll_message.text() == expected, timeout=15_000)
    assert not data_dir.exists()  # the empty vault of the failed attempt is gone


def test_a_round_that_ended_on_a_bad_answer_or_a_full_disk_says_so(ui_app: Any) -> None:
    bad = to_sync_report(RoundReport(status="offline", failure=BadResponse("not JSON")))
    assert bad.error == user_message(BadResponse("x"))
    disk = to_sync_report(RoundReport(status="local_error", failure=tree.DiskFull("x")))
    assert disk.error is not None and disk.error.startswith("El disco está lleno")
    offline = to_sync_report(RoundReport(status="offline"))
    assert offline.error is not None and "Sin conexión" in offline.error
    assert "failure" not in RoundReport(failure=BadResponse("x")).to_dict()
