"""Bad input: clear 4xx with a code, nothing of the bad part stored, the rest stored."""

from __future__ import annotations

import gzip
import logging
import threading
from typing import Any

import pytest
import zstandard
from sqlalchemy import func, select

from sync import compression, protocol
from sync.client.errors import UpdateRequired
from sync.client.transport import refusal
from sync.server import schema
from tests.server.conftest import Server, log_seq, statuses

# the change log after set-up: two office records and each office's test defender
SETUP = 4


def _count(server: Server, table: str = "change_log") -> int:
    with server.db.read() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(schema.metadata.tables[table])
            ).scalar_one()
        )


def test_malformed_bodies(server: Server) -> None:
    dev = server.enroll()
    before = _count(server)
    cases = [
        (b"{not json", "identity", 400, "bad_request"),
        (b"\xff\xfe", "identity", 400, "bad_request"),
        (b"[]", "identity", 400, "bad_request"),
        (b"not zstd at all", "zstd", 400, "bad_request"),
        (b"{}", "br", 415, "unsupported_encoding"),
        (gzip.compress(b'{"changes": 5}'), "gzip", 400, "bad_request"),
    ]
    for body, encoding, status, code in cases:
        headers = {**dev.auth, "Content-Type": "application/json"}
        if encoding != "identity":
            headers["Content-Encoding"] = encoding
        r = server.call("POST", "/v1/sync", headers=headers, content=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["error"]["code"] == code
    assert _count(server) == before


def test_wrong_protocol_or_old_client_needs_update(server: Server) -> None:
    dev = server.enroll()
    for extra in ({"protocol_version": 0}, {"client_version": "0.0.1"}):
        r = server.call("POST", "/v1/sync", dev.batch([], **extra), headers=dev.auth)
        assert r.status_code == 426 and r.json()["error"]["code"] == "update_required"
    r = server.call("POST", "/v1/sync", dev.batch([], protocol_version=99), headers=dev.auth)
    assert r.status_code == 400
    r = server.call("GET", "/v1/forms/x/1", headers={**dev.auth, "Chasqui-Protocol": "0"})
    assert r.status_code == 426


def test_a_protocol_1_client_is_told_to_update(server: Server) -> None:
    """A client of the first protocol (changes as a list of documents, per-change
    results) gets 426 update_required on every body it sends — nothing is stored — and
    the client reads it as UpdateRequired (it stops the round and keeps its data)."""
    dev = server.enroll()
    change = dev.change("person", {"given_names": "Antigua"})
    old = {
        "device_id": dev.device_id,
        "protocol_version": 1,
        "client_version": "0.1.0",
        "changes": [change],
        "cursor": 0,
        "limit": 500,
    }
    before = _count(server)
    for path in ("/v1/sync", "/v1/push", "/v1/pull", "/v1/snapshot"):
        r = server.call("POST", path, old, headers=dev.auth)
        assert r.status_code == 426, (path, r.text)
        error = r.json()["error"]
        assert error["code"] == "update_required" and "update" in error["message"]
        assert isinstance(refusal(r.status_code, error["code"], error["message"]), UpdateRequired)
    r = server.call("GET", "/v1/forms/x/1", headers={**dev.auth, "Chasqui-Protocol": "1"})
    assert r.status_code == 426
    assert _count(server) == before


def test_oversized_bodies_and_decompression_bomb(server: Server) -> None:
    dev = server.enroll()
    huge = b"x" * (compression.MAX_BODY_BYTES + 1)
    r = server.call("POST", "/v1/sync", headers=dev.auth, content=huge)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    bomb = zstandard.ZstdCompressor().compress(b" " * (compression.MAX_DECOMPRESSED_BYTES * 4))
    assert len(bomb) < compression.MAX_BODY_BYTES
    r = server.call(
        "POST", "/v1/sync", headers={**dev.auth, "Content-Encoding": "zstd"}, content=bomb
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    too_many = dev.batch([dev.change("person", {}) for _ in range(protocol.MAX_PUSH_CHANGES + 1)])
    r = server.call("POST", "/v1/sync", too_many, headers=dev.auth)
    assert r.status_code == 413
    assert _count(server) == SETUP  # the office and user records only


def test_bad_changes_are_quarantined_and_the_rest_stored(server: Server) -> None:
    dev, other = server.enroll(), server.enroll()
    good1 = dev.change("person", {"given_names": "Rosa"})
    good2 = dev.change("hearing", {"kind": "audiencia"})
    bad: list[Any] = [
        dev.change("spaceship", {"name": "x"}),  # unknown entity
        dev.change("person", {"password": "x"}),  # unknown field
        dev.change("person", {"given_names": "X"}, device_id=other.device_id),  # not its id
        {"change_id": "broken", "entity": "person"},  # malformed
        "not even an object",
        {**dev.change("person", {}), "hlc": "yesterday"},
    ]
    result = server.sync(dev, [good1, *bad, good2])
    assert statuses(result) == ["accepted"] + ["rejected"] * len(bad) + ["accepted"]
    codes = [r.get("code") for r in result["push"]["results"][1:-1]]
    assert codes == [
        "unknown_entity",
        "unknown_field",
        "wrong_device",
        "malformed",
        "malformed",
        "malformed",
    ]
    assert all(r.get("reason") for r in result["push"]["results"][1:-1])
    assert _count(server) == SETUP + 2
    assert _count(server, "quarantine") == len(bad)
    assert server.admin.record("person", bad[2]["entity_id"]) is None
    assert server.admin.stats()[1]["quarantine_pending"] == len(bad)


def test_batch_posted_twice_is_stored_once(server: Server) -> None:
    dev = server.enroll()
    changes = [dev.change("person", {"given_names": f"P{i}"}) for i in range(5)]
    first = server.sync(dev, changes)
    stored = log_seq(server)
    second = server.sync(dev, changes)
    assert statuses(first) == ["accepted"] * 5 and statuses(second) == ["duplicate"] * 5
    assert log_seq(server) == stored  # nothing logged twice
    assert _count(server) == SETUP + 5
    altered = {**changes[0], "fields": {"given_names": "other"}}
    third = server.sync(dev, [altered])
    assert third["push"]["results"][0]["code"] == "id_reused"
    assert server.admin.record("person", changes[0]["entity_id"]) == {"given_names": "P0"}


def test_same_batch_from_two_threads_is_stored_once(server: Server) -> None:
    dev = server.enroll()
    changes = [dev.change("person", {"given_names": f"P{i}"}) for i in range(40)]
    outcomes: list[list[str]] = []
    barrier = threading.Barrier(2)

    def post() -> None:
        barrier.wait()
        outcomes.append(statuses(server.sync(dev, changes)))

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [["accepted"] * 40, ["duplicate"] * 40]
    assert _count(server) == SETUP + 40


def test_unstorable_text_is_refused_not_a_crash(server: Server) -> None:
    dev = server.enroll()
    nul_id = dev.change("person", {"given_names": "x"}, "bad\x00id")
    nul_change_id = {**dev.change("person", {}), "change_id": "c\x00"}
    ok = dev.change("person", {"given_names": "nul \x00 inside a value is fine"})
    result = server.sync(dev, [nul_id, nul_change_id, ok])
    assert statuses(result) == ["rejected", "rejected", "accepted"]
    surrogate = b'{"device_id": "\\ud800", "changes": []}'
    r = server.call("POST", "/v1/sync", headers=dev.auth, content=surrogate)
    assert r.status_code == 400
    name = {"code": "AAAAA-BBBBB", "device_name": "pc\x00", "client_version": "0.1.0"}
    r = server.call("POST", "/v1/enroll", {**name, "protocol_version": 2})
    assert r.status_code == 400


def test_database_trouble_is_503_retryable(server: Server, monkeypatch: Any) -> None:
    from sqlalchemy.exc import OperationalError

    dev = server.enroll()

    def locked(*_args: Any, **_kw: Any) -> None:
        raise OperationalError("INSERT ...", {}, Exception("database is locked"))

    monkeypatch.setattr(server.app.state.chasqui.pusher, "push", locked)
    r = server.call("POST", "/v1/sync", dev.batch([dev.change("person", {})]), headers=dev.auth)
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert r.json()["error"]["code"] == "unavailable"
    assert "INSERT" not in r.text


def test_reader_pulling_during_concurrent_pushes_never_skips(server: Server) -> None:
    writers = [server.enroll() for _ in range(4)]
    reader = server.enroll()
    pushed: list[str] = []

    def write(dev: Any) -> None:
        for _ in range(8):
            batch = [dev.change("person", {"given_names": "x"}) for _ in range(5)]
            assert statuses(server.sync(dev, batch)) == ["accepted"] * 5
            pushed.extend(c["change_id"] for c in batch)

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    for t in threads:
        t.start()
    received: list[str] = []
    cursor = 0

    def pull_once() -> bool:
        nonlocal cursor
        page = server.sync(reader, [], cursor)["pull"]
        assert page["next_cursor"] >= cursor
        cursor = page["next_cursor"]
        received.extend(c["change_id"] for c in page["changes"])
        return bool(page["more"])

    while any(t.is_alive() for t in threads):
        pull_once()
    for t in threads:
        t.join()
    while pull_once():
        pass
    pull_once()
    mine = [r for r in received if r in set(pushed)]
    assert len(mine) == len(set(mine)) == len(pushed) == 4 * 8 * 5


def test_a_streamed_snapshot_with_a_bad_position_is_refused_before_it_starts(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    """A malformed ``after`` gets the paged endpoint's 400 with the protocol error, not a
    200 whose zstd stream is cut by an exception in the middle."""
    dev = server.enroll()
    req = {
        "cursor": 0,
        "after": "no-slash",
        "limit": 5,
        "client_version": "0.1.0",
        "protocol_version": protocol.PROTOCOL_VERSION,
    }
    paged = server.call("POST", "/v1/snapshot", req, headers=dev.auth)
    with caplog.at_level(logging.ERROR):
        streamed = server.call("POST", "/v1/snapshot", {**req, "stream": True}, headers=dev.auth)
    assert paged.status_code == streamed.status_code == 400, streamed.text
    assert streamed.json()["error"] == paged.json()["error"]
    assert streamed.json()["error"]["code"] == "bad_request"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
