"""The client sync engine: one round of push, pull, snapshot and attachments.

Owns the order of a round and what may be forgotten when:

1. A device without a pull cursor first takes a **snapshot** of its office, page by
   page; each page is applied together with its position (the ``cursor`` sync-state key
   holds ``{"snapshot": c, "after": a}`` until the last page sets the integer ``c``), so
   a cut snapshot resumes where it stopped.
2. **Push and pull in one request** (``/v1/sync``): a batch of the outbox goes up and a
   page of the office's log comes down. A change is marked confirmed only once the
   server said accepted or duplicate (a re-send after a lost answer is a duplicate);
   a rejected change goes to the quarantine with the server's reason and the rest keeps
   flowing — except a genuine change refused only for its stamp (``clock_ahead``: this
   computer's clock runs ahead; ``wrong_node``): the store corrects its clock against
   the server's (``server_time``), re-stamps it and it is sent again in the same round
   (``RoundReport.restamped``; refused again, it goes to the quarantine). Each page is
   applied with its cursor in one transaction; the store checks
   every received change first and sets aside (never aborts on) what it cannot apply
   (``RoundReport.set_aside``).
3. **Attachments** (when the store has files) after their records: uploads, then the
   files of pulled ``attachment`` records that are not here (``sync.client.files``).

Every answer carries the server's epoch: when it differs from the stored one (a server
restored from a backup) the outbox re-sends what was confirmed under the old epoch and
the pull restarts from 0 (merging is idempotent). Every answer's ``server_time`` gives
the device's clock skew (stored and reported). 426 stops the round with status
``update_required`` and keeps all data; 403 ``revoked`` stops it with status ``revoked``
and calls ``on_revoked`` (the app locks and wipes; the engine never deletes anything) —
only when the answer carries a revocation order signed by the server key this vault
pinned (``sync.client.identity``); a forged one ends the round as an ``error``.

Requests are retried with backoff (``link.Backoff``; the sleeper is injected); batch
sizes and timeouts follow the measured link (``link.LinkEstimator``). A ``CancelToken``
is checked between steps: the store is consistent at every one of them. Progress goes
to ``progress(phase, done, total)``: phases ``snapshot`` (records), ``push`` (changes
confirmed / pending at the start), ``pull`` (changes received), ``bytes`` (bytes on the
wire so far), ``attachments`` (files) and ``done``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from sync import protocol
from sync.client import errors, identity, refusals, snapshot, upload
from sync.client import report as rs
from sync.client.catalogs import catalog_versions, form_versions, save_catalogs, save_forms
from sync.client.files import FileTransfer
from sync.client.link import Aimd, Backoff, LinkEstimator
from sync.client.pipeline import (
    Ahead,
    PushPipeline,
    expected_bytes,
    helpers,
    pipelined,
    same_pull,
)
from sync.client.ports import (
    KEY_CURSOR,
    KEY_EPOCH,
    KEY_LAST_REPORT,
    KEY_LAST_SUCCESS,
    KEY_SKEW,
    KEY_TOKEN,
    AttachmentFiles,
    CancelToken,
    Monotonic,
    ProgressCallback,
    ReplicaStore,
    Sleeper,
    WallClock,
    system_wall,
)
from sync.client.report import RoundReport
from sync.client.resume import Sent
from sync.client.transport import CLIENT_VERSION, Exchange, Transport
from sync.client.upload import StreamUpload

log = logging.getLogger("chasqui.sync")
FORGED_REVOCATION = (
    "an answer said this device was revoked, but the order is not signed by the server "
    "this laptop pinned: ignored (nothing was locked or wiped)"
)


class StoreFailure(Exception):
    """The local store raised while the engine used it (wraps the store's own error)."""


def check_epoch(store: ReplicaStore, epoch: str, report: RoundReport | None = None) -> bool:
    """Record the server epoch; on a change re-queue the outbox and restart the pull.

    Order matters for crashes: re-queue, reset the cursor, then store the new epoch —
    an interruption repeats the (idempotent) steps on the next round.
    """
    stored = store.get_sync_state(KEY_EPOCH)
    if stored == epoch:
        return False
    if stored is None:
        store.set_sync_state(KEY_EPOCH, epoch)
        return False
    requeued = store.requeue_for_epoch(epoch)
    cursor = store.get_sync_state(KEY_CURSOR)
    store.set_sync_state(KEY_CURSOR, 0 if isinstance(cursor, int) else None)
    store.set_sync_state(KEY_EPOCH, epoch)
    log.warning("server epoch changed (restored backup?): re-sending %d change(s)", requeued)
    if report is not None:
        report.epoch_changed = True
        report.requeued += requeued
    return True


class SyncEngine:
    """Runs sync rounds for one store over one transport (never two rounds at once)."""

    def __init__(
        self,
        store: ReplicaStore,
        transport: Transport,
        *,
        wall: WallClock = system_wall,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleeper = time.sleep,
        link: LinkEstimator | None = None,
        backoff: Backoff | None = None,
        attachments: AttachmentFiles | None = None,
        on_revoked: Callable[[], None] | None = None,
        client_version: str = CLIENT_VERSION,
    ) -> None:
        self.store = store
        self.transport = transport
        self.wall = wall
        self.monotonic = monotonic
        self.sleep = sleep
        self.link = link or LinkEstimator()
        self.backoff = backoff or Backoff()
        self.attachments = attachments
        self.on_revoked = on_revoked
        self.client_version = client_version
        self.helper_cpu = 0.0  # CPU seconds of requests sent ahead, in helper threads (figures)
        self.push_stream: bool | None = None  # the server takes streams (``upload.may_stream``)
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._lock.locked()

    # ------------------------------------------------------------------ the round
    def run_round(
        self, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> RoundReport:
        """One full round; never raises for link, server or store failures (see status)."""
        with self._lock:
            report = RoundReport()
            started = self.monotonic()
            run = _Round(self, report, progress, cancel or CancelToken())
            try:
                try:
                    run.execute()
                finally:
                    run.close()
            except errors.Cancelled:
                report.status = rs.CANCELLED
            except errors.UpdateRequired as exc:
                report.status = rs.UPDATE_REQUIRED
                report.errors.append(exc.message)
            except errors.Revoked as exc:
                if self.genuine(exc):
                    report.status = rs.REVOKED
                    report.errors.append(exc.message)
                else:  # a relay's forged 403: nothing is locked or wiped
                    report.status = rs.ERROR
                    report.errors.append(FORGED_REVOCATION)
                    report.failure = errors.BadResponse(FORGED_REVOCATION)
            except errors.Unauthorized as exc:
                report.status = rs.UNAUTHORIZED
                report.errors.append(exc.message)
            except errors.NotEnrolled as exc:
                report.status = rs.NOT_ENROLLED
                report.errors.append(str(exc))
            except errors.RETRYABLE as exc:
                report.status = rs.OFFLINE
                report.errors.append(str(exc))
                report.failure = exc
            except errors.RequestRefused as exc:
                report.status = rs.ERROR
                report.errors.append(f"{exc.code}: {exc.message}")
                report.failure = exc
            except StoreFailure as exc:
                report.status = rs.LOCAL_ERROR
                report.errors.append(str(exc))
                cause = exc.__cause__
                report.failure = cause if isinstance(cause, errors.ChasquiError) else None
            except protocol.ProtocolError as exc:  # an answer that breaks the protocol
                report.status = rs.ERROR
                report.errors.append(f"bad answer from the server: {exc.message}")
                report.failure = errors.BadResponse(report.errors[-1])
            report.seconds = self.monotonic() - started
            self._finish(report)
            if report.status == rs.REVOKED and self.on_revoked is not None:
                self.on_revoked()
            return report

    def genuine(self, exc: errors.Revoked) -> bool:
        try:
            return identity.genuine_revocation(self.store, exc)
        except Exception:  # the store failing: never wipe on a doubt
            log.exception("cannot check the revocation order")
            return False

    def _finish(self, report: RoundReport) -> None:
        try:
            report.pending = self.store.pending_count()
            if report.skew_ms is not None:
                self.store.set_sync_state(KEY_SKEW, report.skew_ms)
            if report.status == rs.OK:
                self.store.set_sync_state(KEY_LAST_SUCCESS, self.wall())
            self.store.set_sync_state(KEY_LAST_REPORT, report.to_dict())
        except Exception as exc:  # the store is failing: say so, keep the report
            if report.status == rs.OK:
                report.status = rs.LOCAL_ERROR
            report.errors.append(f"local store: {type(exc).__name__}: {exc}")


class _Round:
    """The state of one round (a new object per round; the engine holds the lock)."""

    def __init__(
        self,
        engine: SyncEngine,
        report: RoundReport,
        progress: ProgressCallback | None,
        cancel: CancelToken,
    ) -> None:
        self.e = engine
        self.store = engine.store
        self.report = report
        self.progress = progress
        self.cancel = cancel
        self.epoch = ""
        self.restamped: set[str] = set()  # re-stamped in this round (refused again: quarantine)
        self.resend = False  # re-stamped changes wait to be sent again in this round
        self.clock_checked = False  # the store's clock corrected by this round's skew
        self.pipelined = pipelined(engine.transport)  # requests overlap (sync.client.pipeline)
        self._helpers: Any = None  # the threads of requests sent ahead (made on first use)
        self.sent = Sent(self)  # what went on the wire unanswered (sync.client.resume)
        # set once the server has the snapshot's request (its answer began), or none is
        # due: a streamed upload's first line waits for it (``sync.client.upload``)
        self.snapshot_asked = threading.Event()

    # ------------------------------------------------------------------ helpers
    def step(self) -> None:
        if self.cancel.cancelled:
            raise errors.Cancelled("the sync round was cancelled")

    def say(self, phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            try:
                self.progress(phase, done, total)
            except Exception:  # a broken progress callback never breaks a round
                log.exception("progress callback failed")

    def local(self, what: str, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        except Exception as exc:
            raise StoreFailure(f"local store ({what}): {type(exc).__name__}: {exc}") from exc

    def ahead(
        self,
        path: str,
        doc: Any,
        expected: int,
        headers: dict[str, str] | None = None,
        kind: type[Ahead] = Ahead,
        **kw: Any,
    ) -> Ahead:
        """Send ``doc`` from a helper thread now; ``exchange(..., ahead=)`` collects it.
        ``kw``: ``Ahead``'s ``wake`` and ``follows`` (a pipelined push); ``kind``: how it
        is sent (``upload._Streamed``: a streamed upload)."""
        if self._helpers is None:
            self._helpers = helpers()
        timeout = self.e.link.timeout_for(expected)
        return kind(self._helpers, self.e.transport, self.e.wall, path, doc, timeout, headers, **kw)

    def pull_ahead(self, follows: Ahead | None = None) -> Ahead | None:
        """The round's first ``/v1/sync`` with nothing to push, sent once ``follows`` (the
        last pipelined push) handed its body over; ``exchange_changes`` uses it if its
        first request pushes nothing from the same cursor."""
        cursor = self.local("read cursor", self.store.get_sync_state, KEY_CURSOR)
        if not isinstance(cursor, int):  # a snapshot still to take
            return None
        limit = self.e.link.pull.size
        push = self.push_batch([])
        req = protocol.SyncRequest.of_parts(push, cursor, limit, self.e.link.page_bytes())
        return self.ahead("/v1/sync", req.to_dict(), 300 * limit, follows=follows)

    def close(self) -> None:
        """Let requests still in flight finish on their own (their answers are dropped;
        whatever they carried is sent again by a later round: idempotent)."""
        if self._helpers is not None:
            self._helpers.shutdown(wait=False, cancel_futures=True)

    def exchange(
        self,
        path: str,
        doc: Any,
        expected: int,
        aimd: Aimd | None,
        ahead: Ahead | None = None,
    ) -> Exchange:
        """POST with retries; accounts bytes, link measurements and clock skew. With
        ``ahead`` (the same request, already sent), its answer is the first attempt, and
        a retry carries its headers too (a pipelined push keeps naming its predecessor:
        "answered" is not "stored" — the predecessor may have been refused as early)."""
        last: errors.ChasquiError | None = None
        headers = ahead.headers if ahead is not None else None
        for attempt in range(self.e.backoff.attempts):
            self.step()
            before = self.e.wall()
            finished: int | None = None
            try:
                if ahead is not None:
                    sent, ahead = ahead, None
                    try:
                        ex, before, finished = sent.result()
                    finally:
                        self.e.helper_cpu += sent.cpu
                elif headers:
                    ex = self.e.transport.call(  # type: ignore[call-arg]
                        "POST",
                        path,
                        doc,
                        timeout=self.e.link.timeout_for(expected),
                        headers=headers,
                    )
                else:
                    ex = self.e.transport.call(
                        "POST", path, doc, timeout=self.e.link.timeout_for(expected)
                    )
            except errors.RETRYABLE as exc:
                last = exc
                self.report.requests += 1
                self.report.retries += 1
                if aimd is not None:
                    self.e.link.failed(aimd)
                if attempt + 1 < self.e.backoff.attempts:
                    self.step()
                    self.e.sleep(self.e.backoff.delay(attempt))
                continue
            except errors.RequestRefused:
                self.report.requests += 1
                raise
            after = self.e.wall() if finished is None else finished
            self.report.requests += 1
            self.answered(ex.bytes_up, ex.bytes_down, ex.server_time, before, after)
            self.e.link.observe(ex.seconds, ex.bytes_up + ex.bytes_down)
            return ex
        assert last is not None
        raise last

    def answered(
        self, up: int, down: int, server_time: int | None, before: int, after: int
    ) -> None:
        """Account an answer's bytes and measure the clock skew by its server time."""
        self.report.bytes_up += up
        self.report.bytes_down += down
        if server_time is not None:
            self.report.skew_ms = server_time - (before + after) // 2
            if not self.clock_checked:  # the store stamps and checks with the server's time
                self.clock_checked = True
                self.local("clock", self.store.restamp_changes, [], self.report.skew_ms)
        self.say("bytes", self.report.bytes_up + self.report.bytes_down, 0)

    # ------------------------------------------------------------------ phases
    def execute(self) -> None:
        token = self.local("read token", self.store.get_sync_state, KEY_TOKEN)
        if not token:
            raise errors.NotEnrolled("this device is not enrolled: run `chasqui enroll`")
        self.step()
        self.first_contact()
        self.sent.settle()  # what a cut left unanswered and the server holds: confirmed
        pushes = self.start_pushes()  # on the wire while the snapshot comes down
        self.snapshot()
        self.exchange_changes(pushes)
        if self.e.attachments is not None:
            transfer = FileTransfer(
                self,
                self.e.attachments,
                self.e.transport,
                self.e.link,
                self.e.backoff,
                self.e.sleep,
            )
            transfer.upload_all()
            transfer.download_all()
        self.say("done", 1, 1)

    def first_contact(self) -> None:
        """A vault enrolled before identities registers its keys and pins the server's
        (``sync.client.identity``; once)."""
        if not self.local("identity", identity.needs_first_contact, self.store):
            return
        pair = self.local("identity", identity.key_for_first_contact, self.store)
        try:
            keys = identity.register(self.e.transport, pair)
        except errors.RequestRefused as exc:
            if exc.code != protocol.ErrorCode.NOT_FOUND:
                raise  # revoked, unauthorized...: the round reports it
            return  # an older server without identities: nothing to pin yet
        identity.check_same_server(self.local("identity", identity.pinned, self.store), keys)
        self.local("identity", identity.adopt_server_keys, self.store, pair, keys)

    def observe_epoch(self, epoch: str) -> bool:
        self.epoch = epoch
        return bool(self.local("epoch", check_epoch, self.store, epoch, self.report))

    def snapshot(self) -> None:
        try:
            snapshot.take(self)
        finally:
            self.snapshot_asked.set()  # no snapshot to take, or it is over

    def published(
        self, forms: list[protocol.PublishedForm], catalogs: list[protocol.PublishedCatalog]
    ) -> None:
        """Keep the forms and catalogs the server signed; report the others."""
        self.report.errors += self.local("forms", save_forms, self.store, forms)
        self.report.errors += self.local("catalogs", save_catalogs, self.store, catalogs)

    def count_applied(self, result: Any, received: int) -> None:
        self.report.pulled += received
        self.report.applied += int(getattr(result, "applied", 0))
        self.report.conflicts += int(getattr(result, "conflicts", 0))
        kept = len(getattr(result, "kept_ids", ()))
        if kept:
            self.report.set_aside += kept
            log.warning("%d received change(s) set aside (see the kept-aside list)", kept)

    def push_batch(self, batch: list[Any]) -> protocol.PushBatch:
        return protocol.PushBatch.of(
            self.store.device_id,
            self.e.client_version,
            batch,
            self.local("forms", form_versions, self.store),
            self.local("catalogs", catalog_versions, self.store),
        )

    def push_doc(self, batch: list[Any]) -> dict[str, Any]:
        return self.push_batch(batch).to_dict()

    def sync_request(self, cursor: int) -> tuple[list[Any], int, int, dict[str, Any]]:
        """(batch, asked, pull limit, request document) of the next ``/v1/sync``."""
        link = self.e.link
        asked = link.push.size
        batch = self.local("outbox", self.store.pending_changes, asked)
        limit = link.pull.size
        push = self.push_batch(batch)
        req = protocol.SyncRequest.of_parts(push, cursor, limit, link.page_bytes()).to_dict()
        self.sent.mark(batch)
        return batch, asked, limit, req

    def uploader(self, total: int) -> PushPipeline | StreamUpload | None:
        """With more than one batch waiting (and a pipelined transport), the upload: one
        streamed push when the server takes it (``sync.client.upload``), else pipelined
        pushes (``sync.client.pipeline``)."""
        if not self.pipelined or total <= self.e.link.push.size:
            return None
        if upload.may_stream(self.e):
            return StreamUpload(self, self.e.link, total)
        return PushPipeline(self, self.e.link, total)

    def start_pushes(self) -> PushPipeline | StreamUpload | None:
        """The first pushes are sent now: uploading needs nothing from the snapshot (the
        two directions of the link are separate, and merging is commutative)."""
        pushes = self.uploader(int(self.local("pending", self.store.pending_count)))
        if pushes is not None:
            pushes.fill()
        return pushes

    def exchange_changes(self, pushes: PushPipeline | StreamUpload | None = None) -> None:
        total = int(self.local("pending", self.store.pending_count))
        link = self.e.link
        if pushes is None:
            pushes = self.uploader(total)
        if pushes is not None:
            pushes.total = max(pushes.total, total)
            pushes.run_to_end()
            if isinstance(pushes, StreamUpload) and pushes.fallback:  # older or busy server
                pending = int(self.local("pending", self.store.pending_count))
                pushes = PushPipeline(self, link, pending) if pending > link.push.size else None
                if pushes is not None:
                    pushes.run_to_end()
        stalled = 0
        # the next tail page, on the wire while one is applied (the first one may have
        # been sent beside the last pipelined push)
        fetched: Ahead | None = pushes.pull if pushes is not None else None
        while True:
            self.step()
            cursor = self.local("read cursor", self.store.get_sync_state, KEY_CURSOR)
            if not isinstance(cursor, int):  # epoch changed mid-snapshot: snapshot again
                self.snapshot()
                continue
            batch, asked, limit, req = self.sync_request(cursor)
            use = fetched if fetched is not None and same_pull(fetched, req) else None
            fetched = None
            started = self.e.monotonic()
            up = expected_bytes(batch)
            try:
                ex = self.exchange("/v1/sync", req, up + 300 * limit, link.push, use)
            except errors.TooLarge:
                shrunk = link.pages_too_large()
                if link.push.size > link.push.minimum:
                    link.push.shrink()
                    shrunk = True
                if not shrunk:
                    raise
                continue
            resp = ex.message(protocol.SyncResponse, "sync answer")
            # documents, not parsed here: the store checks each one and sets aside what it
            # cannot apply (malformed included) while the page and the round go on
            changes = resp.pull.changes.docs()
            elapsed = ex.seconds if use is not None else self.e.monotonic() - started
            link.succeeded(link.push, elapsed, full=len(batch) >= asked)
            link.succeeded(link.pull, elapsed, full=len(changes) >= limit)
            epoch_changed = self.observe_epoch(resp.pull.epoch)
            handled = self.push_results(batch, resp.push.results_for(batch))
            if self.pipelined and resp.pull.more and not batch and not epoch_changed:
                # a download of the log's tail: the next page travels while this one applies
                following = self.sync_request(resp.pull.next_cursor)
                if not following[0]:
                    fetched = self.ahead("/v1/sync", following[3], 300 * following[2])
            self.step()
            if not epoch_changed:
                result = self.local(
                    "apply page",
                    self.store.apply_remote_changes,
                    changes,
                    resp.pull.next_cursor,
                )
                self.published(resp.pull.forms, resp.pull.catalogs)
                self.count_applied(result, len(changes))
            self.say("push", self.report.pushed, total)
            self.say("pull", self.report.pulled, 0)
            if epoch_changed:
                continue
            unanswered = len(batch) - handled
            if unanswered:
                stalled += 1
                if stalled >= 2:
                    self.report.errors.append(
                        f"the server did not answer for {unanswered} change(s); they stay queued"
                    )
                    return
            else:
                stalled = 0
            more_push = len(batch) >= asked or self.resend
            self.resend = False
            if not resp.pull.more and not more_push and not unanswered:
                return

    def push_results(self, batch: list[Any], results: list[protocol.PushItem]) -> int:
        """Confirm what the server holds; quarantine what it rejected. Returns handled."""
        sent = {c.change_id for c in batch}
        ok = [r.change_id for r in results if r.confirmed and r.change_id in sent]
        if ok:
            self.local("confirm", self.store.confirm_changes, ok, self.epoch)
        self.report.pushed += len(ok)
        self.report.duplicates += sum(
            1 for r in results if r.status == protocol.DUPLICATE and r.change_id in sent
        )
        handled = len(ok)
        done = refusals.settle(
            self.store, results, sent, self.restamped, self.report.skew_ms, call=self.local
        )
        if done.restamp:  # sent again in this round; refused again, they go to the quarantine
            self.restamped.update(done.restamp)
            self.report.restamped += done.restamped
            self.resend = True
        self.report.quarantined += done.quarantined
        handled += len(done.restamp) + done.quarantined
        return handled
