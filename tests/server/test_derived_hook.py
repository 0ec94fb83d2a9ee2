"""The per-batch hook of the derived tables (``ingest.DERIVED``, ``sync.server.derived``):
called once per stored batch, inside its transaction, with only what the batch accepted
and each touched record's final state; a hook that fails stores nothing of its batch."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, func, select

from sync import protocol
from sync.server import ingest, schema
from sync.server.derived import StoredBatch
from sync.server.push import DeviceContext
from tests.server.conftest import Device, Server, log_seq


def person(dev: Device, name: str, entity_id: str | None = None) -> dict[str, Any]:
    fields = {"given_names": name, "paternal_surname": "Quispe", "office_id": dev.office_id}
    return dev.change("person", fields, entity_id)


def push(server: Server, dev: Device, changes: list[dict[str, Any]]) -> list[Any]:
    ctx = DeviceContext(dev.device_id, dev.office_id, "LIMA", dev.number)
    return server.app.state.chasqui.pusher.push(ctx, changes)


def logged(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(schema.change_log)).scalar_one())


def test_a_hook_sees_each_batch_once_with_what_it_accepted(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[StoredBatch, int]] = []

    def hook(conn: Connection, batch: StoredBatch) -> None:
        seen.append((batch, logged(conn)))  # runs after the batch's rows were written

    monkeypatch.setattr(ingest, "DERIVED", (hook,))
    dev = server.enroll()
    before = log_seq(server)
    rosa = person(dev, "Rosa")
    edit = person(dev, "Rosa Elena", rosa["entity_id"])
    bad = dev.change("person", {"no_such_field": "x"})
    juan = person(dev, "Juan")
    results = push(server, dev, [rosa, edit, bad, juan])
    assert [r.status for r in results] == ["accepted", "accepted", "rejected", "accepted"]

    assert len(seen) == 1
    batch, rows = seen[0]
    assert rows == before + 3  # the three accepted changes were logged before the call
    record = batch.records[("person", rosa["entity_id"])]
    assert record.state.values["given_names"] == "Rosa Elena"  # the final state, once
    assert (record.seq, record.existed, record.office_id) == (before + 2, False, dev.office_id)
    assert set(batch.records) == {("person", rosa["entity_id"]), ("person", juan["entity_id"])}

    again = push(server, dev, [rosa, edit, juan, person(dev, "Luz", juan["entity_id"])])
    assert [r.status for r in again] == ["duplicate"] * 3 + ["accepted"]
    assert len(seen) == 2
    assert set(seen[1][0].records) == {("person", juan["entity_id"])}
    assert seen[1][0].records[("person", juan["entity_id"])].existed is True

    push(server, dev, [rosa])  # nothing accepted: no call
    assert len(seen) == 2


def test_a_failing_hook_stores_nothing_of_its_batch(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: Connection, batch: StoredBatch) -> None:
        raise RuntimeError("the derived table is broken")

    dev = server.enroll()
    before = log_seq(server)
    rosa = person(dev, "Rosa")
    monkeypatch.setattr(ingest, "DERIVED", (broken,))
    with pytest.raises(RuntimeError, match="derived table"):
        push(server, dev, [rosa])
    assert log_seq(server) == before
    with server.db.read() as conn:
        r = schema.records.c
        found = conn.execute(select(r.entity_id).where(r.entity_id == rosa["entity_id"]))
        assert found.first() is None

    monkeypatch.setattr(ingest, "DERIVED", ())
    assert [x.status for x in push(server, dev, [rosa])] == [protocol.ACCEPTED]
    assert log_seq(server) == before + 1
