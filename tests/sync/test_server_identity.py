"""The server's identity (issue 12, finding 2): a key made with its database, pinned at
enrollment; a revocation is acted on only when the server signed it.

A relay on the path (real HTTP on loopback, ``tests/sync/relay.py``) forges ``403
revoked`` answers: with no order, with an order signed by another key, and with a
genuine order captured from another (really revoked) device. None of them locks or
wipes anything, and the victim keeps working; a genuine revocation still wipes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.cli import main as cli_main
from app.store import Vault
from sync import identity
from sync.client import errors
from sync.client import identity as client_identity
from sync.client import report as rs
from sync.client.engine import FORGED_REVOCATION
from sync.client.transport import Exchange, HttpTransport
from sync.server import identity as server_identity
from sync.server import schema
from sync.server.auth import revocation_order
from sync.server.cli import main as server_main
from sync.server.db import Database, DatabaseError
from tests.conftest import PASS, make_vault
from tests.sync.conftest import Replica, SyncWorld
from tests.sync.proxy import UvicornThread
from tests.sync.relay import Relay, relay_to


@pytest.fixture
def relay(world: SyncWorld) -> Iterator[Relay]:
    server = UvicornThread(world.server.app).start()
    try:
        with relay_to(f"http://127.0.0.1:{server.port}") as r:
            yield r
    finally:
        server.stop()


def person(rep: Replica, name: str = "Rosa") -> str:
    return str(rep.store.insert("person", {"office_id": rep.store.office_id, "given_names": name}))


def revoked_body(order: dict[str, Any] | None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": "revoked", "message": "this device was revoked"}
    if order is not None:
        error["order"] = order
    return {"error": error, "epoch": "x", "server_time": 1}


# --------------------------------------------------------------------------- server key


def test_the_server_key_is_made_with_its_database_and_kept_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "server.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    first = server_identity.public(db)
    key_file = Path(f"{path}.identity")
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.sign not in path.read_bytes().hex()  # the seed is not in the database
    db.dispose()
    again = Database(f"sqlite:///{path}")
    assert server_identity.public(again) == first  # a restart keeps the identity
    again.dispose()
    other = tmp_path / "other.identity"
    other.write_text(identity.KeyPair.generate().seed.hex())
    swapped = Database(f"sqlite:///{path}")
    key_file.write_bytes(other.read_bytes())
    with pytest.raises(DatabaseError, match="belongs to another database"):
        server_identity.of(swapped)
    key_file.unlink()
    with pytest.raises(DatabaseError, match="is missing"):
        server_identity.of(Database(f"sqlite:///{path}"))


def test_enroll_code_and_migrate_print_the_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 's.sqlite3'}"]
    assert server_main(["migrate", *db]) == 0
    fingerprint = capsys.readouterr().out.split("server fingerprint ")[1].strip()
    assert len(fingerprint) == 39 and fingerprint.count(" ") == 7
    assert server_main(["office", "add", "LIM01", "Lima", *db]) == 0
    capsys.readouterr()
    assert server_main(["enroll-code", "--office", "LIM01", *db]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip()) == 11  # stdout is still the code alone (scripts read it)
    assert f"server fingerprint: {fingerprint}" in err


# --------------------------------------------------------------------------- enrollment


def test_enrollment_pins_the_server_and_registers_the_device_keys(world: SyncWorld) -> None:
    a = world.replica("a")
    server_keys = server_identity.public(world.server.db)
    assert client_identity.pinned(a.replica) == server_keys
    pair = client_identity.device_keys(a.replica)
    assert pair is not None
    d = schema.devices.c
    with world.server.db.read() as conn:
        row = conn.execute(schema.devices.select().where(d.id == a.store.device_id)).one()
    assert (row.sign_key, row.box_key) == (pair.public.sign, pair.public.box)
    enrollment = a.replica.get_sync_state("enrollment")
    assert enrollment["fingerprint"] == server_keys.fingerprint


class _StripKeys:
    """A path that removes (or replaces) the server's keys from the enrollment answer."""

    def __init__(self, inner: HttpTransport, keys: dict[str, str] | None = None) -> None:
        self.inner, self.keys = inner, keys

    def call(self, method: str, path: str, doc: Any = None, **kw: Any) -> Exchange:
        import json

        ex = self.inner.call(method, path, doc, **kw)
        body = json.loads(ex.body)
        body.pop("server_keys", None)
        if self.keys is not None:
            body["server_keys"] = self.keys
        ex.body = json.dumps(body).encode()
        return ex

    def close(self) -> None:
        self.inner.close()


