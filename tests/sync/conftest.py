"""Sync client test fixtures: the real server app in-process, real encrypted stores.

``SyncWorld`` holds one server (SQLite file in a temp dir, ``create_app``) reached
through ``fastapi.testclient.TestClient`` (a synchronous ``httpx.Client`` over the ASGI
app), and makes enrolled replicas: a vault (fast KDF), its ``store.replica``, an
``HttpTransport`` (optionally wrapped by a fault-injecting transport) and a
``SyncEngine`` whose sleeper records waits instead of sleeping.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.store import Store
from app.store.replication import Replica as StoreReplica
from sync.client import SyncEngine, enroll
from sync.client.link import Backoff
from sync.client.transport import HttpTransport, Transport
from sync.server.admin import Admin
from sync.server.app import create_app
from sync.server.auth import issue_code
from sync.server.db import Database
from tests.conftest import make_vault


class Server:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"sqlite:///{path}"
        self.start()
        self.admin = Admin(self.db)
        self.office = self.admin.add_office("LIMA", "ALEGRA Lima")
        self.admin.add_user("LIMA", "ana", "Ana Quispe")

    def start(self) -> None:
        self.db = Database(self.url)
        self.app = create_app(database=self.db, enroll_per_ip=10_000, enroll_overall=10_000)
        self.client = TestClient(
            self.app, base_url="http://chasqui.test", raise_server_exceptions=False
        )

    def restart(self) -> None:
        """A new process on the same database file (e.g. after restoring a backup)."""
        self.client.close()
        self.db.dispose()
        self.start()
        self.admin = Admin(self.db)

    def code(self) -> str:
        return issue_code(self.db, self.office.office_id, 3600)

    def count(self, sql: str) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.exec_driver_sql(sql).scalar_one())

    def records(self) -> dict[tuple[str, str], dict[str, Any]]:
        import json

        out = {}
        with self.db.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT entity, entity_id, values_json, deleted FROM records"
            ).all()
        for entity, entity_id, values, deleted in rows:
            out[(entity, entity_id)] = {"values": json.loads(values), "deleted": bool(deleted)}
        return out

    def close(self) -> None:
        self.client.close()
        self.db.dispose()


@dataclass
class Replica:
    name: str
    store: Store
    replica: StoreReplica
    transport: Transport
    engine: SyncEngine
    waits: list[float] = field(default_factory=list)

    def sync(self, **kw: Any) -> Any:
        return self.engine.run_round(**kw)


class SyncWorld:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.server = Server(tmp / "server.sqlite3")
        self.replicas: list[Replica] = []
        self._n = itertools.count(1)

    def replica(
        self,
        name: str | None = None,
        wrap: Callable[[Transport], Transport] | None = None,
        wall: Callable[[], int] | None = None,
        enrolled: bool = True,
        url: str | None = None,
        store: Store | None = None,
        **engine_kw: Any,
    ) -> Replica:
        """A replica over a new vault (or over ``store``, an existing unlocked one)."""
        name = name or f"pc{next(self._n)}"
        store = store or make_vault(self.tmp / name, "LIMA", wall=wall)
        adapter = store.replica
        if url is None:
            base = HttpTransport("http://chasqui.test", client=self.server.client)
        else:  # a real connection (loopback uvicorn, maybe through the link proxy)
            base = HttpTransport(url)
        if enrolled:
            enroll(url or "http://chasqui.test", self.server.code(), adapter, transport=base)
            base.set_token(adapter.get_sync_state("device_token"))
        transport = wrap(base) if wrap else base
        waits: list[float] = []
        engine_kw.setdefault("backoff", Backoff(base=0.5, cap=5, attempts=6))
        engine = SyncEngine(
            adapter, transport, sleep=waits.append, wall=wall or _wall(), **engine_kw
        )
        rep = Replica(name, store, adapter, transport, engine, waits)
        self.replicas.append(rep)
        return rep

    def restart_server(self) -> None:
        """Restart the server process on its (possibly replaced) database file."""
        self.server.restart()
        for rep in self.replicas:
            inner = rep.engine.transport
            base: Any = getattr(inner, "inner", inner)
            base._client = self.server.client

    def close(self) -> None:
        for rep in self.replicas:
            rep.store.lock()
            if getattr(rep.engine.transport, "_own", False):
                rep.engine.transport.close()
        self.server.close()


def _wall() -> Callable[[], int]:
    from sync.client.ports import system_wall

    return system_wall


@pytest.fixture
def world(tmp_path: Path) -> Iterator[SyncWorld]:
    w = SyncWorld(tmp_path)
    try:
        yield w
    finally:
        w.close()


def visible_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Replicated state of a store without local-only metadata (for comparisons)."""
    rows = store.export_rows(include_meta=False)
    return {k: v for k, v in rows.items() if v}
