"""Attachment transfer: resumable chunked uploads and ranged downloads of raw bytes.

Owns ``AttachmentStatus`` (how much of a file the server holds), the chunk limits and
the ``Content-Range`` header rules. The bytes themselves travel as
``application/octet-stream``, not compressed by the protocol.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sync.protocol.base import Count, ErrorCode, Message, ProtocolError, Sha256

CHUNK_BYTES = 256 * 1024
MAX_CHUNK_BYTES = 1024 * 1024
MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024


class AttachmentStatus(Message, frozen=True):
    WHAT: ClassVar[str] = "attachment status"
    sha256: Sha256
    offset: Count  # bytes received so far (resume from here)
    size: Count | None  # declared total size (None before the first chunk)
    complete: bool  # all bytes received and the SHA-256 verified


_RANGE_RE = re.compile(r"^bytes ([0-9]{1,12})-([0-9]{1,12})/([0-9]{1,12})$")


def content_range(start: int, length: int, total: int) -> str:
    """The ``Content-Range`` header for a chunk of ``length`` bytes at ``start``."""
    return f"bytes {start}-{start + length - 1}/{total}"


def parse_content_range(header: str | None) -> tuple[int, int, int]:
    """(start, end inclusive, total) of a ``Content-Range: bytes a-b/n`` header."""
    match = _RANGE_RE.match((header or "").strip())
    if match is None:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "Content-Range must be 'bytes START-END/TOTAL'")
    start, end, total = (int(g) for g in match.groups())
    if end < start or end >= total or total > MAX_ATTACHMENT_BYTES:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "Content-Range is out of bounds")
    return start, end, total
