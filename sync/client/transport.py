"""HTTP transport of the sync client: httpx, zstd bodies, bearer token, typed errors.

Owns the wire side of one request: JSON documents are encoded with ``sync.compression``
(zstd, ``Accept-Encoding: zstd``), responses are read raw (so the caps of
``sync.compression.decode`` apply and the byte counts are what crossed the wire), the
device token goes in ``Authorization: Bearer`` (never logged, never in a message), and
answers are validated by their ``sync.protocol`` declaration (``Exchange.message``), and
every failure becomes one of ``sync.client.errors`` (the tree is drawn there).

One ``HttpTransport`` keeps one ``httpx.Client``: a keep-alive connection serves a whole
round, and with its own client (not an injected one) up to ``pipeline.DEPTH`` requests
may be in flight at once from the round's helper threads (``pipelined``; see
``sync.client.pipeline``). Tests hand in their own ``httpx.Client`` (e.g.
``fastapi.testclient.TestClient`` over the in-process app) or wrap a transport to drop,
duplicate or delay exchanges. Every call returns an ``Exchange`` with the bytes sent and
received and the elapsed time, which the link estimator uses.
"""

from __future__ import annotations

import io
import ipaddress
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any, Protocol, cast
from urllib.parse import urlsplit

import httpx
import msgspec
import zstandard

from sync import compression, protocol
from sync.client import errors
from sync.protocol.base import M

CLIENT_VERSION = "0.1.0"
USER_AGENT = f"chasqui-client/{CLIENT_VERSION}"
HEADER_OVERHEAD = 200  # rough bytes of request line + headers, for the byte counts
PIPELINE_CONNECTIONS = 3  # = sync.client.pipeline.DEPTH: requests in flight at once
SEND_PIECE = 16 * 1024  # a body with a ``sent`` callback is handed to the socket in pieces
ACCEPT_ENCODING = f"{compression.ZSTD_DICT}, zstd, gzip"


@dataclass(frozen=True)
class Prepared:
    """A request body already encoded (``HttpTransport.prepare``): ``call`` sends it as
    it is. The pipeline encodes the next push while the one before it is on the link."""

    content: bytes
    headers: dict[str, str]


@dataclass
class Exchange:
    """One request/response: the bytes (as received, and the JSON text after
    decompression), sizes and timing. ``message`` validates the JSON as a declared
    ``sync.protocol`` body; anything malformed, too deep or too large is ``BadResponse``."""

    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    bytes_up: int = 0
    bytes_down: int = 0
    seconds: float = 0.0
    body: bytes = b""

    def message(self, kind: type[M], what: str) -> M:
        """The answer validated as a ``kind``; ``what`` names it in the error."""
        try:
            return kind.decode(self.body)
        except protocol.ProtocolError as exc:
            raise errors.BadResponse(f"{what}: {exc.message}") from None

    @property
    def server_time(self) -> int | None:
        """The server's clock: the ``Chasqui-Server-Time`` header, else the answer's
        ``server_time`` (answers to POST carry it in the body only), if it is a number."""
        value = self.headers.get(protocol.HEADER_SERVER_TIME.lower(), "")
        if value.isdigit() and len(value) < 19:
            return int(value)
        if not self.body:
            return None
        try:
            found = _STAMPED.decode(self.body).server_time
        except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
            return None
        return found if type(found) is int and 0 <= found < 10**18 else None


class _Stamped(msgspec.Struct):
    server_time: Any = None  # the only field read; the rest of the body is skipped


_STAMPED = msgspec.json.Decoder(_Stamped)


class Transport(Protocol):
    """What the engine needs from a transport (``HttpTransport`` or a test wrapper)."""

    def call(
        self, method: str, path: str, doc: Any = None, *, timeout: float | None = None
    ) -> Exchange: ...

    def put_chunk(
        self, sha256: str, start: int, data: bytes, total: int, *, timeout: float | None = None
    ) -> Exchange: ...

    def get_range(
        self, sha256: str, start: int, end: int, *, timeout: float | None = None
    ) -> Exchange: ...

    def close(self) -> None: ...


ENV_ALLOW_HTTP = "CHASQUI_ALLOW_HTTP"  # "1": allow http:// to any host (a lab only)


