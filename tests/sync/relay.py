"""A relay on the network path (real HTTP on loopback) that passes requests through to
the real server, or forges an answer for the paths it is told to.

What an attacker on an ``http://`` hop, a captive portal or a compromised proxy can do:
read requests and answer anything. ``forge(path, status, doc)`` makes every later
request to ``path`` answered by the relay itself (e.g. ``403 {"error": {"code":
"revoked"}}``); ``passthrough()`` stops forging.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class Relay:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.forged: dict[str, tuple[int, bytes]] = {}
        self.forged_answers = 0
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?")[0]
                if path in relay.forged:
                    status, content = relay.forged[path]
                    relay.forged_answers += 1
                    self._send(status, {"Content-Type": "application/json"}, content)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                with httpx.Client() as client:
                    request = client.build_request(
                        self.command, relay.upstream + self.path, content=body, headers=headers
                    )
                    response = client.send(request, stream=True)
                    raw = b"".join(response.iter_raw())
                    out = {k: v for k, v in response.headers.items() if k.lower() not in _HOP}
                    response.close()
                self._send(response.status_code, out, raw)

            def _send(self, status: int, headers: dict[str, str], content: bytes) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_POST = do_PUT = do_HEAD = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def forge(self, path: str, status: int, doc: dict[str, Any]) -> None:
        self.forged[path] = (status, json.dumps(doc).encode("utf-8"))

    def passthrough(self) -> None:
        self.forged.clear()


@contextmanager
def relay_to(upstream: str) -> Iterator[Relay]:
    """A relay running until the block ends."""
    relay = Relay(upstream)
    thread = threading.Thread(target=relay.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield relay
    finally:
        relay.server.shutdown()
        relay.server.server_close()
        thread.join()
