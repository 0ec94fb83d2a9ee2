"""Issue 12 #3: pull and snapshot pages are sized by bytes, down to one change.

A device pushing large (valid) values must not stop the office's pull: a page never
holds more than the byte budget the client asked for (at most
``protocol.MAX_PAGE_BYTES``) unless a single change is larger, and then that change
travels alone; every change still arrives exactly once and in order.
"""

from __future__ import annotations

import json
import random
import string
from typing import Any

from sync import protocol
from tests.server.conftest import Device, Server, statuses


def _big_intake(dev: Device, size: int, rng: random.Random) -> dict[str, Any]:
    text = "".join(rng.choices(string.ascii_letters, k=size))
    fields = {"office_id": dev.office_id, "status": "draft", "answers": {"relato": text}}
    return dev.change("intake", fields)


def _size(items: list[dict[str, Any]], key: str) -> list[int]:
    return [
        len(json.dumps(i[key], ensure_ascii=False, separators=(",", ":")).encode()) for i in items
    ]


def _pull(server: Server, dev: Device, cursor: int, max_bytes: int) -> dict[str, Any]:
    body = {
        "cursor": cursor,
        "limit": 500,
        "max_bytes": max_bytes,
        "client_version": "0.1.0",
        "protocol_version": protocol.PROTOCOL_VERSION,
    }
    r = server.call("POST", "/v1/pull", body, headers=dev.auth)
    assert r.status_code == 200, r.text
    page: dict[str, Any] = r.json()
    page["changes"] = [
        {"change": d} for d in protocol.ChangeBlock.from_dict(page["changes"]).docs()
    ]
    return page


def _records(page: dict[str, Any]) -> list[dict[str, Any]]:
    """A snapshot page's records (entity, entity_id, values) rebuilt from its changes."""
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for doc in protocol.ChangeBlock.from_dict(page["changes"]).docs():
        key = (doc["entity"], doc["entity_id"])
        rec = records.setdefault(key, {"entity": key[0], "entity_id": key[1], "values": {}})
        rec["values"].update(doc["fields"])
    assert len(records) == page["records"]
    return list(records.values())


def test_pull_pages_respect_the_byte_budget_down_to_one_change(server: Server) -> None:
    rng = random.Random(12)
    writer, reader = server.enroll(name="writer"), server.enroll(name="reader")
    sent = []
    for n in range(3):
        batch = [
            _big_intake(writer, 100_000, rng),
            writer.change("person", {"given_names": f"P{n}"}),
        ]
        batch.append(_big_intake(writer, 60_000, rng))
        assert statuses(server.sync(writer, batch)) == ["accepted"] * 3
        sent += [c["change_id"] for c in batch]

    for budget in (protocol.MIN_PAGE_BYTES, 150_000, 250_000, protocol.MAX_PAGE_BYTES):
        cursor, got, pages = 0, [], 0
        while True:
            page = _pull(server, reader, cursor, budget)
            sizes = _size(page["changes"], "change")
            assert len(sizes) >= 1 or not page["more"]
            assert sum(sizes) <= budget or len(sizes) == 1, (budget, sizes)
            got += [c["change"]["change_id"] for c in page["changes"]]
            cursor, pages = page["next_cursor"], pages + 1
            if not page["more"]:
                break
        mine = [cid for cid in got if cid in set(sent)]
        assert mine == sent  # every change once, in order
        if budget == protocol.MIN_PAGE_BYTES:
            assert pages >= len(sent)  # down to one change per page
    # an out-of-range budget is a clean 400, never a 500
    bad = server.call(
        "POST",
        "/v1/pull",
        {"cursor": 0, "max_bytes": 0, "client_version": "0.1.0", "protocol_version": 2},
        headers=reader.auth,
    )
    assert bad.status_code == 400


def test_snapshot_pages_respect_the_byte_budget(server: Server) -> None:
    rng = random.Random(7)
    writer, fresh = server.enroll(name="writer"), server.enroll(name="fresh")
    batch = [_big_intake(writer, 90_000, rng) for _ in range(4)]
    batch += [writer.change("person", {"given_names": f"P{n}"}) for n in range(5)]
    assert statuses(server.sync(writer, batch)) == ["accepted"] * len(batch)
    seen: list[str] = []
    cursor, after = 0, None
    while True:
        body = {
            "cursor": cursor,
            "after": after,
            "limit": 500,
            "max_bytes": 100_000,
            "client_version": "0.1.0",
            "protocol_version": protocol.PROTOCOL_VERSION,
        }
        r = server.call("POST", "/v1/snapshot", body, headers=fresh.auth)
        assert r.status_code == 200, r.text
        page = r.json()
        records = _records(page)
        sizes = _size(records, "values")
        assert sum(sizes) <= 100_000 or len(sizes) == 1, sizes
        seen += [f"{rec['entity']}/{rec['entity_id']}" for rec in records]
        cursor, after = page["cursor"], page["next_after"]
        if not page["more"]:
            break
    assert len(seen) == len(set(seen))
    assert {c["entity_id"] for c in batch} <= {s.split("/", 1)[1] for s in seen}
