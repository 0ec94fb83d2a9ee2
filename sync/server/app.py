"""The FastAPI application of the central sync server (routes only).

Owns the HTTP surface described in ``sync.protocol``'s docstring: health, enrollment,
push, pull, the combined one-round-trip ``/v1/sync``, snapshot, published forms and
attachments. Bodies are validated by the ``sync.protocol`` declarations (shared with
the client), which also give the OpenAPI document (``sync.server.apidoc``); database
work runs in the thread pool; every error is a protocol error body, never a traceback.

``create_app(url)`` builds an app (migrating the database first); ``app_from_env()`` is
the factory uvicorn workers import (``CHASQUI_SERVER_DB``).
"""

from __future__ import annotations

import gc
import logging
import os
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from fastapi import FastAPI, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync import compression, protocol
from sync.protocol import ErrorCode, ProtocolError, lean
from sync.server import (
    apidoc,
    attachments,
    auth,
    dashboard,
    held,
    identity,
    pull,
    push_stream,
    snapshot_stream,
    upgrade,
    wire,
)
from sync.server.admin import Admin
from sync.server.catalogs import catalogs_newer_than
from sync.server.db import ENV_DB, Database, default_db_url, now_ms
from sync.server.formcheck import FormChecker
from sync.server.push import DeviceContext, PushProcessor

log = logging.getLogger("chasqui.server")
ENV_DOCS = "CHASQUI_SERVER_DOCS"  # "1": serve /openapi.json (``chasqui-server serve --docs``)
# Checked by ``check_sha`` (protocol.is_sha256); the pattern is only shown in the document
# (pydantic's regex engine has no lookahead for the exact end anchor).
SHA_PATH = Path(
    description="SHA-256 of the file, lowercase hex",
    json_schema_extra={"pattern": protocol.SHA256_PATTERN},
)


@dataclass
class ServerState:
    db: Database
    pusher: PushProcessor
    forms: FormChecker
    admin: Admin
    enroll_limiter: auth.EnrollLimiter
    streams: snapshot_stream.StreamGate
    questions: held.Questions = field(default_factory=held.Questions)  # /v1/held waits

    @property
    def epoch(self) -> str:
        return self.db.epoch


def create_app(
    url: str | None = None,
    *,
    database: Database | None = None,
    enroll_per_ip: int = 10,
    enroll_overall: int | None = None,
    enroll_per_code: int = 5,
    enroll_window_s: float = 300.0,
    docs: bool | None = None,
    max_streams: int = snapshot_stream.MAX_STREAMS,
) -> FastAPI:
    """The app. Failed enrollments are limited per address (``enroll_per_ip``) and per code
    (``enroll_per_code``) in the database; ``enroll_overall`` is accepted for old callers
    and ignored (a global budget let a flood block genuine codes). ``docs`` serves
    ``/openapi.json`` (default: ``CHASQUI_SERVER_DOCS=1``, set by ``serve --docs``); the
    HTML pages (``/docs``, ``/redoc``), which load scripts from a CDN, are never served.
    ``max_streams`` bounds the streamed snapshots served at once (``snapshot_stream``)."""
    del enroll_overall
    if docs is None:
        docs = os.environ.get(ENV_DOCS) == "1"
    db = database or Database(url or default_db_url())
    upgrade.migrate(db)
    server_keys = protocol.IdentityKeys(**identity.public(db).to_dict())  # made with the db
    forms = FormChecker(db)
    state = ServerState(
        db,
        PushProcessor(db, forms),
        forms,
        Admin(db),
        auth.EnrollLimiter(db, enroll_per_ip, enroll_per_code, enroll_window_s),
        snapshot_stream.StreamGate(max_streams),
    )
    app = FastAPI(
        title="Chasqui sync server",
        version=f"protocol {protocol.PROTOCOL_VERSION}",
        description="Central replication server of Chasqui. See sync/protocol/__init__.py.",
        openapi_url="/openapi.json" if docs else None,
        docs_url=None,
        redoc_url=None,
    )
    app.state.chasqui = state
    app.add_middleware(wire.InFlight)  # answers at zstd's fast level while busy
    _install_errors(app, state)
    _routes(app, state, server_keys)
    apidoc.install(app)
    dashboard.install(app, db)  # the directorate's web pages under /panel (not in OpenAPI)
    return app


