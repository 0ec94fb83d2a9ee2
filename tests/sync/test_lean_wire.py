"""The lean change encoding (``sync.protocol.lean``, protocol 2; compact ids since 3)
is exact and safe.

Hypothesis: a block of random changes, ids compact or not, decodes to exactly their
``Change.to_dict()`` documents (so their canonical texts — compared for idempotency —
and their merge state are unchanged), whatever the changes hold (valid stamps or not,
derived ids or not); a broken block is refused with ``ProtocolError``, never another exception; the
acknowledgement's ranges cover exactly the numbers they were made of.
"""

from __future__ import annotations

import itertools
import random
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import compression, hlc
from sync.changes import Change, derived_change_id
from sync.client.transport import Exchange
from sync.protocol import PROTOCOL_VERSION, ProtocolError, PushBatch
from sync.protocol.lean import (
    ChangeBlock,
    in_ranges,
    pack_id,
    snapshot_change_id,
    to_ranges,
)
from tests.conftest import make_vault

DEVICES = ["0f3a9c" * 5 + "ab", "d2", "server"]
USERS = [None, "0197c1a2-7d1e-7c3b-9a55-2f1d8e4b6c01", "u2"]
NAMES = ["name", "birth_date", "case_id", "answers", "role", "texto"]

# texts a compact block must give back exactly: UUIDs (upper case too), "~" texts
id_like = (
    st.uuids().map(str)
    | st.uuids().map(lambda u: str(u).upper())
    | st.text(max_size=24).map(lambda t: "~" + t)
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | id_like,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)
stamps = st.builds(
    lambda ms, c, node: f"{ms:015d}-{c:05d}-{node}",
    st.integers(0, hlc.MAX_MS),
    st.integers(0, hlc.MAX_COUNTER),
    st.sampled_from(DEVICES),
)
any_stamp = stamps | st.just(hlc.ZERO) | st.text(max_size=30)


@st.composite
def changes(draw: st.DrawFn) -> Change:
    op = draw(st.sampled_from(["upsert", "upsert", "delete"]))
    fields = {} if op == "delete" else draw(st.dictionaries(st.sampled_from(NAMES), json_values))
    base_kind = draw(st.sampled_from(["empty", "zero", "same", "mixed", "record"]))
    if base_kind == "empty":
        base: dict[str, Any] = {}
    elif base_kind == "zero":
        base = dict.fromkeys(fields, hlc.ZERO)
    elif base_kind == "same":
        base = dict.fromkeys(fields, draw(any_stamp))
    elif base_kind == "mixed":
        base = {k: draw(any_stamp) for k in fields}
    else:
        base = {"_record": draw(any_stamp)}
    device = draw(st.sampled_from(DEVICES))
    seq: Any = draw(st.integers(0, 2**40) | st.just(True))
    stamp = draw(stamps | any_stamp)
    entity = draw(st.sampled_from(["person", "note", "legal_case"]))
    entity_id = draw(st.uuids().map(str) | id_like | st.text(max_size=8))
    ids = st.sampled_from(
        [
            derived_change_id(device, seq),
            snapshot_change_id(entity, str(entity_id), stamp, op),
        ]
    )
    return Change(
        change_id=draw(ids | st.uuids().map(str)),
        entity=entity,
        entity_id=str(entity_id),
        op=op,  # type: ignore[arg-type]
        fields=fields,
        base=base,
        hlc=stamp,
        device_id=device,
        seq=seq,
        user_id=draw(st.sampled_from(USERS)),
        extra=draw(st.sampled_from([{}, {"restored": True}])),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(changes(), max_size=12), st.booleans(), st.booleans())
def test_encode_then_decode_is_the_identity(batch: list[Change], snapshot: bool, ids: bool) -> None:
    block = ChangeBlock.of(batch, snapshot=snapshot, ids=ids)
    wire = block.encode()
    docs = ChangeBlock.decode(wire).docs()
    assert docs == [c.to_dict() for c in batch]
    for doc, change in zip(docs, batch, strict=True):
        try:
            again = Change.from_dict(doc)
        except ValueError:
            continue  # an invalid change stays exactly as invalid (the server rejects it)
        assert again == change
        assert again.canonical() == change.canonical()


