"""``chasqui backup`` / ``chasqui restore`` as a user runs them (subprocesses, real vaults).

A backup taken while another process writes restores to a vault that opens, passes
``audit verify`` and holds every write acknowledged before the backup began (and only a
prefix of the writer's sequence: one consistent snapshot). No marker written into a
record appears in the backup file. Damaged, truncated and foreign backups are refused with
a clear message and exit code, and nothing is written.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.store import KdfParams, Vault
from app.store.attachments import NAMES_MARKER, Attachments
from app.store.backup_format import MAGIC
from tests.backup.conftest import Made
from tests.backup.writer_child import MARKER
from tests.cli.conftest import REPO, assert_one_clean_error, cli_env, ok, run
from tests.conftest import PASS


def _backup(made: Made, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    out = ok(["backup", "--to", str(folder)], made.data_dir)
    files = sorted(folder.glob("*.chqbak"))
    assert len(files) == 1 and str(files[0]) in out
    return files[0]


def _needles() -> list[bytes]:
    words = (MARKER, "ZQXADJUNTOMARCA")
    return [v.encode(enc) for w in words for v in (w, w.lower()) for enc in ("utf-8", "utf-16-le")]


class Acks:
    """Reads the writer's ``ack <id>`` lines in a thread (the pipe never fills up)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.ids: list[str] = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self.thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ack "):
                with self.cond:
                    self.ids.append(line.split()[1])
                    self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_for(self, count: int) -> list[str]:
        with self.cond:
            self.cond.wait_for(lambda: len(self.ids) >= count or not self.thread.is_alive(), 60)
            assert len(self.ids) >= count, "the writer stopped (see its stderr)"
            return list(self.ids)


def test_backup_while_another_process_writes(made: Made, tmp_path: Path) -> None:
    store = Vault.unlock(made.data_dir, "ana", PASS)
    blob = (b"ZQXADJUNTOMARCA declaracion " * 40_000) + bytes(range(256)) * 20_000
    Attachments(store).add(blob, "declaracion.txt", "text/plain")
    store.lock()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.backup.writer_child", str(made.data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=cli_env(),
    )
    try:
        acks = Acks(writer)
        before = acks.wait_for(20)  # acknowledged (committed) before the backup begins
        backup = _backup(made, tmp_path / "usb")
        after_backup = len(acks.ids)
        acks.wait_for(after_backup + 5)  # the writer was still going
    finally:
        writer.kill()
        writer.wait(30)
    assert writer.returncode != 0  # killed while writing, not finished
    data = backup.read_bytes()
    assert not [n for n in _needles() if n in data]
    restored = tmp_path / "restored"
    out = ok(["restore", str(backup)], restored)
    assert "restored from" in out
    assert "audit chain intact" in ok(["audit", "verify"], restored)
    store = Vault.unlock(restored, "ana", PASS)
    try:
        ids = {r["id"] for r in store.query("SELECT id FROM person")}
        actions = [r["action"] for r in store.query("SELECT action FROM audit_event")]
        assert Attachments(store).read_blob(_sha(store)) == blob
    finally:
        store.lock()
    assert (restored / "attachments" / NAMES_MARKER).is_file()  # no rename sweep to redo
    assert set(before) <= ids
    everything = acks.ids
    assert ids == set(everything[: len(ids)])  # one snapshot: a prefix of the commits
    assert "backup" not in actions  # audited in the source after the snapshot
    assert actions[-1] == "unlock" and "restore" in actions
    source = Vault.unlock(made.data_dir, "ana", PASS)
    try:
        assert "backup" in [r["action"] for r in source.query("SELECT action FROM audit_event")]
    finally:
        source.lock()


def _sha(store: object) -> str:
    return str(store.query("SELECT sha256 FROM attachment")[0]["sha256"])  # type: ignore[attr-defined]


def test_file_name_and_verify(made: Made, tmp_path: Path) -> None:
    backup = _backup(made, tmp_path / "usb")
    assert backup.name.startswith("chasqui-LIM01-device01-")
    out = ok(["backup", "--verify", str(backup)])
    assert "backup verified" in out and "office: LIM01" in out
    out = ok(["backup", "--verify", str(backup)], CHASQUI_RECOVERY_KEY=made.recovery_key)
    assert "backup verified" in out


def _header_len(data: bytes | bytearray) -> int:
    magic = len(MAGIC)
    return magic + 4 + int.from_bytes(data[magic : magic + 4], "big")


def _nothing_written(target: Path) -> None:
    assert not target.exists()
    leftovers = [p.name for p in target.parent.iterdir() if p.name.startswith(f".{target.name}")]
    assert leftovers == []


@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_flipped_byte_is_refused(made: Made, tmp_path: Path, where: str) -> None:
    backup = _backup(made, tmp_path / "usb")
    data = bytearray(backup.read_bytes())
    header_end = _header_len(data)  # the plaintext header ends here (key file inside)
    position = {"first": header_end + 10, "middle": len(data) // 2, "last": len(data) - 1}[where]
    data[position] ^= 0x01
    backup.write_bytes(bytes(data))
    result = run(["backup", "--verify", str(backup)])
    assert_one_clean_error(result, 1, "damaged", "altered")
    target = tmp_path / "restored"
    assert_one_clean_error(run(["restore", str(backup)], target), 1, "nothing was restored")
    _nothing_written(target)


@pytest.mark.parametrize("keep", [0.5, -1, 20, "chunk"])
def test_truncation_is_refused(made: Made, tmp_path: Path, keep: float | str) -> None:
    if keep == "chunk":  # several chunks: an attachment of 2.5 MiB
        store = Vault.unlock(made.data_dir, "ana", PASS)
        Attachments(store).add(bytes(range(256)) * 10_240, "scan.bin", "image/png")
        store.lock()
    backup = _backup(made, tmp_path / "usb")
    data = backup.read_bytes()
    if keep == "chunk":  # cut exactly after the first sealed chunk (1 MiB + tag)
        cut = _header_len(data) + (1 << 20) + 16
        assert cut < len(data)
    else:
        cut = int(len(data) * keep) if isinstance(keep, float) and keep < 1 else int(keep)
    backup.write_bytes(data[:cut])
    target = tmp_path / "restored"
    result = run(["restore", str(backup)], target)
    assert result.code == 1, result.err
    assert_one_clean_error(result, 1, "nothing was restored")
    _nothing_written(target)


def test_other_vault_or_wrong_passphrase_is_refused(made: Made, tmp_path: Path) -> None:
    other_dir = tmp_path / "other"
    other, _ = Vault.create(
        other_dir, "CUS01", "ALEGRA Cusco", "ana", "otra frase de prueba", kdf=KdfParams.fast()
    )
    other.lock()
    folder = tmp_path / "usb"
    folder.mkdir()
    ok(["backup", "--to", str(folder)], other_dir, CHASQUI_PASSPHRASE="otra frase de prueba")
    foreign = next(folder.glob("chasqui-CUS01-*.chqbak"))
    target = tmp_path / "restored"
    result = run(["restore", str(foreign)], target)  # this vault's passphrase (PASS)
    assert_one_clean_error(result, 3, "does not open", "another vault")
    _nothing_written(target)
    result = run(["restore", str(foreign)], target, CHASQUI_RECOVERY_KEY=made.recovery_key)
    assert_one_clean_error(result, 3, "does not open")
    _nothing_written(target)
    result = run(["backup", "--verify", str(foreign)], CHASQUI_USER="luis")
    assert_one_clean_error(result, 3, "does not open")


def test_restore_never_overwrites(made: Made, tmp_path: Path) -> None:
    backup = _backup(made, tmp_path / "usb")
    keyfile = (made.data_dir / "keys.json").read_bytes()
    result = run(["restore", str(backup)], made.data_dir)
    assert_one_clean_error(result, 2, "already a Chasqui vault")
    assert (made.data_dir / "keys.json").read_bytes() == keyfile
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    assert_one_clean_error(run(["restore", str(backup)], busy), 2, "not empty")
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    ok(["restore", str(backup)], empty, CHASQUI_RECOVERY_KEY=made.recovery_key)
    assert Vault.exists(empty)


def test_bad_arguments(made: Made, tmp_path: Path) -> None:
    assert_one_clean_error(run(["backup", "--to", str(tmp_path / "nope")], made.data_dir), 2)
    assert_one_clean_error(run(["backup", "--verify", str(tmp_path / "nope")]), 2, "no such")
    junk = tmp_path / "junk.chqbak"
    junk.write_bytes(b"not a backup at all")
    assert_one_clean_error(run(["backup", "--verify", str(junk)]), 1, "not a Chasqui backup")
    assert run(["backup"], made.data_dir).code == 2
