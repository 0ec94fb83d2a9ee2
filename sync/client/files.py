"""Attachment files in a sync round: resumable chunked uploads and ranged downloads.

Owns moving file bytes after their records: each pending upload goes up in chunks sized
by the measured link (resuming from the server's offset after a cut, re-reading the
offset on a mismatch); then the files of pulled ``attachment`` records that are not here
come down in ranged chunks, streamed into the store (``AttachmentFiles.write_download``
keeps them encrypted; memory holds one range, whatever the file's size) from the offset
the store already holds, so a cut resumes where it stopped, in this round or a later
one. The store adopts the file only when its SHA-256 matches. A file the server does not
hold completely yet (404) waits for a later round.
``FileTransfer`` is driven by the engine's round through ``RoundSteps``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from sync import protocol
from sync.client import errors
from sync.client.link import Backoff, LinkEstimator
from sync.client.ports import AttachmentFiles, Sleeper
from sync.client.report import RoundReport
from sync.client.transport import Exchange, Transport

_EMPTY_SHA = hashlib.sha256(b"").hexdigest()


class RoundSteps(Protocol):
    """What a file transfer needs from the round that runs it."""

    report: RoundReport

    def step(self) -> None: ...

    def say(self, phase: str, done: int, total: int) -> None: ...

    def local(self, what: str, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any: ...


class FileTransfer:
    """The attachment phase of one round (uploads first, then downloads)."""

    def __init__(
        self,
        run: RoundSteps,
        files: AttachmentFiles,
        transport: Transport,
        link: LinkEstimator,
        backoff: Backoff,
        sleep: Sleeper,
    ) -> None:
        self.run = run
        self.files = files
        self.transport = transport
        self.link = link
        self.backoff = backoff
        self.sleep = sleep

    def upload_all(self) -> None:
        files = self.files
        todo = self.run.local("attachments", files.pending_uploads)
        for index, (sha, size) in enumerate(todo):
            self.run.step()
            self.run.say("attachments", index, len(todo))
            if self.upload_one(files, sha, size):
                self.run.local("attachments", files.mark_uploaded, sha)
                self.run.report.attachments += 1

    def upload_one(self, files: AttachmentFiles, sha: str, size: int) -> bool:
        offset = self.attachment_offset(sha)
        if offset is None:
            return True
        failures = 0
        while offset < size:
            self.run.step()
            rate = self.link.throughput or 8_000.0
            chunk = int(min(protocol.CHUNK_BYTES, max(16_384, rate * self.link.target_seconds / 2)))
            data = self.run.local("attachments", files.read_chunk, sha, offset, chunk)
            try:
                ex = self.transport.put_chunk(
                    sha, offset, data, size, timeout=self.link.timeout_for(len(data))
                )
            except errors.RETRYABLE as exc:
                self.run.report.requests += 1
                failures += 1
                if failures >= self.backoff.attempts:
                    raise exc
                self.sleep(self.backoff.delay(failures - 1))
                found = self.attachment_offset(sha)
                if found is None:
                    return True
                offset = found
                continue
            except errors.RequestRefused as exc:
                self.run.report.requests += 1
                if exc.code in (
                    protocol.ErrorCode.OFFSET_MISMATCH,
                    protocol.ErrorCode.HASH_MISMATCH,
                ):
                    found = self.attachment_offset(sha)
                    if found is None:
                        return True
                    offset = found
                    failures += 1
                    if failures >= self.backoff.attempts:
                        raise
                    continue
                raise
            self.run.report.requests += 1
            self.run.report.bytes_up += ex.bytes_up
            self.run.report.bytes_down += ex.bytes_down
            self.link.observe(ex.seconds, ex.bytes_up)
            status = ex.message(protocol.AttachmentStatus, "attachment status")
            if status.complete:
                return True
            offset = status.offset
        return self.attachment_offset(sha) is None

    def attachment_offset(self, sha: str) -> int | None:
        """Bytes the server holds of this file; None when it is complete."""
        ex = self.transport.call("GET", f"/v1/attachments/{sha}/status")
        self.run.report.requests += 1
        self.run.report.bytes_down += ex.bytes_down
        status = ex.message(protocol.AttachmentStatus, "attachment status")
        return None if status.complete else status.offset

    def download_all(self) -> None:
        files = self.files
        todo = self.run.local("attachments", files.pending_downloads)
        for index, (sha, size) in enumerate(todo):
            self.run.step()
            self.run.say("attachments", index, len(todo))
            if self.download_one(sha, size):
                self.run.report.attachments_downloaded += 1

    def download_one(self, sha: str, size: int) -> bool:
        """Stream the file into the store from the bytes it already holds; False when it
        must wait (not on the server completely yet, or damaged on the way)."""
        transport, files = self.transport, self.files
        if size == 0 and sha == _EMPTY_SHA:  # nothing to fetch (the server never holds it)
            self.run.local("attachments", files.download_offset, sha, 0)
            return bool(self.run.local("attachments", files.finish_download, sha))
        try:
            ex = self.retrying(lambda: transport.call("GET", f"/v1/attachments/{sha}/status"))
        except errors.RequestRefused as exc:
            if exc.code == protocol.ErrorCode.NOT_FOUND:
                return False
            raise
        status = ex.message(protocol.AttachmentStatus, "attachment status")
        if not status.complete or status.size is None:
            return False
        total = status.size
        if total != size:  # the record and the server disagree: fetch nothing, say so
            self.run.report.errors.append(
                f"attachment {sha[:12]}: the server holds {total} bytes, the record says"
                f" {size}; not downloaded"
            )
            return False
        start = self.run.local("attachments", files.download_offset, sha, total)
        while start < total:
            self.run.step()
            end = min(total, start + self.download_chunk()) - 1
            timeout = self.link.timeout_for(end - start + 1)
            try:
                ex = self.retrying(partial(_range, transport, sha, start, end, timeout))
            except errors.RequestRefused as exc:
                if exc.code == protocol.ErrorCode.NOT_FOUND:  # gone meanwhile (restore)
                    return False
                raise
            self.link.observe(ex.seconds, ex.bytes_down)
            self.run.local("attachments", files.write_download, sha, start, ex.content)
            start += len(ex.content)
            self.run.say("bytes", self.run.report.bytes_up + self.run.report.bytes_down, 0)
        if not self.run.local("attachments", files.finish_download, sha):
            self.run.report.errors.append(
                f"attachment {sha[:12]}: the downloaded bytes do not match; retried next round"
            )
            return False
        return True

    def download_chunk(self) -> int:
        rate = self.link.throughput or 8_000.0
        return int(min(protocol.CHUNK_BYTES, max(16_384, rate * self.link.target_seconds / 2)))

    def retrying(self, fn: Callable[[], Exchange]) -> Exchange:
        """One request with retries and backoff (cancel checked before each wait)."""
        last: errors.ChasquiError | None = None
        for attempt in range(self.backoff.attempts):
            self.run.step()
            try:
                ex = fn()
            except errors.RETRYABLE as exc:
                last = exc
                self.run.report.requests += 1
                self.run.report.retries += 1
                if attempt + 1 < self.backoff.attempts:
                    self.run.step()
                    self.sleep(self.backoff.delay(attempt))
                continue
            except errors.RequestRefused:
                self.run.report.requests += 1
                raise
            self.run.report.requests += 1
            self.run.report.bytes_up += ex.bytes_up
            self.run.report.bytes_down += ex.bytes_down
            return ex
        assert last is not None
        raise last


def _range(transport: Transport, sha: str, start: int, end: int, timeout: float) -> Exchange:
    ex = transport.get_range(sha, start, end, timeout=timeout)
    if not ex.content or len(ex.content) > end - start + 1:
        raise errors.BadResponse(f"attachment {sha[:12]}: the answer is not the range asked for")
    return ex
