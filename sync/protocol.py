"""The sync wire format: one versioned definition shared by the client and the server.

Owns the shapes of every request and response body, the error codes, and the version
rules. Plain dataclasses with ``to_dict``/``from_dict`` (validating untrusted JSON and
raising ``ProtocolError``), so the client needs neither FastAPI nor pydantic. Body
compression lives in ``sync.compression``.

Transport rules (every endpoint)
--------------------------------
- Bodies are JSON, compressed with zstd (``Content-Encoding: zstd``); gzip and identity
  are accepted too. Responses are zstd when the request says ``Accept-Encoding: zstd``,
  else gzip when accepted, else identity. Caps: ``MAX_BODY_BYTES`` compressed,
  ``MAX_DECOMPRESSED_BYTES`` decompressed (413 ``too_large``).
- Every request except ``/v1/health`` and ``/v1/enroll`` carries
  ``Authorization: Bearer <device token>``.
- Every JSON response carries ``epoch`` (random id of the server database: when it
  changes the server was restored, and the client re-sends what it lacks) and
  ``server_time`` (server wall clock, ms since the Unix epoch, for skew detection);
  also as headers ``Chasqui-Epoch`` and ``Chasqui-Server-Time``.
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
   issued by an administrator; rate-limited; the token is returned only here).

``POST /v1/sync`` body ``SyncRequest`` (a push batch and a pull request together)
   -> ``SyncResponse`` (push results + the first pull page). When nothing changed this
   is the only round trip: an empty push and a pull that returns no change.
   The push is applied before the pull is read. A device never receives its own
   changes back (it has them); ``next_cursor`` still moves past them.

``POST /v1/push`` body ``PushBatch`` -> ``PushResult``.

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

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sync.changes import RECORD_BASE_KEY, Change, MalformedChange
from sync.compression import MAX_BODY_BYTES as MAX_BODY_BYTES
from sync.compression import MAX_DECOMPRESSED_BYTES as MAX_DECOMPRESSED_BYTES

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1
MIN_CLIENT_VERSION = "0.1.0"

MAX_PUSH_CHANGES = 1000  # changes in one push batch
DEFAULT_PULL_LIMIT = 500
MAX_PULL_LIMIT = 2000
CHUNK_BYTES = 256 * 1024
MAX_CHUNK_BYTES = 1024 * 1024
MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024

HEADER_EPOCH = "Chasqui-Epoch"
HEADER_SERVER_TIME = "Chasqui-Server-Time"
HEADER_PROTOCOL = "Chasqui-Protocol"  # optional on GET/PUT/HEAD requests without a body


class ErrorCode:
    """Machine-readable error codes (request level) and rejection codes (per change)."""

    # request level
    UPDATE_REQUIRED = "update_required"
    REVOKED = "revoked"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN_SCOPE = "forbidden_scope"
    BAD_REQUEST = "bad_request"
    TOO_LARGE = "too_large"
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    INVALID_CODE = "invalid_code"  # enrollment code unknown, used or expired
    OFFSET_MISMATCH = "offset_mismatch"
    HASH_MISMATCH = "hash_mismatch"
    INTERNAL = "internal"
    UNAVAILABLE = "unavailable"  # database busy or unreachable: retry later (Retry-After)
    # per change (PushItem.code)
    MALFORMED = "malformed"
    UNKNOWN_ENTITY = "unknown_entity"
    UNKNOWN_FIELD = "unknown_field"
    INVALID_FIELD = "invalid_field"  # a value of the wrong kind, size, format or vocabulary
    WRONG_DEVICE = "wrong_device"
    UNKNOWN_USER = "unknown_user"
    INVALID_ANSWERS = "invalid_answers"
    IMMUTABLE = "immutable"
    ID_REUSED = "id_reused"  # same change id already stored with different content


ERROR_STATUS: dict[str, int] = {
    ErrorCode.UPDATE_REQUIRED: 426,
    ErrorCode.REVOKED: 403,
    ErrorCode.UNAUTHORIZED: 401,
    ErrorCode.FORBIDDEN_SCOPE: 403,
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_ENCODING: 415,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.INVALID_CODE: 403,
    ErrorCode.OFFSET_MISMATCH: 409,
    ErrorCode.HASH_MISMATCH: 422,
    ErrorCode.INTERNAL: 500,
    ErrorCode.UNAVAILABLE: 503,
}

# Per-change outcome statuses.
ACCEPTED = "accepted"
DUPLICATE = "duplicate"  # identical re-send: success, confirm it
REJECTED = "rejected"  # goes to quarantine with code + reason; never re-send as is
PUSH_STATUSES = (ACCEPTED, DUPLICATE, REJECTED)

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_VERSION_RE = re.compile(r"^\d+(\.\d+){0,3}$")


class ProtocolError(ValueError):
    """A request or response that breaks the protocol; ``code`` is an ``ErrorCode``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def status(self) -> int:
        return ERROR_STATUS.get(self.code, 400)

    def to_dict(self) -> dict[str, Any]:
        return error_body(self.code, self.message)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def parse_error(doc: Any) -> tuple[str, str] | None:
    """(code, message) of an error body, or None when ``doc`` is not one."""
    if isinstance(doc, dict) and isinstance(doc.get("error"), dict):
        err = doc["error"]
        return str(err.get("code", "")), str(err.get("message", ""))
    return None