def _loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def address_problem(url: str) -> str | None:
    """Why ``url`` cannot be a sync server address, or None.

    ``https://`` is required: over plain ``http://`` anyone on the path reads the device
    token and can forge answers (a forged ``revoked`` wipes a laptop). ``http://`` is
    accepted only to this computer (loopback), or anywhere when ``CHASQUI_ALLOW_HTTP=1``
    (a lab without certificates)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return "the server address is not a valid URL"
    if parts.scheme not in ("http", "https") or not host:
        return "the server address must be a full https:// URL"
    if parts.scheme == "https" or _loopback(host) or os.environ.get(ENV_ALLOW_HTTP) == "1":
        return None
    return (
        "plain http:// is refused except to this computer: anyone on the network path "
        "could read the device token and forge answers; use https:// "
        f"(in a lab without certificates, set {ENV_ALLOW_HTTP}=1)"
    )


def refusal(
    status: int, code: str, message: str, order: protocol.RevocationOrder | None = None
) -> errors.RequestRefused:
    """The typed exception of an HTTP error status + protocol error code (a ``revoked``
    one carries the server's signed order, verified by ``sync.client.identity``)."""
    if status == 426 or code == protocol.ErrorCode.UPDATE_REQUIRED:
        return errors.UpdateRequired(code, message, status)
    if code == protocol.ErrorCode.REVOKED:
        return errors.Revoked(code, message, status, order=order)
    if status == 401:
        return errors.Unauthorized(code, message, status)
    if status == 413:
        return errors.TooLarge(code, message, status)
    if code == protocol.ErrorCode.INVALID_CODE:
        return errors.InvalidCode(code, message, status)
    return errors.RequestRefused(code, message, status)


class HttpTransport:
    """Sync-protocol requests over one ``httpx.Client`` (keep-alive for a whole round)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        client: httpx.Client | None = None,
        timeout: float = 30.0,
        encoding: str = compression.ZSTD_DICT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        if client is None:  # an injected client is the caller's (tests' in-process apps)
            problem = address_problem(self.base_url)
            if problem:
                raise errors.InsecureServer(problem)
        self._token = token
        self._own = client is None
        # requests overlap only over our own pool (an injected client may not be shareable)
        self.pipelined = client is None
        self._client = client or httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            limits=httpx.Limits(  # one more: a snapshot or pull beside the pushes
                max_connections=PIPELINE_CONNECTIONS + 1,
                max_keepalive_connections=PIPELINE_CONNECTIONS + 1,
            ),
        )
        if self._own:  # HTTP/1.1 keeps the connection alive anyway; answers are JSON
            for name in ("accept", "connection"):
                self._client.headers.pop(name, None)
        self.timeout = timeout
        self.encoding = encoding
        self.requests = 0

    def __repr__(self) -> str:  # never show the token
        return f"HttpTransport({self.base_url!r})"

    def set_token(self, token: str | None) -> None:
        self._token = token

    def close(self) -> None:
        if self._own:
            self._client.close()

    def _headers(self, with_body: bool = False) -> dict[str, str]:
        hdrs = {"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": USER_AGENT}
        if not with_body:  # a body names its protocol itself
            hdrs[protocol.HEADER_PROTOCOL] = str(protocol.PROTOCOL_VERSION)
        if self._token:
            hdrs["Authorization"] = f"Bearer {self._token}"
        return hdrs

    def call(
        self,
        method: str,
        path: str,
        doc: Any = None,
        *,
        timeout: float | None = None,
        headers: dict[str, str] | None = None,
        sent: Callable[[], None] | None = None,
    ) -> Exchange:
        """A JSON request (``headers`` added to ours); returns the decoded JSON answer or
        raises a typed error. ``sent`` is called once the whole body has been handed to
        the connection (the pipeline puts the next body on the link only then)."""
        extra = headers
        headers = self._headers(with_body=doc is not None)
        headers.update(extra or {})
        content: bytes | None = None
        if isinstance(doc, Prepared):
            content = doc.content
            headers.update(doc.headers)
        elif doc is not None:
            content, enc_headers = compression.encode(doc, self.encoding)
            headers.update(enc_headers)
        ex = self._send(method, path, content, headers, timeout, sent)
        if method == "HEAD" or not ex.content:
            return ex
        try:
            ex.body = compression.unwrap(ex.content, ex.headers.get("content-encoding"))
        except compression.BodyError as exc:
            raise errors.BadResponse(f"undecodable answer from {path}: {exc.message}") from None
        return ex

    def prepare(self, doc: Any) -> Prepared:
        """``doc`` encoded for ``call`` now, at ``compression.ZSTD_UPLOAD_LEVEL`` (the
        pipeline does it while the body before it is still on the link)."""
        content, headers = compression.encode(doc, self.encoding, compression.ZSTD_UPLOAD_LEVEL)
        return Prepared(content, headers)

    def stream(
        self,
        path: str,
        lines: Iterable[bytes],
        *,
        timeout: float | None = None,
        sent: Callable[[], None] | None = None,
    ) -> Exchange:
        """POST ``lines`` (JSON texts) as one streamed body: one zstd frame at
        ``compression.ZSTD_STREAM_LEVEL``, a line each, the compressor flushed after each
        (``STREAM_MEDIA``); a line is encoded as the connection takes the one
        before it. ``sent`` is called once the whole body is on the connection. The
        answer is read as ``call``'s."""
        headers = self._headers(with_body=True)
        headers["Content-Type"] = protocol.STREAM_MEDIA
        headers["Content-Encoding"] = compression.ZSTD
        started = time.monotonic()
        self.requests += 1
        framed = _Framed(lines, sent)
        request = self._client.build_request(
            "POST", path, content=iter(framed), headers=headers, timeout=timeout or self.timeout
        )
        with self._opened(request, path) as response:
            ex = self._collect(response, path, framed.size)
        ex.seconds = time.monotonic() - started
        if ex.status >= 400:
            raise self._error(ex, path)
        try:
            ex.body = compression.unwrap(ex.content, ex.headers.get("content-encoding"))
        except compression.BodyError as exc:
            raise errors.BadResponse(f"undecodable answer from {path}: {exc.message}") from None
        return ex

    def put_chunk(
        self, sha256: str, start: int, data: bytes, total: int, *, timeout: float | None = None
    ) -> Exchange:
        headers = self._headers()
        headers["Content-Type"] = "application/octet-stream"
        headers["Content-Range"] = protocol.content_range(start, len(data), total)
        ex = self._send("PUT", f"/v1/attachments/{sha256}", data, headers, timeout)
        if ex.content:
            try:
                ex.body = compression.unwrap(ex.content, ex.headers.get("content-encoding"))
            except compression.BodyError as exc:
                raise errors.BadResponse(f"undecodable attachment status: {exc.message}") from None
        return ex

    def get_range(
        self, sha256: str, start: int, end: int, *, timeout: float | None = None
    ) -> Exchange:
        """Bytes ``start..end`` (inclusive) of a file the server holds completely; the
        raw bytes are in ``content`` (checked against the answer's ``Content-Range``)."""
        headers = self._headers()
        headers["Range"] = f"bytes={start}-{end}"
        path = f"/v1/attachments/{sha256}"
        ex = self._send("GET", path, None, headers, timeout)
        if ex.headers.get("content-encoding", "identity") != "identity":
            raise errors.BadResponse(f"{path}: unexpected content encoding")
        if ex.status == 206:
            try:
                got = protocol.parse_content_range(ex.headers.get("content-range"))
            except protocol.ProtocolError:
                raise errors.BadResponse(f"{path}: bad Content-Range in the answer") from None
            if got[0] != start or got[1] - got[0] + 1 != len(ex.content):
                raise errors.BadResponse(f"{path}: the answer is not the range asked for")
        elif ex.status == 200 and start == 0:
            ex.content = ex.content[: end + 1]  # a server that ignores Range: the head
        else:
            raise errors.BadResponse(f"{path}: unexpected status {ex.status} for a range")
        return ex

    def pages(
        self,
        path: str,
        doc: Any,
        *,
        timeout: float | None = None,
        answered: Callable[[], None] | None = None,
    ) -> Iterator[tuple[bytes, int]]:
        """POST ``doc`` asking for a streamed answer; yields each page's JSON text as soon
        as it has arrived, with the bytes received so far (``STREAM_MEDIA``:
        one zstd frame, a page a line; decompressed in bounded steps, a page is at most
        ``MAX_DECOMPRESSED_BYTES``). A server answering one JSON page yields that page.
        A cut is ``LinkError`` (the pages yielded before it stand). ``answered`` is
        called once the answer's headers have arrived (the server has the request)."""
        headers = self._headers(with_body=True)
        content, enc_headers = compression.encode(doc, self.encoding)
        headers.update(enc_headers)
        self.requests += 1
        request = self._client.build_request(
            "POST", path, content=content, headers=headers, timeout=timeout or self.timeout
        )
        with self._opened(request, path) as response:
            if answered is not None:
                answered()
            media = response.headers.get("content-type", "").split(";")[0].strip()
            if response.status_code >= 400 or media != protocol.STREAM_MEDIA:
                ex = self._collect(response, path, len(content))
                if ex.status >= 400:
                    raise self._error(ex, path)
                try:
                    body = compression.unwrap(ex.content, ex.headers.get("content-encoding"))
                except compression.BodyError as exc:
                    msg = f"undecodable answer from {path}: {exc.message}"
                    raise errors.BadResponse(msg) from None
                yield body, ex.bytes_down
                return
            if response.headers.get("content-encoding", "") != compression.ZSTD:
                raise errors.BadResponse(f"{path}: a streamed answer must be zstd")
            yield from _lines(response.iter_raw(), _Received(), path)

    @contextmanager
    def _opened(self, request: httpx.Request, path: str) -> Iterator[httpx.Response]:
        """The streamed response of ``request``, closed after; link failures while it is
        open (sending or reading) become ``LinkError``."""
        method = request.method
        try:
            response = self._client.send(request, stream=True)
            try:
                yield response
            finally:
                response.close()
        except httpx.TimeoutException:
            raise errors.LinkError(f"{method} {path}: timed out") from None
        except (httpx.TransportError, OSError) as exc:
            raise errors.LinkError(f"{method} {path}: {type(exc).__name__}") from None

    def _collect(self, response: httpx.Response, path: str, sent: int) -> Exchange:
        """The whole (capped) answer; ``sent``: the request body's bytes."""
        raw = bytearray()
        for chunk in response.iter_raw():
            raw += chunk
            if len(raw) > compression.MAX_BODY_BYTES:
                raise errors.BadResponse(f"answer from {path} is too large")
        return Exchange(
            status=response.status_code,
            content=bytes(raw),
            headers={k.lower(): v for k, v in response.headers.items()},
            bytes_up=sent + HEADER_OVERHEAD,
            bytes_down=len(raw) + HEADER_OVERHEAD,
        )

    def _send(
        self,
        method: str,
        path: str,
        content: bytes | None,
        headers: dict[str, str],
        timeout: float | None,
        sent: Callable[[], None] | None = None,
    ) -> Exchange:
        started = time.monotonic()
        self.requests += 1
        body: bytes | Iterator[bytes] | None = content
        if sent is not None and content is not None:
            headers["Content-Length"] = str(len(content))  # not chunked: the same request
            body = _pieces(content, sent)
        request = self._client.build_request(
            method, path, content=body, headers=headers, timeout=timeout or self.timeout
        )
        with self._opened(request, path) as response:
            ex = self._collect(response, path, len(content or b""))
        ex.seconds = time.monotonic() - started
        if ex.status >= 400:
            raise self._error(ex, path)
        return ex

    @staticmethod
    def _error(ex: Exchange, path: str) -> errors.ChasquiError:
        code, message = "", f"HTTP {ex.status}"
        order = None
        if ex.content:
            try:
                raw = compression.unwrap(ex.content, ex.headers.get("content-encoding"))
                error = protocol.ErrorBody.decode(raw).error
                code, message, order = error.code, error.message, error.order
            except (compression.BodyError, protocol.ProtocolError):
                pass  # not an error body of this protocol: the status alone speaks
        if ex.status == 429 or ex.status >= 500:
            return errors.ServerBusy(f"{path}: {message}", ex.status)
        return refusal(ex.status, code, message, order)


def _pieces(content: bytes, sent: Callable[[], None]) -> Iterator[bytes]:
    """``content`` in pieces; ``sent()`` once the connection has taken the last one."""
    for start in range(0, len(content), SEND_PIECE):
        yield content[start : start + SEND_PIECE]
    sent()


class _Framed:
    """A streamed body's pieces (``HttpTransport.stream``), counting the bytes."""

    def __init__(self, lines: Iterable[bytes], sent: Callable[[], None] | None) -> None:
        self.lines = lines
        self.sent = sent
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        zc = zstandard.ZstdCompressor(level=compression.ZSTD_STREAM_LEVEL).compressobj()
        for line in self.lines:
            piece = zc.compress(line + b"\n") + zc.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
            self.size += len(piece)
            yield piece
        piece = zc.flush()
        self.size += len(piece)
        yield piece
        if self.sent is not None:
            self.sent()


class _Received(io.RawIOBase):
    """The raw body as a readable file (for the bounded zstd reader), counting bytes."""

    def __init__(self) -> None:
        self.chunks: Iterator[bytes] = iter(())
        self.count = HEADER_OVERHEAD
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buf:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self._buf = chunk
            self.count += len(chunk)
        n = min(len(target), len(self._buf))
        target[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _lines(chunks: Iterator[bytes], received: _Received, path: str) -> Iterator[tuple[bytes, int]]:
    """Each line of a zstd-compressed body as soon as it is whole, with the bytes
    received so far (``compression.lines``: 64 KiB steps, never a bomb in memory)."""
    received.chunks = chunks
    try:
        for line in compression.lines(cast(IO[bytes], received)):
            yield line, received.count
    except compression.BodyError as exc:
        if exc.code == compression.TRUNCATED:
            raise errors.LinkError(f"POST {path}: the answer ended inside a page") from None
        if exc.code == "too_large":
            raise errors.BadResponse(f"a page from {path} is too large") from None
        raise errors.BadResponse(f"{path}: the streamed answer is not valid zstd") from None
