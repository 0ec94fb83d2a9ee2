"""Compact ids on the pages the server sends (issue 14): a reader of protocol 3 gets
pull and snapshot pages whose ids are spelled compactly (``lean.compact_ids``, the rule
pushes use), a protocol-2 reader gets them as before, both decode to the same documents;
a page with a forged compact id is refused whole (nothing applied, the cursor kept) and
the round goes on once the link is honest again."""

from __future__ import annotations

from typing import Any

from sync import protocol
from sync.client import report as rs
from sync.client.ports import KEY_CURSOR
from sync.protocol.lean import COMPACT_IDS_MIN
from tests.sync.conftest import Replica, SyncWorld
from tests.sync.relay import Relay
from tests.sync.test_server_identity import relay

PEOPLE = COMPACT_IDS_MIN + 6
__all__ = ["relay"]  # the fixture (a relay on the path), shared with test_server_identity


def people(rep: Replica, n: int) -> set[str]:
    with rep.store.transaction():
        return {
            str(
                rep.store.insert(
                    "person", {"office_id": rep.store.office_id, "given_names": f"P{i}"}
                )
            )
            for i in range(n)
        }


def block_of(rep: Replica, path: str, reader: int, **extra: Any) -> protocol.ChangeBlock:
    doc = {"client_version": "0.1.0", "protocol_version": reader, "limit": 500, **extra}
    ex = rep.transport.call("POST", path, doc)
    kind = protocol.SnapshotPage if path == "/v1/snapshot" else protocol.PullPage
    return ex.message(kind, "page").changes


def test_pages_are_compact_for_a_protocol_3_reader_only(world: SyncWorld) -> None:
    writer, reader = world.replica("writer"), world.replica("reader")
    written = people(writer, PEOPLE)
    assert writer.sync().complete
    for path in ("/v1/snapshot", "/v1/pull"):
        old, new = block_of(reader, path, 2), block_of(reader, path, 3)
        assert not old.ids and new.ids, path
        assert old.docs() == new.docs(), path  # the very same documents
        assert written <= {d["entity_id"] for d in new.docs()}
        assert any(row[1].startswith("~") for row in new.rows if isinstance(row, list))
        assert len(new.encode()) < len(old.encode())
    # a small page stays as it was (references into the frozen dictionary pay more)
    small = block_of(reader, "/v1/pull", 3, cursor=_cursor_before_last(reader, world))
    assert 0 < len(small) < COMPACT_IDS_MIN and not small.ids
    report = reader.sync()  # the client reads them: snapshot, then tail
    assert report.complete and report.snapshot_records >= PEOPLE
    assert {r["id"] for r in reader.store.query("SELECT id FROM person")} == written


def _cursor_before_last(rep: Replica, world: SyncWorld) -> int:
    last = world.server.count("SELECT MAX(seq) FROM change_log")
    return max(0, last - 3)


def test_a_forged_compact_id_in_a_page_applies_nothing(world: SyncWorld, relay: Relay) -> None:
    writer = world.replica("writer")
    people(writer, PEOPLE)
    assert writer.sync().complete
    victim = world.replica("victim", url=relay.url)
    assert victim.sync().complete
    cursor = victim.replica.get_sync_state(KEY_CURSOR)
    people(writer, PEOPLE)
    assert writer.sync().complete
    honest = world.server.client.post(
        "/v1/pull",
        json={"cursor": cursor, "limit": 500, "client_version": "0.1.0", "protocol_version": 3},
        headers={"Authorization": f"Bearer {victim.replica.get_sync_state('device_token')}"},
    )
    page = honest.json()
    assert page["changes"]["ids"] is True
    before = victim.store.query("SELECT COUNT(*) AS n FROM person")[0]["n"]
    for bad in ("~" + "A" * 21 + "B", "~short", "~" + "*" * 22):
        forged = dict(page, changes=dict(page["changes"]))
        forged["changes"]["rows"] = [list(r) for r in page["changes"]["rows"]]
        forged["changes"]["rows"][0][1] = bad
        answer = {
            "push": {"epoch": page["epoch"], "server_time": page["server_time"]},
            "pull": forged,
            "epoch": page["epoch"],
            "server_time": page["server_time"],
        }
        relay.forge("/v1/sync", 200, answer)
        report = victim.sync()
        assert report.status == rs.ERROR and "compact id" in " ".join(report.errors), report
        assert victim.replica.get_sync_state(KEY_CURSOR) == cursor
        assert victim.store.query("SELECT COUNT(*) AS n FROM person")[0]["n"] == before
    relay.passthrough()
    assert victim.sync().complete
    assert victim.store.query("SELECT COUNT(*) AS n FROM person")[0]["n"] == before + PEOPLE
