"""USB bundles (sneakernet): the file format, its crypto, and the client's side.

File layout::

    b"CHASQUI-BUNDLE\\n" + header JSON (one line) + b"\\n" + body

The header — ``{"v": 2, "kind": "request"|"reply", "device_id", "bundle_id",
"created"}`` — is in clear (the server needs the device id to find the device's keys)
and is bound to the body, so changing any byte of it or of the body makes the bundle
refused. The payload is zstd-compressed JSON.

Format 2 (``sync.identity``): body = Ed25519 signature (64 bytes) + the payload sealed
to the recipient's X25519 public key (ephemeral key, HKDF, AES-256-GCM; the header is
the associated data). The signature covers the purpose ``chasqui-bundle-v2``, the magic,
the header and the sealed payload. A request is sealed to the server's key (pinned at
enrollment) and signed by the device's key (made at enrollment, public half registered
with the server); a reply is sealed to the device's key and signed by the server's.
Nothing the server stores — token hashes, a copy of its database — can read or forge a
bundle: the server's private key lives outside its database, the device's only inside
its vault. Someone who finds the USB stick learns only the header.

Format 1 (legacy, devices enrolled before identities, until their first contact):
AES-256-GCM under ``HKDF-SHA256(ikm = SHA-256(device token), salt =
"chasqui-bundle-v1", info = device id)``; the server keeps SHA-256 of the token, so a
copy of its database could read and forge these. Such a request carries the device's
new public keys, the server registers them and its reply carries the server's keys,
which the laptop pins: every later bundle is format 2, and the server refuses format 1
from a device that has keys. A replayed bundle is harmless: pushes are idempotent by
change id and a reply applies idempotently (the client also remembers imported ids).

Client side: ``export_bundle(store, path)`` writes the pending changes (the outbox is
left untouched: changes are confirmed only by a reply); ``import_bundle(store, path)``
applies a reply: confirmations, rejections to quarantine, the server's changes and the
cursor — importing the same reply twice changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync import identity, protocol
from sync.changes import Changed, MalformedChange
from sync.client import identity as client_identity
from sync.client import refusals
from sync.client.catalogs import catalog_versions, form_versions, save_catalogs, save_forms
from sync.client.engine import check_epoch
from sync.client.errors import BadResponse, BundleError, NotEnrolled
from sync.client.identity import key_for_first_contact, needs_first_contact, pinned
from sync.client.ports import (
    KEY_BUNDLE_RESTAMPED,
    KEY_BUNDLES,
    KEY_CURSOR,
    KEY_TOKEN,
    ReplicaStore,
    system_wall,
)
from sync.client.transport import CLIENT_VERSION
from sync.errors import atomic_write
from sync.identity import KeyPair, PublicKeys

MAGIC = b"CHASQUI-BUNDLE\n"
FORMAT_VERSION = 2  # signed, sealed to the recipient's public key
LEGACY_VERSION = 1  # token-derived key (devices without keys)
MAX_BUNDLE_BYTES = 256 * 1024 * 1024
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024
REQUEST, REPLY = "request", "reply"
_SIGNATURE = 64
_ALTERED = "the bundle was altered, damaged, or made for another device: refused"


def token_hash(token: str) -> str:
    """SHA-256 of the device token (what the server stores)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def bundle_key(token_sha256_hex: str, device_id: str) -> bytes:
    """The AES-256 key of a device's format-1 bundles (see the module docstring)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"chasqui-bundle-v1",
        info=device_id.encode("utf-8"),
    ).derive(bytes.fromhex(token_sha256_hex))


@dataclass(frozen=True)
class Header:
    kind: str
    device_id: str
    bundle_id: str
    created: int  # ms since the Unix epoch
    version: int = FORMAT_VERSION

    def to_bytes(self) -> bytes:
        doc = {
            "v": self.version,
            "kind": self.kind,
            "device_id": self.device_id,
            "bundle_id": self.bundle_id,
            "created": self.created,
        }
        return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")


def new_header(
    kind: str, device_id: str, version: int = FORMAT_VERSION, created: int | None = None
) -> Header:
    """A fresh header; ``created`` is the writer's clock (ms), now unless given."""
    when = time.time_ns() // 1_000_000 if created is None else int(created)
    return Header(kind, device_id, str(uuid.uuid4()), when, version)


