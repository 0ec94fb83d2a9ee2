"""Bounds of what one request makes the server hold: a zstd frame declaring a huge
window (the decoder allocates it before anything is stored) and a line that never ends
are refused on ``/v1/push-stream`` and ``/v1/push``; the whole lines before them stay
stored, claim and place come back, and the device's next round completes."""

from __future__ import annotations

import pytest
import zstandard

from sync.client import upload
from sync.server import push_stream
from tests.sync.conftest import SyncWorld
from tests.sync.test_pipeline import assert_all_stored_once_in_order, stored_in_order
from tests.sync.test_push_stream import SEGMENT, batch_lines, enrolled, held_now, post_stream

__all__ = ["small_lines"]


@pytest.fixture(autouse=True)
def small_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload, "SEGMENT", SEGMENT)


def wide(text: bytes, window_log: int) -> bytes:
    """``text`` as one zstd frame whose header declares a 2^``window_log`` window."""
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=window_log)
    zc = zstandard.ZstdCompressor(compression_params=params).compressobj()
    return zc.compress(text) + zc.flush()


def test_a_frame_declaring_a_huge_window_is_refused_before_anything_is_stored(
    world: SyncWorld,
) -> None:
    """A 2^27 window (zstd's default limit: ~121 MB of the server's memory for a 38 KB
    body) is refused at the frame's header: the whole lines sent before it in their own
    frame stay stored, nothing of it is. Fails on the old code (decoded and stored: 200)."""
    rep = enrolled(world, "w", 3 * SEGMENT)
    lines = batch_lines(rep)
    first = [c.seq for c in rep.replica.pending_changes(SEGMENT)]
    body = wide(lines[0] + b"\n", 20) + wide(b"\n".join(lines[1:]) + b"\n", 27)
    answer = post_stream(world, rep, body)
    assert answer.status_code == 400, answer.text
    assert stored_in_order(world, rep.replica.device_id) == first
    assert held_now(world, rep) == first
    token = rep.replica.get_sync_state("device_token")
    push = wide(lines[1], 27)  # a push body: one line, the same frame
    answer = world.server.client.post(
        "/v1/push",
        content=push,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Content-Encoding": "zstd",
        },
    )
    assert answer.status_code == 400, answer.text
    assert stored_in_order(world, rep.replica.device_id) == first
    assert rep.sync().complete
    assert_all_stored_once_in_order(world, rep, 3 * SEGMENT)


def test_a_line_past_the_bound_is_refused_while_it_arrives(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line longer than ``MAX_LINE`` (blanks with no end, well under the 16 MB of a
    push body) is 413 once it passes the bound; the line before it stays stored. Fails
    on the old code (a line could grow to 16 MB per stream)."""
    monkeypatch.setattr(push_stream, "MAX_LINE", 256 * 1024)
    rep = enrolled(world, "l", 2 * SEGMENT)
    lines = batch_lines(rep)
    first = [c.seq for c in rep.replica.pending_changes(SEGMENT)]
    zc = zstandard.ZstdCompressor().compressobj()
    body = zc.compress(lines[0] + b"\n" + b" " * (1 << 20)) + zc.flush()
    answer = post_stream(world, rep, body)
    assert answer.status_code == 413, answer.text
    assert stored_in_order(world, rep.replica.device_id) == first
    assert held_now(world, rep) == first
    assert rep.sync().complete
    assert_all_stored_once_in_order(world, rep, 2 * SEGMENT)