def is_sha256(text: object) -> bool:
    return isinstance(text, str) and _SHA256_RE.match(text) is not None


def version_tuple(text: str) -> tuple[int, ...]:
    if not isinstance(text, str) or not _VERSION_RE.match(text):
        raise ProtocolError(ErrorCode.BAD_REQUEST, "client_version must look like 1.2.3")
    return tuple(int(p) for p in text.split("."))


def check_versions(protocol_version: int, client_version: str) -> None:
    """Raise ``update_required`` when the client is older than the server accepts."""
    if protocol_version < MIN_PROTOCOL_VERSION or version_tuple(client_version) < version_tuple(
        MIN_CLIENT_VERSION
    ):
        raise ProtocolError(
            ErrorCode.UPDATE_REQUIRED,
            f"this server needs protocol >= {MIN_PROTOCOL_VERSION} and client >= "
            f"{MIN_CLIENT_VERSION}; update Chasqui (your data stays on this device)",
        )
    if protocol_version > PROTOCOL_VERSION:
        raise ProtocolError(
            ErrorCode.BAD_REQUEST,
            f"protocol {protocol_version} is newer than this server's {PROTOCOL_VERSION}",
        )


# --------------------------------------------------------------------------- helpers


def _obj(doc: Any, what: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what} must be a JSON object")
    return doc


