"""USB bundles sealed to the recipient's public key and signed by the sender (issue 12,
finding 10): nothing stored on the server — token hashes, a copy of its database — can
read or forge them; a device enrolled before keys existed moves to them by USB too."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import identity
from sync.client import export_bundle, import_bundle
from sync.client import identity as client_identity
from sync.client.bundle import (
    FORMAT_VERSION,
    LEGACY_VERSION,
    REPLY,
    REQUEST,
    bundle_key,
    new_header,
    open_sealed,
    read_header,
    seal,
    seal_signed,
)
from sync.client.errors import BundleError
from sync.server import bundles as server_bundles
from sync.server import schema
from tests.sync.conftest import SyncWorld
from tests.sync.test_scenarios import person


def _device_row(world: SyncWorld, device_id: str) -> object:
    d = schema.devices.c
    with world.server.db.read() as conn:
        return conn.execute(schema.devices.select().where(d.id == device_id)).one()


def _payload(device_id: str) -> dict[str, object]:
    return {
        "device_id": device_id,
        "client_version": "0.1.0",
        "protocol_version": 2,
        "changes": [],
        "cursor": 0,
    }


def test_nothing_stored_on_the_server_reads_or_forges_a_bundle(world: SyncWorld) -> None:
    laptop = world.replica("laptop")
    person(laptop)
    stick, reply = world.tmp / "pedido.chasqui", world.tmp / "respuesta.chasqui"
    export_bundle(laptop.replica, stick)
    data = stick.read_bytes()
    assert read_header(data)[0].version == FORMAT_VERSION
    row = _device_row(world, laptop.store.device_id)
    # what a copy of the server database holds: the token hash, the public keys
    assert b"Rosa" not in data and row.token_hash.encode() not in data  # type: ignore[attr-defined]
    with pytest.raises(BundleError):  # the old token-derived key opens nothing
        open_sealed(data, bundle_key(row.token_hash, row.id))  # type: ignore[attr-defined]
    # forged requests: with the token-derived key, or signed by a key of the thief's
    legacy = seal(
        new_header(REQUEST, row.id, LEGACY_VERSION),  # type: ignore[attr-defined]
        _payload(row.id),  # type: ignore[attr-defined]
        bundle_key(row.token_hash, row.id),  # type: ignore[attr-defined]
    )
    thief = identity.KeyPair.generate()
    server_public = client_identity.pinned(laptop.replica)
    assert server_public is not None
    signed_by_thief = seal_signed(
        new_header(REQUEST, row.id),  # type: ignore[attr-defined]
        _payload(row.id),  # type: ignore[attr-defined]
        thief,
        server_public.box,
    )
    for forged, why in ((legacy, "must be signed"), (signed_by_thief, "altered")):
        path = world.tmp / "forged.chasqui"
        path.write_bytes(forged)
        with pytest.raises(BundleError, match=why):
            server_bundles.import_bundle(world.server.db, path, world.tmp / "no.chasqui")
    assert not (world.tmp / "no.chasqui").exists()
    # forged replies: the device takes only the pinned server's signature
    reply_payload = {"results": [], "changes": [], "from_cursor": 0, "next_cursor": 0}
    for forged in (
        seal_signed(
            new_header(REPLY, row.id),  # type: ignore[attr-defined]
            {**reply_payload, "epoch": "x", "server_time": 1},
            thief,
            row.box_key,  # type: ignore[attr-defined]
        ),
        seal(
            new_header(REPLY, row.id, LEGACY_VERSION),  # type: ignore[attr-defined]
            {**reply_payload, "epoch": "x", "server_time": 1},
            bundle_key(row.token_hash, row.id),  # type: ignore[attr-defined]
        ),
    ):
        path = world.tmp / "forged-reply.chasqui"
        path.write_bytes(forged)
        with pytest.raises(BundleError):
            import_bundle(laptop.replica, path)
    # the genuine round trip still works
    assert server_bundles.import_bundle(world.server.db, stick, reply).accepted == 2
    assert read_header(reply.read_bytes())[0].version == FORMAT_VERSION
    assert import_bundle(laptop.replica, reply).confirmed == 2
    assert laptop.replica.pending_count() == 0


def test_a_device_enrolled_before_keys_moves_to_them_by_usb(world: SyncWorld) -> None:
    laptop = world.replica("laptop")
    for key in (client_identity.KEY_SERVER_KEYS, client_identity.KEY_DEVICE_KEY):
        laptop.replica.set_sync_state(key, None)  # as an older Chasqui enrolled it
    with world.server.db.write() as conn:
        conn.execute(schema.devices.update().values(sign_key=None, box_key=None))
    person(laptop)
    stick, reply = world.tmp / "p1.chasqui", world.tmp / "r1.chasqui"
    export_bundle(laptop.replica, stick)
    assert read_header(stick.read_bytes())[0].version == LEGACY_VERSION
    assert server_bundles.import_bundle(world.server.db, stick, reply).accepted == 2
    pair = client_identity.device_keys(laptop.replica)
    assert pair is not None
    assert _device_row(world, laptop.store.device_id).sign_key == pair.public.sign  # type: ignore[attr-defined]
    assert import_bundle(laptop.replica, reply).confirmed == 2
    assert client_identity.pinned(laptop.replica) is not None
    # from now on: format 2 both ways, and format 1 from this device is refused
    person(laptop, 7)
    stick2, reply2 = world.tmp / "p2.chasqui", world.tmp / "r2.chasqui"
    export_bundle(laptop.replica, stick2)
    assert read_header(stick2.read_bytes())[0].version == FORMAT_VERSION
    assert server_bundles.import_bundle(world.server.db, stick2, reply2).accepted == 1
    assert import_bundle(laptop.replica, reply2).confirmed == 1
    with pytest.raises(BundleError, match="must be signed"):
        server_bundles.import_bundle(world.server.db, stick, world.tmp / "r3.chasqui")
    assert laptop.sync().complete  # and the online path goes on


def test_unreadable_or_truncated_bundles_are_refused_cleanly(world: SyncWorld) -> None:
    laptop = world.replica("laptop")
    stick = world.tmp / "p.chasqui"
    export_bundle(laptop.replica, stick)
    data = stick.read_bytes()
    head_end = data.index(b"\n", len(b"CHASQUI-BUNDLE\n")) + 1
    for cut in (head_end, head_end + 10, head_end + 64 + 40, len(data) - 1):
        path: Path = world.tmp / f"cut{cut}.chasqui"
        path.write_bytes(data[:cut])
        with pytest.raises(BundleError):
            server_bundles.import_bundle(world.server.db, path, world.tmp / "r.chasqui")
    assert not (world.tmp / "r.chasqui").exists()
