"""The snapshot a new device starts from, as pages, one by one or streamed in one answer.

Owns ``snapshot_page`` (one ``SnapshotPage`` for a ``SnapshotRequest``: records, the
cursor, forms and catalogs on the first page, signed) — used by ``POST /v1/snapshot``
for a page and by the stream — and ``stream_response``: with ``stream: true`` in the
request, the answer is every page from the asked position to the end, in order, in one
zstd frame (``sync.protocol.SNAPSHOT_STREAM_MEDIA``: each page's JSON on its own line,
the compressor flushed after each so the client can apply a page as soon as it
arrives). One compression context across the pages: later pages refer to what earlier
ones carried (field names, prose, ids), so a first download is about a fifth smaller
than the same pages compressed one by one, and the link never idles between requests.
The server holds nothing between requests: a stream cut part-way is resumed by the
client with a new request from the last page it applied (each page is read in its own
read transaction, exactly as a paged request would be).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import zstandard
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from sync import compression, protocol
from sync.server import identity, pull
from sync.server.catalogs import catalogs_newer_than
from sync.server.db import Database, now_ms
from sync.server.push import DeviceContext


def snapshot_page(
    db: Database, device: DeviceContext, req: protocol.SnapshotRequest, epoch: str
) -> protocol.SnapshotPage:
    """One page of the device's office from ``req``'s position (forms and catalogs ride
    on the first page only)."""
    with db.read() as conn:
        records, cursor, next_after, more = pull.snapshot_page(conn, device, req)
        first = req.after is None
        forms = pull.forms_newer_than(conn, {}) if first else []
        catalogs = catalogs_newer_than(conn, {}, device.office_code) if first else []
    return protocol.SnapshotPage.of_records(
        records,
        cursor,
        next_after,
        more,
        epoch,
        now_ms(),
        identity.signed(db, forms),
        identity.signed(db, catalogs),
    )


async def stream_response(
    db: Database, device: DeviceContext, req: protocol.SnapshotRequest, epoch: str
) -> StreamingResponse:
    """Every page from ``req``'s position to the last, in one zstd-compressed answer.

    The first page is read before the answer starts: a request the paged endpoint would
    refuse (a malformed ``after``) gets the same 4xx here, not a 200 cut part-way."""
    first = await run_in_threadpool(snapshot_page, db, device, req, epoch)

    async def pages() -> AsyncIterator[bytes]:
        squeeze = zstandard.ZstdCompressor(level=compression.ZSTD_LEVEL).compressobj()
        current, page = req, first
        while True:
            line = page.encode() + b"\n"
            yield squeeze.compress(line) + squeeze.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
            if not page.more:
                break
            current = msgspec.structs.replace(current, cursor=page.cursor, after=page.next_after)
            page = await run_in_threadpool(snapshot_page, db, device, current, epoch)
        yield squeeze.flush()

    return StreamingResponse(
        pages(),
        media_type=protocol.SNAPSHOT_STREAM_MEDIA,
        headers={"Content-Encoding": compression.ZSTD},
    )
