"""The sync wire format: one versioned definition shared by the client and the server.

Owns the shapes of every request and response body, the error codes, and the version
rules, declared once as msgspec ``Struct`` types (``sync.protocol.base.Message``): the
same declaration validates untrusted JSON on both sides (``Message.decode`` /
``from_dict`` raise ``ProtocolError``), encodes it, and is the source of the server's
OpenAPI document (``sync.protocol.schema``). The client needs neither FastAPI nor
pydantic. Body compression lives in ``sync.compression``.

Modules, by concern: ``base`` (versions, error codes, constrained types, ``Message``),
``exchange`` (push, pull, ``/v1/sync``), ``published`` (forms, catalogs), ``snapshot``,
``enrollment``, ``attachments``, ``schema`` (the OpenAPI components). Everything is
re-exported here: ``from sync import protocol; protocol.PushBatch``.

Transport rules (every endpoint)
--------------------------------
- Bodies are JSON, compressed with zstd: ``x-chasqui-zd1`` (zstd; a small body against
  the protocol's frozen dictionary, ``sync.compression.DICTIONARY``) or plain ``zstd``;
  gzip and identity are accepted too. Responses use the first of ``x-chasqui-zd1``,
  ``zstd``, ``gzip`` the request's ``Accept-Encoding`` offers, else identity. Caps:
  ``MAX_BODY_BYTES`` compressed, ``MAX_DECOMPRESSED_BYTES`` decompressed (413
  ``too_large``).
- Every request except ``/v1/health`` and ``/v1/enroll`` carries
  ``Authorization: Bearer <device token>``.
- Every JSON response carries ``epoch`` (random id of the server database: when it
  changes the server was restored, and the client re-sends what it lacks) and
  ``server_time`` (server wall clock, ms since the Unix epoch, for skew detection);
  also as headers ``Chasqui-Epoch`` and ``Chasqui-Server-Time`` (except answers to POST,
  whose bodies say both: bytes saved on every small exchange).
- Errors: HTTP 4xx/5xx with ``{"error": {"code": "...", "message": "..."}, "epoch": ...,
  "server_time": ...}``; codes in ``ErrorCode`` with their status in ``ERROR_STATUS``.
  A protocol or client version below the minimum gets 426 ``update_required`` (the
  client keeps its data and asks the user to update); a revoked device gets 403
  ``revoked`` and must lock and wipe its local copy; 503 ``unavailable`` (with
  ``Retry-After``) and 429 ``rate_limited`` are worth retrying later.

Endpoints
---------
``GET  /v1/health`` -> ``{"status": "ok", "protocol_version", "min_protocol_version",
   "min_client_version", "epoch", "server_time"}`` (no auth).

``POST /v1/enroll`` body ``EnrollRequest`` -> ``EnrollResponse`` (no auth; one-time code
   issued by an administrator; rate-limited; the token is returned only here). The
   request carries the device's public keys, the answer the server's (``IdentityKeys``,
   ``sync.identity``): the laptop pins them. ``/v1/health`` also shows ``server_keys``.

``POST /v1/device-keys`` body ``DeviceKeysRequest`` -> ``DeviceKeysAnswer``: a device
   enrolled before identities existed registers its keys once (the same keys again are
   fine, others are refused) and learns the server's keys to pin (first contact).

A revoked device gets 403 ``revoked`` whose ``error.order`` is a ``RevocationOrder``
signed by the server's key; the client locks and wipes only when it verifies under the
pinned key (a relay's forged 403 does nothing).

Changes travel lean (protocol 2, ``sync.protocol.lean.ChangeBlock``): in push batches,
pull pages and snapshot pages; a push is acknowledged by ranges of the changes' ``seq``
(``PushResult.accepted`` / ``duplicate``), rejections one by one (``items``).

``POST /v1/sync`` body ``SyncRequest`` (a push batch and a pull request together)
   -> ``SyncResponse`` (push results + the first pull page). When nothing changed this
   is the only round trip: an empty push and a pull that returns no change.
   The push is applied before the pull is read. A device never receives its own
   changes back (it has them); ``next_cursor`` still moves past them.

``POST /v1/push`` body ``PushBatch`` -> ``PushResult``.

``POST /v1/push-stream`` (``PUSH_STREAM_PATH``; an older server answers 404, and the
   client pushes as before) body ``STREAM_MEDIA`` with ``Content-Encoding: zstd``: one
   zstd frame, a ``PushBatch`` JSON a line, the compressor flushed after each line ->
   one ``PushResult`` for every line. Each line is stored as soon as it has arrived, in
   order (the server computes while the next lines are on the link); at most
   ``MAX_STREAM_CHANGES`` changes, ``MAX_STREAM_BYTES`` of body and ``MAX_STREAM_TEXT``
   of text; each line's changes after the previous line's (by ``seq``). A cut loses only the
   line on the link: ``/v1/held`` names the lines stored (the stream holds a claim).

``POST /v1/held`` body ``HeldRequest`` -> ``PushResult``: which of this device's own
   changes (by ``seq``, derived change ids) the server holds, named ``duplicate``,
   answered once the device's pushes being stored end — in any server process behind
   the load balancer, by their claims in the database (at most ``HELD_WAIT_S``);
   asked after a cut so that only what the server lacks is sent again. A server
   without it answers 404 and the client sends everything unanswered again.

``POST /v1/pull`` body ``PullRequest`` -> ``PullPage`` (changes after ``cursor`` in the
   device's office made by other devices, ascending ``seq``; ``next_cursor`` is the last
   seq the server scanned for this page — store it even when ``changes`` is empty;
   ``more`` says another page is waiting).

``POST /v1/snapshot`` body ``SnapshotRequest`` -> ``SnapshotPage``: for a new device,
   the current merged state of every record in scope, page by page; the first page
   fixes ``cursor`` (the change-log position the snapshot starts from); after the last
   page (``more`` false) the client pulls from that cursor. Records may be newer than
   the cursor: the merge is idempotent, so the tail re-applies safely.
   ``snapshot_record_changes()`` turns a record into changes for ``merge``.
   With ``"stream": true`` (and zstd accepted) the answer is every page from the asked
   position to the last in one body, ``STREAM_MEDIA`` (``Content-Encoding:
   zstd``, one frame, flushed after each page; each page's JSON on its own line): one
   compression context across the pages and no idle link between them. A client applies
   each page with its position as it arrives; a cut stream is resumed by a new request
   from the last page applied. A server that does not stream answers one page.

``GET  /v1/forms/{form_id}/{version}`` -> ``{"form": PublishedForm}``. Pull pages also
   list published forms newer than the client's ``form_versions`` (definition inline).

Catalogs (e.g. ``ubigeo_distrito``, districts created after the app was released) travel
like forms: requests may carry ``catalog_versions`` (newest version held per catalog
name) and pull pages, sync answers and the first snapshot page carry ``catalogs``, a
list of ``PublishedCatalog`` (rows inline) newer than that. A catalog version only adds
or updates rows, so a client keeps the newest. Both fields are optional with empty
defaults: an older client simply receives no catalog, an older server sends none.

Attachments (raw bytes, ``application/octet-stream``, not compressed by the protocol):
``HEAD /v1/attachments/{sha256}`` -> headers ``Upload-Offset`` (bytes received),
   ``Upload-Length`` (declared size), ``Upload-Complete`` (``1`` when verified).
``GET  /v1/attachments/{sha256}/status`` -> ``AttachmentStatus``.
``PUT  /v1/attachments/{sha256}`` with ``Content-Range: bytes START-END/TOTAL``, body =
   that chunk (at most ``MAX_CHUNK_BYTES``; ``CHUNK_BYTES`` recommended); START must be
   the received offset (else 409 ``offset_mismatch`` with the status). When the last
   chunk arrives the SHA-256 is verified (mismatch: 422 ``hash_mismatch``, upload reset).
   -> ``AttachmentStatus``. The file's ``attachment`` record (whose ``sha256`` field
   names it) must have been pushed first and be in the device's office.
``GET  /v1/attachments/{sha256}`` (optional ``Range: bytes=START-END``) -> the bytes
   (206 for a range).
"""