# The cyclic garbage collector of a serving process: what exists once the app is built
# (modules, the specification, compiled statements) is frozen out of its scans, and a
# collection starts after GC_THRESHOLD[0] net allocations instead of 700 — requests make
# few cycles, but each push allocates thousands of short-lived objects, and the
# collections they set off took 6-7 % of a push's CPU (in-process pushes of 250 changes,
# SQLite: 100 ms of collections in 1.5 s; 5 ms with these settings).
GC_THRESHOLD = (10_000, 20, 50)


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (each worker process builds its own app, whose
    start computes the dashboard's default figures in the background, then sets its
    garbage collector for serving: ``GC_THRESHOLD``)."""
    app = create_app(os.environ.get(ENV_DB) or default_db_url())
    dashboard.warm_at_start(app)  # the directorate's first view after a restart: ready
    gc.collect()
    gc.freeze()  # never scanned again: lives as long as the process
    gc.set_threshold(*GC_THRESHOLD)
    return app


def _install_errors(app: FastAPI, state: ServerState) -> None:
    @app.exception_handler(ProtocolError)
    async def _protocol_error(request: Request, exc: ProtocolError) -> Response:
        if isinstance(exc, attachments.OffsetMismatch):
            doc = exc.to_dict()
            doc["status"] = exc.current.to_dict()
            return wire.respond(request, doc, state.epoch, exc.status)
        answer = wire.respond(request, exc.to_dict(), state.epoch, exc.status)
        if isinstance(exc, snapshot_stream.Busy):
            answer.headers["Retry-After"] = str(exc.retry_after)
        return answer

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"invalid request: {where} {first.get('msg', '')}".strip()
        return wire.error_response(request, ErrorCode.BAD_REQUEST, message[:300], state.epoch)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: ErrorCode.NOT_FOUND, 413: ErrorCode.TOO_LARGE}.get(
            exc.status_code, ErrorCode.BAD_REQUEST
        )
        return wire.error_response(request, code, str(exc.detail), state.epoch, exc.status_code)

    @app.exception_handler(OperationalError)
    async def _unavailable(request: Request, exc: OperationalError) -> Response:
        log.warning("database unavailable on %s: %s", request.url.path, type(exc.orig).__name__)
        answer = wire.error_response(
            request, ErrorCode.UNAVAILABLE, "database busy or unreachable; retry", state.epoch
        )
        answer.headers["Retry-After"] = "5"
        return answer

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return wire.error_response(
            request, ErrorCode.INTERNAL, "internal server error", state.epoch, 500
        )


def _routes(app: FastAPI, state: ServerState, server_keys: protocol.IdentityKeys) -> None:
    db = state.db

    async def device_of(request: Request, mark: bool = True) -> DeviceContext:
        """The request's device; ``mark=False``: its "last seen" stamp, when due, is left
        to the request's push (``do_push``: one commit, not two)."""
        token = request.headers.get("authorization")
        return await run_in_threadpool(auth.authenticate, db, token, mark)

    async def seen_despite(device: DeviceContext) -> None:
        """A request that failed before its write (outdated client, malformed body) still
        stamps a due "last contact" (review 4 F7): an administrator looks for exactly
        those laptops. Never hides the request's own error."""
        if not device.seen_due:
            return
        try:
            stamp = partial(auth.mark_seen, device_id=device.device_id)
            await run_in_threadpool(db.grouped, stamp)
        except Exception as exc:  # the database is down: the original error tells it
            log.warning("last contact not stamped: %s", type(exc).__name__)

    @app.get("/v1/health", responses=apidoc.answer(protocol.Health))
    async def health(request: Request) -> Response:
        return wire.respond(
            request,
            {
                "status": "ok",
                "protocol_version": protocol.PROTOCOL_VERSION,
                "min_protocol_version": protocol.MIN_PROTOCOL_VERSION,
                "min_client_version": protocol.MIN_CLIENT_VERSION,
                "server_keys": server_keys.to_dict(),
            },
            state.epoch,
        )

    @app.post(
        "/v1/enroll",
        responses=apidoc.answer(protocol.EnrollResponse),
        openapi_extra=apidoc.body(protocol.EnrollRequest, authenticated=False),
    )
    async def enroll(request: Request) -> Response:
        client = request.client.host if request.client else "unknown"
        limiter = state.enroll_limiter
        try:
            req = await wire.read_message(request, protocol.EnrollRequest)
        except ProtocolError:
            await run_in_threadpool(limiter.check, client, "")
            await run_in_threadpool(limiter.failed, client, "")
            raise
        await run_in_threadpool(limiter.check, client, req.code)
        protocol.check_versions(req.protocol_version, req.client_version)
        try:
            done = await run_in_threadpool(
                auth.enroll, db, req.code, req.device_name, req.client_version, req.device_keys
            )
        except ProtocolError as exc:
            if exc.code == ErrorCode.INVALID_CODE:
                await run_in_threadpool(limiter.failed, client, req.code)
            raise
        users = await run_in_threadpool(state.admin.users_of, done.office_id)
        log.info("enrolled device %s in office %s", done.device_id, done.office_code)
        answer = protocol.EnrollResponse(
            done.device_id,
            done.device_number,
            done.token,
            protocol.OfficeInfo(done.office_id, done.office_code, done.office_name),
            users,
            state.epoch,
            now_ms(),
            server_keys,
        )
        return wire.respond(request, answer.to_dict(), state.epoch)

    @app.post(
        "/v1/device-keys",
        responses=apidoc.answer(protocol.DeviceKeysAnswer),
        openapi_extra=apidoc.body(protocol.DeviceKeysRequest),
    )
    async def device_keys(request: Request) -> Response:
        device = await device_of(request)
        req = await wire.read_message(request, protocol.DeviceKeysRequest)
        protocol.check_versions(req.protocol_version, req.client_version)
        await run_in_threadpool(auth.register_device_keys, db, device, req.keys)
        answer = protocol.DeviceKeysAnswer(server_keys, state.epoch, now_ms())
        return wire.respond(request, answer.to_dict(), state.epoch)

    def do_push(
        device: DeviceContext, batch: protocol.PushBatch, after: str | None = None
    ) -> protocol.PushResult:
        protocol.check_versions(batch.protocol_version, batch.client_version)
        if batch.device_id != device.device_id:
            raise ProtocolError(
                ErrorCode.FORBIDDEN_SCOPE, "batch device_id is not the authenticated device"
            )
        docs = batch.changes.docs()  # a broken block: 400, nothing stored
        seen = partial(auth.mark_seen, device_id=device.device_id) if device.seen_due else None
        if not docs:  # nothing to store: no claim
            if seen is not None:
                db.grouped(seen)
            return protocol.PushResult.of(docs, [], state.epoch, now_ms())
        with held.claiming(db, device.device_id) as claim:  # seen by /v1/held everywhere

            def also(conn: Connection) -> None:  # in the push's own transaction
                if seen is not None:  # the "last seen" stamp
                    seen(conn)
                claim.release_in(conn)

            results = state.pusher.push(device, docs, after, also=also)
        app.state.dashboard.changed()  # the directorate's watched figures: recomputed soon
        return protocol.PushResult.of(docs, results, state.epoch, now_ms())

    def do_pull(device: DeviceContext, req: protocol.PullRequest) -> protocol.PullPage:
        protocol.check_versions(req.protocol_version, req.client_version)
        with db.read() as conn:
            changes, next_cursor, more = pull.pull_changes(
                conn, device, req.cursor, req.limit, req.max_bytes
            )
            forms = pull.forms_newer_than(conn, req.form_versions)
            catalogs = catalogs_newer_than(conn, req.catalog_versions, device.office_code)
        forms, catalogs = identity.signed(db, forms), identity.signed(db, catalogs)
        docs = [change for _seq, change in changes]
        return protocol.PullPage(  # compact ids to a reader of protocol 3 (lean.compact_ids)
            protocol.ChangeBlock.of(
                docs, ids=protocol.compact_ids(len(docs), req.protocol_version)
            ),
            next_cursor,
            more,
            state.epoch,
            now_ms(),
            forms,
            catalogs,
        )

    @app.post(
        "/v1/sync",
        responses=apidoc.answer(protocol.SyncResponse),
        openapi_extra=apidoc.body(protocol.SyncRequest),
    )
    async def sync(request: Request) -> Response:
        device = await device_of(request, mark=False)  # stamped by do_push
        try:
            req = await wire.read_message(request, protocol.SyncRequest)

            def work() -> protocol.SyncResponse:
                push = do_push(device, req.push)
                return protocol.SyncResponse.of(push, do_pull(device, req.pull))

            answer = await run_in_threadpool(work)
        except Exception:
            await seen_despite(device)
            raise
        return wire.respond(request, answer.to_dict(), state.epoch)

    @app.post(
        "/v1/push",
        responses=apidoc.answer(protocol.PushResult),
        openapi_extra=apidoc.body(protocol.PushBatch),
    )
    async def push(request: Request) -> Response:
        device = await device_of(request, mark=False)  # stamped by do_push
        try:
            batch = await wire.read_message(request, protocol.PushBatch)
            after = request.headers.get(protocol.HEADER_AFTER)  # a pipelined predecessor
            if after is not None and (not 0 < len(after) <= 128 or protocol.has_control(after)):
                raise ProtocolError(
                    ErrorCode.BAD_REQUEST, f"invalid {protocol.HEADER_AFTER} header"
                )

            result = await run_in_threadpool(do_push, device, batch, after)
        except Exception:
            await seen_despite(device)
            raise
        return wire.respond(request, result.to_dict(), state.epoch)

    @app.post(
        protocol.PUSH_STREAM_PATH,
        responses=apidoc.answer(protocol.PushResult),
        openapi_extra=apidoc.stream_body(protocol.STREAM_MEDIA),
    )
    async def push_stream_route(request: Request) -> Response:
        """Push batches streamed in one body, each stored on arrival (``push_stream``)."""
        device = await device_of(request, mark=False)  # stamped by do_push
        try:
            result = await push_stream.take(
                request,
                device.device_id,
                partial(do_push, device),
                partial(held.claiming, db, device.device_id),
                state.epoch,
            )
        except Exception:
            await seen_despite(device)
            raise
        return wire.respond(request, result.to_dict(), state.epoch)

    @app.post(
        "/v1/held",
        responses=apidoc.answer(protocol.PushResult),
        openapi_extra=apidoc.body(protocol.HeldRequest),
    )
    async def held_route(request: Request) -> Response:
        """After a cut: which of the device's changes the server holds (``held``)."""
        device = await device_of(request)
        req = await wire.read_message(request, protocol.HeldRequest)
        protocol.check_versions(req.protocol_version, req.client_version)

        def elsewhere() -> bool:  # a push being stored by any process (``held.Claim``)
            with db.read() as conn:
                return held.claimed(conn, device.device_id)

        def wait() -> bool:  # until a batch whose answer was lost is stored (bounded)
            return state.pusher.order.quiet(device.device_id, protocol.HELD_WAIT_S, elsewhere)

        def work() -> list[int]:
            with db.read() as conn:
                return held.held_seqs(conn, device.device_id, lean.in_ranges(req.seqs))

        # one wait per device, shared by its questions meanwhile (held.Questions)
        await state.questions.quiet(device.device_id, partial(run_in_threadpool, wait))
        seqs = await run_in_threadpool(work)
        answer = protocol.PushResult(state.epoch, now_ms(), duplicate=lean.to_ranges(seqs))
        return wire.respond(request, answer.to_dict(), state.epoch)

    @app.post(
        "/v1/pull",
        responses=apidoc.answer(protocol.PullPage),
        openapi_extra=apidoc.body(protocol.PullRequest),
    )
    async def pull_route(request: Request) -> Response:
        device = await device_of(request)
        req = await wire.read_message(request, protocol.PullRequest)
        page = await run_in_threadpool(do_pull, device, req)
        return wire.respond(request, page.to_dict(), state.epoch)

    @app.post(
        "/v1/snapshot",
        responses=apidoc.answer(protocol.SnapshotPage),
        openapi_extra=apidoc.body(protocol.SnapshotRequest),
    )
    async def snapshot(request: Request) -> Response:
        device = await device_of(request)
        req = await wire.read_message(request, protocol.SnapshotRequest)
        protocol.check_versions(req.protocol_version, req.client_version)
        offered = request.headers.get("accept-encoding")
        zstd = compression.choose_encoding(offered, (compression.ZSTD,))  # one plain zstd frame
        if req.stream and zstd == compression.ZSTD:
            return await snapshot_stream.stream_response(
                db, device, req, state.epoch, state.streams
            )
        page = await run_in_threadpool(snapshot_stream.snapshot_page, db, device, req, state.epoch)
        return wire.respond(request, page.to_dict(), state.epoch)

    @app.get(
        "/v1/forms/{form_id}/{version}",
        responses=apidoc.answer(protocol.FormAnswer),
        openapi_extra=apidoc.AUTH,
    )
    async def form(
        request: Request,
        form_id: str = Path(max_length=128, pattern=r"^[A-Za-z0-9_.-]+$"),
        version: int = Path(ge=1, le=2**31 - 1),
    ) -> Response:
        await device_of(request)
        wire.check_header_version(request)

        def work() -> protocol.PublishedForm | None:
            with db.read() as conn:
                return pull.published_form(conn, form_id, version)

        found = await run_in_threadpool(work)
        if found is None:
            raise ProtocolError(ErrorCode.NOT_FOUND, "no such published form")
        (found,) = identity.signed(db, [found])
        return wire.respond(request, {"form": found.to_dict()}, state.epoch)

    _attachment_routes(app, state, device_of)


