"""A hostile or broken server's streamed snapshot (``application/x-chasqui-pages``):
the client's stream reader (``sync.client.transport._lines``) refuses a page that
would blow up in memory before holding it, refuses bytes that are not zstd, and hands
on every whole page that arrived before a cut — which the round applies, with its
position, before the cut is treated as a link failure (retried from that page:
``tests/sync/test_snapshot_stream.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import zstandard

from sync import compression
from sync.client import errors
from sync.client.transport import _lines, _Received

PATH = "/v1/snapshot"


def chunked(body: bytes, size: int = 1024) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def test_a_page_over_the_cap_is_refused_before_it_fills_memory() -> None:
    bomb = zstandard.ZstdCompressor(level=3).compress(
        b"a" * (compression.MAX_DECOMPRESSED_BYTES + 4 * 65536)  # one line, never ending
    )
    assert len(bomb) < 8 * 1024  # a few kilobytes on the wire
    with pytest.raises(errors.BadResponse, match="too large"):
        list(_lines(chunked(bomb), _Received(), PATH))


def test_bytes_that_are_not_zstd_are_a_clean_refusal() -> None:
    with pytest.raises(errors.BadResponse, match="not valid zstd"):
        list(_lines(chunked(b"<html>proxy error</html>" * 50), _Received(), PATH))


def test_pages_before_a_cut_are_handed_on_and_the_cut_is_a_link_error() -> None:
    z = zstandard.ZstdCompressor(level=3).compressobj()
    body = z.compress(b'{"page":1}\n{"page":2}\n{"page":3, "cut') + z.flush(
        zstandard.COMPRESSOBJ_FLUSH_BLOCK
    )  # the frame is never finished: the connection dropped inside page 3
    got: list[bytes] = []
    with pytest.raises(errors.LinkError, match="inside a page"):
        for line, received in _lines(chunked(body, size=7), _Received(), PATH):
            got.append(line)
            assert received > 0  # the bytes so far, for the link estimate
    assert got == [b'{"page":1}', b'{"page":2}']
