"""The streamed upload (``POST /v1/push-stream``, ``sync.client.upload``,
``sync.server.push_stream``): a first upload is one request whose lines the server
stores as they arrive, in order, once each; a cut loses only what was on the link; and
the attacks on the new request shape — malformed, oversized, replayed, another device's
or another office's — lose nothing, store nothing twice and stall nothing (the device's
claim is released: ``/v1/held`` answers at once, the next round completes). Real
server on loopback (uvicorn) where the link matters; the in-process app otherwise."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpx
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from sync import compression, protocol
from sync.client import upload
from sync.client.transport import Exchange, HttpTransport, _Framed
from sync.protocol import lean
from sync.server import held, push_stream
from sync.server.snapshot_stream import StreamGate
from tests.sync.conftest import Replica, SyncWorld
from tests.sync.proxy import LinkProxy, UvicornThread
from tests.sync.test_pipeline import (
    BATCH,
    assert_all_stored_once_in_order,
    laptop,
    served,
    stored_in_order,
    write_people,
)

__all__ = ["served"]  # the fixture, shared with test_pipeline
SEGMENT = 10  # changes a line carries in these tests (several lines from little data)


@pytest.fixture(autouse=True)
def small_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(upload, "SEGMENT", SEGMENT)


class Counting(HttpTransport):
    """The real transport, keeping each request's path and each stream's line count."""

    def __init__(self, base: HttpTransport) -> None:
        super().__init__(base.base_url, base._token)
        base.close()
        self.paths: list[str] = []
        self.lines: list[int] = []

    def call(self, method: str, path: str, doc: Any = None, **kw: Any) -> Exchange:
        self.paths.append(path)
        return super().call(method, path, doc, **kw)

    def stream(self, path: str, lines: Iterable[bytes], **kw: Any) -> Exchange:
        self.paths.append(path)
        self.lines.append(0)

        def counted() -> Iterator[bytes]:
            for line in lines:
                self.lines[-1] += 1
                yield line

        return super().stream(path, counted(), **kw)


def framed(lines: list[bytes]) -> bytes:
    """A streamed body as the client frames it."""
    return b"".join(_Framed(lines, None))


def batch_lines(rep: Replica, device: str | None = None) -> list[bytes]:
    """The outbox of ``rep`` as the client's push-batch lines (``SEGMENT`` changes each),
    under ``device`` (default: its own id)."""
    changes = rep.replica.pending_changes(10_000)
    first = protocol.PushBatch.of(device or rep.replica.device_id, "0.1.0", [])
    return list(upload._lines(first, changes[:SEGMENT], lambda: changes[SEGMENT:]))


def post_stream(world: SyncWorld, rep: Replica, body: bytes, **headers: str) -> httpx.Response:
    token = rep.replica.get_sync_state("device_token")
    sent = {
        "Authorization": f"Bearer {token}",
        "Content-Type": protocol.STREAM_MEDIA,
        "Content-Encoding": "zstd",
        "Accept-Encoding": "identity",
        **headers,
    }
    return world.server.client.post(protocol.PUSH_STREAM_PATH, content=body, headers=sent)


def held_now(world: SyncWorld, rep: Replica) -> list[int]:
    """The seqs of ``rep``'s outbox the server holds, asked as a client would after a
    cut; it must answer at once (no claim left behind)."""
    seqs = [c.seq for c in rep.replica.pending_changes(10_000)]
    token = rep.replica.get_sync_state("device_token")
    doc = protocol.HeldRequest.of(seqs, "0.1.0").to_dict()
    started = time.monotonic()
    answer = world.server.client.post(
        "/v1/held", json=doc, headers={"Authorization": f"Bearer {token}"}
    )
    assert time.monotonic() - started < protocol.HELD_WAIT_S / 2, "a claim was left behind"
    assert answer.status_code == 200, answer.text
    assert push_stream.GATE.open == 0, "a stream's place was left behind"
    return sorted(lean.in_ranges(protocol.PushResult.decode(answer.content).duplicate))


class Watch:
    """The server's streams as they store lines and end (``push_stream._store_all``
    wrapped): ``wait_stored(n)`` and ``wait_ended()`` block on events, never sleep."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.stored = 0
        self.ended = 0

    def wait_stored(self, n: int) -> None:
        with self.cond:
            assert self.cond.wait_for(lambda: self.stored >= n, 20), "lines not stored"

    def wait_ended(self, n: int = 1) -> None:
        with self.cond:
            assert self.cond.wait_for(lambda: self.ended >= n, 20), "the stream never ended"


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Watch:
    seen = Watch()
    real = push_stream._store_all

    def watched(incoming: Any, store: Any, claiming: Any, epoch: str) -> Any:
        def counted(batch: Any) -> Any:
            answer = store(batch)
            with seen.cond:
                seen.stored += 1
                seen.cond.notify_all()
            return answer

        try:
            return real(incoming, counted, claiming, epoch)
        finally:  # its claim is released by now
            with seen.cond:
                seen.ended += 1
                seen.cond.notify_all()

    monkeypatch.setattr(push_stream, "_store_all", watched)
    return seen


