"""Hypothesis stateful test: 3-5 replicas and one server over a faulty link converge.

Random people, edits, notes and deletes on random replicas; random sync orders, with a
transport that drops requests, drops answers, duplicates requests and replays old ones
later (a delayed request). At the end, after two fault-free full syncs of everyone,
every replica equals the server's state, every note exists exactly once everywhere, and
every conflict is recorded with the same winner wherever it is recorded.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)

from sync.client.errors import LinkError
from sync.client.transport import Exchange, Transport
from tests.sync.conftest import Replica, SyncWorld

FIELDS = {"phone": ["911111111", "922222222", "933333333"], "given_names": ["Ana", "Bea", "Rut"]}


class ChaosTransport:
    """Drops, duplicates and delays requests and answers (decided by a seeded RNG)."""

    def __init__(self, inner: Transport, rng: random.Random) -> None:
        self.inner = inner
        self.rng = rng
        self.chaos = True
        self.delayed: list[tuple[str, str, Any]] = []

    def call(
        self, method: str, path: str, doc: Any = None, *, timeout: float | None = None
    ) -> Exchange:
        if self.chaos and self.delayed and self.rng.random() < 0.3:
            m, p, d = self.delayed.pop(0)
            with contextlib.suppress(Exception):  # a late copy arrives; its answer is lost
                self.inner.call(m, p, d, timeout=timeout)
        roll = self.rng.random() if self.chaos else 1.0
        if roll < 0.12:
            raise LinkError("request dropped (chaos)")
        if roll < 0.2:
            self.delayed.append((method, path, doc))
            raise LinkError("request delayed (chaos)")
        ex = self.inner.call(method, path, doc, timeout=timeout)
        if roll < 0.3:
            self.inner.call(method, path, doc, timeout=timeout)  # duplicated on the way
        if roll < 0.4:
            raise LinkError("answer dropped (chaos)")
        return ex

    def put_chunk(self, *a: Any, **kw: Any) -> Exchange:
        return self.inner.put_chunk(*a, **kw)

    def get_range(self, *a: Any, **kw: Any) -> Exchange:
        return self.inner.get_range(*a, **kw)

    def close(self) -> None:
        self.inner.close()


def chaos(seed: float) -> Callable[[Transport], Transport]:
    return lambda inner: ChaosTransport(inner, random.Random(seed))


class Convergence(RuleBasedStateMachine):
    people = Bundle("people")

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="chasqui-conv-"))
        self.world = SyncWorld(self.tmp)
        self.reps: list[Replica] = []
        self.notes: set[str] = set()

    @initialize(n=st.integers(3, 5), seed=st.integers(0, 2**16))
    def setup(self, n: int, seed: int) -> None:
        rng = random.Random(seed)
        for i in range(n):
            self.reps.append(
                self.world.replica(
                    f"r{i}",
                    wrap=chaos(rng.random()),
                )
            )
            self.reps[-1].engine.backoff.attempts = 3

    def teardown(self) -> None:
        try:
            self.world.close()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def rep(self, i: int) -> Replica:
        return self.reps[i % len(self.reps)]

    @rule(target=people, i=st.integers(0, 4), name=st.sampled_from(FIELDS["given_names"]))
    def create_person(self, i: int, name: str) -> str:
        r = self.rep(i)
        return r.store.insert(
            "person", {"office_id": r.store.office_id, "given_names": name, "doc_type": "DNI"}
        )

    @rule(
        i=st.integers(0, 4), pid=people, field=st.sampled_from(sorted(FIELDS)), k=st.integers(0, 2)
    )
    def edit(self, i: int, pid: str, field: str, k: int) -> None:
        r = self.rep(i)
        if r.store.get("person", pid) is not None:
            r.store.update("person", pid, {field: FIELDS[field][k]})

    @rule(i=st.integers(0, 4), pid=people, text=st.text("abc ñá", min_size=1, max_size=12))
    def add_note(self, i: int, pid: str, text: str) -> None:
        r = self.rep(i)
        nid = r.store.insert("note", {"case_id": pid, "text": text, "author_id": r.store.user_id})
        self.notes.add(nid)

    @rule(i=st.integers(0, 4), pid=consumes(people))
    def delete(self, i: int, pid: str) -> None:
        r = self.rep(i)
        if r.store.get("person", pid) is not None:
            r.store.delete("person", pid)

    @precondition(lambda self: bool(self.reps))
    @rule(order=st.lists(st.integers(0, 4), min_size=1, max_size=4))
    def sync_some(self, order: list[int]) -> None:
        for i in order:
            report = self.rep(i).sync()
            assert report.status in ("ok", "offline"), report

    @invariant()
    def nothing_quarantined(self) -> None:
        for r in self.reps:
            assert r.store.replica.list_quarantine() == []

    def check_final(self) -> None:
        for r in self.reps:
            r.transport.chaos = False  # type: ignore[attr-defined]
        for _ in range(2):
            for r in self.reps:
                report = r.sync()
                assert report.complete, report
        server = self.world.server.records()
        for r in self.reps:
            rows = r.store.export_rows(include_meta=False)
            for entity in ("person", "note"):
                local = {row["id"]: row for row in rows[entity]}
                held = {eid: v for (ent, eid), v in server.items() if ent == entity}
                assert set(local) == set(held), (r.name, entity)
                for eid, rec in held.items():
                    for key, value in rec["values"].items():
                        assert local[eid][key] == value, (r.name, entity, eid, key)
                deleted = {
                    row["id"]
                    for row in r.store.query(f"SELECT id FROM {entity} WHERE _deleted = 1")
                }
                assert deleted == {eid for eid, rec in held.items() if rec["deleted"]}
            notes = r.store.query("SELECT id FROM note")
            ids = [n["id"] for n in notes]
            assert len(ids) == len(set(ids)) and set(ids) == self.notes
        seen: dict[str, tuple[Any, Any]] = {}
        for r in self.reps:
            for c in r.store.replica.list_conflicts(open_only=False):
                pair = (json.dumps(c["winner_value"]), json.dumps(c["loser_value"]))
                assert seen.setdefault(c["conflict_id"], pair) == pair
        with self.world.server.db.engine.connect() as conn:
            server_conflicts = conn.exec_driver_sql(
                "SELECT conflict_id, winner_json, loser_json FROM conflicts"
            ).all()
        for cid, winner, loser in server_conflicts:
            pair = (json.dumps(json.loads(winner)), json.dumps(json.loads(loser)))
            assert seen.setdefault(cid, pair) == pair


class ConvergenceWithFinal(Convergence):
    def teardown(self) -> None:
        try:
            if self.reps:
                self.check_final()
        finally:
            super().teardown()


ConvergenceWithFinal.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestConvergence = pytest.mark.slow(ConvergenceWithFinal.TestCase)
