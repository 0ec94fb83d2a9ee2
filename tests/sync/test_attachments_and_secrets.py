"""Attachments after their record in resumable chunks (through the ``AttachmentFiles``
port), and the device token never leaving the encrypted store."""

from __future__ import annotations

import hashlib
import logging
import os

import pytest

from sync.client.errors import LinkError
from sync.client.transport import Exchange, Transport
from tests.sync.conftest import SyncWorld
from tests.sync.faults import PassThrough


class MemoryFiles:
    """An in-memory stand-in for the store's encrypted attachment files."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files
        self.uploaded: list[str] = []

    def pending_uploads(self) -> list[tuple[str, int]]:
        return [(sha, len(data)) for sha, data in self.files.items() if sha not in self.uploaded]

    def read_chunk(self, sha256: str, offset: int, length: int) -> bytes:
        return self.files[sha256][offset : offset + length]

    def mark_uploaded(self, sha256: str) -> None:
        self.uploaded.append(sha256)

    def pending_downloads(self) -> list[tuple[str, int]]:
        return []

    def download_offset(self, sha256: str, size: int) -> int:
        raise AssertionError("nothing is pending download here")

    def write_download(self, sha256: str, offset: int, data: bytes) -> None:
        raise AssertionError("nothing is pending download here")

    def finish_download(self, sha256: str) -> bool:
        raise AssertionError("nothing is pending download here")


class CutChunks(PassThrough):
    """Passes JSON calls; the n-th attachment chunk is lost after the server stored it."""

    def __init__(self, inner: Transport, cut_at: int) -> None:
        super().__init__(inner)
        self.cut_at = cut_at
        self.chunks = 0
        self.bytes = 0

    def put_chunk(
        self, sha256: str, start: int, data: bytes, total: int, *, timeout: float | None = None
    ) -> Exchange:
        self.chunks += 1
        self.bytes += len(data)
        ex = self.inner.put_chunk(sha256, start, data, total, timeout=timeout)
        if self.chunks == self.cut_at:
            raise LinkError("chunk answer lost (test)")
        return ex


def test_attachment_uploads_after_its_record_and_resumes(world: SyncWorld) -> None:
    data = os.urandom(700_000)
    sha = hashlib.sha256(data).hexdigest()
    files = MemoryFiles({sha: data})
    wrapper: dict[str, CutChunks] = {}

    def wrap(t: Transport) -> Transport:
        wrapper["t"] = CutChunks(t, cut_at=2)
        return wrapper["t"]

    a = world.replica(wrap=wrap, attachments=files)
    a.store.insert(
        "attachment",
        {
            "case_id": "c1",
            "filename": "escrito.pdf",
            "mime": "application/pdf",
            "size": len(data),
            "sha256": sha,
        },
    )
    report = a.sync()
    assert report.complete and report.attachments == 1, report
    assert files.uploaded == [sha]
    assert wrapper["t"].bytes <= len(data) + 256 * 1024  # resumed from the server's offset
    got = world.server.client.get(
        f"/v1/attachments/{sha}",
        headers={"Authorization": f"Bearer {a.replica.get_sync_state('device_token')}"},
    )
    assert got.status_code == 200 and hashlib.sha256(got.content).hexdigest() == sha


def test_token_never_in_logs_reports_or_files(
    world: SyncWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    a = world.replica()
    token = a.replica.get_sync_state("device_token")
    assert token and len(token) > 20
    a.store.insert("person", {"office_id": a.store.office_id, "given_names": "Rosa"})
    report = a.sync()
    assert token not in caplog.text
    assert token not in repr(report.to_dict()) and token not in repr(a.engine.transport)
    for path in (world.tmp / a.name).rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path  # only inside the cipher


def test_store_attachment_files_reach_the_server(world: SyncWorld) -> None:
    """The real encrypted files of the store (not a stand-in) upload after their record,
    chunk by chunk, decrypted only in memory; a second round sends nothing again."""
    from app.store.attachments import Attachments, AttachmentTransfers

    a = world.replica()
    uploads = AttachmentTransfers(a.store)
    a.engine.attachments = uploads
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    Attachments(a.store).add(data, "denuncia.pdf", "application/pdf", case_id="c1")
    assert uploads.pending_uploads() == [(sha, len(data))]
    assert uploads.read_chunk(sha, 65_000, 70_000) == data[65_000:135_000]
    report = a.sync()
    assert report.complete and report.attachments == 1, report
    assert uploads.pending_uploads() == []
    got = world.server.client.get(
        f"/v1/attachments/{sha}",
        headers={"Authorization": f"Bearer {a.replica.get_sync_state('device_token')}"},
    )
    assert got.status_code == 200 and got.content == data
    again = a.sync()
    assert again.complete and again.attachments == 0