class RawStream:
    """A streamed push written by hand on a raw connection, a chunk at a time."""

    def __init__(self, port: int, rep: Replica) -> None:
        token = rep.replica.get_sync_state("device_token")
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.settimeout(20)
        self.zc = zstandard.ZstdCompressor().compressobj()
        self.sock.sendall(
            (
                f"POST {protocol.PUSH_STREAM_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {token}\r\n"
                f"Content-Type: {protocol.STREAM_MEDIA}\r\nContent-Encoding: zstd\r\n"
                "Transfer-Encoding: chunked\r\n\r\n"
            ).encode()
        )

    def send(self, text: bytes) -> None:
        body = self.zc.compress(text) + self.zc.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)
        self.sock.sendall(f"{len(body):x}\r\n".encode() + body + b"\r\n")

    def status(self) -> int:
        """The answer's status (waits for it)."""
        return int(self.sock.recv(64).split()[1])

    def close(self) -> None:
        self.sock.close()


@contextlib.contextmanager
def raw_stream(
    world: SyncWorld, name: str, n: int
) -> Iterator[tuple[Replica, list[bytes], RawStream]]:
    """The real server on loopback, a replica with ``n`` people to send, its lines, and
    a raw streamed push opened to the server (closed after)."""
    server = UvicornThread(world.server.app).start()
    try:
        rep = enrolled(world, name, n)
        raw = RawStream(server.port, rep)
        try:
            yield rep, batch_lines(rep), raw
        finally:
            raw.close()
    finally:
        server.stop()


def enrolled(world: SyncWorld, name: str, n: int) -> Replica:
    rep = world.replica(name)
    write_people(rep, n)
    return rep


# ------------------------------------------------------------------ the client's upload