@pytest.mark.parametrize("keys", [None, {"sign": "00" * 32, "box": "zz"}])
def test_an_answer_without_a_valid_server_identity_writes_nothing(
    world: SyncWorld, keys: dict[str, str] | None
) -> None:
    from sync.client import enroll

    a = world.replica("a", enrolled=False)
    base = HttpTransport("http://chasqui.test", client=world.server.client)
    with pytest.raises(errors.BadResponse):
        enroll(
            "http://chasqui.test", world.server.code(), a.replica, transport=_StripKeys(base, keys)
        )
    for key in ("device_token", "server_keys", "device_key", "enrollment"):
        assert a.replica.get_sync_state(key) is None


def test_a_fingerprint_other_than_the_administrators_writes_nothing(world: SyncWorld) -> None:
    from sync.client import enroll

    a = world.replica("a", enrolled=False)
    base = HttpTransport("http://chasqui.test", client=world.server.client)
    wrong = identity.KeyPair.generate().public.fingerprint
    with pytest.raises(errors.BadResponse, match="fingerprint"):
        enroll(
            "http://chasqui.test", world.server.code(), a.replica, transport=base, fingerprint=wrong
        )
    assert a.replica.get_sync_state("device_token") is None
    right = server_identity.public(world.server.db).fingerprint.upper().replace(" ", "-")
    done = enroll(
        "http://chasqui.test", world.server.code(), a.replica, transport=base, fingerprint=right
    )
    assert done.fingerprint == server_identity.public(world.server.db).fingerprint


# --------------------------------------------------------------------------- revocation


def test_forged_revocations_do_nothing_and_a_genuine_one_still_revokes(
    world: SyncWorld, relay: Relay
) -> None:
    told: list[str] = []
    victim = world.replica("victim", url=relay.url, on_revoked=lambda: told.append("victim"))
    other = world.replica("other", url=relay.url)
    kept = person(victim)
    assert victim.sync().complete
    # a genuine order, captured from another device that the administrator revoked
    world.server.admin.revoke_device(other.store.device_id)
    captured = other.sync()
    assert captured.status == rs.REVOKED
    with world.server.db.read() as conn:
        d = schema.devices.c
        revoked_at = (
            conn.execute(schema.devices.select().where(d.id == other.store.device_id))
            .one()
            .revoked_at
        )
    genuine_other = revocation_order(
        world.server.db, other.store.device_id, other.store.office_id, revoked_at
    ).to_dict()
    impostor = identity.KeyPair.generate()
    fields = {
        "device_id": victim.store.device_id,
        "office_id": victim.store.office_id,
        "revoked_at": 1,
    }
    forged_orders: list[dict[str, Any] | None] = [
        None,  # a bare 403 revoked
        {**fields, "signature": impostor.sign(identity.REVOKE, fields)},  # another key
        {**fields, "signature": "ab" * 64},  # garbage signature
        genuine_other,  # genuine, but for another device (replayed)
        {**genuine_other, "device_id": victim.store.device_id},  # edited
        # signed by the real key but for another purpose (a form signature)
        {**fields, "signature": server_identity.of(world.server.db).sign(identity.FORM, fields)},
    ]
    for order in forged_orders:
        relay.forge("/v1/sync", 403, revoked_body(order))
        report = victim.sync()
        assert report.status == rs.ERROR and FORGED_REVOCATION in report.errors, order
        assert told == []
    relay.passthrough()
    assert victim.store.get("person", kept) is not None
    person(victim, "Luz")
    assert victim.sync().complete  # the victim keeps working and loses nothing
    assert world.server.records().keys() >= {("person", kept)}
    world.server.admin.revoke_device(victim.store.device_id)
    assert victim.sync().status == rs.REVOKED and told == ["victim"]


