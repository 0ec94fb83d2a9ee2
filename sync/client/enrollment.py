"""Enrollment: redeem a one-time code, adopt the server's identity, keep the token.

Owns ``enroll(server_url, code, store)``. The answer gives the device its id (also its
HLC node), its number within the office (case numbers), the office, and the secret
device token. The token is stored only inside the encrypted store (sync state
``device_token``), never in a file or a log; the code is never logged either.

Identities (``sync.client.identity``): the laptop makes its own key pair and sends the
public half; the answer must carry the server's keys, which are pinned (and, when the
administrator's fingerprint was given, compared with it) — all checked before anything
is written. ``EnrollResult.fingerprint`` is shown to the defender, who compares it with
what the administrator read from ``chasqui-server enroll-code``.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from typing import Any

from sync import protocol
from sync.client import errors, identity
from sync.client.ports import (
    KEY_CURSOR,
    KEY_ENROLLMENT,
    KEY_EPOCH,
    KEY_SERVER_URL,
    KEY_TOKEN,
    ReplicaStore,
)
from sync.client.transport import CLIENT_VERSION, HttpTransport, Transport


@dataclass(frozen=True)
class EnrollResult:
    device_id: str
    device_number: int
    office_id: str
    office_code: str
    office_name: str
    users: list[dict[str, Any]]
    server_url: str
    fingerprint: str = ""  # the server's, to compare with the administrator's


class AlreadyEnrolled(errors.SyncError):
    """The vault already holds a device token."""


def enroll(
    server_url: str,
    code: str,
    store: ReplicaStore,
    *,
    device_name: str | None = None,
    transport: Transport | None = None,
    client_version: str = CLIENT_VERSION,
    fingerprint: str | None = None,
) -> EnrollResult:
    """Enroll this vault with the server; raises ``InvalidCode``, ``LinkError``, ...;
    ``BadResponse`` (nothing written) when the server shows no identity or, with
    ``fingerprint``, another one."""
    if store.get_sync_state(KEY_TOKEN):
        raise AlreadyEnrolled("this vault is already enrolled with a sync server")
    code = (code or "").strip()
    if not code:
        raise errors.InvalidCode("invalid_code", "the enrollment code is empty", 400)
    own = transport is None
    link: Transport = transport or HttpTransport(server_url)
    pair, device_key = identity.new_device_key()
    try:
        if fingerprint:  # checked before the one-time code is spent
            health = link.call("GET", "/v1/health").message(protocol.Health, "health answer")
            shown = identity.server_keys_of(health.server_keys, "health answer")
            identity.check_fingerprint(shown, fingerprint)
        req = protocol.EnrollRequest(
            code=code,
            device_name=(device_name or platform.node() or "chasqui")[:120],
            client_version=client_version,
            protocol_version=protocol.PROTOCOL_VERSION,
            device_keys=identity.wire_keys(pair.public),
        )
        ex = link.call("POST", "/v1/enroll", req.to_dict())
        answer = ex.message(protocol.EnrollResponse, "enrollment answer")
    finally:
        if own:
            link.close()
    server_keys = identity.server_keys_of(answer.server_keys, "enrollment answer")
    identity.check_fingerprint(server_keys, fingerprint)
    result = EnrollResult(
        device_id=answer.device_id,
        device_number=answer.device_number,
        office_id=answer.office.office_id,
        office_code=answer.office.code,
        office_name=answer.office.name,
        users=answer.users,
        server_url=server_url.rstrip("/"),
        fingerprint=server_keys.fingerprint,
    )
    # One transaction: the server's identity and the token are stored together, so a
    # crash leaves the vault either as it was or fully enrolled (never half-enrolled).
    store.adopt_identity(
        answer.device_id,
        answer.device_number,
        answer.office.office_id,
        answer.office.code,
        state={
            KEY_TOKEN: answer.token,
            KEY_SERVER_URL: result.server_url,
            KEY_EPOCH: answer.epoch,
            KEY_CURSOR: None,
            KEY_ENROLLMENT: {k: v for k, v in result.__dict__.items() if k != "users"},
            identity.KEY_SERVER_KEYS: server_keys.to_dict(),
            identity.KEY_DEVICE_KEY: device_key,
        },
    )
    return result