def _get(doc: dict[str, Any], key: str, kind: type, what: str, default: Any = ...) -> Any:
    if key not in doc or doc[key] is None:
        if default is ...:
            raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what} is missing {key!r}")
        return default
    value = doc[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.{key} must be {kind.__name__}")
    return value


def _text(doc: dict[str, Any], key: str, what: str, max_len: int = 128) -> str:
    value: str = _get(doc, key, str, what)
    if not value or len(value) > max_len:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.{key} must be 1-{max_len} chars")
    if has_control(value):
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.{key} has control characters")
    return value


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character (NUL cannot even be stored)."""
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def _form_versions(doc: dict[str, Any], what: str) -> dict[str, int]:
    raw = _get(doc, "form_versions", dict, what, {})
    if len(raw) > 500:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.form_versions is too long")
    out: dict[str, int] = {}
    for key, value in raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
            raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.form_versions values are ints")
        out[str(key)[:128]] = value
    return out


def _catalog_versions(doc: dict[str, Any], what: str) -> dict[str, int]:
    raw = _get(doc, "catalog_versions", dict, what, {})
    if len(raw) > 100:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.catalog_versions is too long")
    out: dict[str, int] = {}
    for key, value in raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
            raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.catalog_versions values are ints")
        out[str(key)[:128]] = value
    return out


def _cursor(doc: dict[str, Any], what: str, key: str = "cursor") -> int:
    value: int = _get(doc, key, int, what, 0)
    if not 0 <= value < 2**63:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.{key} must be >= 0")
    return value


def _limit(doc: dict[str, Any], what: str) -> int:
    value: int = _get(doc, "limit", int, what, DEFAULT_PULL_LIMIT)
    if not 1 <= value <= MAX_PULL_LIMIT:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}.limit must be 1-{MAX_PULL_LIMIT}")
    return value


# --------------------------------------------------------------------------- enrollment


@dataclass(frozen=True)
class EnrollRequest:
    code: str
    device_name: str
    client_version: str
    protocol_version: int = PROTOCOL_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "device_name": self.device_name,
            "client_version": self.client_version,
            "protocol_version": self.protocol_version,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> EnrollRequest:
        d = _obj(doc, "enroll request")
        return cls(
            code=_text(d, "code", "enroll", 64),
            device_name=_text(d, "device_name", "enroll", 120),
            client_version=_text(d, "client_version", "enroll", 32),
            protocol_version=_get(d, "protocol_version", int, "enroll"),
        )


@dataclass(frozen=True)
class OfficeInfo:
    office_id: str
    code: str
    name: str


@dataclass(frozen=True)
class EnrollResponse:
    device_id: str  # also the device's HLC node id
    device_number: int  # 1..99, unique within the office (case numbers)
    token: str  # secret, shown once; the server keeps only its SHA-256
    office: OfficeInfo
    users: list[dict[str, Any]]  # [{"user_id", "name", "display_name", "role"}]
    epoch: str
    server_time: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "device_number": self.device_number,
            "token": self.token,
            "office": {
                "office_id": self.office.office_id,
                "code": self.office.code,
                "name": self.office.name,
            },
            "users": self.users,
            "epoch": self.epoch,
            "server_time": self.server_time,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> EnrollResponse:
        d = _obj(doc, "enroll response")
        office = _obj(d.get("office"), "enroll response office")
        return cls(
            device_id=_get(d, "device_id", str, "enroll"),
            device_number=_get(d, "device_number", int, "enroll"),
            token=_get(d, "token", str, "enroll"),
            office=OfficeInfo(
                _get(office, "office_id", str, "office"),
                _get(office, "code", str, "office"),
                _get(office, "name", str, "office"),
            ),
            users=list(_get(d, "users", list, "enroll", [])),
            epoch=_get(d, "epoch", str, "enroll"),
            server_time=_get(d, "server_time", int, "enroll"),
        )


# --------------------------------------------------------------------------- push


@dataclass(frozen=True)
class PushBatch:
    device_id: str
    client_version: str
    changes: list[dict[str, Any]]  # Change.to_dict() documents; validated per change
    form_versions: dict[str, int] = field(default_factory=dict)  # newest held per form id
    protocol_version: int = PROTOCOL_VERSION
    catalog_versions: dict[str, int] = field(default_factory=dict)  # newest held per catalog

    def to_dict(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "protocol_version": self.protocol_version,
            "client_version": self.client_version,
            "form_versions": dict(self.form_versions),
            "catalog_versions": dict(self.catalog_versions),
            "changes": list(self.changes),
        }

    @classmethod
    def from_dict(cls, doc: Any, what: str = "push batch") -> PushBatch:
        d = _obj(doc, what)
        changes = _get(d, "changes", list, what, [])
        if len(changes) > MAX_PUSH_CHANGES:
            raise ProtocolError(
                ErrorCode.TOO_LARGE, f"a push carries at most {MAX_PUSH_CHANGES} changes"
            )
        return cls(
            device_id=_text(d, "device_id", what),
            client_version=_text(d, "client_version", what, 32),
            changes=changes,
            form_versions=_form_versions(d, what),
            protocol_version=_get(d, "protocol_version", int, what),
            catalog_versions=_catalog_versions(d, what),
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
            device_id,
            client_version,
            [c.to_dict() for c in changes],
            form_versions or {},
            catalog_versions=catalog_versions or {},
        )


@dataclass(frozen=True)
class PushItem:
    change_id: str
    status: str  # ACCEPTED / DUPLICATE / REJECTED
    code: str | None = None  # ErrorCode for a rejection
    reason: str | None = None  # human-readable reason (English)
    seq: int | None = None  # server sequence of the stored change (accepted/duplicate)

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"change_id": self.change_id, "status": self.status}
        if self.code is not None:
            doc["code"] = self.code
        if self.reason is not None:
            doc["reason"] = self.reason
        if self.seq is not None:
            doc["seq"] = self.seq
        return doc

    @classmethod
    def from_dict(cls, doc: Any) -> PushItem:
        d = _obj(doc, "push item")
        status = _get(d, "status", str, "push item")
        if status not in PUSH_STATUSES:
            raise ProtocolError(ErrorCode.BAD_REQUEST, f"unknown push status {status!r}")
        return cls(
            change_id=_get(d, "change_id", str, "push item"),
            status=status,
            code=_get(d, "code", str, "push item", None),
            reason=_get(d, "reason", str, "push item", None),
            seq=_get(d, "seq", int, "push item", None),
        )

    @property
    def confirmed(self) -> bool:
        """The server has this change (the client may mark it confirmed)."""
        return self.status in (ACCEPTED, DUPLICATE)


@dataclass(frozen=True)
class PushResult:
    results: list[PushItem]
    epoch: str
    server_time: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "results": [r.to_dict() for r in self.results],
            "epoch": self.epoch,
            "server_time": self.server_time,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> PushResult:
        d = _obj(doc, "push result")
        return cls(
            results=[PushItem.from_dict(r) for r in _get(d, "results", list, "push result")],
            epoch=_get(d, "epoch", str, "push result"),
            server_time=_get(d, "server_time", int, "push result"),
        )


# --------------------------------------------------------------------------- pull


@dataclass(frozen=True)
class PullRequest:
    cursor: int = 0  # last server seq the client applied (0: from the start)
    limit: int = DEFAULT_PULL_LIMIT
    form_versions: dict[str, int] = field(default_factory=dict)
    client_version: str = MIN_CLIENT_VERSION
    protocol_version: int = PROTOCOL_VERSION
    catalog_versions: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cursor": self.cursor,
            "limit": self.limit,
            "form_versions": dict(self.form_versions),
            "catalog_versions": dict(self.catalog_versions),
            "client_version": self.client_version,
            "protocol_version": self.protocol_version,
        }

    @classmethod
    def from_dict(cls, doc: Any, what: str = "pull request") -> PullRequest:
        d = _obj(doc, what)
        return cls(
            cursor=_cursor(d, what),
            limit=_limit(d, what),
            form_versions=_form_versions(d, what),
            client_version=_text(d, "client_version", what, 32),
            protocol_version=_get(d, "protocol_version", int, what),
            catalog_versions=_catalog_versions(d, what),
        )


@dataclass(frozen=True)
class PulledChange:
    seq: int
    change: dict[str, Any]  # Change.to_dict(); Change.from_dict(...) to use it

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "change": self.change}


@dataclass(frozen=True)
class PublishedForm:
    form_id: str
    version: int
    sha256: str  # of the canonical JSON of the definition
    definition: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "form_id": self.form_id,
            "version": self.version,
            "sha256": self.sha256,
            "definition": self.definition,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> PublishedForm:
        d = _obj(doc, "published form")
        return cls(
            form_id=_get(d, "form_id", str, "form"),
            version=_get(d, "version", int, "form"),
            sha256=_get(d, "sha256", str, "form"),
            definition=_get(d, "definition", dict, "form"),
        )


@dataclass(frozen=True)
class PublishedCatalog:
    """One version of a data catalog (rows are flat string dicts, e.g. ubigeo districts)."""

    name: str
    version: int
    sha256: str  # of the canonical JSON of ``rows``
    rows: list[dict[str, str]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "rows": self.rows,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> PublishedCatalog:
        d = _obj(doc, "published catalog")
        rows = _get(d, "rows", list, "catalog")
        for row in rows:
            if not isinstance(row, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in row.items()
            ):
                raise ProtocolError(ErrorCode.BAD_REQUEST, "catalog rows must map text to text")
        return cls(
            name=_get(d, "name", str, "catalog"),
            version=_get(d, "version", int, "catalog"),
            sha256=_get(d, "sha256", str, "catalog"),
            rows=rows,
        )


def _catalogs(d: dict[str, Any], what: str) -> list[PublishedCatalog]:
    return [PublishedCatalog.from_dict(c) for c in _get(d, "catalogs", list, what, [])]


@dataclass(frozen=True)
class PullPage:
    changes: list[PulledChange]
    next_cursor: int  # store with the applied page, in the same transaction
    more: bool
    epoch: str
    server_time: int
    forms: list[PublishedForm] = field(default_factory=list)  # newer than form_versions
    catalogs: list[PublishedCatalog] = field(default_factory=list)  # newer than catalog_versions

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [c.to_dict() for c in self.changes],
            "next_cursor": self.next_cursor,
            "more": self.more,
            "forms": [f.to_dict() for f in self.forms],
            "catalogs": [c.to_dict() for c in self.catalogs],
            "epoch": self.epoch,
            "server_time": self.server_time,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> PullPage:
        d = _obj(doc, "pull page")
        items = []
        for item in _get(d, "changes", list, "pull page"):
            i = _obj(item, "pulled change")
            items.append(PulledChange(_get(i, "seq", int, "pulled"), _get(i, "change", dict, "p")))
        return cls(
            changes=items,
            next_cursor=_get(d, "next_cursor", int, "pull page"),
            more=_get(d, "more", bool, "pull page"),
            epoch=_get(d, "epoch", str, "pull page"),
            server_time=_get(d, "server_time", int, "pull page"),
            forms=[PublishedForm.from_dict(f) for f in _get(d, "forms", list, "pull page", [])],
            catalogs=_catalogs(d, "pull page"),
        )

    def parsed_changes(self) -> list[Change]:
        """The page's changes as ``Change`` objects (raises ProtocolError if malformed)."""
        out = []
        for item in self.changes:
            try:
                out.append(Change.from_dict(item.change))
            except MalformedChange as exc:
                raise ProtocolError(ErrorCode.BAD_REQUEST, f"server sent {exc}") from exc
        return out


# --------------------------------------------------------------------------- sync (push + pull)


@dataclass(frozen=True)
class SyncRequest:
    push: PushBatch
    pull: PullRequest

    def to_dict(self) -> dict[str, Any]:
        doc = self.push.to_dict()
        doc["cursor"] = self.pull.cursor
        doc["limit"] = self.pull.limit
        return doc

    @classmethod
    def from_dict(cls, doc: Any) -> SyncRequest:
        push = PushBatch.from_dict(doc, "sync request")
        d = _obj(doc, "sync request")
        pull = PullRequest(
            cursor=_cursor(d, "sync request"),
            limit=_limit(d, "sync request"),
            form_versions=push.form_versions,
            client_version=push.client_version,
            protocol_version=push.protocol_version,
            catalog_versions=push.catalog_versions,
        )
        return cls(push, pull)


@dataclass(frozen=True)
class SyncResponse:
    push: PushResult
    pull: PullPage

    def to_dict(self) -> dict[str, Any]:
        return {
            "push": self.push.to_dict(),
            "pull": self.pull.to_dict(),
            "epoch": self.pull.epoch,
            "server_time": self.pull.server_time,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> SyncResponse:
        d = _obj(doc, "sync response")
        return cls(PushResult.from_dict(d.get("push")), PullPage.from_dict(d.get("pull")))


# --------------------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class SnapshotRequest:
    cursor: int = 0  # 0 on the first page; then the cursor the first page returned
    after: str | None = None  # opaque position returned as ``next_after``
    limit: int = DEFAULT_PULL_LIMIT
    client_version: str = MIN_CLIENT_VERSION
    protocol_version: int = PROTOCOL_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "cursor": self.cursor,
            "after": self.after,
            "limit": self.limit,
            "client_version": self.client_version,
            "protocol_version": self.protocol_version,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> SnapshotRequest:
        d = _obj(doc, "snapshot request")
        after = _get(d, "after", str, "snapshot request", None)
        if after is not None and (len(after) > 300 or has_control(after)):
            raise ProtocolError(ErrorCode.BAD_REQUEST, "snapshot request.after is invalid")
        return cls(
            cursor=_cursor(d, "snapshot request"),
            after=after,
            limit=_limit(d, "snapshot request"),
            client_version=_text(d, "client_version", "snapshot request", 32),
            protocol_version=_get(d, "protocol_version", int, "snapshot request"),
        )


@dataclass(frozen=True)
class SnapshotRecord:
    """Merged state of one record: values, per-field [hlc, base] versions, tombstone."""

    entity: str
    entity_id: str
    values: dict[str, Any]
    versions: dict[str, list[str]]
    delete_hlc: str | None = None
    delete_base: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "entity_id": self.entity_id,
            "values": self.values,
            "versions": self.versions,
            "delete_hlc": self.delete_hlc,
            "delete_base": self.delete_base,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> SnapshotRecord:
        d = _obj(doc, "snapshot record")
        return cls(
            entity=_get(d, "entity", str, "snapshot record"),
            entity_id=_get(d, "entity_id", str, "snapshot record"),
            values=_get(d, "values", dict, "snapshot record"),
            versions=_get(d, "versions", dict, "snapshot record"),
            delete_hlc=_get(d, "delete_hlc", str, "snapshot record", None),
            delete_base=_get(d, "delete_base", str, "snapshot record", None),
        )


@dataclass(frozen=True)
class SnapshotPage:
    records: list[SnapshotRecord]
    cursor: int  # change-log position of the snapshot: pull from here afterwards
    next_after: str | None  # pass back as ``after`` for the next page
    more: bool
    epoch: str
    server_time: int
    forms: list[PublishedForm] = field(default_factory=list)  # every published form
    catalogs: list[PublishedCatalog] = field(default_factory=list)  # newest of each catalog

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": [r.to_dict() for r in self.records],
            "cursor": self.cursor,
            "next_after": self.next_after,
            "more": self.more,
            "forms": [f.to_dict() for f in self.forms],
            "catalogs": [c.to_dict() for c in self.catalogs],
            "epoch": self.epoch,
            "server_time": self.server_time,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> SnapshotPage:
        d = _obj(doc, "snapshot page")
        return cls(
            records=[SnapshotRecord.from_dict(r) for r in _get(d, "records", list, "snapshot")],
            cursor=_get(d, "cursor", int, "snapshot page"),
            next_after=_get(d, "next_after", str, "snapshot page", None),
            more=_get(d, "more", bool, "snapshot page"),
            epoch=_get(d, "epoch", str, "snapshot page"),
            server_time=_get(d, "server_time", int, "snapshot page"),
            forms=[PublishedForm.from_dict(f) for f in _get(d, "forms", list, "snapshot", [])],
            catalogs=_catalogs(d, "snapshot page"),
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
    raw = f"{record.entity}\x1f{record.entity_id}\x1f{hlc_text}\x1f{op}".encode()
    return "snap-" + hashlib.sha256(raw).hexdigest()[:40]


# --------------------------------------------------------------------------- attachments


@dataclass(frozen=True)
class AttachmentStatus:
    sha256: str
    offset: int  # bytes received so far (resume from here)
    size: int | None  # declared total size (None before the first chunk)
    complete: bool  # all bytes received and the SHA-256 verified

    def to_dict(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256,
            "offset": self.offset,
            "size": self.size,
            "complete": self.complete,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> AttachmentStatus:
        d = _obj(doc, "attachment status")
        return cls(
            sha256=_get(d, "sha256", str, "attachment status"),
            offset=_get(d, "offset", int, "attachment status"),
            size=_get(d, "size", int, "attachment status", None),
            complete=_get(d, "complete", bool, "attachment status"),
        )


_RANGE_RE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def content_range(start: int, length: int, total: int) -> str:
    """The ``Content-Range`` header for a chunk of ``length`` bytes at ``start``."""
    return f"bytes {start}-{start + length - 1}/{total}"


def parse_content_range(header: str | None) -> tuple[int, int, int]:
    """(start, end inclusive, total) of a ``Content-Range: bytes a-b/n`` header."""
    match = _RANGE_RE.match((header or "").strip())
    if match is None:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "Content-Range must be 'bytes START-END/TOTAL'")
    start, end, total = (int(g) for g in match.groups())
    if end < start or end >= total or total > MAX_ATTACHMENT_BYTES:
        raise ProtocolError(ErrorCode.BAD_REQUEST, "Content-Range is out of bounds")
    return start, end, total


def canonical_json(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
