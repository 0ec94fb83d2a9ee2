"""End to end: real uvicorn on loopback, replicas behind a TCP proxy that delays,
caps bandwidth and cuts connections mid-transfer; also the CLI against it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.cli import main as cli_main
from tests.conftest import PASS, make_vault
from tests.sync.conftest import SyncWorld
from tests.sync.proxy import LinkProxy, UvicornThread


@pytest.fixture
def served(world: SyncWorld) -> Iterator[tuple[SyncWorld, LinkProxy]]:
    server = UvicornThread(world.server.app).start()
    proxy = LinkProxy(server.port, delay=0.02, bandwidth=400_000).start()
    try:
        yield world, proxy
    finally:
        proxy.stop()
        server.stop()


@pytest.mark.slow
def test_sync_through_a_bad_link_with_a_cut(served: tuple[SyncWorld, LinkProxy]) -> None:
    world, proxy = served
    a = world.replica("a", url=proxy.url)
    b = world.replica("b", url=proxy.url)
    with a.store.transaction() as tx:
        for i in range(1500):
            tx.insert("person", {"office_id": a.store.office_id, "given_names": f"Nombre {i}"})
    assert a.sync().complete
    proxy.reset_counters()
    proxy.cut_after(15_000)  # the answer stream is cut mid-transfer
    first = b.sync()
    assert first.retries >= 1, first
    proxy.cut_after(None)
    second = b.sync()
    assert second.complete, second.errors
    assert b.store.query("SELECT count(*) AS c FROM person")[0]["c"] == 1500
    assert 1 <= proxy.connections <= 2  # keep-alive: one new connection after the cut
    again = b.sync()
    assert again.requests == 1 and again.bytes_up + again.bytes_down < 1024


def test_cli_enroll_and_sync(
    served: tuple[SyncWorld, LinkProxy],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world, proxy = served
    data = world.tmp / "cli-vault"
    monkeypatch.setenv("CHASQUI_PASSPHRASE", PASS)
    monkeypatch.setenv("CHASQUI_NEW_PASSPHRASE", PASS)
    monkeypatch.setenv("CHASQUI_ENROLL_CODE", world.server.code())
    store = make_vault(data, "LIMA")
    store.insert("person", {"office_id": store.office_id, "given_names": "Rosa"})
    store.lock()
    base = ["--data-dir", str(data)]
    assert cli_main(["sync", *base]) == 2  # not enrolled yet
    assert cli_main(["enroll", "--server", proxy.url, *base]) == 0
    assert "device number" in capsys.readouterr().out
    assert cli_main(["enroll", "--server", proxy.url, *base]) == 2  # already enrolled
    assert cli_main(["sync", *base]) == 0
    out = capsys.readouterr().out
    assert "pushed: 2" in out and "quarantined: 0" in out
    assert cli_main(["sync", "--status", *base]) == 0
    assert "pending: 0" in capsys.readouterr().out
    assert cli_main(["conflicts", "list", *base]) == 0
    assert cli_main(["conflicts", "resolve", "nope", "--keep", "mine", *base]) == 2
    bundle = world.tmp / "b.chasqui"
    assert cli_main(["bundle", "export", str(bundle), *base]) == 0
    assert cli_main(["bundle", "import", str(bundle), *base]) == 2  # not a reply
    assert cli_main(["enroll", "--server", "ftp://x", *base]) == 2
    from app.store import Vault

    store = Vault.unlock(data, "ana", PASS)
    device_id = store.device_id
    store.lock()
    from sync.client import engine, link

    monkeypatch.setattr(engine, "Backoff", lambda: link.Backoff(base=0.01, attempts=2))
    proxy.stop()  # the link is gone: not fully synced
    assert cli_main(["sync", *base]) == 4
    proxy.start()  # the link is back, on the same address
    world.server.admin.revoke_device(device_id)
    assert cli_main(["sync", *base]) == 5
    assert "revoked" in capsys.readouterr().err
    assert not Vault.exists(data)  # lost or stolen: the copy was wiped
    assert not (data / "chasqui.db").exists()