def _attachment_routes(app: FastAPI, state: ServerState, device_of: Any) -> None:
    db = state.db

    def check_sha(sha256: str) -> None:
        if not protocol.is_sha256(sha256):
            raise ProtocolError(ErrorCode.BAD_REQUEST, "attachment id must be a lowercase sha256")

    def get_status(device: DeviceContext, sha256: str) -> protocol.AttachmentStatus:
        with db.read() as conn:
            return attachments.status(conn, device.office_id, sha256)

    @app.head("/v1/attachments/{sha256}", openapi_extra=apidoc.AUTH)
    async def attachment_head(request: Request, sha256: str = SHA_PATH) -> Response:
        device = await device_of(request)
        wire.check_header_version(request)
        check_sha(sha256)
        st = await run_in_threadpool(get_status, device, sha256)
        headers = wire.meta_headers(state.epoch, now_ms())
        headers.update({"Upload-Offset": str(st.offset), "Upload-Complete": str(int(st.complete))})
        if st.size is not None:
            headers["Upload-Length"] = str(st.size)
        return Response(status_code=200, headers=headers)

    @app.get(
        "/v1/attachments/{sha256}/status",
        responses=apidoc.answer(protocol.AttachmentStatus),
        openapi_extra=apidoc.AUTH,
    )
    async def attachment_status(request: Request, sha256: str = SHA_PATH) -> Response:
        device = await device_of(request)
        wire.check_header_version(request)
        check_sha(sha256)
        st = await run_in_threadpool(get_status, device, sha256)
        return wire.respond(request, st.to_dict(), state.epoch)

    @app.put(
        "/v1/attachments/{sha256}",
        responses=apidoc.answer(protocol.AttachmentStatus),
        openapi_extra={
            **apidoc.AUTH,
            "parameters": [
                {
                    "name": "Content-Range",
                    "in": "header",
                    "required": True,
                    "schema": {
                        "type": "string",
                        "pattern": r"^bytes [0-9]{1,9}-[0-9]{1,9}/[0-9]{1,9}$",
                    },
                }
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            },
        },
    )
    async def attachment_put(request: Request, sha256: str = SHA_PATH) -> Response:
        device = await device_of(request)
        wire.check_header_version(request)
        check_sha(sha256)
        start, end, total = protocol.parse_content_range(request.headers.get("content-range"))
        data = await wire.read_body(request, protocol.MAX_CHUNK_BYTES)
        st = await run_in_threadpool(
            attachments.put_chunk, db, device.office_id, sha256, start, end, total, data
        )
        return wire.respond(request, st.to_dict(), state.epoch)

    @app.get(
        "/v1/attachments/{sha256}",
        responses={**apidoc.ERRORS, 200: {"content": {"application/octet-stream": {}}}},
        openapi_extra=apidoc.AUTH,
    )
    async def attachment_get(request: Request, sha256: str = SHA_PATH) -> Response:
        device = await device_of(request)
        wire.check_header_version(request)
        check_sha(sha256)
        start, end, size, offsets = await run_in_threadpool(
            attachments.prepare_read, db, device.office_id, sha256, request.headers.get("range")
        )
        headers = wire.meta_headers(state.epoch, now_ms())
        headers["Accept-Ranges"] = "bytes"
        headers["Content-Length"] = str(end - start + 1)
        partial = request.headers.get("range") is not None
        if partial:
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        return StreamingResponse(
            attachments.stream(db, device.office_id, sha256, start, end, offsets),
            status_code=206 if partial else 200,
            headers=headers,
            media_type="application/octet-stream",
        )
