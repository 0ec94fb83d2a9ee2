"""``main.py --demo`` pieces: the local server starts, the demo vault is created enrolled
and filled, a sync round against the server goes through, the GUI argument split."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from app.store import Vault
from app.ui import demo
from app.ui.sync_adapter import EngineSyncPort


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_demo_vault_enrolled_filled_and_syncs(tmp_path: Path) -> None:
    server = demo.DemoServer(tmp_path, port=_free_port())
    assert server.start()
    try:
        vault_dir = demo.ensure_demo_vault(tmp_path, people=12, server=server)
        assert demo.ensure_demo_vault(tmp_path, people=12, server=server) == vault_dir  # reused
        store = Vault.unlock(vault_dir, demo.DEMO_USER, demo.DEMO_PASSPHRASE)
        try:
            assert store.office_code == demo.DEMO_OFFICE[0]
            assert store.query("SELECT count(*) AS n FROM person")[0]["n"] >= 12
            port = EngineSyncPort(store, default_url=server.url)
            assert port.configured()
            phases: list[str] = []
            report = port.run_round(lambda phase, _d, _t: phases.append(phase))
            assert report.error is None, report.details
            assert report.sent > 0 and phases
            assert store.replica.pending_count() == 0
            assert port.history()[0]["status"] == "ok"
        finally:
            store.lock()
    finally:
        server.stop()
    assert not server.running


def test_main_sends_gui_options_to_the_gui_and_the_rest_to_the_cli() -> None:
    import main

    assert main._is_gui([])
    assert main._is_gui(["--demo"])
    assert main._is_gui(["--data-dir", "x", "--lang", "en"])
    assert main._is_gui(["--lang=en", "--idle-minutes", "5"])
    assert not main._is_gui(["person", "list"])
    assert not main._is_gui(["--data-dir", "x", "person", "list"])
    assert not main._is_gui(["--help"])


def test_the_demo_server_starts_on_the_first_sync_request_once(tmp_path: Path) -> None:
    """``--demo`` over an existing vault starts its server only when the sync client
    first asks (after Inicio), once; after ``stop`` nothing starts it again."""
    server = demo.DemoServer(tmp_path, port=_free_port())
    said: list[bool] = []
    server.announce = said.append
    factory = server.transport_factory()
    assert not server.running  # making the factory starts nothing
    try:
        transport = factory(server.url, None)
        try:
            assert server.running and said == [True]
            from sync.client import probe

            assert probe(transport, timeout=10)
        finally:
            transport.close()
        factory(server.url, None).close()
        assert said == [True]  # started once
    finally:
        server.stop()
    assert not server.running
    factory(server.url, None).close()  # a request after stop does not start it again
    assert not server.running and said == [True]


def test_a_demo_whose_port_is_taken_runs_its_server_elsewhere_and_syncs_with_it(
    tmp_path: Path,
) -> None:
    """Fresh-eyes walkthrough 7, finding 1: another demo on the machine held port 8471 and
    the tester's demo had no server at all. Now it starts on a free port and its transport
    goes there; whatever holds the usual port is never spoken to (walkthrough 4, finding
    6: a demo synced with another demo's server and read "no reconoce este equipo")."""
    from sync.client import probe

    with socket.socket() as other:  # another program holds the port
        other.bind(("127.0.0.1", 0))
        other.listen()
        other.setblocking(False)
        taken = other.getsockname()[1]
        server = demo.DemoServer(tmp_path, port=taken)
        try:
            transport = server.transport_factory()(f"http://127.0.0.1:{taken}", "token")
            try:
                assert server.running and server.port != taken
                assert server.url == f"http://127.0.0.1:{server.port}"
                assert probe(transport, timeout=10)  # its own server answers
            finally:
                transport.close()
            with pytest.raises(BlockingIOError):
                other.accept()  # nobody knocked on the other program's door
        finally:
            server.stop()


def test_a_demo_whose_server_cannot_start_syncs_with_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its server could not start at all: its transport is a link that is down."""
    import sys

    from sync.client import probe
    from sync.errors import LinkError

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # the server's code is missing
    server = demo.DemoServer(tmp_path, port=_free_port())
    try:
        transport = server.transport_factory()(server.url, "token")
        with pytest.raises(LinkError):
            transport.call("GET", "/v1/health")
        assert not server.running
        assert not probe(transport, timeout=2)  # the status bar: not "En línea"
    finally:
        server.stop()


def test_a_second_demo_on_the_same_folder_says_so_and_exits(tmp_path: Path, capsys: Any) -> None:
    """The same finding: two demos wrote one vault at once. The second one exits with 2
    and says why (the first holds ``demo.lock``; a lock left by a dead process is taken
    over by Qt's ``QLockFile``)."""
    from PySide6.QtCore import QLockFile

    from app.ui import app as gui

    first = QLockFile(str(tmp_path / "demo.lock"))
    assert first.tryLock(0)
    try:
        assert gui.run(["--demo", "--data-dir", str(tmp_path)]) == 2
        assert "Ya hay una demo abierta" in capsys.readouterr().err
    finally:
        first.unlock()
    assert gui._hold_demo_folder(tmp_path) is not None  # free again



def test_the_demo_server_lifts_the_guis_numpy_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GUI keeps pandas and numpy from loading (``app.ui.app.NOT_USED``: sqlite-utils
    would, seconds before the unlock screen); the server's figures now need numpy, and the
    demo's server, run in the GUI's process, said "El servidor local no arrancó" (import of
    numpy halted). Starting the demo server lets numpy load again, and it answers."""
    import sys

    import numpy  # noqa: F401  (loaded, so the block below is undone after the test)

    monkeypatch.setitem(sys.modules, "numpy", None)  # as app._skip_unused_libraries sets it
    server = demo.DemoServer(tmp_path, port=_free_port())
    try:
        assert server.start(timeout=60)
        import numpy as loaded  # no longer "import of numpy halted"

        assert loaded.zeros(2).sum() == 0
    finally:
        server.stop()


def test_the_demos_first_start_says_so_in_a_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ui_app: Any
) -> None:
    """Fresh-eyes walkthrough 7, finding 2: the first start made its data for ~40 s on a
    black screen, the sentence only in the terminal. Now a window says it meanwhile."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from app.ui import app as gui

    shown = threading.Event()
    said: list[str] = []

    def look() -> None:  # on the UI thread, while the data are being made
        for widget in QApplication.topLevelWidgets():
            text = widget.text() if isinstance(widget, QLabel) else ""
            if widget.isVisible() and "demostración" in text:
                said.append(text)
                shown.set()
                return
        QTimer.singleShot(20, look)

    def making(root: Path, server: Any = None) -> Path:  # in the maker's thread
        assert shown.wait(10), "no window said it"
        raise RuntimeError("the test stops here")

    monkeypatch.setattr(demo, "ensure_demo_vault", making)
    monkeypatch.setattr(demo.DemoServer, "ensure_started", lambda self: False)
    QTimer.singleShot(0, look)
    assert gui.run(["--demo", "--data-dir", str(tmp_path)]) == 1  # its error, said
    assert said and said[0].startswith("Creando datos de demostración (una sola vez)…")
    assert not any(  # and the window went away
        isinstance(w, QLabel) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_a_demo_vault_made_without_its_server_is_enrolled_before_its_first_round(
    tmp_path: Path,
) -> None:
    """Fresh-eyes #24: a demo vault created while port 8471 was taken (before the demo
    moved to a free port) was left standalone, and "Sincronizar" never worked on it.
    Before a round the demo enrolls it with its own server; its records are kept, take
    the server's identity and are all sent; a second round sends nothing more. An
    enrolled vault pointing at an old local port is pointed at the server's."""
    vault_dir = demo.ensure_demo_vault(tmp_path, people=6, server=None)  # as back then
    server = demo.DemoServer(tmp_path, port=_free_port())
    store = Vault.unlock(vault_dir, demo.DEMO_USER, demo.DEMO_PASSPHRASE)
    try:
        people = store.query("SELECT count(*) AS n FROM person")[0]["n"]
        port = EngineSyncPort(store, server.url, server.transport_factory(), server.repair_link)
        assert not port.session.configured()  # standalone: not enrolled
        assert port.configured()  # but its first round links it: rounds are offered
        report = port.run_round(lambda _p, _d, _t: None)
        assert report.error is None, report.details
        assert port.session.configured() and report.sent > people
        assert store.replica.pending_count() == 0
        assert store.query("SELECT count(*) AS n FROM person")[0]["n"] == people
        (row,) = store.query("SELECT office_id FROM person LIMIT 1")
        assert row["office_id"] == store.office_id  # the server's office
        assert port.run_round(lambda _p, _d, _t: None).sent == 0
        # a later run whose server came up elsewhere: the stored address follows it
        port.set_server_url("http://127.0.0.1:8471")
        again = demo.DemoServer(tmp_path, port=_free_port())
        server.stop()
        port.session.prepare = again.repair_link
        port.session.transport_factory = again.transport_factory()
        try:
            assert port.run_round(lambda _p, _d, _t: None).error is None
            assert port.server_url() == again.url
        finally:
            again.stop()
    finally:
        store.lock()
        server.stop()


def test_sincronizar_works_in_a_demo_whose_vault_was_made_without_its_server(
    qtbot: Any, ui_app: Any, store: Any, vault_dir: Path, fast_vault: Any, tmp_path: Path
) -> None:
    """The same in the window: a standalone vault (``store``) run as a demo. "Sincronizar"
    is offered, F5 runs a round that enrolls it with the demo's server and sends its
    records, and the status bar says it is on line; nothing of the vault is lost."""
    from app.ui.backend import StoreBackend
    from app.ui.services import Services
    from app.ui.sync_adapter import make_sync_port
    from tests.ui.conftest import unlocked_window

    store.insert("person", {"given_names": "Luz", "paternal_surname": "Ccori"})
    server = demo.DemoServer(tmp_path / "demo", port=_free_port())
    factory = server.transport_factory()
    services = Services(
        vault=fast_vault,
        data_dir=vault_dir,
        make_backend=StoreBackend,
        make_sync=lambda b: make_sync_port(b, server.url, factory, server.repair_link),
        sync_every=0.0,
    )
    try:
        window = unlocked_window(qtbot, services, store)
        page = window.workspace.sync_page
        assert page.sync_button.isEnabled()
        with qtbot.waitSignal(page.round_finished, timeout=60_000) as done:
            window.sync_action.trigger()  # F5
        report = done.args[0]
        assert report.error is None, report.details
        assert report.sent >= 1 and store.replica.pending_count() == 0
        assert store.query("SELECT given_names FROM person")[0]["given_names"] == "Luz"
        qtbot.waitUntil(lambda: "En línea" in window.status.online.text(), timeout=10_000)
        window.lock()
    finally:
        server.stop()
