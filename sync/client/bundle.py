"""USB bundles (sneakernet): the file format, its crypto, and the client's side.

File layout::

    b"CHASQUI-BUNDLE\\n" + header JSON (one line) + b"\\n" + nonce (12 bytes) + ciphertext

The header — ``{"v": 1, "kind": "request"|"reply", "device_id", "bundle_id",
"created"}`` — is in clear (the server needs the device id to find the key) and is the
associated data of AES-256-GCM, so changing any byte of it or of the ciphertext makes
the bundle refused. The payload is zstd-compressed JSON.

Key and threat model: ``key = HKDF-SHA256(ikm = SHA-256(device token), salt =
"chasqui-bundle-v1", info = device id)``. The laptop has the token (inside its
encrypted store); the server keeps only SHA-256 of the token, which is exactly the
input key material, so neither side stores anything new. Someone who finds the USB
stick learns only the device id, bundle id and creation time: without the token they
can neither read nor forge nor alter a bundle. Someone who has the server database can
forge bundles for its devices — they already hold all the office's data. A replayed
bundle is harmless: pushes are idempotent by change id and a reply applies idempotently
(the client also remembers imported bundle ids).

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import zstandard
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync import protocol
from sync.changes import Change, Changed, MalformedChange
from sync.client.catalogs import catalog_versions, form_versions, save_catalogs, save_forms
from sync.client.engine import check_epoch
from sync.client.errors import BundleError, NotEnrolled
from sync.client.ports import KEY_BUNDLES, KEY_CURSOR, KEY_TOKEN, ReplicaStore
from sync.client.transport import CLIENT_VERSION
from sync.errors import atomic_write

MAGIC = b"CHASQUI-BUNDLE\n"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 256 * 1024 * 1024
MAX_PAYLOAD_BYTES = 1024 * 1024 * 1024
REQUEST, REPLY = "request", "reply"


def token_hash(token: str) -> str:
    """SHA-256 of the device token (what the server stores)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def bundle_key(token_sha256_hex: str, device_id: str) -> bytes:
    """The AES-256 key of a device's bundles (see the module docstring)."""
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


def new_header(kind: str, device_id: str) -> Header:
    return Header(kind, device_id, str(uuid.uuid4()), time.time_ns() // 1_000_000)


def seal(header: Header, payload: Any, key: bytes) -> bytes:
    head = header.to_bytes()
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    nonce = secrets.token_bytes(12)
    body = AESGCM(key).encrypt(
        nonce, zstandard.ZstdCompressor(level=10).compress(raw), MAGIC + head
    )
    return MAGIC + head + b"\n" + nonce + body


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
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BundleError("the bundle header is damaged") from None
    if header.version != FORMAT_VERSION:
        raise BundleError(f"bundle format {header.version} is not supported (update Chasqui)")
    if header.kind not in (REQUEST, REPLY):
        raise BundleError("the bundle header is damaged")
    return header, head, rest


def open_sealed(data: bytes, key: bytes) -> tuple[Header, Any]:
    header, head, rest = read_header(data)
    if len(rest) < 12 + 16:
        raise BundleError("the bundle is truncated")
    try:
        packed = AESGCM(key).decrypt(rest[:12], rest[12:], MAGIC + head)
    except InvalidTag:
        raise BundleError(
            "the bundle was altered, damaged, or made for another device: refused"
        ) from None
    try:
        reader = zstandard.ZstdDecompressor().stream_reader(packed)
        raw = bytearray()
        while chunk := reader.read(1 << 20):
            raw += chunk
            if len(raw) > MAX_PAYLOAD_BYTES:
                raise BundleError("the bundle is too large")
        return header, json.loads(bytes(raw).decode("utf-8"))
    except (zstandard.ZstdError, ValueError, UnicodeDecodeError):
        raise BundleError("the bundle content is damaged") from None


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
    already_imported: bool = False
    more: bool = False  # the server has more changes: carry another bundle
    errors: list[str] = field(default_factory=list)
    changed: Changed = field(default_factory=Changed)  # records the import altered


def _client_key(store: ReplicaStore) -> bytes:
    token = store.get_sync_state(KEY_TOKEN)
    if not token:
        raise NotEnrolled("this device is not enrolled: a bundle needs an enrolled device")
    return bundle_key(token_hash(str(token)), store.device_id)


def export_bundle(store: ReplicaStore, path: Path, limit: int = 100_000) -> BundleReport:
    """Write an encrypted bundle of the pending changes for the server."""
    key = _client_key(store)
    changes = store.pending_changes(limit)
    cursor = store.get_sync_state(KEY_CURSOR)
    header = new_header(REQUEST, store.device_id)
    payload = {
        "device_id": store.device_id,
        "client_version": CLIENT_VERSION,
        "protocol_version": protocol.PROTOCOL_VERSION,
        "form_versions": form_versions(store),
        "catalog_versions": catalog_versions(store),
        "changes": [c.to_dict() for c in changes],
        "cursor": cursor if isinstance(cursor, int) else 0,
    }
    atomic_write(Path(path), seal(header, payload, key))
    return BundleReport(exported=len(changes))


def import_bundle(store: ReplicaStore, path: Path) -> BundleReport:
    """Apply a reply bundle from the server (idempotent)."""
    key = _client_key(store)
    header, doc = open_sealed(read_file(Path(path)), key)
    if header.kind != REPLY:
        raise BundleError("this is a bundle for the server, not a reply: give it to the admin")
    if header.device_id != store.device_id:
        raise BundleError("this reply bundle is for another device")
    done = list(store.get_sync_state(KEY_BUNDLES, []) or [])
    report = BundleReport()
    if header.bundle_id in done:
        report.already_imported = True
        return report
    try:
        epoch = str(doc["epoch"])
        results = [protocol.PushItem.from_dict(r) for r in doc["results"]]
        changes = [Change.from_dict(c["change"]) for c in doc["changes"]]
        from_cursor, next_cursor = int(doc["from_cursor"]), int(doc["next_cursor"])
        forms = [protocol.PublishedForm.from_dict(f) for f in doc.get("forms", [])]
        catalogs = [protocol.PublishedCatalog.from_dict(c) for c in doc.get("catalogs", [])]
        report.more = bool(doc.get("more", False))
    except (KeyError, TypeError, ValueError, protocol.ProtocolError, MalformedChange) as exc:
        raise BundleError(f"the reply bundle content is not valid: {exc}") from None
    epoch_changed = check_epoch(store, epoch)
    waiting = {c.change_id for c in store.pending_changes(10_000_000)}
    ok = [r.change_id for r in results if r.confirmed and r.change_id in waiting]
    if ok:
        store.confirm_changes(ok, epoch)
    report.confirmed = len(ok)
    for item in results:
        if item.status == protocol.REJECTED and item.change_id in waiting:
            store.quarantine_change(
                item.change_id, item.code or "rejected", item.reason or "rejected"
            )
            report.quarantined += 1
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
    report.changed = getattr(result, "changed", None) or Changed()
    done.append(header.bundle_id)
    store.set_sync_state(KEY_BUNDLES, done[-500:])
    return report