from __future__ import annotations

from sync.compression import (
    MAX_BODY_BYTES,
    MAX_DECOMPRESSED_BYTES,
)
from sync.protocol.attachments import (
    CHUNK_BYTES,
    MAX_ATTACHMENT_BYTES,
    MAX_CHUNK_BYTES,
    AttachmentStatus,
    content_range,
    parse_content_range,
)
from sync.protocol.base import (
    ERROR_STATUS,
    HEADER_AFTER,
    HEADER_EPOCH,
    HEADER_PROTOCOL,
    HEADER_SERVER_TIME,
    MIN_CLIENT_VERSION,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_VERSION,
    RESTAMP_CODES,
    SHA256_PATTERN,
    STREAM_MEDIA,
    ErrorBody,
    ErrorCode,
    ErrorDetail,
    Health,
    IdentityKeys,
    Message,
    ProtocolError,
    RevocationOrder,
    canonical_json,
    check_versions,
    decode_as,
    error_body,
    has_control,
    is_sha256,
    refuse_older_protocol,
    version_tuple,
)
from sync.protocol.enrollment import (
    DeviceKeysAnswer,
    DeviceKeysRequest,
    EnrollRequest,
    EnrollResponse,
    OfficeInfo,
)
from sync.protocol.exchange import (
    ACCEPTED,
    DEFAULT_PULL_LIMIT,
    DUPLICATE,
    HELD_WAIT_S,
    MAX_HELD_CHANGES,
    MAX_PAGE_BYTES,
    MAX_PULL_LIMIT,
    MAX_PUSH_CHANGES,
    MAX_STREAM_BYTES,
    MAX_STREAM_CHANGES,
    MAX_STREAM_TEXT,
    MIN_PAGE_BYTES,
    PUSH_STATUSES,
    PUSH_STREAM_PATH,
    REJECTED,
    HeldRequest,
    PulledChange,
    PullPage,
    PullRequest,
    PushBatch,
    PushItem,
    PushResult,
    SyncRequest,
    SyncResponse,
)
from sync.protocol.lean import ChangeBlock, compact_ids
from sync.protocol.published import (
    FormAnswer,
    PublishedCatalog,
    PublishedForm,
)
from sync.protocol.snapshot import (
    SnapshotPage,
    SnapshotRecord,
    SnapshotRequest,
    snapshot_record_changes,
)

