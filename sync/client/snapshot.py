"""The snapshot phase of a round: a device without a pull cursor takes its office's state.

Owns how the pages of a snapshot reach the store. Each page is applied together with
its position (the ``cursor`` sync-state key holds ``{"snapshot": c, "after": a}`` until
the last page sets the integer ``c``), so a cut snapshot resumes where it stopped; an
epoch change restarts it. Two ways, the same pages and positions:

- **streamed** (a transport with ``pages``: ``HttpTransport``): one request asks for
  every page to the end (``SnapshotRequest.stream``); the server sends them in one zstd
  frame (one compression context across the pages: about a fifth fewer bytes than
  pages compressed one by one) and each page is applied as soon as it has arrived,
  while the next ones are on the wire — the link never waits for a request. A cut
  stream is taken up again from the last applied page, after a backoff (the attempts
  count again from zero after every applied page). A server that does not stream
  answers one page, and the loop asks for the next.
- **paged** (any other transport): one request per page, the next one sent ahead
  (``sync.client.pipeline``) while this one is applied.
"""

from __future__ import annotations

from typing import Any

from sync import protocol
from sync.client import errors
from sync.client.pipeline import Ahead
from sync.client.ports import KEY_CURSOR
from sync.client.transport import HEADER_OVERHEAD

# ``run`` below is the engine's round (``sync.client.engine._Round``: its store, link,
# transport, report and helpers); typed loosely, as this module must not import the engine.
_Round = Any

PATH = "/v1/snapshot"


def request(run: _Round, position: dict[str, Any] | None, stream: bool = False) -> Any:
    position = position or {"snapshot": 0, "after": None}
    return protocol.SnapshotRequest(
        cursor=int(position.get("snapshot") or 0),
        after=position.get("after"),
        limit=run.e.link.pull.size,
        max_bytes=run.e.link.page_bytes(),
        client_version=run.e.client_version,
        protocol_version=protocol.PROTOCOL_VERSION,
        stream=stream,
    )


def take(run: _Round) -> None:
    """Take the snapshot if this device has no pull cursor yet (else nothing)."""
    if callable(getattr(type(run.e.transport), "pages", None)):  # declared, not forwarded
        streamed(run)
    else:
        paged(run)


def _cursor(run: _Round) -> Any:
    return run.local("read cursor", run.store.get_sync_state, KEY_CURSOR)


def _position(page: Any) -> Any:
    return {"snapshot": page.cursor, "after": page.next_after} if page.more else page.cursor


def _apply(run: _Round, page: Any, position: Any) -> None:
    changes = page.changes.docs()
    run.step()
    result = run.local("apply snapshot", run.store.apply_remote_changes, changes, position)
    run.published(page.forms, page.catalogs)
    run.count_applied(result, len(changes))
    run.report.snapshot_records += page.records
    run.say("snapshot", run.report.snapshot_records, 0)


def _epoch_moved(run: _Round, page: Any, restarts: list[int]) -> bool:
    """True when the page's epoch differs from the stored one (the snapshot restarts)."""
    if not run.observe_epoch(page.epoch):
        return False
    restarts[0] += 1
    if restarts[0] > 3:
        raise errors.BadResponse("the server epoch keeps changing")
    return True


def paged(run: _Round) -> None:
    cursor = _cursor(run)
    restarts = [0]
    fetched: Ahead | None = None  # the next page, on the wire while this one is applied
    while cursor is None or isinstance(cursor, dict):
        run.step()
        req = request(run, cursor)
        doc = req.to_dict()
        started = run.e.monotonic()
        use = fetched if fetched is not None and fetched.matches(PATH, doc) else None
        fetched = None
        ex = run.exchange(PATH, doc, 600 * req.limit, run.e.link.pull, use)
        run.snapshot_asked.set()  # the server has read a page
        page = ex.message(protocol.SnapshotPage, "snapshot page")
        if _epoch_moved(run, page, restarts):
            cursor = _cursor(run)
            continue
        took = ex.seconds if use is not None else run.e.monotonic() - started
        run.e.link.succeeded(run.e.link.pull, took, page.records >= req.limit)
        position = _position(page)
        if run.pipelined and page.more:
            following = request(run, position)
            fetched = run.ahead(PATH, following.to_dict(), 600 * following.limit)
        _apply(run, page, position)
        cursor = position


def streamed(run: _Round) -> None:
    cursor = _cursor(run)
    restarts = [0]
    failures = 0
    transport: Any = run.e.transport
    while cursor is None or isinstance(cursor, dict):
        run.step()
        req = request(run, cursor, stream=True)
        started, before = run.e.monotonic(), run.e.wall()
        up = len(req.encode()) + HEADER_OVERHEAD
        down = 0
        got = False
        try:
            for text, received in transport.pages(
                PATH,
                req.to_dict(),
                timeout=run.e.link.timeout_for(600 * req.limit),
                answered=run.snapshot_asked.set,  # the server has the request
            ):
                run.answered(up, received - down, None, before, before)
                up, down, got = 0, received, True
                try:
                    page = protocol.SnapshotPage.decode(text)
                except protocol.ProtocolError as exc:
                    raise errors.BadResponse(f"snapshot page: {exc.message}") from None
                if run.report.skew_ms is None:
                    run.answered(0, 0, page.server_time, before, run.e.wall())
                if _epoch_moved(run, page, restarts):
                    break  # the stream is dropped; the snapshot starts again
                position = _position(page)
                _apply(run, page, position)
                failures = 0
            if not got:
                raise errors.LinkError("the snapshot stream ended before its first page")
        except errors.RETRYABLE as exc:
            run.report.retries += 1
            failures += 1
            if failures >= run.e.backoff.attempts:
                raise exc from None
            run.step()
            run.e.sleep(run.e.backoff.delay(failures - 1))
        finally:
            run.report.requests += 1
        run.e.link.observe(run.e.monotonic() - started, down)
        cursor = _cursor(run)
