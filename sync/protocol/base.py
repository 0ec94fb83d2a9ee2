"""Versions, error codes and the declaration machinery of every wire body.

Owns what all messages share: the protocol and client version rules, the error codes
with their HTTP statuses, ``ProtocolError``, the constrained text and number types the
messages are declared with (each pattern and limit written once here, or in
``sync.hlc`` for timestamps), and ``Message``: the msgspec ``Struct`` base whose
``decode`` / ``from_dict`` validate untrusted JSON (raising ``ProtocolError``, never
``RecursionError`` or a library exception) and whose ``encode`` / ``to_dict`` give the
wire form. The OpenAPI document is derived from the same declarations
(``sync.protocol.schema``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, ClassVar, Self, TypeVar

import msgspec
from msgspec import Meta

from sync import hlc
from sync.changes import Hlc as Hlc

# 2: changes travel lean (``sync.protocol.lean``) and pushes are acknowledged by ranges;
# a protocol-1 client is told ``update_required`` (426) and keeps its data.
PROTOCOL_VERSION = 3  # 3: compact ids in pushed change blocks (lean.ChangeBlock.ids)
MIN_PROTOCOL_VERSION = 2
MIN_CLIENT_VERSION = "0.1.0"

HEADER_EPOCH = "Chasqui-Epoch"
HEADER_SERVER_TIME = "Chasqui-Server-Time"
# on a pipelined /v1/push: the change id of the last change of the batch sent before it
# (stored only once that one is; see sync.client.pipeline)
HEADER_AFTER = "Chasqui-After"
# A stream of JSON documents, one a line, in one zstd frame flushed after each: a
# streamed snapshot's pages (its answer) and a streamed upload's push batches (its body).
STREAM_MEDIA = "application/x-chasqui-pages"
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
    WRONG_NODE = "wrong_node"  # the HLC names another node than the sending device
    FORBIDDEN_ROLE = "forbidden_role"  # a device creating or elevating a user to admin
    CLOCK_AHEAD = "clock_ahead"  # HLC beyond the server's clock + sync.hlc.MAX_SKEW_MS
    UNKNOWN_USER = "unknown_user"  # user_id is not a user of the device's office
    INVALID_ANSWERS = "invalid_answers"
    IMMUTABLE = "immutable"
    ID_REUSED = "id_reused"  # same change id already stored with different content


# Per-change refusals a new stamp cures (the change itself is genuine): the client corrects
# its clock against the server's, re-stamps the change and sends it again.
RESTAMP_CODES: tuple[str, ...] = (ErrorCode.CLOCK_AHEAD, ErrorCode.WRONG_NODE)

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


# --------------------------------------------------------------------------- patterns
# Every pattern ends with ``$(?!\n)``: the end of the text both for Python (whose ``$``
# also matches before a final newline; msgspec searches with ``re``) and for the
# ECMAScript engines that read the OpenAPI document.
VERSION_PATTERN = r"^[0-9]{1,4}(\.[0-9]{1,4}){0,3}$(?!\n)"
SHA256_PATTERN = r"^[0-9a-f]{64}$(?!\n)"
NO_CONTROL_PATTERN = r"^[^\x00-\x1f\x7f]*$(?!\n)"
KEY_HEX_PATTERN = SHA256_PATTERN  # a 32-byte key is 64 lowercase hex digits too
SIGNATURE_HEX_PATTERN = r"^[0-9a-f]{128}$(?!\n)"  # an Ed25519 signature

_SHA256_RE = re.compile(SHA256_PATTERN)
_VERSION_RE = re.compile(VERSION_PATTERN)


_NO_CONTROL = "no control characters"
Text128 = Annotated[
    str, Meta(min_length=1, max_length=128, pattern=NO_CONTROL_PATTERN, description=_NO_CONTROL)
]
ClientVersion = Annotated[
    str, Meta(max_length=32, pattern=VERSION_PATTERN, description="e.g. 0.1.0 (1-4 numbers)")
]
Sha256 = Annotated[str, Meta(pattern=SHA256_PATTERN, description="SHA-256, lowercase hex")]
NodeId = Annotated[str, Meta(pattern=hlc.NODE_PATTERN, description="device id = HLC node")]
Count = Annotated[int, Meta(ge=0, le=2**63 - 1)]
Cursor = Annotated[int, Meta(ge=0, le=2**63 - 1, description="change-log position (0: start)")]
VersionNumber = Annotated[int, Meta(ge=0, lt=2**31)]
FormsHeld = Annotated[
    dict[Text128, VersionNumber], Meta(max_length=500, description="newest version per form")
]
CatalogsHeld = Annotated[
    dict[Text128, VersionNumber], Meta(max_length=100, description="newest version per catalog")
]


_CONTROL_RE = re.compile("[\x00-\x1f\x7f]")


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character (NUL cannot even be stored)."""
    return _CONTROL_RE.search(text) is not None


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


