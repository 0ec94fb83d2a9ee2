"""The result of one sync round (``RoundReport``) and its status values.

Owns what a round tells its caller (CLI, UI, scheduler): counts of changes pushed,
pulled, conflicts and quarantined, bytes and requests on the wire, the clock skew
against the server, and one ``status`` that says whether everything went through.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from sync.errors import ChasquiError

OK = "ok"  # everything was exchanged (pending may still be > 0 if quarantined)
OFFLINE = "offline"  # the link failed after the retries
CANCELLED = "cancelled"
UPDATE_REQUIRED = "update_required"
REVOKED = "revoked"
UNAUTHORIZED = "unauthorized"
NOT_ENROLLED = "not_enrolled"
LOCAL_ERROR = "local_error"  # the local store failed (disk full, locked...)
ERROR = "error"  # the server refused a request for another reason
STATUSES = (OK, OFFLINE, CANCELLED, UPDATE_REQUIRED, REVOKED, UNAUTHORIZED, NOT_ENROLLED)


@dataclass
class RoundReport:
    status: str = OK
    pushed: int = 0  # changes the server confirmed (accepted or duplicate)
    duplicates: int = 0  # of which the server already had (a re-send)
    pulled: int = 0  # changes (or snapshot record versions) received
    applied: int = 0  # of which changed a local record
    conflicts: int = 0  # new conflict records
    quarantined: int = 0  # changes the server rejected in this round
    set_aside: int = 0  # received changes the store could not apply: kept aside, shown
    restamped: int = 0  # own changes given a new stamp (clock ahead of the server's)
    snapshot_records: int = 0
    attachments: int = 0  # files completed (uploads)
    attachments_downloaded: int = 0  # files received from the server and stored
    requeued: int = 0  # changes re-queued because the server epoch changed
    epoch_changed: bool = False
    pending: int = 0  # changes still waiting in the outbox after the round
    bytes_up: int = 0
    bytes_down: int = 0
    requests: int = 0
    retries: int = 0
    skew_ms: int | None = None  # server clock minus device clock
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    # What ended the round early (a ``sync.errors`` tree class: ``BadResponse``,
    # ``DiskFull``...), for front ends to word by class; never serialized.
    failure: ChasquiError | None = field(default=None, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        """Everything was exchanged and nothing is left waiting."""
        return self.status == OK and self.pending == 0

    def to_dict(self) -> dict[str, Any]:
        doc = asdict(replace(self, failure=None))
        del doc["failure"]
        return doc

    def summary(self) -> str:
        skew = "" if self.skew_ms is None else f", clock skew {self.skew_ms / 1000:+.1f} s"
        return (
            f"{self.status}: pushed {self.pushed}, pulled {self.pulled}, conflicts "
            f"{self.conflicts}, quarantined {self.quarantined}, set aside {self.set_aside}, "
            f"pending {self.pending}, "
            f"{self.requests} requests, {self.bytes_up} B up, {self.bytes_down} B down{skew}"
        )
