"""Server hygiene (issue 12, finding 11), each attack against the real app:

- the SQLite database (and its WAL/SHM) is created 0600;
- failed enrollments are counted in the database per address and per code: a flood from
  one address is refused (also by a second app on the same database, i.e. another worker
  or after a restart) while a genuine code from another address still enrolls;
- X-Forwarded-For is believed only from ``--trusted-proxy`` addresses (real uvicorn);
- ``/docs``, ``/redoc`` and ``/openapi.json`` are off unless ``--docs``; the HTML pages
  (which load scripts from a CDN) are never served.
"""

from __future__ import annotations

import asyncio
import os
import socket
import stat
import threading
from pathlib import Path

import httpx
import pytest
import uvicorn

from sync import compression
from sync.server import auth
from sync.server.app import create_app
from sync.server.cli import build_parser, proxy_options
from sync.server.db import Database
from tests.server.conftest import Server

ENROLL = {"device_name": "pc", "client_version": "0.1.0", "protocol_version": 2}


async def _enroll_from(app: object, address: str, code: str, headers: dict[str, str]) -> int:
    content, enc = compression.encode({**ENROLL, "code": code}, compression.ZSTD)
    transport = httpx.ASGITransport(app=app, client=(address, 5555))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        r = await client.post("/v1/enroll", content=content, headers={**enc, **headers})
    return r.status_code


def enroll_from(app: object, address: str, code: str, **headers: str) -> int:
    return asyncio.run(_enroll_from(app, address, code, headers))


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_sqlite_database_is_private(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    srv = Server(url)
    try:
        srv.enroll()  # writes: the WAL exists now
        for name in ("server.sqlite3", "server.sqlite3-wal", "server.sqlite3-shm"):
            path = tmp_path / name
            if path.exists():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    finally:
        srv.close()
    loose = tmp_path / "loose.sqlite3"
    loose.touch(mode=0o644)
    os.chmod(loose, 0o644)
    Database(f"sqlite:///{loose}").dispose()
    db = Database(f"sqlite:///{loose}")
    db.migrate()
    db.dispose()
    assert stat.S_IMODE(loose.stat().st_mode) == 0o600


def test_enrollment_failures_are_counted_in_the_database(db_url: str) -> None:
    srv = Server(db_url)
    try:
        app = create_app(database=srv.db, enroll_per_ip=3, enroll_per_code=4)
        attacker = [enroll_from(app, "10.9.9.9", f"WRONG-CODE{i}") for i in range(5)]
        assert attacker == [403, 403, 403, 429, 429]
        # Another worker (or the app after a restart) sees the same counts.
        again = create_app(database=srv.db, enroll_per_ip=3, enroll_per_code=4)
        assert enroll_from(again, "10.9.9.9", "WRONG-CODE9") == 429
        # A genuine code from another address is never blocked by the flood.
        code = auth.issue_code(srv.db, srv.offices["LIMA"].office_id, 3600)
        assert enroll_from(again, "10.1.1.1", code) == 200
        # A code tried too often (here: a used one, from many addresses) is refused.
        tries = [enroll_from(again, f"10.2.0.{i}", code) for i in range(6)]
        assert tries == [403, 403, 403, 403, 429, 429]
        # The victim office keeps enrolling.
        assert enroll_from(again, "10.1.1.2", auth.issue_code(
            srv.db, srv.offices["LIMA"].office_id, 3600)) == 200  # fmt: skip
    finally:
        srv.close()


def test_api_docs_are_off_unless_asked(db_url: str) -> None:
    srv = Server(db_url)
    try:
        hidden = create_app(database=srv.db, docs=False)
        shown = create_app(database=srv.db, docs=True)

        async def get(app: object, path: str) -> httpx.Response:
            transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.get(path)

        for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
            assert asyncio.run(get(hidden, path)).status_code == 404, path
        assert asyncio.run(get(shown, "/openapi.json")).json()["paths"]["/v1/sync"]
        for path in ("/docs", "/redoc"):  # their HTML loads scripts from a CDN: never served
            assert asyncio.run(get(shown, path)).status_code == 404, path
        args = build_parser().parse_args(["serve"])
        assert args.docs is False and args.trusted_proxy == []
    finally:
        srv.close()


class _Uvicorn:
    def __init__(self, app: object, **options: object) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", **options)  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )
        self.thread.start()

    def enroll(self, code: str, **headers: str) -> int:
        content, enc = compression.encode({**ENROLL, "code": code}, compression.ZSTD)
        r = httpx.post(f"{self.url}/v1/enroll", content=content, headers={**enc, **headers})
        return r.status_code

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()


def test_forwarded_for_is_believed_only_from_trusted_proxies(tmp_path: Path) -> None:
    srv = Server(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        # Without --trusted-proxy: spoofed X-Forwarded-For does not escape the limit.
        app = create_app(database=srv.db, enroll_per_ip=2, enroll_per_code=100)
        live = _Uvicorn(app, **proxy_options([]))
        try:
            got = [live.enroll(f"BAD-CODE-{i}", **{"X-Forwarded-For": f"203.0.113.{i}"})
                   for i in range(4)]  # fmt: skip
        finally:
            live.stop()
        assert got == [403, 403, 429, 429]
        # With the loopback proxy trusted, the forwarded address is the client.
        app = create_app(database=srv.db, enroll_per_ip=2, enroll_per_code=100)
        live = _Uvicorn(app, **proxy_options(["127.0.0.1"]))
        try:
            got = [live.enroll(f"BAD-CODX-{i}", **{"X-Forwarded-For": f"198.51.100.{i}"})
                   for i in range(4)]  # fmt: skip
        finally:
            live.stop()
        assert got == [403, 403, 403, 403]
    finally:
        srv.close()
