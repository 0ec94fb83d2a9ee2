"""Disk full, read-only and locked storage give ``StorageUnavailable`` classes, lose nothing.

What is simulated, honestly:
- disk full, for real: the vault is copied onto a 3 MiB tmpfs inside a private mount
  namespace (``unshare -m``), written until ENOSPC, then copied back out and checked;
- disk full, without privileges: a child caps the size files may grow to (RLIMIT_FSIZE,
  SIGXFSZ ignored); the kernel fails writes with EFBIG, which SQLite reports as a disk
  I/O error rather than "disk full" — ``StorageUnavailable``, not ``DiskFull``;
- read-only: the data dir is bind-mounted read-only inside a private mount namespace
  (``unshare -m``; needs root or user namespaces — skipped with the reason otherwise).
  Running as root, ``chmod`` would not stop writes, so it is not used;
- a data dir that is a file: covered in test_vault.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.store import Vault
from tests.conftest import FAST, PASS
from tests.store.helpers import assert_outbox_matches_rows

ROOT = Path(__file__).resolve().parents[2]


def _child(args: list[str], prefix: list[str] | None = None) -> list[str]:
    proc = subprocess.run(
        [
            *(prefix or []),
            sys.executable,
            "-m",
            "tests.kdf_floor",
            "tests.store.storage_child",
            *args,
        ],
        cwd=ROOT,
        input=PASS + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout.splitlines()


def _check_after_full(vault_dir: Path, lines: list[str], refusal: str) -> None:
    acked = [line.split()[1] for line in lines if line.startswith("ack ")]
    refused = [line for line in lines if line.startswith("refused ")]
    assert acked, lines
    assert refused == [f"refused {refusal}"], lines
    assert "verify True" in lines
    again = Vault.unlock(vault_dir, "ana", PASS)
    try:
        for nid in acked:
            assert again.get("note", nid) is not None
        assert_outbox_matches_rows(again)
        assert again.verify_audit().ok
        again.insert("note", {"text": "hay espacio otra vez"})
    finally:
        again.lock()


def test_file_size_limit(vault_dir: Path) -> None:
    store, _ = Vault.create(vault_dir, "LIM01", "x", "ana", PASS, kdf=FAST)
    store.lock()
    lines = _child(["full", str(vault_dir), "ana"])
    _check_after_full(
        vault_dir, lines, "StorageUnavailable: the disk reported an input/output error"
    )


def test_disk_full_on_small_tmpfs(tmp_path: Path) -> None:
    reason = _can_bind_readonly()
    if reason:
        pytest.skip(f"tmpfs mount unavailable: {reason}")
    vault_dir, small, out = tmp_path / "vault", tmp_path / "small", tmp_path / "out"
    store, _ = Vault.create(vault_dir, "LIM01", "x", "ana", PASS, kdf=FAST)
    store.lock()
    small.mkdir()
    out.mkdir()
    script = (
        f'mount -t tmpfs -o size=3m tmpfs "{small}" && cp -a "{vault_dir}"/. "{small}"/'
        f' && "$0" "$@"; rc=$?; cp -a "{small}"/. "{out}"/; exit $rc'
    )
    lines = _child(["nolimit", str(small), "ana"], prefix=["unshare", "-m", "sh", "-c", script])
    _check_after_full(out, lines, "DiskFull: the disk is full; free some space and try again")


def _can_bind_readonly() -> str | None:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "unshare/mount not installed"
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind / /mnt 2>/dev/null || exit 3"],
        capture_output=True,
    )
    if probe.returncode != 0:
        return "no permission for a private mount namespace (needs root or userns)"
    return None


def test_read_only_data_dir(vault_dir: Path) -> None:
    reason = _can_bind_readonly()
    if reason:
        pytest.skip(f"read-only bind mount unavailable: {reason}")
    store, _ = Vault.create(vault_dir, "LIM01", "x", "ana", PASS, kdf=FAST)
    pid = store.insert("person", {"given_names": "Ana"})
    store.lock()
    before = sorted((p.name, p.stat().st_size) for p in vault_dir.iterdir())
    d = str(vault_dir)
    script = f'mount --bind "{d}" "{d}" && mount -o remount,bind,ro "{d}" && exec "$0" "$@"'
    lines = _child(["readonly", d, "ana"], prefix=["unshare", "-m", "sh", "-c", script])
    refused = [line for line in lines if line.startswith("refused ")]
    assert not [line for line in lines if line.startswith("ack ")]
    assert len(refused) == 1, lines
    assert refused[0].startswith(("refused ReadOnlyStorage:", "refused StorageUnavailable:"))
    assert sorted((p.name, p.stat().st_size) for p in vault_dir.iterdir()) == before
    again = Vault.unlock(vault_dir, "ana", PASS)
    assert again.get("person", pid) is not None
    again.lock()


def test_database_locked_by_another_program(vault_dir: Path) -> None:
    from app.store import errors
    from app.store.connection import open_connection
    from app.store.store import DB_NAME

    store, _ = Vault.create(vault_dir, "LIM01", "x", "ana", PASS, kdf=FAST)
    try:
        assert store._writer is not None and store._key is not None
        store._writer.conn.execute("PRAGMA busy_timeout = 50")  # default 5 s: keep it quick
        intruder = open_connection(vault_dir / DB_NAME, store._key)
        intruder.execute("BEGIN IMMEDIATE")
        with pytest.raises(errors.StorageBusy) as info:
            store.insert("person", {"given_names": "Ana"})
        assert "locked" in str(info.value)
        intruder.execute("ROLLBACK")
        intruder.close()
        store.insert("person", {"given_names": "Ana"})  # works again once released
        assert store.verify_audit().ok
    finally:
        store.lock()
