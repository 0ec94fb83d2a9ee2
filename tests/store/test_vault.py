"""Vault lifecycle and key file: passphrases, recovery, users, tampering, damaged databases."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path

import pytest

from app.store import KdfParams, Store, Vault, errors
from app.store.keys import KEYFILE_NAME, normalize_recovery_key
from app.store.store import DB_NAME
from tests.conftest import FAST, PASS
from tests.store.conftest import row


def _new(vault_dir: Path) -> tuple[Store, str]:
    return Vault.create(vault_dir, "LIM01", "ALEGRA Lima", "ana", PASS, kdf=FAST)


def _keyfile(vault_dir: Path) -> dict:
    return json.loads((vault_dir / KEYFILE_NAME).read_text())


def _write_keyfile(vault_dir: Path, doc: dict) -> None:
    (vault_dir / KEYFILE_NAME).write_text(json.dumps(doc))


def test_create_lock_unlock(vault_dir: Path) -> None:
    store, recovery = _new(vault_dir)
    pid = store.insert("person", {"given_names": "Ana"})
    assert store.office_code == "LIM01"
    assert row(store, "user", store.user_id)["name"] == "ana"
    assert row(store, "office", store.office_id)["name"] == "ALEGRA Lima"
    store.lock()
    assert store.locked
    again = Vault.unlock(vault_dir, "ana", PASS)
    assert row(again, "person", pid)["given_names"] == "Ana"
    assert again.device_id == store.device_id
    again.lock()
    assert len(recovery.split("-")) == 8


def test_create_twice_refused(vault_dir: Path) -> None:
    store, _ = _new(vault_dir)
    store.lock()
    with pytest.raises(errors.VaultExists):
        _new(vault_dir)


def test_unlock_missing_vault(tmp_path: Path) -> None:
    with pytest.raises(errors.VaultNotFound):
        Vault.unlock(tmp_path / "none", "ana", PASS)


def test_wrong_passphrase_and_unknown_user_are_audited(vault_dir: Path) -> None:
    _new(vault_dir)[0].lock()
    with pytest.raises(errors.WrongPassphrase) as info:
        Vault.unlock(vault_dir, "ana", "not the passphrase")
    assert "not the passphrase" not in str(info.value)
    with pytest.raises(errors.VaultNotFound):
        Vault.unlock(vault_dir, "mallory", PASS)
    store = Vault.unlock(vault_dir, "ana", PASS)
    failed = store.query("SELECT detail FROM audit_event WHERE action = 'unlock_failed'")
    users = [json.loads(r["detail"])["user"] for r in failed]
    assert users == ["ana", None]
    assert store.verify_audit().ok
    assert not (vault_dir / "unlock_failures.log").exists()
    store.lock()


def test_short_passphrase_refused(vault_dir: Path) -> None:
    with pytest.raises(errors.InvalidRecord) as info:
        Vault.create(vault_dir, "LIM01", "x", "ana", "short", kdf=FAST)
    assert info.value.field == "passphrase"


def test_change_passphrase_rewraps_only(vault_dir: Path) -> None:
    store, _ = _new(vault_dir)
    store.lock()
    db_before = (vault_dir / DB_NAME).read_bytes()[:4096]
    Vault.change_passphrase(vault_dir, "ana", PASS, "nueva frase segura")
    assert (vault_dir / DB_NAME).read_bytes()[:4096] == db_before  # not re-encrypted
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock(vault_dir, "ana", PASS)
    Vault.unlock(vault_dir, "ana", "nueva frase segura").lock()
    with pytest.raises(errors.WrongPassphrase):
        Vault.change_passphrase(vault_dir, "ana", PASS, "otra frase segura")


def test_recovery_key_sets_new_passphrase(vault_dir: Path) -> None:
    store, recovery = _new(vault_dir)
    pid = store.insert("person", {"given_names": "Ana"})
    store.lock()
    typed = recovery.lower().replace("-", " ").replace("o", "0")  # sloppy but valid typing
    assert normalize_recovery_key(typed) == normalize_recovery_key(recovery)
    restored = Vault.unlock_with_recovery(vault_dir, typed, "ana", "olvidé la anterior")
    assert restored.get("person", pid) is not None
    restored.lock()
    Vault.unlock(vault_dir, "ana", "olvidé la anterior").lock()
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock(vault_dir, "ana", PASS)
    wrong = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock_with_recovery(vault_dir, wrong, "ana", "cualquier frase")
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock_with_recovery(vault_dir, "too short", "ana", "cualquier frase")


def test_second_user(vault_dir: Path) -> None:
    store, _ = _new(vault_dir)
    uid = Vault.add_user(store, "luis", "clave de luis", kdf=FAST)
    with pytest.raises(errors.InvalidRecord):
        Vault.add_user(store, "luis", "otra clave larga", kdf=FAST)
    store.lock()
    assert Vault.list_users(vault_dir) == ["ana", "luis"]
    luis = Vault.unlock(vault_dir, "luis", "clave de luis")
    assert luis.user_id == uid and row(luis, "user", uid)["role"] == "defender"
    pid = luis.insert("person", {"given_names": "X"})
    assert luis.replica.pending_changes(1000)[-1].user_id == uid
    luis.lock()
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock(vault_dir, "luis", PASS)
    ana = Vault.unlock(vault_dir, "ana", PASS)
    assert ana.get("person", pid) is not None
    ana.lock()


def test_key_file_has_no_secret_and_default_kdf(vault_dir: Path) -> None:
    store, recovery = Vault.create(vault_dir, "LIM01", "x", "ana", PASS)  # default Argon2 cost
    key_hex = bytes(store._key or b"").hex()
    store.lock()
    text = (vault_dir / KEYFILE_NAME).read_text()
    doc = json.loads(text)
    assert doc["users"]["ana"]["kdf"] == {**doc["users"]["ana"]["kdf"], "t": 3, "m": 65536, "p": 4}
    assert key_hex not in text and PASS not in text and recovery not in text
    assert base64.b64encode(bytes.fromhex(key_hex)).decode() not in text


# --- tampering ----------------------------------------------------------------------------------


def _flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[0] ^= 1
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    ("tamper", "error"),
    [
        (
            lambda d: d["users"]["ana"].update(wrapped=_flip_b64(d["users"]["ana"]["wrapped"])),
            errors.WrongPassphrase,
        ),
        (
            lambda d: d["users"]["ana"].update(nonce=_flip_b64(d["users"]["ana"]["nonce"])),
            errors.WrongPassphrase,
        ),
        (
            lambda d: d["users"]["ana"]["kdf"].update(
                salt=_flip_b64(d["users"]["ana"]["kdf"]["salt"])
            ),
            errors.WrongPassphrase,
        ),
        (lambda d: d["users"]["ana"].update(user_id="someone-else"), errors.WrongPassphrase),
        (lambda d: d.update(vault_id="another-vault"), errors.WrongPassphrase),
        (lambda d: d["users"]["ana"].update(wrapped="!!!"), errors.CorruptVault),
        (
            lambda d: d["users"]["ana"].update(wrapped=base64.b64encode(b"x").decode()),
            errors.CorruptVault,
        ),
        (lambda d: d["users"]["ana"]["kdf"].update(m=1 << 30), errors.CorruptVault),
        (lambda d: d["users"]["ana"]["kdf"].update(t="three"), errors.CorruptVault),
        (lambda d: d["users"]["ana"].pop("kdf"), errors.CorruptVault),
        (lambda d: d.update(users=[]), errors.CorruptVault),
        (lambda d: d.update(format="other"), errors.CorruptVault),
        (lambda d: d.update(version=99), errors.VaultTooNew),
    ],
)
def test_tampered_key_file(vault_dir: Path, tamper, error) -> None:
    _new(vault_dir)[0].lock()
    doc = _keyfile(vault_dir)
    tamper(doc)
    _write_keyfile(vault_dir, doc)
    with pytest.raises(error):
        Vault.unlock(vault_dir, "ana", PASS)


def test_swapped_user_entries_do_not_open(vault_dir: Path) -> None:
    store, _ = _new(vault_dir)
    Vault.add_user(store, "luis", "clave de luis", kdf=FAST)
    store.lock()
    doc = _keyfile(vault_dir)
    ana, luis = doc["users"]["ana"], doc["users"]["luis"]
    doc["users"]["ana"], doc["users"]["luis"] = luis, ana
    _write_keyfile(vault_dir, doc)
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock(vault_dir, "ana", PASS)  # ana's passphrase now meets luis's entry
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock(vault_dir, "luis", PASS)  # ana's wrap, bound to ana's name


@pytest.mark.parametrize("content", [b"", b"{", b"\xff\xfe garbage", b"[1, 2]", b"null"])
def test_garbage_key_file(vault_dir: Path, content: bytes) -> None:
    _new(vault_dir)[0].lock()
    (vault_dir / KEYFILE_NAME).write_bytes(content)
    with pytest.raises(errors.CorruptVault):
        Vault.unlock(vault_dir, "ana", PASS)
    with pytest.raises(errors.CorruptVault):
        Vault.list_users(vault_dir)


# --- damaged database ---------------------------------------------------------------------------


def _filled(vault_dir: Path) -> None:
    store, _ = _new(vault_dir)
    with store.transaction() as tx:
        for i in range(300):
            tx.insert("note", {"case_id": "c", "text": f"nota número {i} " * 20})
    store.lock()
    assert not Path(str(vault_dir / DB_NAME) + "-wal").exists() or (
        Path(str(vault_dir / DB_NAME) + "-wal").stat().st_size == 0
    )


def _open_and_read(vault_dir: Path) -> None:
    store = Vault.unlock(vault_dir, "ana", PASS)
    try:
        assert store.check_integrity() == []
        store.export_rows()
        store.search("nota")
        assert store.verify_audit().ok
    finally:
        store.lock()


def test_truncated_database(vault_dir: Path) -> None:
    _filled(vault_dir)
    db = vault_dir / DB_NAME
    size = db.stat().st_size
    with open(db, "r+b") as handle:
        handle.truncate(size // 2 + 100)  # not a page multiple
    with pytest.raises(errors.CorruptVault):
        _open_and_read(vault_dir)
    with open(db, "r+b") as handle:
        handle.truncate((size // 2) // 4096 * 4096)  # whole pages cut off
    with pytest.raises(errors.CorruptVault):
        _open_and_read(vault_dir)


@pytest.mark.parametrize("where", ["header", "middle"])
def test_garbage_database(vault_dir: Path, where: str) -> None:
    _filled(vault_dir)
    db = vault_dir / DB_NAME
    data = bytearray(db.read_bytes())
    start = 0 if where == "header" else len(data) // 2
    data[start : start + 4096] = os.urandom(4096)
    db.write_bytes(bytes(data))
    # Damage is always detected: on open or first read (CorruptVault) or, where the
    # garbage landed on pages no query touched (e.g. free pages), by the integrity check.
    try:
        store = Vault.unlock(vault_dir, "ana", PASS)
    except errors.CorruptVault:
        return
    try:
        problems = store.check_integrity()
        if not problems:
            with pytest.raises(errors.CorruptVault):
                store.export_rows()
                store.search("nota")
    except errors.CorruptVault:
        pass
    else:
        assert problems == [] or any("HMAC" in p or "page" in p for p in problems)
    finally:
        store.lock()


def test_database_of_another_vault(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _new(a)[0].lock()
    _new(b)[0].lock()
    shutil.copy(b / DB_NAME, a / DB_NAME)
    with pytest.raises(errors.CorruptVault):
        Vault.unlock(a, "ana", PASS)


def test_plain_sqlite_file_is_not_a_vault(vault_dir: Path) -> None:
    import sqlite3

    _new(vault_dir)[0].lock()
    (vault_dir / DB_NAME).unlink()
    sqlite3.connect(vault_dir / DB_NAME).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(errors.CorruptVault):
        Vault.unlock(vault_dir, "ana", PASS)


def test_missing_database(vault_dir: Path) -> None:
    _new(vault_dir)[0].lock()
    (vault_dir / DB_NAME).unlink()
    with pytest.raises(errors.CorruptVault):
        Vault.unlock(vault_dir, "ana", PASS)


def test_data_dir_is_a_file(tmp_path: Path) -> None:
    """What we can simulate without privileges: the data folder cannot be created."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(errors.StorageUnavailable):
        Vault.create(blocker / "vault", "LIM01", "x", "ana", PASS, kdf=FAST)
    with pytest.raises(errors.StorageUnavailable):
        Vault.create(blocker, "LIM01", "x", "ana", PASS, kdf=FAST)


