"""Wire bytes stay what clients and servers of protocols 2 and 3 exchange: the same JSON
field names in every body (the sets below; protocol 1's were those the hand-written
``to_dict`` methods produced — protocol 2 changed only how changes travel, lean, and the
push acknowledgement, by ranges), and bodies written by the earlier code decode."""

from __future__ import annotations

import json

from sync import protocol
from sync.changes import Change
from sync.hlc import ZERO
from sync.protocol.lean import COMPACT_IDS_MIN

STAMP = "001790000000000-00000-dev1"
CHANGE = Change("c1", "person", "p1", "upsert", {"a": 1}, {"a": ZERO}, STAMP, "dev1", 1)


def test_request_field_names() -> None:
    push = protocol.PushBatch.of("dev1", "0.1.0", [CHANGE], {"f": 1}, {"ubigeo": 2})
    assert set(push.to_dict()) == {
        "device_id",
        "protocol_version",
        "client_version",
        "form_versions",
        "catalog_versions",
        "changes",
    }
    # ``max_bytes`` (issue 12: pages sized by bytes) is the one field added since: optional,
    # so bodies without it decode (test below) and servers before it ignore it
    sync = protocol.SyncRequest.of_parts(push, 3, 50).to_dict()
    assert set(sync) == set(push.to_dict()) | {"cursor", "limit", "max_bytes"}
    pull = protocol.PullRequest.of(3, 50, "0.1.0").to_dict()
    assert set(pull) == {
        "cursor",
        "limit",
        "max_bytes",
        "form_versions",
        "catalog_versions",
        "client_version",
        "protocol_version",
    }
    snap = protocol.SnapshotRequest(client_version="0.1.0", protocol_version=2).to_dict()
    assert snap == {
        "cursor": 0,
        "after": None,
        "limit": protocol.DEFAULT_PULL_LIMIT,
        "max_bytes": protocol.MAX_PAGE_BYTES,
        "client_version": "0.1.0",
        "protocol_version": 2,
        "stream": False,  # added with the streamed snapshot; optional on the wire
    }
    older = json.dumps({k: v for k, v in snap.items() if k != "stream"}).encode()
    assert protocol.SnapshotRequest.decode(older).stream is False  # earlier clients still ask
    assert protocol.ChangeBlock.from_dict(push.to_dict()["changes"]).docs() == [CHANGE.to_dict()]
    assert set(push.to_dict()["changes"]) == {
        "nodes",
        "users",
        "entities",
        "shapes",
        "rows",
        "columns",
    }
    # protocol 3: a push of COMPACT_IDS_MIN changes or more adds one field to its block,
    # ``ids`` (compact record ids); smaller pushes are written as in protocol 2
    many = [
        Change(f"c{i}", "person", f"p{i}", "upsert", {"a": i}, {"a": ZERO}, STAMP, "dev1", i)
        for i in range(1, COMPACT_IDS_MIN + 1)
    ]
    block = protocol.PushBatch.of("dev1", "0.1.0", many).to_dict()["changes"]
    assert set(block) == set(push.to_dict()["changes"]) | {"ids"} and block["ids"] is True
    assert protocol.ChangeBlock.from_dict(block).docs() == [c.to_dict() for c in many]
    # pages the server sends carry ``ids`` only to a reader of protocol 3 or newer (the
    # request's protocol_version): a protocol-2 client gets them as before
    assert protocol.compact_ids(COMPACT_IDS_MIN, 3) and not protocol.compact_ids(COMPACT_IDS_MIN, 2)
    assert not protocol.compact_ids(COMPACT_IDS_MIN - 1, 3)
    records = [
        protocol.SnapshotRecord("person", f"p{i}", {"a": i}, {"a": (STAMP, ZERO)})
        for i in range(COMPACT_IDS_MIN)
    ]
    for reader, fields in ((2, set(push.to_dict()["changes"])), (3, set(block))):
        page = protocol.SnapshotPage.of_records(
            records, 1, None, False, "ep", 9, reader_protocol=reader
        )
        assert set(page.to_dict()["changes"]) == fields | {"snapshot"}, reader
    assert set(CHANGE.to_dict()) == {
        "change_id",
        "entity",
        "entity_id",
        "op",
        "fields",
        "base",
        "hlc",
        "device_id",
        "seq",
        "user_id",
        "extra",
    }


