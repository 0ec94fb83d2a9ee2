"""Bounds of what one request makes the server hold: a zstd frame declaring a huge
window (the decoder allocates it before anything is stored) and a line that never ends
are refused on ``/v1/push-stream`` and ``/v1/push``; a stream that stalls ends at
``IDLE_S``; a device reopening streams right after a deadline holds at most its places.
The whole lines before the end stay stored, claim and place come back, other devices
are never held up, and the device's next round completes."""

from __future__ import annotations

import select

import pytest
import zstandard

from sync.server import push_stream
from tests.sync.conftest import SyncWorld
from tests.sync.proxy import UvicornThread
from tests.sync.test_pipeline import assert_all_stored_once_in_order, stored_in_order
from tests.sync.test_push_stream import (
    SEGMENT,
    RawStream,
    Watch,
    batch_lines,
    enrolled,
    held_now,
    post_stream,
    small_lines,
    watch,
)

__all__ = ["small_lines", "watch"]  # the fixtures


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


def test_a_stalled_stream_ends_at_idle_s_keeping_its_first_line(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    """A raw connection sends one whole line and then nothing (not closing): at ``IDLE_S``
    the answer is 400, the line stays stored, ``/v1/held`` names it at once (claim and
    place released) and the next round sends the rest."""
    monkeypatch.setattr(push_stream, "IDLE_S", 1.0)
    server = UvicornThread(world.server.app).start()
    try:
        rep = enrolled(world, "i", 3 * SEGMENT)
        lines = batch_lines(rep)
        first = [c.seq for c in rep.replica.pending_changes(SEGMENT)]
        raw = RawStream(server.port, rep)
        try:
            raw.send(lines[0] + b"\n")
            assert raw.status() == 400  # waits for the answer: IDLE_S, well before TOTAL_S
        finally:
            raw.close()
        watch.wait_ended()
        assert stored_in_order(world, rep.replica.device_id) == first
        assert held_now(world, rep) == first
        assert rep.sync().complete
        assert_all_stored_once_in_order(world, rep, 3 * SEGMENT)
    finally:
        server.stop()


def test_reopening_right_after_a_deadline_holds_at_most_the_devices_places(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    """A stream answered 429 at its deadline, and the device at once opens
    ``PER_DEVICE`` + 1 more: one of them is 429 at once (nothing read), the device holds
    ``PER_DEVICE`` places, and another device's stream and round complete meanwhile;
    once the device lets go, its places and claim are back and its round completes."""
    monkeypatch.setattr(push_stream, "TOTAL_S", 1.0)
    server = UvicornThread(world.server.app).start()
    opened: list[RawStream] = []
    try:
        rep = enrolled(world, "d", 2 * SEGMENT)
        other = enrolled(world, "o", 3 * SEGMENT)
        lines = batch_lines(rep)
        first = [c.seq for c in rep.replica.pending_changes(SEGMENT)]
        opened.append(RawStream(server.port, rep))
        opened[0].send(lines[0] + b"\n")
        assert opened[0].status() == 429  # the deadline
        monkeypatch.setattr(push_stream, "TOTAL_S", 60.0)  # the reopened ones: not by time
        monkeypatch.setattr(push_stream, "IDLE_S", 60.0)
        again = [RawStream(server.port, rep) for _ in range(push_stream.PER_DEVICE + 1)]
        opened += again
        answered, _, _ = select.select([r.sock for r in again], [], [], 20)
        assert len(answered) == 1, "one over the device's places is refused at once"
        assert next(r for r in again if r.sock is answered[0]).status() == 429
        assert push_stream.GATE.held[rep.replica.device_id] == push_stream.PER_DEVICE
        body = b"".join(line + b"\n" for line in batch_lines(other))
        zc = zstandard.ZstdCompressor().compressobj()
        answer = post_stream(world, other, zc.compress(body) + zc.flush())
        assert answer.status_code == 200, answer.text  # another device is not held up
        assert other.sync().complete
        assert_all_stored_once_in_order(world, other, 3 * SEGMENT)
        ended = watch.ended  # the deadline's and the other device's streams
        for raw in opened:
            raw.close()
        watch.wait_ended(ended + push_stream.PER_DEVICE)
        assert held_now(world, rep) == first
        assert rep.sync().complete
        assert_all_stored_once_in_order(world, rep, 2 * SEGMENT)
    finally:
        for raw in opened:
            raw.close()
        server.stop()
