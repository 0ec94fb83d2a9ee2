"""Server side of USB bundles and the restored-backup epoch: ``chasqui-server bundle
import FILE --reply OUT`` and ``chasqui-server epoch renew``.

Owns relaying a device's request bundle (format and crypto in ``sync.client.bundle``):
find the device by the header's device id, verify the bundle with the device's
registered public key and open it with the server's identity (format 2; format 1, the
token-derived key, only for a device that has no keys yet — its request then registers
them and the reply carries the server's keys), refuse a revoked device or a tampered
file, push the changes exactly as
``/v1/sync`` would (idempotent by change id), and write a reply bundle with the
per-change results and the office's changes after the device's cursor (up to
``REPLY_LIMIT``; ``more`` tells the device to carry another bundle).

``renew_epoch`` gives the database a new epoch. Run it right after restoring a backup
(``chasqui-server epoch renew``): every client then re-sends what it had confirmed and
pulls again from the start, so nothing accepted after the backup is lost.

The relay's modules (the client's bundle format, push, pull) are imported by the
functions that use them: ``add_commands`` is part of every ``chasqui-server`` start.
"""

from __future__ import annotations

import argparse
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from sync.errors import StorageUnavailable, atomic_write
from sync.server import schema
from sync.server.db import Database, now_ms

if TYPE_CHECKING:
    from sync.server.push import DeviceContext

REPLY_LIMIT = 20_000


@dataclass
class ImportResult:
    device_id: str
    accepted: int
    duplicates: int
    rejected: int
    sent_back: int
    more: bool


def import_bundle(db: Database, source: Path, reply: Path) -> ImportResult:
    """Relay a request bundle and write the reply bundle; raises ``BundleError``."""
    from sync import protocol
    from sync.client import bundle
    from sync.client.errors import BundleError
    from sync.server import identity as server_identity
    from sync.server import pull
    from sync.server.catalogs import catalogs_newer_than
    from sync.server.formcheck import FormChecker
    from sync.server.push import DeviceContext, PushProcessor

    data = bundle.read_file(Path(source))
    header, _, _ = bundle.read_header(data)
    if header.kind != bundle.REQUEST:
        raise BundleError("this is a reply bundle: import it on the device, not the server")
    d, o = schema.devices.c, schema.offices.c
    with db.read() as conn:
        row = conn.execute(
            select(
                d.id,
                d.office_id,
                d.number,
                d.revoked_at,
                d.token_hash,
                d.sign_key,
                d.box_key,
                o.code,
            )
            .join(schema.offices, o.id == d.office_id)
            .where(d.id == header.device_id)
        ).first()
    if row is None:
        raise BundleError("the bundle comes from a device this server does not know")
    server = server_identity.of(db)
    legacy_key = b""
    if header.version == bundle.FORMAT_VERSION:
        if row.sign_key is None:
            raise BundleError("the bundle comes from a device without registered keys: refused")
        _, doc = bundle.open_signed(data, server, row.sign_key)
    elif row.sign_key is not None:
        raise BundleError(
            "this device has keys: its bundles must be signed (format 2); update Chasqui "
            "on the laptop and export the bundle again"
        )
    else:
        legacy_key = bundle.bundle_key(row.token_hash, row.id)
        _, doc = bundle.open_sealed(data, legacy_key)
    if row.revoked_at is not None:
        raise BundleError("the bundle comes from a revoked device: refused")
    try:
        batch = protocol.PushBatch.from_dict(
            {k: doc[k] for k in ("device_id", "client_version", "protocol_version")}
            | {"changes": protocol.ChangeBlock.of_docs(doc["changes"]).to_dict()}
            | {"form_versions": doc.get("form_versions", {})}
            | {"catalog_versions": doc.get("catalog_versions", {})},
        )
        cursor = int(doc.get("cursor") or 0)
    except (KeyError, TypeError, ValueError, protocol.ProtocolError) as exc:
        raise BundleError(f"the bundle content is not valid: {exc}") from None
    if batch.device_id != row.id:
        raise BundleError("the bundle's changes are not from the device that sealed it")
    device = DeviceContext(row.id, row.office_id, row.code, int(row.number))
    if legacy_key:  # first contact by USB: register the device's new keys
        _register_legacy_keys(db, device, doc.get("device_keys"))
    pusher = PushProcessor(db, FormChecker(db))
    results: list[protocol.PushItem] = []
    docs = batch.changes.docs()
    for start in range(0, len(docs), protocol.MAX_PUSH_CHANGES):
        results += pusher.push(device, docs[start : start + protocol.MAX_PUSH_CHANGES])
    with db.read() as conn:
        changes, next_cursor, more = pull.pull_changes(conn, device, cursor, REPLY_LIMIT)
        forms = pull.forms_newer_than(conn, batch.form_versions)
        catalogs = catalogs_newer_than(conn, batch.catalog_versions, device.office_code)
    forms, catalogs = server_identity.signed(db, forms), server_identity.signed(db, catalogs)
    payload = {
        "in_reply_to": header.bundle_id,
        "results": [r.to_dict() for r in results],
        "changes": [
            protocol.PulledChange(seq, c if isinstance(c, dict) else c.to_dict()).to_dict()
            for seq, c in changes
        ],
        "from_cursor": cursor,
        "next_cursor": next_cursor,
        "more": more,
        "forms": [f.to_dict() for f in forms],
        "catalogs": [c.to_dict() for c in catalogs],
        "epoch": db.epoch,
        "server_time": now_ms(),
        "request_created": header.created,  # bounds the laptop's clock skew (client side)
    }
    if legacy_key:
        payload["server_keys"] = server.public.to_dict()
        sealed = bundle.seal(
            bundle.new_header(bundle.REPLY, row.id, bundle.LEGACY_VERSION), payload, legacy_key
        )
    else:
        sealed = bundle.seal_signed(
            bundle.new_header(bundle.REPLY, row.id), payload, server, row.box_key
        )
    atomic_write(Path(reply), sealed)
    return ImportResult(
        device_id=row.id,
        accepted=sum(1 for r in results if r.status == protocol.ACCEPTED),
        duplicates=sum(1 for r in results if r.status == protocol.DUPLICATE),
        rejected=sum(1 for r in results if r.status == protocol.REJECTED),
        sent_back=len(changes),
        more=more,
    )


