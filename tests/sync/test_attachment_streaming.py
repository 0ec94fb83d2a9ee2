"""Attachments of any size: downloads stream into an encrypted partial file that survives
a cut (and a restart), forged bytes are never adopted, memory stays bounded, and uploads
read only the chunks they send.

The 300 MiB round trip through the loopback link proxy, with cuts and peak memory, is
``bench/attachments.py``; here the same paths run on files a suite can afford.
"""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from app.store.attachment_download import PARTIAL_DIR
from app.store.attachments import CHUNK, Attachments, AttachmentTransfers
from app.store.errors import CorruptVault
from sync.client.errors import LinkError
from sync.client.transport import Exchange, Transport
from tests.sync.conftest import Replica, SyncWorld
from tests.sync.faults import PassThrough


class RangeFaults(PassThrough):
    """Passes everything but ranged GETs: after ``cut_after`` bytes of ranges, every range
    is lost (the link is gone for the rest of the round); ``flip`` corrupts one byte of
    the answer at that file offset (a hostile or broken server)."""

    def __init__(
        self, inner: Transport, cut_after: int | None = None, flip: int | None = None
    ) -> None:
        super().__init__(inner)
        self.cut_after = cut_after
        self.flip = flip
        self.bytes = 0

    def get_range(
        self, sha256: str, start: int, end: int, *, timeout: float | None = None
    ) -> Exchange:
        if self.cut_after is not None and self.bytes >= self.cut_after:
            raise LinkError("the link dropped (test)")
        ex = self.inner.get_range(sha256, start, end, timeout=timeout)
        self.bytes += len(ex.content)
        if self.flip is not None and start <= self.flip < start + len(ex.content):
            body = bytearray(ex.content)
            body[self.flip - start] ^= 0x01
            ex.content = bytes(body)
        return ex


class LyingSize(PassThrough):
    """A hostile server's status answer claiming a huge file (a disk-filling lure)."""

    def call(
        self, method: str, path: str, doc: Any = None, *, timeout: float | None = None
    ) -> Exchange:
        ex = self.inner.call(method, path, doc, timeout=timeout)
        if path.endswith("/status"):
            ex.body = ex.body.replace(b'"size":', b'"size":9', 1)
        return ex


