"""The backup file format: a plaintext header, then a tar stream sealed in AEAD chunks.

Owns the bytes of a ``.chqbak`` file (``app/store/backup.py`` decides what goes in)::

    magic    = b"CHQBACKUP1\\n"
    length   = 4 bytes big-endian, the size of the header JSON
    header   = JSON {"format": "chasqui-backup", "version": 1, "created_at": ISO UTC,
               "chunk": plaintext bytes per chunk, "salt": b64 (16 random bytes),
               "keyfile": the vault's key file document (keys.py)}
    chunk i  = AES-256-GCM(key, nonce = i as 12 bytes BE, plaintext[i], ad)

The key is HKDF-SHA256(data key, salt, info ``chasqui-backup-v1``): a fresh key per file,
so a counter nonce never repeats. Every chunk's associated data is
``SHA-256(magic | length | header) | i (8 bytes BE) | final (1 byte)``: the header cannot be
altered (another vault's key file, a changed chunk size), chunks cannot be reordered or
dropped, and a file cut at a chunk boundary fails because its last chunk was not sealed
as final. The writer always ends with a final chunk (possibly empty); bytes after it are
refused. The header holds what the vault folder's ``keys.json`` holds (login names,
salts, wrapped keys — no secret, no record); whoever has a passphrase of the vault (or its
recovery key) unwraps the data key from it, derives the file key and reads the stream.

``SealedWriter`` / ``SealedReader`` are file-like (``write`` / ``read``) so that
``tarfile`` in stream mode (``w|`` / ``r|``) runs over them: memory stays at about two
chunks whatever the size of the vault.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
import struct
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.store.errors import StoreError

MAGIC = b"CHQBACKUP1\n"
FORMAT = "chasqui-backup"
VERSION = 1
CHUNK = 1 << 20  # 1 MiB of plaintext per sealed chunk
_TAG = 16
_MAX_HEADER = 1 << 20
_MAX_CHUNK = 1 << 24


class BackupError(StoreError):
    """A backup cannot be made, read or restored (the message says why)."""


class DamagedBackup(BackupError):
    """The file is not an intact Chasqui backup: altered, truncated or not a backup."""


def _file_key(data_key: bytearray | bytes, salt: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"chasqui-backup-v1")
    derived = bytearray(hkdf.derive(bytes(data_key)))
    try:
        return AESGCM(bytes(derived))
    finally:
        for i in range(len(derived)):
            derived[i] = 0


def _ad(digest: bytes, index: int, final: bool) -> bytes:
    return digest + struct.pack(">Q?", index, final)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def encode_header(created_at: str, keyfile: dict[str, Any], chunk: int = CHUNK) -> bytes:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": created_at,
        "chunk": chunk,
        "salt": base64.b64encode(secrets.token_bytes(16)).decode("ascii"),
        "keyfile": keyfile,
    }
    body = json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return MAGIC + struct.pack(">I", len(body)) + body


def read_header(handle: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    """Parse the plaintext header; returns (document, raw bytes). ``DamagedBackup`` if bad."""
    magic = handle.read(len(MAGIC))
    if magic != MAGIC:
        raise DamagedBackup("this file is not a Chasqui backup (unknown format)")
    raw_len = handle.read(4)
    if len(raw_len) != 4:
        raise DamagedBackup("the backup file is truncated (header)")
    (length,) = struct.unpack(">I", raw_len)
    if not 0 < length <= _MAX_HEADER:
        raise DamagedBackup("the backup file is damaged (header size)")
    body = handle.read(length)
    if len(body) != length:
        raise DamagedBackup("the backup file is truncated (header)")
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedBackup("the backup file is damaged (header)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DamagedBackup("this file is not a Chasqui backup (unknown format)")
    version = doc.get("version")
    if not isinstance(version, int) or version < 1:
        raise DamagedBackup("the backup file is damaged (header version)")
    if version > VERSION:
        raise BackupError(
            f"this backup was written by a newer Chasqui (format v{version}); update Chasqui"
        )
    chunk = doc.get("chunk")
    if not isinstance(chunk, int) or not 0 < chunk <= _MAX_CHUNK:
        raise DamagedBackup("the backup file is damaged (chunk size)")
    if not isinstance(doc.get("keyfile"), dict) or not isinstance(doc.get("salt"), str):
        raise DamagedBackup("the backup file is damaged (header)")
    return doc, magic + raw_len + body


def _salt(header: dict[str, Any]) -> bytes:
    try:
        salt = base64.b64decode(header["salt"], validate=True)
    except (KeyError, ValueError):
        raise DamagedBackup("the backup file is damaged (header salt)") from None
    if len(salt) < 16:
        raise DamagedBackup("the backup file is damaged (header salt)")
    return salt


class SealedWriter:
    """Write-only file object: buffers plaintext and writes sealed chunks to ``out``."""

    def __init__(self, out: IO[bytes], header_raw: bytes, data_key: bytearray | bytes) -> None:
        header, _ = read_header(io.BytesIO(header_raw))
        self._out = out
        self._aead = _file_key(data_key, _salt(header))
        self._digest = hashlib.sha256(header_raw).digest()
        self._chunk = int(header["chunk"])
        self._buf = bytearray()
        self._index = 0
        self._closed = False
        self.plaintext_bytes = 0
        out.write(header_raw)

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("write to a closed backup stream")
        self._buf += data
        while len(self._buf) > self._chunk:  # keep a tail: the final chunk is sealed on close
            self._seal(bytes(self._buf[: self._chunk]), final=False)
            del self._buf[: self._chunk]
        return len(data)

    def _seal(self, plain: bytes, *, final: bool) -> None:
        ad = _ad(self._digest, self._index, final)
        self._out.write(self._aead.encrypt(_nonce(self._index), plain, ad))
        self.plaintext_bytes += len(plain)
        self._index += 1

    def close(self) -> None:
        """Seal the final chunk (the rest of the buffer, possibly empty)."""
        if not self._closed:
            self._seal(bytes(self._buf), final=True)
            self._buf.clear()
            self._closed = True


class SealedReader:
    """Read-only file object over the chunks after the header; authenticates each one.

    The final chunk is recognised by looking one sealed chunk ahead: a chunk followed by
    end of file must open as final, so truncation at any point is refused; a final chunk
    followed by more bytes is refused too.
    """

    def __init__(
        self, handle: IO[bytes], header: dict[str, Any], header_raw: bytes, data_key: bytearray
    ) -> None:
        self._in = handle
        self._aead = _file_key(data_key, _salt(header))
        self._digest = hashlib.sha256(header_raw).digest()
        self._sealed = int(header["chunk"]) + _TAG
        self._index = 0
        self._buf = b""
        self._pos = 0
        self._next = handle.read(self._sealed)
        self._done = False

    def _open_next(self) -> None:
        blob = self._next
        if len(blob) < _TAG:
            raise DamagedBackup("the backup file is truncated; nothing was restored")
        self._next = self._in.read(self._sealed)
        final = not self._next
        try:
            plain = self._aead.decrypt(
                _nonce(self._index), blob, _ad(self._digest, self._index, final)
            )
        except InvalidTag:
            if final:
                raise DamagedBackup(
                    "the backup file is damaged, truncated or was altered (its last part "
                    "does not authenticate)"
                ) from None
            raise DamagedBackup(
                f"the backup file is damaged or was altered (part {self._index + 1} does not "
                "authenticate)"
            ) from None
        self._index += 1
        self._buf, self._pos = plain, 0
        self._done = final

    def read(self, size: int = -1) -> bytes:
        parts: list[bytes] = []
        need = size if size >= 0 else 1 << 62
        while need > 0:
            if self._pos >= len(self._buf):
                if self._done:
                    break
                self._open_next()
                continue
            piece = self._buf[self._pos : self._pos + need]
            self._pos += len(piece)
            need -= len(piece)
            parts.append(piece)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def drain(self) -> None:
        """Read and authenticate everything left, up to the final chunk."""
        while not self._done:
            self._open_next()
        self._pos = len(self._buf)
