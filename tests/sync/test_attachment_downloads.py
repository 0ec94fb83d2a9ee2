"""Attachment files travel server -> laptop: a pulled ``attachment`` record whose file is
not here brings the file down in ranged chunks, streamed encrypted into the store;
a cut resumes, a file not on the server yet waits, another office's file never comes."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest

from app.store.attachments import Attachments, AttachmentTransfers
from sync import protocol
from sync.client import SyncEngine, enroll
from sync.client.errors import LinkError, RequestRefused
from sync.client.link import Backoff
from sync.client.transport import Exchange, HttpTransport, Transport
from sync.server.auth import issue_code
from tests.conftest import make_vault
from tests.sync.conftest import Replica, SyncWorld
from tests.sync.faults import PassThrough


class CountRanges(PassThrough):
    """Passes everything; counts ranged GETs and their bytes; the ``cut_at``-th ranged
    GET reaches the server but its answer is lost."""

    def __init__(self, inner: Transport, cut_at: int | None = None) -> None:
        super().__init__(inner)
        self.cut_at = cut_at
        self.ranges = 0
        self.bytes = 0

    def get_range(
        self, sha256: str, start: int, end: int, *, timeout: float | None = None
    ) -> Exchange:
        self.ranges += 1
        ex = self.inner.get_range(sha256, start, end, timeout=timeout)
        self.bytes += len(ex.content)
        if self.ranges == self.cut_at:
            raise LinkError("range answer lost (test)")
        return ex


def counted(cut_at: int | None = None) -> tuple[dict[str, CountRanges], Any]:
    holder: dict[str, CountRanges] = {}

    def wrap(t: Transport) -> Transport:
        holder["t"] = CountRanges(t, cut_at)
        return holder["t"]

    return holder, wrap


def with_files(rep: Replica) -> AttachmentTransfers:
    files = AttachmentTransfers(rep.store)
    rep.engine.attachments = files
    return files


def add_file(rep: Replica, size: int) -> tuple[bytes, str]:
    data = os.urandom(size)
    Attachments(rep.store).add(data, "denuncia.pdf", "application/pdf", case_id="c1")
    return data, hashlib.sha256(data).hexdigest()


def test_pulled_attachment_file_comes_down_encrypted(world: SyncWorld) -> None:
    a = world.replica()
    with_files(a)
    data, sha = add_file(a, 300_000)
    assert a.sync().attachments == 1
    holder, wrap = counted()
    b = world.replica(wrap=wrap)
    files = with_files(b)
    phases: list[str] = []
    report = b.sync(progress=lambda phase, done, total: phases.append(phase))
    assert report.complete and report.attachments_downloaded == 1, report
    assert not report.errors and "attachments" in phases
    assert report.bytes_down >= len(data)
    assert Attachments(b.store).read_blob(sha) == data
    assert files.pending_downloads() == [] and files.pending_uploads() == []
    probe = data[100_000:100_064]  # no plaintext of the file anywhere on B's disk
    for path in (world.tmp / b.name).rglob("*"):
        if path.is_file():
            assert probe not in path.read_bytes(), path
    ranges = holder["t"].ranges
    again = b.sync()
    assert again.complete and again.attachments_downloaded == 0 and again.attachments == 0
    assert holder["t"].ranges == ranges  # nothing fetched again


def test_cut_download_resumes_from_the_bytes_received(world: SyncWorld) -> None:
    a = world.replica()
    with_files(a)
    data, sha = add_file(a, 700_000)
    assert a.sync().attachments == 1
    holder, wrap = counted(cut_at=2)
    b = world.replica(wrap=wrap)
    with_files(b)
    report = b.sync()
    assert report.complete and report.attachments_downloaded == 1, report
    assert report.retries >= 1 and b.waits  # backed off, then went on
    assert Attachments(b.store).read_blob(sha) == data
    assert holder["t"].bytes <= len(data) + protocol.CHUNK_BYTES  # one chunk re-fetched


def test_file_not_on_the_server_yet_waits_for_a_later_round(world: SyncWorld) -> None:
    a = world.replica()  # no attachment port: the record goes up, the file does not
    data, sha = add_file(a, 50_000)
    assert a.sync().complete
    b = world.replica()
    with_files(b)
    first = b.sync()
    assert first.complete and first.attachments_downloaded == 0 and not first.errors, first
    assert not Attachments(b.store).has(sha)
    with_files(a)
    assert a.sync().attachments == 1
    second = b.sync()
    assert second.attachments_downloaded == 1 and not second.errors, second
    assert Attachments(b.store).read_blob(sha) == data


def other_office_replica(world: SyncWorld, wrap: Any) -> Replica:
    admin = world.server.admin
    office = admin.add_office("CUSCO", "ALEGRA Cusco")
    admin.add_user("CUSCO", "ana", "Ana Mamani")
    store = make_vault(world.tmp / "cusco", "CUSCO", "ALEGRA Cusco")
    adapter = store.replica
    base = HttpTransport("http://chasqui.test", client=world.server.client)
    code = issue_code(world.server.db, office.office_id, 3600)
    enroll("http://chasqui.test", code, adapter, transport=base)
    base.set_token(adapter.get_sync_state("device_token"))
    transport = wrap(base)
    waits: list[float] = []
    engine = SyncEngine(
        adapter, transport, sleep=waits.append, backoff=Backoff(base=0.5, cap=5, attempts=6)
    )
    rep = Replica("cusco", store, adapter, transport, engine, waits)
    world.replicas.append(rep)
    return rep


def test_another_offices_file_never_comes_down(world: SyncWorld) -> None:
    a = world.replica()
    with_files(a)
    data, sha = add_file(a, 60_000)
    assert a.sync().attachments == 1
    holder, wrap = counted()
    c = other_office_replica(world, wrap)
    with_files(c)
    # C's own record naming the same file: the server still holds no CUSCO copy of it
    c.store.insert(
        "attachment",
        {
            "case_id": "c9",
            "filename": "copia.pdf",
            "mime": "application/pdf",
            "size": len(data),
            "sha256": sha,
        },
    )
    report = c.sync()
    assert report.status == "ok" and report.attachments_downloaded == 0, report
    assert not report.errors and report.quarantined == 0 and holder["t"].ranges == 0
    assert not Attachments(c.store).has(sha)
    with pytest.raises(RequestRefused) as refused:
        holder["t"].inner.get_range(sha, 0, 99)
    assert refused.value.code == protocol.ErrorCode.NOT_FOUND