class _Versions(msgspec.Struct):
    """The version fields of any request body (the rest is skipped unread)."""

    protocol_version: Any = None


_VERSIONS = msgspec.json.Decoder(_Versions)


def refuse_older_protocol(raw: bytes) -> None:
    """``update_required`` for a body of a protocol older than the minimum, looked at
    before the body's shape: an older client's body has an older shape, and must be told
    to update rather than that its body is malformed."""
    try:
        found = _VERSIONS.decode(raw).protocol_version
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        return  # not even JSON: the declared decode says why
    if type(found) is int and found < MIN_PROTOCOL_VERSION:
        check_versions(found, MIN_CLIENT_VERSION)


def canonical_json(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------------------- messages

M = TypeVar("M", bound="Message")
_ENCODER = msgspec.json.Encoder()


class Message(msgspec.Struct, frozen=True):
    """A wire body: declared fields, validated on decode, encoded as JSON.

    ``WHAT`` names the body in error messages. ``check`` holds the rules a declaration
    cannot state (run after every decode).
    """

    WHAT: ClassVar[str] = "body"

    def check(self) -> None:
        """Rules beyond the declared types (raise ``ProtocolError``)."""

    def to_dict(self) -> dict[str, Any]:
        doc: dict[str, Any] = msgspec.to_builtins(self)
        return doc

    def encode(self) -> bytes:
        return _ENCODER.encode(self)

    @classmethod
    def decode(cls, raw: bytes) -> Self:
        """Validate JSON text (the decompressed body) into this message."""
        return decode_as(cls, raw)

    @classmethod
    def from_dict(cls, doc: Any) -> Self:
        """Validate an already parsed JSON document into this message."""
        msg = _validated(cls.WHAT, partial(msgspec.convert, doc, cls))
        msg.check()
        return msg


T = TypeVar("T")
_DECODERS: dict[type, msgspec.json.Decoder[Any]] = {}


def _validated(what: str, parse: Callable[[], T]) -> T:
    """Run a msgspec decode, turning every way it can fail into a ``ProtocolError``."""
    try:
        return parse()
    except msgspec.ValidationError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}: {exc}") from None
    except msgspec.DecodeError as exc:  # also a lone surrogate escape, invalid UTF-8
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}: not valid JSON ({exc})") from None
    except RecursionError:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"{what}: JSON nested too deeply") from None


def decode_as(kind: type[M], raw: bytes) -> M:
    """JSON text -> a validated ``kind`` (``ProtocolError`` on anything wrong)."""
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgspec.json.Decoder(kind)
    msg: M = _validated(kind.WHAT, partial(decoder.decode, raw))
    msg.check()
    return msg


KeyHex = Annotated[str, Meta(pattern=KEY_HEX_PATTERN, description="32-byte key, lowercase hex")]
SignatureHex = Annotated[
    str, Meta(pattern=SIGNATURE_HEX_PATTERN, description="Ed25519 signature, lowercase hex")
]


class IdentityKeys(Message, frozen=True):
    """Public keys of a server or a device (``sync.identity.PublicKeys`` on the wire):
    Ed25519 ``sign`` and X25519 ``box``."""

    WHAT: ClassVar[str] = "public keys"
    sign: KeyHex
    box: KeyHex


class RevocationOrder(Message, frozen=True):
    """The server's signed order to lock and wipe one device (carried by 403 ``revoked``).
    ``signature`` is over ``sync.identity.statement(REVOKE, {device_id, office_id,
    revoked_at})`` by the server's pinned key; a client acts on nothing else."""

    WHAT: ClassVar[str] = "revocation order"
    device_id: NodeId
    office_id: Annotated[str, Meta(max_length=64)]
    revoked_at: Count
    signature: SignatureHex

    def signed_fields(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "office_id": self.office_id,
            "revoked_at": self.revoked_at,
        }


class ErrorDetail(Message, frozen=True, omit_defaults=True):
    code: str
    message: str
    order: RevocationOrder | None = None  # with ``revoked`` only (servers with an identity)


class ErrorBody(Message, frozen=True):
    """Every 4xx/5xx answer."""

    WHAT: ClassVar[str] = "error body"
    error: ErrorDetail
    epoch: str = ""
    server_time: int = 0


class Health(Message, frozen=True, omit_defaults=True):
    """``GET /v1/health``."""

    WHAT: ClassVar[str] = "health"
    status: str
    protocol_version: int
    min_protocol_version: int
    min_client_version: str
    epoch: str = ""
    server_time: int = 0
    server_keys: IdentityKeys | None = None  # the server's identity (pinned at enrollment)


def error_body(code: str, message: str, order: RevocationOrder | None = None) -> dict[str, Any]:
    detail: dict[str, Any] = {"code": code, "message": message}
    if order is not None:
        detail["order"] = order.to_dict()
    return {"error": detail}
