"""The streamed upload (``POST /v1/push-stream``, issue 14): many push batches in one
request, each stored as soon as it has arrived.

Owns ``take(request, store, claiming, epoch)``. The body is one zstd frame
(``protocol.SNAPSHOT_STREAM_MEDIA``, ``Content-Encoding: zstd``): each line a whole
``PushBatch`` JSON, the client's compressor flushed after each, so one compression
context covers the upload (its lines refer to what earlier ones carried) while every
line can be decoded on arrival. A reader on the event loop takes the body off the
connection into a bounded queue (``QUEUED`` chunks) while a worker thread decompresses
it in ``STEP`` pieces and hands each complete line to ``store`` — the same path as a
``/v1/push`` of that batch (``do_push``: versions, the authenticated device, each
change's checks, quarantine), one line after the other, each committed before the next
is decoded. So the server stores batch N while batch N+1 is on the link (the link never
idles while it computes), and a cut loses only the line that was on the link: the lines
before it are stored, and ``/v1/held`` names them (the stream holds the device's push
claim, ``held.claiming``, for as long as it runs). The answer is one ``PushResult`` for
every line (``merged``).

Bounds: at most ``MAX_STREAMS`` streams at once in a process, ``PER_DEVICE`` a device
(``GATE``: one more is 429 before anything is read; the client pipelines instead),
``MAX_STREAM_BYTES`` of body, ``MAX_STREAM_CHANGES`` changes (each line
carries at least one; a line at most ``MAX_DECOMPRESSED_BYTES`` and
``MAX_PUSH_CHANGES``), and a body that sends nothing for ``IDLE_S`` is dropped. Anything
malformed (not zstd, a line that is not a push batch, another device's batch, a body
ending inside a line) ends the stream with its error; the lines stored before it stay
stored, exactly as separate pushes would have been.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import IO, Any, cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from sync import compression, protocol
from sync.protocol import ErrorCode, ProtocolError, lean
from sync.server.db import now_ms
from sync.server.snapshot_stream import StreamGate

STEP = 64 * 1024  # decompressed bytes taken at once
# Streams one process stores at once: each holds a worker thread while its body arrives
# (minutes on a slow link; the threadpool has 40): one more is refused with 429 before
# anything is read, and the client pipelines its pushes instead. Per device: one, and
# one taken up again while a cut one is still closing.
MAX_STREAMS = 8
PER_DEVICE = 2
QUEUED = 64  # raw chunks read off the connection ahead of the line being stored
IDLE_S = 60.0  # a body that sends nothing for this long is dropped

Store = Callable[[protocol.PushBatch], protocol.PushResult]
_End = None  # the body is complete


def _refused(code: str, message: str) -> ProtocolError:
    return ProtocolError(code, message)


class _Incoming(io.RawIOBase):
    """The request body as a file the worker thread reads (for zstd's bounded reader):
    chunks the event loop's reader put in ``queue``; an error put there is raised."""

    def __init__(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[Any]) -> None:
        self.loop = loop
        self.queue = queue
        self._buf = b""
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buf:
            if self._ended:
                return 0
            waiting = asyncio.run_coroutine_threadsafe(self.queue.get(), self.loop)
            try:
                item = waiting.result(IDLE_S)
            except TimeoutError:
                waiting.cancel()
                raise _refused(ErrorCode.BAD_REQUEST, "the streamed push stalled") from None
            if isinstance(item, ProtocolError):
                raise item
            if item is _End:
                self._ended = True
                return 0
            self._buf = item
        n = min(len(target), len(self._buf))
        target[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


async def _pump(request: Request, queue: asyncio.Queue[Any]) -> None:
    """The body off the connection into ``queue`` (bounded: a full queue stops reading,
    and TCP slows the client), then ``_End``; too many bytes or a cut, as an error."""
    size = 0
    try:
        async for chunk in request.stream():
            if not chunk:
                continue
            size += len(chunk)
            if size > protocol.MAX_STREAM_BYTES:
                message = f"a streamed push carries at most {protocol.MAX_STREAM_BYTES} bytes"
                await queue.put(_refused(ErrorCode.TOO_LARGE, message))
                return
            await queue.put(chunk)
    except ClientDisconnect:
        message = "the client disconnected inside the stream"
        await queue.put(_refused(ErrorCode.BAD_REQUEST, message))
        return
    await queue.put(_End)


def merged(answers: list[protocol.PushResult], epoch: str, server_time: int) -> protocol.PushResult:
    """One acknowledgement of every line's: the ranges joined (at most
    ``MAX_PUSH_CHANGES`` ranges each: what does not fit is left unanswered, and the
    client sends it again — a duplicate), the items one after the other."""
    limit = protocol.MAX_PUSH_CHANGES
    accepted = lean.to_ranges(s for a in answers for s in lean.in_ranges(a.accepted))
    duplicate = lean.to_ranges(s for a in answers for s in lean.in_ranges(a.duplicate))
    items = [item for a in answers for item in a.items]
    return protocol.PushResult(epoch, server_time, accepted[:limit], duplicate[:limit], items)


def _store_all(
    incoming: _Incoming,
    store: Store,
    claiming: Callable[[], AbstractContextManager[Any]],
    epoch: str,
) -> protocol.PushResult:
    answers: list[protocol.PushResult] = []
    changes = 0
    with claiming():  # /v1/held waits for the line being stored
        try:
            for line in compression.lines(cast(IO[bytes], incoming)):
                protocol.refuse_older_protocol(line)
                batch = protocol.PushBatch.decode(line)
                if not len(batch.changes):
                    message = "a line of a streamed push carries no change"
                    raise _refused(ErrorCode.BAD_REQUEST, message)
                changes += len(batch.changes)
                if changes > protocol.MAX_STREAM_CHANGES:
                    most = protocol.MAX_STREAM_CHANGES
                    message = f"a streamed push carries at most {most} changes"
                    raise _refused(ErrorCode.TOO_LARGE, message)
                answers.append(store(batch))
        except compression.BodyError as exc:
            code = ErrorCode.TOO_LARGE if exc.code == "too_large" else ErrorCode.BAD_REQUEST
            raise _refused(code, f"the streamed push: {exc.message}") from None
    return merged(answers, epoch, now_ms())


GATE = StreamGate(MAX_STREAMS, PER_DEVICE)


async def take(
    request: Request,
    device_id: str,
    store: Store,
    claiming: Callable[[], AbstractContextManager[Any]],
    epoch: str,
) -> protocol.PushResult:
    """Store every line of the streamed push ``request`` of ``device_id`` with ``store``
    (see the module docstring); ``claiming()``: the device's push claim, held while it
    runs. Over ``GATE``'s places: ``snapshot_stream.Busy`` (429), nothing read."""
    media = request.headers.get("content-type", "").split(";")[0].strip()
    encoding = request.headers.get("content-encoding", "").strip().lower()
    if media != protocol.SNAPSHOT_STREAM_MEDIA or encoding != compression.ZSTD:
        message = f"a streamed push is {protocol.SNAPSHOT_STREAM_MEDIA} in zstd"
        raise _refused(ErrorCode.BAD_REQUEST, message)
    GATE.enter(device_id)
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue(QUEUED)
    pump = asyncio.ensure_future(_pump(request, queue))
    try:
        return await run_in_threadpool(_store_all, _Incoming(loop, queue), store, claiming, epoch)
    finally:
        GATE.leave(device_id)
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump
