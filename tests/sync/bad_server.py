"""A real HTTP server on loopback that answers every request with a captive portal's page.

What a defender meets on a hotel or municipal Wi-Fi: status 200, ``text/html``, no
protocol. Used to prove that a bad server response reaches the CLI and the UI worded by
its class (``BadResponse``), never as "unexpected error" or a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = b"<html><body>Inicie sesion en la red WiFi-Municipal</body></html>"


class _Portal(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def captive_portal() -> Iterator[str]:
    """The base URL (``http://127.0.0.1:PORT``) of a portal running until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
