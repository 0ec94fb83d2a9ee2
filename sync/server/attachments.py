"""Attachment storage on the server: resumable chunked upload, SHA-256 check, ranged reads.

Owns the ``attachments`` and ``attachment_chunks`` tables. Files are kept per office
(the same file in two offices is stored twice, so scope never leaks through a shared
blob). A file may be uploaded only when an ``attachment`` record of the device's office
names its SHA-256; every read checks the same. Chunks must arrive in order: a chunk
starting elsewhere than the received offset is refused with the current status, so a
client resumes from the server's answer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from sqlalchemy import Connection, select

from sync.protocol import MAX_CHUNK_BYTES, AttachmentStatus, ErrorCode, ProtocolError
from sync.server import schema
from sync.server.db import Database, now_ms

_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


class OffsetMismatch(ProtocolError):
    def __init__(self, status: AttachmentStatus) -> None:
        super().__init__(
            ErrorCode.OFFSET_MISMATCH, f"upload must continue at offset {status.offset}"
        )
        self.current = status


def _not_found() -> ProtocolError:
    return ProtocolError(
        ErrorCode.NOT_FOUND, "no attachment record with this sha256 in this device's office"
    )


def check_referenced(conn: Connection, office_id: str, sha256: str) -> None:
    r = schema.records.c
    row = conn.execute(
        select(r.entity_id)
        .where(r.office_id == office_id, r.ref_sha256 == sha256, r.entity == "attachment")
        .limit(1)
    ).first()
    if row is None:
        raise _not_found()


def status(conn: Connection, office_id: str, sha256: str) -> AttachmentStatus:
    check_referenced(conn, office_id, sha256)
    a = schema.attachments.c
    row = conn.execute(
        select(a.size, a.received, a.complete).where(a.office_id == office_id, a.sha256 == sha256)
    ).first()
    if row is None:
        return AttachmentStatus(sha256, 0, None, False)
    return AttachmentStatus(sha256, int(row.received), int(row.size), bool(row.complete))


def put_chunk(
    db: Database, office_id: str, sha256: str, start: int, end: int, total: int, data: bytes
) -> AttachmentStatus:
    if len(data) != end - start + 1:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "chunk length does not match Content-Range")
    if len(data) > MAX_CHUNK_BYTES:
        raise ProtocolError(ErrorCode.TOO_LARGE, f"a chunk carries at most {MAX_CHUNK_BYTES} bytes")
    a = schema.attachments.c
    with db.write() as conn:
        current = status(conn, office_id, sha256)
        if current.complete:
            return current
        if current.size is not None and current.size != total:
            raise ProtocolError(ErrorCode.BAD_REQUEST, "total size differs from the upload's")
        if start != current.offset:
            raise OffsetMismatch(current)
        now = now_ms()
        if current.size is None:
            conn.execute(
                schema.attachments.insert().values(
                    office_id=office_id,
                    sha256=sha256,
                    size=total,
                    received=0,
                    complete=False,
                    created_at=now,
                )
            )
        conn.execute(
            schema.attachment_chunks.insert().values(
                office_id=office_id, sha256=sha256, offset=start, data=data
            )
        )
        received = start + len(data)
        conn.execute(
            schema.attachments.update()
            .where(a.office_id == office_id, a.sha256 == sha256)
            .values(received=received)
        )
    if received < total:
        return AttachmentStatus(sha256, received, total, False)
    # Every byte is in: hash outside the write lock (a large file takes a while), then
    # mark it complete or start over. A racing PUT meanwhile gets ``offset_mismatch``.
    with db.read() as conn:
        good = _digest(conn, office_id, sha256) == sha256
    with db.write() as conn:
        if good:
            conn.execute(
                schema.attachments.update()
                .where(a.office_id == office_id, a.sha256 == sha256)
                .values(complete=True, completed_at=now_ms())
            )
        else:
            _reset(conn, office_id, sha256)  # committed before the error is raised
    if not good:
        raise ProtocolError(
            ErrorCode.HASH_MISMATCH, "uploaded bytes do not match the sha256; upload reset"
        )
    return AttachmentStatus(sha256, received, total, True)


def _digest(conn: Connection, office_id: str, sha256: str) -> str:
    c = schema.attachment_chunks.c
    h = hashlib.sha256()
    rows = conn.execute(
        select(c.data).where(c.office_id == office_id, c.sha256 == sha256).order_by(c.offset)
    )
    for row in rows:
        h.update(row.data)
    return h.hexdigest()


def _reset(conn: Connection, office_id: str, sha256: str) -> None:
    c, a = schema.attachment_chunks.c, schema.attachments.c
    conn.execute(
        schema.attachment_chunks.delete().where(c.office_id == office_id, c.sha256 == sha256)
    )
    conn.execute(schema.attachments.delete().where(a.office_id == office_id, a.sha256 == sha256))


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end inclusive) of a ``Range: bytes=a-b`` header; None for the whole file."""
    if header is None:
        return None
    match = _RANGE_RE.match(header.strip())
    if match is None or (not match.group(1) and not match.group(2)):
        raise ProtocolError(ErrorCode.BAD_REQUEST, "Range must be 'bytes=START-END'")
    if not match.group(1):  # suffix: the last N bytes
        n = int(match.group(2))
        return max(0, size - n), size - 1
    start = int(match.group(1))
    end = int(match.group(2)) if match.group(2) else size - 1
    if start >= size or end < start:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "Range is outside the file")
    return start, min(end, size - 1)


def prepare_read(
    db: Database, office_id: str, sha256: str, range_header: str | None
) -> tuple[int, int, int, list[int]]:
    """(start, end, size, chunk offsets) of a complete file in the office (or
    ProtocolError); ``stream`` then yields the bytes."""
    c = schema.attachment_chunks.c
    with db.read() as conn:
        st = status(conn, office_id, sha256)
        if not st.complete or st.size is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "the file has not been uploaded completely")
        size = st.size
        span = parse_range(range_header, size)
        start, end = span if span is not None else (0, size - 1)
        offsets = [
            int(r.offset)
            for r in conn.execute(
                select(c.offset)
                .where(
                    c.office_id == office_id,
                    c.sha256 == sha256,
                    c.offset <= end,
                    c.offset > start - MAX_CHUNK_BYTES,
                )
                .order_by(c.offset)
            )
        ]
    return start, end, size, offsets


def stream(
    db: Database, office_id: str, sha256: str, start: int, end: int, offsets: list[int]
) -> Iterator[bytes]:
    """The bytes ``start..end`` chunk by chunk (one chunk in memory at a time)."""
    c = schema.attachment_chunks.c
    for lo in offsets:
        with db.read() as conn:
            data = conn.execute(
                select(c.data).where(c.office_id == office_id, c.sha256 == sha256, c.offset == lo)
            ).scalar_one()
        hi = lo + len(data) - 1
        if hi < start or lo > end:
            continue
        yield bytes(data[max(start, lo) - lo : min(end, hi) - lo + 1])
