"""Scale-out: two ``chasqui-server serve`` processes on different ports, one PostgreSQL.

Clients pick one of the two servers at random for every request (``Balancer``, what a
round-robin load balancer does to a client that reconnects). Two proofs:

- a load test: 12 devices push and pull concurrently through both servers; every
  change is accepted once, the sequence has no gap, and every device ends up having
  pulled every other device's change exactly once (a cursor never skips a change that
  the other server committed later: the write lock is the database's, not a process's);
- the Hypothesis convergence machine of ``test_convergence`` (chaos transport included)
  with its replicas behind the balancer: everyone converges to the servers' state.

Each example uses an office of its own on the shared database (offices are isolated by
scope), so the two server processes start once per module.
"""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test
from sqlalchemy import select

from sync import compression, protocol
from sync.client import SyncEngine, enroll
from sync.client.link import Backoff
from sync.client.ports import system_wall
from sync.client.transport import Exchange, HttpTransport, Transport
from sync.hlc import HybridLogicalClock
from sync.server import schema
from sync.server.admin import Admin
from sync.server.auth import enroll as server_enroll
from sync.server.auth import issue_code
from sync.server.db import Database
from tests.conftest import make_vault
from tests.server import pgcluster
from tests.server.conftest import Device
from tests.server.serve_process import ServeProcess
from tests.sync.conftest import Replica
from tests.sync.test_convergence import ConvergenceWithFinal

pytestmark = pytest.mark.slow


class TwoServers:
    def __init__(self, db: Database, servers: list[ServeProcess]) -> None:
        self.db = db
        self.servers = servers
        self.urls = [s.base_url for s in servers]
        self.admin = Admin(db)

    def new_office(self) -> tuple[str, str]:
        """(office id, code) of a fresh office with the user ``ana``."""
        code = "T" + uuid.uuid4().hex[:8].upper()
        office = self.admin.add_office(code, f"Oficina {code}")
        self.admin.add_user(code, "ana", "Ana Quispe")
        return office.office_id, code


@pytest.fixture(scope="module")
def two_servers() -> Iterator[TwoServers]:
    if not pgcluster.available():
        pytest.skip(f"PostgreSQL binaries not found in {pgcluster.PG_BIN} (set CHASQUI_PG_BIN)")
    cluster = pgcluster.start()
    servers: list[ServeProcess] = []
    db: Database | None = None
    try:
        url = cluster.url(cluster.create_database())
        db = Database(url)
        db.migrate()
        servers = [ServeProcess(url).start(), ServeProcess(url).start()]
        yield TwoServers(db, servers)
    finally:
        for s in servers:
            s.stop()
        if db is not None:
            db.dispose()
        cluster.stop()


class Balancer:
    """A transport that sends each request to one of several servers, chosen at random."""

    def __init__(self, urls: list[str], rng: random.Random) -> None:
        self.inner = [HttpTransport(u) for u in urls]
        self.rng = rng
        self.used = [0] * len(urls)

    def _pick(self) -> HttpTransport:
        i = self.rng.randrange(len(self.inner))
        self.used[i] += 1
        return self.inner[i]

    def set_token(self, token: str | None) -> None:
        for t in self.inner:
            t.set_token(token)

    def call(
        self, method: str, path: str, doc: Any = None, *, timeout: float | None = None
    ) -> Exchange:
        return self._pick().call(method, path, doc, timeout=timeout)

    def put_chunk(
        self, sha256: str, start: int, data: bytes, total: int, *, timeout: float | None = None
    ) -> Exchange:
        return self._pick().put_chunk(sha256, start, data, total, timeout=timeout)

    def get_range(
        self, sha256: str, start: int, end: int, *, timeout: float | None = None
    ) -> Exchange:
        return self._pick().get_range(sha256, start, end, timeout=timeout)

    def close(self) -> None:
        for t in self.inner:
            t.close()


# ------------------------------------------------------------------------- load test


