"""A TCP proxy on loopback that behaves like a bad link (the kernel here has no netem).

``LinkProxy(upstream_port, delay=0.15, bandwidth=32_000)`` listens on a loopback port
and forwards each connection to the upstream. Per direction it models one serial link
shared by every connection (several connections never get more than ``bandwidth``
together): a chunk departs when the previous one, of any connection, has been clocked
out at ``bandwidth`` bytes/s and arrives ``delay`` seconds later (one-way propagation).
A new connection costs ``connect_rtts`` extra round trips before the first byte moves (a
TCP/TLS handshake on a long link). ``cut_after(n)`` aborts every open connection once
``n`` more bytes went down (a cut mid-transfer), ``cut_up_after(n)`` once ``n`` more
bytes went up. Counters: bytes each way, connections.

Runs its own asyncio loop in a daemon thread; ``start()``/``stop()``; also
``UvicornThread`` to serve an ASGI app on loopback for end-to-end tests and benchmarks.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

CHUNK = 4096


class LinkProxy:
    def __init__(
        self,
        upstream_port: int,
        delay: float = 0.0,
        bandwidth: float | None = None,
        connect_rtts: int = 0,
        host: str = "127.0.0.1",
    ) -> None:
        self.upstream_port = upstream_port
        self.delay = delay
        self.bandwidth = bandwidth
        self.connect_rtts = connect_rtts
        self.host = host
        self.port = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.trace: list[tuple[float, int, bool, int]] | None = None
        self._free_at = {True: 0.0, False: 0.0}  # per direction (up?): link free again
        self._cut_at: int | None = None
        self._cut_up_at: int | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.AbstractServer | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ------------------------------------------------------------------ control
    def start(self) -> LinkProxy:
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="link-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the proxy did not start")
        return self

    def stop(self) -> None:
        loop, self._loop = self._loop, None
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def cut_after(self, n: int | None) -> None:
        """Abort all connections after ``n`` more bytes went down (None: never)."""
        self._cut_at = None if n is None else self.bytes_down + n

    def cut_up_after(self, n: int | None) -> None:
        """Abort all connections after ``n`` more bytes went up (None: never)."""
        self._cut_up_at = None if n is None else self.bytes_up + n

    def reset_counters(self) -> None:
        self.bytes_up = self.bytes_down = self.connections = 0

    # ------------------------------------------------------------------ the loop
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        # a restarted proxy listens on the port it had (clients stored its URL)
        self._server = loop.run_until_complete(
            asyncio.start_server(self._handle, self.host, self.port, reuse_address=True)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            for w in list(self._writers):
                w.transport.abort()
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._serve(reader, writer)
        except asyncio.CancelledError:  # the proxy is stopping
            writer.transport.abort()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        number = self.connections
        if self.connect_rtts:
            await asyncio.sleep(2 * self.delay * self.connect_rtts)
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.upstream_port)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        try:
            await asyncio.gather(
                self._pump(reader, up_writer, up=True, number=number),
                self._pump(up_reader, writer, up=False, number=number),
            )
        finally:
            for w in (writer, up_writer):
                self._writers.discard(w)
                w.transport.abort()

    async def _pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        up: bool,
        number: int = 0,
    ) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue(maxsize=64)

        async def deliver() -> None:
            while True:
                arrive, data = await queue.get()
                if not data:
                    return
                wait = arrive - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if up:
                    self.bytes_up += len(data)
                    if self._cut_up_at is not None and self.bytes_up >= self._cut_up_at:
                        self._cut_up_at = None
                        for w in list(self._writers):
                            w.transport.abort()
                        return
                else:
                    self.bytes_down += len(data)
                    if self._cut_at is not None and self.bytes_down >= self._cut_at:
                        self._cut_at = None
                        for w in list(self._writers):
                            w.transport.abort()
                        return
                if self.trace is not None:
                    self.trace.append((time.monotonic(), number, up, len(data)))
                writer.write(data)
                await writer.drain()

        task = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await reader.read(CHUNK)
                now = loop.time()
                if not data:
                    await queue.put((now, b""))
                    break
                start = max(now, self._free_at[up])  # the link is shared by all connections
                free_at = start + (len(data) / self.bandwidth if self.bandwidth else 0.0)
                self._free_at[up] = free_at
                await queue.put((free_at + self.delay, data))
            await task
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        finally:
            task.cancel()
            writer.transport.abort()


class UvicornThread:
    """An ASGI app served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        sock.close()
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
            timeout_keep_alive=120,  # a page may take longer than 5 s to apply on a slow PC
            server_header=False,  # as ``chasqui-server serve``: bytes on every answer
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)

    def start(self) -> UvicornThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
