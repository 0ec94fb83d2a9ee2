"""A downloading attachment file: streamed into an encrypted partial file, resumable.

Owns ``<data dir>/attachments/partial/<name>.part`` (``name`` is the file's HMAC name,
as for stored files). The partial file has the very layout of a stored attachment file
(``app.store.attachments``: header, then AES-256-GCM chunks whose associated data binds
the header, the SHA-256, the chunk index and the final flag), written one whole chunk at
a time, so adopting it once complete is a rename. Plaintext never touches the disk and
memory holds at most one chunk plus the range being written, whatever the file's size.

Resuming (after a cut, a crash or in a later round) re-reads the partial file: every
chunk that authenticates counts, the SHA-256 state is rebuilt from them, and anything
after the first chunk that does not (a torn write, tampering) is cut off. The download
continues from the bytes of whole chunks; the few bytes of an unfinished chunk are
fetched again. Adoption checks the SHA-256 of everything received; a mismatch discards
the partial file so the next round starts clean.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
from contextlib import suppress
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.store.errors import InvalidRecord
from sync.errors import DiskFull, adopt_file, storage_error

PARTIAL_DIR = "partial"
_FREE_MARGIN = 16 * 1024 * 1024  # room left on the disk for the vault's own writes


class PartialDownload:
    """One file coming down: ``received`` bytes are safely in the partial file or buffer."""

    def __init__(
        self,
        aead: AESGCM,
        sha256: str,
        size: int,
        partial: Path,
        target: Path,
        header: bytes,
        chunk: int,
    ) -> None:
        self.aead = aead
        self.sha256 = sha256
        self.size = size
        self.partial = partial
        self.target = target
        self.header = header
        self.chunk = chunk
        self.count = max(1, -(-size // chunk))
        self.digest = hashlib.sha256()
        self.written = 0  # whole chunks in the file
        self.buffer = bytearray()  # plaintext of the chunk being filled (< one chunk)
        self._resume()

    @property
    def received(self) -> int:
        return self.written * self.chunk + len(self.buffer)

    # --- resuming ------------------------------------------------------------------------------
    def _resume(self) -> None:
        """Count the chunks of an existing partial file that authenticate; cut the rest."""
        try:
            self.partial.parent.mkdir(parents=True, exist_ok=True)
            if not self.partial.is_file():
                self._start()
                return
            with open(self.partial, "r+b") as handle:
                if handle.read(len(self.header)) != self.header:
                    handle.truncate(0)
                    handle.seek(0)
                    handle.write(self.header)
                    return
                keep = len(self.header)
                for index in range(self.count - 1):  # the final chunk completes a download
                    blob = handle.read(self._stored(self.chunk))
                    plain = self._open_chunk(blob, index, final=False)
                    if plain is None:
                        break
                    self.digest.update(plain)
                    self.written += 1
                    keep += len(blob)
                handle.truncate(keep)
        except OSError as exc:
            raise storage_error(exc, "cannot prepare the attachment download") from None

    def _start(self) -> None:
        free = _free_bytes(self.partial.parent)
        needed = self._stored(self.chunk) * self.count + len(self.header) + _FREE_MARGIN
        if free is not None and free < needed:
            raise DiskFull(f"not enough free disk space for an attachment of {self.size} bytes")
        with open(self.partial, "wb") as handle:
            handle.write(self.header)

    def _stored(self, length: int) -> int:
        return 12 + length + 16

    def _ad(self, index: int, final: bool) -> bytes:
        return self.header + bytes.fromhex(self.sha256) + struct.pack(">Q?", index, final)

    def _open_chunk(self, blob: bytes, index: int, final: bool) -> bytes | None:
        if len(blob) < 28:
            return None
        try:
            return self.aead.decrypt(blob[:12], blob[12:], self._ad(index, final))
        except (InvalidTag, ValueError):
            return None

    # --- writing --------------------------------------------------------------------------------
    def write(self, offset: int, data: bytes) -> None:
        """Append the bytes at ``offset`` (which must be ``received``)."""
        if offset != self.received:
            raise InvalidRecord(
                f"download out of order: expected offset {self.received}, got {offset}",
                field="offset",
            )
        if self.received + len(data) > self.size:
            raise InvalidRecord("the download is longer than the attachment", field="size")
        self.buffer += data
        sealed = bytearray()
        while len(self.buffer) >= self.chunk and self.written < self.count - 1:
            sealed += self._seal(bytes(self.buffer[: self.chunk]), final=False)
            del self.buffer[: self.chunk]
        if self.received == self.size:
            sealed += self._seal(bytes(self.buffer), final=True)
            self.buffer.clear()
        if sealed:
            try:
                with open(self.partial, "ab") as handle:
                    handle.write(sealed)
            except OSError as exc:
                raise storage_error(exc, "cannot write the attachment download") from None

    def _seal(self, plain: bytes, final: bool) -> bytes:
        self.digest.update(plain)
        nonce = secrets.token_bytes(12)
        blob = nonce + self.aead.encrypt(nonce, plain, self._ad(self.written, final))
        self.written += 1
        return blob

    def finish(self) -> bool:
        """Adopt the file when every byte is in and its SHA-256 matches; False otherwise
        (a mismatch discards the partial file, so the next round starts over)."""
        if self.size == 0 and self.written == 0:
            self.write(0, b"")
        if self.written < self.count:
            return False
        if self.digest.hexdigest() != self.sha256:
            self.discard()
            return False
        adopt_file(self.partial, self.target)
        return True

    def discard(self) -> None:
        with suppress(OSError):
            self.partial.unlink()
        self.digest = hashlib.sha256()
        self.written = 0
        self.buffer.clear()


def _free_bytes(folder: Path) -> int | None:
    try:
        stat = os.statvfs(folder)
    except (OSError, AttributeError):
        return None
    return stat.f_bavail * stat.f_frsize