def _register_legacy_keys(db: Database, device: DeviceContext, keys: object) -> None:
    if keys is None:
        return
    from sync import protocol
    from sync.client.errors import BundleError
    from sync.server import auth

    try:
        auth.register_device_keys(db, device, protocol.IdentityKeys.from_dict(keys))
    except protocol.ProtocolError as exc:
        raise BundleError(f"the bundle's device keys are not valid: {exc.message}") from None


def renew_epoch(db: Database) -> str:
    """Give the database a new epoch (after restoring a backup). Returns it."""
    epoch = secrets.token_hex(16)
    m = schema.server_meta.c
    with db.write() as conn:
        conn.execute(schema.server_meta.update().where(m.key == "epoch").values(value=epoch))
    db._epoch = epoch
    return epoch


def add_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register ``bundle import`` and ``epoch renew`` into the server CLI."""
    group = sub.add_parser("bundle", help="USB bundles from devices without a link")
    actions = group.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", parents=[common], help="relay a device's bundle")
    imp.add_argument("file", type=Path)
    imp.add_argument("--reply", required=True, type=Path, help="reply bundle to write")
    epoch = sub.add_parser("epoch", help="the database epoch")
    epoch_actions = epoch.add_subparsers(dest="action", required=True)
    epoch_actions.add_parser(
        "renew", parents=[common], help="after restoring a backup: clients re-send"
    )


def run_command(args: argparse.Namespace, db: Database) -> int:
    """Run ``bundle import`` / ``epoch renew``; returns the exit code."""
    import sys

    from sync.client.errors import BundleError

    if args.command == "epoch":
        renew_epoch(db)
        print("new epoch set: devices will re-send what this database lacks")
        return 0
    try:
        done = import_bundle(db, args.file, args.reply)
    except (BundleError, StorageUnavailable) as exc:
        print(f"chasqui-server: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"device {done.device_id}: {done.accepted} accepted, {done.duplicates} already here, "
        f"{done.rejected} rejected; reply carries {done.sent_back} change(s) -> {args.reply}"
        + (" (more waiting: relay another bundle)" if done.more else "")
    )
    return 0
