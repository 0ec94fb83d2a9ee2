"""The app on a real uvicorn server on loopback: concurrent identical pushes over two
real connections are stored once; compressed bodies round-trip through real HTTP."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from sync import compression
from sync.server import schema
from tests.server.conftest import Device, Server, readable


class LiveServer:
    """uvicorn in a thread on a socket bound beforehand (connections queue at once)."""

    def __init__(self, server: Server) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(server.app, log_level="warning", lifespan="off")
        self.uvicorn = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.uvicorn.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.uvicorn.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


@pytest.fixture
def live(server: Server) -> Iterator[LiveServer]:
    srv = LiveServer(server)
    try:
        yield srv
    finally:
        srv.stop()


async def _post(base_url: str, dev: Device, doc: dict[str, Any]) -> dict[str, Any]:
    body, headers = compression.encode(doc, compression.ZSTD)
    headers.update(dev.auth)
    headers["Accept-Encoding"] = "zstd"
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:  # own connection
        r = await client.post("/v1/sync", content=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-encoding"] == "zstd"
    result: dict[str, Any] = r.json()
    return result


def test_concurrent_identical_batches_over_two_connections(
    server: Server, live: LiveServer
) -> None:
    dev = server.enroll()
    changes = [dev.change("person", {"given_names": f"P{i}"}) for i in range(60)]
    batch = dev.batch(changes)

    async def both() -> list[dict[str, Any]]:
        return list(await asyncio.gather(*(_post(live.base_url, dev, batch) for _ in range(2))))

    results = [readable(r, changes) for r in asyncio.run(both())]
    outcomes = sorted(tuple({r["status"] for r in res["push"]["results"]}) for res in results)
    assert outcomes == [("accepted",), ("duplicate",)]
    with server.db.read() as conn:
        stored = conn.execute(
            select(func.count()).where(schema.change_log.c.device_id == dev.device_id)
        ).scalar_one()
    assert stored == 60


def test_health_over_real_http(live: LiveServer) -> None:
    r = httpx.get(f"{live.base_url}/v1/health", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
    assert r.json()["status"] == "ok"
    assert httpx.get(f"{live.base_url}/openapi.json").json()["paths"]["/v1/sync"]
