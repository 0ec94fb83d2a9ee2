"""Server test fixtures: a throwaway PostgreSQL 15 cluster, the app on SQLite or
PostgreSQL (parametrized), in-process HTTP through ``httpx.ASGITransport``, and helpers
to enroll devices and build changes."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync import compression, protocol
from sync.hlc import HybridLogicalClock
from sync.server.admin import Admin
from sync.server.app import create_app
from sync.server.db import Database
from tests.server import pgcluster
from tests.server.pgcluster import PgCluster

DATA = Path(__file__).parent / "data"
TEST_FORM = DATA / "prueba_servidor.v1.json"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if not pgcluster.available():
        pytest.skip(f"PostgreSQL binaries not found in {pgcluster.PG_BIN} (set CHASQUI_PG_BIN)")
    cluster = pgcluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> str:
    """A migrated database that every PostgreSQL test copies (CREATE DATABASE TEMPLATE)."""
    name = pg_cluster.create_database()
    db = Database(pg_cluster.url(name))
    db.migrate()
    db.dispose()
    return name


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.sqlite3'}"
    # the server's identity file of this throwaway database (not the home data directory)
    request.getfixturevalue("monkeypatch").setenv(
        "CHASQUI_SERVER_KEY", str(tmp_path / "server.identity")
    )
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    template: str = request.getfixturevalue("pg_template")
    return cluster.url(cluster.create_database(template))


@dataclass
class Device:
    device_id: str
    token: str
    number: int
    office_id: str
    clock: HybridLogicalClock
    user_id: str | None = None  # a user of the office (the server binds authorship)
    seq: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def change(
        self,
        entity: str,
        fields: dict[str, Any],
        entity_id: str | None = None,
        op: str = "upsert",
        base: dict[str, str] | None = None,
        device_id: str | None = None,
    ) -> dict[str, Any]:
        return {
            "change_id": uuid.uuid4().hex,
            "entity": entity,
            "entity_id": entity_id or uuid.uuid4().hex,
            "op": op,
            "fields": fields,
            "base": base or {},
            "hlc": self.clock.now(),
            "device_id": device_id or self.device_id,
            "seq": next(self.seq),
            "user_id": self.user_id,
        }

    def batch(self, changes: list[dict[str, Any]], cursor: int = 0, **extra: Any) -> dict[str, Any]:
        doc = {
            "device_id": self.device_id,
            "protocol_version": protocol.PROTOCOL_VERSION,
            "client_version": "0.1.0",
            "form_versions": {},
            # lean where a document has the shape of a change, else as written
            "changes": protocol.ChangeBlock.of(changes).to_dict(),
            "cursor": cursor,
            "limit": 500,
        }
        doc.update(extra)
        return doc


class Server:
    """The app in-process; ``call`` sends one request through ``httpx.ASGITransport``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.db = Database(url)
        self.app = create_app(database=self.db, enroll_per_ip=1000, docs=True)
        self.admin = Admin(self.db)
        self.offices = {
            code: self.admin.add_office(code, f"Oficina {code}") for code in ("LIMA", "CUSCO")
        }
        # one defender per office: the author of the changes the test devices push
        self.users = {code: self.admin.add_user(code, f"defensor {code}") for code in self.offices}

    async def acall(
        self,
        method: str,
        path: str,
        doc: Any = None,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
        encoding: str = compression.ZSTD,
    ) -> httpx.Response:
        hdrs = {"Accept-Encoding": "zstd, gzip"}
        hdrs.update(headers or {})
        if doc is not None:
            content, enc_headers = compression.encode(doc, encoding)
            hdrs.update(enc_headers)
        transport = httpx.ASGITransport(app=self.app, client=("10.0.0.1", 5555))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, path, content=content, headers=hdrs)

    def call(self, method: str, path: str, doc: Any = None, **kw: Any) -> httpx.Response:
        return asyncio.run(self.acall(method, path, doc, **kw))

    def enroll(self, office: str = "LIMA", name: str = "pc") -> Device:
        from sync.server.auth import issue_code

        code = issue_code(self.db, self.offices[office].office_id, 3600)
        r = self.call(
            "POST",
            "/v1/enroll",
            {"code": code, "device_name": name, "client_version": "0.1.0", "protocol_version": 2},
        )
        assert r.status_code == 200, r.text
        doc = r.json()
        return Device(
            doc["device_id"],
            doc["token"],
            doc["device_number"],
            doc["office"]["office_id"],
            HybridLogicalClock(doc["device_id"]),
            self.users[office],
        )

    def sync(
        self, device: Device, changes: list[dict[str, Any]], cursor: int = 0
    ) -> dict[str, Any]:
        r = self.call("POST", "/v1/sync", device.batch(changes, cursor), headers=device.auth)
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return readable(result, changes)

    def close(self) -> None:
        self.app.state.dashboard.close()  # no dashboard thread outlives the test
        self.db.dispose()


@pytest.fixture
def server(db_url: str) -> Iterator[Server]:
    srv = Server(db_url)
    try:
        yield srv
    finally:
        srv.close()


def push_results(ack_doc: dict[str, Any], pushed: list[Any]) -> list[dict[str, Any]]:
    """The outcome of each pushed document the compact acknowledgement names, in order
    (an item naming none of them — a change too malformed to carry its id — goes to the
    next document left without one, as the server lists its items in order)."""
    ack = protocol.PushResult.from_dict(ack_doc)
    keys = [
        (d.get("change_id"), d.get("seq")) if isinstance(d, dict) else (None, None) for d in pushed
    ]
    named = {k[0] for k in keys}
    spare = iter([item for item in ack.items if item.change_id not in named])
    found = [item or next(spare, None) for item in ack.outcomes(keys)]
    return [item.to_dict() for item in found if item is not None]


def readable(result: dict[str, Any], pushed: list[Any]) -> dict[str, Any]:
    """A sync answer as tests read it: ``push.results`` one outcome per pushed document
    (``push_results``), ``pull.changes`` the pulled documents."""
    result["push"]["results"] = push_results(result["push"], pushed)
    result["pull"]["changes"] = protocol.ChangeBlock.from_dict(result["pull"]["changes"]).docs()
    return result


def log_seq(server: Server) -> int:
    """The newest sequence of the server's change log."""
    from sync.server.pull import current_seq

    with server.db.read() as conn:
        return current_seq(conn)


def statuses(result: dict[str, Any]) -> list[str]:
    return [r["status"] for r in result["push"]["results"]]
