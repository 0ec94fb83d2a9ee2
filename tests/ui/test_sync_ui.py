"""The desktop app against the real sync server (in-process): enroll a device from the
first-run wizard, then a sync round from the sync page with progress and a status bar
that shows the result; a second device's change arrives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PySide6.QtCore import Qt

from app.store import KdfParams
from app.ui.backend import StoreBackend
from app.ui.main_window import MainWindow
from app.ui.services import Services
from app.ui.sync_adapter import EngineSyncPort, enroll
from sync.client.transport import HttpTransport
from sync.server.admin import Admin
from sync.server.app import create_app
from sync.server.auth import issue_code
from sync.server.db import Database
from tests.conftest import PASS

BASE = "https://chasqui.test"


class LocalServer:
    def __init__(self, path: Path) -> None:
        self.db = Database(f"sqlite:///{path}")
        app = create_app(database=self.db, enroll_per_ip=1000, enroll_overall=1000)
        self.client = TestClient(app, base_url=BASE, raise_server_exceptions=False)
        admin = Admin(self.db)
        self.office = admin.add_office("LIMA", "ALEGRA Lima")
        admin.add_user("LIMA", "ana", "Ana Quispe")

    def code(self) -> str:
        return issue_code(self.db, self.office.office_id, 3600)

    def transport(self, _url: str, token: str | None) -> HttpTransport:
        return HttpTransport(BASE, token, client=self.client)

    def close(self) -> None:
        self.client.close()
        self.db.dispose()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalServer]:
    s = LocalServer(tmp_path / "server.db")
    yield s
    s.close()


def _services(
    server: LocalServer,
    data_dir: Path,
    fast_vault: Any,
    sync_every: float = 0.0,  # manual rounds only, unless a test asks for automatic sync
    probe_every: float = 30.0,
    transport_factory: Any = None,
) -> Services:
    def do_enroll(d: Path, url: str, code: str, user: str, secret: str) -> Any:
        return enroll(
            d,
            url,
            code,
            user,
            secret,
            transport=server.transport(url, None),
            kdf=KdfParams.fast(),
        )

    return Services(
        vault=fast_vault,
        data_dir=data_dir,
        make_backend=StoreBackend,
        make_sync=lambda b: EngineSyncPort(
            b.store,  # type: ignore[attr-defined]
            transport_factory=transport_factory or server.transport,
        ),
        enroll=do_enroll,
        sync_every=sync_every,
        sync_probe_every=probe_every,
    )


def fill_enroll(wizard: Any, url: str, code: str) -> None:
    """Fill the first-run screen's enrollment page (user ana) and submit it."""
    wizard.pages.setCurrentIndex(3)
    wizard.server_url.setText(url)
    wizard.enroll_code.setText(code)
    wizard.enroll_user.setText("ana")
    wizard.enroll_pass1.setText(PASS)
    wizard.enroll_pass2.setText(PASS)
    wizard.submit_enroll()


def test_enroll_from_first_run_then_sync_round_with_progress(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LocalServer
) -> None:
    data_dir = tmp_path / "device"
    window = MainWindow(_services(server, data_dir, fast_vault))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.first_run is not None, timeout=10_000)
    wizard = window.first_run
    assert wizard is not None
    fill_enroll(wizard, BASE, "WRONG-CODE")
    qtbot.waitUntil(lambda: "no es válido" in wizard.enroll_message.text(), timeout=10_000)
    assert not data_dir.exists()  # the empty vault of the failed attempt is gone
    wizard.enroll_code.setText(server.code())
    wizard.enroll_pass1.setText(PASS)
    wizard.enroll_pass2.setText(PASS)
    wizard.submit_enroll()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == 2, timeout=10_000)  # recovery key
    from sync.server.identity import public

    # the server's fingerprint is shown, to compare with what the administrator read
    assert wizard.fingerprint_label.isVisible()
    assert public(server.db).fingerprint in wizard.fingerprint_label.text()
    wizard.ack.setChecked(True)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    backend = window.backend
    assert isinstance(backend, StoreBackend) and backend.store.office_code == "LIMA"
    backend.store.insert("person", {"given_names": "Luz", "paternal_surname": "Ccori"})

    # A second device of the office writes a note that must arrive.
    other_dir = tmp_path / "other"
    other, _ = enroll(
        other_dir,
        BASE,
        server.code(),
        "ana",
        PASS,
        transport=server.transport(BASE, None),
        kdf=__import__("app.store").store.KdfParams.fast(),
    )
    other_port = EngineSyncPort(other, transport_factory=server.transport)
    other.insert("person", {"given_names": "Rosa", "paternal_surname": "Mamani"})
    assert other_port.run_round(lambda *_a: None).error is None
    other.lock()

    ws = window.workspace
    assert ws is not None
    page = ws.sync_page
    assert page.sync_button.isEnabled()
    phases: list[str] = []
    page._progress.changed.connect(lambda phase, _d, _t: phases.append(phase))
    with qtbot.waitSignal(page.round_finished, timeout=30_000) as done:
        window.sync_action.trigger()  # F5
    report = done.args[0]
    assert report.error is None, report.details
    assert report.sent >= 1 and report.received >= 1
    assert phases  # progress reached the page
    names = {r["given_names"] for r in backend.store.query("SELECT given_names FROM person")}
    assert {"Luz", "Rosa"} <= names
    qtbot.waitUntil(lambda: "En línea" in window.status.online.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "nunca" not in window.status.last.text(), timeout=10_000)
    assert window.status.pending.text().endswith(": 0")
    qtbot.waitUntil(lambda: page.history.count() == 1, timeout=10_000)

    # USB bundle: pending changes leave in an encrypted file for the office server.
    backend.store.insert("person", {"given_names": "Nilda", "paternal_surname": "Puma"})
    bundle = tmp_path / "cambios.bundle"
    sync = ws.sync
    assert sync is not None
    assert sync.export_bundle(bundle) >= 1
    assert bundle.exists() and b"Nilda" not in bundle.read_bytes()
    window.lock()