def test_a_vault_enrolled_before_identities_pins_on_first_contact(world: SyncWorld) -> None:
    told: list[bool] = []
    a = world.replica("a", on_revoked=lambda: told.append(True))
    for key in (client_identity.KEY_SERVER_KEYS, client_identity.KEY_DEVICE_KEY):
        a.replica.set_sync_state(key, None)  # as an older Chasqui enrolled it
    d = schema.devices.c
    with world.server.db.write() as conn:
        conn.execute(schema.devices.update().values(sign_key=None, box_key=None))
    person(a)
    assert [d["has_keys"] for d in world.server.admin.list_devices()] == [False]
    report = a.sync()
    assert report.complete, report.errors
    assert [d["has_keys"] for d in world.server.admin.list_devices()] == [True]
    assert client_identity.pinned(a.replica) == server_identity.public(world.server.db)
    pair = client_identity.device_keys(a.replica)
    assert pair is not None
    with world.server.db.read() as conn:
        row = conn.execute(schema.devices.select().where(d.id == a.store.device_id)).one()
    assert row.sign_key == pair.public.sign
    assert a.sync().requests == 1  # pinned once: no extra request afterwards
    # a stolen token cannot swap the registered keys
    with pytest.raises(errors.RequestRefused):
        client_identity.register(a.transport, identity.KeyPair.generate())  # type: ignore[arg-type]
    world.server.admin.revoke_device(a.store.device_id)
    assert a.sync().status == rs.REVOKED and told == [True]


def test_cli_forged_revocation_keeps_the_vault_and_a_genuine_one_wipes(
    world: SyncWorld,
    relay: Relay,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = world.tmp / "cli-vault"
    monkeypatch.setenv("CHASQUI_PASSPHRASE", PASS)
    monkeypatch.setenv("CHASQUI_ENROLL_CODE", world.server.code())
    store = make_vault(data, "LIMA")
    store.insert("person", {"office_id": store.office_id, "given_names": "Rosa"})
    store.lock()
    base = ["--data-dir", str(data)]
    wrong = identity.KeyPair.generate().public.fingerprint
    assert cli_main(["enroll", "--server", relay.url, "--fingerprint", wrong, *base]) == 1
    assert "not the one the administrator gave" in capsys.readouterr().err
    # nothing was written, and the one-time code was not spent: it still enrolls
    assert cli_main(["enroll", "--server", relay.url, *base]) == 0
    fingerprint = server_identity.public(world.server.db).fingerprint
    assert f"server fingerprint: {fingerprint}" in capsys.readouterr().out
    assert cli_main(["sync", "--status", *base]) == 0
    assert f"server_fingerprint: {fingerprint}" in capsys.readouterr().out
    assert cli_main(["sync", *base]) == 0
    relay.forge("/v1/sync", 403, revoked_body(None))
    code = cli_main(["sync", *base])
    out = capsys.readouterr().out
    assert code == 4 and "status: error" in out and "not signed by the server" in out, out
    assert Vault.exists(data) and (data / "chasqui.db").exists()
    assert cli_main(["person", "list", *base]) == 0
    assert "Rosa" in capsys.readouterr().out
    relay.passthrough()
    assert cli_main(["sync", *base]) == 0
    unlocked = Vault.unlock(data, "ana", PASS)
    device_id = unlocked.device_id
    unlocked.lock()
    world.server.admin.revoke_device(device_id)
    assert cli_main(["sync", *base]) == 5
    assert not Vault.exists(data)
    assert os.environ.get("CHASQUI_PASSPHRASE") == PASS