def test_a_store_batch_is_lean() -> None:
    """Inserts of one device: no change id, device, user, node or base is spelled per row."""
    device, user = DEVICES[0], USERS[1]
    batch = [
        Change(
            change_id=derived_change_id(device, seq),
            entity="note",
            entity_id=f"0197c1a2-7d1e-7c3b-9a55-2f1d8e4b6c{seq:02d}",
            op="upsert",
            fields={"texto": f"nota {seq}", "case_id": "c1"},
            base={"texto": hlc.ZERO, "case_id": hlc.ZERO},
            hlc=f"{1_764_480_000_000 + seq:015d}-00000-{device}",
            device_id=device,
            seq=seq,
            user_id=user,
        )
        for seq in range(1, 6)
    ]
    doc = msgspec.json.decode(ChangeBlock.of(batch).encode())
    assert doc["nodes"] == [device] and doc["users"] == [user]
    assert doc["rows"][1] == [0, batch[1].entity_id, 1, 1, 0, 0, 0]
    assert doc["columns"] == [[[f"nota {s}" for s in range(1, 6)], ["c1"] * 5]]
    assert ChangeBlock.decode(msgspec.json.encode(doc)).changes() == batch


def test_a_push_spells_its_ids_compactly_and_they_come_back() -> None:
    """Protocol 3: a push batch's record ids and UUID references travel as ``~`` and 22
    base64url characters (fewer bytes after zstd than the hex), and decode to the same
    documents; a ``~`` text that is no such id is refused as a broken block."""
    device, rng = DEVICES[0], random.Random(14)

    def uuid7(ms: int) -> str:  # as the store makes them: a time, then random bits
        return str(uuid.UUID(int=(ms << 80) | (0x7 << 76) | rng.getrandbits(62)))

    people = [uuid7(1_764_480_000_000 + k) for k in range(40)]
    batch = [
        Change(
            change_id=derived_change_id(device, seq),
            entity="note",
            entity_id=uuid7(1_764_480_001_000 + seq),
            op="upsert",
            fields={"case_id": people[seq % 40], "text": "~ nota", "n": seq},
            base={},
            hlc=f"{1_764_480_000_000 + seq:015d}-00000-{device}",
            device_id=device,
            seq=seq,
            user_id=USERS[1],
        )
        for seq in range(1, 400)
    ]
    push = PushBatch.of(device, "0.1.0", batch)
    doc = msgspec.json.decode(push.encode())
    assert doc["protocol_version"] == PROTOCOL_VERSION >= 3
    block = doc["changes"]
    assert block["ids"] is True
    assert block["rows"][0][1] == pack_id(batch[0].entity_id) and len(block["rows"][0][1]) == 23
    assert block["columns"][0][1][0] == "~~ nota"  # a text starting with "~" is escaped
    assert PushBatch.decode(push.encode()).changes.changes() == batch
    one = PushBatch.of(device, "0.1.0", batch[:1]).changes  # a small body: as before
    assert not one.ids and one.rows[0][1] == batch[0].entity_id
    plain = ChangeBlock.of(batch).encode()
    compact = ChangeBlock.of(batch, ids=True).encode()
    zstd = zstandard.ZstdCompressor(level=compression.ZSTD_LEVEL)
    assert len(zstd.compress(compact)) < 0.95 * len(zstd.compress(plain))
    for bad in ("~" + "A" * 21 + "B", "~short", "~" + "*" * 22):  # B: bits past 16 bytes
        block["rows"][0][1] = bad
        with pytest.raises(ProtocolError):
            ChangeBlock.decode(msgspec.json.encode(block)).docs()


