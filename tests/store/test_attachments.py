"""Encrypted attachments: round trip, dedup, tamper/truncation detection, no plaintext."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from app.store import Store, errors
from app.store.attachments import CHUNK, Attachments


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17])
def test_round_trip(store: Store, size: int) -> None:
    data = os.urandom(size)
    att = Attachments(store)
    aid = att.add(data, "scan.pdf", "application/pdf", case_id="c1")
    record = store.get("attachment", aid)
    assert record is not None and record["sha256"] == hashlib.sha256(data).hexdigest()
    assert record["size"] == size
    assert att.read(aid) == data


def test_stream_source_and_dedup(store: Store) -> None:
    data = b"ZQXATTACHMENTMARKER " * 10_000
    att = Attachments(store)
    a = att.add(io.BytesIO(data), "a.txt", "text/plain")
    b = att.add(data, "b.txt", "text/plain")
    assert a != b
    files = list(att.root.rglob("*.chq"))
    assert len(files) == 1
    assert att.read(b) == data
    for path in store.data_dir.rglob("*"):
        if path.is_file():
            assert b"ZQXATTACHMENTMARKER" not in path.read_bytes()


def _stored(store: Store, size: int = 2 * CHUNK + 5) -> tuple[Attachments, str, Path]:
    att = Attachments(store)
    data = os.urandom(size)
    aid = att.add(data, "x", "application/octet-stream")
    sha = hashlib.sha256(data).hexdigest()
    return att, aid, att.path_for(sha)


def test_flipped_byte_is_detected(store: Store) -> None:
    att, aid, path = _stored(store)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    with pytest.raises(errors.CorruptVault):
        att.read(aid)


def test_truncation_is_detected(store: Store) -> None:
    att, aid, path = _stored(store)
    raw = path.read_bytes()
    path.write_bytes(raw[: -(CHUNK // 2)])
    with pytest.raises(errors.CorruptVault):
        att.read(aid)


def test_dropped_last_chunk_is_detected(store: Store) -> None:
    att, aid, path = _stored(store, 2 * CHUNK)
    raw = path.read_bytes()
    path.write_bytes(raw[: -(CHUNK + 28)])  # exactly one whole chunk removed
    with pytest.raises(errors.CorruptVault):
        att.read(aid)


def test_swapped_files_are_detected(store: Store) -> None:
    att, a, path_a = _stored(store)
    _, _, path_b = _stored(store)
    path_a.write_bytes(path_b.read_bytes())
    with pytest.raises(errors.CorruptVault):
        att.read(a)


def test_put_bytes_checks_hash_and_missing(store: Store) -> None:
    att = Attachments(store)
    data = b"remote scan"
    sha = hashlib.sha256(data).hexdigest()
    store.replica.apply_remote_changes(
        [
            {
                "change_id": "att-1",
                "entity": "attachment",
                "entity_id": "a-remote",
                "op": "upsert",
                "fields": {"sha256": sha, "size": len(data), "filename": "r.pdf"},
                "base": {},
                "hlc": "001700000000000-00000-remote",
                "device_id": "remote",
                "seq": 1,
            }
        ]
    )
    assert att.missing() == [sha]
    with pytest.raises(errors.InvalidRecord):
        att.put_bytes(b"something else", sha)
    att.put_bytes(data, sha)
    assert att.missing() == []
    assert att.read("a-remote") == data


def test_locked_store_cannot_read(store: Store) -> None:
    att, aid, _ = _stored(store, 10)
    sha = store.get("attachment", aid)["sha256"]  # type: ignore[index]
    store.lock()
    with pytest.raises(errors.VaultLocked):
        att.read_blob(sha)
