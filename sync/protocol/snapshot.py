"""The snapshot a new device starts from: the merged state of its office, page by page.

Owns ``SnapshotRequest`` / ``SnapshotRecord`` / ``SnapshotPage`` (``POST /v1/snapshot``)
and ``snapshot_record_changes``, which turns a record back into the changes that
rebuild it exactly when merged. A page travels as those changes in one lean block
(``sync.protocol.lean``, snapshot ids): the fields of a record that share a version are
one change, so each per-field version is sent once, exact. A page for a reader of
protocol 3 or newer spells its ids compactly (``lean.compact_ids``).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from msgspec import Meta, field

from sync.changes import RECORD_BASE_KEY, Change
from sync.protocol.base import (
    MIN_PROTOCOL_VERSION,
    NO_CONTROL_PATTERN,
    ClientVersion,
    Count,
    Cursor,
    Hlc,
    Message,
    Text128,
)
from sync.protocol.exchange import DEFAULT_PULL_LIMIT, MAX_PAGE_BYTES, Limit, PageBytes
from sync.protocol.lean import ChangeBlock, compact_ids, snapshot_change_id
from sync.protocol.published import PublishedCatalog, PublishedForm

# The streamed snapshot answer (``SnapshotRequest.stream``) is ``base.STREAM_MEDIA``: one
# zstd frame holding each page's ``SnapshotPage`` JSON on its own line, flushed after each.

After = Annotated[
    str,
    Meta(max_length=300, pattern=NO_CONTROL_PATTERN, description="opaque position (next_after)"),
]


class SnapshotRequest(Message, frozen=True, kw_only=True):
    WHAT: ClassVar[str] = "snapshot request"
    cursor: Cursor = 0  # 0 on the first page; then the cursor the first page returned
    after: After | None = None  # opaque position returned as ``next_after``
    limit: Limit = DEFAULT_PULL_LIMIT
    max_bytes: PageBytes = MAX_PAGE_BYTES
    client_version: ClientVersion
    protocol_version: int
    # every page to the end in one answer (STREAM_MEDIA); a server that does not
    # stream ignores it and answers one page
    stream: bool = False


class SnapshotRecord(Message, frozen=True):
    """Merged state of one record: values, per-field [hlc, base] versions, tombstone."""

    WHAT: ClassVar[str] = "snapshot record"
    entity: Text128
    entity_id: Text128
    values: dict[str, Any]
    versions: dict[str, tuple[Hlc, Hlc]]
    delete_hlc: Hlc | None = None
    delete_base: Hlc | None = None


class SnapshotPage(Message, frozen=True):
    WHAT: ClassVar[str] = "snapshot page"
    changes: ChangeBlock  # the changes rebuilding the page's records (snapshot ids)
    records: Count  # how many records they rebuild
    cursor: Cursor  # change-log position of the snapshot: pull from here afterwards
    next_after: str | None  # pass back as ``after`` for the next page
    more: bool
    epoch: str
    server_time: int
    forms: list[PublishedForm] = field(default_factory=list)  # every published form
    catalogs: list[PublishedCatalog] = field(default_factory=list)  # newest of each catalog

    @classmethod
    def of_records(
        cls,
        records: list[SnapshotRecord],
        cursor: int,
        next_after: str | None,
        more: bool,
        epoch: str,
        server_time: int,
        forms: list[PublishedForm] | None = None,
        catalogs: list[PublishedCatalog] | None = None,
        *,
        reader_protocol: int = MIN_PROTOCOL_VERSION,
    ) -> SnapshotPage:
        """The page of ``records``; its ids compact when its reader (the request's
        ``protocol_version``) reads them (``lean.compact_ids``)."""
        changes = [c for r in records for c in snapshot_record_changes(r)]
        return cls(
            ChangeBlock.of(changes, snapshot=True, ids=compact_ids(len(changes), reader_protocol)),
            len(records),
            cursor,
            next_after,
            more,
            epoch,
            server_time,
            forms or [],
            catalogs or [],
        )


def snapshot_record_changes(record: SnapshotRecord) -> list[Change]:
    """Changes that rebuild ``record`` exactly when merged (one per distinct field HLC).

    Their ids are derived from the record and the HLC (``snap-...``), so applying a
    snapshot twice is harmless. The device id is the HLC's node (the original writer).
    """
    groups: dict[str, dict[str, Any]] = {}
    bases: dict[str, dict[str, str]] = {}
    for name, version in record.versions.items():
        hlc_text, base = str(version[0]), str(version[1])
        groups.setdefault(hlc_text, {})[name] = record.values.get(name)
        bases.setdefault(hlc_text, {})[name] = base
    out: list[Change] = []
    for hlc_text in sorted(groups):
        out.append(
            Change(
                change_id=_snap_id(record, hlc_text, "upsert"),
                entity=record.entity,
                entity_id=record.entity_id,
                op="upsert",
                fields=groups[hlc_text],
                base=bases[hlc_text],
                hlc=hlc_text,
                device_id=hlc_text.split("-", 2)[2],
                seq=0,
            )
        )
    if record.delete_hlc is not None and record.delete_base is not None:
        out.append(
            Change(
                change_id=_snap_id(record, record.delete_hlc, "delete"),
                entity=record.entity,
                entity_id=record.entity_id,
                op="delete",
                fields={},
                base={RECORD_BASE_KEY: record.delete_base},
                hlc=record.delete_hlc,
                device_id=record.delete_hlc.split("-", 2)[2],
                seq=0,
            )
        )
    return out


def _snap_id(record: SnapshotRecord, hlc_text: str, op: str) -> str:
    return snapshot_change_id(record.entity, record.entity_id, hlc_text, op)