async def _post(client: httpx.AsyncClient, dev: Device, path: str, doc: Any) -> dict[str, Any]:
    body, headers = compression.encode(doc, compression.ZSTD)
    headers.update(dev.auth)
    headers["Accept-Encoding"] = "zstd"
    r = await client.post(path, content=body, headers=headers)
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def test_load_across_two_servers(two_servers: TwoServers) -> None:
    office_id, _code = two_servers.new_office()
    author = two_servers.admin.users_of(office_id)[0]["user_id"]  # authorship is bound
    devices = []
    for i in range(12):
        e = server_enroll(
            two_servers.db, issue_code(two_servers.db, office_id, 3600), f"pc{i}", "0.1.0"
        )
        clock = HybridLogicalClock(e.device_id)
        devices.append(Device(e.device_id, e.token, e.device_number, office_id, clock, author))
    pushed: dict[str, set[str]] = {d.device_id: set() for d in devices}
    pulled: dict[str, list[str]] = {d.device_id: [] for d in devices}
    cursors = dict.fromkeys(pushed, 0)
    used = [0, 0]

    async def pull_rest(
        clients: list[httpx.AsyncClient], dev: Device, rng: random.Random, page: dict[str, Any]
    ) -> None:
        while True:
            docs = protocol.ChangeBlock.from_dict(page["changes"]).docs()
            pulled[dev.device_id] += [c["change_id"] for c in docs]
            cursors[dev.device_id] = page["next_cursor"]
            if not page["more"]:
                return
            i = rng.randrange(2)
            used[i] += 1
            req = protocol.PullRequest.of(cursors[dev.device_id], 50, "0.1.0").to_dict()
            page = await _post(clients[i], dev, "/v1/pull", req)

    async def device(dev: Device, seed: int, rounds: int, most: int) -> None:
        rng = random.Random(seed)
        async with (
            httpx.AsyncClient(base_url=two_servers.urls[0], timeout=120) as c0,
            httpx.AsyncClient(base_url=two_servers.urls[1], timeout=120) as c1,
        ):
            clients = [c0, c1]
            for _ in range(rounds):
                changes = [
                    dev.change("person", {"office_id": office_id, "given_names": f"P{k}"})
                    for k in range(rng.randrange(0, most + 1))
                ]
                pushed[dev.device_id].update(c["change_id"] for c in changes)
                i = rng.randrange(2)
                used[i] += 1
                doc = dev.batch(changes, cursors[dev.device_id])
                doc["limit"] = 50
                result = await _post(clients[i], dev, "/v1/sync", doc)
                ack = protocol.PushResult.from_dict(result["push"])
                assert not ack.items and not ack.duplicate
                await pull_rest(clients, dev, rng, result["pull"])

    async def everyone(rounds: int, most: int) -> None:
        await asyncio.gather(*(device(d, n, rounds, most) for n, d in enumerate(devices)))

    asyncio.run(everyone(8, 40))  # pushes and pulls interleaved over both servers
    asyncio.run(everyone(1, 0))  # then each pulls what it has not seen yet

    assert min(used) > 0, used
    cl = schema.change_log.c
    with two_servers.db.read() as conn:
        rows = conn.execute(
            select(cl.seq, cl.change_id, cl.device_id).where(cl.office_id == office_id)
        ).all()
        all_seqs = [int(s) for s in conn.execute(select(cl.seq).order_by(cl.seq)).scalars()]
    assert all_seqs == list(range(1, len(all_seqs) + 1)), "a gap in the sequence"
    everything = {r.change_id for r in rows if r.device_id in pushed}
    assert everything == set().union(*pushed.values())
    for dev in devices:
        got = pulled[dev.device_id]
        assert len(got) == len(set(got)), "a change pulled twice"
        theirs = everything - pushed[dev.device_id]
        assert set(got) >= theirs, f"{len(theirs - set(got))} changes never reached a device"


# ------------------------------------------------------------------------- convergence


class TwoServerWorld:
    """What ``Convergence`` needs of a world, over two server processes."""

    def __init__(self, tmp: Path, servers: TwoServers) -> None:
        self.tmp = tmp
        self.servers = servers
        self.db = servers.db
        self.office_id, _code = servers.new_office()
        self.server = self  # Convergence reads world.server.records() and .db
        self.replicas: list[Replica] = []

    def records(self) -> dict[tuple[str, str], dict[str, Any]]:
        r = schema.records.c
        with self.db.read() as conn:
            rows = conn.execute(
                select(r.entity, r.entity_id, r.values_json, r.deleted).where(
                    r.office_id == self.office_id
                )
            ).all()
        return {
            (row.entity, row.entity_id): {
                "values": json.loads(row.values_json),
                "deleted": bool(row.deleted),
            }
            for row in rows
        }

    def replica(self, name: str, wrap: Callable[[Transport], Transport] | None = None) -> Replica:
        store = make_vault(self.tmp / name, "LIMA")
        balancer = Balancer(self.servers.urls, random.Random(name))
        code = issue_code(self.db, self.office_id, 3600)
        enroll(self.servers.urls[0], code, store.replica, transport=balancer)
        balancer.set_token(store.replica.get_sync_state("device_token"))
        transport = wrap(balancer) if wrap else balancer
        waits: list[float] = []
        engine = SyncEngine(
            store.replica,
            transport,
            sleep=waits.append,
            wall=system_wall,
            backoff=Backoff(base=0.5, cap=5, attempts=6),
        )
        rep = Replica(name, store, store.replica, transport, engine, waits)
        self.replicas.append(rep)
        return rep

    def close(self) -> None:
        for rep in self.replicas:
            rep.store.lock()
            rep.engine.transport.close()


def test_convergence_across_two_servers(two_servers: TwoServers) -> None:
    class AcrossTwo(ConvergenceWithFinal):
        def __init__(self) -> None:
            RuleBasedStateMachine.__init__(self)
            self.tmp = Path(tempfile.mkdtemp(prefix="chasqui-two-"))
            self.world = TwoServerWorld(self.tmp, two_servers)  # type: ignore[assignment]
            self.reps = []
            self.notes = set()

        def check_final(self) -> None:
            super().check_final()
            used = [sum(n) for n in zip(*(self._balancer(r).used for r in self.reps), strict=True)]
            assert min(used) > 0, f"requests per server: {used}"

        @staticmethod
        def _balancer(rep: Replica) -> Balancer:
            inner = getattr(rep.transport, "inner", rep.transport)
            assert isinstance(inner, Balancer)
            return inner

    run_state_machine_as_test(
        AcrossTwo,
        settings=settings(
            max_examples=8,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
