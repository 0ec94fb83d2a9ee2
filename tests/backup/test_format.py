"""Properties of the sealed stream: it round-trips, and any flipped byte, truncation or
appended byte is refused (``DamagedBackup``) — never silently accepted."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.store.backup_format import (
    DamagedBackup,
    SealedReader,
    SealedWriter,
    encode_header,
    read_header,
)

KEY = bytearray(range(32))


def _seal(data: bytes, chunk: int, pieces: list[int]) -> bytes:
    out = io.BytesIO()
    writer = SealedWriter(out, encode_header("2026-11-30T00:00:00Z", {"users": {}}, chunk), KEY)
    position = 0
    for size in pieces:  # writes of arbitrary sizes
        writer.write(data[position : position + size])
        position += size
    writer.write(data[position:])
    writer.close()
    return out.getvalue()


def _open(blob: bytes, read_size: int = 7) -> bytes:
    handle = io.BytesIO(blob)
    header, raw = read_header(handle)
    reader = SealedReader(handle, header, raw, KEY)
    parts = []
    while piece := reader.read(read_size):
        parts.append(piece)
    reader.drain()
    return b"".join(parts)


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=600),
    chunk=st.integers(1, 64),
    pieces=st.lists(st.integers(0, 90), max_size=8),
    read_size=st.integers(1, 100),
)
def test_round_trip(data: bytes, chunk: int, pieces: list[int], read_size: int) -> None:
    assert _open(_seal(data, chunk, pieces), read_size) == data


@settings(max_examples=120, deadline=None)
@given(data=st.binary(min_size=1, max_size=400), chunk=st.integers(1, 64), where=st.floats(0, 1))
def test_any_damage_is_refused(data: bytes, chunk: int, where: float) -> None:
    blob = _seal(data, chunk, [])
    position = min(len(blob) - 1, int(where * len(blob)))
    flipped = bytearray(blob)
    flipped[position] ^= 0x20
    for damaged in (bytes(flipped), blob[:position], blob + b"\x00"):
        with pytest.raises(DamagedBackup):
            _open(damaged)