def _pack(payload: Any) -> bytes:
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return zstandard.ZstdCompressor(level=10).compress(raw)


def _unpack(packed: bytes) -> Any:
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(packed)
        raw = bytearray()
        while chunk := reader.read(1 << 20):
            raw += chunk
            if len(raw) > MAX_PAYLOAD_BYTES:
                raise BundleError("the bundle is too large")
        return json.loads(bytes(raw).decode("utf-8"))
    except (zstandard.ZstdError, ValueError, UnicodeDecodeError, RecursionError):
        raise BundleError("the bundle content is damaged") from None


def seal(header: Header, payload: Any, key: bytes) -> bytes:
    """A format-1 bundle (legacy: a device without keys)."""
    head = header.to_bytes()
    nonce = secrets.token_bytes(12)
    body = AESGCM(key).encrypt(nonce, _pack(payload), MAGIC + head)
    return MAGIC + head + b"\n" + nonce + body


def _signed_part(head: bytes, sealed: bytes) -> bytes:
    return identity.BUNDLE.encode("ascii") + b"\n" + MAGIC + head + b"\n" + sealed


def seal_signed(header: Header, payload: Any, sender: KeyPair, recipient_box: str) -> bytes:
    """A format-2 bundle: sealed to ``recipient_box``, signed by ``sender``."""
    head = header.to_bytes()
    sealed = identity.seal_to(recipient_box, _pack(payload), MAGIC + head)
    return MAGIC + head + b"\n" + sender.sign_bytes(_signed_part(head, sealed)) + sealed


def read_header(data: bytes) -> tuple[Header, bytes, bytes]:
    """(header, header bytes, rest) of a bundle file; BundleError when it is not one."""
    if not data.startswith(MAGIC):
        raise BundleError("this file is not a Chasqui bundle")
    head, sep, rest = data[len(MAGIC) :].partition(b"\n")
    if not sep or len(head) > 4096:
        raise BundleError("the bundle header is damaged")
    try:
        doc = json.loads(head.decode("utf-8"))
        header = Header(
            kind=str(doc["kind"]),
            device_id=str(doc["device_id"]),
            bundle_id=str(doc["bundle_id"]),
            created=int(doc["created"]),
            version=int(doc["v"]),
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise BundleError("the bundle header is damaged") from None
    if header.version not in (LEGACY_VERSION, FORMAT_VERSION):
        raise BundleError(f"bundle format {header.version} is not supported (update Chasqui)")
    if header.kind not in (REQUEST, REPLY):
        raise BundleError("the bundle header is damaged")
    return header, head, rest


def open_sealed(data: bytes, key: bytes) -> tuple[Header, Any]:
    """Open a format-1 bundle with its token-derived key."""
    header, head, rest = read_header(data)
    if header.version != LEGACY_VERSION:
        raise BundleError(_ALTERED)
    if len(rest) < 12 + 16:
        raise BundleError("the bundle is truncated")
    try:
        packed = AESGCM(key).decrypt(rest[:12], rest[12:], MAGIC + head)
    except InvalidTag:
        raise BundleError(_ALTERED) from None
    return header, _unpack(packed)


def open_signed(data: bytes, recipient: KeyPair, sender_sign: str) -> tuple[Header, Any]:
    """Open a format-2 bundle: the signature must be ``sender_sign``'s and the payload
    sealed to ``recipient``; ``BundleError`` otherwise (nothing is decompressed before
    both hold)."""
    header, head, rest = read_header(data)
    if header.version != FORMAT_VERSION:
        raise BundleError(_ALTERED)
    if len(rest) < _SIGNATURE + identity.SEALED_OVERHEAD:
        raise BundleError("the bundle is truncated")
    signature, sealed = rest[:_SIGNATURE], rest[_SIGNATURE:]
    if not identity.verify_bytes(sender_sign, _signed_part(head, sealed), signature):
        raise BundleError(_ALTERED)
    try:
        packed = recipient.unseal(sealed, MAGIC + head)
    except identity.IdentityError:
        raise BundleError(_ALTERED) from None
    return header, _unpack(packed)


def read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleError(f"{path.name} is too large to be a bundle")
        return path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"{path} does not exist") from None
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror}") from None


# --------------------------------------------------------------------------- client side


