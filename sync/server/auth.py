"""Device authentication and enrollment: one-time codes, device tokens, rate limits.

Owns secrets handling on the server. Tokens and enrollment codes are random (32 bytes;
10 base-32 characters), so a plain SHA-256 is a sound way to store them: only the hash
is kept, the secret is shown once. Failed enrollment attempts are counted in the
database per client address and per code (``EnrollLimiter``), shared by all workers.

Identities: a device's public keys (``sync.identity``) are registered at enrollment, or
once on first contact by a device enrolled before keys existed
(``register_device_keys``); a revoked device's requests fail with ``RevokedDevice``,
whose answer carries the revocation order signed by the server
(``sync.server.identity``), the only revocation a client acts on.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from sync import identity
from sync.protocol import ErrorCode, IdentityKeys, ProtocolError, RevocationOrder, error_body
from sync.server import bulk, schema
from sync.server import identity as server_identity
from sync.server.db import Database, now_ms
from sync.server.push import DeviceContext

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 10
MAX_DEVICE_NUMBER = 99  # two digits in case numbers
LAST_SEEN_EVERY_MS = 60_000


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return sha256_hex(normalize_code(code))


class EnrollLimiter:
    """Failed enrollment attempts counted in the database, per client address and per code.

    Only failures count and there is no global budget, so a flood of wrong codes from a
    few addresses blocks those addresses (and codes tried too often), never a genuine code
    from elsewhere. The counts live in ``enroll_attempts``: every worker process sees
    them, and a restart does not reset them. Rows older than the window are pruned when a
    failure is recorded.
    """

    def __init__(self, db: Database, per_address: int, per_code: int, window_s: float) -> None:
        self.db = db
        self.per_address = per_address
        self.per_code = per_code
        self.window_ms = int(window_s * 1000)

    def check(self, address: str, code: str, now: int | None = None) -> None:
        """``ProtocolError(rate_limited)`` if this address or this code failed too often."""
        a = schema.enroll_attempts.c
        since = (now_ms() if now is None else now) - self.window_ms
        with self.db.read() as conn:
            by_address = conn.execute(
                select(func.count()).where(a.address == address[:64], a.at > since)
            ).scalar_one()
            by_code = conn.execute(
                select(func.count()).where(a.code_hash == hash_code(code), a.at > since)
            ).scalar_one()
        if by_address >= self.per_address or by_code >= self.per_code:
            raise ProtocolError(ErrorCode.RATE_LIMITED, "too many enrollment attempts; wait")

    def failed(self, address: str, code: str, now: int | None = None) -> None:
        t = now_ms() if now is None else now
        a = schema.enroll_attempts.c
        with self.db.write() as conn:
            conn.execute(schema.enroll_attempts.delete().where(a.at <= t - self.window_ms))
            conn.execute(
                schema.enroll_attempts.insert().values(
                    address=address[:64], code_hash=hash_code(code), at=t
                )
            )


@dataclass(frozen=True)
class Enrollment:
    device_id: str
    device_number: int
    token: str
    office_id: str
    office_code: str
    office_name: str


def issue_code(db: Database, office_id: str, ttl_s: int) -> str:
    code = new_code()
    now = now_ms()
    with db.write() as conn:
        conn.execute(
            schema.enrollment_codes.insert().values(
                code_hash=hash_code(code),
                office_id=office_id,
                created_at=now,
                expires_at=now + ttl_s * 1000,
            )
        )
    return code


def enroll(
    db: Database,
    code: str,
    device_name: str,
    client_version: str,
    keys: IdentityKeys | None = None,
) -> Enrollment:
    """Redeem a one-time code: a new device with its number, secret token and (when the
    laptop sent them) its public keys."""
    checked = _valid_keys(keys)
    invalid = ProtocolError(ErrorCode.INVALID_CODE, "enrollment code is unknown, used or expired")
    ec = schema.enrollment_codes.c
    token = new_token()
    device_id = uuid.uuid4().hex
    now = now_ms()
    with db.write() as conn:
        row = conn.execute(
            select(ec.office_id, ec.expires_at, ec.used_at).where(ec.code_hash == hash_code(code))
        ).first()
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise invalid
        number = _next_device_number(conn, row.office_id)
        conn.execute(
            schema.devices.insert().values(
                id=device_id,
                office_id=row.office_id,
                number=number,
                name=device_name,
                token_hash=sha256_hex(token),
                client_version=client_version,
                enrolled_at=now,
                last_seen_at=now,
                sign_key=checked.sign if checked else None,
                box_key=checked.box if checked else None,
            )
        )
        used = conn.execute(
            schema.enrollment_codes.update()
            .where(ec.code_hash == hash_code(code), ec.used_at.is_(None))
            .values(used_at=now, device_id=device_id)
        )
        if used.rowcount != 1:
            raise invalid
        o = schema.offices.c
        office = conn.execute(select(o.code, o.name).where(o.id == row.office_id)).one()
    return Enrollment(device_id, number, token, row.office_id, office.code, office.name)


def _valid_keys(keys: IdentityKeys | None) -> identity.PublicKeys | None:
    if keys is None:
        return None
    try:
        return identity.PublicKeys.from_dict(keys.to_dict())
    except identity.IdentityError as exc:
        raise ProtocolError(ErrorCode.BAD_REQUEST, f"device_keys: {exc}") from None


def register_device_keys(db: Database, device: DeviceContext, keys: IdentityKeys) -> None:
    """Register the public keys of a device enrolled before keys existed (once: the same
    keys again are fine, other keys are refused — a stolen token cannot swap them)."""
    checked = _valid_keys(keys)
    assert checked is not None
    d = schema.devices.c
    with db.write() as conn:
        row = conn.execute(select(d.sign_key, d.box_key).where(d.id == device.device_id)).one()
        if row.sign_key is None:
            conn.execute(
                schema.devices.update()
                .where(d.id == device.device_id, d.sign_key.is_(None))
                .values(sign_key=checked.sign, box_key=checked.box)
            )
        elif (row.sign_key, row.box_key) != (checked.sign, checked.box):
            raise ProtocolError(
                ErrorCode.FORBIDDEN_SCOPE, "this device already registered other keys"
            )


class RevokedDevice(ProtocolError):
    """403 ``revoked`` with the server's signed order (``RevocationOrder``)."""

    def __init__(self, order: RevocationOrder) -> None:
        super().__init__(
            ErrorCode.REVOKED, "this device was revoked: lock Chasqui and wipe its local data"
        )
        self.order = order

    def to_dict(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.order)