@settings(max_examples=80, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "nodes": st.lists(st.text(max_size=5), max_size=3),
            "users": st.lists(st.none() | st.text(max_size=3), max_size=2),
            "entities": st.lists(st.text(max_size=5), max_size=2),
            "shapes": st.lists(st.lists(st.text(max_size=3), max_size=2), max_size=2),
            "rows": st.lists(
                st.lists(
                    st.integers(-3, 3) | st.text(max_size=3) | st.none() | id_like,
                    max_size=14,
                )
                | st.dictionaries(st.text(max_size=3), st.integers()),
                max_size=4,
            ),
            "columns": st.lists(
                st.lists(st.lists(st.integers() | id_like, max_size=3), max_size=2)
            ),
            "snapshot": st.booleans(),
            "ids": st.booleans(),
        },
    )
)
def test_a_broken_block_is_refused_with_a_protocol_error(doc: dict[str, Any]) -> None:
    try:
        docs = ChangeBlock.decode(msgspec.json.encode(doc)).docs()
    except ProtocolError:
        return
    assert all(isinstance(d, dict) for d in docs)


@given(st.lists(st.integers(0, 200), max_size=50))
def test_ranges_cover_exactly_their_numbers(numbers: list[int]) -> None:
    ranges = to_ranges(numbers)
    assert in_ranges(ranges) == set(numbers)
    assert all(low <= high for low, high in ranges)
    assert all(a[1] + 1 < b[0] for a, b in itertools.pairwise(ranges))


def test_the_dictionary_coding_round_trips_and_helps_small_bodies() -> None:
    """``x-chasqui-zd1``: a small body is compressed against the frozen dictionary (far
    smaller than plain zstd); a large one is a plain frame, still decoded under the coding."""
    small = b'{"device_id":"8ec9f944ffae4ff397ec47135acc03ed","protocol_version":2,"changes":{}}'
    large = b'{"rows":[' + b",".join(b'[0,"id-%d",1,1,0,0,0]' % i for i in range(20_000)) + b"]}"
    assert len(large) > compression.DICT_MAX_BYTES
    for body in (small, large):
        packed = compression.compress(body, compression.ZSTD_DICT)
        assert compression.decompress(packed, compression.ZSTD_DICT) == body
    assert (
        len(compression.compress(small, compression.ZSTD_DICT))
        < len(compression.compress(small, compression.ZSTD)) - 20
    )
    plain = compression.compress(large, compression.ZSTD_DICT)
    assert compression.decompress(plain, compression.ZSTD) == large  # no dictionary needed
    assert compression.choose_encoding("x-chasqui-zd1, zstd, gzip") == compression.ZSTD_DICT
    assert compression.choose_encoding("zstd, gzip") == compression.ZSTD


def test_an_answer_to_a_post_gives_the_server_time_from_its_body() -> None:
    assert Exchange(200, body=b'{"epoch":"e","server_time":1796000000123}').server_time == (
        1796000000123
    )
    header = {"chasqui-server-time": "5"}
    assert Exchange(200, headers=header, body=b'{"server_time":9}').server_time == 5
    for body in (b"", b'{"server_time":"9"}', b"[" * 5000, b'{"server_time":-1}'):
        assert Exchange(200, body=body).server_time is None


def test_adopting_an_identity_derives_the_waiting_change_ids_again(tmp_path: Path) -> None:
    store = make_vault(tmp_path / "v", "LIMA")
    try:
        store.insert("person", {"given_names": "Rosa", "paternal_surname": "Quispe"})
        waiting = store.replica.pending_changes(100)
        old = store.device_id
        assert all(c.change_id == derived_change_id(old, c.seq) for c in waiting)
        store.replica.adopt_identity("d0e1f2", 7, store.office_id, "LIMA")
        again = store.replica.pending_changes(100)
        assert [c.change_id for c in again] == [derived_change_id("d0e1f2", c.seq) for c in again]
        assert {c.seq for c in again} <= {c.seq for c in waiting}
        ids = {r["change_id"] for r in store.query("SELECT change_id FROM outbox")}
        assert {c.change_id for c in again} <= ids  # the column follows the body
    finally:
        store.lock()
