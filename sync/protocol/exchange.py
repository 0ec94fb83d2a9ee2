"""The replication exchange: push batches, pull pages and the combined ``/v1/sync``.

Owns ``PushBatch`` / ``PushItem`` / ``PushResult`` (``POST /v1/push``), ``PullRequest`` /
``PulledChange`` / ``PullPage`` (``POST /v1/pull``) and ``SyncRequest`` /
``SyncResponse`` (both in one round trip). Changes travel as plain documents inside a
push batch so that the server validates and quarantines each one on its own
(``sync.changes.Change.from_dict``) while the rest of the batch flows; the OpenAPI
document still describes them as ``Change``.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Final, Literal, TypeVar

import msgspec
from msgspec import Meta, field

from sync.changes import Change, MalformedChange
from sync.protocol.base import (
    PROTOCOL_VERSION,
    CatalogsHeld,
    ClientVersion,
    Count,
    Cursor,
    ErrorCode,
    FormsHeld,
    Message,
    ProtocolError,
    Text128,
)
from sync.protocol.published import PublishedCatalog, PublishedForm

MAX_PUSH_CHANGES = 1000  # changes in one push batch
DEFAULT_PULL_LIMIT = 500
MAX_PULL_LIMIT = 2000
# A page (pull, snapshot) holds at most this many bytes of change/record text, and at
# least one change: a page never exceeds the budget unless a single change does, and
# then that change travels alone. The client may ask for less (``max_bytes``).
MAX_PAGE_BYTES = 4 * 1024 * 1024
MIN_PAGE_BYTES = 1024

# Per-change outcome statuses.
PushStatus = Literal["accepted", "duplicate", "rejected"]
ACCEPTED: Final = "accepted"
DUPLICATE: Final = "duplicate"  # identical re-send: success, confirm it
REJECTED: Final = "rejected"  # goes to quarantine with code + reason; never re-send as is
PUSH_STATUSES: tuple[PushStatus, ...] = (ACCEPTED, DUPLICATE, REJECTED)

P = TypeVar("P", "PushBatch", "PullRequest")
CHANGE_SCHEMA_REF = "#/components/schemas/Change"  # sync.protocol.schema's ref template
ChangeDoc = Annotated[dict[str, Any], Meta(extra_json_schema={"$ref": CHANGE_SCHEMA_REF})]
# In a push each item is checked on its own (a malformed one is quarantined, the rest flow).
PushedChange = Annotated[Any, Meta(extra_json_schema={"$ref": CHANGE_SCHEMA_REF})]
PushedChanges = Annotated[
    list[PushedChange], Meta(extra_json_schema={"maxItems": MAX_PUSH_CHANGES})
]
Limit = Annotated[int, Meta(ge=1, le=MAX_PULL_LIMIT, description="changes per page")]
PageBytes = Annotated[
    int,
    Meta(
        ge=MIN_PAGE_BYTES,
        le=MAX_PAGE_BYTES,
        description="bytes of changes per page (at least one change is always sent)",
    ),
]


class PushBatch(Message, frozen=True, kw_only=True):
    WHAT: ClassVar[str] = "push batch"
    device_id: Text128
    protocol_version: int
    client_version: ClientVersion
    form_versions: FormsHeld = field(default_factory=dict)  # newest held per form id
    catalog_versions: CatalogsHeld = field(default_factory=dict)  # newest held per catalog
    # Change.to_dict() documents, each validated on its own by the server
    changes: PushedChanges = field(default_factory=list)

    def check(self) -> None:
        if len(self.changes) > MAX_PUSH_CHANGES:
            raise ProtocolError(
                ErrorCode.TOO_LARGE, f"a push carries at most {MAX_PUSH_CHANGES} changes"
            )

    @classmethod
    def of(
        cls,
        device_id: str,
        client_version: str,
        changes: list[Change],
        form_versions: dict[str, int] | None = None,
        catalog_versions: dict[str, int] | None = None,
    ) -> PushBatch:
        return cls(
            device_id=device_id,
            protocol_version=PROTOCOL_VERSION,
            client_version=client_version,
            form_versions=form_versions or {},
            catalog_versions=catalog_versions or {},
            changes=[c.to_dict() for c in changes],
        )


class PushItem(Message, frozen=True, omit_defaults=True):
    WHAT: ClassVar[str] = "push item"
    change_id: str
    status: PushStatus
    code: str | None = None  # ErrorCode for a rejection
    reason: str | None = None  # human-readable reason (English)
    seq: int | None = None  # server sequence of the stored change (accepted/duplicate)

    @property
    def confirmed(self) -> bool:
        """The server has this change (the client may mark it confirmed)."""
        return self.status in (ACCEPTED, DUPLICATE)


class PushResult(Message, frozen=True):
    WHAT: ClassVar[str] = "push result"
    results: list[PushItem]
    epoch: str
    server_time: int


class PullRequest(Message, frozen=True, kw_only=True):
    WHAT: ClassVar[str] = "pull request"
    cursor: Cursor = 0  # last server seq the client applied (0: from the start)
    limit: Limit = DEFAULT_PULL_LIMIT
    max_bytes: PageBytes = MAX_PAGE_BYTES
    form_versions: FormsHeld = field(default_factory=dict)
    catalog_versions: CatalogsHeld = field(default_factory=dict)
    client_version: ClientVersion
    protocol_version: int

    @classmethod
    def of(
        cls, cursor: int, limit: int, client_version: str, max_bytes: int = MAX_PAGE_BYTES
    ) -> PullRequest:
        return cls(
            cursor=cursor,
            limit=limit,
            max_bytes=max_bytes,
            client_version=client_version,
            protocol_version=PROTOCOL_VERSION,
        )


class PulledChange(Message, frozen=True):
    WHAT: ClassVar[str] = "pulled change"
    seq: Count
    change: ChangeDoc  # Change.to_dict(); Change.from_dict(...) to use it


class PullPage(Message, frozen=True):
    WHAT: ClassVar[str] = "pull page"
    changes: list[PulledChange]
    next_cursor: Cursor  # store with the applied page, in the same transaction
    more: bool
    epoch: str
    server_time: int
    forms: list[PublishedForm] = field(default_factory=list)  # newer than form_versions
    catalogs: list[PublishedCatalog] = field(default_factory=list)  # newer than catalog_versions

    def parsed_changes(self) -> list[Change]:
        """The page's changes as ``Change`` objects (raises ProtocolError if malformed)."""
        out = []
        for item in self.changes:
            try:
                out.append(Change.from_dict(item.change))
            except MalformedChange as exc:
                raise ProtocolError(ErrorCode.BAD_REQUEST, f"server sent {exc}") from exc
        return out


