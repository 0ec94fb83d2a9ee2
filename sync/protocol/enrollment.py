"""Enrollment: a laptop joins an office with a one-time code and receives its identity.

Owns ``EnrollRequest`` and ``EnrollResponse`` (``POST /v1/enroll``, no authentication;
the device token is returned only here) with ``OfficeInfo``. The answer is validated
completely before the client writes any of it (the device id must be a valid HLC node).

Identities (``sync.identity``): the request carries the device's public keys
(``device_keys``, made by the laptop for this enrollment; the server registers them to
verify and seal USB bundles) and the answer the server's (``server_keys``), which the
laptop pins: revocation orders and published forms and catalogs must be signed by it.
Both are optional on the wire so that older peers keep working; a current client refuses
an answer without ``server_keys``.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from msgspec import Meta

from sync.protocol.base import NO_CONTROL_PATTERN, ClientVersion, IdentityKeys, Message, NodeId

Code = Annotated[str, Meta(min_length=1, max_length=64, pattern=NO_CONTROL_PATTERN)]
DeviceName = Annotated[str, Meta(min_length=1, max_length=120, pattern=NO_CONTROL_PATTERN)]
DeviceNumber = Annotated[int, Meta(ge=1, le=99, description="unique within the office")]


class EnrollRequest(Message, frozen=True, kw_only=True, omit_defaults=True):
    WHAT: ClassVar[str] = "enroll request"
    code: Code
    device_name: DeviceName
    client_version: ClientVersion
    protocol_version: int
    device_keys: IdentityKeys | None = None


class OfficeInfo(Message, frozen=True):
    WHAT: ClassVar[str] = "office"
    office_id: str
    code: str
    name: str


class EnrollResponse(Message, frozen=True, omit_defaults=True):
    WHAT: ClassVar[str] = "enroll response"
    device_id: NodeId  # also the device's HLC node id
    device_number: DeviceNumber  # 1..99, unique within the office (case numbers)
    token: str  # secret, shown once; the server keeps only its SHA-256
    office: OfficeInfo
    users: list[dict[str, Any]]  # [{"user_id", "name", "display_name", "role"}]
    epoch: str
    server_time: int
    server_keys: IdentityKeys | None = None


class DeviceKeysRequest(Message, frozen=True, kw_only=True):
    """``POST /v1/device-keys`` (authenticated): a device enrolled before identities
    existed registers its public keys once; the answer gives the server's keys to pin."""

    WHAT: ClassVar[str] = "device keys"
    keys: IdentityKeys
    client_version: ClientVersion
    protocol_version: int


class DeviceKeysAnswer(Message, frozen=True):
    WHAT: ClassVar[str] = "device keys answer"
    server_keys: IdentityKeys
    epoch: str = ""
    server_time: int = 0
