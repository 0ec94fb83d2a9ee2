"""USB bundles: export on the laptop, relay on the server, import the reply."""

from __future__ import annotations

import pytest

from sync.changes import Changed
from sync.client import export_bundle, import_bundle
from sync.client.errors import BundleError
from sync.server import bundles as server_bundles
from sync.server.cli import main as server_main
from tests.sync.conftest import SyncWorld
from tests.sync.test_scenarios import person


def test_round_trip_by_usb_is_idempotent(world: SyncWorld) -> None:
    online = world.replica("online")
    laptop = world.replica("laptop")
    from_office = [person(online, i) for i in range(5)]
    online.sync()
    mine = [person(laptop, 100 + i) for i in range(7)]
    stick = world.tmp / "pedido.chasqui"
    reply = world.tmp / "respuesta.chasqui"
    assert export_bundle(laptop.replica, stick).exported == 8  # 7 people + the user record
    assert b"Rosa" not in stick.read_bytes()  # encrypted
    first = server_bundles.import_bundle(world.server.db, stick, reply)
    assert first.accepted == 8 and first.rejected == 0
    again = server_bundles.import_bundle(world.server.db, stick, world.tmp / "r2.chasqui")
    assert again.accepted == 0 and again.duplicates == 8  # relaying twice stores nothing twice
    heard: list[Changed] = []
    laptop.store.on_change(heard.append)
    done = import_bundle(laptop.replica, reply)
    assert done.confirmed == 8 and laptop.store.replica.pending_count() == 0
    assert all(laptop.store.get("person", pid) for pid in from_office)
    # the import reports what it changed, and the store's listeners heard the same
    assert set(from_office) <= done.changed.ids("person")
    assert not done.changed.ids("person") & set(mine)
    assert heard == [done.changed]
    rows = laptop.store.export_rows()
    assert import_bundle(laptop.replica, reply).already_imported
    assert laptop.store.export_rows() == rows
    # the second reply (same content, other bundle id) applies without changing anything
    import_bundle(laptop.replica, world.tmp / "r2.chasqui")
    assert laptop.store.export_rows()["person"] == rows["person"]
    online.sync()
    assert all(online.store.get("person", pid) for pid in mine)
    assert laptop.sync().complete  # and the online path continues from the bundle's cursor


def test_tampered_bundle_is_refused(world: SyncWorld) -> None:
    laptop = world.replica()
    person(laptop)
    stick = world.tmp / "pedido.chasqui"
    export_bundle(laptop.replica, stick)
    data = bytearray(stick.read_bytes())
    data[-5] ^= 0x01
    stick.write_bytes(bytes(data))
    with pytest.raises(BundleError, match="altered"):
        server_bundles.import_bundle(world.server.db, stick, world.tmp / "r.chasqui")
    header_tamper = bytearray(stick.read_bytes())
    header_tamper[-5] ^= 0x01  # restore the body
    text = bytes(header_tamper).replace(b'"kind":"request"', b'"kind":"request" ', 1)
    stick.write_bytes(text)
    with pytest.raises(BundleError):
        server_bundles.import_bundle(world.server.db, stick, world.tmp / "r.chasqui")
    assert not (world.tmp / "r.chasqui").exists()


def test_reply_for_another_device_is_refused(world: SyncWorld) -> None:
    a = world.replica("a")
    b = world.replica("b")
    stick, reply = world.tmp / "a.chasqui", world.tmp / "a-reply.chasqui"
    export_bundle(a.replica, stick)
    server_bundles.import_bundle(world.server.db, stick, reply)
    with pytest.raises(BundleError):
        import_bundle(b.replica, reply)
    with pytest.raises(BundleError, match="not a reply"):
        import_bundle(a.replica, stick)


def test_server_cli_bundle_import_and_revoked_device(
    world: SyncWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = world.replica()
    person(laptop)
    stick, reply = world.tmp / "p.chasqui", world.tmp / "r.chasqui"
    export_bundle(laptop.replica, stick)
    code = server_main(
        ["bundle", "import", str(stick), "--reply", str(reply), "--db", world.server.url]
    )
    assert code == 0 and reply.exists()
    assert "2 accepted" in capsys.readouterr().out
    world.server.admin.revoke_device(laptop.store.device_id)
    code = server_main(
        ["bundle", "import", str(stick), "--reply", str(reply), "--db", world.server.url]
    )
    assert code == 1
    assert "revoked" in capsys.readouterr().err