def test_a_first_upload_is_one_stream_stored_once_in_order(
    served: tuple[SyncWorld, str],
) -> None:
    """Fails on the code before it (no stream: one push per batch)."""
    world, url = served
    rep = laptop(world, url, "a", Counting)
    wrap: Counting = rep.transport  # type: ignore[assignment]
    write_people(rep, 10 * BATCH + 5)
    total = rep.replica.pending_count()
    report = rep.sync()
    assert report.complete, report
    assert wrap.paths.count(protocol.PUSH_STREAM_PATH) == 1
    assert "/v1/push" not in wrap.paths
    assert wrap.lines == [-(-total // SEGMENT)]
    assert report.pushed == total and report.duplicates == 0
    assert push_stream.GATE.open == 0
    assert_all_stored_once_in_order(world, rep, total)


def test_a_cut_stream_resends_only_what_the_server_did_not_store(
    world: SyncWorld,
) -> None:
    """The link dies mid-stream: the round asks ``/v1/held``, confirms the lines stored
    and streams only the rest; everything is stored once, in order."""
    server = UvicornThread(world.server.app).start()
    proxy = LinkProxy(server.port, delay=0.005, bandwidth=40_000).start()
    try:
        rep = laptop(world, proxy.url, "c", Counting)
        wrap: Counting = rep.transport  # type: ignore[assignment]
        write_people(rep, 40 * SEGMENT)
        total = rep.replica.pending_count()
        proxy.reset_counters()
        proxy.cut_up_after(7_000)  # inside the stream's body
        first = rep.sync()
        second = first if first.complete else rep.sync()
        assert second.complete, (first, second)
        assert "/v1/held" in wrap.paths
        assert wrap.paths.count(protocol.PUSH_STREAM_PATH) >= 2
        stored_before_cut = total - sum(c for c in wrap.lines[1:]) * SEGMENT
        assert stored_before_cut > 0, "the lines stored before the cut were sent again"
        assert_all_stored_once_in_order(world, rep, total)
    finally:
        proxy.stop()
        server.stop()


def test_a_server_without_streams_gets_pipelined_pushes(
    served: tuple[SyncWorld, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older server (no such path: 404 as soon as it sees it): the round pipelines its
    pushes, and the engine does not try again."""
    world, url = served
    router = world.server.app.router
    older = [r for r in router.routes if getattr(r, "path", "") != protocol.PUSH_STREAM_PATH]
    monkeypatch.setattr(router, "routes", older)
    rep = laptop(world, url, "o", Counting)
    wrap: Counting = rep.transport  # type: ignore[assignment]
    write_people(rep, 6 * BATCH)
    report = rep.sync()
    assert report.complete, report
    assert wrap.paths.count(protocol.PUSH_STREAM_PATH) == 1 and "/v1/push" in wrap.paths
    assert rep.engine.push_stream is False
    assert_all_stored_once_in_order(world, rep, 6 * BATCH)
    write_people(rep, 3 * BATCH)
    assert rep.sync().complete
    assert wrap.paths.count(protocol.PUSH_STREAM_PATH) == 1  # not asked again


def test_a_busy_server_gets_pipelined_pushes(
    served: tuple[SyncWorld, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every place taken (429 before anything is read): the round pipelines its pushes."""
    world, url = served
    monkeypatch.setattr(push_stream, "GATE", StreamGate(limit=0))
    rep = laptop(world, url, "b", Counting)
    wrap: Counting = rep.transport  # type: ignore[assignment]
    write_people(rep, 6 * BATCH)
    report = rep.sync()
    assert report.complete, report
    assert protocol.PUSH_STREAM_PATH in wrap.paths and "/v1/push" in wrap.paths
    assert_all_stored_once_in_order(world, rep, 6 * BATCH)


# ------------------------------------------------------------------ attacks on the server


def test_a_replayed_stream_stores_nothing_twice(world: SyncWorld) -> None:
    rep = enrolled(world, "r", 3 * SEGMENT)
    body = framed(batch_lines(rep))
    first = post_stream(world, rep, body)
    again = post_stream(world, rep, body)
    assert first.status_code == again.status_code == 200, (first.text, again.text)
    seqs = [c.seq for c in rep.replica.pending_changes(10_000)]
    assert lean.in_ranges(protocol.PushResult.decode(first.content).accepted) == set(seqs)
    assert lean.in_ranges(protocol.PushResult.decode(again.content).duplicate) == set(seqs)
    assert stored_in_order(world, rep.replica.device_id) == seqs


@pytest.mark.parametrize(
    "what",
    ["not zstd", "not json", "protocol 1", "empty line", "ends inside a line", "json media"],
)
def test_a_malformed_stream_keeps_the_lines_before_it(world: SyncWorld, what: str) -> None:
    """The lines before the bad one are stored (as separate pushes would be), nothing
    after it; the claim is released and the next round completes."""
    rep = enrolled(world, "m", 3 * SEGMENT)
    lines = batch_lines(rep)
    first_seqs = [c.seq for c in rep.replica.pending_changes(SEGMENT)]
    headers: dict[str, str] = {}
    if what == "not zstd":
        body, first_seqs = b"\x28\xb5\x2f\xfd garbage" * 50, []
    elif what == "json media":
        body, first_seqs = framed(lines), []
        headers["Content-Type"] = "application/json"
    else:
        bad = {
            "not json": b"{not json",
            "protocol 1": json.dumps({"device_id": "x", "protocol_version": 1}).encode(),
            "empty line": b"",
            "ends inside a line": None,
        }[what]
        body = framed([lines[0], bad, *lines[1:]]) if bad is not None else b""
        if bad is None:  # a whole line, then half of the next
            zc = zstandard.ZstdCompressor().compressobj()
            body = zc.compress(lines[0] + b"\n" + lines[1][:40]) + zc.flush()
    answer = post_stream(world, rep, body, **headers)
    expected = 426 if what == "protocol 1" else 400
    assert answer.status_code == expected, answer.text
    assert stored_in_order(world, rep.replica.device_id) == first_seqs
    assert held_now(world, rep) == first_seqs
    assert rep.sync().complete
    assert_all_stored_once_in_order(world, rep, 3 * SEGMENT)


def test_an_oversized_stream_is_refused_and_a_bomb_never_expands(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    rep = enrolled(world, "s", 4 * SEGMENT)
    lines = batch_lines(rep)
    monkeypatch.setattr(protocol, "MAX_STREAM_CHANGES", 2 * SEGMENT)
    answer = post_stream(world, rep, framed(lines))
    assert answer.status_code == 413, answer.text
    assert len(stored_in_order(world, rep.replica.device_id)) == 2 * SEGMENT
    monkeypatch.setattr(compression, "MAX_DECOMPRESSED_BYTES", 1 << 20)
    bomb = zstandard.ZstdCompressor(level=3).compress(b" " * (64 << 20))  # 64 MB, no newline
    assert len(bomb) < 10_000
    answer = post_stream(world, rep, bomb)
    assert answer.status_code == 413, answer.text
    monkeypatch.setattr(protocol, "MAX_STREAM_BYTES", 2_000)
    answer = post_stream(world, rep, framed(lines))
    assert answer.status_code == 413, answer.text
    assert rep.sync().complete
    assert_all_stored_once_in_order(world, rep, 4 * SEGMENT)


def test_another_devices_or_offices_lines_are_refused(world: SyncWorld) -> None:
    """A line naming another device is refused whole (403), nothing of it stored; the
    victim's changes under a forger's own token are rejected one by one; changes into
    another office are rejected (``forbidden_scope``). Nothing of it is stored, and the
    devices' next rounds complete."""
    victim = enrolled(world, "v", 2 * SEGMENT)
    forger = enrolled(world, "f", SEGMENT)
    forged = framed(batch_lines(victim, device=forger.replica.device_id))
    answer = post_stream(world, victim, forged)
    assert answer.status_code == 403, answer.text
    assert stored_in_order(world, victim.replica.device_id) == []
    answer = post_stream(world, forger, forged)  # the forger's token, the victim's changes
    assert answer.status_code == 200, answer.text
    result = protocol.PushResult.decode(answer.content)
    assert not result.accepted and not result.duplicate
    waiting = victim.replica.pending_count()  # the 20 and the vault's own
    assert len(result.items) == waiting and {i.status for i in result.items} == {"rejected"}
    assert stored_in_order(world, victim.replica.device_id) == []
    cusco = world.server.admin.add_office("CUSCO", "ALEGRA Cusco")
    intruder = world.replica("i")
    with intruder.store.transaction() as tx:
        for i in range(SEGMENT):
            tx.insert("person", {"office_id": cusco.office_id, "given_names": f"Intruso {i}"})
    answer = post_stream(world, intruder, framed(batch_lines(intruder)))
    assert answer.status_code == 200, answer.text
    result = protocol.PushResult.decode(answer.content)
    codes = {i.code for i in result.items if i.status == "rejected"}
    assert len(result.items) == SEGMENT and codes == {protocol.ErrorCode.FORBIDDEN_SCOPE}
    rows = world.server.count("SELECT count(*) FROM records WHERE values_json LIKE '%Intruso%'")
    assert rows == 0
    assert victim.sync().complete
    assert_all_stored_once_in_order(world, victim, 2 * SEGMENT)
    assert forger.sync().complete and intruder.sync().complete


def test_a_body_cut_inside_a_line_stores_the_lines_before_and_releases_its_claim(
    world: SyncWorld, watch: Watch
) -> None:
    """A raw connection sends two whole lines and half a third, then dies: the two are
    stored, ``/v1/held`` names them at once, the next round sends the rest."""
    with raw_stream(world, "k", 4 * SEGMENT) as (rep, lines, raw):
        raw.send(lines[0] + b"\n" + lines[1] + b"\n")
        raw.send(lines[2][:50])
        expected = [c.seq for c in rep.replica.pending_changes(2 * SEGMENT)]
        watch.wait_stored(2)
        assert stored_in_order(world, rep.replica.device_id) == expected
        raw.close()
        watch.wait_ended()  # the server saw the cut: claim and place released
        assert held_now(world, rep) == expected
        assert rep.sync().complete
        assert_all_stored_once_in_order(world, rep, 4 * SEGMENT)


@pytest.mark.parametrize("what", ["padded", "too much text", "replayed", "out of order"])
def test_padded_replayed_or_reordered_lines_end_the_stream(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """A line padded past what its changes need, a stream's text past its bound, a line
    sent twice in one stream or one out of order: the stream ends there (nothing after
    it stored, each change at most once), place and claim come back. Fails on the code
    before (padding and replays were stored line after line, each costing its length)."""
    rep = enrolled(world, "p", 3 * SEGMENT)
    lines = batch_lines(rep)
    seqs = [c.seq for c in rep.replica.pending_changes(10_000)]
    first = seqs[:SEGMENT]
    if what == "padded":
        monkeypatch.setattr(push_stream, "LINE_PER_CHANGE", 2_000)
        monkeypatch.setattr(push_stream, "LINE_SLACK", 0)
        body, stored, status = [lines[0], lines[1] + b" " * 30_000], first, 413
    elif what == "too much text":
        monkeypatch.setattr(protocol, "MAX_STREAM_TEXT", len(lines[0]) + 10)
        body, stored, status = lines, [], 413  # refused while the second line arrives
    elif what == "replayed":
        body, stored, status = [lines[0], lines[0], lines[1]], first, 400
    else:  # (the first line holds the vault's user: the others' author, stored first)
        third = seqs[2 * SEGMENT : 3 * SEGMENT]
        body, stored, status = [lines[0], lines[2], lines[1]], first + third, 400
    answer = post_stream(world, rep, framed(body))
    assert answer.status_code == status, answer.text
    got = stored_in_order(world, rep.replica.device_id)
    assert got == stored or (what == "too much text" and got in ([], first))
    assert held_now(world, rep) == got
    assert rep.sync().complete
    if what != "out of order":
        assert_all_stored_once_in_order(world, rep, 3 * SEGMENT)
    else:  # the hand-made stream stored the third line before the second: once each
        assert sorted(stored_in_order(world, rep.replica.device_id)) == seqs
        assert rep.replica.pending_count() == 0


def test_a_trickling_stream_ends_at_its_deadline(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    """A body that sends a line and then holds the connection (a trickle keeps the idle
    timer at bay) is answered 429 at ``TOTAL_S``: its place and claim come back, the
    line it sent stays stored. Fails on the code before (no deadline: the place was held
    for as long as a byte came every ``IDLE_S``)."""
    monkeypatch.setattr(push_stream, "TOTAL_S", 1.0)
    with raw_stream(world, "t", 2 * SEGMENT) as (rep, lines, raw):
        raw.send(lines[0] + b"\n")
        assert raw.status() == 429  # waits for the answer, well before IDLE_S
        raw.close()
        watch.wait_ended()
        expected = [c.seq for c in rep.replica.pending_changes(SEGMENT)]
        assert stored_in_order(world, rep.replica.device_id) == expected
        assert held_now(world, rep) == expected


def test_a_long_stream_keeps_its_claim(
    world: SyncWorld, monkeypatch: pytest.MonkeyPatch, watch: Watch
) -> None:
    """A stream living past ``held.CLAIM_S`` takes its claim again, so ``/v1/held`` still
    waits for it (clock of the claims moved by hand). Fails on the code before (the
    claim ran out after 300 s while the stream went on)."""
    clock = [10**12]
    monkeypatch.setattr(held, "now_ms", lambda: clock[0])
    monkeypatch.setattr(push_stream, "now_ms", lambda: clock[0])
    with raw_stream(world, "l", 2 * SEGMENT) as (rep, lines, raw):
        raw.send(lines[0] + b"\n")
        watch.wait_stored(1)
        clock[0] += 2 * held.CLAIM_S * 1000  # the first claim has run out
        raw.send(lines[1] + b"\n")
        watch.wait_stored(2)
        with world.server.db.read() as conn:
            assert held.claimed(conn, rep.replica.device_id), "the stream is unclaimed"
        raw.close()
        watch.wait_ended()
        with world.server.db.read() as conn:
            assert not held.claimed(conn, rep.replica.device_id)


# ------------------------------------------------------------------ the framing, exactly

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)


@settings(max_examples=40, deadline=None)
@given(
    docs=st.lists(st.dictionaries(st.text(max_size=8), _text, max_size=4), min_size=1, max_size=12),
    cuts=st.lists(st.integers(min_value=1, max_value=97), min_size=1, max_size=8),
)
def test_the_server_reads_back_exactly_the_lines_the_client_framed(
    docs: list[dict[str, str]], cuts: list[int]
) -> None:
    """Any JSON lines, framed by the client (one context, flushed per line) and cut into
    arbitrary pieces on the way, are read back one by one, identical, in order by
    ``compression.lines`` (the server's reader, and the client's of a snapshot)."""
    lines = [json.dumps(d, ensure_ascii=False).encode() for d in docs]
    with pytest.MonkeyPatch.context() as fast:  # the framing is the same at any level
        fast.setattr(compression, "ZSTD_STREAM_LEVEL", 3)
        body = framed(lines)
    pieces, at, k = [], 0, 0
    while at < len(body):
        step = cuts[k % len(cuts)]
        pieces.append(body[at : at + step])
        at, k = at + step, k + 1

    class Pieces(io.RawIOBase):
        def __init__(self) -> None:
            self.left = list(pieces)

        def readable(self) -> bool:
            return True

        def readinto(self, target: Any) -> int:
            if not self.left:
                return 0
            piece = self.left.pop(0)
            target[: len(piece)] = piece
            return len(piece)

    assert list(compression.lines(Pieces())) == lines


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["accepted", "duplicate", "rejected"]), max_size=30), max_size=6
    )
)
def test_one_answer_for_the_lines_names_each_change_as_its_line_did(
    outcomes: list[list[str]],
) -> None:
    answers, pushed, expected, seq = [], [], [], 0
    for line in outcomes:
        docs, results = [], []
        for status in line:
            seq += 1
            cid = f"d#{seq}"
            docs.append({"change_id": cid, "seq": seq})
            code = None if status != "rejected" else "invalid_field"
            results.append(protocol.PushItem(cid, status, code))  # type: ignore[arg-type]
            pushed.append((cid, seq))
            expected.append((cid, status))
        answers.append(protocol.PushResult.of(docs, results, "e", 1))
    joined = push_stream.merged(answers, "e", 1)
    got = joined.outcomes(pushed)
    assert [(i.change_id, i.status) if i else None for i in got] == expected
