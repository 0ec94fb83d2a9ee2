"""Issue 12: what a laptop cannot apply is set aside *and shown*. A server that stored a
poisoned record (an attachment whose sha256 is ``../../../../etc/passwd``) does not stop
the defender's round: F5 ends well, the genuine record arrives, and the Sincronización
page lists the set-aside record with a Spanish reason (the precise one in its tooltip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.store import KdfParams
from app.ui.sync_adapter import enroll
from tests.conftest import PASS
from tests.sync.test_set_aside import plant
from tests.ui.conftest import unlocked_window
from tests.ui.e2e import nav_to
from tests.ui.test_sync_ui import BASE, LocalServer, _services


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalServer]:
    s = LocalServer(tmp_path / "server.db")
    yield s
    s.close()


def _plant(server: LocalServer, entity: str, fields: dict[str, Any]) -> str:
    return plant(server.db, server.office.office_id, entity, fields)


def _window(qtbot: Any, fast_vault: Any, tmp_path: Path, server: LocalServer) -> tuple[Any, Any]:
    """The main window over a vault enrolled with ``server``, unlocked."""
    data_dir = tmp_path / "device"
    store, _key = enroll(
        data_dir, BASE, server.code(), "ana", PASS,
        transport=server.transport(BASE, None), kdf=KdfParams.fast(),
    )  # fmt: skip
    return unlocked_window(qtbot, _services(server, data_dir, fast_vault), store), store


def test_the_sync_page_shows_what_was_set_aside(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LocalServer
) -> None:
    _plant(server, "attachment", {"sha256": "../../../../etc/passwd", "filename": "x.pdf"})
    genuine = _plant(server, "person", {"given_names": "Eva", "paternal_surname": "Rojas"})
    window, store = _window(qtbot, fast_vault, tmp_path, server)
    nav_to(qtbot, window, "Sincronización")
    page = window.workspace.sync_page
    with qtbot.waitSignal(page.round_finished, timeout=30_000) as done:
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert done.args[0].error is None, done.args[0].details
    assert store.get("person", genuine) is not None  # the round went on

    bar = page.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.tabText(2).endswith("(1)"), timeout=10_000)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())
    assert bar.tabText(2) == "Recibidos apartados (1)"
    table = page.kept_aside
    assert table.isVisible() and table.rowCount() == 1
    assert table.item(0, 1).text() == "Adjunto"
    reason = table.item(0, 2)
    assert reason.text().startswith("Trae un dato inválido")
    assert "sha256" in reason.toolTip()
    assert bar.tabText(1) == "Cuarentena (0)"
    window.lock()


def test_usb_export_says_what_it_carries_and_is_named_by_office_and_time(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LocalServer
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.e2e import answer_save_dialog, when_modal

    window, store = _window(qtbot, fast_vault, tmp_path, server)
    nav_to(qtbot, window, "Sincronización")
    page = window.workspace.sync_page
    with qtbot.waitSignal(page.round_finished, timeout=30_000):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)  # nothing pending now

    asked: list[str] = []

    def answer_no(box: QMessageBox) -> None:
        asked.append(box.text())
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)

    when_modal(QMessageBox, answer_no)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "No hay cambios por enviar" in asked[0]
    assert not list(tmp_path.glob("*.bundle"))  # declined: nothing written

    store.insert("person", {"given_names": "Nilda", "paternal_surname": "Puma"})
    target = tmp_path / "para-la-oficina.bundle"
    seen: list[str] = []
    answer_save_dialog(target, seen)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)  # one pending: no question
    qtbot.waitUntil(lambda: "Paquete guardado en" in page.phase.text(), timeout=10_000)
    assert str(target) in page.phase.text() and "1 cambio." in page.phase.text()
    assert target.exists() and b"Nilda" not in target.read_bytes()
    window.lock()
