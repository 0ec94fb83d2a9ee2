"""HTTP plumbing of the server: bounded body reading, encoded responses, error bodies.

Owns how FastAPI requests become protocol messages and back: the body is read with a
hard cap while it streams in, decompressed with ``sync.compression`` (capped), refused
with 426 when it is of an older protocol, validated by its ``sync.protocol`` declaration
(depth-safe), and every response carries the epoch and server time (in the body; also
as headers, except on answers to POST — a few bytes each on every small exchange) and
is encoded as the client accepts (zstd with the protocol's dictionary, zstd, gzip,
identity) — at zstd's fast level while the process is busy (``InFlight``).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send

from sync import compression, protocol
from sync.compression import BodyError
from sync.protocol import ErrorCode, ProtocolError
from sync.protocol.base import M
from sync.server.db import now_ms

# More requests than this in flight in one server process: answers are compressed at
# ``compression.ZSTD_FAST_LEVEL`` (a burst of laptops switched on together), not at
# ``ZSTD_LEVEL``. One laptop's pipelined pushes and pulls stay well below it.
BUSY_REQUESTS = 8
_IN_FLIGHT = "chasqui.in_flight"


class InFlight:
    """ASGI middleware: how many HTTP requests this process is serving right now (read by
    ``respond`` through the request's scope; counted on the event loop, no lock)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.count = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.count += 1
        scope[_IN_FLIGHT] = self
        try:
            await self.app(scope, receive, send)
        finally:
            self.count -= 1


def answer_level(request: Request) -> int:
    """The zstd level of an answer: fast while the process is busy (``InFlight``)."""
    meter = request.scope.get(_IN_FLIGHT)
    if isinstance(meter, InFlight) and meter.count > BUSY_REQUESTS:
        return compression.ZSTD_FAST_LEVEL
    return compression.ZSTD_LEVEL


async def read_body(request: Request, max_bytes: int) -> bytes:
    """The raw request body, refusing (413) as soon as it grows past ``max_bytes``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise ProtocolError(ErrorCode.TOO_LARGE, f"body exceeds {max_bytes} bytes")
    out = bytearray()
    try:
        async for chunk in request.stream():
            out += chunk
            if len(out) > max_bytes:
                raise ProtocolError(ErrorCode.TOO_LARGE, f"body exceeds {max_bytes} bytes")
    except ClientDisconnect:  # a cut link: nothing was stored, the client resumes
        raise ProtocolError(
            ErrorCode.BAD_REQUEST, "the client disconnected before the body was complete"
        ) from None
    return bytes(out)


async def read_message(request: Request, kind: type[M]) -> M:
    """The request body validated as a ``kind`` (``ProtocolError`` -> a 4xx answer)."""
    body = await read_body(request, compression.MAX_BODY_BYTES)
    try:
        raw = compression.unwrap(body, request.headers.get("content-encoding"))
    except BodyError as exc:
        raise ProtocolError(exc.code, exc.message) from None
    protocol.refuse_older_protocol(raw)
    return kind.decode(raw)


def meta_headers(epoch: str, server_time: int) -> dict[str, str]:
    return {protocol.HEADER_EPOCH: epoch, protocol.HEADER_SERVER_TIME: str(server_time)}


def respond(
    request: Request,
    doc: dict[str, Any],
    epoch: str,
    status: int = 200,
    extra_headers: dict[str, str] | None = None,
) -> Response:
    """A JSON response stamped with epoch + server time, compressed as accepted."""
    server_time = now_ms()
    doc.setdefault("epoch", epoch)
    doc["server_time"] = server_time
    encoding = compression.choose_encoding(request.headers.get("accept-encoding"))
    body, headers = compression.encode(doc, encoding, answer_level(request))
    if request.method != "POST":  # a POST answer is never cached; its body says both
        headers.update(meta_headers(epoch, server_time))
        headers["Vary"] = "Accept-Encoding"
    if extra_headers:
        headers.update(extra_headers)
    media = headers.pop("Content-Type")
    return Response(content=body, status_code=status, headers=headers, media_type=media)


def error_response(
    request: Request, code: str, message: str, epoch: str, status: int | None = None
) -> Response:
    return respond(
        request,
        protocol.error_body(code, message),
        epoch,
        status or protocol.ERROR_STATUS.get(code, 400),
    )


def check_header_version(request: Request) -> None:
    """Bodiless requests may name their protocol in ``Chasqui-Protocol``."""
    value = request.headers.get(protocol.HEADER_PROTOCOL)
    if value is None:
        return
    if not value.strip().isdigit():
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{protocol.HEADER_PROTOCOL} must be a number")
    protocol.check_versions(int(value), protocol.MIN_CLIENT_VERSION)
