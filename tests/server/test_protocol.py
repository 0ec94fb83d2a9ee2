"""Wire format: round trips, validation of untrusted bodies, capped decompression."""

from __future__ import annotations

import gzip

import pytest
import zstandard
from hypothesis import given
from hypothesis import strategies as st

from sync import compression, protocol
from sync.changes import Change
from sync.merge import RecordState, merge
from sync.protocol import ErrorCode, ProtocolError


def _change(n: int = 1, **kw: object) -> Change:
    doc = {
        "change_id": f"c{n}",
        "entity": "person",
        "entity_id": "p1",
        "op": "upsert",
        "fields": {"given_names": "Rosa"},
        "base": {},
        "hlc": f"{1700000000000 + n:015d}-00000-dev1",
        "device_id": "dev1",
        "seq": n,
    }
    doc.update(kw)
    return Change.from_dict(doc)


def test_sync_request_round_trip() -> None:
    batch = protocol.PushBatch.of("dev1", "0.1.0", [_change()], {"ficha": 2})
    req = protocol.SyncRequest.of_parts(batch, cursor=7, limit=50)
    back = protocol.SyncRequest.from_dict(req.to_dict())
    assert back.push.changes == batch.changes
    assert back.pull.cursor == 7 and back.pull.limit == 50
    assert back.pull.form_versions == {"ficha": 2}


def test_push_result_and_pull_page_round_trip() -> None:
    result = protocol.PushResult(
        "ep",
        5,
        accepted=[(1, 4), (7, 7)],
        items=[protocol.PushItem("c2", protocol.REJECTED, ErrorCode.UNKNOWN_ENTITY, "no")],
    )
    assert protocol.PushResult.from_dict(result.to_dict()) == result
    page = protocol.PullPage(protocol.ChangeBlock.of([_change()]), 3, False, "ep", 5, [])
    back = protocol.PullPage.from_dict(page.to_dict())
    assert back == page
    assert back.parsed_changes() == [_change()]


@pytest.mark.parametrize(
    "doc",
    [
        [],
        {"device_id": "d", "client_version": "0.1.0"},
        {"device_id": "d", "client_version": "x", "protocol_version": 2, "cursor": -1},
        {"device_id": "d", "client_version": "0.1", "protocol_version": 2, "limit": 0},
        {"device_id": "d", "client_version": "0.1", "protocol_version": True},
        {"device_id": "", "client_version": "0.1", "protocol_version": 2},
        {"device_id": "d", "client_version": "0.1", "protocol_version": 2, "changes": []},
    ],
)
def test_bad_sync_requests_raise_bad_request(doc: object) -> None:
    with pytest.raises(ProtocolError) as info:
        protocol.SyncRequest.from_dict(doc)
    assert info.value.code == ErrorCode.BAD_REQUEST
    assert info.value.status == 400


def test_old_client_needs_update() -> None:
    with pytest.raises(ProtocolError) as info:
        protocol.check_versions(0, "0.1.0")
    assert info.value.code == ErrorCode.UPDATE_REQUIRED and info.value.status == 426
    with pytest.raises(ProtocolError):
        protocol.check_versions(1, "0.0.9")
    protocol.check_versions(protocol.PROTOCOL_VERSION, protocol.MIN_CLIENT_VERSION)


@pytest.mark.parametrize("encoding", compression.ENCODINGS)
def test_encode_decode_round_trip(encoding: str) -> None:
    doc = {"a": "ñandú", "n": list(range(100))}
    body, headers = compression.encode(doc, encoding)
    assert compression.decode(body, headers.get("Content-Encoding")) == doc


@pytest.mark.parametrize("encoding", ["zstd", "gzip"])
def test_decompression_bomb_is_refused_without_expanding(encoding: str) -> None:
    raw = b"\0" * (64 * 1024 * 1024)
    bomb = zstandard.ZstdCompressor().compress(raw) if encoding == "zstd" else gzip.compress(raw)
    assert len(bomb) < 200_000
    with pytest.raises(compression.BodyError) as info:
        compression.decode(bomb, encoding, max_decompressed=1024 * 1024)
    assert info.value.code == "too_large"


def test_garbage_and_unknown_encodings() -> None:
    with pytest.raises(compression.BodyError) as info:
        compression.decode(b"not zstd", "zstd")
    assert info.value.code == "bad_request"
    with pytest.raises(compression.BodyError) as info:
        compression.decode(b"{}", "br")
    assert info.value.code == "unsupported_encoding"
    with pytest.raises(compression.BodyError) as info:
        compression.decode(b"x" * 11, None, max_body=10)
    assert info.value.code == "too_large"
    assert compression.choose_encoding("gzip, zstd;q=0.5") == "zstd"
    assert compression.choose_encoding("gzip, zstd;q=0") == "gzip"
    assert compression.choose_encoding(None) == "identity"


_hlcs = st.integers(1, 50).map(lambda n: f"{1700000000000 + n:015d}-00000-dev{n % 3}")


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 5), _hlcs, st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_snapshot_record_changes_rebuild_the_state(ops: list[tuple[str, int, str, bool]]) -> None:
    state: RecordState | None = None
    for i, (name, value, stamp, delete) in enumerate(ops):
        if delete:
            ch = _change(i, op="delete", fields={}, base={"_record": stamp}, hlc=stamp)
        else:
            ch = _change(i, fields={name: value}, hlc=stamp)
        state = merge(state, ch).state
    assert state is not None
    record = protocol.SnapshotRecord(
        "person",
        "p1",
        dict(state.values),
        {k: v.to_json() for k, v in state.versions.items()},
        state.delete_hlc,
        state.delete_base,
    )
    rebuilt: RecordState | None = None
    for ch in protocol.snapshot_record_changes(record):
        rebuilt = merge(rebuilt, ch).state
    assert rebuilt is not None
    assert rebuilt.values == state.values
    assert rebuilt.versions == state.versions
    assert rebuilt.deleted == state.deleted


def test_content_range() -> None:
    assert protocol.parse_content_range(protocol.content_range(10, 5, 100)) == (10, 14, 100)
    for bad in (None, "bytes 5-4/10", "bytes 0-10/10", "items 0-1/2"):
        with pytest.raises(ProtocolError):
            protocol.parse_content_range(bad)
