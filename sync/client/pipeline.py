"""Pipelined transfer: the next request on the wire while this side works.

Owns how a round overlaps its requests with the work between them (issue 14):

- **Downloads** (snapshot pages, then the tail of the office's log): the request for
  page N+1 is built from page N's position and sent from a helper thread (``Ahead``)
  while the round's thread applies page N in the store's write transaction. Pages are
  still applied strictly in order, each with its own position, so a cut resumes
  exactly where the last applied page left off. A page fetched ahead is used only if
  the request the round would have sent is the same document; otherwise it is dropped
  (applying a page twice would be harmless anyway: merging is idempotent).
- **Uploads** (``PushPipeline``): while more than one full batch waits in the outbox, up
  to ``DEPTH`` ``/v1/push`` requests are in flight at once — the first ones sent before
  the round's snapshot, whose download then overlaps them: the next batch is read,
  encoded and sent while the server stores the previous one and its answer travels
  back. One body is on the link at a time (each is handed to its connection once the
  one before it has been), so the server gets each batch as early as the link allows
  and a cut loses one body in transit, not all. Batches start small, double, and end
  small (``PushPipeline``). Every pipelined push names the last change of the batch sent before it
  (header ``protocol.HEADER_AFTER``); the server stores the batch only once that change
  is stored (accepted, duplicate or quarantined) and otherwise answers it with no
  results, so a server never takes a device's changes out of order (an author created
  in one batch and used in the next; a note written, then signed). Answers are handled
  in the order the batches were sent, each result by its change id; a change leaves
  the outbox only when its own answer confirms it; whatever was not answered stays
  queued and the round's sequential loop (push + pull in ``/v1/sync``) sends it again.
  A failed pipelined push is retried still naming its predecessor: an answered
  predecessor may have been refused as early, and then this one must wait too.
  Once the pipeline runs, the last, partial batch follows it as one more pipelined push
  (the link never waits for an answer), and the round's first pull is sent beside it
  (``/v1/sync`` pushing nothing, used by the loop when it would send just that); a lone
  batch travels in that loop, with the first pull page (one round trip for one note). A
  server refusing the batch size (``too_large``: an older server's smaller maximum)
  halves it and the loop goes on.

A server that takes streamed uploads gets the upload as one streamed request instead
(``sync.client.upload``); this pipeline serves the others (an older server's 404, a
busy one's 429) and transports that do not declare ``stream``.

Only a transport that says so (``pipelined = True``: ``HttpTransport`` with its own
connection pool; its ``call`` takes ``headers=`` and ``sent=``, called once the body is
handed to the connection) is driven this way; any other transport gets one request at a
time, as before.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from sync import protocol
from sync.changes import Change
from sync.client import errors
from sync.client.transport import PIPELINE_CONNECTIONS, Exchange, Transport

DEPTH = PIPELINE_CONNECTIONS  # pushes in flight at once (the transport's connections)
FIRST_BATCH = 500  # changes in the first pipelined batch; each next one doubles
MAX_BATCH = 2000  # up to this many (a cut loses the unanswered: a few small batches)
TAIL_BATCH = 500  # changes in the last one, when the outbox allows
WAKE_S = 1.0  # the pipeline looks at its requests at least this often
RECOVERIES = 3  # cuts a pipeline takes up by asking what the server holds (``recover``)


class Ahead:
    """A request sent from a helper thread; ``result()`` waits for it (its error re-raised).

    ``doc`` is the request document, so the round can check that it is the request it
    would send now. ``follows``: a request whose body must be handed to its connection
    before this one is sent (``sent``, also set when a request ends however it ended; a
    request whose predecessor failed before handing its body over is not sent at all);
    ``wake`` (optional) is set with ``sent`` and again when the request is over."""

    def __init__(
        self,
        pool: ThreadPoolExecutor,
        transport: Transport,
        wall: Callable[[], int],
        path: str,
        doc: Any,
        timeout: float,
        headers: dict[str, str] | None = None,
        wake: threading.Event | None = None,
        follows: Ahead | None = None,
    ) -> None:
        self.path = path
        self.doc = doc
        self.headers = headers
        self.cpu = 0.0  # CPU seconds the helper thread spent on it (encode, send, decompress)
        self.sent = threading.Event()  # the body is on the connection (or the request over)
        self.failed = False  # the request raised (set before ``sent`` when it fails first)
        self._wake = wake
        self._follows = follows
        self._transport = transport
        self._wall = wall
        self.future: Future[tuple[Exchange, int, int]] = pool.submit(
            self._send, path, doc, timeout, headers
        )

    def _send(
        self, path: str, doc: Any, timeout: float, headers: dict[str, str] | None
    ) -> tuple[Exchange, int, int]:
        before, cpu = self._wall(), time.thread_time()
        try:
            prepare = getattr(self._transport, "prepare", None)
            if prepare is not None and self._wake is not None:  # a pipelined push:
                doc = prepare(doc)  # encoded while the body before it is on the link
            if self._follows is not None:  # one body on the link at a time
                self._follows.sent.wait()  # set however the predecessor ends
                if self._follows.failed:  # a cut: the round sends them again in order
                    raise errors.LinkError(f"POST {path}: not sent, the request before it failed")
            return self._call(path, doc, timeout, headers, before)
        except BaseException:
            self.failed = True
            raise
        finally:
            self.cpu = time.thread_time() - cpu
            self._handed()

    def _handed(self) -> None:
        self.sent.set()
        if self._wake is not None:
            self._wake.set()

    def _call(
        self, path: str, doc: Any, timeout: float, headers: dict[str, str] | None, before: int
    ) -> tuple[Exchange, int, int]:
        kw: dict[str, Any] = {"timeout": timeout}
        if headers:
            kw["headers"] = headers
        if self._wake is not None:  # only pipelined transports (HttpTransport) take it
            kw["sent"] = self._handed
        ex = self._transport.call("POST", path, doc, **kw)
        return ex, before, self._wall()

    def matches(self, path: str, doc: Any) -> bool:
        return self.path == path and self.doc == doc

    def done(self) -> bool:
        return self.future.done()

    def result(self) -> tuple[Exchange, int, int]:
        """(exchange, wall before, wall after); raises what the request raised."""
        return self.future.result()


def expected_bytes(batch: list[Change]) -> int:
    """A push body's expected size on the wire, for its timeout (``LinkEstimator.timeout_for``):
    a third of its changes' text. Computed once per batch (it was computed again when the
    answer came: a change's canonical text costs a sixth of encoding it)."""
    return sum(len(c.canonical()) for c in batch) // 3