@dataclass
class BundleReport:
    exported: int = 0  # changes written into a request bundle
    confirmed: int = 0
    quarantined: int = 0
    pulled: int = 0
    applied: int = 0
    conflicts: int = 0
    set_aside: int = 0  # received records this vault cannot apply (kept aside, listed)
    restamped: int = 0  # own changes refused for their stamp, re-stamped for the next bundle
    already_imported: bool = False
    more: bool = False  # the server has more changes: carry another bundle
    errors: list[str] = field(default_factory=list)
    changed: Changed = field(default_factory=Changed)  # records the import altered


def _client_key(store: ReplicaStore) -> bytes:
    token = store.get_sync_state(KEY_TOKEN)
    if not token:
        raise NotEnrolled("this device is not enrolled: a bundle needs an enrolled device")
    return bundle_key(token_hash(str(token)), store.device_id)


def _identities(store: ReplicaStore) -> tuple[KeyPair, PublicKeys] | None:
    """(this device's keys, the pinned server keys) once both exist and are registered."""
    if needs_first_contact(store):
        return None
    pair, server = client_identity.device_keys(store), pinned(store)
    return (pair, server) if pair is not None and server is not None else None


def export_bundle(
    store: ReplicaStore, path: Path, limit: int = 100_000, wall: Callable[[], int] = system_wall
) -> BundleReport:
    """Write an encrypted bundle of the pending changes for the server (format 2; format
    1 with this device's new public keys when it has not registered keys yet). The
    header's ``created`` is this computer's clock (``wall``): the server echoes it in its
    reply, which bounds how far ahead this clock runs (see ``import_bundle``)."""
    legacy_key = _client_key(store)
    changes = store.pending_changes(limit)
    cursor = store.get_sync_state(KEY_CURSOR)
    payload: dict[str, Any] = {
        "device_id": store.device_id,
        "client_version": CLIENT_VERSION,
        "protocol_version": protocol.PROTOCOL_VERSION,
        "form_versions": form_versions(store),
        "catalog_versions": catalog_versions(store),
        "changes": [c.to_dict() for c in changes],
        "cursor": cursor if isinstance(cursor, int) else 0,
    }
    keys = _identities(store)
    if keys is None:
        payload["device_keys"] = key_for_first_contact(store).public.to_dict()
        header = new_header(REQUEST, store.device_id, LEGACY_VERSION, created=wall())
        sealed = seal(header, payload, legacy_key)
    else:
        pair, server = keys
        header = new_header(REQUEST, store.device_id, created=wall())
        sealed = seal_signed(header, payload, pair, server.box)
    atomic_write(Path(path), sealed)
    return BundleReport(exported=len(changes))


def _open_reply(store: ReplicaStore, data: bytes) -> tuple[Header, Any]:
    header, _, _ = read_header(data)
    if header.kind != REPLY or header.device_id != store.device_id:
        raise BundleError(_ALTERED)
    keys = _identities(store)
    if header.version == FORMAT_VERSION:
        if keys is None:
            raise BundleError(_ALTERED)
        pair, server = keys
        return open_signed(data, pair, server.sign)
    if pinned(store) is not None:  # a pinned laptop takes only signed replies
        raise BundleError(
            "this reply is in the old format, which the server no longer signs: refused"
        )
    header, doc = open_sealed(data, _client_key(store))
    return header, doc


