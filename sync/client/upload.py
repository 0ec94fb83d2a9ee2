"""The streamed upload of a round (issue 14): the outbox in one request, a line at a time.

Owns ``StreamUpload`` and ``may_stream(engine)``. When the transport streams
(``HttpTransport.stream``) and the server is not known to lack it (an older server
answers the path 404: ``NoStreams``, remembered by the engine, and the round pipelines
its pushes instead; a first upload waits for no question first), the round sends its
waiting changes — up to ``protocol.MAX_STREAM_CHANGES`` — as ONE ``POST /v1/push-stream``: a
``PushBatch`` of ``SEGMENT`` changes a line, one zstd context across the lines
(``compression.ZSTD_STREAM_LEVEL``, flushed after each). The server stores each line as
soon as it has arrived, while the next ones are on the link, so the link never idles
while the server computes, there is one round trip, and the compression context is the
whole upload's (the bench's office at level 14: 325 KB against 330 KB as 2,000-change
pushes at 16).

It runs in a helper thread (``Ahead``) while the round's thread takes the snapshot; the
round's first pull is sent beside it once the whole body is on the connection. Every
change is marked sent before the stream starts (``resume.Sent``). A cut loses the line
on the link: the round asks ``/v1/held`` which changes the server stored (the stream
holds the device's push claim there), confirms them and streams the rest again
(``RECOVERIES`` times a round; a link still down ends the round offline, as always).
Changes leave the outbox only when the answer (or ``/v1/held``) confirms them; whatever
the answer does not name stays queued for the round's loop. Idempotency, ordering (the
lines are stored one after the other, in seq order) and the merge are a push's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sync import protocol
from sync.changes import Change
from sync.client import errors
from sync.client.pipeline import RECOVERIES, Ahead, RoundOps, expected_bytes

SEGMENT = 500  # changes a line carries: a cut loses the line on the link
READY_S = 5.0  # the most a stream waits for the server to have the snapshot request
TAIL = 100  # the last line's most: the server's work after the last byte is that line's


def may_stream(engine: Any) -> bool:
    """Whether a round of ``engine`` tries a streamed upload: its transport declares
    ``stream`` and the server is not known to lack it (``engine.push_stream``: None
    until a stream has been answered, False after a 404)."""
    return callable(getattr(type(engine.transport), "stream", None)) and (
        engine.push_stream is not False
    )


class NoStreams(Exception):
    """The server does not know ``PUSH_STREAM_PATH`` (an older server: 404 or 405)."""


@dataclass
class _Body:
    """What a ``_Streamed`` request sends: the lines, and the engine that remembers
    whether its server takes streams."""

    lines: Iterator[bytes]
    engine: Any
    ready: threading.Event  # the server has the round's snapshot request (or none is due)


class _Streamed(Ahead):
    """A streamed push sent from a helper thread; an older server's 404 or 405 (it
    answers as soon as it sees the path: a round trip of the first line is all that is
    sent for nothing, once per engine) is ``NoStreams``."""

    def _call(
        self, path: str, doc: Any, timeout: float, headers: dict[str, str] | None, before: int
    ) -> Any:
        body: _Body = doc
        transport: Any = self._transport  # declares ``stream`` (``may_stream``)
        try:
            lines = _after(body.ready, body.lines)
            ex = transport.stream(path, lines, timeout=timeout, sent=self._handed)
        except errors.RequestRefused as exc:
            if exc.status in (404, 405):
                body.engine.push_stream = False
                raise NoStreams(path) from None
            raise
        body.engine.push_stream = True
        return ex, before, self._wall()


class StreamUpload:
    """The waiting changes in streamed pushes (see the module docstring); the engine
    drives it as a ``PushPipeline``: ``fill()`` starts it, ``run_to_end()`` takes the
    answers and returns when at most one batch is left (the round's loop goes on),
    ``pull`` is the round's first pull sent beside it."""

    def __init__(self, run: RoundOps, link: Any, total: int) -> None:
        self.run = run
        self.link = link
        self.total = total
        self.pull: Ahead | None = None
        self.sending: tuple[list[Change], Ahead, int] | None = None
        self.recoveries = 0
        self.done = False
        self.fallback = False  # no stream (an older or busy server): the round pipelines

    def fill(self) -> None:
        """Start a stream of the waiting changes (if none is on the wire and more than
        one batch waits) and return at once: the round's snapshot request follows it
        before the server has stored the first line (the snapshot then does not carry
        this device's new records back). The rest of the outbox is read (and marked
        sent) by the sending thread while the first line is on the link."""
        run = self.run
        if self.sending is not None or self.done:
            return
        run.step()
        size = max(self.link.push.size + 1, SEGMENT)
        head = run.local("outbox", run.store.pending_changes, size)
        if len(head) <= self.link.push.size:  # a batch or less: the round's loop
            self.done = True
            return
        head = head[:SEGMENT]
        run.sent.mark(head)  # before it is on the wire (``sync.client.resume``)
        changes = list(head)  # what the stream carries (the sending thread adds the rest)
        estimate = expected_bytes(head) * max(1, self.total // len(head))

        def rest() -> list[Change]:  # in the sending thread, once the first line is out
            most = protocol.MAX_STREAM_CHANGES - len(head)
            more = run.local("outbox", run.store.pending_changes, most, head[-1].seq)
            run.sent.mark(more)
            changes.extend(more)
            return more

        body = _Body(_lines(run.push_batch([]), head, rest), run.e, run.snapshot_asked)
        sending = run.ahead(protocol.PUSH_STREAM_PATH, body, estimate, kind=_Streamed)
        self.sending = (changes, sending, estimate)

    def run_to_end(self) -> None:
        run = self.run
        while True:
            self.fill()
            if self.sending is None:
                return
            changes, ahead, _up = self.sending
            self.sending = None
            if self.pull is None and self.total <= protocol.MAX_STREAM_CHANGES:
                # the round's first pull beside the (only) stream, once the snapshot is in
                self.pull = run.pull_ahead(follows=ahead)
            try:
                ex, before, after = ahead.result()
            except NoStreams:
                run.e.helper_cpu += ahead.cpu
                run.report.requests += 1
                self.fallback = self.done = True
                self.pull = None
                return
            except errors.ServerBusy:  # its places taken (429), or failing: pipelined pushes
                run.e.helper_cpu += ahead.cpu
                run.report.requests += 1
                run.report.retries += 1
                self.fallback = self.done = True
                self.pull = None
                run.step()
                run.sent.settle()  # what it stored before failing is confirmed, not resent
                return
            except errors.RETRYABLE:
                run.e.helper_cpu += ahead.cpu
                if not self._recover():
                    raise
                continue
            except errors.TooLarge:  # a server with smaller bounds: the loop's pushes
                run.e.helper_cpu += ahead.cpu
                run.report.requests += 1
                self.done = True
                return
            except errors.RequestRefused:
                run.e.helper_cpu += ahead.cpu
                run.report.requests += 1
                raise
            run.e.helper_cpu += ahead.cpu
            run.report.requests += 1
            run.answered(ex.bytes_up, ex.bytes_down, ex.server_time, before, after)
            run.e.link.observe(ex.seconds, ex.bytes_up + ex.bytes_down)
            answer = ex.message(protocol.PushResult, "push answer")
            if run.observe_epoch(answer.epoch):
                self.done = True  # the outbox was queued again: the round's loop
            handled = run.push_results(changes, answer.results_for(changes))
            run.say("push", run.report.pushed, self.total)
            if handled < len(changes):
                self.done = True  # partly answered: the rest goes the usual way
            if self.pull is not None:
                self.done = True

    def _recover(self) -> bool:
        """After a cut: confirm what the server stored (``/v1/held``), then stream the
        rest (False after ``RECOVERIES``: the failure ends the round as a link error)."""
        run = self.run
        run.report.requests += 1
        run.report.retries += 1
        run.e.link.failed(run.e.link.push)
        if self.recoveries >= RECOVERIES:
            return False
        self.recoveries += 1
        self.pull = None  # sent beside a stream that did not finish: dropped
        run.step()
        run.sent.settle()  # raises (the round ends offline) if the link is still down
        return True


def _after(ready: threading.Event, lines: Iterator[bytes]) -> Iterator[bytes]:
    """``lines`` once ``ready`` (at most ``READY_S``): the stream's connection and
    headers go at once, its first line once the server has the snapshot's request (its
    answer began), so it reads the snapshot before the first line is stored and the
    snapshot does not carry this device's new records back (a request queued behind the
    stream's bytes on the link had arrived after lines were stored: 60.9 KB came back)."""
    ready.wait(READY_S)
    yield from lines


def _lines(
    first: protocol.PushBatch, head: list[Change], rest: Callable[[], list[Change]]
) -> Iterator[bytes]:
    """``head``, then ``rest()`` by ``SEGMENT`` (the last line at most ``TAIL``), each as
    a push batch's JSON made as it is sent (``first``: the device, versions, forms and
    catalogs held)."""
    yield _line(first, head)
    more = rest()
    ends = [*range(SEGMENT, len(more), SEGMENT), len(more)]
    if len(more) - (ends[-2] if len(ends) > 1 else 0) > TAIL:  # the last line small
        ends.insert(-1, len(more) - TAIL)
    start = 0
    for end in ends:
        if end > start:
            yield _line(first, more[start:end])
        start = end


def _line(first: protocol.PushBatch, segment: list[Change]) -> bytes:
    batch = protocol.PushBatch.of(
        first.device_id, first.client_version, segment, first.form_versions, first.catalog_versions
    )
    return batch.encode()