class SyncRequest(PushBatch, frozen=True, kw_only=True):
    """A push batch and a pull request in one body (the push fields plus cursor, limit)."""

    WHAT: ClassVar[str] = "sync request"
    cursor: Cursor = 0
    limit: Limit = DEFAULT_PULL_LIMIT
    max_bytes: PageBytes = MAX_PAGE_BYTES

    @classmethod
    def of_parts(
        cls, push: PushBatch, cursor: int, limit: int, max_bytes: int = MAX_PAGE_BYTES
    ) -> SyncRequest:
        return cls(**msgspec.structs.asdict(push), cursor=cursor, limit=limit, max_bytes=max_bytes)

    @property
    def push(self) -> PushBatch:
        return _part(self, PushBatch)

    @property
    def pull(self) -> PullRequest:
        return _part(self, PullRequest)


def _part(whole: SyncRequest, kind: type[P]) -> P:
    """The push or pull half of a sync request (each field of ``kind`` taken as is)."""
    return kind(**{name: getattr(whole, name) for name in kind.__struct_fields__})


class SyncResponse(Message, frozen=True):
    WHAT: ClassVar[str] = "sync response"
    push: PushResult
    pull: PullPage
    epoch: str
    server_time: int

    @classmethod
    def of(cls, push: PushResult, pull: PullPage) -> SyncResponse:
        return cls(push, pull, pull.epoch, pull.server_time)
