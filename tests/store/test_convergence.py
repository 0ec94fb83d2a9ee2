"""Property: store replicas that apply the same changes in any order end identical.

Three vaults make random local edits (updates, deletes, new notes) on shared people,
exchange some changes part-way (so some edits are sequential and some concurrent), then
every replica receives every change in its own random order, some pages twice. The
exported rows (values and merge metadata) must be identical; where a final value
overwrote a concurrent different value, every replica must hold a conflict for it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.store import Store, Vault, errors
from sync.changes import Change
from tests.conftest import FAST, PASS

REPLICAS = 3
PEOPLE = ["p-1", "p-2"]
FIELDS = ["given_names", "phone"]
VALUES = ["a", "b", "c"]

op_strategy = st.one_of(
    st.tuples(
        st.just("update"),
        st.integers(0, REPLICAS - 1),
        st.sampled_from(PEOPLE),
        st.sampled_from(FIELDS),
        st.sampled_from(VALUES),
    ),
    st.tuples(st.just("delete"), st.integers(0, REPLICAS - 1), st.sampled_from(PEOPLE)),
    st.tuples(st.just("note"), st.integers(0, REPLICAS - 1), st.sampled_from(PEOPLE)),
    st.tuples(st.just("sync"), st.integers(0, REPLICAS - 1), st.integers(0, REPLICAS - 1)),
)


class Net:
    def __init__(self, stores: list[Store]) -> None:
        self.stores = stores
        self.log: list[Change] = []  # every change ever made
        self.known: list[set[str]] = [set() for _ in stores]

    def collect(self, i: int) -> None:
        for change in self.stores[i].replica.pending_changes(10_000):
            if change.change_id not in self.known[i]:
                self.known[i].add(change.change_id)
                self.log.append(change)

    def deliver(self, j: int, changes: list[Change]) -> None:
        fresh = [c for c in changes if c.change_id not in self.known[j]]
        self.stores[j].replica.apply_remote_changes(fresh)
        self.known[j].update(c.change_id for c in fresh)


def _export(store: Store) -> dict[str, Any]:
    rows = store.export_rows()
    return {k: v for k, v in rows.items() if v}


def _must_conflict(log: list[Change]) -> set[tuple[str, str, str]]:
    """(entity, id, field) where a value was lost without anyone having seen it.

    A write nobody built on (a "head": no other write's base is its HLC) whose value is
    not the final one must show up as a conflict — unless a write that *was* built on
    carried that same value (then a person knowingly replaced it).
    """
    out = set()
    by_field: dict[tuple[str, str, str], list[Change]] = {}
    for c in log:
        for name in c.fields:
            by_field.setdefault((c.entity, c.entity_id, name), []).append(c)
    for key, changes in by_field.items():
        name = key[2]
        winner = max(changes, key=lambda c: c.hlc)
        built_on = {c.base.get(name) for c in changes}
        known_values = [c.fields[name] for c in changes if c.hlc in built_on]
        for other in changes:
            value = other.fields[name]
            is_head = other.hlc not in built_on
            if is_head and value != winner.fields[name] and value not in known_values:
                out.add(key)
    return out


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ops=st.lists(op_strategy, min_size=1, max_size=25), data=st.data())
def test_replicas_converge(ops: list[tuple], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        stores = [
            Vault.create(Path(tmp) / f"r{i}", "LIM01", "x", f"u{i}", PASS, kdf=FAST)[0]
            for i in range(REPLICAS)
        ]
        try:
            net = Net(stores)
            for pid in PEOPLE:
                stores[0].insert("person", {"id": pid, "given_names": "inicio"})
            net.collect(0)
            for j in range(1, REPLICAS):
                net.deliver(j, net.log)
            for op in ops:
                kind, i = op[0], op[1]
                try:
                    if kind == "update":
                        stores[i].update("person", op[2], {op[3]: op[4]})
                    elif kind == "delete":
                        stores[i].delete("person", op[2])
                    elif kind == "note":
                        stores[i].insert("note", {"case_id": op[2], "text": "nota"})
                    else:
                        src, dst = op[1], op[2]
                        net.collect(src)
                        net.deliver(dst, [c for c in net.log if c.change_id in net.known[src]])
                except errors.RecordNotFound:
                    pass  # edit or delete of a record this replica sees as deleted
                net.collect(i)
            for i in range(REPLICAS):
                net.collect(i)
            for j in range(REPLICAS):
                order = data.draw(st.permutations(net.log), label=f"order for replica {j}")
                half = len(order) // 2
                net.deliver(j, order[:half])
                stores[j].replica.apply_remote_changes(order[:half])  # a page delivered twice
                net.deliver(j, order[half:])
            first = _export(stores[0])
            for store in stores[1:]:
                assert _export(store) == first
            expected = _must_conflict(net.log)
            for store in stores:
                have = {
                    (c["entity"], c["entity_id"], c["field"])
                    for c in store.replica.list_conflicts()
                }
                assert expected <= have
                assert store.verify_audit().ok
        finally:
            for store in stores:
                store.lock()
