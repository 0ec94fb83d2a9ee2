"""The interfaces the sync client engine needs from its surroundings (ports).

Owns the contracts between ``sync/client`` and the outside: ``ReplicaStore`` (what the
engine needs from the local encrypted store; ``app/store`` implements it, see
``app/store/replication.py``), ``AttachmentFiles`` (encrypted attachment files, when the
store has them), the clocks and the sleeper (injected so that tests never sleep), and
the progress callback. ``sync`` never imports ``app``: everything crosses these ports.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from sync.changes import Change

WallClock = Callable[[], int]  # ms since the Unix epoch (the device clock; may be wrong)
Monotonic = Callable[[], float]  # seconds, for measuring durations
Sleeper = Callable[[float], None]
ProgressCallback = Callable[[str, int, int], None]  # phase, done, total (0: unknown)

# sync_state keys the client engine owns (values are JSON, inside the encrypted store)
KEY_TOKEN = "device_token"  # noqa: S105 (a key name, not a secret)
KEY_SERVER_URL = "server_url"
KEY_CURSOR = "cursor"  # int once the snapshot is done; {"snapshot": c, "after": a} during it
KEY_EPOCH = "epoch"
KEY_SKEW = "clock_skew_ms"
KEY_LAST_SUCCESS = "last_success"
KEY_LAST_REPORT = "last_report"
KEY_FORMS = "published_forms"
KEY_BUNDLES = "imported_bundles"
KEY_BUNDLE_RESTAMPED = "bundle_restamped"  # own changes re-stamped after a USB reply
KEY_ENROLLMENT = "enrollment"
KEY_PUSHED_UPTO = "pushed_upto"  # highest seq put on the wire (sync.client.resume)


class ReplicaStore(Protocol):
    """What the engine needs from the local store. Writes are atomic per call.

    ``apply_remote_changes(changes, cursor)`` applies a page and stores ``cursor`` under
    the ``cursor`` sync-state key in the same transaction. Store errors propagate as the
    store's own exceptions (the engine stops the round and reports them).
    """

    @property
    def device_id(self) -> str: ...

    def pending_changes(self, limit: int, after: int = 0) -> list[Change]: ...
    def pending_count(self) -> int: ...
    def confirm_changes(self, change_ids: Iterable[str], epoch: str | None = None) -> int: ...
    def quarantine_change(self, change_id: str, code: str, reason: str) -> None: ...
    def list_quarantine(self) -> list[dict[str, Any]]: ...
    def requeue_for_epoch(self, epoch: str) -> int: ...
    def restamp_changes(
        self, change_ids: Iterable[str], skew_ms: int | None, bound: bool = False
    ) -> int: ...
    def apply_remote_changes(self, changes: Iterable[Any], cursor: Any = None) -> Any: ...
    def get_sync_state(self, key: str, default: Any = None) -> Any: ...
    def set_sync_state(self, key: str, value: Any) -> None: ...
    def list_conflicts(self, open_only: bool = True) -> list[dict[str, Any]]: ...
    def resolve_conflict(self, conflict_id: str, keep: str = "theirs") -> None: ...
    def adopt_identity(
        self,
        device_id: str,
        device_no: int,
        office_id: str,
        office_code: str,
        state: Mapping[str, Any] | None = None,
    ) -> None: ...  # and the sync-state keys in ``state``, all in one transaction


class AttachmentFiles(Protocol):
    """Encrypted attachment files of the local store (uploaded after their records;
    downloaded after a pull brings a record whose file is not here).

    ``pending_downloads`` lists (sha256, size from the record) of live attachment
    records without a local file. A download is streamed: ``download_offset`` starts or
    resumes one and says how many bytes are already held, ``write_download`` takes the
    next bytes (at exactly that offset) and keeps them encrypted (plaintext never on
    disk, memory bounded whatever the size), ``finish_download`` adopts the file when
    its SHA-256 matches and returns False (discarding what it held) when it does not.
    """

    def pending_uploads(self) -> list[tuple[str, int]]: ...  # (sha256, size) not yet sent
    def read_chunk(self, sha256: str, offset: int, length: int) -> bytes: ...  # plaintext
    def mark_uploaded(self, sha256: str) -> None: ...
    def pending_downloads(self) -> list[tuple[str, int]]: ...  # (sha256, size) not here
    def download_offset(self, sha256: str, size: int) -> int: ...
    def write_download(self, sha256: str, offset: int, data: bytes) -> None: ...
    def finish_download(self, sha256: str) -> bool: ...


class CancelToken:
    """Set by anyone (the UI, a signal handler); the engine checks it between steps."""

    def __init__(self) -> None:
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled


def system_wall() -> int:
    return time.time_ns() // 1_000_000
