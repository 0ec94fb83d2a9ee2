"""The replication exchange: push batches, pull pages and the combined ``/v1/sync``.

Owns ``PushBatch`` / ``PushItem`` / ``PushResult`` (``POST /v1/push``), ``HeldRequest``
(``POST /v1/held``: what of a cut upload the server holds), ``PullRequest`` /
``PullPage`` (``POST /v1/pull``), ``SyncRequest`` / ``SyncResponse`` (both in one round
trip) and ``PulledChange`` (a change with its server sequence, in USB reply bundles).
Changes travel lean (protocol 2): a push batch's and a pull page's changes are one
``sync.protocol.lean.ChangeBlock``; the server turns the block back into one document
per change and validates and quarantines each on its own (``Change.from_dict`` and its
checks) while the rest of the batch flows. The acknowledgement is compact: the changes
accepted and the duplicates as ranges of their ``seq``; only rejections (and a change
whose ``seq`` does not name it alone in its batch) are listed one by one.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Final, Literal, TypeVar

import msgspec
from msgspec import Meta, field

from sync.changes import Change
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
from sync.protocol.lean import (
    CHANGE_SCHEMA_REF,
    ChangeBlock,
    Ranges,
    compact_ids,
    ranges_size,
    to_ranges,
)
from sync.protocol.published import PublishedCatalog, PublishedForm

MAX_PUSH_CHANGES = 3000  # changes in one push batch (one compression context: bigger is leaner)
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
ChangeDoc = Annotated[dict[str, Any], Meta(extra_json_schema={"$ref": CHANGE_SCHEMA_REF})]
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
    # the changes, lean; the server checks each one on its own (``ChangeBlock.docs``)
    changes: ChangeBlock = field(default_factory=ChangeBlock)

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
            # compact ids (protocol 3) where they pay
            changes=ChangeBlock.of(changes, ids=compact_ids(len(changes))),
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


SeqRanges = Annotated[
    list[tuple[Count, Count]],
    Meta(max_length=MAX_PUSH_CHANGES, description="inclusive ranges of the changes' seq"),
]


class PushResult(Message, frozen=True, omit_defaults=True):
    """The compact acknowledgement of a push: ``accepted`` and ``duplicate`` are ranges
    of the pushed changes' ``seq`` (both mean the server holds the change); ``items``
    lists every other outcome one by one (rejections with code and reason)."""

    WHAT: ClassVar[str] = "push result"
    epoch: str
    server_time: int
    accepted: SeqRanges = field(default_factory=list)
    duplicate: SeqRanges = field(default_factory=list)
    items: list[PushItem] = field(default_factory=list)

    @classmethod
    def of(
        cls, docs: list[Any], results: list[PushItem], epoch: str, server_time: int
    ) -> PushResult:
        """The acknowledgement of ``results`` for the pushed documents ``docs`` (a result
        is found in the ranges when its change id names one document whose ``seq`` no
        other document of the batch has; every other result is listed in ``items``)."""
        keys = [
            (d.get("change_id"), d.get("seq")) if isinstance(d, dict) else (None, None)
            for d in docs
        ]
        repeated_seqs = _repeated([seq for _, seq in keys])
        repeated_ids = _repeated([cid for cid, _ in keys])
        seq_of = {
            cid: seq
            for cid, seq in keys
            if type(seq) is int and seq not in repeated_seqs and cid not in repeated_ids
        }
        accepted: list[int] = []
        duplicate: list[int] = []
        items: list[PushItem] = []
        for item in results:
            seq = seq_of.get(item.change_id)
            if seq is not None and item.status == ACCEPTED:
                accepted.append(seq)
            elif seq is not None and item.status == DUPLICATE:
                duplicate.append(seq)
            else:
                items.append(item)
        return cls(epoch, server_time, to_ranges(accepted), to_ranges(duplicate), items)

    @property
    def names_nothing(self) -> bool:
        """The answer names no change (e.g. a pipelined batch refused for arriving early)."""
        return not (self.accepted or self.duplicate or self.items)

    def results_for(self, batch: list[Change]) -> list[PushItem]:
        """The outcome of each change of ``batch`` (the one pushed) the answer names, in
        the batch's order; a change the answer does not name is left out (unanswered)."""
        found = self.outcomes([(c.change_id, c.seq) for c in batch])
        return [item for item in found if item is not None]

    def outcomes(self, pushed: list[tuple[Any, Any]]) -> list[PushItem | None]:
        """For each pushed (change id, seq), in order, its outcome or None (unanswered)."""
        by_id = {item.change_id: item for item in self.items}
        repeated = _repeated([seq for _, seq in pushed])
        out: list[PushItem | None] = []
        for change_id, seq in pushed:
            item = by_id.get(change_id)
            if item is None and type(seq) is int and seq not in repeated:
                if _covers(self.accepted, seq):
                    item = PushItem(change_id, ACCEPTED)
                elif _covers(self.duplicate, seq):
                    item = PushItem(change_id, DUPLICATE)
            out.append(item)
        return out


