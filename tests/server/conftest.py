"""Server test fixtures: a throwaway PostgreSQL 15 cluster, the app on SQLite or
PostgreSQL (parametrized), in-process HTTP through ``httpx.ASGITransport``, and helpers
to enroll devices and build changes."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from sync import compression, protocol
from sync.hlc import HybridLogicalClock
from sync.server.admin import Admin
from sync.server.app import create_app
from sync.server.db import Database

PG_BIN = Path(os.environ.get("CHASQUI_PG_BIN", "/usr/lib/postgresql/15/bin"))
DATA = Path(__file__).parent / "data"
TEST_FORM = DATA / "prueba_servidor.v1.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgCluster:
    host: str
    port: int
    base: Path
    _names: Iterator[int] = field(default_factory=itertools.count)

    def admin_conninfo(self) -> str:
        return f"host={self.host} port={self.port} user=postgres dbname=postgres"

    def create_database(self, template: str | None = None) -> str:
        name = f"chasqui_{next(self._names)}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(self.admin_conninfo(), autocommit=True) as conn:
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{suffix}')
        return name

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@{self.host}:{self.port}/{name}"


def _as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    return [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-c"]


def start_cluster() -> PgCluster:
    """initdb + pg_ctl start on a free loopback port (as the postgres user under root)."""
    base = Path(tempfile.mkdtemp(prefix="chasqui-pg-"))
    prefix = _as_postgres()
    if prefix:
        shutil.chown(base, "postgres", "postgres")
    data, sock = base / "data", base / "sock"
    run = prefix if prefix[:1] != ["su"] else None

    def call(args: list[str]) -> None:
        if run is None:  # su -c needs one string
            cmd = ["su", "postgres", "-c", " ".join(args)]
        else:
            cmd = [*run, *args]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)

    call(["mkdir", "-p", str(sock)])
    call(
        [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--no-sync", "--locale=C"]
    )  # fmt: skip
    port = free_port()
    options = (
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    call([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w",
          "-o", options, "start"])  # fmt: skip
    return PgCluster("127.0.0.1", port, base)


def stop_cluster(cluster: PgCluster) -> None:
    prefix = _as_postgres()
    cmd = [str(PG_BIN / "pg_ctl"), "-D", str(cluster.base / "data"), "-m", "immediate", "stop"]
    if prefix[:1] == ["su"]:
        cmd = ["su", "postgres", "-c", " ".join(cmd)]
    else:
        cmd = [*prefix, *cmd]
    subprocess.run(cmd, check=False, capture_output=True, timeout=60)
    shutil.rmtree(cluster.base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL binaries not found in {PG_BIN} (set CHASQUI_PG_BIN)")
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


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
            "user_id": None,
        }

    def batch(self, changes: list[dict[str, Any]], cursor: int = 0, **extra: Any) -> dict[str, Any]:
        doc = {
            "device_id": self.device_id,
            "protocol_version": protocol.PROTOCOL_VERSION,
            "client_version": "0.1.0",
            "form_versions": {},
            "changes": changes,
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
        self.app = create_app(database=self.db, enroll_per_ip=1000, enroll_overall=1000)
        self.admin = Admin(self.db)
        self.offices = {
            code: self.admin.add_office(code, f"Oficina {code}") for code in ("LIMA", "CUSCO")
        }

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
            {"code": code, "device_name": name, "client_version": "0.1.0", "protocol_version": 1},
        )
        assert r.status_code == 200, r.text
        doc = r.json()
        return Device(
            doc["device_id"],
            doc["token"],
            doc["device_number"],
            doc["office"]["office_id"],
            HybridLogicalClock(doc["device_id"]),
        )

    def sync(
        self, device: Device, changes: list[dict[str, Any]], cursor: int = 0
    ) -> dict[str, Any]:
        r = self.call("POST", "/v1/sync", device.batch(changes, cursor), headers=device.auth)
        assert r.status_code == 200, r.text
        result: dict[str, Any] = r.json()
        return result

    def close(self) -> None:
        self.db.dispose()


@pytest.fixture
def server(db_url: str) -> Iterator[Server]:
    srv = Server(db_url)
    try:
        yield srv
    finally:
        srv.close()


def statuses(result: dict[str, Any]) -> list[str]:
    return [r["status"] for r in result["push"]["results"]]