def test_answer_field_names_and_omitted_nulls() -> None:
    items = [
        protocol.PushItem("c1", protocol.ACCEPTED, seq=3),
        protocol.PushItem("c2", protocol.REJECTED, "malformed", "why"),
    ]
    assert [i.to_dict() for i in items] == [
        {"change_id": "c1", "status": "accepted", "seq": 3},
        {"change_id": "c2", "status": "rejected", "code": "malformed", "reason": "why"},
    ]
    page = protocol.PullPage(protocol.ChangeBlock.of([CHANGE]), 3, False, "ep", 9)
    ack = protocol.PushResult.of(
        [{"change_id": "c1", "seq": 1}, {"change_id": "c2", "seq": 2}], items, "ep", 9
    )
    answer = protocol.SyncResponse.of(ack, page).to_dict()
    assert answer["push"] == {
        "epoch": "ep",
        "server_time": 9,
        "accepted": [(1, 1)],
        "items": [{"change_id": "c2", "status": "rejected", "code": "malformed", "reason": "why"}],
    }
    assert set(answer) == {"push", "pull", "epoch", "server_time"}
    assert set(answer["pull"]) == {
        "changes",
        "next_cursor",
        "more",
        "forms",
        "catalogs",
        "epoch",
        "server_time",
    }
    assert protocol.ChangeBlock.from_dict(answer["pull"]["changes"]).docs() == [CHANGE.to_dict()]
    status = protocol.AttachmentStatus("a" * 64, 0, None, False).to_dict()
    assert status == {"sha256": "a" * 64, "offset": 0, "size": None, "complete": False}
    record = protocol.SnapshotRecord("person", "p1", {"a": 1}, {"a": (STAMP, ZERO)})
    assert json.loads(record.encode()) == {
        "entity": "person",
        "entity_id": "p1",
        "values": {"a": 1},
        "versions": {"a": [STAMP, ZERO]},
        "delete_hlc": None,
        "delete_base": None,
    }


def test_bodies_of_the_previous_code_decode() -> None:
    """Documents exactly as the dataclass ``to_dict`` methods wrote them."""
    old_enroll_answer = {
        "device_id": "0130bf10f2c94e439fc25c45a10d80f8",
        "device_number": 1,
        "token": "secret",
        "office": {"office_id": "o1", "code": "LIMA", "name": "Lima"},
        "users": [{"user_id": "u1", "name": "ana", "display_name": "Ana", "role": "defender"}],
        "epoch": "ep",
        "server_time": 9,
    }
    answer = protocol.EnrollResponse.from_dict(old_enroll_answer)
    assert answer.office.code == "LIMA" and answer.to_dict() == old_enroll_answer
    old_status = {"sha256": "b" * 64, "offset": 5, "size": 10, "complete": False}
    extra = {"epoch": "ep", "server_time": 9}  # added by the server to every answer
    assert protocol.AttachmentStatus.from_dict(old_status | extra).to_dict() == old_status
    old_sync = {
        "device_id": "dev1",
        "protocol_version": 2,
        "client_version": "0.1.0",
        "form_versions": {},
        "catalog_versions": {},
        "changes": {"rows": [CHANGE.to_dict()]},  # a change as a whole document
        "cursor": 0,
        "limit": 500,
    }
    req = protocol.SyncRequest.from_dict(old_sync)
    assert req.push.changes.docs() == [CHANGE.to_dict()] and req.pull.limit == 500