def uploaded(world: SyncWorld, size: int) -> tuple[bytes, str]:
    a = world.replica()
    a.engine.attachments = AttachmentTransfers(a.store)
    data = os.urandom(size // 2) + b"ZQXMARCA-ADJUNTO " * (size // 2 // 17 + 1)
    data = data[:size]
    Attachments(a.store).add(data, "pericia.pdf", "application/pdf", case_id="c1")
    assert a.sync().attachments == 1
    return data, hashlib.sha256(data).hexdigest()


def downloader(world: SyncWorld, **faults: Any) -> tuple[Replica, RangeFaults]:
    holder: dict[str, RangeFaults] = {}

    def wrap(t: Transport) -> Transport:
        holder["t"] = RangeFaults(t, **faults)
        return holder["t"]

    rep = world.replica(wrap=wrap)
    rep.engine.attachments = AttachmentTransfers(rep.store)
    return rep, holder["t"]


def partials(rep: Replica) -> list[Path]:
    return sorted((rep.store.data_dir / "attachments" / PARTIAL_DIR).glob("*.part"))


def test_a_cut_download_resumes_in_a_later_round_after_a_restart(world: SyncWorld) -> None:
    data, sha = uploaded(world, 3 * 1024 * 1024 + 12_345)
    b, t = downloader(world, cut_after=1_300_000)
    first = b.sync()
    assert first.attachments_downloaded == 0 and not Attachments(b.store).has(sha)
    [part] = partials(b)
    held = part.read_bytes()
    assert b"ZQXMARCA" not in held and data[:4096] not in held  # ciphertext only
    got_before = t.bytes
    # A restart: a new port object over the same store, and the link is back.
    t.cut_after = None
    b.engine.attachments = AttachmentTransfers(b.store)
    second = b.sync()
    assert second.attachments_downloaded == 1 and not second.errors, second
    assert Attachments(b.store).read_blob(sha) == data
    refetched = t.bytes - got_before - (len(data) - got_before)
    assert 0 <= refetched < CHUNK  # only the bytes of an unfinished 64 KiB chunk again
    assert partials(b) == []


def test_a_damaged_partial_file_is_cut_at_the_damage_and_the_file_still_arrives(
    world: SyncWorld,
) -> None:
    data, sha = uploaded(world, 2 * 1024 * 1024)
    b, t = downloader(world, cut_after=1_500_000)
    b.sync()
    [part] = partials(b)
    raw = bytearray(part.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # a torn or tampered chunk in the middle
    part.write_bytes(bytes(raw))
    t.cut_after = None
    b.engine.attachments = AttachmentTransfers(b.store)
    report = b.sync()
    assert report.attachments_downloaded == 1 and not report.errors, report
    assert Attachments(b.store).read_blob(sha) == data


def test_forged_bytes_from_the_server_are_never_adopted(world: SyncWorld) -> None:
    data, sha = uploaded(world, 700_000)
    b, t = downloader(world, flip=400_000)
    first = b.sync()
    assert first.attachments_downloaded == 0
    assert any(sha[:12] in e and "do not match" in e for e in first.errors), first.errors
    assert not Attachments(b.store).has(sha) and partials(b) == []  # discarded, not kept
    assert b.store.query("SELECT count(*) AS n FROM attachment")[0]["n"] == 1  # record kept
    t.flip = None
    second = b.sync()
    assert second.attachments_downloaded == 1 and not second.errors
    assert Attachments(b.store).read_blob(sha) == data


def test_a_large_file_moves_both_ways_in_memory_far_below_its_size(world: SyncWorld) -> None:
    size = 24 * 1024 * 1024  # three times the memory allowed below
    a = world.replica()
    a.engine.attachments = AttachmentTransfers(a.store)
    source = world.tmp / "grabacion.bin"
    with open(source, "wb") as out:
        for i in range(size // (1024 * 1024)):
            out.write(hashlib.sha256(str(i).encode()).digest() * 32768)
    with open(source, "rb") as handle:
        Attachments(a.store).add(handle, "grabacion.bin", "audio/ogg", case_id="c1")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    b, _t = downloader(world)
    tracemalloc.start()
    try:
        assert a.sync().attachments == 1
        up_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        report = b.sync()
        down_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.attachments_downloaded == 1 and not report.errors, report
    digest = hashlib.sha256()
    for block in Attachments(b.store).iter_plaintext(sha):
        digest.update(block)
    assert digest.hexdigest() == sha
    # Python heap of client + in-process server together: a few chunks, never the file.
    limit = 8 * 1024 * 1024
    assert up_peak < limit and down_peak < limit, (up_peak, down_peak)


def test_uploads_read_only_the_chunks_of_the_range(world: SyncWorld) -> None:
    rep = world.replica()
    data = os.urandom(5 * CHUNK + 123)
    files = Attachments(rep.store)
    files.add(data, "a.bin", "application/octet-stream")
    sha = hashlib.sha256(data).hexdigest()
    transfers = AttachmentTransfers(rep.store)
    for offset, length in [(0, 10), (CHUNK - 5, 10), (3 * CHUNK, 2 * CHUNK + 123), (0, 10**9)]:
        assert transfers.read_chunk(sha, offset, length) == data[offset : offset + length]
    assert transfers.read_chunk(sha, len(data), 10) == b""
    path = files.path_for(sha)
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF  # damage the last chunk only
    path.write_bytes(bytes(raw))
    assert transfers.read_chunk(sha, 0, CHUNK) == data[:CHUNK]  # first chunk still reads
    with pytest.raises(CorruptVault):
        transfers.read_chunk(sha, 5 * CHUNK, 10)


def test_a_server_claiming_another_size_gets_nothing_fetched_and_the_round_goes_on(
    world: SyncWorld,
) -> None:
    data, sha = uploaded(world, 300_000)
    b = world.replica(wrap=LyingSize)
    b.engine.attachments = AttachmentTransfers(b.store)
    report = b.sync()
    assert report.complete and report.attachments_downloaded == 0, report
    assert any(sha[:12] in e and "record says" in e for e in report.errors), report.errors
    assert not Attachments(b.store).has(sha) and partials(b) == []  # nothing written
    b.transport = b.engine.transport = b.transport.inner  # the honest server again
    assert b.sync().attachments_downloaded == 1
    assert Attachments(b.store).read_blob(sha) == data
