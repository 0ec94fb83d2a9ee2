"""Automatic sync in the desktop app against the real (in-process) sync server: a record
written locally reaches the server without F5, a server that comes back after being
unreachable gets a round, F5 goes through the same scheduler, and nothing runs after the
session locks. Intervals are injected short; waiting is on conditions, never on sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.store import KdfParams
from app.ui.main_window import MainWindow
from app.ui.sync_adapter import EngineSyncPort, enroll
from sync.client import errors
from tests.conftest import PASS
from tests.ui.conftest import unlocked_window
from tests.ui.test_sync_ui import BASE, LocalServer, _services


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LocalServer]:
    s = LocalServer(tmp_path / "server.db")
    yield s
    s.close()


class Switchable:
    """The server's transport, cut while ``down`` (as a dropped link); calls are counted."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.down = False
        self.calls = 0

    def __call__(self, url: str, token: str | None) -> Any:
        return _Link(self, self.server.transport(url, token))


class _Link:
    def __init__(self, switch: Switchable, inner: Any) -> None:
        self._switch = switch
        self._inner = inner

    def _check(self) -> None:
        self._switch.calls += 1
        if self._switch.down:
            raise errors.LinkError("connection refused (test)")

    def call(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return self._inner.call(*args, **kwargs)

    def put_chunk(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return self._inner.put_chunk(*args, **kwargs)

    def close(self) -> None:
        self._inner.close()


def _enrolled(tmp_path: Path, server: LocalServer) -> tuple[Path, Any]:
    """A vault enrolled with ``server`` (its folder, its unlocked store)."""
    data_dir = tmp_path / "device"
    store, _key = enroll(
        data_dir,
        BASE,
        server.code(),
        "ana",
        PASS,
        transport=server.transport(BASE, None),
        kdf=KdfParams.fast(),
    )
    return data_dir, store


def _window(
    qtbot: Any, fast_vault: Any, tmp_path: Path, server: LocalServer, switch: Switchable
) -> tuple[MainWindow, Any]:
    """A window over a vault enrolled with ``server``, unlocked, auto-sync on (short)."""
    data_dir, store = _enrolled(tmp_path, server)
    services = _services(
        server, data_dir, fast_vault, sync_every=0.3, probe_every=0.05, transport_factory=switch
    )
    return unlocked_window(qtbot, services, store), store


def test_local_record_reaches_the_server_without_f5_and_f5_uses_the_scheduler(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LocalServer
) -> None:
    switch = Switchable(server)
    window, store = _window(qtbot, fast_vault, tmp_path, server, switch)
    ws = window.workspace
    assert ws is not None
    qtbot.waitUntil(lambda: ws.auto_sync is not None, timeout=20_000)  # built in the worker
    auto = ws.auto_sync
    qtbot.waitUntil(lambda: auto.rounds >= 1, timeout=20_000)  # on unlock: link appears
    store.insert("person", {"given_names": "Luz", "paternal_surname": "Ccori"})
    assert store.replica.pending_count() >= 1
    qtbot.waitUntil(lambda: store.replica.pending_count() == 0, timeout=20_000)  # acknowledged
    qtbot.waitUntil(lambda: "En línea" in window.status.online.text(), timeout=10_000)
    qtbot.waitUntil(lambda: "nunca" not in window.status.last.text(), timeout=10_000)
    page = ws.sync_page
    qtbot.waitUntil(lambda: page.history.count() >= 1, timeout=10_000)

    # F5 asks the same scheduler; the page shows the result as for a manual round.
    before = auto.rounds
    with qtbot.waitSignal(page.round_finished, timeout=20_000) as done:
        window.sync_action.trigger()
    assert done.args[0].error is None
    qtbot.waitUntil(lambda: auto.rounds > before, timeout=10_000)
    assert not page.running
    window.lock()
    assert not auto.running()


def test_server_back_after_being_unreachable_triggers_a_round_and_lock_stops_it(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LocalServer
) -> None:
    switch = Switchable(server)
    switch.down = True
    window, store = _window(qtbot, fast_vault, tmp_path, server, switch)
    ws = window.workspace
    assert ws is not None
    qtbot.waitUntil(lambda: ws.auto_sync is not None, timeout=20_000)  # built in the worker
    auto = ws.auto_sync
    store.insert("person", {"given_names": "Rosa", "paternal_surname": "Mamani"})
    qtbot.waitUntil(lambda: switch.calls >= 3, timeout=10_000)  # probing, offline
    qtbot.waitUntil(lambda: "Sin conexión" in window.status.online.text(), timeout=10_000)
    assert auto.rounds == 0 and store.replica.pending_count() >= 1

    switch.down = False  # the link appears: the scheduler syncs by itself
    qtbot.waitUntil(lambda: auto.rounds >= 1, timeout=20_000)
    assert store.replica.pending_count() == 0
    qtbot.waitUntil(lambda: "En línea" in window.status.online.text(), timeout=10_000)

    window.lock()  # the scheduler thread is joined before the store locks
    assert window.workspace is None and not auto.running()
    rounds, calls = auto.rounds, switch.calls
    # An observation window several intervals long (not a synchronization): nothing runs.
    qtbot.wait(400)
    assert auto.rounds == rounds and switch.calls == calls


def test_no_auto_sync_for_a_vault_that_is_not_enrolled(
    qtbot: Any, ui_app: Any, fast_vault: Any, vault: Path, server: LocalServer
) -> None:
    switch = Switchable(server)
    services = _services(server, vault, fast_vault, sync_every=0.3, probe_every=0.05)
    services.make_sync = lambda b: EngineSyncPort(
        b.store,  # type: ignore[attr-defined]
        default_url=BASE,
        transport_factory=switch,
    )
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    store = fast_vault.unlock(vault, "ana", PASS)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        window.open_workspace(store)
    ws = window.workspace
    assert ws is not None and ws.auto_sync is None
    assert switch.calls == 0
    window.lock()


def test_revoked_by_the_server_the_automatic_round_wipes_and_stops(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LocalServer
) -> None:
    from sync.server.admin import Admin

    switch = Switchable(server)
    switch.down = True  # revoke first, then let the link appear
    window, _store = _window(qtbot, fast_vault, tmp_path, server, switch)
    ws = window.workspace
    assert ws is not None
    qtbot.waitUntil(lambda: ws.auto_sync is not None, timeout=20_000)  # built in the worker
    auto = ws.auto_sync
    admin = Admin(server.db)
    for device in admin.list_devices():
        admin.revoke_device(str(device["id"]))
    with qtbot.waitSignal(window.wiped, timeout=20_000):
        switch.down = False
    assert window.backend is None and not auto.running()
    assert not fast_vault.exists(tmp_path / "device")


def test_the_scheduler_is_built_off_the_ui_thread_after_inicio_shows_its_data(
    qtbot: Any, ui_app: Any, fast_vault: Any, tmp_path: Path, server: LocalServer
) -> None:
    """Building the scheduler loads the HTTP client (seconds on a slow machine): it must
    not delay the first page after unlocking (``--demo`` unlock -> usable)."""
    import threading
    import time

    switch = Switchable(server)
    data_dir, store = _enrolled(tmp_path, server)
    services = _services(server, data_dir, fast_vault, sync_every=0.3, probe_every=0.05)
    seen: dict[str, Any] = {}

    class Port(EngineSyncPort):
        def auto_sync(self, **kwargs: Any) -> Any:
            seen["thread"] = threading.current_thread()
            seen["built"] = time.monotonic()
            return super().auto_sync(**kwargs)

    services.make_sync = lambda b: Port(b.store, transport_factory=switch)
    window = MainWindow(services)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()

    def watch_inicio() -> None:  # Inicio's data arrive after the workspace shows
        home = window.workspace.home
        home.refreshed.connect(lambda: seen.setdefault("inicio", time.monotonic()))

    window.unlocked.connect(watch_inicio)
    with qtbot.waitSignal(window.unlocked, timeout=10_000):
        window.open_workspace(store)
    ws = window.workspace
    assert ws is not None and ws.auto_sync is None  # not built on the UI thread
    with qtbot.waitSignal(ws.auto_started, timeout=20_000):
        pass
    assert seen["thread"] is not threading.main_thread()
    assert seen["inicio"] < seen["built"]  # Inicio had its data first
    assert ws.home.greeting.text().startswith("Hola, ana")
    qtbot.waitUntil(lambda: ws.auto_sync.rounds >= 1, timeout=20_000)
    window.lock()
    assert window.workspace is None
