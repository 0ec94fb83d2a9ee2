"""A hostile server's answers never crash the client: JSON nested 100,000 deep, answers
over the size cap and decompression bombs become a clean ``BadResponse`` (a round ends
with a status and a message, enrollment writes nothing), never a ``RecursionError``.

The hostile server is a real HTTP server on loopback answering every request with the
same body.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import zstandard

from sync import compression, protocol
from sync.client import enroll, errors
from sync.client import report as rs
from sync.client.ports import KEY_TOKEN
from sync.client.transport import HttpTransport
from tests.sync.conftest import SyncWorld

DEEP = b"[" * 100_000 + b"]" * 100_000
# deep where the declaration admits any JSON value (a change document)
DEEP_IN_PLACE = b'{"pull":{"changes":{"rows":[{"fields":' + DEEP + b"}]}}}"
HUGE = b'{"x":"' + b"a" * (compression.MAX_BODY_BYTES + 10) + b'"}'
BOMB = zstandard.ZstdCompressor().compress(b" " * (compression.MAX_DECOMPRESSED_BYTES + 10))


class Hostile:
    """Answers every request with ``body`` (and ``encoding``), status 200."""

    def __init__(self) -> None:
        self.body = b"{}"
        self.encoding = "identity"
        self.requests = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                owner.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                if owner.encoding != "identity":
                    self.send_header("Content-Encoding", owner.encoding)
                self.send_header("Content-Length", str(len(owner.body)))
                self.end_headers()
                self.wfile.write(owner.body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hostile() -> Iterator[Hostile]:
    server = Hostile()
    try:
        yield server
    finally:
        server.close()


ANSWERS = {
    "deep": (DEEP, "identity", "Expected `object`"),  # refused at the first bracket
    "deep-zstd": (compression.compress(DEEP_IN_PLACE, "zstd"), "zstd", "nested too deeply"),
    "deep-inside": (DEEP_IN_PLACE, "identity", "nested too deeply"),
    "huge": (HUGE, "identity", "too large"),
    "bomb": (BOMB, "zstd", "exceeds"),
}


@pytest.mark.parametrize("kind", sorted(ANSWERS))
def test_transport_turns_hostile_answers_into_bad_response(hostile: Hostile, kind: str) -> None:
    hostile.body, hostile.encoding, words = ANSWERS[kind]
    transport = HttpTransport(hostile.url, "token")
    try:
        with pytest.raises(errors.BadResponse) as info:
            ex = transport.call("POST", "/v1/sync", {"a": 1})
            ex.message(protocol.SyncResponse, "sync answer")
        assert words in str(info.value)
    finally:
        transport.close()


@pytest.mark.parametrize("kind", ["deep", "deep-inside", "bomb"])
def test_a_round_against_a_hostile_server_ends_cleanly(
    world: SyncWorld, hostile: Hostile, kind: str
) -> None:
    hostile.body, hostile.encoding, words = ANSWERS[kind]

    def to_hostile(base: object) -> HttpTransport:  # enrolled for real, then misdirected
        return HttpTransport(hostile.url, getattr(base, "_token", None))

    laptop = world.replica(wrap=to_hostile)
    pending = laptop.replica.pending_count()
    report = laptop.sync()
    assert report.status == rs.OFFLINE  # BadResponse is retried, then the round stops
    assert any(words in e for e in report.errors), report.errors
    assert hostile.requests >= 1
    assert laptop.replica.pending_count() == pending  # nothing confirmed or lost
    laptop.engine.transport.close()


def test_enrollment_against_a_hostile_server_writes_nothing(
    world: SyncWorld, hostile: Hostile
) -> None:
    hostile.body, hostile.encoding = DEEP, "identity"
    laptop = world.replica(enrolled=False)
    transport = HttpTransport(hostile.url)
    try:
        with pytest.raises(errors.BadResponse):
            enroll(hostile.url, "CODE-1234", laptop.replica, transport=transport)
        # a well-formed answer with an impossible device id is refused before writing too
        good = {
            "device_id": "evil id with spaces",
            "device_number": 1,
            "token": "t",
            "office": {"office_id": "o", "code": "LIMA", "name": "Lima"},
            "users": [],
            "epoch": "e",
            "server_time": 1,
        }
        hostile.body = compression.dumps(good)
        with pytest.raises(errors.BadResponse):
            enroll(hostile.url, "CODE-1234", laptop.replica, transport=transport)
    finally:
        transport.close()
    assert laptop.replica.get_sync_state(KEY_TOKEN) is None
    assert laptop.replica.device_id != "evil id with spaces"