def revocation_order(
    db: Database, device_id: str, office_id: str, revoked_at: int
) -> RevocationOrder:
    """The signed order telling ``device_id`` to lock and wipe itself."""
    fields = {"device_id": device_id, "office_id": office_id, "revoked_at": revoked_at}
    signature = server_identity.of(db).sign(identity.REVOKE, fields)
    return RevocationOrder(device_id, office_id, revoked_at, signature)


def _next_device_number(conn: Connection, office_id: str) -> int:
    d = schema.devices.c
    highest = conn.execute(
        select(func.coalesce(func.max(d.number), 0)).where(d.office_id == office_id)
    ).scalar_one()
    number = int(highest) + 1
    if number > MAX_DEVICE_NUMBER:
        raise ProtocolError(
            ErrorCode.FORBIDDEN_SCOPE, f"the office already has {MAX_DEVICE_NUMBER} devices"
        )
    return number


_d, _o = schema.devices.c, schema.offices.c
# built once (every request authenticates; building the select cost more than running it)
_DEVICE_OF_TOKEN = (
    select(_d.id, _d.office_id, _d.number, _d.revoked_at, _d.last_seen_at, _o.code)
    .join(schema.offices, _o.id == _d.office_id)
    .where(_d.token_hash == bindparam("token_hash"))
)


def authenticate(db: Database, authorization: str | None, mark: bool = True) -> DeviceContext:
    """The device of a ``Bearer`` token, or ProtocolError unauthorized / revoked. Its
    "last seen" stamp, when due, is written here in a write job of its own, or — with
    ``mark=False`` — left to the request's own write job (``DeviceContext.seen_due``,
    ``mark_seen``): a push then waits for one commit, not two."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise ProtocolError(ErrorCode.UNAUTHORIZED, "missing or malformed bearer token")
    with db.read() as conn:
        found = bulk.rows(conn, _DEVICE_OF_TOKEN, {"token_hash": sha256_hex(token)})
    if not found:
        raise ProtocolError(ErrorCode.UNAUTHORIZED, "unknown device token")
    device_id, office_id, number, revoked_at, last_seen_at, code = found[0]
    if revoked_at is not None:
        raise RevokedDevice(revocation_order(db, device_id, office_id, int(revoked_at)))
    due = last_seen_at is None or now_ms() - last_seen_at > LAST_SEEN_EVERY_MS
    if due and mark:
        db.grouped(lambda conn: mark_seen(conn, device_id))  # one commit with concurrent writes
    return DeviceContext(device_id, office_id, code, int(number), due and not mark)


_MARK_SEEN = (
    schema.devices.update()
    .where(_d.id == bindparam("device"))
    .values(last_seen_at=bindparam("at"))
)  # built once, run on the driver (``bulk.run``): a first sync of the day runs it


def mark_seen(conn: Connection, device_id: str) -> None:
    """Stamp the device's ``last_seen_at`` (inside a write job)."""
    bulk.run(conn, _MARK_SEEN, {"device": device_id, "at": now_ms()})