__all__ = [
    "ACCEPTED",
    "CHUNK_BYTES",
    "DEFAULT_PULL_LIMIT",
    "DUPLICATE",
    "ERROR_STATUS",
    "HEADER_AFTER",
    "HEADER_EPOCH",
    "HEADER_PROTOCOL",
    "HEADER_SERVER_TIME",
    "HELD_WAIT_S",
    "MAX_ATTACHMENT_BYTES",
    "MAX_BODY_BYTES",
    "MAX_CHUNK_BYTES",
    "MAX_DECOMPRESSED_BYTES",
    "MAX_HELD_CHANGES",
    "MAX_PAGE_BYTES",
    "MAX_PULL_LIMIT",
    "MAX_PUSH_CHANGES",
    "MAX_STREAM_BYTES",
    "MAX_STREAM_CHANGES",
    "MAX_STREAM_TEXT",
    "MIN_CLIENT_VERSION",
    "MIN_PAGE_BYTES",
    "MIN_PROTOCOL_VERSION",
    "PROTOCOL_VERSION",
    "PUSH_STATUSES",
    "PUSH_STREAM_PATH",
    "REJECTED",
    "RESTAMP_CODES",
    "SHA256_PATTERN",
    "STREAM_MEDIA",
    "AttachmentStatus",
    "ChangeBlock",
    "DeviceKeysAnswer",
    "DeviceKeysRequest",
    "EnrollRequest",
    "EnrollResponse",
    "ErrorBody",
    "ErrorCode",
    "ErrorDetail",
    "FormAnswer",
    "Health",
    "HeldRequest",
    "IdentityKeys",
    "Message",
    "OfficeInfo",
    "ProtocolError",
    "PublishedCatalog",
    "PublishedForm",
    "PullPage",
    "PullRequest",
    "PulledChange",
    "PushBatch",
    "PushItem",
    "PushResult",
    "RevocationOrder",
    "SnapshotPage",
    "SnapshotRecord",
    "SnapshotRequest",
    "SyncRequest",
    "SyncResponse",
    "canonical_json",
    "check_versions",
    "compact_ids",
    "content_range",
    "decode_as",
    "error_body",
    "has_control",
    "is_sha256",
    "parse_content_range",
    "refuse_older_protocol",
    "snapshot_record_changes",
    "version_tuple",
]
