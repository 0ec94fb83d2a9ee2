"""A restored enrolled vault: sync is suspended until it re-enrolls; then it re-sends what
the server lacks, duplicates nothing, and the two copies never sync as the same device.

Real server (uvicorn on loopback), real vaults, the CLI as a user runs it (in-process).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main as cli_main
from app.store import KdfParams, Vault
from tests.conftest import PASS
from tests.sync.conftest import SyncWorld
from tests.sync.proxy import UvicornThread


@pytest.fixture
def url(world: SyncWorld, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CHASQUI_PASSPHRASE", PASS)
    server = UvicornThread(world.server.app).start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.stop()


def _cli(*args: str, data: Path) -> int:
    return cli_main([*args, "--data-dir", str(data)])


def _add_person(data: Path, name: str) -> str:
    store = Vault.unlock(data, "ana", PASS)
    try:
        return store.insert("person", {"office_id": store.office_id, "given_names": name})
    finally:
        store.lock()


def _rows(data: Path, sql: str) -> list[dict]:
    store = Vault.unlock(data, "ana", PASS)
    try:
        return store.query(sql)
    finally:
        store.lock()


def _enrolled_laptop(world: SyncWorld, url: str, name: str) -> Path:
    data = world.tmp / name
    store, _ = Vault.create(data, "LIMA", "ALEGRA Lima", "ana", PASS, kdf=KdfParams.fast())
    store.lock()
    assert _cli("enroll", "--server", url, "--code", world.server.code(), data=data) == 0
    return data


def _server_people(world: SyncWorld) -> list[str]:
    return sorted(e for (kind, e) in world.server.records() if kind == "person")


def _backup(data: Path, usb: Path) -> Path:
    usb.mkdir(exist_ok=True)
    assert _cli("backup", "--to", str(usb), data=data) == 0
    return max(usb.glob("*.chqbak"))


def _backed_up(world: SyncWorld, url: str, name: str) -> tuple[Path, str, str, Path]:
    """An enrolled laptop: one person synced, one waiting in the outbox at the backup."""
    original = _enrolled_laptop(world, url, name)
    p1 = _add_person(original, "Uno")
    assert _cli("sync", data=original) == 0
    p2 = _add_person(original, "Dos")
    return original, p1, p2, _backup(original, world.tmp / "usb")


def test_the_same_device_twice(
    world: SyncWorld, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    original, p1, p2, backup = _backed_up(world, url, "original")
    assert _cli("sync", data=original) == 0  # the original sends it after the backup
    p3 = _add_person(original, "Tres")
    assert _cli("sync", data=original) == 0
    old_device = _rows(original, "SELECT value FROM meta WHERE key = 'device_id'")[0]["value"]
    capsys.readouterr()

    restored = world.tmp / "restored"
    assert _cli("restore", str(backup), data=restored) == 0
    assert "sync is suspended" in capsys.readouterr().out
    assert _cli("sync", data=restored) == 2  # never as the original device
    assert "restored from a backup" in capsys.readouterr().err
    assert _cli("sync", "--status", "--json", data=restored) == 0
    assert json.loads(capsys.readouterr().out)["enrolled"] is False
    assert _cli("sync", data=original) == 0  # the original is not disturbed

    # The administrator consents: the old laptop is retired, a new code is issued.
    world.server.admin.revoke_device(old_device)
    assert _cli("enroll", "--server", url, "--code", world.server.code(), data=restored) == 0
    new_device = _rows(restored, "SELECT value FROM meta WHERE key = 'device_id'")[0]["value"]
    assert new_device != old_device
    p4 = _add_person(restored, "Cuatro")
    capsys.readouterr()
    assert _cli("sync", data=restored) == 0
    out = capsys.readouterr().out
    assert "quarantined: 0" in out and "conflicts: 0" in out
    assert _server_people(world) == sorted([p1, p2, p3, p4])  # nothing duplicated
    assert {r["id"] for r in _rows(restored, "SELECT id FROM person")} == {p1, p2, p3, p4}
    assert world.server.count("SELECT count(*) FROM quarantine") == 0
    assert world.server.count("SELECT count(*) FROM conflicts") == 0

    assert _cli("sync", data=original) == 5  # revoked: the original wipes itself
    assert not Vault.exists(original)


def test_restored_copy_resends_what_the_server_lacks(
    world: SyncWorld, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _original, p1, p2, backup = _backed_up(world, url, "lost")  # lost: it never syncs again
    restored = world.tmp / "restored"
    assert _cli("restore", str(backup), data=restored) == 0
    assert _cli("enroll", "--server", url, "--code", world.server.code(), data=restored) == 0
    capsys.readouterr()
    assert _cli("sync", data=restored) == 0
    assert "quarantined: 0" in capsys.readouterr().out
    assert _server_people(world) == sorted([p1, p2])
    again = world.server.count("SELECT count(*) FROM change_log")
    assert _cli("sync", data=restored) == 0
    assert world.server.count("SELECT count(*) FROM change_log") == again  # nothing re-sent