# seqs one ``HeldRequest`` may ask about: the pushes a cut can leave unanswered
MAX_HELD_CHANGES = 4 * MAX_PUSH_CHANGES
# the server answers a ``HeldRequest`` once the device's pushes running there end, after
# at most this long (a client's timeout is at least 15 s)
HELD_WAIT_S = 10.0

# The streamed upload (``POST /v1/push-stream``, issue 14): one request whose body is one
# zstd frame (``STREAM_MEDIA``: a ``PushBatch`` JSON a line, the compressor
# flushed after each), every line stored as soon as it has arrived, one ``PushResult``
# for them all. A cut loses the line on the link; ``/v1/held`` names what was stored.
PUSH_STREAM_PATH = "/v1/push-stream"
# changes one stream carries at most: what one ``HeldRequest`` asks about after a cut
MAX_STREAM_CHANGES = MAX_HELD_CHANGES
MAX_STREAM_BYTES = 16 * 1024 * 1024  # compressed bytes of one stream's body
MAX_STREAM_TEXT = 64 * 1024 * 1024  # its lines' text (12,000 changes of a real office: ~6 MB)


class HeldRequest(Message, frozen=True, kw_only=True):
    """``POST /v1/held``: which of the authenticated device's own changes, by ``seq``,
    the server holds — asked after a cut, before sending again the pushes it left
    unanswered (a cut loses the body on the link, not the batches the server stored).
    Only changes whose id is derived (``sync.changes.derived_change_id``) are asked
    about. The answer is a ``PushResult`` whose ``duplicate`` ranges are the held
    ones (the client confirms them, as for an identical re-send); a change it does not
    name is sent again, and the push decides it as always (a quarantined one included)."""

    WHAT: ClassVar[str] = "held request"
    seqs: SeqRanges
    client_version: ClientVersion
    protocol_version: int

    def check(self) -> None:
        if any(low > high for low, high in self.seqs):
            raise ProtocolError(ErrorCode.BAD_REQUEST, "a range of seqs runs backwards")
        if ranges_size(self.seqs) > MAX_HELD_CHANGES:
            raise ProtocolError(
                ErrorCode.TOO_LARGE, f"ask about at most {MAX_HELD_CHANGES} changes at once"
            )

    @classmethod
    def of(cls, seqs: list[int], client_version: str) -> HeldRequest:
        return cls(
            seqs=to_ranges(seqs), client_version=client_version, protocol_version=PROTOCOL_VERSION
        )


def _repeated(values: list[Any]) -> set[Any]:
    seen: set[Any] = set()
    twice: set[Any] = set()
    for v in values:
        (twice if v in seen else seen).add(v)
    return twice


def _covers(ranges: Ranges, number: int) -> bool:
    return any(low <= number <= high for low, high in ranges)


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
    """A stored change with its server sequence (USB reply bundles)."""

    WHAT: ClassVar[str] = "pulled change"
    seq: Count
    change: ChangeDoc  # Change.to_dict(); Change.from_dict(...) to use it


class PullPage(Message, frozen=True):
    WHAT: ClassVar[str] = "pull page"
    changes: ChangeBlock  # ascending server seq; ``changes.docs()`` to apply them
    next_cursor: Cursor  # store with the applied page, in the same transaction
    more: bool
    epoch: str
    server_time: int
    forms: list[PublishedForm] = field(default_factory=list)  # newer than form_versions
    catalogs: list[PublishedCatalog] = field(default_factory=list)  # newer than catalog_versions

    def parsed_changes(self) -> list[Change]:
        """The page's changes as ``Change`` objects (raises ProtocolError if malformed)."""
        return self.changes.changes()


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
