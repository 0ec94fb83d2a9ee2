"""The snapshot a new device starts from, as pages, one by one or streamed in one answer.

Owns ``snapshot_page`` (one ``SnapshotPage`` for a ``SnapshotRequest``: records, the
cursor, forms and catalogs on the first page, signed) — used by ``POST /v1/snapshot``
for a page and by the stream — and ``stream_response``: with ``stream: true`` in the
request, the answer is every page from the asked position to the end, in order, in one
zstd frame (``sync.protocol.STREAM_MEDIA``: each page's JSON on its own line,
the compressor flushed after each so the client can apply a page as soon as it
arrives). One compression context across the pages: later pages refer to what earlier
ones carried (field names, prose, ids), so a first download is about a fifth smaller
than the same pages compressed one by one, and the link never idles between requests.
The server holds nothing between requests: a stream cut part-way is resumed by the
client with a new request from the last page it applied (each page is read in its own
read transaction, exactly as a paged request would be).

A stream lasts as long as the slowest link takes to carry a whole office (minutes on
EDGE), holding a connection, a compressor and a page in memory, and a thread and a
database connection while each page is read: ``StreamGate`` bounds how many one server
process serves at once (``MAX_STREAMS``, ``create_app(max_streams=...)``) and how many
one device holds (``PER_DEVICE``: a device, or a leaked token, cannot take every place
and turn every other office away); one more is refused before anything is read with
429 ``rate_limited`` and ``Retry-After`` (``Busy``), which the client treats as "server
busy, retry later" — paged requests are not bounded by it. A place is never held for
ever: a stream ends cleanly at the first page boundary after ``TOTAL_S`` (its last page
says ``more``: the client asks again from there, as after a cut), and a client that
takes nothing for ``IDLE_S`` (a full TCP window) loses the stream, the connection closed.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import msgspec
import zstandard
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from sync import compression, protocol
from sync.protocol import ErrorCode, ProtocolError
from sync.server import identity, pull
from sync.server.catalogs import catalogs_newer_than
from sync.server.db import Database, now_ms
from sync.server.push import DeviceContext

# Streams one server process serves at once: a third of the database pool (10 + 20
# overflow, ``db.Database``), so streams reading pages never starve pushes and pulls.
MAX_STREAMS = 10
PER_DEVICE = 2  # one stream, and one taken up again while the cut one is still closing
TOTAL_S = 900.0  # a stream ends at a page boundary after this long (the client resumes)
IDLE_S = 120.0  # a client that takes nothing for this long loses its stream
RETRY_AFTER_S = 30  # what a refused device is told to wait (a first sync is not urgent)

log = logging.getLogger(__name__)


class Busy(ProtocolError):
    """Too many streams at once: 429 ``rate_limited`` with ``Retry-After``."""

    def __init__(self, retry_after: int = RETRY_AFTER_S) -> None:
        super().__init__(ErrorCode.RATE_LIMITED, "too many snapshot streams at once; retry later")
        self.retry_after = retry_after


class StreamGate:
    """Counts the streams being served, in all and per device; ``enter`` refuses one over
    ``limit`` or over ``per_device`` for its device. ``total_s`` and ``idle_s`` are the
    deadlines of each stream (``TOTAL_S``, ``IDLE_S``)."""

    def __init__(
        self,
        limit: int = MAX_STREAMS,
        per_device: int = PER_DEVICE,
        total_s: float = TOTAL_S,
        idle_s: float = IDLE_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.per_device = per_device
        self.total_s = total_s
        self.idle_s = idle_s
        self.clock = clock
        self.open = 0
        self.held: Counter[str] = Counter()  # device id -> streams it holds
        self._lock = threading.Lock()

    def enter(self, device_id: str) -> None:
        """Take a place for the device, or raise ``Busy``."""
        with self._lock:
            if self.open >= self.limit or self.held[device_id] >= self.per_device:
                raise Busy()
            self.open += 1
            self.held[device_id] += 1

    def leave(self, device_id: str) -> None:
        with self._lock:
            self.open -= 1
            self.held[device_id] -= 1
            if self.held[device_id] <= 0:
                del self.held[device_id]


class _GatedStream(StreamingResponse):
    """A streaming answer that gives its place back however it ends (finished, the
    client gone, an error, or the client taking nothing for ``gate.idle_s``: the answer
    is dropped unfinished, so the server closes the connection)."""

    def __init__(self, gate: StreamGate, device_id: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._gate = gate
        self._device_id = device_id

    async def stream_response(self, send: Send) -> None:
        idle = self._gate.idle_s

        async def bounded(message: Any) -> None:
            await asyncio.wait_for(send(message), idle)

        try:
            await super().stream_response(bounded)
        except TimeoutError:
            log.warning("snapshot stream dropped: the client took nothing for %.0f s", idle)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._gate.leave(self._device_id)


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
        reader_protocol=req.protocol_version,  # compact ids to a reader of protocol 3
    )


async def stream_response(
    db: Database,
    device: DeviceContext,
    req: protocol.SnapshotRequest,
    epoch: str,
    gate: StreamGate,
) -> StreamingResponse:
    """Every page from ``req``'s position to the last, in one zstd-compressed answer.

    A place in ``gate`` is taken first (``Busy`` when there is none) and kept until the
    answer ends; after ``gate.total_s`` the answer ends at the next page boundary, its
    last page saying ``more`` (the client resumes from it). The first page is read
    before the answer starts: a request the paged endpoint would refuse (a malformed
    ``after``) gets the same 4xx here, not a 200 cut part-way."""
    gate.enter(device.device_id)
    began = gate.clock()
    try:
        first = await run_in_threadpool(snapshot_page, db, device, req, epoch)
    except BaseException:
        gate.leave(device.device_id)
        raise

    async def pages() -> AsyncIterator[bytes]:
        squeeze = zstandard.ZstdCompressor(level=compression.ZSTD_LEVEL).compressobj()
        current, page = req, first
        while True:
            line = page.encode() + b"\n"
            yield squeeze.compress(line) + squeeze.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
            if not page.more or gate.clock() - began >= gate.total_s:
                break  # the end, or long enough: the client asks again from this page
            current = msgspec.structs.replace(current, cursor=page.cursor, after=page.next_after)
            page = await run_in_threadpool(snapshot_page, db, device, current, epoch)
        yield squeeze.flush()

    return _GatedStream(
        gate,
        device.device_id,
        pages(),
        media_type=protocol.STREAM_MEDIA,
        headers={"Content-Encoding": compression.ZSTD},
    )