def test_kdf_params_bounds() -> None:
    KdfParams().check()
    KdfParams.fast().check()
    with pytest.raises(errors.CorruptVault):
        KdfParams(t=0).check()


def test_rotate_recovery_key(vault_dir: Path) -> None:
    store, old = _new(vault_dir)
    new = Vault.rotate_recovery_key(store)
    store.lock()
    assert new != old
    with pytest.raises(errors.WrongPassphrase):
        Vault.unlock_with_recovery(vault_dir, old, "ana", "frase nueva larga")
    Vault.unlock_with_recovery(vault_dir, new, "ana", "frase nueva larga").lock()


def test_lock_zeroes_the_key(vault_dir: Path) -> None:
    store, _ = _new(vault_dir)
    key = store._key
    assert key is not None and any(key)
    store.search("x")  # a reader connection shares the key object
    store.lock()
    assert store._key is None and not any(key)
    store.lock()  # idempotent


def test_interrupted_create_leftovers_are_kept_aside(vault_dir: Path) -> None:
    """A database without a key file (create interrupted) is moved aside, never deleted."""
    vault_dir.mkdir(parents=True)
    (vault_dir / DB_NAME).write_bytes(b"\x00" * 4096)
    store, _ = _new(vault_dir)
    store.lock()
    orphans = list(vault_dir.glob(f"{DB_NAME}.orphan-*"))
    assert len(orphans) == 1 and orphans[0].read_bytes() == b"\x00" * 4096
    Vault.unlock(vault_dir, "ana", PASS).lock()


def test_wipe_destroys_the_key_and_the_data(vault_dir: Path) -> None:
    store, recovery = _new(vault_dir)
    store.insert("person", {"given_names": "MARCADOR-BORRADO"})
    removed = Vault.wipe(vault_dir, store)
    assert "keys.json" in removed and DB_NAME in removed
    assert not Vault.exists(vault_dir)
    leftovers = [p for p in vault_dir.rglob("*") if p.is_file()]
    assert all(b"MARCADOR" not in p.read_bytes() for p in leftovers)
    with pytest.raises(errors.VaultNotFound):
        Vault.unlock(vault_dir, "ana", PASS)
    with pytest.raises(errors.VaultNotFound):
        Vault.unlock_with_recovery(vault_dir, recovery, "ana", "otra-frase-larga")