def import_bundle(store: ReplicaStore, path: Path) -> BundleReport:
    """Apply a reply bundle from the server (idempotent).

    Like a round's pages, the server's changes are handed to the store as documents: it
    checks each one and sets aside (with its reason) what it cannot apply, so one bad
    record never fails the import. Own changes refused only for their stamp
    (``clock_ahead``, ``wrong_node``) are not quarantined: the clock is corrected by what
    the reply proves — the server's time when it read the request minus this computer's
    time when it wrote it is at least the true skew (the stick took time to travel), so
    it may deepen the correction, never lessen it — and they get new stamps, to travel
    in the next bundle. Refused again after that, they go to the quarantine.
    """
    _client_key(store)  # enrolled?
    data = read_file(Path(path))
    header, _, _ = read_header(data)
    if header.kind != REPLY:
        raise BundleError("this is a bundle for the server, not a reply: give it to the admin")
    if header.device_id != store.device_id:
        raise BundleError("this reply bundle is for another device")
    header, doc = _open_reply(store, data)  # authenticated from here on
    done = list(store.get_sync_state(KEY_BUNDLES, []) or [])
    report = BundleReport()
    if header.bundle_id in done:
        report.already_imported = True
        return report
    try:
        epoch = str(doc["epoch"])
        results = [protocol.PushItem.from_dict(r) for r in doc["results"]]
        if not isinstance(doc["changes"], list):
            raise TypeError("changes is not a list")
        # documents, not parsed here: the store checks each one (see above)
        changes = [c.get("change") if isinstance(c, dict) else c for c in doc["changes"]]
        from_cursor, next_cursor = int(doc["from_cursor"]), int(doc["next_cursor"])
        forms = [protocol.PublishedForm.from_dict(f) for f in doc.get("forms", [])]
        catalogs = [protocol.PublishedCatalog.from_dict(c) for c in doc.get("catalogs", [])]
        report.more = bool(doc.get("more", False))
        skew = _skew_bound(doc)
    except (KeyError, TypeError, ValueError, protocol.ProtocolError, MalformedChange) as exc:
        raise BundleError(f"the reply bundle content is not valid: {exc}") from None
    if header.version == LEGACY_VERSION and isinstance(doc.get("server_keys"), dict):
        _pin_from_reply(store, doc["server_keys"])  # first contact by USB
    epoch_changed = check_epoch(store, epoch)
    waiting = {c.change_id for c in store.pending_changes(10_000_000)}
    ok = [r.change_id for r in results if r.confirmed and r.change_id in waiting]
    if ok:
        store.confirm_changes(ok, epoch)
    report.confirmed = len(ok)
    _restamp_or_quarantine(store, results, waiting, skew, report)
    cursor = store.get_sync_state(KEY_CURSOR)
    # Move the cursor only when the reply continues from where this device is (or when
    # it has no cursor yet); otherwise the changes still apply (merging is idempotent).
    fresh = (cursor is None or isinstance(cursor, dict)) and from_cursor == 0
    follows = isinstance(cursor, int) and from_cursor <= cursor < next_cursor
    new_cursor: Any = next_cursor if not epoch_changed and (fresh or follows) else None
    result = store.apply_remote_changes(changes, new_cursor)
    report.errors += save_forms(store, forms) + save_catalogs(store, catalogs)
    report.pulled = len(changes)
    report.applied = int(getattr(result, "applied", 0))
    report.conflicts = int(getattr(result, "conflicts", 0))
    report.set_aside = int(getattr(result, "set_aside", 0))
    report.changed = getattr(result, "changed", None) or Changed()
    done.append(header.bundle_id)
    store.set_sync_state(KEY_BUNDLES, done[-500:])
    return report


def _skew_bound(doc: dict[str, Any]) -> int | None:
    """The server's clock minus this computer's, at most (None: an older server's reply)."""
    server_time, created = doc.get("server_time"), doc.get("request_created")
    if type(server_time) is not int or type(created) is not int:
        return None
    return server_time - created


def _restamp_or_quarantine(
    store: ReplicaStore,
    results: list[protocol.PushItem],
    waiting: set[str],
    skew: int | None,
    report: BundleReport,
) -> None:
    """``refusals.settle``, remembering across imports what was re-stamped already."""
    tried = set(store.get_sync_state(KEY_BUNDLE_RESTAMPED, []) or [])
    done = refusals.settle(store, results, waiting, tried, skew, bound=True)
    if done.restamp:
        report.restamped = done.restamped
        kept = [cid for cid in tried if cid in waiting] + done.restamp
        store.set_sync_state(KEY_BUNDLE_RESTAMPED, kept[-10_000:])
    report.quarantined += done.quarantined


def _pin_from_reply(store: ReplicaStore, doc: dict[str, Any]) -> None:
    """A format-1 reply (authenticated by the token-derived key) gives the server's keys:
    pin them and mark this device's keys registered, as ``/v1/device-keys`` would."""
    try:
        keys = PublicKeys.from_dict(doc)
    except identity.IdentityError as exc:
        raise BundleError(f"the reply bundle content is not valid: {exc}") from None
    pair = client_identity.device_keys(store)
    if pair is None:
        return  # keys were never sent from here: nothing to pin against
    try:
        client_identity.check_same_server(pinned(store), keys)
    except BadResponse as exc:
        raise BundleError(str(exc)) from None
    client_identity.adopt_server_keys(store, pair, keys)
