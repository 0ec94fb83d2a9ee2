"""The streamed upload (``POST /v1/push-stream``, issue 14): many push batches in one
request, each stored as soon as it has arrived.

Owns ``take(request, store, claiming, epoch)``. The body is one zstd frame
(``protocol.STREAM_MEDIA``, ``Content-Encoding: zstd``): each line a whole
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
``TOTAL_S`` a stream (then 429: the client sends the rest as pipelined pushes), the
lines' text ``MAX_STREAM_TEXT`` in all and ``LINE_PER_CHANGE`` a change it carries,
each line's changes after the previous line's (a line replayed inside a stream is
malformed); the device's claim is taken again every third of ``held.CLAIM_S``;
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
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import IO, Any, cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from sync import compression, protocol
from sync.protocol import ErrorCode, ProtocolError, lean
from sync.server import held
from sync.server.db import now_ms
from sync.server.snapshot_stream import StreamGate
from sync.spec.kinds import MAX_CHANGE_CHARS

STEP = 64 * 1024  # decompressed bytes taken at once
# Streams one process stores at once: each holds a worker thread while its body arrives
# (minutes on a slow link; the threadpool has 40): one more is refused with 429 before
# anything is read, and the client pipelines its pushes instead. Per device: one, and
# one taken up again while a cut one is still closing.
MAX_STREAMS = 8
PER_DEVICE = 2
QUEUED = 64  # raw chunks read off the connection ahead of the line being stored
IDLE_S = 60.0  # a body that sends nothing for this long is dropped
# A stream lasts at most this long (12,000 changes are ~0.5 MB: 15 s at 32 KB/s, 4 min at
# 2 KB/s): then it ends with 429, its place and claim come back, and the client sends
# the rest as pipelined pushes (a body trickling a byte now and then kept its place).
TOTAL_S = 900.0
# A line's text may hold at most this much per change it carries, plus LINE_SLACK: the
# lines of a stream cost the server their length (a line padded with megabytes of
# blanks around one change, sent 40 times, cost 3.6 s of CPU in a 20 KB body).
LINE_PER_CHANGE = MAX_CHANGE_CHARS + 4096
LINE_SLACK = 64 * 1024
# A line's text at most (the client's lines carry <= 500 changes, ~250 KB of a real
# office): what one stream holds of a line while it arrives. A longer one is 413 and the
# client sends the rest as pipelined pushes.
MAX_LINE = 4 * 1024 * 1024

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
        self.deadline = time.monotonic() + TOTAL_S
        self._buf = b""
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buf:
            if self._ended:
                return 0
            left = self.deadline - time.monotonic()
            if left <= 0:
                message = f"a streamed push lasts at most {TOTAL_S:.0f} s: send the rest again"
                raise _refused(ErrorCode.RATE_LIMITED, message)
            waiting = asyncio.run_coroutine_threadsafe(self.queue.get(), self.loop)
            try:
                item = waiting.result(min(IDLE_S, left))
            except TimeoutError:
                waiting.cancel()
                if time.monotonic() >= self.deadline:
                    continue  # refused above
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
    last = -1  # the highest seq of the lines so far
    claim = contextlib.ExitStack()  # /v1/held waits while it is held
    claim.enter_context(claiming())
    claimed_at = now_ms()
    text = cast(IO[bytes], incoming)
    try:
        for line in compression.lines(text, MAX_LINE, protocol.MAX_STREAM_TEXT):
            protocol.refuse_older_protocol(line)
            batch = protocol.PushBatch.decode(line)
            count = len(batch.changes)
            if not count:
                raise _refused(ErrorCode.BAD_REQUEST, "a line of a streamed push carries no change")
            if len(line) > count * LINE_PER_CHANGE + LINE_SLACK:
                raise _refused(ErrorCode.TOO_LARGE, "a line is too long for the changes it carries")
            changes += count
            if changes > protocol.MAX_STREAM_CHANGES:
                most = protocol.MAX_STREAM_CHANGES
                message = f"a streamed push carries at most {most} changes"
                raise _refused(ErrorCode.TOO_LARGE, message)
            first, top = seq_span(batch.changes)
            if first <= last:  # a line sent twice, or out of order: malformed
                message = "a line's changes must come after the previous line's (seq)"
                raise _refused(ErrorCode.BAD_REQUEST, message)
            last = top
            if now_ms() - claimed_at >= held.CLAIM_S * 1000 // 3:  # before it expires
                renewed = contextlib.ExitStack()
                renewed.enter_context(claiming())  # the new one first: never unclaimed
                claim.close()
                claim, claimed_at = renewed, now_ms()
            answers.append(store(batch))
    except compression.BodyError as exc:
        code = ErrorCode.TOO_LARGE if exc.code == "too_large" else ErrorCode.BAD_REQUEST
        raise _refused(code, f"the streamed push: {exc.message}") from None
    finally:
        claim.close()
    return merged(answers, epoch, now_ms())


def seq_span(block: protocol.ChangeBlock) -> tuple[int, int]:
    """(lowest, highest) ``seq`` a block's rows name, without decoding its changes (a
    row's seq is the sum of the deltas so far; a whole document names its own); what is
    not a number here is refused when the block is decoded (``ChangeBlock.docs``)."""
    seqs: list[int] = []
    seq = 0
    for row in block.rows:
        if isinstance(row, list) and len(row) > 2 and type(row[2]) is int:
            seq += row[2]
            seqs.append(seq)
        elif isinstance(row, dict) and type(row.get("seq")) is int:
            seqs.append(row["seq"])
    return (min(seqs), max(seqs)) if seqs else (-1, -1)


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
    if media != protocol.STREAM_MEDIA or encoding != compression.ZSTD:
        message = f"a streamed push is {protocol.STREAM_MEDIA} in zstd"
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
