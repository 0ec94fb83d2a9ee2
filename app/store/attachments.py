"""Attachments (scans, photos, audio): encrypted files outside the database.

A file is stored once per content, under ``<data dir>/attachments/<n[:2]>/<n>.chq`` where
``n = HMAC-SHA256(name key, SHA-256 of the plaintext)`` in hex: the name says nothing to
someone without the data key (a plain SHA-256 name was a "is this known document here?"
oracle). Files named the old way (by the SHA-256 itself) are renamed — ``os.replace``,
atomic, nothing copied or lost — once per unlock, and on first access. The content is
encrypted with AES-256-GCM in 64 KiB chunks. Both keys are derived from the vault's data
key (HKDF-SHA256, own ``info`` each), so they never exist on disk. File layout::

    header  = b"CHQATT1\\n" | chunk size (4 bytes BE) | plaintext size (8 bytes BE)
    chunk i = nonce (12 random bytes) | ciphertext+tag of min(chunk, remaining) bytes

Each chunk's associated data is ``header | sha256 | i (8 bytes BE) | final (1 byte)``:
chunks cannot be reordered, dropped, truncated at the end, or moved to another file.
Reading decrypts in memory and checks the SHA-256 again; any mismatch is
``CorruptVault``. Plaintext never touches the disk: the temp file of
``sync.errors.atomic_write`` (same directory, fsync, rename, fsync of the directory)
only ever holds ciphertext. The metadata row is an ordinary ``attachment`` record
(replicated like any other); the bytes travel separately (``iter_plaintext`` /
``put_bytes`` for the sync engine).

``AttachmentTransfers`` implements ``sync.client.ports.AttachmentFiles`` over them: the
encrypted attachment files going up and coming down.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import struct
import time
import weakref
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.store.attachment_download import PARTIAL_DIR, PartialDownload
from app.store.errors import CorruptVault, InvalidRecord, VaultLocked
from app.store.keys import wipe
from app.store.store import Store
from sync.errors import StorageUnavailable, atomic_write, fsync_directory, storage_error

MAGIC = b"CHQATT1\n"
CHUNK = 64 * 1024
_HEADER = struct.Struct(">8sIQ")
_NONCE = 12
_TAG = 16
Source = bytes | bytearray | IO[bytes]


_renamed: weakref.WeakSet[Store] = weakref.WeakSet()  # stores whose legacy names were swept
NAMES_MARKER = ".names-hmac-v1"  # written once every legacy name was renamed


def _named_by_content(path: Path, sha256: str, aead: AESGCM) -> bool:
    """Whether the file's first chunk authenticates with ``sha256`` (its legacy name)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(_HEADER.size)
            if len(header) != _HEADER.size:
                return False
            _magic, chunk, size = _HEADER.unpack(header)
            count = max(1, -(-size // chunk)) if chunk else 1
            length = min(chunk, size) if size else 0
            blob = handle.read(_NONCE + length + _TAG)
    except OSError:
        return False
    ad = header + bytes.fromhex(sha256) + struct.pack(">Q?", 0, count == 1)
    try:
        aead.decrypt(blob[:_NONCE], blob[_NONCE:], ad)
    except (InvalidTag, ValueError):
        return False
    return True


def _sha_ok(sha256: str) -> bool:
    return len(sha256) == 64 and all(c in "0123456789abcdef" for c in sha256)


class Attachments:
    """Encrypted blob files of one unlocked store, plus their metadata records."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.root = store.data_dir / "attachments"
        if store not in _renamed:
            self.rename_legacy_files()
            _renamed.add(store)

    # --- keys and paths --------------------------------------------------------------------
    def _aead(self) -> AESGCM:
        key = self.store._key
        if key is None:
            raise VaultLocked("the vault is locked; unlock it again")
        hkdf = HKDF(hashes.SHA256(), 32, salt=None, info=b"chasqui-attachments-v1")
        derived = bytearray(hkdf.derive(bytes(key)))
        try:
            return AESGCM(bytes(derived))
        finally:
            wipe(derived)

    def _name_key(self) -> bytearray:
        key = self.store._key
        if key is None:
            raise VaultLocked("the vault is locked; unlock it again")
        hkdf = HKDF(hashes.SHA256(), 32, salt=None, info=b"chasqui-attachment-names-v1")
        return bytearray(hkdf.derive(bytes(key)))

    def _name(self, sha256: str, key: bytearray | None = None) -> str:
        own = key is None
        name_key = self._name_key() if key is None else key
        try:
            return hmac.new(bytes(name_key), bytes.fromhex(sha256), hashlib.sha256).hexdigest()
        finally:
            if own:
                wipe(name_key)

    def path_for(self, sha256: str) -> Path:
        """Where the file of this content lives (a legacy-named file is renamed first)."""
        if not _sha_ok(sha256):
            raise InvalidRecord("not a SHA-256 hex digest", field="sha256")
        name = self._name(sha256)
        target = self.root / name[:2] / f"{name}.chq"
        legacy = self.root / sha256[:2] / f"{sha256}.chq"
        if not target.exists() and legacy.is_file():
            self._rename(legacy, target)
        return target

    def rename_legacy_files(self) -> int:
        """Rename every file still named by its plain SHA-256; returns how many.

        A file's legacy name is its content's SHA-256 (it is checked again on read), so
        the new name follows from it; ``os.replace`` in the same folder tree is atomic.
        """
        marker = self.root / NAMES_MARKER
        if self.store._key is None or not self.root.is_dir() or marker.exists():
            return 0
        key, aead = self._name_key(), self._aead()
        moved = 0
        try:
            for path in self.root.glob("??/*.chq"):
                sha = path.stem
                if not _sha_ok(sha) or path.parent.name != sha[:2]:
                    continue
                if not _named_by_content(path, sha, aead):
                    continue  # an HMAC name already (64 hex digits too)
                name = self._name(sha, key)
                target = self.root / name[:2] / f"{name}.chq"
                if target.exists():
                    continue
                self._rename(path, target)
                moved += 1
        finally:
            wipe(key)
        with suppress(StorageUnavailable):  # else the sweep runs again next time (idempotent)
            atomic_write(marker, b"attachment files are named by HMAC-SHA256 (v1)\n")
        return moved

    @staticmethod
    def _rename(source: Path, target: Path) -> None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            fsync_directory(target.parent)
            if source.parent != target.parent:
                fsync_directory(source.parent)
        except OSError as exc:
            raise storage_error(exc, "cannot rename an attachment file") from None

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    # --- writing ------------------------------------------------------------------------------
    def add(
        self,
        source: Source,
        filename: str,
        mime: str,
        case_id: str | None = None,
        person_id: str | None = None,
    ) -> str:
        """Encrypt and store the bytes, then insert the metadata record; returns its id."""
        sha256, size = self._write(source, None)
        return self.store.insert(
            "attachment",
            {
                "case_id": case_id,
                "person_id": person_id,
                "filename": filename,
                "mime": mime,
                "size": size,
                "sha256": sha256,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
        )

    def download(self, sha256: str, size: int) -> PartialDownload:
        """The resumable, streamed download of this content (``attachment_download``)."""
        if size < 0:
            raise InvalidRecord("an attachment cannot have a negative size", field="size")
        target = self.path_for(sha256)
        partial = self.root / PARTIAL_DIR / f"{target.stem}.part"
        header = _HEADER.pack(MAGIC, CHUNK, size)
        return PartialDownload(self._aead(), sha256, size, partial, target, header, CHUNK)

    def put_bytes(self, data: Source, expected_sha256: str) -> None:
        """Store bytes received from elsewhere (sync); refuses them if the hash differs."""
        self._write(data, expected_sha256)

    def _write(self, source: Source, expected: str | None) -> tuple[str, int]:
        data: bytes | None = None
        stream: IO[bytes] | None = None
        if isinstance(source, bytes | bytearray):
            data = bytes(source)
            sha256, size = hashlib.sha256(data).hexdigest(), len(data)
        else:
            stream = source
            start = stream.tell()
            digest, size = hashlib.sha256(), 0
            while block := stream.read(CHUNK):
                digest.update(block)
                size += len(block)
            sha256 = digest.hexdigest()
            stream.seek(start)
        if expected is not None and expected != sha256:
            raise InvalidRecord("the attachment does not match its SHA-256", field="sha256")
        target = self.path_for(sha256)
        if target.is_file():
            return sha256, size  # same content already stored
        aead = self._aead()
        header = _HEADER.pack(MAGIC, CHUNK, size)
        ad_prefix = header + bytes.fromhex(sha256)
        count = max(1, -(-size // CHUNK))

        def chunks() -> Iterator[bytes]:
            yield header
            for index in range(count):
                if data is not None:
                    plain = data[index * CHUNK : (index + 1) * CHUNK]
                else:
                    assert stream is not None
                    plain = stream.read(CHUNK)
                final = index == count - 1
                ad = ad_prefix + struct.pack(">Q?", index, final)
                nonce = secrets.token_bytes(_NONCE)
                yield nonce + aead.encrypt(nonce, plain, ad)

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, "cannot write the attachment") from None
        atomic_write(target, chunks())
        return sha256, size

    # --- reading ------------------------------------------------------------------------------
    def _open(self, sha256: str) -> IO[bytes]:
        try:
            return open(self.path_for(sha256), "rb")  # the callers close it
        except FileNotFoundError:
            raise InvalidRecord("the attachment file is missing", field="sha256") from None
        except OSError as exc:
            raise storage_error(exc, "cannot read the attachment") from None

    @staticmethod
    def _header(handle: IO[bytes]) -> tuple[bytes, int, int, int]:
        """(header bytes, chunk size, plaintext size, chunk count) of an open file."""
        header = handle.read(_HEADER.size)
        if len(header) != _HEADER.size:
            raise CorruptVault("the attachment file is damaged (header)")
        magic, chunk, size = _HEADER.unpack(header)
        if magic != MAGIC or not 0 < chunk <= 1 << 24:
            raise CorruptVault("the attachment file is damaged (header)")
        return header, chunk, size, max(1, -(-size // chunk))

    @staticmethod
    def _chunk(aead: AESGCM, handle: IO[bytes], ad: bytes, length: int) -> bytes:
        blob = handle.read(_NONCE + length + _TAG)
        if len(blob) != _NONCE + length + _TAG:
            raise CorruptVault("the attachment file is truncated")
        try:
            return aead.decrypt(blob[:_NONCE], blob[_NONCE:], ad)
        except InvalidTag:
            raise CorruptVault("the attachment file is damaged or was altered") from None

    def iter_plaintext(self, sha256: str) -> Iterator[bytes]:
        """Decrypted chunks, authenticated one by one; the hash is checked at the end."""
        aead = self._aead()
        handle = self._open(sha256)
        try:
            header, chunk, size, count = self._header(handle)
            ad_prefix = header + bytes.fromhex(sha256)
            digest = hashlib.sha256()
            for index in range(count):
                length = min(chunk, size - index * chunk) if size else 0
                ad = ad_prefix + struct.pack(">Q?", index, index == count - 1)
                plain = self._chunk(aead, handle, ad, length)
                digest.update(plain)
                yield plain
            if handle.read(1) or digest.hexdigest() != sha256:
                raise CorruptVault("the attachment file does not match its name")
        finally:
            handle.close()

    def read_range(self, sha256: str, offset: int, length: int) -> bytes:
        """Plaintext ``offset..offset+length`` (clipped to the file), reading only the
        chunks that hold it. Each chunk authenticates against this SHA-256, its index and
        its place (final or not), so a range cannot come from another file or position."""
        aead = self._aead()
        handle = self._open(sha256)
        try:
            header, chunk, size, count = self._header(handle)
            end = min(size, offset + max(0, length))
            if offset < 0 or offset >= end:
                return b""
            ad_prefix = header + bytes.fromhex(sha256)
            first, last = offset // chunk, (end - 1) // chunk
            handle.seek(_HEADER.size + first * (_NONCE + chunk + _TAG))
            out = bytearray()
            for index in range(first, last + 1):
                size_here = min(chunk, size - index * chunk)
                ad = ad_prefix + struct.pack(">Q?", index, index == count - 1)
                plain = self._chunk(aead, handle, ad, size_here)
                lo = index * chunk
                out += plain[max(0, offset - lo) : end - lo]
            return bytes(out)
        finally:
            handle.close()

    def read_blob(self, sha256: str) -> bytes:
        return b"".join(self.iter_plaintext(sha256))

    def read(self, attachment_id: str) -> bytes:
        """The decrypted content of an attachment record (in memory)."""
        record = self.store.get("attachment", attachment_id)
        if record is None or not record.get("sha256"):
            raise InvalidRecord("there is no such attachment", field="id")
        return self.read_blob(str(record["sha256"]))

    def missing(self) -> list[str]:
        """SHA-256 of attachment records whose file is not here yet (to fetch by sync)."""
        rows = self.store.query(
            "SELECT DISTINCT sha256 FROM attachment WHERE _deleted = 0 AND sha256 IS NOT NULL"
        )
        return [r["sha256"] for r in rows if _sha_ok(r["sha256"]) and not self.has(r["sha256"])]


class AttachmentTransfers:
    """``sync.client.ports.AttachmentFiles`` over the store's encrypted attachment files.

    A file is pending upload when a live attachment record names it, the encrypted file
    is here, and the server has not confirmed it yet (kept in
    ``sync_state["attachments_uploaded"]``; after a server restore the engine asks the
    server for its offset anyway, so a stale mark costs one status request, never a lost
    file). Uploads read only the encrypted chunks that hold the range asked for.

    A file is pending download when a live attachment record names it and the encrypted
    file is not here (``Attachments.missing``). ``store_downloaded`` encrypts the whole
    file is streamed into an encrypted partial file (``attachment_download``: bounded
    memory, resumable after a cut) and adopted once its SHA-256 matches; a downloaded file
    counts as uploaded (the server has it).
    """

    STATE_KEY = "attachments_uploaded"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.files = Attachments(store)
        self._downloads: dict[str, PartialDownload] = {}

    def _uploaded(self) -> set[str]:
        value = self.store.replica.get_sync_state(self.STATE_KEY)
        return set(value) if isinstance(value, list) else set()

    def _live(self) -> list[tuple[str, int]]:
        rows = self.store.query(
            "SELECT sha256, max(size) AS size FROM attachment WHERE _deleted = 0"
            " AND sha256 IS NOT NULL GROUP BY sha256 ORDER BY sha256"
        )
        return [(str(row["sha256"]), int(row["size"] or 0)) for row in rows]

    def pending_uploads(self) -> list[tuple[str, int]]:
        done = self._uploaded()
        return [
            (sha, size) for sha, size in self._live() if sha not in done and self.files.has(sha)
        ]

    def read_chunk(self, sha256: str, offset: int, length: int) -> bytes:
        """Plaintext ``offset..offset+length``: only the chunks that hold it are read."""
        return self.files.read_range(sha256, offset, length)

    def mark_uploaded(self, sha256: str) -> None:
        self.store.replica.set_sync_state(self.STATE_KEY, sorted(self._uploaded() | {sha256}))

    def pending_downloads(self) -> list[tuple[str, int]]:
        missing = set(self.files.missing())
        return [(sha, size) for sha, size in self._live() if sha in missing]

    def download_offset(self, sha256: str, size: int) -> int:
        """Bytes of this file already held (a partial download is resumed); 0 when new."""
        partial = self._downloads.get(sha256)
        if partial is None or partial.size != size:
            partial = self.files.download(sha256, size)
            self._downloads[sha256] = partial
        return partial.received

    def write_download(self, sha256: str, offset: int, data: bytes) -> None:
        partial = self._downloads.get(sha256)
        if partial is None:
            raise InvalidRecord("no download of this attachment was started", field="sha256")
        partial.write(offset, data)

    def finish_download(self, sha256: str) -> bool:
        """Adopt the file if complete and its SHA-256 matches (then it counts as uploaded:
        the server has it); False when it is not (the partial file is discarded)."""
        partial = self._downloads.pop(sha256, None)
        if partial is None or not partial.finish():
            return False
        self.mark_uploaded(sha256)
        return True