def pipelined(transport: Transport) -> bool:
    """Whether ``transport`` takes several requests at once (see the module docstring)."""
    return bool(getattr(transport, "pipelined", False))


def same_pull(ahead: Ahead, req: dict[str, Any]) -> bool:
    """Whether a ``/v1/sync`` sent ahead answers ``req``: the same document, or both
    pushing nothing from the same cursor (the page's size limits may differ: any page
    from there is a right answer)."""
    if ahead.matches("/v1/sync", req):
        return True
    if ahead.path != "/v1/sync" or not isinstance(ahead.doc, dict):
        return False
    return (
        ahead.doc.get("cursor") == req.get("cursor") and not _pushes(ahead.doc) and not _pushes(req)
    )


def _pushes(doc: dict[str, Any]) -> bool:
    block = doc.get("changes")
    return not isinstance(block, dict) or bool(block.get("rows"))


def helpers() -> ThreadPoolExecutor:
    # the pushes in flight, and the round's first pull sent beside the last of them
    return ThreadPoolExecutor(max_workers=DEPTH + 1, thread_name_prefix="chasqui-sync-ahead")


class RoundOps(Protocol):
    """What the uploads use of the engine's round (``sync.client.engine._Round``):
    ``PushPipeline`` and ``sync.client.upload.StreamUpload``."""

    store: Any
    report: Any
    e: Any  # the engine (link, helper CPU)
    sent: Any  # ``sync.client.resume.Sent``
    snapshot_asked: threading.Event  # the server has the snapshot's request, or none due

    def step(self) -> None: ...

    def say(self, phase: str, done: int, total: int) -> None: ...

    def local(self, what: str, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any: ...

    def exchange(
        self, path: str, doc: Any, expected: int, aimd: Any, ahead: Ahead | None = None
    ) -> Exchange: ...

    def observe_epoch(self, epoch: str) -> bool: ...

    def push_results(self, batch: list[Any], results: list[protocol.PushItem]) -> int: ...

    def push_doc(self, batch: list[Change]) -> dict[str, Any]: ...

    def push_batch(self, batch: list[Any]) -> protocol.PushBatch: ...

    def answered(
        self, up: int, down: int, server_time: int | None, before: int, after: int
    ) -> None: ...

    def ahead(
        self, path: str, doc: Any, expected: int, headers: dict[str, str] | None = None, **kw: Any
    ) -> Ahead: ...

    def pull_ahead(self, follows: Ahead | None = None) -> Ahead | None: ...


class PushPipeline:
    """The outbox's full batches with up to ``DEPTH`` pushes in flight (see the module
    docstring). ``fill()`` puts requests on the wire and returns at once (the round
    starts it before the snapshot, whose download then overlaps the upload);
    ``run_to_end()`` collects the answers in order, refilling, and returns when at most
    one batch is left, or after an answer that did not handle its whole batch (the
    sequential loop takes over).

    One body is on the link at a time: each push is handed to its connection only once
    the previous body has been (``Ahead(follows=)``; the helper threads keep that order
    while the round's thread applies the snapshot). Bodies sent side by side on one
    link share its bandwidth: each reaches the server late (the server idle meanwhile)
    and a cut loses them all. Sizes: the first batch is small (the link starts at
    once), each next one doubles up to ``MAX_BATCH`` and the link's batch size, and the
    last one is small again (``TAIL_BATCH``: the server's time after the last byte is
    that batch's). A cut loses the body on the link and those not answered yet: at most
    ``DEPTH`` batches of at most ``MAX_BATCH`` changes, usually the one being sent and
    the one the server is storing. With the last batch the round's first pull is sent
    too (``pull``): its answer does not wait for the pushes'."""

    def __init__(self, run: RoundOps, link: Any, total: int) -> None:
        self.run = run
        self.link = link
        self.total = total
        # each batch on the wire, its request, and its expected bytes (``timeout_for``)
        self.inflight: deque[tuple[list[Change], Ahead, int]] = deque()
        self.filling = True
        self.wake = threading.Event()  # a request finished (or handed its body over)
        self.sent = 0  # batches put on the wire
        self.pull: Ahead | None = None  # the round's first pull, sent beside the last batch
        self.recoveries = 0  # cuts taken up by asking what the server holds (``recover``)

    def cap(self) -> int:
        """The most the next batch may carry: doubling from ``FIRST_BATCH``."""
        return min(self.link.push.size, MAX_BATCH, FIRST_BATCH << min(self.sent, 16))

    def size(self, remaining: int) -> int:
        """The next batch's size, ``remaining`` changes waiting (not in flight)."""
        size = self.cap()
        if remaining <= size and (remaining <= 2 * TAIL_BATCH or size <= TAIL_BATCH):
            return remaining  # too few to split: no batch of a handful before the last
        if size > TAIL_BATCH and remaining <= size + TAIL_BATCH:  # a small last batch follows
            return remaining - min(TAIL_BATCH, remaining // 2)
        return size

    def fill(self) -> None:
        run, inflight = self.run, self.inflight
        while self.filling and len(inflight) < DEPTH:
            run.step()
            # past the batches in flight (consecutive in seq order), enough rows to tell
            # the last batches from the others (``size``)
            last = inflight[-1][0][-1].seq if inflight else 0
            wanted = self.cap() + TAIL_BATCH + 1
            fresh = run.local("outbox", run.store.pending_changes, wanted, last)
            size = self.size(len(fresh))
            last = len(fresh) <= size
            if not fresh or (last and not inflight):  # a lone batch goes with the pull
                self.filling = False
                return
            batch = fresh[:size]
            follows = inflight[-1][1] if inflight else None
            headers = {protocol.HEADER_AFTER: inflight[-1][0][-1].change_id} if inflight else None
            up = expected_bytes(batch)
            doc = run.push_doc(batch)
            run.sent.mark(batch)  # before it is on the wire (``sync.client.resume``)
            sending = run.ahead("/v1/push", doc, up, headers, wake=self.wake, follows=follows)
            inflight.append((batch, sending, up))
            self.sent += 1
            if last:  # the rest follows the pipeline, so the link never waits for an answer
                self.filling = False
                self.pull = run.pull_ahead(follows=sending)  # the push takes a free connection

    def recover(self, ahead: Ahead) -> bool:
        """After a push lost on the link: rather than sending its batch again at once,
        let the requests behind it end (their answers dropped), ask the server which of
        the changes sent it holds (``run.sent.settle()``: those are confirmed) and go on
        pipelining the rest — a cut costs the body that was on the link, not the batches
        the server stored. Returns False (the usual retries) for any other failure, or
        after ``RECOVERIES`` in a round; a link still down ends the round as before."""
        exc = ahead.future.exception()
        if not isinstance(exc, errors.RETRYABLE) or self.recoveries >= RECOVERIES:
            return False
        self.recoveries += 1
        run = self.run
        run.report.requests += 1
        run.report.retries += 1
        run.e.link.failed(run.e.link.push)
        for later in [ahead, *(sending for _batch, sending, _up in self.inflight)]:
            later.future.exception()  # waits for it to end, however it ends
            run.e.helper_cpu += later.cpu
        self.inflight.clear()
        run.step()
        run.sent.settle()  # raises (the round ends offline) if the link is still down
        self.filling = True
        return True

    def run_to_end(self) -> None:
        run, link, inflight = self.run, self.link, self.inflight
        while True:
            self.wake.clear()  # before looking: a later event wakes the wait below
            self.fill()
            if not inflight:
                return
            batch, ahead, up = inflight[0]
            if not ahead.done():
                run.step()
                self.wake.wait(WAKE_S)  # an answer (or a body handed over)
                continue
            inflight.popleft()
            if self.recover(ahead):
                continue
            # a failed pipelined request is retried here, still naming its predecessor
            try:
                ex = run.exchange("/v1/push", ahead.doc, up, link.push, ahead=ahead)
            except errors.TooLarge:  # an older server's smaller batches: the loop goes on
                link.push.shrink()
                self.filling = False
                inflight.clear()  # their answers are dropped; the changes stay queued
                return
            answer = ex.message(protocol.PushResult, "push answer")
            if run.observe_epoch(answer.epoch):
                self.filling = False  # the outbox was re-queued: the sequential loop goes on
            handled = run.push_results(batch, answer.results_for(batch))
            if handled < len(batch):
                self.filling = False  # out of order or partly answered: the rest one by one
            else:  # a request's time includes waiting for its siblings on the shared link:
                link.push.grow()  # grow on success alone (a failure still halves it)
            run.say("push", run.report.pushed, self.total)
